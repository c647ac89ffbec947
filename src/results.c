/*
 * results.c - cycles and exposure as tables and JSON, with exact amounts.
 *
 * Amounts are written in major units of the graph's currency
 * ("13000000000.00"); traced amounts (real numbers) are first rounded to
 * the nearest minor unit, halves away from zero.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "model.h"
#include "table.h"

/* Traced amounts to minor units: nearest, halves away from zero.  The
 * solver stops within its tolerance of the exact value, so a value within
 * 1e-6 of a half counts as the half. */
int64_t
cf_round_minor(double v)
{
	double whole, frac;

	if (v >= 9.2e18)
		return INT64_MAX;
	if (v <= -9.2e18)
		return INT64_MIN;
	frac = modf(v, &whole);
	if (fabs(fabs(frac) - 0.5) < 1e-6)
		return (int64_t)whole + (v < 0 ? -1 : 1);
	return (int64_t)llround(v);
}

static void
money(char *buf, size_t size, const cf_graph *g, int64_t minor)
{
	if (cf_money_format(buf, size, minor, g->exponent) < 0)
		snprintf(buf, size, "?");
}

/* "from>to=amount[flow;flow]" for each edge of cycle i, " | " between. */
static int
edges_text(char **out, const cf_graph *g, const int *verts, int len)
{
	size_t cap = 256, n = 0;
	char *buf = malloc(cap), amt[48];
	int k;

	if (buf == NULL)
		return cf_error_set(CF_ENOMEM, "cycle edges");
	buf[0] = '\0';
	for (k = 0; k < len; k++) {
		const struct cf_gedge *e = cf_graph_edge_between(g, verts[k],
		    verts[(k + 1) % len]);
		size_t need, f;

		money(amt, sizeof(amt), g, e->amount);
		need = strlen(g->v[e->from].id) + strlen(g->v[e->to].id) +
		    strlen(amt) + 16;
		for (f = e->flow0; f < e->flow0 + e->nflows; f++)
			need += strlen(g->f[f].id) + 1;
		while (n + need >= cap) {
			char *nb = realloc(buf, cap *= 2);
			if (nb == NULL) {
				free(buf);
				return cf_error_set(CF_ENOMEM, "cycle edges");
			}
			buf = nb;
		}
		n += (size_t)sprintf(buf + n, "%s%s>%s=%s[", k ? " | " : "",
		    g->v[e->from].id, g->v[e->to].id,
		    e->valued ? amt : "unvalued");
		for (f = e->flow0; f < e->flow0 + e->nflows; f++)
			n += (size_t)sprintf(buf + n, "%s%s",
			    f > e->flow0 ? ";" : "", g->f[f].id);
		n += (size_t)sprintf(buf + n, "]");
	}
	*out = buf;
	return CF_OK;
}

static int
path_text(char **out, const cf_graph *g, const int *verts, int len)
{
	size_t need = 1;
	char *buf;
	int k;

	for (k = 0; k < len; k++)
		need += strlen(g->v[verts[k]].id) + 3;
	need += strlen(g->v[verts[0]].id);
	if ((buf = malloc(need)) == NULL)
		return cf_error_set(CF_ENOMEM, "cycle path");
	buf[0] = '\0';
	for (k = 0; k < len; k++) {
		strcat(buf, g->v[verts[k]].id);
		strcat(buf, " > ");
	}
	strcat(buf, g->v[verts[0]].id);
	*out = buf;
	return CF_OK;
}

int
cf_cycle_path_text(char **out, const cf_graph *g, const cf_cycles *c,
    size_t i)
{
	const int *verts;
	int len;

	if (cf_cycle_get(c, i, &verts, &len, NULL, NULL, NULL) != CF_OK)
		return cf_error_set(CF_ENOTFOUND, "no cycle %zu", i + 1);
	return path_text(out, g, verts, len);
}

