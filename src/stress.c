/*
 * stress.c - multi-period repayment stress under scenarios and Monte
 * Carlo draws.
 *
 * The commitments of the graph become obligations per flow and year (a
 * schedule where the data gives one, else the amount spread evenly over
 * the flow's years); non-binding flows arrive with the scenario's
 * probability.  Each entity with a financial profile gets yearly paths of
 * revenue, cost of revenue, operating costs and fixed charges; entities
 * without one are not modelled and pay what they owe.  Each year, for
 * each draw, one single-period clearing (clear.c) settles what falls due:
 * external assets are opening cash plus the revenue that does not come
 * from the network; external liabilities are the costs; the network
 * obligations are the year's commitments.  What a debtor does not pay is
 * what its creditors do not receive that year, so shortfalls cascade.
 *
 * Draws run in blocks on --jobs threads, each draw on its own random
 * stream (seed, draw), into per-draw slots; the main thread folds every
 * block into the summaries in draw order.  So results are identical for
 * any number of threads, and memory is bounded by the block, not by the
 * number of draws.  docs/methods.md, "Repayment stress", states every
 * equation.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "clear.h"
#include "graph.h"
#include "model.h"
#include "quantile.h"
#include "rng.h"
#include "scenario.h"
#include "store.h"
#include "stress.h"
#include "stress_model.h"

#define BLOCK_BYTES ((size_t)64 << 20)	/* per-draw slots of one block */
#define BLOCK_MAX 1024

/* ---- parameters ------------------------------------------------------------ */

static double
clamp_param(int param, double v)
{
	switch (param) {
	case CF_PARAM_REVENUE_GROWTH:
		return v < -0.99 ? -0.99 : v;
	case CF_PARAM_GROSS_MARGIN:
	case CF_PARAM_DEBT_SERVICE:
	case CF_PARAM_ARRIVAL:
		return v < 0 ? 0 : v > 1 ? 1 : v;
	case CF_PARAM_GPU_LIFE:
	case CF_PARAM_GROWTH_HALF_LIFE:
		return v < 0.1 ? 0.1 : v;
	default:
		return v < 0 ? 0 : v;
	}
}

/* Does a setting's target cover member e (entity parameters)? */
static int
covers_member(int target, const char *name, const struct member *e)
{
	switch (target) {
	case CF_TARGET_ALL:
		return 1;
	case CF_TARGET_ENTITY:
		return strcmp(name, e->id) == 0;
	case CF_TARGET_KIND: {
		int k = cf_vocab_find(cf_entity_kinds, name);
		return k >= 0 && (e->kinds & (1u << k));
	}
	default:
		return 0;
	}
}

/* Does it cover flow i (arrival)? */
static int
covers_flow(int target, const char *name, const cf_graph *g, size_t i)
{
	switch (target) {
	case CF_TARGET_ALL:
		return 1;
	case CF_TARGET_FLOW:
		return strcmp(name, g->f[i].id) == 0;
	case CF_TARGET_TYPE:
		return strcmp(name, cf_flow_types[g->f[i].type].name) == 0;
	case CF_TARGET_STATUS:
		return strcmp(name, cf_flow_statuses[g->f[i].status].name) ==
		    0;
	default:
		return 0;
	}
}

/* Apply settings, least specific first, so that the most specific wins. */
static void
apply_settings(const struct model *m, const struct cf_setting *set, size_t n,
    double *par, double *arrival)
{
	static const int ent_order[] = {CF_TARGET_ALL, CF_TARGET_KIND,
	    CF_TARGET_ENTITY};
	static const int flow_order[] = {CF_TARGET_ALL, CF_TARGET_STATUS,
	    CF_TARGET_TYPE, CF_TARGET_FLOW};
	size_t i, j, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < n; i++) {
			if (set[i].param == CF_PARAM_ARRIVAL ||
			    set[i].target != ent_order[k])
				continue;
			for (j = 0; j < m->nmem; j++)
				if (covers_member(set[i].target, set[i].name,
				    &m->mem[j]))
					par[j * NENTITY_PARAMS + (size_t)
					    set[i].param] = set[i].value;
		}
	for (k = 0; k < 4; k++)
		for (i = 0; i < n; i++) {
			if (set[i].param != CF_PARAM_ARRIVAL ||
			    set[i].target != flow_order[k])
				continue;
			for (j = 0; j < m->g->nf; j++)
				if (covers_flow(set[i].target, set[i].name,
				    m->g, j))
					arrival[j] = set[i].value;
		}
}

/* ---- one draw ---------------------------------------------------------------- */

/* What one draw leaves for the summaries. */
struct slot {
	double *ob_due;		/* [nob]: due after arrival */
	double *ob_paid;	/* [nob] */
	double *vy;		/* [nvm][ny][VY_N] */
	long clearings, iterations;
	double residual, updates;
	int converged;
};

/* A thread's scratch space. */
struct scratch {
	double *par;		/* [nmem][NENTITY_PARAMS] */
	double *arrival;	/* [nf] */
	double *rev, *costr, *opex, *fixed;	/* [nv][ny], [nv] */
	double *e, *x, *lnet, *spendin, *spendgone, *cash;	/* [nv] */
	unsigned char *term;	/* [nv] */
	size_t *debtor, *creditor;	/* [maxyear] */
	double *amount;
};

struct job {
	const struct model *m;
	const struct cf_scenario *mc;	/* the Monte Carlo spec, or NULL */
	const double *base_par, *base_arrival;
	uint64_t seed;
};

