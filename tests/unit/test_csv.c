/* The CSV readers (entities, flows, sources) through the reader interface:
 * RFC 4180 tokenizing, columns, lists, detection, and every input error
 * with the file and line it names. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "circfin.h"
#include "import.h"
#include "model.h"
#include "testutil.h"

#define EPATH "data/entities.csv"
#define FPATH "data/flows.csv"
#define SPATH "data/sources.csv"
#define EHEAD "id,name,kinds,parent\n"
#define FHEAD "id,from,to,type,amount,currency,status,announced\n"

/* Read text with r into a new dataset named path; returns the code. */
static int
read_text(cf_dataset **out, const struct cf_reader *r, const char *path,
    const char *text)
{
	assert_int_equal(cf_dataset_new(out, path), CF_OK);
	cf_error_clear();
	return r->read(*out, text, strlen(text));
}

/* text reads and checks cleanly; the caller frees the dataset. */
static cf_dataset *
reads(const struct cf_reader *r, const char *path, const char *text)
{
	cf_dataset *ds = NULL;

	if (read_text(&ds, r, path, text) != CF_OK)
		fail_msg("read: %s", cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	return ds;
}

/* Read and check text; CF_EINPUT with a message that holds "path:line:"
 * and needle gives 1, anything else 0 (with *why describing it). */
static int
fails_as(const struct cf_reader *r, const char *path, const char *text,
    long line, const char *needle, char *why, size_t size)
{
	cf_dataset *ds = NULL;
	char where[256];
	int rc = read_text(&ds, r, path, text);

	if (rc == CF_OK)
		rc = cf_dataset_check(ds);
	cf_dataset_free(ds);
	snprintf(where, sizeof(where), "%s:%ld: ", path, line);
	if (rc != CF_EINPUT) {
		snprintf(why, size, "expected CF_EINPUT (\"%s\"), got %d: %s",
		    needle, rc, cf_error_message());
		return 0;
	}
	if (strstr(cf_error_message(), where) == NULL ||
	    strstr(cf_error_message(), needle) == NULL) {
		snprintf(why, size, "expected \"%s\" and \"%s\" in \"%s\"",
		    where, needle, cf_error_message());
		return 0;
	}
	return 1;
}

static void
fails_at(int at, const struct cf_reader *r, const char *path,
    const char *text, long line, const char *needle)
{
	char why[1536];

	if (!fails_as(r, path, text, line, needle, why, sizeof(why)))
		fail_msg("test line %d: %s", at, why);
}

/* Reading and checking text fails with CF_EINPUT and a message that holds
 * "path:line:" and needle. */
#define fails(...) fails_at(__LINE__, __VA_ARGS__)

/* Like fails() for several texts, reporting every one that is accepted. */
static void
all_fail(const struct cf_reader *r, const char *path, const char *const *texts,
    const char *const *names, size_t n, long line, const char *needle)
{
	char why[1536], bad[512] = "";
	size_t i;

	for (i = 0; i < n; i++)
		if (!fails_as(r, path, texts[i], line, needle, why,
		    sizeof(why)))
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
			    "%s%s", bad[0] ? ", " : "", names[i]);
	if (bad[0])
		fail_msg("accepted or wrong message: %s", bad);
}

/* ---- tokenizing --------------------------------------------------------- */

static void
test_quoted_fields_with_commas_quotes_and_newlines(void **state)
{
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH,
	    "id,name,kinds,parent,note\n"
	    "a,\"Alpha, Inc.\",lab,,\"He said \"\"hi\"\"\"\n"
	    "b,\"Two\nline name\",cloud,,\n"
	    "c,C,lab,a,\"\"\n");
	assert_int_equal(ds->nentities, 3);
	assert_string_equal(ds->entities[0].name, "Alpha, Inc.");
	assert_string_equal(ds->entities[0].note, "He said \"hi\"");
	assert_null(ds->entities[0].parent);
	assert_int_equal(ds->entities[0].line, 2);
	assert_string_equal(ds->entities[1].name, "Two\nline name");
	assert_int_equal(ds->entities[1].line, 3);
	/* The record after the embedded newline starts on line 5. */
	assert_string_equal(ds->entities[2].id, "c");
	assert_int_equal(ds->entities[2].line, 5);
	assert_string_equal(ds->entities[2].parent, "a");
	assert_null(ds->entities[2].note);	/* "" is empty */
	cf_dataset_free(ds);
}

