/* The SQLite store: schema and vocabularies (checked against the XSD too),
 * importing files in transactions, skipping and replacing, errors across
 * files, hostile names, incompatible stores, listings and table writers. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sqlite3.h>

#include "circfin.h"
#include "import.h"
#include "model.h"
#include "store.h"
#include "table.h"
#include "testutil.h"

#define ENTITIES "id,name,kinds,parent\na,Alpha,lab,\nb,Beta,cloud,\n"
#define FHEAD "id,from,to,type,amount,currency,status,announced\n"

/* A per-test temporary directory and store. */
struct fixture {
	char dir[256];
	char db[256];
	cf_store *st;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	tu_tmpdir(fx->dir, sizeof(fx->dir));
	fx->st = tu_store_tmp(fx->db, sizeof(fx->db));
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	tu_store_remove(fx->st, fx->db);
	tu_rmtree(fx->dir);
	free(fx);
	return 0;
}

static const char *
example_path(char *buf, size_t size)
{
	return tu_path(buf, size, "TOP_SRCDIR", "docs/example-dataset.xml");
}

static void
import_example(cf_store *st)
{
	char path[4096];
	const char *paths[1], *msg;
	cf_batch *b;

	paths[0] = example_path(path, sizeof(path));
	b = tu_import(st, paths, 1);
	if (tu_only_status(b, &msg) != CF_FILE_IMPORTED)
		fail_msg("example: %s", msg);
	cf_batch_free(b);
}

/* Write dir/name and import it; the file must import. */
static void
import_ok(struct fixture *fx, const char *name, const char *text)
{
	char path[512];
	const char *msg;
	cf_batch *b = tu_import_text(fx->st, fx->dir, name, text, path,
	    sizeof(path));

	if (tu_only_status(b, &msg) != CF_FILE_IMPORTED)
		fail_msg("%s: %s", name, msg);
	cf_batch_free(b);
}

/* Write dir/name and import it; the file must fail with "path:line:"
 * (line > 0) and needle in its message. */
static void
import_fails(struct fixture *fx, const char *name, const char *text,
    long line, const char *needle)
{
	char path[512], where[600];
	const char *msg;
	cf_batch *b = tu_import_text(fx->st, fx->dir, name, text, path,
	    sizeof(path));

	if (tu_only_status(b, &msg) != CF_FILE_FAILED)
		fail_msg("%s was not refused (wanted \"%s\")", name, needle);
	if (line > 0)
		snprintf(where, sizeof(where), "%s:%ld: ", path, line);
	else
		snprintf(where, sizeof(where), "%s: ", path);
	tu_assert_has(msg, where);
	tu_assert_has(msg, needle);
	cf_batch_free(b);
}

/* "table=rows;" for every table of the store but the logs (which record
 * every attempt, by design), into a malloc'd string. */
static char *
snapshot(cf_store *st)
{
	sqlite3_stmt *q = NULL;
	char *out = calloc(1, 8192), sql[200];
	size_t n = 0;

	assert_non_null(out);
	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT name FROM"
	    " sqlite_schema WHERE type = 'table' AND name NOT IN ('import_log',"
	    " 'import_batch') ORDER BY name", -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t);
		n += (size_t)snprintf(out + n, 8192 - n, "%s=%lld;", t,
		    tu_query_int(st, sql));
		assert_true(n < 8192);
	}
	sqlite3_finalize(q);
	return out;
}

/* ---- schema and vocabularies -------------------------------------------- */

static void
test_memory_store_has_current_schema_version(void **state)
{
	cf_store *st = NULL;
	cf_store_counts c;

	(void)state;
	assert_int_equal(cf_store_open(&st, ":memory:", CF_STORE_CREATE),
	    CF_OK);
	assert_int_equal(tu_query_int(st, "PRAGMA user_version"),
	    cf_store_schema_version());
	assert_int_equal(cf_store_schema_version(), 6);
	assert_int_equal(tu_query_int(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(cf_store_counts_get(st, &c), CF_OK);
	assert_int_equal(c.entities + c.flows + c.sources + c.disclosures +
	    c.imports, 0);
	cf_store_close(st);
}

static const struct {
	const char *table, *xsd;
	const struct cf_vocab *v;
} vocabs[] = {
	{"entity_kind_name", "/xs:schema/xs:simpleType[@name='Kind']",
	 cf_entity_kinds},
	{"flow_type", "/xs:schema/xs:simpleType[@name='FlowType']",
	 cf_flow_types},
	{"flow_status", "/xs:schema/xs:simpleType[@name='Status']",
	 cf_flow_statuses},
	{"confidence", "/xs:schema/xs:simpleType[@name='Confidence']",
	 cf_confidences},
	{"identifier_scheme", "/xs:schema/xs:simpleType[@name='IdScheme']",
	 cf_id_schemes},
	{"quantity_unit", "/xs:schema/xs:simpleType[@name='Unit']", cf_units},
	{"disclosure_kind", "/xs:schema/xs:complexType[@name='Disclosure']"
	 "/xs:attribute[@name='kind']/xs:simpleType", cf_disclosure_kinds},
};

static size_t
vocab_len(const struct cf_vocab *v)
{
	size_t n = 0;

	while (v[n].name != NULL)
		n++;
	return n;
}

static void
test_vocabulary_tables_equal_c_lists(void **state)
{
	cf_store *st = NULL;
	sqlite3_stmt *q = NULL;
	const char *code;
	char sql[160];
	size_t i, k, ncur = 0;
	int e;

	(void)state;
	assert_int_equal(cf_store_open(&st, ":memory:", CF_STORE_CREATE),
	    CF_OK);
	for (i = 0; i < sizeof(vocabs) / sizeof(*vocabs); i++) {
		const struct cf_vocab *v = vocabs[i].v;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    vocabs[i].table);
		assert_true(vocab_len(v) > 0);
		assert_int_equal(tu_query_int(st, sql), vocab_len(v));
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE"
		    " name = ?1 AND description = ?2", vocabs[i].table);
		assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &q, NULL),
		    SQLITE_OK);
		for (k = 0; v[k].name != NULL; k++) {
			sqlite3_bind_text(q, 1, v[k].name, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, v[k].description, -1,
			    SQLITE_STATIC);
			assert_int_equal(sqlite3_step(q), SQLITE_ROW);
			if (sqlite3_column_int(q, 0) != 1)
				fail_msg("%s lacks %s", vocabs[i].table,
				    v[k].name);
			sqlite3_reset(q);
		}
		sqlite3_finalize(q);
	}
	while (cf_currency_at(ncur, &code, &e))
		ncur++;
	assert_int_equal(tu_query_int(st, "SELECT count(*) FROM currency"),
	    ncur);
	assert_int_equal(tu_query_int(st, "SELECT scale FROM currency WHERE"
	    " code = 'USD'"), 100);
	assert_int_equal(tu_query_int(st, "SELECT scale FROM currency WHERE"
	    " code = 'JPY'"), 1);
	assert_int_equal(tu_query_int(st, "SELECT scale FROM currency WHERE"
	    " code = 'KWD'"), 1000);
	cf_store_close(st);
}

