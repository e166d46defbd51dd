package site

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
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
