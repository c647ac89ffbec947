/*
 * chart.c - line, fan and grouped horizontal bar charts, drawn with cairo
 * into an in-memory SVG document for the HTML report.
 *
 * A chart keeps copies of its texts and numbers; cf_chart_svg() lays it
 * out and draws it (cf_chart_draw(), which any cairo surface can take)
 * on a cairo SVG surface writing into a growing buffer.  The layout is
 * measured, not guessed: title and note (wrapped to two lines), a legend
 * in rows under them, then the plot, whose margins are the widths of the
 * tick labels, axis labels and category names that cairo_text_extents()
 * reports (long names wrap or end in an ellipsis).  Axes have 1/2/5 x 10^k
 * ticks written in the axis unit; the value axis includes zero unless the
 * caller fixes its range.  Series take the Okabe-Ito colours, and for
 * greyscale print also a dash pattern and a marker shape (lines, medians)
 * or a hatching (bars); bars go in legend order within each group.
 *
 * cairo numbers the ids of glyphs, clip paths and surfaces from the same
 * start in every document, so the SVG is post-processed: the XML
 * declaration goes and every id and reference takes a per-chart prefix.
 * Text is drawn through cairo's toy API in DejaVu Sans and becomes glyph
 * outlines, so the SVG needs no font.
 */
#include "config.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>
#ifdef HAVE_FONTCONFIG
#include <fontconfig/fontconfig.h>
#endif

#include "circfin.h"
#include "chart.h"
#include "chart_int.h"

#define PI		3.14159265358979323846
#define FONT		"DejaVu Sans"
#define TEXTMAX		256		/* one line of text, bytes */
#define ELLIPSIS	"\xe2\x80\xa6"
#define MINUS		"\xe2\x88\x92"
#define PREFIXMAX	64

/* Sizes in points (CSS pixels when the SVG is inlined). */
#define PAD		12.0		/* around the whole chart */
#define TITLE_SIZE	15.0
#define NOTE_SIZE	11.0
#define LABEL_SIZE	12.0		/* axis labels */
#define TICK_SIZE	11.0		/* tick labels, category names */
#define LEGEND_SIZE	11.5
#define VALUE_SIZE	10.0		/* values at the ends of bars */
#define LINE_H(size)	((size) * 1.3)
#define LEGEND_ROW	19.0
#define SWATCH_W	28.0		/* legend sample of a line or band */
#define MARKER_R	3.5
#define MAX_BAR		26.0		/* the thickest bar */

struct series {
	char *name;
	size_t n;		/* points (lines, fans) */
	double *x, *y;		/* lines: y; fans: the middle */
	double *lo, *hi;	/* fans */
	double *v;		/* bars: one value per category */
};

struct cf_chart {
	int kind;		/* enum cf_chart_kind */
	char *title, *x_label, *y_label, *note;
	char *prefix;		/* of element ids; NULL: a counter */
	int x_unit, y_unit;
	int y_fixed;		/* the value range is lo..hi below */
	double y_lo, y_hi;
	char **cats;		/* bars: category names */
	size_t ncat;
	struct series *s;
	size_t ns, cap;
};

/* Okabe & Ito (2008), ordered so that the first few also differ in grey. */
static const char *const palette[] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00",
	"#CC79A7", "#56B4E9", "#F0E442", "#000000"
};
#define NCOLOURS (sizeof(palette) / sizeof(palette[0]))

/* Dash patterns for lines of width 2 with round caps (0 long: a dot). */
static const struct {
	int n;
	double d[6];
} dashes[] = {
	{0, {0}},
	{2, {7, 5}},
	{2, {0, 4.5}},
	{4, {9, 4.5, 0, 4.5}},
	{2, {16, 5}},
	{6, {9, 4.5, 0, 4.5, 0, 4.5}},
	{2, {3, 4.5}},
	{4, {16, 4.5, 5, 4.5}},
};
#define NDASHES (sizeof(dashes) / sizeof(dashes[0]))

/* Hatchings of bars in white over the colour: 1 "/", 2 "\\", 3 both. */
static const struct {
	int dirs;
	double gap;
} hatches[] = {
	{0, 0}, {1, 4.5}, {2, 4.5}, {3, 5}, {1, 8}, {2, 8}, {3, 9}, {0, 0}
};
#define NHATCHES (sizeof(hatches) / sizeof(hatches[0]))

static atomic_ulong serial;	/* automatic id prefixes */

/* ---- copies --------------------------------------------------------- */

