package doctitles

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestChinese(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"出台《佛山市南海区促进外贸调结构稳增长扶持办法》，调整", []string{"《佛山市南海区促进外贸调结构稳增长扶持办法》"}},
		{"推进实施了《甲方案》《乙方案》等政策方案", []string{"《甲方案》", "《乙方案》"}},
		{"制定《南海区落实<构建佛山“益晒你”企业服务体系>任务分解表》，加快", []string{"《南海区落实<构建佛山“益晒你”企业服务体系>任务分解表》"}},
		{"外《内《套》外》尾", []string{"《内《套》外》"}},
		{"未闭合《标题", []string{"《标题"}},
		{"多余》括号", nil},
		{"", nil},
	}
	for _, tc := range tests {
		got := Chinese(tc.text)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Chinese(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestEnglish(t *testing.T) {
	h := `The <em>Measures of Nanhai &amp; Foshan</em> and <em>&quot;1+N&quot; Layout</em> were issued; <strong>lead</strong>.`
	got := English(h)
	if want := []string{"Measures of Nanhai & Foshan", `"1+N" Layout`}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("English = %q, want %q", got, want)
	}
	if n := len(English("no titles")); n != 0 {
		t.Errorf("%d titles in plain text", n)
	}
}

func TestAnnotate(t *testing.T) {
	h := `a <em>One</em> b <em>Two</em> c`
	got := Annotate(h, func(i int, em string) string {
		return "[" + string(rune('0'+i)) + em + "]"
	})
	if want := `a [0<em>One</em>] b [1<em>Two</em>] c`; got != want {
		t.Errorf("Annotate = %q, want %q", got, want)
	}
	if Strip("《标题》") != "标题" {
		t.Error("Strip")
	}
}

func FuzzChinese(f *testing.F) {
	f.Add("出台《办法》和《方案<附件>》")
	f.Add("《《》")
	f.Fuzz(func(t *testing.T, text string) {
		for _, ti := range Chinese(text) {
			if !strings.HasPrefix(ti, "《") || !strings.Contains(text, ti) {
				t.Fatalf("title %q not from %q", ti, text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(ti) {
				t.Fatalf("title %q cuts a character", ti)
			}
		}
	})
}

func FuzzEnglish(f *testing.F) {
	f.Add(`a <em>b</em> <em>c &amp; d</em>`)
	f.Add(`<em><em>x</em>`)
	f.Fuzz(func(t *testing.T, h string) {
		n := len(English(h))
		calls := 0
		out := Annotate(h, func(i int, em string) string {
			if i != calls {
				t.Fatalf("call %d got index %d", calls, i)
			}
			calls++
			return em
		})
		if calls != n || out != h {
			t.Fatalf("Annotate saw %d titles of %d, or changed the text", calls, n)
		}
	})
}
