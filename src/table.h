/*
 * table.h - building result tables (internal).
 */
#ifndef CF_TABLE_H
#define CF_TABLE_H

#include <sqlite3.h>

#include "circfin.h"

/*
 * Run a prepared statement to completion and collect its rows into a new
 * table (column names from the statement).  The statement is reset, not
 * finalized.  CF_ESTORE or CF_ENOMEM on failure.
 */
int cf_table_from_stmt(cf_table **out, sqlite3_stmt *st);

/* Write s as a JSON string (quoted, escaped); -1 on a write error. */
int cf_json_string(FILE *fp, const char *s);

/* A new empty table with these column names (copied). */
int cf_table_new(cf_table **out, size_t ncols, const char *const *headers);
/* Append a row of ncols cells (copied; NULL for SQL NULL); numeric[i]
 * says cell i is a number (JSON writes it bare).  numeric may be NULL. */
int cf_table_add_row(cf_table *t, const char *const *cells,
    const unsigned char *numeric);

#endif /* CF_TABLE_H */
