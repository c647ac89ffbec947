/*
 * scenario.c - reading the scenarios file (urn:circfin:scenarios:1).
 *
 * The file goes through cf_xml_parse (no DOCTYPE, no network, validated
 * against graphs/schema/scenarios-1.xsd built into the library), and the
 * walk below checks what the schema leaves open: names against the
 * vocabularies, the target each parameter takes, value ranges, possible
 * distributions, integer ranges, exact money, duplicates and Monte Carlo
 * bases.  The first problem is reported as "path:line: <element>: ...".
 * Strings and arrays live in a private arena of blocks that
 * cf_scenarios_free releases in one go.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "circfin.h"
#include "model.h"
#include "readfile.h"
#include "scenario.h"
#include "xmldoc.h"

#define NS "urn:circfin:scenarios:1"
#define MAX_DRAWS		100000000L
#define BLOCK_SIZE		16384

extern const char cf_scenarios_xsd[];
extern const size_t cf_scenarios_xsd_len;

const char *const cf_param_names[] = {
	"revenue-growth", "revenue-growth-factor", "revenue-factor",
	"gross-margin", "cost-factor", "gpu-life-years", "debt-service-rate",
	"revenue-growth-half-life", "arrival-probability", NULL
};

const char *const cf_dist_names[] = {
	"normal", "lognormal", "uniform", "triangular", "bernoulli", NULL
};

/* Each parameter's range as messages say it: "must be ...". */
static const char *const param_range[CF_NPARAMS] = {
	"greater than -1", "0 or more", "0 or more", "between 0 and 1",
	"0 or more", "greater than 0", "between 0 and 1", "greater than 0",
	"between 0 and 1"
};

/* The attribute naming each target, in enum cf_target order. */
static const char *const target_attrs[] = {
	NULL, "entity", "kind", "flow", "type", "status"
};

/* The attributes each distribution takes, as its a, b and c. */
static const char *const dist_attrs[][4] = {
	{"mean", "sd", NULL, NULL},
	{"mu", "sigma", NULL, NULL},
	{"low", "high", NULL, NULL},
	{"low", "mode", "high", NULL},
	{"p", NULL, NULL, NULL}
};
static const char *const all_dist_attrs[] = {
	"mean", "sd", "mu", "sigma", "low", "mode", "high", "p", NULL
};

/* ---- the arena ----------------------------------------------------------- */

