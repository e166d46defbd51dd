package dataset

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/quantity"
	"reportsite/internal/tomldata"
)

// Proposal is a record the extractor proposes for a number of the text:
// every field it can read from the words around the number, and the fields
// only an editor can write (name_en, topic) left empty with a TODO.
type Proposal struct {
	Indicator
	Number  quantity.Number
	Reasons []string // why the kind, sign and flags were chosen, for the editor
}

// Cue words the extractor reads in the clause before a number.
var (
	yoyCues        = []string{"同比", "比上年", "较上年", "比去年同期", "较去年同期", "增速", "增幅", "降幅"}
	shareCues      = []string{"占比", "比重", "占"}
	completionCues = []string{"完成率", "完成", "进度", "执行率"}
	rateCues       = []string{"率", "比例", "覆盖", "指数"}
	planCues       = []string{"确保", "力争", "争取", "计划", "目标", "年底前", "年内", "预计"}
	// targetVerbs make a figure of the plans a target (完成46个, 打造15个);
	// without one it is a count the plans mention (等8个园区).
	targetVerbs    = append([]string{"完成", "打造", "新增", "达到", "达", "提升至", "不少于", "接管", "挖掘", "形成", "建成", "实现"}, planCues...)
	cumulativeCues = []string{"累计"}
	// Words that open or close the name of a figure without belonging to it.
	namePrefixes = []string{"上半年", "今年以来", "其中：", "其中", "全区共", "全区", "我区", "共", "已", "目前", "同时", "并", "完成", "实现", "拥有", "获得"}
	nameSuffixes = []string{"同比", "分别", "实现", "完成", "达到", "达", "为", "共", "超过", "超", "约", "近", "逾", "不少于", "总计", "合计", "累计", "共计", "是", "了"}
	unitsEn      = map[string]string{"元": "CNY", "美元": "USD", "%": "%", "个百分点": "percentage points", "百分点": "percentage points",
		"亩": "mu", "平方米": "square metres", "平方公里": "square km", "公里": "km", "米": "m", "吨": "tonnes", "元/月": "CNY per month",
		"人": "people", "人次": "person-times", "家": "enterprises", "户": "households", "个": "items", "项": "items", "宗": "cases"}
)

// clauseAround returns the clause holding text[i:j]: from the previous
// clause break to the next one.
func clauseAround(text string, i, j int) (int, int) {
	start := strings.LastIndexAny(text[:i], clauseBreaks)
	if start < 0 {
		start = 0
	} else {
		_, n := utf8.DecodeRuneInString(text[start:])
		start += n
	}
	end := strings.IndexAny(text[j:], clauseBreaks)
	if end < 0 {
		end = len(text)
	} else {
		end += j
	}
	return start, end
}

func containsAny(s string, words []string) (string, bool) {
	for _, w := range words {
		if strings.Contains(s, w) {
			return w, true
		}
	}
	return "", false
}

