/*
 * graph.c - building the money-flow graph from the store.
 *
 * Loads entities (with kinds and ultimate parents) and the flows that pass
 * the filter, maps each flow's ends to vertices (entities, or their
 * ultimate parents when consolidating; flows inside one group are listed
 * apart), and aggregates parallel flows into one edge per ordered pair.
 * Then builds the igraph copy, its adjacency lists and the strongly
 * connected components every analysis starts from.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "model.h"
#include "store.h"

int
cf_flow_type_class(int type)
{
	const char *name = type >= 0 ? cf_flow_types[type].name : "";

	if (strcmp(name, "compute-commitment") == 0 ||
	    strcmp(name, "chip-purchase") == 0 ||
	    strcmp(name, "capacity-backstop") == 0 ||
	    strcmp(name, "rental") == 0)
		return CF_CLASS_SPEND;
	if (strcmp(name, "equity") == 0 ||
	    strcmp(name, "convertible-note") == 0 ||
	    strcmp(name, "loan") == 0 || strcmp(name, "warrant") == 0 ||
	    strcmp(name, "credits") == 0)
		return CF_CLASS_FINANCING;
	return CF_CLASS_OTHER;
}

static int
set_parse(unsigned *out, const char *list, const struct cf_vocab *v,
    const char *what)
{
	const char *p = list, *end;
	unsigned set = 0;
	int i;

	if (list == NULL || strcmp(list, "all") == 0) {
		for (i = 0; v[i].name != NULL; i++)
			set |= 1u << i;
		*out = set;
		return CF_OK;
	}
	while (*p) {
		char name[64];
		size_t n;

		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || n >= sizeof(name))
			goto bad;
		memcpy(name, p, n);
		name[n] = '\0';
		if ((i = cf_vocab_find(v, name)) < 0) {
			char allowed[512];
			size_t len = 0;
			int k;

			allowed[0] = '\0';
			for (k = 0; v[k].name != NULL; k++)
				len += (size_t)snprintf(allowed + len,
				    sizeof(allowed) - len, "%s%s", k ? ", " : "",
				    v[k].name);
			return cf_error_set(CF_EARG, "unknown %s '%s' (one of:"
			    " %s, or all)", what, name, allowed);
		}
		set |= 1u << i;
		p += n;
		if (*p == ',')
			p++;
	}
	if (set == 0)
		goto bad;
	*out = set;
	return CF_OK;
bad:
	return cf_error_set(CF_EARG, "bad %s list '%s' (names separated by"
	    " commas)", what, list);
}

int
cf_status_set_parse(unsigned *out, const char *list)
{
	return set_parse(out, list, cf_flow_statuses, "status");
}

int
cf_type_set_parse(unsigned *out, const char *list)
{
	return set_parse(out, list, cf_flow_types, "flow type");
}

/* A partial as-of date means its last day: "2024" -> "2024-12-31". */
static int
normalise_as_of(char out[11], const char *as_of)
{
	static const char *const last[] = {"31", "29", "31", "30", "31", "30",
	    "31", "31", "30", "31", "30", "31"};
	size_t n;

	if (as_of == NULL) {
		out[0] = '\0';
		return CF_OK;
	}
	if (!cf_date_valid(as_of))
		return cf_error_set(CF_EARG, "as-of date '%.40s' is not a date"
		    " (YYYY-MM-DD, YYYY-MM or YYYY)", as_of);
	n = strlen(as_of);
	if (n == 10) {
		memcpy(out, as_of, 11);
	} else if (n == 7) {
		int m = atoi(as_of + 5), y = atoi(as_of);
		const char *d = last[m - 1];
		if (m == 2 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
			d = "28";
		snprintf(out, 11, "%.7s-%s", as_of, d);
	} else {
		snprintf(out, 11, "%.4s-12-31", as_of);
	}
	return CF_OK;
}

/* ---- loading ------------------------------------------------------------- */

struct entity_row {
	char *id, *name, *parent;
	unsigned kinds;
	int root;		/* index of the ultimate parent */
};

static int
entity_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entity_row *)a)->id,
	    ((const struct entity_row *)b)->id);
}

static int
find_entity(const struct entity_row *rows, size_t n, const char *id)
{
	return cf_find_id(rows, n, sizeof(*rows), offsetof(struct entity_row,
	    id), id);
}

static char *
dup_col(sqlite3_stmt *q, int col)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	return t ? strdup((const char *)t) : NULL;
}

