/*
 * form13f.c - SEC Form 13F: the cover page (primary_doc.xml) and the
 * information table, read as one filing.
 *
 * A 13F comes as two XML documents.  The cover page names the manager,
 * the period and the totals; the information table lists the holdings.
 * In an SGML submission they arrive as two documents in either order and
 * the SGML reader calls cf_edgar_finish_13f after both; on disk, the cover
 * page's reader finds the table in its own folder (by content, whatever
 * its name) and the table's reader leaves the file to its cover page.
 * Both documents fill one struct f13 in ds->state, and the finish checks
 * the rows against the cover totals, decides the unit of the values and
 * builds the records: the manager ("investor"), one issuer per CUSIP
 * ("other") and one equity flow per holding.
 *
 * The cover page is walked leaf by leaf and the table streamed one
 * infoTable row at a time without a tree (cf_xs_records): memory grows
 * with the rows kept (a few pointers and numbers each), never with a
 * document tree.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "strjoin.h"

/*
 * The unit of <value>.  SEC Release No. 34-95148 (June 23, 2022; 87 FR
 * 38943, "Electronic Submission of Applications ...; Amendments to Form
 * 13F") has Column 4 values rounded to the nearest dollar instead of the
 * nearest thousand dollars in every Form 13F report filed on or after
 * January 3, 2023, amendments of earlier quarters included.  So the rule
 * goes by the filing date (the SGML header's, else the cover's signature
 * date), and without one by the period: 2022-12-31 is the first quarter
 * reported after the change.  Filers got it wrong around the change, so
 * the rule is checked against the median implied price per share (value
 * over shares of the SH rows): a median below MIN_PRICE in dollars, or
 * above MAX_PRICE in thousands, is implausible (the two units differ a
 * thousandfold, and typical medians are $20-$200), and when the rule's
 * unit gives an implausible price and the other a plausible one, the
 * other wins and the note says so.
 */
#define DOLLARS_FILED	"2023-01-03"
#define DOLLARS_PERIOD	"2022-12-31"
#define MIN_PRICE	1.0
#define MAX_PRICE	10000.0

#define MAX_DEPTH	12

/* What the cover page says, by path below the root (local names). */
enum {
	C_FORM, C_CIK, C_PERIOD, C_QUARTER, C_AMENDED, C_AMEND_TYPE,
	C_AMEND_TYPE2, C_MANAGER, C_SIGNED, C_ENTRIES, C_VALUE, C_NFIELDS
};

static const char *const cover_paths[C_NFIELDS] = {
	"headerData/submissionType",
	"headerData/filerInfo/filer/credentials/cik",
	"headerData/filerInfo/periodOfReport",
	"formData/coverPage/reportCalendarOrQuarter",
	"formData/coverPage/isAmendment",
	"formData/coverPage/amendmentInfo/amendmentType",
	"formData/coverPage/amendmentType",
	"formData/coverPage/filingManager/name",
	"formData/signatureBlock/signatureDate",
	"formData/summaryPage/tableEntryTotal",
	"formData/summaryPage/tableValueTotal",
};

/* One holding of the table, kept until the cover page is known. */
struct f13_row {
	const char *name, *cls;	/* in the dataset's arena */
	const char *cusip;	/* NULL for 000000000 */
	const char *entity;	/* the issuer's local id, once made */
	int64_t value;		/* as reported: dollars or thousands */
	double amount;		/* shares, or the principal amount (PRN) */
	long line;		/* of the <infoTable> in the table's file */
	unsigned char prn;	/* sshPrnamtType PRN */
	unsigned char option;	/* 0, or 'P' (put) or 'C' (call) */
	unsigned char padded;	/* CUSIP's leading zeros restored */
};

/* The filing between its documents (ds->state). */
struct f13 {
	int have_cover, have_table;
	int standalone;		/* the cover read from a plain file */
	const char *cover_path, *table_path;
	long cover_line, table_line;	/* of the root elements */
	const char *field[C_NFIELDS];
	long line[C_NFIELDS];
	struct f13_row *rows;
	size_t nrows, crows;
};

static void
f13_free(void *p)
{
	struct f13 *st = p;

	if (st == NULL)
		return;
	free(st->rows);
	free(st);
}

/* The filing's state, created by whichever document comes first. */
static int
f13_state(cf_dataset *ds, struct f13 **out)
{
	if (ds->state != NULL) {
		if (ds->state_free != f13_free)
			return cf_input_error(ds->path, 0, "a 13F document in a"
			    " filing of another form");
		*out = ds->state;
		return CF_OK;
	}
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return cf_error_set(CF_ENOMEM, "13F state");
	ds->state = *out;
	ds->state_free = f13_free;
	return CF_OK;
}

/* ---- detection ----------------------------------------------------------- */

/* Find needle in head[0..len). */
static const char *
find(const char *head, size_t len, const char *needle)
{
	return memmem(head, len, needle, strlen(needle));
}

