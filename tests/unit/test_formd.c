/* The Form D reader: detection, the fixtures under tests/data/edgar/formd
 * read field by field (a plain D, a D/A, an indefinite fund offering, a
 * prefixed document, co-issuers), the flow type rule, bad input refused
 * with the file and line, and the real filings in ../shared/filings when
 * they are there. */
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
#include "edgartest.h"

#define FIXTURE(name) "edgar/formd/" name

/* ---- helpers ------------------------------------------------------------- */

/* Read path with the Form D reader (sha256 set as the batch would), check
 * the dataset; the caller frees it. */
static cf_dataset *
read_path(const char *path)
{
	cf_dataset *ds = et_read(path, &cf_reader_formd, "0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0123456789abcdef");

	assert_int_equal(ds->is_filing, 1);
	return ds;
}

static cf_dataset *
read_fixture(const char *rel)
{
	char path[4096];

	return read_path(tu_path(path, sizeof(path), "TESTDATA", rel));
}

static const struct cf_entity *
entity_named(const cf_dataset *ds, const char *name)
{
	size_t i;

	for (i = 0; i < ds->nentities; i++)
		if (strcmp(ds->entities[i].name, name) == 0)
			return &ds->entities[i];
	fail_msg("no entity named %s", name);
	return NULL;
}

/* The investors entity: no CIK, kind investor. */
static void
check_investors(const cf_dataset *ds, const struct cf_flow *f)
{
	const struct cf_entity *inv = et_entity(ds, f->from);

	assert_string_equal(inv->name, "Undisclosed investors (Form D)");
	assert_int_equal(inv->nidents, 0);
	assert_int_equal(inv->nkinds, 1);
	assert_string_equal(inv->kinds[0], "investor");
	assert_int_equal(inv->resolve, 1);
}

/* The one flow's common fields: paid, high confidence, USD, one source. */
static const struct cf_flow *
only_flow(const cf_dataset *ds)
{
	const struct cf_flow *f;

	assert_int_equal(ds->nflows, 1);
	assert_int_equal(ds->nsources, 1);
	f = &ds->flows[0];
	assert_string_equal(f->status, "paid");
	assert_string_equal(f->confidence, "high");
	assert_string_equal(f->currency, "USD");
	assert_int_equal(f->has_amount, 1);
	assert_int_equal(f->estimate, 0);
	assert_int_equal(f->has_low, 0);
	assert_int_equal(f->nsources, 1);
	assert_string_equal(f->sources[0], ds->sources[0].id);
	assert_null(f->sources[1]);
	check_investors(ds, f);
	return f;
}

/* A small Form D: each field is one whole line (numbers in comments). */
struct mini {
	const char *attrs, *type, *issuer, *filing, *sec, *amounts, *sign;
};

static const char *
mini_text(char *buf, size_t size, const struct mini *m)
{
	assert_true((size_t)snprintf(buf, size,
	    "<?xml version=\"1.0\"?>\n"				/* 1 */
	    "<edgarSubmission%s>\n"				/* 2 */
	    "<schemaVersion>X0708</schemaVersion>\n"		/* 3 */
	    "%s\n"						/* 4 */
	    "%s\n"						/* 5 */
	    "<offeringData>\n"					/* 6 */
	    "%s\n"						/* 7 */
	    "%s\n"						/* 8 */
	    "%s\n"						/* 9 */
	    "%s\n"						/* 10 */
	    "</offeringData>\n"					/* 11 */
	    "</edgarSubmission>\n",				/* 12 */
	    m->attrs ? m->attrs : "",
	    m->type ? m->type : "<submissionType>D</submissionType>",
	    m->issuer ? m->issuer : "<primaryIssuer><cik>0009990001</cik>"
	    "<entityName>Example Robotics Inc</entityName></primaryIssuer>",
	    m->filing ? m->filing : "<typeOfFiling><dateOfFirstSale><value>"
	    "2024-03-04</value></dateOfFirstSale></typeOfFiling>",
	    m->sec ? m->sec : "<typesOfSecuritiesOffered><isEquityType>true"
	    "</isEquityType></typesOfSecuritiesOffered>",
	    m->amounts ? m->amounts : "<offeringSalesAmounts>"
	    "<totalOfferingAmount>1000</totalOfferingAmount>"
	    "<totalAmountSold>400</totalAmountSold></offeringSalesAmounts>",
	    m->sign ? m->sign : "<signatureBlock><signature><signatureDate>"
	    "2024-03-15</signatureDate></signature></signatureBlock>") <
	    size);
	return buf;
}

/* Write text to a new directory as name; its path into path. */
static void
write_tmp(char *dir, char *path, size_t size, const char *name,
    const char *text)
{
	tu_tmpdir(dir, 4096);
	assert_true((size_t)snprintf(path, size, "%s/%s", dir, name) < size);
	tu_write_file(path, text);
}

/* Read text (as a file mini.xml) and check it; the caller frees. */
static cf_dataset *
read_text(const char *text)
{
	char dir[4096], path[4200];
	cf_dataset *ds;

	write_tmp(dir, path, sizeof(path), "mini.xml", text);
	ds = read_path(path);
	ds->path = "mini.xml";	/* the file is gone: messages only */
	tu_rmtree(dir);
	return ds;
}

