/* The XBRL instance reader: detection, two made-up filings read record by
 * record (with and without a label linkbase), the label linkbase found
 * beside an instance or given, duplicates, bad input refused with the file
 * and line, and the real filings in ../shared/filings when present. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "model.h"
#include "testutil.h"
#include "edgartest.h"

#define EXR "edgar/xbrl/0009990001-24-000003/exr-20231231_htm.xml"
#define EXR_LAB "edgar/xbrl/0009990001-24-000003/exr-20231231_lab.xml"
#define NWD "edgar/xbrl/0009990002-24-000005/nwd-20240630.xml"
#define EXR_SRC "sec-0009990001-24-000003"
#define NWD_SRC "sec-0009990002-24-000005"

/* Read path with the XBRL reader; it must pass the dataset check.  The
 * caller frees the dataset. */
static cf_dataset *
read_ok(const char *path)
{
	return et_read(path, &cf_reader_xbrl, "cccccccccccccccccccccccccccccccc"
	    "cccccccccccccccccccccccccccccccc");
}

static cf_dataset *
read_fixture(const char *rel)
{
	char path[4096];

	return read_ok(tu_path(path, sizeof(path), "TESTDATA", rel));
}

static const char *
name_of(const cf_dataset *ds, const char *id)
{
	return et_entity(ds, id)->name;
}

/* The n-th disclosure (from 1), by its record id. */
static const struct cf_disclosure *
disclosure(const cf_dataset *ds, const char *src, int n)
{
	char id[128];
	size_t i;

	snprintf(id, sizeof(id), "%s-disclosure-%d", src, n);
	for (i = 0; i < ds->ndisclosures; i++)
		if (strcmp(ds->disclosures[i].id, id) == 0)
			return &ds->disclosures[i];
	fail_msg("no disclosure %s", id);
	return NULL;
}

static int
has_alias(const struct cf_entity *e, const char *alias)
{
	size_t i;

	for (i = 0; i < e->naliases; i++)
		if (strcmp(e->aliases[i], alias) == 0)
			return 1;
	return 0;
}

/* A disclosure's kind, counterparty name (NULL for none), date, amount in
 * minor units and currency, line and schedule size. */
static void
check_disclosure(const cf_dataset *ds, const struct cf_disclosure *d,
    const char *kind, const char *party, const char *as_of, int64_t minor,
    const char *currency, long line, size_t nschedule)
{
	assert_string_equal(d->kind, kind);
	assert_string_equal(d->entity, "local-1");
	if (party == NULL)
		assert_null(d->counterparty);
	else
		assert_string_equal(name_of(ds, d->counterparty), party);
	assert_string_equal(d->as_of, as_of);
	assert_int_equal(d->amount, minor);
	assert_string_equal(d->currency, currency);
	assert_int_equal(d->line, line);
	assert_int_equal(d->nschedule, nschedule);
	assert_int_equal(d->nsources, 1);
	assert_string_equal(d->sources[0], ds->sources[0].id);
	assert_int_equal(d->estimate, 0);
}

/* ---- detection ----------------------------------------------------------- */

