/*
 * test_cycles.c - the bounded cycle search against a brute-force
 * enumerator on many random graphs, and hand-checked small cases.
 *
 * The brute force tries every simple path from each start s through
 * larger vertices only, with no pruning at all, so it shares nothing with
 * the locks and blocked lists of src/cycles.c but the definition of a
 * canonical cycle.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "testutil.h"

/* ---- brute force --------------------------------------------------------- */

struct brute {
	int n, L;
	const unsigned char *adj;	/* n x n */
	int path[16];
	unsigned char used[16];
	uint64_t count;
};

static void
brute_dfs(struct brute *b, int s, int v, int depth)
{
	int w;

	for (w = s; w < b->n; w++) {
		if (!b->adj[v * b->n + w])
			continue;
		if (w == s) {
			if (depth + 1 <= b->L)
				b->count++;
		} else if (!b->used[w] && depth + 1 < b->L) {
			b->used[w] = 1;
			brute_dfs(b, s, w, depth + 1);
			b->used[w] = 0;
		}
	}
}

static uint64_t
brute_count(int n, const unsigned char *adj, int L)
{
	struct brute b = {n, L, adj, {0}, {0}, 0};
	int s;

	for (s = 0; s < n; s++) {
		b.used[s] = 1;
		brute_dfs(&b, s, s, 0);
		b.used[s] = 0;
	}
	return b.count;
}

/* ---- helpers -------------------------------------------------------------- */

static cf_graph *
graph_of(int n, const unsigned char *adj, const int64_t *amounts)
{
	int from[256], to[256];
	int64_t amt[256];
	size_t ne = 0;
	cf_graph *g = NULL;
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (adj[i * n + j]) {
				from[ne] = i;
				to[ne] = j;
				amt[ne] = amounts ? amounts[i * n + j] : 1;
				ne++;
			}
	assert_int_equal(cf_graph_from_edges(&g, (size_t)n, from, to, amt, ne),
	    CF_OK);
	return g;
}

/* Seed of this file's random trials (tu_rng). */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

/* ---- tests ---------------------------------------------------------------- */

static void
test_counts_equal_brute_force_on_random_graphs(void **state)
{
	int trial;

	(void)state;
	for (trial = 0; trial < 3000; trial++) {
		int n = 2 + (int)(tu_rng(&rng_state) % 9);		/* 2..10 vertices */
		int density = 10 + (int)(tu_rng(&rng_state) % 70);	/* % of pairs */
		int L = 1 + (int)(tu_rng(&rng_state) % (unsigned)n);
		unsigned char adj[100] = {0};
		uint64_t got = 0, want;
		int i, j, truncated = 1;
		cf_graph *g;
		cf_cycles *c = NULL;

		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				adj[i * n + j] = i != j &&
				    (int)(tu_rng(&rng_state) % 100) < density;
		want = brute_count(n, adj, L);
		g = graph_of(n, adj, NULL);
		assert_int_equal(cf_cycles_count(&got, &truncated, g, L, 0),
		    CF_OK);
		if (got != want)
			fail_msg("trial %d: n=%d density=%d L=%d: search %llu,"
			    " brute force %llu", trial, n, density, L,
			    (unsigned long long)got, (unsigned long long)want);
		assert_int_equal(truncated, 0);
		/* The recording path finds the same number. */
		assert_int_equal(cf_cycles_find(&c, g, L, 0), CF_OK);
		assert_int_equal(cf_cycles_size(c), (size_t)want);
		cf_cycles_free(c);
		cf_graph_free(g);
	}
}

static void
test_complete_graph_counts(void **state)
{
	/* K_n has sum_{k=2..n} C(n,k) (k-1)! directed simple cycles:
	 * K_4: 6*1 + 4*2 + 1*6 = 20; up to length 3: 6 + 8 = 14. */
	unsigned char adj[16];
	uint64_t n = 0;
	int i, j, t;
	cf_graph *g;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			adj[i * 4 + j] = i != j;
	g = graph_of(4, adj, NULL);
	assert_int_equal(cf_cycles_count(&n, &t, g, 6, 0), CF_OK);
	assert_int_equal(n, 20);
	assert_int_equal(cf_cycles_count(&n, &t, g, 3, 0), CF_OK);
	assert_int_equal(n, 14);
	assert_int_equal(cf_cycles_count(&n, &t, g, 1, 0), CF_OK);
	assert_int_equal(n, 0);
	cf_graph_free(g);
}

static void
test_triangle_with_tail_is_one_cycle_rotated_and_measured(void **state)
{
	/* v0 -> v1 (5), v1 -> v2 (3), v2 -> v0 (7); tail v3 -> v0 (100). */
	int from[] = {1, 0, 2, 3}, to[] = {2, 1, 0, 0};
	int64_t amt[] = {300, 500, 700, 10000};
	const int *verts;
	int64_t b, tot;
	int len, valued;
	cf_graph *g;
	cf_cycles *c;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 4, from, to, amt, 4), CF_OK);
	assert_int_equal(cf_cycles_find(&c, g, 6, 0), CF_OK);
	assert_int_equal(cf_cycles_size(c), 1);
	assert_int_equal(cf_cycle_get(c, 0, &verts, &len, &valued, &b, &tot),
	    CF_OK);
	assert_int_equal(len, 3);
	assert_int_equal(verts[0], 0);	/* starts at its smallest entity */
	assert_int_equal(verts[1], 1);
	assert_int_equal(verts[2], 2);
	assert_int_equal(valued, 1);
	assert_int_equal(b, 300);	/* the bottleneck */
	assert_int_equal(tot, 1500);
	assert_int_equal(cf_graph_cyclic_components(g), 1);
	cf_cycles_free(c);
	cf_graph_free(g);
}

