package site

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"reportsite/internal/export"
)

// TestExportFeatureFiles: the real build publishes every download under
// data/<report>/, as the export feature lists them for the dataset page.
func TestExportFeatureFiles(t *testing.T) {
	p, err := Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	x, ok := FeatureOf[*ExportFeature](p)
	if !ok {
		t.Fatal("the export feature is not registered")
	}
	listed := x.downloadList(realReport) // waits for the files
	files := x.files[realReport]
	var names []string
	for i, f := range files {
		names = append(names, f.Name)
		if listed[i].Name != f.Name || listed[i].MediaType != f.MediaType || listed[i].Bytes != len(f.Data) {
			t.Errorf("the link to %s says %+v", f.Name, listed[i])
		}
	}
	want := []string{export.CSVName, export.ExcelCSVName, export.XLSXName, export.JSONName, export.DataPackageName,
		export.ReadmeName, export.ChangelogName, export.ZipName(realReport)}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("downloads %v, want %v", names, want)
	}
	out, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if got, ok := out["data/"+realReport+"/"+f.Name]; !ok || string(got) != string(f.Data) || len(f.Data) == 0 {
			t.Errorf("data/%s/%s is not published as listed", realReport, f.Name)
		}
	}
	// The datasets are the dataset feature's (checked once).
	d, ok := FeatureOf[*DatasetFeature](p)
	if !ok || d.Dataset(realReport) == nil || !strings.Contains(string(out["data/"+realReport+"/"+export.CSVName]), d.Dataset(realReport).Indicators[0].Quote) {
		t.Error("the export does not show the dataset feature's indicators")
	}
}

// TestExportChangelogGuards: the build refuses a dataset without a
// changelog, or one edited without a new version, and says where.
func TestExportChangelogGuards(t *testing.T) {
	if testing.Short() {
		t.Skip("copies and loads the project twice")
	}
	root := copyProject(t) // rebuild_test.go
	changelog := filepath.Join(root, "data", realReport, export.ChangelogFile)
	indicators := filepath.Join(root, "data", realReport, "indicators.toml")

	src, err := os.ReadFile(indicators)
	if err != nil {
		t.Fatal(err)
	}
	// A silent edit: a note changed, no new version.
	edited := strings.Replace(string(src), "\nquote = ", "\nnote = \"Edited.\"\nquote = ", 1)
	if strings.Contains(string(src), "\nnote = \"Edited.\"") || edited == string(src) {
		t.Fatal("cannot make the edit")
	}
	if err := os.WriteFile(indicators, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(root)
	if err == nil || !strings.Contains(err.Error(), changelog+":") || !strings.Contains(err.Error(), "never edited silently") {
		t.Errorf("a silent edit: got %v", err)
	}
	if err := os.Remove(changelog); err != nil {
		t.Fatal(err)
	}
	_, err = Load(root)
	if err == nil || !strings.Contains(err.Error(), changelog+": missing") || !strings.Contains(err.Error(), "fingerprint = \"sha256:") {
		t.Errorf("no changelog: got %v", err)
	}
}

// TestBuildForgetsHandedFiles: a build that asks for the features' files
// once (Build) has the features drop them once handed over, and writes
// the same files as a build that keeps them (Render).
func TestBuildForgetsHandedFiles(t *testing.T) {
	kept, err := Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Render(context.Background(), kept)
	if err != nil {
		t.Fatal(err)
	}
	if x, _ := FeatureOf[*ExportFeature](kept); len(x.files[realReport]) == 0 {
		t.Fatal("Render dropped the downloads: it may be asked for them again")
	}

	p, err := Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := loadTemplates(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string][]byte{}
	modelsMade, madeWritten := 0, 0
	err = emit(context.Background(), p, pooledPages(tmpl), func(name string, b []byte, done func()) error {
		b = bytes.Clone(b)
		if done != nil {
			done()
		}
		mu.Lock()
		defer mu.Unlock()
		got[name] = b
		return nil
	}, emitHooks{modelsMade: func() { modelsMade++ }, madeWritten: func() { madeWritten++ }, forgetFiles: true})
	if err != nil {
		t.Fatal(err)
	}
	if modelsMade != 1 || madeWritten != 1 {
		t.Errorf("hooks called %d and %d times, want once each", modelsMade, madeWritten)
	}
	x, _ := FeatureOf[*ExportFeature](p)
	if x.files != nil {
		t.Error("the export feature still holds the downloads it handed over")
	}
	c, _ := FeatureOf[*ChartsFeature](p)
	for id, rc := range c.reports {
		if rc.files != nil {
			t.Errorf("the charts feature still holds %s's chart files", id)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d files, Render writes %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs from Render's", name)
		}
	}
}

// fileFeature is a feature with one file of its own and no pages.
type fileFeature struct{ name string }

func (fileFeature) Load(*Project) error            { return nil }
func (fileFeature) Pages(*Project, string) []*Page { return nil }
func (f fileFeature) Files(_ *Project, out map[string][]byte) error {
	out[f.name] = []byte("x")
	return nil
}

// TestFileNamedLikeAPage: a feature's file that has the name of a page or
// of another file is an error that names it, whatever the timing (the
// features' files are written while the pages are made).
func TestFileNamedLikeAPage(t *testing.T) {
	for _, name := range []string{"en/index.html", "sitemap.xml", "assets/site.css", "data/" + realReport + "/" + export.CSVName} {
		p, err := Load(realRoot)
		if err != nil {
			t.Fatal(err)
		}
		p.features = append(p.features, fileFeature{name})
		_, err = Render(context.Background(), p)
		if err == nil || !strings.Contains(err.Error(), "write "+name) {
			t.Errorf("a feature's file %s: error %v, want one naming it", name, err)
		}
	}
}
