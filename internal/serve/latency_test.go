package serve

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkEditToReload measures what an editor waits for: from saving a
// content file to (1) the reload event reaching a browser's event stream
// and (2) the rebuilt page having been fetched. Each iteration is one edit
// of one English paragraph, saved in place ("write") or as editors' atomic
// saves do ("atomic": a scratch file renamed over the old one). The
// metrics are the median, minimum and maximum over the iterations, and the
// median of the build alone from the server's log; run at least 10 edits:
//
//	go test -run '^$' -bench EditToReload -benchtime 20x ./internal/serve/
//
// The goal is a median under 100 ms to the event.
func BenchmarkEditToReload(b *testing.B) {
	saves := []struct {
		name string
		save func(path string, data []byte) error
	}{
		{"write", func(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }},
		{"atomic", func(path string, data []byte) error {
			scratch := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
			if err := os.WriteFile(scratch, data, 0o644); err != nil {
				return err
			}
			return os.Rename(scratch, path)
		}},
	}
	for _, sv := range saves {
		b.Run(sv.name, func(b *testing.B) {
			ts := startServer(b, nil)
			events, _ := connect(b, ts.base, pagePath)
			path := filepath.Join(ts.root, enFile)
			orig, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			var toEvent, toServed []time.Duration
			n := 0
			for b.Loop() {
				n++
				marker := letters(n)
				edited := bytes.Replace(orig, []byte(enPhrase), []byte("maintained "+marker+" steady growth"), 1)
				start := time.Now()
				if err := sv.save(path, edited); err != nil {
					b.Fatal(err)
				}
				e, ok := events.next(b)
				if !ok || e.name != "build" || !e.data.OK || !contains(e.data.Paths, pagePath) {
					b.Fatalf("edit %d: event %+v, want a build listing %s", n, e, pagePath)
				}
				toEvent = append(toEvent, e.at.Sub(start))
				if page := get(b, ts.base+"/"+pagePath); !strings.Contains(page.body, marker) {
					b.Fatalf("edit %d: the page does not show %q", n, marker)
				}
				toServed = append(toServed, time.Since(start))
			}
			b.StopTimer()
			reportLatency(b, "event", toEvent)
			reportLatency(b, "served", toServed)
			if builds := buildTimes(ts.log.String()); len(builds) > 1 {
				reportLatency(b, "build", builds[1:]) // the first is the initial full build
			}
		})
	}
}

// reportLatency adds the median, minimum and maximum of ds in milliseconds.
func reportLatency(b *testing.B, what string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(s[len(s)/2]), "ms-"+what+"-median")
	b.ReportMetric(ms(s[0]), "ms-"+what+"-min")
	b.ReportMetric(ms(s[len(s)-1]), "ms-"+what+"-max")
}

var builtInRe = regexp.MustCompile(`(?m)^built in ([0-9.]+[mµn]?s)\b`)

// buildTimes reads the durations of the good builds from the server log.
func buildTimes(log string) []time.Duration {
	var out []time.Duration
	for _, m := range builtInRe.FindAllStringSubmatch(log, -1) {
		if d, err := time.ParseDuration(m[1]); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// letters spells n in letters ("qb", "qc", …): edits must not add digits,
// which the English edition's number checks would question.
func letters(n int) string {
	s := ""
	for ; n > 0; n /= 26 {
		s = string(rune('a'+n%26)) + s
	}
	return "q" + s
}