static void
test_error_line_after_embedded_newlines(void **state)
{
	(void)state;
	/* Rows on lines 2-4 (two newlines in a quoted note), the bad one on
	 * line 5. */
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,note\n"
	    "f1,a,b,equity,1,USD,paid,2024,\"one\ntwo\nthree\"\n"
	    "f2,a,b,equity,x1,USD,paid,2024,\n",
	    5, "not a decimal number");
}

static void
test_crlf_line_ends(void **state)
{
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH,
	    "id,name,kinds,parent\r\n"
	    "a,A,lab,\r\n"
	    "b,\"B\r\nB\",cloud,a\r\n"
	    "c,C,lab,b\r\n");
	assert_int_equal(ds->nentities, 3);
	assert_string_equal(ds->entities[0].name, "A");
	assert_null(ds->entities[0].parent);
	assert_string_equal(ds->entities[1].name, "B\r\nB");
	assert_string_equal(ds->entities[1].parent, "a");
	assert_int_equal(ds->entities[1].line, 3);
	assert_string_equal(ds->entities[2].parent, "b");
	assert_int_equal(ds->entities[2].line, 5);
	cf_dataset_free(ds);
}

static void
test_utf8_bom_is_skipped(void **state)
{
	static const char text[] = "\xEF\xBB\xBF" EHEAD "a,Caf\xC3\xA9,lab,\n";
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH, text);
	assert_int_equal(ds->nentities, 1);
	assert_string_equal(ds->entities[0].id, "a");
	assert_string_equal(ds->entities[0].name, "Caf\xC3\xA9");
	assert_ptr_equal(cf_reader_detect(EPATH, text, strlen(text), NULL),
	    &cf_reader_csv_entities);
	cf_dataset_free(ds);
}

static void
test_blank_lines_are_skipped(void **state)
{
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH,
	    EHEAD "\na,A,lab,\n\n\r\nb,B,lab,\n\n");
	assert_int_equal(ds->nentities, 2);
	assert_int_equal(ds->entities[0].line, 3);
	assert_int_equal(ds->entities[1].line, 6);
	cf_dataset_free(ds);
}

/* ---- columns and lists -------------------------------------------------- */

static void
test_lists_split_on_semicolons_and_trimmed(void **state)
{
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH,
	    EHEAD "a,A,investor; cloud,\nb,B, lab ;;other ; ,\n");
	assert_int_equal(ds->entities[0].nkinds, 2);
	assert_string_equal(ds->entities[0].kinds[0], "investor");
	assert_string_equal(ds->entities[0].kinds[1], "cloud");
	assert_int_equal(ds->entities[1].nkinds, 2);
	assert_string_equal(ds->entities[1].kinds[0], "lab");
	assert_string_equal(ds->entities[1].kinds[1], "other");
	cf_dataset_free(ds);
}

static void
test_entity_optional_columns(void **state)
{
	const struct cf_entity *e;
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_entities, EPATH,
	    "id,name,kinds,parent,cik,ticker,lei,aliases,note\n"
	    "a,A,investor; cloud,,0000320193,AAPL,,Apple; Apple Inc.,memo\n"
	    "b,B,lab,a,,,,,\n");
	e = &ds->entities[0];
	assert_int_equal(e->nidents, 2);
	assert_string_equal(e->idents[0].scheme, "cik");
	assert_string_equal(e->idents[0].value, "0000320193");
	assert_string_equal(e->idents[1].scheme, "ticker");
	assert_string_equal(e->idents[1].value, "AAPL");
	assert_int_equal(e->naliases, 2);
	assert_string_equal(e->aliases[0], "Apple");
	assert_string_equal(e->aliases[1], "Apple Inc.");
	assert_string_equal(e->note, "memo");
	e = &ds->entities[1];
	assert_int_equal(e->nidents, 0);
	assert_int_equal(e->naliases, 0);
	assert_null(e->note);
	assert_string_equal(e->parent, "a");
	cf_dataset_free(ds);
}