static int
detect_cover(const char *head, size_t len)
{
	const char *t;
	char name[64];

	if (cf_edgar_root(head, len, name, sizeof(name)) != 0 ||
	    strcmp(name, "edgarSubmission") != 0)
		return 0;
	if (find(head, len, "http://www.sec.gov/edgar/thirteenffiler"))
		return 90;
	if ((t = find(head, len, "submissionType>")) != NULL) {
		size_t left = len - (size_t)(t - head) - 15;

		t = cf_skip_bom_space(t + 15, t + 15 + left);
		left = len - (size_t)(t - head);
		if (left >= 6 && (memcmp(t, "13F-HR", 6) == 0 ||
		    memcmp(t, "13F-NT", 6) == 0))
			return 90;
	}
	return 0;
}

static int
detect_table(const char *head, size_t len)
{
	char name[64];

	return cf_edgar_root(head, len, name, sizeof(name)) == 0 &&
	    strcmp(name, "informationTable") == 0 ? 90 : 0;
}

/* Does the file at path start like detect() wants? */
static int
file_is(const char *path, int (*detect)(const char *, size_t))
{
	char head[CF_DETECT_HEAD];
	const char *p;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	p = cf_skip_bom_space(head, head + n);
	return detect(p, n - (size_t)(p - head)) >= 50;
}

/* The folder of path into the arena ("." for a bare name). */
static char *
folder_of(cf_dataset *ds, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return cf_dataset_strdup(ds, ".");
	if (slash == path)
		return cf_dataset_strdup(ds, "/");
	return cf_dataset_strndup(ds, path, (size_t)(slash - path));
}

/*
 * The regular files beside path (path itself excluded) that detect()
 * takes: their number in *count and the first two by name in *first and
 * *second (arena paths, NULL when fewer).  CF_EIO if the folder cannot be
 * listed, CF_ENOMEM.
 */
static int
find_beside(cf_dataset *ds, const char *path,
    int (*detect)(const char *, size_t), const char **first,
    const char **second, size_t *count)
{
	struct stat self, sb;
	struct dirent *de;
	char buf[4096];
	const char *dir;
	DIR *d = NULL;
	int rc = CF_OK;

	*first = *second = NULL;
	*count = 0;
	if ((dir = folder_of(ds, path)) == NULL)
		return CF_ENOMEM;
	if (stat(path, &self) != 0)
		memset(&self, 0, sizeof(self));
	if ((d = opendir(dir)) == NULL)
		return cf_error_set(CF_EIO, "%s: cannot list the folder to"
		    " find the rest of the 13F filing: %s", dir,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		const char **slot;

		if (de->d_name[0] == '.' &&
		    (de->d_name[1] == '\0' || strcmp(de->d_name, "..") == 0))
			continue;
		if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", dir,
		    de->d_name) >= sizeof(buf))
			continue;
		if (stat(buf, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    (sb.st_dev == self.st_dev && sb.st_ino == self.st_ino))
			continue;
		if (!file_is(buf, detect))
			continue;
		(*count)++;
		if (*first == NULL || strcmp(buf, *first) < 0) {
			*second = *first;
			slot = first;
		} else if (*second == NULL || strcmp(buf, *second) < 0) {
			slot = second;
		} else {
			continue;
		}
		if ((*slot = cf_dataset_strdup(ds, buf)) == NULL) {
			rc = CF_ENOMEM;
			break;
		}
	}
	closedir(d);
	return rc;
}

/* ---- values -------------------------------------------------------------- */

/* A whole number: digits, with commas between them allowed; -1 for
 * anything else or more than INT64_MAX. */
static int
parse_whole(const char *text, int64_t *out)
{
	int64_t v = 0;
	int digits = 0;

	for (; *text != '\0'; text++) {
		if (*text == ',' && digits > 0 && isdigit((unsigned char)
		    text[1]))
			continue;
		if (!isdigit((unsigned char)*text))
			return -1;
		if (v > (INT64_MAX - (*text - '0')) / 10)
			return -1;
		v = v * 10 + (*text - '0');
		digits++;
	}
	if (digits == 0)
		return -1;
	*out = v;
	return 0;
}

/* A number of shares or a principal amount: a whole number, or digits
 * with a decimal part; below 10^15 so that a double holds it exactly
 * enough.  -1 otherwise. */
