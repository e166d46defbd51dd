package quantity

import (
	"math/big"
	"strings"
)

var enMultipliers = []struct {
	word   string
	factor *big.Rat
}{
	{"hundred million", pow10(8)}, {"trillion", pow10(12)}, {"billion", pow10(9)}, {"million", pow10(6)}, {"thousand", pow10(3)},
}

// enUnits are read after the number (and its multiplier), longest first.
// A unit that starts with a letter must end at a word boundary.
var enUnits = []unit{
	u("percentage points", PercentagePoint, one), u("percentage point", PercentagePoint, one),
	u("%", Percent, one), u("％", Percent, one), u("percent", Percent, one), u("per cent", Percent, one),
	u("yuan per month", CNYPerMonth, one), u("yuan a month", CNYPerMonth, one), u("yuan/month", CNYPerMonth, one),
	u("yuan", CNY, one), u("US dollars", USD, one), u("dollars", USD, one),
	u("square metres", Area, one), u("square meters", Area, one), u("square metre", Area, one), u("square meter", Area, one),
	u("sq m", Area, one), u("m²", Area, one), u("m2", Area, one),
	u("square kilometres", Area, pow10(6)), u("square kilometers", Area, pow10(6)), u("square kilometre", Area, pow10(6)), u("square kilometer", Area, pow10(6)),
	u("sq km", Area, pow10(6)), u("km²", Area, pow10(6)), u("km2", Area, pow10(6)),
	u("hectares", Area, pow10(4)), u("hectare", Area, pow10(4)), u("mu", Area, big.NewRat(2000, 3)),
	u("cubic metres", Volume, one), u("cubic meters", Volume, one), u("m³", Volume, one),
	u("kilometres", Length, pow10(3)), u("kilometers", Length, pow10(3)), u("kilometre", Length, pow10(3)), u("kilometer", Length, pow10(3)), u("km", Length, pow10(3)),
	u("metres", Length, one), u("meters", Length, one), u("metre", Length, one), u("meter", Length, one),
	u("tonnes", Mass, one), u("tonne", Mass, one), u("tons", Mass, one), u("ton", Mass, one),
	u("kilowatts", Power, one), u("kW", Power, one), u("megawatts", Power, pow10(3)), u("MW", Power, pow10(3)),
	u("times", Multiple, one), u("-fold", Multiple, one),
	u("years", Duration, one), u("year", Duration, one), u("-year", Duration, one),
	u("days", Days, one), u("day", Days, one), u("-day", Days, one),
	u("hours", Hours, one), u("hour", Hours, one), u("-hour", Hours, one),
	u("months", Class("months"), one), u("month", Class("months"), one), u("-month", Class("months"), one),
}

var enPerMonth = []string{" per person per month", " per person a month", " per month", " a month", "/month"}

var enCurrencies = []struct {
	word  string
	class Class
}{
	{"RMB ", CNY}, {"RMB", CNY}, {"CNY ", CNY}, {"¥", CNY}, {"USD ", USD}, {"US$ ", USD}, {"US$", USD}, {"$", USD},
}

var enApproxBefore = []struct {
	word string
	a    Approx
}{
	{"approximately", About}, {"about", About}, {"around", About}, {"roughly", About}, {"some", About},
	{"nearly", Nearly}, {"almost", Nearly}, {"close to", Nearly},
	{"up to", AtMost}, {"at most", AtMost}, {"no more than", AtMost}, {"not exceeding", AtMost}, {"within", AtMost},
	{"more than", Over}, {"over", Over}, {"above", Over}, {"at least", Over}, {"in excess of", Over},
	{"upwards of", Over}, {"exceeding", Over}, {"exceeded", Over}, {"exceeds", Over}, {"exceed", Over}, {"no fewer than", Over}, {"no less than", Over}, {"a further", Exact},
}

var enApproxAfter = []struct {
	word string
	a    Approx
}{
	{" or more", Over}, {" or above", Over}, {" and above", Over}, {" or so", About}, {" or less", AtMost}, {" or below", AtMost},
}

