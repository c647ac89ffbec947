/*
 * test_ownership.c - the Form 3/4/5 and Schedule 13D/13G readers: the
 * project's made-up fixtures read record by record (amounts in cents
 * worked out by hand), bad input refused with the file and line, and the
 * real filings in ../shared/filings when they are there.
 */
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

/* What the batch sets before a reader runs. */
#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FILE_SRC "file-0123456789abcdef"
#define F4_ACC "0009990002-24-000011"
#define F4_SRC "sec-" F4_ACC

/* Read path with reader; the dataset must pass cf_dataset_check.  The
 * caller frees it. */
static cf_dataset *
read_ok(const char *path, const struct cf_reader *reader)
{
	return et_read(path, reader, SHA);
}

static cf_dataset *
read_fixture(const char *rel, const struct cf_reader *reader)
{
	char path[4096];

	tu_path(path, sizeof(path), "TESTDATA", rel);
	return read_ok(path, reader);
}

/* A real filing from ../shared/filings, or NULL (the test is skipped). */
static cf_dataset *
read_real(const char *name, const struct cf_reader *reader)
{
	char rel[256], path[4096];

	snprintf(rel, sizeof(rel), "../shared/filings/%s", name);
	tu_path(path, sizeof(path), "TOP_SRCDIR", rel);
	if (access(path, R_OK) != 0)
		return NULL;
	return read_ok(path, reader);
}

#define REAL(ds, name, reader) do {					\
	if (((ds) = read_real(name, reader)) == NULL) {			\
		print_message("# skipped: ../shared/filings/%s is absent\n", \
		    name);						\
		return;							\
	}								\
} while (0)

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

static const struct cf_holding *
holding(const cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; i < ds->nholdings; i++)
		if (strcmp(ds->holdings[i].id, id) == 0)
			return &ds->holdings[i];
	fail_msg("no holding %s", id);
	return NULL;
}

static void
assert_entity(const cf_dataset *ds, const char *id, const char *name,
    const char *kind, const char *cik)
{
	const struct cf_entity *e = et_entity(ds, id);

	assert_string_equal(e->name, name);
	assert_int_equal(e->nkinds, 1);
	assert_string_equal(e->kinds[0], kind);
	assert_true(e->resolve);
	if (cik == NULL)
		assert_null(et_ident(e, "cik"));
	else
		assert_string_equal(et_ident(e, "cik"), cik);
}

static void
assert_sourced(const cf_dataset *ds, const char **sources, size_t n)
{
	assert_int_equal(n, 1);
	assert_string_equal(sources[0], ds->sources[0].id);
}

/* ---- Form 4: the joint filing -------------------------------------------- */

#define F4 "edgar/ownership/000999000224000011/form4.xml"

static void
test_form4_filing(void **state)
{
	cf_dataset *ds = read_fixture(F4, &cf_reader_form4);
	const struct cf_filing *f = &ds->filing;

	(void)state;
	assert_true(ds->is_filing);
	assert_string_equal(f->form, "4");
	assert_string_equal(f->accession, F4_ACC);
	assert_string_equal(f->filed, "2024-03-08");
	assert_string_equal(f->period, "2024-03-07");
	assert_string_equal(f->filer_cik, "0009990002");
	assert_int_equal(f->amendment, 0);
	assert_null(f->amends);
	assert_null(f->lineage);
	tu_assert_has(f->note, "Form 4, schema X0306 read by edgar-form-4");
	tu_assert_has(f->note, "open-market trades (P, S)");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, F4_SRC);
	assert_string_equal(ds->sources[0].title, "Example Robotics Inc -"
	    " Form 4 filed by Example Ventures Fund II, L.P. and 1 other"
	    " (" F4_ACC ")");
	assert_string_equal(ds->sources[0].date, "2024-03-08");
	assert_string_equal(ds->sources[0].accession, F4_ACC);
	assert_string_equal(ds->sources[0].url, "https://www.sec.gov/Archives/"
	    "edgar/data/9990002/000999000224000011/");
	assert_int_equal(ds->sources[0].line, 7);
	cf_dataset_free(ds);
}

static void
test_form4_entities(void **state)
{
	cf_dataset *ds = read_fixture(F4, &cf_reader_form4);

	(void)state;
	assert_int_equal(ds->nentities, 3);
	assert_entity(ds, "local-1", "Example Robotics Inc", "other",
	    "0009990001");
	assert_string_equal(et_entity(ds, "local-1")->note, "ticker EXRB");
	assert_int_equal(et_entity(ds, "local-1")->line, 11);
	/* The fund is a fund by its name; the director is a person. */
	assert_entity(ds, "local-2", "Example Ventures Fund II, L.P.", "fund",
	    "0009990002");
	assert_entity(ds, "local-3", "Roe Jane Q", "other", "0009990003");
	assert_int_equal(et_entity(ds, "local-3")->line, 28);
	cf_dataset_free(ds);
}

/* Grant A 2,500 x $10.00 = $25,000.00; exercise M 3,000 x $4.125 =
 * $12,375.00; disposition D to the issuer 400 x $11.00 = $4,400.00 (the
 * issuer pays).  The purchase P, the sale S and the gift G make no flow;
 * the second exercise has its price only in a footnote. */
