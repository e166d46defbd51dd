// Package dataset holds the indicator dataset of a report: one record per
// quantitative fact, each tied to the paragraph and the verbatim quote it
// comes from. It reads data/<report>/indicators.toml strictly and checks it
// against the report's text.
package dataset

import (
	"regexp"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Indicator is one quantitative fact of a report.
type Indicator struct {
	ID         string   `toml:"id" json:"id"`
	Series     string   `toml:"series" json:"series"`
	NameZh     string   `toml:"name_zh" json:"name_zh"`
	NameEn     string   `toml:"name_en" json:"name_en"`
	Value      float64  `toml:"value" json:"value"`           // signed: 下降13.1% is -13.1
	ValueText  string   `toml:"value_text" json:"value_text"` // the digits as written in the quote
	Unit       string   `toml:"unit" json:"unit"`             // as written: 亿元, %, 个百分点, 家
	UnitEn     string   `toml:"unit_en" json:"unit_en"`
	Multiplier float64  `toml:"multiplier" json:"multiplier"` // 亿 → 1e8, 万 → 1e4
	Kind       string   `toml:"kind" json:"kind"`
	Period     string   `toml:"period" json:"period"`
	Topic      string   `toml:"topic" json:"topic"`
	Paragraph  string   `toml:"paragraph" json:"paragraph"`
	Quote      string   `toml:"quote" json:"quote"`
	Base       *float64 `toml:"base" json:"base,omitempty"` // the comparison (before) value, when stated
	BaseText   string   `toml:"base_text" json:"base_text,omitempty"`
	Target     *float64 `toml:"target" json:"target,omitempty"` // the plan figure it is measured against
	Flags      []string `toml:"flags" json:"flags,omitempty"`
	Note       string   `toml:"note" json:"note,omitempty"`

	Pos srcpos.Pos `toml:"-" json:"-"` // where the record starts in indicators.toml
}

// Kinds are the kinds of figure, with their meaning in both languages.
var Kinds = map[string][2]string{
	"level":          {"水平值（总量、存量或流量）", "level (an amount, stock or flow)"},
	"count":          {"数量（企业、项目、人次等）", "count (enterprises, projects, people, events)"},
	"yoy_pct":        {"同比增长率（%）", "year-on-year growth (%)"},
	"pp_change":      {"变化（百分点）", "change in percentage points"},
	"share_pct":      {"占比（%）", "share (%)"},
	"ratio_part":     {"比例中的一项", "one term of a ratio"},
	"completion_pct": {"完成计划的百分比", "percentage of a plan completed"},
	"change":         {"绝对变化量", "absolute change in a level"},
	"rank":           {"排名", "rank"},
	"target":         {"计划目标", "planned target"},
	"rate":           {"比率（%）", "rate (%)"},
}

// Flags are the qualifiers a figure may carry.
var Flags = map[string][2]string{
	"approximate": {"约数（约、近、左右）", "approximate (about, nearly)"},
	"lower_bound": {"下限（超、以上、余）", "lower bound (over, or more)"},
	"upper_bound": {"上限（不超过、以内）", "upper bound (at most)"},
	"cumulative":  {"累计", "cumulative"},
	"planned":     {"计划（未来）", "planned (future)"},
}

// PeriodRe is the fixed form of periods: 2023-H1, 2023-06-30, 2023,
// 2023-H2, 2023-target, cumulative, ongoing.
var PeriodRe = regexp.MustCompile(`^(\d{4}(-H[12]|-Q[1-4]|-\d{2}(-\d{2})?|-target)?|cumulative|ongoing)$`)

// File is the content of indicators.toml.
type File struct {
	Indicators []*Indicator `toml:"indicator"`
}

// Load reads data/<report>/indicators.toml strictly, positioning each
// record at its [[indicator]] header.
func Load(path string) ([]*Indicator, []byte, error) {
	var f File
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		return nil, src, err
	}
	n := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.TrimSpace(l) == "[[indicator]]" && n < len(f.Indicators) {
			f.Indicators[n].Pos = srcpos.Pos{File: path, Line: i + 1, Col: 1}
			n++
		}
	}
	return f.Indicators, src, nil
}
