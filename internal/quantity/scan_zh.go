package quantity

import (
	"math/big"
	"strings"
	"unicode/utf8"
)

// unit is a unit word with its class and the factor to the class's base
// unit.
type unit struct {
	word   string
	class  Class
	factor *big.Rat
}

func u(word string, class Class, factor *big.Rat) unit { return unit{word, class, factor} }

var one = big.NewRat(1, 1)

// zhUnits are the measure words read after a number, longest first at
// lookup. Counted things all share the Count class (see Class).
var zhUnits = func() []unit {
	list := []unit{
		u("元/月", CNYPerMonth, one), u("元", CNY, one), u("美元", USD, one),
		u("%", Percent, one), u("％", Percent, one),
		u("个百分点", PercentagePoint, one), u("百分点", PercentagePoint, one),
		u("平方米", Area, one), u("平方公里", Area, pow10(6)), u("平方千米", Area, pow10(6)),
		u("公顷", Area, pow10(4)), u("亩", Area, big.NewRat(2000, 3)),
		u("立方米", Volume, one), u("方", AreaOrVolume, one),
		u("公里", Length, pow10(3)), u("千米", Length, pow10(3)), u("米", Length, one),
		u("吨", Mass, one), u("千瓦", Power, one), u("兆瓦", Power, pow10(3)),
		u("倍", Multiple, one),
		u("小时", Hours, one), u("天", Days, one), u("个月", Class("months"), one),
	}
	for _, w := range strings.Fields("个 家 宗 项 条 所 张 户 场 类 对 名 人 人次 户次 台 套 间 座 棵 株 辆 批 次 期 件 份 篇 处 栋 幢 盏 支 位 款 门 节 例 起 单 票 枚 部 本 册 只 头 艘 架 列 趟 班 轮 届 岁 层 匹 块 片 组 宗次 床 张床") {
		list = append(list, u(w, Count, one))
	}
	return list
}()

// zhMultipliers are the magnitude characters between digits and unit.
var zhMultipliers = []struct {
	word   string
	factor *big.Rat
}{
	{"万亿", pow10(12)}, {"千万", pow10(7)}, {"百万", pow10(6)}, {"亿", pow10(8)}, {"万", pow10(4)}, {"千", pow10(3)}, {"百", pow10(2)},
}

var (
	zhUpWords   = []string{"增长", "增加", "提高", "上升", "回升", "提升", "上涨", "增幅", "增速", "增", "涨", "升"}
	zhDownWords = []string{"下降", "减少", "回落", "下滑", "降低", "下跌", "缩减", "降幅", "降", "减", "跌"}
	// Approximation words before the digits, longest first.
	zhApproxBefore = []struct {
		word string
		a    Approx
	}{
		{"不少于", Over}, {"不低于", Over}, {"不超过", AtMost}, {"不高于", AtMost}, {"最多", AtMost}, {"超过", Over}, {"大约", About}, {"将近", Nearly}, {"接近", Nearly},
		{"约", About}, {"近", Nearly}, {"超", Over}, {"逾", Over},
	}
	zhApproxAfter = []struct {
		word string
		a    Approx
	}{
		{"以上", Over}, {"左右", About}, {"上下", About}, {"以内", AtMost}, {"以下", AtMost},
	}
	zhRangeSeps = []string{"-", "－", "—", "–", "~", "～", "至", "到"}
	zhRatioSeps = []string{"：", ":"}
)

