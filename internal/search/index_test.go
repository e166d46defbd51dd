package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportsite/internal/content"
)

// openBuilt builds an index in memory and opens it.
func openBuilt(t testing.TB, in Input) *Index {
	t.Helper()
	files, _, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(func(name string) ([]byte, error) {
		b, ok := files["search/"+in.Lang+"/"+name+".js"]
		if !ok {
			return nil, os.ErrNotExist
		}
		return b, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func sampleInput() Input {
	lead := "外资外贸有所下滑。"
	return Input{Lang: "zh", Reports: []Report{{ID: "r", Title: "报告", Path: "zh/r/"}}, Pages: []Page{
		{Report: 0, Path: "zh/r/1-1/", Title: "（一）经济", Docs: []Doc{
			{Kind: KindTitle, Text: "经济高质量发展"},
			{Kind: KindBody, Link: "#p1", Text: "全区完成地区生产总值1712.60亿元，增长4.5%。外贸进出口下降10.2%。"},
			{Kind: KindLead, Link: "#p2", Text: lead + "全区外贸进出口总额……", Lead: len(lead)},
		}},
		{Report: 0, Path: "zh/r/2-1/", Title: "（一）外贸", Docs: []Doc{
			{Kind: KindTitle, Text: "稳住外贸基本盘"},
			{Kind: KindItem, Link: "#h-1", Text: "推动外贸提质"},
		}},
		{Report: 0, Title: "指标", Docs: []Doc{
			{Kind: KindIndicator, Link: "zh/r/1-1/#p1", Text: "地区生产总值 1712.60亿元", Lead: len("地区生产总值"), Note: "2023-H1"},
			{Kind: KindIndicator, Link: "zh/r/1-1/#p1", Text: "进出口增长 −10.2%", Lead: len("进出口增长"), Note: "2023-H1"},
		}},
	}}
}

func urls(rs []Result) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.URL)
	}
	return strings.Join(out, " ")
}

func TestSearchRanksAndVerifies(t *testing.T) {
	ix := openBuilt(t, sampleInput())
	res, err := ix.Search("外贸")
	if err != nil {
		t.Fatal(err)
	}
	// Title, then item heading, then the lead, then the body.
	if got, want := urls(res.Texts), "zh/r/2-1/ zh/r/2-1/#h-1 zh/r/1-1/#p2 zh/r/1-1/#p1"; got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
	res, _ = ix.Search("1712.60")
	if got := urls(res.Indicators); got != "zh/r/1-1/#p1" {
		t.Errorf("indicators for 1712.60 = %q", got)
	}
	if got := urls(res.Texts); got != "zh/r/1-1/#p1" {
		t.Errorf("texts for 1712.60 = %q", got)
	}
	r := res.Indicators[0]
	if r.Text[:r.Lead] != "地区生产总值" || r.Note != "2023-H1" {
		t.Errorf("indicator result %+v", r)
	}
	if m := r.Marks; len(m) != 1 || r.Text[m[0][0]:m[0][1]] != "1712.60" {
		t.Errorf("indicator marks %v", m)
	}
	// A candidate whose bigrams all occur, but not in a row, is dropped.
	res, _ = ix.Search("外贸基本")
	if got := urls(res.Texts); got != "zh/r/2-1/" {
		t.Errorf("外贸基本: %q", got)
	}
	res, _ = ix.Search("贸进出口总")
	if got := urls(res.Texts); got != "zh/r/1-1/#p2" {
		t.Errorf("贸进出口总: %q", got)
	}
	// Highlights are byte ranges of the text, merged when they touch.
	res, _ = ix.Search("下降 10.2%")
	if len(res.Texts) != 1 {
		t.Fatalf("下降 10.2%%: %d results", len(res.Texts))
	}
	m := res.Texts[0].Marks
	if len(m) != 1 || res.Texts[0].Text[m[0][0]:m[0][1]] != "下降10.2%" {
		t.Errorf("marks %v", m)
	}
	res, _ = ix.Search("年")
	if !res.Short {
		t.Errorf("a single character should be too short to look up")
	}
	res, _ = ix.Search("不存在的词")
	if len(res.Texts)+len(res.Indicators) != 0 {
		t.Errorf("nonsense found %d", len(res.Texts))
	}
}

