// Package srcpos locates problems in input files and reports them the way
// editors expect: "file:line:col: message", followed by the offending line and
// a caret under the column. Every stage of reportsite reports errors through it
// so that a newcomer always learns where to look and what to do.
package srcpos

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Pos is a position in a named file. Line and Col are 1-based; Col counts
// characters (runes), not bytes, because the input is mostly Chinese.
// A zero Line means "the whole file".
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Offset converts a byte offset in src into a position.
func Offset(file string, src []byte, off int) Pos {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line := 1 + strings.Count(string(src[:off]), "\n")
	start := strings.LastIndexByte(string(src[:off]), '\n') + 1
	return Pos{File: file, Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// Error is one positioned problem. Excerpt is the source line (without its
// newline) when known; the caret is drawn under Col.
type Error struct {
	Pos     Pos
	Msg     string
	Excerpt string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Excerpt != "" && e.Pos.Line > 0 {
		line := strings.TrimRight(e.Excerpt, "\r\n")
		line = strings.ReplaceAll(line, "\t", " ")
		col := e.Pos.Col
		if utf8.RuneCountInString(line) > 120 {
			var start int
			line, start = clip(line, col)
			col -= start
		}
		fmt.Fprintf(&b, "\n    %s", line)
		if col > 0 {
			fmt.Fprintf(&b, "\n    %s^", strings.Repeat(" ", displayWidth(line, col-1)))
		}
	}
	return b.String()
}

// clip keeps long lines readable: the caret column stays visible. It
// returns the window and how many runes were cut before it; the column in
// the message still refers to the full line.
func clip(line string, col int) (string, int) {
	r := []rune(line)
	start := 0
	if col > 60 {
		start = col - 60
	}
	end := start + 120
	if end > len(r) {
		end = len(r)
	}
	return string(r[start:end]), start
}

// displayWidth is the terminal width of the first n runes of s: wide
// (CJK) characters take two columns, so the caret lands under the right glyph.
func displayWidth(s string, n int) int {
	w := 0
	for i, r := range []rune(s) {
		if i >= n {
			break
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}

// Errorf builds a positioned error, taking the excerpt from src when given.
func Errorf(pos Pos, src []byte, format string, args ...any) *Error {
	e := &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
	if src != nil && pos.Line > 0 {
		e.Excerpt = LineText(src, pos.Line)
		if pos.Col > 0 && e.Excerpt == "" {
			e.Pos.Col = 0
		}
	}
	return e
}

// LineText returns line n (1-based) of src without its line ending.
func LineText(src []byte, n int) string {
	s := string(src)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(s, '\n')
		if j < 0 {
			return ""
		}
		s = s[j+1:]
	}
	if j := strings.IndexByte(s, '\n'); j >= 0 {
		s = s[:j]
	}
	return strings.TrimRight(s, "\r")
}

// List collects several problems so that one build reports all of them at
// once instead of making the editor fix them one at a time.
type List []*Error

// Add appends a problem.
func (l *List) Add(e *Error) { *l = append(*l, e) }

// Addf appends a positioned problem.
func (l *List) Addf(pos Pos, src []byte, format string, args ...any) {
	l.Add(Errorf(pos, src, format, args...))
}

// Append adds err: its positioned problems when it carries some, else err
// itself as an unpositioned problem.
func (l *List) Append(err error) {
	switch e := err.(type) {
	case nil:
	case List:
		*l = append(*l, e...)
	case *Error:
		l.Add(e)
	default:
		var pe *Error
		if errors.As(err, &pe) {
			l.Add(pe)
			return
		}
		l.Add(&Error{Msg: err.Error()})
	}
}

// Err returns the list as an error (nil when empty), sorted by position so
// that output is deterministic.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	sorted := append(List(nil), l...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Pos, sorted[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return sorted
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	if len(l) > 1 {
		fmt.Fprintf(&b, "\n%d problems", len(l))
	}
	return b.String()
}

// Unwrap lets errors.As find the individual problems.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// First returns the first positioned error inside err, if any.
func First(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// ControlChar finds the first control character of UTF-8 text other than
// tab, line feed and carriage return (C0, DEL and C1: HTML forbids them,
// and in a terminal they are escape sequences). It returns the byte
// offset and the character, or -1 when there is none.
func ControlChar(text []byte) (int, rune) {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return i, r
		}
		i += n
	}
	return -1, 0
}
