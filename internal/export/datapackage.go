package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"

	"reportsite/internal/dataset"
)

// DataPackage writes datapackage.json, a Frictionless Data Package (v1)
// descriptor: the dataset's name, title, version, licence and source, and
// one resource per data file with its byte size and SHA-256 hash. The CSV
// files are tabular data resources with a Table Schema: every column's
// type and its description in English (description) and Chinese
// (description_zh, a custom property, which v1 allows).
type DataPackage struct{}

// Package is datapackage.json.
var Package = DataPackage{}

// Bytes returns the descriptor of files (the data files, as published
// beside it).
func (DataPackage) Bytes(t *Table, files []File) ([]byte, error) {
	m := &t.Meta
	created, err := editionTime(m.Edition)
	if err != nil {
		return nil, err
	}
	d := pkgDescriptor{
		Profile:       "data-package",
		Name:          m.Report + "-indicators",
		ID:            m.DataURL(),
		Title:         m.TitleEn + ": indicators",
		TitleZh:       m.TitleZh + "：指标数据",
		Description:   "Every figure of the report written in digits, one row each, with its unit, period and kind, the verbatim Chinese sentence it comes from and the aligned sentence of the English translation. Curated by the editors and checked against the text at every build.",
		DescriptionZh: "报告中以阿拉伯数字写出的全部数据，每项一行，列出单位、时期、类型、所出自的中文原句及英文译本中对应的句子。由编者整理，每次构建时均与原文核对。",
		Version:       m.Version(),
		Created:       created.Format("2006-01-02T15:04:05Z"),
		Homepage:      m.BaseURL + "en/" + m.Report + "/",
		Licenses:      []pkgLicense{{Name: licenceID(m.LicenceURL), Path: m.LicenceURL, Title: m.Licence}},
		Sources:       []pkgSource{{Title: m.TitleEn + " (《" + m.TitleZh + "》), " + m.IssuerEn, Path: m.SourceURL}},
		Contributors:  []pkgContributor{{Title: m.PublisherEn, Role: "publisher", Path: m.BaseURL}},
	}
	if d.Sources[0].Path == "" {
		d.Sources[0].Path = m.Seed // the original text, published beside the data
	}
	schema := tableSchema()
	for _, f := range files {
		r := pkgResource{
			Name:      resourceName(f.Name),
			Path:      f.Name,
			Profile:   "data-resource",
			Mediatype: f.MediaType,
			Bytes:     len(f.Data),
			Hash:      Hash(f.Data),
		}
		switch f.Name {
		case CSVName, ExcelCSVName:
			r.Profile, r.Format, r.Encoding, r.Schema = "tabular-data-resource", "csv", "utf-8", schema
			r.Dialect = &csvDialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: `"`, DoubleQuote: true, Header: true}
		case JSONName:
			r.Format, r.Encoding = "json", "utf-8"
		case XLSXName:
			r.Format = "xlsx"
		default:
			if strings.HasSuffix(f.Name, ".txt") {
				r.Format, r.Encoding = "txt", "utf-8"
			}
		}
		r.Title, r.Description = fileTitle(f.Name, m), sentence(fileDescription(f.Name, m, "en"))
		r.DescriptionZh = fileDescription(f.Name, m, "zh")
		if f.Name == ExcelCSVName {
			r.Description += " It starts with a UTF-8 byte order mark. " + neutraliseEn
		}
		d.Resources = append(d.Resources, r)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Hash is a file's hash in the Data Package v1 form "sha256:<hex>".
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func fileTitle(name string, m *Meta) string {
	switch name {
	case CSVName:
		return "Indicators (CSV)"
	case ExcelCSVName:
		return "Indicators (CSV for spreadsheets)"
	case XLSXName:
		return "Indicators (Excel workbook)"
	case JSONName:
		return "Indicators (JSON)"
	case m.Seed:
		return "The original report text (Chinese)"
	}
	return name
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

var resourceNameRe = regexp.MustCompile(`[^a-z0-9._-]+`)

// resourceName is a file name as a Data Package name: lowercase
// [a-z0-9._-], the extension kept so that names stay unique.
func resourceName(file string) string {
	return strings.Trim(resourceNameRe.ReplaceAllString(strings.ToLower(file), "-"), "-")
}

var ccRe = regexp.MustCompile(`creativecommons\.org/licenses/([a-z-]+)/([0-9.]+)`)

// licenceID is the SPDX / Open Definition id of a licence URL, or "" when
// unknown (the descriptor then names the licence by path and title).
func licenceID(url string) string {
	if m := ccRe.FindStringSubmatch(url); m != nil {
		return "CC-" + strings.ToUpper(m[1]) + "-" + m[2]
	}
	if strings.Contains(url, "creativecommons.org/publicdomain/zero/1.0") {
		return "CC0-1.0"
	}
	return ""
}

// tableSchema describes the CSV columns.
func tableSchema() *pkgSchema {
	s := &pkgSchema{PrimaryKey: []string{"id"}, MissingValues: []string{""}}
	flags := strings.Join(sortedKeys(dataset.Flags), "|")
	for _, c := range Columns {
		f := pkgField{Name: c.Name, Type: c.Type, Description: c.En, DescriptionZh: c.Zh}
		switch c.Name {
		case "id":
			f.Constraints = &pkgConstraints{Required: true, Unique: true, Pattern: strings.Trim(idRe.String(), "^$")}
		case "series", "name_zh", "name_en", "value_text", "quote", "paragraph":
			f.Constraints = &pkgConstraints{Required: true}
		case "value", "multiplier":
			f.Constraints = &pkgConstraints{Required: true}
			f.DecimalChar = "."
		case "base", "target":
			f.DecimalChar = "."
		case "decimals":
			zero := 0
			f.Constraints = &pkgConstraints{Required: true, Minimum: &zero}
		case "kind":
			f.Constraints = &pkgConstraints{Required: true, Enum: sortedKeys(dataset.Kinds)}
		case "period":
			f.Constraints = &pkgConstraints{Required: true, Pattern: strings.Trim(dataset.PeriodRe.String(), "^$")}
		case "flags":
			f.Constraints = &pkgConstraints{Pattern: "(" + flags + ")(;(" + flags + "))*"}
		case "quote_en_match":
			f.Constraints = &pkgConstraints{Enum: []string{MatchFigure, MatchPosition}}
		case "paragraph_url", "paragraph_url_en":
			f.Format = "uri"
		}
		if c.Name == "value" {
			f.UnitField, f.MultiplierField = "unit", "multiplier"
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

type pkgDescriptor struct {
	Profile       string           `json:"profile"`
	Name          string           `json:"name"`
	ID            string           `json:"id"`
	Title         string           `json:"title"`
	TitleZh       string           `json:"title_zh"`
	Description   string           `json:"description"`
	DescriptionZh string           `json:"description_zh"`
	Version       string           `json:"version"`
	Created       string           `json:"created"`
	Homepage      string           `json:"homepage"`
	Licenses      []pkgLicense     `json:"licenses"`
	Sources       []pkgSource      `json:"sources"`
	Contributors  []pkgContributor `json:"contributors"`
	Resources     []pkgResource    `json:"resources"`
}

type pkgLicense struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

type pkgSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

type pkgContributor struct {
	Title string `json:"title"`
	Role  string `json:"role"`
	Path  string `json:"path,omitempty"`
}

type pkgResource struct {
	Name          string      `json:"name"`
	Path          string      `json:"path"`
	Profile       string      `json:"profile"`
	Title         string      `json:"title"`
	Description   string      `json:"description"`
	DescriptionZh string      `json:"description_zh"`
	Format        string      `json:"format,omitempty"`
	Mediatype     string      `json:"mediatype"`
	Encoding      string      `json:"encoding,omitempty"`
	Bytes         int         `json:"bytes"`
	Hash          string      `json:"hash"`
	Dialect       *csvDialect `json:"dialect,omitempty"`
	Schema        *pkgSchema  `json:"schema,omitempty"`
}

type csvDialect struct {
	Delimiter      string `json:"delimiter"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	DoubleQuote    bool   `json:"doubleQuote"`
	Header         bool   `json:"header"`
}

type pkgSchema struct {
	Fields        []pkgField `json:"fields"`
	PrimaryKey    []string   `json:"primaryKey"`
	MissingValues []string   `json:"missingValues"`
}

type pkgField struct {
	Name          string          `json:"name"`
	Type          string          `json:"type"`
	Format        string          `json:"format,omitempty"`
	Description   string          `json:"description"`
	DescriptionZh string          `json:"description_zh"`
	DecimalChar   string          `json:"decimalChar,omitempty"`
	Constraints   *pkgConstraints `json:"constraints,omitempty"`
	// Custom properties: which columns hold the value's unit and
	// multiplier (value × multiplier is the amount in the unit_en).
	UnitField       string `json:"unitField,omitempty"`
	MultiplierField string `json:"multiplierField,omitempty"`
}

type pkgConstraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Minimum  *int     `json:"minimum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}
