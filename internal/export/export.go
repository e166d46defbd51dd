// Package export turns a report's indicator dataset into the files
// journalists download from /data/<report>/: a canonical CSV, a
// spreadsheet-friendly CSV and XLSX, JSON, a Frictionless Data Package
// descriptor, a README, a changelog and a zip of all of them.
//
// Each format is a plain options struct with a method that writes it (CSV,
// XLSX, JSON, DataPackage, Zip), in the manner of tdewolff/minify's
// per-format minifiers; Bundle runs them all with the project's settings.
// A Table is built once (NewTable or FromDocuments) and checked there, so
// every format shows the same, exact numbers.
package export

import (
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"reportsite/internal/dataset"
	"reportsite/internal/srcpos"
)

// Meta describes the report and the site a dataset comes from.
type Meta struct {
	Report      string // report id (its folder name): names the files
	TitleZh     string
	TitleEn     string
	IssuerZh    string
	IssuerEn    string
	Period      string // e.g. 2023-H1
	Edition     string // YYYY-MM-DD: the only date the output uses (timestamps, document properties)
	SourceURL   string // the original publication, when known
	Seed        string // file name of the original text
	SeedText    []byte // the original text, byte for byte
	PublisherZh string
	PublisherEn string
	Licence     string // human-readable licence statement
	LicenceURL  string
	BaseURL     string // the site's root URL, absolute, ending in "/"
	Changelog   *Changelog
}

// Version is the dataset's current version: the latest in the changelog.
func (m *Meta) Version() string {
	if m.Changelog == nil || len(m.Changelog.Versions) == 0 {
		return ""
	}
	return m.Changelog.Versions[len(m.Changelog.Versions)-1].Version
}

// DataURL is the absolute URL of the report's download folder.
func (m *Meta) DataURL() string { return m.BaseURL + "data/" + m.Report + "/" }

// Row is one indicator with what the export adds to it.
type Row struct {
	*dataset.Indicator
	ParagraphURL   string // the Chinese paragraph on the site (absolute)
	ParagraphURLEn string // the English paragraph on the site (absolute)
	QuoteEn        string // the aligned English sentence (see AlignQuote)
	QuoteEnMatch   string // how QuoteEn was found: MatchFigure or MatchPosition
}

// ListItems returns the items of a list column (flags, relation_notes,
// relation_notes_zh).
func (r Row) ListItems(column string) []string {
	var out []string
	switch column {
	case "flags":
		out = append(out, r.Flags...)
	case "relation_notes", "relation_notes_zh":
		for _, n := range r.Notes {
			text := n.En
			if column == "relation_notes_zh" {
				text = n.Zh
			}
			out = append(out, n.Relation+": "+text)
		}
	}
	return out
}

// Column is one column of the indicator table, described in both
// languages for the README, the Data Package schema and the About sheet.
type Column struct {
	Name string
	// Type is the Table Schema type of the CSV column: string, number or
	// integer. Numbers and integers are numeric cells in the XLSX and JSON
	// numbers in indicators.json.
	Type string
	En   string
	Zh   string
}

// List reports whether the column holds several items: joined by ListSep
// in a CSV cell (flags: "planned;lower_bound"), an array of strings in the
// JSON.
func (c Column) List() bool {
	return c.Name == "flags" || c.Name == "relation_notes" || c.Name == "relation_notes_zh"
}

// ListSep joins a list column's items in a CSV cell.
func (c Column) ListSep() string {
	if c.Name == "flags" {
		return ";"
	}
	return " | "
}

// Numeric reports whether the column holds numbers.
func (c Column) Numeric() bool { return c.Type == "number" || c.Type == "integer" }

