// Package sitecheck checks a built site as a reader, a crawler and a
// screen reader meet it: every internal link and #anchor resolves (in
// HTML, CSS, the sitemap, feeds, JSON-LD, datapackage.json and SVG), every
// page has a lang, a title, a description and reciprocal hreflang
// alternates, every image and inline SVG has a text alternative, every
// aria-label holds the text its link or button shows, no page makes the
// browser fetch anything from another host, and no page is heavier than
// the budget. It reads only the output directory, so it
// checks what is published, whichever feature produced it.
package sitecheck

import (
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"reportsite/internal/srcpos"
)

// DefaultBudget is what a page may weigh, gzip-compressed, with the
// stylesheets and scripts it loads: a section page must open quickly on
// a slow phone connection.
const DefaultBudget = 60 * 1024

// Options says how to read the site.
type Options struct {
	// BaseURL is the absolute URL of the site root, ending in "/"
	// (data/site.toml's base_url). Absolute links under it are internal
	// links and must resolve; it is also the site's own host.
	BaseURL string
	// Budget is the gzip-compressed weight a page may have with its CSS
	// and JS; 0 means DefaultBudget.
	Budget int
}

// Problem is one thing wrong with the built site.
type Problem struct {
	Pos   srcpos.Pos // File is relative to the site root
	Check string     // link, anchor, host, lang, title, description, hreflang, sitemap, alt, label, weight, syntax
	Msg   string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Check + ": " + p.Msg }

// Report is the result of a check.
type Report struct {
	Files    int // files read
	Problems []Problem
	Weights  []PageWeight // one per HTML page, by file name
}

// PageWeight is what a reader downloads to see a page.
type PageWeight struct {
	File  string
	Kind  string // from <body class="kind-…">, "page" when there is none
	HTML  int    // gzip bytes of the page
	Total int    // gzip bytes of the page and the stylesheets and scripts it loads
}

// Err returns the problems as one error, or nil when there are none.
func (r *Report) Err() error {
	if len(r.Problems) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the built site has %d problem(s):", len(r.Problems))
	for _, p := range r.Problems {
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return fmt.Errorf("%s", b.String())
}

// Check reads the site under dir and returns what is wrong with it. The
// error is for a site that cannot be read at all.
func Check(dir string, opts Options) (*Report, error) {
	s, err := newChecker(dir, opts)
	if err != nil {
		return nil, err
	}
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.check(), nil
}

func newChecker(dir string, opts Options) (*checker, error) {
	if opts.Budget == 0 {
		opts.Budget = DefaultBudget
	}
	baseURL := opts.BaseURL
	if baseURL == "" {
		// Without a base URL no absolute link can be internal; the
		// placeholder host is reserved and matches nothing real.
		baseURL = "https://site.invalid/"
	}
	base, err := url.Parse(baseURL)
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL", baseURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	return &checker{dir: dir, base: base, budget: opts.Budget, files: map[string][]byte{},
		pages: map[string]*page{}, svgs: map[string]*svgFile{}, icons: map[string]bool{}, gz: map[string]int{}}, nil
}

// check checks the files read.
func (s *checker) check() *Report {
	s.scan()
	s.resolveAll()
	s.checkPages()
	s.checkSVGFiles()
	s.weigh()
	sort.SliceStable(s.problems, func(i, j int) bool {
		a, b := s.problems[i], s.problems[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.off != b.off {
			return a.off < b.off
		}
		return a.Msg < b.Msg
	})
	rep := &Report{Files: len(s.files), Weights: s.weights}
	for _, p := range s.problems {
		rep.Problems = append(rep.Problems, p.Problem)
	}
	return rep
}

// checker is one check in progress.
type checker struct {
	dir      string
	base     *url.URL
	budget   int
	files    map[string][]byte // every file, by slash path from the root
	names    []string          // the keys of files, sorted
	pages    map[string]*page  // the HTML files
	svgs     map[string]*svgFile
	refs     []ref
	icons    map[string]bool // files that pages use as icons (favicons)
	scripts  map[string]bool // JS files that pages load
	sitemap  map[string]bool // pages the sitemap lists (local paths), nil without a sitemap
	gz       map[string]int
	weights  []PageWeight
	problems []problem
}

// problem is a Problem with the byte offset it was found at, for sorting
// and for computing its position only when it is reported.
type problem struct {
	Problem
	off int
}

// report records a problem at byte offset off of file (-1: the whole file).
func (s *checker) report(file string, off int, check, format string, args ...any) {
	pos := srcpos.Pos{File: file}
	if src, ok := s.files[file]; ok && off >= 0 {
		pos = srcpos.Offset(file, src, off)
	}
	s.problems = append(s.problems, problem{Problem{Pos: pos, Check: check, Msg: fmt.Sprintf(format, args...)}, off})
}

func (s *checker) read() error {
	return filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			rel, _ := filepath.Rel(s.dir, p)
			s.report(filepath.ToSlash(rel), -1, "file", "not a regular file (a symbolic link or device): a static host may not serve it")
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(s.dir, p)
		rel = filepath.ToSlash(rel)
		s.files[rel] = b
		s.names = append(s.names, rel)
		return nil
	})
}