static void
scratch_free(struct scratch *w)
{
	free(w->par);
	free(w->arrival);
	free(w->rev);
	free(w->costr);
	free(w->opex);
	free(w->fixed);
	free(w->e);
	free(w->x);
	free(w->lnet);
	free(w->spendin);
	free(w->spendgone);
	free(w->cash);
	free(w->term);
	free(w->debtor);
	free(w->creditor);
	free(w->amount);
}

static int
scratch_init(struct scratch *w, const struct model *m)
{
	size_t nv = m->g->nv ? m->g->nv : 1, ny = (size_t)m->ny;
	size_t my = m->maxyear ? m->maxyear : 1;

	memset(w, 0, sizeof(*w));
	if ((w->par = malloc((m->nmem ? m->nmem : 1) * NENTITY_PARAMS *
	    sizeof(double))) == NULL ||
	    (w->arrival = malloc((m->g->nf ? m->g->nf : 1) *
	    sizeof(double))) == NULL ||
	    (w->rev = malloc(nv * ny * sizeof(double))) == NULL ||
	    (w->costr = malloc(nv * ny * sizeof(double))) == NULL ||
	    (w->opex = malloc(nv * ny * sizeof(double))) == NULL ||
	    (w->fixed = malloc(nv * sizeof(double))) == NULL ||
	    (w->e = malloc(nv * sizeof(double))) == NULL ||
	    (w->x = malloc(nv * sizeof(double))) == NULL ||
	    (w->lnet = malloc(nv * sizeof(double))) == NULL ||
	    (w->spendin = malloc(nv * sizeof(double))) == NULL ||
	    (w->spendgone = malloc(nv * sizeof(double))) == NULL ||
	    (w->cash = malloc(nv * sizeof(double))) == NULL ||
	    (w->term = malloc(nv)) == NULL ||
	    (w->debtor = malloc(my * sizeof(size_t))) == NULL ||
	    (w->creditor = malloc(my * sizeof(size_t))) == NULL ||
	    (w->amount = malloc(my * sizeof(double))) == NULL) {
		scratch_free(w);
		return cf_error_set(CF_ENOMEM, "stress scratch space");
	}
	return CF_OK;
}

/* The draw's parameters: the deterministic ones, then the Monte Carlo
 * draws on the draw's own random stream. */
static void
draw_params(const struct job *j, long draw, struct scratch *w)
{
	const struct model *m = j->m;
	struct cf_rng r;
	double z0;
	size_t i, k;

	memcpy(w->par, j->base_par, m->nmem * NENTITY_PARAMS * sizeof(double));
	memcpy(w->arrival, j->base_arrival, m->g->nf * sizeof(double));
	if (j->mc == NULL)
		return;
	cf_rng_init(&r, j->seed, (uint64_t)draw);
	z0 = cf_rng_normal(&r);
	for (k = 0; k < j->mc->ndraw_specs; k++) {
		const struct cf_draw_spec *d = &j->mc->draws[k];

		if (d->param == CF_PARAM_ARRIVAL) {
			for (i = 0; i < m->g->nf; i++)
				if (m->binding[i] == 0 && covers_flow(d->target,
				    d->name, m->g, i))
					w->arrival[i] = cf_dist_value(&d->dist,
					    cf_copula_z(z0, d->dist.loading,
					    cf_rng_normal(&r)));
			continue;
		}
		for (i = 0; i < m->nmem; i++)
			if (m->mem[i].modelled && covers_member(d->target,
			    d->name, &m->mem[i]))
				w->par[i * NENTITY_PARAMS + (size_t)d->param] =
				    clamp_param(d->param, cf_dist_value(
				    &d->dist, cf_copula_z(z0, d->dist.loading,
				    cf_rng_normal(&r))));
	}
}

/* Yearly revenue, cost of revenue, operating costs and fixed charges of
 * every vertex from its members' profiles and parameters. */
static void
vertex_paths(const struct model *m, struct scratch *w)
{
	size_t nv = m->g->nv, ny = (size_t)m->ny, i;
	int t;

	memset(w->rev, 0, nv * ny * sizeof(double));
	memset(w->costr, 0, nv * ny * sizeof(double));
	memset(w->opex, 0, nv * ny * sizeof(double));
	memset(w->fixed, 0, nv * sizeof(double));
	for (i = 0; i < m->nmem; i++) {
		const struct member *e = &m->mem[i];
		const double *p = &w->par[i * NENTITY_PARAMS];
		double gf = isnan(p[CF_PARAM_GROWTH_FACTOR]) ? 1 :
		    p[CF_PARAM_GROWTH_FACTOR];
		double rf = isnan(p[CF_PARAM_REVENUE_FACTOR]) ? 1 :
		    p[CF_PARAM_REVENUE_FACTOR];
		double cf = isnan(p[CF_PARAM_COST_FACTOR]) ? 1 :
		    p[CF_PARAM_COST_FACTOR];
		double r = 0, c = 0;
		int first;

		if (!e->modelled)
			continue;
		/* Revenue and operating costs run from their first figure,
		 * growing where no figure is given. */
		first = e->rev.n ? e->rev.p[0].year : m->y0;
		if (e->cost.n && e->cost.p[0].year < first)
			first = e->cost.p[0].year;
		if (first > m->y0)
			first = m->y0;
		for (t = first; t < m->y0 + m->ny; t++) {
			double known = cf_series_exact(&e->rev, t), g, mg;

			g = isnan(p[CF_PARAM_REVENUE_GROWTH]) ?
			    cf_series_fading(&e->growth, t,
			    p[CF_PARAM_GROWTH_HALF_LIFE]) :
			    p[CF_PARAM_REVENUE_GROWTH];
			r = !isnan(known) ? known : r * (1 + g * gf);
			known = cf_series_exact(&e->cost, t);
			c = !isnan(known) ? known : c * (1 +
			    cf_series_at(&e->cgrowth, t, 0));
			if (t < m->y0)
				continue;
			mg = isnan(p[CF_PARAM_GROSS_MARGIN]) ?
			    cf_series_at(&e->margin, t, e->margin.n ?
			    e->margin.p[0].v : 1) : p[CF_PARAM_GROSS_MARGIN];
			w->rev[(size_t)e->v * ny + (size_t)(t - m->y0)] +=
			    r * rf;
			w->costr[(size_t)e->v * ny + (size_t)(t - m->y0)] +=
			    (1 - mg) * r * rf;
			w->opex[(size_t)e->v * ny + (size_t)(t - m->y0)] +=
			    c * cf;
		}
		if (!isnan(p[CF_PARAM_GPU_LIFE]) && e->assets > 0)
			w->fixed[e->v] += e->assets / p[CF_PARAM_GPU_LIFE];
		if (!isnan(p[CF_PARAM_DEBT_SERVICE]))
			w->fixed[e->v] += e->debt * p[CF_PARAM_DEBT_SERVICE];
	}
}

