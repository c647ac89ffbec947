/*
 * formd.c - SEC Form D and D/A (primary_doc.xml): an exempt offering of
 * securities, as one flow from the investors it does not name to the
 * issuer.
 *
 * The document (root edgarSubmission, schema X07xx, no namespace, though
 * any prefix is taken) is streamed: only the small sections are expanded
 * (an issuer, a related person, a sales compensation recipient, the sales
 * amounts), and the lists go into notes up to a limit, so memory does not
 * grow with the file.  What it becomes:
 *
 *  - the primary issuer as an entity (CIK, name, previous names as aliases,
 *    kind "fund" for a pooled investment fund, else "other"); its related
 *    persons, who are people, go into its note; the other issuers of
 *    issuerList become entities of the same kind, noted as co-issuers;
 *  - one shared entity "Undisclosed investors (Form D)" (kind investor);
 *  - one flow from those investors to the issuer: status "paid", amount
 *    the total sold so far (0 when nothing is sold yet, which the note
 *    says), high the total offered when that is a number not below what
 *    is sold (an "Indefinite" offering has no high; an offering sold past
 *    its stated size keeps no high either, and the note says so), announced
 *    the date of first sale, else the signature or filing date.
 *
 * The flow's type comes from the types of securities offered: debt that
 * comes with an option or a security to be acquired, or is described as
 * convertible, is "convertible-note"; other debt alone is "loan"; equity,
 * pooled fund interests or "other" interests (LLC, partnership) without
 * debt are "equity"; anything else (equity mixed with plain debt, tenant
 * in common, mineral property, nothing stated) is "other".
 *
 * ds->filing gets the form (D or D/A), the amended accession of a D/A,
 * the signature date as filing date and the issuer's CIK as filer, unless
 * an SGML header set them first.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

#define INVESTORS	"Undisclosed investors (Form D)"
#define LIST_MAX	2000	/* bytes of a list kept in a note */
#define MAX_DEPTH	8	/* deepest element the walk looks at */

/* A growing string (malloc'd); a list stops taking items past LIST_MAX
 * and counts those it left out. */
struct sb {
	char *s;
	size_t len, cap;
	size_t items, dropped;
};

struct issuer {
	const char *cik;	/* ten digits, or NULL */
	const char *name;
	const char *type, *jurisdiction, *year;
	const char **prev;	/* previous names */
	size_t nprev;
	long line;
};

/* Types of securities offered (typesOfSecuritiesOffered). */
enum {
	SEC_EQUITY = 1, SEC_DEBT = 2, SEC_OPTION = 4, SEC_ACQUIRE = 8,
	SEC_POOLED = 16, SEC_TIC = 32, SEC_MINERAL = 64, SEC_OTHER = 128
};

static const struct {
	const char *tag;
	unsigned bit;
	const char *words;
} sec_types[] = {
	{"isEquityType", SEC_EQUITY, "equity"},
	{"isDebtType", SEC_DEBT, "debt"},
	{"isOptionToAcquireType", SEC_OPTION, "options or rights to acquire"
	    " securities"},
	{"isSecurityToBeAcquiredType", SEC_ACQUIRE, "securities to be"
	    " acquired on exercise"},
	{"isPooledInvestmentFundType", SEC_POOLED, "pooled investment fund"
	    " interests"},
	{"isTenantInCommonType", SEC_TIC, "tenant-in-common securities"},
	{"isMineralPropertyType", SEC_MINERAL, "mineral property securities"},
	{"isOtherType", SEC_OTHER, "other"},
};

/* How an amount was given: absent, a word such as "Indefinite", or a
 * number. */
enum { AMT_NONE, AMT_WORD, AMT_NUMBER };

struct formd {
	cf_dataset *ds;
	cf_xs *x;
	long root_line;
	const char *type;		/* submissionType */
	int has_primary;
	struct issuer primary;
	struct issuer *co;		/* issuerList, malloc'd */
	size_t nco, cco;
	struct sb persons, recipients, exemptions, coissuers, item;
	const char *industry, *fund_type;
	long offering_line;
	const char *prev_acc;		/* amended accession, normalised */
	const char *first_sale;		/* YYYY-MM-DD */
	int yet_to_occur;
	unsigned sec;
	const char *other_desc;
	int has_amounts, has_sold;
	long amounts_line, sold_line;
	int64_t sold, offered, remaining;
	int offered_kind, remaining_kind;
	const char *investors, *nonaccredited;
	int has_fees, has_min;
	int64_t commissions, finders, min_invest;
	const char *signed_on;		/* first signature date */
};

/* ---- detection ----------------------------------------------------------- */