static void
test_detect(void **state)
{
	static const struct {
		const char *head;
		int score;
	} cases[] = {
		{"<?xml version=\"1.0\"?>\n<xbrl xmlns=\"http://www.xbrl.org/"
		    "2003/instance\" xmlns:dei=\"http://xbrl.sec.gov/dei/"
		    "2023\">", 90},
		{"\n\n  <?xml version='1.0'?><!-- x --><xbrli:xbrl\n"
		    "  xmlns:link='http://www.xbrl.org/2003/linkbase'\n"
		    "  xmlns:xbrli='http://www.xbrl.org/2003/instance'>", 90},
		{"\xEF\xBB\xBF<xbrl xmlns=\"http://www.xbrl.org/2003/"
		    "instance\"/>", 90},
		/* the label linkbase is not an instance */
		{"<?xml version=\"1.0\"?><link:linkbase xmlns:link=\"http://www"
		    ".xbrl.org/2003/linkbase\">", 0},
		/* xbrl in another namespace, or the prefix bound elsewhere */
		{"<xbrl xmlns=\"urn:example:xbrl\">", 0},
		{"<x:xbrl xmlns=\"http://www.xbrl.org/2003/instance\" "
		    "xmlns:x=\"urn:other\">", 0},
		{"<xbrlx xmlns=\"http://www.xbrl.org/2003/instance\">", 0},
		{"<edgarSubmission xmlns=\"http://www.sec.gov/edgar/formd\">",
		    0},
		{"<SEC-DOCUMENT>0001-24-000001.txt", 0},
		{"", 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (cf_reader_xbrl.detect(cases[i].head,
		    strlen(cases[i].head)) != cases[i].score)
			fail_msg("case %zu: expected %d", i, cases[i].score);
	assert_string_equal(cf_reader_xbrl.name, "edgar-xbrl");
	assert_string_equal(cf_reader_xbrl.family, "edgar");
	assert_int_equal(cf_reader_xbrl.phase, 4);
	assert_null(cf_reader_xbrl.read);
	assert_non_null(cf_reader_xbrl.read_file);
}

/* The fixtures' first 4 KiB, as the batch sees them. */
static void
test_detect_files(void **state)
{
	const char *rels[] = {EXR, NWD, EXR_LAB};
	const int want[] = {90, 90, 0};
	char path[4096], *buf;
	size_t i, len;

	(void)state;
	for (i = 0; i < 3; i++) {
		buf = tu_read_file(tu_path(path, sizeof(path), "TESTDATA",
		    rels[i]), &len);
		assert_int_equal(cf_reader_xbrl.detect(buf, len < 4096 ? len :
		    4096), want[i]);
		free(buf);
	}
}

/* ---- Example Robotics: a 10-K with a label linkbase beside it ------------ */

static void
test_exr_filing(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_entity *e;
	const struct cf_source *s;

	(void)state;
	assert_true(ds->is_filing);
	assert_string_equal(ds->filing.form, "10-K");
	assert_string_equal(ds->filing.period, "2023-12-31");
	assert_string_equal(ds->filing.filer_cik, "0009990001");
	assert_string_equal(ds->filing.accession, "0009990001-24-000003");
	assert_int_equal(ds->filing.amendment, 0);
	assert_null(ds->filing.filed);
	assert_string_equal(ds->filing.note, "XBRL: 21 facts of mapped"
	    " concepts used; left out: 3 with dimensions or a period not"
	    " mapped, 1 not in a currency, 1 negative, 1 of earlier periods"
	    " without a counterparty, 2 duplicates; counterparty names from"
	    " the label linkbase exr-20231231_lab.xml");
	assert_int_equal(ds->filing.ncompanions, 1);
	tu_assert_has(ds->filing.companions[0], EXR_LAB);
	assert_int_equal(ds->nsources, 1);
	s = &ds->sources[0];
	assert_string_equal(s->id, EXR_SRC);
	assert_string_equal(s->title, "Example Robotics Inc 10-K for"
	    " 2023-12-31 (XBRL)");
	assert_string_equal(s->accession, "0009990001-24-000003");
	assert_string_equal(s->url, "https://www.sec.gov/Archives/edgar/data/"
	    "9990001/000999000124000003/");
	assert_int_equal(s->line, 30);

	assert_int_equal(ds->nentities, 4);
	e = et_entity(ds, "local-1");
	assert_string_equal(e->name, "Example Robotics Inc");
	assert_int_equal(e->resolve, 1);
	assert_string_equal(e->kinds[0], "other");
	assert_int_equal(e->nidents, 1);
	assert_string_equal(e->idents[0].scheme, "cik");
	assert_string_equal(e->idents[0].value, "0009990001");
	assert_int_equal(e->line, 33);
	assert_int_equal(ds->nflows, 1);
	assert_int_equal(ds->ndisclosures, 12);
	assert_int_equal(ds->nholdings, 0);
	assert_int_equal(ds->nfigures, 0);
	cf_dataset_free(ds);
}

/* Counterparties named by the label linkbase (standard label, not the
 * terse one; the exact locator, not one of another prefix), and a
 * standard member named from itself with the filer added. */
static void
test_exr_counterparties(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_entity *e;

	(void)state;
	e = et_entity(ds, "local-2");
	assert_string_equal(e->name, "Frontier Models Lab, PBC");
	assert_string_equal(e->kinds[0], "other");
	assert_int_equal(e->resolve, 1);
	assert_int_equal(e->nidents, 0);
	assert_int_equal(e->naliases, 2);
	assert_true(has_alias(e, "FrontierModelsLabMember"));
	assert_true(has_alias(e, "exr:FrontierModelsLabMember"));
	assert_string_equal(e->note, "Named by the filer's label of XBRL"
	    " member exr:FrontierModelsLabMember");
	assert_int_equal(e->line, 40);

	e = et_entity(ds, "local-3");
	assert_string_equal(e->name, "Orbital Compute Corp.");
	assert_true(has_alias(e, "OrbitalComputeCorpMember"));
	assert_true(has_alias(e, "exr:OrbitalComputeCorpMember"));

	e = et_entity(ds, "local-4");
	assert_string_equal(e->name, "Equity Method Investment Nonconsolidated"
	    " Investee Or Group Of Investees (Example Robotics Inc)");
	assert_true(has_alias(e, "EquityMethodInvestmentNonconsolidated"
	    "InvesteeOrGroupOfInvesteesMember"));
	assert_true(has_alias(e, "gaap:EquityMethodInvestmentNonconsolidated"
	    "InvesteeOrGroupOfInvesteesMember"));
	tu_assert_has(e->note, "standard XBRL member");
	tu_assert_has(e->note, "names no company");
	cf_dataset_free(ds);
}

/* RPO: the untimed total is the amount, the typed timing facts the
 * schedule; the percentage and period go into the note. */
static void
test_exr_rpo(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_disclosure *d;

	(void)state;
	d = disclosure(ds, EXR_SRC, 1);
	check_disclosure(ds, d, "rpo", NULL, "2023-12-31", 250000000000LL,
	    "USD", 35, 2);
	assert_string_equal(d->schedule[0].due, "2024-01-01");
	assert_int_equal(d->schedule[0].minor, 100000000000LL);
	assert_string_equal(d->schedule[1].due, "2025-01-01");
	assert_int_equal(d->schedule[1].minor, 150000000000LL);
	assert_string_equal(d->note, "Remaining performance obligations as of"
	    " 2023-12-31 (us-gaap:RevenueRemainingPerformanceObligation);"
	    " expected timing tagged: from 2024-01-01 (40%, period P12M),"
	    " from 2025-01-01");

	/* with a counterparty, to the cent */
	d = disclosure(ds, EXR_SRC, 2);
	check_disclosure(ds, d, "rpo", "Frontier Models Lab, PBC",
	    "2023-12-31", 75000000025LL, "USD", 40, 0);
	tu_assert_has(d->note, "counterparty Frontier Models Lab, PBC (XBRL"
	    " member exr:FrontierModelsLabMember)");
	cf_dataset_free(ds);
}

/* The purchase obligation ladder: rung k due in 2023 + k. */
static void
test_exr_purchase_obligations(void **state)
{
	static const int64_t rungs[] = {40000000000LL, 30000000000LL,
	    20000000000LL, 15000000000LL, 10000000000LL, 8456700000LL};
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_disclosure *d;
	char year[8];
	int k;

	(void)state;
	d = disclosure(ds, EXR_SRC, 3);
	check_disclosure(ds, d, "purchase-obligations", NULL, "2023-12-31",
	    123456700000LL, "USD", 42, 6);
	for (k = 0; k < 6; k++) {
		snprintf(year, sizeof(year), "%d", 2024 + k);
		assert_string_equal(d->schedule[k].due, year);
		assert_int_equal(d->schedule[k].minor, rungs[k]);
	}
	assert_string_equal(d->note, "Unrecorded unconditional purchase"
	    " obligations as of 2023-12-31 (us-gaap:UnrecordedUnconditional"
	    "PurchaseObligationBalanceSheetAmount); schedule by the"
	    " twelve-month periods after the balance date, each labelled with"
	    " the year it ends in; 2029 is everything due after the fifth"
	    " year");
	cf_dataset_free(ds);
}

/* Stakes: one on the investee axis (its identical duplicate merged), the
 * filer's total (the more precise of two consistent duplicates), one in
 * euros, one on a generic member. */
static void
test_exr_stakes(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_disclosure *d;

	(void)state;
	d = disclosure(ds, EXR_SRC, 4);
	check_disclosure(ds, d, "stake-value", "Orbital Compute Corp.",
	    "2023-12-31", 32000000000LL, "USD", 49, 0);
	assert_string_equal(d->note, "Equity-method investment as of"
	    " 2023-12-31 (us-gaap:EquityMethodInvestments); counterparty"
	    " Orbital Compute Corp. (XBRL member"
	    " exr:OrbitalComputeCorpMember)");
	d = disclosure(ds, EXR_SRC, 8);
	check_disclosure(ds, d, "stake-value", NULL, "2023-12-31",
	    4123456700LL, "USD", 58, 0);
	tu_assert_has(d->note, "no counterparty named");
	d = disclosure(ds, EXR_SRC, 9);
	check_disclosure(ds, d, "stake-value", "Orbital Compute Corp.",
	    "2023-12-31", 1500000050LL, "EUR", 60, 0);
	d = disclosure(ds, EXR_SRC, 10);
	check_disclosure(ds, d, "stake-value", "Equity Method Investment"
	    " Nonconsolidated Investee Or Group Of Investees (Example Robotics"
	    " Inc)", "2023-12-31", 7700000000LL, "USD", 62, 0);
	tu_assert_has(d->note, "a category that names no company");
	cf_dataset_free(ds);
}

/* A payment to a named investee over the 10-K's own year is a flow; the
 * prior year's stays a disclosure; the filer's total is one. */
static void
test_exr_payments(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_disclosure *d;
	const struct cf_flow *f;

	(void)state;
	f = &ds->flows[0];
	assert_string_equal(f->id, EXR_SRC "-flow-1");
	assert_string_equal(f->from, "local-1");
	assert_string_equal(name_of(ds, f->to), "Orbital Compute Corp.");
	assert_string_equal(f->type, "equity");
	assert_string_equal(f->status, "paid");
	assert_string_equal(f->confidence, "high");
	assert_string_equal(f->announced, "2023-12-31");
	assert_string_equal(f->start, "2023-01-01");
	assert_string_equal(f->end, "2023-12-31");
	assert_true(f->has_amount);
	assert_int_equal(f->amount, 12500000000LL);
	assert_string_equal(f->currency, "USD");
	assert_int_equal(f->estimate, 0);
	assert_int_equal(f->nschedule, 0);
	assert_int_equal(f->line, 52);
	assert_int_equal(f->nsources, 1);
	assert_string_equal(f->sources[0], EXR_SRC);
	tu_assert_has(f->note, "Paid in the fiscal period 2023-01-01 to"
	    " 2023-12-31 as reported in the 10-K (us-gaap:PaymentsToAcquire"
	    "EquityMethodInvestments");
	tu_assert_has(f->note, "not a dated payment");

	d = disclosure(ds, EXR_SRC, 5);
	check_disclosure(ds, d, "investments-paid", "Orbital Compute Corp.",
	    "2022-12-31", 6000000000LL, "USD", 53, 0);
	tu_assert_has(d->note, "in the period 2022-01-01 to 2022-12-31");
	d = disclosure(ds, EXR_SRC, 6);
	check_disclosure(ds, d, "investments-paid", NULL, "2023-12-31",
	    9000000000LL, "USD", 54, 0);
	assert_string_equal(d->note, "Payments to acquire investments in the"
	    " period 2023-01-01 to 2023-12-31 (us-gaap:PaymentsToAcquire"
	    "Investments); all such payments together, no counterparty"
	    " named");
	d = disclosure(ds, EXR_SRC, 7);
	check_disclosure(ds, d, "capex", NULL, "2023-12-31", 500000000000LL,
	    "USD", 56, 0);
	cf_dataset_free(ds);
}

static void
test_exr_convertible_notes(void **state)
{
	cf_dataset *ds = read_fixture(EXR);
	const struct cf_disclosure *d;

	(void)state;
	d = disclosure(ds, EXR_SRC, 11);
	check_disclosure(ds, d, "convertible-notes", NULL, "2023-12-31",
	    60000000000LL, "USD", 64, 0);
	tu_assert_has(d->note, "issued by the filer");
	d = disclosure(ds, EXR_SRC, 12);
	check_disclosure(ds, d, "convertible-notes", "Frontier Models Lab,"
	    " PBC", "2023-12-31", 40000000000LL, "USD", 65, 0);
	tu_assert_has(d->note, "us-gaap:AvailableForSaleSecuritiesDebt"
	    "SecuritiesNoncurrent");
	cf_dataset_free(ds);
}

/* ---- Northwind: a 10-Q amendment with no label linkbase ------------------ */

static void
test_nwd_names_from_members(void **state)
{
	cf_dataset *ds = read_fixture(NWD);
	const struct cf_disclosure *d;
	const struct cf_entity *e;

	(void)state;
	assert_string_equal(ds->filing.form, "10-Q");
	assert_string_equal(ds->filing.period, "2024-06-30");
	assert_string_equal(ds->filing.filer_cik, "0009990002");
	assert_int_equal(ds->filing.amendment, 1);
	assert_int_equal(ds->filing.ncompanions, 0);
	/* the member naming the filer, and two counterparties at once */
	assert_string_equal(ds->filing.note, "XBRL: 7 facts of mapped concepts"
	    " used; left out: 2 with dimensions or a period not mapped, 0 not"
	    " in a currency, 0 negative, 0 of earlier periods without a"
	    " counterparty, 0 duplicates");
	assert_int_equal(ds->nentities, 3);
	assert_string_equal(name_of(ds, "local-1"), "Northwind Devices Corp");
	e = et_entity(ds, "local-2");
	assert_string_equal(e->name, "Global Widgets Holdings LLC");
	assert_true(has_alias(e, "GlobalWidgetsHoldingsLLCMember"));
	assert_true(has_alias(e, "nwd:GlobalWidgetsHoldingsLLCMember"));
	assert_string_equal(e->note, "Named from XBRL member"
	    " nwd:GlobalWidgetsHoldingsLLCMember (no label found)");
	assert_string_equal(name_of(ds, "local-3"),
	    "Seed Capital Partners 2 LP");

	d = disclosure(ds, NWD_SRC, 1);
	check_disclosure(ds, d, "stake-value", "Global Widgets Holdings LLC",
	    "2024-06-30", 250000000LL, "USD", 12, 0);
	tu_assert_has(d->note, "; arrangement: Joint Venture With Acme");
	/* a 10-Q's payment to a named party stays a disclosure */
	assert_int_equal(ds->nflows, 0);
	d = disclosure(ds, NWD_SRC, 2);
	check_disclosure(ds, d, "investments-paid",
	    "Global Widgets Holdings LLC", "2024-06-30", 50000000LL, "USD", 13,
	    0);
	d = disclosure(ds, NWD_SRC, 3);
	check_disclosure(ds, d, "convertible-notes",
	    "Seed Capital Partners 2 LP", "2024-06-30", 100000010LL, "USD", 14,
	    0);
	cf_dataset_free(ds);
}

/* Without totals the amount is the sum of the schedule. */
static void
test_nwd_sums_without_totals(void **state)
{
	cf_dataset *ds = read_fixture(NWD);
	const struct cf_disclosure *d;

	(void)state;
	assert_int_equal(ds->ndisclosures, 5);
	d = disclosure(ds, NWD_SRC, 4);
	check_disclosure(ds, d, "rpo", NULL, "2024-06-30", 500000000LL, "USD",
	    15, 2);
	assert_string_equal(d->schedule[0].due, "2024-07-01");
	assert_int_equal(d->schedule[0].minor, 300000000LL);
	assert_string_equal(d->schedule[1].due, "2025-07-01");
	assert_int_equal(d->schedule[1].minor, 200000000LL);
	tu_assert_has(d->note, "the amount is the sum of the timed parts");
	d = disclosure(ds, NWD_SRC, 5);
	check_disclosure(ds, d, "purchase-obligations", NULL, "2024-06-30",
	    30000LL, "USD", 17, 2);
	assert_string_equal(d->schedule[0].due, "2025");
	assert_int_equal(d->schedule[0].minor, 10000LL);
	assert_string_equal(d->schedule[1].due, "2026");
	assert_int_equal(d->schedule[1].minor, 20000LL);
	tu_assert_has(d->note, "(us-gaap:PurchaseObligation)");
	tu_assert_has(d->note, "the amount is the sum of the schedule");
	cf_dataset_free(ds);
}

/* ---- documents written by the tests -------------------------------------- */

/* Header of a small instance: body lines start at line 6. */
#define HEAD \
	"<?xml version=\"1.0\"?>\n" \
	"<xbrl xmlns=\"http://www.xbrl.org/2003/instance\"" \
	" xmlns:us-gaap=\"http://fasb.org/us-gaap/2023\"" \
	" xmlns:srt=\"http://fasb.org/srt/2023\"" \
	" xmlns:dei=\"http://xbrl.sec.gov/dei/2023\"" \
	" xmlns:xbrldi=\"http://xbrl.org/2006/xbrldi\"" \
	" xmlns:iso4217=\"http://www.xbrl.org/2003/iso4217\"" \
	" xmlns:tst=\"http://test.example/2023\">\n" \
	"<context id=\"I\"><entity><identifier scheme=" \
	"\"http://www.sec.gov/CIK\">0009990009</identifier></entity>" \
	"<period><instant>2023-12-31</instant></period></context>\n" \
	"<unit id=\"usd\"><measure>iso4217:USD</measure></unit>\n" \
	"<dei:EntityRegistrantName contextRef=\"I\">Bad Example Co" \
	"</dei:EntityRegistrantName>\n"
#define TAIL "</xbrl>\n"
#define EMI(ctx, v) "<us-gaap:EquityMethodInvestments contextRef=\"" ctx \
	"\" unitRef=\"usd\" decimals=\"0\">" v \
	"</us-gaap:EquityMethodInvestments>\n"
#define CTX(id, dims) "<context id=\"" id "\"><entity><identifier" \
	" scheme=\"http://www.sec.gov/CIK\">0009990009</identifier>" \
	"<segment>" dims "</segment></entity><period><instant>2023-12-31" \
	"</instant></period></context>\n"
#define MEMBER(axis, m) "<xbrldi:explicitMember dimension=\"" axis "\">" m \
	"</xbrldi:explicitMember>"

/* Write text to dir/name; path into buf. */
static const char *
write_in(const char *dir, const char *name, const char *text, char *buf,
    size_t size)
{
	assert_true((size_t)snprintf(buf, size, "%s/%s", dir, name) < size);
	tu_write_file(buf, text);
	return buf;
}

/* Read text as dir/bad.xml: fails with CF_EINPUT whose message holds
 * "PATH:line: " and needle. */
static void
fails_at(int at, const char *text, long line, const char *needle)
{
	char dir[4096], path[4096 + 16], where[4200];
	cf_dataset *ds = NULL;
	int rc;

	tu_tmpdir(dir, sizeof(dir));
	write_in(dir, "bad.xml", text, path, sizeof(path));
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	cf_error_clear();
	rc = cf_reader_xbrl.read_file(ds);
	cf_dataset_free(ds);
	tu_rmtree(dir);
	if (rc != CF_EINPUT)
		fail_msg("test line %d: expected CF_EINPUT, got %d: %s", at, rc,
		    cf_error_message());
	snprintf(where, sizeof(where), "%s:%ld: ", path, line);
	if (strstr(cf_error_message(), where) == NULL ||
	    strstr(cf_error_message(), needle) == NULL)
		fail_msg("test line %d: expected \"%s\" and \"%s\" in \"%s\"",
		    at, where, needle, cf_error_message());
}
#define fails(...) fails_at(__LINE__, __VA_ARGS__)

static void
test_bad_references(void **state)
{
	(void)state;
	fails(HEAD EMI("I", "1") EMI("Nope", "2") TAIL, 7,
	    "us-gaap:EquityMethodInvestments names context 'Nope', which the"
	    " document does not define");
	fails(HEAD "\n<us-gaap:EquityMethodInvestments contextRef=\"I\""
	    " unitRef=\"eur\">5</us-gaap:EquityMethodInvestments>\n" TAIL, 7,
	    "names unit 'eur', which the document does not define");
	fails(HEAD "<us-gaap:EquityMethodInvestments contextRef=\"I\">5"
	    "</us-gaap:EquityMethodInvestments>\n" TAIL, 6,
	    "numeric fact without a unitRef");
	/* the same context twice */
	fails(HEAD "<context id=\"I\"><entity><identifier scheme=\"x\">1"
	    "</identifier></entity><period><forever/></period></context>\n"
	    TAIL, 6, "context 'I' is defined twice (also at line 3)");
}

static void
test_bad_periods(void **state)
{
	(void)state;
	fails(HEAD "<context id=\"X\"><entity><identifier scheme=\"x\">1"
	    "</identifier></entity>\n<period>\n<instant>2023-02-30</instant>"
	    "</period></context>\n" TAIL, 8, "context 'X': instant"
	    " '2023-02-30' is not a date");
	fails(HEAD "<context id=\"X\"><entity><identifier scheme=\"x\">1"
	    "</identifier></entity><period><startDate>2023-12-31</startDate>"
	    "\n<endDate>2023-01-01</endDate></period></context>\n" TAIL, 7,
	    "context 'X': period ends (2023-01-01) before it starts"
	    " (2023-12-31)");
	fails(HEAD "\n<context id=\"X\"><entity><identifier scheme=\"x\">1"
	    "</identifier></entity></context>\n" TAIL, 7,
	    "context 'X' has no period");
	fails(HEAD "<context id=\"X\"><entity><identifier scheme=\"x\">1"
	    "</identifier></entity><period><startDate>2023-01-01</startDate>"
	    "</period></context>\n" TAIL, 6, "period has no endDate");
	fails(HEAD CTX("T", "<xbrldi:typedMember dimension=\"us-gaap:Revenue"
	    "RemainingPerformanceObligationExpectedTimingOfSatisfactionStart"
	    "DateAxis\"><x>soon</x></xbrldi:typedMember>") TAIL, 6,
	    "context 'T': the member of RevenueRemainingPerformanceObligation"
	    "ExpectedTimingOfSatisfactionStartDateAxis is not a date");
	fails(HEAD "<dei:DocumentPeriodEndDate contextRef=\"I\">2023-13-01"
	    "</dei:DocumentPeriodEndDate>\n" TAIL, 6,
	    "dei:DocumentPeriodEndDate '2023-13-01' is not a date");
}

static void
test_bad_values(void **state)
{
	(void)state;
	fails(HEAD EMI("I", "12x") TAIL, 6, "us-gaap:EquityMethodInvestments:"
	    " value '12x' is not an amount in USD: amount '12x' is not a"
	    " decimal number");
	fails(HEAD "\n\n" EMI("I", "99999999999999999999") TAIL, 8,
	    "value '99999999999999999999' is not an amount in USD: amount"
	    " '99999999999999999999' is too large");
	fails(HEAD EMI("I", "") TAIL, 6, "value '' is not an amount in USD");
	fails(HEAD EMI("I", "1.005") TAIL, 6, "has more than 2 decimal"
	    " places");
	fails(HEAD "<us-gaap:EquityMethodInvestments contextRef=\"I\" unitRef="
	    "\"usd\" decimals=\"two\">5</us-gaap:EquityMethodInvestments>\n"
	    TAIL, 6, "us-gaap:EquityMethodInvestments: decimals 'two' is"
	    " neither an integer nor INF");
	fails(HEAD "<dei:EntityCentralIndexKey contextRef=\"I\">ABC"
	    "</dei:EntityCentralIndexKey>\n" TAIL, 6,
	    "dei:EntityCentralIndexKey 'ABC' is not a CIK");
}

static void
test_bad_documents(void **state)
{
	(void)state;
	/* no registrant name, CIK fact nor SEC context identifier */
	fails("<?xml version=\"1.0\"?>\n<xbrl xmlns=\"http://www.xbrl.org/2003"
	    "/instance\">\n\n<context id=\"C\"><entity><identifier scheme="
	    "\"http://example.test/id\">77</identifier></entity><period>"
	    "<forever/></period></context>\n</xbrl>\n", 4,
	    "XBRL instance names no filer");
	fails("<?xml version=\"1.0\"?>\n<link:linkbase xmlns:link=\"http://www."
	    "xbrl.org/2003/linkbase\"/>\n", 2, "not an XBRL instance: the root"
	    " element is <linkbase>");
	fails(HEAD EMI("I", "1") "<us-gaap:Foo>\n" TAIL, 8, "malformed XML");
	fails(HEAD "<context><entity/></context>\n" TAIL, 6,
	    "context without an id");
}

/* Duplicates whose values differ beyond their rounding are refused. */
static void
test_inconsistent_duplicates(void **state)
{
	(void)state;
	fails(HEAD CTX("J", "") EMI("I", "1000") EMI("J", "1001") TAIL, 8,
	    "inconsistent duplicate facts: us-gaap:EquityMethodInvestments is"
	    " 1001.00 here and 1000.00 at line 7 (same period, dimensions and"
	    " unit)");
	/* rounded to millions, 41.2M and 42M are more than half a million
	 * apart */
	fails(HEAD "<us-gaap:EquityMethodInvestments contextRef=\"I\" unitRef="
	    "\"usd\" decimals=\"-6\">42000000</us-gaap:EquityMethodInvestments>"
	    "\n" EMI("I", "41234567") TAIL, 7, "is 41234567.00 here and"
	    " 42000000.00 at line 6");
}

/* Consistent duplicates: equal values, or within the rounding of the less
 * precise (which loses). */
static void
test_consistent_duplicates(void **state)
{
	char dir[4096], path[4200];
	cf_dataset *ds;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	write_in(dir, "dup.xml", HEAD CTX("J", "")
	    EMI("I", "5") EMI("J", "5.00")
	    "<us-gaap:EquitySecuritiesFvNi contextRef=\"I\" unitRef=\"usd\""
	    " decimals=\"-3\">41000</us-gaap:EquitySecuritiesFvNi>\n"
	    "<us-gaap:EquitySecuritiesFvNi contextRef=\"J\" unitRef=\"usd\""
	    " decimals=\"2\">41234.56</us-gaap:EquitySecuritiesFvNi>\n" TAIL,
	    path, sizeof(path));
	ds = read_ok(path);
	assert_int_equal(ds->ndisclosures, 2);
	assert_int_equal(ds->disclosures[0].amount, 500);
	assert_int_equal(ds->disclosures[0].line, 7);
	assert_int_equal(ds->disclosures[1].amount, 4123456);
	assert_int_equal(ds->disclosures[1].line, 10);
	tu_assert_has(ds->filing.note, "2 duplicates");
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* Filer from the context identifier when dei gives no CIK; a negative
 * value and a wrong period type are left out. */
static void
test_filer_fallbacks(void **state)
{
	char dir[4096], path[4200];
	cf_dataset *ds;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	write_in(dir, "f.xml", "<?xml version=\"1.0\"?>\n<xbrl xmlns=\"http://"
	    "www.xbrl.org/2003/instance\" xmlns:g=\"http://fasb.org/us-gaap/"
	    "2021\" xmlns:i=\"http://www.xbrl.org/2003/iso4217\">\n"
	    "<context id=\"C\"><entity><identifier scheme=\"http://www.sec.gov"
	    "/CIK\">1234</identifier></entity><period><instant>2021-06-30"
	    "</instant></period></context>\n<unit id=\"u\"><measure>i:USD"
	    "</measure></unit>\n"
	    "<g:EquityMethodInvestments contextRef=\"C\" unitRef=\"u\">-5"
	    "</g:EquityMethodInvestments>\n"
	    "<g:PaymentsToAcquireInvestments contextRef=\"C\" unitRef=\"u\">5"
	    "</g:PaymentsToAcquireInvestments>\n"
	    "<g:ConvertibleDebtNoncurrent contextRef=\"C\" unitRef=\"u\">+7.5"
	    "</g:ConvertibleDebtNoncurrent>\n</xbrl>\n", path, sizeof(path));
	ds = read_ok(path);
	assert_string_equal(ds->filing.filer_cik, "0000001234");
	assert_null(ds->filing.form);
	assert_null(ds->filing.period);
	assert_null(ds->filing.accession);
	assert_string_equal(ds->entities[0].name, "CIK 0000001234");
	assert_string_equal(ds->sources[0].id, "file-cccccccccccccccc");
	assert_string_equal(ds->sources[0].title, "CIK 0000001234 filing"
	    " (XBRL)");
	assert_int_equal(ds->ndisclosures, 1);
	assert_string_equal(ds->disclosures[0].kind, "convertible-notes");
	assert_int_equal(ds->disclosures[0].amount, 750);
	assert_string_equal(ds->filing.note, "XBRL: 1 facts of mapped concepts"
	    " used; left out: 1 with dimensions or a period not mapped, 0 not"
	    " in a currency, 1 negative, 0 of earlier periods without a"
	    " counterparty, 0 duplicates");
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* Only the counterparty axes of the standard taxonomies name a party, in
 * the segment or the scenario; anything else leaves the fact out. */
static void
test_dimensions_left_out(void **state)
{
	char dir[4096], path[4200];
	cf_dataset *ds;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	write_in(dir, "d.xml", HEAD
	    /* a filer's own axis with a standard axis's name */
	    CTX("A", MEMBER("tst:CounterpartyNameAxis", "tst:AcmeMember"))
	    /* a typed member on a counterparty axis */
	    CTX("B", "<xbrldi:typedMember dimension=\"srt:CounterpartyName"
	    "Axis\"><tst:x>Acme</tst:x></xbrldi:typedMember>")
	    /* segment content that is not a dimension */
	    CTX("C", "<tst:region>west</tst:region>")
	    /* an arrangement without a counterparty */
	    CTX("D", MEMBER("us-gaap:TypeOfArrangementAxis", "tst:JvMember"))
	    /* another entity's context */
	    "<context id=\"E\"><entity><identifier scheme=\"http://www.sec.gov"
	    "/CIK\">0009990123</identifier></entity><period><instant>"
	    "2023-12-31</instant></period></context>\n"
	    /* the counterparty in the scenario: understood */
	    "<context id=\"F\"><entity><identifier scheme=\"http://www.sec.gov"
	    "/CIK\">0009990009</identifier></entity><period><instant>"
	    "2023-12-31</instant></period><scenario>"
	    MEMBER("us-gaap:RelatedPartyTransactionsByRelatedPartyAxis",
	    "tst:ZetaLabsMember") "</scenario></context>\n"
	    EMI("A", "1") EMI("B", "2") EMI("C", "3") EMI("D", "4")
	    EMI("E", "5") EMI("F", "6") TAIL, path, sizeof(path));
	ds = read_ok(path);
	assert_int_equal(ds->nentities, 2);
	assert_string_equal(ds->entities[1].name, "Zeta Labs");
	assert_int_equal(ds->ndisclosures, 1);
	assert_int_equal(ds->disclosures[0].amount, 600);
	assert_string_equal(ds->disclosures[0].counterparty, "local-2");
	tu_assert_has(ds->filing.note, "1 facts of mapped concepts used; left"
	    " out: 5 with dimensions or a period not mapped");
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

/* An instance with one investee member, named by the label linkbase in
 * labels_name (or not) beside it. */
static void
read_with_labels(const char *instance_name, const char *const *lab_names,
    size_t nlab, const char *want_name, size_t want_companions)
{
	static const char lab[] = "<?xml version=\"1.0\"?>\n<link:linkbase"
	    " xmlns:link=\"http://www.xbrl.org/2003/linkbase\" xmlns:xlink="
	    "\"http://www.w3.org/1999/xlink\"><link:labelLink>"
	    "<link:loc xlink:href=\"t.xsd#tst_AcmeAiMember\" xlink:label="
	    "\"a\"/><link:labelArc xlink:from=\"a\" xlink:to=\"b\"/>"
	    "<link:label xlink:label=\"b\">ACME AI, Inc. [Member]</link:label>"
	    "</link:labelLink></link:linkbase>\n";
	char dir[4096], path[4200], lpath[4200];
	cf_dataset *ds;
	size_t i;

	tu_tmpdir(dir, sizeof(dir));
	for (i = 0; i < nlab; i++)
		write_in(dir, lab_names[i], lab, lpath, sizeof(lpath));
	write_in(dir, instance_name, HEAD CTX("A", MEMBER("srt:Counterparty"
	    "NameAxis", "tst:AcmeAiMember")) EMI("A", "10") TAIL, path,
	    sizeof(path));
	ds = read_ok(path);
	assert_int_equal(ds->nentities, 2);
	assert_string_equal(ds->entities[1].name, want_name);
	assert_int_equal(ds->filing.ncompanions, want_companions);
	if (want_companions == 1)
		assert_string_equal(ds->filing.companions[0], lpath);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

static void
test_label_linkbase_beside(void **state)
{
	const char *same[] = {"t-20231231_lab.xml"};
	const char *other[] = {"other_lab.xml"};
	const char *two[] = {"a_lab.xml", "b_lab.xml"};

	(void)state;
	/* by name: _htm.xml or .xml replaced by _lab.xml */
	read_with_labels("t-20231231_htm.xml", same, 1, "ACME AI, Inc.", 1);
	read_with_labels("t-20231231.xml", same, 1, "ACME AI, Inc.", 1);
	/* the only one in the folder */
	read_with_labels("instance.xml", other, 1, "ACME AI, Inc.", 1);
	/* two to choose from, or none: named from the member */
	read_with_labels("instance.xml", two, 2, "Acme Ai", 0);
	read_with_labels("instance.xml", NULL, 0, "Acme Ai", 0);
}

/* What an SGML submission does: the document and labels given, with what
 * its header said already in ds->filing and its source made. */
static void
test_read_with_header_and_labels(void **state)
{
	char path[4096], lab[4096];
	const char *src = NULL;
	cf_dataset *ds = NULL;
	cf_xs *x = NULL;

	(void)state;
	tu_path(path, sizeof(path), "TESTDATA", EXR);
	tu_path(lab, sizeof(lab), "TESTDATA", EXR_LAB);
	assert_int_equal(cf_dataset_new(&ds, "submission.txt"), CF_OK);
	ds->filing.form = "10-K/A";
	ds->filing.accession = "0009990001-24-000099";
	ds->filing.filed = "2024-03-01";
	assert_int_equal(cf_edgar_source(ds, "Header title", "9990001", 1,
	    &src), CF_OK);
	assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
	if (cf_edgar_read_xbrl(ds, x, lab) != CF_OK)
		fail_msg("%s", cf_error_message());
	cf_xs_free(x);
	assert_int_equal(cf_dataset_check(ds), CF_OK);
	assert_string_equal(ds->filing.form, "10-K/A");
	assert_int_equal(ds->filing.amendment, 1);
	assert_string_equal(ds->filing.accession, "0009990001-24-000099");
	assert_string_equal(ds->filing.filed, "2024-03-01");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->disclosures[0].id,
	    "sec-0009990001-24-000099-disclosure-1");
	assert_string_equal(ds->disclosures[0].sources[0],
	    "sec-0009990001-24-000099");
	assert_string_equal(name_of(ds, "local-2"), "Frontier Models Lab, PBC");
	/* still an annual report: the payment is a flow */
	assert_int_equal(ds->nflows, 1);
	cf_dataset_free(ds);

	/* labels that cannot be read */
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	assert_int_equal(cf_xs_open_file(&x, path), CF_OK);
	assert_int_equal(cf_edgar_read_xbrl(ds, x, "/nonexistent/x_lab.xml"),
	    CF_EIO);
	tu_assert_has(cf_error_message(), "/nonexistent/x_lab.xml");
	cf_xs_free(x);
	cf_dataset_free(ds);
}

/* Names from members: words at case and digit changes, "Member" off. */
static void
test_member_names(void **state)
{
	static const struct {
		const char *member, *name;
	} cases[] = {
		{"tst:OpenAIIncMember", "Open AI Inc"},
		{"tst:XAICorpMember", "XAI Corp"},
		{"tst:Fund2024LPMember", "Fund 2024 LP"},
		{"tst:Big_NameMember", "Big Name"},
		{"tst:Member", "Member"},
	};
	char dir[4096], path[4200], text[2048];
	cf_dataset *ds;
	size_t i;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(text, sizeof(text), HEAD "<context id=\"A\"><entity>"
		    "<identifier scheme=\"http://www.sec.gov/CIK\">0009990009"
		    "</identifier><segment>" MEMBER("srt:CounterpartyNameAxis",
		    "%s") "</segment></entity><period><instant>2023-12-31"
		    "</instant></period></context>\n" EMI("A", "1") TAIL,
		    cases[i].member);
		write_in(dir, "m.xml", text, path, sizeof(path));
		ds = read_ok(path);
		assert_int_equal(ds->nentities, 2);
		assert_string_equal(ds->entities[1].name, cases[i].name);
		assert_true(has_alias(&ds->entities[1], cases[i].member));
		cf_dataset_free(ds);
	}
	tu_rmtree(dir);
}

/* ---- the real filings in ../shared/filings ------------------------------- */

static int
real_file(char *buf, size_t size, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "../shared/filings/%s", name);
	tu_path(buf, size, "TOP_SRCDIR", rel);
	return access(buf, R_OK) == 0;
}

static void
test_real_filings(void **state)
{
	static const int64_t po[] = {815600000000LL, 721700000000LL,
	    536600000000LL, 452500000000LL, 341900000000LL, 609300000000LL};
	char path[4096], year[8];
	const struct cf_disclosure *d;
	cf_dataset *ds;
	int k;

	(void)state;
	if (!real_file(path, sizeof(path),
	    "edgartools__WatersCorp.8-K.xbrl.xml")) {
		print_message("skipped: %s is not there (the real filings"
		    " live in ../shared/filings)\n", path);
		return;	/* cmocka's TAP skip reads as a failure */
		return;
	}
	ds = read_ok(path);
	assert_string_equal(ds->filing.form, "8-K");
	assert_string_equal(ds->filing.period, "2024-01-08");
	assert_string_equal(ds->filing.filer_cik, "0001000697");
	assert_string_equal(ds->entities[0].name, "WATERS CORP /DE/");
	assert_int_equal(ds->ndisclosures + ds->nflows, 0);
	cf_dataset_free(ds);

	/* Amazon's 10-K for 2022: RPO $110.4B tagged only on the typed
	 * timing axis (from 2023-01-01), the purchase obligation ladder
	 * ($34,776M) and capex; the fair value hierarchy facts are left out */
	assert_true(real_file(path, sizeof(path), "excerpt__amzn-20221231_"
	    "commitments_rpo_investments.xml"));
	ds = read_ok(path);
	assert_string_equal(ds->filing.form, "10-K");
	assert_string_equal(ds->filing.period, "2022-12-31");
	assert_string_equal(ds->entities[0].name, "AMAZON.COM, INC.");
	assert_int_equal(ds->nentities, 1);
	assert_int_equal(ds->ndisclosures, 3);
	d = &ds->disclosures[0];
	assert_string_equal(d->kind, "capex");
	assert_int_equal(d->amount, 6364500000000LL);
	d = &ds->disclosures[1];
	assert_string_equal(d->kind, "rpo");
	assert_string_equal(d->as_of, "2022-12-31");
	assert_int_equal(d->amount, 11040000000000LL);
	assert_int_equal(d->nschedule, 1);
	assert_string_equal(d->schedule[0].due, "2023-01-01");
	tu_assert_has(d->note, "from 2023-01-01 (period P3Y8M12D)");
	d = &ds->disclosures[2];
	assert_string_equal(d->kind, "purchase-obligations");
	assert_int_equal(d->amount, 3477600000000LL);
	assert_int_equal(d->nschedule, 6);
	for (k = 0; k < 6; k++) {
		snprintf(year, sizeof(year), "%d", 2023 + k);
		assert_string_equal(d->schedule[k].due, year);
		assert_int_equal(d->schedule[k].minor, po[k]);
	}
	tu_assert_has(ds->filing.note, "9 facts of mapped concepts used;"
	    " left out: 3 with dimensions or a period not mapped");
	cf_dataset_free(ds);

	/* Amazon's Rivian excerpt: no dei facts, no mapped concept */
	assert_true(real_file(path, sizeof(path), "excerpt__amzn-20221231_"
	    "rivian_investee_axis.xml"));
	ds = read_ok(path);
	assert_string_equal(ds->filing.filer_cik, "0001018724");
	assert_string_equal(ds->entities[0].name, "CIK 0001018724");
	assert_int_equal(ds->nentities, 1);
	assert_int_equal(ds->ndisclosures, 0);
	cf_dataset_free(ds);

	/* Global Arena's 10-Q: its equity-method total and payments, and the
	 * joint venture payments of 2019 to Global Election Services */
	assert_true(real_file(path, sizeof(path), "excerpt__gahc-20240930_"
	    "equity_method_investee_axis.xml"));
	ds = read_ok(path);
	assert_string_equal(ds->filing.form, "10-Q");
	assert_int_equal(ds->nentities, 2);
	assert_string_equal(ds->entities[1].name,
	    "Global Election Services Inc");
	assert_true(has_alias(&ds->entities[1],
	    "gahc:GlobalElectionServicesIncMember"));
	assert_int_equal(ds->ndisclosures, 4);
	assert_int_equal(ds->nflows, 0);
	assert_string_equal(ds->disclosures[0].kind, "stake-value");
	assert_int_equal(ds->disclosures[0].amount, 70430000);
	assert_string_equal(ds->disclosures[1].kind, "investments-paid");
	assert_int_equal(ds->disclosures[1].amount, 13815000);
	assert_string_equal(ds->disclosures[2].as_of, "2019-06-15");
	assert_int_equal(ds->disclosures[2].amount, 5000000);
	assert_string_equal(ds->disclosures[2].counterparty,
	    ds->entities[1].id);
	assert_int_equal(ds->disclosures[3].amount, 4000000);
	cf_dataset_free(ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_files),
		cmocka_unit_test(test_exr_filing),
		cmocka_unit_test(test_exr_counterparties),
		cmocka_unit_test(test_exr_rpo),
		cmocka_unit_test(test_exr_purchase_obligations),
		cmocka_unit_test(test_exr_stakes),
		cmocka_unit_test(test_exr_payments),
		cmocka_unit_test(test_exr_convertible_notes),
		cmocka_unit_test(test_nwd_names_from_members),
		cmocka_unit_test(test_nwd_sums_without_totals),
		cmocka_unit_test(test_bad_references),
		cmocka_unit_test(test_bad_periods),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_documents),
		cmocka_unit_test(test_inconsistent_duplicates),
		cmocka_unit_test(test_consistent_duplicates),
		cmocka_unit_test(test_filer_fallbacks),
		cmocka_unit_test(test_dimensions_left_out),
		cmocka_unit_test(test_label_linkbase_beside),
		cmocka_unit_test(test_read_with_header_and_labels),
		cmocka_unit_test(test_member_names),
		cmocka_unit_test(test_real_filings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
