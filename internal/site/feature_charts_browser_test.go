package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"reportsite/internal/browsertest"
)

// chartsSite builds the real site into a temporary directory and serves it.
func chartsSite(t *testing.T) (ctx context.Context, base, out string) {
	t.Helper()
	ctx = browsertest.Browser(t)
	out = filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Root: filepath.Join("..", ".."), Out: out}); err != nil {
		t.Fatalf("build: %v", err)
	}
	return ctx, browsertest.ServeDir(t, out), out
}

// chartTextJS measures, in Chromium, every text element of every chart SVG
// on the page with getBBox (in the SVG's own units: the charts draw
// without transforms) and reports any that leaves its viewBox or overlaps
// another text of the same chart.
const chartTextJS = `(() => {
  const out = {charts: 0, texts: 0, problems: []};
  const overlap = (a, b) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
                            Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
  document.querySelectorAll('svg.chart').forEach((svg, i) => {
    out.charts++;
    const name = (svg.closest('figure') || {}).id || svg.getAttribute('aria-labelledby') || 'svg ' + i;
    const vb = svg.viewBox.baseVal;
    if (!vb || vb.width === 0) { out.problems.push(name + ': no viewBox'); return; }
    if (svg.getBoundingClientRect().width < 100) out.problems.push(name + ': drawn narrower than 100 px');
    const boxes = [];
    svg.querySelectorAll('text').forEach(t => {
      out.texts++;
      const b = t.getBBox();
      const s = JSON.stringify(t.textContent);
      const r = {x: b.x, y: b.y, width: b.width, height: b.height};
      if (b.width === 0) out.problems.push(name + ': ' + s + ' has no width (not rendered)');
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        out.problems.push(name + ': ' + s + ' leaves the viewBox: box ' + [b.x, b.y, b.width, b.height].map(v => v.toFixed(1)).join(',') +
          ' viewBox ' + [vb.x, vb.y, vb.width, vb.height].join(','));
      for (const o of boxes) if (overlap(o.r, r)) out.problems.push(name + ': ' + s + ' overlaps ' + o.s);
      boxes.push({r, s});
    });
  });
  return out;
})()`

// colourScheme emulates the reader's colour scheme preference.
func colourScheme(ctx context.Context, scheme string) error {
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	}))
}

type chartTextReport struct {
	Charts, Texts int
	Problems      []string
}

func checkChartText(t *testing.T, ctx context.Context, where string, wantCharts int) {
	t.Helper()
	var r chartTextReport
	if err := browsertest.Eval(ctx, chartTextJS, &r); err != nil {
		t.Fatal(err)
	}
	if r.Charts != wantCharts {
		t.Errorf("%s: %d charts, want %d", where, r.Charts, wantCharts)
	}
	if r.Texts == 0 {
		t.Errorf("%s: no text measured", where)
	}
	for _, p := range r.Problems {
		t.Errorf("%s: %s", where, p)
	}
	t.Logf("%s: %d charts, %d text elements measured", where, r.Charts, r.Texts)
}

// TestBrowserChartsLegible opens the charts page in both languages at a
// desktop and a phone width, checks in Chromium that no chart's text
// overlaps other text or leaves the drawing, and takes screenshots to look
// at. It checks the standalone SVG downloads the same way, and that a
// chart page, an embed page and a chart beside its paragraph render.
func TestBrowserChartsLegible(t *testing.T) {
	ctx, base, out := chartsSite(t)
	const report = "nanhai-2023-h1-plan-execution"
	files, _ := filepath.Glob(filepath.Join(out, "data", report, "charts", "*.svg"))
	n := len(files) / 2
	if n < 10 {
		t.Fatalf("%d charts, want at least 10", n)
	}
	for _, lang := range []string{"zh", "en"} {
		if err := browsertest.Navigate(ctx, base+"/"+lang+"/"+report+"/charts/"); err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{1280, 390} {
			if err := browsertest.SetViewport(ctx, w, 900); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond) // let the layout settle at the new width
			checkChartText(t, ctx, fmt.Sprintf("%s charts page at %d px", lang, w), n)
			browsertest.Screenshot(t, ctx, "charts-"+lang, w, 900)
		}
		// Dark scheme: the charts recolour through their CSS classes.
		if err := colourScheme(ctx, "dark"); err != nil {
			t.Fatal(err)
		}
		var dark struct{ Bar, Text string }
		if err := browsertest.Eval(ctx, `(() => { const s = document.querySelector("svg.chart"); return {bar: getComputedStyle(s.querySelector("rect.f-blue")).fill, text: getComputedStyle(s.querySelector("text")).fill}; })()`, &dark); err != nil {
			t.Fatal(err)
		}
		if dark.Bar != "rgb(58, 143, 208)" || dark.Text != "rgb(230, 230, 227)" {
			t.Errorf("%s: in the dark scheme a blue bar is %s and text %s, want the dark palette", lang, dark.Bar, dark.Text)
		}
		browsertest.Screenshot(t, ctx, "charts-dark-"+lang, 1280, 900)
		if err := colourScheme(ctx, "light"); err != nil {
			t.Fatal(err)
		}
		// The standalone files: their title, notes and source line too.
		for _, f := range files {
			name := filepath.Base(f)
			if !strings.HasSuffix(name, "."+lang+".svg") {
				continue
			}
			if err := browsertest.Navigate(ctx, base+"/data/"+report+"/charts/"+name); err != nil {
				t.Fatal(err)
			}
			checkChartText(t, ctx, name, 1)
		}
		// A chart beside its paragraph: the structure and the GDP chart.
		if err := browsertest.Navigate(ctx, base+"/"+lang+"/"+report+"/1-1/#chart-three-sectors"); err != nil {
			t.Fatal(err)
		}
		var after bool
		if err := browsertest.Eval(ctx, `document.querySelector("#p486b7c ~ figure#chart-three-sectors") !== null`, &after); err != nil {
			t.Fatal(err)
		}
		if !after {
			t.Errorf("%s: the three-sector chart is not placed after paragraph p486b7c", lang)
		}
		checkChartText(t, ctx, lang+" section 1-1", 5)
		browsertest.Screenshot(t, ctx, "charts-beside-paragraph-"+lang, 390, 900)
		// A chart page and its embed page.
		if err := browsertest.Navigate(ctx, base+"/"+lang+"/"+report+"/charts/investment-growth/"); err != nil {
			t.Fatal(err)
		}
		checkChartText(t, ctx, lang+" chart page", 1)
		browsertest.Screenshot(t, ctx, "chart-page-"+lang, 1280, 900)
		if err := browsertest.Navigate(ctx, base+"/"+lang+"/"+report+"/embed/investment-growth/"); err != nil {
			t.Fatal(err)
		}
		checkChartText(t, ctx, lang+" embed page", 1)
		browsertest.Screenshot(t, ctx, "chart-embed-"+lang, 560, 600)
	}
	if _, err := os.Stat(browsertest.ScreenshotDir()); err != nil {
		t.Errorf("no screenshots: %v", err)
	}
}
