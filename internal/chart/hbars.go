package chart

import "math"

// hbars draws horizontal bars from zero, one row per figure: the label
// above its bar, the value at the bar's end (outside it), a zero line, and
// ticks below. Bars are horizontal so that long labels, in either
// language, get the full width. Negative bars extend left of zero.
func (f *frame) hbars() float64 {
	s := f.spec
	const barH, gapLabel, rowGap, valueGap = 16.0, 1.0, 13.0, 5.0
	values := make([]float64, len(s.Rows))
	valueText := make([]string, len(s.Rows))
	valueW := make([]float64, len(s.Rows))
	lo, hi := 0.0, 0.0
	for i, r := range s.Rows {
		values[i] = r.Value.Value
		valueText[i] = f.format(r.Value)
		valueW[i] = TextWidth(valueText[i], fontSize, true)
		lo, hi = math.Min(lo, values[i]), math.Max(hi, values[i])
	}
	ax := f.fitAxis(lo, hi, func(a *axis) [][2]float64 {
		var spans [][2]float64
		for i, v := range values {
			x := a.at(v)
			if v < 0 {
				spans = append(spans, [2]float64{x - valueGap - valueW[i], x})
			} else {
				spans = append(spans, [2]float64{x, x + valueGap + valueW[i]})
			}
		}
		return spans
	})

	y := f.y
	type rowGeom struct{ barTop float64 }
	geoms := make([]rowGeom, len(s.Rows))
	for i, r := range s.Rows {
		lines := Wrap(r.Label, f.width, fontSize, r.Highlight)
		class := ""
		if r.Highlight {
			class = "hl"
		}
		f.text(f.x, y+ascent*fontSize, "start", fontSize, class, r.Highlight, lines)
		y += blockHeight(len(lines), fontSize) + gapLabel
		geoms[i].barTop = y
		// The value's text box is taller than the bar; centre the bar on it.
		valueBox := (ascent + descent) * fontSize
		mid := y + valueBox/2
		barTop := mid - barH/2
		x0, x1 := ax.at(0), ax.at(values[i])
		left, w := math.Min(x0, x1), math.Abs(x1-x0)
		col := s.colour(0)
		if s.Kind == Diverging && values[i] < 0 {
			col = s.colour(1)
		}
		f.w.leaf("rect", "class", "f-"+col, "x", num(left), "y", num(barTop), "width", num(w), "height", num(barH))
		base := y + ascent*fontSize
		cls := "v hl"
		if values[i] < 0 {
			f.text(x1-valueGap, base, "end", fontSize, cls, true, []string{valueText[i]})
		} else {
			f.text(x1+valueGap, base, "start", fontSize, cls, true, []string{valueText[i]})
		}
		y += valueBox + rowGap
	}
	plotBottom := y - rowGap + 4
	return f.drawAxis(ax, geoms[0].barTop-4, plotBottom) - f.y
}
