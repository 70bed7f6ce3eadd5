#!/usr/bin/env python3
"""End-to-end checks of `fitrank rank`, `match`, `explain`, `eval` and `index build` on the bundled
examples: the row contract, gates, k, determinism across threads, agreement of rank / match /
explain on every pair, explain's arithmetic, output formats, index round trip and refusal, bad
input — and the cosine mode's parity with scikit-learn (TfidfVectorizer + linear_kernel on
fitrank's own tokens), on the examples and, when ../shared/data is present, on real data.

    /usr/bin/python3 tests/check_rank_cli.py --fitrank build/release/fitrank [--shared ../shared]
"""
import argparse
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EX_P = os.path.join(ROOT, "examples", "postings")
EX_R = os.path.join(ROOT, "examples", "resumes")
FIELDS = ["posting", "rank", "resume", "score", "gate", "required_met", "required_total",
          "preferred_met", "preferred_total", "missing", "model"]
failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", what)


def fr(*args, rc=0):
    p = subprocess.run([FITRANK, *args], capture_output=True, text=True)
    if p.returncode != rc:
        check(False, f"fitrank {' '.join(args)}: exit {p.returncode}, want {rc}: {p.stderr.strip()[:300]}")
    return p


def rows(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def arithmetic_score(e):
    """The score recomputed from explain's arithmetic (docs/SCORING.md), in its form."""
    import math
    a = e["arithmetic"]
    w = a["weights"]
    sk = e["skills"]
    n = {"required": sum(1 for _ in e["required"]), "preferred": sum(1 for _ in e["preferred"]),
         "skills": len(sk["named"]) + len(sk["missing"])}
    cov = {"required": a["required_coverage"], "preferred": a["preferred_coverage"], "skills": a["skill_coverage"]}
    if a["form"] == "arithmetic":
        num = w["context"] * a["context"] + sum(w[k] * cov[k] for k in cov if cov[k] is not None)
        return num / sum(w.values())
    fl, m, pr = a["floor"], a["shrink"], a["prior"]
    val = {"context": a["context"]}
    for k in cov:
        val[k] = (cov[k] * n[k] + m * pr) / (n[k] + m) if n[k] else pr
        check(abs(fl + (1 - fl) * val[k] - a["terms"][k]) < 1e-6, f"explain: the {k} term")
    lg = sum(w[k] * math.log(fl + (1 - fl) * val[k]) for k in w if w[k] > 0)
    return math.exp(lg / sum(w.values()))


def test_rank_contract():
    out = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "3", "--format", "jsonl").stdout
    rs = rows(out)
    postings = sorted(os.path.join(EX_P, f) for f in os.listdir(EX_P))
    check(len(rs) == 3 * len(postings), f"rank -k 3: {len(rs)} rows")
    for r in rs:
        check(list(r.keys()) == FIELDS, f"row fields {list(r.keys())}")
        check(isinstance(r["gate"], bool) and isinstance(r["missing"], list), "gate bool, missing list")
        check(0 <= r["score"] <= 1 and round(r["score"], 4) == r["score"], f"score {r['score']}")
        check(len(r["model"]) == 16, "model hash")
        check(r["required_met"] <= r["required_total"], "required counts")
        check(len(r["missing"]) <= r["required_total"] - r["required_met"], "missing are required items not met")
        check(r["gate"] == (len(r["missing"]) == 0), "gate = no required item missing")
    seen = {}
    for r in rs:
        seen.setdefault(r["posting"], []).append(r)
    check(sorted(seen) == postings, "every posting, ids as given")
    for p, lst in seen.items():
        check([r["rank"] for r in lst] == [1, 2, 3], f"{p}: ranks")
        keys = [(not r["gate"], -r["score"], r["resume"]) for r in lst]
        check(keys == sorted(keys), f"{p}: --gate rank orders by (gate, score, id)")
    return rs


def test_gates_and_k():
    n_res = len(os.listdir(EX_R))
    allr = rows(fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "100", "--format", "jsonl").stdout)
    check(len(allr) == n_res * len(os.listdir(EX_P)), "-k beyond the pool returns the whole pool")
    filt = rows(fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "100", "--gate", "filter",
                   "--format", "jsonl").stdout)
    check(all(r["gate"] for r in filt), "--gate filter keeps passing pairs only")
    check(len(filt) == sum(r["gate"] for r in allr), "--gate filter drops exactly the failing pairs")
    off = rows(fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "100", "--gate", "off",
                  "--format", "jsonl").stdout)
    by = {}
    for r in off:
        by.setdefault(r["posting"], []).append((-r["score"], r["resume"]))
    check(all(v == sorted(v) for v in by.values()), "--gate off orders by score, ties by id")
    check(any(not r["gate"] for r in allr) and any(r["gate"] for r in allr), "examples have passing and failing pairs")
    return allr


