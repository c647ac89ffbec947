/*
 * test_scenario.c - the scenarios file: a file using every element and
 * attribute read back field by field, the defaults of an empty file, every
 * check of src/scenario.c giving CF_EINPUT with the file and the line at
 * fault, refused DOCTYPEs, reading from disk (unreadable, too large) and
 * the bundled graphs/scenarios.xml.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "scenario.h"
#include "testutil.h"

/* Two lines: the body of a test file starts on line 3. */
#define HEAD "<?xml version=\"1.0\"?>\n" \
	"<scenarios xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n"
#define TAIL "</scenarios>\n"

#define PATH "t.xml"

static cf_scenarios *
parse_ok(const char *text)
{
	cf_scenarios *s = NULL;

	if (cf_scenarios_parse(&s, PATH, text, strlen(text)) != CF_OK)
		fail_msg("cf_scenarios_parse: %s", cf_error_message());
	assert_non_null(s);
	return s;
}

/* text must fail with CF_EINPUT, nothing returned, and a message
 * "t.xml:line: ..." containing phrase. */
static void
fails_text(const char *text, long line, const char *phrase)
{
	cf_scenarios *s = (cf_scenarios *)1;
	char prefix[64];
	int rc;

	cf_error_clear();
	rc = cf_scenarios_parse(&s, PATH, text, strlen(text));
	if (rc != CF_EINPUT)
		fail_msg("expected CF_EINPUT (%s), got %d: %s", phrase, rc,
		    cf_error_message());
	assert_null(s);
	snprintf(prefix, sizeof(prefix), PATH ":%ld: ", line);
	if (strncmp(cf_error_message(), prefix, strlen(prefix)) != 0)
		fail_msg("expected \"%s\" at the start of \"%s\"", prefix,
		    cf_error_message());
	tu_assert_has(cf_error_message(), phrase);
}

/* The same with HEAD before body and TAIL after it. */
static void
fails(const char *body, long line, const char *phrase)
{
	char buf[4096];

	assert_true((size_t)snprintf(buf, sizeof(buf), "%s%s%s", HEAD, body,
	    TAIL) < sizeof(buf));
	fails_text(buf, line, phrase);
}

/* body is fine. */
static void
passes(const char *body)
{
	char buf[4096];

	assert_true((size_t)snprintf(buf, sizeof(buf), "%s%s%s", HEAD, body,
	    TAIL) < sizeof(buf));
	cf_scenarios_free(parse_ok(buf));
}

/* A <set> in a scenario on line 3. */
#define SET(attrs) "<scenario name=\"a\"><set " attrs "/></scenario>\n"
/* A <draw> in a Monte Carlo on line 4, its base on line 3. */
#define DRAW(attrs) "<scenario name=\"b\"/>\n" \
	"<montecarlo name=\"m\" base=\"b\" draws=\"10\" seed=\"1\"><draw " \
	attrs "/></montecarlo>\n"

/* ---- a valid file -------------------------------------------------------- */

static const char full[] =
    HEAD
    "  <title>  Test \t  scenarios </title>\n"				/* 3 */
    "  <settings start-year=\"2026\" years=\"5\" model=\"rogers-veraart\""
    " alpha=\"0.5\" beta=\"0.25\" recovery=\"0.4\" seniority=\"senior\""
    " terminate-on-default=\"false\"/>\n"				/* 4 */
    "  <valuation unit=\"GW\" currency=\"USD\""
    " per-unit=\"50000000000.00\"><note>assumed\n"			/* 5 */
    "    all-in</note></valuation>\n"					/* 6 */
    "  <valuation unit=\"MW\" currency=\"JPY\" per-unit=\"7000000\"/>\n"
    "  <defaults>\n"							/* 8 */
    "    <set param=\"gpu-life-years\" value=\"6\"/>\n"		/* 9 */
    "    <set param=\"debt-service-rate\" kind=\"lab\" value=\"0.1\"/>\n"
    "  </defaults>\n"							/* 11 */
    "  <scenario name=\"base\">\n"					/* 12 */
    "    <description>Everything\n"					/* 13 */
    "      arrives.</description>\n"					/* 14 */
    "    <valuation unit=\"GW\" currency=\"EUR\" per-unit=\"1.5\"/>\n"
    "    <set param=\"arrival-probability\" status=\"contingent\""
    " value=\"1\"/>\n"							/* 16 */
    "    <set param=\"arrival-probability\" flow=\"f-1\" value=\"0.5\"/>\n"
    "    <set param=\"arrival-probability\" type=\"loan\" value=\" 0 \"/>\n"
    "    <set param=\"revenue-growth\" entity=\"openai\""
    " value=\"-0.5\"/>\n"						/* 19 */
    "    <set param=\"gross-margin\" value=\"1e-1\"/>\n"		/* 20 */
    "    <set param=\"revenue-growth-factor\" kind=\"lab\" value=\"2\"/>\n"
    "    <set param=\"revenue-growth-factor\" kind=\"cloud\""
    " value=\"3\"/>\n"							/* 22 */
    "    <set param=\"revenue-factor\" value=\"0\"/>\n"		/* 23 */
    "    <set param=\"cost-factor\" entity=\"openai\" value=\"1.25\"/>\n"
    "  </scenario>\n"							/* 25 */
    "  <montecarlo name=\"mc\" base=\"later\" draws=\"100000000\""
    " seed=\"18446744073709551615\">\n"				/* 26 */
    "    <description>Drawn.</description>\n"				/* 27 */
    "    <draw param=\"revenue-growth-factor\" kind=\"lab\""
    " dist=\"normal\" mean=\"1\" sd=\"0.3\" loading=\"-0.6\"/>\n"	/* 28 */
    "    <draw param=\"cost-factor\" dist=\"lognormal\" mu=\"0\""
    " sigma=\"0.2\"/>\n"						/* 29 */
    "    <draw param=\"revenue-factor\" entity=\"x\" dist=\"uniform\""
    " low=\"0.5\" high=\"1.5\" loading=\"1\"/>\n"			/* 30 */
    "    <draw param=\"gross-margin\" dist=\"triangular\" low=\"0.1\""
    " mode=\"0.1\" high=\"0.6\"/>\n"				/* 31 */
    "    <draw param=\"arrival-probability\" status=\"option\""
    " dist=\"bernoulli\" p=\"0.4\" loading=\"0.5\"/>\n"		/* 32 */
    "  </montecarlo>\n"						/* 33 */
    "  <scenario name=\"later\"/>\n"					/* 34 */
    TAIL;

