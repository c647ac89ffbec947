/*
 * sched13.c - SEC Schedules 13D and 13G and their amendments (XML, filed
 * since December 2024).
 *
 * Whoever owns more than 5% of a class of an issuer's shares files a
 * Schedule 13D (may seek influence) or 13G (passive).  Both are an
 * <edgarSubmission>, namespace http://www.sec.gov/edgar/schedule13D (13d
 * in edgartools' schema reference: compared without case) or
 * .../schedule13g, and name the same things differently:
 *
 *                 13D                        13G
 *   issuer CIK    issuerCIK                  issuerCik
 *   CUSIP         issuerCUSIP                issuerCusip
 *   event date    dateOfEvent                eventDateRequiresFilingThis-
 *                                            Statement
 *   a person      reportingPersons/          coverPageHeaderReporting-
 *                 reportingPersonInfo        PersonDetails
 *   its CIK       reportingPersonCIK         reportingCik
 *   its shares    aggregateAmountOwned       reportingPersonBeneficially-
 *                                            OwnedAggregateNumberOfShares
 *   its percent   percentOfClass             classPercent
 *   signatures    signatureInfo/             signatureInformation/
 *                 signaturePerson/           signatureDetails/date
 *                 signatureDetails/date
 *
 * and either may give the CUSIP as issuerCusips/issuerCusipNumber.  The 13D
 * names are those of a real filing; the 13G names come from the schema
 * reference and real 13G files published with edgartools, not from the
 * SEC's own technical specification (not at hand): fairly sure of them.
 * Each spelling is accepted in either schedule.
 *
 * What it becomes: the issuer (CIK, CUSIP, name) and each reporting person
 * as entities to resolve, a person's kind from its typeOfReportingPerson
 * codes (IN, an individual: "other"; IV, an investment company: "fund";
 * any other code, such as CO, PN, IA, HC, BD, BK, IC, EP, FI or OO, and
 * none: "investor"), and per person a holding person -> issuer of the
 * shares and percent of the class it beneficially owns as of the event
 * date.  A schedule states no money: holdings carry no value.  The persons
 * of one filing often report the same shares (a fund, its general partner,
 * its managers): the notes say not to add them up.
 *
 * ds->filing: form "SC 13D", "SC 13D/A", "SC 13G" or "SC 13G/A" (EDGAR's
 * long-standing names; the XML says "SCHEDULE 13D"), period the event
 * date, filer the filer's credentials CIK (else the first person's), filed
 * the first signature date.  An amendment restates the cover page as of
 * its own event date, so it imports as its own filing beside what it
 * amends, which stays as history: amends and lineage stay NULL (the store
 * would replace the filing amends names), and the note names the
 * previousAccessionNumber.
 *
 * Only the header, cover page, persons and signatures are expanded; the
 * long narrative items and attached documents are streamed past.
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

#define MAX_PERSONS	1000

struct person {
	const char *cik, *name, *kind, *types, *id;
	int has_shares, has_percent;
	double shares, percent;
	const char *shares_text, *percent_text;
	long line;
};

struct s13 {
	cf_dataset *ds;
	cf_xs *x;
	long root_line;
	int is_g;			/* by namespace: 1 13G, 0 13D, -1 ? */
	const char *type, *prev, *filer, *amendno;
	long type_line, prev_line;
	const char *klass, *event, *cik, *name, *cusip, *cusip_id;
	long cover_line, issuer_line;
	int have_cover;
	const char *sigdate, *form, *issuer_id, *src;
	struct person *persons;
	size_t npersons, cpersons;
	struct cf_edgar_note note;	/* the filing's note */
};

/* The text of the first of two spellings of a child of n, and its node. */
static int
either(cf_dataset *ds, const xmlNode *n, const char *a, const char *b,
    const char **out, const xmlNode **node)
{
	const xmlNode *c = cf_xn_path(n, a);

	if (c == NULL && b != NULL)
		c = cf_xn_path(n, b);
	if (node != NULL)
		*node = c;
	return cf_xn_text(ds, c, out);
}