/* The XSD repeats the vocabularies: parse it and compare the sets. */
static void
test_xsd_enumerations_equal_c_lists(void **state)
{
	char path[4096], expr[512];
	xmlDocPtr doc;
	xmlXPathContextPtr x;
	size_t i, k;
	int j;

	(void)state;
	tu_path(path, sizeof(path), "TOP_SRCDIR",
	    "graphs/schema/dataset-1.xsd");
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (doc == NULL)
		fail_msg("cannot parse %s", path);
	x = xmlXPathNewContext(doc);
	assert_non_null(x);
	assert_int_equal(xmlXPathRegisterNs(x, BAD_CAST "xs",
	    BAD_CAST "http://www.w3.org/2001/XMLSchema"), 0);
	for (i = 0; i < sizeof(vocabs) / sizeof(*vocabs); i++) {
		const struct cf_vocab *v = vocabs[i].v;
		xmlXPathObjectPtr r;
		int n;

		snprintf(expr, sizeof(expr), "%s/xs:restriction/xs:enumeration"
		    "/@value", vocabs[i].xsd);
		r = xmlXPathEvalExpression(BAD_CAST expr, x);
		assert_non_null(r);
		n = r->nodesetval ? r->nodesetval->nodeNr : 0;
		if ((size_t)n != vocab_len(v))
			fail_msg("%s: XSD has %d values, C has %zu",
			    vocabs[i].table, n, vocab_len(v));
		for (k = 0; v[k].name != NULL; k++) {
			int found = 0;

			for (j = 0; j < n; j++) {
				xmlChar *s = xmlNodeGetContent(
				    r->nodesetval->nodeTab[j]);
				found += s && strcmp((char *)s, v[k].name) == 0;
				xmlFree(s);
			}
			if (found != 1)
				fail_msg("%s: '%s' appears %d times in the XSD",
				    vocabs[i].table, v[k].name, found);
		}
		xmlXPathFreeObject(r);
	}
	xmlXPathFreeContext(x);
	xmlFreeDoc(doc);
}

/* ---- importing ---------------------------------------------------------- */

static void
test_import_example_dataset(void **state)
{
	struct fixture *fx = *state;
	char path[4096], canon[PATH_MAX], sha[CF_SHA256_HEX], text[256];
	cf_store_counts c;
	char *buf;
	size_t len;

	import_example(fx->st);
	assert_int_equal(cf_store_counts_get(fx->st, &c), CF_OK);
	assert_int_equal(c.sources, 1);
	assert_int_equal(c.entities, 3);
	assert_int_equal(c.flows, 3);
	assert_int_equal(c.disclosures, 1);
	assert_int_equal(c.imports, 1);
	assert_int_equal(tu_query_int(fx->st, "SELECT amount_minor FROM flow"
	    " WHERE id = 'f1'"), 500000000000LL);
	assert_int_equal(tu_query_int(fx->st, "SELECT typeof(amount_minor) ="
	    " 'integer' FROM flow WHERE id = 'f1'"), 1);
	assert_string_equal(tu_query_text(fx->st, "SELECT currency FROM flow"
	    " WHERE id = ?1", "f1", text, sizeof(text)), "USD");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_source WHERE source_id = 's1'"), 3);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " disclosure_source"), 1);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " entity_kind"), 4);
	assert_int_equal(tu_query_int(fx->st, "SELECT sum(amount_minor) FROM"
	    " flow_schedule WHERE flow_id = 'f3' AND assumed = 1"),
	    10000000000000LL);
	/* The import log: one ok row with the file's hash, size and rows. */
	buf = tu_read_file(example_path(path, sizeof(path)), &len);
	cf_sha256_hex(sha, buf, len);
	free(buf);
	assert_non_null(realpath(path, canon));
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " import_log"), 1);
	assert_string_equal(tu_query_text(fx->st, "SELECT status FROM"
	    " import_log", NULL, text, sizeof(text)), "ok");
	assert_string_equal(tu_query_text(fx->st, "SELECT format FROM"
	    " import_log", NULL, text, sizeof(text)), "circfin-xml");
	assert_string_equal(tu_query_text(fx->st, "SELECT sha256 FROM"
	    " import_log", NULL, text, sizeof(text)), sha);
	assert_string_equal(tu_query_text(fx->st, "SELECT path FROM"
	    " import_log", NULL, path, sizeof(path)), canon);
	assert_int_equal(tu_query_int(fx->st, "SELECT bytes FROM import_log"),
	    len);
	assert_int_equal(tu_query_int(fx->st, "SELECT rows FROM import_log"),
	    8);
	assert_int_equal(tu_query_int(fx->st, "SELECT finished IS NOT NULL"
	    " FROM import_log"), 1);
}

static void
test_same_content_again_is_skipped(void **state)
{
	struct fixture *fx = *state;
	char path[4096], copy[512], *before, *after, *buf;
	const char *msg, *paths[1];
	cf_batch *b;
	cf_store_counts c;

	import_example(fx->st);
	before = snapshot(fx->st);
	tu_assert_has(before, "flow=3;");
	paths[0] = example_path(path, sizeof(path));
	b = tu_import(fx->st, paths, 1);
	assert_int_equal(tu_only_status(b, &msg), CF_FILE_SKIPPED);
	tu_assert_has(msg, "same content already imported from");
	tu_assert_has(msg, "example-dataset.xml");
	assert_int_equal(cf_batch_count(b, CF_FILE_SKIPPED), 1);
	cf_batch_free(b);
	/* The same bytes at another path are the same content. */
	buf = tu_read_file(path, NULL);
	b = tu_import_text(fx->st, fx->dir, "copy.xml", buf, copy,
	    sizeof(copy));
	free(buf);
	assert_int_equal(tu_only_status(b, NULL), CF_FILE_SKIPPED);
	cf_batch_free(b);
	after = snapshot(fx->st);
	assert_string_equal(before, after);
	assert_int_equal(cf_store_counts_get(fx->st, &c), CF_OK);
	assert_int_equal(c.flows, 3);
	assert_int_equal(c.imports, 1);
	/* Both skips are logged with their reason, in batches of their own. */
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'skipped' AND error LIKE 'same content already"
	    " imported from %example-dataset.xml'"), 2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " import_batch WHERE skipped = 1 AND files = 1 AND finished IS NOT"
	    " NULL"), 2);
	free(before);
	free(after);
}

static void
test_failed_file_leaves_no_rows(void **state)
{
	struct fixture *fx = *state;
	char path[512], canon[PATH_MAX];
	const char *msg;
	cf_batch *b;

	import_ok(fx, "entities.csv", ENTITIES);
	b = tu_import_text(fx->st, fx->dir, "flows.csv", FHEAD
	    "f1,a,b,equity,1,USD,paid,2024\n"
	    "f2,b,a,equity,2,USD,paid,2024\n"
	    "f3,a,zz,equity,3,USD,paid,2024\n", path, sizeof(path));
	assert_int_equal(tu_only_status(b, &msg), CF_FILE_FAILED);
	assert_int_equal(cf_batch_count(b, CF_FILE_FAILED), 1);
	{
		char where[600];
		snprintf(where, sizeof(where), "%s:4: ", path);
		tu_assert_has(msg, where);
	}
	tu_assert_has(msg, "unknown entity 'zz'");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 0);
	assert_non_null(realpath(path, canon));
	assert_int_equal(tu_query_int_arg(fx->st, "SELECT count(*) FROM"
	    " import_log WHERE path = ?1 AND status = 'failed' AND error LIKE"
	    " '%unknown entity%' AND format = 'csv-flows'", canon), 1);
	assert_int_equal(tu_query_int_arg(fx->st, "SELECT count(*) FROM"
	    " import_log WHERE path = ?1 AND status = 'ok'", canon), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    2);
	cf_batch_free(b);
}