static void
test_form4_flows(void **state)
{
	cf_dataset *ds = read_fixture(F4, &cf_reader_form4);
	const struct cf_flow *f;

	(void)state;
	assert_int_equal(ds->nflows, 3);

	f = flow(ds, F4_SRC "-flow-1");
	assert_string_equal(f->from, "local-2");
	assert_string_equal(f->to, "local-1");
	assert_string_equal(f->type, "equity");
	assert_string_equal(f->status, "paid");
	assert_string_equal(f->confidence, "high");
	assert_string_equal(f->announced, "2024-03-04");
	assert_string_equal(f->currency, "USD");
	assert_true(f->has_amount);
	assert_int_equal(f->amount, 2500000);
	assert_true(f->has_quantity);
	assert_true(f->quantity == 2500.0);
	assert_string_equal(f->unit, "shares");
	assert_int_equal(f->estimate, 0);
	assert_int_equal(f->line, 58);
	assert_sourced(ds, f->sources, f->nsources);
	tu_assert_has(f->note, "Form 4 code A (grant, award or other"
	    " acquisition from the issuer): 2500 shares of Common Stock"
	    " acquired at $10.00 a share; USD 25000.00 = shares x price paid"
	    " to the issuer");
	tu_assert_has(f->note, "joint filing: the form does not say which of"
	    " the 2 reporting owners paid, so it is attributed to the first,"
	    " Example Ventures Fund II, L.P.");
	assert_null(strstr(f->note, "rounded"));

	f = flow(ds, F4_SRC "-flow-2");
	assert_string_equal(f->from, "local-2");
	assert_string_equal(f->to, "local-1");
	assert_string_equal(f->announced, "2024-03-05");
	assert_int_equal(f->amount, 1237500);
	assert_true(f->quantity == 3000.0);
	assert_int_equal(f->line, 77);
	tu_assert_has(f->note, "code M (exercise or conversion");
	tu_assert_has(f->note, "at $4.125 a share");
	tu_assert_has(f->note, "cashless exercise");

	f = flow(ds, F4_SRC "-flow-3");
	assert_string_equal(f->from, "local-1");
	assert_string_equal(f->to, "local-2");
	assert_string_equal(f->announced, "2024-03-06");
	assert_int_equal(f->amount, 440000);
	assert_true(f->quantity == 400.0);
	assert_int_equal(f->line, 117);
	tu_assert_has(f->note, "code D (disposition to the issuer): 400"
	    " shares of Common Stock disposed of at $11.00 a share; USD"
	    " 4400.00 = shares x price paid by the issuer to the owner");
	tu_assert_has(f->note, "which of the 2 reporting owners was paid");

	tu_assert_has(ds->filing.note, " Line 96: code M transaction in Common"
	    " Stock: price given only by footnote F2, so no flow.");
	cf_dataset_free(ds);
}

static void
test_form4_holdings(void **state)
{
	cf_dataset *ds = read_fixture(F4, &cf_reader_form4);
	const struct cf_holding *h;

	(void)state;
	/* Four holdings (direct, trust, spouse, options), each for both
	 * owners of the joint filing. */
	assert_int_equal(ds->nholdings, 8);

	h = holding(ds, F4_SRC "-holding-1");
	assert_string_equal(h->holder, "local-2");
	assert_string_equal(h->issuer, "local-1");
	assert_string_equal(h->as_of, "2024-03-07");
	assert_string_equal(h->title_of_class, "Common Stock");
	assert_null(h->cusip);
	assert_true(h->has_shares);
	assert_true(h->shares == 106350.0);
	assert_false(h->has_percent);
	assert_false(h->has_value);
	assert_int_equal(h->line, 136);
	assert_sourced(ds, h->sources, h->nsources);
	assert_string_equal(h->note, "Form 4: shares owned following the last"
	    " reported transaction (code S on 2024-03-07); direct ownership;"
	    " reported jointly by 2 owners: the form does not divide it, so"
	    " each is shown with the whole (do not add them up); Example"
	    " Ventures Fund II, L.P. is the issuer's 10% owner");

	h = holding(ds, F4_SRC "-holding-2");
	assert_string_equal(h->holder, "local-3");
	assert_true(h->shares == 106350.0);
	assert_int_equal(h->line, 136);
	tu_assert_has(h->note, "(do not add them up); Roe Jane Q is the"
	    " issuer's director");

	h = holding(ds, F4_SRC "-holding-3");
	assert_string_equal(h->holder, "local-2");
	assert_true(h->shares == 4900.0);
	assert_string_equal(h->as_of, "2024-03-07");
	assert_int_equal(h->line, 158);
	tu_assert_has(h->note, "(code G on 2024-03-07); indirect ownership:"
	    " By Trust (footnote F4)");

	h = holding(ds, F4_SRC "-holding-5");
	assert_string_equal(h->holder, "local-2");
	assert_true(h->shares == 20000.0);
	assert_string_equal(h->as_of, "2024-03-07");	/* the period */
	assert_int_equal(h->line, 181);
	tu_assert_has(h->note, "Form 4: shares owned as of the period of"
	    " report (no transaction); indirect ownership: By Spouse;");

	h = holding(ds, F4_SRC "-holding-8");
	assert_string_equal(h->holder, "local-3");
	assert_string_equal(h->title_of_class, "Stock Option (Right to Buy)");
	assert_true(h->shares == 9000.0);
	assert_string_equal(h->as_of, "2024-03-05");
	assert_int_equal(h->line, 193);
	tu_assert_has(h->note, "Form 4: derivative securities owned following"
	    " the last reported transaction (code M on 2024-03-05); a count of"
	    " derivative securities, not of shares of the class; exercise"
	    " price $4.125; expires 2031-06-30; underlying Common Stock;"
	    " direct ownership");
	cf_dataset_free(ds);
}

