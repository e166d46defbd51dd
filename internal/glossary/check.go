package glossary

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

// Unit is one aligned pair: a Chinese paragraph (or heading, or page
// title) and its English counterpart.
type Unit struct {
	ID string // paragraph or heading id; "title-<slug>" for a page title
	ZH string // plain text, as a reader sees it
	EN string // plain text
	// ZHSource is the Chinese as written in the file (Markdown), starting
	// at ZHPos; it is used to point at the term in error messages.
	ZHSource string
	ZHPos    srcpos.Pos
	ENPos    srcpos.Pos
}

// Result is what the check found.
type Result struct {
	// Found lists, per unit id, the terms its Chinese contains (each once,
	// in order of first occurrence).
	Found map[string][]*Term
	// Uses counts the units each term occurs in.
	Uses map[*Term]int
	// Checked is the number of (unit, term) pairs checked; Exempted of
	// them were covered by an exception.
	Checked, Exempted int
	Errors            srcpos.List
}

// Check checks every unit and the glossary itself against the texts: a
// rendering missing from the English, a term that occurs in no unit, and
// an exception that exempts nothing are errors.
func (g *Glossary) Check(units []Unit) *Result {
	r := &Result{Found: map[string][]*Term{}, Uses: map[*Term]int{}}
	type key struct{ term, para string }
	exc := map[key]*Exception{}
	used := map[*Exception]bool{}
	for _, e := range g.Exceptions {
		exc[key{e.Term, e.Paragraph}] = e
	}
	files := map[string][]byte{}
	source := func(file string) []byte {
		if b, ok := files[file]; ok {
			return b
		}
		b, _ := os.ReadFile(file) // only for the excerpt under a message
		files[file] = b
		return b
	}
	for _, u := range units {
		occ := g.Find(u.ZH)
		if len(occ) == 0 {
			continue
		}
		var en *text
		seen := map[*Term]bool{}
		for _, o := range occ {
			t := o.Term
			if seen[t] {
				continue
			}
			seen[t] = true
			r.Found[u.ID] = append(r.Found[u.ID], t)
			r.Uses[t]++
			r.Checked++
			if e, ok := exc[key{t.ZH, u.ID}]; ok {
				used[e] = true
				r.Exempted++
				continue
			}
			if en == nil {
				en = newText(u.EN)
			}
			if t.matchIn(en) {
				continue
			}
			zhPos := locate(u, t.ZH)
			r.Errors.Add(srcpos.Errorf(u.ENPos, source(u.ENPos.File),
				"%s %s is in the Chinese (%s) but none of its renderings is here: want %s (%s:%d). Use the rendering, add the wording to its alt_en, or add an [[exception]] with term = %q, paragraph = %q and a reason",
				u.ID, t.ZH, zhPos, quoteList(t.Renderings()), g.File, t.Pos.Line, t.ZH, u.ID))
		}
	}
	for _, t := range g.Terms {
		if r.Uses[t] == 0 {
			r.Errors.Addf(t.Pos, g.src, "term %s occurs in no report's Chinese text: correct it to the report's wording or remove it", t.ZH)
		}
	}
	for _, e := range g.Exceptions {
		if !used[e] {
			r.Errors.Addf(e.Pos, g.src, "exception for %s in %s exempts nothing (the term is not in that paragraph's Chinese): remove it", e.Term, e.Paragraph)
		}
	}
	return r
}

func (t *Term) matchIn(en *text) bool {
	for _, p := range t.renderings {
		if _, _, ok := en.find(p); ok {
			return true
		}
	}
	return false
}

// locate points at the first occurrence of zh in the unit's source.
func locate(u Unit, zh string) srcpos.Pos {
	pos := u.ZHPos
	i := strings.Index(u.ZHSource, zh)
	if i < 0 {
		return pos
	}
	before := u.ZHSource[:i]
	if nl := strings.LastIndexByte(before, '\n'); nl >= 0 {
		pos.Line += strings.Count(before, "\n")
		pos.Col = utf8.RuneCountInString(before[nl+1:]) + 1
	} else {
		if pos.Col == 0 {
			pos.Col = 1
		}
		pos.Col += utf8.RuneCountInString(before)
	}
	return pos
}

func quoteList(rs []string) string {
	q := make([]string, len(rs))
	for i, r := range rs {
		q[i] = "«" + r + "»"
	}
	if len(q) == 1 {
		return q[0]
	}
	return q[0] + " (or " + strings.Join(q[1:], ", ") + ")"
}

// Summary describes a result in one line, for build logs and reports.
func (r *Result) Summary(g *Glossary) string {
	byCat := map[string]int{}
	n := 0
	for _, t := range g.Terms {
		if r.Uses[t] > 0 {
			byCat[t.Category]++
			n++
		}
	}
	var parts []string
	for _, c := range Categories {
		if byCat[c] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, byCat[c]))
		}
	}
	return fmt.Sprintf("%d terms occur (%s); %d term uses checked, %d exempted, %d problems",
		n, strings.Join(parts, ", "), r.Checked, r.Exempted, len(r.Errors))
}
