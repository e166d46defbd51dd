package reportimport

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ instead of comparing")

const (
	seedFile = "seeds/nanhai-2023-h1-plan-execution.txt"
	seedData = "data/nanhai-2023-h1-plan-execution"
	repoRoot = "../.."
)

// readRepo reads a file of the repository by its path from the root.
func readRepo(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// corrections reads a corrections file and names it by rel in messages, so
// that golden files do not depend on where the test runs.
func corrections(t testing.TB, path, rel string) []Correction {
	t.Helper()
	cs, err := ReadCorrections(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cs {
		cs[i].Pos.File = rel
	}
	return cs
}

func parseSeed(t testing.TB) *Report {
	t.Helper()
	cs := corrections(t, filepath.Join(repoRoot, seedData, "corrections.toml"), seedData+"/corrections.toml")
	r, err := Parse(seedFile, readRepo(t, seedFile), cs)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(if the change is intended, run go test -update and review the diff)", path, i+1, g, w)
			}
		}
	}
}

func treeJSON(t *testing.T, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// markerRe matches a heading marker at the start of a line, independently
// of the importer's own patterns: 一、 （一） (一) （4） 1、 1． 1.
var markerRe = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[、．.])`)

// sourceText is the text of lines [from, to] of src (1-based, inclusive;
// to = 0 means the last line), each line trimmed and stripped of its
// heading marker, joined without separators, with runs of white space
// inside lines made single spaces.
func sourceText(src []byte, from, to int) string {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	if to == 0 {
		to = len(lines)
	}
	var b strings.Builder
	for _, l := range lines[from-1 : to] {
		l = strings.TrimFunc(l, isSpace)
		if m := markerRe.FindString(l); m != "" {
			rest := l[len(m):]
			r, _ := utf8.DecodeRuneInString(rest)
			if !(strings.HasSuffix(m, ".") && r >= '0' && r <= '9') { // 3.5% is not a marker
				l = strings.TrimLeftFunc(rest, isSpace)
			}
		}
		b.WriteString(l)
	}
	return normalizeSpace(b.String())
}

// parsedText is the text of every heading and paragraph of r in reading
// order, joined the same way.
func parsedText(r *Report) string {
	var b strings.Builder
	for _, e := range r.entries() {
		b.WriteString(e.text)
	}
	return normalizeSpace(b.String())
}

// firstDifference describes where two long strings part, for messages.
func firstDifference(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	win := func(r []rune) string {
		lo, hi := max(0, i-15), min(len(r), i+15)
		return string(r[lo:hi])
	}
	return "at character " + strconv.Itoa(i) + ":\n  source: …" + win(ra) + "…\n  parsed: …" + win(rb) + "…"
}
