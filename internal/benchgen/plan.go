package benchgen

import (
	"fmt"
	"math/rand/v2"
	"path"

	"reportsite/internal/dataset"

	"reportsite/internal/quantity"
	"reportsite/internal/reportimport"
)

// instance is one paragraph of a generated report: a paragraph of the
// source, possibly repeated, with or without the digit substitution.
type instance struct {
	src   *srcPara
	copy  int  // 1 for the first instance of src, 2… for repeats
	subst bool // the report's digit map applies (see digits.go)
	list  int  // index of its paragraph list (paragraphLists order)

	id string // assigned by the importer from the generated seed
}

// plan is one generated report before it is written.
type plan struct {
	src    *srcReport
	id     string
	index  int // 0-based position in the archive
	digits digitMap
	// seedA and seedB seed the typing quirks of the report's text, the
	// same on every render.
	seedA, seedB uint64
	tree         *reportimport.Report
	lists        [][]*instance // parallel to paragraphLists(tree)

	// texts caches the substituted texts of each source paragraph.
	texts map[*srcPara]substituted
	// dropped records of the generic data files, by file name and
	// source record ("relation#3"), after the checks refused them.
	dropped map[string]map[string]bool
}

// substituted is a source paragraph with the report's digit map applied.
type substituted struct {
	zh, enText, enMarkdown string
	ok                     bool // the substitution keeps every check of the pair sound
}

// Variation rates, per paragraph list and paragraph.
const (
	dropRate     = 0.10 // a paragraph is left out
	repeatRate   = 0.06 // a paragraph is repeated
	shuffleOneIn = 4    // a list's paragraphs are put in another order
)

// newPlan varies the structure of src: paragraphs left out, repeated and
// reordered within their subsection or item. Headings are kept, so the
// numbering of parts, subsections and items (and the English headings)
// stay aligned. A part's closing paragraphs are kept as they are: a
// correction names the first of them.
func newPlan(src *srcReport, id string, index int, rng *rand.Rand) *plan {
	p := &plan{src: src, id: id, index: index, digits: newDigitMap(rng), texts: map[*srcPara]substituted{},
		dropped: map[string]map[string]bool{}}
	p.seedA, p.seedB = rng.Uint64(), rng.Uint64()
	p.tree = cloneTree(src.tree)
	copies := map[*srcPara]int{}
	next := 0
	for li, kl := range kindedLists(p.tree) {
		n := len(*kl.list)
		srcs := src.paragraphs[next : next+n]
		next += n
		var insts []*instance
		add := func(sp *srcPara) {
			copies[sp]++
			insts = append(insts, &instance{src: sp, copy: copies[sp], subst: true, list: li})
		}
		if kl.closing || n < 2 {
			for _, sp := range srcs {
				add(sp)
			}
			p.lists = append(p.lists, insts)
			continue
		}
		for i, sp := range srcs {
			switch roll := rng.Float64(); {
			case roll < dropRate && !(i == n-1 && len(insts) == 0):
				// left out (but never every paragraph of the list)
			case roll < dropRate+repeatRate && sp.endsSen:
				add(sp)
				add(sp) // a repeat must not be joined to what precedes it
			default:
				add(sp)
			}
		}
		allEnd := true
		for _, in := range insts {
			allEnd = allEnd && in.src.endsSen
		}
		if allEnd && len(insts) > 1 && rng.IntN(shuffleOneIn) == 0 {
			rng.Shuffle(len(insts), func(i, j int) { insts[i], insts[j] = insts[j], insts[i] })
		}
		p.lists = append(p.lists, insts)
	}
	return p
}

type kindedList struct {
	list    *[]reportimport.Paragraph
	closing bool
}

// kindedLists is paragraphLists with the closing lists marked.
func kindedLists(r *reportimport.Report) []kindedList {
	var out []kindedList
	closing := map[*[]reportimport.Paragraph]bool{}
	for _, pt := range r.Parts {
		closing[&pt.Closing] = true
	}
	for _, l := range paragraphLists(r) {
		out = append(out, kindedList{l, closing[l]})
	}
	return out
}

func cloneTree(r *reportimport.Report) *reportimport.Report {
	c := *r
	c.Preamble = append([]reportimport.Paragraph(nil), r.Preamble...)
	c.Notes = nil
	c.Parts = nil
	for _, pt := range r.Parts {
		np := *pt
		np.Intro = append([]reportimport.Paragraph(nil), pt.Intro...)
		np.Closing = append([]reportimport.Paragraph(nil), pt.Closing...)
		np.Sections = nil
		for _, s := range pt.Sections {
			ns := *s
			ns.Paragraphs = append([]reportimport.Paragraph(nil), s.Paragraphs...)
			ns.Items = nil
			for _, it := range s.Items {
				ni := *it
				ni.Paragraphs = append([]reportimport.Paragraph(nil), it.Paragraphs...)
				ns.Items = append(ns.Items, &ni)
			}
			np.Sections = append(np.Sections, &ns)
		}
		c.Parts = append(c.Parts, &np)
	}
	return &c
}