// ScanZh returns every number written in digits in a Chinese paragraph's
// plain text, in order, with its unit, exact value in base units, kind,
// direction (增长/下降… immediately before it, or a minus sign) and
// approximation (约/近/超… before it, 余/多/以上/左右 after it). Declared
// names are not known here: see ApplyNames.
func ScanZh(text string) []Number {
	runs := digitRuns(text)
	var out []Number
	for i := 0; i < len(runs); {
		r := runs[i]
		// A digit run glued to a Latin letter is an identifier (5G, PM2.5).
		if latinBefore(text, r.start) || latinAfter(text, r.end) {
			i++
			continue
		}
		// Ratio: a：b：c.
		if chain := chainOf(text, runs, i, zhRatioSeps, false); len(chain) >= 2 {
			start, end := runs[i].start, runs[i+len(chain)-1].end
			for _, c := range chain {
				out = append(out, Number{Start: start, End: end, DigitStart: c.start, Digits: c.written, Value: parseDecimal(c.plain), Class: Count, Kind: RatioPart, Text: text[start:end], step: stepOf(c, nil)})
			}
			i += len(chain)
			continue
		}
		// Range: a-b unit (and chains a-b-c).
		if chain := chainOf(text, runs, i, zhRangeSeps, true); len(chain) >= 2 {
			last := chain[len(chain)-1]
			n := readZh(text, last, out)
			// The words before the range belong to it; the dash is no minus.
			first := readZh(text, chain[0], out)
			n.Direction = first.Direction
			if n.Approx == Exact {
				n.Approx, n.ApproxWord = first.Approx, first.ApproxWord
			}
			start := first.Start
			kind := RangePart
			if n.Kind == Date {
				kind = Date
			}
			for _, c := range chain {
				m := n
				m.Start, m.DigitStart, m.Digits, m.Kind = start, c.start, c.written, kind
				m.Text = text[start:n.End]
				m.Value = parseDecimal(c.plain)
				m.step = stepOf(c, n.factor)
				if m.Value != nil && n.factor != nil {
					m.Value = mul(m.Value, n.factor)
				}
				if n.Kind == Year || n.Class == CalendarYear {
					m.Class = CalendarYear
				}
				out = append(out, m.Number)
			}
			i += len(chain)
			continue
		}
		n := readZh(text, r, out)
		// 6月30日: one date.
		if n.Kind == Date && len(out) > 0 {
			prev := &out[len(out)-1]
			if prev.Kind == Date && prev.End == n.Start && prev.Value != nil && n.Value != nil {
				prev.End = n.End
				prev.Text = text[prev.Start:prev.End]
				prev.Unit += n.Unit
				prev.Value = fullDate(prev.Value, n.Value)
				i++
				continue
			}
		}
		out = append(out, n.Number)
		i++
	}
	return out
}

// scanned is a number with the factor its unit applied, for ranges.
type scanned struct {
	Number
	factor *big.Rat
}

// readZh reads one number and the words around it.
func readZh(text string, r digitRun, prev []Number) scanned {
	n := Number{Start: r.start, End: r.end, DigitStart: r.start, Digits: r.written, Class: Count, Kind: Quantity}
	factor := new(big.Rat).Set(one)
	p := r.end
	// Qualifiers and magnitude between digits and unit: 20余个, 1.2万余人, 200多项.
	afterApprox := func() {
		for _, w := range []string{"余", "多"} {
			if strings.HasPrefix(text[p:], w) && n.Approx == Exact {
				n.Approx, n.ApproxWord = Over, w
				p += len(w)
			}
		}
	}
	afterApprox()
	unitStart := p
	var unitFound bool
	if un, ok := longestUnit(text[p:]); ok {
		p += len(un.word)
		n.Class, factor = un.class, mul(factor, un.factor)
		unitFound = true
	} else {
		for _, m := range zhMultipliers {
			if strings.HasPrefix(text[p:], m.word) {
				p += len(m.word)
				factor = mul(factor, m.factor)
				afterApprox()
				if un, ok := longestUnit(text[p:]); ok {
					p += len(un.word)
					n.Class, factor = un.class, mul(factor, un.factor)
				}
				unitFound = true
				break
			}
		}
	}
	if !unitFound {
		switch {
		case strings.HasPrefix(text[p:], "学年") || strings.HasPrefix(text[p:], "年度"):
			n.Kind, n.Class = Year, CalendarYear
			p += len("学年")
		case strings.HasPrefix(text[p:], "年"):
			if r.intDigits == 4 && r.decimals == 0 {
				n.Kind, n.Class = Year, CalendarYear
			} else {
				n.Class = Duration
			}
			p += len("年")
		case strings.HasPrefix(text[p:], "月") && r.decimals == 0:
			n.Kind, n.Class = Date, Calendar
			p += len("月")
		case (strings.HasPrefix(text[p:], "日") || strings.HasPrefix(text[p:], "号")) && r.decimals == 0 && followsMonth(prev, r.start):
			n.Kind, n.Class = Date, Calendar
			p += len("日")
		case r.intDigits == 4 && r.decimals == 0 && !r.grouped && isYearish(r.plain):
			n.Kind, n.Class = Year, CalendarYear
		}
	}
	n.Unit = text[unitStart:p]
	n.End = p
	for _, w := range zhApproxAfter {
		if strings.HasPrefix(text[p:], w.word) && n.Approx == Exact && n.Kind == Quantity {
			n.Approx, n.ApproxWord = w.a, w.word
			n.End = p + len(w.word)
		}
	}
	// Before the digits: a minus sign, an approximation word, a direction verb.
	start := r.start
	if start > 0 && (text[start-1] == '-') && (start < 2 || !isWordByte(text[start-2])) {
		start--
		n.Direction = Down
	}
	if pre, a, w := zhApproxPrefix(text, start); pre >= 0 {
		if n.Approx == Exact {
			n.Approx, n.ApproxWord = a, w
		}
		start = pre
	}
	n.Start = start
	if strings.HasSuffix(text[:start], "第") && n.Kind == Quantity {
		// 第3: an ordinal, as English writes it (3rd).
		n.Kind, n.Class = Ordinal, Rank
		n.Start = start - len("第")
	}
	if n.Direction == NoDirection && n.Kind == Quantity {
		before := strings.TrimSuffix(text[:start], "了")
		if hasSuffixAny(before, zhDownWords) {
			n.Direction = Down
		} else if hasSuffixAny(before, zhUpWords) {
			n.Direction = Up
		}
	}
	if n.Kind == Year || n.Kind == Date {
		n.Direction, n.Approx, n.ApproxWord = NoDirection, Exact, ""
	}
	n.Value = parseDecimal(r.plain)
	if n.Value != nil && n.Kind != Year && n.Kind != Date {
		n.Value = mul(n.Value, factor)
	}
	n.Text = text[n.Start:n.End]
	n.step = stepOf(r, factor)
	return scanned{n, factor}
}

