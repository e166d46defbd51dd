package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/tools/txtar"

	"golang.org/x/net/html"

	"reportsite/internal/config"
	"reportsite/internal/dataset"
	"reportsite/internal/export"
	"reportsite/internal/sitecheck"
)

// TestHostileInputs runs the corpus of broken and hostile inputs under
// testdata/hostile/: each case is a txtar archive applied to a copy of the
// real project (seeds/, content/, data/, layouts/) that already has a
// built public/.
//
// In rejected/, the command must fail with the message its .golden file
// holds (file:line:col first, unless the case says whole-file), and leave
// public/ byte for byte as it was. In accepted/, the command must succeed;
// the .golden file holds what it printed (the "built …" line left out: its
// counts change with every feature), the facts of the archive must hold,
// and the built site must pass `reportsite check`.
//
// An archive's files replace or add files of the project. A file named
// "PATH (edit)" instead edits PATH: each block
//
//	<<<<
//	old text
//	====
//	new text
//	>>>>
//
// replaces the first occurrence of the old text, which must exist (a case
// notices when the real project changes under it). The comment holds one
// directive per line ("#" lines are notes):
//
//	command ARGS…              the reportsite command (-root is added after its name); default build
//	replace PATH "OLD" "NEW"   byte-level edit, Go-quoted (\x00, \xff…); first occurrence, which must exist
//	replace-all PATH "OLD" "NEW"  the same, every occurrence
//	encode PATH HOW            re-encode a file: utf16le, utf16be, gbk, bom, crlf, cr
//	repeat PATH N              the file's content N times over
//	remove PATH                delete a file
//	whole-file                 rejected: the message names a file, not a line
//	contains FILE TEXT         accepted: the output file holds TEXT (rest of the line, Go-quoted if it starts with ")
//	lacks FILE TEXT            accepted: it does not
//	refingerprint REPORT       after all other edits, record the indicators' fingerprint as the
//	                           first version's in data/REPORT/changelog.toml (data not yet published)
//	inert FILE                 accepted: no injected payload became markup in the HTML file (see checkInert)
//	same-as-baseline [FILE…]   accepted: every output file but these is byte for byte the unspoilt
//	                           project's, once the sizes of these (download links) are mapped to theirs
//	content-unchanged          accepted: content/ is as it was (an import that changes nothing)
//
// Run `go test ./cmd/reportsite -run TestHostileInputs -update` to rewrite
// the golden files, then read the diff.
func TestHostileInputs(t *testing.T) {
	base := baselineBuild(t)
	groups := map[string]bool{"rejected": false, "accepted": true}
	total := 0
	for _, group := range []string{"rejected", "accepted"} {
		archives, err := filepath.Glob(filepath.Join("testdata", "hostile", group, "*.txtar"))
		if err != nil {
			t.Fatal(err)
		}
		total += len(archives)
		for _, path := range archives {
			name := strings.TrimSuffix(filepath.Base(path), ".txtar")
			t.Run(group+"/"+name, func(t *testing.T) {
				runHostileCase(t, base, path, groups[group])
			})
		}
	}
	if total < 30 {
		t.Errorf("the corpus has %d cases, want at least 30", total)
	}
}

// baseline is the unspoilt project's build.
type baseline struct {
	root    string // a pristine copy of the project, with public/ built
	digests map[string]string
}

func baselineBuild(t *testing.T) baseline {
	t.Helper()
	root := newProject(t)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"build", "-root", root}, &stdout, &stderr); err != nil {
		t.Fatalf("the unspoilt project does not build: %v", err)
	}
	return baseline{root: root, digests: digestTree(filepath.Join(root, "public"))}
}

func digestTree(dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	return out
}

type hostileCase struct {
	args      []string
	wholeFile bool
	facts     [][]string                        // contains/lacks/same-as-baseline/content-unchanged/inert lines, split
	last      []func(t *testing.T, root string) // after the edits
	edits     []func(t *testing.T, root string)
}

