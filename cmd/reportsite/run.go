package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"reportsite/internal/dataset"
	"reportsite/internal/reportimport"
	"reportsite/internal/serve"
	"reportsite/internal/site"
	"reportsite/internal/sitecheck"
)

const usage = `usage: reportsite <command> [flags]

commands:
  import [-root DIR] [-report ID] seeds/FILE.txt
        read a report text and write its sectioned Chinese content to
        content/<report>/zh/ (ids of unchanged paragraphs are kept)
  build [-root DIR] [-out DIR] [-timings] [-html-template-only] [-cpuprofile FILE] [-memprofile FILE]
        check every input and write the site to public/ (atomically)
  extract [-root DIR] [-report ID] [-all]
        propose indicator records (TOML, ready to paste) for the numbers of
        the text that data/<report>/indicators.toml does not yet account
        for (every quantity with -all), then print the coverage, the counts
        by kind, the relations and the undeclared candidate relations
  check [-root DIR] [-dir DIR] [-budget BYTES]
        check the built site (default <root>/public): internal links and
        anchors resolve, every page has lang, title, description and
        reciprocal hreflang alternates, images have text alternatives,
        aria-labels hold the text they replace, nothing is fetched from
        another host, pages are within the weight budget (gzip, with CSS
        and JS); prints the weight distribution
  serve [-root DIR] [-port N]
        build the site in memory and serve it on http://127.0.0.1:N/
        (default 8080); rebuild and reload the browser on every change to
        content/, data/, layouts/ or seeds/; Ctrl-C stops
  gen-bench [-root DIR] -n N [-seed S] -out DIR
        write a synthetic archive of N valid reports derived from the
        project (for benchmarks: make bench)
`

// errUsage marks a usage error: the message is the usage text.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "import":
		return runImport(rest, stdout, stderr)
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "extract":
		return runExtract(rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "gen-bench":
		return runGenBench(rest, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	root := fs.String("root", ".", "project directory")
	id := fs.String("report", "", "report id (default: the seed file name without .txt)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import takes one report text file, for example seeds/nanhai-2023-h1-plan-execution.txt")
	}
	path := fs.Arg(0)
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	report := *id
	if report == "" {
		report = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	dataDir := filepath.Join(*root, "data", report)
	corr, err := site.LoadCorrections(dataDir)
	if err != nil {
		return err
	}
	r, err := reportimport.Parse(path, src, corr)
	if err != nil {
		return err
	}
	r.Summary(stdout)
	return reportimport.Write(r, reportimport.WriteOptions{
		ContentDir: filepath.Join(*root, "content", report, "zh"),
		DataDir:    dataDir,
		SeedName:   filepath.Base(path),
		Log:        stdout,
	})
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stderr)
	root := fs.String("root", ".", "project directory")
	out := fs.String("out", "", "output directory (default: <root>/public)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `file` (go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the build to `file`")
	timings := fs.Bool("timings", false, "print how long each stage of the build took")
	slowTemplates := fs.Bool("html-template-only", false, "render every page with html/template itself, not the fast path (the same bytes, slower)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(*root, "public")
	}
	stop, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	defer stop()
	start := time.Now()
	opts := site.Options{Root: *root, Out: *out, HTMLTemplateOnly: *slowTemplates}
	if *timings {
		opts.Timings = stdout
	}
	res, err := site.Build(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s: %d pages, %d files, %d bytes in %s\n", *out, res.Pages, res.Files, res.Bytes, time.Since(start).Round(time.Millisecond))
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	root := fs.String("root", ".", "project directory")
	port := fs.Int("port", 8080, "TCP port on 127.0.0.1 (0: any free port)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return serve.Run(ctx, serve.Options{Root: *root, Port: *port, Log: stdout})
}

func runExtract(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", stderr)
	root := fs.String("root", ".", "project directory")
	report := fs.String("report", "", "report id (default: every report)")
	all := fs.Bool("all", false, "propose a record for every quantity, not only the unaccounted ones")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return dataset.RunExtract(stdout, *root, *report, *all)
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	root := fs.String("root", ".", "project directory (its data/site.toml gives the base URL)")
	dir := fs.String("dir", "", "the built site (default: <root>/public)")
	budget := fs.Int("budget", sitecheck.DefaultBudget, "gzip bytes a page may weigh with its CSS and JS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		*dir = filepath.Join(*root, "public")
	}
	return sitecheck.Run(stdout, *dir, filepath.Join(*root, "data", "site.toml"), *budget)
}
