/*
 * stress_out.c - a stress run's results into the store and into tables.
 *
 * Expected amounts are means over draws held as doubles; they are stored
 * and shown rounded to the nearest minor unit, halves away from zero
 * (cf_round_minor).  Probabilities keep six decimals in tables.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "clear.h"
#include "graph.h"
#include "store.h"
#include "stress.h"

static int64_t
minor(double v)
{
	if (!isfinite(v))
		return 0;
	return cf_round_minor(v);
}

/* ---- the store -------------------------------------------------------------- */

static int
prep(cf_store *st, sqlite3_stmt **q, const char *sql)
{
	sqlite3_finalize(*q);
	*q = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "saving stress results");
	return CF_OK;
}

static int
step(cf_store *st, sqlite3_stmt *q)
{
	int r = sqlite3_step(q);

	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return r == SQLITE_DONE ? CF_OK :
	    cf_store_fail(st, "saving stress results");
}

static int
store_scenario(cf_store *st, sqlite3_stmt **q, const struct cf_stress *s,
    const struct cf_sresult *r, int64_t run)
{
	char seed[24];
	int rc;

	if ((rc = prep(st, q, "INSERT INTO stress_scenario(run_id, scenario,"
	    " montecarlo, base, description, draws, seed, start_year, years,"
	    " model, alpha, beta, recovery, seniority, terminate,"
	    " scenarios_file, scenarios_sha256, clearings, iterations,"
	    " residual, converged, unvalued_flows, quantiles, edge_updates)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)")) !=
	    CF_OK)
		return rc;
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)r->seed);
	sqlite3_bind_int64(*q, 1, run);
	sqlite3_bind_text(*q, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int(*q, 3, r->montecarlo);
	if (r->base)
		sqlite3_bind_text(*q, 4, r->base, -1, SQLITE_STATIC);
	if (r->description)
		sqlite3_bind_text(*q, 5, r->description, -1, SQLITE_STATIC);
	sqlite3_bind_int64(*q, 6, r->draws);
	if (r->montecarlo)
		sqlite3_bind_text(*q, 7, seed, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(*q, 8, s->start_year);
	sqlite3_bind_int(*q, 9, s->years);
	sqlite3_bind_text(*q, 10, cf_clear_model_name(s->model), -1,
	    SQLITE_STATIC);
	if (s->model == CF_CLEAR_ROGERS_VERAART) {
		sqlite3_bind_double(*q, 11, s->alpha);
		sqlite3_bind_double(*q, 12, s->beta);
	}
	if (s->model == CF_CLEAR_FURFINE)
		sqlite3_bind_double(*q, 13, s->recovery);
	sqlite3_bind_text(*q, 14, s->seniority == CF_SENIORITY_SENIOR ?
	    "senior" : "equal", -1, SQLITE_STATIC);
	sqlite3_bind_int(*q, 15, s->terminate != 0);
	sqlite3_bind_text(*q, 16, s->scenarios_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(*q, 17, s->scenarios_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(*q, 18, r->clearings);
	sqlite3_bind_int64(*q, 19, r->iterations);
	sqlite3_bind_double(*q, 20, r->residual);
	sqlite3_bind_int(*q, 21, r->converged);
	sqlite3_bind_int64(*q, 22, r->unvalued);
	sqlite3_bind_text(*q, 23, r->exact_quantiles ? "exact" : "p2", -1,
	    SQLITE_STATIC);
	sqlite3_bind_double(*q, 24, r->edge_updates);
	return step(st, *q);
}

static int
store_entities(cf_store *st, sqlite3_stmt **q, const struct cf_stress *s,
    const struct cf_sresult *r, int64_t run)
{
	size_t i;
	int t, rc, k;

	if ((rc = prep(st, q, "INSERT INTO stress_entity(run_id, scenario,"
	    " entity_id, p_default, median_default_year, shortfall_minor,"
	    " shortfall_q05_minor, shortfall_q50_minor, shortfall_q95_minor)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")) != CF_OK)
		return rc;
	for (i = 0; i < r->nents; i++) {
		const struct cf_se *e = &r->ents[i];

		sqlite3_bind_int64(*q, 1, run);
		sqlite3_bind_text(*q, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(*q, 3, s->vid[e->v], -1, SQLITE_STATIC);
		sqlite3_bind_double(*q, 4, e->p_default);
		if (e->median_year)
			sqlite3_bind_int(*q, 5, e->median_year);
		sqlite3_bind_int64(*q, 6, minor(e->shortfall));
		for (k = 0; k < 3; k++)
			sqlite3_bind_int64(*q, 7 + k, minor(e->shortfall_q[k]));
		if ((rc = step(st, *q)) != CF_OK)
			return rc;
	}
	if ((rc = prep(st, q, "INSERT INTO stress_entity_year(run_id,"
	    " scenario, entity_id, year, revenue_minor, costs_minor,"
	    " due_minor, paid_minor, shortfall_minor, p_default,"
	    " p_first_default, cash_mean_minor, cash_q05_minor,"
	    " cash_q50_minor, cash_q95_minor) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")) != CF_OK)
		return rc;
	for (i = 0; i < r->nents; i++)
		for (t = 0; t < s->years; t++) {
			const struct cf_sy *y = &r->ents[i].years[t];

			sqlite3_bind_int64(*q, 1, run);
			sqlite3_bind_text(*q, 2, r->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(*q, 3, s->vid[r->ents[i].v], -1,
			    SQLITE_STATIC);
			sqlite3_bind_int(*q, 4, s->start_year + t);
			sqlite3_bind_int64(*q, 5, minor(y->revenue));
			sqlite3_bind_int64(*q, 6, minor(y->costs));
			sqlite3_bind_int64(*q, 7, minor(y->due));
			sqlite3_bind_int64(*q, 8, minor(y->paid));
			sqlite3_bind_int64(*q, 9, minor(y->shortfall));
			sqlite3_bind_double(*q, 10, y->p_default);
			sqlite3_bind_double(*q, 11, y->p_first);
			sqlite3_bind_int64(*q, 12, minor(y->cash_mean));
			for (k = 0; k < 3; k++)
				sqlite3_bind_int64(*q, 13 + k,
				    minor(y->cash_q[k]));
			if ((rc = step(st, *q)) != CF_OK)
				return rc;
		}
	return CF_OK;
}

static int
store_vendors_flows(cf_store *st, sqlite3_stmt **q, const struct cf_stress *s,
    const struct cf_sresult *r, int64_t run)
{
	size_t i;
	int rc;

	if ((rc = prep(st, q, "INSERT INTO stress_vendor(run_id, scenario,"
	    " vendor_id, backlog_minor, at_risk_minor, at_risk_q95_minor,"
	    " own_money_minor, own_money_share) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8)")) != CF_OK)
		return rc;
	for (i = 0; i < r->nvendors; i++) {
		const struct cf_sv *v = &r->vendors[i];

		sqlite3_bind_int64(*q, 1, run);
		sqlite3_bind_text(*q, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(*q, 3, s->vid[v->v], -1, SQLITE_STATIC);
		sqlite3_bind_int64(*q, 4, minor(v->backlog));
		sqlite3_bind_int64(*q, 5, minor(v->at_risk));
		sqlite3_bind_int64(*q, 6, minor(v->at_risk_q95));
		sqlite3_bind_int64(*q, 7, minor(v->own_money));
		if (v->at_risk > 0)
			sqlite3_bind_double(*q, 8, v->own_money / v->at_risk);
		if ((rc = step(st, *q)) != CF_OK)
			return rc;
	}
	if ((rc = prep(st, q, "INSERT INTO stress_flow_year(run_id, scenario,"
	    " flow_id, year, due_minor, paid_minor, shortfall_minor, p_short)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")) != CF_OK)
		return rc;
	for (i = 0; i < r->nflows; i++) {
		const struct cf_sf *f = &r->flows[i];

		sqlite3_bind_int64(*q, 1, run);
		sqlite3_bind_text(*q, 2, r->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(*q, 3, s->fid[f->flow], -1, SQLITE_STATIC);
		sqlite3_bind_int(*q, 4, f->year);
		sqlite3_bind_int64(*q, 5, minor(f->due));
		sqlite3_bind_int64(*q, 6, minor(f->paid));
		sqlite3_bind_int64(*q, 7, minor(f->shortfall));
		sqlite3_bind_double(*q, 8, f->p_short);
		if ((rc = step(st, *q)) != CF_OK)
			return rc;
	}
	return CF_OK;
}

int
cf_stress_store(cf_store *st, const struct cf_stress *s, int64_t run)
{
	sqlite3_stmt *q = NULL;
	size_t i;
	int rc = CF_OK;

	for (i = 0; i < s->nres && rc == CF_OK; i++)
		if ((rc = store_scenario(st, &q, s, &s->res[i], run)) ==
		    CF_OK &&
		    (rc = store_entities(st, &q, s, &s->res[i], run)) == CF_OK)
			rc = store_vendors_flows(st, &q, s, &s->res[i], run);
	sqlite3_finalize(q);
	return rc;
}

int
cf_stress_detail(cf_store *st, const struct cf_stress *s, int64_t run,
    const char *scenario, long draw, const int *mv, size_t nvm,
    const double *vy)
{
	sqlite3_stmt *q = NULL;
	size_t vi;
	int t, rc;

	if ((rc = prep(st, &q, "INSERT INTO stress_draw(run_id, scenario,"
	    " draw, entity_id, year, cash_minor, due_minor, paid_minor,"
	    " shortfall_minor, defaulted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10)")) != CF_OK)
		return rc;
	for (vi = 0; vi < nvm && rc == CF_OK; vi++)
		for (t = 0; t < s->years && rc == CF_OK; t++) {
			const double *y = &vy[(vi * (size_t)s->years +
			    (size_t)t) * VY_N];
			double sh = y[VY_DUE] - y[VY_PAID];

			sqlite3_bind_int64(q, 1, run);
			sqlite3_bind_text(q, 2, scenario, -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 3, draw);
			sqlite3_bind_text(q, 4, s->vid[mv[vi]], -1,
			    SQLITE_STATIC);
			sqlite3_bind_int(q, 5, s->start_year + t);
			sqlite3_bind_int64(q, 6, minor(y[VY_CASH]));
			sqlite3_bind_int64(q, 7, minor(y[VY_DUE]));
			sqlite3_bind_int64(q, 8, minor(y[VY_PAID]));
			sqlite3_bind_int64(q, 9, minor(sh > 0 ? sh : 0));
			sqlite3_bind_int(q, 10, y[VY_DEFAULT] > 0);
			rc = step(st, q);
		}
	sqlite3_finalize(q);
	return rc;
}

/* ---- tables ------------------------------------------------------------------- */

struct row {
	char cell[16][64];
	const char *p[16];
	unsigned char num[16];
	size_t n;
};

static void
row_start(struct row *r)
{
	r->n = 0;
}

static void
cell_text(struct row *r, const char *v)
{
	r->p[r->n] = v;
	r->num[r->n] = 0;
	r->n++;
}

static void
cell_money(struct row *r, const struct cf_stress *s, double v)
{
	if (cf_money_format(r->cell[r->n], 64, minor(v), s->exponent) < 0)
		snprintf(r->cell[r->n], 64, "?");
	r->p[r->n] = r->cell[r->n];
	r->num[r->n] = 1;
	r->n++;
}

static void
cell_num(struct row *r, const char *fmt, double v)
{
	snprintf(r->cell[r->n], 64, fmt, v);
	r->p[r->n] = r->cell[r->n];
	r->num[r->n] = 1;
	r->n++;
}

static void
cell_int(struct row *r, long v, int null_if_zero)
{
	if (null_if_zero && v == 0) {
		r->p[r->n] = NULL;
	} else {
		snprintf(r->cell[r->n], 64, "%ld", v);
		r->p[r->n] = r->cell[r->n];
	}
	r->num[r->n] = 1;
	r->n++;
}

/* Hand t over on success, free it on failure. */
static int
finish(cf_table **out, cf_table *t, int rc)
{
	if (rc != CF_OK) {
		cf_table_free(t);
		return rc;
	}
	*out = t;
	return CF_OK;
}

static int
add(cf_table *t, struct row *r)
{
	return cf_table_add_row(t, r->p, r->num);
}

int
cf_stress_scenarios_table(cf_table **out, const cf_stress *s)
{
	static const char *const h[] = {"scenario", "kind", "draws",
	    "first_default", "year", "defaults", "clearings", "edge_updates",
	    "converged"};
	cf_table *t = NULL;
	struct row r;
	size_t i, k;
	int rc;

	if ((rc = cf_table_new(&t, 9, h)) != CF_OK)
		return rc;
	for (i = 0; i < s->nres && rc == CF_OK; i++) {
		const struct cf_sresult *x = &s->res[i];
		const struct cf_se *first = NULL;
		long defaults = 0;

		for (k = 0; k < x->nents; k++) {
			const struct cf_se *e = &x->ents[k];
			if (e->median_year == 0)
				continue;
			defaults++;
			if (first == NULL || e->median_year < first->median_year ||
			    (e->median_year == first->median_year &&
			    e->p_default > first->p_default))
				first = e;
		}
		row_start(&r);
		cell_text(&r, x->name);
		cell_text(&r, x->montecarlo ? "monte-carlo" : "deterministic");
		cell_int(&r, x->draws, 0);
		cell_text(&r, first ? s->vid[first->v] : NULL);
		cell_int(&r, first ? first->median_year : 0, 1);
		cell_int(&r, defaults, 0);
		cell_int(&r, x->clearings, 0);
		cell_num(&r, "%.0f", x->edge_updates);
		cell_int(&r, x->converged, 0);
		rc = add(t, &r);
	}
	return finish(out, t, rc);
}

int
cf_stress_entities_table(cf_table **out, const cf_stress *s)
{
	static const char *const h[] = {"scenario", "entity", "p_default",
	    "median_default_year", "shortfall", "shortfall_q05",
	    "shortfall_q50", "shortfall_q95"};
	cf_table *t = NULL;
	struct row r;
	size_t i, k;
	int rc, q;

	if ((rc = cf_table_new(&t, 8, h)) != CF_OK)
		return rc;
	for (i = 0; i < s->nres; i++)
		for (k = 0; k < s->res[i].nents && rc == CF_OK; k++) {
			const struct cf_se *e = &s->res[i].ents[k];

			row_start(&r);
			cell_text(&r, s->res[i].name);
			cell_text(&r, s->vid[e->v]);
			cell_num(&r, "%.6f", e->p_default);
			cell_int(&r, e->median_year, 1);
			cell_money(&r, s, e->shortfall);
			for (q = 0; q < 3; q++)
				cell_money(&r, s, e->shortfall_q[q]);
			rc = add(t, &r);
		}
	return finish(out, t, rc);
}

int
cf_stress_years_table(cf_table **out, const cf_stress *s)
{
	static const char *const h[] = {"scenario", "entity", "year",
	    "revenue", "costs", "due", "paid", "shortfall", "p_default",
	    "cash_mean", "cash_q05", "cash_q50", "cash_q95"};
	cf_table *t = NULL;
	struct row r;
	size_t i, k;
	int rc, y, q;

	if ((rc = cf_table_new(&t, 13, h)) != CF_OK)
		return rc;
	for (i = 0; i < s->nres; i++)
		for (k = 0; k < s->res[i].nents; k++)
			for (y = 0; y < s->years && rc == CF_OK; y++) {
				const struct cf_sy *x = &s->res[i].ents[k]
				    .years[y];

				row_start(&r);
				cell_text(&r, s->res[i].name);
				cell_text(&r, s->vid[s->res[i].ents[k].v]);
				cell_int(&r, s->start_year + y, 0);
				cell_money(&r, s, x->revenue);
				cell_money(&r, s, x->costs);
				cell_money(&r, s, x->due);
				cell_money(&r, s, x->paid);
				cell_money(&r, s, x->shortfall);
				cell_num(&r, "%.6f", x->p_default);
				cell_money(&r, s, x->cash_mean);
				for (q = 0; q < 3; q++)
					cell_money(&r, s, x->cash_q[q]);
				rc = add(t, &r);
			}
	return finish(out, t, rc);
}

int
cf_stress_vendors_table(cf_table **out, const cf_stress *s)
{
	static const char *const h[] = {"scenario", "vendor", "backlog",
	    "at_risk", "at_risk_q95", "own_money", "own_money_share"};
	cf_table *t = NULL;
	struct row r;
	size_t i, k;
	int rc;

	if ((rc = cf_table_new(&t, 7, h)) != CF_OK)
		return rc;
	for (i = 0; i < s->nres; i++)
		for (k = 0; k < s->res[i].nvendors && rc == CF_OK; k++) {
			const struct cf_sv *v = &s->res[i].vendors[k];

			row_start(&r);
			cell_text(&r, s->res[i].name);
			cell_text(&r, s->vid[v->v]);
			cell_money(&r, s, v->backlog);
			cell_money(&r, s, v->at_risk);
			cell_money(&r, s, v->at_risk_q95);
			cell_money(&r, s, v->own_money);
			if (v->at_risk > 0)
				cell_num(&r, "%.6f", v->own_money / v->at_risk);
			else
				cell_text(&r, NULL);
			rc = add(t, &r);
		}
	return finish(out, t, rc);
}

int
cf_stress_flows_table(cf_table **out, const cf_stress *s)
{
	static const char *const h[] = {"scenario", "flow", "year", "due",
	    "paid", "shortfall", "p_short"};
	cf_table *t = NULL;
	struct row r;
	size_t i, k;
	int rc;

	if ((rc = cf_table_new(&t, 7, h)) != CF_OK)
		return rc;
	for (i = 0; i < s->nres; i++)
		for (k = 0; k < s->res[i].nflows && rc == CF_OK; k++) {
			const struct cf_sf *f = &s->res[i].flows[k];

			if (minor(f->shortfall) == 0)
				continue;
			row_start(&r);
			cell_text(&r, s->res[i].name);
			cell_text(&r, s->fid[f->flow]);
			cell_int(&r, f->year, 0);
			cell_money(&r, s, f->due);
			cell_money(&r, s, f->paid);
			cell_money(&r, s, f->shortfall);
			cell_num(&r, "%.6f", f->p_short);
			rc = add(t, &r);
		}
	return finish(out, t, rc);
}
