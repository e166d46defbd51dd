package benchgen

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"reportsite/internal/reportimport"
)

// seedWriter writes a parsed report back as a plain text of the genre,
// with the typing quirks that published texts carry and that the importer
// normalises: markers written several ways (（一） (一) （1） (1)，1、 1. 1．
// １、), a part typed as an item (2、 before a subsection numbering that
// starts again), a subsection marker out of sequence, indented and
// space-padded lines, a paragraph broken across two lines, and blank lines
// between paragraphs in some texts. The importer must read it back to the
// same tree (Generate checks that it does).
type seedWriter struct {
	rng   *rand.Rand
	b     strings.Builder
	blank bool // a blank line after every line (the web-copied form)
}

func writeSeed(r *reportimport.Report, rng *rand.Rand) []byte {
	w := &seedWriter{rng: rng, blank: rng.IntN(3) == 0}
	if r.Meta.Title != "" {
		w.line(r.Meta.Title)
	}
	if r.Meta.Subtitle != "" {
		w.line("——" + r.Meta.Subtitle)
	}
	if r.Meta.Presenter != "" {
		w.line(r.Meta.Presenter)
	}
	if r.Meta.Salutation != "" {
		w.line(r.Meta.Salutation)
	}
	w.paragraphs(r.Preamble)
	for i, pt := range r.Parts {
		prevHasSections := i > 0 && len(r.Parts[i-1].Sections) > 0
		w.partHeading(pt, prevHasSections)
		w.paragraphs(pt.Intro)
		for _, s := range pt.Sections {
			w.sectionHeading(s)
			w.paragraphs(s.Paragraphs)
			for _, it := range s.Items {
				w.itemHeading(it)
				w.paragraphs(it.Paragraphs)
			}
		}
		// Closing paragraphs follow the last item as in the published
		// text; the report's corrections.toml moves them to the part.
		w.paragraphs(pt.Closing)
	}
	return []byte(w.b.String())
}

func (w *seedWriter) line(s string) {
	w.b.WriteString(s)
	w.b.WriteString("\n")
	if w.blank {
		w.b.WriteString("\n")
	}
}

func (w *seedWriter) chance(n int) bool { return w.rng.IntN(n) == 0 }

// indent is the white space a heading or paragraph may be typed with.
func (w *seedWriter) indent() string {
	switch w.rng.IntN(8) {
	case 0:
		return "　　"
	case 1:
		return " "
	}
	return ""
}

func (w *seedWriter) gap() string {
	if w.chance(6) {
		return " "
	}
	return ""
}

func (w *seedWriter) partHeading(pt *reportimport.Part, prevHasSections bool) {
	marker := reportimport.ChineseNumeral(pt.Number) + "、"
	// Typed as an item: the importer reads it as a part because the
	// subsection after it starts a new numbering.
	if pt.Number > 1 && prevHasSections && len(pt.Sections) > 0 && w.chance(3) {
		marker = strconv.Itoa(pt.Number) + "、"
	} else if w.chance(6) {
		marker = reportimport.ChineseNumeral(pt.Number) + "．"
	}
	w.line(w.indent() + marker + w.gap() + pt.Title)
}

func (w *seedWriter) sectionHeading(s *reportimport.Section) {
	n := s.Number
	// Out of sequence (numbered by position on import), never as 1: a
	// subsection numbered 1 restarts the numbering and would make the item
	// before it a part.
	if n > 1 && w.chance(12) {
		n++
	}
	var marker string
	switch w.rng.IntN(6) {
	case 0:
		marker = "(" + reportimport.ChineseNumeral(n) + ")"
	case 1:
		marker = "（" + strconv.Itoa(n) + "）"
	case 2:
		marker = "(" + strconv.Itoa(n) + ")"
	case 3:
		marker = "（" + fullWidth(strconv.Itoa(n)) + "）"
	default:
		marker = "（" + reportimport.ChineseNumeral(n) + "）"
	}
	w.line(w.indent() + marker + w.gap() + s.Title)
}

func (w *seedWriter) itemHeading(it *reportimport.Item) {
	digits := strconv.Itoa(it.Number)
	var marker string
	switch w.rng.IntN(5) {
	case 0:
		marker = digits + "."
	case 1:
		marker = digits + "．"
	case 2:
		marker = fullWidth(digits) + "、"
	default:
		marker = digits + "、"
	}
	// "3.5%…" is a decimal, not item 3: keep a dot away from a title that
	// starts with a digit.
	if r, _ := utf8.DecodeRuneInString(it.Title); digitValue(r) >= 0 {
		marker = digits + "、"
	}
	w.line(w.indent() + marker + w.gap() + it.Title)
}

func (w *seedWriter) paragraphs(ps []reportimport.Paragraph) {
	for _, p := range ps {
		text := p.Text
		if a, b, ok := w.breakPoint(text); ok && w.chance(10) {
			// No blank line between the halves, even in the web-copied
			// form: a blank line would end the paragraph.
			w.b.WriteString(w.indent() + a + "\n")
			w.line(b)
			continue
		}
		trail := ""
		if w.chance(15) {
			trail = " "
		}
		w.line(w.indent() + text + trail)
	}
}

// breakPoint finds where a paragraph may be broken across two lines so
// that the importer joins it back without a space: between two Chinese
// characters, after a first line that is no heading (it holds a full
// stop) and before a second that cannot start one.
func (w *seedWriter) breakPoint(text string) (string, string, bool) {
	stop := strings.Index(text, "。")
	if stop < 0 {
		return "", "", false
	}
	var cuts []int
	prev := rune(0)
	for i, r := range text {
		if i > stop+len("。") && unicode.Is(unicode.Han, prev) && unicode.Is(unicode.Han, r) && !strings.ContainsRune("一二三四五六七八九十", r) {
			cuts = append(cuts, i)
		}
		prev = r
	}
	if len(cuts) == 0 {
		return "", "", false
	}
	at := cuts[w.rng.IntN(len(cuts))]
	return text[:at], text[at:], true
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}
