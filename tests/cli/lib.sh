# lib.sh - TAP helpers for the CLI test scripts (sourced, not run).
#
# The environment (Makefile.am) gives CIRCFIN (the binary), TOP_SRCDIR,
# TESTDATA and SQLITE3 (empty when the sqlite3 shell is missing).
set -u
: "${CIRCFIN:?CIRCFIN must name the circfin binary}"
: "${TOP_SRCDIR:?}"
: "${TESTDATA:?}"
SQLITE3=${SQLITE3:-}

n=0
WORK=$(mktemp -d "${TMPDIR:-/tmp}/circfin-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }
diag() { sed 's/^/# /'; }
done_testing() { echo "1..$n"; }

# cf ARGS...: run circfin; stdout in $WORK/out, stderr in $WORK/err, exit
# status in $rc.
cf() {
	rc=0
	"$CIRCFIN" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
}

# check DESCRIPTION COMMAND...: one TAP result from a command's status; on
# failure show what circfin printed.
check() {
	desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
		{ echo "exit status: $rc"; echo "stdout:"; cat "$WORK/out";
		  echo "stderr:"; cat "$WORK/err"; } 2>/dev/null | diag
	fi
}

status_is() { [ "$rc" -eq "$1" ]; }
out_has() { grep -qF -- "$1" "$WORK/out"; }
err_has() { grep -qF -- "$1" "$WORK/err"; }
err_lines() { [ "$(wc -l < "$WORK/err")" -eq "$1" ]; }
out_lines() { [ "$(wc -l < "$WORK/out")" -eq "$1" ]; }

# sql DB QUERY: one query's output through the sqlite3 shell.
sql() { "$SQLITE3" -batch -noheader "$1" "$2"; }
have_sqlite3() { [ -n "$SQLITE3" ] && [ -x "$SQLITE3" ]; }

# dump DB: every row of every table but the import log, in a stable order,
# to compare a store before and after a failed import.
dump() {
	for t in $(sql "$1" "SELECT name FROM sqlite_schema WHERE type = 'table'
	    AND name NOT IN ('import_log', 'import_batch') ORDER BY name"); do
		echo "== $t"
		sql "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2"
	done
}

# file_records DB: what each file imported into DB holds, a line a file:
# its path, its dataset's rows (import_log.rows) and its counts of flows,
# sources, disclosures, holdings and figures.
file_records() {
	sql "$1" "SELECT l.path, l.rows,
	    (SELECT count(*) FROM flow WHERE import_id = l.id),
	    (SELECT count(*) FROM source WHERE import_id = l.id),
	    (SELECT count(*) FROM disclosure WHERE import_id = l.id),
	    (SELECT count(*) FROM holding WHERE import_id = l.id),
	    (SELECT count(*) FROM profile_figure WHERE import_id = l.id)
	    FROM import_log l WHERE l.status = 'ok' ORDER BY l.path"
}
