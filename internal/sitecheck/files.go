package sitecheck

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

var (
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	cssURL     = regexp.MustCompile(`(?i)\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)
	cssImport  = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// scanCSS adds the URLs of a stylesheet: url() and @import. Every one is
// fetched. from is the file they are relative to; off is where css starts
// in file, and fixed says to report every URL there (a style attribute,
// whose value was unescaped).
func (s *checker) scanCSS(file, from string, css []byte, off int, fixed bool) {
	// Blank out comments, keeping offsets.
	css = cssComment.ReplaceAllFunc(append([]byte(nil), css...), func(c []byte) []byte { return bytes.Repeat([]byte(" "), len(c)) })
	for _, re := range []*regexp.Regexp{cssURL, cssImport} {
		for _, m := range re.FindAllSubmatchIndex(css, -1) {
			val, at := "", m[0]
			for g := 1; g < len(m)/2; g++ {
				if m[2*g] >= 0 {
					val, at = string(css[m[2*g]:m[2*g+1]]), m[2*g]
				}
			}
			if strings.HasPrefix(val, "#") {
				continue // a reference into the document that uses the style (SVG paint servers)
			}
			pos := off + at
			if fixed {
				pos = off
			}
			what := "url()"
			if re == cssImport {
				what = "@import"
			}
			s.addRef(ref{file: file, off: pos, from: from, raw: val, what: what, load: true})
		}
	}
}

// jsURL finds string literals in scripts that start with a URL to a host.
var jsURL = regexp.MustCompile("[\"'`]((?:https?:)?//[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+(?::\\d+)?(?:[/?#][^\"'`\\s]*)?)[\"'`]")

// namespaceHosts serve XML namespace names, which scripts use as names
// (createElementNS), never to fetch anything.
var namespaceHosts = map[string]bool{"www.w3.org": true}

// scanJS reports URLs of other hosts written in a script the pages load:
// what a script can fetch is what it names.
func (s *checker) scanJS(file string, js []byte, off int) {
	for _, m := range jsURL.FindAllSubmatchIndex(js, -1) {
		raw := string(js[m[2]:m[3]])
		host := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(raw, "https:"), "http:"), "//")
		if i := strings.IndexAny(host, "/?#:"); i >= 0 {
			host = host[:i]
		}
		if namespaceHosts[strings.ToLower(host)] {
			continue
		}
		s.addRef(ref{file: file, off: off + m[2], from: file, raw: raw, what: "a URL in a script", load: true})
	}
}

// scanJSON checks that a JSON file (or a JSON-LD block at off in file)
// parses, and adds the absolute URLs of this site it holds; in a
// datapackage.json, the paths of its resources too.
func (s *checker) scanJSON(file, from string, src []byte, off int, datapackage bool) {
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		at := off
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > 0 {
			at += int(se.Offset) - 1 // Offset counts the bytes read, the bad one included
		}
		s.report(file, at, "syntax", "invalid JSON: %v", err)
		return
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	type frame struct {
		object    bool
		key       string // the key being read (object) or the array's own key
		expectKey bool
	}
	var stack []frame
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return // io.EOF: the whole value is read (it parsed above)
		}
		key := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			if top.object && top.expectKey {
				if _, isDelim := tok.(json.Delim); !isDelim {
					top.key, top.expectKey = tok.(string), false
					continue
				}
			}
			key = top.key
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, frame{object: t == '{', key: key, expectKey: t == '{'})
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			at := before
			for at < len(src) && strings.IndexByte(" \t\r\n:,", src[at]) >= 0 {
				at++
			}
			s.jsonString(file, from, off+at, key, t, datapackage)
		}
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
}

func (s *checker) jsonString(file, from string, at int, key, val string, datapackage bool) {
	switch {
	case datapackage && key == "path":
		s.addRef(ref{file: file, off: at, from: from, raw: val, what: `"path"`})
	case key == "id" || key == "@id":
		// Identifiers: they may be URLs, but nothing promises that they
		// can be fetched.
	case strings.HasPrefix(val, s.base.String()):
		s.addRef(ref{file: file, off: at, from: from, raw: val, what: `"` + key + `"`})
	}
}

const xlinkNS = "http://www.w3.org/1999/xlink"