/* Reading text fails with CF_EINPUT, "bad.xml:line: " and needle. */
static void
fails_at(const char *text, long line, const char *needle)
{
	char dir[4096], path[4200], where[64];
	cf_dataset *ds = NULL;
	int rc;

	write_tmp(dir, path, sizeof(path), "bad.xml", text);
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	rc = cf_reader_formd.read_file(ds);
	cf_dataset_free(ds);
	tu_rmtree(dir);
	if (rc != CF_EINPUT)
		fail_msg("expected CF_EINPUT (%s), got %d: %s", needle, rc,
		    cf_error_message());
	snprintf(where, sizeof(where), "bad.xml:%ld: ", line);
	tu_assert_has(cf_error_message(), where);
	tu_assert_has(cf_error_message(), needle);
}

/* ---- detection ----------------------------------------------------------- */

static int
detect_text(const char *text)
{
	return cf_reader_formd.detect(text, strlen(text));
}

static int
detect_file(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");
	const char *p;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	p = cf_skip_bom_space(buf, buf + n);
	return cf_reader_formd.detect(p, (size_t)(buf + n - p));
}

static void
test_detect(void **state)
{
	char path[4096], buf[2048];
	const char *head;

	(void)state;
	assert_int_equal(detect_file(tu_path(path, sizeof(path), "TESTDATA",
	    FIXTURE("0009990001-24-000007/primary_doc.xml"))), 90);
	assert_int_equal(detect_file(tu_path(path, sizeof(path), "TESTDATA",
	    FIXTURE("0009990002-24-000002/primary_doc.xml"))), 90);
	assert_int_equal(detect_file(tu_path(path, sizeof(path), "TESTDATA",
	    FIXTURE("prefixed.xml"))), 90);
	assert_int_equal(detect_text(mini_text(buf, sizeof(buf),
	    &(struct mini){0})), 90);
	/* A comment and a DOCTYPE before the root do not hide it (the
	 * reader refuses the DOCTYPE later, naming it). */
	assert_int_equal(detect_text("<?xml version=\"1.0\"?><!-- x -->"
	    "<!DOCTYPE edgarSubmission [<!ENTITY a \"b\">]>"
	    "<edgarSubmission><submissionType>D/A</submissionType>"), 90);
	/* A head cut before submissionType: the Form D schema decides. */
	assert_int_equal(detect_text("<edgarSubmission>\n<schemaVersion>"
	    "X0708</schemaVersion>\n<subm"), 90);
	assert_int_equal(detect_text("<edgarSubmission>\n<schemaVersion>"
	    "X0202</schemaVersion>\n<subm"), 0);
	/* Not Form D: the 13F cover and Schedule 13D share the root. */
	assert_int_equal(detect_text("<?xml version=\"1.0\"?>\n"
	    "<edgarSubmission xmlns=\"http://www.sec.gov/edgar/"
	    "thirteenffiler\">"
	    "<schemaVersion>X0202</schemaVersion><headerData><submissionType>"
	    "13F-HR</submissionType>"), 0);
	assert_int_equal(detect_text("<edgarSubmission xmlns=\"http://www.sec."
	    "gov/edgar/schedule13D\"><headerData>\n<submissionType>SCHEDULE"
	    " 13D</submissionType>"), 0);
	assert_int_equal(detect_text("<edgarSubmission><submissionType>DX"
	    "</submissionType>"), 0);
	/* The end tag of another element named like it does not count. */
	assert_int_equal(detect_text("<edgarSubmission><x>D</submissionType>"
	    "<schemaVersion>X0202</schemaVersion>"), 0);
	assert_int_equal(detect_text("<edgarSubmissionX><submissionType>D"
	    "</submissionType>"), 0);
	assert_int_equal(detect_text("<ownershipDocument><submissionType>D"
	    "</submissionType>"), 0);
	/* An SGML submission holding a Form D is the SGML reader's. */
	assert_int_equal(detect_text("<SUBMISSION>\n<TYPE>D\n<XML>\n"
	    "<?xml version=\"1.0\"?>\n<edgarSubmission>\n<submissionType>D"
	    "</submissionType>"), 0);
	assert_int_equal(detect_text(""), 0);
	assert_int_equal(detect_text("<?xml version=\"1.0\"?>"), 0);
	/* The batch's choice among all readers. */
	head = "<d:edgarSubmission xmlns:d=\"urn:x\"><d:submissionType>D"
	    "</d:submissionType>";
	assert_int_equal(detect_text(head), 90);
	assert_ptr_equal(cf_reader_detect("x.xml", head, strlen(head), NULL),
	    &cf_reader_formd);
	assert_string_equal(cf_reader_formd.name, "edgar-form-d");
	assert_string_equal(cf_reader_formd.family, "edgar");
	assert_int_equal(cf_reader_formd.phase, 4);
	assert_null(cf_reader_formd.read);
}

/* ---- the fixtures -------------------------------------------------------- */

/* A plain Form D after a blank line: equity, sold $4,250,000 of
 * $10,000,000, a previous name, related persons, a broker. */
