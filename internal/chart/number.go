package chart

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Number is a figure as the report states it.
type Number struct {
	Value      float64 // signed: a fall of 13.1% is -13.1
	Text       string  // the digits as written, unsigned ("1712.60"); empty: taken from Value
	Unit       string  // as written in Chinese: 亿元, %, 个百分点, 亩, 元/月, 家…
	UnitEn     string  // the English unit of the dataset: CNY, %, mu, enterprises…
	Multiplier float64 // Value × Multiplier is in base units (亿 → 1e8); 0 means 1
}

// unitKind says how a unit is printed in English.
type unitKind int

const (
	plainUnit    unitKind = iota // a term of a ratio: the number alone
	percentUnit                  // 4.5%
	pointsUnit                   // 2.3 pp
	currencyUnit                 // RMB 171.26 bn
	measureUnit                  // 8,357.86 mu
	countUnit                    // 3,715 (the noun goes in the axis caption)
)

// measures maps the dataset's English units of measure to their symbols.
var measures = map[string]string{
	"mu": "mu", "km": "km", "square km": "km²", "square metres": "m²",
}

func (n Number) kind() unitKind {
	switch {
	case n.Unit == "%":
		return percentUnit
	case n.Unit == "个百分点":
		return pointsUnit
	case strings.Contains(n.Unit, "元"):
		return currencyUnit
	case measures[n.UnitEn] != "":
		return measureUnit
	case n.Unit == "":
		return plainUnit
	}
	return countUnit
}

// exp10 is log10 of the multiplier; multipliers are powers of ten.
func (n Number) exp10() (int, error) {
	m := n.Multiplier
	if m == 0 {
		m = 1
	}
	e := math.Round(math.Log10(m))
	if math.Abs(math.Pow(10, e)-m) > 1e-9*m {
		return 0, fmt.Errorf("multiplier %v is not a power of ten", n.Multiplier)
	}
	return int(e), nil
}

// digits is the unsigned exact decimal of the figure.
func (n Number) digits() (decimal, error) {
	d := decimalOf(math.Abs(n.Value))
	if n.Text == "" {
		return d, nil
	}
	t, ok := parseDecimal(n.Text)
	if !ok {
		return d, fmt.Errorf("%q is not a number", n.Text)
	}
	if !t.equal(d) {
		return d, fmt.Errorf("the digits %q do not equal the value %v", n.Text, n.Value)
	}
	return t, nil
}

// Check reports a figure that cannot be printed exactly.
func (n Number) Check() error {
	if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
		return fmt.Errorf("value %v is not a finite number", n.Value)
	}
	if _, err := n.exp10(); err != nil {
		return err
	}
	_, err := n.digits()
	return err
}

// Scale is the power of ten English labels of an axis are printed in
// (RMB bn = 9). Every value on one axis uses its scale, so they compare.
type Scale struct {
	exp    int    // base-unit exponent of one printed unit
	prefix string // "RMB "
	suffix string // " bn"
}

// ScaleFor chooses the English scale for figures sharing a unit: billions
// or millions of yuan when the largest is that big.
func ScaleFor(ns []Number) Scale {
	if len(ns) == 0 {
		return Scale{}
	}
	n := ns[0]
	switch n.kind() {
	case currencyUnit:
		e, _ := n.exp10()
		max := 0.0
		for _, m := range ns {
			max = math.Max(max, math.Abs(m.Value))
		}
		base := max * math.Pow(10, float64(e))
		s := Scale{prefix: "RMB "}
		switch {
		case base >= 1e9:
			s.exp, s.suffix = 9, " bn"
		case base >= 1e6:
			s.exp, s.suffix = 6, " mn"
		}
		if strings.HasSuffix(n.Unit, "/月") {
			s.suffix += "/month"
		}
		return s
	}
	return Scale{}
}

// Format prints the figure in lang ("zh" or "en"). Chinese keeps the
// report's digits and unit (1712.60亿元); English converts to its
// conventions (RMB 171.26 bn, 624,600, 8,357.86 mu). A negative figure
// takes a minus sign (−13.1%).
func Format(n Number, lang string, sc Scale) string {
	d, sign := n.magnitude()
	if lang != "en" {
		text := n.Text
		if text == "" {
			text = d.format(false)
		}
		return sign + text + n.Unit
	}
	e, _ := n.exp10()
	switch n.kind() {
	case percentUnit:
		return sign + d.format(true) + "%"
	case pointsUnit:
		return sign + d.format(true) + " pp"
	case currencyUnit:
		return sign + sc.prefix + d.shift(e-sc.exp).format(true) + sc.suffix
	case measureUnit:
		return sign + d.shift(e).format(true) + " " + measures[n.UnitEn]
	case plainUnit:
		return sign + d.format(true)
	}
	return sign + d.shift(e).format(true)
}

