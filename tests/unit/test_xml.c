/* The circfin XML reader: the example dataset read field by field, and
 * malformed, foreign, invalid and hostile documents refused with the file
 * and line in the message. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "circfin.h"
#include "import.h"
#include "model.h"
#include "testutil.h"

#define BAD "mem/bad.xml"

/* The example dataset, read and checked; the caller frees it. */
static cf_dataset *
read_example(void)
{
	char path[4096];
	cf_dataset *ds = NULL;
	size_t len;
	char *buf;

	tu_path(path, sizeof(path), "TOP_SRCDIR", "docs/example-dataset.xml");
	buf = tu_read_file(path, &len);
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	if (cf_reader_xml.read(ds, buf, len) != CF_OK)
		fail_msg("read: %s", cf_error_message());
	free(buf);
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	return ds;
}

static const struct cf_flow *
flow(const cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; i < ds->nflows; i++)
		if (strcmp(ds->flows[i].id, id) == 0)
			return &ds->flows[i];
	fail_msg("no flow %s", id);
	return NULL;
}

static const struct cf_entity *
entity(const cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; i < ds->nentities; i++)
		if (strcmp(ds->entities[i].id, id) == 0)
			return &ds->entities[i];
	fail_msg("no entity %s", id);
	return NULL;
}

/* Read text as BAD: fails with CF_EINPUT, and the message holds
 * "BAD:line: " (or "BAD: " when line is 0) and needle.  The message is
 * left in place for further checks. */
static void
fails_at(int at, const char *text, long line, const char *needle)
{
	cf_dataset *ds = NULL;
	char where[64];
	int rc;

	assert_int_equal(cf_dataset_new(&ds, BAD), CF_OK);
	cf_error_clear();
	rc = cf_reader_xml.read(ds, text, strlen(text));
	if (rc == CF_OK)
		rc = cf_dataset_check(ds);
	cf_dataset_free(ds);
	if (rc != CF_EINPUT)
		fail_msg("test line %d: expected CF_EINPUT, got %d: %s", at, rc,
		    cf_error_message());
	if (line > 0)
		snprintf(where, sizeof(where), BAD ":%ld: ", line);
	else
		snprintf(where, sizeof(where), BAD ": ");
	if (strstr(cf_error_message(), where) == NULL ||
	    strstr(cf_error_message(), needle) == NULL)
		fail_msg("test line %d: expected \"%s\" and \"%s\" in \"%s\"",
		    at, where, needle, cf_error_message());
}
#define fails(...) fails_at(__LINE__, __VA_ARGS__)

/* A small valid document whose one flow has the given attributes (after
 * id, from and to) and body.  The <flow> is on line 9, its body starts on
 * line 10. */
static char *
doc(const char *attrs, const char *body)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
	    "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <sources><source id=\"s1\"><title>T</title></source></sources>\n"
	    "  <entities>\n"
	    "    <entity id=\"a\" kinds=\"lab\"><name>A</name></entity>\n"
	    "    <entity id=\"b\" kinds=\"cloud\"><name>B</name></entity>\n"
	    "  </entities>\n"
	    "  <flows>\n"
	    "    <flow id=\"f1\" from=\"a\" to=\"b\" %s>\n"
	    "%s"
	    "    </flow>\n"
	    "  </flows>\n"
	    "</dataset>\n", attrs, body);
	return buf;
}

#define OKFLOW "type=\"equity\" status=\"paid\" announced=\"2024\""
#define SRC "      <source ref=\"s1\"/>\n"

/* ---- the example dataset ------------------------------------------------ */

static void
test_example_counts(void **state)
{
	cf_dataset *ds = read_example();

	(void)state;
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->nentities, 3);
	assert_int_equal(ds->nflows, 3);
	assert_int_equal(ds->ndisclosures, 1);
	assert_int_equal(cf_dataset_rows(ds), 8);
	cf_dataset_free(ds);
}

static void
test_example_amounts_in_minor_units(void **state)
{
	cf_dataset *ds = read_example();
	const struct cf_flow *f;

	(void)state;
	f = flow(ds, "f1");
	assert_true(f->has_amount);
	assert_int_equal(f->amount, 500000000000LL);	/* $5B in cents */
	assert_string_equal(f->currency, "USD");
	assert_false(f->has_high);
	assert_false(f->has_low);
	assert_string_equal(f->from, "cloudco");
	assert_string_equal(f->to, "labco");
	assert_string_equal(f->status, "committed");
	assert_string_equal(f->confidence, "medium");	/* the default */
	assert_int_equal(f->line, 21);
	assert_int_equal(f->nsources, 1);
	assert_string_equal(f->sources[0], "s1");

	f = flow(ds, "f2");
	assert_true(f->has_high);
	assert_int_equal(f->high, 2000000000000LL);
	assert_int_equal(f->amount, 2000000000000LL);
	assert_string_equal(f->status, "contingent");
	assert_string_equal(f->announced, "2026-04");
	assert_string_equal(f->condition, "commercial milestones");
	cf_dataset_free(ds);
}