static void
test_plain(void **state)
{
	cf_dataset *ds = read_fixture(FIXTURE("0009990001-24-000007/"
	    "primary_doc.xml"));
	const struct cf_filing *fl = &ds->filing;
	const struct cf_entity *is;
	const struct cf_flow *f;

	(void)state;
	assert_string_equal(fl->form, "D");
	assert_string_equal(fl->accession, "0009990001-24-000007");
	assert_string_equal(fl->filed, "2024-03-15");
	assert_string_equal(fl->filer_cik, "0009990001");
	assert_int_equal(fl->amendment, 0);
	assert_null(fl->amends);
	assert_null(fl->period);
	assert_null(fl->lineage);

	assert_string_equal(ds->sources[0].id, "sec-0009990001-24-000007");
	assert_string_equal(ds->sources[0].title, "Example Robotics Inc -"
	    " Form D (0009990001-24-000007)");
	assert_string_equal(ds->sources[0].date, "2024-03-15");
	assert_string_equal(ds->sources[0].url, "https://www.sec.gov/Archives/"
	    "edgar/data/9990001/000999000124000007/");
	assert_int_equal(ds->sources[0].line, 3);

	assert_int_equal(ds->nentities, 2);
	is = entity_named(ds, "Example Robotics Inc");
	assert_string_equal(et_ident(is, "cik"), "0009990001");
	assert_string_equal(is->kinds[0], "other");
	assert_int_equal(is->naliases, 1);
	assert_string_equal(is->aliases[0], "Example Automata Corp");
	assert_int_equal(is->line, 7);
	assert_string_equal(is->note, "Form D issuer (Corporation, DELAWARE,"
	    " incorporated 2021). Related persons: Ada Q. Example (Executive"
	    " Officer, Director: Chief Executive Officer); Example Holdings,"
	    " LLC (Promoter).");

	f = only_flow(ds);
	assert_string_equal(f->id, "sec-0009990001-24-000007-flow-1");
	assert_string_equal(f->to, is->id);
	assert_string_equal(f->type, "equity");
	assert_string_equal(f->announced, "2024-03-04");
	assert_int_equal(f->amount, 425000000);
	assert_int_equal(f->has_high, 1);
	assert_int_equal(f->high, 1000000000);
	assert_int_equal(f->line, 98);
	assert_string_equal(f->note, "Form D: Example Robotics Inc sold"
	    " $4,250,000 of $10,000,000 offered ($5,750,000 remaining) to 12"
	    " investors (2 not accredited); first sale 2024-03-04; securities:"
	    " equity; industry: Other Technology; exemptions: 06b; minimum"
	    " investment $25,000; sales commissions $85,000, finders' fees $0;"
	    " sales compensation to Sam Example (Example Securities & Co LLC)."
	    " Amount: the total sold as of the filing, to investors the form"
	    " does not name; high: the total offered.");
	cf_dataset_free(ds);
}

/* A D/A: unpadded CIK, 18-digit previous accession, MM/DD/YYYY signature
 * date, pure debt, a "None" broker. */
static void
test_amendment(void **state)
{
	cf_dataset *ds = read_fixture(FIXTURE("0009990002-24-000002/"
	    "primary_doc.xml"));
	const struct cf_filing *fl = &ds->filing;
	const struct cf_entity *is;
	const struct cf_flow *f;

	(void)state;
	assert_string_equal(fl->form, "D/A");
	assert_int_equal(fl->amendment, 1);
	assert_string_equal(fl->amends, "0009990002-23-000003");
	assert_string_equal(fl->accession, "0009990002-24-000002");
	assert_string_equal(fl->filed, "2024-02-20");
	assert_string_equal(fl->filer_cik, "0009990002");
	assert_null(fl->lineage);
	assert_string_equal(ds->sources[0].title, "Example Lending LLC -"
	    " Form D/A (0009990002-24-000002)");

	is = entity_named(ds, "Example Lending LLC");
	assert_string_equal(et_ident(is, "cik"), "0009990002");
	assert_string_equal(is->kinds[0], "other");
	assert_int_equal(is->naliases, 1);
	assert_string_equal(is->aliases[0], "Example Credit Partners LLC");
	assert_string_equal(is->note, "Form D/A issuer (Limited Liability"
	    " Company, DELAWARE). Related persons: Bo Example (Executive"
	    " Officer).");

	f = only_flow(ds);
	assert_string_equal(f->type, "loan");
	assert_string_equal(f->announced, "2023-06-01");
	assert_int_equal(f->amount, 300000000);
	assert_int_equal(f->high, 800000000);
	tu_assert_has(f->note, "Form D/A: Example Lending LLC sold $3,000,000"
	    " of $8,000,000 offered ($5,000,000 remaining) to 9 investors;");
	tu_assert_has(f->note, "securities: debt;");
	tu_assert_has(f->note, " Amends 0009990002-23-000003; the figures are"
	    " cumulative and replace the original's.");
	assert_null(strstr(f->note, "sales compensation"));
	assert_null(strstr(f->note, "minimum investment"));
	cf_dataset_free(ds);
}

/* A venture fund before its first sale: "Indefinite" offering, nothing
 * sold, no accession in the path. */