static void
test_flow_optional_columns(void **state)
{
	const struct cf_flow *f;
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,sources,"
	    "schedule,estimate,quantity,unit,confidence,start,end\n"
	    "f1,a,b,compute-commitment,3,USD,committed,2026-01,s1; s2,"
	    "2026=1;2027=2,true,5,GW,high,2026,2027\n"
	    "f2,b,a,equity,0.25,EUR,paid,2025,s1,,,,,,,\n");
	assert_int_equal(ds->nflows, 2);
	f = &ds->flows[0];
	assert_true(f->has_amount);
	assert_int_equal(f->amount, 300);
	assert_string_equal(f->currency, "USD");
	assert_int_equal(f->nschedule, 2);
	assert_string_equal(f->schedule[0].due, "2026");
	assert_int_equal(f->schedule[0].minor, 100);
	assert_string_equal(f->schedule[1].due, "2027");
	assert_int_equal(f->schedule[1].minor, 200);
	assert_string_equal(f->schedule_currency, "USD");
	assert_int_equal(f->nsources, 2);
	assert_string_equal(f->sources[0], "s1");
	assert_string_equal(f->sources[1], "s2");
	assert_int_equal(f->estimate, 1);
	assert_true(f->has_quantity);
	assert_true(f->quantity == 5.0);
	assert_string_equal(f->unit, "GW");
	assert_string_equal(f->confidence, "high");
	assert_string_equal(f->start, "2026");
	assert_false(f->has_low);
	assert_false(f->has_high);
	f = &ds->flows[1];
	assert_int_equal(f->amount, 25);
	assert_string_equal(f->currency, "EUR");
	assert_int_equal(f->estimate, 0);
	assert_int_equal(f->nschedule, 0);
	assert_false(f->has_quantity);
	assert_string_equal(f->confidence, "medium");	/* the default */
	assert_null(f->start);
	cf_dataset_free(ds);
}

static void
test_sources_columns(void **state)
{
	cf_dataset *ds;

	(void)state;
	ds = reads(&cf_reader_csv_sources, SPATH,
	    "id,title,url,date,accession\n"
	    "s1,\"A title, with comma\",https://example.org/a,2025-01-02,"
	    "0000950170-24-000001\n"
	    "s2,Second,,,\n");
	assert_int_equal(ds->nsources, 2);
	assert_string_equal(ds->sources[0].title, "A title, with comma");
	assert_string_equal(ds->sources[0].url, "https://example.org/a");
	assert_string_equal(ds->sources[0].date, "2025-01-02");
	assert_string_equal(ds->sources[0].accession, "0000950170-24-000001");
	assert_null(ds->sources[1].url);
	assert_int_equal(ds->sources[1].line, 3);
	cf_dataset_free(ds);
}

/* ---- detection ---------------------------------------------------------- */

static const struct cf_reader *
detect(const char *head, const char *family)
{
	cf_error_clear();
	return cf_reader_detect("in/x.csv", head, strlen(head), family);
}

static void
test_detect_by_header(void **state)
{
	(void)state;
	assert_ptr_equal(detect(FHEAD "f1,a,b,equity,1,USD,paid,2024\n", NULL),
	    &cf_reader_csv_flows);
	assert_ptr_equal(detect("\"id\",\"from\",\"to\",\"type\"\n", NULL),
	    &cf_reader_csv_flows);
	assert_ptr_equal(detect(EHEAD "a,A,lab,\n", NULL),
	    &cf_reader_csv_entities);
	assert_ptr_equal(detect("id,title,url\ns1,T,\n", NULL),
	    &cf_reader_csv_sources);
	assert_ptr_equal(detect(FHEAD, "csv"), &cf_reader_csv_flows);
	assert_ptr_equal(detect("<?xml version=\"1.0\"?>\n<dataset xmlns="
	    "\"urn:circfin:dataset:1\" version=\"1\"/>", NULL),
	    &cf_reader_xml);
}

static void
test_detect_unrelated_csv_has_no_reader(void **state)
{
	(void)state;
	assert_null(detect("a,b,c\n1,2,3\n", NULL));
	tu_assert_has(cf_error_message(), "in/x.csv");
	tu_assert_has(cf_error_message(), "not a format circfin reads");
	assert_null(detect(EHEAD, "xml"));
	tu_assert_has(cf_error_message(), "as xml");
}

