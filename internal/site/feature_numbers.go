package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"reportsite/internal/content"
	"reportsite/internal/quantity"
	"reportsite/internal/srcpos"
)

// numbersFeature proves that the English edition states the numbers of the
// Chinese original: every aligned pair of paragraphs, item headings and
// page titles is scanned and compared (package quantity), and any
// mismatch fails the build, positioned in the English file with the
// Chinese position beside it. It adds no pages.
type numbersFeature struct {
	// Measured on Load, for the record: pairs of texts compared and
	// numbers in the Chinese texts that took part in the comparison.
	Paragraphs, Quantities int
	Names                  map[string]*quantity.Names // by report id
}

func newNumbersFeature() Feature { return &numbersFeature{Names: map[string]*quantity.Names{}} }

func (f *numbersFeature) Pages(*Project, string) []*Page          { return nil }
func (f *numbersFeature) Files(*Project, map[string][]byte) error { return nil }

// numberedText is one text of a page with the means to position a byte
// offset of its plain text in the content file.
type numberedText struct {
	id    string
	text  string
	start srcpos.Pos // where the text starts (column 1 of a paragraph)
	pos   func(off int) srcpos.Pos
}

func (f *numbersFeature) Load(p *Project) error {
	var errs srcpos.List
	for _, r := range p.Reports {
		errs.Append(f.checkReport(p.scans, r, p.Site.Languages))
	}
	return errs.Err()
}

// checkReport checks the declared names of one report and compares each
// translation with the Chinese.
func (f *numbersFeature) checkReport(scans *quantity.Memo, r *Report, langs []string) error {
	zh := r.Docs["zh"]
	if zh == nil {
		return nil
	}
	names, err := f.loadNames(scans, r, zh)
	if err != nil {
		return err
	}
	var errs srcpos.List
	for _, lang := range langs {
		if lang == "zh" || r.Docs[lang] == nil {
			continue
		}
		if lang != "en" {
			errs.Addf(srcpos.Pos{File: r.Docs[lang].Dir}, nil, "the numbers check reads only English translations: add a scanner for %q to package quantity", lang)
			continue
		}
		errs.Append(f.compare(scans, zh, r.Docs[lang], names))
	}
	return errs.Err()
}

// loadNames reads data/<report>/numerals.toml (optional) and checks every
// declaration against the Chinese paragraph it names.
func (f *numbersFeature) loadNames(scans *quantity.Memo, r *Report, zh *content.Document) (*quantity.Names, error) {
	path := filepath.Join(r.Meta.Dir, "numerals.toml")
	if _, err := os.Stat(path); err != nil {
		return nil, nil
	}
	names, err := quantity.LoadNames(path)
	if err != nil {
		return nil, err
	}
	f.Names[r.Meta.ID] = names
	texts := map[string]string{}
	for _, t := range documentTexts(zh) {
		texts[t.id] = t.text
	}
	var errs srcpos.List
	for _, d := range names.Decls {
		text, ok := texts[d.Paragraph]
		if !ok {
			errs.Add(names.Errorf(d, "paragraph %q does not exist in %s: use the id of the paragraph where %q occurs", d.Paragraph, zh.Dir, d.Text))
			continue
		}
		_, problems := quantity.ApplyNames(text, scans.ScanZh(text), []quantity.NameDecl{d}, false)
		for _, pr := range problems {
			errs.Add(names.Errorf(d, "%s", pr.Msg))
		}
	}
	return names, errs.Err()
}

