#!/bin/sh
# Growth with the number of résumés (bench/RESULTS.md "Growth"): `fitrank bench` on generated
# corpora of SIZES résumés against 100 postings, résumés streamed in batches of 8192 — total time
# should grow linearly and peak RSS stay flat.  Writes bench/growth.tsv and bench/growth.png
# (gnuplot-nox; installed by `scripts/deps.sh bench`).  Medians of REPEAT runs per size (default 3;
# the whole curve then takes about an hour on 2 cores).
#   [REPEAT=3] sh bench/bench_growth.sh [path/to/fitrank] ["100000 200000 500000 1000000"]
set -eu
BIN=${1:-./fitrank}
SIZES=${2:-100000 200000 500000 1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
unset OPENBLAS_CORETYPE
TSV="$ROOT/bench/growth.tsv"
printf 'resumes\tchunks\ttotal_s\tscore_s\tprepare_s\tpeak_rss_mb\n' >"$TSV.tmp"
REPEAT=${REPEAT:-3}
for n in $SIZES; do
    for i in $(seq "$REPEAT"); do
        "$BIN" bench --n-resumes "$n" --n-postings 100 --json
    done | ${PYTHON:-/usr/bin/python3} "$ROOT/bench/median_json.py" | ${PYTHON:-/usr/bin/python3} -c '
import json, sys
d = json.loads(sys.stdin.read())
prep = d["parse_s"] + d["vectorize_s"] + d["projection_s"]
print("%d\t%d\t%.1f\t%.1f\t%.1f\t%.0f" % (d["resumes"], d["chunks"], d["total_s"], d["score_s"], prep, d["peak_rss_mb"]))
' | tee -a "$TSV.tmp"
done
mv "$TSV.tmp" "$TSV"
if command -v gnuplot >/dev/null 2>&1; then
    gnuplot <<GP
set terminal pngcairo size 900,500 noenhanced
set output "$ROOT/bench/growth.png"
set title "fitrank bench: 100 postings x N generated résumés (batches of 8192, 2 threads)"
set xlabel "résumés"
set ylabel "seconds"
set y2label "peak RSS (MB)"
set ytics nomirror
set y2tics
set y2range [0:*]
set yrange [0:*]
set key left top
set grid
plot "$TSV" using 1:3 with linespoints title "total time (s)", \
     "$TSV" using 1:6 axes x1y2 with linespoints title "peak RSS (MB)"
GP
    echo "bench_growth: wrote $TSV and bench/growth.png"
else
    echo "bench_growth: gnuplot not installed (scripts/deps.sh bench): wrote $TSV only"
fi