/* Whether s is well-formed UTF-8 (no overlong forms, no surrogates). */
static int
utf8_valid(const unsigned char *s)
{
	unsigned cp;
	int i, n;

	while (*s) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			n = 1, cp = *s & 0x1f;
		else if ((*s & 0xf0) == 0xe0)
			n = 2, cp = *s & 0x0f;
		else if ((*s & 0xf8) == 0xf0)
			n = 3, cp = *s & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

/* A copy of s (NULL stays NULL) with control characters made spaces.
 * CF_EARG when s is not UTF-8, CF_ENOMEM. */
static int
copy_text(char **out, const char *s, const char *what)
{
	char *p;

	*out = NULL;
	if (s == NULL)
		return CF_OK;
	if (!utf8_valid((const unsigned char *)s))
		return cf_error_set(CF_EARG, "chart: %s is not UTF-8", what);
	if ((*out = strdup(s)) == NULL)
		return cf_error_set(CF_ENOMEM, "chart: %s", what);
	for (p = *out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return CF_OK;
}

/* Whether s is a text to draw: not NULL, not empty. */
static int
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* ---- the chart ------------------------------------------------------ */

int
cf_chart_new(cf_chart **out, int kind, const char *title,
    const char *x_label, const char *y_label)
{
	cf_chart *c;
	int rc;

	*out = NULL;
	if (kind != CF_CHART_LINES && kind != CF_CHART_FAN &&
	    kind != CF_CHART_BARS)
		return cf_error_set(CF_EARG, "chart: no chart kind %d", kind);
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return cf_error_set(CF_ENOMEM, "chart");
	c->kind = kind;
	c->x_unit = c->y_unit = CF_UNIT_NUMBER;
	if ((rc = copy_text(&c->title, title, "title")) != CF_OK ||
	    (rc = copy_text(&c->x_label, x_label, "x label")) != CF_OK ||
	    (rc = copy_text(&c->y_label, y_label, "y label")) != CF_OK) {
		cf_chart_free(c);
		return rc;
	}
	*out = c;
	return CF_OK;
}

void
cf_chart_free(cf_chart *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ns; i++) {
		free(c->s[i].name);
		free(c->s[i].x);	/* the one block of the numbers */
		free(c->s[i].v);
	}
	free(c->s);
	for (i = 0; i < c->ncat; i++)
		free(c->cats[i]);
	free(c->cats);
	free(c->title);
	free(c->x_label);
	free(c->y_label);
	free(c->note);
	free(c->prefix);
	free(c);
}

void
cf_chart_units(cf_chart *c, int x_unit, int y_unit)
{
	assert(x_unit >= CF_UNIT_NUMBER && x_unit <= CF_UNIT_BILLIONS);
	assert(y_unit >= CF_UNIT_NUMBER && y_unit <= CF_UNIT_BILLIONS);
	c->x_unit = x_unit;
	c->y_unit = y_unit;
}

void
cf_chart_y_range(cf_chart *c, double lo, double hi)
{
	/* Checked when drawn: this function cannot fail. */
	c->y_fixed = 1;
	c->y_lo = lo;
	c->y_hi = hi;
}

int
cf_chart_set_id(cf_chart *c, const char *prefix)
{
	char *p = NULL;
	size_t i;

	if (prefix != NULL) {
		for (i = 0; prefix[i]; i++) {
			unsigned char ch = (unsigned char)prefix[i];

			if (!((ch >= 'a' && ch <= 'z') ||
			    (ch >= 'A' && ch <= 'Z') || ch == '_' ||
			    (i > 0 && ((ch >= '0' && ch <= '9') ||
			    ch == '-' || ch == '.'))))
				break;
		}
		if (i == 0 || prefix[i] != '\0' || i > PREFIXMAX)
			return cf_error_set(CF_EARG, "chart: bad id prefix "
			    "\"%.*s\"", PREFIXMAX, prefix);
		if ((p = strdup(prefix)) == NULL)
			return cf_error_set(CF_ENOMEM, "chart: id prefix");
	}
	free(c->prefix);
	c->prefix = p;
	return CF_OK;
}

int
cf_chart_note(cf_chart *c, const char *note)
{
	char *p;
	int rc;

	if ((rc = copy_text(&p, note, "note")) != CF_OK)
		return rc;
	free(c->note);
	c->note = p;
	return CF_OK;
}

static const char *
kind_name(int kind)
{
	return kind == CF_CHART_LINES ? "lines" : kind == CF_CHART_FAN ?
	    "fan" : "bars";
}

/* Room for one more series named name, its numbers in one block of
 * nd doubles (x points to it, or v for bars).  The series is the last one
 * but not yet counted. */
static int
new_series(struct series **out, cf_chart *c, const char *name, size_t nd)
{
	struct series *s, *grown;
	double *d = NULL;
	char *nm = NULL;
	int rc;

	*out = NULL;
	if (c->ns == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 4;

		if ((grown = realloc(c->s, cap * sizeof(*grown))) == NULL)
			return cf_error_set(CF_ENOMEM, "chart: series");
		c->s = grown;
		c->cap = cap;
	}
	if ((rc = copy_text(&nm, name, "series name")) != CF_OK)
		return rc;
	if (nm == NULL && (nm = strdup("")) == NULL)
		return cf_error_set(CF_ENOMEM, "chart: series");
	if (nd > SIZE_MAX / sizeof(double) ||
	    (d = malloc(nd ? nd * sizeof(double) : 1)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "chart: series %s", nm);
		free(nm);
		return rc;
	}
	s = &c->s[c->ns];
	memset(s, 0, sizeof(*s));
	s->name = nm;
	if (c->kind == CF_CHART_BARS)
		s->v = d;
	else
		s->x = d;
	*out = s;
	return CF_OK;
}

int
cf_chart_add_line(cf_chart *c, const char *name, size_t n,
    const double *x, const double *y)
{
	struct series *s;
	int rc;

	if (c->kind != CF_CHART_LINES)
		return cf_error_set(CF_EARG, "chart: a line on a %s chart",
		    kind_name(c->kind));
	if (n > 0 && (x == NULL || y == NULL))
		return cf_error_set(CF_EARG, "chart: line without numbers");
	if (n > SIZE_MAX / 2)
		return cf_error_set(CF_ENOMEM, "chart: line");
	if ((rc = new_series(&s, c, name, 2 * n)) != CF_OK)
		return rc;
	s->n = n;
	s->y = s->x + n;
	if (n > 0) {
		memcpy(s->x, x, n * sizeof(double));
		memcpy(s->y, y, n * sizeof(double));
	}
	c->ns++;
	return CF_OK;
}

int
cf_chart_add_band(cf_chart *c, const char *name, size_t n,
    const double *x, const double *low, const double *mid,
    const double *high)
{
	struct series *s;
	size_t i;
	int rc;

	if (c->kind != CF_CHART_FAN)
		return cf_error_set(CF_EARG, "chart: a band on a %s chart",
		    kind_name(c->kind));
	if (n > 0 && (x == NULL || low == NULL || mid == NULL ||
	    high == NULL))
		return cf_error_set(CF_EARG, "chart: band without numbers");
	for (i = 0; i < n; i++)
		if (isfinite(x[i]) && isfinite(low[i]) && isfinite(mid[i]) &&
		    isfinite(high[i]) && !(low[i] <= mid[i] && mid[i] <= high[i]))
			return cf_error_set(CF_EARG, "chart: band %s, point "
			    "%zu: low %g, middle %g, high %g are out of order",
			    name ? name : "", i + 1, low[i], mid[i], high[i]);
	if (n > SIZE_MAX / 4)
		return cf_error_set(CF_ENOMEM, "chart: band");
	if ((rc = new_series(&s, c, name, 4 * n)) != CF_OK)
		return rc;
	s->n = n;
	s->y = s->x + n;
	s->lo = s->x + 2 * n;
	s->hi = s->x + 3 * n;
	if (n > 0) {
		memcpy(s->x, x, n * sizeof(double));
		memcpy(s->y, mid, n * sizeof(double));
		memcpy(s->lo, low, n * sizeof(double));
		memcpy(s->hi, high, n * sizeof(double));
	}
	c->ns++;
	return CF_OK;
}

int
cf_chart_set_categories(cf_chart *c, size_t n, const char *const *names)
{
	char **cats;
	size_t i;
	int rc;

	if (c->kind != CF_CHART_BARS)
		return cf_error_set(CF_EARG, "chart: categories on a %s chart",
		    kind_name(c->kind));
	if (c->ncat > 0 || c->ns > 0)
		return cf_error_set(CF_EARG, "chart: categories set twice or "
		    "after bars");
	if (n == 0 || names == NULL)
		return cf_error_set(CF_EARG, "chart: no categories");
	for (i = 0; i < n; i++)
		if (names[i] == NULL)
			return cf_error_set(CF_EARG, "chart: category %zu has "
			    "no name", i + 1);
	if ((cats = calloc(n, sizeof(*cats))) == NULL)
		return cf_error_set(CF_ENOMEM, "chart: categories");
	for (i = 0; i < n; i++)
		if ((rc = copy_text(&cats[i], names[i], "category")) != CF_OK) {
			while (i-- > 0)
				free(cats[i]);
			free(cats);
			return rc;
		}
	c->cats = cats;
	c->ncat = n;
	return CF_OK;
}

int
cf_chart_add_bars(cf_chart *c, const char *name, const double *values)
{
	struct series *s;
	int rc;

	if (c->kind != CF_CHART_BARS)
		return cf_error_set(CF_EARG, "chart: bars on a %s chart",
		    kind_name(c->kind));
	if (c->ncat == 0)
		return cf_error_set(CF_EARG, "chart: bars before categories");
	if (values == NULL)
		return cf_error_set(CF_EARG, "chart: bars without values");
	if ((rc = new_series(&s, c, name, c->ncat)) != CF_OK)
		return rc;
	memcpy(s->v, values, c->ncat * sizeof(double));
	c->ns++;
	return CF_OK;
}

const char *
cf_chart_colour(size_t i)
{
	return palette[i % NCOLOURS];
}

void
cf_chart_shutdown(void)
{
	cairo_debug_reset_static_data();
#ifdef HAVE_FONTCONFIG
	FcFini();
#endif
}

/* ---- ticks, maps, labels -------------------------------------------- */

double
cf_chart_nice_step(double raw)
{
	double p = pow(10, floor(log10(raw))), f = raw / p;

	/* f is in [1, 10) up to rounding: 0.3 / 0.1 is 2.9999999999999996 */
	if (f <= 1 + 1e-9)
		return p;
	if (f <= 2 + 1e-9)
		return 2 * p;
	if (f <= 5 + 1e-9)
		return 5 * p;
	return 10 * p;
}

/* The next nice step below step. */
static double
step_below(double step)
{
	double p = pow(10, floor(log10(step) + 1e-9)), f = step / p;

	if (f > 4.5)
		return 2 * p;
	if (f > 1.5)
		return p;
	return p / 2;
}

/* Lay ticks of this step on lo..hi into out. */
static void
lay_ticks(struct cf_ticks *out, double lo, double hi, int widen, double step)
{
	double eps = 1e-9;

	out->step = step;
	if (widen) {
		out->lo = floor(lo / step + eps) * step;
		out->hi = ceil(hi / step - eps) * step;
		out->first = out->lo;
		out->n = (int)lround((out->hi - out->lo) / step) + 1;
	} else {
		out->lo = lo;
		out->hi = hi;
		out->first = ceil(lo / step - eps) * step;
		out->n = (int)floor((hi - out->first) / step + eps) + 1;
	}
	if (out->n < 1)
		out->n = 1;
}

/* How badly ticks fit: the distance from target intervals, relative to
 * it, plus twice the share of the axis that the data leave empty. */
static double
ticks_score(const struct cf_ticks *t, double lo, double hi, int target)
{
	return fabs((t->hi - t->lo) / t->step - target) / target +
	    2 * (1 - (hi - lo) / (t->hi - t->lo));
}

void
cf_chart_ticks(struct cf_ticks *out, double lo, double hi, int target,
    int widen, double min_step)
{
	struct cf_ticks a, b;
	double big, small;

	assert(hi > lo);
	if (target < 1)
		target = 1;
	big = cf_chart_nice_step((hi - lo) / target);
	if (big < min_step)
		big = min_step;
	small = step_below(big);
	lay_ticks(&a, lo, hi, widen, big);
	if (small < min_step || small <= 0) {
		*out = a;
		return;
	}
	lay_ticks(&b, lo, hi, widen, small);
	*out = ticks_score(&b, lo, hi, target) <
	    ticks_score(&a, lo, hi, target) ? b : a;
}

double
cf_chart_map(double v, double lo, double hi, double p0, double p1)
{
	return p0 + (v - lo) * (p1 - p0) / (hi - lo);
}

/* The value of tick i of t. */
static double
tick_at(const struct cf_ticks *t, int i)
{
	return t->first + i * t->step;
}

/* Drop trailing zeros after a decimal point, and the point. */
static void
trim_zeros(char *s)
{
	char *e;

	if (strchr(s, '.') == NULL)
		return;
	e = s + strlen(s);
	while (e[-1] == '0')
		*--e = '\0';
	if (e[-1] == '.')
		e[-1] = '\0';
}

/* Whether a formatted number is zero ("0", "0.00"). */
static int
all_zero(const char *s)
{
	for (; *s; s++)
		if (*s != '0' && *s != '.')
			return 0;
	return 1;
}

/* Thousands separators in the integer part of the digits in s. */
static void
group_digits(char *out, size_t size, const char *s)
{
	const char *dot = strchr(s, '.');
	size_t ni = dot ? (size_t)(dot - s) : strlen(s), i, o = 0;

	for (i = 0; i < ni && o + 2 < size; i++) {
		out[o++] = s[i];
		if ((ni - i - 1) % 3 == 0 && i + 1 < ni)
			out[o++] = ',';
	}
	out[o] = '\0';
	if (dot)
		snprintf(out + o, size - o, "%s", dot);
}

/* Decimals that show multiples of step (step > 0), at most 4. */
static int
decimals_for(double step)
{
	double d = ceil(-log10(step) - 1e-9);

	return d < 0 ? 0 : d > 4 ? 4 : (int)d;
}

/* The scale and suffix for dollars of magnitude a. */
static double
dollar_scale(double a, const char **suffix)
{
	if (a >= 1e12) {
		*suffix = "T";
		return 1e12;
	}
	if (a >= 1e9) {
		*suffix = "B";
		return 1e9;
	}
	if (a >= 1e6) {
		*suffix = "M";
		return 1e6;
	}
	if (a >= 1e3) {
		*suffix = "K";
		return 1e3;
	}
	*suffix = "";
	return 1;
}

/* sign, prefix, number, suffix into out; no sign on a zero. */
static void
compose(char *out, size_t size, int neg, const char *pre, const char *num,
    const char *suf)
{
	snprintf(out, size, "%s%s%s%s", neg && !all_zero(num) ? MINUS : "",
	    pre, num, suf);
}

void
cf_chart_format_tick(char *out, size_t size, int unit, double v,
    double step)
{
	const char *suf = "";
	char num[64], grouped[96];
	double a, scale;
	int neg;

	if (fabs(v) < step * 1e-6)
		v = 0;		/* 0.1 + 0.2 - 0.3 */
	neg = v < 0;
	a = fabs(v);
	switch (unit) {
	case CF_UNIT_YEAR:
		snprintf(num, sizeof(num), "%.0f", a);
		compose(out, size, neg, "", num, "");
		break;
	case CF_UNIT_PERCENT:
		snprintf(num, sizeof(num), "%.*f", decimals_for(step * 100),
		    a * 100);
		trim_zeros(num);
		compose(out, size, neg, "", num, "%");
		break;
	case CF_UNIT_BILLIONS:
		if (v == 0) {
			snprintf(out, size, "$0");
			break;
		}
		/* the scale of the value itself: $500M, $1B, $1.5B */
		scale = dollar_scale(a + step * 1e-6, &suf);
		snprintf(num, sizeof(num), "%.*f", decimals_for(step / scale),
		    a / scale);
		trim_zeros(num);
		compose(out, size, neg, "$", num, suf);
		break;
	default:
		snprintf(num, sizeof(num), "%.*f", decimals_for(step), a);
		trim_zeros(num);
		group_digits(grouped, sizeof(grouped), num);
		compose(out, size, neg, "", grouped, "");
		break;
	}
}

/* a (>= 0) with three significant digits, trailing zeros dropped; a
 * number of 1000 or more keeps all its digits. */
static void
three_digits(char *out, size_t size, double a)
{
	int d = a >= 100 ? 0 : a >= 10 ? 1 : 2;

	snprintf(out, size, "%.*f", d, a);
	trim_zeros(out);
}

void
cf_chart_format_value(char *out, size_t size, int unit, double v)
{
	const char *suf = "";
	char num[64], grouped[96];
	double a = fabs(v), scale, r;
	int neg = v < 0;

	switch (unit) {
	case CF_UNIT_YEAR:
		snprintf(num, sizeof(num), "%.0f", a);
		compose(out, size, neg, "", num, "");
		break;
	case CF_UNIT_PERCENT:
		three_digits(num, sizeof(num), a * 100);
		compose(out, size, neg, "", num, "%");
		break;
	case CF_UNIT_BILLIONS:
		if (a < 0.5) {
			snprintf(out, size, "$0");
			break;
		}
		scale = dollar_scale(a, &suf);
		/* 999.7M rounds to 1000M: write it $1B */
		three_digits(num, sizeof(num), a / scale);
		r = strtod(num, NULL);
		if (r >= 1000 && scale < 1e12) {
			scale = dollar_scale(scale * 1000, &suf);
			three_digits(num, sizeof(num), a / scale);
		}
		compose(out, size, neg, "$", num, suf);
		break;
	default:
		if (a >= 1000)
			snprintf(num, sizeof(num), "%.0f", a);
		else
			three_digits(num, sizeof(num), a);
		group_digits(grouped, sizeof(grouped), num);
		compose(out, size, neg, "", grouped, "");
		break;
	}
}

/* ---- the SVG document ---------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
	int nomem;
};

static int
buf_add(struct buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;
		char *p;

		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2)
				return b->nomem = 1, -1;
			cap *= 2;
		}
		if ((p = realloc(b->p, cap)) == NULL)
			return b->nomem = 1, -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static cairo_status_t
write_svg(void *closure, const unsigned char *data, unsigned int n)
{
	return buf_add(closure, data, n) == 0 ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

int
cf_chart_prefix_ids(char **out, size_t *outlen, const char *svg,
    size_t len, const char *prefix)
{
	/* where cairo names (id="...") and refers to (#...) an element */
	static const char *const marks[] = {" id=\"", "href=\"#", "url(#"};
	struct buf b = {0};
	const char *p = svg, *end = svg + len;
	size_t i, plen = strlen(prefix), mlen;

	*out = NULL;
	*outlen = 0;
	if (len >= 5 && memcmp(p, "<?xml", 5) == 0) {
		while (p < end && !(p[0] == '?' && p + 1 < end && p[1] == '>'))
			p++;
		p = p < end ? p + 2 : end;
		while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
			p++;
	}
	if (end - p < 4 || memcmp(p, "<svg", 4) != 0)
		return cf_error_set(CF_EIO, "chart: cairo wrote no <svg>");
	while (p < end) {
		for (i = 0; i < 3; i++) {
			mlen = strlen(marks[i]);
			if ((size_t)(end - p) >= mlen &&
			    memcmp(p, marks[i], mlen) == 0)
				break;
		}
		if (i == 3) {
			const char *q = p + 1;

			/* copy up to the next place a mark can start */
			while (q < end && *q != ' ' && *q != 'h' && *q != 'u')
				q++;
			if (buf_add(&b, p, (size_t)(q - p)) != 0)
				goto nomem;
			p = q;
			continue;
		}
		if (buf_add(&b, p, mlen) != 0 || buf_add(&b, prefix, plen) ||
		    buf_add(&b, "-", 1) != 0)
			goto nomem;
		p += mlen;
	}
	if (b.p == NULL && buf_add(&b, "", 0) != 0)
		goto nomem;
	*out = b.p;
	*outlen = b.len;
	return CF_OK;
nomem:
	free(b.p);
	return cf_error_set(CF_ENOMEM, "chart: SVG");
}

