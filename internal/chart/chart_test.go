package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files in testdata/")

// TestGolden renders one chart of each kind, in both languages, inline and
// standalone, and compares it with testdata/golden/. Run with -update after
// an intended change and look at the files (open them in a browser).
func TestGolden(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, s := range samples(lang) {
			for _, standalone := range []bool{false, true} {
				name := s.ID + "." + lang + ".svg"
				if standalone {
					name = s.ID + "." + lang + ".standalone.svg"
				}
				got, err := Render(s, Options{Standalone: standalone})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				path := filepath.Join("testdata", "golden", name)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/chart -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the golden file (go test ./internal/chart -update, then review the diff)", name)
				}
				if len(got) > 8*1024 {
					t.Errorf("%s is %d bytes, more than 8 KB", name, len(got))
				}
			}
		}
	}
}

// node is an SVG element, decoded for tests.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) float(name string) float64 {
	f, _ := strconv.ParseFloat(n.attr(name), 64)
	return f
}

// all returns the elements named name, in document order.
func (n node) all(name string) []node {
	var out []node
	if n.XMLName.Local == name {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(name)...)
	}
	return out
}

// lines returns a text element's lines.
func (n node) lines() []string {
	spans := n.all("tspan")
	if len(spans) == 0 {
		return []string{n.Text}
	}
	var out []string
	for _, s := range spans {
		out = append(out, s.Text)
	}
	return out
}

func decode(t *testing.T, b []byte) node {
	t.Helper()
	// Every token must decode: the SVG is well-formed XML.
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
	}
	var n node
	if err := xml.Unmarshal(b, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWellFormedAndAccessible: every chart is well-formed XML (checked by
// encoding/xml and, when installed, xmllint), has role="img", and is
// labelled by its <title> and <desc>, which say what it shows.
func TestWellFormedAndAccessible(t *testing.T) {
	xmllint, _ := exec.LookPath("xmllint")
	for _, lang := range []string{"zh", "en"} {
		for _, s := range samples(lang) {
			for _, standalone := range []bool{false, true} {
				b, err := Render(s, Options{Standalone: standalone})
				if err != nil {
					t.Fatal(err)
				}
				n := decode(t, b)
				if n.XMLName.Local != "svg" || n.attr("role") != "img" {
					t.Errorf("%s: root %s role %q", s.ID, n.XMLName.Local, n.attr("role"))
				}
				ids := strings.Fields(n.attr("aria-labelledby"))
				if len(ids) != 2 {
					t.Fatalf("%s: aria-labelledby %q", s.ID, n.attr("aria-labelledby"))
				}
				title, desc := n.all("title"), n.all("desc")
				if len(title) != 1 || len(desc) != 1 || title[0].attr("id") != ids[0] || desc[0].attr("id") != ids[1] {
					t.Errorf("%s: aria-labelledby must name the title and the desc", s.ID)
				}
				if title[0].Text != s.Title {
					t.Errorf("%s: title %q", s.ID, title[0].Text)
				}
				if !strings.Contains(desc[0].Text, s.Title) {
					t.Errorf("%s: desc %q does not say what the chart shows", s.ID, desc[0].Text)
				}
				if n.attr("viewBox") == "" || n.attr("width") != "100%" {
					t.Errorf("%s: not responsive: viewBox %q width %q", s.ID, n.attr("viewBox"), n.attr("width"))
				}
				if bytes.Contains(b, []byte("fill=")) || bytes.Contains(b, []byte("@font-face")) {
					t.Errorf("%s: hard-coded fill or embedded font", s.ID)
				}
				if xmllint != "" {
					cmd := exec.Command(xmllint, "--noout", "-")
					cmd.Stdin = bytes.NewReader(b)
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Errorf("%s: xmllint: %v\n%s", s.ID, err, out)
					}
				}
			}
		}
	}
	if xmllint == "" {
		t.Log("xmllint not installed: checked with encoding/xml only")
	}
}

// TestDescribeStatesEveryValue: the desc, read by screen readers, carries
// every figure as the chart prints it.
func TestDescribeStatesEveryValue(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, s := range samples(lang) {
			d := Describe(s)
			for _, r := range s.Rows {
				if v := s.Format(r.Value); !strings.Contains(d, v) && s.Kind != Progress {
					t.Errorf("%s %s: desc lacks %q: %s", s.ID, lang, v, d)
				}
				if r.Before != nil && !strings.Contains(d, s.Format(*r.Before)) {
					t.Errorf("%s %s: desc lacks the before value: %s", s.ID, lang, d)
				}
				if r.Percent != nil && !strings.Contains(d, Format(*r.Percent, lang, Scale{})) {
					t.Errorf("%s %s: desc lacks the percentage: %s", s.ID, lang, d)
				}
			}
		}
	}
	s := samples("en")[0]
	if d := Describe(s); !strings.Contains(d, "3 of 6 grew and 3 fell") {
		t.Errorf("diverging desc should count rises and falls: %s", d)
	}
}

