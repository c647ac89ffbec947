/*
 * stress_load.c - loading what the stress engine needs once per run: the
 * entities and their financial profiles, the flows' dates and schedules,
 * and the obligations per flow and year (docs/methods.md, "Repayment
 * stress": inputs and when a flow falls due).
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "circfin.h"
#include "model.h"
#include "stress_model.h"

/* ---- small helpers --------------------------------------------------------- */

static int
series_add(struct series *s, int year, double v)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		struct point *p = realloc(s->p, nc * sizeof(*p));
		if (p == NULL)
			return cf_error_set(CF_ENOMEM, "profiles");
		s->p = p;
		s->cap = nc;
	}
	s->p[s->n].year = year;
	s->p[s->n].v = v;
	s->n++;
	return CF_OK;
}

/* The latest point at or before year t, or NULL.  Points are in year
 * order. */
static const struct point *
latest(const struct series *s, int t)
{
	size_t i;

	for (i = 0; i < s->n && s->p[i].year <= t; i++)
		;
	return i > 0 ? &s->p[i - 1] : NULL;
}

/* The value holding in year t: the latest point's, else dflt. */
double
cf_series_at(const struct series *s, int t, double dflt)
{
	const struct point *p = latest(s, t);

	return p ? p->v : dflt;
}

/* The latest figure at or before year t (else 0), halved for every
 * half_life years since the year it was given for; NAN half_life: held. */
double
cf_series_fading(const struct series *s, int t, double half_life)
{
	const struct point *p = latest(s, t);

	if (p == NULL)
		return 0;
	return isnan(half_life) ? p->v : p->v * exp2(-(t - p->year) /
	    half_life);
}

/* The figure given for exactly year t, or NAN. */
double
cf_series_exact(const struct series *s, int t)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->p[i].year == t)
			return s->p[i].v;
	return NAN;
}

static int
year_of(const char *date)
{
	return date && strlen(date) >= 4 ? atoi(date) : 0;
}

void
cf_model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nmem; i++) {
		free(m->mem[i].id);
		free(m->mem[i].rev.p);
		free(m->mem[i].cost.p);
		free(m->mem[i].growth.p);
		free(m->mem[i].margin.p);
		free(m->mem[i].cgrowth.p);
	}
	free(m->mem);
	free(m->vm);
	free(m->mv);
	free(m->ob);
	free(m->ystart);
	free(m->binding);
}

/* ---- loading entities and profiles ----------------------------------------- */

int
cf_model_load_members(struct model *m, cf_store *st)
{
	static const char sql[] =
	    "WITH RECURSIVE up(id, root) AS (SELECT id, id FROM entity WHERE"
	    " parent_id IS NULL UNION ALL SELECT e.id, up.root FROM entity e"
	    " JOIN up ON e.parent_id = up.id)"
	    " SELECT up.id, up.root, (SELECT group_concat(kind, ' ') FROM"
	    " entity_kind k WHERE k.entity_id = up.id) FROM up ORDER BY up.id";
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc = CF_OK, r;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "loading entities");
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *root = (const char *)sqlite3_column_text(q, 1);
		const char *kinds = (const char *)sqlite3_column_text(q, 2);
		struct member *e;
		int k;

		if (m->nmem == cap) {
			size_t nc = cap ? cap * 2 : 64;
			e = realloc(m->mem, nc * sizeof(*e));
			if (e == NULL) {
				rc = cf_error_set(CF_ENOMEM, "entities");
				goto out;
			}
			m->mem = e;
			cap = nc;
		}
		e = &m->mem[m->nmem];
		memset(e, 0, sizeof(*e));
		if ((e->id = strdup(id)) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "entities");
			goto out;
		}
		m->nmem++;
		e->v = cf_find_id(m->g->v, m->g->nv, sizeof(*m->g->v),
		    offsetof(struct cf_gvertex, id), m->g->consolidate ? root : id);
		for (k = 0; kinds && cf_entity_kinds[k].name; k++) {
			const char *p = strstr(kinds, cf_entity_kinds[k].name);
			size_t l = strlen(cf_entity_kinds[k].name);
			while (p && !((p == kinds || p[-1] == ' ') &&
			    (p[l] == ' ' || p[l] == '\0')))
				p = strstr(p + 1, cf_entity_kinds[k].name);
			if (p)
				e->kinds |= 1u << k;
		}
	}
	if (r != SQLITE_DONE)
		rc = cf_store_fail(st, "loading entities");
