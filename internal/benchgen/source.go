package benchgen

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"reportsite/internal/config"
	"reportsite/internal/content"
	"reportsite/internal/quantity"
	"reportsite/internal/reportimport"
	"reportsite/internal/site"
)

// source is the project the archive is derived from: its reports, each
// read and checked the way the build reads it.
type source struct {
	root    string
	reports []*srcReport
}

// srcReport is one report of the source project.
type srcReport struct {
	meta       *config.Report
	tree       *reportimport.Report // the parsed seed, corrections applied
	zh, en     *content.Document
	names      *quantity.Names // numerals.toml, nil when absent
	paragraphs []*srcPara      // in content order (see paragraphLists)
	byID       map[string]*srcPara
	enSections map[string]*content.Section // by slug
	dataFiles  []string                    // names of the files in data/<report>/
}

// srcPara is one paragraph of a source report in both languages.
type srcPara struct {
	id      string
	zh      string // plain text, as in the seed
	en      content.Block
	endsSen bool // the text ends where a paragraph may end (see below)
}

// readSource loads the source project with the build's own loader, so a
// source that does not build is refused before anything is generated.
func readSource(root string) (*source, error) {
	if _, err := site.Load(root); err != nil {
		return nil, fmt.Errorf("the source project %s does not build, so no archive can be derived from it:\n%w", root, err)
	}
	s, err := config.LoadSite(filepath.Join(root, "data", "site.toml"))
	if err != nil {
		return nil, err
	}
	if len(s.Languages) != 2 || s.Languages[0] != "zh" || s.Languages[1] != "en" {
		return nil, fmt.Errorf("%s: the generator derives Chinese and English editions: languages must be [\"zh\", \"en\"], not %q", s.File, s.Languages)
	}
	metas, err := config.LoadReports(filepath.Join(root, "data"))
	if err != nil {
		return nil, err
	}
	src := &source{root: root}
	for _, m := range metas {
		r, err := readSourceReport(root, m)
		if err != nil {
			return nil, err
		}
		src.reports = append(src.reports, r)
	}
	if len(src.reports) == 0 {
		return nil, fmt.Errorf("%s: no reports to derive an archive from", root)
	}
	return src, nil
}

func readSourceReport(root string, m *config.Report) (*srcReport, error) {
	seedPath := filepath.Join(root, "seeds", m.Seed)
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		return nil, err
	}
	corr, err := site.LoadCorrections(m.Dir)
	if err != nil {
		return nil, err
	}
	tree, err := reportimport.Parse(seedPath, seed, corr)
	if err != nil {
		return nil, err
	}
	r := &srcReport{meta: m, tree: tree, byID: map[string]*srcPara{}, enSections: map[string]*content.Section{}}
	if r.zh, err = content.ReadDocument(m.ID, "zh", filepath.Join(root, "content", m.ID, "zh")); err != nil {
		return nil, err
	}
	if r.en, err = content.ReadDocument(m.ID, "en", filepath.Join(root, "content", m.ID, "en")); err != nil {
		return nil, err
	}
	if path := filepath.Join(m.Dir, "numerals.toml"); fileExists(path) {
		if r.names, err = quantity.LoadNames(path); err != nil {
			return nil, err
		}
	}
	entries, err := os.ReadDir(m.Dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			r.dataFiles = append(r.dataFiles, e.Name())
		}
	}
	sort.Strings(r.dataFiles)
	enBlocks := map[string]content.Block{}
	for _, s := range r.en.Sections {
		r.enSections[s.Slug] = s
		for _, b := range s.Blocks {
			if b.ID != "" {
				enBlocks[b.ID] = b
			}
		}
	}
	// The content's ids in content order, paired with the seed's
	// paragraphs in the same order: the importer assigns them so.
	var ids []string
	for _, s := range reportimport.Sections(tree, r.zh) {
		for _, b := range s.Paragraphs() {
			ids = append(ids, b.ID)
		}
	}
	var texts []string
	for _, list := range paragraphLists(tree) {
		for _, p := range *list {
			texts = append(texts, p.Text)
		}
	}
	if len(ids) != len(texts) {
		return nil, fmt.Errorf("%s: the seed has %d paragraphs but its content %d", seedPath, len(texts), len(ids))
	}
	for i, id := range ids {
		en, ok := enBlocks[id]
		if !ok {
			return nil, fmt.Errorf("%s: paragraph %s has no English", r.en.Dir, id)
		}
		p := &srcPara{id: id, zh: texts[i], en: en, endsSen: endsSentence(texts[i])}
		r.paragraphs = append(r.paragraphs, p)
		r.byID[id] = p
	}
	return r, nil
}

// paragraphLists returns the paragraph lists of a parsed report in the
// order in which reportimport.Sections turns them into content: the
// preamble; per part its introduction and closing (both in the part's
// file); then each subsection's own paragraphs and its items'.
func paragraphLists(r *reportimport.Report) []*[]reportimport.Paragraph {
	out := []*[]reportimport.Paragraph{&r.Preamble}
	for _, pt := range r.Parts {
		out = append(out, &pt.Intro)
		if len(pt.Sections) > 0 {
			out = append(out, &pt.Closing)
		}
		for _, s := range pt.Sections {
			out = append(out, &s.Paragraphs)
			for _, it := range s.Items {
				out = append(out, &it.Paragraphs)
			}
		}
	}
	return out
}

// endsSentence mirrors the importer: a line that does not end a sentence
// is joined with the next text line, so such a paragraph must stay last in
// its list (a heading or the end follows it).
func endsSentence(s string) bool {
	if s == "" {
		return false
	}
	r := []rune(s)
	switch r[len(r)-1] {
	case '。', '．', '.', '！', '？', '!', '?', '；', ';', '…', '”', '’', '」', '』', '：', ':':
		return true
	}
	return false
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