/* ---- Form 4/A: rounding, lower-case codes, footnote-only holdings -------- */

/* 12.5 x $0.17 = $2.125: half a cent, to the even 212 cents; 0.75 x
 * $2.0067 = $1.505025: above half, 151 cents. */
static void
test_form4a(void **state)
{
	cf_dataset *ds = read_fixture("edgar/ownership/form4a.xml",
	    &cf_reader_form4);
	const struct cf_filing *fi = &ds->filing;
	const struct cf_flow *f;
	const struct cf_holding *h;

	(void)state;
	assert_string_equal(fi->form, "4/A");
	assert_int_equal(fi->amendment, 1);
	assert_null(fi->amends);
	assert_null(fi->lineage);
	assert_null(fi->accession);
	assert_string_equal(fi->filed, "2024-05-06");
	assert_string_equal(fi->period, "2024-04-30");
	assert_string_equal(fi->filer_cik, "0009990004");
	tu_assert_has(fi->note, "An amendment of the filing of 2024-05-02,"
	    " imported as its own filing");
	tu_assert_has(fi->note, " Line 91: derivative securities owned after"
	    " the last transaction in Warrant (right to buy) given only by"
	    " footnote F1, so no holding.");
	assert_string_equal(ds->sources[0].id, FILE_SRC);
	assert_null(ds->sources[0].url);
	assert_string_equal(ds->sources[0].title, "Example Robotics Inc -"
	    " Form 4/A filed by Lee Sam");
	assert_entity(ds, "local-1", "Example Robotics Inc", "other",
	    "0009990001");
	assert_entity(ds, "local-2", "Lee Sam", "other", "0009990004");

	assert_int_equal(ds->nflows, 2);
	f = flow(ds, FILE_SRC "-flow-1");
	assert_int_equal(f->amount, 212);
	assert_true(f->quantity == 12.5);
	assert_string_equal(f->announced, "2024-04-29");
	assert_int_equal(f->line, 29);
	tu_assert_has(f->note, "Form 4/A code A");
	tu_assert_has(f->note, "USD 2.12 = shares x price paid to the issuer,"
	    " rounded half-even to the cent");
	assert_null(strstr(f->note, "joint filing"));
	f = flow(ds, FILE_SRC "-flow-2");
	assert_int_equal(f->amount, 151);
	assert_true(f->quantity == 0.75);
	tu_assert_has(f->note, "code X (exercise of an in- or at-the-money"
	    " derivative)");
	tu_assert_has(f->note, "rounded half-even");

	/* The grant at $0 and the warrant moved no money; the warrant's
	 * holding is a footnote. */
	assert_int_equal(ds->nholdings, 1);
	h = holding(ds, FILE_SRC "-holding-1");
	assert_string_equal(h->holder, "local-2");
	assert_true(h->shares == 1813.25);
	assert_string_equal(h->as_of, "2024-04-30");
	assert_int_equal(h->line, 69);
	assert_string_equal(h->note, "Form 4/A: shares owned following the"
	    " last reported transaction (code A on 2024-04-30); direct"
	    " ownership; Lee Sam is the issuer's officer (Chief Robot"
	    " Officer)");
	cf_dataset_free(ds);
}

/* ---- inline documents ---------------------------------------------------- */

/* A Form 4 of one transaction; each field as given.  The issuer is on
 * line 5, the transaction on line 8, its date on 10, code 11, shares 13,
 * price 14, acquired/disposed 15, shares after 17. */
struct f4doc {
	const char *type, *issuer, *date, *code, *shares, *price, *ad, *post;
};

#define F4DOC_OK {"4", "<issuerCik>9990001</issuerCik><issuerName>Example" \
	" Robotics Inc</issuerName>", "2024-03-04", "A", "100", "2.50", "A", \
	"100"}

