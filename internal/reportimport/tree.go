// Package reportimport reads a report as published (plain text) and finds
// its structure: title block, parts (一、), subsections （一）, numbered items
// (1、) and paragraphs with their lead sentences. It records every
// normalisation it applies, so that nothing is changed silently.
//
// The stages are: decode (encoding, line ends), classify lines, join broken
// lines, build the tree from the sequence of headings, apply the explicit
// corrections, and find leads.
package reportimport

// Report is the parsed structure of one report text.
type Report struct {
	File     string
	Meta     Meta
	Preamble []Paragraph // opening formula and other text before the first part
	Parts    []*Part
	Notes    []Note // every normalisation applied, in source order
}

// Meta is what the title block and the closing lines say about the report.
type Meta struct {
	Title      string `json:",omitempty"`
	Subtitle   string `json:",omitempty"`
	Date       string `json:",omitempty"` // YYYY-MM-DD, from the subtitle or the closing date line
	Meeting    string `json:",omitempty"`
	Presenter  string `json:",omitempty"`
	Salutation string `json:",omitempty"`
	Signature  string `json:",omitempty"` // a closing line naming the body, if any
}

// Part is a top-level division (一、二、).
type Part struct {
	Number   int
	Title    string
	Line     int
	Intro    []Paragraph
	Sections []*Section
	Closing  []Paragraph // paragraphs that close the part after its sections
}

// Section is a subsection （一）.
type Section struct {
	Number     int
	Title      string
	Line       int
	Paragraphs []Paragraph // before the first item
	Items      []*Item
}

// Item is a numbered item (1、) inside a subsection.
type Item struct {
	Number     int
	Title      string
	Line       int
	Paragraphs []Paragraph
}

// Paragraph is one paragraph of the report. Lead is the short opening
// sentence (including its full stop) when there is one; it is a prefix of Text.
type Paragraph struct {
	Text    string
	Lead    string `json:",omitempty"`
	Line    int
	EndLine int `json:",omitempty"` // set when the paragraph was joined from several lines
}

// Note is one normalisation or correction the importer applied.
type Note struct {
	Line int
	Msg  string
}

// Counts summarises the structure, for the import report and tests.
type Counts struct {
	Parts, Sections, Items, Paragraphs int
}

// Count returns the number of parts, subsections, items and paragraphs.
func (r *Report) Count() Counts {
	c := Counts{Parts: len(r.Parts), Paragraphs: len(r.Preamble)}
	for _, p := range r.Parts {
		c.Sections += len(p.Sections)
		c.Paragraphs += len(p.Intro) + len(p.Closing)
		for _, s := range p.Sections {
			c.Items += len(s.Items)
			c.Paragraphs += len(s.Paragraphs)
			for _, it := range s.Items {
				c.Paragraphs += len(it.Paragraphs)
			}
		}
	}
	return c
}

// Paragraphs returns every paragraph in reading order.
func (r *Report) Paragraphs() []Paragraph {
	var out []Paragraph
	out = append(out, r.Preamble...)
	for _, p := range r.Parts {
		out = append(out, p.Intro...)
		for _, s := range p.Sections {
			out = append(out, s.Paragraphs...)
			for _, it := range s.Items {
				out = append(out, it.Paragraphs...)
			}
		}
		out = append(out, p.Closing...)
	}
	return out
}
