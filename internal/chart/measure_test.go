package chart

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTextWidthByScript(t *testing.T) {
	// A CJK character is an em; Latin letters are narrower; bold is wider.
	if w := TextWidth("地区生产总值", 10, false); w < 60 || w > 63 {
		t.Errorf("six CJK characters at 10: %v, want about 60", w)
	}
	if TextWidth("iiii", 10, false) >= TextWidth("MMMM", 10, false) {
		t.Error("i should be narrower than M")
	}
	if TextWidth("GDP 4.5%", 10, true) <= TextWidth("GDP 4.5%", 10, false) {
		t.Error("bold should be wider")
	}
	if TextWidth("", 10, false) != 0 {
		t.Error("empty text has width")
	}
}

// TestWrapProperties: wrapped lines fit, keep every character in order,
// break English only at spaces and hyphens, and never start a Chinese line
// with closing punctuation or end one with opening punctuation.
func TestWrapProperties(t *testing.T) {
	texts := []string{
		"Output of agriculture, forestry, animal husbandry and fishery",
		"Guangdong “specialised, refined, distinctive and innovative” SMEs",
		"农林牧渔业总产值同比增长5.1%，位居全市前列，市场主体增长快速（截至2023年6月）。",
		"已选用“专职岗”（本届任期核定职数）",
		"Supercalifragilisticexpialidocious-and-even-longer-compound-words",
		"腾退低效建设用地及复垦复绿623.36亩and English mixed 2023年",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("abc defg，。（）“”地区生产总值-1234567890 %、")
	for i := 0; i < 300; i++ {
		n := 1 + rng.IntN(60)
		var b strings.Builder
		for j := 0; j < n; j++ {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		texts = append(texts, b.String())
	}
	curated := 6 // the punctuation rules are checked on real text; random strings of punctuation cannot satisfy them
	for k, s := range texts {
		for _, max := range []float64{30, 60, 100, 150, 400} {
			lines := Wrap(s, max, 14, false)
			norm := strings.Join(strings.Fields(s), " ")
			joined := strings.Join(lines, "")
			if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(norm, " ", "") {
				t.Fatalf("Wrap(%q, %v) = %q lost or reordered text", s, max, lines)
			}
			for i, l := range lines {
				if TextWidth(l, 14, false) > max && utf8.RuneCountInString(l) > 1 {
					t.Fatalf("Wrap(%q, %v): line %q is %.1f wide", s, max, l, TextWidth(l, 14, false))
				}
				if l == "" || l != strings.TrimSpace(l) {
					t.Fatalf("Wrap(%q, %v): line %q is empty or padded", s, max, l)
				}
				if max < 60 || k >= curated {
					continue // narrower than four characters, the punctuation rules may have to yield
				}
				first, _ := utf8.DecodeRuneInString(l)
				lastR, _ := utf8.DecodeLastRuneInString(l)
				if i > 0 && noLineStart(first) && TextWidth(l, 14, false) <= max && !forced(lines, i, max) {
					t.Fatalf("Wrap(%q, %v): line %q starts with closing punctuation", s, max, l)
				}
				if i < len(lines)-1 && noLineEnd(lastR) && !forced(lines, i+1, max) {
					t.Fatalf("Wrap(%q, %v): line %q ends with opening punctuation", s, max, l)
				}
			}
		}
	}
	// English breaks at spaces: no word is cut when the line has room.
	lines := Wrap("Output of agriculture, forestry, animal husbandry and fishery", 200, 14, false)
	for _, l := range lines {
		for _, w := range strings.Fields(l) {
			if !strings.Contains("Output of agriculture, forestry, animal husbandry and fishery", w) {
				t.Errorf("word cut: %q in %q", w, lines)
			}
		}
	}
}

// forced says whether line i was cut between characters because one unit
// did not fit (the last resort, where the punctuation rules yield).
func forced(lines []string, i int, max float64) bool {
	prev := lines[i-1]
	return TextWidth(prev+string([]rune(lines[i])[0]), 14, false) > max && !strings.Contains(prev, " ")
}
