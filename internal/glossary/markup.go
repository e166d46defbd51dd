package glossary

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Mark wraps the first occurrence of one of the term's English
// renderings in the inline HTML s between open and close (trusted markup,
// escaped by the caller). It looks only in text: never inside a tag, and
// never inside a link (<a>) or an italic title (<em>, <cite>), so it
// cannot nest links or break markup. The earliest occurrence of any
// rendering wins.
func (t *Term) Mark(s, open, close string) (string, bool) {
	return markFirst(s, open, close, t.findEnglish)
}

// MarkChinese is Mark for Chinese text: it wraps the first occurrence of
// the term itself that is not part of a longer glossary term.
func (g *Glossary) MarkChinese(t *Term, s, open, close string) (string, bool) {
	return markFirst(s, open, close, func(plain string) (int, int, bool) {
		for _, o := range g.Find(plain) {
			if o.Term == t {
				return o.Start, o.End, true
			}
		}
		return 0, 0, false
	})
}

func markFirst(s, open, close string, find func(plain string) (start, end int, ok bool)) (string, bool) {
	skip := 0 // depth inside elements that must stay untouched
	for i := 0; i < len(s); {
		if s[i] == '<' {
			j := tagEnd(s, i)
			tag := s[i:j]
			if name, closing := tagName(tag); skipped[name] {
				if closing {
					if skip > 0 {
						skip--
					}
				} else if !strings.HasSuffix(tag, "/>") {
					skip++
				}
			}
			i = j
			continue
		}
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			j = len(s)
		} else {
			j += i
		}
		if skip == 0 {
			plain := html.UnescapeString(s[i:j])
			if start, end, ok := find(plain); ok {
				// Only this text segment changes.
				return s[:i] + html.EscapeString(plain[:start]) + open + html.EscapeString(plain[start:end]) + close + html.EscapeString(plain[end:]) + s[j:], true
			}
		}
		i = j
	}
	return s, false
}

var skipped = map[string]bool{"a": true, "em": true, "cite": true, "code": true, "script": true, "style": true}

// tagEnd returns the index after the tag starting at s[i] == '<', with
// quoted attribute values skipped; an unclosed tag runs to the end.
func tagEnd(s string, i int) int {
	var quote byte
	for k := i + 1; k < len(s); k++ {
		c := s[k]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return k + 1
		}
	}
	return len(s)
}

func tagName(tag string) (name string, closing bool) {
	t := strings.TrimPrefix(tag, "<")
	if strings.HasPrefix(t, "/") {
		closing = true
		t = t[1:]
	}
	end := strings.IndexFunc(t, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
	if end >= 0 {
		t = t[:end]
	}
	return strings.ToLower(t), closing
}

// findEnglish finds the earliest rendering in plain text, with the
// quotes around it when the rendering has them.
func (t *Term) findEnglish(plain string) (int, int, bool) {
	tx := newText(plain)
	best, bestEnd, which := -1, -1, -1
	for k, p := range t.renderings {
		s, e, ok := tx.find(p)
		if ok && (best < 0 || s < best || s == best && e > bestEnd) {
			best, bestEnd, which = s, e, k
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	// Take in the punctuation the rendering opens or closes with (quotes,
	// brackets) when the text has it there: «"1310"», «(SRDI)».
	r := strings.TrimSpace(t.Renderings()[which])
	lead := strings.TrimPrefix(strings.TrimPrefix(r, "the "), "The ")
	for {
		q, n := utf8.DecodeLastRuneInString(plain[:best])
		l, _ := utf8.DecodeRuneInString(lead)
		if n == 0 || !isEdge(q) || !sameEdge(q, l) {
			break
		}
		best -= n
		lead = lead[utf8.RuneLen(l):]
	}
	for {
		q, n := utf8.DecodeRuneInString(plain[bestEnd:])
		l, m := utf8.DecodeLastRuneInString(r)
		if n == 0 || !isEdge(q) || !sameEdge(q, l) {
			break
		}
		bestEnd += n
		r = r[:len(r)-m]
	}
	return best, bestEnd, true
}

// isEdge reports whether r is punctuation that may open or close a
// rendering.
func isEdge(r rune) bool { return strings.ContainsRune("\"“”'‘’()（）", r) }

// sameEdge compares edge punctuation, straight and curly quotes alike.
func sameEdge(a, b rune) bool {
	fold := func(r rune) rune {
		switch r {
		case '“', '”':
			return '"'
		case '‘', '’':
			return '\''
		case '（':
			return '('
		case '）':
			return ')'
		}
		return r
	}
	return fold(a) == fold(b)
}
