/*
 * report_data.c - everything a report shows, read from the store.
 *
 * The report is about one analysis run (the latest, or the one asked
 * for) and, for each other kind, the run with the same filter nearest to
 * it (by id; the later one on a tie), so that the runs one `circfin run`
 * made go together whichever of them is asked for: cycles and exposure
 * match on the whole graph filter, stress on the as-of date and currency
 * only (a stress run always loads every status but superseded, and
 * `circfin run` stresses the graph with subsidiaries apart).  The
 * headline figures and the Flows section come from the store's flows as
 * of the runs' date, in their currency and of their flow types, with
 * every status: the graph of cf_graph_build() gives each flow's effective
 * status and value, the flow table the rest.
 * For the notes under the exposure table and the cash charts it also
 * reads each vendor's money in and out on the exposure run's edges and
 * the revenue-growth figures of the modelled entities' profiles.
 *
 * Strings live in an arena freed with the data; arrays are malloc'd.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "model.h"
#include "report.h"
#include "store.h"

/* ---- the arena -------------------------------------------------------- */

struct rp_arena {
	struct rp_arena *next;
	size_t used, size;
	char mem[];
};

static char *
arena_alloc(struct rp_data *d, size_t n)
{
	struct rp_arena *a = d->arena;

	if (a == NULL || a->size - a->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if ((a = malloc(sizeof(*a) + size)) == NULL)
			return NULL;
		a->next = d->arena;
		a->used = 0;
		a->size = size;
		d->arena = a;
	}
	a->used += n;
	return a->mem + a->used - n;
}

/* A copy of s in the arena; NULL for NULL (and when memory runs out:
 * callers check with *oom). */
static const char *
keep(struct rp_data *d, const char *s, int *oom)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((p = arena_alloc(d, n)) == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	return p;
}

/* ---- SQL helpers ------------------------------------------------------ */

struct q {
	struct rp_data *d;
	cf_store *st;
	sqlite3_stmt *s;
	sqlite3_stmt *ef;		/* edge_flows()' query, prepared at
					   its first use */
	int oom;
};

static int
q_prep(struct q *q, const char *sql)
{
	sqlite3_finalize(q->s);
	q->s = NULL;
	if (sqlite3_prepare_v2(q->st->db, sql, -1, &q->s, NULL) != SQLITE_OK)
		return cf_store_fail(q->st, "report");
	return CF_OK;
}

/* SQLITE_ROW: 1; done: 0; an error: the CF code (negative). */
static int
q_step(struct q *q)
{
	int r = sqlite3_step(q->s);

	if (r == SQLITE_ROW)
		return 1;
	if (r == SQLITE_DONE)
		return 0;
	return cf_store_fail(q->st, "report");
}

static const char *
q_text(struct q *q, int col)
{
	return keep(q->d, (const char *)sqlite3_column_text(q->s, col),
	    &q->oom);
}

static int64_t
q_int(struct q *q, int col)
{
	return sqlite3_column_int64(q->s, col);
}

static int
q_null(struct q *q, int col)
{
	return sqlite3_column_type(q->s, col) == SQLITE_NULL;
}

/* Grow *arr (of elements of size) to hold n + 1; CF_ENOMEM. */
static int
grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void **p = arr;
	size_t nc;
	void *np;

	if (n < *cap)
		return CF_OK;
	nc = *cap ? *cap * 2 : 16;
	if ((np = realloc(*p, nc * size)) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	*p = np;
	*cap = nc;
	return CF_OK;
}

/* Append the rows of q->s (prepared and bound) to *arr, an array of *n
 * elements of size, each zeroed and then filled by fill; CF_OK,
 * CF_ESTORE, CF_ENOMEM. */
static int
q_rows(struct q *q, void *arr, size_t *n, size_t size,
    void (*fill)(struct q *, void *))
{
	size_t cap = *n;
	int rc;

	while ((rc = q_step(q)) == 1) {
		char *e;

		if ((rc = grow(arr, &cap, *n, size)) != CF_OK)
			return rc;
		e = (char *)*(void **)arr + *n * size;
		memset(e, 0, size);
		fill(q, e);
		(*n)++;
	}
	if (rc < 0)
		return rc;
	return q->oom ? cf_error_set(CF_ENOMEM, "report") : CF_OK;
}

/* q_rows() of sql with ?1 bound to p1 (a run id, or a limit). */
static int
q_load(struct q *q, const char *sql, int64_t p1, void *arr, size_t *n,
    size_t size, void (*fill)(struct q *, void *))
{
	int rc;

	if ((rc = q_prep(q, sql)) != CF_OK)
		return rc;
	sqlite3_bind_int64(q->s, 1, p1);
	return q_rows(q, arr, n, size, fill);
}

/* ---- runs ------------------------------------------------------------- */

const char *
rp_kind_name(int kind)
{
	static const char *const names[] = {"cycles", "exposure", "stress"};

	return kind >= 0 && kind < RP_NKINDS ? names[kind] : "?";
}

static int
kind_of(const char *name)
{
	int k;

	for (k = 0; k < RP_NKINDS; k++)
		if (name && strcmp(name, rp_kind_name(k)) == 0)
			return k;
	return -1;
}

#define RUN_COLS "id, kind, created, version, as_of, statuses, types," \
	" consolidated, currency, min_amount_minor, entities, edges, flows," \
	" intragroup_flows, max_len, cycle_limit, truncated, circularity," \
	" tolerance, iterations, residual, converged, imports_through"

/* Run id into d->runs[its kind]: CF_OK, CF_ENOTFOUND (no message),
 * CF_ESTORE, CF_ENOMEM. */
