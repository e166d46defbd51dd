package dataset

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Relation is an arithmetic relation between figures of the report,
// declared in data/<report>/relations.toml and checked at build time within
// the report's own rounding (see Interval):
//
//	[[relation]]
//	id = "budget-revenue-parts"     # stable, unique
//	type = "sum"                    # see RelationTypes
//	total = "budget-revenue"        # the fields the type needs, by indicator id
//	parts = ["tax-revenue", "nontax-revenue"]
//	note = "…"                      # optional
//
// Types and their fields:
//
//	sum          total = Σ parts
//	part_of      Σ parts ≤ total (parts named within a total: 其中…)
//	ratio_sum    Σ parts = 100 (a structure 1.9：49.6：48.5)
//	share        share = part / total × 100
//	completion   rate = done / target × 100
//	change       change = after − before
//	equal        every figure of ids states the same value
//	growth_sum   total_growth = growth of Σ parts, each part's base being
//	             part / (1 + part_growth/100): the growth rates of the parts
//	             agree with the growth of the total
//	integer_base count / (1 + growth/100) allows a whole number: a count's
//	             growth rate implies a base that can exist
//	integer_share share/100 × total allows a whole number: 66.7% of 6
//	             sections is 4 of them
//
// A relation that does not hold is not an error: the report says what it
// says. It is kept with Holds false and becomes a note on each indicator
// involved. A relation that names an unknown indicator, lacks a field or
// mixes units is an error.
type Relation struct {
	ID          string   `toml:"id" json:"id"`
	Type        string   `toml:"type" json:"type"`
	Total       string   `toml:"total" json:"total,omitempty"`
	Parts       []string `toml:"parts" json:"parts,omitempty"`
	Part        string   `toml:"part" json:"part,omitempty"`
	Share       string   `toml:"share" json:"share,omitempty"`
	Rate        string   `toml:"rate" json:"rate,omitempty"`
	Done        string   `toml:"done" json:"done,omitempty"`
	Target      string   `toml:"target" json:"target,omitempty"`
	Before      string   `toml:"before" json:"before,omitempty"`
	After       string   `toml:"after" json:"after,omitempty"`
	Change      string   `toml:"change" json:"change,omitempty"`
	IDs         []string `toml:"ids" json:"ids,omitempty"`
	TotalGrowth string   `toml:"total_growth" json:"total_growth,omitempty"`
	PartGrowths []string `toml:"part_growths" json:"part_growths,omitempty"`
	Count       string   `toml:"count" json:"count,omitempty"`
	Growth      string   `toml:"growth" json:"growth,omitempty"`
	Note        string   `toml:"note" json:"note,omitempty"`

	Pos srcpos.Pos `toml:"-" json:"-"`

	// The result of the check, set by Open.
	Holds    bool     `toml:"-" json:"holds"`
	Computed Interval `toml:"-" json:"-"`  // what the other figures give, in the unit of the stated one
	Stated   Interval `toml:"-" json:"-"`  // what the stated figure allows
	En       string   `toml:"-" json:"en"` // the computation in words
	Zh       string   `toml:"-" json:"zh"`
}

// Dismissal is a relation the detector proposes that is not one (a
// coincidence of figures), declared in relations.toml as [[dismissed]]
// with the same fields as a relation and a reason, so that the list of
// undeclared candidates stays empty and meaningful.
type Dismissal struct {
	Relation
	Reason string `toml:"reason" json:"reason"`
}

// RelationTypes are the relation types with the fields each needs and its
// meaning in both languages.
var RelationTypes = map[string]struct {
	Fields []string
	Zh, En string
}{
	"sum":           {[]string{"total", "parts"}, "总量等于各分项之和", "the total equals the sum of its parts"},
	"part_of":       {[]string{"total", "parts"}, "分项之和不超过总量", "the parts named add up to no more than the total"},
	"ratio_sum":     {[]string{"parts"}, "结构比例之和为100", "the terms of a structure add up to 100"},
	"share":         {[]string{"share", "part", "total"}, "占比等于部分除以总量", "the share equals the part divided by the total"},
	"completion":    {[]string{"rate", "done", "target"}, "完成率等于完成数除以目标数", "the completion rate equals what was done divided by the target"},
	"change":        {[]string{"change", "before", "after"}, "变化量等于前后之差", "the change equals the difference between after and before"},
	"equal":         {[]string{"ids"}, "同一数据多处表述一致", "the same figure, stated in several places, agrees"},
	"growth_sum":    {[]string{"total", "parts", "total_growth", "part_growths"}, "各分项增速与总量增速一致", "the growth rates of the parts agree with the growth of the total"},
	"integer_base":  {[]string{"count", "growth"}, "数量与增速推算的上年基数为整数", "a count and its growth rate imply a whole-number base"},
	"integer_share": {[]string{"share", "total"}, "占比乘以总数为整数", "a share of a count is a whole number of it"},
}

