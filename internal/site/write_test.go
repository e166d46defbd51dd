package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write replaces the output directory only when every file is written: a
// failure part way, or a path that would leave the directory, leaves the
// previous output exactly as it was and no temporary directory behind.
func TestWriteIsAtomic(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"escapes with ..", map[string][]byte{"a.html": []byte("a"), "../outside.html": []byte("x")}, "must stay inside the output directory"},
		{"absolute path", map[string][]byte{"/etc/x": []byte("x")}, "must stay inside the output directory"},
		{"backslash", map[string][]byte{`..\x`: []byte("x")}, "must stay inside the output directory"},
		{"file where a folder goes", map[string][]byte{"zh": []byte("a file"), "zh/index.html": []byte("page")}, "zh"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			if _, err := Write(out, map[string][]byte{"index.html": []byte("old")}); err != nil {
				t.Fatal(err)
			}
			_, err := Write(out, c.files)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Write = %v, want an error about %q", err, c.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 || entries[0].Name() != "public" {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("beside the output: %v, want only public", names)
			}
			if b, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(b) != "old" {
				t.Errorf("the previous output changed: %q, %v", b, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "outside.html")); err == nil {
				t.Error("a file was written outside the output directory")
			}
		})
	}
}

// A successful Write replaces the whole output: files of the previous
// build that are no longer produced are gone.
func TestWriteReplacesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(out, map[string][]byte{"old.html": []byte("old"), "zh/index.html": []byte("1")}); err != nil {
		t.Fatal(err)
	}
	res, err := Write(out, map[string][]byte{"zh/index.html": []byte("2"), "assets/site.css": []byte("css")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 2 || res.Pages != 1 || res.Bytes != 4 {
		t.Errorf("result = %+v, want 2 files, 1 page, 4 bytes", res)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); err == nil {
		t.Error("old.html survived the new build")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "zh", "index.html")); string(b) != "2" {
		t.Errorf("zh/index.html = %q", b)
	}
}
