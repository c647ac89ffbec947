/*
 * xml.c - the native circfin XML dataset (urn:circfin:dataset:1).
 *
 * The file is parsed with libxml2 with network access off, entities left
 * unsubstituted and any DOCTYPE refused before it is read (so neither XXE
 * nor entity-expansion bombs get anywhere), validated against the XSD
 * built into the library (graphs/schema/dataset-1.xsd), and walked into a
 * cf_dataset.  Errors name file, line and element.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "circfin.h"
#include "import.h"
#include "xmldoc.h"

#define NS "urn:circfin:dataset:1"

extern const char cf_dataset_xsd[];
extern const size_t cf_dataset_xsd_len;

static int
xml_detect(const char *head, size_t len)
{
	const char *p = cf_skip_bom_space(head, head + len);

	if (p == head + len || *p != '<')
		return 0;
	/* Our namespace near the top: certain; other XML: let the reader say
	 * what it found. */
	for (; p + sizeof(NS) - 1 <= head + len; p++)
		if (memcmp(p, NS, sizeof(NS) - 1) == 0)
			return 100;
	return 10;
}

/* ---- walking the tree ---------------------------------------------------- */

struct walk {
	cf_dataset *ds;
};

static int
is_el(const xmlNode *n, const char *name)
{
	return cf_xml_is(n, NS, name);
}

static const xmlNode *
first_el(const xmlNode *parent, const char *name)
{
	return cf_xml_child(parent, NS, name);
}

static size_t
count_el(const xmlNode *parent, const char *name)
{
	const xmlNode *n;
	size_t k = 0;

	for (n = parent->children; n != NULL; n = n->next)
		k += is_el(n, name);
	return k;
}

/* Copy s into the arena with leading and trailing white space removed. */
static char *
trimmed(cf_dataset *ds, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return cf_dataset_strndup(ds, s, n);
}

/* An attribute's value in the arena, or NULL when absent (or on ENOMEM,
 * with *rc set). */
static const char *
attr(struct walk *w, const xmlNode *n, const char *name, int *rc)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *copy;

	if (v == NULL)
		return NULL;
	copy = trimmed(w->ds, (const char *)v);
	xmlFree(v);
	if (copy == NULL)
		*rc = CF_ENOMEM;
	return copy;
}

static const char *
text(struct walk *w, const xmlNode *n, int *rc)
{
	xmlChar *v;
	char *copy;

	if (n == NULL)
		return NULL;
	if ((v = xmlNodeGetContent(n)) == NULL) {
		*rc = cf_error_set(CF_ENOMEM, "XML text");
		return NULL;
	}
	copy = trimmed(w->ds, (const char *)v);
	xmlFree(v);
	if (copy == NULL)
		*rc = CF_ENOMEM;
	return copy;
}

static const char *
child_text(struct walk *w, const xmlNode *n, const char *name, int *rc)
{
	return text(w, first_el(n, name), rc);
}

static long
line_of(const xmlNode *n)
{
	return cf_xml_line(n);
}

static int
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* Parse a money value (text) in currency; messages name the element. */
static int
money(struct walk *w, const xmlNode *n, const char *what, const char *cur,
    const char *value, int64_t *out)
{
	int e;

	if (cf_currency_exponent(&e, cur) != CF_OK ||
	    cf_money_parse(out, value, e) != CF_OK)
		return cf_input_error(w->ds->path, line_of(n), "element <%s>:"
		    " %s: %s", (const char *)n->name, what, cf_error_message());
	return CF_OK;
}

static int
quantity(struct walk *w, const xmlNode *n, const char *value, double *out)
{
	char *end;

	*out = strtod(value, &end);
	if (*value == '\0' || *end != '\0' || *out < 0)
		return cf_input_error(w->ds->path, line_of(n), "element <%s>:"
		    " quantity '%.40s' is not a non-negative number",
		    (const char *)n->name, value);
	return CF_OK;
}

/* Every <source ref> child of n into an array. */
static int
source_refs(struct walk *w, const xmlNode *n, const char ***out, size_t *nout)
{
	const xmlNode *c;
	size_t k = 0;
	int rc = CF_OK;

	*nout = count_el(n, "source");
	if (*nout == 0)
		return CF_OK;
	if ((*out = cf_dataset_alloc(w->ds, *nout * sizeof(**out))) == NULL)
		return CF_ENOMEM;
	for (c = n->children; c != NULL && rc == CF_OK; c = c->next)
		if (is_el(c, "source"))
			(*out)[k++] = attr(w, c, "ref", &rc);
	return rc;
}

