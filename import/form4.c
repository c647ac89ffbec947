/*
 * form4.c - SEC Forms 3, 4 and 5 and their amendments (ownershipDocument).
 *
 * An insider reports what it holds in an issuer and what it traded.  The
 * document is streamed: the issuer, each reporting owner, signature and
 * table row is expanded on its own, so memory follows the largest row.
 * What it becomes:
 *
 *  - Entities: the issuer (issuerCik, issuerName; the ticker goes in its
 *    note) and each reporting owner, a person or not.  An owner whose name
 *    carries a legal-form or fund word (Inc, LLC, L.P., Fund, Capital,
 *    Partners, ...) is "fund" when a word is Fund(s), else "investor";
 *    anyone else is a person, kind "other".  Being a 10% owner does not
 *    decide it: founders own 10% as persons.
 *  - Flows, only where money went to or from the issuer at a stated price:
 *    a non-derivative row acquired (A) with code A (grant, award or other
 *    acquisition from the issuer), M, X or O (exercise of a derivative: the
 *    exercise price is paid to the issuer) at a price above 0 is owner ->
 *    issuer; code D (disposition to the issuer) disposed (D) at a price
 *    above 0 is issuer -> owner.  Open-market trades (P, S) pay another
 *    holder, not the issuer, and the other codes (F tax withholding in
 *    shares, G gifts, C conversions of something paid for earlier, J, ...)
 *    move no money to or from the issuer: they show only in holdings.  The
 *    amount is shares x price in exact decimal arithmetic (each at most
 *    18 digits, 9 of them decimals), rounded half-even to the cent (the
 *    note says when it was rounded); type equity, status paid, quantity
 *    the shares, announced the transaction date.  Any one-letter code is
 *    taken and recorded in the notes.
 *  - Holdings: per owner and per group of rows on one security and one
 *    ownership (title, direct or indirect, nature), the shares owned
 *    following the group's last transaction, as of its date; a holding row
 *    (no transaction) as of the period of report.  Derivative rows
 *    (options, warrants) become holdings titled by the derivative security:
 *    a count of derivative securities, not of shares of the class, and
 *    never flows.
 *  - A joint filing does not say which owner paid or holds what: flows are
 *    attributed to the first owner and each owner is shown with the whole
 *    holding; the notes say so.
 *  - A value given only by a footnote (a <footnoteId> without <value>) is
 *    no number: no flow or holding is made from it and the filing's note
 *    says so.
 *  - ds->filing: form the documentType (3, 4, 5, with /A), period the
 *    period of report, filer the first owner's CIK, filed the signature
 *    date, accession from the path.  An amendment names only the date of
 *    what it amends, so it imports as its own filing (amends and lineage
 *    NULL).
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

#define MAX_ROWS	10000	/* rows of both tables, and owners */

/* A non-negative decimal number: m / 10^scale, exactly. */
struct dec {
	uint64_t m;
	int scale;
};

struct owner {
	const char *cik, *name, *id;
	const char *role;	/* director, officer (title), ... */
	long line;
};

/* A row of the non-derivative or derivative table. */
struct row {
	int deriv;		/* derivative table */
	int txn;		/* a transaction, else a holding row */
	const char *title, *date, *code, *ad;
	const char *shares, *shares_fn, *price, *price_fn;
	struct dec dshares, dprice;
	const char *post, *post_fn;
	double post_shares;
	int has_post_value;
	int64_t post_value;
	const char *di, *nature, *nature_fn;
	const char *exprice, *expiry, *under;
	long line;
};

struct f4 {
	cf_dataset *ds;
	cf_xs *x;
	long root_line;
	const char *schema, *doctype, *period, *original, *sigdate;
	const char *issuer_cik, *issuer_name, *ticker, *issuer_id;
	long issuer_line, doctype_line;
	struct owner *owners;
	size_t nowners, cowners;
	struct row *rows;
	size_t nrows, crows;
	struct cf_edgar_note note;	/* the filing's note */
	const char *src;
	size_t nflows, nholdings;
};

/* ---- small helpers ------------------------------------------------------- */

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static const char *
fn_or_none(const char *fn)
{
	return fn != NULL ? fn : "(none)";
}

/*
 * An ownership field: its <value> (or, for fields without one, its own
 * text) and the ids of its <footnoteId> children ("F1, F3"), into the
 * arena; both NULL when absent.
 */
static int
field(cf_dataset *ds, const xmlNode *f, const char **val, const char **fn)
{
	const xmlNode *c, *v;
	char ids[160];
	size_t len = 0;
	const char *id;
	int rc, elems = 0;

	*val = *fn = NULL;
	if (f == NULL)
		return CF_OK;
	ids[0] = '\0';
	for (c = f->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		elems++;
		if (strcmp((const char *)c->name, "footnoteId") != 0)
			continue;
		if ((rc = cf_xn_attr(ds, c, "id", &id)) != CF_OK)
			return rc;
		if (id != NULL && len + strlen(id) + 3 < sizeof(ids))
			len += (size_t)snprintf(ids + len, sizeof(ids) - len,
			    "%s%s", len ? ", " : "", id);
	}
	if (len > 0 && (*fn = cf_dataset_strdup(ds, ids)) == NULL)
		return CF_ENOMEM;
	if ((v = cf_xn_child(f, "value")) != NULL)
		return cf_xn_text(ds, v, val);
	return elems == 0 ? cf_xn_text(ds, f, val) : CF_OK;
}

