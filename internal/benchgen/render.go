package benchgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"

	"reportsite/internal/content"
	"reportsite/internal/dataset"
	"reportsite/internal/export"
	"reportsite/internal/reportimport"
	"reportsite/internal/tomldata"
)

// reportFiles is one generated report: its files (paths relative to the
// project root, slash-separated) and what is needed to place the build's
// errors on the instances and records they concern.
type reportFiles struct {
	files map[string][]byte
	// blocks: per content file, the lines of each paragraph.
	blocks map[string][]blockLines
	// records: per data file, the source record of each written one.
	records map[string]writtenRecords
	// corpus is every Chinese text of the report (paragraphs, headings,
	// titles), to keep the glossary terms that occur in it.
	corpus []string
	// droppedRecords counts the records of generic data files left out.
	droppedRecords int
}

type blockLines struct {
	first, last int // the {#id} line to the last line of text
	in          *instance
}

// writtenRecords maps the records of an encoded data file back to what
// they came from: an instance (indicators, numerals) or a source record.
type writtenRecords struct {
	enc       encodedTOML
	instances map[string]*instance // "key#n" of the written record
	sources   map[string]string    // "key#n" written → "key#n" in the source file
	ids       map[string]string    // "key\x00id" of a written record → "key#n" in the source file
	// members are, per source record, the instances whose figures it
	// names (the first instance of each figure's paragraph).
	members map[string][]*instance
}

// byID returns the source record of the written record of key with id.
func (w writtenRecords) byID(key, id string) (string, bool) {
	s, ok := w.ids[key+"\x00"+id]
	return s, ok
}

// refusal says that an instance cannot keep a variation; the generator
// reverts it (plan.revert) and renders the report again.
type refusal struct {
	in  *instance
	why string
}

func (r *refusal) Error() string { return r.why }

func recordKey(key string, n int) string { return key + "#" + strconv.Itoa(n) }

// render writes the report of p.
func (g *generator) render(p *plan) (*reportFiles, error) {
	rf := &reportFiles{files: map[string][]byte{}, blocks: map[string][]blockLines{}, records: map[string]writtenRecords{}}
	for li, kl := range kindedLists(p.tree) {
		*kl.list = (*kl.list)[:0]
		for _, in := range p.lists[li] {
			*kl.list = append(*kl.list, reportimport.Paragraph{Text: p.zh(in)})
		}
	}
	seedName := p.id + ".txt"
	seedPath := path.Join("seeds", seedName)
	seed := writeSeed(p.tree, rand.New(rand.NewPCG(p.seedA, p.seedB)))
	rf.files[seedPath] = seed
	corr, err := reportimportCorrections(p.src)
	if err != nil {
		return nil, err
	}
	tree, err := reportimport.Parse(seedPath, seed, corr)
	if err != nil {
		return nil, fmt.Errorf("report %s: the generated text does not import: %w", p.id, err)
	}
	secs := reportimport.Sections(tree, nil)
	// The importer must read back the paragraphs as planned.
	var texts []string
	for _, l := range paragraphLists(tree) {
		for _, para := range *l {
			texts = append(texts, para.Text)
		}
	}
	insts := p.instances()
	var ids []string
	for _, s := range secs {
		for _, b := range s.Paragraphs() {
			ids = append(ids, b.ID)
		}
	}
	if len(texts) != len(insts) || len(ids) != len(insts) {
		return nil, fmt.Errorf("report %s: the generated text imports as %d paragraphs, %d planned", p.id, len(texts), len(insts))
	}
	for i, in := range insts {
		if texts[i] != p.zh(in) {
			return nil, fmt.Errorf("report %s: paragraph %d imports as %q, planned %q", p.id, i+1, texts[i], p.zh(in))
		}
		in.id = ids[i]
		rf.corpus = append(rf.corpus, texts[i])
	}
	if err := g.renderContent(p, rf, secs); err != nil {
		return nil, err
	}
	if err := g.renderData(p, rf, seedName); err != nil {
		return nil, err
	}
	return rf, nil
}

