package quantity

import (
	"math/big"
	"strings"
)

// parseDecimal reads plain digits with an optional decimal point (no
// separators) exactly.
func parseDecimal(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil
	}
	return r
}

// pow10 returns 10^n as a rational.
func pow10(n int64) *big.Rat {
	return new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil))
}

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }

// FormatRat writes an exact value for people: thousands separators, the
// decimals the value has and no more ("171,260,000,000", "2.3"). A value
// without a finite decimal form (mu in m²) is shown to 3 decimals with ≈.
func FormatRat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	neg := r.Sign() < 0
	a := new(big.Rat).Abs(r)
	digits, exact := decimalDigits(a)
	s := digits
	if !exact {
		s = a.FloatString(3)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if !exact {
		b.WriteString("≈")
	}
	if neg {
		b.WriteString("-")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// decimalDigits returns the finite decimal expansion of a non-negative
// rational, without trailing zeros, if it has one.
func decimalDigits(a *big.Rat) (string, bool) {
	den := new(big.Int).Set(a.Denom())
	n := 0
	two, five, ten := big.NewInt(2), big.NewInt(5), big.NewInt(10)
	for z := new(big.Int); ; {
		if den.Cmp(big.NewInt(1)) == 0 {
			break
		}
		switch {
		case z.Mod(den, two).Sign() == 0:
			den.Div(den, two)
		case z.Mod(den, five).Sign() == 0:
			den.Div(den, five)
		default:
			return "", false
		}
		n++
	}
	// a × 10^n is an integer.
	scaled := new(big.Int).Mul(a.Num(), new(big.Int).Exp(ten, big.NewInt(int64(n)), nil))
	scaled.Div(scaled, a.Denom())
	s := scaled.String()
	if n == 0 {
		return s, true
	}
	for len(s) <= n {
		s = "0" + s
	}
	s = s[:len(s)-n] + "." + s[len(s)-n:]
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s, true
}

// digitRun is a number as written: ASCII or full-width digits, thousands
// separators (a comma followed by exactly three digits), a decimal point.
type digitRun struct {
	start, end int    // byte offsets in the text
	written    string // text[start:end]
	plain      string // ASCII digits and '.', separators removed
	grouped    bool   // written with thousands separators
	intDigits  int    // digits before the decimal point
	decimals   int    // digits after the decimal point
}

// digitAt returns the ASCII digit of the rune at text[i] (ASCII or
// full-width) and its byte length; ok is false for anything else.
func digitAt(text string, i int) (d byte, size int, ok bool) {
	if i >= len(text) || i < 0 {
		return 0, 0, false
	}
	c := text[i]
	if c >= '0' && c <= '9' {
		return c, 1, true
	}
	// Full-width digits ０-９ are U+FF10..U+FF19: EF BC 90..99.
	if c == 0xEF && i+2 < len(text) && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99 {
		return '0' + (text[i+2] - 0x90), 3, true
	}
	return 0, 0, false
}

func isDigitAt(text string, i int) bool { _, _, ok := digitAt(text, i); return ok }

// digitsFrom reads consecutive digits from i.
func digitsFrom(text string, i int) (plain string, end int) {
	var b strings.Builder
	for {
		d, n, ok := digitAt(text, i)
		if !ok {
			return b.String(), i
		}
		b.WriteByte(d)
		i += n
	}
}

// digitRuns finds every number written in digits in text, in order.
func digitRuns(text string) []digitRun {
	var runs []digitRun
	for i := 0; i < len(text); {
		if !isDigitAt(text, i) {
			i++
			continue
		}
		start := i
		first, j := digitsFrom(text, i)
		plain := first
		grouped := false
		// Thousands separators: only after a first group of 1-3 digits,
		// each followed by exactly three digits and then no digit.
		if len(first) <= 3 {
			for j+4 <= len(text) && (text[j] == ',') {
				g, k := digitsFrom(text, j+1)
				if len(g) != 3 || k-(j+1) != 3 {
					break
				}
				plain += g
				grouped = true
				j = k
			}
		}
		intDigits := len(plain)
		decimals := 0
		if j+1 < len(text) && text[j] == '.' && isDigitAt(text, j+1) {
			frac, k := digitsFrom(text, j+1)
			plain += "." + frac
			decimals = len(frac)
			j = k
		}
		runs = append(runs, digitRun{start: start, end: j, written: text[start:j], plain: plain, grouped: grouped, intDigits: intDigits, decimals: decimals})
		i = j
	}
	return runs
}

// stepOf is the value of one unit in the last written digit of r, scaled.
// The trailing zeros of a whole number are taken as rounding: "about 170
// billion" may round 171.26 billion.
func stepOf(r digitRun, factor *big.Rat) *big.Rat {
	st := new(big.Rat).Inv(pow10(int64(r.decimals)))
	if r.decimals == 0 {
		digits := strings.ReplaceAll(r.plain, ",", "")
		zeros := len(digits) - len(strings.TrimRight(digits, "0"))
		if zeros == len(digits) {
			zeros = 0
		}
		st = pow10(int64(zeros))
	}
	if factor != nil {
		st.Mul(st, factor)
	}
	return st
}

// fullDate is the value of a date with its day: month×100 + day (630 for
// 6月30日 and June 30), so that full dates compare as numbers.
func fullDate(month, day *big.Rat) *big.Rat {
	if month == nil || day == nil {
		return month
	}
	v := new(big.Rat).Mul(month, big.NewRat(100, 1))
	return v.Add(v, day)
}
