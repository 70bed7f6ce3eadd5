#!/usr/bin/env python3
"""The LSA projection against scipy: singular values of fitrank's own TF-IDF matrix.

    /usr/bin/python3 tests/check_lsa.py --fitrank ./fitrank --shared ../shared

fitrank fits a model with --dim 32 on real résumés, prints each document's TF-IDF row
(`vectorize`) and the model's singular values (`model info --json`); scipy's exact sparse SVD
(svds) of the same rows must give the same top singular values (randomized range finder with seven
power iterations: relative error < 1e-3 on the top 16, < 2e-2 on all 32).  Skips without scipy
or without ../shared/data."""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds
except ImportError:
    print("lsa: SKIP (python3-scipy not installed)")
    sys.exit(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", default="./fitrank")
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    src = os.path.join(a.shared, "data/resumes-livecareer/resumes_from_pdf.csv")
    if not os.path.exists(src):
        print("lsa: SKIP (../shared/data absent)")
        return 0
    csv.field_size_limit(sys.maxsize)
    rows = list(csv.DictReader(open(src, encoding="utf-8", newline="")))[:600]
    with tempfile.TemporaryDirectory() as tmp:
        jl = os.path.join(tmp, "docs.jsonl")
        with open(jl, "w", encoding="utf-8") as f:
            for i, r in enumerate(rows):
                f.write(json.dumps({"id": f"d{i}", "text": r["Resume_str"]}) + "\n")
        model = os.path.join(tmp, "m.frm")
        subprocess.run([a.fitrank, "fit", "-o", model, "--dim", "32", "--min-df", "2", jl], check=True,
                       capture_output=True)
        info = json.loads(subprocess.run([a.fitrank, "model", "info", "--json", model], check=True,
                                         capture_output=True).stdout)
        out = subprocess.run([a.fitrank, "vectorize", "--model", model, jl], check=True, capture_output=True).stdout
    vocab, data, ri, ci = {}, [], [], []
    for i, line in enumerate(out.decode().splitlines()):
        for t, w in json.loads(line)["vector"].items():
            ri.append(i)
            ci.append(vocab.setdefault(t, len(vocab)))
            data.append(w)
    X = sp.csr_matrix((data, (ri, ci)), shape=(len(rows), info["n_terms"]), dtype=np.float64)
    ref = np.sort(svds(X, k=32, return_singular_vectors=False))[::-1]
    got = np.array(info["singular_values"][:32])
    rel = np.abs(got - ref) / ref
    ok = info["dim"] == 32 and rel[:16].max() < 1e-3 and rel.max() < 2e-2
    print(f"lsa: {X.shape[0]} docs x {X.shape[1]} terms, dim {info['dim']}: sigma_1 {got[0]:.5f} vs {ref[0]:.5f}, "
          f"max rel err top16 {rel[:16].max():.2e}, all {rel.max():.2e} {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
