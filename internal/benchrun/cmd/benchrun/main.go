// Command benchrun measures reportsite against Hugo and the I/O floor on
// synthetic archives (package benchrun). `make bench` runs it:
//
//	benchrun -reportsite ./reportsite -sizes 1,10,50 -runs 5
//	benchrun floor -manifest FILE -out DIR   (the I/O floor, run by the suite)
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"reportsite/internal/benchrun"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) > 0 && args[0] == "floor" {
		fs := flag.NewFlagSet("floor", flag.ContinueOnError)
		manifest := fs.String("manifest", "", "size and path of every file, one per line")
		out := fs.String("out", "", "directory to write (must not exist)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return benchrun.WriteFloor(*manifest, *out)
	}
	fs := flag.NewFlagSet("benchrun", flag.ContinueOnError)
	bin := fs.String("reportsite", "", "the reportsite binary (required)")
	source := fs.String("source", ".", "project the archives are derived from")
	work := fs.String("work", filepath.Join(os.TempDir(), "reportsite-bench"), "scratch directory")
	sizes := fs.String("sizes", "1,10,50", "archive sizes, in reports")
	runs := fs.Int("runs", 5, "rounds per size")
	seed := fs.Uint64("seed", 1, "seed of the synthetic archives")
	hugo := fs.String("hugo", "auto", "hugo binary: auto (from PATH, if any), off, or a path")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" {
		return fmt.Errorf("-reportsite is required (go build -o DIR/reportsite ./cmd/reportsite)")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes %q: give report counts such as 1,10,50", *sizes)
		}
		ns = append(ns, n)
	}
	hugoBin := ""
	switch *hugo {
	case "off":
	case "auto":
		hugoBin, _ = exec.LookPath("hugo")
	default:
		hugoBin = *hugo
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	_, err = benchrun.Run(benchrun.Options{Reportsite: abs(*bin), Self: self, Source: abs(*source), Work: abs(*work),
		Sizes: ns, Runs: *runs, Seed: *seed, Hugo: hugoBin, Out: os.Stdout})
	return err
}
