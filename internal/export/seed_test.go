package export

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/dataset"
)

// The seed report, as the site builds it: the tests export the real data.
const seedReport = "nanhai-2023-h1-plan-execution"

var root = filepath.Join("..", "..")

var seed struct {
	once  sync.Once
	table *Table
	files []File
	inds  []*dataset.Indicator
	err   error
}

// seedTable returns the seed's table and bundle, built once.
func seedTable(t testing.TB) (*Table, []File) {
	t.Helper()
	seed.once.Do(func() {
		seed.table, seed.err = loadSeed()
		if seed.err == nil {
			seed.files, seed.err = Bundle(seed.table)
		}
	})
	if seed.err != nil {
		t.Fatal(seed.err)
	}
	return seed.table, seed.files
}

func loadSeed() (*Table, error) {
	m, err := seedMeta()
	if err != nil {
		return nil, err
	}
	zh, err := content.ReadDocument(seedReport, "zh", filepath.Join(root, "content", seedReport, "zh"))
	if err != nil {
		return nil, err
	}
	en, err := content.ReadDocument(seedReport, "en", filepath.Join(root, "content", seedReport, "en"))
	if err != nil {
		return nil, err
	}
	d, err := dataset.Open(seedReport, filepath.Join(root, "data", seedReport), zh)
	if err != nil {
		return nil, err
	}
	seed.inds = d.Indicators
	if err := m.Changelog.Check(d.Indicators, m.Edition); err != nil {
		return nil, err
	}
	return FromDocuments(m, d.Indicators, zh, en, nil)
}

func seedMeta() (Meta, error) {
	s, err := config.LoadSite(filepath.Join(root, "data", "site.toml"))
	if err != nil {
		return Meta{}, err
	}
	r, err := config.LoadReport(filepath.Join(root, "data", seedReport, "report.toml"))
	if err != nil {
		return Meta{}, err
	}
	log, err := LoadChangelog(filepath.Join(root, "data", seedReport, ChangelogFile))
	if err != nil {
		return Meta{}, err
	}
	text, err := os.ReadFile(filepath.Join(root, "seeds", r.Seed))
	if err != nil {
		return Meta{}, err
	}
	return Meta{
		Report: seedReport, TitleZh: r.TitleZh, TitleEn: r.TitleEn, IssuerZh: r.IssuerZh, IssuerEn: r.IssuerEn,
		Period: r.Period, Edition: r.Edition, SourceURL: r.SourceURL, Seed: r.Seed, SeedText: text,
		PublisherZh: s.PublisherZh, PublisherEn: s.PublisherEn, Licence: s.Licence, LicenceURL: s.LicenceURL,
		BaseURL: s.BaseURL, Changelog: log,
	}, nil
}

// fileNamed returns the bundle's file called name.
func fileNamed(t testing.TB, files []File, name string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("the bundle has no %s", name)
	return nil
}