// scanXML checks that an XML file is well-formed and adds its links: the
// pages a sitemap lists, a feed's links, any href attribute.
func (s *checker) scanXML(file string, src []byte) {
	d := xml.NewDecoder(bytes.NewReader(src))
	var stack []string
	root := ""
	var text strings.Builder
	textOff := 0
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.report(file, before, "syntax", "not well-formed XML: %v", err)
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			before = tagStart(src, int(d.InputOffset()))
			if root == "" {
				root = t.Name.Local
			}
			stack = append(stack, t.Name.Local)
			text.Reset()
			textOff = int(d.InputOffset())
			for _, a := range t.Attr {
				if a.Name.Local == "href" {
					r := ref{file: file, off: before, from: file, raw: a.Value, what: "<" + t.Name.Local + " href>"}
					r.own = root == "urlset" || root == "sitemapindex"
					s.addRef(r)
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			name := t.Name.Local
			stack = stack[:len(stack)-1]
			val := strings.TrimSpace(text.String())
			switch {
			case name == "loc" && (root == "urlset" || root == "sitemapindex"):
				s.addRef(ref{file: file, off: textOff, from: file, raw: val, what: "<loc>", own: true})
				if root == "urlset" {
					if s.sitemap == nil {
						s.sitemap = map[string]bool{}
					}
					if local, ok := s.quietResolve(file, val); ok {
						s.sitemap[local] = true
					}
				}
			case (name == "icon" || name == "logo") && root == "feed":
				s.addRef(ref{file: file, off: textOff, from: file, raw: val, what: "<" + name + ">"})
			}
			text.Reset()
		}
	}
}

// tagStart finds the "<" of the start tag that ends before end.
func tagStart(src []byte, end int) int {
	if end > len(src) {
		end = len(src)
	}
	if i := bytes.LastIndexByte(src[:end], '<'); i >= 0 {
		return i
	}
	return end
}

// svgFile is what the check knows of a standalone SVG file.
type svgFile struct {
	ids     map[string]bool
	named   bool // the root has a <title>, aria-label or aria-labelledby
	hidden  bool // aria-hidden="true" on the root
	rootOff int
}

// scanSVG checks that an SVG file is well-formed and adds its links.
func (s *checker) scanSVG(file string, src []byte) *svgFile {
	f := &svgFile{ids: map[string]bool{}}
	d := xml.NewDecoder(bytes.NewReader(src))
	depth := 0
	var text strings.Builder
	inTitle, inStyle := false, false
	styleOff := 0
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			s.report(file, before, "syntax", "not well-formed XML: %v", err)
			return f
		}
		switch t := tok.(type) {
		case xml.StartElement:
			before = tagStart(src, int(d.InputOffset()))
			depth++
			for _, a := range t.Attr {
				switch {
				case a.Name.Local == "id" && a.Name.Space == "":
					f.ids[a.Value] = true
				case a.Name.Local == "href" && (a.Name.Space == "" || a.Name.Space == xlinkNS):
					s.addRef(ref{file: file, off: before, from: file, raw: a.Value, what: "<" + t.Name.Local + " href>", load: t.Name.Local != "a"})
				case a.Name.Local == "style" && a.Name.Space == "":
					s.scanCSS(file, file, []byte(a.Value), before, true)
				}
			}
			if depth == 1 {
				f.rootOff = before
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "aria-label", "aria-labelledby":
						f.named = f.named || strings.TrimSpace(a.Value) != ""
					case "aria-hidden":
						f.hidden = a.Value == "true"
					}
				}
			}
			inTitle = depth == 2 && t.Name.Local == "title"
			inStyle = t.Name.Local == "style"
			styleOff = int(d.InputOffset())
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			if inTitle && strings.TrimSpace(text.String()) != "" {
				f.named = true
			}
			if inStyle {
				s.scanCSS(file, file, []byte(text.String()), styleOff, false)
			}
			inTitle, inStyle = false, false
			text.Reset()
			depth--
		}
	}
	return f
}

// checkSVGFiles reports standalone SVG files without a text alternative.
// Icons (favicons) are exempt: the browser shows them beside the page's
// title, never as content.
func (s *checker) checkSVGFiles() {
	for _, name := range s.names {
		f, ok := s.svgs[name]
		if !ok || f.named || f.hidden || s.icons[name] {
			continue
		}
		s.report(name, f.rootOff, "alt", "the SVG has no text alternative: give its root a <title> (first child) or aria-label")
	}
}

// scanRobots adds the Sitemap lines of robots.txt.
func (s *checker) scanRobots(file string, src []byte) {
	off := 0
	for _, line := range strings.SplitAfter(string(src), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			s.addRef(ref{file: file, off: off, from: file, raw: strings.TrimSpace(v), what: "Sitemap:", own: true})
		}
		off += len(line)
	}
}
