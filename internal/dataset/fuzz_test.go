package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"reportsite/internal/quantity"
)

// FuzzPropose: for any text, every proposal's quote is a piece of the
// text that holds the figure's digits, and its value agrees with them.
func FuzzPropose(f *testing.F) {
	for _, s := range []string{
		"上半年全区完成地区生产总值1712.60亿元，增长4.5%，增速较2022年全年回升2.3个百分点，三次产业结构为1.9：49.6：48.5。",
		"防返贫监测对象比去年底减少33户157人。", "增长5%，增长5%。", "约46万平方米，超2061亿元，83%以上",
		"2022-2023学年，3月中旬，6月30日", "下降至5%", "１２３个", "-5%", "5G基站20个",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		p := para(text, "下半年工作重点")
		for _, n := range quantity.ScanZh(text) {
			pr := Propose(p, n, "2023-H1")
			if !strings.Contains(text, pr.Quote) {
				t.Fatalf("quote %q is not in %q", pr.Quote, text)
			}
			if !strings.Contains(pr.Quote, pr.ValueText) {
				t.Fatalf("quote %q lacks %q", pr.Quote, pr.ValueText)
			}
			if pr.Value < 0 && Direction(text, n.DigitStart).Sign >= 0 {
				t.Fatalf("negative value without a decrease word: %q in %q", pr.ValueText, text)
			}
			_ = pr.TOML()
		}
	})
}

// FuzzDirection: Direction never panics, and a word it reports is in the
// clause before the offset.
func FuzzDirection(f *testing.F) {
	f.Add("同比下降13.1%", 12)
	f.Add("由年初54.7%提升至69.5%", 20)
	f.Add("不低于80%", 9)
	f.Fuzz(func(t *testing.T, text string, at int) {
		if at < 0 || at > len(text) || !utf8.ValidString(text) {
			return
		}
		d := Direction(text, at)
		if d.Word != "" && d.Sign != 0 && !strings.Contains(text[:at], d.Word) {
			t.Fatalf("Direction(%q, %d) = %+v: the word is not before the offset", text, at, d)
		}
		_ = qualifiersAround(text, at, at)
	})
}

// FuzzParagraphPos: any Markdown paragraph maps every offset of its plain
// text to a position inside the Markdown, in order.
func FuzzParagraphPos(f *testing.F) {
	f.Add("**经济运行稳中向好**。出台\\<方案\\>，完成1712.60亿元。")
	f.Add("a\\*b\\_c\n第二行&amp;")
	f.Fuzz(func(t *testing.T, md string) {
		if !utf8.ValidString(md) {
			return
		}
		text := strings.NewReplacer("**", "", "\\", "").Replace(md)
		p := &Paragraph{ID: "p", Text: text, File: "f.md", markdown: md, line: 1}
		lines := strings.Count(md, "\n") + 1
		prev := 0
		for off := range text {
			pos := p.Pos(off)
			key := pos.Line*1_000_000 + pos.Col
			if pos.Line < 1 || pos.Line > lines || pos.Col < 1 || key < prev {
				t.Fatalf("Pos(%d) = %v for %q", off, pos, md)
			}
			prev = key
		}
	})
}

// FuzzLoadRelations: any relations.toml either loads or fails with an
// error; declarations that load are validated and computed without
// panicking.
func FuzzLoadRelations(f *testing.F) {
	seed, _ := os.ReadFile(filepath.Join(seedDir(), RelationsFile))
	f.Add(string(seed))
	f.Add("[[relation]]\nid = \"x\"\ntype = \"share\"\nshare = \"s\"\npart = \"p\"\ntotal = \"t\"\n")
	f.Add("[[dismissed]]\ntype = \"sum\"\ntotal = \"t\"\nparts = [\"p\", \"p\"]\nreason = \"r\"\n")
	f.Fuzz(func(t *testing.T, src string) {
		path := filepath.Join(t.TempDir(), RelationsFile)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		rels, dis, err := LoadRelations(path)
		if err != nil {
			return
		}
		d := testSet(fig("s", "9.4", "%", 1, "share_pct", false), fig("p", "73.64", "亿元", 1e8, "level", false), fig("t", "0", "亿元", 1e8, "level", false))
		d.Relations, d.Dismissed = rels, dis
		_ = d.checkRelations()
	})
}
