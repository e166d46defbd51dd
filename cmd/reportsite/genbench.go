package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"reportsite/internal/benchgen"
)

// runGenBench writes a synthetic archive for benchmarks (package benchgen).
func runGenBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("gen-bench", stderr)
	root := fs.String("root", ".", "project to derive the reports from")
	n := fs.Int("n", 10, "number of reports")
	seed := fs.Uint64("seed", 1, "seed of the variations (the same seed gives the same archive)")
	out := fs.String("out", "", "directory of the new project (absent, empty, or an earlier archive)")
	check := fs.Bool("check", true, "load the whole archive at the end, as the build does")
	quiet := fs.Bool("q", false, "print only the summary")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fmt.Errorf("gen-bench needs -out DIR (and no other arguments)")
	}
	log := stdout
	if *quiet {
		log = io.Discard
	}
	start := time.Now()
	sum, err := benchgen.Generate(benchgen.Options{Source: *root, Out: *out, N: *n, Seed: *seed, Check: *check, Log: log})
	if err != nil {
		return err
	}
	abs, _ := filepath.Abs(*out)
	fmt.Fprintf(stdout, "generated %s: %d reports, %d paragraphs (%d left out, %d repeated; digits changed in %d, kept in %d), %d figures, %d data records dropped, in %s\n",
		abs, sum.Reports, sum.Paragraphs, sum.Left, sum.Repeats, sum.Changed, sum.Kept, sum.Indicators, sum.Dropped, time.Since(start).Round(time.Millisecond))
	return nil
}