static int
name_char(char c)
{
	return c == '_' || c == '-' || c == '.' || c == ':' ||
	    (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* The text of the first start tag local (any prefix) in the head, trimmed,
 * into buf; 0 when there is none. */
static int
tag_text(const char *head, const char *end, const char *local, char *buf,
    size_t size)
{
	char pat[64];
	const char *p, *q, *t;
	size_t k = 0;

	snprintf(pat, sizeof(pat), "%s>", local);
	for (p = head; (p = memmem(p, (size_t)(end - p), pat,
	    strlen(pat))) != NULL; p++) {
		/* Back over a prefix to the '<' of a start tag. */
		q = p;
		if (q > head && q[-1] == ':')
			for (q--; q > head && name_char(q[-1]) &&
			    q[-1] != ':'; q--)
				;
		if (q == head || q[-1] != '<')
			continue;
		for (t = p + strlen(pat); t < end && (*t == ' ' ||
		    *t == '\t' || *t == '\r' || *t == '\n'); t++)
			;
		while (t < end && *t != '<' && k + 1 < size)
			buf[k++] = *t++;
		while (k > 0 && (buf[k - 1] == ' ' || buf[k - 1] == '\t' ||
		    buf[k - 1] == '\r' || buf[k - 1] == '\n'))
			k--;
		buf[k] = '\0';
		return 1;
	}
	return 0;
}

static int
detect(const char *head, size_t len)
{
	const char *end = head + len;
	char text[32], name[64];

	if (cf_edgar_root(head, len, name, sizeof(name)) != 0 ||
	    strcmp(name, "edgarSubmission") != 0)
		return 0;
	/* The 13F cover page and Schedule 13D share the root: the form
	 * decides, or failing that a Form D schema version. */
	if (tag_text(head, end, "submissionType", text, sizeof(text)))
		return strcmp(text, "D") == 0 || strcmp(text, "D/A") == 0 ?
		    90 : 0;
	if (tag_text(head, end, "schemaVersion", text, sizeof(text)) &&
	    strncmp(text, "X07", 3) == 0)
		return 90;
	return 0;
}

/* ---- strings ------------------------------------------------------------- */

static int sb_add(struct sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	size_t need;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return cf_error_set(CF_ENOMEM, "Form D note");
	need = b->len + (size_t)n + 1;
	if (need > b->cap) {
		size_t cap = b->cap < 128 ? 128 : b->cap * 2;

		while (cap < need)
			cap *= 2;
		if ((s = realloc(b->s, cap)) == NULL)
			return cf_error_set(CF_ENOMEM, "Form D note");
		b->s = s;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return CF_OK;
}

static const char *
sb_str(const struct sb *b)
{
	return b->s != NULL ? b->s : "";
}

/* Add an item to a list joined with sep, or count it as left out. */
static int
list_add(struct sb *b, const char *sep, const char *item)
{
	if (b->len + strlen(item) > LIST_MAX) {
		b->dropped++;
		return CF_OK;
	}
	b->items++;
	return sb_add(b, "%s%s", b->items > 1 ? sep : "", item);
}

static int
list_end(struct sb *b)
{
	return b->dropped > 0 ? sb_add(b, " and %zu more", b->dropped) : CF_OK;
}

/* Does s contain word, ignoring case? */
static int
has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s != NULL && *s != '\0'; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

static int
is_true(const char *text)
{
	return text != NULL && (strcasecmp(text, "true") == 0 ||
	    strcmp(text, "1") == 0 || strcasecmp(text, "Y") == 0);
}

/* Dollars with thousands separators: "$1,234,567" or "$1,234.50". */
static void
usd(char buf[48], int64_t cents)
{
	char digits[24];
	size_t i, n, k = 0;

	snprintf(digits, sizeof(digits), "%" PRId64, cents / 100);
	n = strlen(digits);
	buf[k++] = '$';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	if (cents % 100 != 0)
		snprintf(buf + k, 48 - k, ".%02d", (int)(cents % 100));
	else
		buf[k] = '\0';
}

/* ---- sections ------------------------------------------------------------ */

/* An issuer (primaryIssuer or issuerList/issuer); what names it. */
static int
read_issuer(struct formd *f, const xmlNode *n, const char *what,
    int need_cik, struct issuer *out)
{
	static const char *const lists[] = {"issuerPreviousNameList",
	    "edgarPreviousNameList"};
	cf_dataset *ds = f->ds;
	const xmlNode *c;
	const char *cik, *t;
	char ck[11];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	out->line = cf_xs_node_line(f->x, n);
	if ((rc = cf_xn_path_text(ds, n, "cik", &cik)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "entityName", &out->name)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "entityType", &out->type)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "jurisdictionOfInc",
	    &out->jurisdiction)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "yearOfInc/value",
	    &out->year)) != CF_OK)
		return rc;
	if (cik == NULL && need_cik)
		return cf_xs_error(f->x, n, "Form D: %s has no cik", what);
	if (cik != NULL) {
		if (cf_edgar_cik(ck, cik) != 0)
			return cf_xs_error(f->x, cf_xn_child(n, "cik"),
			    "Form D: %s cik '%.40s' is not a CIK (1 to 10"
			    " digits)", what, cik);
		if ((out->cik = cf_dataset_strdup(ds, ck)) == NULL)
			return CF_ENOMEM;
	}
	if (out->name == NULL)
		return cf_xs_error(f->x, n, "Form D: %s has no entityName",
		    what);
	/* Previous names come as previousName or value, "None" if none. */
	for (i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		c = cf_xn_child(n, lists[i]);
		for (c = c ? c->children : NULL; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if ((rc = cf_xn_text(ds, c, &t)) != CF_OK)
				return rc;
			if (t == NULL || cf_edgar_no_amount(t) ||
			    strcmp(t, out->name) == 0)
				continue;
			if ((rc = cf_edgar_cite(ds, &out->prev, &out->nprev,
			    t)) != CF_OK)
				return rc;
		}
	}
	return CF_OK;
}

