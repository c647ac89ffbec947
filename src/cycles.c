/*
 * cycles.c - every simple directed cycle up to a length bound.
 *
 * Strongly connected components first: a cycle never leaves one, so
 * vertices in trivial components are never searched.  Inside a component,
 * for each start vertex s (in index order, which is entity-id order) a
 * depth-first search over igraph's adjacency lists finds the cycles
 * through s whose other vertices have larger indices, so each cycle is
 * found once, already rotated to start at its smallest entity.
 *
 * The search is Johnson's algorithm with the length bound handled by the
 * "locks" of Gupta and Suzumura (2021, "Finding All Bounded-Length Simple
 * Cycles in a Directed Graph"): lock[v] is the depth from which entering
 * v cannot lead back to s within the bound; a vertex that finds a way back
 * in b steps is relaxed to L - b + 1, and relaxation spreads through the
 * blocked lists as in Johnson's unblock.  Every visited vertex joins the
 * blocked lists of its successors, not only one that failed: a way back
 * found while part of the graph was on the stack may get shorter when
 * that part leaves it (tests/unit/test_cycles.c checks the counts against
 * brute force on thousands of random graphs).  An explicit on-stack flag
 * keeps paths simple whatever the locks say.  Locks and blocked lists carry the
 * number of the start they belong to (an epoch), so nothing is reset per
 * start: work stays proportional to what the search touches.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"

#define NO_PATH INT_MAX

struct cycle_rec {
	size_t off;		/* first vertex in cf_cycles.verts */
	const int *v;		/* its vertices, set once the search is done */
	int len;
	int valued;
	int64_t bottleneck, total;
};

struct cf_cycles {
	struct cycle_rec *c;
	size_t n, cap;
	int *verts;
	size_t nverts, capverts;
	int truncated;
};

struct blist {
	int *v;
	size_t n, cap;
};

struct search {
	const cf_graph *g;
	int L;			/* length bound (edges) */
	int s;			/* current start */
	unsigned epoch;
	unsigned *stamp;	/* epoch of lock[v] and blocked[v] */
	unsigned *edge_stamp;	/* epoch in which edge k put its tail on its
				   head's blocked list (at most once) */
	size_t *ostart;		/* out-edges of v: edges ostart[v]..ostart[v+1] */
	int *lock;
	struct blist *blocked;
	unsigned char *onstack;
	int *path;
	int *work;		/* relaxation stack: (vertex, length) pairs */
	size_t nwork, capwork;
	uint64_t found, limit;
	int stop;
	int rc;
	cf_cycles *out;		/* NULL: only count */
};

static void
touch(struct search *S, int v)
{
	if (S->stamp[v] != S->epoch) {
		S->stamp[v] = S->epoch;
		S->lock[v] = S->L + 1;
		S->blocked[v].n = 0;
	}
}

static int
allowed(const struct search *S, int w)
{
	return w >= S->s && S->g->v[w].comp == S->g->v[S->s].comp;
}

