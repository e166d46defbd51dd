package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fig makes an indicator for in-memory relation tests.
func fig(id, text, unit string, mult float64, kind string, neg bool, flags ...string) *Indicator {
	in := &Indicator{ID: id, Series: strings.ReplaceAll(id, "-", "_"), NameZh: id, NameEn: id, ValueText: text, Unit: unit, UnitEn: "x",
		Multiplier: mult, Kind: kind, Flags: flags}
	v := 0.0
	if _, err := fmtSscan(text, &v); err != nil {
		panic(err)
	}
	if neg {
		v = -v
	}
	in.Value = v
	in.Decimals = Decimals(text)
	return in
}

func testSet(inds ...*Indicator) *Dataset {
	d := &Dataset{byID: map[string]*Indicator{}}
	for _, in := range inds {
		d.Indicators = append(d.Indicators, in)
		d.byID[in.ID] = in
	}
	return d
}

// TestRelationArithmetic checks each type on figures that hold and on
// figures that do not, at the edge of the rounding.
func TestRelationArithmetic(t *testing.T) {
	tests := []struct {
		name  string
		inds  []*Indicator
		rel   Relation
		holds bool
	}{
		{"sum holds within rounding", []*Indicator{fig("t", "135.2", "亿元", 1e8, "level", false), fig("a", "75.81", "亿元", 1e8, "level", false), fig("b", "59.39", "亿元", 1e8, "level", false)},
			Relation{Type: "sum", Total: "t", Parts: []string{"a", "b"}}, true},
		{"sum fails beyond rounding", []*Indicator{fig("t", "135.3", "亿元", 1e8, "level", false), fig("a", "75.81", "亿元", 1e8, "level", false), fig("b", "59.39", "亿元", 1e8, "level", false)},
			Relation{Type: "sum", Total: "t", Parts: []string{"a", "b"}}, false},
		{"sum across 亿 and 万", []*Indicator{fig("t", "1.5", "亿元", 1e8, "level", false), fig("a", "5000", "万元", 1e4, "level", false), fig("b", "1", "亿元", 1e8, "level", false)},
			Relation{Type: "sum", Total: "t", Parts: []string{"a", "b"}}, true},
		{"exact counts do not round: 4 + 8 is not 13", []*Indicator{fig("t", "13", "家", 1, "count", false), fig("a", "4", "家", 1, "count", false), fig("b", "8", "家", 1, "count", false)},
			Relation{Type: "sum", Total: "t", Parts: []string{"a", "b"}}, false},
		{"ratio sums to 100", []*Indicator{fig("a", "1.9", "", 1, "ratio_part", false), fig("b", "49.6", "", 1, "ratio_part", false), fig("c", "48.5", "", 1, "ratio_part", false)},
			Relation{Type: "ratio_sum", Parts: []string{"a", "b", "c"}}, true},
		{"ratio does not sum to 100", []*Indicator{fig("a", "1.9", "", 1, "ratio_part", false), fig("b", "49.6", "", 1, "ratio_part", false), fig("c", "48.7", "", 1, "ratio_part", false)},
			Relation{Type: "ratio_sum", Parts: []string{"a", "b", "c"}}, false},
		{"share rounds to the stated decimal", []*Indicator{fig("s", "9.4", "%", 1, "share_pct", false), fig("p", "73.64", "亿元", 1e8, "level", false), fig("t", "786.97", "亿元", 1e8, "level", false)},
			Relation{Type: "share", Share: "s", Part: "p", Total: "t"}, true},
		{"share stated wrong", []*Indicator{fig("s", "9.5", "%", 1, "share_pct", false), fig("p", "73.64", "亿元", 1e8, "level", false), fig("t", "786.97", "亿元", 1e8, "level", false)},
			Relation{Type: "share", Share: "s", Part: "p", Total: "t"}, false},
		{"completion of counts", []*Indicator{fig("r", "77.17", "%", 1, "completion_pct", false), fig("d", "6168", "个", 1, "count", false), fig("g", "7993", "个", 1, "count", false)},
			Relation{Type: "completion", Rate: "r", Done: "d", Target: "g"}, true},
		{"completion one hundredth off", []*Indicator{fig("r", "77.16", "%", 1, "completion_pct", false), fig("d", "6168", "个", 1, "count", false), fig("g", "7993", "个", 1, "count", false)},
			Relation{Type: "completion", Rate: "r", Done: "d", Target: "g"}, false},
		{"change in points", []*Indicator{fig("c", "14.8", "个百分点", 1, "pp_change", false), fig("b", "54.7", "%", 1, "share_pct", false), fig("a", "69.5", "%", 1, "share_pct", false)},
			Relation{Type: "change", Change: "c", Before: "b", After: "a"}, true},
		{"a decrease stated as a change", []*Indicator{fig("c", "33", "户", 1, "change", true), fig("b", "100", "户", 1, "count", false), fig("a", "67", "户", 1, "count", false)},
			Relation{Type: "change", Change: "c", Before: "b", After: "a"}, true},
		{"change with the wrong sign", []*Indicator{fig("c", "33", "户", 1, "change", false), fig("b", "100", "户", 1, "count", false), fig("a", "67", "户", 1, "count", false)},
			Relation{Type: "change", Change: "c", Before: "b", After: "a"}, false},
		{"growth of parts", []*Indicator{fig("t", "135.2", "亿元", 1e8, "level", false), fig("a", "75.81", "亿元", 1e8, "level", false), fig("b", "59.39", "亿元", 1e8, "level", false),
			fig("gt", "1.33", "%", 1, "yoy_pct", false), fig("ga", "12.79", "%", 1, "yoy_pct", false), fig("gb", "10.3", "%", 1, "yoy_pct", true)},
			Relation{Type: "growth_sum", Total: "t", Parts: []string{"a", "b"}, TotalGrowth: "gt", PartGrowths: []string{"ga", "gb"}}, true},
		{"growth of parts with a flipped sign", []*Indicator{fig("t", "135.2", "亿元", 1e8, "level", false), fig("a", "75.81", "亿元", 1e8, "level", false), fig("b", "59.39", "亿元", 1e8, "level", false),
			fig("gt", "1.33", "%", 1, "yoy_pct", false), fig("ga", "12.79", "%", 1, "yoy_pct", false), fig("gb", "10.3", "%", 1, "yoy_pct", false)},
			Relation{Type: "growth_sum", Total: "t", Parts: []string{"a", "b"}, TotalGrowth: "gt", PartGrowths: []string{"ga", "gb"}}, false},
		{"equal", []*Indicator{fig("a", "5.1", "%", 1, "yoy_pct", false), fig("b", "5.1", "%", 1, "yoy_pct", false)}, Relation{Type: "equal", IDs: []string{"a", "b"}}, true},
		{"not equal", []*Indicator{fig("a", "5.1", "%", 1, "yoy_pct", false), fig("b", "5.2", "%", 1, "yoy_pct", false)}, Relation{Type: "equal", IDs: []string{"a", "b"}}, false},
		{"part of a total", []*Indicator{fig("t", "712.44", "亿元", 1e8, "level", false), fig("a", "200", "亿元", 1e8, "level", false), fig("b", "160", "亿元", 1e8, "level", false)},
			Relation{Type: "part_of", Total: "t", Parts: []string{"a", "b"}}, true},
		{"parts above the total", []*Indicator{fig("t", "300", "亿元", 1e8, "level", false), fig("a", "200", "亿元", 1e8, "level", false), fig("b", "160", "亿元", 1e8, "level", false)},
			Relation{Type: "part_of", Total: "t", Parts: []string{"a", "b"}}, false},
		{"integer base", []*Indicator{fig("n", "673", "项", 1, "count", false), fig("g", "116", "%", 1, "yoy_pct", false)}, Relation{Type: "integer_base", Count: "n", Growth: "g"}, true},
		{"no integer base", []*Indicator{fig("n", "3", "项", 1, "count", false), fig("g", "100.0", "%", 1, "yoy_pct", false)}, Relation{Type: "integer_base", Count: "n", Growth: "g"}, false},
		{"integer share", []*Indicator{fig("s", "66.7", "%", 1, "rate", false), fig("n", "6", "个", 1, "count", false)}, Relation{Type: "integer_share", Share: "s", Total: "n"}, true},
		{"no integer share", []*Indicator{fig("s", "50.0", "%", 1, "rate", false), fig("n", "7", "个", 1, "count", false)}, Relation{Type: "integer_share", Share: "s", Total: "n"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testSet(tt.inds...)
			r := tt.rel
			r.ID = "r"
			if err := d.validateRelation(&r); err != nil {
				t.Fatalf("valid relation refused: %v", err)
			}
			d.compute(&r)
			if r.Holds != tt.holds {
				t.Errorf("holds = %v, want %v: %s", r.Holds, tt.holds, r.En)
			}
			verdict := ": holds."
			if !tt.holds {
				verdict = "does NOT hold"
			}
			if !strings.Contains(r.En, verdict) || r.Zh == "" {
				t.Errorf("explanation %q / %q", r.En, r.Zh)
			}
			t.Log(r.En)
		})
	}
}