static int
on_primary(struct formd *f, const xmlNode *n)
{
	if (f->has_primary)
		return cf_xs_error(f->x, n, "Form D: a second primaryIssuer");
	f->has_primary = 1;
	return read_issuer(f, n, "primaryIssuer", 1, &f->primary);
}

static int
on_issuer(struct formd *f, const xmlNode *n)
{
	struct issuer *v;
	int rc;

	if (f->nco == f->cco) {
		size_t cap = f->cco ? f->cco * 2 : 4;

		if ((v = realloc(f->co, cap * sizeof(*v))) == NULL)
			return cf_error_set(CF_ENOMEM, "Form D issuers");
		f->co = v;
		f->cco = cap;
	}
	if ((rc = read_issuer(f, n, "issuer", 0, &f->co[f->nco])) != CF_OK)
		return rc;
	return list_add(&f->coissuers, ", ", f->co[f->nco++].name);
}

static int
on_submission_type(struct formd *f, const xmlNode *n)
{
	const char *t;
	int rc;

	if (f->type != NULL)
		return cf_xs_error(f->x, n, "Form D: a second submissionType");
	if ((rc = cf_xn_text(f->ds, n, &t)) != CF_OK)
		return rc;
	if (t == NULL || (strcmp(t, "D") != 0 && strcmp(t, "D/A") != 0))
		return cf_xs_error(f->x, n, "Form D: submissionType '%.40s'"
		    " is not D or D/A", t ? t : "");
	f->type = t;
	return CF_OK;
}

/* Is a word of a person's name a legal form ("LLC"), which filers type in
 * firstName when the related person is a firm? */
static int
legal_form(const char *w)
{
	static const char *const forms[] = {"LLC", "L.L.C.", "Ltd.", "Ltd",
	    "Inc.", "Inc", "L.P.", "LP", "LLP", "Corp.", "Corp", "Co.",
	    "GmbH", "S.A.", "plc", NULL};
	size_t i;

	for (i = 0; forms[i] != NULL; i++)
		if (strcasecmp(w, forms[i]) == 0)
			return 1;
	return 0;
}

static int
on_person(struct formd *f, const xmlNode *n)
{
	cf_dataset *ds = f->ds;
	struct sb *b = &f->item;
	const char *first, *middle, *last, *clar, *t;
	const xmlNode *c;
	int rc, k = 0;

	if (f->persons.dropped > 0) {
		f->persons.dropped++;
		return CF_OK;
	}
	if ((rc = cf_xn_path_text(ds, n, "relatedPersonName/firstName",
	    &first)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "relatedPersonName/middleName",
	    &middle)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "relatedPersonName/lastName",
	    &last)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "relationshipClarification",
	    &clar)) != CF_OK)
		return rc;
	if (first != NULL && (cf_edgar_no_amount(first) ||
	    strcmp(first, "-") == 0))
		first = NULL;
	if (middle != NULL && cf_edgar_no_amount(middle))
		middle = NULL;
	if (first == NULL && middle == NULL && last == NULL)
		return CF_OK;
	b->len = 0;
	if (first != NULL && middle == NULL && last != NULL &&
	    legal_form(first))
		rc = sb_add(b, "%s %s", last, first);
	else
		rc = sb_add(b, "%s%s%s%s%s", first ? first : "",
		    first && (middle || last) ? " " : "", middle ? middle : "",
		    middle && last ? " " : "", last ? last : "");
	if (rc != CF_OK)
		return rc;
	c = cf_xn_child(n, "relatedPersonRelationshipList");
	for (c = c ? c->children : NULL; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((rc = cf_xn_text(ds, c, &t)) != CF_OK)
			return rc;
		if (t != NULL && (rc = sb_add(b, "%s%s", k++ ? ", " : " (",
		    t)) != CF_OK)
			return rc;
	}
	if (clar != NULL && (rc = sb_add(b, "%s%s", k++ ? ": " : " (",
	    clar)) != CF_OK)
		return rc;
	if (k > 0 && (rc = sb_add(b, ")")) != CF_OK)
		return rc;
	return list_add(&f->persons, "; ", sb_str(b));
}

