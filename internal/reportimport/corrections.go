package reportimport

import (
	"fmt"
	"os"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// ReadCorrections reads a corrections file ([[correction]] tables) strictly;
// a file that does not exist means no corrections.
func ReadCorrections(path string) ([]Correction, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	var f struct {
		Correction []Correction `toml:"correction"`
	}
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		return nil, err
	}
	// Position each correction at its [[correction]] header, for messages.
	n := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(l) == "[[correction]]" && n < len(f.Correction) {
			f.Correction[n].Pos = srcpos.Pos{File: path, Line: i + 1, Col: 1}
			n++
		}
	}
	return f.Correction, nil
}

// Correction is an explicit, reviewed fix for a place where the text is
// truly ambiguous. Corrections live in data/<report>/corrections.toml so
// that they are visible and reported, not hidden in heuristics.
type Correction struct {
	// Paragraph matches the paragraph whose text starts with this string.
	Paragraph string `toml:"paragraph"`
	// Place says where the paragraph belongs:
	//   "part-closing": it and the paragraphs after it, up to the next
	//   heading, close their part (they sum up the part rather than
	//   belonging to the preceding subsection or item).
	Place  string `toml:"place"`
	Reason string `toml:"reason"`
	// Pos is where the correction is declared, for messages.
	Pos srcpos.Pos `toml:"-"`
}

// Places lists the values Correction.Place accepts.
var Places = []string{"part-closing"}

func (p *parser) applyCorrections(cs []Correction) error {
	var errs srcpos.List
	for _, c := range cs {
		if c.Place != "part-closing" {
			errs.Addf(c.Pos, nil, "unknown place %q: use one of %s", c.Place, strings.Join(Places, ", "))
			continue
		}
		if strings.TrimSpace(c.Paragraph) == "" {
			errs.Addf(c.Pos, nil, "correction without paragraph: give the first words of the paragraph it moves")
			continue
		}
		if !p.move(c) {
			errs.Addf(c.Pos, nil, "correction matches no paragraph that can move to %s: no paragraph inside a subsection starts with %q (remove the correction if the text no longer needs it)", c.Place, c.Paragraph)
		}
	}
	return errs.Err()
}

// move applies one correction, reporting whether it matched.
func (p *parser) move(c Correction) bool {
	for _, pt := range p.rep.Parts {
		for _, s := range pt.Sections {
			// Candidate lists: the section's own paragraphs and each item's.
			lists := []*[]Paragraph{&s.Paragraphs}
			for _, it := range s.Items {
				lists = append(lists, &it.Paragraphs)
			}
			for li, list := range lists {
				for i, para := range *list {
					if !strings.HasPrefix(para.Text, c.Paragraph) {
						continue
					}
					moved := append([]Paragraph(nil), (*list)[i:]...)
					if s != pt.Sections[len(pt.Sections)-1] {
						return false // only text at the end of a part can close it
					}
					pt.Closing = append(moved, pt.Closing...)
					*list = (*list)[:i]
					p.note(para.Line, "correction (%s): %d paragraph(s) from here close part %s rather than the preceding %s — %s",
						c.Pos, len(moved), ChineseNumeral(pt.Number), what(li), c.Reason)
					return true
				}
			}
		}
	}
	return false
}

func what(li int) string {
	if li == 0 {
		return "subsection"
	}
	return fmt.Sprintf("item %d、", li)
}