static void
check_set(const struct cf_setting *st, int param, int target,
    const char *name, double value, long line)
{
	assert_int_equal(st->param, param);
	assert_int_equal(st->target, target);
	if (name == NULL)
		assert_null(st->name);
	else
		assert_string_equal(st->name, name);
	assert_true(st->value == value);
	assert_int_equal(st->line, line);
}

static void
check_draw(const struct cf_draw_spec *d, int param, int target,
    const char *name, int kind, double a, double b, double c,
    double loading, long line)
{
	assert_int_equal(d->param, param);
	assert_int_equal(d->target, target);
	if (name == NULL)
		assert_null(d->name);
	else
		assert_string_equal(d->name, name);
	assert_int_equal(d->dist.kind, kind);
	assert_true(d->dist.a == a);
	assert_true(d->dist.b == b);
	assert_true(d->dist.c == c);
	assert_true(d->dist.loading == loading);
	assert_int_equal(d->line, line);
}

static void
test_full_file(void **state)
{
	cf_scenarios *s = parse_ok(full);
	const struct cf_scenario *sc;
	const struct cf_setting *st;
	const struct cf_draw_spec *d;

	(void)state;
	assert_string_equal(s->path, PATH);
	assert_string_equal(s->title, "Test scenarios");

	assert_int_equal(s->settings.start_year, 2026);
	assert_int_equal(s->settings.years, 5);
	assert_int_equal(s->settings.model, CF_CLEAR_ROGERS_VERAART);
	assert_true(s->settings.alpha == 0.5);
	assert_true(s->settings.beta == 0.25);
	assert_true(s->settings.recovery == 0.4);
	assert_int_equal(s->settings.seniority, CF_SENIORITY_SENIOR);
	assert_int_equal(s->settings.terminate, 0);
	assert_int_equal(s->settings.line, 4);

	assert_int_equal(s->nvaluations, 2);
	assert_string_equal(s->valuations[0].unit, "GW");
	assert_string_equal(s->valuations[0].currency, "USD");
	assert_true(s->valuations[0].per_unit_minor == INT64_C(5000000000000));
	assert_string_equal(s->valuations[0].note, "assumed all-in");
	assert_int_equal(s->valuations[0].line, 5);
	assert_string_equal(s->valuations[1].unit, "MW");
	assert_string_equal(s->valuations[1].currency, "JPY");
	assert_true(s->valuations[1].per_unit_minor == 7000000);
	assert_null(s->valuations[1].note);
	assert_int_equal(s->valuations[1].line, 7);

	assert_int_equal(s->ndefaults, 2);
	check_set(&s->defaults[0], CF_PARAM_GPU_LIFE, CF_TARGET_ALL, NULL, 6,
	    9);
	check_set(&s->defaults[1], CF_PARAM_DEBT_SERVICE, CF_TARGET_KIND,
	    "lab", 0.1, 10);

	assert_int_equal(s->nscenarios, 3);
	sc = &s->scenarios[0];
	assert_string_equal(sc->name, "base");
	assert_string_equal(sc->description, "Everything arrives.");
	assert_int_equal(sc->montecarlo, 0);
	assert_null(sc->base);
	assert_int_equal(sc->line, 12);
	assert_int_equal(sc->nvaluations, 1);
	assert_string_equal(sc->valuations[0].unit, "GW");
	assert_string_equal(sc->valuations[0].currency, "EUR");
	assert_true(sc->valuations[0].per_unit_minor == 150);
	assert_int_equal(sc->valuations[0].line, 15);
	assert_int_equal(sc->ndraw_specs, 0);
	assert_null(sc->draws);
	assert_int_equal(sc->nsettings, 9);
	st = sc->settings;
	check_set(&st[0], CF_PARAM_ARRIVAL, CF_TARGET_STATUS, "contingent", 1,
	    16);
	check_set(&st[1], CF_PARAM_ARRIVAL, CF_TARGET_FLOW, "f-1", 0.5, 17);
	check_set(&st[2], CF_PARAM_ARRIVAL, CF_TARGET_TYPE, "loan", 0, 18);
	check_set(&st[3], CF_PARAM_REVENUE_GROWTH, CF_TARGET_ENTITY, "openai",
	    -0.5, 19);
	check_set(&st[4], CF_PARAM_GROSS_MARGIN, CF_TARGET_ALL, NULL, 0.1, 20);
	check_set(&st[5], CF_PARAM_GROWTH_FACTOR, CF_TARGET_KIND, "lab", 2, 21);
	check_set(&st[6], CF_PARAM_GROWTH_FACTOR, CF_TARGET_KIND, "cloud", 3,
	    22);
	check_set(&st[7], CF_PARAM_REVENUE_FACTOR, CF_TARGET_ALL, NULL, 0, 23);
	check_set(&st[8], CF_PARAM_COST_FACTOR, CF_TARGET_ENTITY, "openai",
	    1.25, 24);

	sc = &s->scenarios[1];
	assert_string_equal(sc->name, "mc");
	assert_string_equal(sc->description, "Drawn.");
	assert_int_equal(sc->montecarlo, 1);
	assert_string_equal(sc->base, "later");
	assert_int_equal(sc->ndraws, 100000000);
	assert_true(sc->seed == UINT64_MAX);
	assert_int_equal(sc->line, 26);
	assert_int_equal(sc->nvaluations, 0);
	assert_int_equal(sc->nsettings, 0);
	assert_int_equal(sc->ndraw_specs, 5);
	d = sc->draws;
	check_draw(&d[0], CF_PARAM_GROWTH_FACTOR, CF_TARGET_KIND, "lab",
	    CF_DIST_NORMAL, 1, 0.3, 0, -0.6, 28);
	check_draw(&d[1], CF_PARAM_COST_FACTOR, CF_TARGET_ALL, NULL,
	    CF_DIST_LOGNORMAL, 0, 0.2, 0, 0, 29);
	check_draw(&d[2], CF_PARAM_REVENUE_FACTOR, CF_TARGET_ENTITY, "x",
	    CF_DIST_UNIFORM, 0.5, 1.5, 0, 1, 30);
	check_draw(&d[3], CF_PARAM_GROSS_MARGIN, CF_TARGET_ALL, NULL,
	    CF_DIST_TRIANGULAR, 0.1, 0.1, 0.6, 0, 31);
	check_draw(&d[4], CF_PARAM_ARRIVAL, CF_TARGET_STATUS, "option",
	    CF_DIST_BERNOULLI, 0.4, 0, 0, 0.5, 32);

	sc = &s->scenarios[2];
	assert_string_equal(sc->name, "later");
	assert_null(sc->description);
	assert_int_equal(sc->nsettings, 0);
	assert_null(sc->settings);
	assert_int_equal(sc->line, 34);

	assert_ptr_equal(cf_scenarios_find(s, "later"), &s->scenarios[2]);
	assert_ptr_equal(cf_scenarios_find(s, "mc"), &s->scenarios[1]);
	assert_null(cf_scenarios_find(s, "nope"));
	assert_null(cf_scenarios_find(s, NULL));
	assert_null(cf_scenarios_find(NULL, "base"));
	cf_scenarios_free(s);
}

