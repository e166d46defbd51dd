#!/usr/bin/env bash
# Run every Go fuzz target of the module (each `func FuzzX(f *testing.F)` in
# a _test.go file under internal/ and cmd/), one after another, for FUZZTIME
# each, and print a summary. A crasher is written by `go test` to the
# package's testdata/fuzz/FuzzX/ and from then on runs as a regular test
# case: fix the code, keep the file.
#
#   scripts/fuzz.sh [REGEXP]     only targets whose "dir.FuzzX" matches REGEXP
#
# Environment: FUZZTIME (default 60s), FUZZPARALLEL (fuzzing workers; default
# GOMAXPROCS), FUZZMINIMIZETIME (default 10s: time to shrink an input the
# fuzzer found), GO (default go). Exit status 1 when a target failed.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-60s}
FUZZMINIMIZETIME=${FUZZMINIMIZETIME:-10s}
pattern=${1:-.}

# "dir FuzzName" for every fuzz target, sorted.
targets=$(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' internal cmd |
	sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+)\(.*#\1 \2#' | sort -u)
if [ -z "$targets" ]; then
	echo "no fuzz targets found" >&2
	exit 1
fi

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
summary=()
failed=0
n=0
while read -r dir name; do
	[[ "$dir.$name" =~ $pattern ]] || continue
	n=$((n + 1))
	out="$log/$n.txt"
	echo "==> $dir $name ($FUZZTIME)"
	start=$(date +%s)
	# -timeout 0: the default 10 minutes would stop a long -fuzztime.
	args=(test -timeout 0 -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime "$FUZZMINIMIZETIME")
	if [ -n "${FUZZPARALLEL:-}" ]; then
		args+=(-parallel "$FUZZPARALLEL")
	fi
	corpus="$dir/testdata/fuzz/$name"
	before=$(ls "$corpus" 2>/dev/null | sort || true)
	if "$GO" "${args[@]}" "./$dir" >"$out" 2>&1; then
		result=ok
	elif grep -q '^    context deadline exceeded$' "$out" && [ "$before" = "$(ls "$corpus" 2>/dev/null | sort || true)" ]; then
		# Go's fuzzing coordinator can report its own -fuzztime deadline
		# as a failure when a worker is slow to stop (golang/go#75804,
		# fixed in Go 1.27): no input failed and none was written.
		result=flake
		echo "    context deadline exceeded at the end of -fuzztime with no failing input: golang/go#75804, not a finding"
	else
		result=FAIL
		failed=1
		sed -n '/--- FAIL/,$p' "$out"
	fi
	secs=$(($(date +%s) - start))
	# The last progress line holds the totals: "execs: N (…), new interesting: M (total: T)".
	stats=$(grep -E 'fuzz: elapsed' "$out" | tail -n 1 | sed -E 's/.*execs: ([0-9]+).*new interesting: ([0-9]+) \(total: ([0-9]+)\).*/\1 execs, \2 new inputs, corpus \3/' || true)
	summary+=("$(printf '%-5s %-28s %-24s %5ss  %s' "$result" "$dir" "$name" "$secs" "$stats")")
done <<<"$targets"

if [ "$n" -eq 0 ]; then
	echo "no fuzz target matches $pattern" >&2
	exit 1
fi
echo
echo "fuzz summary (FUZZTIME=$FUZZTIME):"
printf '  %s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
	echo "some targets failed: their crashers are in the packages' testdata/fuzz/ (git status shows them)" >&2
	exit 1
fi
