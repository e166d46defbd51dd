package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync/atomic"
	"testing"

	"reportsite/internal/render"
)

func TestInParallelReportsTheFirstFailure(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		var ran [100]atomic.Bool
		err := inParallel(context.Background(), 100, func(i int) error {
			ran[i].Store(true)
			if i == 37 || i == 52 || i == 90 {
				return fmt.Errorf("job %d failed", i)
			}
			return nil
		})
		runtime.GOMAXPROCS(prev)
		if err == nil || err.Error() != "job 37 failed" {
			t.Errorf("GOMAXPROCS=%d: err = %v, want the first failure, job 37", procs, err)
		}
		for i := range 37 {
			if !ran[i].Load() {
				t.Errorf("GOMAXPROCS=%d: job %d, before the failure, did not run", procs, i)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := inParallel(ctx, 10, func(int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if err := inParallel(context.Background(), 0, func(int) error { return errors.New("no job") }); err != nil {
		t.Errorf("no jobs: err = %v", err)
	}
}

// TestParallelRenderIsDeterministic: one worker or many, in memory or
// streamed to disk, the site is the same, byte for byte.
func TestParallelRenderIsDeterministic(t *testing.T) {
	p, err := Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	one, err := Render(context.Background(), p)
	runtime.GOMAXPROCS(8)
	many, err2 := Render(context.Background(), p)
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	sameOutput(t, "8 workers", many, one)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Root: realRoot, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	written := map[string][]byte{}
	err = filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(out, path)
		written[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sameOutput(t, "Build", written, one)
	if res.Files != len(one) {
		t.Errorf("Build reports %d files, wrote %d", res.Files, len(one))
	}
}

func sameOutput(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	bad := 0
	for _, n := range names {
		if !bytes.Equal(got[n], want[n]) && bad < 5 {
			bad++
			t.Errorf("%s: %s differs", what, n)
		}
	}
}

// BenchmarkRenderPages measures rendering alone: executing the template
// page after page, for every page of the real site (the
// model built once). ns/page is the figure to watch.
func BenchmarkRenderPages(b *testing.B) {
	tmpl, pages := realPagesToRender(b)
	benchmarkRender(b, tmpl, pages)
}

// realPagesToRender loads the real site and returns its templates and
// its page models, ready to render.
func realPagesToRender(b *testing.B) (*render.Templates, []*Page) {
	p, err := Load(realRoot)
	if err != nil {
		b.Fatal(err)
	}
	tmpl, err := loadTemplates(p.Root)
	if err != nil {
		b.Fatal(err)
	}
	pages := p.Pages()
	for _, pg := range pages {
		pg.Chrome = p.chrome(pg)
	}
	return tmpl, pages
}

// benchmarkRender renders pages once per iteration and reports ns and
// bytes per page.
func benchmarkRender(b *testing.B, tmpl *render.Templates, pages []*Page) {
	var bytes int64
	for b.Loop() {
		bytes = 0
		for _, pg := range pages {
			out, err := renderPage(tmpl, pg)
			if err != nil {
				b.Fatal(err)
			}
			bytes += int64(len(out))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
	b.ReportMetric(float64(bytes)/float64(len(pages)), "bytes/page")
}

// BenchmarkPageModels measures building the page models (Project.Pages:
// every page's view, decorators applied), which the features' finishers
// and the rendering share.
func BenchmarkPageModels(b *testing.B) {
	p, err := Load(realRoot)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n = len(p.Pages())
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/page")
}

// BenchmarkBuildArchive is the whole build of a synthetic archive, for
// profiles at scale:
//
//	reportsite gen-bench -n 10 -out /tmp/archive-10
//	REPORTSITE_ARCHIVE=/tmp/archive-10 go test -run '^$' -bench BuildArchive -cpuprofile cpu.out ./internal/site/
func BenchmarkBuildArchive(b *testing.B) {
	root := os.Getenv("REPORTSITE_ARCHIVE")
	if root == "" {
		b.Skip("set REPORTSITE_ARCHIVE to an archive made by reportsite gen-bench")
	}
	out := filepath.Join(b.TempDir(), "public")
	var res *Result
	for b.Loop() {
		os.RemoveAll(out)
		var err error
		if res, err = Build(context.Background(), Options{Root: root, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Pages), "pages")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*res.Pages), "ns/page")
}

// BenchmarkRenderKinds is BenchmarkRenderPages per page kind: where the
// rendering time goes (indicator pages are most of an archive).
func BenchmarkRenderKinds(b *testing.B) {
	tmpl, pages := realPagesToRender(b)
	byKind := map[string][]*Page{}
	for _, pg := range pages {
		byKind[pg.Kind] = append(byKind[pg.Kind], pg)
	}
	for kind, pages := range byKind {
		b.Run(kind, func(b *testing.B) { benchmarkRender(b, tmpl, pages) })
	}
}
