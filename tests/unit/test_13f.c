/* The 13F reader: cover page and information table read together from a
 * folder or as the two documents of a submission, default-namespace and
 * prefixed, values in dollars and thousands (and filers who mixed them
 * up), amendments, notices, tables on their own, cover totals, bad input
 * with file and line, and the real EDGAR files when they are present. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "model.h"
#include "testutil.h"

/* What the batch sets before a reader runs. */
#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SRC "file-0123456789abcdef"
#define DOLLARS_2024 "13F values in dollars (signed 2024-05-10, on or after" \
	" 2023-01-03)"

static cf_dataset *
new_ds(const char *path)
{
	cf_dataset *ds = NULL;

	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	memcpy(ds->filing.sha256, SHA, sizeof(ds->filing.sha256));
	return ds;
}

/* Read the cover page dir/primary_doc.xml as a plain file; it must pass
 * cf_dataset_check.  The caller frees. */
static cf_dataset *
read_dir(const char *dir)
{
	char path[4096];
	cf_dataset *ds;

	assert_true((size_t)snprintf(path, sizeof(path), "%s/primary_doc.xml",
	    dir) < sizeof(path));
	ds = new_ds(path);
	if (cf_reader_13f_cover.read_file(ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check %s: %s", path, cf_error_message());
	assert_true(ds->is_filing);
	return ds;
}

static cf_dataset *
read_fixture(const char *rel)
{
	char dir[4096];

	return read_dir(tu_path(dir, sizeof(dir), "TESTDATA", rel));
}

static void
assert_flow(const struct cf_flow *f, const char *id, const char *from,
    const char *to, int64_t cents, double shares, long line)
{
	assert_string_equal(f->id, id);
	assert_string_equal(f->from, from);
	assert_string_equal(f->to, to);
	assert_string_equal(f->type, "equity");
	assert_string_equal(f->status, "paid");
	assert_string_equal(f->confidence, "high");
	assert_string_equal(f->currency, "USD");
	assert_true(f->has_amount);
	assert_int_equal(f->amount, cents);
	assert_int_equal(f->estimate, 0);
	if (shares >= 0) {
		assert_true(f->has_quantity);
		assert_true(f->quantity == shares);
		assert_string_equal(f->unit, "shares");
	} else {
		assert_false(f->has_quantity);
		assert_null(f->unit);
	}
	assert_int_equal(f->nsources, 1);
	assert_int_equal(f->line, line);
}

static void
assert_entity(const struct cf_entity *e, const char *id, const char *name,
    const char *kind, const char *scheme, const char *value)
{
	assert_string_equal(e->id, id);
	assert_string_equal(e->name, name);
	assert_int_equal(e->nkinds, 1);
	assert_string_equal(e->kinds[0], kind);
	assert_true(e->resolve);
	assert_int_equal(e->nidents, 1);
	assert_string_equal(e->idents[0].scheme, scheme);
	assert_string_equal(e->idents[0].value, value);
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcmp(s + n - k, tail) == 0;
}

/*
 * The line of a document's root element, or -1 when it cannot be known:
 * the reader expands rows and fields, whose lines are exact, but not the
 * root, whose line is cf_xs_line's; that is exact once cf_xs_line reads
 * the current node's line rather than the parser's position (which runs
 * ahead).  A probe tells; until then a message about the root is checked
 * for its file and text only.
 */
static long
root_line(long line)
{
	static int exact = -1;

	if (exact < 0) {
		char dir[1024], path[1200];
		cf_xs *x = NULL;

		tu_tmpdir(dir, sizeof(dir));
		snprintf(path, sizeof(path), "%s/probe.xml", dir);
		tu_write_file(path, "<r>\n<s/>\n<s/>\n</r>\n");
		assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
		assert_int_equal(cf_xs_next(x), 1);
		exact = cf_xs_line(x) == 1;
		cf_xs_free(x);
		tu_rmtree(dir);
	}
	return exact ? line : -1;
}

/* The error message is "path:line: text" (line -1: any line). */
static void
assert_message(const char *path, long line, const char *text)
{
	const char *m = cf_error_message();
	char want[8192];

	if (line >= 0) {
		snprintf(want, sizeof(want), "%s:%ld: %s", path, line, text);
		assert_string_equal(m, want);
		return;
	}
	snprintf(want, sizeof(want), "%s:", path);
	tu_assert_has(m, want);
	assert_true(strncmp(m, want, strlen(want)) == 0);
	snprintf(want, sizeof(want), ": %s", text);
	if (!ends_with(m, want))
		fail_msg("expected \"%s\" to end with \"%s\"", m, want);
}

/* ---- detection -------------------------------------------------------- */

static int
cover_score(const char *head)
{
	return cf_reader_13f_cover.detect(head, strlen(head));
}

static int
table_score(const char *head)
{
	return cf_reader_13f_table.detect(head, strlen(head));
}

static void
test_detect(void **state)
{
	(void)state;
	assert_int_equal(cover_score("<?xml version=\"1.0\"?>\n<edgarSubmission"
	    " xmlns=\"http://www.sec.gov/edgar/thirteenffiler\">"), 90);
	assert_int_equal(cover_score("<ns1:edgarSubmission xmlns:ns1=\"urn:x\">"
	    "<ns1:headerData><ns1:submissionType> 13F-NT</ns1:submissionType>"),
	    90);
	assert_int_equal(cover_score("<!-- made by hand --><edgarSubmission>"
	    "<headerData><submissionType>13F-HR/A</submissionType>"), 90);
	/* A Form D is an edgarSubmission too. */
	assert_int_equal(cover_score("<?xml version=\"1.0\"?><edgarSubmission>"
	    "<schemaVersion>X0708</schemaVersion><submissionType>D"
	    "</submissionType>"), 0);
	assert_int_equal(cover_score("<edgarSub"), 0);
	assert_int_equal(cover_score("<informationTable xmlns=\"http://www.sec"
	    ".gov/edgar/thirteenffiler\">"), 0);
	assert_int_equal(table_score("<?xml version=\"1.0\" ?>\n"
	    "<informationTable xmlns=\"http://www.sec.gov/edgar/document/"
	    "thirteenf/informationtable\">"), 90);
	assert_int_equal(table_score("<n1:informationTable xmlns:n1=\"urn:x\">"),
	    90);
	assert_int_equal(table_score("<ownershipDocument>"), 0);
	assert_int_equal(table_score("<edgarSubmission><informationTable>"), 0);
	assert_int_equal(table_score("<!DOCTYPE informationTable>"), 0);
}

/* Among all the readers, the fixtures go to these two. */
static void
test_detect_fixtures(void **state)
{
	static const struct {
		const char *rel;
		const struct cf_reader *reader;
	} cases[] = {
		{"edgar/13f/basic/primary_doc.xml", &cf_reader_13f_cover},
		{"edgar/13f/basic/infotable.xml", &cf_reader_13f_table},
		{"edgar/13f/prefixed/primary_doc.xml", &cf_reader_13f_cover},
		{"edgar/13f/prefixed/form13fInfoTable.xml",
		    &cf_reader_13f_table},
		{"edgar/13f/notice/primary_doc.xml", &cf_reader_13f_cover},
	};
	char path[4096];
	const char *head;
	size_t i, len;
	char *buf;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tu_path(path, sizeof(path), "TESTDATA", cases[i].rel);
		buf = tu_read_file(path, &len);
		head = cf_skip_bom_space(buf, buf + len);
		len -= (size_t)(head - buf);
		if (cf_reader_detect(path, head, len > 4096 ? 4096 : len,
		    NULL) != cases[i].reader)
			fail_msg("%s is not read as %s", cases[i].rel,
			    cases[i].reader->name);
		free(buf);
	}
}

/* ---- filings read from a folder ---------------------------------------- */

/* A cover and a table of five rows: the same CUSIP twice (two flows,
 * one issuer, its second name an alias), a PRN row (no quantity), a put
 * (left out). */
static void
test_basic_folder(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/basic");
	const struct cf_filing *f = &ds->filing;

	(void)state;
	assert_string_equal(f->form, "13F-HR");
	assert_string_equal(f->period, "2024-03-31");
	assert_string_equal(f->filed, "2024-05-10");
	assert_string_equal(f->filer_cik, "0009990001");
	assert_null(f->accession);
	assert_string_equal(f->lineage, "13f:0009990001:2024-03-31");
	assert_int_equal(f->amendment, 0);
	assert_null(f->ignored);
	assert_string_equal(f->note, DOLLARS_2024 "; 1 put/call row not"
	    " imported (an option's 13F value is that of the underlying"
	    " shares, not money invested)");
	assert_int_equal(f->ncompanions, 1);
	assert_true(ends_with(f->companions[0], "/edgar/13f/basic/infotable.xml"));

	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, SRC);
	assert_string_equal(ds->sources[0].title, "Example Capital Partners LLC"
	    " - Form 13F-HR for 2024-03-31");
	assert_string_equal(ds->sources[0].date, "2024-05-10");
	assert_null(ds->sources[0].url);

	assert_int_equal(ds->nentities, 4);
	assert_entity(&ds->entities[0], "local-1", "Example Capital Partners"
	    " LLC", "investor", "cik", "0009990001");
	assert_entity(&ds->entities[1], "local-2", "EXAMPLE ROBOTICS INC",
	    "other", "cusip", "99990R101");
	assert_entity(&ds->entities[2], "local-3", "EXAMPLE CHIPS CORP",
	    "other", "cusip", "99990C108");
	assert_entity(&ds->entities[3], "local-4", "EXAMPLE LABS CORP",
	    "other", "cusip", "99990LAB3");
	/* The same CUSIP under another name: one issuer, an alias. */
	assert_int_equal(ds->entities[1].naliases, 1);
	assert_string_equal(ds->entities[1].aliases[0], "EXAMPLE ROBOTICS");
	assert_int_equal(ds->entities[2].naliases, 0);

	assert_int_equal(ds->nflows, 4);
	assert_flow(&ds->flows[0], SRC "-flow-1", "local-1", "local-2",
	    125000000, 10000, 4);
	assert_flow(&ds->flows[1], SRC "-flow-2", "local-1", "local-3",
	    450050000, 30000, 20);
	assert_flow(&ds->flows[2], SRC "-flow-3", "local-1", "local-2",
	    25000000, 2000, 36);
	assert_flow(&ds->flows[3], SRC "-flow-4", "local-1", "local-4",
	    101000000, -1, 53);
	assert_string_equal(ds->flows[0].announced, "2024-03-31");
	assert_string_equal(ds->flows[0].sources[0], SRC);
	/* The period, shares and unit are the flow's and the filing's. */
	assert_string_equal(ds->flows[0].note, "13F holding: market value,"
	    " not money paid; COM");
	assert_string_equal(ds->flows[3].note, "13F holding: market value,"
	    " not money paid; NOTE 2.500% 3/1; principal amount 1000000");
	cf_dataset_free(ds);
}

