package site

import (
	"strings"
	"testing"

	"reportsite/internal/browsertest"
)

// TestBrowserFigureLinksToIndicator: in the report's text, in both
// languages, a figure is a link; clicking it lands on the indicator's page,
// which shows the figure, its source sentence with the figure marked, and
// a link back to the paragraph. The dataset page's table filters and sorts
// with its script and stays complete without it.
func TestBrowserFigureLinksToIndicator(t *testing.T) {
	ctx, base := buildForBrowser(t)
	const report = "nanhai-2023-h1-plan-execution"
	for _, c := range []struct {
		lang, figure, heading, value string
	}{
		{"zh", "1712.60亿元", "地区生产总值", "1712.60亿元"},
		{"en", "RMB 171.26 billion", "Regional GDP", "RMB 171.26 billion"},
	} {
		if err := browsertest.Navigate(ctx, base+"/"+c.lang+"/"+report+"/1-1/"); err != nil {
			t.Fatal(err)
		}
		sel := `#p486b7c a.figure[href$="/data/gdp/"]`
		text, err := browsertest.Text(ctx, sel)
		if err != nil {
			t.Fatalf("%s: the GDP figure is not a link: %v", c.lang, err)
		}
		if text != c.figure {
			t.Errorf("%s: the link reads %q, want the figure %q", c.lang, text, c.figure)
		}
		var label string
		if err := browsertest.Eval(ctx, `document.querySelector('`+sel+`').getAttribute("aria-label")`, &label); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(label, c.heading) || !strings.Contains(label, c.value) {
			t.Errorf("%s: accessible name %q should name the indicator and its value", c.lang, label)
		}
		browsertest.Screenshot(t, ctx, "dataset-figure-links-"+c.lang, 1280, 900)
		if err := browsertest.Click(ctx, sel); err != nil {
			t.Fatal(err)
		}
		want := "/" + c.lang + "/" + report + "/data/gdp/"
		waitFor(t, ctx, "the indicator page", `location.pathname.endsWith(`+jsQuote(want)+`) && document.readyState === "complete"`)
		h1, err := browsertest.Text(ctx, "h1")
		if err != nil {
			t.Fatal(err)
		}
		if h1 != c.heading {
			t.Errorf("%s: indicator page heading %q, want %q", c.lang, h1, c.heading)
		}
		value, err := browsertest.Text(ctx, ".ds-value")
		if err != nil {
			t.Fatal(err)
		}
		if value != c.value {
			t.Errorf("%s: indicator page shows %q, want %q", c.lang, value, c.value)
		}
		mark, err := browsertest.Text(ctx, `.ds-quote blockquote[lang="zh-Hans"] mark`)
		if err != nil {
			t.Fatal(err)
		}
		if mark != "1712.60亿元" {
			t.Errorf("%s: the source sentence marks %q, want the figure 1712.60亿元", c.lang, mark)
		}
		browsertest.Screenshot(t, ctx, "dataset-indicator-gdp-"+c.lang, 1280, 900)
		browsertest.Screenshot(t, ctx, "dataset-indicator-gdp-"+c.lang, 360, 740)
		// Back to the paragraph the figure comes from.
		if err := browsertest.Click(ctx, "a.ds-context"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, "the paragraph", `location.hash === "#p486b7c" && location.pathname.endsWith("/1-1/") && document.readyState === "complete"`)
		waitFor(t, ctx, "the paragraph scrolled into view",
			`(() => { const b = document.getElementById("p486b7c").getBoundingClientRect(); return b.top >= -1 && b.top < innerHeight; })()`)
	}

	// The dataset page: the script filters by text and kind.
	if err := browsertest.Navigate(ctx, base+"/en/"+report+"/data/"); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := browsertest.Eval(ctx, `document.querySelectorAll(".ds-table tbody tr:not([hidden])").length`, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 186 {
		t.Errorf("dataset table shows %d rows, want all 186", n)
	}
	browsertest.Screenshot(t, ctx, "dataset-page-en", 1280, 900)
	browsertest.Screenshot(t, ctx, "dataset-page-en", 360, 740)
	// On a phone the download cards sit two to a row, all of a width
	// (not as wide as their file names).
	var cards struct {
		N, Columns int
		Min, Max   float64
	}
	if err := browsertest.Eval(ctx, `(() => {
		const ws = [...document.querySelectorAll(".ds-downloads li")].map(li => li.getBoundingClientRect());
		return {N: ws.length, Columns: new Set(ws.map(r => Math.round(r.left))).size,
			Min: Math.min(...ws.map(r => r.width)), Max: Math.max(...ws.map(r => r.width))};
	})()`, &cards); err != nil {
		t.Fatal(err)
	}
	if cards.N < 8 || cards.Columns != 2 || cards.Max-cards.Min > 1 {
		t.Errorf("at 360 px the %d download cards sit in %d columns, %.1f to %.1f px wide; want two columns of equal cards", cards.N, cards.Columns, cards.Min, cards.Max)
	}
	if err := browsertest.Eval(ctx, `(() => { const q = document.getElementById("ds-q"); q.value = "gdp"; q.dispatchEvent(new Event("input")); return true })()`, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n < 3 || n >= 186 {
		t.Errorf("filtering by \"gdp\" leaves %d rows, want a few", n)
	}
	if err := browsertest.Eval(ctx, `(() => { const q = document.getElementById("ds-q"); q.value = ""; q.dispatchEvent(new Event("input")); const k = document.getElementById("ds-kind"); k.value = "yoy_pct"; k.dispatchEvent(new Event("change")); return true })()`, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 23 {
		t.Errorf("filtering by kind yoy_pct leaves %d rows, want the 23 growth rates", n)
	}
	// Sorting by value, descending then ascending.
	if err := browsertest.Click(ctx, ".ds-table thead th:nth-child(2) button"); err != nil {
		t.Fatal(err)
	}
	var first string
	if err := browsertest.Eval(ctx, `document.querySelector(".ds-table tbody tr:not([hidden])").id`, &first); err != nil {
		t.Fatal(err)
	}
	if first != "i-fdi-yoy" { // −47.15%, the lowest growth rate
		t.Errorf("ascending by value, the first growth rate is %s, want i-fdi-yoy", first)
	}
}

func jsQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
