package reportimport

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// Two more reports of the genre, written for these tests (invented
// districts, own words and numbers), each with the irregularities of a
// different way reports reach us. See testdata/README.md.
type genreCase struct {
	file        string
	corrections string // corrections file beside it, if any
	counts      Counts
	parts       []int // subsections per part
	items       map[[2]int]int
	meta        Meta
	preamble    []string
	body        [2]int // source lines holding the body text (0 = last)
	notes       []string
}

var genreCases = []genreCase{{
	// Plain text with CRLF line ends, mixed full-width and ASCII
	// punctuation, （五） where （四） belongs, （1）（3） with Arabic
	// numerals, a part typed as 2、, a number broken across lines, stray
	// spaces and a line of spaces.
	file:   "qingxi-2024-h1-irregular.txt",
	counts: Counts{Parts: 2, Sections: 8, Items: 3, Paragraphs: 29},
	parts:  []int{4, 4},
	items:  map[[2]int]int{{1, 2}: 3},
	body:   [2]int{1, 0},
	notes: []string{
		"converted 44 CRLF line ends to LF",
		`:4: rejoined a sentence broken across lines 4–5`,
		`:10: removed the space after the marker "（二）"`,
		`:24: subsection marker "（五）" is out of sequence: numbered 4 by its position`,
		`:29: read "2、" as a part heading (二、)`,
		`:31: read "（1）" as （一）`,
		`:38: read "（3）" as （三）`,
	},
}, {
	// The web-copied form: title block, blank lines, full-width
	// indentation, ASCII (一), 一是…二是… inside paragraphs (and one
	// paragraph opening with 一是), items 1. 2., a closing date line.
	file:        "yunhu-2022-h1-web.txt",
	corrections: "yunhu-2022-h1-web.corrections.toml",
	counts:      Counts{Parts: 2, Sections: 8, Items: 2, Paragraphs: 26},
	parts:       []int{4, 4},
	items:       map[[2]int]int{{2, 3}: 2},
	meta: Meta{
		Title:      "关于云湖区2022年上半年国民经济和社会发展计划执行情况的报告",
		Subtitle:   "2022年8月26日在云湖区第六届人民代表大会常务委员会第九次会议上",
		Date:       "2022-08-26",
		Meeting:    "云湖区第六届人民代表大会常务委员会第九次会议",
		Presenter:  "云湖区发展和改革局局长 陈立平",
		Salutation: "主任、各位副主任、各位委员：",
	},
	preamble: []string{"我受区人民政府委托，向区人大常委会报告2022年上半年国民经济和社会发展计划执行情况，请予审议。"},
	body:     [2]int{9, 83},
	notes: []string{
		"removed leading white space (indentation) from 27 lines",
		":1: title block: title → report metadata",
		":3: title block: subtitle → report metadata",
		":5: title block: presenting body → report metadata",
		":7: title block: salutation → report metadata",
		":9: title block: opening formula kept as the preamble",
		":43: correction (testdata/yunhu-2022-h1-web.corrections.toml:4:1): 1 paragraph(s) from here close part 一 rather than the preceding subsection",
		":83: correction (testdata/yunhu-2022-h1-web.corrections.toml:9:1): 1 paragraph(s) from here close part 二 rather than the preceding subsection",
		":85: closing date line → report metadata (2022-08-26)",
	},
}}

func parseGenre(t *testing.T, c genreCase, src []byte) *Report {
	t.Helper()
	var cs []Correction
	if c.corrections != "" {
		path := filepath.Join("testdata", c.corrections)
		cs = corrections(t, path, "testdata/"+c.corrections)
	}
	r, err := Parse("testdata/"+c.file, src, cs)
	if err != nil {
		t.Fatalf("import with no code change failed: %v", err)
	}
	return r
}

func TestGenreReports(t *testing.T) {
	for _, c := range genreCases {
		t.Run(c.file, func(t *testing.T) {
			src := readTestdata(t, c.file)
			r := parseGenre(t, c, src)
			golden(t, "golden/"+strings.TrimSuffix(c.file, ".txt")+".json", treeJSON(t, r))

			if got := r.Count(); got != c.counts {
				t.Errorf("counts = %+v, want %+v", got, c.counts)
			}
			for i, pt := range r.Parts {
				if i < len(c.parts) && len(pt.Sections) != c.parts[i] {
					t.Errorf("part %d has %d subsections, want %d", i+1, len(pt.Sections), c.parts[i])
				}
				for j, s := range pt.Sections {
					if s.Number != j+1 {
						t.Errorf("subsection %d of part %d numbered %d", j+1, i+1, s.Number)
					}
					if got, want := len(s.Items), c.items[[2]int{i + 1, j + 1}]; got != want {
						t.Errorf("subsection %d of part %d has %d items, want %d", j+1, i+1, got, want)
					}
				}
			}
			if r.Meta != c.meta {
				t.Errorf("meta = %+v\nwant   %+v", r.Meta, c.meta)
			}
			var pre []string
			for _, p := range r.Preamble {
				pre = append(pre, p.Text)
			}
			if strings.Join(pre, "\n") != strings.Join(c.preamble, "\n") {
				t.Errorf("preamble = %q, want %q", pre, c.preamble)
			}
			var notes strings.Builder
			r.Summary(&notes)
			for _, n := range c.notes {
				if !strings.Contains(notes.String(), n) {
					t.Errorf("the import report does not say %q; it says:\n%s", n, notes.String())
				}
			}
			if want, got := sourceText(src, c.body[0], c.body[1]), parsedText(r); got != want {
				t.Errorf("the parsed text differs from the source %s", firstDifference(want, got))
			}
			// Paragraphs are never headings however they start, and
			// every one is a whole paragraph.
			for _, p := range r.Paragraphs() {
				if p.Text == "" || strings.ContainsAny(p.Text, "\r\n") {
					t.Errorf("paragraph at line %d is empty or holds a line break: %q", p.Line, p.Text)
				}
			}
		})
	}
}

