package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

var assetTypes = map[string]string{
	".css": "text/css",
	".js":  "application/javascript",
	".svg": "image/svg+xml",
}

// assets copies layouts/assets/ to assets/, minifying what can be.
func assets(p *Project, out map[string][]byte) error {
	dir := filepath.Join(p.Root, "layouts", "assets")
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if t, ok := assetTypes[strings.ToLower(filepath.Ext(path))]; ok {
			if b, err = minifyAs(t, b); err != nil {
				return err
			}
		}
		out["assets/"+filepath.ToSlash(rel)] = b
		return nil
	})
}

func splitLines(b []byte) []string { return strings.Split(string(b), "\n") }

func trimmed(s string) string { return strings.TrimSpace(s) }
