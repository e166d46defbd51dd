// Package glossary reads the terminology list (data/glossary.toml) and
// checks the English edition against it: wherever a glossary term occurs
// in a Chinese paragraph, one of its English renderings must occur in the
// aligned English paragraph, unless a reasoned exception says otherwise.
//
// File format (unknown keys are errors):
//
//	[[term]]
//	zh = "益晒你"                 # as written in the report; unique
//	en = "\"Yi Sai Ni\""          # the rendering the English edition uses
//	alt_en = ["…"]                # other accepted wordings (grammar, abbreviations)
//	category = "slogan"           # see Categories
//	definition_en = "…"           # for a foreign reader; optional
//	definition_zh = "…"           # optional
//	source = "…"                  # where an official rendering comes from; optional
//	pinyin = "Yì Shài Nǐ"         # optional
//
//	[[exception]]                 # the check does not apply here, for a reason
//	term = "南海区"
//	paragraph = "p1a2b3c"         # a paragraph or heading id; page titles are "title-<slug>"
//	reason = "…"
package glossary

import (
	"sort"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Categories are the kinds of term, in the order the glossary page lists
// them.
var Categories = []string{"programme", "slogan", "policy", "indicator", "social", "institution", "place", "other"}

// Annotated reports whether terms of a category get an explanation at
// their first use in the text: the names of programmes and campaigns and
// the slogans (coined, often numbered, shorthand) mean little to a
// foreign reader without one; indicators, places and ordinary policy
// vocabulary read well enough, and linking them all would clutter the
// text.
func Annotated(category string) bool {
	return category == "programme" || category == "slogan"
}

// Term is one glossary entry.
type Term struct {
	ZH           string   `toml:"zh"`
	EN           string   `toml:"en"`
	AltEN        []string `toml:"alt_en"`
	Category     string   `toml:"category"`
	DefinitionEN string   `toml:"definition_en"`
	DefinitionZH string   `toml:"definition_zh"`
	Source       string   `toml:"source"`
	Pinyin       string   `toml:"pinyin"`

	Pos srcpos.Pos `toml:"-"` // the [[term]] header
	// ID is the term's anchor on the glossary pages, the same in every
	// language: "t-" and the English rendering as a slug.
	ID string `toml:"-"`

	renderings [][]string // en then alt_en, as match tokens
}

// Renderings returns en followed by alt_en.
func (t *Term) Renderings() []string { return append([]string{t.EN}, t.AltEN...) }

// Exception exempts one term in one paragraph from the check.
type Exception struct {
	Term      string `toml:"term"`
	Paragraph string `toml:"paragraph"`
	Reason    string `toml:"reason"`

	Pos srcpos.Pos `toml:"-"`
}

// Glossary is the parsed file.
type Glossary struct {
	File       string
	Terms      []*Term
	Exceptions []*Exception

	src     []byte
	byZH    map[string]*Term
	matcher *matcher
}

// Term returns the term written zh in Chinese.
func (g *Glossary) Term(zh string) (*Term, bool) {
	t, ok := g.byZH[zh]
	return t, ok
}

// Load reads and validates a glossary file.
func Load(path string) (*Glossary, error) {
	var f file
	_, src, err := tomldata.DecodeFile(path, &f)
	if err != nil {
		if src == nil {
			return nil, srcpos.Errorf(srcpos.Pos{File: path}, nil, "cannot read the glossary: %v", err)
		}
		return nil, err
	}
	return build(path, src, f)
}

// Parse validates a glossary held in memory (named file in messages).
func Parse(name string, src []byte) (*Glossary, error) {
	var f file
	if _, err := tomldata.Decode(name, src, 0, &f); err != nil {
		return nil, err
	}
	return build(name, src, f)
}

type file struct {
	Term      []*Term      `toml:"term"`
	Exception []*Exception `toml:"exception"`
}

func build(path string, src []byte, f file) (*Glossary, error) {
	g := &Glossary{File: path, Terms: f.Term, Exceptions: f.Exception, src: src, byZH: map[string]*Term{}}
	lines := strings.Split(string(src), "\n")
	termAt := headers(lines, "[[term]]")
	excAt := headers(lines, "[[exception]]")
	var errs srcpos.List
	// key returns the position of key inside the table that starts at
	// header (a 1-based line), or the header itself.
	key := func(header int, name string) srcpos.Pos {
		for i := header; i < len(lines); i++ {
			t := strings.TrimSpace(lines[i])
			if strings.HasPrefix(t, "[") {
				break
			}
			if k, _, ok := strings.Cut(t, "="); ok && strings.TrimSpace(k) == name {
				return srcpos.Pos{File: path, Line: i + 1, Col: strings.Index(lines[i], name) + 1}
			}
		}
		return srcpos.Pos{File: path, Line: header, Col: 1}
	}
	known := map[string]bool{}
	for _, c := range Categories {
		known[c] = true
	}
	ids := map[string]int{}
	for i, t := range g.Terms {
		h := 1
		if i < len(termAt) {
			h = termAt[i]
		}
		t.Pos = srcpos.Pos{File: path, Line: h, Col: 1}
		t.ZH = strings.TrimSpace(t.ZH)
		switch prev, dup := g.byZH[t.ZH]; {
		case t.ZH == "":
			errs.Addf(key(h, "zh"), src, "term without zh: every term needs the Chinese as written in the report")
		case dup:
			errs.Addf(key(h, "zh"), src, "duplicate term %s (first at line %d): merge the two entries", t.ZH, prev.Pos.Line)
		default:
			g.byZH[t.ZH] = t
		}
		if strings.TrimSpace(t.EN) == "" {
			errs.Addf(key(h, "en"), src, "term %s has no en: give the rendering the English edition uses", t.ZH)
		} else if len(tokens(t.EN)) == 0 {
			errs.Addf(key(h, "en"), src, "en = %q has no words to look for in the English text", t.EN)
		}
		if !known[t.Category] {
			errs.Addf(key(h, "category"), src, "category %q of %s is unknown: use one of %s", t.Category, t.ZH, strings.Join(Categories, ", "))
		}
		seen := map[string]bool{norm(t.EN): true}
		for _, a := range t.AltEN {
			switch {
			case len(tokens(a)) == 0:
				errs.Addf(key(h, "alt_en"), src, "alt_en of %s has an empty entry %q", t.ZH, a)
			case seen[norm(a)]:
				errs.Addf(key(h, "alt_en"), src, "alt_en of %s repeats %q (the check ignores case, punctuation and plural endings)", t.ZH, a)
			}
			seen[norm(a)] = true
		}
		for _, r := range t.Renderings() {
			t.renderings = append(t.renderings, phrase(r))
		}
		t.ID = "t-" + slug(t.EN)
		if t.ID == "t-" {
			t.ID = "t-term"
		}
		ids[t.ID]++
		if n := ids[t.ID]; n > 1 {
			t.ID += "-" + itoa(n)
		}
	}
	for i, e := range g.Exceptions {
		h := 1
		if i < len(excAt) {
			h = excAt[i]
		}
		e.Pos = srcpos.Pos{File: path, Line: h, Col: 1}
		if _, ok := g.byZH[e.Term]; !ok {
			errs.Addf(key(h, "term"), src, "exception for %q, which is not a glossary term", e.Term)
		}
		if strings.TrimSpace(e.Paragraph) == "" {
			errs.Addf(key(h, "paragraph"), src, "exception without paragraph: name the paragraph id (p…) where the term is exempt")
		}
		if strings.TrimSpace(e.Reason) == "" {
			errs.Addf(key(h, "reason"), src, "exception without reason: say why the English need not carry the rendering here")
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	g.matcher = newMatcher(g.Terms)
	return g, nil
}

// headers returns the 1-based lines of each table header.
func headers(lines []string, header string) []int {
	var out []int
	for i, l := range lines {
		if strings.TrimSpace(l) == header {
			out = append(out, i+1)
		}
	}
	return out
}

// Sorted returns terms in a stable reading order for a language: English
// alphabetically (ignoring quotes and a leading "the"), Chinese by pinyin.
func Sorted(terms []*Term, lang string) []*Term {
	out := append([]*Term(nil), terms...)
	if lang == "zh" {
		keys := pinyinKeys(out)
		sort.SliceStable(out, func(i, j int) bool { return keys[out[i]] < keys[out[j]] })
		return out
	}
	keys := make(map[*Term]string, len(out)) // made once, not per comparison
	for _, t := range out {
		keys[t] = sortKey(t.EN)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := keys[out[i]], keys[out[j]]
		if a != b {
			return a < b
		}
		return out[i].ZH < out[j].ZH
	})
	return out
}

func sortKey(en string) string {
	k := strings.ToLower(strings.Trim(en, "\"“”' "))
	k = strings.TrimPrefix(k, "the ")
	return strings.TrimLeft(k, "\"“”' ")
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == '+':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString("plus-")
			dash = true
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
