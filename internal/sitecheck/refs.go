package sitecheck

import (
	"net/url"
	"path"
	"strings"
)

// ref is one URL found in a file.
type ref struct {
	file string // the file it is in (problems are reported there)
	off  int    // byte offset in file
	from string // the file it is relative to (a page, for CSS in a style attribute)
	raw  string
	what string // where it was found, for messages: `<a href>`, `url()`
	// load: the browser fetches it to show the page (a script, a
	// stylesheet, an image), so another host is a problem; links to other
	// sites are not.
	load bool
	// own: it must be a URL of this site (a sitemap entry, a hreflang
	// alternate, a canonical link).
	own bool
}

// target is where a ref leads.
type target struct {
	local    string // file path from the site root; "" when not internal
	fragment string
}

func (s *checker) addRef(r ref) { s.refs = append(s.refs, r) }

func (s *checker) resolveAll() {
	for _, r := range s.refs {
		t, ok := s.resolve(r)
		if !ok || t.local == "" {
			continue
		}
		s.checkTarget(r, t)
	}
}

// resolve finds the file a ref points to. ok is false when a problem was
// reported; t.local is "" for a link to another site or a non-file URL.
func (s *checker) resolve(r ref) (t target, ok bool) {
	raw := strings.TrimSpace(r.raw)
	if raw == "" {
		if r.load || r.own {
			s.report(r.file, r.off, "link", "%s is empty", r.what)
			return t, false
		}
		return t, true // href="": the page itself
	}
	u, err := url.Parse(raw)
	if err != nil {
		s.report(r.file, r.off, "link", "%s %q is not a valid URL: %v", r.what, raw, unwrap(err))
		return t, false
	}
	switch strings.ToLower(u.Scheme) {
	case "":
	case "http", "https":
	case "data":
		if r.own {
			s.report(r.file, r.off, "link", "%s is a data: URL, not a page of the site", r.what)
			return t, false
		}
		return t, true
	case "mailto", "tel", "sms":
		if r.load || r.own {
			s.report(r.file, r.off, "link", "%s %q is not a URL of the site", r.what, raw)
			return t, false
		}
		return t, true
	case "javascript":
		s.report(r.file, r.off, "link", "%s %q runs script: use a real link (the site works without JavaScript)", r.what, abbrev(raw))
		return t, false
	default:
		if r.load || r.own {
			s.report(r.file, r.off, "host", "%s %q is not served by this site", r.what, abbrev(raw))
			return t, false
		}
		return t, true
	}
	t.fragment = u.Fragment
	if u.Scheme != "" || u.Host != "" {
		if !strings.EqualFold(u.Hostname(), s.base.Hostname()) || u.Port() != s.base.Port() {
			switch {
			case r.load:
				s.report(r.file, r.off, "host", "%s requests %s from another host (%s): serve it from this site", r.what, abbrev(raw), u.Host)
				return t, false
			case r.own:
				s.report(r.file, r.off, "link", "%s %s is not on this site (%s)", r.what, abbrev(raw), s.base)
				return t, false
			}
			return t, true
		}
		return s.underBase(r, u.Path, t)
	}
	if strings.HasPrefix(u.Path, "/") {
		return s.underBase(r, u.Path, t)
	}
	if r.own {
		s.report(r.file, r.off, "link", "%s %q must be an absolute URL", r.what, abbrev(raw))
		return t, false
	}
	if u.Path == "" {
		t.local = r.from // "#x" or "?q": the same file
		return t, true
	}
	dir := path.Dir(r.from)
	if dir == "." {
		dir = ""
	}
	depth := 0
	if dir != "" {
		depth = strings.Count(dir, "/") + 1
	}
	if ups := leadingUps(u.Path); ups > depth {
		s.report(r.file, r.off, "link", "%s %q climbs above the site root", r.what, abbrev(raw))
		return t, false
	}
	t.local = joinLocal(dir, u.Path)
	return t, true
}

// underBase maps a path on the site's host to a file of the site.
func (s *checker) underBase(r ref, p string, t target) (target, bool) {
	if !strings.HasPrefix(p, s.base.Path) && p+"/" != s.base.Path {
		s.report(r.file, r.off, "link", "%s %q is outside the site (its root is %s)", r.what, abbrev(r.raw), s.base.Path)
		return t, false
	}
	rest := strings.TrimPrefix(p, s.base.Path)
	if p+"/" == s.base.Path {
		rest = ""
	}
	t.local = joinLocal("", rest)
	return t, true
}

// leadingUps counts how far up a relative path climbs.
func leadingUps(p string) int {
	depth, max := 0, 0
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "..":
			depth++
			if depth > max {
				max = depth
			}
		case ".", "":
		default:
			depth--
		}
	}
	return max
}

// joinLocal resolves rel against dir (both slash paths from the root) and
// names the file a server would send: index.html for a directory.
func joinLocal(dir, rel string) string {
	trailing := strings.HasSuffix(rel, "/") || rel == "." || strings.HasSuffix(rel, "/.") || rel == ".." || strings.HasSuffix(rel, "/..")
	p := path.Join("/"+dir, rel)
	p = strings.TrimPrefix(p, "/")
	if trailing || p == "" {
		if p != "" {
			p += "/"
		}
		return p + "index.html"
	}
	return p
}

// checkTarget reports a ref whose file or anchor does not exist.
func (s *checker) checkTarget(r ref, t target) {
	if _, ok := s.files[t.local]; !ok {
		if _, dir := s.files[t.local+"/index.html"]; dir {
			s.report(r.file, r.off, "link", "%s %q names the directory %s/ without its trailing slash: it works only where a server redirects", r.what, abbrev(r.raw), t.local)
			return
		}
		s.report(r.file, r.off, "link", "%s %q: no such file %s", r.what, abbrev(r.raw), t.local)
		return
	}
	if t.fragment == "" || strings.HasPrefix(t.fragment, ":~:") {
		return
	}
	var ids map[string]bool
	if pg, ok := s.pages[t.local]; ok {
		if t.fragment == "top" {
			return // scrolls to the top of any HTML page
		}
		ids = pg.ids
	} else if svg, ok := s.svgs[t.local]; ok {
		ids = svg.ids
	} else {
		return
	}
	if !ids[t.fragment] {
		s.report(r.file, r.off, "anchor", "%s %q: %s has no element with id %q", r.what, abbrev(r.raw), t.local, t.fragment)
	}
}

func unwrap(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// abbrev shortens long URLs (data: URLs, minified scripts) in messages.
func abbrev(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:97]) + "..."
	}
	return s
}