static int
load_entities(cf_store *st, struct entity_row **out, size_t *nout)
{
	sqlite3_stmt *q = NULL;
	struct entity_row *rows = NULL;
	size_t n = 0, cap = 0, i;
	int rc = CF_OK, r;

	if (sqlite3_prepare_v2(st->db, "SELECT id, name, parent_id FROM"
	    " entity", -1, &q, NULL) != SQLITE_OK)
		return cf_store_fail(st, "loading entities");
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = cf_limit_check(CF_LIMIT_GRAPH_ENTITIES, n + 1, NULL,
		    0)) != CF_OK)
			goto out;
		if (n == cap) {
			struct entity_row *nr;
			cap = cap ? cap * 2 : 256;
			if ((nr = realloc(rows, cap * sizeof(*rows))) == NULL) {
				rc = cf_error_set(CF_ENOMEM, "entities");
				goto out;
			}
			rows = nr;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].id = dup_col(q, 0);
		rows[n].name = dup_col(q, 1);
		rows[n].parent = dup_col(q, 2);
		n++;
		if (rows[n - 1].id == NULL || rows[n - 1].name == NULL) {
			rc = cf_error_set(CF_ENOMEM, "entities");
			goto out;
		}
	}
	if (r != SQLITE_DONE) {
		rc = cf_store_fail(st, "loading entities");
		goto out;
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), entity_cmp);
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(st->db, "SELECT entity_id, kind FROM"
	    " entity_kind", -1, &q, NULL) != SQLITE_OK) {
		q = NULL;
		rc = cf_store_fail(st, "loading kinds");
		goto out;
	}
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		int e = find_entity(rows, n,
		    (const char *)sqlite3_column_text(q, 0));
		int k = cf_vocab_find(cf_entity_kinds,
		    (const char *)sqlite3_column_text(q, 1));
		if (e >= 0 && k >= 0)
			rows[e].kinds |= 1u << k;
	}
	if (r != SQLITE_DONE) {
		rc = cf_store_fail(st, "loading kinds");
		goto out;
	}
	/* Ultimate parents: the store refuses parent loops, but stop after n
	 * steps anyway. */
	for (i = 0; i < n; i++) {
		int cur = (int)i, steps = 0, p;
		while (rows[cur].parent != NULL && steps++ < (int)n &&
		    (p = find_entity(rows, n, rows[cur].parent)) >= 0)
			cur = p;
		rows[i].root = cur;
	}
out:
	sqlite3_finalize(q);
	*out = rows;
	*nout = n;
	return rc;
}

static void
free_entities(struct entity_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].id);
		free(rows[i].name);
		free(rows[i].parent);
	}
	free(rows);
}

/* A flow that passed the filter, before aggregation. */
struct raw_flow {
	char *id, *sources;
	int from, to;		/* vertex indices */
	int status, type, valued;
	int64_t amount;
};

static int
raw_cmp(const void *a, const void *b)
{
	const struct raw_flow *x = a, *y = b;

	if (x->from != y->from)
		return x->from - y->from;
	if (x->to != y->to)
		return x->to - y->to;
	return strcmp(x->id, y->id);
}

/* The status a flow has as of the filter's date. */
static int
effective_status(const cf_graph *g, const char *status, const char *prior,
    const char *replaced_on)
{
	if (strcmp(status, "superseded") == 0 && g->as_of[0] != '\0' &&
	    replaced_on != NULL && strcmp(replaced_on, g->as_of) > 0)
		return prior ? cf_vocab_find(cf_flow_statuses, prior) : -1;
	return cf_vocab_find(cf_flow_statuses, status);
}

