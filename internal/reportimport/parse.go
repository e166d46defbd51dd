package reportimport

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

// Parse reads a report text. file names it in messages; corrections may be
// nil. The result carries every normalisation applied in Notes.
func Parse(file string, src []byte, corrections []Correction) (*Report, error) {
	text, notes, err := decode(file, src)
	if err != nil {
		return nil, err
	}
	p := &parser{file: file, src: []byte(text), rep: &Report{File: file, Notes: notes}}
	raw := strings.Split(text, "\n")
	for i, r := range raw {
		p.lines = append(p.lines, classify(i+1, r))
	}
	p.noteTrims()
	// The title block is read line by line before broken lines are joined:
	// its lines end without punctuation, and would otherwise be joined.
	if err := p.titleBlock(); err != nil {
		return nil, err
	}
	p.joinBroken()
	p.promoteParts()
	if err := p.build(); err != nil {
		return nil, err
	}
	if err := p.applyCorrections(corrections); err != nil {
		return nil, err
	}
	p.findLeads()
	sort.SliceStable(p.rep.Notes, func(i, j int) bool { return p.rep.Notes[i].Line < p.rep.Notes[j].Line })
	return p.rep, nil
}

type parser struct {
	file  string
	src   []byte
	lines []line
	rep   *Report
	// blankSeparated: paragraphs are separated by blank lines (the web-copied
	// form), so consecutive text lines belong to one paragraph.
	blankSeparated bool
}

