#!/usr/bin/env python3
"""Coverage report of `make coverage`: per file, per module and in total, line and branch coverage
of the library (util, tokenizer, models, engine) and, separately, of the CLI (cli), from gcovr's
JSON summary; exits 1 when the library falls below the floor file's line or branch percentage.

usage: coverage_report.py SUMMARY.json FLOOR.txt [--markdown]
FLOOR.txt holds lines "line PERCENT" and "branch PERCENT" ('#' comments)."""
import json
import sys

LIB = ("util", "tokenizer", "models", "engine")


def pct(cov, tot):
    return 100.0 * cov / tot if tot else 100.0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    md = "--markdown" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0], encoding="utf-8") as f:
        summary = json.load(f)
    floor = {}
    with open(args[1], encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].split()
            if len(line) == 2:
                floor[line[0]] = float(line[1])
    groups = {}
    for fe in summary["files"]:
        name = fe["filename"]
        mod = name.split("/", 1)[0]
        if mod not in LIB and mod != "cli":
            continue
        groups.setdefault(mod, []).append(fe)

    def tot(files):
        return (sum(f["line_covered"] for f in files), sum(f["line_total"] for f in files),
                sum(f["branch_covered"] for f in files), sum(f["branch_total"] for f in files))

    def row(name, lc, lt, bc, bt):
        if md:
            return f"| {name} | {pct(lc, lt):.1f}% ({lc}/{lt}) | {pct(bc, bt):.1f}% ({bc}/{bt}) |"
        return f"{name:<28} {pct(lc, lt):6.1f}% {lc:>6}/{lt:<6} {pct(bc, bt):6.1f}% {bc:>6}/{bt:<6}"

    if md:
        print("| file | lines | branches |\n|---|---|---|")
    else:
        print(f"{'file':<28} {'lines':>7} {'':13} {'branches':>7}")
    lib_files = []
    for mod in LIB + ("cli",):
        files = sorted(groups.get(mod, []), key=lambda f: f["filename"])
        if mod in LIB:
            lib_files += files
        for fe in files:
            print(row(fe["filename"], fe["line_covered"], fe["line_total"], fe["branch_covered"], fe["branch_total"]))
        print(row(f"**{mod}/**" if md else f"= {mod}/", *tot(files)))
    lc, lt, bc, bt = tot(lib_files)
    print(row("**library**" if md else "= library", lc, lt, bc, bt))
    line_p, branch_p = pct(lc, lt), pct(bc, bt)
    bad = []
    if line_p < floor.get("line", 0):
        bad.append(f"line coverage {line_p:.2f}% is below the floor {floor['line']}%")
    if branch_p < floor.get("branch", 0):
        bad.append(f"branch coverage {branch_p:.2f}% is below the floor {floor['branch']}%")
    for b in bad:
        print(f"coverage: FAIL: library {b} ({args[1]})", file=sys.stderr)
    if not bad and not md:
        print(f"coverage: library lines {line_p:.2f}% (floor {floor.get('line', 0)}%), "
              f"branches {branch_p:.2f}% (floor {floor.get('branch', 0)}%)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
