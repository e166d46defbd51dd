package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"path"
	"strings"
	"sync"
)

// The reload client: served at scriptPath and added to HTML responses only
// by the dev server.
const (
	eventsPath = "/__reload"
	scriptPath = "/__reload.js"
	overlayID  = "__reportsite-error"
)

//go:embed reload.js
var reloadScript []byte

// buildEvent is the data of the "build" event sent after every build that
// changed something or ended an error, and of the "hello" event sent when
// a browser connects.
type buildEvent struct {
	OK    bool     `json:"ok"`
	Error string   `json:"error,omitempty"` // the build error, when not OK
	All   bool     `json:"all,omitempty"`   // every page must reload
	Paths []string `json:"paths"`           // the output files that changed
	Hash  string   `json:"hash"`            // hello: the digest of the browser's page now ("" when none)
}

// maxPaths bounds the size of an event; a bigger change reloads every tab.
const maxPaths = 200

// embedded reports whether a changed file may change how any page looks:
// the site's assets (stylesheet, scripts, icons, from layouts/assets/) and
// images and fonts anywhere (charts). Data files (CSV, JSON, XLSX, and the
// search index's script shards, fetched only by a search) change no page.
func embedded(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".css", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".woff", ".woff2":
		return true
	}
	return strings.HasPrefix(name, "assets/")
}

func newBuildEvent(changed []string) buildEvent {
	e := buildEvent{OK: true, Paths: []string{}}
	for _, p := range changed {
		e.All = e.All || embedded(p)
	}
	if e.All || len(changed) > maxPaths {
		e.All = true
		return e
	}
	e.Paths = append(e.Paths, changed...)
	return e
}

// hub fans build events out to the connected browsers.
type hub struct {
	mu      sync.Mutex
	clients map[chan buildEvent]bool
	closed  bool
}

func newHub() *hub { return &hub{clients: map[chan buildEvent]bool{}} }

// subscribe returns a channel of events; it is closed by unsubscribe, by
// close, or when the client falls too far behind (it then reconnects and
// its hello says whether its page changed meanwhile).
func (h *hub) subscribe() (chan buildEvent, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan buildEvent, 8)
	if h.closed {
		close(c)
		return c, func() {}
	}
	h.clients[c] = true
	return c, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.clients[c] {
			delete(h.clients, c)
			close(c)
		}
	}
}

func (h *hub) publish(e buildEvent) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- e:
		default:
			delete(h.clients, c)
			close(c)
		}
	}
}

// close ends every stream, so that http.Server.Shutdown need not wait for
// them.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c)
	}
}

// serveEvents is the Server-Sent Events stream at /__reload?page=KEY: a
// hello with the current digest of the page KEY and the current error, then
// one event per build.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	events, unsubscribe := s.hub.subscribe() // before reading the state: no build is missed
	defer unsubscribe()
	files, buildErr := s.state()
	hello := buildEvent{OK: buildErr == "", Error: buildErr, Paths: []string{}}
	if f, ok := files[r.URL.Query().Get("page")]; ok {
		hello.Hash = f.etag
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	// Reconnect quickly after a restart of the server.
	fmt.Fprint(w, "retry: 300\n\n")
	if err := writeEvent(w, "hello", hello); err != nil {
		return
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e, ok := <-events:
			if !ok {
				return
			}
			if err := writeEvent(w, "build", e); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// writeEvent writes one event; JSON has no raw newlines, so data is one
// line.
func writeEvent(w http.ResponseWriter, name string, e buildEvent) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
	return err
}

// inject adds the reload script and the error overlay (hidden unless the
// latest build failed) to an HTML page. page is the output path the
// browser asked for and hash the digest of what it gets ("" for none): the
// script tells the server both when it connects.
func inject(body []byte, page, hash, buildErr string) []byte {
	tag := fmt.Sprintf(`<script src="%s" data-page="%s" data-hash="%s" defer></script>`,
		scriptPath, html.EscapeString(page), html.EscapeString(hash))
	overlay := overlayHTML(buildErr)
	var out bytes.Buffer
	out.Grow(len(body) + len(tag) + len(overlay))
	head := bytes.Index(body, []byte("</head>"))
	if head < 0 {
		head = 0
	}
	out.Write(body[:head])
	out.WriteString(tag)
	rest := body[head:]
	end := bytes.LastIndex(rest, []byte("</body>"))
	if end < 0 {
		end = len(rest)
	}
	out.Write(rest[:end])
	out.WriteString(overlay)
	out.Write(rest[end:])
	return out.Bytes()
}

// overlayHTML is the error overlay: hidden when msg is "". reload.js
// fills it in and shows or hides it as builds fail and succeed.
func overlayHTML(msg string) string {
	hidden := ""
	if msg == "" {
		hidden = " hidden"
	}
	return `<div id="` + overlayID + `" role="alert" lang="en"` + hidden + ` style="` + overlayStyle + `">` +
		`<button type="button" style="float:right;font:inherit">Hide</button>` +
		`<p style="margin:0 0 .5em;font-weight:bold">Build failed: this is the last good build. Fix the file and save; the page updates by itself.</p>` +
		`<pre style="margin:0;white-space:pre-wrap;overflow-wrap:anywhere">` + html.EscapeString(msg) + `</pre></div>`
}

const overlayStyle = "position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;overflow:auto;" +
	"margin:0;padding:1em;background:#fff4f4;color:#6b0000;border-bottom:4px solid #b00020;" +
	"font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 16px rgba(0,0,0,.3)"
