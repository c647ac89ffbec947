/*
 * test_stress.c - the repayment-stress engine against the worked example
 * of docs/methods.md (tests/data/stress/lab.xml, solved by hand), the
 * Monte Carlo draws against an independent replay of the random streams,
 * determinism across --jobs, per-draw detail, and bad scenarios leaving
 * nothing in the store.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "testutil.h"
#include "graph.h"
#include "rng.h"
#include "scenario.h"
#include "stress.h"

struct fixture {
	char path[4096], tmp[4096];
	cf_store *st;
	cf_scenarios *sc;
};

static int
setup(void **state)
{
	static struct fixture fx;
	char p[4096];
	const char *paths[1];
	cf_batch *b;

	memset(&fx, 0, sizeof(fx));
	fx.st = tu_store_tmp(fx.path, sizeof(fx.path));
	paths[0] = tu_path(p, sizeof(p), "TESTDATA", "stress/lab.xml");
	b = tu_import(fx.st, paths, 1);
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 1);
	cf_batch_free(b);
	if (cf_scenarios_read(&fx.sc, tu_path(p, sizeof(p), "TESTDATA",
	    "stress/lab-scenarios.xml")) != CF_OK)
		fail_msg("%s", cf_error_message());
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	cf_scenarios_free(fx->sc);
	tu_store_remove(fx->st, fx->path);
	return 0;
}

static cf_stress *
run_one(struct fixture *fx, const char *scenario, int jobs, long draws)
{
	cf_stress_opts o;
	cf_stress *s = NULL;
	int64_t run = 0;

	memset(&o, 0, sizeof(o));
	o.scenario = scenario;
	o.jobs = jobs;
	o.draws = draws;
	if (cf_stress_run(&s, &run, fx->st, NULL, fx->sc, &o) != CF_OK)
		fail_msg("cf_stress_run: %s", cf_error_message());
	assert_true(run > 0);
	assert_int_equal(s->nres, 1);
	return s;
}

static const struct cf_se *
entity(const cf_stress *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->res[0].nents; i++)
		if (strcmp(s->vid[s->res[0].ents[i].v], id) == 0)
			return &s->res[0].ents[i];
	fail_msg("no entity %s", id);
	return NULL;
}

/* Amounts are minor units (cents): 100.00 USD is 10000. */
#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

/*
 * docs/methods.md, worked example: without the contingent 100 the lab
 * pays 2026 in full and ends it with 50; in 2027 it has 50 + 60 = 110
 * against 100 due to the cloud and 40 of costs, so it defaults and pays
 * the cloud 100/140 of 110 = 78.571429; its 2028 commitment is
 * terminated.  Shortfall 21.428571 + 100 = 121.428571.
 */
static void
test_lab_defaults_in_2027(void **state)
{
	cf_stress *s = run_one(*state, "no-funding", 1, 0);
	const struct cf_se *lab = entity(s, "lab"), *cloud = entity(s, "cloud");
	const struct cf_sv *v;

	assert_int_equal(s->start_year, 2026);
	assert_int_equal(s->years, 3);
	NEAR(lab->p_default, 1);
	assert_int_equal(lab->median_year, 2027);
	NEAR(lab->years[0].due, 10000);
	NEAR(lab->years[0].paid, 10000);
	NEAR(lab->years[0].cash_mean, 5000);
	NEAR(lab->years[0].p_default, 0);
	NEAR(lab->years[1].paid, 10000.0 * 110 / 140);
	NEAR(lab->years[1].p_first, 1);
	NEAR(lab->years[1].cash_mean, 0);
	NEAR(lab->years[1].costs, 4000);
	NEAR(lab->years[2].paid, 0);
	NEAR(lab->years[2].due, 10000);
	NEAR(lab->shortfall, 10000.0 - 10000.0 * 110 / 140 + 10000);
	NEAR(cloud->p_default, 0);
	/* cloud: 1000 + 400 + 100 - 350 - 30 = 1120 after 2026 */
	NEAR(cloud->years[0].cash_mean, 112000);
	/* Its costs: 0.6 x 500 + 50 while the lab is a customer, also in
	 * 2027 when it pays short; in 2028, after the termination, nothing
	 * is delivered on the lab's 100: 0.6 x (500 - 100) + 50. */
	NEAR(cloud->years[1].costs, 35000);
	NEAR(cloud->years[2].costs, 29000);
	assert_int_equal(s->res[0].nvendors, 1);
	v = &s->res[0].vendors[0];
	assert_string_equal(s->vid[v->v], "cloud");
	NEAR(v->backlog, 30000);
	NEAR(v->at_risk, lab->shortfall);
	/* a tenth of the lab's binding inflow came from the cloud: 30 of
	 * T = max(80, 300) */
	NEAR(v->own_money, 0.1 * lab->shortfall);
	cf_stress_free(s);
}

