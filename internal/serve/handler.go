package serve

import (
	"bytes"
	"errors"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// ServeHTTP answers from the last good build. Only GET and HEAD of paths
// that name an output file are served; the event stream and the reload
// script live under /__reload, a name no output file can have (output
// paths start with a language, "assets/", "data/" or a root file).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		// A page on another site could otherwise read this one through a
		// DNS name that resolves to 127.0.0.1 (DNS rebinding).
		http.Error(w, "forbidden: this dev server answers only to 127.0.0.1 and localhost", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(reloadScript))
		return
	}
	key, isDir, err := outputPath(r.URL)
	if err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	files, buildErr := s.state()
	if f, ok := files[key]; ok {
		serveFile(w, r, key, f, buildErr)
		return
	}
	if !isDir {
		if _, ok := files[key+"/index.html"]; ok {
			// Pages use relative links, which need the trailing slash.
			// 302, not 301: browsers cache permanent redirects, and this
			// path may become a file in a later build.
			target := &url.URL{Path: "/" + key + "/", RawQuery: r.URL.RawQuery}
			http.Redirect(w, r, target.String(), http.StatusFound)
			return
		}
	}
	notFound(w, key, files, buildErr)
}

func serveFile(w http.ResponseWriter, r *http.Request, key string, f *file, buildErr string) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache") // always revalidate: the ETag makes that cheap
	body := f.body
	if isHTML(key) {
		body = inject(body, key, f.etag, buildErr)
		if buildErr == "" {
			h.Set("ETag", `"`+f.etag+`-dev"`)
		}
	} else {
		h.Set("ETag", `"`+f.etag+`"`)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// notFound answers with the site's 404.html when it has one. Before the
// first good build there is no site: every page is then the error.
func notFound(w http.ResponseWriter, key string, files map[string]*file, buildErr string) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	status := http.StatusNotFound
	var body []byte
	if f, ok := files["404.html"]; ok {
		body = f.body
	} else if len(files) == 0 && buildErr != "" {
		status = http.StatusInternalServerError
		body = []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head><body></body></html>`)
	}
	if body == nil {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte("404 not found: /" + key + "\n"))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	// The page is the one asked for, with no digest: should a later build
	// create it, the tab reloads.
	w.Write(inject(body, key, "", buildErr))
}

// outputPath maps a request path to an output file name: "/" and paths
// ending in "/" name an index.html. Anything that is not a plain path of
// non-empty segments is refused rather than cleaned up: "." and ".."
// segments, empty segments ("//x"), backslashes, NUL and other control
// characters, and encoded slashes or backslashes (%2f, %5c), which could
// make one segment look like two after decoding.
func outputPath(u *url.URL) (key string, isDir bool, err error) {
	esc := strings.ToLower(u.EscapedPath())
	if strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") {
		return "", false, errors.New("encoded / or \\ in the path")
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		return "", false, errors.New("the path must start with /")
	}
	for _, c := range p {
		if c < ' ' || c == 0x7f || c == '\\' {
			return "", false, errors.New("control character or \\ in the path")
		}
	}
	rel := p[1:]
	segs := strings.Split(rel, "/")
	for i, seg := range segs {
		switch {
		case seg == "" && i < len(segs)-1:
			return "", false, errors.New("empty segment in the path")
		case seg == "." || seg == "..":
			return "", false, errors.New(". or .. in the path")
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		return rel + "index.html", true, nil
	}
	return rel, false, nil
}

// loopbackHost reports whether the Host header names this machine.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }

// contentTypes is fixed rather than taken from the system's MIME tables,
// which differ between machines.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".xml":         "application/xml; charset=utf-8",
	".atom":        "application/atom+xml; charset=utf-8",
	".xlsx":        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":         "application/zip",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
}

func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}
