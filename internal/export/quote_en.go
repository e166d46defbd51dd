package export

import (
	"math"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"reportsite/internal/dataset"
	"reportsite/internal/quantity"
)

// How quote_en was found.
const (
	// MatchFigure: the English sentence states the same figure, read by
	// internal/quantity's scanners in both languages and compared exactly
	// in base units (1712.60亿元 is "RMB 171.26 billion"). When several
	// sentences do, the one whose position in the paragraph is nearest
	// the Chinese sentence's wins.
	MatchFigure = "figure"
	// MatchPosition: no English sentence states the figure in digits
	// (the translation wrote it in words, or not at all), so the
	// sentence at the Chinese sentence's position is taken (the same
	// index when both paragraphs have as many sentences, else the
	// proportional one).
	MatchPosition = "position"
)

// AlignQuote finds the sentence of the English paragraph en that carries
// the figure in's quote states; zh is the aligned Chinese paragraph (plain
// text) holding the quote. It reports false when the quote is not in zh or
// en is empty.
func AlignQuote(zh, en string, in *dataset.Indicator) (sentence, method string, ok bool) {
	return newScans(nil).alignQuote(zh, en, in)
}

// scans reads the numbers of the paragraphs that AlignQuote reads through
// a memo: a report's paragraphs hold several figures each, and scanning is
// most of the work of aligning one. It keeps the memo's copy of each
// paragraph's numbers for the figures after the first (copying them was
// most of the work left): this package only reads them. Not safe for
// concurrent use.
type scans struct {
	memo   *quantity.Memo
	zh, en map[string][]quantity.Number
}

// newScans uses memo, or a memo of its own when memo is nil.
func newScans(memo *quantity.Memo) *scans {
	if memo == nil {
		memo = new(quantity.Memo)
	}
	return &scans{memo: memo, zh: map[string][]quantity.Number{}, en: map[string][]quantity.Number{}}
}

func (sc *scans) scanZh(text string) []quantity.Number {
	return keep(sc.zh, text, sc.memo.ScanZh)
}

func (sc *scans) scanEn(text string) []quantity.Number {
	return keep(sc.en, text, sc.memo.ScanEn)
}

func keep(seen map[string][]quantity.Number, text string, scan func(string) []quantity.Number) []quantity.Number {
	nums, ok := seen[text]
	if !ok {
		nums = scan(text)
		seen[text] = nums
	}
	return nums
}

