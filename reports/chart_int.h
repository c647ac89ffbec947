/*
 * chart_int.h - the inside of the chart module, for its tests and for
 * drawing a chart onto another cairo surface (a PNG to look at): nice
 * ticks, the value-to-pixel map, how axis and bar labels are written, the
 * renaming of cairo's element ids, and the drawing itself.
 */
#ifndef CF_CHART_INT_H
#define CF_CHART_INT_H

#include <stddef.h>

#include <cairo.h>

#include "chart.h"

/* Ticks at first + i * step for i < n, on an axis running from lo to hi. */
struct cf_ticks {
	double lo, hi;		/* the axis range */
	double first;		/* the lowest tick, >= lo */
	double step;		/* 1, 2 or 5 times a power of ten */
	int n;			/* number of ticks, >= 1 */
};

/* The smallest 1, 2 or 5 times a power of ten that is >= raw (raw > 0). */
double cf_chart_nice_step(double raw);

/*
 * Ticks for the data range lo..hi (lo < hi) with about target intervals.
 * widen: the axis runs from the tick at or below lo to the tick at or
 * above hi; otherwise it runs from lo to hi and the ticks fall inside.
 * Of the two nice steps next to (hi - lo) / target, the one with the
 * lower |intervals - target| / target + 2 * (share of the axis the data
 * leave empty) wins, the larger on a tie.  The step is at least min_step
 * (1 for years; 0 for none).
 */
void cf_chart_ticks(struct cf_ticks *out, double lo, double hi, int target,
    int widen, double min_step);

/* The pixel of v when lo..hi is drawn from p0 to p1 (p1 < p0 is fine). */
double cf_chart_map(double v, double lo, double hi, double p0, double p1);

/*
 * A tick label: v in unit (enum cf_chart_unit) with the decimals the step
 * between ticks needs, trailing zeros dropped: 2027; 25%, 2.5%; $12B,
 * $1.5B, $350M, $1.2T; 12,000.  Negative numbers take U+2212 (a real
 * minus sign).  Truncated to size.
 */
void cf_chart_format_tick(char *out, size_t size, int unit, double v,
    double step);
/* A value label at the end of a bar: three significant digits ($12.3B,
 * $1.52B, $350M, 12.5%). */
void cf_chart_format_value(char *out, size_t size, int unit, double v);

/*
 * Prefix every element id of a cairo SVG document ("glyph0-1" becomes
 * "PREFIX-glyph0-1") and every reference to one (href="#...", url(#...)),
 * and drop the XML declaration, into a malloc'd NUL-terminated *out of
 * length *outlen.  CF_EIO when the document does not start with <svg
 * after the declaration; CF_ENOMEM.
 */
int cf_chart_prefix_ids(char **out, size_t *outlen, const char *svg,
    size_t len, const char *prefix);

/*
 * Draw the chart at width x height onto cr, which the caller owns (an SVG
 * or image surface).  CF_EARG for a chart with no data, a bad value range
 * or a size too small for the labels; CF_EIO when cairo fails.
 */
int cf_chart_draw(cairo_t *cr, const cf_chart *c, double width,
    double height);

#endif