static int
read_source(struct walk *w, const xmlNode *n)
{
	struct cf_source *s = cf_dataset_add_source(w->ds);
	int rc = CF_OK;

	if (s == NULL)
		return CF_ENOMEM;
	s->line = line_of(n);
	s->id = attr(w, n, "id", &rc);
	s->date = attr(w, n, "date", &rc);
	s->retrieved = attr(w, n, "retrieved", &rc);
	s->title = child_text(w, n, "title", &rc);
	s->publisher = child_text(w, n, "publisher", &rc);
	s->url = child_text(w, n, "url", &rc);
	s->accession = child_text(w, n, "accession", &rc);
	s->excerpt = child_text(w, n, "excerpt", &rc);
	s->note = child_text(w, n, "note", &rc);
	return rc;
}

/* Split a white-space separated list into an arena array. */
static int
split_words(struct walk *w, const char *s, const char ***out, size_t *nout)
{
	const char *p = s, *start;
	size_t k = 0, n = 0;

	*nout = 0;
	if (s == NULL)
		return CF_OK;
	for (p = s; *p; ) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		n++;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			p++;
	}
	if (n == 0)
		return CF_OK;
	if ((*out = cf_dataset_alloc(w->ds, n * sizeof(**out))) == NULL)
		return CF_ENOMEM;
	for (p = s; k < n; ) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r')
			p++;
		if (((*out)[k++] = cf_dataset_strndup(w->ds, start,
		    (size_t)(p - start))) == NULL)
			return CF_ENOMEM;
	}
	*nout = n;
	return CF_OK;
}

static int
read_entity(struct walk *w, const xmlNode *n)
{
	struct cf_entity *e;
	const xmlNode *c;
	size_t ki = 0, ka = 0;
	int rc;

	if ((rc = cf_dataset_add_entity(w->ds, line_of(n), &e)) != CF_OK)
		return rc;
	e->id = attr(w, n, "id", &rc);
	e->parent = attr(w, n, "parent", &rc);
	e->name = child_text(w, n, "name", &rc);
	e->note = child_text(w, n, "note", &rc);
	if (rc == CF_OK)
		rc = split_words(w, attr(w, n, "kinds", &rc), &e->kinds,
		    &e->nkinds);
	e->nidents = count_el(n, "identifier");
	e->naliases = count_el(n, "alias");
	if (rc != CF_OK)
		return rc;
	if ((e->nidents && (e->idents = cf_dataset_alloc(w->ds,
	    e->nidents * sizeof(*e->idents))) == NULL) ||
	    (e->naliases && (e->aliases = cf_dataset_alloc(w->ds,
	    e->naliases * sizeof(*e->aliases))) == NULL))
		return CF_ENOMEM;
	for (c = n->children; c != NULL && rc == CF_OK; c = c->next) {
		if (is_el(c, "identifier")) {
			e->idents[ki].scheme = attr(w, c, "scheme", &rc);
			e->idents[ki++].value = text(w, c, &rc);
		} else if (is_el(c, "alias")) {
			e->aliases[ka++] = text(w, c, &rc);
		}
	}
	return rc;
}

/* <amount>, <range> or <quantity> of a flow. */
static int
read_measures(struct walk *w, const xmlNode *n, struct cf_flow *f)
{
	const xmlNode *a = first_el(n, "amount"), *r = first_el(n, "range");
	const xmlNode *q = first_el(n, "quantity"), *m = a ? a : r;
	const char *v;
	int rc = CF_OK;

	if (m != NULL) {
		const char *cur = attr(w, m, "currency", &rc);

		if (rc != CF_OK)
			return rc;
		if (cur == NULL || strlen(cur) != 3)
			return cf_input_error(w->ds->path, line_of(m), "element"
			    " <%s>: missing currency", (const char *)m->name);
		memcpy(f->currency, cur, 4);
		f->estimate = is_true(attr(w, m, "estimate", &rc));
		if (r != NULL && attr(w, r, "estimate", &rc) == NULL)
			f->estimate = 1;	/* the schema's default */
		if (a != NULL) {
			if ((v = text(w, a, &rc)) == NULL)
				return rc;
			if ((rc = money(w, a, "amount", cur, v,
			    &f->amount)) != CF_OK)
				return rc;
			f->has_amount = 1;
		}
		if ((v = attr(w, m, "low", &rc)) != NULL) {
			if ((rc = money(w, m, "low", cur, v, &f->low)) != CF_OK)
				return rc;
			f->has_low = 1;
		}
		if ((v = attr(w, m, "high", &rc)) != NULL) {
			if ((rc = money(w, m, "high", cur, v,
			    &f->high)) != CF_OK)
				return rc;
			f->has_high = 1;
		}
	}
	if (q != NULL) {
		f->unit = attr(w, q, "unit", &rc);
		if ((v = text(w, q, &rc)) == NULL)
			return rc;
		if ((rc = quantity(w, q, v, &f->quantity)) != CF_OK)
			return rc;
		f->has_quantity = 1;
		if ((v = attr(w, q, "low", &rc)) != NULL) {
			if ((rc = quantity(w, q, v, &f->qlow)) != CF_OK)
				return rc;
			f->has_qlow = 1;
		}
		if ((v = attr(w, q, "high", &rc)) != NULL) {
			if ((rc = quantity(w, q, v, &f->qhigh)) != CF_OK)
				return rc;
			f->has_qhigh = 1;
		}
	}
	return rc;
}

