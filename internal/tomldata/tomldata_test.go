package tomldata

import (
	"strings"
	"testing"
)

type settings struct {
	Title string `toml:"title"`
	Items []struct {
		Name string `toml:"name"`
	} `toml:"item"`
}

func TestUnknownKeyIsPositioned(t *testing.T) {
	src := "title = \"x\"\n\n[[item]]\nname = \"a\"\n\n[[item]]\n  nmae = \"b\"\n"
	var s settings
	_, err := Decode("data/x.toml", []byte(src), 0, &s)
	if err == nil {
		t.Fatal("unknown key accepted")
	}
	want := "data/x.toml:7:3: unknown key \"item.nmae\""
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %q, want prefix %q", err, want)
	}
	if !strings.Contains(err.Error(), "\n      nmae = \"b\"\n      ^") {
		t.Fatalf("no excerpt with caret: %q", err)
	}
}

func TestSyntaxErrorIsPositionedWithOffset(t *testing.T) {
	var s settings
	_, err := Decode("content/a.md", []byte("title = \"x\"\ntitle = \"y\"\n"), 1, &s)
	if err == nil || !strings.HasPrefix(err.Error(), "content/a.md:3:") {
		t.Fatalf("got %v, want an error at line 3 (2 + front matter offset 1)", err)
	}
}

func TestTypeErrorIsPositioned(t *testing.T) {
	var s settings
	_, err := Decode("f.toml", []byte("\ntitle = 3\n"), 0, &s)
	if err == nil || !strings.HasPrefix(err.Error(), "f.toml:2:") {
		t.Fatalf("got %v, want an error at line 2", err)
	}
}

func TestValidDecodes(t *testing.T) {
	var s settings
	if _, err := Decode("f.toml", []byte("title = \"ok\"\n[[item]]\nname = \"n\"\n"), 0, &s); err != nil {
		t.Fatal(err)
	}
	if s.Title != "ok" || len(s.Items) != 1 || s.Items[0].Name != "n" {
		t.Fatalf("decoded %+v", s)
	}
}

// TestQuoteRoundTrips: what Quote writes, the decoder reads back as the
// same string; other control characters are written escaped (and then
// refused by the decoder, which allows only tab and line ends).
func TestQuoteRoundTrips(t *testing.T) {
	if got := Quote("a\x00b\x7f"); got != `"a\u0000b\u007f"` {
		t.Errorf("Quote wrote %s", got)
	}
	for _, s := range []string{"", `a "b" \c`, "line\nbreak\ttab\r", "全角“引号”，中文", "=HYPERLINK(\"x\")"} {
		var v struct{ S string }
		if _, err := Decode("t.toml", []byte("s = "+Quote(s)+"\n"), 0, &v); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if v.S != s {
			t.Errorf("Quote(%q) read back as %q", s, v.S)
		}
	}
}