// TestRelationFailureIsANote: a declared relation that the report's own
// figures break is not a build error: it is kept, flagged, and a note on
// each indicator it involves.
func TestRelationFailureIsANote(t *testing.T) {
	dir := copyData(t)
	appendTo(t, filepath.Join(dir, RelationsFile), `
[[relation]]
id = "industrial-va-two-parts"
type = "sum"
total = "industrial-va"
parts = ["advanced-manufacturing-va", "high-tech-manufacturing-va"]
`)
	d, err := Open(seedReport, dir, readZh(t))
	if err != nil {
		t.Fatalf("a failing relation broke the build: %v", err)
	}
	var r *Relation
	for _, x := range d.Relations {
		if x.ID == "industrial-va-two-parts" {
			r = x
		}
	}
	if r == nil || r.Holds {
		t.Fatalf("the relation should be kept and fail: %+v", r)
	}
	for _, id := range []string{"industrial-va", "advanced-manufacturing-va", "high-tech-manufacturing-va"} {
		in := d.Indicator(id)
		if len(in.Notes) != 1 || in.Notes[0].Relation != r.ID || !strings.Contains(in.Notes[0].En, "347.61 + 73.64 = 421.25") || !strings.Contains(in.Notes[0].Zh, "不相符") {
			t.Errorf("%s notes = %+v", id, in.Notes)
		}
	}
	if n := len(d.Indicator("gdp").Notes); n != 0 {
		t.Errorf("an uninvolved indicator got %d notes", n)
	}
}

