#!/bin/bash
# End-to-end tests of the fitrank CLI: outputs, exit codes, error messages, no partial files.
# Usage: tests/cli_test.sh [path/to/fitrank]
set -u
BIN=$(cd "$(dirname "${1:-./fitrank}")" && pwd)/$(basename "${1:-./fitrank}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME EXPECTED_RC CMD...  — runs CMD, captures stdout/stderr, checks the exit code
run() {
    local name=$1 want=$2
    shift 2
    "$@" >out.txt 2>err.txt
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "$name: exit $rc, want $want (stderr: $(head -c 300 err.txt))"
        return 1
    fi
    ok
    return 0
}
expect_out() { # NAME EXPECTED — exact stdout
    if [ "$(cat out.txt)" = "$2" ]; then ok; else bad "$1: stdout was: $(head -c 400 out.txt)"; fi
}
expect_err() { # NAME SUBSTRING — stderr contains
    if grep -qF -- "$2" err.txt; then ok; else bad "$1: stderr lacks '$2': $(head -c 300 err.txt)"; fi
}
err_lines() { # NAME N — stderr has exactly N lines
    local n
    n=$(wc -l <err.txt)
    if [ "$n" -eq "$2" ]; then ok; else bad "$1: stderr has $n lines, want $2"; fi
}

# --- help, version, usage errors (exit 2) ---------------------------------------------------
run help 0 "$BIN" --help && expect_out help "$(cat out.txt)" && grep -q "Exit status" out.txt && ok
run version 0 "$BIN" --version
run no-args 2 "$BIN"
run unknown-cmd 2 "$BIN" frobnicate && expect_err unknown-cmd "unknown command 'frobnicate'"
run unknown-opt 2 "$BIN" tokenize --bogus x.txt && expect_err unknown-opt "unknown option '--bogus'"
run missing-arg 2 "$BIN" tokenize x.txt --stop-words && expect_err missing-arg "requires an argument"
run bad-value 2 "$BIN" tokenize --stem klingon x.txt && expect_err bad-value "unknown stemmer 'klingon'"
run bad-ngram 2 "$BIN" tokenize --ngram-max 7 x.txt && expect_err bad-ngram "--ngram-max takes an integer between 1 and 3"
run no-input 2 "$BIN" tokenize && expect_err no-input "no INPUT given"
run fit-no-o 2 "$BIN" fit x.txt && expect_err fit-no-o "-o MODEL is required"
run fit-bad-df 2 "$BIN" fit -o m.frm --max-df 1.5 x.txt && expect_err fit-bad-df "proportion in [0, 1]"
run vec-no-model 2 "$BIN" vectorize x.txt && expect_err vec-no-model "--model MODEL is required"
run tok-help 0 "$BIN" tokenize --help && grep -q "stop-words" out.txt && ok
# issue 16: help CMD, did you mean, options of another command named with what to use instead
run help-cmd 0 "$BIN" help rank && head -1 out.txt | grep -q "^Usage: fitrank rank" && ok
"$BIN" rank --help >rank-help.txt 2>/dev/null
if cmp -s out.txt rank-help.txt; then ok; else bad "help rank differs from rank --help"; fi
run help-sub 0 "$BIN" help model info && grep -q "^Usage: fitrank model info" out.txt && ok
run help-unknown 2 "$BIN" help nope && expect_err help-unknown "unknown command 'nope'"
run typo-cmd 2 "$BIN" rnak && expect_err typo-cmd "unknown command 'rnak'; did you mean 'rank'?" && err_lines typo-cmd 2
run typo-opt 2 "$BIN" rank --postigns p --resumes r && expect_err typo-opt "unknown option '--postigns'; did you mean '--postings'?"
run match-resumes 2 "$BIN" match --resumes cv.txt --postings p &&
    expect_err match-resumes "match takes --resume FILE (one résumé); to rank many résumés use 'fitrank rank' (got --resumes)"
run rank-resume 2 "$BIN" rank --resume cv.txt --postings p && expect_err rank-resume "use 'fitrank match --resume FILE'"
run explain-postings 2 "$BIN" explain --postings p --resume r && expect_err explain-postings "explain takes --posting FILE"
run threads-0 2 "$BIN" rank --threads 0 --postings p --resumes r && expect_err threads-0 "--threads takes an integer >= 1" &&
    err_lines threads-0 2
mkdir -p emptydir
run empty-dir 1 "$BIN" rank --postings "$ROOT/examples/postings" --resumes emptydir &&
    expect_err empty-dir "emptydir: no documents in it" && [ ! -s out.txt ] && ok
printf 'id,text\n' >header-only.csv
run empty-csv 1 "$BIN" rank --postings "$ROOT/examples/postings" --resumes header-only.csv &&
    expect_err empty-csv "header-only.csv: no documents in it (a header and no rows)"
printf 'PK\003\004\024\000\006\000' >cv.docx
run docx 1 "$BIN" parse resume cv.docx && expect_err docx "a .docx, .odt or .xlsx file? save it as text or PDF"
# notes: one summary line for postings read without items, none in cosine mode, none with --quiet
printf 'Just a paragraph about a job with no headings at all.\n' >noitems1.txt
printf 'Another posting without any list of requirements.\n' >noitems2.txt
run note-sum 0 "$BIN" rank --postings noitems1.txt noitems2.txt --resumes "$ROOT/examples/resumes" -k 1 --format jsonl &&
    expect_err note-sum "note: 2 postings without recognised required or preferred qualifications" && err_lines note-sum 1
run note-cosine 0 "$BIN" rank --postings noitems1.txt noitems2.txt --resumes "$ROOT/examples/resumes" -k 1 --mode cosine &&
    err_lines note-cosine 0
run note-quiet 0 "$BIN" rank --postings noitems1.txt noitems2.txt --resumes "$ROOT/examples/resumes" -k 1 --quiet &&
    err_lines note-quiet 0
run note-parse 0 "$BIN" parse posting noitems1.txt noitems2.txt && expect_err note-parse "note: 2 postings" &&
    err_lines note-parse 1
run quiet-errors 1 "$BIN" rank --postings nope.txt --resumes "$ROOT/examples/resumes" --quiet && err_lines quiet-errors 1
# inputs per side: a postings CSV with its own columns and a résumés CSV in one run
cat >gpost.csv <<'CSV'
Title,Responsibilities,Minimum Qualifications,Preferred Qualifications
Data Engineer,"Build pipelines.
Own the warehouse.","3 years of experience with Python.
Experience with SQL.","Experience with Spark.
Experience with Airflow."
CSV
cat >gres.csv <<'CSV'
ID,Resume_str
c1,"Data engineer. Experience: Data Engineer, Acme, 01/2018 - 12/2023. Built pipelines in Python and SQL on Spark."
c2,"Pastry chef. Experience: Chef, Bakery, 2015 - 2023. Cakes and bread."
CSV
run side-parse 0 "$BIN" parse posting gpost.csv --posting-columns "Title=title,Responsibilities=responsibilities,Minimum Qualifications=required,Preferred Qualifications=preferred" &&
    grep -q '"required":\[{"text":"3 years of experience with Python."' out.txt && grep -q '"title":"Data Engineer"' out.txt && ok ||
    bad "side-parse: $(head -c 300 out.txt)"
run side-plain 0 "$BIN" parse posting gpost.csv --text-column "Minimum Qualifications" && grep -q '"required":\[\]' out.txt && ok
run side-rank 0 "$BIN" rank --postings gpost.csv --posting-columns "Title=title,Minimum Qualifications=required,Preferred Qualifications=preferred" \
    --posting-id-column Title --resumes gres.csv --resume-id-column ID --resume-text-column Resume_str -k 2 --format jsonl &&
    head -1 out.txt | grep -q '"posting": "Data Engineer", "rank": 1, "resume": "c1"' && grep -q '"required_total": 2' out.txt && ok ||
    bad "side-rank: $(head -c 300 out.txt)"
run side-bench 0 "$BIN" bench --postings gpost.csv --posting-columns "Minimum Qualifications=required" --resumes gres.csv \
    --resume-text-column Resume_str --json
run side-badsec 2 "$BIN" rank --postings gpost.csv --posting-columns "Title=headline" --resumes gres.csv &&
    expect_err side-badsec "unknown section 'headline'"
run side-wrongkind 2 "$BIN" parse resume gres.csv --posting-columns "Title=title" && expect_err side-wrongkind "parse resume takes the --resume-* input options"
run side-nocol 1 "$BIN" parse posting gpost.csv --posting-columns "Nope=required" && expect_err side-nocol "no column 'Nope'"
# standard input in a format of its own
printf '{"id": "a", "text": "Requirements:\\n- Go"}\n{"id": "b", "text": "Requirements:\\n- Rust"}\n' >two.jsonl
run stdin-jsonl 0 sh -c "'$BIN' parse posting - --input-format jsonl <two.jsonl" && [ "$(wc -l <out.txt)" -eq 2 ] && grep -q '"id":"b"' out.txt && ok
run stdin-hint 0 sh -c "'$BIN' parse posting - <two.jsonl" && expect_err stdin-hint "looks like JSON Lines: give --input-format jsonl"
run stdin-match 0 sh -c "'$BIN' match --resume '$ROOT/examples/resumes/frontend-react.md' --postings - --input-format jsonl --format jsonl <two.jsonl" &&
    [ "$(wc -l <out.txt)" -eq 2 ] && ok
run stdin-match-hint 0 sh -c "'$BIN' match --resume '$ROOT/examples/resumes/frontend-react.md' --postings - --format jsonl <two.jsonl" &&
    expect_err stdin-match-hint "give --input-format jsonl"
run stdin-badfmt 2 "$BIN" parse posting - --input-format yaml && expect_err stdin-badfmt "--input-format takes text, json, jsonl, csv or html"
# tables fit the terminal (a pty of 60 columns), and nothing is cut to a pipe
if command -v script >/dev/null; then
    script -qc "stty cols 60; '$BIN' match --resume '$ROOT/examples/resumes/frontend-react.md' --postings '$ROOT/examples/postings' -k 3" /dev/null |
        tr -d '\r' >tty.txt
    long=$(python3 -c "import sys; print(sum(1 for l in open('tty.txt', encoding='utf-8') if len(l.rstrip('\n')) > 60))")
    [ "$long" -eq 0 ] && grep -q "…" tty.txt && ok || bad "match on a 60-column terminal: $long lines longer"
    "$BIN" match --resume "$ROOT/examples/resumes/frontend-react.md" --postings "$ROOT/examples/postings" -k 3 >pipe.txt 2>/dev/null
    long=$(python3 -c "import sys; print(sum(1 for l in open('pipe.txt', encoding='utf-8') if len(l.rstrip('\n')) > 60))")
    [ "$long" -gt 0 ] && ! grep -q "…" pipe.txt && ok || bad "match to a pipe was cut"
fi
# `make demo` at an 80-column terminal: every line fits but the JSON Lines rows (data, shown through
# a pipe, never cut); explanations, notes and eval's view wrap there and only there
if command -v script >/dev/null; then
    (cd "$ROOT" && script -qc "stty cols 80; sh scripts/demo.sh '$BIN'" /dev/null) | tr -d '\r' >demo-tty.txt
    (cd "$ROOT" && sh scripts/demo.sh "$BIN") >demo-pipe.txt 2>&1
    cat >width.py <<'PY'
import sys, unicodedata
def cols(l):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
lines = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
over = [l for l in lines if cols(l) > int(sys.argv[2]) and not l.startswith("{")]
print(len(over), len(lines))
for l in over[:3]:
    print("  " + l[:100], file=sys.stderr)
PY
    set -- $(python3 width.py demo-tty.txt 79)
    [ "$1" -eq 0 ] && [ "$2" -gt 150 ] && ok || bad "make demo at 80 columns: $1 of $2 lines longer"
    set -- $(python3 width.py demo-pipe.txt 79 2>/dev/null)
    [ "$1" -gt 0 ] && grep -q "^fitrank: indexed 8 postings (70 items) -> .* (model [0-9a-f]*)$" demo-pipe.txt && ok ||
        bad "make demo to a pipe: lines were wrapped"
    grep -q "^fitrank: indexed 8 postings (70 items) ->$" demo-tty.txt && ok || bad "a note is not wrapped at a terminal"
fi
# progress on stderr while documents are read, only on a terminal
python3 -c "
import json
with open('many.jsonl', 'w') as f:
    for i in range(6000):
        f.write(json.dumps({'id': 'r%d' % i, 'text': 'Experience\nEngineer, Acme, 01/2015 - 12/2020\nBuilt services in Go and Python %d.' % i}) + '\n')
"
if command -v script >/dev/null; then
    script -qc "'$BIN' index build -o many.fridx --resumes many.jsonl --threads 1" /dev/null >pty.txt 2>&1
    grep -q "documents read" pty.txt && ok || bad "no progress line on a terminal: $(head -c 200 pty.txt)"
    script -qc "'$BIN' rank --postings '$ROOT/examples/postings' --resumes many.jsonl -k 1 --format jsonl --threads 1 -o rank-pty.jsonl" \
        /dev/null >pty.txt 2>&1
    grep -q "documents read" pty.txt && [ "$(wc -l <rank-pty.jsonl)" -eq 8 ] && ok ||
        bad "rank: no progress line on a terminal: $(head -c 200 pty.txt)"
fi
run progress-pipe 0 "$BIN" index build -o many2.fridx --resumes many.jsonl --threads 1 &&
    ! grep -q "documents read" err.txt && err_lines progress-pipe 1
# explain with no dated experience says so (it once printed "found nothing dated0.0")
printf 'Backend Engineer\n\nRequirements:\n- 3+ years of experience with Go\n' >p-years.txt
printf 'Alex\n\nSkills\nGo, PostgreSQL\n' >r-nodates.txt
run explain-nodates 0 "$BIN" explain --posting p-years.txt --resume r-nodates.txt &&
    grep -q "found nothing dated$" out.txt && ! grep -q "dated[0-9]" out.txt && ok
run threads-big 2 "$BIN" rank --threads 5000 --postings p --resumes r && expect_err threads-big "from 1 to 1024" &&
    err_lines threads-big 2

# --- tokenize -------------------------------------------------------------------------------
printf 'Required: 3+ years of C++, C# or Python (R&D, CI/CD, .NET, Node.js).\n' >q.txt
run tok-file 0 "$BIN" tokenize q.txt
expect_out tok-file '{"id": "q.txt", "tokens": ["required", "years", "of", "c++", "c#", "or", "python", "r&d", "ci/cd", ".net", "node.js"]}'
run tok-stdin 0 sh -c "printf 'Kubernetes k8s' | '$BIN' tokenize -"
expect_out tok-stdin '{"id": "-", "tokens": ["kubernetes", "k8s"]}'
run tok-opts 0 "$BIN" tokenize --stop-words en --ngram-max 2 q.txt
expect_out tok-opts '{"id": "q.txt", "tokens": ["required", "years", "c++", "c#", "python", "r&d", "ci/cd", ".net", "node.js", "required years", "years c++", "c++ c#", "c# python", "python r&d", "r&d ci/cd", "ci/cd .net", ".net node.js"]}'
printf '{"id": "a", "text": "Go developer"}\n{"text": "Rust \\"async\\"\\n\\u00fcber"}\n' >d.jsonl
run tok-jsonl 0 "$BIN" tokenize d.jsonl
expect_out tok-jsonl "$(printf '%s\n%s' '{"id": "a", "tokens": ["go", "developer"]}' '{"id": "d.jsonl:2", "tokens": ["rust", "async", "über"]}')"
printf 'id,title,body\nx1,"Data, Engineer","Spark\nAirflow"\n' >d.csv
run tok-csv 0 "$BIN" tokenize --text-column title,body d.csv
expect_out tok-csv '{"id": "x1", "tokens": ["data", "engineer", "spark", "airflow"]}'
run tok-csv-nocol 1 "$BIN" tokenize d.csv && expect_err tok-csv-nocol "d.csv:0: no column 'text' in the CSV header (columns: id, title, body)"
mkdir -p dir/sub && printf 'alpha' >dir/a.txt && printf 'beta' >dir/sub/b.md && printf 'x' >dir/c.bin
run tok-dir 0 "$BIN" tokenize dir
expect_out tok-dir "$(printf '%s\n%s' '{"id": "dir/a.txt", "tokens": ["alpha"]}' '{"id": "dir/sub/b.md", "tokens": ["beta"]}')"
expect_err tok-dir "skipped 1 file(s)"

# --- invalid input: one line, file:offset, exit 1, no partial -o file -------------------------
printf 'fine text\nbad \xff here\n' >bad.txt
run utf8-strict 1 "$BIN" tokenize q.txt bad.txt -o toks.jsonl
expect_err utf8-strict "fitrank: bad.txt:14: invalid UTF-8 (byte 0xFF)"
err_lines utf8-strict 1
[ ! -e toks.jsonl ] && ok || bad "utf8-strict: partial output file left behind"
ls toks.jsonl.tmp.* >/dev/null 2>&1 && bad "utf8-strict: temporary file left behind" || ok
run utf8-replace 0 "$BIN" tokenize --invalid=replace bad.txt -o toks.jsonl
[ "$(cat toks.jsonl)" = '{"id": "bad.txt", "tokens": ["fine", "text", "bad", "here"]}' ] && ok || bad "utf8-replace: $(cat toks.jsonl)"
expect_err utf8-replace "replaced 1 invalid UTF-8 sequence(s)"
run missing-file 1 "$BIN" tokenize nonexistent.txt && expect_err missing-file "nonexistent.txt: cannot open: No such file or directory"
printf '{"id": "a", "text": "ok"}\n{"id": "b", "text": }\n' >broken.jsonl
run bad-jsonl 1 "$BIN" tokenize broken.jsonl && expect_err bad-jsonl "broken.jsonl:" && expect_err bad-jsonl "line 2: invalid JSON"
err_lines bad-jsonl 1

# --- fit, model info, vectorize --------------------------------------------------------------
printf 'C++ and Python developer\n' >d1.txt
printf 'Python data engineer\n' >d2.txt
printf 'Java developer\n' >d3.txt
run fit 0 "$BIN" fit -o m.frm d1.txt d2.txt d3.txt && expect_err fit "fitted 3 documents, 7 terms, projection dim 2 -> m.frm" && expect_err fit "projection dimension 256 clamped to 2"
run fit-nodim 0 "$BIN" fit -o m0.frm --dim 0 d1.txt d2.txt d3.txt && expect_err fit-nodim "projection dim 0"
run fit-baddim 2 "$BIN" fit -o m0.frm --dim -3 d1.txt
run fit-again 0 "$BIN" fit -o m-again.frm d1.txt d2.txt d3.txt
cmp -s m.frm m-again.frm && ok || bad "fit-again: the same corpus gave a different model file"
run info 0 "$BIN" model info m.frm && grep -q "^terms        7$" out.txt && ok || bad "info: $(cat out.txt)"
run info-json 0 "$BIN" model info --json m.frm && grep -q '"n_terms":7' out.txt && grep -q '"tf":"raw"' out.txt && ok
run vec 0 "$BIN" vectorize --model m.frm d2.txt d3.txt
# weights agree with scikit-learn (STYLE.md §4: .622766 .473630 .605349 .795961) within 1e-6
expect_out vec "$(printf '%s\n%s' '{"id": "d2.txt", "vector": {"data": 0.622766018, "engineer": 0.622766018, "python": 0.473629594}}' '{"id": "d3.txt", "vector": {"developer": 0.605348527, "java": 0.795960546}}')"
run vec-oov 0 sh -c "printf 'nothing known' | '$BIN' vectorize --model m.frm -"
expect_out vec-oov '{"id": "-", "vector": {}}'
run tok-model 0 "$BIN" tokenize --model m.frm d1.txt
expect_out tok-model '{"id": "d1.txt", "tokens": ["c++", "and", "python", "developer"]}'
run tok-model-conflict 2 "$BIN" tokenize --model m.frm --stem english d1.txt
run fit-opts 0 "$BIN" fit -o m2.frm --tf log --idf plain --norm none --min-df 1 --max-df 0.9 --stop-words en,de --stem english --ngram-max 2 d1.txt d2.txt d3.txt
run info2 0 "$BIN" model info m2.frm && grep -q "stem=english" out.txt && grep -q "max_df=0.9" out.txt && grep -q "ngram_max=2" out.txt && ok
run fit-mindf 1 "$BIN" fit -o m3.frm --min-df 3 --max-df 2 d1.txt d2.txt d3.txt && expect_err fit-mindf "max_df corresponds to < documents than min_df"
[ ! -e m3.frm ] && ok || bad "fit-mindf: model written despite failure"
run fit-empty 1 "$BIN" fit -o m3.frm --min-df 3 d1.txt d2.txt d3.txt && expect_err fit-empty "no terms remain"
run fit-badinput 1 "$BIN" fit -o m3.frm d1.txt bad.txt && expect_err fit-badinput "bad.txt:14: invalid UTF-8"
[ ! -e m3.frm ] && ok || bad "fit-badinput: model written despite failure"
cp m.frm keep.frm
run fit-keeps-old 1 "$BIN" fit -o keep.frm bad.txt
cmp -s m.frm keep.frm && ok || bad "fit-keeps-old: existing model was modified by a failed fit"

# --- parse ----------------------------------------------------------------------------------
printf 'Backend Engineer\n\nRequirements\n- 3+ years of Go or Rust\n- PostgreSQL\n\nNice to have\n- Kafka\n' >post.txt
run parse-text 0 "$BIN" parse posting --format text post.txt
grep -q "required (2)" out.txt && grep -q ">= 3 years; any of: go | rust" out.txt && ok || bad "parse-text: $(cat out.txt)"
run parse-jsonl 0 "$BIN" parse posting post.txt
grep -q '"title":"Backend Engineer"' out.txt && grep -q '"preferred":\[{"text":"Kafka"' out.txt && ok || bad "parse-jsonl: $(head -c 300 out.txt)"
"$BIN" parse resume --as-of 2026-11 "$ROOT/examples/resumes" >p1.jsonl 2>/dev/null
"$BIN" parse resume --as-of 2026-11 "$ROOT/examples/resumes" >p2.jsonl 2>/dev/null
cmp -s p1.jsonl p2.jsonl && [ -s p1.jsonl ] && ok || bad "parse: two runs gave different output"
mkdir -p loop/sub && printf 'Python' >loop/sub/a.txt && ln -s .. loop/sub/up
run dir-symlink-loop 0 "$BIN" tokenize loop
[ "$(wc -l <out.txt)" -eq 1 ] && ok || bad "dir-symlink-loop: $(cat out.txt)"
printf '{"id": "n", "text": "Python\\u0000 and Kubernetes"}\n' >nul.jsonl
run jsonl-u0000 1 "$BIN" tokenize nul.jsonl && expect_err jsonl-u0000 "u0000 in a JSON string"
run parse-badfmt 2 "$BIN" parse posting --format xml post.txt
run parse-badkind 2 "$BIN" parse letter post.txt
run parse-asof 2 "$BIN" parse resume --as-of yesterday post.txt

# --- corrupted models ------------------------------------------------------------------------
cp m.frm corrupt.frm && printf 'X' | dd of=corrupt.frm bs=1 seek=300 conv=notrunc 2>/dev/null
run model-checksum 1 "$BIN" vectorize --model corrupt.frm d1.txt && expect_err model-checksum "corrupt.frm: model checksum mismatch"
head -c 100 m.frm >trunc.frm
run model-trunc 1 "$BIN" model info trunc.frm && expect_err model-trunc "trunc.frm"
printf 'hello' >notamodel.frm
run model-magic 1 "$BIN" model info notamodel.frm && expect_err model-magic "not a fitrank model (bad magic)"
run model-missing 1 "$BIN" model info nope.frm && expect_err model-missing "nope.frm: cannot open model"
# without a file: the embedded model, whose hash every output prints
run info-embedded 0 "$BIN" model info --json && grep -q '"path":"(embedded)"' out.txt && ok
emb=$(sed -n 's/.*"hash":"\([0-9a-f]*\)".*/\1/p' out.txt)
"$BIN" rank --postings "$ROOT/examples/postings" --resumes "$ROOT/examples/resumes" -k 1 --format jsonl 2>/dev/null |
    head -1 | grep -q "\"model\": \"$emb\"" && ok || bad "info-embedded: hash $emb is not the one rank prints"
run info-two 2 "$BIN" model info a.frm b.frm && expect_err info-two "expected at most one MODEL"

# --- pipes, -o targets, bounded inputs, directory contents (issue 12) -------------------------
# An input is read once from its first byte: a pipe, /dev/stdin or <(...) gives what the file gives
# (ids aside: an id is the path as given).
CV="$ROOT/examples/resumes/accountant.txt" PD="$ROOT/examples/postings"
ids() { sed 's/"\(resume\|posting\)": "[^"]*"/"\1": "X"/g' "$1"; }
"$BIN" match --resume "$CV" --postings "$PD" -k 3 --format jsonl >want-match.jsonl 2>/dev/null
[ -s want-match.jsonl ] && ok || bad "match: no output to compare pipes with"
run match-dev-stdin 0 sh -c "cat '$CV' | '$BIN' match --resume /dev/stdin --postings '$PD' -k 3 --format jsonl"
[ "$(ids out.txt)" = "$(ids want-match.jsonl)" ] && ok || bad "match-dev-stdin: the résumé from a pipe ranked differently"
run match-procsub 0 "$BIN" match --resume <(cat "$CV") --postings "$PD" -k 3 --format jsonl
[ "$(ids out.txt)" = "$(ids want-match.jsonl)" ] && ok || bad "match-procsub: the résumé from <(...) ranked differently"
"$BIN" rank --postings "$PD/backend-go.txt" --resumes "$CV" "$ROOT/examples/resumes/phd-systems.txt" -k 2 --format jsonl >want-rank.jsonl 2>/dev/null
run rank-procsub 0 "$BIN" rank --postings <(cat "$PD/backend-go.txt") --resumes <(cat "$CV") <(cat "$ROOT/examples/resumes/phd-systems.txt") -k 2 --format jsonl
[ -s out.txt ] && [ "$(ids out.txt)" = "$(ids want-rank.jsonl)" ] && ok || bad "rank-procsub: inputs from <(...) ranked differently"
run parse-procsub 0 "$BIN" parse resume --as-of 2026-11 <(cat "$CV")
"$BIN" parse resume --as-of 2026-11 "$CV" 2>/dev/null | sed 's/"id":"[^"]*"/"id":"X"/' >want-parse.jsonl
[ "$(sed 's/"id":"[^"]*"/"id":"X"/' out.txt)" = "$(cat want-parse.jsonl)" ] && ok || bad "parse-procsub: differs from the file"
run ix-build 0 "$BIN" index build -o ix.fri --postings "$PD"
run ix-build-file 0 "$BIN" index build -o ixr.fri --resumes "$CV" && chunks=$(grep -o '([0-9]* chunks)' err.txt)
run ix-build-procsub 0 "$BIN" index build -o ixr.fri --resumes <(cat "$CV") && expect_err ix-build-procsub "indexed 1 résumés ${chunks:-?}"
run ix-file 0 "$BIN" match --resume "$CV" --postings ix.fri -k 3 --format jsonl
run ix-pipe 1 "$BIN" match --resume "$CV" --postings <(cat ix.fri) && expect_err ix-pipe "a fitrank index, not a document"
err_lines ix-pipe 1

# -o: devices and FIFOs are written, not replaced; symlinks are followed; modes are kept
printf 'old' >mode.txt && chmod 600 mode.txt
run o-mode 0 "$BIN" tokenize -o mode.txt q.txt
[ "$(stat -c %a mode.txt)" = 600 ] && grep -q '"q.txt"' mode.txt && ok || bad "o-mode: an existing 0600 output came back $(stat -c %a mode.txt)"
printf 'old' >target.txt && chmod 640 target.txt && ln -s target.txt olink
run o-symlink 0 "$BIN" tokenize -o olink q.txt
[ -L olink ] && [ "$(readlink olink)" = target.txt ] && grep -q '"q.txt"' target.txt && [ "$(stat -c %a target.txt)" = 640 ] && ok ||
    bad "o-symlink: the symlink was replaced or its target not written"
ln -s /proc/self/fd/1 ostdout # what /dev/stdout is, in a directory of ours
run o-stdout-link 0 "$BIN" tokenize -o ostdout q.txt
[ -L ostdout ] && grep -q '"q.txt"' out.txt && ok || bad "o-stdout-link: nothing on stdout, or the link replaced"
if [ "$(id -u)" -ne 0 ]; then # as root a regression would replace the machine's /dev/stdout: the link above covers it
    run o-dev-stdout 0 "$BIN" tokenize -o /dev/stdout q.txt
    grep -q '"q.txt"' out.txt && ok || bad "o-dev-stdout: nothing on stdout"
fi
ln -s /dev/null onull
run o-null-link 0 "$BIN" tokenize -o onull q.txt
[ -L onull ] && [ -c /dev/null ] && ok || bad "o-null-link: the link to /dev/null was replaced"
if mknod nullnode c 1 3 2>/dev/null; then
    run o-device 0 "$BIN" tokenize -o nullnode q.txt
    [ -c nullnode ] && ok || bad "o-device: a character device became a $(stat -c %F nullnode)"
else
    echo "SKIP o-device: mknod needs root (a device node written as -o, as root's -o /dev/null)"
fi
mkfifo ofifo
timeout 60 cat ofifo >fromfifo.txt &
run o-fifo 0 "$BIN" tokenize -o ofifo q.txt
wait
[ -p ofifo ] && grep -q '"q.txt"' fromfifo.txt && ok || bad "o-fifo: the FIFO was replaced or not written"
ls ./*.tmp.* >/dev/null 2>&1 && bad "-o: a temporary file was left" || ok
run o-dir 3 "$BIN" tokenize -o . q.txt && expect_err o-dir ".: is a directory"

# every input is bounded: checked while reading (/dev/zero stops at its first byte, an endless pipe
# at the limit), by --max-input-bytes on every command that reads documents.  ulimit -v keeps a
# regression from eating the machine's memory (not under a sanitizer, which reserves terabytes).
VM="ulimit -v 2000000;"
sh -c "$VM '$BIN' --version" >/dev/null 2>&1 || VM=""
run limit-file 1 "$BIN" tokenize --max-input-bytes 10 q.txt && expect_err limit-file "q.txt:10: more than 10 bytes"
run limit-exact 0 "$BIN" tokenize --max-input-bytes "$(wc -c <q.txt)" q.txt
run limit-suffix 0 "$BIN" tokenize --max-input-bytes 1K q.txt
run limit-big 2 "$BIN" tokenize --max-input-bytes 2G q.txt && expect_err limit-big "from 1 to 2147483647 bytes"
run limit-zero 2 "$BIN" tokenize --max-input-bytes 0 q.txt
run limit-yes 1 sh -c "$VM yes | '$BIN' tokenize --max-input-bytes 64K -" && expect_err limit-yes "-:65536: more than 65536 bytes"
run dev-zero 1 sh -c "$VM '$BIN' tokenize /dev/zero" && expect_err dev-zero "/dev/zero:0: binary data (a NUL byte)"
run dev-zero-match 1 sh -c "$VM '$BIN' match --resume /dev/zero --postings '$PD'" && expect_err dev-zero-match "/dev/zero:0:"
L="--max-input-bytes 10"
for c in "tokenize $L $CV" "fit -o lim.frm $L $CV" "vectorize --model m.frm $L $CV" "parse resume $L $CV" \
    "rank --postings $PD --resumes $CV $L" "match --resume $CV --postings $PD $L" "explain --posting $PD/backend-go.txt --resume $CV $L" \
    "index build -o lim.fri --resumes $L $CV" "eval --labels $ROOT/examples/labels.csv --postings $PD --resumes $ROOT/examples/resumes $L" \
    "bench --resumes $CV --postings $PD $L"; do
    # shellcheck disable=SC2086
    run "limit-${c%% *}" 1 "$BIN" $c && expect_err "limit-${c%% *}" ":10: more than 10 bytes, the input limit"
done
[ ! -e lim.frm ] && [ ! -e lim.fri ] && ok || bad "limit: an output was written despite the error"

# directories: a FIFO is never opened (it would block), a dangling symlink is skipped with the note
mkdir odd1 odd2 && printf 'Alpha' >odd1/a.txt && mkfifo odd1/f.txt && ln -s /dev/zero odd1/z.txt
printf 'Beta' >odd2/b.txt && ln -s nowhere.txt odd2/d.txt
run dir-fifo 0 timeout 60 "$BIN" tokenize odd1
expect_out dir-fifo '{"id": "odd1/a.txt", "tokens": ["alpha"]}'
expect_err dir-fifo "skipped 2 file(s)"
run dir-dangling 0 "$BIN" tokenize odd2
expect_out dir-dangling '{"id": "odd2/b.txt", "tokens": ["beta"]}'
expect_err dir-dangling "skipped 1 file(s)"

# --- terminal escapes: ids, titles, items and file names never reach a terminal raw (defect 7) ---
# no_ctl FILE NAME — FILE holds no byte a terminal acts on (C0 other than newline, DEL, C1, bad UTF-8)
no_ctl() {
    if python3 -c 'import re, sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(1 if re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", t) else 0)' "$1" 2>/dev/null; then ok
    else bad "$2: raw control bytes or invalid UTF-8: $(od -c "$1" | head -5)"; fi
}
ESC=$(printf '\033]0;x\a\033[2J')
printf '{"id": "\\u001b]0;x\\u0007\\u001b[2J", "title": "Go \\u001b[31mred\\u001b[0m", "text": "Requirements\\n- Go \\u001b[2J and Kubernetes\\n- Python \\u009b1m"}\n' >esc-post.jsonl
printf '{"id": "cv-\\u001b]0;x\\u0007\\u001b[2J\\nfitrank: forged", "text": "Experience\\nEngineer, Acme 2019 - 2022\\n- Go and Kubernetes \\u001b[2J"}\n' >esc-cv.jsonl
run esc-rank 0 "$BIN" rank --postings esc-post.jsonl --resumes esc-cv.jsonl && no_ctl out.txt esc-rank
grep -qF '\x1b]0;x\x07\x1b[2J' out.txt && grep -qF 'cv-\x1b]0;x\x07\x1b[2J\nfitrank: forged' out.txt && ok ||
    bad "esc-rank: escapes not shown: $(head -c 300 out.txt)"
run esc-match 0 "$BIN" match --resume esc-cv.jsonl --postings esc-post.jsonl && no_ctl out.txt esc-match
run esc-rank-json 0 "$BIN" rank --format jsonl --postings esc-post.jsonl --resumes esc-cv.jsonl
grep -qF '"posting": "\u001b]0;x\u0007\u001b[2J"' out.txt && ok || bad "esc-rank-json: JSON escapes changed: $(head -c 300 out.txt)"
run esc-parse-post 0 "$BIN" parse posting --format text esc-post.jsonl && no_ctl out.txt esc-parse-post
run esc-parse-cv 0 "$BIN" parse resume --format text esc-cv.jsonl && no_ctl out.txt esc-parse-cv
cp esc-post.jsonl "p$ESC.txt" && printf 'Experience\nGo and Kubernetes \033[2J\n' >"cv$ESC.txt"
run esc-explain 0 "$BIN" explain --posting "p$ESC.txt" --resume "cv$ESC.txt" && no_ctl out.txt esc-explain
# a newline in a file name must not forge a second error line
NL_NAME=$(printf 'bad\nfitrank: forged.txt')
printf 'fine\nbad \xff here\n' >"$NL_NAME"
run esc-err-newline 1 "$BIN" tokenize "$NL_NAME" && err_lines esc-err-newline 1 && no_ctl err.txt esc-err-newline
expect_err esc-err-newline 'fitrank: bad\nfitrank: forged.txt:9: invalid UTF-8'
run esc-err-missing 1 "$BIN" tokenize "nope$ESC.txt" && err_lines esc-err-missing 1 && no_ctl err.txt esc-err-missing
run esc-usage 2 "$BIN" parse posting --format "$ESC" post.txt && no_ctl err.txt esc-usage
run esc-note 0 "$BIN" parse posting "cv$ESC.txt" && no_ctl err.txt esc-note

# --- exit codes and messages of eval, -k, labels, JSON documents (issue 12, defect 11) ---------
EXP="$ROOT/examples/postings" EXR="$ROOT/examples/resumes" EXL="$ROOT/examples/labels.csv"
# a write that fails (past a 512-byte file-size limit: EFBIG, SIGXFSZ ignored) — not /dev/full, which a
# build that renames over devices would replace when run as root
run eval-out-efbig 3 sh -c "trap '' XFSZ; ulimit -f 1; exec '$BIN' eval --format json --folds 4 --labels '$EXL' --postings '$EXP' --resumes '$EXR' -o efbig.txt" &&
    expect_err eval-out-efbig "efbig.txt: write error: File too large" && err_lines eval-out-efbig 1
[ ! -e efbig.txt ] && ok || bad "eval-out-efbig: a partial output file was left"
run eval-out-nodir 3 "$BIN" eval --labels "$EXL" --postings "$EXP" --resumes "$EXR" -o nodir/x.txt && err_lines eval-out-nodir 1
run eval-pairs-efbig 3 sh -c "trap '' XFSZ; ulimit -f 1; exec '$BIN' eval --labels '$EXL' --postings '$EXP' --resumes '$EXR' --pairs pairs.csv >/dev/null"
for m in full cosine; do
    run k-huge-rank-$m 0 "$BIN" rank --mode $m -k 100000000 --format jsonl --postings "$EXP" --resumes "$EXR" &&
        mv out.txt k-huge.txt && run k-pool-rank-$m 0 "$BIN" rank --mode $m -k 1000 --format jsonl --postings "$EXP" --resumes "$EXR" &&
        cmp -s out.txt k-huge.txt && ok || bad "k-huge-rank-$m: -k 100000000 differs from -k 1000"
    run k-huge-match-$m 0 "$BIN" match --mode $m -k 100000000 --format jsonl --resume "$EXR/accountant.txt" --postings "$EXP" &&
        [ "$(wc -l <out.txt)" -eq "$(ls "$EXP" | wc -l)" ] && ok || bad "k-huge-match-$m: not one row per posting"
done
printf 'resume,posting,label\naccountant\0x,backend-go,5\naccountant,data-scientist,5\n' >nul-labels.csv
run labels-nul 1 "$BIN" eval --labels nul-labels.csv --postings "$EXP" --resumes "$EXR" &&
    expect_err labels-nul "nul-labels.csv:31: binary data (a NUL byte), not text" && err_lines labels-nul 1
printf 'resume,posting,score\naccountant,backend-go\0,0.5\n' >nul-scores.csv
run scores-nul 1 "$BIN" eval --labels "$EXL" --scores nul-scores.csv && expect_err scores-nul "nul-scores.csv:42: binary data"
for ext in json jsonl; do
    printf '{"id": "a", "text": 5}\n' >wt-text.$ext
    run json-text-num-$ext 1 "$BIN" tokenize wt-text.$ext && expect_err json-text-num-$ext '"text" must be a string' &&
        err_lines json-text-num-$ext 1
    printf '{"id": [], "text": "Go and Rust"}\n' >wt-id.$ext
    run json-id-array-$ext 1 "$BIN" tokenize wt-id.$ext && expect_err json-id-array-$ext '"id" must be a string or number'
    printf '{"required": 5}\n' >wt-req.$ext
    run json-req-num-$ext 1 "$BIN" parse posting wt-req.$ext && expect_err json-req-num-$ext '"required" must be a string or a list'
    printf '"Go and Rust developer"\n' >bare.$ext
    run json-bare-string-$ext 1 "$BIN" tokenize bare.$ext && expect_err json-bare-string-$ext "expected a JSON object, not a string"
    printf '{"name": "x", "summary": "Go and Rust"}\n' >shape.$ext
    run json-other-shape-$ext 1 "$BIN" tokenize shape.$ext && expect_err json-other-shape-$ext 'expected an object with a "text" string'
done
expect_err json-other-shape-jsonl "shape.jsonl:0: line 1:"

# --- OpenBLAS's environment, fit's kernel, pdftotext (issue 12, defect 12; issue 18) -------------
# Runs as a user would start them: OpenBLAS and fitrank variables unset, so fitrank sets them
# (until issue 18 by running itself again: these runs under a loader and valgrind broke that).
clean_env() { env -u OPENBLAS_CORETYPE -u OPENBLAS_NUM_THREADS -u OMP_NUM_THREADS -u FR_REEXEC -u FR_NO_REEXEC "$@"; }
EXP="$ROOT/examples/postings" EXR="$ROOT/examples/resumes"
clean_env "$BIN" rank --postings "$EXP" --resumes "$EXR" --format jsonl >direct.txt 2>/dev/null
[ -s direct.txt ] && ok || bad "reexec: no direct output to compare with"
LOADER=/lib64/ld-linux-x86-64.so.2
if [ -x "$LOADER" ]; then
    # /proc/self/exe is the loader: exec'ing it with our arguments failed (exit 127)
    run reexec-loader 0 clean_env "$LOADER" "$BIN" rank --postings "$EXP" --resumes "$EXR" --format jsonl &&
        { cmp -s out.txt direct.txt && ok || bad "reexec-loader: output differs from a direct run"; }
else
    echo "reexec-loader: SKIP ($LOADER absent)"
fi
if command -v valgrind >/dev/null && ! LC_ALL=C grep -q __asan_init "$BIN"; then
    # /proc/self/exe is valgrind's tool: exec'ing it failed (exit 1)
    run reexec-valgrind 0 clean_env valgrind -q "$BIN" rank --postings "$EXP" --resumes "$EXR" --format jsonl &&
        { cmp -s out.txt direct.txt && ok || bad "reexec-valgrind: output differs from a direct run"; }
else
    echo "reexec-valgrind: SKIP (no valgrind, or a sanitizer build)"
fi
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
    # the same fit under other kernels gives the same file (they summed in other orders)
    cores="Haswell Prescott Sandybridge"
    grep -qw avx512f /proc/cpuinfo && cores="$cores SkylakeX"
    for c in $cores; do
        run fit-core-$c 0 clean_env OPENBLAS_CORETYPE=$c "$BIN" fit -o fit-$c.frm "$EXP" "$EXR"
        cmp -s fit-$c.frm fit-Haswell.frm && ok || bad "fit-core-$c: model differs from the one fitted with Haswell's kernels"
    done
    run fit-core-noreexec 0 clean_env FR_NO_REEXEC=1 OPENBLAS_CORETYPE=Prescott "$BIN" fit -o fit-nr.frm "$EXP" "$EXR" &&
        expect_err fit-core-noreexec "computed with OpenBLAS's Prescott kernels, not Haswell's (FR_NO_REEXEC is set)"
else
    echo "fit-core: SKIP (this CPU lacks AVX2 or FMA: fit's model may differ from other machines', and says so)"
fi
mkdir -p plant && cp "$ROOT/tests/fixtures/formats/resume.pdf" plant/ &&
    printf '#!/bin/sh\n: >planted.txt\necho Planted text\n' >plant/pdftotext && chmod +x plant/pdftotext
for p in ":/usr/bin:/bin" ".:/usr/bin:/bin" "/usr/bin::/bin" "$T/plant:/usr/bin:/bin"; do
    (cd plant && PATH="$p" "$BIN" tokenize resume.pdf >out.txt 2>err.txt; echo $? >rc.txt)
    [ ! -e plant/planted.txt ] && ok || bad "pdftotext PATH='$p': ./pdftotext in the working directory was run"
    rm -f plant/planted.txt
    if [ -x /usr/bin/pdftotext ] || [ -x /bin/pdftotext ]; then
        [ "$(cat plant/rc.txt)" = 0 ] && ! grep -q planted plant/out.txt && ok || bad "pdftotext PATH='$p': $(cat plant/err.txt)"
    else
        grep -q "pdftotext not found in PATH" plant/err.txt && ok || bad "pdftotext PATH='$p': $(cat plant/err.txt)"
    fi
done

# --- rank --mode cosine --fit: fit_transform in one read ------------------------------------
# the rows of `fit --dim 0` (same options) + `rank --mode cosine --model`, to the byte (the model's
# hash included), in every format and for any --threads; then the refusals and the errors
for opts in "" "--stop-words en,de --tf log --min-df 2" "--ngram-max 2 --norm none --idf plain --max-features 300"; do
    # shellcheck disable=SC2086
    "$BIN" fit -o cf.frm --dim 0 $opts "$EXP" "$EXR" 2>/dev/null
    for fmt in jsonl table csv json; do
        # shellcheck disable=SC2086
        "$BIN" rank --mode cosine --model cf.frm --postings "$EXP" --resumes "$EXR" -k 3 --format $fmt >cf-model.txt 2>/dev/null
        for th in 1 2 5; do
            # shellcheck disable=SC2086
            run "cosfit-$fmt-$th" 0 "$BIN" rank --mode cosine --fit $opts --postings "$EXP" --resumes "$EXR" -k 3 \
                --format $fmt --threads $th && { cmp -s out.txt cf-model.txt && ok || bad "cosfit [$opts] $fmt --threads $th: differs from fit + rank --model"; }
        done
    done
done
SH="${FR_SHARED:-$ROOT/../shared}"
if [ -d "$SH/data" ] && /usr/bin/python3 "$ROOT/bench/make_cosine_bench.py" --shared "$SH" --out cfb --postings 420 \
    --resumes 300 --resume-bytes 3000 >/dev/null; then
    "$BIN" fit -o cfs.frm --dim 0 --stop-words en cfb/postings.jsonl cfb/resumes.jsonl 2>/dev/null
    "$BIN" rank --mode cosine --model cfs.frm --postings cfb/postings.jsonl --resumes cfb/resumes.jsonl --format jsonl >cfs-model.jsonl
    run cosfit-shared 0 "$BIN" rank --mode cosine --fit --stop-words en --postings cfb/postings.jsonl \
        --resumes cfb/resumes.jsonl --format jsonl && { cmp -s out.txt cfs-model.jsonl && ok || bad "cosfit-shared: differs from fit + rank --model"; }
else
    echo "cosfit-shared: SKIP (../shared/data absent)"
fi
run cosfit-no-cosine 2 "$BIN" rank --fit --postings "$EXP" --resumes "$EXR" && expect_err cosfit-no-cosine "--fit needs --mode cosine"
run cosfit-model 2 "$BIN" rank --mode cosine --fit --model cf.frm --postings "$EXP" --resumes "$EXR" &&
    expect_err cosfit-model "--fit and --model exclude each other"
run cosfit-opt-alone 2 "$BIN" rank --mode cosine --min-df 2 --postings "$EXP" --resumes "$EXR" &&
    expect_err cosfit-opt-alone "--min-df is an option of --fit"
run cosfit-tok-alone 2 "$BIN" rank --stop-words en --postings "$EXP" --resumes "$EXR" &&
    expect_err cosfit-tok-alone "--stop-words is an option of --fit"
run cosfit-match 2 "$BIN" match --mode cosine --fit --resume "$EXR/accountant.txt" --postings "$EXP" &&
    expect_err cosfit-match "--fit is an option of \`fitrank rank --mode cosine\`"
run cosfit-bad-tf 2 "$BIN" rank --mode cosine --fit --tf sqrt --postings "$EXP" --resumes "$EXR" &&
    expect_err cosfit-bad-tf "--tf takes 'raw' or 'log' (got 'sqrt')"
"$BIN" index build --postings -o cf-p.fri "$EXP" 2>/dev/null
run cosfit-index 2 "$BIN" rank --mode cosine --fit --postings cf-p.fri --resumes "$EXR" && expect_err cosfit-index "cf-p.fri is an index"
run cosfit-no-terms 1 "$BIN" rank --mode cosine --fit --min-df 0 --max-df 0 --postings "$EXP" --resumes "$EXR" -o cf-none.txt &&
    expect_err cosfit-no-terms "no terms remain" && err_lines cosfit-no-terms 1
[ ! -e cf-none.txt ] && ok || bad "cosfit-no-terms: an output file was written"
{ printf '{"id": "r1", "text": "Go and Rust developer"}\n{"id": "r2", "text": "Python\n'; printf '{"id": "r3", "text": "C++ developer"}\n'; } >cf-bad.jsonl
run cosfit-bad-json 1 "$BIN" rank --mode cosine --fit --postings "$EXP" --resumes cf-bad.jsonl -o cf-out.txt &&
    expect_err cosfit-bad-json "fitrank: cf-bad.jsonl:" && expect_err cosfit-bad-json "line 2: invalid JSON" && err_lines cosfit-bad-json 1
[ ! -e cf-out.txt ] && ok || bad "cosfit-bad-json: a partial output file was left"
run cosfit-skip-bad 1 "$BIN" rank --mode cosine --fit --skip-bad --postings "$EXP" --resumes cf-bad.jsonl --format csv -o cf-out.txt &&
    expect_err cosfit-skip-bad "1 bad document left out"
[ "$(grep -c ',r[13],' cf-out.txt)" -eq $((2 * $(ls "$EXP" | wc -l))) ] && ! grep -q ',r2,' cf-out.txt && ok ||
    bad "cosfit-skip-bad: want r1 and r3 for each posting, never r2"
run cosfit-out-nodir 3 "$BIN" rank --mode cosine --fit --postings "$EXP" --resumes "$EXR" -o nodir/x.txt && err_lines cosfit-out-nodir 1
# JSONL read in pieces of 1 MiB (the counting starts after the first): a file bad further on fails with
# the very message and exit status of whole reading (fit reads whole), and no output file; a pipe
# gives what the file gives
awk 'BEGIN { for (i = 0; i < 40000; i++)
    printf "{\"id\": \"r%d\", \"text\": \"word%d python developer\"}\n", i, i % 97 }' >cf-big.jsonl
{ head -n 3 cf-big.jsonl; printf '{"id": "x", "text": "broken}\n'; tail -n +4 cf-big.jsonl
  printf '{"text": "\377"}\n'; } >cf-late-utf8.jsonl
{ head -n 9 cf-big.jsonl; printf '{"id": 5 5}\n'; tail -n +10 cf-big.jsonl; printf '{"text": "a"}\n\000\n'; } \
    >cf-late-nul.jsonl
{ cat cf-big.jsonl; printf '{"id": "last", "text": "no end"\n'; } >cf-late-json.jsonl
{ printf '\357\273\277'; tr -d '\r' <cf-big.jsonl | sed 's/$/\r/'; } >cf-bom-crlf.jsonl
rm -f cf-out.txt
for f in cf-late-utf8 cf-late-nul cf-late-json; do
    "$BIN" fit -o cf-whole.frm --dim 0 "$f.jsonl" >/dev/null 2>cf-whole-err.txt
    want=$?
    run "cosfit-pieces-$f" "$want" "$BIN" rank --mode cosine --fit --postings "$EXP" --resumes "$f.jsonl" \
        -o cf-out.txt && { cmp -s err.txt cf-whole-err.txt && ok ||
        bad "cosfit-pieces-$f: '$(cat err.txt)', whole reading: '$(cat cf-whole-err.txt)'"; }
    [ ! -e cf-out.txt ] && ok || bad "cosfit-pieces-$f: an output file was left"
done
"$BIN" fit -o cfb.frm --dim 0 "$EXP" cf-big.jsonl 2>/dev/null
"$BIN" rank --mode cosine --model cfb.frm --postings "$EXP" --resumes cf-big.jsonl --format jsonl \
    >cfb-model.jsonl 2>/dev/null
for th in 1 2; do
    run "cosfit-big-$th" 0 "$BIN" rank --mode cosine --fit --postings "$EXP" --resumes cf-big.jsonl \
        --format jsonl --threads $th &&
        { cmp -s out.txt cfb-model.jsonl && ok || bad "cosfit-big --threads $th: differs from fit + rank --model"; }
done
run cosfit-bom-crlf 0 "$BIN" rank --mode cosine --fit --postings "$EXP" --resumes cf-bom-crlf.jsonl --format jsonl &&
    { cmp -s out.txt cfb-model.jsonl && ok || bad "cosfit-bom-crlf: differs from the plain file"; }
run cosfit-stdin 0 sh -c '"$1" rank --mode cosine --fit --postings "$2" --resumes - --input-format jsonl \
    --format jsonl <cf-big.jsonl' sh "$BIN" "$EXP" &&
    { cmp -s out.txt cfb-model.jsonl && ok || bad "cosfit-stdin: differs from the file"; }

# --- bundled examples run end to end --------------------------------------------------------
if [ -d "$ROOT/examples" ]; then
    run ex-fit 0 "$BIN" fit -o ex.frm --stop-words en,de "$ROOT/examples/postings" "$ROOT/examples/resumes"
    run ex-vec 0 "$BIN" vectorize --model ex.frm "$ROOT/examples/resumes"
    [ "$(wc -l <out.txt)" -ge 6 ] && ok || bad "ex-vec: fewer than 6 résumés vectorized"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
