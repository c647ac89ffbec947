/*
 * report.h - internals of the report writer (reports/report*.c): the
 * data a report shows, read from the store, and the two renderings of it.
 * The public entry point is cf_report_write() in circfin.h.
 *
 * report_data.c reads everything into a struct rp_data (strings in its
 * arena, arrays malloc'd); report.c chooses the runs, draws the graph
 * through GraphViz, and writes the files; report_html.c and report_md.c
 * render the same data as HTML and Markdown.  docs/report.md describes
 * the report's sections and definitions.
 */
#ifndef CF_REPORT_H
#define CF_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "circfin.h"

/* The kinds of analysis run, in the order the report shows them. */
enum { RP_CYCLES, RP_EXPOSURE, RP_STRESS, RP_NKINDS };

/* How a flow's money counts (docs/report.md, "Headline figures"):
 * headline = binding + contingent; superseded flows count nowhere. */
enum { RP_HEADLINE, RP_BINDING, RP_CONTINGENT, RP_NCLASS };
#define RP_SUPERSEDED (-1)

/* At most this many cycles are listed (the rest are counted). */
#define RP_MAX_CYCLES 100
/* At most this many imported files are listed in the run parameters. */
#define RP_MAX_IMPORTS 50

/* An analysis_run row. */
struct rp_run {
	int64_t id;
	const char *kind, *created, *version;
	const char *as_of;		/* NULL: none */
	const char *statuses, *types, *currency;
	int consolidated;
	int64_t min_amount;
	long entities, edges, flows, intragroup;
	long max_len, limit;		/* cycles; limit 0: none */
	int truncated;
	int64_t imports_through;	/* the last import_log id it saw */
	int has_exposure;		/* the exposure fields are set */
	double circularity, tolerance, residual;
	long iterations;
	int converged;
};

struct rp_entity {
	const char *id, *name;
	int lab;			/* has the kind lab */
};

struct rp_source {
	const char *id, *title, *publisher, *date, *url, *accession;
	const char *retrieved;
};

struct rp_flow {
	const char *id, *from, *to, *type;
	const char *status;	/* effective, as of the runs' date */
	const char *stored_status;	/* as in the store */
	const char *confidence, *announced, *condition;
	int cls;			/* RP_BINDING, RP_CONTINGENT or
					   RP_SUPERSEDED */
	int valued;			/* has money: amount or a low end */
	int64_t value;			/* the amount, else the low end */
	int has_amount, has_low, has_high;
	int64_t amount, low, high;
	int has_quantity;
	double quantity;
	const char *unit;
	int estimate;			/* flow.estimate */
	int assumed;			/* a schedule marked assumed */
	size_t *src;			/* indices into rp_data.sources */
	size_t nsrc;
};

/* Money a lab received (in) and committed to others (out), by class. */
struct rp_lab {
	const struct rp_entity *e;
	int64_t in[RP_NCLASS], out[RP_NCLASS];
	size_t *flows;			/* indices into rp_data.flows */
	size_t nflows;
};

struct rp_cedge {
	const char *from, *to;
	int64_t amount;
	const char **flows;		/* flow ids (run_edge_flow) */
	size_t nflows;
};

struct rp_cycle {
	long rank, length;
	int valued;
	int64_t bottleneck, total;
	const char *path;		/* "a > b > a" */
	struct rp_cedge *edges;
	size_t nedges;
};

struct rp_vendor {
	const char *id;
	int64_t backlog, paid, committed, contingent;
	int64_t self_funded, self_funded_backlog, net_backlog;
	int64_t round_trips, at_risk;
	double share;
	int64_t inflow, outflow;	/* all money into and out of it on the
					   run's edges: a net receiver
					   (inflow >= outflow) has no own
					   money to trace */
	const char **flows;		/* the spend flows into it */
	size_t nflows;
};

struct rp_trip {
	const char *vendor, *counterparty;
	int64_t financing, spend, amount;
};

