/*
 * model.c - vocabularies, the in-memory dataset and its per-file checks.
 *
 * Strings and child arrays of a dataset live in an arena freed in one go
 * with the dataset; the top-level record arrays grow by doubling.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "model.h"

const struct cf_vocab cf_entity_kinds[] = {
	{"investor", "invests money in others (corporate, venture, sovereign)"},
	{"lab", "develops AI models (OpenAI, Anthropic, xAI)"},
	{"cloud", "sells computing capacity as a hyperscale cloud"},
	{"chipmaker", "designs or sells accelerators and chips"},
	{"neocloud", "GPU cloud specialist (CoreWeave and the like)"},
	{"fund", "investment fund, SPV or financing vehicle"},
	{"other", "anything else"},
	{NULL, NULL}
};

const struct cf_vocab cf_flow_types[] = {
	{"equity", "purchase of shares or a stake"},
	{"convertible-note", "debt that converts into equity"},
	{"loan", "debt financing"},
	{"compute-commitment", "commitment to buy computing capacity"},
	{"chip-purchase", "purchase of chips or systems"},
	{"capacity-backstop", "promise to buy capacity others leave unsold"},
	{"warrant", "right to acquire shares, often vesting on conditions"},
	{"rental", "rent of capacity or facilities"},
	{"credits", "cloud or service credits"},
	{"other", "anything else"},
	{NULL, NULL}
};

const struct cf_vocab cf_flow_statuses[] = {
	{"paid", "money has moved"},
	{"committed", "binding, not yet (fully) paid"},
	{"contingent", "depends on a condition: milestones, \"up to\" amounts"},
	{"option", "at one party's option"},
	{"letter-of-intent", "non-binding letter of intent"},
	{"superseded", "replaced by another flow (superseded_by)"},
	{NULL, NULL}
};

const struct cf_vocab cf_confidences[] = {
	{"high", "stated in a filing or by the parties"},
	{"medium", "reported by reputable secondary sources"},
	{"low", "weakly sourced, conflicting or recalled"},
	{NULL, NULL}
};

const struct cf_vocab cf_units[] = {
	{"GW", "gigawatts of data-centre capacity"},
	{"MW", "megawatts of data-centre capacity"},
	{"shares", "number of shares"},
	{"chips", "number of accelerators"},
	{NULL, NULL}
};

const struct cf_vocab cf_id_schemes[] = {
	{"cik", "SEC Central Index Key"},
	{"ticker", "exchange ticker symbol"},
	{"lei", "Legal Entity Identifier (ISO 17442)"},
	{"cusip", "CUSIP security identifier"},
	{NULL, NULL}
};

const struct cf_vocab cf_disclosure_kinds[] = {
	{"rpo", "remaining performance obligations (disclosed backlog)"},
	{"purchase-obligations", "disclosed purchase obligations"},
	{"stake-value", "reported value of a stake in the counterparty"},
	{"capex", "capital expenditure, reported or planned"},
	{"investments-paid", "payments to acquire investments in a period"},
	{"convertible-notes", "convertible notes held in, or issued to,"
	    " the counterparty"},
	{"other", "anything else"},
	{NULL, NULL}
};

const struct cf_vocab cf_profile_items[] = {
	{"revenue", "revenue in a year"},
	{"operating-costs", "cash operating costs in a year, other than cost"
	    " of revenue and the modelled flows"},
	{"cash", "cash and short-term investments as of a date"},
	{"debt", "total debt as of a date"},
	{"compute-assets", "compute equipment (or property and equipment) as"
	    " of a date"},
	{"revenue-growth", "yearly revenue growth rate from a year on"},
	{"gross-margin", "gross margin from a year on"},
	{"cost-growth", "yearly growth rate of operating costs from a year on"},
	{NULL, NULL}
};

int
cf_profile_item_yearly(int item)
{
	return item != CF_ITEM_CASH && item != CF_ITEM_DEBT &&
	    item != CF_ITEM_COMPUTE_ASSETS;
}

int
cf_vocab_find(const struct cf_vocab *v, const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; v[i].name != NULL; i++)
		if (strcmp(v[i].name, name) == 0)
			return i;
	return -1;
}

int
cf_find_id(const void *base, size_t n, size_t size, size_t off,
    const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *key = *(char *const *)((const char *)base +
		    mid * size + off);
		int c = strcmp(key, id);

		if (c == 0)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int
cf_id_valid(const char *text)
{
	size_t i;

	if (text == NULL || text[0] == '\0' || strlen(text) > CF_ID_MAX)
		return 0;
	for (i = 0; text[i] != '\0'; i++) {
		char c = text[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return 0;
	}
	return 1;
}

int
cf_input_error(const char *path, long line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	/* Format first: fmt's arguments may point into the error buffer. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return cf_error_set(CF_EINPUT, "%s:%ld: %s", path, line, msg);
	return cf_error_set(CF_EINPUT, "%s: %s", path, msg);
}

/* ---- arena -------------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

void *
cf_dataset_alloc(cf_dataset *ds, size_t size)
{
	struct arena_block *b = ds->arena;
	size_t align = _Alignof(max_align_t), need;
	void *p;

	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	if (b == NULL || b->size - b->used < size) {
		need = size > 65536 ? size : 65536;
		b = malloc(sizeof(*b) + need);
		if (b == NULL) {
			cf_error_set(CF_ENOMEM, "dataset arena");
			return NULL;
		}
		b->used = 0;
		b->size = need;
		b->next = ds->arena;
		ds->arena = b;
	}
	p = b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

char *
cf_dataset_strndup(cf_dataset *ds, const char *s, size_t n)
{
	char *p = cf_dataset_alloc(ds, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *
cf_dataset_strdup(cf_dataset *ds, const char *s)
{
	return s == NULL ? NULL : cf_dataset_strndup(ds, s, strlen(s));
}

/* ---- dataset ------------------------------------------------------------ */

