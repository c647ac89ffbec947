/*
 * xbrl.c - XBRL instance documents (10-K, 10-Q, 8-K) and their label
 * linkbase.
 *
 * The instance is streamed once.  Contexts and units (which may come after
 * the facts that use them) are kept as small records; of the facts, only
 * those of the concepts mapped below and five dei facts are kept, each with
 * its context and unit ids.  At the end the facts are resolved, checked,
 * filtered and turned into records; the label linkbase is then streamed
 * (three short passes) for the names of the members the records use.
 * Memory is bounded by the contexts, units and mapped facts.
 *
 * Mapped us-gaap concepts (matched by namespace http://fasb.org/us-gaap/...
 * and local name, whatever the prefix); money facts only, in an ISO 4217
 * unit:
 *   rpo                  RevenueRemainingPerformanceObligation, per date
 *                        and counterparty; facts on the typed timing axis
 *                        (...ExpectedTimingOfSatisfactionStartDateAxis)
 *                        become the schedule (due = the typed date) and,
 *                        with no untimed total, add up to the amount; the
 *                        ...Percentage and ...Period1 facts of a timing go
 *                        into the note.
 *   purchase-obligations UnrecordedUnconditionalPurchaseObligationBalance-
 *                        SheetAmount with its BalanceOn{First..Fifth}-
 *                        Anniversary, DueWithin{One..Five}Year(s), DueIn-
 *                        NextRollingTwelveMonths, DueInRollingYear{Two..
 *                        Five}, DueInRollingAfterYearFive and DueAfterFive-
 *                        Years ladder; PurchaseObligation with its DueIn-
 *                        NextTwelveMonths, DueIn{Second..Fifth}Year and
 *                        DueAfterFifthYear ladder.  Rung k is due in year
 *                        Y+k, Y the year of the balance date (the year its
 *                        k-th twelve months end in: 2022-12-31 gives 2023
 *                        to 2027); "after the fifth year" is year Y+6 and
 *                        the note says so.  No total: the rungs' sum.
 *   stake-value          EquityMethodInvestments, EquitySecuritiesFvNi,
 *                        EquitySecuritiesWithoutReadilyDeterminableFair-
 *                        ValueAmount (with or without a counterparty);
 *                        LongTermInvestments (only with one).
 *   investments-paid     PaymentsToAcquire{EquityMethodInvestments,
 *   or an equity flow    Investments, OtherInvestments, EquitySecurities-
 *                        FvNi, InterestInJointVenture, InterestIn-
 *                        SubsidiariesAndAffiliates}: with a counterparty in
 *                        an annual report (10-K, 20-F, 40-F) for the
 *                        report's own period, a paid equity flow from the
 *                        filer, announced at the period end; otherwise a
 *                        disclosure (fiscal years do not overlap, so flows
 *                        from annual reports never count a payment twice,
 *                        while 10-Q periods overlap them).
 *   capex                PaymentsToAcquireProductiveAssets, PaymentsTo-
 *                        AcquirePropertyPlantAndEquipment (no dimension).
 *   convertible-notes    ConvertibleNotesPayable(Current), Convertible-
 *                        LongTermNotesPayable, ConvertibleDebt(Current|
 *                        Noncurrent), ConvertibleSubordinatedDebt(Current|
 *                        Noncurrent): notes the filer issued (a counterparty
 *                        member names the holder); AvailableForSale-
 *                        SecuritiesDebtSecurities(Current|Noncurrent) only
 *                        with a counterparty: notes held in it.
 * Dimensions understood: the counterparty axes (srt:CounterpartyNameAxis,
 * srt:ScheduleOfEquityMethodInvestmentEquityMethodInvesteeNameAxis,
 * us-gaap:EquityMethodInvestmentNonconsolidatedInvesteeAxis, us-gaap or
 * srt:RelatedPartyTransactionsByRelatedPartyAxis), us-gaap:TypeOf-
 * ArrangementAxis beside a counterparty (named in the note) and the RPO
 * timing axis.  A fact with any other dimension, two counterparties, the
 * wrong period type, a negative value or a non-currency unit is left out
 * and counted in ds->filing.note; so are facts without a counterparty
 * whose period does not end on the report's own period end (comparatives
 * that earlier filings report as current).
 *
 * (us-gaap:InvestmentIssuerAffiliationAxis is not a counterparty axis: its
 * members say affiliated or not, never who.)  Facts inside tuples, facts of
 * other concepts and nil facts are not read at all.
 *
 * The filer is dei:EntityCentralIndexKey and dei:EntityRegistrantName (each
 * preferably from a context without dimensions), else the CIK of a context
 * identifier with scheme http://www.sec.gov/CIK, named "CIK NNNNNNNNNN"
 * when the registrant name is missing; the report's own period is that of
 * the context of dei:DocumentPeriodEndDate.  Refused with "path:line:": a
 * fact naming an undefined context or unit, a money fact without a unit,
 * a value that is not a decimal number or does not fit in 64-bit minor
 * units (or has more decimals than its currency), bad decimals, a missing
 * or malformed period, a context or unit defined twice, a CIK or period
 * end date that is not one, and a document that names no filer at all.
 *
 * Duplicates (same concept, period, dimensions and currency) are merged.
 * Values that differ within their rounding (the XBRL duplicates rule:
 * intervals value +- half of 10^-decimals overlap) are consistent and the
 * most precise is kept (the first on a tie); values that differ beyond it
 * are an error, as EDGAR itself refuses such filings.
 *
 * A counterparty is named by the label linkbase (standard label, " [Member]"
 * dropped), else from the member's local name ("GlobalElectionServicesInc-
 * Member" -> "Global Election Services Inc").  A standard member (us-gaap,
 * srt or dei namespace) names no one: its entity is named from it with the
 * filer's name added, so two filers' "investees" stay apart, and its note
 * says so.  The member's local name and QName are always aliases.  When
 * reading a plain file, the label linkbase is the instance's name with
 * "_htm.xml" or ".xml" replaced by "_lab.xml" in the same folder, else the
 * only "*_lab.xml" there; it is recorded in ds->filing.companions.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

#define NS_INSTANCE	"http://www.xbrl.org/2003/instance"
#define NS_LINKBASE	"http://www.xbrl.org/2003/linkbase"
#define NS_ISO4217	"http://www.xbrl.org/2003/iso4217"
#define NS_XBRLDI	"http://xbrl.org/2006/xbrldi"
#define NS_GAAP		"http://fasb.org/us-gaap/"
#define NS_SRT		"http://fasb.org/srt/"
#define NS_DEI		"http://xbrl.sec.gov/dei/"
#define SCHEME_CIK	"http://www.sec.gov/CIK"
#define ROLE_LABEL	"http://www.xbrl.org/2003/role/label"
#define TIMING_AXIS	"RevenueRemainingPerformanceObligationExpected" \
			"TimingOfSatisfactionStartDateAxis"

#define DEC_INF	INT_MAX		/* decimals="INF" or none */
#define QNAME_MAX 512		/* longest member or measure QName read */

enum role {
	DEI_CIK, DEI_NAME, DEI_TYPE, DEI_PERIOD, DEI_AMEND,
	RPO, RPO_PCT, RPO_PERIOD,	/* the last two are not money */
	PO_TOTAL, PO_RUNG,
	STAKE, STAKE_NAMED,		/* _NAMED: only with a counterparty */
	PAID, CAPEX,
	CONV_ISSUED, CONV_HELD
};

struct concept {
	const char *name;
	enum role role;
	int arg;		/* PO_TOTAL: family; PO_RUNG: family * 8 +
				 * rung (1..6, 6 after the fifth year) */
	const char *what;	/* for notes */
};

/* Families of purchase obligation ladders. */
enum { UNRECORDED, PURCHASE };

static const struct concept dei_concepts[] = {
	{"EntityCentralIndexKey", DEI_CIK, 0, NULL},
	{"EntityRegistrantName", DEI_NAME, 0, NULL},
	{"DocumentType", DEI_TYPE, 0, NULL},
	{"DocumentPeriodEndDate", DEI_PERIOD, 0, NULL},
	{"AmendmentFlag", DEI_AMEND, 0, NULL},
	{NULL, 0, 0, NULL}
};

#define UUPO "UnrecordedUnconditionalPurchaseObligation"
#define UUPO_WHAT "unrecorded unconditional purchase obligations"
#define PO_WHAT "purchase obligations"
#define PAID_WHAT "payments to acquire investments"

