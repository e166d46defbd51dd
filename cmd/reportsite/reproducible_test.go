package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"testing"
)

// TestBuildHelperProcess is `reportsite build` itself when run by
// TestBuildIsReproducible; otherwise it does nothing.
func TestBuildHelperProcess(t *testing.T) {
	out := os.Getenv("REPORTSITE_BUILD_OUT")
	if out == "" {
		t.Skip("run by TestBuildIsReproducible")
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"build", "-root", os.Getenv("REPORTSITE_BUILD_ROOT"), "-out", out}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
}

// The whole site is byte for byte the same whether it is built in this
// process or in fresh processes with one or two OS threads running Go
// code (GOMAXPROCS=1 and 2): no clock, map order, randomness or
// scheduling reaches the output; and whether the pages are executed by
// the template fast path or by html/template alone.
func TestBuildIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site three times")
	}
	root := newProject(t)
	dirs := map[string]string{}
	inProcess := filepath.Join(t.TempDir(), "in-process")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"build", "-root", root, "-out", inProcess}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	dirs["in this process (GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0))+")"] = inProcess
	// Without the template fast path: html/template renders every page.
	slow := filepath.Join(t.TempDir(), "html-template-only")
	if err := run(context.Background(), []string{"build", "-root", root, "-out", slow, "-html-template-only"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	dirs["with html/template only"] = slow
	for _, procs := range []string{"1", "2"} {
		out := filepath.Join(t.TempDir(), "procs-"+procs)
		cmd := exec.Command(os.Args[0], "-test.run=^TestBuildHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs, "REPORTSITE_BUILD_ROOT="+root, "REPORTSITE_BUILD_OUT="+out)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build with GOMAXPROCS=%s: %v\n%s", procs, err, b)
		}
		dirs["GOMAXPROCS="+procs] = out
	}
	var names []string
	for name := range dirs {
		names = append(names, name)
	}
	sort.Strings(names)
	ref := digestTree(dirs[names[0]])
	if len(ref) == 0 {
		t.Fatal("the build wrote no files")
	}
	for _, name := range names[1:] {
		got := digestTree(dirs[name])
		var differ []string
		for file, sum := range ref {
			if got[file] != sum {
				differ = append(differ, file)
			}
		}
		for file := range got {
			if _, ok := ref[file]; !ok {
				differ = append(differ, file)
			}
		}
		sort.Strings(differ)
		if len(differ) > 0 {
			t.Errorf("built %s, %d files differ from the build %s: %v", name, len(differ), names[0], head(differ, 10))
		}
	}
	t.Logf("%d files, sha256 identical across %d builds: %v", len(ref), len(names), names)
}