// Columns are the columns of every tabular export, in order.
var Columns = []Column{
	{"id", "string", "Stable identifier of the figure within this report; also its page name on the site.", "本报告内该数据的固定标识，也是其网页地址的一部分。"},
	{"series", "string", "Name of the indicator independent of the report, to follow it across reports.", "与报告无关的指标名，用于跨报告追踪同一指标。"},
	{"name_zh", "string", "Name of the indicator in Chinese.", "指标中文名称。"},
	{"name_en", "string", "Name of the indicator in English.", "指标英文名称。"},
	{"value", "number", "The figure, signed (a fall of 13.1% is -13.1), with the decimals as written in the report. Multiply by multiplier for the amount in base units.", "数值，带符号（下降13.1%记为-13.1），小数位与原文一致。乘以 multiplier 得到以基本单位计的数量。"},
	{"value_text", "string", "The digits exactly as written in the quote.", "原文中该数字的写法。"},
	{"decimals", "integer", "Number of decimals written in the report.", "原文写出的小数位数。"},
	{"unit", "string", "Unit as written in the report (亿元, %, 个百分点…).", "原文单位（亿元、%、个百分点等）。"},
	{"unit_en", "string", "Unit in English, in base units (CNY, %, percentage points…).", "单位英文，以基本单位表示（CNY、%、percentage points 等）。"},
	{"multiplier", "number", "Factor from the written unit to the base unit: 亿 is 100000000, 万 is 10000, otherwise 1.", "书写单位到基本单位的倍数：亿为100000000，万为10000，其余为1。"},
	{"kind", "string", "Kind of figure: " + kindList(1) + ".", "数据类型：" + kindList(0) + "。"},
	{"period", "string", "Period the figure refers to: 2023-H1 (first half), 2023-06-30 (a date), 2023 (the year), 2023-target (a target for the year), cumulative, ongoing.", "数据所属时期：2023-H1（上半年）、2023-06-30（某日）、2023（全年）、2023-target（年度目标）、cumulative（累计）、ongoing（持续）。"},
	{"topic", "string", "Topic of the figure.", "所属主题。"},
	{"flags", "string", "Qualifiers, separated by semicolons: " + flagList(1) + ".", "限定词，以分号分隔：" + flagList(0) + "。"},
	{"base", "number", "The comparison (before) value, when the report states one.", "原文给出的比较基数（变化前的值）。"},
	{"base_text", "string", "The comparison value as written.", "比较基数的原文写法。"},
	{"target", "number", "The planned figure this one is measured against, when stated.", "与之对照的计划目标值。"},
	{"paragraph", "string", "Id of the report paragraph the figure comes from.", "数据所在段落的标识。"},
	{"paragraph_url", "string", "Link to that paragraph in the Chinese text on the site.", "网站中文版中该段落的链接。"},
	{"paragraph_url_en", "string", "Link to that paragraph in the English translation on the site.", "网站英文译本中该段落的链接。"},
	{"quote", "string", "The verbatim Chinese source text stating the figure.", "说明该数据的原文（逐字引用）。"},
	{"quote_en", "string", "The sentence of the English translation's aligned paragraph that carries the figure.", "英文译本对应段落中含该数据的句子。"},
	{"quote_en_match", "string", "How quote_en was found: figure (the sentence states the same figure) or position (no sentence states it in digits; the sentence at the same position as the Chinese one).", "quote_en 的匹配方式：figure（该句含相同数字）或 position（译文无对应数字，按与原文句子相同的位置选取）。"},
	{"note", "string", "Editors' note.", "编者注。"},
	{"relation_notes", "string", "Where a relation between figures (a total and its parts, a share, a change) does not hold in the report's own figures, what does not add up, in English; several notes are separated by \" | \". The figures are published as the report states them.", "报告自身数据之间的关系（总数与分项、占比、变化量）不成立之处，英文说明；多条以“ | ”分隔。数据仍按原文发布。"},
	{"relation_notes_zh", "string", "The same notes in Chinese.", "同上，中文说明。"},
}