static int
load_flows(cf_graph *g, cf_store *st, const struct entity_row *ents,
    size_t nents, const int *vertex_of, struct raw_flow **out, size_t *nout)
{
	sqlite3_stmt *q = NULL;
	struct raw_flow *fl = NULL;
	size_t n = 0, cap = 0;
	int rc = CF_OK, r;

	if (sqlite3_prepare_v2(st->db, "SELECT f.id, f.from_id, f.to_id,"
	    " f.type, f.status, f.prior_status, r.announced, f.currency,"
	    " f.amount_minor, f.low_minor,"
	    " " CF_SQL_FLOW_SOURCES
	    " FROM flow f LEFT JOIN flow r ON r.id = f.superseded_by"
	    " WHERE ?1 IS NULL OR f.announced <= ?1", -1, &q, NULL) !=
	    SQLITE_OK)
		return cf_store_fail(st, "loading flows");
	if (g->as_of[0] != '\0')
		sqlite3_bind_text(q, 1, g->as_of, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *cur = (const char *)sqlite3_column_text(q, 7);
		int type = cf_vocab_find(cf_flow_types,
		    (const char *)sqlite3_column_text(q, 3));
		int status = effective_status(g,
		    (const char *)sqlite3_column_text(q, 4),
		    (const char *)sqlite3_column_text(q, 5),
		    (const char *)sqlite3_column_text(q, 6));
		int a = find_entity(ents, nents,
		    (const char *)sqlite3_column_text(q, 1));
		int b = find_entity(ents, nents,
		    (const char *)sqlite3_column_text(q, 2));
		struct raw_flow *f;

		if (status < 0 || !(g->statuses & (1u << status)) ||
		    type < 0 || !(g->types & (1u << type)) || a < 0 || b < 0)
			continue;
		if (cur != NULL && strcmp(cur, g->currency) != 0) {
			g->other_currency++;
			continue;
		}
		if ((rc = cf_limit_check(CF_LIMIT_GRAPH_FLOWS, n + 1, NULL, 0)) !=
		    CF_OK)
			goto out;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((f = realloc(fl, cap * sizeof(*fl))) == NULL) {
				rc = cf_error_set(CF_ENOMEM, "flows");
				goto out;
			}
			fl = f;
		}
		f = &fl[n++];
		memset(f, 0, sizeof(*f));
		f->id = strdup(id);
		f->sources = dup_col(q, 10);
		if (f->id == NULL) {
			rc = cf_error_set(CF_ENOMEM, "flows");
			goto out;
		}
		f->status = status;
		f->type = type;
		f->from = vertex_of[a];
		f->to = vertex_of[b];
		if (sqlite3_column_type(q, 8) != SQLITE_NULL) {
			f->amount = sqlite3_column_int64(q, 8);
			f->valued = 1;
		} else if (sqlite3_column_type(q, 9) != SQLITE_NULL) {
			f->amount = sqlite3_column_int64(q, 9);
			f->valued = 1;
		}
	}
	if (r != SQLITE_DONE)
		rc = cf_store_fail(st, "loading flows");
out:
	sqlite3_finalize(q);
	*out = fl;
	*nout = n;
	return rc;
}

/* ---- building ------------------------------------------------------------ */

static int
add_sat(int64_t *acc, int64_t v)
{
	if (v > INT64_MAX - *acc)
		return cf_error_set(CF_EINPUT, "edge amount overflows 64-bit"
		    " minor units");
	*acc += v;
	return CF_OK;
}

/* Aggregate sorted raw flows into edges and graph flows; flows inside one
 * vertex (a consolidated group) go to the intra-group list. */
static int
aggregate(cf_graph *g, struct raw_flow *fl, size_t n,
    const struct entity_row *ents, const int *root_of_vertex)
{
	size_t i, j;
	int rc;

	g->f = calloc(n ? n : 1, sizeof(*g->f));
	g->e = calloc(n ? n : 1, sizeof(*g->e));
	g->intra = calloc(n ? n : 1, sizeof(*g->intra));
	if (g->f == NULL || g->e == NULL || g->intra == NULL)
		return cf_error_set(CF_ENOMEM, "graph");
	for (i = 0; i < n; i = j) {
		struct cf_gedge *e;
		size_t k;

		for (j = i; j < n && fl[j].from == fl[i].from &&
		    fl[j].to == fl[i].to; j++)
			;
		if (fl[i].from == fl[i].to) {
			for (k = i; k < j; k++) {
				struct cf_intragroup *x = &g->intra[g->nintra++];
				x->flow_id = fl[k].id;
				x->group = strdup(ents[root_of_vertex[fl[k].from]].id);
				fl[k].id = NULL;
				if (x->group == NULL)
					return cf_error_set(CF_ENOMEM, "graph");
			}
			continue;
		}
		e = &g->e[g->ne];
		e->from = fl[i].from;
		e->to = fl[i].to;
		for (k = i; k < j; k++) {
			if (!fl[k].valued)
				continue;
			e->valued = 1;
			if ((rc = add_sat(&e->amount, fl[k].amount)) != CF_OK ||
			    (rc = add_sat(&e->by_status[fl[k].status],
			    fl[k].amount)) != CF_OK)
				return rc;
			if (cf_flow_type_class(fl[k].type) == CF_CLASS_SPEND)
				rc = add_sat(&e->spend, fl[k].amount);
			else if (cf_flow_type_class(fl[k].type) ==
			    CF_CLASS_FINANCING)
				rc = add_sat(&e->financing, fl[k].amount);
			if (rc != CF_OK)
				return rc;
		}
		if (g->min_amount > 0 && e->amount < g->min_amount) {
			g->below_min++;
			memset(e, 0, sizeof(*e));
			continue;
		}
		e->flow0 = g->nf;
		e->nflows = j - i;
		for (k = i; k < j; k++) {
			struct cf_gflow *f = &g->f[g->nf++];
			f->id = fl[k].id;
			f->sources = fl[k].sources;
			fl[k].id = fl[k].sources = NULL;
			f->edge = (int)g->ne;
			f->status = fl[k].status;
			f->type = fl[k].type;
			f->valued = fl[k].valued;
			f->amount = fl[k].amount;
		}
		g->ne++;
	}
	return CF_OK;
}

