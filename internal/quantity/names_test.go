package quantity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeNames(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "numerals.toml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadNames(t *testing.T) {
	path := writeNames(t, `# names
[[name]]
text = "1310"
paragraph = "p1"
reason = "programme"

[[name]]
text = "1中心+N基地"
paragraph = "p2"
reason = "model"
en = "1 centre + N bases"
`)
	ns, err := LoadNames(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns.Decls) != 2 || ns.Decls[1].EnglishText() != "1 centre + N bases" || ns.Decls[0].EnglishText() != "1310" {
		t.Fatalf("decls %+v", ns.Decls)
	}
	if ns.Decls[1].Pos.Line != 7 || ns.Decls[1].Pos.File != path {
		t.Errorf("second declaration at %v, want line 7", ns.Decls[1].Pos)
	}
	if got := ns.For("p2"); len(got) != 1 || got[0].Text != "1中心+N基地" {
		t.Errorf("For(p2) = %+v", got)
	}
	if got := strings.Join(ns.Paragraphs(), ","); got != "p1,p2" {
		t.Errorf("Paragraphs() = %s", got)
	}
}

func TestLoadNamesErrors(t *testing.T) {
	tests := []struct{ body, want string }{
		{"[[name]]\ntext = \"1310\"\nparagraph = \"p1\"\nreason = \"r\"\nwhy = \"typo\"\n", `:5:1: unknown key "name.why"`},
		{"[[name]]\ntext = \"\"\nparagraph = \"p1\"\nreason = \"r\"\n", `:1:1: a [[name]] needs text`},
		{"[[name]]\ntext = \"一三一〇\"\nparagraph = \"p1\"\nreason = \"r\"\n", `has no digit`},
		{"[[name]]\ntext = \"1310\"\nreason = \"r\"\n", `needs paragraph`},
		{"[[name]]\ntext = \"1310\"\nparagraph = \"p1\"\n", `needs reason`},
		{"[[name]]\ntext = 1310\n", `:2:`},
	}
	for _, tt := range tests {
		_, err := LoadNames(writeNames(t, tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.body, err, tt.want)
		}
	}
}

func TestApplyNames(t *testing.T) {
	d := func(text string) NameDecl { return NameDecl{Text: text, Paragraph: "p", Reason: "r"} }
	tests := []struct {
		name    string
		text    string
		decls   []NameDecl
		names   []string // the names found, in order
		problem string   // substring of the only problem, if any
	}{
		{"programme in quotes", "落实“1310”具体部署", []NameDecl{d("1310")}, []string{"1310"}, ""},
		{"several digit runs in one name", "“1+3+6”示范带", []NameDecl{d("1+3+6")}, []string{"1+3+6"}, ""},
		{"line number", "地铁3号线后通段、4号线", []NameDecl{d("3"), d("4")}, []string{"3", "4"}, ""},
		{"twice declared, twice used", "3号线、轨道3号线", []NameDecl{d("3"), d("3")}, []string{"3", "3"}, ""},
		{"never part of a longer number", "下降13.1%，3号线", []NameDecl{d("3")}, []string{"3"}, ""},
		{"followed by a unit", "示范带3条，3号线", []NameDecl{d("3")}, []string{"3", "3"}, `"3" is followed by the unit "条"`},
		{"followed by 亿元", "投资1310亿元", []NameDecl{d("1310")}, []string{"1310"}, "can never be declared a name"},
		{"occurs nowhere", "落实“1311”具体部署", []NameDecl{d("1310")}, nil, "occurs nowhere"},
		{"only inside a longer number", "增长13.1%", []NameDecl{d("3")}, nil, "occurs nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nums, probs := ApplyNames(tt.text, ScanZh(tt.text), tt.decls, false)
			var names []string
			for _, n := range nums {
				if n.Kind == Name {
					names = append(names, n.Declared)
				}
			}
			if strings.Join(names, " ") != strings.Join(tt.names, " ") {
				t.Errorf("names %q, want %q", names, tt.names)
			}
			switch {
			case tt.problem == "" && len(probs) > 0:
				t.Errorf("unexpected problems %+v", probs)
			case tt.problem != "" && (len(probs) != 1 || !strings.Contains(probs[0].Msg, tt.problem)):
				t.Errorf("problems %+v, want one with %q", probs, tt.problem)
			}
			checkOffsets(t, tt.text, nums)
		})
	}
}

func TestApplyNamesEnglish(t *testing.T) {
	decls := []NameDecl{{Text: "3", Paragraph: "p", Reason: "r"}}
	text := "3 km of track for Metro Line 3"
	nums, probs := ApplyNames(text, ScanEn(text), decls, true)
	if len(probs) != 0 {
		t.Fatalf("problems %+v", probs)
	}
	if got := describeAll(nums); strings.Join(got, "; ") != "quantity 3|km = 3000 m; name 3| = <nil> name" {
		t.Errorf("got %q", got)
	}
}
