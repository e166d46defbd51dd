package quantity

import (
	"fmt"
	"math/big"
	"strings"
)

// MismatchKind says how a Chinese and an English paragraph disagree.
type MismatchKind uint8

const (
	Missing   MismatchKind = iota // a published number has no counterpart in the English
	Extra                         // an English number has no counterpart in the Chinese
	Value                         // the counterpart's value differs (a wrong 万/亿, a typo)
	Unit                          // same digits, different unit class (% vs percentage points)
	Sign                          // a decrease became an increase, or lost its direction
	Qualifier                     // 约/近/超 was dropped, added or changed
)

var mismatchNames = [...]string{"missing in the English", "extra in the English", "value differs", "unit differs", "direction differs", "qualifier differs"}

func (k MismatchKind) String() string {
	if int(k) < len(mismatchNames) {
		return mismatchNames[k]
	}
	return "mismatch"
}

// Mismatch is one disagreement between a paragraph and its translation.
// Zh or En is nil when the number has no counterpart.
type Mismatch struct {
	Kind   MismatchKind
	Zh, En *Number
	Detail string // both readings and what to do, without positions
}

// comparable says whether a number takes part in the comparison: ordinals
// and months alone do not (Chinese writes ordinals in characters, English
// writes months as words); full dates (6月30日, June 30) do.
func comparable(n Number) bool {
	switch n.Kind {
	case Name:
		return true
	case Ordinal:
		return false
	case Date:
		return n.Value != nil && n.Value.Cmp(big.NewRat(100, 1)) >= 0
	}
	return n.Value != nil
}

// group is what must agree besides the value: years with years, ratio terms
// with ratio terms, names with names, quantities (and range ends) by class.
func group(n Number) string {
	switch {
	case n.Kind == Name:
		return "name"
	case n.Kind == Year || n.Class == CalendarYear:
		return "year"
	case n.Kind == Date:
		return "date"
	case n.Kind == RatioPart:
		return "ratio"
	case n.Class == AreaOrVolume || n.Class == Area || n.Class == Volume:
		return "quantity m² or m³"
	}
	return "quantity " + string(n.Class)
}

// sameGroup says whether two numbers are of one group; 方 (m² or m³)
// matches square and cubic metres, but square metres never match cubic.
func sameGroup(z, e Number) bool {
	if group(z) != group(e) {
		return false
	}
	if z.Class == Area && e.Class == Volume || z.Class == Volume && e.Class == Area {
		return false
	}
	return true
}

func sameValue(a, b Number) bool {
	if a.Kind == Name || b.Kind == Name {
		return a.Kind == b.Kind && a.Declared == b.Declared
	}
	return a.Value.Cmp(b.Value) == 0
}