static int
read_schedule(struct walk *w, const xmlNode *s, struct cf_flow *f)
{
	const xmlNode *c;
	const char *cur, *v;
	size_t k = 0;
	int rc = CF_OK;

	cur = attr(w, s, "currency", &rc);
	if (rc != CF_OK)
		return rc;
	if (cur == NULL || strlen(cur) != 3)
		return cf_input_error(w->ds->path, line_of(s), "element"
		    " <schedule>: missing currency");
	memcpy(f->schedule_currency, cur, 4);
	f->schedule_assumed = is_true(attr(w, s, "assumed", &rc));
	f->nschedule = count_el(s, "payment");
	if (f->nschedule == 0)
		return rc;
	if ((f->schedule = cf_dataset_alloc(w->ds,
	    f->nschedule * sizeof(*f->schedule))) == NULL)
		return CF_ENOMEM;
	for (c = s->children; c != NULL && rc == CF_OK; c = c->next) {
		if (!is_el(c, "payment"))
			continue;
		f->schedule[k].due = attr(w, c, "due", &rc);
		if ((v = text(w, c, &rc)) == NULL)
			return rc;
		rc = money(w, c, "payment", cur, v, &f->schedule[k].minor);
		k++;
	}
	return rc;
}

static int
read_flow(struct walk *w, const xmlNode *n)
{
	struct cf_flow *f;
	const xmlNode *s;
	int rc;

	if ((rc = cf_dataset_add_flow(w->ds, line_of(n), &f)) != CF_OK)
		return rc;
	f->id = attr(w, n, "id", &rc);
	f->from = attr(w, n, "from", &rc);
	f->to = attr(w, n, "to", &rc);
	f->type = attr(w, n, "type", &rc);
	f->status = attr(w, n, "status", &rc);
	f->announced = attr(w, n, "announced", &rc);
	f->start = attr(w, n, "start", &rc);
	f->end = attr(w, n, "end", &rc);
	f->superseded_by = attr(w, n, "superseded-by", &rc);
	f->prior_status = attr(w, n, "prior-status", &rc);
	f->confidence = attr(w, n, "confidence", &rc);
	f->condition = child_text(w, n, "condition", &rc);
	f->note = child_text(w, n, "note", &rc);
	if (rc == CF_OK && f->confidence == NULL)
		f->confidence = "medium";	/* the schema's default */
	if (rc == CF_OK)
		rc = read_measures(w, n, f);
	if (rc == CF_OK && (s = first_el(n, "schedule")) != NULL)
		rc = read_schedule(w, s, f);
	if (rc == CF_OK)
		rc = source_refs(w, n, &f->sources, &f->nsources);
	return rc;
}

static int
read_disclosure(struct walk *w, const xmlNode *n)
{
	struct cf_disclosure *d = cf_dataset_add_disclosure(w->ds);
	const xmlNode *a;
	const char *cur, *v;
	int rc = CF_OK;

	if (d == NULL)
		return CF_ENOMEM;
	d->line = line_of(n);
	d->id = attr(w, n, "id", &rc);
	d->entity = attr(w, n, "entity", &rc);
	d->counterparty = attr(w, n, "counterparty", &rc);
	d->kind = attr(w, n, "kind", &rc);
	d->as_of = attr(w, n, "as-of", &rc);
	d->note = child_text(w, n, "note", &rc);
	if (rc != CF_OK)
		return rc;
	if ((a = first_el(n, "amount")) == NULL)
		return cf_input_error(w->ds->path, d->line, "disclosure '%s':"
		    " no amount", d->id ? d->id : "");
	cur = attr(w, a, "currency", &rc);
	v = text(w, a, &rc);
	if (rc != CF_OK)
		return rc;
	if (cur == NULL || strlen(cur) != 3)
		return cf_input_error(w->ds->path, line_of(a), "element"
		    " <amount>: missing currency");
	memcpy(d->currency, cur, 4);
	d->estimate = is_true(attr(w, a, "estimate", &rc));
	if ((rc = money(w, a, "amount", cur, v, &d->amount)) != CF_OK)
		return rc;
	return source_refs(w, n, &d->sources, &d->nsources);
}