size_t
cf_dataset_bytes(const cf_dataset *ds)
{
	const struct arena_block *b;
	size_t n;

	if (ds == NULL)
		return 0;
	n = sizeof(*ds) + ds->csources * sizeof(*ds->sources) +
	    ds->centities * sizeof(*ds->entities) +
	    ds->cflows * sizeof(*ds->flows) +
	    ds->cdisclosures * sizeof(*ds->disclosures) +
	    ds->cfigures * sizeof(*ds->figures) +
	    ds->choldings * sizeof(*ds->holdings) +
	    ds->caliases * sizeof(*ds->aliases);
	for (b = ds->arena; b != NULL; b = b->next)
		n += sizeof(*b) + b->size;
	return n;
}

int
cf_dataset_new(cf_dataset **out, const char *path)
{
	cf_dataset *ds = calloc(1, sizeof(*ds));

	if (ds == NULL)
		return cf_error_set(CF_ENOMEM, "dataset");
	ds->path = cf_dataset_strdup(ds, path);
	if (ds->path == NULL) {
		free(ds);
		return CF_ENOMEM;
	}
	*out = ds;
	return CF_OK;
}

void
cf_dataset_free(cf_dataset *ds)
{
	struct arena_block *b, *next;

	if (ds == NULL)
		return;
	if (ds->state_free != NULL)
		ds->state_free(ds->state);
	for (b = ds->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(ds->sources);
	free(ds->entities);
	free(ds->flows);
	free(ds->disclosures);
	free(ds->figures);
	free(ds->holdings);
	free(ds->aliases);
	free(ds);
}

/* Grow *arr (of n used, *cap allocated, elements of size sz) by one and
 * return the new zeroed element. */
static void *
append(void **arr, size_t *n, size_t *cap, size_t sz)
{
	void *p;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		p = realloc(*arr, ncap * sz);
		if (p == NULL) {
			cf_error_set(CF_ENOMEM, "dataset records");
			return NULL;
		}
		*arr = p;
		*cap = ncap;
	}
	p = (char *)*arr + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

struct cf_source *
cf_dataset_add_source(cf_dataset *ds)
{
	return append((void **)&ds->sources, &ds->nsources, &ds->csources,
	    sizeof(*ds->sources));
}

int
cf_dataset_add_entity(cf_dataset *ds, long line, struct cf_entity **out)
{
	int rc;

	*out = NULL;
	if ((rc = cf_limit_check(CF_LIMIT_ENTITIES, ds->nentities + 1,
	    ds->path, line)) != CF_OK)
		return rc;
	if ((*out = append((void **)&ds->entities, &ds->nentities,
	    &ds->centities, sizeof(*ds->entities))) == NULL)
		return CF_ENOMEM;
	(*out)->line = line;
	return CF_OK;
}

int
cf_dataset_add_flow(cf_dataset *ds, long line, struct cf_flow **out)
{
	int rc;

	*out = NULL;
	if ((rc = cf_limit_check(CF_LIMIT_FLOWS, ds->nflows + 1, ds->path,
	    line)) != CF_OK)
		return rc;
	if ((*out = append((void **)&ds->flows, &ds->nflows, &ds->cflows,
	    sizeof(*ds->flows))) == NULL)
		return CF_ENOMEM;
	(*out)->line = line;
	return CF_OK;
}

struct cf_disclosure *
cf_dataset_add_disclosure(cf_dataset *ds)
{
	return append((void **)&ds->disclosures, &ds->ndisclosures,
	    &ds->cdisclosures, sizeof(*ds->disclosures));
}

struct cf_figure *
cf_dataset_add_figure(cf_dataset *ds)
{
	return append((void **)&ds->figures, &ds->nfigures, &ds->cfigures,
	    sizeof(*ds->figures));
}

struct cf_holding *
cf_dataset_add_holding(cf_dataset *ds)
{
	return append((void **)&ds->holdings, &ds->nholdings, &ds->choldings,
	    sizeof(*ds->holdings));
}

struct cf_alias *
cf_dataset_add_alias(cf_dataset *ds)
{
	return append((void **)&ds->aliases, &ds->naliases, &ds->caliases,
	    sizeof(*ds->aliases));
}

long
cf_dataset_rows(const cf_dataset *ds)
{
	return (long)(ds->nsources + ds->nentities + ds->nflows +
	    ds->ndisclosures + ds->nfigures + ds->nholdings + ds->naliases);
}

/* ---- checks ------------------------------------------------------------- */

struct id_line {
	const char *id;
	long line;
};

static int
id_line_cmp(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* The ids of one record kind, sorted for cf_find_id. */
struct id_set {
	struct id_line *v;
	size_t n;
};

/* Ids of one record kind: well formed and unique.  base/stride walk the
 * record array; id and line are at the given offsets.  keep (may be
 * NULL) gets the ids sorted, to free, when they are. */
static int
check_ids(const char *path, const char *what, const void *base, size_t n,
    size_t stride, size_t id_off, size_t line_off, struct id_set *keep)
{
	struct id_line *v;
	size_t i;
	int rc = CF_OK;

	if ((v = malloc((n ? n : 1) * sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "id check");
	for (i = 0; i < n; i++) {
		const char *rec = (const char *)base + i * stride;
		memcpy(&v[i].id, rec + id_off, sizeof(v[i].id));
		memcpy(&v[i].line, rec + line_off, sizeof(v[i].line));
		if (!cf_id_valid(v[i].id)) {
			rc = cf_input_error(path, v[i].line, "%s id '%.80s' is"
			    " not a valid id (lower-case letters, digits and"
			    " . _ -, starting with a letter or digit)", what,
			    v[i].id ? v[i].id : "");
			goto out;
		}
	}
	qsort(v, n, sizeof(*v), id_line_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1].id, v[i].id) == 0) {
			rc = cf_input_error(path, v[i].line, "duplicate %s id"
			    " '%s' (first defined at line %ld)", what, v[i].id,
			    v[i - 1].line);
			goto out;
		}
out:
	if (rc == CF_OK && keep != NULL) {
		keep->v = v;
		keep->n = n;
		return CF_OK;
	}
	free(v);
	return rc;
}

/* ---- references within a dataset ---------------------------------------- */

int
cf_dataset_entity_refs(cf_dataset *ds, int (*fn)(void *ctx,
    const char **ref), void *ctx)
{
	size_t i;
	int r = 0;

	for (i = 0; i < ds->nentities && r == 0; i++)
		r = fn(ctx, &ds->entities[i].parent);
	for (i = 0; i < ds->nflows && r == 0; i++)
		if ((r = fn(ctx, &ds->flows[i].from)) == 0)
			r = fn(ctx, &ds->flows[i].to);
	for (i = 0; i < ds->ndisclosures && r == 0; i++)
		if ((r = fn(ctx, &ds->disclosures[i].entity)) == 0)
			r = fn(ctx, &ds->disclosures[i].counterparty);
	for (i = 0; i < ds->nfigures && r == 0; i++)
		r = fn(ctx, &ds->figures[i].entity);
	for (i = 0; i < ds->nholdings && r == 0; i++)
		if ((r = fn(ctx, &ds->holdings[i].holder)) == 0)
			r = fn(ctx, &ds->holdings[i].issuer);
	return r;
}

/* No reference (NULL), or one to a member. */
static int
id_set_has(const struct id_set *s, const char *id)
{
	return id == NULL || cf_find_id(s->v, s->n, sizeof(*s->v),
	    offsetof(struct id_line, id), id) >= 0;
}

/* For cf_dataset_entity_refs: 1 (stop) at a reference outside ctx. */
static int
ref_outside(void *ctx, const char **ref)
{
	return !id_set_has(ctx, *ref);
}

static int
all_in(const struct id_set *s, const char *const *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!id_set_has(s, ids[i]))
			return 0;
	return 1;
}

/* cf_dataset_self_contained with the sorted ids of ds's entities, sources
 * and flows. */
static int
contained(cf_dataset *ds, struct id_set *ent, const struct id_set *src,
    const struct id_set *flo)
{
	size_t i;

	if (ds->naliases > 0 || cf_dataset_entity_refs(ds, ref_outside, ent))
		return 0;
	for (i = 0; i < ds->nflows; i++)
		if (!id_set_has(flo, ds->flows[i].superseded_by) ||
		    !all_in(src, ds->flows[i].sources, ds->flows[i].nsources))
			return 0;
	for (i = 0; i < ds->ndisclosures; i++)
		if (!all_in(src, ds->disclosures[i].sources,
		    ds->disclosures[i].nsources))
			return 0;
	for (i = 0; i < ds->nfigures; i++)
		if (!all_in(src, ds->figures[i].sources,
		    ds->figures[i].nsources))
			return 0;
	for (i = 0; i < ds->nholdings; i++)
		if (!all_in(src, ds->holdings[i].sources,
		    ds->holdings[i].nsources))
			return 0;
	return 1;
}

#define IDS(what, arr, n, T, keep) check_ids(ds->path, what, arr, n, \
	sizeof(T), offsetof(T, id), offsetof(T, line), keep)