/* ns1:/n1: prefixes, a 2021 period in thousands, commas in numbers, a
 * lower-case CUSIP and one whose leading zeros a spreadsheet dropped. */
static void
test_prefixed_thousands(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/prefixed");
	const char *unit = "13F values in thousands (signed 2022-02-14, before"
	    " 2023-01-03)";

	(void)state;
	assert_string_equal(ds->filing.period, "2021-12-31");
	assert_string_equal(ds->filing.filed, "2022-02-14");
	assert_string_equal(ds->filing.filer_cik, "0009990003");
	assert_string_equal(ds->filing.note, unit);
	assert_true(ends_with(ds->filing.companions[0],
	    "/prefixed/form13fInfoTable.xml"));
	assert_int_equal(ds->nentities, 4);
	assert_entity(&ds->entities[0], "local-1", "Example Pension Trust",
	    "investor", "cik", "0009990003");
	assert_entity(&ds->entities[1], "local-2", "EXAMPLE ROBOTICS INC",
	    "other", "cusip", "99990R101");
	assert_entity(&ds->entities[3], "local-4", "EXAMPLE DATA CORP",
	    "other", "cusip", "004567890");
	assert_int_equal(ds->nflows, 3);
	assert_flow(&ds->flows[0], SRC "-flow-1", "local-1", "local-2",
	    125000000, 10000, 3);
	assert_flow(&ds->flows[1], SRC "-flow-2", "local-1", "local-3",
	    450100000, 30000, 14);
	assert_flow(&ds->flows[2], SRC "-flow-3", "local-1", "local-4",
	    9900000, 1500, 25);
	assert_string_equal(ds->flows[1].note, "13F holding: market value,"
	    " not money paid; CL A");
	assert_string_equal(ds->flows[2].note, "13F holding: market value,"
	    " not money paid; COM; CUSIP's leading zeros restored");
	cf_dataset_free(ds);
}

/* A Q3 2022 report (thousands by date) whose values are dollars: $125
 * and $150.02 a share read as thousands would be $125,000 a share. */
