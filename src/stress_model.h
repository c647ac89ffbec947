/*
 * stress_model.h - what the stress engine loads once per run (internal):
 * the entities and their profiles, the flows' dates and schedules, and
 * the obligations per flow and year.  stress_load.c fills it from the
 * store and the scenarios; stress.c runs the draws on it.
 */
#ifndef CF_STRESS_MODEL_H
#define CF_STRESS_MODEL_H

#include "circfin.h"
#include "clear.h"
#include "graph.h"
#include "scenario.h"
#include "store.h"

#define NENTITY_PARAMS CF_PARAM_ARRIVAL	/* the parameters of entities */


/* A yearly figure, or a ratio that holds from a year on. */
struct point {
	int year;
	double v;
};

struct series {
	struct point *p;
	size_t n, cap;
};

/* An entity (a member of a vertex's group when consolidated). */
struct member {
	char *id;
	int v;			/* its vertex */
	unsigned kinds;
	int modelled;		/* has a profile figure */
	struct series rev, cost, growth, margin, cgrowth;
	double cash, debt, assets;	/* opening, minor units */
	char cash_at[11], debt_at[11], assets_at[11];	/* their dates */
};

/* One flow's payment due in one year of the horizon. */
struct ob {
	int flow;		/* index into g->f */
	int year;		/* 0 .. years-1 */
	int from, to;		/* vertices */
	int spend;		/* the creditor's revenue, not funding */
	double amount;		/* as scheduled, before arrival */
};

/* A flow's dates and quantity, from the store. */
struct fdetail {
	char *id;
	char announced[11], start[11], end[11];
	int has_quantity;
	double quantity;
	char unit[16];
	struct point *sched;	/* year, minor units */
	size_t nsched, csched;
};

struct model {
	const cf_graph *g;
	const cf_scenarios *sc;
	int y0, ny;
	struct member *mem;
	size_t nmem;
	int *vm;		/* vertex -> modelled index, or -1 */
	int *mv;		/* modelled index -> vertex */
	size_t nvm;
	struct ob *ob;
	size_t nob, cob;
	size_t *ystart;		/* obligations of year t: [ystart[t],
				   ystart[t+1]) */
	size_t maxyear;		/* most obligations in one year */
	int *binding;		/* per g->f: 1 committed, 0 non-binding,
				   -1 left out (paid, unvalued) */
	long unvalued;
	cf_clear_opts copts;
	int terminate;
	int open_years;		/* spread of open-ended spend commitments */
};

/* The value holding in year t: the latest point at or before t, else
 * dflt.  Points are in year order. */
double cf_series_at(const struct series *s, int t, double dflt);
/* The figure given for exactly year t, or NAN. */
double cf_series_exact(const struct series *s, int t);
double cf_series_fading(const struct series *s, int t, double half_life);
void cf_model_free(struct model *m);
/* Entities with their vertex and kinds (m->g set), then their profiles
 * (m->y0 set): CF_EINPUT for a figure in another currency. */
int cf_model_load_members(struct model *m, cf_store *st);
int cf_model_load_profiles(struct model *m, cf_store *st);
/* vm, mv, binding and ystart (m->ny set). */
int cf_model_index(struct model *m);
/* Dates, quantity and schedule of every flow of the graph, in g->f
 * order; free with cf_fdetails_free(d, g->nf). */
int cf_model_load_details(struct fdetail **out, const cf_graph *g,
    cf_store *st);
void cf_fdetails_free(struct fdetail *d, size_t n);
/* The obligations of scenario s (valuations differ by scenario). */
int cf_model_obligations(struct model *m, const struct fdetail *d,
    const struct cf_scenario *s, const cf_scenarios *sc);
/* The names a scenario's settings and draws use, against the store. */
int cf_model_check_names(const cf_scenarios *sc,
    const struct cf_setting *set, size_t n, const struct cf_draw_spec *dr,
    size_t nd, cf_store *st);
/* The first year: the option, the file, the filter's as-of year, the
 * latest as-of date of an imported dataset, or this year. */
int cf_model_first_year(int *out, const cf_stress_opts *o,
    const cf_scenarios *sc, const cf_graph *g, cf_store *st);

#endif /* CF_STRESS_MODEL_H */
