// Package benchgen generates synthetic archives for benchmarks: N reports
// of the seed's genre, derived from a real project, each complete
// (seed text, Chinese and English content, indicators, numerals, charts,
// relations, changelog…) and valid, so that the whole build — import,
// checks, rendering, minifying, writing — runs on N reports.
//
// Each report is the source report with its paragraphs varied (left out,
// repeated, reordered within their subsection or item), its headings typed
// with the quirks the importer normalises, and the digits of its
// quantities changed by a permutation of 1–9 (0 fixed) applied alike to
// the Chinese, the English and the figures of the dataset. Years, dates
// and declared names keep their digits. The importer is re-run on the
// generated text, so paragraph ids follow the text, and the data's
// references are rewritten to them.
//
// Every variation is checked with the build's own loader: a paragraph
// whose substituted digits a check refuses (an "about" figure that is no
// longer a rounding, a base that no longer precedes its value) keeps its
// digits, a repeat that a check refuses is removed, a chart or relation
// that no longer holds is dropped, and a glossary entry that no report
// uses any more is left out. Generation is deterministic: the same source,
// seed and N give the same bytes, and report k is the same whatever N.
package benchgen

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"reportsite/internal/content"
	"reportsite/internal/dataset"
	"reportsite/internal/site"
	"reportsite/internal/srcpos"
)

// Options says what to generate.
type Options struct {
	Source string    // the project to derive the reports from (seeds/, content/, data/, layouts/)
	Out    string    // the new project's directory: absent, empty, or a previous archive
	N      int       // number of reports
	Seed   uint64    // the variations follow from it
	Check  bool      // load the whole archive at the end, as the build does
	Log    io.Writer // progress, one line per report (may be nil)
}

// Summary says what was generated.
type Summary struct {
	Reports    int
	Paragraphs int // in all reports
	Left       int // source paragraphs left out
	Repeats    int // repeated paragraphs
	Kept       int // paragraphs with digits that kept them (a check refused the substitution)
	Changed    int // paragraphs whose digits changed
	Indicators int
	Dropped    int // records dropped from relations, charts and other data files
}

// marker is written at the root of every archive, so that a later run
// may replace it and nothing else.
const marker = ".benchgen"

type generator struct {
	opts    Options
	src     *source
	staging string
	log     io.Writer
	// glossary is the source's data/glossary.toml, nil when it has none.
	glossary []byte
	written  map[string]glossaryFile // by root: the staging project, the archive
}

