// Package search builds the site's static search index and defines the
// tokenizer that the index (here, in Go) and the visitor's browser
// (layouts/assets/search.js) share. The two implementations must agree unit
// for unit: tokenize_node_test.go runs both on the same cases.
//
// Text is cut into units:
//
//   - CJK: one Han, kana, Hangul or Bopomofo character. Chinese has no
//     spaces, so the index keys are character bigrams and any substring of
//     two or more characters is found (the hits are then verified exactly
//     against the stored text).
//   - Word: a run of letters, marks and digits with at least one letter
//     ("foreign", "5g"). Queries match words and word prefixes.
//   - Number: digits with "." or "," between digits ("1712.60", "3,007").
//     A thousands separator is dropped from the key, so "3007" finds
//     "3,007"; otherwise a number is matched as written, whole: "1.8"
//     does not find "1.85", "18" does not find "1.8".
//   - Symbol: any other visible character ("%", "、"); never an index key,
//     but part of what a query must match ("4.5%").
//
// Before cutting, each code point is normalised on its own with NFKC
// (full-width "４．５％" becomes "4.5%") and lowercased; format characters
// and variation selectors are dropped. Normalising code point by code point,
// rather than the whole string, keeps a map from every normalised character
// back to the original text (for highlighting) and is simple to reproduce
// exactly in JavaScript.
package search

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is the kind of a unit.
type Kind byte

// Kinds of unit. The letters are what search.js uses.
const (
	CJK    Kind = 'c'
	Word   Kind = 'w'
	Number Kind = 'n'
	Symbol Kind = 's'
)

// Unit is one token of a text.
type Unit struct {
	Kind       Kind
	Key        string // normalised form
	Start, End int    // byte offsets of the unit in the original text
}

// char is one normalised code point and the span of original text it
// comes from (a full-width "５" and the "5" it becomes share the span).
type char struct {
	r          rune
	start, end int
}

// fold normalises s code point by code point.
func fold(s string) []char { return foldAppend(make([]char, 0, len(s)), s) }

// foldAppend appends the normalised code points of s to out.
func foldAppend(out []char, s string) []char {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if plain(r) { // NFKC leaves these alone: skip the table look-up
			out = append(out, char{lower(r), i, i + size})
			i += size
			continue
		}
		for _, c := range norm.NFKC.String(string(r)) {
			if ignorable(c) {
				continue
			}
			out = append(out, char{lower(c), i, i + size})
		}
		i += size
	}
	return out
}

// plain reports whether NFKC maps r to itself and r is not ignorable,
// for the characters that make up nearly all text: ASCII letters, digits
// and punctuation, and the CJK Unified Ideographs.
func plain(r rune) bool {
	return (r >= 0x20 && r < 0x7f) || (r >= 0x4e00 && r <= 0x9fff)
}

// lower is the simple lowercase mapping. JavaScript's toLowerCase uses the
// full mapping, which differs only where it yields several code points
// (U+0130 İ → i̇); search.js keeps such characters unchanged, and so do we.
func lower(r rune) rune {
	if r == 0x130 {
		return r
	}
	return unicode.ToLower(r)
}

func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}

func isSpace(r rune) bool {
	if r < 0x80 {
		return r <= ' ' || r == 0x7f
	}
	return unicode.In(r, unicode.Z, unicode.Cc)
}

// isCJK: the scripts written without spaces, plus the prolonged sound mark
// and iteration marks (script Common, but inside words), plus the whole of
// planes 2 and 3 so that CJK extensions newer than Go's Unicode tables are
// treated as the browser treats them.
func isCJK(r rune) bool {
	if r < 0x2e80 {
		return false // no CJK script starts before the CJK Radicals Supplement
	}
	return (r >= 0x4e00 && r <= 0x9fff) || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo) ||
		r == 0x30FC || (r >= 0x3005 && r <= 0x3007) || (r >= 0x20000 && r <= 0x3FFFF)
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) }

func isDigit(r rune) bool { return unicode.Is(unicode.Nd, r) }

// Tokenize cuts s into units.
func Tokenize(s string) []Unit {
	f := fold(s)
	var out []Unit
	eachUnit(f, func(kind Kind, i, j int) {
		key := string(f[i].r) // a CJK character or a symbol
		if kind == Word || kind == Number {
			key = string(appendKey(nil, f[i:j], kind))
		}
		out = append(out, Unit{kind, key, f[i].start, f[j-1].end})
	})
	return out
}

// eachUnit calls fn with the kind and the extent f[i:j] of each unit of
// the folded text f, in order; spaces are not units.
func eachUnit(f []char, fn func(kind Kind, i, j int)) {
	for i := 0; i < len(f); {
		c := f[i].r
		switch {
		case isSpace(c):
			i++
		case isCJK(c):
			fn(CJK, i, i+1)
			i++
		case isLetter(c) || isDigit(c):
			j, kind := wordAt(f, i)
			fn(kind, i, j)
			i = j
		default:
			fn(Symbol, i, i+1)
			i++
		}
	}
}

// wordAt returns the end of the word or number that starts at f[i], a
// letter or a digit, and which of the two it is.
func wordAt(f []char, i int) (int, Kind) {
	j, letters := i, false
	for j < len(f) {
		d := f[j].r
		switch {
		case isCJK(d):
		case isLetter(d):
			letters = true
			j++
			continue
		case isDigit(d):
			j++
			continue
		case (d == '.' || d == ',') && isDigit(f[j-1].r) && j+1 < len(f) && isDigit(f[j+1].r):
			j++
			continue
		}
		break
	}
	if !letters {
		return numberEnd(f, i, j), Number
	}
	return j, Word
}

// appendKey appends the key of the word or number f: its characters, less
// a number's thousands separators.
func appendKey(dst []byte, f []char, kind Kind) []byte {
	for _, ch := range f {
		if kind == Number && ch.r == ',' {
			continue
		}
		dst = utf8.AppendRune(dst, ch.r)
	}
	return dst
}

// numberEnd returns where the number in f[i:j] ends: at j when its commas
// group thousands (1,234,567.89), otherwise at its first comma, so that
// "12,34" is two numbers.
func numberEnd(f []char, i, j int) int {
	firstComma, group, dot := -1, 0, false
	valid := true
	for k := i; k < j; k++ {
		switch f[k].r {
		case ',':
			if firstComma < 0 {
				firstComma = k
				valid = valid && group >= 1 && group <= 3
			} else {
				valid = valid && group == 3
			}
			if dot {
				valid = false
			}
			group = 0
		case '.':
			if firstComma >= 0 && !dot {
				valid = valid && group == 3
			}
			dot = true
			group = 0
		default:
			group++
		}
	}
	if firstComma < 0 {
		return j
	}
	if !dot {
		valid = valid && group == 3
	}
	if valid {
		return j
	}
	return firstComma
}

// IndexKeys returns the keys under which a text is indexed: its words,
// its numbers and the bigrams of consecutive CJK characters (spaces between
// them do not separate them; any other unit does).
func IndexKeys(units []Unit) []string {
	var keys []string
	for i, u := range units {
		switch u.Kind {
		case Word, Number:
			keys = append(keys, u.Key)
		case CJK:
			if i+1 < len(units) && units[i+1].Kind == CJK {
				keys = append(keys, u.Key+units[i+1].Key)
			}
		}
	}
	return keys
}