static void
test_batch_imports_good_and_reports_bad(void **state)
{
	struct fixture *fx = *state;
	char good[4096], bad[512], missing[512];
	const char *paths[3], *p, *msg;
	cf_batch *b;
	size_t i;
	int status;

	snprintf(bad, sizeof(bad), "%s/bad.csv", fx->dir);
	tu_write_file(bad, FHEAD "f1,a,b,equity,-1,USD,paid,2024\n");
	snprintf(missing, sizeof(missing), "%s/missing.xml", fx->dir);
	paths[0] = bad;
	paths[1] = example_path(good, sizeof(good));
	paths[2] = missing;
	b = tu_import(fx->st, paths, 3);
	assert_int_equal(cf_batch_files(b), 3);
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 1);
	assert_int_equal(cf_batch_count(b, CF_FILE_FAILED), 2);
	for (i = 0; i < 3; i++) {
		cf_batch_file(b, i, &p, &status, NULL, NULL, &msg);
		if (strcmp(p, bad) == 0) {
			assert_int_equal(status, CF_FILE_FAILED);
			tu_assert_has(msg, bad);
			tu_assert_has(msg, ":2: ");
			tu_assert_has(msg, "negative amount");
		} else if (strcmp(p, missing) == 0) {
			assert_int_equal(status, CF_FILE_FAILED);
			tu_assert_has(msg, missing);
		} else {
			assert_string_equal(p, good);
			assert_int_equal(status, CF_FILE_IMPORTED);
			assert_string_equal(msg, "");
		}
	}
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 3);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'failed'"), 2);
	cf_batch_free(b);
}

/* Alphabetical order would put the flows first; phases must win. */
static void
test_directory_imports_in_phase_order(void **state)
{
	struct fixture *fx = *state;
	char sub[512], p[600];
	const char *paths[1], *path, *format;
	cf_batch *b;
	long rows;

	snprintf(sub, sizeof(sub), "%s/data", fx->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(p, sizeof(p), "%s/a_flows.csv", sub);
	tu_write_file(p, "id,from,to,type,amount,currency,status,announced,"
	    "sources\nf1,a,b,equity,1.25,USD,paid,2024,s1\n");
	snprintf(p, sizeof(p), "%s/b_entities.csv", sub);
	tu_write_file(p, ENTITIES);
	snprintf(p, sizeof(p), "%s/c_sources.csv", sub);
	tu_write_file(p, "id,title\ns1,A source\n");
	snprintf(p, sizeof(p), "%s/.hidden.csv", sub);
	tu_write_file(p, "not,a,dataset\n");
	paths[0] = sub;
	b = tu_import(fx->st, paths, 1);
	assert_int_equal(cf_batch_files(b), 3);
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 3);
	cf_batch_file(b, 0, &path, NULL, &format, &rows, NULL);
	tu_assert_has(path, "c_sources.csv");
	assert_string_equal(format, "csv-sources");
	assert_int_equal(rows, 1);
	cf_batch_file(b, 1, &path, NULL, &format, &rows, NULL);
	tu_assert_has(path, "b_entities.csv");
	assert_string_equal(format, "csv-entities");
	assert_int_equal(rows, 2);
	cf_batch_file(b, 2, &path, NULL, &format, NULL, NULL);
	tu_assert_has(path, "a_flows.csv");
	assert_string_equal(format, "csv-flows");
	cf_batch_free(b);
	assert_int_equal(tu_query_int(fx->st, "SELECT amount_minor FROM flow"
	    " WHERE id = 'f1'"), 125);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_source WHERE flow_id = 'f1' AND source_id = 's1'"), 1);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'ok'"), 3);
}

/* A file a walk finds is logged by its canonical path: a named directory
 * reached through a link, a trailing slash, and a link to a file in the
 * walk (logged as its target). */
static void
test_walked_files_are_logged_by_canonical_path(void **state)
{
	struct fixture *fx = *state;
	char p[600], link[600], canon[PATH_MAX];
	const char *paths[1];
	cf_batch *b;
	int i;
	static const char *const files[] = {"real/sub/x.csv", "real/y.csv",
	    "other.csv"};

	snprintf(p, sizeof(p), "%s/real", fx->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/real/sub", fx->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	for (i = 0; i < 3; i++) {
		char text[64];

		snprintf(p, sizeof(p), "%s/%s", fx->dir, files[i]);
		snprintf(text, sizeof(text), "id,title\ns%d,Source %d\n", i, i);
		tu_write_file(p, text);
	}
	snprintf(p, sizeof(p), "%s/real/sub/z.csv", fx->dir);
	assert_int_equal(symlink("../../other.csv", p), 0);
	snprintf(p, sizeof(p), "%s/real", fx->dir);
	snprintf(link, sizeof(link), "%s/link", fx->dir);
	assert_int_equal(symlink(p, link), 0);
	snprintf(link, sizeof(link), "%s/link//", fx->dir);
	paths[0] = link;
	b = tu_import(fx->st, paths, 1);
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 3);
	cf_batch_free(b);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " import_log WHERE status = 'ok'"), 3);
	for (i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", fx->dir, files[i]);
		assert_non_null(realpath(p, canon));
		assert_int_equal(tu_query_int_arg(fx->st, "SELECT count(*) FROM"
		    " import_log WHERE path = ?1 AND status = 'ok'", canon), 1);
	}
}

static void
test_changed_file_replaces_its_import(void **state)
{
	struct fixture *fx = *state;
	char path[512], canon[PATH_MAX], text[64];
	cf_store_counts c;

	import_ok(fx, "entities.csv", ENTITIES);
	import_ok(fx, "flows.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n"
	    "f2,b,a,equity,7,USD,paid,2024\n");
	import_ok(fx, "flows.csv", FHEAD "f1,a,b,equity,2.50,USD,paid,2024\n"
	    "f2,b,a,equity,7,USD,paid,2024\n");
	assert_int_equal(tu_query_int(fx->st, "SELECT amount_minor FROM flow"
	    " WHERE id = 'f1'"), 250);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 2);
	snprintf(path, sizeof(path), "%s/flows.csv", fx->dir);
	assert_non_null(realpath(path, canon));
	assert_int_equal(tu_query_int_arg(fx->st, "SELECT count(*) FROM"
	    " import_log WHERE path = ?1", canon), 2);
	assert_string_equal(tu_query_text(fx->st, "SELECT group_concat(status,"
	    " ',') FROM (SELECT status FROM import_log WHERE path = ?1 ORDER BY"
	    " id)", canon, text, sizeof(text)), "replaced,ok");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow f"
	    " JOIN import_log l ON l.id = f.import_id WHERE l.status = 'ok'"),
	    2);
	assert_int_equal(cf_store_counts_get(fx->st, &c), CF_OK);
	assert_int_equal(c.imports, 2);
	assert_int_equal(c.entities, 2);
}

/*
 * A file that changes many pages its group has changed before: each
 * changed page goes into the savepoint's journal, here more than 8 MiB
 * of it (index pages of long ids that the second file's rows interleave).
 * With SQLite 3.40 told to keep 8 MiB of journal in memory
 * (SQLITE_CONFIG_STMTJRNL_SPILL), the journal's spill to a file failed
 * with "database or disk is full" and the batch lost its group.  The
 * files are larger than store.c's JOURNAL_IN_MEMORY_MAX, so their
 * journal still goes to a file.
 */
static void
test_file_rewriting_its_groups_pages_imports(void **state)
{
	struct fixture *fx = *state;
	enum { ENTITIES_N = 500, FLOWS_N = 25000 };
	char dir[512], path[600], id[CF_ID_MAX + 1];
	const char *paths[1];
	FILE *f;
	cf_batch *b;
	size_t i, k;
	int part;

	snprintf(dir, sizeof(dir), "%s/pages", fx->dir);
	assert_int_equal(mkdir(dir, 0777), 0);
	memset(id, 'x', 110);
	id[110] = '\0';
	snprintf(path, sizeof(path), "%s/entities.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("id,name,kinds,parent\n", f);
	for (i = 0; i < ENTITIES_N; i++)
		fprintf(f, "%s-%04zu,Entity %zu,lab,\n", id, i, i);
	assert_int_equal(fclose(f), 0);
	/* a.csv has the even rows, b.csv the odd ones. */
	for (part = 0; part < 2; part++) {
		snprintf(path, sizeof(path), "%s/%c.csv", dir, 'a' + part);
		assert_non_null(f = fopen(path, "w"));
		fputs(FHEAD, f);
		for (i = 0; i < FLOWS_N; i++) {
			k = 2 * i + (size_t)part;
			fprintf(f, "%s-%07zu,%s-%04zu,%s-%04zu,equity,1,USD,"
			    "paid,2024\n", id, k, id, k % ENTITIES_N, id,
			    (k + 1) % ENTITIES_N);
		}
		assert_int_equal(fclose(f), 0);
	}
	paths[0] = dir;
	b = tu_import(fx->st, paths, 1);
	for (i = 0; i < cf_batch_files(b); i++) {
		const char *msg = NULL;
		int status = -1;

		cf_batch_file(b, i, NULL, &status, NULL, NULL, &msg);
		if (status != CF_FILE_IMPORTED)
			fail_msg("file %zu: %s", i, msg ? msg : "not imported");
	}
	assert_int_equal(cf_batch_files(b), 3);
	cf_batch_free(b);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"),
	    2 * FLOWS_N);
}