/* A CIK in text (NULL allowed) checked and made ten digits. */
static int
cik_of(struct s13 *s, const xmlNode *n, const char *what, const char *text,
    const char **out)
{
	char ck[11];

	*out = NULL;
	if (text == NULL)
		return CF_OK;
	if (cf_edgar_cik(ck, text) != 0)
		return cf_xs_error(s->x, n, "%s '%.40s' is not a CIK (1 to 10"
		    " digits)", what, text);
	*out = cf_dataset_strdup(s->ds, ck);
	return *out ? CF_OK : CF_ENOMEM;
}

/* A share count or percent ("8.5", "10,000.00", "22.2%"). */
static int
number(struct s13 *s, const xmlNode *n, const char *what, const char *text,
    double *out)
{
	char buf[64];
	size_t len = strlen(text);

	if (len > 1 && len < sizeof(buf) && text[len - 1] == '%') {
		memcpy(buf, text, len - 1);
		buf[len - 1] = '\0';
		text = buf;
	}
	return cf_edgar_number(s->x, n, what, text, out);
}

/* ---- reading the document ------------------------------------------------ */

static int
read_header(struct s13 *s, const xmlNode *n)
{
	const xmlNode *c;
	const char *t;
	int rc;

	c = cf_xn_child(n, "submissionType");
	s->type_line = cf_xs_node_line(s->x, c ? c : n);
	if ((rc = cf_xn_text(s->ds, c, &s->type)) != CF_OK)
		return rc;
	c = cf_xn_child(n, "previousAccessionNumber");
	s->prev_line = cf_xs_node_line(s->x, c ? c : n);
	if ((rc = cf_xn_text(s->ds, c, &s->prev)) != CF_OK)
		return rc;
	c = cf_xn_path(n, "filerInfo/filer/filerCredentials/cik");
	if ((rc = cf_xn_text(s->ds, c, &t)) != CF_OK)
		return rc;
	return cik_of(s, c, "filer cik", t, &s->filer);
}

static int
read_cover(struct s13 *s, const xmlNode *n)
{
	cf_dataset *ds = s->ds;
	const xmlNode *iss = cf_xn_child(n, "issuerInfo"), *c;
	const char *t;
	int rc;

	s->have_cover = 1;
	s->cover_line = cf_xs_node_line(s->x, n);
	s->issuer_line = cf_xs_node_line(s->x, iss ? iss : n);
	if ((rc = cf_xn_path_text(ds, n, "securitiesClassTitle",
	    &s->klass)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, n, "amendmentNo",
	    &s->amendno)) != CF_OK ||
	    (rc = either(ds, n, "dateOfEvent",
	    "eventDateRequiresFilingThisStatement", &t, &c)) != CF_OK ||
	    (rc = cf_edgar_date_ds(s->x, ds, c, "event date", t,
	    &s->event)) != CF_OK)
		return rc;
	if (iss == NULL)
		return cf_xs_error(s->x, n, "cover page has no issuerInfo");
	if ((rc = either(ds, iss, "issuerCIK", "issuerCik", &t, &c)) != CF_OK)
		return rc;
	if (t == NULL)
		return cf_xs_error(s->x, iss, "issuerInfo has no issuer CIK");
	if ((rc = cik_of(s, c, "issuer CIK", t, &s->cik)) != CF_OK ||
	    (rc = cf_xn_path_text(ds, iss, "issuerName", &s->name)) != CF_OK)
		return rc;
	if (s->name == NULL)
		return cf_xs_error(s->x, iss, "issuerInfo has no issuerName");
	if ((rc = either(ds, iss, "issuerCUSIP", "issuerCusip", &s->cusip,
	    NULL)) != CF_OK)
		return rc;
	if (s->cusip == NULL && (rc = cf_xn_path_text(ds, iss, "issuerCusips/"
	    "issuerCusipNumber", &s->cusip)) != CF_OK)
		return rc;
	if (s->cusip != NULL && cf_edgar_no_amount(s->cusip))
		s->cusip = NULL;
	/* Only a well-formed CUSIP identifies the issuer's entity. */
	if (s->cusip != NULL) {
		size_t i, len = strlen(s->cusip);

		for (i = 0; i < len && isalnum((unsigned char)s->cusip[i]); i++)
			;
		if (len == 9 && i == len)
			s->cusip_id = s->cusip;
	}
	return CF_OK;
}

