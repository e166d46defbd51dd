package reportimport

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type lineKind int

const (
	kindBlank lineKind = iota
	kindText
	kindPart    // 一、
	kindSection // （一） (1) （1）
	kindItem    // 1、 1. 1．
)

// line is one physical line after trimming, with what it looks like.
type line struct {
	no      int // 1-based line number in the source
	end     int // last source line, when several lines were joined
	raw     string
	text    string // trimmed; for headings the title without its marker
	kind    lineKind
	number  int    // heading number
	marker  string // the marker as written, e.g. "（4）"
	arabic  bool   // a section marker written with Arabic digits
	trimmed bool   // leading or trailing white space was removed
	spaced  bool   // white space between marker and title was removed
}

var (
	partRe    = regexp.MustCompile(`^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.*)$`)
	sectionRe = regexp.MustCompile(`^([（(]\s*([一二三四五六七八九十]{1,3}|[0-9０-９]{1,2})\s*[）)])\s*(.*)$`)
	// The marker ends at its 、 or dot; a dot followed by a digit is a
	// decimal point (3.5%…), which classify rejects.
	itemRe = regexp.MustCompile(`^(([0-9０-９]{1,2})\s*[、.．])\s*(.*)$`)
)

// maxHeadingRunes: titles of the genre are one line of at most a few dozen
// characters; a longer "heading" is a paragraph that starts with a marker.
const maxHeadingRunes = 60

// isSpace covers ASCII and full-width spaces and the no-break space that
// web copies carry.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\ufeff'
}

func classify(no int, raw string) line {
	t := strings.TrimFunc(raw, isSpace)
	l := line{no: no, raw: raw, text: t, kind: kindText, trimmed: t != raw && t != ""}
	if t == "" {
		l.kind = kindBlank
		return l
	}
	if m := partRe.FindStringSubmatch(t); m != nil && headingLike(m[2]) {
		l.kind, l.number, l.marker = kindPart, chineseNumber(m[1]), m[1]+"、"
		l.text, l.spaced = title(t, m[2])
		return l
	}
	if m := sectionRe.FindStringSubmatch(t); m != nil && headingLike(m[3]) {
		l.kind, l.marker = kindSection, m[1]
		if n, err := strconv.Atoi(halfWidthDigits(m[2])); err == nil {
			l.number, l.arabic = n, true
		} else {
			l.number = chineseNumber(m[2])
		}
		l.text, l.spaced = title(t, m[3])
		return l
	}
	if m := itemRe.FindStringSubmatch(t); m != nil && headingLike(m[3]) && !decimalAfter(m[1], m[3]) {
		n, _ := strconv.Atoi(halfWidthDigits(m[2]))
		l.kind, l.number, l.marker = kindItem, n, strings.TrimSpace(m[1])
		l.text, l.spaced = title(t, m[3])
		return l
	}
	return l
}

func title(line, rest string) (string, bool) {
	r := strings.TrimFunc(rest, isSpace)
	// The marker ends where rest begins; anything trimmed between is a stray space.
	markerEnd := len(line) - len(rest)
	spaced := strings.TrimLeftFunc(rest, isSpace) != rest || strings.TrimRightFunc(line[:markerEnd], isSpace) != line[:markerEnd]
	return r, spaced
}

// headingLike says whether the rest of a marker line reads as a title:
// short, not empty, and not a finished sentence.
func headingLike(rest string) bool {
	rest = strings.TrimFunc(rest, isSpace)
	if rest == "" || utf8.RuneCountInString(rest) > maxHeadingRunes {
		return false
	}
	return !strings.ContainsAny(rest, "。！？；")
}

// decimalAfter says whether an item marker's dot is really a decimal
// point: "3.5%的增长" is not item 3.
func decimalAfter(marker, rest string) bool {
	if strings.HasSuffix(marker, "、") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return isDigit(r)
}

// endsSentence says whether a line of text ends where a paragraph may end.
// Text typed with ASCII punctuation ends sentences with "." as well.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。．.！？!?；;…”’」』：:", r)
}

// brokenNumber says whether a line break splits a number after its decimal
// point ("1712." / "60亿元"): that "." does not end a sentence.
func brokenNumber(prev, next string) bool {
	dot, n := utf8.DecodeLastRuneInString(prev)
	if dot != '.' && dot != '．' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(prev[:len(prev)-n])
	after, _ := utf8.DecodeRuneInString(next)
	return isDigit(before) && isDigit(after)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

var chineseDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// chineseNumber reads 一 … 九十九.
func chineseNumber(s string) int {
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return chineseDigits[r[0]]
	case len(r) == 2 && r[0] == '十':
		return 10 + chineseDigits[r[1]]
	case len(r) == 2 && r[1] == '十':
		return chineseDigits[r[0]] * 10
	case len(r) == 3 && r[1] == '十':
		return chineseDigits[r[0]]*10 + chineseDigits[r[2]]
	}
	return 0
}

// ChineseNumeral writes n (1–99) as used in headings: 一, 十, 十二, 二十一.
func ChineseNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

func halfWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}
