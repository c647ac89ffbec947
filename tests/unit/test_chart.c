/*
 * test_chart.c - the chart module: nice ticks, the value-to-pixel map and
 * the labels of each unit against values worked out by hand; every chart
 * kind as an SVG that libxml2 parses, with the size asked for and the
 * drawing expected (a filled bar per category and series, a shaded area
 * per band, a line broken where a value is missing), read back from the
 * colours and paths cairo wrote; element ids prefixed and unique across
 * charts inlined in one page; nothing drawn outside the canvas however
 * long the names; and every documented error.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "circfin.h"
#include "chart.h"
#include "chart_int.h"

#define assert_near(a, b) do {						\
	double a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= 1e-9 * (1 + fabs(b_))))			\
		fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);	\
} while (0)

/* ---- ticks, map, labels ----------------------------------------------- */

static void
test_nice_step(void **state)
{
	(void)state;
	assert_near(cf_chart_nice_step(1), 1);
	assert_near(cf_chart_nice_step(1.001), 2);
	assert_near(cf_chart_nice_step(2), 2);
	assert_near(cf_chart_nice_step(2.5), 5);
	assert_near(cf_chart_nice_step(7), 10);
	assert_near(cf_chart_nice_step(0.3), 0.5);
	assert_near(cf_chart_nice_step(0.1), 0.1);	/* not 0.2 */
	assert_near(cf_chart_nice_step(0.07), 0.1);
	assert_near(cf_chart_nice_step(0.0123), 0.02);
	assert_near(cf_chart_nice_step(123), 200);
	assert_near(cf_chart_nice_step(4.9e9), 5e9);
	assert_near(cf_chart_nice_step(5e9), 5e9);
}

static void
expect_ticks(const struct cf_ticks *t, double lo, double hi, double first,
    double step, int n)
{
	assert_near(t->lo, lo);
	assert_near(t->hi, hi);
	assert_near(t->first, first);
	assert_near(t->step, step);
	assert_int_equal(t->n, n);
}

static void
test_ticks(void **state)
{
	struct cf_ticks t;

	(void)state;
	/* scores |intervals - target| / target + 2 * empty share:
	 * 0..0.87 in about 5: 0.2 gives 0..1 (0 + 0.26), 0.1 0..0.9
	 * (0.8 + 0.07) */
	cf_chart_ticks(&t, 0, 0.87, 5, 1, 0);
	expect_ticks(&t, 0, 1, 0, 0.2, 6);
	/* -3.5B..20B in about 6: 5B gives -5..20 (5 intervals: 0.17 + 0.12),
	 * 2B -4..20 (12: 1 + 0.04) */
	cf_chart_ticks(&t, -3.5e9, 20e9, 6, 1, 0);
	expect_ticks(&t, -5e9, 20e9, -5e9, 5e9, 6);
	/* a fixed 0..1 keeps its ends */
	cf_chart_ticks(&t, 0, 1, 5, 0, 0);
	expect_ticks(&t, 0, 1, 0, 0.2, 6);
	/* 0..0.3 in 3: 0.3/0.1 is 2.9999999999999996, still 4 ticks */
	cf_chart_ticks(&t, 0, 0.3, 3, 1, 0);
	expect_ticks(&t, 0, 0.3, 0, 0.1, 4);
	/* years 2026..2035 as they are: 8 wanted, steps 2 (4.5 intervals)
	 * or 1 (9): 1 */
	cf_chart_ticks(&t, 2026, 2035, 8, 0, 1);
	expect_ticks(&t, 2026, 2035, 2026, 1, 10);
	/* 4 wanted: 2 is nearer; ticks 2026, 2028, ..., 2034 */
	cf_chart_ticks(&t, 2026, 2035, 4, 0, 1);
	expect_ticks(&t, 2026, 2035, 2026, 2, 5);
	/* three years in ten ticks: never a step under one year */
	cf_chart_ticks(&t, 2026, 2028, 10, 0, 1);
	expect_ticks(&t, 2026, 2028, 2026, 1, 3);
	/* ends off the ticks */
	cf_chart_ticks(&t, 2025.5, 2030.2, 5, 0, 1);
	expect_ticks(&t, 2025.5, 2030.2, 2026, 1, 5);
	/* -2B..57.6B in about 2: 50B gives -50..100 (3 intervals, 60% of
	 * it empty: 0.5 + 1.21), 20B gives -20..60 (4, 25.5%: 1 + 0.51) */
	cf_chart_ticks(&t, -2e9, 57.6e9, 2, 1, 0);
	expect_ticks(&t, -20e9, 60e9, -20e9, 20e9, 5);
	/* negative only: 2 gives -8..0 (0 + 0.25), 1 -7..0 (0.75 + 0) */
	cf_chart_ticks(&t, -7, 0, 4, 1, 0);
	expect_ticks(&t, -8, 0, -8, 2, 5);
}