static void
test_indefinite(void **state)
{
	cf_dataset *ds = read_fixture(FIXTURE("indefinite.xml"));
	const struct cf_entity *is;
	const struct cf_flow *f;

	(void)state;
	assert_null(ds->filing.accession);
	assert_string_equal(ds->filing.form, "D");
	assert_string_equal(ds->filing.filed, "2024-05-06");
	assert_string_equal(ds->sources[0].id, "file-0123456789abcdef");
	assert_null(ds->sources[0].url);
	assert_string_equal(ds->sources[0].title, "Example Venture Fund II,"
	    " L.P. - Form D");

	is = entity_named(ds, "Example Venture Fund II, L.P.");
	assert_string_equal(is->kinds[0], "fund");
	assert_int_equal(is->naliases, 0);
	/* "N/A" as a first name is dropped. */
	tu_assert_has(is->note, "Related persons: Example Venture GP II, LLC"
	    " (Promoter: General partner).");

	f = only_flow(ds);
	assert_string_equal(f->id, "file-0123456789abcdef-flow-1");
	assert_string_equal(f->type, "equity");
	assert_string_equal(f->announced, "2024-05-06");
	assert_int_equal(f->amount, 0);
	assert_int_equal(f->has_high, 0);
	assert_string_equal(f->note, "Form D: Example Venture Fund II, L.P."
	    " sold $0 of an indefinite amount offered (indefinite remaining)"
	    " to 0 investors; first sale yet to occur; securities: equity,"
	    " pooled investment fund interests; industry: Pooled Investment"
	    " Fund (Venture Capital Fund); exemptions: 06b, 3C, 3C.7. Amount:"
	    " the total sold as of the filing, to investors the form does not"
	    " name. Nothing sold yet, so the amount is 0.");
	cf_dataset_free(ds);
}

/* Every element with a prefix; a default namespace too. */
static void
test_namespaces(void **state)
{
	cf_dataset *ds = read_fixture(FIXTURE("prefixed.xml"));
	const struct cf_entity *is;
	const struct cf_flow *f;
	char buf[2048];

	(void)state;
	is = entity_named(ds, "Example Prefix Labs Inc");
	assert_string_equal(et_ident(is, "cik"), "0009990004");
	assert_string_equal(is->aliases[0], "Example Namespace Labs Inc");
	assert_string_equal(is->note, "Form D issuer.");
	f = only_flow(ds);
	/* "Other: LLC Membership Interests" is equity. */
	assert_string_equal(f->type, "equity");
	assert_int_equal(f->amount, 75000000);
	assert_int_equal(f->high, 75000000);
	assert_string_equal(f->announced, "2024-08-01");
	assert_string_equal(ds->filing.filed, "2024-08-09");
	tu_assert_has(f->note, "securities: other (LLC Membership Interests)");
	cf_dataset_free(ds);

	ds = read_text(mini_text(buf, sizeof(buf), &(struct mini){
	    .attrs = " xmlns=\"urn:example:formd\""}));
	assert_int_equal(ds->flows[0].amount, 40000);
	cf_dataset_free(ds);
}

/* A fund with two co-issuers in issuerList and two signatures. */
static void
test_co_issuers(void **state)
{
	cf_dataset *ds = read_fixture(FIXTURE("0009990005-24-000001/"
	    "primary_doc.xml"));
	const struct cf_entity *is, *al, *par;
	const struct cf_flow *f;

	(void)state;
	assert_int_equal(ds->nentities, 4);
	is = entity_named(ds, "Example Compute Fund I, a series of Example"
	    " Platform LP");
	al = entity_named(ds, "Example Compute Fund I AL Vehicle, a series of"
	    " Example Platform LP");
	par = entity_named(ds, "Example Compute Fund I Parallel LP");
	assert_string_equal(et_ident(is, "cik"), "0009990005");
	assert_string_equal(et_ident(al, "cik"), "0009990006");
	assert_string_equal(et_ident(par, "cik"), "0009990007");
	assert_string_equal(is->kinds[0], "fund");
	assert_string_equal(al->kinds[0], "fund");
	assert_string_equal(par->kinds[0], "fund");
	assert_int_equal(is->naliases, 0);
	assert_int_equal(al->naliases, 1);
	assert_string_equal(al->aliases[0], "Example Compute Fund I Sidecar");
	assert_int_equal(al->line, 24);
	assert_string_equal(al->note, "Co-issuer with Example Compute Fund I,"
	    " a series of Example Platform LP of a Form D offering.");
	/* A firm typed into the name fields, its legal form first. */
	tu_assert_has(is->note, "Related persons: Example Fund Group Ltd."
	    " (Director: Manager of the general partner).");
	assert_string_equal(ds->filing.filer_cik, "0009990005");
	assert_string_equal(ds->filing.filed, "2024-07-01");

	f = only_flow(ds);
	assert_string_equal(f->to, is->id);
	assert_string_equal(f->type, "equity");
	assert_int_equal(f->amount, 125000000);
	assert_int_equal(f->high, 150000000);
	assert_string_equal(f->announced, "2024-06-20");
	tu_assert_has(f->note, "; co-issuers: Example Compute Fund I AL"
	    " Vehicle, a series of Example Platform LP, Example Compute Fund I"
	    " Parallel LP.");
	tu_assert_has(f->note, "to 31 investors;");
	tu_assert_has(f->note, "minimum investment $1,000;");
	cf_dataset_free(ds);
}