// relationTypeOrder lists the types in documentation order.
var relationTypeOrder = []string{"sum", "part_of", "ratio_sum", "share", "completion", "change", "equal", "growth_sum", "integer_base", "integer_share"}

// fields returns the relation's indicator-id fields by TOML name, set or not.
func (r *Relation) fields() map[string][]string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return map[string][]string{
		"total": one(r.Total), "parts": r.Parts, "part": one(r.Part), "share": one(r.Share),
		"rate": one(r.Rate), "done": one(r.Done), "target": one(r.Target), "before": one(r.Before),
		"after": one(r.After), "change": one(r.Change), "ids": r.IDs, "total_growth": one(r.TotalGrowth),
		"part_growths": r.PartGrowths, "count": one(r.Count), "growth": one(r.Growth),
	}
}

// Members returns every indicator id the relation names, in field order.
func (r *Relation) Members() []string {
	var out []string
	spec, ok := RelationTypes[r.Type]
	if !ok {
		return nil
	}
	f := r.fields()
	for _, name := range spec.Fields {
		out = append(out, f[name]...)
	}
	return out
}

// key identifies a relation by type and members, whatever their order.
func (r *Relation) key() string {
	m := append([]string(nil), r.Members()...)
	sort.Strings(m)
	return r.Type + ":" + strings.Join(m, ",")
}

// LoadRelations reads relations.toml strictly.
func LoadRelations(path string) ([]*Relation, []*Dismissal, error) {
	var f struct {
		Relations []*Relation  `toml:"relation"`
		Dismissed []*Dismissal `toml:"dismissed"`
	}
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		return nil, nil, err
	}
	positionRecords(path, src, "[[relation]]", len(f.Relations), func(i int, p srcpos.Pos) { f.Relations[i].Pos = p })
	positionRecords(path, src, "[[dismissed]]", len(f.Dismissed), func(i int, p srcpos.Pos) { f.Dismissed[i].Pos = p })
	return f.Relations, f.Dismissed, nil
}

// checkRelations validates the declarations and computes every relation.
func (d *Dataset) checkRelations() srcpos.List {
	var errs srcpos.List
	ids := map[string]srcpos.Pos{}
	for _, r := range d.Relations {
		if r.ID == "" || !idRe.MatchString(r.ID) {
			errs.Addf(r.Pos, nil, "relation id %q: give each relation a stable id of lowercase letters, digits and hyphens", r.ID)
		} else if prev, dup := ids[r.ID]; dup {
			errs.Addf(r.Pos, nil, "duplicate relation id %q (first at %s)", r.ID, prev)
		}
		ids[r.ID] = r.Pos
		if err := d.validateRelation(r); err != nil {
			errs.Add(err)
			continue
		}
		d.compute(r)
		if !r.Holds {
			note := RelationNote{Relation: r.ID, Type: r.Type, En: r.En, Zh: r.Zh}
			for _, id := range uniq(r.Members()) {
				in := d.byID[id]
				in.Notes = append(in.Notes, note)
			}
		}
	}
	keys := map[string]srcpos.Pos{}
	for _, r := range d.Relations {
		if prev, dup := keys[r.key()]; dup {
			errs.Addf(r.Pos, nil, "relation %s repeats the relation declared at %s", r.ID, prev)
		}
		keys[r.key()] = r.Pos
	}
	for _, x := range d.Dismissed {
		if err := d.validateRelation(&x.Relation); err != nil {
			errs.Add(err)
			continue
		}
		if strings.TrimSpace(x.Reason) == "" {
			errs.Addf(x.Pos, nil, "a [[dismissed]] candidate needs reason = \"…\": why these figures are not related")
		}
		if prev, dup := keys[x.key()]; dup {
			errs.Addf(x.Pos, nil, "this dismissal names the relation declared at %s: keep one of them", prev)
		}
	}
	return errs
}

