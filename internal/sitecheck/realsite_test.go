package sitecheck

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"reportsite/internal/config"
	"reportsite/internal/site"
)

// The real project: the repository's seeds/, content/, data/ and layouts/.
const realRoot = "../.."

var (
	realOnce sync.Once
	realDir  string // the real site, built once for every test of the package
	realErr  error
	tempDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// realSite builds the real project once and returns the output directory.
// Tests must not modify it.
func realSite(t testing.TB) string {
	t.Helper()
	realOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "sitecheck-real-")
		if err != nil {
			realErr = err
			return
		}
		tempDirs = append(tempDirs, tmp)
		realDir = filepath.Join(tmp, "public")
		_, realErr = site.Build(context.Background(), site.Options{Root: realRoot, Out: realDir})
	})
	if realErr != nil {
		t.Fatalf("building the real project: %v", realErr)
	}
	return realDir
}

func realBaseURL(t testing.TB) string {
	t.Helper()
	s, err := config.LoadSite(filepath.Join(realRoot, "data", "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return s.BaseURL
}

// kindPage is one page chosen to stand for its kind in one language.
type kindPage struct {
	Kind, Lang, File string
}

var (
	bodyKindRe = regexp.MustCompile(`<body[^>]*\bclass="[^"]*\bkind-([a-z0-9-]+)`)
	htmlLangRe = regexp.MustCompile(`<html[^>]*\blang="([^"]+)"`)
)

// pageKinds lists one page per kind and language of the built site: the
// largest, which has the most content to get wrong. The list comes from
// the output, so a page kind that a feature adds is covered without
// changing the tests. With all, it lists every page.
func pageKinds(t testing.TB, dir string, all bool) []kindPage {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	type chosen struct {
		kindPage
		size int
	}
	best := map[string]chosen{}
	var out []kindPage
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		kind, lang := "page", ""
		if m := bodyKindRe.FindSubmatch(b); m != nil {
			kind = string(m[1])
		}
		if m := htmlLangRe.FindSubmatch(b); m != nil {
			lang = string(m[1])
		}
		rel, _ := filepath.Rel(dir, f)
		kp := kindPage{Kind: kind, Lang: lang, File: filepath.ToSlash(rel)}
		if all {
			out = append(out, kp)
			continue
		}
		if c, ok := best[kind+" "+lang]; !ok || len(b) > c.size {
			best[kind+" "+lang] = chosen{kp, len(b)}
		}
	}
	for _, c := range best {
		out = append(out, c.kindPage)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		if out[i].Lang != out[j].Lang {
			return out[i].Lang < out[j].Lang
		}
		return out[i].File < out[j].File
	})
	return out
}

// The built seed site passes every check of the package: the gate that
// `go test ./...` (and so `make test`) runs on every change.
func TestRealSite(t *testing.T) {
	dir := realSite(t)
	rep, err := Check(dir, Options{BaseURL: realBaseURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	var b bytes.Buffer
	rep.WriteSummary(&b)
	t.Logf("\n%s", b.String())
	kinds := map[string]bool{}
	for _, w := range rep.Weights {
		kinds[w.Kind] = true
	}
	for _, k := range []string{"home", "report", "section"} {
		if !kinds[k] {
			t.Errorf("the built site has no page of kind %q (kinds: %v)", k, kinds)
		}
	}
}

// `reportsite check` reads the base URL from data/site.toml and fails
// with the list of problems.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := Run(&out, realSite(t), filepath.Join(realRoot, "data", "site.toml"), 0); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !regexp.MustCompile(`^checked \d+ files, \d+ pages: 0 problem\(s\)\n`).MatchString(out.String()) {
		t.Errorf("summary: %q", out.String())
	}
	if !strings.Contains(out.String(), "section") {
		t.Errorf("no weight line for section pages:\n%s", out.String())
	}
	out.Reset()
	err := Run(&out, realSite(t), filepath.Join(realRoot, "data", "site.toml"), 1024)
	if err == nil || !strings.Contains(err.Error(), "weight: the page weighs") {
		t.Errorf("a 1 KB budget: err = %v", err)
	}
	if err := Run(&out, filepath.Join(t.TempDir(), "nothing"), filepath.Join(realRoot, "data", "site.toml"), 0); err == nil || !strings.Contains(err.Error(), "is not a built site") {
		t.Errorf("a missing site: err = %v", err)
	}
}

func TestPercentile(t *testing.T) {
	vals := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, c := range []struct{ p, want int }{{50, 5}, {90, 9}, {100, 10}, {1, 1}} {
		if got := percentile(vals, c.p); got != c.want {
			t.Errorf("percentile(1..10, %d) = %d, want %d", c.p, got, c.want)
		}
	}
	if got := percentile([]int{7}, 90); got != 7 {
		t.Errorf("percentile([7], 90) = %d", got)
	}
	r := &Report{Weights: []PageWeight{{Kind: "b", Total: 3}, {Kind: "a", Total: 1}, {Kind: "b", Total: 1}, {Kind: "b", Total: 2}}}
	d := r.Distribution()
	if len(d) != 2 || d[0] != (KindWeights{"a", 1, 1, 1, 1, 1}) || d[1] != (KindWeights{"b", 3, 1, 2, 3, 3}) {
		t.Errorf("Distribution = %+v", d)
	}
}