/* The flow type from the securities offered. */
static void
test_security_types(void **state)
{
	static const struct {
		const char *sec, *type;
	} cases[] = {
		{"<isEquityType>true</isEquityType>", "equity"},
		{"<isPooledInvestmentFundType>true"
		    "</isPooledInvestmentFundType>", "equity"},
		{"<isEquityType>true</isEquityType><isOptionToAcquireType>true"
		    "</isOptionToAcquireType>", "equity"},
		{"<isDebtType>true</isDebtType>", "loan"},
		{"<isDebtType>true</isDebtType><isOptionToAcquireType>true"
		    "</isOptionToAcquireType><isSecurityToBeAcquiredType>true"
		    "</isSecurityToBeAcquiredType>", "convertible-note"},
		{"<isDebtType>true</isDebtType><isOtherType>true</isOtherType>"
		    "<descriptionOfOtherType>Convertible promissory notes"
		    "</descriptionOfOtherType>", "convertible-note"},
		{"<isDebtType>true</isDebtType><isEquityType>true"
		    "</isEquityType>", "other"},
		{"<isEquityType>false</isEquityType><isOtherType>true"
		    "</isOtherType><descriptionOfOtherType>SAFE"
		    "</descriptionOfOtherType>", "other"},
		{"<isTenantInCommonType>true</isTenantInCommonType>", "other"},
		{"", "other"},
	};
	char buf[2048], sec[512];
	cf_dataset *ds;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(sec, sizeof(sec), "<typesOfSecuritiesOffered>%s"
		    "</typesOfSecuritiesOffered>", cases[i].sec);
		ds = read_text(mini_text(buf, sizeof(buf), &(struct mini){
		    .sec = sec}));
		if (strcmp(ds->flows[0].type, cases[i].type) != 0)
			fail_msg("%s: type %s, expected %s", cases[i].sec,
			    ds->flows[0].type, cases[i].type);
		if (cases[i].sec[0] == '\0')
			tu_assert_has(ds->flows[0].note, "securities: not"
			    " stated.");
		cf_dataset_free(ds);
	}
}

/* Sold beyond the offering: kept, noted, no high.  Cents and thousands
 * separators are exact. */
static void
test_oversold(void **state)
{
	char buf[2048];
	cf_dataset *ds;
	const struct cf_flow *f;

	(void)state;
	ds = read_text(mini_text(buf, sizeof(buf), &(struct mini){
	    .amounts = "<offeringSalesAmounts><totalOfferingAmount>1,000,000"
	    "</totalOfferingAmount><totalAmountSold>1500000.25"
	    "</totalAmountSold><totalRemaining>0</totalRemaining>"
	    "</offeringSalesAmounts>"}));
	f = only_flow(ds);
	assert_int_equal(f->amount, 150000025);
	assert_int_equal(f->has_high, 0);
	tu_assert_has(f->note, "sold $1,500,000.25 of $1,000,000 offered ($0"
	    " remaining);");
	tu_assert_has(f->note, " More was sold than the $1,000,000 offered, so"
	    " the offering is not used as an upper bound.");
	assert_null(strstr(f->note, "high:"));
	cf_dataset_free(ds);

	/* No offering amount at all; no date of first sale: the signature
	 * date. */
	ds = read_text(mini_text(buf, sizeof(buf), &(struct mini){
	    .filing = "<typeOfFiling/>",
	    .amounts = "<offeringSalesAmounts><totalAmountSold>7"
	    "</totalAmountSold></offeringSalesAmounts>"}));
	f = only_flow(ds);
	assert_int_equal(f->amount, 700);
	assert_int_equal(f->has_high, 0);
	assert_string_equal(f->announced, "2024-03-15");
	tu_assert_has(f->note, "sold $7 of an amount not stated offered;");
	cf_dataset_free(ds);
}

/* Lists in notes stop at a bound: 500 related persons, 105 named. */
static void
test_long_lists(void **state)
{
	size_t size = 200000, k = 0, i;
	char *issuer = malloc(size), *buf = malloc(size + 2048);
	const struct cf_entity *e;
	cf_dataset *ds;

	(void)state;
	assert_non_null(issuer);
	assert_non_null(buf);
	k += (size_t)snprintf(issuer, size, "<primaryIssuer><cik>1</cik>"
	    "<entityName>Example Robotics Inc</entityName></primaryIssuer>"
	    "<relatedPersonsList>");
	for (i = 1; i <= 500; i++) {
		k += (size_t)snprintf(issuer + k, size - k,
		    "<relatedPersonInfo><relatedPersonName><firstName>P%03zu"
		    "</firstName><lastName>X</lastName></relatedPersonName>"
		    "<relatedPersonRelationshipList><relationship>Director"
		    "</relationship></relatedPersonRelationshipList>"
		    "</relatedPersonInfo>", i);
		assert_true(k + 30 < size);
	}
	strcat(issuer, "</relatedPersonsList>");
	ds = read_text(mini_text(buf, size + 2048, &(struct mini){
	    .issuer = issuer}));
	e = entity_named(ds, "Example Robotics Inc");
	tu_assert_has(e->note, "Related persons: P001 X (Director); P002 X"
	    " (Director);");
	tu_assert_has(e->note, "; P105 X (Director) and 395 more.");
	assert_null(strstr(e->note, "P106"));
	cf_dataset_free(ds);
	free(issuer);
	free(buf);
}

