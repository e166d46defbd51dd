package chart

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestTicksProperties checks, over many intervals of every magnitude and
// sign, that ticks are nice and honest: the step is 1, 2 or 5 times a power
// of ten; ticks are equally spaced multiples of it; they cover the
// interval, with at most one step to spare at each end; there are at most
// max of them (and at least two); zero is a tick whenever the interval
// contains it; and each prints without float noise.
func TestTicksProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: the test is repeatable
	for i := 0; i < 20000; i++ {
		exp := rng.IntN(16) - 6
		span := math.Pow(10, float64(exp))
		a := (rng.Float64()*2 - 1) * span * 10
		b := (rng.Float64()*2 - 1) * span * 10
		if rng.IntN(4) == 0 {
			a = 0 // bar charts always include zero
		}
		max := 2 + rng.IntN(9)
		checkTicks(t, a, b, max)
	}
	// Edge cases.
	for _, c := range [][2]float64{{0, 0}, {5, 5}, {-3, -3}, {0, 1e-9}, {-47.15, 33.3}, {0, 14050}, {1180, 2853}, {54.7, 69.5}, {0, 100}, {-0.001, 0.001}} {
		for max := 2; max <= 8; max++ {
			checkTicks(t, c[0], c[1], max)
		}
	}
}

func checkTicks(t *testing.T, a, b float64, max int) {
	t.Helper()
	ticks, step := Ticks(a, b, max)
	lo, hi := math.Min(a, b), math.Max(a, b)
	limit := max
	if lo < 0 && hi > 0 && limit < 3 {
		limit = 3
	}
	if len(ticks) < 2 || len(ticks) > limit {
		t.Fatalf("Ticks(%v, %v, %d) = %v: %d ticks", a, b, max, ticks, len(ticks))
	}
	m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-12))
	if math.Abs(m-1) > 1e-9 && math.Abs(m-2) > 1e-9 && math.Abs(m-5) > 1e-9 {
		t.Fatalf("Ticks(%v, %v, %d): step %v is not 1, 2 or 5 × 10^k", a, b, max, step)
	}
	if lo != hi {
		if ticks[0] > lo+1e-9*math.Abs(lo) || ticks[len(ticks)-1] < hi-1e-9*math.Abs(hi) {
			t.Fatalf("Ticks(%v, %v, %d) = %v does not cover the interval", a, b, max, ticks)
		}
		if ticks[0] < lo-step*(1+1e-9) || ticks[len(ticks)-1] > hi+step*(1+1e-9) {
			t.Fatalf("Ticks(%v, %v, %d) = %v wastes more than a step", a, b, max, ticks)
		}
	}
	hasZero := false
	for i, v := range ticks {
		if i > 0 && math.Abs(v-ticks[i-1]-step) > 1e-9*math.Max(step, math.Abs(v)) {
			t.Fatalf("Ticks(%v, %v, %d) = %v: uneven spacing", a, b, max, ticks)
		}
		if k := v / step; math.Abs(k-math.Round(k)) > 1e-6 {
			t.Fatalf("Ticks(%v, %v, %d): %v is not a multiple of %v", a, b, max, v, step)
		}
		if s := strconv.FormatFloat(v, 'f', -1, 64); len(s) > 24 {
			t.Fatalf("Ticks(%v, %v, %d): tick %s prints with float noise", a, b, max, s)
		}
		hasZero = hasZero || v == 0
	}
	if lo <= 0 && hi >= 0 && !hasZero {
		t.Fatalf("Ticks(%v, %v, %d) = %v: zero is in the interval but not a tick", a, b, max, ticks)
	}
}

// TestTicksPreferMore: with room for six ticks, the common intervals get a
// readable number of them.
func TestTicksPreferMore(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []float64
	}{
		{-47.15, 33.3, []float64{-60, -40, -20, 0, 20, 40}},
		{0, 14050, []float64{0, 5000, 10000, 15000}},
		{0, 100, []float64{0, 20, 40, 60, 80, 100}},
	} {
		got, _ := Ticks(c.lo, c.hi, 6)
		if len(got) != len(c.want) {
			t.Errorf("Ticks(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("Ticks(%v, %v) = %v, want %v", c.lo, c.hi, got, c.want)
				break
			}
		}
	}
}

// TestAxisTickLabelsDoNotTouch: the axis fitting drops ticks until their
// labels have room, for long English currency labels in a narrow frame.
func TestAxisTickLabelsDoNotTouch(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, s := range samples(lang) {
			if s.Kind != Bars && s.Kind != Diverging && s.Kind != Dumbbell {
				continue
			}
			f := &frame{x: 0, y: 0, width: 200, spec: &s, sc: s.scale()}
			lo, hi := 0.0, 0.0
			for _, r := range s.Rows {
				lo, hi = math.Min(lo, r.Value.Value), math.Max(hi, r.Value.Value)
			}
			a := f.fitAxis(lo, hi, func(*axis) [][2]float64 { return nil })
			if !a.ticksFit() {
				t.Errorf("%s %s: tick labels %v touch in 200 units", s.ID, lang, a.labels)
			}
		}
	}
}
