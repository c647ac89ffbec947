/*
 * circfin.h - the public interface of libcircfin.
 *
 * libcircfin turns curated deal data and filings into a directed money-flow
 * graph kept in an SQLite store.  This header is the whole API: anything not
 * declared here is internal.
 *
 * Conventions
 *  - Functions return CF_OK (0) or a negative CF_E* code.  The code that
 *    finds an error records one message (with file and line for input
 *    errors); cf_error_message() returns it.  The message is per thread.
 *  - Handles are opaque: cf_x_new/cf_x_open create them through an
 *    out-parameter named first, cf_x_free/cf_x_close accept NULL.
 *  - Money is exact: int64_t minor units (cents for USD) plus an ISO 4217
 *    currency code.  Floating point appears only inside analytics.
 *  - The library never prints, exits or reads argv; callers own stdio.
 */
#ifndef CIRCFIN_H
#define CIRCFIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

enum {
	CF_OK = 0,
	CF_ENOMEM = -1,		/* allocation failed */
	CF_EINPUT = -2,		/* bad input data (file, line in the message) */
	CF_EIO = -3,		/* reading or writing a file failed */
	CF_ESTORE = -4,		/* the SQLite store failed or is incompatible */
	CF_EARG = -5,		/* bad argument from the caller (usage) */
	CF_ENOTFOUND = -6,	/* a named thing does not exist */
	CF_EGRAPH = -7		/* igraph failed */
};

/* Record a message for the current thread and return code unchanged. */
int cf_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The last message recorded on this thread ("" when none). */
const char *cf_error_message(void);
void cf_error_clear(void);
/* A short name for a code: "out of memory", "bad input", ... */
const char *cf_error_name(int code);

/* ---- version ----------------------------------------------------------- */

const char *cf_version(void);

/* ---- money ------------------------------------------------------------- */

/*
 * Look up an active ISO 4217 code; on success *out is the number of minor
 * digits (2 for USD, 0 for JPY, 3 for KWD).  CF_EINPUT for an unknown code.
 */
int cf_currency_exponent(int *out, const char *code);

/*
 * Parse a non-negative decimal number of major units ("1250000000.00") into
 * minor units with the given exponent.  Exact: no floating point.  Fails
 * with CF_EINPUT (message says why) on a sign, a non-digit, more decimal
 * places than the exponent allows (unless they are zeros), or an amount
 * that does not fit in int64_t.
 */
int cf_money_parse(int64_t *out, const char *text, int exponent);

/*
 * Write minor units as a decimal string of major units ("1250000000.00")
 * into buf.  Returns the number of characters written, or -1 if it does
 * not fit.
 */
int cf_money_format(char *buf, size_t size, int64_t minor, int exponent);

/* ---- dates ------------------------------------------------------------- */

/*
 * Is text a valid ISO 8601 calendar date at day, month or year precision
 * (YYYY-MM-DD, YYYY-MM or YYYY)?  Returns 1 or 0.
 */
int cf_date_valid(const char *text);

/* ---- SHA-256 ----------------------------------------------------------- */

#define CF_SHA256_HEX 65	/* 64 hex digits and a NUL */
void cf_sha256_hex(char out[CF_SHA256_HEX], const void *data, size_t len);

/* ---- the store --------------------------------------------------------- */

typedef struct cf_store cf_store;

enum {
	CF_STORE_CREATE = 1	/* create the file and schema if missing */
};

/*
 * Open (and with CF_STORE_CREATE create) the SQLite store at path
 * (":memory:" for a private in-memory store).  Foreign keys on, WAL mode
 * for files, a busy timeout.  A store whose schema is newer than this
 * library, or that is not a circfin store, gives CF_ESTORE.
 */
int cf_store_open(cf_store **out, const char *path, int flags);
void cf_store_close(cf_store *st);
/* The schema version this library writes (PRAGMA user_version). */
int cf_store_schema_version(void);

/* Counts of what the store holds. */
typedef struct cf_store_counts {
	long entities;
	long flows;
	long sources;
	long disclosures;
	long imports;		/* import_log rows with status ok */
} cf_store_counts;

int cf_store_counts_get(cf_store *st, cf_store_counts *out);

/* ---- result tables ----------------------------------------------------- */

/*
 * A table of text cells: what listing commands return.  NULL cells are SQL
 * NULLs.  Writers render it for people (aligned text), for programs (CSV,
 * RFC 4180) or as JSON (an array of objects).
 */
typedef struct cf_table cf_table;

void cf_table_free(cf_table *t);
size_t cf_table_columns(const cf_table *t);
size_t cf_table_rows(const cf_table *t);
const char *cf_table_header(const cf_table *t, size_t col);
const char *cf_table_cell(const cf_table *t, size_t row, size_t col);
int cf_table_write_text(const cf_table *t, FILE *fp);
int cf_table_write_csv(const cf_table *t, FILE *fp);
int cf_table_write_json(const cf_table *t, FILE *fp);

/* Filters for the listing queries; NULL fields mean "any". */
typedef struct cf_list_filter {
	const char *kind;	/* entities: having this kind */
	const char *status;	/* flows: with this status */
	const char *type;	/* flows: of this type */
	const char *entity;	/* flows: from or to this entity id */
} cf_list_filter;

/* Entities with kinds, parent and identifiers, ordered by id. */
int cf_store_list_entities(cf_table **out, cf_store *st,
    const cf_list_filter *filter);
/* Flows with names, amounts in major units, status and sources. */
int cf_store_list_flows(cf_table **out, cf_store *st,
    const cf_list_filter *filter);
/* A summary of the store: per status, the flow count and totals. */
int cf_store_summary(cf_table **out, cf_store *st);

/* ---- import ------------------------------------------------------------ */

/* What happened to one file of a batch. */
enum {
	CF_FILE_IMPORTED = 0,
	CF_FILE_SKIPPED = 1,	/* same content imported before */
	CF_FILE_FAILED = 2
};

typedef struct cf_batch cf_batch;

/* Called after each file; may be NULL. */
typedef void (*cf_progress_fn)(void *arg, size_t files_done,
    size_t files_total, uint64_t bytes_done, uint64_t bytes_total);

typedef struct cf_import_opts {
	const char *format;	/* "auto" (default when NULL), "xml", "csv" */
	cf_progress_fn progress;
	void *progress_arg;
} cf_import_opts;

/*
 * Import files and directories (walked recursively, dot-files skipped).
 * Each file is imported in its own transaction: a file that fails leaves
 * no row behind, and the batch goes on.  Within a batch, sources come
 * before entities and entities before flows, so a directory of CSV files
 * imports in one go.  A file whose SHA-256 is already in the store is
 * skipped; a file at a path imported before with other content replaces
 * that import's rows.
 *
 * Returns CF_OK when the batch ran (even if files failed: look at the
 * batch), or an error when it could not run at all.  *out is set on CF_OK.
 */
int cf_import_paths(cf_batch **out, cf_store *st, const char *const *paths,
    size_t npaths, const cf_import_opts *opts);

void cf_batch_free(cf_batch *b);
size_t cf_batch_files(const cf_batch *b);
size_t cf_batch_count(const cf_batch *b, int status);
/* Details of file i; any out-pointer may be NULL.  The message is empty
 * unless the file failed or was skipped. */
void cf_batch_file(const cf_batch *b, size_t i, const char **path,
    int *status, const char **format, long *rows, const char **message);

#ifdef __cplusplus
}
#endif

#endif /* CIRCFIN_H */
