/*
 * test_limits.c - the limits of circfin.h: their syntax, and each one met
 * exactly (no error) and then one short (an error naming the file, the
 * line and the limit).  The depths and element counts a file is held to
 * come from an independent walk of libxml2's own tree of the file.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <sqlite3.h>

#include "circfin.h"
#include "graph.h"
#include "import.h"
#include "model.h"
#include "readfile.h"
#include "testutil.h"

static void
reset_limits(void)
{
	int i;

	for (i = 0; i < CF_LIMIT_COUNT; i++)
		assert_int_equal(cf_limit_set(i, cf_limit_default(i)), CF_OK);
}

static int
teardown(void **state)
{
	(void)state;
	reset_limits();
	return 0;
}

/* The deepest element's nesting (the root is 1) and the number of
 * elements of the XML file at path, from libxml2's tree. */
static void
walk(const xmlNode *n, int depth, int *max_depth, long *elements)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		++*elements;
		if (depth > *max_depth)
			*max_depth = depth;
		walk(n->children, depth + 1, max_depth, elements);
	}
}

static void
dom_stats(const char *path, int *max_depth, long *elements)
{
	size_t len;
	char *text = tu_read_file(path, &len);
	/* EDGAR's white space before <?xml, which circfin skips */
	const char *start = cf_skip_bom_space(text, text + len);
	xmlDocPtr doc = xmlReadMemory(start, (int)(text + len - start), path,
	    NULL, XML_PARSE_NONET);

	free(text);
	assert_non_null(doc);
	*max_depth = 0;
	*elements = 0;
	walk(doc->children, 1, max_depth, elements);
	xmlFreeDoc(doc);
}

/* Read the file at path with reader r as the batch does. */
static int
read_with(const struct cf_reader *r, const char *path)
{
	cf_dataset *ds = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	memset(ds->filing.sha256, 'a', 64);
	if (r->read_file != NULL) {
		rc = r->read_file(ds);
	} else {
		assert_int_equal(cf_read_file(path, &buf, &len), CF_OK);
		rc = r->read(ds, buf, len);
	}
	free(buf);
	cf_dataset_free(ds);
	return rc;
}

/* r reads path within xml-depth = depth and xml-elements = elements, and
 * fails over either one less, the error naming the file named. */
static void
check_xml_limits(const struct cf_reader *r, const char *path,
    const char *named, int depth, long elements)
{
	assert_int_equal(cf_limit_set(CF_LIMIT_XML_DEPTH, (uint64_t)depth),
	    CF_OK);
	assert_int_equal(cf_limit_set(CF_LIMIT_XML_ELEMENTS,
	    (uint64_t)elements), CF_OK);
	assert_int_equal(read_with(r, path), CF_OK);

	assert_int_equal(cf_limit_set(CF_LIMIT_XML_DEPTH, (uint64_t)depth - 1),
	    CF_OK);
	assert_int_equal(read_with(r, path), CF_EINPUT);
	tu_assert_has(cf_error_message(), named);
	tu_assert_has(cf_error_message(), "elements nested more than");
	tu_assert_has(cf_error_message(), "(over the limit xml-depth=");
	reset_limits();

	assert_int_equal(cf_limit_set(CF_LIMIT_XML_ELEMENTS,
	    (uint64_t)elements - 1), CF_OK);
	assert_int_equal(read_with(r, path), CF_EINPUT);
	tu_assert_has(cf_error_message(), named);
	tu_assert_has(cf_error_message(), "XML elements (over the limit"
	    " xml-elements=");
	reset_limits();
}

/* ---- the one check --------------------------------------------------------- */

/* Each limit cf_limit_check counts (its message template is a format the
 * compiler cannot check): no error at the limit; one over, the error of
 * the input at path, or of an analysis without one, naming the limit and
 * its value.  The two limits with messages of their own are refused. */