static void
test_example_quantity_and_schedule(void **state)
{
	cf_dataset *ds = read_example();
	const struct cf_flow *f;

	(void)state;
	f = flow(ds, "f3");
	assert_int_equal(f->amount, 10000000000000LL);
	assert_true(f->has_quantity);
	assert_true(f->quantity == 5.0);
	assert_string_equal(f->unit, "GW");
	assert_true(f->has_qhigh);
	assert_true(f->qhigh == 5.0);
	assert_false(f->has_qlow);
	assert_string_equal(f->start, "2026");
	assert_string_equal(f->end, "2035");
	assert_int_equal(f->nschedule, 2);
	assert_string_equal(f->schedule[0].due, "2026");
	assert_int_equal(f->schedule[0].minor, 1000000000000LL);
	assert_string_equal(f->schedule[1].due, "2027");
	assert_int_equal(f->schedule[1].minor, 9000000000000LL);
	assert_int_equal(f->schedule[0].minor + f->schedule[1].minor,
	    f->amount);
	assert_int_equal(f->schedule_assumed, 1);
	assert_string_equal(f->schedule_currency, "USD");
	cf_dataset_free(ds);
}

static void
test_example_entities(void **state)
{
	cf_dataset *ds = read_example();
	const struct cf_entity *e;

	(void)state;
	e = entity(ds, "cloudco");
	assert_int_equal(e->nkinds, 2);
	assert_string_equal(e->kinds[0], "investor");
	assert_string_equal(e->kinds[1], "cloud");
	assert_null(e->parent);
	assert_string_equal(e->name, "Cloudco, Inc.");
	assert_int_equal(e->nidents, 1);
	assert_string_equal(e->idents[0].scheme, "ticker");
	assert_string_equal(e->idents[0].value, "CLDC");
	assert_int_equal(e->line, 13);
	e = entity(ds, "cloudco-web");
	assert_string_equal(e->parent, "cloudco");
	assert_int_equal(e->nkinds, 1);
	assert_string_equal(e->kinds[0], "cloud");
	e = entity(ds, "labco");
	assert_int_equal(e->naliases, 1);
	assert_string_equal(e->aliases[0], "Labco PBC");
	assert_null(e->parent);
	cf_dataset_free(ds);
}

static void
test_example_source_and_disclosure(void **state)
{
	cf_dataset *ds = read_example();
	const struct cf_disclosure *d = &ds->disclosures[0];
	const struct cf_source *s = &ds->sources[0];

	(void)state;
	assert_string_equal(s->id, "s1");
	assert_string_equal(s->title, "Example press release");
	assert_string_equal(s->publisher, "Example Wire");
	assert_string_equal(s->url, "https://example.org/press/1");
	assert_string_equal(s->date, "2026-04-20");
	assert_string_equal(s->retrieved, "2026-05-01");
	assert_null(s->accession);
	assert_string_equal(d->id, "cloudco-rpo");
	assert_string_equal(d->entity, "cloudco");
	assert_null(d->counterparty);
	assert_string_equal(d->kind, "rpo");
	assert_string_equal(d->as_of, "2026-03-31");
	assert_int_equal(d->amount, 19500000000000LL);
	assert_string_equal(d->currency, "USD");
	assert_int_equal(d->nsources, 1);
	cf_dataset_free(ds);
}

