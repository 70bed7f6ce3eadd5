#!/bin/sh
# `make demo`: run fitrank on the bundled examples.  Until the scorer lands (issue 5) this shows
# what exists: technical tokens surviving, postings parsed into required/preferred items with
# their facts, a résumé's entries and years per skill, a model (TF-IDF + LSA) fitted on the
# examples, and each résumé's strongest TF-IDF terms.
set -eu
BIN=${1:-./fitrank}
EX=examples
OUT=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-demo-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

echo "== 1. tokenize: technical names survive (C++, C#, .NET, Node.js, CI/CD, R&D ...)"
printf '%s\n' "Required: 3+ years of C++, C# or Python; .NET/ASP.NET, Node.js, CI/CD, TCP/IP, R&D in C. Nice to have: k8s, S3, GPT-4, post-training, Straße, 機械学習." \
    | "$BIN" tokenize -
echo
echo "== 2. parse: required and preferred qualifications, with facts"
"$BIN" parse posting --format text "$EX/postings/research-intern-systems.txt" "$EX/postings/de-embedded-c.txt"
echo
echo "== 3. parse: a résumé's entries, education and years per skill (as of 2026-11)"
"$BIN" parse resume --format text --as-of 2026-11 "$EX/resumes/phd-systems.txt"
echo
echo "== 4. fit: TF-IDF model (scikit-learn's formulas) on $(ls $EX/postings | wc -l) postings + $(ls $EX/resumes | wc -l) résumés"
"$BIN" fit -o "$OUT/demo.frm" --stop-words en,de --tf log "$EX/postings" "$EX/resumes"
"$BIN" model info "$OUT/demo.frm"
echo
echo "== 5. vectorize: each résumé's eight strongest terms"
"$BIN" vectorize --model "$OUT/demo.frm" "$EX/resumes" | awk '
{
    id = $0; sub(/^\{"id": "/, "", id); sub(/".*/, "", id)
    v = $0; sub(/.*"vector": \{/, "", v); sub(/\}\}$/, "", v)
    n = split(v, kv, /, "/)
    for (i = 1; i <= n; i++) { t = kv[i]; sub(/^"/, "", t); w = t; sub(/.*": /, "", w); sub(/": .*/, "", t); term[i] = t; wt[i] = w + 0 }
    line = ""
    for (k = 1; k <= 8 && k <= n; k++) {
        best = 0
        for (i = 1; i <= n; i++) if (!(i in used) && (best == 0 || wt[i] > wt[best])) best = i
        used[best] = 1
        line = line sprintf("%s%s %.2f", (k > 1 ? ", " : ""), term[best], wt[best])
    }
    printf "  %-36s %s\n", id, line
    delete used; delete term; delete wt
}'
