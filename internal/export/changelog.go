package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"reportsite/internal/dataset"
	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// ChangelogFile is the name of a report's changelog in data/<report>/.
const ChangelogFile = "changelog.toml"

// Changelog is data/<report>/changelog.toml: the versions of the dataset,
// oldest first. A published figure is never edited silently: every
// version records the fingerprint of the data it published, the build
// refuses data that differs from the latest fingerprint, and a corrected
// figure is a new version listing each change (id, field, old → new,
// reason).
//
//	[[version]]
//	version = "1.0.1"              # MAJOR.MINOR.PATCH, increasing
//	date = "2026-12-02"            # YYYY-MM-DD, not after the edition
//	summary_en = "Corrects one figure."
//	summary_zh = "更正一项数据。"
//	fingerprint = "sha256:…"       # Fingerprint of the indicators as published
//
//	[[version.change]]
//	action = "correct"             # correct, add or remove
//	id = "gdp"
//	field = "value_text"           # correct only: a key of indicators.toml
//	old = "1712.6"
//	new = "1712.60"
//	reason = "The report writes two decimals."
type Changelog struct {
	Versions []*Version `toml:"version"`
	File     string     `toml:"-"`
	src      []byte
}

// Version is one published version of the dataset.
type Version struct {
	Version     string     `toml:"version"`
	Date        string     `toml:"date"`
	SummaryEn   string     `toml:"summary_en"`
	SummaryZh   string     `toml:"summary_zh"`
	Fingerprint string     `toml:"fingerprint"`
	Changes     []*Change  `toml:"change"`
	Pos         srcpos.Pos `toml:"-"`
}

// Change is one recorded change of a version.
type Change struct {
	Action string     `toml:"action"`
	ID     string     `toml:"id"`
	Field  string     `toml:"field"`
	Old    string     `toml:"old"`
	New    string     `toml:"new"`
	Reason string     `toml:"reason"`
	Pos    srcpos.Pos `toml:"-"`
}

// Change actions.
const (
	ActionCorrect = "correct"
	ActionAdd     = "add"
	ActionRemove  = "remove"
)

var (
	semverRe      = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	fingerprintRe = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
)

// LoadChangelog reads a changelog strictly; Check validates it.
func LoadChangelog(path string) (*Changelog, error) {
	var c Changelog
	_, src, err := tomldata.DecodeFile(path, &c)
	if err != nil {
		return nil, err
	}
	c.File, c.src = path, src
	// Position each version and change at its header.
	vi, ci := -1, 0
	for i, l := range strings.Split(string(src), "\n") {
		pos := srcpos.Pos{File: path, Line: i + 1, Col: 1}
		switch strings.TrimSpace(l) {
		case "[[version]]":
			vi++
			ci = 0
			if vi < len(c.Versions) {
				c.Versions[vi].Pos = pos
			}
		case "[[version.change]]":
			if vi >= 0 && vi < len(c.Versions) && ci < len(c.Versions[vi].Changes) {
				c.Versions[vi].Changes[ci].Pos = pos
				ci++
			}
		}
	}
	for _, v := range c.Versions {
		if v.Pos.File == "" {
			v.Pos = srcpos.Pos{File: path, Line: 1}
		}
		for _, ch := range v.Changes {
			if ch.Pos.File == "" {
				ch.Pos = v.Pos
			}
		}
	}
	return &c, nil
}

// Latest returns the newest version.
func (c *Changelog) Latest() *Version {
	if len(c.Versions) == 0 {
		return nil
	}
	return c.Versions[len(c.Versions)-1]
}