func uniq(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// unitBase strips the magnitude from a unit: 亿元 → 元, 万平方米 → 平方米.
func unitBase(unit string) string {
	for _, m := range magnitudes {
		if strings.HasPrefix(unit, m.prefix) {
			return strings.TrimPrefix(unit, m.prefix)
		}
	}
	return unit
}

// validateRelation checks a declaration: known type, exactly the fields
// the type needs, known indicators, commensurable units, exact figures.
func (d *Dataset) validateRelation(r *Relation) *srcpos.Error {
	spec, ok := RelationTypes[r.Type]
	if !ok {
		return srcpos.Errorf(r.Pos, nil, "relation %s: unknown type %q: use one of %s", r.ID, r.Type, strings.Join(relationTypeOrder, ", "))
	}
	f := r.fields()
	need := map[string]bool{}
	for _, name := range spec.Fields {
		need[name] = true
		if len(f[name]) == 0 {
			return srcpos.Errorf(r.Pos, nil, "relation %s: a %s relation needs %s (fields: %s)", r.ID, r.Type, name, strings.Join(spec.Fields, ", "))
		}
	}
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if len(f[name]) > 0 && !need[name] {
			return srcpos.Errorf(r.Pos, nil, "relation %s: a %s relation has no field %s (fields: %s)", r.ID, r.Type, name, strings.Join(spec.Fields, ", "))
		}
	}
	for _, name := range []string{"parts", "ids"} {
		if need[name] && len(f[name]) < 2 && r.Type != "part_of" {
			return srcpos.Errorf(r.Pos, nil, "relation %s: %s needs at least two indicators", r.ID, name)
		}
	}
	if r.Type == "growth_sum" && len(r.PartGrowths) != len(r.Parts) {
		return srcpos.Errorf(r.Pos, nil, "relation %s: part_growths needs one growth rate per part (%d parts, %d rates)", r.ID, len(r.Parts), len(r.PartGrowths))
	}
	members := r.Members()
	if len(uniq(members)) != len(members) {
		return srcpos.Errorf(r.Pos, nil, "relation %s names an indicator twice", r.ID)
	}
	for _, id := range members {
		in := d.byID[id]
		if in == nil {
			return srcpos.Errorf(r.Pos, nil, "relation %s: no indicator has id %q in %s", r.ID, id, d.File)
		}
		if in.HasFlag("approximate") {
			return srcpos.Errorf(r.Pos, nil, "relation %s: %s is approximate (%s): its rounding is unknown, so it cannot be checked", r.ID, id, in.Quote)
		}
		if (in.HasFlag("lower_bound") || in.HasFlag("upper_bound")) && r.Type != "part_of" {
			return srcpos.Errorf(r.Pos, nil, "relation %s: %s is a bound (%s): only part_of relations can use bounds", r.ID, id, in.Quote)
		}
	}
	same := func(role string, ids ...string) *srcpos.Error {
		first := d.byID[ids[0]]
		for _, id := range ids[1:] {
			if unitBase(d.byID[id].Unit) != unitBase(first.Unit) {
				return srcpos.Errorf(r.Pos, nil, "relation %s: %s mixes units: %s is in %q, %s in %q", r.ID, role, first.ID, first.Unit, id, d.byID[id].Unit)
			}
		}
		return nil
	}
	percent := func(ids ...string) *srcpos.Error {
		for _, id := range ids {
			if u := d.byID[id].Unit; u != "%" {
				return srcpos.Errorf(r.Pos, nil, "relation %s: %s must be a percentage, but its unit is %q", r.ID, id, u)
			}
		}
		return nil
	}
	var err *srcpos.Error
	switch r.Type {
	case "sum", "part_of":
		err = same("total and parts", append([]string{r.Total}, r.Parts...)...)
	case "ratio_sum":
		err = same("the parts", r.Parts...)
	case "share":
		if err = percent(r.Share); err == nil {
			err = same("part and total", r.Part, r.Total)
		}
	case "completion":
		if err = percent(r.Rate); err == nil {
			err = same("done and target", r.Done, r.Target)
		}
	case "change":
		if err = same("before and after", r.Before, r.After); err == nil {
			b, c := unitBase(d.byID[r.Before].Unit), unitBase(d.byID[r.Change].Unit)
			if b != c && !(b == "%" && strings.HasSuffix(c, "百分点")) {
				err = srcpos.Errorf(r.Pos, nil, "relation %s: the change %s is in %q, the levels in %q", r.ID, r.Change, c, b)
			}
		}
	case "equal":
		err = same("ids", r.IDs...)
	case "growth_sum":
		if err = same("total and parts", append([]string{r.Total}, r.Parts...)...); err == nil {
			err = percent(append([]string{r.TotalGrowth}, r.PartGrowths...)...)
		}
	case "integer_base":
		if err = percent(r.Growth); err == nil && !exactCount(d.byID[r.Count]) {
			err = srcpos.Errorf(r.Pos, nil, "relation %s: %s must be a whole count (unit 个, 家, 项… without 万/亿)", r.ID, r.Count)
		}
	case "integer_share":
		if err = percent(r.Share); err == nil && !exactCount(d.byID[r.Total]) {
			err = srcpos.Errorf(r.Pos, nil, "relation %s: %s must be a whole count (unit 个, 家, 项… without 万/亿)", r.ID, r.Total)
		}
	}
	return err
}

