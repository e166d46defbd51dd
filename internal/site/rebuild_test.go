package site

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const seedReport = "nanhai-2023-h1-plan-execution"

// copyProject copies the project's inputs into a temporary directory, so
// that a test can edit them.
func copyProject(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range []string{"content", "data", "layouts", "seeds"} {
		copyTree(t, filepath.Join("..", "..", dir), filepath.Join(dst, dir))
	}
	return dst
}

func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// addSecondReport makes the project an archive of two reports: the seed
// again under another name and id.
func addSecondReport(t *testing.T, root string) string {
	t.Helper()
	id := seedReport + "-copy"
	copyTree(t, filepath.Join(root, "content", seedReport), filepath.Join(root, "content", id))
	copyTree(t, filepath.Join(root, "data", seedReport), filepath.Join(root, "data", id))
	seed, err := os.ReadFile(filepath.Join(root, "seeds", seedReport+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(root, "seeds", id+".txt"), seed)
	replaceIn(t, filepath.Join(root, "data", id, "report.toml"), `seed = "`+seedReport+`.txt"`, `seed = "`+id+`.txt"`)
	return id
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	writeFile(t, path, bytes.Replace(b, []byte(old), []byte(new), 1))
}

// fullBuild is the reference: what `reportsite build` renders.
func fullBuild(t *testing.T, root string) map[string][]byte {
	t.Helper()
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	for _, name := range sortedPaths(want) {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s missing from the incremental build", step, name)
		} else if !bytes.Equal(g, want[name]) {
			t.Errorf("%s: %s differs from a full build", step, name)
		}
	}
	for _, name := range sortedPaths(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is not in a full build", step, name)
		}
	}
}