func (p *parser) note(line int, format string, args ...any) {
	p.rep.Notes = append(p.rep.Notes, Note{Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(line, col int, format string, args ...any) error {
	return srcpos.Errorf(srcpos.Pos{File: p.file, Line: line, Col: col}, p.src, format, args...)
}

func (p *parser) noteTrims() {
	lead, trail, spaced, blanks := 0, 0, 0, 0
	for _, l := range p.lines {
		switch {
		case l.kind == kindBlank && l.raw != "":
			blanks++
		case l.trimmed:
			if strings.TrimLeftFunc(l.raw, isSpace) != l.raw {
				if l.kind != kindText {
					p.note(l.no, "removed white space before the heading %q", l.marker)
				} else {
					lead++
				}
			}
			if strings.TrimRightFunc(l.raw, isSpace) != l.raw {
				trail++
			}
		}
		if l.spaced {
			spaced++
			p.note(l.no, "removed the space after the marker %q", l.marker)
		}
	}
	if lead > 0 {
		p.note(0, "removed leading white space (indentation) from %d lines", lead)
	}
	if trail > 0 {
		p.note(0, "removed trailing white space from %d lines", trail)
	}
	if blanks > 0 {
		p.note(0, "ignored %d lines holding only white space", blanks)
	}
}

// joinBroken rejoins a sentence broken across lines: a text line that does
// not end a sentence continues on the next text line.
func (p *parser) joinBroken() {
	texts, followedByBlank := 0, 0
	for i, l := range p.lines {
		if l.kind == kindText {
			texts++
			if i+1 < len(p.lines) && p.lines[i+1].kind == kindBlank {
				followedByBlank++
			}
		}
	}
	p.blankSeparated = texts > 2 && followedByBlank*2 >= texts
	var out []line
	for i := 0; i < len(p.lines); i++ {
		l := p.lines[i]
		if l.kind != kindText {
			out = append(out, l)
			continue
		}
		for i+1 < len(p.lines) && p.lines[i+1].kind == kindText &&
			(p.blankSeparated || !endsSentence(p.lines[i].text) || brokenNumber(p.lines[i].text, p.lines[i+1].text)) {
			prev, next := p.lines[i], p.lines[i+1]
			if endsSentence(prev.text) && !brokenNumber(prev.text, next.text) {
				p.note(l.no, "joined lines %d–%d into one paragraph (no blank line between them)", prev.no, next.no)
			} else {
				p.note(l.no, "rejoined a sentence broken across lines %d–%d", prev.no, next.no)
			}
			l.text = joinText(l.text, next.text)
			l.end = next.no
			i++
		}
		out = append(out, l)
	}
	p.lines = out
}

func joinText(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra < utf8.RuneSelf && rb < utf8.RuneSelf && isWordRune(ra) && isWordRune(rb) {
		return a + " " + b
	}
	return a + b
}

// isWordRune: only a break between two Latin letters stands for a space
// (an English word wrapped at a space). Digits join without one, since a
// number broken across lines ("4" / "26.85亿元") must come back whole.
func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

var (
	yearRe        = regexp.MustCompile(`(\d{4})\s*年`)
	dateRe        = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	cnDateRe      = regexp.MustCompile(`^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$`)
	meetingRe     = regexp.MustCompile(`在(.+?会议)上`)
	openingRe     = regexp.MustCompile(`委托.*(报告|审议)|请予审议|请.*审议`)
	salutationEnd = "：:"
)

// titleBlock takes the lines before the first heading apart: title,
// subtitle (——date 在…会议上), presenter, salutation, opening formula. It
// also takes a closing date line (and a signature before it) off the end.
// Lines it reads into metadata become blank; the rest of the text before
// the first heading (the opening formula) stays, to become the preamble.
func (p *parser) titleBlock() error {
	first := -1
	for i, l := range p.lines {
		if l.kind == kindPart || l.kind == kindSection || l.kind == kindItem {
			first = i
			break
		}
	}
	if first < 0 {
		return p.errorf(1, 1, "no headings found: a report of this genre has parts (一、二、) and subsections （一）（二）; check that this is the right file")
	}
	meta := &p.rep.Meta
	rest := 0 // text lines before the first heading kept as text
	seenSubtitle := false
	for i := range p.lines[:first] {
		l := &p.lines[i]
		if l.kind == kindBlank {
			continue
		}
		t := l.text
		switch {
		case strings.HasPrefix(t, "—") || strings.HasPrefix(t, "--"):
			meta.Subtitle = strings.TrimLeft(t, "—-－ ")
			if m := dateRe.FindStringSubmatch(t); m != nil {
				meta.Date = isoDate(m[1], m[2], m[3])
			}
			if m := meetingRe.FindStringSubmatch(t); m != nil {
				meta.Meeting = m[1]
			}
			seenSubtitle = true
			p.note(l.no, "title block: subtitle → report metadata")
		case meta.Title == "" && rest == 0 && !endsSentence(t) && i < first && !seenSubtitle && utf8.RuneCountInString(t) <= 80:
			meta.Title = t
			p.note(l.no, "title block: title → report metadata")
		case strings.ContainsAny(lastRune(t), salutationEnd) && utf8.RuneCountInString(t) <= 40 && !strings.Contains(t, "。"):
			meta.Salutation = t
			p.note(l.no, "title block: salutation → report metadata")
		case meta.Title != "" && meta.Salutation == "" && !endsSentence(t) && utf8.RuneCountInString(t) <= 40:
			meta.Presenter = strings.Join(strings.FieldsFunc(t, isSpace), " ")
			p.note(l.no, "title block: presenting body → report metadata")
		case openingRe.MatchString(t):
			p.note(l.no, "title block: opening formula kept as the preamble")
			rest++
			continue
		default:
			rest++
			continue
		}
		l.kind = kindBlank // read into the metadata
	}
	// Closing date line and an optional signature just before it.
	tail := p.lines[first:]
	last := len(tail) - 1
	for last >= 0 && tail[last].kind == kindBlank {
		last--
	}
	if last > 0 && tail[last].kind == kindText {
		t := tail[last].text
		date := ""
		if m := dateRe.FindStringSubmatch(t); m != nil && m[0] == t {
			date = isoDate(m[1], m[2], m[3])
		} else if m := cnDateRe.FindStringSubmatch(t); m != nil {
			date = isoDate(cnYear(m[1]), fmt.Sprint(chineseNumber(m[2])), fmt.Sprint(chineseNumber(m[3])))
		}
		if date != "" {
			if meta.Date == "" {
				meta.Date = date
			}
			p.note(tail[last].no, "closing date line → report metadata (%s)", date)
			tail[last].kind = kindBlank
			prev := last - 1
			for prev >= 0 && tail[prev].kind == kindBlank {
				prev--
			}
			if prev >= 0 && tail[prev].kind == kindText && !endsSentence(tail[prev].text) && utf8.RuneCountInString(tail[prev].text) <= 30 {
				meta.Signature = tail[prev].text
				p.note(tail[prev].no, "closing signature line → report metadata")
				tail[prev].kind = kindBlank
			}
		}
	}
	return nil
}

func lastRune(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

func isoDate(y, m, d string) string {
	var yi, mi, di int
	fmt.Sscan(y, &yi)
	fmt.Sscan(m, &mi)
	fmt.Sscan(d, &di)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

func cnYear(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprint(&b, chineseDigits[r])
	}
	return b.String()
}

// promoteParts finds parts typed like items ("2、 下半年工作重点" where
// "二、" belongs). An item marker followed by a subsection heading is
// either the last item of a subsection (the next subsection continues the
// numbering) or a part: it is read as a part when the subsection after it
// starts a new numbering (（一） or （1）), or when its number continues the
// parts and not the items. The sequence decides, not the marker alone.
func (p *parser) promoteParts() {
	parts, sections, lastItem := 0, 0, 0
	for i := range p.lines {
		l := &p.lines[i]
		switch l.kind {
		case kindPart:
			parts, sections, lastItem = parts+1, 0, 0
			continue
		case kindSection:
			sections, lastItem = sections+1, 0
			continue
		case kindItem:
		default:
			continue
		}
		next := p.nextHeading(i)
		if next == nil || next.kind != kindSection {
			lastItem = l.number
			continue
		}
		restart := next.number == 1 && sections > 0
		continuesParts := l.number == parts+1 && l.number != lastItem+1
		if !restart && !continuesParts {
			lastItem = l.number
			continue
		}
		why := fmt.Sprintf("the subsection after it, %q, starts a new numbering", next.marker)
		if !restart {
			why = "its number continues the parts, not the items before it, and subsections follow it"
		}
		p.note(l.no, "read %q as a part heading (%s、): %s", l.marker, ChineseNumeral(l.number), why)
		l.kind = kindPart
		parts, sections, lastItem = parts+1, 0, 0
	}
}

// nextHeading returns the first heading line after line i, or nil.
func (p *parser) nextHeading(i int) *line {
	for j := i + 1; j < len(p.lines); j++ {
		if k := p.lines[j].kind; k != kindText && k != kindBlank {
			return &p.lines[j]
		}
	}
	return nil
}

func paragraphOf(l line) Paragraph {
	return Paragraph{Text: l.text, Line: l.no, EndLine: l.end}
}

// build turns the flat sequence of lines into parts, subsections, items
// and paragraphs, numbering headings by position and noting any marker
// that disagrees with the position.
func (p *parser) build() error {
	var part *Part
	var sec *Section
	var item *Item
	for _, l := range p.lines {
		switch l.kind {
		case kindBlank:
		case kindPart:
			part = &Part{Number: len(p.rep.Parts) + 1, Title: l.text, Line: l.no}
			p.checkNumber(l, part.Number, "part")
			p.rep.Parts = append(p.rep.Parts, part)
			sec, item = nil, nil
		case kindSection:
			if part == nil {
				return p.errorf(l.no, 1, "subsection %q comes before any part heading (一、): add the part heading or fix the marker", l.marker)
			}
			sec = &Section{Number: len(part.Sections) + 1, Title: l.text, Line: l.no}
			p.checkNumber(l, sec.Number, "subsection")
			part.Sections = append(part.Sections, sec)
			item = nil
		case kindItem:
			if sec == nil {
				if part == nil {
					return p.errorf(l.no, 1, "numbered item %q comes before any part heading (一、)", l.marker)
				}
				// An item directly under a part: the part has no subsections
				// here, so treat the item as a subsection of its own.
				sec = &Section{Number: len(part.Sections) + 1, Title: l.text, Line: l.no}
				p.note(l.no, "read item %q directly under a part as subsection （%s）", l.marker, ChineseNumeral(sec.Number))
				part.Sections = append(part.Sections, sec)
				item = nil
				continue
			}
			item = &Item{Number: len(sec.Items) + 1, Title: l.text, Line: l.no}
			p.checkNumber(l, item.Number, "item")
			sec.Items = append(sec.Items, item)
		case kindText:
			para := paragraphOf(l)
			switch {
			case part == nil:
				p.rep.Preamble = append(p.rep.Preamble, para)
			case item != nil:
				item.Paragraphs = append(item.Paragraphs, para)
			case sec != nil:
				sec.Paragraphs = append(sec.Paragraphs, para)
			default:
				part.Intro = append(part.Intro, para)
			}
		}
	}
	for _, pt := range p.rep.Parts {
		for _, s := range pt.Sections {
			if len(s.Paragraphs) == 0 && len(s.Items) == 0 {
				return p.errorf(s.Line, 1, "subsection %q has no text: a heading must be followed by at least one paragraph", s.Title)
			}
			for _, it := range s.Items {
				if len(it.Paragraphs) == 0 {
					return p.errorf(it.Line, 1, "item %q has no text: a heading must be followed by at least one paragraph", it.Title)
				}
			}
		}
		if len(pt.Sections) == 0 && len(pt.Intro) == 0 {
			return p.errorf(pt.Line, 1, "part %q has no text", pt.Title)
		}
	}
	return nil
}

func (p *parser) checkNumber(l line, want int, what string) {
	switch {
	case l.number != want:
		p.note(l.no, "%s marker %q is out of sequence: numbered %d by its position", what, l.marker, want)
	case l.arabic:
		p.note(l.no, "read %q as （%s）", l.marker, ChineseNumeral(l.number))
	}
}

// leadMaxRunes: leads of the genre are a short clause (经济运行稳中向好。).
const leadMaxRunes = 24

func (p *parser) findLeads() {
	set := func(ps []Paragraph) {
		for i := range ps {
			ps[i].Lead = Lead(ps[i].Text)
		}
	}
	set(p.rep.Preamble)
	for _, pt := range p.rep.Parts {
		set(pt.Intro)
		set(pt.Closing)
		for _, s := range pt.Sections {
			set(s.Paragraphs)
			for _, it := range s.Items {
				set(it.Paragraphs)
			}
		}
	}
}

// Lead returns the short opening sentence of a paragraph, or "" when the
// paragraph does not open with one.
func Lead(text string) string {
	i := strings.Index(text, "。")
	if i < 0 {
		return ""
	}
	lead := text[:i+len("。")]
	n := utf8.RuneCountInString(lead)
	if n > leadMaxRunes || n < 4 || len(lead) == len(text) || strings.ContainsAny(lead, "，,；") {
		return ""
	}
	return lead
}
