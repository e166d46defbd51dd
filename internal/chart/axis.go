package chart

import "math"

// axis is a value axis: a linear scale whose domain ends on ticks.
type axis struct {
	linear
	ticks    []float64
	decimals int
	labels   []string
	labelW   []float64
}

// fitAxis makes an axis for values in [lo, hi] (it includes zero when the
// values do) and fits it into the frame's width: spans returns, for a
// trial axis, the horizontal extent of every mark with its label, and the
// range narrows until those and the tick labels all lie inside. It uses as
// many ticks (at most six) as fit without their labels touching.
func (f *frame) fitAxis(lo, hi float64, spans func(*axis) [][2]float64) axis {
	first := f.spec.Rows[0].Value
	var best axis
	for max := 6; max >= 2; max-- {
		ticks, step := Ticks(lo, hi, max)
		a := axis{ticks: ticks, decimals: stepDecimals(step)}
		for _, t := range ticks {
			l := TickLabel(t, first, f.spec.Lang, f.sc, a.decimals)
			a.labels = append(a.labels, l)
			a.labelW = append(a.labelW, TextWidth(l, smallSize, false))
		}
		a.linear = linear{d0: ticks[0], d1: ticks[len(ticks)-1], r0: f.x, r1: f.x + f.width}
		// Narrowing one end moves every mark, so repeat until nothing
		// sticks out (or the plot would become too narrow to read).
		for range 50 {
			overL, overR := 0.0, 0.0
			for _, sp := range spans(&a) {
				overL = math.Max(overL, f.x-sp[0])
				overR = math.Max(overR, sp[1]-(f.x+f.width))
			}
			for i, t := range a.ticks {
				x := a.at(t)
				overL = math.Max(overL, f.x-(x-a.labelW[i]/2))
				overR = math.Max(overR, x+a.labelW[i]/2-(f.x+f.width))
			}
			if overL < 0.05 && overR < 0.05 || a.r1-a.r0 < f.width/4 {
				break
			}
			a.r0 += math.Max(overL, 0)
			a.r1 -= math.Max(overR, 0)
		}
		best = a
		if a.ticksFit() {
			return a
		}
	}
	return best
}

// ticksFit says whether neighbouring tick labels leave a gap between them.
func (a *axis) ticksFit() bool {
	for i := 1; i < len(a.ticks); i++ {
		if a.at(a.ticks[i])-a.at(a.ticks[i-1]) < (a.labelW[i]+a.labelW[i-1])/2+8 {
			return false
		}
	}
	return true
}

// drawAxis draws the grid lines and the zero line from top to bottom, the
// tick labels below them and the unit caption, and returns the bottom.
func (f *frame) drawAxis(a axis, top, bottom float64) float64 {
	// Grid lines go behind the marks; the zero line goes over them, so that
	// a bar's start is visible.
	for _, t := range a.ticks {
		x := a.at(t)
		w, class := f.back, "gr"
		if t == 0 {
			w, class = f.w, "ax"
		}
		d := ""
		for _, seg := range f.openSegments(x, top, bottom) {
			d += "M" + num(x) + " " + num(seg[0]) + "V" + num(seg[1])
		}
		if d != "" {
			w.leaf("path", "class", class, "d", d)
		}
	}

	base := bottom + 3 + ascent*smallSize
	for i, t := range a.ticks {
		textLines(f.w, a.at(t), base, "middle", smallSize, "mu", []string{a.labels[i]})
	}
	y := base + descent*smallSize
	if u := AxisUnit(f.spec.Rows[0].Value, f.spec.Lang, f.sc); u != "" {
		cap := "单位：" + u
		if f.spec.Lang == "en" {
			cap = "Unit: " + u
		}
		y = textBlock(f.w, f.x, y+3, f.width, cap, smallSize, false, "mu")
	}
	return y
}

// openSegments splits the vertical line at x from top to bottom into the
// pieces that do not cross a label (with a little air around it).
func (f *frame) openSegments(x, top, bottom float64) [][2]float64 {
	const air = 3.0
	segs := [][2]float64{{top, bottom}}
	for _, b := range f.texts {
		if x < b.x0-air || x > b.x1+air {
			continue
		}
		var next [][2]float64
		for _, s := range segs {
			if b.y1+air <= s[0] || b.y0-air >= s[1] {
				next = append(next, s)
				continue
			}
			if b.y0-air > s[0] {
				next = append(next, [2]float64{s[0], b.y0 - air})
			}
			if b.y1+air < s[1] {
				next = append(next, [2]float64{b.y1 + air, s[1]})
			}
		}
		segs = next
	}
	var out [][2]float64
	for _, s := range segs {
		if s[1]-s[0] >= 1 {
			out = append(out, s)
		}
	}
	return out
}
