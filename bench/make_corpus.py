#!/usr/bin/env python3
"""Build a benchmark corpus (JSONL, one {"id", "text"} object per line) from the real texts in
../shared/data: every LiveCareer résumé, every Google posting of the development half and every
cv-project-fit CV and posting (German).  Synthetic text would flatter a tokenizer — real résumés
carry the bullets, dates, mojibake and mixed languages the engine has to survive.

    /usr/bin/python3 bench/make_corpus.py --shared ../shared --out /tmp/corpus.jsonl [--copies K]

--copies K repeats the whole corpus K times (ids suffixed "#1" … "#K") so that throughput is
measured on a file large enough to swamp start-up costs; the texts themselves are not altered.
Prints the size of the written file in bytes on stdout (a summary goes to stderr), so a shell
script can do `size=$(python3 bench/make_corpus.py ...)`.

Exit codes: 0 ok, 2 usage, 3 ../shared/data absent (the data sets are not redistributable, so
a checkout without them is normal).
"""
import argparse
import csv
import json
import os
import sys

# Résumés reach 35 kB per field; the csv module's default 128 kB limit is fine today, but a
# re-extraction could exceed it and fail half-way through a benchmark.
csv.field_size_limit(sys.maxsize)

# The Google CSV splits a posting over several columns; these carry the text a candidate reads.
POSTING_COLUMNS = ("Title", "Responsibilities",
                   "Minimum Qualifications", "Preferred Qualifications")


def livecareer(data):
    path = os.path.join(data, "resumes-livecareer", "resumes_from_pdf.csv")
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield "livecareer-" + row["ID"], row["Resume_str"]


def google_postings(data):
    path = os.path.join(data, "google-job-postings", "job_skills_dev.csv")
    with open(path, newline="", encoding="utf-8") as f:
        # The CSV has no id column; the row number is stable because the file is fixed.
        for i, row in enumerate(csv.DictReader(f)):
            text = "\n\n".join(row[c] for c in POSTING_COLUMNS if row.get(c))
            yield "google-%d" % i, text


def cv_project_fit(data):
    base = os.path.join(data, "cv-project-fit")
    for kind in ("cv", "jobpost"):
        folder = os.path.join(base, kind)
        # Files are named <number>.txt; sort numerically so the order does not depend on the
        # file system's directory order.
        names = sorted((n for n in os.listdir(folder) if n.endswith(".txt")),
                       key=lambda n: (len(n), n))
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                yield "cvfit-%s-%s" % (kind, name[:-4]), f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default="../shared", help="the shared folder holding data/")
    ap.add_argument("--out", required=True, help="JSONL file to write")
    ap.add_argument("--copies", type=int, default=1, help="repeat the corpus K times (default 1)")
    args = ap.parse_args()
    if args.copies < 1:
        ap.error("--copies must be at least 1")

    data = os.path.join(args.shared, "data")
    if not os.path.isdir(data):
        print("make_corpus: %s absent; the benchmark corpus needs the shared data sets" % data,
              file=sys.stderr)
        return 3

    docs = list(livecareer(data)) + list(google_postings(data)) + list(cv_project_fit(data))
    n_bytes_text = sum(len(t.encode("utf-8")) for _, t in docs)

    # Write to a temporary name and rename, so an interrupted run never leaves a truncated
    # corpus that a later benchmark would silently measure.
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for k in range(1, args.copies + 1):
            suffix = "" if args.copies == 1 else "#%d" % k
            for doc_id, text in docs:
                # ensure_ascii=False keeps the file close to the size of the text it carries.
                f.write(json.dumps({"id": doc_id + suffix, "text": text}, ensure_ascii=False))
                f.write("\n")
    os.replace(tmp, args.out)

    size = os.path.getsize(args.out)
    print("make_corpus: %s: %d docs x %d copies, %.1f MB of text, %d bytes on disk"
          % (args.out, len(docs), args.copies, n_bytes_text * args.copies / 1e6, size),
          file=sys.stderr)
    print(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