static void
test_mixed_up_dollars(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/mixed-dollars");
	const char *unit = "13F values in dollars, though the date rule says"
	    " thousands (signed 2022-11-10, before 2023-01-03): median implied"
	    " price $137.51 a share in dollars, $137508.33 in thousands";

	(void)state;
	assert_string_equal(ds->filing.note, unit);
	assert_true(ends_with(ds->filing.companions[0], "/holdings-q3.xml"));
	assert_int_equal(ds->nflows, 2);
	assert_flow(&ds->flows[0], SRC "-flow-1", "local-1", "local-2",
	    125000000, 10000, 3);
	assert_flow(&ds->flows[1], SRC "-flow-2", "local-1", "local-3",
	    450050000, 30000, 19);
	cf_dataset_free(ds);
}

/* A 2023 report (dollars by date) still in thousands: 12.5 cents a
 * share in dollars. */
static void
test_mixed_up_thousands(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/mixed-thousands");

	(void)state;
	assert_string_equal(ds->filing.note, "13F values in thousands, though"
	    " the date rule says dollars (signed 2023-08-01, on or after"
	    " 2023-01-03): median implied price $0.14 a share in dollars,"
	    " $137.52 in thousands");
	assert_int_equal(ds->nflows, 2);
	assert_int_equal(ds->flows[0].amount, 125000000);
	assert_int_equal(ds->flows[1].amount, 450100000);
	cf_dataset_free(ds);
}

/* A restatement replaces the report: same lineage, amendment set. */
static void
test_restatement(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/restatement");

	(void)state;
	assert_string_equal(ds->filing.form, "13F-HR/A");
	assert_int_equal(ds->filing.amendment, 1);
	assert_string_equal(ds->filing.lineage, "13f:0009990001:2024-03-31");
	assert_string_equal(ds->filing.filed, "2024-05-20");
	assert_int_equal(ds->nflows, 1);
	assert_flow(&ds->flows[0], SRC "-flow-1", "local-1", "local-2",
	    130000000, 10000, 3);
	cf_dataset_free(ds);
}

/* New holdings add to the report: a lineage of their own, named by the
 * accession of the folder (EDGAR's layout). */
static void
test_new_holdings(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/000999000124000007");

	(void)state;
	assert_string_equal(ds->filing.accession, "0009990001-24-000007");
	assert_int_equal(ds->filing.amendment, 0);
	assert_string_equal(ds->filing.lineage, "13f:0009990001:2024-03-31:"
	    "0009990001-24-000007");
	assert_string_equal(ds->sources[0].id, "sec-0009990001-24-000007");
	assert_string_equal(ds->sources[0].title, "Example Capital Partners LLC"
	    " - Form 13F-HR/A for 2024-03-31 (0009990001-24-000007)");
	assert_string_equal(ds->sources[0].url, "https://www.sec.gov/Archives/"
	    "edgar/data/9990001/000999000124000007/");
	assert_int_equal(ds->nflows, 1);
	assert_flow(&ds->flows[0], "sec-0009990001-24-000007-flow-1",
	    "local-1", "local-2", 64000000, 8000, 3);
	cf_dataset_free(ds);
}

/* Without an accession, the file's hash names the new holdings. */
static void
test_new_holdings_by_hash(void **state)
{
	char src[4096], dir[1024], path[1200];
	cf_dataset *ds;
	char *text;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	tu_path(src, sizeof(src), "TESTDATA",
	    "edgar/13f/000999000124000007/primary_doc.xml");
	text = tu_read_file(src, NULL);
	snprintf(path, sizeof(path), "%s/primary_doc.xml", dir);
	tu_write_file(path, text);
	free(text);
	tu_path(src, sizeof(src), "TESTDATA",
	    "edgar/13f/000999000124000007/infotable.xml");
	text = tu_read_file(src, NULL);
	snprintf(path, sizeof(path), "%s/infotable.xml", dir);
	tu_write_file(path, text);
	free(text);
	ds = read_dir(dir);
	assert_null(ds->filing.accession);
	assert_int_equal(ds->filing.amendment, 0);
	assert_string_equal(ds->filing.lineage, "13f:0009990001:2024-03-31:"
	    "0123456789abcdef");
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* A 13F-NT: the manager only, no table looked for. */
static void
test_notice(void **state)
{
	cf_dataset *ds = read_fixture("edgar/13f/notice");

	(void)state;
	assert_string_equal(ds->filing.form, "13F-NT");
	assert_string_equal(ds->filing.lineage, "13f:0009990006:2024-03-31");
	assert_string_equal(ds->filing.note, "13F notice (13F-NT): the holdings"
	    " are reported by other managers; only the manager is imported");
	assert_int_equal(ds->filing.ncompanions, 0);
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->nentities, 1);
	assert_entity(&ds->entities[0], "local-1", "Example Holdings Co",
	    "investor", "cik", "0009990006");
	assert_int_equal(ds->nflows, 0);
	cf_dataset_free(ds);
}

/* ---- tables on their own ------------------------------------------------ */

static void
test_table_beside_cover(void **state)
{
	const char *dirs[] = {"basic/infotable.xml",
	    "prefixed/form13fInfoTable.xml"};
	char path[4096], want[4200];
	cf_dataset *ds;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "edgar/13f/%s", dirs[i]);
		tu_path(path, sizeof(path), "TESTDATA", want);
		ds = new_ds(path);
		if (cf_reader_13f_table.read_file(ds) != CF_OK)
			fail_msg("%s: %s", path, cf_error_message());
		snprintf(want, sizeof(want), "read with its cover page %.*s/"
		    "primary_doc.xml", (int)(strrchr(path, '/') - path), path);
		assert_string_equal(ds->filing.ignored, want);
		assert_int_equal(ds->nsources + ds->nentities + ds->nflows, 0);
		cf_dataset_free(ds);
	}
}

static void
test_table_alone(void **state)
{
	char path[4096], want[4400];
	cf_dataset *ds;

	(void)state;
	tu_path(path, sizeof(path), "TESTDATA", "edgar/13f/lonetable/"
	    "infotable.xml");
	ds = new_ds(path);
	assert_int_equal(cf_reader_13f_table.read_file(ds), CF_EINPUT);
	snprintf(want, sizeof(want), "%s: 13F information table without its"
	    " cover page (primary_doc.xml) in the same folder: the filing"
	    " manager is unknown", path);
	assert_string_equal(cf_error_message(), want);
	cf_dataset_free(ds);
}

/* ---- the two documents of a submission --------------------------------- */

static int
read_doc(cf_dataset *ds, const char *rel, int cover)
{
	char path[4096];
	cf_xs *x = NULL;
	int rc;

	tu_path(path, sizeof(path), "TESTDATA", rel);
	assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
	rc = cover ? cf_edgar_read_13f_cover(ds, x, 0) :
	    cf_edgar_read_13f_table(ds, x);
	cf_xs_free(x);
	return rc;
}

