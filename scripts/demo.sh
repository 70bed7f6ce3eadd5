#!/bin/sh
# `make demo`: the main job on the bundled examples (8 postings, 8 résumés, written for the
# project; two postings follow the style of the seed postings) with the embedded reference model:
# a recruiter's ranking, a candidate's "best matches for me", and the explanation of one score.
set -eu
BIN=${1:-./fitrank}
EX=examples
AS_OF=2026-11   # "present" in résumé dates: fixed so that the demo's numbers never drift
OUT=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-demo-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

echo "== 1. rank: the best 3 résumés for each of $(ls $EX/postings | wc -l) postings (gate first, then score)"
"$BIN" rank --postings "$EX/postings" --resumes "$EX/resumes" -k 3 --as-of $AS_OF
echo
echo "== 2. match: best postings for one candidate (a PhD student in systems)"
"$BIN" match --resume "$EX/resumes/phd-systems.txt" --postings "$EX/postings" -k 3 --as-of $AS_OF
echo
echo "== 3. explain: the German embedded engineer against the embedded posting"
"$BIN" explain --posting "$EX/postings/de-embedded-c.txt" --resume "$EX/resumes/de-embedded-lebenslauf.txt" --as-of $AS_OF
echo
echo "== 4. the same ranking as JSONL (what scripts consume), first two rows"
"$BIN" rank --postings "$EX/postings" --resumes "$EX/resumes" -k 3 --as-of $AS_OF --format jsonl | head -2
echo
echo "== 5. index: prepare the postings once, then match against the index"
"$BIN" index build -o "$OUT/postings.fridx" --postings "$EX/postings"
"$BIN" match --resume "$EX/resumes/frontend-react.md" --postings "$OUT/postings.fridx" -k 1 --as-of $AS_OF
echo
echo "== 6. eval: the scores against hand labels (examples/labels.csv)"
"$BIN" eval --labels "$EX/labels.csv" --postings "$EX/postings" --resumes "$EX/resumes" --as-of $AS_OF
