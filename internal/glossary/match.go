package glossary

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// matcher finds every glossary term in a Chinese text in one pass: an
// Aho–Corasick automaton over UTF-8 bytes, compiled into a full transition
// table over the byte classes that occur in terms, so that each byte of
// text costs one table lookup. The check runs terms × paragraphs; this
// keeps it linear in the length of the text.
type matcher struct {
	class  [256]int32 // byte → class; 0 for bytes in no term
	nclass int32
	delta  []int32   // node*nclass + class → node, or ^node when terms end there
	out    [][]int32 // terms ending at each node, suffix matches included
	terms  []*Term
}

func newMatcher(terms []*Term) *matcher {
	m := &matcher{terms: terms, nclass: 1}
	for _, t := range terms {
		for i := 0; i < len(t.ZH); i++ {
			if m.class[t.ZH[i]] == 0 {
				m.class[t.ZH[i]] = m.nclass
				m.nclass++
			}
		}
	}
	// The trie in one table, node*nclass + class → node, -1 for a
	// missing edge, made at its final size: the nodes are the distinct
	// prefixes of the terms, counted from the terms in sorted order.
	nc := int(m.nclass)
	delta := make([]int32, trieNodes(terms)*nc)
	delta[0] = -1
	for k := 1; k < len(delta); k *= 2 {
		copy(delta[k:], delta[:k])
	}
	m.out = make([][]int32, 1, len(delta)/nc)
	for i, t := range terms {
		n := int32(0)
		for j := 0; j < len(t.ZH); j++ {
			e := int(n)*nc + int(m.class[t.ZH[j]])
			if delta[e] < 0 {
				delta[e] = int32(len(m.out))
				m.out = append(m.out, nil)
			}
			n = delta[e]
		}
		m.out[n] = append(m.out[n], int32(i))
	}
	// Breadth-first, fill in each missing edge from the node's failure
	// link: the longest proper suffix of its path that is also a path.
	fail := make([]int32, len(m.out))
	queue := make([]int32, 0, len(m.out))
	for c := range nc {
		if delta[c] < 0 {
			delta[c] = 0
		} else {
			queue = append(queue, delta[c])
		}
	}
	for head := 0; head < len(queue); head++ {
		n := queue[head]
		f := fail[n]
		m.out[n] = append(m.out[n], m.out[f]...)
		row, frow := delta[int(n)*nc:int(n+1)*nc], delta[int(f)*nc:int(f+1)*nc]
		for c, child := range row {
			if child < 0 {
				row[c] = frow[c]
				continue
			}
			fail[child] = frow[c]
			queue = append(queue, child)
		}
	}
	// Most nodes end no term: flagging the edges into those that do keeps
	// Find from reading out (a second table) at every byte.
	for e, to := range delta {
		if len(m.out[to]) > 0 {
			delta[e] = ^to
		}
	}
	m.delta = delta
	return m
}

// trieNodes is the number of nodes of the terms' trie: the root and one
// per distinct prefix of a term (in sorted order, each term adds the bytes
// after what it shares with the one before).
func trieNodes(terms []*Term) int {
	zh := make([]string, len(terms))
	for i, t := range terms {
		zh[i] = t.ZH
	}
	slices.Sort(zh)
	n, prev := 1, ""
	for _, s := range zh {
		common := 0
		for common < len(s) && common < len(prev) && s[common] == prev[common] {
			common++
		}
		n += len(s) - common
		prev = s
	}
	return n
}

// Occurrence is a term found in a Chinese text, at byte offsets.
type Occurrence struct {
	Term       *Term
	Start, End int
}

