package glossary

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkFind runs the matcher of the project's glossary over the seed
// report's Chinese sections.
func BenchmarkFind(b *testing.B) {
	g, err := Load(filepath.Join("..", "..", "data", "glossary.toml"))
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "zh", "*.md"))
	var texts []string
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(src))
		n += len(src)
	}
	if n == 0 {
		b.Fatal("no Chinese content found")
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, t := range texts {
			g.Find(t)
		}
	}
	b.ReportMetric(float64(g.matcher.nclass), "classes")
	b.ReportMetric(float64(len(g.matcher.out)), "nodes")
}

// BenchmarkNewMatcher builds the automaton of the project's glossary (once
// per build: a one-report site pays for it whole).
func BenchmarkNewMatcher(b *testing.B) {
	g, err := Load(filepath.Join("..", "..", "data", "glossary.toml"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		newMatcher(g.Terms)
	}
}
