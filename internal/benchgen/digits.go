package benchgen

import (
	"math/rand/v2"
	"unicode/utf8"

	"reportsite/internal/quantity"
)

// digitMap is a permutation of the digits 1–9 with 0 fixed. Applied to every
// digit of a quantity, it keeps what the checks compare consistent: 1712.60亿元
// and "RMB 171.26 billion" stay the same value (0 is fixed, so 万/亿 shifts,
// trailing zeros and thousands separators survive), and a value_text stays
// a whole number of its quote. Years, dates and declared names are left
// alone: they are not quantities.
type digitMap [10]byte

func newDigitMap(rng *rand.Rand) digitMap {
	var m digitMap
	for i, p := range rng.Perm(9) {
		m[i+1] = byte(p + 1)
	}
	return m
}

// digitValue returns the value of an ASCII or full-width digit, or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// mapDigit maps one digit rune, keeping its width.
func (m digitMap) mapDigit(r rune) rune {
	switch {
	case r >= '0' && r <= '9':
		return '0' + rune(m[r-'0'])
	case r >= '０' && r <= '９':
		return '０' + rune(m[r-'０'])
	}
	return r
}

// substitutable says whether a scanned number is a quantity whose digits
// may change: not a year, a date, an ordinal or a declared name.
func substitutable(n quantity.Number) bool {
	switch n.Kind {
	case quantity.Quantity, quantity.RangePart, quantity.RatioPart:
	default:
		return false
	}
	switch n.Class {
	case quantity.CalendarYear, quantity.Calendar, quantity.Label, quantity.Rank:
		return false
	}
	return true
}

// quantityMask marks, per byte of text, the digits of the substitutable
// numbers among nums (scanned from text, names applied).
func quantityMask(text string, nums []quantity.Number) []bool {
	mask := make([]bool, len(text))
	for _, n := range nums {
		if !substitutable(n) {
			continue
		}
		end := min(n.DigitStart+len(n.Digits), len(text))
		for i := n.DigitStart; i < end; i++ {
			mask[i] = true
		}
	}
	return mask
}

// applyMask maps the digits of text whose first byte is marked in mask.
func (m digitMap) applyMask(text string, mask []bool) string {
	out := []byte(text)
	for i, r := range text {
		if !mask[i] || digitValue(r) < 0 {
			continue
		}
		utf8.EncodeRune(out[i:], m.mapDigit(r)) // same width: ASCII to ASCII, full-width to full-width
	}
	return string(out)
}

// digitIndexMask turns a byte mask of text into a mask over its digits,
// in order: the nth digit of text is marked when its byte is.
func digitIndexMask(text string, mask []bool) []bool {
	var out []bool
	for i, r := range text {
		if digitValue(r) >= 0 {
			out = append(out, mask[i])
		}
	}
	return out
}

// digitSequence returns the digits of s in order.
func digitSequence(s string) []int {
	var out []int
	for _, r := range s {
		if d := digitValue(r); d >= 0 {
			out = append(out, d)
		}
	}
	return out
}

// applyByIndex maps the nth digit of s when byIndex[n] is set. Markdown
// and its plain text hold the same digits in the same order (markup has
// none), so a mask computed on the plain text applies to the source.
func (m digitMap) applyByIndex(s string, byIndex []bool) string {
	out := []byte(s)
	n := 0
	for i, r := range s {
		if digitValue(r) < 0 {
			continue
		}
		if n < len(byIndex) && byIndex[n] {
			utf8.EncodeRune(out[i:], m.mapDigit(r))
		}
		n++
	}
	return string(out)
}

// mapNumberText maps every digit of a written figure ("1712.60").
func (m digitMap) mapNumberText(s string) string {
	out := []rune(s)
	for i, r := range out {
		out[i] = m.mapDigit(r)
	}
	return string(out)
}
