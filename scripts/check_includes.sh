#!/bin/sh
# Enforce the module include rules (STYLE.md §2): arrows point one way, cli → engine → models →
# tokenizer → util, and the CLI sees the library only through include/fr.h.
set -eu
cd "$(dirname "$0")/.."
status=0
check() { # DIR ALLOWED-REGEX
    for f in "$1"/*.c "$1"/*.h; do
        [ -e "$f" ] || continue
        grep -o '^#include "[^"]*"' "$f" | sed 's/#include "//; s/"$//' | while read -r inc; do
            if ! echo "$inc" | grep -Eq "$2"; then
                echo "include rule: $f includes \"$inc\"" >&2
                echo x
            fi
        done
    done
}
bad=$( {
    check util '^util/'
    check tokenizer '^(util|tokenizer)/'
    check models '^(util|tokenizer|models)/'
    check engine '^(util|tokenizer|models|engine)/'
    check cli '^(fr\.h|util/|cli/)'
} | wc -l)
if [ "$bad" -ne 0 ]; then
    status=1
else
    echo "include rules: ok"
fi
exit $status