static const struct concept gaap_concepts[] = {
	{"RevenueRemainingPerformanceObligation", RPO, 0,
	    "remaining performance obligations"},
	{"RevenueRemainingPerformanceObligationPercentage", RPO_PCT, 0, NULL},
	{"RevenueRemainingPerformanceObligationExpectedTimingOfSatisfaction"
	    "Period1", RPO_PERIOD, 0, NULL},
	{UUPO "BalanceSheetAmount", PO_TOTAL, UNRECORDED, UUPO_WHAT},
	{UUPO "BalanceOnFirstAnniversary", PO_RUNG, UNRECORDED * 8 + 1, NULL},
	{UUPO "BalanceOnSecondAnniversary", PO_RUNG, UNRECORDED * 8 + 2, NULL},
	{UUPO "BalanceOnThirdAnniversary", PO_RUNG, UNRECORDED * 8 + 3, NULL},
	{UUPO "BalanceOnFourthAnniversary", PO_RUNG, UNRECORDED * 8 + 4, NULL},
	{UUPO "BalanceOnFifthAnniversary", PO_RUNG, UNRECORDED * 8 + 5, NULL},
	{UUPO "DueWithinOneYear", PO_RUNG, UNRECORDED * 8 + 1, NULL},
	{UUPO "DueWithinTwoYears", PO_RUNG, UNRECORDED * 8 + 2, NULL},
	{UUPO "DueWithinThreeYears", PO_RUNG, UNRECORDED * 8 + 3, NULL},
	{UUPO "DueWithinFourYears", PO_RUNG, UNRECORDED * 8 + 4, NULL},
	{UUPO "DueWithinFiveYears", PO_RUNG, UNRECORDED * 8 + 5, NULL},
	{UUPO "DueInNextRollingTwelveMonths", PO_RUNG, UNRECORDED * 8 + 1,
	    NULL},
	{UUPO "DueInRollingYearTwo", PO_RUNG, UNRECORDED * 8 + 2, NULL},
	{UUPO "DueInRollingYearThree", PO_RUNG, UNRECORDED * 8 + 3, NULL},
	{UUPO "DueInRollingYearFour", PO_RUNG, UNRECORDED * 8 + 4, NULL},
	{UUPO "DueInRollingYearFive", PO_RUNG, UNRECORDED * 8 + 5, NULL},
	{UUPO "DueInRollingAfterYearFive", PO_RUNG, UNRECORDED * 8 + 6, NULL},
	{UUPO "DueAfterFiveYears", PO_RUNG, UNRECORDED * 8 + 6, NULL},
	{"PurchaseObligation", PO_TOTAL, PURCHASE, PO_WHAT},
	{"PurchaseObligationDueInNextTwelveMonths", PO_RUNG, PURCHASE * 8 + 1,
	    NULL},
	{"PurchaseObligationDueInSecondYear", PO_RUNG, PURCHASE * 8 + 2, NULL},
	{"PurchaseObligationDueInThirdYear", PO_RUNG, PURCHASE * 8 + 3, NULL},
	{"PurchaseObligationDueInFourthYear", PO_RUNG, PURCHASE * 8 + 4, NULL},
	{"PurchaseObligationDueInFifthYear", PO_RUNG, PURCHASE * 8 + 5, NULL},
	{"PurchaseObligationDueAfterFifthYear", PO_RUNG, PURCHASE * 8 + 6,
	    NULL},
	{"EquityMethodInvestments", STAKE, 0, "equity-method investment"},
	{"EquitySecuritiesFvNi", STAKE, 0, "equity securities at fair value"},
	{"EquitySecuritiesWithoutReadilyDeterminableFairValueAmount", STAKE,
	    0, "equity securities without a readily determinable fair value"},
	{"LongTermInvestments", STAKE_NAMED, 0, "long-term investment"},
	{"PaymentsToAcquireEquityMethodInvestments", PAID, 0,
	    "payments to acquire equity-method investments"},
	{"PaymentsToAcquireInvestments", PAID, 0, PAID_WHAT},
	{"PaymentsToAcquireOtherInvestments", PAID, 0,
	    "payments to acquire other investments"},
	{"PaymentsToAcquireEquitySecuritiesFvNi", PAID, 0,
	    "payments to acquire equity securities"},
	{"PaymentsToAcquireInterestInJointVenture", PAID, 0,
	    "payments to acquire an interest in a joint venture"},
	{"PaymentsToAcquireInterestInSubsidiariesAndAffiliates", PAID, 0,
	    "payments to acquire interests in subsidiaries and affiliates"},
	{"PaymentsToAcquireProductiveAssets", CAPEX, 0,
	    "capital expenditure (payments to acquire productive assets)"},
	{"PaymentsToAcquirePropertyPlantAndEquipment", CAPEX, 0,
	    "capital expenditure (payments to acquire property, plant and"
	    " equipment)"},
	{"ConvertibleNotesPayable", CONV_ISSUED, 0, NULL},
	{"ConvertibleNotesPayableCurrent", CONV_ISSUED, 0, NULL},
	{"ConvertibleLongTermNotesPayable", CONV_ISSUED, 0, NULL},
	{"ConvertibleDebt", CONV_ISSUED, 0, NULL},
	{"ConvertibleDebtCurrent", CONV_ISSUED, 0, NULL},
	{"ConvertibleDebtNoncurrent", CONV_ISSUED, 0, NULL},
	{"ConvertibleSubordinatedDebt", CONV_ISSUED, 0, NULL},
	{"ConvertibleSubordinatedDebtCurrent", CONV_ISSUED, 0, NULL},
	{"ConvertibleSubordinatedDebtNoncurrent", CONV_ISSUED, 0, NULL},
	{"AvailableForSaleSecuritiesDebtSecurities", CONV_HELD, 0, NULL},
	{"AvailableForSaleSecuritiesDebtSecuritiesCurrent", CONV_HELD, 0,
	    NULL},
	{"AvailableForSaleSecuritiesDebtSecuritiesNoncurrent", CONV_HELD, 0,
	    NULL},
	{NULL, 0, 0, NULL}
};

/* Axes whose explicit member names the other party (srt or us-gaap). */
static const char *const party_axes[] = {
	"CounterpartyNameAxis",
	"ScheduleOfEquityMethodInvestmentEquityMethodInvesteeNameAxis",
	"EquityMethodInvestmentNonconsolidatedInvesteeAxis",
	"RelatedPartyTransactionsByRelatedPartyAxis",
	NULL
};

/* A dimension member that names a counterparty, shared by contexts. */
struct member {
	const char *ns, *local, *qname;	/* qname as first written */
	const char *label;	/* from the label linkbase, or NULL */
	const char *entity;	/* local entity id, once made */
	int used;		/* a record needs it */
	int self;		/* it names the filer */
	long link;		/* label linkbase: extended link of its loc */
	int score;		/* 2 exact, 1 suffix match of the loc */
	const char *loc, *res;	/* xlink labels of its loc and label */
};

enum { P_INSTANT = 1, P_DURATION, P_FOREVER };

struct ctx {
	const char *id;
	const char *cik;	/* when the identifier's scheme is SEC's */
	char start[11], end[11];	/* an instant has only end */
	char timing[11];	/* the RPO timing axis's date, or "" */
	int period;
	int unknown;		/* a dimension not understood */
	int ndims;
	struct member *party;
	const char *arrangement;	/* TypeOfArrangementAxis member */
	long line;
};

struct unit {
	const char *id;
	char currency[4];	/* "" unless one ISO 4217 measure */
	int exponent;
	long line;
};

/* Why a fact is left out. */
enum { USE, SKIP_DIMS, SKIP_UNIT, SKIP_NEGATIVE, SKIP_EARLIER, SKIP_DUP };

struct fact {
	const struct concept *c;
	int dei;
	const char *ctx_id, *unit_id, *text;
	int decimals;
	long line;
	const struct ctx *ctx;
	const struct unit *unit;
	int negative;
	int64_t minor;
	int skip;
	int done;		/* made into a record */
};

struct xbrl {
	cf_dataset *ds;
	cf_xs *x;
	long first_ctx;		/* line of the first context, or 0 */
	struct ctx *ctxs;
	size_t nctx, cctx;
	struct unit *units;
	size_t nunit, cunit;
	struct fact *facts;
	size_t nfact, cfact;
	struct member **members;
	size_t nmember, cmember;
	const char *last_cik;	/* contexts share one copy */
	/* the filing */
	const struct fact *dei[DEI_AMEND + 1];
	const char *cik, *name, *filer, *src;
	const char *cur_start, *cur_end;	/* the report's own period */
	int annual;
	const char *labels;	/* the label linkbase read, or NULL */
	size_t used, left[SKIP_DUP + 1];
};

/* ---- small helpers ------------------------------------------------------- */

static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 16;
	if ((nv = realloc(v, c * size)) == NULL)
		return NULL;
	*cap = c;
	return nv;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
is_element(const xmlNode *n, const char *ns, const char *local)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, local) == 0 &&
	    n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

/* n's attribute with local name local as a string to xmlFree, or NULL. */
static xmlChar *
attr_dup(const xmlNode *n, const char *local)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, local) == 0)
			return xmlNodeGetContent((const xmlNode *)a);
	return NULL;
}

/* n's text, trimmed, into buf; -1 when empty or longer than size - 1. */
static int
text_buf(const xmlNode *n, char *buf, size_t size)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	const char *s = (const char *)t, *e;
	int rc = -1;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	if (e > s && (size_t)(e - s) < size) {
		memcpy(buf, s, (size_t)(e - s));
		buf[e - s] = '\0';
		rc = 0;
	}
	xmlFree(t);
	return rc;
}

/* The namespace and local part of a QName written in n's scope; *ns is ""
 * for an undeclared prefix and points into the tree. */
static void
qname_resolve(const xmlNode *n, const char *qname, const char **ns,
    const char **local)
{
	const char *colon = strchr(qname, ':');
	char prefix[128];
	xmlNsPtr d;

	*local = qname;
	*ns = "";
	if (colon != NULL) {
		if ((size_t)(colon - qname) >= sizeof(prefix))
			return;
		memcpy(prefix, qname, (size_t)(colon - qname));
		prefix[colon - qname] = '\0';
		*local = colon + 1;
	}
	d = xmlSearchNs(n->doc, (xmlNodePtr)(uintptr_t)n,
	    colon ? (const xmlChar *)prefix : NULL);
	if (d != NULL && d->href != NULL)
		*ns = (const char *)d->href;
}

