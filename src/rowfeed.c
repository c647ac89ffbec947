/*
 * rowfeed.c - rows held in C memory as an eponymous SQLite virtual table
 * (rowfeed.h).  Read-only; a full scan is its only plan.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rowfeed.h"

struct cf_rowfeed {
	char *declare;
	const void *rows;
	size_t n;
	cf_rowfeed_column *column;
	size_t at;		/* the row a cursor read last */
};

struct feed_vtab {
	sqlite3_vtab base;
	cf_rowfeed *feed;
};

struct feed_cursor {
	sqlite3_vtab_cursor base;
	cf_rowfeed *feed;
	size_t i;
};

static int
feed_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **out, char **err)
{
	cf_rowfeed *f = aux;
	struct feed_vtab *t;
	int rc;

	(void)argc;
	(void)argv;
	(void)err;
	if ((rc = sqlite3_declare_vtab(db, f->declare)) != SQLITE_OK)
		return rc;
	if ((t = sqlite3_malloc(sizeof(*t))) == NULL)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof(*t));
	t->feed = f;
	*out = &t->base;
	return SQLITE_OK;
}

static int
feed_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

static int
feed_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	(void)t;
	info->estimatedCost = 1e6;
	return SQLITE_OK;
}

static int
feed_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	struct feed_cursor *c;

	if ((c = sqlite3_malloc(sizeof(*c))) == NULL)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->feed = ((struct feed_vtab *)t)->feed;
	*out = &c->base;
	return SQLITE_OK;
}

static int
feed_close(sqlite3_vtab_cursor *c)
{
	sqlite3_free(c);
	return SQLITE_OK;
}

static int
feed_filter(sqlite3_vtab_cursor *vc, int plan, const char *plan_name,
    int argc, sqlite3_value **argv)
{
	struct feed_cursor *c = (struct feed_cursor *)vc;

	(void)plan;
	(void)plan_name;
	(void)argc;
	(void)argv;
	c->i = 0;
	c->feed->at = 0;
	return SQLITE_OK;
}

static int
feed_next(sqlite3_vtab_cursor *vc)
{
	struct feed_cursor *c = (struct feed_cursor *)vc;

	c->feed->at = ++c->i;
	return SQLITE_OK;
}

static int
feed_eof(sqlite3_vtab_cursor *vc)
{
	struct feed_cursor *c = (struct feed_cursor *)vc;

	return c->i >= c->feed->n;
}

static int
feed_column(sqlite3_vtab_cursor *vc, sqlite3_context *out, int col)
{
	struct feed_cursor *c = (struct feed_cursor *)vc;

	c->feed->column(c->feed->rows, c->i, col, out);
	return SQLITE_OK;
}

static int
feed_rowid(sqlite3_vtab_cursor *vc, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct feed_cursor *)vc)->i;
	return SQLITE_OK;
}

/* xCreate NULL: eponymous only, never in a schema. */
static const sqlite3_module feed_module = {
	.iVersion = 0,
	.xConnect = feed_connect,
	.xBestIndex = feed_best_index,
	.xDisconnect = feed_disconnect,
	.xOpen = feed_open,
	.xClose = feed_close,
	.xFilter = feed_filter,
	.xNext = feed_next,
	.xEof = feed_eof,
	.xColumn = feed_column,
	.xRowid = feed_rowid,
};

static void
feed_free(void *p)
{
	cf_rowfeed *f = p;

	free(f->declare);
	free(f);
}

int
cf_rowfeed_register(sqlite3 *db, const char *name, const char *declare,
    cf_rowfeed **out)
{
	cf_rowfeed *f;
	int rc;

	*out = NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->declare = strdup(declare)) == NULL) {
		free(f);
		return SQLITE_NOMEM;
	}
	/* SQLite calls feed_free when it fails, too. */
	if ((rc = sqlite3_create_module_v2(db, name, &feed_module, f,
	    feed_free)) == SQLITE_OK)
		*out = f;
	return rc;
}

void
cf_rowfeed_set(cf_rowfeed *f, const void *rows, size_t n,
    cf_rowfeed_column *column)
{
	f->rows = rows;
	f->n = n;
	f->column = column;
	f->at = 0;
}

size_t
cf_rowfeed_at(const cf_rowfeed *f)
{
	return f->at;
}