def test_determinism():
    a = fr("rank", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl", "--threads", "1").stdout
    b = fr("rank", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl", "--threads", "2").stdout
    c = fr("rank", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl", "--threads", "3", "--exhaustive").stdout
    check(a == b, "byte-identical output with --threads 1 and 2")
    check(a == c, "pruned = exhaustive on the examples (the pool is smaller than the candidates)")


def test_batches():
    """Résumés streamed in batches give what one pass gives (small batches are scored exhaustively)."""
    one = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "5", "--format", "jsonl", "--exhaustive").stdout
    for b in ("1", "3", "7"):
        got = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "5", "--format", "jsonl", "--batch", b).stdout
        check(got == one, f"--batch {b} = one exhaustive pass")
    c1 = fr("rank", "--mode", "cosine", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl").stdout
    c2 = fr("rank", "--mode", "cosine", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl", "--batch", "2").stdout
    check(c1 == c2, "cosine mode in batches")
    fr("rank", "--postings", EX_P, "--resumes", EX_R, "--batch", "0", rc=2)


def synth_resumes(path, n=60, seed=7):
    """n résumés of 25 lines drawn (seeded) from the example résumés: a pool large enough to prune."""
    import random
    rnd = random.Random(seed)
    lines = []
    for f in sorted(os.listdir(EX_R)):
        lines += [l for l in open(os.path.join(EX_R, f), encoding="utf-8").read().splitlines() if l.strip()]
    with open(path, "w", encoding="utf-8") as o:
        for i in range(n):
            o.write(json.dumps({"id": f"r{i:03d}", "text": "\n".join(rnd.sample(lines, 25))}) + "\n")


def test_batches_pruned(tmp):
    """Issue 12: the same inputs give the same output for any --batch and --threads, pruned or not.
    --shortlist 3 prunes a pool of more than 12 résumés; batches of 13, 20 and 30 each used to be
    pruned on their own (candidates chosen within the batch), so the output depended on --batch."""
    pool = os.path.join(tmp, "synth.jsonl")
    synth_resumes(pool)
    spill = os.path.join(tmp, "spill")
    os.mkdir(spill)
    env = dict(os.environ, TMPDIR=spill)
    for extra in (["--shortlist", "3", "--candidates", "6"], []):
        base = None
        for b in ("60", "30", "20", "13", "7", "1"):
            for t in ("1", "2"):
                p = subprocess.run([FITRANK, "rank", "--postings", EX_P, "--resumes", pool, "-k", "5", "--format",
                                    "jsonl", "--batch", b, "--threads", t, *extra], capture_output=True, text=True,
                                   env=env)
                check(p.returncode == 0, f"rank --batch {b}: exit {p.returncode} {p.stderr.strip()[:200]}")
                got = p.stdout
                if base is None:
                    base = got
                    check(len(rows(got)) == 5 * len(os.listdir(EX_P)), "batch test: k rows per posting")
                check(got == base, f"rank {' '.join(extra) or '(exhaustive pool)'} --batch {b} --threads {t}: "
                      "same output as --batch 60")
    check(os.listdir(spill) == [], f"no prepared batch left behind in $TMPDIR: {os.listdir(spill)}")
    # a part of 64 résumés or more adds the lexical lists of a quarter of them or more as dense
    # rows, a smaller one entry by entry: the same lists, so the same output
    big = os.path.join(tmp, "synth200.jsonl")
    synth_resumes(big, n=200, seed=11)
    base = None
    for b in ("200", "100", "64", "50", "9"):
        p = subprocess.run([FITRANK, "rank", "--postings", EX_P, "--resumes", big, "-k", "5", "--format", "jsonl",
                            "--batch", b, "--shortlist", "3", "--candidates", "6"], capture_output=True, text=True,
                           env=env)
        check(p.returncode == 0, f"rank --batch {b}: exit {p.returncode} {p.stderr.strip()[:200]}")
        base = p.stdout if base is None else base
        check(p.stdout == base, f"rank of 200 résumés --shortlist 3 --batch {b}: same output as --batch 200")
    check(os.listdir(spill) == [], f"no prepared batch left behind in $TMPDIR: {os.listdir(spill)}")


def test_agreement(allr):
    score = {(r["posting"], r["resume"]): r for r in allr}
    for f in sorted(os.listdir(EX_R)):
        res = os.path.join(EX_R, f)
        m = rows(fr("match", "--resume", res, "--postings", EX_P, "-k", "100", "--format", "jsonl").stdout)
        check(len(m) == len(os.listdir(EX_P)), f"match {f}: every posting")
        for r in m:
            want = score[(r["posting"], r["resume"])]
            check(r == {**want, "rank": r["rank"]}, f"match {f} vs rank on {r['posting']}: {r['score']} vs {want['score']}")
    # explain on a sample of pairs (every pair would take a while on slow machines)
    for (p, rr), want in list(score.items())[::5]:
        e = json.loads(fr("explain", "--posting", p, "--resume", rr, "--format", "json").stdout)
        check(e["score"] == want["score"], f"explain {p} {rr}: {e['score']} vs rank {want['score']}")
        check(e["gate"] == want["gate"] and e["model"] == want["model"], "explain gate and model")
        check(sum(i["status"] == "met" for i in e["required"]) == want["required_met"], "explain required_met")
        check([i["text"] for i in e["required"] if i["status"] == "missing"] == want["missing"], "explain missing")
        a = e["arithmetic"]
        got = arithmetic_score(e)
        if a["skill_coverage"] is not None:
            sk = e["skills"]
            check(abs(len(sk["named"]) / (len(sk["named"]) + len(sk["missing"])) - a["skill_coverage"]) < 1e-6,
                  "explain: skill coverage = named / asked")
        check(abs(got - e["score"]) <= 0.00005 + 1e-6, f"explain arithmetic adds up: {got} vs {e['score']}")
        for it in e["required"] + e["preferred"]:
            ev = it["evidence"]
            if ev:
                text = open(rr, "rb").read()
                if it.get("evidence") and ev["offsets"] == "source":
                    span = b" ".join(text[ev["start"]:ev["end"]].split()).decode()
                    check(span == ev["text"], f"evidence offsets index the résumé file ({rr})")
    t = fr("explain", "--posting", p, "--resume", rr).stdout
    check("score = " in t and "required " in t, "explain text form")


RANKING = os.path.join(ROOT, "tests", "fixtures", "ranking")


def test_ranking_issue15():
    """What issue 15 asks of the ranking, on documents of our own (tests/fixtures/ranking): preferred
    qualifications order résumés with the same required evidence; a requirement every résumé of a pool
    meets does not reorder it; a pair's score does not depend on the rest of the run."""
    post = os.path.join(RANKING, "qa-insurance.txt")
    testers = [os.path.join(RANKING, f) for f in ("tester-plain.txt", "tester-plain-reworded.txt", "tester-preferred.txt")]
    got = rows(fr("rank", "--postings", post, *sum((["--resumes", t] for t in testers), []), "-k", "3",
                  "--format", "jsonl").stdout)
    check([os.path.basename(r["resume"]) for r in got][0] == "tester-preferred.txt",
          "preferred qualifications put the résumé that shows them first: %s" % [(r["resume"], r["score"]) for r in got])
    check(len({(r["required_met"], r["gate"]) for r in got}) == 1, "the testers' required evidence is alike")
    e = json.loads(fr("explain", "--posting", post, "--resume", testers[2], "--format", "json").stdout)
    w = e["arithmetic"]["weights"]
    check(w["preferred"] >= 0.1 * sum(w.values()) - 1e-9, "preferred qualifications weigh at least a tenth: %s" % w)
    # a requirement every résumé of the pool meets (a bachelor's degree) does not reorder the pool
    pool = os.path.join(RANKING, "pool")
    order = {}
    for name in ("qa-insurance.txt", "qa-insurance-generic.txt"):
        rs = rows(fr("rank", "--postings", os.path.join(RANKING, name), "--resumes", pool, "-k", "10",
                     "--format", "jsonl").stdout)
        order[name] = [os.path.basename(r["resume"]) for r in rs]
    check(len(order["qa-insurance.txt"]) == 6 and order["qa-insurance.txt"] == order["qa-insurance-generic.txt"],
          "a common requirement keeps the pool's order: %s" % order)
    # a pair's score is the same whatever else is in the run (résumés, postings, batch sizes)
    alone = rows(fr("rank", "--postings", post, "--resumes", testers[0], "--format", "jsonl").stdout)[0]["score"]
    crowd = rows(fr("rank", "--postings", post, "--postings", EX_P, "--resumes", testers[0], "--resumes", pool,
                    "--resumes", EX_R, "-k", "100", "--batch", "3", "--format", "jsonl").stdout)
    mine = [r["score"] for r in crowd if r["resume"] == testers[0] and r["posting"] == post]
    check(mine == [alone], "a pair's score does not depend on the pool: %s vs %s" % (mine, alone))
    m = rows(fr("match", "--resume", testers[0], "--postings", post, "--postings", EX_P, "-k", "100",
                "--format", "jsonl").stdout)
    check([r["score"] for r in m if r["posting"] == post] == [alone], "match gives the pair the same score")


def test_explain_rows(tmp):
    """Issue 16: every row of a ranking over multi-document inputs (a JSONL of postings, a directory of
    résumés, and a CSV) is explained, by id, with the score the row has."""
    pj = os.path.join(tmp, "rows_postings.jsonl")
    with open(pj, "w", encoding="utf-8") as f:
        for name in sorted(os.listdir(EX_P))[:4]:
            f.write(json.dumps({"id": "p-" + name, "text": open(os.path.join(EX_P, name), encoding="utf-8").read()}) + "\n")
    rc = os.path.join(tmp, "rows_resumes.csv")
    with open(rc, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for name in sorted(os.listdir(EX_R))[:3]:
            w.writerow(["r-" + name, open(os.path.join(EX_R, name), encoding="utf-8").read()])
    def explain_each(got, postings, resumes, what):
        for r in got:
            e = json.loads(fr("explain", "--posting", postings, "--posting-id", r["posting"], "--resume", resumes,
                              "--resume-id", r["resume"], "--format", "json").stdout)
            check(e["score"] == r["score"] and e["gate"] == r["gate"] and e["posting"] == r["posting"]
                  and e["resume"] == r["resume"], f"explain of a row of {what} gives the row's score: {r} vs {e.get('score')}")

    for resumes in (EX_R, rc):
        got = rows(fr("rank", "--postings", pj, "--resumes", resumes, "-k", "3", "--format", "jsonl").stdout)
        check(len(got) >= 8, "explain rows: a ranking to explain")
        explain_each(got, pj, resumes, "files")
    # from indexes: postings of several formats (JSONL, HTML with and without JSON-LD, a CSV with
    # its own columns), résumés as of a date the default is not; every row explained by id
    pc = os.path.join(tmp, "rows_postings.csv")
    with open(pc, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Title", "Minimum Qualifications", "Preferred Qualifications"])
        w.writerow(["Go Engineer", "3+ years of Go; PostgreSQL; Docker", "Kubernetes"])
        w.writerow(["Accountant", "Bachelor's degree in accounting; Excel", "CPA"])
    cols = ["--posting-columns", "Title=title,Minimum Qualifications=required,Preferred Qualifications=preferred"]
    pi, ri = os.path.join(tmp, "rows_p.idx"), os.path.join(tmp, "rows_r.idx")
    htmls = [os.path.join(ROOT, "tests", "fixtures", "formats", n) for n in ("posting.html", "posting-jsonld.html")]
    fr("index", "build", "--postings", "-o", pi, *cols, pj, pc, *htmls)
    fr("index", "build", "--resumes", "-o", ri, "--as-of", "2024-03", EX_R, rc)
    got = rows(fr("rank", "--postings", pi, "--resumes", ri, "-k", "4", "--format", "jsonl", "--as-of", "2024-03").stdout)
    check(len(got) >= 30, "explain rows: a ranking of indexes to explain")
    explain_each(got, pi, ri, "indexes")
    r = got[0]
    text = fr("explain", "--posting", pi, "--posting-id", r["posting"], "--resume", ri, "--resume-id", r["resume"]).stdout
    src = fr("explain", "--posting", pi, "--posting-id", r["posting"], "--resume", EX_R if r["resume"].startswith(EX_R) else rc,
             "--resume-id", r["resume"], "--as-of", "2024-03").stdout
    check(text == src, "explain: a résumé from the index reads as the same résumé from its file")
    p = fr("explain", "--posting", pi, "--posting-id", r["posting"], "--resume", ri, "--resume-id", r["resume"],
           "--as-of", "2025-01", rc=2)
    check("prepared as of 2024-03" in p.stderr, f"explain: another --as-of than the index's is refused: {p.stderr}")
    p = fr("explain", "--posting", pi, "--resume", ri, "--resume-id", r["resume"], rc=1)
    check("name one with --posting-id ID" in p.stderr, "explain: an index of many asks for an id")
    p = fr("explain", "--posting", pi, "--posting-id", "p-none", "--resume", ri, "--resume-id", r["resume"], rc=1)
    check("no document with the id 'p-none'" in p.stderr, "explain: an id not in the index is named")
    p = fr("explain", "--posting", pj, "--posting-id", got[0]["posting"], "--resume", rc, "--resume-id", "r-none", rc=1)
    check("no document with the id 'r-none'" in p.stderr, "explain: an id not in the input is named")
    p = fr("explain", "--posting", pj, "--resume", os.path.join(EX_R, "accountant.txt"), rc=1)
    check("name one with --posting-id ID" in p.stderr, "explain: a multi-document input asks for an id")


def test_formats():
    j = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "2", "--format", "jsonl").stdout
    c = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "2", "--format", "csv").stdout
    js = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "2", "--format", "json").stdout
    t = fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "2").stdout
    jr = rows(j)
    cr = list(csv.DictReader(io.StringIO(c)))
    check(list(cr[0].keys()) == FIELDS, "csv header")
    check([r["resume"] for r in cr] == [r["resume"] for r in jr], "csv rows = jsonl rows")
    check([float(r["score"]) for r in cr] == [r["score"] for r in jr], "csv scores")
    doc = json.loads(js)
    check(doc["rows"] == jr, "json rows = jsonl rows")
    check("rank  score" in t and "pass" in t or "FAIL" in t, "table view")
    mt = fr("match", "--resume", os.path.join(EX_R, "phd-systems.txt"), "--postings", EX_P, "-k", "3").stdout
    check("✓" in mt and "Best postings for" in mt, "match table shows ✓/✗ per required item")


def test_index(tmp):
    pi, ri = os.path.join(tmp, "p.idx"), os.path.join(tmp, "r.idx")
    fr("index", "build", "-o", pi, "--postings", EX_P)
    fr("index", "build", "-o", ri, "--resumes", EX_R, "--threads", "1")
    r2 = os.path.join(tmp, "r2.idx")
    fr("index", "build", "-o", r2, "--resumes", EX_R, "--threads", "3")
    check(open(ri, "rb").read() == open(r2, "rb").read(), "index build: the same bytes for 1 and 3 threads")
    a = fr("rank", "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl").stdout
    b = fr("rank", "--postings", pi, "--resumes", ri, "--format", "jsonl").stdout
    check(a == b, "rank from indexes = rank from files")
    m1 = fr("match", "--resume", os.path.join(EX_R, "backend-go-senior.md"), "--postings", EX_P, "--format", "jsonl").stdout
    m2 = fr("match", "--resume", os.path.join(EX_R, "backend-go-senior.md"), "--postings", pi, "--format", "jsonl").stdout
    check(m1 == m2, "match against an index = against files")
    model = os.path.join(tmp, "other.frm")
    fr("fit", "-o", model, "--dim", "8", EX_P, EX_R)
    p = fr("rank", "--model", model, "--postings", pi, "--resumes", EX_R, rc=1)
    check("built with model" in p.stderr and "rebuild" in p.stderr, f"index under another model refused: {p.stderr}")
    p = fr("rank", "--postings", ri, "--resumes", EX_R, rc=1)
    check("an index of résumés" in p.stderr, "index of the wrong kind refused")


# ---- crafted model and index files (issue 12, defects 1, 6 and 11) ------------------------------

def xxh64(data):
    """XXH64 (seed 0) through Debian's libxxhash, the library fitrank checksums with."""
    import ctypes
    lib = ctypes.CDLL("libxxhash.so.0")
    lib.XXH64.restype = ctypes.c_uint64
    lib.XXH64.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
    return lib.XXH64(bytes(data), len(data), 0)


def model_sections(img):
    """{section id: (offset, size)} of a model file (models/model_io.c)."""
    import struct
    ns = struct.unpack_from("<I", img, 12)[0]
    out = {}
    for i in range(ns):
        sid, _, off, size = struct.unpack_from("<IIQQ", img, 32 + 24 * i)
        out[sid] = (off, size)
    return out


def write_model(path, img):
    """img with its trailing XXH64 recomputed: a file that passes the checksum."""
    import struct
    img = bytearray(img)
    struct.pack_into("<Q", img, len(img) - 8, xxh64(img[:-8]))
    open(path, "wb").write(img)


def test_crafted_models(tmp):
    import re
    import struct
    img = bytearray(open(os.path.join(ROOT, "models", "default.frm"), "rb").read())
    sec = model_sections(img)
    idf_off, idf_size = sec[6]
    n_terms = idf_size // 8
    # defect 1: every other IDF 0; a posting of 400 bullets of such words overran the requirement
    # view's arrays (glibc abort, exit 134), for rank and for index build alike
    zero = bytearray(img)
    for t in range(0, n_terms, 2):
        struct.pack_into("<d", zero, idf_off + 8 * t, 0.0)
    zpath = os.path.join(tmp, "zero-idf.frm")
    write_model(zpath, zero)
    toff_off, _ = sec[3]
    terms_off, _ = sec[4]
    offs = struct.unpack_from(f"<{n_terms + 1}I", img, toff_off)
    words = [w for w in (img[terms_off + offs[t]:terms_off + offs[t + 1]].decode() for t in range(0, n_terms, 2))
             if re.fullmatch(r"[a-z]{3,}", w)]
    check(len(words) > 1000, "zero-IDF words for the crafted posting")
    post = os.path.join(tmp, "p400.txt")
    with open(post, "w") as f:
        f.write("Platform Engineer\n\nRequirements:\n")
        for i in range(400):
            f.write("- " + " ".join(words[(i * 40 + k) % len(words)] for k in range(40)) + "\n")
    p = fr("rank", "--model", zpath, "--postings", post, "--resumes", EX_R, "-k", "2", "--format", "jsonl")
    check(p.returncode == 0 and len(rows(p.stdout)) == 2, f"zero-IDF model, 400 bullets: rank works ({p.returncode})")
    p = fr("index", "build", "-o", os.path.join(tmp, "p400.idx"), "--model", zpath, "--postings", post)
    check(p.returncode == 0, f"zero-IDF model, 400 bullets: index build works ({p.returncode})")
    # defects 6 and 11: bad numbers, bad option lines: exit 1, one line naming the file, no raw bytes
    def crafted(name, edit):
        b = bytearray(img)
        edit(b)
        path = os.path.join(tmp, name)
        write_model(path, b)
        p = fr("rank", "--model", path, "--postings", EX_P, "--resumes", EX_R, "--format", "jsonl", rc=1)
        lines = p.stderr.strip().splitlines()
        check(len(lines) == 1 and lines[0].startswith("fitrank: ") and path in lines[0] and not p.stdout,
              f"{name}: one line naming the file, no output: {p.stderr.strip()[:200]}")
        check(not any(c < " " and c not in "\n" for c in p.stderr), f"{name}: no control bytes on stderr")
        return lines[0] if lines else ""
    msg = crafted("idf-nan.frm", lambda b: struct.pack_into("<d", b, idf_off + 8 * 5, float("nan")))
    check("idf of term 5" in msg, f"NaN IDF named: {msg}")
    msg = crafted("idf-garbage.frm", lambda b: b.__setitem__(slice(idf_off, idf_off + idf_size),
                                                             bytes((i * 73 + 11) % 256 for i in range(idf_size))))
    check("idf" in msg and "out of memory" not in msg, f"garbage IDF: not 'out of memory': {msg}")
    proj_off, _ = sec[8]
    msg = crafted("proj-inf.frm", lambda b: struct.pack_into("<f", b, proj_off + 4 * 1000, float("inf")))
    check("projection value inf" in msg, f"infinite projection value named: {msg}")
    opts_off, opts_size = sec[1]

    def put_opts(b, text):
        b[opts_off:opts_off + len(text)] = text
        for i in range(struct.unpack_from("<I", b, 12)[0]):
            if struct.unpack_from("<I", b, 32 + 24 * i)[0] == 1:
                struct.pack_into("<Q", b, 32 + 24 * i + 16, len(text))
    msg = crafted("opts-esc.frm", lambda b: put_opts(b, b"stem=\x1b]0;owned\x07\x1b[2J\n"))
    check("model option line 1" in msg and "\\x1b]0;owned\\x07" in msg, f"bad option line quoted: {msg}")
    msg = crafted("opts-nan.frm", lambda b: put_opts(b, b"score.alpha=nan\n"))
    check("score.alpha" in msg, f"NaN scoring parameter named: {msg}")


def test_index_bit_flips(tmp):
    """200 single-bit flips in the body of index files (after header and section table): each run
    either fails with exit 1 and one line, or prints exactly what the intact index gives."""
    import random
    import struct
    pi, ri = os.path.join(tmp, "flip-p.idx"), os.path.join(tmp, "flip-r.idx")
    fr("index", "build", "-o", pi, "--postings", EX_P)
    fr("index", "build", "-o", ri, "--resumes", EX_R)
    base = fr("rank", "--postings", pi, "--resumes", ri, "--format", "jsonl", "-k", "3").stdout
    check(len(rows(base)) == 24, "flips: baseline ranking")
    rng = random.Random(12)
    caught = same = 0
    for trial in range(200):
        src = pi if trial % 2 == 0 else ri
        img = bytearray(open(src, "rb").read())
        body = 128 + 32 * struct.unpack_from("<I", img, 68)[0]
        at = rng.randrange(body, len(img))
        img[at] ^= 1 << rng.randrange(8)
        flip = os.path.join(tmp, "flipped.idx")
        open(flip, "wb").write(img)
        args = ["--postings", flip, "--resumes", ri] if src == pi else ["--postings", pi, "--resumes", flip]
        p = subprocess.run([FITRANK, "rank", *args, "--format", "jsonl", "-k", "3"], capture_output=True, text=True)
        if p.returncode == 0 and p.stdout == base:
            same += 1
            continue
        lines = p.stderr.strip().splitlines()
        ok = p.returncode == 1 and len(lines) == 1 and "corrupt index" in lines[0] and not p.stdout
        check(ok, f"flip of byte {at} in {os.path.basename(src)}: exit {p.returncode}, "
                  f"{'output changed' if p.returncode == 0 else p.stderr.strip()[:200]}")
        caught += ok
    check(caught >= 150, f"flips: most caught ({caught} errors, {same} unchanged)")
    # the documents' texts (read by explain only, engine/index.c X_SRC_TEXT = section 41): a flipped
    # byte of a résumé's text is an error naming the index, not another explanation
    img = bytearray(open(ri, "rb").read())
    n_sec = struct.unpack_from("<I", img, 68)[0]
    sec = {struct.unpack_from("<I", img, 128 + 32 * i)[0]: struct.unpack_from("<QQ", img, 128 + 32 * i + 8)
           for i in range(n_sec)}
    off, size = sec[41]
    first = sorted(os.path.join(EX_R, f) for f in os.listdir(EX_R))[0]
    check(size > 1000 and open(first, "rb").read(40) == bytes(img[off:off + 40]), "flips: the texts section holds the texts")
    img[off + 10] ^= 4
    flip = os.path.join(tmp, "flipped.idx")
    open(flip, "wb").write(img)
    post = sorted(os.path.join(EX_P, f) for f in os.listdir(EX_P))[0]
    p = fr("explain", "--posting", post, "--resume", flip, "--resume-id", first, rc=1)
    check("corrupt index" in p.stderr and "source text" in p.stderr and not p.stdout,
          f"flips: a résumé text changed in the index is caught by explain: {p.stderr}")
    fr("explain", "--posting", post, "--resume", flip, "--resume-id", sorted(os.path.join(EX_R, f) for f in os.listdir(EX_R))[1])


def test_bad_input(tmp):
    out = os.path.join(tmp, "out.jsonl")
    p = fr("rank", "--postings", EX_P, "--resumes", os.path.join(tmp, "nope.txt"), "-o", out, rc=1)
    check("nope.txt" in p.stderr and len(p.stderr.strip().splitlines()) == 1, "missing input: one line naming it")
    check(not os.path.exists(out), "no output file on failure")
    bad = os.path.join(tmp, "bad.txt")
    open(bad, "wb").write(b"Experience\n\xff\xfe broken\n")
    p = fr("rank", "--postings", EX_P, "--resumes", EX_R, bad, "-o", out, rc=1)
    check("bad.txt:" in p.stderr and not os.path.exists(out), f"invalid UTF-8 named with offset: {p.stderr}")
    p = fr("rank", "--postings", EX_P, "--resumes", EX_R, bad, "--skip-bad", "--format", "jsonl", "-o", out, rc=1)
    check(os.path.exists(out) and len(rows(open(out).read())) > 0, "--skip-bad writes the good rows, exits 1")
    fr("rank", "--postings", EX_P, "--resumes", EX_R, "-k", "0", rc=2)
    fr("rank", "--postings", EX_P, rc=2)
    fr("rank", "--postings", EX_P, "--resumes", EX_R, "--gate", "maybe", rc=2)
    two = os.path.join(tmp, "two.jsonl")
    open(two, "w").write('{"id": "a", "text": "Python"}\n{"id": "b", "text": "Java"}\n')
    p = fr("match", "--resume", two, "--postings", EX_P, rc=1)
    check("exactly one" in p.stderr, "match --resume takes one résumé")
    p = fr("explain", "--posting", two, "--resume", os.path.join(EX_R, "accountant.txt"), rc=1)
    check("more than one document" in p.stderr, "explain takes one posting")

EX_LABELS_CSV = os.path.join(ROOT, "examples", "labels.csv")  # hand labels, by file name without extension


def write_labels(path, suffixes=("",)):
    """The examples' hand labels, their ids suffixed (one copy per suffix)."""
    with open(EX_LABELS_CSV, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["cv", "jobpost", "label"])
        for sfx in suffixes:
            for r in rows:
                w.writerow([r["resume"] + sfx, r["posting"] + sfx, r["label"]])


def test_eval(tmp, allr):
    labels = os.path.join(tmp, "labels.csv")
    write_labels(labels)
    e = json.loads(fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--format", "json").stdout)
    check(e["pairs"] == 64 and e["resumes"] == 8 and e["postings"] == 8, "eval: every labelled pair")
    for side in ("by_resume", "by_posting"):
        m = e[side]
        check(set(m) == {"queries", "queries_relevant", "ndcg10", "p5", "mrr"}, f"eval {side} keys")
        check(m["ndcg10"] > 0.8, f"eval: the examples' obvious fits rank high ({side} nDCG@10 {m['ndcg10']})")
    check(e["params"] and e["model"] == allr[0]["model"], "eval reports the model and its parameters")
    # the scores are rank's, and given back as --scores they measure the same (order by score alone)
    pairs = os.path.join(tmp, "pairs.csv")
    off = json.loads(fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--format", "json",
                        "--gate", "off", "--pairs", pairs).stdout)
    rank_score = {(os.path.splitext(os.path.basename(r["resume"]))[0],
                   os.path.splitext(os.path.basename(r["posting"]))[0]): r["score"] for r in allr}
    given = os.path.join(tmp, "given.csv")
    with open(pairs, newline="") as f, open(given, "w", newline="") as g:
        w = csv.writer(g)
        w.writerow(["resume", "posting", "score"])
        n = 0
        for row in csv.DictReader(f):
            n += 1
            check(abs(float(row["score"]) - rank_score[(row["resume"], row["posting"])]) < 5.1e-5,
                  f"eval score = rank score for {row['resume']}, {row['posting']}")
            w.writerow([row["resume"], row["posting"], round(float(row["score"]), 4)])
        check(n == 64, "eval --pairs: one row per pair")
    gv = json.loads(fr("eval", "--labels", labels, "--scores", given, "--format", "json").stdout)
    check(gv["by_resume"] == off["by_resume"] and gv["by_posting"] == off["by_posting"],
          "eval --scores with rank's scores = eval --gate off")
    table = fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--folds", "3").stdout
    check("postings for each résumé" in table and "mean" in table and "±" in table, "eval table with folds")
    # bad input: one line naming the labels file and line, exit 1, no output file; usage: exit 2
    out = os.path.join(tmp, "eval-out.json")
    bad = os.path.join(tmp, "bad-labels.csv")
    with open(bad, "w") as f:
        f.write("cv,jobpost,label\naccountant,backend-go,5\nnobody,backend-go,1\n")
    p = fr("eval", "--labels", bad, "--postings", EX_P, "--resumes", EX_R, "-o", out, rc=1)
    check(p.stderr.count("\n") == 1 and f"{bad}: line 3: résumé 'nobody' is not among the --resumes documents" in p.stderr,
          f"eval: unknown id named with file and line: {p.stderr.strip()}")
    check(not os.path.exists(out), "eval: no output file on failure")
    with open(bad, "w") as f:
        f.write("cv,jobpost,label\naccountant,backend-go,9\n")
    p = fr("eval", "--labels", bad, "--postings", EX_P, "--resumes", EX_R, rc=1)
    check(f"{bad}:17: line 2: label '9'" in p.stderr, f"eval: bad label: {p.stderr.strip()}")
    fr("eval", "--postings", EX_P, "--resumes", EX_R, rc=2)
    fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--set", "score.bogus=1", rc=2)
    fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--set", "score.alpha=2", rc=2)
    fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--folds", "1", rc=2)
    fr("eval", "--labels", labels, "--scores", given, "--mode", "cosine", rc=2)
    fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--param-sets", labels, "--pairs", pairs, rc=2)
    # --param-sets: one report per line, the first the same as --set gives
    sets = os.path.join(tmp, "sets.txt")
    with open(sets, "w") as f:
        f.write("# two sets\nscore.w_skill=0 score.beta=1\n\nscore.w_ctx=1\n")
    js = [json.loads(x) for x in fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--format", "json",
                                    "--param-sets", sets).stdout.splitlines()]
    one = json.loads(fr("eval", "--labels", labels, "--postings", EX_P, "--resumes", EX_R, "--format", "json",
                        "--set", "score.w_skill=0", "--set", "score.beta=1").stdout)
    check(len(js) == 2 and js[0] == one and js[1]["params"]["score.w_ctx"] == 1, "eval --param-sets")