static int
field_at(cf_dataset *ds, const xmlNode *n, const char *path,
    const char **val, const char **fn)
{
	return field(ds, cf_xn_path(n, path), val, fn);
}

/* "1", "true": a Form 4 flag. */
static int
flag(cf_dataset *ds, const xmlNode *n, const char *path, int *out)
{
	const char *t;
	int rc;

	if ((rc = cf_xn_path_text(ds, n, path, &t)) != CF_OK)
		return rc;
	*out = t != NULL && (strcmp(t, "1") == 0 || strcasecmp(t, "true") == 0);
	return CF_OK;
}

/* ---- exact decimals ------------------------------------------------------ */

static const uint64_t pow10_u[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL
};

/*
 * Parse text ("1,250", "150.841", "200000.0") as a non-negative decimal of
 * at most 18 significant digits and 9 decimal places (trailing zeros
 * aside).  CF_EINPUT naming what at n's line otherwise.
 */
static int
dec_parse(const cf_xs *x, const xmlNode *n, const char *what,
    const char *text, struct dec *out)
{
	const char *p, *ip = NULL, *fp = NULL;
	size_t ilen = 0, flen = 0, i;
	int point = 0, digits = 0;
	uint64_t m = 0;

	for (p = text; *p != '\0'; p++) {
		if (*p == '.' && !point) {
			point = 1;
			fp = p + 1;
		} else if (*p == ',' && !point && digits > 0) {
			continue;
		} else if (isdigit((unsigned char)*p)) {
			digits++;
			if (point)
				flen++;
		} else {
			return cf_xs_error(x, n, "%s '%.40s' is not a"
			    " non-negative decimal number", what, text);
		}
	}
	if (digits == 0)
		return cf_xs_error(x, n, "%s '%.40s' is not a non-negative"
		    " decimal number", what, text);
	while (flen > 0 && fp[flen - 1] == '0')
		flen--;
	if (flen > 9)
		return cf_xs_error(x, n, "%s '%.40s' has more than 9 decimal"
		    " places", what, text);
	/* Integer digits without commas and leading zeros. */
	for (p = text; *p != '\0' && *p != '.'; p++) {
		if (*p == ',' || (*p == '0' && ip == NULL))
			continue;
		if (ip == NULL)
			ip = p;
		ilen++;
	}
	if (ilen + flen > 18)
		return cf_xs_error(x, n, "%s '%.40s' is too large (more than 18"
		    " significant digits)", what, text);
	for (p = ip; p != NULL && *p != '\0' && *p != '.'; p++)
		if (*p != ',')
			m = m * 10 + (uint64_t)(*p - '0');
	for (i = 0; i < flen; i++)
		m = m * 10 + (uint64_t)(fp[i] - '0');
	out->m = m;
	out->scale = (int)flen;
	return CF_OK;
}

static double
dec_double(const struct dec *d)
{
	return (double)d->m / (double)pow10_u[d->scale];
}

/* The 128-bit product of a and b as hi:lo. */
static void
mul_u64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) +
	    (p10 & 0xffffffffu);

	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/*
 * shares x price in cents, rounded half-even; *rounded says whether a
 * fraction of a cent was dropped.  -1 when the amount does not fit.
 */
static int
dec_cents(const struct dec *a, const struct dec *b, int64_t *cents,
    int *rounded)
{
	uint64_t hi, lo, qhi = 0, qlo = 0, r = 0, d;
	int k = a->scale + b->scale - 2, i;

	mul_u64(a->m, b->m, &hi, &lo);
	*rounded = 0;
	if (k <= 0) {
		/* At most two decimals in all: scale up to cents. */
		d = pow10_u[-k];
		if (hi != 0 || lo > (uint64_t)INT64_MAX / d)
			return -1;
		*cents = (int64_t)(lo * d);
		return 0;
	}
	/* Long division of hi:lo by d = 10^k (k <= 16, so r << 1 fits). */
	d = pow10_u[k];
	for (i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1 : (lo >> i) & 1;

		r = (r << 1) | bit;
		if (r >= d) {
			r -= d;
			if (i >= 64)
				qhi |= 1ULL << (i - 64);
			else
				qlo |= 1ULL << i;
		}
	}
	if (r != 0) {
		*rounded = 1;
		if (2 * r > d || (2 * r == d && (qlo & 1))) {
			if (++qlo == 0)
				qhi++;
		}
	}
	if (qhi != 0 || qlo > (uint64_t)INT64_MAX)
		return -1;
	*cents = (int64_t)qlo;
	return 0;
}

/* ---- entity kinds -------------------------------------------------------- */

