package chart

import (
	"strings"
	"testing"
)

// TestPaletteContrast checks the palette against WCAG 2.2 in both schemes:
// every mark's edge stands out from the page at 3:1 (1.4.11 non-text
// contrast), text and muted text at 4.5:1 (1.4.3), the zero line and the
// track's edge at 3:1; and the colours a chart uses side by side by
// default differ in lightness, so they stay apart in greyscale.
func TestPaletteContrast(t *testing.T) {
	for _, mode := range []struct {
		name   string
		scheme Scheme
		swatch func(Colour) Swatch
	}{
		{"light", Light, func(c Colour) Swatch { return c.Light }},
		{"dark", Dark, func(c Colour) Swatch { return c.Dark }},
	} {
		s := mode.scheme
		need := func(what, a, b string, min float64) {
			if r := Contrast(a, b); r < min {
				t.Errorf("%s: %s %s on %s is %.2f:1, below %.1f:1", mode.name, what, a, b, r, min)
			}
		}
		need("text", s.Text, s.Background, 4.5)
		need("muted text", s.Muted, s.Background, 4.5)
		need("zero line", s.Axis, s.Background, 3)
		need("progress track edge", s.TrackEdge, s.Background, 3)
		for _, c := range Palette {
			need(c.Name+" edge", mode.swatch(c).Edge, s.Background, 3)
		}
		// Diverging: growth and decline.
		d := DefaultColours[Diverging]
		pos, _ := ColourNamed(d[0])
		neg, _ := ColourNamed(d[1])
		if r := Contrast(mode.swatch(pos).Fill, mode.swatch(neg).Fill); r < 2 {
			t.Errorf("%s: diverging colours differ by %.2f:1 in lightness; want 2:1 to survive greyscale", mode.name, r)
		}
		// Neighbours in the default composition order.
		comp := DefaultColours[Composition]
		for i := 1; i < 3; i++ {
			a, _ := ColourNamed(comp[i-1])
			b, _ := ColourNamed(comp[i])
			if r := Contrast(mode.swatch(a).Fill, mode.swatch(b).Fill); r < 1.35 {
				t.Errorf("%s: %s and %s differ by %.2f:1 in lightness", mode.name, a.Name, b.Name, r)
			}
		}
	}
}

func TestCSSCoversEveryClass(t *testing.T) {
	css := CSS(".chart")
	for _, lang := range []string{"zh", "en"} {
		for _, s := range samples(lang) {
			b, _ := Render(s, Options{})
			n := decode(t, b)
			var walk func(node)
			walk = func(n node) {
				for _, c := range strings.Fields(n.attr("class")) {
					if c == "chart" || strings.HasPrefix(c, "chart-") || c == "v" {
						continue // the root and the value marker carry no style
					}
					if !strings.Contains(css, "."+c+"{") && !strings.Contains(css, "."+c+" ") {
						t.Errorf("class %q has no rule", c)
					}
				}
				for _, ch := range n.Children {
					walk(ch)
				}
			}
			walk(n)
		}
	}
	if !strings.Contains(css, "prefers-color-scheme: dark") {
		t.Error("no dark scheme")
	}
}