func reportimportCorrections(src *srcReport) ([]reportimport.Correction, error) {
	return reportimport.ReadCorrections(path.Join(src.meta.Dir, "corrections.toml"))
}

// renderContent writes the Chinese content as the importer made it and
// the English aligned to it: the source's English titles and headings,
// each paragraph's English with the same digits substituted.
func (g *generator) renderContent(p *plan, rf *reportFiles, secs []*content.Section) error {
	byID := map[string]*instance{}
	for _, in := range p.instances() {
		byID[in.id] = in
	}
	for _, s := range secs {
		rf.corpus = append(rf.corpus, s.Title)
		es, ok := p.src.enSections[s.Slug]
		if !ok {
			return fmt.Errorf("report %s: the source has no English page %s", p.id, s.Slug)
		}
		en := &content.Section{Kind: s.Kind, Part: s.Part, Number: s.Number, Title: es.Title, Order: s.Order}
		for _, b := range s.Blocks {
			switch b.Kind {
			case content.Sections:
				en.Blocks = append(en.Blocks, b)
			case content.Item:
				rf.corpus = append(rf.corpus, b.Markdown)
				eb, ok := findBlock(es, b.ID)
				if !ok {
					return fmt.Errorf("report %s: the source's English page %s has no item %s", p.id, s.Slug, b.ID)
				}
				en.Blocks = append(en.Blocks, content.Block{Kind: content.Item, ID: b.ID, Markdown: eb.Markdown})
			default:
				en.Blocks = append(en.Blocks, content.Block{Kind: content.Paragraph, ID: b.ID, Markdown: p.enMarkdown(byID[b.ID])})
			}
		}
		for lang, sec := range map[string]*content.Section{"zh": s, "en": en} {
			name := path.Join("content", p.id, lang, s.Slug+".md")
			data := content.Format(sec)
			rf.files[name] = data
			parsed, err := content.ParseSection(name, data)
			if err != nil {
				return fmt.Errorf("report %s: generated %s does not parse: %w", p.id, name, err)
			}
			for _, b := range parsed.Blocks {
				if b.Kind == content.Paragraph {
					rf.blocks[name] = append(rf.blocks[name], blockLines{first: b.Line - 1, last: b.Line + strings.Count(b.Markdown, "\n"), in: byID[b.ID]})
				}
			}
		}
	}
	return nil
}

func findBlock(s *content.Section, id string) (content.Block, bool) {
	for _, b := range s.Blocks {
		if b.ID == id {
			return b, true
		}
	}
	return content.Block{}, false
}