/* role="img" and the title as aria-label on the <svg> element of the
 * document in *svg, for screen readers.  CF_ENOMEM. */
static int
label_svg(char **svg, size_t *len, const char *title)
{
	static const char head[] = "<svg role=\"img\" aria-label=\"";
	struct buf b = {0};
	const char *t, *e;

	if (buf_add(&b, head, sizeof(head) - 1) != 0)
		goto nomem;
	for (t = title; *t; t++) {
		e = *t == '&' ? "&amp;" : *t == '<' ? "&lt;" : *t == '>' ?
		    "&gt;" : *t == '"' ? "&quot;" : NULL;
		if (e ? buf_add(&b, e, strlen(e)) : buf_add(&b, t, 1))
			goto nomem;
	}
	/* the rest of the document after "<svg" */
	if (buf_add(&b, "\"", 1) != 0 || buf_add(&b, *svg + 4, *len - 4) != 0)
		goto nomem;
	free(*svg);
	*svg = b.p;
	*len = b.len;
	return CF_OK;
nomem:
	free(b.p);
	return cf_error_set(CF_ENOMEM, "chart: SVG");
}

int
cf_chart_svg(const cf_chart *c, double width, double height, char **svg,
    size_t *len)
{
	struct buf b = {0};
	cairo_surface_t *sf = NULL;
	cairo_t *cr = NULL;
	cairo_status_t st;
	char auto_prefix[32];
	const char *prefix = c->prefix;
	int rc;

	*svg = NULL;
	*len = 0;
	if (!(width >= 1 && height >= 1 && width <= 1e5 && height <= 1e5))
		return cf_error_set(CF_EARG, "chart: size %g x %g", width,
		    height);
	sf = cairo_svg_surface_create_for_stream(write_svg, &b, width, height);
	if ((st = cairo_surface_status(sf)) != CAIRO_STATUS_SUCCESS) {
		rc = cf_error_set(CF_EIO, "chart: %s",
		    cairo_status_to_string(st));
		goto out;
	}
	/* width="640" (CSS pixels inlined), not "640pt" */
	cairo_svg_surface_set_document_unit(sf, CAIRO_SVG_UNIT_USER);
	cr = cairo_create(sf);
	if ((rc = cf_chart_draw(cr, c, width, height)) != CF_OK)
		goto out;
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(sf);
	if (b.nomem) {
		rc = cf_error_set(CF_ENOMEM, "chart: SVG");
		goto out;
	}
	if ((st = cairo_surface_status(sf)) != CAIRO_STATUS_SUCCESS) {
		rc = cf_error_set(CF_EIO, "chart: %s",
		    cairo_status_to_string(st));
		goto out;
	}
	if (prefix == NULL) {
		snprintf(auto_prefix, sizeof(auto_prefix), "cfc%lu",
		    (unsigned long)atomic_fetch_add(&serial, 1) + 1);
		prefix = auto_prefix;
	}
	if ((rc = cf_chart_prefix_ids(svg, len, b.p ? b.p : "", b.len,
	    prefix)) == CF_OK && has_text(c->title))
		rc = label_svg(svg, len, c->title);
	if (rc != CF_OK) {
		free(*svg);
		*svg = NULL;
		*len = 0;
	}
out:
	cairo_destroy(cr);		/* both harmless on NULL */
	cairo_surface_destroy(sf);
	free(b.p);
	return rc;
}