/* What a file leaves out keeps the defaults of scenario.h. */
static void
test_empty_file_defaults(void **state)
{
	cf_scenarios *s;

	(void)state;
	s = parse_ok(HEAD TAIL);
	assert_null(s->title);
	assert_int_equal(s->settings.start_year, 0);
	assert_int_equal(s->settings.years, 7);
	assert_int_equal(s->settings.model, CF_CLEAR_EISENBERG_NOE);
	assert_true(s->settings.alpha == 1);
	assert_true(s->settings.beta == 1);
	assert_true(s->settings.recovery == 0);
	assert_int_equal(s->settings.seniority, CF_SENIORITY_EQUAL);
	assert_int_equal(s->settings.terminate, 1);
	assert_int_equal(s->settings.line, 0);
	assert_int_equal(s->ndefaults, 0);
	assert_int_equal(s->nvaluations, 0);
	assert_int_equal(s->nscenarios, 0);
	cf_scenarios_free(s);

	/* An empty <settings/> and <defaults/> change nothing. */
	s = parse_ok(HEAD "<settings/>\n<defaults/>\n" TAIL);
	assert_int_equal(s->settings.years, 7);
	assert_int_equal(s->settings.terminate, 1);
	assert_int_equal(s->settings.line, 3);
	assert_int_equal(s->ndefaults, 0);
	cf_scenarios_free(s);

	s = parse_ok(HEAD "<settings model=\"furfine\""
	    " terminate-on-default=\"1\" seniority=\"equal\"/>\n" TAIL);
	assert_int_equal(s->settings.model, CF_CLEAR_FURFINE);
	assert_int_equal(s->settings.terminate, 1);
	cf_scenarios_free(s);
}

static void
test_free_null(void **state)
{
	(void)state;
	cf_scenarios_free(NULL);
}

static void
test_names_and_ranges(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; cf_param_names[i] != NULL; i++)
		;
	assert_int_equal(i, CF_NPARAMS);
	assert_string_equal(cf_param_names[CF_PARAM_REVENUE_GROWTH],
	    "revenue-growth");
	assert_string_equal(cf_param_names[CF_PARAM_GROWTH_FACTOR],
	    "revenue-growth-factor");
	assert_string_equal(cf_param_names[CF_PARAM_REVENUE_FACTOR],
	    "revenue-factor");
	assert_string_equal(cf_param_names[CF_PARAM_GROSS_MARGIN],
	    "gross-margin");
	assert_string_equal(cf_param_names[CF_PARAM_COST_FACTOR],
	    "cost-factor");
	assert_string_equal(cf_param_names[CF_PARAM_GPU_LIFE],
	    "gpu-life-years");
	assert_string_equal(cf_param_names[CF_PARAM_DEBT_SERVICE],
	    "debt-service-rate");
	assert_string_equal(cf_param_names[CF_PARAM_ARRIVAL],
	    "arrival-probability");
	assert_string_equal(cf_dist_names[CF_DIST_NORMAL], "normal");
	assert_string_equal(cf_dist_names[CF_DIST_LOGNORMAL], "lognormal");
	assert_string_equal(cf_dist_names[CF_DIST_UNIFORM], "uniform");
	assert_string_equal(cf_dist_names[CF_DIST_TRIANGULAR], "triangular");
	assert_string_equal(cf_dist_names[CF_DIST_BERNOULLI], "bernoulli");
	assert_null(cf_dist_names[CF_DIST_BERNOULLI + 1]);

	assert_true(cf_param_value_ok(CF_PARAM_REVENUE_GROWTH, -0.999));
	assert_false(cf_param_value_ok(CF_PARAM_REVENUE_GROWTH, -1));
	assert_true(cf_param_value_ok(CF_PARAM_REVENUE_GROWTH, 50));
	assert_true(cf_param_value_ok(CF_PARAM_GROWTH_FACTOR, 0));
	assert_false(cf_param_value_ok(CF_PARAM_GROWTH_FACTOR, -1e-9));
	assert_true(cf_param_value_ok(CF_PARAM_REVENUE_FACTOR, 7));
	assert_false(cf_param_value_ok(CF_PARAM_REVENUE_FACTOR, -0.5));
	assert_true(cf_param_value_ok(CF_PARAM_COST_FACTOR, 0));
	assert_false(cf_param_value_ok(CF_PARAM_COST_FACTOR, -1));
	assert_true(cf_param_value_ok(CF_PARAM_GROSS_MARGIN, 0));
	assert_true(cf_param_value_ok(CF_PARAM_GROSS_MARGIN, 1));
	assert_false(cf_param_value_ok(CF_PARAM_GROSS_MARGIN, 1.0001));
	assert_false(cf_param_value_ok(CF_PARAM_GPU_LIFE, 0));
	assert_true(cf_param_value_ok(CF_PARAM_GPU_LIFE, 0.5));
	assert_true(cf_param_value_ok(CF_PARAM_DEBT_SERVICE, 1));
	assert_false(cf_param_value_ok(CF_PARAM_DEBT_SERVICE, -0.1));
	assert_true(cf_param_value_ok(CF_PARAM_ARRIVAL, 0));
	assert_false(cf_param_value_ok(CF_PARAM_ARRIVAL, 2));
	assert_false(cf_param_value_ok(CF_PARAM_COST_FACTOR, NAN));
	assert_false(cf_param_value_ok(CF_PARAM_COST_FACTOR, INFINITY));
	assert_false(cf_param_value_ok(CF_PARAM_ARRIVAL, NAN));
	assert_false(cf_param_value_ok(-1, 0.5));
	assert_false(cf_param_value_ok(CF_NPARAMS, 0.5));
}

