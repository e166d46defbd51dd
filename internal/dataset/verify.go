package dataset

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

var (
	idRe        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seriesRe    = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)
	topicRe     = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	digitsRe    = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	percentKind = map[string]bool{"yoy_pct": true, "share_pct": true, "completion_pct": true, "rate": true}
)

// magnitudes are the multiplying prefixes of Chinese units, longest first:
// 1712.60亿元 is 1712.60 × 1e8 yuan.
var magnitudes = []struct {
	prefix string
	mult   float64
}{
	{"万亿", 1e12}, {"千亿", 1e11}, {"百亿", 1e10}, {"十亿", 1e9}, {"亿", 1e8},
	{"千万", 1e7}, {"百万", 1e6}, {"十万", 1e5}, {"万", 1e4},
}

// UnitMultiplier is the multiplier a unit as written implies: 亿元 → 1e8,
// 万平方米 → 1e4, 亩 → 1.
func UnitMultiplier(unit string) float64 {
	for _, m := range magnitudes {
		if strings.HasPrefix(unit, m.prefix) {
			return m.mult
		}
	}
	return 1
}

// Decimals is the number of decimals written in a figure: "1712.60" → 2.
func Decimals(text string) int {
	if i := strings.IndexByte(text, '.'); i >= 0 {
		return len(text) - i - 1
	}
	return 0
}

// recordFields maps each key of a record to the position of its value, for
// errors that point at the field to fix.
type recordFields map[string]srcpos.Pos

func fieldPositions(lines []string, rec srcpos.Pos) recordFields {
	out := recordFields{}
	for i := rec.Line; i < len(lines); i++ { // rec.Line is 1-based: lines[rec.Line] is the next line
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "[") {
			break
		}
		eq := strings.Index(lines[i], "=")
		if eq <= 0 || strings.HasPrefix(t, "#") {
			continue
		}
		key := strings.TrimSpace(lines[i][:eq])
		val := eq + 1
		for val < len(lines[i]) && lines[i][val] == ' ' {
			val++
		}
		out[key] = srcpos.Pos{File: rec.File, Line: i + 1, Col: utf8.RuneCountInString(lines[i][:val]) + 1}
	}
	return out
}

func (f recordFields) at(key string, rec srcpos.Pos) srcpos.Pos {
	if p, ok := f[key]; ok {
		return p
	}
	return rec
}

