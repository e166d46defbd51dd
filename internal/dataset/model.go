// Package dataset holds the indicator dataset of a report: one record per
// quantitative fact, each tied to the paragraph and the verbatim quote it
// comes from. It reads data/<report>/indicators.toml, numerals.toml and
// relations.toml strictly and checks them against the report's Chinese text:
// every field, every quote, every figure's digits and sign (verify.go), that
// every number in the text is accounted for (coverage.go), and the
// arithmetic relations between figures (relations.go).
//
// The exported types of this package are the dataset model that other
// packages build on (internal/export writes the download files from it,
// internal/site shows it): fields are only ever added, never renamed or
// removed, and their meaning does not change.
package dataset

import (
	"regexp"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Indicator is one quantitative fact of a report.
//
// The fields with a toml tag are curated in indicators.toml; the fields
// tagged toml:"-" are computed by Open from the curated ones and the report
// text (stable, for internal/export: Decimals, BaseDecimals, Notes, Value*,
// Quote* offsets).
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

	// Decimals is the number of decimals written in ValueText ("1712.60"
	// → 2): the figure's precision, half a unit of which is its rounding.
	Decimals int `toml:"-" json:"decimals"`
	// BaseDecimals is the same for BaseText (0 when there is no base).
	BaseDecimals int `toml:"-" json:"base_decimals,omitempty"`
	// Notes are the flagged remarks the build attaches to the figure: a
	// declared relation that does not hold in the report itself. They are
	// shown on the indicator's page and belong in every export (the project
	// reports the source faithfully and says where it does not add up).
	Notes []RelationNote `toml:"-" json:"relation_notes,omitempty"`

	// QuoteOffset is the byte offset of Quote in the paragraph's plain text;
	// ValueOffset and BaseOffset are the byte offsets of ValueText and
	// BaseText in it (BaseOffset is -1 without a base).
	QuoteOffset int `toml:"-" json:"-"`
	ValueOffset int `toml:"-" json:"-"`
	BaseOffset  int `toml:"-" json:"-"`

	Pos srcpos.Pos `toml:"-" json:"-"` // where the record starts in indicators.toml

	// display holds DisplayZh and DisplayEn once Open has checked the
	// record: pages, tables and the search ask for them many times.
	display *[2]string
}

// RelationNote is a declared relation that fails in the report's own
// figures, as attached to each indicator it involves.
type RelationNote struct {
	Relation string `json:"relation"` // the relation's id in relations.toml
	Type     string `json:"type"`     // sum, share, change, ratio_sum, completion…
	En       string `json:"en"`       // what does not add up, in English
	Zh       string `json:"zh"`       // the same in Chinese
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

// KindOrder is the order in which kinds are listed (counts by kind, the
// dataset page): levels and counts first, then rates and changes.
var KindOrder = []string{"level", "count", "yoy_pct", "pp_change", "change", "share_pct", "rate", "ratio_part", "completion_pct", "target", "rank"}

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

// HasFlag reports whether the indicator carries flag.
func (in *Indicator) HasFlag(flag string) bool {
	for _, f := range in.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// File is the content of indicators.toml.
type File struct {
	Indicators []*Indicator `toml:"indicator"`
}

// Load reads data/<report>/indicators.toml strictly, positioning each
// record at its [[indicator]] header. It checks nothing else: Open does.
func Load(path string) ([]*Indicator, []byte, error) {
	var f File
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		return nil, src, err
	}
	positionRecords(path, src, "[[indicator]]", len(f.Indicators), func(i int, p srcpos.Pos) { f.Indicators[i].Pos = p })
	return f.Indicators, src, nil
}

// positionRecords calls set with the position of the n first header lines
// (an array-of-tables header such as [[indicator]]) in src.
func positionRecords(path string, src []byte, header string, n int, set func(int, srcpos.Pos)) {
	i := 0
	for ln, l := range strings.Split(string(src), "\n") {
		if i < n && strings.TrimSpace(l) == header {
			set(i, srcpos.Pos{File: path, Line: ln + 1, Col: 1})
			i++
		}
	}
}
