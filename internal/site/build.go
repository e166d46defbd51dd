// Package site builds the whole static site: it reads the inputs (seeds/,
// content/, data/, layouts/), builds the model, checks it, renders every
// page and writes public/ atomically. Data flows one way:
// read → model → check → render → write.
package site

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"sync"
	"time"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/quantity"
	"reportsite/internal/render"
	"reportsite/internal/reportimport"
	"reportsite/internal/srcpos"
)

// Options says where the project is and where the site goes.
type Options struct {
	Root string // project directory holding content/, data/, layouts/, seeds/
	Out  string // output directory, usually <Root>/public

	// Timings, if not nil, receives the time each stage of the build took.
	Timings io.Writer
	// HTMLTemplateOnly renders every page with html/template itself,
	// without the fast path (render.Templates.HTMLTemplateOnly): the same
	// bytes, three times slower; for comparing the two.
	HTMLTemplateOnly bool
}

// stageClock writes how long each stage took, and the CPU time the
// process spent meanwhile (how many cores the stage kept busy), when w is
// not nil.
type stageClock struct {
	w       io.Writer
	last    time.Time
	lastCPU time.Duration
}

func newStageClock(w io.Writer) *stageClock {
	cpu, _ := processCPU()
	return &stageClock{w: w, last: time.Now(), lastCPU: cpu}
}

func (c *stageClock) done(stage string) {
	if c.w == nil {
		return
	}
	now := time.Now()
	cpu, maxRSS := processCPU()
	wall := now.Sub(c.last)
	cores := "-" // the process's CPU clock ticks too coarsely for a stage this short
	if wall >= 5*time.Millisecond {
		cores = fmt.Sprintf("%.1f", float64(cpu-c.lastCPU)/float64(wall))
	}
	fmt.Fprintf(c.w, "%-33s %8.1f ms wall %8.1f ms CPU (%s cores), peak RSS so far %d\n", stage,
		float64(wall.Microseconds())/1000, float64((cpu-c.lastCPU).Microseconds())/1000, cores, maxRSS)
	c.last, c.lastCPU = now, cpu
}

// Project is everything read from the inputs, checked.
type Project struct {
	Root    string
	Site    *config.Site
	Strings config.Strings
	Reports []*Report

	features []Feature

	// What many pages share is made once per build: each report's view
	// and navigation per language (reportView, reportNav), each list of
	// decorated blocks (decorated, blocks), the site's view per language.
	viewsMu     sync.Mutex
	views       map[string]*ReportView
	decorations map[decoratedKey][]BlockView
	navs        map[string][]Link
	sites       map[string]*SiteView
	chromes     map[chromeKey]*Chrome

	// scans reads the numbers of paragraphs once for the features that
	// read them while they load (the numbers check, the dataset, the
	// downloads' tables); nil afterwards.
	scans *quantity.Memo

	memo *buildMemo // results kept from the last build (dev server only)
}

// Report is one report with its parsed source and content per language.
type Report struct {
	Meta     *config.Report
	SeedPath string
	Seed     []byte
	Source   *reportimport.Report
	Docs     map[string]*content.Document
}

// Result summarises a build.
type Result struct {
	Files int
	Bytes int64
	Pages int
}

// Load reads and checks every input. It is the read → model → check half of
// a build; errors from all inputs are reported together.
func Load(root string) (*Project, error) { return load(root, loadReport, nil) }

// readReport reads one report's seed and content; the dev server's
// Rebuilder passes one that returns unchanged reports from its last build.
type readReport func(root string, m *config.Report, langs []string) (*Report, error)