/* A <range> has no headline amount and defaults to an estimate. */
static void
test_range_without_amount_is_estimate(void **state)
{
	cf_dataset *ds = NULL;
	const char *text = doc(OKFLOW,
	    "      <range currency=\"JPY\" low=\"100\" high=\"250\"/>\n" SRC);

	(void)state;
	assert_int_equal(cf_dataset_new(&ds, BAD), CF_OK);
	if (cf_reader_xml.read(ds, text, strlen(text)) != CF_OK ||
	    cf_dataset_check(ds) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_false(ds->flows[0].has_amount);
	assert_true(ds->flows[0].has_low);
	assert_int_equal(ds->flows[0].low, 100);	/* JPY: exponent 0 */
	assert_int_equal(ds->flows[0].high, 250);
	assert_int_equal(ds->flows[0].estimate, 1);
	assert_string_equal(ds->flows[0].currency, "JPY");
	cf_dataset_free(ds);
}

/* No entity substitution is asked for, yet the predefined entities and
 * character references still read as text. */
static void
test_predefined_entities_and_char_refs(void **state)
{
	cf_dataset *ds = NULL;
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <entities><entity id=\"a\" kinds=\"lab\"><name>AT&amp;T &lt;"
	    "&#233;&#x4E2D;&gt;</name><alias> &quot;Ma Bell&quot; </alias>"
	    "</entity></entities>\n"
	    "</dataset>\n";

	(void)state;
	assert_int_equal(cf_dataset_new(&ds, BAD), CF_OK);
	if (cf_reader_xml.read(ds, text, strlen(text)) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_int_equal(ds->nentities, 1);
	assert_string_equal(ds->entities[0].name,
	    "AT&T <\xC3\xA9\xE4\xB8\xAD>");
	assert_string_equal(ds->entities[0].aliases[0], "\"Ma Bell\"");
	cf_dataset_free(ds);
}

/* ---- refused documents -------------------------------------------------- */

static void
test_malformed_xml(void **state)
{
	(void)state;
	fails("<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <entities>\n"
	    "    <entity id=\"a\" kinds=\"lab\"><name>Open</nam></entity>\n"
	    "  </entities>\n"
	    "</dataset>\n", 4, "malformed XML");
	fails("<?xml version=\"1.0\"?>\n<dataset", 2, "malformed XML");
}

static void
test_wrong_root_or_namespace(void **state)
{
	(void)state;
	fails("<?xml version=\"1.0\"?>\n<foo/>\n", 2, "unknown XML document");
	tu_assert_has(cf_error_message(), "<foo>");
	fails("<?xml version=\"1.0\"?>\n\n<dataset xmlns=\"urn:other:1\""
	    " version=\"1\"/>\n", 3, "unknown XML document");
	tu_assert_has(cf_error_message(), "urn:other:1");
	fails("<dataset version=\"1\"/>", 1, "unknown XML document");
}

static void
test_version_2_refused(void **state)
{
	(void)state;
	fails("<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"2\"/>\n", 2,
	    "version '2' is not supported");
}

static void
test_schema_bad_status(void **state)
{
	(void)state;
	fails(doc("type=\"equity\" status=\"pending\" announced=\"2024\"",
	    "      <amount currency=\"USD\">1</amount>\n" SRC), 9,
	    "does not match the circfin dataset schema");
	tu_assert_has(cf_error_message(), "pending");
}

static void
test_schema_flow_without_source(void **state)
{
	(void)state;
	fails(doc(OKFLOW, "      <amount currency=\"USD\">1</amount>\n"), 9,
	    "does not match the circfin dataset schema");
	tu_assert_has(cf_error_message(), "source");
}

static void
test_schema_rejects_signed_or_exponent_amounts(void **state)
{
	(void)state;
	fails(doc(OKFLOW, "      <amount currency=\"USD\">-5</amount>\n" SRC),
	    10, "does not match the circfin dataset schema");
	fails(doc(OKFLOW, "      <amount currency=\"USD\">1e3</amount>\n" SRC),
	    10, "does not match the circfin dataset schema");
	fails(doc(OKFLOW, "      <amount currency=\"usd\">1</amount>\n" SRC),
	    10, "does not match the circfin dataset schema");
}

static void
test_xxe_refused_without_leaking_the_file(void **state)
{
	(void)state;
	fails("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE dataset [ <!ENTITY secret SYSTEM \"file:///etc/passwd\">"
	    " ]>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <entities><entity id=\"a\" kinds=\"lab\"><name>&secret;</name>"
	    "</entity></entities>\n"
	    "</dataset>\n", 2, "DOCTYPE declarations are not allowed");
	assert_null(strstr(cf_error_message(), "root:"));
	assert_null(strstr(cf_error_message(), "/bin/"));
	fails("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE dataset SYSTEM \"/etc/passwd\">\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\"/>\n", 2,
	    "DOCTYPE");
	assert_null(strstr(cf_error_message(), "root:"));
}

static void
test_billion_laughs_fails_fast(void **state)
{
	struct timespec t0, t1;
	double secs;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fails("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY l1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY l2 \"&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;\">\n"
	    " <!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;\">\n"
	    " <!ENTITY l4 \"&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;\">\n"
	    " <!ENTITY l5 \"&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;\">\n"
	    " <!ENTITY l6 \"&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;\">\n"
	    " <!ENTITY l7 \"&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;\">\n"
	    " <!ENTITY l8 \"&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;\">\n"
	    " <!ENTITY l9 \"&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;\">\n"
	    "]>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <entities><entity id=\"a\" kinds=\"lab\"><name>&l9;</name>"
	    "</entity></entities>\n"
	    "</dataset>\n", 2, "DOCTYPE declarations are not allowed");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (secs > 2.0)
		fail_msg("entity bomb took %.2f s", secs);
	assert_true(strlen(cf_error_message()) < 400);
}

/* The schema admits 20 digits; int64 minor units do not. */
static void
test_amount_overflow_after_schema(void **state)
{
	(void)state;
	fails(doc(OKFLOW, "      <amount currency=\"USD\">99999999999999999999"
	    "</amount>\n" SRC), 10, "too large");
	tu_assert_has(cf_error_message(), "<amount>");
	fails(doc(OKFLOW, "      <amount currency=\"USD\" high=\""
	    "99999999999999999.99\">1</amount>\n" SRC), 10, "too large");
}

static void
test_unknown_currency(void **state)
{
	(void)state;
	fails(doc(OKFLOW, "      <amount currency=\"XYZ\">1</amount>\n" SRC),
	    10, "unknown currency 'XYZ'");
}

/* Lines past 65535 (XML_PARSE_BIG_LINES): a flow written on one line
 * after a comment of 70000 lines. */
static char *
big_doc(const char *amount)
{
	static const char head[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "  <sources><source id=\"s1\"><title>T</title></source></sources>\n"
	    "  <entities>\n"
	    "    <entity id=\"a\" kinds=\"lab\"><name>A</name></entity>\n"
	    "    <entity id=\"b\" kinds=\"cloud\"><name>B</name></entity>\n"
	    "  </entities>\n"
	    "  <flows>\n"
	    "<!--";
	char tail[512];
	size_t n;
	char *buf;

	snprintf(tail, sizeof(tail), "-->\n"
	    "<flow id=\"f1\" from=\"a\" to=\"b\" " OKFLOW "><amount"
	    " currency=\"USD\">%s</amount><source ref=\"s1\"/></flow>\n"
	    "  </flows>\n</dataset>\n", amount);
	n = strlen(head) + 70000 + strlen(tail);
	buf = malloc(n + 1);
	assert_non_null(buf);
	strcpy(buf, head);
	memset(buf + strlen(head), '\n', 70000);
	strcpy(buf + strlen(head) + 70000, tail);
	return buf;
}

static void
test_line_numbers_past_65535(void **state)
{
	cf_dataset *ds = NULL;
	char *text;

	(void)state;
	/* "<!--" is on line 9, "-->" on 70009, the flow on 70010. */
	text = big_doc("1");
	assert_int_equal(cf_dataset_new(&ds, BAD), CF_OK);
	if (cf_reader_xml.read(ds, text, strlen(text)) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_int_equal(ds->flows[0].line, 70010);
	cf_dataset_free(ds);
	free(text);
	text = big_doc("99999999999999999999");
	fails(text, 70010, "too large");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_counts),
		cmocka_unit_test(test_example_amounts_in_minor_units),
		cmocka_unit_test(test_example_quantity_and_schedule),
		cmocka_unit_test(test_example_entities),
		cmocka_unit_test(test_example_source_and_disclosure),
		cmocka_unit_test(test_range_without_amount_is_estimate),
		cmocka_unit_test(test_predefined_entities_and_char_refs),
		cmocka_unit_test(test_malformed_xml),
		cmocka_unit_test(test_wrong_root_or_namespace),
		cmocka_unit_test(test_version_2_refused),
		cmocka_unit_test(test_schema_bad_status),
		cmocka_unit_test(test_schema_flow_without_source),
		cmocka_unit_test(
		    test_schema_rejects_signed_or_exponent_amounts),
		cmocka_unit_test(test_xxe_refused_without_leaking_the_file),
		cmocka_unit_test(test_billion_laughs_fails_fast),
		cmocka_unit_test(test_amount_overflow_after_schema),
		cmocka_unit_test(test_unknown_currency),
		cmocka_unit_test(test_line_numbers_past_65535),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
