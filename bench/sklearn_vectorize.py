#!/usr/bin/env python3
"""Throughput of scikit-learn's TfidfVectorizer, the baseline fitrank's vectorizer is compared with.

    /usr/bin/python3 bench/sklearn_vectorize.py --input corpus.jsonl [--repeat 5]

Measures fit_transform (vocabulary + idf + vectors) and, separately, transform alone on an
already-fitted vectorizer, each `repeat` times, and prints the medians as one JSON object:
  {"docs", "mb", "fit_transform_s", "fit_transform_mb_s", "transform_s", "transform_mb_s", ...}
MB is the total UTF-8 size of the texts / 1e6 (not of the JSONL file), so both tools are
charged for the same bytes.  The vectorizer runs with its defaults (token_pattern
r"(?u)\\b\\w\\w+\\b", lowercase): that is the cost a scikit-learn user actually pays.

Run with Debian's /usr/bin/python3, the interpreter that has scikit-learn.
"""
import os

# Pin BLAS/OpenMP pools to one thread before numpy loads them: the C side is measured per core,
# and a thread pool spinning up would charge the baseline for work it does not need.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402  (imports follow the environment set-up on purpose)
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def pin_to_one_core():
    """Keep the process on one CPU so timings do not depend on scheduler migrations.
    Returns the CPU used, or None where affinity is unavailable (non-Linux, restricted cgroup)."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
        cpu = allowed[0]
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError, IndexError):
        return None


def load_texts(path):
    texts = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                texts.append(json.loads(line)["text"])
            except (ValueError, KeyError, TypeError) as e:
                sys.exit("sklearn_vectorize: %s:%d: not a {\"id\",\"text\"} object (%s)"
                         % (path, lineno, e))
    return texts


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSONL with one {\"id\",\"text\"} per line")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    cpu = pin_to_one_core()
    try:
        import sklearn
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError:
        sys.exit("sklearn_vectorize: scikit-learn is not importable; run with /usr/bin/python3")

    texts = load_texts(args.input)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    # A fresh vectorizer per run: fit_transform on a reused one would be the same work, but this
    # makes it obvious no state carries over between repetitions.
    fit_transform_s = timed(lambda: TfidfVectorizer().fit_transform(texts), args.repeat)

    fitted = TfidfVectorizer().fit(texts)
    transform_s = timed(lambda: fitted.transform(texts), args.repeat)

    def rate(seconds):
        return round(mb / seconds, 3) if seconds > 0 else None

    print(json.dumps({
        "docs": len(texts),
        "mb": round(mb, 6),
        "fit_transform_s": round(fit_transform_s, 6),
        "fit_transform_mb_s": rate(fit_transform_s),
        "transform_s": round(transform_s, 6),
        "transform_mb_s": rate(transform_s),
        "repeat": args.repeat,
        "cpu": cpu,
        "sklearn": sklearn.__version__,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