// renderData writes data/<report>/: the indicators and numerals of each
// instance, the report's metadata, a changelog whose fingerprint matches,
// the corrections as they are, and every other file with its paragraph
// ids rewritten and the records that name a left-out figure dropped.
func (g *generator) renderData(p *plan, rf *reportFiles, seedName string) error {
	dir := path.Join("data", p.id)
	byPara := map[string][]*instance{}
	for _, in := range p.instances() {
		byPara[in.src.id] = append(byPara[in.src.id], in)
	}
	droppedFigures := map[string]bool{}
	figureParagraph := map[string]string{} // source indicator id → source paragraph id
	var changelog []byte
	for _, name := range p.src.dataFiles {
		src, err := readFile(path.Join(p.src.meta.Dir, name))
		if err != nil {
			return err
		}
		out := path.Join(dir, name)
		switch {
		case name == "corrections.toml" || !strings.HasSuffix(name, ".toml"):
			rf.files[out] = src
		case name == "report.toml":
			d, err := decodeTOML(out, src)
			if err != nil {
				return err
			}
			d["seed"] = seedName
			tag := fmt.Sprintf("S%03d", p.index+1)
			d["title_zh"] = fmt.Sprint(d["title_zh"]) + "（基准样本 " + tag + "）"
			if t, ok := d["title_en"].(string); ok && t != "" {
				d["title_en"] = t + " (benchmark sample " + tag + ")"
			}
			rf.corpus = append(rf.corpus, d["title_zh"].(string))
			enc, err := encodeTOML(d)
			if err != nil {
				return err
			}
			rf.files[out] = enc.data
		case name == dataset.IndicatorsFile || name == dataset.NamesFile:
			d, err := decodeTOML(out, src)
			if err != nil {
				return err
			}
			wr := writtenRecords{instances: map[string]*instance{}}
			for _, key := range d.recordKeys() {
				var recs []map[string]any
				for _, rec := range d.records(key) {
					pid, _ := rec["paragraph"].(string)
					if id, ok := rec["id"].(string); ok && name == dataset.IndicatorsFile {
						figureParagraph[id] = pid
					}
					insts := byPara[pid]
					if len(insts) == 0 {
						if id, ok := rec["id"].(string); ok && name == dataset.IndicatorsFile {
							droppedFigures[id] = true
						}
						continue
					}
					for _, in := range insts {
						r := deepCopy(rec).(map[string]any)
						r["paragraph"] = in.id
						if id, ok := r["id"].(string); ok && in.copy > 1 {
							r["id"] = fmt.Sprintf("%s-dup%d", id, in.copy)
						}
						if name == dataset.IndicatorsFile && p.substituted(in) {
							if err := substituteFigure(r, in.src.zh, p.zh(in), p.digits); err != nil {
								return &refusal{in, err.Error()}
							}
						}
						wr.instances[recordKey(key, len(recs))] = in
						recs = append(recs, r)
					}
				}
				d[key] = recs
			}
			if wr.enc, err = encodeTOML(d); err != nil {
				return err
			}
			rf.files[out], rf.records[out] = wr.enc.data, wr
		case name == "changelog.toml":
			changelog = src // needs the indicators: below
		}
	}
	// Generic files, after the indicators: records naming a left-out
	// figure are dropped.
	for _, name := range p.src.dataFiles {
		out := path.Join(dir, name)
		if _, done := rf.files[out]; done || !strings.HasSuffix(name, ".toml") || name == "changelog.toml" {
			continue
		}
		src, err := readFile(path.Join(p.src.meta.Dir, name))
		if err != nil {
			return err
		}
		d, err := decodeTOML(out, src)
		if err != nil {
			return err
		}
		rewrite := p.remapper(byPara, droppedFigures)
		wr := writtenRecords{sources: map[string]string{}, ids: map[string]string{}, members: map[string][]*instance{}}
		for _, key := range d.recordKeys() {
			var recs []map[string]any
			for i, rec := range d.records(key) {
				remapStrings(deepCopy(rec), func(s string) (string, remap) {
					if pid, ok := figureParagraph[s]; ok && len(byPara[pid]) > 0 {
						wr.members[recordKey(key, i)] = append(wr.members[recordKey(key, i)], byPara[pid][0])
					}
					return s, keep
				})
				if p.dropped[name][recordKey(key, i)] {
					rf.droppedRecords++
					continue
				}
				r, ok := remapStrings(deepCopy(rec), rewrite)
				if !ok {
					rf.droppedRecords++
					continue
				}
				wr.sources[recordKey(key, len(recs))] = recordKey(key, i)
				if id, ok := rec["id"].(string); ok {
					wr.ids[key+"\x00"+id] = recordKey(key, i)
				}
				recs = append(recs, r.(map[string]any))
			}
			d[key] = recs
		}
		if wr.enc, err = encodeTOML(d); err != nil {
			return err
		}
		rf.files[out], rf.records[out] = wr.enc.data, wr
	}
	if changelog != nil {
		out := path.Join(dir, "changelog.toml")
		data, err := g.changelog(out, changelog, rf.files[path.Join(dir, dataset.IndicatorsFile)])
		if err != nil {
			return err
		}
		rf.files[out] = data
	}
	return nil
}

