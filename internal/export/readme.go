package export

import (
	"fmt"
	"strings"
)

// File names in data/<report>/.
const (
	CSVName         = "indicators.csv"
	ExcelCSVName    = "indicators-excel.csv"
	XLSXName        = "indicators.xlsx"
	JSONName        = "indicators.json"
	DataPackageName = "datapackage.json"
	ReadmeName      = "README.txt"
	ChangelogName   = "CHANGELOG.txt"
)

// ZipName is the name of a report's archive of all its data files.
func ZipName(report string) string { return report + "-data.zip" }

// Citation is how to cite the dataset, in "en" or "zh".
func Citation(m *Meta, lang string) string {
	year := m.Edition
	if len(year) >= 4 {
		year = year[:4]
	}
	if lang == "zh" {
		return fmt.Sprintf("%s．%s：指标数据集（版本 %s）[数据集]．%s．来源：%s．%s", m.PublisherZh, m.TitleZh, m.Version(), year, m.IssuerZh, m.DataURL())
	}
	return fmt.Sprintf("%s (%s). %s: indicator dataset (version %s) [Data set]. Source: %s. %s", m.PublisherEn, year, m.TitleEn, m.Version(), m.IssuerEn, m.DataURL())
}

func sourceLine(m *Meta, lang string) string {
	if lang == "zh" {
		s := "《" + m.TitleZh + "》，" + m.IssuerZh + "，时期 " + m.Period + "。原文：" + m.Seed + "（逐字节收录）。"
		if m.SourceURL != "" {
			s += "原始出处：" + m.SourceURL
		} else {
			s += "原文未附原始出处链接。"
		}
		return s
	}
	s := "\"" + m.TitleEn + "\", " + m.IssuerEn + ", period " + m.Period + "; in Chinese. Original text: " + m.Seed + " (included byte for byte). "
	if m.SourceURL != "" {
		s += "Original publication: " + m.SourceURL
	} else {
		s += "The text as received carries no link to its original publication."
	}
	return s
}

var neutraliseEn = "Text cells that begin with = + - @, a tab or a carriage return are prefixed with an apostrophe (') so that a spreadsheet never runs them as a formula; numbers are untouched (-13.1 stays a number). indicators.csv and indicators.json keep every text exactly."
var neutraliseZh = "以 = + - @、制表符或回车开头的文本单元格前加撇号（'），以免电子表格将其作为公式执行；数字不受影响（-13.1 仍为数字）。indicators.csv 和 indicators.json 保留原样文本。"

// aboutRows are the rows of the workbook's About sheet.
func aboutRows(m *Meta) [][3]string {
	rows := [][3]string{
		{"数据集 Dataset", m.TitleZh + "：指标数据", m.TitleEn + ": indicators"},
		{"版本 Version", m.Version(), "edition " + m.Edition},
		{"来源 Source", sourceLine(m, "zh"), sourceLine(m, "en")},
		{"许可 Licence", m.Licence, m.LicenceURL},
		{"引用 How to cite", Citation(m, "zh"), Citation(m, "en")},
		{"网址 Web", m.DataURL(), ""},
		{"公式 Formulas", neutraliseZh, neutraliseEn},
		{"", "", ""},
		{"列 Column", "说明", "Description"},
	}
	for _, c := range Columns {
		rows = append(rows, [3]string{c.Name, c.Zh, c.En})
	}
	return rows
}