/* ---- bad input, each with its line --------------------------------------- */

static void
test_bad_parameters_and_targets(void **state)
{
	(void)state;
	fails("<defaults><set param=\"revenue\" value=\"1\"/></defaults>\n",
	    3, "<set>: unknown parameter 'revenue' (one of: revenue-growth,");
	fails(SET("param=\"arrival-probability\" entity=\"x\" value=\"1\""),
	    3, "parameter 'arrival-probability' takes a flow, type or status"
	    " target");
	fails(SET("param=\"arrival-probability\" kind=\"lab\" value=\"1\""),
	    3, "not kind='lab'");
	fails(SET("param=\"revenue-growth\" status=\"contingent\""
	    " value=\"1\""), 3, "parameter 'revenue-growth' takes an entity"
	    " or kind target");
	fails(SET("param=\"cost-factor\" flow=\"f1\" value=\"1\""), 3,
	    "not flow='f1'");
	fails(SET("param=\"gross-margin\" type=\"loan\" value=\"1\""), 3,
	    "takes an entity or kind target");
	fails(SET("param=\"cost-factor\" entity=\"x\" kind=\"lab\""
	    " value=\"1\""), 3, "<set>: give at most one of entity, kind,"
	    " flow, type and status (found entity and kind)");
	fails(SET("param=\"arrival-probability\" type=\"loan\""
	    " status=\"option\" value=\"1\""), 3, "found type and status");
	fails(SET("param=\"cost-factor\" kind=\"bank\" value=\"1\""), 3,
	    "<set>: unknown entity kind 'bank' (one of: investor, lab,");
	fails(SET("param=\"arrival-probability\" type=\"grant\" value=\"1\""),
	    3, "<set>: unknown flow type 'grant' (one of: equity,");
	fails(SET("param=\"arrival-probability\" status=\"pending\""
	    " value=\"1\""), 3, "<set>: unknown flow status 'pending' (one"
	    " of: paid, committed,");
	/* The same in a draw. */
	fails(DRAW("param=\"revenue-factor\" kind=\"bank\" dist=\"normal\""
	    " mean=\"1\" sd=\"0\""), 4, "<draw>: unknown entity kind 'bank'");
	fails(DRAW("param=\"arrival\" dist=\"bernoulli\" p=\"1\""), 4,
	    "<draw>: unknown parameter 'arrival'");
	fails(DRAW("param=\"arrival-probability\" entity=\"x\""
	    " dist=\"bernoulli\" p=\"1\""), 4, "takes a flow, type or status");
}

static void
test_bad_values(void **state)
{
	(void)state;
	fails(SET("param=\"gross-margin\" value=\"1.5\""), 3,
	    "<set>: parameter 'gross-margin' must be between 0 and 1, not"
	    " 1.5");
	fails(SET("param=\"gross-margin\" value=\"-0.01\""), 3,
	    "must be between 0 and 1, not -0.01");
	fails(SET("param=\"revenue-growth\" value=\"-1\""), 3,
	    "parameter 'revenue-growth' must be greater than -1, not -1");
	fails(SET("param=\"revenue-growth-factor\" value=\"-0.5\""), 3,
	    "parameter 'revenue-growth-factor' must be 0 or more");
	fails(SET("param=\"revenue-factor\" value=\"-1\""), 3,
	    "parameter 'revenue-factor' must be 0 or more, not -1");
	fails(SET("param=\"cost-factor\" value=\"-2\""), 3,
	    "parameter 'cost-factor' must be 0 or more");
	fails(SET("param=\"gpu-life-years\" value=\"0\""), 3,
	    "parameter 'gpu-life-years' must be greater than 0, not 0");
	fails(SET("param=\"revenue-growth-half-life\" value=\"-1\""), 3,
	    "parameter 'revenue-growth-half-life' must be greater than 0,"
	    " not -1");
	fails(SET("param=\"debt-service-rate\" value=\"1.01\""), 3,
	    "parameter 'debt-service-rate' must be between 0 and 1");
	fails(SET("param=\"arrival-probability\" value=\"2\""), 3,
	    "parameter 'arrival-probability' must be between 0 and 1, not 2");
	/* xs:double admits these; circfin does not. */
	fails(SET("param=\"cost-factor\" value=\"NaN\""), 3,
	    "<set>: value must be a finite number, not NaN");
	fails(SET("param=\"cost-factor\" value=\"INF\""), 3,
	    "value must be a finite number, not INF");
	fails(SET("param=\"revenue-growth\" value=\"-INF\""), 3,
	    "value must be a finite number, not -INF");
	fails(SET("param=\"cost-factor\" value=\"1e999\""), 3,
	    "value must be a finite number, not 1e999");
	/* Not a number at all: the schema says so. */
	fails(SET("param=\"cost-factor\" value=\"half\""), 3,
	    "does not match the circfin scenarios schema");
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"NaN\""
	    " sd=\"1\""), 4, "<draw>: mean must be a finite number, not NaN");
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\""
	    " sd=\"1\" loading=\"INF\""), 4, "loading must be a finite"
	    " number");
	fails("<settings alpha=\"NaN\"/>\n", 3, "<settings>: alpha must be a"
	    " finite number, not NaN");
}