struct scen_block {
	struct scen_block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

/* size bytes of zeroed memory that live as long as s, or NULL with
 * CF_ENOMEM set.  A large request gets a block of its own, put behind the
 * current one so that the current block's free space is not lost. */
static void *
arena_alloc(cf_scenarios *s, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	struct scen_block *b = s->arena, *nb;
	size_t need, bsize;
	void *p;

	if (size > SIZE_MAX - sizeof(*b) - align) {
		cf_error_set(CF_ENOMEM, "scenarios: allocation too large");
		return NULL;
	}
	need = (size + align - 1) / align * align;
	if (need == 0)
		need = align;
	if (b == NULL || b->size - b->used < need) {
		bsize = need > BLOCK_SIZE / 4 ? need : BLOCK_SIZE;
		if ((nb = malloc(sizeof(*nb) + bsize)) == NULL) {
			cf_error_set(CF_ENOMEM, "scenarios: out of memory");
			return NULL;
		}
		nb->used = 0;
		nb->size = bsize;
		if (b != NULL && bsize == need) {
			nb->next = b->next;	/* a dedicated block */
			b->next = nb;
		} else {
			nb->next = b;
			s->arena = nb;
		}
		b = nb;
	}
	p = b->data + b->used;
	b->used += need;
	memset(p, 0, need);
	return p;
}

/* An array of n elements of size bytes (NULL, without error, when n is
 * 0; NULL with CF_ENOMEM set when it cannot be had). */
static void *
arena_array(cf_scenarios *s, size_t n, size_t size, int *rc)
{
	void *p;

	if (n == 0)
		return NULL;
	if (n > SIZE_MAX / size) {
		*rc = cf_error_set(CF_ENOMEM, "scenarios: array too large");
		return NULL;
	}
	if ((p = arena_alloc(s, n * size)) == NULL)
		*rc = CF_ENOMEM;
	return p;
}

static char *
arena_strndup(cf_scenarios *s, const char *text, size_t n)
{
	char *p;

	if ((p = arena_alloc(s, n + 1)) == NULL)
		return NULL;
	memcpy(p, text, n);
	p[n] = '\0';
	return p;
}

/* ---- walking the tree ---------------------------------------------------- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
is_el(const xmlNode *n, const char *name)
{
	return cf_xml_is(n, NS, name);
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

static const char *
el(const xmlNode *n)
{
	return (const char *)n->name;
}

static long
line_of(const xmlNode *n)
{
	return cf_xml_line(n);
}

/* Copy text into the arena without leading and trailing white space;
 * with collapse, each inner run of white space becomes one space (free
 * text written over several lines reads as one paragraph).  NULL with
 * *rc = CF_ENOMEM when out of memory. */
static const char *
copy_text(cf_scenarios *s, const char *text, int collapse, int *rc)
{
	size_t n, i, k = 0;
	char *p;

	while (is_space(*text))
		text++;
	n = strlen(text);
	while (n > 0 && is_space(text[n - 1]))
		n--;
	if ((p = arena_strndup(s, text, n)) == NULL) {
		*rc = CF_ENOMEM;
		return NULL;
	}
	if (!collapse)
		return p;
	for (i = 0; i < n; i++) {
		if (is_space(p[i])) {
			if (k > 0 && p[k - 1] == ' ')
				continue;
			p[k++] = ' ';
		} else {
			p[k++] = p[i];
		}
	}
	p[k] = '\0';
	return p;
}

/* An attribute's trimmed value in the arena, or NULL when absent (or out
 * of memory, with *rc set).  Does nothing once *rc is an error. */
static const char *
attr(cf_scenarios *s, const xmlNode *n, const char *name, int *rc)
{
	xmlChar *v;
	const char *copy;

	if (*rc != CF_OK)
		return NULL;
	if ((v = xmlGetNoNsProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	copy = copy_text(s, (const char *)v, 0, rc);
	xmlFree(v);
	return copy;
}

/* The text of the first child element name of n, white space collapsed,
 * or NULL when there is none. */
static const char *
child_text(cf_scenarios *s, const xmlNode *n, const char *name, int *rc)
{
	const xmlNode *c;
	xmlChar *v;
	const char *copy;

	if (*rc != CF_OK || (c = cf_xml_child(n, NS, name)) == NULL)
		return NULL;
	if ((v = xmlNodeGetContent(c)) == NULL) {
		*rc = cf_error_set(CF_ENOMEM, "XML text");
		return NULL;
	}
	copy = copy_text(s, (const char *)v, 1, rc);
	xmlFree(v);
	return copy;
}

/* Append name to the ", "-separated list in buf (cut short if it does
 * not fit). */
static void
list_add(char *buf, size_t size, const char *name)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
}

/* names[0..] (NULL-terminated) joined with ", " into buf. */
static const char *
join_names(char *buf, size_t size, const char *const *names)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; names[i] != NULL; i++)
		list_add(buf, size, names[i]);
	return buf;
}

static int
unknown_name(cf_scenarios *s, const xmlNode *n, const char *what,
    const char *name, const struct cf_vocab *v)
{
	char list[512];
	size_t i;

	list[0] = '\0';
	for (i = 0; v[i].name != NULL; i++)
		list_add(list, sizeof(list), v[i].name);
	return cf_input_error(s->path, line_of(n), "<%s>: unknown %s '%.64s'"
	    " (one of: %s)", el(n), what, name, list);
}

/* A number: the attribute's text (NULL when absent) and its value. */
struct num {
	const char *text;
	double v;
};

/* Attribute name of n as a finite double; NaN, INF and values beyond
 * the range of a double are refused. */
static int
get_num(cf_scenarios *s, const xmlNode *n, const char *name, struct num *out)
{
	int rc = CF_OK;
	char *end;

	out->v = 0;
	if ((out->text = attr(s, n, name, &rc)) == NULL)
		return rc;
	out->v = strtod(out->text, &end);
	if (out->text[0] == '\0' || *end != '\0' || !isfinite(out->v))
		return cf_input_error(s->path, line_of(n), "<%s>: %s must be a"
		    " finite number, not %.40s", el(n), name, out->text);
	return CF_OK;
}

/* Attribute name of n as an integer from lo to hi into *out, which is
 * left alone when the attribute is absent. */
static int
get_int(cf_scenarios *s, const xmlNode *n, const char *name, long lo,
    long hi, long *out)
{
	const char *text;
	char *end;
	long v;
	int rc = CF_OK;

	if ((text = attr(s, n, name, &rc)) == NULL)
		return rc;
	errno = 0;
	v = strtol(text, &end, 10);
	if (text[0] == '\0' || *end != '\0' || errno == ERANGE || v < lo ||
	    v > hi)
		return cf_input_error(s->path, line_of(n), "<%s>: %s must be"
		    " an integer between %ld and %ld, not %.40s", el(n), name,
		    lo, hi, text);
	*out = v;
	return CF_OK;
}

/* The seed of a <montecarlo>: decimal digits (a '+' allowed, as in
 * xs:integer) that fit in 64 bits. */
