/*
 * store.h - the SQLite store's internals, shared with the importers.
 */
#ifndef CF_STORE_H
#define CF_STORE_H

#include <sqlite3.h>

#include "circfin.h"
#include "model.h"

#define CF_STORE_STMTS 128	/* prepared statements kept, a power of 2 */

/*
 * SQL for the ids of the sources of flow f, joined by ';' in id order:
 * its import's when it cites its import (cites_import), else the ones it
 * lists.  It reads the base tables: as a correlated subquery over the
 * flow_source view, SQLite builds the whole view for every statement
 * (0.5 s for one flow of 200,000, 3.2 s for `circfin flows --entity` on
 * bench/import's scale-1 store).
 */
#define CF_SQL_FLOW_SOURCES \
	"coalesce((SELECT group_concat(id, ';') FROM (SELECT id FROM source" \
	" WHERE f.cites_import = 1 AND import_id = f.import_id ORDER BY id))," \
	" (SELECT group_concat(source_id, ';') FROM (SELECT source_id FROM" \
	" flow_source_listed WHERE flow_id = f.id ORDER BY source_id)))"

struct cf_store {
	sqlite3 *db;
	sqlite3_int64 batch_id;	/* the import batch running, or 0 */
	int grouped;		/* in a batch: each file writes under its
				   own savepoint of a group transaction */
	int in_group;		/* that transaction is open (it begins at
				   a group's first write) */
	int bulk;		/* foreign keys off for bulk files (store.c) */
	long bulk_rows;		/* the rows that make a file a bulk file */
	int64_t flows_before;	/* in a group: the flows the store had */
	int64_t group_flows;	/* and those written since */
	int64_t defer_flows;	/* write that many, and at least as many as
				   it had, and flow_to waits (store.c) */
	int deferred;		/* flow_to was dropped by this group */
	int journal_in_memory;	/* temp_store = MEMORY: for small files */
	size_t journal_max;	/* a larger dataset journals to a file */
	struct {
		const char *sql;	/* the key: the string's address */
		sqlite3_stmt *q;
	} stmt[CF_STORE_STMTS];
	struct cf_id_cache *ids;	/* entities by identifier (resolve.c) */
	long data_version;	/* SQLite's when ids was last checked */
	struct checkpointer *ckpt;	/* in a group: checkpoints' thread */
	struct cf_rowfeed *flow_rows;	/* a file's flows, as cf_flow_rows */
};

/* Empty, or free, st's cache of entities by identifier: whenever a
 * transaction begins or anything is rolled back, replaced or merged. */
void cf_resolve_forget(cf_store *st);
void cf_resolve_cache_free(cf_store *st);

/*
 * The prepared statement for sql, reset and with its bindings cleared,
 * prepared once and kept until the store closes.  sql must have static
 * storage: its address is the key.  Not for two uses of the same sql at
 * once.  NULL (with the error set) when it does not prepare.  The
 * statements of the import path go through here: a fixed set, far fewer
 * than CF_STORE_STMTS.
 */
sqlite3_stmt *cf_store_stmt(cf_store *st, const char *sql);

/*
 * Group transactions for batches: between cf_store_group_begin and
 * cf_store_group_end every cf_store_write_dataset runs under a savepoint
 * of one transaction, so a failed file leaves nothing behind while many
 * files share one commit.  The transaction begins at the group's first
 * write, so the store is free for other writers while a file is read.
 * end commits (commit != 0) or rolls back.  When a failed file cannot be
 * undone, the whole group is rolled back and CF_ESTORE returned.
 */
int cf_store_group_begin(cf_store *st);
int cf_store_group_end(cf_store *st, int commit);
/* Commit the group's files so far; later files go on in the group. */
int cf_store_group_commit(cf_store *st);

/*
 * The index a large batch drops while it writes and builds again by
 * sorting (store_index.c).  defer drops it; restore builds it when it is
 * missing, from its definition in schema.sql.  Each runs in transactions
 * of its own: call them outside one.
 */
int cf_store_index_defer(cf_store *st);
int cf_store_index_restore(cf_store *st);

/* A second connection to st's database file, for another thread to
 * read while st writes (WAL lets it see the last commit); *out is NULL
 * when st is in memory and has no file to share. */
int cf_store_open_peer(cf_store *st, cf_store **out);

/* Is content with this SHA-256 already imported (status ok)?  Sets *out
 * to 1 or 0.  When 1 and path_out is not NULL, *path_out is a malloc'd
 * copy of the path it was imported from. */
int cf_store_has_content(cf_store *st, int *out, const char *sha256,
    char **path_out);

