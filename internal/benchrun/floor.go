package benchrun

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"reportsite/internal/outfile"
)

// The I/O floor: the least any generator must do to publish the site is
// to create its directories and write its files. WriteManifest records
// the paths and sizes of a finished output; WriteFloor (run as a child
// process, like the builds) writes files of those sizes at those paths,
// one after the other, with nothing else, and with the same file writer
// as the build.

// WriteManifest writes "size path" lines for every file under dir.
func WriteManifest(dir, manifest string) error {
	var b strings.Builder
	err := walkFiles(dir, func(rel string, size int64) {
		fmt.Fprintf(&b, "%d %s\n", size, rel)
	})
	if err != nil {
		return err
	}
	return os.WriteFile(manifest, []byte(b.String()), 0o644)
}

// WriteFloor writes the files of manifest under out, which must not exist.
func WriteFloor(manifest, out string) error {
	f, err := os.Open(manifest)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists: the floor writes a new directory", out)
	}
	buf := make([]byte, 0, 1<<16)
	made := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sizeText, rel, ok := strings.Cut(sc.Text(), " ")
		size, err := strconv.Atoi(sizeText)
		if !ok || err != nil {
			return fmt.Errorf("%s: bad line %q", manifest, sc.Text())
		}
		for len(buf) < size {
			buf = append(buf, "reportsite benchmark floor\n"...)
		}
		p := filepath.Join(out, filepath.FromSlash(rel))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := outfile.WriteFile(p, buf[:size], 0o644); err != nil {
			return err
		}
	}
	return sc.Err()
}

// walkFiles calls fn for every regular file under dir, in path order,
// with its slash-separated path relative to dir.
func walkFiles(dir string, fn func(rel string, size int64)) error {
	type entry struct {
		rel  string
		size int64
	}
	var entries []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		entries = append(entries, entry{filepath.ToSlash(rel), info.Size()})
		return nil
	})
	sort.Slice(entries, func(i, j int) bool { return entries[i].rel < entries[j].rel })
	for _, e := range entries {
		fn(e.rel, e.size)
	}
	return err
}