// Compare checks that the numbers of an English paragraph are those of
// its Chinese original, as a multiset:
//
//   - quantities agree in unit class and exact value after conversion
//     (1712.60亿元 = RMB 171.26 billion; trailing zeros do not matter,
//     rounding does: "RMB 171.3 billion" is a mismatch, unless the English
//     says "about" and 171.3 is the correct rounding of 171.26);
//   - decreases stay decreases (下降13.1% is "fell by 13.1%" or "-13.1%",
//     never "rose 13.1%" nor a bare "13.1%"); an increase may be stated
//     without a word in English (增速2.4% is "growth of 2.4%");
//   - qualifiers keep their sense (超200 is "over 200", 近10 "nearly 10");
//   - years, ratio terms and range ends agree in value; declared names
//     occur on both sides; dates and ordinals are not compared.
//
// Numbers are paired in order of appearance. Mismatches come in the order
// of the Chinese numbers, then the English extras.
func Compare(zh, en []Number) []Mismatch {
	var zs, es []Number
	for _, n := range zh {
		if comparable(n) {
			zs = append(zs, n)
		}
	}
	for _, n := range en {
		if comparable(n) {
			es = append(es, n)
		}
	}
	zm := make([]int, len(zs)) // index+1 of the paired English number
	em := make([]bool, len(es))
	var out []Mismatch
	pair := func(i, j int) { zm[i], em[j] = j+1, true }

	// 1. Same value and unit: prefer a counterpart that also keeps the
	// direction and qualifier, so that a flipped sign is reported on the
	// right number.
	for _, strict := range []bool{true, false} {
		for i, z := range zs {
			if zm[i] != 0 {
				continue
			}
			for j, e := range es {
				if em[j] || !sameGroup(z, e) || !sameValue(z, e) {
					continue
				}
				if strict && (signProblem(z, e) != "" || qualifierProblem(z, e) != "") {
					continue
				}
				pair(i, j)
				break
			}
		}
	}
	// 2. "about" figures that round the published value correctly.
	for i, z := range zs {
		if zm[i] != 0 || z.Kind == Name {
			continue
		}
		for j, e := range es {
			if !em[j] && e.Approx == About && sameGroup(z, e) && roundsTo(z.Value, e.Value, e.step) {
				pair(i, j)
				break
			}
		}
	}
	// 3. Pair what is left for a helpful message: a power of ten off, the
	// same value in another unit, the same digits, or the next one of the
	// same unit. Then report, in the order of the Chinese numbers.
	type cand func(z, e Number) bool
	for _, ok := range []cand{
		func(z, e Number) bool { return sameGroup(z, e) && powerOfTen(z.Value, e.Value) != 0 },
		func(z, e Number) bool { return z.Kind != Name && e.Kind != Name && z.Value.Cmp(e.Value) == 0 },
		func(z, e Number) bool { return z.Kind != Name && e.Kind != Name && sameDigits(z, e) },
		func(z, e Number) bool { return sameGroup(z, e) && z.Kind != Name },
	} {
		for i, z := range zs {
			if zm[i] != 0 {
				continue
			}
			for j, e := range es {
				if !em[j] && ok(z, e) {
					pair(i, j)
					zm[i] = -(j + 1) // paired, but as a mismatch
					break
				}
			}
		}
	}
	for i := range zs {
		z := zs[i]
		switch j := zm[i]; {
		case j == 0:
			out = append(out, Mismatch{Kind: Missing, Zh: &z, Detail: fmt.Sprintf("published %s has no counterpart in the English paragraph: translate it%s", z.Reading(), expectHint(z))})
		case j < 0:
			e := es[-j-1]
			out = append(out, differ(z, e))
		default:
			e := es[j-1]
			if p := signProblem(z, e); p != "" {
				out = append(out, Mismatch{Kind: Sign, Zh: &z, En: &e, Detail: fmt.Sprintf("direction differs: published %s; English: %s (%s)", z.Reading(), e.Reading(), p)})
			} else if p := qualifierProblem(z, e); p != "" {
				out = append(out, Mismatch{Kind: Qualifier, Zh: &z, En: &e, Detail: fmt.Sprintf("qualifier differs: published %s; English: %s (%s)", z.Reading(), e.Reading(), p)})
			}
		}
	}
	for j, e := range es {
		if !em[j] {
			e := e
			out = append(out, Mismatch{Kind: Extra, En: &e, Detail: fmt.Sprintf("English %s has no counterpart in the published paragraph: remove it, or write it as the original does (in words, if the original uses characters)", e.Reading())})
		}
	}
	return out
}

func differ(z, e Number) Mismatch {
	m := Mismatch{Zh: &z, En: &e}
	both := fmt.Sprintf("published: %s; English: %s", z.Reading(), e.Reading())
	switch {
	case !sameGroup(z, e) && z.Kind != Name && e.Kind != Name && z.Value.Cmp(e.Value) == 0:
		m.Kind = Unit
		m.Detail = fmt.Sprintf("unit differs: %s (%s is not %s)", both, unitName(z), unitName(e))
	case !sameGroup(z, e):
		m.Kind = Unit
		m.Detail = fmt.Sprintf("unit differs: %s", both)
	default:
		m.Kind = Value
		hint := ""
		if k := powerOfTen(z.Value, e.Value); k != 0 {
			f := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(k))), nil).String()
			size := "large"
			if k < 0 {
				size = "small"
			}
			hint = fmt.Sprintf(" (×%s off: the English is %s times too %s; check 万/亿 against thousand/million/billion)", f, f, size)
		} else if e.Approx != Exact && e.step != nil {
			hint = " (an approximate figure must be the published value correctly rounded)"
		} else if z.Kind != Name {
			hint = " (rounding is not allowed unless the English says \"about\")"
		}
		m.Detail = fmt.Sprintf("value differs: %s%s%s", both, hint, expectHint(z))
	}
	return m
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

func unitName(n Number) string {
	switch n.Kind {
	case Year, RatioPart, Name:
		return "a " + n.Kind.String()
	}
	switch n.Class {
	case Percent:
		return "a percentage"
	case PercentagePoint:
		return "percentage points"
	case Count:
		return "a count"
	}
	return string(n.Class)
}

// signProblem says what is wrong with the direction of a pair, if anything.
func signProblem(z, e Number) string {
	switch {
	case z.Direction == Down && e.Direction == Up:
		return "a decrease became an increase: write \"fell\", \"down\" or \"-\""
	case z.Direction == Down && e.Direction == NoDirection:
		return "the decrease is not stated: write \"fell by\", \"down\" or \"-\""
	case z.Direction != Down && e.Direction == Down:
		return "the original states no decrease"
	}
	return ""
}