// Find returns the terms in a Chinese text, in order of position. A term
// inside a longer term's occurrence is not reported (城镇老旧小区改造
// hides 老旧小区改造): the longer term's rendering is what the English
// has there. A term that starts or ends with a Latin letter or digit
// ("1310", "1+N") must not touch another one ("11310" is not "1310").
func (g *Glossary) Find(zh string) []Occurrence {
	m := g.matcher
	var all []Occurrence
	n := int32(0)
	for i := 0; i < len(zh); i++ {
		if n = m.delta[n*m.nclass+m.class[zh[i]]]; n >= 0 {
			continue
		}
		n = ^n
		for _, ti := range m.out[n] {
			t := m.terms[ti]
			start, end := i+1-len(t.ZH), i+1
			if boundaryOK(zh, start, end) {
				all = append(all, Occurrence{Term: t, Start: start, End: end})
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Start != all[j].Start {
			return all[i].Start < all[j].Start
		}
		return all[i].End > all[j].End
	})
	out := all[:0]
	maxEnd := -1
	for _, o := range all {
		if o.End <= maxEnd {
			continue // inside an earlier, longer occurrence
		}
		out = append(out, o)
		maxEnd = o.End
	}
	return out
}

func boundaryOK(s string, start, end int) bool {
	if r, _ := utf8.DecodeRuneInString(s[start:]); isLatin(r) && start > 0 {
		if p, _ := utf8.DecodeLastRuneInString(s[:start]); isLatin(p) {
			return false
		}
	}
	if r, _ := utf8.DecodeLastRuneInString(s[:end]); isLatin(r) && end < len(s) {
		if nx, _ := utf8.DecodeRuneInString(s[end:]); isLatin(nx) {
			return false
		}
	}
	return true
}

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// English matching. A rendering matches when its words occur in a row in
// the English text, where a word is a run of letters and digits (an
// apostrophe inside a word belongs to it) and words are compared:
//   - ignoring case and all punctuation, quotes and hyphens included
//     ("fixed-asset" = "fixed asset", "\"1310\"" = "1310");
//   - ignoring plural and possessive endings: the last -s, -es after
//     s/x/z/ch/sh, -ies for -y, and 's or s' ("parks" = "park",
//     "facilities" = "facility", "Nanhai's" = "Nanhai");
//   - with a leading "the" of the rendering optional.

type word struct {
	stem       string
	start, end int // byte offsets in the text
}

// tokens splits text into words.
func tokens(text string) []word {
	out := make([]word, 0, len(text)/6)
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !inWord && (r == '\'' || r == '’') && start >= 0 {
			// an apostrophe joins letters: people's, Yun'an
			if nx, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):]); unicode.IsLetter(nx) {
				inWord = true
			}
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = append(out, word{stem(text[start:i]), start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{stem(text[start:]), start, len(text)})
	}
	return out
}

func stem(w string) string {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	w = strings.TrimSuffix(w, "'s")
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case n > 3 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zes") ||
		strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:n-2]
	case n > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:n-1]
	}
	return w
}

// phrase is a rendering as the stems it must match.
func phrase(rendering string) []string {
	var out []string
	for _, w := range tokens(rendering) {
		out = append(out, w.stem)
	}
	return out
}

// norm is a rendering's identity for duplicate detection.
func norm(rendering string) string {
	p := phrase(rendering)
	if len(p) > 1 && p[0] == "the" {
		p = p[1:]
	}
	return strings.Join(p, " ")
}

// text is an English text split into words for phrase searches. A
// paragraph has a few hundred words and is searched for a handful of
// phrases, so a linear scan beats building an index.
type text struct {
	words []word
}

func newText(s string) *text { return &text{words: tokens(s)} }

// find returns the byte span of the first occurrence of the phrase, or
// ok false.
func (t *text) find(p []string) (start, end int, ok bool) {
	if len(p) > 1 && p[0] == "the" {
		if s, e, ok := t.find(p[1:]); ok {
			return s, e, true
		}
	}
	if len(p) == 0 {
		return 0, 0, false
	}
next:
	for i := 0; i+len(p) <= len(t.words); i++ {
		for j := range p {
			if t.words[i+j].stem != p[j] {
				continue next
			}
		}
		return t.words[i].start, t.words[i+len(p)-1].end, true
	}
	return 0, 0, false
}

// Matches reports whether the English text contains one of the term's
// renderings.
func (t *Term) Matches(english string) bool {
	tx := newText(english)
	for _, p := range t.renderings {
		if _, _, ok := tx.find(p); ok {
			return true
		}
	}
	return false
}

// pinyinKeys orders Chinese by the standard (pinyin) collation.
func pinyinKeys(terms []*Term) map[*Term]string {
	c := collate.New(language.SimplifiedChinese)
	var buf collate.Buffer
	keys := make(map[*Term]string, len(terms))
	for _, t := range terms {
		keys[t] = string(c.KeyFromString(&buf, t.ZH))
		buf.Reset()
	}
	return keys
}