/* With the 100 in 2027 the lab survives: 2028 ends with 160 - 155 = 5. */
static void
test_funding_saves_the_lab(void **state)
{
	cf_stress *s = run_one(*state, "funded", 1, 0);
	const struct cf_se *lab = entity(s, "lab");

	NEAR(lab->p_default, 0);
	assert_int_equal(lab->median_year, 0);
	NEAR(lab->years[1].cash_mean, 7000);
	NEAR(lab->years[2].cash_mean, 500);
	NEAR(lab->shortfall, 0);
	NEAR(s->res[0].vendors[0].at_risk, 0);
	cf_stress_free(s);
}

/*
 * The coin toss: the lab defaults exactly in the draws where the
 * milestone fails.  Replay the streams independently: per draw, the
 * common factor first, then one normal for the one drawn flow; it
 * arrives when Phi(z) < 0.5.
 */
static void
test_monte_carlo_replay(void **state)
{
	cf_stress *s = run_one(*state, "coin", 1, 0);
	const struct cf_se *lab = entity(s, "lab");
	long d, fails = 0;

	assert_int_equal(s->res[0].draws, 4000);
	for (d = 0; d < 4000; d++) {
		struct cf_rng r;
		double z;

		cf_rng_init(&r, 7, (uint64_t)d);
		(void)cf_rng_normal(&r);
		z = cf_rng_normal(&r);
		fails += !(cf_norm_cdf(z) < 0.5);
	}
	assert_true(fabs((double)fails / 4000 - 0.5) < 0.05);
	NEAR(lab->p_default, (double)fails / 4000);
	NEAR(lab->shortfall, (double)fails / 4000 * (10000.0 - 10000.0 *
	    110 / 140 + 10000));
	/* 4000 draws keep every value: exact quantiles.  Fewer than half
	 * the draws fail, so the median shortfall is 0. */
	assert_true(s->res[0].exact_quantiles);
	assert_true(fails < 2000);
	NEAR(lab->shortfall_q[1], 0);
	NEAR(lab->shortfall_q[2], 10000.0 - 10000.0 * 110 / 140 + 10000);
	cf_stress_free(s);
}

static void
same_results(const cf_stress *a, const cf_stress *b)
{
	const struct cf_sresult *x = &a->res[0], *y = &b->res[0];
	size_t i;
	int t, q;

	assert_int_equal(x->nents, y->nents);
	for (i = 0; i < x->nents; i++) {
		assert_true(x->ents[i].p_default == y->ents[i].p_default);
		assert_true(x->ents[i].shortfall == y->ents[i].shortfall);
		for (q = 0; q < 3; q++)
			assert_true(x->ents[i].shortfall_q[q] ==
			    y->ents[i].shortfall_q[q]);
		for (t = 0; t < a->years; t++) {
			const struct cf_sy *u = &x->ents[i].years[t];
			const struct cf_sy *w = &y->ents[i].years[t];
			assert_memory_equal(u, w, sizeof(*u));
		}
	}
	assert_int_equal(x->nvendors, y->nvendors);
	assert_memory_equal(x->vendors, y->vendors, x->nvendors *
	    sizeof(*x->vendors));
	assert_int_equal(x->nflows, y->nflows);
	assert_memory_equal(x->flows, y->flows, x->nflows *
	    sizeof(*x->flows));
}

/* The same numbers, bit for bit, on 1, 2 and 7 threads. */
static void
test_jobs_do_not_matter(void **state)
{
	cf_stress *one = run_one(*state, "coin", 1, 1500);
	cf_stress *two = run_one(*state, "coin", 2, 1500);
	cf_stress *seven = run_one(*state, "coin", 7, 1500);

	same_results(one, two);
	same_results(one, seven);
	cf_stress_free(one);
	cf_stress_free(two);
	cf_stress_free(seven);
}

