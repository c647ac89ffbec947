/*
 * store.c - the SQLite store: opening and creating it, writing one
 * imported file in one transaction, the import log, and listings.
 *
 * Every write is BEGIN IMMEDIATE ... COMMIT with ROLLBACK on failure and
 * bound parameters only.  References between records (flow -> entity,
 * flow -> source, entity -> parent) are declared DEFERRABLE so that one
 * file may define things in any order; before COMMIT the writer looks for
 * dangling references itself so the error can name file and line.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "circfin.h"
#include "model.h"
#include "rowfeed.h"
#include "store.h"
#include "strjoin.h"
#include "table.h"

#define SCHEMA_VERSION 6
/* WAL pages between checkpoints (cf_store_open says why) */
#define CHECKPOINT_PAGES 10000

/*
 * A group writes this many flows, and at least as many as the store had,
 * before it drops flow_to (maybe_defer): building the index again sorts
 * every flow, which pays only when the group's own are many.  On
 * bench/import's scale-0.25 corpus (229,000 flows into an empty store), in
 * three interleaved runs, a floor of 50,000 instead of 250,000 (which it
 * never reached) took the writer's CPU from 4.5-4.8 s to 3.6-4.0 s; at
 * scale 1 see store_index.c.
 */
#define DEFER_FLOWS 50000
#define JOURNAL_IN_MEMORY_MAX ((size_t)1 << 20)	/* set_journal */
#define BULK_ROWS 100		/* set_bulk */

/* The flow table's columns as a file's flows feed them (flow_column). */
#define FLOW_COLUMNS \
	"id, from_id, to_id, type, status, currency, amount_minor," \
	" low_minor, high_minor, estimate, quantity, quantity_low," \
	" quantity_high, quantity_unit, announced, start_date, end_date," \
	" superseded_by, condition, confidence, note, import_id, line," \
	" prior_status, cites_import"

extern const char cf_schema_sql[];

int
cf_store_schema_version(void)
{
	return SCHEMA_VERSION;
}

int
cf_store_fail(cf_store *st, const char *what)
{
	unsigned long long wait = cf_limit_get(CF_LIMIT_LOCK_WAIT);

	if ((sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_BUSY)
		return cf_error_set(CF_ESTORE, "store: %s: another process"
		    " has been writing the store for more than %llu seconds"
		    " (over the limit lock-wait=%llu)", what, wait, wait);
	return cf_error_set(CF_ESTORE, "store: %s: %s", what,
	    sqlite3_errmsg(st->db));
}

/* cf_money(amount_minor, currency): exact decimal text of major units. */
static void
sql_money(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[48];
	int e;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL ||
	    sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (cf_currency_exponent(&e,
	    (const char *)sqlite3_value_text(argv[1])) != CF_OK)
		e = 0;
	if (cf_money_format(buf, sizeof(buf), sqlite3_value_int64(argv[0]),
	    e) < 0) {
		sqlite3_result_error(ctx, "cf_money: does not fit", -1);
		return;
	}
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

int
cf_store_exec(cf_store *st, const char *sql)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cf_store_fail(st, sql);
	return CF_OK;
}

static int
fill_vocab(cf_store *st, const char *table, const struct cf_vocab *v)
{
	char sql[128];
	sqlite3_stmt *ins = NULL;
	int i, rc = CF_OK;

	snprintf(sql, sizeof(sql), "INSERT INTO %s(name, description)"
	    " VALUES (?1, ?2)", table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &ins, NULL) != SQLITE_OK)
		return cf_store_fail(st, table);
	for (i = 0; v[i].name != NULL; i++) {
		sqlite3_bind_text(ins, 1, v[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, v[i].description, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = cf_store_fail(st, table);
			break;
		}
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return rc;
}

static int
create_schema(cf_store *st)
{
	sqlite3_stmt *ins = NULL;
	const char *code;
	char sql[64];
	size_t i;
	int e, rc;

	if ((rc = cf_store_exec(st, "BEGIN IMMEDIATE")) != CF_OK)
		return rc;
	if (sqlite3_exec(st->db, cf_schema_sql, NULL, NULL, NULL) !=
	    SQLITE_OK) {
		rc = cf_store_fail(st, "creating schema");
		goto out;
	}
	if ((rc = fill_vocab(st, "entity_kind_name", cf_entity_kinds)) ||
	    (rc = fill_vocab(st, "flow_type", cf_flow_types)) ||
	    (rc = fill_vocab(st, "flow_status", cf_flow_statuses)) ||
	    (rc = fill_vocab(st, "confidence", cf_confidences)) ||
	    (rc = fill_vocab(st, "quantity_unit", cf_units)) ||
	    (rc = fill_vocab(st, "identifier_scheme", cf_id_schemes)) ||
	    (rc = fill_vocab(st, "disclosure_kind", cf_disclosure_kinds)) ||
	    (rc = fill_vocab(st, "profile_item", cf_profile_items)))
		goto out;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO currency(code, scale)"
	    " VALUES (?1, ?2)", -1, &ins, NULL) != SQLITE_OK) {
		rc = cf_store_fail(st, "currency");
		goto out;
	}
	for (i = 0; cf_currency_at(i, &code, &e); i++) {
		sqlite3_int64 scale = 1;
		while (e-- > 0)
			scale *= 10;
		sqlite3_bind_text(ins, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, scale);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			rc = cf_store_fail(st, "currency");
			goto out;
		}
		sqlite3_reset(ins);
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", SCHEMA_VERSION);
	rc = cf_store_exec(st, sql);
out:
	sqlite3_finalize(ins);
	if (rc == CF_OK)
		return cf_store_exec(st, "COMMIT");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
cf_store_query_int(cf_store *st, const char *sql, long *out)
{
	sqlite3_stmt *q = NULL;
	int rc = CF_OK;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, sql);
	if (sqlite3_step(q) == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(q, 0);
	else
		rc = cf_store_fail(st, sql);
	sqlite3_finalize(q);
	return rc;
}

/*
 * No memory statistics: their global mutex was taken by every SQLite
 * allocation, and circfin does not read them.  The setting is
 * process-wide and only takes before SQLite initializes; when the program
 * has used SQLite first, the default stays.
 *
 * Each imported file writes under a savepoint, whose journal keeps the
 * original of every page the file changes that existed before it.  Up to
 * commit 946f72e that journal was let grow to 8 MiB in
 * memory before it spilled to a temporary file
 * (SQLITE_CONFIG_STMTJRNL_SPILL).  But SQLite 3.40 (Debian 12) fails the
 * spill with "database or disk is full" when the limit is 256 KiB or more
 * (128 KiB worked), so a file with more than 8 MiB of journal failed, and
 * with it the group (test_file_rewriting_its_groups_pages_imports): a 13F
 * table of 4,000 rows did, into bench/import's scale-1 store.  A group now
 * keeps a small file's journal in memory, with no spill at all
 * (set_journal).
 */
static void
configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
cf_store_open(cf_store **out, const char *path, int flags)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	cf_store *st;
	long version = 0, tables = 0;
	/* NOMUTEX: a store is used by one thread at a time (circfin.h).
	 * With no memory statistics (configure_sqlite) this saved 1.7 G of
	 * the import writer's 24.3 G instructions on bench/import's quarter
	 * corpus (commit 02131da). */
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, rc, r;

	pthread_once(&once, configure_sqlite);
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return cf_error_set(CF_ENOMEM, "store");
	if (flags & CF_STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		rc = cf_error_set(CF_ESTORE, "%s: cannot open store: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	st->defer_flows = DEFER_FLOWS;
	st->journal_max = JOURNAL_IN_MEMORY_MAX;
	st->bulk_rows = BULK_ROWS;
	sqlite3_extended_result_codes(st->db, 1);
	/* another process's write transaction: wait for it to end */
	sqlite3_busy_timeout(st->db, (int)cf_limit_get(CF_LIMIT_LOCK_WAIT) *
	    1000);
	if ((rc = cf_store_exec(st, "PRAGMA foreign_keys = ON")) != CF_OK)
		goto fail;
	if ((rc = cf_store_query_int(st, "PRAGMA user_version", &version)) != CF_OK ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM sqlite_schema",
	    &tables)) != CF_OK) {
		rc = cf_error_set(CF_ESTORE, "%s: not an SQLite database or"
		    " cannot be read (%s)", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	if (version > SCHEMA_VERSION) {
		rc = cf_error_set(CF_ESTORE, "%s: store schema version %ld is"
		    " newer than this circfin (%d)", path, version,
		    SCHEMA_VERSION);
		goto fail;
	}
	if (version > 0 && version < SCHEMA_VERSION) {
		rc = cf_error_set(CF_ESTORE, "%s: store schema version %ld is"
		    " older than this circfin (%d); build a new store with"
		    " 'circfin run' or 'circfin import'", path, version,
		    SCHEMA_VERSION);
		goto fail;
	}
	if (version == 0 && tables > 0) {
		rc = cf_error_set(CF_ESTORE, "%s: an SQLite database, but not"
		    " a circfin store", path);
		goto fail;
	}
	/* A 32 MiB page cache: a group of imported files is one
	 * transaction, and the default 2 MiB spills to disk halfway through
	 * it. */
	if ((rc = cf_store_exec(st, "PRAGMA cache_size = -32768")) != CF_OK)
		goto fail;
	/* WAL with synchronous NORMAL: a commit does not wait for the disk;
	 * a power cut may lose the last commits, never consistency.  Each
	 * checkpoint syncs the database file, and copies a page the writes
	 * keep changing once: every 10,000 pages (40 MB of WAL) rather than
	 * SQLite's 1,000 took import wall time on bench/import's quarter
	 * corpus from 6.0 to 5.5 s.  In a batch a thread runs them
	 * (checkpoints_start). */
	if (strcmp(path, ":memory:") != 0 &&
	    ((rc = cf_store_exec(st, "PRAGMA journal_mode = WAL")) != CF_OK ||
	    (rc = cf_store_exec(st, "PRAGMA synchronous = NORMAL")) != CF_OK ||
	    sqlite3_wal_autocheckpoint(st->db, CHECKPOINT_PAGES) != SQLITE_OK))
		goto fail;
	if (version == 0) {
		if (!(flags & CF_STORE_CREATE)) {
			rc = cf_error_set(CF_ESTORE, "%s: empty database, not a"
			    " circfin store", path);
			goto fail;
		}
		if ((rc = create_schema(st)) != CF_OK)
			goto fail;
	}
	sqlite3_create_function(st->db, "cf_money", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_money, NULL, NULL);
	if ((r = cf_rowfeed_register(st->db, "cf_flow_rows", "CREATE TABLE x("
	    FLOW_COLUMNS ")", &st->flow_rows)) != SQLITE_OK) {
		rc = cf_error_set(r == SQLITE_NOMEM ? CF_ENOMEM : CF_ESTORE,
		    "%s: cannot register cf_flow_rows: %s", path,
		    sqlite3_errstr(r));
		goto fail;
	}
	*out = st;
	return CF_OK;
fail:
	cf_store_close(st);
	return rc;
}

int
cf_store_open_peer(cf_store *st, cf_store **out)
{
	const char *path = sqlite3_db_filename(st->db, "main");

	*out = NULL;
	if (path == NULL || path[0] == '\0')
		return CF_OK;
	return cf_store_open(out, path, 0);
}

static void checkpoints_stop(cf_store *st);

void
cf_store_close(cf_store *st)
{
	size_t i;

	if (st == NULL)
		return;
	checkpoints_stop(st);
	for (i = 0; i < CF_STORE_STMTS; i++)
		sqlite3_finalize(st->stmt[i].q);
	cf_resolve_cache_free(st);
	sqlite3_close(st->db);
	free(st);
}

sqlite3_stmt *
cf_store_stmt(cf_store *st, const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) & (CF_STORE_STMTS - 1), n;

	for (n = 0; n < CF_STORE_STMTS; n++, i = (i + 1) & (CF_STORE_STMTS - 1)) {
		if (st->stmt[i].sql == sql) {
			sqlite3_reset(st->stmt[i].q);
			sqlite3_clear_bindings(st->stmt[i].q);
			return st->stmt[i].q;
		}
		if (st->stmt[i].sql == NULL)
			break;
	}
	if (n == CF_STORE_STMTS) {
		cf_error_set(CF_ESTORE, "store: more than %d kept statements",
		    CF_STORE_STMTS);
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st->stmt[i].q, NULL) != SQLITE_OK) {
		cf_store_fail(st, "prepare");
		sqlite3_finalize(st->stmt[i].q);
		st->stmt[i].q = NULL;
		return NULL;
	}
	st->stmt[i].sql = sql;
	return st->stmt[i].q;
}

