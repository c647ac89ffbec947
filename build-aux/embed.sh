#!/bin/sh
# embed.sh NAME FILE - print a C file defining NAME, FILE's bytes with a
# final NUL, and NAME_len.  Used to build the SQL schema and the XSD into
# libcircfin so that no data file has to be found at run time.
set -e
name=$1
file=$2
printf '/* Generated from %s by build-aux/embed.sh: do not edit. */\n' \
    "$(basename "$file")"
printf '#include <stddef.h>\nextern const char %s[];\nextern const size_t %s_len;\n' "$name" "$name"
printf 'const char %s[] = {\n' "$name"
od -An -v -tx1 "$file" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'
printf '0x00 };\nconst size_t %s_len = sizeof(%s) - 1;\n' "$name" "$name"