// Check validates the changelog against the current indicators and the
// edition date: versions well formed and increasing, dates valid and in
// order, every later version explaining its changes, and the latest
// version matching the data (its fingerprint, and each change's new value).
func (c *Changelog) Check(inds []*dataset.Indicator, edition string) error {
	var errs srcpos.List
	if len(c.Versions) == 0 {
		errs.Addf(srcpos.Pos{File: c.File, Line: 1}, nil, "no [[version]]: the first publication is version = \"1.0.0\" with its date, summaries and fingerprint = %q", Fingerprint(inds))
		return errs.Err()
	}
	var prev *Version
	byID := map[string]*dataset.Indicator{}
	for _, in := range inds {
		byID[in.ID] = in
	}
	for i, v := range c.Versions {
		at := func(format string, args ...any) {
			errs.Add(srcpos.Errorf(v.Pos, c.src, "version %q: "+format, append([]any{v.Version}, args...)...))
		}
		if !semverRe.MatchString(v.Version) {
			at("version must be MAJOR.MINOR.PATCH (1.0.0 for the first publication; 1.0.1 for a correction)")
		} else if prev != nil && semverRe.MatchString(prev.Version) && !semverLess(prev.Version, v.Version) {
			at("must be greater than the version before it (%s): list versions oldest first", prev.Version)
		}
		_, err := time.Parse("2006-01-02", v.Date)
		switch {
		case err != nil:
			at("date = %q must be a date YYYY-MM-DD", v.Date)
		case edition != "" && v.Date > edition:
			at("date %s is after the edition date %s (report.toml): a version cannot be published after the edition that carries it", v.Date, edition)
		case prev != nil && v.Date < prev.Date:
			at("date %s is before the date of version %s (%s)", v.Date, prev.Version, prev.Date)
		}
		if strings.TrimSpace(v.SummaryEn) == "" || strings.TrimSpace(v.SummaryZh) == "" {
			at("needs summary_en and summary_zh: what this version publishes or changes, in both languages")
		}
		if !fingerprintRe.MatchString(v.Fingerprint) {
			at("fingerprint = %q must be \"sha256:\" and 64 lowercase hex digits", v.Fingerprint)
		}
		if i > 0 && len(v.Changes) == 0 {
			at("a version after the first must record its changes: add a [[version.change]] per corrected, added or removed indicator")
		}
		for _, ch := range v.Changes {
			errs = append(errs, c.checkChange(ch, i == len(c.Versions)-1, byID)...)
		}
		prev = v
	}
	latest := c.Latest()
	if fp := Fingerprint(inds); fingerprintRe.MatchString(latest.Fingerprint) && latest.Fingerprint != fp {
		errs.Add(srcpos.Errorf(latest.Pos, c.src,
			"the indicators differ from version %s as published (its fingerprint is %s; the data's is now %s). A published figure is never edited silently: add a [[version]] with the next version number, the date, summaries, fingerprint = %q and a [[version.change]] for each change (id, field, old, new, reason). Before the first publication, update this version's fingerprint instead",
			latest.Version, latest.Fingerprint, fp, fp))
	}
	return errs.Err()
}

func (c *Changelog) checkChange(ch *Change, latest bool, byID map[string]*dataset.Indicator) srcpos.List {
	var errs srcpos.List
	at := func(format string, args ...any) {
		errs.Add(srcpos.Errorf(ch.Pos, c.src, "change of %q: "+format, append([]any{ch.ID}, args...)...))
	}
	if ch.ID == "" {
		at("needs the id of the indicator it changes")
	}
	if strings.TrimSpace(ch.Reason) == "" {
		at("needs a reason: say why the figure changed (a misread digit, a corrected report)")
	}
	in := byID[ch.ID]
	switch ch.Action {
	case ActionCorrect:
		if _, ok := indicatorFields()[ch.Field]; !ok {
			at("field %q is not a key of indicators.toml (one of %s)", ch.Field, strings.Join(sortedKeys(indicatorFields()), ", "))
			break
		}
		if ch.Field == "id" {
			at("an id is not corrected: record the old id as removed and the new one as added")
		}
		if ch.Old == ch.New {
			at("old and new are both %q: a change must change something", ch.Old)
		}
		if !latest {
			break
		}
		// The latest version's corrections must be what the data now says.
		if in == nil {
			at("no indicator has this id now")
		} else if cur := fieldText(in, ch.Field); !sameValue(cur, ch.New) {
			at("new = %q but indicators.toml now has %s = %q: record the value the data holds", ch.New, ch.Field, cur)
		}
	case ActionAdd:
		if ch.Field != "" || ch.Old != "" || ch.New != "" {
			at("an added indicator needs only id and reason (field, old and new are for corrections)")
		}
		if latest && in == nil {
			at("is recorded as added but no indicator has this id")
		}
	case ActionRemove:
		if ch.Field != "" || ch.Old != "" || ch.New != "" {
			at("a removed indicator needs only id and reason (field, old and new are for corrections)")
		}
		if latest && in != nil {
			at("is recorded as removed but indicators.toml still has it")
		}
	default:
		at("action = %q must be %q, %q or %q", ch.Action, ActionCorrect, ActionAdd, ActionRemove)
	}
	return errs
}

