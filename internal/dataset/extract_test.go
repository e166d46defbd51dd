package dataset

import (
	"strings"
	"testing"

	"reportsite/internal/quantity"
	"reportsite/internal/tomldata"
)

// para makes a paragraph whose Markdown is its text.
func para(text, partTitle string) *Paragraph {
	return &Paragraph{ID: "ptest", Text: text, File: "test.md", PartTitle: partTitle, markdown: text, line: 1}
}

// proposals proposes a record for every quantity of the text.
func proposals(p *Paragraph) []*Proposal {
	var out []*Proposal
	for _, n := range quantity.ScanZh(p.Text) {
		if n.Kind == quantity.Year || n.Kind == quantity.Date || n.Class == quantity.CalendarYear {
			continue
		}
		out = append(out, Propose(p, n, "2023-H1"))
	}
	return out
}

// TestExtractTrickySentences: the extractor reads sign, kind, unit,
// multiplier and qualifiers from the words around each number.
func TestExtractTrickySentences(t *testing.T) {
	type want struct {
		text, kind string
		value      float64
		unit       string
		mult       float64
		flags      string
	}
	tests := []struct {
		sentence, part string
		want           []want
	}{
		{"上半年，全区固定资产投资同比下降13.1%。", "", []want{{"13.1", "yoy_pct", -13.1, "%", 1, ""}}},
		{"其中房地产开发投资下降37.8%,但工业投资增长33.3%，基础设施投资增长6.6%。", "", []want{
			{"37.8", "yoy_pct", -37.8, "%", 1, ""}, {"33.3", "yoy_pct", 33.3, "%", 1, ""}, {"6.6", "yoy_pct", 6.6, "%", 1, ""}}},
		{"增速较2022年全年回升2.3个百分点。", "", []want{{"2.3", "pp_change", 2.3, "个百分点", 1, ""}}},
		{"全区市场主体共62.46万户，同比增加33.52%，占全市总量的42.63%。", "", []want{
			{"62.46", "count", 62.46, "万户", 1e4, ""}, {"33.52", "yoy_pct", 33.52, "%", 1, ""}, {"42.63", "share_pct", 42.63, "%", 1, ""}}},
		{"上半年全区跟踪隐患2343条，已处理完成2133条，完成率91.04%。", "", []want{
			{"2343", "count", 2343, "条", 1, ""}, {"2133", "count", 2133, "条", 1, ""}, {"91.04", "completion_pct", 91.04, "%", 1, ""}}},
		{"防返贫监测对象比去年底减少33户157人。", "", []want{{"33", "change", -33, "户", 1, ""}, {"157", "change", -157, "人", 1, ""}}},
		{"实现增加值分别为347.61亿元、73.64亿元，分别增长4.5%和12.8%。", "", []want{
			{"347.61", "level", 347.61, "亿元", 1e8, ""}, {"73.64", "level", 73.64, "亿元", 1e8, ""}, {"4.5", "yoy_pct", 4.5, "%", 1, ""}, {"12.8", "yoy_pct", 12.8, "%", 1, ""}}},
		{"失业率下降至5.2%。", "", []want{{"5.2", "rate", 5.2, "%", 1, ""}}},
		{"举办近10场区级促消费活动，拉动新能源汽车销售近2亿元。", "", []want{
			{"10", "count", 10, "场", 1, "approximate"}, {"2", "level", 2, "亿元", 1e8, "approximate"}}},
		{"募集与投资资金规模超2061亿元。", "", []want{{"2061", "level", 2061, "亿元", 1e8, "lower_bound"}}},
		{"三次产业结构为1.9：49.6：48.5。", "", []want{
			{"1.9", "ratio_part", 1.9, "", 1, ""}, {"49.6", "ratio_part", 49.6, "", 1, ""}, {"48.5", "ratio_part", 48.5, "", 1, ""}}},
		{"上半年累计发放救助金3131.6万元。", "", []want{{"3131.6", "level", 3131.6, "万元", 1e4, "cumulative"}}},
		{"优良天数比例不低于80%。", "", []want{{"80", "rate", 80, "%", 1, "lower_bound"}}},
		{"力争重点人群签约服务覆盖率达到83%以上。", "下半年工作重点", []want{{"83", "target", 83, "%", 1, "planned,lower_bound"}}},
		{"力争全区城镇新增就业人数不少于3万人。", "下半年工作重点", []want{{"3", "target", 3, "万人", 1e4, "planned,lower_bound"}}},
		{"聚焦“城乡融合型”等6大类型。", "下半年工作重点", []want{{"6", "count", 6, "", 1, "planned"}}},
		{"第五人民医院增加编制床位70张。", "", []want{{"70", "change", 70, "张", 1, ""}}},
	}
	for _, tt := range tests {
		p := para(tt.sentence, tt.part)
		got := proposals(p)
		if len(got) != len(tt.want) {
			var ds []string
			for _, g := range got {
				ds = append(ds, g.ValueText+g.Unit)
			}
			t.Errorf("%s: %d proposals (%v), want %d", tt.sentence, len(got), ds, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := got[i]
			if g.ValueText != w.text || g.Kind != w.kind || g.Value != w.value || g.Unit != w.unit || g.Multiplier != w.mult || strings.Join(g.Flags, ",") != w.flags {
				t.Errorf("%s: proposal %d = %s %s %v %q ×%g [%s], want %s %s %v %q ×%g [%s] (%v)", tt.sentence, i,
					g.ValueText, g.Kind, g.Value, g.Unit, g.Multiplier, strings.Join(g.Flags, ","), w.text, w.kind, w.value, w.unit, w.mult, w.flags, g.Reasons)
			}
		}
	}
}

// TestProposalsVerify: every proposal, once an editor writes the fields
// only an editor can (name_en, topic), reads back from its TOML and passes
// the same verification as the curated records: the quote is verbatim and
// unique, the digits and the sign agree with the text.
func TestProposalsVerify(t *testing.T) {
	texts := []string{
		"上半年，全区固定资产投资同比下降13.1%。其中房地产开发投资下降37.8%,但工业投资增长33.3%。",
		"工业投资增长5%，基础设施投资增长5%。", // the same clause twice: quotes must still be unique
		"增长5%，增长5%。", // …even when the clauses are identical
		"全区市场主体共62.46万户，同比增加33.52%，占全市总量的42.63%。",
		"防返贫监测对象比去年底减少33户157人。",
		"覆盖全区超92%的城乡社区，举办近10场活动，新增绿地约46万平方米。",
	}
	for _, text := range texts {
		p := para(text, "")
		for _, pr := range proposals(p) {
			src := strings.ReplaceAll(pr.TOML(), `name_en = "" # TODO`, `name_en = "x"`)
			src = strings.ReplaceAll(src, `topic = "" # TODO`, `topic = "test"`)
			var f File
			if _, err := tomldata.Decode("proposal.toml", []byte(src), 0, &f); err != nil || len(f.Indicators) != 1 {
				t.Errorf("%s: the proposal does not read back (%v):\n%s", text, err, src)
				continue
			}
			f.Indicators[0].Pos.Line = 2
			d := &Dataset{Report: "r", Indicators: f.Indicators, paragraphs: map[string]*Paragraph{p.ID: p}}
			for _, e := range d.verify([]byte(src)) {
				if e.Msg != "" && !strings.Contains(e.Msg, "unit_en") {
					t.Errorf("%s: the proposal for %s does not verify: %v\n%s", text, pr.ValueText, e, src)
				}
			}
		}
	}
}

// TestExtractAgreesWithCurated runs the extractor on every curated figure
// of the seed and compares: the mechanical fields (value and sign, unit,
// multiplier) must agree on every record; the kind and the flags, which
// take judgement, on nearly all. The agreement is logged.
func TestExtractAgreesWithCurated(t *testing.T) {
	d := openSeed(t)
	agree := map[string]int{}
	n := 0
	for _, p := range d.Paragraphs {
		nums, _ := d.ScanParagraph(p, nil)
		for _, num := range nums {
			acc := d.Coverage.Where[p.ID][num.DigitStart]
			if acc.Indicator == nil || acc.Base {
				continue
			}
			in, pr := acc.Indicator, Propose(p, num, "2023-H1")
			n++
			for field, ok := range map[string]bool{
				"value": pr.Value == in.Value, "unit": pr.Unit == in.Unit, "multiplier": pr.Multiplier == in.Multiplier,
				"kind": pr.Kind == in.Kind, "flags": strings.Join(pr.Flags, ",") == strings.Join(in.Flags, ","), "period": pr.Period == in.Period,
			} {
				if ok {
					agree[field]++
				} else if field != "period" {
					t.Logf("%s: %s differs (proposed %s %v %s [%s], curated %s %v %s [%s]; %q)", in.ID, field,
						pr.Kind, pr.Value, pr.Unit, strings.Join(pr.Flags, ","), in.Kind, in.Value, in.Unit, strings.Join(in.Flags, ","), in.Quote)
				}
			}
		}
	}
	t.Logf("extractor vs curated, %d figures: value %d, unit %d, multiplier %d, kind %d, flags %d, period %d",
		n, agree["value"], agree["unit"], agree["multiplier"], agree["kind"], agree["flags"], agree["period"])
	if agree["value"] != n || agree["multiplier"] != n {
		t.Errorf("value or multiplier disagree with the curated data: %v of %d", agree, n)
	}
	for _, f := range []string{"unit", "kind", "flags"} {
		if agree[f] < n*95/100 {
			t.Errorf("%s agrees on %d of %d figures, want at least 95%%", f, agree[f], n)
		}
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		text, num string
		sign      int
		word      string
	}{
		{"同比下降13.1%", "13.1", -1, "下降"},
		{"同比增长13.1%", "13.1", 1, "增长"},
		{"增速较2022年全年回升2.3个百分点", "2.3", 1, "回升"},
		{"比去年底减少33户157人", "157", -1, "减少"},
		{"下降37.8%,但工业投资增长33.3%", "33.3", 1, "增长"},
		{"由年初54.7%提升至69.5%", "69.5", 0, "提升至"},
		{"失业率下降到5.2%", "5.2", 0, "下降到"},
		{"不低于80%", "80", 0, "不低于"},
		{"高于全省4.6个百分点", "4.6", 1, "高于"},
		{"低于全省1.2个百分点", "1.2", -1, "低于"},
		{"减税降费3亿元", "3", 0, ""},
		{"下降。全区共有企业300家", "300", 0, ""},
	}
	for _, tt := range tests {
		at := strings.LastIndex(tt.text, tt.num)
		got := Direction(tt.text, at)
		if got.Sign != tt.sign || got.Word != tt.word {
			t.Errorf("Direction(%q, %s) = %+v, want sign %d word %q", tt.text, tt.num, got, tt.sign, tt.word)
		}
	}
}

func TestQualifiers(t *testing.T) {
	tests := []struct{ text, num, want string }{
		{"新增绿地面积约46万平方米", "46", "approximate"},
		{"举办近10场活动", "10", "approximate"},
		{"产业链企业超1500家", "1500", "lower_bound"},
		{"巡林超过4000人次", "4000", "lower_bound"},
		{"覆盖率达到83%以上", "83", "lower_bound"},
		{"形成5个以上行业级", "5", "lower_bound"},
		{"培训3000余人", "3000", "lower_bound"},
		{"控制在5%以内", "5", "upper_bound"},
		{"不超过200亩", "200", "upper_bound"},
		{"增长4.5%", "4.5", ""},
		{"许多企业100家", "100", ""},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.num)
		var got []string
		for _, q := range qualifiersAround(tt.text, i, i+len(tt.num)) {
			got = append(got, q.Flag)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("qualifiers of %s in %q = %v, want %q", tt.num, tt.text, got, tt.want)
		}
	}
}