/* Read CSV text as the file name and write it in the group (or alone). */
static void
write_csv(cf_store *st, const char *name, const char *text)
{
	const struct cf_reader *r;
	char sha[CF_SHA256_HEX];
	cf_dataset *ds = NULL;

	assert_int_equal(cf_dataset_new(&ds, name), CF_OK);
	assert_non_null(r = cf_reader_detect(name, text, strlen(text), "csv"));
	if (r->read(ds, text, strlen(text)) != CF_OK ||
	    cf_dataset_check(ds) != CF_OK)
		fail_msg("%s: %s", name, cf_error_message());
	cf_sha256_hex(sha, text, strlen(text));
	if (cf_store_write_dataset(st, ds, name, sha, r->name, strlen(text)) !=
	    CF_OK)
		fail_msg("%s: %s", name, cf_error_message());
	cf_dataset_free(ds);
}

static int
has_flow_to(cf_store *st)
{
	return (int)tu_query_int(st, "SELECT count(*) FROM sqlite_schema"
	    " WHERE type = 'index' AND name = 'flow_to'");
}

/*
 * A group that has written defer_flows flows, and as many as the store
 * had, drops flow_to at its next commit, writes on without it, and builds
 * it again at its end: the same definition, and every flow in it.
 */
static void
test_large_group_defers_flow_to(void **state)
{
	struct fixture *fx = *state;
	char sql[256], built[256];

	tu_query_text(fx->st, "SELECT sql FROM sqlite_schema WHERE name ="
	    " 'flow_to'", NULL, sql, sizeof(sql));
	write_csv(fx->st, "entities.csv", ENTITIES);
	write_csv(fx->st, "old.csv", FHEAD "f0,a,b,equity,1,USD,paid,2024\n");
	fx->st->defer_flows = 2;
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	write_csv(fx->st, "one.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(has_flow_to(fx->st), 1);	/* 1 flow of 2 */
	write_csv(fx->st, "two.csv", FHEAD "f2,b,a,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(has_flow_to(fx->st), 0);
	write_csv(fx->st, "three.csv", FHEAD "f3,b,a,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(has_flow_to(fx->st), 1);
	assert_string_equal(tu_query_text(fx->st, "SELECT sql FROM"
	    " sqlite_schema WHERE name = 'flow_to'", NULL, built,
	    sizeof(built)), sql);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"
	    " INDEXED BY flow_to WHERE to_id = 'a'"), 2);
	/* built with a small cache and a helper thread, and the store's
	 * settings given back */
	assert_int_equal(tu_query_int(fx->st, "PRAGMA cache_size"), -32768);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA threads"), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
}

/* Fewer flows than the store had: flow_to stays, and a group's end does
 * not drop it to build it at once. */
static void
test_small_group_keeps_flow_to(void **state)
{
	struct fixture *fx = *state;
	long long version;

	write_csv(fx->st, "entities.csv", ENTITIES);
	write_csv(fx->st, "old.csv", FHEAD "f0,a,b,equity,1,USD,paid,2024\n"
	    "f9,b,a,equity,1,USD,paid,2024\n"
	    "f8,b,a,equity,1,USD,paid,2024\n");
	fx->st->defer_flows = 1;
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	write_csv(fx->st, "one.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n"
	    "f2,b,a,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(has_flow_to(fx->st), 1);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(has_flow_to(fx->st), 1);
	/* Enough for a drop, but at the group's end: the schema stays. */
	version = tu_query_int(fx->st, "PRAGMA schema_version");
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	write_csv(fx->st, "two.csv", FHEAD "f3,a,b,equity,1,USD,paid,2024\n"
	    "f4,a,b,equity,1,USD,paid,2024\n"
	    "f5,a,b,equity,1,USD,paid,2024\n"
	    "f6,a,b,equity,1,USD,paid,2024\n"
	    "f7,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA schema_version"),
	    version);
}

/* A group keeps a small file's savepoint journal in memory (SQLite's
 * temporary files), a larger one's in a file, committing the group so
 * far to switch; its end gives the default back, before flow_to is
 * built. */
static void
test_group_journals_small_files_in_memory(void **state)
{
	struct fixture *fx = *state;
	cf_store *peer = NULL;

	write_csv(fx->st, "entities.csv", ENTITIES);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 0);
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	write_csv(fx->st, "one.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 2);
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 2);
	write_csv(fx->st, "two.csv", FHEAD "f2,a,b,equity,1,USD,paid,2024\n");
	/* a larger file: the group so far (two.csv) is committed first */
	assert_int_equal(cf_store_open_peer(fx->st, &peer), CF_OK);
	assert_int_equal(tu_query_int(peer, "SELECT count(*) FROM flow"), 1);
	fx->st->journal_max = 1;
	write_csv(fx->st, "big.csv", FHEAD "f9,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(tu_query_int(peer, "SELECT count(*) FROM flow"), 2);
	cf_store_close(peer);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 0);
	fx->st->journal_max = (size_t)1 << 20;
	write_csv(fx->st, "three.csv", FHEAD "f3,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 2);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(tu_query_int(fx->st, "PRAGMA temp_store"), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 4);
}

/*
 * A batch killed between drop and build leaves the store without
 * flow_to: queries still answer, and the next batch builds it before it
 * writes anything.
 */
static void
test_next_batch_builds_a_dropped_flow_to(void **state)
{
	struct fixture *fx = *state;
	cf_store *st;

	write_csv(fx->st, "entities.csv", ENTITIES);
	write_csv(fx->st, "old.csv", FHEAD "f0,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(cf_store_index_defer(fx->st), CF_OK);
	cf_store_close(fx->st);		/* killed: no group end */
	assert_int_equal(cf_store_open(&st, fx->db, 0), CF_OK);
	fx->st = st;
	assert_int_equal(has_flow_to(st), 0);
	assert_int_equal(tu_query_int(st, "SELECT count(*) FROM flow WHERE"
	    " to_id = 'b'"), 1);
	import_ok(fx, "more.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n");
	assert_int_equal(has_flow_to(st), 1);
	assert_int_equal(tu_query_int(st, "SELECT count(*) FROM flow INDEXED"
	    " BY flow_to WHERE to_id = 'b'"), 2);
}

/* Replacing entities that another file's flows still use is refused, and
 * the earlier import stays. */
static void
test_replacement_may_not_orphan_other_files(void **state)
{
	struct fixture *fx = *state;

	import_ok(fx, "entities.csv", ENTITIES);
	import_ok(fx, "flows.csv", FHEAD "f1,a,b,equity,1,USD,paid,2024\n");
	import_fails(fx, "entities.csv", "id,name,kinds,parent\na,Alpha,lab,\n",
	    0, "missing entity");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'ok'"), 2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM import_log"
	    " WHERE status = 'replaced'"), 0);
}

