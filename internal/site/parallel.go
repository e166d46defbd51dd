package site

import (
	"bytes"
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"

	"reportsite/internal/render"
)

// inParallel runs job(0) … job(n-1) on a bounded pool of one worker per
// core, handing out indexes in order. It returns the error of the lowest
// failing index, as a sequential loop would: once job i fails, jobs after
// i are skipped, while those before it (already handed out) finish and may
// report an earlier failure. A cancelled ctx stops the work.
func inParallel(ctx context.Context, n int, job func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next atomic.Int64
	var failedAt atomic.Int64 // lowest failing index so far; n when none
	failedAt.Store(int64(n))
	errs := make([]error, n)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || i > failedAt.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
				} else {
					errs[i] = job(int(i))
				}
				if errs[i] == nil {
					continue
				}
				for {
					cur := failedAt.Load()
					if i >= cur || failedAt.CompareAndSwap(cur, i) {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	if i := failedAt.Load(); i < int64(n) {
		return errs[i]
	}
	return nil
}

// pageEmitter renders one page and hands it to sink.
type pageEmitter func(pg *Page, name string, sink fileSink) error

// buffers are reused across pages: a page's HTML is built in buffers that
// grow once to the size of a page instead of for each page.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 4<<20 {
		return // an outsized page: let it go
	}
	b.Reset()
	buffers.Put(b)
}

// pooledPages renders pages into reused buffers, each back in the pool once
// the sink has written it. Pages are not minified: the layouts are written
// compact and what is inlined (charts, JSON-LD) is compact when made, so a
// minifier pass took a sixth of the build's CPU to save about 1 % of the
// bytes (measured on a 10-report archive: 80.29 MB against 79.50 MB).
func pooledPages(tmpl *render.Templates) pageEmitter {
	return func(pg *Page, name string, sink fileSink) error {
		pg.prepare()
		raw := getBuffer()
		if err := tmpl.ExecuteTo(raw, pg.Kind, pg); err != nil {
			putBuffer(raw)
			return err
		}
		return sink(name, raw.Bytes(), func() { putBuffer(raw) })
	}
}

// forEachParallel runs job(0) … job(n-1) on one worker per core, every
// one of them (the caller collects results and errors by index).
func forEachParallel(n int, job func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(n); i = next.Add(1) - 1 {
				job(int(i))
			}
		}()
	}
	wg.Wait()
}

// smallHeap is the heap under which boundMemory does not collect first.
const smallHeap = 32 << 20

// boundMemory caps the heap for the rendering at half again what is live
// once every page model is made (measured after a collection), plus 64
// MB: the collector then runs as often as it must to stay below that,
// instead of letting the heap double. As pages are written their models
// die. It is a soft limit, never a failure. Build restores the previous
// limit. A tighter cap (an eighth more) cost a fifth more CPU on a
// 50-report archive (12.7–13.7 s against 10.9–12.0 s) for the same peak
// RSS (440–480 MB either way).
//
// A small heap (under smallHeap, all of it counted as live) is capped
// without the collection, which would cost more than it saves.
func boundMemory() {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 || sample[0].Value.Uint64() >= smallHeap {
		runtime.GC()
		sample[0].Name = "/gc/heap/live:bytes"
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
	}
	live := int64(sample[0].Value.Uint64())
	debug.SetMemoryLimit(live + live/2 + 64<<20)
	debug.SetGCPercent(100)
}