func runHostileCase(t *testing.T, base baseline, path string, accepted bool) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "project")
	for _, d := range []string{"seeds", "content", "data", "layouts"} {
		if err := copyTree(filepath.Join(base.root, d), filepath.Join(root, d)); err != nil {
			t.Fatal(err)
		}
	}
	// public/ is only read, and replaced whole by a build: hard links
	// save copying it (a build that wrote into a file in place would still
	// show in the case's tree hash).
	if err := linkTree(filepath.Join(base.root, "public"), filepath.Join(root, "public")); err != nil {
		t.Fatal(err)
	}
	c := parseHostile(t, path, ar)
	for _, f := range ar.Files {
		if target, ok := strings.CutSuffix(f.Name, " (edit)"); ok {
			applyEdits(t, filepath.Join(root, filepath.FromSlash(target)), f.Data)
			continue
		}
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, p, f.Data)
	}
	for _, e := range append(c.edits, c.last...) {
		e(t, root)
	}
	public := filepath.Join(root, "public")
	before := treeHash(t, public)
	contentBefore := treeHash(t, filepath.Join(root, "content"))

	args := append([]string{c.args[0], "-root", root}, c.args[1:]...)
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "$ROOT", root)
	}
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), args, &stdout, &stderr)
	goldenPath := strings.TrimSuffix(path, ".txtar") + ".golden"
	if !accepted {
		if err == nil {
			t.Fatalf("reportsite %s succeeded on a rejected input; output:\n%s", c.args[0], stdout.String())
		}
		msg := strings.ReplaceAll(err.Error(), root, "$ROOT") + "\n"
		// A fingerprint changes with any edit of the data elsewhere.
		msg = fingerprintRe.ReplaceAllString(msg, "sha256:…")
		golden(t, goldenPath, []byte(msg))
		if !c.wholeFile && !linePosRe.MatchString(msg) {
			t.Errorf("message does not start with file:line[:col]:\n%s", msg)
		}
		if !strings.Contains(msg, "$ROOT/") {
			t.Errorf("message does not name the file at fault:\n%s", msg)
		}
		if after := treeHash(t, public); after != before {
			t.Errorf("the failed %s changed public/", c.args[0])
		}
		if leftovers, _ := filepath.Glob(filepath.Join(root, ".public.new-*")); len(leftovers) > 0 {
			t.Errorf("the failed command left %v behind", leftovers)
		}
		return
	}
	if err != nil {
		t.Fatalf("reportsite %s failed on an input it must accept: %v", c.args[0], err)
	}
	out := strings.ReplaceAll(stdout.String(), root, "$ROOT")
	out = builtLine.ReplaceAllString(out, "")
	golden(t, goldenPath, []byte(out))
	for _, f := range c.facts {
		checkFact(t, base, root, contentBefore, f)
	}
	if c.args[0] == "build" {
		s, err := config.LoadSite(filepath.Join(root, "data", "site.toml"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := sitecheck.Check(public, sitecheck.Options{BaseURL: s.BaseURL})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rep.Problems {
			t.Errorf("the built site fails the check: %s", p)
		}
	}
}

var fingerprintRe = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// linePosRe matches a message that starts with file:line or file:line:col.
var linePosRe = regexp.MustCompile(`^\S+:\d+(:\d+)?: `)

// builtLine is the build's summary: its counts and time change with every
// feature and every run.
var builtLine = regexp.MustCompile(`(?m)^built \S+: \d+ pages, \d+ files, \d+ bytes in \S+\n`)

func parseHostile(t *testing.T, path string, ar *txtar.Archive) hostileCase {
	t.Helper()
	c := hostileCase{args: []string{"build"}}
	for i, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		fail := func(format string, args ...any) {
			t.Fatalf("%s:%d: %s", path, i+1, fmt.Sprintf(format, args...))
		}
		switch verb {
		case "command":
			c.args = strings.Fields(rest)
		case "whole-file":
			c.wholeFile = true
		case "contains", "lacks", "same-as-baseline", "content-unchanged", "inert":
			c.facts = append(c.facts, append([]string{verb}, splitFact(rest)...))
		case "refingerprint":
			report := strings.TrimSpace(rest)
			c.last = append(c.last, func(t *testing.T, root string) { refingerprint(t, filepath.Join(root, "data", report)) })
		case "replace", "replace-all":
			f := quotedFields(rest)
			if len(f) != 3 {
				fail(`%s PATH "OLD" "NEW"`, verb)
			}
			file, old, new := f[0], f[1], f[2]
			n := 1
			if verb == "replace-all" {
				n = -1
			}
			c.edits = append(c.edits, func(t *testing.T, root string) {
				p := filepath.Join(root, filepath.FromSlash(file))
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Contains(b, []byte(old)) {
					t.Fatalf("%s: %s does not contain %q", path, file, old)
				}
				write(t, p, bytes.Replace(b, []byte(old), []byte(new), n))
			})
		case "encode":
			f := strings.Fields(rest)
			if len(f) != 2 {
				fail("encode PATH HOW")
			}
			file, how := f[0], f[1]
			c.edits = append(c.edits, func(t *testing.T, root string) {
				p := filepath.Join(root, filepath.FromSlash(file))
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				write(t, p, encodeAs(t, b, how))
			})
		case "repeat":
			f := strings.Fields(rest)
			n, err := strconv.Atoi(f[len(f)-1])
			if len(f) != 2 || err != nil {
				fail("repeat PATH N")
			}
			c.edits = append(c.edits, func(t *testing.T, root string) {
				p := filepath.Join(root, filepath.FromSlash(f[0]))
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				write(t, p, bytes.Repeat(b, n))
			})
		case "remove":
			file := rest
			c.edits = append(c.edits, func(t *testing.T, root string) {
				if err := os.Remove(filepath.Join(root, filepath.FromSlash(file))); err != nil {
					t.Fatal(err)
				}
			})
		default:
			fail("unknown directive %q", verb)
		}
	}
	return c
}

