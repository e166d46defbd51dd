package reportimport

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImport is the importer on the seed: decode, classify, join,
// build the tree, apply the corrections, find the leads, and section it
// into content as `reportsite import` does.
func BenchmarkImport(b *testing.B) {
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if len(seeds) == 0 {
		b.Skip("no seeds")
	}
	src, err := os.ReadFile(seeds[0])
	if err != nil {
		b.Fatal(err)
	}
	name := filepath.Base(seeds[0])
	corr, err := ReadCorrections(filepath.Join("..", "..", "data", name[:len(name)-len(".txt")], "corrections.toml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		r, err := Parse(seeds[0], src, corr)
		if err != nil {
			b.Fatal(err)
		}
		Sections(r, nil)
	}
}
