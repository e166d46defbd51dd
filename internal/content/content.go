// Package content reads and writes the sectioned report: one Markdown file
// per page under content/<report>/<lang>/, with TOML front matter. Every
// paragraph carries a stable id ({#p…} on the line before it) that aligns
// languages and lets data cite it.
//
// File format:
//
//	+++
//	kind = "section"        # "preamble", "part" or "section"
//	part = 1                # the part it belongs to (parts: their own number)
//	number = 1              # position within the part (sections)
//	title = "锚定现代化…"
//	order = 30              # reading order within the report
//	+++
//
//	{#p1a2b3c}
//	**经济运行稳中向好**。出台实施了…
//
//	## 坚持城市宜业宜居，推动生态形象品质再升级 {#h-1-4-1}
//
// In a part's file the line {sections} marks where its subsections come;
// paragraphs after it close the part.
package content

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Kinds of page.
const (
	KindPreamble = "preamble"
	KindPart     = "part"
	KindSection  = "section"
)

// Document is one language edition of one report.
type Document struct {
	Report   string
	Lang     string
	Dir      string
	Sections []*Section // in reading order
}

// Section is one content file.
type Section struct {
	File   string
	Slug   string // the file name without .md: the page's URL segment
	Kind   string `toml:"kind"`
	Part   int    `toml:"part"`
	Number int    `toml:"number"`
	Title  string `toml:"title"`
	Order  int    `toml:"order"`
	// TitleHTML is Title rendered as inline Markdown.
	TitleHTML string  `toml:"-"`
	Blocks    []Block `toml:"-"`
	Line      int     `toml:"-"` // line of the front matter's first key
}

// BlockKind says what a body block is.
type BlockKind int

const (
	Paragraph BlockKind = iota
	Item                // a numbered item heading (## …)
	Sections            // the {sections} placeholder in a part
)

// Block is one block of a section's body.
type Block struct {
	Kind     BlockKind
	ID       string
	Markdown string // the source, as written
	HTML     string // inline HTML, without the <p> wrapper
	Text     string // plain text, as a reader sees it
	Lead     string // plain text of the lead sentence, if the paragraph opens with one
	Line     int    // line of the text (for paragraphs: the line after {#id})
}

// Paragraphs returns the section's paragraphs.
func (s *Section) Paragraphs() []Block {
	var out []Block
	for _, b := range s.Blocks {
		if b.Kind == Paragraph {
			out = append(out, b)
		}
	}
	return out
}

var (
	idRe      = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)
	slugRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	headingRe = regexp.MustCompile(`^##\s+(.*?)\s*\{#([^}]*)\}\s*$`)
	anchorRe  = regexp.MustCompile(`^\{#([^}]*)\}\s*$`)
)

// ValidID reports whether s may be used as a paragraph or heading id.
func ValidID(s string) bool { return idRe.MatchString(s) }

// ReadDocument reads every .md file in dir.
func ReadDocument(report, lang, dir string) (*Document, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	doc := &Document{Report: report, Lang: lang, Dir: dir}
	var errs srcpos.List
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		s, err := ParseSection(path, src)
		if err != nil {
			errs.Append(err)
			continue
		}
		doc.Sections = append(doc.Sections, s)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(doc.Sections) == 0 {
		return nil, srcpos.Errorf(srcpos.Pos{File: dir}, nil, "no content files (*.md): run `reportsite import` first")
	}
	sort.SliceStable(doc.Sections, func(i, j int) bool { return doc.Sections[i].Order < doc.Sections[j].Order })
	return doc, doc.check()
}

// check validates the document as a whole: unique ids and orders.
func (d *Document) check() error {
	var errs srcpos.List
	ids := map[string]srcpos.Pos{}
	orders := map[int]string{}
	for _, s := range d.Sections {
		if prev, ok := orders[s.Order]; ok {
			errs.Addf(srcpos.Pos{File: s.File, Line: s.Line}, nil, "order %d is also used by %s: each page needs its own order", s.Order, prev)
		}
		orders[s.Order] = s.File
		for _, b := range s.Blocks {
			if b.ID == "" {
				continue
			}
			pos := srcpos.Pos{File: s.File, Line: b.Line - 1, Col: 1}
			if b.Kind == Item {
				pos.Line = b.Line
			}
			if prev, ok := ids[b.ID]; ok {
				errs.Addf(pos, nil, "duplicate id %q (first used at %s): ids must be unique within a report", b.ID, prev)
				continue
			}
			ids[b.ID] = pos
		}
	}
	return errs.Err()
}

