#!/bin/bash
# `make install` / `make uninstall` into a temporary DESTDIR, the installed binary run, the man page
# rendered and kept in step with every command's --help, the bash completion exercised.
# Usage: tests/check_install.sh [path/to/fitrank]   (run from the source tree; `make test` does)
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$(dirname "${1:-./fitrank}")" && pwd)/$(basename "${1:-./fitrank}")
T=$(mktemp -d "${TMPDIR:-/tmp}/fitrank-install-XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

DEST="$T/dest"
PREFIX=/usr/local
if make -s -C "$ROOT" --no-print-directory install PREFIX=$PREFIX DESTDIR="$DEST" INSTALL_BIN="$BIN" >"$T/install.log" 2>&1; then
    ok
else
    bad "make install: $(tail -5 "$T/install.log")"
fi
IB="$DEST$PREFIX/bin/fitrank"
MAN="$DEST$PREFIX/share/man/man1/fitrank.1"
COMP="$DEST$PREFIX/share/bash-completion/completions/fitrank"
for f in "$IB" "$MAN" "$COMP"; do
    [ -f "$f" ] && ok || bad "not installed: $f"
done
[ -x "$IB" ] && ok || bad "installed binary is not executable"

# the installed binary works on its own (the reference model is embedded) and gives the same output
"$IB" --version | grep -q "^fitrank " && ok || bad "installed fitrank --version"
"$IB" rank --postings "$ROOT/examples/postings" --resumes "$ROOT/examples/resumes" -k 3 --format jsonl >"$T/a.jsonl" 2>/dev/null
"$BIN" rank --postings "$ROOT/examples/postings" --resumes "$ROOT/examples/resumes" -k 3 --format jsonl >"$T/b.jsonl" 2>/dev/null
[ -s "$T/a.jsonl" ] && cmp -s "$T/a.jsonl" "$T/b.jsonl" && ok || bad "installed binary ranks differently"

# the man page renders (man -l; groff without warnings)
if command -v man >/dev/null; then
    MANWIDTH=100 man -l "$MAN" >"$T/man.txt" 2>"$T/man.err"
    grep -q "offline, explainable" "$T/man.txt" && grep -q "EXIT STATUS" "$T/man.txt" && ok ||
        bad "man -l does not render the page: $(head -c 300 "$T/man.err")"
else
    bad "man is not installed (make deps installs man-db)"
fi
if command -v groff >/dev/null; then
    w=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
    [ -z "$w" ] && ok || bad "groff warns: $w"
fi

# every option a command's --help names is in that command's part of the page (or the input options)
norm() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(..//g' "$MAN"; }
section() { # the .SS part of one command, and the INPUT OPTIONS section
    norm | awk -v want="$1" '
        /^\.SS / { name = $0; sub(/^\.SS "?/, "", name); sub(/"$/, "", name); on = (name == want) }
        /^\.SH / { on = ($0 ~ /INPUT OPTIONS/) }
        on { print }'
}
for c in tokenize fit vectorize "model info" parse rank match explain "index build" bench eval; do
    "$BIN" $c --help >"$T/help.txt" 2>&1 || bad "$c --help fails"
    section "$c" >"$T/sec.txt"
    [ -s "$T/sec.txt" ] || bad "the man page has no section for '$c'"
    for o in $(grep -oE -- '(^|[][ (|,])--?[a-zA-Z][a-zA-Z0-9-]*' "$T/help.txt" | sed 's/^[][ (|,]//' | sort -u); do
        case $o in --help | -h) continue ;; esac
        if grep -qE -- "(^|[^a-zA-Z0-9-])$o([^a-zA-Z0-9-]|$)" "$T/sec.txt"; then ok; else bad "man page, $c: $o is missing"; fi
    done
done
# every command of the general help has a section
for c in $("$BIN" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'); do
    norm | grep -qE "^\.SS \"?$c" && ok || bad "the man page has no section for command '$c'"
done

# bash completion: commands, options from --help, fixed values
out=$(bash -c "source '$COMP'; COMP_WORDS=('$IB' ra); COMP_CWORD=1; _fitrank; echo \"\${COMPREPLY[*]}\"")
[ "$out" = rank ] && ok || bad "completion of 'ra': '$out'"
out=$(bash -c "source '$COMP'; COMP_WORDS=('$IB' match --res); COMP_CWORD=2; _fitrank; echo \"\${COMPREPLY[*]}\"")
[ "$out" = --resume ] && ok || bad "completion of 'match --res': '$out'"
out=$(bash -c "source '$COMP'; COMP_WORDS=('$IB' rank --gate ''); COMP_CWORD=3; _fitrank; echo \"\${COMPREPLY[*]}\"")
[ "$out" = "rank filter off" ] && ok || bad "completion of '--gate': '$out'"

# uninstall removes every installed file
make -s -C "$ROOT" --no-print-directory uninstall PREFIX=$PREFIX DESTDIR="$DEST" >/dev/null 2>&1 && ok || bad "make uninstall"
left=$(find "$DEST" -type f | head -5)
[ -z "$left" ] && ok || bad "make uninstall left: $left"

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