/* ---- bad input ----------------------------------------------------------- */

static void
test_bad_input(void **state)
{
	static const struct {
		struct mini m;
		long line;
		const char *needle;
	} cases[] = {
		{{.type = "<submissionType>13F-HR</submissionType>"}, 4,
		    "submissionType '13F-HR' is not D or D/A"},
		{{.type = "<testOrLive>LIVE</testOrLive>"}, 2,
		    "no submissionType (expected D or D/A)"},
		{{.type = "<submissionType>D</submissionType><submissionType>"
		    "D</submissionType>"}, 4, "a second submissionType"},
		{{.issuer = ""}, 2, "no primaryIssuer"},
		{{.issuer = "<primaryIssuer><entityName>X Inc</entityName>"
		    "</primaryIssuer>"}, 5, "primaryIssuer has no cik"},
		{{.issuer = "<primaryIssuer><cik>12345678901</cik><entityName>"
		    "X</entityName></primaryIssuer>"}, 5, "primaryIssuer cik"
		    " '12345678901' is not a CIK"},
		{{.issuer = "<primaryIssuer><cik>0009990001</cik>"
		    "<entityName> </entityName></primaryIssuer>"}, 5,
		    "primaryIssuer has no entityName"},
		{{.issuer = "<primaryIssuer><cik>1</cik><entityName>A"
		    "</entityName></primaryIssuer><primaryIssuer><cik>2</cik>"
		    "<entityName>B</entityName></primaryIssuer>"}, 5,
		    "a second primaryIssuer"},
		{{.issuer = "<primaryIssuer><cik>1</cik><entityName>A"
		    "</entityName></primaryIssuer><issuerList><issuer><cik>x"
		    "</cik><entityName>B</entityName></issuer></issuerList>"},
		    5, "issuer cik 'x' is not a CIK"},
		{{.amounts = "<offeringSalesAmounts><totalOfferingAmount>1000"
		    "</totalOfferingAmount></offeringSalesAmounts>"}, 9,
		    "offeringSalesAmounts has no totalAmountSold"},
		{{.amounts = ""}, 6,
		    "no offeringData/offeringSalesAmounts/totalAmountSold"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>12x"
		    "</totalAmountSold></offeringSalesAmounts>"}, 9,
		    "totalAmountSold '12x' is not an amount in dollars"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>"
		    "99999999999999999999</totalAmountSold>"
		    "</offeringSalesAmounts>"}, 9, "totalAmountSold"
		    " '99999999999999999999' is not an amount"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>-5"
		    "</totalAmountSold></offeringSalesAmounts>"}, 9,
		    "totalAmountSold '-5' is not an amount in dollars:"
		    " negative"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>Indefinite"
		    "</totalAmountSold></offeringSalesAmounts>"}, 9,
		    "totalAmountSold 'Indefinite' is not an amount"},
		{{.amounts = "<offeringSalesAmounts><totalOfferingAmount>lots"
		    "</totalOfferingAmount><totalAmountSold>5</totalAmountSold>"
		    "</offeringSalesAmounts>"}, 9,
		    "totalOfferingAmount 'lots' is not an amount"},
		{{.amounts = "<offeringSalesAmounts><totalOfferingAmount>-1"
		    "</totalOfferingAmount><totalAmountSold>5</totalAmountSold>"
		    "</offeringSalesAmounts>"}, 9,
		    "totalOfferingAmount '-1' is not an amount"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>5"
		    "</totalAmountSold><totalRemaining>1e6</totalRemaining>"
		    "</offeringSalesAmounts>"}, 9,
		    "totalRemaining '1e6' is not an amount"},
		{{.filing = "<typeOfFiling><dateOfFirstSale><value>2024/03/04"
		    "</value></dateOfFirstSale></typeOfFiling>"}, 7,
		    "date of first sale '2024/03/04' is not a date"},
		{{.filing = "<typeOfFiling><dateOfFirstSale><value>2024-02-30"
		    "</value></dateOfFirstSale></typeOfFiling>"}, 7,
		    "date of first sale '2024-02-30' is not a date"},
		{{.sign = "<signatureBlock><signature><signatureDate>March 15,"
		    " 2024</signatureDate></signature></signatureBlock>"}, 10,
		    "signatureDate 'March 15, 2024' is not a date"},
		{{.type = "<submissionType>D/A</submissionType>",
		    .filing = "<typeOfFiling><newOrAmendment><isAmendment>true"
		    "</isAmendment><previousAccessionNumber>0009990001-24-7"
		    "</previousAccessionNumber></newOrAmendment>"
		    "</typeOfFiling>"},
		    7, "previousAccessionNumber '0009990001-24-7' is not an"
		    " accession number"},
		{{.sec = "<investors><totalNumberAlreadyInvested>many"
		    "</totalNumberAlreadyInvested></investors>"}, 8,
		    "totalNumberAlreadyInvested 'many' is not a number of"
		    " investors"},
		{{.filing = "<typeOfFiling/>", .sign = ""}, 2,
		    "no date of first sale, signature date or filing date"},
		{{.amounts = "<offeringSalesAmounts><totalAmountSold>5"
		    "</totalAmountSold>"}, 11, "malformed XML"},
	};
	char buf[2048];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		fails_at(mini_text(buf, sizeof(buf), &cases[i].m),
		    cases[i].line, cases[i].needle);
	/* Another root (on one line: the line of an element the reader does
	 * not expand is the parser's, which may run ahead). */
	fails_at("<?xml version=\"1.0\"?><ownershipDocument><submissionType>D"
	    "</submissionType></ownershipDocument>", 1, "Form D: root element"
	    " is <ownershipDocument>, not <edgarSubmission>");
}

