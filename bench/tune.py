#!/usr/bin/env python3
"""Tune fitrank's global scoring parameters across populations (`make tune`, issue 15).

    /usr/bin/python3 bench/tune.py --fitrank ./fitrank [--shared ../shared] [--out bench/TUNING.md]
                                   [--params models/tuned_params.txt]

Tuning sets (both directions each): cv-project-fit's graded pairs (development half; German and
English IT freelancers) and the Google × LiveCareer category check of bench/quality.py §2 (English
postings of every field × résumés of 24 fields).  The 962-résumé category check (§2b) and the
overall-fit grades of the requirement-verdict pairs (§2c) are never read here: they are the check of
generalisation in bench/QUALITY.md.

Only global parameters, never anything per document.  Objective: the mean over the four
(set, direction) cells of nDCG@10 relative to scikit-learn's TF-IDF cosine on the same queries, in
the order `fitrank rank` gives (gate, then score).  Candidates must give the requirement parts
(required, preferred, skills) at least half of the weights and the preferred qualifications at least
a tenth (issue 15); the score is the weighted geometric mean of engine/score.h (score.form = 1).

How: the item-level parameters (score.alpha, score.fact_floor) change the parts, so each of their
values costs one `fitrank eval --pairs` run per set, which writes every labelled pair's parts;
the parameters that only combine parts (weights, beta_ctx, floor, shrink, prior) are then scored
here from those parts with the formula of engine/score.c's fr_score_combine, and the chosen set is
re-measured by `fitrank eval --set` itself: the two must agree (checked), so the figures reported
are fitrank's.

Nested cross-validation: queries (résumés for the per-résumé direction, postings for the
per-posting direction) fall into 5 folds by a hash of their id; for each fold the parameters best
on the other folds' queries (both sets, both directions) are chosen and measured on the held
queries, next to scikit-learn, fitrank cosine and the parameters before this issue on the same
queries.  Folds by query, not by résumé alone: a per-posting figure over a fifth of a posting's
résumés is near 1 for every system and cannot show a ratio.
"""
import argparse
import csv
import datetime
import hashlib
import itertools
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quality as q  # noqa: E402  (the same category files and baselines as make quality)

AS_OF = "2019-12"
FOLDS = 5
SKL = "scikit-learn TF-IDF cosine"
# parameters that change the parts: one eval --pairs run per value per set
ITEM_GRID = {"score.alpha": [0.75], "score.fact_floor": [0.25, 0.5]}
# parameters that combine the parts: scored here
COMBINE_GRID = {
    "score.w_ctx": [0.3, 0.4, 0.5],
    "score.w_req": [0.1, 0.2, 0.3],
    "score.w_pref": [0.1, 0.15, 0.2],
    "score.w_skill": [0.1, 0.2, 0.3],
    "score.beta_ctx": [0.0, 0.5],
    "score.floor": [0.1, 0.2],
    "score.shrink": [1.0, 2.0],
    "score.prior": [0.1],
}
FIXED = {"score.form": 1, "score.beta": 0.0, "score.t_partial": 0.1}


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("tune: %s failed (exit %d): %s" % (" ".join(cmd[:3]), r.returncode, r.stderr.strip()))
    return r.stdout


def fold_of(ident):
    return int(hashlib.md5(ident.encode("utf-8")).hexdigest(), 16) % FOLDS


class LabelledSet:
    """One tuning set: its labelled pairs (mean label per pair), query indices and folds."""

    def __init__(self, name, labels, postings, resumes, extra):
        self.name, self.labels, self.postings, self.resumes, self.extra = name, labels, postings, resumes, list(extra)

    def args(self):
        return ["--labels", self.labels, "--postings", self.postings, "--resumes", self.resumes] + self.extra

    def load_pairs(self, path):
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        agg = {}
        for x in rows:
            k = (x["resume"], x["posting"])
            if k in agg:
                agg[k][0].append(float(x["label"]))
            else:
                agg[k] = ([float(x["label"])], x)
        keys = sorted(agg)
        d = {"r": [k[0] for k in keys], "p": [k[1] for k in keys],
             "label": np.array([np.mean(agg[k][0]) for k in keys])}
        cols = {"ctx_dense": "context_dense", "ctx_lex": "context_lexical", "req": "required_coverage",
                "pref": "preferred_coverage", "req_n": "required_total", "pref_n": "preferred_total",
                "sk_have": "skills_have", "sk_n": "skills_total", "gate": "gate", "score": "score"}
        for k, c in cols.items():
            d[k] = np.array([float(agg[key][1][c]) for key in keys])
        if not hasattr(self, "keys"):
            self.keys = keys
            rid, pid = sorted(set(d["r"])), sorted(set(d["p"]))
            self.ri = np.searchsorted(np.array(rid), np.array(d["r"]))
            self.pi = np.searchsorted(np.array(pid), np.array(d["p"]))
            self.label = d["label"]
            self.fold = {"r": np.array([fold_of(x) for x in rid]), "p": np.array([fold_of(x) for x in pid])}
            self.q = {"r": PerQuery(self.ri, self.pi, self.label), "p": PerQuery(self.pi, self.ri, self.label)}
        elif keys != self.keys:
            sys.exit("tune: %s: eval --pairs gave different pairs between runs" % self.name)
        return d


