package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"testing"
)

// FuzzParseDecimal: the digits of a figure parse to the value they print.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1712.60", "0.5", "100", "14.07", ".", "", "1.2.3", "007", "1e5", "-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDecimal(s)
		if !ok {
			return
		}
		out := d.format(false)
		d2, ok := parseDecimal(out)
		if !ok || !d2.equal(d) {
			t.Fatalf("%q → %q does not parse back to the same number", s, out)
		}
		en := d.format(true)
		if len(en) == 0 {
			t.Fatalf("%q formats to nothing", s)
		}
	})
}

// FuzzRender: any labels and values either draw well-formed SVG or are
// refused with an error, never a panic.
func FuzzRender(f *testing.F) {
	f.Add("地区生产总值", "Regional GDP", 4.5, -13.1, uint8(0))
	f.Add("<&>\"'", "\x00\xff", 1e12, 0.0, uint8(1))
	f.Add("", "", math.NaN(), math.Inf(1), uint8(2))
	f.Add("很长的标签很长的标签很长的标签很长的标签很长的标签很长的标签", "a very long label that has to wrap over lines", 0.0001, 99999.0, uint8(4))
	f.Fuzz(func(t *testing.T, zh, en string, a, b float64, kind uint8) {
		k := Kinds[int(kind)%len(Kinds)]
		for _, lang := range []string{"zh", "en"} {
			label := zh
			if lang == "en" {
				label = en
			}
			s := Spec{ID: "f", Kind: k, Lang: lang, Title: label, Subtitle: label, Notes: []string{label}, Source: label,
				Rows: []Row{
					{Label: label, Value: Number{Value: a, Unit: "%", Multiplier: 1}, Before: &Number{Value: b, Unit: "%", Multiplier: 1}, Whole: &Number{Value: b, Unit: "%", Multiplier: 1}},
					{Label: label + label, Value: Number{Value: b, Unit: "%", Multiplier: 1}, Before: &Number{Value: a, Unit: "%", Multiplier: 1}, Percent: &Number{Value: a, Unit: "%", Multiplier: 1}},
				}}
			for _, standalone := range []bool{false, true} {
				out, err := Render(s, Options{Standalone: standalone})
				if err != nil {
					continue
				}
				d := xml.NewDecoder(bytes.NewReader(out))
				for {
					_, err := d.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("not well-formed: %v\n%s", err, out)
					}
				}
			}
		}
	})
}