// textBox is the box the layout reserves for a text element, computed from
// the SVG as a browser would lay it out with the measured widths.
func textBox(n node) (x0, y0, x1, y1 float64) {
	size := fontSize
	if s := n.attr("font-size"); s != "" {
		size, _ = strconv.ParseFloat(s, 64)
	}
	bold := strings.Contains(n.attr("class"), "hl")
	lines := n.lines()
	w := 0.0
	for i, l := range lines {
		b := bold
		if spans := n.all("tspan"); len(spans) > i && strings.Contains(spans[i].attr("class"), "hl") {
			b = true
		}
		w = math.Max(w, TextWidth(l, size, b))
	}
	x, y := n.float("x"), n.float("y")
	switch n.attr("text-anchor") {
	case "end":
		x0 = x - w
	case "middle":
		x0 = x - w/2
	default:
		x0 = x
	}
	dy := 0.0
	for _, s := range n.all("tspan")[min(1, len(n.all("tspan"))):] {
		dy += s.float("dy")
	}
	return x0, y - ascent*size, x0 + w, y + dy + descent*size
}

// TestLayoutKeepsTextApart checks the layout with the measured widths: no
// two text boxes overlap and none leaves the drawing, for every sample and
// for long labels that must wrap. (The browser test checks the same with
// real fonts.)
func TestLayoutKeepsTextApart(t *testing.T) {
	long := func(lang string) []Spec {
		ss := samples(lang)
		for i := range ss {
			for j := range ss[i].Rows {
				ss[i].Rows[j].Label = strings.Repeat(ss[i].Rows[j].Label+" ", 3)
			}
		}
		return ss
	}
	for _, lang := range []string{"zh", "en"} {
		for _, set := range [][]Spec{samples(lang), long(lang)} {
			for _, s := range set {
				for _, standalone := range []bool{false, true} {
					b, err := Render(s, Options{Standalone: standalone})
					if err != nil {
						t.Fatal(err)
					}
					n := decode(t, b)
					vb := strings.Fields(n.attr("viewBox"))
					vw, _ := strconv.ParseFloat(vb[2], 64)
					vh, _ := strconv.ParseFloat(vb[3], 64)
					type rect struct {
						x0, y0, x1, y1 float64
						s              string
					}
					var boxes []rect
					for _, tx := range n.all("text") {
						x0, y0, x1, y1 := textBox(tx)
						r := rect{x0, y0, x1, y1, strings.Join(tx.lines(), "/")}
						// Coordinates are written to a tenth of a unit.
						if x0 < -0.06 || y0 < -0.06 || x1 > vw+0.06 || y1 > vh+0.06 {
							t.Errorf("%s %s standalone=%v: %q (%.1f,%.1f,%.1f,%.1f) leaves the viewBox %vx%v", s.ID, lang, standalone, r.s, x0, y0, x1, y1, vw, vh)
						}
						for _, o := range boxes {
							if math.Min(o.x1, r.x1)-math.Max(o.x0, r.x0) > 0.01 && math.Min(o.y1, r.y1)-math.Max(o.y0, r.y0) > 0.01 {
								t.Errorf("%s %s standalone=%v: %q overlaps %q", s.ID, lang, standalone, r.s, o.s)
							}
						}
						boxes = append(boxes, r)
					}
				}
			}
		}
	}
}