struct rp_scenario {
	const char *name, *description, *base, *seed, *model, *seniority;
	const char *file, *sha256, *quantiles;
	int montecarlo, converged, terminate;
	long draws, unvalued;
	int start_year, years;
};

/* stress_entity */
struct rp_sentity {
	const char *scenario, *entity;
	double p_default;
	int median_year;		/* 0: none */
	int64_t shortfall, q05, q50, q95;
};

/* stress_entity_year */
struct rp_syear {
	const char *scenario, *entity;
	int year;
	double p_default;
	int64_t due, paid, shortfall, cash_mean, q05, q50, q95;
};

/* stress_vendor */
struct rp_svendor {
	const char *scenario, *vendor;
	int64_t backlog, at_risk, at_risk_q95, own_money;
	int has_share;
	double own_share;
};

/* A revenue-growth figure of a modelled entity's profile: the stress
 * model grows revenue by the latest one at or before each year, held or
 * faded by the scenario's revenue-growth-half-life (docs/methods.md,
 * "Yearly paths"). */
struct rp_growth {
	const char *entity, *id, *period, *note;
	double ratio;			/* 2.5: +250% a year */
	int assumption, estimate;
	struct rp_source *src;		/* its sources by id (malloc'd) */
	size_t nsrc;
};

/* An import_log row with status ok. */
struct rp_import {
	const char *path, *sha256, *format, *title, *as_of, *finished;
	long rows;
};

struct rp_arena;

struct rp_data {
	struct rp_arena *arena;
	const char *db;			/* its file, "" in memory */
	/* the runs: run[k] for kind k, NULL when none was found */
	struct rp_run runs[RP_NKINDS];
	const struct rp_run *run[RP_NKINDS];
	int chosen;			/* the kind of the run asked for */
	const char *currency;
	int exponent;

	struct rp_entity *entities;	/* sorted by id */
	size_t nentities;
	struct rp_source *sources;	/* those the flows cite, by id */
	size_t nsources;
	struct rp_flow *flows;		/* sorted by id */
	size_t nflows;
	size_t *flow_order;		/* by announcement date, then id */
	size_t outside;			/* flows left out: as-of date,
					   currency, types */
	int64_t total[RP_NCLASS];
	size_t total_flows[RP_NCLASS];
	size_t unvalued;		/* counted flows without money */
	struct rp_lab *labs;		/* by headline, largest first */
	size_t nlabs;

	struct rp_cycle *cycles;	/* the first RP_MAX_CYCLES */
	size_t ncycles, cycles_stored;
	struct rp_vendor *vendors;	/* by backlog, largest first */
	size_t nvendors;
	struct rp_trip *trips;
	size_t ntrips;

	struct rp_scenario *scenarios;	/* deterministic first, by name */
	size_t nscenarios;
	struct rp_sentity *sentities;
	size_t nsentities;
	struct rp_syear *syears;
	size_t nsyears;
	struct rp_svendor *svendors;
	size_t nsvendors;
	struct rp_growth *growth;	/* by entity, then period */
	size_t ngrowth;

	struct rp_import *imports;
	size_t nimports, imports_stored;
	/* Files imported after the earliest run shown (the store changed
	 * under the report), and when the last of them finished. */
	size_t imports_after;
	const char *imports_after_last;
	int64_t imports_after_run;	/* that earliest run */

	/* Filled by report.c before rendering. */
	char *graph_svg;		/* inline SVG, or NULL */
	char *graph_file;		/* dot's whole output, for
					   DIR/graph.svg (NULL when
					   graph_svg is) */
	size_t graph_file_len;
	char *graph_note;		/* why there is none, or NULL */
	const char *methods;		/* Markdown of the appendix */
	size_t methods_len;
};

/*
 * Read what the report shows: the chosen run (opts->run, 0 for the
 * latest), the latest run of each other kind with the same filter made no
 * later than it, and everything they show.  CF_ENOTFOUND (with a message
 * naming the run and the store) when there is no such run; CF_ESTORE,
 * CF_ENOMEM.  *out is set on CF_OK; free it with rp_data_free().
 */