/* Run one draw into sl.  CF_OK or CF_ENOMEM. */
static int
run_draw(const struct job *j, long draw, struct scratch *w, struct slot *sl)
{
	const struct model *m = j->m;
	const cf_graph *g = m->g;
	size_t nv = g->nv, ny = (size_t)m->ny, i, k, vi;
	int t, rc;

	draw_params(j, draw, w);
	vertex_paths(m, w);
	memset(w->cash, 0, nv * sizeof(double));
	memset(w->term, 0, nv);
	for (i = 0; i < m->nmem; i++)
		if (m->mem[i].modelled)
			w->cash[m->mem[i].v] += m->mem[i].cash;
	sl->clearings = sl->iterations = 0;
	sl->residual = sl->updates = 0;
	sl->converged = 1;
	for (t = 0; t < m->ny; t++) {
		size_t k0 = m->ystart[t], k1 = m->ystart[t + 1], nm = 0;
		struct cf_network net;
		struct cf_clearing *c = NULL;

		memset(w->lnet, 0, nv * sizeof(double));
		memset(w->spendin, 0, nv * sizeof(double));
		memset(w->spendgone, 0, nv * sizeof(double));
		/* This year's obligations, merged by pair (they are sorted). */
		for (k = k0; k < k1; k++) {
			const struct ob *o = &m->ob[k];
			double a = o->amount * (m->binding[o->flow] ? 1 :
			    w->arrival[o->flow]);

			sl->ob_due[k] = a;
			if (o->spend)
				w->spendin[o->to] += a;
			if (o->spend && w->term[o->from])
				w->spendgone[o->to] += a;
			if (w->term[o->from] || a <= 0)
				continue;
			if (nm > 0 && w->debtor[nm - 1] == (size_t)o->from &&
			    w->creditor[nm - 1] == (size_t)o->to) {
				w->amount[nm - 1] += a;
			} else {
				w->debtor[nm] = (size_t)o->from;
				w->creditor[nm] = (size_t)o->to;
				w->amount[nm] = a;
				nm++;
			}
			w->lnet[o->from] += a;
		}
		for (i = 0; i < nv; i++) {
			double r = w->rev[i * ny + (size_t)t];
			double s = w->spendin[i];

			if (m->vm[i] < 0) {	/* not modelled: pays in full */
				w->e[i] = w->lnet[i];
				w->x[i] = 0;
				continue;
			}
			/* Revenue from outside the network: what the profile
			 * expects beyond the spend owed to it.  Cost of revenue
			 * on the larger of the two, less the orders of
			 * customers terminated before this year (nothing is
			 * delivered on them). */
			w->e[i] = w->cash[i] + (r > s ? r - s : 0);
			w->x[i] = (r > 0 ? w->costr[i * ny + (size_t)t] *
			    ((r > s ? r : s) - w->spendgone[i]) / r : 0) +
			    w->opex[i * ny + (size_t)t] + w->fixed[i];
		}
		memset(&net, 0, sizeof(net));
		net.n = nv;
		net.ext_assets = w->e;
		net.ext_liab = w->x;
		net.m = net.cap = nm;
		net.debtor = w->debtor;
		net.creditor = w->creditor;
		net.amount = w->amount;
		if ((rc = cf_clear(&c, &net, &m->copts)) != CF_OK)
			return rc;
		if (!c->converged) {
			rc = cf_input_error(j->m->sc->path,
			    j->m->sc->settings.line, "the %d clearing of draw"
			    " %ld did not converge to %g within %ld rounds"
			    " (residual %g); raise max-iterations or the"
			    " tolerance in <settings>", m->y0 + t, draw,
			    m->copts.tolerance, m->copts.max_iter,
			    c->residual);
			cf_clearing_free(c);
			return rc;
		}
		sl->clearings++;
		sl->updates += (double)nm * (double)(c->iterations + 1);
		if (c->iterations > sl->iterations)
			sl->iterations = c->iterations;
		if (c->residual > sl->residual)
			sl->residual = c->residual;
		if (!c->converged)
			sl->converged = 0;
		/* What each obligation got: its debtor's paid share. */
		for (k = k0; k < k1; k++) {
			const struct ob *o = &m->ob[k];
			double share = w->lnet[o->from] > 0 ?
			    c->pay_network[o->from] / w->lnet[o->from] : 1;

			if (share > 1)
				share = 1;
			sl->ob_paid[k] = w->term[o->from] ? 0 :
			    sl->ob_due[k] * share;
		}
		for (vi = 0; vi < m->nvm; vi++) {
			size_t v = (size_t)m->mv[vi];
			double *y = &sl->vy[(vi * ny + (size_t)t) * VY_N];
			double r = w->rev[v * ny + (size_t)t];

			y[VY_REVENUE] = r > w->spendin[v] ? r - w->spendin[v] :
			    0;
			y[VY_DUE] = y[VY_PAID] = 0;
			y[VY_COSTS] = w->x[v];
			y[VY_DEFAULT] = c->defaulted[v] ? 1 : 0;
			w->cash[v] = c->equity[v] > 0 && !c->defaulted[v] ?
			    c->equity[v] : 0;
			y[VY_CASH] = w->cash[v];
			if (c->defaulted[v] && m->terminate)
				w->term[v] = 1;
		}
		for (k = k0; k < k1; k++) {
			const struct ob *o = &m->ob[k];
			int a = m->vm[o->from], b = m->vm[o->to];

			if (a >= 0) {
				double *y = &sl->vy[((size_t)a * ny +
				    (size_t)t) * VY_N];
				y[VY_DUE] += sl->ob_due[k];
				y[VY_PAID] += sl->ob_paid[k];
			}
			if (b >= 0 && o->spend)
				sl->vy[((size_t)b * ny + (size_t)t) * VY_N +
				    VY_REVENUE] += sl->ob_paid[k];
		}
		cf_clearing_free(c);
	}
	return CF_OK;
}