static void
test_check(void **state)
{
	char want[64];
	int i, counted = 0;

	(void)state;
	for (i = 0; i < CF_LIMIT_COUNT; i++) {
		if (i == CF_LIMIT_CYCLES || i == CF_LIMIT_LOCK_WAIT) {
			assert_int_equal(cf_limit_check(i, UINT64_MAX, "f.xml",
			    3), CF_EARG);
			continue;
		}
		snprintf(want, sizeof(want), "over the limit %s=7",
		    cf_limit_name(i));
		assert_int_equal(cf_limit_set(i, 7), CF_OK);
		assert_int_equal(cf_limit_check(i, 0, "f.xml", 3), CF_OK);
		assert_int_equal(cf_limit_check(i, 7, "f.xml", 3), CF_OK);
		assert_int_equal(cf_limit_check(i, 8, "f.xml", 3), CF_EINPUT);
		tu_assert_has(cf_error_message(), "f.xml:3: ");
		tu_assert_has(cf_error_message(), want);
		assert_null(strchr(cf_error_message(), '%'));
		assert_int_equal(cf_limit_check(i, UINT64_MAX, NULL, 0),
		    CF_ELIMIT);
		tu_assert_has(cf_error_message(), want);
		assert_null(strstr(cf_error_message(), "f.xml"));
		counted++;
	}
	assert_int_equal(counted, CF_LIMIT_COUNT - 2);
	assert_int_equal(cf_limit_check(-1, 1, NULL, 0), CF_EARG);
	assert_int_equal(cf_limit_check(CF_LIMIT_COUNT, 1, NULL, 0), CF_EARG);
}

/* ---- syntax -------------------------------------------------------------- */

static void
test_parse(void **state)
{
	(void)state;
	assert_int_equal(cf_limit_get(CF_LIMIT_FILE_SIZE), 1073741824);
	assert_int_equal(cf_limit_parse("file-size=2GiB,xml-depth=20"), CF_OK);
	assert_int_equal(cf_limit_get(CF_LIMIT_FILE_SIZE), 2147483648ULL);
	assert_int_equal(cf_limit_get(CF_LIMIT_XML_DEPTH), 20);
	assert_int_equal(cf_limit_parse("flows=3k"), CF_OK);
	assert_int_equal(cf_limit_get(CF_LIMIT_FLOWS), 3000);
	assert_int_equal(cf_limit_parse("cycles=2M,entities=5KiB"), CF_OK);
	assert_int_equal(cf_limit_get(CF_LIMIT_CYCLES), 2000000);
	assert_int_equal(cf_limit_get(CF_LIMIT_ENTITIES), 5120);
	assert_int_equal(cf_limit_parse("graph-flows=7G"), CF_OK);
	assert_int_equal(cf_limit_get(CF_LIMIT_GRAPH_FLOWS), 7000000000ULL);
	/* an earlier value is kept when a later one is bad */
	assert_int_equal(cf_limit_parse("xml-elements=9,flows=x"), CF_EARG);
	assert_int_equal(cf_limit_get(CF_LIMIT_XML_ELEMENTS), 9);
	tu_assert_has(cf_error_message(), "limit flows: 'x' is not a whole");
	assert_int_equal(cf_limit_get(CF_LIMIT_FLOWS), 3000);
	assert_int_equal(cf_limit_parse("nope=1"), CF_EARG);
	tu_assert_has(cf_error_message(), "'nope=1' is not NAME=VALUE");
	assert_int_equal(cf_limit_parse("flows"), CF_EARG);
	assert_int_equal(cf_limit_parse("flows="), CF_EARG);
	assert_int_equal(cf_limit_parse("flows=-1"), CF_EARG);
	assert_int_equal(cf_limit_parse("flows= 1"), CF_EARG);
	assert_int_equal(cf_limit_parse("flows=1,"), CF_EARG);
	assert_int_equal(cf_limit_parse("flows=1kB"), CF_EARG);
	assert_int_equal(cf_limit_parse("flows=0"), CF_EARG);
	tu_assert_has(cf_error_message(), "must be from 1 to");
	assert_int_equal(cf_limit_parse("flows=99999999999999999999"), CF_EARG);
	assert_int_equal(cf_limit_parse("file-size=20000000000GiB"), CF_EARG);
	/* libxml2 stops at 256 levels by itself */
	assert_int_equal(cf_limit_parse("xml-depth=256"), CF_OK);
	assert_int_equal(cf_limit_parse("xml-depth=257"), CF_EARG);
	tu_assert_has(cf_error_message(), "xml-depth must be from 1 to 256");
	assert_int_equal(cf_limit_set(CF_LIMIT_COUNT, 1), CF_EARG);
	assert_null(cf_limit_name(CF_LIMIT_COUNT));
	assert_string_equal(cf_limit_name(CF_LIMIT_GRAPH_ENTITIES),
	    "graph-entities");
}