// memo, when not nil, keeps features' results from one build to the next
// (the dev server's).
func load(root string, read readReport, memo *buildMemo) (*Project, error) {
	dataDir := filepath.Join(root, "data")
	s, err := config.LoadSite(filepath.Join(dataDir, "site.toml"))
	if err != nil {
		return nil, err
	}
	strs, err := config.LoadStrings(filepath.Join(dataDir, "i18n.toml"), s.Languages)
	if err != nil {
		return nil, err
	}
	metas, err := config.LoadReports(dataDir)
	if err != nil {
		return nil, err
	}
	if len(metas) == 0 {
		return nil, srcpos.Errorf(srcpos.Pos{File: dataDir}, nil, "no reports: each report needs data/<report>/report.toml (run `reportsite import seeds/<file>.txt`)")
	}
	p := &Project{Root: root, Site: s, Strings: strs, scans: new(quantity.Memo), memo: memo}
	var errs srcpos.List
	seeds := map[string]string{}
	var toRead []*config.Report
	for _, m := range metas {
		if other, dup := seeds[m.Seed]; dup {
			errs.Addf(srcpos.Pos{File: m.File}, nil, "seed %s is already the source of report %s", m.Seed, other)
			continue
		}
		seeds[m.Seed] = m.ID
		toRead = append(toRead, m)
	}
	// Reports are read and checked on every core; results and errors keep
	// the reports' order.
	reports := make([]*Report, len(toRead))
	readErrs := make([]error, len(toRead))
	forEachParallel(len(toRead), func(i int) {
		reports[i], readErrs[i] = read(root, toRead[i], s.Languages)
	})
	for i, r := range reports {
		if readErrs[i] != nil {
			errs.Append(readErrs[i])
			continue
		}
		p.Reports = append(p.Reports, r)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	loadFeatures(p, &errs)
	p.scans = nil // its readers have loaded: let the numbers go
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// loadFeatures runs every feature's Load and keeps, in feature order, those
// that load. Features load on every core, in two waves: first those that
// need no other feature, then those that build on them (LoadsAfter), which
// find the first wave's features with FeatureOf. Errors are reported in
// feature order.
func loadFeatures(p *Project, errs *srcpos.List) {
	features := make([]Feature, len(featureConstructors))
	for i, newFeature := range featureConstructors {
		features[i] = newFeature()
	}
	loadErrs := make([]error, len(features))
	for _, second := range []bool{false, true} {
		var wave []int
		for i, f := range features {
			if isLoadsAfter(f) == second {
				wave = append(wave, i)
			}
		}
		forEachParallel(len(wave), func(j int) {
			loadErrs[wave[j]] = features[wave[j]].Load(p)
		})
		// What has loaded so far, in feature order.
		p.features = nil
		for i, f := range features {
			if loadErrs[i] == nil && (second || !isLoadsAfter(f)) {
				p.features = append(p.features, f)
			}
		}
	}
	for _, err := range loadErrs {
		errs.Append(err)
	}
}

func isLoadsAfter(f Feature) bool {
	_, ok := f.(LoadsAfter)
	return ok
}

// LoadCorrections reads data/<report>/corrections.toml if it exists.
func LoadCorrections(dir string) ([]reportimport.Correction, error) {
	return reportimport.ReadCorrections(filepath.Join(dir, "corrections.toml"))
}

func loadReport(root string, m *config.Report, langs []string) (*Report, error) {
	seedPath := filepath.Join(root, "seeds", m.Seed)
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		return nil, srcpos.Errorf(srcpos.Pos{File: m.File, Line: 1}, nil, "seed %s cannot be read: %v", m.Seed, err)
	}
	corr, err := LoadCorrections(m.Dir)
	if err != nil {
		return nil, err
	}
	src, err := reportimport.Parse(seedPath, seed, corr)
	if err != nil {
		return nil, err
	}
	r := &Report{Meta: m, SeedPath: seedPath, Seed: seed, Source: src, Docs: map[string]*content.Document{}}
	var errs srcpos.List
	for _, lang := range langs {
		dir := filepath.Join(root, "content", m.ID, lang)
		doc, err := content.ReadDocument(m.ID, lang, dir)
		if err != nil {
			errs.Append(err)
			continue
		}
		r.Docs[lang] = doc
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := reportimport.Verify(src, r.Docs["zh"]); err != nil {
		return nil, err
	}
	for _, lang := range langs[1:] {
		if err := Align(r.Docs["zh"], r.Docs[lang]); err != nil {
			errs.Append(err)
		}
	}
	return r, errs.Err()
}

// loadGCPercent is the collector's GOGC while the reports load.
const loadGCPercent = 200

// Build reads, checks, renders and writes the site. On any error the
// previous output directory is left untouched.
func Build(ctx context.Context, opts Options) (*Result, error) {
	clock := newStageClock(opts.Timings)
	stage := func(name string) {
		// CPU profiles (reportsite build -cpuprofile) can be split by
		// stage: go tool pprof -tagfocus stage=render. Goroutines a stage
		// starts inherit its label.
		pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("stage", name)))
	}
	defer pprof.SetGoroutineLabels(ctx)
	stage("load")
	// The templates do not depend on the reports: they are parsed while
	// the reports load (a tenth of a one-report build).
	type parsed struct {
		tmpl *render.Templates
		err  error
	}
	templates := make(chan parsed, 1)
	go func() {
		tmpl, err := loadTemplates(opts.Root)
		templates <- parsed{tmpl, err}
	}()
	// The load makes mostly garbage (TOML, Markdown and workbook
	// scratch) and its heap is far below the peak reached while
	// rendering, so it collects at twice the growth: 2-5 % less CPU
	// (median of 9-21 interleaved builds: 50 reports 4.97 → 4.86 s, 10
	// reports 1.13 → 1.07 s, one 0.18 → 0.17 s) for the same peak RSS
	// (414, 126-128, 46 MB).
	defer debug.SetGCPercent(debug.SetGCPercent(loadGCPercent))
	p, err := Load(opts.Root)
	if err != nil {
		return nil, err
	}
	clock.done("load and check")
	parsedTemplates := <-templates
	if parsedTemplates.err != nil {
		return nil, parsedTemplates.err
	}
	tmpl := parsedTemplates.tmpl
	tmpl.HTMLTemplateOnly = opts.HTMLTemplateOnly
	clock.done("parse templates (beside the load)")
	// Pages are written as they are rendered, each through reused
	// buffers: the site is never held in memory whole.
	// Memory: the usual heap growth (GOGC 100) while the models are made,
	// then a cap near what they hold (boundMemory), set once the files
	// made before the pages are written and forgotten: the peak is
	// reached while rendering, under that cap. (Collecting at half the
	// growth while making the models cost 8 % more CPU on a 50-report
	// archive, 5.70 s against 5.22 s user time, median of 5, for the same
	// peak, 412 against 419 MB.)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	hooks := emitHooks{
		modelsMade: func() {
			clock.done("page models and files")
			stage("render")
		},
		madeWritten: boundMemory,
		forgetFiles: true,
	}
	stage("models")
	res, err := writeAtomic(opts.Out, func(sink fileSink) error {
		return emit(ctx, p, pooledPages(tmpl), sink, hooks)
	})
	clock.done("render and write, swap")
	if opts.Timings != nil && err == nil {
		fast, fellBack := tmpl.FastPathStats()
		fmt.Fprintf(opts.Timings, "pages by the template fast path: %d; by html/template: %d\n", fast, res.Pages-int(fast))
		for _, why := range slices.Sorted(maps.Keys(fellBack)) {
			fmt.Fprintf(opts.Timings, "  fell back %d×: %s\n", fellBack[why], why)
		}
	}
	return res, err
}

