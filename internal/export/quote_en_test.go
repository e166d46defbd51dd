package export

import (
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/dataset"
)

func TestAlignQuote(t *testing.T) {
	cases := []struct {
		name       string
		zh, en     string
		quote      string
		valueText  string
		multiplier float64
		want       string // a fragment of the chosen sentence
		method     string
	}{
		{"scaled by billion", "经济运行稳中向好。上半年全区完成地区生产总值1712.60亿元，增长4.5%。工业增长3%。",
			"The economy grew steadily. In H1, GDP reached RMB 171.26 billion, up 4.5%. Industry grew 3%.",
			"地区生产总值1712.60亿元", "1712.60", 1e8, "RMB 171.26 billion", MatchFigure},
		{"ten thousand as digits", "市场主体共62.46万户。另有其他。", "There were 624,600 market entities. Others too.",
			"市场主体共62.46万户", "62.46", 1e4, "624,600 market entities", MatchFigure},
		{"abbreviation does not split", "美国市场占出口5%。另有7家企业加入。", "The U.S. market took 5% of exports. Another 7 firms joined.",
			"另有7家企业加入", "7", 1, "Another 7 firms joined.", MatchFigure},
		{"same figure twice: nearest position", "新建学校12所。开工12个项目。", "Twelve schools were built, 12 in all. Work began on 12 projects.",
			"开工12个项目", "12", 1, "Work began on 12 projects.", MatchFigure},
		{"digits inside a year are not the figure", "2022年回升2个百分点。", "Growth was 2 percentage points higher than in 2022.",
			"回升2个百分点", "2", 1, "2 percentage points", MatchFigure},
		{"written in words: by position", "组织65家企业出境。引入项目76个。", "Sixty-five firms went abroad. Seventy-six projects came in.",
			"引入项目76个", "76", 1, "Seventy-six projects", MatchPosition},
		{"by proportional position", "甲。乙。丙76个。丁。", "First and second. Seventy-six. Last.",
			"丙76个", "76", 1, "Seventy-six.", MatchPosition},
		{"a percentage is not a count of the same digits in another unit", "增长5%。新增5公里。", "Up 5%. Another 5 km were added.",
			"新增5公里", "5", 1, "5 km", MatchFigure},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := &dataset.Indicator{ID: "x", Quote: c.quote, ValueText: c.valueText, Multiplier: c.multiplier, QuoteOffset: -1, ValueOffset: -1}
			got, method, ok := AlignQuote(c.zh, c.en, in)
			if !ok || !strings.Contains(got, c.want) || method != c.method {
				t.Errorf("got %q (%s, %v), want the sentence with %q (%s)", got, method, ok, c.want, c.method)
			}
		})
	}
	if _, _, ok := AlignQuote("甲。", "A.", &dataset.Indicator{Quote: "乙"}); ok {
		t.Error("a quote that is not in the paragraph was aligned")
	}
	if _, _, ok := AlignQuote("甲。", " ", &dataset.Indicator{Quote: "甲"}); ok {
		t.Error("aligned with an empty English paragraph")
	}
}

func TestSentences(t *testing.T) {
	en := `**The economy grew.** GDP rose 4.5% (vs. 2.2%). The U.S. share, e.g. 3.5, held; "Exports fell." Next: No. 3 Line opened! Done?`
	var got []string
	for _, s := range enSentences(en) {
		got = append(got, strings.TrimSpace(en[s.start:s.end]))
	}
	want := []string{"**The economy grew.**", "GDP rose 4.5% (vs. 2.2%).", `The U.S. share, e.g. 3.5, held; "Exports fell."`, "Next: No. 3 Line opened!", "Done?"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("English sentences:\n%q\nwant\n%q", got, want)
	}
	zh := "**经济运行稳中向好**。增长4.5%，“十大行动”！是否？末句"
	got = nil
	for _, s := range zhSentences(zh) {
		got = append(got, zh[s.start:s.end])
	}
	want = []string{"**经济运行稳中向好**。", "增长4.5%，“十大行动”！", "是否？", "末句"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Chinese sentences:\n%q\nwant\n%q", got, want)
	}
}

// FuzzSentences: the sentences of any text cover it exactly, in order,
// on character boundaries.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"A. B.", "U.S. and e.g. 4.5. Next", "甲。乙！丙？", "", "...", "“引号。”后", "No. 3. X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, split := range [](func(string) []span){enSentences, zhSentences} {
			at := 0
			for _, sp := range split(s) {
				if sp.start != at || sp.end < sp.start || sp.end > len(s) {
					t.Fatalf("%q: span %v after %d", s, sp, at)
				}
				if utf8.ValidString(s) && !utf8.ValidString(s[sp.start:sp.end]) {
					t.Fatalf("%q: span %v splits a character", s, sp)
				}
				at = sp.end
			}
			if at != len(s) {
				t.Fatalf("%q: sentences end at %d of %d", s, at, len(s))
			}
		}
		in := &dataset.Indicator{Quote: "1", ValueText: "1", Multiplier: 1}
		AlignQuote(s, s, in)
	})
}
