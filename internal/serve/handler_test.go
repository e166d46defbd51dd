package serve

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSite is a server holding a fixed build, with a secret file beside
// it: the secret must never be served.
func fakeSite(t *testing.T) (*Server, string) {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("SECRET-OUTSIDE"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"index.html":               []byte("<!DOCTYPE html><html lang=\"zh-Hans\"><head><title>root</title></head><body>ROOT</body></html>"),
		"zh/index.html":            []byte("<!DOCTYPE html><html lang=\"zh-Hans\"><head><title>zh</title></head><body>ZH</body></html>"),
		"404.html":                 []byte("<!DOCTYPE html><html lang=\"zh-Hans\"><head><title>404</title></head><body>NOT-FOUND-PAGE</body></html>"),
		"assets/site.css":          []byte("body{color:#000}"),
		"assets/site.js":           []byte("void 0"),
		"assets/favicon.svg":       []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
		"data/r/indicators.csv":    []byte("id,value\nx,1\n"),
		"data/r/indicators.json":   []byte("[]"),
		"data/r/indicators.xlsx":   []byte("PK\x03\x04xlsx"),
		"data/r/all.zip":           []byte("PK\x03\x04zip"),
		"data/r/seed.txt":          []byte("原文"),
		"assets/og.png":            []byte("\x89PNG\r\n\x1a\n"),
		"sitemap.xml":              []byte("<?xml version=\"1.0\"?><urlset/>"),
		"feed.atom":                []byte("<feed/>"),
		"assets/unknown.bin":       []byte{0, 1, 2},
		"zh/r/1-1/index.html":      []byte("<!DOCTYPE html><html><head></head><body>SECTION</body></html>"),
		"zh/r/name with space.txt": []byte("spaced"),
	}
	next, _ := diff(nil, files)
	s := &Server{log: io.Discard, hub: newHub(), files: next}
	return s, root
}

// rawGet sends target exactly as written (no client-side cleaning or
// escaping) and returns the status and body.
func rawGet(t *testing.T, addr, target, host string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, wait)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(wait))
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %q: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestTraversalRefused sends paths that try to leave the output: none may
// reach a file outside it, and each non-canonical form is refused outright.
func TestTraversalRefused(t *testing.T) {
	s, root := fakeSite(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	abs := filepath.ToSlash(filepath.Join(root, "secret.txt"))
	for _, target := range []string{
		"/../secret.txt",
		"/zh/../../secret.txt",
		"/zh/../index.html",
		"/./index.html",
		"/zh/./index.html",
		"/%2e%2e/secret.txt",
		"/%2E%2E/%2e%2e/secret.txt",
		"/zh/%2e%2e/%2e%2e/secret.txt",
		"/.%2e/secret.txt",
		"/..%2fsecret.txt",
		"/zh%2findex.html",
		"/zh%2Findex.html",
		"/%2fetc/passwd",
		"/..\\secret.txt",
		"/zh\\..\\..\\secret.txt",
		"/..%5csecret.txt",
		"/..%5Csecret.txt",
		"//etc/passwd",
		"//" + abs,
		"/zh//index.html",
		"/index.html%00",
		"/index.html%00.png",
		"/%00",
		"/zh/%0a",
		"/..",
		"/zh/..",
		"/%2e%2e",
	} {
		status, body := rawGet(t, addr, target, "127.0.0.1")
		if status != http.StatusBadRequest {
			t.Errorf("GET %q: status %d, want 400", target, status)
		}
		if strings.Contains(body, "SECRET-OUTSIDE") || strings.Contains(body, "root:") {
			t.Errorf("GET %q leaked a file outside the output", target)
		}
	}
	// Absolute file-system paths are just names that the output lacks.
	for _, target := range []string{abs, "/etc/passwd", "/C:/Windows/win.ini"} {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		status, body := rawGet(t, addr, target, "127.0.0.1")
		if status != http.StatusNotFound || strings.Contains(body, "SECRET-OUTSIDE") {
			t.Errorf("GET %q: status %d, want 404 without the file", target, status)
		}
	}
	// A request target in absolute form is served by its path, like any.
	if status, body := rawGet(t, addr, "http://127.0.0.1/../secret.txt", "127.0.0.1"); status != http.StatusBadRequest || strings.Contains(body, "SECRET") {
		t.Errorf("absolute-form target with ..: %d", status)
	}
}

// FuzzOutputPath checks that whatever the request path, an accepted one
// names a file strictly inside the output.
func FuzzOutputPath(f *testing.F) {
	for _, seed := range []string{"/", "/zh/", "/zh/r/1-1/", "/assets/site.css", "/../x", "/%2e%2e/x",
		"/a%2fb", "/a\\b", "//x", "/a/./b", "/%00", "/zh/r/name%20with%20space.txt", "/%E4%B8%AD/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		key, isDir, err := outputPath(u)
		if err != nil {
			return
		}
		if !filepath.IsLocal(key) || path.Clean(key) != key || strings.ContainsAny(key, "\\\x00") {
			t.Fatalf("%q → %q: not a clean local path", target, key)
		}
		for _, seg := range strings.Split(key, "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("%q → %q: bad segment %q", target, key, seg)
			}
		}
		if isDir != strings.HasSuffix(u.Path, "/") {
			t.Fatalf("%q → isDir %v", target, isDir)
		}
	})
}