int
cf_dataset_self_contained(cf_dataset *ds)
{
	struct id_set ent = {NULL, 0}, src = {NULL, 0}, flo = {NULL, 0};
	int ok = 0;

	/* Ids that do not check cannot be looked up: not contained. */
	if (IDS("entity", ds->entities, ds->nentities, struct cf_entity,
	    &ent) == CF_OK &&
	    IDS("source", ds->sources, ds->nsources, struct cf_source,
	    &src) == CF_OK &&
	    IDS("flow", ds->flows, ds->nflows, struct cf_flow, &flo) == CF_OK)
		ok = contained(ds, &ent, &src, &flo);
	free(ent.v);
	free(src.v);
	free(flo.v);
	return ok;
}

/* An SEC accession number: 10 digits, 2 digits, 6 digits. */
static int
accession_valid(const char *s)
{
	int i;

	if (strlen(s) != 20 || s[10] != '-' || s[13] != '-')
		return 0;
	for (i = 0; i < 20; i++)
		if (i != 10 && i != 13 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

static int
check_date(const char *path, long line, const char *what, const char *id,
    const char *date, int required)
{
	if (date == NULL) {
		if (required)
			return cf_input_error(path, line, "%s '%s': missing"
			    " date", what, id);
		return CF_OK;
	}
	if (!cf_date_valid(date))
		return cf_input_error(path, line, "%s '%s': '%.40s' is not a"
		    " date (YYYY-MM-DD, YYYY-MM or YYYY)", what, id, date);
	return CF_OK;
}

static int
check_vocab(const char *path, long line, const char *what, const char *id,
    const char *field, const struct cf_vocab *v, const char *value)
{
	char allowed[512];
	size_t len = 0;
	int i;

	if (cf_vocab_find(v, value) >= 0)
		return CF_OK;
	allowed[0] = '\0';
	for (i = 0; v[i].name != NULL && len < sizeof(allowed); i++)
		len += (size_t)snprintf(allowed + len, sizeof(allowed) - len,
		    "%s%s", i ? ", " : "", v[i].name);
	return cf_input_error(path, line, "%s '%s': unknown %s '%.40s'"
	    " (one of: %s)", what, id, field, value ? value : "", allowed);
}

static int
check_currency(const char *path, long line, const char *what,
    const char *id, const char *code)
{
	int e;

	if (cf_currency_exponent(&e, code) != CF_OK)
		return cf_input_error(path, line, "%s '%s': %s", what, id,
		    cf_error_message());
	return CF_OK;
}

static int
check_entity(const char *path, const struct cf_entity *e)
{
	size_t i;
	int rc;

	if (e->name == NULL || e->name[0] == '\0')
		return cf_input_error(path, e->line, "entity '%s': empty name",
		    e->id);
	if (e->nkinds == 0)
		return cf_input_error(path, e->line, "entity '%s': no kind",
		    e->id);
	for (i = 0; i < e->nkinds; i++)
		if ((rc = check_vocab(path, e->line, "entity", e->id, "kind",
		    cf_entity_kinds, e->kinds[i])) != CF_OK)
			return rc;
	for (i = 0; i < e->nidents; i++)
		if ((rc = check_vocab(path, e->line, "entity", e->id,
		    "identifier scheme", cf_id_schemes,
		    e->idents[i].scheme)) != CF_OK)
			return rc;
	if (e->parent != NULL) {
		if (!cf_id_valid(e->parent))
			return cf_input_error(path, e->line, "entity '%s':"
			    " parent '%.80s' is not a valid id", e->id,
			    e->parent);
		if (strcmp(e->parent, e->id) == 0)
			return cf_input_error(path, e->line, "entity '%s' is"
			    " its own parent", e->id);
	}
	return CF_OK;
}

static int
check_flow(const char *path, const struct cf_flow *f)
{
	const char *id = f->id;
	int64_t sum = 0;
	size_t i;
	int rc;

	if ((rc = check_vocab(path, f->line, "flow", id, "type",
	    cf_flow_types, f->type)) != CF_OK ||
	    (rc = check_vocab(path, f->line, "flow", id, "status",
	    cf_flow_statuses, f->status)) != CF_OK ||
	    (rc = check_vocab(path, f->line, "flow", id, "confidence",
	    cf_confidences, f->confidence)) != CF_OK)
		return rc;
	if (!cf_id_valid(f->from) || !cf_id_valid(f->to))
		return cf_input_error(path, f->line, "flow '%s': from and to"
		    " must be entity ids", id);
	if (strcmp(f->from, f->to) == 0)
		return cf_input_error(path, f->line, "flow '%s' goes from"
		    " '%s' to itself", id, f->from);
	if ((rc = check_date(path, f->line, "flow", id, f->announced, 1)) ||
	    (rc = check_date(path, f->line, "flow", id, f->start, 0)) ||
	    (rc = check_date(path, f->line, "flow", id, f->end, 0)))
		return rc;
	/* Compare partial dates on what both give: 2027-08 is not after
	 * 2027. */
	if (f->start != NULL && f->end != NULL &&
	    strncmp(f->start, f->end, strlen(f->start) < strlen(f->end) ?
	    strlen(f->start) : strlen(f->end)) > 0)
		return cf_input_error(path, f->line, "flow '%s': start %s is"
		    " after end %s", id, f->start, f->end);
	if (!f->has_amount && !f->has_low && !f->has_quantity)
		return cf_input_error(path, f->line, "flow '%s' has neither an"
		    " amount nor a quantity", id);
	if (f->has_amount || f->has_low || f->has_high) {
		if ((rc = check_currency(path, f->line, "flow", id,
		    f->currency)) != CF_OK)
			return rc;
	}
	if (f->has_high && !f->has_amount && !f->has_low)
		return cf_input_error(path, f->line, "flow '%s': a range needs"
		    " a low bound", id);
	if ((f->has_low && f->has_amount && f->low > f->amount) ||
	    (f->has_high && f->has_amount && f->high < f->amount) ||
	    (f->has_low && f->has_high && f->low > f->high))
		return cf_input_error(path, f->line, "flow '%s': range must"
		    " satisfy low <= amount <= high", id);
	if ((f->has_qlow || f->has_qhigh || f->unit != NULL) &&
	    !f->has_quantity)
		return cf_input_error(path, f->line, "flow '%s': a quantity"
		    " range or unit needs a quantity", id);
	if (f->has_quantity) {
		if ((rc = check_vocab(path, f->line, "flow", id, "unit",
		    cf_units, f->unit)) != CF_OK)
			return rc;
		if ((f->has_qlow && f->qlow > f->quantity) ||
		    (f->has_qhigh && f->qhigh < f->quantity))
			return cf_input_error(path, f->line, "flow '%s':"
			    " quantity range must satisfy low <= quantity <="
			    " high", id);
	}
	if ((strcmp(f->status, "superseded") == 0) != (f->superseded_by != NULL))
		return cf_input_error(path, f->line, "flow '%s': status"
		    " superseded and superseded-by go together", id);
	if (f->prior_status != NULL && (f->superseded_by == NULL ||
	    strcmp(f->prior_status, "superseded") == 0 ||
	    cf_vocab_find(cf_flow_statuses, f->prior_status) < 0))
		return cf_input_error(path, f->line, "flow '%s': prior status"
		    " '%.40s' is only for superseded flows, and must be one of"
		    " the other statuses", id, f->prior_status);
	if (f->superseded_by != NULL && strcmp(f->superseded_by, id) == 0)
		return cf_input_error(path, f->line, "flow '%s' supersedes"
		    " itself", id);
	if (f->nschedule > 0) {
		if (!f->has_amount)
			return cf_input_error(path, f->line, "flow '%s': a"
			    " schedule needs an amount to add up to", id);
		if (strcmp(f->schedule_currency, f->currency) != 0)
			return cf_input_error(path, f->line, "flow '%s':"
			    " schedule currency %s differs from amount"
			    " currency %s", id, f->schedule_currency,
			    f->currency);
		for (i = 0; i < f->nschedule; i++) {
			if ((rc = check_date(path, f->line, "flow", id,
			    f->schedule[i].due, 1)) != CF_OK)
				return rc;
			if (i > 0 && strcmp(f->schedule[i - 1].due,
			    f->schedule[i].due) >= 0)
				return cf_input_error(path, f->line, "flow"
				    " '%s': schedule dates must increase, but"
				    " a payment due %s follows one due %s", id,
				    f->schedule[i].due, f->schedule[i - 1].due);
			if (f->schedule[i].minor > INT64_MAX - sum)
				return cf_input_error(path, f->line, "flow"
				    " '%s': schedule total overflows", id);
			sum += f->schedule[i].minor;
		}
		if (sum != f->amount) {
			char a[40], b[40];
			int e = 2;

			cf_currency_exponent(&e, f->currency);
			cf_money_format(a, sizeof(a), sum, e);
			cf_money_format(b, sizeof(b), f->amount, e);
			return cf_input_error(path, f->line, "flow '%s':"
			    " schedule adds up to %s, amount is %s", id, a, b);
		}
	}
	for (i = 0; i < f->nsources; i++)
		if (!cf_id_valid(f->sources[i]))
			return cf_input_error(path, f->line, "flow '%s': source"
			    " reference '%.80s' is not a valid id", id,
			    f->sources[i]);
	return CF_OK;
}

static int
check_disclosure(const char *path, const struct cf_disclosure *d)
{
	size_t i;
	int rc;

	if ((rc = check_vocab(path, d->line, "disclosure", d->id, "kind",
	    cf_disclosure_kinds, d->kind)) != CF_OK ||
	    (rc = check_date(path, d->line, "disclosure", d->id, d->as_of,
	    1)) != CF_OK ||
	    (rc = check_currency(path, d->line, "disclosure", d->id,
	    d->currency)) != CF_OK)
		return rc;
	if (!cf_id_valid(d->entity))
		return cf_input_error(path, d->line, "disclosure '%s': entity"
		    " must be an entity id", d->id);
	for (i = 0; i < d->nschedule; i++)
		if ((rc = check_date(path, d->line, "disclosure", d->id,
		    d->schedule[i].due, 1)) != CF_OK)
			return rc;
		else if (d->schedule[i].minor < 0)
			return cf_input_error(path, d->line, "disclosure '%s':"
			    " negative amount due %s", d->id,
			    d->schedule[i].due);
	return CF_OK;
}

static int
check_holding(const char *path, const struct cf_holding *h)
{
	int rc;

	if (!cf_id_valid(h->holder) || !cf_id_valid(h->issuer))
		return cf_input_error(path, h->line, "holding '%s': holder and"
		    " issuer must be entity ids", h->id);
	if (strcmp(h->holder, h->issuer) == 0)
		return cf_input_error(path, h->line, "holding '%s': %s holds"
		    " a stake in itself", h->id, h->holder);
	if ((rc = check_date(path, h->line, "holding", h->id, h->as_of, 1)) !=
	    CF_OK)
		return rc;
	if (!h->has_shares && !h->has_percent && !h->has_value)
		return cf_input_error(path, h->line, "holding '%s': no shares,"
		    " percent of class or value", h->id);
	if (h->has_shares && (!isfinite(h->shares) || h->shares < 0))
		return cf_input_error(path, h->line, "holding '%s': shares"
		    " must be a number of at least 0", h->id);
	if (h->has_percent && (!isfinite(h->percent) || h->percent < 0 ||
	    h->percent > 100))
		return cf_input_error(path, h->line, "holding '%s': percent of"
		    " class %g is not between 0 and 100", h->id, h->percent);
	if (h->has_value && ((rc = check_currency(path, h->line, "holding",
	    h->id, h->currency)) != CF_OK))
		return rc;
	if (h->has_value && h->value < 0)
		return cf_input_error(path, h->line, "holding '%s': negative"
		    " value", h->id);
	if (h->nsources == 0)
		return cf_input_error(path, h->line, "holding '%s': cites no"
		    " source", h->id);
	return CF_OK;
}

static int
check_figure(const char *path, const struct cf_figure *f)
{
	int item, rc;

	if ((rc = check_vocab(path, f->line, "figure", f->id, "item",
	    cf_profile_items, f->item)) != CF_OK)
		return rc;
	item = cf_vocab_find(cf_profile_items, f->item);
	if (!cf_id_valid(f->entity))
		return cf_input_error(path, f->line, "figure '%s': entity must"
		    " be an entity id", f->id);
	if (item < CF_PROFILE_NMONEY && !f->has_amount)
		return cf_input_error(path, f->line, "figure '%s': %s is money:"
		    " give an <amount>, not a ratio", f->id, f->item);
	if (item >= CF_PROFILE_NMONEY && !f->has_ratio)
		return cf_input_error(path, f->line, "figure '%s': %s is a"
		    " ratio: give a <ratio>, not an amount", f->id, f->item);
	if (f->has_amount && (rc = check_currency(path, f->line, "figure",
	    f->id, f->currency)) != CF_OK)
		return rc;
	if ((rc = check_date(path, f->line, "figure", f->id, f->period, 1)) !=
	    CF_OK)
		return rc;
	if (cf_profile_item_yearly(item) && strlen(f->period) != 4)
		return cf_input_error(path, f->line, "figure '%s': the period"
		    " of %s is a year (YYYY), not '%.20s'", f->id, f->item,
		    f->period);
	if (f->has_ratio && (!isfinite(f->ratio) ||
	    (item == CF_ITEM_GROSS_MARGIN && (f->ratio < 0 || f->ratio > 1)) ||
	    (item != CF_ITEM_GROSS_MARGIN && f->ratio <= -1)))
		return cf_input_error(path, f->line, "figure '%s': %s %g is out"
		    " of range (%s)", f->id, f->item, f->ratio,
		    item == CF_ITEM_GROSS_MARGIN ? "0 to 1" : "above -1");
	if (f->nsources == 0 && !f->assumption)
		return cf_input_error(path, f->line, "figure '%s': cites no"
		    " source; cite one or mark it assumption=\"true\"", f->id);
	return CF_OK;
}

/* What cf_dataset_check looks at after the ids. */
static int
check_records(cf_dataset *ds)
{
	size_t i;
	int rc;

	for (i = 0; i < ds->nsources; i++) {
		const struct cf_source *s = &ds->sources[i];
		if (s->title == NULL || s->title[0] == '\0')
			return cf_input_error(ds->path, s->line, "source '%s':"
			    " empty title", s->id);
		if (s->accession != NULL && !accession_valid(s->accession))
			return cf_input_error(ds->path, s->line, "source '%s':"
			    " accession '%.40s' is not of the form"
			    " 0000000000-00-000000", s->id, s->accession);
		if ((rc = check_date(ds->path, s->line, "source", s->id,
		    s->date, 0)) != CF_OK ||
		    (rc = check_date(ds->path, s->line, "source", s->id,
		    s->retrieved, 0)) != CF_OK)
			return rc;
	}
	for (i = 0; i < ds->nentities; i++)
		if ((rc = check_entity(ds->path, &ds->entities[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->nflows; i++)
		if ((rc = check_flow(ds->path, &ds->flows[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->ndisclosures; i++)
		if ((rc = check_disclosure(ds->path,
		    &ds->disclosures[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->nfigures; i++)
		if ((rc = check_figure(ds->path, &ds->figures[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->nholdings; i++)
		if ((rc = check_holding(ds->path, &ds->holdings[i])) != CF_OK)
			return rc;
	for (i = 0; i < ds->naliases; i++) {
		const struct cf_alias *a = &ds->aliases[i];

		if (a->alias == NULL || a->alias[0] == '\0')
			return cf_input_error(ds->path, a->line, "empty"
			    " alias");
		if (a->entity == NULL || !cf_id_valid(a->entity))
			return cf_input_error(ds->path, a->line, "alias"
			    " '%.80s': entity '%.80s' is not a valid id",
			    a->alias, a->entity ? a->entity : "");
	}
	return CF_OK;
}

int
cf_dataset_check(cf_dataset *ds)
{
	struct id_set ent = {NULL, 0}, src = {NULL, 0}, flo = {NULL, 0};
	int rc;

	/* The ids are sorted to find duplicates; self_contained looks
	 * references up in the same arrays. */
	if ((rc = IDS("source", ds->sources, ds->nsources, struct cf_source,
	    &src)) != CF_OK ||
	    (rc = IDS("entity", ds->entities, ds->nentities, struct cf_entity,
	    &ent)) != CF_OK ||
	    (rc = IDS("flow", ds->flows, ds->nflows, struct cf_flow,
	    &flo)) != CF_OK ||
	    (rc = IDS("disclosure", ds->disclosures, ds->ndisclosures,
	    struct cf_disclosure, NULL)) != CF_OK ||
	    (rc = IDS("figure", ds->figures, ds->nfigures, struct cf_figure,
	    NULL)) != CF_OK ||
	    (rc = IDS("holding", ds->holdings, ds->nholdings,
	    struct cf_holding, NULL)) != CF_OK ||
	    (rc = check_records(ds)) != CF_OK)
		goto out;
	/* Only filings are written in bulk (set_bulk). */
	ds->self_contained = ds->is_filing && contained(ds, &ent, &src, &flo);
out:
	free(ent.v);
	free(src.v);
	free(flo.v);
	return rc;
}