// Propose reads one number of a paragraph into a record. period is the
// report's period (2023-H1), used when the words say nothing else.
func Propose(p *Paragraph, n quantity.Number, period string) *Proposal {
	text := p.Text
	at, end := n.DigitStart, n.DigitStart+len(n.Digits)
	pr := &Proposal{Number: n}
	in := &pr.Indicator
	in.Paragraph = p.ID
	in.ValueText = n.Digits
	in.Unit = n.Unit
	in.Multiplier = UnitMultiplier(n.Unit)
	in.UnitEn = unitsEn[unitBase(n.Unit)]
	in.Period = period
	in.Decimals = Decimals(n.Digits)
	v, _ := strconv.ParseFloat(strings.ReplaceAll(n.Digits, ",", ""), 64)
	cs, ce := clauseAround(text, at, end)
	before := text[cs:at]

	dir := Direction(text, at)
	if dir.Sign < 0 {
		v = -v
		pr.Reasons = append(pr.Reasons, fmt.Sprintf("negative: %q before it", dir.Word))
	}
	in.Value = v

	planned := strings.Contains(p.PartTitle, "下半年") || strings.Contains(p.PartTitle, "工作重点") || strings.Contains(p.PartTitle, "计划安排")
	if w, ok := containsAny(before, planCues); ok && !strings.Contains(before, "上半年") {
		planned = true
		pr.Reasons = append(pr.Reasons, fmt.Sprintf("planned: %q", w))
	}
	yoyWord, yoy := containsAny(before, yoyCues)
	switch {
	case n.Kind == quantity.RatioPart:
		in.Kind = "ratio_part"
	case strings.HasSuffix(n.Unit, "百分点"):
		in.Kind = "pp_change"
	case n.Unit == "%" || n.Unit == "％":
		in.Unit = "%"
		shareWord, share := containsAny(before, shareCues)
		complWord, compl := containsAny(before, completionCues)
		rateWord, rate := containsAny(before, rateCues)
		switch {
		case yoy || (dir.Sign != 0 && !share && !compl):
			in.Kind = "yoy_pct"
			pr.Reasons = append(pr.Reasons, "growth: "+firstNonEmpty(yoyWord, dir.Word))
		case share:
			in.Kind = "share_pct"
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("share: %q", shareWord))
		case compl && !planned:
			in.Kind = "completion_pct"
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("completion: %q", complWord))
		case planned && hasAny(before, targetVerbs):
			in.Kind = "target"
		case rate:
			in.Kind = "rate"
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("rate: %q", rateWord))
		default:
			in.Kind = "rate"
		}
	case planned && hasAny(before, targetVerbs):
		in.Kind = "target"
	case dir.Sign != 0 && !yoy && isChangeVerb(dir.Word) && !continuousUnits[unitBase(n.Unit)]:
		in.Kind = "change"
		pr.Reasons = append(pr.Reasons, fmt.Sprintf("change: %q", dir.Word))
	case n.Class == quantity.Count && (n.Unit != "" || !strings.Contains(n.Digits, ".")):
		// 65家, and a bare whole number (6大类型) counts things.
		in.Kind = "count"
	default:
		in.Kind = "level"
	}
	if planned {
		in.Flags = append(in.Flags, "planned")
		if in.Kind == "target" {
			in.Period = periodYear(period) + "-target"
		}
	}
	for _, q := range qualifiersAround(text, at, end) {
		if !in.HasFlag(q.Flag) {
			in.Flags = append(in.Flags, q.Flag)
			pr.Reasons = append(pr.Reasons, fmt.Sprintf("%s: %q", q.Flag, q.Word))
		}
	}
	if _, ok := containsAny(before, cumulativeCues); ok {
		in.Flags = append(in.Flags, "cumulative")
		in.Period = "cumulative"
	}
	// Quote: the clause up to the end of the figure's unit, made unique in
	// the paragraph by taking more words: first to the right, up to the
	// end of the clause, then whole clauses to the left.
	qEnd := max(n.End, end)
	qs, qe := quoteSpan(text, cs, qEnd, at, n.Digits)
	in.Quote = text[qs:qe]
	in.QuoteOffset, in.ValueOffset, in.BaseOffset = qs, at, -1
	_ = ce
	in.NameZh = nameFrom(before, dir)
	if in.NameZh == dir.Word || in.NameZh == "" {
		// 全区完成地区生产总值1712.60亿元，增长4.5%: the subject is in the
		// clause before.
		if cs > 0 {
			ps, _ := clauseAround(text, cs-1, cs-1)
			prev := text[ps:cs]
			if k := strings.IndexFunc(prev, func(r rune) bool { return r >= '0' && r <= '9' }); k >= 0 {
				prev = prev[:k]
			}
			in.NameZh = nameFrom(prev, DirectionOf{}) + dir.Word
		}
	}
	in.ID = p.ID + "-" + strings.NewReplacer(".", "-", ",", "").Replace(n.Digits)
	in.Series = strings.ReplaceAll(in.ID, "-", "_")
	return pr
}

