package sitecheck

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// page is what the check needs to know about one HTML file.
type page struct {
	file        string
	kind        string
	lang        string
	hasLang     bool
	title       string
	hasTitle    bool
	description string
	hasDesc     bool
	noindex     bool
	ids         map[string]bool
	alternates  []alternate
	assets      []string // local CSS and JS files it loads, for its weight
	labelRefs   []idref  // aria-labelledby, aria-describedby, for: ids that must exist
}

type alternate struct {
	hreflang string
	r        ref
}

type idref struct {
	off  int
	attr string
	id   string
}

// elem is an open element during the scan.
type elem struct {
	name   string
	off    int
	hidden bool // aria-hidden="true" on it or an ancestor
	svg    *svgState
	named  *namedState
}

// namedState gathers the visible text of a link or button that has an
// aria-label: the label must contain it (WCAG 2.5.3, label in name), or
// a speech user who says what they see cannot activate it.
type namedState struct {
	label string
	text  strings.Builder
}

// svgState gathers what decides whether an inline <svg> has a text
// alternative: role="img" with a name (aria-label, aria-labelledby or a
// <title> child), or aria-hidden="true".
type svgState struct {
	roleImg    bool
	label      string
	labelledby []string
	title      string
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true, "keygen": true}

// refAttrs lists the attributes of HTML elements that hold URLs, and
// whether the browser fetches them to show the page.
var refAttrs = map[string]map[string]bool{
	"a": {"href": false}, "area": {"href": false},
	"img": {"src": true, "srcset": true}, "source": {"src": true, "srcset": true},
	"script": {"src": true}, "iframe": {"src": true}, "frame": {"src": true}, "embed": {"src": true},
	"audio": {"src": true}, "video": {"src": true, "poster": true}, "track": {"src": true},
	"input": {"src": true, "formaction": false}, "button": {"formaction": false},
	"object": {"data": true}, "form": {"action": false},
	"blockquote": {"cite": false}, "q": {"cite": false}, "del": {"cite": false}, "ins": {"cite": false},
}

// loadingRels are <link rel> values that make the browser fetch the URL.
var loadingRels = map[string]bool{"stylesheet": true, "icon": true, "apple-touch-icon": true,
	"apple-touch-icon-precomposed": true, "mask-icon": true, "preload": true, "modulepreload": true,
	"prefetch": true, "prerender": true, "manifest": true, "preconnect": true, "dns-prefetch": true}

// metaURLs are <meta> properties whose content is a URL of the site.
var metaURLs = map[string]bool{"og:url": true, "og:image": true, "og:image:url": true,
	"og:image:secure_url": true, "twitter:image": true, "twitter:image:src": true}

var refreshURL = regexp.MustCompile(`(?i)^\s*\d+(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?['"]?([^'"]*)`)

