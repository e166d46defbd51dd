package benchrun

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Options configures a suite.
type Options struct {
	Reportsite string // the reportsite binary
	Self       string // this program's binary, run as `Self floor …` for the I/O floor
	Source     string // the project the archives are derived from
	Work       string // scratch directory (archives, outputs)
	Sizes      []int  // archive sizes, in reports
	Runs       int    // rounds per size
	Seed       uint64
	Hugo       string // the hugo binary, "" to leave Hugo out
	Out        io.Writer
}

// Tools measured, in the order of the first round (later rounds rotate it).
const (
	toolReportsite = "reportsite"
	toolHugo       = "hugo"
	toolFloor      = "write floor"
	toolCopy       = "cp -r"
)

// SizeResult is everything measured for one archive size.
type SizeResult struct {
	N            int
	Pages, Files map[string]int
	Bytes        map[string]int64
	Samples      map[string][]Sample
	HugoText     int64
	Generate     time.Duration
}

// Run measures every size and prints the table.
func Run(o Options) ([]*SizeResult, error) {
	if o.Runs < 1 {
		o.Runs = 1
	}
	if err := os.MkdirAll(o.Work, 0o755); err != nil {
		return nil, err
	}
	var results []*SizeResult
	for _, n := range o.Sizes {
		r, err := runSize(o, n)
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	printTable(o, results)
	return results, nil
}

func runSize(o Options, n int) (*SizeResult, error) {
	res := &SizeResult{N: n, Pages: map[string]int{}, Files: map[string]int{}, Bytes: map[string]int64{}, Samples: map[string][]Sample{}}
	archive := filepath.Join(o.Work, fmt.Sprintf("archive-%d", n))
	outs := filepath.Join(o.Work, fmt.Sprintf("out-%d", n))
	removeAll(outs)
	defer func() {
		removeAll(outs)
		settle()
	}()
	fmt.Fprintf(o.Out, "N=%d: generating the archive… ", n)
	start := time.Now()
	if _, err := runChild("", o.Reportsite, "gen-bench", "-root", o.Source, "-n", strconv.Itoa(n), "-seed", strconv.FormatUint(o.Seed, 10), "-out", archive, "-q"); err != nil {
		return nil, err
	}
	res.Generate = time.Since(start)
	fmt.Fprintf(o.Out, "%s; warming up… ", res.Generate.Round(time.Millisecond))
	// One build to warm the caches and to learn what the output is: the
	// floor, cp and Hugo's site are made from it.
	warm := filepath.Join(outs, "warm")
	if _, err := runChild("", o.Reportsite, "build", "-root", archive, "-out", warm); err != nil {
		return nil, err
	}
	manifest := filepath.Join(outs, "manifest.txt")
	if err := WriteManifest(warm, manifest); err != nil {
		return nil, err
	}
	tools := []string{toolReportsite, toolFloor, toolCopy}
	var hugoDir string
	if o.Hugo != "" {
		hugoDir = filepath.Join(outs, "hugo-site")
		hs, err := WriteHugoSite(warm, hugoDir, baseURL(archive))
		if err != nil {
			return nil, err
		}
		res.HugoText = hs.TextBytes
		if _, err := runChild(hugoDir, o.Hugo, "--minify", "--quiet", "-d", filepath.Join(outs, "hugo-warm")); err != nil {
			return nil, err
		}
		tools = []string{toolReportsite, toolHugo, toolFloor, toolCopy}
	}
	fmt.Fprintf(o.Out, "measuring %d rounds", o.Runs)
	for round := 0; round < o.Runs; round++ {
		for i := range tools {
			tool := tools[(i+round)%len(tools)]
			out := filepath.Join(outs, fmt.Sprintf("%s-%d", strings.ReplaceAll(tool, " ", ""), round))
			var s Sample
			var err error
			syncDisk()
			switch tool {
			case toolReportsite:
				s, err = runChild("", o.Reportsite, "build", "-root", archive, "-out", out)
			case toolHugo:
				s, err = runChild(hugoDir, o.Hugo, "--minify", "--quiet", "-d", out)
			case toolFloor:
				s, err = runChild("", o.Self, "floor", "-manifest", manifest, "-out", out)
			case toolCopy:
				s, err = runChild("", "cp", "-r", warm, out)
			}
			if err != nil {
				return nil, err
			}
			res.Samples[tool] = append(res.Samples[tool], s)
			if round == 0 {
				files, pages, bytes, err := dirStats(out)
				if err != nil {
					return nil, err
				}
				res.Files[tool], res.Pages[tool], res.Bytes[tool] = files, pages, bytes
			}
		}
		fmt.Fprint(o.Out, ".")
	}
	fmt.Fprintln(o.Out)
	if o.Hugo != "" && res.Pages[toolHugo] != res.Pages[toolReportsite] {
		return nil, fmt.Errorf("archive of %d reports: Hugo wrote %d pages, reportsite %d: the sites are not equivalent", n, res.Pages[toolHugo], res.Pages[toolReportsite])
	}
	return res, nil
}

// baseURL reads the archive's base URL, for Hugo's canonical links.
func baseURL(archive string) string {
	b, err := os.ReadFile(filepath.Join(archive, "data", "site.toml"))
	if err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "base_url" {
				if s, err := strconv.Unquote(strings.TrimSpace(v)); err == nil {
					return s
				}
			}
		}
	}
	return "https://example.org/"
}

