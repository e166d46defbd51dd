// Package tomldata decodes the project's TOML files strictly: syntax
// errors, type errors and unknown keys all come back as positioned errors
// (file:line:col with an excerpt), because a misspelt key that is silently
// ignored is how wrong data gets published.
package tomldata

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"

	"reportsite/internal/srcpos"
)

// DecodeFile reads and strictly decodes path into v.
func DecodeFile(path string, v any) (toml.MetaData, []byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return toml.MetaData{}, nil, err
	}
	md, err := Decode(path, src, 0, v)
	return md, src, err
}

// Decode strictly decodes src (named file in messages) into v. lineOffset
// is added to every line number, for TOML embedded in a larger file (front
// matter).
func Decode(file string, src []byte, lineOffset int, v any) (toml.MetaData, error) {
	md, err := toml.Decode(string(src), v)
	if err != nil {
		return md, convert(file, src, lineOffset, err)
	}
	var errs srcpos.List
	// A misspelt [[table]] makes every key of each of its tables unknown,
	// and MetaData lists a key once per table: report each key once per
	// place, and at most maxUnknown places.
	seen := map[string]bool{}
	more := 0
	for _, key := range md.Undecoded() {
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		at := locate(src, key)
		if len(at) == 0 {
			at = []srcpos.Pos{{Line: 1}}
		}
		for _, pos := range at {
			if len(errs) == maxUnknown {
				more++
				continue
			}
			pos.File = file
			e := srcpos.Errorf(pos, src, "unknown key %q: check its spelling against the documented keys (unknown keys are errors so that a typo cannot be ignored)", key.String())
			e.Pos.Line += lineOffset
			errs.Add(e)
		}
	}
	if more > 0 {
		errs.Addf(srcpos.Pos{File: file}, nil, "%d unknown keys; the first %d follow", len(errs)+more, maxUnknown)
	}
	if err := controlChars(file, src, lineOffset, v); err != nil {
		errs.Append(err)
	}
	return md, errs.Err()
}

// controlChars rejects decoded strings that hold a control character
// other than tab, line feed and carriage return. TOML forbids them raw but
// lets an escape ("\u001b", "\b", "\f", "\e") write one that no editor
// shows, and HTML cannot carry it.
func controlChars(file string, src []byte, lineOffset int, v any) error {
	if !hasControl(reflect.ValueOf(v)) {
		return nil
	}
	pos := srcpos.Pos{File: file, Line: 1}
	if off := controlEscape(src); off >= 0 {
		pos = srcpos.Offset(file, src, off)
	}
	e := srcpos.Errorf(pos, src, "a string holds a control character (an escape such as \\u001b): delete it; of the control characters only \\t, \\n and \\r may appear")
	e.Pos.Line += lineOffset
	return e
}

func hasControl(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		off, _ := srcpos.ControlChar([]byte(v.String()))
		return off >= 0
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && hasControl(v.Elem())
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if hasControl(v.Index(i)) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if hasControl(it.Key()) || hasControl(it.Value()) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && hasControl(v.Field(i)) {
				return true
			}
		}
	}
	return false
}

// controlEscape returns the offset of the first escape in src that
// writes a forbidden control character, or -1.
func controlEscape(src []byte) int {
	for i := 0; i+1 < len(src); i++ {
		if src[i] != '\\' {
			continue
		}
		var r rune = -1
		switch c := src[i+1]; c {
		case '\\':
			i++
			continue
		case 'b':
			r = '\b'
		case 'f':
			r = '\f'
		case 'e':
			r = 0x1b
		case 'u', 'U':
			n := 4
			if c == 'U' {
				n = 8
			}
			if i+2+n <= len(src) {
				if x, err := strconv.ParseUint(string(src[i+2:i+2+n]), 16, 32); err == nil {
					r = rune(x)
				}
			}
		}
		if r >= 0 && unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return i
		}
	}
	return -1
}

// maxUnknown bounds the unknown keys reported for one file.
const maxUnknown = 20

var lineRe = regexp.MustCompile(`line (\d+)`)

func convert(file string, src []byte, lineOffset int, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		pos := srcpos.Pos{File: file, Line: pe.Position.Line, Col: pe.Position.Col}
		if pos.Col == 0 && pos.Line > 0 {
			pos.Col = 1
		}
		e := srcpos.Errorf(pos, src, "%s", pe.Message)
		e.Pos.Line += lineOffset
		return e
	}
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		e := srcpos.Errorf(srcpos.Pos{File: file, Line: n, Col: 1}, src, "%s", msg)
		e.Pos.Line += lineOffset
		return e
	}
	return fmt.Errorf("%s: %s", file, msg)
}

// locate finds the lines where key is defined, following [table] and
// [[array]] headers. MetaData names undecoded keys but not where they are.
func locate(src []byte, key toml.Key) []srcpos.Pos {
	var out []srcpos.Pos
	var table []string
	for i, ln := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(ln)
		switch {
		case strings.HasPrefix(t, "[["):
			table = splitKey(strings.Trim(strings.SplitN(t, "]]", 2)[0], "[ "))
			if equal(table, key) {
				out = append(out, srcpos.Pos{Line: i + 1, Col: strings.Index(ln, "[") + 1})
			}
		case strings.HasPrefix(t, "["):
			table = splitKey(strings.Trim(strings.SplitN(t, "]", 2)[0], "[ "))
			if equal(table, key) {
				out = append(out, srcpos.Pos{Line: i + 1, Col: strings.Index(ln, "[") + 1})
			}
		default:
			eq := strings.Index(t, "=")
			if eq <= 0 || strings.HasPrefix(t, "#") {
				continue
			}
			k := splitKey(t[:eq])
			if equal(append(append([]string(nil), table...), k...), key) {
				col := len([]rune(ln[:len(ln)-len(strings.TrimLeft(ln, " \t"))])) + 1
				out = append(out, srcpos.Pos{Line: i + 1, Col: col})
			}
		}
	}
	return out
}

func splitKey(s string) []string {
	var parts []string
	for _, p := range strings.Split(s, ".") {
		parts = append(parts, strings.Trim(strings.TrimSpace(p), `"'`))
	}
	return parts
}

func equal(a []string, b toml.Key) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