// qualifierProblem: 约/近/超 must keep their sense; an English "about"
// may qualify an exact figure.
func qualifierProblem(z, e Number) string {
	switch {
	case z.Approx == e.Approx:
		return ""
	case z.Approx == Exact && e.Approx == About:
		return ""
	case e.Approx == Exact:
		return fmt.Sprintf("the English drops %q (%s)", z.ApproxWord, z.Approx)
	case z.Approx == Exact:
		return fmt.Sprintf("the original is exact; the English adds %q", e.ApproxWord)
	}
	return fmt.Sprintf("%q (%s) is not %q (%s)", z.ApproxWord, z.Approx, e.ApproxWord, e.Approx)
}

// roundsTo says whether approx is exact rounded to step (|exact-approx| ≤ step/2).
func roundsTo(exact, approx, step *big.Rat) bool {
	if step == nil || exact == nil || approx == nil {
		return false
	}
	d := new(big.Rat).Sub(exact, approx)
	d.Abs(d)
	half := new(big.Rat).Mul(step, big.NewRat(1, 2))
	return d.Cmp(half) <= 0
}

// powerOfTen returns k when e = z × 10^k exactly (k ≠ 0), else 0.
func powerOfTen(z, e *big.Rat) int {
	if z == nil || e == nil || z.Sign() == 0 || e.Sign() == 0 {
		return 0
	}
	q := new(big.Rat).Quo(e, z)
	for k := 1; k <= 18; k++ {
		p := pow10(int64(k))
		if q.Cmp(p) == 0 {
			return k
		}
		if new(big.Rat).Mul(q, p).Cmp(one) == 0 {
			return -k
		}
	}
	return 0
}

func sameDigits(z, e Number) bool {
	norm := func(s string) string {
		s = strings.ReplaceAll(s, ",", "")
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return norm(z.Digits) == norm(e.Digits)
}

// expectHint suggests the English for a published number.
func expectHint(z Number) string {
	if s := English(z); s != "" {
		return fmt.Sprintf(" (expected: %s)", s)
	}
	return ""
}

// English writes a published number the way the English edition does:
// "RMB 171.26 billion", "624,600", "4.5%", "2.3 percentage points",
// "12,000 mu". It returns "" for names (their English form is declared).
func English(z Number) string {
	if z.Value == nil || z.Kind == Name {
		return ""
	}
	v := z.Value
	prefix := ""
	switch z.Direction {
	case Down:
		prefix = "down "
	}
	switch z.Approx {
	case About:
		prefix += "about "
	case Nearly:
		prefix += "nearly "
	case Over:
		prefix += "over "
	}
	if z.Kind == Year || z.Class == CalendarYear {
		return v.RatString()
	}
	if z.Kind == Date {
		if md := v.Num().Int64(); v.IsInt() && md/100 >= 1 && md/100 <= 12 {
			return fmt.Sprintf("%s %d", enMonths[md/100-1], md%100)
		}
		return ""
	}
	scaled := func(v *big.Rat) string {
		for _, m := range []struct {
			w string
			k int64
		}{{"billion", 9}, {"million", 6}} {
			if new(big.Rat).Abs(v).Cmp(pow10(m.k)) >= 0 {
				return FormatRat(new(big.Rat).Quo(v, pow10(m.k))) + " " + m.w
			}
		}
		return FormatRat(v)
	}
	switch z.Class {
	case CNY:
		return prefix + "RMB " + scaled(v)
	case USD:
		return prefix + "USD " + scaled(v)
	case CNYPerMonth:
		return prefix + "RMB " + FormatRat(v) + " per month"
	case Percent:
		return prefix + FormatRat(v) + "%"
	case PercentagePoint:
		return prefix + FormatRat(v) + " percentage points"
	case Area:
		if strings.HasSuffix(z.Unit, "亩") {
			return prefix + FormatRat(new(big.Rat).Quo(v, big.NewRat(2000, 3))) + " mu"
		}
		if strings.Contains(z.Unit, "公里") || strings.Contains(z.Unit, "千米") {
			return prefix + FormatRat(new(big.Rat).Quo(v, pow10(6))) + " square kilometres"
		}
		return prefix + FormatRat(v) + " square metres"
	case Length:
		if strings.Contains(z.Unit, "公里") || strings.Contains(z.Unit, "千米") {
			return prefix + FormatRat(new(big.Rat).Quo(v, pow10(3))) + " km"
		}
		return prefix + FormatRat(v) + " metres"
	case Count:
		if z.Kind == RatioPart {
			return FormatRat(v)
		}
		return prefix + scaled(v)
	}
	return prefix + FormatRat(v) + " " + string(z.Class)
}
