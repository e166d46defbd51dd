package site

import (
	"fmt"
	"os"
	"path/filepath"

	"reportsite/internal/dataset"
	"reportsite/internal/export"
	"reportsite/internal/srcpos"
)

// ExportFeature writes each report's downloads under data/<report>/: the
// indicators as CSV (canonical and for spreadsheets), XLSX and JSON, the
// Data Package descriptor, README.txt, CHANGELOG.txt and a zip of them all
// with the original text (package export). Load checks the inputs and
// starts making the files on other cores; downloadList (pages show the sizes)
// and Files wait for them.
type ExportFeature struct {
	tables map[string]*export.Table  // report id → what its downloads are made from
	files  map[string][]export.File  // report id → its download files, in order
	listed map[string][]downloadFile // the same files without their bytes
	made   chan struct{}             // closed once files, listed and err are set
	err    error                     // from making the files
}

// downloadFile is a download file as its links show it.
type downloadFile struct {
	Name, MediaType string
	Bytes           int
}

func newExportFeature() Feature {
	return &ExportFeature{tables: map[string]*export.Table{}, files: map[string][]export.File{},
		listed: map[string][]downloadFile{}, made: make(chan struct{})}
}

// datasetProvider is a feature that opens and checks each report's dataset
// (the dataset feature): the export reuses its datasets rather than
// reading and checking them a second time.
type datasetProvider interface {
	Feature
	Dataset(report string) *dataset.Dataset
}

// Load checks what the downloads of every report with a dataset are made
// from and starts making them.
func (f *ExportFeature) Load(p *Project) error {
	provider, found := FeatureOf[datasetProvider](p)
	if !found {
		for _, c := range featureConstructors {
			if _, ok := c().(datasetProvider); ok {
				close(f.made)
				return nil // the dataset feature failed: its errors say why
			}
		}
	}
	var errs srcpos.List
	var reports []*Report
	var sets []*dataset.Dataset
	for _, r := range p.Reports {
		if !dataset.Exists(r.Meta.Dir) {
			continue
		}
		var d *dataset.Dataset
		if found {
			d = provider.Dataset(r.Meta.ID)
		} else {
			var err error
			if d, err = dataset.OpenScanned(r.Meta.ID, r.Meta.Dir, r.Docs["zh"], p.scans); err != nil {
				errs.Append(err)
				continue
			}
		}
		if d == nil {
			continue
		}
		reports, sets = append(reports, r), append(sets, d)
	}
	if err := errs.Err(); err != nil {
		close(f.made)
		return err
	}
	tables := make([]*export.Table, len(reports))
	for i, r := range reports {
		t, err := f.table(p, r, sets[i])
		if err != nil {
			errs.Append(err)
		}
		tables[i] = t
		f.tables[r.Meta.ID] = t
	}
	if err := errs.Err(); err != nil {
		close(f.made)
		return err
	}
	// The bundles (XLSX, zip…) are the build's costliest per-report work:
	// they are made on every core while the other features load and the
	// pages are made. Bundle fails only on an encoder's fault, never on
	// the inputs, which are checked above.
	go func() {
		defer close(f.made)
		files := make([][]export.File, len(reports))
		bundleErrs := make([]error, len(reports))
		forEachParallel(len(reports), func(i int) {
			// The dev server makes them again only when their table
			// changes (the table is all that Bundle reads).
			files[i], bundleErrs[i] = remember(p.memo, "export/"+reports[i].Meta.ID, tables[i], func() ([]export.File, error) { return export.Bundle(tables[i]) })
		})
		for i, r := range reports {
			if bundleErrs[i] != nil {
				f.err = fmt.Errorf("%s: making the downloads: %w", r.Meta.ID, bundleErrs[i])
				return
			}
			f.files[r.Meta.ID] = files[i]
			list := make([]downloadFile, len(files[i]))
			for j, file := range files[i] {
				list[j] = downloadFile{Name: file.Name, MediaType: file.MediaType, Bytes: len(file.Data)}
			}
			f.listed[r.Meta.ID] = list
		}
	}()
	return nil
}

// table checks a report's changelog and makes the table its downloads are
// written from.
func (f *ExportFeature) table(p *Project, r *Report, d *dataset.Dataset) (*export.Table, error) {
	path := filepath.Join(r.Meta.Dir, export.ChangelogFile)
	if _, err := os.Stat(path); err != nil {
		return nil, srcpos.Errorf(srcpos.Pos{File: path}, nil,
			"missing: a published dataset needs its changelog. Start it with [[version]] version = \"1.0.0\", date = %q, summary_en, summary_zh and fingerprint = %q (see internal/export/changelog.go)",
			r.Meta.Edition, export.Fingerprint(d.Indicators))
	}
	log, err := export.LoadChangelog(path)
	if err != nil {
		return nil, err
	}
	if err := log.Check(d.Indicators, r.Meta.Edition); err != nil {
		return nil, err
	}
	m := r.Meta
	meta := export.Meta{
		Report: m.ID, TitleZh: m.TitleZh, TitleEn: m.TitleEn, IssuerZh: m.IssuerZh, IssuerEn: m.IssuerEn,
		Period: m.Period, Edition: m.Edition, SourceURL: m.SourceURL, Seed: m.Seed, SeedText: r.Seed,
		PublisherZh: p.Site.PublisherZh, PublisherEn: p.Site.PublisherEn,
		Licence: p.Site.Licence, LicenceURL: p.Site.LicenceURL, BaseURL: p.Site.BaseURL,
		Changelog: log,
	}
	if m.Licence != "" {
		meta.Licence = m.Licence
	}
	return export.FromDocuments(meta, d.Indicators, r.Docs["zh"], r.Docs["en"], p.scans)
}

// Pages: the downloads have no pages of their own (the dataset pages link
// to them).
func (f *ExportFeature) Pages(p *Project, lang string) []*Page { return nil }

// Files writes the downloads under data/<report>/.
func (f *ExportFeature) Files(p *Project, out map[string][]byte) error {
	<-f.made
	if f.err != nil {
		return f.err
	}
	for _, r := range p.Reports {
		for _, file := range f.files[r.Meta.ID] {
			out["data/"+r.Meta.ID+"/"+file.Name] = file.Data
		}
	}
	return nil
}

// Table returns what a report's downloads are made from (nil when the
// report has no dataset); unlike downloadList, it does not wait.
func (f *ExportFeature) Table(report string) *export.Table { return f.tables[report] }

// downloadList returns a report's download files in display order (the
// data files, datapackage.json, README.txt, CHANGELOG.txt, the zip)
// without their bytes, for download buttons with sizes and schema.org
// distributions; nil when the report has no dataset. The original text is
// at data/<report>/<seed>. It waits until the files are made, and stays
// after forgetFiles.
func (f *ExportFeature) downloadList(report string) []downloadFile {
	<-f.made
	return f.listed[report]
}

// forgetFiles drops the downloads' bytes, which Files has handed over
// (see fileForgetter).
func (f *ExportFeature) forgetFiles() {
	<-f.made
	f.files = nil
}

// loadsAfterOthers: Load reads the dataset feature (see LoadsAfter).
func (f *ExportFeature) loadsAfterOthers() {}
