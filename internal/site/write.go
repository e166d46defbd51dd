package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// fileSink receives output files (paths relative to the output directory)
// as they are produced. It may be called from several goroutines.
type fileSink func(rel string, data []byte) error

// Write puts files into out atomically: everything is written to a fresh
// directory beside out, which then replaces out. A failure at any point
// leaves the previous out untouched.
func Write(out string, files map[string][]byte) (*Result, error) {
	return writeAtomic(out, func(sink fileSink) error {
		for _, rel := range sortedPaths(files) {
			if err := sink(rel, files[rel]); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeAtomic is Write for files that produce streams to a sink as they
// are made (Build renders and writes pages on every core, so the site is
// never held in memory whole). Once produce returns without error, the
// new directory replaces out.
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
	w := &dirWriter{root: tmp, made: map[string]bool{tmp: true}}
	if err := produce(w.write); err != nil {
		return nil, err
	}
	res := &Result{Files: int(w.files.Load()), Bytes: w.bytes.Load(), Pages: int(w.pages.Load())}
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
	return res, nil
}

// dirWriter writes files under root, creating each directory once; it is
// safe for concurrent use.
type dirWriter struct {
	root                string
	mu                  sync.Mutex
	made                map[string]bool
	written             sync.Map // rel → true: a second write of a path is a fault
	files, pages, bytes atomic.Int64
}

func (w *dirWriter) write(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.ContainsRune(rel, 0) || strings.Contains(rel, "\\") {
		return fmt.Errorf("refusing to write %q: output paths must stay inside the output directory", rel)
	}
	if _, dup := w.written.LoadOrStore(rel, true); dup {
		return fmt.Errorf("two files write %s", rel)
	}
	path := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(path)
	w.mu.Lock()
	made := w.made[dir]
	w.mu.Unlock()
	if !made {
		// Two writers may create the same directory at once: MkdirAll
		// accepts one that exists.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		w.mu.Lock()
		w.made[dir] = true
		w.mu.Unlock()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
	if strings.HasSuffix(rel, ".html") {
		w.pages.Add(1)
	}
	return nil
}