// Fingerprint identifies the curated content of the indicators: the SHA-256
// of their JSON encoding (every non-empty field of indicators.toml, records
// in file order).
// Any edit of a published figure changes it.
func Fingerprint(inds []*dataset.Indicator) string {
	// The encoding is json.Marshal of one map per indicator (keys
	// sorted), written field by field with the keys sorted once.
	keys := curatedKeys()
	var b bytes.Buffer
	b.WriteByte('[')
	for i, in := range inds {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		v := reflect.ValueOf(in).Elem()
		first := true
		for _, k := range keys {
			f := v.Field(k.index)
			// Empty optional fields are left out, so that a field added to
			// the model later does not change every fingerprint.
			if (f.Kind() == reflect.String || f.Kind() == reflect.Pointer || f.Kind() == reflect.Slice) && f.IsZero() ||
				f.Kind() == reflect.Slice && f.Len() == 0 {
				continue
			}
			val, err := json.Marshal(f.Interface())
			if err != nil {
				panic(err) // strings, numbers and slices always encode
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.Write(k.json)
			b.WriteByte(':')
			b.Write(val)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	sum := sha256.Sum256(b.Bytes())
	return "sha256:" + hex.EncodeToString(sum[:])
}

type curatedKey struct {
	json  []byte // the key, JSON-encoded
	index int    // of the field in dataset.Indicator
}

// curatedKeys lists indicatorFields in key order.
var curatedKeys = sync.OnceValue(func() []curatedKey {
	fields := indicatorFields()
	var keys []curatedKey
	for _, name := range sortedKeys(fields) {
		k, _ := json.Marshal(name)
		keys = append(keys, curatedKey{k, fields[name]})
	}
	return keys
})

// indicatorFields maps the keys of indicators.toml to Indicator's fields:
// only the curated ones count, not those the build computes. Read only.
var indicatorFields = sync.OnceValue(func() map[string]int {
	out := map[string]int{}
	t := reflect.TypeFor[dataset.Indicator]()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]
		if tag != "" && tag != "-" {
			out[tag] = i
		}
	}
	return out
})

// fieldText is an indicator field as text, for comparing with a change.
func fieldText(in *dataset.Indicator, field string) string {
	v := reflect.ValueOf(in).Elem().Field(indicatorFields()[field])
	switch x := v.Interface().(type) {
	case string:
		return x
	case float64:
		return plainDecimal(x)
	case *float64:
		if x == nil {
			return ""
		}
		return plainDecimal(*x)
	case []string:
		return strings.Join(x, ";")
	}
	return fmt.Sprint(v.Interface())
}

// sameValue compares a field with a recorded value, numbers by value
// (1712.6 is 1712.60).
func sameValue(cur, recorded string) bool {
	if cur == recorded {
		return true
	}
	a, errA := strconv.ParseFloat(cur, 64)
	b, errB := strconv.ParseFloat(recorded, 64)
	return errA == nil && errB == nil && a == b
}

func semverLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range 3 {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return false
}