out:
	sqlite3_finalize(q);
	return rc;
}

/* Keep an as-of figure if it is the one to open the horizon with: the
 * latest dated by the end of the first year, else the earliest. */
static void
opening(double *val, char at[11], const char *period, double v, int y0)
{
	char limit[11];

	snprintf(limit, sizeof(limit), "%04d-12-31", y0);
	if (at[0] == '\0' || (strcmp(period, limit) <= 0 &&
	    (strcmp(at, limit) > 0 || strcmp(period, at) > 0))) {
		*val = v;
		snprintf(at, 11, "%.10s", period);
	}
}

int
cf_model_load_profiles(struct model *m, cf_store *st)
{
	sqlite3_stmt *q = NULL;
	int rc = CF_OK, r;

	if (sqlite3_prepare_v2(st->db, "SELECT id, entity_id, item, period,"
	    " currency, amount_minor, ratio FROM profile_figure ORDER BY"
	    " entity_id, item, period", -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "loading profiles");
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *ent = (const char *)sqlite3_column_text(q, 1);
		const char *period = (const char *)sqlite3_column_text(q, 3);
		const char *cur = (const char *)sqlite3_column_text(q, 4);
		int item = cf_vocab_find(cf_profile_items,
		    (const char *)sqlite3_column_text(q, 2));
		int i = cf_find_id(m->mem, m->nmem, sizeof(*m->mem),
		    offsetof(struct member, id), ent), y = year_of(period);
		struct member *e;
		double v;

		if (i < 0 || item < 0)
			continue;
		e = &m->mem[i];
		if (e->v < 0)
			continue;
		if (cur != NULL && strcmp(cur, m->g->currency) != 0) {
			rc = cf_error_set(CF_EINPUT, "profile figure '%s' of"
			    " '%s' is in %s; the stress runs in %s (use"
			    " --currency)", id, ent, cur, m->g->currency);
			goto out;
		}
		v = cur ? (double)sqlite3_column_int64(q, 5) :
		    sqlite3_column_double(q, 6);
		e->modelled = 1;
		switch (item) {
		case CF_ITEM_REVENUE:
			rc = series_add(&e->rev, y, v);
			break;
		case CF_ITEM_OPERATING_COSTS:
			rc = series_add(&e->cost, y, v);
			break;
		case CF_ITEM_REVENUE_GROWTH:
			rc = series_add(&e->growth, y, v);
			break;
		case CF_ITEM_GROSS_MARGIN:
			rc = series_add(&e->margin, y, v);
			break;
		case CF_ITEM_COST_GROWTH:
			rc = series_add(&e->cgrowth, y, v);
			break;
		case CF_ITEM_CASH:
			opening(&e->cash, e->cash_at, period, v, m->y0);
			break;
		case CF_ITEM_DEBT:
			opening(&e->debt, e->debt_at, period, v, m->y0);
			break;
		default:
			opening(&e->assets, e->assets_at, period, v, m->y0);
			break;
		}
		if (rc != CF_OK)
			goto out;
	}
	if (r != SQLITE_DONE)
		rc = cf_store_fail(st, "loading profiles");
out:
	sqlite3_finalize(q);
	return rc;
}

/* ---- loading the obligations ----------------------------------------------- */

static int
fdetail_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fdetail *)a)->id,
	    ((const struct fdetail *)b)->id);
}

void
cf_fdetails_free(struct fdetail *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].id);
		free(d[i].sched);
	}
	free(d);
}