/*
 * Write one file's dataset in one transaction: an import_log row, every
 * record, then the checks across files (references to entities, sources
 * and flows defined here or imported before; parent chains without
 * loops).  log_path is the file's canonical path, recorded in the import
 * log; a previous successful import of the same log_path is replaced.  On
 * any failure everything is rolled back and the error names the file (as
 * ds->path gives it) and line.
 *
 * A filing (ds->is_filing) is skipped, with ds->filing.skipped saying
 * why and a "skipped" row logged, when its accession is in the store or
 * an amendment of it is; an amendment replaces the imports of its
 * lineage.  Its entities are resolved (cf_resolve_dataset) first.
 *
 * ds must have passed cf_dataset_check.  In a group, a filing that
 * replaces nothing and cites only its own records may be written with
 * foreign keys off: one of bulk_rows rows or more is, a smaller one
 * keeps the setting it finds (store.c, set_bulk); a change of the
 * setting commits the group so far.
 */
int cf_store_write_dataset(cf_store *st, cf_dataset *ds,
    const char *log_path, const char *sha256, const char *format,
    size_t bytes);

/* Record a file that was not imported in the import log (its own
 * transaction): status "failed", "skipped" or "ignored", and why. */
int cf_store_log_file(cf_store *st, const char *path, const char *sha256,
    const char *format, size_t bytes, const char *status,
    const char *why);

/* Start and finish an import batch: an import_batch row that later
 * import_log rows reference, and its counts at the end. */
int cf_store_batch_begin(cf_store *st);
int cf_store_batch_end(cf_store *st, long files, long imported,
    long skipped, long failed, long ignored, int64_t bytes);

/* A write transaction (BEGIN IMMEDIATE), and its end. */
int cf_store_begin(cf_store *st);
int cf_store_commit(cf_store *st);
void cf_store_rollback(cf_store *st);

/* Insert an analysis_run row of this kind for g, with g's edges and the
 * flows behind them, inside the caller's transaction (runs.c). */
int cf_run_insert(cf_store *st, const struct cf_graph *g, const char *kind,
    int64_t *run_id);

/*
 * What resolution can decide from ds alone, without the store, so that the
 * thread that read the file does it: each entity to resolve gets its name
 * key and its own id buffer, which every reference to it then shares, and
 * is matched to an earlier entity of the file that is the same (same CIK,
 * or the same issuer CUSIP or name key when CIKs do not tell them apart).
 * Sets ds->resolve_prepared; CF_OK, CF_ENOMEM, or CF_EINPUT for an
 * entity id longer than CF_ID_MAX.
 */
int cf_resolve_prepare(cf_dataset *ds);

/*
 * Resolve the entities ds names but does not define (resolve set): each
 * gets the id of the store entity it matches (by CIK, CUSIP, normalised
 * name, then alias) or a new id, which every reference in ds shares, and
 * how it matched (matched_by).  Prepares ds first unless it was
 * (cf_resolve_prepare).  Runs inside the writer's transaction and writes
 * nothing (src/resolve.c).
 */
int cf_resolve_dataset(cf_store *st, cf_dataset *ds);

/*
 * Record how ds's entities were resolved, under import_id: rows in
 * entity_resolution (those not matched by an identifier) and the counts in
 * import_resolution.  Call it once the entities are written: a row naming
 * an entity not written yet would leave a deferred foreign key pending,
 * and while one is pending SQLite looks for the rows that name each entity
 * or flow written next (a scan of flow while a batch has dropped flow_to).
 */
int cf_resolve_record(cf_store *st, const cf_dataset *ds, int64_t import_id);

/* entity_resolution.matched_by and import_resolution.matched_by, by
 * CF_MATCH_* */
extern const char *const cf_match_names[CF_MATCH_COUNT];

/*
 * After an alias table's rows (import_id) are in: merge each entity a
 * filing created whose name or alias an alias now gives into the entity
 * the alias names (flows, disclosures, holdings and identifiers move; the
 * created entity's name becomes an alias).  An alias naming an entity
 * whose CIK differs from a created entity's of that name is CF_EINPUT.
 * path names the alias file in messages.
 */
int cf_resolve_merge(cf_store *st, const char *path, int64_t import_id);

/* The key names are matched on: lower case, '&' as "and", punctuation as
 * space, legal suffixes (Inc, Corp, LLC, L.P., Ltd, PLC, PBC ...) and a
 * leading "The" dropped, spaces collapsed.  out holds at most size - 1
 * bytes. */
void cf_name_key(char *out, size_t size, const char *name);
#define CF_NAME_KEY_MAX 256

/* Set a store error from SQLite's message for what. */
int cf_store_fail(cf_store *st, const char *what);

/* Run sql, which has no parameters (schema statements, pragmas); an
 * error names the statement. */
int cf_store_exec(cf_store *st, const char *sql);
/* The first column of sql's first row, which must exist. */
int cf_store_query_int(cf_store *st, const char *sql, long *out);

#endif /* CF_STORE_H */
