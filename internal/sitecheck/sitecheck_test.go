package sitecheck

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

const testBase = "https://example.org/site/"

// wantProblem is one "want" line of an archive.
type wantProblem struct {
	prefix string // "FILE:LINE:COL: CHECK: " or "FILE: CHECK: "
	text   string
}

type siteCase struct {
	wants  []wantProblem
	budget int
	remove []string
}

func parseCase(t *testing.T, name string, comment []byte) siteCase {
	t.Helper()
	var c siteCase
	for i, line := range strings.Split(string(comment), "\n") {
		verb, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch verb {
		case "want":
			// FILE[:LINE:COL]: CHECK: TEXT
			parts := strings.SplitN(rest, ": ", 3)
			if len(parts) != 3 {
				t.Fatalf("%s: line %d: want FILE:LINE:COL: CHECK: TEXT", name, i+1)
			}
			c.wants = append(c.wants, wantProblem{prefix: parts[0] + ": " + parts[1] + ": ", text: parts[2]})
		case "budget":
			n, err := strconv.Atoi(rest)
			if err != nil {
				t.Fatalf("%s: line %d: %v", name, i+1, err)
			}
			c.budget = n
		case "remove":
			c.remove = append(c.remove, rest)
		}
	}
	return c
}

// writeSite writes the good site with an archive's files over it.
func writeSite(t *testing.T, archives ...*txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, ar := range archives {
		for _, f := range ar.Files {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func TestGoodSitePasses(t *testing.T) {
	good, err := txtar.ParseFile(filepath.Join("testdata", "sites", "good.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Check(writeSite(t, good), Options{BaseURL: testBase})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("unexpected problem: %s", p)
	}
	if rep.Files != len(good.Files) || len(rep.Weights) != 6 {
		t.Errorf("read %d files and %d pages, want %d and 6", rep.Files, len(rep.Weights), len(good.Files))
	}
}

// Every broken site fails with exactly the problems its archive lists.
func TestBrokenSites(t *testing.T) {
	good, err := txtar.ParseFile(filepath.Join("testdata", "sites", "good.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	archives, _ := filepath.Glob(filepath.Join("testdata", "sites", "*.txtar"))
	n := 0
	for _, path := range archives {
		name := strings.TrimSuffix(filepath.Base(path), ".txtar")
		if name == "good" {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := parseCase(t, name, ar.Comment)
			if len(c.wants) == 0 {
				t.Fatalf("%s lists no wanted problem", path)
			}
			dir := writeSite(t, good, ar)
			for _, f := range c.remove {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := Check(dir, Options{BaseURL: testBase, Budget: c.budget})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Err() == nil {
				t.Fatal("the check passed a broken site")
			}
			got := make([]string, len(rep.Problems))
			for i, p := range rep.Problems {
				got[i] = p.String()
			}
			used := make([]bool, len(got))
			for _, w := range c.wants {
				found := false
				for i, g := range got {
					if !used[i] && strings.HasPrefix(g, w.prefix) && strings.Contains(g, w.text) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("missing problem: %s…%s", w.prefix, w.text)
				}
			}
			for i, g := range got {
				if !used[i] {
					t.Errorf("unexpected problem: %s", g)
				}
			}
			if t.Failed() {
				sort.Strings(got)
				t.Logf("all problems:\n%s", strings.Join(got, "\n"))
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d broken sites in testdata/sites", n)
	}
}