/* Dates, quantity and schedule of every flow of the graph, in g->f order. */
int
cf_model_load_details(struct fdetail **out, const cf_graph *g, cf_store *st)
{
	struct fdetail *d, key;
	sqlite3_stmt *q = NULL;
	size_t i;
	int rc = CF_OK, r;

	if ((d = calloc(g->nf ? g->nf : 1, sizeof(*d))) == NULL)
		return cf_error_set(CF_ENOMEM, "flows");
	for (i = 0; i < g->nf; i++)
		if ((d[i].id = strdup(g->f[i].id)) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "flows");
			goto out;
		}
	/* A sorted copy to look ids up in; the indices are restored at the
	 * end by sorting back into graph order. */
	if (g->nf > 1)
		qsort(d, g->nf, sizeof(*d), fdetail_cmp);
	if (sqlite3_prepare_v2(st->db, "SELECT id, announced, start_date,"
	    " end_date, coalesce(quantity, quantity_low), quantity_unit FROM"
	    " flow", -1, &q, NULL) != SQLITE_OK) {
		rc = cf_store_fail(st, "loading flows");
		goto out;
	}
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		struct fdetail *f;
		const char *s;

		key.id = (char *)sqlite3_column_text(q, 0);
		f = bsearch(&key, d, g->nf, sizeof(*d), fdetail_cmp);
		if (f == NULL)
			continue;
		snprintf(f->announced, 11, "%s", sqlite3_column_text(q, 1));
		if ((s = (const char *)sqlite3_column_text(q, 2)) != NULL)
			snprintf(f->start, 11, "%s", s);
		if ((s = (const char *)sqlite3_column_text(q, 3)) != NULL)
			snprintf(f->end, 11, "%s", s);
		if (sqlite3_column_type(q, 4) != SQLITE_NULL) {
			f->has_quantity = 1;
			f->quantity = sqlite3_column_double(q, 4);
			snprintf(f->unit, sizeof(f->unit), "%s",
			    sqlite3_column_text(q, 5));
		}
	}
	sqlite3_finalize(q);
	q = NULL;
	if (r != SQLITE_DONE ||
	    sqlite3_prepare_v2(st->db, "SELECT flow_id, due, amount_minor"
	    " FROM flow_schedule ORDER BY flow_id, due", -1, &q, NULL) !=
	    SQLITE_OK) {
		rc = cf_store_fail(st, "loading schedules");
		goto out;
	}
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		struct fdetail *f;

		key.id = (char *)sqlite3_column_text(q, 0);
		f = bsearch(&key, d, g->nf, sizeof(*d), fdetail_cmp);
		if (f == NULL)
			continue;
		if (f->nsched == f->csched) {
			size_t nc = f->csched ? f->csched * 2 : 8;
			struct point *p = realloc(f->sched, nc * sizeof(*p));
			if (p == NULL) {
				rc = cf_error_set(CF_ENOMEM, "schedules");
				goto out;
			}
			f->sched = p;
			f->csched = nc;
		}
		f->sched[f->nsched].year = year_of((const char *)
		    sqlite3_column_text(q, 1));
		f->sched[f->nsched].v = (double)sqlite3_column_int64(q, 2);
		f->nsched++;
	}
	if (r != SQLITE_DONE) {
		rc = cf_store_fail(st, "loading schedules");
		goto out;
	}
	{
		/* back into graph order */
		struct fdetail *o = calloc(g->nf ? g->nf : 1, sizeof(*o));
		if (o == NULL) {
			rc = cf_error_set(CF_ENOMEM, "flows");
			goto out;
		}
		for (i = 0; i < g->nf; i++) {
			key.id = g->f[i].id;
			o[i] = *(struct fdetail *)bsearch(&key, d, g->nf,
			    sizeof(*d), fdetail_cmp);
		}
		free(d);
		d = o;
	}
out:
	sqlite3_finalize(q);
	if (rc != CF_OK) {
		cf_fdetails_free(d, g->nf);
		return rc;
	}
	*out = d;
	return CF_OK;
}

static int
add_ob(struct model *m, int flow, int year, double amount)
{
	const struct cf_gedge *e = &m->g->e[m->g->f[flow].edge];
	struct ob *o;

	if (year < m->y0 || year >= m->y0 + m->ny || amount <= 0)
		return CF_OK;	/* settled before, or beyond, the horizon */
	/* one obligation per flow and year */
	if (m->nob > 0 && m->ob[m->nob - 1].flow == flow &&
	    m->ob[m->nob - 1].year == year - m->y0) {
		m->ob[m->nob - 1].amount += amount;
		return CF_OK;
	}
	if (m->nob == m->cob) {
		size_t nc = m->cob ? m->cob * 2 : 256;
		o = realloc(m->ob, nc * sizeof(*o));
		if (o == NULL)
			return cf_error_set(CF_ENOMEM, "obligations");
		m->ob = o;
		m->cob = nc;
	}
	o = &m->ob[m->nob++];
	o->flow = flow;
	o->year = year - m->y0;
	o->from = e->from;
	o->to = e->to;
	o->spend = cf_flow_type_class(m->g->f[flow].type) == CF_CLASS_SPEND;
	o->amount = amount;
	return CF_OK;
}