// Readme writes README.txt: what the dataset is, where it comes from, its
// licence, how to cite it, its files and its columns, in English and
// Chinese. files are the data files it describes, with their sizes.
func Readme(t *Table, files []File) []byte {
	m := &t.Meta
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	para := func(s string) { b.WriteString(wrap(s, 76, "  ") + "\n") }
	heading := func(s string) { line(""); line(s); line(strings.Repeat("-", displayLen(s))) }

	title := m.TitleEn + ": indicator dataset"
	line(title)
	line(strings.Repeat("=", min(displayLen(title), 76)))
	line(fmt.Sprintf("Version %s, edition %s. 中文说明见下。", m.Version(), m.Edition))
	heading("What")
	para(fmt.Sprintf("Every figure of the report written in digits, %d in all: one row per figure with its value (signed, as written), unit, period, kind, the verbatim Chinese sentence it comes from (quote), the aligned sentence of the English translation (quote_en) and a link to its paragraph. The figures were curated by the editors and checked against the text at every build: each quote occurs verbatim in its paragraph and states the figure.", t.Len()))
	heading("Source")
	para(sourceLine(m, "en"))
	heading("Licence")
	para(m.Licence + " " + m.LicenceURL)
	heading("How to cite")
	para(Citation(m, "en"))
	nameWidth := len(ZipName(m.Report))
	for _, f := range files {
		nameWidth = max(nameWidth, len(f.Name))
	}
	heading("Files")
	for _, f := range files {
		line(fmt.Sprintf("  %-*s %9d bytes  %s", nameWidth, f.Name, len(f.Data), fileDescription(f.Name, m, "en")))
	}
	line(fmt.Sprintf("  %-*s %9s        this file", nameWidth, ReadmeName, ""))
	line(fmt.Sprintf("  %-*s %9s        all of these in one archive", nameWidth, ZipName(m.Report), ""))
	heading("Columns")
	for _, c := range Columns {
		line(hanging(fmt.Sprintf("%s (%s): %s", c.Name, c.Type, c.En), 76, "  ", "      "))
	}
	heading("Notes")
	para("Numbers are plain decimals: no exponent, no thousands separators, a point for decimals. value keeps the decimals the report wrote (1712.60); multiply by multiplier for base units (1712.60 亿元 × 100000000 = 171,260,000,000 CNY).")
	para("quote_en: the English paragraph with the same id is split into sentences, and the one that states the same figure (read in both languages by the project's number scanner and compared exactly in base units) is taken; when several do, the one nearest the Chinese sentence's position. When none states it in digits, the sentence at the same position is taken and quote_en_match says \"position\".")
	para("Spreadsheets: " + neutraliseEn + " Excel reads indicators-excel.csv (UTF-8 with BOM) directly; in LibreOffice choose the character set UTF-8. A spreadsheet may still turn value_text 1712.60 into the number 1712.6 or a period 2023-06-30 into a date when it opens a CSV: indicators.xlsx keeps them as text.")
	para("Corrections: a corrected figure is a new version of the dataset, recorded in CHANGELOG.txt with the indicator, the field, the old and new value and the reason.")

	line("")
	line("")
	titleZh := m.TitleZh + "：指标数据集"
	line(titleZh)
	line(strings.Repeat("=", min(displayLen(titleZh), 76)))
	line(fmt.Sprintf("版本 %s，本版日期 %s。", m.Version(), m.Edition))
	heading("内容")
	line(fmt.Sprintf("  报告中以阿拉伯数字写出的全部数据，共 %d 项：每项一行，列出数值（带符号，与原文写法一致）、单位、时期、类型、所出自的中文原句（quote）、英文译本中对应的句子（quote_en）及其段落链接。数据由编者整理，每次构建时均与原文核对：每条引文逐字见于其段落并载有该数据。", t.Len()))
	heading("来源")
	line("  " + sourceLine(m, "zh"))
	heading("许可")
	line("  " + m.Licence + " " + m.LicenceURL)
	heading("引用格式")
	line("  " + Citation(m, "zh"))
	heading("文件")
	for _, f := range files {
		line(fmt.Sprintf("  %-*s %9d 字节  %s", nameWidth, f.Name, len(f.Data), fileDescription(f.Name, m, "zh")))
	}
	line(fmt.Sprintf("  %-*s %9s        本说明", nameWidth, ReadmeName, ""))
	line(fmt.Sprintf("  %-*s %9s        以上全部文件的压缩包", nameWidth, ZipName(m.Report), ""))
	heading("列")
	for _, c := range Columns {
		line(fmt.Sprintf("  %s（%s）：%s", c.Name, c.Type, c.Zh))
	}
	heading("说明")
	line("  数字一律为普通十进制写法：不用科学计数法、不用千位分隔符，小数点为“.”。value 保留原文的小数位（1712.60）；乘以 multiplier 得到基本单位（1712.60亿元 × 100000000 = 171,260,000,000 元）。")
	line("  quote_en：将同一段落标识的英文段落切分为句子，取含相同数字的句子（由本项目的数字识别程序分别读取中英文数字，按基本单位精确比较）；若有多句，取位置最接近中文原句者。若译文中没有以数字写出该数据，则取位置相同的句子，此时 quote_en_match 为 position。")
	line("  电子表格：" + neutraliseZh + " Excel 可直接打开 indicators-excel.csv（带 BOM 的 UTF-8）；在 LibreOffice 中请选择字符集 UTF-8。打开 CSV 时，电子表格仍可能把 value_text 1712.60 变成数字 1712.6，或把时期 2023-06-30 变成日期；indicators.xlsx 中二者均保持为文本。")
	line("  更正：任何数据更正都会发布为新版本，并在 CHANGELOG.txt 中记录指标、字段、原值、新值和原因。")
	return []byte(b.String())
}