// continuousUnits are units of amounts that a report rounds (money, area,
// length, rates); a whole number of anything else (家, 个, 项) is a count,
// exact as written.
var continuousUnits = map[string]bool{"": true, "元": true, "美元": true, "%": true, "个百分点": true, "百分点": true,
	"亩": true, "平方米": true, "平方公里": true, "公顷": true, "方": true, "立方米": true, "公里": true, "米": true,
	"千米": true, "吨": true, "元/月": true, "千瓦": true}

// exactCount reports whether a figure is a count written in full (6168个):
// exact, not rounded.
func exactCount(in *Indicator) bool {
	return in.Multiplier == 1 && in.Decimals == 0 && !continuousUnits[unitBase(in.Unit)]
}

// iv is the interval of an indicator's value in base units.
func iv(in *Indicator) Interval {
	if exactCount(in) && !in.HasFlag("lower_bound") && !in.HasFlag("upper_bound") {
		return Interval{in.Value, in.Value}
	}
	return intervalOf(in.Value, in.ValueText, in.Multiplier, in.HasFlag("lower_bound"), in.HasFlag("upper_bound"))
}

// compute checks one validated relation and writes its result: Holds,
// the intervals, and the computation in words (En, Zh), in the unit of the
// stated figure.
func (d *Dataset) compute(r *Relation) {
	get := func(id string) *Indicator { return d.byID[id] }
	sumOf := func(ids []string) Interval {
		var s Interval
		for _, id := range ids {
			s = s.add(iv(get(id)))
		}
		return s
	}
	terms := func(ids []string) string {
		var parts []string
		for _, id := range ids {
			parts = append(parts, signed(get(id)))
		}
		return strings.Replace(strings.Join(parts, " + "), "+ -", "− ", -1)
	}
	// dec: decimals to show a computed value with.
	dec := 0
	for _, id := range r.Members() {
		dec = max(dec, get(id).Decimals)
	}
	var en, zh string
	// show writes a computed interval: its middle, and its range when the
	// rounding of the figures leaves one.
	show := func(iv Interval, unitZh, unitEn string, scale float64, d int) (string, string) {
		c := iv.scale(scale)
		mid := fmtNum(c.mid(), d)
		if c.Lo == c.Hi {
			return mid + unitEn + " (exact)", mid + unitZh + "（精确值）"
		}
		rng := c.format(d + 1)
		return mid + unitEn + " (" + rng + " within the rounding)", mid + unitZh + "（按原文精度在" + rng + "之间）"
	}
	stated := func(in *Indicator, scale float64) (string, string) {
		c := iv(in).scale(scale)
		if c.Lo == c.Hi {
			return signed(in) + enUnit(in), signed(in) + in.Unit
		}
		rng := c.format(in.Decimals + 1)
		return signed(in) + enUnit(in) + " (" + rng + ")", signed(in) + in.Unit + "（" + rng + "）"
	}
	switch r.Type {
	case "sum", "part_of":
		ref := get(r.Total)
		r.Computed, r.Stated = sumOf(r.Parts), iv(ref)
		sc := 1 / ref.Multiplier
		cEn, cZh := show(r.Computed, ref.Unit, enUnit(ref), sc, dec)
		sEn, sZh := stated(ref, sc)
		partsEn, partsZh := "parts", "分项"
		if len(r.Parts) == 1 {
			partsEn, partsZh = "part", "分项"
		}
		if r.Type == "sum" {
			r.Holds = r.Computed.overlaps(r.Stated)
			en = fmt.Sprintf("%s %s = %s; total stated %s", partsEn, terms(r.Parts), cEn, sEn)
			zh = fmt.Sprintf("%s%s＝%s；总量为%s", partsZh, terms(r.Parts), cZh, sZh)
		} else {
			r.Holds = r.Computed.Lo <= r.Stated.Hi*(1+1e-12)
			if len(r.Parts) == 1 {
				en = fmt.Sprintf("part %s, at most the total %s", cEn, sEn)
				zh = fmt.Sprintf("分项%s，不超过总量%s", cZh, sZh)
			} else {
				en = fmt.Sprintf("%s %s = %s, at most the total %s", partsEn, terms(r.Parts), cEn, sEn)
				zh = fmt.Sprintf("%s%s＝%s，不超过总量%s", partsZh, terms(r.Parts), cZh, sZh)
			}
		}
	case "ratio_sum":
		r.Computed, r.Stated = sumOf(r.Parts), Interval{100, 100}
		r.Holds = r.Computed.contains(100)
		cEn, cZh := show(r.Computed, "", "", 1, dec)
		en = fmt.Sprintf("%s = %s, should be 100", terms(r.Parts), cEn)
		zh = fmt.Sprintf("%s＝%s，应为100", terms(r.Parts), cZh)
	case "share", "completion":
		num, den, res := r.Part, r.Total, r.Share
		roleEn, roleZh, numEn, denEn := "share", "占比", "part", "total"
		if r.Type == "completion" {
			num, den, res = r.Done, r.Target, r.Rate
			roleEn, roleZh, numEn, denEn = "rate", "完成率", "done", "target"
		}
		ref := get(res)
		q, ok := iv(get(num)).div(iv(get(den)))
		r.Computed, r.Stated = q.scale(100), iv(ref)
		r.Holds = ok && r.Computed.overlaps(r.Stated)
		cEn, cZh := show(r.Computed, "%", "%", 1, ref.Decimals+2)
		sEn, sZh := stated(ref, 1)
		en = fmt.Sprintf("%s / %s × 100 = %s / %s × 100 = %s; %s stated %s", numEn, denEn, signed(get(num)), signed(get(den)), cEn, roleEn, sEn)
		zh = fmt.Sprintf("%s÷%s×100＝%s；%s为%s", signed(get(num)), signed(get(den)), cZh, roleZh, sZh)
	case "change":
		ref := get(r.Change)
		r.Computed, r.Stated = iv(get(r.After)).sub(iv(get(r.Before))), iv(ref)
		r.Holds = r.Computed.overlaps(r.Stated)
		sc := 1 / ref.Multiplier
		cEn, cZh := show(r.Computed, ref.Unit, enUnit(ref), sc, dec)
		sEn, sZh := stated(ref, sc)
		en = fmt.Sprintf("after − before = %s − %s = %s; change stated %s", signed(get(r.After)), signed(get(r.Before)), cEn, sEn)
		zh = fmt.Sprintf("变化后－变化前＝%s－%s＝%s；变化量为%s", signed(get(r.After)), signed(get(r.Before)), cZh, sZh)
	case "equal":
		ref := get(r.IDs[0])
		r.Stated, r.Computed = iv(ref), iv(ref)
		r.Holds = true
		var valsEn, valsZh []string
		for _, id := range r.IDs {
			// Written to the same precision, the same value has the same
			// digits; otherwise the roundings must overlap.
			o := get(id)
			if o.Decimals == ref.Decimals {
				r.Holds = r.Holds && o.Value*o.Multiplier == ref.Value*ref.Multiplier
			} else {
				r.Holds = r.Holds && iv(o).overlaps(r.Stated)
			}
			r.Computed = Interval{math.Max(r.Computed.Lo, iv(get(id)).Lo), math.Min(r.Computed.Hi, iv(get(id)).Hi)}
			valsEn = append(valsEn, signed(get(id))+enUnit(get(id)))
			valsZh = append(valsZh, signed(get(id))+get(id).Unit)
		}
		en = fmt.Sprintf("stated %d times: %s", len(r.IDs), strings.Join(valsEn, ", "))
		zh = fmt.Sprintf("%d处表述：%s", len(r.IDs), strings.Join(valsZh, "、"))
	case "growth_sum":
		ref := get(r.TotalGrowth)
		var bases Interval
		ok := true
		var fs []string
		for i, p := range r.Parts {
			g := iv(get(r.PartGrowths[i])).scale(0.01).add(Interval{1, 1})
			b, okb := iv(get(p)).div(g)
			ok = ok && okb
			bases = bases.add(b)
			fs = append(fs, fmt.Sprintf("%s / (1 %s%%)", signed(get(p)), plusSigned(get(r.PartGrowths[i]))))
		}
		q, okq := iv(get(r.Total)).div(bases)
		r.Computed, r.Stated = q.add(Interval{-1, -1}).scale(100), iv(ref)
		r.Holds = ok && okq && r.Computed.overlaps(r.Stated)
		cEn, cZh := show(r.Computed, "%", "%", 1, ref.Decimals+1)
		sEn, sZh := stated(ref, 1)
		formula := fmt.Sprintf("%s / (%s) − 1", signed(get(r.Total)), strings.Join(fs, " + "))
		en = fmt.Sprintf("growth of the total implied by its parts' growth = %s = %s; growth stated %s", formula, cEn, sEn)
		zh = fmt.Sprintf("由分项及其增速推算的总量增速＝%s＝%s；原文增速为%s", formula, cZh, sZh)
	case "integer_base":
		ref := get(r.Count)
		g := iv(get(r.Growth)).scale(0.01).add(Interval{1, 1})
		b, ok := iv(ref).div(g)
		r.Computed = b
		lo, hi := math.Ceil(b.Lo-1e-9), math.Floor(b.Hi+1e-9)
		r.Stated = Interval{lo, hi}
		r.Holds = ok && lo <= hi && hi >= 1
		cEn, cZh := show(b, "", "", 1, 1)
		en = fmt.Sprintf("base a year earlier = %s / (1 %s%%) = %s; whole numbers possible: %s", signed(ref), plusSigned(get(r.Growth)), cEn, wholeRange(r.Stated))
		zh = fmt.Sprintf("上年基数＝%s÷(1%s%%)＝%s；可能的整数：%s", signed(ref), plusSigned(get(r.Growth)), cZh, wholeRange(r.Stated))
	case "integer_share":
		ref := get(r.Total)
		part := iv(get(r.Share)).scale(0.01)
		prod := Interval{part.Lo * iv(ref).Lo, part.Hi * iv(ref).Hi}
		r.Computed = prod
		lo, hi := math.Ceil(prod.Lo-1e-9), math.Floor(prod.Hi+1e-9)
		r.Stated = Interval{lo, hi}
		r.Holds = lo <= hi && lo >= 0
		cEn, cZh := show(prod, "", "", 1, 2)
		en = fmt.Sprintf("%s × %s = %s; whole numbers possible: %s", signed(get(r.Share))+"%", signed(ref), cEn, wholeRange(r.Stated))
		zh = fmt.Sprintf("%s×%s＝%s；可能的整数：%s", signed(get(r.Share))+"%", signed(ref), cZh, wholeRange(r.Stated))
	}
	if r.Holds {
		r.En, r.Zh = en+": holds.", zh+"：相符。"
	} else {
		r.En, r.Zh = en+": does NOT hold in the report's own figures.", zh+"：按原文数据不相符。"
	}
}

