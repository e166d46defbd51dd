// Package tomldata decodes the project's TOML files strictly: syntax
// errors, type errors and unknown keys all come back as positioned errors
// (file:line:col with an excerpt), because a misspelt key that is silently
// ignored is how wrong data gets published.
package tomldata

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

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
	for _, key := range md.Undecoded() {
		for _, pos := range locate(src, key) {
			pos.File = file
			e := srcpos.Errorf(pos, src, "unknown key %q: check its spelling against the documented keys (unknown keys are errors so that a typo cannot be ignored)", key.String())
			e.Pos.Line += lineOffset
			errs.Add(e)
		}
		if len(locate(src, key)) == 0 {
			errs.Addf(srcpos.Pos{File: file, Line: 1 + lineOffset}, nil, "unknown key %q", key.String())
		}
	}
	return md, errs.Err()
}

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