int
cf_cycles_table(cf_table **out, const cf_graph *g, const cf_cycles *c)
{
	static const char *const head[] = {"rank", "length", "cycle",
	    "bottleneck", "total", "currency", "edges"};
	static const unsigned char num[] = {1, 1, 0, 0, 0, 0, 0};
	cf_table *t = NULL;
	size_t i;
	int rc;

	if ((rc = cf_table_new(&t, 7, head)) != CF_OK)
		return rc;
	for (i = 0; i < cf_cycles_size(c); i++) {
		char rank[24], len_s[16], bott[48], total[48];
		char *path = NULL, *edges = NULL;
		const char *cells[7];
		const int *verts;
		int64_t b, tot;
		int len, valued;

		cf_cycle_get(c, i, &verts, &len, &valued, &b, &tot);
		snprintf(rank, sizeof(rank), "%zu", i + 1);
		snprintf(len_s, sizeof(len_s), "%d", len);
		money(bott, sizeof(bott), g, b);
		money(total, sizeof(total), g, tot);
		if ((rc = path_text(&path, g, verts, len)) != CF_OK ||
		    (rc = edges_text(&edges, g, verts, len)) != CF_OK) {
			free(path);
			break;
		}
		cells[0] = rank;
		cells[1] = len_s;
		cells[2] = path;
		cells[3] = valued ? bott : NULL;
		cells[4] = total;
		cells[5] = g->currency;
		cells[6] = edges;
		rc = cf_table_add_row(t, cells, num);
		free(path);
		free(edges);
		if (rc != CF_OK)
			break;
	}
	if (rc != CF_OK) {
		cf_table_free(t);
		return rc;
	}
	*out = t;
	return CF_OK;
}

int
cf_exposure_table(cf_table **out, const cf_graph *g, const cf_exposure *x)
{
	static const char *const head[] = {"entity", "backlog",
	    "backlog_paid", "backlog_committed", "backlog_contingent",
	    "self_funded", "self_funded_backlog", "self_funded_share",
	    "net_backlog", "round_trips", "at_risk_financing", "currency"};
	static const unsigned char num[] = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	    0};
	cf_table *t = NULL;
	size_t i;
	int rc;

	if ((rc = cf_table_new(&t, 12, head)) != CF_OK)
		return rc;
	for (i = 0; i < x->nvendors && rc == CF_OK; i++) {
		const struct cf_vendor *v = &x->vendors[i];
		char a[9][48], share[32];
		const char *cells[12];
		int k;

		money(a[0], 48, g, v->backlog_total);
		money(a[1], 48, g, v->backlog[0]);
		money(a[2], 48, g, v->backlog[1]);
		money(a[3], 48, g, v->backlog_total - v->backlog[0] -
		    v->backlog[1]);
		money(a[4], 48, g, cf_round_minor(v->self_funded));
		money(a[5], 48, g, cf_round_minor(v->self_funded_backlog));
		money(a[6], 48, g, cf_round_minor(v->net_backlog));
		money(a[7], 48, g, v->round_trips);
		money(a[8], 48, g, v->at_risk);
		snprintf(share, sizeof(share), "%.6f", v->share);
		cells[0] = g->v[v->v].id;
		for (k = 0; k < 6; k++)
			cells[k + 1] = a[k];
		cells[7] = share;
		cells[8] = a[6];
		cells[9] = a[7];
		cells[10] = a[8];
		cells[11] = g->currency;
		rc = cf_table_add_row(t, cells, num);
	}
	if (rc != CF_OK) {
		cf_table_free(t);
		return rc;
	}
	*out = t;
	return CF_OK;
}

int
cf_round_trips_table(cf_table **out, const cf_graph *g, const cf_exposure *x)
{
	static const char *const head[] = {"vendor", "counterparty",
	    "financing", "spend", "round_trip", "currency"};
	cf_table *t = NULL;
	size_t i;
	int rc;

	if ((rc = cf_table_new(&t, 6, head)) != CF_OK)
		return rc;
	for (i = 0; i < x->ntrips && rc == CF_OK; i++) {
		const struct cf_round_trip *r = &x->trips[i];
		char a[3][48];
		const char *cells[6];

		money(a[0], 48, g, r->financing);
		money(a[1], 48, g, r->spend);
		money(a[2], 48, g, r->amount);
		cells[0] = g->v[r->vendor].id;
		cells[1] = g->v[r->counterparty].id;
		cells[2] = a[0];
		cells[3] = a[1];
		cells[4] = a[2];
		cells[5] = g->currency;
		rc = cf_table_add_row(t, cells, NULL);
	}
	if (rc != CF_OK) {
		cf_table_free(t);
		return rc;
	}
	*out = t;
	return CF_OK;
}