static void
test_parallel_edges_are_summed(void **state)
{
	int from[] = {0, 0, 1}, to[] = {1, 1, 0};
	int64_t amt[] = {100, 250, 1000};
	int64_t b;
	cf_graph *g;
	cf_cycles *c;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 2, from, to, amt, 3), CF_OK);
	assert_int_equal(cf_graph_edge_count(g), 2);
	assert_int_equal(cf_cycles_find(&c, g, 6, 0), CF_OK);
	assert_int_equal(cf_cycles_size(c), 1);
	cf_cycle_get(c, 0, NULL, NULL, NULL, &b, NULL);
	assert_int_equal(b, 350);
	cf_cycles_free(c);
	cf_graph_free(g);
}

static void
test_sorted_by_bottleneck_largest_first(void **state)
{
	/* Two 2-cycles: v0<->v1 bottleneck 10, v2<->v3 bottleneck 40. */
	int from[] = {0, 1, 2, 3}, to[] = {1, 0, 3, 2};
	int64_t amt[] = {10, 90, 40, 50}, b0, b1;
	const int *v;
	cf_graph *g;
	cf_cycles *c;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 4, from, to, amt, 4), CF_OK);
	assert_int_equal(cf_cycles_find(&c, g, 6, 0), CF_OK);
	assert_int_equal(cf_cycles_size(c), 2);
	cf_cycle_get(c, 0, &v, NULL, NULL, &b0, NULL);
	assert_int_equal(v[0], 2);
	cf_cycle_get(c, 1, NULL, NULL, NULL, &b1, NULL);
	assert_true(b0 == 40 && b1 == 10);
	cf_cycles_free(c);
	cf_graph_free(g);
}

static void
test_limit_stops_and_says_so(void **state)
{
	unsigned char adj[25];
	uint64_t n = 0;
	int i, j, t = 0;
	cf_graph *g;
	cf_cycles *c;

	(void)state;
	for (i = 0; i < 5; i++)
		for (j = 0; j < 5; j++)
			adj[i * 5 + j] = i != j;
	g = graph_of(5, adj, NULL);
	assert_int_equal(cf_cycles_count(&n, &t, g, 5, 7), CF_OK);
	assert_int_equal(n, 7);
	assert_int_equal(t, 1);
	assert_int_equal(cf_cycles_find(&c, g, 5, 7), CF_OK);
	assert_int_equal(cf_cycles_size(c), 7);
	assert_int_equal(cf_cycles_truncated(c), 1);
	cf_cycles_free(c);
	/* K_5 has 84 cycles: a limit above that is not reached. */
	assert_int_equal(cf_cycles_count(&n, &t, g, 5, 1000), CF_OK);
	assert_int_equal(n, 84);
	assert_int_equal(t, 0);
	cf_graph_free(g);
}

static void
test_bad_length_is_an_argument_error(void **state)
{
	int from[] = {0}, to[] = {1};
	uint64_t n;
	int t;
	cf_graph *g;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 2, from, to, NULL, 1), CF_OK);
	assert_int_equal(cf_cycles_count(&n, &t, g, 0, 0), CF_EARG);
	assert_int_equal(cf_cycles_count(&n, &t, g, -3, 0), CF_EARG);
	assert_int_equal(cf_cycles_count(&n, &t, g, 1001, 0), CF_EARG);
	assert_non_null(strstr(cf_error_message(), "between 1 and 1000"));
	cf_graph_free(g);
}

static void
test_acyclic_graph_has_no_cycles(void **state)
{
	/* A DAG: i -> j for all i < j. */
	unsigned char adj[64] = {0};
	uint64_t n = 1;
	int i, j, t;
	cf_graph *g;

	(void)state;
	for (i = 0; i < 8; i++)
		for (j = i + 1; j < 8; j++)
			adj[i * 8 + j] = 1;
	g = graph_of(8, adj, NULL);
	assert_int_equal(cf_cycles_count(&n, &t, g, 8, 0), CF_OK);
	assert_int_equal(n, 0);
	assert_int_equal(cf_graph_cyclic_components(g), 0);
	cf_graph_free(g);
}

struct progress_seen {
	int calls;
	uint64_t last_done, last_total;
};

static void
record_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	struct progress_seen *p = arg;

	assert_non_null(what);
	assert_true(done <= total);
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

/* The search reports its progress and ends at done == total. */
static void
test_progress_ends_at_total(void **state)
{
	int from[] = {0, 1, 2}, to[] = {1, 2, 0};
	struct progress_seen seen = {0, 0, 0};
	uint64_t n;
	int t;
	cf_graph *g;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 3, from, to, NULL, 3), CF_OK);
	cf_graph_set_progress(g, record_progress, &seen);
	assert_int_equal(cf_cycles_count(&n, &t, g, 6, 0), CF_OK);
	assert_true(seen.calls >= 2);
	assert_int_equal(seen.last_done, 3);
	assert_int_equal(seen.last_total, 3);
	cf_graph_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_equal_brute_force_on_random_graphs),
		cmocka_unit_test(test_complete_graph_counts),
		cmocka_unit_test(test_triangle_with_tail_is_one_cycle_rotated_and_measured),
		cmocka_unit_test(test_parallel_edges_are_summed),
		cmocka_unit_test(test_sorted_by_bottleneck_largest_first),
		cmocka_unit_test(test_limit_stops_and_says_so),
		cmocka_unit_test(test_bad_length_is_an_argument_error),
		cmocka_unit_test(test_acyclic_graph_has_no_cycles),
		cmocka_unit_test(test_progress_ends_at_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