/* Either order; what the SGML header said is kept. */
static void
test_submission(void **state)
{
	cf_dataset *ds;
	int order;

	(void)state;
	for (order = 0; order < 2; order++) {
		ds = new_ds("submission.txt");
		ds->filing.form = cf_dataset_strdup(ds, "13F-HR");
		ds->filing.filed = cf_dataset_strdup(ds, "2024-05-14");
		ds->filing.accession = cf_dataset_strdup(ds,
		    "0009990001-24-000005");
		assert_int_equal(read_doc(ds, order ? "edgar/13f/basic/"
		    "infotable.xml" : "edgar/13f/basic/primary_doc.xml",
		    !order), CF_OK);
		assert_int_equal(ds->nflows, 0);
		assert_int_equal(read_doc(ds, order ? "edgar/13f/basic/"
		    "primary_doc.xml" : "edgar/13f/basic/infotable.xml",
		    order), CF_OK);
		if (cf_edgar_finish_13f(ds) != CF_OK ||
		    cf_dataset_check(ds) != CF_OK)
			fail_msg("%s", cf_error_message());
		assert_string_equal(ds->filing.filed, "2024-05-14");
		assert_int_equal(ds->filing.ncompanions, 0);
		tu_assert_has(ds->filing.note, "13F values in dollars (filed"
		    " 2024-05-14, on or after 2023-01-03); 1 put/call row");
		assert_string_equal(ds->sources[0].id,
		    "sec-0009990001-24-000005");
		assert_int_equal(ds->nflows, 4);
		assert_string_equal(ds->flows[3].id,
		    "sec-0009990001-24-000005-flow-4");
		assert_int_equal(ds->flows[3].amount, 101000000);
		cf_dataset_free(ds);
	}
}

static void
test_submission_missing_part(void **state)
{
	char path[4096];
	cf_dataset *ds;

	(void)state;
	ds = new_ds("submission.txt");
	assert_int_equal(read_doc(ds, "edgar/13f/basic/infotable.xml", 0),
	    CF_OK);
	assert_int_equal(cf_edgar_finish_13f(ds), CF_EINPUT);
	tu_path(path, sizeof(path), "TESTDATA", "edgar/13f/basic/"
	    "infotable.xml");
	assert_message(path, root_line(3), "13F information table without its"
	    " cover page (primary_doc.xml): the filing manager is unknown");
	cf_dataset_free(ds);

	ds = new_ds("submission.txt");
	assert_int_equal(read_doc(ds, "edgar/13f/basic/primary_doc.xml", 1),
	    CF_OK);
	assert_int_equal(cf_edgar_finish_13f(ds), CF_EINPUT);
	tu_path(path, sizeof(path), "TESTDATA", "edgar/13f/basic/"
	    "primary_doc.xml");
	assert_message(path, 51, "13F cover page says 5 rows, but the filing"
	    " has no information table");
	cf_dataset_free(ds);
}

/* ---- bad input --------------------------------------------------------- */