static void
test_bad_distributions(void **state)
{
	(void)state;
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\""
	    " sd=\"-1\""), 4, "<draw>: sd must be 0 or more, not -1");
	fails(DRAW("param=\"cost-factor\" dist=\"lognormal\" mu=\"0\""
	    " sigma=\"-0.2\""), 4, "<draw>: sigma must be 0 or more, not -0.2");
	fails(DRAW("param=\"cost-factor\" dist=\"uniform\" low=\"2\""
	    " high=\"1\""), 4, "<draw>: uniform low 2 is above high 1");
	fails(DRAW("param=\"cost-factor\" dist=\"triangular\" low=\"0\""
	    " mode=\"2\" high=\"1\""), 4, "<draw>: triangular needs low <="
	    " mode <= high, not low 0, mode 2, high 1");
	fails(DRAW("param=\"cost-factor\" dist=\"triangular\" low=\"1\""
	    " mode=\"0.5\" high=\"2\""), 4, "triangular needs low <= mode");
	fails(DRAW("param=\"arrival-probability\" dist=\"bernoulli\""
	    " p=\"1.5\""), 4, "<draw>: p must be between 0 and 1, not 1.5");
	fails(DRAW("param=\"arrival-probability\" dist=\"bernoulli\""
	    " p=\"-0.1\""), 4, "p must be between 0 and 1");
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\""
	    " loading=\"1.5\""), 4, "<draw>: loading must be between -1 and"
	    " 1, not 1.5");
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\""
	    " loading=\"-1.01\""), 4, "loading must be between -1 and 1");
	/* Attributes that belong to another distribution, or are missing. */
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\""
	    " sd=\"1\" mu=\"0\""), 4, "<draw>: a normal distribution takes"
	    " only mean, sd (not mu)");
	fails(DRAW("param=\"cost-factor\" dist=\"uniform\" low=\"1\""
	    " high=\"2\" mode=\"1.5\""), 4, "a uniform distribution takes"
	    " only low, high (not mode)");
	fails(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"1\""), 4,
	    "<draw>: a normal distribution needs mean, sd (sd is missing)");
	fails(DRAW("param=\"cost-factor\" dist=\"triangular\" low=\"1\""
	    " high=\"2\""), 4, "needs low, mode, high (mode is missing)");
	fails(DRAW("param=\"arrival-probability\" dist=\"bernoulli\""), 4,
	    "a bernoulli distribution needs p (p is missing)");
	/* arrival-probability is drawn with bernoulli, and only it. */
	fails(DRAW("param=\"arrival-probability\" status=\"option\""
	    " dist=\"uniform\" low=\"0\" high=\"1\""), 4, "<draw>: parameter"
	    " 'arrival-probability' is drawn with dist=\"bernoulli\"");
	fails(DRAW("param=\"revenue-factor\" dist=\"bernoulli\" p=\"0.5\""),
	    4, "<draw>: dist=\"bernoulli\" is only for arrival-probability,"
	    " not for parameter 'revenue-factor'");
	fails(DRAW("param=\"cost-factor\" dist=\"gamma\""), 4,
	    "does not match the circfin scenarios schema");
	/* Edge cases that are fine: zero spread, a point, loading +-1. */
	passes(DRAW("param=\"cost-factor\" dist=\"normal\" mean=\"-3\""
	    " sd=\"0\" loading=\"-1\""));
	passes(DRAW("param=\"cost-factor\" dist=\"uniform\" low=\"1\""
	    " high=\"1\" loading=\"1\""));
	passes(DRAW("param=\"cost-factor\" dist=\"triangular\" low=\"1\""
	    " mode=\"1\" high=\"1\""));
	passes(DRAW("param=\"arrival-probability\" dist=\"bernoulli\""
	    " p=\"0\""));
}