/* ---- input files --------------------------------------------------------- */

static void
test_file_size(void **state)
{
	char dir[4096], path[4200], sha[65], *buf = NULL;
	size_t len;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/ten.csv", dir);
	tu_write_file(path, "0123456789");
	assert_int_equal(cf_limit_set(CF_LIMIT_FILE_SIZE, 10), CF_OK);
	assert_int_equal(cf_read_file(path, &buf, &len), CF_OK);
	assert_int_equal(len, 10);
	free(buf);
	buf = NULL;
	assert_int_equal(cf_file_sha256(path, sha, &len), CF_OK);
	assert_int_equal(cf_limit_set(CF_LIMIT_FILE_SIZE, 9), CF_OK);
	assert_int_equal(cf_read_file(path, &buf, &len), CF_EINPUT);
	assert_null(buf);
	tu_assert_has(cf_error_message(), path);
	tu_assert_has(cf_error_message(), "file of 10 bytes is over the limit"
	    " file-size=9");
	assert_int_equal(cf_file_sha256(path, sha, &len), CF_EINPUT);
	tu_assert_has(cf_error_message(), "over the limit file-size=9");
	/* refused by its size, before it is read */
	tu_assert_has(cf_error_message(), "file of 10 bytes");
	tu_rmtree(dir);
}

static void *
write_ten(void *arg)
{
	FILE *fp = fopen(arg, "wb");

	if (fp != NULL) {
		fputs("0123456789", fp);
		fclose(fp);
	}
	return NULL;
}

/* A pipe has no size to check first: cf_read_file counts what it reads. */
static void
test_file_size_pipe(void **state)
{
	char dir[4096], path[4200], *buf = NULL;
	size_t len = 0;
	pthread_t writer;
	uint64_t limit;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/pipe", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	for (limit = 10; limit >= 9; limit--) {
		assert_int_equal(cf_limit_set(CF_LIMIT_FILE_SIZE, limit), CF_OK);
		assert_int_equal(pthread_create(&writer, NULL, write_ten, path),
		    0);
		if (limit == 10) {
			assert_int_equal(cf_read_file(path, &buf, &len), CF_OK);
			assert_int_equal(len, 10);
			assert_string_equal(buf, "0123456789");
			free(buf);
			buf = NULL;
		} else {
			assert_int_equal(cf_read_file(path, &buf, &len),
			    CF_EINPUT);
			assert_null(buf);
			tu_assert_has(cf_error_message(), path);
			tu_assert_has(cf_error_message(),
			    "file is over the limit file-size=9");
		}
		assert_int_equal(pthread_join(writer, NULL), 0);
	}
	tu_rmtree(dir);
}

/* The circfin XML dataset: a tree built by libxml2's SAX2 handlers. */
static void
test_xml_dataset(void **state)
{
	char path[4096];
	int depth;
	long elements;

	(void)state;
	tu_path(path, sizeof(path), "TESTDATA", "graph/ex4-as-of/dataset.xml");
	dom_stats(path, &depth, &elements);
	assert_true(depth >= 3 && elements > 10);
	check_xml_limits(&cf_reader_xml, path, path, depth, elements);
}

