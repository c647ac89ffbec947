/* The EDGAR SGML reader: detection; both header styles (.txt "KEY: value"
 * and .nc <TAG>value) read into ds->filing; each XML document dispatched
 * to its reader with the submission's own line numbers (Form D, 13F cover
 * and table, Form 4, Schedule 13D, XBRL instance with its labels read
 * after it); non-XML documents skipped; truncated, doubly wrapped and
 * otherwise broken submissions refused with the file and line; long lines
 * streamed in bounded memory; the real Form D submission in
 * ../shared/filings when it is there.
 *
 * Fixtures (tests/data/edgar/sgml, made-up companies; the tests name their
 * lines, so keep them line for line):
 *   formd.nc            .nc Form D; formd-badxml.nc has a bare '&' on
 *                       line 46, formd-double.nc a <SUBMISSION> in its XML
 *   formd-pem.txt       .txt Form D in a privacy-enhanced message, with no
 *                       ACCESSION NUMBER line
 *   13f.txt             .txt 13F-HR: cover page and information table;
 *                       13f-truncated.txt ends inside the table
 *   form4.txt           .txt Form 4 (REPORTING-OWNER and ISSUER parties)
 *   sched13d.nc         .nc Schedule 13D (SUBJECT-COMPANY, then FILED-BY)
 *   xbrl10k.txt         .txt 10-K: HTML, EX-101.INS, EX-101.SCH,
 *                       EX-101.LAB, a uuencoded GRAPHIC; -labfirst has the
 *                       label linkbase first, -nolab none
 * Smaller broken submissions are written by the tests themselves. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/resource.h>

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

#define FIXTURE(name) "edgar/sgml/" name

static char tmpdir[4096];	/* inline submissions are written here */
static char labeldir[4096];	/* $TMPDIR: where label copies go */

/* ---- helpers ------------------------------------------------------------ */

/* Read path with the SGML reader, the sha256 set as the batch would; the
 * dataset (whatever the outcome) into *out, the return code returned. */