int rp_data_load(struct rp_data **out, cf_store *st, int64_t run);
void rp_data_free(struct rp_data *d);

/* Lookups; NULL when absent. */
const struct rp_entity *rp_entity_find(const struct rp_data *d,
    const char *id);
const struct rp_flow *rp_flow_find(const struct rp_data *d, const char *id);
const struct rp_source *rp_source_find(const struct rp_data *d,
    const char *id);
/* An entity's name, or its id when it is not in the store. */
const char *rp_name(const struct rp_data *d, const char *id);
/* The modelled entities the stress charts show: the labs, or all of them
 * when none is a lab (*labs_only says which); distinct, by id, at most
 * max into ids. */
size_t rp_stress_entities(const struct rp_data *d, const char **ids,
    size_t max, int *labs_only);
const struct rp_syear *rp_syear_find(const struct rp_data *d,
    const char *scenario, const char *entity, int year);
const struct rp_svendor *rp_svendor_find(const struct rp_data *d,
    const char *scenario, const char *vendor);
/* The revenue-growth figure of an entity's profile in force in year (the
 * latest with a period at or before it); NULL when there is none. */
const struct rp_growth *rp_growth_in(const struct rp_data *d,
    const char *entity, int year);
/* A cash path that grows more than this many times its first year's
 * value is pointed out, with the growth assumption behind it. */
#define RP_CASH_FLAG 100
/* Does the 95% cash path of entity in scenario grow more than
 * RP_CASH_FLAG times its first year's (positive) value?  Then 1, with
 * *first the first year's row and *top the year of the highest 95%
 * cash; else 0. */
int rp_cash_runaway(const struct rp_data *d, const char *scenario,
    const char *entity, const struct rp_syear **first,
    const struct rp_syear **top);
/* The vendors owed something in some scenario, by id, into ids (room
 * for nsvendors). */
size_t rp_at_risk_vendors(const struct rp_data *d, const char **ids);
/* The graph filter of a run (strings point into the run). */
int rp_run_filter(cf_graph_filter *out, const struct rp_run *r);

/* Render the report; CF_OK, CF_ENOMEM or CF_EIO (fp failed). */
int rp_html_write(FILE *fp, const struct rp_data *d);
int rp_md_write(FILE *fp, const struct rp_data *d);

/* Formatting shared by both renderers (report.c). */
#define RP_AMOUNT_MAX 64
/* "$1.25B" (or "EUR 1.25B"): billions with two decimals, rounded half
 * away from zero, exactly. */
void rp_billions(char *buf, size_t size, const struct rp_data *d,
    int64_t minor);
/* "1250000000.00": exact major units. */
void rp_exact(char *buf, size_t size, const struct rp_data *d,
    int64_t minor);
/* "12.3%" from a share in [0, 1], one decimal. */
void rp_percent(char *buf, size_t size, double share);
/* v rounded to a whole number with a comma every three digits
 * ("21,490").  Truncated to size. */
void rp_grouped(char *buf, size_t size, double v);
/* A quantity: whole numbers as such ("160000000"), else 4 digits. */
void rp_quantity(char *buf, size_t size, double q);
/* A run's statuses (types 0) or flow types (1) as a list with a space
 * after each comma ("paid, committed"), or "all" when the list has every
 * one; "-" for NULL.  Truncated to size. */
void rp_set_text(char *buf, size_t size, const char *list, int types);
/* The facts of the note on a store that changed after the runs, to be
 * escaped: "2 files were imported after run 5 (the last finished T)".
 * Truncated to size. */
#define RP_STORE_CHANGED_MAX 256
void rp_store_changed(char *buf, size_t size, const struct rp_data *d);
/* What the report calls a run: "cycles run 3". */
const char *rp_kind_name(int kind);

/* Prefix every id="..." of an SVG document (and references to them:
 * href="#...", url(#...)) with prefix, so that several drawings can be
 * inlined in one page; *out is malloc'd.  CF_ENOMEM. */
int rp_svg_prefix_ids(char **out, const char *svg, const char *prefix);

#endif
