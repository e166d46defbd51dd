package benchgen

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/quantity"
)

// TestSubstitutionKeepsTheNumbersCheck: the same permutation applied to
// the quantities of a Chinese paragraph and its English keeps them equal
// after 万/亿 conversion, and leaves years, dates and names alone.
func TestSubstitutionKeepsTheNumbersCheck(t *testing.T) {
	zh := "2023年上半年全区完成地区生产总值1712.60亿元，增长4.5%，市场主体共62.46万户，6月30日前引入76个项目，地铁3号线开通。"
	en := "In the first half of 2023 regional GDP reached RMB 171.26 billion, up 4.5%; there were 624,600 market entities; 76 projects were signed by June 30, and Metro Line 3 opened."
	decls := []quantity.NameDecl{{Text: "3", Paragraph: "p1", Reason: "line number"}}
	for seed := range uint64(20) {
		m := newDigitMap(rand.New(rand.NewPCG(seed, 1)))
		zn, _ := quantity.ApplyNames(zh, quantity.ScanZh(zh), decls, false)
		en0, _ := quantity.ApplyNames(en, quantity.ScanEn(en), decls, true)
		z2 := m.applyMask(zh, quantityMask(zh, zn))
		e2 := m.applyByIndex(en, digitIndexMask(en, quantityMask(en, en0)))
		if !strings.Contains(z2, "2023年") || !strings.Contains(z2, "6月30日") || !strings.Contains(z2, "3号线") {
			t.Errorf("seed %d: a year, date or name changed: %s", seed, z2)
		}
		if !strings.Contains(e2, "2023") || !strings.Contains(e2, "June 30") || !strings.Contains(e2, "Line 3") {
			t.Errorf("seed %d: a year, date or name changed: %s", seed, e2)
		}
		zs, _ := quantity.ApplyNames(z2, quantity.ScanZh(z2), decls, false)
		es, _ := quantity.ApplyNames(e2, quantity.ScanEn(e2), decls, true)
		if ms := quantity.Compare(zs, es); len(ms) > 0 {
			t.Errorf("seed %d: %s / %s: %v", seed, z2, e2, ms[0].Detail)
		}
	}
}

func TestDigitMapIsAPermutationFixingZero(t *testing.T) {
	for seed := range uint64(50) {
		m := newDigitMap(rand.New(rand.NewPCG(seed, 2)))
		seen := map[byte]bool{}
		for d := 1; d <= 9; d++ {
			if m[d] < 1 || m[d] > 9 || seen[m[d]] {
				t.Fatalf("seed %d: %v is not a permutation of 1–9", seed, m)
			}
			seen[m[d]] = true
		}
		if m[0] != 0 {
			t.Fatalf("seed %d: 0 maps to %d", seed, m[0])
		}
	}
}

// FuzzDigitMap: substituting changes only digits, keeps every byte offset,
// and the inverse permutation restores the text.
func FuzzDigitMap(f *testing.F) {
	f.Add("上半年1712.60亿元，增长4.5%", uint64(1))
	f.Add("RMB 171.26 billion, ２０２３年", uint64(7))
	f.Add("", uint64(0))
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		if !utf8.ValidString(s) {
			return
		}
		m := newDigitMap(rand.New(rand.NewPCG(seed, 3)))
		var inv digitMap
		for d := range 10 {
			inv[m[d]] = byte(d)
		}
		all := make([]bool, len(s))
		for i := range all {
			all[i] = true
		}
		out := m.applyMask(s, all)
		if len(out) != len(s) {
			t.Fatalf("length %d, want %d", len(out), len(s))
		}
		if back := inv.applyMask(out, all); back != s {
			t.Fatalf("inverse gives %q, want %q", back, s)
		}
		byIndex := m.applyByIndex(s, digitIndexMask(s, all))
		if byIndex != out {
			t.Fatalf("by index %q, by byte %q", byIndex, out)
		}
		for i, r := range s {
			if digitValue(r) < 0 && !strings.HasPrefix(out[i:], string(r)) {
				t.Fatalf("non-digit %q at %d changed", r, i)
			}
		}
	})
}
