package site

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"reportsite/internal/browsertest"
)

// TestBrowserReadTheReport walks the Chinese site the way a reader does,
// in Chromium: home page → report → table of contents → a subsection →
// next and previous → a paragraph's anchor URL; and takes screenshots of
// the pages at desktop and phone widths (browsertest.ScreenshotDir).
func TestBrowserReadTheReport(t *testing.T) {
	ctx := browsertest.Browser(t)
	base := browsertest.ServeDir(t, buildReal(t))
	report := "/zh/" + realReport + "/"

	must(t, browsertest.Navigate(ctx, base+"/zh/"))
	if lang := evalString(t, ctx, `document.documentElement.lang`); lang != "zh-Hans" {
		t.Errorf("lang of /zh/ = %q, want zh-Hans", lang)
	}
	shoot(t, ctx, "zh-home")

	// The keyboard reaches the skip link first, and it shows.
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	if !evalBool(t, ctx, `document.activeElement.matches("a.skip") && document.activeElement.getBoundingClientRect().left >= 0`) {
		t.Error("the first Tab does not focus a visible skip link")
	}

	clickTo(t, ctx, base, `main a[href$="`+realReport+`/"]`, report)
	if h1 := text(t, ctx, "main h1"); !strings.Contains(h1, "南海区2023年上半年") {
		t.Errorf("overview heading = %q", h1)
	}
	shoot(t, ctx, "zh-overview")

	clickTo(t, ctx, base, `main nav .toc a[href$="1-4/"]`, report+"1-4/")
	if h1 := text(t, ctx, "main h1"); !strings.Contains(h1, "坚定城产人文融合发展路径不停步") || !strings.HasPrefix(h1, "（四）") {
		t.Errorf("subsection heading = %q, want （四）坚定城产人文融合发展路径不停步…", h1)
	}
	if n := evalInt(t, ctx, `document.querySelectorAll("main h2.item").length`); n != 4 {
		t.Errorf("subsection （四） shows %d item headings, want 4", n)
	}
	shoot(t, ctx, "zh-section-1-4")

	clickTo(t, ctx, base, `main a[rel=next]`, report+"2/")
	clickTo(t, ctx, base, `main a[rel=prev]`, report+"1-4/")
	clickTo(t, ctx, base, `main a[rel=prev]`, report+"1-3/")

	// A part's page: its opening, its subsections, its closing paragraph.
	must(t, browsertest.Navigate(ctx, base+report+"1/"))
	if n := evalInt(t, ctx, `document.querySelectorAll("main .subsections a").length`); n != 8 {
		t.Errorf("part 一 links %d subsections and items, want 8", n)
	}
	if !evalBool(t, ctx, `document.querySelector("main .closing p").textContent.startsWith("上半年，在区委区政府坚强领导下")`) {
		t.Error("part 一 does not close with its summary paragraph")
	}
	shoot(t, ctx, "zh-part-1")

	// A paragraph's anchor URL, loaded fresh, shows that paragraph: deep
	// in a long page, below its item heading.
	const para = "p905340" // 环境质量逐步提高。… in item 1、 of （四）
	for _, width := range []int{1280, 390} {
		must(t, browsertest.SetViewport(ctx, width, 900))
		must(t, browsertest.Navigate(ctx, base+"/zh/"))
		must(t, browsertest.Navigate(ctx, base+report+"1-4/#"+para))
		var box struct{ Top, Bottom, Height, ScrollY float64 }
		js := fmt.Sprintf(`(() => { const b = document.getElementById(%q).getBoundingClientRect();
			return {Top: b.top, Bottom: b.bottom, Height: innerHeight, ScrollY: scrollY}; })()`, para)
		waitUntil(t, ctx, "the page to scroll to #"+para, `scrollY > 0`)
		must(t, browsertest.Eval(ctx, js, &box))
		if box.Top < 0 || box.Top > box.Height/2 || box.ScrollY == 0 {
			t.Errorf("at %d px, #%s is at %.0f px of a %.0f px window (scrolled %.0f): not scrolled into view", width, para, box.Top, box.Height, box.ScrollY)
		}
		if !evalBool(t, ctx, fmt.Sprintf(`document.querySelector(":target") === document.getElementById(%q)`, para)) {
			t.Errorf("at %d px, #%s is not the :target", width, para)
		}
		viewportShot(t, ctx, "zh-anchor-"+para, width)
	}

	// Hovering a paragraph shows its link icon; it is hidden otherwise.
	must(t, browsertest.SetViewport(ctx, 1280, 900))
	anchor := fmt.Sprintf(`getComputedStyle(document.querySelector("#%s > a.anchor")).opacity`, para)
	if op := evalString(t, ctx, anchor); op != "0" {
		t.Errorf("the ¶ link shows (opacity %s) without hover", op)
	}
	var pos struct{ X, Y float64 }
	js := fmt.Sprintf(`(() => { const p = document.getElementById(%q); p.scrollIntoView({block: "center"});
		const b = p.getBoundingClientRect(); return {X: b.left + 40, Y: b.top + 10}; })()`, para)
	must(t, browsertest.Eval(ctx, js, &pos))
	must(t, chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, pos.X, pos.Y)))
	waitUntil(t, ctx, "the ¶ link to show on hover", anchor+` === "1"`)

	// Readable on phones: nothing scrolls sideways at 360 or 390 px.
	for _, path := range []string{"/zh/", report, report + "1-4/", report + "2-7/"} {
		for _, width := range []int{360, 390} {
			must(t, browsertest.SetViewport(ctx, width, 800))
			must(t, browsertest.Navigate(ctx, base+path))
			if w := evalInt(t, ctx, `document.documentElement.scrollWidth`); w > width {
				t.Errorf("%s at %d px is %d px wide: it scrolls sideways", path, width, w)
			}
		}
	}

	// The pages ask nothing of other hosts.
	var urls []string
	must(t, browsertest.Eval(ctx, `performance.getEntriesByType("resource").map(e => e.name)`, &urls))
	for _, u := range urls {
		if !strings.HasPrefix(u, base+"/") {
			t.Errorf("request to another host: %s", u)
		}
	}
}

