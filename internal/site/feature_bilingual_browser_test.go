package site

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"reportsite/internal/browsertest"
)

// buildForBrowser builds the real site into a temporary directory and
// serves it.
func buildForBrowser(t *testing.T) (context.Context, string) {
	t.Helper()
	ctx := browsertest.Browser(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Root: filepath.Join("..", ".."), Out: out}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return ctx, browsertest.ServeDir(t, out)
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(browsertest.Timeout)
	for {
		var ok bool
		err := browsertest.Eval(ctx, js, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s (%s): %v", what, js, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// inView reports where the element is relative to the viewport.
func inView(t *testing.T, ctx context.Context, selector string) (top float64, visible bool) {
	t.Helper()
	var r struct {
		Top, Bottom, Height float64
	}
	js := fmt.Sprintf(`(() => { const b = document.querySelector(%q).getBoundingClientRect(); return {top: b.top, bottom: b.bottom, height: innerHeight}; })()`, selector)
	if err := browsertest.Eval(ctx, js, &r); err != nil {
		t.Fatal(err)
	}
	return r.Top, r.Top >= -1 && r.Top < r.Height && r.Bottom > 0
}

// TestBrowserEnglishEdition builds the real site once and reads it in a
// browser as a reader of the English edition would.
func TestBrowserEnglishEdition(t *testing.T) {
	ctx, base := buildForBrowser(t)
	t.Run("LanguageSwitchKeepsParagraph", func(t *testing.T) { languageSwitchKeepsParagraph(t, ctx, base) })
	t.Run("BilingualView", func(t *testing.T) { sideBySide(t, ctx, base) })
	t.Run("ReadingPages", func(t *testing.T) { readingPages(t, ctx, base) })
	t.Run("RootChoosesLanguage", func(t *testing.T) { rootChoosesLanguage(t, ctx, base) })
}

// rootChoosesLanguage: the root page goes to the first of the browser's
// languages that the site has, or to the chooser's first language; the
// chooser's links work without JavaScript.
func rootChoosesLanguage(t *testing.T, ctx context.Context, base string) {
	for _, tc := range []struct{ accept, want string }{
		{"en-GB,en;q=0.9,zh-CN;q=0.8", "/en/"},
		{"fr-FR,zh-CN;q=0.9,en;q=0.8", "/zh/"},
		{"zh-TW,en;q=0.5", "/zh/"},
		{"de-DE", "/zh/"},
	} {
		if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride,
			emulation.SetUserAgentOverrideParams{UserAgent: "Mozilla/5.0 reportsite-test", AcceptLanguage: tc.accept}); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, base+"/index.html"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the redirect for "+tc.accept, fmt.Sprintf(`location.pathname === %q && document.readyState === "complete"`, tc.want))
	}
	// Without JavaScript the root is a chooser with a link per language.
	resp, err := http.Get(base + "/index.html")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="zh/" hreflang="zh-Hans" lang="zh-Hans"`, `href="en/" hreflang="en" lang="en"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the root page lacks the link %s", want)
		}
	}
}

