// Package doctitles pairs the document titles of a Chinese paragraph
// (《…》) with their English translations, which the English edition
// writes in italics (*…*, rendered <em>…</em>), so that each English title
// can show the Chinese title it translates. The pairing is by order, so
// the counts must agree; a nested title 《…<…>…》 is one title.
package doctitles

import (
	"html"
	"regexp"
	"strings"
)

// Chinese returns the 《…》 titles of a plain Chinese text, outermost
// only, with their brackets. An unclosed 《 runs to the end of the text.
func Chinese(text string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range text {
		switch r {
		case '《':
			if depth == 0 {
				start = i
			}
			depth++
		case '》':
			if depth > 0 {
				depth--
				if depth == 0 {
					out = append(out, text[start:i+len("》")])
				}
			}
		}
	}
	if depth > 0 {
		out = append(out, text[start:])
	}
	return out
}

var emRe = regexp.MustCompile(`<em>((?s:.*?))</em>`)

// English returns the italic spans of inline HTML as plain text.
func English(inline string) []string {
	var out []string
	for _, m := range emRe.FindAllStringSubmatch(inline, -1) {
		out = append(out, html.UnescapeString(stripTags(m[1])))
	}
	return out
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tagRe.ReplaceAllString(s, "") }

// Annotate replaces the i-th italic span of inline HTML (the whole
// <em>…</em>, i counting from 0) with what rewrite returns for it.
func Annotate(inline string, rewrite func(i int, em string) string) string {
	i := -1
	return emRe.ReplaceAllStringFunc(inline, func(m string) string {
		i++
		return rewrite(i, m)
	})
}

// Strip removes the brackets of a Chinese title: 《标题》 → 标题.
func Strip(title string) string {
	return strings.TrimSuffix(strings.TrimPrefix(title, "《"), "》")
}
