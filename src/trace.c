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
 * back to s must go round a cycle, so O[s][k] matters only inside s's
 * strongly connected component: each solve is restricted to it and done
 * by Gauss-Seidel sweeps to a relative tolerance.  No n x n matrix is
 * ever formed; the cost is the sum over components of (vertices with own
 * funds) x (edges) x (sweeps), which is linear in the flows when the
 * cyclic components are small, as in money-flow graphs.  docs/methods.md
 * defines every figure and works an example by hand.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"

#define MAX_SWEEPS 100000

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

/* Members of each strongly connected component, in index order. */
static int
components(const cf_graph *g, size_t **start_out, int **members_out)
{
	size_t *start = calloc((size_t)g->ncomp + 2, sizeof(*start));
	size_t *fill = calloc((size_t)g->ncomp + 1, sizeof(*fill));
	int *members = malloc((g->nv ? g->nv : 1) * sizeof(*members));
	size_t i;

	if (start == NULL || fill == NULL || members == NULL) {
		free(start);
		free(fill);
		free(members);
		return cf_error_set(CF_ENOMEM, "tracing");
	}
	for (i = 0; i < g->nv; i++)
		start[g->v[i].comp + 1]++;
	for (i = 0; i < (size_t)g->ncomp; i++)
		start[i + 1] += start[i];
	for (i = 0; i < g->nv; i++) {
		size_t c = (size_t)g->v[i].comp;
		members[start[c] + fill[c]++] = (int)i;
	}
	free(fill);
	*start_out = start;
	*members_out = members;
	return CF_OK;
}

/*
 * Solve for O[s][.] on s's component (members m[0..n)) by Gauss-Seidel;
 * o must be zero on the component on entry.  Returns the sweeps used and
 * sets *residual (largest last change relative to the largest value).
 */