static int
get_seed(cf_scenarios *s, const xmlNode *n, uint64_t *out)
{
	const char *text, *p;
	uint64_t v = 0;
	unsigned d;
	int rc = CF_OK;

	if ((text = attr(s, n, "seed", &rc)) == NULL)
		return rc != CF_OK ? rc : cf_input_error(s->path, line_of(n),
		    "<%s>: no seed", el(n));
	p = text + (text[0] == '+');
	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			goto bad;
		v = v * 10 + d;
	}
	*out = v;
	return CF_OK;
bad:
	return cf_input_error(s->path, line_of(n), "<%s>: seed must be a"
	    " non-negative integer that fits in 64 bits (at most"
	    " 18446744073709551615), not %.40s", el(n), text);
}

/* ---- settings, targets, values ------------------------------------------ */

static int
get_param(cf_scenarios *s, const xmlNode *n, int *out)
{
	const char *name;
	char list[512];
	int i, rc = CF_OK;

	if ((name = attr(s, n, "param", &rc)) == NULL)
		return rc != CF_OK ? rc : cf_input_error(s->path, line_of(n),
		    "<%s>: no param", el(n));
	for (i = 0; i < CF_NPARAMS; i++)
		if (strcmp(cf_param_names[i], name) == 0) {
			*out = i;
			return CF_OK;
		}
	return cf_input_error(s->path, line_of(n), "<%s>: unknown parameter"
	    " '%.64s' (one of: %s)", el(n), name, join_names(list,
	    sizeof(list), cf_param_names));
}

/* The target of a <set> or <draw> for param: at most one target
 * attribute, one that param takes, a kind, type or status that
 * exists. */
static int
get_target(cf_scenarios *s, const xmlNode *n, int param, int *target,
    const char **name)
{
	const char *v;
	int t, flowish, rc = CF_OK;

	*target = CF_TARGET_ALL;
	*name = NULL;
	for (t = CF_TARGET_ENTITY; t <= CF_TARGET_STATUS; t++) {
		if ((v = attr(s, n, target_attrs[t], &rc)) == NULL) {
			if (rc != CF_OK)
				return rc;
			continue;
		}
		if (*target != CF_TARGET_ALL)
			return cf_input_error(s->path, line_of(n), "<%s>: give"
			    " at most one of entity, kind, flow, type and"
			    " status (found %s and %s)", el(n),
			    target_attrs[*target], target_attrs[t]);
		*target = t;
		*name = v;
	}
	if (*target == CF_TARGET_ALL)
		return CF_OK;
	flowish = *target == CF_TARGET_FLOW || *target == CF_TARGET_TYPE ||
	    *target == CF_TARGET_STATUS;
	if (flowish != (param == CF_PARAM_ARRIVAL))
		return cf_input_error(s->path, line_of(n), "<%s>: parameter"
		    " '%s' takes %s, not %s='%.64s'", el(n),
		    cf_param_names[param], flowish ? "an entity or kind target"
		    " (or none, for all entities)" : "a flow, type or status"
		    " target (or none, for all flows)", target_attrs[*target],
		    *name);
	if (*target == CF_TARGET_KIND &&
	    cf_vocab_find(cf_entity_kinds, *name) < 0)
		return unknown_name(s, n, "entity kind", *name,
		    cf_entity_kinds);
	if (*target == CF_TARGET_TYPE &&
	    cf_vocab_find(cf_flow_types, *name) < 0)
		return unknown_name(s, n, "flow type", *name, cf_flow_types);
	if (*target == CF_TARGET_STATUS &&
	    cf_vocab_find(cf_flow_statuses, *name) < 0)
		return unknown_name(s, n, "flow status", *name,
		    cf_flow_statuses);
	return CF_OK;
}

/* A value in [0, 1] for attribute name of <settings>. */
static int
get_unit_interval(cf_scenarios *s, const xmlNode *n, const char *name,
    double *out)
{
	struct num x;
	int rc;

	if ((rc = get_num(s, n, name, &x)) != CF_OK || x.text == NULL)
		return rc;
	if (!(x.v >= 0 && x.v <= 1))
		return cf_input_error(s->path, line_of(n), "<%s>: %s must be"
		    " between 0 and 1, not %.40s", el(n), name, x.text);
	*out = x.v;
	return CF_OK;
}

