#!/usr/bin/env python3
"""Median of each numeric field over JSON lines (runs of `fitrank bench --json`), printed as one
JSON object with "runs": N.   fitrank bench --json ... | python3 bench/median_json.py"""
import json
import statistics
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
if not rows:
    sys.exit("median_json: no JSON lines on stdin")
out = {"runs": len(rows)}
for key, value in rows[0].items():
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        out[key] = round(statistics.median(r[key] for r in rows), 4)
    else:
        out[key] = value
print(json.dumps(out))
