#!/usr/bin/env python3
"""The scikit-learn baseline of `fitrank rank --mode cosine`: TfidfVectorizer (fitted on postings
and résumés together, its default tokenizer, English stop words) + linear_kernel + the top k per
posting, timed end to end (reading the JSONL included); prints one JSON line.

    /usr/bin/python3 bench/sklearn_cosine.py --postings P.jsonl --resumes R.jsonl [-k 10] [--repeat 5]
"""
import argparse
import json
import statistics
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel


def run(pp, rp, k):
    P = [json.loads(l)["text"] for l in open(pp, encoding="utf-8")]
    R = [json.loads(l)["text"] for l in open(rp, encoding="utf-8")]
    v = TfidfVectorizer(stop_words="english")
    X = v.fit_transform(P + R)
    S = linear_kernel(X[:len(P)], X[len(P):])
    top = np.argsort(-S, axis=1, kind="stable")[:, :k]
    return len(P), len(R), top


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postings", required=True)
    ap.add_argument("--resumes", required=True)
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    ts = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        n_p, n_r, _ = run(a.postings, a.resumes, a.k)
        ts.append(time.perf_counter() - t)
    print(json.dumps({"postings": n_p, "resumes": n_r, "median_s": statistics.median(ts), "runs": ts}))


if __name__ == "__main__":
    main()
