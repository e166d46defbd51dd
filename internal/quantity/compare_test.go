package quantity

import (
	"fmt"
	"strings"
	"testing"
)

// compareTexts scans both paragraphs, applies declared names and compares.
func compareTexts(zh, en string, decls []NameDecl) ([]Mismatch, []NameProblem) {
	zn, zp := ApplyNames(zh, ScanZh(zh), decls, false)
	ens, ep := ApplyNames(en, ScanEn(en), decls, true)
	return Compare(zn, ens), append(zp, ep...)
}

func kinds(ms []Mismatch) string {
	var ks []string
	for _, m := range ms {
		ks = append(ks, m.Kind.String())
	}
	return strings.Join(ks, ", ")
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		zh, en string
		want   []MismatchKind // in order
		detail []string       // substrings of the details, in order
	}{
		// Equal after conversion.
		{"亿元 is hundred million; trailing zeros may go", "地区生产总值1712.60亿元，增长4.5%", "GDP reached RMB 171.26 billion, up 4.5%", nil, nil},
		{"万元", "投入3131.6万元", "RMB 31.316 million was invested", nil, nil},
		{"万户 thousands separators", "市场主体共62.46万户", "a total of 624,600 market entities", nil, nil},
		{"万人 as a million", "服务125万人次", "1.25 million visits", nil, nil},
		{"percentage points", "增速回升2.3个百分点", "the growth rate was up 2.3 percentage points", nil, nil},
		{"mu and hectares", "整备12000亩，腾退1500亩", "12,000 mu were prepared and 100 hectares vacated", nil, nil},
		{"square metres and square kilometres", "新增4.96万平方米，面积24.97平方公里", "49,600 square metres were added, covering 24.97 square kilometres", nil, nil},
		{"km", "建成碧道147公里", "147 km of blueways were built", nil, nil},
		{"方 read as square metres", "新增2.2万方绿地", "adding 22,000 square metres of green space", nil, nil},
		{"CNY per month", "由1180元/月调整为1200元/月", "from RMB 1,180 per person per month to RMB 1,200 per month", nil, nil},
		{"USD", "超千万美元项目，引进1000万美元", "USD 10 million was brought in", nil, nil},
		{"decrease as fell, down, minus, decline", "下降13.1%，下降10.2%，下降47.15%，下降3%", "fell by 13.1%, down 10.2%, -47.15% and a 3% decline", nil, nil},
		{"increase may go without a word", "增长4.5%，增速2.4%", "4.5% higher, with a growth rate of 2.4%", nil, nil},
		{"qualifiers kept", "超200项，近10场，约46万平方米，90%以上", "over 200, nearly 10, about 460,000 square metres, 90% or more", nil, nil},
		{"about may round", "完成1712.60亿元", "about RMB 171.3 billion", nil, nil},
		{"about may round to tens", "完成1712.60亿元", "about RMB 170 billion", nil, nil},
		{"ratio", "三次产业结构为1.9：49.6：48.5", "the structure was 1.9:49.6:48.5", nil, nil},
		{"range of school years", "2022-2023学年", "the 2022-2023 academic year", nil, nil},
		{"years", "较2022年全年回升，2023年", "from 2022 as a whole; in 2023", nil, nil},
		{"months and ordinals are not compared", "1-6月，6月底前，学习二十大精神", "from January to June, by the end of June, studying the guiding principles of the 20th CPC National Congress", nil, nil},
		{"full dates are compared", "6月30日前，9月1日", "by June 30 and on 1 September", nil, nil},
		{"order may change", "投资增长33.3%，占42.63%", "accounting for 42.63% after growth of 33.3%", nil, nil},

		// Traps.
		{"a wrong ×10", "102亿元", "RMB 1.02 billion", []MismatchKind{Value}, []string{"×10 off", "too small", "published: 102亿元 = 10,200,000,000 CNY; English: RMB 1.02 billion = 1,020,000,000 CNY", "expected: RMB 10.2 billion"}},
		{"billion as million (×1000)", "1712.60亿元", "RMB 171.26 million", []MismatchKind{Value}, []string{"published: 1712.60亿元 = 171,260,000,000 CNY; English: RMB 171.26 million = 171,260,000 CNY (×1000 off"}},
		{"亿元 vs 万元", "投入3131.6万元", "RMB 3.1316 billion was invested", []MismatchKind{Value}, []string{"×100 off: the English is 100 times too large"}},
		{"万户 vs 户", "市场主体共62.46万户", "62.46 market entities", []MismatchKind{Value}, []string{"×10000 off", "expected: 624,600"}},
		{"下降 as rose", "同比下降13.1%", "rose by 13.1% year on year", []MismatchKind{Sign}, []string{"a decrease became an increase"}},
		{"dropped minus", "同比下降13.1%", "13.1% year on year", []MismatchKind{Sign}, []string{"the decrease is not stated"}},
		{"increase as fell", "同比增长5%", "fell by 5%", []MismatchKind{Sign}, []string{"the original states no decrease"}},
		{"percentage vs percentage points", "回升2.3个百分点", "up 2.3%", []MismatchKind{Unit}, []string{"percentage points is not a percentage"}},
		{"percentage points vs percentage", "增长2.3%", "up 2.3 percentage points", []MismatchKind{Unit}, nil},
		{"a missing number", "增长4.5%，占42.63%", "up 4.5%", []MismatchKind{Missing}, []string{"published 42.63% = 42.63 % has no counterpart", "expected: 42.63%"}},
		{"an extra number", "增长4.5%", "up 4.5%, 12 projects", []MismatchKind{Extra}, []string{"English 12 = 12 count has no counterpart"}},
		{"rounding without about", "完成1712.60亿元", "RMB 171.3 billion", []MismatchKind{Value}, []string{"rounding is not allowed"}},
		{"wrong rounding with about", "完成1712.60亿元", "about RMB 172 billion", []MismatchKind{Value}, []string{"correctly rounded"}},
		{"qualifier dropped", "超200项", "200 activities", []MismatchKind{Qualifier}, []string{`drops "超" (over)`}},
		{"qualifier added", "261个", "more than 261", []MismatchKind{Qualifier}, []string{`adds "more than"`}},
		{"qualifier changed", "近10场", "over 10", []MismatchKind{Qualifier}, nil},
		{"ratio term wrong", "1.9：49.6：48.5", "1.9:46.9:48.5", []MismatchKind{Value}, []string{"49.6", "46.9"}},
		{"range end wrong", "2022-2023学年", "the 2022-2024 academic year", []MismatchKind{Value}, nil},
		{"year wrong", "2022年", "in 2021", []MismatchKind{Value}, nil},
		{"day wrong", "6月30日前", "by June 13", []MismatchKind{Value}, []string{"date 6-30 (month-day)", "date 6-13 (month-day)"}},
		{"date made vague", "6月30日前", "by the end of June", []MismatchKind{Missing}, []string{"(expected: June 30)"}},
		{"mu as square metres", "12000亩", "12,000 square metres", []MismatchKind{Value}, nil},
		{"km as metres", "147公里", "147 metres", []MismatchKind{Value}, []string{"×1000 off"}},
		{"thousands separator misplaced", "1456个", "1,465", []MismatchKind{Value}, nil},
		{"a count that should be money", "102亿元", "10.2 billion", []MismatchKind{Unit}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, probs := compareTexts(tt.zh, tt.en, nil)
			if len(probs) > 0 {
				t.Fatalf("name problems: %v", probs)
			}
			var want []string
			for _, k := range tt.want {
				want = append(want, k.String())
			}
			if kinds(ms) != strings.Join(want, ", ") {
				t.Fatalf("mismatches %q, want %q\n%s", kinds(ms), want, details(ms))
			}
			all := details(ms)
			for _, d := range tt.detail {
				if !strings.Contains(all, d) {
					t.Errorf("details lack %q:\n%s", d, all)
				}
			}
			for _, m := range ms {
				if m.Zh == nil && m.En == nil {
					t.Errorf("a mismatch without a number: %+v", m)
				}
			}
		})
	}
}

