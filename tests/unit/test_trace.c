/*
 * test_trace.c - vendor-financing exposure: the worked examples of
 * docs/methods.md by hand, and the Gauss-Seidel tracing against an
 * independent dense solve on random graphs.
 *
 * The independent method forms the whole n x n system
 *     o_i - sum_k (F[k][i] / T_i) o_k = [s = i] e_i / T_i
 * for each origin s and solves it by Gaussian elimination with partial
 * pivoting over every vertex (no restriction to components, no
 * iteration), then takes self_s = sum_k F[k][s] o_k.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "testutil.h"
#include "model.h"

static int
type_of(const char *name)
{
	return cf_vocab_find(cf_flow_types, name);
}

static const struct cf_vendor *
vendor(const cf_exposure *x, int v)
{
	size_t i;

	for (i = 0; i < x->nvendors; i++)
		if (x->vendors[i].v == v)
			return &x->vendors[i];
	return NULL;
}

/* Worked example: cloud V (v0) invests 40 in lab L (v1); L commits 30 to
 * V; investor I (v2) invests 20 in L.  By hand: in_V = 30, out_V = 40,
 * T_V = 40, e_V = 10; in_L = 60, out_L = 30, T_L = 60, e_L = 0.
 *   O[V][V] = 10/40 + (30/40) O[V][L],  O[V][L] = (40/60) O[V][V]
 *   => O[V][V] = 1/4 + (1/2) O[V][V] = 1/2,  O[V][L] = 1/3.
 * V's self-funded inflow = 30 * 1/3 = 10, all of it backlog: share 1/3,
 * net backlog 20; round trip min(40, 30) = 30; at-risk financing 40;
 * circularity 10 / (40 + 30 + 20) = 1/9. */
static void
test_worked_example_one(void **state)
{
	int from[] = {0, 1, 2}, to[] = {1, 0, 1};
	int64_t amt[] = {4000, 3000, 2000};	/* minor units: 40, 30, 20 */
	int types[3];
	const struct cf_vendor *v;
	cf_graph *g;
	cf_exposure *x;

	(void)state;
	types[0] = type_of("equity");
	types[1] = type_of("compute-commitment");
	types[2] = type_of("equity");
	assert_int_equal(cf_graph_from_typed_edges(&g, 3, from, to, amt,
	    types, 3), CF_OK);
	assert_int_equal(cf_exposure_compute(&x, g, 0), CF_OK);
	assert_int_equal(x->nvendors, 1);
	assert_non_null(v = vendor(x, 0));
	assert_int_equal(v->backlog_total, 3000);
	assert_true(fabs(v->self_funded - 1000) < 1e-6);
	assert_true(fabs(v->self_funded_backlog - 1000) < 1e-6);
	assert_true(fabs(v->share - 1.0 / 3) < 1e-12);
	assert_true(fabs(v->net_backlog - 2000) < 1e-6);
	assert_int_equal(v->round_trips, 3000);
	assert_int_equal(v->at_risk, 4000);
	assert_true(fabs(x->circularity - 1.0 / 9) < 1e-12);
	assert_int_equal(x->converged, 1);
	/* L has no own funds (e_L = 0); I is on no cycle. */
	assert_true(fabs(x->self_funded[1]) < 1e-12);
	assert_true(fabs(x->self_funded[2]) < 1e-12);
	cf_exposure_free(x);
	cf_graph_free(g);
}

/* The same shape with V a net receiver (invests 10, receives 30): by the
 * definition e_V = max(out, in) - in = 0, so nothing is V's own money
 * and every traced figure is 0, while round trip and at-risk financing
 * still show the vendor financing. */