// wholeNumberAt reports whether s[i:j] is a whole number in s: not part of
// a longer run of digits, decimals or thousands separators ("13" is not a
// number in "2013" nor in "13.1" nor in "1.13").
func wholeNumberAt(s string, i, j int) bool {
	if i > 0 {
		c := s[i-1]
		if isDigit(c) {
			return false
		}
		if (c == '.' || c == ',') && i > 1 && isDigit(s[i-2]) {
			return false
		}
	}
	if j < len(s) {
		c := s[j]
		if isDigit(c) {
			return false
		}
		if (c == '.' || c == ',') && j+1 < len(s) && isDigit(s[j+1]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// wholeOccurrences returns the offsets at which num occurs in s as a whole
// number.
func wholeOccurrences(s, num string) []int {
	var out []int
	if num == "" {
		return nil
	}
	for from := 0; ; {
		k := strings.Index(s[from:], num)
		if k < 0 {
			return out
		}
		at := from + k
		if wholeNumberAt(s, at, at+len(num)) {
			out = append(out, at)
		}
		from = at + 1
	}
}

// occurrences returns every offset of sub in s (overlapping allowed).
func occurrences(s, sub string) []int {
	var out []int
	if sub == "" {
		return nil
	}
	for from := 0; ; {
		k := strings.Index(s[from:], sub)
		if k < 0 {
			return out
		}
		out = append(out, from+k)
		from += k + 1
	}
}

// verify checks every record's fields and its agreement with the text. It
// sets the computed fields (Decimals, offsets) of the records that pass.
func (d *Dataset) verify(src []byte) srcpos.List {
	var errs srcpos.List
	seen := map[string]srcpos.Pos{}
	lines := strings.Split(string(src), "\n")
	for _, in := range d.Indicators {
		fp := fieldPositions(lines, in.Pos)
		errf := func(key, format string, args ...any) {
			errs.Add(srcpos.Errorf(fp.at(key, in.Pos), src, format, args...))
		}
		label := in.ID
		if label == "" {
			label = "(no id)"
		}
		// Fields on their own.
		switch {
		case in.ID == "":
			errf("id", "indicator has no id: give it a stable id of lowercase letters, digits and hyphens")
		case !idRe.MatchString(in.ID):
			errf("id", "id %q: use lowercase letters, digits and single hyphens (it is part of the indicator's URL)", in.ID)
		default:
			if prev, dup := seen[in.ID]; dup {
				errf("id", "duplicate id %q (first used at %s): ids must be unique within a report", in.ID, prev)
			}
			seen[in.ID] = in.Pos
		}
		if !seriesRe.MatchString(in.Series) {
			errf("series", "%s: series %q: use lowercase letters, digits and single underscores (e.g. gdp_yoy); it names the indicator across reports", label, in.Series)
		}
		if strings.TrimSpace(in.NameZh) == "" {
			errf("name_zh", "%s: missing name_zh", label)
		}
		if strings.TrimSpace(in.NameEn) == "" {
			errf("name_en", "%s: missing name_en", label)
		}
		if !topicRe.MatchString(in.Topic) {
			errf("topic", "%s: topic %q: use lowercase words joined by hyphens (economy, social-assistance)", label, in.Topic)
		}
		if _, ok := Kinds[in.Kind]; !ok {
			errf("kind", "%s: unknown kind %q: use one of %s", label, in.Kind, strings.Join(KindOrder, ", "))
		}
		if !PeriodRe.MatchString(in.Period) {
			errf("period", "%s: period %q is not in the fixed form: 2023-H1, 2023-06-30, 2023, 2023-target, cumulative or ongoing", label, in.Period)
		}
		flagSeen := map[string]bool{}
		for _, f := range in.Flags {
			if _, ok := Flags[f]; !ok {
				errf("flags", "%s: unknown flag %q: use approximate, lower_bound, upper_bound, cumulative or planned", label, f)
			}
			if flagSeen[f] {
				errf("flags", "%s: flag %q is listed twice", label, f)
			}
			flagSeen[f] = true
		}
		if flagSeen["lower_bound"] && flagSeen["upper_bound"] {
			errf("flags", "%s: a figure cannot be both a lower and an upper bound", label)
		}
		if want := UnitMultiplier(in.Unit); in.Multiplier != want {
			errf("multiplier", "%s: multiplier = %g does not match unit %q, which implies %g", label, in.Multiplier, in.Unit, want)
		}
		if percentKind[in.Kind] && in.Unit != "%" {
			errf("unit", "%s: a %s figure is a percentage: unit must be \"%%\", not %q", label, in.Kind, in.Unit)
		}
		if in.Kind == "pp_change" && !strings.HasSuffix(in.Unit, "百分点") {
			errf("unit", "%s: a pp_change figure is in percentage points: unit must be \"个百分点\", not %q", label, in.Unit)
		}
		if in.Unit != "" && strings.TrimSpace(in.UnitEn) == "" {
			errf("unit_en", "%s: unit %q needs unit_en (CNY, mu, people…)", label, in.Unit)
		}
		if math.IsNaN(in.Value) || math.IsInf(in.Value, 0) {
			errf("value", "%s: value must be a finite number", label)
		}
		in.Decimals = Decimals(in.ValueText)
		in.BaseDecimals = Decimals(in.BaseText)
		in.QuoteOffset, in.ValueOffset, in.BaseOffset = -1, -1, -1

		// Agreement with the text.
		para := d.paragraphs[in.Paragraph]
		if para == nil {
			errf("paragraph", "%s: paragraph %q is not in the Chinese text of report %s: use the {#p…} id of the paragraph that states the figure", label, in.Paragraph, d.Report)
			continue
		}
		where := fmt.Sprintf("paragraph %s (%s)", para.ID, para.Start())
		if in.Quote == "" {
			errf("quote", "%s: missing quote: copy the words that state the figure from %s", label, where)
			continue
		}
		occ := occurrences(para.Text, in.Quote)
		switch len(occ) {
		case 0:
			errf("quote", "%s: quote %q does not occur verbatim in %s: copy it exactly from the text", label, in.Quote, where)
			continue
		case 1:
		default:
			errf("quote", "%s: quote %q occurs %d times in %s: lengthen it so that it says which one", label, in.Quote, len(occ), where)
			continue
		}
		in.QuoteOffset = occ[0]
		if !digitsRe.MatchString(in.ValueText) {
			errf("value_text", "%s: value_text %q must be the digits exactly as written (e.g. \"1712.60\")", label, in.ValueText)
			continue
		}
		vo := wholeOccurrences(in.Quote, in.ValueText)
		switch len(vo) {
		case 0:
			errf("value_text", "%s: value_text %q is not a whole number in the quote %q (%s)", label, in.ValueText, in.Quote, where)
			continue
		case 1:
		default:
			errf("value_text", "%s: value_text %q occurs %d times in the quote %q (%s): shorten the quote so that it holds the figure once", label, in.ValueText, len(vo), in.Quote, where)
			continue
		}
		in.ValueOffset = in.QuoteOffset + vo[0]
		written, _ := strconv.ParseFloat(in.ValueText, 64)
		if math.Abs(in.Value) != written {
			errf("value", "%s: value = %s but the text says %s (value_text in %s): |value| must equal the written figure", label, formatFloat(in.Value), in.ValueText, where)
		}
		dir := Direction(in.Quote, vo[0])
		switch {
		case dir.Sign < 0 && in.Value > 0:
			errf("value", "%s: value = %s is positive but the quote says %q before %s (%s): a decrease is negative, write value = -%s", label, formatFloat(in.Value), dir.Word, in.ValueText, where, in.ValueText)
		case dir.Sign >= 0 && in.Value < 0:
			why := "no decrease word (下降, 减少, 回落…) comes before it"
			if dir.Word != "" {
				why = fmt.Sprintf("the quote says %q before it", dir.Word)
			}
			errf("value", "%s: value = %s is negative but %s in the quote %q (%s)", label, formatFloat(in.Value), why, in.Quote, where)
		}

		// The comparison value, when stated.
		switch {
		case in.Base == nil && in.BaseText == "":
		case in.Base == nil || in.BaseText == "":
			errf("base", "%s: base and base_text go together: give both (the before value and its digits as written) or neither", label)
		case !digitsRe.MatchString(in.BaseText):
			errf("base_text", "%s: base_text %q must be the digits exactly as written", label, in.BaseText)
		default:
			bo := wholeOccurrences(in.Quote, in.BaseText)
			if in.BaseText == in.ValueText {
				bo = removeOffset(bo, vo[0])
			}
			switch len(bo) {
			case 0:
				errf("base_text", "%s: base_text %q is not a whole number in the quote %q (%s)", label, in.BaseText, in.Quote, where)
			case 1:
				in.BaseOffset = in.QuoteOffset + bo[0]
				w, _ := strconv.ParseFloat(in.BaseText, 64)
				if *in.Base != w {
					errf("base", "%s: base = %s but the text says %s (base_text in %s)", label, formatFloat(*in.Base), in.BaseText, where)
				}
				if bd := Direction(in.Quote, bo[0]); bd.Sign < 0 {
					errf("base", "%s: base %s follows %q: a base is the level before the change, not a decrease", label, in.BaseText, bd.Word)
				}
				// 由54.7%提升至69.5%: the words between say which is larger.
				if bo[0] < vo[0] {
					between := in.Quote[bo[0]+len(in.BaseText) : vo[0]]
					if w, s := directionIn(between); s > 0 && !(in.Value > *in.Base) || s < 0 && !(in.Value < *in.Base) {
						errf("value", "%s: the quote says %q between the base %s and the value %s (%s), but value = %s, base = %s", label, w, in.BaseText, in.ValueText, where, formatFloat(in.Value), formatFloat(*in.Base))
					}
				}
			default:
				errf("base_text", "%s: base_text %q occurs %d times in the quote %q (%s)", label, in.BaseText, len(bo), in.Quote, where)
			}
		}
		if in.Target != nil && (math.IsNaN(*in.Target) || math.IsInf(*in.Target, 0)) {
			errf("target", "%s: target must be a finite number", label)
		}
		for _, q := range qualifiersAround(in.Quote, vo[0], vo[0]+len(in.ValueText)) {
			if !in.HasFlag(q.Flag) {
				errf("flags", "%s: the quote says %q around %s (%s): add flag %q", label, q.Word, in.ValueText, where, q.Flag)
			}
		}
	}
	return errs
}

func removeOffset(offs []int, off int) []int {
	var out []int
	for _, o := range offs {
		if o != off {
			out = append(out, o)
		}
	}
	return out
}

// formatFloat writes a float the shortest way that reads back the same.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