func (sc *scans) alignQuote(zh, en string, in *dataset.Indicator) (sentence, method string, ok bool) {
	at := valueOffset(zh, in)
	if at < 0 || strings.TrimSpace(en) == "" {
		return "", "", false
	}
	zhSents := zhSentences(zh)
	k := 0
	for i, s := range zhSents {
		if s.start <= at {
			k = i
		}
	}
	enSents := enSentences(en)
	n := len(enSents)
	// Sentence i of n is as far from sentence k of len(zhSents) as
	// |i/n - k/len(zhSents)|; multiplied out to stay in integers.
	expected := k * n
	best, bestDist := -1, 0
	if want := figureOf(sc.scanZh(zh), at, in); want != nil {
		for _, num := range sc.scanEn(en) {
			if !want.matches(num) {
				continue
			}
			i := 0
			for j, s := range enSents {
				if s.start <= num.DigitStart {
					i = j
				}
			}
			d := abs(i*len(zhSents) - expected)
			if best < 0 || d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	if best >= 0 {
		s := enSents[best]
		return strings.TrimSpace(en[s.start:s.end]), MatchFigure, true
	}
	i := k
	if len(zhSents) != n {
		i = (2*k + 1) * n / (2 * len(zhSents)) // the English sentence under the middle of the Chinese one
	}
	if i >= n {
		i = n - 1
	}
	s := enSents[i]
	return strings.TrimSpace(en[s.start:s.end]), MatchPosition, true
}

// valueOffset is the byte offset of the figure's digits in zh: the
// offsets dataset.Open computed when they hold, else the first occurrence
// of value_text in the quote as a whole number (not the 2 of 2022).
func valueOffset(zh string, in *dataset.Indicator) int {
	if in.Quote == "" {
		return -1
	}
	q := in.QuoteOffset
	if q < 0 || q > len(zh) || !strings.HasPrefix(zh[q:], in.Quote) {
		if q = strings.Index(zh, in.Quote); q < 0 {
			return -1
		}
	}
	if v := in.ValueOffset; v >= q && v < q+len(in.Quote) && in.ValueText != "" && strings.HasPrefix(zh[v:], in.ValueText) {
		return v
	}
	if in.ValueText == "" {
		return q
	}
	quote := in.Quote
	for from := 0; ; {
		k := strings.Index(quote[from:], in.ValueText)
		if k < 0 {
			if k = strings.Index(quote, in.ValueText); k >= 0 {
				return q + k // only inside a longer number: the first occurrence
			}
			return q
		}
		k += from
		end := k + len(in.ValueText)
		if (k == 0 || !isNumberByte(quote[k-1])) && (end == len(quote) || !isNumberByte(quote[end])) {
			return q + k
		}
		from = k + 1
	}
}

// sameClass says whether a Chinese and an English unit class may state the
// same figure. English names counted things freely (a Count) where Chinese
// has a measure word, so a count matches any class; 方 (m² or m³) matches
// square or cubic metres, as in quantity's own comparison.
func sameClass(zh, en quantity.Class) bool {
	switch {
	case zh == en, zh == quantity.Count, en == quantity.Count:
		return true
	case zh == quantity.AreaOrVolume:
		return en == quantity.Area || en == quantity.Volume
	case en == quantity.AreaOrVolume:
		return zh == quantity.Area || zh == quantity.Volume
	}
	return false
}

func isNumberByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

type span struct{ start, end int }

// zhSentences splits Chinese text after 。！？ (and any closing quotes or
// brackets that follow).
func zhSentences(s string) []span {
	return split(s, func(r rune) bool { return r == '。' || r == '！' || r == '？' }, func(rest string) bool { return true })
}

// enSentences splits English text after . ! ? (and closing quotes or
// brackets) when a space and a capital, digit or opening quote follow, or
// at the end. A full stop after a known abbreviation or a single capital
// (U.S.) does not end a sentence.
func enSentences(s string) []span {
	return split(s, func(r rune) bool { return r == '.' || r == '!' || r == '?' }, func(rest string) bool {
		t := strings.TrimLeft(rest, " \u00a0")
		if len(t) == len(rest) {
			return false // no space: 4.5, e.g.x
		}
		r, _ := utf8.DecodeRuneInString(t)
		return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"“‘'(*", r)
	})
}

var abbreviations = map[string]bool{"no": true, "nos": true, "mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "vs": true, "e.g": true, "i.e": true, "approx": true, "co": true, "ltd": true, "inc": true, "jan": true, "feb": true, "aug": true, "sept": true, "oct": true, "nov": true, "dec": true}

func split(s string, isEnd func(rune) bool, ends func(rest string) bool) []span {
	var out []span
	start := 0
	for i, r := range s {
		if !isEnd(r) || i < start {
			continue
		}
		j := i + utf8.RuneLen(r)
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune("\"”’'）)」』*", c) {
				break
			}
			j += n
		}
		if r == '.' && isAbbreviation(s[start:i]) {
			continue
		}
		if j < len(s) && !ends(s[j:]) {
			continue
		}
		out = append(out, span{start, j})
		start = j
	}
	switch {
	case strings.TrimSpace(s[start:]) != "" || len(out) == 0:
		out = append(out, span{start, len(s)})
	case start < len(s):
		out[len(out)-1].end = len(s) // trailing space joins the last sentence
	}
	return out
}

func isAbbreviation(before string) bool {
	w := before[strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })+1:]
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true // an initial: U.S., J. Smith
	}
	if len(w) >= 2 && w[len(w)-2] == '.' && unicode.IsUpper(rune(w[len(w)-1])) {
		return true // U.S.
	}
	return abbreviations[strings.ToLower(w)]
}

// figure is what to look for in English numbers: the value in base units
// and class as quantity.ScanZh reads the figure in the Chinese paragraph
// (1712.60亿元 = 171260000000 CNY, found as "RMB 171.26 billion"); when the
// scanner does not read it there, the figure as written or times its
// multiplier, of any class.
type figure struct {
	class  quantity.Class
	values []*big.Rat
}

func figureOf(zhNumbers []quantity.Number, at int, in *dataset.Indicator) *figure {
	for _, n := range zhNumbers {
		if n.DigitStart == at && n.Value != nil && width.Narrow.String(n.Digits) == width.Narrow.String(in.ValueText) {
			return &figure{class: n.Class, values: []*big.Rat{n.Value}}
		}
	}
	text := strings.ReplaceAll(width.Narrow.String(in.ValueText), ",", "")
	w, ok := rat(text)
	if !arabicRe.MatchString(text) || !ok {
		if w, ok = rat(plainDecimal(math.Abs(in.Value))); !ok {
			return nil
		}
	}
	m, ok := rat(plainDecimal(in.Multiplier))
	if !ok {
		return nil
	}
	return &figure{values: []*big.Rat{w, new(big.Rat).Mul(w, m)}}
}

// matches reports whether an English number states the figure.
func (f *figure) matches(n quantity.Number) bool {
	if n.Value == nil || n.Kind == quantity.Year || n.Kind == quantity.Date || n.Kind == quantity.Ordinal || n.Kind == quantity.Name {
		return false
	}
	if f.class != "" && !sameClass(f.class, n.Class) {
		return false
	}
	for _, v := range f.values {
		if n.Value.Cmp(v) == 0 {
			return true
		}
	}
	return false
}