// TestBarsAreHonest: bars start at zero and their lengths are in
// proportion to the values; composition parts are in proportion to their
// share; progress fills are the part over the whole.
func TestBarsAreHonest(t *testing.T) {
	for _, s := range samples("en") {
		b, err := Render(s, Options{})
		if err != nil {
			t.Fatal(err)
		}
		n := decode(t, b)
		var bars []node
		for _, r := range n.all("rect") {
			if strings.HasPrefix(r.attr("class"), "f-") {
				bars = append(bars, r)
			}
		}
		switch s.Kind {
		case Bars, Diverging:
			if len(bars) != len(s.Rows) {
				t.Fatalf("%s: %d bars for %d rows", s.ID, len(bars), len(s.Rows))
			}
			zero := math.NaN()
			for _, p := range n.all("path") {
				if p.attr("class") == "ax" {
					zero, _ = strconv.ParseFloat(strings.Fields(strings.TrimPrefix(p.attr("d"), "M"))[0], 64)
				}
			}
			// The scale, from the longest bar (the least rounding error).
			k, longest := 0.0, 0.0
			for i, r := range s.Rows {
				if math.Abs(r.Value.Value) > longest {
					longest = math.Abs(r.Value.Value)
					k = bars[i].float("width") / longest
				}
			}
			for i, r := range s.Rows {
				w := bars[i].float("width")
				if math.Abs(w-k*math.Abs(r.Value.Value)) > 0.15 {
					t.Errorf("%s: bar %d is %.1f long, want %.1f (in proportion to %v)", s.ID, i, w, k*math.Abs(r.Value.Value), r.Value.Value)
				}
				start := bars[i].float("x")
				if r.Value.Value < 0 {
					start += w
				}
				if math.Abs(start-zero) > 0.1 {
					t.Errorf("%s: bar %d starts at %.1f, not at zero (%.1f)", s.ID, i, start, zero)
				}
			}
		case Composition:
			sum := 0.0
			for _, r := range s.Rows {
				sum += r.Value.Value
			}
			total := 0.0
			for _, b := range bars {
				total += b.float("width")
			}
			gaps := 2.0 * float64(len(bars)-1)
			for i, r := range s.Rows {
				want := r.Value.Value / sum * (total + gaps)
				got := bars[i].float("width")
				if i > 0 {
					got++
				}
				if i < len(bars)-1 {
					got++
				}
				if math.Abs(got-want) > 0.6 && want > 0.6 {
					t.Errorf("%s: part %d is %.1f wide, want %.1f", s.ID, i, got, want)
				}
			}
		case Progress:
			tracks := []node{}
			for _, r := range n.all("rect") {
				if r.attr("class") == "tr" {
					tracks = append(tracks, r)
				}
			}
			for i, r := range s.Rows {
				frac := r.Percent.Value / 100
				if r.Whole != nil {
					frac = r.Value.Value / r.Whole.Value
				}
				got := bars[i].float("width") / tracks[i].float("width")
				if math.Abs(got-frac) > 0.002 {
					t.Errorf("%s: row %d filled %.4f, want %.4f", s.ID, i, got, frac)
				}
			}
		}
	}
}

// TestEscaping: labels are data; markup in them stays text and control
// characters cannot make the XML invalid.
func TestEscaping(t *testing.T) {
	s := samples("en")[1]
	s.Title = `Tom & "Jerry" <script>alert(1)</script>`
	s.Rows[0].Label = "a\x00b\x1bc <b>&amp; ]]> \xff"
	b, err := Render(s, Options{Standalone: true})
	if err != nil {
		t.Fatal(err)
	}
	n := decode(t, b)
	if got := n.all("title")[0].Text; got != s.Title {
		t.Errorf("title round-trips as %q", got)
	}
	if bytes.Contains(b, []byte("<script")) || bytes.Contains(b, []byte("<b>")) {
		t.Error("markup from a label reached the SVG")
	}
	found := false
	for _, tx := range n.all("text") {
		if strings.Contains(strings.Join(tx.lines(), ""), "<b>&amp;") {
			found = true
		}
	}
	if !found {
		t.Error("the label's text is not kept as text")
	}
}