// instances returns every instance in content order.
func (p *plan) instances() []*instance {
	var out []*instance
	for _, l := range p.lists {
		out = append(out, l...)
	}
	return out
}

// substitution returns the substituted texts of a source paragraph. It is
// refused (ok false) when the English does not hold the same digits as
// its Markdown, or when the numbers check of the pair would fail: an
// "about" figure that is a rounding of the Chinese, say, is no longer one
// once its digits change.
func (p *plan) substitution(sp *srcPara) substituted {
	if s, ok := p.texts[sp]; ok {
		return s
	}
	s := p.substitute(sp)
	p.texts[sp] = s
	return s
}

func (p *plan) substitute(sp *srcPara) substituted {
	decls := p.src.names.For(sp.id)
	zhNums, _ := quantity.ApplyNames(sp.zh, quantity.ScanZh(sp.zh), decls, false)
	enNums, _ := quantity.ApplyNames(sp.en.Text, quantity.ScanEn(sp.en.Text), decls, true)
	s := substituted{zh: p.digits.applyMask(sp.zh, quantityMask(sp.zh, zhNums))}
	enMask := digitIndexMask(sp.en.Text, quantityMask(sp.en.Text, enNums))
	s.enText = p.digits.applyByIndex(sp.en.Text, enMask)
	s.enMarkdown = p.digits.applyByIndex(sp.en.Markdown, enMask)
	if !equalInts(digitSequence(sp.en.Text), digitSequence(sp.en.Markdown)) {
		return s // not ok: the mask of the plain text cannot be carried to the Markdown
	}
	zn, zp := quantity.ApplyNames(s.zh, quantity.ScanZh(s.zh), decls, false)
	en, ep := quantity.ApplyNames(s.enText, quantity.ScanEn(s.enText), decls, true)
	s.ok = len(zp) == 0 && len(ep) == 0 && len(quantity.Compare(zn, en)) == 0
	return s
}

// zh returns the Chinese text of an instance.
func (p *plan) zh(in *instance) string {
	if in.subst {
		if s := p.substitution(in.src); s.ok {
			return s.zh
		}
	}
	return in.src.zh
}

// enMarkdown returns the English Markdown of an instance.
func (p *plan) enMarkdown(in *instance) string {
	if in.subst {
		if s := p.substitution(in.src); s.ok {
			return s.enMarkdown
		}
	}
	return in.src.en.Markdown
}

// substituted reports whether the instance's digits differ from the source.
func (p *plan) substituted(in *instance) bool {
	return in.subst && p.substitution(in.src).ok
}

// revert gives up a variation of in after a check refused it: first the
// digit substitution, then a repeat. A paragraph that fails unchanged is
// a fault of the generator.
func (p *plan) revert(in *instance, why string) error {
	switch {
	case p.substituted(in):
		in.subst = false
	case in.copy > 1:
		l := p.lists[in.list]
		for i, x := range l {
			if x == in {
				p.lists[in.list] = append(l[:i:i], l[i+1:]...)
				break
			}
		}
	default:
		return fmt.Errorf("report %s: paragraph %s (from %s) fails the checks even unchanged: %s", p.id, in.id, in.src.id, why)
	}
	return nil
}

// revertSubstitutions gives up the digit substitution of the instances
// whose figures a chart or relation names, so that it holds as in the
// source; it reports whether there was any to give up.
func (p *plan) revertSubstitutions(ins []*instance, acted map[*instance]bool) bool {
	reverted := false
	for _, in := range ins {
		if p.substituted(in) && !acted[in] {
			acted[in] = true
			in.subst = false
			reverted = true
		}
	}
	return reverted
}

// drop leaves out a record of a generic data file ("relation#3").
func (p *plan) drop(file, record string) {
	if p.dropped[file] == nil {
		p.dropped[file] = map[string]bool{}
	}
	p.dropped[file][record] = true
}

type planStats struct {
	paragraphs, left, repeats, changed, kept, indicators, dropped int
}

func (p *plan) stats(rf *reportFiles) planStats {
	st := planStats{dropped: rf.droppedRecords}
	present := map[*srcPara]bool{}
	for _, in := range p.instances() {
		st.paragraphs++
		present[in.src] = true
		if in.copy > 1 {
			st.repeats++
		}
		s := p.substitution(in.src)
		if s.zh != in.src.zh || s.enMarkdown != in.src.en.Markdown {
			if p.substituted(in) {
				st.changed++
			} else {
				st.kept++
			}
		}
	}
	st.left = len(p.src.paragraphs) - len(present)
	for name, wr := range rf.records {
		if path.Base(name) == dataset.IndicatorsFile {
			st.indicators = len(wr.instances)
		}
	}
	return st
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
