#!/bin/sh
# `make model`: rebuild the embedded reference model (models/default.frm) from ../shared/data.
# What ships is statistics only — document frequencies of terms seen in at least 5 documents and
# the LSA projection — as ../shared/data/README.md allows; README.md cites the sources.  One BLAS
# thread and fixed options make the file byte-identical on every x86-64 machine with AVX2 and FMA
# (fit runs OpenBLAS's Haswell kernels there: README.md, "Reproducible models").
set -eu
BIN=${1:-./fitrank}
SHARED=${SHARED:-../shared}
PY=${PYTHON:-/usr/bin/python3}
if [ ! -d "$SHARED/data" ]; then
    echo "make model: $SHARED/data is absent: the reference model is fitted on it (see README.md)" >&2
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-model-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$PY" bench/make_corpus.py --shared "$SHARED" --out "$tmp/corpus.jsonl" >/dev/null
"$BIN" fit --stop-words en,de --min-df 5 --dim 256 --threads 1 -o models/default.frm "$tmp/corpus.jsonl"
"$BIN" model info models/default.frm | head -7
