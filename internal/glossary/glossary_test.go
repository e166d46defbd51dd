package glossary

import (
	"errors"
	"strings"
	"testing"

	"reportsite/internal/srcpos"
)

const sample = `# test glossary
[[term]]
zh = "益晒你"
en = "\"Yi Sai Ni\""
category = "slogan"
definition_en = "Foshan's enterprise service brand."

[[term]]
zh = "老旧小区改造"
en = "renovation of old residential compounds"
category = "policy"

[[term]]
zh = "城镇老旧小区改造"
en = "renovation of old urban residential compounds"
category = "policy"

[[term]]
zh = "1310"
en = "\"1310\" specific arrangements"
category = "slogan"

[[term]]
zh = "村级工业园"
en = "village-level industrial parks"
alt_en = ["village industrial park"]
category = "policy"

[[term]]
zh = "南海区"
en = "Nanhai District"
alt_en = ["Nanhai"]
category = "place"

[[exception]]
term = "南海区"
paragraph = "p2"
reason = "The sentence says 'the district'; the name is clear from the context."
`

func mustParse(t *testing.T, src string) *Glossary {
	t.Helper()
	g, err := Parse("glossary.toml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return g
}

// firstError returns the first positioned error, failing the test when
// there is none.
func firstError(t *testing.T, err error) *srcpos.Error {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	e, ok := srcpos.First(err)
	if !ok {
		t.Fatalf("error without a position: %v", err)
	}
	return e
}

func TestParseRejectsBadEntries(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string
	}{
		{"unknown key", "[[term]]\nzh = \"三资\"\nen = \"x\"\ncategory = \"slogan\"\nenglish = \"y\"\n", 5, `unknown key "term.english"`},
		{"duplicate zh", "[[term]]\nzh = \"三资\"\nen = \"x\"\ncategory = \"slogan\"\n\n[[term]]\nzh = \"三资\"\nen = \"y\"\ncategory = \"slogan\"\n", 7, "duplicate term 三资 (first at line 1)"},
		{"empty en", "[[term]]\nzh = \"三资\"\nen = \" \"\ncategory = \"slogan\"\n", 3, "has no en"},
		{"unknown category", "[[term]]\nzh = \"三资\"\nen = \"x\"\ncategory = \"slogans\"\n", 4, `category "slogans" of 三资 is unknown`},
		{"alt repeats en", "[[term]]\nzh = \"三资\"\nen = \"three assets\"\nalt_en = [\"Three Asset\"]\ncategory = \"slogan\"\n", 4, "repeats"},
		{"exception without reason", sample + "\n[[exception]]\nterm = \"益晒你\"\nparagraph = \"p1\"\n", 40, "without reason"},
		{"exception for no term", sample + "\n[[exception]]\nterm = \"益晒他\"\nparagraph = \"p1\"\nreason = \"r\"\n", 41, "not a glossary term"},
		{"syntax", "[[term]]\nzh = \"三资\n", 2, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("glossary.toml", []byte(tc.src))
			e := firstError(t, err)
			if e.Pos.File != "glossary.toml" || e.Pos.Line != tc.line {
				t.Errorf("error at %s, want line %d: %v", e.Pos, tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
		})
	}
}

func TestParseGivesPositionsAndAnchors(t *testing.T) {
	g := mustParse(t, sample+"\n[[term]]\nzh = \"一楼一策\"\nen = \"\\\"Yi Sai Ni\\\"\"\ncategory = \"slogan\"\n")
	if got := g.Terms[0].Pos.Line; got != 2 {
		t.Errorf("first term at line %d, want 2", got)
	}
	if got := g.Exceptions[0].Pos.Line; got != 35 {
		t.Errorf("exception at line %d, want 35", got)
	}
	ids := map[string]bool{}
	for _, tr := range g.Terms {
		if ids[tr.ID] {
			t.Errorf("anchor %s used twice", tr.ID)
		}
		ids[tr.ID] = true
	}
	if g.Terms[0].ID != "t-yi-sai-ni" || g.Terms[len(g.Terms)-1].ID != "t-yi-sai-ni-2" {
		t.Errorf("anchors %s, %s; want t-yi-sai-ni and t-yi-sai-ni-2", g.Terms[0].ID, g.Terms[len(g.Terms)-1].ID)
	}
}

func TestFindLongestAndBoundaries(t *testing.T) {
	g := mustParse(t, sample)
	tests := []struct {
		text string
		want []string
	}{
		{"切实推进城镇老旧小区改造工作", []string{"城镇老旧小区改造"}},
		{"老旧小区改造和城镇老旧小区改造", []string{"老旧小区改造", "城镇老旧小区改造"}},
		{"认真落实省委“1310”具体部署", []string{"1310"}},
		{"共13100户", nil},
		{"编号21310", nil},
		{"南海区村级工业园", []string{"南海区", "村级工业园"}},
		{"", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, o := range g.Find(tc.text) {
			got = append(got, o.Term.ZH)
			if tc.text[o.Start:o.End] != o.Term.ZH {
				t.Errorf("Find(%q): offsets %d-%d hold %q, not %q", tc.text, o.Start, o.End, tc.text[o.Start:o.End], o.Term.ZH)
			}
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Find(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestFindAgreesWithNaiveSearch: the automaton finds what a plain search
// term by term finds (before the longest-match filter).
func TestFindAgreesWithNaiveSearch(t *testing.T) {
	src := "[[term]]\nzh = \"南海\"\nen = \"a\"\ncategory = \"place\"\n" +
		"[[term]]\nzh = \"南海区\"\nen = \"b\"\ncategory = \"place\"\n" +
		"[[term]]\nzh = \"海区\"\nen = \"c\"\ncategory = \"place\"\n" +
		"[[term]]\nzh = \"区委\"\nen = \"d\"\ncategory = \"place\"\n" +
		"[[term]]\nzh = \"委区政府\"\nen = \"e\"\ncategory = \"place\"\n"
	g := mustParse(t, src)
	text := "南海区委区政府和南海区的海区区委"
	for _, o := range g.Find(text) {
		if !strings.Contains(text[o.Start:], o.Term.ZH) {
			t.Errorf("bad occurrence %v", o)
		}
	}
	// Every naive occurrence is found or lies inside a found, longer one.
	found := g.Find(text)
	for _, tr := range g.Terms {
		for off := 0; ; {
			i := strings.Index(text[off:], tr.ZH)
			if i < 0 {
				break
			}
			s, e := off+i, off+i+len(tr.ZH)
			covered := false
			for _, o := range found {
				if o.Start <= s && e <= o.End {
					covered = true
				}
			}
			if !covered {
				t.Errorf("%s at %d not found", tr.ZH, s)
			}
			off = s + 1
		}
	}
}

func TestEnglishMatching(t *testing.T) {
	tests := []struct {
		rendering, text string
		want            bool
	}{
		{"village-level industrial parks", "In village-level industrial parks, 3,579.64 mu", true},
		{"village-level industrial parks", "a village level industrial park", true},
		{"\"1310\" specific arrangements", "the \u201c1310\u201d specific arrangements of the", true},
		{"\"1310\" specific arrangements", "the \"1310\" specific plans", false},
		{"the \"Two Highs and Four News\" industries", "zones for \"Two Highs and Four News\" industries", true},
		{"canteens for the elderly", "canteen for the elderly", true},
		{"facility", "inefficient facilities", true},
		{"box", "boxes", true},
		{"Nanhai District", "Nanhai District's", true},
		{"Nanhai District", "Nanhai New District", false},
		{"start-up", "business start-ups", true},
		{"RMB", "RMBX", false},
		{"Yi Sai Ni", "Yi Sai", false},
	}
	for _, tc := range tests {
		tr := &Term{EN: tc.rendering}
		tr.renderings = [][]string{phrase(tc.rendering)}
		if got := tr.Matches(tc.text); got != tc.want {
			t.Errorf("%q in %q: %v, want %v", tc.rendering, tc.text, got, tc.want)
		}
	}
}

func units() []Unit {
	return []Unit{
		{ID: "p1", ZH: "构建佛山“益晒你”企业服务体系，推进城镇老旧小区改造。", EN: "the \"Yi Sai Ni\" enterprise service system and the renovation of old urban residential compounds",
			ZHSource: "构建佛山“益晒你”企业服务体系，推进城镇老旧小区改造。", ZHPos: srcpos.Pos{File: "zh/1.md", Line: 8, Col: 1}, ENPos: srcpos.Pos{File: "en/1.md", Line: 8, Col: 1}},
		{ID: "p2", ZH: "南海区落实省委“1310”具体部署，老旧小区改造，村级工业园。", EN: "The district implemented the \"1310\" specific arrangements; renovation of old residential compounds; village industrial parks.",
			ZHSource: "**南海区**落实省委“1310”具体部署，老旧小区改造，村级工业园。", ZHPos: srcpos.Pos{File: "zh/1.md", Line: 11, Col: 1}, ENPos: srcpos.Pos{File: "en/1.md", Line: 11, Col: 1}},
	}
}

func TestCheckPasses(t *testing.T) {
	g := mustParse(t, sample)
	r := g.Check(units())
	if err := r.Errors.Err(); err != nil {
		t.Fatalf("check failed on good texts:\n%v", err)
	}
	if r.Checked != 6 || r.Exempted != 1 {
		t.Errorf("checked %d, exempted %d; want 6 and 1", r.Checked, r.Exempted)
	}
	if s := r.Summary(g); !strings.Contains(s, "6 terms occur") {
		t.Errorf("summary %q", s)
	}
}

// TestCheckFailsWithoutRendering: take a rendering out of an English
// paragraph and the check names both files, the term and what to do.
func TestCheckFailsWithoutRendering(t *testing.T) {
	g := mustParse(t, sample)
	u := units()
	u[0].EN = strings.Replace(u[0].EN, "\"Yi Sai Ni\"", "\"All Benefits for You\"", 1)
	r := g.Check(u)
	err := r.Errors.Err()
	e := firstError(t, err)
	if e.Pos != (srcpos.Pos{File: "en/1.md", Line: 8, Col: 1}) {
		t.Errorf("error at %s, want en/1.md:8:1", e.Pos)
	}
	for _, want := range []string{"p1 益晒你", "zh/1.md:8:6", `"Yi Sai Ni"`, "glossary.toml:2", "[[exception]]"} {
		if !strings.Contains(e.Msg, want) {
			t.Errorf("message %q lacks %q", e.Msg, want)
		}
	}
	if len(r.Errors) != 1 {
		t.Errorf("%d errors, want 1:\n%v", len(r.Errors), err)
	}

	// The term's position in a Markdown source with markup before it.
	u = units()
	u[1].EN = strings.Replace(u[1].EN, "\"1310\" specific arrangements", "\"1310\" specific plans", 1)
	e = firstError(t, g.Check(u).Errors.Err())
	if !strings.Contains(e.Msg, "zh/1.md:11:13") {
		t.Errorf("message %q does not point at 1310 in zh/1.md:11:13", e.Msg)
	}
}

func TestCheckGlossarySide(t *testing.T) {
	// A term in no text, and an exception that exempts nothing.
	src := sample + "\n[[term]]\nzh = \"三江一寨\"\nen = \"x\"\ncategory = \"place\"\n\n[[exception]]\nterm = \"益晒你\"\nparagraph = \"p2\"\nreason = \"stale\"\n"
	g := mustParse(t, src)
	err := g.Check(units()).Errors.Err()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{"glossary.toml:40:1: term 三江一寨 occurs in no report", "glossary.toml:45:1: exception for 益晒你 in p2 exempts nothing"} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q:\n%s", want, msg)
		}
	}
	// Without the exception, p2's 南海区 must be rendered.
	g = mustParse(t, strings.Replace(sample, "paragraph = \"p2\"", "paragraph = \"p9\"", 1))
	err = g.Check(units()).Errors.Err()
	var l srcpos.List
	if !errors.As(err, &l) || !strings.Contains(err.Error(), "p2 南海区") {
		t.Errorf("want a missing 南海区 in p2, got %v", err)
	}
}

func TestSorted(t *testing.T) {
	g := mustParse(t, sample)
	var en, zh []string
	for _, tr := range Sorted(g.Terms, "en") {
		en = append(en, tr.ZH)
	}
	for _, tr := range Sorted(g.Terms, "zh") {
		zh = append(zh, tr.ZH)
	}
	// English: "1310", Nanhai, renovation…, renovation… urban, village, Yi Sai Ni.
	if got := strings.Join(en, " "); got != "1310 南海区 老旧小区改造 城镇老旧小区改造 村级工业园 益晒你" {
		t.Errorf("English order: %s", got)
	}
	// Chinese by pinyin: cheng, cun, lao, nan, yi (digits first).
	if got := strings.Join(zh, " "); got != "1310 城镇老旧小区改造 村级工业园 老旧小区改造 南海区 益晒你" {
		t.Errorf("pinyin order: %s", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte("[[term]]\nzh = \"\"\n"))
	f.Add([]byte("[[exception]]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		g, err := Parse("f.toml", src)
		if err != nil {
			if _, ok := srcpos.First(err); !ok && !strings.HasPrefix(err.Error(), "f.toml") {
				t.Errorf("error without position: %v", err)
			}
			return
		}
		g.Find(string(src))
	})
}

func FuzzFind(f *testing.F) {
	f.Add("切实推进城镇老旧小区改造工作，落实“1310”，南海区")
	f.Add("131013101310")
	f.Fuzz(func(t *testing.T, text string) {
		g := mustParse(t, sample)
		last := -1
		for _, o := range g.Find(text) {
			if o.Start < 0 || o.End > len(text) || text[o.Start:o.End] != o.Term.ZH {
				t.Fatalf("bad occurrence %+v in %q", o, text)
			}
			if o.End <= last {
				t.Fatalf("occurrence %+v inside the previous one", o)
			}
			last = o.End
		}
	})
}