static int
is_taxonomy(const char *ns)
{
	return starts(ns, NS_GAAP) || starts(ns, NS_SRT);
}

/* Standard members name categories, never a company. */
static int
is_standard(const char *ns)
{
	return is_taxonomy(ns) || starts(ns, NS_DEI);
}

/* An xsd:date, or the date of an xsd:dateTime, into out; -1 if neither. */
static int
xbrl_date(char out[11], const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) < 10)
		return -1;
	if (n > 10 && s[10] != 'T' && s[10] != 'Z' && s[10] != '+' &&
	    s[10] != '-')
		return -1;
	memcpy(out, s, 10);
	out[10] = '\0';
	return out[4] == '-' && out[7] == '-' && cf_date_valid(out) ? 0 : -1;
}

/* A fact's concept as "%s:%s" arguments, with the usual prefixes. */
#define QN(f)	((f)->dei ? "dei" : "us-gaap"), (f)->c->name

static int
money_role(enum role r)
{
	return r >= RPO && r != RPO_PCT && r != RPO_PERIOD;
}

/* ---- the instance -------------------------------------------------------- */

static struct member *
member_get(struct xbrl *b, const char *ns, const char *local,
    const char *qname)
{
	struct member *m, **v;
	size_t i;

	for (i = 0; i < b->nmember; i++)
		if (strcmp(b->members[i]->local, local) == 0 &&
		    strcmp(b->members[i]->ns, ns) == 0)
			return b->members[i];
	if ((v = grow(b->members, &b->cmember, b->nmember,
	    sizeof(*v))) == NULL) {
		cf_error_set(CF_ENOMEM, "XBRL members");
		return NULL;
	}
	b->members = v;
	if ((m = cf_dataset_alloc(b->ds, sizeof(*m))) == NULL ||
	    (m->ns = cf_dataset_strdup(b->ds, ns)) == NULL ||
	    (m->local = cf_dataset_strdup(b->ds, local)) == NULL ||
	    (m->qname = cf_dataset_strdup(b->ds, qname)) == NULL)
		return NULL;
	b->members[b->nmember++] = m;
	return m;
}

/* One explicitMember or typedMember of a context. */
static int
read_dim(struct xbrl *b, struct ctx *cx, const xmlNode *d)
{
	const char *ans, *alocal, *mns, *mlocal;
	char mq[QNAME_MAX], date[11];
	xmlChar *dim;
	const xmlNode *c;
	size_t i;
	int rc = CF_OK, party = 0;

	if ((dim = attr_dup(d, "dimension")) == NULL) {
		cx->unknown = 1;
		return CF_OK;
	}
	qname_resolve(d, (const char *)dim, &ans, &alocal);
	for (i = 0; party_axes[i] != NULL; i++)
		party |= strcmp(alocal, party_axes[i]) == 0;
	party &= is_taxonomy(ans);
	if (is_element(d, NS_XBRLDI, "explicitMember") &&
	    text_buf(d, mq, sizeof(mq)) == 0) {
		qname_resolve(d, mq, &mns, &mlocal);
		if (party) {
			struct member *m = member_get(b, mns, mlocal, mq);

			if (m == NULL)
				rc = CF_ENOMEM;
			else if (cx->party != NULL && cx->party != m)
				cx->unknown = 1;
			else
				cx->party = m;
		} else if (starts(ans, NS_GAAP) &&
		    strcmp(alocal, "TypeOfArrangementAxis") == 0 &&
		    cx->arrangement == NULL) {
			if ((cx->arrangement = cf_dataset_strdup(b->ds,
			    mlocal)) == NULL)
				rc = CF_ENOMEM;
		} else {
			cx->unknown = 1;
		}
	} else if (is_element(d, NS_XBRLDI, "typedMember") &&
	    starts(ans, NS_GAAP) && strcmp(alocal, TIMING_AXIS) == 0 &&
	    cx->timing[0] == '\0') {
		for (c = d->children; c != NULL &&
		    c->type != XML_ELEMENT_NODE; c = c->next)
			;
		if (text_buf(c, mq, sizeof(mq)) != 0 ||
		    xbrl_date(date, mq) != 0)
			rc = cf_xs_error(b->x, d, "context '%s': the member"
			    " of %s is not a date", cx->id, TIMING_AXIS);
		else
			memcpy(cx->timing, date, sizeof(date));
	} else {
		cx->unknown = 1;
	}
	xmlFree(dim);
	return rc;
}