// languageSwitchKeepsParagraph: from a paragraph deep in a long section,
// the language switch lands on the same paragraph in the other language,
// scrolled into view, both ways; the link works without JavaScript too
// (its href is the other language's page).
func languageSwitchKeepsParagraph(t *testing.T, ctx context.Context, base string) {
	const section, para = "1-4", "p9a0407" // the 15th paragraph of the longest page
	page := func(lang string) string { return "/" + lang + "/" + seedReport + "/" + section + "/" }

	steps := []struct{ from, to, tag string }{{"en", "zh", "zh-Hans"}, {"zh", "en", "en"}}
	for _, s := range steps {
		if err := browsertest.Navigate(ctx, base+page(s.from)+"#"+para); err != nil {
			t.Fatal(err)
		}
		if top, ok := inView(t, ctx, "#"+para); !ok {
			t.Fatalf("%s: #%s is not in view after loading (top %.0f)", s.from, para, top)
		}
		sel := fmt.Sprintf(`.lang-switch a[hreflang=%q]`, s.tag)
		var href string
		if err := browsertest.Eval(ctx, fmt.Sprintf(`document.querySelector(%q).getAttribute("href")`, sel), &href); err != nil {
			t.Fatal(err)
		}
		if want := "../../../" + strings.TrimPrefix(page(s.to), "/"); href != want {
			t.Errorf("%s: language link href = %q, want %q (the same page without JavaScript)", s.from, href, want)
		}
		if err := browsertest.Click(ctx, sel); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the other language's page",
			fmt.Sprintf(`location.pathname.endsWith(%q) && document.readyState === "complete"`, page(s.to)))
		loc, err := browsertest.Location(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(loc, page(s.to)+"#"+para) {
			t.Errorf("%s → %s: landed on %s, want %s#%s", s.from, s.to, loc, page(s.to), para)
		}
		var lang string
		if err := browsertest.Eval(ctx, "document.documentElement.lang", &lang); err != nil {
			t.Fatal(err)
		}
		if lang != s.tag {
			t.Errorf("%s → %s: <html lang=%q>, want %q", s.from, s.to, lang, s.tag)
		}
		waitFor(t, ctx, "the paragraph scrolled into view",
			fmt.Sprintf(`(() => { const b = document.getElementById(%q).getBoundingClientRect(); return b.top >= -1 && b.top < innerHeight; })()`, para))
		if top, _ := inView(t, ctx, "#"+para); top > 200 {
			t.Errorf("%s → %s: #%s is %.0f px below the top of the window, want it at the top", s.from, s.to, para, top)
		}
		viewportShot(t, ctx, "switch-"+s.from+"-to-"+s.to, 1280)
	}

}

// sideBySide: the side-by-side view shows the Chinese and the English
// of every paragraph in one row at desktop width (same top, Chinese on
// the left), stacked on a phone (English below Chinese).
func sideBySide(t *testing.T, ctx context.Context, base string) {
	type pair struct {
		ID                         string
		ZTop, ETop, ZLeft, ELeft   float64
		ZBottom, EBottom, RowWidth float64
	}
	measure := func() []pair {
		var ps []pair
		js := `Array.from(document.querySelectorAll(".bi-row")).map(r => {
			const z = r.querySelector(':scope > [lang="zh-Hans"]').getBoundingClientRect();
			const e = r.querySelector(':scope > [lang="en"]').getBoundingClientRect();
			return {ID: r.id, ZTop: z.top, ETop: e.top, ZLeft: z.left, ELeft: e.left, ZBottom: z.bottom, EBottom: e.bottom, RowWidth: r.getBoundingClientRect().width};
		})`
		if err := browsertest.Eval(ctx, js, &ps); err != nil {
			t.Fatal(err)
		}
		return ps
	}
	for _, lang := range []string{"en", "zh"} {
		url := base + "/" + lang + "/" + seedReport + "/1-4/bilingual/"
		if err := browsertest.SetViewport(ctx, 1280, 900); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, url); err != nil {
			t.Fatal(err)
		}
		ps := measure()
		if len(ps) != 22 {
			t.Fatalf("%s: %d rows in the side-by-side view of 1-4, want every heading and paragraph (22)", lang, len(ps))
		}
		for _, p := range ps {
			if d := p.ZTop - p.ETop; d > 1 || d < -1 {
				t.Errorf("%s at 1280 px: row %s: Chinese top %.1f, English top %.1f: not aligned", lang, p.ID, p.ZTop, p.ETop)
			}
			if p.ZLeft >= p.ELeft {
				t.Errorf("%s at 1280 px: row %s: Chinese at x=%.0f is not left of English at x=%.0f", lang, p.ID, p.ZLeft, p.ELeft)
			}
		}
		browsertest.Screenshot(t, ctx, "bilingual-"+lang, 1280, 900)

		if err := browsertest.SetViewport(ctx, 390, 844); err != nil {
			t.Fatal(err)
		}
		if err := browsertest.Navigate(ctx, url); err != nil {
			t.Fatal(err)
		}
		for _, p := range measure() {
			if p.ETop < p.ZBottom-1 {
				t.Errorf("%s at 390 px: row %s: English (top %.0f) is not below the Chinese (bottom %.0f)", lang, p.ID, p.ETop, p.ZBottom)
			}
		}
		var overflow bool
		if err := browsertest.Eval(ctx, `document.documentElement.scrollWidth > innerWidth`, &overflow); err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s at 390 px: the page scrolls sideways", lang)
		}
		browsertest.Screenshot(t, ctx, "bilingual-"+lang, 390, 844)
	}

	// A deep anchor works in the side-by-side view as on the section page.
	if err := browsertest.SetViewport(ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Navigate(ctx, base+"/en/"+seedReport+"/1-4/bilingual/#p9a0407"); err != nil {
		t.Fatal(err)
	}
	if top, ok := inView(t, ctx, "#p9a0407"); !ok {
		t.Errorf("bilingual #p9a0407 not in view (top %.0f)", top)
	}
}