/* A cover page and a table that agree; each bad case edits one line. */
static const char cover_t[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"			/* 1 */
    "<edgarSubmission xmlns=\"http://www.sec.gov/edgar/thirteenffiler\">\n"
    "  <headerData>\n"
    "    <submissionType>13F-HR</submissionType>\n"			/* 4 */
    "    <filerInfo>\n"
    "      <filer>\n"
    "        <credentials>\n"
    "          <cik>9990002</cik>\n"				/* 8 */
    "          <ccc>XXXXXXXX</ccc>\n"
    "        </credentials>\n"
    "      </filer>\n"
    "      <periodOfReport>06-30-2024</periodOfReport>\n"		/* 12 */
    "    </filerInfo>\n"
    "  </headerData>\n"
    "  <formData>\n"
    "    <coverPage>\n"
    "      <reportCalendarOrQuarter>06-30-2024</reportCalendarOrQuarter>\n"
    "      <isAmendment>false</isAmendment>\n"			/* 18 */
    "      <filingManager>\n"
    "        <name>Example Growth Advisers LP</name>\n"		/* 20 */
    "      </filingManager>\n"
    "      <reportType>13F HOLDINGS REPORT</reportType>\n"
    "    </coverPage>\n"
    "    <signatureBlock>\n"
    "      <signatureDate>08-09-2024</signatureDate>\n"		/* 25 */
    "    </signatureBlock>\n"
    "    <summaryPage>\n"
    "      <tableEntryTotal>2</tableEntryTotal>\n"			/* 28 */
    "      <tableValueTotal>1500500</tableValueTotal>\n"		/* 29 */
    "    </summaryPage>\n"
    "  </formData>\n"
    "</edgarSubmission>\n";

static const char table_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"			/* 1 */
    "<informationTable xmlns=\"http://www.sec.gov/edgar/document/"
    "thirteenf/informationtable\">\n";
static const char table_t[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"			/* 1 */
    "<informationTable xmlns=\"http://www.sec.gov/edgar/document/"
    "thirteenf/informationtable\">\n"
    "  <infoTable>\n"						/* 3 */
    "    <nameOfIssuer>EXAMPLE ROBOTICS INC</nameOfIssuer>\n"
    "    <titleOfClass>COM</titleOfClass>\n"
    "    <cusip>99990R101</cusip>\n"					/* 6 */
    "    <value>1000000</value>\n"					/* 7 */
    "    <shrsOrPrnAmt>\n"
    "      <sshPrnamt>8000</sshPrnamt>\n"				/* 9 */
    "      <sshPrnamtType>SH</sshPrnamtType>\n"			/* 10 */
    "    </shrsOrPrnAmt>\n"						/* 11 */
    "    <investmentDiscretion>SOLE</investmentDiscretion>\n"
    "  </infoTable>\n"
    "  <infoTable>\n"						/* 14 */
    "    <nameOfIssuer>EXAMPLE CHIPS CORP</nameOfIssuer>\n"
    "    <titleOfClass>COM</titleOfClass>\n"
    "    <cusip>99990C108</cusip>\n"
    "    <value>500500</value>\n"					/* 18 */
    "    <shrsOrPrnAmt>\n"
    "      <sshPrnamt>3500</sshPrnamt>\n"
    "      <sshPrnamtType>SH</sshPrnamtType>\n"
    "    </shrsOrPrnAmt>\n"
    "    <investmentDiscretion>SOLE</investmentDiscretion>\n"
    "  </infoTable>\n"
    "</informationTable>\n";

/* text with the first from replaced by to (malloc'd). */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *s;

	if (at == NULL)
		fail_msg("'%s' is not in the template", from);
	s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	return s;
}

/* Write the cover page and the table (if any) into a new folder and read
 * the cover; *dir gets the folder (removed by the caller). */
static int
read_pair(char *dir, size_t size, const char *cover, const char *table,
    cf_dataset **out)
{
	char path[4096];
	int rc;

	tu_tmpdir(dir, size);
	if (table != NULL) {
		snprintf(path, sizeof(path), "%s/infotable.xml", dir);
		tu_write_file(path, table);
	}
	snprintf(path, sizeof(path), "%s/primary_doc.xml", dir);
	tu_write_file(path, cover);
	*out = new_ds(path);
	rc = cf_reader_13f_cover.read_file(*out);
	if (rc == CF_OK && cf_dataset_check(*out) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	return rc;
}

/* Reading fails with "dir/file:line: " (no line when 0, any when -1)
 * and needle. */
static void
fails(const char *cover, const char *table, const char *file, long line,
    const char *needle)
{
	char dir[4096], where[4200];
	cf_dataset *ds = NULL;
	int rc;

	rc = read_pair(dir, sizeof(dir), cover, table, &ds);
	if (rc != CF_EINPUT)
		fail_msg("expected a failure with '%s', got %d (%s)", needle,
		    rc, rc ? cf_error_message() : "read");
	if (line > 0)
		snprintf(where, sizeof(where), "%s/%s:%ld: ", dir, file, line);
	else if (line < 0)
		snprintf(where, sizeof(where), "%s/%s:", dir, file);
	else
		snprintf(where, sizeof(where), "%s/%s: ", dir, file);
	tu_assert_has(cf_error_message(), where);
	tu_assert_has(cf_error_message(), needle);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* The cover template with one edit, the table as it is. */
static void
cover_fails(const char *from, const char *to, long line, const char *needle)
{
	char *c = edit(cover_t, from, to);

	fails(c, table_t, "primary_doc.xml", line, needle);
	free(c);
}

static void
table_fails(const char *from, const char *to, long line, const char *needle)
{
	char *t = edit(table_t, from, to);

	fails(cover_t, t, "infotable.xml", line, needle);
	free(t);
}

/* The templates themselves read: dollars for a 2024 filing. */
static void
test_templates_read(void **state)
{
	char dir[4096];
	cf_dataset *ds = NULL;

	(void)state;
	assert_int_equal(read_pair(dir, sizeof(dir), cover_t, table_t, &ds),
	    CF_OK);
	assert_string_equal(ds->filing.filer_cik, "0009990002");
	assert_int_equal(ds->nflows, 2);
	assert_int_equal(ds->flows[0].amount, 100000000);
	assert_int_equal(ds->flows[1].amount, 50050000);
	assert_int_equal(ds->flows[1].line, 14);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* Nine zeros for a CUSIP: no CUSIP, the issuer known by its name. */
static void
test_no_cusip(void **state)
{
	char dir[4096], *t1, *t2;
	cf_dataset *ds = NULL;

	(void)state;
	t1 = edit(table_t, "<cusip>99990R101<", "<cusip>000000000<");
	t2 = edit(t1, "<cusip>99990C108<", "<cusip>000000000<");
	assert_int_equal(read_pair(dir, sizeof(dir), cover_t, t2, &ds), CF_OK);
	assert_int_equal(ds->nentities, 3);
	assert_string_equal(ds->entities[1].name, "EXAMPLE ROBOTICS INC");
	assert_int_equal(ds->entities[1].nidents, 0);
	assert_string_equal(ds->entities[2].name, "EXAMPLE CHIPS CORP");
	assert_int_equal(ds->entities[2].nidents, 0);
	assert_string_equal(ds->flows[0].to, "local-2");
	assert_string_equal(ds->flows[1].to, "local-3");
	tu_assert_has(ds->flows[1].note, "; no CUSIP (000000000)");
	cf_dataset_free(ds);
	tu_rmtree(dir);
	free(t1);
	free(t2);
}

static void
test_totals(void **state)
{
	char *t;

	(void)state;
	cover_fails("<tableEntryTotal>2<", "<tableEntryTotal>3<", 28,
	    "13F table has 2 rows, cover page says 3");
	cover_fails("<tableValueTotal>1500500<", "<tableValueTotal>1500501<",
	    29, "13F table values add up to 1500500, cover page says 1500501");
	cover_fails("<tableEntryTotal>2<", "<tableEntryTotal>two<", 28,
	    "tableEntryTotal 'two' is not a whole number");
	cover_fails("<tableValueTotal>1500500<", "<tableValueTotal>1.5E6<", 29,
	    "tableValueTotal '1.5E6' is not a whole number");
	/* A table with no rows, and none at all. */
	t = malloc(sizeof(table_head) + 32);
	assert_non_null(t);
	snprintf(t, sizeof(table_head) + 32, "%s</informationTable>\n",
	    table_head);
	fails(cover_t, t, "primary_doc.xml", 28,
	    "13F table has 0 rows, cover page says 2");
	free(t);
	fails(cover_t, NULL, "primary_doc.xml", 28, "13F cover page says 2"
	    " rows, but no information table is in the same folder");
	cover_fails("    <summaryPage>\n      <tableEntryTotal>2</tableEntryTotal>"
	    "\n", "    <summaryPage>\n", root_line(2), "13F cover page without"
	    " <formData/summaryPage/tableEntryTotal> (the number of rows)");
}

static void
test_bad_cover(void **state)
{
	char *c, *d;

	(void)state;
	cover_fails("<name>Example Growth Advisers LP</name>", "", root_line(2),
	    "13F cover page without <formData/coverPage/filingManager/name>"
	    " (the filing manager's name)");
	cover_fails("<cik>9990002</cik>", "", root_line(2), "13F cover page without"
	    " <headerData/filerInfo/filer/credentials/cik>");
	cover_fails("<cik>9990002</cik>", "<cik>99900O2</cik>", 8,
	    "CIK '99900O2' is not 1 to 10 digits");
	cover_fails("<submissionType>13F-HR<", "<submissionType><", root_line(2),
	    "without <headerData/submissionType>");
	cover_fails("<submissionType>13F-HR<", "<submissionType>13F-CTR<", 4,
	    "form '13F-CTR' is not a 13F report");
	cover_fails("<periodOfReport>06-30-2024<",
	    "<periodOfReport>2024-30-06<", 12,
	    "period '2024-30-06' is not a date (MM-DD-YYYY)");
	cover_fails("<signatureDate>08-09-2024<", "<signatureDate>8/9/24<",
	    25, "signature date '8/9/24' is not a date");
	cover_fails("<isAmendment>false<", "<isAmendment>maybe<", 18,
	    "isAmendment 'maybe' is neither true nor false");
	cover_fails("<isAmendment>false<", "<isAmendment>true<", root_line(2),
	    "13F amendment without <formData/coverPage/amendmentInfo/"
	    "amendmentType> (RESTATEMENT or NEW HOLDINGS)");
	cover_fails("<isAmendment>false</isAmendment>", "<isAmendment>true"
	    "</isAmendment><amendmentInfo><amendmentType>CORRECTION"
	    "</amendmentType></amendmentInfo>", 18, "13F amendment type"
	    " 'CORRECTION' is neither RESTATEMENT nor NEW HOLDINGS");
	c = edit(cover_t, "<edgarSubmission xmlns", "<edgarFiling xmlns");
	d = edit(c, "</edgarSubmission>", "</edgarFiling>");
	fails(d, table_t, "primary_doc.xml", root_line(2), "not a 13F cover page: the"
	    " root element is <edgarFiling>, not <edgarSubmission>");
	free(c);
	free(d);
	cover_fails("    <filerInfo>\n", "    <filerInfo>\n<", 6,
	    "malformed XML");
}

static void
test_bad_table(void **state)
{
	char *c, *t;

	(void)state;
	table_fails("<value>1000000<", "<value>1,000,00x<", 7, "13F <value>"
	    " '1,000,00x' is not a whole number of dollars (or thousands)");
	table_fails("<value>1000000<", "<value>-1000000<", 7,
	    "'-1000000' is not a whole number");
	table_fails("<value>1000000<", "<value>1000000.50<", 7,
	    "'1000000.50' is not a whole number");
	table_fails("<value>1000000<", "<value>99999999999999999999<", 7,
	    "'99999999999999999999' is not a whole number of dollars (or"
	    " thousands), or is too large");
	table_fails("<value>1000000<", "<value><", 7,
	    "13F holding without <value>");
	table_fails("<value>1000000<", "<value>1000000000000000000000000000000"
	    "000000000000000000000<", 7, "13F <value> is too long (52"
	    " characters)");
	table_fails("<sshPrnamt>8000<", "<sshPrnamt>8,000.5.1<", 9,
	    "13F <sshPrnamt> '8,000.5.1' is not a number of shares");
	table_fails("<sshPrnamt>8000<", "<sshPrnamt>8e3<", 9,
	    "'8e3' is not a number of shares");
	table_fails("<sshPrnamt>8000<", "<sshPrnamt>1234567890123456<", 9,
	    "'1234567890123456' is not a number of shares or a principal"
	    " amount below 10^15");
	table_fails("<sshPrnamtType>SH<", "<sshPrnamtType>SHR<", 10,
	    "13F <sshPrnamtType> 'SHR' is neither SH (shares) nor PRN"
	    " (principal amount)");
	table_fails("    </shrsOrPrnAmt>\n", "    </shrsOrPrnAmt><putCall>"
	    "Straddle</putCall>\n", 11, "13F <putCall> 'Straddle' is neither"
	    " Put nor Call");
	table_fails("<cusip>99990R101</cusip>", "<cusip></cusip>", 6,
	    "13F holding without <cusip>");
	table_fails("    <cusip>99990R101</cusip>\n", "", 3,
	    "13F holding without <cusip>");
	table_fails("<cusip>99990R101<", "<cusip>99990R10<", 6,
	    "13F <cusip> '99990R10' is not 9 letters and digits");
	table_fails("<cusip>99990R101<", "<cusip>99990-R10<", 6,
	    "'99990-R10' is not 9 letters and digits");
	table_fails("<titleOfClass>COM</titleOfClass>\n", "", 3,
	    "13F holding without <titleOfClass>");
	table_fails("  <infoTable>\n", "  <infoTable>\n  <x>\n", 14,
	    "malformed XML");
	/* Too large once in cents: 2^63 / 100 dollars and a little more. */
	c = edit(cover_t, "<tableValueTotal>1500500<",
	    "<tableValueTotal>92233720369048259<");
	t = edit(table_t, "<value>1000000<", "<value>92233720368547759<");
	fails(c, t, "infotable.xml", 3, "13F value 92233720368547759"
	    " (dollars) overflows as cents");
	free(c);
	free(t);
}

/* The table is streamed without a tree (cf_xs_records): text arrives in
 * pieces (entities, CDATA, around comments and processing instructions),
 * in the declared encoding; the first element at a field's path counts. */
static void
test_table_text(void **state)
{
	char dir[4096], *t1, *t2, *t3, *t4;
	cf_dataset *ds = NULL;

	(void)state;
	t1 = edit(table_t, "<nameOfIssuer>EXAMPLE ROBOTICS INC<",
	    "<nameOfIssuer>\n  EXAMPLE &amp; <![CDATA[<SONS>]]><!-- c -->"
	    " R&#xC9;SEAU <?pi x?>INC  <");
	t2 = edit(t1, "<sshPrnamt>3500</sshPrnamt>",
	    "<sshPrnamt>3500</sshPrnamt><sshPrnamt>9</sshPrnamt>");
	assert_int_equal(read_pair(dir, sizeof(dir), cover_t, t2, &ds), CF_OK);
	assert_string_equal(ds->entities[1].name,
	    "EXAMPLE & <SONS> R\xc3\x89SEAU INC");
	assert_int_equal(ds->flows[1].amount, 50050000);
	assert_true(ds->flows[1].has_quantity);
	assert_true(ds->flows[1].quantity == 3500);	/* the first */
	cf_dataset_free(ds);
	tu_rmtree(dir);
	/* An element below a row whose path is too long to keep hides
	 * what is inside it, rather than passing it off as a field. */
	{
		char *long_name = malloc(301), *wrap = malloc(700), *t5;

		assert_non_null(long_name);
		assert_non_null(wrap);
		memset(long_name, 'a', 300);
		long_name[300] = '\0';
		snprintf(wrap, 700, "<%s><cusip>00000000X</cusip></%s>"
		    "<cusip>99990R101</cusip>", long_name, long_name);
		t5 = edit(table_t, "<cusip>99990R101</cusip>", wrap);
		assert_int_equal(read_pair(dir, sizeof(dir), cover_t, t5, &ds),
		    CF_OK);
		assert_string_equal(ds->entities[1].idents[0].value,
		    "99990R101");
		cf_dataset_free(ds);
		tu_rmtree(dir);
		free(t5);
		free(wrap);
		free(long_name);
	}
	/* In the encoding the declaration names. */
	t3 = edit(table_t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
	    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>");
	t4 = edit(t3, "EXAMPLE CHIPS CORP", "EXAMPLE CHIPS \xc9""LAN CORP");
	assert_int_equal(read_pair(dir, sizeof(dir), cover_t, t4, &ds), CF_OK);
	assert_string_equal(ds->entities[2].name,
	    "EXAMPLE CHIPS \xc3\x89LAN CORP");
	assert_int_equal(ds->nflows, 2);
	cf_dataset_free(ds);
	tu_rmtree(dir);
	free(t1);
	free(t2);
	free(t3);
	free(t4);
}

/* What the streamed table refuses: another root, a DOCTYPE, an undeclared
 * entity, a field of more than 1 MiB. */
static void
test_table_refused(void **state)
{
	size_t big = ((size_t)1 << 20) + 10;
	char dir[4096], path[4200], *t1, *t2, *name;
	cf_dataset *ds;
	cf_xs *x;

	(void)state;
	/* Found beside a cover page by its root, so read it directly. */
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/table.xml", dir);
	t1 = edit(table_t, "<informationTable xmlns", "<infoTables xmlns");
	t2 = edit(t1, "</informationTable>", "</infoTables>");
	tu_write_file(path, t2);
	ds = new_ds(path);
	assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
	assert_int_equal(cf_edgar_read_13f_table(ds, x), CF_EINPUT);
	assert_message(path, 2, "not a 13F information table: the root"
	    " element is <infoTables>, not <informationTable>");
	cf_xs_free(x);
	cf_dataset_free(ds);
	/* Fields inside fields are refused. */
	{
		static const char *const nested[] = {"a", "a/b"};
		const struct cf_xs_records spec = {"informationTable", "a table",
		    "infoTable", nested, 2, NULL, NULL};

		assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
		assert_int_equal(cf_xs_records(x, &spec, NULL), CF_EARG);
		cf_xs_free(x);
	}
	/* A document is walked or streamed, not both. */
	tu_write_file(path, table_t);
	ds = new_ds(path);
	assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
	assert_int_equal(cf_xs_next(x), 1);
	assert_int_equal(cf_edgar_read_13f_table(ds, x), CF_EARG);
	cf_xs_free(x);
	cf_dataset_free(ds);
	tu_rmtree(dir);
	free(t1);
	free(t2);
	table_fails("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY a \"b\">]>\n", 1,
	    "DOCTYPE declarations are not allowed");
	/* A DOCTYPE the byte filter misses (after a '<' in a comment or
	 * processing instruction) is refused by the parser, before its
	 * declarations are read: in the table (SAX) and the cover (walk). */
	table_fails("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
	    "<?xml version=\"1.0\"?>\n<!-- <a -->\n<!DOCTYPE t [<!ENTITY y"
	    " \"YYY\">]>\n", 3, "DOCTYPE declarations are not allowed");
	cover_fails("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
	    "<?xml version=\"1.0\"?>\n<?pi <a?>\n<!DOCTYPE t [<!ENTITY y"
	    " \"YYY\">]>\n", 1, "DOCTYPE declarations are not allowed");
	table_fails("EXAMPLE CHIPS CORP", "EXAMPLE &chips; CORP", 15,
	    "malformed XML: Entity 'chips' not defined");
	/* An error libxml2 goes on after is the one reported, not what a
	 * later row would say. */
	t1 = edit(table_t, "<titleOfClass>COM</titleOfClass>\n",
	    "<titleOfClass>COM</titleOfClass><q:x/>\n");
	t2 = edit(t1, "<value>500500<", "<value>abc<");
	fails(cover_t, t2, "infotable.xml", 5, "malformed XML: Namespace"
	    " prefix q on x is not defined");
	free(t1);
	free(t2);
	/* As cf_xn_path: the first <shrsOrPrnAmt> is the one read. */
	table_fails("    <shrsOrPrnAmt>\n", "    <shrsOrPrnAmt><x/>"
	    "</shrsOrPrnAmt>\n    <shrsOrPrnAmt>\n", 3,
	    "13F holding without <shrsOrPrnAmt/sshPrnamt>");
	name = malloc(big + 1);
	assert_non_null(name);
	memset(name, 'A', big);
	name[big] = '\0';
	t1 = edit(table_t, "EXAMPLE CHIPS CORP", name);
	fails(cover_t, t1, "infotable.xml", 15, "<nameOfIssuer> holds more"
	    " than 1048576 bytes of text");
	free(t1);
	free(name);
}

/* Two tables beside one cover page: which is it? */
static void
test_two_tables(void **state)
{
	char dir[1024], path[1200], want[4000];
	cf_dataset *ds;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/a-table.xml", dir);
	tu_write_file(path, table_t);
	snprintf(path, sizeof(path), "%s/b-table.xml", dir);
	tu_write_file(path, table_t);
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	tu_write_file(path, "informationTable\n");
	snprintf(path, sizeof(path), "%s/primary_doc.xml", dir);
	tu_write_file(path, cover_t);
	ds = new_ds(path);
	assert_int_equal(cf_reader_13f_cover.read_file(ds), CF_EINPUT);
	snprintf(want, sizeof(want), "2 13F information tables beside this"
	    " cover page (%s/a-table.xml, %s/b-table.xml): keep one filing per"
	    " folder", dir, dir);
	assert_message(path, root_line(2), want);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* A thousand rows, each its own issuer; every cent accounted for. */
static void
test_large_table(void **state)
{
	size_t cap = 1000 * 400 + 1024, len, i;
	char dir[4096], *t, *c, *c1;
	cf_dataset *ds = NULL;
	int64_t sum = 0;

	(void)state;
	t = malloc(cap);
	assert_non_null(t);
	len = (size_t)snprintf(t, cap, "%s", table_head);
	for (i = 1; i <= 1000; i++)
		len += (size_t)snprintf(t + len, cap - len, "  <infoTable>"
		    "<nameOfIssuer>EXAMPLE HOLDING %zu</nameOfIssuer>"
		    "<titleOfClass>COM</titleOfClass><cusip>%09zu</cusip>"
		    "<value>%zu</value><shrsOrPrnAmt><sshPrnamt>%zu</sshPrnamt>"
		    "<sshPrnamtType>SH</sshPrnamtType></shrsOrPrnAmt>"
		    "</infoTable>\n", i, 990000000 + i, i * 1000, i * 10);
	snprintf(t + len, cap - len, "</informationTable>\n");
	assert_true(len < cap);
	c1 = edit(cover_t, "<tableEntryTotal>2<", "<tableEntryTotal>1000<");
	c = edit(c1, "<tableValueTotal>1500500<",
	    "<tableValueTotal>500500000<");
	free(c1);
	assert_int_equal(read_pair(dir, sizeof(dir), c, t, &ds), CF_OK);
	assert_int_equal(ds->nflows, 1000);
	assert_int_equal(ds->nentities, 1001);
	for (i = 0; i < ds->nflows; i++)
		sum += ds->flows[i].amount;
	assert_int_equal(sum, INT64_C(50050000000));
	assert_int_equal(ds->flows[999].amount, 100000000);
	assert_true(ds->flows[999].quantity == 10000);
	assert_int_equal(ds->flows[999].line, 1002);
	assert_string_equal(ds->entities[1000].idents[0].value, "990001000");
	cf_dataset_free(ds);
	tu_rmtree(dir);
	free(c);
	free(t);
}

/* ---- the real EDGAR files (../shared/filings) ---------------------------- */

static int
copy_real(const char *name, const char *dir, const char *as)
{
	char src[4096], dst[4200];
	char *text;
	FILE *fp;

	tu_path(src, sizeof(src), "TOP_SRCDIR", "../shared/filings/");
	assert_true(strlen(src) + strlen(name) < sizeof(src));
	strcat(src, name);
	if ((fp = fopen(src, "rb")) == NULL)
		return -1;
	fclose(fp);
	text = tu_read_file(src, NULL);
	snprintf(dst, sizeof(dst), "%s/%s", dir, as);
	tu_write_file(dst, text);
	free(text);
	return 0;
}

/* MetLife's cover page (6 rows) with a table of 255 from another
 * filing: the reader must see that they do not belong together; the
 * table with a cover page of its own reads, and a 2021 period in dollars
 * is caught by the prices. */
static void
test_real_files(void **state)
{
	static const char cover[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<edgarSubmission xmlns=\"http://www.sec.gov/edgar/"
	    "thirteenffiler\">\n"
	    "<headerData><submissionType>13F-HR</submissionType><filerInfo>"
	    "<filer><credentials><cik>9990007</cik></credentials></filer>"
	    "<periodOfReport>12-31-2021</periodOfReport></filerInfo>"
	    "</headerData>\n<formData><coverPage><filingManager><name>Example"
	    " Trust Company</name></filingManager></coverPage>\n"
	    "<signatureBlock><signatureDate>02-14-2022</signatureDate>"
	    "</signatureBlock>\n<summaryPage><tableEntryTotal>255"
	    "</tableEntryTotal><tableValueTotal>350153407</tableValueTotal>"
	    "</summaryPage></formData>\n</edgarSubmission>\n";
	char dir[4096], path[4200], want[4400];
	cf_dataset *ds;
	int64_t sum = 0;
	size_t i;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	if (copy_real("edgartools__metlife.13F-HR.primarydoc.xml", dir,
	    "primary_doc.xml") != 0 ||
	    copy_real("edgartools__13F-HR.infotable.xml", dir,
	    "infotable.xml") != 0) {
		tu_rmtree(dir);
		print_message("skipped: ../shared/filings is not there\n");
		return;	/* cmocka's TAP skip reads as a failure */
	}
	snprintf(path, sizeof(path), "%s/primary_doc.xml", dir);
	ds = new_ds(path);
	assert_int_equal(cf_reader_13f_cover.read_file(ds), CF_EINPUT);
	snprintf(want, sizeof(want), "%s:67: 13F table has 255 rows, cover"
	    " page says 6", path);
	assert_string_equal(cf_error_message(), want);
	cf_dataset_free(ds);

	/* MetLife's cover alone: read up to the missing table. */
	snprintf(path, sizeof(path), "%s/infotable.xml", dir);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/primary_doc.xml", dir);
	ds = new_ds(path);
	assert_int_equal(cf_reader_13f_cover.read_file(ds), CF_EINPUT);
	snprintf(want, sizeof(want), "%s:67: 13F cover page says 6 rows, but no"
	    " information table is in the same folder", path);
	assert_string_equal(cf_error_message(), want);
	assert_string_equal(ds->filing.period, "2021-12-31");
	assert_string_equal(ds->filing.filed, "2023-03-22");
	assert_string_equal(ds->filing.filer_cik, "0001099219");
	assert_string_equal(ds->filing.lineage, "13f:0001099219:2021-12-31");
	cf_dataset_free(ds);

	/* The real table with a cover page that matches it. */
	tu_write_file(path, cover);
	assert_int_equal(copy_real("edgartools__13F-HR.infotable.xml", dir,
	    "infotable.xml"), 0);
	ds = read_dir(dir);
	assert_string_equal(ds->filing.note, "13F values in dollars, though the"
	    " date rule says thousands (signed 2022-02-14, before 2023-01-03):"
	    " median implied price $103.19 a share in dollars, $103191.04 in"
	    " thousands");
	assert_int_equal(ds->nflows, 255);
	assert_int_equal(ds->nentities, 256);
	for (i = 0; i < ds->nflows; i++)
		sum += ds->flows[i].amount;
	assert_int_equal(sum, INT64_C(35015340700));
	/* 3M CO: $409,469 for 2,334 shares, after the leading newline. */
	assert_flow(&ds->flows[0], SRC "-flow-1", "local-1", "local-2",
	    40946900, 2334, 4);
	assert_entity(&ds->entities[1], "local-2", "3M CO", "other", "cusip",
	    "88579Y101");
	/* An iShares iBonds row reported as PRN: no share count. */
	for (i = 0; i < ds->nflows; i++)
		if (ds->flows[i].line == 1700)
			break;
	assert_true(i < ds->nflows);
	assert_int_equal(ds->flows[i].amount, 44463000);
	assert_false(ds->flows[i].has_quantity);
	tu_assert_has(ds->flows[i].note, "IBONDS 27 ETF; principal amount"
	    " 16480");
	assert_int_equal(ds->flows[254].amount, 21547600);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_fixtures),
		cmocka_unit_test(test_basic_folder),
		cmocka_unit_test(test_prefixed_thousands),
		cmocka_unit_test(test_mixed_up_dollars),
		cmocka_unit_test(test_mixed_up_thousands),
		cmocka_unit_test(test_restatement),
		cmocka_unit_test(test_new_holdings),
		cmocka_unit_test(test_new_holdings_by_hash),
		cmocka_unit_test(test_notice),
		cmocka_unit_test(test_table_beside_cover),
		cmocka_unit_test(test_table_alone),
		cmocka_unit_test(test_submission),
		cmocka_unit_test(test_submission_missing_part),
		cmocka_unit_test(test_templates_read),
		cmocka_unit_test(test_no_cusip),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_bad_cover),
		cmocka_unit_test(test_bad_table),
		cmocka_unit_test(test_table_text),
		cmocka_unit_test(test_table_refused),
		cmocka_unit_test(test_two_tables),
		cmocka_unit_test(test_large_table),
		cmocka_unit_test(test_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
