package reportimport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"reportsite/internal/content"
)

// orderStep spaces the reading order so that a page can be inserted by
// hand between two others without renumbering.
const orderStep = 10

// Sections turns the parsed report into content sections. Ids, slugs and
// orders already assigned in prev (the existing Chinese content, may be
// nil) are kept: a paragraph keeps its id as long as its text is unchanged,
// so re-importing after an insertion changes only the new paragraph.
func Sections(r *Report, prev *content.Document) []*content.Section {
	a := newAssigner(prev)
	slug := func(kind string, part, number int, def string) string {
		if prev != nil {
			for _, s := range prev.Sections {
				if s.Kind == kind && s.Part == part && (kind != content.KindSection || s.Number == number) {
					return s.Slug // an editor may have renamed the page
				}
			}
		}
		return def
	}
	var out []*content.Section
	order := 0
	next := func() int { order += orderStep; return order }
	if len(r.Preamble) > 0 {
		s := &content.Section{Slug: "preamble", Kind: content.KindPreamble, Title: "", Order: next()}
		s.Blocks = a.paragraphs(r.Preamble)
		out = append(out, s)
	}
	for _, pt := range r.Parts {
		ps := &content.Section{Slug: slug(content.KindPart, pt.Number, 0, strconv.Itoa(pt.Number)), Kind: content.KindPart, Part: pt.Number, Title: content.Markdown(pt.Title, ""), Order: next()}
		ps.Blocks = a.paragraphs(pt.Intro)
		if len(pt.Sections) > 0 && len(pt.Closing) > 0 {
			ps.Blocks = append(ps.Blocks, content.Block{Kind: content.Sections})
			ps.Blocks = append(ps.Blocks, a.paragraphs(pt.Closing)...)
		}
		out = append(out, ps)
		for _, sec := range pt.Sections {
			s := &content.Section{Slug: slug(content.KindSection, pt.Number, sec.Number, fmt.Sprintf("%d-%d", pt.Number, sec.Number)), Kind: content.KindSection,
				Part: pt.Number, Number: sec.Number, Title: content.Markdown(sec.Title, ""), Order: next()}
			s.Blocks = a.paragraphs(sec.Paragraphs)
			for _, it := range sec.Items {
				s.Blocks = append(s.Blocks, content.Block{Kind: content.Item,
					ID: fmt.Sprintf("h-%d-%d-%d", pt.Number, sec.Number, it.Number), Markdown: content.Markdown(it.Title, "")})
				s.Blocks = append(s.Blocks, a.paragraphs(it.Paragraphs)...)
			}
			out = append(out, s)
		}
	}
	return out
}

type assigner struct {
	byText map[string]string // plain text → existing id
	used   map[string]bool
}

func newAssigner(prev *content.Document) *assigner {
	a := &assigner{byText: map[string]string{}, used: map[string]bool{}}
	if prev != nil {
		for _, s := range prev.Sections {
			for _, b := range s.Paragraphs() {
				if _, dup := a.byText[b.Text]; !dup {
					a.byText[b.Text] = b.ID
				}
			}
		}
	}
	return a
}

func (a *assigner) paragraphs(ps []Paragraph) []content.Block {
	var out []content.Block
	for _, p := range ps {
		id, ok := a.byText[p.Text]
		if !ok || a.used[id] {
			id = a.fresh(p.Text)
		}
		a.used[id] = true
		out = append(out, content.Block{Kind: content.Paragraph, ID: id, Markdown: content.Markdown(p.Text, p.Lead)})
	}
	return out
}

// fresh derives an id from the text itself, so that ids do not depend on
// the order in which paragraphs are met.
func (a *assigner) fresh(text string) string {
	sum := sha256.Sum256([]byte(text))
	h := hex.EncodeToString(sum[:])
	for n := 6; n <= len(h); n++ {
		id := "p" + h[:n]
		if !a.used[id] && !a.taken(id) {
			return id
		}
	}
	return "p" + h
}

// taken reports whether an existing paragraph (with other text) holds id.
func (a *assigner) taken(id string) bool {
	for _, v := range a.byText {
		if v == id {
			return true
		}
	}
	return false
}
