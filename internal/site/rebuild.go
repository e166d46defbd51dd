package site

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"reportsite/internal/config"
	"reportsite/internal/render"
)

// Rebuilder builds the site again and again in one process (the dev
// server), redoing only what changed since its last good build:
//
//   - layouts/ unchanged: the parsed templates are reused;
//   - a report whose content/<report>/ is unchanged is not read again (any
//     change under data/ or seeds/ reads every report again), so features
//     must not modify a Report;
//   - a page whose model is the same as in the last good build (same
//     digest, see modelDigests) and whose templates are unchanged is not
//     rendered again.
//
// Features' Load, Pages, Files and Finish always run: the models are
// built afresh every time, and only the expensive part, turning them into
// bytes, is skipped. The output of Build is byte-for-byte what Render gives
// for the same inputs. A Rebuilder is not safe for concurrent use.
type Rebuilder struct {
	root string

	// What changed since the last good build. A failed build keeps it, so
	// the next attempt redoes the same work.
	all          bool
	layouts      bool
	dirtyReports map[string]bool

	tmpl    *render.Templates
	reports map[string]*Report // by report id, from the last good build
	pages   map[string]renderedPage
	memo    *buildMemo // features' results from earlier builds
}

// renderedPage is one page of the last good build: the digest of its
// model (zero when it had none) and the bytes written.
type renderedPage struct {
	model digest
	out   []byte
}

// RebuildStats says how much work a build did and how much it reused.
type RebuildStats struct {
	TemplatesParsed bool
	ReportsRead     int
	ReportsReused   int
	PagesRendered   int // templates executed
	PagesReused     int // not executed: the bytes of the last build
	Load, Render    time.Duration
}

// NewRebuilder returns a Rebuilder for the project in root. Its first Build
// does everything.
func NewRebuilder(root string) *Rebuilder {
	return &Rebuilder{root: root, all: true, dirtyReports: map[string]bool{}, memo: newBuildMemo()}
}

// Changed records that the file or directory at path (absolute, or
// relative to the project root) was created, written, renamed or removed.
func (b *Rebuilder) Changed(path string) {
	rel := path
	if filepath.IsAbs(path) {
		r, err := filepath.Rel(b.root, path)
		if err != nil {
			b.all = true
			return
		}
		rel = r
	}
	parts := strings.Split(filepath.ToSlash(filepath.Clean(rel)), "/")
	switch {
	case parts[0] == "layouts":
		b.layouts = true
	case parts[0] == "content" && len(parts) >= 3:
		b.dirtyReports[parts[1]] = true
	default:
		// data/, seeds/, a whole report directory, or something unexpected.
		b.all = true
	}
}

// ChangedAll records that anything may have changed (the watcher lost
// events).
func (b *Rebuilder) ChangedAll() { b.all = true }

// Build reads, checks and renders the site, reusing what is unchanged since
// the last good build. On error the Rebuilder keeps its state, so a later
// Build after a fix redoes the work the failed one had to do.
func (b *Rebuilder) Build(ctx context.Context) (map[string][]byte, RebuildStats, error) {
	var st RebuildStats
	start := time.Now()
	tmpl := b.tmpl
	if tmpl == nil || b.layouts || b.all {
		t, err := loadTemplates(b.root)
		if err != nil {
			return nil, st, err
		}
		tmpl, st.TemplatesParsed = t, true
	}
	var readMu sync.Mutex // features may one day load reports concurrently
	p, err := load(b.root, func(root string, m *config.Report, langs []string) (*Report, error) {
		readMu.Lock()
		defer readMu.Unlock()
		if r, ok := b.reports[m.ID]; ok && !b.all && !b.dirtyReports[m.ID] {
			st.ReportsReused++
			return r, nil
		}
		st.ReportsRead++
		return loadReport(root, m, langs)
	}, b.memo)
	st.Load = time.Since(start)
	if err != nil {
		return nil, st, err
	}
	start = time.Now()
	defer b.memo.nextBuild()
	tmpl.NewBuild()       // the last build's shared parts were made from its models
	var pageMu sync.Mutex // pages are rendered concurrently
	next := map[string]renderedPage{}
	sameTemplates := !st.TemplatesParsed
	models := newModelDigests()
	files, err := renderWith(ctx, p, func(pg *Page, name string) ([]byte, error) {
		model, hasModel := models.of(pg)
		pageMu.Lock()
		prev, had := b.pages[name]
		pageMu.Unlock()
		if had && hasModel && sameTemplates && prev.model == model {
			pageMu.Lock()
			next[name] = prev
			st.PagesReused++
			pageMu.Unlock()
			return prev.out, nil
		}
		pg.prepare() // only for pages rendered again (see PageData)
		out, err := tmpl.Execute(pg.Kind, pg)
		if err != nil {
			return nil, err
		}
		if !hasModel {
			model = digest{}
		}
		pageMu.Lock()
		next[name] = renderedPage{model: model, out: out}
		st.PagesRendered++
		pageMu.Unlock()
		return out, nil
	})
	st.Render = time.Since(start)
	if err != nil {
		return nil, st, err
	}
	b.tmpl, b.pages = tmpl, next
	b.reports = map[string]*Report{}
	for _, r := range p.Reports {
		b.reports[r.Meta.ID] = r
	}
	b.all, b.layouts, b.dirtyReports = false, false, map[string]bool{}
	return files, st, nil
}
