package browsertest

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const page = `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>浏览器测试</title>
<style>
  body { margin: 0; padding: 16px; font-family: "Noto Sans CJK SC", sans-serif; }
  h1 { font-size: 40px; }
  .spacer { height: 3000px; background: linear-gradient(#fff, #def); }
</style>
</head>
<body>
<h1 id="title">年度报告：中文渲染测试</h1>
<p>这是一段中文正文，用来确认字体能正常显示，而不是方框。</p>
<p><a id="jump" href="#anchor">跳到结论</a></p>
<div class="spacer"></div>
<h2 id="anchor">第二节　结论</h2>
<p>锚点之后的内容。</p>
<div style="height: 200px"></div>
</body>
</html>
`

func TestBrowserAnchorTextScreenshot(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	base := ServeDir(t, dir)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("ServeDir returned %q, want a 127.0.0.1 URL", base)
	}
	ctx := Browser(t)

	// Fresh load straight to the anchor.
	if err := Navigate(ctx, base+"/page.html#anchor"); err != nil {
		t.Fatal(err)
	}
	assertInViewport(t, ctx, "#anchor", true)

	got, err := Text(ctx, "h1#title")
	if err != nil {
		t.Fatal(err)
	}
	if want := "年度报告：中文渲染测试"; got != want {
		t.Errorf("Text(h1) = %q, want %q", got, want)
	}

	var lang string
	if err := Eval(ctx, `document.documentElement.lang`, &lang); err != nil {
		t.Fatal(err)
	}
	if lang != "zh-Hans" {
		t.Errorf("lang = %q, want zh-Hans", lang)
	}

	// Same-document navigation (only the fragment changes) must not hang.
	if err := Navigate(ctx, base+"/page.html#title"); err != nil {
		t.Fatal(err)
	}
	assertInViewport(t, ctx, "#title", true)
	assertInViewport(t, ctx, "#anchor", false)

	// A real click on an in-page link scrolls to its target.
	if err := WaitVisible(ctx, "#jump"); err != nil {
		t.Fatal(err)
	}
	if err := Click(ctx, "#jump"); err != nil {
		t.Fatal(err)
	}
	loc, err := Location(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/page.html#anchor") {
		t.Errorf("Location after click = %q, want …/page.html#anchor", loc)
	}
	assertInViewport(t, ctx, "#anchor", true)

	// Missing elements and pages give errors, not hangs or silent passes.
	if err := Eval(ctx, `throw new Error("boom")`, nil); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Eval(throw) error = %v, want one mentioning boom", err)
	}
	if err := Navigate(ctx, base+"/missing.html"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Navigate(missing) error = %v, want HTTP 404", err)
	}

	// Full-page screenshot of the page, from the top.
	if err := Navigate(ctx, base+"/page.html"); err != nil {
		t.Fatal(err)
	}
	path := Screenshot(t, ctx, "browsertest-zh", 800, 600)
	if want := "browsertest-zh-800.png"; filepath.Base(path) != want {
		t.Errorf("screenshot file = %s, want %s", filepath.Base(path), want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 5000 {
		t.Errorf("screenshot is only %d bytes", len(data))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() < 3000 {
		t.Errorf("screenshot is %dx%d, want 800 wide and the full page (>= 3000) high", b.Dx(), b.Dy())
	}
}

// assertInViewport checks whether the top of the element lies in
// [0, innerHeight), allowing 1px for subpixel scroll offsets (scrolling to
// an element can leave its top at -0.2px).
func assertInViewport(t *testing.T, ctx context.Context, sel string, want bool) {
	t.Helper()
	var r struct {
		Top         float64 `json:"top"`
		InnerHeight float64 `json:"innerHeight"`
	}
	js := `(() => {
		const el = document.querySelector(` + jsString(sel) + `);
		return {top: el.getBoundingClientRect().top, innerHeight: window.innerHeight};
	})()`
	if err := Eval(ctx, js, &r); err != nil {
		t.Fatal(err)
	}
	in := r.Top > -1 && r.Top < r.InnerHeight
	if in != want {
		t.Errorf("%s: top = %v, innerHeight = %v; in viewport = %v, want %v", sel, r.Top, r.InnerHeight, in, want)
	}
}