// magnitude is the figure's digits without sign (as written when they
// parse, else from its value) and the sign to print before them.
func (n Number) magnitude() (d decimal, sign string) {
	d, err := n.digits()
	if err != nil {
		d = decimalOf(math.Abs(n.Value))
	}
	if n.Value < 0 {
		sign = "−"
	}
	return d, sign
}

// FormatBare prints the figure's number as Format does, without its unit
// (a percentage keeps its sign %): for labels on an axis whose caption
// names the unit (AxisUnit).
func FormatBare(n Number, lang string, sc Scale) string {
	d, sign := n.magnitude()
	pct := ""
	if n.kind() == percentUnit {
		pct = "%"
	}
	if lang != "en" {
		text := n.Text
		if text == "" {
			text = d.format(false)
		}
		return sign + text + pct
	}
	return sign + n.bareEnglish(d, sc).format(true) + pct
}

// bareEnglish shifts d, given in n's unit, to the English unit that
// AxisUnit names (RMB billions, mu, units).
func (n Number) bareEnglish(d decimal, sc Scale) decimal {
	e, _ := n.exp10()
	switch n.kind() {
	case currencyUnit:
		return d.shift(e - sc.exp)
	case measureUnit, countUnit:
		return d.shift(e)
	}
	return d
}

// AxisUnit is the caption naming the unit of an axis, "" when the tick
// labels carry it (percentages).
func AxisUnit(n Number, lang string, sc Scale) string {
	k := n.kind()
	if k == percentUnit || k == plainUnit {
		return ""
	}
	if lang != "en" {
		return n.Unit
	}
	switch k {
	case pointsUnit:
		return "percentage points"
	case currencyUnit:
		return strings.TrimSpace(sc.prefix) + strings.Replace(sc.suffix, " /", "/", 1)
	case measureUnit:
		return measures[n.UnitEn]
	}
	return n.UnitEn
}

// TickLabel prints an axis value given in the unit of n.
func TickLabel(v float64, n Number, lang string, sc Scale, decimals int) string {
	sign := ""
	if v < 0 {
		sign = "−"
	}
	d := decimalOf(roundTo(math.Abs(v), decimals))
	pct := ""
	if n.kind() == percentUnit {
		pct = "%"
	}
	if lang != "en" {
		return sign + d.format(false) + pct
	}
	return sign + n.bareEnglish(d, sc).format(true) + pct
}

// decimal is an exact unsigned decimal: digits × 10^exp, digits without
// leading zeros ("" is zero).
type decimal struct {
	digits string
	exp    int
}

func parseDecimal(s string) (decimal, bool) {
	if s == "" || strings.Count(s, ".") > 1 || s == "." {
		return decimal{}, false
	}
	whole, frac, _ := strings.Cut(s, ".")
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return decimal{}, false
		}
	}
	return decimal{digits: strings.TrimLeft(whole+frac, "0"), exp: -len(frac)}, true
}

func decimalOf(f float64) decimal {
	d, _ := parseDecimal(strconv.FormatFloat(math.Abs(f), 'f', -1, 64))
	return d
}

func (d decimal) shift(n int) decimal { d.exp += n; return d }

// norm drops trailing zeros.
func (d decimal) norm() decimal {
	for strings.HasSuffix(d.digits, "0") {
		d.digits = d.digits[:len(d.digits)-1]
		d.exp++
	}
	if d.digits == "" {
		d.exp = 0
	}
	return d
}

func (d decimal) equal(o decimal) bool { return d.norm() == o.norm() }

// format prints d; for English (group) with thousands separators and
// without trailing zeros after the point, for Chinese as the digits are.
func (d decimal) format(group bool) string {
	if group {
		d = d.norm()
	}
	digits, exp := d.digits, d.exp
	if digits == "" {
		digits = "0"
	}
	var whole, frac string
	switch {
	case exp >= 0:
		whole = digits + strings.Repeat("0", exp)
	case -exp >= len(digits):
		whole, frac = "0", strings.Repeat("0", -exp-len(digits))+digits
	default:
		whole, frac = digits[:len(digits)+exp], digits[len(digits)+exp:]
	}
	if whole != "0" && strings.TrimLeft(whole, "0") != "" {
		whole = strings.TrimLeft(whole, "0")
	}
	if group && len(whole) >= 4 {
		var b strings.Builder
		for i, r := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		whole = b.String()
	}
	if frac != "" {
		return whole + "." + frac
	}
	return whole
}
