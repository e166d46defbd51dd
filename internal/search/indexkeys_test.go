package search

import (
	"slices"
	"testing"
	"unicode/utf16"
)

// scannedKeys runs one keyScanner over texts in turn, as Build does, so
// that buffers left from one text would show in the next.
func scannedKeys(texts ...string) [][]string {
	var k keyScanner
	var out [][]string
	for _, s := range texts {
		var keys []string
		k.scan(s, func(key []byte) { keys = append(keys, string(key)) })
		out = append(out, keys)
	}
	return out
}

func TestKeyScannerMatchesTokenize(t *testing.T) {
	texts := []string{"", "营商环境，GDP增长4.5%", "增 长 ４．５％", "3,007 and 1,2345 and 12,34", "Ｆｏｒｅｉｇｎ trade 5g",
		"工业增加值787.00亿元", "İstanbul ﬁne \u200b增\ufe0f长", "\xff\xfe增长", "a1.b2 .5 5. 1,234,567.89"}
	for _, c := range tokenizeCases {
		texts = append(texts, c.in)
	}
	got := scannedKeys(texts...)
	for i, s := range texts {
		if want := IndexKeys(Tokenize(s)); !slices.Equal(got[i], want) {
			t.Errorf("keys of %q:\n got %q\nwant %q", s, got[i], want)
		}
	}
}

// FuzzKeyScanner compares the scanner with IndexKeys(Tokenize(s)), the
// definition it must keep to, on a text and on the text after it.
func FuzzKeyScanner(f *testing.F) {
	for _, c := range tokenizeCases {
		f.Add(c.in, "增长4.5%")
	}
	f.Add("全区完成地区生产总值1712.60亿元", "Foreign trade fell by 10.2%")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := scannedKeys(a, b)
		for i, s := range []string{a, b} {
			if want := IndexKeys(Tokenize(s)); !slices.Equal(got[i], want) {
				t.Fatalf("keys of %q:\n got %q\nwant %q", s, got[i], want)
			}
		}
	})
}

func FuzzUTF16Len(f *testing.F) {
	f.Add("增长4.5%😀")
	f.Add("\xff\xed\xa0\x80")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := utf16Len(s), len(utf16.Encode([]rune(s))); got != want {
			t.Fatalf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	})
}
