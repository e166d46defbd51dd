// Package render turns page models into HTML with the Go html/template files
// in layouts/: a base layout (baseof.html), partials (partials/*.html) and
// one template per page kind. Templates are parsed once per build; parse and
// execution errors are reported as file:line:col.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

// Templates holds one parsed template set per page kind.
type Templates struct {
	dir    string
	sets   map[string]*template.Template
	shared sync.Map // sharedKey → template.HTML: what {{shared}} made

	// HTMLTemplateOnly turns the fast path (exec.go) off: every page is
	// executed by html/template. Tests compare the two.
	HTMLTemplateOnly bool

	methods   map[memberKey]*Method // what the fast path calls directly
	fast      sync.Map              // fastKey → *fastSet
	fastPages atomic.Int64
	fellBack  sync.Map // reason → *atomic.Int64
}

// sharedKey names one output of {{shared "name" data}}: the page kind (a
// kind's template may define its own version of a partial), the template
// and the pointer it was given. The key holds the pointer, so the value it
// points to stays alive, and no other value can take its address, as long
// as the output is remembered.
type sharedKey struct {
	kind, name string
	data       any
}

// Required lists the page templates every site needs.
var Required = []string{"root", "home", "report", "section"}

// Load parses layouts/baseof.html, layouts/partials/*.html and one
// layouts/<kind>.html per page kind: every other .html file directly in
// dir is a page kind. The fast path calls methods directly, without
// reflection.
func Load(dir string, methods ...Method) (*Templates, error) {
	direct, err := methodSet(methods)
	if err != nil {
		return nil, err
	}
	base := filepath.Join(dir, "baseof.html")
	pages, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	seen := map[string]bool{}
	var kinds []string
	for _, f := range pages {
		k := strings.TrimSuffix(filepath.Base(f), ".html")
		if k != "baseof" {
			kinds = append(kinds, k)
			seen[k] = true
		}
	}
	for _, k := range Required {
		if !seen[k] {
			kinds = append(kinds, k) // reported as missing below
		}
	}
	sort.Strings(kinds)
	partials, _ := filepath.Glob(filepath.Join(dir, "partials", "*.html"))
	sort.Strings(partials)
	t := &Templates{dir: dir, sets: map[string]*template.Template{}, methods: direct}
	var errs srcpos.List
	// baseof.html and the partials are parsed once; each kind gets a
	// clone (copying trees costs a fraction of parsing them again) with
	// its own {{shared}} and its page, which may redefine a partial.
	common := template.New(filepath.Base(base)).Funcs(funcs).Funcs(template.FuncMap{"shared": t.sharedFunc("")})
	commonErr := false
	for _, f := range append([]string{base}, partials...) {
		if !parseInto(common, dir, f, "every page", &errs) {
			commonErr = true
			break
		}
	}
	for _, kind := range kinds {
		page := filepath.Join(dir, kind+".html")
		if commonErr {
			if _, err := os.Stat(page); err != nil {
				errs.Addf(srcpos.Pos{File: page}, nil, "missing template: %s is needed to render %s pages", filepath.Base(page), kind)
			}
			continue
		}
		set, err := common.Clone()
		if err != nil {
			errs.Append(err)
			continue
		}
		set.Funcs(template.FuncMap{"shared": t.sharedFunc(kind)})
		if parseInto(set, dir, page, kind+" pages", &errs) {
			t.sets[kind] = set
		}
	}
	return t, errs.Err()
}

// parseInto parses the template file f into set under its path from dir
// (baseof.html, the set's own name, into set itself), reporting a missing
// file or a parse error.
func parseInto(set *template.Template, dir, f, forWhat string, errs *srcpos.List) bool {
	src, err := os.ReadFile(f)
	if err != nil {
		errs.Addf(srcpos.Pos{File: f}, nil, "missing template: %s is needed to render %s", filepath.Base(f), forWhat)
		return false
	}
	name := strings.TrimPrefix(f, dir+string(filepath.Separator))
	tmpl := set
	if name != set.Name() {
		tmpl = set.New(name)
	}
	if _, err := tmpl.Parse(string(src)); err != nil {
		errs.Append(templateError(dir, err))
		return false
	}
	return true
}

// sharedFunc is the template function shared: {{shared "partials/x.html"
// .Chrome}} executes the named template with the given pointer as its
// data, once per build for that pointer, and inserts the result. Parts of
// a page that many pages have in common (a footer, a navigation bar) are
// made once this way instead of once per page. The template sees only
// the value it is given, so equal pointers give equal output; the value
// must not change during the build.
func (t *Templates) sharedFunc(kind string) func(name string, data any) (template.HTML, error) {
	return func(name string, data any) (template.HTML, error) {
		out, err := t.sharedOutput(kind, name, data)
		if err != nil {
			return "", err
		}
		return out.(template.HTML), nil
	}
}

// sharedOutput is what {{shared name data}} inserts in kind's pages: a
// template.HTML, in the interface it is kept in (the fast path passes it
// on without boxing it again).
func (t *Templates) sharedOutput(kind, name string, data any) (any, error) {
	if v := reflect.ValueOf(data); v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, fmt.Errorf("shared %q: the data must be a non-nil pointer (its address names the output), not %T", name, data)
	}
	key := sharedKey{kind, name, data}
	if out, ok := t.shared.Load(key); ok {
		return out, nil
	}
	// Trusted: the output of html/template (or of the fast path, which
	// gives the same bytes), made in the HTML text context that {{shared}}
	// is used in.
	var html template.HTML
	made := false
	set := t.sets[kind]
	if fs := t.fastSet(kind, name, set); fs != nil && fs.unusable != "" {
		t.noteFallback(kind + ": shared " + name + ": " + fs.unusable)
	} else if fs != nil {
		var b bytes.Buffer
		if ok, why := fs.execute(&b, name, data); ok {
			html, made = template.HTML(b.String()), true
		} else {
			t.noteFallback(kind + ": shared " + name + ": " + why)
		}
	}
	if !made {
		var b strings.Builder
		if err := set.ExecuteTemplate(&b, name, data); err != nil {
			return nil, err
		}
		html = template.HTML(b.String())
	}
	out, _ := t.shared.LoadOrStore(key, html)
	return out, nil
}