/* --detail stores draws x entities x years rows, and they add up to the
 * summaries. */
static void
test_detail_rows(void **state)
{
	struct fixture *fx = *state;
	cf_stress_opts o;
	cf_stress *s = NULL;
	int64_t run = 0;
	char sql[256];

	memset(&o, 0, sizeof(o));
	o.scenario = "coin";
	o.draws = 50;
	o.detail = 1;
	assert_int_equal(cf_stress_run(&s, &run, fx->st, NULL, fx->sc, &o),
	    CF_OK);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM stress_draw WHERE"
	    " run_id = %lld", (long long)run);
	assert_int_equal(tu_query_int(fx->st, sql), 50 * 2 * 3);
	snprintf(sql, sizeof(sql), "SELECT sum(defaulted) FROM stress_draw"
	    " WHERE run_id = %lld AND entity_id = 'lab' AND year = 2027",
	    (long long)run);
	assert_int_equal(tu_query_int(fx->st, sql),
	    (long long)llround(entity(s, "lab")->years[1].p_first * 50));
	cf_stress_free(s);
}

/* A scenario naming what the store does not have: an error naming file
 * and line, and no run left behind. */
static void
test_unknown_names(void **state)
{
	static const char *const bad[] = {
	    "<set param=\"revenue-factor\" entity=\"nobody\" value=\"1\"/>",
	    "<set param=\"arrival-probability\" flow=\"nope\" value=\"1\"/>",
	    "<set param=\"arrival-probability\" flow=\"f1\" value=\"1\"/>",
	};
	struct fixture *fx = *state;
	char dir[4096], path[4200], text[2048];
	long long runs = tu_query_int(fx->st, "SELECT count(*) FROM"
	    " analysis_run");
	size_t i;

	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/s.xml", dir);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		cf_scenarios *sc = NULL;
		cf_stress *s = NULL;
		int64_t run = 0;
		char want[4300];

		snprintf(text, sizeof(text), "<?xml version=\"1.0\"?>\n"
		    "<scenarios xmlns=\"urn:circfin:scenarios:1\""
		    " version=\"1\">\n<scenario name=\"x\">\n%s\n</scenario>\n"
		    "</scenarios>\n", bad[i]);
		tu_write_file(path, text);
		assert_int_equal(cf_scenarios_read(&sc, path), CF_OK);
		assert_int_equal(cf_stress_run(&s, &run, fx->st, NULL, sc,
		    NULL), CF_EINPUT);
		snprintf(want, sizeof(want), "%s:4:", path);
		assert_non_null(strstr(cf_error_message(), want));
		assert_null(s);
		cf_scenarios_free(sc);
	}
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " analysis_run"), runs);
	assert_int_equal(tu_query_int(fx->st, "SELECT count(*) FROM"
	    " stress_scenario s WHERE NOT EXISTS (SELECT 1 FROM analysis_run"
	    " r WHERE r.id = s.run_id)"), 0);
	unlink(path);
	rmdir(dir);
}

/* An unknown --scenario is a usage error that lists the names. */
static void
test_unknown_scenario(void **state)
{
	struct fixture *fx = *state;
	cf_stress_opts o;
	cf_stress *s = NULL;
	int64_t run = 0;

	memset(&o, 0, sizeof(o));
	o.scenario = "nope";
	assert_int_equal(cf_stress_run(&s, &run, fx->st, NULL, fx->sc, &o),
	    CF_EARG);
	assert_non_null(strstr(cf_error_message(), "no-funding, funded,"
	    " coin"));
}

/*
 * Tagged tracing on a three-party loop a -> b -> c -> a with a side
 * inflow d -> b: b holds 10 from a and 30 from d, so a's share at b is
 * 10/40 = 0.25, and c passes b's mix on: 0.25 again.
 */