/* Reset every kept statement, so that none holds the database open. */
static void
reset_kept(cf_store *st)
{
	size_t i;

	for (i = 0; i < CF_STORE_STMTS; i++)
		if (st->stmt[i].q != NULL)
			sqlite3_reset(st->stmt[i].q);
}

int
cf_store_counts_get(cf_store *st, cf_store_counts *out)
{
	int rc;

	if ((rc = cf_store_query_int(st, "SELECT count(*) FROM entity",
	    &out->entities)) ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM flow", &out->flows)) ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM source",
	    &out->sources)) ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM disclosure",
	    &out->disclosures)) ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM profile_figure",
	    &out->figures)) ||
	    (rc = cf_store_query_int(st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'ok'", &out->imports)))
		return rc;
	return CF_OK;
}

int
cf_store_has_content(cf_store *st, int *out, const char *sha256,
    char **path_out)
{
	static const char sql[] = "SELECT path FROM import_log WHERE sha256 ="
	    " ?1 AND status = 'ok' LIMIT 1";
	sqlite3_stmt *q = cf_store_stmt(st, sql);
	int rc = CF_OK, step;

	if (q == NULL)
		return CF_ESTORE;
	sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
	step = sqlite3_step(q);
	*out = step == SQLITE_ROW;
	if (step == SQLITE_ROW && path_out != NULL &&
	    (*path_out = strdup((const char *)sqlite3_column_text(q, 0))) ==
	    NULL)
		rc = cf_error_set(CF_ENOMEM, "path");
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cf_store_fail(st, "import log");
	sqlite3_reset(q);
	return rc;
}

static void
utc_now(char buf[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * What resolution remembers of the store (resolve.c's cache of entities
 * by identifier) holds while only this connection writes: SQLite's
 * data_version changes when another connection commits.  It is asked
 * once the write lock is held: asked before, a writer that got the lock
 * first would commit unseen while BEGIN waited.  Kept across a batch's
 * group commits, the cache took bench/import's scale-1 import from about
 * 75,000 identifier lookups in SQLite to about 20,000 (of some 860,000 a
 * batch makes, the rest found in memory).
 */
static void
forget_if_written(cf_store *st)
{
	long version = -1;

	if (cf_store_query_int(st, "PRAGMA data_version", &version) != CF_OK ||
	    version != st->data_version)
		cf_resolve_forget(st);
	st->data_version = version;
}

int
cf_store_begin(cf_store *st)
{
	int rc = cf_store_exec(st, "BEGIN IMMEDIATE");

	if (rc == CF_OK)
		forget_if_written(st);
	else
		cf_resolve_forget(st);
	return rc;
}

int
cf_store_commit(cf_store *st)
{
	reset_kept(st);
	return cf_store_exec(st, "COMMIT");
}

void
cf_store_rollback(cf_store *st)
{
	reset_kept(st);
	cf_resolve_forget(st);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Checkpoints on their own thread.  A checkpoint copies the WAL into the
 * database and syncs both: on bench/import's quarter corpus 20 of them
 * kept the writer 0.6 s in fdatasync alone.  While a group is open, a
 * thread with a connection of its own runs a passive checkpoint, which
 * never blocks the writer, whenever a commit leaves CHECKPOINT_PAGES
 * pages in the WAL.  SQLite starts the WAL over only when a write
 * transaction begins on a WAL copied to its end, and the writer begins
 * its next group right after each commit; so at twice the pages the
 * writer checkpoints itself, copying what the thread has not, and the WAL
 * stays near 2 x CHECKPOINT_PAGES pages (89 MB at most on that corpus;
 * 124 MB at bench/import's scale 1).  Up to commit 8d8bf43 the thread's
 * connection had not read the database, did not know it was in WAL mode,
 * and its checkpoints did nothing (sees_wal): the 12-15% the change had
 * gained came from the writer checkpointing at 2 x CHECKPOINT_PAGES
 * instead of SQLite's CHECKPOINT_PAGES.  With the thread copying, the
 * scale-1 import took 20.0-20.7 s against 21.0-21.7 s in
 * interleaved runs.  Without the thread (in-memory stores, or when it
 * cannot start) SQLite checkpoints on commit as before.
 */
struct checkpointer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	sqlite3 *db;
	int pending, stop;
};

static int
wal_committed(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointer *c = arg;

	if (pages >= 2 * CHECKPOINT_PAGES) {
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	} else if (pages >= CHECKPOINT_PAGES) {
		pthread_mutex_lock(&c->lock);
		c->pending = 1;
		pthread_cond_signal(&c->wake);
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

static void *
checkpoint_main(void *arg)
{
	struct checkpointer *c = arg;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->pending && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (!c->pending)
			break;
		c->pending = 0;
		pthread_mutex_unlock(&c->lock);
		sqlite3_wal_checkpoint_v2(c->db, "main",
		    SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* Is db's main database in WAL mode, as db sees it?  A connection that
 * has not read the database yet does not know, and its checkpoints do
 * nothing: sqlite3_wal_checkpoint_v2 returns SQLITE_OK and a WAL of -1
 * pages.  Asking reads the database. */
static int
sees_wal(sqlite3 *db)
{
	sqlite3_stmt *q = NULL;
	int wal = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL) ==
	    SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		wal = sqlite3_strnicmp((const char *)sqlite3_column_text(q, 0),
		    "wal", 4) == 0;
	sqlite3_finalize(q);
	return wal;
}

static void
checkpoints_start(cf_store *st)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	struct checkpointer *c;

	if (st->ckpt != NULL || path == NULL || path[0] == '\0' ||
	    (c = calloc(1, sizeof(*c))) == NULL)
		return;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	/* the thread alone uses c->db once it runs */
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK || !sees_wal(c->db) ||
	    pthread_create(&c->thread, NULL, checkpoint_main, c) != 0) {
		sqlite3_close(c->db);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		free(c);
		return;
	}
	sqlite3_wal_hook(st->db, wal_committed, c);
	st->ckpt = c;
}

/* Stop the thread after the checkpoint it was asked for, if any. */
static void
checkpoints_stop(cf_store *st)
{
	struct checkpointer *c = st->ckpt;

	if (c == NULL)
		return;
	sqlite3_wal_autocheckpoint(st->db, CHECKPOINT_PAGES);
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	sqlite3_close(c->db);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c);
	st->ckpt = NULL;
}

int
cf_store_group_begin(cf_store *st)
{
	long flows;
	int rc;

	if ((rc = cf_store_query_int(st, "SELECT coalesce(max(rowid), 0) FROM flow",
	    &flows)) != CF_OK)
		return rc;
	st->flows_before = flows;
	st->group_flows = 0;
	st->deferred = 0;
	st->grouped = 1;
	checkpoints_start(st);
	return CF_OK;
}

/* After a commit within a group, drop flow_to for the rest of it
 * (store_index.c) once the group has written st->defer_flows flows, and
 * at least as many as the store had before (DEFER_FLOWS). */
static int
maybe_defer(cf_store *st)
{
	if (!st->grouped || st->deferred ||
	    st->group_flows < st->defer_flows ||
	    st->group_flows < st->flows_before)
		return CF_OK;
	st->deferred = 1;
	return cf_store_index_defer(st);
}

/* Begin the group's transaction if it is not open yet. */
static int
group_open(cf_store *st)
{
	int rc;

	if (!st->grouped || st->in_group)
		return CF_OK;
	if ((rc = cf_store_begin(st)) == CF_OK)
		st->in_group = 1;
	return rc;
}

/* End the group's transaction if it is open: commit, or roll back. */
static int
group_close(cf_store *st, int commit)
{
	int rc = CF_OK;

	if (!st->in_group)
		return CF_OK;
	st->in_group = 0;
	if (commit && (rc = cf_store_commit(st)) == CF_OK)
		return maybe_defer(st);
	cf_store_rollback(st);
	return rc;
}

/*
 * A group's two modes, set_journal and set_bulk: settings SQLite takes
 * when a transaction begins, so a switch commits the group so far.  on is
 * the faster mode; *mode holds the current one.  In a transaction that is
 * not the group's, the setting would not apply: the faster mode is
 * skipped, and going back is an error.
 */
static int
set_mode(cf_store *st, int *mode, int on, const char *on_sql,
    const char *off_sql, const char *what)
{
	int rc;

	if (*mode == on)
		return CF_OK;
	if ((rc = group_close(st, 1)) != CF_OK)
		return rc;
	if (!sqlite3_get_autocommit(st->db))
		return on ? CF_OK : cf_error_set(CF_ESTORE, "store: %s cannot"
		    " be changed back inside a transaction", what);
	if ((rc = cf_store_exec(st, on ? on_sql : off_sql)) != CF_OK)
		return rc;
	*mode = on;
	return CF_OK;
}

/*
 * In a group, a file whose dataset takes at most JOURNAL_IN_MEMORY_MAX
 * bytes keeps its savepoint's journal in memory (temp_store = MEMORY),
 * instead of in a temporary file past 64 KiB (configure_sqlite): the
 * journal holds the original of every page the file changes that existed
 * before it, and each was a 4 KiB write to the kernel.  RELEASE at the
 * file's end empties it.  On bench/import's quarter corpus, in three
 * interleaved pairs of runs, the writer's CPU fell from 6.26-6.33 s to
 * 5.76-6.00 s; at scale 1, from 19.5-23.7 s to 16.4-20.2 s.  In memory
 * the journal grows with the pages a file touches, up to a page per row
 * in an index written at random (flow_to, until a batch drops it): into
 * bench/import's scale-1 store, a 13F table of 4,000 rows (a 3.4 MB
 * dataset) peaked at 51 MB instead of 37 MB, one of 20,000 rows at 77 MB
 * instead of 58 MB.  So a larger file journals to a file.  The bound,
 * about 1,200 13F rows (the benchmark's tables have 1,000), keeps a
 * file's journal near 5 MB by that measure.  The group's end puts the
 * default back before flow_to is built: that sort would otherwise hold
 * all of its runs in memory (89 MB peak instead of 69 MB at scale 1).
 */
static int
set_journal(cf_store *st, int in_memory)
{
	return set_mode(st, &st->journal_in_memory, in_memory,
	    "PRAGMA temp_store = MEMORY", "PRAGMA temp_store = DEFAULT",
	    "the journal's place");
}

/*
 * Bulk files.  SQLite checks a foreign key by looking the parent up for
 * each row written: seven for a 13F position's flow row (nine with its
 * source link row when it was measured: 5.0 G of the import writer's
 * 22.6 G instructions on bench/import's quarter corpus, before commit
 * 8993fe5, which made the change).  A filing
 * that replaces nothing and whose every reference names a record of the
 * same file (ds->self_contained) cannot leave a reference dangling,
 * so a group writes such files with the connection's foreign keys off;
 * CHECK, NOT NULL and UNIQUE constraints still hold.  Every other file is
 * written with them on: datasets and alias tables may name what the store
 * has, and a replacement deletes through ON DELETE CASCADE and must find
 * what it would leave dangling.
 *
 * A switch commits the group so far (set_mode), and SQLite prepares every
 * kept statement again after the pragma.  So a filing that may go either
 * way and has fewer than BULK_ROWS rows (st->bulk_rows) keeps the mode it
 * finds (bulk_mode); a larger one goes bulk.  Before, every such filing
 * went bulk, and each Form D/A that replaced its original switched to
 * foreign keys on and back: 575 switches on bench/import's scale-1
 * corpus, about 1.2 M instructions each besides the commit's WAL writes
 * (checking a row's keys costs about 22,000: bench/README.md, "The
 * latest run").  On that corpus's 8,990 Form D files alone, in two
 * interleaved pairs, the kernel's cycles fell from 4.4-4.6 G to 2.4-2.6 G
 * and CPU from 8.1-8.3 s to 6.0-6.8 s (with the bound alone, c0407b7).  On
 * the quarter corpus the import's instructions were 21.33-21.66 G when
 * every such filing went bulk, 21.12-21.32 G with the bound alone and
 * 21.10-21.11 G keeping the mode; with the 13F and XBRL folders spread
 * among the Form D folders (as CIKs mix them in EDGAR's tree), 22.43 G,
 * 22.61 G and 22.44 G.
 */
/* Whether ds is written in bulk (set_bulk). */
static int
bulk_mode(const cf_store *st, const cf_dataset *ds)
{
	if (!st->grouped || !ds->is_filing || !ds->self_contained)
		return 0;
	if (cf_dataset_rows(ds) >= st->bulk_rows)
		return 1;
	return st->bulk;	/* either is safe: the one it finds */
}

static int
set_bulk(cf_store *st, int on)
{
	return set_mode(st, &st->bulk, on, "PRAGMA foreign_keys = OFF",
	    "PRAGMA foreign_keys = ON", "foreign keys");
}

int
cf_store_group_commit(cf_store *st)
{
	return group_close(st, 1);
}

int
cf_store_group_end(cf_store *st, int commit)
{
	int rc, r, rt, ri = CF_OK;

	st->grouped = 0;	/* the last commit drops no index */
	rc = group_close(st, commit);
	checkpoints_stop(st);
	r = set_bulk(st, 0);
	if ((rt = set_journal(st, 0)) != CF_OK && r == CF_OK)
		r = rt;
	if (st->deferred) {
		st->deferred = 0;
		ri = cf_store_index_restore(st);
	}
	return rc != CF_OK ? rc : r != CF_OK ? r : ri;
}

/* ---- writing a dataset -------------------------------------------------- */

/* Prepared statements of one write; finalized together. */
enum {
	S_SOURCE, S_ENTITY, S_KIND, S_IDENT, S_ALIAS, S_FLOW, S_SCHED,
	S_DISC, S_FIG, S_IDENT_MORE, S_DSCHED, S_HOLD, S_ALIASROW,
	S_FLOWSRC, S_DISCSRC, S_FIGSRC, S_HOLDSRC, S_COUNT
};

static const char *const insert_sql[S_COUNT] = {
	"INSERT INTO source(id, title, publisher, date, url, accession,"
	" retrieved, excerpt, note, import_id, line)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	"INSERT INTO entity(id, name, parent_id, note, import_id, line,"
	" origin, name_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	"INSERT OR IGNORE INTO entity_kind(entity_id, kind) VALUES (?1, ?2)",
	"INSERT INTO entity_identifier(entity_id, scheme, value)"
	" VALUES (?1, ?2, ?3)",
	"INSERT OR IGNORE INTO entity_alias(entity_id, alias, alias_key)"
	" VALUES (?1, ?2, ?3)",
	/* All the file's flows in one statement (flow_column). */
	"INSERT INTO flow(" FLOW_COLUMNS ") SELECT * FROM cf_flow_rows",
	"INSERT INTO flow_schedule(flow_id, due, amount_minor, currency,"
	" assumed) VALUES (?1, ?2, ?3, ?4, ?5)",
	"INSERT INTO disclosure(id, entity_id, counterparty_id, kind, as_of,"
	" currency, amount_minor, estimate, note, import_id, line,"
	" cites_import) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12)",
	"INSERT INTO profile_figure(id, entity_id, item, period, currency,"
	" amount_minor, ratio, estimate, assumption, note, import_id, line,"
	" cites_import) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12, ?13)",
	/* What a filing adds to an entity the store has: an identifier
	 * another entity holds is left where it is. */
	"INSERT OR IGNORE INTO entity_identifier(entity_id, scheme, value)"
	" VALUES (?1, ?2, ?3)",
	"INSERT INTO disclosure_schedule(disclosure_id, due, amount_minor)"
	" VALUES (?1, ?2, ?3)",
	"INSERT INTO holding(id, holder_id, issuer_id, as_of, shares, percent,"
	" currency, value_minor, title_of_class, cusip, note, import_id, line,"
	" cites_import) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	" ?12, ?13, ?14)",
	"INSERT OR IGNORE INTO entity_alias(entity_id, alias, alias_key,"
	" import_id, note) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* The sources a record lists (it cites other than exactly its
	 * file's); a source it names twice is listed once. */
	"INSERT OR IGNORE INTO flow_source_listed(flow_id, source_id)"
	" VALUES (?1, ?2)",
	"INSERT OR IGNORE INTO disclosure_source_listed(disclosure_id,"
	" source_id) VALUES (?1, ?2)",
	"INSERT OR IGNORE INTO profile_figure_source_listed(figure_id,"
	" source_id) VALUES (?1, ?2)",
	"INSERT OR IGNORE INTO holding_source_listed(holding_id, source_id)"
	" VALUES (?1, ?2)",
};

/* ---- citations ------------------------------------------------------------ */

/*
 * Does a record citing sources[0..n) cite exactly the sources of its file,
 * which the file's import writes?  Then it is written with cites_import =
 * 1 and lists none (schema.sql): every record of a filing cites the
 * filing, and a link row each was a sixth of the import writer's work.
 */
static int
cites_import(const cf_dataset *ds, const char *const *sources, size_t n)
{
	size_t i, k;

	if (ds->nsources == 0 || n < ds->nsources)
		return 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < ds->nsources; k++)
			if (sources[i] == ds->sources[k].id ||
			    strcmp(sources[i], ds->sources[k].id) == 0)
				break;
		if (k == ds->nsources)
			return 0;
	}
	for (k = 0; k < ds->nsources; k++) {
		for (i = 0; i < n; i++)
			if (sources[i] == ds->sources[k].id ||
			    strcmp(sources[i], ds->sources[k].id) == 0)
				break;
		if (i == n)
			return 0;
	}
	return 1;
}

/* Not an error: a bulk file that must be written again with foreign
 * keys on (set_bulk). */
#define WRITE_CHECKED 1

struct writer {
	cf_store *st;
	cf_dataset *ds;
	const char *log_path;	/* the file's path in import_log */
	sqlite3_stmt *s[S_COUNT];
	sqlite3_int64 import_id;
};

static void
bind_text(sqlite3_stmt *q, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
}

static void
bind_opt_int(sqlite3_stmt *q, int i, int has, int64_t v)
{
	if (has)
		sqlite3_bind_int64(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

static void
bind_opt_real(sqlite3_stmt *q, int i, int has, double v)
{
	if (has)
		sqlite3_bind_double(q, i, v);
	else
		sqlite3_bind_null(q, i);
}

/* Where an id of table was defined before, as "path:line", for messages. */
static void
defined_at(struct writer *w, const char *table, const char *id, char *buf,
    size_t size)
{
	char sql[160];
	sqlite3_stmt *q = NULL;

	snprintf(buf, size, "an earlier import");
	snprintf(sql, sizeof(sql), "SELECT l.path, t.line FROM %s t JOIN"
	    " import_log l ON l.id = t.import_id WHERE t.id = ?1", table);
	if (sqlite3_prepare_v2(w->st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(buf, size, "%s:%lld", sqlite3_column_text(q, 0),
		    (long long)sqlite3_column_int64(q, 1));
	sqlite3_finalize(q);
}

/* An insert's result r: constraint failures become input errors about
 * record id at line. */
static int
insert_result(struct writer *w, int which, int r, long line,
    const char *what, const char *id)
{
	char where[512];

	if (r == SQLITE_DONE)
		return CF_OK;
	if (r == SQLITE_CONSTRAINT_PRIMARYKEY || r == SQLITE_CONSTRAINT_UNIQUE) {
		if (which == S_IDENT)
			return cf_input_error(w->ds->path, line, "entity '%s':"
			    " %s already belongs to another entity", id, what);
		if (which == S_FIG && r == SQLITE_CONSTRAINT_UNIQUE)
			return cf_input_error(w->ds->path, line, "figure '%s':"
			    " its entity already has a figure for this item and"
			    " period", id);
		if (which == S_SCHED)
			return cf_input_error(w->ds->path, line, "flow '%s':"
			    " two payments due on %s", id, what);
		if (which == S_DSCHED)
			return cf_input_error(w->ds->path, line, "disclosure"
			    " '%s': two amounts due on the same date", id);
		if (which == S_HOLD)
			what = "holding";
		defined_at(w, what, id, where, sizeof(where));
		return cf_input_error(w->ds->path, line, "duplicate %s id"
		    " '%s': already defined at %s", what, id, where);
	}
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		return cf_input_error(w->ds->path, line, "%s '%s' violates a"
		    " constraint of the store: %s", what, id,
		    sqlite3_errmsg(w->st->db));
	return cf_store_fail(w->st, what);
}

/* Step an insert; turn constraint failures into input errors. */
static int
step(struct writer *w, int which, long line, const char *what,
    const char *id)
{
	sqlite3_stmt *q = w->s[which];
	int r = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return insert_result(w, which, r, line, what, id);
}

static int
write_sources(struct writer *w)
{
	sqlite3_stmt *q = w->s[S_SOURCE];
	size_t i;
	int rc;

	for (i = 0; i < w->ds->nsources; i++) {
		const struct cf_source *s = &w->ds->sources[i];
		bind_text(q, 1, s->id);
		bind_text(q, 2, s->title);
		bind_text(q, 3, s->publisher);
		bind_text(q, 4, s->date);
		bind_text(q, 5, s->url);
		bind_text(q, 6, s->accession);
		bind_text(q, 7, s->retrieved);
		bind_text(q, 8, s->excerpt);
		bind_text(q, 9, s->note);
		sqlite3_bind_int64(q, 10, w->import_id);
		sqlite3_bind_int64(q, 11, s->line);
		if ((rc = step(w, S_SOURCE, s->line, "source", s->id)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
write_entities(struct writer *w)
{
	char key[CF_NAME_KEY_MAX];
	size_t i, k;
	int rc;

	for (i = 0; i < w->ds->nentities; i++) {
		const struct cf_entity *e = &w->ds->entities[i];
		sqlite3_stmt *q = w->s[S_ENTITY];
		int ident = S_IDENT;

		if (e->exists) {
			/* resolved to an entity the store has: only what
			 * the filing adds to it */
			ident = S_IDENT_MORE;
			goto names;
		}
		if (e->name_key == NULL)
			cf_name_key(key, sizeof(key), e->name);
		bind_text(q, 1, e->id);
		bind_text(q, 2, e->name);
		bind_text(q, 3, e->parent);
		bind_text(q, 4, e->note);
		sqlite3_bind_int64(q, 5, w->import_id);
		sqlite3_bind_int64(q, 6, e->line);
		bind_text(q, 7, e->resolve ? "filing" : "dataset");
		bind_text(q, 8, e->name_key ? e->name_key : key);
		if ((rc = step(w, S_ENTITY, e->line, "entity", e->id)) != CF_OK)
			return rc;
		for (k = 0; k < e->nkinds; k++) {
			bind_text(w->s[S_KIND], 1, e->id);
			bind_text(w->s[S_KIND], 2, e->kinds[k]);
			if ((rc = step(w, S_KIND, e->line, "kind",
			    e->id)) != CF_OK)
				return rc;
		}
names:
		for (k = 0; k < e->nidents; k++) {
			char what[160];

			/* the identifier it was matched by: in the store */
			if (e->exists && e->matched_scheme != NULL &&
			    strcmp(e->idents[k].scheme, e->matched_scheme) == 0)
				continue;

			cf_strjoin(what, sizeof(what), e->idents[k].scheme,
			    " ", e->idents[k].value, NULL);
			bind_text(w->s[ident], 1, e->id);
			bind_text(w->s[ident], 2, e->idents[k].scheme);
			bind_text(w->s[ident], 3, e->idents[k].value);
			if ((rc = step(w, ident, e->line, what,
			    e->id)) != CF_OK)
				return rc;
		}
		for (k = 0; k < e->naliases; k++) {
			cf_name_key(key, sizeof(key), e->aliases[k]);
			bind_text(w->s[S_ALIAS], 1, e->id);
			bind_text(w->s[S_ALIAS], 2, e->aliases[k]);
			bind_text(w->s[S_ALIAS], 3, key);
			if ((rc = step(w, S_ALIAS, e->line, "alias",
			    e->id)) != CF_OK)
				return rc;
		}
	}
	return CF_OK;
}

/* Rows of an alias table: each names an entity the store has. */
static int
write_alias_rows(struct writer *w)
{
	char key[CF_NAME_KEY_MAX];
	sqlite3_stmt *q = NULL;
	size_t i;
	int rc = CF_OK, r;

	if (w->ds->naliases == 0)
		return CF_OK;
	if (sqlite3_prepare_v2(w->st->db, "SELECT 1 FROM entity WHERE id = ?1",
	    -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(w->st, "alias");
	for (i = 0; i < w->ds->naliases && rc == CF_OK; i++) {
		const struct cf_alias *a = &w->ds->aliases[i];

		sqlite3_bind_text(q, 1, a->entity, -1, SQLITE_STATIC);
		r = sqlite3_step(q);
		sqlite3_reset(q);
		if (r != SQLITE_ROW) {
			rc = r == SQLITE_DONE ? cf_input_error(w->ds->path,
			    a->line, "alias '%.80s': no entity '%.80s' in the"
			    " store (import the dataset that defines it"
			    " first)", a->alias, a->entity) :
			    cf_store_fail(w->st, "alias");
			break;
		}
		cf_name_key(key, sizeof(key), a->alias);
		bind_text(w->s[S_ALIASROW], 1, a->entity);
		bind_text(w->s[S_ALIASROW], 2, a->alias);
		bind_text(w->s[S_ALIASROW], 3, key);
		sqlite3_bind_int64(w->s[S_ALIASROW], 4, w->import_id);
		bind_text(w->s[S_ALIASROW], 5, a->note);
		rc = step(w, S_ALIASROW, a->line, "alias", a->alias);
	}
	sqlite3_finalize(q);
	return rc;
}

/* Bind a record's cites_import flag (parameter i of its insert, q) and
 * return it. */
static int
bind_cites(struct writer *w, sqlite3_stmt *q, int i,
    const char *const *sources, size_t n)
{
	int all = cites_import(w->ds, sources, n);

	sqlite3_bind_int(q, i, all);
	return all;
}

/* After a record that does not cite exactly its import's sources (all
 * 0): the sources it lists, each in a row of its own (which: the
 * *_source_listed insert). */
static int
list_sources(struct writer *w, int which, int all, const char *id,
    const char *const *sources, size_t n, long line)
{
	size_t k;
	int rc;

	for (k = 0; !all && k < n; k++) {
		bind_text(w->s[which], 1, id);
		bind_text(w->s[which], 2, sources[k]);
		if ((rc = step(w, which, line, "source link", id)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
write_holding(struct writer *w, const struct cf_holding *h)
{
	sqlite3_stmt *q = w->s[S_HOLD];
	int rc, all;

	bind_text(q, 1, h->id);
	bind_text(q, 2, h->holder);
	bind_text(q, 3, h->issuer);
	bind_text(q, 4, h->as_of);
	bind_opt_real(q, 5, h->has_shares, h->shares);
	bind_opt_real(q, 6, h->has_percent, h->percent);
	bind_text(q, 7, h->has_value ? h->currency : NULL);
	bind_opt_int(q, 8, h->has_value, h->value);
	bind_text(q, 9, h->title_of_class);
	bind_text(q, 10, h->cusip);
	bind_text(q, 11, h->note);
	sqlite3_bind_int64(q, 12, w->import_id);
	sqlite3_bind_int64(q, 13, h->line);
	all = bind_cites(w, q, 14, h->sources, h->nsources);
	if ((rc = step(w, S_HOLD, h->line, "holding", h->id)) != CF_OK)
		return rc;
	return list_sources(w, S_HOLDSRC, all, h->id, h->sources,
	    h->nsources, h->line);
}

static void
result_text(sqlite3_context *out, const char *v)
{
	if (v != NULL)
		sqlite3_result_text(out, v, -1, SQLITE_STATIC);
}

static void
result_opt_int(sqlite3_context *out, int has, int64_t v)
{
	if (has)
		sqlite3_result_int64(out, v);
}

static void
result_opt_real(sqlite3_context *out, int has, double v)
{
	if (has)
		sqlite3_result_double(out, v);
}

/* Column col (of FLOW_COLUMNS) of flow i of the file being written. */
static void
flow_column(const void *rows, size_t i, int col, sqlite3_context *out)
{
	const struct writer *w = rows;
	const struct cf_flow *f = &w->ds->flows[i];
	int money = f->has_amount || f->has_low || f->has_high;

	switch (col) {
	case 0: result_text(out, f->id); break;
	case 1: result_text(out, f->from); break;
	case 2: result_text(out, f->to); break;
	case 3: result_text(out, f->type); break;
	case 4: result_text(out, f->status); break;
	case 5: result_text(out, money ? f->currency : NULL); break;
	case 6: result_opt_int(out, f->has_amount, f->amount); break;
	case 7: result_opt_int(out, f->has_low, f->low); break;
	case 8: result_opt_int(out, f->has_high, f->high); break;
	case 9: sqlite3_result_int(out, f->estimate != 0); break;
	case 10: result_opt_real(out, f->has_quantity, f->quantity); break;
	case 11: result_opt_real(out, f->has_qlow, f->qlow); break;
	case 12: result_opt_real(out, f->has_qhigh, f->qhigh); break;
	case 13: result_text(out, f->has_quantity ? f->unit : NULL); break;
	case 14: result_text(out, f->announced); break;
	case 15: result_text(out, f->start); break;
	case 16: result_text(out, f->end); break;
	case 17: result_text(out, f->superseded_by); break;
	case 18: result_text(out, f->condition); break;
	case 19: result_text(out, f->confidence); break;
	case 20: result_text(out, f->note); break;
	case 21: sqlite3_result_int64(out, w->import_id); break;
	case 22: sqlite3_result_int64(out, f->line); break;
	case 23: result_text(out, f->prior_status); break;
	case 24:
		sqlite3_result_int(out, cites_import(w->ds, f->sources,
		    f->nsources));
		break;
	}
}

/* The file's flows in one insert (through st->flow_rows), then the
 * sources each lists and its payment schedule. */
static int
write_flows(struct writer *w)
{
	const cf_dataset *ds = w->ds;
	sqlite3_stmt *q = w->s[S_FLOW];
	size_t i, k;
	int r, rc;

	if (ds->nflows == 0)
		return CF_OK;
	cf_rowfeed_set(w->st->flow_rows, w, ds->nflows, flow_column);
	r = sqlite3_step(q);
	i = cf_rowfeed_at(w->st->flow_rows);
	sqlite3_reset(q);
	cf_rowfeed_set(w->st->flow_rows, NULL, 0, NULL);
	if (r != SQLITE_DONE && i < ds->nflows)	/* the row it failed on */
		return insert_result(w, S_FLOW, r, ds->flows[i].line, "flow",
		    ds->flows[i].id);
	if ((r & 0xff) == SQLITE_CONSTRAINT)
		/* Found when the statement ended (an immediate foreign key
		 * of a multi-row insert): no row to name.  cf_dataset_check
		 * checks the vocabularies these name first. */
		return cf_input_error(ds->path, 0, "a flow violates a"
		    " constraint of the store: %s", sqlite3_errmsg(w->st->db));
	if (r != SQLITE_DONE)
		return cf_store_fail(w->st, "flow");
	for (i = 0; i < ds->nflows; i++) {
		const struct cf_flow *f = &ds->flows[i];

		if ((rc = list_sources(w, S_FLOWSRC, cites_import(ds,
		    f->sources, f->nsources), f->id, f->sources, f->nsources,
		    f->line)) != CF_OK)
			return rc;
		for (k = 0; k < f->nschedule; k++) {
			q = w->s[S_SCHED];
			bind_text(q, 1, f->id);
			bind_text(q, 2, f->schedule[k].due);
			sqlite3_bind_int64(q, 3, f->schedule[k].minor);
			bind_text(q, 4, f->schedule_currency);
			sqlite3_bind_int(q, 5, f->schedule_assumed != 0);
			if ((rc = step(w, S_SCHED, f->line,
			    f->schedule[k].due, f->id)) != CF_OK)
				return rc;
		}
	}
	return CF_OK;
}

static int
write_disclosure(struct writer *w, const struct cf_disclosure *d)
{
	sqlite3_stmt *q = w->s[S_DISC];
	size_t k;
	int rc, all;

	bind_text(q, 1, d->id);
	bind_text(q, 2, d->entity);
	bind_text(q, 3, d->counterparty);
	bind_text(q, 4, d->kind);
	bind_text(q, 5, d->as_of);
	bind_text(q, 6, d->currency);
	sqlite3_bind_int64(q, 7, d->amount);
	sqlite3_bind_int(q, 8, d->estimate != 0);
	bind_text(q, 9, d->note);
	sqlite3_bind_int64(q, 10, w->import_id);
	sqlite3_bind_int64(q, 11, d->line);
	all = bind_cites(w, q, 12, d->sources, d->nsources);
	if ((rc = step(w, S_DISC, d->line, "disclosure", d->id)) != CF_OK ||
	    (rc = list_sources(w, S_DISCSRC, all, d->id, d->sources,
	    d->nsources, d->line)) != CF_OK)
		return rc;
	for (k = 0; k < d->nschedule; k++) {
		bind_text(w->s[S_DSCHED], 1, d->id);
		bind_text(w->s[S_DSCHED], 2, d->schedule[k].due);
		sqlite3_bind_int64(w->s[S_DSCHED], 3, d->schedule[k].minor);
		if ((rc = step(w, S_DSCHED, d->line, "disclosure ladder",
		    d->id)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
write_figure(struct writer *w, const struct cf_figure *f)
{
	sqlite3_stmt *q = w->s[S_FIG];
	int rc, all;

	bind_text(q, 1, f->id);
	bind_text(q, 2, f->entity);
	bind_text(q, 3, f->item);
	bind_text(q, 4, f->period);
	bind_text(q, 5, f->has_amount ? f->currency : NULL);
	bind_opt_int(q, 6, f->has_amount, f->amount);
	bind_opt_real(q, 7, f->has_ratio, f->ratio);
	sqlite3_bind_int(q, 8, f->estimate != 0);
	sqlite3_bind_int(q, 9, f->assumption != 0);
	bind_text(q, 10, f->note);
	sqlite3_bind_int64(q, 11, w->import_id);
	sqlite3_bind_int64(q, 12, f->line);
	all = bind_cites(w, q, 13, f->sources, f->nsources);
	if ((rc = step(w, S_FIG, f->line, "figure", f->id)) != CF_OK)
		return rc;
	return list_sources(w, S_FIGSRC, all, f->id, f->sources, f->nsources,
	    f->line);
}

/*
 * Dangling references of this import, each a query returning
 * (line, record id, missing id) for the first offender.
 */
static const struct {
	const char *what, *missing, *sql;
} reference_checks[] = {
	{"entity", "parent entity",
	 "SELECT e.line, e.id, e.parent_id FROM entity e WHERE e.import_id = ?1"
	 " AND e.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entity p"
	 " WHERE p.id = e.parent_id) ORDER BY e.line LIMIT 1"},
	{"flow", "entity",
	 "SELECT f.line, f.id, CASE WHEN NOT EXISTS (SELECT 1 FROM entity e"
	 " WHERE e.id = f.from_id) THEN f.from_id ELSE f.to_id END FROM flow f"
	 " WHERE f.import_id = ?1 AND (NOT EXISTS (SELECT 1 FROM entity e"
	 " WHERE e.id = f.from_id) OR NOT EXISTS (SELECT 1 FROM entity e"
	 " WHERE e.id = f.to_id)) ORDER BY f.line LIMIT 1"},
	{"flow", "superseding flow",
	 "SELECT f.line, f.id, f.superseded_by FROM flow f WHERE f.import_id ="
	 " ?1 AND f.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
	 " flow g WHERE g.id = f.superseded_by) ORDER BY f.line LIMIT 1"},
	{"flow", "source",
	 "SELECT f.line, f.id, fs.source_id FROM flow f JOIN flow_source_listed"
	 " fs ON fs.flow_id = f.id WHERE f.import_id = ?1 AND NOT EXISTS (SELECT 1"
	 " FROM source s WHERE s.id = fs.source_id) ORDER BY f.line LIMIT 1"},
	{"disclosure", "entity",
	 "SELECT d.line, d.id, CASE WHEN NOT EXISTS (SELECT 1 FROM entity e"
	 " WHERE e.id = d.entity_id) THEN d.entity_id ELSE d.counterparty_id"
	 " END FROM disclosure d WHERE d.import_id = ?1 AND (NOT EXISTS"
	 " (SELECT 1 FROM entity e WHERE e.id = d.entity_id) OR"
	 " (d.counterparty_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entity"
	 " e WHERE e.id = d.counterparty_id))) ORDER BY d.line LIMIT 1"},
	{"disclosure", "source",
	 "SELECT d.line, d.id, ds.source_id FROM disclosure d JOIN"
	 " disclosure_source_listed ds ON ds.disclosure_id = d.id WHERE"
	 " d.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id ="
	 " ds.source_id) ORDER BY d.line LIMIT 1"},
	{"figure", "entity",
	 "SELECT f.line, f.id, f.entity_id FROM profile_figure f WHERE"
	 " f.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM entity e WHERE"
	 " e.id = f.entity_id) ORDER BY f.line LIMIT 1"},
	{"figure", "source",
	 "SELECT f.line, f.id, fs.source_id FROM profile_figure f JOIN"
	 " profile_figure_source_listed fs ON fs.figure_id = f.id WHERE"
	 " f.import_id = ?1 AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id ="
	 " fs.source_id) ORDER BY f.line LIMIT 1"},
	{"holding", "entity",
	 "SELECT h.line, h.id, CASE WHEN NOT EXISTS (SELECT 1 FROM entity e"
	 " WHERE e.id = h.holder_id) THEN h.holder_id ELSE h.issuer_id END"
	 " FROM holding h WHERE h.import_id = ?1 AND (NOT EXISTS (SELECT 1"
	 " FROM entity e WHERE e.id = h.holder_id) OR NOT EXISTS (SELECT 1"
	 " FROM entity e WHERE e.id = h.issuer_id)) ORDER BY h.line LIMIT 1"},
	{"holding", "source",
	 "SELECT h.line, h.id, hs.source_id FROM holding h JOIN"
	 " holding_source_listed hs ON hs.holding_id = h.id WHERE h.import_id ="
	 " ?1 AND NOT EXISTS (SELECT 1 FROM source s WHERE s.id ="
	 " hs.source_id) ORDER BY h.line LIMIT 1"},
};

/* A parent chain that comes back to where it started. */
static const char parent_loop_sql[] =
    "WITH RECURSIVE chain(start, cur, depth, line) AS ("
    " SELECT id, parent_id, 1, line FROM entity WHERE import_id = ?1"
    " AND parent_id IS NOT NULL UNION ALL SELECT c.start, e.parent_id,"
    " c.depth + 1, c.line FROM chain c JOIN entity e ON e.id = c.cur"
    " WHERE e.parent_id IS NOT NULL AND c.cur <> c.start AND c.depth < 100)"
    " SELECT line, start FROM chain WHERE cur = start OR depth >= 100"
    " ORDER BY line LIMIT 1";

static int
check_parent_loops(struct writer *w)
{
	sqlite3_stmt *q = NULL;
	int rc = CF_OK, r;

	if (sqlite3_prepare_v2(w->st->db, parent_loop_sql, -1, &q, NULL) !=
	    SQLITE_OK)
		return cf_store_fail(w->st, "parent check");
	sqlite3_bind_int64(q, 1, w->import_id);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		rc = cf_input_error(w->ds->path,
		    (long)sqlite3_column_int64(q, 0), "entity '%s': its"
		    " parent chain loops back to itself (or is deeper than"
		    " 100)", sqlite3_column_text(q, 1));
	else if (r != SQLITE_DONE)
		rc = cf_store_fail(w->st, "parent check");
	sqlite3_finalize(q);
	return rc;
}

static int
check_references(struct writer *w)
{
	sqlite3_stmt *q = NULL;
	size_t i;
	int rc = CF_OK, r;

	for (i = 0; i < sizeof(reference_checks) / sizeof(*reference_checks);
	    i++) {
		if (sqlite3_prepare_v2(w->st->db, reference_checks[i].sql, -1,
		    &q, NULL) != SQLITE_OK)
			return cf_store_fail(w->st, "reference check");
		sqlite3_bind_int64(q, 1, w->import_id);
		r = sqlite3_step(q);
		if (r == SQLITE_ROW)
			rc = cf_input_error(w->ds->path,
			    (long)sqlite3_column_int64(q, 0), "%s '%s': unknown"
			    " %s '%s'", reference_checks[i].what,
			    sqlite3_column_text(q, 1),
			    reference_checks[i].missing,
			    sqlite3_column_text(q, 2));
		else if (r != SQLITE_DONE)
			rc = cf_store_fail(w->st, "reference check");
		sqlite3_finalize(q);
		q = NULL;
		if (rc != CF_OK)
			return rc;
	}
	return CF_OK;
}

/* Delete what import old wrote and mark it replaced.  Entities a filing
 * created stay: other filings share them. */
static int
delete_import(struct writer *w, sqlite3_int64 old)
{
	static const char *const del[] = {
		"DELETE FROM profile_figure WHERE import_id = ?1",
		"DELETE FROM disclosure WHERE import_id = ?1",
		"DELETE FROM holding WHERE import_id = ?1",
		"DELETE FROM flow WHERE import_id = ?1",
		"DELETE FROM entity_resolution WHERE import_id = ?1",
		"DELETE FROM import_resolution WHERE import_id = ?1",
		"DELETE FROM entity_alias WHERE import_id = ?1",
		"DELETE FROM entity WHERE import_id = ?1 AND origin = 'dataset'",
		"DELETE FROM source WHERE import_id = ?1",
		"UPDATE import_log SET status = 'replaced' WHERE id = ?1",
	};
	size_t i;
	int rc = CF_OK;

	cf_resolve_forget(w->st);
	for (i = 0; i < sizeof(del) / sizeof(*del) && rc == CF_OK; i++) {
		sqlite3_stmt *d = cf_store_stmt(w->st, del[i]);

		if (d == NULL) {
			rc = CF_ESTORE;
			break;
		}
		sqlite3_bind_int64(d, 1, old);
		if (sqlite3_step(d) != SQLITE_DONE)
			rc = cf_store_fail(w->st, "replacing earlier import");
		sqlite3_reset(d);
	}
	return rc;
}

/* Replace the earlier successful imports that sql (bound to key and this
 * import's id) selects; sets *replaced when there were any. */
static int
replace_where(struct writer *w, const char *sql, const char *key,
    int *replaced)
{
	sqlite3_stmt *q = cf_store_stmt(w->st, sql);
	sqlite3_int64 *old = NULL;
	size_t n = 0, i;
	int rc = CF_OK, r;

	if (q == NULL)
		return CF_ESTORE;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, w->import_id);
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 *v = realloc(old, (n + 1) * sizeof(*v));

		if (v == NULL) {
			rc = cf_error_set(CF_ENOMEM, "import log");
			goto out;
		}
		old = v;
		old[n++] = sqlite3_column_int64(q, 0);
	}
	if (r != SQLITE_DONE) {
		rc = cf_store_fail(w->st, "import log");
		goto out;
	}
	sqlite3_reset(q);
	if (n > 0 && w->st->bulk) {
		rc = WRITE_CHECKED;	/* see set_bulk */
		goto out;
	}
	for (i = 0; i < n && rc == CF_OK; i++)
		rc = delete_import(w, old[i]);
	*replaced |= n > 0;
out:
	free(old);
	sqlite3_reset(q);
	return rc;
}

static const char replace_lineage_sql[] = "SELECT id FROM import_log WHERE"
    " lineage = ?1 AND status = 'ok' AND id <> ?2";
static const char replace_path_sql[] = "SELECT id FROM import_log WHERE"
    " path = ?1 AND status = 'ok' AND id <> ?2";

/* The first column of the first row sql (bound to a and b) gives, as a
 * string in ds's arena, or NULL. */
static int
query_text(struct writer *w, const char *sql, const char *a, const char *b,
    const char **out, const char **out2)
{
	sqlite3_stmt *q = cf_store_stmt(w->st, sql);
	int rc = CF_OK, r;

	*out = NULL;
	if (out2)
		*out2 = NULL;
	if (q == NULL)
		return CF_ESTORE;
	bind_text(q, 1, a);
	if (b != NULL)
		bind_text(q, 2, b);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(q, 0);
		const char *v2 = out2 ? (const char *)sqlite3_column_text(q,
		    1) : NULL;

		if ((v && (*out = cf_dataset_strdup(w->ds, v)) == NULL) ||
		    (v2 && (*out2 = cf_dataset_strdup(w->ds, v2)) == NULL))
			rc = CF_ENOMEM;
	} else if (r != SQLITE_DONE) {
		rc = cf_store_fail(w->st, "import log");
	}
	sqlite3_reset(q);
	return rc;
}

/*
 * A filing's lineage, and whether to skip it: its accession is in the
 * store, or an amendment of it is (for an amendment: a later one).  Sets
 * ds->filing.lineage and, to skip, ds->filing.skipped.
 */
static int
filing_plan(struct writer *w)
{
	struct cf_filing *f = &w->ds->filing;
	const char *v = NULL, *path = NULL;
	char buf[600];
	int rc;

	if (f->accession != NULL) {
		if ((rc = query_text(w, "SELECT path FROM import_log WHERE"
		    " accession = ?1 AND status = 'ok' LIMIT 1", f->accession,
		    NULL, &v, NULL)) != CF_OK)
			return rc;
		if (v != NULL) {
			snprintf(buf, sizeof(buf), "accession %s already"
			    " imported from %s", f->accession, v);
			goto skip;
		}
	}
	if (f->lineage == NULL && f->amends != NULL) {
		if ((rc = query_text(w, "SELECT lineage FROM import_log WHERE"
		    " accession = ?1 AND lineage IS NOT NULL AND status IN"
		    " ('ok', 'replaced') LIMIT 1", f->amends, NULL, &v,
		    NULL)) != CF_OK)
			return rc;
		f->lineage = v != NULL ? v : f->amends;
	}
	if (f->lineage == NULL)
		f->lineage = f->accession;
	if (f->lineage == NULL)
		return CF_OK;
	if (!f->amendment)
		rc = query_text(w, "SELECT accession, path FROM import_log"
		    " WHERE lineage = ?1 AND status = 'ok' AND amendment = 1"
		    " LIMIT 1", f->lineage, NULL, &v, &path);
	else
		rc = query_text(w, "SELECT accession, path FROM import_log"
		    " WHERE lineage = ?1 AND status = 'ok' AND amendment = 1"
		    " AND filed > ?2 LIMIT 1", f->lineage, f->filed ? f->filed :
		    "9999", &v, &path);
	if (rc != CF_OK || path == NULL)
		return rc;
	snprintf(buf, sizeof(buf), "superseded: %s amendment %s is already"
	    " imported from %s", f->amendment ? "a later" : "an",
	    v ? v : "(no accession)", path);
skip:
	return (f->skipped = cf_dataset_strdup(w->ds, buf)) ? CF_OK :
	    CF_ENOMEM;
}

/* After a replacement, records of other files may point at what was
 * deleted; name the first. */
static int
check_orphans(struct writer *w)
{
	sqlite3_stmt *q = NULL;
	int rc = CF_OK;

	if (sqlite3_prepare_v2(w->st->db, "PRAGMA foreign_key_check", -1, &q,
	    NULL) != SQLITE_OK)
		return cf_store_fail(w->st, "foreign key check");
	if (sqlite3_step(q) == SQLITE_ROW)
		rc = cf_input_error(w->ds->path, 0, "replacing the earlier"
		    " import of this file would leave a %s row of another"
		    " file pointing at a missing %s",
		    sqlite3_column_text(q, 0), sqlite3_column_text(q, 2));
	sqlite3_finalize(q);
	return rc;
}

static int
insert_log(struct writer *w, const char *sha256, const char *format,
    size_t bytes)
{
	static const char sql[] = "INSERT INTO import_log(path, sha256,"
	    " format, bytes, started, status, rows, title, description, as_of,"
	    " batch_id, accession, form, filed, period, filer_cik, lineage,"
	    " amendment, note) VALUES (?1, ?2, ?3, ?4, ?5, 'ok', ?6, ?7, ?8,"
	    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
	const struct cf_filing *f = &w->ds->filing;
	sqlite3_stmt *q = cf_store_stmt(w->st, sql);
	char now[32];
	int rc = CF_OK;

	if (q == NULL)
		return CF_ESTORE;
	utc_now(now);
	bind_text(q, 1, w->log_path);
	bind_text(q, 2, sha256);
	bind_text(q, 3, format);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)bytes);
	bind_text(q, 5, now);
	sqlite3_bind_int64(q, 6, cf_dataset_rows(w->ds));
	bind_text(q, 7, w->ds->title);
	bind_text(q, 8, w->ds->description);
	bind_text(q, 9, w->ds->as_of);
	bind_opt_int(q, 10, w->st->batch_id != 0, w->st->batch_id);
	bind_text(q, 11, f->accession);
	bind_text(q, 12, f->form);
	bind_text(q, 13, f->filed);
	bind_text(q, 14, f->period);
	bind_text(q, 15, f->filer_cik);
	bind_text(q, 16, f->lineage);
	sqlite3_bind_int(q, 17, f->amendment != 0);
	bind_text(q, 18, f->note);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(w->st, "import log");
	w->import_id = sqlite3_last_insert_rowid(w->st->db);
	sqlite3_reset(q);
	return rc;
}

static int
write_records(struct writer *w)
{
	const cf_dataset *ds = w->ds;
	size_t i;
	int rc;

	if ((rc = write_sources(w)) != CF_OK ||
	    (rc = write_entities(w)) != CF_OK ||
	    (rc = write_alias_rows(w)) != CF_OK)
		return rc;
	if ((rc = write_flows(w)) != CF_OK)
		return rc;
	for (i = 0; i < ds->ndisclosures; i++)
		if ((rc = write_disclosure(w, &ds->disclosures[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->nfigures; i++)
		if ((rc = write_figure(w, &ds->figures[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->nholdings; i++)
		if ((rc = write_holding(w, &ds->holdings[i])) != CF_OK)
			return rc;
	return CF_OK;
}

static const char savepoint_sql[] = "SAVEPOINT cf_file";
static const char release_sql[] = "RELEASE cf_file";

/* A statement that returns no rows, kept: a file's SAVEPOINT and RELEASE
 * are parsed once a batch rather than once a file. */
static int
exec_kept(cf_store *st, const char *sql)
{
	sqlite3_stmt *q = cf_store_stmt(st, sql);
	int rc = CF_OK;

	if (q == NULL)
		return CF_ESTORE;
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(st, sql);
	sqlite3_reset(q);
	return rc;
}

/* Begin one file's writes: its own transaction, or a savepoint in the
 * batch's group transaction. */
static int
file_begin(cf_store *st)
{
	int rc;

	if (!st->grouped)
		return cf_store_begin(st);
	if ((rc = group_open(st)) != CF_OK)
		return rc;
	return exec_kept(st, savepoint_sql);
}

/* End them: keep (ok) or undo what the file wrote.  CF_OK when the file's
 * writes are kept or undone as asked; otherwise the error, and in a group
 * that cannot undo one file the whole group is rolled back. */
static int
file_end(cf_store *st, int ok)
{
	int rc = CF_OK;

	reset_kept(st);
	if (!st->grouped) {
		if (ok && (rc = cf_store_commit(st)) == CF_OK)
			return CF_OK;
		cf_store_rollback(st);
		return rc;
	}
	if (ok && !sqlite3_get_autocommit(st->db) &&
	    (rc = exec_kept(st, release_sql)) == CF_OK)
		return CF_OK;
	cf_resolve_forget(st);
	if (sqlite3_get_autocommit(st->db) ||
	    sqlite3_exec(st->db, "ROLLBACK TO cf_file", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		rc = cf_error_set(CF_ESTORE, "store: a failed file could not be"
		    " undone alone (%s); every file since the last commit of"
		    " this batch was rolled back", sqlite3_errmsg(st->db));
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->in_group = 0;
		return rc;
	}
	sqlite3_exec(st->db, "RELEASE cf_file", NULL, NULL, NULL);
	return rc;
}

/* Whether a deferred reference is still dangling: SQLite counts them, so
 * the checks that name the record only run when there is one. */
static int
dangling(cf_store *st)
{
	int cur = 0, high = 0;

	sqlite3_db_status(st->db, SQLITE_DBSTATUS_DEFERRED_FKS, &cur, &high,
	    0);
	return cur != 0;
}

static int
has_parents(const cf_dataset *ds)
{
	size_t i;

	for (i = 0; i < ds->nentities; i++)
		if (ds->entities[i].parent != NULL)
			return 1;
	return 0;
}

/* The references of what this file wrote, and of what it replaced. */
static int
check_links(struct writer *w, int replaced)
{
	int rc;

	if (has_parents(w->ds) && (rc = check_parent_loops(w)) != CF_OK)
		return rc;
	if (!dangling(w->st))
		return CF_OK;
	if ((rc = check_references(w)) != CF_OK)
		return rc;
	if (replaced && (rc = check_orphans(w)) != CF_OK)
		return rc;
	return cf_input_error(w->ds->path, 0, "a reference of this file, or"
	    " to what it replaces, points at a record that does not exist");
}

static int
write_file(cf_store *st, cf_dataset *ds, const char *log_path,
    const char *sha256, const char *format, size_t bytes)
{
	static const char finished_sql[] = "UPDATE import_log SET finished ="
	    " ?1 WHERE id = ?2";
	struct writer w = {st, ds, log_path, {NULL}, 0};
	sqlite3_stmt *q;
	char now[32];
	size_t i;
	int rc, r, replaced = 0;

	if ((rc = file_begin(st)) != CF_OK)
		return rc;
	if (ds->is_filing) {
		if ((rc = filing_plan(&w)) != CF_OK)
			goto out;
		if (ds->filing.skipped != NULL) {
			if ((rc = file_end(st, 0)) != CF_OK)
				return rc;
			return cf_store_log_file(st, log_path, sha256, format,
			    bytes, "skipped", ds->filing.skipped);
		}
	}
	if ((rc = insert_log(&w, sha256, format, bytes)) != CF_OK)
		goto out;
	if (ds->is_filing && ds->filing.amendment &&
	    ds->filing.lineage != NULL &&
	    (rc = replace_where(&w, replace_lineage_sql, ds->filing.lineage,
	    &replaced)) != CF_OK)
		goto out;
	if ((rc = replace_where(&w, replace_path_sql, log_path, &replaced)) !=
	    CF_OK)
		goto out;
	if ((rc = cf_resolve_dataset(st, ds)) != CF_OK)
		goto out;
	for (i = 0; i < S_COUNT; i++)
		if ((w.s[i] = cf_store_stmt(st, insert_sql[i])) == NULL) {
			rc = CF_ESTORE;
			goto out;
		}
	if ((rc = write_records(&w)) != CF_OK ||
	    (rc = cf_resolve_record(st, ds, w.import_id)) != CF_OK ||
	    (ds->naliases > 0 && (rc = cf_resolve_merge(st, ds->path,
	    w.import_id)) != CF_OK) ||
	    (rc = check_links(&w, replaced)) != CF_OK)
		goto out;
	utc_now(now);
	if ((q = cf_store_stmt(st, finished_sql)) == NULL) {
		rc = CF_ESTORE;
		goto out;
	}
	sqlite3_bind_text(q, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, w.import_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(st, "import log");
out:
	if (rc == CF_OK)
		return file_end(st, 1);
	r = file_end(st, 0);
	return r == CF_ESTORE ? r : rc;
}

int
cf_store_write_dataset(cf_store *st, cf_dataset *ds, const char *log_path,
    const char *sha256, const char *format, size_t bytes)
{
	int rc;

	if ((rc = set_journal(st, st->grouped && cf_dataset_bytes(ds) <=
	    st->journal_max)) != CF_OK ||
	    (rc = set_bulk(st, bulk_mode(st, ds))) != CF_OK)
		return rc;
	rc = write_file(st, ds, log_path, sha256, format, bytes);
	/* It replaces an earlier import: undone, and written again with
	 * the foreign keys on.  Nothing of ds was changed before. */
	if (rc == WRITE_CHECKED && (rc = set_bulk(st, 0)) == CF_OK)
		rc = write_file(st, ds, log_path, sha256, format, bytes);
	if (rc == CF_OK && st->grouped && ds->filing.skipped == NULL)
		st->group_flows += (int64_t)ds->nflows;
	return rc;
}

int
cf_store_log_file(cf_store *st, const char *path, const char *sha256,
    const char *format, size_t bytes, const char *status, const char *why)
{
	static const char sql[] = "INSERT INTO import_log(path, sha256,"
	    " format, bytes, started, finished, status, rows, error, batch_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, 0, ?7, ?8)";
	sqlite3_stmt *q;
	char now[32];
	int rc;

	if ((rc = group_open(st)) != CF_OK)
		return rc;
	if ((q = cf_store_stmt(st, sql)) == NULL)
		return CF_ESTORE;
	utc_now(now);
	bind_text(q, 1, path);
	bind_text(q, 2, sha256);
	bind_text(q, 3, format);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)bytes);
	bind_text(q, 5, now);
	bind_text(q, 6, status);
	bind_text(q, 7, why);
	bind_opt_int(q, 8, st->batch_id != 0, st->batch_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(st, "import log");
	sqlite3_reset(q);
	return rc;
}

int
cf_store_batch_begin(cf_store *st)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc;

	/* A batch killed before it built flow_to again left it out. */
	if ((rc = cf_store_index_restore(st)) != CF_OK)
		return rc;
	utc_now(now);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO import_batch(started)"
	    " VALUES (?1)", -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "import batch");
	bind_text(q, 1, now);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(st, "import batch");
	else
		st->batch_id = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(q);
	return rc;
}

int
cf_store_batch_end(cf_store *st, long files, long imported, long skipped,
    long failed, long ignored, int64_t bytes)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc = CF_OK;

	if (st->batch_id == 0)
		return CF_OK;
	utc_now(now);
	if (sqlite3_prepare_v2(st->db, "UPDATE import_batch SET finished = ?1,"
	    " files = ?2, imported = ?3, skipped = ?4, failed = ?5, ignored ="
	    " ?6, bytes = ?7 WHERE id = ?8", -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "import batch");
	bind_text(q, 1, now);
	sqlite3_bind_int64(q, 2, files);
	sqlite3_bind_int64(q, 3, imported);
	sqlite3_bind_int64(q, 4, skipped);
	sqlite3_bind_int64(q, 5, failed);
	sqlite3_bind_int64(q, 6, ignored);
	sqlite3_bind_int64(q, 7, bytes);
	sqlite3_bind_int64(q, 8, st->batch_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = cf_store_fail(st, "import batch");
	sqlite3_finalize(q);
	st->batch_id = 0;
	return rc;
}

/* ---- listings ----------------------------------------------------------- */

/* A filter value must be a word of its vocabulary. */
static int
check_filter(const char *what, const struct cf_vocab *v, const char *value)
{
	char allowed[512];
	size_t len = 0;
	int i;

	if (value == NULL || cf_vocab_find(v, value) >= 0)
		return CF_OK;
	allowed[0] = '\0';
	for (i = 0; v[i].name != NULL; i++)
		len += (size_t)snprintf(allowed + len, sizeof(allowed) - len,
		    "%s%s", i ? ", " : "", v[i].name);
	return cf_error_set(CF_EARG, "unknown %s '%s' (one of: %s)", what,
	    value, allowed);
}

static int
list(cf_table **out, cf_store *st, const char *sql, const char *a,
    const char *b, const char *c)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "listing");
	bind_text(q, 1, a);
	bind_text(q, 2, b);
	bind_text(q, 3, c);
	rc = cf_table_from_stmt(out, q);
	sqlite3_finalize(q);
	return rc;
}

int
cf_store_list_entities(cf_table **out, cf_store *st,
    const cf_list_filter *filter)
{
	static const char sql[] =
	    "SELECT e.id, e.name,"
	    " (SELECT group_concat(kind, ';') FROM (SELECT kind FROM"
	    "  entity_kind k WHERE k.entity_id = e.id ORDER BY kind)) AS kinds,"
	    " e.parent_id AS parent,"
	    " (SELECT group_concat(scheme || ':' || value, ';') FROM"
	    "  entity_identifier i WHERE i.entity_id = e.id) AS identifiers,"
	    " (SELECT group_concat(alias, ';') FROM entity_alias a"
	    "  WHERE a.entity_id = e.id) AS aliases"
	    " FROM entity e"
	    " WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM entity_kind k"
	    "  WHERE k.entity_id = e.id AND k.kind = ?1))"
	    " ORDER BY e.id";

	int rc;

	if (filter && (rc = check_filter("kind", cf_entity_kinds,
	    filter->kind)) != CF_OK)
		return rc;
	return list(out, st, sql, filter ? filter->kind : NULL, NULL, NULL);
}

int
cf_store_list_flows(cf_table **out, cf_store *st,
    const cf_list_filter *filter)
{
	static const char sql[] =
	    "SELECT f.id, f.from_id AS \"from\", f.to_id AS \"to\", f.type,"
	    " f.status, cf_money(f.amount_minor, f.currency) AS amount,"
	    " f.currency,"
	    " CASE WHEN f.low_minor IS NULL AND f.high_minor IS NULL THEN NULL"
	    "  ELSE coalesce(cf_money(f.low_minor, f.currency), '') || '..' ||"
	    "  coalesce(cf_money(f.high_minor, f.currency), '') END AS range,"
	    " CASE WHEN f.quantity IS NULL THEN NULL ELSE"
	    "  printf('%.15g %s', f.quantity, f.quantity_unit) END AS quantity,"
	    " f.announced,"
	    " " CF_SQL_FLOW_SOURCES " AS sources"
	    " FROM flow f"
	    " WHERE (?1 IS NULL OR f.status = ?1) AND (?2 IS NULL OR f.type = ?2)"
	    " AND (?3 IS NULL OR f.from_id = ?3 OR f.to_id = ?3)"
	    " ORDER BY f.announced, f.id";

	int rc;

	if (filter && ((rc = check_filter("status", cf_flow_statuses,
	    filter->status)) != CF_OK || (rc = check_filter("flow type",
	    cf_flow_types, filter->type)) != CF_OK))
		return rc;
	return list(out, st, sql, filter ? filter->status : NULL,
	    filter ? filter->type : NULL, filter ? filter->entity : NULL);
}

/* Each entity's group: the root of its parent chain. */
#define ROOTS_CTE \
	"roots(id, root, depth) AS (SELECT id, id, 0 FROM entity WHERE" \
	" parent_id IS NULL UNION ALL SELECT e.id, r.root, r.depth + 1 FROM" \
	" entity e JOIN roots r ON e.parent_id = r.id WHERE r.depth < 100)"

int
cf_store_backlog(cf_table **out, cf_store *st, const char *as_of)
{
	return list(out, st, "WITH RECURSIVE " ROOTS_CTE ","
	    " rpo AS (SELECT r.root, d.id, d.entity_id, d.as_of, d.currency,"
	    " d.amount_minor, d.estimate, row_number() OVER (PARTITION BY"
	    " r.root ORDER BY d.as_of DESC, d.amount_minor DESC) AS rn FROM"
	    " disclosure d JOIN roots r ON r.id = d.entity_id WHERE d.kind ="
	    " 'rpo' AND (?1 IS NULL OR d.as_of <= ?1)),"
	    " known AS (SELECT r.root, f.currency, sum(CASE WHEN f.status ="
	    " 'committed' THEN f.amount_minor ELSE 0 END) AS committed,"
	    " sum(CASE WHEN f.status IN ('contingent', 'option',"
	    " 'letter-of-intent') THEN coalesce(f.amount_minor, f.low_minor)"
	    " ELSE 0 END) AS contingent, sum(f.status = 'committed') AS"
	    " flows FROM flow f JOIN roots r ON r.id = f.to_id JOIN roots s ON"
	    " s.id = f.from_id WHERE s.root <> r.root AND (f.amount_minor IS"
	    " NOT NULL OR f.low_minor IS NOT NULL) AND (?1 IS NULL OR"
	    " f.announced <= ?1) GROUP BY r.root, f.currency)"
	    " SELECT p.root AS vendor, e.name, p.entity_id AS disclosed_by,"
	    " p.as_of, p.currency, cf_money(p.amount_minor, p.currency) AS rpo,"
	    " CASE p.estimate WHEN 1 THEN 'yes' ELSE '' END AS rpo_estimate,"
	    " coalesce(k.flows, 0) AS committed_flows,"
	    " cf_money(coalesce(k.committed, 0), p.currency) AS committed,"
	    " cf_money(coalesce(k.contingent, 0), p.currency) AS contingent,"
	    " CASE WHEN p.amount_minor > 0 THEN printf('%.1f', 100.0 *"
	    " coalesce(k.committed, 0) / p.amount_minor) END AS"
	    " committed_pct_of_rpo FROM rpo p JOIN entity e ON e.id = p.root"
	    " LEFT JOIN known k ON k.root = p.root AND k.currency = p.currency"
	    " WHERE p.rn = 1 ORDER BY p.amount_minor DESC, p.root", as_of,
	    NULL, NULL);
}

int
cf_store_batch_resolution(cf_store *st, int64_t batch_id,
    long counts[CF_MATCH_COUNT], cf_table **created, long max)
{
	sqlite3_stmt *q = NULL;
	char batch[32], limit[32];
	int rc = CF_OK, r, k;

	for (k = 0; k < CF_MATCH_COUNT; k++)
		counts[k] = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT r.matched_by, sum(r.entities)"
	    " FROM import_resolution r JOIN import_log l ON l.id ="
	    " r.import_id WHERE l.batch_id = ?1 AND l.status = 'ok' GROUP BY"
	    " 1", -1, &q,
	    NULL) != SQLITE_OK)
		return cf_store_fail(st, "resolution summary");
	sqlite3_bind_int64(q, 1, batch_id);
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		for (k = 0; k < CF_MATCH_COUNT; k++)
			if (strcmp((const char *)sqlite3_column_text(q, 0),
			    cf_match_names[k]) == 0)
				counts[k] = (long)sqlite3_column_int64(q, 1);
	if (r != SQLITE_DONE)
		rc = cf_store_fail(st, "resolution summary");
	sqlite3_finalize(q);
	if (rc != CF_OK || created == NULL)
		return rc;
	snprintf(batch, sizeof(batch), "%lld", (long long)batch_id);
	snprintf(limit, sizeof(limit), "%ld", max);
	return list(created, st, "SELECT r.entity_id AS id, r.name, r.cik,"
	    " r.cusip, l.path AS file, r.line FROM entity_resolution r JOIN"
	    " import_log l ON l.id = r.import_id WHERE l.batch_id = ?1 AND"
	    " l.status = 'ok' AND r.matched_by = 'new' ORDER BY l.id, r.line"
	    " LIMIT ?2", batch, limit, NULL);
}

int
cf_store_summary(cf_table **out, cf_store *st)
{
	static const char sql[] =
	    "SELECT s.name AS status, count(f.id) AS flows,"
	    " (SELECT group_concat(total, '; ') FROM (SELECT g.currency || ' '"
	    "  || cf_money(sum(g.amount_minor), g.currency) AS total FROM flow g"
	    "  WHERE g.status = s.name AND g.amount_minor IS NOT NULL"
	    "  GROUP BY g.currency ORDER BY g.currency)) AS amount,"
	    " count(f.id) - count(f.amount_minor) AS without_amount"
	    " FROM flow_status s LEFT JOIN flow f ON f.status = s.name"
	    " GROUP BY s.name ORDER BY s.rowid";

	return list(out, st, sql, NULL, NULL, NULL);
}
