package search

import (
	"unicode"
	"unicode/utf8"
)

// Query is a parsed search: every term must match (terms are separated by
// spaces), and a text that contains them all in a row ranks higher.
type Query struct {
	Terms  [][]Unit
	Phrase []Unit // all terms in a row; nil for a one-term query
}

// Key is an index key a query looks up. A prefix key matches every index
// key that starts with it (the last word of a term, when it has at least
// two characters).
type Key struct {
	Key    string
	Prefix bool
}

// ParseQuery splits q at spaces and tokenizes each term.
func ParseQuery(q string) Query {
	var out Query
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if units := Tokenize(q[start:end]); len(units) > 0 {
				out.Terms = append(out.Terms, units)
			}
			start = -1
		}
	}
	for i, r := range q {
		if unicode.In(r, unicode.Z, unicode.Cc) {
			flush(i)
		} else if start < 0 {
			start = i
		}
	}
	flush(len(q))
	if len(out.Terms) > 1 {
		for _, t := range out.Terms {
			out.Phrase = append(out.Phrase, t...)
		}
	}
	return out
}

// Keys returns the index keys the query needs, without duplicates. A query
// without keys (a single Chinese character, a lone "%") cannot be looked up.
func (q Query) Keys() []Key {
	var keys []Key
	seen := map[Key]bool{}
	for _, t := range q.Terms {
		for _, k := range termKeys(t) {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func termKeys(t []Unit) []Key {
	var keys []Key
	for i, u := range t {
		switch u.Kind {
		case Word:
			keys = append(keys, Key{u.Key, isPrefixUnit(t, i)})
		case Number:
			keys = append(keys, Key{u.Key, false})
		case CJK:
			if i+1 < len(t) && t[i+1].Kind == CJK {
				keys = append(keys, Key{u.Key + t[i+1].Key, false})
			}
		}
	}
	return keys
}

// isPrefixUnit: the last unit of a term, when it is a word of two or more
// characters, matches as a prefix ("subsist" finds "subsistence").
func isPrefixUnit(t []Unit, i int) bool {
	return i == len(t)-1 && t[i].Kind == Word && utf8.RuneCountInString(t[i].Key) >= 2
}

// Span is a match: units [From, To) of a text.
type Span struct{ From, To int }

// Matches returns where term occurs in the units of a text, in order and
// without overlaps.
func Matches(text, term []Unit) []Span {
	var out []Span
	for p := 0; p+len(term) <= len(text); {
		if matchAt(text, term, p) {
			out = append(out, Span{p, p + len(term)})
			p += len(term)
			continue
		}
		p++
	}
	return out
}

func matchAt(text, term []Unit, p int) bool {
	for i, t := range term {
		u := text[p+i]
		if u.Kind != t.Kind {
			return false
		}
		if isPrefixUnit(term, i) {
			if len(u.Key) < len(t.Key) || u.Key[:len(t.Key)] != t.Key {
				return false
			}
		} else if u.Key != t.Key {
			return false
		}
	}
	return true
}

// Doc kinds, in the order they rank.
const (
	KindIndicator = 'x' // an indicator: listed first, with its value
	KindTitle     = 'h' // a page's title
	KindItem      = 'i' // a numbered item heading
	KindLead      = 'l' // a paragraph that opens with a lead sentence
	KindBody      = 'p' // any other paragraph
)

// Score ranks a text that matches q; 0 means no match. Titles and item
// headings rank above paragraphs, a match inside a paragraph's lead above
// one in its body, a text with the terms in a row above one with them
// scattered, and more matches above fewer. lead is the number of units of
// the text that belong to its lead. It also returns the matches of every
// term, for highlighting.
func Score(q Query, kind byte, text []Unit, lead int) (int, []Span) {
	if len(q.Terms) == 0 {
		return 0, nil
	}
	var all []Span
	inLead := false
	for _, t := range q.Terms {
		m := Matches(text, t)
		if len(m) == 0 {
			return 0, nil
		}
		for _, s := range m {
			inLead = inLead || s.From < lead
		}
		all = append(all, m...)
	}
	score := 0
	switch kind {
	case KindTitle:
		score = 300
	case KindItem:
		score = 200
	case KindLead:
		if inLead {
			score = 100
		}
	}
	if q.Phrase != nil && len(Matches(text, q.Phrase)) > 0 {
		score += 50
	}
	return score + 1 + min(len(all), 10), all
}
