#!/bin/sh
# Scoring benchmarks (bench/RESULTS.md "Scoring"): in-process sgemm peak, the exhaustive scoring
# phase against it, pruning recall@10 against --exhaustive, `match` latency against 100k prebuilt
# postings, and the cosine mode against scikit-learn — all in one run, medians of REPEAT runs.
#   sh bench/bench_scoring.sh [path/to/fitrank]
# Reads ../shared/data (local use only: nothing is written into the repository); skips without it.
# fitrank picks the SkylakeX kernel on AVX-512 CPUs unless OPENBLAS_CORETYPE is set; these
# machines set OPENBLAS_CORETYPE=Haswell in the environment, so the script unsets it, and runs
# sgemm_peak with the kernel fitrank uses.
set -eu
BIN=$(cd "$(dirname "${1:-./fitrank}")" && pwd)/$(basename "${1:-./fitrank}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEAK="$ROOT/build/release/bench/sgemm_peak"
PY=${PYTHON:-/usr/bin/python3}
REPEAT=${REPEAT:-5}
SHARED=${SHARED:-$ROOT/../shared}
if [ ! -d "$SHARED/data" ]; then
    echo "bench_scoring: $SHARED/data absent: skipped (the data sets are local-use only)"
    exit 0
fi
OUT=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-bench-scoring-XXXXXX")
trap 'rm -rf "$OUT"' EXIT
unset OPENBLAS_CORETYPE
CORE=$(grep -q avx512f /proc/cpuinfo && echo SkylakeX || echo Haswell)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); kernel $CORE; $(date -u +%F)"

"$PY" - "$SHARED" "$OUT" <<'PYEOF'
import csv, json, os, sys
shared, out = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(os.path.join(shared, "data/google-job-postings/job_skills_dev.csv"), encoding="utf-8")))
with open(os.path.join(out, "postings.jsonl"), "w") as f:
    for i, r in enumerate(rows):
        t = (f"{r['Title']}\n\nResponsibilities:\n{r['Responsibilities']}\n\nMinimum qualifications:\n"
             f"{r['Minimum Qualifications']}\n\nPreferred qualifications:\n{r['Preferred Qualifications']}\n")
        f.write(json.dumps({"id": f"g{i}", "text": t}) + "\n")
csv.field_size_limit(1 << 30)
with open(os.path.join(out, "resumes.jsonl"), "w") as f:
    for r in csv.DictReader(open(os.path.join(shared, "data/resumes-livecareer/resumes_from_pdf.csv"), encoding="utf-8")):
        f.write(json.dumps({"id": "livecareer-" + r["ID"], "text": r["Resume_str"]}) + "\n")
PYEOF
P="$OUT/postings.jsonl"
R="$OUT/resumes.jsonl"
echo "data: $(wc -l <"$P") Google postings (Minimum -> required, Preferred -> preferred) x $(wc -l <"$R") LiveCareer résumés"

echo
echo "== sgemm peak (in-process, $CORE, best of 5)"
for t in 1 2; do
    OPENBLAS_CORETYPE=$CORE OPENBLAS_NUM_THREADS=$t "$PEAK" 2048 5
    OPENBLAS_CORETYPE=$CORE OPENBLAS_NUM_THREADS=$t "$PEAK" 500 1024 256 20
done

echo
echo "== exhaustive scoring phase (rank --exhaustive --stats), $REPEAT runs per thread count"
for t in 1 2; do
    for i in $(seq "$REPEAT"); do
        "$BIN" rank --postings "$P" --resumes "$R" --format jsonl --exhaustive --threads "$t" --stats 2>&1 >"$OUT/ex$t.jsonl" | grep '^{'
    done >"$OUT/stats$t.txt"
    "$PY" - "$OUT/stats$t.txt" "$t" <<'PYEOF'
import json, statistics, sys
s = [json.loads(l) for l in open(sys.argv[1])]
t = int(sys.argv[2])
tile = statistics.median(x["tile_gflop"] / (x["tile_sec"] / t) for x in s)
phase = statistics.median(x["tile_gflop"] / x["score_sec"] for x in s)
print(f"threads {t}: {s[0]['items']} items x {s[0]['chunks']} chunks, {s[0]['tile_gflop']:.1f} GFLOP; "
      f"inside the tiles {tile:.1f} GFLOP/s, whole scoring phase {phase:.1f} GFLOP/s "
      f"(score_sec median {statistics.median(x['score_sec'] for x in s):.3f} s)")
