package sitecheck

import (
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzCheck: whatever a built file holds, the check reads it without
// panicking, reports problems only in files of the site, and reports the
// same problems twice. The input plays every kind of file the check reads.
func FuzzCheck(f *testing.F) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "sites", "*.txtar"))
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			f.Add(file.Data)
		}
	}
	for _, s := range []string{"", "<", "<svg><title>", "<a href=\"../../../\">", "<a href=\"%zz\">", "url(", "{\"path\":", "<urlset><loc>x</loc>",
		"<html lang><link rel=alternate hreflang=en href=//x>", "<script>\"//a.b\"</script>", "<svg><svg></svg>", "\x00\xff"} {
		f.Add([]byte(s))
	}
	names := []string{"index.html", "en/index.html", "en/p/index.html", "assets/site.css", "assets/site.js", "a.svg", "sitemap.xml", "feed.xml", "data/datapackage.json", "robots.txt"}
	f.Fuzz(func(t *testing.T, b []byte) {
		run := func() *Report {
			s, err := newChecker("", Options{BaseURL: testBase})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range names {
				s.files[n] = b
				s.names = append(s.names, n)
			}
			return s.check()
		}
		first, second := run(), run()
		for _, p := range first.Problems {
			i := sort.SearchStrings(sortedNames(names), p.Pos.File)
			if i == len(names) || sortedNames(names)[i] != p.Pos.File || p.Pos.Line < 0 || p.Pos.Col < 0 {
				t.Fatalf("problem outside the site's files: %s", p)
			}
		}
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("two checks of the same files differ")
		}
	})
}

func sortedNames(names []string) []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}