/* Words that make a name an organisation's, compared without dots. */
static const char *const org_words[] = {
	"inc", "incorporated", "corp", "corporation", "co", "company", "llc",
	"lp", "llp", "ltd", "limited", "plc", "ag", "sa", "nv", "bv", "gmbh",
	"fund", "funds", "trust", "partners", "partnership", "capital",
	"holdings", "holding", "management", "group", "ventures",
	"investments", "advisors", "advisers", "associates", "foundation",
	NULL
};

/* "fund", "investor" or "other" (a person) for an owner's name. */
static const char *
owner_kind(const char *name)
{
	const char *kind = "other", *p = name;
	char w[24];
	size_t n, i;

	while (*p != '\0') {
		n = 0;
		while (*p != '\0' && (isalnum((unsigned char)*p) ||
		    *p == '.')) {
			if (*p != '.' && n + 1 < sizeof(w))
				w[n++] = (char)tolower((unsigned char)*p);
			p++;
		}
		w[n] = '\0';
		for (i = 0; n > 0 && org_words[i] != NULL; i++)
			if (strcmp(w, org_words[i]) == 0) {
				if (strncmp(w, "fund", 4) == 0)
					return "fund";
				kind = "investor";
			}
		if (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
	}
	return kind;
}

/* ---- reading the document ------------------------------------------------ */

static int
read_issuer(struct f4 *s, const xmlNode *n)
{
	cf_dataset *ds = s->ds;
	char ck[11];
	int rc;

	s->issuer_line = cf_xs_node_line(s->x, n);
	if ((rc = cf_xn_path_text(ds, n, "issuerCik", &s->issuer_cik)) ||
	    (rc = cf_xn_path_text(ds, n, "issuerName", &s->issuer_name)) ||
	    (rc = cf_xn_path_text(ds, n, "issuerTradingSymbol", &s->ticker)))
		return rc;
	if (s->issuer_cik == NULL)
		return cf_xs_error(s->x, n, "issuer has no issuerCik");
	if (cf_edgar_cik(ck, s->issuer_cik) != 0)
		return cf_xs_error(s->x, cf_xn_child(n, "issuerCik"),
		    "issuerCik '%.40s' is not a CIK (1 to 10 digits)",
		    s->issuer_cik);
	if (s->issuer_name == NULL)
		return cf_xs_error(s->x, n, "issuer %s has no issuerName", ck);
	return CF_OK;
}

static int
read_owner(struct f4 *s, const xmlNode *n)
{
	cf_dataset *ds = s->ds;
	const xmlNode *rel = cf_xn_child(n, "reportingOwnerRelationship");
	struct owner *o;
	const char *title, *other;
	char role[200], ck[11];
	int dir, off, ten, oth, rc;
	size_t len = 0;

	if (s->nowners == MAX_ROWS)
		return cf_xs_error(s->x, n, "more than %d reporting owners",
		    MAX_ROWS);
	if (s->nowners == s->cowners) {
		size_t c = s->cowners ? s->cowners * 2 : 4;
		struct owner *v;

		if ((v = realloc(s->owners, c * sizeof(*v))) == NULL)
			return cf_error_set(CF_ENOMEM, "Form 4 owners");
		s->owners = v;
		s->cowners = c;
	}
	o = &s->owners[s->nowners];
	memset(o, 0, sizeof(*o));
	o->line = cf_xs_node_line(s->x, n);
	if ((rc = cf_xn_path_text(ds, n, "reportingOwnerId/rptOwnerCik",
	    &o->cik)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "reportingOwnerId/rptOwnerName",
	    &o->name)) != CF_OK ||
	    (rc = flag(ds, rel, "isDirector", &dir)) != CF_OK ||
	    (rc = flag(ds, rel, "isOfficer", &off)) != CF_OK ||
	    (rc = flag(ds, rel, "isTenPercentOwner", &ten)) != CF_OK ||
	    (rc = flag(ds, rel, "isOther", &oth)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, rel, "officerTitle", &title)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, rel, "otherText", &other)) != CF_OK)
		return rc;
	if (o->name == NULL)
		return cf_xs_error(s->x, n, "reporting owner has no"
		    " rptOwnerName");
	if (o->cik != NULL && cf_edgar_cik(ck, o->cik) != 0)
		return cf_xs_error(s->x, cf_xn_path(n, "reportingOwnerId/"
		    "rptOwnerCik"), "rptOwnerCik '%.40s' is not a CIK (1 to 10"
		    " digits)", o->cik);
	role[0] = '\0';
#define ROLE(cond, ...) do {						\
	if ((cond) && len < sizeof(role))				\
		len += (size_t)snprintf(role + len, sizeof(role) - len,	\
		    __VA_ARGS__);					\
} while (0)
	ROLE(dir, "%sdirector", len ? ", " : "");
	ROLE(off, "%sofficer%s%.60s%s", len ? ", " : "", title ? " (" : "",
	    title ? title : "", title ? ")" : "");
	ROLE(ten, "%s10%% owner", len ? ", " : "");
	ROLE(oth, "%sother%s%.60s%s", len ? ", " : "", other ? " (" : "",
	    other ? other : "", other ? ")" : "");
