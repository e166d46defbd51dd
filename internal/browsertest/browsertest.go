// Package browsertest runs tests of the generated site in a real browser.
//
// Checking the HTML text of the generated pages catches many mistakes, but
// not the ones a reader sees: a heading anchor that scrolls to the wrong
// place, a layout that breaks on a phone, Chinese text that renders as empty
// boxes, a script that throws. Those only show up when a browser lays out and
// paints the page. This package starts Debian's headless Chromium through
// chromedp, serves a directory of generated files on the loopback interface,
// and gives tests small helpers that return clear errors, plus full-page
// screenshots that a person (or a reviewing agent) can look at.
//
// A typical test:
//
//	ctx := browsertest.Browser(t)
//	base := browsertest.ServeDir(t, outDir)
//	if err := browsertest.Navigate(ctx, base+"/index.html"); err != nil {
//		t.Fatal(err)
//	}
//	title, err := browsertest.Text(ctx, "h1")
//	...
//	browsertest.Screenshot(t, ctx, "index", 390, 844)
//
// Chromium must be installed (apt-get install chromium fonts-noto-cjk).
// Without it Browser skips the test, except when CI=true, where it fails.
//
// Selectors are CSS selectors (document.querySelector). Each helper limits
// itself to [Timeout] on a context derived from the browser context, so a
// missing element fails the test instead of hanging it.
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Timeout is how long each helper (Navigate, Text, Eval, Click, WaitVisible,
// Location, and each step of Screenshot) waits before it gives up.
const Timeout = 15 * time.Second

// startTimeout bounds the start of the browser. The first Run must not have
// a deadline of its own (a deadline there kills the browser when it ends),
// so Browser watches it from the outside.
const startTimeout = 60 * time.Second

// DefaultWidth and DefaultHeight are the window size the browser starts with.
const (
	DefaultWidth  = 1280
	DefaultHeight = 900
)

const installHint = "install it with: apt-get install -y chromium fonts-noto-cjk"

// chromiumPath returns the Chromium binary to use, or "" when none is found.
func chromiumPath() string {
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

func inCI() bool {
	v, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && v
}

// Browser starts a headless Chromium for the test and returns its chromedp
// context. The browser is already running when Browser returns, so callers
// may derive contexts with timeouts from it. It stops when the test ends.
//
// When Chromium is not installed, Browser skips the test, or fails it when
// the environment variable CI is true.
func Browser(t testing.TB) context.Context {
	t.Helper()

	path := chromiumPath()
	if path == "" {
		msg := "browsertest: Chromium not found (neither /usr/bin/chromium nor chromium on PATH); " + installHint
		if inCI() {
			t.Fatal(msg + " (CI=true, so this is a failure, not a skip)")
		}
		t.Skip(msg)
	}

	out := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // needed as root, and in most containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), // fresh, empty profile per test
		chromedp.WindowSize(DefaultWidth, DefaultHeight),
		chromedp.CombinedOutput(out),
	)

	// chromedp may log from its own goroutines; t.Logf panics once the test
	// has finished, so stop forwarding when the cleanup is done.
	logger := &testLogger{t: t}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithErrorf(logger.logf))

	t.Cleanup(func() {
		// Close the browser gracefully, but do not wait forever.
		cctx, c := context.WithTimeout(ctx, 10*time.Second)
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: closing Chromium: %v", err)
		}
		c()
		cancelCtx()
		cancelAlloc() // waits until the process is gone and its files are freed
		if t.Failed() {
			if s := out.tail(4000); s != "" {
				t.Logf("browsertest: Chromium output (tail):\n%s", s)
			}
		}
		logger.stop()
	})

	// Start the browser and open the first tab. This first Run binds the life
	// of the browser to ctx, so it must run on ctx itself, without a deadline.
	errc := make(chan error, 1)
	go func() { errc <- chromedp.Do(ctx) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("browsertest: starting Chromium (%s): %v\nChromium output:\n%s", path, err, out.tail(4000))
		}
	case <-time.After(startTimeout):
		cancelCtx()
		t.Fatalf("browsertest: Chromium (%s) did not start within %v\nChromium output:\n%s", path, startTimeout, out.tail(4000))
	}
	return ctx
}

// ServeDir serves the files of dir over HTTP on 127.0.0.1 and returns the base
// URL, such as "http://127.0.0.1:34567" (no trailing slash). Responses are not
// cacheable, so a test that rewrites a file sees the new content. The server
// stops when the test ends.
func ServeDir(t testing.TB, dir string) string {
	t.Helper()
	if fi, err := os.Stat(dir); err != nil {
		t.Fatalf("browsertest: ServeDir: %v", err)
	} else if !fi.IsDir() {
		t.Fatalf("browsertest: ServeDir: %s is not a directory", dir)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: ServeDir: listen on 127.0.0.1: %v", err)
	}
	fs := http.FileServer(http.Dir(dir))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			fs.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go srv.Serve(ln) //nolint:errcheck // returns ErrServerClosed on cleanup
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// ScreenshotDir returns the folder that Screenshot writes to: $SCREENSHOT_DIR
// when set, otherwise <os.TempDir()>/reportsite-screenshots.
func ScreenshotDir() string {
	if d := os.Getenv("SCREENSHOT_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "reportsite-screenshots")
}

// Screenshot sets the viewport to widthPx × heightPx CSS pixels and writes a
// full-page PNG named <name>-<width>.png to ScreenshotDir. It logs the path and
// returns it. The viewport stays at that size afterwards.
func Screenshot(t testing.TB, ctx context.Context, name string, widthPx, heightPx int) string {
	t.Helper()
	if err := SetViewport(ctx, widthPx, heightPx); err != nil {
		t.Fatalf("browsertest: screenshot %q: %v", name, err)
	}
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		t.Fatalf("browsertest: screenshot %q at %dx%d: %v", name, widthPx, heightPx, err)
	}
	dir := ScreenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: screenshot %q: %v", name, err)
	}
	safe := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == os.PathSeparator || r < ' ' {
			return '_'
		}
		return r
	}, name)
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.png", safe, widthPx))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: screenshot %q: %v", name, err)
	}
	t.Logf("browsertest: screenshot %s (%d bytes)", path, len(png))
	return path
}