/* ---- text ----------------------------------------------------------- */

static void
set_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
	    bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double
text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t te;

	cairo_text_extents(cr, s, &te);
	return te.x_advance;
}

/* s with its baseline at y, at x when ax is 0, centred on x when ax is
 * 0.5, ending at x when ax is 1. */
static void
show(cairo_t *cr, const char *s, double x, double y, double ax)
{
	cairo_move_to(cr, x - ax * text_width(cr, s), y);
	cairo_show_text(cr, s);
}

/* The baseline that centres capitals of this size on y. */
static double
mid_baseline(double y, double size)
{
	return y + 0.36 * size;
}

static void
set_rgb(cairo_t *cr, unsigned rgb, double alpha)
{
	cairo_set_source_rgba(cr, (rgb >> 16 & 0xff) / 255.0,
	    (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha);
}

static unsigned
series_rgb(size_t i)
{
	return (unsigned)strtoul(palette[i % NCOLOURS] + 1, NULL, 16);
}

/* The length of the longest prefix of s[0..n) that ends on a UTF-8
 * character boundary. */
static size_t
utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* s into out (TEXTMAX bytes), ending in an ellipsis where it is wider
 * than maxw. */
static void
fit_text(cairo_t *cr, const char *s, double maxw, char *out)
{
	size_t n = strlen(s), k;

	if (n < TEXTMAX && text_width(cr, s) <= maxw) {
		memcpy(out, s, n + 1);
		return;
	}
	k = n < TEXTMAX - 4 ? n : TEXTMAX - 4;
	for (;;) {
		k = utf8_cut(s, k);
		while (k > 0 && s[k - 1] == ' ')
			k--;
		memcpy(out, s, k);
		memcpy(out + k, ELLIPSIS, sizeof(ELLIPSIS));
		if (k == 0 || text_width(cr, out) <= maxw)
			return;
		k--;
	}
}

/*
 * s broken at spaces into at most maxl lines (TEXTMAX bytes each) no
 * wider than maxw; the last line takes what is left, shortened with an
 * ellipsis, and so does a word that is too long alone.  Returns the
 * number of lines.
 */
static int
wrap_text(cairo_t *cr, const char *s, double maxw, int maxl,
    char (*lines)[TEXTMAX])
{
	char tmp[TEXTMAX];
	size_t best, j;
	int nl = 0;

	while (*s == ' ')
		s++;
	while (*s && nl < maxl) {
		if (nl == maxl - 1) {
			fit_text(cr, s, maxw, lines[nl++]);
			break;
		}
		for (best = 0, j = 0;;) {
			while (s[j] == ' ')
				j++;
			while (s[j] && s[j] != ' ')
				j++;
			if (j >= TEXTMAX)
				break;
			memcpy(tmp, s, j);
			tmp[j] = '\0';
			if (text_width(cr, tmp) > maxw)
				break;
			best = j;
			if (s[j] == '\0')
				break;
		}
		if (best == 0) {	/* one word, too long */
			for (j = 0; s[j] && s[j] != ' '; j++)
				;
			best = j;
			j = utf8_cut(s, j < TEXTMAX ? j : TEXTMAX - 1);
			memcpy(tmp, s, j);
			tmp[j] = '\0';
			fit_text(cr, tmp, maxw, lines[nl++]);
		} else {
			memcpy(lines[nl], s, best);
			lines[nl++][best] = '\0';
		}
		s += best;
		while (*s == ' ')
			s++;
	}
	return nl;
}

/* ---- layout ---------------------------------------------------------- */

struct layout {
	double w, h;
	double x0, x1, y0, y1;	/* the plot: left, right, top, bottom */
	double dx0, dx1;	/* where the x range is drawn (lines, fans) */
	struct cf_ticks xt;	/* x axis (lines, fans) */
	struct cf_ticks vt;	/* value axis: up for lines and fans, across
				 * for bars */
	char title[2][TEXTMAX], note[2][TEXTMAX];
	int ntitle, nnote;
	double legend_y;	/* top of the legend */
	/* bars */
	double gh;		/* height of a category's group */
	double bt;		/* thickness of a bar */
	double cat_size;	/* font size of the category names */
	double cat_x;		/* right end of the category names */
	int cat_lines;		/* lines per category name */
	int values;		/* write values at the ends of bars */
};

/* A point of a line or band with all its numbers finite. */
static int
point_ok(const struct series *s, size_t i)
{
	return isfinite(s->x[i]) && isfinite(s->y[i]) &&
	    (s->lo == NULL || (isfinite(s->lo[i]) && isfinite(s->hi[i])));
}

/* The ranges of x and of the values; 0 when there is no finite datum. */
static int
data_range(const cf_chart *c, double *xlo, double *xhi, double *vlo,
    double *vhi)
{
	size_t i, j;
	int any = 0;

	*xlo = *vlo = DBL_MAX;
	*xhi = *vhi = -DBL_MAX;
	for (i = 0; i < c->ns; i++) {
		const struct series *s = &c->s[i];

		if (c->kind == CF_CHART_BARS) {
			for (j = 0; j < c->ncat; j++)
				if (isfinite(s->v[j])) {
					*vlo = fmin(*vlo, s->v[j]);
					*vhi = fmax(*vhi, s->v[j]);
					any = 1;
				}
			continue;
		}
		for (j = 0; j < s->n; j++) {
			if (!point_ok(s, j))
				continue;
			*xlo = fmin(*xlo, s->x[j]);
			*xhi = fmax(*xhi, s->x[j]);
			*vlo = fmin(*vlo, s->lo ? s->lo[j] : s->y[j]);
			*vhi = fmax(*vhi, s->hi ? s->hi[j] : s->y[j]);
			any = 1;
		}
	}
	return any;
}

/* The width of the widest tick label. */
static double
ticks_width(cairo_t *cr, const struct cf_ticks *t, int unit)
{
	char lab[64];
	double w = 0;
	int i;

	for (i = 0; i < t->n; i++) {
		cf_chart_format_tick(lab, sizeof(lab), unit, tick_at(t, i),
		    t->step);
		w = fmax(w, text_width(cr, lab));
	}
	return w;
}

/* Ticks along a horizontal axis of length px whose labels do not touch:
 * fewer ticks until the widest label fits between two. */
static void
across_ticks(cairo_t *cr, struct cf_ticks *t, double lo, double hi,
    int widen, double min_step, double px, int unit)
{
	int target = (int)(px / 80);

	if (target > 12)
		target = 12;
	for (; target >= 1; target--) {
		cf_chart_ticks(t, lo, hi, target, widen, min_step);
		if (t->n < 2 || ticks_width(cr, t, unit) + 12 <=
		    t->step * px / (t->hi - t->lo))
			return;
	}
	cf_chart_ticks(t, lo, hi, 1, widen, min_step);
}

static void draw_swatch(cairo_t *cr, const cf_chart *c, size_t i,
    double x, double yc);

/* The legend's entries in rows within maxw from (x, y); draws them when
 * draw is set.  Returns the number of rows. */
static int
legend(cairo_t *cr, const cf_chart *c, double x, double y, double maxw,
    int draw)
{
	double sw = c->kind == CF_CHART_BARS ? 12 : SWATCH_W, cx = 0, ew;
	char name[TEXTMAX];
	int rows = 0;
	size_t i;

	set_font(cr, LEGEND_SIZE, 0);
	for (i = 0; i < c->ns; i++) {
		if (c->s[i].name[0] == '\0')
			continue;
		fit_text(cr, c->s[i].name, maxw - sw - 6, name);
		ew = sw + 6 + text_width(cr, name);
		if (rows == 0 || (cx > 0 && cx + ew > maxw)) {
			rows++;
			cx = 0;
		}
		if (draw) {
			double yc = y + (rows - 0.5) * LEGEND_ROW;

			draw_swatch(cr, c, i, x + cx, yc);
			set_rgb(cr, 0x222222, 1);
			set_font(cr, LEGEND_SIZE, 0);
			show(cr, name, x + cx + sw + 6,
			    mid_baseline(yc, LEGEND_SIZE), 0);
		}
		cx += ew + 18;
	}
	return rows;
}

/* Title, note and legend from the top; returns the y below them. */
static double
layout_top(cairo_t *cr, const cf_chart *c, struct layout *L)
{
	double y = PAD, maxw = L->w - 2 * PAD;
	int rows;

	if (has_text(c->title)) {
		set_font(cr, TITLE_SIZE, 1);
		L->ntitle = wrap_text(cr, c->title, maxw, 2, L->title);
		y += L->ntitle * LINE_H(TITLE_SIZE) + 2;
	}
	if (has_text(c->note)) {
		set_font(cr, NOTE_SIZE, 0);
		L->nnote = wrap_text(cr, c->note, maxw, 2, L->note);
		y += L->nnote * LINE_H(NOTE_SIZE) + 2;
	}
	if (L->ntitle + L->nnote > 0)
		y += 4;
	L->legend_y = y;
	if ((rows = legend(cr, c, PAD, y, maxw, 0)) > 0)
		y += rows * LEGEND_ROW + 6;
	return y;
}

/* The value axis range, fitted (with zero) or fixed; CF_EARG when the
 * fixed one is not a range. */
static int
value_range(const cf_chart *c, double vlo, double vhi, double *lo,
    double *hi, int *widen)
{
	if (c->y_fixed) {
		if (!(isfinite(c->y_lo) && isfinite(c->y_hi) &&
		    c->y_lo < c->y_hi && isfinite(c->y_hi - c->y_lo)))
			return cf_error_set(CF_EARG, "chart: value range %g to "
			    "%g", c->y_lo, c->y_hi);
		*lo = c->y_lo;
		*hi = c->y_hi;
		*widen = 0;
		return CF_OK;
	}
	*lo = fmin(vlo, 0);
	*hi = fmax(vhi, 0);
	if (*hi - *lo < 1e-300 || !(*hi - *lo < DBL_MAX))
		*hi = *lo + 1;
	*widen = 1;
	return CF_OK;
}

static int
too_small(const struct layout *L)
{
	return cf_error_set(CF_EARG, "chart: %g x %g is too small for its "
	    "labels", L->w, L->h);
}

static int
layout_xy(cairo_t *cr, const cf_chart *c, struct layout *L, double xlo,
    double xhi, double vlo, double vhi)
{
	double top, lo, hi, ylw, tw, half, last;
	int widen, rc, target, pass;
	char lab[64];

	top = layout_top(cr, c, L);
	if ((rc = value_range(c, vlo, vhi, &lo, &hi, &widen)) != CF_OK)
		return rc;
	if (xhi - xlo < 1e-9 * fmax(1, fabs(xlo))) {	/* one x */
		xlo -= 1;
		xhi += 1;
	}
	L->y0 = top + 8;
	L->y1 = L->h - PAD - LINE_H(TICK_SIZE) - 6;
	if (has_text(c->x_label))
		L->y1 -= LINE_H(LABEL_SIZE) + 2;
	if (L->y1 - L->y0 < 40)
		return too_small(L);
	target = (int)((L->y1 - L->y0) / 45);
	target = target < 2 ? 2 : target > 10 ? 10 : target;
	cf_chart_ticks(&L->vt, lo, hi, target, widen, 0);
	set_font(cr, TICK_SIZE, 0);
	ylw = ticks_width(cr, &L->vt, c->y_unit);
	L->x0 = PAD + ylw + 8;
	if (has_text(c->y_label))
		L->x0 += LINE_H(LABEL_SIZE) + 4;
	/* the last x label may stick out to the right of the plot */
	L->x1 = L->w - PAD;
	for (pass = 0; pass < 2; pass++) {
		if (L->x1 - L->x0 < 60)
			return too_small(L);
		L->dx0 = L->x0 + 10;
		L->dx1 = L->x1 - 10;
		across_ticks(cr, &L->xt, xlo, xhi, 0,
		    c->x_unit == CF_UNIT_YEAR ? 1 : 0, L->dx1 - L->dx0,
		    c->x_unit);
		last = tick_at(&L->xt, L->xt.n - 1);
		cf_chart_format_tick(lab, sizeof(lab), c->x_unit, last,
		    L->xt.step);
		tw = text_width(cr, lab);
		half = tw / 2 - (L->w - PAD - cf_chart_map(last, xlo, xhi,
		    L->dx0, L->dx1));
		if (half <= 0)
			break;
		L->x1 -= half;
	}
	return CF_OK;
}

static int
layout_bars(cairo_t *cr, const cf_chart *c, struct layout *L, double vlo,
    double vhi)
{
	char lines[2][TEXTMAX], lab[64];
	double top, lo, hi, catw = 0, negw = 0, posw = 0, maxcat, half, v;
	size_t i, j;
	int widen, rc, nl, pass;

	top = layout_top(cr, c, L);
	if ((rc = value_range(c, vlo, vhi, &lo, &hi, &widen)) != CF_OK)
		return rc;
	if (has_text(c->x_label))
		top += LINE_H(LABEL_SIZE) + 2;
	L->y0 = top + 2;
	L->y1 = L->h - PAD - LINE_H(TICK_SIZE) - 6;
	if (has_text(c->y_label))
		L->y1 -= LINE_H(LABEL_SIZE) + 2;
	if (L->y1 - L->y0 < 2 * (double)c->ncat)
		return too_small(L);
	L->gh = (L->y1 - L->y0) / (double)c->ncat;
	L->bt = fmin(L->gh * 0.8 / (double)c->ns, MAX_BAR);
	L->values = L->bt >= 9;

	/* category names: one or two lines, at most 40% of the width */
	L->cat_size = fmin(TICK_SIZE, L->gh * 0.8);
	L->cat_lines = L->gh >= 2 * LINE_H(L->cat_size) + 4 ? 2 : 1;
	maxcat = 0.4 * L->w;
	set_font(cr, L->cat_size, 0);
	for (i = 0; i < c->ncat; i++) {
		nl = wrap_text(cr, c->cats[i], maxcat, L->cat_lines, lines);
		while (nl-- > 0)
			catw = fmax(catw, text_width(cr, lines[nl]));
	}
	/* room for values beyond the ends of the bars */
	if (L->values) {
		set_font(cr, VALUE_SIZE, 0);
		for (i = 0; i < c->ns; i++)
			for (j = 0; j < c->ncat; j++) {
				if (!isfinite(v = c->s[i].v[j]))
					continue;
				cf_chart_format_value(lab, sizeof(lab),
				    c->y_unit, v);
				if (v < 0)
					negw = fmax(negw, text_width(cr, lab) + 5);
				else
					posw = fmax(posw, text_width(cr, lab) + 5);
			}
	}
	L->cat_x = PAD + catw;
	L->x0 = L->cat_x + 10 + negw;
	L->x1 = L->w - PAD - posw;
	set_font(cr, TICK_SIZE, 0);
	for (pass = 0; pass < 2; pass++) {
		if (L->x1 - L->x0 < 60)
			return too_small(L);
		across_ticks(cr, &L->vt, lo, hi, widen, 0, L->x1 - L->x0,
		    c->y_unit);
		/* the first and last tick labels are centred on the ends */
		cf_chart_format_tick(lab, sizeof(lab), c->y_unit,
		    tick_at(&L->vt, L->vt.n - 1), L->vt.step);
		half = text_width(cr, lab) / 2 - (L->w - PAD - L->x1);
		if (half <= 0)
			break;
		L->x1 -= half;
	}
	return CF_OK;
}

/* ---- drawing -------------------------------------------------------- */

static void
set_dash(cairo_t *cr, size_t i, double scale)
{
	double d[6];
	int k, n = dashes[i % NDASHES].n;

	for (k = 0; k < n; k++)
		d[k] = dashes[i % NDASHES].d[k] * scale;
	cairo_set_dash(cr, d, n, 0);
}

/* Marker i (filled circle, square, triangle, diamond, down triangle; then
 * open circle, square, triangle) as a sub-path at x, y. */
static void
marker_path(cairo_t *cr, size_t i, double x, double y, double r)
{
	size_t shape = i % 8;

	if (shape >= 5)
		shape -= 5;
	cairo_new_sub_path(cr);
	switch (shape) {
	case 0:
		cairo_arc(cr, x, y, r, 0, 2 * PI);
		break;
	case 1:
		cairo_rectangle(cr, x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r);
		break;
	case 2:
		cairo_move_to(cr, x, y - 1.25 * r);
		cairo_line_to(cr, x + 1.1 * r, y + 0.75 * r);
		cairo_line_to(cr, x - 1.1 * r, y + 0.75 * r);
		break;
	case 3:
		cairo_move_to(cr, x, y - 1.3 * r);
		cairo_line_to(cr, x + 1.3 * r, y);
		cairo_line_to(cr, x, y + 1.3 * r);
		cairo_line_to(cr, x - 1.3 * r, y);
		break;
	default:
		cairo_move_to(cr, x, y + 1.25 * r);
		cairo_line_to(cr, x + 1.1 * r, y - 0.75 * r);
		cairo_line_to(cr, x - 1.1 * r, y - 0.75 * r);
		break;
	}
	cairo_close_path(cr);
}

/* Fill (and outline) the marker sub-paths of series i on the path. */
static void
finish_markers(cairo_t *cr, size_t i)
{
	cairo_set_dash(cr, NULL, 0, 0);
	if (i % 8 >= 5) {	/* open */
		set_rgb(cr, 0xffffff, 1);
		cairo_fill_preserve(cr);
		set_rgb(cr, series_rgb(i), 1);
		cairo_set_line_width(cr, 1.6);
	} else {
		set_rgb(cr, series_rgb(i), 1);
		cairo_fill_preserve(cr);
		set_rgb(cr, 0xffffff, 1);
		cairo_set_line_width(cr, 1);
	}
	cairo_stroke(cr);
}

static double
band_alpha(double nbands)
{
	return nbands <= 1 ? 0.28 : nbands <= 2 ? 0.22 : 0.16;
}

/* Lines 45 degrees from bottom left, spaced gap apart, clipped to the
 * rectangle, as one path; dir -1 turns them the other way. */
static void
hatch_path(cairo_t *cr, double x, double y, double w, double h, double gap,
    int dir)
{
	double k, x0, x1, y0, y1;

	/* lines x - dir * y' = k, y' = y + h - Y measured up from the
	 * bottom; k runs so that the lines cover the rectangle */
	for (k = -h + fmod(x, gap); k < w; k += gap) {
		/* the segment of Y' = X - k inside 0 <= X <= w, 0 <= Y' <= h */
		x0 = fmax(0, k);
		x1 = fmin(w, k + h);
		if (x1 <= x0)
			continue;
		y0 = x0 - k;
		y1 = x1 - k;
		if (dir > 0) {
			cairo_move_to(cr, x + x0, y + h - y0);
			cairo_line_to(cr, x + x1, y + h - y1);
		} else {
			cairo_move_to(cr, x + w - x0, y + h - y0);
			cairo_line_to(cr, x + w - x1, y + h - y1);
		}
	}
}

/* Bar series i as a rectangle: its colour and its hatching. */
static void
bar_rect(cairo_t *cr, size_t i, double x, double y, double w, double h)
{
	int dirs = hatches[i % NHATCHES].dirs;
	double gap = hatches[i % NHATCHES].gap;

	if (w < 0) {
		x += w;
		w = -w;
	}
	cairo_rectangle(cr, x, y, w, h);
	set_rgb(cr, series_rgb(i), 1);
	cairo_fill(cr);
	if (dirs == 0 || w < 1)
		return;
	cairo_new_path(cr);
	if (dirs & 1)
		hatch_path(cr, x, y, w, h, gap, 1);
	if (dirs & 2)
		hatch_path(cr, x, y, w, h, gap, -1);
	set_rgb(cr, 0xffffff, 0.55);
	cairo_set_line_width(cr, 1.2);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_stroke(cr);
}

/* The legend's sample of series i, from x, centred on yc. */
static void
draw_swatch(cairo_t *cr, const cf_chart *c, size_t i, double x, double yc)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	switch (c->kind) {
	case CF_CHART_BARS:
		bar_rect(cr, i, x, yc - 6, 12, 12);
		return;
	case CF_CHART_FAN:
		cairo_rectangle(cr, x, yc - 6, SWATCH_W, 12);
		set_rgb(cr, series_rgb(i), band_alpha((double)c->ns));
		cairo_fill(cr);
		cairo_move_to(cr, x, yc - 6);
		cairo_line_to(cr, x + SWATCH_W, yc - 6);
		cairo_move_to(cr, x, yc + 6);
		cairo_line_to(cr, x + SWATCH_W, yc + 6);
		set_rgb(cr, series_rgb(i), 0.75);
		cairo_set_line_width(cr, 0.8);
		set_dash(cr, i, 0.5);
		cairo_stroke(cr);
		break;
	default:
		break;
	}
	cairo_move_to(cr, x, yc);
	cairo_line_to(cr, x + SWATCH_W, yc);
	set_rgb(cr, series_rgb(i), 1);
	cairo_set_line_width(cr, 2);
	set_dash(cr, i, 1);
	cairo_stroke(cr);
	marker_path(cr, i, x + SWATCH_W / 2, yc, MARKER_R);
	finish_markers(cr, i);
}

