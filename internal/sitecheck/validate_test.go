package sitecheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// inCI says whether a missing tool fails the test instead of skipping it.
func inCI() bool {
	v, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && v
}

// need skips the test when a tool is missing, or fails it in CI.
func need(t *testing.T, what, install string) {
	t.Helper()
	msg := what + " is not installed; " + install
	if inCI() {
		t.Fatal(msg + " (CI=true, so this is a failure, not a skip)")
	}
	t.Skip(msg)
}

// npmCache is where .ci/run installs the npm packages the tests use.
func npmCache() string {
	if d := os.Getenv("REPORTSITE_NPM"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "reportsite-npm")
}

const npmInstall = `npm install --prefix "$HOME/.cache/reportsite-npm" vnu-jar@26.9.27 (and apt-get install default-jre-headless)`

// vnuJar returns the Nu HTML Checker's jar, or "" when it is not installed.
func vnuJar() string {
	for _, p := range []string{os.Getenv("VNU_JAR"), filepath.Join(npmCache(), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")} {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
	}
	return ""
}

// vnuMessage is one message of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type     string `json:"type"`
	SubType  string `json:"subType"`
	URL      string `json:"url"`
	LastLine int    `json:"lastLine"`
	FirstCol int    `json:"firstColumn"`
	LastCol  int    `json:"lastColumn"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
}

// runVNU checks every HTML file under dir with the Nu HTML Checker and
// returns its errors.
func runVNU(t *testing.T, dir string) []vnuMessage {
	t.Helper()
	jar := vnuJar()
	if jar == "" {
		need(t, "the Nu HTML Checker (vnu.jar)", npmInstall)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		need(t, "Java", "apt-get install default-jre-headless")
	}
	// Language detection only warns, and we check lang ourselves; it
	// costs seconds at start-up.
	cmd := exec.Command(java, "-Xss16m", "-jar", jar, "--errors-only", "--no-langdetect", "--skip-non-html", "--format", "json", dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// vnu writes its JSON report to stderr and exits 1 when it found errors.
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		t.Fatalf("vnu: %v (exit: %v)\nstdout:\n%s\nstderr:\n%s", err, runErr, stdout.String(), abbrev(stderr.String()))
	}
	var errs []vnuMessage
	for _, m := range out.Messages {
		if m.Type == "error" || m.Type == "non-document-error" || m.SubType == "fatal" {
			m.URL = strings.TrimPrefix(m.URL, "file:"+dir+"/")
			errs = append(errs, m)
		}
	}
	return errs
}

// Every HTML page of the built site is valid HTML according to the Nu
// HTML Checker (the W3C's validator).
func TestRealSiteValidHTML(t *testing.T) {
	if testing.Short() {
		t.Skip("the validator takes tens of seconds")
	}
	dir := realSite(t)
	errs := runVNU(t, dir)
	for _, m := range errs {
		t.Errorf("%s:%d:%d: %s\n    %s", m.URL, m.LastLine, m.FirstCol, m.Message, m.Extract)
	}
	t.Logf("the Nu HTML Checker found %d errors in %d pages", len(errs), countFiles(t, dir, ".html"))
}

// The validator runs at all: a broken page fails it. Without this test,
// a validator that checks nothing would pass every site.
func TestValidatorCatchesInvalidHTML(t *testing.T) {
	dir := t.TempDir()
	bad := `<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div>block in p</div></p><img src="a.png"><a href="#"><a href="#">nested</a></a></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "bad.html"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := runVNU(t, dir)
	if len(errs) < 2 {
		t.Fatalf("vnu found %d errors in a broken page, want at least 2: %+v", len(errs), errs)
	}
}

func countFiles(t *testing.T, dir, ext string) int {
	t.Helper()
	return len(filesWithExt(t, dir, ext))
}

func filesWithExt(t *testing.T, dir string, exts ...string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, e := range exts {
			if strings.HasSuffix(p, e) {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// Every standalone SVG, the sitemap and the feeds are well-formed XML
// according to xmllint (libxml2), independently of Go's decoder.
func TestRealSiteWellFormedXML(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		need(t, "xmllint", "apt-get install libxml2-utils")
	}
	dir := realSite(t)
	files := filesWithExt(t, dir, ".svg", ".xml")
	if len(files) == 0 {
		t.Fatal("no SVG or XML file in the built site")
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{"sitemap.xml", "feed.xml"} {
		if !contains(names, want) {
			t.Errorf("the built site has no %s", want)
		}
	}
	out, err := exec.Command(xmllint, append([]string{"--noout", "--nonet"}, files...)...).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
	t.Logf("xmllint: %d files well-formed", len(files))
	// And it does catch a broken file.
	bad := filepath.Join(t.TempDir(), "bad.svg")
	os.WriteFile(bad, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`), 0o644)
	if err := exec.Command(xmllint, "--noout", bad).Run(); err == nil {
		t.Error("xmllint accepted a broken SVG")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
