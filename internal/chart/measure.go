package chart

import (
	"strings"
	"unicode"
)

// Text is measured, not laid out by the browser, because an SVG drawn at
// build time has to know where a label ends before any font is loaded. The
// widths below are deliberately on the wide side: a label that renders
// narrower than measured leaves a little space; one that renders wider
// would overlap its neighbour.
//
// latinWidth[c-32] is the advance of ASCII character c in hundredths of an
// em: the largest of DejaVu Sans, Liberation Sans (Arial's metrics) and the
// Latin glyphs of Noto Sans CJK SC, measured with canvas measureText in
// Chromium. These are the widest fonts the page's font stacks resolve to on
// common systems (Segoe UI, San Francisco, Roboto and PingFang are narrower).
var latinWidth = [95]uint8{
	32, 40, 47, 84, 64, 95, 78, 28, 39, 39, 50, 84, 32, 36, 32, 39, // space … /
	64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 56, // 0 … ?
	102, 68, 69, 72, 77, 67, 61, 78, 75, 29, 53, 67, 56, 86, 75, 79, // @ … O
	67, 79, 72, 67, 61, 73, 68, 99, 69, 67, 69, 39, 39, 39, 84, 56, // P … _
	61, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, // ` … o
	63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84, // p … ~
}

// latinBoldWidth is the same for bold text.
var latinBoldWidth = [95]uint8{
	35, 46, 57, 84, 70, 100, 87, 32, 46, 46, 52, 84, 38, 42, 38, 39,
	70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 61,
	101, 77, 76, 73, 83, 68, 68, 82, 84, 37, 57, 77, 64, 100, 84, 85,
	73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 39, 46, 84, 57,
	63, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69,
	72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84,
}

// runeWidth is the advance of r in ems.
func runeWidth(r rune, bold bool) float64 {
	switch {
	case r >= 32 && r < 127:
		if bold {
			return float64(latinBoldWidth[r-32]) / 100
		}
		return float64(latinWidth[r-32]) / 100
	case r == '−' || r == '–': // minus sign, en dash
		return 0.84
	case r == '²' || r == '³':
		return 0.42
	case r == '\u00a0' || r == '\u2009' || r == '\u202f': // no-break and thin spaces
		return 0.32
	case r < 0x2000 && !unicode.Is(unicode.Han, r):
		// Latin-1, Greek, Cyrillic: as wide as a wide capital.
		return 0.8
	}
	// CJK ideographs, kana, full-width forms, CJK punctuation and every
	// symbol not listed above: one em, the widest any of them renders.
	return 1
}

// TextWidth is the width of s set in size units, in the same units. It
// adds 4%: at phone widths a 13-unit label renders at 10 or 11 pixels, and
// hinting rounds glyph advances up by about that much (measured in
// Chromium with DejaVu Sans).
func TextWidth(s string, size float64, bold bool) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r, bold)
	}
	return w * size * hinting
}

const hinting = 1.04

// Vertical metrics of a line of text, in ems, as browsers compute a text
// element's box (getBBox): the font's ascent and descent, not the ink.
// Noto Sans CJK has the tallest of the fonts in the page's stacks
// (1.16 + 0.29); DejaVu Sans is 0.93 + 0.24.
const (
	ascent  = 1.16
	descent = 0.29
)

// Wrap breaks s into lines no wider than max (in the units of size).
// Latin text breaks at spaces and after hyphens; Chinese text between any
// two characters, except that no line starts with closing punctuation or
// ends with opening punctuation, and numbers and Latin words stay whole. A
// single unit wider than max is broken between characters as a last resort,
// so every line fits.
func Wrap(s string, max, size float64, bold bool) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return nil
	}
	if TextWidth(s, size, bold) <= max {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, u := range breakUnits(s) {
		candidate := line + u
		if line == "" {
			candidate = strings.TrimLeft(u, " ")
		}
		if TextWidth(strings.TrimRight(candidate, " "), size, bold) <= max {
			line = candidate
			continue
		}
		if line != "" {
			lines = append(lines, strings.TrimRight(line, " "))
		}
		line = strings.TrimLeft(u, " ")
		// A unit that alone is too wide is cut between characters.
		for TextWidth(strings.TrimRight(line, " "), size, bold) > max {
			head, tail := cutToWidth(line, max, size, bold)
			lines = append(lines, head)
			line = tail
		}
	}
	if t := strings.TrimRight(line, " "); t != "" {
		lines = append(lines, t)
	}
	return lines
}

// cutToWidth splits s after as many characters as fit in max (at least
// one), moving the cut back a character rather than start the rest with
// closing punctuation.
func cutToWidth(s string, max, size float64, bold bool) (string, string) {
	w := 0.0
	rs := []rune(s)
	for i, r := range rs {
		w += runeWidth(r, bold) * size * hinting
		if w > max && i > 0 {
			for i > 1 && noLineStart(rs[i]) {
				i--
			}
			return string(rs[:i]), string(rs[i:])
		}
	}
	return s, ""
}

// breakUnits splits s into the pieces between which a line may break. A
// space stays at the start of the piece that follows it.
func breakUnits(s string) []string {
	var units []string
	cur := []rune{}
	flush := func() {
		if len(cur) > 0 {
			units = append(units, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		var prev rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i > 0 && breakBefore(prev, r) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return units
}

// breakBefore says whether a line may break between a and b.
func breakBefore(a, b rune) bool {
	switch {
	case b == ' ':
		return true
	case noLineStart(b) || noLineEnd(a):
		return false
	case a == '-' && isWordRune(b):
		return true // after a hyphen in a Latin compound
	case wide(a) || wide(b):
		return true
	}
	return false
}

func isWordRune(r rune) bool { return r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func wide(r rune) bool { return runeWidth(r, false) == 1 && r >= 0x2E80 }

// Chinese line-breaking rules (禁则): punctuation that may not start or end a line.
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』”’〕】〉…%％·,.;:?!)]}", r)
}

func noLineEnd(r rune) bool { return strings.ContainsRune("（《「『“‘〔【〈([{", r) }
