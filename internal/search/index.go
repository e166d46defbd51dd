package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The index of one language is a set of small files under search/<lang>/,
// so that a visitor downloads only what a query needs, however many reports
// the archive holds:
//
//   - index.js: the manifest: the reports, the shard count, and one entry
//     per text chunk (its file, its number of docs and their kinds);
//   - s/<k>.js: shard k of the inverted index, mapping each key whose first
//     two characters hash to k onto the docs that contain it (delta-coded
//     doc numbers). All words that start with the same two characters share
//     a shard, so a prefix query reads one shard;
//   - t/<report>/<n>.js: the texts of one page (or of a report's
//     indicators), loaded only when a query has a candidate there, to
//     verify the hit exactly and cut the snippet.
//
// Each file is a JavaScript call, reportsiteSearchData("name", {...}), not
// bare JSON, so that it loads through a <script> element: fetch() is
// refused on pages opened from the file system, scripts are not.

// Input is what the index of one language is built from.
type Input struct {
	Lang    string
	Reports []Report
	Pages   []Page
}

// Report is one report of the archive.
type Report struct {
	ID, Title, Path string
}

// Page is one page's searchable texts (a text chunk).
type Page struct {
	Report int    // index into Input.Reports
	Path   string // the page, from the site root ("zh/r/1-1/"); "" for indicators
	Title  string // as the page shows it, with its marker
	Docs   []Doc
}

// Doc is one searchable text: a title, a heading, a paragraph or an
// indicator.
type Doc struct {
	Kind byte   // KindTitle, KindItem, KindLead, KindBody or KindIndicator
	Link string // appended to the page's Path ("#p1a2b3c"); an indicator's is the full path
	Text string
	Lead int    // bytes of Text that are the lead sentence, or the indicator's name
	Note string // an indicator's period
}

// Stats describes a built index.
type Stats struct {
	Docs, Keys, Postings, Shards, Chunks int
	ManifestBytes, ShardBytes, TextBytes int
	LargestShard, LargestChunk           int
}

// Total is the size of all the index's files.
func (s Stats) Total() int { return s.ManifestBytes + s.ShardBytes + s.TextBytes }

// ShardTarget is the size a shard aims at: large enough that the seed needs
// few requests, small enough that a 50-report archive's query stays cheap.
const ShardTarget = 16 << 10

// maxShards bounds the number of files per language.
const maxShards = 4096

type manifest struct {
	Version int              `json:"v"`
	Lang    string           `json:"lang"`
	Hash    string           `json:"hash"` // of all data files: a cache key
	Shards  int              `json:"shards"`
	Reports []manifestReport `json:"reports"`
	Chunks  []manifestChunk  `json:"chunks"`
}

type manifestReport struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Path  string `json:"path"`
}

type manifestChunk struct {
	File  string `json:"f"`
	Docs  int    `json:"n"`
	Kinds string `json:"k"`
}

type chunk struct {
	Report int     `json:"r"`
	Path   string  `json:"u"`
	Title  string  `json:"t"`
	Docs   [][]any `json:"d"` // [link, text, lead in UTF-16 code units(, note)]
}

