package chart

import "math"

// progress draws, per row, the label, a track standing for the whole with
// the part done filled in, the percentage done in a column at the right
// (as the report states it), and under the bar the figures themselves.
func (f *frame) progress() float64 {
	s := f.spec
	const barH, gapLabel, rowGap, pctGap = 16.0, 1.0, 14.0, 8.0
	// The percentage column is as wide as its widest entry.
	pctW := 0.0
	maxFrac := 1.0
	for _, r := range s.Rows {
		if r.Percent != nil {
			pctW = math.Max(pctW, TextWidth(Format(*r.Percent, s.Lang, Scale{}), fontSize, true))
		}
		maxFrac = math.Max(maxFrac, fraction(r))
	}
	trackRight := f.x + f.width
	if pctW > 0 {
		trackRight -= pctW + pctGap
	}
	sc := linear{d0: 0, d1: maxFrac, r0: f.x, r1: trackRight}
	y := f.y
	for _, r := range s.Rows {
		lines := Wrap(r.Label, f.width, fontSize, r.Highlight)
		class := ""
		if r.Highlight {
			class = "hl"
		}
		textLines(f.w, f.x, y+ascent*fontSize, "start", fontSize, class, lines)
		y += blockHeight(len(lines), fontSize) + gapLabel
		box := (ascent + descent) * fontSize
		barTop := y + box/2 - barH/2
		f.w.leaf("rect", "class", "tr", "x", num(f.x), "y", num(barTop), "width", num(sc.at(1)-f.x), "height", num(barH))
		f.w.leaf("rect", "class", "f-"+s.colour(0), "x", num(f.x), "y", num(barTop), "width", num(sc.at(fraction(r))-f.x), "height", num(barH))
		if r.Percent != nil {
			textLines(f.w, f.x+f.width, y+ascent*fontSize, "end", fontSize, "v hl", []string{Format(*r.Percent, s.Lang, Scale{})})
		}
		y += box
		// The figures under the bar: the part of the whole, or the count
		// the percentage refers to.
		detail := f.format(r.Value)
		if r.Whole != nil {
			detail = f.ofWhole(r)
		}
		y = textBlock(f.w, f.x, y+2, f.width, detail, smallSize, false, "v mu")
		y += rowGap
	}
	return y - rowGap - f.y
}

// fraction is the share done: the part over the whole when both are
// known, else the stated percentage.
func fraction(r Row) float64 {
	if r.Whole != nil {
		return r.Value.Value / r.Whole.Value
	}
	return r.Percent.Value / 100
}

// ofWhole says "6168 / 7993个" or "6,168 of 7,993".
func (f *frame) ofWhole(r Row) string {
	if f.spec.Lang == "en" {
		return f.format(r.Value) + " of " + f.format(*r.Whole)
	}
	part := r.Value
	part.Unit = "" // the unit is said once, after the whole
	return f.format(part) + " / " + f.format(*r.Whole)
}
