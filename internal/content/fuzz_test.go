package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// reportText says whether s is a paragraph the importer can produce: valid
// UTF-8 on one line, no NUL, not empty, no white space at either end.
func reportText(s string) bool {
	space := func(r rune) bool { return unicode.IsSpace(r) || r == '\ufeff' }
	return s != "" && utf8.ValidString(s) && !strings.ContainsAny(s, "\x00\r\n") && strings.TrimFunc(s, space) == s
}

// leadOfText is the lead the importer would pass: the text up to its first
// 。, when bold is asked for.
func leadOfText(text string, bold bool) string {
	if i := strings.Index(text, "。"); bold && i >= 0 {
		return text[:i+len("。")]
	}
	return ""
}

// FuzzMarkdown is the escaping guarantee: whatever the report says,
// Markdown writes it so that it renders back to exactly the same text.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"经济运行稳中向好。出台实施了一系列政策。",
		"**强调**_下划线_[链接](https://x)<b>标签</b>&amp;&#1;\\反斜杠`代码`",
		"1. 列表？", "1) 列表", "12345.", "# 标题", "> 引用", "- 项目", "+ 项目", "=== ", "---", "***",
		"| 表 | 格 |", "{#p123456}", "{sections}", "~~~", "```", "![图](x)", ":::",
		"1)a\\.b 反斜杠与点。", "经济稳定 。后文。", "“经济”。后文", "*经济*。后文。", "<http://x>", "a  \tb",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, text string, bold bool) {
		if !reportText(text) {
			return
		}
		lead := leadOfText(text, bold)
		md := Markdown(text, lead)
		h, plain, err := Inline(md)
		if err != nil {
			t.Fatalf("Markdown(%q, %q) = %q, which is not one paragraph: %v", text, lead, md, err)
		}
		if plain != text {
			t.Fatalf("Markdown(%q, %q) = %q renders as %q, text %q", text, lead, md, h, plain)
		}
		if lead != "" && strings.HasPrefix(h, "<strong>") {
			if got := leadOf(h); got != lead {
				t.Fatalf("lead read back as %q, want %q (html %q)", got, lead, h)
			}
		}
	})
}

// FuzzParseSection: ParseSection never panics, and what it accepts
// survives Format: the file written back reads as the same section.
func FuzzParseSection(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*/*.md")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "+++", "+++\n+++\n", "+++\nkind = \"part\"\npart = 1\ntitle = \"t\"\norder = 1\n+++\n\n{#p1}\n正文\n",
		"+++\nkind = \"section\"\npart = 1\nnumber = 1\ntitle = \"t\"\norder = 1\n+++\n\n## 标题 {#h-1}\n\n{#../x}\n正文\n",
		"+++\nkind = \"part\"\npart = 1\ntitle = \"t\"\norder = 1\n+++\n{sections}\n{#p1}\n# 不是一段\n",
		"+++\ntitle = \"unterminated\n+++\n", "\xef\xbb\xbf+++\r\nkind = \"preamble\"\r\norder = 1\r\n+++\r\n\r\n{#p1}\r\n正文\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "content/r/zh/1-1.md"
		s, err := ParseSection(name, src)
		if err != nil {
			return
		}
		back, err := ParseSection(name, Format(s))
		if err != nil {
			t.Fatalf("a section that parsed does not parse once formatted: %v\n%s", err, Format(s))
		}
		if back.Kind != s.Kind || back.Part != s.Part || back.Number != s.Number || back.Title != s.Title || back.Order != s.Order {
			t.Fatalf("front matter changed by Format: %+v → %+v", s, back)
		}
		if len(back.Blocks) != len(s.Blocks) {
			t.Fatalf("%d blocks, %d after Format", len(s.Blocks), len(back.Blocks))
		}
		for i, b := range s.Blocks {
			o := back.Blocks[i]
			if b.Kind != o.Kind || b.ID != o.ID || b.HTML != o.HTML || b.Text != o.Text {
				t.Fatalf("block %d changed by Format: %+v → %+v", i, b, o)
			}
		}
	})
}
