package benchrun

import (
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// HugoSite is the equivalent Hugo project made from a site that
// reportsite built: one content page per HTML page, at the same URL, with
// the page's title and visible text (as Markdown paragraphs); every other
// file of the output as a static file. Hugo therefore writes the same
// pages (with its own minimal layouts) and the same other files.
type HugoSite struct {
	Pages     int   // content pages written (the root redirect is Hugo's own)
	TextBytes int64 // bytes of visible text in them
	Static    int   // static files
}

var (
	titleRe     = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	descRe      = regexp.MustCompile(`<meta name="description" content="([^"]*)"`)
	bodyRe      = regexp.MustCompile(`(?s)<body[^>]*>(.*)</body>`)
	invisibleRe = regexp.MustCompile(`(?is)<(script|style|template)\b.*?</(script|style|template)>`)
	blockEndRe  = regexp.MustCompile(`(?i)</(p|li|h[1-6]|div|tr|section|article|header|footer|nav|figure|figcaption|table|dd|dt|blockquote)>|<br\s*/?>`)
	tagRe       = regexp.MustCompile(`<[^>]*>`)
	spaceRe     = regexp.MustCompile(`[ \t\r\f\v]+`)
)

// hugoConfig makes Hugo write what reportsite writes: /zh/ and /en/ with
// a redirect at the root, no taxonomies, feeds, sitemap or robots.txt
// (reportsite's own are static files here).
const hugoConfig = `baseURL = %q
title = "benchmark"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[languages.zh]
contentDir = "content/zh"
languageName = "中文"
weight = 1

[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 2
`

// The layouts: a base with the head a real page carries, the language
// links (Hugo's translations) and the content.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
`,
	"index.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
`,
}

// WriteHugoSite writes the Hugo project for the site in public to dir.
func WriteHugoSite(public, dir, baseURL string) (*HugoSite, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), fmt.Appendf(nil, hugoConfig, baseURL), 0o644); err != nil {
		return nil, err
	}
	for name, text := range hugoLayouts {
		p := filepath.Join(dir, "layouts", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return nil, err
		}
	}
	hs := &HugoSite{}
	var names []string
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		names = append(names, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	n := 0
	for _, rel := range names {
		src, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(rel, ".html") {
			if err := writeFile(filepath.Join(dir, "static", filepath.FromSlash(rel)), src); err != nil {
				return nil, err
			}
			hs.Static++
			continue
		}
		if rel == "index.html" {
			continue // Hugo writes its own language redirect there
		}
		lang, url := "zh", "/"+strings.TrimSuffix(rel, "index.html")
		if strings.HasPrefix(rel, "en/") {
			lang = "en"
		}
		page, text := hugoPage(src, url)
		name := filepath.Join(dir, "content", lang, fmt.Sprintf("p%05d.md", n))
		if url == "/"+lang+"/" {
			name = filepath.Join(dir, "content", lang, "_index.md") // the language's home
			page, text = hugoPage(src, "")
		}
		n++
		if err := writeFile(name, page); err != nil {
			return nil, err
		}
		hs.Pages++
		hs.TextBytes += int64(text)
	}
	return hs, nil
}

// hugoPage makes a content file from a built page: front matter with its
// title, description, URL and a translation key (the path without the
// language), and the visible text of its body as Markdown paragraphs.
func hugoPage(src []byte, url string) ([]byte, int) {
	s := string(src)
	title, desc := "", ""
	if m := titleRe.FindStringSubmatch(s); m != nil {
		title = html.UnescapeString(m[1])
	}
	if m := descRe.FindStringSubmatch(s); m != nil {
		desc = html.UnescapeString(m[1])
	}
	body := s
	if m := bodyRe.FindStringSubmatch(s); m != nil {
		body = m[1]
	}
	body = invisibleRe.ReplaceAllString(body, "")
	body = blockEndRe.ReplaceAllString(body, "\n\n")
	body = html.UnescapeString(tagRe.ReplaceAllString(body, " "))
	var b strings.Builder
	b.WriteString("+++\n")
	b.WriteString("title = " + strconv.Quote(title) + "\n")
	b.WriteString("description = " + strconv.Quote(desc) + "\n")
	if url != "" {
		b.WriteString("url = " + strconv.Quote(url) + "\n")
		key := strings.TrimPrefix(strings.TrimPrefix(url, "/zh/"), "/en/")
		b.WriteString("translationKey = " + strconv.Quote(key) + "\n")
	}
	b.WriteString("+++\n")
	text := 0
	for _, para := range strings.Split(body, "\n\n") {
		para = strings.TrimSpace(spaceRe.ReplaceAllString(strings.ReplaceAll(para, "\n", " "), " "))
		if para == "" {
			continue
		}
		text += len(para)
		b.WriteString("\n")
		b.WriteString(markdownText(para))
		b.WriteString("\n")
	}
	return []byte(b.String()), text
}

// markdownText escapes every ASCII punctuation character, so that
// Markdown renders the text as it is.
func markdownText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func writeFile(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}