/* A ';'-separated list as a JSON array of strings. */
static int
json_list(FILE *fp, const char *list)
{
	const char *p = list;

	if (fputc('[', fp) == EOF)
		return -1;
	while (p != NULL && *p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *item = malloc(n + 1);

		if (item == NULL)
			return -1;
		memcpy(item, p, n);
		item[n] = '\0';
		if ((p != list && fputc(',', fp) == EOF) ||
		    cf_json_string(fp, item) < 0) {
			free(item);
			return -1;
		}
		free(item);
		p = end ? end + 1 : NULL;
	}
	return fputc(']', fp) == EOF ? -1 : 0;
}

int
cf_cycles_write_json(const cf_graph *g, const cf_cycles *c, FILE *fp)
{
	size_t i, f;
	char amt[48];

	if (fprintf(fp, "{\"currency\": \"%s\", \"truncated\": %s,"
	    " \"cycles\": [", g->currency,
	    cf_cycles_truncated(c) ? "true" : "false") < 0)
		goto fail;
	for (i = 0; i < cf_cycles_size(c); i++) {
		const int *verts;
		int64_t b, tot;
		int len, valued, k;

		cf_cycle_get(c, i, &verts, &len, &valued, &b, &tot);
		if (fprintf(fp, "%s\n  {\"rank\": %zu, \"length\": %d,"
		    " \"entities\": [", i ? "," : "", i + 1, len) < 0)
			goto fail;
		for (k = 0; k < len; k++)
			if ((k && fputc(',', fp) == EOF) ||
			    cf_json_string(fp, g->v[verts[k]].id) < 0)
				goto fail;
		money(amt, sizeof(amt), g, b);
		if (fprintf(fp, "], \"bottleneck\": %s%s%s, ", valued ? "\"" :
		    "", valued ? amt : "null", valued ? "\"" : "") < 0)
			goto fail;
		money(amt, sizeof(amt), g, tot);
		if (fprintf(fp, "\"total\": \"%s\", \"edges\": [", amt) < 0)
			goto fail;
		for (k = 0; k < len; k++) {
			const struct cf_gedge *e = cf_graph_edge_between(g,
			    verts[k], verts[(k + 1) % len]);
			money(amt, sizeof(amt), g, e->amount);
			if (fprintf(fp, "%s\n    {\"from\": ", k ? "," : "") < 0 ||
			    cf_json_string(fp, g->v[e->from].id) < 0 ||
			    fputs(", \"to\": ", fp) < 0 ||
			    cf_json_string(fp, g->v[e->to].id) < 0 ||
			    fprintf(fp, ", \"amount\": %s%s%s, \"flows\": [",
			    e->valued ? "\"" : "", e->valued ? amt : "null",
			    e->valued ? "\"" : "") < 0)
				goto fail;
			for (f = e->flow0; f < e->flow0 + e->nflows; f++) {
				const struct cf_gflow *fl = &g->f[f];
				money(amt, sizeof(amt), g, fl->amount);
				if (fprintf(fp, "%s{\"id\": ", f > e->flow0 ?
				    ", " : "") < 0 ||
				    cf_json_string(fp, fl->id) < 0 ||
				    fputs(", \"type\": ", fp) < 0 ||
				    cf_json_string(fp,
				    cf_flow_types[fl->type].name) < 0 ||
				    fputs(", \"status\": ", fp) < 0 ||
				    cf_json_string(fp,
				    cf_flow_statuses[fl->status].name) < 0 ||
				    fprintf(fp, ", \"amount\": %s%s%s,"
				    " \"sources\": ", fl->valued ? "\"" : "",
				    fl->valued ? amt : "null",
				    fl->valued ? "\"" : "") < 0 ||
				    json_list(fp, fl->sources) < 0 ||
				    fputc('}', fp) == EOF)
					goto fail;
			}
			if (fputs("]}", fp) < 0)
				goto fail;
		}
		if (fputs("]}", fp) < 0)
			goto fail;
	}
	if (fputs("\n]}\n", fp) < 0)
		goto fail;
	return CF_OK;
fail:
	return cf_error_set(CF_EIO, "writing JSON");
}