static void
test_map(void **state)
{
	(void)state;
	assert_near(cf_chart_map(5, 0, 10, 100, 200), 150);
	assert_near(cf_chart_map(0, 0, 10, 100, 200), 100);
	assert_near(cf_chart_map(10, 0, 10, 100, 200), 200);
	/* a value axis drawn upwards: 25% of 300..100 */
	assert_near(cf_chart_map(0.25, 0, 1, 300, 100), 250);
	/* zero on -5B..20B across 50..550 */
	assert_near(cf_chart_map(0, -5e9, 20e9, 50, 550), 150);
	assert_near(cf_chart_map(-5e9, -5e9, 20e9, 50, 550), 50);
	assert_near(cf_chart_map(2027, 2026, 2035, 0, 900), 100);
}

#define MINUS "\xe2\x88\x92"

static void
want_tick(int unit, double v, double step, const char *want)
{
	char buf[64];

	cf_chart_format_tick(buf, sizeof(buf), unit, v, step);
	if (strcmp(buf, want) != 0)
		fail_msg("tick %.17g (step %g, unit %d) is \"%s\", expected "
		    "\"%s\"", v, step, unit, buf, want);
}

static void
want_value(int unit, double v, const char *want)
{
	char buf[64];

	cf_chart_format_value(buf, sizeof(buf), unit, v);
	if (strcmp(buf, want) != 0)
		fail_msg("value %.17g (unit %d) is \"%s\", expected \"%s\"",
		    v, unit, buf, want);
}

static void
test_format(void **state)
{
	(void)state;
	want_tick(CF_UNIT_YEAR, 2027, 1, "2027");
	want_tick(CF_UNIT_YEAR, 2030, 5, "2030");

	want_tick(CF_UNIT_PERCENT, 0.25, 0.05, "25%");
	want_tick(CF_UNIT_PERCENT, 0, 0.2, "0%");
	want_tick(CF_UNIT_PERCENT, 1, 0.2, "100%");
	want_tick(CF_UNIT_PERCENT, 0.025, 0.005, "2.5%");
	want_tick(CF_UNIT_PERCENT, 0.03, 0.005, "3%");
	want_tick(CF_UNIT_PERCENT, 0.1 + 0.2, 0.1, "30%");
	want_tick(CF_UNIT_PERCENT, -0.1, 0.1, MINUS "10%");

	want_tick(CF_UNIT_BILLIONS, 12e9, 2e9, "$12B");
	want_tick(CF_UNIT_BILLIONS, 1.5e9, 5e8, "$1.5B");
	want_tick(CF_UNIT_BILLIONS, 1e9, 5e8, "$1B");
	want_tick(CF_UNIT_BILLIONS, 5e8, 5e8, "$500M");
	want_tick(CF_UNIT_BILLIONS, 350e6, 50e6, "$350M");
	want_tick(CF_UNIT_BILLIONS, 2.5e9, 5e8, "$2.5B");
	want_tick(CF_UNIT_BILLIONS, 0, 5e8, "$0");
	want_tick(CF_UNIT_BILLIONS, 3 * 0.1e9 - 0.3e9, 0.1e9, "$0");
	want_tick(CF_UNIT_BILLIONS, -5e9, 5e9, MINUS "$5B");
	want_tick(CF_UNIT_BILLIONS, 1.2e12, 2e11, "$1.2T");
	want_tick(CF_UNIT_BILLIONS, 800e9, 2e11, "$800B");
	want_tick(CF_UNIT_BILLIONS, 250e3, 50e3, "$250K");

	want_tick(CF_UNIT_NUMBER, 12.5, 0.5, "12.5");
	want_tick(CF_UNIT_NUMBER, 12000, 2000, "12,000");
	want_tick(CF_UNIT_NUMBER, 1200000, 200000, "1,200,000");
	want_tick(CF_UNIT_NUMBER, 0.1 + 0.2 - 0.3, 0.1, "0");
	want_tick(CF_UNIT_NUMBER, -0.5, 0.5, MINUS "0.5");
	want_tick(CF_UNIT_NUMBER, 0.02, 0.01, "0.02");

	want_value(CF_UNIT_BILLIONS, 12.34e9, "$12.3B");
	want_value(CF_UNIT_BILLIONS, 1.5e9, "$1.5B");
	want_value(CF_UNIT_BILLIONS, 1.523e9, "$1.52B");
	want_value(CF_UNIT_BILLIONS, 123.456e9, "$123B");
	want_value(CF_UNIT_BILLIONS, 22.4e9, "$22.4B");
	want_value(CF_UNIT_BILLIONS, 350e6, "$350M");
	want_value(CF_UNIT_BILLIONS, 999.7e6, "$1B");
	want_value(CF_UNIT_BILLIONS, -3.5e9, MINUS "$3.5B");
	want_value(CF_UNIT_BILLIONS, 0, "$0");
	want_value(CF_UNIT_PERCENT, 0.125, "12.5%");
	want_value(CF_UNIT_PERCENT, 0.12345, "12.3%");
	want_value(CF_UNIT_PERCENT, 0.0525, "5.25%");
	want_value(CF_UNIT_PERCENT, 1, "100%");
	want_value(CF_UNIT_NUMBER, 12345, "12,345");
	want_value(CF_UNIT_NUMBER, 3.14159, "3.14");
	want_value(CF_UNIT_YEAR, 2027, "2027");
}

