package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ instead of comparing")

const (
	report  = "nanhai-2023-h1-plan-execution"
	seed    = "seeds/" + report + ".txt"
	zh      = "content/" + report + "/zh/"
	project = "../.."
)

// newProject copies the repository's inputs (seeds/, content/, data/,
// layouts/) into a temporary project directory.
func newProject(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "project")
	for _, dir := range []string{"seeds", "content", "data", "layouts"} {
		if err := copyTree(filepath.Join(project, dir), filepath.Join(root, dir)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func copyTree(from, to string) error { return mirrorTree(from, to, copyFile) }

// mirrorTree recreates the directories under from in to and puts each
// file there with place(src, dst).
func mirrorTree(from, to string, place func(src, dst string) error) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return place(path, dst)
	})
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// treeHash is a digest of every file name and content under dir.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		names = append(names, rel)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		sum := sha256.Sum256(files[n])
		io.WriteString(h, n+"\x00"+hex.EncodeToString(sum[:])+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// edit replaces the first occurrence of old in the file at path.
func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	write(t, path, bytes.Replace(b, []byte(old), []byte(new), 1))
}

func seedLines(t *testing.T, root string, n int) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, seed))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.SplitAfter(string(b), "\n")[:n], "")
}

// firstParagraphID returns the id of the first paragraph of a content file.
func firstParagraphID(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\{#(p[0-9a-f]+)\}$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no paragraph id in %s", path)
	}
	return string(m[1])
}

type badInput struct {
	name string
	// break_ spoils the project; it returns the command's arguments after
	// the command name (-root is added).
	break_  func(t *testing.T, root string) []string
	command string
	// positioned: the message starts with file:line:col (false for
	// problems that concern a whole file, such as a missing one).
	positioned bool
}

var badInputs = []badInput{
	{name: "import-empty-file", command: "import", positioned: true, break_: func(t *testing.T, root string) []string {
		write(t, filepath.Join(root, "seeds/empty.txt"), nil)
		return []string{filepath.Join(root, "seeds/empty.txt")}
	}},
	{name: "build-empty-seed", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		write(t, filepath.Join(root, seed), []byte(" \n\n"))
		return nil
	}},
	{name: "import-binary-file", command: "import", positioned: true, break_: func(t *testing.T, root string) []string {
		// The start of a PDF: binary, with NUL bytes in its streams.
		pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 12 /Filter /FlateDecode >>\nstream\nx\x9c\x03\x00\x00\x00\x00\x01\nendstream\n")
		write(t, filepath.Join(root, "seeds/report.pdf.txt"), pdf)
		return []string{filepath.Join(root, "seeds/report.pdf.txt")}
	}},
	{name: "build-utf16-seed", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		enc := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()
		b, err := enc.Bytes([]byte(seedLines(t, root, 75)))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(root, seed), b)
		return nil
	}},
	{name: "import-gbk-file", command: "import", positioned: true, break_: func(t *testing.T, root string) []string {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(seedLines(t, root, 3)))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(root, "seeds/gbk.txt"), b)
		return []string{filepath.Join(root, "seeds/gbk.txt")}
	}},
	{name: "build-no-headings", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		write(t, filepath.Join(root, seed), []byte("今年以来，全区经济运行总体平稳。\n上半年，地区生产总值增长4.5%。\n"))
		return nil
	}},
	{name: "build-broken-front-matter", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		edit(t, filepath.Join(root, zh+"1-2.md"), `order = 30`, `order = "30`)
		return nil
	}},
	{name: "build-unclosed-front-matter", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		edit(t, filepath.Join(root, zh+"2-1.md"), "order = 70\n+++\n", "order = 70\n")
		return nil
	}},
	{name: "build-unknown-site-key", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		edit(t, filepath.Join(root, "data/site.toml"), "languages = ", "colour = \"red\"\nlanguages = ")
		return nil
	}},
	{name: "build-missing-template", command: "build", break_: func(t *testing.T, root string) []string {
		if err := os.Remove(filepath.Join(root, "layouts/section.html")); err != nil {
			t.Fatal(err)
		}
		return nil
	}},
	{name: "build-slug-escapes-public", command: "build", break_: func(t *testing.T, root string) []string {
		for _, lang := range []string{"zh", "en"} {
			dir := filepath.Join(root, "content", report, lang)
			if err := os.Rename(filepath.Join(dir, "1-1.md"), filepath.Join(dir, "...md")); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}},
	{name: "build-seed-escapes-seeds", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		edit(t, filepath.Join(root, "data", report, "report.toml"), `seed = "`+report+`.txt"`, `seed = "../../etc/passwd"`)
		return nil
	}},
	{name: "build-paragraph-id-escapes", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		for _, lang := range []string{"zh", "en"} {
			path := filepath.Join(root, "content", report, lang, "1-3.md")
			id := firstParagraphID(t, path)
			edit(t, path, "{#"+id+"}", "{#../x}")
		}
		return nil
	}},
	{name: "build-hand-edited-paragraph", command: "build", positioned: true, break_: func(t *testing.T, root string) []string {
		// An editor "corrects" a figure in the Chinese text.
		edit(t, filepath.Join(root, zh+"1-1.md"), "1712.60亿元", "1712.6亿元")
		return nil
	}},
}