// scaleNames name the magnitudes of Chinese units in English, for the
// computations in words: 135.20亿元 is "135.20 hundred million CNY".
var scaleNames = map[float64]string{1e4: "ten thousand", 1e5: "hundred thousand", 1e6: "million", 1e7: "ten million", 1e8: "hundred million",
	1e9: "billion", 1e10: "ten billion", 1e11: "hundred billion", 1e12: "trillion"}

// enUnit is the unit of a figure as written, in English, with its leading
// space: " hundred million CNY", "%", " percentage points".
func enUnit(in *Indicator) string {
	switch {
	case in.Unit == "%":
		return "%"
	case strings.HasSuffix(in.Unit, "百分点"):
		return " percentage points"
	}
	s := strings.TrimSpace(scaleNames[in.Multiplier] + " " + in.UnitEn)
	if s == "" {
		return ""
	}
	return " " + s
}

// signed writes a figure as the report does, with its sign: -10.3.
func signed(in *Indicator) string {
	if in.Value < 0 {
		return "-" + in.ValueText
	}
	return in.ValueText
}

func plusSigned(in *Indicator) string {
	if in.Value < 0 {
		return "− " + in.ValueText
	}
	return "+ " + in.ValueText
}

func fmtNum(f float64, dec int) string { return strconv.FormatFloat(f, 'f', dec, 64) }

func wholeRange(iv Interval) string {
	if iv.Lo > iv.Hi {
		return "none"
	}
	if iv.Lo == iv.Hi {
		return fmtNum(iv.Lo, 0)
	}
	return fmtNum(iv.Lo, 0) + "–" + fmtNum(iv.Hi, 0)
}
