#!/usr/bin/env python3
"""The scikit-learn peer of fitrank's ranking, and the side-by-side table `make bench` prints.

    /usr/bin/python3 bench/sklearn_cosine.py --fitrank ./fitrank --postings P.jsonl --resumes R.jsonl
                                             [-k 10] [--repeat 3]

1. Agreement first: fitrank `rank --mode cosine` (a model fitted on the same documents) against
   scikit-learn's TfidfVectorizer given fitrank's own tokens (`fitrank tokenize --model`): the
   top-k lists must agree (ties aside) and the scores match within 1e-5 — otherwise the timing
   table would compare different work.
2. Then the times, end to end, medians of --repeat runs: scikit-learn as a user would run it
   (TfidfVectorizer fit + transform with its own tokenizer and English stop words, linear_kernel in
   chunks of postings, argpartition for the top k), fitrank --mode cosine (prefit model) and
   fitrank --mode full (the embedded model, per-requirement scoring).
Prints a table and one JSON line.

With --fit (issue 18): `fitrank rank --mode cosine --fit` — vocabulary and idf fitted on the same
postings + résumés in the same read — against scikit-learn as a user writes it, on the same files
(bench/make_cosine_bench.py builds them):

    /usr/bin/python3 bench/sklearn_cosine.py --fit --fitrank ./fitrank --postings P.jsonl --resumes R.jsonl
                                             [-k 10] [--repeat 3] [--threads N]

1. Agreement: fitrank's rows against TfidfVectorizer fitted on postings + résumés given fitrank's
   own tokens (`fitrank tokenize --stop-words en`): top-k lists identical (ties aside) and scores
   within 1e-5.
2. Times, end to end (reading the JSONL included; Python's imports not), --repeat rounds with the
   runs interleaved (the order alternates between rounds), medians, and the ratio of each round's
   pair: scikit-learn's TfidfVectorizer(stop_words="english") — `fit` on postings + résumés then
   `transform` of each side (the form of the script above, the issue's baseline), and
   `fit_transform` on postings + résumés split by rows (one tokenization) — then linear_kernel in
   chunks of 256 postings and argpartition for the top k; fitrank `rank --mode cosine --fit
   --stop-words en` as a subprocess (process start included); with --two-step also `fitrank fit --dim 0`
   + `rank --mode cosine --model` (the same result from two reads of the inputs).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel


def sklearn_topk(postings, resumes, k, chunk=256, analyzer=None):
    if analyzer is None:
        v = TfidfVectorizer(stop_words="english")
    else:
        v = TfidfVectorizer(analyzer=analyzer, lowercase=False)
    v.fit(postings + resumes)
    XP, XR = v.transform(postings), v.transform(resumes)
    tops, scores = [], []
    for c0 in range(0, XP.shape[0], chunk):
        S = linear_kernel(XP[c0:c0 + chunk], XR)
        kk = min(k, S.shape[1])
        part = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        for i in range(S.shape[0]):
            idx = sorted(part[i], key=lambda j: (-S[i, j], j))
            tops.append(idx)
            scores.append([S[i, j] for j in idx])
    return tops, scores


def sklearn_fit_transform_topk(postings, resumes, k, chunk=256):
    """fit_transform on postings + résumés (one tokenization), rows split, then as sklearn_topk."""
    X = TfidfVectorizer(stop_words="english").fit_transform(postings + resumes)
    XP, XR = X[:len(postings)], X[len(postings):]
    tops = []
    for c0 in range(0, XP.shape[0], chunk):
        S = linear_kernel(XP[c0:c0 + chunk], XR)
        kk = min(k, S.shape[1])
        part = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        for i in range(S.shape[0]):
            tops.append(sorted(part[i], key=lambda j: (-S[i, j], j)))
    return tops


def read(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def timed(fn, repeat):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main_fit(a, env):
    P, R = read(a.postings), read(a.resumes)
    cmd = [a.fitrank, "rank", "--mode", "cosine", "--fit", "--stop-words", "en", "--postings", a.postings,
           "--resumes", a.resumes, "-k", str(a.k), "--format", "jsonl"]
    if a.threads:
        cmd += ["--threads", str(a.threads)]
    got = {}
    for line in subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout.splitlines():
        r = json.loads(line)
        got.setdefault(r["posting"], []).append((r["resume"], r["score"]))

    def toks(path):
        o = subprocess.run([a.fitrank, "tokenize", "--stop-words", "en", path], check=True, capture_output=True,
                           text=True, env=env).stdout
        return [json.loads(line)["tokens"] for line in o.splitlines()]
    docs = toks(a.postings) + toks(a.resumes)
    tops, scores = sklearn_topk(list(range(len(P))), list(range(len(P), len(docs))), a.k,
                                analyzer=lambda i: docs[i])
    del docs
    agree, worst = 0, 0.0
    for i, p in enumerate(P):
        mine = got.get(p["id"], [])
        if [m[0] for m in mine] == [R[j]["id"] for j in tops[i]]:
            agree += 1
        for (rid, sc), j, sv in zip(mine, tops[i], scores[i]):
            if rid == R[j]["id"]:
                worst = max(worst, abs(sc - sv))
    ok = agree >= len(P) - max(1, len(P) // 100) and worst <= 1e-5
    print(f"agreement: top-{a.k} lists identical for {agree}/{len(P)} postings, max |score diff| {worst:.1e}: "
          f"{'OK' if ok else 'FAIL'}")
    if not ok:
        return 1
    del P, R, tops, scores

    def run_fit_transform():
        sklearn_fit_transform_topk([p["text"] for p in read(a.postings)], [r["text"] for r in read(a.resumes)], a.k)

    def run_fit_then_transform():
        sklearn_topk([p["text"] for p in read(a.postings)], [r["text"] for r in read(a.resumes)], a.k)

    def run_fitrank():
        subprocess.run(cmd, check=True, capture_output=True, env=env)
    sides = [("sklearn fit + transform", run_fit_then_transform), ("sklearn fit_transform", run_fit_transform),
             ("fitrank --fit", run_fitrank)]
    if a.two_step:
        tmpdir = tempfile.mkdtemp()
        model = os.path.join(tmpdir, "m.frm")

        def run_two_step():
            subprocess.run([a.fitrank, "fit", "-o", model, "--dim", "0", "--stop-words", "en", a.postings, a.resumes],
                           check=True, capture_output=True, env=env)
            subprocess.run([a.fitrank, "rank", "--mode", "cosine", "--model", model, "--postings", a.postings,
                            "--resumes", a.resumes, "-k", str(a.k), "--format", "jsonl"], check=True,
                           capture_output=True, env=env)
        sides.append(("fitrank fit --dim 0 + rank --model (two reads)", run_two_step))
    times = {name: [] for name, _ in sides}
    for rnd in range(a.repeat):
        order = sides if rnd % 2 == 0 else sides[::-1]
        for name, fn in order:
            t = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t)
        f = times["fitrank --fit"][-1]
        print(f"round {rnd + 1}: " + ", ".join(f"{n} {times[n][-1]:.3f} s" for n, _ in sides) +
              f"; ratios {times['sklearn fit + transform'][-1] / f:.1f}x, {times['sklearn fit_transform'][-1] / f:.1f}x",
              flush=True)
    med = {n: statistics.median(v) for n, v in times.items()}
    f = med["fitrank --fit"]
    print(f"{len(read(a.postings))} postings x {len(read(a.resumes))} résumés, top {a.k}, end to end, "
          f"median of {a.repeat} interleaved rounds (last column: the time over fitrank --fit's)")
    for n, _ in sides:
        print(f"  {n:70s} {med[n]:8.3f} s  {med[n] / f:6.1f}x")
    if a.two_step:
        shutil.rmtree(tmpdir, ignore_errors=True)
    print(json.dumps({"sklearn_fit_transform_s": med["sklearn fit_transform"],
                      "sklearn_fit_then_transform_s": med["sklearn fit + transform"], "fitrank_fit_s": f,
                      "speedup_vs_fit_then_transform": med["sklearn fit + transform"] / f,
                      "speedup_vs_fit_transform": med["sklearn fit_transform"] / f, "rounds": times,
                      "agree": agree, "max_score_diff": worst}))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", required=True)
    ap.add_argument("--postings", required=True)
    ap.add_argument("--resumes", required=True)
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fit", action="store_true", help="time rank --mode cosine --fit (see above)")
    ap.add_argument("--threads", type=int, default=0, help="--fit: fitrank's --threads (default: all cores)")
    ap.add_argument("--two-step", action="store_true",
                    help="--fit: also time fitrank fit --dim 0 + rank --model (the same work in two reads)")
    a = ap.parse_args()
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if a.fit:
        return main_fit(a, env)
    P, R = read(a.postings), read(a.resumes)
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "cos.frm")
        subprocess.run([a.fitrank, "fit", "-o", model, "--stop-words", "en,de", "--dim", "0", a.postings, a.resumes],
                       check=True, capture_output=True, env=env)
        rank_cos = [a.fitrank, "rank", "--mode", "cosine", "--model", model, "--postings", a.postings, "--resumes",
                    a.resumes, "-k", str(a.k), "--format", "jsonl"]
        out = subprocess.run(rank_cos, check=True, capture_output=True, text=True, env=env).stdout
        got = {}
        for line in out.splitlines():
            r = json.loads(line)
            got.setdefault(r["posting"], []).append((r["resume"], r["score"]))

        def toks(path):
            o = subprocess.run([a.fitrank, "tokenize", "--model", model, path], check=True, capture_output=True,
                               text=True, env=env).stdout
            return [json.loads(line)["tokens"] for line in o.splitlines()]
        tp, tr = toks(a.postings), toks(a.resumes)
        idx = iter(range(len(tp) + len(tr)))
        docs = tp + tr
        tops, scores = sklearn_topk([next(idx) for _ in tp], [next(idx) for _ in tr], a.k, analyzer=lambda i: docs[i])
        agree, worst = 0, 0.0
        for i, p in enumerate(P):
            mine = got.get(p["id"], [])
            want = [R[j]["id"] for j in tops[i]]
            if [m[0] for m in mine] == want:
                agree += 1
            for (rid, sc), j, s in zip(mine, tops[i], scores[i]):
                if rid == R[j]["id"]:
                    worst = max(worst, abs(sc - s))
        ok = agree >= len(P) - max(1, len(P) // 100) and worst <= 1e-5
        print(f"agreement: top-{a.k} lists identical for {agree}/{len(P)} postings, max |score diff| {worst:.1e}: "
              f"{'OK' if ok else 'FAIL'}")
        if not ok:
            return 1
        t_sk = timed(lambda: sklearn_topk([p["text"] for p in read(a.postings)], [r["text"] for r in read(a.resumes)], a.k),
                     a.repeat)
        t_cos = timed(lambda: subprocess.run(rank_cos, check=True, capture_output=True, env=env), a.repeat)
        rank_full = [a.fitrank, "rank", "--postings", a.postings, "--resumes", a.resumes, "-k", str(a.k), "--format",
                     "jsonl"]
        t_full = timed(lambda: subprocess.run(rank_full, check=True, capture_output=True, env=env), a.repeat)
    print(f"{len(P)} postings x {len(R)} résumés, top {a.k}, end to end, median of {a.repeat}")
    print(f"  {'scikit-learn TfidfVectorizer + linear_kernel (chunks) + argpartition':70s} {t_sk:8.3f} s   1.00x")
    print(f"  {'fitrank rank --mode cosine (prefit model)':70s} {t_cos:8.3f} s  {t_sk / t_cos:5.2f}x faster")
    print(f"  {'fitrank rank --mode full (per-requirement scoring, embedded model)':70s} {t_full:8.3f} s  "
          f"{t_sk / t_full:5.2f}x")
    print(json.dumps({"postings": len(P), "resumes": len(R), "sklearn_s": t_sk, "fitrank_cosine_s": t_cos,
                      "fitrank_full_s": t_full, "cosine_speedup": t_sk / t_cos, "agree": agree}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
