#!/usr/bin/env python3
"""The verdict figures of any fitrank binary, through `fitrank explain --format json` — for builds that
predate `fitrank eval --verdicts` (the "before" column of bench/QUALITY.md's verdict section).

    /usr/bin/python3 bench/verdicts_explain.py --old OLD_FITRANK --new NEW_FITRANK DIR

Each pair of DIR/tasks.jsonl is written to two files and explained by OLD (--as-of 2019-12); reader items
are aligned as docs/VERDICTS.md defines and counted with OLD's statuses and evidence.  An item counts
towards "this issue's kinds" by the kind NEW (which has `eval --verdicts`) gives the aligned reader
item, so that both columns count the same items.  On the current binary this script and `fitrank eval
--verdicts` agree (the alignment and evidence rules are the same), which checks both.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import tempfile

TYPED = {"education", "enrolment", "experience", "language", "certification", "soft", "logistics"}


def words(s):
    return set(re.findall(r"[^\W_]+", s.lower()))


def collapse(s):
    return " ".join(s.split())


def hit(quote, evidence):
    ev, q = collapse(evidence)[:300], collapse(quote)
    qw = q.split()
    return bool((q[:40] in ev) or (ev and ev[:40] in q) or (qw and sum(w in ev for w in qw) >= len(qw) / 2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("dir")
    a = ap.parse_args()
    tasks = [json.loads(l) for l in open(os.path.join(a.dir, "tasks.jsonl"))]
    labels = {json.loads(l)["pair"]: json.loads(l) for l in open(os.path.join(a.dir, "labels.jsonl"))}
    kinds = {}
    with tempfile.TemporaryDirectory() as tmp:
        items = os.path.join(tmp, "items.jsonl")
        subprocess.run([a.new, "eval", "--verdicts", a.dir, "--as-of", "2019-12", "--pairs", items],
                       capture_output=True, check=True)
        for line in open(items):
            i = json.loads(line)
            kinds[(i["pair"], i["text"])] = i.get("kind")
        t, gate = collections.Counter(), [0, 0]
        for task in tasks:
            lab = labels[task["pair"]]
            p, r = os.path.join(tmp, "p.txt"), os.path.join(tmp, "r.txt")
            open(p, "w").write(task["posting"])
            open(r, "w").write(task["resume"])
            out = subprocess.run([a.old, "explain", "--posting", p, "--resume", r, "--format", "json",
                                  "--as-of", "2019-12"], capture_output=True, text=True)
            j = json.loads(out.stdout) if out.returncode == 0 else {"required": [], "preferred": [], "gate": True}
            fi = j["required"] + j["preferred"]
            used = set()
            rg = all(not (i["section"] == "required" and i["verdict"] == "missing") for i in lab["items"])
            gate[0] += rg == j["gate"]
            gate[1] += 1
            for it in lab["items"]:
                best, bs = None, 0
                for k, f in enumerate(fi):
                    if k in used:
                        continue
                    if collapse(f["text"]) == collapse(it["text"]):
                        best, bs = k, 2
                        break
                    x, y = words(f["text"]), words(it["text"])
                    s = len(x & y) / len(x | y) if x | y else 0
                    if s > bs:
                        best, bs = k, s
                v = it["verdict"]
                t["items"] += 1
                t["miss" if v == "missing" else "notmiss"] += 1
                if best is None or bs < 0.6:
                    continue
                used.add(best)
                f = fi[best]
                st, typed = f["status"], kinds.get((task["pair"], it["text"])) in TYPED
                t["al"] += 1
                t["acc"] += st == v
                t["fm"] += st == "missing" and v != "missing"
                t["mr"] += st == "missing" and v == "missing"
                if typed:
                    t["tal"] += 1
                    t["tacc"] += st == v
                if v in ("met", "partial") and it["evidence"]:
                    h = hit(it["evidence"], (f.get("evidence") or {}).get("text") or "")
                    t["evn"] += 1
                    t["evh"] += h
                    if typed:
                        t["tevn"] += 1
                        t["tevh"] += h

    def r(x, y):
        return "%.3f" % (t[x] / t[y]) if t[y] else "-"

    print(json.dumps({"item_recall": r("al", "items"), "accuracy": r("acc", "al"), "typed_accuracy": r("tacc", "tal"),
                      "false_missing": r("fm", "notmiss"), "missing_recall": r("mr", "miss"),
                      "gate_agreement": "%.3f" % (gate[0] / gate[1]), "evidence_hit": r("evh", "evn"),
                      "typed_evidence_hit": r("tevh", "tevn")}))


if __name__ == "__main__":
    main()