#undef ROLE
	if (len > 0 && (o->role = cf_dataset_strdup(ds, role)) == NULL)
		return CF_ENOMEM;
	s->nowners++;
	return CF_OK;
}

/* A date field of a row: NULL when absent or given by footnote only. */
static int
row_date(struct f4 *s, const xmlNode *n, const char *path, const char *what,
    const char **out)
{
	const xmlNode *f = cf_xn_path(n, path);
	const char *v, *fn;
	int rc;

	if ((rc = field(s->ds, f, &v, &fn)) != CF_OK)
		return rc;
	return cf_edgar_date_ds(s->x, s->ds, f, what, v, out);
}

static int
read_row(struct f4 *s, const xmlNode *n, int deriv, int txn)
{
	cf_dataset *ds = s->ds;
	cf_xs *x = s->x;
	const xmlNode *f;
	struct row *r;
	const char *fn;
	struct dec d;
	int rc;

	if (s->nrows == MAX_ROWS)
		return cf_xs_error(x, n, "more than %d table rows", MAX_ROWS);
	if (s->nrows == s->crows) {
		size_t c = s->crows ? s->crows * 2 : 16;
		struct row *v;

		if ((v = realloc(s->rows, c * sizeof(*v))) == NULL)
			return cf_error_set(CF_ENOMEM, "Form 4 rows");
		s->rows = v;
		s->crows = c;
	}
	r = &s->rows[s->nrows];
	memset(r, 0, sizeof(*r));
	r->deriv = deriv;
	r->txn = txn;
	r->line = cf_xs_node_line(x, n);
	if ((rc = field_at(ds, n, "securityTitle", &r->title, &fn)) != CF_OK)
		return rc;
	if (r->title == NULL)
		return cf_xs_error(x, n, "%s with no securityTitle",
		    (const char *)n->name);
	if (txn) {
		if ((rc = row_date(s, n, "transactionDate", "transactionDate",
		    &r->date)) != CF_OK)
			return rc;
		if (r->date == NULL)
			return cf_xs_error(x, n, "transaction with no"
			    " transactionDate");
		f = cf_xn_path(n, "transactionCoding/transactionCode");
		if ((rc = cf_xn_text(ds, f, &r->code)) != CF_OK)
			return rc;
		if (r->code == NULL)
			return cf_xs_error(x, f ? f : n, "transaction with no"
			    " transactionCode");
		if (strlen(r->code) != 1 || !isalpha((unsigned char)r->code[0]))
			return cf_xs_error(x, f, "transactionCode '%.40s' is"
			    " not a one-letter transaction code", r->code);
		((char *)r->code)[0] = (char)toupper((unsigned char)r->code[0]);
		f = cf_xn_path(n, "transactionAmounts/transactionShares");
		if ((rc = field(ds, f, &r->shares, &r->shares_fn)) != CF_OK ||
		    (r->shares != NULL && (rc = dec_parse(x, f,
		    "transactionShares", r->shares, &r->dshares)) != CF_OK))
			return rc;
		f = cf_xn_path(n, "transactionAmounts/"
		    "transactionPricePerShare");
		if ((rc = field(ds, f, &r->price, &r->price_fn)) != CF_OK ||
		    (r->price != NULL && (rc = dec_parse(x, f,
		    "transactionPricePerShare", r->price, &r->dprice)) !=
		    CF_OK))
			return rc;
		f = cf_xn_path(n, "transactionAmounts/"
		    "transactionAcquiredDisposedCode");
		if ((rc = field(ds, f, &r->ad, &fn)) != CF_OK)
			return rc;
		if (r->ad != NULL && strcmp(r->ad, "A") != 0 &&
		    strcmp(r->ad, "D") != 0)
			return cf_xs_error(x, f, "transactionAcquired"
			    "DisposedCode '%.40s' is neither A (acquired) nor"
			    " D (disposed)", r->ad);
	}
	f = cf_xn_path(n, "postTransactionAmounts/"
	    "sharesOwnedFollowingTransaction");
	if ((rc = field(ds, f, &r->post, &r->post_fn)) != CF_OK)
		return rc;
	if (r->post != NULL) {
		if ((rc = dec_parse(x, f, "sharesOwnedFollowingTransaction",
		    r->post, &d)) != CF_OK)
			return rc;
		r->post_shares = dec_double(&d);
	} else {
		const char *v;

		f = cf_xn_path(n, "postTransactionAmounts/"
		    "valueOwnedFollowingTransaction");
		if ((rc = field(ds, f, &v, &fn)) != CF_OK)
			return rc;
		if (v != NULL) {
			if ((rc = cf_edgar_dollars(x, f,
			    "valueOwnedFollowingTransaction", v,
			    &r->post_value)) != CF_OK)
				return rc;
			r->has_post_value = 1;
		}
	}
	f = cf_xn_path(n, "ownershipNature/directOrIndirectOwnership");
	if ((rc = field(ds, f, &r->di, &fn)) != CF_OK ||
	    (rc = field_at(ds, n, "ownershipNature/natureOfOwnership",
	    &r->nature, &r->nature_fn)) != CF_OK)
		return rc;
	if (r->di != NULL && strcmp(r->di, "D") != 0 &&
	    strcmp(r->di, "I") != 0)
		return cf_xs_error(x, f, "directOrIndirectOwnership '%.40s' is"
		    " neither D (direct) nor I (indirect)", r->di);
	if (deriv) {
		f = cf_xn_path(n, "conversionOrExercisePrice");
		if ((rc = field(ds, f, &r->exprice, &fn)) != CF_OK ||
		    (r->exprice != NULL && (rc = dec_parse(x, f,
		    "conversionOrExercisePrice", r->exprice, &d)) != CF_OK) ||
		    (rc = row_date(s, n, "expirationDate", "expirationDate",
		    &r->expiry)) != CF_OK ||
		    (rc = field_at(ds, n, "underlyingSecurity/"
		    "underlyingSecurityTitle", &r->under, &fn)) != CF_OK)
			return rc;
	}
	s->nrows++;
	return CF_OK;
}