// ParseSection parses one content file.
func ParseSection(path string, src []byte) (*Section, error) {
	base := strings.TrimSuffix(filepath.Base(path), ".md")
	if !slugRe.MatchString(base) {
		return nil, srcpos.Errorf(srcpos.Pos{File: path}, nil, "file name %q is not a valid page slug: use lowercase letters, digits and hyphens", base)
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, n := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return nil, srcpos.Errorf(srcpos.Offset(path, src, off), nil, "invalid UTF-8: content files must be UTF-8")
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, srcpos.Errorf(srcpos.Offset(path, src, bytes.IndexByte(src, 0)), nil, "NUL byte in a content file")
	}
	if off, r := srcpos.ControlChar(src); off >= 0 {
		return nil, srcpos.Errorf(srcpos.Offset(path, src, off), nil, "control character %U in a content file: delete it (HTML cannot carry it)", r)
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	norm := strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(norm, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "+++" {
		return nil, srcpos.Errorf(srcpos.Pos{File: path, Line: 1, Col: 1}, []byte(norm), "a content file starts with TOML front matter between +++ lines")
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "+++" {
			end = i
			break
		}
	}
	if end < 0 {
		return nil, srcpos.Errorf(srcpos.Pos{File: path, Line: 1, Col: 1}, []byte(norm), "front matter is not closed: add a line +++ after it")
	}
	s := &Section{File: path, Slug: base, Line: 2}
	fm := strings.Join(lines[1:end], "\n")
	if _, err := tomldata.Decode(path, []byte(fm), 1, s); err != nil {
		return nil, err
	}
	fmPos := srcpos.Pos{File: path, Line: 2, Col: 1}
	var errs srcpos.List
	switch s.Kind {
	case KindPreamble, KindPart, KindSection:
	default:
		errs.Addf(fmPos, []byte(norm), "kind = %q: use \"preamble\", \"part\" or \"section\"", s.Kind)
	}
	if s.Kind != KindPreamble && strings.TrimSpace(s.Title) == "" {
		errs.Addf(fmPos, []byte(norm), "missing title")
	}
	if s.Kind != KindPreamble && s.Part < 1 {
		errs.Addf(fmPos, []byte(norm), "part = %d: parts are numbered from 1", s.Part)
	}
	if s.Kind == KindSection && s.Number < 1 {
		errs.Addf(fmPos, []byte(norm), "number = %d: subsections are numbered from 1 within their part", s.Number)
	}
	if s.Title != "" {
		// A title is inline Markdown, like a paragraph: one that Markdown
		// reads as a heading or list would vanish from the page.
		h, _, err := Inline(s.Title)
		if err != nil {
			errs.Addf(srcpos.Pos{File: path, Line: keyLine(lines[:end], "title"), Col: 1}, []byte(norm), "title: %v", err)
		}
		s.TitleHTML = h
	}
	s.Blocks = parseBody(path, []byte(norm), lines, end+1, &errs)
	if s.Kind != KindPart {
		for _, b := range s.Blocks {
			if b.Kind == Sections {
				errs.Addf(srcpos.Pos{File: path, Line: b.Line, Col: 1}, []byte(norm), "{sections} belongs only in a part's file")
			}
		}
	}
	return s, errs.Err()
}

// keyLine returns the 1-based line of the front matter that sets key, or 2
// (the first key's line) when none does.
func keyLine(frontMatter []string, key string) int {
	for i, l := range frontMatter {
		if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == key {
			return i + 1
		}
	}
	return 2
}

func parseBody(path string, src []byte, lines []string, start int, errs *srcpos.List) []Block {
	var blocks []Block
	for i := start; i < len(lines); {
		t := strings.TrimRight(lines[i], " \t")
		switch {
		case strings.TrimSpace(t) == "":
			i++
		case t == "{sections}":
			blocks = append(blocks, Block{Kind: Sections, Line: i + 1})
			i++
		case strings.HasPrefix(t, "## "):
			m := headingRe.FindStringSubmatch(t)
			if m == nil {
				errs.Addf(srcpos.Pos{File: path, Line: i + 1, Col: 1}, src, "an item heading needs an id at its end: ## Title {#h-…}")
				i++
				continue
			}
			b := Block{Kind: Item, ID: m[2], Markdown: m[1], Line: i + 1}
			if !ValidID(b.ID) {
				errs.Addf(srcpos.Pos{File: path, Line: i + 1, Col: strings.Index(t, "{#") + 3}, src, "invalid id %q: use lowercase letters, digits and hyphens, starting with a letter", b.ID)
			}
			h, txt, err := Inline(b.Markdown)
			if err != nil {
				errs.Addf(srcpos.Pos{File: path, Line: i + 1, Col: 4}, src, "%v", err)
			}
			b.HTML, b.Text = h, txt
			blocks = append(blocks, b)
			i++
		default:
			m := anchorRe.FindStringSubmatch(t)
			if m == nil {
				errs.Addf(srcpos.Pos{File: path, Line: i + 1, Col: 1}, src, "expected a paragraph id line {#p…} before this text (every paragraph needs a stable id)")
				for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
					i++
				}
				continue
			}
			b := Block{Kind: Paragraph, ID: m[1], Line: i + 2}
			if !ValidID(b.ID) {
				errs.Addf(srcpos.Pos{File: path, Line: i + 1, Col: 3}, src, "invalid id %q: use lowercase letters, digits and hyphens, starting with a letter", b.ID)
			}
			i++
			var body []string
			for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
				body = append(body, strings.TrimRight(lines[i], " \t"))
				i++
			}
			if len(body) == 0 {
				errs.Addf(srcpos.Pos{File: path, Line: b.Line - 1, Col: 1}, src, "paragraph %q has no text after its id line", b.ID)
				continue
			}
			b.Markdown = strings.Join(body, "\n")
			h, txt, err := Inline(b.Markdown)
			if err != nil {
				errs.Addf(srcpos.Pos{File: path, Line: b.Line, Col: 1}, src, "%v", err)
			}
			b.HTML, b.Text = h, txt
			b.Lead = leadOf(h)
			blocks = append(blocks, b)
		}
	}
	return blocks
}