func kindList(lang int) string {
	var parts []string
	for _, k := range sortedKeys(dataset.Kinds) {
		sep := " = "
		if lang == 0 {
			sep = "＝"
		}
		parts = append(parts, k+sep+dataset.Kinds[k][lang])
	}
	if lang == 0 {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

func flagList(lang int) string {
	var parts []string
	for _, k := range sortedKeys(dataset.Flags) {
		sep := " = "
		if lang == 0 {
			sep = "＝"
		}
		parts = append(parts, k+sep+dataset.Flags[k][lang])
	}
	if lang == 0 {
		return strings.Join(parts, "；")
	}
	return strings.Join(parts, "; ")
}

// Table is a checked dataset ready to export: the rows with their cells
// as text (numbers as plain decimals, empty when absent).
type Table struct {
	Meta  Meta
	Rows  []Row
	cells [][]string
}

// Cells returns row i's cells, one per column of Columns.
func (t *Table) Cells(i int) []string { return t.cells[i] }

// Len is the number of rows.
func (t *Table) Len() int { return len(t.Rows) }

var (
	arabicRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	idRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
)

// NewTable checks rows and prepares their cells. Every problem is reported
// at the indicator's position in indicators.toml.
func NewTable(meta Meta, rows []Row) (*Table, error) {
	t := &Table{Meta: meta, Rows: rows}
	var errs srcpos.List
	seen := map[string]srcpos.Pos{}
	for _, r := range rows {
		cells, err := rowCells(r)
		if err != nil {
			errs.Append(err)
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			errs.Addf(r.Pos, nil, "duplicate id %q (first at %s): ids must be unique, they name the files' rows and the pages", r.ID, prev)
		}
		seen[r.ID] = r.Pos
		t.cells = append(t.cells, cells)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

func rowCells(r Row) ([]string, error) {
	in := r.Indicator
	var errs srcpos.List
	bad := func(format string, args ...any) {
		errs.Addf(in.Pos, nil, "indicator %q: "+format, append([]any{in.ID}, args...)...)
	}
	if !idRe.MatchString(in.ID) {
		bad("the id must be lowercase letters, digits, '.', '_' or '-'")
	}
	value, decimals, err := writtenNumber(in.Value, in.ValueText)
	if err != nil {
		bad("value = %v but value_text = %q: %v (fix whichever is wrong; the export shows value with the decimals of value_text)", in.Value, in.ValueText, err)
	}
	var base string
	switch {
	case in.Base != nil:
		if base, _, err = writtenNumber(*in.Base, in.BaseText); err != nil {
			bad("base = %v but base_text = %q: %v", *in.Base, in.BaseText, err)
		}
	case in.BaseText != "":
		bad("base_text = %q is set but base is not: give base the same number", in.BaseText)
	}
	target := ""
	if in.Target != nil {
		target = plainDecimal(*in.Target)
	}
	if !(in.Multiplier > 0) {
		bad("multiplier = %v must be a positive number (1 when the unit has no 万 or 亿)", in.Multiplier)
	}
	for _, f := range in.Flags {
		if strings.ContainsAny(f, "; ") || f == "" {
			bad("flag %q must be one word without spaces or semicolons", f)
		}
	}
	cells := []string{
		in.ID, in.Series, in.NameZh, in.NameEn,
		value, in.ValueText, strconv.Itoa(decimals),
		in.Unit, in.UnitEn, plainDecimal(in.Multiplier),
		in.Kind, in.Period, in.Topic, "", // flags: from ListItems below
		base, in.BaseText, target,
		in.Paragraph, r.ParagraphURL, r.ParagraphURLEn,
		in.Quote, r.QuoteEn, r.QuoteEnMatch, in.Note,
		"", "", // relation notes: from ListItems below
	}
	for i, c := range Columns {
		if c.List() {
			cells[i] = strings.Join(r.ListItems(c.Name), c.ListSep())
		}
	}
	if len(cells) != len(Columns) {
		panic("export: Columns and rowCells disagree") // a programming error, caught by every test
	}
	for i, c := range cells {
		// A lone CR cannot survive CSV (readers fold CRLF into LF), and
		// other control characters are invisible corruption in a quote.
		for _, ch := range c {
			if ch < 0x20 && ch != '\n' && ch != '\t' || ch == 0x7f {
				bad("field %s contains the control character %U: remove it", Columns[i].Name, ch)
				break
			}
		}
	}
	return cells, errs.Err()
}

// writtenNumber returns v as a plain decimal with the decimals written in
// text (the digits as the report writes them), checking that they agree.
// When text is not in Arabic digits (a rank written 第一), the number is v
// in its shortest form.
func writtenNumber(v float64, text string) (string, int, error) {
	narrow := strings.ReplaceAll(width.Narrow.String(text), ",", "")
	if !arabicRe.MatchString(narrow) {
		s := plainDecimal(v)
		return s, decimalsOf(s), nil
	}
	// Leading zeros (05) are not part of a plain decimal (nor of a JSON number).
	s := strings.TrimLeft(narrow, "0")
	if s == "" || s[0] == '.' {
		s = "0" + s
	}
	if v < 0 {
		s = "-" + narrow
	}
	got, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "", 0, err
	}
	if got != v {
		return "", 0, fmt.Errorf("the written digits make %s", s)
	}
	return s, decimalsOf(s), nil
}

func decimalsOf(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// plainDecimal writes v without exponent or grouping: 1e8 → 100000000.
func plainDecimal(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// rat parses a plain decimal exactly.
func rat(s string) (*big.Rat, bool) {
	return new(big.Rat).SetString(s)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
