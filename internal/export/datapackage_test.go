package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// profile compiles a vendored Data Package v1 profile (testdata/profiles,
// from the npm packages datapackage and tableschema), asserting formats.
func profile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "profiles", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "https://specs.frictionlessdata.io/schemas/" + name
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func instance(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestDataPackageValidates checks datapackage.json against the official
// profiles: the package (data-package), each CSV resource
// (tabular-data-resource) and its schema (table-schema); and that every
// listed file's size and hash are those of the file published.
func TestDataPackageValidates(t *testing.T) {
	tb, files := seedTable(t)
	raw := fileNamed(t, files, DataPackageName)
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	pkgProfile, resProfile, schemaProfile := profile(t, "data-package.json"), profile(t, "tabular-data-resource.json"), profile(t, "table-schema.json")
	if err := pkgProfile.Validate(instance(t, d)); err != nil {
		t.Fatalf("datapackage.json does not validate against data-package.json:\n%v", err)
	}
	if d["version"] != tb.Meta.Version() || d["version"] != "1.0.0" {
		t.Errorf("version %v, want the changelog's latest (%s)", d["version"], tb.Meta.Version())
	}
	published := map[string][]byte{tb.Meta.Seed: tb.Meta.SeedText}
	for _, f := range files {
		published[f.Name] = f.Data
	}
	resources := d["resources"].([]any)
	tabular := 0
	for _, r := range resources {
		res := r.(map[string]any)
		path := res["path"].(string)
		data, ok := published[path]
		if !ok {
			t.Errorf("resource %s is not a published file", path)
			continue
		}
		if got, want := int(res["bytes"].(float64)), len(data); got != want {
			t.Errorf("%s: bytes %d, file has %d", path, got, want)
		}
		if got, want := res["hash"], Hash(data); got != want || !strings.HasPrefix(want, "sha256:") {
			t.Errorf("%s: hash %v, file's is %s", path, got, want)
		}
		if res["description"] == "" || res["description_zh"] == "" {
			t.Errorf("%s: needs descriptions in both languages", path)
		}
		if res["profile"] != "tabular-data-resource" {
			continue
		}
		tabular++
		if err := resProfile.Validate(instance(t, res)); err != nil {
			t.Errorf("%s does not validate against tabular-data-resource.json:\n%v", path, err)
		}
		schema := res["schema"].(map[string]any)
		if err := schemaProfile.Validate(instance(t, schema)); err != nil {
			t.Errorf("%s: schema does not validate against table-schema.json:\n%v", path, err)
		}
		// The schema's fields are the CSV's header, in order, described
		// in both languages.
		header := readCSV(t, bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))[0]
		fields := schema["fields"].([]any)
		if len(fields) != len(header) {
			t.Fatalf("%s: %d fields for %d columns", path, len(fields), len(header))
		}
		for i, f := range fields {
			field := f.(map[string]any)
			if field["name"] != header[i] || field["description"] == "" || field["description_zh"] == "" {
				t.Errorf("%s: field %d = %v, header %q", path, i, field, header[i])
			}
		}
	}
	if tabular != 2 || len(resources) != 5 {
		t.Errorf("%d resources, %d tabular; want 5 (2 CSV, XLSX, JSON, the original text) and 2", len(resources), tabular)
	}
}

// TestDataPackageProfilesCanFail: the validation is not vacuous: a wrong
// name, hash, field type or missing resource path is caught.
func TestDataPackageProfilesCanFail(t *testing.T) {
	_, files := seedTable(t)
	raw := fileNamed(t, files, DataPackageName)
	pkgProfile, resProfile, schemaProfile := profile(t, "data-package.json"), profile(t, "tabular-data-resource.json"), profile(t, "table-schema.json")
	breakIt := func(edit func(d map[string]any)) map[string]any {
		var d map[string]any
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		edit(d)
		return d
	}
	res := func(d map[string]any) map[string]any { return d["resources"].([]any)[0].(map[string]any) }
	cases := map[string]struct {
		s    *jsonschema.Schema
		pick func(map[string]any) any
		edit func(map[string]any)
	}{
		"uppercase name": {pkgProfile, func(d map[string]any) any { return d }, func(d map[string]any) { d["name"] = "Nanhai Data" }},
		"bad hash":       {pkgProfile, func(d map[string]any) any { return d }, func(d map[string]any) { res(d)["hash"] = "sha256:not-hex" }},
		"no resources":   {pkgProfile, func(d map[string]any) any { return d }, func(d map[string]any) { d["resources"] = []any{} }},
		"no path":        {resProfile, func(d map[string]any) any { return res(d) }, func(d map[string]any) { delete(res(d), "path") }},
		"bad type": {schemaProfile, func(d map[string]any) any { return res(d)["schema"] }, func(d map[string]any) {
			res(d)["schema"].(map[string]any)["fields"].([]any)[0].(map[string]any)["type"] = "text"
		}},
	}
	for name, c := range cases {
		d := breakIt(c.edit)
		if err := c.s.Validate(instance(t, c.pick(d))); err == nil {
			t.Errorf("%s: validated", name)
		}
	}
}