static int
ob_cmp(const void *a, const void *b)
{
	const struct ob *x = a, *y = b;

	if (x->year != y->year)
		return x->year - y->year;
	if (x->from != y->from)
		return x->from - y->from;
	if (x->to != y->to)
		return x->to - y->to;
	return x->flow - y->flow;
}

/* The valuation of unit for a scenario: its own, a Monte Carlo spec's
 * base's, then the file's; or NULL. */
static const struct cf_valuation *
valuation(const cf_scenarios *sc, const struct cf_scenario *s,
    const char *unit)
{
	size_t i;

	const struct cf_scenario *base = s && s->montecarlo ?
	    cf_scenarios_find(sc, s->base) : NULL;

	for (i = 0; s && i < s->nvaluations; i++)
		if (strcmp(s->valuations[i].unit, unit) == 0)
			return &s->valuations[i];
	for (i = 0; base && i < base->nvaluations; i++)
		if (strcmp(base->valuations[i].unit, unit) == 0)
			return &base->valuations[i];
	for (i = 0; i < sc->nvaluations; i++)
		if (strcmp(sc->valuations[i].unit, unit) == 0)
			return &sc->valuations[i];
	return NULL;
}

/*
 * The obligations of scenario s (valuations differ by scenario): every
 * flow that is not paid, valued in money or through a valuation, due by
 * its schedule or spread evenly over its years.
 */
int
cf_model_obligations(struct model *m, const struct fdetail *d,
    const struct cf_scenario *s, const cf_scenarios *sc)
{
	const cf_graph *g = m->g;
	size_t i, k;
	int rc, t;

	m->nob = 0;
	m->unvalued = 0;
	for (i = 0; i < g->nf; i++) {
		const struct cf_gflow *f = &g->f[i];
		const char *st = cf_flow_statuses[f->status].name;
		double amount = (double)f->amount;
		int a, b;

		m->binding[i] = -1;
		if (strcmp(st, "paid") == 0 || strcmp(st, "superseded") == 0)
			continue;
		if (!f->valued) {
			const struct cf_valuation *val = d[i].has_quantity ?
			    valuation(sc, s, d[i].unit) : NULL;
			if (val == NULL) {
				m->unvalued++;
				continue;
			}
			if (strcmp(val->currency, g->currency) != 0)
				return cf_input_error(sc->path, val->line,
				    "the valuation of %s is in %s; the stress"
				    " runs in %s", val->unit, val->currency,
				    g->currency);
			amount = d[i].quantity * (double)val->per_unit_minor;
		}
		m->binding[i] = strcmp(st, "committed") == 0;
		if (d[i].nsched > 0 && f->valued) {
			for (k = 0; k < d[i].nsched; k++)
				if ((rc = add_ob(m, (int)i, d[i].sched[k].year,
				    d[i].sched[k].v)) != CF_OK)
					return rc;
			continue;
		}
		/* No end date: a financing falls due at its start; a spend
		 * commitment (a purchase plan, capacity) is spread over the
		 * settings' open-ended years. */
		a = year_of(d[i].start[0] ? d[i].start : d[i].announced);
		b = d[i].end[0] ? year_of(d[i].end) :
		    cf_flow_type_class(f->type) == CF_CLASS_SPEND ?
		    a + m->open_years - 1 : a;
		if (b < a)
			b = a;
		for (t = a; t <= b; t++)
			if ((rc = add_ob(m, (int)i, t, amount /
			    (double)(b - a + 1))) != CF_OK)
				return rc;
	}
	if (m->nob > 1)
		qsort(m->ob, m->nob, sizeof(*m->ob), ob_cmp);
	for (t = 0; t <= m->ny; t++)
		m->ystart[t] = 0;
	for (k = 0; k < m->nob; k++)
		m->ystart[m->ob[k].year + 1]++;
	m->maxyear = 0;
	for (t = 0; t < m->ny; t++) {
		if (m->ystart[t + 1] > m->maxyear)
			m->maxyear = m->ystart[t + 1];
		m->ystart[t + 1] += m->ystart[t];
	}
	return CF_OK;
}