// splitFact splits "FILE TEXT" (TEXT Go-quoted when it starts with a quote).
func splitFact(s string) []string {
	file, text, ok := strings.Cut(strings.TrimSpace(s), " ")
	if !ok {
		if file == "" {
			return nil
		}
		return []string{file}
	}
	if strings.HasPrefix(text, `"`) {
		if u, err := strconv.Unquote(text); err == nil {
			text = u
		}
	}
	return []string{file, text}
}

// quotedFields splits a line into fields, Go-quoted ones unquoted.
func quotedFields(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			q, err := strconv.QuotedPrefix(s)
			if err != nil {
				return nil
			}
			u, _ := strconv.Unquote(q)
			out = append(out, u)
			s = s[len(q):]
			continue
		}
		f, rest, _ := strings.Cut(s, " ")
		out = append(out, f)
		s = rest
	}
	return out
}

func encodeAs(t *testing.T, b []byte, how string) []byte {
	t.Helper()
	var out []byte
	var err error
	switch how {
	case "utf16le":
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b)
	case "utf16be":
		out, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(b)
	case "gbk":
		out, err = simplifiedchinese.GBK.NewEncoder().Bytes(b)
	case "bom":
		out = append([]byte("\xEF\xBB\xBF"), b...)
	case "crlf":
		out = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
	case "cr":
		out = bytes.ReplaceAll(b, []byte("\n"), []byte("\r"))
	default:
		t.Fatalf("encode: unknown encoding %q", how)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// applyEdits applies the <<<< old ==== new >>>> blocks of an edit section.
func applyEdits(t *testing.T, path string, spec []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(spec), "<<<<\n")
	n := 0
	for _, blk := range blocks[1:] {
		old, rest, ok1 := strings.Cut(blk, "\n====\n")
		new, _, ok2 := strings.Cut(rest, ">>>>")
		new = strings.TrimSuffix(new, "\n")
		if !ok1 || !ok2 {
			t.Fatalf("edit of %s: a block is not <<<< old ==== new >>>>", path)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("edit of %s: the file does not contain %q", path, old)
		}
		b = bytes.Replace(b, []byte(old), []byte(new), 1)
		n++
	}
	if n == 0 {
		t.Fatalf("edit of %s: no <<<< block", path)
	}
	write(t, path, b)
}

