#!/bin/sh
# Install the Debian packages fitrank builds, tests and benchmarks with — only those missing.
# Called by `make deps` (and so by `make test`, `make demo`, `make bench`).  Uses sudo when not
# root; runs `apt-get update` first, and only when something must be installed.
set -eu

# build: compiler, pkg-config, libraries found with pkg-config (+ libstemmer, which has no .pc)
# test:  check (unit tests), python3-sklearn (parity with scikit-learn); poppler-utils (pdftotext:
#        PDF résumés, optional at run time); clang (`make asan` and `make fuzz`) with
#        libclang-rt-14-dev, its sanitizer and libFuzzer runtimes (only "recommended" by clang,
#        so --no-install-recommends would leave them out); man-db (`man -l` renders the man page in
#        `make install-test`)
PKGS="build-essential pkg-config libopenblas-dev liblapacke-dev libcjson-dev libutf8proc-dev
libxxhash-dev libstemmer-dev check python3-sklearn python3-numpy python3-scipy poppler-utils clang
libclang-rt-14-dev man-db"
# `scripts/deps.sh bench` adds what only the benchmarks use: gnuplot-nox (the growth plot), time
# (/usr/bin/time: wall time and peak RSS of `rank` in bench/bench_scoring.sh)
if [ "${1:-}" = bench ]; then
    PKGS="$PKGS gnuplot-nox time"
fi
# `scripts/deps.sh coverage` adds gcovr (line and branch coverage of `make coverage`)
if [ "${1:-}" = coverage ]; then
    PKGS="$PKGS gcovr"
fi

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps: need root or sudo to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
