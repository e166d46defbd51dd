#!/usr/bin/env bash
# make bench: measure whole builds on synthetic archives of 1, 10 and 50
# reports (reportsite gen-bench) against Hugo on an equivalent site (when
# hugo is installed; HUGO=1 installs Debian's package), the floor of merely
# writing the same files, and `cp -r` of the output; then run the Go
# benchmarks of the importer, the number checker, the search indexer,
# page rendering and the dev server's edit-to-reload latency.
#
# Environment: SIZES (1,10,50), RUNS (5), SEED (1), WORK (scratch
# directory, default $TMPDIR/reportsite-bench), HUGO=1, GO (go).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
SIZES=${SIZES:-1,10,50}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
WORK=${WORK:-${TMPDIR:-/tmp}/reportsite-bench}

log() { printf '==> %s\n' "$*"; }

if [ "${HUGO:-}" = 1 ] && ! command -v hugo >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    log "installing hugo (Debian package)"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null
fi
command -v hugo >/dev/null || log "hugo is not installed: measuring without it (make bench HUGO=1 installs it)"

mkdir -p "$WORK/bin"
log "building reportsite and benchrun"
"$GO" build -o "$WORK/bin/reportsite" ./cmd/reportsite
"$GO" build -o "$WORK/bin/benchrun" ./internal/benchrun/cmd/benchrun

log "whole builds: sizes $SIZES, $RUNS rounds each (work directory $WORK)"
"$WORK/bin/benchrun" -reportsite "$WORK/bin/reportsite" -source . -work "$WORK" \
    -sizes "$SIZES" -runs "$RUNS" -seed "$SEED" | tee "$WORK/bench.txt"

log "Go benchmarks (go test -bench -benchmem)"
"$GO" test -run '^$' -benchmem -count 1 \
    -bench '^(BenchmarkImport|BenchmarkScanZh|BenchmarkScanEn|BenchmarkNumbersCheck|BenchmarkBuildSeedIndex|BenchmarkPageModels|BenchmarkRenderPages|BenchmarkBuild|BenchmarkRebuildContentEdit)$' \
    ./internal/reportimport/ ./internal/quantity/ ./internal/search/ ./internal/site/ | tee -a "$WORK/bench.txt"
log "edit-to-reload latency of reportsite serve"
"$GO" test -run '^$' -count 1 -bench 'BenchmarkEditToReload' -benchtime 20x ./internal/serve/ | tee -a "$WORK/bench.txt"
log "the table and the benchmarks are in $WORK/bench.txt"