// TestCheck rejects what cannot be drawn honestly.
func TestCheck(t *testing.T) {
	base := func() Spec { return samples("zh")[1] }
	cases := []struct {
		name string
		mod  func(*Spec)
		want string
	}{
		{"no rows", func(s *Spec) { s.Rows = nil }, "no data"},
		{"unknown kind", func(s *Spec) { s.Kind = "pie" }, "unknown chart kind"},
		{"unknown colour", func(s *Spec) { s.Colours = []string{"red"} }, "unknown colour"},
		{"unit mismatch", func(s *Spec) { s.Rows[1].Value = pct(5, "5") }, "unit mismatch"},
		{"multiplier mismatch", func(s *Spec) { s.Rows[1].Value.Multiplier = 1e4 }, "unit mismatch"},
		{"digits disagree", func(s *Spec) { s.Rows[0].Value.Text = "14005" }, "do not equal"},
		{"not finite", func(s *Spec) { s.Rows[0].Value.Value = math.Inf(1); s.Rows[0].Value.Text = "" }, "not a finite"},
		{"dumbbell without before", func(s *Spec) { s.Kind = Dumbbell }, "before value"},
		{"progress without whole", func(s *Spec) { s.Kind = Progress }, "whole or a percentage"},
		{"negative part", func(s *Spec) { s.Kind = Composition; s.Rows[0].Value.Value = -1; s.Rows[0].Value.Text = "1" }, "cannot be negative"},
	}
	for _, c := range cases {
		s := base()
		c.mod(&s)
		_, err := Render(s, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func ExampleFormat() {
	for _, n := range []Number{
		yuan100m(1712.6, "1712.60"),
		yuan100m(14.07, "14.07"),
		{Value: 62.46, Text: "62.46", Unit: "万户", UnitEn: "market entities", Multiplier: 1e4},
		{Value: 3131.6, Text: "3131.6", Unit: "万元", UnitEn: "CNY", Multiplier: 1e4},
		count(8357.86, "8357.86", "亩", "mu"),
		count(1200, "1200", "元/月", "CNY per person per month"),
		{Value: 46, Text: "46", Unit: "万平方米", UnitEn: "square metres", Multiplier: 1e4},
		pct(-13.1, "13.1"),
		{Value: 2.3, Text: "2.3", Unit: "个百分点", UnitEn: "percentage points", Multiplier: 1},
		count(3715, "3715", "家", "enterprises"),
	} {
		sc := ScaleFor([]Number{n})
		fmt.Printf("%s | %s\n", Format(n, "zh", sc), Format(n, "en", sc))
	}
	// Output:
	// 1712.60亿元 | RMB 171.26 bn
	// 14.07亿元 | RMB 1.407 bn
	// 62.46万户 | 624,600
	// 3131.6万元 | RMB 31.316 mn
	// 8357.86亩 | 8,357.86 mu
	// 1200元/月 | RMB 1,200/month
	// 46万平方米 | 460,000 m²
	// −13.1% | −13.1%
	// 2.3个百分点 | 2.3 pp
	// 3715家 | 3,715
}

// TestScaleSharedOnAxis: English labels of one chart use one scale, so
// RMB 5.54亿 prints as 0.554 bn beside 1819亿 = 181.9 bn.
func TestScaleSharedOnAxis(t *testing.T) {
	ns := []Number{yuan100m(1819, "1819"), yuan100m(5.54, "5.54")}
	sc := ScaleFor(ns)
	if got := Format(ns[1], "en", sc); got != "RMB 0.554 bn" {
		t.Errorf("got %q", got)
	}
	if got := AxisUnit(ns[0], "en", sc); got != "RMB bn" {
		t.Errorf("axis unit %q", got)
	}
	if got := AxisUnit(count(1200, "1200", "元/月", "CNY per person per month"), "en", ScaleFor([]Number{count(1200, "1200", "元/月", "")})); got != "RMB/month" {
		t.Errorf("axis unit %q", got)
	}
	if got := TickLabel(500, ns[0], "en", sc, 0); got != "50" {
		t.Errorf("tick 500亿 in bn: %q", got)
	}
	if got := TickLabel(-40, pct(1, "1"), "zh", Scale{}, 0); got != "−40%" {
		t.Errorf("tick: %q", got)
	}
}
