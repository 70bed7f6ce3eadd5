#!/bin/sh
# Turn a data file into a C array (the build's way to ship data inside the binary without xxd):
#   scripts/embed.sh SYMBOL FILE > out.c
set -eu
sym=$1
file=$2
echo "/* generated from $file by scripts/embed.sh — do not edit */"
echo "#include <stddef.h>"
echo "const unsigned char $sym[] = {"
od -An -v -tu1 "$file" | awk '{ line = ""; for (i = 1; i <= NF; i++) line = line $i ","; print line }'
echo "0};"
echo "const size_t ${sym}_len = sizeof $sym - 1;"
