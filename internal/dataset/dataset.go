package dataset

import (
	"os"
	"path/filepath"
	"sort"

	"reportsite/internal/content"
	"reportsite/internal/quantity"
	"reportsite/internal/srcpos"
)

// Dataset is the checked dataset of one report. Open builds it; nothing in
// it changes afterwards, so pages and exports may share it.
type Dataset struct {
	Report     string
	Dir        string          // data/<report>/
	File       string          // data/<report>/indicators.toml
	Indicators []*Indicator    // in file order
	Names      *quantity.Names // numerals.toml (nil when the report declares none)
	Relations  []*Relation     // relations.toml, each checked (see Relation.Holds)
	Dismissed  []*Dismissal    // relations.toml: detected candidates that are not relations
	Candidates []*Candidate    // relations detected in the figures and neither declared nor dismissed
	Coverage   *Coverage       // how every number of the text is accounted for
	Paragraphs []*Paragraph    // the Chinese text, in reading order

	byID       map[string]*Indicator
	paragraphs map[string]*Paragraph
}

// Files a report's dataset is read from, in data/<report>/.
const (
	IndicatorsFile = "indicators.toml"
	NamesFile      = "numerals.toml"
	RelationsFile  = "relations.toml"
)

// Exists reports whether a report has a dataset (data/<report>/indicators.toml).
func Exists(dataDir string) bool {
	_, err := os.Stat(filepath.Join(dataDir, IndicatorsFile))
	return err == nil
}

// Open reads a report's dataset from dataDir and checks it against the
// Chinese text zh: every record's fields and quote (verify.go), coverage of
// every number of the text (coverage.go) and the declared relations
// (relations.go). All problems come back together, positioned. A relation
// that fails in the report itself is not a problem: it becomes a note on
// the indicators involved.
func Open(report, dataDir string, zh *content.Document) (*Dataset, error) {
	return open(report, dataDir, zh, nil, true)
}

// OpenScanned is Open reading the numbers of the text through scans,
// which the other stages of a build share.
func OpenScanned(report, dataDir string, zh *content.Document, scans *quantity.Memo) (*Dataset, error) {
	return open(report, dataDir, zh, scans, true)
}

// open is Open; with strict false (for the extractor) a missing
// indicators.toml is an empty dataset and unaccounted numbers are not
// errors.
func open(report, dataDir string, zh *content.Document, scans *quantity.Memo, strict bool) (*Dataset, error) {
	d := &Dataset{Report: report, Dir: dataDir, File: filepath.Join(dataDir, IndicatorsFile),
		byID: map[string]*Indicator{}, paragraphs: map[string]*Paragraph{}}
	d.Paragraphs = Paragraphs(zh)
	for _, p := range d.Paragraphs {
		d.paragraphs[p.ID] = p
	}
	var errs srcpos.List
	if strict || fileExists(d.File) {
		inds, src, err := Load(d.File)
		if err != nil {
			return nil, err
		}
		d.Indicators = inds
		errs = append(errs, d.verify(src)...)
	}
	for _, in := range d.Indicators {
		if _, dup := d.byID[in.ID]; !dup && in.ID != "" {
			d.byID[in.ID] = in
		}
	}
	if path := filepath.Join(dataDir, NamesFile); fileExists(path) {
		names, err := quantity.LoadNames(path)
		if err != nil {
			return nil, err
		}
		d.Names = names
	}
	if err := errs.Err(); err != nil {
		// Coverage and relations need sound records.
		return nil, err
	}
	cov, covErrs := d.cover(scans)
	d.Coverage = cov
	errs = append(errs, covErrs...)
	if strict {
		errs = append(errs, d.unaccountedErrors()...)
	}
	if path := filepath.Join(dataDir, RelationsFile); fileExists(path) {
		rels, dis, err := LoadRelations(path)
		if err != nil {
			return nil, err
		}
		d.Relations, d.Dismissed = rels, dis
	}
	errs = append(errs, d.checkRelations()...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	d.Candidates = d.undeclared(DetectRelations(d))
	for _, in := range d.Indicators {
		in.fixDisplay()
	}
	return d, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Indicator returns the indicator with id, or nil.
func (d *Dataset) Indicator(id string) *Indicator { return d.byID[id] }

// Paragraph returns the Chinese paragraph with id, or nil.
func (d *Dataset) Paragraph(id string) *Paragraph { return d.paragraphs[id] }

// InParagraph returns the indicators stated in a paragraph, in text order.
func (d *Dataset) InParagraph(id string) []*Indicator {
	var out []*Indicator
	for _, in := range d.Indicators {
		if in.Paragraph == id {
			out = append(out, in)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ValueOffset < out[j].ValueOffset })
	return out
}

// InSeries returns the indicators of a series, in file order.
func (d *Dataset) InSeries(series string) []*Indicator {
	var out []*Indicator
	for _, in := range d.Indicators {
		if in.Series == series {
			out = append(out, in)
		}
	}
	return out
}

// RelationsOf returns the declared relations an indicator takes part in.
func (d *Dataset) RelationsOf(id string) []*Relation {
	var out []*Relation
	for _, r := range d.Relations {
		for _, m := range r.Members() {
			if m == id {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// KindCount is the number of indicators of one kind.
type KindCount struct {
	Kind  string
	Count int
}

// CountsByKind counts the indicators by kind, in KindOrder (kinds without
// indicators are left out).
func (d *Dataset) CountsByKind() []KindCount {
	n := map[string]int{}
	for _, in := range d.Indicators {
		n[in.Kind]++
	}
	var out []KindCount
	for _, k := range KindOrder {
		if n[k] > 0 {
			out = append(out, KindCount{k, n[k]})
		}
	}
	return out
}