static void
test_origin_share(void **state)
{
	static const int from[] = {0, 1, 2, 3};
	static const int to[] = {1, 2, 0, 1};
	static const int64_t amt[] = {10, 40, 40, 30};
	cf_graph *g = NULL;
	double w[4], share[4];
	size_t k;

	(void)state;
	assert_int_equal(cf_graph_from_edges(&g, 4, from, to, amt, 4), CF_OK);
	for (k = 0; k < g->ne; k++)
		w[k] = (double)g->e[k].amount;
	assert_int_equal(cf_trace_origin_share(g, w, 0, share), CF_OK);
	NEAR(share[0], 1);
	NEAR(share[1], 0.25);
	NEAR(share[2], 0.25);
	NEAR(share[3], 0);
	/* Make d the parent of a: the group's money now includes d's 30
	 * into b, so b holds (10 + 30)/40 of it, and c the same. */
	free(g->v[0].group);
	assert_non_null(g->v[0].group = strdup(g->v[3].group));
	assert_int_equal(cf_trace_origin_share(g, w, 0, share), CF_OK);
	NEAR(share[0], 1);
	NEAR(share[3], 1);
	NEAR(share[1], 1);
	NEAR(share[2], 1);
	cf_graph_free(g);
}


/* Write a scenarios file with these settings and one empty scenario. */
static cf_scenarios *
scenarios_with(const char *dir, const char *settings)
{
	char path[4200], text[1024];
	cf_scenarios *sc = NULL;

	snprintf(path, sizeof(path), "%s/s.xml", dir);
	snprintf(text, sizeof(text), "<?xml version=\"1.0\"?>\n<scenarios"
	    " xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n<settings"
	    " start-year=\"2026\" years=\"3\" %s/>\n<scenario"
	    " name=\"x\"/>\n</scenarios>\n", settings);
	tu_write_file(path, text);
	if (cf_scenarios_read(&sc, path) != CF_OK)
		fail_msg("%s", cf_error_message());
	unlink(path);
	return sc;
}

/* Rogers-Veraart with alpha = beta = 1 is Eisenberg-Noe, year after
 * year. */
static void
test_rogers_veraart_one_is_eisenberg_noe(void **state)
{
	struct fixture *fx = *state;
	char dir[4096];
	cf_scenarios *en, *rv;
	cf_stress *a = NULL, *b = NULL;
	int64_t run;

	tu_tmpdir(dir, sizeof(dir));
	en = scenarios_with(dir, "model=\"eisenberg-noe\"");
	rv = scenarios_with(dir, "model=\"rogers-veraart\" alpha=\"1\""
	    " beta=\"1\"");
	rmdir(dir);
	assert_int_equal(cf_stress_run(&a, &run, fx->st, NULL, en, NULL),
	    CF_OK);
	assert_int_equal(cf_stress_run(&b, &run, fx->st, NULL, rv, NULL),
	    CF_OK);
	same_results(a, b);
	assert_int_equal(entity(a, "lab")->median_year, 2027);
	cf_stress_free(a);
	cf_stress_free(b);
	cf_scenarios_free(en);
	cf_scenarios_free(rv);
}

/*
 * docs/methods.md, "Yearly paths": the lab's revenue is 40 in 2026 and
 * grows by its 2027 figure, 0.5, to 60.  Held, the rate makes 2028 90;
 * with revenue-growth-half-life 1 it is 0.5 x 2^-1 = 0.25 in 2028 (75),
 * and with 2 it is 0.5 x 2^-0.5 = 0.353553 (81.213203).  2027, the year of
 * the figure, is the same in all three.
 */
static void
test_growth_half_life(void **state)
{
	static const char text[] = "<?xml version=\"1.0\"?>\n<scenarios"
	    " xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n<settings"
	    " start-year=\"2026\" years=\"3\"/>\n"
	    "<scenario name=\"held\"/>\n"
	    "<scenario name=\"one\"><set param=\"revenue-growth-half-life\""
	    " entity=\"lab\" value=\"1\"/></scenario>\n"
	    "<scenario name=\"two\"><set param=\"revenue-growth-half-life\""
	    " value=\"2\"/></scenario>\n</scenarios>\n";
	struct fixture *fx = *state;
	static const char *const names[] = {"held", "one", "two"};
	static const double y2028[] = {9000, 7500, 6000 * (1 + 0.5 /
	    1.4142135623730951)};
	char dir[4096], path[4200];
	cf_scenarios *sc = NULL;
	cf_stress_opts o;
	cf_stress *s;
	int64_t run;
	size_t k;

	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/s.xml", dir);
	tu_write_file(path, text);
	if (cf_scenarios_read(&sc, path) != CF_OK)
		fail_msg("%s", cf_error_message());
	unlink(path);
	rmdir(dir);
	for (k = 0; k < 3; k++) {
		const struct cf_se *lab;

		memset(&o, 0, sizeof(o));
		o.scenario = names[k];
		s = NULL;
		if (cf_stress_run(&s, &run, fx->st, NULL, sc, &o) != CF_OK)
			fail_msg("%s: %s", names[k], cf_error_message());
		lab = entity(s, "lab");
		NEAR(lab->years[0].revenue, 4000);
		NEAR(lab->years[1].revenue, 6000);
		NEAR(lab->years[2].revenue, y2028[k]);
		cf_stress_free(s);
	}
	cf_scenarios_free(sc);
}