// remapper rewrites a source paragraph id to the id of its first instance
// (removing it when the paragraph was left out) and drops what names a
// left-out figure.
func (p *plan) remapper(byPara map[string][]*instance, droppedFigures map[string]bool) func(string) (string, remap) {
	return func(s string) (string, remap) {
		if droppedFigures[s] {
			return s, dropRecord
		}
		if _, isPara := p.src.byID[s]; isPara {
			if insts := byPara[s]; len(insts) > 0 {
				return insts[0].id, keep
			}
			return s, removeElem
		}
		return s, keep
	}
}

// changelog keeps the first published version, without changes, with the
// fingerprint of the generated indicators.
func (g *generator) changelog(name string, src, indicators []byte) ([]byte, error) {
	d, err := decodeTOML(name, src)
	if err != nil {
		return nil, err
	}
	versions := d.records("version")
	if len(versions) == 0 {
		return src, nil
	}
	first := versions[0]
	delete(first, "change")
	var f dataset.File
	if _, err := tomldata.Decode(name, indicators, 0, &f); err != nil {
		return nil, err
	}
	first["fingerprint"] = export.Fingerprint(f.Indicators)
	d["version"] = []map[string]any{first}
	enc, err := encodeTOML(d)
	return enc.data, err
}

// substituteFigure rewrites an indicator whose paragraph's digits were
// substituted: its quote is the same span of the new text, its value_text
// and base_text the same spans of the quote, its values read from them
// (with their signs), and its target mapped digit by digit.
func substituteFigure(r map[string]any, oldText, newText string, m digitMap) error {
	quote, _ := r["quote"].(string)
	if quote == "" {
		return fmt.Errorf("no quote")
	}
	at := strings.Index(oldText, quote)
	if at < 0 || strings.Count(oldText, quote) != 1 {
		return fmt.Errorf("quote %q is not once in the text", quote)
	}
	newQuote := newText[at : at+len(quote)]
	if strings.Count(newText, newQuote) != 1 {
		return fmt.Errorf("the substituted quote %q is not once in the text", newQuote)
	}
	r["quote"] = newQuote
	valueAt := -1
	for _, f := range []struct{ text, value string }{{"value_text", "value"}, {"base_text", "base"}} {
		written, ok := r[f.text].(string)
		if !ok || written == "" {
			continue
		}
		offs := wholeOccurrences(quote, written)
		if f.text == "base_text" && written == r["value_text"] {
			offs = removeInt(offs, valueAt)
		}
		if len(offs) != 1 {
			return fmt.Errorf("%s %q is not once in the quote", f.text, written)
		}
		if f.text == "value_text" {
			valueAt = offs[0]
		}
		nw := newQuote[offs[0] : offs[0]+len(written)]
		v, err := strconv.ParseFloat(nw, 64)
		if err != nil {
			return err
		}
		old, ok := number(r[f.value])
		if !ok {
			return fmt.Errorf("%s is not a number", f.value)
		}
		r[f.text], r[f.value] = nw, math.Copysign(v, old)
	}
	if t, ok := number(r["target"]); ok {
		v, err := strconv.ParseFloat(m.mapNumberText(strconv.FormatFloat(math.Abs(t), 'f', -1, 64)), 64)
		if err != nil {
			return err
		}
		r["target"] = math.Copysign(v, t)
	}
	return nil
}

// wholeOccurrences returns the offsets at which num occurs in s, not as
// part of a longer number (the dataset's own rule).
func wholeOccurrences(s, num string) []int {
	var out []int
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for from := 0; num != ""; {
		k := strings.Index(s[from:], num)
		if k < 0 {
			break
		}
		i, j := from+k, from+k+len(num)
		whole := !(i > 0 && (isDigit(s[i-1]) || (s[i-1] == '.' || s[i-1] == ',') && i > 1 && isDigit(s[i-2]))) &&
			!(j < len(s) && (isDigit(s[j]) || (s[j] == '.' || s[j] == ',') && j+1 < len(s) && isDigit(s[j+1])))
		if whole {
			out = append(out, i)
		}
		from = i + 1
	}
	return out
}

func removeInt(xs []int, x int) []int {
	var out []int
	for _, v := range xs {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}
