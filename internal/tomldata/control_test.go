package tomldata

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"reportsite/internal/srcpos"
)

// A control character written as an escape is a positioned error; tab,
// newline and carriage return are not, nor is an escaped backslash.
func TestControlCharacterEscapes(t *testing.T) {
	type doc struct {
		Name  string   `toml:"name"`
		Notes []string `toml:"notes"`
	}
	for _, c := range []struct{ src, want string }{
		{"name = \"GDP\\u001b[31m\"\n", "f.toml:1:12: a string holds a control character"},
		{"name = \"ok\"\nnotes = [\"a\", \"b\\u0007\"]\n", "f.toml:2:17: a string holds a control character"},
		{"name = \"bell\\U00000007\"\n", "f.toml:1:13: a string holds a control character"},
		{"name = \"back\\bspace\"\n", "f.toml:1:13: a string holds a control character"},
		{"name = \"c1\\u0085\"\n", "f.toml:1:11: a string holds a control character"},
		{"name = \"tab\\tnew\\nline\\r\"\n", ""},
		{"name = 'C:\\u001b is literal'\n", ""},
		{"name = \"C:\\\\bin\"\n", ""},
	} {
		var d doc
		_, err := Decode("f.toml", []byte(c.src), 0, &d)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v", c.src, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%q: error %v, want %s…", c.src, err, c.want)
		}
	}
}

// FuzzDecode: Decode never panics, and its errors point into the file:
// a line between 1 and the last line (plus the offset of embedded TOML).
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("../../data/*.toml")
	more, _ := filepath.Glob("../../data/*/*.toml")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", "a = 1", "[[item]]\nid = \"x\"\nextra = 2\n", "name = \"\\u001b\"", "[a.b]\nc = 'd'", "x = \"\"\"\n\\\n\"\"\"", "= 1", "[[item]]\n[item.sub]\nk = 1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Count(string(src), "\n") + 1
		var m map[string]any
		_, err := Decode("f.toml", src, 0, &m)
		checkPositions(t, err, 0, lines)
		var typed struct {
			Name  string `toml:"name"`
			Items []struct {
				ID string `toml:"id"`
			} `toml:"item"`
		}
		_, err = Decode("f.toml", src, 3, &typed)
		checkPositions(t, err, 3, lines)
	})
}

func checkPositions(t *testing.T, err error, offset, lines int) {
	t.Helper()
	var list srcpos.List
	var one *srcpos.Error
	switch {
	case err == nil:
		return
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = srcpos.List{one}
	default:
		return // an error without a position names the file: allowed
	}
	for _, e := range list {
		if e.Pos.File != "f.toml" || e.Pos.Line < 0 || e.Pos.Line > lines+offset+1 || e.Pos.Col < 0 {
			t.Fatalf("error outside the file (%d lines, offset %d): %v", lines, offset, e)
		}
	}
}