static char *
f4doc_text(const struct f4doc *d)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
	    "<?xml version=\"1.0\"?>\n"
	    "<ownershipDocument>\n"
	    "<documentType>%s</documentType>\n"
	    "<periodOfReport>2024-03-07</periodOfReport>\n"
	    "<issuer>%s</issuer>\n"
	    "<reportingOwner><reportingOwnerId><rptOwnerCik>9990002"
	    "</rptOwnerCik><rptOwnerName>Example Ventures Fund II, L.P."
	    "</rptOwnerName></reportingOwnerId></reportingOwner>\n"
	    "<nonDerivativeTable>\n"
	    "<nonDerivativeTransaction>\n"
	    "<securityTitle><value>Common Stock</value></securityTitle>\n"
	    "<transactionDate><value>%s</value></transactionDate>\n"
	    "<transactionCoding><transactionCode>%s</transactionCode>"
	    "</transactionCoding>\n"
	    "<transactionAmounts>\n"
	    "<transactionShares><value>%s</value></transactionShares>\n"
	    "<transactionPricePerShare><value>%s</value>"
	    "</transactionPricePerShare>\n"
	    "<transactionAcquiredDisposedCode><value>%s</value>"
	    "</transactionAcquiredDisposedCode>\n"
	    "</transactionAmounts>\n"
	    "<postTransactionAmounts><sharesOwnedFollowingTransaction><value>"
	    "%s</value></sharesOwnedFollowingTransaction>"
	    "</postTransactionAmounts>\n"
	    "<ownershipNature><directOrIndirectOwnership><value>D</value>"
	    "</directOrIndirectOwnership></ownershipNature>\n"
	    "</nonDerivativeTransaction>\n"
	    "</nonDerivativeTable>\n"
	    "<ownerSignature><signatureDate>2024-03-08</signatureDate>"
	    "</ownerSignature>\n"
	    "</ownershipDocument>\n", d->type, d->issuer, d->date, d->code,
	    d->shares, d->price, d->ad, d->post);
	return buf;
}

/* Write text to a new file (its path into path) and read it with reader:
 * the return code, with the dataset checked on success. */
static int
read_text(const struct cf_reader *reader, const char *text, char *dir,
    char *path, size_t size, cf_dataset **out)
{
	cf_dataset *ds = NULL;
	int rc;

	tu_tmpdir(dir, size);
	assert_true((size_t)snprintf(path, size, "%s/doc.xml", dir) < size);
	tu_write_file(path, text);
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	memcpy(ds->filing.sha256, SHA, sizeof(ds->filing.sha256));
	cf_error_clear();
	if ((rc = reader->read_file(ds)) == CF_OK)
		rc = cf_dataset_check(ds);
	*out = ds;
	return rc;
}

