// Package serve is the editors' dev server (`reportsite serve`): it builds
// the site in memory, serves it on 127.0.0.1, watches the inputs (content/,
// data/, layouts/, seeds/), rebuilds after each change, and reloads the open
// browser tabs whose page changed, through Server-Sent Events.
//
// The site is never written to disk: a build is a map from output path to
// bytes, swapped in whole when it succeeds. A failed build keeps the last
// good site and shows the error (file:line:col, the line, a caret) over
// every page until a build succeeds. The reload script and the error
// overlay are added to HTML responses as they are served; `reportsite
// build` never sees them.
package serve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"

	"reportsite/internal/site"
)

// Options configure Run.
type Options struct {
	Root string    // project directory
	Port int       // TCP port on 127.0.0.1; 0 picks a free one
	Log  io.Writer // progress and build errors; nil discards them

	// Debounce is how long the inputs must stay quiet after a change before
	// a rebuild starts: editors save with several events (write a temporary
	// file, rename it over the old one), and one rebuild should see them
	// all. Zero means DefaultDebounce.
	Debounce time.Duration
}

// DefaultDebounce is short enough to keep an edit's reload under 100 ms
// and long enough to cover an editor's save (its events come within a few
// milliseconds of each other).
const DefaultDebounce = 20 * time.Millisecond

// The dev server trades memory for time: a rebuild allocates several times
// what it keeps, and with the collector's default pace (GOGC 100) a
// fifth of an edit's rebuild went to collecting. It lets the heap grow to
// five times the live data (GOGC 400), softly capped.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 4 << 30
)

// maxDelay bounds how long a stream of changes (a checkout, a script
// rewriting many files) can postpone a rebuild.
const maxDelay = 500 * time.Millisecond

// Run listens on 127.0.0.1:Port and serves until ctx is cancelled (Ctrl-C).
func Run(ctx context.Context, opts Options) error {
	if opts.Port < 0 || opts.Port > 65535 {
		return fmt.Errorf("port %d is not a TCP port (0–65535)", opts.Port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port)))
	if err != nil {
		return fmt.Errorf("cannot listen on 127.0.0.1:%d (%w): is another server running? Choose another port with -port", opts.Port, err)
	}
	return Serve(ctx, ln, opts)
}

// Serve is Run on a listener the caller opened (tests use port 0). It
// closes ln. It builds the site before it answers the first request.
func Serve(ctx context.Context, ln net.Listener, opts Options) error {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(serveMemoryLimit))
	s := &Server{log: opts.Log, rb: site.NewRebuilder(opts.Root), hub: newHub(), files: map[string]*file{}}
	w, err := newWatcher(opts.Root)
	if err != nil {
		ln.Close()
		return err
	}
	s.rebuild(ctx)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Log, "serving http://%s/ (watching content/, data/, layouts/ and seeds/; Ctrl-C stops)\n", ln.Addr())

	watchCtx, stopWatching := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		s.watch(watchCtx, w, opts.Debounce)
	}()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-served:
	}
	// Stop in order: no more rebuilds, end the event streams (Shutdown
	// would wait for them forever), then let requests in flight finish.
	stopWatching()
	<-watched
	werr := w.Close()
	s.hub.close()
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		srv.Close()
	}
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	fmt.Fprintln(opts.Log, "stopped")
	return werr
}

// Server holds the last good build and answers requests from it.
type Server struct {
	log io.Writer
	rb  *site.Rebuilder // used by the watch goroutine only
	hub *hub

	mu       sync.RWMutex
	files    map[string]*file // the last good build; never modified, only replaced
	buildErr string           // why the latest build failed; "" after a good one
}

// file is one output file as served.
type file struct {
	body  []byte
	etag  string // hex digest of body
	ctype string
}

// state returns the current site and error.
func (s *Server) state() (map[string]*file, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.files, s.buildErr
}

// rebuild builds the site and tells the browsers what changed.
func (s *Server) rebuild(ctx context.Context) {
	start := time.Now()
	files, st, err := s.build(ctx)
	if ctx.Err() != nil {
		return // stopping: the build was cut short, not broken
	}
	took := time.Since(start).Round(100 * time.Microsecond)
	if err != nil {
		msg := err.Error()
		s.mu.Lock()
		s.buildErr = msg
		s.mu.Unlock()
		fmt.Fprintf(s.log, "build failed in %s (still serving the last good build):\n%s\n", took, msg)
		s.hub.publish(buildEvent{Error: msg})
		return
	}
	s.mu.Lock()
	next, changed := diff(s.files, files)
	hadErr := s.buildErr != ""
	s.files, s.buildErr = next, ""
	s.mu.Unlock()
	fmt.Fprintf(s.log, "built in %s (load %s, render %s): %d files changed; %d pages rendered, %d reused; %d of %d reports read\n",
		took, st.Load.Round(100*time.Microsecond), st.Render.Round(100*time.Microsecond), len(changed),
		st.PagesRendered, st.PagesReused, st.ReportsRead, st.ReportsRead+st.ReportsReused)
	if len(changed) > 0 || hadErr {
		s.hub.publish(newBuildEvent(changed))
	}
}

// build runs one rebuild; a panic in a feature becomes a build error
// instead of stopping the server.
func (s *Server) build(ctx context.Context) (files map[string][]byte, st site.RebuildStats, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while building (please report it): %v\n%s", r, debug.Stack())
			s.rb.ChangedAll()
		}
	}()
	return s.rb.Build(ctx)
}

// diff wraps the new build's files for serving, reusing the entries (and
// digests) of files whose bytes did not change, and lists the paths that
// were added, changed or removed, sorted.
func diff(old map[string]*file, files map[string][]byte) (map[string]*file, []string) {
	next := make(map[string]*file, len(files))
	var changed []string
	for name, body := range files {
		if f, ok := old[name]; ok && sameBytes(f.body, body) {
			next[name] = f
			continue
		}
		sum := sha256.Sum256(body)
		next[name] = &file{body: body, etag: hex.EncodeToString(sum[:12]), ctype: contentType(name)}
		changed = append(changed, name)
	}
	for name := range old {
		if _, ok := files[name]; !ok {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	return next, changed
}

// sameBytes compares contents; pages the Rebuilder reused share their
// backing array, which makes the common case a pointer comparison.
func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] {
		return true
	}
	return string(a) == string(b)
}
