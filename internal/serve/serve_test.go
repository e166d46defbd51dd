package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"reportsite/internal/site"
)

// wait bounds every wait in these tests: generous, because the machine is
// shared; the latency goal is measured in BenchmarkEditToReload.
const wait = 10 * time.Second

const report = "nanhai-2023-h1-plan-execution"

// The English page edited in these tests and the text it starts with.
var (
	pagePath  = "en/" + report + "/1-1/index.html"
	enFile    = filepath.Join("content", report, "en", "1-1.md")
	enPhrase  = "maintained steady growth"
	inputDirs = []string{"content", "data", "layouts", "seeds"}
)

// copyProject copies the project's inputs into a temporary directory that
// a test may edit.
func copyProject(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	for _, dir := range inputDirs {
		src := filepath.Join("..", "..", dir)
		err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, path)
			target := filepath.Join(dst, dir, rel)
			if d.IsDir() {
				return os.MkdirAll(target, 0o755)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// edit replaces old with new in the project file rel, as an editor that
// rewrites the file in place does.
func edit(t testing.TB, root, rel, old, new string) {
	t.Helper()
	path := filepath.Join(root, rel)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", rel, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer collects the server's log, which it writes from goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is a running dev server on a copy of the project.
type testServer struct {
	root string
	base string // http://127.0.0.1:PORT
	log  *syncBuffer
	stop context.CancelFunc
	done chan error // receives Serve's result
}

// startServer copies the project, lets prepare edit it, and serves it. The
// server stops when the test ends; its log is shown if the test failed.
func startServer(t testing.TB, prepare func(root string)) *testServer {
	t.Helper()
	root := copyProject(t)
	if prepare != nil {
		prepare(root)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{root: root, base: "http://" + ln.Addr().String(), log: &syncBuffer{}, stop: cancel, done: make(chan error, 1)}
	go func() { ts.done <- Serve(ctx, ln, Options{Root: root, Log: ts.log}) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ts.done:
		case <-time.After(wait):
			t.Error("the server did not stop")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", ts.log.String())
		}
	})
	return ts
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t testing.TB, url string) response {
	t.Helper()
	client := &http.Client{
		Timeout:       wait,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// eventStream is a browser's view of /__reload.
type eventStream struct {
	events chan sseEvent
	close  func()
}

type sseEvent struct {
	name string
	data buildEvent
	at   time.Time // when it was read
}

// connect opens the event stream as the script of page does and returns
// it once the hello has arrived.
func connect(t testing.TB, base, page string) (*eventStream, sseEvent) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", base+eventsPath+"?page="+page, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	s := &eventStream{events: make(chan sseEvent, 64)}
	var once sync.Once
	s.close = func() { once.Do(func() { cancel(); resp.Body.Close() }) }
	t.Cleanup(s.close)
	go readEvents(resp.Body, s.events)
	hello, ok := s.next(t)
	if !ok || hello.name != "hello" {
		t.Fatalf("first event %+v, want a hello", hello)
	}
	return s, hello
}

// readEvents parses a Server-Sent Events stream; the channel is closed at
// its end.
func readEvents(r io.Reader, out chan<- sseEvent) {
	defer close(out)
	sc := bufio.NewScanner(r)
	var name, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if data != "" {
				e := sseEvent{name: name, at: time.Now()}
				if err := json.Unmarshal([]byte(data), &e.data); err != nil {
					e.name = "bad data: " + data
				}
				out <- e
			}
			name, data = "", ""
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// next returns the next event; ok is false at the end of the stream.
func (s *eventStream) next(t testing.TB) (sseEvent, bool) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		return e, ok
	case <-time.After(wait):
		t.Fatalf("no event within %v", wait)
		return sseEvent{}, false
	}
}

// nextBuild returns the next build event.
func (s *eventStream) nextBuild(t testing.TB) buildEvent {
	t.Helper()
	e, ok := s.next(t)
	if !ok {
		t.Fatal("the event stream ended")
	}
	if e.name != "build" {
		t.Fatalf("event %q, want build", e.name)
	}
	return e.data
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestEditReloads edits a content file twice, in place and by an
// editor's atomic save (write a scratch file, rename it over the old one),
// and sees each time the reload event for the page and the new text.
func TestEditReloads(t *testing.T) {
	ts := startServer(t, nil)
	events, hello := connect(t, ts.base, pagePath)
	first := get(t, ts.base+"/"+pagePath)
	if first.status != 200 || !strings.Contains(first.body, enPhrase) {
		t.Fatalf("GET /%s: %d, without %q", pagePath, first.status, enPhrase)
	}
	if !strings.Contains(first.body, `data-hash="`+hello.data.Hash+`"`) {
		t.Errorf("the hello's hash %q is not the page's", hello.data.Hash)
	}
	other := get(t, ts.base+"/en/"+report+"/2-1/")

	edit(t, ts.root, enFile, enPhrase, "maintained notably steady growth")
	e := events.nextBuild(t)
	if !e.OK || e.All || !contains(e.Paths, pagePath) {
		t.Fatalf("build event %+v, want ok with %s among the paths", e, pagePath)
	}
	if contains(e.Paths, "en/"+report+"/2-1/index.html") {
		t.Errorf("the event lists a page whose bytes did not change: %v", e.Paths)
	}
	page := get(t, ts.base+"/"+pagePath)
	if !strings.Contains(page.body, "notably steady growth") {
		t.Error("the page does not show the edit")
	}
	if again := get(t, ts.base+"/en/"+report+"/2-1/"); again.header.Get("ETag") != other.header.Get("ETag") {
		t.Error("an unchanged page changed its ETag")
	}

	// Atomic save: the scratch file is hidden, so only the rename counts.
	path := filepath.Join(ts.root, enFile)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	scratch := filepath.Join(filepath.Dir(path), ".1-1.md.tmp")
	if err := os.WriteFile(scratch, bytes.Replace(b, []byte("notably"), []byte("remarkably"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(scratch, path); err != nil {
		t.Fatal(err)
	}
	e = events.nextBuild(t)
	if !e.OK || !contains(e.Paths, pagePath) {
		t.Fatalf("build event after an atomic save %+v, want ok with %s", e, pagePath)
	}
	if page := get(t, ts.base+"/"+pagePath); !strings.Contains(page.body, "remarkably steady growth") {
		t.Error("the page does not show the atomically saved edit")
	}
	// One rebuild per save: no further event is pending.
	select {
	case e := <-events.events:
		t.Errorf("unexpected event after the save was handled: %+v", e)
	case <-time.After(4 * DefaultDebounce):
	}
}

// TestBrokenBuildShowsOverlay breaks a content file: the event carries the
// positioned error, pages keep the last good build and show the error,
// escaped; the fix clears it.
func TestBrokenBuildShowsOverlay(t *testing.T) {
	ts := startServer(t, nil)
	events, _ := connect(t, ts.base, pagePath)
	good := get(t, ts.base+"/"+pagePath)

	edit(t, ts.root, enFile, `kind = "section"`, `kind = "<b>section</b>"`)
	e := events.nextBuild(t)
	if e.OK || e.Error == "" {
		t.Fatalf("build event %+v, want a failure", e)
	}
	where := filepath.Join(ts.root, enFile) + ":2:"
	if !strings.Contains(e.Error, where) || !strings.Contains(e.Error, `kind = "<b>section</b>"`) {
		t.Errorf("the error does not give %sCOL and the line:\n%s", where, e.Error)
	}
	page := get(t, ts.base+"/"+pagePath)
	if page.status != 200 || !strings.Contains(page.body, enPhrase) {
		t.Errorf("a failed build stopped serving the last good page (%d)", page.status)
	}
	overlay := overlayOf(t, page.body)
	if strings.Contains(overlay, " hidden") {
		t.Error("the overlay is hidden after a failed build")
	}
	if !strings.Contains(overlay, html.EscapeString(where)) || !strings.Contains(overlay, `kind = &#34;&lt;b&gt;section&lt;/b&gt;&#34;`) {
		t.Errorf("the overlay does not show the escaped error:\n%s", overlay)
	}
	if strings.Contains(overlay, "<b>section") {
		t.Error("the overlay shows the error's markup unescaped")
	}
	if page.header.Get("ETag") != "" {
		t.Error("a page with the error overlay has an ETag: a browser could keep it after the fix")
	}
	// A browser connecting now learns about the error in its hello.
	if _, hello := connect(t, ts.base, pagePath); hello.data.OK || !strings.Contains(hello.data.Error, where) {
		t.Errorf("hello during a failure: %+v", hello.data)
	}

	edit(t, ts.root, enFile, `kind = "<b>section</b>"`, `kind = "section"`)
	e = events.nextBuild(t)
	if !e.OK {
		t.Fatalf("build event after the fix %+v, want ok", e)
	}
	if len(e.Paths) != 0 {
		t.Errorf("the fix restored the old bytes, yet the event lists changes: %v", e.Paths)
	}
	fixed := get(t, ts.base+"/"+pagePath)
	if !strings.Contains(overlayOf(t, fixed.body), " hidden") {
		t.Error("the overlay is still shown after the fix")
	}
	if fixed.body != good.body {
		t.Error("the page after the fix differs from the page before the breakage")
	}
}

// overlayOf returns the overlay element's markup in an HTML page.
func overlayOf(t testing.TB, body string) string {
	t.Helper()
	start := strings.Index(body, `<div id="`+overlayID+`"`)
	if start < 0 {
		t.Fatal("the page has no error overlay element")
	}
	end := strings.Index(body[start:], "</div>")
	return body[start : start+end]
}

// TestFirstBuildFails starts on a broken project: every page shows the
// error until the fix, which reloads every tab.
func TestFirstBuildFails(t *testing.T) {
	ts := startServer(t, func(root string) {
		edit(t, root, enFile, `kind = "section"`, `kind = "sektion"`)
	})
	events, hello := connect(t, ts.base, pagePath)
	if hello.data.OK || !strings.Contains(hello.data.Error, "1-1.md:2:") {
		t.Fatalf("hello %+v, want the error", hello.data)
	}
	page := get(t, ts.base+"/"+pagePath)
	if page.status != http.StatusInternalServerError || !strings.Contains(overlayOf(t, page.body), "1-1.md:2:") {
		t.Errorf("with no good build: %d and no error shown", page.status)
	}
	edit(t, ts.root, enFile, `kind = "sektion"`, `kind = "section"`)
	if e := events.nextBuild(t); !e.OK || !e.All {
		t.Fatalf("first good build's event %+v, want ok and all", e)
	}
	if page := get(t, ts.base+"/"+pagePath); page.status != 200 || !strings.Contains(page.body, enPhrase) {
		t.Errorf("after the fix: %d", page.status)
	}
}

// TestServedIsBuiltPlusScript checks that the dev server's pages are the
// built pages plus only the reload script and the hidden overlay, and that
// the built site has neither.
func TestServedIsBuiltPlusScript(t *testing.T) {
	ts := startServer(t, nil)
	p, err := site.Load(ts.root)
	if err != nil {
		t.Fatal(err)
	}
	built, err := site.Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range built {
		if bytes.Contains(b, []byte("__reload")) || bytes.Contains(b, []byte(overlayID)) {
			t.Errorf("the built %s contains the dev server's script or overlay", name)
		}
	}
	for _, name := range []string{"index.html", "zh/index.html", pagePath, "assets/site.css"} {
		served := get(t, ts.base+"/"+name)
		want := string(built[name])
		if isHTML(name) {
			want = string(inject(built[name], name, etagOf(built[name]), ""))
		}
		if served.body != want {
			t.Errorf("served /%s is not the built file (plus the script for a page)", name)
		}
	}
}

func etagOf(b []byte) string {
	next, _ := diff(nil, map[string][]byte{"x": b})
	return next["x"].etag
}

// TestShutdown cancels the server's context, as Ctrl-C does: Serve returns
// nil, open event streams end, the port is released and a later edit
// starts no build.
func TestShutdown(t *testing.T) {
	ts := startServer(t, nil)
	events, _ := connect(t, ts.base, pagePath)
	ts.stop()
	select {
	case err := <-ts.done:
		if err != nil {
			t.Fatalf("Serve returned %v, want nil", err)
		}
		ts.done <- err // for the cleanup
	case <-time.After(wait):
		t.Fatal("Serve did not return after cancellation")
	}
	if e, ok := events.next(t); ok {
		t.Errorf("the event stream still sends after shutdown: %+v", e)
	}
	if c, err := net.DialTimeout("tcp", strings.TrimPrefix(ts.base, "http://"), time.Second); err == nil {
		c.Close()
		t.Error("the port still accepts connections")
	}
	if !strings.HasSuffix(ts.log.String(), "stopped\n") {
		t.Errorf("log does not end with stopped:\n%s", ts.log.String())
	}
	before := ts.log.String()
	edit(t, ts.root, enFile, enPhrase, "maintained steady growth still")
	time.Sleep(5 * DefaultDebounce)
	if after := ts.log.String(); after != before {
		t.Errorf("the watcher still builds after shutdown: %s", after[len(before):])
	}
}

// TestRunRefusesBadPort checks the port's range is checked.
func TestRunRefusesBadPort(t *testing.T) {
	for _, port := range []int{-1, 65536} {
		if err := Run(context.Background(), Options{Root: ".", Port: port}); err == nil {
			t.Errorf("port %d accepted", port)
		}
	}
}

// TestNewDirectoryWatched creates a directory of assets after the server
// started and changes a file in it twice: the second change is seen only
// if the new directory is watched.
func TestNewDirectoryWatched(t *testing.T) {
	ts := startServer(t, nil)
	events, _ := connect(t, ts.base, pagePath)
	dir := filepath.Join(ts.root, "layouts", "assets", "img")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	svg := func(color string) []byte {
		return []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1" fill="` + color + `"/></svg>`)
	}
	if err := os.WriteFile(filepath.Join(dir, "dot.svg"), svg("red"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := events.nextBuild(t); !e.OK || !e.All {
		t.Fatalf("after adding an image: %+v, want ok and all (an asset changed)", e)
	}
	if r := get(t, ts.base+"/assets/img/dot.svg"); !strings.Contains(r.body, "red") {
		t.Fatalf("the new image is not served: %d %q", r.status, r.body)
	}
	if err := os.WriteFile(filepath.Join(dir, "dot.svg"), svg("blue"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := events.nextBuild(t); !e.OK || !e.All {
		t.Fatalf("after changing the image: %+v", e)
	}
	if r := get(t, ts.base+"/assets/img/dot.svg"); !strings.Contains(r.body, "blue") {
		t.Fatalf("the changed image is not served: %q", r.body)
	}
}