var enMonths = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var (
	enUpWords = map[string]bool{"up": true, "rose": true, "risen": true, "rise": true, "rising": true, "grew": true, "grown": true,
		"grow": true, "growing": true, "growth": true, "increase": true, "increased": true, "increasing": true, "increases": true,
		"higher": true, "gain": true, "gained": true, "climbed": true, "jumped": true, "rebounded": true, "picked": true}
	enDownWords = map[string]bool{"down": true, "fell": true, "fallen": true, "fall": true, "falling": true, "declined": true,
		"decline": true, "declining": true, "decreased": true, "decrease": true, "decreasing": true, "dropped": true, "drop": true,
		"dropping": true, "lower": true, "reduced": true, "reduction": true, "shrank": true, "contracted": true, "slid": true, "slipped": true}
	// Words that may stand between a direction word and its number:
	// "fell by 13.1%", "a year-on-year increase of 4.5%".
	enFillers = map[string]bool{"by": true, "of": true, "a": true, "an": true, "year-on-year": true, "further": true, "total": true}
)

// ScanEn returns every number written in digits in an English paragraph's
// plain text, in order: "RMB 171.26 billion" (CNY, ×10⁹), "624,600",
// "1.25 million", "4.5%", "2.3 percentage points", "12,000 mu",
// "1.9:49.6:48.5", "2022-2023", "June 30" (Date), "20th" (Ordinal). A bare
// four-digit number from 1900 to 2100 without separators or a unit is a
// Year (counts of a thousand or more are written with separators). The
// direction comes from a word just before the number ("rose by", "down",
// "a decrease of") or just after it ("a 13.1% decline"), or a minus sign.
// "over" just before a number means "more than", as a reader takes it:
// "take over 261 points" reads as an approximation and must be rephrased.
func ScanEn(text string) []Number {
	runs := digitRuns(text)
	var out []Number
	for i := 0; i < len(runs); {
		r := runs[i]
		if latinBefore(text, r.start) && !currencyGlued(text, r.start) {
			i++
			continue
		}
		if latinAfter(text, r.end) {
			w := letters(text, r.end)
			switch {
			case (w == "st" || w == "nd" || w == "rd" || w == "th") && r.decimals == 0 && !r.grouped:
				out = append(out, Number{Start: r.start, End: r.end + 2, DigitStart: r.start, Digits: r.written, Unit: w, Value: parseDecimal(r.plain), Class: Rank, Kind: Ordinal, Text: text[r.start : r.end+2]})
				i++
				continue
			case w == "km" || w == "m" || w == "mu" || w == "kW" || w == "MW":
				// a unit written without a space
			default:
				i++ // an identifier: 5G, 3D
				continue
			}
		}
		if chain := enChain(text, runs, i, true); len(chain) >= 2 {
			start, end := chain[0].start, chain[len(chain)-1].end
			for _, c := range chain {
				out = append(out, Number{Start: start, End: end, DigitStart: c.start, Digits: c.written, Value: parseDecimal(c.plain), Class: Count, Kind: RatioPart, Text: text[start:end], step: stepOf(c, nil)})
			}
			i += len(chain)
			continue
		}
		if chain := enChain(text, runs, i, false); len(chain) >= 2 {
			n := readEn(text, chain[len(chain)-1])
			// The words before the range belong to it; the dash is no minus.
			first := readEn(text, chain[0])
			n.Direction = first.Direction
			if n.Approx == Exact {
				n.Approx, n.ApproxWord = first.Approx, first.ApproxWord
			}
			start := first.Start
			for _, c := range chain {
				m := n.Number
				m.Start, m.DigitStart, m.Digits, m.Kind = start, c.start, c.written, RangePart
				m.Value = parseDecimal(c.plain)
				m.step = stepOf(c, n.factor)
				if n.Kind == Year {
					m.Class = CalendarYear
				} else if n.Kind == Date {
					m.Kind = Date
				} else if m.Value != nil {
					m.Value = mul(m.Value, n.factor)
				}
				m.Text = text[start:m.End]
				out = append(out, m)
			}
			i += len(chain)
			continue
		}
		out = append(out, readEn(text, r).Number)
		i++
	}
	return out
}

// enChain returns the runs from i joined by a ratio colon (ratio) or a
// range dash.
func enChain(text string, runs []digitRun, i int, ratio bool) []digitRun {
	chain := []digitRun{runs[i]}
	for j := i; j+1 < len(runs); j++ {
		gap := text[runs[j].end:runs[j+1].start]
		ok := false
		if ratio {
			ok = strings.TrimSpace(gap) == ":" || strings.TrimSpace(gap) == "："
		} else {
			g := gap
			if len(chain) == 1 {
				g = strings.TrimPrefix(g, "%")
			}
			ok = g == "-" || g == "–" || g == "—"
		}
		if !ok {
			break
		}
		chain = append(chain, runs[j+1])
	}
	return chain
}

