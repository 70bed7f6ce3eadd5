#!/usr/bin/env python3
"""Write the source column of engine/substitutes.tsv from O*NET 28.2 Technology Skills.

For each line, every member is looked up among O*NET's technology examples (the example named so,
else examples containing it as a word); the line cites the commodity title most of its members
have ("O*NET 28.2 "<title>" (k of n members), refined by hand") when at least two members and half
of them share it, else "by hand".  Usage: scripts/substitutes_sources.py [--shared ../shared]
"""
import argparse, collections, csv, os, re

ap = argparse.ArgumentParser()
ap.add_argument("--shared", default="../shared")
ap.add_argument("--table", default="engine/substitutes.tsv")
a = ap.parse_args()
src = os.path.join(a.shared, "data", "onet-technology-skills", "Technology Skills.txt")
ex = collections.defaultdict(collections.Counter)
for row in csv.DictReader(open(src, encoding="utf-8", errors="replace"), delimiter="\t"):
    ex[row["Example"].lower()][row["Commodity Title"]] += 1
names = list(ex)


def titles(member):
    pat = re.compile(r"(^|[^a-z0-9])" + re.escape(member.lower()) + r"($|[^a-z0-9+#])")
    hits = [n for n in names if n == member.lower()] or [n for n in names if pat.search(n)]
    c = collections.Counter()
    for n in hits[:20]:
        c.update(ex[n])
    return c


out = []
for line in open(a.table, encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#") or line.startswith("version"):
        out.append(line)
        continue
    rel, name, mem, _ = line.split("\t")
    ms = [x.strip() for x in mem.split(",")]
    votes = collections.Counter()
    for m in ms:
        t = titles(m)
        if t:
            votes[t.most_common(1)[0][0]] += 1
    src_col = "by hand"
    if votes:
        top, k = votes.most_common(1)[0]
        if k >= 2 and 2 * k >= len(ms):
            src_col = f'O*NET 28.2 "{top}" ({k} of {len(ms)} members), refined by hand'
        elif len(votes) > 1:
            src_col = f"by hand (O*NET 28.2 spreads its members over {len(votes)} commodities)"
    out.append("\t".join([rel, name, mem, src_col]))
open(a.table, "w", encoding="utf-8").write("\n".join(out) + "\n")
