package reportimport

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"reportsite/internal/content"
)

// importInto parses src and writes the content into dir/content/r/zh and
// dir/data/r, as `reportsite import` does, returning what Write logged.
func importInto(t *testing.T, dir string, src []byte, cs []Correction) string {
	t.Helper()
	r, err := Parse(seedFile, src, cs)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	err = Write(r, WriteOptions{
		ContentDir: filepath.Join(dir, "content", "r", "zh"),
		DataDir:    filepath.Join(dir, "data", "r"),
		SeedName:   "r.txt",
		Log:        &log,
	})
	if err != nil {
		t.Fatal(err)
	}
	return log.String()
}

// snapshot reads every file under dir, by path relative to dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A fresh import of the seed writes exactly the Chinese content that is
// in the repository: the ids the English edition and the data cite are
// the ones the importer derives.
func TestFreshImportMatchesRepositoryContent(t *testing.T) {
	dir := t.TempDir()
	cs := corrections(t, filepath.Join(repoRoot, seedData, "corrections.toml"), seedData+"/corrections.toml")
	importInto(t, dir, readRepo(t, seedFile), cs)
	got := snapshot(t, filepath.Join(dir, "content", "r", "zh"))
	want := snapshot(t, filepath.Join(repoRoot, "content", "nanhai-2023-h1-plan-execution", "zh"))
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("content/nanhai-2023-h1-plan-execution/zh/%s differs from a fresh import of the seed", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("a fresh import writes %s, which the repository does not have", name)
		}
	}
}

// Inserting a paragraph into the source gives only that paragraph a new
// id: every other file is byte for byte unchanged, and in the file that
// holds the insertion every other block keeps its id and text.
func TestReimportAfterInsertionKeepsIDs(t *testing.T) {
	dir := t.TempDir()
	cs := corrections(t, filepath.Join(repoRoot, seedData, "corrections.toml"), seedData+"/corrections.toml")
	seed := readRepo(t, seedFile)
	importInto(t, dir, seed, cs)
	before := snapshot(t, dir)

	// Re-importing the same text changes nothing.
	if log := importInto(t, dir, seed, cs); !strings.Contains(log, "0 of 13 content files changed") {
		t.Errorf("re-importing the unchanged text rewrote files:\n%s", log)
	}

	// A new paragraph after line 24 (item 1、 of subsection （四）).
	const inserted = "城市更新有序推进。上半年，全区完成旧厂房改造项目12个，盘活存量用地约860亩。"
	lines := strings.SplitAfter(string(seed), "\n")
	edited := strings.Join(slices.Insert(lines, 24, inserted+"\n"), "")
	log := importInto(t, dir, []byte(edited), cs)
	if !strings.Contains(log, "1 of 13 content files changed") {
		t.Errorf("import log after the insertion:\n%s", log)
	}
	after := snapshot(t, dir)

	const changed = "content/r/zh/1-4.md"
	for name, b := range before {
		if name == changed {
			continue
		}
		if !bytes.Equal(after[name], b) {
			t.Errorf("%s changed although the insertion is not in it", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files before the insertion, %d after", len(before), len(after))
	}

	old := parseContent(t, changed, before[changed])
	now := parseContent(t, changed, after[changed])
	if len(now.Blocks) != len(old.Blocks)+1 {
		t.Fatalf("%s has %d blocks after the insertion, want %d", changed, len(now.Blocks), len(old.Blocks)+1)
	}
	oldIDs := map[string]bool{}
	for _, b := range old.Blocks {
		oldIDs[b.ID] = true
	}
	// The new paragraph is the third block: after item 1、's heading and the
	// paragraph of line 24.
	const at = 3
	for i, b := range now.Blocks {
		switch {
		case i == at:
			if b.Text != inserted || oldIDs[b.ID] || !isParagraphID(b.ID) {
				t.Errorf("inserted block %d: id %q (must be new), text %q", i, b.ID, b.Text)
			}
		default:
			j := i
			if i > at {
				j = i - 1
			}
			o := old.Blocks[j]
			if b.ID != o.ID || b.Markdown != o.Markdown || b.Kind != o.Kind {
				t.Errorf("block %d changed: id %q → %q, text %q → %q", i, o.ID, b.ID, o.Text, b.Text)
			}
		}
	}
	if now.Order != old.Order || now.Title != old.Title || now.Slug != old.Slug {
		t.Errorf("front matter changed: %+v → %+v", old, now)
	}
}

func parseContent(t *testing.T, name string, src []byte) *content.Section {
	t.Helper()
	s, err := content.ParseSection(name, src)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// isParagraphID checks an id the way content files require.
func isParagraphID(id string) bool { return content.ValidID(id) && strings.HasPrefix(id, "p") }