/* A DOCTYPE (where entities would be declared) is refused; so is a
 * document with no root. */
static void
test_doctype_refused(void **state)
{
	(void)state;
	fails_at("<?xml version=\"1.0\"?>\n<!DOCTYPE edgarSubmission [\n"
	    "<!ENTITY big \"Example Robotics Inc\">\n]>\n<edgarSubmission>\n"
	    "<submissionType>D</submissionType>\n<primaryIssuer><cik>1</cik>"
	    "<entityName>&big;</entityName></primaryIssuer>\n"
	    "</edgarSubmission>\n", 1, "DOCTYPE declarations are not"
	    " allowed");
	fails_at("\n\n<?xml version=\"1.0\"?>\n", 4, "malformed XML");
}

/* Inside an SGML submission: lines count from the file's start, and what
 * the header set is kept. */
struct section {
	const char *text;
	size_t pos;
};

static int
section_read(void *ctx, char *buf, int len)
{
	struct section *s = ctx;
	size_t n = strlen(s->text + s->pos);

	/* A few bytes at a time, as a section reader may give them. */
	if (n > 7)
		n = 7;
	if (n > (size_t)len)
		n = (size_t)len;
	memcpy(buf, s->text + s->pos, n);
	s->pos += n;
	return (int)n;
}

static int
read_section(cf_dataset *ds, const char *text, long first_line)
{
	struct section s = {text, 0};
	cf_xs *x = NULL;
	int rc;

	if ((rc = cf_xs_open_io(&x, ds->path, first_line, section_read,
	    &s)) == CF_OK)
		rc = cf_edgar_read_formd(ds, x);
	cf_xs_free(x);
	return rc;
}