/* A profile figure: an <amount> (the schema has checked its currency is
 * three letters) or a signed <ratio>. */
static int
read_figure(struct walk *w, const xmlNode *n)
{
	struct cf_figure *f = cf_dataset_add_figure(w->ds);
	const xmlNode *a;
	const char *cur, *v;
	char *end;
	int rc = CF_OK;

	if (f == NULL)
		return CF_ENOMEM;
	f->line = line_of(n);
	f->id = attr(w, n, "id", &rc);
	f->entity = attr(w, n, "entity", &rc);
	f->item = attr(w, n, "item", &rc);
	f->period = attr(w, n, "period", &rc);
	f->assumption = is_true(attr(w, n, "assumption", &rc));
	f->note = child_text(w, n, "note", &rc);
	if (rc != CF_OK)
		return rc;
	if ((a = first_el(n, "amount")) != NULL) {
		cur = attr(w, a, "currency", &rc);
		v = text(w, a, &rc);
		if (rc != CF_OK)
			return rc;
		memcpy(f->currency, cur, 4);
		f->estimate = is_true(attr(w, a, "estimate", &rc));
		f->has_amount = 1;
		if ((rc = money(w, a, "amount", cur, v, &f->amount)) != CF_OK)
			return rc;
	} else if ((a = first_el(n, "ratio")) != NULL) {
		if ((v = text(w, a, &rc)) == NULL)
			return rc;
		f->ratio = strtod(v, &end);
		if (*v == '\0' || *end != '\0')
			return cf_input_error(w->ds->path, line_of(a), "element"
			    " <ratio>: '%.40s' is not a number", v);
		f->has_ratio = 1;
	}
	return source_refs(w, n, &f->sources, &f->nsources);
}

/* Call fn on each <item> child of the <list> child of root. */
static int
each(struct walk *w, const xmlNode *root, const char *list, const char *item,
    int (*fn)(struct walk *, const xmlNode *))
{
	const xmlNode *l = first_el(root, list), *c;
	int rc = CF_OK;

	if (l == NULL)
		return CF_OK;
	for (c = l->children; c != NULL && rc == CF_OK; c = c->next)
		if (is_el(c, item))
			rc = fn(w, c);
	return rc;
}

/* ---- the reader ---------------------------------------------------------- */

static int
xml_read(cf_dataset *ds, const char *buf, size_t len)
{
	static const struct cf_xml_format fmt = {
		NS, "dataset", "1", "circfin dataset", NULL, 0
	};
	struct cf_xml_format f = fmt;
	struct walk w = {ds};
	xmlDocPtr doc = NULL;
	const xmlNode *root;
	int rc;

	f.xsd = cf_dataset_xsd;
	f.xsd_len = cf_dataset_xsd_len;
	if ((rc = cf_xml_parse(&doc, ds->path, buf, len, &f)) != CF_OK)
		return rc;
	root = xmlDocGetRootElement(doc);
	ds->title = child_text(&w, root, "title", &rc);
	ds->description = child_text(&w, root, "description", &rc);
	ds->as_of = attr(&w, root, "as-of", &rc);
	if (rc != CF_OK)
		goto out;
	if ((rc = each(&w, root, "sources", "source", read_source)) ||
	    (rc = each(&w, root, "entities", "entity", read_entity)) ||
	    (rc = each(&w, root, "flows", "flow", read_flow)) ||
	    (rc = each(&w, root, "disclosures", "disclosure",
	    read_disclosure)) ||
	    (rc = each(&w, root, "profiles", "figure", read_figure)))
		goto out;
out:
	xmlFreeDoc(doc);
	return rc;
}

const struct cf_reader cf_reader_xml = {
	"circfin-xml", "xml", 2, xml_detect, xml_read, NULL
};