/* ---- the summaries ------------------------------------------------------------ */

#define QUANT_BYTES ((size_t)64 << 20)	/* draws kept for exact quantiles */

static const double quantiles[3] = {0.05, 0.5, 0.95};

/*
 * The 5, 50 and 95% quantiles over the draws of nstat statistics: every
 * value is kept while nstat x draws doubles fit in QUANT_BYTES, and the
 * quantiles are exact (type 7: linear between order statistics);
 * otherwise P² estimates fed in draw order.
 */
struct qset {
	size_t nstat;
	long draws;
	double *vals;		/* exact: [nstat][draws] */
	struct cf_p2 *p2;	/* else: [nstat][3] */
};

static int
qset_init(struct qset *q, size_t nstat, long draws)
{
	size_t i;

	q->nstat = nstat;
	q->draws = draws;
	q->vals = NULL;
	q->p2 = NULL;
	if (nstat == 0)
		return CF_OK;
	if ((double)nstat * (double)draws * sizeof(double) <=
	    (double)QUANT_BYTES) {
		q->vals = malloc(nstat * (size_t)draws * sizeof(double));
		return q->vals ? CF_OK :
		    cf_error_set(CF_ENOMEM, "stress quantiles");
	}
	if ((q->p2 = malloc(nstat * 3 * sizeof(*q->p2))) == NULL)
		return cf_error_set(CF_ENOMEM, "stress quantiles");
	for (i = 0; i < nstat * 3; i++)
		cf_p2_init(&q->p2[i], quantiles[i % 3]);
	return CF_OK;
}