static int
read_sgml(const char *path, cf_dataset **out)
{
	cf_dataset *ds = NULL;

	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	snprintf(ds->filing.sha256, sizeof(ds->filing.sha256), "%s",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	*out = ds;
	return cf_reader_sgml.read_file(ds);
}

/* A fixture read without error and checked; the caller frees it. */
static cf_dataset *
read_good(const char *rel)
{
	char path[4096];
	cf_dataset *ds;

	tu_path(path, sizeof(path), "TESTDATA", rel);
	if (read_sgml(path, &ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check %s: %s", path, cf_error_message());
	assert_int_equal(ds->is_filing, 1);
	return ds;
}

/* Write text to tmpdir/name; its path into buf. */
static const char *
write_tmp(char *buf, size_t size, const char *name, const char *text)
{
	assert_true((size_t)snprintf(buf, size, "%s/%s", tmpdir, name) < size);
	tu_write_file(buf, text);
	return buf;
}

/* Reading path must fail with CF_EINPUT and a message holding want. */
static void
expect_error(const char *path, const char *want)
{
	cf_dataset *ds;
	int rc = read_sgml(path, &ds);

	if (rc == CF_OK)
		fail_msg("%s read without error; expected \"%s\"", path, want);
	assert_int_equal(rc, CF_EINPUT);
	tu_assert_has(cf_error_message(), want);
	cf_dataset_free(ds);
}

static void
expect_fixture_error(const char *rel, const char *want)
{
	char path[4096];

	expect_error(tu_path(path, sizeof(path), "TESTDATA", rel), want);
}

static void
expect_text_error(const char *name, const char *text, const char *want)
{
	char path[4096];

	expect_error(write_tmp(path, sizeof(path), name, text), want);
}

static void
assert_str(const char *got, const char *want)
{
	if (got == NULL)
		fail_msg("expected \"%s\", got NULL", want);
	assert_string_equal(got, want);
}

/* Files in labeldir (label copies left behind). */
static int
labeldir_files(void)
{
	DIR *d = opendir(labeldir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A .txt submission of one 10-K in HTML: header lines, then docs. */
#define TXT_HEAD(acc, type)						\
	"<SEC-DOCUMENT>" acc ".txt : 20240228\n"			\
	"<SEC-HEADER>" acc ".hdr.sgml : 20240228\n"			\
	"ACCESSION NUMBER:\t\t" acc "\n"				\
	"CONFORMED SUBMISSION TYPE:\t" type "\n"			\
	"FILED AS OF DATE:\t\t20240228\n"				\
	"\n"								\
	"FILER:\n"							\
	"\n"								\
	"\tCOMPANY DATA:\t\n"						\
	"\t\tCOMPANY CONFORMED NAME:\t\t\tExample Robotics Corp\n"	\
	"\t\tCENTRAL INDEX KEY:\t\t\t0009990005\n"			\
	"</SEC-HEADER>\n"
/* 12 lines */

#define HTML_DOC(type)							\
	"<DOCUMENT>\n"							\
	"<TYPE>" type "\n"						\
	"<SEQUENCE>1\n"							\
	"<FILENAME>exr-20231231.htm\n"					\
	"<TEXT>\n"							\
	"<html><body><p>Annual report.</p></body></html>\n"		\
	"</TEXT>\n"							\
	"</DOCUMENT>\n"
/* 8 lines */

/* ---- detection ---------------------------------------------------------- */

static int
score(const char *head)
{
	return cf_reader_sgml.detect(head, strlen(head));
}

static void
test_detect(void **state)
{
	static const char pem[] =
	    "-----BEGIN PRIVACY-ENHANCED MESSAGE-----\n"
	    "Proc-Type: 2001,MIC-CLEAR\n\n"
	    "<SEC-DOCUMENT>0009990001-24-000001.txt : 20240116\n";
	const char *head = "<SUBMISSION>\n<ACCESSION-NUMBER>0009990001-24-"
	    "000001\n";
	const struct cf_reader *r;

	(void)state;
	assert_string_equal(cf_reader_sgml.name, "edgar-sgml");
	assert_string_equal(cf_reader_sgml.family, "edgar");
	assert_int_equal(cf_reader_sgml.phase, 4);
	assert_null(cf_reader_sgml.read);
	assert_non_null(cf_reader_sgml.read_file);
	assert_int_equal(score(head), 100);
	assert_int_equal(score("<SEC-DOCUMENT>0009990001-24-000001.txt : "
	    "20240116\n"), 100);
	assert_int_equal(score("<SEC-HEADER>0009990001-24-000001.hdr.sgml"
	    "\n"), 100);
	assert_int_equal(score("<IMS-DOCUMENT>0000918983-94-000005.txt\n"),
	    100);
	assert_int_equal(score(pem), 100);
	/* A privacy-enhanced message of something else. */
	assert_int_equal(score("-----BEGIN PRIVACY-ENHANCED MESSAGE-----\n"
	    "Proc-Type: 2001,MIC-CLEAR\n"), 0);
	assert_int_equal(score("<?xml version=\"1.0\"?>\n<edgarSubmission>"),
	    0);
	assert_int_equal(score("<edgarSubmission>\n"), 0);
	assert_int_equal(score("<SUBMISS"), 0);
	assert_int_equal(score("SUBMISSION\n"), 0);
	assert_int_equal(score("<submission>\n"), 0);
	assert_int_equal(cf_reader_sgml.detect(head, 5), 0);
	r = cf_reader_detect("x.nc", head, strlen(head), NULL);
	assert_ptr_equal(r, &cf_reader_sgml);
	r = cf_reader_detect("x.txt", pem, strlen(pem), "edgar");
	assert_ptr_equal(r, &cf_reader_sgml);
}

/* ---- the two header styles, and dispatch -------------------------------- */

/* .nc style: the Form D document goes to the Form D reader, with lines of
 * the submission (the root element is on line 40, totalAmountSold on 143). */
static void
test_nc_form_d(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("formd.nc"));
	const struct cf_filing *f = &ds->filing;
	const struct cf_entity *e;

	(void)state;
	assert_str(f->accession, "0009990001-24-000001");
	assert_str(f->form, "D");
	assert_str(f->filed, "2024-01-15");
	assert_null(f->period);
	assert_str(f->filer_cik, "0009990001");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, "sec-0009990001-24-000001");
	assert_int_equal(ds->sources[0].line, 40);
	assert_str(ds->sources[0].date, "2024-01-15");
	e = et_entity(ds, "local-1");
	assert_string_equal(e->name, "Example Robotics Fund I, L.P.");
	assert_str(et_ident(e, "cik"), "0009990001");
	assert_int_equal(ds->nflows, 1);
	assert_string_equal(ds->flows[0].to, "local-1");
	assert_true(ds->flows[0].has_amount);
	assert_int_equal(ds->flows[0].amount, 1250000000);	/* $12.5M */
	assert_int_equal(ds->flows[0].line, 143);
	cf_dataset_free(ds);
}

/* .txt style with a privacy-enhanced message around it, no ACCESSION
 * NUMBER line (the <SEC-DOCUMENT> line names it), a short CIK, and a
 * dissemination date (20240116) that is not the filing date. */
static void
test_pem_txt_form_d(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("formd-pem.txt"));
	const struct cf_filing *f = &ds->filing;

	(void)state;
	assert_str(f->accession, "0009990001-24-000001");
	assert_str(f->form, "D");
	assert_str(f->filed, "2024-01-15");
	assert_str(f->filer_cik, "0009990001");
	assert_int_equal(ds->nsources, 1);
	assert_string_equal(ds->sources[0].id, "sec-0009990001-24-000001");
	assert_int_equal(ds->sources[0].line, 41);
	assert_int_equal(ds->nflows, 1);
	assert_int_equal(ds->flows[0].amount, 1250000000);
	assert_int_equal(ds->flows[0].line, 144);
	cf_dataset_free(ds);
}

/* .txt style 13F: the cover (document 1) and the information table
 * (document 2) both read, then finished into one flow per row; the rows
 * keep their lines in the submission (104 and 120). */
static void
test_txt_13f(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("13f.txt"));
	const struct cf_filing *f = &ds->filing;
	const struct cf_entity *e;

	(void)state;
	assert_str(f->accession, "0009990002-24-000003");
	assert_str(f->form, "13F-HR");
	assert_str(f->filed, "2024-02-14");
	assert_str(f->period, "2023-12-31");
	assert_str(f->filer_cik, "0009990002");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->sources[0].line, 45);
	assert_int_equal(ds->nflows, 2);
	e = et_entity(ds, ds->flows[0].from);
	assert_string_equal(e->name, "Example Capital Management LLC");
	e = et_entity(ds, ds->flows[0].to);
	assert_string_equal(e->name, "EXAMPLE CHIPS INC");
	assert_str(et_ident(e, "cusip"), "30303M102");
	assert_int_equal(ds->flows[0].amount, 1500000000);	/* $15M */
	assert_int_equal(ds->flows[0].line, 104);
	e = et_entity(ds, ds->flows[1].to);
	assert_string_equal(e->name, "EXAMPLE CLOUD CORP");
	assert_int_equal(ds->flows[1].amount, 450000000);	/* $4.5M */
	assert_int_equal(ds->flows[1].line, 120);
	cf_dataset_free(ds);
}

