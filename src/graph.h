/*
 * graph.h - the money-flow graph in memory (internal).
 *
 * cf_graph_build() loads the flows that pass a filter from the store and
 * aggregates parallel flows into one edge per ordered pair of vertices.
 * Vertices are entities (or, consolidated, groups under an ultimate
 * parent), numbered in order of their id so that "the smallest entity" of
 * a cycle is the one with the smallest index.  The analyses (cycles.c,
 * trace.c) and writers (reports/) read these arrays directly.
 */
#ifndef CF_GRAPH_H
#define CF_GRAPH_H

#include <igraph.h>

#include "circfin.h"

/* What a flow type does to money, for exposure: a spend buys from the
 * payee (its backlog), a financing funds the payee. */
enum { CF_CLASS_OTHER, CF_CLASS_SPEND, CF_CLASS_FINANCING };
int cf_flow_type_class(int type_index);

#define CF_NSTATUS 6	/* the statuses of cf_flow_statuses, in order */

struct cf_gvertex {
	char *id;		/* entity id (group root when consolidated) */
	char *name;
	unsigned kinds;		/* bit i: cf_entity_kinds[i] */
	char *group;		/* id of its ultimate parent (itself if none) */
	char *group_name;
	int comp;		/* strongly connected component */
	int comp_size;
};

struct cf_gflow {
	char *id;
	char *sources;		/* source ids, ';'-separated, or NULL */
	int edge;		/* index into edges */
	int status;		/* effective status, index into cf_flow_statuses */
	int type;		/* index into cf_flow_types */
	int valued;		/* has an amount (or the low end of a range) */
	int64_t amount;		/* minor units, 0 when not valued */
};

struct cf_gedge {
	int from, to;
	int64_t amount;		/* sum of the valued flows */
	int valued;		/* at least one flow has an amount */
	int64_t spend, financing;	/* amount by class of flow type */
	int64_t by_status[CF_NSTATUS];
	size_t flow0, nflows;	/* its flows: flows[flow0 .. flow0+nflows) */
};

struct cf_intragroup {
	char *flow_id;
	char *group;		/* the ultimate parent both sides belong to */
};

struct cf_graph {
	/* the filter, as applied */
	char as_of[11];		/* "" for none */
	unsigned statuses, types;
	int consolidate;
	char currency[4];
	int exponent;		/* minor digits of currency */
	int64_t min_amount;
	/* what passed */
	size_t nv, ne, nf, nintra;
	struct cf_gvertex *v;
	struct cf_gedge *e;
	struct cf_gflow *f;	/* sorted by edge */
	struct cf_intragroup *intra;
	size_t other_currency;	/* flows left out for another currency */
	size_t below_min;	/* edges left out by min_amount */
	int ncomp;
	cf_work_fn progress;	/* may be NULL */
	void *progress_arg;
	int have_igraph;	/* ig and out are built */
	igraph_t ig;		/* same vertex and edge numbering */
	igraph_adjlist_t out;	/* successors of each vertex */
};

/*
 * A graph straight from an edge list, without a store: vertices 0..nv-1
 * named v0, v1, ... (in id order only when nv <= 10), edges sorted and
 * parallel ones summed, all flows equity and committed.  For tests and
 * benchmarks.
 */
int cf_graph_from_edges(cf_graph **out, size_t nv, const int *from,
    const int *to, const int64_t *amount, size_t ne);
/* The same with a flow type per edge (an index into cf_flow_types). */
int cf_graph_from_typed_edges(cf_graph **out, size_t nv, const int *from,
    const int *to, const int64_t *amount, const int *types, size_t ne);

/* The edge from a to b, or NULL. */
const struct cf_gedge *cf_graph_edge_between(const cf_graph *g, int a, int b);

/* Cycle i of c (in sorted order): its vertices and figures; any
 * out-pointer may be NULL.  CF_ENOTFOUND past the end. */
int cf_cycle_get(const cf_cycles *c, size_t i, const int **verts, int *len,
    int *valued, int64_t *bottleneck, int64_t *total);

/* "a > b > a" for cycle i (malloc'd). */
int cf_cycle_path_text(char **out, const cf_graph *g, const cf_cycles *c,
    size_t i);
/* Traced amounts to minor units: nearest, halves away from zero. */
int64_t cf_round_minor(double v);

/* Exposure of one vertex that receives spend (amounts in minor units;
 * the traced ones are real numbers). */
struct cf_vendor {
	int v;
	int64_t backlog[CF_NSTATUS];	/* spend received, by status */
	int64_t backlog_total;
	int64_t round_trips;		/* sum over counterparties */
	int64_t at_risk;		/* financing into its own customers */
	double self_funded;		/* all inflow that is its own money */
	double self_funded_backlog;	/* the part of backlog that is */
	double net_backlog;		/* backlog minus that */
	double share;			/* self_funded_backlog / backlog */
};

struct cf_round_trip {
	int vendor, counterparty;
	int64_t financing, spend, amount;	/* amount = min of the two */
};

struct cf_exposure {
	struct cf_vendor *vendors;
	size_t nvendors;
	struct cf_round_trip *trips;
	size_t ntrips;
	double *self_funded;	/* per vertex: inflow that is its own money */
	double circularity;	/* self-funded inflow / all flow */
	double total_flow;	/* minor units */
	double tolerance, residual;
	int iterations, converged;
};

/*
 * Tagged proportional tracing (trace.c): share[i] is the part of the
 * money passing through i that left origin's group (origin, its ultimate
 * parent and their subsidiaries: AWS's money is Amazon's), counting
 * everything that leaves a member as the group's own, with edge k
 * carrying weight[k] (>= 0).  share is 1 on the members.  For an origin
 * alone in its group it is solved on its strongly connected component
 * (money that can come back to it stays there) and is 0 elsewhere; for a
 * group, on every vertex.  share has g->nv entries.  CF_OK or CF_ENOMEM.
 */
int cf_trace_origin_share(const cf_graph *g, const double *weight,
    int origin, double *share);

#endif /* CF_GRAPH_H */