func fileDescription(name string, m *Meta, lang string) string {
	zh := lang == "zh"
	switch name {
	case CSVName:
		if zh {
			return "规范 CSV（RFC 4180，UTF-8 无 BOM，CRLF 换行），供程序使用"
		}
		return "canonical CSV (RFC 4180, UTF-8 without BOM, CRLF line ends), for programs"
	case ExcelCSVName:
		if zh {
			return "电子表格用 CSV（带 BOM 的 UTF-8，公式样文本已处理）"
		}
		return "CSV for spreadsheets (UTF-8 with BOM, formula-like text neutralised)"
	case XLSXName:
		if zh {
			return "Excel 工作簿：数据表及“About”说明表"
		}
		return "Excel workbook: the data sheet and an About sheet"
	case JSONName:
		if zh {
			return "JSON 记录数组（数字为 JSON 数值，flags 为数组）"
		}
		return "JSON array of records (numbers as JSON numbers, flags as arrays)"
	case DataPackageName:
		if zh {
			return "Frictionless 数据包描述（字段类型与说明、许可、来源、哈希值）"
		}
		return "Frictionless Data Package descriptor (field types and descriptions, licence, sources, hashes)"
	case ChangelogName:
		if zh {
			return "数据集版本记录"
		}
		return "versions of the dataset and every correction"
	case m.Seed:
		if zh {
			return "报告原文（逐字节）"
		}
		return "the original report text, byte for byte"
	}
	return ""
}

// ChangelogText writes CHANGELOG.txt from the changelog, newest first.
func ChangelogText(m *Meta) []byte {
	var b strings.Builder
	title := "Dataset versions · 数据集版本记录"
	b.WriteString(title + "\n" + m.TitleEn + "\n" + m.TitleZh + "\n")
	if m.Changelog == nil {
		return []byte(b.String())
	}
	for i := len(m.Changelog.Versions) - 1; i >= 0; i-- {
		v := m.Changelog.Versions[i]
		b.WriteString("\n" + v.Version + " (" + v.Date + ")\n")
		b.WriteString(wrap(v.SummaryEn, 76, "  ") + "\n")
		b.WriteString("  " + v.SummaryZh + "\n")
		for _, c := range v.Changes {
			var s string
			switch c.Action {
			case ActionCorrect:
				s = fmt.Sprintf("- %s: %s corrected from %q to %q. %s", c.ID, c.Field, c.Old, c.New, c.Reason)
			case ActionAdd:
				s = fmt.Sprintf("- %s: added. %s", c.ID, c.Reason)
			case ActionRemove:
				s = fmt.Sprintf("- %s: removed. %s", c.ID, c.Reason)
			}
			b.WriteString(wrap(s, 76, "  ") + "\n")
		}
		b.WriteString("  fingerprint " + v.Fingerprint + "\n")
	}
	return []byte(b.String())
}

// wrap breaks s into lines of at most n columns at spaces, each starting
// with indent. Text without spaces (Chinese) stays on one line.
func wrap(s string, n int, indent string) string { return hanging(s, n, indent, indent) }

// hanging is wrap with another indent for the lines after the first.
func hanging(s string, n int, first, rest string) string {
	var lines []string
	indent := first
	cur := indent
	for _, w := range strings.Fields(s) {
		if cur != indent && displayLen(cur)+1+displayLen(w) > n {
			lines = append(lines, cur)
			indent = rest
			cur = indent
		}
		if cur != indent {
			cur += " "
		}
		cur += w
	}
	return strings.Join(append(lines, cur), "\n")
}

func displayLen(s string) int { return int(displayWidth(s)) }
