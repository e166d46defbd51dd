package sitecheck

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"reportsite/internal/browsertest"
)

// axe-core, vendored in testdata/axe (see its README.md).
const (
	axeFile   = "testdata/axe/axe.min.js"
	axeSHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
)

var axeAll = flag.Bool("axe-all", false, "audit every page with axe-core, not one per kind and language")

// wcagTags select the axe rules of WCAG 2.0, 2.1 and 2.2, levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

func loadAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(axeFile)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != axeSHA256 {
		t.Fatalf("%s is not the vendored axe-core 4.14.1 (sha256 %x): see testdata/axe/README.md", axeFile, sum)
	}
	return string(b)
}

// evalWithin is browsertest.Eval with a longer time limit: axe takes
// seconds on the long pages (the glossary, the dataset).
func evalWithin(ctx context.Context, d time.Duration, js string, out any) error {
	tctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	raw, err := chromedp.Run(tctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// audit runs axe on the current page and returns its violations.
func audit(t *testing.T, ctx context.Context, axe string) []axeViolation {
	t.Helper()
	var ok bool
	if err := evalWithin(ctx, 30*time.Second, axe+";\ntypeof axe === 'object'", &ok); err != nil || !ok {
		t.Fatalf("injecting axe-core: %v", err)
	}
	tags, _ := json.Marshal(wcagTags)
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 160), summary: n.failureSummary}))})))`
	var vs []axeViolation
	if err := evalWithin(ctx, 90*time.Second, js, &vs); err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return vs
}

func setColorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
	if err != nil {
		t.Fatal(err)
	}
}

// Every kind of page, in both languages and both colour schemes, has no
// serious or critical violation of the WCAG 2.2 AA rules of axe-core.
func TestAccessibilityAxe(t *testing.T) {
	dir := realSite(t)
	kinds := pageKinds(t, dir, *axeAll)
	axe := loadAxe(t)
	ctx := browsertest.Browser(t)
	base := browsertest.ServeDir(t, dir)
	audited, minor := 0, 0
	for _, scheme := range []string{"light", "dark"} {
		setColorScheme(t, ctx, scheme)
		for _, k := range kinds {
			t.Run(scheme+"/"+k.Kind+"/"+k.Lang+"/"+k.File, func(t *testing.T) {
				if err := browsertest.Navigate(ctx, base+"/"+k.File); err != nil {
					t.Fatal(err)
				}
				audited++
				for _, v := range audit(t, ctx, axe) {
					if v.Impact != "serious" && v.Impact != "critical" {
						minor++
						t.Logf("%s (%s, %d elements): %s", v.ID, v.Impact, len(v.Nodes), v.Help)
						continue
					}
					var b strings.Builder
					for i, n := range v.Nodes {
						if i == 5 {
							fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-5)
							break
						}
						fmt.Fprintf(&b, "\n    %s: %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
					}
					t.Errorf("%s: %s (%s, %d elements): %s%s", k.File, v.ID, v.Impact, len(v.Nodes), v.Help, b.String())
				}
			})
		}
	}
	setColorScheme(t, ctx, "light")
	t.Logf("audited %d pages (%d pages, light and dark); %d moderate or minor violations", audited, len(kinds), minor)
}

// focused describes the element that has the keyboard focus.
type focused struct {
	Tag, ID, Class, Href, Text string
	Outline                    string
	OutlineWidth               float64
	Shadow                     string
	Visible, FocusVisible      bool
}

const describeFocus = `(() => { const e = document.activeElement; const s = getComputedStyle(e); const r = e.getBoundingClientRect();
	return {Tag: e.tagName.toLowerCase(), ID: e.id, Class: String(e.className), Href: e.getAttribute("href") || "",
		Text: (e.innerText || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 40),
		Outline: s.outlineStyle, OutlineWidth: parseFloat(s.outlineWidth) || 0, Shadow: s.boxShadow,
		Visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth,
		FocusVisible: e.matches(":focus-visible")}; })()`

func (f focused) String() string {
	s := "<" + f.Tag
	if f.ID != "" {
		s += " id=" + f.ID
	}
	if f.Class != "" {
		s += " class=" + f.Class
	}
	if f.Href != "" {
		s += " href=" + f.Href
	}
	return s + "> " + f.Text
}

// showsFocus: the focused element is on screen with a visible ring.
func (f focused) showsFocus() bool {
	ring := f.Outline != "none" && f.OutlineWidth >= 2 || f.Shadow != "none" && f.Shadow != ""
	return f.Visible && f.FocusVisible && ring
}

func pressTab(t *testing.T, ctx context.Context) focused {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	var f focused
	if err := browsertest.Eval(ctx, describeFocus, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// On every kind of page the keyboard reaches the skip link first, and
// every one of the first twenty stops of the Tab key shows where the
// focus is.
func TestKeyboardFocusVisible(t *testing.T) {
	dir := realSite(t)
	ctx := browsertest.Browser(t)
	base := browsertest.ServeDir(t, dir)
	for _, k := range pageKinds(t, dir, false) {
		t.Run(k.Kind+"/"+k.Lang, func(t *testing.T) {
			if err := browsertest.Navigate(ctx, base+"/"+k.File); err != nil {
				t.Fatal(err)
			}
			// A page with navigation before its text (a site header) needs
			// a skip link, first; an embed page (a chart alone) has none.
			var navFirst bool
			if err := browsertest.Eval(ctx, `(() => { const m = document.querySelector("main");
				return !!m && [...document.querySelectorAll("a[href], input, button, select, textarea")].some(e => e.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING && !e.closest("main")); })()`, &navFirst); err != nil {
				t.Fatal(err)
			}
			first := pressTab(t, ctx)
			if navFirst && (first.Class != "skip" || first.Href != "#main") {
				t.Errorf("the first Tab focuses %s, not the skip link", first)
			}
			if !first.showsFocus() {
				t.Errorf("Tab 1: %s does not show when focused: %+v", first, first)
			}
			seen := map[string]bool{}
			for i := 0; i < 20; i++ {
				f := pressTab(t, ctx)
				if f.Tag == "body" || seen[f.String()] {
					break // the end of the page, or a wrap-around
				}
				seen[f.String()] = true
				if !f.showsFocus() {
					t.Errorf("Tab %d: %s has no visible focus (outline %s %.0fpx, shadow %s, on screen %v, :focus-visible %v)",
						i+2, f, f.Outline, f.OutlineWidth, f.Shadow, f.Visible, f.FocusVisible)
				}
			}
		})
	}
}

// A reader without a mouse skips to the text, switches language and
// searches, on a section page of each language.
func TestKeyboardSkipLanguageSearch(t *testing.T) {
	dir := realSite(t)
	ctx := browsertest.Browser(t)
	base := browsertest.ServeDir(t, dir)
	var sections []kindPage
	for _, k := range pageKinds(t, dir, false) {
		if k.Kind == "section" {
			sections = append(sections, k)
		}
	}
	if len(sections) < 2 {
		t.Fatalf("section pages in %d languages, want 2", len(sections))
	}
	queries := map[string]string{"zh-Hans": "营商环境", "en": "business"}
	for _, k := range sections {
		t.Run(k.Lang, func(t *testing.T) {
			url := base + "/" + k.File
			if err := browsertest.Navigate(ctx, url); err != nil {
				t.Fatal(err)
			}
			// Skip link: Enter moves the focus to the text.
			pressTab(t, ctx)
			browsertest.Eval(ctx, `window.__wideElem = document.body; true`, nil)
			shootWide(t, ctx, "keyboard-skip-"+k.Lang)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			var inMain bool
			if err := browsertest.Eval(ctx, `location.hash === "#main" && document.activeElement.id === "main"`, &inMain); err != nil || !inMain {
				t.Errorf("Enter on the skip link does not move the focus to <main id=main> (err %v)", err)
			}

			// Tab order of the header: skip link, site title, language
			// switch, search box, search button.
			if err := browsertest.Navigate(ctx, url+"?again"); err != nil {
				t.Fatal(err)
			}
			var order []focused
			langAt, searchAt := -1, -1
			for i := 0; i < 8; i++ {
				f := pressTab(t, ctx)
				order = append(order, f)
				switch {
				case strings.Contains(f.Href, "/") && langAt < 0 && isLangSwitch(t, ctx):
					langAt = i
				case f.Tag == "input" && searchAt < 0:
					searchAt = i
				}
			}
			if langAt < 0 || searchAt < 0 || langAt > searchAt {
				t.Fatalf("the first Tabs do not reach the language switch, then the search box: %v", order)
			}

			// The language switch, by keyboard.
			if err := browsertest.Navigate(ctx, url+"?lang"); err != nil {
				t.Fatal(err)
			}
			for i := 0; i <= langAt; i++ {
				pressTab(t, ctx)
			}
			lang := evalJSString(t, ctx, `document.documentElement.lang`)
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, fmt.Sprintf(`document.readyState === "complete" && document.documentElement.lang !== %q`, lang))
			// The same section in the other language: only the language
			// prefix of the path changes.
			_, rest, _ := strings.Cut(strings.TrimSuffix(k.File, "index.html"), "/")
			path := evalJSString(t, ctx, `location.pathname`)
			if !strings.HasSuffix(path, "/"+rest) || strings.HasPrefix(path, "/"+strings.SplitN(k.File, "/", 2)[0]+"/") {
				t.Errorf("the language switch on %s led to %s, not to the same section in the other language", k.File, path)
			}

			// Search, by keyboard: type into the box, press Enter.
			if err := browsertest.Navigate(ctx, url+"?search"); err != nil {
				t.Fatal(err)
			}
			for i := 0; i <= searchAt; i++ {
				pressTab(t, ctx)
			}
			if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: queries[k.Lang]}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, ctx, `location.pathname.endsWith("/search/") && document.querySelectorAll(".search-results li, .search-indicators li").length > 0`)
			var q string
			if err := browsertest.Eval(ctx, `new URLSearchParams(location.search).get("q")`, &q); err != nil || q != queries[k.Lang] {
				t.Errorf("the search page got q=%q, want %q (err %v)", q, queries[k.Lang], err)
			}
			browsertest.Screenshot(t, ctx, "keyboard-search-"+k.Lang, 1280, 900)
		})
	}
}

func isLangSwitch(t *testing.T, ctx context.Context) bool {
	var ok bool
	if err := browsertest.Eval(ctx, `document.activeElement.closest(".lang-switch") !== null`, &ok); err != nil {
		t.Fatal(err)
	}
	return ok
}

func evalJSString(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	var s string
	if err := browsertest.Eval(ctx, js, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// waitFor polls a JavaScript condition for up to ten seconds.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		err := browsertest.Eval(ctx, cond, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s (last error %v)", cond, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// overflow measures horizontal scrolling and names the widest elements.
const overflow = `(() => { const d = document.documentElement; const w = d.clientWidth; const wide = [];
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.right > w + 1 && r.width > 0) {
			let p = e.parentElement, clipped = false;
			for (; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") { clipped = true; break; }
			}
			if (!clipped && !wide.length) window.__wideElem = e;
			if (!clipped) wide.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + " right=" + Math.round(r.right) + " " + JSON.stringify((e.innerText || "").slice(0, 30)));
		}
	}
	if (wide.length) window.__wide = wide[0];
	return {ScrollWidth: d.scrollWidth, ClientWidth: w, FontSize: parseFloat(getComputedStyle(document.body).fontSize), Wide: wide.slice(0, 6)}; })()`

type overflowResult struct {
	ScrollWidth, ClientWidth int
	FontSize                 float64
	Wide                     []string
}

// Every kind of page, in both languages, fits a 360 px wide phone
// without horizontal scrolling, at the default text size and with the
// text zoomed to 200% (the browser's font size setting doubled).
func TestReflowPhoneAndTextZoom(t *testing.T) {
	dir := realSite(t)
	ctx := browsertest.Browser(t)
	base := browsertest.ServeDir(t, dir)
	const width, height = 360, 740
	if err := browsertest.SetViewport(ctx, width, height); err != nil {
		t.Fatal(err)
	}
	for _, zoom := range []int{100, 200} {
		if _, err := chromedp.Call(ctx, cdppage.SetFontSizes, cdppage.SetFontSizesParams{
			FontSizes: &cdppage.FontSizes{Standard: int64(16 * zoom / 100), Fixed: int64(13 * zoom / 100)}}); err != nil {
			t.Fatal(err)
		}
		for _, k := range pageKinds(t, dir, false) {
			t.Run(fmt.Sprintf("%d%%/%s/%s", zoom, k.Kind, k.Lang), func(t *testing.T) {
				if err := browsertest.Navigate(ctx, base+"/"+k.File); err != nil {
					t.Fatal(err)
				}
				var r overflowResult
				if err := browsertest.Eval(ctx, overflow, &r); err != nil {
					t.Fatal(err)
				}
				// The zoom took effect: body text is at least 16 px
				// times the zoom, less the phone's smaller body size.
				if min := 15.0 * float64(zoom) / 100; r.FontSize < min {
					t.Errorf("body text is %.1f px at %d%% text zoom, want at least %.0f", r.FontSize, zoom, min)
				}
				if os.Getenv("REFLOW_SCREENSHOTS") != "" {
					// For a person to look at: the top of the page.
					browsertest.Eval(ctx, `window.__wideElem = document.body; true`, nil)
					shootWide(t, ctx, fmt.Sprintf("top-%d-%s-%s", zoom, k.Kind, k.Lang))
				}
				if r.ScrollWidth > r.ClientWidth {
					t.Errorf("%s scrolls sideways at %d px with text at %d%%: scrollWidth %d > clientWidth %d; too wide: %v",
						k.File, width, zoom, r.ScrollWidth, r.ClientWidth, r.Wide)
					shootWide(t, ctx, fmt.Sprintf("reflow-%d-%s-%s", zoom, k.Kind, k.Lang))
				}
			})
		}
	}
}

// shootWide saves a screenshot of the viewport with the first element
// that sticks out scrolled into view, for a person to look at.
func shootWide(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := browsertest.Eval(ctx, `window.__wideElem && window.__wideElem.scrollIntoView({block: window.__wideElem === document.body ? "start" : "center"}); true`, nil); err != nil {
		t.Log(err)
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Log(err)
		return
	}
	dir := browsertest.ScreenshotDir()
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Log(err)
		return
	}
	t.Logf("screenshot %s", path)
}