static void
test_vendor_that_receives_more_has_no_own_money(void **state)
{
	int from[] = {0, 1, 2}, to[] = {1, 0, 1};
	int64_t amt[] = {1000, 3000, 2000};
	int types[3];
	const struct cf_vendor *v;
	cf_graph *g;
	cf_exposure *x;

	(void)state;
	types[0] = type_of("equity");
	types[1] = type_of("compute-commitment");
	types[2] = type_of("equity");
	assert_int_equal(cf_graph_from_typed_edges(&g, 3, from, to, amt,
	    types, 3), CF_OK);
	assert_int_equal(cf_exposure_compute(&x, g, 0), CF_OK);
	assert_non_null(v = vendor(x, 0));
	assert_true(fabs(v->self_funded) < 1e-12);
	assert_true(fabs(v->net_backlog - 3000) < 1e-6);
	assert_int_equal(v->round_trips, 1000);
	assert_int_equal(v->at_risk, 1000);
	assert_true(fabs(x->circularity) < 1e-12);
	cf_exposure_free(x);
	cf_graph_free(g);
}

/* A net receiver has no own funds: A pays B 10 (spend), B invests 4 in
 * A.  in_B = 10 > out_B = 4, so e_B = 0 and B's self-funded inflow is 0
 * although its 4 comes back; A (e_A = 6) gets 4 * O[A][B] = 4 * 1 = ...
 * by hand: T_A = 10, O[A][A] = 6/10 + (4/10) O[A][B],
 * O[A][B] = (10/10) O[A][A]  =>  O[A][A] = 1, self_A = 4 * 1 = 4. */
static void
test_net_receiver_has_no_own_funds(void **state)
{
	int from[] = {0, 1}, to[] = {1, 0};
	int64_t amt[] = {1000, 400};
	int types[2];
	const struct cf_vendor *v;
	cf_graph *g;
	cf_exposure *x;

	(void)state;
	types[0] = type_of("compute-commitment");
	types[1] = type_of("equity");
	assert_int_equal(cf_graph_from_typed_edges(&g, 2, from, to, amt,
	    types, 2), CF_OK);
	assert_int_equal(cf_exposure_compute(&x, g, 0), CF_OK);
	assert_non_null(v = vendor(x, 1));
	assert_true(fabs(v->self_funded) < 1e-12);
	assert_true(fabs(v->share) < 1e-12);
	assert_int_equal(v->round_trips, 400);	/* min(4, 10) */
	assert_int_equal(v->at_risk, 400);
	assert_true(fabs(x->self_funded[0] - 400) < 1e-6);
	assert_true(fabs(x->circularity - 400.0 / 1400) < 1e-12);
	cf_exposure_free(x);
	cf_graph_free(g);
}

/* ---- the independent dense solve ------------------------------------------ */

#define NMAX 9

/* Solve A x = b (n x n) in place; 0 when (numerically) singular. */
static int
gauss(double A[NMAX][NMAX], double *b, int n)
{
	int i, j, k, p;

	for (k = 0; k < n; k++) {
		p = k;
		for (i = k + 1; i < n; i++)
			if (fabs(A[i][k]) > fabs(A[p][k]))
				p = i;
		if (fabs(A[p][k]) < 1e-9)
			return 0;
		if (p != k) {
			double t;
			for (j = 0; j < n; j++) {
				t = A[k][j];
				A[k][j] = A[p][j];
				A[p][j] = t;
			}
			t = b[k];
			b[k] = b[p];
			b[p] = t;
		}
		for (i = k + 1; i < n; i++) {
			double f = A[i][k] / A[k][k];
			for (j = k; j < n; j++)
				A[i][j] -= f * A[k][j];
			b[i] -= f * b[k];
		}
	}
	for (i = n - 1; i >= 0; i--) {
		for (j = i + 1; j < n; j++)
			b[i] -= A[i][j] * b[j];
		b[i] /= A[i][i];
	}
	return 1;
}

/* Seed of this file's random trials (tu_rng). */
static uint64_t rng_state = 0xD1B54A32D192ED03ull;

