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

	"reportsite/internal/reportimport"
	"reportsite/internal/site"
)

const usage = `usage: reportsite <command> [flags]

commands:
  import [-root DIR] [-report ID] seeds/FILE.txt
        read a report text and write its sectioned Chinese content to
        content/<report>/zh/ (ids of unchanged paragraphs are kept)
  build [-root DIR] [-out DIR]
        check every input and write the site to public/ (atomically)
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(*root, "public")
	}
	start := time.Now()
	res, err := site.Build(ctx, site.Options{Root: *root, Out: *out})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s: %d pages, %d files, %d bytes in %s\n", *out, res.Pages, res.Files, res.Bytes, time.Since(start).Round(time.Millisecond))
	return nil
}
