package content

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format writes a section in the content file format. It is the inverse of
// ParseSection for the fields it writes.
func Format(s *Section) []byte {
	var b bytes.Buffer
	b.WriteString("+++\n")
	b.WriteString("kind = " + strconv.Quote(s.Kind) + "\n")
	if s.Kind != KindPreamble {
		b.WriteString("part = " + strconv.Itoa(s.Part) + "\n")
	}
	if s.Kind == KindSection {
		b.WriteString("number = " + strconv.Itoa(s.Number) + "\n")
	}
	if s.Title != "" {
		b.WriteString("title = " + tomlString(s.Title) + "\n")
	}
	b.WriteString("order = " + strconv.Itoa(s.Order) + "\n")
	b.WriteString("+++\n")
	for _, blk := range s.Blocks {
		b.WriteString("\n")
		switch blk.Kind {
		case Sections:
			b.WriteString("{sections}\n")
		case Item:
			b.WriteString("## " + blk.Markdown + " {#" + blk.ID + "}\n")
		default:
			b.WriteString("{#" + blk.ID + "}\n" + blk.Markdown + "\n")
		}
	}
	return b.Bytes()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\u` + strings.Repeat("0", 4-len(strconv.FormatInt(int64(r), 16))) + strconv.FormatInt(int64(r), 16))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// markdownSpecial are the characters that could start Markdown syntax
// anywhere in a line. Chinese text rarely has them, but when it does they
// must stay text.
const markdownSpecial = "\\`*_[]<>&"

// Markdown turns plain report text into Markdown that renders back to the
// same text, with the lead (a prefix of text ending in 。) in bold.
func Markdown(text, lead string) string {
	if lead != "" && strings.HasPrefix(text, lead) {
		body := strings.TrimSuffix(lead, "。")
		// The full stop stays outside the ** so that the closing
		// delimiter is right-flanking (CommonMark's rule fails on
		// "。**" followed by a CJK character).
		return "**" + escape(body, true) + "**" + escape(text[len(body):], false)
	}
	return escape(text, true)
}

func escape(s string, atLineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune(markdownSpecial, r) {
			b.WriteByte('\\')
		} else if i == 0 && atLineStart && strings.ContainsRune("#>-+=|{~:!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		if i == 0 && atLineStart && r >= '0' && r <= '9' {
			// "1. " or "1) " at the start of a line would be a list.
			rest := s[utf8.RuneLen(r):]
			j := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
			if j >= 0 && (rest[j] == '.' || rest[j] == ')') {
				b.WriteString(rest[:j])
				b.WriteByte('\\')
				b.WriteString(rest[j:])
				return finishEscape(&b)
			}
		}
	}
	return b.String()
}

func finishEscape(b *strings.Builder) string {
	// The remainder after the list marker was written unescaped; escape it
	// by re-running on the specials only.
	s := b.String()
	i := strings.Index(s, "\\.")
	if i < 0 {
		i = strings.Index(s, "\\)")
	}
	head, tail := s[:i+2], s[i+2:]
	return head + escape(tail, false)
}