func readEn(text string, r digitRun) scanned {
	n := Number{Start: r.start, End: r.end, DigitStart: r.start, Digits: r.written, Class: Count, Kind: Quantity}
	factor := new(big.Rat).Set(one)
	start := r.start
	// Currency before: RMB 171.26 billion.
	for _, c := range enCurrencies {
		if strings.HasSuffix(text[:start], c.word) && (c.word[0] < 'A' || start-len(c.word) == 0 || !isWordByte(text[start-len(c.word)-1])) {
			start -= len(c.word)
			n.Class = c.class
			break
		}
	}
	if start > 0 && (text[start-1] == '-' || strings.HasSuffix(text[:start], "−")) {
		sz := 1
		if text[start-1] != '-' {
			sz = len("−")
		}
		if start-sz == 0 || !isWordByte(text[start-sz-1]) && text[start-sz-1] != '-' {
			start -= sz
			n.Direction = Down
		}
	}
	p := r.end
	unitStart := p
	afterSpace := func(s string) (int, bool) {
		q := p
		if strings.HasPrefix(text[q:], " ") {
			q++
		}
		if strings.HasPrefix(text[q:], s) && (len(s) == 0 || !isLetter(s[len(s)-1]) || q+len(s) >= len(text) || !isWordByte(text[q+len(s)])) {
			return q + len(s), true
		}
		return p, false
	}
	for _, m := range enMultipliers {
		if q, ok := afterSpace(m.word); ok {
			p = q
			factor = mul(factor, m.factor)
			break
		}
	}
	if n.Class == Count {
		if un, e, ok := matchEnUnit(text, p); ok {
			p = e
			n.Class, factor = un.class, mul(factor, un.factor)
		}
	}
	if n.Class == CNY {
		for _, w := range enPerMonth {
			if strings.HasPrefix(text[p:], w) {
				p += len(w)
				n.Class = CNYPerMonth
				break
			}
		}
	}
	n.Unit = strings.TrimSpace(text[unitStart:p])
	if n.Class == CNY || n.Class == USD || n.Class == CNYPerMonth {
		if start < r.start {
			n.Unit = strings.TrimSpace(strings.TrimSuffix(text[start:r.start], "-")) + " " + n.Unit
			n.Unit = strings.TrimSpace(n.Unit)
		}
	}
	n.End = p
	plainInt := r.decimals == 0 && !r.grouped && factor.Cmp(one) == 0 && n.Class == Count && start == r.start
	switch {
	case plainInt && r.intDigits <= 2 && monthBefore(text, r.start) != "":
		m := monthBefore(text, r.start)
		n.Kind, n.Class = Date, Calendar
		start = strings.LastIndex(text[:r.start], m)
		n.Value = fullDate(big.NewRat(int64(monthNumber(m)), 1), parseDecimal(r.plain))
	case plainInt && r.intDigits <= 2 && monthAfter(text, r.end):
		m := monthAfterWord(text, r.end)
		n.Kind, n.Class = Date, Calendar
		n.End = r.end + 1 + len(m)
		n.Value = fullDate(big.NewRat(int64(monthNumber(m)), 1), parseDecimal(r.plain))
	case plainInt && r.intDigits == 4 && isYearish(r.plain):
		n.Kind, n.Class = Year, CalendarYear
	}
	if n.Kind == Quantity {
		for _, w := range enApproxAfter {
			if strings.HasPrefix(text[n.End:], w.word) {
				n.Approx, n.ApproxWord = w.a, strings.TrimSpace(w.word)
				n.End += len(w.word)
				break
			}
		}
		before := text[:start]
		for _, w := range enApproxBefore {
			b := strings.TrimRight(before, " ")
			if hasWordSuffix(b, w.word) {
				start = len(b) - len(w.word)
				if w.a != Exact && n.Approx == Exact {
					n.Approx, n.ApproxWord = w.a, w.word
				}
				break
			}
		}
		if n.Direction == NoDirection {
			n.Direction = enDirectionBefore(text[:start])
		}
		if n.Direction == NoDirection {
			n.Direction = enDirectionAfter(text[n.End:])
		}
	}
	n.Start = start
	if n.Kind != Date {
		n.Value = parseDecimal(r.plain)
	}
	if n.Value != nil && n.Kind == Quantity {
		n.Value = mul(n.Value, factor)
	}
	n.Text = text[n.Start:n.End]
	n.step = stepOf(r, factor)
	return scanned{n, factor}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func letters(text string, i int) string {
	j := i
	for j < len(text) && isLetter(text[j]) {
		j++
	}
	return text[i:j]
}

// currencyGlued: RMB10 billion.
func currencyGlued(text string, i int) bool {
	return strings.HasSuffix(text[:i], "RMB") || strings.HasSuffix(text[:i], "USD") || strings.HasSuffix(text[:i], "US$")
}

// hasWordSuffix says whether s ends with the word w, in any case.
func hasWordSuffix(s, w string) bool {
	if len(s) < len(w) || !strings.EqualFold(s[len(s)-len(w):], w) {
		return false
	}
	k := len(s) - len(w)
	return k == 0 || !isWordByte(s[k-1])
}

// monthBefore returns the month name just before i ("June 30"), if any.
func monthBefore(text string, i int) string {
	b := strings.TrimSuffix(text[:i], " ")
	if len(b) == i {
		return ""
	}
	for _, m := range enMonths {
		if hasWordSuffix(b, strings.ToLower(m)) && strings.HasSuffix(b, m) {
			return m
		}
	}
	return ""
}

func monthNumber(name string) int {
	for k, m := range enMonths {
		if m == name {
			return k + 1
		}
	}
	return 0
}

func monthAfterWord(text string, i int) string {
	if !strings.HasPrefix(text[i:], " ") {
		return ""
	}
	rest := text[i+1:]
	for _, m := range enMonths {
		if strings.HasPrefix(rest, m) && (len(rest) == len(m) || !isWordByte(rest[len(m)])) {
			return m
		}
	}
	return ""
}

func monthAfter(text string, i int) bool { return monthAfterWord(text, i) != "" }

// enWordsBackward returns up to n lower-case words before end, nearest first,
// stopping at punctuation other than a hyphen.
func enWordsBackward(s string, n int) []string {
	var words []string
	i := len(s)
	for len(words) < n {
		for i > 0 && s[i-1] == ' ' {
			i--
		}
		j := i
		for j > 0 && (isWordByte(s[j-1]) || s[j-1] == '-') {
			j--
		}
		if j == i {
			break
		}
		words = append(words, strings.ToLower(s[j:i]))
		i = j
	}
	return words
}

func enDirectionBefore(s string) Direction {
	words := enWordsBackward(s, 6)
	for k, w := range words {
		if enFillers[w] || w == "year" && k+2 < len(words) && words[k+1] == "on" && words[k+2] == "year" {
			continue
		}
		if w == "on" && k > 0 && words[k-1] == "year" {
			continue
		}
		if w == "year" && k > 0 && words[k-1] == "on" {
			continue
		}
		switch {
		case enDownWords[w]:
			return Down
		case enUpWords[w]:
			if w == "growth" && k+1 < len(words) && words[k+1] == "negative" {
				return Down
			}
			return Up
		}
		return NoDirection
	}
	return NoDirection
}

// enDirectionAfter reads "a 13.1% decline", "13.1% lower".
func enDirectionAfter(s string) Direction {
	s = strings.TrimLeft(s, " ")
	for _, f := range []string{"year-on-year ", "year on year "} {
		s = strings.TrimPrefix(s, f)
	}
	j := 0
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	w := strings.ToLower(s[:j])
	switch w {
	case "decline", "decrease", "drop", "fall", "reduction", "lower":
		return Down
	case "increase", "rise", "growth", "higher":
		return Up
	}
	return NoDirection
}

// matchEnUnit reads the longest unit at p: "%" and "-fold" glued to the
// number, words after one space (or glued, for km, m, mu, kW, MW), ending at
// a word boundary.
func matchEnUnit(text string, p int) (unit, int, bool) {
	var best unit
	end, found := 0, false
	for _, un := range enUnits {
		q := p
		glued := un.word[0] == '%' || un.word[0] == '-' || strings.HasPrefix(un.word, "％")
		switch {
		case glued:
		case strings.HasPrefix(text[q:], " "):
			q++
		case un.word == "km" || un.word == "m" || un.word == "mu" || un.word == "kW" || un.word == "MW" || un.word == "m²" || un.word == "km²":
		default:
			continue
		}
		if !strings.HasPrefix(text[q:], un.word) {
			continue
		}
		e := q + len(un.word)
		if isLetter(un.word[len(un.word)-1]) && e < len(text) && (isWordByte(text[e]) || text[e] == '-') {
			continue
		}
		if !found || len(un.word) > len(best.word) {
			best, end, found = un, e, true
		}
	}
	return best, end, found
}