// Build writes the index of one language: files keyed by their path from
// the site root.
func Build(in Input) (map[string][]byte, Stats, error) {
	var st Stats
	dir := "search/" + in.Lang + "/"
	out := map[string][]byte{}
	man := manifest{Version: 1, Lang: in.Lang}
	for _, r := range in.Reports {
		man.Reports = append(man.Reports, manifestReport(r))
	}
	// postings[k] is the list of docs with key k: the lists live in lists,
	// indexed through a map whose look-ups by []byte do not allocate.
	postings := map[string]int{}
	var lists [][]int
	var scan keyScanner
	doc := 0
	addKey := func(k []byte) {
		i, ok := postings[string(k)]
		if !ok {
			i = len(lists)
			postings[string(k)] = i
			lists = append(lists, nil)
		}
		if p := lists[i]; len(p) == 0 || p[len(p)-1] != doc {
			lists[i] = append(p, doc)
		}
	}
	perReport := map[int]int{}
	var chunkFiles [][]byte
	for _, pg := range in.Pages {
		if pg.Report < 0 || pg.Report >= len(in.Reports) {
			return nil, st, fmt.Errorf("search: page %q names report %d of %d", pg.Path, pg.Report, len(in.Reports))
		}
		name := fmt.Sprintf("t/%s/%d", in.Reports[pg.Report].ID, perReport[pg.Report])
		perReport[pg.Report]++
		c := chunk{Report: pg.Report, Path: pg.Path, Title: pg.Title}
		var kinds strings.Builder
		for _, d := range pg.Docs {
			if !strings.ContainsRune("xhilp", rune(d.Kind)) {
				return nil, st, fmt.Errorf("search: doc %q of %q has unknown kind %q", d.Link, pg.Path, d.Kind)
			}
			if d.Lead < 0 || d.Lead > len(d.Text) || !utf8.ValidString(d.Text[:d.Lead]) {
				return nil, st, fmt.Errorf("search: doc %q of %q: lead %d does not fit its text", d.Link, pg.Path, d.Lead)
			}
			kinds.WriteByte(d.Kind)
			entry := []any{d.Link, d.Text, utf16Len(d.Text[:d.Lead])}
			if d.Note != "" {
				entry = append(entry, d.Note)
			}
			c.Docs = append(c.Docs, entry)
			scan.scan(d.Text, addKey)
			doc++
		}
		b, err := wrap(name, c)
		if err != nil {
			return nil, st, err
		}
		out[dir+name+".js"] = b
		chunkFiles = append(chunkFiles, b)
		man.Chunks = append(man.Chunks, manifestChunk{name, len(pg.Docs), kinds.String()})
		st.TextBytes += len(b)
		st.LargestChunk = max(st.LargestChunk, len(b))
	}
	st.Docs, st.Chunks, st.Keys = doc, len(in.Pages), len(postings)

	// Delta-code the postings (doc numbers only grow) and size the shards.
	total := 0
	keys := make([]string, 0, len(postings))
	for k, i := range postings {
		docs := lists[i]
		keys = append(keys, k)
		for i := len(docs) - 1; i > 0; i-- {
			docs[i] -= docs[i-1]
		}
		st.Postings += len(docs)
		total += len(k) + 4 // "key":[],
		for _, d := range docs {
			total += len(strconv.Itoa(d)) + 1
		}
	}
	sort.Strings(keys)
	n := 1
	for n < maxShards && n*ShardTarget < total {
		n *= 2
	}
	// Written by hand rather than through encoding/json's map encoder: the
	// keys are sorted already, and the index is rebuilt on every edit.
	shards := make([][]byte, n)
	for _, k := range keys {
		i := ShardOf(k, n)
		if len(shards[i]) > 0 {
			shards[i] = append(shards[i], ',')
		}
		kb, _ := json.Marshal(k)
		shards[i] = append(append(shards[i], kb...), ':', '[')
		for j, d := range lists[postings[k]] {
			if j > 0 {
				shards[i] = append(shards[i], ',')
			}
			shards[i] = strconv.AppendInt(shards[i], int64(d), 10)
		}
		shards[i] = append(shards[i], ']')
	}
	h := sha256.New()
	for _, b := range chunkFiles {
		h.Write(b)
	}
	for i, s := range shards {
		b := wrapJSON(fmt.Sprintf("s/%d", i), append(append([]byte{'{'}, s...), '}'))
		out[fmt.Sprintf("%ss/%d.js", dir, i)] = b
		h.Write(b)
		st.ShardBytes += len(b)
		st.LargestShard = max(st.LargestShard, len(b))
	}
	man.Shards, st.Shards = n, n
	man.Hash = hex.EncodeToString(h.Sum(nil))[:12]
	b, err := wrap("index", man)
	if err != nil {
		return nil, st, err
	}
	out[dir+"index.js"] = b
	st.ManifestBytes = len(b)
	return out, st, nil
}

// ShardOf returns the shard of a key: FNV-1a over its first two code
// points, so that every key with the same two-character prefix is in the
// same shard. search.js computes the same.
func ShardOf(key string, shards int) int {
	h := uint32(2166136261)
	n := 0
	for _, r := range key {
		if n == 2 {
			break
		}
		h ^= uint32(r)
		h *= 16777619
		n++
	}
	return int(h % uint32(shards))
}

// DataCall is the function each index file calls.
const DataCall = "reportsiteSearchData"

// wrap encodes v as a call DataCall("name", v). encoding/json escapes <, >,
// & and U+2028/U+2029, so the JSON is also safe as JavaScript source.
func wrap(name string, v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(DataCall + "(")
	nb, _ := json.Marshal(name)
	b.Write(nb)
	b.WriteByte(',')
	enc := json.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	b.WriteString(");\n")
	return b.Bytes(), nil
}

// wrapJSON is wrap for JSON made here already compact and escaped (the
// shards: keys through json.Marshal, numbers): encoding/json would spend
// a tenth of the index's time compacting it again to the same bytes.
func wrapJSON(name string, data []byte) []byte {
	nb, _ := json.Marshal(name)
	b := make([]byte, 0, len(DataCall)+len(nb)+len(data)+5)
	b = append(append(append(b, DataCall+"("...), nb...), ',')
	return append(append(b, data...), ");\n"...)
}

// Unwrap returns the name and JSON of an index file.
func Unwrap(b []byte) (name string, data []byte, err error) {
	rest, ok := bytes.CutPrefix(b, []byte(DataCall+"("))
	if !ok {
		return "", nil, fmt.Errorf("search: not an index file (no %s call)", DataCall)
	}
	rest, ok = bytes.CutSuffix(bytes.TrimRight(rest, "\n"), []byte(");"))
	if !ok {
		return "", nil, fmt.Errorf("search: index file does not end with );")
	}
	comma := bytes.IndexByte(rest, ',')
	if comma < 0 || json.Unmarshal(rest[:comma], &name) != nil {
		return "", nil, fmt.Errorf("search: index file has no name")
	}
	return name, rest[comma+1:], nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
