/*
 * rowfeed.h - rows held in C memory, read by SQL as a table (internal).
 *
 * A row feed is an eponymous virtual table on one connection: a statement
 * such as INSERT INTO flow(...) SELECT * FROM cf_flow_rows writes all the
 * rows of a file in one statement.  One sqlite3_step per row costs a
 * statement's set-up each time (its transaction check, a cursor on the
 * table and on each index opened and closed, a statement savepoint):
 * the 229,130 flow rows of bench/import's quarter corpus took 7.60 G
 * instructions as single-row inserts and 5.02 G through a feed, in a
 * program of SQLite calls alone.
 */
#ifndef CF_ROWFEED_H
#define CF_ROWFEED_H

#include <stddef.h>

#include <sqlite3.h>

/* Puts column col of row i of rows into out (sqlite3_result_*; nothing
 * for NULL).  Text may be SQLITE_STATIC: it is read before the next row. */
typedef void cf_rowfeed_column(const void *rows, size_t i, int col,
    sqlite3_context *out);

typedef struct cf_rowfeed cf_rowfeed;

/*
 * Registers table name on db with the columns of declare ("CREATE TABLE
 * x(a, b, ...)").  The feed belongs to db and is freed when db closes;
 * *out is NULL when registering failed (an SQLite result code is
 * returned).
 */
int cf_rowfeed_register(sqlite3 *db, const char *name, const char *declare,
    cf_rowfeed **out);

/* What the table holds until the next call: n rows, read through column. */
void cf_rowfeed_set(cf_rowfeed *f, const void *rows, size_t n,
    cf_rowfeed_column *column);

/*
 * The row last read.  After INSERT ... SELECT * FROM feed failed on a row,
 * that row: SQLite runs the SELECT as a co-routine and inserts each row
 * as it is read.  Not so when it copies the SELECT into a temporary table
 * first (a trigger on the target does that), nor for what it checks only
 * when the statement ends (an immediate foreign key of a multi-row
 * insert): then n, past the last row.
 */
size_t cf_rowfeed_at(const cf_rowfeed *f);

#endif /* CF_ROWFEED_H */
