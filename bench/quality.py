#!/usr/bin/env python3
"""Ranking quality, fitrank against the baselines a user would otherwise reach for (`make quality`).

    /usr/bin/python3 bench/quality.py --fitrank ./fitrank [--shared ../shared] [--out bench/QUALITY.md]
    /usr/bin/python3 bench/quality.py --fitrank ./fitrank --check     (the regression test)

Two evaluations, every system scored on the same documents and measured by the same code
(`fitrank eval`: baselines hand it their scores with --scores):

1. Graded fit labels: ../shared/data/cv-project-fit (German/English IT freelance CVs and project
   postings, 1 = best fit ... 5 = no fit).  nDCG@10 (gain 2^(5-label) - 1), P@5 and MRR (relevant:
   label <= 2), per résumé (its labelled postings) and per posting (its labelled résumés).
2. Categories: ../shared/data/google-job-postings (real postings, required and preferred
   qualifications in their own columns) against ../shared/data/resumes-livecareer, with the
   category mapping the data's SOURCE.md suggests; a résumé is relevant to a posting when their
   categories map to each other (label 1, otherwise 5: binary gain).  Every pair of the mapped
   postings and all résumés is scored.

Systems: fitrank --mode full (the order `fitrank rank` gives: gate first, then score), fitrank
full by score alone (--gate off), fitrank --mode cosine; scikit-learn TfidfVectorizer (defaults,
fitted on the evaluated documents) + linear_kernel; BM25 (k1 1.2, b 0.75, the posting's distinct
terms as the query, the résumés as the collection, scikit-learn's tokens); random (mean of 20
shuffles).  The issue's reference figures for the first set (random 0.49 / 0.63, scikit-learn
0.586 / 0.727, BM25 0.556 / 0.719) are reproduced by the baselines here, which checks the metric.

--check runs the first evaluation only and fails (exit 1) unless fitrank full mode beats the
scikit-learn cosine baseline in both directions: a quality regression test, not a timing test.
Exit 0 with a SKIP message when ../shared/data or scikit-learn is absent.
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import tempfile

AS_OF = "2019-12"  # cv-project-fit was collected in autumn 2019: "present" in its CVs means then
TARGET = 1.15      # issue 7: fitrank full >= 1.15 x the scikit-learn cosine baseline, both directions
RANDOM_SEEDS = 20

# The scoring parameters before issue 15 (models/tuned_params.txt at 300be56: the arithmetic mean
# tuned on cv-project-fit alone): every table shows them as "before"
BEFORE = {"score.form": 0, "score.w_req": 0.2, "score.w_pref": 0.0, "score.w_ctx": 0.4, "score.w_skill": 0.4,
          "score.alpha": 0.75, "score.beta": 0.0, "score.beta_ctx": 0.0, "score.t_partial": 0.1,
          "score.fact_floor": 0.25}
BEFORE_NAME = "fitrank full, before issue 15 (rank order)"


def set_args(params):
    return sum((["--set", "%s=%r" % (k, v)] for k, v in params.items()), [])


# SOURCE.md of google-job-postings: posting category -> LiveCareer résumé categories
CATEGORY_MAP = {
    "People Operations": ["HR"],
    "Finance": ["FINANCE", "ACCOUNTANT", "BANKING"],
    "Software Engineering": ["INFORMATION-TECHNOLOGY"],
    "IT & Data Management": ["INFORMATION-TECHNOLOGY"],
    "Hardware Engineering": ["ENGINEERING"],
    "Sales & Account Management": ["SALES"],
    "Marketing & Communications": ["PUBLIC-RELATIONS", "DIGITAL-MEDIA"],
    "User Experience & Design": ["DESIGNER"],
    "Legal & Government Relations": ["ADVOCATE"],
    "Business Strategy": ["BUSINESS-DEVELOPMENT", "CONSULTANT"],
    "Partnerships": ["BUSINESS-DEVELOPMENT", "CONSULTANT"],
}


# The 962-résumé set's job-role categories, mapped to the Google categories by us (the set's
# SOURCE.md suggests e.g. Java Developer -> Software Engineering, HR -> People Operations):
IT_ROLES = ["Java Developer", "Python Developer", "DotNet Developer", "DevOps Engineer", "Testing",
            "Automation Testing", "Hadoop", "ETL Developer", "Database", "Blockchain", "SAP Developer",
            "Data Science", "Network Security Engineer", "Web Designing"]
CATEGORY_MAP_962 = {
    "Software Engineering": IT_ROLES,
    "IT & Data Management": IT_ROLES,
    "Technical Infrastructure": ["DevOps Engineer", "Network Security Engineer", "Database"],
    "Network Engineering": ["Network Security Engineer", "DevOps Engineer"],
    "Data Center & Network": ["Network Security Engineer", "DevOps Engineer"],
    "People Operations": ["HR"],
    "Sales & Account Management": ["Sales"],
    "Legal & Government Relations": ["Advocate"],
    "Hardware Engineering": ["Electrical Engineering", "Mechanical Engineer"],
    "Manufacturing & Supply Chain": ["Mechanical Engineer", "Operations Manager"],
    "User Experience & Design": ["Web Designing"],
    "Program Management": ["PMO"],
    "Business Strategy": ["Business Analyst"],
}


def skip(msg):
    print("quality: SKIP (%s)" % msg)
    sys.exit(0)


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if r.returncode != 0:
        sys.exit("quality: %s failed (exit %d): %s" % (" ".join(cmd[:3]), r.returncode, r.stderr.strip()))
    return r.stdout


class Evaluator:
    """Runs `fitrank eval` on one labelled set: fitrank's own modes, and given scores."""

    def __init__(self, fitrank, labels, postings, resumes, tmp, extra=()):
        self.fitrank, self.labels, self.postings, self.resumes, self.tmp = fitrank, labels, postings, resumes, tmp
        self.extra = list(extra)

    def fitrank_mode(self, *args):
        out = run([self.fitrank, "eval", "--labels", self.labels, "--postings", self.postings,
                   "--resumes", self.resumes, "--format", "json"] + self.extra + list(args))
        return json.loads(out)

    def given(self, pairs, scores):
        path = os.path.join(self.tmp, "scores.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["resume", "posting", "score"])
            for (r, p), s in zip(pairs, scores):
                w.writerow([r, p, repr(float(s))])
        return json.loads(run([self.fitrank, "eval", "--labels", self.labels, "--scores", path, "--format", "json"]))


def baseline_scores(resume_text, posting_text):
    """scikit-learn cosine and BM25 score matrices (résumés × postings, ids sorted) and the id maps."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    rids = sorted(resume_text)
    pids = sorted(posting_text)
    ri = {r: i for i, r in enumerate(rids)}
    pi = {p: i for i, p in enumerate(pids)}
    R = [resume_text[r] for r in rids]
    P = [posting_text[p] for p in pids]
    out = {}
    # scikit-learn as a user runs it: TfidfVectorizer() on the documents at hand, linear_kernel
    vec = TfidfVectorizer().fit(R + P)
    Xr, Xp = vec.transform(R), vec.transform(P)
    cos = np.vstack([linear_kernel(Xr[i:i + 512], Xp) for i in range(0, len(R), 512)])
    out["scikit-learn TF-IDF cosine"] = cos
    # BM25 (Robertson/Sparck Jones idf, as Lucene), the résumés as the collection
    cv = CountVectorizer().fit(R + P)
    C = cv.transform(R).tocsr().astype(np.float64)
    Q = (cv.transform(P) > 0).astype(np.float64).tocsr()
    n = C.shape[0]
    df = np.bincount(C.indices, minlength=C.shape[1])
    idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
    dl = np.asarray(C.sum(axis=1)).ravel()
    k1, b = 1.2, 0.75
    T = C.copy()
    rows = np.repeat(np.arange(n), np.diff(T.indptr))
    T.data = T.data * (k1 + 1) / (T.data + k1 * (1 - b + b * dl[rows] / dl.mean())) * idf[T.indices]
    out["BM25 (k1 1.2, b 0.75)"] = (T @ Q.T).toarray()
    return out, ri, pi


def baselines(ev, pairs, resume_text, posting_text):
    """scikit-learn cosine, BM25 and random scores of `pairs` ((résumé id, posting id) list)."""
    import numpy as np

    mats, ri, pi = baseline_scores(resume_text, posting_text)
    out = {name: ev.given(pairs, [m[ri[r], pi[p]] for r, p in pairs]) for name, m in mats.items()}
    # random: mean over shuffles
    runs = []
    for seed in range(RANDOM_SEEDS):
        rng = np.random.default_rng(seed)
        runs.append(ev.given(pairs, rng.random(len(pairs))))
    out["random (mean of %d)" % RANDOM_SEEDS] = mean_reports(runs)
    return out


def mean_reports(runs):
    m = {"by_resume": {}, "by_posting": {}}
    for side in m:
        for k in ("ndcg10", "p5", "mrr", "queries", "queries_relevant"):
            m[side][k] = sum(r[side][k] for r in runs) / len(runs)
    return m


def read_labels(path):
    pairs = set()
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pairs.add((row["cv"], row["jobpost"]))
    return sorted(pairs)


def cv_project_fit(fitrank, data, tmp, folds=5):
    base = os.path.join(data, "cv-project-fit")
    labels = os.path.join(base, "labels.csv")
    pairs = read_labels(labels)
    ev = Evaluator(fitrank, labels, os.path.join(base, "jobpost"), os.path.join(base, "cv"), tmp,
                   ["--as-of", AS_OF])
    res = {}
    res["fitrank full (rank order: gate, then score)"] = ev.fitrank_mode("--folds", str(folds))
    res["fitrank full, by score (--gate off)"] = ev.fitrank_mode("--gate", "off", "--folds", str(folds))
    res[BEFORE_NAME] = ev.fitrank_mode(*set_args(BEFORE))
    res["fitrank cosine"] = ev.fitrank_mode("--mode", "cosine")

    def text(kind, ids):
        return {i: open(os.path.join(base, kind, i + ".txt"), encoding="utf-8").read() for i in ids}
    return res, baselines(ev, pairs, text("cv", {r for r, _ in pairs}), text("jobpost", {p for _, p in pairs}))


def livecareer(data):
    """LiveCareer résumés: id -> (text, category)."""
    out = {}
    with open(os.path.join(data, "resumes-livecareer", "resumes_from_pdf.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out["lc" + r["ID"]] = (r["Resume_str"], r["Category"])
    return out


def categorized_962(data):
    """The 962-row Kaggle set, deduplicated (166 distinct texts, as its SOURCE.md asks)."""
    out, seen = {}, set()
    with open(os.path.join(data, "resumes-categorized-962", "UpdatedResumeDataSet.csv"), newline="",
              encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            key = " ".join(r["Resume"].split())
            if key in seen:
                continue
            seen.add(key)
            out["k%03d" % i] = (r["Resume"], r["Category"])
    return out


def category_files(data, tmp, resumes, cmap, tag):
    """Write a category check's postings, résumés and labels (relevant: 1, not: 5) into tmp; returns
    their paths, the pairs, the texts and the categories."""
    csv.field_size_limit(1 << 30)
    posts, pcat = {}, {}
    with open(os.path.join(data, "google-job-postings", "job_skills_dev.csv"), newline="", encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if r["Category"] not in cmap:
                continue
            pid = "g%d" % i
            posts[pid] = (f"{r['Title']}\n\nResponsibilities:\n{r['Responsibilities']}\n\nMinimum qualifications:\n"
                          f"{r['Minimum Qualifications']}\n\nPreferred qualifications:\n{r['Preferred Qualifications']}\n")
            pcat[pid] = r["Category"]
    res_text = {k: v[0] for k, v in resumes.items()}
    rcat = {k: v[1] for k, v in resumes.items()}
    pj, rj, lj = (os.path.join(tmp, tag + n) for n in ("_postings.jsonl", "_resumes.jsonl", "_labels.csv"))
    with open(pj, "w", encoding="utf-8") as f:
        for pid in sorted(posts):
            f.write(json.dumps({"id": pid, "text": posts[pid]}) + "\n")
    with open(rj, "w", encoding="utf-8") as f:
        for rid in sorted(res_text):
            f.write(json.dumps({"id": rid, "text": res_text[rid]}) + "\n")
    pairs = [(r, p) for r in sorted(res_text) for p in sorted(posts)]
    with open(lj, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["resume", "posting", "label"])
        for r, p in pairs:
            w.writerow([r, p, 1 if rcat[r] in cmap[pcat[p]] else 5])
    return pj, rj, lj, pairs, posts, res_text, rcat


def categories(fitrank, data, tmp, resumes, cmap, tag):
    pj, rj, lj, pairs, posts, res_text, rcat = category_files(data, tmp, resumes, cmap, tag)
    ev = Evaluator(fitrank, lj, pj, rj, tmp)
    res = {"fitrank full (rank order: gate, then score)": ev.fitrank_mode(),
           "fitrank full, by score (--gate off)": ev.fitrank_mode("--gate", "off"),
           BEFORE_NAME: ev.fitrank_mode(*set_args(BEFORE)),
           "fitrank cosine": ev.fitrank_mode("--mode", "cosine")}
    info = {"postings": len(posts), "resumes": len(res_text), "pairs": len(pairs),
            "relevant_resumes": sum(1 for r in rcat if any(rcat[r] in v for v in cmap.values()))}
    return res, baselines(ev, pairs, res_text, posts), info


def pairwise(grades, scores):
    """Agreement of scores with grades (1 = an excellent fit, 5 = none): AUC over the pairs of pairs
    with different grades (the better-graded one scored higher; ties count half) and Kendall's τ-b."""
    from scipy.stats import kendalltau
    n, good = 0, 0.0
    for i in range(len(grades)):
        for j in range(len(grades)):
            if grades[i] < grades[j]:
                n += 1
                good += 1.0 if scores[i] > scores[j] else 0.5 if scores[i] == scores[j] else 0.0
    tau = kendalltau([-g for g in grades], scores).statistic
    return good / n if n else float("nan"), tau


def overall_fit(fitrank, data, tmp):
    """The requirement-verdict pairs' overall-fit grades (an untuned check): every system's score of
    each labelled pair, compared pairwise with the grades."""
    import numpy as np
    d = os.path.join(data, "requirement-verdicts")
    tasks = [json.loads(l) for l in open(os.path.join(d, "tasks.jsonl"), encoding="utf-8")]
    grade = {}
    for l in open(os.path.join(d, "labels.jsonl"), encoding="utf-8"):
        x = json.loads(l)
        grade[x["pair"]] = x["overall_fit"]
    pdir, rdir = os.path.join(tmp, "ofit_p"), os.path.join(tmp, "ofit_r")
    os.makedirs(pdir)
    os.makedirs(rdir)
    pfile, rfile, ptext, rtext = {}, {}, {}, {}
    for t in tasks:
        if t["posting_id"] not in pfile:
            pfile[t["posting_id"]] = "p%03d.txt" % len(pfile)
            ptext[pfile[t["posting_id"]]] = t["posting"]
            open(os.path.join(pdir, pfile[t["posting_id"]]), "w", encoding="utf-8").write(t["posting"])
        if t["resume_id"] not in rfile:
            # a JSON Resume is a .json file, as `eval --verdicts` lays it out
            ext = ".json" if t["resume"].lstrip().startswith("{") else ".txt"
            rfile[t["resume_id"]] = "r%03d%s" % (len(rfile), ext)
            rtext[rfile[t["resume_id"]]] = t["resume"]
            open(os.path.join(rdir, rfile[t["resume_id"]]), "w", encoding="utf-8").write(t["resume"])
    pairs = [(rfile[t["resume_id"]], pfile[t["posting_id"]], grade[t["pair"]]) for t in tasks if t["pair"] in grade]
    grades = [g for _, _, g in pairs]

    labels = os.path.join(tmp, "ofit_labels.csv")
    with open(labels, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["resume", "posting", "label"])
        for r, p, g in pairs:
            w.writerow([os.path.splitext(r)[0], os.path.splitext(p)[0], g])

    def scored(*args):
        # every labelled pair's canonical score (the one rank and explain report) and gate
        out = os.path.join(tmp, "ofit_pairs.csv")
        run([fitrank, "eval", "--labels", labels, "--postings", pdir, "--resumes", rdir, "--as-of", AS_OF,
             "--gate", "off", "--pairs", out] + list(args))
        with open(out, newline="", encoding="utf-8") as f:
            sc = {(x["resume"], x["posting"]): (round(float(x["score"]), 4), x["gate"] == "1") for x in csv.DictReader(f)}
        return [sc[(os.path.splitext(r)[0], os.path.splitext(p)[0])] for r, p, _ in pairs]

    res = {}
    full, before, cos = scored(), scored(*set_args(BEFORE)), scored("--mode", "cosine")
    res["fitrank full (gate, then score)"] = pairwise(grades, [s + (1 if g else 0) for s, g in full])
    res["fitrank full, by score"] = pairwise(grades, [s for s, _ in full])
    res["fitrank full, before issue 15 (gate, then score)"] = pairwise(grades, [s + (1 if g else 0) for s, g in before])
    res["fitrank full, before issue 15, by score"] = pairwise(grades, [s for s, _ in before])
    res["fitrank cosine"] = pairwise(grades, [s for s, _ in cos])
    mats, ri, pi = baseline_scores(rtext, ptext)
    for name, m in mats.items():
        res[name] = pairwise(grades, [m[ri[r], pi[p]] for r, p, _ in pairs])
    runs = [pairwise(grades, list(np.random.default_rng(seed).random(len(pairs)))) for seed in range(RANDOM_SEEDS)]
    res["random (mean of %d)" % RANDOM_SEEDS] = (sum(a for a, _ in runs) / len(runs), sum(t for _, t in runs) / len(runs))
    n_cmp = sum(1 for i in range(len(grades)) for j in range(len(grades)) if grades[i] < grades[j])
    return res, {"pairs": len(pairs), "postings": len(pfile), "resumes": len(rfile), "comparisons": n_cmp}


def nested_means(path):
    """(cell name, mean row cells) of bench/TUNING.md's nested cross-validation tables."""
    cells, name = [], None
    for line in open(path, encoding="utf-8"):
        if line.startswith("### "):
            name = line[4:].strip()
        elif line.startswith("| mean |") and name:
            cells.append((name, [c.strip() for c in line.strip().strip("|").split("|")[1:]]))
            name = None
    return cells


def table(systems, ref_name, folds=False):
    ref = systems[ref_name]
    lines = ["| system | per résumé nDCG@10 | P@5 | MRR | per posting nDCG@10 | P@5 | MRR | nDCG@10 vs scikit-learn (résumé / posting) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in systems.items():
        a, b = r["by_resume"], r["by_posting"]
        ratio = "%.3f× / %.3f×" % (a["ndcg10"] / ref["by_resume"]["ndcg10"], b["ndcg10"] / ref["by_posting"]["ndcg10"])
        lines.append("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %s |" % (
            name, a["ndcg10"], a["p5"], a["mrr"], b["ndcg10"], b["p5"], b["mrr"], ratio))
    return "\n".join(lines)


def fold_line(r):
    fm = r.get("folds_mean")
    if not fm:
        return ""
    return "nDCG@10 over 5 folds of résumés (mean ± sd): per résumé %.4f ± %.4f, per posting %.4f ± %.4f" % (
        fm["by_resume"]["ndcg10"], fm["by_resume"]["ndcg10_sd"], fm["by_posting"]["ndcg10"], fm["by_posting"]["ndcg10_sd"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fitrank", default="./fitrank")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default=None, help="write the report here (default: print it)")
    ap.add_argument("--check", action="store_true", help="regression test: full must beat the cosine baseline")
    args = ap.parse_args()
    data = os.path.join(args.shared, "data")
    if not os.path.isdir(os.path.join(data, "cv-project-fit")):
        skip("%s/cv-project-fit absent" % data)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        skip("scikit-learn not installed for %s" % sys.executable)
    fitrank = os.path.abspath(args.fitrank)
    with tempfile.TemporaryDirectory(prefix="fitrank-quality-") as tmp:
        mine, base = cv_project_fit(fitrank, data, tmp)
        systems = dict(mine)
        systems.update(base)
        ref = "scikit-learn TF-IDF cosine"
        full = systems["fitrank full (rank order: gate, then score)"]
        beats = all(full[s]["ndcg10"] > systems[ref][s]["ndcg10"] for s in ("by_resume", "by_posting"))
        if args.check:
            print(table(systems, ref))
            print("quality: fitrank full nDCG@10 %.4f / %.4f, scikit-learn cosine %.4f / %.4f (per résumé / per posting)" % (
                full["by_resume"]["ndcg10"], full["by_posting"]["ndcg10"],
                systems[ref]["by_resume"]["ndcg10"], systems[ref]["by_posting"]["ndcg10"]))
            if not beats:
                print("quality: FAIL: fitrank full mode does not beat the scikit-learn cosine baseline in both directions")
                return 1
            print("quality: ok (fitrank full beats the scikit-learn cosine baseline in both directions)")
            return 0
        cat_mine, cat_base, info = categories(fitrank, data, tmp, livecareer(data), CATEGORY_MAP, "lc")
        k_mine, k_base, kinfo = categories(fitrank, data, tmp, categorized_962(data), CATEGORY_MAP_962, "k962")
        ofit, oinfo = overall_fit(fitrank, data, tmp)
    cat = dict(cat_mine)
    cat.update(cat_base)
    k962 = dict(k_mine)
    k962.update(k_base)
    commit = run(["git", "rev-parse", "--short", "HEAD"]).strip()
    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"]).strip()
    params = full.get("params", {})
    ratio_r = full["by_resume"]["ndcg10"] / systems[ref]["by_resume"]["ndcg10"]
    ratio_p = full["by_posting"]["ndcg10"] / systems[ref]["by_posting"]["ndcg10"]
    bm = systems["BM25 (k1 1.2, b 0.75)"]
    above_bm25 = all(full[s]["ndcg10"] > bm[s]["ndcg10"] for s in ("by_resume", "by_posting"))
    met = ratio_r >= TARGET and ratio_p >= TARGET and above_bm25
    by_score = systems["fitrank full, by score (--gate off)"]
    out = []
    out.append("# Ranking quality (issues 7 and 15)\n")
    out.append("Written by `make quality` (`bench/quality.py`) on %s, commit %s%s, model %s, on %s (%s).  "
               "Every system is measured by the same code (`fitrank eval`; baselines pass their scores with "
               "`--scores`).  Metrics: nDCG@10 with gain 2^(5 − label) − 1, P@5 and MRR with label ≤ 2 "
               "relevant; a pair labelled more than once counts with its mean label.\n" % (
                   datetime.date.today().isoformat(), commit, " (with uncommitted changes)" if dirty else "",
                   full["model"], platform.node() or "this machine", platform.machine()))
    out.append("## 1. Graded fit labels: cv-project-fit (development half)\n")
    out.append("%d labelled rows, %d pairs, %d résumés, %d postings (German and English); `fitrank eval --labels "
               "../shared/data/cv-project-fit/labels.csv --postings .../jobpost --resumes .../cv --as-of %s`.\n" % (
                   full["rows"], full["pairs"], full["resumes"], full["postings"], AS_OF))
    out.append(table(systems, ref) + "\n")
    out.append("fitrank full (rank order): " + fold_line(full) + ".  By score: " + fold_line(by_score) + ".\n")
    out.append("Scoring parameters (the embedded model's, tuned by `make tune`: bench/TUNING.md): " +
               ", ".join("%s = %g" % (k, v) for k, v in params.items()) + ".\n")
    verdict = "**met**" if met else "**not met**"
    out.append("**Target** (fitrank full ≥ %.2f× the scikit-learn cosine baseline in both directions, and above BM25): %s — "
               "per résumé %.3f×, per posting %.3f×; above BM25 in both directions: %s.  By score alone (no gate "
               "ordering): %.3f× / %.3f×.\n" % (
                   TARGET, verdict, ratio_r, ratio_p, "yes" if above_bm25 else "no",
                   by_score["by_resume"]["ndcg10"] / systems[ref]["by_resume"]["ndcg10"],
                   by_score["by_posting"]["ndcg10"] / systems[ref]["by_posting"]["ndcg10"]))
    out.append("## 2. Categories: Google postings × LiveCareer résumés\n")
    out.append("%d real postings of the categories SOURCE.md maps to résumé categories (required and preferred "
               "qualifications from their own columns) × all %d LiveCareer résumés (%d of them in a mapped "
               "category) = %d pairs, every pair scored.  Relevant: the résumé's category is one the posting's "
               "category maps to (People Operations → HR; Finance → FINANCE, ACCOUNTANT, BANKING; Software "
               "Engineering, IT & Data Management → INFORMATION-TECHNOLOGY; Hardware Engineering → ENGINEERING; "
               "Sales & Account Management → SALES; Marketing & Communications → PUBLIC-RELATIONS, DIGITAL-MEDIA; "
               "User Experience & Design → DESIGNER; Legal & Government Relations → ADVOCATE; Business Strategy, "
               "Partnerships → BUSINESS-DEVELOPMENT, CONSULTANT).  Per posting: are its top 10 résumés of its "
               "category; per résumé (mapped categories only): are its top 10 postings of its category.\n" % (
                   info["postings"], info["resumes"], info["relevant_resumes"], info["pairs"]))
    out.append(table(cat, ref) + "\n")
    cf, cc = cat["fitrank full (rank order: gate, then score)"], cat["fitrank cosine"]
    if cf["by_posting"]["ndcg10"] < cc["by_posting"]["ndcg10"] or cf["by_resume"]["ndcg10"] < cc["by_resume"]["ndcg10"]:
        out.append("Full mode is below whole-text cosine here (%.4f / %.4f against %.4f / %.4f; by score alone %.4f / %.4f).  "
                   "A category is not a fit: a résumé of the posting's field often misses a specific requirement (a CPA, "
                   "5 years in UX research), fails the gate and is ordered after résumés that pass it; and the requirement "
                   "parts, which carry half of the weights, separate fields less well than the vocabulary of the whole text "
                   "(docs/SCORING.md, issue 15).\n" % (
                       cf["by_resume"]["ndcg10"], cf["by_posting"]["ndcg10"], cc["by_resume"]["ndcg10"], cc["by_posting"]["ndcg10"],
                       cat["fitrank full, by score (--gate off)"]["by_resume"]["ndcg10"],
                       cat["fitrank full, by score (--gate off)"]["by_posting"]["ndcg10"]))
    out.append("## 2b. Categories: Google postings × the 962-résumé set (deduplicated)\n")
    out.append("resumes-categorized-962 holds %d distinct texts (of 962 rows; duplicates dropped, as its SOURCE.md asks) "
               "in job-role categories; we mapped them to the Google categories: Software Engineering and IT & Data "
               "Management → the IT roles (%s); Technical Infrastructure, Network Engineering, Data Center & Network → "
               "network, DevOps and database roles; People Operations → HR; Sales & Account Management → Sales; Legal "
               "& Government Relations → Advocate; Hardware Engineering → Electrical and Mechanical Engineering; "
               "Manufacturing & Supply Chain → Mechanical Engineer, Operations Manager; User Experience & Design → Web "
               "Designing; Program Management → PMO; Business Strategy → Business Analyst.  %d postings × %d résumés "
               "(%d in a mapped category) = %d pairs.\n" % (
                   kinfo["resumes"], ", ".join(IT_ROLES), kinfo["postings"], kinfo["resumes"], kinfo["relevant_resumes"],
                   kinfo["pairs"]))
    out.append(table(k962, ref) + "\n")
    out.append("## 2n. Out of fold: the tuned sets by nested cross-validation (from bench/TUNING.md)\n")
    tuning = os.path.join(os.path.dirname(os.path.abspath(__file__)), "TUNING.md")
    cells = nested_means(tuning) if os.path.exists(tuning) else []
    if cells:
        out.append("`make tune` (bench/tune.py) chooses the parameters on four folds of queries of §1 and §2 and measures "
                   "them on the fifth; the means over the held folds (every fold in bench/TUNING.md):\n")
        out.append("| set, direction | tuned (out of fold) | before issue 15 | fitrank cosine | scikit-learn | tuned / scikit-learn | tuned / cosine |")
        out.append("|---|---|---|---|---|---|---|")
        for name, row in cells:
            out.append("| %s | %s |" % (name, " | ".join(row)))
        out.append("")
    else:
        out.append("bench/TUNING.md has no nested cross-validation table: run `make tune`.\n")
    out.append("## 2c. Overall fit of the requirement-verdict pairs (untuned; pairwise agreement)\n")
    out.append("The %d pairs of `../shared/data/requirement-verdicts/` (%d postings, %d résumés: Google × LiveCareer, the "
               "seed postings, German cv-project-fit pairs) carry a careful reader's overall fit grade (1 = an excellent "
               "fit … 5 = none).  Every system scores each pair (fitrank: the canonical pair scores `rank` and `explain` "
               "report, by `eval --pairs`, as-of %s; gate then score, or score alone); agreement with the grades over the %d ordered pairs of pairs "
               "with different grades: AUC (the better-graded pair scored higher; ties half) and Kendall's τ-b.  "
               "Nothing is tuned on this set.\n" % (oinfo["pairs"], oinfo["postings"], oinfo["resumes"], AS_OF,
                                                   oinfo["comparisons"]))
    out.append("| system | AUC | Kendall τ-b |\n|---|---|---|")
    for name, (auc, tau) in ofit.items():
        out.append("| %s | %.4f | %.4f |" % (name, auc, tau))
    out.append("")
    out.append("## 3. What limits the targets (issue 15)\n")
    out.append("- **The parts, not their combination.**  On the pairs' parts (`bench/combine_parts.py`, bench/tune.py), the "
               "best log-linear combination of every part — dense and lexical context, required, preferred and skill "
               "coverage — fitted in-sample without the weight constraints reaches 0.98 of the graded-pair target "
               "(1.15× scikit-learn) and 0.975 of cosine on the categories; the arithmetic mean's best per-posting figure on "
               "the graded pairs is 0.825 (target 0.835).  A BM25 part and scikit-learn's cosine as a part lowered the "
               "per-posting figures (docs/SCORING.md).\n"
               "- **The gate orders first** (the `--gate rank` contract): on the categories 35 %% of the relevant pairs fail "
               "it (65 %% against 52 %% of the others pass), mostly on requirements a careful reader would also call missing "
               "(a CPA, years in a specific domain, enrolment); by score alone the figures above are higher.\n"
               "- The labels are noisy: %d of the %d pairs of §1 labelled more than once carry different labels; per-fold "
               "nDCG@10 varies by ±%.3f (per résumé) between folds.\n"
               "- The next lever is evidence that reads meaning in short texts (an item said in other words or another "
               "language: \"Projektleiterin\" for project management) — the limit the requirement verdicts meet too.\n" % (
                   full["conflicting_pairs"], full["duplicate_pairs"], full["folds_mean"]["by_resume"]["ndcg10_sd"]))
    text = "\n".join(out)
    if args.out:
        # the requirement-verdict section bench/verdicts.py keeps in the same file stays
        if os.path.exists(args.out):
            old = open(args.out).read()
            b, e = "<!-- verdicts:begin -->", "<!-- verdicts:end -->"
            if b in old and e in old:
                text = text.rstrip("\n") + "\n\n" + old[old.index(b):old.index(e) + len(e)] + "\n"
        tmp_out = args.out + ".tmp"
        with open(tmp_out, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp_out, args.out)
        print("quality: wrote %s (target %s: %.3f× / %.3f×)" % (args.out, "met" if met else "not met", ratio_r, ratio_p))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