func TestContentTypes(t *testing.T) {
	s, _ := fakeSite(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	for target, want := range map[string]string{
		"/":                             "text/html; charset=utf-8",
		"/zh/":                          "text/html; charset=utf-8",
		"/assets/site.css":              "text/css; charset=utf-8",
		"/assets/site.js":               "text/javascript; charset=utf-8",
		"/assets/favicon.svg":           "image/svg+xml",
		"/data/r/indicators.csv":        "text/csv; charset=utf-8",
		"/data/r/indicators.json":       "application/json",
		"/data/r/indicators.xlsx":       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"/data/r/all.zip":               "application/zip",
		"/data/r/seed.txt":              "text/plain; charset=utf-8",
		"/assets/og.png":                "image/png",
		"/sitemap.xml":                  "application/xml; charset=utf-8",
		"/feed.atom":                    "application/atom+xml; charset=utf-8",
		"/assets/unknown.bin":           "application/octet-stream",
		"/zh/r/name%20with%20space.txt": "text/plain; charset=utf-8",
		"/__reload.js":                  "text/javascript; charset=utf-8",
	} {
		r := get(t, srv.URL+target)
		if r.status != 200 {
			t.Errorf("GET %s: %d", target, r.status)
		}
		if got := r.header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", target, got, want)
		}
		if r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", target)
		}
	}
}

func TestDirectoriesRedirectsAndNotFound(t *testing.T) {
	s, _ := fakeSite(t)
	srv := httptest.NewServer(s)
	defer srv.Close()

	if r := get(t, srv.URL+"/"); !strings.Contains(r.body, "ROOT") {
		t.Errorf("/ does not serve index.html")
	}
	if r := get(t, srv.URL+"/zh/"); !strings.Contains(r.body, "ZH") || !strings.Contains(r.body, `data-page="zh/index.html"`) {
		t.Errorf("/zh/ does not serve zh/index.html with the reload script")
	}
	r := get(t, srv.URL+"/zh/r/1-1?x=1")
	if r.status != http.StatusFound || r.header.Get("Location") != "/zh/r/1-1/?x=1" {
		t.Errorf("/zh/r/1-1: %d Location %q, want 302 to /zh/r/1-1/?x=1", r.status, r.header.Get("Location"))
	}
	r = get(t, srv.URL+"/zh/nothing/")
	if r.status != http.StatusNotFound || !strings.Contains(r.body, "NOT-FOUND-PAGE") {
		t.Errorf("missing page: %d, want 404 with the site's 404.html", r.status)
	}
	if !strings.Contains(r.body, `data-page="zh/nothing/index.html" data-hash=""`) {
		t.Error("the 404 page does not watch for the missing page")
	}
	// An ETag of an unchanged file gives 304.
	first := get(t, srv.URL+"/assets/site.css")
	req, _ := http.NewRequest("GET", srv.URL+"/assets/site.css", nil)
	req.Header.Set("If-None-Match", first.header.Get("ETag"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", resp.StatusCode)
	}

	// Without a 404.html, a plain 404.
	delete(s.files, "404.html")
	if r := get(t, srv.URL+"/nothing"); r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Errorf("missing file without 404.html: %d %q", r.status, r.header.Get("Content-Type"))
	}
}

