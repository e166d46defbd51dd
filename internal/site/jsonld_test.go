package site

import (
	"encoding/json"
	"math"
	"testing"
)

// marshalLD is what jsonLD must write: encoding/json's Marshal, {} when it
// refuses the value.
func marshalLD(ld *ldDataset) string {
	b, err := json.Marshal(ld)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// TestJSONLDEncoding: the hand-written encoder writes what encoding/json
// does, for the pages' shapes (dataset page, indicator page) and for
// strings and numbers that need escaping or an exponent.
func TestJSONLDEncoding(t *testing.T) {
	thing := &ldThing{Type: "Organization", Name: "南海区 <统计局> & \"办\""}
	for _, s := range []string{"", "plain", "\x00\x01\b\f\n\r\t\x1f\x7f", `"\/`, "<>&", "\u2028\u2029", "\xff\xfe中", "南海区 1712.60 亿元", "🙂"} {
		for _, v := range []float64{0, math.Copysign(0, -1), 1712.6, -3.5, 1e-6, 9.99e-7, 1e-7, 1e21, 1e20, 123456789012345678, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1)} {
			for _, ld := range []*ldDataset{
				{Context: s, Type: "Dataset", Creator: thing, Publisher: thing, Name: s, InLanguage: []string{"zh-Hans", s},
					Distribution: []ldDownload{{Type: "DataDownload", Name: s, ContentURL: s, ContentSize: "1 B", EncodingFormat: "text/csv"}, {}}},
				{Description: s, IsPartOf: &ldThing{Type: "Dataset", Name: s, URL: s}, SpatialCoverage: &ldThing{Name: s},
					VariableMeasured: &ldProperty{Type: "PropertyValue", Name: s, PropertyID: s, UnitText: s, Description: s, Value: v}},
				{},
			} {
				if got, want := string(jsonLD(ld)), marshalLD(ld); got != want {
					t.Fatalf("jsonLD wrote\n%s\nencoding/json writes\n%s", got, want)
				}
			}
		}
	}
}

func FuzzJSONLDEncoding(f *testing.F) {
	f.Add("南海区 <b>&", "x\u2028", 1712.6, true)
	f.Add("\xff\x00", "", 1e-7, false)
	f.Fuzz(func(t *testing.T, s, u string, v float64, indicator bool) {
		ld := &ldDataset{Context: "https://schema.org", Type: "Dataset", Name: s, Description: u, URL: u, Identifier: s,
			InLanguage: []string{s, u}, Publisher: &ldThing{Type: "Organization", Name: s}, TemporalCoverage: u, IsBasedOn: s}
		if indicator {
			ld.IsPartOf = &ldThing{Type: "Dataset", Name: u, URL: s}
			ld.VariableMeasured = &ldProperty{Name: s, UnitText: u, Value: v}
		} else {
			ld.Distribution = []ldDownload{{Name: s, ContentURL: u}}
		}
		if got, want := string(jsonLD(ld)), marshalLD(ld); got != want {
			t.Fatalf("jsonLD wrote\n%s\nencoding/json writes\n%s", got, want)
		}
	})
}