func hasAny(s string, words []string) bool {
	_, ok := containsAny(s, words)
	return ok
}

// quoteSpan returns the shortest quote around text[at:at+len(digits)],
// starting at the clause start cs and ending at end or later, that occurs
// once in text and holds the figure once.
func quoteSpan(text string, cs, end, at int, digits string) (int, int) {
	ok := func(a, b int) bool {
		q := text[a:b]
		return len(occurrences(text, q)) == 1 && len(wholeOccurrences(q, digits)) == 1
	}
	_, ce := clauseAround(text, at, end)
	if ce < len(text) {
		_, w := utf8.DecodeRuneInString(text[ce:])
		ce += w // the clause break itself
	}
	for b := end; b <= ce; {
		if ok(cs, b) {
			return cs, b
		}
		if b == len(text) {
			break
		}
		_, w := utf8.DecodeRuneInString(text[b:])
		b += w
	}
	for a := cs; a > 0; {
		prev := strings.LastIndexAny(text[:a-1], clauseBreaks)
		if prev < 0 {
			a = 0
		} else {
			_, w := utf8.DecodeRuneInString(text[prev:])
			a = prev + w
		}
		if ok(a, end) {
			return a, end
		}
	}
	return cs, end
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// isChangeVerb: an absolute change is stated with these (增加床位100张,
// 减少33户); 同比增长 is a growth rate, 新增 a count of new things.
func isChangeVerb(w string) bool {
	return w == "增加" || w == "减少"
}

var yearRe = regexp.MustCompile(`^\d{4}`)

func periodYear(period string) string {
	if y := yearRe.FindString(period); y != "" {
		return y
	}
	return period
}

// nameFrom makes a Chinese name from the words before the figure: the
// clause minus openers (上半年, 全区) and verbs (完成, 实现, 同比增长).
func nameFrom(before string, dir DirectionOf) string {
	s := before
	for changed := true; changed; {
		changed = false
		for _, w := range namePrefixes {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimPrefix(s, w), true
			}
		}
		for _, w := range append(nameSuffixes, dir.Word) {
			if w != "" && strings.HasSuffix(s, w) {
				s, changed = strings.TrimSuffix(s, w), true
			}
		}
	}
	if dir.Sign != 0 && dir.Word != "" {
		s += dir.Word
	}
	return s
}

// TOML writes the proposal as an [[indicator]] record ready to paste into
// indicators.toml, with the fields an editor must write marked TODO.
func (pr *Proposal) TOML() string {
	in := &pr.Indicator
	var b strings.Builder
	fmt.Fprintf(&b, "# proposed for %q in paragraph %s", in.ValueText+in.Unit, in.Paragraph)
	if len(pr.Reasons) > 0 {
		b.WriteString(" (" + strings.Join(pr.Reasons, "; ") + ")")
	}
	b.WriteString("\n[[indicator]]\n")
	kv := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	kv("id", tomldata.Quote(in.ID)+" # TODO: a stable, meaningful id")
	kv("series", tomldata.Quote(in.Series)+" # TODO: the indicator's name across reports")
	kv("name_zh", tomldata.Quote(in.NameZh))
	kv("name_en", tomldata.Quote("")+" # TODO")
	kv("value", tomlFloat(in.Value))
	kv("value_text", tomldata.Quote(in.ValueText))
	kv("unit", tomldata.Quote(in.Unit))
	todo := ""
	if in.UnitEn == "" && in.Unit != "" {
		todo = " # TODO"
	}
	kv("unit_en", tomldata.Quote(in.UnitEn)+todo)
	kv("multiplier", tomlFloat(in.Multiplier))
	kv("kind", tomldata.Quote(in.Kind))
	kv("period", tomldata.Quote(in.Period))
	kv("topic", tomldata.Quote("")+" # TODO")
	kv("paragraph", tomldata.Quote(in.Paragraph))
	kv("quote", tomldata.Quote(in.Quote))
	if len(in.Flags) > 0 {
		q := make([]string, len(in.Flags))
		for i, f := range in.Flags {
			q[i] = tomldata.Quote(f)
		}
		kv("flags", "["+strings.Join(q, ", ")+"]")
	}
	return b.String()
}

