package search

import (
	"os"
	"path/filepath"
	"testing"

	"reportsite/internal/content"
)

// seedInput is the seed's Chinese text as an index input.
func seedInput(b *testing.B) Input {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "content", "*", "zh"))
	if len(dirs) == 0 {
		b.Skip("no content")
	}
	doc, err := content.ReadDocument("seed", "zh", dirs[0])
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Lang: "zh", Reports: []Report{{ID: "seed"}}}
	for _, s := range doc.Sections {
		pg := Page{Path: "zh/seed/" + s.Slug + "/", Title: s.Title, Docs: []Doc{{Kind: KindTitle, Text: s.Title}}}
		for _, bl := range s.Blocks {
			if bl.Kind != content.Sections {
				pg.Docs = append(pg.Docs, Doc{Kind: KindBody, Link: "#" + bl.ID, Text: bl.Text})
			}
		}
		in.Pages = append(in.Pages, pg)
	}
	return in
}

func BenchmarkBuildSeedIndex(b *testing.B) {
	in := seedInput(b)
	for b.Loop() {
		if _, _, err := Build(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchSeed: one query on an opened index whose files are in
// memory (the browser's work minus the downloads).
func BenchmarkSearchSeed(b *testing.B) {
	files, _, err := Build(seedInput(b))
	if err != nil {
		b.Fatal(err)
	}
	load := func(name string) ([]byte, error) {
		if f, ok := files["search/zh/"+name+".js"]; ok {
			return f, nil
		}
		return nil, os.ErrNotExist
	}
	for b.Loop() {
		ix, err := Open(load)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Search("营商环境"); err != nil {
			b.Fatal(err)
		}
	}
}
