#!/usr/bin/env python3
"""How the score's parts combine, measured on every labelled ranking set (groundwork for issue 15).

    /usr/bin/python3 bench/combine_parts.py --fitrank build/release/fitrank [--shared ../shared]

For each set — cv-project-fit's graded pairs and the two category checks of bench/quality.py (§2
Google × LiveCareer, §2b Google × the 962-résumé set) — one `fitrank eval --labels … --pairs FILE`
run writes every labelled pair's parts (required and preferred coverage, skill coverage, context,
gate).  Candidate scores are then formed from those parts alone and measured by the same
`fitrank eval --scores`, next to the scikit-learn cosine figures of bench/QUALITY.md: the additive
score fitrank uses, and a multiplicative family where the whole-document context gates the
requirement parts,

    score = context^a · (c + (1 − c) · parts),   parts = weighted mean of required, preferred and
                                                  skill coverage (the ones the pair has),

so that evidence met by nearly every résumé (degrees, generic skills) cannot lift a résumé of
another field.  Nothing here changes fitrank; it prints a table to choose what to build.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality as q  # noqa: E402  (the same category files and labels as make quality)

AS_OF = "2019-12"


def pairs_of(fitrank, labels, postings, resumes, out, extra=()):
    subprocess.run([fitrank, "eval", "--labels", labels, "--postings", postings, "--resumes", resumes,
                    "--gate", "off", "--pairs", out, "--format", "json"] + list(extra), check=True,
                   stdout=subprocess.DEVNULL)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    d = {"r": [x["resume"] for x in rows], "p": [x["posting"] for x in rows]}
    for k, col in (("ctx", "context"), ("req", "required_coverage"), ("pref", "preferred_coverage"),
                   ("score", "score")):
        d[k] = np.array([float(x[col]) for x in rows])
    have = np.array([float(x["skills_have"]) for x in rows])
    tot = np.array([float(x["skills_total"]) for x in rows])
    d["sk"] = np.where(tot > 0, have / np.maximum(tot, 1), -1.0)
    return d


def evaluate(fitrank, labels, d, score, tmp):
    path = os.path.join(tmp, "scores.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["resume", "posting", "score"])
        for r, p, s in zip(d["r"], d["p"], score):
            w.writerow([r, p, repr(float(s))])
    x = json.loads(subprocess.run([fitrank, "eval", "--labels", labels, "--scores", path, "--format", "json"],
                                  capture_output=True, text=True, check=True).stdout)
    return x["by_resume"]["ndcg10"], x["by_posting"]["ndcg10"]


def multiplicative(d, a, c, wr, wp, ws):
    num = np.zeros(len(d["ctx"]))
    den = np.zeros(len(d["ctx"]))
    for part, w in ((d["req"], wr), (d["pref"], wp), (d["sk"], ws)):
        present = part >= 0
        num += np.where(present, w * part, 0)
        den += np.where(present, w, 0)
    parts = np.where(den > 0, num / np.maximum(den, 1e-9), 0)
    return np.power(np.maximum(d["ctx"], 1e-6), a) * (c + (1 - c) * parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", required=True)
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    fitrank = os.path.abspath(a.fitrank)
    data = os.path.join(a.shared, "data")
    with tempfile.TemporaryDirectory(prefix="fitrank-combine-") as tmp:
        base = os.path.join(data, "cv-project-fit")
        sets = {"cv-project-fit": (os.path.join(base, "labels.csv"),
                                   pairs_of(fitrank, os.path.join(base, "labels.csv"), os.path.join(base, "jobpost"),
                                            os.path.join(base, "cv"), os.path.join(tmp, "cv.csv"), ("--as-of", AS_OF)))}
        for tag, resumes, cmap in (("lc", q.livecareer(data), q.CATEGORY_MAP),
                                   ("k962", q.categorized_962(data), q.CATEGORY_MAP_962)):
            # the category files exactly as bench/quality.py writes them
            pj, rj, lj = q.category_files(data, tmp, resumes, cmap, tag)[:3]
            sets[{"lc": "§2 Google × LiveCareer", "k962": "§2b Google × 962"}[tag]] = (
                lj, pairs_of(fitrank, lj, pj, rj, os.path.join(tmp, tag + "_pairs.csv")))
        candidates = [("fitrank's score (the model's form, --gate off)", lambda d: d["score"])]
        for ea in (0.25, 0.5, 1.0):
            for c in (0.2, 0.5):
                candidates.append(("context^%g · (%g + %g · parts 0.4/0.2/0.4)" % (ea, c, 1 - c),
                                   lambda d, ea=ea, c=c: multiplicative(d, ea, c, 0.4, 0.2, 0.4)))
        print("| candidate | " + " | ".join(sets) + " |")
        print("|---|" + "---|" * len(sets))
        for name, f in candidates:
            cells = []
            for labels, d in sets.values():
                r, p = evaluate(fitrank, labels, d, f(d), tmp)
                cells.append("%.4f / %.4f" % (r, p))
            print("| %s | %s |" % (name, " | ".join(cells)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