static void
qset_add(struct qset *q, size_t stat, long draw, double x)
{
	int k;

	if (q->vals != NULL) {
		q->vals[stat * (size_t)q->draws + (size_t)draw] = x;
		return;
	}
	for (k = 0; k < 3; k++)
		cf_p2_add(&q->p2[stat * 3 + (size_t)k], x);
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The three quantiles of stat (exact mode sorts its values in place). */
static void
qset_get(struct qset *q, size_t stat, double out[3])
{
	double *v, h;
	size_t n = (size_t)q->draws, lo;
	int k;

	if (q->vals == NULL) {
		for (k = 0; k < 3; k++)
			out[k] = cf_p2_value(&q->p2[stat * 3 + (size_t)k]);
		return;
	}
	v = &q->vals[stat * n];
	qsort(v, n, sizeof(*v), dbl_cmp);
	for (k = 0; k < 3; k++) {
		h = (double)(n - 1) * quantiles[k];
		lo = (size_t)h;
		out[k] = lo + 1 < n ? v[lo] + (h - (double)lo) * (v[lo + 1] -
		    v[lo]) : v[lo];
	}
}

struct agg {
	long draws;
	double *vy_sum;		/* [nvm][ny][VY_N] */
	long *def_by, *first_at;	/* [nvm][ny] */
	long *def_ever;		/* [nvm] */
	double *short_sum;	/* [nvm] */
	double *backlog, *risk;	/* [nv] */
	double *vrisk;		/* [nv] this draw's */
	double *ob_due, *ob_paid;	/* [nob] */
	long *ob_short;
	struct qset q;		/* cash [nvm][ny], then shortfall [nvm],
				   then at risk [nv] */
	size_t q_short, q_risk;	/* where those start */
};

static void
agg_free(struct agg *a)
{
	free(a->vy_sum);
	free(a->def_by);
	free(a->first_at);
	free(a->def_ever);
	free(a->short_sum);
	free(a->backlog);
	free(a->risk);
	free(a->vrisk);
	free(a->ob_due);
	free(a->ob_paid);
	free(a->ob_short);
	free(a->q.vals);
	free(a->q.p2);
}

static int
agg_init(struct agg *a, const struct model *m, long draws)
{
	size_t nvm = m->nvm ? m->nvm : 1, ny = (size_t)m->ny;
	size_t nv = m->g->nv ? m->g->nv : 1, nob = m->nob ? m->nob : 1;

	memset(a, 0, sizeof(*a));
	a->q_short = m->nvm * ny;
	a->q_risk = a->q_short + m->nvm;
	if ((a->vy_sum = calloc(nvm * ny * VY_N, sizeof(double))) == NULL ||
	    (a->def_by = calloc(nvm * ny, sizeof(long))) == NULL ||
	    (a->first_at = calloc(nvm * ny, sizeof(long))) == NULL ||
	    (a->def_ever = calloc(nvm, sizeof(long))) == NULL ||
	    (a->short_sum = calloc(nvm, sizeof(double))) == NULL ||
	    (a->backlog = calloc(nv, sizeof(double))) == NULL ||
	    (a->risk = calloc(nv, sizeof(double))) == NULL ||
	    (a->vrisk = calloc(nv, sizeof(double))) == NULL ||
	    (a->ob_due = calloc(nob, sizeof(double))) == NULL ||
	    (a->ob_paid = calloc(nob, sizeof(double))) == NULL ||
	    (a->ob_short = calloc(nob, sizeof(long))) == NULL ||
	    qset_init(&a->q, a->q_risk + m->g->nv, draws) != CF_OK) {
		agg_free(a);
		return cf_error_set(CF_ENOMEM, "stress summaries");
	}
	return CF_OK;
}

/* Fold one draw in (always in draw order). */
static void
agg_add(struct agg *a, const struct model *m, const struct slot *sl)
{
	size_t ny = (size_t)m->ny, vi, k;
	long d = a->draws++;
	int t;

	for (vi = 0; vi < m->nvm; vi++) {
		double total = 0;
		int first = -1;

		for (t = 0; t < m->ny; t++) {
			const double *y = &sl->vy[(vi * ny + (size_t)t) * VY_N];
			double *s = &a->vy_sum[(vi * ny + (size_t)t) * VY_N];

			for (k = 0; k < VY_N; k++)
				s[k] += y[k];
			qset_add(&a->q, vi * ny + (size_t)t, d, y[VY_CASH]);
			total += y[VY_DUE] - y[VY_PAID];
			if (first < 0 && y[VY_DEFAULT] > 0)
				first = t;
			if (first >= 0)
				a->def_by[vi * ny + (size_t)t]++;
		}
		if (first >= 0) {
			a->first_at[vi * ny + (size_t)first]++;
			a->def_ever[vi]++;
		}
		if (total < 0)
			total = 0;
		a->short_sum[vi] += total;
		qset_add(&a->q, a->q_short + vi, d, total);
	}
	memset(a->vrisk, 0, m->g->nv * sizeof(double));
	for (k = 0; k < m->nob; k++) {
		const struct ob *o = &m->ob[k];
		double s = sl->ob_due[k] - sl->ob_paid[k];

		a->ob_due[k] += sl->ob_due[k];
		a->ob_paid[k] += sl->ob_paid[k];
		if (s > 0.5)	/* more than half a minor unit */
			a->ob_short[k]++;
		if (!o->spend)
			continue;	/* funding is not the creditor's backlog */
		a->backlog[o->to] += sl->ob_due[k];
		a->vrisk[o->to] += s > 0 ? s : 0;
	}
	for (k = 0; k < m->g->nv; k++) {
		a->risk[k] += a->vrisk[k];
		qset_add(&a->q, a->q_risk + k, d, a->vrisk[k]);
	}
}

/* ---- running a scenario ----------------------------------------------------- */

struct block {
	const struct job *j;
	struct scratch *w;	/* one per thread */
	struct slot *slots;
	long first, count;	/* draws first .. first+count-1 */
	int jobs;
	int tid;
	int rc;
	char msg[512];
};

static void *
block_worker(void *arg)
{
	struct block *b = arg;
	long d;

	for (d = b->tid; d < b->count; d += b->jobs) {
		int rc = run_draw(b->j, b->first + d, &b->w[b->tid],
		    &b->slots[d]);
		if (rc != CF_OK) {
			b->rc = rc;
			snprintf(b->msg, sizeof(b->msg), "%s",
			    cf_error_message());
			break;
		}
	}
	return NULL;
}

/* Run draws [first, first+count) on jobs threads into slots. */
static int
run_block(const struct job *j, struct scratch *w, struct slot *slots,
    long first, long count, int jobs)
{
	struct block b[64];
	pthread_t th[64];
	int i, started = 0, rc = CF_OK;

	if (jobs > count)
		jobs = (int)count;
	for (i = 0; i < jobs; i++) {
		b[i].j = j;
		b[i].w = w;
		b[i].slots = slots;
		b[i].first = first;
		b[i].count = count;
		b[i].jobs = jobs;
		b[i].tid = i;
		b[i].rc = CF_OK;
		b[i].msg[0] = '\0';
	}
	if (jobs <= 1) {
		block_worker(&b[0]);
		return b[0].rc == CF_OK ? CF_OK :
		    cf_error_set(b[0].rc, "%s", b[0].msg);
	}
	for (i = 0; i < jobs; i++) {
		if (pthread_create(&th[i], NULL, block_worker, &b[i]) != 0) {
			rc = cf_error_set(CF_ENOMEM, "cannot start a thread");
			break;
		}
		started++;
	}
	if (rc != CF_OK)	/* finish the rest here */
		for (i = started; i < jobs; i++)
			b[i].rc = CF_ENOMEM;
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (rc != CF_OK)
		return rc;
	for (i = 0; i < jobs; i++)
		if (b[i].rc != CF_OK)
			return cf_error_set(b[i].rc, "%s", b[i].msg);
	return CF_OK;
}

static void
slots_free(struct slot *s, long n)
{
	long i;

	for (i = 0; s && i < n; i++) {
		free(s[i].ob_due);
		free(s[i].ob_paid);
		free(s[i].vy);
	}
	free(s);
}

static int
slots_new(struct slot **out, long n, const struct model *m)
{
	struct slot *s = calloc((size_t)n, sizeof(*s));
	size_t nob = m->nob ? m->nob : 1;
	size_t nvy = (m->nvm ? m->nvm : 1) * (size_t)m->ny * VY_N;
	long i;

	if (s == NULL)
		return cf_error_set(CF_ENOMEM, "stress draws");
	for (i = 0; i < n; i++)
		if ((s[i].ob_due = malloc(nob * sizeof(double))) == NULL ||
		    (s[i].ob_paid = malloc(nob * sizeof(double))) == NULL ||
		    (s[i].vy = malloc(nvy * sizeof(double))) == NULL) {
			slots_free(s, n);
			return cf_error_set(CF_ENOMEM, "stress draws");
		}
	*out = s;
	return CF_OK;
}

/* Fill r from the summaries. */
static int
summarise(struct cf_sresult *r, const struct model *m, struct agg *a)
{
	double n = (double)a->draws;
	size_t ny = (size_t)m->ny, vi, k, nf = 0;
	int t;

	r->ents = calloc(m->nvm ? m->nvm : 1, sizeof(*r->ents));
	r->vendors = calloc(m->g->nv ? m->g->nv : 1, sizeof(*r->vendors));
	r->flows = calloc(m->nob ? m->nob : 1, sizeof(*r->flows));
	if (r->ents == NULL || r->vendors == NULL || r->flows == NULL)
		return cf_error_set(CF_ENOMEM, "stress results");
	for (vi = 0; vi < m->nvm; vi++) {
		struct cf_se *e = &r->ents[r->nents++];

		e->v = m->mv[vi];
		e->p_default = (double)a->def_ever[vi] / n;
		e->shortfall = a->short_sum[vi] / n;
		qset_get(&a->q, a->q_short + vi, e->shortfall_q);
		if ((e->years = calloc(ny, sizeof(*e->years))) == NULL)
			return cf_error_set(CF_ENOMEM, "stress results");
		for (t = 0; t < m->ny; t++) {
			const double *s = &a->vy_sum[(vi * ny + (size_t)t) *
			    VY_N];
			struct cf_sy *y = &e->years[t];

			y->revenue = s[VY_REVENUE] / n;
			y->costs = s[VY_COSTS] / n;
			y->due = s[VY_DUE] / n;
			y->paid = s[VY_PAID] / n;
			y->shortfall = y->due - y->paid > 0 ? y->due - y->paid :
			    0;
			y->cash_mean = s[VY_CASH] / n;
			y->p_default = (double)a->def_by[vi * ny + (size_t)t] /
			    n;
			y->p_first = (double)a->first_at[vi * ny + (size_t)t] /
			    n;
			qset_get(&a->q, vi * ny + (size_t)t, y->cash_q);
			if (e->median_year == 0 && 2 * a->def_by[vi * ny +
			    (size_t)t] >= a->draws)
				e->median_year = m->y0 + t;
		}
	}
	for (k = 0; k < m->g->nv; k++)
		if (a->backlog[k] > 0) {
			struct cf_sv *v = &r->vendors[r->nvendors++];
			v->v = (int)k;
			v->backlog = a->backlog[k] / n;
			v->at_risk = a->risk[k] / n;
			double q[3];

			qset_get(&a->q, a->q_risk + k, q);
			v->at_risk_q95 = q[2];
		}
	for (k = 0; k < m->nob; k++) {
		struct cf_sf *f = &r->flows[nf++];
		f->flow = m->ob[k].flow;
		f->year = m->y0 + m->ob[k].year;
		f->due = a->ob_due[k] / n;
		f->paid = a->ob_paid[k] / n;
		f->shortfall = f->due - f->paid > 0 ? f->due - f->paid : 0;
		f->p_short = (double)a->ob_short[k] / n;
	}
	r->nflows = nf;
	r->exact_quantiles = a->q.vals != NULL || a->q.nstat == 0;
	return CF_OK;
}

/*
 * The share of each vendor's loss that was its own money: for a debtor
 * j, the share of the money j holds that left the vendor (directly or
 * through others), by proportional tracing over the binding flows with
 * everything leaving the vendor counted as its own (trace.c).
 */
static int
own_money(struct cf_sresult *r, const struct model *m)
{
	const cf_graph *g = m->g;
	double *w = NULL, *share = NULL;
	size_t i, k;
	int rc = CF_OK;

	if ((w = calloc(g->ne ? g->ne : 1, sizeof(*w))) == NULL ||
	    (share = calloc(g->nv ? g->nv : 1, sizeof(*share))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "stress tracing");
		goto out;
	}
	for (k = 0; k < g->ne; k++)
		w[k] = (double)(g->e[k].by_status[0] + g->e[k].by_status[1]);
	for (i = 0; i < r->nvendors; i++) {
		struct cf_sv *v = &r->vendors[i];

		if (v->at_risk <= 0)
			continue;
		if ((rc = cf_trace_origin_share(g, w, v->v, share)) != CF_OK)
			goto out;
		for (k = 0; k < r->nflows; k++) {
			const struct cf_gedge *e = &g->e[g->f[r->flows[k].flow]
			    .edge];
			if (e->to == v->v && cf_flow_type_class(
			    g->f[r->flows[k].flow].type) == CF_CLASS_SPEND)
				v->own_money += r->flows[k].shortfall *
				    share[e->from];
		}
	}
out:
	free(w);
	free(share);
	return rc;
}

struct runner {
	struct model *m;
	const struct fdetail *d;
	cf_store *st;
	struct cf_stress *s;
	const cf_stress_opts *o;
	int64_t run;
	long done, total;	/* draws, for progress */
};

static int
run_scenario(struct runner *rn, const struct cf_scenario *sc_mc,
    struct cf_sresult *r)
{
	struct model *m = rn->m;
	const cf_scenarios *sc = m->sc;
	const struct cf_scenario *det = sc_mc, *mc = NULL;
	struct scratch *w = NULL;
	struct slot *slots = NULL;
	struct agg a;
	struct job j;
	double *base_par = NULL, *base_arr = NULL;
	size_t i, per_draw;
	long draws = 1, first, block, nslots = 0;
	int jobs = rn->o->jobs > 0 ? rn->o->jobs : 1, nw = 0, rc;

	memset(&a, 0, sizeof(a));
	if (sc_mc->montecarlo) {
		mc = sc_mc;
		det = cf_scenarios_find(sc, mc->base);
		draws = rn->o->draws > 0 ? rn->o->draws : mc->ndraws;
	}
	if (jobs > 64)
		jobs = 64;
	r->name = sc_mc->name;
	r->description = sc_mc->description;
	r->base = mc ? mc->base : NULL;
	r->montecarlo = mc != NULL;
	r->draws = draws;
	r->seed = mc ? (rn->o->has_seed ? rn->o->seed : mc->seed) : 0;
	if ((rc = cf_model_check_names(sc, sc->defaults, sc->ndefaults, NULL, 0,
	    rn->st)) != CF_OK ||
	    (rc = cf_model_check_names(sc, det->settings, det->nsettings,
	    mc ? mc->draws : NULL, mc ? mc->ndraw_specs : 0, rn->st)) != CF_OK ||
	    (rc = cf_model_obligations(m, rn->d, sc_mc, sc)) != CF_OK)
		return rc;
	r->unvalued = m->unvalued;
	if ((base_par = malloc((m->nmem ? m->nmem : 1) * NENTITY_PARAMS *
	    sizeof(double))) == NULL ||
	    (base_arr = malloc((m->g->nf ? m->g->nf : 1) * sizeof(double))) ==
	    NULL) {
		rc = cf_error_set(CF_ENOMEM, "stress parameters");
		goto out;
	}
	for (i = 0; i < m->nmem * NENTITY_PARAMS; i++)
		base_par[i] = NAN;
	for (i = 0; i < m->g->nf; i++)
		base_arr[i] = 0;
	apply_settings(m, sc->defaults, sc->ndefaults, base_par, base_arr);
	apply_settings(m, det->settings, det->nsettings, base_par, base_arr);
	j.m = m;
	j.mc = mc;
	j.base_par = base_par;
	j.base_arrival = base_arr;
	j.seed = r->seed;
	per_draw = (m->nob * 2 + m->nvm * (size_t)m->ny * VY_N) *
	    sizeof(double) + 1;
	block = (long)(BLOCK_BYTES / per_draw);
	if (block > BLOCK_MAX)
		block = BLOCK_MAX;
	if (block < jobs)
		block = jobs;
	if (block > draws)
		block = draws;
	if ((w = calloc((size_t)jobs, sizeof(*w))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "stress");
		goto out;
	}
	for (nw = 0; nw < jobs; nw++)
		if ((rc = scratch_init(&w[nw], m)) != CF_OK)
			goto out;
	if ((rc = slots_new(&slots, block, m)) != CF_OK)
		goto out;
	nslots = block;
	if ((rc = agg_init(&a, m, draws)) != CF_OK)
		goto out;
	r->converged = 1;
	for (first = 0; first < draws; first += block) {
		long count = draws - first < block ? draws - first : block, d;

		if ((rc = run_block(&j, w, slots, first, count, jobs)) !=
		    CF_OK)
			goto out;
		for (d = 0; d < count; d++) {
			struct slot *sl = &slots[d];

			agg_add(&a, m, sl);
			r->clearings += sl->clearings;
			r->edge_updates += sl->updates;
			if (sl->iterations > r->iterations)
				r->iterations = sl->iterations;
			if (sl->residual > r->residual)
				r->residual = sl->residual;
			if (!sl->converged)
				r->converged = 0;
			if (rn->o->detail && (rc = cf_stress_detail(rn->st,
			    rn->s, rn->run, r->name, first + d, m->mv, m->nvm,
			    sl->vy)) != CF_OK)
				goto out;
		}
		rn->done += count;
		if (rn->o->progress)
			rn->o->progress(rn->o->progress_arg, "stress: draws",
			    (uint64_t)rn->done, (uint64_t)rn->total);
	}
	if ((rc = summarise(r, m, &a)) != CF_OK ||
	    (rc = own_money(r, m)) != CF_OK)
		goto out;
out:
	agg_free(&a);
	slots_free(slots, nslots);
	for (i = 0; w && i < (size_t)nw; i++)
		scratch_free(&w[i]);
	free(w);
	free(base_par);
	free(base_arr);
	return rc;
}

/* ---- the run ------------------------------------------------------------------ */

static void
result_free(struct cf_sresult *r)
{
	size_t i;

	for (i = 0; i < r->nents; i++)
		free(r->ents[i].years);
	free(r->ents);
	free(r->vendors);
	free(r->flows);
}

void
cf_stress_free(cf_stress *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nres; i++)
		result_free(&s->res[i]);
	free(s->res);
	for (i = 0; i < s->nv; i++)
		free(s->vid[i]);
	free(s->vid);
	for (i = 0; i < s->nf; i++)
		free(s->fid[i]);
	free(s->fid);
	free(s);
}

