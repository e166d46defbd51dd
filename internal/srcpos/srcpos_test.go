package srcpos

import (
	"strings"
	"testing"
)

func TestErrorCaretUnderColumn(t *testing.T) {
	src := []byte("a = 1\n全区实现 x\n")
	e := Errorf(Pos{File: "f.toml", Line: 2, Col: 6}, src, "bad")
	got := e.Error()
	want := "f.toml:2:6: bad\n    全区实现 x\n             ^"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestErrorCaretOnClippedLongLine(t *testing.T) {
	line := strings.Repeat("a", 200) + "X" + strings.Repeat("b", 100)
	e := Errorf(Pos{File: "f", Line: 1, Col: 201}, []byte(line), "here")
	lines := strings.Split(e.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %q", e.Error())
	}
	excerpt, caret := lines[1][4:], lines[2][4:]
	if i := strings.Index(caret, "^"); i < 0 || excerpt[i] != 'X' {
		t.Fatalf("caret not under X:\n%s\n%s", excerpt, caret)
	}
}

func TestOffset(t *testing.T) {
	src := []byte("ab\n中文x")
	p := Offset("f", src, len("ab\n中文"))
	if p.Line != 2 || p.Col != 3 {
		t.Fatalf("got %v", p)
	}
}

func TestListSortedAndAppend(t *testing.T) {
	var l List
	l.Addf(Pos{File: "b", Line: 1}, nil, "second")
	l.Append(List{Errorf(Pos{File: "a", Line: 3}, nil, "first")})
	err := l.Err()
	if !strings.HasPrefix(err.Error(), "a:3: first\nb:1: second") {
		t.Fatalf("got %q", err)
	}
	if e, ok := First(err); !ok || e.Pos.File != "a" {
		t.Fatalf("First: %v %v", e, ok)
	}
}
