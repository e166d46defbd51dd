package reportimport

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"reportsite/internal/content"
)

// WriteOptions says where import writes.
type WriteOptions struct {
	ContentDir string // content/<report>/zh
	DataDir    string // data/<report>
	SeedName   string // file name under seeds/
	Log        io.Writer
}

// Write writes the Chinese content files for r, keeping the ids, slugs and
// files of the existing content where the text is unchanged: a file is
// rewritten only when its bytes change. It also writes report.toml when it
// does not exist yet, filled from the title block.
func Write(r *Report, opts WriteOptions) error {
	var prev *content.Document
	if _, err := os.Stat(opts.ContentDir); err == nil {
		d, err := content.ReadDocument("", "zh", opts.ContentDir)
		if err != nil {
			return fmt.Errorf("the existing content cannot be read, so its ids cannot be kept (fix it or remove %s): %w", opts.ContentDir, err)
		}
		prev = d
	}
	secs := Sections(r, prev)
	if err := os.MkdirAll(opts.ContentDir, 0o755); err != nil {
		return err
	}
	keep := map[string]bool{}
	written := 0
	for _, s := range secs {
		name := s.Slug + ".md"
		keep[name] = true
		path := filepath.Join(opts.ContentDir, name)
		b := content.Format(s)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		written++
		fmt.Fprintf(opts.Log, "  wrote %s\n", path)
	}
	entries, _ := os.ReadDir(opts.ContentDir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && !keep[e.Name()] {
			path := filepath.Join(opts.ContentDir, e.Name())
			if err := os.Remove(path); err != nil {
				return err
			}
			fmt.Fprintf(opts.Log, "  removed %s (no longer in the text)\n", path)
		}
	}
	fmt.Fprintf(opts.Log, "  %d of %d content files changed\n", written, len(secs))
	return writeReportTOML(r, opts)
}

func writeReportTOML(r *Report, opts WriteOptions) error {
	path := filepath.Join(opts.DataDir, "report.toml")
	if _, err := os.Stat(path); err == nil {
		fmt.Fprintf(opts.Log, "  kept %s (edit it by hand)\n", path)
		return nil
	}
	if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
		return err
	}
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s = %q\n", k, v) }
	b.WriteString("# Report metadata. Written once by `reportsite import`; edit by hand.\n")
	kv("seed", opts.SeedName)
	kv("title_zh", r.Meta.Title)
	kv("title_en", "")
	kv("period", guessPeriod(r))
	kv("edition", "") // the editor sets the date of this edition
	if r.Meta.Date != "" {
		kv("delivered", r.Meta.Date)
	}
	kv("meeting_zh", r.Meta.Meeting)
	kv("presenter", r.Meta.Presenter)
	kv("source_url", "")
	if r.Meta.Title != "" {
		b.WriteString("title_from_text = true\n")
	}
	fmt.Fprintf(opts.Log, "  wrote %s: fill in title_en, edition and source_url\n", path)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func guessPeriod(r *Report) string {
	for _, s := range []string{r.Meta.Title, r.Meta.Subtitle} {
		if m := yearRe.FindStringSubmatch(s); m != nil {
			if strings.Contains(s, "上半年") {
				return m[1] + "-H1"
			}
			return m[1]
		}
	}
	return ""
}

// Summary describes what import found, for the command's output.
func (r *Report) Summary(w io.Writer) {
	c := r.Count()
	fmt.Fprintf(w, "%s: %d parts, %d subsections, %d items, %d paragraphs\n", r.File, c.Parts, c.Sections, c.Items, c.Paragraphs)
	for i, p := range r.Parts {
		var items []string
		for _, s := range p.Sections {
			items = append(items, fmt.Sprint(len(s.Items)))
		}
		fmt.Fprintf(w, "  part %d: %d subsections (items per subsection: %s)\n", i+1, len(p.Sections), strings.Join(items, " "))
	}
	m := r.Meta
	for _, kv := range [][2]string{{"title", m.Title}, {"date", m.Date}, {"meeting", m.Meeting}, {"presenter", m.Presenter}, {"salutation", m.Salutation}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "  %s: %s\n", kv[0], kv[1])
		}
	}
	notes := append([]Note(nil), r.Notes...)
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Line < notes[j].Line })
	fmt.Fprintf(w, "normalisations (%d):\n", len(notes))
	for _, n := range notes {
		if n.Line > 0 {
			fmt.Fprintf(w, "  %s:%d: %s\n", r.File, n.Line, n.Msg)
		} else {
			fmt.Fprintf(w, "  %s: %s\n", r.File, n.Msg)
		}
	}
}