func TestWholeNumber(t *testing.T) {
	s := "2013年增长13.1%，1.13倍，13人，1,130人"
	if got := wholeOccurrences(s, "13"); len(got) != 1 || s[got[0]:got[0]+len("13人")] != "13人" {
		t.Errorf("whole occurrences of 13 in %q: %v", s, got)
	}
}

func TestParagraphPos(t *testing.T) {
	md := "**经济运行稳中向好**。出台\\<方案\\>，完成\n1712.60亿元。"
	text := "经济运行稳中向好。出台<方案>，完成\n1712.60亿元。"
	p := &Paragraph{ID: "p", Text: text, File: "f.md", markdown: md, line: 10}
	for _, tt := range []struct {
		at   string
		line int
		col  int
	}{{"经济", 10, 3}, {"。出台", 10, 13}, {"<方案", 10, 17}, {"方案>", 10, 18}, {"1712", 11, 1}} {
		off := strings.Index(text, tt.at)
		if got := p.Pos(off); got.Line != tt.line || got.Col != tt.col {
			t.Errorf("Pos(%q) = %d:%d, want %d:%d", tt.at, got.Line, got.Col, tt.line, tt.col)
		}
	}
}

func TestDisplay(t *testing.T) {
	d := openSeed(t)
	tests := []struct{ id, en, zh string }{
		{"gdp", "RMB 171.26 billion", "1712.60亿元"},
		{"special-bonds-early-quota", "RMB 10.2 billion", "102亿元"},
		{"market-entities", "624,600 market entities", "62.46万户"},
		{"fai-yoy", "−13.1%", "−13.1%"},
		{"gdp-yoy-change-vs-2022", "2.3 percentage points", "2.3个百分点"},
		{"new-green-space", "about 460,000 square metres", "约46万平方米"},
		{"assistance-funds-paid", "RMB 31.316 million", "3131.6万元"},
		{"subsistence-allowance-standard", "RMB 1,200 per person per month", "1200元/月"},
		{"poverty-monitoring-people-change", "−157 people", "−157人"},
		{"gdp-structure-primary", "1.9", "1.9"},
	}
	for _, tt := range tests {
		in := d.Indicator(tt.id)
		if in == nil {
			t.Errorf("no indicator %s", tt.id)
			continue
		}
		if got := in.DisplayEn(); got != tt.en {
			t.Errorf("%s: DisplayEn = %q, want %q", tt.id, got, tt.en)
		}
		if got := in.DisplayZh(); got != tt.zh {
			t.Errorf("%s: DisplayZh = %q, want %q", tt.id, got, tt.zh)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	for _, tt := range []struct{ p, zh, en string }{
		{"2023-H1", "2023年上半年", "first half of 2023"},
		{"2023-06-30", "截至2023年6月30日", "as of 30 June 2023"},
		{"2023-target", "2023年目标", "target for 2023"},
		{"2023-Q3", "2023年第三季度", "Q3 2023"},
		{"2023-06", "2023年6月", "June 2023"},
		{"cumulative", "累计", "cumulative (to date)"},
	} {
		if z, e := PeriodLabel(tt.p, "zh"), PeriodLabel(tt.p, "en"); z != tt.zh || e != tt.en {
			t.Errorf("PeriodLabel(%s) = %q / %q, want %q / %q", tt.p, z, e, tt.zh, tt.en)
		}
	}
	// Every period of the seed has a label that is not the code itself.
	for _, in := range openSeed(t).Indicators {
		if PeriodLabel(in.Period, "en") == in.Period && in.Period != "ongoing" {
			t.Errorf("%s: period %s has no label", in.ID, in.Period)
		}
	}
}
