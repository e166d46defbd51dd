// The escapers in this file are adapted from Go's html/template package
// (html.go, url.go, js.go, content.go and the string encoder of
// encoding/json), Copyright 2011 The Go Authors. All rights reserved.
// Use of that source code is governed by a BSD-style licence that can be
// found in the LICENSE file of the Go distribution.
//
// They reproduce, byte for byte, what html/template's escapers return for a
// single argument, but work on a value that is already stringified and avoid
// allocating when nothing needs escaping. escape_test.go checks them against
// html/template itself.

package render

import (
	"encoding/json"
	"html/template"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// contentType mirrors html/template's content types of a stringified value.
type contentType uint8

const (
	contentTypePlain contentType = iota
	contentTypeCSS
	contentTypeHTML
	contentTypeHTMLAttr
	contentTypeJS
	contentTypeJSStr
	contentTypeURL
	contentTypeSrcset
)

// A stringEscaper takes one value already stringified (s) with its content
// type (t) and returns what html/template's escaper of the same name returns
// for a single argument of that value. ok is false when the port does not
// handle the case exactly (the caller then falls back to html/template
// itself), so a false ok is always safe; a wrong string never is.
type stringEscaper func(s string, t contentType) (out string, ok bool)

// stringEscapers maps the escaper names html/template uses in escaped trees
// to the ports above (all but jsvalescaper).
var stringEscapers = map[string]stringEscaper{
	"_html_template_htmlescaper":   escapeHTML,
	"_html_template_attrescaper":   escapeAttr,
	"_html_template_rcdataescaper": escapeRCDATA,
	"_html_template_urlfilter":     filterURL,
	"_html_template_urlnormalizer": normalizeURL,
	"_html_template_urlescaper":    escapeURL,
}

// filterFailsafe is html/template's replacement for unsafe values.
const filterFailsafe = "ZgotmplZ"

// ---------------------------------------------------------------------------
// HTML (html.go)

// htmlReplacementTable contains the bytes that need to be escaped inside a
// quoted attribute value or in a text node (html/template's table of the
// same name, indexed by byte instead of rune; see htmlReplace).
var htmlReplacementTable = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNormReplacementTable is like htmlReplacementTable but without '&' to
// avoid over-encoding existing entities.
var htmlNormReplacementTable = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// replacedBytes is the mask of the bytes table replaces: bit c for byte c.
func replacedBytes(table *[256]string) uint64 {
	var m uint64
	for c := range 64 {
		if table[c] != "" {
			m |= 1 << c
		}
	}
	return m
}

var (
	htmlReplacementMask     = replacedBytes(&htmlReplacementTable)
	htmlNormReplacementMask = replacedBytes(&htmlNormReplacementTable)
)

// htmlReplace is html/template's htmlReplacer(s, table, true).
//
// htmlReplacer decodes runes and replaces those below len(table) (63, all
// ASCII); with badRunes true it leaves every other rune, and every invalid
// byte, alone. A rune below 0x80 can only come from a single byte below 0x80
// (over-long forms decode as RuneError of width 1), and bytes of multi-byte
// sequences are all >= 0x80, so a byte loop is exactly equivalent. s itself
// is returned when nothing is replaced.
//
// Every byte the tables replace is below 64 (TestReplacedBytesBelow64), so
// a bit mask tells them apart, which keeps the scan of text that needs no
// escaping (most of it: CJK bytes and letters are all 64 or above) cheap.
func htmlReplace(s string, table *[256]string, mask uint64) string {
	i := 0
	for i < len(s) && (s[i] >= 64 || mask&(1<<s[i]) == 0) {
		i++
	}
	if i == len(s) {
		return s
	}
	n := len(s)
	for j := i; j < len(s); j++ {
		if r := table[s[j]]; r != "" {
			n += len(r) - 1
		}
	}
	var b strings.Builder
	b.Grow(n)
	written := 0
	for ; i < len(s); i++ {
		if r := table[s[i]]; r != "" {
			b.WriteString(s[written:i])
			b.WriteString(r)
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

// escapeHTML is html/template's htmlEscaper: HTML content is passed
// through, anything else is escaped for a text node.
func escapeHTML(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		return s, true
	}
	return htmlReplace(s, &htmlReplacementTable, htmlReplacementMask), true
}

// escapeAttr is html/template's attrEscaper, for quoted attribute values.
//
// For HTML content html/template strips tags first (stripTags). stripTags
// returns its input unchanged when it holds no '<' (the text state only
// leaves on a '<'), so that case is exact; any other HTML content returns
// ok=false.
func escapeAttr(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		if strings.IndexByte(s, '<') >= 0 {
			return "", false
		}
		return htmlReplace(s, &htmlNormReplacementTable, htmlNormReplacementMask), true
	}
	return htmlReplace(s, &htmlReplacementTable, htmlReplacementMask), true
}

// escapeRCDATA is html/template's rcdataEscaper, for the body of RCDATA
// elements (<title>, <textarea>).
func escapeRCDATA(s string, t contentType) (string, bool) {
	if t == contentTypeHTML {
		return htmlReplace(s, &htmlNormReplacementTable, htmlNormReplacementMask), true
	}
	return htmlReplace(s, &htmlReplacementTable, htmlReplacementMask), true
}

// ---------------------------------------------------------------------------
// URLs (url.go)

// filterURL is html/template's urlFilter: URL content passes; otherwise a
// value with a scheme other than http, https or mailto is replaced with
// "#ZgotmplZ".
func filterURL(s string, t contentType) (string, bool) {
	if t == contentTypeURL {
		return s, true
	}
	if !isSafeURL(s) {
		return "#" + filterFailsafe, true
	}
	return s, true
}

// isSafeURL is true if s is a relative URL or if URL has a protocol in
// (http, https, mailto).
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// normalizeURL is html/template's urlNormalizer.
func normalizeURL(s string, t contentType) (string, bool) {
	return processURL(s, true), true
}

// escapeURL is html/template's urlEscaper; like urlProcessor, it normalises
// instead when the content is a URL.
func escapeURL(s string, t contentType) (string, bool) {
	return processURL(s, t == contentTypeURL), true
}

// urlKeep[norm][c] reports whether processURLOnto copies byte c unchanged
// ('%' is decided separately).
var urlKeep = func() (k [2][256]bool) {
	for norm := 0; norm < 2; norm++ {
		for c := 0; c < 256; c++ {
			k[norm][c] = urlKeepByte(byte(c), norm == 1)
		}
	}
	return k
}()

// urlKeepByte is the switch of processURLOnto, without the '%' case.
func urlKeepByte(c byte, norm bool) bool {
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return false
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// validEscapeAt reports whether the '%' at s[i] starts a valid escape, which
// processURLOnto does not re-encode when normalizing.
func validEscapeAt(s string, i int) bool {
	return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
}

// processURL is html/template's urlProcessor on a stringified value (the
// caller has already forced norm for URL content): it percent-encodes, in
// lower-case hex, every byte that is not kept. s itself is returned when
// nothing is encoded.
func processURL(s string, norm bool) string {
	keep := &urlKeep[0]
	if norm {
		keep = &urlKeep[1]
	}
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; !keep[c] && !(c == '%' && norm && validEscapeAt(s, i)) {
			break
		}
	}
	if i == len(s) {
		return s
	}
	n := len(s)
	for j := i; j < len(s); j++ {
		if c := s[j]; !keep[c] && !(c == '%' && norm && validEscapeAt(s, j)) {
			n += 2
		}
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(n)
	written := 0
	for ; i < len(s); i++ {
		if c := s[i]; !keep[c] && !(c == '%' && norm && validEscapeAt(s, i)) {
			b.WriteString(s[written:i])
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xF])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

// ---------------------------------------------------------------------------
// JS values (js.go, encoding/json)

// escapeJSVal is jsValEscaper for one argument v (any Go value as a
// template would pass it). It may return ok=false for anything other than
// template.JS, template.JSStr, string, bool, and the integer and float kinds
// (including named types of those kinds WITHOUT methods); nil → ok=false.
//
// jsValEscaper passes JS through, quotes JSStr without escaping it, and
// otherwise JSON-encodes the value, surrounding the result with spaces when
// it starts or ends with a JS identifier character (numbers and bools) and
// escaping U+2028 and U+2029 (encoding/json already does for strings, and
// numbers and bools cannot hold them). Values with methods (json.Marshaler,
// encoding.TextMarshaler, fmt.Stringer…), pointers, composites, NaN and
// ±Inf (a JSON error html/template reports in a comment) return ok=false,
// and so do strings with invalid UTF-8 when built with GOEXPERIMENT=jsonv2
// (see jsonEscapesInvalidUTF8).
func escapeJSVal(v any) (string, bool) {
	switch x := v.(type) {
	case template.JS:
		return string(x), true
	case template.JSStr:
		return `"` + string(x) + `"`, true
	case string:
		return jsonString(x)
	case bool:
		return jsonBool(x), true
	case int:
		return jsonInt(int64(x)), true
	case int64:
		return jsonInt(x), true
	case int32:
		return jsonInt(int64(x)), true
	case uint64:
		return jsonUint(x), true
	case float64:
		return jsonFloat(x, 64)
	case float32:
		return jsonFloat(float64(x), 32)
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || rv.Type().NumMethod() != 0 {
		return "", false
	}
	switch rv.Kind() {
	case reflect.String:
		return jsonString(rv.String())
	case reflect.Bool:
		return jsonBool(rv.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return jsonInt(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return jsonUint(rv.Uint()), true
	case reflect.Float32:
		return jsonFloat(rv.Float(), 32)
	case reflect.Float64:
		return jsonFloat(rv.Float(), 64)
	}
	return "", false
}

// jsonBool: "true" and "false" start with identifier characters, so
// jsValEscaper pads them.
func jsonBool(b bool) string {
	if b {
		return " true "
	}
	return " false "
}

// jsonInt and jsonUint: integers end with a digit, so they are padded.
func jsonInt(i int64) string {
	var buf [24]byte
	b := append(buf[:0], ' ')
	b = strconv.AppendInt(b, i, 10)
	b = append(b, ' ')
	return string(b)
}

func jsonUint(u uint64) string {
	var buf [24]byte
	b := append(buf[:0], ' ')
	b = strconv.AppendUint(b, u, 10)
	b = append(b, ' ')
	return string(b)
}

// jsonFloat formats f as encoding/json's floatEncoder of the given bit size
// does (ES6 number formatting), padded as jsValEscaper pads it. NaN and
// ±Inf make json.Marshal fail: ok=false.
func jsonFloat(f float64, bits int) (string, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", false
	}
	var buf [40]byte
	b := append(buf[:0], ' ')
	abs := math.Abs(f)
	format := byte('f')
	// Must use float32 comparisons for underlying float32 value to get
	// precise cutoffs right.
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	// The output ends with a digit, so jsValEscaper pads it on both sides.
	b = append(b, ' ')
	return string(b), true
}

// jsonSafe[c] reports whether the ASCII byte c is copied unchanged into a
// JSON string by encoding/json with HTML escaping (its htmlSafeSet): the
// bytes 0x20 to 0x7f but '"', '\\', '<', '>' and '&'.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	t['"'], t['\\'], t['<'], t['>'], t['&'] = false, false, false, false, false
	return t
}()

// jsonEscapeLen returns how many bytes encoding/json writes for the part of
// s that starts at i and is one ASCII byte or one (possibly invalid) UTF-8
// sequence, and the width of that part in s.
func jsonEscapeLen(s string, i int) (out, width int) {
	c := s[i]
	if c < utf8.RuneSelf {
		if jsonSafe[c] {
			return 1, 1
		}
		switch c {
		case '\\', '"', '\b', '\f', '\n', '\r', '\t':
			return 2, 1
		}
		return 6, 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
		return 6, size
	}
	return size, size
}

// jsonString is what jsValEscaper returns for a string: encoding/json's
// appendString with HTML escaping ('<', '>', '&' as \u003c…, control
// characters, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped). The
// result starts and ends with '"', so it is not padded. ok is false only for
// invalid UTF-8 when encoding/json does not write it as \ufffd (see
// jsonEscapesInvalidUTF8).
func jsonString(s string) (string, bool) {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf && jsonSafe[c] {
			i++
			continue
		}
		o, w := jsonEscapeLen(s, i)
		if o != w {
			break
		}
		i += w
	}
	if i == len(s) {
		return `"` + s + `"`, true
	}
	n := i + 2
	for j := i; j < len(s); {
		o, w := jsonEscapeLen(s, j)
		n += o
		j += w
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('"')
	b.WriteString(s[:i])
	written := i
	for i < len(s) {
		o, w := jsonEscapeLen(s, i)
		if o == w {
			i += w
			continue
		}
		b.WriteString(s[written:i])
		if c := s[i]; c < utf8.RuneSelf {
			switch c {
			case '\\', '"':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\b':
				b.WriteString(`\b`)
			case '\f':
				b.WriteString(`\f`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xF])
			}
		} else if w == 1 {
			if !jsonEscapesInvalidUTF8 {
				return "", false
			}
			b.WriteString(`\ufffd`)
		} else if s[i+2] == 0xa8 { // U+2028 is E2 80 A8
			b.WriteString(`\u2028`)
		} else {
			b.WriteString(`\u2029`)
		}
		i += w
		written = i
	}
	b.WriteString(s[written:])
	b.WriteByte('"')
	return b.String(), true
}

// jsonEscapesInvalidUTF8 reports whether encoding/json writes each invalid
// UTF-8 byte as \ufffd, as its default (v1) encoder does. Built with
// GOEXPERIMENT=jsonv2 it writes a raw U+FFFD instead; jsonString then leaves
// strings with invalid UTF-8 to html/template.
var jsonEscapesInvalidUTF8 = func() bool {
	b, err := json.Marshal("\xff")
	return err == nil && string(b) == `"\ufffd"`
}()