/* ---- errors ------------------------------------------------------------- */

static void
test_missing_required_column(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH, "id,name,kinds\na,A,lab\n", 1,
	    "missing column 'parent'");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,currency,status,announced\n"
	    "f1,a,b,equity,USD,paid,2024\n", 1, "missing column 'amount'");
	fails(&cf_reader_csv_sources, SPATH, "id,url\ns1,x\n", 1,
	    "missing column 'title'");
}

static void
test_unknown_column(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH,
	    "id,name,kinds,parent,colour\na,A,lab,,red\n", 1,
	    "unknown column 'colour'");
}

static void
test_duplicate_column(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH,
	    "id,name,kinds,parent,name\na,A,lab,,A\n", 1,
	    "column 'name' appears twice");
}

static void
test_ragged_rows(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,\nb,B,lab\n", 3,
	    "row has 3 fields, the header has 4");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,,extra\n", 2,
	    "row has 5 fields");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a\n", 2,
	    "row has 1 field,");
}

static void
test_unterminated_quote(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH,
	    EHEAD "a,A,lab,\nb,\"B,lab,\nc,C,lab,\n", 3,
	    "unterminated quoted field");
}

static void
test_text_after_closing_quote(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,\nb,\"B\"x,lab,\n",
	    3, "text after the closing quote");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A\"b\",lab,\n", 2,
	    "quote inside an unquoted field");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH,
	    EHEAD "a,A,lab,\nb,\xC3\x28,lab,\n", 3, "not valid UTF-8");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,\xC0\xAF,lab,\n", 2,
	    "not valid UTF-8");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,\xFF,lab,\n", 2,
	    "not valid UTF-8");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,\xE2\x82", 2,
	    "not valid UTF-8");
}

/* RFC 3629: UTF-16 surrogates, overlong three-byte forms and code points
 * above U+10FFFF are not UTF-8 either. */
static void
test_invalid_utf8_surrogates_and_overlongs(void **state)
{
	static const char *const texts[] = {
		EHEAD "a,\xED\xA0\x80,lab,\n",
		EHEAD "a,\xE0\x80\xAF,lab,\n",
		EHEAD "a,\xF0\x80\x80\xAF,lab,\n",
		EHEAD "a,\xF4\x90\x80\x80,lab,\n",
	};
	static const char *const names[] = {
		"surrogate ED A0 80", "overlong E0 80 AF",
		"overlong F0 80 80 AF", "above U+10FFFF F4 90 80 80",
	};

	(void)state;
	all_fail(&cf_reader_csv_entities, EPATH, texts, names, 4, 2,
	    "not valid UTF-8");
}

static void
test_control_character(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,\nb,B\x01,lab,\n",
	    3, "control character 0x01");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A\x1b[31m,lab,\n", 2,
	    "control character 0x1b");
}

static void
test_bad_amounts(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,2024\nf2,a,b,equity,-5,USD,paid,2024\n",
	    3, "negative amount");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,12abc,USD,paid,2024\n", 2, "not a decimal number");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,\"1,000\",USD,paid,2024\n", 2,
	    "not a decimal number");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,99999999999999999999,USD,paid,2024\n", 2,
	    "too large");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1.005,USD,paid,2024\n", 2, "decimal places");
}

static void
test_unknown_currency(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,XYZ,paid,2024\n", 2, "unknown currency 'XYZ'");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,usd,paid,2024\n", 2, "currency 'usd'");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,US,paid,2024\n", 2, "three-letter");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,,paid,2024\n", 2, "needs a currency");
}

static void
test_duplicate_ids_name_both_lines(void **state)
{
	(void)state;
	fails(&cf_reader_csv_entities, EPATH,
	    EHEAD "a,A,lab,\nb,B,lab,\na,A again,lab,\n", 4,
	    "duplicate entity id 'a' (first defined at line 2)");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,2024\nf1,b,a,equity,1,USD,paid,2024\n",
	    3, "line 2");
}

static void
test_bad_date(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,2024-02-30\n", 2,
	    "'2024-02-30' is not a date");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,2024/01/01\n", 2, "not a date");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,\n", 2, "missing date");
}

