package search

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// tokenizeCases are shared with the JavaScript tokenizer (tokenize_node_test.go).
var tokenizeCases = []struct {
	in   string
	want string // units as kind:key, space-separated
}{
	{"营商环境", "c:营 c:商 c:环 c:境"},
	{"全区完成地区生产总值1712.60亿元", "c:全 c:区 c:完 c:成 c:地 c:区 c:生 c:产 c:总 c:值 n:1712.60 c:亿 c:元"},
	{"增长4.5%，", "c:增 c:长 n:4.5 s:% s:,"},
	{"４．５％", "n:4.5 s:%"}, // full-width forms fold to half-width
	{"１７１２．６０亿元", "n:1712.60 c:亿 c:元"},
	{"Foreign Trade", "w:foreign w:trade"},
	{"ＧＤＰ增长", "w:gdp c:增 c:长"},
	{"5G基站", "w:5g c:基 c:站"},
	{"R&D spending", "w:r s:& w:d w:spending"},
	{"3,007 new", "n:3007 w:new"}, // thousands separator dropped from the key
	{"1,234,567.89", "n:1234567.89"},
	{"12,34", "n:12 s:, n:34"}, // not a thousands grouping: two numbers
	{"1,2345", "n:1 s:, n:2345"},
	{"1.8 and 1.85 and 18", "n:1.8 w:and n:1.85 w:and n:18"},
	{"was 3,007.", "w:was n:3007 s:."}, // a full stop is not a decimal point
	{"下降13.1%", "c:下 c:降 n:13.1 s:%"},
	{"−13.1", "s:− n:13.1"},
	{"foot\u00adball", "w:football"},         // soft hyphen (a format character) is ignored
	{"①项", "n:1 c:项"},                        // compatibility forms
	{"Ｉｓｔａｎｂｕｌ İzmir", "w:istanbul w:İzmir"}, // U+0130 keeps its case, as in JavaScript
	{"“1+3+6”乡村振兴", "s:“ n:1 s:+ n:3 s:+ n:6 s:” c:乡 c:村 c:振 c:兴"},
	{"营商\n环境", "c:营 c:商 c:环 c:境"},
	{"Café déjà-vu", "w:café w:déjà s:- w:vu"},
	{"コーヒー", "c:コ c:ー c:ヒ c:ー"},
	{"𠀋𪜀", "c:𠀋 c:𪜀"}, // CJK extensions outside the BMP
	{"", ""},
	{"   \t", ""},
	{"v1.2.3", "w:v1.2.3"},
	{"2023年", "n:2023 c:年"},
}

func unitsString(units []Unit) string {
	var parts []string
	for _, u := range units {
		parts = append(parts, string(u.Kind)+":"+u.Key)
	}
	return strings.Join(parts, " ")
}