static void
test_duplicate_id_across_files(void **state)
{
	struct fixture *fx = *state;
	char first[512], second[512], canon[PATH_MAX], where[PATH_MAX + 64];
	const char *msg;
	cf_batch *b;

	import_ok(fx, "one.csv", ENTITIES);
	snprintf(first, sizeof(first), "%s/one.csv", fx->dir);
	assert_non_null(realpath(first, canon));
	b = tu_import_text(fx->st, fx->dir, "two.csv", "id,name,kinds,parent\n"
	    "c,Gamma,lab,\nb,Beta again,lab,\n", second, sizeof(second));
	assert_int_equal(tu_only_status(b, &msg), CF_FILE_FAILED);
	snprintf(where, sizeof(where), "%s:3: ", second);
	tu_assert_has(msg, where);
	tu_assert_has(msg, "duplicate entity id 'b'");
	/* b is on line 3 of one.csv too. */
	snprintf(where, sizeof(where), "already defined at %s:3", canon);
	tu_assert_has(msg, where);
	cf_batch_free(b);
	/* c was rolled back with the rest of two.csv. */
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"
	    " WHERE id = 'c'"), 0);
}

/* A file's flows go in with one statement (src/rowfeed.h).  A foreign
 * key SQLite checks only when that statement ends has no row to name: a
 * store whose vocabulary lacks a type the program knows.  The file fails
 * whole, naming the file. */
static void
test_constraint_found_at_statement_end_names_the_file(void **state)
{
	struct fixture *fx = *state;

	import_ok(fx, "entities.csv", ENTITIES);
	assert_int_equal(cf_store_exec(fx->st, "DELETE FROM flow_type WHERE"
	    " name = 'loan'"), CF_OK);
	import_fails(fx, "flows.csv", FHEAD
	    "f1,a,b,equity,1,USD,paid,2024\n"
	    "f2,b,a,loan,2,USD,paid,2024\n"
	    "f3,a,b,equity,3,USD,paid,2024\n", 0,
	    "a flow violates a constraint of the store: FOREIGN KEY");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 0);
}

/* A small filing-like dataset: entities a and b, source s, a flow a -> b
 * citing s. */
static cf_dataset *
contained_dataset(void)
{
	static const char *cites[] = {"s"};
	cf_dataset *ds = NULL;
	struct cf_entity *e;
	struct cf_source *src;
	struct cf_flow *f;

	assert_int_equal(cf_dataset_new(&ds, "x.xml"), CF_OK);
	assert_non_null(src = cf_dataset_add_source(ds));
	src->id = "s";
	assert_int_equal(cf_dataset_add_entity(ds, 1, &e), CF_OK);
	e->id = "a";
	assert_int_equal(cf_dataset_add_entity(ds, 2, &e), CF_OK);
	e->id = "b";
	assert_int_equal(cf_dataset_add_flow(ds, 3, &f), CF_OK);
	f->id = "f";
	f->from = "a";
	f->to = "b";
	f->sources = cites;
	f->nsources = 1;
	return ds;
}

/* Bulk writes (foreign keys off) rely on this: each way a reference can
 * leave the dataset is seen. */
static void
test_self_contained(void **state)
{
	static const char *elsewhere[] = {"s", "store-source"};
	cf_dataset *ds;
	struct cf_disclosure *d;
	struct cf_holding *h;
	struct cf_figure *g;

	(void)state;
	ds = contained_dataset();
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	ds->flows[0].to = "store-entity";
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->flows[0].to = "b";
	ds->flows[0].superseded_by = "f";
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	ds->flows[0].superseded_by = "g";
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->flows[0].superseded_by = NULL;
	ds->flows[0].sources = elsewhere;
	ds->flows[0].nsources = 2;
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->flows[0].nsources = 1;
	ds->entities[1].parent = "a";
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	ds->entities[1].parent = "amazon";
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->entities[1].parent = NULL;

	assert_non_null(d = cf_dataset_add_disclosure(ds));
	d->id = "d";
	d->entity = "a";
	d->counterparty = "c";
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->disclosures[0].counterparty = NULL;
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	assert_non_null(h = cf_dataset_add_holding(ds));
	h->id = "h";
	h->holder = "a";
	h->issuer = "c";
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->holdings[0].issuer = "b";
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	assert_non_null(g = cf_dataset_add_figure(ds));
	g->id = "g";
	g->entity = "b";
	g->sources = elsewhere + 1;
	g->nsources = 1;
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	ds->figures[0].nsources = 0;
	assert_int_equal(cf_dataset_self_contained(ds), 1);
	/* alias rows name what the store has */
	assert_non_null(cf_dataset_add_alias(ds));
	assert_int_equal(cf_dataset_self_contained(ds), 0);
	cf_dataset_free(ds);
}

/*
 * A record that cites exactly its file's sources is stored with
 * cites_import = 1 and no listed rows; any other record lists its
 * sources.  The *_source views show every citation either way.
 */
#define CITES_HEAD "<?xml version=\"1.0\"?>\n<dataset xmlns=\"urn:circfin:" \
	"dataset:1\" version=\"1\"><sources>"
#define CITES_PAIR "<entities><entity id=\"a\" kinds=\"lab\"><name>A</name>" \
	"</entity><entity id=\"b\" kinds=\"cloud\"><name>B</name></entity>" \
	"</entities>"
#define CITES_FLOW(id, refs) "<flow id=\"" id "\" from=\"a\" to=\"b\"" \
	" type=\"equity\" status=\"paid\" announced=\"2026\"><amount" \
	" currency=\"USD\">1</amount>" refs "</flow>"
#define REF(s) "<source ref=\"" s "\"/>"

static long
cited(cf_store *st, const char *flow)
{
	return tu_query_int_arg(st, "SELECT count(*) FROM flow_source WHERE"
	    " flow_id = ?1", flow);
}

static void
test_citations_listed_or_by_import(void **state)
{
	struct fixture *fx = *state;
	char text[64];

	import_ok(fx, "two.xml", CITES_HEAD
	    "<source id=\"s1\"><title>One</title></source>"
	    "<source id=\"s2\"><title>Two</title></source></sources>"
	    CITES_PAIR "<flows>"
	    CITES_FLOW("both", REF("s1") REF("s2"))
	    CITES_FLOW("again", REF("s2") REF("s1") REF("s2"))
	    CITES_FLOW("one", REF("s1"))
	    CITES_FLOW("twice", REF("s1") REF("s1"))
	    "</flows><disclosures><disclosure id=\"d\" entity=\"b\" kind=\"rpo\""
	    " as-of=\"2026-03-31\"><amount currency=\"USD\">5</amount>"
	    REF("s2") REF("s1") "</disclosure></disclosures></dataset>");
	assert_int_equal(tu_query_int(fx->st, "SELECT group_concat(cites_import,"
	    " '') FROM (SELECT cites_import FROM flow ORDER BY id)"), 1100);
	assert_string_equal(tu_query_text(fx->st, "SELECT group_concat(flow_id"
	    " || ':' || source_id) FROM flow_source_listed", NULL, text,
	    sizeof(text)), "one:s1,twice:s1");
	assert_int_equal(cited(fx->st, "both"), 2);
	assert_int_equal(cited(fx->st, "again"), 2);
	assert_int_equal(cited(fx->st, "one"), 1);
	assert_int_equal(cited(fx->st, "twice"), 1);
	assert_string_equal(tu_query_text(fx->st, "SELECT group_concat("
	    "source_id, ',') FROM (SELECT source_id FROM flow_source WHERE"
	    " flow_id = ?1 ORDER BY source_id)", "both", text, sizeof(text)),
	    "s1,s2");
	assert_int_equal(tu_query_int(fx->st, "SELECT cites_import FROM"
	    " disclosure"), 1);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " disclosure_source WHERE disclosure_id = 'd'"), 2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_unsourced"), 0);

	/* A file citing the store's source lists it; one citing its own
	 * besides lists both. */
	import_ok(fx, "later.xml", CITES_HEAD
	    "<source id=\"s3\"><title>Three</title></source></sources><flows>"
	    CITES_FLOW("theirs", REF("s1"))
	    CITES_FLOW("mixed", REF("s3") REF("s2"))
	    CITES_FLOW("mine", REF("s3")) "</flows></dataset>");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"
	    " WHERE cites_import = 1 AND id IN ('theirs', 'mixed')"), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT cites_import FROM flow"
	    " WHERE id = 'mine'"), 1);
	assert_int_equal(cited(fx->st, "theirs"), 1);
	assert_int_equal(cited(fx->st, "mixed"), 2);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_source WHERE source_id = 's1'"), 5);

	/* Replaced: the new file's citations only, none left over. */
	import_ok(fx, "two.xml", CITES_HEAD
	    "<source id=\"s1\"><title>One</title></source>"
	    "<source id=\"s2\"><title>Two</title></source></sources>"
	    CITES_PAIR "<flows>" CITES_FLOW("both", REF("s2"))
	    CITES_FLOW("one", REF("s1")) "</flows></dataset>");
	assert_int_equal(cited(fx->st, "both"), 1);
	assert_int_equal(cited(fx->st, "again"), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_source"), 6);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " flow_source s WHERE NOT EXISTS (SELECT 1 FROM flow f WHERE f.id"
	    " = s.flow_id) OR NOT EXISTS (SELECT 1 FROM source x WHERE x.id ="
	    " s.source_id)"), 0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " disclosure_source"), 0);
}