static int
read_settings(cf_scenarios *s, const xmlNode *n)
{
	struct cf_stress_settings *st = &s->settings;
	const char *v;
	long start = st->start_year, years = st->years, open = st->open_years;
	long iters = st->max_iter;
	struct num tol;
	int model, rc = CF_OK;

	st->line = line_of(n);
	if ((rc = get_int(s, n, "start-year", 1900, 2200, &start)) != CF_OK ||
	    (rc = get_int(s, n, "years", 1, 100, &years)) != CF_OK ||
	    (rc = get_int(s, n, "open-ended-years", 1, 100, &open)) != CF_OK ||
	    (rc = get_int(s, n, "max-iterations", 1, 10000000, &iters)) !=
	    CF_OK || (rc = get_num(s, n, "tolerance", &tol)) != CF_OK)
		return rc;
	if (tol.text != NULL && !(tol.v > 0 && tol.v < 1))
		return cf_input_error(s->path, line_of(n), "<%s>: tolerance"
		    " must be above 0 and below 1, not %.40s", el(n), tol.text);
	if (tol.text != NULL)
		st->tolerance = tol.v;
	st->max_iter = iters;
	st->start_year = (int)start;
	st->years = (int)years;
	st->open_years = (int)open;
	if ((v = attr(s, n, "model", &rc)) != NULL) {
		if (cf_clear_model_parse(&model, v) != CF_OK)
			return cf_input_error(s->path, st->line, "<%s>: unknown"
			    " model '%.64s' (the stress engine clears with"
			    " eisenberg-noe, rogers-veraart or furfine)", el(n),
			    v);
		if (model != CF_CLEAR_EISENBERG_NOE &&
		    model != CF_CLEAR_ROGERS_VERAART &&
		    model != CF_CLEAR_FURFINE)
			return cf_input_error(s->path, st->line, "<%s>: model"
			    " '%s': the stress engine clears with"
			    " eisenberg-noe, rogers-veraart or furfine", el(n),
			    v);
		st->model = model;
	}
	if (rc != CF_OK ||
	    (rc = get_unit_interval(s, n, "alpha", &st->alpha)) != CF_OK ||
	    (rc = get_unit_interval(s, n, "beta", &st->beta)) != CF_OK ||
	    (rc = get_unit_interval(s, n, "recovery", &st->recovery)) != CF_OK)
		return rc;
	if ((v = attr(s, n, "seniority", &rc)) != NULL)
		st->seniority = strcmp(v, "senior") == 0 ? CF_SENIORITY_SENIOR :
		    CF_SENIORITY_EQUAL;
	if ((v = attr(s, n, "terminate-on-default", &rc)) != NULL)
		st->terminate = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
	return rc;
}

static int
read_valuation(cf_scenarios *s, const xmlNode *n, struct cf_valuation *v)
{
	const char *cur, *per;
	int e, rc = CF_OK;

	v->line = line_of(n);
	v->unit = attr(s, n, "unit", &rc);
	cur = attr(s, n, "currency", &rc);
	per = attr(s, n, "per-unit", &rc);
	v->note = child_text(s, n, "note", &rc);
	if (rc != CF_OK)
		return rc;
	if (v->unit == NULL || cf_vocab_find(cf_units, v->unit) < 0)
		return unknown_name(s, n, "unit", v->unit ? v->unit : "",
		    cf_units);
	if (cur == NULL || strlen(cur) != 3 ||
	    cf_currency_exponent(&e, cur) != CF_OK)
		return cf_input_error(s->path, v->line, "<%s>: unknown"
		    " currency '%.40s' (not an active ISO 4217 code)", el(n),
		    cur ? cur : "");
	memcpy(v->currency, cur, 4);
	if (per == NULL || cf_money_parse(&v->per_unit_minor, per, e) != CF_OK)
		return cf_input_error(s->path, v->line, "<%s>: per-unit: %s",
		    el(n), per ? cf_error_message() : "missing");
	return CF_OK;
}

/* Every <valuation> child of parent, each unit at most once. */
static int
read_valuations(cf_scenarios *s, const xmlNode *parent,
    struct cf_valuation **out, size_t *nout)
{
	const xmlNode *c;
	struct cf_valuation *v;
	size_t n = count_el(parent, "valuation"), k = 0, j;
	int rc = CF_OK;

	if ((v = arena_array(s, n, sizeof(*v), &rc)) == NULL)
		return rc;
	for (c = parent->children; c != NULL; c = c->next) {
		if (!is_el(c, "valuation"))
			continue;
		if ((rc = read_valuation(s, c, &v[k])) != CF_OK)
			return rc;
		/* The units before k are distinct and known: a few. */
		for (j = 0; j < k; j++)
			if (strcmp(v[j].unit, v[k].unit) == 0)
				return cf_input_error(s->path, v[k].line,
				    "<valuation>: unit '%s' is valued twice"
				    " (first at line %ld)", v[k].unit,
				    v[j].line);
		k++;
	}
	*out = v;
	*nout = k;
	return CF_OK;
}

/* ---- duplicates ---------------------------------------------------------- */

/* What may not repeat: a (param, target, name) in one scenario, or a
 * scenario name (param and target 0). */