static int
build_igraph(cf_graph *g)
{
	igraph_vector_int_t edges, membership, csize;
	igraph_integer_t ncomp;
	size_t i;
	int rc = CF_OK, ok_edges = 0, ok_mem = 0, ok_size = 0, ok_graph = 0;

	igraph_set_error_handler(igraph_error_handler_ignore);
	igraph_set_warning_handler(igraph_warning_handler_ignore);
	if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->ne)) ||
	    !(ok_edges = 1) ||
	    igraph_vector_int_init(&membership, 0) || !(ok_mem = 1) ||
	    igraph_vector_int_init(&csize, 0) || !(ok_size = 1)) {
		rc = cf_error_set(CF_ENOMEM, "graph vectors");
		goto out;
	}
	for (i = 0; i < g->ne; i++) {
		VECTOR(edges)[2 * i] = g->e[i].from;
		VECTOR(edges)[2 * i + 1] = g->e[i].to;
	}
	if (igraph_create(&g->ig, &edges, (igraph_integer_t)g->nv,
	    IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
		rc = cf_error_set(CF_EGRAPH, "igraph_create failed");
		goto out;
	}
	ok_graph = 1;
	if (igraph_adjlist_init(&g->ig, &g->out, IGRAPH_OUT, IGRAPH_NO_LOOPS,
	    IGRAPH_NO_MULTIPLE) != IGRAPH_SUCCESS) {
		rc = cf_error_set(CF_EGRAPH, "igraph adjacency lists");
		igraph_destroy(&g->ig);
		ok_graph = 0;
		goto out;
	}
	if (igraph_connected_components(&g->ig, &membership, &csize, &ncomp,
	    IGRAPH_STRONG) != IGRAPH_SUCCESS) {
		rc = cf_error_set(CF_EGRAPH, "strongly connected components");
		goto out;
	}
	g->ncomp = (int)ncomp;
	for (i = 0; i < g->nv; i++) {
		g->v[i].comp = (int)VECTOR(membership)[i];
		g->v[i].comp_size = (int)VECTOR(csize)[g->v[i].comp];
	}
out:
	if (ok_edges)
		igraph_vector_int_destroy(&edges);
	if (ok_mem)
		igraph_vector_int_destroy(&membership);
	if (ok_size)
		igraph_vector_int_destroy(&csize);
	if (rc != CF_OK && ok_graph) {
		igraph_adjlist_destroy(&g->out);
		igraph_destroy(&g->ig);
	}
	g->have_igraph = rc == CF_OK;
	return rc;
}