/* A top-level element's text into *out, keeping its line. */
static int
top_text(struct f4 *s, const xmlNode *n, const char **out, long *line)
{
	if (line != NULL)
		*line = cf_xs_node_line(s->x, n);
	return cf_xn_text(s->ds, n, out);
}

static int
read_top(struct f4 *s, const char *name, const xmlNode *n)
{
	const char *t;
	int rc;

	if (strcmp(name, "schemaVersion") == 0)
		return top_text(s, n, &s->schema, NULL);
	if (strcmp(name, "documentType") == 0)
		return top_text(s, n, &s->doctype, &s->doctype_line);
	if (strcmp(name, "periodOfReport") == 0) {
		if ((rc = top_text(s, n, &t, NULL)) != CF_OK)
			return rc;
		return cf_edgar_date_ds(s->x, s->ds, n, "periodOfReport", t,
		    &s->period);
	}
	if (strcmp(name, "dateOfOriginalSubmission") == 0) {
		if ((rc = top_text(s, n, &t, NULL)) != CF_OK)
			return rc;
		return cf_edgar_date_ds(s->x, s->ds, n,
		    "dateOfOriginalSubmission", t, &s->original);
	}
	if (strcmp(name, "issuer") == 0)
		return read_issuer(s, n);
	if (strcmp(name, "reportingOwner") == 0)
		return read_owner(s, n);
	if (strcmp(name, "ownerSignature") == 0 && s->sigdate == NULL) {
		const xmlNode *d = cf_xn_child(n, "signatureDate");

		if ((rc = cf_xn_text(s->ds, d, &t)) != CF_OK)
			return rc;
		return cf_edgar_date_ds(s->x, s->ds, d, "signatureDate", t,
		    &s->sigdate);
	}
	return CF_OK;
}

static int
is_top(const char *name)
{
	static const char *const top[] = {"schemaVersion", "documentType",
	    "periodOfReport", "dateOfOriginalSubmission", "issuer",
	    "reportingOwner", "ownerSignature", NULL};
	size_t i;

	for (i = 0; top[i] != NULL; i++)
		if (strcmp(name, top[i]) == 0)
			return 1;
	return 0;
}

/* Walk the document, expanding one top-level element or row at a time. */
static int
read_doc(struct f4 *s)
{
	cf_xs *x = s->x;
	const xmlNode *n;
	char parent[64] = "";
	const char *name;
	int r, depth, rc;

	if ((r = cf_xs_next(x)) <= 0)
		return r < 0 ? r : cf_xs_error(x, NULL, "empty document: no"
		    " <ownershipDocument>");
	if (strcmp(cf_xs_name(x), "ownershipDocument") != 0)
		return cf_xs_error(x, NULL, "the root element is <%.40s>, not"
		    " the <ownershipDocument> of a Form 3, 4 or 5",
		    cf_xs_name(x));
	s->root_line = cf_xs_line(x);
	while ((r = cf_xs_next(x)) == 1) {
		depth = cf_xs_depth(x);
		name = cf_xs_name(x);
		if (depth == 1) {
			snprintf(parent, sizeof(parent), "%s", name);
			if (!is_top(name))
				continue;
			if ((rc = cf_xs_expand_root(x, &n,
			    &s->root_line)) != CF_OK ||
			    (rc = read_top(s, parent, n)) != CF_OK)
				return rc;
		} else if (depth == 2 && (strcmp(parent,
		    "nonDerivativeTable") == 0 || strcmp(parent,
		    "derivativeTable") == 0)) {
			int deriv = parent[0] == 'd';
			int txn;

			if (strcmp(name, deriv ? "derivativeTransaction" :
			    "nonDerivativeTransaction") == 0)
				txn = 1;
			else if (strcmp(name, deriv ? "derivativeHolding" :
			    "nonDerivativeHolding") == 0)
				txn = 0;
			else
				continue;
			if ((rc = cf_xs_expand_root(x, &n,
			    &s->root_line)) != CF_OK ||
			    (rc = read_row(s, n, deriv, txn)) != CF_OK)
				return rc;
		}
	}
	return r;
}