/* .txt style Form 4: REPORTING-OWNER and ISSUER sections, no FILER. */
static void
test_txt_form4(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("form4.txt"));
	const struct cf_filing *f = &ds->filing;
	const struct cf_entity *e;

	(void)state;
	assert_str(f->accession, "0009990004-24-000007");
	assert_str(f->form, "4");
	assert_str(f->filed, "2024-03-05");
	assert_str(f->period, "2024-03-01");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->sources[0].line, 39);
	assert_int_equal(ds->nholdings, 1);
	e = et_entity(ds, ds->holdings[0].holder);
	assert_string_equal(e->name, "Insider Example Q");
	e = et_entity(ds, ds->holdings[0].issuer);
	assert_string_equal(e->name, "Example Chips Inc");
	assert_true(ds->holdings[0].has_shares);
	assert_true(ds->holdings[0].shares == 45000.0);
	assert_int_equal(ds->holdings[0].line, 59);
	cf_dataset_free(ds);
}

/* .nc style Schedule 13D: SUBJECT-COMPANY first, FILED-BY second. */
static void
test_nc_schedule_13d(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("sched13d.nc"));
	const struct cf_filing *f = &ds->filing;
	const struct cf_entity *e;

	(void)state;
	assert_str(f->accession, "0009990006-24-000002");
	assert_str(f->form, "SCHEDULE 13D");
	assert_str(f->filed, "2024-04-10");
	assert_str(f->filer_cik, "0009990006");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->sources[0].line, 35);
	assert_int_equal(ds->nholdings, 1);
	e = et_entity(ds, ds->holdings[0].holder);
	assert_string_equal(e->name, "Example Activist Partners, L.P.");
	assert_true(ds->holdings[0].shares == 1200000.0);
	assert_int_equal(ds->holdings[0].line, 60);
	cf_dataset_free(ds);
}

/* Check the two XBRL facts of the xbrl10k fixtures: the RPO and the
 * stake in Example Chips Inc, named by the label linkbase ("Example Chips
 * Incorporated [Member]") if labelled, else from its member name; the
 * facts' lines are rpo_line and rpo_line + 1. */
static void
check_xbrl(const cf_dataset *ds, int labelled, long rpo_line)
{
	const char *cp_name;

	const struct cf_filing *f = &ds->filing;
	const struct cf_disclosure *d;

	assert_str(f->accession, "0009990005-24-000010");
	assert_str(f->form, "10-K");
	assert_str(f->filed, "2024-02-28");
	assert_str(f->period, "2023-12-31");
	assert_str(f->filer_cik, "0009990005");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->ndisclosures, 2);
	d = &ds->disclosures[0];
	assert_string_equal(d->kind, "rpo");
	assert_string_equal(et_entity(ds, d->entity)->name,
	    "Example Robotics Corp");
	assert_int_equal(d->amount, 125000000000);	/* $1.25 billion */
	assert_str(d->as_of, "2023-12-31");
	assert_int_equal(d->line, rpo_line);
	d = &ds->disclosures[1];
	assert_string_equal(d->kind, "stake-value");
	assert_non_null(d->counterparty);
	cp_name = et_entity(ds, d->counterparty)->name;
	tu_assert_has(cp_name, "Example Chips Inc");
	if ((strstr(cp_name, "Incorporated") != NULL) != labelled)
		fail_msg("counterparty \"%s\" %s the label linkbase", cp_name,
		    labelled ? "is not named by" : "is named by");
	assert_int_equal(d->amount, 30000000000);	/* $300 million */
	assert_int_equal(d->line, rpo_line + 1);
}

