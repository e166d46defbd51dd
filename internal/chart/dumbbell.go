package chart

import "math"

// dumbbell draws, per row, a hollow dot at the before value and a filled
// dot at the after value joined by an arrow, each labelled on its outer
// side; a legend above says which is which by shape as well as colour.
// The axis need not start at zero: the change is the subject, and the
// tick labels state where the axis starts.
func (f *frame) dumbbell() float64 {
	s := f.spec
	const rowGap, gapLabel, dotR, valueGap = 13.0, 1.0, 5.5, 9.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range s.Rows {
		for _, n := range []Number{*r.Before, r.Value} {
			lo, hi = math.Min(lo, n.Value), math.Max(hi, n.Value)
		}
	}
	// Each label sits on the outer side of its dot: the smaller value's
	// label to the left. For fitting, a value left of the other counts
	// as "negative" (its label extends left).
	type placed struct {
		v     float64
		text  string
		w     float64
		left  bool
		after bool
	}
	var marks [][2]placed
	for _, r := range s.Rows {
		b, a := *r.Before, r.Value
		// The values go without their unit, which the axis caption names:
		// long labels would squeeze the axis and the change it shows.
		pb := placed{v: b.Value, text: FormatBare(b, s.Lang, f.sc), left: b.Value <= a.Value}
		pa := placed{v: a.Value, text: FormatBare(a, s.Lang, f.sc), left: a.Value < b.Value, after: true}
		pb.w = TextWidth(pb.text, fontSize, false)
		pa.w = TextWidth(pa.text, fontSize, true)
		marks = append(marks, [2]placed{pb, pa})
	}
	// The domain covers the data with a little room, not necessarily zero.
	pad := (hi - lo) * 0.05
	dlo, dhi := lo-pad, hi+pad
	if lo >= 0 && dlo < 0 {
		dlo = 0
	}
	ax := f.fitAxis(dlo, dhi, func(a *axis) [][2]float64 {
		var spans [][2]float64
		for _, m := range marks {
			for _, p := range m {
				x := a.at(p.v)
				if p.left {
					spans = append(spans, [2]float64{x - dotR - valueGap + 4 - p.w, x})
				} else {
					spans = append(spans, [2]float64{x, x + dotR + valueGap - 4 + p.w})
				}
			}
		}
		return spans
	})

	y := f.legend(s.Legend, dotR)
	top := y
	for i, r := range s.Rows {
		lines := Wrap(r.Label, f.width, fontSize, r.Highlight)
		class := ""
		if r.Highlight {
			class = "hl"
		}
		f.text(f.x, y+ascent*fontSize, "start", fontSize, class, r.Highlight, lines)
		y += blockHeight(len(lines), fontSize) + gapLabel
		box := (ascent + descent) * fontSize
		mid := y + box*0.4
		xb, xa := ax.at(marks[i][0].v), ax.at(marks[i][1].v)
		col := s.colour(0)
		// The arrow runs from the before dot to the edge of the after dot.
		dir := 1.0
		if xa < xb {
			dir = -1
		}
		if math.Abs(xa-xb) > 2*dotR+6 {
			tip := xa - dir*(dotR+1)
			f.w.leaf("path", "class", "s-"+col, "stroke-width", "2", "d", "M"+num(xb+dir*dotR)+" "+num(mid)+"H"+num(tip))
			f.w.leaf("path", "class", "f-"+col, "d", "M"+num(tip)+" "+num(mid)+"l"+num(-dir*6)+" -4v8z")
		}
		// The hollow before dot goes on top, so that it shows even where
		// a small change makes the dots overlap.
		f.w.leaf("circle", "class", "f-"+col, "cx", num(xa), "cy", num(mid), "r", num(dotR))
		f.w.leaf("circle", "class", "dot0", "cx", num(xb), "cy", num(mid), "r", num(dotR))
		base := y + ascent*fontSize
		for _, p := range marks[i] {
			x := ax.at(p.v)
			cls := "v"
			if p.after {
				cls = "v hl"
			}
			if p.left {
				f.text(x-dotR-valueGap+4, base, "end", fontSize, cls, p.after, []string{p.text})
			} else {
				f.text(x+dotR+valueGap-4, base, "start", fontSize, cls, p.after, []string{p.text})
			}
		}
		y += box + rowGap
	}
	return f.drawAxis(ax, top, y-rowGap+2) - f.y
}

// legend draws "○ before  ● after" at the top and returns where rows start.
func (f *frame) legend(names [2]string, r float64) float64 {
	if names[0] == "" && names[1] == "" {
		return f.y
	}
	base := f.y + ascent*smallSize
	mid := base - 0.35*smallSize
	x := f.x + r + 1
	f.w.leaf("circle", "class", "dot0", "cx", num(x), "cy", num(mid), "r", num(r))
	x += r + 5
	textLines(f.w, x, base, "start", smallSize, "mu", []string{names[0]})
	x += TextWidth(names[0], smallSize, false) + 16 + r
	f.w.leaf("circle", "class", "f-"+f.spec.colour(0), "cx", num(x), "cy", num(mid), "r", num(r))
	x += r + 5
	textLines(f.w, x, base, "start", smallSize, "mu", []string{names[1]})
	return base + descent*smallSize + 10
}
