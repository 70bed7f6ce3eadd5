#!/usr/bin/env python3
"""Write N distinct job postings as JSONL for scale benchmarks (match against 100k postings,
pruning recall), recombined from the real Google postings of ../shared/data: each synthetic
posting takes the title and responsibilities of one real posting and draws its minimum
(required) and preferred qualification lines from real postings of the same category, so the
text is real text and no two postings are identical.  Nothing is written inside the repository:
the data set is for local use only.

    /usr/bin/python3 bench/synth_postings.py --shared ../shared --n 100000 --out /tmp/p100k.jsonl

Exit codes: 0 ok, 2 usage, 3 ../shared/data absent.
"""
import argparse
import csv
import json
import os
import random
import sys


def lines(s):
    return [x.strip() for x in s.splitlines() if x.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    path = os.path.join(a.shared, "data", "google-job-postings", "job_skills_dev.csv")
    if not os.path.exists(path):
        print(f"synth_postings: {path} absent", file=sys.stderr)
        return 3
    rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
    by_cat = {}
    for r in rows:
        r["_min"], r["_pref"] = lines(r["Minimum Qualifications"]), lines(r["Preferred Qualifications"])
        by_cat.setdefault(r["Category"], []).append(r)
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as f:
        for i in range(a.n):
            base = rows[i % len(rows)]
            pool = by_cat[base["Category"]]
            req = set()
            while len(req) < rng.randint(2, 5):
                req.add(rng.choice(rng.choice(pool)["_min"] or ["BA/BS degree or equivalent practical experience."]))
            pref = set()
            while len(pref) < rng.randint(2, 5):
                pref.add(rng.choice(rng.choice(pool)["_pref"] or ["Excellent communication skills."]))
            text = (f"{base['Title']}\n\nResponsibilities:\n{base['Responsibilities']}\n\n"
                    "Minimum qualifications:\n" + "\n".join(sorted(req)) + "\n\n"
                    "Preferred qualifications:\n" + "\n".join(sorted(pref)) + "\n")
            f.write(json.dumps({"id": f"synth-{i}", "text": text}) + "\n")
    print(f"synth_postings: {a.n} postings -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