/* ---- building the records ------------------------------------------------ */

static const char *const doc_types[] = {"3", "4", "5", "3/A", "4/A", "5/A",
    NULL};

static int
set_filing(struct f4 *s)
{
	struct cf_filing *f = &s->ds->filing;
	char buf[21];
	size_t i;

	if (s->doctype == NULL)
		return cf_input_error(cf_xs_path(s->x), s->root_line, "no"
		    " documentType (3, 4 or 5)");
	for (i = 0; doc_types[i] != NULL; i++)
		if (strcmp(s->doctype, doc_types[i]) == 0)
			break;
	if (doc_types[i] == NULL)
		return cf_input_error(cf_xs_path(s->x), s->doctype_line,
		    "documentType '%.40s' is not a Form 3, 4 or 5 (or /A)",
		    s->doctype);
	if (s->issuer_cik == NULL)
		return cf_input_error(cf_xs_path(s->x), s->root_line, "no"
		    " <issuer>");
	if (s->nowners == 0)
		return cf_input_error(cf_xs_path(s->x), s->root_line, "no"
		    " <reportingOwner>");
	if (f->form == NULL)
		f->form = s->doctype;
	if (strstr(f->form, "/A") != NULL || strstr(s->doctype, "/A"))
		f->amendment = 1;
	if (f->accession == NULL &&
	    cf_edgar_accession_from_path(buf, s->ds->path) == 0 &&
	    (f->accession = cf_dataset_strdup(s->ds, buf)) == NULL)
		return CF_ENOMEM;
	if (f->filed == NULL)
		f->filed = s->sigdate;
	if (f->period == NULL)
		f->period = s->period;
	if (f->filer_cik == NULL && s->owners[0].cik != NULL) {
		cf_edgar_cik(buf, s->owners[0].cik);
		if ((f->filer_cik = cf_dataset_strdup(s->ds, buf)) == NULL)
			return CF_ENOMEM;
	}
	return CF_OK;
}

