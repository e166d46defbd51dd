package dataset

import (
	"fmt"
	"strings"

	"reportsite/internal/quantity"
	"reportsite/internal/srcpos"
)

// Coverage says how every number written in digits in the report's Chinese
// text is accounted for: as the figure of an indicator (its value_text or
// base_text, at that very place), as a declared name, or as a year or a
// date. Unaccounted must be empty: a number that is none of these is a fact
// missing from the dataset.
type Coverage struct {
	Numbers     int            // every number the scanner found (a name such as 1+3+6 counts once)
	Values      int            // the value_text of an indicator
	Bases       int            // the base_text of an indicator
	Names       int            // declared in numerals.toml
	Years       int            // calendar years (2023年, 2022-2023学年)
	Dates       int            // months and days (3月, 6月30日)
	Unaccounted []*Unaccounted // neither: each one fails the build
	// Where says, for each paragraph id, which indicator or name accounts
	// for the number at each byte offset of the text (the English check and
	// the pages use it).
	Where map[string]map[int]Account
}

// Account is what a number of the text is.
type Account struct {
	Indicator *Indicator // the indicator whose value or base it is, or nil
	Base      bool       // it is the indicator's base_text
	Name      string     // the declared name it belongs to
	Kind      quantity.Kind
}

// Unaccounted is a number of the text that nothing accounts for.
type Unaccounted struct {
	Paragraph string
	Pos       srcpos.Pos // in the content file
	Number    quantity.Number
	Context   string // the number with the words around it
	Offset    int    // byte offset of its first digit in the paragraph's text
}

func (u *Unaccounted) String() string {
	return fmt.Sprintf("%s: paragraph %s: %s %s", u.Pos, u.Paragraph, u.Number.Digits+u.Number.Unit, u.Context)
}

// ScanParagraph returns the numbers of a paragraph with the declared names
// applied, and the problems with those declarations. It reads them
// through scans, which may be nil.
func (d *Dataset) ScanParagraph(p *Paragraph, scans *quantity.Memo) ([]quantity.Number, []quantity.NameProblem) {
	nums := scans.ScanZh(p.Text)
	return quantity.ApplyNames(p.Text, nums, d.Names.For(p.ID), false)
}

// cover accounts for every number of every paragraph.
func (d *Dataset) cover(scans *quantity.Memo) (*Coverage, srcpos.List) {
	var errs srcpos.List
	c := &Coverage{Where: map[string]map[int]Account{}}
	type claim struct {
		in   *Indicator
		base bool
	}
	claims := map[string]map[int]claim{}
	for _, in := range d.Indicators {
		m := claims[in.Paragraph]
		if m == nil {
			m = map[int]claim{}
			claims[in.Paragraph] = m
		}
		for _, cl := range []struct {
			off  int
			base bool
		}{{in.ValueOffset, false}, {in.BaseOffset, true}} {
			if cl.off < 0 {
				continue
			}
			if prev, dup := m[cl.off]; dup {
				errs.Addf(in.Pos, nil, "%s: the figure at this place of paragraph %s is already the figure of indicator %s (%s): one figure, one record", in.ID, in.Paragraph, prev.in.ID, prev.in.Pos)
				continue
			}
			m[cl.off] = claim{in, cl.base}
		}
	}
	used := map[*Indicator]int{}
	for _, p := range d.Paragraphs {
		nums, problems := d.ScanParagraph(p, scans)
		for _, pr := range problems {
			e := d.Names.Errorf(pr.Decl, "%s", pr.Msg)
			if pr.Offset >= 0 {
				e.Msg += fmt.Sprintf(" (at %s)", p.Pos(pr.Offset))
			}
			errs.Add(e)
		}
		where := map[int]Account{}
		c.Where[p.ID] = where
		for _, n := range nums {
			c.Numbers++
			if n.Kind == quantity.Name {
				c.Names++
				where[n.DigitStart] = Account{Name: n.Declared, Kind: n.Kind}
				for off, cl := range claims[p.ID] {
					if off >= n.Start && off < n.End {
						errs.Addf(cl.in.Pos, nil, "%s: its figure is inside %q, which numerals.toml declares a name in paragraph %s (%s): a figure is either an indicator or a name", cl.in.ID, n.Declared, p.ID, p.Pos(off))
					}
				}
				continue
			}
			if cl, ok := claims[p.ID][n.DigitStart]; ok {
				if cl.base {
					c.Bases++
				} else {
					c.Values++
				}
				used[cl.in]++
				where[n.DigitStart] = Account{Indicator: cl.in, Base: cl.base, Kind: n.Kind}
				continue
			}
			// A range of years (2023-2025年, 2022-2023学年) is read as range
			// parts in the calendar-year class.
			kind := n.Kind
			switch n.Class {
			case quantity.CalendarYear:
				kind = quantity.Year
			case quantity.Calendar:
				kind = quantity.Date
			}
			switch kind {
			case quantity.Year:
				c.Years++
				where[n.DigitStart] = Account{Kind: kind}
				continue
			case quantity.Date:
				c.Dates++
				where[n.DigitStart] = Account{Kind: kind}
				continue
			}
			u := &Unaccounted{Paragraph: p.ID, Pos: p.Pos(n.DigitStart), Number: n, Offset: n.DigitStart,
				Context: context(p.Text, n.DigitStart, n.DigitStart+len(n.Digits), 12)}
			c.Unaccounted = append(c.Unaccounted, u)
		}
	}
	// A claimed figure the scanner did not read as a number (inside a
	// longer run, say) would silently escape coverage.
	for _, in := range d.Indicators {
		want := 1
		if in.BaseOffset >= 0 {
			want = 2
		}
		if in.ValueOffset >= 0 && used[in] != want {
			errs.Addf(in.Pos, nil, "%s: the scanner does not read %s in paragraph %s as a number of its own (%s): check value_text and base_text", in.ID, in.ValueText, in.Paragraph, d.paragraphs[in.Paragraph].Pos(in.ValueOffset))
		}
	}
	return c, errs
}

// unaccountedErrors reports each unaccounted number where it is written.
func (d *Dataset) unaccountedErrors() srcpos.List {
	var errs srcpos.List
	for _, u := range d.Coverage.Unaccounted {
		e := srcpos.Errorf(u.Pos, nil, "paragraph %s: the number %s (%s) is not accounted for: add an indicator for it to %s (run `reportsite extract -report %s` for a proposal), or declare it in %s if it names rather than measures",
			u.Paragraph, strings.TrimSpace(u.Number.Digits+u.Number.Unit), u.Context, d.File, d.Report, NamesFile)
		e.Excerpt = d.paragraphs[u.Paragraph].excerptLine(u.Pos)
		errs.Add(e)
	}
	return errs
}

// Summary is a one-line account of coverage: "244 numbers: 186 values, …".
func (c *Coverage) Summary() string {
	return fmt.Sprintf("%d numbers in the text: %d indicator values, %d bases, %d declared names, %d years, %d dates; %d unaccounted",
		c.Numbers, c.Values, c.Bases, c.Names, c.Years, c.Dates, len(c.Unaccounted))
}
