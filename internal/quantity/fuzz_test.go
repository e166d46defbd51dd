package quantity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"上半年全区完成地区生产总值1712.60亿元，增长4.5%，增速较2022年全年回升2.3个百分点，三次产业结构为1.9：49.6：48.5。",
	"市场主体共62.46万户，同比增加33.52%，约46万平方米，近10场，超200项，20余个，90%以上，2022-2023学年，1-6月，6月30日",
	"GDP reached RMB 171.26 billion, up 4.5%, 624,600 entities, 1.25 million, 2.3 percentage points, 12,000 mu, 1.9:49.6:48.5",
	"the 20th CPC National Congress, June 30, 2022-2023, -13.1%, fell by 10.2%, over USD 10 million, 3km, 5G, PM2.5",
	"1,", "1.", ".1", "-", "1-", "1：", "1,000,", "1,0000", "１２.３４％", "第", "第1", "9月31日", "2023-", "30%-", "RMB", "RMB 1 per person per month",
	"\xff1\xfe2", "１", "\xef\xbc", "1\xef\xbc",
}

func FuzzScanZh(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ns := ScanZh(text)
		checkOffsets(t, text, ns)
		checkOrder(t, text, ns)
		Compare(ns, ScanEn(text))
	})
}

func FuzzScanEn(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ns := ScanEn(text)
		checkOffsets(t, text, ns)
		checkOrder(t, text, ns)
		// A number compared with itself never mismatches.
		if ms := Compare(ns, ns); len(ms) != 0 {
			t.Fatalf("%q compared with itself: %s", text, details(ms))
		}
	})
}

// checkOrder: numbers come in text order, and every digit of valid
// UTF-8 text that is not part of an identifier is read.
func checkOrder(t *testing.T, text string, ns []Number) {
	t.Helper()
	for i := 1; i < len(ns); i++ {
		if ns[i].DigitStart <= ns[i-1].DigitStart {
			t.Fatalf("%q: numbers out of order at %d", text, i)
		}
	}
	if !utf8.ValidString(text) || strings.ContainsAny(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return
	}
	read := 0
	for _, n := range ns {
		read += len(n.Digits)
	}
	if read == 0 && strings.ContainsAny(text, "0123456789") {
		t.Fatalf("%q: digits but no number read", text)
	}
}

// reportText is the plain text of the real report, for benchmarks.
func reportText(tb testing.TB, lang string) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", lang, "*.md"))
	if len(files) == 0 {
		tb.Skip("no content")
	}
	var paras []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l != "" && !strings.HasPrefix(l, "{#") && !strings.HasPrefix(l, "+++") {
				paras = append(paras, l)
			}
		}
	}
	return paras
}

func BenchmarkScanZh(b *testing.B) {
	paras := reportText(b, "zh")
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paras {
			ScanZh(p)
		}
	}
}

func BenchmarkScanEn(b *testing.B) {
	paras := reportText(b, "en")
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paras {
			ScanEn(p)
		}
	}
}