/* Check the names a scenario uses against the store. */
int
cf_model_check_names(const cf_scenarios *sc, const struct cf_setting *set, size_t n,
    const struct cf_draw_spec *dr, size_t nd, cf_store *st)
{
	sqlite3_stmt *qe = NULL, *qf = NULL;
	size_t i;
	int rc = CF_OK;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM entity WHERE id = ?1",
	    -1, &qe, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "SELECT status FROM flow WHERE id ="
	    " ?1", -1, &qf, NULL) != SQLITE_OK) {
		rc = cf_store_fail(st, "checking scenarios");
		goto out;
	}
	for (i = 0; i < n + nd && rc == CF_OK; i++) {
		int target = i < n ? set[i].target : dr[i - n].target;
		const char *name = i < n ? set[i].name : dr[i - n].name;
		long line = i < n ? set[i].line : dr[i - n].line;
		sqlite3_stmt *q = target == CF_TARGET_ENTITY ? qe :
		    target == CF_TARGET_FLOW ? qf : NULL;
		int r;

		if (q == NULL)
			continue;
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		r = sqlite3_step(q);
		if (r == SQLITE_DONE)
			rc = cf_input_error(sc->path, line, "unknown %s '%s'"
			    " (not in the store)", target == CF_TARGET_ENTITY ?
			    "entity" : "flow", name);
		else if (r != SQLITE_ROW)
			rc = cf_store_fail(st, "checking scenarios");
		else if (q == qf && (strcmp((const char *)
		    sqlite3_column_text(q, 0), "committed") == 0 ||
		    strcmp((const char *)sqlite3_column_text(q, 0), "paid") ==
		    0))
			rc = cf_input_error(sc->path, line, "flow '%s' is %s:"
			    " arrival-probability applies to contingent,"
			    " option and letter-of-intent flows", name,
			    sqlite3_column_text(q, 0));
		sqlite3_reset(q);
	}
out:
	sqlite3_finalize(qe);
	sqlite3_finalize(qf);
	return rc;
}

/* The first year: the option, the file, the filter's as-of year, the
 * latest as-of date of an imported dataset, or this year. */
int
cf_model_first_year(int *out, const cf_stress_opts *o, const cf_scenarios *sc,
    const cf_graph *g, cf_store *st)
{
	sqlite3_stmt *q = NULL;
	time_t now = time(NULL);
	struct tm tm;

	if (o->start_year > 0)
		*out = o->start_year;
	else if (sc->settings.start_year > 0)
		*out = sc->settings.start_year;
	else if (g->as_of[0])
		*out = year_of(g->as_of);
	else {
		*out = 0;
		if (sqlite3_prepare_v2(st->db, "SELECT max(as_of) FROM"
		    " import_log WHERE status = 'ok'", -1, &q, NULL) !=
		    SQLITE_OK)
			return cf_store_fail(st, "as-of date");
		if (sqlite3_step(q) == SQLITE_ROW &&
		    sqlite3_column_type(q, 0) != SQLITE_NULL)
			*out = year_of((const char *)sqlite3_column_text(q,
			    0));
		sqlite3_finalize(q);
		if (*out == 0) {
			gmtime_r(&now, &tm);
			*out = tm.tm_year + 1900;
		}
	}
	if (*out < 1900 || *out > 2200)
		return cf_error_set(CF_EARG, "start year %d is outside"
		    " 1900-2200", *out);
	return CF_OK;
}

/* Modelled vertices: those with a member that has a profile. */
int
cf_model_index(struct model *m)
{
	size_t i, nv = m->g->nv;

	m->vm = malloc((nv ? nv : 1) * sizeof(int));
	m->mv = malloc((nv ? nv : 1) * sizeof(int));
	m->binding = malloc((m->g->nf ? m->g->nf : 1) * sizeof(int));
	m->ystart = calloc((size_t)m->ny + 1, sizeof(size_t));
	if (!m->vm || !m->mv || !m->binding || !m->ystart)
		return cf_error_set(CF_ENOMEM, "stress");
	for (i = 0; i < nv; i++)
		m->vm[i] = -1;
	for (i = 0; i < m->nmem; i++)
		if (m->mem[i].modelled && m->mem[i].v >= 0)
			m->vm[m->mem[i].v] = 0;
	for (i = 0; i < nv; i++)
		if (m->vm[i] == 0) {
			m->vm[i] = (int)m->nvm;
			m->mv[m->nvm++] = (int)i;
		}
	return CF_OK;
}