/* The edge from a to b (edges are sorted by from, then to). */
static const struct cf_gedge *
edge_between(const cf_graph *g, int a, int b)
{
	size_t lo = 0, hi = g->ne;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct cf_gedge *e = &g->e[mid];
		if (e->from == a && e->to == b)
			return e;
		if (e->from < a || (e->from == a && e->to < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
record(struct search *S, int len)
{
	cf_cycles *c = S->out;
	struct cycle_rec *r;
	int i;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct cycle_rec *nc = realloc(c->c, cap * sizeof(*nc));
		if (nc == NULL)
			return cf_error_set(CF_ENOMEM, "cycles");
		c->c = nc;
		c->cap = cap;
	}
	while (c->nverts + (size_t)len > c->capverts) {
		size_t cap = c->capverts ? c->capverts * 2 : 256;
		int *nv = realloc(c->verts, cap * sizeof(*nv));
		if (nv == NULL)
			return cf_error_set(CF_ENOMEM, "cycles");
		c->verts = nv;
		c->capverts = cap;
	}
	r = &c->c[c->n++];
	r->off = c->nverts;
	r->len = len;
	r->valued = 1;
	r->bottleneck = INT64_MAX;
	r->total = 0;
	for (i = 0; i < len; i++) {
		const struct cf_gedge *e = edge_between(S->g, S->path[i],
		    S->path[(i + 1) % len]);
		c->verts[c->nverts++] = S->path[i];
		if (!e->valued)
			r->valued = 0;
		if (e->amount < r->bottleneck)
			r->bottleneck = e->amount;
		r->total = e->amount > INT64_MAX - r->total ? INT64_MAX :
		    r->total + e->amount;
	}
	return CF_OK;
}

static void
emit(struct search *S, int len)
{
	S->found++;
	if (S->out != NULL && (S->rc = record(S, len)) != CF_OK)
		S->stop = 1;
	if (S->limit && S->found >= S->limit)
		S->stop = 1;
}

static int
push_work(struct search *S, int v, int len)
{
	if (S->nwork + 2 > S->capwork) {
		size_t cap = S->capwork ? S->capwork * 2 : 256;
		int *nw = realloc(S->work, cap * sizeof(*nw));
		if (nw == NULL)
			return 0;
		S->work = nw;
		S->capwork = cap;
	}
	S->work[S->nwork++] = v;
	S->work[S->nwork++] = len;
	return 1;
}

/* u reaches s in len steps: it may be entered at depths below L - len + 1;
 * so may the vertices blocked on it, one step further. */
static void
relax(struct search *S, int u, int len)
{
	if (!push_work(S, u, len)) {
		S->rc = cf_error_set(CF_ENOMEM, "cycle search");
		S->stop = 1;
		return;
	}
	while (S->nwork > 0) {
		int l = S->work[--S->nwork], x = S->work[--S->nwork];
		struct blist *b;
		size_t i;

		touch(S, x);
		if (S->lock[x] >= S->L - l + 1)
			continue;
		S->lock[x] = S->L - l + 1;
		b = &S->blocked[x];
		for (i = 0; i < b->n; i++)
			if (!S->onstack[b->v[i]] &&
			    !push_work(S, b->v[i], l + 1)) {
				S->rc = cf_error_set(CF_ENOMEM, "cycle search");
				S->stop = 1;
				return;
			}
	}
}

static int
block_on(struct search *S, int w, int v)
{
	struct blist *b;

	touch(S, w);
	b = &S->blocked[w];
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4;
		int *nv = realloc(b->v, cap * sizeof(*nv));
		if (nv == NULL)
			return 0;
		b->v = nv;
		b->cap = cap;
	}
	b->v[b->n++] = v;
	return 1;
}

/* Search from v at depth d (path[0..d-1] on the stack); return the length
 * of the shortest way back to s found, or NO_PATH. */
static int
visit(struct search *S, int v, int d)
{
	igraph_vector_int_t *adj = igraph_adjlist_get(&S->g->out, v);
	igraph_integer_t i, n = igraph_vector_int_size(adj);
	int best = NO_PATH;

	S->path[d] = v;
	S->onstack[v] = 1;
	touch(S, v);
	S->lock[v] = d;
	for (i = 0; i < n && !S->stop; i++) {
		int w = (int)VECTOR(*adj)[i];

		if (!allowed(S, w))
			continue;
		if (w == S->s) {
			emit(S, d + 1);
			best = 1;
		} else if (!S->onstack[w] && d + 1 < S->L) {
			int b;
			touch(S, w);
			if (d + 1 >= S->lock[w])
				continue;
			b = visit(S, w, d + 1);
			if (b != NO_PATH && b + 1 < best)
				best = b + 1;
		}
	}
	if (!S->stop) {
		if (best != NO_PATH)
			relax(S, v, best);
		/* Whatever it found, v's way back may shorten when one of its
		 * successors gets one (a vertex leaves the stack): be told.
		 * Blocked lists never shrink within a start, so each edge
		 * enters its tail once (the adjacency lists and the edges are
		 * both sorted by head, so edge ostart[v] + i is v -> adj[i]). */
		for (i = 0; i < n; i++) {
			int w = (int)VECTOR(*adj)[i];
			size_t k = S->ostart[v] + (size_t)i;

			if (!allowed(S, w) || w == S->s ||
			    S->edge_stamp[k] == S->epoch)
				continue;
			S->edge_stamp[k] = S->epoch;
			if (!block_on(S, w, v)) {
				S->rc = cf_error_set(CF_ENOMEM, "cycle search");
				S->stop = 1;
				break;
			}
		}
	}
	S->onstack[v] = 0;
	return best;
}

static int
search(const cf_graph *g, int max_len, uint64_t limit, cf_cycles *out,
    uint64_t *found, int *truncated)
{
	struct search S;
	uint64_t cap = cf_limit_get(CF_LIMIT_CYCLES);
	size_t i;
	int rc = CF_OK, capped = 0;

	if (max_len < 1 || max_len > 1000)
		return cf_error_set(CF_EARG, "maximum cycle length must be"
		    " between 1 and 1000, not %d", max_len);
	/* The caller's limit truncates; the process's (circfin.h) fails. */
	if (limit == 0 || limit > cap) {
		limit = cap;
		capped = 1;
	}
	memset(&S, 0, sizeof(S));
	S.g = g;
	S.L = max_len;
	/* Look for one more than the limit to know whether more exist. */
	S.limit = limit + 1;
	S.out = out;
	S.stamp = calloc(g->nv ? g->nv : 1, sizeof(*S.stamp));
	S.lock = calloc(g->nv ? g->nv : 1, sizeof(*S.lock));
	S.blocked = calloc(g->nv ? g->nv : 1, sizeof(*S.blocked));
	S.onstack = calloc(g->nv ? g->nv : 1, 1);
	S.path = calloc((size_t)max_len + 1, sizeof(*S.path));
	S.edge_stamp = calloc(g->ne ? g->ne : 1, sizeof(*S.edge_stamp));
	S.ostart = calloc(g->nv + 1, sizeof(*S.ostart));
	if (!S.stamp || !S.lock || !S.blocked || !S.onstack || !S.path ||
	    !S.edge_stamp || !S.ostart) {
		rc = cf_error_set(CF_ENOMEM, "cycle search");
		goto out;
	}
	for (i = 0; i < g->ne; i++)
		S.ostart[g->e[i].from + 1]++;
	for (i = 0; i < g->nv; i++)
		S.ostart[i + 1] += S.ostart[i];
	/* The edge stamps need each adjacency list in edge order. */
	for (i = 0; i < g->nv; i++) {
		igraph_vector_int_t *adj = igraph_adjlist_get(&g->out, i);
		igraph_integer_t k, n = igraph_vector_int_size(adj);

		for (k = 0; k < n; k++)
			if ((size_t)k >= S.ostart[i + 1] - S.ostart[i] ||
			    g->e[S.ostart[i] + (size_t)k].to != VECTOR(*adj)[k]) {
				rc = cf_error_set(CF_EGRAPH, "adjacency list of"
				    " vertex %zu is not in edge order", i);
				goto out;
			}
	}
	for (i = 0; i < g->nv && !S.stop; i++) {
		if (g->progress && i % 256 == 0)
			g->progress(g->progress_arg, "cycle search: entities", i,
			    g->nv);
		if (g->v[i].comp_size < 2)
			continue;
		S.s = (int)i;
		S.epoch++;
		visit(&S, (int)i, 0);
	}
	if (g->progress)
		g->progress(g->progress_arg, "cycle search: entities", g->nv,
		    g->nv);
	rc = S.rc;
	*truncated = S.found > limit;
	*found = *truncated ? limit : S.found;
	if (*truncated && out != NULL)
		out->n--;	/* the one past the limit */
	if (rc == CF_OK && *truncated && capped)
		rc = cf_error_set(CF_ELIMIT, "more than %llu cycles of at most"
		    " %d edges (over the limit cycles=%llu): search shorter"
		    " cycles, fewer flows, or raise the limit",
		    (unsigned long long)limit, max_len,
		    (unsigned long long)limit);
out:
	if (S.blocked != NULL)
		for (i = 0; i < g->nv; i++)
			free(S.blocked[i].v);
	free(S.blocked);
	free(S.stamp);
	free(S.lock);
	free(S.onstack);
	free(S.path);
	free(S.work);
	free(S.edge_stamp);
	free(S.ostart);
	return rc;
}

int
cf_cycles_count(uint64_t *out, int *truncated, const cf_graph *g,
    int max_len, uint64_t limit)
{
	return search(g, max_len, limit, NULL, out, truncated);
}

/* Valued before unvalued, then bottleneck, total, length, then the
 * vertices (numbered in entity-id order, so this is id order). */
static int
cycle_cmp(const void *a, const void *b)
{
	const struct cycle_rec *x = a, *y = b;
	int i;

	if (x->valued != y->valued)
		return y->valued - x->valued;
	if (x->bottleneck != y->bottleneck)
		return x->bottleneck < y->bottleneck ? 1 : -1;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	if (x->len != y->len)
		return x->len - y->len;
	for (i = 0; i < x->len; i++)
		if (x->v[i] != y->v[i])
			return x->v[i] - y->v[i];
	return 0;
}

int
cf_cycles_find(cf_cycles **out, const cf_graph *g, int max_len, size_t limit)
{
	cf_cycles *c;
	uint64_t found = 0;
	size_t i;
	int rc;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return cf_error_set(CF_ENOMEM, "cycles");
	if ((rc = search(g, max_len, limit, c, &found, &c->truncated)) !=
	    CF_OK) {
		cf_cycles_free(c);
		return rc;
	}
	for (i = 0; i < c->n; i++)
		c->c[i].v = c->verts + c->c[i].off;
	if (c->n > 1)
		qsort(c->c, c->n, sizeof(*c->c), cycle_cmp);
	*out = c;
	return CF_OK;
}

void
cf_cycles_free(cf_cycles *c)
{
	if (c == NULL)
		return;
	free(c->c);
	free(c->verts);
	free(c);
}

size_t
cf_cycles_size(const cf_cycles *c)
{
	return c->n;
}

int
cf_cycles_truncated(const cf_cycles *c)
{
	return c->truncated;
}

/* ---- internal accessors for writers ------------------------------------- */

int
cf_cycle_get(const cf_cycles *c, size_t i, const int **verts, int *len,
    int *valued, int64_t *bottleneck, int64_t *total)
{
	const struct cycle_rec *r;

	if (i >= c->n)
		return CF_ENOTFOUND;
	r = &c->c[i];
	if (verts)
		*verts = r->v;
	if (len)
		*len = r->len;
	if (valued)
		*valued = r->valued;
	if (bottleneck)
		*bottleneck = r->bottleneck;
	if (total)
		*total = r->total;
	return CF_OK;
}

const struct cf_gedge *
cf_graph_edge_between(const cf_graph *g, int a, int b)
{
	return edge_between(g, a, b);
}