static int
load_run(struct q *q, int64_t id, int *kind)
{
	struct rp_run *r;
	int rc, k;

	if ((rc = q_prep(q, "SELECT " RUN_COLS " FROM analysis_run WHERE"
	    " id = ?1")) != CF_OK)
		return rc;
	sqlite3_bind_int64(q->s, 1, id);
	if ((rc = q_step(q)) <= 0)
		return rc == 0 ? CF_ENOTFOUND : rc;
	if ((k = kind_of((const char *)sqlite3_column_text(q->s, 1))) < 0)
		return cf_error_set(CF_ESTORE, "analysis run %lld has an"
		    " unknown kind", (long long)id);
	r = &q->d->runs[k];
	memset(r, 0, sizeof(*r));
	r->id = q_int(q, 0);
	r->kind = q_text(q, 1);
	r->created = q_text(q, 2);
	r->version = q_text(q, 3);
	r->as_of = q_text(q, 4);
	r->statuses = q_text(q, 5);
	r->types = q_text(q, 6);
	r->consolidated = (int)q_int(q, 7);
	r->currency = q_text(q, 8);
	r->min_amount = q_int(q, 9);
	r->entities = (long)q_int(q, 10);
	r->edges = (long)q_int(q, 11);
	r->flows = (long)q_int(q, 12);
	r->intragroup = (long)q_int(q, 13);
	r->max_len = (long)q_int(q, 14);
	r->limit = (long)q_int(q, 15);
	r->truncated = (int)q_int(q, 16);
	r->has_exposure = !q_null(q, 17);
	r->circularity = sqlite3_column_double(q->s, 17);
	r->tolerance = sqlite3_column_double(q->s, 18);
	r->iterations = (long)q_int(q, 19);
	r->residual = sqlite3_column_double(q->s, 20);
	r->converged = (int)q_int(q, 21);
	r->imports_through = q_int(q, 22);
	if (q->oom)
		return cf_error_set(CF_ENOMEM, "report");
	q->d->run[k] = r;
	*kind = k;
	return CF_OK;
}

/*
 * The run of kind (or, with kind "pair", of cycles or exposure) nearest
 * to run `near` (the later on a tie), with the as-of date and currency of
 * f, and with `full` its whole filter too; *id is 0 when there is none.
 */
static int
find_run(struct q *q, const char *kind, int64_t near,
    const struct rp_run *f, int full, int64_t *id)
{
	int rc;

	*id = 0;
	if ((rc = q_prep(q, full ? "SELECT id FROM analysis_run WHERE"
	    " kind = ?1 AND as_of IS ?3 AND currency = ?4 AND"
	    " statuses = ?5 AND types = ?6 AND consolidated = ?7 AND"
	    " min_amount_minor = ?8 ORDER BY abs(id - ?2), id DESC LIMIT 1" :
	    "SELECT id FROM analysis_run WHERE (kind = ?1 OR (?1 = 'pair'"
	    " AND kind IN ('cycles', 'exposure'))) AND as_of IS ?3 AND"
	    " currency = ?4 ORDER BY abs(id - ?2), id DESC LIMIT 1")) !=
	    CF_OK)
		return rc;
	sqlite3_bind_text(q->s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q->s, 2, near);
	if (f->as_of)
		sqlite3_bind_text(q->s, 3, f->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(q->s, 4, f->currency, -1, SQLITE_STATIC);
	if (full) {
		sqlite3_bind_text(q->s, 5, f->statuses, -1, SQLITE_STATIC);
		sqlite3_bind_text(q->s, 6, f->types, -1, SQLITE_STATIC);
		sqlite3_bind_int(q->s, 7, f->consolidated);
		sqlite3_bind_int64(q->s, 8, f->min_amount);
	}
	if ((rc = q_step(q)) < 0)
		return rc;
	if (rc == 1)
		*id = q_int(q, 0);
	return CF_OK;
}

static int
load_found(struct q *q, int64_t id)
{
	int k, rc;

	if (id == 0)
		return CF_OK;
	rc = load_run(q, id, &k);
	return rc == CF_ENOTFOUND ? cf_error_set(CF_ESTORE, "analysis run"
	    " %lld vanished", (long long)id) : rc;
}

static int
choose_runs(struct q *q, int64_t want)
{
	struct rp_data *d = q->d;
	const struct rp_run *r;
	int64_t id = want, other;
	int rc, k;

	if (id == 0) {
		if ((rc = q_prep(q, "SELECT max(id) FROM analysis_run")) !=
		    CF_OK || (rc = q_step(q)) < 0)
			return rc;
		if (rc == 0 || q_null(q, 0))
			return cf_error_set(CF_ENOTFOUND, "%s%sno analysis run"
			    " in this store: run `circfin run` or an analysis"
			    " command first", d->db, d->db[0] ? ": " : "");
		id = q_int(q, 0);
	}
	if ((rc = load_run(q, id, &k)) == CF_ENOTFOUND)
		return cf_error_set(CF_ENOTFOUND, "there is no analysis run"
		    " %lld in %s", (long long)id, d->db[0] ? d->db :
		    "this store");
	if (rc != CF_OK)
		return rc;
	d->chosen = k;
	r = d->run[k];
	if (k == RP_STRESS) {
		/* The nearest cycles or exposure run, then its partner. */
		if ((rc = find_run(q, "pair", r->id, r, 0, &other)) != CF_OK ||
		    (rc = load_found(q, other)) != CF_OK)
			return rc;
		if (other == 0)
			return CF_OK;
		k = d->run[RP_CYCLES] ? RP_CYCLES : RP_EXPOSURE;
		r = d->run[k];
	} else if ((rc = find_run(q, "stress", r->id, r, 0, &other)) !=
	    CF_OK || (rc = load_found(q, other)) != CF_OK) {
		return rc;
	}
	if ((rc = find_run(q, rp_kind_name(k == RP_CYCLES ? RP_EXPOSURE :
	    RP_CYCLES), d->run[d->chosen]->id, r, 1, &other)) != CF_OK)
		return rc;
	return load_found(q, other);
}

int
rp_run_filter(cf_graph_filter *out, const struct rp_run *r)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->as_of = r->as_of;
	out->consolidate = r->consolidated;
	out->currency = r->currency;
	out->min_amount = r->min_amount;
	if ((rc = cf_status_set_parse(&out->statuses, r->statuses)) != CF_OK ||
	    (rc = cf_type_set_parse(&out->types, r->types)) != CF_OK)
		return cf_error_set(CF_ESTORE, "analysis run %lld: %s",
		    (long long)r->id, cf_error_message());
	return CF_OK;
}