static void
test_colour(void **state)
{
	(void)state;
	assert_string_equal(cf_chart_colour(0), "#0072B2");
	assert_string_equal(cf_chart_colour(1), "#E69F00");
	assert_string_equal(cf_chart_colour(8), cf_chart_colour(0));
}

/* ---- SVG documents ------------------------------------------------------ */

static const char *const lab_names[] = {"OpenAI", "Anthropic", "xAI"};
static const double years[] = {2026, 2027, 2028, 2029, 2030};

static cf_chart *
lines_chart(void)
{
	static const double pd[3][5] = {
		{0.01, 0.03, 0.08, 0.15, 0.22},
		{0.02, 0.05, NAN, 0.20, 0.30},	/* a year left out */
		{0.05, 0.12, INFINITY, 0.40, 0.50},
	};
	cf_chart *c = NULL;
	size_t i;

	assert_int_equal(cf_chart_new(&c, CF_CHART_LINES, "Probability of "
	    "default", "Year", "Probability"), CF_OK);
	cf_chart_units(c, CF_UNIT_YEAR, CF_UNIT_PERCENT);
	cf_chart_y_range(c, 0, 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(cf_chart_add_line(c, lab_names[i], 5, years,
		    pd[i]), CF_OK);
	return c;
}

static cf_chart *
fan_chart(size_t nbands)
{
	double lo[5], mid[5], hi[5];
	cf_chart *c = NULL;
	size_t i, j;

	assert_int_equal(cf_chart_new(&c, CF_CHART_FAN, "Cash", "Year",
	    "Cash at year end"), CF_OK);
	cf_chart_units(c, CF_UNIT_YEAR, CF_UNIT_BILLIONS);
	assert_int_equal(cf_chart_note(c, "Shaded: 5-95% of draws"), CF_OK);
	for (i = 0; i < nbands; i++) {
		for (j = 0; j < 5; j++) {
			/* not on a straight line: cairo would merge the
			 * segments */
			mid[j] = (10.0 + 5 * (double)j + (double)(j * j) -
			    8 * (double)(i * j)) * 1e9;
			lo[j] = mid[j] - (2.0 + (double)j) * 1e9;
			hi[j] = mid[j] + (2.0 + 2 * (double)j) * 1e9;
		}
		assert_int_equal(cf_chart_add_band(c, lab_names[i], 5, years,
		    lo, mid, hi), CF_OK);
	}
	return c;
}

static const char *const vendors[] = {
	"Oracle", "Microsoft", "Amazon Web Services", "CoreWeave", "Nvidia"
};

static cf_chart *
bars_chart(void)
{
	static const double backlog[] = {300e9, 250e9, 100e9, 22.4e9, 0.35e9};
	static const double self[] = {120e9, -5e9, NAN, 9e9, 0.1e9};
	static const double risk[] = {95e9, 30e9, 12e9, -14e9, 0.2e9};
	cf_chart *c = NULL;

	assert_int_equal(cf_chart_new(&c, CF_CHART_BARS, "Vendor exposure",
	    "Vendor", "Amount"), CF_OK);
	cf_chart_units(c, CF_UNIT_NUMBER, CF_UNIT_BILLIONS);
	assert_int_equal(cf_chart_set_categories(c, 5, vendors), CF_OK);
	assert_int_equal(cf_chart_add_bars(c, "Backlog", backlog), CF_OK);
	assert_int_equal(cf_chart_add_bars(c, "Self-funded", self), CF_OK);
	assert_int_equal(cf_chart_add_bars(c, "At risk", risk), CF_OK);
	return c;
}

/* A document rendered and parsed, checked for what every chart must be:
 * <svg> first, well-formed with namespaces, the size asked for, no
 * script, no event handler, no reference outside itself. */
struct doc {
	char *svg;
	size_t len;
	xmlDocPtr xml;
};

static void
no_outside(xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlChar *v;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, BAD_CAST "script") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "foreignObject") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "image") == 0)
			fail_msg("<%s> in a chart", (const char *)n->name);
		for (a = n->properties; a != NULL; a = a->next) {
			v = xmlNodeGetContent((xmlNodePtr)a);
			if (xmlStrncasecmp(a->name, BAD_CAST "on", 2) == 0)
				fail_msg("event handler %s", a->name);
			if (xmlStrcmp(a->name, BAD_CAST "href") == 0 &&
			    (v == NULL || v[0] != '#'))
				fail_msg("href=\"%s\"", v);
			if (v != NULL && (xmlStrcasestr(v, BAD_CAST "http:") ||
			    xmlStrcasestr(v, BAD_CAST "https:") ||
			    xmlStrcasestr(v, BAD_CAST "file:") ||
			    xmlStrcasestr(v, BAD_CAST "data:")))
				fail_msg("%s=\"%s\"", a->name, v);
			xmlFree(v);
		}
		no_outside(n->children);
	}
}