// Details each test report was written to exercise.
func TestIrregularReportDetails(t *testing.T) {
	c := genreCases[0]
	src := readTestdata(t, c.file)
	if n := bytes.Count(src, []byte("\r\n")); n != bytes.Count(src, []byte("\n")) || n == 0 {
		t.Fatalf("%s must have CRLF line ends throughout (found %d CRLF in %d lines): check out testdata without line-end conversion", c.file, n, bytes.Count(src, []byte("\n")))
	}
	r := parseGenre(t, c, src)
	one := r.Parts[0]
	// The number broken across lines 4–5 comes back whole, with no space.
	if p := one.Sections[0].Paragraphs[0]; !strings.Contains(p.Text, "地区生产总值426.85亿元") || p.EndLine != 5 {
		t.Errorf("broken number not rejoined exactly (lines %d–%d): %q", p.Line, p.EndLine, p.Text)
	}
	// A paragraph ending in an ASCII full stop is a whole paragraph.
	if p := one.Sections[0].Paragraphs[1]; !strings.HasSuffix(p.Text, "新增规模以上工业企业27家.") || p.EndLine != 0 {
		t.Errorf("paragraph ending in ASCII '.' was joined with the next line: %q", p.Text)
	}
	// Item 3． keeps the first character of its title.
	if got := one.Sections[1].Items[2].Title; got != "人才引育成效明显" {
		t.Errorf("item 3． title = %q, want 人才引育成效明显", got)
	}
	if got := one.Sections[3].Title; got != "民生保障有力有效" {
		t.Errorf("the subsection typed （五） is %q", got)
	}
	// Stray spaces inside the text stay: they are the publisher's.
	if p := one.Sections[3].Paragraphs[2]; !strings.Contains(p.Text, "4235万元 ，") {
		t.Errorf("text inside a line changed: %q", p.Text)
	}
	if got := r.Parts[1].Title; got != "下半年工作安排" {
		t.Errorf("part typed 2、 has title %q", got)
	}
}

func TestWebReportDetails(t *testing.T) {
	c := genreCases[1]
	r := parseGenre(t, c, readTestdata(t, c.file))
	one, two := r.Parts[0], r.Parts[1]
	// 一是…二是… stay inside their paragraphs, and a paragraph that opens
	// with 一是 is a paragraph of its subsection, not a heading.
	if p := one.Sections[0].Paragraphs[1]; !strings.Contains(p.Text, "一是先进制造业加快发展") || !strings.Contains(p.Text, "三是“专精特新”") {
		t.Errorf("enumeration split or lost: %q", p.Text)
	}
	s := two.Sections[0]
	if len(s.Paragraphs) != 3 || !strings.HasPrefix(s.Paragraphs[0].Text, "一是强化项目支撑。") {
		t.Errorf("paragraphs opening with 一是 misread: %d paragraphs in %q", len(s.Paragraphs), s.Title)
	} else if s.Paragraphs[0].Lead != "一是强化项目支撑。" {
		t.Errorf("lead = %q", s.Paragraphs[0].Lead)
	}
	if got := two.Sections[2].Items[0].Title; got != "推进数字化转型" {
		t.Errorf("item 1. title = %q", got)
	}
	if len(one.Closing) != 1 || !strings.HasPrefix(one.Closing[0].Text, "在肯定成绩的同时") {
		t.Errorf("part 一 closing = %+v", one.Closing)
	}
	if len(two.Closing) != 1 || !strings.HasSuffix(two.Closing[0].Text, "努力奋斗！") {
		t.Errorf("part 二 closing = %+v", two.Closing)
	}
	for _, p := range r.Paragraphs() {
		if strings.Contains(p.Text, "2022年8月26日") && !strings.Contains(p.Text, "报告") {
			t.Errorf("closing date line kept as text: %q", p.Text)
		}
	}
}

// The same web report copied without its blank lines (as text pasted out
// of a PDF arrives) gives the same tree: the title block lines, which end
// without punctuation, are not glued together as a broken sentence.
func TestWebReportWithoutBlankLines(t *testing.T) {
	c := genreCases[1]
	src := readTestdata(t, c.file)
	var kept [][]byte
	for _, l := range bytes.Split(src, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			kept = append(kept, l)
		}
	}
	dense := parseGenre(t, c, bytes.Join(kept, []byte("\n")))
	spaced := parseGenre(t, c, src)
	if dense.Meta != spaced.Meta {
		t.Errorf("meta without blank lines = %+v\nwith blank lines = %+v", dense.Meta, spaced.Meta)
	}
	if got, want := parsedText(dense), parsedText(spaced); got != want {
		t.Errorf("text differs %s", firstDifference(want, got))
	}
	if dense.Count() != spaced.Count() {
		t.Errorf("counts without blank lines = %+v, with = %+v", dense.Count(), spaced.Count())
	}
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	return readRepo(t, filepath.Join("internal/reportimport/testdata", name))
}