/* An XBRL 10-K: the HTML document and the schema are skipped, the label
 * linkbase (document 4) is copied aside and the instance (document 2) is
 * read after it with the label's name for the member; the copy is gone
 * afterwards. */
static void
test_xbrl_10k(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("xbrl10k.txt"));

	(void)state;
	check_xbrl(ds, 1, 90);
	assert_int_equal(labeldir_files(), 0);
	cf_dataset_free(ds);
}

/* The label linkbase before the instance reads the same; without one,
 * the member is named from its own name. */
static void
test_xbrl_label_order(void **state)
{
	cf_dataset *ds = read_good(FIXTURE("xbrl10k-labfirst.txt"));

	(void)state;
	check_xbrl(ds, 1, 111);
	cf_dataset_free(ds);
	ds = read_good(FIXTURE("xbrl10k-nolab.txt"));
	check_xbrl(ds, 0, 90);
	cf_dataset_free(ds);
	assert_int_equal(labeldir_files(), 0);
}

/* text with the first from replaced by to, malloc'd. */
static char *
replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out;

	assert_non_null(at);
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to,
	    at + strlen(from));
	return out;
}

/* An inline XBRL filing: the primary document is inline XBRL (skipped)
 * and the instance EDGAR extracted from it comes as TYPE XML, *_htm.xml. */