func seconds(ss []Sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, s.Wall.Seconds())
	}
	return out
}

func rssMB(ss []Sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, float64(s.PeakRSS)/(1<<20))
	}
	return out
}

func cpuSeconds(ss []Sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, s.CPU.Seconds())
	}
	return out
}

// ratios divides a's samples by b's, round by round.
func ratios(a, b []Sample, f func(Sample) float64) []float64 {
	var out []float64
	for i := range min(len(a), len(b)) {
		if d := f(b[i]); d > 0 {
			out = append(out, f(a[i])/d)
		}
	}
	return out
}

func wall(s Sample) float64 { return s.Wall.Seconds() }
func rss(s Sample) float64  { return float64(s.PeakRSS) }

func printTable(o Options, results []*SizeResult) {
	w := o.Out
	hugo := "not measured (hugo not on PATH; make bench HUGO=1 installs it)"
	if o.Hugo != "" {
		if v, err := exec.Command(o.Hugo, "version").Output(); err == nil {
			hugo = strings.TrimSpace(string(v))
		}
	}
	fmt.Fprintf(w, "\nreportsite benchmark: %d rounds per size, tools interleaved; wall and RSS as median [min–max]\n", o.Runs)
	fmt.Fprintf(w, "machine: %d CPUs, %s %s/%s; hugo: %s\n\n", runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, hugo)
	fmt.Fprintf(w, "%4s  %-11s %6s %6s %8s  %-24s %8s  %-21s %7s\n", "N", "tool", "pages", "files", "MB", "wall s", "ms/page", "peak RSS MB", "CPU s")
	for _, r := range results {
		for _, tool := range []string{toolReportsite, toolHugo, toolFloor, toolCopy} {
			ss, ok := r.Samples[tool]
			if !ok {
				continue
			}
			wallS := summarize(seconds(ss))
			perPage := "-"
			if r.Pages[tool] > 0 && (tool == toolReportsite || tool == toolHugo) {
				perPage = fmt.Sprintf("%.3f", wallS.Median*1000/float64(r.Pages[tool]))
			}
			fmt.Fprintf(w, "%4d  %-11s %6d %6d %8.1f  %-24s %8s  %-21s %7.2f\n", r.N, tool, r.Pages[tool], r.Files[tool],
				float64(r.Bytes[tool])/(1<<20), wallS.format(3), perPage, summarize(rssMB(ss)).format(0), summarize(cpuSeconds(ss)).Median)
		}
	}
	fmt.Fprintf(w, "\nratios, per round then median [min–max] (lower is better for reportsite):\n")
	fmt.Fprintf(w, "%4s  %-26s %-26s %-26s %-22s\n", "N", "time reportsite/hugo", "time reportsite/floor", "time reportsite/cp -r", "RSS reportsite/hugo")
	for _, r := range results {
		rs := r.Samples[toolReportsite]
		cell := func(other string, f func(Sample) float64, prec int) string {
			if _, ok := r.Samples[other]; !ok {
				return "-"
			}
			return summarize(ratios(rs, r.Samples[other], f)).format(prec)
		}
		fmt.Fprintf(w, "%4d  %-26s %-26s %-26s %-22s\n", r.N, cell(toolHugo, wall, 2), cell(toolFloor, wall, 2), cell(toolCopy, wall, 2), cell(toolHugo, rss, 2))
	}
	if len(results) >= 2 {
		first, last := results[0], results[len(results)-1]
		a := summarize(rssMB(first.Samples[toolReportsite])).Median
		b := summarize(rssMB(last.Samples[toolReportsite])).Median
		fmt.Fprintf(w, "\nmemory: reportsite peak RSS %.0f MB at N=%d, %.0f MB at N=%d: %.2f MB per additional report\n",
			a, first.N, b, last.N, (b-a)/float64(last.N-first.N))
	}
	for _, r := range results {
		if r.HugoText > 0 {
			fmt.Fprintf(w, "N=%d: archive generated in %s; Hugo's site holds %d pages with %.1f MB of the pages' visible text\n",
				r.N, r.Generate.Round(time.Millisecond), r.Pages[toolHugo], float64(r.HugoText)/(1<<20))
		}
	}
}
