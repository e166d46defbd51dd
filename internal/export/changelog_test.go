package export

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"reportsite/internal/dataset"
)

func writeChangelog(t testing.TB, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), ChangelogFile)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func changelogInds() []*dataset.Indicator {
	return []*dataset.Indicator{
		{ID: "gdp", Value: 1712.6, ValueText: "1712.60", Unit: "亿元", Multiplier: 1e8, Quote: "地区生产总值1712.60亿元"},
		{ID: "gdp-yoy", Value: 4.5, ValueText: "4.5", Unit: "%", Multiplier: 1, Quote: "增长4.5%"},
	}
}

// TestChangelogChecks proves each check able to fail, at the right line.
func TestChangelogChecks(t *testing.T) {
	inds := changelogInds()
	fp := Fingerprint(inds)
	v1 := "[[version]]\nversion = \"1.0.0\"\ndate = \"2026-11-01\"\nsummary_en = \"First.\"\nsummary_zh = \"首次。\"\nfingerprint = \"FP1\"\n"
	v2 := "\n[[version]]\nversion = \"1.0.1\"\ndate = \"2026-11-20\"\nsummary_en = \"Fix.\"\nsummary_zh = \"更正。\"\nfingerprint = \"FP2\"\n" +
		"\n[[version.change]]\naction = \"correct\"\nid = \"gdp\"\nfield = \"value_text\"\nold = \"1712.6\"\nnew = \"1712.60\"\nreason = \"The report writes two decimals.\"\n"
	oldFP := "sha256:" + strings.Repeat("0", 64)
	good := strings.ReplaceAll(strings.ReplaceAll(v1+v2, "FP1", oldFP), "FP2", fp)
	cases := []struct {
		name, src, want string
	}{
		{"good", good, ""},
		{"first publication", strings.ReplaceAll(v1, "FP1", fp), ""},
		{"silent edit", strings.ReplaceAll(v1, "FP1", oldFP), ":1:1: the indicators differ from version 1.0.0 as published"},
		{"bad version", strings.ReplaceAll(strings.ReplaceAll(v1, "FP1", fp), "1.0.0", "1.0"), "version must be MAJOR.MINOR.PATCH"},
		{"not increasing", strings.ReplaceAll(strings.ReplaceAll(good, "\"1.0.1\"", "\"0.9.0\""), "", ""), ":8:1: version \"0.9.0\": must be greater than the version before it (1.0.0)"},
		{"bad date", strings.ReplaceAll(good, "2026-11-20", "2026-13-01"), "date = \"2026-13-01\" must be a date"},
		{"date after edition", strings.ReplaceAll(good, "2026-11-20", "2026-12-01"), "is after the edition date 2026-11-25"},
		{"dates backwards", strings.ReplaceAll(good, "2026-11-20", "2026-10-01"), "is before the date of version 1.0.0"},
		{"no summary", strings.ReplaceAll(good, "summary_zh = \"更正。\"", "summary_zh = \"\""), "needs summary_en and summary_zh"},
		{"bad fingerprint", strings.ReplaceAll(good, oldFP, "md5:abc"), "fingerprint = \"md5:abc\" must be"},
		{"unknown key", strings.ReplaceAll(good, "reason =", "reasn ="), "unknown key \"version.change.reasn\""},
		{"no reason", strings.ReplaceAll(good, "reason = \"The report writes two decimals.\"", "reason = \" \""), ":15:1: change of \"gdp\": needs a reason"},
		{"unknown field", strings.ReplaceAll(good, "field = \"value_text\"", "field = \"valu\""), "field \"valu\" is not a key of indicators.toml"},
		{"new is not the data", strings.ReplaceAll(good, "new = \"1712.60\"", "new = \"1712.06\""), "new = \"1712.06\" but indicators.toml now has value_text = \"1712.60\""},
		{"no change", strings.ReplaceAll(good, "old = \"1712.6\"", "old = \"1712.60\""), "old and new are both"},
		{"later version without changes", strings.ReplaceAll(v1, "FP1", oldFP) + strings.ReplaceAll(v2[:strings.Index(v2, "[[version.change]]")], "FP2", fp), "a version after the first must record its changes"},
		{"bad action", strings.ReplaceAll(good, "action = \"correct\"", "action = \"edit\""), "action = \"edit\" must be"},
		{"added but absent", strings.ReplaceAll(strings.ReplaceAll(good, "action = \"correct\"", "action = \"add\"\n#"), "id = \"gdp\"\nfield = \"value_text\"\nold = \"1712.6\"\nnew = \"1712.60\"", "id = \"gdp-h2\""), "recorded as added but no indicator has this id"},
		{"removed but present", strings.ReplaceAll(good, "action = \"correct\"\nid = \"gdp\"\nfield = \"value_text\"\nold = \"1712.6\"\nnew = \"1712.60\"", "action = \"remove\"\nid = \"gdp\""), "recorded as removed but indicators.toml still has it"},
		{"empty", "# nothing yet\n", "no [[version]]"},
		{"syntax", "[[version]\n", "expected end of table array name delimiter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeChangelog(t, c.src)
			log, err := LoadChangelog(path)
			if err == nil {
				err = log.Check(inds, "2026-11-25")
			}
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), path+":")):
				t.Fatalf("got %v\nwant a positioned error containing %q", err, c.want)
			}
		})
	}
}