/* An entity kind from typeOfReportingPerson codes. */
static const char *
person_kind(int individual, int invco, int other)
{
	if (invco)
		return "fund";
	if (individual && !other)
		return "other";
	return "investor";
}

static int
read_person(struct s13 *s, const xmlNode *n)
{
	cf_dataset *ds = s->ds;
	const xmlNode *c;
	struct person *p;
	const char *t, *nocik;
	char types[80];
	size_t len = 0;
	int in = 0, iv = 0, oth = 0, rc;

	if (s->npersons == MAX_PERSONS)
		return cf_xs_error(s->x, n, "more than %d reporting persons",
		    MAX_PERSONS);
	if (s->npersons == s->cpersons) {
		size_t cap = s->cpersons ? s->cpersons * 2 : 4;
		struct person *v;

		if ((v = realloc(s->persons, cap * sizeof(*v))) == NULL)
			return cf_error_set(CF_ENOMEM, "13D/G persons");
		s->persons = v;
		s->cpersons = cap;
	}
	p = &s->persons[s->npersons];
	memset(p, 0, sizeof(*p));
	p->line = cf_xs_node_line(s->x, n);
	if ((rc = cf_xn_path_text(ds, n, "reportingPersonName",
	    &p->name)) != CF_OK)
		return rc;
	if (p->name == NULL)
		return cf_xs_error(s->x, n, "reporting person has no"
		    " reportingPersonName");
	if ((rc = either(ds, n, "reportingPersonCIK", "reportingCik", &t,
	    &c)) != CF_OK ||
	    (t == NULL && (rc = either(ds, n, "reportingPersonCik", NULL, &t,
	    &c)) != CF_OK) ||
	    (rc = either(ds, n, "reportingPersonNoCIK",
	    "reportingCikNotPresentInEdgarFlag", &nocik, NULL)) != CF_OK)
		return rc;
	if (nocik == NULL || strcasecmp(nocik, "Y") != 0)
		if ((rc = cik_of(s, c, "reporting person CIK", t,
		    &p->cik)) != CF_OK)
			return rc;
	if ((rc = either(ds, n, "aggregateAmountOwned",
	    "reportingPersonBeneficiallyOwnedAggregateNumberOfShares",
	    &p->shares_text, &c)) != CF_OK)
		return rc;
	if (p->shares_text != NULL) {
		if ((rc = number(s, c, "aggregate amount owned",
		    p->shares_text, &p->shares)) != CF_OK)
			return rc;
		p->has_shares = 1;
	}
	if ((rc = either(ds, n, "percentOfClass", "classPercent",
	    &p->percent_text, &c)) != CF_OK)
		return rc;
	if (p->percent_text != NULL) {
		if ((rc = number(s, c, "percent of class", p->percent_text,
		    &p->percent)) != CF_OK)
			return rc;
		if (p->percent > 100)
			return cf_xs_error(s->x, c, "percent of class '%.40s'"
			    " is not between 0 and 100", p->percent_text);
		p->has_percent = 1;
	}
	types[0] = '\0';
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name,
		    "typeOfReportingPerson") != 0)
			continue;
		if ((rc = cf_xn_text(ds, c, &t)) != CF_OK)
			return rc;
		if (t == NULL)
			continue;
		if (strcasecmp(t, "IN") == 0)
			in = 1;
		else if (strcasecmp(t, "IV") == 0)
			iv = 1;
		else
			oth = 1;
		if (len + strlen(t) + 3 < sizeof(types))
			len += (size_t)snprintf(types + len, sizeof(types) -
			    len, "%s%s", len ? ", " : "", t);
	}
	p->kind = person_kind(in, iv, oth);
	if (len > 0 && (p->types = cf_dataset_strdup(ds, types)) == NULL)
		return CF_ENOMEM;
	s->npersons++;
	return CF_OK;
}

/* The first signature date of a signature block (13D: signatureInfo with
 * signaturePerson children; 13G: signatureInformation). */