func TestTokenize(t *testing.T) {
	for _, c := range tokenizeCases {
		if got := unitsString(Tokenize(c.in)); got != c.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestTokenizeOffsetsPointIntoTheOriginal(t *testing.T) {
	s := "增长４．５％，达到1,712.60"
	var got []string
	for _, u := range Tokenize(s) {
		got = append(got, s[u.Start:u.End])
	}
	want := "增 长 ４．５ ％ ， 达 到 1,712.60"
	if strings.Join(got, " ") != want {
		t.Errorf("original spans = %q, want %q", strings.Join(got, " "), want)
	}
}

func TestIndexKeys(t *testing.T) {
	got := strings.Join(IndexKeys(Tokenize("营商环境，GDP增长4.5%")), " ")
	want := "营商 商环 环境 gdp 增长 4.5"
	if got != want {
		t.Errorf("IndexKeys = %q, want %q", got, want)
	}
}

func TestQueryKeys(t *testing.T) {
	cases := []struct{ q, want string }{
		{"营商环境", "营商 商环 环境"},
		{"foreign trade", "foreign* trade*"},
		{"R&D", "r d"}, // one-letter words match whole
		{"4.5%", "4.5"},
		{"地区 生产总值", "地区 生产 产总 总值"},
		{"年", ""}, // a single character cannot be looked up
		{"%", ""},
		{"　", ""},
	}
	for _, c := range cases {
		var keys []string
		for _, k := range ParseQuery(c.q).Keys() {
			s := k.Key
			if k.Prefix {
				s += "*"
			}
			keys = append(keys, s)
		}
		if got := strings.Join(keys, " "); got != c.want {
			t.Errorf("keys of %q = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestMatches(t *testing.T) {
	cases := []struct {
		q, text string
		want    bool
	}{
		{"营商环境", "打造一流营商环境。", true},
		{"营商环境", "营商的环境", false},
		{"南海区", "佛山市南海区2023年", true},
		{"区2023", "佛山市南海区2023年", true},
		{"1712.60", "地区生产总值1712.60亿元", true},
		{"１７１２．６０", "地区生产总值1712.60亿元", true}, // full-width query
		{"1712.60", "地区生产总值１７１２．６０亿元", true}, // full-width text
		{"1712.6", "地区生产总值1712.60亿元", false}, // numbers as written
		{"1.8", "增长1.85%", false},
		{"1.8", "增长11.8%", false},
		{"18", "增长1.8%", false},
		{"1.8", "增长1.8%", true},
		{"4.5%", "增长4.5%，", true},
		{"4.5%", "提高4.5个百分点", false},
		{"4.5", "增长4.5%", true},
		{"3007", "built 3,007 new gardens", true},
		{"3,007", "新建“四小园”3007个", true},
		{"subsistence", "minimum subsistence allowance", true},
		{"subsist", "minimum subsistence allowance", true}, // prefix
		{"ubsistence", "minimum subsistence allowance", false},
		{"SUBSISTENCE", "minimum subsistence allowance", true},
		{"foreign trade", "Foreign trade fell; trade with foreign partners", true},
		{"foreign trade", "foreign investment", false},
		{"a", "a case", true},
		{"a", "an apple", false}, // one letter: whole words only
		{"gdp增长", "GDP增长4.5%", true},
		{"r&d", "R & D spending", true},
	}
	for _, c := range cases {
		q := ParseQuery(c.q)
		score, _ := Score(q, KindBody, Tokenize(c.text), 0)
		if got := score > 0; got != c.want {
			t.Errorf("%q in %q: match = %v, want %v", c.q, c.text, got, c.want)
		}
	}
}

func TestScoreRanksHeadingsAndLeadsAboveBody(t *testing.T) {
	q := ParseQuery("营商环境")
	text := Tokenize("打造一流营商环境。")
	title, _ := Score(q, KindTitle, text, 0)
	item, _ := Score(q, KindItem, text, 0)
	lead, _ := Score(q, KindLead, text, len(text))
	leadMissed, _ := Score(q, KindLead, text, 2) // the match is after the lead
	body, _ := Score(q, KindBody, text, 0)
	if !(title > item && item > lead && lead > body && leadMissed == body) {
		t.Errorf("scores: title %d, item %d, lead %d, body %d, match after the lead %d", title, item, lead, body, leadMissed)
	}
	// Terms in a row rank above scattered terms; more matches above fewer.
	q2 := ParseQuery("foreign trade")
	inRow, _ := Score(q2, KindBody, Tokenize("foreign trade fell"), 0)
	scattered, _ := Score(q2, KindBody, Tokenize("trade and foreign"), 0)
	if inRow <= scattered {
		t.Errorf("in a row %d, scattered %d", inRow, scattered)
	}
	once, _ := Score(ParseQuery("trade"), KindBody, Tokenize("trade"), 0)
	twice, _ := Score(ParseQuery("trade"), KindBody, Tokenize("trade, trade"), 0)
	if twice <= once {
		t.Errorf("two matches %d, one %d", twice, once)
	}
}

// FuzzTokenize checks the tokenizer's invariants on any input: units in
// order, inside the text, with non-empty normalised keys that tokenize to
// themselves.
func FuzzTokenize(f *testing.F) {
	for _, c := range tokenizeCases {
		f.Add(c.in)
	}
	f.Add("\xff\xfe增长")
	f.Fuzz(func(t *testing.T, s string) {
		units := Tokenize(s)
		end := 0
		for _, u := range units {
			if u.Start < 0 || u.End > len(s) || u.Start >= u.End || u.Start < end-utf8.UTFMax {
				t.Fatalf("unit %+v out of place in %q", u, s)
			}
			end = u.End
			if u.Key == "" || !strings.ContainsRune("cwns", rune(u.Kind)) {
				t.Fatalf("bad unit %+v", u)
			}
			if u.Kind != Symbol {
				again := Tokenize(u.Key)
				if len(again) != 1 || again[0].Key != u.Key || again[0].Kind != u.Kind {
					t.Fatalf("key %q of %q tokenizes to %s", u.Key, s, unitsString(again))
				}
			}
		}
	})
}

// FuzzSearchFindsEverySubstring checks that the index never loses a true
// match: any run of whole units of a text, searched for, finds the text.
func FuzzSearchFindsEverySubstring(f *testing.F) {
	f.Add("全区完成地区生产总值1712.60亿元，增长4.5%。", 4, 9)
	f.Add("Foreign trade fell by 10.2%; subsistence allowances rose.", 0, 3)
	f.Add("打造一流营商环境", 4, 8)
	f.Fuzz(func(t *testing.T, s string, i, j int) {
		units := Tokenize(s)
		if len(units) == 0 {
			return
		}
		i = abs(i) % len(units)
		j = i + 1 + abs(j)%(len(units)-i)
		q := s[units[i].Start:units[j-1].End]
		if !utf8.ValidString(q) || unitsString(Tokenize(q)) != unitsString(units[i:j]) {
			return // the cut changed how the edges read: not a substring query
		}
		ix := openBuilt(t, Input{Lang: "zh", Reports: []Report{{ID: "r"}},
			Pages: []Page{{Path: "zh/r/", Docs: []Doc{{Kind: KindBody, Link: "#p", Text: s}}}}})
		res, err := ix.Search(q)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Short && len(res.Texts) != 1 {
			t.Fatalf("search %q in %q: %d results", q, s, len(res.Texts))
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}

func ExampleTokenize() {
	for _, u := range Tokenize("增长４．５％") {
		fmt.Printf("%c %s\n", u.Kind, u.Key)
	}
	// Output:
	// c 增
	// c 长
	// n 4.5
	// s %
}
