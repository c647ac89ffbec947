/*
 * runs.c - recording analysis runs and their results in the store.
 *
 * A run row holds the filter that made the graph; the graph's aggregated
 * edges (and the flows behind each), the flows that consolidation left
 * out, and the results reference the run.  Each save is one transaction.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "circfin.h"
#include "graph.h"
#include "model.h"
#include "store.h"

/* "paid,committed" from a bit set over a vocabulary. */
static void
set_text(char *buf, size_t size, unsigned set, const struct cf_vocab *v)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; v[i].name != NULL && n < size; i++)
		if (set & (1u << i))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n ? "," : "", v[i].name);
}

struct saver {
	cf_store *st;
	sqlite3_stmt *q;
	int rc;
};

/* Prepare sql into s->q (finalizing the previous one). */
static int
prep(struct saver *s, const char *sql)
{
	sqlite3_finalize(s->q);
	s->q = NULL;
	if (sqlite3_prepare_v2(s->st->db, sql, -1, &s->q, NULL) != SQLITE_OK)
		return s->rc = cf_store_fail(s->st, "saving results");
	return CF_OK;
}

static int
done(struct saver *s)
{
	int r = sqlite3_step(s->q);

	sqlite3_reset(s->q);
	sqlite3_clear_bindings(s->q);
	if (r != SQLITE_DONE)
		return s->rc = cf_store_fail(s->st, "saving results");
	return CF_OK;
}