static void
draw_top(cairo_t *cr, const cf_chart *c, const struct layout *L)
{
	double y = PAD;
	int i;

	set_font(cr, TITLE_SIZE, 1);
	set_rgb(cr, 0x111111, 1);
	for (i = 0; i < L->ntitle; i++) {
		y += LINE_H(TITLE_SIZE);
		show(cr, L->title[i], PAD, y - 0.3 * TITLE_SIZE, 0);
	}
	if (L->ntitle > 0)
		y += 2;
	set_font(cr, NOTE_SIZE, 0);
	set_rgb(cr, 0x555555, 1);
	for (i = 0; i < L->nnote; i++) {
		y += LINE_H(NOTE_SIZE);
		show(cr, L->note[i], PAD, y - 0.3 * NOTE_SIZE, 0);
	}
	legend(cr, c, PAD, L->legend_y, L->w - 2 * PAD, 1);
}

/* A 1-unit line on whole pixels, so it stays crisp. */
static double
crisp(double v)
{
	return floor(v) + 0.5;
}

/* The pixel across of x (lines, fans). */
static double
px_x(const struct layout *L, double x)
{
	return cf_chart_map(x, L->xt.lo, L->xt.hi, L->dx0, L->dx1);
}

/* The pixel up of value v (lines, fans). */
static double
px_y(const struct layout *L, double v)
{
	return cf_chart_map(v, L->vt.lo, L->vt.hi, L->y1, L->y0);
}

/* The pixel across of value v (bars). */
static double
px_value(const struct layout *L, double v)
{
	return cf_chart_map(v, L->vt.lo, L->vt.hi, L->x0, L->x1);
}

/* The value grid and labels of a vertical value axis, and the x axis. */
static void
draw_axes_xy(cairo_t *cr, const cf_chart *c, const struct layout *L)
{
	char lab[64];
	double v, p, base;
	int i;

	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	cairo_set_line_width(cr, 1);
	/* grid */
	for (i = 0; i < L->vt.n; i++) {
		p = crisp(px_y(L, tick_at(&L->vt, i)));
		cairo_move_to(cr, L->x0, p);
		cairo_line_to(cr, L->x1, p);
	}
	set_rgb(cr, 0xdddddd, 1);
	cairo_stroke(cr);
	for (i = 0; i < L->xt.n; i++) {
		p = crisp(px_x(L, tick_at(&L->xt, i)));
		cairo_move_to(cr, p, L->y0);
		cairo_line_to(cr, p, L->y1);
	}
	set_rgb(cr, 0xeeeeee, 1);
	cairo_stroke(cr);
	/* the x axis, and zero when the values cross it */
	base = crisp(L->y1);
	cairo_move_to(cr, L->x0, base);
	cairo_line_to(cr, L->x1, base);
	for (i = 0; i < L->xt.n; i++) {
		p = crisp(px_x(L, tick_at(&L->xt, i)));
		cairo_move_to(cr, p, base);
		cairo_line_to(cr, p, base + 4);
	}
	set_rgb(cr, 0x444444, 1);
	cairo_stroke(cr);
	if (L->vt.lo < 0 && L->vt.hi > 0) {
		p = crisp(px_y(L, 0));
		cairo_move_to(cr, L->x0, p);
		cairo_line_to(cr, L->x1, p);
		set_rgb(cr, 0x777777, 1);
		cairo_stroke(cr);
	}
	/* tick labels */
	set_font(cr, TICK_SIZE, 0);
	set_rgb(cr, 0x444444, 1);
	for (i = 0; i < L->vt.n; i++) {
		v = tick_at(&L->vt, i);
		p = px_y(L, v);
		cf_chart_format_tick(lab, sizeof(lab), c->y_unit, v,
		    L->vt.step);
		show(cr, lab, L->x0 - 6, mid_baseline(p, TICK_SIZE), 1);
	}
	for (i = 0; i < L->xt.n; i++) {
		v = tick_at(&L->xt, i);
		p = px_x(L, v);
		cf_chart_format_tick(lab, sizeof(lab), c->x_unit, v,
		    L->xt.step);
		show(cr, lab, p, L->y1 + 6 + TICK_SIZE, 0.5);
	}
}

