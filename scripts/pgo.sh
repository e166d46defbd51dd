#!/usr/bin/env bash
# make pgo: refresh cmd/reportsite/default.pgo, the CPU profile the Go
# compiler reads (go build's -pgo=auto, the default) to optimize reportsite
# for the work it does: inlining and devirtualizing what is hot. The
# profile comes from whole builds of synthetic archives of 10 and 50
# reports (reportsite gen-bench), the sizes make bench measures. Refresh
# it after large changes to the hot code; a stale profile still builds
# correct code, only less optimized.
#
# Environment: WORK (scratch directory, default $TMPDIR/reportsite-pgo),
# GO (go).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
WORK=${WORK:-${TMPDIR:-/tmp}/reportsite-pgo}
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

"$GO" build -o "$WORK/reportsite" ./cmd/reportsite
profiles=()
for n in 10 50; do
    "$WORK/reportsite" gen-bench -root . -n "$n" -seed 1 -out "$WORK/archive-$n" -q
    for round in 1 2; do
        "$WORK/reportsite" build -root "$WORK/archive-$n" -out "$WORK/out-$n-$round" \
            -cpuprofile "$WORK/cpu-$n-$round.prof" >/dev/null
        profiles+=("$WORK/cpu-$n-$round.prof")
    done
done
"$GO" tool pprof -proto "${profiles[@]}" >cmd/reportsite/default.pgo 2>/dev/null
echo "wrote cmd/reportsite/default.pgo ($(wc -c <cmd/reportsite/default.pgo) bytes, from ${#profiles[@]} builds)"