// TestRelationDeclarationErrors: a relation that names an unknown
// indicator, lacks or mixes fields, or mixes units is a positioned error.
func TestRelationDeclarationErrors(t *testing.T) {
	tests := []struct{ decl, want string }{
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"budget-revenue\"\nparts = [\"tax-revenue\", \"no-such\"]", `relation x: no indicator has id "no-such"`},
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"budget-revenue\"", "relation x: a sum relation needs parts"},
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"budget-revenue\"\nparts = [\"tax-revenue\", \"nontax-revenue\"]\nshare = \"gdp\"", "relation x: a sum relation has no field share"},
		{"id = \"x\"\ntype = \"total\"\nparts = [\"a\", \"b\"]", `relation x: unknown type "total"`},
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"budget-revenue\"\nparts = [\"tax-revenue\", \"budget-revenue-yoy\"]", "relation x: total and parts mixes units"},
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"new-green-space\"\nparts = [\"pocket-park-green-area\", \"sports-park-green-area\"]", "relation x: new-green-space is approximate"},
		{"id = \"gdp-structure-sums-to-100\"\ntype = \"equal\"\nids = [\"gdp\", \"gdp\"]", "duplicate relation id"},
		{"id = \"y\"\ntype = \"ratio_sum\"\nparts = [\"gdp-structure-tertiary\", \"gdp-structure-primary\", \"gdp-structure-secondary\"]", "repeats the relation declared at"},
		{"id = \"x\"\ntype = \"sum\"\ntotal = \"budget-revenue\"\nparts = [\"tax-revenue\", \"nontax-revenue\"]\nsource = \"?\"", `unknown key "relation.source"`},
	}
	for _, tt := range tests {
		dir := copyData(t)
		path := filepath.Join(dir, RelationsFile)
		appendTo(t, path, "\n[[relation]]\n"+tt.decl+"\n")
		_, err := Open(seedReport, dir, readZh(t))
		if err == nil {
			t.Errorf("%q passed", tt.decl)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path+":") {
			t.Errorf("%q: error lacks %q or the position in %s:\n%v", tt.decl, tt.want, path, err)
		}
	}
}

// TestCandidatesDetected: without relations.toml the detector finds the
// seed's sums, shares, completion rates, structure and repeated figures;
// a dismissal with a reason silences a candidate.
func TestCandidatesDetected(t *testing.T) {
	dir := copyData(t)
	if err := os.Remove(filepath.Join(dir, RelationsFile)); err != nil {
		t.Fatal(err)
	}
	d, err := Open(seedReport, dir, readZh(t))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, c := range d.Candidates {
		keys = append(keys, c.key())
		if !c.Holds {
			t.Errorf("a candidate that does not hold: %s", c.En)
		}
	}
	for _, want := range []string{
		"ratio_sum:gdp-structure-primary,gdp-structure-secondary,gdp-structure-tertiary",
		"sum:budget-revenue,nontax-revenue,tax-revenue",
		"share:high-tech-manufacturing-va,high-tech-manufacturing-va-share,industrial-va",
		"completion:full-time-posts-approved,full-time-posts-filled,full-time-posts-filled-pct",
		"completion:hazards-resolution-rate,hazards-resolved,hazards-tracked",
		"equal:agri-output-yoy,agri-output-yoy-2",
		"equal:assisted-towns,assisted-towns-2",
	} {
		found := false
		for _, k := range keys {
			found = found || k == want
		}
		if !found {
			t.Errorf("candidate %s not detected; detected: %v", want, keys)
		}
	}
	// Dismiss one: it is no longer listed.
	if err := os.WriteFile(filepath.Join(dir, RelationsFile), []byte("[[dismissed]]\ntype = \"equal\"\nids = [\"assisted-towns\", \"assisted-towns-2\"]\nreason = \"test\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err = Open(seedReport, dir, readZh(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Candidates) != len(keys)-1 {
		t.Errorf("after a dismissal %d candidates, want %d", len(d.Candidates), len(keys)-1)
	}
	// A pasted candidate declares the relation.
	var paste strings.Builder
	for _, c := range d.Candidates {
		paste.WriteString("\n" + c.TOML())
	}
	appendTo(t, filepath.Join(dir, RelationsFile), paste.String())
	d, err = Open(seedReport, dir, readZh(t))
	if err != nil {
		t.Fatalf("the pasted candidates do not load: %v\n%s", err, paste.String())
	}
	if len(d.Candidates) != 0 {
		t.Errorf("%d candidates left after pasting them all", len(d.Candidates))
	}
}

func fmtSscan(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }
