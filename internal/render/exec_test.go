package render

import (
	"bytes"
	"errors"
	"html/template"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// Data for the fast path's cases: fields, methods (with arguments, with
// an error result), maps, slices, pointers, interfaces and content types.
type execItem struct {
	Title string
	Href  string
	Tags  []string
	N     int
}

type execPage struct {
	Lang    string
	Title   string
	Items   []execItem
	Ptrs    []*execItem
	Empty   []execItem
	NilPtr  *execItem
	Any     any
	AnyNil  any
	M       map[string]string
	MA      map[string]any
	HTML    template.HTML
	URLv    template.URL
	JS      template.JS
	JSON    template.JS
	Count   int
	Ratio   float64
	Yes     bool
	Uint    uint
	private string
	Embedded
}

type Embedded struct{ Inner string }

func (p *execPage) URL(path string) string { return "../" + path }
func (p *execPage) Greeting() string       { return "hi <" + p.Lang + ">" }
func (p *execPage) Pair(a string, n int) string {
	return a + strings.Repeat("!", n)
}
func (p *execPage) Fails() (string, error) { return "", errors.New("this method fails") }
func (p *execPage) Works() (string, error) { return "works & fine", nil }
func (p *execPage) Self() *execPage        { return p }
func (p *execPage) Thing() any             { return p.Any }

// execMethods are what the fast path calls without reflection (Method).
var execMethods = []Method{Method1((*execPage).URL), Method0((*execPage).Greeting), Method0((*execPage).Self)}

func execData() *execPage {
	return &execPage{
		Lang:  "zh-Hans",
		Title: `A "title" <with> & 'quotes' +plus 中文`,
		Items: []execItem{{"one", "a b/c?d=1&e=<2>", []string{"x", "y"}, 1}, {"two", "javascript:alert(1)", nil, 0}, {"three", "mailto:a@b", []string{"z"}, 3}},
		Ptrs:  []*execItem{{Title: "p1", N: 7}},
		Any:   execItem{Title: "in an interface"},
		M:     map[string]string{"b": "bee", "a": "ay", "hello": "world <3"},
		MA:    map[string]any{"n": 3, "s": "str", "h": template.HTML("<b>bold</b>"), "list": []string{"l1", "l2"}},
		HTML:  "<em>trusted</em>",
		URLv:  "/a path/?q=1&r=<2>",
		JS:    `{"a":1}`,
		JSON:  `{"@context":"https://schema.org","name":"x</script>"}`,
		Count: 3, Ratio: 2.5, Yes: true, Uint: 3,
		private:  "secret",
		Embedded: Embedded{Inner: "promoted"},
	}
}

// execCases: page templates (as the "main" of a page kind) that the fast
// path must render exactly as html/template does; fallback says that the
// fast path is expected to give the page back to html/template.
var execCases = []struct {
	name, main string
	extra      string          // more of root.html, outside "main"
	later      func(*execPage) // changes the data of the pages after the first
	fallback   bool            // the pages after the first go back to html/template
}{
	{name: "text and attributes", main: `<p title="{{.Title}}">{{.Title}}</p><a href="{{.URL "x y"}}">{{.Greeting}}</a>`},
	{name: "urls", main: `{{range .Items}}<a href="{{.Href}}">{{.Title}}</a><a href="/s?q={{.Title}}&h={{.Href}}">q</a>{{end}}<a href="{{.URLv}}">u</a>`},
	{name: "content types", main: `<div>{{.HTML}}</div><p title="{{.Lang}}">{{.URLv}}</p><textarea>{{.HTML}}{{.Title}}</textarea>`},
	{name: "json-ld", main: `<script type="application/ld+json">{{.JSON}}</script><script>var a = {{.Title}}; var n = {{.Count}}; var b = {{.Yes}};</script>`},
	{name: "numbers and bools", main: `<p>{{.Count}} {{.Ratio}} {{.Yes}} {{.Uint}} {{1}} {{2.50}} {{true}} {{"s"}}</p>`},
	{name: "range index and element", main: `<ul>{{range $i, $it := .Items}}<li id="i{{$i}}">{{if $i}}, {{end}}{{$it.Title}}{{range $it.Tags}}[{{.}}]{{else}}(none){{end}}</li>{{end}}</ul>`},
	{name: "range else", main: `{{range .Empty}}x{{else}}<p>nothing</p>{{end}}{{range .MA.missing}}y{{else}}z{{end}}`},
	{name: "range map sorted", main: `{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}{{range .M}}<i>{{.}}</i>{{end}}`},
	{name: "range pointers", main: `{{range .Ptrs}}{{.Title}}{{.N}}{{end}}`},
	{name: "with else chains", main: `{{with .Empty}}a{{else with .Items}}{{len .}} items{{else}}c{{end}}{{with .M.missing}}x{{else}}no key{{end}}`},
	{name: "if else if", main: `{{if eq .Lang "en"}}en{{else if eq .Lang "zh-Hans"}}zh{{else}}other{{end}}{{if ne .Count 3}}not3{{else}}three{{end}}`},
	{name: "and or not short-circuit", main: `{{if and .Yes .Items (not .Empty)}}yes{{end}}{{or .Empty .Title}}{{and .Title .Lang}}{{if or .NilPtr .Empty}}x{{else}}neither{{end}}{{if and .NilPtr .NilPtr.Title}}x{{end}}`},
	{name: "variables and assignment", main: `{{$x := .Title}}{{$n := 0}}{{range .Items}}{{$n = .N}}{{$x}}{{end}}{{$n}}{{$.Lang}}`},
	{name: "templates and dict", main: `{{template "item" (dict "It" (index .Items 1) "P" $)}}{{template "noargs"}}{{template "item" (dict "It" .Any "P" .)}}`,
		extra: `{{define "item"}}<b>{{.It.Title}}</b>{{.P.Lang}}{{end}}{{define "noargs"}}none{{end}}`},
	{name: "printf index len", main: `{{printf "%s has %d items (%.1f)" .Lang (len .Items) .Ratio}}{{index .M "a"}}{{index .MA "s"}}{{index .Items 2 | printf "%v"}}{{len .Title}}{{index .MA "missing"}}`},
	{name: "missing map key printed", main: `<p title="{{.M.missing}}">{{.M.missing}}</p><a href="{{.M.missing}}">{{.MA.missing}}</a>`},
	{name: "maps of any", main: `{{.MA.s}}{{.MA.h}}{{range .MA.list}}{{.}}{{end}}{{.MA.n}}{{if .MA.h}}h{{end}}`},
	{name: "interfaces", main: `{{.Any.Title}}{{with .Any}}{{.Title}}{{end}}{{if .AnyNil}}x{{else}}nil any{{end}}`},
	{name: "embedded field", main: `{{.Inner}}{{.Embedded.Inner}}`},
	{name: "method chains and arguments", main: `{{.Self.Self.Title}}{{.Pair "a" 3}}{{.Self.URL .Lang}}{{.Works}}{{(.Self).Lang}}`},
	{name: "methods called directly", main: `<a href="{{.URL .Lang}}">{{.Self.Greeting}}</a><a href="{{.Lang | .URL}}">{{.URL .MA.s}}</a>{{with .Self}}{{.URL "x"}}{{end}}{{.Thing.Title}}`},
	{name: "shared partials", main: `<div>{{shared "partials/head.html" .Self}}</div>{{with .Self}}{{shared "partials/head.html" .}}{{end}}`},
	{name: "comments and trimming", main: "{{/* a comment */}}  {{- .Lang -}}  \n {{- /* trimmed */ -}} x"},
	// What the fast path leaves to html/template: each case's first page
	// is fine, the next ones are not.
	{name: "method error", main: `{{if .Yes}}{{.Works}}{{else}}{{.Fails}}{{end}}`, later: func(p *execPage) { p.Yes = false }, fallback: true},
	{name: "nil pointer field", main: `{{(index .Ptrs 0).Title}}`, later: func(p *execPage) { p.Ptrs[0] = nil }, fallback: true},
	{name: "printing a nil pointer", main: `{{index .Ptrs 0}}`, later: func(p *execPage) { p.Ptrs[0] = nil }, fallback: true},
	{name: "eq of unlike kinds", main: `{{if eq .MA.n 3}}x{{end}}`, later: func(p *execPage) { p.MA["n"] = "3" }, fallback: true},
	{name: "range over nil pointer", main: `{{range .MA.list}}{{.}}{{end}}`, later: func(p *execPage) { p.MA["list"] = p.NilPtr }, fallback: true},
	{name: "an attribute given HTML", main: `<p title="{{.Any}}">`, later: func(p *execPage) { p.Any = template.HTML("<b>x</b>") }, fallback: true},
}

func TestFastPathMatchesHTMLTemplate(t *testing.T) {
	for _, c := range execCases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"baseof.html":        `<!DOCTYPE html><html lang="{{.Lang}}"><title>{{.Title}}</title>{{template "partials/head.html" .}}{{template "main" .}}</html>`,
				"partials/head.html": `<meta name="description" content="{{.Title}}">`,
				"root.html":          `{{define "main"}}` + c.main + `{{end}}` + c.extra,
			}
			for _, k := range Required[1:] {
				files[k+".html"] = `{{define "main"}}{{end}}`
			}
			dir := layouts(t, files)
			slow, err := Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			slow.HTMLTemplateOnly = true
			fast, err := Load(dir, execMethods...)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				data := execData()
				if i > 0 && c.later != nil {
					c.later(data)
				}
				want, wantErr := slow.Execute("root", data)
				got, err := fast.Execute("root", data)
				if i == 0 && err != nil {
					t.Fatal(err)
				}
				if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) || err != nil && err.Error() != wantErr.Error() {
					t.Fatalf("page %d:\nhtml/template: %q, %v\nfast path:     %q, %v", i, want, wantErr, got, err)
				}
			}
			// Every page takes the fast path, the first included (its
			// templates are escaped by a dry run), except where the case
			// makes the pages after the first fall back.
			n, fellBack := fast.FastPathStats()
			if c.fallback {
				fell := int64(0)
				for _, k := range fellBack {
					fell += k
				}
				if n > 1 || fell != 3-n || len(fellBack) != 1 {
					t.Errorf("the fast path rendered %d pages, fell back %v; want the pages after the first to fall back", n, fellBack)
				}
			} else if n != 3 || len(fellBack) != 0 {
				t.Errorf("the fast path rendered %d of the 3 pages; fell back: %v", n, fellBack)
			}
		})
	}
}

// A template using something the fast path does not implement (here a
// builtin it leaves to text/template) is rendered by html/template.
func TestFastPathLeavesUnknownFunctions(t *testing.T) {
	files := minimal()
	files["home.html"] = `{{define "main"}}<p>{{.Text | urlquery}}{{slice .Text 1 3}}</p>{{end}}`
	tmpl, err := Load(layouts(t, files))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		out, err := tmpl.Execute("home", map[string]string{"Lang": "en", "Text": "a b&c"})
		if err != nil || !strings.Contains(string(out), "<p>a&#43;b%26c b</p>") {
			t.Fatalf("got %q, %v", out, err)
		}
	}
	n, fellBack := tmpl.FastPathStats()
	if n != 0 || len(fellBack) != 1 {
		t.Fatalf("fast %d, fell back %v", n, fellBack)
	}
}

// Templates html/template cannot escape are never compiled: every page
// goes to html/template, which reports the escaping error with its place.
func TestFastPathLeavesEscapingErrors(t *testing.T) {
	files := minimal()
	files["home.html"] = `{{define "main"}}{{if .Yes}}<a href="{{end}}x">{{.Text}}</a>{{end}}`
	tmpl, err := Load(layouts(t, files))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := tmpl.Execute("home", map[string]any{"Lang": "en", "Text": "t", "Yes": true})
		if err == nil || !strings.Contains(err.Error(), "home.html:1") {
			t.Fatalf("got %v, want html/template's escaping error naming home.html:1", err)
		}
	}
	if n, _ := tmpl.FastPathStats(); n != 0 {
		t.Errorf("the fast path rendered %d pages of unescaped templates", n)
	}
}

// FuzzFastPathMatchesHTMLTemplate: for any page template html/template
// accepts and executes without error on the test data, the fast path
// (or its fallback) gives the same bytes on the next page.
func FuzzFastPathMatchesHTMLTemplate(f *testing.F) {
	for _, c := range execCases {
		if !strings.Contains(c.main, "template") {
			f.Add(c.main)
		}
	}
	f.Fuzz(func(t *testing.T, main string) {
		// No template calls (a page that calls itself recurses for as
		// long as html/template lets it) and no big numbers (range over
		// an integer loops that many times).
		if strings.Contains(main, "template") || regexp.MustCompile(`[0-9]{4}`).MatchString(main) || len(main) > 2000 {
			return
		}
		set := template.New("baseof.html").Funcs(funcs)
		if _, err := set.Parse(`<html lang="{{.Lang}}">{{template "main" .}}</html>`); err != nil {
			t.Fatal(err)
		}
		if _, err := set.New("root.html").Parse(`{{define "main"}}` + main + `{{end}}`); err != nil {
			return
		}
		methods, err := methodSet(execMethods)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &Templates{sets: map[string]*template.Template{"root": set}, methods: methods}
		set.Funcs(template.FuncMap{"shared": tmpl.sharedFunc("root")})
		data := execData() // the same pointers both times: %v prints their addresses
		tmpl.HTMLTemplateOnly = true
		want, err := tmpl.Execute("root", data)
		if err != nil {
			return // html/template's error; the fast path would give up and report it
		}
		tmpl.HTMLTemplateOnly = false
		got, err := tmpl.Execute("root", data)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("template %q:\nhtml/template: %q\nthen:          %q, %v", main, want, got, err)
		}
	})
}

// TestMethodsAreTheMethods: a Method is made from a method expression of
// its receiver, and gives a value of its result's own type; anything
// else is refused when the templates load.
func TestMethodsAreTheMethods(t *testing.T) {
	dir := layouts(t, minimal())
	m := Method1((*execPage).URL)
	if m.name != "URL" || m.recv != reflect.TypeFor[*execPage]() {
		t.Errorf("Method1((*execPage).URL) is %s.%s", m.recv, m.name)
	}
	if got := m.call1(execData(), "a b").Interface(); got != "../a b" {
		t.Errorf("calling it gave %q", got)
	}
	for _, c := range []struct {
		name string
		m    Method
		want string
	}{
		{"a function", Method1(func(p *execPage, s string) string { return s }), "not a method expression"},
		{"an interface result", Method0((*execPage).Thing), "cannot be called directly"},
		{"nil", Method0[*execPage, string](nil), "nil method"},
	} {
		if _, err := Load(dir, c.m); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Load gave %v, want an error saying %q", c.name, err, c.want)
		}
	}
}
