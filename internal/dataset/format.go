package dataset

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"reportsite/internal/quantity"
)

// Amount is the figure in base units, exactly: value_text × multiplier,
// signed (1712.60亿元 → 171260000000).
func (in *Indicator) Amount() *big.Rat {
	r, ok := new(big.Rat).SetString(in.ValueText)
	if !ok {
		return nil
	}
	m := new(big.Rat).SetFloat64(in.Multiplier)
	if m == nil {
		return nil
	}
	r.Mul(r, m)
	if in.Value < 0 {
		r.Neg(r)
	}
	return r
}

// minus is the typographic minus sign used for displayed negative figures.
const minus = "−"

// DisplayZh is the figure as the Chinese text writes it, signed:
// "1712.60亿元", "−13.1%".
func (in *Indicator) DisplayZh() string {
	if in.display != nil {
		return in.display[0]
	}
	return in.displayZh()
}

func (in *Indicator) displayZh() string {
	s := in.ValueText + in.Unit
	if in.Value < 0 {
		s = minus + s
	}
	return qualifyZh(in, s)
}

func qualifyZh(in *Indicator, s string) string {
	switch {
	case in.HasFlag("approximate"):
		return "约" + s
	case in.HasFlag("lower_bound"):
		return "超" + s
	case in.HasFlag("upper_bound"):
		return "不超过" + s
	}
	return s
}

var (
	scaleWords = []struct {
		exp  int64
		word string
	}{{12, "trillion"}, {9, "billion"}, {6, "million"}}
)

// DisplayEn is the figure in English, with its amount written out the way
// English writes money and quantities: "RMB 171.26 billion", "624,600
// market entities", "−13.1%", "2.3 percentage points", "about 460,000
// square metres".
func (in *Indicator) DisplayEn() string {
	if in.display != nil {
		return in.display[1]
	}
	return in.displayEn()
}

// fixDisplay computes the displays once; the record must not change after.
func (in *Indicator) fixDisplay() { in.display = &[2]string{in.displayZh(), in.displayEn()} }

func (in *Indicator) displayEn() string {
	amount := in.Amount()
	if amount == nil {
		return in.ValueText
	}
	neg := amount.Sign() < 0
	abs := new(big.Rat).Abs(amount)
	var s string
	base := unitBase(in.Unit)
	switch {
	case in.Unit == "%":
		s = quantity.FormatRat(abs) + "%"
	case strings.HasSuffix(in.Unit, "百分点"):
		s = quantity.FormatRat(abs) + " percentage point"
		if abs.Cmp(big.NewRat(1, 1)) != 0 {
			s += "s"
		}
	case strings.HasPrefix(base, "元") || strings.HasPrefix(in.UnitEn, "CNY"):
		s = "RMB " + scaled(abs)
		if rest := strings.TrimSpace(strings.TrimPrefix(in.UnitEn, "CNY")); rest != "" {
			s += " " + rest
		}
	default:
		s = quantity.FormatRat(abs)
		if in.UnitEn != "" {
			s += " " + in.UnitEn
		}
	}
	if neg {
		s = minus + s
	}
	switch {
	case in.HasFlag("approximate"):
		s = "about " + s
	case in.HasFlag("lower_bound"):
		s = "over " + s
	case in.HasFlag("upper_bound"):
		s = "up to " + s
	}
	return s
}

// scaled writes an amount of money with million/billion: 171260000000 →
// "171.26 billion", 1200 → "1,200".
func scaled(abs *big.Rat) string {
	for _, w := range scaleWords {
		unit := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(w.exp), nil))
		if abs.Cmp(unit) >= 0 {
			return quantity.FormatRat(new(big.Rat).Quo(abs, unit)) + " " + w.word
		}
	}
	return quantity.FormatRat(abs)
}

var (
	periodDateRe  = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	periodMonthRe = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	monthsEn      = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// PeriodLabel explains a period in a language ("zh" or "en"):
// 2023-H1 → 2023年上半年 / first half of 2023.
func PeriodLabel(period, lang string) string {
	zh := lang == "zh"
	pick := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	switch period {
	case "cumulative":
		return pick("累计", "cumulative (to date)")
	case "ongoing":
		return pick("现状（持续）", "current state (ongoing)")
	}
	if m := periodDateRe.FindStringSubmatch(period); m != nil {
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 {
			return period
		}
		return pick("截至"+m[1]+"年"+strconv.Itoa(mo)+"月"+strconv.Itoa(d)+"日", "as of "+strconv.Itoa(d)+" "+monthsEn[mo-1]+" "+m[1])
	}
	if m := periodMonthRe.FindStringSubmatch(period); m != nil {
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return period
		}
		return pick(m[1]+"年"+strconv.Itoa(mo)+"月", monthsEn[mo-1]+" "+m[1])
	}
	if len(period) < 4 {
		return period
	}
	y, rest := period[:4], period[4:]
	switch rest {
	case "":
		return pick(y+"年全年", "full year "+y)
	case "-H1":
		return pick(y+"年上半年", "first half of "+y)
	case "-H2":
		return pick(y+"年下半年", "second half of "+y)
	case "-Q1", "-Q2", "-Q3", "-Q4":
		q := rest[2:]
		return pick(y+"年第"+[]string{"一", "二", "三", "四"}[q[0]-'1']+"季度", "Q"+q+" "+y)
	case "-target":
		return pick(y+"年目标", "target for "+y)
	}
	return period
}