static void
test_hostile_names_stored_verbatim(void **state)
{
	struct fixture *fx = *state;
	char text[256];

	import_ok(fx, "evil.csv", "id,name,kinds,parent\n"
	    "inj1,'); DROP TABLE flow; --,lab,\n"
	    "inj2,\"Robert\"\"); DELETE FROM entity; --\",lab,\n");
	assert_string_equal(tu_query_text(fx->st, "SELECT name FROM entity"
	    " WHERE id = ?1", "inj1", text, sizeof(text)),
	    "'); DROP TABLE flow; --");
	assert_string_equal(tu_query_text(fx->st, "SELECT name FROM entity"
	    " WHERE id = ?1", "inj2", text, sizeof(text)),
	    "Robert\"); DELETE FROM entity; --");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " sqlite_schema WHERE type = 'table' AND name = 'flow'"), 1);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    2);
}

static void
test_parent_loop_fails(void **state)
{
	struct fixture *fx = *state;

	import_fails(fx, "loop.csv", "id,name,kinds,parent\na,A,lab,b\n"
	    "b,B,lab,a\nc,C,lab,\n", 2, "parent");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    0);
	import_fails(fx, "self.csv", "id,name,kinds,parent\na,A,lab,a\n", 2,
	    "its own parent");
	import_fails(fx, "orphan.csv", "id,name,kinds,parent\na,A,lab,zz\n", 2,
	    "unknown parent entity 'zz'");
}

/* a and b both exist: the message must say they loop, not that something
 * is unknown. */
static void
test_parent_loop_message_is_not_unknown(void **state)
{
	struct fixture *fx = *state;
	char path[512], why[1024];
	const char *msg;
	cf_batch *b;

	b = tu_import_text(fx->st, fx->dir, "loop.csv", "id,name,kinds,parent\n"
	    "a,A,lab,b\nb,B,lab,a\n", path, sizeof(path));
	assert_int_equal(tu_only_status(b, &msg), CF_FILE_FAILED);
	snprintf(why, sizeof(why), "%s", msg);
	cf_batch_free(b);
	tu_assert_has(why, "loop");
	if (strstr(why, "unknown") != NULL || strstr(why, "does not loop"))
		fail_msg("misleading message: %s", why);
}

static void
test_disclosure_unknown_entity_fails(void **state)
{
	struct fixture *fx = *state;

	import_fails(fx, "d.xml", "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <sources><source id=\"s1\"><title>T</title></source></sources>\n"
	    "  <disclosures>\n"
	    "    <disclosure id=\"x\" entity=\"ghost\" kind=\"rpo\""
	    " as-of=\"2025\">\n"
	    "      <amount currency=\"USD\">1</amount><source ref=\"s1\"/>\n"
	    "    </disclosure>\n"
	    "  </disclosures>\n"
	    "</dataset>\n", 5, "disclosure 'x': unknown entity 'ghost'");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM source"),
	    0);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " disclosure"), 0);
}

static void
test_flow_unknown_source_fails(void **state)
{
	struct fixture *fx = *state;

	import_ok(fx, "entities.csv", ENTITIES);
	import_fails(fx, "flows.csv", "id,from,to,type,amount,currency,status,"
	    "announced,sources\nf1,a,b,equity,1,USD,paid,2024,nowhere\n", 2,
	    "unknown source 'nowhere'");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM flow"), 0);
}

static void
test_identifier_shared_by_two_entities_fails(void **state)
{
	struct fixture *fx = *state;

	import_fails(fx, "ids.csv", "id,name,kinds,parent,ticker\n"
	    "a,A,lab,,ABC\nb,B,lab,,ABC\n", 3,
	    "ticker ABC already belongs to another entity");
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM entity"),
	    0);
}

/* Blank lines are skipped by the CSV reader, and XML may start with white
 * space: a file whose first 4 KiB are blank is not an empty file. */
static void
test_long_leading_blank_lines_are_not_an_empty_file(void **state)
{
	struct fixture *fx = *state;
	char path[512], why[1024], *text;
	const char *msg;
	cf_batch *b;
	int status;

	text = calloc(1, 5000 + sizeof(ENTITIES));
	assert_non_null(text);
	memset(text, '\n', 5000);
	strcpy(text + 5000, ENTITIES);
	b = tu_import_text(fx->st, fx->dir, "blank.csv", text, path,
	    sizeof(path));
	free(text);
	status = tu_only_status(b, &msg);
	snprintf(why, sizeof(why), "%s", msg);
	cf_batch_free(b);	/* before failing: no leak to report */
	if (status != CF_FILE_IMPORTED)
		fail_msg("refused: %s", why);
	assert_int_equal(tu_query_int(fx->st, "SELECT line FROM entity WHERE"
	    " id = 'a'"), 5002);
}

struct progress_log {
	size_t calls, last_done, last_total;
	uint64_t last_bytes, bytes_total;
	int monotonic;
};

static void
on_progress(void *arg, size_t files_done, size_t files_total,
    uint64_t bytes_done, uint64_t bytes_total)
{
	struct progress_log *p = arg;

	if (files_done != p->last_done + 1 || bytes_done < p->last_bytes)
		p->monotonic = 0;
	p->calls++;
	p->last_done = files_done;
	p->last_total = files_total;
	p->last_bytes = bytes_done;
	p->bytes_total = bytes_total;
}

static void
test_progress_reports_each_file(void **state)
{
	struct fixture *fx = *state;
	struct progress_log log = {0, 0, 0, 0, 0, 1};
	cf_import_opts opts = {NULL, on_progress, &log};
	char e[512], f[512];
	const char *paths[2];
	cf_batch *b = NULL;

	snprintf(e, sizeof(e), "%s/e.csv", fx->dir);
	tu_write_file(e, ENTITIES);
	snprintf(f, sizeof(f), "%s/f.csv", fx->dir);
	tu_write_file(f, FHEAD "f1,a,b,equity,1,USD,paid,2024\n");
	paths[0] = f;
	paths[1] = e;
	assert_int_equal(cf_import_paths(&b, fx->st, paths, 2, &opts), CF_OK);
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 2);
	cf_batch_free(b);
	assert_int_equal(log.calls, 2);
	assert_true(log.monotonic);
	assert_int_equal(log.last_done, 2);
	assert_int_equal(log.last_total, 2);
	assert_int_equal(log.bytes_total, strlen(ENTITIES) +
	    strlen(FHEAD "f1,a,b,equity,1,USD,paid,2024\n"));
	assert_int_equal(log.last_bytes, log.bytes_total);
}