static int
on_recipient(struct formd *f, const xmlNode *n)
{
	const char *name, *bd;
	int rc;

	if (f->recipients.dropped > 0) {
		f->recipients.dropped++;
		return CF_OK;
	}
	if ((rc = cf_xn_path_text(f->ds, n, "recipientName", &name)) != CF_OK ||
	    (rc = cf_xn_path_text(f->ds, n, "associatedBDName", &bd)) != CF_OK)
		return rc;
	/* A filing with no paid solicitor lists one recipient "None". */
	if (name == NULL || cf_edgar_no_amount(name))
		return CF_OK;
	f->item.len = 0;
	if ((rc = bd != NULL && !cf_edgar_no_amount(bd) && strcmp(bd, name) ?
	    sb_add(&f->item, "%s (%s)", name, bd) :
	    sb_add(&f->item, "%s", name)) != CF_OK)
		return rc;
	return list_add(&f->recipients, "; ", sb_str(&f->item));
}

static int
on_industry(struct formd *f, const xmlNode *n)
{
	int rc;

	if ((rc = cf_xn_path_text(f->ds, n, "industryGroupType",
	    &f->industry)) != CF_OK)
		return rc;
	return cf_xn_path_text(f->ds, n,
	    "investmentFundInfo/investmentFundType", &f->fund_type);
}