static int
read_signature(struct s13 *s, const xmlNode *n)
{
	const xmlNode *c, *d = NULL;
	const char *t;
	int rc;

	if (s->sigdate != NULL)
		return CF_OK;
	if ((d = cf_xn_path(n, "signatureDetails/date")) == NULL)
		for (c = n->children; c != NULL && d == NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				d = cf_xn_path(c, "signatureDetails/date");
	if ((rc = cf_xn_text(s->ds, d, &t)) != CF_OK)
		return rc;
	return cf_edgar_date_ds(s->x, s->ds, d, "signature date", t,
	    &s->sigdate);
}

/* Reads one expanded part of the document. */
typedef int (*part_fn)(struct s13 *, const xmlNode *);

/* What to do with the element name at depth under p1/p2 (the names of
 * its ancestors at depths 1 and 2): the function that reads it expanded,
 * or NULL to stream on. */
static part_fn
reader_for(int depth, const char *p1, const char *p2, const char *name)
{
	if (depth == 1)
		return strcmp(name, "headerData") == 0 ? read_header : NULL;
	if (strcmp(p1, "formData") != 0)
		return NULL;
	if (depth == 2) {
		if (strcmp(name, "coverPageHeader") == 0)
			return read_cover;
		if (strcmp(name, "coverPageHeaderReportingPersonDetails") == 0)
			return read_person;
		if (strcmp(name, "signatureInfo") == 0 ||
		    strcmp(name, "signatureInformation") == 0)
			return read_signature;
	}
	if (depth == 3 && strcmp(p2, "reportingPersons") == 0 &&
	    strcmp(name, "reportingPersonInfo") == 0)
		return read_person;
	return NULL;
}

static int
read_doc(struct s13 *s)
{
	part_fn fn;
	cf_xs *x = s->x;
	const xmlNode *n;
	char p1[64] = "", p2[64] = "";
	const char *name, *ns;
	int r, depth, rc;

	if ((r = cf_xs_next(x)) <= 0)
		return r < 0 ? r : cf_xs_error(x, NULL, "empty document: no"
		    " <edgarSubmission>");
	if (strcmp(cf_xs_name(x), "edgarSubmission") != 0)
		return cf_xs_error(x, NULL, "the root element is <%.40s>, not"
		    " the <edgarSubmission> of a Schedule 13D or 13G",
		    cf_xs_name(x));
	s->root_line = cf_xs_line(x);
	ns = cf_xs_ns(x);
	s->is_g = strcasecmp(ns, "http://www.sec.gov/edgar/schedule13g") == 0 ?
	    1 : strcasecmp(ns, "http://www.sec.gov/edgar/schedule13d") == 0 ?
	    0 : -1;
	while ((r = cf_xs_next(x)) == 1) {
		depth = cf_xs_depth(x);
		name = cf_xs_name(x);
		if (depth == 1)
			snprintf(p1, sizeof(p1), "%s", name);
		else if (depth == 2)
			snprintf(p2, sizeof(p2), "%s", name);
		if ((fn = reader_for(depth, p1, p2, name)) == NULL)
			continue;
		if ((rc = cf_xs_expand_root(x, &n, &s->root_line)) != CF_OK ||
		    (rc = fn(s, n)) != CF_OK)
			return rc;
	}
	return r;
}

/* ---- building the records ------------------------------------------------ */

/* The form's name from submissionType, else from the namespace. */
static int
form_of(struct s13 *s)
{
	static const char *const names[][2] = {
		{"SCHEDULE 13D", "SC 13D"}, {"SCHEDULE 13D/A", "SC 13D/A"},
		{"SCHEDULE 13G", "SC 13G"}, {"SCHEDULE 13G/A", "SC 13G/A"},
		{"SC 13D", "SC 13D"}, {"SC 13D/A", "SC 13D/A"},
		{"SC 13G", "SC 13G"}, {"SC 13G/A", "SC 13G/A"},
	};
	size_t i;

	if (s->type != NULL) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcasecmp(s->type, names[i][0]) == 0) {
				s->form = names[i][1];
				return CF_OK;
			}
		return cf_input_error(cf_xs_path(s->x), s->type_line,
		    "submissionType '%.40s' is not a Schedule 13D or 13G",
		    s->type);
	}
	if (s->is_g < 0)
		return cf_input_error(cf_xs_path(s->x), s->root_line, "neither"
		    " a submissionType nor a schedule13D/13G namespace says"
		    " which schedule this is");
	if (s->prev != NULL || s->amendno != NULL)
		s->form = s->is_g ? "SC 13G/A" : "SC 13D/A";
	else
		s->form = s->is_g ? "SC 13G" : "SC 13D";
	return CF_OK;
}