func TestSearchMixedScripts(t *testing.T) {
	in := Input{Lang: "en", Reports: []Report{{ID: "r"}}, Pages: []Page{{Path: "en/r/", Docs: []Doc{
		{Kind: KindBody, Link: "#a", Text: "The minimum subsistence allowance (最低生活保障) rose to CNY 1,160."},
		{Kind: KindBody, Link: "#b", Text: "Foreign trade fell 10.2%; foreign investment fell."},
		{Kind: KindBody, Link: "#c", Text: "Trade with foreign partners"},
	}}}}
	ix := openBuilt(t, in)
	for q, want := range map[string]string{
		"subsistence":   "en/r/#a",
		"SUBSIST":       "en/r/#a",
		"生活保障":          "en/r/#a",
		"1160":          "en/r/#a",
		"1,160":         "en/r/#a",
		"foreign trade": "en/r/#b en/r/#c", // both words in both; in a row ranks first
		"10.2%":         "en/r/#b",
		"10.2 %":        "en/r/#b",
		"10":            "",
	} {
		res, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := urls(res.Texts); got != want {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}

func TestShardsKeepPrefixesTogether(t *testing.T) {
	for _, n := range []int{1, 8, 256} {
		for _, w := range []string{"subsistence", "营商", "1712.60"} {
			r := []rune(w)
			if ShardOf(w, n) != ShardOf(string(r[:2]), n) {
				t.Errorf("%s and its prefix are in different shards of %d", w, n)
			}
		}
	}
}

func TestSearchTruncatesHugeCandidateSets(t *testing.T) {
	in := Input{Lang: "en", Reports: []Report{{ID: "r"}}}
	for i := 0; i < MaxChunks+5; i++ {
		in.Pages = append(in.Pages, Page{Path: fmt.Sprintf("en/r/%d/", i), Docs: []Doc{{Kind: KindBody, Link: "#p", Text: "common words"}}})
	}
	ix := openBuilt(t, in)
	res, err := ix.Search("common")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || len(res.Texts) != MaxChunks {
		t.Errorf("truncated %v with %d results, want true with %d", res.Truncated, len(res.Texts), MaxChunks)
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	bad := []Input{
		{Lang: "zh", Reports: []Report{{ID: "r"}}, Pages: []Page{{Report: 1}}},
		{Lang: "zh", Reports: []Report{{ID: "r"}}, Pages: []Page{{Docs: []Doc{{Kind: 'q', Text: "x"}}}}},
		{Lang: "zh", Reports: []Report{{ID: "r"}}, Pages: []Page{{Docs: []Doc{{Kind: KindLead, Text: "营商", Lead: 1}}}}},
	}
	for i, in := range bad {
		if _, _, err := Build(in); err == nil {
			t.Errorf("input %d: no error", i)
		}
	}
	if _, _, err := Unwrap([]byte(`{"a":1}`)); err == nil {
		t.Error("Unwrap accepted bare JSON")
	}
}

// TestArchiveScaling builds a 50-report archive from the seed's Chinese
// text (fifty copies, each with a word of its own) and checks that one query
// downloads a small part of the index: the design goal of the shards.
func TestArchiveScaling(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "zh"))
	if len(dirs) == 0 {
		t.Skip("no content")
	}
	doc, err := content.ReadDocument("seed", "zh", dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	archive := Input{Lang: "zh"}
	for r := 0; r < 50; r++ {
		id := fmt.Sprintf("r%02d", r)
		archive.Reports = append(archive.Reports, Report{ID: id})
		for _, s := range doc.Sections {
			pg := Page{Report: r, Path: "zh/" + id + "/" + s.Slug + "/", Title: s.Title,
				Docs: []Doc{{Kind: KindTitle, Text: s.Title + fmt.Sprintf("报告专用词%c%c", 0x4e00+r, 0x4e80+r)}}}
			for _, b := range s.Blocks {
				if b.Kind != content.Sections {
					pg.Docs = append(pg.Docs, Doc{Kind: KindBody, Link: "#" + b.ID, Text: b.Text})
				}
			}
			archive.Pages = append(archive.Pages, pg)
		}
	}
	files, st, err := Build(archive)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("50 reports: %d files, %d bytes (manifest %d, %d shards %d, texts %d)", len(files), st.Total(), st.ManifestBytes, st.Shards, st.ShardBytes, st.TextBytes)
	for _, q := range []string{fmt.Sprintf("专用词%c%c", 0x4e00+7, 0x4e80+7), "营商环境", "1712.60"} {
		loaded := map[string]int{}
		ix, err := Open(func(name string) ([]byte, error) {
			b := files["search/zh/"+name+".js"]
			loaded[name] = len(b)
			return b, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range loaded {
			total += n
		}
		t.Logf("query %s: %d results (truncated %v), loaded %d files, %d bytes", q, len(res.Texts), res.Truncated, len(loaded), total)
		if len(res.Texts) == 0 {
			t.Errorf("%s: no results", q)
		}
		if total > st.Total()/10 {
			t.Errorf("%s loaded %d of %d bytes: more than a tenth of the index", q, total, st.Total())
		}
	}
}