static int
make_entities(struct f4 *s)
{
	cf_dataset *ds = s->ds;
	size_t i;
	int rc;

	if ((rc = cf_edgar_entity(ds, s->issuer_cik, NULL, s->issuer_name,
	    "other", s->issuer_line, &s->issuer_id)) != CF_OK)
		return rc;
	if (s->ticker != NULL) {
		for (i = 0; i < ds->nentities; i++) {
			struct cf_entity *e = &ds->entities[i];
			char buf[80];

			if (strcmp(e->id, s->issuer_id) != 0 || e->note)
				continue;
			snprintf(buf, sizeof(buf), "ticker %.40s", s->ticker);
			if ((e->note = cf_dataset_strdup(ds, buf)) == NULL)
				return CF_ENOMEM;
		}
	}
	for (i = 0; i < s->nowners; i++) {
		struct owner *o = &s->owners[i];

		if ((rc = cf_edgar_entity(ds, o->cik, NULL, o->name,
		    owner_kind(o->name), o->line, &o->id)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
make_source(struct f4 *s)
{
	const struct cf_filing *f = &s->ds->filing;
	char title[400], more[40] = "", acc[40] = "";

	if (s->nowners > 1)
		snprintf(more, sizeof(more), " and %zu other%s",
		    s->nowners - 1, s->nowners > 2 ? "s" : "");
	if (f->accession != NULL)
		snprintf(acc, sizeof(acc), " (%s)", f->accession);
	snprintf(title, sizeof(title), "%.150s - Form %s filed by %.150s%s%s",
	    s->issuer_name, s->doctype, s->owners[0].name, more, acc);
	return cf_edgar_source(s->ds, title, f->filer_cik, s->root_line,
	    &s->src);
}

/* What a code that makes a flow means, for the note. */
static const char *
code_words(const char *code)
{
	switch (code[0]) {
	case 'A':
		return "grant, award or other acquisition from the issuer";
	case 'M':
		return "exercise or conversion of a derivative security";
	case 'X':
		return "exercise of an in- or at-the-money derivative";
	case 'O':
		return "exercise of an out-of-the-money derivative";
	default:
		return "disposition to the issuer";
	}
}

static int
make_flow(struct f4 *s, const struct row *r)
{
	cf_dataset *ds = s->ds;
	const struct owner *o = &s->owners[0];
	int acq = strchr("AMXO", r->code[0]) != NULL;
	struct cf_flow *fl;
	char note[900], amt[40];
	int64_t cents;
	size_t len;
	int rounded, rc;

	if (r->deriv || !(acq ? str_eq(r->ad, "A") :
	    r->code[0] == 'D' && str_eq(r->ad, "D")))
		return CF_OK;
	if (r->shares == NULL || r->price == NULL)
		return cf_edgar_remark(&s->note, r->line,
		    "code %s transaction in %.60s: %s"
		    " given only by footnote %s, so no flow", r->code, r->title,
		    r->shares == NULL ? "shares" : "price", fn_or_none(
		    r->shares == NULL ? r->shares_fn : r->price_fn));
	if (r->dshares.m == 0 || r->dprice.m == 0)
		return CF_OK;
	if (strcmp(o->id, s->issuer_id) == 0)
		return cf_edgar_remark(&s->note, r->line,
		    "the reporting owner is the issuer:"
		    " no flow");
	if (dec_cents(&r->dshares, &r->dprice, &cents, &rounded) != 0)
		return cf_input_error(ds->path, r->line, "%s shares x %s a"
		    " share does not fit in an amount", r->shares, r->price);
	if ((rc = cf_dataset_add_flow(ds, r->line, &fl)) != CF_OK)
		return rc;
	if ((fl->id = cf_edgar_record_id(ds, s->src, "flow", ++s->nflows)) ==
	    NULL)
		return CF_ENOMEM;
	fl->from = acq ? o->id : s->issuer_id;
	fl->to = acq ? s->issuer_id : o->id;
	fl->type = "equity";
	fl->status = "paid";
	fl->confidence = "high";
	fl->announced = r->date;
	memcpy(fl->currency, "USD", 4);
	fl->has_amount = 1;
	fl->amount = cents;
	fl->has_quantity = 1;
	fl->quantity = dec_double(&r->dshares);
	fl->unit = "shares";
	fl->line = r->line;
	cf_money_format(amt, sizeof(amt), cents, 2);
	len = (size_t)snprintf(note, sizeof(note), "Form %s code %s (%s): %s"
	    " shares of %.80s %s at $%s a share%s%s%s; USD %s = shares x price"
	    " %s", s->doctype, r->code, code_words(r->code), r->shares,
	    r->title, acq ? "acquired" : "disposed of", r->price,
	    r->price_fn ? " (price footnote " : "",
	    r->price_fn ? r->price_fn : "", r->price_fn ? ")" : "", amt,
	    acq ? "paid to the issuer" : "paid by the issuer to the owner");
	if (rounded && len < sizeof(note))
		len += (size_t)snprintf(note + len, sizeof(note) - len,
		    ", rounded half-even to the cent");
	if (acq && r->code[0] != 'A' && len < sizeof(note))
		len += (size_t)snprintf(note + len, sizeof(note) - len,
		    " (a cashless exercise pays in shares instead: see any"
		    " code F rows)");
	if (s->nowners > 1 && len < sizeof(note))
		snprintf(note + len, sizeof(note) - len, "; joint filing: the"
		    " form does not say which of the %zu reporting owners %s,"
		    " so it is attributed to the first, %.80s", s->nowners,
		    acq ? "paid" : "was paid", o->name);
	if ((fl->note = cf_dataset_strdup(ds, note)) == NULL)
		return CF_ENOMEM;
	return cf_edgar_cite(ds, &fl->sources, &fl->nsources, s->src);
}

/* Do rows a and b belong to one security and ownership? */
static int
same_group(const struct row *a, const struct row *b)
{
	return a->deriv == b->deriv && a->txn == b->txn &&
	    str_eq(a->title, b->title) && str_eq(a->di, b->di) &&
	    str_eq(a->nature, b->nature) && str_eq(a->nature_fn, b->nature_fn);
}

static void
holding_note(const struct f4 *s, const struct row *r, char *note,
    size_t size)
{
	size_t len;

#define ADD(...) do {							\
	if (len < size)							\
		len += (size_t)snprintf(note + len, size - len,		\
		    __VA_ARGS__);					\
} while (0)
	len = (size_t)snprintf(note, size, "Form %s: %s", s->doctype,
	    r->deriv ? "derivative securities owned" : "shares owned");
	if (r->txn)
		ADD(" following the last reported transaction (code %s on"
		    " %s)", r->code, r->date);
	else
		ADD(" as of the period of report (no transaction)");
	if (r->deriv) {
		ADD("; a count of derivative securities, not of shares of"
		    " the class");
		if (r->exprice != NULL)
			ADD("; exercise price $%s", r->exprice);
		if (r->expiry != NULL)
			ADD("; expires %s", r->expiry);
		if (r->under != NULL)
			ADD("; underlying %.80s", r->under);
	}
	if (r->has_post_value)
		ADD("; value owned as reported (no share count)");
	if (r->di != NULL)
		ADD("; %s ownership", strcmp(r->di, "D") == 0 ? "direct" :
		    "indirect");
	if (r->nature != NULL)
		ADD(": %.100s", r->nature);
	if (r->nature_fn != NULL)
		ADD(" (footnote %s)", r->nature_fn);
	if (r->post_fn != NULL)
		ADD("; see footnote %s", r->post_fn);
	if (s->nowners > 1)
		ADD("; reported jointly by %zu owners: the form does not"
		    " divide it, so each is shown with the whole (do not add"
		    " them up)", s->nowners);
#undef ADD
}

static int
make_holdings(struct f4 *s, const struct row *r)
{
	cf_dataset *ds = s->ds;
	const char *as_of = r->txn ? r->date : ds->filing.period;
	const char *note;
	char buf[900];
	size_t i;

	if (r->post == NULL && !r->has_post_value)
		return cf_edgar_remark(&s->note, r->line,
		    "%s owned after the %s in %.60s given"
		    " only by footnote %s, so no holding", r->deriv ?
		    "derivative securities" : "shares", r->txn ? "last"
		    " transaction" : "holding row", r->title,
		    r->post_fn ? r->post_fn : "(none)");
	if (as_of == NULL)
		return cf_input_error(ds->path, r->line, "a holding with no"
		    " date: the document has no periodOfReport");
	holding_note(s, r, buf, sizeof(buf));
	for (i = 0; i < s->nowners; i++) {
		const struct owner *o = &s->owners[i];
		struct cf_holding *h;
		int rc;

		if (strcmp(o->id, s->issuer_id) == 0) {
			if ((rc = cf_edgar_remark(&s->note, r->line,
			    "the reporting owner %.60s"
			    " is the issuer: no holding", o->name)) != CF_OK)
				return rc;
			continue;
		}
		if (o->role != NULL) {
			char with[1100];

			snprintf(with, sizeof(with), "%s; %.80s is the issuer's"
			    " %s", buf, o->name, o->role);
			if ((note = cf_dataset_strdup(ds, with)) == NULL)
				return CF_ENOMEM;
		} else if ((note = cf_dataset_strdup(ds, buf)) == NULL) {
			return CF_ENOMEM;
		}
		if ((h = cf_dataset_add_holding(ds)) == NULL ||
		    (h->id = cf_edgar_record_id(ds, s->src, "holding",
		    ++s->nholdings)) == NULL)
			return CF_ENOMEM;
		h->holder = o->id;
		h->issuer = s->issuer_id;
		h->as_of = as_of;
		h->title_of_class = r->title;
		h->note = note;
		h->line = r->line;
		if (r->post != NULL) {
			h->has_shares = 1;
			h->shares = r->post_shares;
		} else {
			h->has_value = 1;
			h->value = r->post_value;
			memcpy(h->currency, "USD", 4);
		}
		if ((rc = cf_edgar_cite(ds, &h->sources, &h->nsources,
		    s->src)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
build(struct f4 *s)
{
	size_t i, j;
	int rc;

	if ((rc = set_filing(s)) != CF_OK ||
	    (rc = make_entities(s)) != CF_OK ||
	    (rc = make_source(s)) != CF_OK)
		return rc;
	if ((rc = cf_edgar_note_add(&s->note,
	    "Form %s%s%s read by edgar-form-4: flows only"
	    " where money went to or from the issuer at a stated price (codes"
	    " A, M, X, O acquired; D disposed to the issuer); open-market"
	    " trades (P, S) and other codes show only in holdings.",
	    s->doctype, s->schema ? ", schema " : "",
	    s->schema ? s->schema : "")) != CF_OK)
		return rc;
	if (strstr(s->doctype, "/A") != NULL &&
	    (rc = cf_edgar_note_add(&s->note, " An"
	    " amendment of the filing of %s, imported as its own filing (the"
	    " form does not give the accession it amends).", s->original ?
	    s->original : "an unstated date")) != CF_OK)
		return rc;
	for (i = 0; i < s->nrows; i++)
		if (s->rows[i].txn && (rc = make_flow(s, &s->rows[i])) != CF_OK)
			return rc;
	for (i = 0; i < s->nrows; i++) {
		const struct row *r = &s->rows[i];

		/* A transaction row stands for its group when it is the
		 * group's last; each holding row stands for itself. */
		for (j = i + 1; r->txn && j < s->nrows; j++)
			if (same_group(r, &s->rows[j]))
				break;
		if (r->txn && j < s->nrows)
			continue;
		if ((rc = make_holdings(s, r)) != CF_OK)
			return rc;
	}
	if ((s->ds->filing.note = cf_dataset_strdup(s->ds, s->note.text)) ==
	    NULL)
		return CF_ENOMEM;
	return CF_OK;
}

int
cf_edgar_read_form4(cf_dataset *ds, cf_xs *x)
{
	struct f4 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.ds = ds;
	s.x = x;
	ds->is_filing = 1;
	if ((rc = read_doc(&s)) == CF_OK)
		rc = build(&s);
	free(s.note.text);
	free(s.rows);
	free(s.owners);
	return rc;
}

/* ---- the reader ---------------------------------------------------------- */

static int
detect(const char *head, size_t len)
{
	char name[64];

	if (cf_edgar_root(head, len, name, sizeof(name)) != 0 ||
	    strcmp(name, "ownershipDocument") != 0)
		return 0;
	return 95;
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_form4);
}

const struct cf_reader cf_reader_form4 = {
	"edgar-form-4", "edgar", 4, detect, NULL, read_file
};