static void
test_format_option(void **state)
{
	struct fixture *fx = *state;
	cf_import_opts opts = {"json", NULL, NULL};
	char e[512];
	const char *paths[1], *msg;
	cf_batch *b = NULL;

	snprintf(e, sizeof(e), "%s/e.csv", fx->dir);
	tu_write_file(e, ENTITIES);
	paths[0] = e;
	assert_int_equal(cf_import_paths(&b, fx->st, paths, 1, &opts),
	    CF_EARG);
	assert_null(b);
	tu_assert_has(cf_error_message(), "json");
	opts.format = "xml";
	assert_int_equal(cf_import_paths(&b, fx->st, paths, 1, &opts), CF_OK);
	assert_int_equal(tu_only_status(b, &msg), CF_FILE_FAILED);
	tu_assert_has(msg, "as xml");
	cf_batch_free(b);
	opts.format = "csv";
	assert_int_equal(cf_import_paths(&b, fx->st, paths, 1, &opts), CF_OK);
	assert_int_equal(tu_only_status(b, NULL), CF_FILE_IMPORTED);
	cf_batch_free(b);
}

/* ---- opening incompatible stores ---------------------------------------- */

static void
test_open_refuses_non_sqlite_file(void **state)
{
	struct fixture *fx = *state;
	cf_store *st = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s/text.db", fx->dir);
	tu_write_file(p, "This is a plain text file, long enough to have a"
	    " header of some hundred bytes that SQLite reads and rejects as"
	    " not being its own file format at all.\n");
	assert_int_equal(cf_store_open(&st, p, CF_STORE_CREATE), CF_ESTORE);
	assert_null(st);
	tu_assert_has(cf_error_message(), p);
	tu_assert_has(cf_error_message(), "not an SQLite database");
}

static void
test_open_refuses_other_sqlite_schema(void **state)
{
	struct fixture *fx = *state;
	cf_store *st = NULL;
	sqlite3 *db = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s/other.db", fx->dir);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x);"
	    " INSERT INTO t VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(cf_store_open(&st, p, CF_STORE_CREATE), CF_ESTORE);
	tu_assert_has(cf_error_message(), "not a circfin store");
	/* And it was left alone. */
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "SELECT * FROM flow", NULL, NULL,
	    NULL), SQLITE_ERROR);
	sqlite3_close(db);
}

static void
test_open_refuses_newer_schema(void **state)
{
	struct fixture *fx = *state;
	cf_store *st = NULL;
	sqlite3 *db = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s/newer.db", fx->dir);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x);"
	    " PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(cf_store_open(&st, p, CF_STORE_CREATE), CF_ESTORE);
	tu_assert_has(cf_error_message(), "newer");
	tu_assert_has(cf_error_message(), "99");
}

static void
test_open_without_create(void **state)
{
	struct fixture *fx = *state;
	cf_store *st = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s/none.db", fx->dir);
	assert_int_equal(cf_store_open(&st, p, 0), CF_ESTORE);
	tu_assert_has(cf_error_message(), p);
	snprintf(p, sizeof(p), "%s/empty.db", fx->dir);
	tu_write_file(p, "");
	assert_int_equal(cf_store_open(&st, p, 0), CF_ESTORE);
	tu_assert_has(cf_error_message(), "not a circfin store");
	/* The store made by setup opens again without CF_STORE_CREATE. */
	assert_int_equal(cf_store_open(&st, fx->db, 0), CF_OK);
	cf_store_close(st);
}

/* ---- listings ----------------------------------------------------------- */

static size_t
column(const cf_table *t, const char *name)
{
	size_t c;

	for (c = 0; c < cf_table_columns(t); c++)
		if (strcmp(cf_table_header(t, c), name) == 0)
			return c;
	fail_msg("no column %s", name);
	return 0;
}

/* The ids (first column) of a table, joined with ','. */
static const char *
ids(const cf_table *t, char *buf, size_t size)
{
	size_t r, n = 0;

	buf[0] = '\0';
	for (r = 0; r < cf_table_rows(t); r++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", r ? "," : "",
		    cf_table_cell(t, r, 0));
	return buf;
}

static void
test_list_flows_with_filters(void **state)
{
	struct fixture *fx = *state;
	cf_list_filter f = {NULL, NULL, NULL, NULL};
	cf_table *t = NULL;
	char buf[256];
	size_t r;

	import_example(fx->st);
	assert_int_equal(cf_store_list_flows(&t, fx->st, NULL), CF_OK);
	assert_int_equal(cf_table_rows(t), 3);
	/* Ordered by announced: f2 (2026-04) before f1, f3 (2026-04-20). */
	assert_string_equal(ids(t, buf, sizeof(buf)), "f2,f1,f3");
	assert_string_equal(cf_table_cell(t, 1, column(t, "amount")),
	    "5000000000.00");
	assert_string_equal(cf_table_cell(t, 1, column(t, "currency")), "USD");
	assert_null(cf_table_cell(t, 1, column(t, "range")));
	assert_string_equal(cf_table_cell(t, 0, column(t, "range")),
	    "..20000000000.00");
	assert_string_equal(cf_table_cell(t, 2, column(t, "amount")),
	    "100000000000.00");
	assert_string_equal(cf_table_cell(t, 2, column(t, "quantity")), "5 GW");
	assert_string_equal(cf_table_cell(t, 2, column(t, "sources")), "s1");
	cf_table_free(t);

	f.status = "committed";
	assert_int_equal(cf_store_list_flows(&t, fx->st, &f), CF_OK);
	assert_string_equal(ids(t, buf, sizeof(buf)), "f1,f3");
	for (r = 0; r < cf_table_rows(t); r++)
		assert_string_equal(cf_table_cell(t, r, column(t, "status")),
		    "committed");
	cf_table_free(t);
	f.status = "paid";
	assert_int_equal(cf_store_list_flows(&t, fx->st, &f), CF_OK);
	assert_int_equal(cf_table_rows(t), 0);
	cf_table_free(t);

	f.status = NULL;
	f.entity = "cloudco-web";
	assert_int_equal(cf_store_list_flows(&t, fx->st, &f), CF_OK);
	assert_string_equal(ids(t, buf, sizeof(buf)), "f3");
	cf_table_free(t);
	f.entity = "labco";
	f.type = "equity";
	assert_int_equal(cf_store_list_flows(&t, fx->st, &f), CF_OK);
	assert_string_equal(ids(t, buf, sizeof(buf)), "f2,f1");
	cf_table_free(t);
}

static void
test_list_entities_with_filters(void **state)
{
	struct fixture *fx = *state;
	cf_list_filter f = {"cloud", NULL, NULL, NULL};
	cf_table *t = NULL;
	char buf[256];

	import_example(fx->st);
	assert_int_equal(cf_store_list_entities(&t, fx->st, &f), CF_OK);
	assert_string_equal(ids(t, buf, sizeof(buf)), "cloudco,cloudco-web");
	assert_string_equal(cf_table_cell(t, 0, column(t, "kinds")),
	    "cloud;investor");
	assert_string_equal(cf_table_cell(t, 0, column(t, "identifiers")),
	    "ticker:CLDC");
	assert_null(cf_table_cell(t, 0, column(t, "parent")));
	assert_string_equal(cf_table_cell(t, 1, column(t, "parent")),
	    "cloudco");
	assert_string_equal(cf_table_cell(t, 0, column(t, "name")),
	    "Cloudco, Inc.");
	cf_table_free(t);
	assert_int_equal(cf_store_list_entities(&t, fx->st, NULL), CF_OK);
	assert_string_equal(ids(t, buf, sizeof(buf)),
	    "cloudco,cloudco-web,labco");
	assert_string_equal(cf_table_cell(t, 2, column(t, "aliases")),
	    "Labco PBC");
	cf_table_free(t);
}

