#!/usr/bin/env python3
"""Requirement verdicts against careful readers (`make quality`, `make test`).

    /usr/bin/python3 bench/verdicts.py --fitrank ./fitrank [--shared ../shared] [--out bench/QUALITY.md]
    /usr/bin/python3 bench/verdicts.py --fitrank ./fitrank --check [--floors tests/verdict_floors.txt]

Runs `fitrank eval --verdicts DIR --as-of 2019-12 --format json` (docs/VERDICTS.md defines the
figures) on:
  dev       ../shared/data/requirement-verdicts (71 real pairs, 517 items; local-use data: never
            committed) — the development labels the rules and thresholds were set on;
  dev2      tests/fixtures/verdicts-dev (42 pairs written and judged for fitrank per GUIDE.md,
            a development set too: more German, logistics and credentials than dev);
  own       tests/fixtures/verdicts (33 pairs written and judged for fitrank per GUIDE.md);
  heldout   tests/fixtures/verdicts-heldout (32 pairs written and judged the same way by another
            reader).  own and heldout were never looked at item by item while setting rules: the
            check of generalisation.
--out replaces the section between the verdict markers of the Markdown file (appending it when
absent), so that bench/quality.py's report and this one live in one file.
--check fails (exit 1) when a figure falls below its floor in the floors file ("SET FIGURE
VALUE" lines; false_missing is a ceiling).  A set whose directory is absent is skipped with a
message (../shared on a machine without it).
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

AS_OF = "2019-12"
# Before issue 13 (fe5ce08, similarity thresholds for every item): bench/verdicts_explain.py --old
# fe5ce08's fitrank --new this one DIR, 2026-12-05 (the current kinds count the typed items)
BEFORE = {
    "dev": {"item_recall": 0.901, "accuracy": 0.421, "typed_accuracy": 0.453, "false_missing": 0.105,
            "missing_recall": 0.278, "gate_agreement": 0.676, "evidence_hit": 0.179, "typed_evidence_hit": 0.165},
    "dev2": {"item_recall": 0.838, "accuracy": 0.335, "typed_accuracy": 0.340, "false_missing": 0.162,
             "missing_recall": 0.256, "gate_agreement": 0.548, "evidence_hit": 0.485, "typed_evidence_hit": 0.500},
    "own": {"item_recall": 0.891, "accuracy": 0.386, "typed_accuracy": 0.318, "false_missing": 0.208,
            "missing_recall": 0.400, "gate_agreement": 0.455, "evidence_hit": 0.476, "typed_evidence_hit": 0.460},
    "heldout": {"item_recall": 0.936, "accuracy": 0.304, "typed_accuracy": 0.285, "false_missing": 0.226,
                "missing_recall": 0.241, "gate_agreement": 0.375, "evidence_hit": 0.460, "typed_evidence_hit": 0.495},
}
# After issue 13 (300be56: typed kinds decided, skills and free text still by similarity thresholds) —
# where issue 14 (skills, substitutes, free-text domains) started; `make quality` at 300be56.
PART1 = {
    "dev": {"item_recall": 0.946, "accuracy": 0.560, "typed_accuracy": 0.727, "false_missing": 0.017,
            "missing_recall": 0.287, "gate_agreement": 0.775, "evidence_hit": 0.329, "typed_evidence_hit": 0.401},
    "dev2": {"item_recall": 0.989, "accuracy": 0.546, "typed_accuracy": 0.731, "false_missing": 0.012,
             "missing_recall": 0.163, "gate_agreement": 0.809, "evidence_hit": 0.634, "typed_evidence_hit": 0.738},
    "own": {"item_recall": 0.891, "accuracy": 0.602, "typed_accuracy": 0.687, "false_missing": 0.004,
            "missing_recall": 0.233, "gate_agreement": 0.849, "evidence_hit": 0.593, "typed_evidence_hit": 0.629},
    "heldout": {"item_recall": 0.946, "accuracy": 0.545, "typed_accuracy": 0.686, "false_missing": 0.023,
                "missing_recall": 0.310, "gate_agreement": 0.719, "evidence_hit": 0.594, "typed_evidence_hit": 0.727},
}
# issue 13's targets (its kinds) and issue 14's (every item)
TARGETS = {"item_recall": ">= 0.95", "accuracy": ">= 0.85", "typed_accuracy": ">= 0.85", "false_missing": "<= 0.03",
           "missing_recall": ">= 0.80", "gate_agreement": ">= 0.90", "evidence_hit": ">= 0.85",
           "typed_evidence_hit": ">= 0.85"}
BEGIN, END = "<!-- verdicts:begin -->", "<!-- verdicts:end -->"
TYPED = ["education", "enrolment", "experience", "language", "certification", "soft", "logistics"]
FIGURES = ["item_recall", "accuracy", "typed_accuracy", "false_missing", "missing_recall", "gate_agreement",
           "evidence_hit", "typed_evidence_hit"]


def sets(shared):
    return [("dev", os.path.join(shared, "data", "requirement-verdicts")),
            ("dev2", "tests/fixtures/verdicts-dev"),
            ("own", "tests/fixtures/verdicts"),
            ("heldout", "tests/fixtures/verdicts-heldout")]


def run(fitrank, d, extra=()):
    out = subprocess.run([fitrank, "eval", "--verdicts", d, "--as-of", AS_OF, "--format", "json", *extra],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("verdicts: fitrank eval --verdicts %s failed (exit %d): %s" % (d, out.returncode, out.stderr.strip()))
    r = json.loads(out.stdout)
    r["typed_accuracy"] = r["typed_kinds"]["accuracy"]
    r["typed_evidence_hit"] = r["typed_kinds"]["evidence_hit"]
    return r


def fmt(x):
    return "-" if x is None else "%.3f" % x


def report(results, cmd):
    L = [BEGIN, "", "## Requirement verdicts against careful readers (issues 13 and 14)", "",
         "Each (posting, résumé) pair evaluated as `fitrank explain` evaluates it, its items aligned to a careful",
         "reader's verdicts (`../shared/data/requirement-verdicts/GUIDE.md`); definitions in docs/VERDICTS.md.",
         "*dev*: the development labels (71 real pairs) and *dev2*: 42 pairs written and judged for fitrank",
         "(tests/fixtures/verdicts-dev) — the rules and `verdict.*` thresholds were set on these; *own*: 33 pairs",
         "(tests/fixtures/verdicts) and *heldout*: 32 pairs (tests/fixtures/verdicts-heldout), written and judged",
         "by two other readers and never looked at item by item while setting rules: the check of generalisation.", "",
         "Command: `%s` (machine: %s, %s)." % (cmd, platform.node() or "?", datetime.date.today().isoformat()), "",
         "Each cell: now (after issue 13, at 300be56 / before issue 13, at fe5ce08 — `bench/verdicts_explain.py`).",
         "Targets: issue 14's for every figure (issue 13's for its kinds).", "",
         "| figure | target | " + " | ".join(n for n, _ in results) + " |",
         "|---|---|" + "---|" * len(results)]
    names = {"item_recall": "item recall", "accuracy": "verdict accuracy, all items",
             "typed_accuracy": "verdict accuracy, issue 13's kinds", "false_missing": "false-missing rate",
             "missing_recall": "missing recall", "gate_agreement": "gate agreement", "evidence_hit": "evidence hit",
             "typed_evidence_hit": "evidence hit, issue 13's kinds"}
    for f in FIGURES:
        L.append("| %s | %s | %s |" % (names[f], TARGETS.get(f, ""), " | ".join(
            "%s (%s / %s)" % (fmt(r[f]), fmt(PART1[n][f]), fmt(BEFORE[n][f])) if n in BEFORE else fmt(r[f])
            for n, r in results)))
    L.append("| pairs / reader items | | %s |" % " | ".join("%d / %d" % (r["pairs"], r["reader_items"]) for _, r in results))
    for n, r in results:
        L += ["", "Per kind (%s; fitrank's kind of the aligned item):" % n, "",
              "| kind | aligned | accuracy | false-missing | evidence hit |", "|---|---|---|---|---|"]
        for k, c in r["kinds"].items():
            L.append("| %s | %d | %s | %s | %s |" % (k, c["aligned"], fmt(c["accuracy"]), fmt(c["false_missing"]),
                                                   fmt(c["evidence_hit"])))
        conf = r["all"]["confusion"]
        st = ["met", "partial", "unknown", "missing"]
        L += ["", "Confusion (%s; rows: reader, columns: fitrank; aligned items; last column: not aligned):" % n, "",
              "| reader \\ fitrank | met | partial | unknown | missing | not aligned |", "|---|---|---|---|---|---|"]
        for a in st:
            L.append("| %s | %s | %d |" % (a, " | ".join(str(conf[a][b]) for b in st), r["unaligned"][a]))
    L += ["", END]
    return "\n".join(L)


def read_floors(path):
    floors = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3 or parts[1] not in FIGURES:
                sys.exit("verdicts: %s:%d: expected 'SET FIGURE VALUE'" % (path, n))
            floors.append((parts[0], parts[1], float(parts[2])))
    return floors


def label_strings_in_tree(shared):
    """Rules and tables are general: no item text of the development labels may appear in the
    code and tables (engine/, tokenizer/, models/, cli/, util/: issue 13).  Returns the (file, text) pairs found; None when the labels are absent."""
    path = os.path.join(shared, "data", "requirement-verdicts", "labels.jsonl")
    if not os.path.isfile(path):
        return None
    texts = set()
    with open(path) as f:
        for line in f:
            for it in json.loads(line)["items"]:
                t = " ".join(it["text"].split())
                if len(t) >= 16:
                    texts.add(t)
    # where rules and tables live (tests and fixtures may quote stock phrases of postings)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "engine", "tokenizer", "models", "cli",
                            "util"], capture_output=True, text=True).stdout.split()
    found = []
    for fn in files:
        if not os.path.isfile(fn) or os.path.getsize(fn) > 20_000_000:
            continue
        try:
            body = " ".join(open(fn, encoding="utf-8", errors="replace").read().split())
        except OSError:
            continue
        for t in texts:
            if t in body:
                found.append((fn, t))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", required=True)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--floors", default="tests/verdict_floors.txt")
    a = ap.parse_args()
    results = []
    for name, d in sets(a.shared):
        if not os.path.isfile(os.path.join(d, "tasks.jsonl")):
            print("verdicts: SKIP %s (%s absent)" % (name, d))
            continue
        r = run(a.fitrank, d)
        results.append((name, r))
        print("verdicts: %-7s recall %s  accuracy %s (this issue's kinds %s)  false-missing %s  missing recall %s  "
              "gate %s  evidence %s (kinds %s)" % (name, *(fmt(r[f]) for f in FIGURES)))
    if a.check:
        bad = 0
        found = label_strings_in_tree(a.shared)
        if found is None:
            print("verdicts: SKIP label-strings check (../shared absent)")
        else:
            for fn, t in found:
                bad += 1
                print("verdicts: FAIL %s holds a labelled item's text: %.60s" % (fn, t))
            print("verdicts: no labelled item's text in the source tree" if not found else "")
        have = dict(results)
        for s, f, v in read_floors(a.floors):
            if s not in have:
                continue
            x = have[s][f]
            ok = x is not None and (x <= v + 1e-9 if f == "false_missing" else x >= v - 1e-9)
            if not ok:
                bad += 1
                print("verdicts: FAIL %s %s = %s, %s %.3f" % (s, f, fmt(x), "ceiling" if f == "false_missing" else "floor", v))
        print("verdicts: %s" % ("ok" if not bad else "%d figure(s) below their floors" % bad))
        sys.exit(1 if bad else 0)
    if a.out:
        cmd = "/usr/bin/python3 bench/verdicts.py --fitrank %s --out %s" % (a.fitrank, a.out)
        text = open(a.out).read() if os.path.exists(a.out) else ""
        sec = report(results, cmd)
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + sec + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + sec + "\n"
        with open(a.out + ".tmp", "w") as f:
            f.write(text)
        os.replace(a.out + ".tmp", a.out)
        print("verdicts: -> %s" % a.out)


if __name__ == "__main__":
    main()
