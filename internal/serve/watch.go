package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watchedDirs are the build's inputs.
var watchedDirs = []string{"content", "data", "layouts", "seeds"}

// watcher watches the input directories recursively (inotify watches one
// directory at a time), and the project directory itself so that an input
// directory created later is noticed.
type watcher struct {
	*fsnotify.Watcher
	root string
}

func newWatcher(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s for changes: %w", root, err)
	}
	w := &watcher{Watcher: fw, root: root}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, fmt.Errorf("cannot watch %s for changes: %w", root, err)
	}
	for _, d := range watchedDirs {
		if err := w.addTree(filepath.Join(root, d)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// addTree watches dir and every directory below it. A missing dir is not
// an error: the build reports what it needs.
func (w *watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if ignored(d.Name()) && path != dir {
			return filepath.SkipDir
		}
		return w.Add(path)
	})
	if err != nil {
		return fmt.Errorf("cannot watch %s for changes: %w", dir, err)
	}
	return nil
}

// input returns path relative to the project when it is in one of the
// input directories (or is one) and is not an editor's scratch file.
func (w *watcher) input(path string) (string, bool) {
	rel, err := filepath.Rel(w.root, path)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	known := false
	for _, d := range watchedDirs {
		known = known || parts[0] == d
	}
	if !known {
		return "", false
	}
	for _, p := range parts[1:] {
		if ignored(p) {
			return "", false
		}
	}
	return rel, true
}

// ignored names editors' and systems' scratch files: backups (x~), swap
// files (.x.swp), lock files (.#x), vim's write test (4913) and hidden
// files in general. No input file is hidden.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") || name == "4913"
}

// watch rebuilds after changes until ctx ends. A rebuild starts once the
// inputs have been quiet for debounce, or maxDelay after the first change
// when they keep changing.
func (s *Server) watch(ctx context.Context, w *watcher, debounce time.Duration) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var first time.Time // of the changes waiting for a rebuild; zero when none
	changed := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		wait := debounce
		if rest := first.Add(maxDelay).Sub(now); rest < wait {
			wait = max(rest, 0)
		}
		timer.Reset(wait)
	}
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			rel, ok := w.input(ev.Name)
			if ev.Op == fsnotify.Chmod || !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					// Files may already be inside: they count as changed
					// through the directory.
					if err := w.addTree(ev.Name); err != nil {
						fmt.Fprintln(s.log, err)
					}
				}
			}
			s.rb.Changed(rel)
			changed()
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: trust nothing from the last build.
				s.rb.ChangedAll()
				changed()
				continue
			}
			fmt.Fprintf(s.log, "watching for changes: %v\n", err)
		case <-timer.C:
			first = time.Time{}
			s.rebuild(ctx)
		}
	}
}
