package site

import (
	"reportsite/internal/content"
	"reportsite/internal/srcpos"
)

// Align checks that a translation has the same pages (slugs), the same
// headings and the same paragraphs (ids), in the same order, as the
// Chinese original. A missing, extra or misplaced paragraph is named in
// both files.
func Align(zh, other *content.Document) error {
	var errs srcpos.List
	type ref struct {
		sec *content.Section
		b   content.Block
	}
	flat := func(d *content.Document) (map[string]*content.Section, []ref) {
		slugs := map[string]*content.Section{}
		var refs []ref
		for _, s := range d.Sections {
			slugs[s.Slug] = s
			for _, b := range s.Blocks {
				if b.Kind != content.Sections {
					refs = append(refs, ref{s, b})
				}
			}
		}
		return slugs, refs
	}
	zs, zr := flat(zh)
	os, or := flat(other)
	for slug, s := range zs {
		o, ok := os[slug]
		if !ok {
			errs.Addf(srcpos.Pos{File: other.Dir}, nil, "missing page %s.md: the translation needs every page of %s", slug, s.File)
			continue
		}
		if o.Kind != s.Kind || o.Part != s.Part || o.Number != s.Number || o.Order != s.Order {
			errs.Addf(srcpos.Pos{File: o.File, Line: o.Line}, nil, "front matter (kind, part, number, order) differs from %s", s.File)
		}
	}
	for slug, o := range os {
		if _, ok := zs[slug]; !ok {
			errs.Addf(srcpos.Pos{File: o.File, Line: 1}, nil, "page %s has no Chinese original in %s", slug, zh.Dir)
		}
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	pos := func(r ref) srcpos.Pos {
		line := r.b.Line
		if r.b.Kind == content.Paragraph {
			line--
		}
		return srcpos.Pos{File: r.sec.File, Line: line, Col: 1}
	}
	for i := 0; i < len(zr) || i < len(or); i++ {
		switch {
		case i >= len(or):
			errs.Addf(srcpos.Pos{File: other.Dir}, nil, "translation ends early: %s (%s) has no counterpart", zr[i].b.ID, pos(zr[i]))
		case i >= len(zr):
			errs.Addf(pos(or[i]), nil, "extra block %s: the original has nothing here", or[i].b.ID)
		case zr[i].b.ID != or[i].b.ID || zr[i].b.Kind != or[i].b.Kind || zr[i].sec.Slug != or[i].sec.Slug:
			errs.Addf(pos(or[i]), nil, "expected %s (as at %s), found %s: paragraphs must match the original one to one, in order", zr[i].b.ID, pos(zr[i]), or[i].b.ID)
		default:
			continue
		}
		if len(errs) >= 5 {
			break
		}
	}
	return errs.Err()
}