static int
copy_ids(struct cf_stress *s, const cf_graph *g)
{
	size_t i;

	s->vid = calloc(g->nv ? g->nv : 1, sizeof(char *));
	s->fid = calloc(g->nf ? g->nf : 1, sizeof(char *));
	if (s->vid == NULL || s->fid == NULL)
		return cf_error_set(CF_ENOMEM, "stress");
	for (i = 0; i < g->nv; i++, s->nv++)
		if ((s->vid[i] = strdup(g->v[i].id)) == NULL)
			return cf_error_set(CF_ENOMEM, "stress");
	for (i = 0; i < g->nf; i++, s->nf++)
		if ((s->fid[i] = strdup(g->f[i].id)) == NULL)
			return cf_error_set(CF_ENOMEM, "stress");
	return CF_OK;
}

int
cf_stress_run(cf_stress **out, int64_t *run_id, cf_store *st,
    const cf_graph_filter *filter, const cf_scenarios *sc,
    const cf_stress_opts *opts)
{
	cf_stress_opts defopts;
	cf_graph_filter f;
	cf_graph *g = NULL;
	struct cf_stress *s = NULL;
	struct fdetail *d = NULL;
	struct model m;
	struct runner rn;
	const struct cf_scenario *only = NULL;
	size_t i;
	int rc, began = 0;

	memset(&m, 0, sizeof(m));
	memset(&defopts, 0, sizeof(defopts));
	if (opts == NULL)
		opts = &defopts;
	if (opts->draws < 0 || opts->jobs < 0 || opts->years < 0 ||
	    opts->years > 100)
		return cf_error_set(CF_EARG, "draws, jobs and years must be"
		    " positive (years at most 100)");
	if (opts->scenario != NULL &&
	    (only = cf_scenarios_find(sc, opts->scenario)) == NULL) {
		char names[512];
		size_t n = 0;

		names[0] = '\0';
		for (i = 0; i < sc->nscenarios && n < sizeof(names); i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n,
			    "%s%s", i ? ", " : "", sc->scenarios[i].name);
		return cf_error_set(CF_EARG, "%s has no scenario '%s' (it has:"
		    " %s)", sc->path, opts->scenario, names);
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return cf_error_set(CF_ENOMEM, "stress");
	f = filter ? *filter : (cf_graph_filter){0};
	if ((rc = cf_status_set_parse(&f.statuses,
	    "paid,committed,contingent,option,letter-of-intent")) != CF_OK)
		goto out;
	f.types = 0;
	f.min_amount = 0;
	if ((rc = cf_graph_build(&g, st, &f)) != CF_OK ||
	    (rc = copy_ids(s, g)) != CF_OK)
		goto out;
	m.g = g;
	m.sc = sc;
	m.ny = opts->years > 0 ? opts->years : sc->settings.years;
	if ((rc = cf_model_first_year(&m.y0, opts, sc, g, st)) != CF_OK ||
	    (rc = cf_model_load_members(&m, st)) != CF_OK ||
	    (rc = cf_model_load_profiles(&m, st)) != CF_OK ||
	    (rc = cf_model_index(&m)) != CF_OK ||
	    (rc = cf_model_load_details(&d, g, st)) != CF_OK)
		goto out;
	cf_clear_opts_init(&m.copts);
	m.copts.model = sc->settings.model;
	m.copts.alpha = sc->settings.alpha;
	m.copts.beta = sc->settings.beta;
	m.copts.recovery = sc->settings.recovery;
	m.copts.seniority = sc->settings.seniority;
	m.copts.tolerance = sc->settings.tolerance;
	m.copts.max_iter = sc->settings.max_iter;
	m.terminate = sc->settings.terminate;
	m.open_years = sc->settings.open_years;
	s->exponent = g->exponent;
	memcpy(s->currency, g->currency, 4);
	s->start_year = m.y0;
	s->years = m.ny;
	s->model = m.copts.model;
	s->seniority = m.copts.seniority;
	s->terminate = m.terminate;
	s->alpha = m.copts.alpha;
	s->beta = m.copts.beta;
	s->recovery = m.copts.recovery;
	snprintf(s->scenarios_path, sizeof(s->scenarios_path), "%s",
	    sc->path ? sc->path : "");
	snprintf(s->scenarios_sha256, sizeof(s->scenarios_sha256), "%s",
	    sc->sha256);
	s->res = calloc(sc->nscenarios ? sc->nscenarios : 1,
	    sizeof(*s->res));
	if (s->res == NULL) {
		rc = cf_error_set(CF_ENOMEM, "stress");
		goto out;
	}
	memset(&rn, 0, sizeof(rn));
	rn.m = &m;
	rn.d = d;
	rn.st = st;
	rn.s = s;
	rn.o = opts;
	for (i = 0; i < sc->nscenarios; i++)
		if (only == NULL || only == &sc->scenarios[i])
			rn.total += sc->scenarios[i].montecarlo ?
			    (opts->draws > 0 ? opts->draws :
			    sc->scenarios[i].ndraws) : 1;
	if ((rc = cf_store_begin(st)) != CF_OK)
		goto out;
	began = 1;
	if ((rc = cf_run_insert(st, g, "stress", &rn.run)) != CF_OK)
		goto out;
	for (i = 0; i < sc->nscenarios; i++) {
		if (only != NULL && only != &sc->scenarios[i])
			continue;
		if ((rc = run_scenario(&rn, &sc->scenarios[i],
		    &s->res[s->nres++])) != CF_OK)
			goto out;
	}
	if ((rc = cf_stress_store(st, s, rn.run)) != CF_OK ||
	    (rc = cf_store_commit(st)) != CF_OK)
		goto out;
	began = 0;
	*run_id = rn.run;
out:
	if (began)
		cf_store_rollback(st);
	cf_fdetails_free(d, g ? g->nf : 0);
	cf_model_free(&m);
	cf_graph_free(g);
	if (rc != CF_OK) {
		cf_stress_free(s);
		return rc;
	}
	*out = s;
	return CF_OK;
}