static void
test_bad_montecarlo(void **state)
{
	(void)state;
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"0\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "<montecarlo>: draws must be an integer"
	    " between 1 and 100000000, not 0");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"100000001\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "not 100000001");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"-5\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "draws must be an integer");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"99999999999999999999\""
	    " seed=\"1\"><draw param=\"cost-factor\" dist=\"normal\""
	    " mean=\"1\" sd=\"1\"/></montecarlo>\n", 4,
	    "draws must be an integer");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"10\" seed=\"-1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "<montecarlo>: seed must be a non-negative"
	    " integer that fits in 64 bits");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"10\""
	    " seed=\"18446744073709551616\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "not 18446744073709551616");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"10\""
	    " seed=\"99999999999999999999999\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "seed must be a non-negative integer");
	/* The base: missing, unknown, a Monte Carlo, itself. */
	fails("<montecarlo name=\"m\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 3, "'base' is required");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"nope\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "<montecarlo>: base 'nope' is not a scenario"
	    " in this file");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m1\" base=\"b\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n"
	    "<montecarlo name=\"m2\" base=\"m1\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 5, "<montecarlo>: base 'm1' is a <montecarlo>"
	    " (line 4); a base must be a deterministic <scenario>");
	fails("<montecarlo name=\"m\" base=\"m\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 3, "base 'm' is a <montecarlo>");
	/* No draw at all: the schema wants one. */
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"10\" seed=\"1\">"
	    "</montecarlo>\n", 4, "does not match the circfin scenarios"
	    " schema");
	/* A base later in the file is fine; so is seed 0 and "+7". */
	passes("<montecarlo name=\"m\" base=\"b\" draws=\"1\" seed=\"0\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n<scenario name=\"b\"/>\n");
	passes("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"1\" seed=\"+7\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n");
}

static void
test_duplicates(void **state)
{
	(void)state;
	/* Scenario and Monte Carlo names share one namespace. */
	fails("<scenario name=\"a\"/>\n<scenario name=\"b\"/>\n"
	    "<scenario name=\"a\"/>\n", 5, "<scenario>: duplicate scenario"
	    " name 'a' (first at line 3");
	fails("<scenario name=\"a\"/>\n"
	    "<montecarlo name=\"a\" base=\"a\" draws=\"10\" seed=\"1\">"
	    "<draw param=\"cost-factor\" dist=\"normal\" mean=\"1\" sd=\"1\"/>"
	    "</montecarlo>\n", 4, "<montecarlo>: duplicate scenario name 'a'");
	/* The first repeat in the file is the one reported. */
	fails("<scenario name=\"z\"/>\n<scenario name=\"a\"/>\n"
	    "<scenario name=\"z\"/>\n<scenario name=\"a\"/>\n", 5,
	    "duplicate scenario name 'z' (first at line 3");
	/* The same parameter and target twice in one scenario. */
	fails("<scenario name=\"a\">\n"
	    "<set param=\"revenue-factor\" kind=\"lab\" value=\"1\"/>\n"
	    "<set param=\"revenue-factor\" kind=\"cloud\" value=\"1\"/>\n"
	    "<set param=\"revenue-factor\" kind=\"lab\" value=\"2\"/>\n"
	    "</scenario>\n", 6, "<set>: parameter 'revenue-factor' for kind"
	    " 'lab' is set twice in scenario 'a' (first at line 4)");
	fails("<scenario name=\"a\">\n"
	    "<set param=\"cost-factor\" value=\"1\"/>\n"
	    "<set param=\"cost-factor\" value=\"2\"/>\n"
	    "</scenario>\n", 5, "parameter 'cost-factor' for all is set twice");
	fails("<defaults>\n"
	    "<set param=\"gpu-life-years\" value=\"6\"/>\n"
	    "<set param=\"gpu-life-years\" value=\"5\"/>\n"
	    "</defaults>\n", 5, "parameter 'gpu-life-years' for all is set"
	    " twice in <defaults> (first at line 4)");
	fails("<scenario name=\"b\"/>\n"
	    "<montecarlo name=\"m\" base=\"b\" draws=\"10\" seed=\"1\">\n"
	    "<draw param=\"arrival-probability\" status=\"option\""
	    " dist=\"bernoulli\" p=\"0.5\"/>\n"
	    "<draw param=\"arrival-probability\" status=\"option\""
	    " dist=\"bernoulli\" p=\"0.4\"/>\n"
	    "</montecarlo>\n", 6, "<draw>: parameter 'arrival-probability' for"
	    " status 'option' is drawn twice in Monte Carlo 'm' (first at line"
	    " 5)");
	/* Not repeats: other target kind, other scenario, defaults and a
	 * scenario, an entity and a kind of the same name. */
	passes("<defaults><set param=\"cost-factor\" value=\"1\"/></defaults>\n"
	    "<scenario name=\"a\"><set param=\"cost-factor\" value=\"2\"/>"
	    "<set param=\"cost-factor\" entity=\"lab\" value=\"2\"/>"
	    "<set param=\"cost-factor\" kind=\"lab\" value=\"2\"/>"
	    "</scenario>\n"
	    "<scenario name=\"b\"><set param=\"cost-factor\" value=\"2\"/>"
	    "</scenario>\n");
	/* The same unit valued twice at one level. */
	fails("<valuation unit=\"GW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "<valuation unit=\"MW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "<valuation unit=\"GW\" currency=\"EUR\" per-unit=\"2\"/>\n", 5,
	    "<valuation>: unit 'GW' is valued twice (first at line 3)");
	fails("<scenario name=\"a\">\n"
	    "<valuation unit=\"MW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "<valuation unit=\"MW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "</scenario>\n", 5, "unit 'MW' is valued twice (first at line 4)");
	passes("<valuation unit=\"GW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "<scenario name=\"a\">"
	    "<valuation unit=\"GW\" currency=\"USD\" per-unit=\"2\"/>"
	    "</scenario>\n");
}

static void
test_bad_valuations(void **state)
{
	(void)state;
	fails("<valuation unit=\"TW\" currency=\"USD\" per-unit=\"1\"/>\n", 3,
	    "<valuation>: unknown unit 'TW' (one of: GW, MW, shares, chips)");
	fails("<valuation unit=\"GW\" currency=\"XYZ\" per-unit=\"1\"/>\n", 3,
	    "<valuation>: unknown currency 'XYZ'");
	fails("<valuation unit=\"GW\" currency=\"USD\" per-unit=\"1.001\"/>\n",
	    3, "<valuation>: per-unit: amount '1.001' has more than 2 decimal"
	    " places");
	fails("<valuation unit=\"GW\" currency=\"JPY\" per-unit=\"1.5\"/>\n",
	    3, "per-unit: amount '1.5'");
	fails("<valuation unit=\"GW\" currency=\"USD\""
	    " per-unit=\"99999999999999999999\"/>\n", 3,
	    "per-unit: amount '99999999999999999999' is too large");
	fails("<valuation unit=\"GW\" currency=\"USD\" per-unit=\"-1\"/>\n", 3,
	    "does not match the circfin scenarios schema");
	fails("<scenario name=\"a\">\n"
	    "<valuation unit=\"chips\" currency=\"usd\" per-unit=\"1\"/>\n"
	    "</scenario>\n", 4, "does not match the circfin scenarios schema");
}

static void
test_bad_settings(void **state)
{
	(void)state;
	fails("<settings model=\"foo\"/>\n", 3, "<settings>: unknown model"
	    " 'foo' (the stress engine clears with eisenberg-noe,"
	    " rogers-veraart or furfine)");
	fails("<settings model=\"debtrank\"/>\n", 3, "<settings>: model"
	    " 'debtrank': the stress engine clears with eisenberg-noe,"
	    " rogers-veraart or furfine");
	fails("<settings model=\"debtrank-single-hit\"/>\n", 3,
	    "the stress engine clears with eisenberg-noe, rogers-veraart or"
	    " furfine");
	fails("<settings alpha=\"1.5\"/>\n", 3, "<settings>: alpha must be"
	    " between 0 and 1, not 1.5");
	fails("<settings beta=\"-0.1\"/>\n", 3, "beta must be between 0 and 1,"
	    " not -0.1");
	fails("<settings recovery=\"2\"/>\n", 3, "recovery must be between 0"
	    " and 1, not 2");
	fails("<settings years=\"0\"/>\n", 3, "<settings>: years must be an"
	    " integer between 1 and 100, not 0");
	fails("<settings years=\"101\"/>\n", 3, "not 101");
	fails("<settings start-year=\"1899\"/>\n", 3, "<settings>: start-year"
	    " must be an integer between 1900 and 2200, not 1899");
	fails("<settings start-year=\"2201\"/>\n", 3, "not 2201");
	fails("<settings start-year=\"99999999999999999999999\"/>\n", 3,
	    "start-year must be an integer");
	fails("<settings years=\"7.5\"/>\n", 3, "does not match the circfin"
	    " scenarios schema");
	fails("<settings seniority=\"junior\"/>\n", 3, "does not match");
	passes("<settings start-year=\"1900\" years=\"1\" alpha=\"0\""
	    " beta=\"1\" recovery=\"1\"/>\n");
	passes("<settings start-year=\"2200\" years=\"100\"/>\n");
}

/* Many settings: arrays beyond the arena's block size, and the repeat
 * search over a long list. */
static void
test_many_settings(void **state)
{
	const size_t n = 3000, size = 200 * 3000;
	cf_scenarios *s;
	char *buf = malloc(size);
	size_t len, i;

	(void)state;
	assert_non_null(buf);
	len = (size_t)snprintf(buf, size, HEAD "<scenario name=\"a\">\n");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, size - len, "<set"
		    " param=\"revenue-factor\" entity=\"e%zu\" value=\"%zu\"/>\n",
		    i, i);
	snprintf(buf + len, size - len, "</scenario>\n" TAIL);
	s = parse_ok(buf);
	assert_int_equal(s->scenarios[0].nsettings, n);
	for (i = 0; i < n; i++) {
		assert_true(s->scenarios[0].settings[i].value == (double)i);
		assert_int_equal(s->scenarios[0].settings[i].line, (long)i + 4);
	}
	cf_scenarios_free(s);

	/* The same entity again at the end (line n + 4). */
	len += (size_t)snprintf(buf + len, size - len, "<set"
	    " param=\"revenue-factor\" entity=\"e1500\" value=\"1\"/>\n");
	snprintf(buf + len, size - len, "</scenario>\n" TAIL);
	fails_text(buf, (long)n + 4, "parameter 'revenue-factor' for entity"
	    " 'e1500' is set twice in scenario 'a' (first at line 1504)");
	free(buf);
}