// Render produces every output file in memory, keyed by its path relative
// to the output directory.
func Render(ctx context.Context, p *Project) (map[string][]byte, error) {
	tmpl, err := loadTemplates(p.Root)
	if err != nil {
		return nil, err
	}
	return renderWith(ctx, p, func(pg *Page, _ string) ([]byte, error) { return renderPage(tmpl, pg) })
}

// renderPageFunc renders one page to its output file name; the dev
// server's Rebuilder passes one that reuses unchanged pages.
type renderPageFunc func(pg *Page, name string) ([]byte, error)

func renderPage(tmpl *render.Templates, pg *Page) ([]byte, error) {
	pg.prepare()
	return tmpl.Execute(pg.Kind, pg)
}

func renderWith(ctx context.Context, p *Project, renderOne renderPageFunc) (map[string][]byte, error) {
	out := map[string][]byte{}
	var mu sync.Mutex
	pages := func(pg *Page, name string, sink fileSink) error {
		b, err := renderOne(pg, name)
		if err != nil {
			return err
		}
		return sink(name, b, nil)
	}
	err := emit(ctx, p, pages, func(name string, b []byte, done func()) error {
		if done != nil {
			b = bytes.Clone(b) // the producer reuses b
			done()
		}
		mu.Lock()
		defer mu.Unlock()
		if _, dup := out[name]; dup {
			return fmt.Errorf("two files write %s", name)
		}
		out[name] = b
		return nil
	}, emitHooks{})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// emit produces every output file and hands it to sink. The features'
// own files (downloads, chart files), all made by the end of the load, go
// to sink from another goroutine while the page models are made: the
// writer has nothing else to do then. The finishers that change the
// pages (titles, alternates) run once the models are made; then the pages
// are rendered on a bounded pool of one worker per core (emitPage and sink
// are called concurrently) while the finishers' files (sitemaps, feeds)
// go to sink, and the later finishers (the search index), the assets and
// the seeds make theirs, handed to sink once all are made. No file waits
// in memory for the last page. The output does not depend on the order:
// every file's bytes come from the model alone; and the error returned is
// the same whatever the timing (the files' first, then the first failing
// page's).
func emit(ctx context.Context, p *Project, emitPage pageEmitter, sink fileSink, hooks emitHooks) error {
	type written struct {
		names []string
		err   error
	}
	own := make(chan written, 1)
	go func() {
		files := map[string][]byte{}
		for _, f := range p.features {
			mine := map[string][]byte{}
			if err := f.Files(p, mine); err != nil {
				own <- written{err: err}
				return
			}
			for _, name := range sortedPaths(mine) {
				if _, dup := files[name]; dup {
					own <- written{err: fmt.Errorf("two features write %s", name)}
					return
				}
				files[name] = mine[name]
			}
		}
		if hooks.forgetFiles {
			for _, f := range p.features {
				if ff, ok := f.(fileForgetter); ok {
					ff.forgetFiles()
				}
			}
		}
		names := sortedPaths(files)
		own <- written{names, sinkAll(ctx, names, files, sink)}
	}()
	pages := p.Pages()
	made := map[string][]byte{} // the finishers' files
	for _, f := range p.features {
		if _, later := f.(LaterFinisher); later {
			continue
		}
		if fin, ok := f.(Finisher); ok {
			if err := fin.Finish(p, pages, made); err != nil {
				<-own
				return err
			}
		}
	}
	names := make([]string, len(pages))
	taken := map[string]bool{} // the files' names, pages' first
	for i, pg := range pages {
		pg.Chrome = p.chrome(pg)
		name := pg.File
		if name == "" {
			name = pg.Path + "index.html"
		}
		if _, dup := made[name]; dup || taken[name] {
			<-own
			return fmt.Errorf("two pages write %s", name)
		}
		taken[name] = true
		names[i] = name
	}
	for name := range made {
		taken[name] = true
	}
	ownFiles := <-own
	if ownFiles.err != nil {
		return ownFiles.err
	}
	for _, name := range ownFiles.names {
		if taken[name] {
			return fmt.Errorf("two pages write %s", name)
		}
		taken[name] = true
	}
	if hooks.modelsMade != nil {
		hooks.modelsMade()
	}
	var later []func(map[string][]byte) error
	for _, f := range p.features {
		if fin, ok := f.(LaterFinisher); ok {
			finish, err := fin.FinishLater(p, pages)
			if err != nil {
				return err
			}
			later = append(later, finish)
		}
	}
	background := make(chan error, 1)
	go func() {
		err := sinkAll(ctx, sortedPaths(made), made, sink)
		if hooks.madeWritten != nil {
			hooks.madeWritten()
		}
		if err == nil {
			err = laterFiles(ctx, p, later, taken, sink)
		}
		background <- err
	}()
	// Each job drops its page once written, so that what is done can be
	// collected while the rest is rendered.
	pagesErr := inParallel(ctx, len(pages), func(i int) error {
		err := emitPage(pages[i], names[i], sink)
		pages[i] = nil
		return err
	})
	if err := <-background; err != nil {
		return err
	}
	return pagesErr
}

// emitHooks are what Build adds to emit.
type emitHooks struct {
	// modelsMade, if not nil, is called when every page model is made,
	// before the rendering starts.
	modelsMade func()
	// madeWritten, if not nil, is called, while the pages render, once
	// every file made before them is handed to sink: the live data is
	// then the page models, the build's peak.
	madeWritten func()
	// forgetFiles: the features' own files are asked for once, so the
	// features may drop them once handed over (see fileForgetter).
	forgetFiles bool
}

// A fileForgetter is a feature that keeps the bytes of the files it hands
// to Files (downloads, chart files). In a build that asks for them once,
// emit has it drop them, so that each can be collected as soon as it is
// written, not held while every page is made and rendered.
type fileForgetter interface{ forgetFiles() }

// laterFiles hands to sink the files that are made while the pages
// render: the later finishers', the assets and the seeds.
func laterFiles(ctx context.Context, p *Project, later []func(map[string][]byte) error, taken map[string]bool, sink fileSink) error {
	files := map[string][]byte{}
	for _, finish := range later {
		if err := finish(files); err != nil {
			return err
		}
	}
	if err := assets(p, files); err != nil {
		return err
	}
	for _, r := range p.Reports {
		files["data/"+r.Meta.ID+"/"+r.Meta.Seed] = r.Seed
	}
	paths := sortedPaths(files)
	for _, name := range paths {
		if taken[name] {
			return fmt.Errorf("two pages write %s", name)
		}
	}
	return sinkAll(ctx, paths, files, sink)
}

// sinkAll hands files to sink in the order of paths (their sorted keys),
// on every core, each dropped from files once handed over.
func sinkAll(ctx context.Context, paths []string, files map[string][]byte, sink fileSink) error {
	data := make([][]byte, len(paths))
	for i, name := range paths {
		data[i] = files[name]
		delete(files, name)
	}
	return inParallel(ctx, len(paths), func(i int) error {
		err := sink(paths[i], data[i], nil)
		data[i] = nil
		return err
	})
}

// LaterFinisher is a Finisher whose work, once it has read the pages,
// only adds files: FinishLater reads what it needs from the pages and
// returns the rest of the work, which runs while the pages are rendered
// and must not read them (the renderers drop them as they go).
type LaterFinisher interface {
	FinishLater(p *Project, pages []*Page) (finish func(out map[string][]byte) error, err error)
}

// sortedPaths returns the keys of files in a stable order.
func sortedPaths(files map[string][]byte) []string {
	paths := make([]string, 0, len(files))
	for k := range files {
		paths = append(paths, k)
	}
	sort.Strings(paths)
	return paths
}