var md = goldmark.New()

// Inline renders Markdown that must form a single paragraph and returns its
// inline HTML and plain text. Raw HTML is never passed through (goldmark's
// default), so content cannot inject markup.
func Inline(src string) (htmlOut, plain string, err error) {
	source := []byte(src)
	doc := md.Parser().Parse(text.NewReader(source))
	if doc.ChildCount() != 1 || doc.FirstChild().Kind() != ast.KindParagraph {
		kind := "nothing"
		if doc.FirstChild() != nil {
			kind = doc.FirstChild().Kind().String()
		}
		return "", "", fmt.Errorf("this text must form one paragraph, but Markdown reads it as %s (%d blocks): escape the leading character with \\", kind, doc.ChildCount())
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(directWriter{&buf}, source, doc); err != nil {
		return "", "", err
	}
	h := strings.TrimSpace(buf.String())
	h = strings.TrimSuffix(strings.TrimPrefix(h, "<p>"), "</p>")
	return h, PlainText(h), nil
}

// directWriter lets goldmark's renderer write into the buffer itself: it
// wraps any writer that is not a util.BufWriter in a new 4 KB
// bufio.Writer, once per call (Inline is called for every paragraph and
// heading: 28 MB of them in a 50-report build).
type directWriter struct{ *bytes.Buffer }

var _ util.BufWriter = directWriter{}

func (directWriter) Buffered() int { return 0 } // nothing is held back
func (directWriter) Flush() error  { return nil }

// PlainText strips tags from inline HTML and unescapes entities.
func PlainText(h string) string {
	return html.UnescapeString(stripTags(h))
}

// stripTags removes every "<" with what follows up to the next ">" (a "<"
// with no ">" after it stays), as regexp <[^>]*> replaced by "" would.
func stripTags(h string) string {
	i := strings.IndexByte(h, '<')
	if i < 0 {
		return h
	}
	var b strings.Builder
	b.Grow(len(h))
	for i >= 0 {
		end := strings.IndexByte(h[i:], '>')
		if end < 0 {
			break
		}
		b.WriteString(h[:i])
		h = h[i+end+1:]
		i = strings.IndexByte(h, '<')
	}
	b.WriteString(h)
	return b.String()
}

// leadOf returns the plain text of a leading <strong> span, with the
// sentence-ending punctuation that follows it.
func leadOf(h string) string {
	if !strings.HasPrefix(h, "<strong>") {
		return ""
	}
	end := strings.Index(h, "</strong>")
	if end < 0 {
		return ""
	}
	lead := PlainText(h[len("<strong>"):end])
	rest := PlainText(h[end+len("</strong>"):])
	if r, _ := utf8.DecodeRuneInString(rest); r == '。' || r == '.' {
		lead += string(r)
	}
	return lead
}
