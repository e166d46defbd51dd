package site

import (
	"regexp"
	"testing"
)

// The regular expression englishSentence replaces, as the oracle.
var enSentenceEnd = regexp.MustCompile(`[.!?](\s|$)`)

func englishSentenceByRegexp(text string, a, b int) (start, end int) {
	start, end = 0, len(text)
	for _, m := range enSentenceEnd.FindAllStringIndex(text, -1) {
		if m[1] <= a {
			start = m[1]
		} else if m[0] >= b {
			end = m[0] + 1
			break
		}
	}
	return start, end
}

func FuzzEnglishSentence(f *testing.F) {
	for _, s := range []string{
		"GDP grew by 4.5%. Exports fell 2.1%! Why? Because.",
		"One.  Two.\tThree.\nFour.",
		"No end",
		"...",
		"Ends with a figure 5.1%.",
		"a.b. c.d? e!",
	} {
		f.Add(s, 3, 8)
	}
	f.Fuzz(func(t *testing.T, text string, a, b int) {
		if len(text) == 0 {
			return
		}
		a = (a%len(text) + len(text)) % len(text)
		b = (b%len(text) + len(text)) % len(text)
		if a > b {
			a, b = b, a
		}
		gs, ge := englishSentence(text, a, b)
		ws, we := englishSentenceByRegexp(text, a, b)
		if gs != ws || ge != we {
			t.Fatalf("englishSentence(%q, %d, %d) = %d, %d; the regexp gives %d, %d", text, a, b, gs, ge, ws, we)
		}
	})
}