func TestMethodsAndHosts(t *testing.T) {
	s, _ := fakeSite(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
	resp, err = http.Head(srv.URL + "/zh/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("HEAD: %d", resp.StatusCode)
	}
	addr := strings.TrimPrefix(srv.URL, "http://")
	for host, want := range map[string]int{
		"127.0.0.1":              200,
		addr:                     200,
		"localhost:8080":         200,
		"[::1]:8080":             200,
		"evil.example":           http.StatusForbidden,
		"evil.example:8080":      http.StatusForbidden,
		"127.0.0.1.evil.example": http.StatusForbidden,
		"10.0.0.1":               http.StatusForbidden,
	} {
		if status, _ := rawGet(t, addr, "/zh/", host); status != want {
			t.Errorf("Host %q: %d, want %d", host, status, want)
		}
	}
}

func TestInject(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>x</p></body></html>`)
	got := string(inject(page, `a/"b"/index.html`, "abc", ""))
	want := `<!DOCTYPE html><html lang="en"><head><title>t</title>` +
		`<script src="/__reload.js" data-page="a/&#34;b&#34;/index.html" data-hash="abc" defer></script></head>` +
		`<body><p>x</p>` + overlayHTML("") + `</body></html>`
	if got != want {
		t.Errorf("inject:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(overlayHTML(""), " hidden ") {
		t.Error("the overlay is visible without an error")
	}
	withErr := overlayHTML("x.md:1:2: bad </pre><script>")
	if strings.Contains(withErr, "<script>") || strings.Contains(withErr, " hidden ") || !strings.Contains(withErr, "x.md:1:2: bad &lt;/pre&gt;&lt;script&gt;") {
		t.Errorf("overlay with an error: %s", withErr)
	}
	// A fragment without head or body still gets the script.
	if got := string(inject([]byte("<p>x</p>"), "x.html", "", "")); !strings.HasPrefix(got, "<script") {
		t.Errorf("inject into a fragment: %s", got)
	}
}

func TestBuildEventPaths(t *testing.T) {
	if e := newBuildEvent([]string{"zh/index.html", "en/index.html"}); e.All || len(e.Paths) != 2 {
		t.Errorf("pages only: %+v", e)
	}
	if e := newBuildEvent([]string{"zh/index.html", "assets/site.css"}); !e.All {
		t.Errorf("a stylesheet changed but not every page reloads: %+v", e)
	}
	if e := newBuildEvent([]string{"zh/index.html", "assets/site.js"}); !e.All {
		t.Errorf("the site's script changed but not every page reloads: %+v", e)
	}
	if e := newBuildEvent([]string{"data/r/charts/gdp.svg"}); !e.All {
		t.Errorf("a chart changed but not every page reloads: %+v", e)
	}
	if e := newBuildEvent([]string{"zh/index.html", "data/r/indicators.xlsx", "search/zh/s/2.js"}); e.All || len(e.Paths) != 3 {
		t.Errorf("data files changed and every page reloads: %+v", e)
	}
	if b, _ := json.Marshal(newBuildEvent(nil)); !strings.Contains(string(b), `"paths":[]`) {
		t.Errorf("no change: %s, want an empty list of paths", b)
	}
	many := make([]string, maxPaths+1)
	for i := range many {
		many[i] = "p" + strings.Repeat("x", i) + ".html"
	}
	if e := newBuildEvent(many); !e.All {
		t.Error("a huge change lists every path")
	}
}

func TestIgnoredNames(t *testing.T) {
	for name, want := range map[string]bool{
		"1-1.md": false, "i18n.toml": false, "baseof.html": false,
		".1-1.md.swp": true, "1-1.md~": true, ".#1-1.md": true, "4913": true, ".1-1.md.tmp": true, "x.swx": true,
	} {
		if ignored(name) != want {
			t.Errorf("ignored(%q) = %v", name, !want)
		}
	}
	w := &watcher{root: "/p"}
	for p, want := range map[string]bool{
		"/p/content/r/en/1.md": true, "/p/data/site.toml": true, "/p/layouts": true, "/p/seeds/x.txt": true,
		"/p/public/index.html": false, "/p/README.md": false, "/elsewhere/content/x": false,
		"/p/content/r/en/.1.md.swp": false, "/p/layouts/.git/x": false,
	} {
		if _, ok := w.input(p); ok != want {
			t.Errorf("input(%q) = %v", p, !want)
		}
	}
}
