#!/usr/bin/env python3
"""`fitrank match` latency and recall against a prebuilt postings index (issue 18).

    /usr/bin/python3 bench/bench_match.py --fitrank ./fitrank --index P.idx --resumes R.jsonl
                                          [--queries 12] [--repeat 5] [--no-recall] [--no-cold]
                                          [--read-first]

Each query is one résumé of R.jsonl (every 200th from the 8th, as `make bench-scoring` picks
them) matched against the index.  Warm: one unmeasured run, then --repeat timed runs; the query's
figure is their median, the report the median over queries.  Cold: the index's pages are dropped
from the page cache first (posix_fadvise DONTNEED: no root needed, clean pages only) and one run
timed.  In-process time is the sum of `--stats`'s phases.  Recall@10: the share of
`match --exhaustive`'s top 10 postings that the default `match` returns.
With --read-first the index file is dropped from the page cache and read through sequentially
before each query's warm runs: the whole index in memory, in the large folios that `index build`'s
writes (or any sequential read) leave — where a query's ~2,500 candidates cost ~3,200 page faults.
Without it the warm runs find what earlier runs left: on the 2-core VMs here DAMON pages out
whatever a minute left untouched (its pageout scheme: regions idle 12 × 5 s), and what a query's
faults then read back comes in single pages — ~9,000 faults a query, and some candidates read
from disk again.
Prints one line per query and a JSON summary line.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time


def drop_cache(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"bench_match: {' '.join(cmd)} failed ({r.returncode}): {r.stderr.strip()}")
    return dt, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fitrank", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--resumes", required=True)
    ap.add_argument("--queries", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-recall", action="store_true")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--extra", default="", help="more match options, space-separated")
    ap.add_argument("--read-first", action="store_true", help="drop the index and read it through before each query's warm runs")
    a = ap.parse_args()
    docs = [json.loads(l) for i, l in enumerate(open(a.resumes, encoding="utf-8")) if i % 200 == 7]
    docs = docs[:a.queries]
    wall, inproc, cold, rec = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for d in docs:
            p = os.path.join(tmp, "one.txt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(d["text"])
            cmd = [a.fitrank, "match", "--resume", p, "--postings", a.index, "-k", "10",
                   "--format", "jsonl", "--as-of", "2026-12"] + a.extra.split()
            if not a.no_cold:
                drop_cache(a.index)
                cold.append(run(cmd)[0])
            if a.read_first:
                drop_cache(a.index)
                with open(a.index, "rb") as f:
                    while f.read(8 << 20):
                        pass
            run(cmd)  # warm
            ts = []
            for _ in range(a.repeat):
                dt, r = run(cmd + ["--stats"])
                ts.append(dt)
            st = json.loads([l for l in r.stderr.splitlines() if l.startswith("{")][0])
            inproc.append(sum(st[k] for k in ("model_sec", "postings_sec", "resumes_sec", "prune_sec", "score_sec")))
            wall.append(statistics.median(ts))
            line = f"{d['id']}: warm {wall[-1] * 1e3:.1f} ms, in process {inproc[-1] * 1e3:.1f} ms"
            if cold:
                line += f", cold {cold[-1] * 1e3:.1f} ms"
            if not a.no_recall:
                _, ex = run(cmd + ["--exhaustive"])
                want = {json.loads(l)["posting"] for l in ex.stdout.splitlines()}
                got = {json.loads(l)["posting"] for l in r.stdout.splitlines()}
                rec.append(len(want & got) / max(1, len(want)))
                line += f", recall@10 {rec[-1]:.2f}"
            print(line, flush=True)
    out = {"queries": len(docs), "repeat": a.repeat,
           "warm_wall_ms_median": round(statistics.median(wall) * 1e3, 1),
           "in_process_ms_median": round(statistics.median(inproc) * 1e3, 1)}
    if cold:
        out["cold_wall_ms_median"] = round(statistics.median(cold) * 1e3, 1)
    if rec:
        out["recall_at_10"] = round(sum(rec) / len(rec), 4)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