PYEOF
done
cmp -s "$OUT/ex1.jsonl" "$OUT/ex2.jsonl" && echo "output identical for --threads 1 and 2" || echo "OUTPUT DIFFERS between thread counts"

recall() { # PRUNED EXHAUSTIVE
    "$PY" - "$1" "$2" <<'PYEOF'
import json, sys
def load(p):
    d = {}
    for l in open(p):
        r = json.loads(l)
        d.setdefault(r["posting"], []).append(r["resume"])
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
rec = [len(set(a.get(q, [])) & set(v)) / len(v) for q, v in b.items() if v]
print(f"recall@10 {sum(rec) / len(rec):.4f} over {len(rec)} postings")
PYEOF
}
echo
echo "== pruning recall@10 against --exhaustive (shortlist 250: the pool is ~10 shortlists)"
for m in 50 100 all; do  # all: rank's default, every candidate of the lists refined
    s=$(date +%s.%N)
    if [ $m = all ]; then set --; else set -- --candidates $m; fi
    "$BIN" rank --postings "$P" --resumes "$R" --format jsonl "$@" --shortlist 250 >"$OUT/pr.jsonl" 2>/dev/null
    e=$(date +%s.%N)
    printf "candidates %s: %s s, " $m "$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", b - a }')"
    recall "$OUT/pr.jsonl" "$OUT/ex2.jsonl"
done
echo
echo "== bench --recall on generated data (issue 17): 200 postings x 20,000 résumés, 50 sampled"
"$BIN" bench --n-resumes 20000 --n-postings 200 --recall --recall-sample 50 --json

echo
echo "== match against 100,000 prebuilt postings (recombined from the real ones: bench/synth_postings.py)"
"$PY" "$ROOT/bench/synth_postings.py" --shared "$SHARED" --n 100000 --out "$OUT/p100k.jsonl"
s=$(date +%s.%N)
"$BIN" index build -o "$OUT/p100k.idx" --postings "$OUT/p100k.jsonl" 2>&1 | tail -1
e=$(date +%s.%N)
echo "index build: $(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", b - a }') s, $(du -m "$OUT/p100k.idx" | cut -f1) MB"
"$PY" "$ROOT/bench/bench_match.py" --fitrank "$BIN" --index "$OUT/p100k.idx" --resumes "$R" --repeat "$REPEAT"
echo "-- warm with the whole index in the page cache (dropped and read through before each query's runs)"
"$PY" "$ROOT/bench/bench_match.py" --fitrank "$BIN" --index "$OUT/p100k.idx" --resumes "$R" --repeat "$REPEAT" \
    --no-cold --no-recall --read-first

echo
echo "== fitrank vs scikit-learn on the same files (agreement checked first)"
"$PY" "$ROOT/bench/sklearn_cosine.py" --fitrank "$BIN" --postings "$P" --resumes "$R" --repeat "$REPEAT"

echo
echo "== rank with documents prepared on every thread: the first 100 postings x 20,000 résumés"
echo "   (the LiveCareer résumés repeated with distinct ids), medians of RANK_REPEAT runs"
RANK_REPEAT=${RANK_REPEAT:-3}
head -100 "$P" >"$OUT/p100.jsonl"
"$PY" - "$R" "$OUT/r20k.jsonl" <<'PYEOF'
import json, sys
docs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i in range(20000):
        d = docs[i % len(docs)]
        f.write(json.dumps({"id": "%s#%d" % (d["id"], i // len(docs)), "text": d["text"]}) + "\n")
PYEOF
for t in 1 2; do
    for i in $(seq "$RANK_REPEAT"); do
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$BIN" rank --postings "$OUT/p100.jsonl" --resumes "$OUT/r20k.jsonl" \
            --format jsonl --threads "$t" -o "$OUT/rank$t.jsonl" 2>/dev/null
        cat "$OUT/time.txt"
    done | "$PY" -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
print("threads %s: %.1f s, peak RSS %.2f GB (median of %d; runs: %s)" % (sys.argv[1], statistics.median(r[0] for r in rows),
      statistics.median(r[1] for r in rows) / 1048576, len(rows), ", ".join("%.1f" % r[0] for r in rows)))' "$t"
done
cmp -s "$OUT/rank1.jsonl" "$OUT/rank2.jsonl" && echo "output identical for --threads 1 and 2" || echo "OUTPUT DIFFERS between thread counts"