/* The label of the axis under the plot, and that of the axis up its left
 * (turned), each shortened to the plot's extent. */
static void
draw_axis_labels(cairo_t *cr, const char *across, const char *up,
    const struct layout *L)
{
	char t[TEXTMAX];
	double tw;

	set_font(cr, LABEL_SIZE, 0);
	set_rgb(cr, 0x333333, 1);
	if (has_text(across)) {
		/* centred under the plot, or as near as the chart allows */
		fit_text(cr, across, L->w - 2 * PAD, t);
		tw = text_width(cr, t);
		show(cr, t, fmin(fmax(PAD + tw / 2, (L->x0 + L->x1) / 2),
		    L->w - PAD - tw / 2), L->h - PAD - 0.25 * LABEL_SIZE, 0.5);
	}
	if (has_text(up)) {
		fit_text(cr, up, L->y1 - L->y0 + 16, t);
		cairo_save(cr);
		cairo_translate(cr, PAD + 0.95 * LABEL_SIZE, (L->y0 + L->y1) / 2);
		cairo_rotate(cr, -PI / 2);
		show(cr, t, 0, 0, 0.5);
		cairo_restore(cr);
	}
}

/* Clip the data to the plot, with room for markers on its edges. */
static void
clip_plot(cairo_t *cr, const struct layout *L)
{
	cairo_rectangle(cr, L->x0 - 6, L->y0 - 6, L->x1 - L->x0 + 12,
	    L->y1 - L->y0 + 12);
	cairo_clip(cr);
}

/* The polyline through v[] of series i, broken where a point is left out,
 * as the current path. */
static void
polyline(cairo_t *cr, const struct layout *L, const struct series *s,
    const double *v)
{
	size_t j;
	int down = 0;

	cairo_new_path(cr);
	for (j = 0; j < s->n; j++) {
		if (!point_ok(s, j)) {
			down = 0;
			continue;
		}
		if (down)
			cairo_line_to(cr, px_x(L, s->x[j]), px_y(L, v[j]));
		else
			cairo_move_to(cr, px_x(L, s->x[j]), px_y(L, v[j]));
		down = 1;
	}
}

/* Series i's line through v[] with its dash, then its markers (every
 * point when they are 12 apart, else every k-th). */
static void
draw_series_line(cairo_t *cr, const struct layout *L, size_t i,
    const struct series *s, const double *v)
{
	double first = 0, last = 0, gap;
	size_t j, k, nok = 0, stride = 1;

	polyline(cr, L, s, v);
	set_rgb(cr, series_rgb(i), 1);
	cairo_set_line_width(cr, 2);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	set_dash(cr, i, 1);
	cairo_stroke(cr);

	for (j = 0; j < s->n; j++)
		if (point_ok(s, j)) {
			if (nok++ == 0)
				first = px_x(L, s->x[j]);
			last = px_x(L, s->x[j]);
		}
	if (nok == 0)
		return;
	gap = nok > 1 ? fabs(last - first) / (double)(nok - 1) : 100;
	if (gap < 12)
		stride = (size_t)ceil(12 / fmax(gap, 0.01));
	for (j = 0, k = 0; j < s->n; j++)
		if (point_ok(s, j) && k++ % stride == 0)
			marker_path(cr, i, px_x(L, s->x[j]), px_y(L, v[j]),
			    MARKER_R);
	finish_markers(cr, i);
}