/* Elements over several lines: the line is the element's. */
static void
test_lines_of_long_elements(void **state)
{
	(void)state;
	fails("<scenario name=\"a\">\n"				/* 3 */
	    "  <set param=\"gross-margin\"\n"				/* 4 */
	    "       value=\"1.5\"/>\n"					/* 5 */
	    "</scenario>\n", 5, "must be between 0 and 1, not 1.5");
}

static void
test_xml_refused(void **state)
{
	(void)state;
	fails_text("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE scenarios [ <!ENTITY secret SYSTEM"
	    " \"file:///etc/passwd\"> ]>\n"
	    "<scenarios xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n"
	    "  <title>&secret;</title>\n"
	    "</scenarios>\n", 2, "DOCTYPE declarations are not allowed");
	assert_null(strstr(cf_error_message(), "root:"));
	fails_text("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY l1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY l2 \"&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;\">\n"
	    "]>\n"
	    "<scenarios xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n"
	    "  <title>&l2;</title>\n"
	    "</scenarios>\n", 2, "DOCTYPE");
	/* An undeclared entity without a DOCTYPE is not well-formed. */
	fails_text(HEAD "<title>&secret;</title>\n" TAIL, 3, "malformed XML");
	fails_text(HEAD "<title>x</titel>\n" TAIL, 3, "malformed XML");
	fails_text("<?xml version=\"1.0\"?>\n"
	    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\"/>\n", 2,
	    "unknown XML document: root element <dataset>");
	fails_text("<?xml version=\"1.0\"?>\n"
	    "<scenarios xmlns=\"urn:circfin:scenarios:1\" version=\"2\"/>\n", 2,
	    "circfin scenarios version '2' is not supported");
	fails("<scenario name=\"Base\"/>\n", 3, "does not match the"
	    " circfin scenarios schema");
	/* Order matters: <settings> before <valuation>. */
	fails("<valuation unit=\"GW\" currency=\"USD\" per-unit=\"1\"/>\n"
	    "<settings/>\n", 4, "does not match the circfin scenarios"
	    " schema");
}

