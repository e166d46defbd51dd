package site

import (
	"bytes"
	"path/filepath"
	"testing"

	"reportsite/internal/render"
)

// TestFastPathMatchesHTMLTemplate renders every page of the real site
// twice, with html/template alone and with the fast path, and requires
// the same bytes; and requires that the fast path rendered every page but
// the first of each kind (which html/template renders to escape the
// templates), so that it cannot pass by quietly falling back.
func TestFastPathMatchesHTMLTemplate(t *testing.T) {
	p, err := Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	layouts := filepath.Join(p.Root, "layouts")
	slow, err := render.Load(layouts)
	if err != nil {
		t.Fatal(err)
	}
	slow.HTMLTemplateOnly = true
	fast, err := loadTemplates(p.Root)
	if err != nil {
		t.Fatal(err)
	}
	pages := p.Pages()
	kinds := map[string]bool{}
	for _, pg := range pages {
		pg.Chrome = p.chrome(pg)
		kinds[pg.Kind] = true
	}
	for _, pg := range pages {
		want, err := renderPage(slow, pg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := renderPage(fast, pg)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			lo := max(0, i-200)
			t.Fatalf("%s (%s): the fast path differs at byte %d:\nhtml/template: %q\nfast path:     %q", pg.Path, pg.Kind, i, want[lo:min(len(want), i+200)], got[lo:min(len(got), i+200)])
		}
	}
	n, fellBack := fast.FastPathStats()
	if want := int64(len(pages)); n != want || len(fellBack) != 0 {
		t.Errorf("the fast path rendered %d of %d pages (%d kinds); fell back: %v", n, len(pages), len(kinds), fellBack)
	}
	t.Logf("%d pages of %d kinds: %d by the fast path", len(pages), len(kinds), n)
}
