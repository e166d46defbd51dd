package reportimport

import (
	"fmt"
	"strings"

	"reportsite/internal/content"
	"reportsite/internal/srcpos"
)

// entry is one step of a report read in order: a heading or a paragraph.
type entry struct {
	what string // "part", "section", "item", "paragraph"
	text string
	pos  srcpos.Pos // where it is in its own file
}

func (r *Report) entries() []entry {
	var out []entry
	at := func(line int) srcpos.Pos { return srcpos.Pos{File: r.File, Line: line, Col: 1} }
	paras := func(ps []Paragraph) {
		for _, p := range ps {
			out = append(out, entry{"paragraph", p.Text, at(p.Line)})
		}
	}
	paras(r.Preamble)
	for _, pt := range r.Parts {
		out = append(out, entry{"part", pt.Title, at(pt.Line)})
		paras(pt.Intro)
		for _, s := range pt.Sections {
			out = append(out, entry{"section", s.Title, at(s.Line)})
			paras(s.Paragraphs)
			for _, it := range s.Items {
				out = append(out, entry{"item", it.Title, at(it.Line)})
				paras(it.Paragraphs)
			}
		}
		paras(pt.Closing)
	}
	return out
}

// Entries flattens a content document the same way: a part's closing
// paragraphs (after {sections}) come after its subsections.
func docEntries(d *content.Document) []entry {
	var out, closing []entry
	for _, s := range d.Sections {
		at := func(line int) srcpos.Pos { return srcpos.Pos{File: s.File, Line: line, Col: 1} }
		if s.Kind == content.KindPart {
			out = append(out, closing...)
			closing = nil
			out = append(out, entry{"part", content.PlainText(s.TitleHTML), at(s.Line)})
		}
		if s.Kind == content.KindSection {
			out = append(out, entry{"section", content.PlainText(s.TitleHTML), at(s.Line)})
		}
		afterSections := false
		for _, b := range s.Blocks {
			switch b.Kind {
			case content.Sections:
				afterSections = true
			case content.Item:
				out = append(out, entry{"item", b.Text, at(b.Line)})
			case content.Paragraph:
				e := entry{"paragraph", b.Text, at(b.Line)}
				if afterSections {
					closing = append(closing, e)
				} else {
					out = append(out, e)
				}
			}
		}
	}
	return append(out, closing...)
}

// Verify checks that the Chinese content still says what the published text
// says, paragraph by paragraph and heading by heading, in the same order. A
// hand edit that changes the source text is an error: the text under
// seeds/ is the authority.
func Verify(r *Report, d *content.Document) error {
	want, got := r.entries(), docEntries(d)
	var errs srcpos.List
	for i := 0; i < len(want) || i < len(got); i++ {
		switch {
		case i >= len(got):
			errs.Addf(srcpos.Pos{File: d.Dir}, nil, "the content ends early: %s at %s (%q) is missing; re-run `reportsite import`", want[i].what, want[i].pos, clip(want[i].text))
		case i >= len(want):
			errs.Addf(got[i].pos, nil, "%s not in the published text (%s ends before it): remove it or re-run `reportsite import`", got[i].what, r.File)
		case want[i].what != got[i].what:
			errs.Addf(got[i].pos, nil, "expected the %s at %s (%q) here, found a %s (%q)", want[i].what, want[i].pos, clip(want[i].text), got[i].what, clip(got[i].text))
		case normalizeSpace(want[i].text) != normalizeSpace(got[i].text):
			col, w, g := firstDiff(want[i].text, got[i].text)
			errs.Addf(got[i].pos, nil, "%s text differs from the published text at %s, from character %d: published %q, content %q", got[i].what, want[i].pos, col, w, g)
		default:
			continue
		}
		if len(errs) >= 5 {
			break
		}
	}
	return errs.Err()
}

func normalizeSpace(s string) string { return strings.Join(strings.FieldsFunc(s, isSpace), " ") }

func clip(s string) string {
	r := []rune(s)
	if len(r) > 24 {
		return string(r[:24]) + "…"
	}
	return s
}

func firstDiff(a, b string) (int, string, string) {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	win := func(r []rune) string {
		end := i + 12
		if end > len(r) {
			end = len(r)
		}
		return string(r[i:end])
	}
	return i + 1, win(ra), win(rb)
}

var _ = fmt.Sprint