/* text must fail with CF_EINPUT, "path:line: " and needle. */
static void
fails_at(int at, const struct cf_reader *reader, const char *text,
    long line, const char *needle)
{
	char dir[4096], path[4096], where[4200];
	cf_dataset *ds = NULL;
	int rc;

	rc = read_text(reader, text, dir, path, sizeof(path), &ds);
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
test_form4_inline_ok(void **state)
{
	struct f4doc d = F4DOC_OK;
	char dir[4096], path[4096];
	cf_dataset *ds = NULL;

	(void)state;
	/* Any letter code is taken and recorded (here as K). */
	d.code = "k";
	if (read_text(&cf_reader_form4, f4doc_text(&d), dir, path,
	    sizeof(path), &ds) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_int_equal(ds->nflows, 0);
	assert_int_equal(ds->nholdings, 1);
	tu_assert_has(ds->holdings[0].note, "(code K on 2024-03-04)");
	cf_dataset_free(ds);
	tu_rmtree(dir);

	/* 123,456,789,012 x $1,234.567891 needs more than 64 bits before
	 * the division: $152,415,787,640,176.813692, 15241578764017681
	 * cents after rounding. */
	d = (struct f4doc)F4DOC_OK;
	d.shares = "123456789012";
	d.price = "1234.567891";
	if (read_text(&cf_reader_form4, f4doc_text(&d), dir, path,
	    sizeof(path), &ds) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_int_equal(ds->nflows, 1);
	assert_int_equal(ds->flows[0].amount, 15241578764017681LL);
	assert_int_equal(ds->flows[0].line, 8);
	assert_null(ds->filing.accession);
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

static void
test_form3_holdings_only(void **state)
{
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<ownershipDocument>\n"
	    "<documentType>3</documentType>\n"
	    "<periodOfReport>2024-02-01</periodOfReport>\n"
	    "<issuer><issuerCik>9990001</issuerCik>"
	    "<issuerName>Example Robotics Inc</issuerName></issuer>\n"
	    "<reportingOwner><reportingOwnerId><rptOwnerCik>9990006"
	    "</rptOwnerCik><rptOwnerName>Example Strategic Holdings LLC"
	    "</rptOwnerName></reportingOwnerId></reportingOwner>\n"
	    "<nonDerivativeTable>\n"
	    "<nonDerivativeHolding>\n"
	    "<securityTitle><value>Series B Preferred Stock</value>"
	    "</securityTitle>\n"
	    "<postTransactionAmounts><sharesOwnedFollowingTransaction>"
	    "<value>1500000</value></sharesOwnedFollowingTransaction>"
	    "</postTransactionAmounts>\n"
	    "</nonDerivativeHolding>\n"
	    "</nonDerivativeTable>\n"
	    "</ownershipDocument>\n";
	char dir[4096], path[4096];
	cf_dataset *ds = NULL;
	const struct cf_holding *h;

	(void)state;
	if (read_text(&cf_reader_form4, text, dir, path, sizeof(path),
	    &ds) != CF_OK)
		fail_msg("%s", cf_error_message());
	assert_string_equal(ds->filing.form, "3");
	assert_null(ds->filing.filed);		/* no signature */
	assert_string_equal(ds->filing.period, "2024-02-01");
	assert_int_equal(ds->nflows, 0);
	assert_int_equal(ds->nholdings, 1);
	h = &ds->holdings[0];
	assert_string_equal(h->as_of, "2024-02-01");
	assert_string_equal(h->title_of_class, "Series B Preferred Stock");
	assert_true(h->shares == 1500000.0);
	assert_int_equal(h->line, 8);
	assert_entity(ds, h->holder, "Example Strategic Holdings LLC",
	    "investor", "0009990006");
	cf_dataset_free(ds);
	tu_rmtree(dir);
}

static void
test_form4_bad_input(void **state)
{
	const struct cf_reader *r = &cf_reader_form4;
	struct f4doc d;

	(void)state;
#define BAD(field, value, line, needle) do {				\
	d = (struct f4doc)F4DOC_OK;					\
	d.field = value;						\
	fails(r, f4doc_text(&d), line, needle);				\
} while (0)
	BAD(issuer, "<issuerName>Example Robotics Inc</issuerName>", 5,
	    "issuer has no issuerCik");
	BAD(issuer, "<issuerCik>9990001</issuerCik>", 5,
	    "issuer 0009990001 has no issuerName");
	BAD(issuer, "<issuerCik>99-01</issuerCik><issuerName>X</issuerName>",
	    5, "issuerCik '99-01' is not a CIK");
	BAD(type, "10", 3, "documentType '10' is not a Form 3, 4 or 5");
	BAD(date, "03/2024", 10, "transactionDate '03/2024' is not a date");
	BAD(date, "2024-02-30", 10, "transactionDate '2024-02-30' is not a"
	    " date");
	BAD(code, "", 11, "transaction with no transactionCode");
	BAD(code, "12", 11, "transactionCode '12' is not a one-letter"
	    " transaction code");
	BAD(shares, "12x", 13, "transactionShares '12x' is not a non-negative"
	    " decimal number");
	BAD(shares, "1.5e3", 13, "transactionShares '1.5e3' is not a"
	    " non-negative decimal number");
	BAD(shares, "1234567890123456789012", 13, "transactionShares"
	    " '1234567890123456789012' is too large");
	BAD(price, "-5", 14, "transactionPricePerShare '-5' is not a"
	    " non-negative decimal number");
	BAD(price, "1.0000000001", 14, "transactionPricePerShare"
	    " '1.0000000001' has more than 9 decimal places");
	BAD(ad, "X", 15, "transactionAcquiredDisposedCode 'X' is neither A");
	BAD(post, "lots", 17, "sharesOwnedFollowingTransaction 'lots' is not");
	/* Each number fits; their product in cents does not. */
	d = (struct f4doc)F4DOC_OK;
	d.shares = "999999999999999999";
	d.price = "99999.99";
	fails(r, f4doc_text(&d), 8, "999999999999999999 shares x 99999.99 a"
	    " share does not fit in an amount");
#undef BAD
	/* On one line: cf_xs_line gives how far the parser has read, not
	 * the line of the (unexpanded) root element. */
	fails(r, "<edgarSubmission/>", 1, "the root element is"
	    " <edgarSubmission>, not the <ownershipDocument>");
	fails(r, "<?xml version=\"1.0\"?>\n<ownershipDocument>\n"
	    "<documentType>4</documentType>\n<issuer><issuerCik>1"
	    "</issuerName></issuer>\n</ownershipDocument>\n", 4,
	    "malformed XML");
	fails(r, "<ownershipDocument>\n<documentType>4</documentType>\n"
	    "<issuer><issuerCik>1</issuerCik><issuerName>I</issuerName>"
	    "</issuer>\n</ownershipDocument>\n", 1, "no <reportingOwner>");
	fails(r, "<ownershipDocument>\n<issuer><issuerCik>1</issuerCik>"
	    "<issuerName>I</issuerName></issuer>\n</ownershipDocument>\n", 1,
	    "no documentType");
}

/* ---- Schedules 13D and 13G ----------------------------------------------- */

static void
test_sched13d(void **state)
{
	cf_dataset *ds = read_fixture("edgar/ownership/sched13d.xml",
	    &cf_reader_sched13);
	const struct cf_filing *f = &ds->filing;
	const struct cf_holding *h;

	(void)state;
	assert_string_equal(f->form, "SC 13D");
	assert_int_equal(f->amendment, 0);
	assert_null(f->amends);
	assert_null(f->accession);
	assert_string_equal(f->period, "2024-06-14");
	assert_string_equal(f->filed, "2024-06-18");
	assert_string_equal(f->filer_cik, "0009990010");
	tu_assert_has(f->note, "Schedule 13D read by edgar-13d-13g");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, FILE_SRC);
	assert_string_equal(ds->sources[0].title, "Example Robotics Inc -"
	    " Schedule 13D filed by Example Activist Partners, L.P. and 1"
	    " other");
	assert_int_equal(ds->sources[0].line, 1);

	assert_int_equal(ds->nentities, 3);
	assert_entity(ds, "local-1", "Example Robotics Inc", "other",
	    "0009990001");
	assert_string_equal(et_ident(et_entity(ds, "local-1"), "cusip"),
	    "30099Q104");
	assert_int_equal(et_entity(ds, "local-1")->line, 21);
	assert_entity(ds, "local-2", "Example Activist Partners, L.P.",
	    "investor", "0009990010");
	assert_entity(ds, "local-3", "Pat Example", "other", NULL);
	assert_int_equal(et_entity(ds, "local-3")->nidents, 0);

	assert_int_equal(ds->nflows, 0);
	assert_int_equal(ds->nholdings, 2);
	h = holding(ds, FILE_SRC "-holding-1");
	assert_string_equal(h->holder, "local-2");
	assert_string_equal(h->issuer, "local-1");
	assert_string_equal(h->as_of, "2024-06-14");
	assert_true(h->has_shares);
	assert_true(h->shares == 1250000.0);
	assert_true(h->has_percent);
	assert_true(h->percent == 6.2);
	assert_false(h->has_value);
	assert_string_equal(h->title_of_class, "Common Stock, par value"
	    " $0.001 per share");
	assert_string_equal(h->cusip, "30099Q104");
	assert_int_equal(h->line, 34);
	assert_sourced(ds, h->sources, h->nsources);
	assert_string_equal(h->note, "Schedule 13D: beneficial ownership as of"
	    " the event date, a stake and not money paid; the reporting"
	    " persons of one filing often report the same shares (a fund, its"
	    " general partner, its managers): do not add them up");
	h = holding(ds, FILE_SRC "-holding-2");
	assert_string_equal(h->holder, "local-3");
	assert_true(h->shares == 1310000.0);
	assert_true(h->percent == 6.5);
	assert_int_equal(h->line, 48);
	cf_dataset_free(ds);
}

static void
test_sched13g(void **state)
{
	cf_dataset *ds = read_fixture("edgar/ownership/sched13g.xml",
	    &cf_reader_sched13);
	const struct cf_filing *f = &ds->filing;
	const struct cf_holding *h;

	(void)state;
	assert_string_equal(f->form, "SC 13G");
	assert_int_equal(f->amendment, 0);
	assert_string_equal(f->period, "2024-09-30");
	assert_string_equal(f->filed, "2024-10-07");
	assert_string_equal(f->filer_cik, "0009990020");
	assert_string_equal(ds->sources[0].title, "Example Chips Corp -"
	    " Schedule 13G filed by Example Index Funds Trust and 1 other");
	assert_int_equal(ds->sources[0].line, 12);
	assert_int_equal(ds->nentities, 3);
	assert_entity(ds, "local-1", "Example Chips Corp", "other",
	    "0009990005");
	assert_string_equal(et_ident(et_entity(ds, "local-1"), "cusip"),
	    "30099R207");
	/* IV: an investment company; HC and CO: an investor. */
	assert_entity(ds, "local-2", "Example Index Funds Trust", "fund",
	    "0009990020");
	assert_entity(ds, "local-3", "Example Asset Holdings plc", "investor",
	    NULL);
	assert_int_equal(ds->nholdings, 2);
	h = holding(ds, FILE_SRC "-holding-1");
	assert_string_equal(h->holder, "local-2");
	assert_string_equal(h->issuer, "local-1");
	assert_true(h->shares == 5400000.0);
	assert_true(h->percent == 5.4);
	assert_string_equal(h->as_of, "2024-09-30");
	assert_string_equal(h->title_of_class, "Class A Common Stock");
	assert_string_equal(h->cusip, "30099R207");
	assert_int_equal(h->line, 44);
	tu_assert_has(h->note, "Schedule 13G: beneficial ownership");
	h = holding(ds, FILE_SRC "-holding-2");
	assert_string_equal(h->holder, "local-3");
	assert_true(h->shares == 5400000.0);
	assert_int_equal(h->line, 58);
	cf_dataset_free(ds);
}

static void
test_sched13d_prefixed_amendment(void **state)
{
	cf_dataset *ds = read_fixture(
	    "edgar/ownership/sched13d-amend-prefixed.xml", &cf_reader_sched13);
	const struct cf_filing *f = &ds->filing;
	const struct cf_holding *h;

	(void)state;
	assert_string_equal(f->form, "SC 13D/A");
	assert_int_equal(f->amendment, 1);
	/* Kept beside the filing it amends, as history: nothing to replace. */
	assert_null(f->amends);
	assert_null(f->lineage);
	assert_string_equal(f->filer_cik, "0009990010");
	assert_string_equal(f->period, "2024-08-01");
	assert_string_equal(f->filed, "2024-08-05");
	tu_assert_has(f->note, "Schedule 13D/A read by edgar-13d-13g");
	tu_assert_has(f->note, "Amendment No. 1 of 0009990010-24-000003,"
	    " imported as its own filing");
	assert_string_equal(ds->sources[0].title, "Example Robotics Inc -"
	    " Schedule 13D/A filed by Example Activist Partners, L.P.");
	assert_int_equal(ds->nentities, 2);
	assert_string_equal(et_ident(et_entity(ds, "local-1"), "cusip"),
	    "30099Q104");
	assert_entity(ds, "local-2", "Example Activist Partners, L.P.",
	    "investor", "0009990010");
	assert_int_equal(ds->nholdings, 1);
	h = &ds->holdings[0];
	assert_true(h->shares == 1850000.0);
	assert_true(h->percent == 9.1);
	assert_string_equal(h->as_of, "2024-08-01");
	assert_int_equal(h->line, 32);
	assert_string_equal(h->note, "Schedule 13D/A: beneficial ownership as"
	    " of the event date, a stake and not money paid");
	cf_dataset_free(ds);
}

/* A 13D with the fields as given.  Header on line 3, event date 7, issuer
 * 8, shares 13, percent 14. */
struct s13doc {
	const char *type, *header, *event, *issuer, *shares, *percent;
};

#define S13DOC_OK {"SCHEDULE 13D", "", "06/14/2024", "<issuerCIK>9990001" \
	"</issuerCIK><issuerName>Example Robotics Inc</issuerName>", "1000", \
	"5.5"}

static char *
s13doc_text(const struct s13doc *d)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf),
	    "<?xml version=\"1.0\"?>\n"
	    "<edgarSubmission xmlns=\"http://www.sec.gov/edgar/schedule13D\">\n"
	    "<headerData><submissionType>%s</submissionType>%s</headerData>\n"
	    "<formData>\n"
	    "<coverPageHeader>\n"
	    "<securitiesClassTitle>Common Stock</securitiesClassTitle>\n"
	    "<dateOfEvent>%s</dateOfEvent>\n"
	    "<issuerInfo>%s</issuerInfo>\n"
	    "</coverPageHeader>\n"
	    "<reportingPersons>\n"
	    "<reportingPersonInfo>\n"
	    "<reportingPersonName>Example Activist Partners, L.P."
	    "</reportingPersonName>\n"
	    "<aggregateAmountOwned>%s</aggregateAmountOwned>\n"
	    "<percentOfClass>%s</percentOfClass>\n"
	    "</reportingPersonInfo>\n"
	    "</reportingPersons>\n"
	    "</formData>\n"
	    "</edgarSubmission>\n", d->type, d->header, d->event, d->issuer,
	    d->shares, d->percent);
	return buf;
}