// zhApproxPrefix finds an approximation word ending at end.
func zhApproxPrefix(text string, end int) (start int, a Approx, word string) {
	if hasSuffixAny(text[:end], zhNotApprox) {
		return -1, Exact, ""
	}
	for _, w := range zhApproxBefore {
		if strings.HasSuffix(text[:end], w.word) {
			return end - len(w.word), w.a, w.word
		}
	}
	return -1, Exact, ""
}

// zhNotApprox are words that end in 约, 近 or 超 without meaning "about",
// "nearly" or "over": in 签约76个 the 约 belongs to 签约 (signed).
var zhNotApprox = []string{
	"签约", "节约", "制约", "预约", "合约", "履约", "违约", "特约", "集约", "邀约", "相约", "公约", "条约", "契约", "守约",
	"最近", "附近", "邻近", "就近", "亲近",
	"赶超",
}

func longestUnit(s string) (unit, bool) {
	var best unit
	found := false
	for _, un := range zhUnits {
		if strings.HasPrefix(s, un.word) && len(un.word) > len(best.word) {
			best, found = un, true
		}
	}
	// 号线 (metro line 3) and 号 are not units.
	if found && best.word == "个" && strings.HasPrefix(s, "个月") {
		return unit{}, false
	}
	return best, found
}

func followsMonth(prev []Number, start int) bool {
	if len(prev) == 0 {
		return false
	}
	p := prev[len(prev)-1]
	return p.Kind == Date && p.End == start
}

func isYearish(plain string) bool { return plain >= "1900" && plain <= "2100" }

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// chainOf returns the runs starting at i that are joined directly by one
// of seps (the same separator throughout). For ranges (allowUnit), the
// first run may carry the unit of the last: 30%-50%, 2022年-2023年.
func chainOf(text string, runs []digitRun, i int, seps []string, allowUnit bool) []digitRun {
	chain := []digitRun{runs[i]}
	sep := ""
	for j := i; j+1 < len(runs); j++ {
		gap := text[runs[j].end:runs[j+1].start]
		ok := false
		for _, s := range seps {
			if (sep == "" || s == sep) && (gap == s || (allowUnit && len(chain) == 1 && strings.HasSuffix(gap, s) && unitOnly(gap[:len(gap)-len(s)]))) {
				sep, ok = s, true
				break
			}
		}
		if !ok {
			break
		}
		chain = append(chain, runs[j+1])
	}
	return chain
}

// unitOnly says whether s is a unit repeated on the first end of a range.
func unitOnly(s string) bool {
	if s == "年" || s == "%" || s == "％" || s == "月" {
		return true
	}
	un, ok := longestUnit(s)
	return ok && un.word == s
}

func latinBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	c := text[i-1]
	return c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
}

func latinAfter(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