static int
solve_origin(const cf_graph *g, const struct in_csr *in, const double *T,
    const double *e, int s, const int *m, size_t n, double tol, double *o,
    double *residual)
{
	double change = 0, top;
	size_t j, k;
	int sweep;

	for (sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
		change = 0;
		top = 0;
		for (j = 0; j < n; j++) {
			int i = m[j];
			double v = i == s ? e[i] / T[i] : 0;

			if (T[i] <= 0)
				continue;	/* only unvalued edges: no money */
			for (k = in->start[i]; k < in->start[i + 1]; k++) {
				const struct cf_gedge *ed = &g->e[in->idx[k]];
				if (g->v[ed->from].comp == g->v[i].comp)
					v += (double)ed->amount / T[i] *
					    o[ed->from];
			}
			if (fabs(v - o[i]) > change)
				change = fabs(v - o[i]);
			if (v > top)
				top = v;
			o[i] = v;
		}
		if (change <= tol * (top > 0 ? top : 1))
			break;
	}
	*residual = change / (top > 0 ? top : 1);
	return sweep;
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
	double *T = NULL, *e = NULL, *o = NULL, *self = NULL, *selfb = NULL;
	double *inflow = NULL, *outflow = NULL;
	size_t *cstart = NULL, *ostart = NULL, i, k, tripcap = 0;
	int *members = NULL, rc;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cf_error_set(CF_ENOMEM, "exposure");
	x->tolerance = tol > 0 ? tol : 1e-12;
	x->converged = 1;
	T = calloc(g->nv + 1, sizeof(*T));
	e = calloc(g->nv + 1, sizeof(*e));
	o = calloc(g->nv + 1, sizeof(*o));
	self = calloc(g->nv + 1, sizeof(*self));
	selfb = calloc(g->nv + 1, sizeof(*selfb));
	inflow = calloc(g->nv + 1, sizeof(*inflow));
	outflow = calloc(g->nv + 1, sizeof(*outflow));
	if (!T || !e || !o || !self || !selfb || !inflow || !outflow) {
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
	if ((rc = build_in_csr(g, &in)) != CF_OK ||
	    (rc = components(g, &cstart, &members)) != CF_OK)
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
		const struct cf_gvertex *v = &g->v[i];
		const int *m = members + cstart[v->comp];
		size_t n = cstart[v->comp + 1] - cstart[v->comp];
		double res;
		int sweeps;

		if (g->progress && i % 16 == 0)
			g->progress(g->progress_arg, "tracing: entities", i,
			    g->nv);
		if (v->comp_size < 2 || e[i] <= 0 || T[i] <= 0)
			continue;
		sweeps = solve_origin(g, &in, T, e, (int)i, m, n,
		    x->tolerance, o, &res);
		if (sweeps > x->iterations)
			x->iterations = sweeps;
		if (res > x->residual)
			x->residual = res;
		if (sweeps > MAX_SWEEPS)
			x->converged = 0;
		for (k = in.start[i]; k < in.start[i + 1]; k++) {
			const struct cf_gedge *ed = &g->e[in.idx[k]];
			self[i] += (double)ed->amount * o[ed->from];
			selfb[i] += (double)ed->spend * o[ed->from];
		}
		for (k = 0; k < n; k++)
			o[m[k]] = 0;
	}
	if (g->progress)
		g->progress(g->progress_arg, "tracing: entities", g->nv, g->nv);
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
	free(cstart);
	free(ostart);
	free(members);
	free(T);
	free(e);
	free(o);
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

int
cf_trace_origin_share(const cf_graph *g, const double *weight, int origin,
    double *share)
{
	struct in_csr in = {NULL, NULL};
	const char *group = g->v[origin].group;
	double *T = NULL, *inw = NULL, change;
	int comp = g->v[origin].comp, sweep, rc, *mem = NULL, alone = 1;
	size_t i, j, k, n = 0;

	memset(share, 0, g->nv * sizeof(*share));
	for (i = 0; i < g->nv; i++)
		if (strcmp(g->v[i].group, group) == 0) {
			share[i] = 1;
			alone &= (int)i == origin;
		}
	/* One origin: money that can come back to it stays in its
	 * component.  A group: its members' money may reach a customer that
	 * pays another member, so every vertex is solved for. */
	if (alone && g->v[origin].comp_size < 2)
		return CF_OK;
	if ((T = calloc(g->nv, sizeof(*T))) == NULL ||
	    (inw = calloc(g->nv, sizeof(*inw))) == NULL ||
	    (mem = malloc(g->nv * sizeof(*mem))) == NULL ||
	    build_in_csr(g, &in) != CF_OK) {
		rc = cf_error_set(CF_ENOMEM, "tracing");
		goto out;
	}
	for (k = 0; k < g->ne; k++) {
		T[g->e[k].from] += weight[k];
		inw[g->e[k].to] += weight[k];
	}
	for (i = 0; i < g->nv; i++) {
		if (inw[i] > T[i])
			T[i] = inw[i];
		if (share[i] == 0 && T[i] > 0 && (!alone || g->v[i].comp ==
		    comp))
			mem[n++] = (int)i;
	}
	for (sweep = 0; sweep < MAX_SWEEPS; sweep++) {
		change = 0;
		for (j = 0; j < n; j++) {
			double v = 0;

			i = (size_t)mem[j];
			for (k = in.start[i]; k < in.start[i + 1]; k++) {
				const struct cf_gedge *ed = &g->e[in.idx[k]];
				if (!alone || g->v[ed->from].comp == comp)
					v += weight[in.idx[k]] / T[i] *
					    share[ed->from];
			}
			if (fabs(v - share[i]) > change)
				change = fabs(v - share[i]);
			share[i] = v;
		}
		if (change <= 1e-13)
			break;
	}
	rc = CF_OK;
out:
	free(in.start);
	free(in.idx);
	free(T);
	free(inw);
	free(mem);
	return rc;
}