static void
test_sched13_bad_input(void **state)
{
	const struct cf_reader *r = &cf_reader_sched13;
	char dir[4096], path[4096];
	struct s13doc d = S13DOC_OK;
	cf_dataset *ds = NULL;

	(void)state;
	/* The template itself is good. */
	if (read_text(r, s13doc_text(&d), dir, path, sizeof(path), &ds) !=
	    CF_OK)
		fail_msg("%s", cf_error_message());
	assert_int_equal(ds->nholdings, 1);
	assert_true(ds->holdings[0].percent == 5.5);
	assert_null(ds->filing.filer_cik);	/* no CIK anywhere */
	cf_dataset_free(ds);
	tu_rmtree(dir);
#define BAD(field, value, line, needle) do {				\
	d = (struct s13doc)S13DOC_OK;					\
	d.field = value;						\
	fails(r, s13doc_text(&d), line, needle);			\
} while (0)
	BAD(percent, "120", 14, "percent of class '120' is not between 0 and"
	    " 100");
	BAD(percent, "-1", 14, "percent of class '-1' is not a non-negative"
	    " number");
	BAD(shares, "lots", 13, "aggregate amount owned 'lots' is not a"
	    " non-negative number");
	BAD(event, "2024-13-45", 7, "event date '2024-13-45' is not a date");
	BAD(event, "June 14, 2024", 7, "event date 'June 14, 2024' is not a"
	    " date");
	BAD(issuer, "<issuerName>Example Robotics Inc</issuerName>", 8,
	    "issuerInfo has no issuer CIK");
	BAD(issuer, "<issuerCIK>9990001</issuerCIK>", 8, "issuerInfo has no"
	    " issuerName");
	BAD(issuer, "<issuerCIK>12345678901</issuerCIK><issuerName>X"
	    "</issuerName>", 8, "issuer CIK '12345678901' is not a CIK");
	BAD(type, "SCHEDULE 13E", 3, "submissionType 'SCHEDULE 13E' is not a"
	    " Schedule 13D or 13G");
	BAD(header, "<previousAccessionNumber>12-34</previousAccessionNumber>",
	    3, "previousAccessionNumber '12-34' is not an accession number");
