package site

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var assetTypes = map[string]string{
	".css": "text/css",
	".js":  "application/javascript",
	".svg": "image/svg+xml",
}

// assets copies layouts/assets/ to assets/, minifying what can be. The
// stylesheets in layouts/assets/css/ are joined, in file-name order, into
// the one stylesheet assets/site.css, so that each feature keeps its own
// CSS file while pages make a single request.
func assets(p *Project, out map[string][]byte) error {
	dir := filepath.Join(p.Root, "layouts", "assets")
	cssFiles, _ := filepath.Glob(filepath.Join(dir, "css", "*.css"))
	sort.Strings(cssFiles)
	var css []byte
	for _, f := range cssFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		css = append(append(css, b...), '\n')
	}
	if len(css) > 0 {
		min, err := minifyAsset("text/css", css)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(dir, "css"), err)
		}
		out["assets/site.css"] = min
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == filepath.Join(dir, "css") {
				return filepath.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if t, ok := assetTypes[strings.ToLower(filepath.Ext(path))]; ok {
			if b, err = minifyAsset(t, b); err != nil {
				return err
			}
		}
		out["assets/"+filepath.ToSlash(rel)] = b
		return nil
	})
}