func checkFact(t *testing.T, base baseline, root, contentBefore string, f []string) {
	t.Helper()
	public := filepath.Join(root, "public")
	switch f[0] {
	case "contains", "lacks":
		if len(f) != 3 {
			t.Fatalf("%s FILE TEXT", f[0])
		}
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(f[1])))
		if err != nil {
			t.Fatal(err)
		}
		if has := bytes.Contains(b, []byte(f[2])); has != (f[0] == "contains") {
			t.Errorf("%s %s %q: does not hold", f[0], f[1], f[2])
		}
	case "same-as-baseline":
		except := map[string]bool{}
		for _, e := range f[1:] {
			for _, x := range strings.Fields(e) {
				except[x] = true
			}
		}
		got := digestTree(public)
		// Pages state the size of each download: map the sizes of the
		// files that may differ to the baseline's.
		var replace [][2]string
		for name := range except {
			a, errA := os.Stat(filepath.Join(public, filepath.FromSlash(name)))
			b, errB := os.Stat(filepath.Join(base.root, "public", filepath.FromSlash(name)))
			if errA == nil && errB == nil && a.Size() != b.Size() {
				replace = append(replace, [2]string{strconv.FormatInt(a.Size(), 10), strconv.FormatInt(b.Size(), 10)})
			}
		}
		if len(replace) > 0 {
			for name := range got {
				b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(name)))
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range replace {
					b = bytes.ReplaceAll(b, []byte(r[0]), []byte(r[1]))
				}
				got[name] = fmt.Sprintf("%x", sha256.Sum256(b))
			}
		}
		var differ []string
		for name, sum := range base.digests {
			if !except[name] && got[name] != sum {
				differ = append(differ, name)
			}
		}
		for name := range got {
			if _, ok := base.digests[name]; !ok && !except[name] {
				differ = append(differ, name)
			}
		}
		sort.Strings(differ)
		if len(differ) > 0 {
			t.Errorf("%d output files differ from the unspoilt project's build: %v", len(differ), head(differ, 10))
		}
		for name := range except {
			if got[name] == "" {
				t.Errorf("same-as-baseline: the output has no %s", name)
			}
		}
	case "inert":
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(f[1])))
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range checkInert(b) {
			t.Errorf("%s: %s", f[1], problem)
		}
	case "content-unchanged":
		if treeHash(t, filepath.Join(root, "content")) != contentBefore {
			t.Error("content/ changed")
		}
	}
}

func head(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("… %d more", len(s)-n))
	}
	return s
}

// payload is the marker of every injected script in the corpus: the site
// itself never calls it.
const payload = "alert(document.domain)"

// checkInert reads an HTML page as a browser's tokenizer does and reports
// injected markup: an event handler attribute, an executable script that
// holds the payload, an image or frame from the payload's hosts, a
// javascript: URL. The payload may appear as text, in an attribute value
// or in a JSON-LD block: there it is data.
func checkInert(page []byte) []string {
	var problems []string
	z := html.NewTokenizer(bytes.NewReader(page))
	inScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return problems
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			var typ string
			for {
				k, v, more := z.TagAttr()
				key, val := string(k), string(v)
				switch {
				case strings.HasPrefix(key, "on"):
					problems = append(problems, fmt.Sprintf("<%s %s=%q>: an event handler", tag, key, val))
				case (key == "src" || key == "href" || key == "action") && (strings.HasPrefix(strings.ToLower(strings.TrimSpace(val)), "javascript:") || strings.Contains(val, "evil.example") || tag == "img" && val == "x"):
					problems = append(problems, fmt.Sprintf("<%s %s=%q>: injected", tag, key, val))
				case key == "type":
					typ = val
				}
				if !more {
					break
				}
			}
			inScript = tag == "script" && typ != "application/ld+json" && typ != "application/json"
		case html.TextToken:
			if inScript && bytes.Contains(z.Text(), []byte(payload)) {
				problems = append(problems, "an executable <script> holds the injected payload")
			}
		case html.EndTagToken:
			inScript = false
		}
	}
}

// refingerprint records the indicators' fingerprint as the first
// version's: what the data's editor does before the first publication.
func refingerprint(t *testing.T, dataDir string) {
	t.Helper()
	inds, _, err := dataset.Load(filepath.Join(dataDir, dataset.IndicatorsFile))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dataDir, "changelog.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^fingerprint = "sha256:[0-9a-f]{64}"`)
	if len(re.FindAll(b, -1)) != 1 {
		t.Fatalf("%s: refingerprint expects exactly one version", path)
	}
	write(t, path, re.ReplaceAll(b, []byte(`fingerprint = "`+export.Fingerprint(inds)+`"`)))
}

// linkTree recreates the directory tree from under to with hard links to
// its files, or copies where links are not possible. The cases only
// replace files (never write into them), so the originals stay intact.
func linkTree(from, to string) error {
	return mirrorTree(from, to, func(src, dst string) error {
		if os.Link(src, dst) == nil {
			return nil
		}
		return copyFile(src, dst)
	})
}