class PerQuery:
    """nDCG@10 of every query (NaN where no labelled pair is relevant), as `fitrank eval` computes it:
    gain 2^(5 − label) − 1, ties by the other side's id."""

    def __init__(self, q, other, label):
        self.q, self.o = q, other
        self.gain = 2.0 ** (5 - label) - 1
        self.nq = int(q.max()) + 1
        order = np.lexsort((-self.gain, q))
        self.idcg = self._dcg(order)

    def _dcg(self, order):
        qs = self.q[order]
        starts = np.r_[0, np.nonzero(np.diff(qs))[0] + 1]
        pos = np.arange(len(qs)) - np.repeat(starts, np.diff(np.r_[starts, len(qs)]))
        disc = np.where(pos < 10, 1 / np.log2(pos + 2.0), 0)
        return np.bincount(qs, self.gain[order] * disc, minlength=self.nq)

    def __call__(self, key):
        dcg = self._dcg(np.lexsort((self.o, -key, self.q)))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.idcg > 0, dcg / self.idcg, np.nan)


def rank_key(score, gate):
    """fitrank's rank key (engine/rank.c fr_rank_key): the printed score, the gate first."""
    return np.floor(np.asarray(score, dtype=np.float32).astype(np.float64) * 10000 + 0.5) + 20000 * gate


def combine(d, p):
    """engine/score.c fr_score_combine, form 1, from eval --pairs' parts."""
    bc = p["score.beta_ctx"]
    ctx = np.clip(bc * d["ctx_lex"] + (1 - bc) * d["ctx_dense"], 0, 1)
    m, prior, fl = p["score.shrink"], p["score.prior"], p["score.floor"]

    def shrunk(mean, n):
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(n > 0, (np.maximum(mean, 0) * n + m * prior) / (n + m), prior)

    with np.errstate(invalid="ignore", divide="ignore"):
        sk = np.where(d["sk_n"] > 0, d["sk_have"] / np.maximum(d["sk_n"], 1), 0)
    parts = ((p["score.w_ctx"], ctx), (p["score.w_req"], shrunk(d["req"], d["req_n"])),
             (p["score.w_pref"], shrunk(d["pref"], d["pref_n"])), (p["score.w_skill"], shrunk(sk, d["sk_n"])))
    den = sum(w for w, _ in parts)
    num = sum(w * np.log(fl + (1 - fl) * v) for w, v in parts if w > 0)
    return np.exp(num / den)


def shares(p):
    w = {k: p["score." + k] for k in ("w_ctx", "w_req", "w_pref", "w_skill")}
    tot = sum(w.values())
    return (w["w_req"] + w["w_pref"] + w["w_skill"]) / tot, w["w_pref"] / tot


