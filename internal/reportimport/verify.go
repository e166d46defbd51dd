package reportimport

import (
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
	same := func(w, g entry) bool { return w.what == g.what && normalizeSpace(w.text) == normalizeSpace(g.text) }
	// after names the place of a missing entry: after the content's
	// previous entry, or the content folder when there is none.
	after := func(j int) (srcpos.Pos, string) {
		if j > 0 {
			return got[j-1].pos, "after this " + got[j-1].what
		}
		return srcpos.Pos{File: d.Dir}, "at the start"
	}
	var errs srcpos.List
	i, j := 0, 0
	for (i < len(want) || j < len(got)) && len(errs) < 5 {
		switch {
		case i < len(want) && j < len(got) && same(want[i], got[j]):
			i, j = i+1, j+1
		case j >= len(got) || i+1 < len(want) && same(want[i+1], got[j]):
			// One entry of the text is missing from the content.
			pos, where := after(j)
			errs.Addf(pos, nil, "the %s at %s (%q) is missing from the content %s: restore it or re-run `reportsite import`", want[i].what, want[i].pos, clip(want[i].text), where)
			i++
		case i >= len(want) || j+1 < len(got) && same(want[i], got[j+1]):
			errs.Addf(got[j].pos, nil, "%s %q is not in the published text %s: remove it or re-run `reportsite import`", got[j].what, clip(got[j].text), r.File)
			j++
		case want[i].what != got[j].what:
			errs.Addf(got[j].pos, nil, "expected the %s at %s (%q) here, found a %s (%q)", want[i].what, want[i].pos, clip(want[i].text), got[j].what, clip(got[j].text))
			i, j = i+1, j+1
		default:
			col, w, g := firstDiff(want[i].text, got[j].text)
			errs.Addf(got[j].pos, nil, "%s text differs from the published text at %s, from character %d: published %q, content %q", got[j].what, want[i].pos, col, w, g)
			i, j = i+1, j+1
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

// firstDiff returns the 1-based character where a and b first differ and
// a window of each from a few characters before it, for context.
func firstDiff(a, b string) (int, string, string) {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	start := max(0, i-8)
	win := func(r []rune) string {
		end := min(len(r), i+12)
		w := string(r[start:end])
		if start > 0 {
			w = "…" + w
		}
		if end < len(r) {
			w += "…"
		}
		return w
	}
	return i + 1, win(ra), win(rb)
}