static int
read_dims(struct xbrl *b, struct ctx *cx, const xmlNode *parent)
{
	const xmlNode *c;
	int rc;

	for (c = parent ? parent->children : NULL; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		cx->ndims++;
		if ((rc = read_dim(b, cx, c)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

/* The date in n, a child of period p. */
static int
period_date(struct xbrl *b, const struct ctx *cx, const xmlNode *p,
    const xmlNode *n, const char *what, char out[11])
{
	char buf[64];

	if (n == NULL)
		return cf_xs_error(b->x, p, "context '%s': period has no"
		    " %s", cx->id, what);
	if (text_buf(n, buf, sizeof(buf)) != 0 || xbrl_date(out, buf) != 0)
		return cf_xs_error(b->x, n, "context '%s': %s '%.40s' is not"
		    " a date (YYYY-MM-DD)", cx->id, what,
		    text_buf(n, buf, sizeof(buf)) == 0 ? buf : "");
	return CF_OK;
}

static int
read_period(struct xbrl *b, struct ctx *cx, const xmlNode *p)
{
	const xmlNode *inst;
	int rc;

	if (p == NULL)
		return cf_input_error(b->ds->path, cx->line, "context '%s' has"
		    " no period", cx->id);
	if ((inst = cf_xn_child(p, "instant")) != NULL) {
		cx->period = P_INSTANT;
		return period_date(b, cx, p, inst, "instant", cx->end);
	}
	if (cf_xn_child(p, "forever") != NULL) {
		cx->period = P_FOREVER;
		return CF_OK;
	}
	cx->period = P_DURATION;
	if ((rc = period_date(b, cx, p, cf_xn_child(p, "startDate"),
	    "startDate", cx->start)) != CF_OK ||
	    (rc = period_date(b, cx, p, cf_xn_child(p, "endDate"), "endDate",
	    cx->end)) != CF_OK)
		return rc;
	if (strcmp(cx->start, cx->end) > 0)
		return cf_xs_error(b->x, cf_xn_child(p, "endDate"), "context"
		    " '%s': period ends (%s) before it starts (%s)", cx->id,
		    cx->end, cx->start);
	return CF_OK;
}

static int
read_context(struct xbrl *b)
{
	const xmlNode *n, *ent, *ident;
	struct ctx *cx, *v;
	xmlChar *scheme;
	char buf[64], ck[11];
	int rc;

	if ((rc = cf_xs_expand(b->x, &n)) != CF_OK)
		return rc;
	if ((v = grow(b->ctxs, &b->cctx, b->nctx, sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "XBRL contexts");
	b->ctxs = v;
	cx = &b->ctxs[b->nctx++];
	memset(cx, 0, sizeof(*cx));
	cx->line = cf_xs_node_line(b->x, n);
	if (b->first_ctx == 0)
		b->first_ctx = cx->line;
	if ((rc = cf_xn_attr(b->ds, n, "id", &cx->id)) != CF_OK)
		return rc;
	if (cx->id == NULL)
		return cf_xs_error(b->x, n, "context without an id");
	ent = cf_xn_child(n, "entity");
	if ((ident = cf_xn_child(ent, "identifier")) != NULL) {
		scheme = attr_dup(ident, "scheme");
		if (scheme != NULL &&
		    strcmp((const char *)scheme, SCHEME_CIK) == 0 &&
		    text_buf(ident, buf, sizeof(buf)) == 0 &&
		    cf_edgar_cik(ck, buf) == 0) {
			if ((b->last_cik == NULL ||
			    strcmp(b->last_cik, ck) != 0) &&
			    (b->last_cik = cf_dataset_strdup(b->ds,
			    ck)) == NULL)
				rc = CF_ENOMEM;
			cx->cik = b->last_cik;
		}
		xmlFree(scheme);
		if (rc != CF_OK)
			return rc;
	}
	if ((rc = read_dims(b, cx, cf_xn_child(ent, "segment"))) != CF_OK ||
	    (rc = read_dims(b, cx, cf_xn_child(n, "scenario"))) != CF_OK)
		return rc;
	if (cx->arrangement != NULL && cx->party == NULL)
		cx->unknown = 1;
	return read_period(b, cx, cf_xn_child(n, "period"));
}

static int
read_unit(struct xbrl *b)
{
	const xmlNode *n, *c, *measure = NULL;
	const char *ns, *local;
	struct unit *u, *v;
	char q[QNAME_MAX];
	int rc, nel = 0;

	if ((rc = cf_xs_expand(b->x, &n)) != CF_OK)
		return rc;
	if ((v = grow(b->units, &b->cunit, b->nunit, sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "XBRL units");
	b->units = v;
	u = &b->units[b->nunit++];
	memset(u, 0, sizeof(*u));
	u->line = cf_xs_node_line(b->x, n);
	if ((rc = cf_xn_attr(b->ds, n, "id", &u->id)) != CF_OK)
		return rc;
	if (u->id == NULL)
		return cf_xs_error(b->x, n, "unit without an id");
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			nel++;
			if (strcmp((const char *)c->name, "measure") == 0)
				measure = c;
		}
	if (nel != 1 || measure == NULL || text_buf(measure, q,
	    sizeof(q)) != 0)
		return CF_OK;
	qname_resolve(measure, q, &ns, &local);
	if (strcmp(ns, NS_ISO4217) == 0 && strlen(local) == 3 &&
	    cf_currency_exponent(&u->exponent, local) == CF_OK)
		memcpy(u->currency, local, 4);
	return CF_OK;
}

static int
parse_decimals(struct xbrl *b, const xmlNode *n, const struct fact *f,
    const char *s, int *out)
{
	char *end;
	long v;

	if (s == NULL || strcmp(s, "INF") == 0) {
		*out = DEC_INF;
		return CF_OK;
	}
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < -99 || v > 99)
		return cf_xs_error(b->x, n, "%s:%s: decimals '%.40s' is"
		    " neither an integer nor INF", QN(f), s);
	*out = (int)v;
	return CF_OK;
}

static const struct concept *
find_concept(const char *ns, const char *local, int *dei)
{
	const struct concept *t;

	*dei = starts(ns, NS_DEI);
	if (*dei)
		t = dei_concepts;
	else if (starts(ns, NS_GAAP))
		t = gaap_concepts;
	else
		return NULL;
	for (; t->name != NULL; t++)
		if (strcmp(t->name, local) == 0)
			return t;
	return NULL;
}

static int
read_fact(struct xbrl *b, const struct concept *c, int dei)
{
	const xmlNode *n;
	const char *ref, *dec;
	struct fact *f, *v;
	xmlChar *nil;
	int rc, isnil;

	if ((rc = cf_xs_expand(b->x, &n)) != CF_OK)
		return rc;
	if ((rc = cf_xn_attr(b->ds, n, "contextRef", &ref)) != CF_OK)
		return rc;
	if (ref == NULL)
		return CF_OK;	/* not an item */
	nil = attr_dup(n, "nil");
	isnil = nil != NULL && (strcmp((const char *)nil, "true") == 0 ||
	    strcmp((const char *)nil, "1") == 0);
	xmlFree(nil);
	if (isnil)
		return CF_OK;
	if ((v = grow(b->facts, &b->cfact, b->nfact, sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "XBRL facts");
	b->facts = v;
	f = &b->facts[b->nfact++];
	memset(f, 0, sizeof(*f));
	f->c = c;
	f->dei = dei;
	f->ctx_id = ref;
	f->line = cf_xs_node_line(b->x, n);
	if ((rc = cf_xn_attr(b->ds, n, "unitRef", &f->unit_id)) != CF_OK ||
	    (rc = cf_xn_attr(b->ds, n, "decimals", &dec)) != CF_OK ||
	    (rc = cf_xn_text(b->ds, n, &f->text)) != CF_OK)
		return rc;
	return parse_decimals(b, n, f, dec, &f->decimals);
}

static int
read_instance(struct xbrl *b)
{
	const struct concept *c;
	int rc, dei;

	if ((rc = cf_xs_next(b->x)) <= 0)
		return rc < 0 ? rc : cf_xs_error(b->x, NULL, "empty XML"
		    " document: no XBRL instance");
	if (strcmp(cf_xs_name(b->x), "xbrl") != 0 ||
	    strcmp(cf_xs_ns(b->x), NS_INSTANCE) != 0)
		return cf_xs_error(b->x, NULL, "not an XBRL instance: the root"
		    " element is <%.40s> in namespace '%.80s', not <xbrl> in"
		    " %s", cf_xs_name(b->x), cf_xs_ns(b->x), NS_INSTANCE);
	while ((rc = cf_xs_next(b->x)) == 1) {
		const char *name = cf_xs_name(b->x), *ns = cf_xs_ns(b->x);

		if (cf_xs_depth(b->x) != 1)
			continue;
		if (strcmp(ns, NS_INSTANCE) == 0) {
			if (strcmp(name, "context") == 0)
				rc = read_context(b);
			else if (strcmp(name, "unit") == 0)
				rc = read_unit(b);
			else
				rc = CF_OK;
		} else if ((c = find_concept(ns, name, &dei)) != NULL) {
			rc = read_fact(b, c, dei);
		} else {
			rc = CF_OK;
		}
		if (rc != CF_OK)
			return rc;
	}
	return rc;
}

/* ---- resolving facts ----------------------------------------------------- */

static int
ctx_cmp(const void *a, const void *b)
{
	const struct ctx *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int
unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int
id_cmp(const void *key, const void *elem)
{
	/* ctx and unit both start with their id */
	return strcmp(key, *(const char *const *)elem);
}

static int
sort_defs(struct xbrl *b)
{
	size_t i;

	if (b->nctx > 0)
		qsort(b->ctxs, b->nctx, sizeof(*b->ctxs), ctx_cmp);
	if (b->nunit > 0)
		qsort(b->units, b->nunit, sizeof(*b->units), unit_cmp);
	for (i = 1; i < b->nctx; i++)
		if (strcmp(b->ctxs[i - 1].id, b->ctxs[i].id) == 0)
			return cf_input_error(b->ds->path, b->ctxs[i].line,
			    "context '%s' is defined twice (also at line %ld)",
			    b->ctxs[i].id, b->ctxs[i - 1].line);
	for (i = 1; i < b->nunit; i++)
		if (strcmp(b->units[i - 1].id, b->units[i].id) == 0)
			return cf_input_error(b->ds->path, b->units[i].line,
			    "unit '%s' is defined twice (also at line %ld)",
			    b->units[i].id, b->units[i - 1].line);
	return CF_OK;
}

/* A money value: an optional sign, then what cf_money_parse takes. */
static int
parse_value(struct xbrl *b, struct fact *f)
{
	const char *t = f->text ? f->text : "";

	if (*t == '-' || *t == '+') {
		f->negative = *t == '-';
		t++;
	}
	if (cf_money_parse(&f->minor, t, f->unit->exponent) != CF_OK)
		return cf_input_error(b->ds->path, f->line, "%s:%s: value"
		    " '%.40s' is not an amount in %s: %s", QN(f),
		    f->text ? f->text : "", f->unit->currency,
		    cf_error_message());
	if (f->minor == 0)
		f->negative = 0;
	return CF_OK;
}

static int
resolve_fact(struct xbrl *b, struct fact *f)
{
	const char *path = b->ds->path;

	if (b->nctx == 0 || (f->ctx = bsearch(f->ctx_id, b->ctxs, b->nctx,
	    sizeof(*b->ctxs), id_cmp)) == NULL)
		return cf_input_error(path, f->line, "%s:%s names context"
		    " '%.80s', which the document does not define", QN(f),
		    f->ctx_id);
	if (!money_role(f->c->role))
		return CF_OK;
	if (f->unit_id == NULL)
		return cf_input_error(path, f->line, "%s:%s: numeric fact"
		    " without a unitRef", QN(f));
	if (b->nunit == 0 || (f->unit = bsearch(f->unit_id, b->units,
	    b->nunit, sizeof(*b->units), id_cmp)) == NULL)
		return cf_input_error(path, f->line, "%s:%s names unit"
		    " '%.80s', which the document does not define", QN(f),
		    f->unit_id);
	if (f->unit->currency[0] == '\0') {
		f->skip = SKIP_UNIT;
		return CF_OK;
	}
	return parse_value(b, f);
}

/* The dei fact of each role: the first in a context without dimensions,
 * else the first. */
static void
choose_dei(struct xbrl *b)
{
	size_t i;

	for (i = 0; i < b->nfact; i++) {
		const struct fact *f = &b->facts[i];
		const struct fact **d;

		if (!f->dei || f->text == NULL)
			continue;
		d = &b->dei[f->c->role];
		if (*d == NULL || ((*d)->ctx->ndims > 0 && f->ctx->ndims == 0))
			*d = f;
	}
}

static int
resolve(struct xbrl *b)
{
	size_t i;
	int rc;

	if ((rc = sort_defs(b)) != CF_OK)
		return rc;
	for (i = 0; i < b->nfact; i++)
		if ((rc = resolve_fact(b, &b->facts[i])) != CF_OK)
			return rc;
	choose_dei(b);
	return CF_OK;
}

/* ---- the filing and its filer -------------------------------------------- */

static const char *
dei_text(const struct xbrl *b, enum role r)
{
	return b->dei[r] ? b->dei[r]->text : NULL;
}

static int
filer_identity(struct xbrl *b)
{
	const struct fact *f = b->dei[DEI_CIK];
	char ck[11];
	size_t i;

	if (f != NULL) {
		if (cf_edgar_cik(ck, f->text) != 0)
			return cf_input_error(b->ds->path, f->line,
			    "dei:EntityCentralIndexKey '%.40s' is not a CIK"
			    " (1 to 10 digits)", f->text);
		if ((b->cik = cf_dataset_strdup(b->ds, ck)) == NULL)
			return CF_ENOMEM;
	}
	/* The CIK of the registrant's own context, else of any context. */
	for (i = DEI_CIK; b->cik == NULL && i <= DEI_AMEND; i++)
		if (b->dei[i] != NULL)
			b->cik = b->dei[i]->ctx->cik;
	for (i = 0; b->cik == NULL && i < b->nctx; i++)
		b->cik = b->ctxs[i].cik;
	b->name = dei_text(b, DEI_NAME);
	if (b->name == NULL && b->cik == NULL)
		return cf_input_error(b->ds->path, b->first_ctx, "XBRL"
		    " instance names no filer: no dei:EntityRegistrantName, no"
		    " dei:EntityCentralIndexKey and no context identifier with"
		    " scheme %s", SCHEME_CIK);
	if (b->name == NULL) {
		char buf[32];

		snprintf(buf, sizeof(buf), "CIK %s", b->cik);
		if ((b->name = cf_dataset_strdup(b->ds, buf)) == NULL)
			return CF_ENOMEM;
	}
	return CF_OK;
}

/* The report's own period: that of the context of dei:DocumentPeriodEnd-
 * Date (or of dei:DocumentType), else the date it states. */
static int
report_period(struct xbrl *b)
{
	const struct fact *f = b->dei[DEI_PERIOD];
	const struct ctx *cx;
	const char *p = NULL;
	char d[11];

	if (f != NULL) {
		if (cf_edgar_date(d, f->text) != 0)
			return cf_input_error(b->ds->path, f->line,
			    "dei:DocumentPeriodEndDate '%.40s' is not a date",
			    f->text);
		if ((p = cf_dataset_strdup(b->ds, d)) == NULL)
			return CF_ENOMEM;
	}
	cx = f ? f->ctx : b->dei[DEI_TYPE] ? b->dei[DEI_TYPE]->ctx : NULL;
	if (cx != NULL && cx->period != P_FOREVER) {
		b->cur_end = cx->end;
		b->cur_start = cx->period == P_DURATION ? cx->start : NULL;
	} else {
		b->cur_end = p;
	}
	if (b->ds->filing.period == NULL)
		b->ds->filing.period = p;
	return CF_OK;
}

static int
make_filing(struct xbrl *b)
{
	cf_dataset *ds = b->ds;
	struct cf_filing *fl = &ds->filing;
	const char *amend = dei_text(b, DEI_AMEND);
	char acc[21], title[400];
	long line;
	int rc;

	if ((rc = filer_identity(b)) != CF_OK ||
	    (rc = report_period(b)) != CF_OK)
		return rc;
	if (fl->form == NULL && dei_text(b, DEI_TYPE) != NULL)
		fl->form = dei_text(b, DEI_TYPE);
	if (fl->filer_cik == NULL)
		fl->filer_cik = b->cik;
	if (fl->accession == NULL &&
	    cf_edgar_accession_from_path(acc, ds->path) == 0 &&
	    (fl->accession = cf_dataset_strdup(ds, acc)) == NULL)
		return CF_ENOMEM;
	if ((amend != NULL && (strcmp(amend, "true") == 0 ||
	    strcmp(amend, "1") == 0)) ||
	    (fl->form != NULL && ends(fl->form, "/A")))
		fl->amendment = 1;
	b->annual = fl->form != NULL && (starts(fl->form, "10-K") ||
	    starts(fl->form, "20-F") || starts(fl->form, "40-F"));
	line = b->dei[DEI_NAME] ? b->dei[DEI_NAME]->line : b->first_ctx;
	if ((rc = cf_edgar_entity(ds, b->cik, NULL, b->name, "other", line,
	    &b->filer)) != CF_OK)
		return rc;
	if (b->dei[DEI_TYPE] != NULL)
		line = b->dei[DEI_TYPE]->line;
	/* One source per filing: another document of it may have made it. */
	if (ds->nsources > 0) {
		b->src = ds->sources[0].id;
		return CF_OK;
	}
	snprintf(title, sizeof(title), "%s %s%s%s (XBRL)", b->name,
	    fl->form ? fl->form : "filing", fl->period ? " for " : "",
	    fl->period ? fl->period : "");
	return cf_edgar_source(ds, title, b->cik, line, &b->src);
}

/* ---- choosing the facts -------------------------------------------------- */

static int
classify(const struct xbrl *b, const struct fact *f)
{
	const struct ctx *cx = f->ctx;
	enum role r = f->c->role;
	int want = r == PAID || r == CAPEX ? P_DURATION : P_INSTANT;

	if (cx->unknown || cx->period != want ||
	    (cx->cik != NULL && b->cik != NULL && strcmp(cx->cik, b->cik)) ||
	    (cx->timing[0] != '\0' && r != RPO) ||
	    (cx->party == NULL && (r == STAKE_NAMED || r == CONV_HELD)) ||
	    (cx->party != NULL && r == CAPEX))
		return SKIP_DIMS;
	if (f->negative)
		return SKIP_NEGATIVE;
	if (cx->party == NULL && b->cur_end != NULL &&
	    strcmp(cx->end, b->cur_end) != 0)
		return SKIP_EARLIER;
	return USE;
}

static int
opt_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* The order of facts by what makes them duplicates: concept, period,
 * dimensions and currency. */
static int
key_order(const struct fact *a, const struct fact *b)
{
	uintptr_t x = (uintptr_t)a->ctx->party, y = (uintptr_t)b->ctx->party;
	int c;

	if (a->c != b->c)
		return (uintptr_t)a->c < (uintptr_t)b->c ? -1 : 1;
	if ((c = strcmp(a->ctx->end, b->ctx->end)) != 0 ||
	    (c = strcmp(a->ctx->start, b->ctx->start)) != 0 ||
	    (c = strcmp(a->ctx->timing, b->ctx->timing)) != 0 ||
	    (c = strcmp(a->unit->currency, b->unit->currency)) != 0 ||
	    (c = opt_cmp(a->ctx->arrangement, b->ctx->arrangement)) != 0)
		return c;
	return (x > y) - (x < y);
}

static int
key_cmp(const void *pa, const void *pb)
{
	const struct fact *a = *(const struct fact *const *)pa;
	const struct fact *b = *(const struct fact *const *)pb;
	int c = key_order(a, b);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* The width of a value's rounding interval in minor units: 10^(e - d). */
static uint64_t
width(int decimals, int exponent)
{
	uint64_t w = 1;
	int k;

	if (decimals == DEC_INF || decimals > exponent)
		return 0;
	for (k = exponent - decimals; k > 0 && w < 1000000000000000000ULL;
	    k--)
		w *= 10;
	return w;
}

/* Do the rounding intervals of two values overlap (more than touch)? */
static int
consistent(const struct fact *a, const struct fact *b)
{
	uint64_t d, s;

	d = a->minor > b->minor ? (uint64_t)a->minor - (uint64_t)b->minor :
	    (uint64_t)b->minor - (uint64_t)a->minor;
	s = width(a->decimals, a->unit->exponent) +
	    width(b->decimals, b->unit->exponent);
	return d == 0 || (s > 0 && d <= (s - 1) / 2);
}

/* Merge duplicate facts among keep[0..n), the facts in use: the most
 * precise stays (the first on a tie). */
static int
merge_duplicates(struct xbrl *b, struct fact **keep, size_t n)
{
	struct fact *best, *c;
	size_t i, j;

	qsort(keep, n, sizeof(*keep), key_cmp);
	for (i = 0; i < n; i = j) {
		best = keep[i];
		for (j = i + 1; j < n && key_order(keep[i], keep[j]) == 0;
		    j++) {
			c = keep[j];
			if (!consistent(best, c)) {
				char v1[64], v2[64];

				cf_money_format(v1, sizeof(v1), best->minor,
				    best->unit->exponent);
				cf_money_format(v2, sizeof(v2), c->minor,
				    c->unit->exponent);
				return cf_input_error(b->ds->path, c->line,
				    "inconsistent duplicate facts: %s:%s is"
				    " %s%s here and %s%s at line %ld (same"
				    " period, dimensions and unit)", QN(c),
				    c->negative ? "-" : "", v2,
				    best->negative ? "-" : "", v1, best->line);
			}
			if (c->decimals > best->decimals) {
				best->skip = SKIP_DUP;
				best = c;
			} else {
				c->skip = SKIP_DUP;
			}
		}
	}
	return CF_OK;
}

static int
choose_facts(struct xbrl *b)
{
	struct fact **keep;
	size_t i, n = 0;
	int rc;

	if ((keep = malloc((b->nfact + 1) * sizeof(*keep))) == NULL)
		return cf_error_set(CF_ENOMEM, "XBRL facts");
	for (i = 0; i < b->nfact; i++) {
		struct fact *f = &b->facts[i];

		if (f->dei || !money_role(f->c->role) || f->skip != USE)
			continue;
		if ((f->skip = classify(b, f)) == USE)
			keep[n++] = f;
	}
	rc = n > 0 ? merge_duplicates(b, keep, n) : CF_OK;
	for (i = 0; rc == CF_OK && i < n; i++)
		if (keep[i]->skip == USE && keep[i]->ctx->party != NULL)
			keep[i]->ctx->party->used = 1;
	free(keep);
	return rc;
}

/* ---- the label linkbase -------------------------------------------------- */

/* How well a locator's href names m: 2 "#prefix_Local" with the prefix the
 * instance used, 1 any "#..._Local", 0 not. */
static int
loc_score(const struct member *m, const char *href)
{
	const char *frag = strrchr(href, '#'), *colon;
	size_t nl = strlen(m->local), nf;

	if (frag == NULL)
		return 0;
	frag++;
	nf = strlen(frag);
	if (nf <= nl || frag[nf - nl - 1] != '_' ||
	    strcmp(frag + nf - nl, m->local) != 0)
		return 0;
	colon = strchr(m->qname, ':');
	if (colon != NULL && (size_t)(colon - m->qname) == nf - nl - 1 &&
	    strncmp(frag, m->qname, nf - nl - 1) == 0)
		return 2;
	return 1;
}

/* Drop a trailing " [Member]" (or " [Domain]") from a label. */
static void
trim_label(char *s)
{
	size_t n = strlen(s);

	if (n > 9 && strcmp(s + n - 9, " [Member]") == 0)
		s[n - 9] = '\0';
	else if (n > 9 && strcmp(s + n - 9, " [Domain]") == 0)
		s[n - 9] = '\0';
}

/* One element of the label linkbase in pass 1 (locators), 2 (arcs) or 3
 * (label resources). */
static int
label_element(struct xbrl *b, cf_xs *lx, int pass, long link)
{
	const char *want = pass == 1 ? "loc" : pass == 2 ? "labelArc" :
	    "label";
	xmlChar *lab = NULL, *other = NULL;
	const xmlNode *n;
	size_t i;
	int rc = CF_OK;

	if (strcmp(cf_xs_name(lx), want) != 0 ||
	    strcmp(cf_xs_ns(lx), NS_LINKBASE) != 0)
		return CF_OK;
	if ((rc = cf_xs_expand(lx, &n)) != CF_OK)
		return rc;
	lab = attr_dup(n, pass == 2 ? "from" : "label");
	other = attr_dup(n, pass == 1 ? "href" : pass == 2 ? "to" : "role");
	if (lab == NULL)
		goto out;
	for (i = 0; i < b->nmember && rc == CF_OK; i++) {
		struct member *m = b->members[i];
		int s;

		if (!m->used)
			continue;
		if (pass == 1 && other != NULL &&
		    (s = loc_score(m, (const char *)other)) > m->score) {
			m->score = s;
			m->link = link;
			if ((m->loc = cf_dataset_strdup(b->ds,
			    (const char *)lab)) == NULL)
				rc = CF_ENOMEM;
		} else if (pass == 2 && other != NULL && m->loc != NULL &&
		    m->res == NULL && m->link == link &&
		    strcmp(m->loc, (const char *)lab) == 0) {
			if ((m->res = cf_dataset_strdup(b->ds,
			    (const char *)other)) == NULL)
				rc = CF_ENOMEM;
		} else if (pass == 3 && m->res != NULL && m->label == NULL &&
		    m->link == link && strcmp(m->res, (const char *)lab) == 0 &&
		    (other == NULL || strcmp((const char *)other,
		    ROLE_LABEL) == 0)) {
			char text[512];

			if (text_buf(n, text, sizeof(text)) != 0)
				continue;
			trim_label(text);
			if ((m->label = cf_dataset_strdup(b->ds, text)) == NULL)
				rc = CF_ENOMEM;
		}
	}
out:
	xmlFree(lab);
	xmlFree(other);
	return rc;
}

static int
label_pass(struct xbrl *b, const char *path, int pass)
{
	cf_xs *lx = NULL;
	long link = 0;
	int rc;

	if ((rc = cf_xs_open_file(&lx, path)) != CF_OK)
		return rc;
	while ((rc = cf_xs_next(lx)) == 1) {
		if (strcmp(cf_xs_name(lx), "labelLink") == 0) {
			link++;
			continue;
		}
		if ((rc = label_element(b, lx, pass, link)) != CF_OK)
			break;
	}
	cf_xs_free(lx);
	return rc < 0 ? rc : CF_OK;
}

static int
read_labels(struct xbrl *b, const char *path)
{
	cf_dataset *ds = b->ds;
	size_t i;
	int rc, any = 0, pass;

	for (i = 0; i < b->nmember; i++)
		any |= b->members[i]->used;
	if (path == NULL || !any)
		return CF_OK;
	for (pass = 1; pass <= 3; pass++)
		if ((rc = label_pass(b, path, pass)) != CF_OK)
			return rc;
	if ((b->labels = cf_dataset_strdup(ds, path)) == NULL)
		return CF_ENOMEM;
	return cf_edgar_cite(ds, &ds->filing.companions,
	    &ds->filing.ncompanions, b->labels);
}

/* ---- records ------------------------------------------------------------- */

/* A name from a member's local name: "Member" dropped, words split at
 * case and digit changes ("OpenAIIncMember" -> "Open AI Inc"). */
static void
derive_name(char *out, size_t size, const char *local)
{
	size_t n = strlen(local), i, k = 0;

	if (n > 6 && strcmp(local + n - 6, "Member") == 0)
		n -= 6;
	for (i = 0; i < n && k + 2 < size; i++) {
		char c = local[i], p = i ? local[i - 1] : 0;
		char nx = i + 1 < n ? local[i + 1] : 0;
		int up = c >= 'A' && c <= 'Z', dig = c >= '0' && c <= '9';
		int pup = p >= 'A' && p <= 'Z', plow = p >= 'a' && p <= 'z';
		int pdig = p >= '0' && p <= '9';

		if (i > 0 && ((up && (plow || pdig)) ||
		    (up && pup && nx >= 'a' && nx <= 'z') ||
		    (dig && (plow || pup))))
			out[k++] = ' ';
		out[k++] = c == '_' ? ' ' : c;
	}
	out[k] = '\0';
	if (k == 0)
		snprintf(out, size, "%s", local);
}

static struct cf_entity *
entity_by_id(cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < ds->nentities; i++)
		if (strcmp(ds->entities[i].id, id) == 0)
			return &ds->entities[i];
	return NULL;
}

/* Make the entity a member names (once), with its aliases and a note on
 * how it was named; a member that turns out to name the filer is marked
 * self. */
static int
party_entity(struct xbrl *b, struct member *m, long line)
{
	cf_dataset *ds = b->ds;
	char name[600], base[520], note[700];
	struct cf_entity *e;
	int rc, generic = is_standard(m->ns);

	if (m->self || m->entity != NULL)
		return CF_OK;
	if (m->label != NULL)
		snprintf(base, sizeof(base), "%s", m->label);
	else
		derive_name(base, sizeof(base), m->local);
	if (generic)
		snprintf(name, sizeof(name), "%s (%s)", base, b->name);
	else
		snprintf(name, sizeof(name), "%s", base);
	if ((rc = cf_edgar_entity(ds, NULL, NULL, name, "other", line,
	    &m->entity)) != CF_OK)
		return rc;
	if (strcmp(m->entity, b->filer) == 0) {
		m->self = 1;
		m->entity = NULL;
		return CF_OK;
	}
	if ((rc = cf_edgar_alias(ds, m->entity, m->local)) != CF_OK ||
	    (rc = cf_edgar_alias(ds, m->entity, m->qname)) != CF_OK)
		return rc;
	if ((e = entity_by_id(ds, m->entity)) == NULL || e->note != NULL)
		return CF_OK;
	if (generic)
		snprintf(note, sizeof(note), "Named from the standard XBRL"
		    " member %s in a filing of %s: the member is a category"
		    " and names no company", m->qname, b->name);
	else if (m->label != NULL)
		snprintf(note, sizeof(note), "Named by the filer's label of"
		    " XBRL member %s", m->qname);
	else
		snprintf(note, sizeof(note), "Named from XBRL member %s (no"
		    " label found)", m->qname);
	return (e->note = cf_dataset_strdup(ds, note)) ? CF_OK : CF_ENOMEM;
}

/* The counterparties of the facts in use, in document order; a fact whose
 * member names the filer itself is left out. */
static int
make_parties(struct xbrl *b)
{
	size_t i;
	int rc;

	for (i = 0; i < b->nfact; i++) {
		struct fact *f = &b->facts[i];
		struct member *m = f->ctx ? f->ctx->party : NULL;

		if (f->skip != USE || f->dei || !money_role(f->c->role) ||
		    m == NULL)
			continue;
		if ((rc = party_entity(b, m, f->line)) != CF_OK)
			return rc;
		if (m->self)
			f->skip = SKIP_DIMS;
	}
	return CF_OK;
}

/* What a note says of a context's counterparty and arrangement. */
static void
party_note(char *buf, size_t size, const struct xbrl *b,
    const struct ctx *cx)
{
	const struct cf_entity *e;
	char arr[300], a[260];

	buf[0] = '\0';
	if (cx->party == NULL)
		return;
	e = entity_by_id(b->ds, cx->party->entity);
	arr[0] = '\0';
	if (cx->arrangement != NULL) {
		derive_name(a, sizeof(a), cx->arrangement);
		snprintf(arr, sizeof(arr), "; arrangement: %s", a);
	}
	snprintf(buf, size, "; counterparty %s (XBRL member %s%s)%s",
	    e ? e->name : cx->party->local, cx->party->qname,
	    is_standard(cx->party->ns) ? ", a category that names no company"
	    : "", arr);
}

static int
add_disclosure(struct xbrl *b, const struct fact *f, const char *kind,
    int64_t amount, const char *note, struct cf_disclosure **out)
{
	cf_dataset *ds = b->ds;
	struct cf_disclosure *d;
	const char *id, *text, *as_of;

	if ((id = cf_edgar_record_id(ds, b->src, "disclosure",
	    ds->ndisclosures + 1)) == NULL ||
	    (text = cf_dataset_strdup(ds, note)) == NULL ||
	    (as_of = cf_dataset_strdup(ds, f->ctx->end)) == NULL ||
	    (d = cf_dataset_add_disclosure(ds)) == NULL)
		return CF_ENOMEM;
	d->id = id;
	d->entity = b->filer;
	d->counterparty = f->ctx->party ? f->ctx->party->entity : NULL;
	d->kind = kind;
	d->as_of = as_of;
	memcpy(d->currency, f->unit->currency, 4);
	d->amount = amount;
	d->note = text;
	d->line = f->line;
	*out = d;
	return cf_edgar_cite(ds, &d->sources, &d->nsources, b->src);
}

/* Is g of the group of f: in use, not yet made into a record, and of the
 * same date, counterparty, arrangement and currency? */
static int
same_group(const struct fact *f, const struct fact *g)
{
	return g->skip == USE && !g->done && !g->dei &&
	    money_role(g->c->role) &&
	    strcmp(g->ctx->end, f->ctx->end) == 0 &&
	    g->ctx->party == f->ctx->party &&
	    opt_cmp(g->ctx->arrangement, f->ctx->arrangement) == 0 &&
	    strcmp(g->unit->currency, f->unit->currency) == 0;
}

static int
sum_schedule(struct xbrl *b, const struct fact *f,
    const struct cf_payment *s, size_t n, int64_t *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i].minor > INT64_MAX - *out)
			return cf_input_error(b->ds->path, f->line, "%s:%s:"
			    " the total of the schedule overflows", QN(f));
		*out += s[i].minor;
	}
	return CF_OK;
}

static int
pay_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cf_payment *)a)->due,
	    ((const struct cf_payment *)b)->due);
}

/* Append to the note in buf what the percentage and period facts say of
 * RPO timing date t. */
static void
rpo_timing_note(const struct xbrl *b, const struct fact *f, const char *t,
    char *buf, size_t size)
{
	size_t i, len = strlen(buf);
	int open = 0;

	len += (size_t)snprintf(buf + len, size - len, "%sfrom %s",
	    len ? ", " : "", t);
	for (i = 0; i < b->nfact && len < size; i++) {
		const struct fact *g = &b->facts[i];
		char part[80];

		if (g->dei || (g->c->role != RPO_PCT &&
		    g->c->role != RPO_PERIOD) || g->text == NULL ||
		    g->ctx->unknown || g->ctx->party != f->ctx->party ||
		    strcmp(g->ctx->end, f->ctx->end) != 0 ||
		    strcmp(g->ctx->timing, t) != 0)
			continue;
		if (g->c->role == RPO_PCT)
			snprintf(part, sizeof(part), "%g%%",
			    strtod(g->text, NULL) * 100);
		else
			snprintf(part, sizeof(part), "period %.40s", g->text);
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    open ? ", " : " (", part);
		open = 1;
	}
	if (open && len + 1 < size)
		snprintf(buf + len, size - len, ")");
}

/* The RPO of one date and counterparty: the untimed fact is the amount,
 * the timed ones the schedule. */
static int
emit_rpo(struct xbrl *b, struct fact *f)
{
	struct cf_payment *s;
	struct cf_disclosure *d;
	const struct fact *total = NULL;
	char note[1800], timing[900], pn[700];
	size_t i, n = 0, cap = 0;
	int64_t amount;
	int rc;

	for (i = 0; i < b->nfact; i++)
		cap += b->facts[i].c->role == RPO &&
		    same_group(f, &b->facts[i]);
	if ((s = cf_dataset_alloc(b->ds, (cap + 1) * sizeof(*s))) == NULL)
		return CF_ENOMEM;
	for (i = 0; i < b->nfact; i++) {
		struct fact *g = &b->facts[i];

		if (g->c->role != RPO || !same_group(f, g))
			continue;
		g->done = 1;
		b->used++;
		if (g->ctx->timing[0] == '\0') {
			total = g;
			continue;
		}
		if ((s[n].due = cf_dataset_strdup(b->ds,
		    g->ctx->timing)) == NULL)
			return CF_ENOMEM;
		s[n++].minor = g->minor;
	}
	qsort(s, n, sizeof(*s), pay_cmp);
	timing[0] = '\0';
	for (i = 0; i < n; i++)
		rpo_timing_note(b, f, s[i].due, timing, sizeof(timing));
	if (total != NULL)
		amount = total->minor;
	else if ((rc = sum_schedule(b, f, s, n, &amount)) != CF_OK)
		return rc;
	party_note(pn, sizeof(pn), b, f->ctx);
	snprintf(note, sizeof(note), "Remaining performance obligations as of"
	    " %s (us-gaap:RevenueRemainingPerformanceObligation)%s%s%s%s",
	    f->ctx->end, pn, n ? "; expected timing tagged: " : "", timing,
	    n && total == NULL ? "; the amount is the sum of the timed parts"
	    " (no untimed total was tagged)" : "");
	if ((rc = add_disclosure(b, total ? total : f, "rpo", amount, note,
	    &d)) != CF_OK)
		return rc;
	d->schedule = n ? s : NULL;
	d->nschedule = n;
	return CF_OK;
}

/* A purchase obligation ladder of one date, family and counterparty:
 * rung k is due in the balance date's year + k. */
static int
emit_ladder(struct xbrl *b, struct fact *f)
{
	int family = f->c->role == PO_TOTAL ? f->c->arg : f->c->arg / 8;
	const struct fact *total = NULL, *rung[7] = {NULL};
	struct cf_payment *s;
	struct cf_disclosure *d;
	char note[1400], pn[700], tail[200], yr[12];
	int year = atoi(f->ctx->end), k, rc;
	size_t i, n = 0, len;
	int64_t amount;

	for (i = 0; i < b->nfact; i++) {
		struct fact *g = &b->facts[i];
		int tot, rg;

		if (!same_group(f, g))
			continue;
		tot = g->c->role == PO_TOTAL && g->c->arg == family;
		rg = g->c->role == PO_RUNG && g->c->arg / 8 == family;
		if (!tot && !rg)
			continue;
		g->done = 1;
		if (tot && total == NULL) {
			total = g;
		} else if (rg && rung[g->c->arg % 8] == NULL) {
			rung[g->c->arg % 8] = g;
		} else {
			g->skip = SKIP_DUP;	/* a rung tagged twice */
			continue;
		}
		b->used++;
	}
	if ((s = cf_dataset_alloc(b->ds, 7 * sizeof(*s))) == NULL)
		return CF_ENOMEM;
	for (k = 1; k <= 6; k++) {
		if (rung[k] == NULL)
			continue;
		snprintf(yr, sizeof(yr), "%04d", year + k);
		if ((s[n].due = cf_dataset_strdup(b->ds, yr)) == NULL)
			return CF_ENOMEM;
		s[n++].minor = rung[k]->minor;
	}
	if (total != NULL)
		amount = total->minor;
	else if ((rc = sum_schedule(b, f, s, n, &amount)) != CF_OK)
		return rc;
	party_note(pn, sizeof(pn), b, f->ctx);
	tail[0] = '\0';
	if (rung[6] != NULL)
		snprintf(tail, sizeof(tail), "; %04d is everything due after"
		    " the fifth year", year + 6);
	len = (size_t)snprintf(note, sizeof(note), "%s as of %s (us-gaap:%s)"
	    "%s%s%s", family == UNRECORDED ? "Unrecorded unconditional"
	    " purchase obligations" : "Purchase obligations", f->ctx->end,
	    family == UNRECORDED ? UUPO "BalanceSheetAmount" :
	    "PurchaseObligation", pn, n ? "; schedule by the twelve-month"
	    " periods after the balance date, each labelled with the year it"
	    " ends in" : "", tail);
	if (total == NULL && len < sizeof(note))
		snprintf(note + len, sizeof(note) - len, "; the amount is the"
		    " sum of the schedule (no total was tagged)");
	if ((rc = add_disclosure(b, total ? total : f,
	    "purchase-obligations", amount, note, &d)) != CF_OK)
		return rc;
	d->schedule = n ? s : NULL;
	d->nschedule = n;
	return CF_OK;
}

/* A payment to a named counterparty over an annual report's own period:
 * a paid equity flow. */
static int
emit_flow(struct xbrl *b, const struct fact *f)
{
	cf_dataset *ds = b->ds;
	struct cf_flow *fl;
	const char *id, *text, *start, *end;
	char note[1000], pn[700];
	int rc;

	party_note(pn, sizeof(pn), b, f->ctx);
	snprintf(note, sizeof(note), "Paid in the fiscal period %s to %s as"
	    " reported in the %s (us-gaap:%s, %s)%s; a total for the period,"
	    " not a dated payment", f->ctx->start, f->ctx->end,
	    ds->filing.form, f->c->name, f->c->what, pn);
	if ((id = cf_edgar_record_id(ds, b->src, "flow", ds->nflows + 1)) ==
	    NULL || (text = cf_dataset_strdup(ds, note)) == NULL ||
	    (start = cf_dataset_strdup(ds, f->ctx->start)) == NULL ||
	    (end = cf_dataset_strdup(ds, f->ctx->end)) == NULL)
		return CF_ENOMEM;
	if ((rc = cf_dataset_add_flow(ds, f->line, &fl)) != CF_OK)
		return rc;
	fl->id = id;
	fl->from = b->filer;
	fl->to = f->ctx->party->entity;
	fl->type = "equity";
	fl->status = "paid";
	fl->confidence = "high";
	fl->announced = end;
	fl->start = start;
	fl->end = end;
	memcpy(fl->currency, f->unit->currency, 4);
	fl->has_amount = 1;
	fl->amount = f->minor;
	fl->note = text;
	fl->line = f->line;
	return cf_edgar_cite(ds, &fl->sources, &fl->nsources, b->src);
}

/* A fact that is a record of its own: a stake, payments, capex or
 * convertible notes. */
static int
emit_single(struct xbrl *b, struct fact *f)
{
	const struct ctx *cx = f->ctx;
	struct cf_disclosure *d;
	const char *kind, *what = f->c->what;
	char note[1400], pn[700];
	enum role r = f->c->role;

	f->done = 1;
	b->used++;
	if (r == PAID && cx->party != NULL && b->annual && f->minor > 0 &&
	    b->cur_start != NULL && strcmp(cx->start, b->cur_start) == 0 &&
	    strcmp(cx->end, b->cur_end) == 0)
		return emit_flow(b, f);
	party_note(pn, sizeof(pn), b, cx);
	if (r == PAID || r == CAPEX) {
		kind = r == PAID ? "investments-paid" : "capex";
		snprintf(note, sizeof(note), "%c%s in the period %s to %s"
		    " (us-gaap:%s)%s%s", what[0] - 'a' + 'A', what + 1,
		    cx->start, cx->end, f->c->name, pn, r == PAID &&
		    cx->party == NULL ? "; all such payments together, no"
		    " counterparty named" : "");
	} else if (r == STAKE || r == STAKE_NAMED) {
		kind = "stake-value";
		snprintf(note, sizeof(note), "%c%s as of %s (us-gaap:%s)%s%s",
		    what[0] - 'a' + 'A', what + 1, cx->end, f->c->name, pn,
		    cx->party == NULL ? "; all such investments together, no"
		    " counterparty named" : "");
	} else {
		kind = "convertible-notes";
		snprintf(note, sizeof(note), "%s as of %s (us-gaap:%s)%s",
		    r == CONV_HELD ? "Available-for-sale debt securities of"
		    " the counterparty, taken as its convertible notes (the"
		    " filing's text says whether they convert)" : "Convertible"
		    " notes issued by the filer, carrying amount", cx->end,
		    f->c->name, pn);
	}
	return add_disclosure(b, f, kind, f->minor, note, &d);
}

/* What the reader left out, for ds->filing.note. */
static int
filing_note(struct xbrl *b)
{
	struct cf_filing *fl = &b->ds->filing;
	char buf[1400];
	size_t len;

	len = (size_t)snprintf(buf, sizeof(buf), "%s%sXBRL: %zu facts of"
	    " mapped concepts used; left out: %zu with dimensions or a period"
	    " not mapped, %zu not in a currency, %zu negative, %zu of earlier"
	    " periods without a counterparty, %zu duplicates",
	    fl->note ? fl->note : "", fl->note ? "; " : "", b->used,
	    b->left[SKIP_DIMS], b->left[SKIP_UNIT], b->left[SKIP_NEGATIVE],
	    b->left[SKIP_EARLIER], b->left[SKIP_DUP]);
	if (b->labels != NULL && len < sizeof(buf)) {
		const char *base = strrchr(b->labels, '/');

		snprintf(buf + len, sizeof(buf) - len, "; counterparty names"
		    " from the label linkbase %s", base ? base + 1 : b->labels);
	}
	return (fl->note = cf_dataset_strdup(b->ds, buf)) ? CF_OK : CF_ENOMEM;
}

static int
make_records(struct xbrl *b)
{
	size_t i;
	int rc;

	if ((rc = make_parties(b)) != CF_OK)
		return rc;
	for (i = 0; i < b->nfact && rc == CF_OK; i++) {
		struct fact *f = &b->facts[i];

		if (f->dei || f->skip != USE || f->done ||
		    !money_role(f->c->role))
			continue;
		if (f->c->role == RPO)
			rc = emit_rpo(b, f);
		else if (f->c->role == PO_TOTAL || f->c->role == PO_RUNG)
			rc = emit_ladder(b, f);
		else
			rc = emit_single(b, f);
	}
	if (rc != CF_OK)
		return rc;
	for (i = 0; i < b->nfact; i++)
		if (!b->facts[i].dei && money_role(b->facts[i].c->role))
			b->left[b->facts[i].skip]++;
	return filing_note(b);
}

int
cf_edgar_read_xbrl(cf_dataset *ds, cf_xs *x, const char *labels)
{
	struct xbrl b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.ds = ds;
	b.x = x;
	ds->is_filing = 1;
	if ((rc = read_instance(&b)) == CF_OK &&
	    (rc = resolve(&b)) == CF_OK &&
	    (rc = make_filing(&b)) == CF_OK &&
	    (rc = choose_facts(&b)) == CF_OK &&
	    (rc = read_labels(&b, labels)) == CF_OK)
		rc = make_records(&b);
	free(b.ctxs);
	free(b.units);
	free(b.facts);
	free(b.members);
	return rc;
}

/* ---- the reader ---------------------------------------------------------- */

/* The label linkbase beside the instance at path (malloc'd), or NULL: the
 * instance's name with "_htm.xml" or ".xml" replaced by "_lab.xml", else
 * the only "*_lab.xml" in the folder. */
static char *
find_labels(const char *path)
{
	const char *slash = strrchr(path, '/'), *base;
	char dir[4096], cand[4096 + 300], *found = NULL;
	size_t stem;
	struct dirent *de;
	DIR *d;
	int n = 0;

	base = slash ? slash + 1 : path;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
	    slash ? path : ".");
	stem = ends(base, "_htm.xml") ? strlen(base) - 8 : ends(base, ".xml") ?
	    strlen(base) - 4 : 0;
	if (stem > 0 && stem < 256) {
		snprintf(cand, sizeof(cand), "%s/%.*s_lab.xml", dir, (int)stem,
		    base);
		if (access(cand, R_OK) == 0)
			return strdup(cand);
	}
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL)
		if (ends(de->d_name, "_lab.xml") && strlen(de->d_name) < 256 &&
		    n++ == 0)
			snprintf(cand, sizeof(cand), "%s/%s", dir, de->d_name);
	closedir(d);
	if (n == 1)
		found = strdup(cand);
	return found;
}

