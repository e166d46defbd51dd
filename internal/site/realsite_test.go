package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"reportsite/internal/content"
	"reportsite/internal/reportimport"
)

// The real project: the repository's seeds/, content/, data/ and layouts/.
const (
	realRoot   = "../.."
	realReport = "nanhai-2023-h1-plan-execution"
)

// buildReal builds the real project into a fresh directory and returns it.
func buildReal(t testing.TB) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Root: realRoot, Out: out}); err != nil {
		t.Fatalf("building the real project: %v", err)
	}
	return out
}

// fileDigests returns the sha256 of every file under dir, by relative path.
func fileDigests(t testing.TB, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, path)
		sums[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// Two builds of the same input are byte-identical: no clock, no map
// order, no randomness reaches the output.
func TestBuildIsDeterministic(t *testing.T) {
	first, second := fileDigests(t, buildReal(t)), fileDigests(t, buildReal(t))
	if len(first) == 0 {
		t.Fatal("the build wrote no files")
	}
	for name, sum := range first {
		switch other, ok := second[name]; {
		case !ok:
			t.Errorf("%s is only in the first build", name)
		case other != sum:
			t.Errorf("%s differs between two builds (sha256 %s, then %s)", name, sum[:12], other[:12])
		}
	}
	for name := range second {
		if _, ok := first[name]; !ok {
			t.Errorf("%s is only in the second build", name)
		}
	}
	t.Logf("%d files compared", len(first))
}

var (
	paragraphRe = regexp.MustCompile(`(?s)<p id="([^"]+)"[^>]*>(.*?)</p>`)
	anchorRe    = regexp.MustCompile(`(?s)<a class="anchor"[^>]*>.*?</a>`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
)

// pageParagraphs returns the text of each paragraph with an id on a page,
// as a reader sees it (the ¶ link left out).
func pageParagraphs(page []byte) map[string]string {
	out := map[string]string{}
	for _, m := range paragraphRe.FindAllSubmatch(page, -1) {
		text := anchorRe.ReplaceAll(m[2], nil)
		text = tagRe.ReplaceAll(text, nil)
		out[string(m[1])] = strings.Join(strings.Fields(html.UnescapeString(string(text))), " ")
	}
	return out
}

// Every paragraph of the seed is on the Chinese pages of the report (its
// overview and text pages) exactly once, word for word, and those pages
// hold no paragraph the seed does not have.
func TestEveryParagraphOnceOnChinesePages(t *testing.T) {
	out := buildReal(t)
	doc, err := content.ReadDocument(realReport, "zh", filepath.Join(realRoot, "content", realReport, "zh"))
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"zh/" + realReport + "/index.html"}
	for _, s := range doc.Sections {
		if s.Kind != content.KindPreamble {
			pages = append(pages, "zh/"+realReport+"/"+s.Slug+"/index.html")
		}
	}
	seen := map[string][]string{} // paragraph text → pages and ids showing it
	total := 0
	for _, name := range pages {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		for id, text := range pageParagraphs(b) {
			if !strings.HasPrefix(id, "p") {
				continue // not a paragraph of the report (a chart's caption…)
			}
			seen[text] = append(seen[text], name+"#"+id)
			total++
		}
	}
	corr, err := LoadCorrections(filepath.Join(realRoot, "data", realReport))
	if err != nil {
		t.Fatal(err)
	}
	seedPath := filepath.Join(realRoot, "seeds", realReport+".txt")
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	r, err := reportimport.Parse(seedPath, seed, corr)
	if err != nil {
		t.Fatal(err)
	}
	paras := r.Paragraphs()
	for _, p := range paras {
		text := strings.Join(strings.Fields(p.Text), " ")
		if got := seen[text]; len(got) != 1 {
			t.Errorf("the paragraph of seed line %d appears %d times on the Chinese pages %v: %.40s…", p.Line, len(got), got, p.Text)
		}
		delete(seen, text)
	}
	for text, where := range seen {
		t.Errorf("%v shows a paragraph that is not in the seed: %.60s…", where, text)
	}
	if total != len(paras) || len(paras) != 57 {
		t.Errorf("%d paragraphs on the Chinese pages, %d in the seed, want 57", total, len(paras))
	}
}

// blockStart marks where the golden files of pages break lines: the
// layouts break some lines and not others, and long runs of block tags on
// one line would make a diff useless.
var blockStart = regexp.MustCompile(`<(?:p|h1|h2|h3|li|ol|ul|nav|section|article|header|footer|main|div|figure|meta|link|script|dl|dt|dd|form|svg)[ >]`)

func readableHTML(b []byte) []byte {
	b = blockStart.ReplaceAllFunc(b, func(m []byte) []byte { return append([]byte("\n"), m...) })
	for bytes.Contains(b, []byte("\n\n")) {
		b = bytes.ReplaceAll(b, []byte("\n\n"), []byte("\n"))
	}
	return append(b, '\n')
}

// Golden copies of two rendered pages of the real site, the Chinese
// overview and subsection 1-4 (items, many figures), with a line break
// added before each block tag. Run go test -update after an intended
// change, and read the diff.
func TestGoldenPages(t *testing.T) {
	out := buildReal(t)
	for name, page := range map[string]string{
		"zh-overview.html": "zh/" + realReport + "/index.html",
		"zh-1-4.html":      "zh/" + realReport + "/1-4/index.html",
	} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		got := readableHTML(b)
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
			for i := 0; i < len(gl) || i < len(wl); i++ {
				if i >= len(gl) || i >= len(wl) || !bytes.Equal(gl[i], wl[i]) {
					var g, w []byte
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					t.Errorf("%s differs from %s at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is intended)", page, path, i+1, g, w)
					break
				}
			}
		}
	}
}

// BenchmarkBuild is the whole build of the real site: read and check every
// input, render, minify and write public/ atomically.
func BenchmarkBuild(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Build(context.Background(), Options{Root: realRoot, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Pages), "pages")
	b.ReportMetric(float64(res.Files), "files")
}

// BenchmarkBuildStages splits the build: reading and checking the inputs,
// rendering every file in memory, and writing them (the file system's
// floor for this site, to read BenchmarkBuild against).
func BenchmarkBuildStages(b *testing.B) {
	p, err := Load(realRoot)
	if err != nil {
		b.Fatal(err)
	}
	files, err := Render(context.Background(), p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(realRoot); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if _, err := Render(context.Background(), p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("write", func(b *testing.B) {
		out := filepath.Join(b.TempDir(), "public")
		for b.Loop() {
			if _, err := Write(out, files); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(files)), "files")
	})
}
