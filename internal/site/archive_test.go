package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"reportsite/internal/srcpos"
)

// TestSiteArchives builds the tiny projects described in testdata/*.txtar
// and checks the facts each archive states about the output.
//
// Every project starts from testdata/base/project.txtar (a complete tiny
// report: seed, content, data, minimal layouts); an archive's files replace
// or add to the base's. Its comment holds the facts, one per line ("#"
// lines are notes):
//
//	remove FILE           delete the base's FILE before building
//	exists PATH           the output has the file (PATH relative to the site root)
//	absent PATH           the output does not have it
//	contains PATH TEXT    the file holds TEXT (the rest of the line; \n for a newline)
//	lacks PATH TEXT       the file does not hold TEXT
//	count PATH N TEXT     the file holds TEXT exactly N times
//	same PATH FILE        the file is byte for byte the project's FILE
//	error TEXT            the build fails with a message holding TEXT
//	                      ($ROOT stands for the project directory)
//	problems N            the build fails with exactly N problems
//
// The archives test the foundation (import's content, the Chinese site),
// so they build with no features: a feature's inputs are not part of a
// tiny project, and each feature tests itself.
func TestSiteArchives(t *testing.T) {
	archives, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no archives in testdata/ (%v)", err)
	}
	base, err := txtar.ParseFile(filepath.Join("testdata", "base", "project.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	withoutFeatures(t)
	for _, path := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(t.TempDir(), "project")
			extractArchive(t, base, root)
			extractArchive(t, ar, root)
			facts := parseFacts(t, path, ar.Comment)
			for _, f := range facts {
				if f.verb == "remove" {
					if err := os.Remove(filepath.Join(root, filepath.FromSlash(f.path))); err != nil {
						t.Fatalf("%s:%d: %v", path, f.line, err)
					}
				}
			}
			out := filepath.Join(t.TempDir(), "public")
			_, buildErr := Build(context.Background(), Options{Root: root, Out: out})
			checkFacts(t, path, facts, root, out, buildErr)
		})
	}
}

// withoutFeatures turns every feature off for the rest of the test. Tests
// of this package do not run in parallel, so swapping the list is safe.
func withoutFeatures(t *testing.T) {
	saved := featureConstructors
	featureConstructors = nil
	t.Cleanup(func() { featureConstructors = saved })
}

func extractArchive(t *testing.T, ar *txtar.Archive, root string) {
	t.Helper()
	for _, f := range ar.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			t.Fatalf("archive file %q is outside the project", f.Name)
		}
		path := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type fact struct {
	line       int
	verb, path string
	n          int
	text       string
}

func parseFacts(t *testing.T, file string, comment []byte) []fact {
	t.Helper()
	var facts []fact
	for i, l := range strings.Split(string(comment), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(l, " ")
		f := fact{line: i + 1, verb: verb}
		bad := func() { t.Fatalf("%s:%d: cannot read the fact %q", file, i+1, l) }
		switch verb {
		case "exists", "absent", "remove":
			f.path = rest
		case "contains", "lacks", "same":
			f.path, f.text, _ = strings.Cut(rest, " ")
		case "count":
			var n string
			f.path, rest, _ = strings.Cut(rest, " ")
			n, f.text, _ = strings.Cut(rest, " ")
			var err error
			if f.n, err = strconv.Atoi(n); err != nil {
				bad()
			}
		case "error":
			f.text = rest
		case "problems":
			var err error
			if f.n, err = strconv.Atoi(rest); err != nil {
				bad()
			}
			f.text = rest
		default:
			bad()
		}
		f.text = strings.ReplaceAll(f.text, `\n`, "\n")
		if f.path == "" && verb != "error" && verb != "problems" || f.text == "" && verb != "exists" && verb != "absent" && verb != "remove" {
			bad()
		}
		facts = append(facts, f)
	}
	if len(facts) == 0 {
		t.Fatalf("%s states no facts", file)
	}
	return facts
}

func checkFacts(t *testing.T, file string, facts []fact, root, out string, buildErr error) {
	t.Helper()
	wantErr := false
	for _, f := range facts {
		wantErr = wantErr || f.verb == "error" || f.verb == "problems"
	}
	switch {
	case wantErr && buildErr == nil:
		t.Fatalf("%s: the build succeeded, but the archive expects an error", file)
	case !wantErr && buildErr != nil:
		t.Fatalf("%s: the build failed: %v", file, buildErr)
	case buildErr != nil:
		// A failed build writes nothing, not even a temporary directory.
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: the failed build created %s", file, out)
		}
		if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(tmp) > 0 {
			t.Errorf("%s: the failed build left %v", file, tmp)
		}
	}
	for _, f := range facts {
		where := fmt.Sprintf("%s:%d: %s %s", file, f.line, f.verb, f.path)
		switch f.verb {
		case "remove":
			continue
		case "problems":
			n := 1
			var list srcpos.List
			if errors.As(buildErr, &list) {
				n = len(list)
			}
			if n != f.n {
				t.Errorf("%s: %d problems, want %d:\n%v", where, n, f.n, buildErr)
			}
			continue
		case "error":
			msg := strings.ReplaceAll(buildErr.Error(), root, "$ROOT")
			if !strings.Contains(msg, f.text) {
				t.Errorf("%s: the message lacks %q:\n%s", where, f.text, msg)
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.path)))
		switch f.verb {
		case "exists":
			if err != nil {
				t.Errorf("%s: %v", where, err)
			}
		case "absent":
			if err == nil {
				t.Errorf("%s: the file exists", where)
			}
		case "contains", "lacks", "count", "same":
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			switch got := bytes.Count(b, []byte(f.text)); {
			case f.verb == "contains" && got == 0:
				t.Errorf("%s: no %q in\n%s", where, f.text, b)
			case f.verb == "lacks" && got > 0:
				t.Errorf("%s: %q is there", where, f.text)
			case f.verb == "count" && got != f.n:
				t.Errorf("%s: %q found %d times, want %d", where, f.text, got, f.n)
			case f.verb == "same":
				if want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.text))); err != nil || !bytes.Equal(b, want) {
					t.Errorf("%s: differs from the project's %s (%v)", where, f.text, err)
				}
			}
		}
	}
}