int
cf_graph_build(cf_graph **out, cf_store *st, const cf_graph_filter *filter)
{
	cf_graph_filter def = {0};
	struct entity_row *ents = NULL;
	struct raw_flow *fl = NULL;
	int *vertex_of = NULL, *root_of_vertex = NULL;
	size_t nents = 0, nfl = 0, i;
	cf_graph *g;
	int rc;

	if (filter == NULL)
		filter = &def;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return cf_error_set(CF_ENOMEM, "graph");
	if ((rc = normalise_as_of(g->as_of, filter->as_of)) != CF_OK)
		goto fail;
	g->statuses = filter->statuses ? filter->statuses : 3u;
	if (filter->types)
		g->types = filter->types;
	else if ((rc = cf_type_set_parse(&g->types, "all")) != CF_OK)
		goto fail;
	g->consolidate = filter->consolidate;
	snprintf(g->currency, sizeof(g->currency), "%s",
	    filter->currency ? filter->currency : "USD");
	if ((rc = cf_currency_exponent(&g->exponent, g->currency)) != CF_OK) {
		rc = cf_error_set(CF_EARG, "%s", cf_error_message());
		goto fail;
	}
	if (filter->min_amount < 0) {
		rc = cf_error_set(CF_EARG, "minimum amount must not be"
		    " negative");
		goto fail;
	}
	g->min_amount = filter->min_amount;
	if ((rc = load_entities(st, &ents, &nents)) != CF_OK)
		goto fail_ents;
	/* Vertices: every entity, or every group root, in id order. */
	vertex_of = malloc((nents ? nents : 1) * sizeof(*vertex_of));
	root_of_vertex = malloc((nents ? nents : 1) * sizeof(*root_of_vertex));
	g->v = calloc(nents ? nents : 1, sizeof(*g->v));
	if (vertex_of == NULL || root_of_vertex == NULL || g->v == NULL) {
		rc = cf_error_set(CF_ENOMEM, "graph");
		goto fail_ents;
	}
	for (i = 0; i < nents; i++) {
		struct cf_gvertex *v;
		if (g->consolidate && ents[i].root != (int)i)
			continue;
		v = &g->v[g->nv];
		root_of_vertex[g->nv] = ents[i].root;
		v->id = strdup(ents[i].id);
		v->name = strdup(ents[i].name);
		v->kinds = ents[i].kinds;
		v->group = strdup(ents[ents[i].root].id);
		v->group_name = strdup(ents[ents[i].root].name);
		vertex_of[i] = (int)g->nv++;
		if (v->id == NULL || v->name == NULL || v->group == NULL ||
		    v->group_name == NULL) {
			rc = cf_error_set(CF_ENOMEM, "graph");
			goto fail_ents;
		}
	}
	if (g->consolidate) {
		/* Members take their root's vertex; the group shows the kinds
		 * of all its members. */
		for (i = 0; i < nents; i++) {
			vertex_of[i] = vertex_of[ents[i].root];
			g->v[vertex_of[i]].kinds |= ents[i].kinds;
		}
	}
	if ((rc = load_flows(g, st, ents, nents, vertex_of, &fl, &nfl)) !=
	    CF_OK)
		goto fail_ents;
	if (nfl > 1)
		qsort(fl, nfl, sizeof(*fl), raw_cmp);
	if ((rc = aggregate(g, fl, nfl, ents, root_of_vertex)) != CF_OK ||
	    (rc = build_igraph(g)) != CF_OK)
		goto fail_ents;
	rc = CF_OK;
fail_ents:
	for (i = 0; i < nfl; i++) {
		free(fl[i].id);
		free(fl[i].sources);
	}
	free(fl);
	free(vertex_of);
	free(root_of_vertex);
	free_entities(ents, nents);
	if (rc == CF_OK) {
		*out = g;
		return CF_OK;
	}
fail:
	cf_graph_free(g);
	return rc;
}

void
cf_graph_free(cf_graph *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nv; i++) {
		free(g->v[i].id);
		free(g->v[i].name);
		free(g->v[i].group);
		free(g->v[i].group_name);
	}
	for (i = 0; i < g->nf; i++) {
		free(g->f[i].id);
		free(g->f[i].sources);
	}
	for (i = 0; i < g->nintra; i++) {
		free(g->intra[i].flow_id);
		free(g->intra[i].group);
	}
	if (g->have_igraph) {
		igraph_adjlist_destroy(&g->out);
		igraph_destroy(&g->ig);
	}
	free(g->v);
	free(g->e);
	free(g->f);
	free(g->intra);
	free(g);
}

void
cf_graph_set_progress(cf_graph *g, cf_work_fn fn, void *arg)
{
	g->progress = fn;
	g->progress_arg = arg;
}

size_t
cf_graph_vertex_count(const cf_graph *g)
{
	return g->nv;
}

size_t
cf_graph_edge_count(const cf_graph *g)
{
	return g->ne;
}

size_t
cf_graph_flow_count(const cf_graph *g)
{
	return g->nf;
}

size_t
cf_graph_intragroup_count(const cf_graph *g)
{
	return g->nintra;
}

