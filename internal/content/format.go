package content

import (
	"bytes"
	"strconv"
	"strings"

	"reportsite/internal/tomldata"
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
		b.WriteString("title = " + tomldata.Quote(s.Title) + "\n")
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

// markdownSpecial are the characters that could start Markdown syntax
// anywhere in a line. Chinese text rarely has them, but when it does they
// must stay text.
const markdownSpecial = "\\`*_[]<>&"

// lineStartSpecial could open a block (heading, quote, list, table, fence,
// thematic break) or an id line when they start the line.
const lineStartSpecial = "#>-+=|{~:!"

// Markdown turns plain report text into Markdown that renders back to the
// same text, with the lead (a prefix of text ending in 。) in bold. When
// the bold would not render as bold (CommonMark's flanking rules fail on a
// lead that ends in a space, for one), the text is written without it:
// exact text matters more than emphasis.
func Markdown(text, lead string) string {
	if lead != "" && strings.HasPrefix(text, lead) {
		body := strings.TrimSuffix(lead, "。")
		// The full stop stays outside the ** so that the closing
		// delimiter is right-flanking (CommonMark's rule fails on
		// "。**" followed by a CJK character).
		bold := "**" + escape(body, true) + "**" + escape(text[len(body):], false)
		if h, plain, err := Inline(bold); err == nil && plain == text && strings.HasPrefix(h, "<strong>") {
			return bold
		}
	}
	return escape(text, true)
}

// escape backslash-escapes s so that CommonMark reads it as plain text.
func escape(s string, atLineStart bool) string {
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune(markdownSpecial, r) || i == 0 && atLineStart && strings.ContainsRune(lineStartSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if !atLineStart {
		return out
	}
	// "1. " or "1) " at the start of a line opens an ordered list: escape
	// the delimiter after the digits (digits are never escaped, so the
	// first j bytes of out are those of s).
	j := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if j > 0 && (s[j] == '.' || s[j] == ')') {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}
