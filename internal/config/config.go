// Package config reads the site settings (data/site.toml), each report's
// metadata (data/<report>/report.toml) and the interface strings
// (data/i18n.toml), strictly: unknown keys and missing required values are
// positioned errors.
package config

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"reportsite/internal/srcpos"
	"reportsite/internal/tomldata"
)

// Site is data/site.toml.
type Site struct {
	TitleZh     string   `toml:"title_zh"`
	TitleEn     string   `toml:"title_en"`
	BaseURL     string   `toml:"base_url"` // absolute, ending in "/"; may include a path prefix
	Languages   []string `toml:"languages"`
	PublisherZh string   `toml:"publisher_zh"`
	PublisherEn string   `toml:"publisher_en"`
	Licence     string   `toml:"licence"`
	LicenceURL  string   `toml:"licence_url"`
	File        string   `toml:"-"`
}

// Report is data/<report>/report.toml.
type Report struct {
	ID         string `toml:"-"`
	Dir        string `toml:"-"`
	File       string `toml:"-"`
	Seed       string `toml:"seed"` // file name under seeds/
	TitleZh    string `toml:"title_zh"`
	TitleEn    string `toml:"title_en"`
	Period     string `toml:"period"`  // e.g. 2023-H1
	Edition    string `toml:"edition"` // date of this edition, YYYY-MM-DD: the only date the output uses
	Delivered  string `toml:"delivered"`
	IssuerZh   string `toml:"issuer_zh"`
	IssuerEn   string `toml:"issuer_en"`
	MeetingZh  string `toml:"meeting_zh"`
	MeetingEn  string `toml:"meeting_en"`
	Presenter  string `toml:"presenter"`
	SourceURL  string `toml:"source_url"`
	Licence    string `toml:"licence"`
	NoteZh     string `toml:"note_zh"`
	NoteEn     string `toml:"note_en"`
	TitleBlock bool   `toml:"title_from_text"` // true when the title came from the text's title block
}

// Strings holds interface strings per language: Strings["en"]["next"].
type Strings map[string]map[string]string

var (
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	periodRe   = regexp.MustCompile(`^\d{4}(-H[12]|-Q[1-4]|-\d{2})?$`)
	reportIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	langRe     = regexp.MustCompile(`^[a-z]{2}$`)
)

// LoadSite reads and checks data/site.toml.
func LoadSite(path string) (*Site, error) {
	var s Site
	_, src, err := tomldata.DecodeFile(path, &s)
	if err != nil {
		return nil, err
	}
	s.File = path
	var errs srcpos.List
	need := func(key, v string) {
		if strings.TrimSpace(v) == "" {
			errs.Addf(srcpos.Pos{File: path, Line: 1}, nil, "missing %s", key)
		}
	}
	need("title_zh", s.TitleZh)
	need("title_en", s.TitleEn)
	u, perr := url.Parse(s.BaseURL)
	if perr != nil || u.Scheme == "" || u.Host == "" || !strings.HasSuffix(u.Path, "/") {
		errs.Add(at(path, src, "base_url", "base_url %q must be an absolute URL ending in / (for example https://example.gov.cn/nanhai/report/)", s.BaseURL))
	}
	if len(s.Languages) == 0 {
		errs.Addf(srcpos.Pos{File: path, Line: 1}, nil, "missing languages (for example [\"zh\", \"en\"])")
	}
	for _, l := range s.Languages {
		if l != "zh" && l != "en" {
			errs.Add(at(path, src, "languages", "language %q is not supported: use \"zh\" and/or \"en\"", l))
		}
	}
	if len(s.Languages) > 0 && s.Languages[0] != "zh" {
		errs.Add(at(path, src, "languages", "the first language must be \"zh\": the Chinese text is the original"))
	}
	return &s, errs.Err()
}

// LoadReports reads data/*/report.toml, sorted by report id.
func LoadReports(dataDir string) ([]*Report, error) {
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return nil, err
	}
	var out []*Report
	var errs srcpos.List
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dataDir, e.Name(), "report.toml")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		r, err := LoadReport(path)
		if err != nil {
			errs.Append(err)
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errs.Err()
}

// LoadReport reads one report.toml; the report id is its folder's name.
func LoadReport(path string) (*Report, error) {
	var r Report
	_, src, err := tomldata.DecodeFile(path, &r)
	if err != nil {
		return nil, err
	}
	r.File, r.Dir, r.ID = path, filepath.Dir(path), filepath.Base(filepath.Dir(path))
	var errs srcpos.List
	if !reportIDRe.MatchString(r.ID) {
		errs.Addf(srcpos.Pos{File: path}, nil, "report folder name %q is not a valid URL segment: use lowercase letters, digits and hyphens", r.ID)
	}
	if r.Seed == "" || r.Seed != filepath.Base(r.Seed) || !filepath.IsLocal(r.Seed) {
		errs.Add(at(path, src, "seed", "seed = %q must name a file directly under seeds/", r.Seed))
	}
	if r.TitleZh == "" {
		errs.Add(at(path, src, "title_zh", "missing title_zh"))
	}
	if !dateRe.MatchString(r.Edition) {
		errs.Add(at(path, src, "edition", "edition = %q must be a date YYYY-MM-DD (the date of this edition; output dates come from it, never from the clock)", r.Edition))
	}
	if r.Delivered != "" && !dateRe.MatchString(r.Delivered) {
		errs.Add(at(path, src, "delivered", "delivered = %q must be a date YYYY-MM-DD", r.Delivered))
	}
	if !periodRe.MatchString(r.Period) {
		errs.Add(at(path, src, "period", "period = %q must look like 2023-H1, 2023-Q3, 2023-06 or 2023", r.Period))
	}
	if r.SourceURL != "" {
		if u, err := url.Parse(r.SourceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			errs.Add(at(path, src, "source_url", "source_url must be an http(s) URL"))
		}
	}
	return &r, errs.Err()
}

// LoadStrings reads data/i18n.toml and checks every language has every key.
func LoadStrings(path string, langs []string) (Strings, error) {
	s := Strings{}
	_, src, err := tomldata.DecodeFile(path, &s)
	if err != nil {
		return nil, err
	}
	var errs srcpos.List
	for _, l := range langs {
		if _, ok := s[l]; !ok {
			errs.Addf(srcpos.Pos{File: path, Line: 1}, nil, "missing table [%s]", l)
		}
	}
	for _, l := range langs {
		for _, o := range langs {
			for k := range s[o] {
				if _, ok := s[l][k]; !ok {
					errs.Add(at(path, src, k, "key %q is in [%s] but missing in [%s]", k, o, l))
				}
			}
		}
	}
	for l := range s {
		if !langRe.MatchString(l) {
			errs.Add(at(path, src, l, "table [%s] is not a language code", l))
		}
	}
	return s, errs.Err()
}

// at positions an error on the line that sets key.
func at(path string, src []byte, key, format string, args ...any) *srcpos.Error {
	line := 1
	for i, l := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, key) && strings.HasPrefix(strings.TrimSpace(t[len(key):]), "=") || t == "["+key+"]" {
			line = i + 1
			break
		}
	}
	return srcpos.Errorf(srcpos.Pos{File: path, Line: line, Col: 1}, src, format, args...)
}
