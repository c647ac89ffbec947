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


#endif /* CF_TABLE_H */