static void
test_tracing_equals_dense_solve_on_random_graphs(void **state)
{
	int trial, compared = 0;

	(void)state;
	for (trial = 0; trial < 2000; trial++) {
		int n = 2 + (int)(tu_rng(&rng_state) % (NMAX - 1)), density =
		    15 + (int)(tu_rng(&rng_state) % 60);
		int from[NMAX * NMAX], to[NMAX * NMAX], types[NMAX * NMAX];
		int64_t amt[NMAX * NMAX];
		double F[NMAX][NMAX] = {{0}}, S[NMAX][NMAX] = {{0}};
		double in[NMAX] = {0}, out[NMAX] = {0}, T[NMAX], e[NMAX];
		double total = 0, circ = 0;
		size_t ne = 0;
		int i, j, k, s, ok = 1;
		cf_graph *g;
		cf_exposure *x;

		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++) {
				if (i == j || (int)(tu_rng(&rng_state) % 100) >= density)
					continue;
				from[ne] = i;
				to[ne] = j;
				amt[ne] = 1 + (int64_t)(tu_rng(&rng_state) % 100000);
				types[ne] = type_of(tu_rng(&rng_state) % 2 ?
				    "compute-commitment" : "equity");
				F[i][j] = (double)amt[ne];
				if (types[ne] == type_of("compute-commitment"))
					S[i][j] = (double)amt[ne];
				out[i] += F[i][j];
				in[j] += F[i][j];
				total += F[i][j];
				ne++;
			}
		for (i = 0; i < n; i++) {
			T[i] = in[i] > out[i] ? in[i] : out[i];
			e[i] = T[i] - in[i];
		}
		assert_int_equal(cf_graph_from_typed_edges(&g, (size_t)n, from,
		    to, amt, types, ne), CF_OK);
		assert_int_equal(cf_exposure_compute(&x, g, 1e-13), CF_OK);
		for (s = 0; s < n && ok; s++) {
			double A[NMAX][NMAX] = {{0}}, b[NMAX] = {0};
			double self = 0, selfb = 0;
			const struct cf_vendor *v;

			if (e[s] <= 0)
				continue;
			for (i = 0; i < n; i++) {
				A[i][i] = 1;
				for (k = 0; k < n; k++)
					if (T[i] > 0)
						A[i][k] -= F[k][i] / T[i];
			}
			b[s] = e[s] / T[s];
			if (!gauss(A, b, n)) {
				ok = 0;	/* a closed component: skip */
				break;
			}
			for (k = 0; k < n; k++) {
				self += F[k][s] * b[k];
				selfb += S[k][s] * b[k];
			}
			circ += self;
			assert_true(fabs(x->self_funded[s] - self) <=
			    1e-7 * (1 + fabs(self)));
			if ((v = vendor(x, s)) != NULL)
				assert_true(fabs(v->self_funded_backlog - selfb)
				    <= 1e-7 * (1 + fabs(selfb)));
		}
		if (ok && total > 0) {
			assert_true(fabs(x->circularity - circ / total) <= 1e-9);
			compared++;
		}
		cf_exposure_free(x);
		cf_graph_free(g);
	}
	/* Most trials must have been compared, or the test proves little. */
	assert_true(compared > 1500);
}

static void
count_progress(void *arg, const char *what, uint64_t done, uint64_t total)
{
	uint64_t *last = arg;

	(void)what;
	assert_true(done <= total);
	*last = done == total ? total : 0;
}

/* Tracing reports its progress and ends at done == total. */
static void
test_progress_ends_at_total(void **state)
{
	int from[] = {0, 1}, to[] = {1, 0};
	int64_t amt[] = {1000, 400};
	uint64_t last = 99;
	cf_graph *g;
	cf_exposure *x;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 2, from, to, amt, 2), CF_OK);
	cf_graph_set_progress(g, count_progress, &last);
	assert_int_equal(cf_exposure_compute(&x, g, 0), CF_OK);
	assert_int_equal(last, 2);
	cf_exposure_free(x);
	cf_graph_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example_one),
		cmocka_unit_test(test_vendor_that_receives_more_has_no_own_money),
		cmocka_unit_test(test_net_receiver_has_no_own_funds),
		cmocka_unit_test(test_tracing_equals_dense_solve_on_random_graphs),
		cmocka_unit_test(test_progress_ends_at_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
