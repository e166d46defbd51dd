package quantity

import (
	"fmt"
	"sort"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// NameDecl is one numeral declared in data/<report>/numerals.toml as a
// name rather than a quantity (“1310”, metro Line 3). The file is shared by
// the numbers check and the dataset's coverage check:
//
//	[[name]]
//	text = "1310"          # as written in the Chinese paragraph
//	paragraph = "pe10e90"  # the paragraph it occurs in
//	reason = "programme name: …"
//	en = "1 centre + N bases"  # optional: the English form, when it is not text
//
// A numeral listed twice in one paragraph is harmless: every occurrence of
// a declared text in its paragraph is a name.
type NameDecl struct {
	Text      string     `toml:"text"`
	Paragraph string     `toml:"paragraph"`
	Reason    string     `toml:"reason"`
	En        string     `toml:"en"`
	Pos       srcpos.Pos `toml:"-"` // the [[name]] header
}

// EnglishText is the name as the English edition writes it.
func (d NameDecl) EnglishText() string {
	if d.En != "" {
		return d.En
	}
	return d.Text
}

// Names are the declarations of one report, by paragraph id.
type Names struct {
	File  string
	Decls []NameDecl
	src   []byte
}

// LoadNames reads numerals.toml strictly: unknown keys, a missing text,
// paragraph or reason, and a text without a digit are positioned errors.
// It does not look at the report: CheckNames does.
func LoadNames(path string) (*Names, error) {
	var f struct {
		Name []NameDecl `toml:"name"`
	}
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		return nil, err
	}
	n := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(l) == "[[name]]" && n < len(f.Name) {
			f.Name[n].Pos = srcpos.Pos{File: path, Line: i + 1, Col: 1}
			n++
		}
	}
	var errs srcpos.List
	for _, d := range f.Name {
		switch {
		case strings.TrimSpace(d.Text) == "":
			errs.Addf(d.Pos, src, "a [[name]] needs text = \"…\": the numeral as written in the Chinese paragraph")
		case !strings.ContainsFunc(d.Text, func(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }):
			errs.Addf(d.Pos, src, "text = %q has no digit: only numerals written in digits need declaring", d.Text)
		}
		if strings.TrimSpace(d.Paragraph) == "" {
			errs.Addf(d.Pos, src, "a [[name]] needs paragraph = \"p…\": the id of the paragraph it occurs in")
		}
		if strings.TrimSpace(d.Reason) == "" {
			errs.Addf(d.Pos, src, "a [[name]] needs reason = \"…\": why this numeral names rather than measures")
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return &Names{File: path, Decls: f.Name, src: src}, nil
}

// For returns the declarations for one paragraph, in file order.
func (ns *Names) For(paragraph string) []NameDecl {
	if ns == nil {
		return nil
	}
	var out []NameDecl
	for _, d := range ns.Decls {
		if d.Paragraph == paragraph {
			out = append(out, d)
		}
	}
	return out
}

// Paragraphs returns the ids of the paragraphs with declarations, sorted.
func (ns *Names) Paragraphs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, d := range ns.Decls {
		if !seen[d.Paragraph] {
			seen[d.Paragraph] = true
			ids = append(ids, d.Paragraph)
		}
	}
	sort.Strings(ids)
	return ids
}

// Errorf positions a problem with a declaration at its [[name]] header.
func (ns *Names) Errorf(d NameDecl, format string, args ...any) *srcpos.Error {
	return srcpos.Errorf(d.Pos, ns.src, format, args...)
}

// NameProblem is a declared name that does not fit the text.
type NameProblem struct {
	Decl   NameDecl
	Offset int // where in the text (-1 when it occurs nowhere)
	Msg    string
}

// ApplyNames marks the numbers of a paragraph that are declared names:
// every whole occurrence of a declared form (text for Chinese, EnglishText
// for English, chosen by english) becomes one Number of Kind Name, replacing
// the numbers read inside it. A declared name that occurs nowhere in the
// text, or whose occurrence is directly followed by a measuring unit (a
// number followed by a unit can never be a name), is a problem.
func ApplyNames(text string, nums []Number, decls []NameDecl, english bool) ([]Number, []NameProblem) {
	var problems []NameProblem
	type span struct {
		a, b int
		d    NameDecl
	}
	var spans []span
	for _, d := range decls {
		form := d.Text
		if english {
			form = d.EnglishText()
		}
		found := false
		for from := 0; from <= len(text); {
			k := strings.Index(text[from:], form)
			if k < 0 || form == "" {
				break
			}
			a, b := from+k, from+k+len(form)
			from = b
			if !wholeToken(text, a, b) {
				continue
			}
			unitAfter := ""
			for _, n := range nums {
				if n.DigitStart >= a && n.DigitStart < b && n.End > b && n.Unit != "" && n.Kind == Quantity {
					unitAfter = n.Unit
					if !english {
						problems = append(problems, NameProblem{d, a, fmt.Sprintf("%q is followed by the unit %q (%s): a number followed by a unit can never be declared a name; remove the declaration", form, n.Unit, n.Text)})
					}
				}
			}
			if english && unitAfter != "" {
				continue // a quantity that happens to share the digits: "3 km" beside "Line 3"
			}
			found = true
			dup := false
			for _, s := range spans {
				if s.a == a && s.b == b {
					dup = true
				}
			}
			if !dup {
				spans = append(spans, span{a, b, d})
			}
		}
		if !found {
			problems = append(problems, NameProblem{d, -1, fmt.Sprintf("the declared name %q occurs nowhere in paragraph %s: correct text (as written) or paragraph, or remove the declaration", form, d.Paragraph)})
		}
	}
	if len(spans) == 0 {
		return nums, problems
	}
	var out []Number
	for _, n := range nums {
		inName := false
		for _, s := range spans {
			if n.DigitStart >= s.a && n.DigitStart < s.b {
				inName = true
			}
		}
		if !inName {
			out = append(out, n)
		}
	}
	for _, s := range spans {
		out = append(out, Number{Start: s.a, End: s.b, DigitStart: firstDigit(text, s.a, s.b), Digits: text[s.a:s.b], Class: Label, Kind: Name, Text: text[s.a:s.b], Declared: s.d.Text})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DigitStart < out[j].DigitStart })
	return out, problems
}

// wholeToken says whether text[a:b] is not part of a longer number or word:
// "3" in 3号线 but not in 13.1% or 3.5.
func wholeToken(text string, a, b int) bool {
	if a > 0 {
		c := text[a-1]
		if isWordByte(c) || c == '.' && a > 1 && isDigitAt(text, a-2) || c == ',' && a > 1 && isDigitAt(text, a-2) && isDigitAt(text, a) {
			return false
		}
		if c >= 0x80 && isDigitAt(text, a) {
			// a full-width digit ends just before a
			if a >= 3 && isDigitAt(text, a-3) {
				return false
			}
		}
	}
	if b < len(text) {
		c := text[b]
		if isDigitAt(text, b) || isWordByte(c) && isDigitAt(text, b-1) {
			return false
		}
		if (c == '.' || c == ',') && isDigitAt(text, b+1) {
			return false
		}
	}
	return true
}

func firstDigit(text string, a, b int) int {
	for i := a; i < b; i++ {
		if isDigitAt(text, i) {
			return i
		}
	}
	return a
}
