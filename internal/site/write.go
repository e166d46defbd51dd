package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write puts files into out atomically: everything is written to a fresh
// directory beside out, which then replaces out. A failure at any point
// leaves the previous out untouched.
func Write(out string, files map[string][]byte) (*Result, error) {
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
	res := &Result{}
	made := map[string]bool{}
	for _, rel := range sortedPaths(files) {
		if !filepath.IsLocal(filepath.FromSlash(rel)) || strings.ContainsRune(rel, 0) || strings.Contains(rel, "\\") {
			return nil, fmt.Errorf("refusing to write %q: output paths must stay inside the output directory", rel)
		}
		path := filepath.Join(tmp, filepath.FromSlash(rel))
		dir := filepath.Dir(path)
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			made[dir] = true
		}
		if err := os.WriteFile(path, files[rel], 0o644); err != nil {
			return nil, err
		}
		res.Files++
		res.Bytes += int64(len(files[rel]))
		if strings.HasSuffix(rel, ".html") {
			res.Pages++
		}
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
	return res, nil
}
