package chart

import "math"

// composition draws one bar split into its parts in proportion, each part
// labelled above with its name and value (joined to it by a leader line
// when the label had to move aside), and the whole below.
func (f *frame) composition() float64 {
	s := f.spec
	const barH, leader, labelGap = 30.0, 10.0, 8.0
	sum := 0.0
	for _, r := range s.Rows {
		sum += r.Value.Value
	}
	n := len(s.Rows)
	// Part boundaries.
	xs := make([]float64, n+1)
	cum := 0.0
	xs[0] = f.x
	for i, r := range s.Rows {
		cum += r.Value.Value
		xs[i+1] = f.x + cum/sum*f.width
	}
	// Labels: the name, wrapped, then the value in bold.
	maxW := math.Max(90, f.width/float64(n)-labelGap)
	labels := make([]label, n)
	for i, r := range s.Rows {
		lines := Wrap(r.Label, maxW, fontSize, false)
		v := f.format(r.Value)
		w := TextWidth(v, fontSize, true)
		for _, l := range lines {
			w = math.Max(w, TextWidth(l, fontSize, false))
		}
		labels[i] = label{lines: lines, value: v, w: w, h: blockHeight(len(lines)+1, fontSize), want: (xs[i] + xs[i+1]) / 2}
	}
	tiers := dodge(labels, f.x, f.x+f.width, labelGap)
	tierH := 0.0
	for _, l := range labels {
		tierH = math.Max(tierH, l.h)
	}
	barTop := f.y + float64(tiers)*(tierH+6) - 6 + leader
	for _, l := range labels {
		bottom := barTop - leader - float64(l.tier)*(tierH+6)
		top := bottom - l.h
		cx := l.left + l.w/2
		base := top + ascent*fontSize
		f.w.open("text", "x", num(cx), "y", num(base), "text-anchor", "middle")
		for j, line := range l.lines {
			dy := ""
			if j > 0 {
				dy = num(lineGap * fontSize)
			}
			f.w.elem("tspan", line, "x", num(cx), "dy", dy)
		}
		dy := ""
		if len(l.lines) > 0 {
			dy = num(lineGap * fontSize)
		}
		f.w.elem("tspan", l.value, "x", num(cx), "dy", dy, "class", "v hl")
		f.w.close()
		// The leader starts under the label, as near the part's centre as
		// the label allows.
		lx := math.Min(math.Max(l.want, l.left+4), l.left+l.w-4)
		f.w.leaf("path", "class", "ld", "d", "M"+num(lx)+" "+num(bottom+1)+"L"+num(l.want)+" "+num(barTop-1))
	}
	for i := range s.Rows {
		// Parts are separated by a 2-unit gap of background, so that
		// neighbouring colours never touch.
		left, right := xs[i], xs[i+1]
		if i > 0 {
			left++
		}
		if i < n-1 {
			right--
		}
		f.w.leaf("rect", "class", "f-"+s.colour(i), "x", num(left), "y", num(barTop), "width", num(math.Max(right-left, 0.5)), "height", num(barH))
	}
	y := barTop + barH
	if s.Total != nil {
		text := f.format(*s.Total)
		if s.TotalLbl != "" {
			sep := "："
			if s.Lang == "en" {
				sep = ": "
			}
			text = s.TotalLbl + sep + text
		}
		y = textBlock(f.w, f.x, y+6, f.width, text, fontSize, false, "v")
	}
	return y - f.y
}

// label is a text box to place along a line.
type label struct {
	lines []string
	value string
	w, h  float64
	want  float64 // preferred centre
	left  float64 // placed left edge
	tier  int     // 0 is nearest the marks
}

// dodge places labels along [lo, hi] as near their preferred centres as
// they can be without overlapping: in one row if they fit, else spread over
// as few rows (tiers) as needed, taking turns. It returns the number of tiers.
func dodge(ls []label, lo, hi, gap float64) int {
	for tiers := 1; tiers <= len(ls); tiers++ {
		ok := true
		for t := 0; t < tiers; t++ {
			var idx []int
			for i := range ls {
				if i%tiers == t {
					idx = append(idx, i)
				}
			}
			ok = placeRow(ls, idx, lo, hi, gap) && ok
		}
		if ok {
			for i := range ls {
				ls[i].tier = i % tiers
			}
			return tiers
		}
	}
	for i := range ls { // every label in its own tier always fits when narrower than the line
		ls[i].tier = i
		ls[i].left = math.Min(math.Max(ls[i].want-ls[i].w/2, lo), hi-ls[i].w)
	}
	return len(ls)
}

// placeRow places the labels idx (in order along the line) in one row and
// reports whether they fit.
func placeRow(ls []label, idx []int, lo, hi, gap float64) bool {
	prev := lo - gap
	for _, i := range idx {
		l := &ls[i]
		l.left = math.Max(math.Min(math.Max(l.want-l.w/2, lo), hi-l.w), prev+gap)
		prev = l.left + l.w
	}
	next := hi + gap
	for k := len(idx) - 1; k >= 0; k-- {
		l := &ls[idx[k]]
		l.left = math.Min(l.left, next-gap-l.w)
		next = l.left
	}
	return next >= lo-0.01
}
