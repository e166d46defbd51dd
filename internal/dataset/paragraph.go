package dataset

import (
	"strings"
	"unicode/utf8"

	"reportsite/internal/content"
	"reportsite/internal/srcpos"
)

// Paragraph is one paragraph of the report's Chinese text, as a reader sees
// it (plain text), with the way back to its Markdown in the content file so
// that a problem found in the text is reported where an editor can fix it.
type Paragraph struct {
	ID      string
	Text    string // plain text: quotes and offsets refer to it
	File    string // the content file
	Section *content.Section
	// PartTitle is the title of the part the paragraph belongs to: the
	// extractor reads 下半年工作重点 as a part of plans.
	PartTitle string
	markdown  string
	line      int // line of the first Markdown line in File
}

// Paragraphs returns the paragraphs of a document in reading order.
func Paragraphs(doc *content.Document) []*Paragraph {
	var out []*Paragraph
	parts := map[int]string{}
	for _, s := range doc.Sections {
		if s.Kind == content.KindPart {
			parts[s.Part] = content.PlainText(s.TitleHTML)
		}
	}
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if b.Kind != content.Paragraph {
				continue
			}
			out = append(out, &Paragraph{ID: b.ID, Text: b.Text, File: s.File, Section: s, PartTitle: parts[s.Part], markdown: b.Markdown, line: b.Line})
		}
	}
	return out
}

// Pos returns the position in the content file of the byte offset off in
// the paragraph's plain text. The plain text is the Markdown minus its
// markup (** for the lead, \ before escaped characters), so walking both
// together and skipping what the text lacks finds the character.
func (p *Paragraph) Pos(off int) srcpos.Pos {
	md := p.markdown
	ti, mi := 0, 0
	for ti < off && ti < len(p.Text) && mi < len(md) {
		tr, tn := utf8.DecodeRuneInString(p.Text[ti:])
		mr, mn := utf8.DecodeRuneInString(md[mi:])
		if tr == mr {
			ti += tn
		}
		mi += mn
	}
	// Skip markup right before the character (a \ or a closing **).
	for mi < len(md) && ti < len(p.Text) {
		tr, _ := utf8.DecodeRuneInString(p.Text[ti:])
		mr, mn := utf8.DecodeRuneInString(md[mi:])
		if tr == mr {
			break
		}
		mi += mn
	}
	if mi > len(md) {
		mi = len(md)
	}
	before := md[:mi]
	line := p.line + strings.Count(before, "\n")
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return srcpos.Pos{File: p.File, Line: line, Col: col}
}

// Start is the position of the paragraph's first line in the content file.
func (p *Paragraph) Start() srcpos.Pos { return srcpos.Pos{File: p.File, Line: p.line, Col: 1} }

// Excerpt returns the Markdown line holding pos, for error messages.
func (p *Paragraph) excerptLine(pos srcpos.Pos) string {
	lines := strings.Split(p.markdown, "\n")
	i := pos.Line - p.line
	if i < 0 || i >= len(lines) {
		return ""
	}
	return lines[i]
}

// context returns up to n runes on each side of text[start:end], with the
// figure in brackets: "…生产总值【1712.60】亿元，增长…".
func context(text string, start, end, n int) string {
	before := []rune(text[:start])
	after := []rune(text[end:])
	l, r := "", ""
	if len(before) > n {
		before, l = before[len(before)-n:], "…"
	}
	if len(after) > n {
		after, r = after[:n], "…"
	}
	return l + string(before) + "【" + text[start:end] + "】" + string(after) + r
}
