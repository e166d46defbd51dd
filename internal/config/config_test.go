package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodSite = `title_zh = "站"
title_en = "Site"
base_url = "https://example.org/sub/"
languages = ["zh", "en"]
`

func TestLoadSite(t *testing.T) {
	s, err := LoadSite(write(t, t.TempDir(), "site.toml", goodSite))
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseURL != "https://example.org/sub/" || len(s.Languages) != 2 {
		t.Fatalf("got %+v", s)
	}
}

func TestLoadSiteErrors(t *testing.T) {
	for name, c := range map[string]struct{ body, want string }{
		"unknown key":   {goodSite + "titel = \"x\"\n", `site.toml:5:1: unknown key "titel"`},
		"relative base": {strings.Replace(goodSite, "https://example.org/sub/", "/sub/", 1), "site.toml:3:1: base_url"},
		"no slash":      {strings.Replace(goodSite, "example.org/sub/", "example.org/sub", 1), "site.toml:3:1: base_url"},
		"bad language":  {strings.Replace(goodSite, `"en"]`, `"fr"]`, 1), `site.toml:4:1: language "fr"`},
		"english first": {strings.Replace(goodSite, `["zh", "en"]`, `["en", "zh"]`, 1), `the first language must be "zh"`},
		"syntax":        {goodSite + "x = \n", "site.toml:5:"},
		"missing title": {strings.Replace(goodSite, "title_zh = \"站\"\n", "", 1), "missing title_zh"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadSite(write(t, t.TempDir(), "site.toml", c.body))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
}

func TestLoadReport(t *testing.T) {
	dir := t.TempDir()
	good := "seed = \"r.txt\"\ntitle_zh = \"报告\"\nperiod = \"2023-H1\"\nedition = \"2024-01-02\"\n"
	r, err := LoadReport(write(t, dir, "my-report/report.toml", good))
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != "my-report" || r.Seed != "r.txt" {
		t.Fatalf("got %+v", r)
	}
	for name, c := range map[string]struct{ body, want string }{
		"escaping seed": {strings.Replace(good, `"r.txt"`, `"../r.txt"`, 1), "report.toml:1:1: seed"},
		"no edition":    {strings.Replace(good, `"2024-01-02"`, `""`, 1), "report.toml:4:1: edition"},
		"bad period":    {strings.Replace(good, `"2023-H1"`, `"H1 2023"`, 1), "report.toml:3:1: period"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadReport(write(t, t.TempDir(), "r/report.toml", c.body))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	if _, err := LoadReport(write(t, dir, "Bad_ID/report.toml", good)); err == nil || !strings.Contains(err.Error(), "not a valid URL segment") {
		t.Fatalf("bad folder name accepted: %v", err)
	}
}

func TestLoadStringsNeedsEveryKeyInEveryLanguage(t *testing.T) {
	path := write(t, t.TempDir(), "i18n.toml", "[zh]\na = \"甲\"\nb = \"乙\"\n[en]\na = \"A\"\n")
	_, err := LoadStrings(path, []string{"zh", "en"})
	if err == nil || !strings.Contains(err.Error(), `key "b" is in [zh] but missing in [en]`) {
		t.Fatalf("got %v", err)
	}
}
