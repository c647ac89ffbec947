/*
 * trace.c - vendor-financing exposure by proportional ("well-mixed")
 * tracing of money through the graph.
 *
 * Each entity's outflows are funded by its inflows and its own funds in
 * proportion to their sizes.  With F[k][i] the money on edge k -> i,
 * in_i and out_i the sums, T_i = max(in_i, out_i) and own funds
 * e_i = T_i - in_i, the share of money passing through i that started at
 * s is
 *
 *     O[s][i] = [s = i] e_i / T_i + sum_k (F[k][i] / T_i) O[s][k]
 *
 * and s's self-funded inflow is sum_k F[k][s] O[s][k].  Money that comes
 * back to s must go round a cycle, so only s's strongly connected
 * component matters.  In money units (u_i = O[s][i] T_i) the system is a
 * flow: a unit at k moves on along k -> i in proportion F[k][i] / T_k and
 * the rest, 1 - out_k / T_k, stays at k.  So s's own funds e_s are pushed
 * from vertex to vertex (a residual queue, thresholds lowered as it
 * goes), money that leaves the component is dropped, and what arrives at
 * s is added up; pushing stops when the money still in motion is at most
 * tolerance x e_s, which bounds the error.  Work follows the money: it
 * touches only the part of the component s's money reaches in amounts
 * above the threshold, and no n x n matrix or per-origin sweep over the
 * whole component is ever made.  docs/methods.md defines every figure
 * and works examples by hand; tests/unit/test_trace.c checks the result
 * against a dense solve of the linear system.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"

#define MAX_PUSHES 100000000L	/* per origin: then "not converged" */

struct in_csr {
	size_t *start;		/* in-edges of vertex i: idx[start[i]..start[i+1]) */
	size_t *idx;		/* edge indices */
};

static int
build_in_csr(const cf_graph *g, struct in_csr *in)
{
	size_t i, *fill;

	in->start = calloc(g->nv + 1, sizeof(*in->start));
	in->idx = malloc((g->ne ? g->ne : 1) * sizeof(*in->idx));
	fill = calloc(g->nv + 1, sizeof(*fill));
	if (in->start == NULL || in->idx == NULL || fill == NULL) {
		free(fill);
		return cf_error_set(CF_ENOMEM, "tracing");
	}
	for (i = 0; i < g->ne; i++)
		in->start[g->e[i].to + 1]++;
	for (i = 0; i < g->nv; i++)
		in->start[i + 1] += in->start[i];
	for (i = 0; i < g->ne; i++) {
		size_t to = (size_t)g->e[i].to;
		in->idx[in->start[to] + fill[to]++] = i;
	}
	free(fill);
	return CF_OK;
}

/* Scratch space of the push solver, zero between origins. */
struct pusher {
	double *r;		/* money of this origin still to be pushed */
	unsigned char *queued, *touched_flag;
	int *queue;		/* ring of capacity nv */
	size_t head, len, nv;
	int *touched;
	size_t ntouched;
};

static void
enqueue(struct pusher *P, int v)
{
	if (P->queued[v])
		return;
	P->queued[v] = 1;
	P->queue[(P->head + P->len++) % P->nv] = v;
}

static void
touch_vertex(struct pusher *P, int v)
{
	if (!P->touched_flag[v]) {
		P->touched_flag[v] = 1;
		P->touched[P->ntouched++] = v;
	}
}

/*
 * Push origin s's own funds es through its component and add what comes
 * back to s to *self (and the part on spend edges to *selfb).  Returns
 * the pushes made; *residual is the money still moving when it stopped,
 * relative to es.  Leaves the scratch space zero.
 */
