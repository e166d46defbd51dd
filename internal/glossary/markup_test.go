package glossary

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

const open, close = `<a class="term" href="g/#t">`, `</a>`

func TestMark(t *testing.T) {
	g := mustParse(t, sample+`
[[term]]
zh = "三资"
en = "the \"three assets\" (funds, assets and resources)"
category = "slogan"
`)
	yi, _ := g.Term("益晒你")
	sanzi, _ := g.Term("三资")
	parks, _ := g.Term("村级工业园")
	tests := []struct {
		name string
		term *Term
		in   string
		want string
	}{
		{"quotes taken in", yi, `the &quot;Yi Sai Ni&quot; system`, `the ` + open + `&#34;Yi Sai Ni&#34;` + close + ` system`},
		{"brackets and leading the", sanzi, `rural collective &quot;three assets&quot; (funds, assets and resources), and`, `rural collective ` + open + `&#34;three assets&#34; (funds, assets and resources)` + close + `, and`},
		{"first only", parks, `village-level industrial parks and village-level industrial parks`, open + `village-level industrial parks` + close + ` and village-level industrial parks`},
		{"not in a link", parks, `<a href="x">village-level industrial parks</a>, village industrial parks`, `<a href="x">village-level industrial parks</a>, ` + open + `village industrial parks` + close},
		{"not in a title", yi, `<em>Building Foshan's &quot;Yi Sai Ni&quot; System</em> and &quot;Yi Sai Ni&quot;`, `<em>Building Foshan's &quot;Yi Sai Ni&quot; System</em> and ` + open + `&#34;Yi Sai Ni&#34;` + close},
		{"not in an attribute", parks, `<span title="village-level industrial parks">x</span>`, ``},
		{"attribute with >", parks, `<span title="a > village industrial parks">parks</span> village industrial parks`, `<span title="a > village industrial parks">parks</span> ` + open + `village industrial parks` + close},
		{"inside strong", yi, `<strong>&quot;Yi Sai Ni&quot; grew.</strong>`, `<strong>` + open + `&#34;Yi Sai Ni&#34;` + close + ` grew.</strong>`},
		{"absent", yi, `nothing here`, ``},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.term.Mark(tc.in, open, close)
			if tc.want == "" {
				if ok || got != tc.in {
					t.Errorf("marked %q", got)
				}
				return
			}
			if !ok || got != tc.want {
				t.Errorf("Mark(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMarkChinese(t *testing.T) {
	g := mustParse(t, sample)
	short, _ := g.Term("老旧小区改造")
	got, ok := g.MarkChinese(short, "推进城镇老旧小区改造，完成老旧小区改造。", open, close)
	if want := "推进城镇老旧小区改造，完成" + open + "老旧小区改造" + close + "。"; !ok || got != want {
		t.Errorf("got %q, want %q (the first occurrence is part of a longer term)", got, want)
	}
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// FuzzMark: marking never changes what a reader sees, and adds exactly
// one link when it reports a mark.
func FuzzMark(f *testing.F) {
	f.Add(`the &quot;Yi Sai Ni&quot; <em>x</em> village parks`)
	f.Add(`<a href="a">village parks</a> village parks <b`)
	f.Add(`"Yi Sai Ni<`)
	g, err := Parse("f.toml", []byte(sample))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if strings.Contains(in, open) {
			return
		}
		for _, tr := range g.Terms {
			out, ok := tr.Mark(in, open, close)
			if !ok {
				if out != in {
					t.Fatalf("unmarked output differs")
				}
				continue
			}
			if strings.Count(out, open) != 1 {
				t.Fatalf("%d links in %q", strings.Count(out, open), out)
			}
			before := html.UnescapeString(tagRe.ReplaceAllString(in, ""))
			after := html.UnescapeString(tagRe.ReplaceAllString(out, ""))
			if before != after {
				t.Fatalf("text changed:\n%q\n%q", before, after)
			}
		}
	})
}