/* The line an error names: "path:LINE: ...". */
static long
error_line(const char *path)
{
	const char *m = cf_error_message();
	size_t n = strlen(path);

	assert_int_equal(strncmp(m, path, n), 0);
	assert_int_equal(m[n], ':');
	return strtol(m + n + 1, NULL, 10);
}

/* A document written here: each limit's error at the element that
 * passes it. */
static void
test_xml_lines(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <entities>\n"
	    "    <entity id=\"a\">\n"
	    "      <name>A</name>\n"
	    "    </entity>\n"
	    "  </entities>\n"
	    "</dataset>\n";
	char dir[4096], path[4200];

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/d.xml", dir);
	tu_write_file(path, doc);
	assert_int_equal(cf_limit_set(CF_LIMIT_XML_DEPTH, 3), CF_OK);
	assert_int_equal(read_with(&cf_reader_xml, path), CF_EINPUT);
	assert_int_equal(error_line(path), 5);
	tu_assert_has(cf_error_message(), "more than 3 deep");
	reset_limits();
	assert_int_equal(cf_limit_set(CF_LIMIT_XML_ELEMENTS, 2), CF_OK);
	assert_int_equal(read_with(&cf_reader_xml, path), CF_EINPUT);
	assert_int_equal(error_line(path), 4);
	tu_assert_has(cf_error_message(), "more than 2 XML elements");
	tu_rmtree(dir);
}

/* A streamed EDGAR filing: elements walked with cf_xs_next and inside
 * the records it expands. */
static void
test_xml_stream(void **state)
{
	char path[4096];
	int depth;
	long elements;

	(void)state;
	tu_path(path, sizeof(path), "TESTDATA", "edgar/formd/indefinite.xml");
	dom_stats(path, &depth, &elements);
	check_xml_limits(&cf_reader_formd, path, path, depth, elements);
}

/* A 13F information table: streamed by SAX without a tree.  The basic
 * filing, its table given an element nested deeper than the cover's. */
static void
test_xml_records(void **state)
{
	char src[4096], dir[4096], cover[4200], table[4200], *text, *at, *deep;
	size_t len;
	int cdepth, tdepth;
	long celements, telements;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(cover, sizeof(cover), "%s/primary_doc.xml", dir);
	snprintf(table, sizeof(table), "%s/infotable.xml", dir);
	text = tu_read_file(tu_path(src, sizeof(src), "TESTDATA",
	    "edgar/13f/basic/primary_doc.xml"), &len);
	tu_write_file(cover, text);
	free(text);
	text = tu_read_file(tu_path(src, sizeof(src), "TESTDATA",
	    "edgar/13f/basic/infotable.xml"), &len);
	assert_non_null(at = strstr(text, "<infoTable>"));
	at += strlen("<infoTable>");
	assert_non_null(deep = malloc(len + 200));
	snprintf(deep, len + 200, "%.*s<x1><x2><x3><x4><x5><x6><x7/></x6></x5>"
	    "</x4></x3></x2></x1>%s", (int)(at - text), text, at);
	tu_write_file(table, deep);
	free(deep);
	free(text);
	dom_stats(cover, &cdepth, &celements);
	dom_stats(table, &tdepth, &telements);
	assert_true(tdepth > cdepth);
	assert_true(telements > celements);
	check_xml_limits(&cf_reader_13f_cover, cover, table, tdepth,
	    telements);
	tu_rmtree(dir);
}

