package dataset

import (
	"strings"

	"reportsite/internal/tomldata"
)

// Candidate is a relation the figures suggest: parts in one paragraph that
// add up to a stated total within rounding, a share equal to part/total,
// a structure adding up to 100, a series stated twice. Candidates are
// listed until each is declared in relations.toml or dismissed there with
// a reason.
type Candidate struct {
	Relation
	Paragraph string
}

// maxParts bounds the size of the part sets tried: sums in reports have
// few named parts, and larger sets only find coincidences.
const maxParts = 4

// DetectRelations finds the candidate relations of a dataset, in a stable
// order.
func DetectRelations(d *Dataset) []*Candidate {
	var out []*Candidate
	for _, p := range d.Paragraphs {
		inds := d.InParagraph(p.ID)
		out = append(out, detectSums(d, p.ID, inds)...)
		out = append(out, detectShares(d, p.ID, inds)...)
		out = append(out, detectRatios(d, p.ID, inds)...)
	}
	out = append(out, detectRepeats(d)...)
	for _, c := range out {
		d.compute(&c.Relation)
	}
	return out
}

// summable are the kinds a sum can be made of.
var summable = map[string]bool{"level": true, "count": true, "change": true, "target": true}

func exact(in *Indicator) bool {
	return !in.HasFlag("approximate") && !in.HasFlag("lower_bound") && !in.HasFlag("upper_bound")
}

func detectSums(d *Dataset, para string, inds []*Indicator) []*Candidate {
	var out []*Candidate
	for _, total := range inds {
		if !summable[total.Kind] || !exact(total) {
			continue
		}
		var pool []*Indicator
		for _, in := range inds {
			if in != total && in.Kind == total.Kind && exact(in) && unitBase(in.Unit) == unitBase(total.Unit) &&
				in.Value > 0 && in.Value*in.Multiplier < total.Value*total.Multiplier {
				pool = append(pool, in)
			}
		}
		subsets(len(pool), maxParts, func(idx []int) {
			if len(idx) < 2 {
				return
			}
			var s Interval
			parts := make([]string, len(idx))
			for i, k := range idx {
				s = s.add(iv(pool[k]))
				parts[i] = pool[k].ID
			}
			if s.overlaps(iv(total)) {
				out = append(out, &Candidate{Relation{Type: "sum", Total: total.ID, Parts: parts}, para})
			}
		})
	}
	return out
}

// subsets calls f with every subset of {0..n-1} of size at most k, in
// lexicographic order.
func subsets(n, k int, f func([]int)) {
	var cur []int
	var rec func(start int)
	rec = func(start int) {
		f(cur)
		if len(cur) == k {
			return
		}
		for i := start; i < n; i++ {
			cur = append(cur, i)
			rec(i + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(0)
}

// shareKinds are the percentages that can be a part over a total.
var shareKinds = map[string]bool{"share_pct": true, "rate": true, "completion_pct": true}

func detectShares(d *Dataset, para string, inds []*Indicator) []*Candidate {
	var out []*Candidate
	for _, s := range inds {
		if !shareKinds[s.Kind] || !exact(s) {
			continue
		}
		for _, part := range inds {
			for _, total := range inds {
				if part == total || !summable[part.Kind] || !summable[total.Kind] || !exact(part) || !exact(total) ||
					unitBase(part.Unit) != unitBase(total.Unit) || part.Value <= 0 || total.Value <= 0 {
					continue
				}
				q, ok := iv(part).div(iv(total))
				if !ok || !q.scale(100).overlaps(iv(s)) {
					continue
				}
				r := Relation{Type: "share", Share: s.ID, Part: part.ID, Total: total.ID}
				if s.Kind == "completion_pct" {
					r = Relation{Type: "completion", Rate: s.ID, Done: part.ID, Target: total.ID}
				}
				out = append(out, &Candidate{r, para})
			}
		}
	}
	return out
}

func detectRatios(d *Dataset, para string, inds []*Indicator) []*Candidate {
	var parts []string
	var s Interval
	for _, in := range inds {
		if in.Kind == "ratio_part" {
			parts = append(parts, in.ID)
			s = s.add(iv(in))
		}
	}
	if len(parts) >= 2 && s.contains(100) {
		return []*Candidate{{Relation{Type: "ratio_sum", Parts: parts}, para}}
	}
	return nil
}

// detectRepeats finds a series stated more than once for the same period.
func detectRepeats(d *Dataset) []*Candidate {
	groups := map[string][]string{}
	var keys []string
	for _, in := range d.Indicators {
		k := in.Series + "@" + in.Period
		if len(groups[k]) == 0 {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], in.ID)
	}
	var out []*Candidate
	for _, k := range keys {
		if ids := groups[k]; len(ids) >= 2 {
			out = append(out, &Candidate{Relation{Type: "equal", IDs: ids}, d.byID[ids[0]].Paragraph})
		}
	}
	return out
}

// undeclared keeps the candidates that are neither declared nor dismissed.
func (d *Dataset) undeclared(cands []*Candidate) []*Candidate {
	known := map[string]bool{}
	for _, r := range d.Relations {
		known[r.key()] = true
	}
	for _, x := range d.Dismissed {
		known[x.key()] = true
	}
	var out []*Candidate
	for _, c := range cands {
		if !known[c.key()] {
			out = append(out, c)
		}
	}
	return out
}

// TOML writes the candidate as a declaration ready to paste into
// relations.toml.
func (c *Candidate) TOML() string {
	var b strings.Builder
	b.WriteString("[[relation]]\n")
	b.WriteString("id = " + tomldata.Quote(c.suggestedID()) + "\n")
	b.WriteString("type = " + tomldata.Quote(c.Type) + "\n")
	f := c.fields()
	for _, name := range RelationTypes[c.Type].Fields {
		v := f[name]
		switch name {
		case "parts", "ids", "part_growths":
			q := make([]string, len(v))
			for i, s := range v {
				q[i] = tomldata.Quote(s)
			}
			b.WriteString(name + " = [" + strings.Join(q, ", ") + "]\n")
		default:
			b.WriteString(name + " = " + tomldata.Quote(v[0]) + "\n")
		}
	}
	b.WriteString("# " + c.En + "\n")
	return b.String()
}

func (c *Candidate) suggestedID() string {
	m := c.Members()
	return m[0] + "-" + strings.ReplaceAll(c.Type, "_", "-")
}