size_t
cf_graph_cyclic_components(const cf_graph *g)
{
	unsigned char *seen;
	size_t i, k = 0;

	if ((seen = calloc((size_t)g->ncomp + 1, 1)) == NULL)
		return 0;
	for (i = 0; i < g->nv; i++)
		if (g->v[i].comp_size >= 2 && !seen[g->v[i].comp]) {
			seen[g->v[i].comp] = 1;
			k++;
		}
	free(seen);
	return k;
}

struct plain_edge {
	int from, to, type;
	int64_t amount;
};

static int
plain_cmp(const void *a, const void *b)
{
	const struct plain_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from - y->from;
	return x->to - y->to;
}

int
cf_graph_from_edges(cf_graph **out, size_t nv, const int *from,
    const int *to, const int64_t *amount, size_t ne)
{
	return cf_graph_from_typed_edges(out, nv, from, to, amount, NULL, ne);
}

int
cf_graph_from_typed_edges(cf_graph **out, size_t nv, const int *from,
    const int *to, const int64_t *amount, const int *types, size_t ne)
{
	struct plain_edge *pe = NULL;
	cf_graph *g;
	size_t i, n = 0;
	int rc = CF_ENOMEM, eq = cf_vocab_find(cf_flow_types, "equity");

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return cf_error_set(CF_ENOMEM, "graph");
	g->statuses = 3u;
	g->types = ~0u;
	memcpy(g->currency, "USD", 4);
	g->exponent = 2;
	g->v = calloc(nv ? nv : 1, sizeof(*g->v));
	pe = malloc((ne ? ne : 1) * sizeof(*pe));
	g->e = calloc(ne ? ne : 1, sizeof(*g->e));
	g->f = calloc(ne ? ne : 1, sizeof(*g->f));
	if (g->v == NULL || pe == NULL || g->e == NULL || g->f == NULL)
		goto fail;
	for (i = 0; i < nv; i++) {
		char name[32];
		snprintf(name, sizeof(name), "v%zu", i);
		g->v[i].id = strdup(name);
		g->v[i].name = strdup(name);
		g->v[i].group = strdup(name);
		g->v[i].group_name = strdup(name);
		g->nv++;
		if (!g->v[i].id || !g->v[i].name || !g->v[i].group ||
		    !g->v[i].group_name)
			goto fail;
	}
	for (i = 0; i < ne; i++) {
		if (from[i] < 0 || to[i] < 0 || (size_t)from[i] >= nv ||
		    (size_t)to[i] >= nv || from[i] == to[i]) {
			rc = cf_error_set(CF_EARG, "edge %zu: bad vertices", i);
			goto fail;
		}
		pe[n].from = from[i];
		pe[n].to = to[i];
		pe[n].type = types ? types[i] : eq;
		pe[n++].amount = amount ? amount[i] : 1;
	}
	if (n > 1)
		qsort(pe, n, sizeof(*pe), plain_cmp);
	for (i = 0; i < n; i++) {
		struct cf_gedge *e;
		struct cf_gflow *f;
		char name[32];

		if (g->ne > 0 && g->e[g->ne - 1].from == pe[i].from &&
		    g->e[g->ne - 1].to == pe[i].to) {
			e = &g->e[g->ne - 1];
		} else {
			e = &g->e[g->ne++];
			e->from = pe[i].from;
			e->to = pe[i].to;
			e->flow0 = g->nf;
		}
		e->valued = 1;
		e->amount += pe[i].amount;
		if (cf_flow_type_class(pe[i].type) == CF_CLASS_SPEND)
			e->spend += pe[i].amount;
		else if (cf_flow_type_class(pe[i].type) == CF_CLASS_FINANCING)
			e->financing += pe[i].amount;
		e->by_status[1] += pe[i].amount;
		f = &g->f[g->nf];
		snprintf(name, sizeof(name), "f%zu", g->nf);
		if ((f->id = strdup(name)) == NULL)
			goto fail;
		f->edge = (int)(e - g->e);
		f->status = 1;
		f->type = pe[i].type;
		f->valued = 1;
		f->amount = pe[i].amount;
		g->nf++;
		e->nflows++;
	}
	free(pe);
	pe = NULL;
	if ((rc = build_igraph(g)) != CF_OK)
		goto fail;
	*out = g;
	return CF_OK;
fail:
	if (rc == CF_ENOMEM)
		cf_error_set(CF_ENOMEM, "graph");
	free(pe);
	cf_graph_free(g);
	return rc;
}