// readingPages takes screenshots of the pages a reader of the English
// edition sees, at desktop and phone widths, and checks the keyboard
// tooltip of a term link.
func readingPages(t *testing.T, ctx context.Context, base string) {
	for _, p := range []struct{ name, path string }{
		{"section-en", "/en/" + seedReport + "/1-2/"},
		{"section-zh", "/zh/" + seedReport + "/1-2/"},
		{"glossary-en", "/en/" + seedReport + "/glossary/#t-yi-sai-ni"},
		{"glossary-zh", "/zh/" + seedReport + "/glossary/#t-yi-sai-ni"},
	} {
		for _, w := range []int{1280, 390} {
			if err := browsertest.SetViewport(ctx, w, 900); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.Navigate(ctx, base+p.path); err != nil {
				t.Fatal(err)
			}
			var overflow bool
			if err := browsertest.Eval(ctx, `document.documentElement.scrollWidth > innerWidth`, &overflow); err != nil {
				t.Fatal(err)
			}
			if overflow {
				t.Errorf("%s at %d px: the page scrolls sideways", p.name, w)
			}
			if strings.Contains(p.path, "#") {
				// The glossary is some 40,000 px tall: the window at an
				// entry shows what it looks like. (A second visit to the
				// same #anchor does not scroll by itself.)
				if err := browsertest.Eval(ctx, `document.getElementById(location.hash.slice(1)).scrollIntoView()`, nil); err != nil {
					t.Fatal(err)
				}
				viewportShot(t, ctx, p.name, w)
				continue
			}
			browsertest.Screenshot(t, ctx, p.name, w, 900)
		}
	}
	// Keyboard focus on a term link shows its definition.
	if err := browsertest.SetViewport(ctx, 1280, 900); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Navigate(ctx, base+"/en/"+seedReport+"/1-2/"); err != nil {
		t.Fatal(err)
	}
	// Focus what comes before the first term link, then press Tab: a real
	// key press, so that :focus-visible applies as it does for a reader.
	prep := `(() => {
		const all = Array.from(document.querySelectorAll("a[href], button, input, select, textarea"));
		const i = all.indexOf(document.querySelector("main a.term"));
		all[i - 1].focus();
		return i > 0;
	})()`
	var ok bool
	if err := browsertest.Eval(ctx, prep, &ok); err != nil || !ok {
		t.Fatalf("no term link to focus: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	var tip struct {
		Focused        bool
		Title, Content string
	}
	js := `(() => { const a = document.querySelector("main a.term");
		return {Focused: document.activeElement === a, Title: a.title, Content: getComputedStyle(a, "::after").content}; })()`
	if err := browsertest.Eval(ctx, js, &tip); err != nil {
		t.Fatal(err)
	}
	if !tip.Focused || tip.Title == "" || !strings.Contains(tip.Content, tip.Title[:20]) {
		t.Errorf("a term link focused by keyboard (%v) shows %q, want its definition %q", tip.Focused, tip.Content, tip.Title)
	}
	browsertest.Screenshot(t, ctx, "term-focus-en", 1280, 900)
}

// viewportShot saves what the window shows, beside browsertest's
// full-page screenshots.
func viewportShot(t *testing.T, ctx context.Context, name string, width int) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := browsertest.ScreenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", path, len(png))
}