// TestRebuilderMatchesFullBuild edits each kind of input in turn and checks
// that the incremental build is byte-for-byte the full build, and that it
// reused what it should.
func TestRebuilderMatchesFullBuild(t *testing.T) {
	root := copyProject(t)
	other := addSecondReport(t, root)
	b := NewRebuilder(root)
	ctx := context.Background()

	files, st, err := b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "first build", files, fullBuild(t, root))
	if !st.TemplatesParsed || st.ReportsRead != 2 || st.PagesReused != 0 {
		t.Errorf("first build: %+v, want templates parsed, 2 reports read, nothing reused", st)
	}
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	reportPages, allPages := 0, len(p.Pages()) // the other report's pages
	for _, pg := range p.Pages() {
		if pg.Report != nil && pg.Report.ID == other {
			reportPages++
		}
	}
	if reportPages == 0 {
		t.Fatal("the second report has no pages")
	}

	// An English content edit in one report: the other report is neither
	// read nor rendered again, and the templates are reused.
	enFile := filepath.Join(root, "content", seedReport, "en", "1-1.md")
	replaceIn(t, enFile, "maintained steady growth", "maintained remarkably steady growth")
	b.Changed(enFile)
	files, st, err = b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "content edit", files, fullBuild(t, root))
	if !bytes.Contains(files["en/"+seedReport+"/1-1/index.html"], []byte("remarkably steady")) {
		t.Error("content edit: the edited page does not show the edit")
	}
	if st.TemplatesParsed || st.ReportsRead != 1 || st.ReportsReused != 1 {
		t.Errorf("content edit: %+v, want templates reused, 1 report read, 1 reused", st)
	}
	t.Logf("content edit: %+v", st)
	if st.PagesReused < reportPages {
		t.Errorf("content edit: %d pages reused, want at least the other report's %d", st.PagesReused, reportPages)
	}
	if st.PagesRendered == 0 || st.PagesRendered > allPages/10 {
		t.Errorf("content edit: %d of %d pages rendered again, want the few that show the edited paragraph", st.PagesRendered, allPages)
	}

	// A broken content file fails the build; after the fix the report is
	// read again even though the fix is a different event.
	replaceIn(t, enFile, "kind = \"section\"", "kind = \"nonsense\"")
	b.Changed(enFile)
	if _, _, err := b.Build(ctx); err == nil {
		t.Fatal("a broken front matter built")
	} else if !strings.Contains(err.Error(), "1-1.md:") {
		t.Errorf("the error does not name the file and line: %v", err)
	}
	replaceIn(t, enFile, "kind = \"nonsense\"", "kind = \"section\"")
	replaceIn(t, filepath.Join(root, "content", other, "en", "1-2.md"), "The", "This")
	b.Changed(filepath.Join(root, "content", other, "en", "1-2.md"))
	files, st, err = b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "fix after failure", files, fullBuild(t, root))
	if st.ReportsRead != 2 {
		t.Errorf("fix after failure: %d reports read, want 2 (the broken one and the newly edited one)", st.ReportsRead)
	}

	// A layout edit parses the templates again and renders every page.
	replaceIn(t, filepath.Join(root, "layouts", "baseof.html"), `<main id="main"`, `<main data-edited id="main"`)
	b.Changed(filepath.Join("layouts", "baseof.html"))
	files, st, err = b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "layout edit", files, fullBuild(t, root))
	if !st.TemplatesParsed || st.PagesReused != 0 || st.ReportsRead != 0 {
		t.Errorf("layout edit: %+v, want templates parsed, no page reused, no report read", st)
	}

	// Edits of what the dev server keeps from build to build (the parsed
	// glossary, the charts' drawings, the downloads) are seen: a
	// glossary definition, a chart's title, and an English sentence that
	// is an indicator's quote_en in the downloads.
	for _, edit := range []struct{ step, file, old, new, shows string }{
		{"glossary edit", filepath.Join(root, "data", "glossary.toml"), "the total value added of all resident producers", "the value added of all resident producers", "en/" + seedReport + "/glossary/index.html"},
		{"chart edit", filepath.Join(root, "data", seedReport, "charts.toml"), "what grew and what fell", "what rose and what fell", "data/" + seedReport + "/charts/"},
		{"quote edit", enFile, "the district's regional GDP reached", "the regional GDP of the district reached", "data/" + seedReport + "/indicators.csv"},
	} {
		before, _, err := b.Build(ctx)
		if err != nil {
			t.Fatal(err)
		}
		replaceIn(t, edit.file, edit.old, edit.new)
		b.Changed(edit.file)
		files, _, err = b.Build(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, edit.step, files, fullBuild(t, root))
		changed := false
		for name := range files {
			if strings.HasPrefix(name, edit.shows) && !bytes.Equal(files[name], before[name]) {
				changed = true
			}
		}
		if !changed {
			t.Errorf("%s: nothing under %s changed", edit.step, edit.shows)
		}
	}

	// A data edit redoes everything.
	i18n := filepath.Join(root, "data", "i18n.toml")
	b.Changed(i18n)
	files, st, err = b.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, "data edit", files, fullBuild(t, root))
	if st.ReportsRead != 2 || st.PagesReused != 0 {
		t.Errorf("data edit: %+v, want both reports read and no page reused", st)
	}
}

func BenchmarkRebuildContentEdit(b *testing.B) {
	root := copyProject(b)
	rb := NewRebuilder(root)
	ctx := context.Background()
	if _, _, err := rb.Build(ctx); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(root, "content", seedReport, "en", "1-1.md")
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	var load, render time.Duration
	for b.Loop() {
		i++
		edited := bytes.Replace(orig, []byte("maintained steady growth"), []byte("maintained steady growth "+strings.Repeat("very ", i%7+1)), 1)
		if err := os.WriteFile(path, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		rb.Changed(path)
		_, st, err := rb.Build(ctx)
		if err != nil {
			b.Fatal(err)
		}
		load += st.Load
		render += st.Render
	}
	b.ReportMetric(float64(load.Milliseconds())/float64(i), "ms-load/op")
	b.ReportMetric(float64(render.Milliseconds())/float64(i), "ms-render/op")
}
