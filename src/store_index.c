/*
 * store_index.c - the index a large import batch drops while it writes and
 * builds again at its end.
 *
 * A 13F table's thousand rows go to a thousand issuers, so each flow row
 * lands somewhere else in flow_to (to_id): every group commit writes most
 * of that index's pages to the WAL again, each file's savepoint journals
 * them, and the cost grows with the index.  The other indexes of an
 * import are written in order (flow ids and managers by file, import ids
 * rising).  On bench/import's scale-1 corpus (896,459 flows into an empty
 * store), in three interleaved runs, dropping flow_to at 250,000 flows
 * took the writer's CPU from 24.8-26.6 s to 16.8-18.7 s and the import
 * from 27.0-30.9 s to 18.9-21.1 s; building the index at the end takes
 * about 1 s of that.  store.c's DEFER_FLOWS says when.
 *
 * The definition stays in schema.sql, the one place a reader looks for
 * it; building takes the statement from there.  A batch killed between
 * drop and build leaves a store without the index: every query still
 * answers, slower, and the next batch builds it first
 * (cf_store_batch_begin).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store.h"

extern const char cf_schema_sql[];

static const char *const deferred[] = {"flow_to"};
#define NDEFERRED (sizeof(deferred) / sizeof(deferred[0]))

/* schema.sql's "CREATE INDEX name ON ...;" into buf, without the ';'. */
static int
definition(const char *name, char *buf, size_t size)
{
	char head[64];
	const char *at, *end;

	snprintf(head, sizeof(head), "\nCREATE INDEX %s ON ", name);
	if ((at = strstr(cf_schema_sql, head)) == NULL ||
	    (end = strchr(++at, ';')) == NULL || (size_t)(end - at) >= size)
		return cf_error_set(CF_ESTORE, "store: schema.sql does not"
		    " define index %s", name);
	memcpy(buf, at, (size_t)(end - at));
	buf[end - at] = '\0';
	return CF_OK;
}

static int
index_exists(cf_store *st, const char *name, int *out)
{
	sqlite3_stmt *q = NULL;
	int r;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE"
	    " type = 'index' AND name = ?1", -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "index");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	r = sqlite3_step(q);
	sqlite3_finalize(q);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return cf_store_fail(st, "index");
	*out = r == SQLITE_ROW;
	return CF_OK;
}

/* The statements run outside BEGIN, each a transaction of its own:
 * inside one, SQLite 3.40 gave DROP INDEX a statement journal, whose
 * spill failed (see configure_sqlite in store.c). */
int
cf_store_index_defer(cf_store *st)
{
	char sql[128];
	size_t i;
	int rc;

	for (i = 0; i < NDEFERRED; i++) {
		snprintf(sql, sizeof(sql), "DROP INDEX IF EXISTS %s",
		    deferred[i]);
		if ((rc = cf_store_exec(st, sql)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

/*
 * Build with a 4 MiB page cache, then give the store its cache back:
 * SQLite's sorter takes as much memory as the cache allows, and on
 * bench/import's scale-1 store building flow_to peaked at 70 MB of RSS
 * with the store's 32 MiB (the import at 96 MB, against the goal of 100)
 * and at 12 MB with 4 MiB, in 1.0 s instead of 1.45 s.  The sorter also
 * gets one helper thread (PRAGMA threads), as the batch's reading thread
 * is done by then: in the sqlite3 shell on that store the build took
 * 1.25-1.27 s instead of 1.40-1.80 s, at 17 MB instead of 12.
 */
static int
build(cf_store *st, const char *name)
{
	char sql[256], restore[64];
	long cache, threads;
	int rc;

	if ((rc = definition(name, sql, sizeof(sql))) != CF_OK ||
	    (rc = cf_store_query_int(st, "PRAGMA cache_size", &cache)) !=
	    CF_OK ||
	    (rc = cf_store_query_int(st, "PRAGMA threads", &threads)) !=
	    CF_OK)
		return rc;
	if ((rc = cf_store_exec(st, "PRAGMA cache_size = -4096")) == CF_OK &&
	    (rc = cf_store_exec(st, "PRAGMA threads = 1")) == CF_OK)
		rc = cf_store_exec(st, sql);
	snprintf(restore, sizeof(restore), "PRAGMA cache_size = %ld", cache);
	if (cf_store_exec(st, restore) != CF_OK && rc == CF_OK)
		rc = CF_ESTORE;
	snprintf(restore, sizeof(restore), "PRAGMA threads = %ld", threads);
	if (cf_store_exec(st, restore) != CF_OK && rc == CF_OK)
		rc = CF_ESTORE;
	return rc;
}

int
cf_store_index_restore(cf_store *st)
{
	size_t i;
	int rc, present = 0;

	for (i = 0; i < NDEFERRED; i++) {
		if ((rc = index_exists(st, deferred[i], &present)) != CF_OK)
			return rc;
		if (!present && (rc = build(st, deferred[i])) != CF_OK)
			return rc;
	}
	return CF_OK;
}
