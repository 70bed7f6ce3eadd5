#!/bin/sh
# `make bench`: single-core tokenizer/vectorizer throughput of fitrank and of scikit-learn's
# TfidfVectorizer on the same corpus, in the same run.  Figures go to bench/RESULTS.md by hand,
# with the machine, command and date.
set -eu
BUILD=${1:-build/release}
PY=${PYTHON:-/usr/bin/python3}
REPEAT=${REPEAT:-5}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-bench-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

if [ -d ../shared/data ]; then
    "$PY" bench/make_corpus.py --shared ../shared --out "$OUT/corpus.jsonl" >/dev/null
    what="real résumés and postings from ../shared/data"
else
    echo "bench: ../shared/data absent: using the bundled examples, repeated (figures less meaningful)"
    for i in $(seq 1 200); do sed "s/\"id\": \"/\"id\": \"$i-/" examples/corpus.jsonl; done >"$OUT/corpus.jsonl"
    what="bundled examples ×200"
fi
echo "bench: corpus: $what ($(wc -c <"$OUT/corpus.jsonl") bytes of JSONL), $REPEAT runs each, medians, 1 core"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"

"$BUILD/bench/bench_tokenize" --repeat "$REPEAT" "$OUT/corpus.jsonl" >"$OUT/fitrank.json"
if "$PY" -c 'import sklearn' 2>/dev/null; then
    "$PY" bench/sklearn_vectorize.py --input "$OUT/corpus.jsonl" --repeat "$REPEAT" >"$OUT/sklearn.json"
else
    echo '{}' >"$OUT/sklearn.json"
    echo "bench: scikit-learn not installed: baseline skipped"
fi
"$PY" - "$OUT/fitrank.json" "$OUT/sklearn.json" <<'PYEOF'
import json, sys
f = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
mb = f["mb"]
rows = [("tokenize (fast path)", f["tokenize_s"], None),
        ("tokenize (all utf8proc)", f["tokenize_utf8proc_s"], None),
        ("fit (tokenize+count+model)", f["fit_s"], None),
        ("vectorize (transform)", f["vectorize_s"], s.get("transform_s")),
        ("fit + vectorize", f["fit_s"] + f["vectorize_s"], s.get("fit_transform_s"))]
print(f"\n{f['docs']} docs, {mb:.1f} MB, {f['tokens']} tokens, vocabulary {f['vocabulary']}")
print(f"{'phase':30} {'fitrank s':>10} {'MB/s':>8} {'sklearn s':>10} {'MB/s':>8} {'speed-up':>9}")
for name, ft, st in rows:
    line = f"{name:30} {ft:10.3f} {mb / ft:8.1f}"
    if st:
        line += f" {st:10.3f} {mb / st:8.1f} {st / ft:8.2f}x"
    print(line)
PYEOF
