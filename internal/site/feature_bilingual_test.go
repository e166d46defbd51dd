package site

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadingTheTranslation renders the site (with a source_url, which the
// real report lacks) and checks what an English reader is told and
// offered on every page.
func TestReadingTheTranslation(t *testing.T) {
	root := copyProject(t)
	editFile(t, filepath.Join(root, "data", seedReport, "report.toml"), `source_url = ""`, `source_url = "https://www.nanhai.gov.cn/example"`)
	files := fullBuild(t, root)
	note := `This English text is a translation. The Chinese original is authoritative`
	pages := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		h := string(b)
		switch {
		case strings.HasPrefix(name, "en/") && !strings.Contains(name, "/embed/"):
			pages++
			if !strings.Contains(h, note) {
				t.Errorf("%s: no translation note", name)
				continue
			}
			// The note links the same page in Chinese.
			zh := strings.Repeat("../", strings.Count(name, "/")) + "zh/" + strings.TrimSuffix(strings.TrimPrefix(name, "en/"), "index.html")
			if !strings.Contains(h, `<a href="`+zh+`" hreflang="zh-Hans" data-keep-anchor>Read the Chinese original</a>`) {
				t.Errorf("%s: the note does not link %s", name, zh)
			}
			if strings.Contains(name, seedReport+"/") && !strings.Contains(h, `<a href="https://www.nanhai.gov.cn/example" hreflang="zh-Hans">Original publication</a>`) {
				t.Errorf("%s: the note does not link the original publication", name)
			}
		case strings.HasPrefix(name, "zh/"):
			if strings.Contains(h, "translation-note") {
				t.Errorf("%s: a Chinese page calls itself a translation", name)
			}
		}
	}
	if pages < 30 {
		t.Errorf("only %d English pages", pages)
	}

	section := string(files["en/"+seedReport+"/1-4/index.html"])
	if !strings.Contains(section, `<a href="bilingual/">Chinese and English side by side</a>`) {
		t.Error("the section page does not link its side-by-side view")
	}
	for _, p := range []string{"en/" + seedReport + "/1-4/index.html", "zh/" + seedReport + "/index.html", "en/" + seedReport + "/1-4/bilingual/index.html"} {
		if !regexp.MustCompile(`(?s)<nav class="report-nav[^"]*"[^>]*>.*?href="[./]*(en|zh)/` + seedReport + `/glossary/"`).MatchString(string(files[p])) {
			t.Errorf("%s does not link the glossary in the report's navigation", p)
		}
	}
	if !strings.Contains(string(files["en/index.html"]), `href="`+seedReport+`/glossary/"`) {
		t.Error("the home page does not link the glossary")
	}

	bi := string(files["en/"+seedReport+"/1-4/bilingual/index.html"])
	rows := regexp.MustCompile(`(?s)<div class="bi-row[^"]*" id="([a-z0-9-]+)">\s*<(p|h2)[^>]* lang="zh-Hans">.*?</(p|h2)>\s*<(p|h2)[^>]* lang="en">`).FindAllStringSubmatch(bi, -1)
	if len(rows) != 22 {
		t.Errorf("side-by-side 1-4: %d rows with a Chinese and an English cell, want 22 (4 headings, 18 paragraphs)", len(rows))
	}
	if !strings.Contains(bi, `<link rel="alternate" hreflang="zh-Hans"`) || !strings.Contains(bi, `href="../../../../zh/`+seedReport+`/1-4/bilingual/"`) {
		t.Error("the side-by-side view has no Chinese alternate")
	}
}
