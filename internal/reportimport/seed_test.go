package reportimport

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// The seed under seeds/ is the report exactly as received; nothing may
// edit it, not even an editor's "harmless" whitespace fix.
func TestSeedIsByteIdentical(t *testing.T) {
	const want = "4a3b51dd04b7060237eaf266607135bb800c51c20d9f591fddf134d886f18b26"
	sum := sha256.Sum256(readRepo(t, seedFile))
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("sha256 of %s = %s, want %s: the seed must stay byte for byte as received", seedFile, got, want)
	}
}

func TestSeedTreeGolden(t *testing.T) {
	golden(t, "golden/nanhai-2023-h1-plan-execution.json", treeJSON(t, parseSeed(t)))
}

func TestSeedStructure(t *testing.T) {
	r := parseSeed(t)
	if len(r.Parts) != 2 {
		t.Fatalf("%d parts, want 2", len(r.Parts))
	}
	one, two := r.Parts[0], r.Parts[1]
	if got := len(one.Sections); got != 4 {
		t.Errorf("part 一 has %d subsections, want 4", got)
	}
	if got := len(two.Sections); got != 7 {
		t.Errorf("part 二 has %d subsections, want 7", got)
	}
	for i, s := range one.Sections {
		want := 0
		if i == 3 {
			want = 4
		}
		if len(s.Items) != want {
			t.Errorf("subsection （%s） of part 一 has %d items, want %d", ChineseNumeral(i+1), len(s.Items), want)
		}
	}
	for _, s := range two.Sections {
		if len(s.Items) != 0 {
			t.Errorf("subsection %q of part 二 has %d items, want none", s.Title, len(s.Items))
		}
	}
	// Headings as the site shows them: the typed markers （4） and 2、 are
	// numbered by position.
	if got, want := two.Title, "下半年工作重点"; got != want || two.Number != 2 || two.Line != 46 {
		t.Errorf("part 二 = %q (number %d, line %d), want %q from line 46", got, two.Number, two.Line, want)
	}
	if s := one.Sections[3]; s.Number != 4 || !strings.HasPrefix(s.Title, "坚定城产人文融合发展路径不停步") {
		t.Errorf("subsection （4） read as number %d, title %q", s.Number, s.Title)
	}
	if s := two.Sections[0]; s.Number != 1 || !strings.HasPrefix(s.Title, "抓实经济发展") {
		t.Errorf("subsection （1） of part 二 read as number %d, title %q", s.Number, s.Title)
	}

	c := r.Count()
	if c != (Counts{Parts: 2, Sections: 11, Items: 4, Paragraphs: 57}) {
		t.Errorf("counts = %+v, want 2 parts, 11 subsections, 4 items, 57 paragraphs", c)
	}
	if len(r.Preamble) != 0 || r.Meta != (Meta{}) {
		t.Errorf("the seed has no title block, but got meta %+v and %d preamble paragraphs", r.Meta, len(r.Preamble))
	}

	// Lines 44–45 are one sentence broken in two; the correction makes
	// the paragraph close part 一 instead of belonging to item 4、.
	if len(one.Closing) != 1 {
		t.Fatalf("part 一 has %d closing paragraphs, want 1 (the corrected summary paragraph)", len(one.Closing))
	}
	closing := one.Closing[0]
	if closing.Line != 44 || closing.EndLine != 45 {
		t.Errorf("closing paragraph spans lines %d–%d, want 44–45", closing.Line, closing.EndLine)
	}
	if !strings.Contains(closing.Text, "同时，也清醒地认识到不可预料因素增多") {
		t.Errorf("the sentence broken across lines 44–45 is not rejoined: %q", closing.Text)
	}
	for _, p := range r.Paragraphs() {
		if p.Text == "" || strings.ContainsAny(p.Text, "\n\r") {
			t.Errorf("paragraph at line %d is empty or holds a line break: %q", p.Line, p.Text)
		}
		if p.Lead != "" && !strings.HasPrefix(p.Text, p.Lead) {
			t.Errorf("lead %q of the paragraph at line %d is not a prefix of its text", p.Lead, p.Line)
		}
	}
	item4 := one.Sections[3].Items[3]
	if len(item4.Paragraphs) != 3 {
		t.Errorf("item 4、 keeps %d paragraphs, want 3 (the summary moved out)", len(item4.Paragraphs))
	}
	if got := r.Paragraphs()[0].Lead; got != "" {
		t.Errorf("the opening paragraph of part 一 has lead %q, want none (its first sentence is long)", got)
	}
	if got := one.Sections[0].Paragraphs[0].Lead; got != "经济运行稳中向好。" {
		t.Errorf("lead of the first paragraph of （一） = %q, want 经济运行稳中向好。", got)
	}
}

// Every character of the seed is in the tree, in order, and nothing else:
// the concatenated headings and paragraphs equal the seed's lines joined,
// once the heading markers (which the site prints itself) are removed.
func TestSeedTextPreserved(t *testing.T) {
	r := parseSeed(t)
	want := sourceText(readRepo(t, seedFile), 1, 0)
	if got := parsedText(r); got != want {
		t.Fatalf("the parsed text differs from the seed %s", firstDifference(want, got))
	}
}
