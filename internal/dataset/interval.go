package dataset

import (
	"math"
	"strconv"
)

// Interval is the set of true values a written figure allows. The report
// rounds: 1712.60亿元 stands for anything in [1712.595, 1712.605]亿元, half
// a unit of the last written decimal either way. Relations are checked by
// carrying these intervals through the arithmetic, so the tolerance is the
// one the report's own rounding allows, no more.
type Interval struct{ Lo, Hi float64 }

// halfUnit is half a unit of the last decimal written in text.
func halfUnit(text string) float64 { return 0.5 * math.Pow(10, -float64(Decimals(text))) }

// intervalOf returns the interval of a written figure in base units
// (value × multiplier), widened to infinity on the open side of a bound.
func intervalOf(v float64, text string, mult float64, lower, upper bool) Interval {
	h := halfUnit(text)
	iv := Interval{(v - h) * mult, (v + h) * mult}
	if lower {
		iv.Hi = math.Inf(1)
	}
	if upper {
		iv.Lo = math.Inf(-1)
	}
	return iv
}

func (a Interval) add(b Interval) Interval { return Interval{a.Lo + b.Lo, a.Hi + b.Hi} }
func (a Interval) sub(b Interval) Interval { return Interval{a.Lo - b.Hi, a.Hi - b.Lo} }
func (a Interval) scale(k float64) Interval {
	if k < 0 {
		return Interval{a.Hi * k, a.Lo * k}
	}
	return Interval{a.Lo * k, a.Hi * k}
}

// div divides by an interval that does not contain zero.
func (a Interval) div(b Interval) (Interval, bool) {
	if b.Lo <= 0 && b.Hi >= 0 {
		return Interval{}, false
	}
	qs := []float64{a.Lo / b.Lo, a.Lo / b.Hi, a.Hi / b.Lo, a.Hi / b.Hi}
	lo, hi := qs[0], qs[0]
	for _, q := range qs[1:] {
		lo, hi = math.Min(lo, q), math.Max(hi, q)
	}
	return Interval{lo, hi}, true
}

// overlaps reports whether two intervals share a value. A relative slack
// of 1e-9 absorbs the float error of the arithmetic itself, which is far
// below any rounding a report writes.
func (a Interval) overlaps(b Interval) bool {
	eps := 1e-9 * math.Max(1, math.Max(math.Abs(a.Lo), math.Abs(b.Hi)))
	return a.Lo <= b.Hi+eps && b.Lo <= a.Hi+eps
}

func (a Interval) contains(x float64) bool { return a.overlaps(Interval{x, x}) }

// mid is the middle of the interval.
func (a Interval) mid() float64 { return (a.Lo + a.Hi) / 2 }

// format writes the interval for people: "135.195 – 135.205", with
// enough decimals to tell its ends apart.
func (a Interval) format(decimals int) string {
	if math.IsInf(a.Hi, 1) {
		return "≥ " + strconv.FormatFloat(a.Lo, 'f', decimals, 64)
	}
	if math.IsInf(a.Lo, -1) {
		return "≤ " + strconv.FormatFloat(a.Hi, 'f', decimals, 64)
	}
	return strconv.FormatFloat(a.Lo, 'f', decimals, 64) + " – " + strconv.FormatFloat(a.Hi, 'f', decimals, 64)
}