/* ---- entities, flows and sources -------------------------------------- */

/* The record with this id in an array sorted by id (as loaded, ORDER BY
 * id), or NULL. */
static const void *
find_by_id(const void *base, size_t n, size_t size, size_t off,
    const char *id)
{
	int i = id != NULL ? cf_find_id(base, n, size, off, id) : -1;

	return i < 0 ? NULL : (const char *)base + (size_t)i * size;
}

const struct rp_entity *
rp_entity_find(const struct rp_data *d, const char *id)
{
	return find_by_id(d->entities, d->nentities, sizeof(*d->entities),
	    offsetof(struct rp_entity, id), id);
}

const char *
rp_name(const struct rp_data *d, const char *id)
{
	const struct rp_entity *e = rp_entity_find(d, id);

	return e ? e->name : id;
}

const struct rp_flow *
rp_flow_find(const struct rp_data *d, const char *id)
{
	return find_by_id(d->flows, d->nflows, sizeof(*d->flows),
	    offsetof(struct rp_flow, id), id);
}

static void
row_entity(struct q *q, void *p)
{
	struct rp_entity *e = p;

	e->id = q_text(q, 0);
	e->name = q_text(q, 1);
	e->lab = (int)q_int(q, 2);
}

static int
load_entities(struct q *q)
{
	int rc;

	/* SQLite orders by its collation (binary), as strcmp does. */
	if ((rc = q_prep(q, "SELECT e.id, e.name, EXISTS (SELECT 1 FROM"
	    " entity_kind k WHERE k.entity_id = e.id AND k.kind = 'lab')"
	    " FROM entity e ORDER BY e.id")) != CF_OK)
		return rc;
	return q_rows(q, &q->d->entities, &q->d->nentities,
	    sizeof(*q->d->entities), row_entity);
}

/* A graph flow by id, for the effective status and value. */
struct gref {
	const char *id;
	const struct cf_gflow *f;
};

static int
cmp_gref(const void *a, const void *b)
{
	return strcmp(((const struct gref *)a)->id,
	    ((const struct gref *)b)->id);
}

/* The run whose filter the headline figures take (as-of date, currency,
 * types): cycles, else exposure, else stress. */
static const struct rp_run *
anchor(const struct rp_data *d)
{
	return d->run[RP_CYCLES] ? d->run[RP_CYCLES] : d->run[RP_EXPOSURE] ?
	    d->run[RP_EXPOSURE] : d->run[RP_STRESS];
}

static int
class_of(const char *status)
{
	if (strcmp(status, "paid") == 0 || strcmp(status, "committed") == 0)
		return RP_BINDING;
	if (strcmp(status, "superseded") == 0)
		return RP_SUPERSEDED;
	return RP_CONTINGENT;
}

