package benchgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reportsite/internal/srcpos"
)

// glossaryFile is the shared glossary as written under one root, with the
// identity of each written record.
type glossaryFile struct {
	enc encodedTOML
	ids map[string]string // "key#n" → identity (see recordIdentity)
}

// writeGlossary writes data/glossary.toml for the given reports: the
// terms whose Chinese occurs in them, every record that names a paragraph
// once per instance of that paragraph (with its new id), every other
// record as it is; none of those in dropped.
func (g *generator) writeGlossary(root string, plans []*plan, outs []*reportFiles, dropped map[string]bool) error {
	if g.glossary == nil {
		return nil
	}
	d, err := decodeTOML("data/glossary.toml", g.glossary)
	if err != nil {
		return err
	}
	var corpus strings.Builder
	for _, rf := range outs {
		for _, t := range rf.corpus {
			corpus.WriteString(t)
			corpus.WriteString("\n")
		}
	}
	text := corpus.String()
	gf := glossaryFile{ids: map[string]string{}}
	for _, key := range d.recordKeys() {
		var recs []map[string]any
		seen := map[string]bool{}
		add := func(r map[string]any) error {
			id, err := recordIdentity(key, r)
			if err != nil {
				return err
			}
			if seen[id] || dropped[id] {
				return nil
			}
			seen[id] = true
			gf.ids[recordKey(key, len(recs))] = id
			recs = append(recs, r)
			return nil
		}
		for _, rec := range d.records(key) {
			if pid, ok := rec["paragraph"].(string); ok {
				for _, p := range plans {
					if _, known := p.src.byID[pid]; !known {
						continue
					}
					for _, in := range p.instances() {
						if in.src.id == pid {
							r := deepCopy(rec).(map[string]any)
							r["paragraph"] = in.id
							if err := add(r); err != nil {
								return err
							}
						}
					}
				}
				continue
			}
			if zh, ok := rec["zh"].(string); ok && !strings.Contains(text, zh) {
				continue
			}
			if err := add(rec); err != nil {
				return err
			}
		}
		d[key] = recs
	}
	if gf.enc, err = encodeTOML(d); err != nil {
		return err
	}
	if g.written == nil {
		g.written = map[string]glossaryFile{}
	}
	g.written[root] = gf
	return os.WriteFile(filepath.Join(root, "data", "glossary.toml"), gf.enc.data, 0o644)
}

// recordIdentity names a record by its content.
func recordIdentity(key string, r map[string]any) (string, error) {
	enc, err := encodeTOML(tomlDoc{key: []map[string]any{r}})
	if err != nil {
		return "", err
	}
	return string(enc.data), nil
}

// glossaryRecordAt returns the identity of the glossary record written
// under root that holds line.
func (g *generator) glossaryRecordAt(root string, line int) (string, bool) {
	gf, ok := g.written[root]
	if !ok {
		return "", false
	}
	ref, ok := gf.enc.recordAt(line)
	if !ok {
		return "", false
	}
	id, ok := gf.ids[recordKey(ref.key, ref.index)]
	return id, ok
}

// placeGlossary drops the glossary records the whole archive's check
// refuses (a term that occurs in no report after all, an exception that
// exempts nothing); any other error is the generator's fault.
func (g *generator) placeGlossary(root string, loadErr error, plans []*plan, outs []*reportFiles, dropped map[string]bool) (bool, error) {
	var list srcpos.List
	list.Append(loadErr)
	glossary := filepath.Join(root, "data", "glossary.toml")
	more := false
	for _, e := range list {
		if filepath.Clean(e.Pos.File) != filepath.Clean(glossary) {
			return false, fmt.Errorf("the generated archive does not load: %w", loadErr)
		}
		id, ok := g.glossaryRecordAt(root, e.Pos.Line)
		if !ok {
			return false, fmt.Errorf("the generated archive does not load: %w", loadErr)
		}
		if !dropped[id] {
			dropped[id] = true
			more = true
		}
	}
	return more, nil
}
