/*
 * stress.h - the repayment-stress engine's results in memory (internal).
 *
 * stress.c runs the scenarios and fills these summaries; stress_out.c
 * stores them and renders the tables.  Amounts are minor units held as
 * doubles (means over draws); entity and vertex indices are those of the
 * graph the run was built on.  docs/methods.md defines every figure.
 */
#ifndef CF_STRESS_H
#define CF_STRESS_H

#include <stddef.h>
#include <stdint.h>

#include "circfin.h"

/* Per modelled vertex and year. */
struct cf_sy {
	double revenue, costs, due, paid, shortfall;
	double p_default, p_first;
	double cash_mean, cash_q[3];	/* 5, 50, 95% */
};

/* Per modelled vertex, over the horizon. */
struct cf_se {
	int v;
	double p_default;
	int median_year;	/* 0: fewer than half the draws default */
	double shortfall, shortfall_q[3];
	struct cf_sy *years;	/* [years] */
};

/* Per vendor: a vertex owed commitments in the horizon. */
struct cf_sv {
	int v;
	double backlog, at_risk, at_risk_q95, own_money;
};

/* Per flow and year with something due. */
struct cf_sf {
	int flow;		/* index into the graph's flows */
	int year;		/* calendar year */
	double due, paid, shortfall, p_short;
};

struct cf_sresult {
	const char *name;	/* the scenario's (owned by the scenarios) */
	const char *description, *base;
	int montecarlo;
	long draws;
	uint64_t seed;
	long clearings, iterations;
	double edge_updates;	/* obligations x (iterations + 1), summed */
	double residual;
	int converged;
	long unvalued;		/* quantity-only flows left out */
	int exact_quantiles;	/* 1: sorted draws; 0: P² estimates */
	struct cf_se *ents;
	size_t nents;
	struct cf_sv *vendors;
	size_t nvendors;
	struct cf_sf *flows;
	size_t nflows;
};

struct cf_stress {
	const cf_graph *g;	/* borrowed while running; NULL after */
	char **vid;		/* vertex ids, copied */
	char **fid;		/* flow ids, copied */
	size_t nv, nf;
	int exponent;		/* of the currency */
	char currency[4];
	int start_year, years;
	int model, seniority, terminate;
	double alpha, beta, recovery;
	char scenarios_path[4096];
	char scenarios_sha256[65];
	struct cf_sresult *res;
	size_t nres;
};

/* One draw's figures per modelled vertex and year, in this order. */
enum { VY_REVENUE, VY_COSTS, VY_DUE, VY_PAID, VY_CASH, VY_DEFAULT, VY_N };

/* Store one draw's entity-years (vy[nvm][years][VY_N]; mv maps modelled
 * index to vertex) as stress_draw rows; stress_out.c. */
int cf_stress_detail(cf_store *st, const struct cf_stress *s, int64_t run,
    const char *scenario, long draw, const int *mv, size_t nvm,
    const double *vy);

/* Store the run (inside the caller's transaction) and per-draw detail
 * rows; stress_out.c. */
int cf_stress_store(cf_store *st, const struct cf_stress *s, int64_t run);

#endif /* CF_STRESS_H */
