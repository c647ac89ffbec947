/*
 * scenario.h - the scenarios file (urn:circfin:scenarios:1) in memory
 * (internal).
 *
 * A scenarios file holds settings for the stress engine, valuations of
 * non-money quantities, parameter overrides that apply to every scenario,
 * named deterministic scenarios (parameter overrides by entity, entity
 * kind, flow, flow type or flow status) and Monte Carlo specifications
 * (a deterministic scenario to start from, distributions drawn per draw
 * with a loading on one common factor, a seed and a number of draws).
 * cf_scenarios_read checks everything a file can say on its own; the
 * stress engine checks the names against the store (unknown entity or
 * flow), reporting the line kept here.  docs/formats.md describes the
 * file, docs/methods.md what each parameter does.
 */
#ifndef CF_SCENARIO_H
#define CF_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

/* Parameters.  Entity parameters take an entity, kind or "all" target;
 * CF_PARAM_ARRIVAL takes a flow, flow type, flow status or "all". */
enum cf_param {
	CF_PARAM_REVENUE_GROWTH = 0,	/* yearly growth rate (> -1) after
					   the profile's last revenue year;
					   replaces the profile's growth */
	CF_PARAM_GROWTH_FACTOR,		/* >= 0: multiplies the growth rate */
	CF_PARAM_REVENUE_FACTOR,	/* >= 0: multiplies revenue */
	CF_PARAM_GROSS_MARGIN,		/* [0, 1]: replaces the profile's */
	CF_PARAM_COST_FACTOR,		/* >= 0: multiplies operating costs */
	CF_PARAM_GPU_LIFE,		/* > 0 years: compute assets are
					   replaced over this life */
	CF_PARAM_DEBT_SERVICE,		/* [0, 1]: share of debt paid yearly */
	CF_PARAM_GROWTH_HALF_LIFE,	/* > 0 years: a profile's growth rate
					   halves every this many years
					   after the year it is given for;
					   unset, it holds */
	CF_PARAM_ARRIVAL,		/* [0, 1]: probability that a
					   non-binding flow arrives */
	CF_NPARAMS
};

/* What a setting or draw applies to. */
enum cf_target {
	CF_TARGET_ALL = 0,
	CF_TARGET_ENTITY,	/* name: an entity id */
	CF_TARGET_KIND,		/* name: an entity kind (cf_entity_kinds) */
	CF_TARGET_FLOW,		/* name: a flow id */
	CF_TARGET_TYPE,		/* name: a flow type (cf_flow_types) */
	CF_TARGET_STATUS	/* name: a flow status (cf_flow_statuses) */
};

enum cf_dist_kind {
	CF_DIST_NORMAL = 0,	/* a = mean, b = standard deviation */
	CF_DIST_LOGNORMAL,	/* a = mu, b = sigma of the logarithm */
	CF_DIST_UNIFORM,	/* a = low, b = high */
	CF_DIST_TRIANGULAR,	/* a = low, b = mode, c = high */
	CF_DIST_BERNOULLI	/* a = p: 1 with probability p, else 0 */
};

/* "revenue-growth", ... in enum order; NULL-terminated. */
extern const char *const cf_param_names[];
/* "normal", "lognormal", "uniform", "triangular", "bernoulli". */
extern const char *const cf_dist_names[];

struct cf_setting {
	int param;		/* enum cf_param */
	int target;		/* enum cf_target */
	const char *name;	/* NULL for CF_TARGET_ALL */
	double value;
	long line;
};

struct cf_dist {
	int kind;		/* enum cf_dist_kind */
	double a, b, c;
	double loading;		/* [-1, 1]: on the common factor */
};

struct cf_draw_spec {
	int param;
	int target;
	const char *name;
	struct cf_dist dist;
	long line;
};

/* One unit of a non-money quantity valued in money, by assumption. */
struct cf_valuation {
	const char *unit;	/* "GW", ... (cf_units) */
	char currency[4];
	int64_t per_unit_minor;	/* exact, in the currency's minor units */
	const char *note;
	long line;
};

struct cf_scenario {
	const char *name;	/* unique in the file */
	const char *description;
	int montecarlo;		/* 0: deterministic, 1: Monte Carlo */
	const char *base;	/* Monte Carlo: the deterministic scenario
				   drawn around (its settings apply first) */
	struct cf_setting *settings;	/* deterministic */
	size_t nsettings;
	struct cf_valuation *valuations;	/* override the file's */
	size_t nvaluations;
	struct cf_draw_spec *draws;	/* Monte Carlo */
	size_t ndraw_specs;
	long ndraws;		/* Monte Carlo: >= 1 */
	uint64_t seed;		/* Monte Carlo */
	long line;
};

/* Settings of the engine; a field the file leaves out keeps the default
 * given in the comment. */
struct cf_stress_settings {
	int start_year;		/* first year; 0: the dataset's as-of year */
	int years;		/* horizon length: 7 */
	int model;		/* CF_CLEAR_EISENBERG_NOE, _ROGERS_VERAART or
				   _FURFINE */
	double alpha, beta;	/* Rogers-Veraart: 1, 1 */
	double recovery;	/* Furfine: 0 */
	int seniority;		/* CF_SENIORITY_EQUAL */
	int terminate;		/* a defaulting entity's later commitments
				   are terminated: 1 */
	int open_years;		/* a spend commitment with no end date and
				   no schedule is spread over this many
				   years from its start: 5 */
	double tolerance;	/* of each clearing (its residual): 1e-9 */
	long max_iter;		/* rounds a clearing may take: 10000; one
				   that does not converge stops the run */
	long line;		/* of <settings>, 0 when absent */
};

typedef struct cf_scenarios cf_scenarios;

struct cf_scenarios {
	const char *path;
	char sha256[65];	/* of the file's bytes, hex */
	const char *title;
	struct cf_stress_settings settings;
	struct cf_setting *defaults;	/* apply before every scenario's */
	size_t ndefaults;
	struct cf_valuation *valuations;
	size_t nvaluations;
	struct cf_scenario *scenarios;	/* in file order */
	size_t nscenarios;
	void *arena;		/* owns the strings and arrays */
};

/*
 * Read and check the scenarios file at path: well-formed, no DOCTYPE,
 * valid against graphs/schema/scenarios-1.xsd, and what the schema cannot
 * say (unknown parameter or kind, a target the parameter does not take,
 * a value outside the parameter's range, impossible distribution
 * parameters, draws < 1, duplicate scenario names or targets, a Monte
 * Carlo base that is not a deterministic scenario).  CF_EINPUT with
 * "path:line: ..." on the first problem, CF_EIO when unreadable.
 */
int cf_scenarios_read(cf_scenarios **out, const char *path);
/* The same on text already in memory (path only names it). */
int cf_scenarios_parse(cf_scenarios **out, const char *path,
    const char *text, size_t len);
void cf_scenarios_free(cf_scenarios *s);
/* The scenario with this name, or NULL. */
const struct cf_scenario *cf_scenarios_find(const cf_scenarios *s,
    const char *name);

/* Is v in the range param takes (see enum cf_param)? */
int cf_param_value_ok(int param, double v);

#endif /* CF_SCENARIO_H */