static void
draw_lines(cairo_t *cr, const cf_chart *c, const struct layout *L)
{
	size_t i;

	cairo_save(cr);
	clip_plot(cr, L);
	for (i = 0; i < c->ns; i++)
		draw_series_line(cr, L, i, &c->s[i], c->s[i].y);
	cairo_restore(cr);
}

/* Each band's 5-95% area (one path, a sub-path per run of points), then
 * every band's edges, then every median on top. */
static void
draw_fan(cairo_t *cr, const cf_chart *c, const struct layout *L)
{
	const struct series *s;
	size_t i, j, a;

	cairo_save(cr);
	clip_plot(cr, L);
	for (i = 0; i < c->ns; i++) {
		s = &c->s[i];
		cairo_new_path(cr);
		for (j = 0; j < s->n; j = a) {
			if (!point_ok(s, j)) {
				a = j + 1;
				continue;
			}
			for (a = j; a < s->n && point_ok(s, a); a++)
				cairo_line_to(cr, px_x(L, s->x[a]),
				    px_y(L, s->hi[a]));
			while (a-- > j)
				cairo_line_to(cr, px_x(L, s->x[a]),
				    px_y(L, s->lo[a]));
			cairo_close_path(cr);
			cairo_new_sub_path(cr);
			for (a = j; a < s->n && point_ok(s, a); a++)
				;
		}
		set_rgb(cr, series_rgb(i), band_alpha((double)c->ns));
		cairo_fill(cr);
	}
	for (i = 0; i < c->ns; i++) {
		s = &c->s[i];
		set_rgb(cr, series_rgb(i), 0.75);
		cairo_set_line_width(cr, 0.8);
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		set_dash(cr, i, 0.5);
		polyline(cr, L, s, s->lo);
		cairo_stroke(cr);
		polyline(cr, L, s, s->hi);
		cairo_stroke(cr);
	}
	for (i = 0; i < c->ns; i++)
		draw_series_line(cr, L, i, &c->s[i], c->s[i].y);
	cairo_restore(cr);
}

/* The top and thickness of the bar of series i in category k. */
static double
bar_top(const cf_chart *c, const struct layout *L, size_t k, size_t i,
    double *thick)
{
	*thick = L->bt > 6 ? L->bt - 1.5 : L->bt;
	return L->y0 + (double)k * L->gh + (L->gh - (double)c->ns * L->bt) / 2 +
	    (double)i * L->bt;
}

/* The pixel across of value v, held inside the axis. */
static double
bar_end(const struct layout *L, double v)
{
	return px_value(L, fmin(fmax(v, L->vt.lo), L->vt.hi));
}

static void
draw_bars(cairo_t *cr, const cf_chart *c, const struct layout *L)
{
	char lab[64], lines[2][TEXTMAX];
	double v, p, base, y, bw, lh;
	size_t i, k;
	int j, nl;

	/* grid, zero, tick labels */
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, 1);
	for (j = 0; j < L->vt.n; j++) {
		p = crisp(px_value(L, tick_at(&L->vt, j)));
		cairo_move_to(cr, p, L->y0);
		cairo_line_to(cr, p, L->y1);
	}
	set_rgb(cr, 0xdddddd, 1);
	cairo_stroke(cr);
	set_font(cr, TICK_SIZE, 0);
	set_rgb(cr, 0x444444, 1);
	for (j = 0; j < L->vt.n; j++) {
		v = tick_at(&L->vt, j);
		cf_chart_format_tick(lab, sizeof(lab), c->y_unit, v,
		    L->vt.step);
		show(cr, lab, px_value(L, v), L->y1 + 6 + TICK_SIZE, 0.5);
	}
	base = bar_end(L, 0);

	/* bars, in legend order down each group */
	cairo_save(cr);
	clip_plot(cr, L);
	for (k = 0; k < c->ncat; k++)
		for (i = 0; i < c->ns; i++) {
			if (!isfinite(v = c->s[i].v[k]))
				continue;
			y = bar_top(c, L, k, i, &bw);
			bar_rect(cr, i, base, y, bar_end(L, v) - base, bw);
		}
	cairo_restore(cr);
	cairo_move_to(cr, crisp(base), L->y0);
	cairo_line_to(cr, crisp(base), L->y1);
	set_rgb(cr, 0x444444, 1);
	cairo_set_line_width(cr, 1);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_stroke(cr);

	/* values at the ends */
	if (L->values) {
		set_font(cr, VALUE_SIZE, 0);
		set_rgb(cr, 0x333333, 1);
		for (k = 0; k < c->ncat; k++)
			for (i = 0; i < c->ns; i++) {
				if (!isfinite(v = c->s[i].v[k]))
					continue;
				y = bar_top(c, L, k, i, &bw);
				p = bar_end(L, v);
				cf_chart_format_value(lab, sizeof(lab),
				    c->y_unit, v);
				show(cr, lab, v < 0 ? p - 4 : p + 4,
				    mid_baseline(y + bw / 2, VALUE_SIZE),
				    v < 0 ? 1 : 0);
			}
	}

	/* category names, right-aligned, centred on their group */
	set_font(cr, L->cat_size, 0);
	set_rgb(cr, 0x222222, 1);
	lh = LINE_H(L->cat_size);
	for (k = 0; k < c->ncat; k++) {
		nl = wrap_text(cr, c->cats[k], 0.4 * L->w, L->cat_lines, lines);
		y = L->y0 + ((double)k + 0.5) * L->gh - (nl - 1) * lh / 2;
		for (j = 0; j < nl; j++)
			show(cr, lines[j], L->cat_x, mid_baseline(y + j * lh,
			    L->cat_size), 1);
	}
	if (has_text(c->x_label)) {
		set_font(cr, LABEL_SIZE, 1);
		set_rgb(cr, 0x333333, 1);
		fit_text(cr, c->x_label, L->w - 2 * PAD, lines[0]);
		show(cr, lines[0], fmax(PAD + text_width(cr, lines[0]),
		    L->cat_x), L->y0 - 4 - 0.3 * LABEL_SIZE, 1);
	}
	draw_axis_labels(cr, c->y_label, NULL, L);
}

int
cf_chart_draw(cairo_t *cr, const cf_chart *c, double width, double height)
{
	cairo_font_options_t *fo;
	struct layout L;
	double xlo, xhi, vlo, vhi;
	cairo_status_t st;
	int rc;

	if (c->ns == 0 || !data_range(c, &xlo, &xhi, &vlo, &vhi))
		return cf_error_set(CF_EARG, "chart: no data to draw");
	if ((c->kind != CF_CHART_BARS && !isfinite(xhi - xlo)) ||
	    !isfinite(vhi - vlo))
		return cf_error_set(CF_EARG, "chart: values too far apart "
		    "to draw");
	memset(&L, 0, sizeof(L));
	L.w = width;
	L.h = height;
	cairo_save(cr);
	/* the same metrics on every surface: a PNG looks like the SVG */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);

	if (c->kind == CF_CHART_BARS)
		rc = layout_bars(cr, c, &L, vlo, vhi);
	else
		rc = layout_xy(cr, c, &L, xlo, xhi, vlo, vhi);
	if (rc != CF_OK)
		goto out;
	set_rgb(cr, 0xffffff, 1);
	cairo_paint(cr);
	draw_top(cr, c, &L);
	if (c->kind == CF_CHART_BARS) {
		draw_bars(cr, c, &L);
	} else {
		draw_axes_xy(cr, c, &L);
		if (c->kind == CF_CHART_LINES)
			draw_lines(cr, c, &L);
		else
			draw_fan(cr, c, &L);
		draw_axis_labels(cr, c->x_label, c->y_label, &L);
	}
	rc = CF_OK;
out:
	if ((st = cairo_status(cr)) != CAIRO_STATUS_SUCCESS)
		rc = cf_error_set(CF_EIO, "chart: %s",
		    cairo_status_to_string(st));
	cairo_restore(cr);
	return rc;
}