/* ---- files -------------------------------------------------------------- */

static void
test_read_files(void **state)
{
	char dir[256], path[512];
	cf_scenarios *s = NULL;
	FILE *fp;

	(void)state;
	tu_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/missing.xml", dir);
	assert_int_equal(cf_scenarios_read(&s, path), CF_EIO);
	assert_null(s);
	tu_assert_has(cf_error_message(), path);

	/* A directory opens but does not read. */
	assert_int_equal(cf_scenarios_read(&s, dir), CF_EIO);
	assert_null(s);
	tu_assert_has(cf_error_message(), dir);

	snprintf(path, sizeof(path), "%s/s.xml", dir);
	tu_write_file(path, full);
	assert_int_equal(cf_scenarios_read(&s, path), CF_OK);
	assert_string_equal(s->path, path);
	assert_int_equal(s->nscenarios, 3);
	cf_scenarios_free(s);
	s = NULL;

	/* An error names the file as given. */
	tu_write_file(path, HEAD "<settings years=\"0\"/>\n" TAIL);
	assert_int_equal(cf_scenarios_read(&s, path), CF_EINPUT);
	assert_null(s);
	tu_assert_has(cf_error_message(), path);
	tu_assert_has(cf_error_message(), ":3: <settings>: years");

	/* One byte over the limit file-size, set to 64 MiB (a sparse
	 * file). */
	assert_int_equal(cf_limit_set(CF_LIMIT_FILE_SIZE, 64L << 20), CF_OK);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, (64L << 20), SEEK_SET), 0);
	assert_int_equal(fputc(' ', fp), ' ');
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(cf_scenarios_read(&s, path), CF_EINPUT);
	assert_null(s);
	tu_assert_has(cf_error_message(), "file of 67108865 bytes is over the"
	    " limit file-size=67108864");
	assert_int_equal(cf_limit_set(CF_LIMIT_FILE_SIZE,
	    cf_limit_default(CF_LIMIT_FILE_SIZE)), CF_OK);
	tu_rmtree(dir);
}

/* graphs/scenarios.xml: parses, and says what the docs say it says. */
static void
test_bundled_file(void **state)
{
	char path[4096];
	cf_scenarios *s = NULL;
	const struct cf_scenario *sc;
	const char *names[] = {"base", "ai-winter", "price-war",
	    "short-gpu-life", "mc-base"};
	size_t i;

	(void)state;
	tu_path(path, sizeof(path), "TOP_SRCDIR", "graphs/scenarios.xml");
	if (cf_scenarios_read(&s, path) != CF_OK)
		fail_msg("%s", cf_error_message());
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		sc = cf_scenarios_find(s, names[i]);
		if (sc == NULL)
			fail_msg("no scenario '%s'", names[i]);
		assert_non_null(sc->description);
		tu_assert_has(sc->description, "assumption");
	}
	assert_int_equal(s->nvaluations, 1);
	assert_string_equal(s->valuations[0].unit, "GW");
	assert_string_equal(s->valuations[0].currency, "USD");
	assert_true(s->valuations[0].per_unit_minor ==
	    INT64_C(5000000000000));
	assert_non_null(s->valuations[0].note);
	tu_assert_has(s->valuations[0].note, "assumption");

	assert_int_equal(s->ndefaults, 3);
	assert_int_equal(s->defaults[0].param, CF_PARAM_GPU_LIFE);
	assert_true(s->defaults[0].value == 6);
	assert_int_equal(s->defaults[1].param, CF_PARAM_DEBT_SERVICE);
	assert_true(s->defaults[1].value == 0.1);
	assert_int_equal(s->defaults[2].param, CF_PARAM_GROWTH_HALF_LIFE);
	assert_true(s->defaults[2].value == 2);

	sc = cf_scenarios_find(s, "base");
	assert_int_equal(sc->nsettings, 3);
	for (i = 0; i < sc->nsettings; i++) {
		assert_int_equal(sc->settings[i].param, CF_PARAM_ARRIVAL);
		assert_int_equal(sc->settings[i].target, CF_TARGET_STATUS);
		assert_true(sc->settings[i].value == 1);
	}
	sc = cf_scenarios_find(s, "ai-winter");
	assert_int_equal(sc->nsettings, 2);
	sc = cf_scenarios_find(s, "price-war");
	assert_int_equal(sc->nsettings, 1);
	assert_int_equal(sc->settings[0].param, CF_PARAM_REVENUE_FACTOR);
	assert_string_equal(sc->settings[0].name, "lab");
	assert_true(sc->settings[0].value == 0.5);
	sc = cf_scenarios_find(s, "short-gpu-life");
	assert_int_equal(sc->nsettings, 1);
	assert_true(sc->settings[0].value == 3);
	sc = cf_scenarios_find(s, "mc-base");
	assert_int_equal(sc->montecarlo, 1);
	assert_string_equal(sc->base, "base");
	assert_int_equal(sc->ndraws, 10000);
	assert_int_equal(sc->ndraw_specs, 6);
	cf_scenarios_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_empty_file_defaults),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_names_and_ranges),
		cmocka_unit_test(test_bad_parameters_and_targets),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_bad_distributions),
		cmocka_unit_test(test_bad_montecarlo),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_bad_valuations),
		cmocka_unit_test(test_bad_settings),
		cmocka_unit_test(test_many_settings),
		cmocka_unit_test(test_lines_of_long_elements),
		cmocka_unit_test(test_xml_refused),
		cmocka_unit_test(test_read_files),
		cmocka_unit_test(test_bundled_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