// SetViewport emulates a viewport of widthPx × heightPx CSS pixels (device
// scale factor 1, no mobile or touch emulation).
func SetViewport(ctx context.Context, widthPx, heightPx int) error {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(int64(widthPx), int64(heightPx))); err != nil {
		return fmt.Errorf("browsertest: set viewport %dx%d: %w", widthPx, heightPx, err)
	}
	return nil
}

// Navigate loads url and waits for its load event. An HTTP status of 400 or
// more is an error.
//
// A URL that differs from the current one only in its #fragment does not load
// a new document and fires no load event; Navigate handles it by setting
// location.href instead (the browser then scrolls to the anchor).
func Navigate(ctx context.Context, url string) error {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()

	if base, frag, ok := strings.Cut(url, "#"); ok {
		cur, err := chromedp.Run(tctx, chromedp.Location())
		if err == nil {
			curBase, _, _ := strings.Cut(cur, "#")
			if curBase == base {
				_, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](
					"location.hash = "+jsString("#"+frag)))
				if err != nil {
					return fmt.Errorf("browsertest: navigate %s (same document): %w", url, err)
				}
				return nil
			}
		}
	}

	resp, err := chromedp.Run(tctx, chromedp.NavigateResponse(url))
	if err != nil {
		return fmt.Errorf("browsertest: navigate %s: %w", url, timeoutHint(err))
	}
	if resp != nil && resp.Status >= 400 {
		return fmt.Errorf("browsertest: navigate %s: HTTP %d %s", url, resp.Status, resp.StatusText)
	}
	return nil
}

// Location returns the URL of the current document, with its #fragment.
func Location(ctx context.Context) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	loc, err := chromedp.Run(tctx, chromedp.Location())
	if err != nil {
		return "", fmt.Errorf("browsertest: location: %w", timeoutHint(err))
	}
	return loc, nil
}

// Text returns the rendered text (innerText) of the first element that
// matches the CSS selector. It waits up to Timeout for the element.
func Text(ctx context.Context, selector string) (string, error) {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		return "", fmt.Errorf("browsertest: text of %q: %w", selector, notFoundHint(err))
	}
	return s, nil
}

// Eval evaluates the JavaScript expression in the page and decodes its JSON
// value into out, which must be a pointer (or nil to discard the value). A
// promise is awaited. A thrown exception is returned as an error.
func Eval(ctx context.Context, js string, out any) error {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if out == nil {
		if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
			return fmt.Errorf("browsertest: eval %s: %w", abbrev(js), timeoutHint(err))
		}
		return nil
	}
	raw, err := chromedp.Run(tctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("browsertest: eval %s: %w", abbrev(js), timeoutHint(err))
	}
	if len(raw) == 0 {
		return fmt.Errorf("browsertest: eval %s: the expression has no JSON value (undefined?)", abbrev(js))
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("browsertest: eval %s: decoding %s into %T: %w", abbrev(js), abbrev(string(raw)), out, err)
	}
	return nil
}

// Click sends a real mouse click to the centre of the first element that
// matches the CSS selector, after it becomes visible (scrolling it into view).
// It does not wait for a navigation that the click may start; follow it with
// WaitVisible or Location checks as needed.
func Click(ctx context.Context, selector string) error {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		return fmt.Errorf("browsertest: click %q: %w", selector, notFoundHint(err))
	}
	return nil
}

// WaitVisible waits until the first element that matches the CSS selector
// exists and is visible (has a layout box and is not visibility:hidden).
func WaitVisible(ctx context.Context, selector string) error {
	tctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.WaitVisible(chromedp.CSS(selector))); err != nil {
		return fmt.Errorf("browsertest: wait visible %q: %w", selector, notFoundHint(err))
	}
	return nil
}

func timeoutHint(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v: %w", Timeout, err)
	}
	return err
}

func notFoundHint(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no matching (visible) element within %v: %w", Timeout, err)
	}
	return err
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return strconv.Quote(string(r[:77]) + "...")
	}
	return strconv.Quote(s)
}

// lockedBuffer collects the browser's output; the browser writes from
// another goroutine.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 1<<20 { // keep memory bounded
		return len(p), nil
	}
	return b.buf.Write(p)
}

// tail returns the last n bytes of the output, without the many harmless
// D-Bus complaints of a browser that runs without a session bus.
func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var kept []string
	for _, line := range strings.Split(b.buf.String(), "\n") {
		if !strings.Contains(line, ":ERROR:dbus/") {
			kept = append(kept, line)
		}
	}
	s := strings.Join(kept, "\n")
	if len(s) > n {
		s = "..." + s[len(s)-n:]
	}
	return strings.TrimSpace(s)
}

// testLogger forwards chromedp's messages to t.Logf until stop is called.
type testLogger struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLogger) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("chromedp: "+format, args...)
	}
}

func (l *testLogger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}