// shoot takes full-page screenshots at desktop and phone widths.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	browsertest.Screenshot(t, ctx, name, 1280, 900)
	browsertest.Screenshot(t, ctx, name, 390, 844)
	must(t, browsertest.SetViewport(ctx, 1280, 900))
}

// clickTo clicks a link and waits until the browser shows path.
func clickTo(t *testing.T, ctx context.Context, base, selector, path string) {
	t.Helper()
	must(t, browsertest.Click(ctx, selector))
	deadline := time.Now().Add(browsertest.Timeout)
	for {
		loc, err := browsertest.Location(ctx)
		if err == nil && loc == base+path {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("clicking %s: at %s, want %s (%v)", selector, loc, base+path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	waitUntil(t, ctx, path+" to load", `document.readyState === "complete"`)
}

func waitUntil(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(browsertest.Timeout)
	for !evalBoolQuiet(ctx, js) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s (%s)", what, js)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func evalBoolQuiet(ctx context.Context, js string) bool {
	var ok bool
	return browsertest.Eval(ctx, js, &ok) == nil && ok
}

func evalBool(t *testing.T, ctx context.Context, js string) bool {
	t.Helper()
	var v bool
	must(t, browsertest.Eval(ctx, js, &v))
	return v
}

func evalInt(t *testing.T, ctx context.Context, js string) int {
	t.Helper()
	var v int
	must(t, browsertest.Eval(ctx, js, &v))
	return v
}

func evalString(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	var v string
	must(t, browsertest.Eval(ctx, js, &v))
	return v
}

func text(t *testing.T, ctx context.Context, selector string) string {
	t.Helper()
	s, err := browsertest.Text(ctx, selector)
	must(t, err)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