#undef BAD
	fails(r, "<ownershipDocument/>", 1, "the root element is"
	    " <ownershipDocument>, not the <edgarSubmission>");
}

/* ---- detection ----------------------------------------------------------- */

static int
detect_file(const struct cf_reader *reader, const char *rel)
{
	char path[4096];
	size_t len;
	char *buf;
	int score;

	tu_path(path, sizeof(path), "TESTDATA", rel);
	buf = tu_read_file(path, &len);
	score = reader->detect(buf, len < 4096 ? len : 4096);
	free(buf);
	return score;
}

static void
test_detect(void **state)
{
	static const char formd[] = "<?xml version=\"1.0\"?>\n"
	    "<edgarSubmission xmlns=\"http://www.sec.gov/edgar/formd\">"
	    "<headerData><submissionType>D</submissionType>";
	static const char prefixed[] = "<own:ownershipDocument "
	    "xmlns:own=\"urn:x\">";

	(void)state;
	assert_int_equal(detect_file(&cf_reader_form4, F4), 95);
	assert_int_equal(detect_file(&cf_reader_form4,
	    "edgar/ownership/form4a.xml"), 95);
	assert_int_equal(detect_file(&cf_reader_form4,
	    "edgar/ownership/sched13d.xml"), 0);
	assert_int_equal(detect_file(&cf_reader_sched13, F4), 0);
	assert_int_equal(detect_file(&cf_reader_sched13,
	    "edgar/ownership/sched13d.xml"), 95);
	assert_int_equal(detect_file(&cf_reader_sched13,
	    "edgar/ownership/sched13g.xml"), 95);
	assert_int_equal(detect_file(&cf_reader_sched13,
	    "edgar/ownership/sched13d-amend-prefixed.xml"), 95);
	assert_int_equal(cf_reader_sched13.detect(formd, strlen(formd)), 0);
	assert_int_equal(cf_reader_form4.detect(prefixed, strlen(prefixed)),
	    95);
	assert_int_equal(cf_reader_form4.detect("<owner", 6), 0);
	assert_int_equal(cf_reader_form4.detect("<?xml", 5), 0);
	assert_string_equal(cf_reader_form4.name, "edgar-form-4");
	assert_string_equal(cf_reader_sched13.name, "edgar-13d-13g");
}