static int
set_filing(struct s13 *s)
{
	cf_dataset *ds = s->ds;
	struct cf_filing *f = &ds->filing;
	char buf[21];
	int rc;

	if ((rc = form_of(s)) != CF_OK)
		return rc;
	if (!s->have_cover)
		return cf_input_error(ds->path, s->root_line, "no"
		    " coverPageHeader");
	if (s->event == NULL)
		return cf_input_error(ds->path, s->cover_line, "the cover page"
		    " has no event date (dateOfEvent or"
		    " eventDateRequiresFilingThisStatement)");
	if (s->npersons == 0)
		return cf_input_error(ds->path, s->root_line, "no reporting"
		    " person");
	if (f->form == NULL)
		f->form = s->form;
	if (strstr(f->form, "/A") != NULL || strstr(s->form, "/A") != NULL)
		f->amendment = 1;
	if (s->prev != NULL) {
		if (cf_edgar_accession(buf, s->prev) != 0)
			return cf_input_error(ds->path, s->prev_line,
			    "previousAccessionNumber '%.40s' is not an"
			    " accession number", s->prev);
		if ((s->prev = cf_dataset_strdup(ds, buf)) == NULL)
			return CF_ENOMEM;
	}
	if (f->accession == NULL &&
	    cf_edgar_accession_from_path(buf, ds->path) == 0 &&
	    (f->accession = cf_dataset_strdup(ds, buf)) == NULL)
		return CF_ENOMEM;
	if (f->filed == NULL)
		f->filed = s->sigdate;
	if (f->period == NULL)
		f->period = s->event;
	if (f->filer_cik == NULL)
		f->filer_cik = s->filer ? s->filer : s->persons[0].cik;
	return CF_OK;
}