func (f *numbersFeature) compare(scans *quantity.Memo, zh, en *content.Document, names *quantity.Names) error {
	var errs srcpos.List
	files := map[string][]byte{}
	// source is a content file's text, for the excerpt under a message.
	source := func(path string) []byte {
		if b, ok := files[path]; ok {
			return b
		}
		b, _ := os.ReadFile(path)
		files[path] = b
		return b
	}
	enTexts := map[string]numberedText{}
	for _, t := range documentTexts(en) {
		enTexts[t.id] = t
	}
	for _, z := range documentTexts(zh) {
		e, ok := enTexts[z.id]
		if !ok {
			continue // alignment reports it
		}
		decls := names.For(z.id)
		zn, _ := quantity.ApplyNames(z.text, scans.ScanZh(z.text), decls, false)
		en, problems := quantity.ApplyNames(e.text, scans.ScanEn(e.text), decls, true)
		for _, pr := range problems {
			errs.Addf(e.start, source(e.start.File), "%s (declared at %s): write the name as the Chinese does, or declare its English form with en = \"…\"", pr.Msg, pr.Decl.Pos)
		}
		f.Paragraphs++
		for _, n := range zn {
			if n.Kind != quantity.Date && n.Kind != quantity.Ordinal {
				f.Quantities++
			}
		}
		for _, m := range quantity.Compare(zn, en) {
			at, other := e.start, z.start
			if m.En != nil {
				at = e.pos(m.En.DigitStart)
			}
			if m.Zh != nil {
				other = z.pos(m.Zh.DigitStart)
			}
			errs.Addf(at, source(at.File), "numbers differ from the Chinese at %s: %s", other, m.Detail)
		}
	}
	return errs.Err()
}

// documentTexts lists a document's texts that carry numbers: page titles
// (id "title:<slug>"), item headings and paragraphs.
func documentTexts(d *content.Document) []numberedText {
	var out []numberedText
	for _, s := range d.Sections {
		if s.Title != "" {
			out = append(out, titleText(s))
		}
		for _, b := range s.Blocks {
			if b.Kind == content.Sections {
				continue
			}
			b := b
			col := 1
			if b.Kind == content.Item {
				col = 4 // after "## "
			}
			file := s.File
			out = append(out, numberedText{id: b.ID, text: b.Text, start: srcpos.Pos{File: file, Line: b.Line, Col: col}, pos: func(off int) srcpos.Pos {
				return sourcePos(file, b.Markdown, b.Line, col, b.Text, off)
			}})
		}
	}
	return out
}

// titleText positions a page title on its front-matter line.
func titleText(s *content.Section) numberedText {
	plain := content.PlainText(s.TitleHTML)
	line, col := s.Line, 1
	if src, err := os.ReadFile(s.File); err == nil {
		for i, l := range strings.Split(string(src), "\n") {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "title") && strings.Contains(t, "=") {
				line = i + 1
				col = utf8.RuneCountInString(l[:strings.Index(l, "=")]) + 1
				if q := strings.IndexAny(l, `"'`); q >= 0 {
					col = utf8.RuneCountInString(l[:q]) + 2
				}
				break
			}
		}
	}
	file, title := s.File, s.Title
	return numberedText{id: "title:" + s.Slug, text: plain, start: srcpos.Pos{File: file, Line: line, Col: col}, pos: func(off int) srcpos.Pos {
		return sourcePos(file, title, line, col, plain, off)
	}}
}

// sourcePos maps a byte offset in a block's plain text to its place in the
// Markdown source (which starts at line, column col). The plain text is the
// source with markup removed, so each of its characters is found, in
// order, in the source.
func sourcePos(file, markdown string, line, col int, plain string, off int) srcpos.Pos {
	j := 0
	for i, r := range plain {
		if i >= off {
			break
		}
		k := strings.IndexRune(markdown[j:], r)
		if k < 0 {
			break
		}
		j += k + utf8.RuneLen(r)
	}
	// Skip markup between the previous character and the target one.
	if off < len(plain) {
		r, _ := utf8.DecodeRuneInString(plain[off:])
		if k := strings.IndexRune(markdown[j:], r); k >= 0 {
			j += k
		}
	}
	before := markdown[:j]
	nl := strings.Count(before, "\n")
	if nl > 0 {
		col = 1
		before = before[strings.LastIndexByte(before, '\n')+1:]
	}
	return srcpos.Pos{File: file, Line: line + nl, Col: col + utf8.RuneCountInString(before)}
}

// String says what the numbers check compared in the last Load.
func (f *numbersFeature) String() string {
	return fmt.Sprintf("%d texts, %d numbers", f.Paragraphs, f.Quantities)
}
