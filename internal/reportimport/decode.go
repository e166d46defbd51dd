package reportimport

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

// MaxSize bounds the input: a report of the genre is tens of kilobytes, so
// anything far larger is a wrong file, not a report.
const MaxSize = 8 << 20

// decode checks that src is UTF-8 text and returns it with line ends made
// uniform ("\n"), a byte-order mark removed, and notes saying so.
func decode(file string, src []byte) (string, []Note, error) {
	var notes []Note
	switch {
	case len(bytes.TrimSpace(src)) == 0:
		return "", nil, srcpos.Errorf(srcpos.Pos{File: file, Line: 1, Col: 1}, nil,
			"the report is empty: import expects the report's text as UTF-8 plain text")
	case len(src) > MaxSize:
		return "", nil, srcpos.Errorf(srcpos.Pos{File: file}, nil,
			"the file is %d bytes, larger than any report (limit %d): check that this is the right file", len(src), MaxSize)
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return "", nil, srcpos.Errorf(srcpos.Pos{File: file, Line: 1, Col: 1}, nil,
			"the file is UTF-16 encoded: save it as UTF-8 (for example: iconv -f UTF-16 -t UTF-8)")
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return "", nil, srcpos.Errorf(srcpos.Offset(file, src, i), nil,
			"the file contains a NUL byte, so it is binary or UTF-16, not a UTF-8 text report")
	}
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		src = src[3:]
		notes = append(notes, Note{Line: 1, Msg: "removed the UTF-8 byte-order mark"})
	}
	if !utf8.Valid(src) {
		off := firstInvalid(src)
		hint := "save it as UTF-8"
		if looksGBK(src) {
			hint = "it looks GBK/GB18030-encoded: convert it with iconv -f GB18030 -t UTF-8"
		}
		// No excerpt: text in another encoding shows as mojibake, and raw
		// bytes would garble the terminal.
		return "", nil, srcpos.Errorf(srcpos.Offset(file, src, off), nil,
			"invalid UTF-8 (byte 0x%02X): %s", src[off], hint)
	}
	if off, r := srcpos.ControlChar(src); off >= 0 {
		return "", nil, srcpos.Errorf(srcpos.Offset(file, src, off), nil,
			"control character %U in the text: delete it (a report is printable text, and HTML cannot carry it)", r)
	}
	s := string(src)
	crlf := bytes.Count(src, []byte("\r\n"))
	if crlf > 0 {
		s = string(bytes.ReplaceAll([]byte(s), []byte("\r\n"), []byte("\n")))
		notes = append(notes, Note{Line: 1, Msg: fmt.Sprintf("converted %d CRLF line ends to LF", crlf)})
	}
	if cr := bytes.Count([]byte(s), []byte("\r")); cr > 0 {
		s = string(bytes.ReplaceAll([]byte(s), []byte("\r"), []byte("\n")))
		notes = append(notes, Note{Line: 1, Msg: fmt.Sprintf("converted %d CR-only line ends to LF", cr)})
	}
	return s, notes, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// looksGBK guesses whether invalid UTF-8 is GBK: many lead bytes in
// 0x81–0xFE followed by trail bytes in 0x40–0xFE. UTF-8 Chinese pairs up
// that way too, so text whose non-ASCII characters are mostly valid UTF-8
// is UTF-8 with a damaged byte: converting it from GB18030 would garble it.
func looksGBK(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			invalid++
		case n > 1:
			valid++
		}
		i += n
	}
	if valid > invalid {
		return false
	}
	pairs, high := 0, 0
	for i := 0; i+1 < len(b); i++ {
		if b[i] >= 0x81 && b[i] <= 0xFE {
			high++
			if b[i+1] >= 0x40 && b[i+1] <= 0xFE && b[i+1] != 0x7F {
				pairs++
				i++
			}
		}
	}
	return high > 0 && pairs*2 >= high
}