static int
parse_amount(const char *text, double *out)
{
	char buf[40];
	size_t k = 0, whole = 0;
	int dot = 0;

	for (; *text != '\0'; text++) {
		if (*text == ',' && whole > 0 && !dot &&
		    isdigit((unsigned char)text[1]))
			continue;
		if (*text == '.' && !dot && whole > 0 &&
		    isdigit((unsigned char)text[1]))
			dot = 1;
		else if (!isdigit((unsigned char)*text))
			return -1;
		else if (!dot && (whole > 0 || *text != '0') && ++whole > 15)
			return -1;
		if (k + 1 >= sizeof(buf))
			return -1;
		buf[k++] = *text;
	}
	if (k == 0)
		return -1;
	buf[k] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

static int
is_word(const char *text, const char *word)
{
	return text != NULL && strcasecmp(text, word) == 0;
}

/* ---- the cover page ------------------------------------------------------ */

/* The cover's form: the SGML header's, else submissionType. */
static const char *
form_of(const cf_dataset *ds, const struct f13 *st)
{
	return ds->filing.form != NULL ? ds->filing.form : st->field[C_FORM];
}

static int
is_notice(const char *form)
{
	return form != NULL && strncmp(form, "13F-NT", 6) == 0;
}

/* Read the cover's fields into st, walking element by element and
 * expanding only the leaves wanted. */
static int
cover_fields(cf_dataset *ds, cf_xs *x, struct f13 *st)
{
	char stack[MAX_DEPTH][64], path[MAX_DEPTH * 64];
	const xmlNode *n;
	int r, d, i, f;
	size_t len;

	while ((r = cf_xs_next(x)) == 1) {
		d = cf_xs_depth(x);
		if (d == 0) {
			if (strcmp(cf_xs_name(x), "edgarSubmission") != 0)
				return cf_xs_error(x, NULL, "not a 13F cover"
				    " page: the root element is <%.60s>, not"
				    " <edgarSubmission>", cf_xs_name(x));
			st->cover_line = cf_xs_line(x);
			continue;
		}
		if (d >= MAX_DEPTH)
			continue;
		snprintf(stack[d], sizeof(stack[d]), "%s", cf_xs_name(x));
		for (len = 0, i = 1; i <= d; i++)
			len += (size_t)snprintf(path + len, sizeof(path) - len,
			    "%s%s", i > 1 ? "/" : "", stack[i]);
		for (f = 0; f < C_NFIELDS; f++)
			if (st->field[f] == NULL &&
			    strcmp(path, cover_paths[f]) == 0)
				break;
		if (f == C_NFIELDS)
			continue;
		if ((r = cf_xs_expand(x, &n)) != CF_OK)
			return r;
		st->line[f] = cf_xs_node_line(x, n);
		if ((r = cf_xn_text(ds, n, &st->field[f])) != CF_OK)
			return r;
	}
	return r;
}

/* A field the cover must have. */
static int
need(const struct f13 *st, int f, const char *what)
{
	if (st->field[f] != NULL)
		return CF_OK;
	return cf_input_error(st->cover_path, st->cover_line, "13F cover page"
	    " without <%s> (%s)", cover_paths[f], what);
}

int
cf_edgar_read_13f_cover(cf_dataset *ds, cf_xs *x, int standalone)
{
	const char *table = NULL, *other = NULL;
	struct f13 *st;
	cf_xs *tx = NULL;
	size_t count = 0;
	int rc;

	ds->is_filing = 1;
	if ((rc = f13_state(ds, &st)) != CF_OK)
		return rc;
	if (st->have_cover)
		return cf_xs_error(x, NULL, "a second 13F cover page in one"
		    " filing");
	st->have_cover = 1;
	st->standalone = standalone;
	if ((st->cover_path = cf_dataset_strdup(ds, cf_xs_path(x))) == NULL)
		return CF_ENOMEM;
	st->cover_line = cf_xs_line(x);
	if ((rc = cover_fields(ds, x, st)) != CF_OK)
		return rc;
	if (!standalone)
		return CF_OK;
	/* A plain primary_doc.xml: the table is a file beside it. */
	if (!is_notice(form_of(ds, st))) {
		if ((rc = find_beside(ds, st->cover_path, detect_table, &table,
		    &other, &count)) != CF_OK)
			return rc;
		if (count > 1)
			return cf_input_error(st->cover_path, st->cover_line,
			    "%zu 13F information tables beside this cover"
			    " page (%s, %s): keep one filing per folder",
			    count, table, other);
	}
	if (table != NULL) {
		if ((rc = cf_edgar_cite(ds, &ds->filing.companions,
		    &ds->filing.ncompanions, table)) != CF_OK ||
		    (rc = cf_xs_open_file(&tx, table)) != CF_OK)
			return rc;
		rc = cf_edgar_read_13f_table(ds, tx);
		cf_xs_free(tx);
		if (rc != CF_OK)
			return rc;
	}
	return cf_edgar_finish_13f(ds);
}

/* ---- the information table ----------------------------------------------- */

static int
add_row(struct f13 *st, struct f13_row **out)
{
	if (st->nrows == st->crows) {
		size_t c = st->crows ? st->crows * 2 : 64;
		struct f13_row *v = realloc(st->rows, c * sizeof(*v));

		if (v == NULL)
			return cf_error_set(CF_ENOMEM, "13F rows");
		st->rows = v;
		st->crows = c;
	}
	*out = &st->rows[st->nrows++];
	memset(*out, 0, sizeof(**out));
	return CF_OK;
}

/* text as a CUSIP in upper case into c; the leading zeros a spreadsheet
 * dropped from an all-digit one are restored (*padded).  -1 if it is not
 * 9 letters and digits. */
static int
norm_cusip(char c[10], const char *text, unsigned char *padded)
{
	size_t n = strlen(text), i;
	int digits = 1;

	if (n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)text[i]))
			return -1;
		digits &= isdigit((unsigned char)text[i]) != 0;
	}
	*padded = n < 9 && n >= 5 && digits;
	if (n < 9 && !*padded)
		return -1;
	memset(c, '0', 9 - n);
	for (i = 0; i < n; i++)
		c[9 - n + i] = (char)toupper((unsigned char)text[i]);
	c[9] = '\0';
	return 0;
}