def fmt_params(p):
    return ", ".join("%s = %g" % (k[6:], v) for k, v in p.items())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fitrank", default="./fitrank")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="bench/TUNING.md")
    ap.add_argument("--params", default="models/tuned_params.txt")
    args = ap.parse_args()
    data = os.path.join(args.shared, "data")
    base = os.path.join(data, "cv-project-fit")
    if not os.path.isdir(base) or not os.path.isdir(os.path.join(data, "resumes-livecareer")):
        sys.exit("tune: %s absent: tuning needs the development labels" % data)
    fitrank = os.path.abspath(args.fitrank)
    with tempfile.TemporaryDirectory(prefix="fitrank-tune-") as tmp:
        pj, rj, lj, lc_pairs, posts, res_text, _ = q.category_files(data, tmp, q.livecareer(data), q.CATEGORY_MAP, "lc")
        sets = [LabelledSet("cv-project-fit (graded)", os.path.join(base, "labels.csv"), os.path.join(base, "jobpost"),
                            os.path.join(base, "cv"), ["--as-of", AS_OF]),
                LabelledSet("§2 Google × LiveCareer (categories)", lj, pj, rj, [])]
        texts = [None, (res_text, posts)]
        cv_ids = sorted({r for r, _ in q.read_labels(sets[0].labels)}), sorted({p for _, p in q.read_labels(sets[0].labels)})
        texts[0] = ({i: open(os.path.join(base, "cv", i + ".txt"), encoding="utf-8").read() for i in cv_ids[0]},
                    {i: open(os.path.join(base, "jobpost", i + ".txt"), encoding="utf-8").read() for i in cv_ids[1]})

        def pairs_run(s, params, tag, mode=()):
            path = os.path.join(tmp, "%s_%s.csv" % (s.name[:2], tag))
            sets_arg = sum((["--set", "%s=%r" % (k, v)] for k, v in params.items()), [])
            run([fitrank, "eval"] + s.args() + ["--gate", "off", "--pairs", path, "--format", "json"] + sets_arg + list(mode))
            return s.load_pairs(path)

        # references per query: scikit-learn, fitrank cosine, the parameters before this issue
        ref = []
        for s, (rt, pt) in zip(sets, texts):
            before = pairs_run(s, q.BEFORE, "before")
            mats, ri, pi = q.baseline_scores(rt, pt)
            skl = np.array([mats[SKL][ri[r], pi[p]] for r, p in s.keys])
            cos = pairs_run(s, {}, "cosine", ("--mode", "cosine"))
            ref.append({name: {dr: s.q[dr](key) for dr in "rp"} for name, key in (
                ("scikit-learn", skl), ("fitrank cosine", cos["score"]),
                ("before (issue 14)", rank_key(before["score"], before["gate"])))})
        # the grid: per item-level value, the parts once per set; per combination, per-query nDCG
        ckeys = list(COMBINE_GRID)
        cands, perq = [], []
        ikeys = list(ITEM_GRID)
        for ivals in itertools.product(*(ITEM_GRID[k] for k in ikeys)):
            ip = dict(zip(ikeys, ivals))
            parts = [pairs_run(s, dict(FIXED, **ip), "item") for s in sets]
            for cvals in itertools.product(*(COMBINE_GRID[k] for k in ckeys)):
                p = dict(FIXED, **ip, **dict(zip(ckeys, cvals)))
                req_share, pref_share = shares(p)
                if req_share < 0.5 - 1e-9 or pref_share < 0.1 - 1e-9:
                    continue
                cands.append(p)
                perq.append([{dr: s.q[dr](rank_key(combine(d, p), d["gate"])) for dr in "rp"}
                             for s, d in zip(sets, parts)])

        def rel(i, si, dr, mask=None):
            a, b = perq[i][si][dr], ref[si]["scikit-learn"][dr]
            m = ~np.isnan(a) if mask is None else (~np.isnan(a)) & mask
            return np.mean(a[m]) / np.mean(b[m])

        def objective(i, fold=None, held=False):
            cells = []
            for si, s in enumerate(sets):
                for dr in "rp":
                    mask = None if fold is None else ((s.fold[dr] == fold) if held else (s.fold[dr] != fold))
                    cells.append(rel(i, si, dr, mask))
            return float(np.mean(cells))

        best = max(range(len(cands)), key=lambda i: (objective(i), -i))
        chosen = cands[best]
        nested = []
        for f in range(FOLDS):
            b = max(range(len(cands)), key=lambda i: (objective(i, f), -i))
            row = {"fold": f + 1, "params": cands[b], "cells": []}
            for si, s in enumerate(sets):
                for dr in "rp":
                    mask = s.fold[dr] == f
                    val = {"tuned": np.nanmean(perq[b][si][dr][mask])}
                    for name, pq in ref[si].items():
                        val[name] = np.nanmean(pq[dr][mask])
                    row["cells"].append(val)
            nested.append(row)
        # the chosen set, measured by fitrank itself
        measured = []
        for si, s in enumerate(sets):
            sets_arg = sum((["--set", "%s=%r" % (k, v)] for k, v in chosen.items()), [])
            rep = json.loads(run([fitrank, "eval"] + s.args() + ["--format", "json"] + sets_arg))
            mine = [np.nanmean(perq[best][si][dr]) for dr in "rp"]
            got = [rep["by_resume"]["ndcg10"], rep["by_posting"]["ndcg10"]]
            if max(abs(a - b) for a, b in zip(mine, got)) > 0.003:
                sys.exit("tune: the combination here and fitrank's disagree on %s: %s vs %s" % (s.name, mine, got))
            measured.append(got)
    # lines tune does not choose (verdict.* and score.t_met) are kept as they are
    kept = []
    if os.path.exists(args.params):
        with open(args.params) as f:
            kept = [l for l in f if l.strip() and not l.startswith("#") and l.split("=")[0] not in chosen]
    with open(args.params + ".tmp", "w") as f:
        f.write("# Written by `make tune` (bench/tune.py) on cv-project-fit's graded pairs and the Google ×\n"
                "# LiveCareer category check.  The build embeds this file as the scoring defaults\n"
                "# (models/params.c); `make model` puts them into the reference model, and a test checks\n"
                "# that it carries them.\n")
        for k, v in chosen.items():
            f.write("%s=%r\n" % (k, v))
        f.writelines(kept)
    os.replace(args.params + ".tmp", args.params)

    cell_names = ["%s, per %s" % (s.name, "résumé" if dr == "r" else "posting") for s in sets for dr in "rp"]
    out = ["# Tuning the scoring parameters (issue 15)\n",
           "Written by `make tune` (`bench/tune.py`) on %s.  Sets: %s.  Objective: the mean over the four (set, direction) "
           "cells of nDCG@10 relative to scikit-learn's TF-IDF cosine on the same queries, in `fitrank rank` order (gate, then "
           "score).  Candidates: %d parameter sets of the geometric form (score.form = 1) whose requirement parts carry ≥ 0.5 "
           "of the weights and preferred qualifications ≥ 0.1 (%s; fixed: %s).\n" % (
               datetime.date.today().isoformat(), "; ".join(s.name for s in sets), len(cands),
               "; ".join("%s ∈ {%s}" % (k[6:], ", ".join("%g" % v for v in vals))
                         for k, vals in list(ITEM_GRID.items()) + list(COMBINE_GRID.items())),
               fmt_params(FIXED)),
           "## Nested cross-validation (5 folds of queries)\n",
           "Each fold's parameters are chosen on the other folds' queries of both sets, and measured on the held queries "
           "(résumés for the per-résumé cells, postings for the per-posting cells), next to the other systems on the same "
           "queries.  Ratios are to scikit-learn on the same queries.\n"]
    systems = ["tuned (out of fold)", "before (issue 14)", "fitrank cosine", "scikit-learn"]
    for ci, name in enumerate(cell_names):
        out.append("### %s\n" % name)
        out.append("| fold | " + " | ".join(systems) + " | tuned / scikit-learn | tuned / cosine |")
        out.append("|---|" + "---|" * (len(systems) + 2))
        tot = {k: [] for k in systems}
        for row in nested:
            c = row["cells"][ci]
            vals = [c["tuned"], c["before (issue 14)"], c["fitrank cosine"], c["scikit-learn"]]
            for k, v in zip(systems, vals):
                tot[k].append(v)
            out.append("| %d | %s | %.3f× | %.3f× |" % (row["fold"], " | ".join("%.4f" % v for v in vals),
                                                       vals[0] / vals[3], vals[0] / vals[2]))
        m = [float(np.mean(tot[k])) for k in systems]
        out.append("| mean | %s | %.3f× | %.3f× |\n" % (" | ".join("%.4f" % v for v in m), m[0] / m[3], m[0] / m[2]))
    out.append("Chosen per fold:\n")
    for row in nested:
        out.append("- fold %d: %s" % (row["fold"], fmt_params({k: v for k, v in row["params"].items() if k not in FIXED})))
    out.append("")
    req_share, pref_share = shares(chosen)
    out.append("## Chosen (best on both whole sets)\n")
    out.append("%s — requirement parts %.2f of the weights, preferred %.2f.  Measured by `fitrank eval --set …`: %s.  "
               "Written to `%s`; `make model` embeds them.\n" % (
                   fmt_params(chosen), req_share, pref_share,
                   "; ".join("%s %.4f / %.4f" % (s.name, a, b) for s, (a, b) in zip(sets, measured)), args.params))
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(out))
    os.replace(args.out + ".tmp", args.out)
    print("tune: chosen %s -> %s and %s" % (fmt_params(chosen), args.params, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
