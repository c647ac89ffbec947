/* Rows from memory as a virtual table (rowfeed.c): what SQL reads back,
 * NULLs and each type; one INSERT ... SELECT of all rows; after a
 * constraint fails, the row it failed on, or none for a foreign key
 * checked at the statement's end; a feed set again; empty. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "rowfeed.h"

struct row {
	const char *name;	/* NULL: SQL NULL */
	long long n;
	double x;
};

static void
row_column(const void *rows, size_t i, int col, sqlite3_context *out)
{
	const struct row *r = (const struct row *)rows + i;

	if (col == 0 && r->name != NULL)
		sqlite3_result_text(out, r->name, -1, SQLITE_STATIC);
	else if (col == 1)
		sqlite3_result_int64(out, r->n);
	else if (col == 2)
		sqlite3_result_double(out, r->x);
}

static sqlite3 *
open_db(cf_rowfeed **feed)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(cf_rowfeed_register(db, "rows",
	    "CREATE TABLE x(name, n, x)", feed), SQLITE_OK);
	assert_non_null(*feed);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(name TEXT UNIQUE,"
	    " n INTEGER CHECK (n >= 0), x REAL)", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static char *
dump(sqlite3 *db, const char *sql)
{
	static char buf[512];
	sqlite3_stmt *q;
	size_t len = 0;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);

		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s|",
		    t ? (const char *)t : "NULL");
		assert_true(len < sizeof(buf));
	}
	sqlite3_finalize(q);
	return buf;
}

static void
test_reads_every_row_and_type(void **state)
{
	static const struct row rows[] = {
		{"a", 1, 0.5}, {NULL, 2, -1.25}, {"c", 3, 1e9},
	};
	cf_rowfeed *feed;
	sqlite3 *db = open_db(&feed);

	(void)state;
	cf_rowfeed_set(feed, rows, 3, row_column);
	assert_string_equal(dump(db, "SELECT quote(name) || ',' || n || ','"
	    " || typeof(n) || ',' || x || ',' || typeof(x) FROM rows"),
	    "'a',1,integer,0.5,real|NULL,2,integer,-1.25,real|"
	    "'c',3,integer,1000000000.0,real|");
	assert_int_equal(sqlite3_exec(db, "INSERT INTO t SELECT * FROM rows",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_string_equal(dump(db, "SELECT count(*) || ',' || sum(n) FROM t"),
	    "3,6|");
	/* Set again: the table now holds only the new rows. */
	cf_rowfeed_set(feed, rows + 2, 1, row_column);
	assert_string_equal(dump(db, "SELECT name FROM rows"), "c|");
	cf_rowfeed_set(feed, rows, 0, row_column);
	assert_string_equal(dump(db, "SELECT count(*) FROM rows"), "0|");
	sqlite3_close(db);
}

static void
test_failed_insert_names_its_row(void **state)
{
	static const struct row rows[] = {
		{"a", 1, 0}, {"b", 2, 0}, {"a", 3, 0}, {"d", 4, 0}, {"e", -5, 0},
	};
	cf_rowfeed *feed;
	sqlite3 *db = open_db(&feed);

	(void)state;
	/* Row 2 repeats row 0's name. */
	cf_rowfeed_set(feed, rows, 4, row_column);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO t SELECT * FROM rows",
	    NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(cf_rowfeed_at(feed), 2);
	assert_string_equal(dump(db, "SELECT count(*) FROM t"), "0|");
	/* Row 1 of these breaks the CHECK. */
	cf_rowfeed_set(feed, rows + 3, 2, row_column);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO t SELECT * FROM rows",
	    NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(cf_rowfeed_at(feed), 1);
	sqlite3_close(db);
}

/* An immediate foreign key of a multi-row insert is checked when the
 * statement ends: no row to name, cf_rowfeed_at is past the last. */
static void
test_foreign_key_at_end_names_no_row(void **state)
{
	static const struct row rows[] = {
		{"a", 1, 0}, {"zz", 2, 0}, {"a", 3, 0},
	};
	cf_rowfeed *feed;
	sqlite3 *db;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(cf_rowfeed_register(db, "rows",
	    "CREATE TABLE x(name, n, x)", &feed), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON;"
	    " CREATE TABLE p(name TEXT PRIMARY KEY); INSERT INTO p VALUES ('a');"
	    " CREATE TABLE c(name TEXT REFERENCES p(name), n, x)", NULL, NULL,
	    NULL), SQLITE_OK);
	cf_rowfeed_set(feed, rows, 3, row_column);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO c SELECT * FROM rows",
	    NULL, NULL, NULL), SQLITE_CONSTRAINT);
	assert_int_equal(cf_rowfeed_at(feed), 3);
	assert_string_equal(dump(db, "SELECT count(*) FROM c"), "0|");
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_every_row_and_type),
		cmocka_unit_test(test_failed_insert_names_its_row),
		cmocka_unit_test(test_foreign_key_at_end_names_no_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