/* The fields of an infoTable row, by path below it. */
enum {
	T_NAME, T_CLASS, T_CUSIP, T_VALUE, T_AMOUNT, T_TYPE, T_PUTCALL,
	T_NFIELDS
};

static const char *const table_paths[T_NFIELDS] = {
	"nameOfIssuer", "titleOfClass", "cusip", "value",
	"shrsOrPrnAmt/sshPrnamt", "shrsOrPrnAmt/sshPrnamtType", "putCall",
};

/* Longest text taken for each field (longer is an error); the name and
 * the class are copied whatever their length. */
static const size_t table_max[T_NFIELDS] = {
	0, 0, 31, 39, 39, 15, 15
};

struct table_read {
	cf_dataset *ds;
	struct f13 *st;
};

/* One infoTable row into st; only the issuer's name and the class are
 * copied, the rest is kept as numbers. */
static int
table_row(void *ctx, const struct cf_xs_record *r)
{
	struct table_read *t = ctx;
	cf_dataset *ds = t->ds;
	const char *path = t->st->table_path;
	const char *const *text = r->text;
	/* putCall is optional: NULL when absent or empty */
	const char *pc = text[T_PUTCALL] && *text[T_PUTCALL] ?
	    text[T_PUTCALL] : NULL;
	unsigned char padded;
	struct f13_row *row = NULL;
	int64_t val;
	double amt;
	char cu[10];
	int f;

	for (f = 0; f < T_NFIELDS; f++) {
		if (f != T_PUTCALL && (text[f] == NULL || text[f][0] == '\0'))
			return cf_input_error(path, r->line_of[f], "13F"
			    " holding without <%s>", table_paths[f]);
		if (table_max[f] > 0 && r->len[f] > table_max[f])
			return cf_input_error(path, r->line_of[f], "13F"
			    " <%s> is too long (%zu characters)",
			    table_paths[f], r->len[f]);
	}
	if (norm_cusip(cu, text[T_CUSIP], &padded) != 0)
		return cf_input_error(path, r->line_of[T_CUSIP], "13F <cusip>"
		    " '%.40s' is not 9 letters and digits", text[T_CUSIP]);
	if (parse_whole(text[T_VALUE], &val) != 0)
		return cf_input_error(path, r->line_of[T_VALUE], "13F <value>"
		    " '%.40s' is not a whole number of dollars (or thousands),"
		    " or is too large", text[T_VALUE]);
	if (parse_amount(text[T_AMOUNT], &amt) != 0)
		return cf_input_error(path, r->line_of[T_AMOUNT], "13F"
		    " <sshPrnamt> '%.40s' is not a number of shares or a"
		    " principal amount below 10^15", text[T_AMOUNT]);
	if (!is_word(text[T_TYPE], "SH") && !is_word(text[T_TYPE], "PRN"))
		return cf_input_error(path, r->line_of[T_TYPE], "13F"
		    " <sshPrnamtType> '%.40s' is neither SH (shares) nor PRN"
		    " (principal amount)", text[T_TYPE]);
	if (pc != NULL && !is_word(pc, "Put") && !is_word(pc, "Call"))
		return cf_input_error(path, r->line_of[T_PUTCALL], "13F"
		    " <putCall> '%.40s' is neither Put nor Call", pc);
	if (add_row(t->st, &row) != CF_OK ||
	    (row->name = cf_dataset_strndup(ds, text[T_NAME],
	    r->len[T_NAME])) == NULL ||
	    (row->cls = cf_dataset_strndup(ds, text[T_CLASS],
	    r->len[T_CLASS])) == NULL)
		return cf_error_set(CF_ENOMEM, "13F rows");
	/* Some filers write nine zeros for a security without a CUSIP. */
	if (strcmp(cu, "000000000") != 0 &&
	    (row->cusip = cf_dataset_strdup(ds, cu)) == NULL)
		return CF_ENOMEM;
	row->padded = padded;
	row->value = val;
	row->amount = amt;
	row->prn = is_word(text[T_TYPE], "PRN");
	row->option = pc == NULL ? 0 : is_word(pc, "Put") ? 'P' : 'C';
	row->line = r->line;
	return CF_OK;
}

int
cf_edgar_read_13f_table(cf_dataset *ds, cf_xs *x)
{
	struct table_read t = {ds, NULL};
	const struct cf_xs_records spec = {
		"informationTable", "a 13F information table", "infoTable",
		table_paths, T_NFIELDS, table_row, &t
	};
	int rc;

	ds->is_filing = 1;
	if ((rc = f13_state(ds, &t.st)) != CF_OK)
		return rc;
	if (t.st->have_table)
		return cf_xs_error(x, NULL, "a second 13F information table in"
		    " one filing");
	t.st->have_table = 1;
	if ((t.st->table_path = cf_dataset_strdup(ds, cf_xs_path(x))) == NULL)
		return CF_ENOMEM;
	return cf_xs_records(x, &spec, &t.st->table_line);
}