/* Element n has the attribute name, with the value want. */
static void
expect_prop(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v;

	assert_non_null(v = xmlGetProp(n, BAD_CAST name));
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

static void
render(struct doc *d, const cf_chart *c, double w, double h)
{
	xmlParserCtxtPtr ctxt;
	xmlNodePtr root;
	char want[32];
	const char *p;
	int nhttp = 0;

	memset(d, 0, sizeof(*d));
	if (cf_chart_svg(c, w, h, &d->svg, &d->len) != CF_OK)
		fail_msg("cf_chart_svg: %s", cf_error_message());
	assert_non_null(d->svg);
	assert_int_equal(strlen(d->svg), d->len);
	assert_memory_equal(d->svg, "<svg", 4);
	assert_null(strstr(d->svg, "<?xml"));
	/* "http:" only in the two namespace names (parsed: attributes are
	 * checked in no_outside, which sees no xmlns) */
	for (p = d->svg; (p = strstr(p, "http:")) != NULL; p++)
		nhttp++;
	assert_int_equal(nhttp, 2);
	assert_non_null(strstr(d->svg, "xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(d->svg,
	    "xmlns:xlink=\"http://www.w3.org/1999/xlink\""));

	assert_non_null(ctxt = xmlNewParserCtxt());
	d->xml = xmlCtxtReadMemory(ctxt, d->svg, (int)d->len, "chart.svg",
	    NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (d->xml == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed)
		fail_msg("the SVG does not parse");
	xmlFreeParserCtxt(ctxt);
	root = xmlDocGetRootElement(d->xml);
	assert_string_equal((const char *)root->name, "svg");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
	    "http://www.w3.org/2000/svg");
	snprintf(want, sizeof(want), "%g", w);
	expect_prop(root, "width", want);
	snprintf(want, sizeof(want), "%g", h);
	expect_prop(root, "height", want);
	snprintf(want, sizeof(want), "0 0 %g %g", w, h);
	expect_prop(root, "viewBox", want);
	no_outside(root);
}

static void
doc_free(struct doc *d)
{
	xmlFreeDoc(d->xml);
	free(d->svg);
}

/* The style property name ("fill", "fill-opacity") of a style attribute
 * value into out; 0 when it has none. */
static int
style_prop(const char *style, const char *name, char *out, size_t size)
{
	size_t n = strlen(name), k;
	const char *p = style;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == style || p[-1] == ';' || p[-1] == ' ') && p[n] == ':') {
			p += n + 1;
			k = strcspn(p, ";");
			if (k >= size)
				k = size - 1;
			memcpy(out, p, k);
			out[k] = '\0';
			return 1;
		}
		p++;
	}
	return 0;
}

/* "rgb(0%,44.705882%,69.803922%)" as 0xrrggbb, or -1. */
static long
parse_rgb(const char *s)
{
	double r, g, b;

	if (sscanf(s, "rgb(%lf%%,%lf%%,%lf%%)", &r, &g, &b) != 3)
		return -1;
	return lround(r * 2.55) << 16 | lround(g * 2.55) << 8 | lround(b * 2.55);
}

static long
hex_colour(size_t i)
{
	return strtol(cf_chart_colour(i) + 1, NULL, 16);
}

/* How cairo drew with one colour: paths filled in it opaque and see-through,
 * and the path data of the longest path stroked in it at width 2. */
struct drawn {
	int fills, shades, strokes;
	char longest[8192];
	char dash[64];		/* of the longest: "none" for solid */
};

static void
walk_paths(xmlNodePtr n, long rgb, struct drawn *out)
{
	char val[64];
	xmlChar *style, *d;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, BAD_CAST "path") == 0 &&
		    (style = xmlGetProp(n, BAD_CAST "style")) != NULL) {
			const char *s = (const char *)style;

			if (style_prop(s, "fill", val, sizeof(val)) &&
			    parse_rgb(val) == rgb) {
				if (style_prop(s, "fill-opacity", val,
				    sizeof(val)) && strtod(val, NULL) < 1)
					out->shades++;
				else
					out->fills++;
			}
			if (style_prop(s, "stroke", val, sizeof(val)) &&
			    parse_rgb(val) == rgb &&
			    style_prop(s, "stroke-width", val, sizeof(val)) &&
			    strtod(val, NULL) == 2) {
				out->strokes++;
				d = xmlGetProp(n, BAD_CAST "d");
				if (d != NULL && strlen((const char *)d) >
				    strlen(out->longest) && strlen((const char *)
				    d) < sizeof(out->longest)) {
					strcpy(out->longest, (const char *)d);
					if (!style_prop(s, "stroke-dasharray",
					    out->dash, sizeof(out->dash)))
						strcpy(out->dash, "none");
				}
				xmlFree(d);
			}
			xmlFree(style);
		}
		walk_paths(n->children, rgb, out);
	}
}

static struct drawn
drawn_in(const struct doc *d, size_t series)
{
	struct drawn out;

	memset(&out, 0, sizeof(out));
	walk_paths(xmlDocGetRootElement(d->xml), hex_colour(series), &out);
	return out;
}