var positionRe = regexp.MustCompile(`^\S+:\d+:\d+: `)

// Every bad input fails with a clear message (file:line:col where a line
// is meant) that the golden file records, a non-zero exit (run returns an
// error), and leaves an existing public/ exactly as it was.
func TestBadInputs(t *testing.T) {
	for _, c := range badInputs {
		t.Run(c.name, func(t *testing.T) {
			root := newProject(t)
			ctx := context.Background()
			var stdout, stderr bytes.Buffer
			if err := run(ctx, []string{"build", "-root", root}, &stdout, &stderr); err != nil {
				t.Fatalf("the unspoilt project does not build: %v", err)
			}
			public := filepath.Join(root, "public")
			before := treeHash(t, public)

			args := append([]string{c.command, "-root", root}, c.break_(t, root)...)
			stdout.Reset()
			stderr.Reset()
			err := run(ctx, args, &stdout, &stderr)
			if err == nil {
				t.Fatalf("reportsite %s succeeded on bad input; output:\n%s", c.command, stdout.String())
			}
			msg := strings.ReplaceAll(err.Error(), root, "$ROOT") + "\n"
			golden(t, filepath.Join("testdata", "errors", c.name+".txt"), []byte(msg))
			if c.positioned && !positionRe.MatchString(msg) {
				t.Errorf("message does not start with file:line:col:\n%s", msg)
			}
			if !strings.Contains(msg, "$ROOT/") {
				t.Errorf("message does not name the file at fault:\n%s", msg)
			}
			if after := treeHash(t, public); after != before {
				t.Errorf("the failed %s changed public/", c.command)
			}
			leftovers, _ := filepath.Glob(filepath.Join(root, ".public.new-*"))
			if len(leftovers) > 0 {
				t.Errorf("the failed build left %v behind", leftovers)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), nil, &stdout, &stderr); err == nil || !strings.Contains(stdout.String(), "usage: reportsite") {
		t.Errorf("no arguments: err %v, stdout %q", err, stdout.String())
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"frobnicate"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: err %v", err)
	}
}

// A good build reports what it wrote and leaves content/ alone (import is
// the only step that writes it); a re-import of the seed changes nothing.
func TestBuildAndReimport(t *testing.T) {
	root := newProject(t)
	before := treeHash(t, filepath.Join(root, "content"))
	var stdout, stderr bytes.Buffer
	out := filepath.Join(t.TempDir(), "site")
	if err := run(context.Background(), []string{"build", "-root", root, "-out", out}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^built \S+: \d+ pages, \d+ files, \d+ bytes in `).MatchString(stdout.String()) {
		t.Errorf("build output: %q", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "zh", report, "1-4", "index.html")); err != nil {
		t.Error(err)
	}
	if treeHash(t, filepath.Join(root, "content")) != before {
		t.Error("build changed content/")
	}
	stdout.Reset()
	if err := run(context.Background(), []string{"import", "-root", root, filepath.Join(root, seed)}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 parts, 11 subsections, 4 items, 57 paragraphs", "0 of 13 content files changed", `read "2、" as a part heading (二、)`} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("import output lacks %q:\n%s", want, stdout.String())
		}
	}
	if treeHash(t, filepath.Join(root, "content")) != before {
		t.Error("re-importing the unchanged seed changed content/")
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("message differs from %s (run go test -update if the change is intended)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// build -timings names each stage with its wall and CPU time and says how
// many pages the template fast path rendered; -cpuprofile writes a
// (gzipped) pprof profile.
func TestBuildTimingsAndProfile(t *testing.T) {
	root := newProject(t)
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	var stdout, stderr bytes.Buffer
	args := []string{"build", "-root", root, "-out", filepath.Join(t.TempDir(), "public"), "-timings", "-cpuprofile", prof}
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	out := stdout.String()
	for _, stage := range []string{"load and check", "parse templates (beside the load)", "page models and files", "render and write, swap"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(stage) + ` +[0-9.]+ ms wall +[0-9.]+ ms CPU \(([0-9.]+|-) cores\), peak RSS so far [0-9]+$`).MatchString(out) {
			t.Errorf("no timing line for %q in:\n%s", stage, out)
		}
	}
	m := regexp.MustCompile(`pages by the template fast path: (\d+); by html/template: (\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no fast path line in:\n%s", out)
	}
	if fast, _ := strconv.Atoi(m[1]); fast < 400 {
		t.Errorf("the fast path rendered %d pages of the seed site (it has ~490, all but one per kind)", fast)
	}
	b, err := os.ReadFile(prof)
	if err != nil || len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("the CPU profile is not a gzipped pprof file (%d bytes, %v)", len(b), err)
	}
}