static void
test_in_submission(void **state)
{
	char buf[2048];
	cf_dataset *ds = NULL;

	(void)state;
	assert_int_equal(cf_dataset_new(&ds, "sub.txt"), CF_OK);
	ds->is_filing = 1;
	ds->filing.accession = "0009990001-24-000009";
	ds->filing.form = "D";
	ds->filing.filed = "2024-03-20";
	ds->filing.filer_cik = "0009990001";
	if (read_section(ds, mini_text(buf, sizeof(buf), &(struct mini){
	    .sign = ""}), 41) != CF_OK)
		fail_msg("read: %s", cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	assert_string_equal(ds->filing.accession, "0009990001-24-000009");
	assert_string_equal(ds->filing.filed, "2024-03-20");
	assert_string_equal(ds->sources[0].id, "sec-0009990001-24-000009");
	assert_string_equal(ds->sources[0].date, "2024-03-20");
	assert_int_equal(ds->sources[0].line, 42);
	assert_int_equal(ds->flows[0].line, 49);
	assert_int_equal(entity_named(ds, "Example Robotics Inc")->line, 45);
	cf_dataset_free(ds);

	/* A D/A document under a header saying D: an amendment all the
	 * same; no date anywhere but the header's. */
	assert_int_equal(cf_dataset_new(&ds, "sub.txt"), CF_OK);
	ds->filing.filed = "2024-03-20";
	if (read_section(ds, mini_text(buf, sizeof(buf), &(struct mini){
	    .type = "<submissionType>D/A</submissionType>",
	    .filing = "<typeOfFiling/>", .sign = ""}), 1) != CF_OK)
		fail_msg("read: %s", cf_error_message());
	assert_string_equal(ds->filing.form, "D/A");
	assert_int_equal(ds->filing.amendment, 1);
	assert_null(ds->filing.amends);
	assert_string_equal(ds->flows[0].announced, "2024-03-20");
	tu_assert_has(ds->flows[0].note, "An amendment naming no previous"
	    " accession.");
	cf_dataset_free(ds);

	assert_int_equal(cf_dataset_new(&ds, "sub.txt"), CF_OK);
	assert_int_equal(read_section(ds, mini_text(buf, sizeof(buf),
	    &(struct mini){.sign = "<signatureBlock><signature>"
	    "<signatureDate>2024-13-01</signatureDate></signature>"
	    "</signatureBlock>"}), 41), CF_EINPUT);
	tu_assert_has(cf_error_message(), "sub.txt:50: Form D: signatureDate"
	    " '2024-13-01' is not a date");
	cf_dataset_free(ds);
}

/* ---- the real filings ---------------------------------------------------- */

static int
real_path(char *buf, size_t size, const char *name)
{
	FILE *fp;

	tu_path(buf, size, "TOP_SRCDIR", "../shared/filings/");
	assert_true(strlen(buf) + strlen(name) < size);
	strcat(buf, name);
	if ((fp = fopen(buf, "rb")) == NULL)
		return 0;
	fclose(fp);
	return 1;
}

static void
test_real_filings(void **state)
{
	char path[4096];
	cf_dataset *ds;
	const struct cf_entity *e;
	const struct cf_flow *f;
	char *text, *xml, *end;

	(void)state;
	if (!real_path(path, sizeof(path), "edgartools__D.APFund.xml")) {
		print_message("skipped: ../shared/filings is not there\n");
		return;	/* cmocka's TAP skip reads as a failure */
	}
	assert_int_equal(detect_file(path), 90);
	ds = read_path(path);
	assert_string_equal(ds->filing.form, "D");
	assert_string_equal(ds->filing.filed, "2023-01-30");
	assert_string_equal(ds->filing.filer_cik, "0001958740");
	assert_int_equal(ds->nentities, 3);
	e = entity_named(ds, "AP Fund IV, a series of Inference Technology"
	    " Partners, LP");
	assert_string_equal(e->kinds[0], "fund");
	assert_int_equal(e->naliases, 0);
	tu_assert_has(e->note, "Belltower Fund Group Ltd. (Director: Manager"
	    " of the general partner of the Issuer); Fund GP, LLC (Director:");
	e = entity_named(ds, "AP Fund IV AL Vehicle, a series of Inference"
	    " Technology Partners, LP");
	assert_string_equal(et_ident(e, "cik"), "0001963203");
	f = only_flow(ds);
	assert_int_equal(f->amount, 65975200);
	assert_int_equal(f->high, 65975200);
	assert_string_equal(f->announced, "2023-01-20");
	assert_string_equal(f->type, "equity");
	tu_assert_has(f->note, "to 27 investors;");
	cf_dataset_free(ds);

	assert_true(real_path(path, sizeof(path),
	    "edgartools__D.1685REIT.xml"));
	ds = read_path(path);
	f = only_flow(ds);
	assert_int_equal(f->amount, 12500000);
	assert_int_equal(f->high, 12500000);
	assert_string_equal(f->announced, "2023-01-19");
	assert_string_equal(ds->filing.filed, "2023-01-27");
	assert_string_equal(et_entity(ds, f->to)->kinds[0], "fund");
	tu_assert_has(f->note, "to 125 investors;");
	tu_assert_has(f->note, "sales commissions $6,250, finders' fees $0;");
	tu_assert_has(f->note, "sales compensation to Charles Harrison (H & L"
	    " Equities, LLC); Lori Mayfield");
	cf_dataset_free(ds);

	assert_true(real_path(path, sizeof(path),
	    "edgartools__D.Shepards.xml"));
	assert_int_equal(detect_file(path), 90);
	ds = read_path(path);
	assert_string_equal(ds->filing.form, "D/A");
	assert_int_equal(ds->filing.amendment, 1);
	assert_string_equal(ds->filing.amends, "0001544190-19-000002");
	assert_string_equal(ds->filing.filed, "2023-01-31");
	e = entity_named(ds, "Shepherd's Finance, LLC");
	assert_string_equal(et_ident(e, "cik"), "0001544190");
	assert_int_equal(e->naliases, 1);
	assert_string_equal(e->aliases[0], "84 RE Partners, LLC");
	f = only_flow(ds);
	assert_int_equal(f->amount, 572505100);
	assert_int_equal(f->high, 800000000);
	assert_string_equal(f->announced, "2017-03-16");
	assert_null(strstr(f->note, "sales compensation"));
	cf_dataset_free(ds);

	/* The Form D inside an SGML submission, read as the SGML reader
	 * would after its header. */
	assert_true(real_path(path, sizeof(path),
	    "edgartools__FormD_VEPF_0002002260-24-000001.nc.txt"));
	text = tu_read_file(path, NULL);
	assert_non_null(xml = strstr(text, "<XML>\n"));
	assert_non_null(end = strstr(xml, "</XML>"));
	*end = '\0';
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	ds->is_filing = 1;
	ds->filing.accession = "0002002260-24-000001";
	ds->filing.form = "D";
	ds->filing.filed = "2024-01-11";
	if (read_section(ds, xml + 6, 46) != CF_OK)
		fail_msg("read: %s", cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	assert_string_equal(ds->sources[0].title, "VEPF VIII Co-Invest 4-A,"
	    " L.P. - Form D (0002002260-24-000001)");
	assert_string_equal(ds->filing.filer_cik, "0002002260");
	f = only_flow(ds);
	assert_int_equal(f->amount, 0);
	assert_int_equal(f->has_high, 0);
	assert_string_equal(f->announced, "2024-01-11");
	assert_int_equal(f->line, 232);
	assert_int_equal(ds->sources[0].line, 47);
	tu_assert_has(f->note, "of an indefinite amount offered (indefinite"
	    " remaining)");
	tu_assert_has(f->note, "first sale yet to occur");
	e = et_entity(ds, f->to);
	assert_string_equal(e->kinds[0], "fund");
	tu_assert_has(e->note, "VEPF VIII Co-Invest 4 GP, LLC (Promoter)");
	cf_dataset_free(ds);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_amendment),
		cmocka_unit_test(test_indefinite),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_co_issuers),
		cmocka_unit_test(test_security_types),
		cmocka_unit_test(test_oversold),
		cmocka_unit_test(test_long_lists),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_doctype_refused),
		cmocka_unit_test(test_in_submission),
		cmocka_unit_test(test_real_filings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