static int
count_char(const char *s, char ch)
{
	int n = 0;

	for (; *s; s++)
		n += *s == ch;
	return n;
}

static void
test_lines_svg(void **state)
{
	cf_chart *c = lines_chart();
	struct doc d;
	struct drawn s[3];
	size_t i;

	(void)state;
	render(&d, c, 640, 360);
	for (i = 0; i < 3; i++)
		s[i] = drawn_in(&d, i);
	for (i = 0; i < 3; i++) {
		/* the line and its legend sample */
		assert_int_equal(s[i].strokes, 2);
		/* markers (one path) and the legend's */
		assert_int_equal(s[i].fills, 2);
		assert_int_equal(s[i].shades, 0);
	}
	/* all five points joined; the NaN and the infinity break a line */
	assert_int_equal(count_char(s[0].longest, 'M'), 1);
	assert_int_equal(count_char(s[0].longest, 'L'), 4);
	assert_int_equal(count_char(s[1].longest, 'M'), 2);
	assert_int_equal(count_char(s[1].longest, 'L'), 2);
	assert_int_equal(count_char(s[2].longest, 'M'), 2);
	assert_int_equal(count_char(s[2].longest, 'L'), 2);
	/* solid, and two different dash patterns */
	assert_string_equal(s[0].dash, "none");
	assert_string_not_equal(s[1].dash, "none");
	assert_string_not_equal(s[2].dash, "none");
	assert_string_not_equal(s[1].dash, s[2].dash);
	doc_free(&d);
	cf_chart_free(c);
}

static void
test_fan_svg(void **state)
{
	static const double x[] = {1, 2, 3, 4};
	static const double lo[] = {1, 2, NAN, 4};
	static const double mid[] = {2, 3, 4, 5};
	static const double hi[] = {3, 4, 5, 6};
	cf_chart *c;
	struct doc d;
	struct drawn s;
	size_t i;

	(void)state;
	c = fan_chart(3);
	render(&d, c, 640, 380);
	for (i = 0; i < 3; i++) {
		s = drawn_in(&d, i);
		/* one shaded band per band, and its legend sample */
		assert_int_equal(s.shades, 2);
		/* the median and its legend sample */
		assert_int_equal(s.strokes, 2);
		assert_int_equal(count_char(s.longest, 'L'), 4);
	}
	assert_int_equal(drawn_in(&d, 3).shades, 0);
	doc_free(&d);
	cf_chart_free(c);

	/* a band broken by a missing low: two areas in its one path */
	assert_int_equal(cf_chart_new(&c, CF_CHART_FAN, NULL, NULL, NULL),
	    CF_OK);
	assert_int_equal(cf_chart_add_band(c, "b", 4, x, lo, mid, hi), CF_OK);
	render(&d, c, 400, 300);
	s = drawn_in(&d, 0);
	assert_int_equal(s.shades, 2);
	assert_int_equal(count_char(s.longest, 'M'), 2);
	doc_free(&d);
	cf_chart_free(c);
}

static void
test_bars_svg(void **state)
{
	cf_chart *c = bars_chart();
	struct doc d;
	struct drawn s;

	(void)state;
	render(&d, c, 640, 480);
	/* a bar per category, NaN left out, and the legend sample */
	s = drawn_in(&d, 0);
	assert_int_equal(s.fills, 5 + 1);
	s = drawn_in(&d, 1);
	assert_int_equal(s.fills, 4 + 1);
	s = drawn_in(&d, 2);
	assert_int_equal(s.fills, 5 + 1);
	assert_int_equal(drawn_in(&d, 3).fills, 0);
	doc_free(&d);
	cf_chart_free(c);
}

/* The title becomes the accessible name, escaped. */
static void
test_label(void **state)
{
	cf_chart *c = NULL;
	struct doc d;
	double x = 1, y = 2;

	(void)state;
	assert_int_equal(cf_chart_new(&c, CF_CHART_LINES, "R&D <\"quoted\">",
	    NULL, NULL), CF_OK);
	assert_int_equal(cf_chart_add_line(c, "a", 1, &x, &y), CF_OK);
	render(&d, c, 300, 200);
	expect_prop(xmlDocGetRootElement(d.xml), "aria-label",
	    "R&D <\"quoted\">");
	doc_free(&d);
	cf_chart_free(c);
}

/* ---- ids ---------------------------------------------------------------- */

struct ids {
	char **v;
	size_t n, cap;
};

static void
ids_add(struct ids *s, const char *id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		assert_non_null(s->v = realloc(s->v, s->cap * sizeof(*s->v)));
	}
	assert_non_null(s->v[s->n++] = strdup(id));
}

static int
ids_has(const struct ids *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], id) == 0)
			return 1;
	return 0;
}

