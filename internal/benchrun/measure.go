// Package benchrun measures whole builds side by side: reportsite, Hugo on
// an equivalent site, the floor of merely writing the same files, and
// `cp -r` of the finished output. Each is a child process; its wall time
// and peak resident memory (the child's rusage) are recorded over several
// rounds, with the tools interleaved within each round, so that a noisy
// disk or a busy machine affects them alike. Ratios are taken within a
// round, then summarised by their median.
package benchrun

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// Sample is one measured run of a child process.
type Sample struct {
	Wall    time.Duration
	PeakRSS int64 // bytes
	CPU     time.Duration
}

// runChild runs a command and measures it. Its output is kept for the
// error message only.
func runChild(dir string, name string, args ...string) (Sample, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return Sample{}, fmt.Errorf("%s %v: %w\n%s", name, args, err, out.String())
	}
	s := Sample{Wall: wall}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.PeakRSS = ru.Maxrss * 1024 // Linux reports kilobytes
		s.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, nil
}

// sync flushes dirty pages, so that a run does not pay for the writes of
// the one before it.
func syncDisk() { syscall.Sync() }

// settle waits after a large deletion: on a file system mounted with
// discard (this machine's), freeing a few hundred MB slows the writes of
// the next seconds — a floor of 456 files measured 0.035 s one time and
// 0.18 s another, soon after a deletion.
func settle() {
	syncDisk()
	time.Sleep(settleTime)
	syncDisk()
}

// settleTime is how long settle waits.
var settleTime = 5 * time.Second

// Summary is the median and the range of a set of values.
type Summary struct {
	Median, Min, Max float64
	N                int
}

func summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Summary{Median: m, Min: s[0], Max: s[len(s)-1], N: len(s)}
}

// String writes "median [min–max]" with prec decimals.
func (s Summary) format(prec int) string {
	if s.N == 0 {
		return "-"
	}
	if s.N == 1 {
		return fmt.Sprintf("%.*f", prec, s.Median)
	}
	return fmt.Sprintf("%.*f [%.*f–%.*f]", prec, s.Median, prec, s.Min, prec, s.Max)
}

// dirStats counts the files, HTML pages and bytes under dir.
func dirStats(dir string) (files, pages int, bytes int64, err error) {
	err = walkFiles(dir, func(rel string, size int64) {
		files++
		bytes += size
		if len(rel) > 5 && rel[len(rel)-5:] == ".html" {
			pages++
		}
	})
	return
}

func removeAll(paths ...string) {
	for _, p := range paths {
		os.RemoveAll(p)
	}
}
