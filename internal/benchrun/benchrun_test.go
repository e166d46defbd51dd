package benchrun

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	s := summarize([]float64{3, 1, 2, 10})
	if s.Median != 2.5 || s.Min != 1 || s.Max != 10 || s.N != 4 {
		t.Errorf("summarize = %+v", s)
	}
	if got := s.format(1); got != "2.5 [1.0–10.0]" {
		t.Errorf("format = %q", got)
	}
	if got := summarize([]float64{4, 2, 9}).Median; got != 4 {
		t.Errorf("odd median = %v, want 4", got)
	}
	if got := summarize(nil).format(1); got != "-" {
		t.Errorf("empty = %q", got)
	}
	r := ratios([]Sample{{Wall: 2 * time.Second}, {Wall: 3 * time.Second}}, []Sample{{Wall: time.Second}, {Wall: 0}}, wall)
	if len(r) != 1 || r[0] != 2 {
		t.Errorf("ratios = %v, want [2] (a zero divisor is left out)", r)
	}
}

// TestFloorWritesTheManifest: the floor writes the same paths with the
// same sizes as the output it was made from, and refuses to overwrite.
func TestFloorWritesTheManifest(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	files := map[string]string{"index.html": "<p>x</p>", "zh/r/1-1/index.html": strings.Repeat("页", 3000), "data/r/a.csv": "", "assets/site.css": "a{}"}
	for name, text := range files {
		if err := writeFile(filepath.Join(site, filepath.FromSlash(name)), []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	manifest := filepath.Join(dir, "manifest.txt")
	if err := WriteManifest(site, manifest); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "floor")
	if err := WriteFloor(manifest, out); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		info, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Error(err)
			continue
		}
		if info.Size() != int64(len(text)) {
			t.Errorf("%s: %d bytes, want %d", name, info.Size(), len(text))
		}
	}
	nFiles, pages, bytes, err := dirStats(out)
	if err != nil || nFiles != 4 || pages != 2 || bytes != int64(len(files["index.html"])+len(files["zh/r/1-1/index.html"])+3) {
		t.Errorf("dirStats = %d files, %d pages, %d bytes, %v", nFiles, pages, bytes, err)
	}
	if err := WriteFloor(manifest, out); err == nil {
		t.Error("the floor wrote into an existing directory")
	}
}

// TestHugoPage: a built page becomes a content file with its title,
// description, URL and visible text, nothing of its scripts, and Markdown
// that cannot turn the text into markup.
func TestHugoPage(t *testing.T) {
	src := `<!doctype html><html lang="en"><head><title>GDP &amp; growth | Site</title><meta name="description" content="About &quot;GDP&quot;"></head>` +
		`<body><header><a href="../">Home</a></header><main><h1>GDP</h1><p>Up *4.5%* in <a href="#x">H1</a>.</p>` +
		`<script type="application/ld+json">{"a":1}</script><ul><li># not a heading</li></ul></main></body></html>`
	page, text := hugoPage([]byte(src), "/en/r/data/gdp/")
	got := string(page)
	for _, want := range []string{`title = "GDP & growth | Site"`, `description = "About \"GDP\""`, `url = "/en/r/data/gdp/"`,
		`translationKey = "r/data/gdp/"`, `Up \*4\.5\%\* in H1 \.`, `\# not a heading`} {
		if !strings.Contains(got, want) {
			t.Errorf("content file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, `"a":1`) || strings.Contains(got, "<") {
		t.Errorf("scripts or markup leaked into the content:\n%s", got)
	}
	if text == 0 {
		t.Error("no text counted")
	}
}

// TestHugoSiteBuilds: when hugo is installed, the equivalent site of a
// small output builds to the same pages and files.
func TestHugoSiteBuilds(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed (make bench HUGO=1 installs it)")
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for name, text := range map[string]string{
		"index.html":          "<html><head><title>Choose</title></head><body><p>中文 English</p></body></html>",
		"zh/index.html":       "<html><head><title>首页</title></head><body><p>报告</p></body></html>",
		"en/index.html":       "<html><head><title>Home</title></head><body><p>Reports</p></body></html>",
		"zh/r/1-1/index.html": "<html><head><title>一</title></head><body><p>地区生产总值1712.60亿元。</p></body></html>",
		"en/r/1-1/index.html": "<html><head><title>One</title></head><body><p>GDP of RMB 171.26 billion.</p></body></html>",
		"404.html":            "<html><head><title>Not found</title></head><body><p>Not found</p></body></html>",
		"data/r/a.csv":        "a,b\n1,2\n",
	} {
		if err := writeFile(filepath.Join(site, filepath.FromSlash(name)), []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	hs, err := WriteHugoSite(site, filepath.Join(dir, "hugo"), "https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	if hs.Pages != 5 || hs.Static != 1 {
		t.Errorf("Hugo site: %+v, want 5 pages (Hugo writes the root itself) and 1 static file", *hs)
	}
	out := filepath.Join(dir, "public")
	cmd := exec.Command(hugo, "--minify", "--quiet", "-d", out)
	cmd.Dir = filepath.Join(dir, "hugo")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, b)
	}
	files, pages, _, err := dirStats(out)
	if err != nil || pages != 6 || files != 7 {
		t.Errorf("Hugo wrote %d files, %d pages (%v), want 7 and 6", files, pages, err)
	}
	for _, name := range []string{"zh/r/1-1/index.html", "en/r/1-1/index.html", "404.html", "data/r/a.csv"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err != nil {
			t.Error(err)
		}
	}
}