static void
test_unknown_vocabulary(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,pending,2024\n", 2,
	    "unknown status 'pending'");
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,gift,1,USD,paid,2024\n", 2, "unknown type 'gift'");
	fails(&cf_reader_csv_entities, EPATH, EHEAD "a,A,lab,\nb,B,bank,\n", 3,
	    "unknown kind 'bank'");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,confidence\n"
	    "f1,a,b,equity,1,USD,paid,2024,sure\n", 2,
	    "unknown confidence 'sure'");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,estimate\n"
	    "f1,a,b,equity,1,USD,paid,2024,maybe\n", 2, "not a boolean");
}

static void
test_flow_to_itself(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH, FHEAD
	    "f1,a,b,equity,1,USD,paid,2024\nf2,a,a,equity,1,USD,paid,2024\n",
	    3, "flow 'f2' goes from 'a' to itself");
}

static void
test_schedule_must_add_up(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,schedule\n"
	    "f1,a,b,equity,3,USD,paid,2024,2026=1;2027=1\n", 2,
	    "schedule adds up to 2.00, amount is 3.00");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,schedule\n"
	    "f1,a,b,equity,3,USD,paid,2024,2026:3\n", 2, "DATE=AMOUNT");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,schedule\n"
	    "f1,a,b,equity,3,USD,paid,2024,2027=1;2026=2\n", 2,
	    "dates must increase");
}

static void
test_range_low_above_amount(void **state)
{
	(void)state;
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,low,high\n"
	    "f1,a,b,equity,3,USD,paid,2024,5,\n", 2,
	    "low <= amount <= high");
	fails(&cf_reader_csv_flows, FPATH,
	    "id,from,to,type,amount,currency,status,announced,low,high\n"
	    "f1,a,b,equity,3,USD,paid,2024,,2.99\n", 2,
	    "low <= amount <= high");
}

/* A quantity is a finite number: infinity is no amount of gigawatts (and
 * the XML schema admits digits only). */
static void
test_quantity_must_be_finite(void **state)
{
#define QHEAD "id,from,to,type,amount,currency,status,announced,quantity,unit\n"
	static const char *const texts[] = {
		QHEAD "f1,a,b,equity,,,paid,2024,nan,GW\n",
		QHEAD "f1,a,b,equity,,,paid,2024,inf,GW\n",
		QHEAD "f1,a,b,equity,,,paid,2024,infinity,GW\n",
		QHEAD "f1,a,b,equity,,,paid,2024,1e400,GW\n",
	};
	static const char *const names[] = {"nan", "inf", "infinity", "1e400"};
#undef QHEAD

	(void)state;
	all_fail(&cf_reader_csv_flows, FPATH, texts, names, 4, 2, "quantity");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_quoted_fields_with_commas_quotes_and_newlines),
		cmocka_unit_test(test_error_line_after_embedded_newlines),
		cmocka_unit_test(test_crlf_line_ends),
		cmocka_unit_test(test_utf8_bom_is_skipped),
		cmocka_unit_test(test_blank_lines_are_skipped),
		cmocka_unit_test(test_lists_split_on_semicolons_and_trimmed),
		cmocka_unit_test(test_entity_optional_columns),
		cmocka_unit_test(test_flow_optional_columns),
		cmocka_unit_test(test_sources_columns),
		cmocka_unit_test(test_detect_by_header),
		cmocka_unit_test(test_detect_unrelated_csv_has_no_reader),
		cmocka_unit_test(test_missing_required_column),
		cmocka_unit_test(test_unknown_column),
		cmocka_unit_test(test_duplicate_column),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_invalid_utf8_surrogates_and_overlongs),
		cmocka_unit_test(test_control_character),
		cmocka_unit_test(test_bad_amounts),
		cmocka_unit_test(test_unknown_currency),
		cmocka_unit_test(test_duplicate_ids_name_both_lines),
		cmocka_unit_test(test_bad_date),
		cmocka_unit_test(test_unknown_vocabulary),
		cmocka_unit_test(test_flow_to_itself),
		cmocka_unit_test(test_schedule_must_add_up),
		cmocka_unit_test(test_range_low_above_amount),
		cmocka_unit_test(test_quantity_must_be_finite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