struct key {
	int param, target;
	const char *name;
	long line;
	size_t idx;		/* where it came from */
};

static int
key_cmp(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	int c;

	if (a->param != b->param)
		return a->param < b->param ? -1 : 1;
	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	if ((c = strcmp(a->name ? a->name : "", b->name ? b->name : "")) != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int
key_same(const struct key *a, const struct key *b)
{
	return a->param == b->param && a->target == b->target &&
	    strcmp(a->name ? a->name : "", b->name ? b->name : "") == 0;
}

/* Sort k[0..n) and find the repeat that comes first in the file: *dup
 * the repeat, *first the occurrence it repeats.  0 when nothing
 * repeats.  O(n log n). */
static int
find_repeat(struct key *k, size_t n, const struct key **dup,
    const struct key **first)
{
	size_t i, start = 0;

	*dup = *first = NULL;
	if (n < 2)
		return 0;
	qsort(k, n, sizeof(*k), key_cmp);
	for (i = 1; i < n; i++) {
		if (!key_same(&k[start], &k[i])) {
			start = i;
			continue;
		}
		if (i == start + 1 &&
		    (*dup == NULL || k[i].line < (*dup)->line)) {
			*dup = &k[i];
			*first = &k[start];
		}
	}
	return *dup != NULL;
}

/* "for kind 'lab'" or "for all" into buf. */
static const char *
target_text(char *buf, size_t size, int target, const char *name)
{
	if (target == CF_TARGET_ALL)
		snprintf(buf, size, "for all");
	else
		snprintf(buf, size, "for %s '%.64s'", target_attrs[target],
		    name);
	return buf;
}

/* No (param, target, name) twice among the n keys (sorted here) of the
 * settings or draws of one level; where names the level in messages. */
static int
check_repeats(cf_scenarios *s, struct key *k, size_t n, const char *element,
    const char *verb, const char *where)
{
	const struct key *dup, *first;
	char tt[160];

	if (!find_repeat(k, n, &dup, &first))
		return CF_OK;
	return cf_input_error(s->path, dup->line, "<%s>: parameter '%s' %s is"
	    " %s twice in %s (first at line %ld)", element,
	    cf_param_names[dup->param], target_text(tt, sizeof(tt),
	    dup->target, dup->name), verb, where, first->line);
}

/* ---- sets, draws, scenarios ---------------------------------------------- */

static int
read_set(cf_scenarios *s, const xmlNode *n, struct cf_setting *st)
{
	struct num x;
	int rc;

	st->line = line_of(n);
	if ((rc = get_param(s, n, &st->param)) != CF_OK ||
	    (rc = get_target(s, n, st->param, &st->target,
	    &st->name)) != CF_OK ||
	    (rc = get_num(s, n, "value", &x)) != CF_OK)
		return rc;
	if (x.text == NULL)
		return cf_input_error(s->path, st->line, "<%s>: no value",
		    el(n));
	if (!cf_param_value_ok(st->param, x.v))
		return cf_input_error(s->path, st->line, "<%s>: parameter '%s'"
		    " must be %s, not %.40s", el(n), cf_param_names[st->param],
		    param_range[st->param], x.text);
	st->value = x.v;
	return CF_OK;
}

/* Every <set> child of parent; where names the level in messages. */
static int
read_sets(cf_scenarios *s, const xmlNode *parent, const char *where,
    struct cf_setting **out, size_t *nout)
{
	const xmlNode *c;
	struct cf_setting *v;
	struct key *k = NULL;
	size_t n = count_el(parent, "set"), i = 0;
	int rc = CF_OK;

	if (n == 0)
		return CF_OK;
	if ((v = arena_array(s, n, sizeof(*v), &rc)) == NULL)
		return rc;
	if ((k = malloc(n * sizeof(*k))) == NULL)
		return cf_error_set(CF_ENOMEM, "scenarios: out of memory");
	for (c = parent->children; c != NULL; c = c->next) {
		if (!is_el(c, "set"))
			continue;
		if ((rc = read_set(s, c, &v[i])) != CF_OK)
			goto out;
		k[i].param = v[i].param;
		k[i].target = v[i].target;
		k[i].name = v[i].name;
		k[i].line = v[i].line;
		i++;
	}
	if ((rc = check_repeats(s, k, i, "set", "set", where)) != CF_OK)
		goto out;
	*out = v;
	*nout = i;
out:
	free(k);
	return rc;
}

/* The distribution of a <draw>: exactly its own attributes, possible
 * parameters, a loading in [-1, 1]. */
static int
read_dist(cf_scenarios *s, const xmlNode *n, int param, struct cf_dist *d)
{
	const char *kind, *const *want;
	struct num x[3], load;
	char list[64];
	long line = line_of(n);
	int i, j, taken, rc = CF_OK;

	if ((kind = attr(s, n, "dist", &rc)) == NULL)
		return rc != CF_OK ? rc : cf_input_error(s->path, line,
		    "<%s>: no dist", el(n));
	for (i = 0; cf_dist_names[i] != NULL; i++)
		if (strcmp(cf_dist_names[i], kind) == 0)
			break;
	if (cf_dist_names[i] == NULL)
		return cf_input_error(s->path, line, "<%s>: unknown dist"
		    " '%.40s' (one of: %s)", el(n), kind, join_names(list,
		    sizeof(list), cf_dist_names));
	d->kind = i;
	want = dist_attrs[d->kind];
	join_names(list, sizeof(list), want);
	for (i = 0; all_dist_attrs[i] != NULL; i++) {
		for (j = 0, taken = 0; j < 3 && want[j] != NULL; j++)
			taken |= strcmp(want[j], all_dist_attrs[i]) == 0;
		if (!taken && xmlHasProp(n, (const xmlChar *)all_dist_attrs[i]))
			return cf_input_error(s->path, line, "<%s>: a %s"
			    " distribution takes only %s (not %s)", el(n),
			    kind, list, all_dist_attrs[i]);
	}
	for (j = 0; j < 3; j++) {
		x[j].text = NULL;
		x[j].v = 0;
		if (want[j] == NULL)
			continue;
		if ((rc = get_num(s, n, want[j], &x[j])) != CF_OK)
			return rc;
		if (x[j].text == NULL)
			return cf_input_error(s->path, line, "<%s>: a %s"
			    " distribution needs %s (%s is missing)", el(n),
			    kind, list, want[j]);
	}
	d->a = x[0].v;
	d->b = x[1].v;
	d->c = x[2].v;
	switch (d->kind) {
	case CF_DIST_NORMAL:
	case CF_DIST_LOGNORMAL:
		if (d->b < 0)
			return cf_input_error(s->path, line, "<%s>: %s must be"
			    " 0 or more, not %.40s", el(n), want[1], x[1].text);
		break;
	case CF_DIST_UNIFORM:
		if (d->a > d->b)
			return cf_input_error(s->path, line, "<%s>: uniform low"
			    " %.40s is above high %.40s", el(n), x[0].text,
			    x[1].text);
		break;
	case CF_DIST_TRIANGULAR:
		if (!(d->a <= d->b && d->b <= d->c))
			return cf_input_error(s->path, line, "<%s>: triangular"
			    " needs low <= mode <= high, not low %.40s, mode"
			    " %.40s, high %.40s", el(n), x[0].text, x[1].text,
			    x[2].text);
		break;
	case CF_DIST_BERNOULLI:
		if (!(d->a >= 0 && d->a <= 1))
			return cf_input_error(s->path, line, "<%s>: p must be"
			    " between 0 and 1, not %.40s", el(n), x[0].text);
		break;
	}
	if (param == CF_PARAM_ARRIVAL && d->kind != CF_DIST_BERNOULLI)
		return cf_input_error(s->path, line, "<%s>: parameter '%s' is"
		    " drawn with dist=\"bernoulli\" (a flow arrives in a draw"
		    " or not), not %s", el(n), cf_param_names[param], kind);
	if (param != CF_PARAM_ARRIVAL && d->kind == CF_DIST_BERNOULLI)
		return cf_input_error(s->path, line, "<%s>: dist=\"bernoulli\""
		    " is only for arrival-probability, not for parameter '%s'",
		    el(n), cf_param_names[param]);
	if ((rc = get_num(s, n, "loading", &load)) != CF_OK)
		return rc;
	if (load.text != NULL && !(load.v >= -1 && load.v <= 1))
		return cf_input_error(s->path, line, "<%s>: loading must be"
		    " between -1 and 1, not %.40s", el(n), load.text);
	d->loading = load.v;
	return CF_OK;
}

static int
read_draw(cf_scenarios *s, const xmlNode *n, struct cf_draw_spec *d)
{
	int rc;

	d->line = line_of(n);
	if ((rc = get_param(s, n, &d->param)) != CF_OK ||
	    (rc = get_target(s, n, d->param, &d->target, &d->name)) != CF_OK)
		return rc;
	return read_dist(s, n, d->param, &d->dist);
}

/* Every <draw> child of a <montecarlo>. */
static int
read_draws(cf_scenarios *s, const xmlNode *parent, struct cf_scenario *sc,
    const char *where)
{
	const xmlNode *c;
	struct cf_draw_spec *v;
	struct key *k = NULL;
	size_t n = count_el(parent, "draw"), i = 0;
	int rc = CF_OK;

	if (n == 0)
		return cf_input_error(s->path, sc->line, "<montecarlo>: no"
		    " <draw>");
	if ((v = arena_array(s, n, sizeof(*v), &rc)) == NULL)
		return rc;
	if ((k = malloc(n * sizeof(*k))) == NULL)
		return cf_error_set(CF_ENOMEM, "scenarios: out of memory");
	for (c = parent->children; c != NULL; c = c->next) {
		if (!is_el(c, "draw"))
			continue;
		if ((rc = read_draw(s, c, &v[i])) != CF_OK)
			goto out;
		k[i].param = v[i].param;
		k[i].target = v[i].target;
		k[i].name = v[i].name;
		k[i].line = v[i].line;
		i++;
	}
	if ((rc = check_repeats(s, k, i, "draw", "drawn", where)) != CF_OK)
		goto out;
	sc->draws = v;
	sc->ndraw_specs = i;
out:
	free(k);
	return rc;
}

/* A <scenario> or <montecarlo>. */
static int
read_scenario(cf_scenarios *s, const xmlNode *n, struct cf_scenario *sc)
{
	char where[200];
	long draws = 0;
	int rc = CF_OK;

	sc->line = line_of(n);
	sc->montecarlo = is_el(n, "montecarlo");
	sc->name = attr(s, n, "name", &rc);
	sc->base = attr(s, n, "base", &rc);
	sc->description = child_text(s, n, "description", &rc);
	if (rc != CF_OK)
		return rc;
	if (sc->name == NULL)
		return cf_input_error(s->path, sc->line, "<%s>: no name",
		    el(n));
	snprintf(where, sizeof(where), "%s '%.128s'", sc->montecarlo ?
	    "Monte Carlo" : "scenario", sc->name);
	if ((rc = read_valuations(s, n, &sc->valuations,
	    &sc->nvaluations)) != CF_OK)
		return rc;
	if (!sc->montecarlo)
		return read_sets(s, n, where, &sc->settings, &sc->nsettings);
	if (sc->base == NULL)
		return cf_input_error(s->path, sc->line, "<%s>: no base (the"
		    " deterministic scenario the draws start from)", el(n));
	if (!xmlHasProp(n, (const xmlChar *)"draws"))
		return cf_input_error(s->path, sc->line, "<%s>: no draws",
		    el(n));
	if ((rc = get_int(s, n, "draws", 1, MAX_DRAWS, &draws)) != CF_OK ||
	    (rc = get_seed(s, n, &sc->seed)) != CF_OK)
		return rc;
	sc->ndraws = draws;
	return read_draws(s, n, sc, where);
}

static int
key_cmp_name(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* Scenario names are unique, and each Monte Carlo base names a
 * deterministic scenario (before or after it in the file). */
static int
check_names(cf_scenarios *s)
{
	struct key *k = NULL, probe;
	const struct key *dup, *first, *hit;
	const struct cf_scenario *sc;
	size_t i, n = s->nscenarios;
	int rc = CF_OK;

	if (n == 0)
		return CF_OK;
	if ((k = calloc(n, sizeof(*k))) == NULL)
		return cf_error_set(CF_ENOMEM, "scenarios: out of memory");
	for (i = 0; i < n; i++) {
		k[i].name = s->scenarios[i].name;
		k[i].line = s->scenarios[i].line;
		k[i].idx = i;
	}
	if (find_repeat(k, n, &dup, &first)) {
		rc = cf_input_error(s->path, dup->line, "<%s>: duplicate"
		    " scenario name '%s' (first at line %ld; <scenario> and"
		    " <montecarlo> names share one namespace)",
		    s->scenarios[dup->idx].montecarlo ? "montecarlo" :
		    "scenario", dup->name, first->line);
		goto out;
	}
	/* The names are distinct, so k is now sorted by name alone. */
	for (i = 0; i < n; i++) {
		sc = &s->scenarios[i];
		if (!sc->montecarlo)
			continue;
		memset(&probe, 0, sizeof(probe));
		probe.name = sc->base;
		hit = bsearch(&probe, k, n, sizeof(*k), key_cmp_name);
		if (hit == NULL) {
			rc = cf_input_error(s->path, sc->line, "<montecarlo>:"
			    " base '%s' is not a scenario in this file",
			    sc->base);
			goto out;
		}
		if (s->scenarios[hit->idx].montecarlo) {
			rc = cf_input_error(s->path, sc->line, "<montecarlo>:"
			    " base '%s' is a <montecarlo> (line %ld); a base"
			    " must be a deterministic <scenario>", sc->base,
			    hit->line);
			goto out;
		}
	}
out:
	free(k);
	return rc;
}

/* Every <scenario> and <montecarlo> child of root, in file order. */
static int
read_scenarios(cf_scenarios *s, const xmlNode *root)
{
	const xmlNode *c;
	size_t n = count_el(root, "scenario") + count_el(root, "montecarlo");
	int rc = CF_OK;

	if (n == 0)
		return CF_OK;
	if ((s->scenarios = arena_array(s, n, sizeof(*s->scenarios),
	    &rc)) == NULL)
		return rc;
	for (c = root->children; c != NULL; c = c->next) {
		if (!is_el(c, "scenario") && !is_el(c, "montecarlo"))
			continue;
		if ((rc = read_scenario(s, c,
		    &s->scenarios[s->nscenarios])) != CF_OK)
			return rc;
		s->nscenarios++;
	}
	return check_names(s);
}

/* ---- the interface ------------------------------------------------------ */

int
cf_scenarios_parse(cf_scenarios **out, const char *path, const char *text,
    size_t len)
{
	static const struct cf_xml_format fmt0 = {
		NS, "scenarios", "1", "circfin scenarios", NULL, 0
	};
	struct cf_xml_format fmt = fmt0;
	cf_scenarios *s = NULL;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *c;
	int rc = CF_OK;

	*out = NULL;
	if (path == NULL)
		path = "(scenarios)";
	if ((rc = cf_limit_check(CF_LIMIT_FILE_SIZE, len, path, 0)) != CF_OK)
		return rc;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return cf_error_set(CF_ENOMEM, "scenarios: out of memory");
	s->settings.start_year = 0;
	s->settings.years = 7;
	s->settings.model = CF_CLEAR_EISENBERG_NOE;
	s->settings.alpha = 1;
	s->settings.beta = 1;
	s->settings.recovery = 0;
	s->settings.seniority = CF_SENIORITY_EQUAL;
	s->settings.terminate = 1;
	s->settings.open_years = 5;
	s->settings.tolerance = 1e-9;
	s->settings.max_iter = 10000;
	s->settings.line = 0;
	cf_sha256_hex(s->sha256, text, len);
	if ((s->path = arena_strndup(s, path, strlen(path))) == NULL) {
		rc = CF_ENOMEM;
		goto out;
	}
	fmt.xsd = cf_scenarios_xsd;
	fmt.xsd_len = cf_scenarios_xsd_len;
	if ((rc = cf_xml_parse(&doc, s->path, text, len, &fmt)) != CF_OK)
		goto out;
	root = xmlDocGetRootElement(doc);
	s->title = child_text(s, root, "title", &rc);
	if (rc != CF_OK)
		goto out;
	if ((c = cf_xml_child(root, NS, "settings")) != NULL &&
	    (rc = read_settings(s, c)) != CF_OK)
		goto out;
	if ((rc = read_valuations(s, root, &s->valuations,
	    &s->nvaluations)) != CF_OK)
		goto out;
	if ((c = cf_xml_child(root, NS, "defaults")) != NULL &&
	    (rc = read_sets(s, c, "<defaults>", &s->defaults,
	    &s->ndefaults)) != CF_OK)
		goto out;
	if ((rc = read_scenarios(s, root)) != CF_OK)
		goto out;
	*out = s;
	s = NULL;
out:
	xmlFreeDoc(doc);
	cf_scenarios_free(s);
	return rc;
}

int
cf_scenarios_read(cf_scenarios **out, const char *path)
{
	char *buf = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = cf_read_file(path, &buf, &n)) != CF_OK)
		return rc;
	rc = cf_scenarios_parse(out, path, buf, n);
	free(buf);
	return rc;
}

void
cf_scenarios_free(cf_scenarios *s)
{
	struct scen_block *b, *next;

	if (s == NULL)
		return;
	for (b = s->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(s);
}

const struct cf_scenario *
cf_scenarios_find(const cf_scenarios *s, const char *name)
{
	size_t i;

	if (s == NULL || name == NULL)
		return NULL;
	for (i = 0; i < s->nscenarios; i++)
		if (strcmp(s->scenarios[i].name, name) == 0)
			return &s->scenarios[i];
	return NULL;
}

int
cf_param_value_ok(int param, double v)
{
	if (!isfinite(v))
		return 0;
	switch (param) {
	case CF_PARAM_REVENUE_GROWTH:
		return v > -1;
	case CF_PARAM_GROWTH_FACTOR:
	case CF_PARAM_REVENUE_FACTOR:
	case CF_PARAM_COST_FACTOR:
		return v >= 0;
	case CF_PARAM_GROSS_MARGIN:
	case CF_PARAM_DEBT_SERVICE:
	case CF_PARAM_ARRIVAL:
		return v >= 0 && v <= 1;
	case CF_PARAM_GPU_LIFE:
	case CF_PARAM_GROWTH_HALF_LIFE:
		return v > 0;
	default:
		return 0;
	}
}