static int
load_flows(struct q *q)
{
	struct rp_data *d = q->d;
	cf_graph_filter f;
	cf_graph *g = NULL;
	struct gref *refs = NULL;
	size_t cap = 0, i, all = 0;
	int rc;

	if ((rc = rp_run_filter(&f, anchor(d))) != CF_OK)
		goto out;
	f.statuses = 0;
	for (i = 0; cf_flow_statuses[i].name != NULL; i++)
		f.statuses |= 1u << i;
	f.consolidate = 0;
	f.min_amount = 0;
	if ((rc = cf_graph_build(&g, q->st, &f)) != CF_OK)
		goto out;
	d->exponent = g->exponent;
	if ((refs = malloc((g->nf ? g->nf : 1) * sizeof(*refs))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	for (i = 0; i < g->nf; i++) {
		refs[i].id = g->f[i].id;
		refs[i].f = &g->f[i];
	}
	qsort(refs, g->nf, sizeof(*refs), cmp_gref);
	if ((rc = q_prep(q, "SELECT f.id, f.from_id, f.to_id, f.type,"
	    " f.status, f.confidence, f.announced, f.condition,"
	    " f.amount_minor, f.low_minor, f.high_minor, f.quantity,"
	    " f.quantity_unit, f.estimate, (SELECT max(s.assumed) FROM"
	    " flow_schedule s WHERE s.flow_id = f.id) FROM flow f"
	    " ORDER BY f.id")) != CF_OK)
		goto out;
	while ((rc = q_step(q)) == 1) {
		struct gref key, *hit;
		struct rp_flow *fl;

		all++;
		key.id = (const char *)sqlite3_column_text(q->s, 0);
		if (key.id == NULL || (hit = bsearch(&key, refs, g->nf,
		    sizeof(key), cmp_gref)) == NULL)
			continue;
		if ((rc = grow(&d->flows, &cap, d->nflows, sizeof(*fl))) !=
		    CF_OK)
			goto out;
		fl = &d->flows[d->nflows++];
		memset(fl, 0, sizeof(*fl));
		fl->id = q_text(q, 0);
		fl->from = q_text(q, 1);
		fl->to = q_text(q, 2);
		fl->type = q_text(q, 3);
		fl->stored_status = q_text(q, 4);
		fl->status = cf_flow_statuses[hit->f->status].name;
		fl->cls = class_of(fl->status);
		fl->confidence = q_text(q, 5);
		fl->announced = q_text(q, 6);
		fl->condition = q_text(q, 7);
		fl->has_amount = !q_null(q, 8);
		fl->amount = q_int(q, 8);
		fl->has_low = !q_null(q, 9);
		fl->low = q_int(q, 9);
		fl->has_high = !q_null(q, 10);
		fl->high = q_int(q, 10);
		fl->has_quantity = !q_null(q, 11);
		fl->quantity = sqlite3_column_double(q->s, 11);
		fl->unit = q_text(q, 12);
		fl->estimate = (int)q_int(q, 13);
		fl->assumed = (int)q_int(q, 14);
		fl->valued = hit->f->valued;
		fl->value = hit->f->amount;
	}
	if (rc < 0)
		goto out;
	rc = q->oom ? cf_error_set(CF_ENOMEM, "report") : CF_OK;
	d->outside = all - d->nflows;
out:
	free(refs);
	cf_graph_free(g);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A source from columns 0-6: id, title, publisher, date, url, accession,
 * retrieved. */
static void
row_source(struct q *q, void *p)
{
	struct rp_source *s = p;

	s->id = q_text(q, 0);
	s->title = q_text(q, 1);
	s->publisher = q_text(q, 2);
	s->date = q_text(q, 3);
	s->url = q_text(q, 4);
	s->accession = q_text(q, 5);
	s->retrieved = q_text(q, 6);
}

const struct rp_source *
rp_source_find(const struct rp_data *d, const char *id)
{
	return find_by_id(d->sources, d->nsources, sizeof(*d->sources),
	    offsetof(struct rp_source, id), id);
}

/* The sources the listed flows cite, and each flow's indices into them:
 * rows come by source id, so each flow's sources are in id order. */
static int
load_sources(struct q *q)
{
	struct rp_data *d = q->d;
	size_t scap = 0;
	int rc;

	if ((rc = q_prep(q, "SELECT s.id, s.title, s.publisher, s.date,"
	    " s.url, s.accession, s.retrieved, fs.flow_id FROM flow_source fs"
	    " JOIN source s ON s.id = fs.source_id ORDER BY s.id,"
	    " fs.flow_id")) != CF_OK)
		return rc;
	while ((rc = q_step(q)) == 1) {
		const char *fid = (const char *)sqlite3_column_text(q->s, 7);
		const char *sid = (const char *)sqlite3_column_text(q->s, 0);
		struct rp_flow *f = (struct rp_flow *)rp_flow_find(d, fid);
		size_t *ns;

		if (f == NULL)
			continue;
		if (d->nsources == 0 ||
		    strcmp(d->sources[d->nsources - 1].id, sid) != 0) {
			if ((rc = grow(&d->sources, &scap, d->nsources,
			    sizeof(*d->sources))) != CF_OK)
				return rc;
			row_source(q, &d->sources[d->nsources++]);
		}
		if ((ns = realloc(f->src, (f->nsrc + 1) * sizeof(*ns))) ==
		    NULL)
			return cf_error_set(CF_ENOMEM, "report");
		f->src = ns;
		f->src[f->nsrc++] = d->nsources - 1;
	}
	if (rc < 0)
		return rc;
	return q->oom ? cf_error_set(CF_ENOMEM, "report") : CF_OK;
}

static int
cmp_flow_date(const void *a, const void *b)
{
	const struct rp_flow *x = *(const struct rp_flow *const *)a;
	const struct rp_flow *y = *(const struct rp_flow *const *)b;
	int c = strcmp(x->announced ? x->announced : "",
	    y->announced ? y->announced : "");

	return c ? c : strcmp(x->id, y->id);
}

static int
cmp_lab(const void *a, const void *b)
{
	const struct rp_lab *x = a, *y = b;
	int64_t sx = x->in[RP_HEADLINE] + x->out[RP_HEADLINE];
	int64_t sy = y->in[RP_HEADLINE] + y->out[RP_HEADLINE];

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->e->id, y->e->id);
}

static int
add_lab_flow(struct rp_data *d, const char *id, size_t fi, int side,
    const struct rp_flow *f)
{
	const struct rp_entity *e = rp_entity_find(d, id);
	struct rp_lab *lab = NULL;
	size_t i, *nf;

	if (e == NULL || !e->lab)
		return CF_OK;
	for (i = 0; i < d->nlabs; i++)
		if (d->labs[i].e == e)
			lab = &d->labs[i];
	if (lab == NULL)
		return cf_error_set(CF_ENOMEM, "report: lab %s", id);
	if ((nf = realloc(lab->flows, (lab->nflows + 1) * sizeof(*nf))) ==
	    NULL)
		return cf_error_set(CF_ENOMEM, "report");
	lab->flows = nf;
	lab->flows[lab->nflows++] = fi;
	if (f->cls == RP_SUPERSEDED || !f->valued)
		return CF_OK;
	if (side) {
		lab->in[f->cls] += f->value;
		lab->in[RP_HEADLINE] += f->value;
	} else {
		lab->out[f->cls] += f->value;
		lab->out[RP_HEADLINE] += f->value;
	}
	return CF_OK;
}

/* Totals, the labs' figures and the flows in date order. */
static int
sum_flows(struct rp_data *d)
{
	size_t i, n = 0;
	int rc;

	const struct rp_flow **by_date;

	for (i = 0; i < d->nentities; i++)
		n += d->entities[i].lab != 0;
	if ((d->labs = calloc(n ? n : 1, sizeof(*d->labs))) == NULL ||
	    (d->flow_order = malloc((d->nflows ? d->nflows : 1) *
	    sizeof(size_t))) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	for (i = 0; i < d->nentities; i++)
		if (d->entities[i].lab)
			d->labs[d->nlabs++].e = &d->entities[i];
	for (i = 0; i < d->nflows; i++) {
		const struct rp_flow *f = &d->flows[i];

		if ((rc = add_lab_flow(d, f->from, i, 0, f)) != CF_OK ||
		    (rc = add_lab_flow(d, f->to, i, 1, f)) != CF_OK)
			return rc;
		if (f->cls == RP_SUPERSEDED)
			continue;
		d->total_flows[RP_HEADLINE]++;
		d->total_flows[f->cls]++;
		if (!f->valued) {
			d->unvalued++;
			continue;
		}
		d->total[RP_HEADLINE] += f->value;
		d->total[f->cls] += f->value;
	}
	/* Labs with no flow in the report are left out. */
	for (i = n = 0; i < d->nlabs; i++)
		if (d->labs[i].nflows)
			d->labs[n++] = d->labs[i];
	d->nlabs = n;
	qsort(d->labs, d->nlabs, sizeof(*d->labs), cmp_lab);
	if ((by_date = malloc((d->nflows ? d->nflows : 1) *
	    sizeof(*by_date))) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	for (i = 0; i < d->nflows; i++)
		by_date[i] = &d->flows[i];
	qsort(by_date, d->nflows, sizeof(*by_date), cmp_flow_date);
	for (i = 0; i < d->nflows; i++)
		d->flow_order[i] = (size_t)(by_date[i] - d->flows);
	free(by_date);
	return CF_OK;
}

/* ---- cycles and exposure ---------------------------------------------- */

static void
row_flow_id(struct q *q, void *p)
{
	*(const char **)p = q_text(q, 0);
}

/* The flows of run's edge from -> to into *out (arena strings). */
static int
edge_flows(struct q *q, int64_t run, const char *from, const char *to,
    const char ***out, size_t *n)
{
	struct q e = {q->d, q->st, NULL, NULL, 0};
	int rc;

	*out = NULL;
	*n = 0;
	if (q->ef == NULL && sqlite3_prepare_v2(q->st->db, "SELECT flow_id"
	    " FROM run_edge_flow WHERE run_id = ?1 AND from_id = ?2 AND"
	    " to_id = ?3 ORDER BY flow_id", -1, &q->ef, NULL) != SQLITE_OK)
		return cf_store_fail(q->st, "report");
	e.s = q->ef;
	sqlite3_reset(e.s);
	sqlite3_bind_int64(e.s, 1, run);
	sqlite3_bind_text(e.s, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(e.s, 3, to, -1, SQLITE_STATIC);
	if ((rc = q_rows(&e, out, n, sizeof(**out), row_flow_id)) != CF_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static void
row_cycle(struct q *q, void *p)
{
	struct rp_cycle *c = p;

	c->rank = (long)q_int(q, 0);
	c->length = (long)q_int(q, 1);
	c->valued = (int)q_int(q, 2);
	c->bottleneck = q_int(q, 3);
	c->total = q_int(q, 4);
	c->path = q_text(q, 5);
}

static void
row_cedge(struct q *q, void *p)
{
	struct rp_cedge *e = p;

	e->from = q_text(q, 0);
	e->to = q_text(q, 1);
	e->amount = q_int(q, 2);
}

static int
load_cycles(struct q *q)
{
	struct rp_data *d = q->d;
	const struct rp_run *r = d->run[RP_CYCLES];
	struct q ce = {d, q->st, NULL, NULL, 0};
	size_t i, j;
	int rc;

	if (r == NULL)
		return CF_OK;
	if ((rc = q_prep(q, "SELECT count(*) FROM cycle WHERE run_id = ?1"))
	    != CF_OK)
		return rc;
	sqlite3_bind_int64(q->s, 1, r->id);
	if ((rc = q_step(q)) < 0)
		return rc;
	d->cycles_stored = (size_t)q_int(q, 0);
	if ((rc = q_prep(q, "SELECT rank, length, valued, bottleneck_minor,"
	    " total_minor, entities FROM cycle WHERE run_id = ?1 ORDER BY"
	    " rank LIMIT ?2")) != CF_OK)
		return rc;
	sqlite3_bind_int64(q->s, 1, r->id);
	sqlite3_bind_int(q->s, 2, RP_MAX_CYCLES);
	if ((rc = q_rows(q, &d->cycles, &d->ncycles, sizeof(*d->cycles),
	    row_cycle)) != CF_OK ||
	    (rc = q_prep(&ce, "SELECT from_id, to_id, amount_minor FROM"
	    " cycle_edge WHERE run_id = ?1 AND rank = ?2 ORDER BY pos")) !=
	    CF_OK)
		goto out;
	for (i = 0; i < d->ncycles; i++) {
		struct rp_cycle *c = &d->cycles[i];

		sqlite3_reset(ce.s);
		sqlite3_bind_int64(ce.s, 1, r->id);
		sqlite3_bind_int64(ce.s, 2, c->rank);
		if ((rc = q_rows(&ce, &c->edges, &c->nedges, sizeof(*c->edges),
		    row_cedge)) != CF_OK)
			goto out;
		for (j = 0; j < c->nedges; j++) {
			struct rp_cedge *e = &c->edges[j];

			if ((rc = edge_flows(q, r->id, e->from, e->to,
			    &e->flows, &e->nflows)) != CF_OK)
				goto out;
		}
	}
out:
	sqlite3_finalize(ce.s);
	return rc;
}

static void
row_vendor(struct q *q, void *p)
{
	struct rp_vendor *v = p;

	v->id = q_text(q, 0);
	v->backlog = q_int(q, 1);
	v->paid = q_int(q, 2);
	v->committed = q_int(q, 3);
	v->contingent = q_int(q, 4);
	v->self_funded = q_int(q, 5);
	v->self_funded_backlog = q_int(q, 6);
	v->share = sqlite3_column_double(q->s, 7);
	v->net_backlog = q_int(q, 8);
	v->round_trips = q_int(q, 9);
	v->at_risk = q_int(q, 10);
	v->inflow = q_int(q, 11);
	v->outflow = q_int(q, 12);
}

static void
row_trip(struct q *q, void *p)
{
	struct rp_trip *t = p;

	t->vendor = q_text(q, 0);
	t->counterparty = q_text(q, 1);
	t->financing = q_int(q, 2);
	t->spend = q_int(q, 3);
	t->amount = q_int(q, 4);
}

/* Each vendor's backlog: the spend flows on the edges into v. */
static int
vendor_flows(struct q *q, int64_t run, struct rp_vendor *v)
{
	size_t fcap = 0;
	int rc;

	sqlite3_reset(q->s);
	sqlite3_bind_int64(q->s, 1, run);
	sqlite3_bind_text(q->s, 2, v->id, -1, SQLITE_STATIC);
	while ((rc = q_step(q)) == 1) {
		const char *id = (const char *)sqlite3_column_text(q->s, 0);
		const struct rp_flow *f = rp_flow_find(q->d, id);
		int t = f ? cf_vocab_find(cf_flow_types, f->type) : -1;

		if (t >= 0 && cf_flow_type_class(t) != CF_CLASS_SPEND)
			continue;
		if ((rc = grow(&v->flows, &fcap, v->nflows,
		    sizeof(*v->flows))) != CF_OK)
			return rc;
		v->flows[v->nflows++] = q_text(q, 0);
	}
	return rc < 0 ? rc : CF_OK;
}

static int
load_exposure(struct q *q)
{
	struct rp_data *d = q->d;
	const struct rp_run *r = d->run[RP_EXPOSURE];
	size_t i;
	int rc;

	if (r == NULL)
		return CF_OK;
	/* With each vendor's money in and out on the run's edges (its own
	 * funds are max(0, out - in): docs/methods.md). */
	if ((rc = q_load(q, "SELECT entity_id, backlog_minor,"
	    " backlog_paid_minor, backlog_committed_minor,"
	    " backlog_contingent_minor, self_funded_minor,"
	    " self_funded_backlog_minor, self_funded_share, net_backlog_minor,"
	    " round_trips_minor, at_risk_financing_minor, coalesce(inflow, 0),"
	    " coalesce(outflow, 0) FROM exposure LEFT JOIN (SELECT id,"
	    " sum(inflow) AS inflow, sum(outflow) AS outflow FROM (SELECT"
	    " to_id AS id, amount_minor AS inflow, 0 AS outflow FROM run_edge"
	    " WHERE run_id = ?1 UNION ALL SELECT from_id, 0, amount_minor FROM"
	    " run_edge WHERE run_id = ?1) GROUP BY id) ON id = entity_id WHERE"
	    " run_id = ?1 ORDER BY backlog_minor DESC, entity_id", r->id,
	    &d->vendors, &d->nvendors, sizeof(*d->vendors), row_vendor)) !=
	    CF_OK ||
	    (rc = q_load(q, "SELECT vendor_id, counterparty_id,"
	    " financing_minor, spend_minor, amount_minor FROM round_trip"
	    " WHERE run_id = ?1 ORDER BY vendor_id, counterparty_id", r->id,
	    &d->trips, &d->ntrips, sizeof(*d->trips), row_trip)) != CF_OK ||
	    (rc = q_prep(q, "SELECT flow_id FROM run_edge_flow WHERE run_id ="
	    " ?1 AND to_id = ?2 ORDER BY flow_id")) != CF_OK)
		return rc;
	for (i = 0; i < d->nvendors; i++)
		if ((rc = vendor_flows(q, r->id, &d->vendors[i])) != CF_OK)
			return rc;
	return q->oom ? cf_error_set(CF_ENOMEM, "report") : CF_OK;
}

/* ---- stress ----------------------------------------------------------- */

static void
row_scenario(struct q *q, void *p)
{
	struct rp_scenario *s = p;

	s->name = q_text(q, 0);
	s->description = q_text(q, 1);
	s->base = q_text(q, 2);
	s->seed = q_text(q, 3);
	s->model = q_text(q, 4);
	s->seniority = q_text(q, 5);
	s->file = q_text(q, 6);
	s->sha256 = q_text(q, 7);
	s->quantiles = q_text(q, 8);
	s->montecarlo = (int)q_int(q, 9);
	s->converged = (int)q_int(q, 10);
	s->terminate = (int)q_int(q, 11);
	s->draws = (long)q_int(q, 12);
	s->unvalued = (long)q_int(q, 13);
	s->start_year = (int)q_int(q, 14);
	s->years = (int)q_int(q, 15);
}

static void
row_sentity(struct q *q, void *p)
{
	struct rp_sentity *e = p;

	e->scenario = q_text(q, 0);
	e->entity = q_text(q, 1);
	e->p_default = sqlite3_column_double(q->s, 2);
	e->median_year = (int)q_int(q, 3);
	e->shortfall = q_int(q, 4);
	e->q05 = q_int(q, 5);
	e->q50 = q_int(q, 6);
	e->q95 = q_int(q, 7);
}

static void
row_syear(struct q *q, void *p)
{
	struct rp_syear *y = p;

	y->scenario = q_text(q, 0);
	y->entity = q_text(q, 1);
	y->year = (int)q_int(q, 2);
	y->p_default = sqlite3_column_double(q->s, 3);
	y->due = q_int(q, 4);
	y->paid = q_int(q, 5);
	y->shortfall = q_int(q, 6);
	y->cash_mean = q_int(q, 7);
	y->q05 = q_int(q, 8);
	y->q50 = q_int(q, 9);
	y->q95 = q_int(q, 10);
}

static void
row_svendor(struct q *q, void *p)
{
	struct rp_svendor *v = p;

	v->scenario = q_text(q, 0);
	v->vendor = q_text(q, 1);
	v->backlog = q_int(q, 2);
	v->at_risk = q_int(q, 3);
	v->at_risk_q95 = q_int(q, 4);
	v->own_money = q_int(q, 5);
	v->has_share = !q_null(q, 6);
	v->own_share = sqlite3_column_double(q->s, 6);
}

static int
load_stress(struct q *q)
{
	struct rp_data *d = q->d;
	const struct rp_run *r = d->run[RP_STRESS];
	int rc;

	if (r == NULL)
		return CF_OK;
	if ((rc = q_load(q, "SELECT scenario, description, base, seed, model,"
	    " seniority, scenarios_file, scenarios_sha256, quantiles,"
	    " montecarlo, converged, terminate, draws, unvalued_flows,"
	    " start_year, years FROM stress_scenario WHERE run_id = ?1"
	    " ORDER BY montecarlo, scenario", r->id, &d->scenarios,
	    &d->nscenarios, sizeof(*d->scenarios), row_scenario)) != CF_OK ||
	    (rc = q_load(q, "SELECT scenario, entity_id, p_default,"
	    " median_default_year, shortfall_minor, shortfall_q05_minor,"
	    " shortfall_q50_minor, shortfall_q95_minor FROM stress_entity"
	    " WHERE run_id = ?1 ORDER BY scenario, entity_id", r->id,
	    &d->sentities, &d->nsentities, sizeof(*d->sentities),
	    row_sentity)) != CF_OK ||
	    (rc = q_load(q, "SELECT scenario, entity_id, year, p_default,"
	    " due_minor, paid_minor, shortfall_minor, cash_mean_minor,"
	    " cash_q05_minor, cash_q50_minor, cash_q95_minor FROM"
	    " stress_entity_year WHERE run_id = ?1 ORDER BY scenario,"
	    " entity_id, year", r->id, &d->syears, &d->nsyears,
	    sizeof(*d->syears), row_syear)) != CF_OK)
		return rc;
	return q_load(q, "SELECT scenario, vendor_id, backlog_minor,"
	    " at_risk_minor, at_risk_q95_minor, own_money_minor,"
	    " own_money_share FROM stress_vendor WHERE run_id = ?1 ORDER BY"
	    " scenario, vendor_id", r->id, &d->svendors, &d->nsvendors,
	    sizeof(*d->svendors), row_svendor);
}

static void
row_growth(struct q *q, void *p)
{
	struct rp_growth *g = p;

	g->entity = q_text(q, 0);
	g->id = q_text(q, 1);
	g->period = q_text(q, 2);
	g->ratio = sqlite3_column_double(q->s, 3);
	g->assumption = (int)q_int(q, 4);
	g->estimate = (int)q_int(q, 5);
	g->note = q_text(q, 6);
}

/* The revenue-growth figures of the modelled entities' profiles, with
 * their sources: the stress model grows revenue by the latest for every
 * later year (held, or faded by a half-life), which the cash paths
 * show. */
static int
load_growth(struct q *q)
{
	struct rp_data *d = q->d;
	const struct rp_run *r = d->run[RP_STRESS];
	struct q fs = {d, q->st, NULL, NULL, 0};
	size_t i;
	int rc;

	if (r == NULL)
		return CF_OK;
	if ((rc = q_load(q, "SELECT entity_id, id, period, ratio, assumption,"
	    " estimate, note FROM profile_figure WHERE item = 'revenue-growth'"
	    " AND ratio IS NOT NULL AND entity_id IN (SELECT entity_id FROM"
	    " stress_entity WHERE run_id = ?1) ORDER BY entity_id, period",
	    r->id, &d->growth, &d->ngrowth, sizeof(*d->growth),
	    row_growth)) != CF_OK ||
	    (rc = q_prep(&fs, "SELECT s.id, s.title, s.publisher, s.date,"
	    " s.url, s.accession, s.retrieved FROM profile_figure_source f"
	    " JOIN source s ON s.id = f.source_id WHERE f.figure_id = ?1"
	    " ORDER BY s.id")) != CF_OK)
		goto out;
	for (i = 0; i < d->ngrowth; i++) {
		struct rp_growth *g = &d->growth[i];

		sqlite3_reset(fs.s);
		sqlite3_bind_text(fs.s, 1, g->id, -1, SQLITE_STATIC);
		if ((rc = q_rows(&fs, &g->src, &g->nsrc, sizeof(*g->src),
		    row_source)) != CF_OK)
			goto out;
	}
out:
	sqlite3_finalize(fs.s);
	return rc;
}

/* ---- imports ---------------------------------------------------------- */

static void
row_import(struct q *q, void *p)
{
	struct rp_import *im = p;

	im->path = q_text(q, 0);
	im->sha256 = q_text(q, 1);
	im->format = q_text(q, 2);
	im->title = q_text(q, 3);
	im->as_of = q_text(q, 4);
	im->finished = q_text(q, 5);
	im->rows = (long)q_int(q, 6);
}

static int
load_imports(struct q *q)
{
	struct rp_data *d = q->d;
	int rc;

	if ((rc = q_prep(q, "SELECT count(*) FROM import_log WHERE status ="
	    " 'ok'")) != CF_OK || (rc = q_step(q)) < 0)
		return rc;
	d->imports_stored = (size_t)q_int(q, 0);
	return q_load(q, "SELECT path, sha256, format, title, as_of,"
	    " finished, rows FROM import_log WHERE status = 'ok' ORDER BY id"
	    " LIMIT ?1", RP_MAX_IMPORTS, &d->imports, &d->nimports,
	    sizeof(*d->imports), row_import);
}

/* Files imported after the earliest of the runs shown: the store the
 * report reads for the graph, the flows and the headline figures is then
 * not the one those runs saw. */
static int
load_imports_after(struct q *q)
{
	struct rp_data *d = q->d;
	const struct rp_run *first = NULL;
	int rc, k;

	for (k = 0; k < RP_NKINDS; k++)
		if (d->run[k] && (first == NULL ||
		    d->run[k]->imports_through < first->imports_through))
			first = d->run[k];
	if (first == NULL)
		return CF_OK;
	if ((rc = q_prep(q, "SELECT count(*), max(finished) FROM import_log"
	    " WHERE status = 'ok' AND id > ?1")) != CF_OK)
		return rc;
	sqlite3_bind_int64(q->s, 1, first->imports_through);
	if ((rc = q_step(q)) < 0)
		return rc;
	d->imports_after = (size_t)q_int(q, 0);
	d->imports_after_last = q_text(q, 1);
	d->imports_after_run = first->id;
	return q->oom ? cf_error_set(CF_ENOMEM, "report") : CF_OK;
}

/* ---- lookups for the renderers ---------------------------------------- */

/* Append id to ids[0 .. *n) unless it is there. */
static void
add_distinct(const char **ids, size_t *n, const char *id)
{
	size_t j;

	for (j = 0; j < *n; j++)
		if (strcmp(ids[j], id) == 0)
			return;
	ids[(*n)++] = id;
}

size_t
rp_stress_entities(const struct rp_data *d, const char **ids, size_t max,
    int *labs_only)
{
	size_t i, n = 0;
	int pass;

	*labs_only = 1;
	for (pass = 0; pass < 2 && n == 0; pass++) {
		*labs_only = pass == 0;
		for (i = 0; i < d->nsentities && n < max; i++) {
			const struct rp_entity *e = rp_entity_find(d,
			    d->sentities[i].entity);

			if (pass == 0 && (e == NULL || !e->lab))
				continue;
			add_distinct(ids, &n, d->sentities[i].entity);
		}
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	return n;
}

static int
cmp_syear(const void *a, const void *b)
{
	const struct rp_syear *x = a, *y = b;
	int c = strcmp(x->scenario, y->scenario);

	if (c == 0)
		c = strcmp(x->entity, y->entity);
	return c ? c : (x->year > y->year) - (x->year < y->year);
}

const struct rp_syear *
rp_syear_find(const struct rp_data *d, const char *scenario,
    const char *entity, int year)
{
	struct rp_syear key;

	if (d->nsyears == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.scenario = scenario;
	key.entity = entity;
	key.year = year;
	return bsearch(&key, d->syears, d->nsyears, sizeof(key), cmp_syear);
}

const struct rp_growth *
rp_growth_in(const struct rp_data *d, const char *entity, int year)
{
	const struct rp_growth *best = NULL;
	size_t i;

	/* By entity, then period: the last one by then wins. */
	for (i = 0; i < d->ngrowth; i++)
		if (strcmp(d->growth[i].entity, entity) == 0 &&
		    atoi(d->growth[i].period) <= year)
			best = &d->growth[i];
	return best;
}

int
rp_cash_runaway(const struct rp_data *d, const char *scenario,
    const char *entity, const struct rp_syear **first,
    const struct rp_syear **top)
{
	const struct rp_syear *f = NULL, *t = NULL;
	size_t i;

	/* syears are by scenario, entity and year. */
	for (i = 0; i < d->nsyears; i++) {
		const struct rp_syear *r = &d->syears[i];

		if (strcmp(r->scenario, scenario) != 0 ||
		    strcmp(r->entity, entity) != 0)
			continue;
		if (f == NULL)
			f = r;
		if (t == NULL || r->q95 > t->q95)
			t = r;
	}
	if (f == NULL || f->q95 <= 0 ||
	    (double)t->q95 <= RP_CASH_FLAG * (double)f->q95)
		return 0;
	*first = f;
	*top = t;
	return 1;
}

static int
cmp_svendor(const void *a, const void *b)
{
	const struct rp_svendor *x = a, *y = b;
	int c = strcmp(x->scenario, y->scenario);

	return c ? c : strcmp(x->vendor, y->vendor);
}

const struct rp_svendor *
rp_svendor_find(const struct rp_data *d, const char *scenario,
    const char *vendor)
{
	struct rp_svendor key;

	if (d->nsvendors == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	key.scenario = scenario;
	key.vendor = vendor;
	return bsearch(&key, d->svendors, d->nsvendors, sizeof(key),
	    cmp_svendor);
}

size_t
rp_at_risk_vendors(const struct rp_data *d, const char **ids)
{
	size_t i, n = 0;

	for (i = 0; i < d->nsvendors; i++)
		if (d->svendors[i].backlog != 0)
			add_distinct(ids, &n, d->svendors[i].vendor);
	qsort(ids, n, sizeof(*ids), cmp_str);
	return n;
}

/* ---- the whole -------------------------------------------------------- */

int
rp_data_load(struct rp_data **out, cf_store *st, int64_t run)
{
	struct rp_data *d;
	struct q q = {NULL, st, NULL, NULL, 0};
	const char *file;
	int rc;

	*out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	q.d = d;
	file = sqlite3_db_filename(st->db, "main");
	if ((d->db = keep(d, file ? file : "", &q.oom)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	if ((rc = choose_runs(&q, run)) != CF_OK)
		goto out;
	d->currency = anchor(d)->currency;
	if ((rc = load_entities(&q)) != CF_OK ||
	    (rc = load_flows(&q)) != CF_OK ||
	    (rc = load_sources(&q)) != CF_OK ||
	    (rc = sum_flows(d)) != CF_OK ||
	    (rc = load_cycles(&q)) != CF_OK ||
	    (rc = load_exposure(&q)) != CF_OK ||
	    (rc = load_stress(&q)) != CF_OK ||
	    (rc = load_growth(&q)) != CF_OK ||
	    (rc = load_imports(&q)) != CF_OK ||
	    (rc = load_imports_after(&q)) != CF_OK)
		goto out;
	*out = d;
	d = NULL;
out:
	sqlite3_finalize(q.ef);
	sqlite3_finalize(q.s);
	rp_data_free(d);
	return rc;
}

void
rp_data_free(struct rp_data *d)
{
	struct rp_arena *a, *next;
	size_t i, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->nflows; i++)
		free(d->flows[i].src);
	free(d->flows);
	free(d->flow_order);
	for (i = 0; i < d->nlabs; i++)
		free(d->labs[i].flows);
	free(d->labs);
	for (i = 0; i < d->ncycles; i++) {
		for (j = 0; j < d->cycles[i].nedges; j++)
			free(d->cycles[i].edges[j].flows);
		free(d->cycles[i].edges);
	}
	free(d->cycles);
	for (i = 0; i < d->nvendors; i++)
		free(d->vendors[i].flows);
	free(d->vendors);
	free(d->trips);
	free(d->entities);
	free(d->sources);
	free(d->scenarios);
	free(d->sentities);
	free(d->syears);
	free(d->svendors);
	free(d->imports);
	for (i = 0; i < d->ngrowth; i++)
		free(d->growth[i].src);
	free(d->growth);
	free(d->graph_svg);
	free(d->graph_file);
	free(d->graph_note);
	for (a = d->arena; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
	free(d);
}
