package benchgen

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportsite/internal/site"
)

const repoRoot = "../.."

// TestGenerateBuilds is the generator's promise: an archive of three
// reports passes every check of the build and is rendered and written.
func TestGenerateBuilds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "archive")
	var log bytes.Buffer
	sum, err := Generate(Options{Source: repoRoot, Out: out, N: 3, Seed: 7, Check: true, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v\n%s", *sum, log.String())
	if sum.Reports != 3 || sum.Changed == 0 || sum.Indicators == 0 {
		t.Errorf("summary %+v: want 3 reports with changed digits and figures", *sum)
	}
	if sum.Changed < 3*sum.Kept {
		t.Errorf("summary %+v: most paragraphs with quantities should have their digits changed", *sum)
	}
	res, err := site.Build(context.Background(), site.Options{Root: out, Out: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatal(err)
	}
	one, err := site.Build(context.Background(), site.Options{Root: repoRoot, Out: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatal(err)
	}
	// Three reports: about three times the report pages of one (the home
	// and site-wide pages are shared).
	if res.Pages < 2*one.Pages || res.Pages > 4*one.Pages {
		t.Errorf("3 reports built %d pages, the source's one report %d", res.Pages, one.Pages)
	}
	for _, id := range []string{"s001", "s002", "s003"} {
		if _, err := os.Stat(filepath.Join(out, "data", "nanhai-2023-h1-plan-execution-"+id, "report.toml")); err != nil {
			t.Error(err)
		}
	}
}

// TestGenerateDeterministic: the same seed gives the same bytes; report k
// does not depend on N; another seed gives other numbers.
func TestGenerateDeterministic(t *testing.T) {
	dir := t.TempDir()
	gen := func(name string, n int, seed uint64) map[string][]byte {
		out := filepath.Join(dir, name)
		if _, err := Generate(Options{Source: repoRoot, Out: out, N: n, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return readTree(t, out)
	}
	a, b := gen("a", 2, 1), gen("b", 2, 1)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	c := gen("c", 1, 1)
	for name, data := range c {
		if strings.Contains(name, "-s001") && !bytes.Equal(data, a[name]) {
			t.Errorf("%s differs between N=1 and N=2", name)
		}
	}
	d := gen("d", 1, 2)
	const seed = "seeds/nanhai-2023-h1-plan-execution-s001.txt"
	if bytes.Equal(d[seed], c[seed]) {
		t.Errorf("seeds 1 and 2 gave the same text")
	}
}

// TestGenerateRefusesForeignDirectory: only a previous archive is replaced.
func TestGenerateRefusesForeignDirectory(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(Options{Source: repoRoot, Out: out, N: 1, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "not an archive made by gen-bench") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(out, "keep.txt")); err != nil {
		t.Error(err)
	}
}

func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