// NewBuild forgets what {{shared}} made: a build calls it before
// rendering when it reuses templates from an earlier build (the dev
// server), so that memory holds one build's shared parts.
func (t *Templates) NewBuild() { t.shared.Clear() }

// Execute renders the page with the set for kind.
func (t *Templates) Execute(kind string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTo(&buf, kind, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExecuteTo renders the page with the set for kind into w (the build
// renders into reused buffers).
func (t *Templates) ExecuteTo(w io.Writer, kind string, data any) error {
	set, ok := t.sets[kind]
	if !ok {
		return fmt.Errorf("no template for page kind %q", kind)
	}
	if fs := t.fastSet(kind, entryTemplate, set); fs != nil && fs.unusable != "" {
		t.noteFallback(kind + ": " + fs.unusable)
	} else if fs != nil {
		buf, direct := w.(*bytes.Buffer)
		if !direct {
			buf = new(bytes.Buffer)
		}
		start := buf.Len()
		ok, why := fs.execute(buf, entryTemplate, data)
		if ok {
			t.fastPages.Add(1)
			if !direct {
				_, err := w.Write(buf.Bytes())
				return err
			}
			return nil
		}
		buf.Truncate(start)
		t.noteFallback(kind + ": " + why)
	}
	if err := set.ExecuteTemplate(w, entryTemplate, data); err != nil {
		return templateError(t.dir, err)
	}
	return nil
}

// fastSet returns kind's templates reached from entry ready for the fast
// path, compiling them on first use; nil when html/template cannot escape
// them (its own run then reports why) or the fast path is off.
//
// html/template escapes a set's templates (rewrites their trees with the
// escapers each action needs) when it first executes it. A dry run does
// that without a page: the escaping depends on the templates alone, and
// the run, given data without fields, stops at the first field (its
// output is discarded and its error, about the missing field, ignored).
// So every page of a kind, the first included, can take the fast path.
func (t *Templates) fastSet(kind, entry string, set *template.Template) *fastSet {
	if t.HTMLTemplateOnly {
		return nil
	}
	key := fastKey{kind, entry}
	if fs, ok := t.fast.Load(key); ok {
		return fs.(*fastSet)
	}
	if !escapeByDryRun(set, entry) {
		return nil
	}
	fs, why := compileFast(entry, func(name string) *parse.Tree {
		if x := set.Lookup(name); x != nil {
			return x.Tree
		}
		return nil
	})
	if fs == nil {
		fs = &fastSet{unusable: why}
	}
	fs.shared = func(name string, data any) (any, error) { return t.sharedOutput(kind, name, data) }
	fs.methods = t.methods
	got, _ := t.fast.LoadOrStore(key, fs)
	return got.(*fastSet)
}

// fastKey names a compiled fast set: a kind's templates from an entry
// (its pages' baseof.html, or a partial that {{shared}} executes).
type fastKey struct{ kind, entry string }

// noFields is the dry run's data: any field of it is an error.
type noFields struct{}

// escapeByDryRun has html/template escape the templates set reaches from
// entry, executing them into nothing with data that has no fields. It
// reports false when the escaping failed (an *template.Error) or the run
// panicked: the trees may then be unescaped and must not be compiled.
//
// Not nil data: text/template evaluates a field of nil to nothing and
// goes on, so a dry run with nil executed every branch it could reach.
func escapeByDryRun(set *template.Template, entry string) (escaped bool) {
	defer func() {
		if recover() != nil {
			escaped = false
		}
	}()
	err := set.ExecuteTemplate(io.Discard, entry, noFields{})
	var escErr *template.Error
	return !errors.As(err, &escErr)
}

// entryTemplate is the template a page is executed from.
const entryTemplate = "baseof.html"

func (t *Templates) noteFallback(why string) {
	n, _ := t.fellBack.LoadOrStore(why, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
}

// FastPathStats says how many pages the fast path rendered and, by
// reason, how many it left to html/template.
func (t *Templates) FastPathStats() (fast int64, fellBack map[string]int64) {
	fellBack = map[string]int64{}
	t.fellBack.Range(func(k, v any) bool {
		fellBack[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return t.fastPages.Load(), fellBack
}

// template errors look like "template: section.html:12:5: executing …" or
// "template: partials/nav.html:3: unexpected …".
var tmplErrRe = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

func templateError(dir string, err error) error {
	msg := err.Error()
	m := tmplErrRe.FindStringSubmatch(msg)
	if m == nil {
		return &srcpos.Error{Pos: srcpos.Pos{File: dir}, Msg: msg}
	}
	file := filepath.Join(dir, m[1])
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	src, _ := os.ReadFile(file)
	// html/template counts the column as a 0-based byte offset in the
	// line; positions here count characters from 1.
	if m[3] != "" {
		text := srcpos.LineText(src, line)
		col = utf8.RuneCountInString(text[:min(col, len(text))]) + 1
	}
	return srcpos.Errorf(srcpos.Pos{File: file, Line: line, Col: col}, src, "%s", m[4])
}

var funcs = template.FuncMap{"dict": dict}

// dict passes several values to a partial: (dict "Blocks" .X "T" .T).
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key and value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