static void
ids_free(struct ids *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Every id and every reference (href="#x", url(#x)) under n. */
static void
collect(xmlNodePtr n, struct ids *ids, struct ids *refs)
{
	xmlAttrPtr a;
	xmlChar *v;
	const char *p, *e;
	char ref[256];

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next) {
			v = xmlNodeGetContent((xmlNodePtr)a);
			assert_non_null(v);
			if (xmlStrcmp(a->name, BAD_CAST "id") == 0) {
				if (ids_has(ids, (const char *)v))
					fail_msg("id %s twice", v);
				ids_add(ids, (const char *)v);
			} else if (xmlStrcmp(a->name, BAD_CAST "href") == 0) {
				ids_add(refs, (const char *)v + 1);
			} else {
				for (p = (const char *)v;
				    (p = strstr(p, "url(#")) != NULL; p = e) {
					p += 5;
					e = strchr(p, ')');
					assert_non_null(e);
					assert_true((size_t)(e - p) < sizeof(ref));
					memcpy(ref, p, (size_t)(e - p));
					ref[e - p] = '\0';
					ids_add(refs, ref);
				}
			}
			xmlFree(v);
		}
		collect(n->children, ids, refs);
	}
}

static void
check_ids(const struct doc *d, const char *prefix, struct ids *ids)
{
	struct ids refs = {0};
	size_t i, plen = strlen(prefix);

	collect(xmlDocGetRootElement(d->xml), ids, &refs);
	assert_true(ids->n > 10);	/* glyphs at least */
	assert_true(refs.n > 10);
	for (i = 0; i < ids->n; i++)
		if (strncmp(ids->v[i], prefix, plen) != 0 ||
		    ids->v[i][plen] != '-')
			fail_msg("id %s without the prefix %s", ids->v[i], prefix);
	for (i = 0; i < refs.n; i++)
		if (!ids_has(ids, refs.v[i]))
			fail_msg("reference to %s, which is not here", refs.v[i]);
	ids_free(&refs);
}

/* The prefix of the ids of a document: what comes before "-glyph". */
static void
prefix_of(const struct doc *d, char *out, size_t size)
{
	const char *p = strstr(d->svg, " id=\""), *e;

	assert_non_null(p);
	p += 5;
	assert_non_null(e = strstr(p, "-glyph"));
	assert_true((size_t)(e - p) < size);
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
}

static void
test_ids(void **state)
{
	cf_chart *a = lines_chart(), *b = fan_chart(2);
	struct ids ia = {0}, ib = {0}, ia2 = {0};
	struct doc da, db, da2;
	char pa[64], pb[64];
	size_t i;

	(void)state;
	/* two charts, automatic prefixes: nothing shared */
	render(&da, a, 640, 360);
	render(&db, b, 640, 360);
	prefix_of(&da, pa, sizeof(pa));
	prefix_of(&db, pb, sizeof(pb));
	assert_string_not_equal(pa, pb);
	check_ids(&da, pa, &ia);
	check_ids(&db, pb, &ib);
	for (i = 0; i < ib.n; i++)
		if (ids_has(&ia, ib.v[i]))
			fail_msg("both charts have id %s", ib.v[i]);
	/* the same chart drawn again gets new ids */
	render(&da2, a, 640, 360);
	prefix_of(&da2, pb, sizeof(pb));
	assert_string_not_equal(pa, pb);
	check_ids(&da2, pb, &ia2);
	for (i = 0; i < ia2.n; i++)
		assert_false(ids_has(&ia, ia2.v[i]));
	doc_free(&da2);
	ids_free(&ia2);
	doc_free(&da);
	ids_free(&ia);
	doc_free(&db);
	ids_free(&ib);

	/* a prefix of the caller's, and back to automatic */
	assert_int_equal(cf_chart_set_id(a, "pd-by_year.1"), CF_OK);
	render(&da, a, 640, 360);
	check_ids(&da, "pd-by_year.1", &ia);
	assert_non_null(strstr(da.svg, "id=\"pd-by_year.1-glyph0-1\""));
	assert_non_null(strstr(da.svg, "href=\"#pd-by_year.1-glyph0-1\""));
	doc_free(&da);
	ids_free(&ia);
	assert_int_equal(cf_chart_set_id(a, NULL), CF_OK);
	render(&da, a, 640, 360);
	prefix_of(&da, pa, sizeof(pa));
	assert_memory_equal(pa, "cfc", 3);
	doc_free(&da);

	assert_int_equal(cf_chart_set_id(a, ""), CF_EARG);
	assert_int_equal(cf_chart_set_id(a, "1st"), CF_EARG);
	assert_int_equal(cf_chart_set_id(a, "-x"), CF_EARG);
	assert_int_equal(cf_chart_set_id(a, "a b"), CF_EARG);
	assert_int_equal(cf_chart_set_id(a, "a\"b"), CF_EARG);
	assert_int_equal(cf_chart_set_id(a, "x0123456789012345678901234567890"
	    "1234567890123456789012345678901234"), CF_EARG);
	cf_chart_free(a);
	cf_chart_free(b);
}

static void
test_prefix_ids(void **state)
{
	static const char in[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg width=\"10\" height=\"10\"><defs><g>"
	    "<symbol overflow=\"visible\" id=\"glyph0-1\"><path d=\"M 0 0\"/>"
	    "</symbol></g><clipPath id=\"clip1\"><path d=\"M 1 1\"/></clipPath>"
	    "</defs><g id=\"surface1\" clip-path=\"url(#clip1)\">"
	    "<use xlink:href=\"#glyph0-1\" x=\"1\"/><g hidden=\"uh\"/></g></svg>\n";
	static const char want[] =
	    "<svg width=\"10\" height=\"10\"><defs><g>"
	    "<symbol overflow=\"visible\" id=\"p7-glyph0-1\"><path d=\"M 0 0\"/>"
	    "</symbol></g><clipPath id=\"p7-clip1\"><path d=\"M 1 1\"/>"
	    "</clipPath></defs><g id=\"p7-surface1\" clip-path=\"url(#p7-clip1)\">"
	    "<use xlink:href=\"#p7-glyph0-1\" x=\"1\"/><g hidden=\"uh\"/></g>"
	    "</svg>\n";
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(cf_chart_prefix_ids(&out, &len, in, sizeof(in) - 1,
	    "p7"), CF_OK);
	assert_string_equal(out, want);
	assert_int_equal(len, sizeof(want) - 1);
	free(out);
	assert_int_equal(cf_chart_prefix_ids(&out, &len, "<html/>", 7, "p"),
	    CF_EIO);
	assert_null(out);
}

/* ---- nothing outside the canvas ---------------------------------------- */

/* Draw c at w x h in the middle of a larger white image: every pixel
 * around the chart must stay white. */
static void
check_inside(const cf_chart *c, double w, double h)
{
	const int m = 100, W = (int)w + 2 * m, H = (int)h + 2 * m;
	cairo_surface_t *sf;
	cairo_t *cr;
	unsigned char *px;
	int x, y, stride, outside = 0;
	uint32_t p;

	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
	cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_translate(cr, m, m);
	if (cf_chart_draw(cr, c, w, h) != CF_OK)
		fail_msg("cf_chart_draw: %s", cf_error_message());
	cairo_destroy(cr);
	cairo_surface_flush(sf);
	px = cairo_image_surface_get_data(sf);
	stride = cairo_image_surface_get_stride(sf);
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			if (x >= m && x < m + (int)w && y >= m && y < m + (int)h)
				continue;
			memcpy(&p, px + y * stride + 4 * x, 4);
			if ((p & 0xffffff) != 0xffffff)
				outside++;
		}
	cairo_surface_destroy(sf);
	if (outside > 0)
		fail_msg("%d pixels drawn outside the %gx%g chart", outside, w,
		    h);
}

static void
test_long_names(void **state)
{
	static const char *const cats[] = {
		"Alphabet Inc. (Google Cloud Platform, Tensor Processing Units "
		"and every other business line it runs through its subsidiaries)",
		"Averyveryveryveryveryveryveryveryveryveryveryverylongwordwithoutspaces",
		"Short",
	};
	static const double v[] = {300e9, -120e9, 5e9};
	char longname[400];
	cf_chart *c = NULL;
	struct doc d;
	size_t i;

	(void)state;
	for (i = 0; i + 1 < sizeof(longname); i++)
		longname[i] = "Scenario with a very long name "[i % 31];
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(cf_chart_new(&c, CF_CHART_BARS, longname, longname,
	    longname), CF_OK);
	cf_chart_units(c, CF_UNIT_NUMBER, CF_UNIT_BILLIONS);
	assert_int_equal(cf_chart_note(c, longname), CF_OK);
	assert_int_equal(cf_chart_set_categories(c, 3, cats), CF_OK);
	assert_int_equal(cf_chart_add_bars(c, longname, v), CF_OK);
	assert_int_equal(cf_chart_add_bars(c, "Ünïcödé — “quoted” name", v),
	    CF_OK);
	check_inside(c, 480, 360);
	check_inside(c, 800, 500);
	render(&d, c, 480, 360);
	doc_free(&d);
	cf_chart_free(c);

	c = lines_chart();
	check_inside(c, 640, 360);
	check_inside(c, 320, 240);
	cf_chart_free(c);
	c = fan_chart(3);
	check_inside(c, 640, 380);
	cf_chart_free(c);
	c = bars_chart();
	check_inside(c, 640, 480);
	cf_chart_free(c);
}

/* ---- errors ------------------------------------------------------------- */

static void
expect_svg_error(const cf_chart *c, double w, double h, int code,
    const char *msg)
{
	char *svg = (char *)1;
	size_t len = 1;

	cf_error_clear();
	assert_int_equal(cf_chart_svg(c, w, h, &svg, &len), code);
	assert_null(svg);
	assert_int_equal(len, 0);
	if (strstr(cf_error_message(), msg) == NULL)
		fail_msg("message \"%s\" without \"%s\"", cf_error_message(),
		    msg);
}

static void
test_errors(void **state)
{
	static const double x[] = {1, 2, 3}, lo[] = {1, 2, 3};
	static const double mid[] = {2, 1.5, 4}, hi[] = {3, 3, 5};
	static const double mid2[] = {2, 3, 4}, hi2[] = {3, 4, 3.5};
	static const double nan3[] = {NAN, NAN, INFINITY};
	static const double huge[] = {-DBL_MAX, 0, DBL_MAX};
	static const char *const one[] = {"a"}, *const none[] = {NULL};
	cf_chart *c = NULL;

	(void)state;
	assert_int_equal(cf_chart_new(&c, 7, NULL, NULL, NULL), CF_EARG);
	assert_null(c);
	assert_int_equal(cf_chart_new(&c, CF_CHART_LINES, "\xff\xfe", NULL,
	    NULL), CF_EARG);
	assert_null(c);

	/* fans: out of order, and a chart left as it was */
	assert_int_equal(cf_chart_new(&c, CF_CHART_FAN, NULL, NULL, NULL),
	    CF_OK);
	assert_int_equal(cf_chart_add_band(c, "b", 3, x, lo, mid, hi), CF_EARG);
	assert_non_null(strstr(cf_error_message(), "point 2"));
	assert_int_equal(cf_chart_add_band(c, "b", 3, x, lo, mid2, hi2),
	    CF_EARG);
	assert_non_null(strstr(cf_error_message(), "point 3"));
	assert_int_equal(cf_chart_add_line(c, "l", 3, x, lo), CF_EARG);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	/* a missing value is no disorder: point 3 (middle above high) has
	 * no finite low, so it is left out, not refused */
	assert_int_equal(cf_chart_add_band(c, "b", 3, x, nan3, mid2, hi2),
	    CF_OK);
	/* ... and with every point left out there is nothing to draw */
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	cf_chart_free(c);

	/* bars */
	assert_int_equal(cf_chart_new(&c, CF_CHART_BARS, NULL, NULL, NULL),
	    CF_OK);
	assert_int_equal(cf_chart_add_bars(c, "s", x), CF_EARG);
	assert_non_null(strstr(cf_error_message(), "before categories"));
	assert_int_equal(cf_chart_set_categories(c, 0, one), CF_EARG);
	assert_int_equal(cf_chart_set_categories(c, 1, none), CF_EARG);
	assert_int_equal(cf_chart_add_line(c, "l", 3, x, lo), CF_EARG);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	assert_int_equal(cf_chart_set_categories(c, 1, one), CF_OK);
	assert_int_equal(cf_chart_set_categories(c, 1, one), CF_EARG);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	assert_int_equal(cf_chart_add_bars(c, "s", nan3), CF_OK);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	assert_int_equal(cf_chart_add_bars(c, "t", x), CF_OK);
	/* sizes */
	expect_svg_error(c, 0, 360, CF_EARG, "size");
	expect_svg_error(c, NAN, 360, CF_EARG, "size");
	expect_svg_error(c, 60, 40, CF_EARG, "too small");
	/* a fixed range that is not one */
	cf_chart_y_range(c, 1, 1);
	expect_svg_error(c, 640, 360, CF_EARG, "range");
	cf_chart_y_range(c, 0, NAN);
	expect_svg_error(c, 640, 360, CF_EARG, "range");
	cf_chart_free(c);

	/* finite values whose span is not */
	assert_int_equal(cf_chart_new(&c, CF_CHART_LINES, NULL, NULL, NULL),
	    CF_OK);
	assert_int_equal(cf_chart_add_line(c, "l", 3, x, huge), CF_OK);
	expect_svg_error(c, 640, 360, CF_EARG, "too far apart");
	cf_chart_free(c);

	/* lines: an empty chart, a series without numbers, bad text */
	assert_int_equal(cf_chart_new(&c, CF_CHART_LINES, NULL, NULL, NULL),
	    CF_OK);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	assert_int_equal(cf_chart_add_line(c, "l", 3, x, NULL), CF_EARG);
	assert_int_equal(cf_chart_add_line(c, "\xc0\xaf", 3, x, lo), CF_EARG);
	assert_int_equal(cf_chart_add_band(c, "b", 3, x, lo, mid2, hi),
	    CF_EARG);
	assert_int_equal(cf_chart_add_line(c, NULL, 0, NULL, NULL), CF_OK);
	expect_svg_error(c, 640, 360, CF_EARG, "no data");
	assert_int_equal(cf_chart_note(c, "\xed\xa0\x80"), CF_EARG);
	cf_chart_free(c);
	cf_chart_free(NULL);
}

/* cf_chart_shutdown releases the caches; charts can be drawn after it. */
static void
test_shutdown(void **state)
{
	cf_chart *c = bars_chart();
	struct doc d;

	(void)state;
	render(&d, c, 640, 480);
	doc_free(&d);
	cf_chart_shutdown();
	render(&d, c, 640, 480);
	assert_int_equal(drawn_in(&d, 0).fills, 6);
	doc_free(&d);
	cf_chart_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_step),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_lines_svg),
		cmocka_unit_test(test_fan_svg),
		cmocka_unit_test(test_bars_svg),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_prefix_ids),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shutdown),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	cf_chart_shutdown();
	return rc;
}