/* ---- the real filings ---------------------------------------------------- */

/* Snowflake's CFO: one option exercise (M) of 200,000 shares at $8.88 =
 * $1,776,000.00 paid to the issuer; five sales (S) make no flow. */
static void
test_real_form4_snow(void **state)
{
	cf_dataset *ds;
	const struct cf_flow *f;
	size_t i;

	(void)state;
	REAL(ds, "edgartools__form4.snow.xml", &cf_reader_form4);
	assert_string_equal(ds->filing.form, "4");
	assert_string_equal(ds->filing.period, "2022-12-13");
	assert_string_equal(ds->filing.filed, "2022-12-14");
	assert_string_equal(ds->filing.filer_cik, "0001402349");
	assert_entity(ds, "local-1", "Snowflake Inc.", "other", "0001640147");
	assert_entity(ds, "local-2", "Scarpelli Michael", "other",
	    "0001402349");
	assert_int_equal(ds->nflows, 1);
	f = &ds->flows[0];
	assert_int_equal(f->amount, 177600000);
	assert_true(f->quantity == 200000.0);
	assert_string_equal(f->from, "local-2");
	assert_string_equal(f->to, "local-1");
	/* The direct holding after the last sale, eight trusts, the
	 * options. */
	assert_int_equal(ds->nholdings, 10);
	assert_true(ds->holdings[0].shares == 101097.0);
	assert_true(ds->holdings[1].shares == 577218.0);
	tu_assert_has(ds->holdings[1].note, "indirect ownership: Trust"
	    " (footnote F8)");
	assert_true(ds->holdings[9].shares == 2219299.0);
	assert_string_equal(ds->holdings[9].title_of_class, "Stock Option"
	    " (Right to Buy)");
	for (i = 0; i < ds->nholdings; i++)
		assert_string_equal(ds->holdings[i].holder, "local-2");
	cf_dataset_free(ds);
}

static void
test_real_form4_374water(void **state)
{
	cf_dataset *ds;

	(void)state;
	REAL(ds, "edgartools__374WaterForm4.xml", &cf_reader_form4);
	assert_string_equal(ds->filing.filed, "2025-05-02");
	assert_entity(ds, "local-1", "374Water Inc.", "other", "0000933972");
	assert_int_equal(ds->nflows, 0);	/* a grant at $0 */
	assert_int_equal(ds->nholdings, 2);
	assert_true(ds->holdings[0].shares == 757756.0);
	assert_string_equal(ds->holdings[0].as_of, "2025-04-30");
	assert_string_equal(ds->holdings[1].title_of_class,
	    "Stock options (right to buy)");
	cf_dataset_free(ds);
}

static void
test_real_sched13d(void **state)
{
	cf_dataset *ds;

	(void)state;
	REAL(ds, "edgartools__schedule13d.xml", &cf_reader_sched13);
	assert_string_equal(ds->filing.form, "SC 13D");
	assert_string_equal(ds->filing.period, "2024-12-31");
	assert_string_equal(ds->filing.filer_cik, "0001373604");
	assert_entity(ds, "local-1", "Aadi Bioscience, Inc.", "other",
	    "0001422142");
	assert_string_equal(et_ident(et_entity(ds, "local-1"), "cusip"),
	    "00032Q104");
	assert_entity(ds, "local-2", "BML Investment Partners, L.P.",
	    "investor", "0001373604");
	assert_entity(ds, "local-3", "Leonard Braden Michael", "other",
	    "0001373603");
	assert_int_equal(ds->nholdings, 2);
	assert_true(ds->holdings[0].shares == 2100000.0);
	assert_true(ds->holdings[0].percent == 8.5);
	assert_true(ds->holdings[1].shares == 2435000.0);
	assert_true(ds->holdings[1].percent == 9.9);
	cf_dataset_free(ds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form4_filing),
		cmocka_unit_test(test_form4_entities),
		cmocka_unit_test(test_form4_flows),
		cmocka_unit_test(test_form4_holdings),
		cmocka_unit_test(test_form4a),
		cmocka_unit_test(test_form4_inline_ok),
		cmocka_unit_test(test_form3_holdings_only),
		cmocka_unit_test(test_form4_bad_input),
		cmocka_unit_test(test_sched13d),
		cmocka_unit_test(test_sched13g),
		cmocka_unit_test(test_sched13d_prefixed_amendment),
		cmocka_unit_test(test_sched13_bad_input),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_real_form4_snow),
		cmocka_unit_test(test_real_form4_374water),
		cmocka_unit_test(test_real_sched13d),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
