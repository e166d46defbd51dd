package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func layouts(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func minimal() map[string]string {
	m := map[string]string{
		"baseof.html":     `<html lang="{{.Lang}}">{{template "main" .}}{{template "partials/x.html" .}}</html>`,
		"partials/x.html": `<footer>{{.Lang}}</footer>`,
	}
	for _, k := range Required {
		m[k+".html"] = `{{define "main"}}<p>` + k + ` {{.Text}}</p>{{end}}`
	}
	return m
}

func TestExecuteEscapes(t *testing.T) {
	tmpl, err := Load(layouts(t, minimal()))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tmpl.Execute("section", map[string]string{"Lang": "zh-Hans", "Text": "<script>x</script>"})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if !strings.Contains(got, "&lt;script&gt;") || strings.Contains(got, "<script>") {
		t.Fatalf("not escaped: %s", got)
	}
	if !strings.Contains(got, "<footer>zh-Hans</footer>") {
		t.Fatalf("partial not rendered: %s", got)
	}
}

func TestMissingTemplateIsNamed(t *testing.T) {
	files := minimal()
	delete(files, "report.html")
	_, err := Load(layouts(t, files))
	if err == nil || !strings.Contains(err.Error(), "report.html") || !strings.Contains(err.Error(), "missing template") {
		t.Fatalf("got %v", err)
	}
}

func TestParseErrorIsPositioned(t *testing.T) {
	files := minimal()
	files["section.html"] = "{{define \"main\"}}\n<p>\n{{.Text</p>{{end}}"
	dir := layouts(t, files)
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "section.html")+":3") {
		t.Fatalf("got %v", err)
	}
}

func TestExecErrorIsPositioned(t *testing.T) {
	files := minimal()
	files["home.html"] = "{{define \"main\"}}\n{{.Missing.Field}}{{end}}"
	dir := layouts(t, files)
	tmpl, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tmpl.Execute("home", struct{ Lang string }{"en"})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "home.html")+":2:") {
		t.Fatalf("got %v", err)
	}
}

func TestDictNeedsPairs(t *testing.T) {
	if _, err := funcs["dict"].(func(...any) (map[string]any, error))("a"); err == nil {
		t.Fatal("odd dict accepted")
	}
}

// sharedData counts how often a shared partial reads it.
type sharedData struct {
	Name  string
	reads *int
}

func (d *sharedData) Read() string { *d.reads++; return d.Name }

// TestSharedOncePerPointer: {{shared}} makes a partial once per pointer
// and page kind; its output is escaped like any other; a new build makes
// it again; a value that is not a pointer is an error.
func TestSharedOncePerPointer(t *testing.T) {
	files := minimal()
	files["baseof.html"] = `<html>{{template "main" .}}{{shared "partials/s.html" .Shared}}</html>`
	files["partials/s.html"] = `<footer title="{{.Read}}">{{.Name}}</footer>`
	tmpl, err := Load(layouts(t, files))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	a := &sharedData{Name: "<b>a</b>", reads: &reads}
	b := &sharedData{Name: "b", reads: &reads}
	run := func(kind string, d *sharedData) string {
		t.Helper()
		out, err := tmpl.Execute(kind, map[string]any{"Text": kind, "Shared": d})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	first := run("section", a)
	if !strings.Contains(first, `<footer title="&lt;b&gt;a&lt;/b&gt;">&lt;b&gt;a&lt;/b&gt;</footer>`) {
		t.Fatalf("shared output not escaped as usual: %s", first)
	}
	run("section", a)
	run("section", a)
	if reads != 1 {
		t.Errorf("the partial read its data %d times for one pointer, want 1", reads)
	}
	if out := run("section", b); !strings.Contains(out, "<footer title=\"b\">b</footer>") || reads != 2 {
		t.Errorf("another pointer: %d reads, output %s", reads, out)
	}
	run("report", a) // another kind may define the partial its own way
	if reads != 3 {
		t.Errorf("another kind: %d reads, want 3", reads)
	}
	tmpl.NewBuild()
	run("section", a)
	if reads != 4 {
		t.Errorf("after NewBuild: %d reads, want 4", reads)
	}
	_, err = tmpl.Execute("section", map[string]any{"Text": "x", "Shared": sharedData{Name: "v", reads: &reads}})
	if err == nil || !strings.Contains(err.Error(), "non-nil pointer") {
		t.Errorf("a value, not a pointer: got %v", err)
	}
}

// TestSharedKindOverride: a page kind that defines its own version of a
// shared partial gets its own version, whatever another kind made first
// for the same pointer.
func TestSharedKindOverride(t *testing.T) {
	files := minimal()
	files["baseof.html"] = `<html>{{template "main" .}}{{shared "partials/s.html" .Shared}}</html>`
	files["partials/s.html"] = `<footer>common</footer>`
	files["home.html"] = `{{define "main"}}<p>home</p>{{end}}{{define "partials/s.html"}}<footer>home's own</footer>{{end}}`
	tmpl, err := Load(layouts(t, files))
	if err != nil {
		t.Fatal(err)
	}
	reads := 0
	d := &sharedData{Name: "x", reads: &reads}
	section, err := tmpl.Execute("section", map[string]any{"Text": "s", "Shared": d})
	if err != nil {
		t.Fatal(err)
	}
	home, err := tmpl.Execute("home", map[string]any{"Shared": d})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(section), "<footer>common</footer>") || !strings.Contains(string(home), "<footer>home's own</footer>") {
		t.Errorf("section: %s\nhome: %s", section, home)
	}
}

// A broken partial is reported once, at its place, not once per page kind
// (the partials are parsed once and cloned into every kind's set).
func TestPartialParseErrorReportedOnce(t *testing.T) {
	files := minimal()
	files["partials/nav.html"] = "<nav>\n{{range .Items}}</nav>"
	dir := layouts(t, files)
	_, err := Load(dir)
	at := filepath.Join(dir, "partials", "nav.html") + ":2"
	if err == nil || strings.Count(err.Error(), at) != 1 {
		t.Fatalf("got %v, want one error at %s", err, at)
	}
}
