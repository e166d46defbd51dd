package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"reportsite/internal/outfile"
)

// fileSink receives output files (paths relative to the output directory)
// as they are produced; it may be called from several goroutines. When
// done is not nil the sink may use data only until it calls done (the
// producer then reuses the buffer); otherwise data is the sink's to keep.
type fileSink func(rel string, data []byte, done func()) error

// Write puts files into out atomically: everything is written to a fresh
// directory beside out, which then replaces out. A failure at any point
// leaves the previous out untouched.
func Write(out string, files map[string][]byte) (*Result, error) {
	return writeAtomic(out, func(sink fileSink) error {
		for _, rel := range sortedPaths(files) {
			if err := sink(rel, files[rel], nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeAtomic is Write for files that produce streams to a sink as they
// are made (Build renders pages on every core while they are written, so
// the site is never held in memory whole). Once produce returns without
// error, the new directory replaces out.
func writeAtomic(out string, produce func(fileSink) error) (*Result, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	w := newDirWriter(tmp)
	err = produce(w.put)
	if werr := w.close(); err == nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	old := ""
	if _, err := os.Lstat(out); err == nil {
		old = tmp + ".old"
		if err := os.Rename(out, old); err != nil {
			return nil, fmt.Errorf("cannot move the previous %s aside: %w", out, err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return nil, err
	}
	ok = true
	if old != "" {
		os.RemoveAll(old)
	}
	return &w.res, nil
}

// dirWriter writes files under root from one goroutine, in the order they
// are put. One writer, not one per core: creating files and directories
// is the kernel's work, and concurrent creators contend for the file
// system's locks (measured: two writers took longer than one, at twice
// the system time); meanwhile the other cores render.
type dirWriter struct {
	root  string
	queue chan outFile
	done  chan struct{}
	mu    sync.Mutex
	seen  map[string]bool // paths put: a second one is a fault
	err   error           // the first write error
	res   Result
}

type outFile struct {
	rel  string
	data []byte
	done func()
}

// queueLen bounds the files rendered but not yet written (memory).
const queueLen = 64

func newDirWriter(root string) *dirWriter {
	w := &dirWriter{root: root, queue: make(chan outFile, queueLen), done: make(chan struct{}), seen: map[string]bool{}}
	go w.run()
	return w
}

// put queues a file; it fails once a write has failed, so that producers
// stop early.
func (w *dirWriter) put(rel string, data []byte, done func()) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.ContainsRune(rel, 0) || strings.Contains(rel, "\\") {
		return fmt.Errorf("refusing to write %q: output paths must stay inside the output directory", rel)
	}
	w.mu.Lock()
	err, dup := w.err, w.seen[rel]
	w.seen[rel] = true
	w.mu.Unlock()
	if err != nil {
		return err
	}
	if dup {
		return fmt.Errorf("two files write %s", rel)
	}
	w.queue <- outFile{rel, data, done}
	return nil
}

// close waits for the queued files and returns the first error.
func (w *dirWriter) close() error {
	close(w.queue)
	<-w.done
	return w.err
}

func (w *dirWriter) run() {
	defer close(w.done)
	made := map[string]bool{w.root: true}
	for f := range w.queue {
		w.mu.Lock()
		failed := w.err != nil
		w.mu.Unlock()
		if !failed {
			if err := w.write(f, made); err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
			}
		}
		if f.done != nil {
			f.done()
		}
	}
}

func (w *dirWriter) write(f outFile, made map[string]bool) error {
	path := filepath.Join(w.root, filepath.FromSlash(f.rel))
	if dir := filepath.Dir(path); !made[dir] {
		// Most pages sit in a directory of their own whose parent was
		// just made: one mkdir, not MkdirAll's stat, stat and mkdir.
		if made[filepath.Dir(dir)] {
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		made[dir] = true
	}
	if err := outfile.WriteFile(path, f.data, 0o644); err != nil {
		return err
	}
	w.res.Files++
	w.res.Bytes += int64(len(f.data))
	if strings.HasSuffix(f.rel, ".html") {
		w.res.Pages++
	}
	return nil
}