static long
push_origin(const cf_graph *g, const size_t *ostart, const double *T,
    double es, int s, double tol, struct pusher *P, double *self,
    double *selfb, double *residual)
{
	int comp = g->v[s].comp;
	double moving = es, theta = es * 1e-3;
	long pushes = 0;
	size_t j, k;

	P->r[s] = es;
	touch_vertex(P, s);
	enqueue(P, s);
	for (;;) {
		while (P->len > 0 && pushes < MAX_PUSHES) {
			int v = P->queue[P->head];
			double rv = P->r[v];

			P->head = (P->head + 1) % P->nv;
			P->len--;
			P->queued[v] = 0;
			if (rv <= theta)
				continue;
			P->r[v] = 0;
			moving -= rv;
			pushes++;
			for (k = ostart[v]; k < ostart[v + 1]; k++) {
				const struct cf_gedge *ed = &g->e[k];
				double amt;

				if (g->v[ed->to].comp != comp || ed->amount <= 0)
					continue;
				amt = rv * (double)ed->amount / T[v];
				if (ed->to == s) {
					*self += amt;
					*selfb += rv * (double)ed->spend / T[v];
				}
				touch_vertex(P, ed->to);
				P->r[ed->to] += amt;
				moving += amt;
				if (P->r[ed->to] > theta)
					enqueue(P, ed->to);
			}
		}
		if (moving <= tol * es || pushes >= MAX_PUSHES || theta < 1e-300)
			break;
		/* Lower the threshold and go on with what is left. */
		theta /= 1000;
		for (j = 0; j < P->ntouched; j++)
			if (P->r[P->touched[j]] > theta)
				enqueue(P, P->touched[j]);
	}
	*residual = moving > 0 ? moving / es : 0;
	for (j = 0; j < P->ntouched; j++) {
		P->r[P->touched[j]] = 0;
		P->queued[P->touched[j]] = 0;
		P->touched_flag[P->touched[j]] = 0;
	}
	P->ntouched = 0;
	P->head = P->len = 0;
	return pushes;
}

static int
add_trip(struct cf_exposure *x, size_t *cap, int vendor, int cp,
    int64_t financing, int64_t spend)
{
	struct cf_round_trip *t;

	if (x->ntrips == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		t = realloc(x->trips, nc * sizeof(*t));
		if (t == NULL)
			return cf_error_set(CF_ENOMEM, "round trips");
		x->trips = t;
		*cap = nc;
	}
	t = &x->trips[x->ntrips++];
	t->vendor = vendor;
	t->counterparty = cp;
	t->financing = financing;
	t->spend = spend;
	t->amount = financing < spend ? financing : spend;
	return CF_OK;
}