// Generate writes the archive.
func Generate(opts Options) (*Summary, error) {
	if opts.N < 1 {
		return nil, fmt.Errorf("the number of reports must be at least 1, not %d", opts.N)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	src, err := readSource(opts.Source)
	if err != nil {
		return nil, err
	}
	if err := prepareOut(opts.Out); err != nil {
		return nil, err
	}
	g := &generator{opts: opts, src: src, log: opts.Log}
	if b, err := os.ReadFile(filepath.Join(opts.Source, "data", "glossary.toml")); err == nil {
		g.glossary = b
	}
	if g.staging, err = os.MkdirTemp("", "benchgen-staging-"); err != nil {
		return nil, err
	}
	defer os.RemoveAll(g.staging)
	if err := g.shared(g.staging, true); err != nil {
		return nil, err
	}
	if err := g.shared(opts.Out, false); err != nil {
		return nil, err
	}
	sum := &Summary{Reports: opts.N}
	var plans []*plan
	var outs []*reportFiles
	for k := 0; k < opts.N; k++ {
		sr := src.reports[k%len(src.reports)]
		id := fmt.Sprintf("%s-s%03d", sr.meta.ID, k+1)
		p := newPlan(sr, id, k, rand.New(rand.NewPCG(opts.Seed, uint64(k)+1)))
		rf, err := g.settle(p)
		if err != nil {
			return nil, err
		}
		if err := writeFiles(opts.Out, rf.files); err != nil {
			return nil, err
		}
		plans, outs = append(plans, p), append(outs, rf)
		st := p.stats(rf)
		sum.Paragraphs += st.paragraphs
		sum.Left += st.left
		sum.Repeats += st.repeats
		sum.Kept += st.kept
		sum.Changed += st.changed
		sum.Indicators += st.indicators
		sum.Dropped += st.dropped
		fmt.Fprintf(g.log, "%s: %d paragraphs (%d left out, %d repeated), digits changed in %d, kept in %d; %d figures; %d data records dropped\n",
			id, st.paragraphs, st.left, st.repeats, st.changed, st.kept, st.indicators, st.dropped)
	}
	dropped := map[string]bool{}
	for {
		if err := g.writeGlossary(opts.Out, plans, outs, dropped); err != nil {
			return nil, err
		}
		if !opts.Check {
			break
		}
		_, err := site.Load(opts.Out)
		if err == nil {
			break
		}
		more, err := g.placeGlossary(opts.Out, err, plans, outs, dropped)
		if err != nil {
			return nil, err
		}
		if !more {
			return nil, fmt.Errorf("the generated archive does not load: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(opts.Out, marker), fmt.Appendf(nil, "reportsite gen-bench -n %d -seed %d (from %s)\n", opts.N, opts.Seed, filepath.Base(opts.Source)), 0o644); err != nil {
		return nil, err
	}
	return sum, nil
}

// prepareOut makes sure out can be written: absent, empty, or a previous
// archive (which is removed).
func prepareOut(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(out, 0o755)
	case err != nil:
		return err
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
		return fmt.Errorf("%s exists and is not an archive made by gen-bench: choose an empty or new directory", out)
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	return os.MkdirAll(out, 0o755)
}

// shared writes what every report shares: data/*.toml but the glossary,
// and layouts/ (a link in the staging project, a copy in the archive).
func (g *generator) shared(root string, link bool) error {
	dataDir := filepath.Join(g.opts.Source, "data")
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(root, "data"), 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "glossary.toml" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dataDir, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(root, "data", e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	layouts, err := filepath.Abs(filepath.Join(g.opts.Source, "layouts"))
	if err != nil {
		return err
	}
	if link {
		return os.Symlink(layouts, filepath.Join(root, "layouts"))
	}
	return copyTree(layouts, filepath.Join(root, "layouts"))
}

// settle renders a report and checks it in the staging project until the
// build's loader accepts it, reverting what a check refuses.
func (g *generator) settle(p *plan) (*reportFiles, error) {
	glossaryDropped := map[string]bool{}
	for attempt := 0; ; attempt++ {
		if attempt == 200 {
			return nil, fmt.Errorf("report %s: still refused after %d attempts", p.id, attempt)
		}
		rf, err := g.render(p)
		var ref *refusal
		if errors.As(err, &ref) {
			if err := p.revert(ref.in, ref.why); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := g.clearStaging(); err != nil {
			return nil, err
		}
		if err := writeFiles(g.staging, rf.files); err != nil {
			return nil, err
		}
		if err := g.writeGlossary(g.staging, []*plan{p}, []*reportFiles{rf}, glossaryDropped); err != nil {
			return nil, err
		}
		_, err = site.Load(g.staging)
		if err == nil {
			failing, err := g.failingRelations(p, rf)
			if err != nil {
				return nil, err
			}
			if !failing {
				return rf, nil
			}
			continue
		}
		if err := g.place(p, rf, err, glossaryDropped); err != nil {
			return nil, err
		}
	}
}

// clearStaging removes the report of the staging project.
func (g *generator) clearStaging() error {
	dirs := []string{filepath.Join(g.staging, "seeds"), filepath.Join(g.staging, "content")}
	entries, err := os.ReadDir(filepath.Join(g.staging, "data"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(g.staging, "data", e.Name()))
		}
	}
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
	}
	return nil
}

// place puts each of the loader's errors on what caused it and gives that
// up: an instance's variation, a data record, a glossary entry.
func (g *generator) place(p *plan, rf *reportFiles, loadErr error, glossaryDropped map[string]bool) error {
	var list srcpos.List
	list.Append(loadErr)
	acted := map[*instance]bool{}
	for _, e := range list {
		rel, err := filepath.Rel(g.staging, e.Pos.File)
		if e.Pos.File == "" || err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("report %s: the build refuses it, and the generator cannot tell what to give up: %w", p.id, e)
		}
		rel = filepath.ToSlash(rel)
		if spans, ok := rf.blocks[rel]; ok {
			in := (*instance)(nil)
			for _, s := range spans {
				if e.Pos.Line >= s.first && e.Pos.Line <= s.last {
					in = s.in
				}
			}
			if in == nil {
				return fmt.Errorf("report %s: an error outside the paragraphs of %s: %w", p.id, rel, e)
			}
			if !acted[in] {
				acted[in] = true
				if err := p.revert(in, e.Error()); err != nil {
					return err
				}
			}
			continue
		}
		if wr, ok := rf.records[rel]; ok {
			ref, ok := wr.enc.recordAt(e.Pos.Line)
			if !ok {
				return fmt.Errorf("report %s: an error outside the records of %s: %w", p.id, rel, e)
			}
			key := recordKey(ref.key, ref.index)
			if in, ok := wr.instances[key]; ok {
				if !acted[in] {
					acted[in] = true
					if err := p.revert(in, e.Error()); err != nil {
						return err
					}
				}
				continue
			}
			if srcKey, ok := wr.sources[key]; ok {
				if !p.revertSubstitutions(wr.members[srcKey], acted) {
					p.drop(path.Base(rel), srcKey)
				}
				continue
			}
		}
		if rel == "data/glossary.toml" {
			if id, ok := g.glossaryRecordAt(g.staging, e.Pos.Line); ok {
				glossaryDropped[id] = true
				continue
			}
		}
		return fmt.Errorf("report %s: the build refuses it, and the generator cannot tell what to give up: %w", p.id, e)
	}
	return nil
}

// failingRelations drops the declared relations that no longer hold in
// the report (the digits of their figures changed), reporting whether
// there were any.
func (g *generator) failingRelations(p *plan, rf *reportFiles) (bool, error) {
	dataDir := filepath.Join(g.staging, "data", p.id)
	if !dataset.Exists(dataDir) {
		return false, nil
	}
	zh, err := content.ReadDocument(p.id, "zh", filepath.Join(g.staging, "content", p.id, "zh"))
	if err != nil {
		return false, err
	}
	d, err := dataset.Open(p.id, dataDir, zh)
	if err != nil {
		return false, err
	}
	rel := path.Join("data", p.id, dataset.RelationsFile)
	failing := false
	acted := map[*instance]bool{}
	for _, r := range d.Relations {
		if r.Holds {
			continue
		}
		src, ok := rf.records[rel].byID("relation", r.ID)
		if !ok {
			return false, fmt.Errorf("report %s: relation %s does not hold and cannot be found in %s", p.id, r.ID, rel)
		}
		if !p.revertSubstitutions(rf.records[rel].members[src], acted) {
			p.drop(dataset.RelationsFile, src)
		}
		failing = true
	}
	return failing, nil
}

// writeFiles writes files (slash paths relative to root).
func writeFiles(root string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readFile(p string) ([]byte, error) { return os.ReadFile(filepath.FromSlash(p)) }

// copyTree copies the regular files under from to to.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