/* ---- the filing ---------------------------------------------------------- */

/* Fill what ds->filing lacks from the cover page; *notice for 13F-NT. */
static int
filing_facts(cf_dataset *ds, struct f13 *st, int *notice)
{
	struct cf_filing *f = &ds->filing;
	const char *period = NULL, *signed_on = NULL, *type, *form;
	char ck[11], acc[21], lin[128];
	int fp = st->field[C_PERIOD] || !st->field[C_QUARTER] ? C_PERIOD :
	    C_QUARTER;
	int amended, rc;

	if ((form_of(ds, st) == NULL &&
	    (rc = need(st, C_FORM, "the form")) != CF_OK) ||
	    (rc = need(st, fp, "the period of the report")) != CF_OK ||
	    (rc = need(st, C_MANAGER, "the filing manager's name")) != CF_OK)
		return rc;
	form = form_of(ds, st);
	if (strncmp(form, "13F-HR", 6) != 0 && strncmp(form, "13F-NT", 6) != 0)
		return cf_input_error(st->cover_path, st->line[C_FORM], "form"
		    " '%.40s' is not a 13F report (13F-HR, 13F-NT or their /A"
		    " amendments)", form);
	*notice = is_notice(form);
	if (f->form == NULL)
		f->form = st->field[C_FORM];
	if (cf_edgar_date(lin, st->field[fp]) != 0)
		return cf_input_error(st->cover_path, st->line[fp], "period"
		    " '%.40s' is not a date (MM-DD-YYYY)", st->field[fp]);
	if ((period = cf_dataset_strdup(ds, lin)) == NULL)
		return CF_ENOMEM;
	st->field[C_PERIOD] = period;
	if (f->period == NULL)
		f->period = period;
	if (st->field[C_SIGNED] != NULL) {
		if (cf_edgar_date(lin, st->field[C_SIGNED]) != 0)
			return cf_input_error(st->cover_path,
			    st->line[C_SIGNED], "signature date '%.40s' is not"
			    " a date (MM-DD-YYYY)", st->field[C_SIGNED]);
		if ((signed_on = cf_dataset_strdup(ds, lin)) == NULL)
			return CF_ENOMEM;
	}
	if (f->filed == NULL)
		f->filed = signed_on;
	if (st->field[C_CIK] == NULL && f->filer_cik == NULL)
		return need(st, C_CIK, "the filing manager's CIK");
	if (st->field[C_CIK] != NULL) {
		if (cf_edgar_cik(ck, st->field[C_CIK]) != 0)
			return cf_input_error(st->cover_path, st->line[C_CIK],
			    "CIK '%.40s' is not 1 to 10 digits",
			    st->field[C_CIK]);
		if ((st->field[C_CIK] = cf_dataset_strdup(ds, ck)) == NULL)
			return CF_ENOMEM;
	} else {
		st->field[C_CIK] = f->filer_cik;
	}
	if (f->filer_cik == NULL)
		f->filer_cik = st->field[C_CIK];
	if (f->accession == NULL &&
	    cf_edgar_accession_from_path(acc, st->cover_path) == 0 &&
	    (f->accession = cf_dataset_strdup(ds, acc)) == NULL)
		return CF_ENOMEM;

	/* Amendments: a restatement replaces the report, new holdings add
	 * to it under a lineage of their own. */
	amended = strstr(form, "/A") != NULL;
	if (st->field[C_AMENDED] != NULL) {
		if (is_word(st->field[C_AMENDED], "true") ||
		    is_word(st->field[C_AMENDED], "Y") ||
		    strcmp(st->field[C_AMENDED], "1") == 0)
			amended = 1;
		else if (!is_word(st->field[C_AMENDED], "false") &&
		    !is_word(st->field[C_AMENDED], "N") &&
		    strcmp(st->field[C_AMENDED], "0") != 0)
			return cf_input_error(st->cover_path,
			    st->line[C_AMENDED], "isAmendment '%.40s' is"
			    " neither true nor false", st->field[C_AMENDED]);
	}
	type = st->field[C_AMEND_TYPE] ? st->field[C_AMEND_TYPE] :
	    st->field[C_AMEND_TYPE2];
	snprintf(lin, sizeof(lin), "13f:%s:%s", st->field[C_CIK], period);
	f->amendment = 0;
	if (amended && *notice) {
		f->amendment = 1;
	} else if (amended) {
		long at = st->field[C_AMEND_TYPE] ? st->line[C_AMEND_TYPE] :
		    st->line[C_AMEND_TYPE2];

		if (type == NULL)
			return cf_input_error(st->cover_path, st->cover_line,
			    "13F amendment without <%s> (RESTATEMENT or NEW"
			    " HOLDINGS)", cover_paths[C_AMEND_TYPE]);
		if (is_word(type, "RESTATEMENT"))
			f->amendment = 1;
		else if (is_word(type, "NEW HOLDINGS"))
			snprintf(lin, sizeof(lin), "13f:%s:%s:%.*s",
			    st->field[C_CIK], period, f->accession ? 20 : 16,
			    f->accession ? f->accession : f->sha256);
		else
			return cf_input_error(st->cover_path, at, "13F"
			    " amendment type '%.40s' is neither RESTATEMENT"
			    " nor NEW HOLDINGS", type);
	}
	if (f->lineage == NULL && (f->lineage = cf_dataset_strdup(ds,
	    lin)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

/* The cover totals against the rows (both as reported). */
static int
check_totals(const struct f13 *st)
{
	int64_t entries, total, sum = 0;
	size_t i;

	if (parse_whole(st->field[C_ENTRIES], &entries) != 0)
		return cf_input_error(st->cover_path, st->line[C_ENTRIES],
		    "tableEntryTotal '%.40s' is not a whole number",
		    st->field[C_ENTRIES]);
	if (parse_whole(st->field[C_VALUE], &total) != 0)
		return cf_input_error(st->cover_path, st->line[C_VALUE],
		    "tableValueTotal '%.40s' is not a whole number",
		    st->field[C_VALUE]);
	if (!st->have_table && entries > 0)
		return cf_input_error(st->cover_path, st->line[C_ENTRIES],
		    "13F cover page says %lld rows, but %s", (long long)
		    entries, st->standalone ? "no information table is in"
		    " the same folder" : "the filing has no information"
		    " table");
	if ((int64_t)st->nrows != entries)
		return cf_input_error(st->cover_path, st->line[C_ENTRIES],
		    "13F table has %zu rows, cover page says %lld",
		    st->nrows, (long long)entries);
	for (i = 0; i < st->nrows; i++) {
		if (st->rows[i].value > INT64_MAX - sum)
			return cf_input_error(st->table_path, st->rows[i].line,
			    "13F table values add up to more than %lld",
			    (long long)INT64_MAX);
		sum += st->rows[i].value;
	}
	if (sum != total)
		return cf_input_error(st->cover_path, st->line[C_VALUE],
		    "13F table values add up to %lld, cover page says %lld",
		    (long long)sum, (long long)total);
	return CF_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
plausible(double price)
{
	return price >= MIN_PRICE && price <= MAX_PRICE;
}

/*
 * Decide the unit of the values (see the top of the file): *thousands,
 * and what was decided and why into note ("13F values in ...").
 */
static int
decide_unit(const cf_dataset *ds, const struct f13 *st, int from_header,
    int *thousands, char *note, size_t size)
{
	const char *date, *cut, *how;
	char rule[96];
	double *v, m, in_d, in_k;
	size_t i, k = 0;
	int by_rule;

	if (ds->filing.filed != NULL) {
		date = ds->filing.filed;
		cut = DOLLARS_FILED;
		how = from_header ? "filed" : "signed";
	} else {
		date = st->field[C_PERIOD];
		cut = DOLLARS_PERIOD;
		how = "period";
	}
	by_rule = strcmp(date, cut) < 0;
	snprintf(rule, sizeof(rule), "%s %s, %s %s", how, date, by_rule ?
	    "before" : "on or after", cut);
	*thousands = by_rule;
	snprintf(note, size, "13F values in %s (%s)", by_rule ? "thousands" :
	    "dollars", rule);
	if (st->nrows == 0)
		return CF_OK;
	if ((v = malloc(st->nrows * sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "13F prices");
	/* A heuristic on prices, not money: doubles are fine here. */
	for (i = 0; i < st->nrows; i++)
		if (!st->rows[i].prn && st->rows[i].value > 0 &&
		    st->rows[i].amount > 0)
			v[k++] = (double)st->rows[i].value / st->rows[i].amount;
	if (k > 0) {
		qsort(v, k, sizeof(*v), cmp_double);
		m = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
		in_d = m;
		in_k = m * 1000;
		if ((by_rule && !plausible(in_k) && plausible(in_d)) ||
		    (!by_rule && !plausible(in_d) && plausible(in_k))) {
			*thousands = !by_rule;
			snprintf(note, size, "13F values in %s, though the"
			    " date rule says %s (%s): median implied price"
			    " $%.2f a share in dollars, $%.2f in thousands",
			    by_rule ? "dollars" : "thousands", by_rule ?
			    "thousands" : "dollars", rule, in_d, in_k);
		}
	}
	free(v);
	return CF_OK;
}

/* Rows by CUSIP, and in each CUSIP by row. */
struct by_cusip {
	const char *cusip;
	size_t row;
};

static int
cmp_cusip(const void *a, const void *b)
{
	const struct by_cusip *x = a, *y = b;
	int c = strcmp(x->cusip, y->cusip);

	return c != 0 ? c : (x->row > y->row) - (x->row < y->row);
}

/* The issuer of r as cf_edgar_entity makes one: resolved by the store
 * through its CUSIP. */
static int
new_issuer(cf_dataset *ds, struct f13_row *r)
{
	struct cf_entity *e;
	struct cf_ident *v;
	const char *id;
	int rc;

	/* the id first: it is numbered by the entities so far; line 0:
	 * r->line is in the table, and ds->path the cover */
	if ((id = cf_edgar_local_id(ds)) == NULL)
		return CF_ENOMEM;
	if ((rc = cf_dataset_add_entity(ds, 0, &e)) != CF_OK)
		return rc;
	if ((e->id = id) == NULL ||
	    (e->kinds = cf_dataset_alloc(ds, 2 * sizeof(*e->kinds))) == NULL ||
	    (v = cf_dataset_alloc(ds, sizeof(*v))) == NULL)
		return CF_ENOMEM;
	e->name = r->name;
	e->kinds[0] = "other";
	e->nkinds = 1;
	v->scheme = "cusip";
	v->value = r->cusip;
	e->idents = v;
	e->nidents = 1;
	e->resolve = 1;
	e->line = r->line;
	r->entity = e->id;
	return CF_OK;
}

/*
 * The issuers of the rows kept (options left out): one entity per CUSIP,
 * in the order they first appear, another name for the same CUSIP an
 * alias; without a CUSIP, one per name.  cf_edgar_entity would find the
 * same ones, but it compares each new entity with every one before it:
 * 3 x 10^8 comparisons and seconds for a 25,000-row table.  Grouping the
 * rows by sorting is n log n, and the manager, known by its CIK alone,
 * can match no CUSIP.
 */
static int
issuers(cf_dataset *ds, struct f13 *st)
{
	struct by_cusip *v = NULL;
	size_t *first = NULL, i, k = 0;
	struct f13_row *r;
	int rc = CF_OK;

	if (st->nrows == 0)
		return CF_OK;
	if ((v = malloc(st->nrows * sizeof(*v))) == NULL ||
	    (first = malloc(st->nrows * sizeof(*first))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "13F issuers");
		goto out;
	}
	for (i = 0; i < st->nrows; i++)
		if (!st->rows[i].option && st->rows[i].cusip != NULL) {
			v[k].cusip = st->rows[i].cusip;
			v[k++].row = i;
		}
	qsort(v, k, sizeof(*v), cmp_cusip);
	for (i = 0; i < k; i++)
		first[v[i].row] = i > 0 && strcmp(v[i].cusip,
		    v[i - 1].cusip) == 0 ? first[v[i - 1].row] : v[i].row;
	for (i = 0; i < st->nrows && rc == CF_OK; i++) {
		r = &st->rows[i];
		if (r->option)
			continue;
		if (r->cusip == NULL) {
			/* line 0, as new_issuer: r->line is in the table */
			rc = cf_edgar_entity(ds, NULL, NULL, r->name, "other", 0,
			    &r->entity);
			continue;
		}
		if (first[i] == i) {
			rc = new_issuer(ds, r);
			continue;
		}
		r->entity = st->rows[first[i]].entity;
		if (strcmp(r->name, st->rows[first[i]].name) != 0)
			rc = cf_edgar_alias(ds, r->entity, r->name);
	}
out:
	free(first);
	free(v);
	return rc;
}

/* A PRN row's principal amount for its note ("principal amount N"): whole
 * numbers below 10^15 (all of them in practice) as digits, which is what
 * the printf formats give for them, without printf (src/strjoin.h says
 * why).  A share count is the flow's quantity instead. */
static void
principal_text(char *buf, size_t size, double a)
{
	char digits[21];

	if (a >= 0 && a < 1e15 && a == (double)(int64_t)a)
		cf_strjoin(buf, size, "; principal amount ",
		    cf_strint(digits, (int64_t)a), NULL);
	else
		snprintf(buf, size, "; principal amount %.0f", a);
}

/*
 * One holding's flow from the manager to its issuer.  Its note keeps what
 * is the row's own: the title of class, a principal amount, a repaired
 * CUSIP.  The period is the flow's announced date, the shares its
 * quantity, and the unit the values were read in is the filing's
 * (import_log.note): written on every row, it was half of a 13F flow's
 * bytes in the store.
 */
static int
row_flow(cf_dataset *ds, const struct f13 *st, const struct f13_row *r,
    const char *src, const char *mgr, int64_t mult, size_t n)
{
	char note[512], principal[64] = "", cls[201];
	struct cf_flow *f;
	const char *id;
	size_t cls_len;
	int rc;

	if (r->value > INT64_MAX / mult)
		return cf_input_error(st->table_path, r->line, "13F value"
		    " %lld (%s) overflows as cents", (long long)r->value,
		    mult == 100 ? "dollars" : "thousands");
	if (r->prn)
		principal_text(principal, sizeof(principal), r->amount);
	cls_len = strlen(r->cls) < 200 ? strlen(r->cls) : 200;
	memcpy(cls, r->cls, cls_len);
	cls[cls_len] = '\0';
	cf_strjoin(note, sizeof(note), "13F holding: market value, not money"
	    " paid; ", cls, principal, r->cusip == NULL ?
	    "; no CUSIP (000000000)" : r->padded ?
	    "; CUSIP's leading zeros restored" : "", NULL);
	if ((rc = cf_dataset_add_flow(ds, 0, &f)) != CF_OK)
		return rc;
	if ((id = cf_edgar_record_id(ds, src, "flow", n)) == NULL)
		return CF_ENOMEM;
	f->id = id;
	f->from = mgr;
	f->to = r->entity;
	f->type = "equity";
	f->status = "paid";
	f->confidence = "high";
	f->announced = st->field[C_PERIOD];
	memcpy(f->currency, "USD", 4);
	f->has_amount = 1;
	f->amount = r->value * mult;
	if (!r->prn) {
		f->has_quantity = 1;
		f->quantity = r->amount;
		f->unit = "shares";
	}
	f->line = r->line;
	if ((f->note = cf_dataset_strdup(ds, note)) == NULL)
		return CF_ENOMEM;
	return cf_edgar_cite(ds, &f->sources, &f->nsources, src);
}

int
cf_edgar_finish_13f(cf_dataset *ds)
{
	struct f13 *st = ds->state;
	const char *src, *mgr;
	char title[512], unit[320], note[640];
	size_t i, n = 0, options = 0;
	int notice = 0, thousands, from_header, rc;

	if (st == NULL || ds->state_free != f13_free || !st->have_cover) {
		if (st != NULL && ds->state_free == f13_free && st->have_table)
			return cf_input_error(st->table_path, st->table_line,
			    "13F information table without its cover page"
			    " (primary_doc.xml): the filing manager is"
			    " unknown");
		return cf_input_error(ds->path, 0, "no 13F cover page read");
	}
	from_header = ds->filing.filed != NULL;
	if ((rc = filing_facts(ds, st, &notice)) != CF_OK)
		return rc;
	if (notice && st->nrows > 0)
		return cf_input_error(st->table_path, st->table_line, "a 13F"
		    " notice (%s) with an information table of %zu rows",
		    form_of(ds, st), st->nrows);
	if (!notice && ((rc = need(st, C_ENTRIES, "the number of rows")) !=
	    CF_OK || (rc = need(st, C_VALUE, "the total value")) != CF_OK ||
	    (rc = check_totals(st)) != CF_OK))
		return rc;
	if ((rc = decide_unit(ds, st, from_header, &thousands, unit,
	    sizeof(unit))) != CF_OK)
		return rc;

	if (ds->filing.accession != NULL)
		snprintf(title, sizeof(title), "%.300s - Form %s for %s (%s)",
		    st->field[C_MANAGER], form_of(ds, st), st->field[C_PERIOD],
		    ds->filing.accession);
	else
		snprintf(title, sizeof(title), "%.300s - Form %s for %s",
		    st->field[C_MANAGER], form_of(ds, st), st->field[C_PERIOD]);
	if ((rc = cf_edgar_source(ds, title, st->field[C_CIK], st->cover_line,
	    &src)) != CF_OK ||
	    (rc = cf_edgar_entity(ds, st->field[C_CIK], NULL,
	    st->field[C_MANAGER], "investor", st->line[C_MANAGER], &mgr)) !=
	    CF_OK || (rc = issuers(ds, st)) != CF_OK)
		return rc;
	/* Options are left out: a put's or call's 13F value is that of the
	 * underlying shares (contracts x 100 x price), not money invested,
	 * and a put is no stake in the issuer at all. */
	for (i = 0; i < st->nrows; i++) {
		if (st->rows[i].option) {
			options++;
			continue;
		}
		if ((rc = row_flow(ds, st, &st->rows[i], src, mgr,
		    thousands ? 100000 : 100, ++n)) != CF_OK)
			return rc;
	}
	if (notice)
		snprintf(note, sizeof(note), "13F notice (%s): the holdings are"
		    " reported by other managers; only the manager is"
		    " imported", form_of(ds, st));
	else if (options > 0)
		snprintf(note, sizeof(note), "%s; %zu put/call row%s not"
		    " imported (an option's 13F value is that of the"
		    " underlying shares, not money invested)", unit, options,
		    options == 1 ? "" : "s");
	else
		snprintf(note, sizeof(note), "%s", unit);
	if ((ds->filing.note = cf_dataset_strdup(ds, note)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

/* ---- the readers --------------------------------------------------------- */

static int
read_cover(cf_dataset *ds, cf_xs *x)
{
	return cf_edgar_read_13f_cover(ds, x, 1);
}

static int
read_cover_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, read_cover);
}

/* A table on its own is read with its cover page, never alone. */
static int
read_table_file(cf_dataset *ds)
{
	const char *cover = NULL, *other = NULL;
	size_t count = 0;
	char msg[4200];
	int rc;

	ds->is_filing = 1;
	if ((rc = find_beside(ds, ds->path, detect_cover, &cover, &other,
	    &count)) != CF_OK)
		return rc;
	if (count == 0)
		return cf_input_error(ds->path, 0, "13F information table"
		    " without its cover page (primary_doc.xml) in the same"
		    " folder: the filing manager is unknown");
	snprintf(msg, sizeof(msg), "read with its cover page %s", cover);
	if ((ds->filing.ignored = cf_dataset_strdup(ds, msg)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

const struct cf_reader cf_reader_13f_cover = {
	"edgar-13f", "edgar", 4, detect_cover, NULL, read_cover_file
};
const struct cf_reader cf_reader_13f_table = {
	"edgar-13f-table", "edgar", 4, detect_table, NULL, read_table_file
};
