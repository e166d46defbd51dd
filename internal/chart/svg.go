package chart

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// svgWriter writes well-formed XML: every element it opens is closed, every
// attribute value and text node is escaped, and characters that XML 1.0
// forbids are replaced, so no label taken from the data can break the
// document or inject markup.
type svgWriter struct {
	b     strings.Builder
	stack []string
}

// open starts an element; attrs are name, value pairs.
func (w *svgWriter) open(name string, attrs ...string) {
	w.start(name, attrs)
	w.b.WriteByte('>')
	w.stack = append(w.stack, name)
}

// leaf writes an empty element.
func (w *svgWriter) leaf(name string, attrs ...string) {
	w.start(name, attrs)
	w.b.WriteString("/>")
}

// elem writes an element holding only text.
func (w *svgWriter) elem(name, text string, attrs ...string) {
	w.start(name, attrs)
	w.b.WriteByte('>')
	w.text(text)
	w.b.WriteString("</" + name + ">")
}

// close ends the innermost open element.
func (w *svgWriter) close() {
	n := len(w.stack) - 1
	w.b.WriteString("</" + w.stack[n] + ">")
	w.stack = w.stack[:n]
}

// raw writes trusted markup produced by this package (a style sheet of
// fixed rules).
func (w *svgWriter) raw(s string) { w.b.WriteString(s) }

func (w *svgWriter) text(s string) { w.b.WriteString(escapeXML(s, false)) }

func (w *svgWriter) start(name string, attrs []string) {
	if !validName(name) || len(attrs)%2 != 0 {
		panic("chart: bad element " + name) // a programming error, never input-dependent
	}
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue // an absent optional attribute
		}
		if !validName(attrs[i]) {
			panic("chart: bad attribute " + attrs[i])
		}
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		w.b.WriteString(escapeXML(attrs[i+1], true))
		w.b.WriteByte('"')
	}
}

// bytes returns the document; it must be complete.
func (w *svgWriter) bytes() []byte {
	if len(w.stack) != 0 {
		panic("chart: unclosed element " + w.stack[len(w.stack)-1])
	}
	return []byte(w.b.String())
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '-' || r == ':'):
		default:
			return false
		}
	}
	return true
}

// escapeXML escapes s for a text node or a double-quoted attribute value.
// Invalid UTF-8 and characters outside the XML 1.0 Char production become
// U+FFFD; in attributes, tabs and newlines are kept as character references
// so that attribute-value normalisation does not change them.
func escapeXML(s string, attr bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"' && attr:
			b.WriteString("&quot;")
		case (r == '\t' || r == '\n' || r == '\r') && attr:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		case r == '\r':
			b.WriteString("&#13;")
		case !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar is the Char production of XML 1.0.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// num writes a coordinate with at most one decimal: a tenth of a unit in a
// 400-unit-wide drawing is far below a screen pixel, and short numbers keep
// the files small.
func num(f float64) string {
	s := strconv.FormatFloat(roundTo(f, 1), 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func roundTo(f float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(f*p) / p
}