// TestFingerprint: any curated field changes it; computed fields and
// positions do not.
func TestFingerprint(t *testing.T) {
	fp := Fingerprint(changelogInds())
	if !fingerprintRe.MatchString(fp) || fp != Fingerprint(changelogInds()) {
		t.Fatalf("fingerprint %q not stable", fp)
	}
	edits := map[string]func(*dataset.Indicator){
		"value":      func(in *dataset.Indicator) { in.Value = 1712.7 },
		"value_text": func(in *dataset.Indicator) { in.ValueText = "1712.6" },
		"flags":      func(in *dataset.Indicator) { in.Flags = []string{"approximate"} },
		"note":       func(in *dataset.Indicator) { in.Note = "x" },
	}
	for name, edit := range edits {
		inds := changelogInds()
		edit(inds[0])
		if Fingerprint(inds) == fp {
			t.Errorf("editing %s leaves the fingerprint", name)
		}
	}
	inds := changelogInds()
	inds[0].Decimals, inds[0].QuoteOffset, inds[0].Pos.Line = 2, 40, 7
	if Fingerprint(inds) != fp {
		t.Error("computed fields change the fingerprint")
	}
	inds = changelogInds()
	inds[0], inds[1] = inds[1], inds[0]
	if Fingerprint(inds) == fp {
		t.Error("reordering leaves the fingerprint")
	}
}

func TestChangelogText(t *testing.T) {
	inds := changelogInds()
	src := "[[version]]\nversion = \"1.0.0\"\ndate = \"2026-11-01\"\nsummary_en = \"First.\"\nsummary_zh = \"首次。\"\nfingerprint = \"sha256:" + strings.Repeat("0", 64) + "\"\n" +
		"\n[[version]]\nversion = \"1.0.1\"\ndate = \"2026-11-20\"\nsummary_en = \"Fix.\"\nsummary_zh = \"更正。\"\nfingerprint = \"" + Fingerprint(inds) + "\"\n" +
		"\n[[version.change]]\naction = \"correct\"\nid = \"gdp\"\nfield = \"value_text\"\nold = \"1712.6\"\nnew = \"1712.60\"\nreason = \"Two decimals.\"\n"
	log, err := LoadChangelog(writeChangelog(t, src))
	if err != nil {
		t.Fatal(err)
	}
	m := syntheticMeta()
	m.Changelog = log
	if m.Version() != "1.0.1" {
		t.Errorf("version %q", m.Version())
	}
	text := string(ChangelogText(&m))
	i, j := strings.Index(text, "1.0.1 (2026-11-20)"), strings.Index(text, "1.0.0 (2026-11-01)")
	if i < 0 || j < i || !strings.Contains(text, `- gdp: value_text corrected from "1712.6" to "1712.60". Two decimals.`) {
		t.Errorf("CHANGELOG.txt:\n%s", text)
	}
}

// FuzzChangelog: any file gives a changelog or a positioned error, never
// a panic.
func FuzzChangelog(f *testing.F) {
	src, err := os.ReadFile(filepath.Join(root, "data", seedReport, ChangelogFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(src))
	f.Add("[[version]]\nversion = \"1.0.0\"\n[[version.change]]\naction = \"correct\"\nfield = \"value\"\n")
	f.Add("[[version.change]]\nid = 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		path := writeChangelog(t, s)
		log, err := LoadChangelog(path)
		if err != nil {
			return
		}
		if err := log.Check(changelogInds(), "2026-11-25"); err != nil && !strings.HasPrefix(err.Error(), path) {
			t.Fatalf("unpositioned error: %v", err)
		}
		ChangelogText(&Meta{Changelog: log})
	})
}

// TestFingerprintEncoding: the fingerprint is the SHA-256 of json.Marshal
// of one map per indicator holding its non-empty curated fields (what
// published changelogs record), however it is computed.
func TestFingerprintEncoding(t *testing.T) {
	inds := changelogInds()
	inds[1].Flags = []string{"approximate", "derived <&>"}
	var curated []map[string]any
	for _, in := range inds {
		m := map[string]any{}
		v := reflect.ValueOf(in).Elem()
		for name, idx := range indicatorFields() {
			f := v.Field(idx)
			if (f.Kind() == reflect.String || f.Kind() == reflect.Pointer || f.Kind() == reflect.Slice) && f.IsZero() ||
				f.Kind() == reflect.Slice && f.Len() == 0 {
				continue
			}
			m[name] = f.Interface()
		}
		curated = append(curated, m)
	}
	b, err := json.Marshal(curated)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got, want := Fingerprint(inds), "sha256:"+hex.EncodeToString(sum[:]); got != want {
		t.Errorf("Fingerprint = %s, want %s (of %s)", got, want, b)
	}
}