// tomlFloat writes a float as TOML: 1712.6, 1e+08 as 1e8, 4.0.
func tomlFloat(f float64) string {
	if f != 0 && f == float64(int64(f)) && (f >= 1e6 || f <= -1e6) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		return strings.Replace(s, "e+", "e", 1)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// ExtractOptions configures Extract.
type ExtractOptions struct {
	Report  string
	DataDir string // data/<report>/
	Zh      *content.Document
	Period  string // the report's period
	All     bool   // propose a record for every quantity, not only the unaccounted ones
}

// Extract writes proposals for the numbers of the text that the dataset
// does not account for yet (all of them when there is no dataset), then the
// coverage summary and the relation candidates not yet declared. It fails
// on records that do not verify: proposals are only meaningful against a
// sound file.
func Extract(w io.Writer, o ExtractOptions) error {
	d, err := open(o.Report, o.DataDir, o.Zh, nil, false)
	if err != nil {
		return err
	}
	n := 0
	for _, p := range d.Paragraphs {
		nums, _ := d.ScanParagraph(p, nil)
		for _, num := range nums {
			acc, known := d.Coverage.Where[p.ID][num.DigitStart]
			if known && !o.All {
				continue
			}
			if known && acc.Indicator == nil {
				continue // a name, a year or a date
			}
			pr := Propose(p, num, o.Period)
			fmt.Fprintf(w, "# %s\n%s\n", p.Pos(num.DigitStart), pr.TOML())
			n++
		}
	}
	fmt.Fprintf(w, "# %d proposals (%s)\n", n, filepath.Join(o.DataDir, IndicatorsFile))
	fmt.Fprintf(w, "# coverage: %s\n", d.Coverage.Summary())
	fmt.Fprintf(w, "# indicators by kind:")
	for _, kc := range d.CountsByKind() {
		fmt.Fprintf(w, " %s %d", kc.Kind, kc.Count)
	}
	fmt.Fprintf(w, " (total %d)\n", len(d.Indicators))
	held := 0
	for _, r := range d.Relations {
		if r.Holds {
			held++
		}
	}
	fmt.Fprintf(w, "# relations: %d declared, %d hold, %d fail in the report's own figures\n", len(d.Relations), held, len(d.Relations)-held)
	for _, r := range d.Relations {
		fmt.Fprintf(w, "#   %s (%s, %s): %s\n", r.ID, r.Type, r.Pos, r.En)
	}
	fmt.Fprintf(w, "# %d candidate relations not declared in %s:\n", len(d.Candidates), filepath.Join(o.DataDir, RelationsFile))
	for _, c := range d.Candidates {
		fmt.Fprintf(w, "\n%s", c.TOML())
	}
	return nil
}

// RunExtract is `reportsite extract`: for each report of the project at
// root (or only the one named), it reads the Chinese content and writes
// Extract's proposals to w.
func RunExtract(w io.Writer, root, report string, all bool) error {
	metas, err := config.LoadReports(filepath.Join(root, "data"))
	if err != nil {
		return err
	}
	found := false
	for _, m := range metas {
		if report != "" && m.ID != report {
			continue
		}
		found = true
		zh, err := content.ReadDocument(m.ID, "zh", filepath.Join(root, "content", m.ID, "zh"))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "# report %s\n", m.ID)
		if err := Extract(w, ExtractOptions{Report: m.ID, DataDir: m.Dir, Zh: zh, Period: m.Period, All: all}); err != nil {
			return err
		}
	}
	if !found {
		return fmt.Errorf("no report %q in %s: use the name of a folder of data/ that holds a report.toml", report, filepath.Join(root, "data"))
	}
	return nil
}
