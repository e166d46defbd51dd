package chart

import (
	"fmt"
	"strings"
)

// Describe is the chart's <desc>: a sentence in the chart's language that
// says what kind of chart it is, what it shows, and every figure in it, so
// that a reader who cannot see it loses nothing.
func Describe(s Spec) string {
	zh := s.Lang != "en"
	var items []string
	pos, neg := 0, 0
	for _, r := range s.Rows {
		v := s.Format(r.Value)
		switch {
		case s.Kind == Dumbbell && r.Before != nil:
			if zh {
				items = append(items, fmt.Sprintf("%s由%s变为%s", r.Label, s.Format(*r.Before), v))
			} else {
				items = append(items, fmt.Sprintf("%s from %s to %s", r.Label, s.Format(*r.Before), v))
			}
		case s.Kind == Progress:
			items = append(items, progressItem(s, r, zh))
		case zh:
			items = append(items, r.Label+v)
		default:
			items = append(items, r.Label+" "+v)
		}
		if r.Value.Value > 0 {
			pos++
		} else if r.Value.Value < 0 {
			neg++
		}
	}
	list := strings.Join(items, "；")
	if !zh {
		list = strings.Join(items, "; ")
	}
	var b strings.Builder
	switch {
	case zh:
		fmt.Fprintf(&b, "%s：%s。", kindNameZh[s.Kind], s.Title)
		if s.Kind == Diverging {
			fmt.Fprintf(&b, "%d项中%d项增长、%d项下降。", len(s.Rows), pos, neg)
		}
		b.WriteString(list)
		if s.Kind == Composition && s.Total != nil {
			fmt.Fprintf(&b, "；合计%s", s.Format(*s.Total))
		}
		b.WriteString("。")
		if s.Kind == Bars && len(s.Rows) > 1 {
			hi, lo := extremes(s.Rows)
			fmt.Fprintf(&b, "最大为%s（%s），最小为%s（%s）。", hi.Label, s.Format(hi.Value), lo.Label, s.Format(lo.Value))
		}
	default:
		fmt.Fprintf(&b, "%s: %s. ", kindNameEn[s.Kind], s.Title)
		if s.Kind == Diverging {
			fmt.Fprintf(&b, "%d of %d grew and %d fell. ", pos, len(s.Rows), neg)
		}
		b.WriteString(list)
		if s.Kind == Composition && s.Total != nil {
			fmt.Fprintf(&b, "; total %s", s.Format(*s.Total))
		}
		b.WriteString(".")
		if s.Kind == Bars && len(s.Rows) > 1 {
			hi, lo := extremes(s.Rows)
			fmt.Fprintf(&b, " The largest is %s (%s), the smallest %s (%s).", hi.Label, s.Format(hi.Value), lo.Label, s.Format(lo.Value))
		}
	}
	return b.String()
}

var kindNameZh = map[Kind]string{
	Diverging: "正负条形图", Bars: "条形图", Composition: "构成条形图", Progress: "进度条图", Dumbbell: "前后对比点图",
}

var kindNameEn = map[Kind]string{
	Diverging: "Bar chart of rises and falls", Bars: "Bar chart", Composition: "Stacked bar of parts of a whole",
	Progress: "Progress bars", Dumbbell: "Before and after dot plot",
}

func progressItem(s Spec, r Row, zh bool) string {
	var parts []string
	if r.Percent != nil {
		parts = append(parts, Format(*r.Percent, s.Lang, Scale{}))
	}
	f := &frame{spec: &s, sc: s.scale()}
	if r.Whole != nil {
		parts = append(parts, f.ofWhole(r))
	} else {
		parts = append(parts, f.format(r.Value))
	}
	if zh {
		if len(parts) == 2 {
			return fmt.Sprintf("%s完成%s（%s）", r.Label, parts[0], parts[1])
		}
		return r.Label + "完成" + parts[0]
	}
	if len(parts) == 2 {
		return fmt.Sprintf("%s: %s done (%s)", r.Label, parts[0], parts[1])
	}
	return r.Label + ": " + parts[0] + " done"
}

// extremes returns the rows with the largest and the smallest value (the
// first of equals).
func extremes(rows []Row) (hi, lo Row) {
	hi, lo = rows[0], rows[0]
	for _, r := range rows[1:] {
		if r.Value.Value > hi.Value.Value {
			hi = r
		}
		if r.Value.Value < lo.Value.Value {
			lo = r
		}
	}
	return hi, lo
}