func (s *checker) scanHTML(name string, src []byte) *page {
	pg := &page{file: name, kind: "page", ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	z.SetMaxBuf(0)
	off := 0
	var stack []elem
	var text strings.Builder // the text of the raw-text element being read
	capturing := ""          // "title", "svgtitle", "script-ld", "script-js", "style", ""
	textOff := 0
	inSVG := func() bool {
		for _, e := range stack {
			if e.name == "svg" {
				return true
			}
		}
		return false
	}
	hidden := func() bool { return len(stack) > 0 && stack[len(stack)-1].hidden }
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				s.report(name, start, "syntax", "cannot read the HTML: %v", z.Err())
			}
			for len(stack) > 0 {
				s.closeElem(pg, stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			return pg
		case html.TextToken:
			for i := range stack {
				if stack[i].named != nil {
					stack[i].named.text.Write(z.Text())
				}
			}
			if capturing != "" {
				if text.Len() == 0 {
					textOff = start
				}
				text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tn, _ := z.TagName()
			tag := string(tn)
			attrs := readAttrs(z)
			foreign := inSVG() || tag == "svg" || tag == "math"
			e := elem{name: tag, off: start, hidden: hidden() || strings.EqualFold(attrs.get("aria-hidden"), "true")}
			s.scanElement(pg, name, src, start, raw, tag, attrs, foreign, &e)
			if (tag == "a" || tag == "button") && !foreign && strings.TrimSpace(attrs.get("aria-label")) != "" {
				e.named = &namedState{label: attrs.get("aria-label")}
			}
			if tag == "svg" && !inSVG() {
				e.svg = &svgState{roleImg: hasToken(attrs.get("role"), "img"), label: strings.TrimSpace(attrs.get("aria-label")),
					labelledby: strings.Fields(attrs.get("aria-labelledby"))}
			}
			closed := tt == html.SelfClosingTagToken && foreign || !foreign && voidElements[tag]
			if closed {
				s.closeElem(pg, e)
				break
			}
			stack = append(stack, e)
			text.Reset()
			switch {
			case tag == "title" && len(stack) >= 2 && stack[len(stack)-2].svg != nil:
				capturing = "svgtitle"
			case tag == "title" && !foreign:
				capturing = "title"
			case tag == "script":
				switch t := strings.ToLower(strings.TrimSpace(attrs.get("type"))); {
				case t == "application/ld+json":
					capturing = "script-ld"
				case t == "" || t == "module" || strings.Contains(t, "javascript") || strings.Contains(t, "ecmascript"):
					capturing = "script-js"
				default:
					capturing = "other"
				}
			case tag == "style":
				capturing = "style"
			default:
				capturing = ""
			}
		case html.EndTagToken:
			tn, _ := z.TagName()
			tag := string(tn)
			switch capturing {
			case "title":
				if tag == "title" && !pg.hasTitle {
					pg.title, pg.hasTitle = strings.TrimSpace(text.String()), true
				}
			case "svgtitle":
				if tag == "title" && len(stack) >= 2 {
					if sv := stack[len(stack)-2].svg; sv != nil && sv.title == "" {
						sv.title = strings.TrimSpace(text.String())
					}
				}
			case "script-ld":
				s.scanJSON(name, name, []byte(text.String()), textOff, false)
			case "script-js":
				s.scanJS(name, []byte(text.String()), textOff)
			case "style":
				s.scanCSS(name, name, []byte(text.String()), textOff, false)
			}
			capturing = ""
			text.Reset()
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == tag {
					for j := len(stack) - 1; j >= i; j-- {
						s.closeElem(pg, stack[j])
					}
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// attrList is a tag's attributes in source order.
type attrList []html.Attribute

func readAttrs(z *html.Tokenizer) attrList {
	var out attrList
	for {
		k, v, more := z.TagAttr()
		if k == nil {
			break
		}
		out = append(out, html.Attribute{Key: string(k), Val: string(v)})
		if !more {
			break
		}
	}
	return out
}

func (a attrList) get(key string) string {
	for _, at := range a {
		if at.Key == key {
			return at.Val
		}
	}
	return ""
}

func (a attrList) has(key string) bool {
	for _, at := range a {
		if at.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == token {
			return true
		}
	}
	return false
}

// attrOff is the offset of attribute key in the tag at start, so that a
// problem points at the attribute rather than at the tag.
func attrOff(raw []byte, start int, key string) int {
	if i := bytes.Index(bytes.ToLower(raw), []byte(" "+key+"=")); i >= 0 {
		return start + i + 1
	}
	return start
}

func (s *checker) scanElement(pg *page, name string, src []byte, start int, raw []byte, tag string, attrs attrList, foreign bool, e *elem) {
	for _, at := range attrs {
		switch at.Key {
		case "id":
			pg.ids[at.Val] = true
		case "name":
			if tag == "a" {
				pg.ids[at.Val] = true
			}
		case "style":
			s.scanCSS(name, name, []byte(at.Val), attrOff(raw, start, "style"), true)
		case "aria-labelledby", "aria-describedby":
			for _, id := range strings.Fields(at.Val) {
				pg.labelRefs = append(pg.labelRefs, idref{attrOff(raw, start, at.Key), at.Key, id})
			}
		case "for":
			if tag == "label" || tag == "output" {
				for _, id := range strings.Fields(at.Val) {
					pg.labelRefs = append(pg.labelRefs, idref{attrOff(raw, start, at.Key), at.Key, id})
				}
			}
		}
	}
	what := func(key string) string { return "<" + tag + " " + key + ">" }
	add := func(key, val string, load, own bool) {
		s.addRef(ref{file: name, off: attrOff(raw, start, key), from: name, raw: val, what: what(key), load: load, own: own})
	}
	if foreign {
		// SVG and MathML: <a href> is a link; any other href (use, image,
		// feImage, gradients, textPath) is fetched or drawn.
		for _, at := range attrs {
			if at.Key == "href" || at.Key == "xlink:href" {
				add(at.Key, at.Val, tag != "a", false)
			}
		}
		return
	}
	switch tag {
	case "html":
		pg.lang, pg.hasLang = strings.TrimSpace(attrs.get("lang")), attrs.has("lang")
	case "body":
		for _, c := range strings.Fields(attrs.get("class")) {
			if k, ok := strings.CutPrefix(c, "kind-"); ok && k != "" {
				pg.kind = k
				break
			}
		}
	case "base":
		s.report(name, start, "link", "a <base> element changes what every relative link means: link relatively instead")
	case "meta":
		key := strings.ToLower(attrs.get("name"))
		if key == "" {
			key = strings.ToLower(attrs.get("property"))
		}
		content := attrs.get("content")
		switch {
		case key == "description":
			pg.description, pg.hasDesc = strings.TrimSpace(content), true
		case key == "robots" && hasToken(strings.ReplaceAll(content, ",", " "), "noindex"):
			pg.noindex = true
		case metaURLs[key]:
			s.addRef(ref{file: name, off: attrOff(raw, start, "content"), from: name, raw: content, what: `<meta ` + key + `>`})
		case strings.EqualFold(attrs.get("http-equiv"), "refresh"):
			if m := refreshURL.FindStringSubmatch(content); m != nil && strings.TrimSpace(m[1]) != "" {
				s.addRef(ref{file: name, off: attrOff(raw, start, "content"), from: name, raw: m[1], what: "<meta http-equiv=refresh>"})
			}
		}
	case "link":
		rels := strings.Fields(strings.ToLower(attrs.get("rel")))
		href := attrs.get("href")
		load, own := false, false
		for _, r := range rels {
			load = load || loadingRels[r]
			own = own || r == "canonical"
		}
		hreflang := attrs.get("hreflang")
		if hasToken(attrs.get("rel"), "alternate") && hreflang != "" {
			own = true
			pg.alternates = append(pg.alternates, alternate{hreflang: hreflang,
				r: ref{file: name, off: attrOff(raw, start, "href"), from: name, raw: href, what: `<link rel=alternate hreflang=` + hreflang + `>`, own: true}})
		}
		s.addRef(ref{file: name, off: attrOff(raw, start, "href"), from: name, raw: href, what: `<link rel="` + attrs.get("rel") + `" href>`, load: load, own: own})
		if attrs.has("imagesrcset") {
			s.srcset(name, attrOff(raw, start, "imagesrcset"), `<link imagesrcset>`, attrs.get("imagesrcset"))
		}
		if hasToken(attrs.get("rel"), "stylesheet") || hasToken(attrs.get("rel"), "icon") || hasToken(attrs.get("rel"), "apple-touch-icon") || hasToken(attrs.get("rel"), "mask-icon") {
			if t, ok := s.quietResolve(name, href); ok {
				if hasToken(attrs.get("rel"), "stylesheet") {
					pg.assets = append(pg.assets, t)
				} else {
					s.icons[t] = true
				}
			}
		}
	case "script":
		if src := attrs.get("src"); attrs.has("src") {
			if t, ok := s.quietResolve(name, src); ok {
				pg.assets = append(pg.assets, t)
				s.scripts[t] = true
			}
		}
	case "img", "input", "area":
		if tag == "input" && !strings.EqualFold(attrs.get("type"), "image") {
			break
		}
		if !attrs.has("alt") && strings.TrimSpace(attrs.get("aria-label")) == "" && attrs.get("aria-labelledby") == "" && !e.hidden {
			s.report(name, start, "alt", "<%s> has no alt text: describe it, or alt=\"\" if it only decorates", tag)
		}
	}
	for key, load := range refAttrs[tag] {
		if !attrs.has(key) {
			continue
		}
		if key == "srcset" {
			s.srcset(name, attrOff(raw, start, key), what(key), attrs.get(key))
			continue
		}
		add(key, attrs.get(key), load, false)
	}
}

// srcset adds the URLs of a srcset attribute ("a.png 1x, b.png 2x").
func (s *checker) srcset(name string, off int, what, val string) {
	for _, cand := range strings.Split(val, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			s.addRef(ref{file: name, off: off, from: name, raw: f[0], what: what, load: true})
		}
	}
}

// quietResolve maps a page-relative URL to a local file without reporting
// anything (the ref itself is checked separately).
func (s *checker) quietResolve(from, raw string) (string, bool) {
	saved := len(s.problems)
	t, ok := s.resolve(ref{file: from, from: from, raw: raw, what: "x"})
	s.problems = s.problems[:saved]
	if !ok || t.local == "" {
		return "", false
	}
	if _, exists := s.files[t.local]; !exists {
		return "", false
	}
	return t.local, true
}

// closeElem checks an element once its content is known.
func (s *checker) closeElem(pg *page, e elem) {
	if e.named != nil {
		if seen := nameWords(e.named.text.String()); seen != "" && !strings.Contains(nameWords(e.named.label), seen) {
			s.report(pg.file, e.off, "label", "<%s aria-label=%q> does not contain the text it shows, %q: a speech user says what they see (WCAG 2.5.3)",
				e.name, abbrev(e.named.label), abbrev(strings.TrimSpace(e.named.text.String())))
		}
	}
	if e.svg == nil || e.hidden {
		return
	}
	sv := e.svg
	switch {
	case !sv.roleImg:
		s.report(pg.file, e.off, "alt", `<svg> has no text alternative: give it role="img" and a <title> or aria-label, or aria-hidden="true" if it only decorates`)
	case sv.label == "" && sv.title == "" && len(sv.labelledby) == 0:
		s.report(pg.file, e.off, "alt", `<svg role="img"> has no name: give it a <title> or aria-label`)
	}
}

// checkPages checks what every page must have, once all pages are read.
func (s *checker) checkPages() {
	langs := map[string]bool{}
	for _, pg := range s.pages {
		if pg.lang != "" {
			langs[strings.ToLower(pg.lang)] = true
		}
	}
	for _, name := range s.names {
		pg, ok := s.pages[name]
		if !ok {
			continue
		}
		switch {
		case !pg.hasLang:
			s.report(name, -1, "lang", `<html> has no lang attribute: screen readers guess the language (lang="zh-Hans" or lang="en")`)
		case !langTagRe.MatchString(pg.lang):
			s.report(name, -1, "lang", `<html lang=%q> is not a language tag`, pg.lang)
		}
		if pg.title == "" {
			s.report(name, -1, "title", "the page has no <title> (or an empty one)")
		}
		if pg.description == "" {
			s.report(name, -1, "description", `the page has no <meta name="description"> (or an empty one)`)
		}
		for _, r := range pg.labelRefs {
			if !pg.ids[r.id] {
				s.report(name, r.off, "anchor", "%s names id %q, which the page does not have", r.attr, r.id)
			}
		}
		s.checkAlternates(pg, len(langs) > 1)
		if s.sitemap != nil {
			if pg.noindex && s.sitemap[name] {
				s.report(name, -1, "sitemap", "the page says noindex but the sitemap lists it")
			}
			if !pg.noindex && !s.sitemap[name] {
				s.report(name, -1, "sitemap", "the page is indexable but the sitemap does not list it (or mark it noindex)")
			}
		}
	}
}

var langTagRe = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// checkAlternates checks that the page's hreflang alternates include the
// page itself, name the language of each page they point to, and are
// reciprocal.
func (s *checker) checkAlternates(pg *page, multilingual bool) {
	if len(pg.alternates) == 0 {
		if multilingual && !pg.noindex {
			s.report(pg.file, -1, "hreflang", `the site has several languages but the page lists no <link rel="alternate" hreflang> versions`)
		}
		return
	}
	self := false
	seen := map[string]bool{}
	for _, a := range pg.alternates {
		tag := strings.ToLower(a.hreflang)
		if seen[tag] {
			s.report(pg.file, a.r.off, "hreflang", "hreflang %q is listed twice", a.hreflang)
		}
		seen[tag] = true
		t, ok := s.quietResolve(pg.file, a.r.raw)
		if !ok {
			continue // reported as a broken link
		}
		other := s.pages[t]
		if other == nil {
			s.report(pg.file, a.r.off, "hreflang", "hreflang %q points to %s, which is not a page", a.hreflang, t)
			continue
		}
		if t == pg.file {
			self = true
		}
		if tag != "x-default" && !strings.EqualFold(other.lang, a.hreflang) {
			s.report(pg.file, a.r.off, "hreflang", "hreflang %q points to %s, whose lang is %q", a.hreflang, t, other.lang)
		}
		if t == pg.file {
			continue
		}
		back := false
		for _, b := range other.alternates {
			if bt, ok := s.quietResolve(other.file, b.r.raw); ok && bt == pg.file {
				back = true
				break
			}
		}
		if !back {
			s.report(pg.file, a.r.off, "hreflang", "hreflang %q points to %s, which does not list this page among its alternates (they must be reciprocal)", a.hreflang, t)
		}
	}
	if !self {
		s.report(pg.file, pg.alternates[0].r.off, "hreflang", "the hreflang alternates do not include the page itself")
	}
}

// nameWords reduces a name to its letters and digits, lower-case, one
// space between words: what a speech user would say.
func nameWords(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, " ")
}