/* ex3-cycles: 5 entities and 9 flows, one a row (CSV line 2 on). */
static void
test_entities_flows(void **state)
{
	char path[4096];

	(void)state;
	tu_path(path, sizeof(path), "TESTDATA", "graph/ex3-cycles/flows.csv");
	assert_int_equal(cf_limit_set(CF_LIMIT_FLOWS, 9), CF_OK);
	assert_int_equal(read_with(&cf_reader_csv_flows, path), CF_OK);
	assert_int_equal(cf_limit_set(CF_LIMIT_FLOWS, 8), CF_OK);
	assert_int_equal(read_with(&cf_reader_csv_flows, path), CF_EINPUT);
	assert_int_equal(error_line(path), 10);
	tu_assert_has(cf_error_message(), "more than 8 flows in one file (over"
	    " the limit flows=8)");

	tu_path(path, sizeof(path), "TESTDATA", "graph/ex3-cycles/entities.csv");
	assert_int_equal(cf_limit_set(CF_LIMIT_ENTITIES, 5), CF_OK);
	assert_int_equal(read_with(&cf_reader_csv_entities, path), CF_OK);
	assert_int_equal(cf_limit_set(CF_LIMIT_ENTITIES, 4), CF_OK);
	assert_int_equal(read_with(&cf_reader_csv_entities, path), CF_EINPUT);
	assert_int_equal(error_line(path), 6);
	tu_assert_has(cf_error_message(), "over the limit entities=4");
}

/* ---- analyses ------------------------------------------------------------ */

static void
test_graph(void **state)
{
	char db[256], dir[4096];
	const char *paths[1];
	cf_store *st;
	cf_batch *b;
	cf_graph *g = NULL;

	(void)state;
	st = tu_store_tmp(db, sizeof(db));
	paths[0] = tu_path(dir, sizeof(dir), "TESTDATA", "graph/ex3-cycles");
	b = tu_import(st, paths, 1);
	cf_batch_free(b);
	assert_int_equal(cf_graph_build(&g, st, NULL), CF_OK);
	assert_int_equal(cf_graph_vertex_count(g), 5);
	assert_int_equal(cf_graph_flow_count(g), 9);
	cf_graph_free(g);
	g = NULL;

	assert_int_equal(cf_limit_parse("graph-entities=5,graph-flows=9"),
	    CF_OK);
	assert_int_equal(cf_graph_build(&g, st, NULL), CF_OK);
	cf_graph_free(g);
	g = NULL;
	assert_int_equal(cf_limit_parse("graph-flows=8"), CF_OK);
	assert_int_equal(cf_graph_build(&g, st, NULL), CF_ELIMIT);
	assert_null(g);
	assert_string_equal(cf_error_message(), "the graph would have more"
	    " than 8 flows (over the limit graph-flows=8)");
	assert_int_equal(cf_limit_parse("graph-flows=9,graph-entities=4"),
	    CF_OK);
	assert_int_equal(cf_graph_build(&g, st, NULL), CF_ELIMIT);
	tu_assert_has(cf_error_message(), "over the limit graph-entities=4");
	tu_store_remove(st, db);
}

/* Every ordered pair of 4 vertices: sum over k = 2..4 of C(4,k) (k-1)!
 * = 6 + 8 + 6 = 20 simple cycles. */