static int
make_records(struct s13 *s)
{
	cf_dataset *ds = s->ds;
	const struct cf_filing *f = &ds->filing;
	const char *schedule = strstr(s->form, "13G") ? "13G" : "13D";
	const char *amend = strstr(s->form, "/A") ? "/A" : "";
	char title[480], more[40] = "", acc[40] = "", note[700];
	const char *hnote = NULL;
	size_t i, nh = 0;
	int rc;

	if ((rc = cf_edgar_entity(ds, s->cik, s->cusip_id, s->name, "other",
	    s->issuer_line, &s->issuer_id)) != CF_OK)
		return rc;
	for (i = 0; i < s->npersons; i++) {
		struct person *p = &s->persons[i];

		if ((rc = cf_edgar_entity(ds, p->cik, NULL, p->name, p->kind,
		    p->line, &p->id)) != CF_OK)
			return rc;
	}
	if (s->npersons > 1)
		snprintf(more, sizeof(more), " and %zu other%s",
		    s->npersons - 1, s->npersons > 2 ? "s" : "");
	if (f->accession != NULL)
		snprintf(acc, sizeof(acc), " (%s)", f->accession);
	snprintf(title, sizeof(title), "%.150s - Schedule %s%s filed by"
	    " %.150s%s%s", s->name, schedule, amend, s->persons[0].name, more,
	    acc);
	if ((rc = cf_edgar_source(ds, title, f->filer_cik, s->root_line,
	    &s->src)) != CF_OK)
		return rc;
	if ((rc = cf_edgar_note_add(&s->note,
	    "Schedule %s%s read by edgar-13d-13g: a holding"
	    " per reporting person of the shares and percent of the class it"
	    " beneficially owns as of the event date; a schedule states no"
	    " money.", schedule, amend)) != CF_OK)
		return rc;
	if (*amend != '\0' && (rc = cf_edgar_note_add(&s->note,
	    " Amendment%s%s of %s,"
	    " imported as its own filing: earlier holdings stay as history.",
	    s->amendno ? " No. " : "", s->amendno ? s->amendno : "",
	    s->prev ? s->prev : "an earlier filing")) != CF_OK)
		return rc;
	snprintf(note, sizeof(note), "Schedule %s%s: beneficial ownership as"
	    " of the event date, a stake and not money paid%s", schedule,
	    amend, s->npersons > 1 ? "; the reporting persons of one filing"
	    " often report the same shares (a fund, its general partner, its"
	    " managers): do not add them up" : "");
	for (i = 0; i < s->npersons; i++) {
		const struct person *p = &s->persons[i];
		struct cf_holding *h;

		if (!p->has_shares && !p->has_percent) {
			if ((rc = cf_edgar_remark(&s->note, p->line,
			    "a reporting person with"
			    " neither shares nor percent of class: no"
			    " holding")) != CF_OK)
				return rc;
			continue;
		}
		if (strcmp(p->id, s->issuer_id) == 0) {
			if ((rc = cf_edgar_remark(&s->note, p->line,
			    "the reporting person is"
			    " the issuer: no holding")) != CF_OK)
				return rc;
			continue;
		}
		if (hnote == NULL && (hnote = cf_dataset_strdup(ds, note)) ==
		    NULL)
			return CF_ENOMEM;
		if ((h = cf_dataset_add_holding(ds)) == NULL ||
		    (h->id = cf_edgar_record_id(ds, s->src, "holding",
		    ++nh)) == NULL)
			return CF_ENOMEM;
		h->holder = p->id;
		h->issuer = s->issuer_id;
		h->as_of = s->event;
		h->title_of_class = s->klass;
		h->cusip = s->cusip;
		h->note = hnote;
		h->line = p->line;
		h->has_shares = p->has_shares;
		h->shares = p->shares;
		h->has_percent = p->has_percent;
		h->percent = p->percent;
		if ((rc = cf_edgar_cite(ds, &h->sources, &h->nsources,
		    s->src)) != CF_OK)
			return rc;
	}
	if ((ds->filing.note = cf_dataset_strdup(ds, s->note.text)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

int
cf_edgar_read_sched13(cf_dataset *ds, cf_xs *x)
{
	struct s13 s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.ds = ds;
	s.x = x;
	ds->is_filing = 1;
	if ((rc = read_doc(&s)) == CF_OK &&
	    (rc = set_filing(&s)) == CF_OK)
		rc = make_records(&s);
	free(s.note.text);
	free(s.persons);
	return rc;
}

/* ---- the reader ---------------------------------------------------------- */

/* Does head[0..len) contain one of the needles (in lower case), ignoring
 * case?  One lower-case copy and a memmem each: a byte-by-byte
 * strncasecmp per needle took 4% of the import writer's instructions on
 * bench/import's corpus at scale 1 (commit 86c793e), where every Form D
 * and 13F cover page is asked. */
static int
has_any(const char *head, size_t len, const char *const *needles)
{
	char low[CF_DETECT_HEAD];
	size_t i, n = len < sizeof(low) ? len : sizeof(low);

	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)head[i]);
	for (; *needles != NULL; needles++)
		if (memmem(low, n, *needles, strlen(*needles)) != NULL)
			return 1;
	return 0;
}

static int
detect(const char *head, size_t len)
{
	static const char *const marks[] = {
		"sec.gov/edgar/schedule13d", "sec.gov/edgar/schedule13g",
		">schedule 13d", ">schedule 13g", ">sc 13d", ">sc 13g", NULL
	};
	char name[64];

	if (cf_edgar_root(head, len, name, sizeof(name)) != 0 ||
	    strcmp(name, "edgarSubmission") != 0)
		return 0;
	return has_any(head, len, marks) ? 95 : 0;
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_sched13);
}

const struct cf_reader cf_reader_sched13 = {
	"edgar-13d-13g", "edgar", 4, detect, NULL, read_file
};