int
cf_exposure_compute(cf_exposure **out, const cf_graph *g, double tol)
{
	struct in_csr in = {NULL, NULL};
	struct cf_exposure *x;
	struct pusher P;
	double *T = NULL, *e = NULL, *self = NULL, *selfb = NULL;
	double *inflow = NULL, *outflow = NULL;
	size_t *ostart = NULL, i, k, tripcap = 0;
	int rc;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cf_error_set(CF_ENOMEM, "exposure");
	x->tolerance = tol > 0 ? tol : 1e-12;
	x->converged = 1;
	T = calloc(g->nv + 1, sizeof(*T));
	e = calloc(g->nv + 1, sizeof(*e));
	memset(&P, 0, sizeof(P));
	P.nv = g->nv ? g->nv : 1;
	P.r = calloc(P.nv, sizeof(*P.r));
	P.queued = calloc(P.nv, 1);
	P.touched_flag = calloc(P.nv, 1);
	P.queue = calloc(P.nv, sizeof(*P.queue));
	P.touched = calloc(P.nv, sizeof(*P.touched));
	self = calloc(g->nv + 1, sizeof(*self));
	selfb = calloc(g->nv + 1, sizeof(*selfb));
	inflow = calloc(g->nv + 1, sizeof(*inflow));
	outflow = calloc(g->nv + 1, sizeof(*outflow));
	if (!T || !e || !self || !selfb || !inflow || !outflow || !P.r ||
	    !P.queued || !P.touched_flag || !P.queue || !P.touched) {
		rc = cf_error_set(CF_ENOMEM, "exposure");
		goto out;
	}
	if ((ostart = calloc(g->nv + 1, sizeof(*ostart))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "exposure");
		goto out;
	}
	for (i = 0; i < g->ne; i++)
		ostart[g->e[i].from + 1]++;
	for (i = 0; i < g->nv; i++)
		ostart[i + 1] += ostart[i];
	if ((rc = build_in_csr(g, &in)) != CF_OK)
		goto out;
	for (i = 0; i < g->ne; i++) {
		outflow[g->e[i].from] += (double)g->e[i].amount;
		inflow[g->e[i].to] += (double)g->e[i].amount;
		x->total_flow += (double)g->e[i].amount;
	}
	for (i = 0; i < g->nv; i++) {
		T[i] = inflow[i] > outflow[i] ? inflow[i] : outflow[i];
		e[i] = T[i] - inflow[i];
	}
	/* Self-funded inflow of every vertex with own funds on a cycle. */
	for (i = 0; i < g->nv; i++) {
		double res = 0;
		long pushes;

		if (g->v[i].comp_size < 2 || e[i] <= 0 || T[i] <= 0)
			continue;
		pushes = push_origin(g, ostart, T, e[i], (int)i, x->tolerance,
		    &P, &self[i], &selfb[i], &res);
		if (pushes > x->iterations)
			x->iterations = (int)(pushes > INT32_MAX ? INT32_MAX :
			    pushes);
		if (res > x->residual)
			x->residual = res;
		if (res > x->tolerance)
			x->converged = 0;
	}
	x->circularity = 0;
	for (i = 0; i < g->nv; i++)
		x->circularity += self[i];
	x->circularity = x->total_flow > 0 ? x->circularity / x->total_flow :
	    0;
	/* Vendors: whoever receives valued spend. */
	x->vendors = calloc(g->nv + 1, sizeof(*x->vendors));
	if (x->vendors == NULL) {
		rc = cf_error_set(CF_ENOMEM, "exposure");
		goto out;
	}
	for (i = 0; i < g->nv; i++) {
		struct cf_vendor *vd = &x->vendors[x->nvendors];
		int64_t spend = 0;

		for (k = in.start[i]; k < in.start[i + 1]; k++)
			spend += g->e[in.idx[k]].spend;
		if (spend <= 0)
			continue;
		memset(vd, 0, sizeof(*vd));
		vd->v = (int)i;
		for (k = in.start[i]; k < in.start[i + 1]; k++) {
			const struct cf_gedge *ed = &g->e[in.idx[k]];
			const struct cf_gedge *back;
			size_t f;

			for (f = ed->flow0; f < ed->flow0 + ed->nflows; f++) {
				const struct cf_gflow *fl = &g->f[f];
				if (fl->valued && cf_flow_type_class(fl->type) ==
				    CF_CLASS_SPEND)
					vd->backlog[fl->status] += fl->amount;
			}
			vd->backlog_total += ed->spend;
			/* Financing from i into this customer. */
			back = cf_graph_edge_between(g, (int)i, ed->from);
			if (back != NULL && back->financing > 0 &&
			    ed->spend > 0) {
				if ((rc = add_trip(x, &tripcap, (int)i,
				    ed->from, back->financing, ed->spend)) !=
				    CF_OK)
					goto out;
				vd->round_trips += x->trips[x->ntrips - 1].amount;
			}
		}
		/* Financing into customers whose spend comes back to i: its
		 * out-edges (edges are sorted by source) inside its component. */
		for (k = ostart[i]; k < ostart[i + 1]; k++)
			if (g->v[g->e[k].to].comp == g->v[i].comp &&
			    g->v[i].comp_size >= 2)
				vd->at_risk += g->e[k].financing;
		vd->self_funded = self[i];
		vd->self_funded_backlog = selfb[i];
		vd->net_backlog = (double)vd->backlog_total - selfb[i];
		vd->share = selfb[i] / (double)vd->backlog_total;
		x->nvendors++;
	}
	rc = CF_OK;
out:
	free(in.start);
	free(in.idx);
	free(ostart);
	free(T);
	free(e);
	free(P.r);
	free(P.queued);
	free(P.touched_flag);
	free(P.queue);
	free(P.touched);
	free(selfb);
	free(inflow);
	free(outflow);
	if (rc != CF_OK) {
		free(self);
		cf_exposure_free(x);
		return rc;
	}
	x->self_funded = self;
	*out = x;
	return CF_OK;
}

void
cf_exposure_free(cf_exposure *x)
{
	if (x == NULL)
		return;
	free(x->vendors);
	free(x->trips);
	free(x->self_funded);
	free(x);
}

double
cf_exposure_circularity(const cf_exposure *x)
{
	return x->circularity;
}

int
cf_exposure_converged(const cf_exposure *x)
{
	return x->converged;
}