def test_explain_evidence():
    """An item that names a skill shows the chunk that names it (the words a reader looks for)."""
    e = json.loads(fr("explain", "--posting", os.path.join(EX_P, "de-embedded-c.txt"), "--resume",
                      os.path.join(EX_R, "de-embedded-lebenslauf.txt"), "--format", "json").stdout)
    items = e["required"] + e["preferred"]
    check(all(i["evidence"] is None or i["evidence"]["by"] in ("rule", "skills", "lexical", "dense") for i in items),
          "explain: evidence says what chose it")
    check(all(i["evidence"] is None or len(i["evidence"]["text"].encode()) <= 300 for i in items),
          "explain: evidence is at most 300 bytes")
    check(all(i["kind"] in ("education", "enrolment", "experience", "skill", "language", "certification", "soft",
                            "logistics", "other") and i["rule"] for i in items),
          "explain: every item has a kind and a rule sentence")
    misra = [i for i in items if "MISRA" in i["text"]]
    check(len(misra) == 1 and misra[0]["evidence"]["by"] in ("rule", "skills") and "MISRA" in misra[0]["evidence"]["text"],
          f"explain: the MISRA item's evidence names MISRA: {misra[0]['evidence'] if misra else None}")


def peak_rss_mb(args, out_path):
    """Peak resident set of one fitrank run, in MB (the kernel's count, not a timing).  The child
    counts this process's pages until it execs, so callers keep big data out of Python meanwhile."""
    with open(out_path, "wb") as out:
        p = subprocess.Popen([FITRANK, *args], stdout=out, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
    check(os.waitstatus_to_exitcode(status) == 0, f"fitrank {' '.join(args[:3])}: exit {status}")
    return ru.ru_maxrss / 1024


def test_explain_memory(tmp):
    """explain of a posting with many bullets writes each item as it goes: its peak memory is that of
    preparing the pair (what rank needs for the same posting), not a JSON tree of every item (was
    ~3x rank's at 30k bullets, 4.4 GB at 1M); and no item is dropped."""
    n = 30000
    post, out = os.path.join(tmp, "many-bullets.txt"), os.path.join(tmp, "many-bullets.out")
    words = "python java kubernetes docker sql aws linux testing design systems teams agile".split()
    with open(post, "w") as f:
        for i in range(n):
            f.write("- %s %s %s and %s %d\n" % (words[i % 12], words[i * 7 % 12], words[i * 5 % 12],
                                                 words[i * 3 % 12], i) if i else "Engineer\n\nRequirements\n")
    cv = os.path.join(EX_R, "backend-go-senior.md")
    # under ASan, freed memory sits in quarantine (256 MB by default) and every block carries red
    # zones: peak RSS then says little about what a program holds, so only the items are checked
    with open(FITRANK, "rb") as f:
        sanitized = b"__asan_init" in f.read()
    rank_mb = 0 if sanitized else peak_rss_mb(["rank", "--postings", post, "--resumes", cv], out)
    for fmt in ("text", "json"):
        mb = peak_rss_mb(["explain", "--format", fmt, "--posting", post, "--resume", cv], out)
        check(sanitized or mb <= 1.25 * rank_mb + 16,
              f"explain --format {fmt}, {n} bullets: peak {mb:.0f} MB, rank needs {rank_mb:.0f} MB")
    if sanitized:
        print("explain memory: peak RSS not compared (a sanitizer build)")
    with open(out) as f:
        e = json.load(f)
    got = len(e["required"]) + len(e["preferred"])
    check(got == n - 1, f"explain: {n - 1} items, not {got}")


def test_parallel_preparation(tmp):
    """Enough documents for every thread to prepare some (the examples alone stay serial): eval and
    rank give the same bytes for any --threads."""
    pj, rj, lj = (os.path.join(tmp, n) for n in ("many-p.jsonl", "many-r.jsonl", "many-labels.csv"))
    sfx = ["#%d" % k for k in range(12)]
    for d, path in ((EX_P, pj), (EX_R, rj)):
        with open(path, "w") as f:
            for k in sfx:
                for name in sorted(os.listdir(d)):
                    text = open(os.path.join(d, name), encoding="utf-8").read()
                    f.write(json.dumps({"id": os.path.splitext(name)[0] + k, "text": text}) + "\n")
    write_labels(lj, sfx)
    outs = []
    for t in ("1", "2", "3"):
        pairs = os.path.join(tmp, "many-pairs-%s.csv" % t)
        ev = fr("eval", "--labels", lj, "--postings", pj, "--resumes", rj, "--threads", t, "--pairs", pairs,
                "--format", "json").stdout
        rk = fr("rank", "--postings", pj, "--resumes", rj, "--threads", t, "--format", "jsonl", "-k", "5").stdout
        outs.append((ev, open(pairs).read(), rk))
    check(outs[0] == outs[1] == outs[2], "eval and rank: identical output for --threads 1, 2, 3 (parallel preparation)")
    # more threads than cores: slices run late, and the threads done first take the ends of what the
    # others have left (cli/prepare.c steal_some) — what each part holds, so the output, stays
    bj = os.path.join(tmp, "many-r48.jsonl")
    with open(bj, "w") as f:
        for k in range(48):
            for name in sorted(os.listdir(EX_R)):
                text = open(os.path.join(EX_R, name), encoding="utf-8").read()
                f.write(json.dumps({"id": "%s@%d" % (os.path.splitext(name)[0], k), "text": text}) + "\n")
    # (a pool of 384 is scored whole: without --exhaustive from the chunks' rows, a résumé block's
    # vectors made once for every posting block (engine/rank.c rmajor_unit) — two blocks of 256 —
    # with them, the vectors kept: the same tiles, the same bytes)
    ref = None
    for t, b in (("1", ()), ("3", ()), ("5", ()), ("3", ("--batch", "100")), ("2", ("--exhaustive",)),
                 ("1", ("--exhaustive",))):
        rk = fr("rank", "--postings", pj, "--resumes", bj, "--threads", t, "--format", "jsonl", "-k", "5", *b).stdout
        ref = ref or rk
        check(rk and rk == ref, f"rank --threads {t} {' '.join(b)}: the same output, whoever prepared which document")
    # slices are cut by the texts' bytes: one résumé far longer than the rest leaves some threads
    # nothing to prepare (empty slices, a spilled batch's too), and the output is still the same
    names = sorted(os.listdir(EX_R))
    big = "\n\n".join(open(os.path.join(EX_R, n), encoding="utf-8").read() for n in names) * 6
    sj = os.path.join(tmp, "skewed-r.jsonl")
    with open(sj, "w") as f:
        f.write(json.dumps({"id": "long", "text": big}) + "\n")
        for k in range(8):  # 65 documents: 4 threads (one per 16), the long one most of the bytes
            for name in names:
                text = open(os.path.join(EX_R, name), encoding="utf-8").read()
                f.write(json.dumps({"id": "%s#%d" % (os.path.splitext(name)[0], k), "text": text[:400]}) + "\n")
    got = [fr("rank", "--postings", EX_P, "--resumes", sj, "--threads", t, "--format", "jsonl", "-k", "5", *b).stdout
           for t in ("1", "4") for b in ((), ("--batch", "40"))]
    check(got[0] and got[0] == got[1] == got[2] == got[3],
          "rank: the same output when a long résumé leaves threads empty slices (--threads 1, 4; --batch 40)")


def test_bench_smoke():
    """`fitrank bench` on a tiny generated corpus: well-formed output with the documented keys (no
    timing is asserted: speed is measured in bench/, not tested)."""
    p = fr("bench", "--n-resumes", "40", "--n-postings", "5", "-k", "3", "--threads", "2", "--json")
    try:
        d = json.loads(p.stdout)
    except ValueError:
        check(False, f"bench --json is not JSON: {p.stdout[:200]}")
        return
    for key in ("sgemm_peak_gflops", "score_gflops", "score_peak_fraction", "vectorize_mb_s", "pairs_per_s",
                "total_s", "peak_rss_mb", "parse_s", "vectorize_s", "projection_s", "score_s", "topk_s", "output_s"):
        check(key in d and isinstance(d[key], (int, float)) and d[key] >= 0, f"bench --json key {key}")
    check(d.get("postings") == 5 and d.get("resumes") == 40, "bench corpus sizes")
    # the kernels every figure was measured with: the user's OPENBLAS_CORETYPE when set
    check(isinstance(d.get("blas_core"), str) and d["blas_core"], "bench --json names its OpenBLAS kernels")
    h = subprocess.run([FITRANK, "bench", "--n-resumes", "20", "--n-postings", "2", "--json"], capture_output=True,
                       text=True, env={**os.environ, "OPENBLAS_CORETYPE": "Haswell"})
    check(h.returncode == 0 and json.loads(h.stdout).get("blas_core") == "Haswell",
          f"bench's blas_core is OPENBLAS_CORETYPE's: {h.stdout[:120]} {h.stderr[:200]}")
    # ... and says so where the CPU has faster kernels than the ones chosen
    try:
        avx512 = " avx512f" in open("/proc/cpuinfo").read()
    except OSError:
        avx512 = None
    if avx512 is not None:
        check(("OPENBLAS_CORETYPE=Haswell from the environment" in h.stderr) == avx512,
              f"bench's note on slower kernels than the CPU's (avx512f: {avx512}): {h.stderr[:200]}")
    check(d["items"] >= 5 * 2 and d["chunks"] >= 40 * 10, "generated postings have 2+ items, résumés 10+ chunks")
    a = json.loads(fr("bench", "--n-resumes", "40", "--n-postings", "5", "--json", "--seed", "7").stdout)
    b = json.loads(fr("bench", "--n-resumes", "40", "--n-postings", "5", "--json", "--seed", "7").stdout)
    check((a["items"], a["chunks"]) == (b["items"], b["chunks"]), "the corpus is reproducible from the seed")
    # drawn a batch ahead on a thread of its own (T > 1) or inline (T = 1): the same corpus — over
    # several batches, the last one short (the counts of bounded pairs depend on the parts, which
    # follow the threads)
    one = json.loads(fr("bench", "--n-resumes", "250", "--n-postings", "4", "--batch", "64", "--threads", "1",
                        "--json", "--seed", "9").stdout)
    two = json.loads(fr("bench", "--n-resumes", "250", "--n-postings", "4", "--batch", "64", "--threads", "2",
                        "--json", "--seed", "9").stdout)
    same = ("items", "chunks", "resumes")
    check(all(one.get(k) == two.get(k) for k in same),
          f"generated ahead or not, the same corpus: {[(k, one.get(k), two.get(k)) for k in same]}")
    t = fr("bench", "--n-resumes", "30", "--n-postings", "3").stdout
    check("GFLOP/s" in t and "peak RSS" in t and "OpenBLAS's" in t, "bench table")
    fr("bench", "--n-resumes", "0", rc=2)
    fr("bench", "--postings", EX_P, rc=2)
    r = json.loads(fr("bench", "--postings", EX_P, "--resumes", EX_R, "--json").stdout)
    check(r["generated"] is False and r["postings"] == len(os.listdir(EX_P)), "bench on real inputs")
    # --recall (issue 17): a pool small enough to be ranked exhaustively has recall 1 exactly; a
    # pruned one (over 4 shortlists of 1,000) a share of the sample's exhaustive top k
    r = json.loads(fr("bench", "--postings", EX_P, "--resumes", EX_R, "--json", "--recall", "-k", "3").stdout)
    check(r["recall_at_10"] == 1.0 and r["recall_sample"] == len(os.listdir(EX_P)) and r["recall_k"] == 3,
          f"bench --recall on a pool ranked exhaustively: {r.get('recall_at_10')}, {r.get('recall_sample')}")
    r = json.loads(fr("bench", "--n-resumes", "4100", "--n-postings", "4", "--json", "--recall", "--recall-sample", "3").stdout)
    check(r["pruned"] is True and 0.5 <= r["recall_at_10"] <= 1.0 and r["recall_sample"] == 3,
          f"bench --recall on a pruned pool: {r.get('pruned')}, {r.get('recall_at_10')}, {r.get('recall_sample')}")
    # the pruned path's bounds from bfloat16 products where the CPU has AVX512_BF16 (engine/bf16.h)
    try:
        flags = open("/proc/cpuinfo").read()
        bf16 = " avx512_bf16" in flags and " avx512vl" in flags and " avx512bw" in flags
    except OSError:
        bf16 = None
    if bf16 is not None:
        check(r.get("bounds_kernel") == ("bfloat16" if bf16 else "float"),
              f"bench's bounds_kernel on a pruned pool (avx512_bf16: {bf16}): {r.get('bounds_kernel')}")
    check(d.get("bounds_kernel") == "float", f"bench's bounds_kernel on a pool ranked whole: {d.get('bounds_kernel')}")
    t = fr("bench", "--n-resumes", "30", "--n-postings", "3", "--recall").stdout
    check("recall@k" in t and "of the exhaustive top 10 of 3 postings" in t, "bench --recall in the table")
    p = fr("bench", "--n-resumes", "30", "--mode", "cosine", "--recall", rc=2)
    check("--recall measures the pruning" in p.stderr, "bench --recall in cosine mode is a usage error")


def fifo_feed(path, data):
    """A FIFO at `path` and a thread that writes `data` into it once a reader opens it."""
    os.mkfifo(path)

    def feed():
        with open(path, "wb") as f:
            f.write(data)
    t = threading.Thread(target=feed, daemon=True)
    t.start()
    return t


def fr_guarded(*args, stdin=None):
    """fitrank with a guard against a hang (a FIFO opened twice waits for a writer forever): a
    timeout is reported as a failure, it measures nothing."""
    try:
        p = subprocess.run([FITRANK, *args], input=stdin, capture_output=True, timeout=120)
        return p.returncode, p.stdout.decode(), p.stderr.decode()
    except subprocess.TimeoutExpired:
        return None, "", "hung (waited 120 s)"


def test_pipes(tmp):
    """Issue 12: an input read through a FIFO (or stdin) is the whole file: nothing peeks at it."""
    cv = os.path.join(EX_R, "backend-go-senior.md")
    data = open(cv, "rb").read()
    want = fr("match", "--resume", cv, "--postings", EX_P, "-k", "3", "--format", "jsonl").stdout
    norm = lambda out: [{**r, "resume": "X"} for r in rows(out)]
    check(len(rows(want)) == 3, "match from a file: 3 rows")
    fifo = os.path.join(tmp, "cv-fifo.md")
    fifo_feed(fifo, data)
    rc, out, err = fr_guarded("match", "--resume", fifo, "--postings", EX_P, "-k", "3", "--format", "jsonl")
    check(rc == 0 and norm(out) == norm(want), f"match --resume FIFO gives what the file gives: {err.strip()[:200]}")
    rc, out, err = fr_guarded("match", "--resume", "/dev/stdin", "--postings", EX_P, "-k", "3", "--format", "jsonl",
                              stdin=data)
    check(rc == 0 and norm(out) == norm(want), f"match --resume /dev/stdin gives what the file gives: {err.strip()[:200]}")
    # rank looks at every --resumes input for an index first: a FIFO among them loses nothing either
    want = fr("rank", "--postings", EX_P, "--resumes", cv, os.path.join(EX_R, "phd-systems.txt"), "-k", "2",
              "--format", "jsonl").stdout
    fifo2 = os.path.join(tmp, "cv-fifo2.md")
    fifo_feed(fifo2, data)
    rc, out, err = fr_guarded("rank", "--postings", EX_P, "--resumes", fifo2, os.path.join(EX_R, "phd-systems.txt"),
                              "-k", "2", "--format", "jsonl")
    norm2 = lambda out: [{**r, "resume": r["resume"] if r["resume"].endswith("phd-systems.txt") else "X"}
                         for r in rows(out)]
    check(rc == 0 and norm2(out) == norm2(want), f"rank --resumes FIFO gives what the file gives: {err.strip()[:200]}")


def test_signals(tmp):
    """Issue 12: SIGTERM / SIGINT while an -o output is being written leave no OUT.tmp.* behind.
    The input is a FIFO nobody writes to yet: fitrank has created its temporary output file and then
    waits for the input, however long — no timing is involved."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        d = os.path.join(tmp, f"sig-{sig.name}")
        os.mkdir(d)
        fifo, out = os.path.join(d, "in.txt"), os.path.join(d, "out.jsonl")
        os.mkfifo(fifo)
        # the signal's default disposition in the child, whatever ours is: a shell starts a
        # background job with SIGINT ignored, and fitrank rightly keeps an ignored signal ignored
        p = subprocess.Popen([FITRANK, "tokenize", "-o", out, fifo], stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(sig, signal.SIG_DFL))
        deadline = time.monotonic() + 60  # a guard against a hang, not a measurement
        while not any(n.startswith("out.jsonl.tmp.") for n in os.listdir(d)) and p.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        made = any(n.startswith("out.jsonl.tmp.") for n in os.listdir(d))
        check(made, f"{sig.name}: the temporary output file appeared")
        p.send_signal(sig)
        try:
            rc = p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        p.stderr.close()
        check(rc == -sig, f"{sig.name}: exit status says killed by {sig.name} (got {rc})")
        left = sorted(os.listdir(d))
        check(left == ["in.txt"], f"{sig.name}: nothing left beside the input: {left}")
    # rank --batch 1 spills prepared batches to a private directory under $TMPDIR: with two résumés
    # read and the third a FIFO nobody writes to, that directory exists while rank waits
    d = os.path.join(tmp, "sig-spill")
    os.mkdir(d)
    fifo = os.path.join(tmp, "spill-fifo.txt")
    os.mkfifo(fifo)
    p = subprocess.Popen([FITRANK, "rank", "--postings", EX_P, "--batch", "1", "--resumes",
                          os.path.join(EX_R, "accountant.txt"), os.path.join(EX_R, "phd-systems.txt"), fifo],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "TMPDIR": d})
    deadline = time.monotonic() + 120
    while not os.listdir(d) and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    check(bool(os.listdir(d)), "rank --batch 1: the spill directory appeared")
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    p.stderr.close()
    check(rc == -signal.SIGTERM and os.listdir(d) == [],
          f"rank --batch 1, SIGTERM: killed by it ({rc}), nothing left in $TMPDIR: {os.listdir(d)}")


def cosine_parity(tmp, postings, resumes, label):
    """rank --mode cosine against scikit-learn on fitrank's own tokens."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.metrics.pairwise import linear_kernel
    except ImportError:
        print(f"cosine parity ({label}): SKIP (python3-sklearn not installed)")
        return
    model = os.path.join(tmp, "cos.frm")
    fr("fit", "-o", model, "--stop-words", "en,de", "--dim", "0", *postings, *resumes)
    k = 10
    got = rows(fr("rank", "--mode", "cosine", "--model", model, "--postings", *postings, "--resumes", *resumes,
                  "-k", str(k), "--format", "jsonl").stdout)

    def toks(inputs):
        out = fr("tokenize", "--model", model, *inputs).stdout
        return [json.loads(line) for line in out.splitlines()]
    check(len(got) > 0, f"cosine mode ({label}) gives rows")
    tp, tr = toks(postings), toks(resumes)
    vec = TfidfVectorizer(analyzer=lambda d: d["tokens"], lowercase=False)
    vec.fit(tp + tr)
    S = linear_kernel(vec.transform(tp), vec.transform(tr))
    rid = [d["id"] for d in tr]
    pos = {d["id"]: i for i, d in enumerate(tp)}
    worst = 0.0
    for r in got:
        i = pos[r["posting"]]
        j = rid.index(r["resume"])
        worst = max(worst, abs(S[i, j] - r["score"]))
    check(worst <= 1e-5, f"cosine parity ({label}): max |fitrank - sklearn| = {worst:.2e}")
    # the top-k sets agree (up to ties at the cut)
    agree = 0
    for i, d in enumerate(tp):
        mine = [r["resume"] for r in got if r["posting"] == d["id"]]
        order = sorted(range(len(rid)), key=lambda j: (-S[i, j], j))[:len(mine)]
        agree += mine == [rid[j] for j in order]
    check(agree >= len(tp) - 1, f"cosine top-{k} order agrees with sklearn for {agree}/{len(tp)} postings")
    print(f"cosine parity ({label}): {len(got)} rows, max error {worst:.2e}, order agrees {agree}/{len(tp)}")
    # --fit: the same vocabulary and idf fitted in the same read (fit_transform): the rows of
    # `fit --dim 0` + `rank --model` — same résumés in the same order, scores within 1e-6 — on one
    # thread and on three, whose outputs are the same bytes
    fitted = []
    for threads in ("1", "3"):
        fitted.append(fr("rank", "--mode", "cosine", "--fit", "--stop-words", "en,de", "--postings", *postings,
                         "--resumes", *resumes, "-k", str(k), "--format", "jsonl", "--threads", threads).stdout)
    check(fitted[0] == fitted[1], f"rank --fit ({label}): the output does not depend on --threads")
    one = rows(fitted[0])
    key = [(r["posting"], r["rank"], r["resume"]) for r in got]
    check([(r["posting"], r["rank"], r["resume"]) for r in one] == key,
          f"rank --fit ({label}): the rows of fit --dim 0 + rank --model")
    diff = max((abs(a["score"] - b["score"]) for a, b in zip(one, got)), default=0.0)
    check(len(one) == len(got) and diff <= 1e-6, f"rank --fit ({label}): max |score difference| {diff:.1e}")
    mhash = json.loads(fr("model", "info", "--json", model).stdout)["hash"]
    check(len(one) > 0 and all(r["model"] == mhash for r in one),
          f"rank --fit ({label}): \"model\" is the hash of fit --dim 0's model")
    print(f"cosine --fit ({label}): {len(one)} rows, max |score - fit + rank --model| {diff:.1e}")


def shared_sets(shared, tmp):
    data = os.path.join(shared, "data")
    if not os.path.isdir(data):
        return None
    corpus = os.path.join(tmp, "corpus.jsonl")
    r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "make_corpus.py"), "--shared", shared,
                        "--out", corpus], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    ps, rs = [], []
    for line in open(corpus, encoding="utf-8"):
        d = json.loads(line)
        (rs if d["id"].startswith("livecareer-") else ps).append(line)
    pp, rp = os.path.join(tmp, "sp.jsonl"), os.path.join(tmp, "sr.jsonl")
    open(pp, "w").writelines(ps[:60])
    open(rp, "w").writelines(rs[:400])
    return pp, rp


def main():
    global FITRANK
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", required=True)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    a = ap.parse_args()
    FITRANK = os.path.abspath(a.fitrank)
    with tempfile.TemporaryDirectory() as tmp:
        test_rank_contract()
        allr = test_gates_and_k()
        test_determinism()
        test_batches()
        test_batches_pruned(tmp)
        test_agreement(allr)
        test_formats()
        test_ranking_issue15()
        test_explain_rows(tmp)
        test_index(tmp)
        test_crafted_models(tmp)
        test_index_bit_flips(tmp)
        test_bad_input(tmp)
        test_eval(tmp, allr)
        test_explain_evidence()
        test_explain_memory(tmp)
        test_parallel_preparation(tmp)
        test_bench_smoke()
        test_pipes(tmp)
        test_signals(tmp)
        cosine_parity(tmp, [EX_P], [EX_R], "examples")
        s = shared_sets(a.shared, tmp)
        if s:
            cosine_parity(tmp, [s[0]], [s[1]], "60 real postings x 400 real résumés")
        else:
            print("cosine parity (real data): SKIP (../shared/data absent)")
    print(f"rank-cli: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