func details(ms []Mismatch) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintln(&b, m.Detail)
	}
	return b.String()
}

func TestCompareNames(t *testing.T) {
	decls := []NameDecl{
		{Text: "1310", Paragraph: "p1", Reason: "r"},
		{Text: "1+3+6", Paragraph: "p1", Reason: "r"},
		{Text: "1中心+N基地", Paragraph: "p1", Reason: "r", En: "1 centre + N bases"},
		{Text: "3", Paragraph: "p1", Reason: "r"},
	}
	zh := "落实“1310”具体部署，打造“1+3+6”示范带2条，开启“1中心+N基地”模式，地铁3号线"
	en := `implement the "1310" arrangements, build 2 "1+3+6" belts, launch the "1 centre + N bases" model; Metro Line 3`
	ms, probs := compareTexts(zh, en, decls)
	if len(ms) != 0 || len(probs) != 0 {
		t.Fatalf("mismatches %s, problems %v", details(ms), probs)
	}
	// The name is missing from the English: a problem and a mismatch.
	en2 := strings.Replace(en, `"1310"`, `"1301"`, 1)
	ms, probs = compareTexts(zh, en2, decls)
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, `"1310" occurs nowhere`) {
		t.Errorf("problems %v", probs)
	}
	if kinds(ms) != "missing in the English, extra in the English" {
		t.Errorf("mismatches %q:\n%s", kinds(ms), details(ms))
	}
	// Without the declarations the programme numbers are bare counts,
	// still equal on both sides; "1 centre" is 1 either way.
	ms, _ = compareTexts(zh, en, nil)
	if len(ms) != 0 {
		t.Errorf("without names: %s", details(ms))
	}
}

func TestComparePositionsAndOrder(t *testing.T) {
	zh := "增长4.5%，下降13.1%，共76个"
	en := "up 4.5%, rose 13.1%, 77 projects, 5 more"
	ms := Compare(ScanZh(zh), ScanEn(en))
	if kinds(ms) != "direction differs, value differs, extra in the English" {
		t.Fatalf("got %q\n%s", kinds(ms), details(ms))
	}
	if ms[0].Zh.DigitStart != strings.Index(zh, "13.1") || ms[0].En.DigitStart != strings.Index(en, "13.1") {
		t.Errorf("direction mismatch points at %d/%d", ms[0].Zh.DigitStart, ms[0].En.DigitStart)
	}
	if ms[1].Zh.Digits != "76" || ms[1].En.Digits != "77" {
		t.Errorf("value mismatch pairs %s with %s", ms[1].Zh.Digits, ms[1].En.Digits)
	}
}
