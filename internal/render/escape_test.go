package render

import (
	"html/template"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// escContext is a template context in which html/template inserts exactly
// the escapers listed, in that order.
type escContext struct {
	src      string   // template source with one {{.}}
	escapers []string // escaper chain html/template must insert
}

// stringContexts cover every string escaper, alone where html/template has
// such a context, otherwise in the chains it really uses.
var stringContexts = []escContext{
	{`<p>{{.}}</p>`, []string{"_html_template_htmlescaper"}},
	{`<p title="{{.}}">`, []string{"_html_template_attrescaper"}},
	{`<textarea>{{.}}</textarea>`, []string{"_html_template_rcdataescaper"}},
	{`<title>{{.}}</title>`, []string{"_html_template_rcdataescaper"}},
	{`<a href="{{.}}">`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer", "_html_template_attrescaper"}},
	{`<a href="x{{.}}">`, []string{"_html_template_urlnormalizer", "_html_template_attrescaper"}},
	{`<a href="/x?q={{.}}">`, []string{"_html_template_urlescaper", "_html_template_attrescaper"}},
	{`<style>p{background:url({{.}})}</style>`, []string{"_html_template_urlfilter", "_html_template_urlnormalizer"}},
	{`<style>p{background:url(x{{.}})}</style>`, []string{"_html_template_urlnormalizer"}},
	{`<style>p{background:url(/x?q={{.}})}</style>`, []string{"_html_template_urlescaper"}},
}

var jsContexts = []escContext{
	{`<script type="application/ld+json">{{.}}</script>`, []string{"_html_template_jsvalescaper"}},
	{`<script>var x = {{.}};</script>`, []string{"_html_template_jsvalescaper"}},
}

// compiledContext is an escContext parsed and escaped by html/template.
type compiledContext struct {
	escContext
	tmpl           *template.Template
	prefix, suffix string
}

// execute runs the real html/template on v.
func (c *compiledContext) execute(tb testing.TB, v any) string {
	tb.Helper()
	var b strings.Builder
	if err := c.tmpl.Execute(&b, v); err != nil {
		tb.Fatalf("%s: execute %#v: %v", c.src, v, err)
	}
	return b.String()
}

// compile parses each context, executes it once so that html/template
// escapes it, and checks that the escaped tree uses exactly the intended
// escapers.
func compile(tb testing.TB, ctxs []escContext) []*compiledContext {
	tb.Helper()
	var out []*compiledContext
	for _, ec := range ctxs {
		tmpl, err := template.New("t").Parse(ec.src)
		if err != nil {
			tb.Fatal(err)
		}
		c := &compiledContext{escContext: ec, tmpl: tmpl}
		c.prefix, c.suffix, _ = strings.Cut(ec.src, "{{.}}")
		c.execute(tb, "x")
		want := c.prefix + "{{. | " + strings.Join(ec.escapers, " | ") + "}}" + c.suffix
		if got := tmpl.Tree.Root.String(); got != want {
			tb.Fatalf("escaped tree of %s:\n got %s\nwant %s", ec.src, got, want)
		}
		out = append(out, c)
	}
	return out
}

var (
	compiledOnce       sync.Once
	compiledStringCtxs []*compiledContext
	compiledJSCtxs     []*compiledContext
)

func compiledContexts(tb testing.TB) ([]*compiledContext, []*compiledContext) {
	compiledOnce.Do(func() {
		compiledStringCtxs = compile(tb, stringContexts)
		compiledJSCtxs = compile(tb, jsContexts)
	})
	if compiledStringCtxs == nil || compiledJSCtxs == nil {
		tb.Fatal("contexts failed to compile")
	}
	return compiledStringCtxs, compiledJSCtxs
}

// typedValue returns s as the Go value html/template stringifies to (s, t).
func typedValue(s string, t contentType) any {
	switch t {
	case contentTypeCSS:
		return template.CSS(s)
	case contentTypeHTML:
		return template.HTML(s)
	case contentTypeHTMLAttr:
		return template.HTMLAttr(s)
	case contentTypeJS:
		return template.JS(s)
	case contentTypeJSStr:
		return template.JSStr(s)
	case contentTypeURL:
		return template.URL(s)
	case contentTypeSrcset:
		return template.Srcset(s)
	}
	return s
}

var contentTypeNames = [...]string{"plain", "CSS", "HTML", "HTMLAttr", "JS", "JSStr", "URL", "Srcset"}

// mayDecline reports whether the port is allowed to return ok=false for
// (s, t): only attrescaper on HTML content that stripTags would change.
func mayDecline(name, s string, t contentType) bool {
	return name == "_html_template_attrescaper" && t == contentTypeHTML && strings.Contains(s, "<")
}

// checkString compares, for every string context, the ports chained as
// html/template chains its escapers with the real template output. It
// returns how many cases the ports declined.
func checkString(tb testing.TB, ctxs []*compiledContext, s string, t contentType) (declined int) {
	tb.Helper()
	v := typedValue(s, t)
	for _, c := range ctxs {
		out, ok, ct := s, true, t
		for _, name := range c.escapers {
			esc := stringEscapers[name]
			if esc == nil {
				tb.Fatalf("no port for %s", name)
			}
			in := out
			out, ok = esc(in, ct)
			if !ok {
				if !mayDecline(name, in, ct) {
					tb.Errorf("%s: %s(%q, %s) returned ok=false", c.src, name, in, contentTypeNames[ct])
				}
				break
			}
			// Each stage returns a plain string to the next.
			ct = contentTypePlain
		}
		if !ok {
			declined++
			continue
		}
		want := c.execute(tb, v)
		if got := c.prefix + out + c.suffix; got != want {
			tb.Errorf("%s with %s(%q):\n got %q\nwant %q", c.src, contentTypeNames[t], s, got, want)
		}
	}
	return declined
}

// checkJS compares escapeJSVal with the real template output for v.
// mustHandle says that ok=false is an error.
func checkJS(tb testing.TB, ctxs []*compiledContext, v any, mustHandle bool) {
	tb.Helper()
	got, ok := escapeJSVal(v)
	if !ok {
		if mustHandle {
			tb.Errorf("escapeJSVal(%T %#v) returned ok=false", v, v)
		}
		return
	}
	for _, c := range ctxs {
		want := c.execute(tb, v)
		if got := c.prefix + got + c.suffix; got != want {
			tb.Errorf("%s with %T %#v:\n got %q\nwant %q", c.src, v, v, got, want)
		}
	}
}

// trickyInputs are the table inputs, also used as fuzz seeds.
var trickyInputs = []string{
	"",
	"a",
	"Hello, world",
	"plain-ascii_text.with~unreserved",
	"中文，１２３。",
	"日本語 한국어 Ελληνικά",
	"😀 emoji 👍🏽",
	`'`, `"`, "&", "<", ">", "+", `'"&<>+`,
	"a < b && c > d",
	"&amp; &lt; &#39; &#x27; &nbsp;",
	"<b>bold</b>",
	"<b title=\"1>2\">x</b> I <3 Ponies!",
	"\x00", "a\x00b", "\x00\x00",
	"\xff", "\xfe\xff", "a\xc3", "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x80",
	"\uFFFD", "a\uFFFDb",
	"\u2028", "\u2029", "x\u2028y\u2029z",
	"\ufdd0 \uffef \ufff0 \uffff \U0010FFFF",
	"\u00a0nbsp", "\x7f", "\x01\x02\x1f", "\b\f\n\r\t\v", `back\slash`, `\u0000`,
	"javascript:alert(1)",
	"JAVASCRIPT:x",
	" javascript:x",
	"java\x00script:x",
	"javascript&#58;x",
	"mailto:a@b",
	"MailTo:a@b.example",
	"http://example.com/a?b=c&d=e#f",
	"HTTPS://EXAMPLE.COM/",
	"https:",
	":x",
	"ftp://host/",
	"data:text/html,<script>alert(1)</script>",
	"/a:b", "a/b:c", "?q=a:b", "#frag:x",
	"//host/p",
	"../a b/%zz?x=1&y=<2>#frag",
	"%41%4a%4F%zz%4%", "%", "a%", "a%4", "%%41", "%e4%b8%ad",
	"100% sure",
	"a+b=c;d,e!f*g$h'i(j)k[l]m@n",
	"</script>", "</SCRIPT >", "<script>alert(1)</script>", "<!--", "-->", "<![CDATA[x]]>",
	"*/", "/*", "//",
	" leading", "trailing ", "  both  ", "\tws\n",
	"123", "-1.5e10", "true", "null",
	"{{.}}", "`backtick`", "${x}",
	strings.Repeat("x", 100000),
	strings.Repeat("a<b>&\"' 中文\x00", 5000),
	strings.Repeat("%20/?#", 3000),
	strings.Repeat("\u2028\xff\\\"", 3000),
}

func TestStringEscapersMatchHTMLTemplate(t *testing.T) {
	ctxs, _ := compiledContexts(t)
	declined := 0
	for _, s := range trickyInputs {
		for ct := contentTypePlain; ct <= contentTypeSrcset; ct++ {
			declined += checkString(t, ctxs, s, ct)
		}
	}
	t.Logf("%d inputs × %d content types × %d contexts, %d declined (attrescaper on HTML with tags)",
		len(trickyInputs), len(contentTypeNames), len(ctxs), declined)
}

// TestStringEscapersCommonCasesOK asserts that the common cases are handled
// by the ports (ok=true) and not left to the fallback.
func TestStringEscapersCommonCasesOK(t *testing.T) {
	for _, s := range trickyInputs {
		for name, esc := range stringEscapers {
			for _, ct := range []contentType{contentTypePlain, contentTypeURL, contentTypeJS, contentTypeHTMLAttr} {
				if _, ok := esc(s, ct); !ok {
					t.Errorf("%s(%q, %s): ok=false", name, s, contentTypeNames[ct])
				}
			}
			if _, ok := esc(s, contentTypeHTML); !ok && !mayDecline(name, s, contentTypeHTML) {
				t.Errorf("%s(%q, HTML): ok=false", name, s)
			}
		}
	}
	if out, ok := escapeAttr("Tom &amp; Jerry's", contentTypeHTML); !ok || out != "Tom &amp; Jerry&#39;s" {
		t.Errorf("escapeAttr of HTML without tags = %q, %v", out, ok)
	}
}

func TestStringEscapersExamples(t *testing.T) {
	tests := []struct {
		esc  stringEscaper
		s    string
		t    contentType
		want string
	}{
		{escapeHTML, `<a href="x">&'+`, contentTypePlain, "&lt;a href=&#34;x&#34;&gt;&amp;&#39;&#43;"},
		{escapeHTML, "<b>x</b>", contentTypeHTML, "<b>x</b>"},
		{escapeHTML, "a\x00b", contentTypePlain, "a\uFFFDb"},
		{escapeRCDATA, "&amp;<", contentTypeHTML, "&amp;&lt;"},
		{filterURL, "javascript:alert(1)", contentTypePlain, "#ZgotmplZ"},
		{filterURL, "javascript:alert(1)", contentTypeURL, "javascript:alert(1)"},
		{filterURL, "/a:b", contentTypePlain, "/a:b"},
		{normalizeURL, "../a b/%zz?x=1&y=<2>#frag", contentTypePlain, "../a%20b/%25zz?x=1&y=%3c2%3e#frag"},
		{escapeURL, "a b&c/%41", contentTypePlain, "a%20b%26c%2f%2541"},
		{escapeURL, "a b&c/%41", contentTypeURL, "a%20b&c/%41"},
		{escapeURL, "中", contentTypePlain, "%e4%b8%ad"},
	}
	for _, tt := range tests {
		if got, ok := tt.esc(tt.s, tt.t); !ok || got != tt.want {
			t.Errorf("(%q, %s) = %q, %v; want %q", tt.s, contentTypeNames[tt.t], got, ok, tt.want)
		}
	}
}

func TestStringEscapersNoAllocWhenClean(t *testing.T) {
	for _, s := range []string{"", "Hello world", "plain-ascii_text.with~unreserved", "abcXYZ0123456789"} {
		for name, esc := range stringEscapers {
			if name == "_html_template_urlescaper" && strings.Contains(s, " ") ||
				name == "_html_template_urlnormalizer" && strings.Contains(s, " ") {
				continue
			}
			var out string
			allocs := testing.AllocsPerRun(100, func() { out, _ = esc(s, contentTypePlain) })
			if allocs != 0 || out != s {
				t.Errorf("%s(%q) = %q with %v allocs; want the input, 0 allocs", name, s, out, allocs)
			}
		}
	}
}

type (
	namedString  string
	namedInt     int
	namedUint8   uint8
	namedFloat32 float32
	namedBool    bool
	namedJS      template.JS
)

type stringerInt int

func (i stringerInt) String() string { return "stringer" }

func jsValues() []any {
	var vs []any
	for _, s := range trickyInputs {
		vs = append(vs, s, template.JS(s), template.JSStr(s), template.HTML(s), template.URL(s), namedString(s), namedJS(s))
	}
	vs = append(vs,
		true, false, namedBool(true),
		0, 1, -1, 42, math.MaxInt64, math.MinInt64,
		int8(-128), int16(300), int32(-70000), int64(1<<53+1),
		uint(7), uint8(255), uint16(65535), uint32(1<<32-1), uint64(math.MaxUint64), uintptr(12),
		namedInt(-3), namedUint8(9),
		0.0, math.Copysign(0, -1), 1.0, -1.5, 0.1, 1e20, 1e21, 123456789e13, 1e-6, 9.99e-7, 1e-7, 5e-324,
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Pi, 100, 1e100, -2.5e-9,
		float32(0.1), float32(1e21), float32(1e-6), float32(9.999e-7), float32(3.4e38), float32(math.Copysign(0, -1)),
		namedFloat32(2.5),
	)
	return vs
}

// mustHandleJS reports whether escapeJSVal must return ok=true for v.
func mustHandleJS(v any) bool {
	switch v.(type) {
	case stringerInt, time.Duration, nil, *string, []int, map[string]int:
		return false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String && !jsonEscapesInvalidUTF8 {
		// Built with GOEXPERIMENT=jsonv2: invalid UTF-8 is left to
		// html/template.
		return utf8.ValidString(rv.String())
	}
	if rv.CanFloat() {
		f := rv.Float()
		return !math.IsInf(f, 0) && !math.IsNaN(f)
	}
	return true
}

func TestEscapeJSValMatchesHTMLTemplate(t *testing.T) {
	_, ctxs := compiledContexts(t)
	s := "pointer"
	vs := append(jsValues(),
		// Not handled by the port: checked only when it says ok.
		nil, math.NaN(), math.Inf(1), math.Inf(-1), float32(math.Inf(-1)),
		stringerInt(1), 2*time.Second, &s, []int{1, 2}, map[string]int{"a": 1},
	)
	for _, v := range vs {
		checkJS(t, ctxs, v, mustHandleJS(v))
	}
	for _, v := range []any{nil, math.NaN(), math.Inf(1), stringerInt(1), time.Second, &s, []int{1}} {
		if out, ok := escapeJSVal(v); ok {
			t.Errorf("escapeJSVal(%T %v) = %q, ok; want ok=false", v, v, out)
		}
	}
}

func TestEscapeJSValExamples(t *testing.T) {
	tests := []struct {
		v    any
		want string
	}{
		{"a<b>&\"'\u2028", `"a\u003cb\u003e\u0026\"'\u2028"`},
		{template.JS("x + y"), "x + y"},
		{template.JSStr(`a"b`), `"a"b"`},
		{42, " 42 "},
		{-1.5, " -1.5 "},
		{1e21, " 1e+21 "},
		{1e-7, " 1e-7 "},
		{true, " true "},
		{"\xff", `"\ufffd"`},
	}
	for _, tt := range tests {
		if !mustHandleJS(tt.v) {
			continue // "\xff" built with GOEXPERIMENT=jsonv2
		}
		if got, ok := escapeJSVal(tt.v); !ok || got != tt.want {
			t.Errorf("escapeJSVal(%#v) = %q, %v; want %q", tt.v, got, ok, tt.want)
		}
	}
}

func FuzzEscapersMatchHTMLTemplate(f *testing.F) {
	for _, s := range trickyInputs {
		if len(s) > 1000 {
			continue
		}
		for ct := byte(0); ct < byte(len(contentTypeNames)); ct++ {
			f.Add(s, ct)
		}
	}
	ctxs, _ := compiledContexts(f)
	f.Fuzz(func(t *testing.T, s string, ct byte) {
		checkString(t, ctxs, s, contentType(ct%byte(len(contentTypeNames))))
	})
}

func FuzzEscapeJSValMatchesHTMLTemplate(f *testing.F) {
	floats := []float64{0, -1.5, 1e21, 1e-7, math.MaxFloat64, 5e-324, math.NaN()}
	ints := []int64{0, -1, math.MaxInt64, math.MinInt64, 1 << 53}
	for i, s := range trickyInputs {
		if len(s) > 1000 {
			continue
		}
		f.Add(s, floats[i%len(floats)], ints[i%len(ints)], i%2 == 0)
	}
	_, ctxs := compiledContexts(f)
	f.Fuzz(func(t *testing.T, s string, f64 float64, i64 int64, b bool) {
		for _, v := range []any{
			s, template.JS(s), template.JSStr(s), namedString(s),
			f64, float32(f64), namedFloat32(f64),
			i64, int(i64), int32(i64), int8(i64), uint64(i64), uint16(i64), namedInt(i64),
			b, namedBool(b),
		} {
			checkJS(t, ctxs, v, mustHandleJS(v))
		}
	})
}

func BenchmarkEscapeHTML(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"clean", "Quarterly report for the northern region, 2024 edition"},
		{"chinese", "中文报告：第一季度销售额同比增长百分之十二"},
		{"escape", `Sales & "marketing" <2024> +12%`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.s)))
			for b.Loop() {
				escapeHTML(bc.s, contentTypePlain)
			}
		})
	}
}

func BenchmarkEscapeURL(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"clean", "/reports/2024/north-region/index.html"},
		{"escape", "/reports/2024/北区/index.html?q=a b"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				normalizeURL(bc.s, contentTypePlain)
			}
		})
	}
}

func BenchmarkEscapeJSVal(b *testing.B) {
	for _, bc := range []struct {
		name string
		v    any
	}{
		{"string", "Quarterly report for the northern region"},
		{"int", 12345},
		{"float", 3.25},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				escapeJSVal(bc.v)
			}
		})
	}
}

// TestReplacedBytesBelow64: htmlReplace finds the bytes to replace with a
// 64-bit mask, which holds only if every replaced byte is below 64.
func TestReplacedBytesBelow64(t *testing.T) {
	for name, table := range map[string]*[256]string{"html": &htmlReplacementTable, "htmlNorm": &htmlNormReplacementTable} {
		for c := 64; c < 256; c++ {
			if table[c] != "" {
				t.Errorf("%s table replaces byte %#x: htmlReplace's mask cannot see it", name, c)
			}
		}
		if got := replacedBytes(table); got == 0 {
			t.Errorf("%s table: empty mask", name)
		}
	}
}