static void
test_summary_totals_per_status(void **state)
{
	struct fixture *fx = *state;
	cf_table *t = NULL;
	size_t r, found = 0;

	import_example(fx->st);
	assert_int_equal(cf_store_summary(&t, fx->st), CF_OK);
	assert_int_equal(cf_table_rows(t), 6);	/* one per status */
	for (r = 0; r < cf_table_rows(t); r++) {
		const char *s = cf_table_cell(t, r, 0);
		const char *n = cf_table_cell(t, r, column(t, "flows"));
		const char *a = cf_table_cell(t, r, column(t, "amount"));

		if (strcmp(s, "committed") == 0) {
			assert_string_equal(n, "2");
			assert_string_equal(a, "USD 105000000000.00");
			found++;
		} else if (strcmp(s, "contingent") == 0) {
			assert_string_equal(n, "1");
			assert_string_equal(a, "USD 20000000000.00");
			found++;
		} else {
			assert_string_equal(n, "0");
			assert_null(a);
		}
	}
	assert_int_equal(found, 2);
	cf_table_free(t);
}

/* A listing shows what was imported: 123456789 shares, not 1.23457e+08. */
static void
test_list_flows_quantity_is_exact(void **state)
{
	struct fixture *fx = *state;
	cf_table *t = NULL;
	char cell[64];

	import_ok(fx, "entities.csv", ENTITIES);
	import_ok(fx, "flows.csv", "id,from,to,type,amount,currency,status,"
	    "announced,quantity,unit\n"
	    "w1,a,b,warrant,,,contingent,2025,123456789,shares\n"
	    "w2,a,b,compute-commitment,,,committed,2025,4.5,GW\n");
	assert_int_equal(tu_query_int(fx->st, "SELECT quantity FROM flow"
	    " WHERE id = 'w1'"), 123456789);
	assert_int_equal(cf_store_list_flows(&t, fx->st, NULL), CF_OK);
	assert_int_equal(cf_table_rows(t), 2);
	assert_string_equal(cf_table_cell(t, 0, 0), "w1");
	assert_null(cf_table_cell(t, 0, column(t, "amount")));
	assert_string_equal(cf_table_cell(t, 1, column(t, "quantity")),
	    "4.5 GW");
	snprintf(cell, sizeof(cell), "%s", cf_table_cell(t, 0, column(t,
	    "quantity")));
	cf_table_free(t);	/* before failing: no leak to report */
	assert_string_equal(cell, "123456789 shares");
}

/* ---- table writers ------------------------------------------------------ */

static cf_table *
table_of(cf_store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	cf_table *t = NULL;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(cf_table_from_stmt(&t, q), CF_OK);
	sqlite3_finalize(q);
	return t;
}

/* What a writer puts out, as a malloc'd string. */
static char *
written(const cf_table *t, int (*writer)(const cf_table *, FILE *))
{
	FILE *fp = tmpfile();
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(writer(t, fp), CF_OK);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

#define AWKWARD "SELECT 'a,b' AS x, 'say \"hi\"' AS y, 'l1' || char(10) ||" \
	" 'l2' AS z, 42 AS n, NULL AS nul, 1.5 AS r, 'back\\slash' ||" \
	" char(9) AS bs, '' AS e"

static void
test_table_csv_quoting(void **state)
{
	cf_store *st = NULL;
	cf_table *t;
	char *out;

	(void)state;
	assert_int_equal(cf_store_open(&st, ":memory:", CF_STORE_CREATE),
	    CF_OK);
	t = table_of(st, AWKWARD);
	assert_null(cf_table_cell(t, 0, 4));
	assert_string_equal(cf_table_cell(t, 0, 3), "42");
	out = written(t, cf_table_write_csv);
	assert_string_equal(out, "x,y,z,n,nul,r,bs,e\r\n"
	    "\"a,b\",\"say \"\"hi\"\"\",\"l1\nl2\",42,,1.5,back\\slash\t,\r\n");
	free(out);
	cf_table_free(t);
	t = table_of(st, "SELECT 1 AS \"a,b\" WHERE 0");
	out = written(t, cf_table_write_csv);
	assert_string_equal(out, "\"a,b\"\r\n");
	free(out);
	cf_table_free(t);
	cf_store_close(st);
}

static void
test_table_json_escaping(void **state)
{
	cf_store *st = NULL;
	cf_table *t;
	char *out;

	(void)state;
	assert_int_equal(cf_store_open(&st, ":memory:", CF_STORE_CREATE),
	    CF_OK);
	t = table_of(st, AWKWARD " UNION ALL SELECT '\xC3\xA9', char(1), '',"
	    " '7', 0, -2, NULL, 'x'");
	out = written(t, cf_table_write_json);
	assert_string_equal(out, "[\n"
	    "  {\"x\": \"a,b\", \"y\": \"say \\\"hi\\\"\", \"z\": \"l1\\nl2\","
	    " \"n\": 42, \"nul\": null, \"r\": 1.5,"
	    " \"bs\": \"back\\\\slash\\u0009\", \"e\": \"\"},\n"
	    "  {\"x\": \"\xC3\xA9\", \"y\": \"\\u0001\", \"z\": \"\","
	    " \"n\": \"7\", \"nul\": 0, \"r\": -2, \"bs\": null,"
	    " \"e\": \"x\"}\n"
	    "]\n");
	free(out);
	cf_table_free(t);
	t = table_of(st, "SELECT 1 AS a WHERE 0");
	out = written(t, cf_table_write_json);
	assert_string_equal(out, "[]\n");
	free(out);
	cf_table_free(t);
	cf_store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memory_store_has_current_schema_version),
		cmocka_unit_test(test_vocabulary_tables_equal_c_lists),
		cmocka_unit_test(test_xsd_enumerations_equal_c_lists),
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_import_example_dataset),
		T(test_same_content_again_is_skipped),
		T(test_failed_file_leaves_no_rows),
		T(test_batch_imports_good_and_reports_bad),
		T(test_directory_imports_in_phase_order),
		T(test_walked_files_are_logged_by_canonical_path),
		T(test_changed_file_replaces_its_import),
		T(test_replacement_may_not_orphan_other_files),
		T(test_file_rewriting_its_groups_pages_imports),
		T(test_large_group_defers_flow_to),
		T(test_small_group_keeps_flow_to),
		T(test_group_journals_small_files_in_memory),
		T(test_next_batch_builds_a_dropped_flow_to),
		T(test_duplicate_id_across_files),
		T(test_constraint_found_at_statement_end_names_the_file),
		cmocka_unit_test(test_self_contained),
		T(test_citations_listed_or_by_import),
		T(test_hostile_names_stored_verbatim),
		T(test_parent_loop_fails),
		T(test_parent_loop_message_is_not_unknown),
		T(test_disclosure_unknown_entity_fails),
		T(test_flow_unknown_source_fails),
		T(test_identifier_shared_by_two_entities_fails),
		T(test_long_leading_blank_lines_are_not_an_empty_file),
		T(test_progress_reports_each_file),
		T(test_format_option),
		T(test_open_refuses_non_sqlite_file),
		T(test_open_refuses_other_sqlite_schema),
		T(test_open_refuses_newer_schema),
		T(test_open_without_create),
		T(test_list_flows_with_filters),
		T(test_list_entities_with_filters),
		T(test_summary_totals_per_status),
		T(test_list_flows_quantity_is_exact),
#undef T
		cmocka_unit_test(test_table_csv_quoting),
		cmocka_unit_test(test_table_json_escaping),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
