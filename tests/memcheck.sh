#!/bin/sh
# memcheck.sh - run circfin (CIRCFIN_REAL, a libtool wrapper in a build
# tree, hence libtool --mode=execute: MEMCHECK_LIBTOOL) under valgrind
# memcheck, for `make memcheck`.  An error, or a definitely or indirectly
# lost block, makes it exit 120 (so the check that ran it fails) and leaves
# the report in MEMCHECK_LOGS, a file a process; nothing found leaves an
# empty file.
: "${CIRCFIN_REAL:?}" "${MEMCHECK_LOGS:?}" "${MEMCHECK_LIBTOOL:?}"
exec "$MEMCHECK_LIBTOOL" --mode=execute valgrind --quiet \
    --error-exitcode=120 --leak-check=full \
    --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect \
    --log-file="$MEMCHECK_LOGS/circfin.%p.log" "$CIRCFIN_REAL" "$@"