static void
test_cycles(void **state)
{
	int from[12], to[12];
	int64_t amount[12];
	size_t ne = 0;
	uint64_t n = 0;
	int truncated = 0, i, j;
	cf_graph *g = NULL;
	cf_cycles *c = NULL;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			if (i != j) {
				from[ne] = i;
				to[ne] = j;
				amount[ne++] = 1;
			}
	assert_int_equal(cf_graph_from_edges(&g, 4, from, to, amount, ne),
	    CF_OK);
	assert_int_equal(cf_limit_set(CF_LIMIT_CYCLES, 20), CF_OK);
	assert_int_equal(cf_cycles_count(&n, &truncated, g, 4, 0), CF_OK);
	assert_int_equal(n, 20);
	assert_false(truncated);
	assert_int_equal(cf_cycles_find(&c, g, 4, 0), CF_OK);
	assert_int_equal(cf_cycles_size(c), 20);
	cf_cycles_free(c);
	c = NULL;

	assert_int_equal(cf_limit_set(CF_LIMIT_CYCLES, 19), CF_OK);
	assert_int_equal(cf_cycles_count(&n, &truncated, g, 4, 0), CF_ELIMIT);
	assert_string_equal(cf_error_message(), "more than 19 cycles of at"
	    " most 4 edges (over the limit cycles=19): search shorter cycles,"
	    " fewer flows, or raise the limit");
	assert_int_equal(cf_cycles_find(&c, g, 4, 0), CF_ELIMIT);
	assert_null(c);
	/* a caller's limit above the process's is the process's */
	assert_int_equal(cf_cycles_count(&n, &truncated, g, 4, 25), CF_ELIMIT);
	/* one below it truncates, as it always did */
	assert_int_equal(cf_cycles_count(&n, &truncated, g, 4, 5), CF_OK);
	assert_int_equal(n, 5);
	assert_true(truncated);
	/* shorter cycles: 6 + 8 */
	assert_int_equal(cf_cycles_count(&n, &truncated, g, 3, 0), CF_OK);
	assert_int_equal(n, 14);
	cf_graph_free(g);
}

/* ---- the store ----------------------------------------------------------- */

static void *
commit_later(void *arg)
{
	struct timespec half = {0, 500000000};

	nanosleep(&half, NULL);
	assert_int_equal(sqlite3_exec(arg, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	return NULL;
}

/* Another process's write transaction: waited for up to lock-wait, then
 * an error that says so. */
static void
test_lock_wait(void **state)
{
	char db[256], path[4096];
	const char *paths[1];
	cf_store *st;
	cf_batch *b = NULL;
	sqlite3 *other = NULL;
	pthread_t t;

	(void)state;
	st = tu_store_tmp(db, sizeof(db));
	cf_store_close(st);
	paths[0] = tu_path(path, sizeof(path), "TESTDATA",
	    "graph/ex3-cycles/entities.csv");
	assert_int_equal(sqlite3_open(db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);

	assert_int_equal(cf_limit_set(CF_LIMIT_LOCK_WAIT, 1), CF_OK);
	assert_int_equal(cf_store_open(&st, db, 0), CF_OK);
	assert_int_equal(cf_import_paths(&b, st, paths, 1, NULL), CF_ESTORE);
	tu_assert_has(cf_error_message(), "another process has been writing"
	    " the store for more than 1 seconds (over the limit lock-wait=1)");
	cf_batch_free(b);
	b = NULL;
	cf_store_close(st);

	/* the other commits after half a second, within the wait */
	assert_int_equal(cf_limit_set(CF_LIMIT_LOCK_WAIT, 60), CF_OK);
	assert_int_equal(cf_store_open(&st, db, 0), CF_OK);
	assert_int_equal(pthread_create(&t, NULL, commit_later, other), 0);
	assert_int_equal(cf_import_paths(&b, st, paths, 1, NULL), CF_OK);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(tu_query_int(st, "SELECT count(*) FROM entity"), 5);
	cf_batch_free(b);
	sqlite3_close(other);
	tu_store_remove(st, db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_check, teardown),
		cmocka_unit_test_teardown(test_parse, teardown),
		cmocka_unit_test_teardown(test_file_size, teardown),
		cmocka_unit_test_teardown(test_file_size_pipe, teardown),
		cmocka_unit_test_teardown(test_xml_dataset, teardown),
		cmocka_unit_test_teardown(test_xml_lines, teardown),
		cmocka_unit_test_teardown(test_xml_stream, teardown),
		cmocka_unit_test_teardown(test_xml_records, teardown),
		cmocka_unit_test_teardown(test_entities_flows, teardown),
		cmocka_unit_test_teardown(test_graph, teardown),
		cmocka_unit_test_teardown(test_cycles, teardown),
		cmocka_unit_test_teardown(test_lock_wait, teardown),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