static int
read_file(cf_dataset *ds)
{
	char *labels = find_labels(ds->path);
	cf_xs *x = NULL;
	int rc;

	ds->is_filing = 1;
	if ((rc = cf_xs_open_file(&x, ds->path)) == CF_OK)
		rc = cf_edgar_read_xbrl(ds, x, labels);
	cf_xs_free(x);
	free(labels);
	return rc;
}

/* Bytes p[0..n) at p, within end? */
static const char *
find_in(const char *p, const char *end, const char *s)
{
	return p < end ? memmem(p, (size_t)(end - p), s, strlen(s)) : NULL;
}

/* The root element is xbrl, its prefix bound to the XBRL instance
 * namespace in its start tag. */
static int
detect(const char *head, size_t len)
{
	const char *end = head + len, *p, *name, *q, *tag_end;
	char needle[80];
	size_t plen;

	p = cf_skip_bom_space(head, end);
	for (;;) {
		if (p >= end || *p != '<')
			return 0;
		if (end - p >= 2 && p[1] == '?') {
			if ((q = find_in(p, end, "?>")) == NULL)
				return 0;
			p = cf_skip_bom_space(q + 2, end);
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			if ((q = find_in(p, end, "-->")) == NULL)
				return 0;
			p = cf_skip_bom_space(q + 3, end);
		} else {
			break;
		}
	}
	name = ++p;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\r' &&
	    *p != '\n' && *p != '>' && *p != '/')
		p++;
	if (p - name < 4 || memcmp(p - 4, "xbrl", 4) != 0 ||
	    (p - name > 4 && p[-5] != ':'))
		return 0;
	plen = p - name > 4 ? (size_t)(p - name - 5) : 0;
	if (plen + 10 >= sizeof(needle))
		return 0;
	snprintf(needle, sizeof(needle), "xmlns%s%.*s=", plen ? ":" : "",
	    (int)plen, name);
	tag_end = find_in(p, end, ">");
	if (tag_end == NULL)
		tag_end = end;
	for (q = p; (q = find_in(q, tag_end, needle)) != NULL; q++) {
		const char *v = q + strlen(needle);

		if (q[-1] != ' ' && q[-1] != '\t' && q[-1] != '\r' &&
		    q[-1] != '\n')
			continue;
		if (v < tag_end && (*v == '"' || *v == '\'') &&
		    (size_t)(tag_end - v) > strlen(NS_INSTANCE) + 1 &&
		    memcmp(v + 1, NS_INSTANCE, strlen(NS_INSTANCE)) == 0 &&
		    v[1 + strlen(NS_INSTANCE)] == *v)
			return 90;
	}
	return 0;
}

const struct cf_reader cf_reader_xbrl = {
	"edgar-xbrl", "edgar", 4, detect, NULL, read_file
};