static int
insert_run(struct saver *s, const cf_graph *g, const char *kind,
    int64_t *run_id)
{
	char statuses[256], types[512], now[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	set_text(statuses, sizeof(statuses), g->statuses, cf_flow_statuses);
	set_text(types, sizeof(types), g->types, cf_flow_types);
	if (prep(s, "INSERT INTO analysis_run(kind, created, version, as_of,"
	    " statuses, types, consolidated, currency, min_amount_minor,"
	    " entities, edges, flows, intragroup_flows, imports_through)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " (SELECT coalesce(max(id), 0) FROM import_log))") != CF_OK)
		return s->rc;
	sqlite3_bind_text(s->q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s->q, 3, cf_version(), -1, SQLITE_STATIC);
	if (g->as_of[0])
		sqlite3_bind_text(s->q, 4, g->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->q, 5, statuses, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s->q, 6, types, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s->q, 7, g->consolidate != 0);
	sqlite3_bind_text(s->q, 8, g->currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->q, 9, g->min_amount);
	sqlite3_bind_int64(s->q, 10, (sqlite3_int64)g->nv);
	sqlite3_bind_int64(s->q, 11, (sqlite3_int64)g->ne);
	sqlite3_bind_int64(s->q, 12, (sqlite3_int64)g->nf);
	sqlite3_bind_int64(s->q, 13, (sqlite3_int64)g->nintra);
	if (done(s) != CF_OK)
		return s->rc;
	*run_id = sqlite3_last_insert_rowid(s->st->db);
	return CF_OK;
}

static int
insert_graph(struct saver *s, const cf_graph *g, int64_t run)
{
	size_t i, f;

	if (prep(s, "INSERT INTO run_edge(run_id, from_id, to_id,"
	    " amount_minor, valued) VALUES (?1, ?2, ?3, ?4, ?5)") != CF_OK)
		return s->rc;
	for (i = 0; i < g->ne; i++) {
		sqlite3_bind_int64(s->q, 1, run);
		sqlite3_bind_text(s->q, 2, g->v[g->e[i].from].id, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(s->q, 3, g->v[g->e[i].to].id, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(s->q, 4, g->e[i].amount);
		sqlite3_bind_int(s->q, 5, g->e[i].valued);
		if (done(s) != CF_OK)
			return s->rc;
	}
	if (prep(s, "INSERT INTO run_edge_flow(run_id, from_id, to_id,"
	    " flow_id) VALUES (?1, ?2, ?3, ?4)") != CF_OK)
		return s->rc;
	for (f = 0; f < g->nf; f++) {
		const struct cf_gedge *e = &g->e[g->f[f].edge];
		sqlite3_bind_int64(s->q, 1, run);
		sqlite3_bind_text(s->q, 2, g->v[e->from].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->q, 3, g->v[e->to].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s->q, 4, g->f[f].id, -1, SQLITE_STATIC);
		if (done(s) != CF_OK)
			return s->rc;
	}
	if (prep(s, "INSERT INTO run_intragroup_flow(run_id, flow_id,"
	    " group_id) VALUES (?1, ?2, ?3)") != CF_OK)
		return s->rc;
	for (i = 0; i < g->nintra; i++) {
		sqlite3_bind_int64(s->q, 1, run);
		sqlite3_bind_text(s->q, 2, g->intra[i].flow_id, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(s->q, 3, g->intra[i].group, -1,
		    SQLITE_STATIC);
		if (done(s) != CF_OK)
			return s->rc;
	}
	return CF_OK;
}

int
cf_run_insert(cf_store *st, const cf_graph *g, const char *kind,
    int64_t *run_id)
{
	struct saver s = {st, NULL, CF_OK};

	if (insert_run(&s, g, kind, run_id) == CF_OK)
		insert_graph(&s, g, *run_id);
	sqlite3_finalize(s.q);
	return s.rc;
}

/* Begin, run fn, commit or roll back. */
static int
in_transaction(cf_store *st, int (*fn)(struct saver *, const void *),
    const void *arg)
{
	struct saver s = {st, NULL, CF_OK};
	int rc;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return cf_store_fail(st, "begin");
	rc = fn(&s, arg);
	sqlite3_finalize(s.q);
	if (rc == CF_OK &&
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return CF_OK;
	if (rc == CF_OK)
		rc = cf_store_fail(st, "commit");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

struct cycles_job {
	const cf_graph *g;
	const cf_cycles *c;
	int max_len;
	size_t limit;
	int64_t *run;
};

static int
save_cycles(struct saver *s, const void *arg)
{
	const struct cycles_job *j = arg;
	const cf_graph *g = j->g;
	sqlite3_stmt *edge = NULL;
	char *path = NULL;
	size_t i;
	int k;

	if (insert_run(s, g, "cycles", j->run) != CF_OK ||
	    insert_graph(s, g, *j->run) != CF_OK ||
	    prep(s, "UPDATE analysis_run SET max_len = ?1, cycle_limit = ?2,"
	    " truncated = ?3 WHERE id = ?4") != CF_OK)
		return s->rc;
	sqlite3_bind_int(s->q, 1, j->max_len);
	if (j->limit)
		sqlite3_bind_int64(s->q, 2, (sqlite3_int64)j->limit);
	sqlite3_bind_int(s->q, 3, cf_cycles_truncated(j->c));
	sqlite3_bind_int64(s->q, 4, *j->run);
	if (done(s) != CF_OK)
		return s->rc;
	if (sqlite3_prepare_v2(s->st->db, "INSERT INTO cycle_edge(run_id,"
	    " rank, pos, from_id, to_id, amount_minor) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6)", -1, &edge, NULL) != SQLITE_OK ||
	    prep(s, "INSERT INTO cycle(run_id, rank, length, entities,"
	    " valued, bottleneck_minor, total_minor) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7)") != CF_OK) {
		sqlite3_finalize(edge);
		return s->rc = cf_store_fail(s->st, "saving cycles");
	}
	for (i = 0; i < cf_cycles_size(j->c) && s->rc == CF_OK; i++) {
		const int *v;
		int64_t b, tot;
		int len, valued;

		cf_cycle_get(j->c, i, &v, &len, &valued, &b, &tot);
		if ((s->rc = cf_cycle_path_text(&path, g, j->c, i)) != CF_OK)
			break;
		sqlite3_bind_int64(s->q, 1, *j->run);
		sqlite3_bind_int64(s->q, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int(s->q, 3, len);
		sqlite3_bind_text(s->q, 4, path, -1, free);
		sqlite3_bind_int(s->q, 5, valued);
		if (valued)
			sqlite3_bind_int64(s->q, 6, b);
		sqlite3_bind_int64(s->q, 7, tot);
		if (done(s) != CF_OK)
			break;
		for (k = 0; k < len; k++) {
			const struct cf_gedge *e = cf_graph_edge_between(g, v[k],
			    v[(k + 1) % len]);
			sqlite3_bind_int64(edge, 1, *j->run);
			sqlite3_bind_int64(edge, 2, (sqlite3_int64)i + 1);
			sqlite3_bind_int(edge, 3, k);
			sqlite3_bind_text(edge, 4, g->v[e->from].id, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(edge, 5, g->v[e->to].id, -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(edge, 6, e->amount);
			if (sqlite3_step(edge) != SQLITE_DONE) {
				s->rc = cf_store_fail(s->st, "saving cycles");
				break;
			}
			sqlite3_reset(edge);
		}
	}
	sqlite3_finalize(edge);
	return s->rc;
}

int
cf_store_save_cycles(int64_t *out, cf_store *st, const cf_graph *g,
    const cf_cycles *c, int max_len, size_t limit)
{
	struct cycles_job j = {g, c, max_len, limit, out};

	return in_transaction(st, save_cycles, &j);
}

struct exposure_job {
	const cf_graph *g;
	const cf_exposure *x;
	int64_t *run;
};

static int
save_exposure(struct saver *s, const void *arg)
{
	const struct exposure_job *j = arg;
	const cf_graph *g = j->g;
	const cf_exposure *x = j->x;
	size_t i;

	if (insert_run(s, g, "exposure", j->run) != CF_OK ||
	    insert_graph(s, g, *j->run) != CF_OK ||
	    prep(s, "UPDATE analysis_run SET circularity = ?1, tolerance = ?2,"
	    " iterations = ?3, residual = ?4, converged = ?5 WHERE id = ?6") !=
	    CF_OK)
		return s->rc;
	sqlite3_bind_double(s->q, 1, x->circularity);
	sqlite3_bind_double(s->q, 2, x->tolerance);
	sqlite3_bind_int(s->q, 3, x->iterations);
	sqlite3_bind_double(s->q, 4, x->residual);
	sqlite3_bind_int(s->q, 5, x->converged);
	sqlite3_bind_int64(s->q, 6, *j->run);
	if (done(s) != CF_OK ||
	    prep(s, "INSERT INTO exposure(run_id, entity_id, backlog_minor,"
	    " backlog_paid_minor, backlog_committed_minor,"
	    " backlog_contingent_minor, self_funded_minor,"
	    " self_funded_backlog_minor, self_funded_share, net_backlog_minor,"
	    " round_trips_minor, at_risk_financing_minor) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)") != CF_OK)
		return s->rc;
	for (i = 0; i < x->nvendors; i++) {
		const struct cf_vendor *v = &x->vendors[i];
		sqlite3_bind_int64(s->q, 1, *j->run);
		sqlite3_bind_text(s->q, 2, g->v[v->v].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s->q, 3, v->backlog_total);
		sqlite3_bind_int64(s->q, 4, v->backlog[0]);
		sqlite3_bind_int64(s->q, 5, v->backlog[1]);
		sqlite3_bind_int64(s->q, 6, v->backlog_total - v->backlog[0] -
		    v->backlog[1]);
		sqlite3_bind_int64(s->q, 7, cf_round_minor(v->self_funded));
		sqlite3_bind_int64(s->q, 8,
		    cf_round_minor(v->self_funded_backlog));
		sqlite3_bind_double(s->q, 9, v->share);
		sqlite3_bind_int64(s->q, 10, cf_round_minor(v->net_backlog));
		sqlite3_bind_int64(s->q, 11, v->round_trips);
		sqlite3_bind_int64(s->q, 12, v->at_risk);
		if (done(s) != CF_OK)
			return s->rc;
	}
	if (prep(s, "INSERT INTO round_trip(run_id, vendor_id,"
	    " counterparty_id, financing_minor, spend_minor, amount_minor)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)") != CF_OK)
		return s->rc;
	for (i = 0; i < x->ntrips; i++) {
		const struct cf_round_trip *t = &x->trips[i];
		sqlite3_bind_int64(s->q, 1, *j->run);
		sqlite3_bind_text(s->q, 2, g->v[t->vendor].id, -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(s->q, 3, g->v[t->counterparty].id, -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(s->q, 4, t->financing);
		sqlite3_bind_int64(s->q, 5, t->spend);
		sqlite3_bind_int64(s->q, 6, t->amount);
		if (done(s) != CF_OK)
			return s->rc;
	}
	return CF_OK;
}

int
cf_store_save_exposure(int64_t *out, cf_store *st, const cf_graph *g,
    const cf_exposure *x)
{
	struct exposure_job j = {g, x, out};

	return in_transaction(st, save_exposure, &j);
}
