package search

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// This file is the reference implementation of what search.js does in
// the browser: it reads the same files and must return the same results
// (tokenize_node_test.go compares them on the built site). The Go tests of
// ranking and matching run against it.

// Loader returns the content of an index file by name ("index", "s/3",
// "t/<report>/0"), as written by Build.
type Loader func(name string) ([]byte, error)

// MaxChunks bounds the text chunks one query loads; a query that would need
// more (a very common word in a large archive) reports Truncated.
const MaxChunks = 24

// Index is an opened index: the manifest, and the shards and chunks loaded
// so far.
type Index struct {
	load   Loader
	man    manifest
	starts []int // first doc number of each chunk
	shards map[int]map[string][]int
	chunks map[int]*chunk
}

// Result is one matching doc.
type Result struct {
	Doc    int
	Kind   byte
	Report int
	URL    string // from the site root, with the anchor
	Title  string // the page's title
	Text   string
	Lead   int // bytes of Text that are the lead or the indicator's name
	Note   string
	Score  int
	Marks  [][2]int // byte ranges of Text to highlight, in order, disjoint
}

// Results of a query. Indicators come first on the page.
type Results struct {
	Short      bool // the query has nothing to look up (fewer than two characters)
	Truncated  bool // more than MaxChunks chunks had candidates
	Indicators []Result
	Texts      []Result
}

// Open reads the manifest.
func Open(load Loader) (*Index, error) {
	ix := &Index{load: load, shards: map[int]map[string][]int{}, chunks: map[int]*chunk{}}
	if err := ix.read("index", &ix.man); err != nil {
		return nil, err
	}
	n := 0
	for _, c := range ix.man.Chunks {
		ix.starts = append(ix.starts, n)
		n += c.Docs
	}
	return ix, nil
}

func (ix *Index) read(name string, v any) error {
	b, err := ix.load(name)
	if err != nil {
		return err
	}
	got, data, err := Unwrap(b)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if got != name {
		return fmt.Errorf("search: file %s calls itself %s", name, got)
	}
	return json.Unmarshal(data, v)
}

// Search runs a query.
func (ix *Index) Search(q string) (*Results, error) {
	query := ParseQuery(q)
	keys := query.Keys()
	res := &Results{}
	if len(keys) == 0 {
		res.Short = true
		return res, nil
	}
	var cand map[int]bool
	for _, k := range keys {
		docs, err := ix.lookup(k)
		if err != nil {
			return nil, err
		}
		next := map[int]bool{}
		for _, d := range docs {
			if cand == nil || cand[d] {
				next[d] = true
			}
		}
		cand = next
		if len(cand) == 0 {
			return res, nil
		}
	}
	// Load the chunks of the best candidates first: kinds are known from
	// the manifest before any text is read.
	order := make([]int, 0, len(cand))
	for d := range cand {
		order = append(order, d)
	}
	sort.Slice(order, func(i, j int) bool {
		ri, rj := kindRank(ix.kind(order[i])), kindRank(ix.kind(order[j]))
		if ri != rj {
			return ri < rj
		}
		return order[i] < order[j]
	})
	var chunks []int
	picked := map[int]bool{}
	for _, d := range order {
		c := ix.chunkOf(d)
		if !picked[c] {
			if len(chunks) == MaxChunks {
				res.Truncated = true
				break
			}
			picked[c] = true
			chunks = append(chunks, c)
		}
	}
	for _, c := range chunks {
		if _, ok := ix.chunks[c]; ok {
			continue
		}
		var ch chunk
		if err := ix.read(ix.man.Chunks[c].File, &ch); err != nil {
			return nil, err
		}
		ix.chunks[c] = &ch
	}
	sort.Ints(order)
	for _, d := range order {
		c := ix.chunkOf(d)
		if !picked[c] {
			continue
		}
		r, err := ix.result(d, c)
		if err != nil {
			return nil, err
		}
		units := Tokenize(r.Text)
		lead := 0
		for lead < len(units) && units[lead].End <= r.Lead {
			lead++
		}
		if r.Kind == KindIndicator {
			lead = 0
		}
		score, spans := Score(query, r.Kind, units, lead)
		if score == 0 {
			continue
		}
		r.Score = score
		r.Marks = marks(units, spans)
		if r.Kind == KindIndicator {
			res.Indicators = append(res.Indicators, r)
		} else {
			res.Texts = append(res.Texts, r)
		}
	}
	byScore := func(rs []Result) {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Score > rs[j].Score })
	}
	byScore(res.Indicators)
	byScore(res.Texts)
	return res, nil
}

// lookup returns the docs of a key (for a prefix key: of every key that
// starts with it).
func (ix *Index) lookup(k Key) ([]int, error) {
	n := ShardOf(k.Key, ix.man.Shards)
	shard, ok := ix.shards[n]
	if !ok {
		if err := ix.read(fmt.Sprintf("s/%d", n), &shard); err != nil {
			return nil, err
		}
		ix.shards[n] = shard
	}
	var lists [][]int
	if k.Prefix {
		for key, docs := range shard {
			if strings.HasPrefix(key, k.Key) {
				lists = append(lists, docs)
			}
		}
	} else if docs, ok := shard[k.Key]; ok {
		lists = append(lists, docs)
	}
	set := map[int]bool{}
	for _, deltas := range lists {
		d := 0
		for _, x := range deltas {
			d += x
			set[d] = true
		}
	}
	out := make([]int, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Ints(out)
	return out, nil
}

func (ix *Index) chunkOf(doc int) int {
	return sort.SearchInts(ix.starts, doc+1) - 1
}

func (ix *Index) kind(doc int) byte {
	c := ix.chunkOf(doc)
	return ix.man.Chunks[c].Kinds[doc-ix.starts[c]]
}

func kindRank(k byte) int { return strings.IndexByte("xhilp", k) }

func (ix *Index) result(doc, c int) (Result, error) {
	ch := ix.chunks[c]
	i := doc - ix.starts[c]
	if i >= len(ch.Docs) {
		return Result{}, fmt.Errorf("search: chunk %s has %d docs, the manifest says more", ix.man.Chunks[c].File, len(ch.Docs))
	}
	e := ch.Docs[i]
	link, _ := e[0].(string)
	text, _ := e[1].(string)
	lead16, _ := e[2].(float64)
	r := Result{Doc: doc, Kind: ix.kind(doc), Report: ch.Report, URL: ch.Path + link, Title: ch.Title, Text: text}
	r.Lead = bytesOfUTF16(text, int(lead16))
	if len(e) > 3 {
		r.Note, _ = e[3].(string)
	}
	return r, nil
}

// marks turns matched unit spans into disjoint byte ranges of the text.
func marks(units []Unit, spans []Span) [][2]int {
	var rs [][2]int
	for _, s := range spans {
		rs = append(rs, [2]int{units[s.From].Start, units[s.To-1].End})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	var out [][2]int
	for _, r := range rs {
		if n := len(out); n > 0 && r[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], r[1])
			continue
		}
		out = append(out, r)
	}
	return out
}

// bytesOfUTF16 converts a length in UTF-16 code units at the start of s
// into bytes.
func bytesOfUTF16(s string, n int) int {
	units := 0
	for i, r := range s {
		if units >= n {
			return i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return len(s)
}
