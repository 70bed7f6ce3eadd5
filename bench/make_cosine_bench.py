#!/usr/bin/env python3
"""Build the files of the cosine benchmark (issue 18): postings and résumés as JSONL, from the real
texts in ../shared/data, reproducibly (a fixed seed gives the same bytes on every run).

    /usr/bin/python3 bench/make_cosine_bench.py --shared ../shared --out /tmp/cosbench
                     [--postings 600] [--resumes 20000] [--resume-bytes 5000] [--seed 18]

Writes OUT/postings.jsonl and OUT/resumes.jsonl, one {"id", "text"} object per line.

- Postings: the Google postings of the development half (393) as they are — title,
  responsibilities, minimum and preferred qualifications — and, beyond them, remixes: the words of
  a real posting (drawn with the seed) in shuffled order, so that no two postings are the same
  text.
- Résumés: each one the words of a real LiveCareer résumé (drawn with the seed) in shuffled order,
  topped up with the shuffled words of further drawn résumés until it holds about --resume-bytes
  bytes (5,000 by default: 20,000 of them make ~100 MB).  Shuffling keeps each résumé's vocabulary
  and term frequencies — what TF-IDF cosine sees — while no real résumé is reproduced.

The data sets are local use only (../shared/data/README.md): the files go under /tmp or wherever
--out says, never into the repository.  Prints the two paths and sizes on stdout.

Exit codes: 0 ok, 2 usage, 3 ../shared/data absent.
"""
import argparse
import csv
import json
import os
import random
import sys

csv.field_size_limit(sys.maxsize)

POSTING_COLUMNS = ("Title", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications")


def google_postings(data):
    path = os.path.join(data, "google-job-postings", "job_skills_dev.csv")
    with open(path, newline="", encoding="utf-8") as f:
        return [("google-%d" % i, "\n\n".join(row[c] for c in POSTING_COLUMNS if row.get(c)))
                for i, row in enumerate(csv.DictReader(f))]


def livecareer(data):
    path = os.path.join(data, "resumes-livecareer", "resumes_from_pdf.csv")
    with open(path, newline="", encoding="utf-8") as f:
        return [(row["ID"], row["Resume_str"]) for row in csv.DictReader(f)]


def write_jsonl(path, docs):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for i, t in docs:
            f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared", help="the shared folder holding data/")
    ap.add_argument("--out", required=True, help="directory to write postings.jsonl and resumes.jsonl into")
    ap.add_argument("--postings", type=int, default=600)
    ap.add_argument("--resumes", type=int, default=20000)
    ap.add_argument("--resume-bytes", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=18)
    a = ap.parse_args()
    if a.postings < 1 or a.resumes < 1 or a.resume_bytes < 1:
        ap.error("--postings, --resumes and --resume-bytes must be at least 1")
    data = os.path.join(a.shared, "data")
    if not os.path.isdir(data):
        print("make_cosine_bench: %s absent; the benchmark needs the shared data sets" % data, file=sys.stderr)
        return 3
    rng = random.Random(a.seed)
    real_p = google_postings(data)
    real_r = livecareer(data)

    postings = real_p[:a.postings]
    while len(postings) < a.postings:
        i, text = real_p[rng.randrange(len(real_p))]
        words = text.split()
        rng.shuffle(words)
        postings.append(("%s-remix-%d" % (i, len(postings)), " ".join(words)))

    resumes = []
    for n in range(a.resumes):
        words, size, src = [], 0, []
        while size < a.resume_bytes:
            rid, text = real_r[rng.randrange(len(real_r))]
            src.append(rid)
            w = text.split()
            rng.shuffle(w)
            for x in w:
                words.append(x)
                size += len(x.encode("utf-8")) + 1
                if size >= a.resume_bytes:
                    break
        resumes.append(("r%05d-%s" % (n, src[0]), " ".join(words)))

    os.makedirs(a.out, exist_ok=True)
    pp, rp = os.path.join(a.out, "postings.jsonl"), os.path.join(a.out, "resumes.jsonl")
    print("%s %d postings %d bytes" % (pp, len(postings), write_jsonl(pp, postings)))
    print("%s %d résumés %d bytes" % (rp, len(resumes), write_jsonl(rp, resumes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
