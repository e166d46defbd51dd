package chart

import (
	"math"
)

// Ticks returns evenly spaced "nice" values (a step of 1, 2 or 5 times a
// power of ten) that cover [lo, hi], at most max of them (max ≥ 2; three
// when the interval has zero inside it), and the step. When the interval contains zero, zero is a tick: a bar chart's
// baseline is always labelled. The ticks are exact multiples of the step,
// rounded to the step's decimals, so they print without float noise.
func Ticks(lo, hi float64, max int) ([]float64, float64) {
	if max < 2 {
		max = 2
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		// A single value: the interval from zero to it.
		switch {
		case lo > 0:
			lo = 0
		case lo < 0:
			hi = 0
		default:
			hi = 1
		}
	}
	if lo < 0 && hi > 0 && max < 3 {
		max = 3 // below zero, zero, above zero
	}
	span := hi - lo
	// Start from a step that gives about max-1 intervals, then grow it
	// through 1, 2, 5 × 10^k until the ticks fit in max.
	exp := math.Floor(math.Log10(span / float64(max-1)))
	for i := 0; i < 40; i++ {
		for _, m := range []float64{1, 2, 5} {
			step := m * math.Pow(10, exp)
			first := math.Floor(lo/step + 1e-9)
			last := math.Ceil(hi/step - 1e-9)
			if int(last-first)+1 <= max {
				return tickValues(first, last, step), step
			}
		}
		exp++
	}
	return []float64{lo, hi}, hi - lo // unreachable for finite input
}

func tickValues(first, last, step float64) []float64 {
	d := stepDecimals(step)
	var out []float64
	for k := first; k <= last; k++ {
		v := roundTo(k*step, d)
		if v == 0 {
			v = 0 // no negative zero
		}
		out = append(out, v)
	}
	return out
}

// stepDecimals is the number of decimals needed to print multiples of
// step, a nice step (1, 2 or 5 × 10^k): -k when k is negative.
func stepDecimals(step float64) int {
	if step <= 0 || math.IsInf(step, 0) || math.IsNaN(step) {
		return 0
	}
	k := int(math.Floor(math.Log10(step) + 1e-9))
	if k >= 0 {
		return 0
	}
	return -k
}

// linear maps a domain onto a range.
type linear struct {
	d0, d1 float64 // domain
	r0, r1 float64 // range
}

func (s linear) at(v float64) float64 {
	if s.d1 == s.d0 {
		return s.r0
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}