static void
test_inline_xbrl(void **state)
{
	char src[4096], path[4096];
	char *text, *a, *b, *c, *d;
	cf_dataset *ds;

	(void)state;
	tu_path(src, sizeof(src), "TESTDATA", FIXTURE("xbrl10k-nolab.txt"));
	text = tu_read_file(src, NULL);
	a = replace(text, "<TEXT>\n<html>", "<TEXT>\n<XBRL>\n<html>");
	b = replace(a, "</html>\n</TEXT>", "</html>\n</XBRL>\n</TEXT>");
	c = replace(b, "<TYPE>EX-101.INS", "<TYPE>XML");
	d = replace(c, "exr-20231231.xml", "exr-20231231_htm.xml");
	write_tmp(path, sizeof(path), "ixbrl.txt", d);
	free(text);
	free(a);
	free(b);
	free(c);
	free(d);
	if (read_sgml(path, &ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	/* Two lines more before the instance. */
	check_xbrl(ds, 0, 92);
	cf_dataset_free(ds);
	/* The same document as TYPE XML under another name is skipped. */
	text = tu_read_file(path, NULL);
	a = replace(text, "exr-20231231_htm.xml", "FilingSummary.xml");
	write_tmp(path, sizeof(path), "ixbrl2.txt", a);
	free(text);
	free(a);
	expect_error(path, "ixbrl2.txt:5: SGML submission of type 10-K has no"
	    " XML document circfin reads (4 documents)");
}

/* Errors in the label linkbase name the submission and its line; the
 * copy is removed whatever happens. */
static void
test_xbrl_label_errors(void **state)
{
	char src[4096], path[4096];
	char *text, *bad;

	(void)state;
	tu_path(src, sizeof(src), "TESTDATA", FIXTURE("xbrl10k.txt"));
	text = tu_read_file(src, NULL);
	bad = replace(text, "Incorporated [Member]", "Inc & Co [Member]");
	write_tmp(path, sizeof(path), "badlab.txt", bad);
	free(bad);
	expect_error(path, "/badlab.txt:124: malformed XML");
	assert_int_equal(labeldir_files(), 0);
	/* The file ends after the labels were copied. */
	bad = replace(text, "<TYPE>GRAPHIC", "<TYPE>GRAPHIC\n<TEXT>\n<XML>\n");
	*strstr(bad, "<XML>\n") = '\0';
	write_tmp(path, sizeof(path), "lab-trunc.txt", bad);
	free(bad);
	free(text);
	expect_error(path, "lab-trunc.txt:133: truncated SGML: document 5"
	    " (GRAPHIC), from line 131, has no </DOCUMENT>");
	assert_int_equal(labeldir_files(), 0);
}

/* Two instances in one submission. */
static void
test_xbrl_two_instances(void **state)
{
	(void)state;
	expect_text_error("two-ins.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n<TYPE>EX-101.INS\n<TEXT>\n<XBRL>\n<xbrl/>\n"
	    "</XBRL>\n</TEXT>\n</DOCUMENT>\n"
	    "<DOCUMENT>\n<TYPE>EX-101.INS\n<TEXT>\n<XBRL>\n<xbrl/>\n"
	    "</XBRL>\n</TEXT>\n</DOCUMENT>\n"
	    "</SEC-DOCUMENT>\n",
	    "two-ins.txt:24: document 2 (EX-101.INS) is a second XBRL instance"
	    " (document 1, line 16, is the first)");
}

/* Header parties: the filer's CIK is the FILER's or FILED BY's, not the
 * subject company's or the issuer's, in both header styles. */
static void
test_header_parties(void **state)
{
	static const char txt[] =
	    "<SEC-DOCUMENT>0009990006-24-000002.txt : 20240410\n"
	    "<SEC-HEADER>0009990006-24-000002.hdr.sgml : 20240410\n"
	    "ACCESSION NUMBER:\t\t0009990006-24-000002\n"
	    "CONFORMED SUBMISSION TYPE:\tSC 13D\n"
	    "FILED AS OF DATE:\t\t20240410\n"
	    "\n"
	    "SUBJECT COMPANY:\t\n"
	    "\n"
	    "\tCOMPANY DATA:\t\n"
	    "\t\tCOMPANY CONFORMED NAME:\t\t\tExample Chips Inc\n"
	    "\t\tCENTRAL INDEX KEY:\t\t\t0009990003\n"
	    "\n"
	    "FILED BY:\t\n"
	    "\n"
	    "\tCOMPANY DATA:\t\n"
	    "\t\tCOMPANY CONFORMED NAME:\t\t\tExample Activist Partners\n"
	    "\t\tCENTRAL INDEX KEY:\t\t\t9990006\n"
	    "</SEC-HEADER>\n"
	    HTML_DOC("SC 13D")
	    "</SEC-DOCUMENT>\n";
	static const char nc[] =
	    "<SUBMISSION>\n"
	    "<ACCESSION-NUMBER>000999000424000007\n"
	    "<TYPE>4\n"
	    "<PERIOD>20240301\n"
	    "<FILING-DATE>20240305\n"
	    "<REPORTING-OWNER>\n"
	    "<OWNER-DATA>\n"
	    "<CONFORMED-NAME>Insider Example Q\n"
	    "<CIK>0009990004\n"
	    "</OWNER-DATA>\n"
	    "</REPORTING-OWNER>\n"
	    "<ISSUER>\n"
	    "<COMPANY-DATA>\n"
	    "<CONFORMED-NAME>Example Chips Inc\n"
	    "<CIK>0009990003\n"
	    "</COMPANY-DATA>\n"
	    "</ISSUER>\n"
	    HTML_DOC("4")
	    "</SUBMISSION>\n";
	char path[4096];
	cf_dataset *ds;

	(void)state;
	/* No XML document: the header is read all the same. */
	assert_int_equal(read_sgml(write_tmp(path, sizeof(path), "sc13d.txt",
	    txt), &ds), CF_EINPUT);
	tu_assert_has(cf_error_message(), "sc13d.txt:4: SGML submission of"
	    " type SC 13D has no XML document circfin reads (1 document)");
	assert_str(ds->filing.accession, "0009990006-24-000002");
	assert_str(ds->filing.form, "SC 13D");
	assert_str(ds->filing.filed, "2024-04-10");
	assert_null(ds->filing.period);
	assert_str(ds->filing.filer_cik, "0009990006");
	cf_dataset_free(ds);

	assert_int_equal(read_sgml(write_tmp(path, sizeof(path), "f4.nc", nc),
	    &ds), CF_EINPUT);
	tu_assert_has(cf_error_message(), "f4.nc:3: SGML submission of type"
	    " 4 has no XML document circfin reads");
	assert_str(ds->filing.accession, "0009990004-24-000007");
	assert_str(ds->filing.form, "4");
	assert_str(ds->filing.filed, "2024-03-05");
	assert_str(ds->filing.period, "2024-03-01");
	assert_null(ds->filing.filer_cik);
	cf_dataset_free(ds);
}

/* CRLF line ends read like LF ones. */
static void
test_crlf(void **state)
{
	char src[4096], path[4096];
	char *text, *crlf;
	size_t len, i, k = 0;
	cf_dataset *ds;

	(void)state;
	tu_path(src, sizeof(src), "TESTDATA", FIXTURE("formd.nc"));
	text = tu_read_file(src, &len);
	crlf = malloc(2 * len + 1);
	assert_non_null(crlf);
	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			crlf[k++] = '\r';
		crlf[k++] = text[i];
	}
	crlf[k] = '\0';
	write_tmp(path, sizeof(path), "crlf.nc", crlf);
	free(text);
	free(crlf);
	if (read_sgml(path, &ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	assert_str(ds->filing.accession, "0009990001-24-000001");
	assert_str(ds->filing.filed, "2024-01-15");
	assert_str(ds->filing.filer_cik, "0009990001");
	assert_int_equal(ds->sources[0].line, 40);
	assert_int_equal(ds->nflows, 1);
	assert_int_equal(ds->flows[0].amount, 1250000000);
	cf_dataset_free(ds);
}

/* ---- errors inside documents -------------------------------------------- */

/* A malformed element inside the wrapper is reported at its file line. */
static void
test_xml_error_line(void **state)
{
	(void)state;
	expect_fixture_error(FIXTURE("formd-badxml.nc"),
	    "formd-badxml.nc:46: malformed XML");
}

/* The information table ends with the file, inside its XML. */
static void
test_truncated(void **state)
{
	(void)state;
	expect_fixture_error(FIXTURE("13f-truncated.txt"),
	    "13f-truncated.txt:120: truncated SGML: document 2 (INFORMATION"
	    " TABLE) has no </XML> (the section opened on line 101)");
	/* A document circfin skips is still read to its end. */
	expect_text_error("trunc-sch.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>EX-101.SCH\n"
	    "<TEXT>\n"
	    "<XBRL>\n"
	    "<?xml version=\"1.0\"?>\n"
	    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n",
	    "trunc-sch.txt:18: truncated SGML: document 1 (EX-101.SCH) has no"
	    " </XBRL> (the section opened on line 16)");
	/* The section runs into the end of its document. */
	expect_text_error("runs.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>EX-101.SCH\n"
	    "<TEXT>\n"
	    "<XBRL>\n"
	    "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>\n"
	    "</TEXT>\n"
	    "</DOCUMENT>\n"
	    "</SEC-DOCUMENT>\n",
	    "runs.txt:18: document 1 (EX-101.SCH) has no </XBRL>: the section"
	    " opened on line 16 runs into </TEXT>");
	/* The file ends inside a document that is not XML. */
	expect_text_error("trunc-html.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>10-K\n"
	    "<TEXT>\n"
	    "<html><body>\n",
	    "trunc-html.txt:16: truncated SGML: document 1 (10-K), from line"
	    " 13, has no </DOCUMENT>");
	/* ... or before the closing tag of the submission. */
	expect_text_error("no-end.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K") HTML_DOC("10-K"),
	    "no-end.txt:20: truncated SGML: no </SEC-DOCUMENT> at the end");
	expect_text_error("no-end-hdr.txt",
	    "<SEC-DOCUMENT>0009990005-24-000010.txt : 20240228\n"
	    "<SEC-HEADER>0009990005-24-000010.hdr.sgml : 20240228\n"
	    "ACCESSION NUMBER:\t\t0009990005-24-000010\n",
	    "no-end-hdr.txt:3: truncated SGML: the SEC header on line 2 has"
	    " no </SEC-HEADER>");
}

/* A submission wrapped in another. */
static void
test_doubly_wrapped(void **state)
{
	(void)state;
	/* At the top of the XML section, before any reader sees it. */
	expect_fixture_error(FIXTURE("formd-double.nc"),
	    "formd-double.nc:39: doubly wrapped SGML: the XML of document 1"
	    " (D), from line 38, holds another <SUBMISSION>");
	/* Further down a section (blank lines first), in a skipped one. */
	expect_text_error("double2.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>EX-101.SCH\n"
	    "<TEXT>\n"
	    "<XBRL>\n"
	    "\n"
	    "<x>\n"
	    "<SEC-DOCUMENT>0009990005-24-000010.txt : 20240228\n",
	    "double2.txt:19: doubly wrapped SGML: the XML of document 1"
	    " (EX-101.SCH), from line 16, holds another <SEC-DOCUMENT>");
	/* In a document that is not XML. */
	expect_text_error("double3.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>10-K\n"
	    "<TEXT>\n"
	    "<SEC-HEADER>0009990005-24-000010.hdr.sgml : 20240228\n",
	    "double3.txt:16: doubly wrapped SGML: document 1 (10-K), from"
	    " line 13, holds another <SEC-HEADER>");
}

/* A <DOCUMENT> without its </DOCUMENT>. */
static void
test_document_not_closed(void **state)
{
	(void)state;
	expect_text_error("open-doc.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>10-K\n"
	    "<TEXT>\n"
	    "<html><body><p>Annual report.</p></body></html>\n"
	    "</TEXT>\n"
	    HTML_DOC("EX-99.1")
	    "</SEC-DOCUMENT>\n",
	    "open-doc.txt:18: document 1 (10-K), from line 13, has no"
	    " </DOCUMENT> before <DOCUMENT>");
	expect_text_error("open-doc2.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n"
	    "<TYPE>10-K\n"
	    "<TEXT>\n"
	    "</TEXT>\n"
	    "</SEC-DOCUMENT>\n",
	    "open-doc2.txt:17: document 1 (10-K), from line 13, has no"
	    " </DOCUMENT> before </SEC-DOCUMENT>");
}

/* Only the first line of a document's text can open an XML section: an
 * HTML body's own <XML> island is HTML, even in a Form D document. */
static void
test_xml_only_at_text_start(void **state)
{
	(void)state;
	expect_text_error("island.nc",
	    "<SUBMISSION>\n"
	    "<ACCESSION-NUMBER>0009990001-24-000001\n"
	    "<TYPE>D\n"
	    "<FILING-DATE>20240115\n"
	    "<DOCUMENT>\n"
	    "<TYPE>D\n"
	    "<TEXT>\n"
	    "<html>\n"
	    "<XML>\n"
	    "<o:DocumentProperties></o:DocumentProperties>\n"
	    "</html>\n"
	    "</TEXT>\n"
	    "</DOCUMENT>\n"
	    "</SUBMISSION>\n",
	    "island.nc:3: SGML submission of type D has no XML document"
	    " circfin reads (1 document)");
}

/* ---- errors in the header and around it --------------------------------- */

static void
test_header_errors(void **state)
{
	(void)state;
	expect_text_error("garbage.txt",
	    "\n\nThis is not a submission\n<SEC-DOCUMENT>x.txt\n",
	    "garbage.txt:3: not an EDGAR SGML submission: it should start"
	    " with <SUBMISSION> or <SEC-DOCUMENT>, not 'This is not a");
	expect_text_error("empty.txt", "\n\n",
	    "empty.txt:2: not an EDGAR SGML submission: no <SUBMISSION>");
	expect_text_error("second.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K")
	    "<SEC-HEADER>0009990005-24-000011.hdr.sgml : 20240228\n"
	    "ACCESSION NUMBER:\t\t0009990005-24-000011\n"
	    "</SEC-HEADER>\n"
	    HTML_DOC("10-K")
	    "</SEC-DOCUMENT>\n",
	    "second.txt:13: a second SEC header (the header began on line"
	    " 2)");
	expect_text_error("second.nc",
	    "<SUBMISSION>\n"
	    "<ACCESSION-NUMBER>0009990001-24-000001\n"
	    "<TYPE>D\n"
	    "</SUBMISSION>\n"
	    "<SUBMISSION>\n",
	    "second.nc:5: a second submission starts here (<SUBMISSION>)");
	expect_text_error("after.nc",
	    "<SUBMISSION>\n"
	    "<ACCESSION-NUMBER>0009990001-24-000001\n"
	    "<TYPE>D\n"
	    "</SUBMISSION>\n"
	    "trailing words\n",
	    "after.nc:5: text after </SUBMISSION>: 'trailing words'");
	expect_text_error("bad-date.txt",
	    "<SEC-DOCUMENT>0009990005-24-000010.txt : 20240228\n"
	    "<SEC-HEADER>0009990005-24-000010.hdr.sgml : 20240228\n"
	    "ACCESSION NUMBER:\t\t0009990005-24-000010\n"
	    "FILED AS OF DATE:\t\t20241301\n",
	    "bad-date.txt:4: filing date '20241301' is not a date");
	expect_text_error("bad-period.nc",
	    "<SUBMISSION>\n<PERIOD>2023-1231\n",
	    "bad-period.nc:2: period of report '2023-1231' is not a date");
	expect_text_error("bad-acc.nc",
	    "<SUBMISSION>\n<TYPE>D\n<ACCESSION-NUMBER>0009990001-24-1\n",
	    "bad-acc.nc:3: accession number '0009990001-24-1' is not"
	    " 0000000000-00-000000");
	expect_text_error("bad-cik.nc",
	    "<SUBMISSION>\n<FILER>\n<COMPANY-DATA>\n<CIK>99900O1\n",
	    "bad-cik.nc:4: the filer's CIK '99900O1' is not 1 to 10 digits");
	expect_text_error("hdr-doc.txt",
	    "<SEC-DOCUMENT>0009990005-24-000010.txt : 20240228\n"
	    "<SEC-HEADER>0009990005-24-000010.hdr.sgml : 20240228\n"
	    HTML_DOC("10-K"),
	    "hdr-doc.txt:3: the SEC header on line 2 has no </SEC-HEADER>"
	    " before the first document");
	expect_text_error("no-xml.txt",
	    TXT_HEAD("0009990005-24-000010", "10-K") HTML_DOC("10-K")
	    HTML_DOC("EX-21") "</SEC-DOCUMENT>\n",
	    "no-xml.txt:4: SGML submission of type 10-K has no XML document"
	    " circfin reads (2 documents)");
}

/* ---- bounded memory ----------------------------------------------------- */

static long
maxrss_kib(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/*
 * Lines far longer than the buffer: a 3 MiB line of HTML, then a Form D
 * whose XML holds a 1 MiB line (a comment) before a malformed element:
 * the element's line is still right.
 */
static void
test_long_lines(void **state)
{
	static const char head[] = TXT_HEAD("0009990001-24-000001", "D")
	    "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\n<html>\n";
	static const char mid[] = "\n</html>\n</TEXT>\n</DOCUMENT>\n"
	    "<DOCUMENT>\n<TYPE>D\n<TEXT>\n<XML>\n<?xml version=\"1.0\"?>\n"
	    "<edgarSubmission>\n<!-- ";
	static const char tail[] = " -->\n<submissionType>D</submissionType>\n"
	    "<testOrLive>A & B</testOrLive>\n</edgarSubmission>\n</XML>\n"
	    "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
	char path[4096], want[64];
	FILE *fp;
	size_t i;

	(void)state;
	write_tmp(path, sizeof(path), "long.txt", "");
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(head, fp);
	for (i = 0; i < 3 * 1024 * 1024; i++)
		putc(i % 64 == 63 ? ' ' : 'a', fp);
	fputs(mid, fp);
	for (i = 0; i < 1024 * 1024; i++)
		putc('x', fp);
	fputs(tail, fp);
	assert_int_equal(fclose(fp), 0);
	/* head: 12 + 4 lines, the HTML line 17, <XML> on 24, the comment
	 * on 27, the bad element on 29. */
	snprintf(want, sizeof(want), "long.txt:29: malformed XML");
	expect_error(path, want);
	unlink(path);
}

/* A 64 MiB line with no newline (a sparse file) is streamed through the
 * fixed buffer: memory does not grow with it. */
static void
test_huge_line_bounded_memory(void **state)
{
	static const char head[] = TXT_HEAD("0009990005-24-000010", "10-K")
	    "<DOCUMENT>\n<TYPE>GRAPHIC\n<TEXT>\nbegin 644 big.pdf\nM";
	static const char tail[] = "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
	const long huge = 64L * 1024 * 1024;
	char path[4096];
	long before;
	FILE *fp;

	(void)state;
	write_tmp(path, sizeof(path), "huge.txt", "");
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(head, fp);
	assert_int_equal(fseek(fp, huge, SEEK_CUR), 0);
	fputs(tail, fp);
	assert_int_equal(fclose(fp), 0);
	before = maxrss_kib();
	expect_error(path, "huge.txt:4: SGML submission of type 10-K has no"
	    " XML document circfin reads (1 document)");
	if (maxrss_kib() - before > 16 * 1024)
		fail_msg("reading a %ld MiB line grew the peak RSS by %ld KiB",
		    huge >> 20, maxrss_kib() - before);
	unlink(path);
}

/* ---- the real submission ------------------------------------------------ */

static void
test_real_vepf(void **state)
{
	char path[4096];
	cf_dataset *ds;
	const struct cf_entity *e;

	(void)state;
	tu_path(path, sizeof(path), "TOP_SRCDIR", "../shared/filings/"
	    "edgartools__FormD_VEPF_0002002260-24-000001.nc.txt");
	if (access(path, R_OK) != 0) {
		print_message("skipped: %s is not there\n", path);
		return;	/* cmocka's TAP skip reads as a failure */
	}
	if (read_sgml(path, &ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	assert_str(ds->filing.accession, "0002002260-24-000001");
	assert_str(ds->filing.form, "D");
	assert_str(ds->filing.filed, "2024-01-11");
	assert_str(ds->filing.filer_cik, "0002002260");
	assert_int_equal(ds->nsources, 1);
	assert_int_equal(ds->sources[0].line, 47);
	e = et_entity(ds, "local-1");
	assert_string_equal(e->name, "VEPF VIII Co-Invest 4-A, L.P.");
	assert_str(et_ident(e, "cik"), "0002002260");
	cf_dataset_free(ds);
}

/* ---- setup -------------------------------------------------------------- */

static int
setup(void **state)
{
	(void)state;
	tu_tmpdir(tmpdir, sizeof(tmpdir));
	if ((size_t)snprintf(labeldir, sizeof(labeldir), "%s/tmp", tmpdir) >=
	    sizeof(labeldir) || mkdir(labeldir, 0700) != 0)
		return -1;
	return setenv("TMPDIR", labeldir, 1);
}

static int
teardown(void **state)
{
	(void)state;
	tu_rmtree(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_nc_form_d),
		cmocka_unit_test(test_pem_txt_form_d),
		cmocka_unit_test(test_txt_13f),
		cmocka_unit_test(test_txt_form4),
		cmocka_unit_test(test_nc_schedule_13d),
		cmocka_unit_test(test_xbrl_10k),
		cmocka_unit_test(test_xbrl_label_order),
		cmocka_unit_test(test_inline_xbrl),
		cmocka_unit_test(test_xbrl_label_errors),
		cmocka_unit_test(test_xbrl_two_instances),
		cmocka_unit_test(test_header_parties),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_xml_error_line),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_doubly_wrapped),
		cmocka_unit_test(test_document_not_closed),
		cmocka_unit_test(test_xml_only_at_text_start),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_huge_line_bounded_memory),
		cmocka_unit_test(test_real_vepf),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