static int
on_exemptions(struct formd *f, const xmlNode *n)
{
	const xmlNode *c;
	const char *t;
	int rc;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((rc = cf_xn_text(f->ds, c, &t)) != CF_OK)
			return rc;
		if (t != NULL && (rc = list_add(&f->exemptions, ", ",
		    t)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

static int
on_type_of_filing(struct formd *f, const xmlNode *n)
{
	const xmlNode *acc = cf_xn_path(n, "newOrAmendment/"
	    "previousAccessionNumber");
	const xmlNode *sale = cf_xn_path(n, "dateOfFirstSale/value");
	const char *t;
	char a[21];
	int rc;

	if ((rc = cf_xn_text(f->ds, acc, &t)) != CF_OK)
		return rc;
	if (t != NULL) {
		if (cf_edgar_accession(a, t) != 0)
			return cf_xs_error(f->x, acc, "Form D:"
			    " previousAccessionNumber '%.40s' is not an"
			    " accession number (0001234567-24-000123)", t);
		if ((f->prev_acc = cf_dataset_strdup(f->ds, a)) == NULL)
			return CF_ENOMEM;
	}
	if ((rc = cf_xn_text(f->ds, sale, &t)) != CF_OK ||
	    (rc = cf_edgar_date_ds(f->x, f->ds, sale, "Form D: date of"
	    " first sale", t, &f->first_sale)) != CF_OK ||
	    (rc = cf_xn_path_text(f->ds, n, "dateOfFirstSale/yetToOccur",
	    &t)) != CF_OK)
		return rc;
	f->yet_to_occur = is_true(t);
	return CF_OK;
}

static int
on_securities(struct formd *f, const xmlNode *n)
{
	const char *t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(sec_types) / sizeof(*sec_types); i++) {
		if ((rc = cf_xn_path_text(f->ds, n, sec_types[i].tag,
		    &t)) != CF_OK)
			return rc;
		if (is_true(t))
			f->sec |= sec_types[i].bit;
	}
	return cf_xn_path_text(f->ds, n, "descriptionOfOtherType",
	    &f->other_desc);
}

/* An amount that may be a word ("Indefinite"); *kind says which. */
static int
amount_or_word(struct formd *f, const xmlNode *n, const char *what,
    int *kind, int64_t *cents)
{
	const char *t;
	int rc;

	*kind = AMT_NONE;
	if ((rc = cf_xn_text(f->ds, n, &t)) != CF_OK || t == NULL)
		return rc;
	if (cf_edgar_no_amount(t)) {
		*kind = AMT_WORD;
		return CF_OK;
	}
	if ((rc = cf_edgar_dollars(f->x, n, what, t, cents)) != CF_OK)
		return rc;
	*kind = AMT_NUMBER;
	return CF_OK;
}

static int
on_amounts(struct formd *f, const xmlNode *n)
{
	const xmlNode *sold = cf_xn_child(n, "totalAmountSold");
	const char *t;
	int rc;

	if (f->has_amounts)
		return cf_xs_error(f->x, n, "Form D: a second"
		    " offeringSalesAmounts");
	f->has_amounts = 1;
	f->amounts_line = cf_xs_node_line(f->x, n);
	if ((rc = cf_xn_text(f->ds, sold, &t)) != CF_OK)
		return rc;
	if (t == NULL)
		return cf_xs_error(f->x, sold ? sold : n, "Form D:"
		    " offeringSalesAmounts has no totalAmountSold");
	if ((rc = cf_edgar_dollars(f->x, sold, "Form D: totalAmountSold", t,
	    &f->sold)) != CF_OK)
		return rc;
	f->has_sold = 1;
	f->sold_line = cf_xs_node_line(f->x, sold);
	if ((rc = amount_or_word(f, cf_xn_child(n, "totalOfferingAmount"),
	    "Form D: totalOfferingAmount", &f->offered_kind,
	    &f->offered)) != CF_OK)
		return rc;
	return amount_or_word(f, cf_xn_child(n, "totalRemaining"),
	    "Form D: totalRemaining", &f->remaining_kind, &f->remaining);
}

static int
on_investors(struct formd *f, const xmlNode *n)
{
	static const char *const tags[] = {"totalNumberAlreadyInvested",
	    "numberNonAccreditedInvestors"};
	const char **out[2];
	const xmlNode *c;
	size_t i;
	int rc;

	out[0] = &f->investors;
	out[1] = &f->nonaccredited;
	for (i = 0; i < 2; i++) {
		c = cf_xn_child(n, tags[i]);
		if ((rc = cf_xn_text(f->ds, c, out[i])) != CF_OK)
			return rc;
		if (*out[i] != NULL && (strlen(*out[i]) > 9 ||
		    strspn(*out[i], "0123456789") != strlen(*out[i])))
			return cf_xs_error(f->x, c, "Form D: %s '%.40s' is not"
			    " a number of investors", tags[i], *out[i]);
	}
	return CF_OK;
}

static int
on_fees(struct formd *f, const xmlNode *n)
{
	const xmlNode *sc = cf_xn_path(n, "salesCommissions/dollarAmount");
	const xmlNode *ff = cf_xn_path(n, "findersFees/dollarAmount");
	const char *t;
	int rc;

	if ((rc = cf_xn_text(f->ds, sc, &t)) != CF_OK ||
	    (t != NULL && (rc = cf_edgar_dollars(f->x, sc, "Form D: sales"
	    " commissions", t, &f->commissions)) != CF_OK) ||
	    (rc = cf_xn_text(f->ds, ff, &t)) != CF_OK ||
	    (t != NULL && (rc = cf_edgar_dollars(f->x, ff, "Form D: finders'"
	    " fees", t, &f->finders)) != CF_OK))
		return rc;
	f->has_fees = f->commissions > 0 || f->finders > 0;
	return CF_OK;
}

static int
on_minimum(struct formd *f, const xmlNode *n)
{
	const char *t;
	int rc;

	if ((rc = cf_xn_text(f->ds, n, &t)) != CF_OK || t == NULL)
		return rc;
	if ((rc = cf_edgar_dollars(f->x, n, "Form D: minimum investment", t,
	    &f->min_invest)) != CF_OK)
		return rc;
	f->has_min = f->min_invest > 0;
	return CF_OK;
}

static int
on_signature(struct formd *f, const xmlNode *n)
{
	const xmlNode *d = cf_xn_child(n, "signatureDate");
	const char *t, *date;
	int rc;

	if ((rc = cf_xn_text(f->ds, d, &t)) != CF_OK ||
	    (rc = cf_edgar_date_ds(f->x, f->ds, d, "Form D: signatureDate",
	    t, &date)) != CF_OK)
		return rc;
	if (f->signed_on == NULL)
		f->signed_on = date;
	return CF_OK;
}

/* The sections the walk expands, by path below the root; the elements
 * around them (lists, offeringData) are streamed through. */
static const struct {
	const char *path;
	int (*fn)(struct formd *, const xmlNode *);
} sections[] = {
	{"submissionType", on_submission_type},
	{"primaryIssuer", on_primary},
	{"issuerList/issuer", on_issuer},
	{"relatedPersonsList/relatedPersonInfo", on_person},
	{"offeringData/industryGroup", on_industry},
	{"offeringData/federalExemptionsExclusions", on_exemptions},
	{"offeringData/typeOfFiling", on_type_of_filing},
	{"offeringData/typesOfSecuritiesOffered", on_securities},
	{"offeringData/minimumInvestmentAccepted", on_minimum},
	{"offeringData/salesCompensationList/recipient", on_recipient},
	{"offeringData/offeringSalesAmounts", on_amounts},
	{"offeringData/investors", on_investors},
	{"offeringData/salesCommissionsFindersFees", on_fees},
	{"offeringData/signatureBlock/signature", on_signature},
};

/* The lines of the root and of offeringData from an expanded node's
 * ancestors in the tree, which are exact where the reader's line for a
 * start tag may run ahead. */
static void
ancestor_lines(struct formd *f, const xmlNode *n, const char *path)
{
	const xmlNode *p, *below = NULL;

	for (p = n; p->parent != NULL && p->parent->type == XML_ELEMENT_NODE;
	    p = p->parent)
		below = p;
	f->root_line = cf_xs_node_line(f->x, p);
	if (below != NULL && strncmp(path, "offeringData/", 13) == 0)
		f->offering_line = cf_xs_node_line(f->x, below);
}

/* Walk the root's descendants, expanding the sections above. */
static int
walk(struct formd *f)
{
	char path[256];
	size_t len[MAX_DEPTH + 1], i, n;
	const xmlNode *node;
	const char *name;
	int d, rc;

	len[0] = 0;
	while ((rc = cf_xs_next(f->x)) == 1) {
		d = cf_xs_depth(f->x);
		if (d < 1 || d > MAX_DEPTH)
			continue;
		name = cf_xs_name(f->x);
		n = d == 1 ? 0 : len[d - 1];
		if (n == SIZE_MAX || n + strlen(name) + 2 > sizeof(path)) {
			len[d] = SIZE_MAX;
			continue;
		}
		snprintf(path + n, sizeof(path) - n, "%s%s", d > 1 ? "/" : "",
		    name);
		len[d] = strlen(path);
		if (strcmp(path, "offeringData") == 0 && f->offering_line == 0)
			f->offering_line = cf_xs_line(f->x);
		for (i = 0; i < sizeof(sections) / sizeof(*sections); i++)
			if (strcmp(path, sections[i].path) == 0)
				break;
		if (i == sizeof(sections) / sizeof(*sections))
			continue;
		/* After a failed expansion the reader reports its error. */
		if ((rc = cf_xs_expand(f->x, &node)) != CF_OK)
			return rc;
		ancestor_lines(f, node, path);
		if ((rc = sections[i].fn(f, node)) != CF_OK)
			return rc;
	}
	return rc;
}

/* ---- records ------------------------------------------------------------- */

static struct cf_entity *
entity_of(cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; i < ds->nentities; i++)
		if (strcmp(ds->entities[i].id, id) == 0)
			return &ds->entities[i];
	return NULL;
}

/* The flow type from the securities offered (see the top of the file). */
static const char *
flow_type(unsigned sec, const char *other)
{
	int debt = (sec & SEC_DEBT) != 0;
	int equity = (sec & (SEC_EQUITY | SEC_POOLED)) != 0 ||
	    ((sec & SEC_OTHER) && has_word(other, "interest"));

	if (debt && ((sec & (SEC_OPTION | SEC_ACQUIRE)) ||
	    has_word(other, "convertib")))
		return "convertible-note";
	if (debt && !equity && !(sec & (SEC_TIC | SEC_MINERAL)))
		return "loan";
	if (equity && !debt)
		return "equity";
	return "other";
}

/* Set a local entity's note unless it has one. */
static int
set_note(cf_dataset *ds, const char *id, const char *note)
{
	struct cf_entity *e = entity_of(ds, id);

	if (e == NULL || e->note != NULL)
		return CF_OK;
	return (e->note = cf_dataset_strdup(ds, note)) ? CF_OK : CF_ENOMEM;
}

/* An issuer as an entity of kind, with its previous names as aliases;
 * note is set when the entity has none. */
static int
add_issuer(struct formd *f, const struct issuer *is, const char *kind,
    const char *note, const char **id)
{
	size_t i;
	int rc;

	if ((rc = cf_edgar_entity(f->ds, is->cik, NULL, is->name, kind,
	    is->line, id)) != CF_OK)
		return rc;
	for (i = 0; i < is->nprev; i++)
		if ((rc = cf_edgar_alias(f->ds, *id, is->prev[i])) != CF_OK)
			return rc;
	return set_note(f->ds, *id, note);
}

/* The issuers: the primary one (*issuer) and the co-issuers. */
static int
add_issuers(struct formd *f, const char *kind, const char *form,
    const char **issuer)
{
	static const char *const pre[] = {"", "", "incorporated "};
	const struct issuer *p = &f->primary;
	const char *part[3], *id;
	struct sb note = {0};
	size_t i;
	int rc, k = 0;

	part[0] = p->type;
	part[1] = p->jurisdiction;
	part[2] = p->year;
	rc = sb_add(&note, "Form %s issuer", form);
	for (i = 0; rc == CF_OK && i < 3; i++)
		if (part[i] != NULL)
			rc = sb_add(&note, "%s%s%s", k++ ? ", " : " (", pre[i],
			    part[i]);
	if (rc != CF_OK || (k > 0 && (rc = sb_add(&note, ")")) != CF_OK) ||
	    (rc = sb_add(&note, ".")) != CF_OK ||
	    (f->persons.items > 0 && ((rc = list_end(&f->persons)) != CF_OK ||
	    (rc = sb_add(&note, " Related persons: %s.",
	    sb_str(&f->persons))) != CF_OK)) ||
	    (rc = add_issuer(f, p, kind, sb_str(&note), issuer)) != CF_OK)
		goto out;
	for (i = 0; i < f->nco; i++) {
		note.len = 0;
		if ((rc = sb_add(&note, "Co-issuer with %s of a Form %s"
		    " offering.", p->name, form)) != CF_OK ||
		    (rc = add_issuer(f, &f->co[i], kind, sb_str(&note),
		    &id)) != CF_OK)
			goto out;
	}
out:
	free(note.s);
	return rc;
}

/* The flow's note: what the numbers are. */
static int
flow_note(struct formd *f, struct sb *b, const char *form, int high)
{
	char sold[48], v[48];
	size_t i;
	int rc, k = 0;

	usd(sold, f->sold);
	if (f->offered_kind == AMT_NUMBER)
		usd(v, f->offered);
	rc = sb_add(b, "Form %s: %s sold %s of %s offered", form,
	    f->primary.name, sold, f->offered_kind == AMT_NUMBER ? v :
	    f->offered_kind == AMT_WORD ? "an indefinite amount" : "an amount"
	    " not stated");
	if (rc == CF_OK && f->remaining_kind != AMT_NONE) {
		if (f->remaining_kind == AMT_NUMBER)
			usd(v, f->remaining);
		rc = sb_add(b, " (%s remaining)", f->remaining_kind ==
		    AMT_NUMBER ? v : "indefinite");
	}
	if (rc == CF_OK && f->investors != NULL)
		rc = sb_add(b, " to %s investor%s%s%s%s", f->investors,
		    strcmp(f->investors, "1") ? "s" : "",
		    f->nonaccredited ? " (" : "",
		    f->nonaccredited ? f->nonaccredited : "",
		    f->nonaccredited ? " not accredited)" : "");
	if (rc == CF_OK)
		rc = f->first_sale ? sb_add(b, "; first sale %s",
		    f->first_sale) : f->yet_to_occur ? sb_add(b, "; first"
		    " sale yet to occur") : CF_OK;
	if (rc == CF_OK)
		rc = sb_add(b, "; securities: ");
	for (i = 0; rc == CF_OK && i < sizeof(sec_types) / sizeof(*sec_types);
	    i++)
		if (f->sec & sec_types[i].bit)
			rc = sb_add(b, "%s%s", k++ ? ", " : "",
			    sec_types[i].words);
	if (rc == CF_OK && (f->sec & SEC_OTHER) && f->other_desc)
		rc = sb_add(b, " (%s)", f->other_desc);
	if (rc == CF_OK && k == 0)
		rc = sb_add(b, "not stated");
	if (rc == CF_OK && f->industry)
		rc = sb_add(b, "; industry: %s%s%s%s", f->industry,
		    f->fund_type ? " (" : "", f->fund_type ? f->fund_type : "",
		    f->fund_type ? ")" : "");
	if (rc == CF_OK && f->exemptions.items > 0 &&
	    (rc = list_end(&f->exemptions)) == CF_OK)
		rc = sb_add(b, "; exemptions: %s", sb_str(&f->exemptions));
	if (rc == CF_OK && f->has_min) {
		usd(v, f->min_invest);
		rc = sb_add(b, "; minimum investment %s", v);
	}
	if (rc == CF_OK && f->has_fees) {
		usd(v, f->commissions);
		rc = sb_add(b, "; sales commissions %s", v);
		usd(v, f->finders);
		if (rc == CF_OK)
			rc = sb_add(b, ", finders' fees %s", v);
	}
	if (rc == CF_OK && f->recipients.items > 0 &&
	    (rc = list_end(&f->recipients)) == CF_OK)
		rc = sb_add(b, "; sales compensation to %s",
		    sb_str(&f->recipients));
	if (rc == CF_OK && f->coissuers.items > 0 &&
	    (rc = list_end(&f->coissuers)) == CF_OK)
		rc = sb_add(b, "; co-issuers: %s", sb_str(&f->coissuers));
	if (rc == CF_OK)
		rc = sb_add(b, ". Amount: the total sold as of the filing, to"
		    " investors the form does not name%s.", high ? "; high:"
		    " the total offered" : "");
	if (rc == CF_OK && f->sold == 0)
		rc = sb_add(b, " Nothing sold yet, so the amount is 0.");
	if (rc == CF_OK && f->offered_kind == AMT_NUMBER && !high) {
		usd(v, f->offered);
		rc = sb_add(b, " More was sold than the %s offered, so the"
		    " offering is not used as an upper bound.", v);
	}
	if (rc == CF_OK && f->type != NULL && strcmp(f->type, "D/A") == 0)
		rc = f->prev_acc ? sb_add(b, " Amends %s; the figures are"
		    " cumulative and replace the original's.", f->prev_acc) :
		    sb_add(b, " An amendment naming no previous accession.");
	return rc;
}

/* ds->filing from the document, keeping what an SGML header set. */
static int
fill_filing(struct formd *f)
{
	struct cf_filing *fl = &f->ds->filing;
	char acc[21];

	if (fl->form == NULL)
		fl->form = f->type;
	if (strcmp(f->type, "D/A") == 0 ||
	    (fl->form != NULL && strcmp(fl->form, "D/A") == 0))
		fl->amendment = 1;
	if (fl->amendment && fl->amends == NULL)
		fl->amends = f->prev_acc;
	if (fl->filed == NULL)
		fl->filed = f->signed_on;
	if (fl->filer_cik == NULL)
		fl->filer_cik = f->primary.cik;
	if (fl->accession == NULL &&
	    cf_edgar_accession_from_path(acc, f->ds->path) == 0 &&
	    (fl->accession = cf_dataset_strdup(f->ds, acc)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

static int
build(struct formd *f)
{
	cf_dataset *ds = f->ds;
	struct cf_filing *fl = &ds->filing;
	struct cf_flow *w;
	struct sb note = {0};
	const char *src, *issuer, *investors, *kind, *date;
	char title[512];
	int rc, high;

	if (f->type == NULL)
		return cf_input_error(ds->path, f->root_line, "Form D: no"
		    " submissionType (expected D or D/A)");
	if (!f->has_primary)
		return cf_input_error(ds->path, f->root_line, "Form D: no"
		    " primaryIssuer");
	if (!f->has_sold)
		return cf_input_error(ds->path, f->has_amounts ?
		    f->amounts_line : f->offering_line ? f->offering_line :
		    f->root_line, "Form D: no offeringData/offeringSalesAmounts"
		    "/totalAmountSold");
	if ((rc = fill_filing(f)) != CF_OK)
		return rc;
	date = f->first_sale ? f->first_sale : f->signed_on ? f->signed_on :
	    fl->filed;
	if (date == NULL)
		return cf_input_error(ds->path, f->root_line, "Form D: no date"
		    " of first sale, signature date or filing date");
	snprintf(title, sizeof(title), "%.300s - Form %s%s%s%s",
	    f->primary.name, fl->form, fl->accession ? " (" : "",
	    fl->accession ? fl->accession : "", fl->accession ? ")" : "");
	kind = (f->industry && strcasecmp(f->industry, "Pooled Investment"
	    " Fund") == 0) || f->fund_type || (f->sec & SEC_POOLED) ?
	    "fund" : "other";
	high = f->offered_kind == AMT_NUMBER && f->offered >= f->sold;
	if ((rc = cf_edgar_source(ds, title, f->primary.cik, f->root_line,
	    &src)) != CF_OK ||
	    (rc = add_issuers(f, kind, fl->form, &issuer)) != CF_OK ||
	    (rc = cf_edgar_entity(ds, NULL, NULL, INVESTORS, "investor",
	    f->root_line, &investors)) != CF_OK ||
	    (rc = set_note(ds, investors, "Stands for the investors of Form D"
	    " offerings, which the form does not name.")) != CF_OK ||
	    (rc = flow_note(f, &note, fl->form, high)) != CF_OK)
		goto out;
	if ((rc = cf_dataset_add_flow(ds, f->root_line, &w)) != CF_OK)
		goto out;
	if ((w->id = cf_edgar_record_id(ds, src, "flow", 1)) == NULL ||
	    (w->note = cf_dataset_strdup(ds, sb_str(&note))) == NULL) {
		rc = CF_ENOMEM;
		goto out;
	}
	w->from = investors;
	w->to = issuer;
	w->type = flow_type(f->sec, f->other_desc);
	w->status = "paid";
	w->confidence = "high";
	w->announced = date;
	memcpy(w->currency, "USD", 4);
	w->has_amount = 1;
	w->amount = f->sold;
	w->has_high = high;
	w->high = high ? f->offered : 0;
	w->line = f->sold_line;
	rc = cf_edgar_cite(ds, &w->sources, &w->nsources, src);
out:
	free(note.s);
	return rc;
}

int
cf_edgar_read_formd(cf_dataset *ds, cf_xs *x)
{
	struct formd f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.ds = ds;
	f.x = x;
	ds->is_filing = 1;
	if ((rc = cf_xs_next(x)) < 0)
		goto out;
	if (rc == 0) {
		rc = cf_xs_error(x, NULL, "Form D: the document is empty");
		goto out;
	}
	f.root_line = cf_xs_line(x);
	if (strcmp(cf_xs_name(x), "edgarSubmission") != 0) {
		rc = cf_xs_error(x, NULL, "Form D: root element is <%.60s>, not"
		    " <edgarSubmission>", cf_xs_name(x));
		goto out;
	}
	if ((rc = walk(&f)) == CF_OK)
		rc = build(&f);
out:
	free(f.co);
	free(f.persons.s);
	free(f.recipients.s);
	free(f.exemptions.s);
	free(f.coissuers.s);
	free(f.item.s);
	return rc;
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_formd);
}

const struct cf_reader cf_reader_formd = {
	"edgar-form-d", "edgar", 4, detect, NULL, read_file
};