/*
 * A clearing that needs more rounds than allowed stops the run with an
 * error naming the <settings> line, and stores nothing: lab1 cannot pay
 * lab2, which then cannot pay the cloud (two rounds of defaults).
 */
static void
test_non_convergent_setting(void **state)
{
	static const char data[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\">\n"
	    "<sources><source id=\"s\"><title>t</title></source></sources>\n"
	    "<entities>\n"
	    "<entity id=\"l1\" kinds=\"lab\"><name>L1</name></entity>\n"
	    "<entity id=\"l2\" kinds=\"lab\"><name>L2</name></entity>\n"
	    "<entity id=\"c\" kinds=\"cloud\"><name>C</name></entity>\n"
	    "</entities><flows>\n"
	    "<flow id=\"g1\" from=\"l1\" to=\"l2\" type=\"loan\""
	    " status=\"committed\" announced=\"2026\"><amount"
	    " currency=\"USD\">100</amount><source ref=\"s\"/></flow>\n"
	    "<flow id=\"g2\" from=\"l2\" to=\"c\" type=\"loan\""
	    " status=\"committed\" announced=\"2026\"><amount"
	    " currency=\"USD\">120</amount><source ref=\"s\"/></flow>\n"
	    "</flows><profiles>\n"
	    "<figure id=\"p1\" entity=\"l1\" item=\"cash\" period=\"2025\""
	    " assumption=\"true\"><amount currency=\"USD\">0</amount></figure>\n"
	    "<figure id=\"p2\" entity=\"l2\" item=\"cash\" period=\"2025\""
	    " assumption=\"true\"><amount currency=\"USD\">50</amount></figure>\n"
	    "</profiles></dataset>\n";
	char dir[4096], path[4200], sql[64];
	cf_store *st;
	cf_batch *b;
	cf_scenarios *ok, *bad;
	cf_stress *s = NULL;
	int64_t run = 0;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	st = tu_store_tmp(sql, sizeof(sql));
	b = tu_import_text(st, dir, "chain.xml", data, path, sizeof(path));
	assert_int_equal(cf_batch_count(b, CF_FILE_IMPORTED), 1);
	cf_batch_free(b);
	unlink(path);
	ok = scenarios_with(dir, "max-iterations=\"10\"");
	bad = scenarios_with(dir, "max-iterations=\"1\"");
	rmdir(dir);
	assert_int_equal(cf_stress_run(&s, &run, st, NULL, ok, NULL), CF_OK);
	assert_int_equal(entity(s, "l1")->median_year, 2026);
	assert_int_equal(entity(s, "l2")->median_year, 2026);
	cf_stress_free(s);
	s = NULL;
	assert_int_equal(cf_stress_run(&s, &run, st, NULL, bad, NULL),
	    CF_EINPUT);
	assert_non_null(strstr(cf_error_message(), "s.xml:3:"));
	assert_non_null(strstr(cf_error_message(), "did not converge"));
	assert_int_equal(tu_query_int(st, "SELECT count(*) FROM analysis_run"),
	    1);
	cf_scenarios_free(ok);
	cf_scenarios_free(bad);
	tu_store_remove(st, sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lab_defaults_in_2027),
		cmocka_unit_test(test_funding_saves_the_lab),
		cmocka_unit_test(test_monte_carlo_replay),
		cmocka_unit_test(test_jobs_do_not_matter),
		cmocka_unit_test(test_detail_rows),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_unknown_scenario),
		cmocka_unit_test(test_origin_share),
		cmocka_unit_test(test_rogers_veraart_one_is_eisenberg_noe),
		cmocka_unit_test(test_growth_half_life),
		cmocka_unit_test(test_non_convergent_setting),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