func (s *checker) scan() {
	sort.Strings(s.names)
	s.scripts = map[string]bool{}
	for _, name := range s.names {
		src := s.files[name]
		switch strings.ToLower(path.Ext(name)) {
		case ".html", ".htm":
			s.pages[name] = s.scanHTML(name, src)
		case ".css":
			s.scanCSS(name, name, src, 0, false)
		case ".svg":
			s.svgs[name] = s.scanSVG(name, src)
		case ".xml":
			s.scanXML(name, src)
		case ".json", ".jsonld", ".webmanifest":
			s.scanJSON(name, name, src, 0, path.Base(name) == "datapackage.json")
		}
		if name == "robots.txt" {
			s.scanRobots(name, src)
		}
	}
	// Scripts are scanned once the pages say which ones they load: a data
	// file with the .js extension (a search index shard) holds text, not
	// requests.
	var scripts []string
	for name := range s.scripts {
		scripts = append(scripts, name)
	}
	sort.Strings(scripts)
	for _, name := range scripts {
		s.scanJS(name, s.files[name], 0)
	}
}

// gzipSize is the size of b compressed as a web server would (gzip,
// default level).
func gzipSize(b []byte) int {
	var n countWriter
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&n)
	w.Write(b)
	w.Close()
	gzipWriters.Put(w)
	return int(n)
}

// A gzip.Writer allocates about a megabyte: reuse them.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// countWriter counts the bytes written to it.
type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

func (s *checker) gzipOf(name string) int {
	n, ok := s.gz[name]
	if !ok {
		n = gzipSize(s.files[name])
		s.gz[name] = n
	}
	return n
}

func (s *checker) weigh() {
	for _, name := range s.names {
		pg, ok := s.pages[name]
		if !ok {
			continue
		}
		w := PageWeight{File: name, Kind: pg.kind, HTML: s.gzipOf(name)}
		w.Total = w.HTML
		for _, a := range pg.assets {
			w.Total += s.gzipOf(a)
		}
		if w.Total > s.budget {
			s.report(name, -1, "weight", "the page weighs %s gzip-compressed with its CSS and JS (page %s), over the budget of %s",
				kbytes(w.Total), kbytes(w.HTML), kbytes(s.budget))
		}
		s.weights = append(s.weights, w)
	}
}

func kbytes(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// KindWeights summarises the weights of one kind of page.
type KindWeights struct {
	Kind                  string
	Pages                 int
	Min, Median, P90, Max int // gzip bytes, page with its CSS and JS
}

// Distribution returns the weight distribution per page kind, by kind.
func (r *Report) Distribution() []KindWeights {
	byKind := map[string][]int{}
	for _, w := range r.Weights {
		byKind[w.Kind] = append(byKind[w.Kind], w.Total)
	}
	var out []KindWeights
	for kind, ws := range byKind {
		sort.Ints(ws)
		out = append(out, KindWeights{Kind: kind, Pages: len(ws), Min: ws[0], Median: percentile(ws, 50),
			P90: percentile(ws, 90), Max: ws[len(ws)-1]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

// percentile returns the nearest-rank percentile p of sorted values.
func percentile(sorted []int, p int) int {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100·n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

// WriteSummary prints the counts and the weight distribution.
func (r *Report) WriteSummary(w io.Writer) {
	fmt.Fprintf(w, "checked %d files, %d pages: %d problem(s)\n", r.Files, len(r.Weights), len(r.Problems))
	if len(r.Weights) == 0 {
		return
	}
	fmt.Fprintf(w, "page weight, gzip-compressed with CSS and JS:\n")
	fmt.Fprintf(w, "  %-12s %5s %9s %9s %9s %9s\n", "kind", "pages", "min", "median", "p90", "max")
	for _, k := range r.Distribution() {
		fmt.Fprintf(w, "  %-12s %5d %9s %9s %9s %9s\n", k.Kind, k.Pages, kbytes(k.Min), kbytes(k.Median), kbytes(k.P90), kbytes(k.Max))
	}
}
