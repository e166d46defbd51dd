package benchgen

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// tomlDoc is a TOML file read generically, so that the generator carries
// every key it does not know about through unchanged: records are the
// top-level arrays of tables ([[indicator]], [[chart]], [[relation]]…).
type tomlDoc map[string]any

func decodeTOML(name string, src []byte) (tomlDoc, error) {
	var d tomlDoc
	if _, err := toml.Decode(string(src), &d); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

// records returns the tables of the array of tables key ([[key]]).
func (d tomlDoc) records(key string) []map[string]any {
	v, _ := d[key].([]map[string]any)
	return v
}

// recordKeys lists the keys that hold arrays of tables, sorted (the order
// in which encode writes them).
func (d tomlDoc) recordKeys() []string {
	var out []string
	for k, v := range d {
		if _, ok := v.([]map[string]any); ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// encodedTOML is an encoded file with the line of each record's [[key]]
// header, to place the build's positioned errors on records.
type encodedTOML struct {
	data    []byte
	headers []recordRef // in line order
}

type recordRef struct {
	line  int // 1-based line of the [[key]] header
	key   string
	index int // position among the tables of key
}

var headerRe = regexp.MustCompile(`^\[\[([A-Za-z0-9_-]+)\]\]\s*$`)

func encodeTOML(d tomlDoc) (encodedTOML, error) {
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(map[string]any(d)); err != nil {
		return encodedTOML{}, err
	}
	out := encodedTOML{data: b.Bytes()}
	seen := map[string]int{}
	for i, l := range strings.Split(b.String(), "\n") {
		if m := headerRe.FindStringSubmatch(l); m != nil {
			out.headers = append(out.headers, recordRef{line: i + 1, key: m[1], index: seen[m[1]]})
			seen[m[1]]++
		}
	}
	return out, nil
}

// recordAt returns the record whose table holds line.
func (e encodedTOML) recordAt(line int) (recordRef, bool) {
	var found recordRef
	ok := false
	for _, h := range e.headers {
		if h.line > line {
			break
		}
		found, ok = h, true
	}
	return found, ok
}

// deepCopy copies a decoded TOML value.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []map[string]any:
		s := make([]map[string]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e).(map[string]any)
		}
		return s
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// remap is what becomes of a string value.
type remap int

const (
	keep       remap = iota // keep the (possibly rewritten) string
	removeElem              // remove it from its array (a dropped paragraph in a list)
	dropRecord              // drop the whole record (it names a dropped figure)
)

// remapStrings rewrites the string values of v with f. A string removed
// from an array disappears from it; removed anywhere else, or dropped, it
// drops the whole value (ok false). An array left empty by removals is
// dropped too: there is nothing left to refer to.
func remapStrings(v any, f func(string) (string, remap)) (any, bool) {
	switch x := v.(type) {
	case string:
		s, r := f(x)
		return s, r == keep
	case map[string]any:
		for k, e := range x {
			nv, ok := remapStrings(e, f)
			if !ok {
				return nil, false
			}
			x[k] = nv
		}
		return x, true
	case []map[string]any:
		for i, e := range x {
			nv, ok := remapStrings(e, f)
			if !ok {
				return nil, false
			}
			x[i] = nv.(map[string]any)
		}
		return x, true
	case []any:
		out := []any{}
		for _, e := range x {
			if s, isStr := e.(string); isStr {
				ns, r := f(s)
				switch r {
				case keep:
					out = append(out, ns)
				case dropRecord:
					return nil, false
				}
				continue
			}
			nv, ok := remapStrings(e, f)
			if !ok {
				return nil, false
			}
			out = append(out, nv)
		}
		if len(x) > 0 && len(out) == 0 {
			return nil, false
		}
		return out, true
	}
	return v, true
}

// number reads a decoded TOML number.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}
