/*
 * chart.h - charts for the report, drawn with cairo's SVG surface into
 * memory: line charts, fan charts (a 5/50/95% band around a median) and
 * grouped horizontal bar charts, with axes, ticks, units, a legend and a
 * palette a colour-blind reader can tell apart (Okabe-Ito).
 *
 * The SVG is self-contained (text becomes glyph outlines), has no script
 * and no external reference, and is meant to be inlined in HTML.
 */
#ifndef CF_CHART_H
#define CF_CHART_H

#include <stddef.h>

typedef struct cf_chart cf_chart;

enum cf_chart_kind {
	CF_CHART_LINES,		/* series of (x, y) points joined by lines */
	CF_CHART_FAN,		/* bands: low, middle and high per x */
	CF_CHART_BARS		/* categories down, one bar per series each */
};

/* How an axis's numbers are written. */
enum cf_chart_unit {
	CF_UNIT_NUMBER,		/* 12.5 */
	CF_UNIT_YEAR,		/* 2027: whole numbers, no separators */
	CF_UNIT_PERCENT,	/* values are shares 0..1, written 25% */
	CF_UNIT_BILLIONS	/* values are dollars, written $12.5B */
};

/* title, x_label, y_label may be NULL.  CF_ENOMEM on failure; CF_EARG
 * for an unknown kind or text that is not UTF-8 (so for every function
 * that takes text; control characters are drawn as spaces).  For bars
 * the value axis runs across: y_label names it (under the bars) and
 * x_label names the categories (above their names). */
int cf_chart_new(cf_chart **out, int kind, const char *title,
    const char *x_label, const char *y_label);
void cf_chart_free(cf_chart *c);

/* The units of the value axis (y for lines and fans, the bar length for
 * bars) and of x (lines and fans).  Defaults: CF_UNIT_NUMBER. */
void cf_chart_units(cf_chart *c, int x_unit, int y_unit);
/* Fix the value axis range (e.g. 0..1 for probabilities); by default it
 * is fitted to the data, always including 0. */
void cf_chart_y_range(cf_chart *c, double lo, double hi);

/* Lines: a named series of n points (copied). */
int cf_chart_add_line(cf_chart *c, const char *name, size_t n,
    const double *x, const double *y);
/* Fans: a named band of n points, low <= mid <= high at each x (copied);
 * CF_EARG when they are out of order. */
int cf_chart_add_band(cf_chart *c, const char *name, size_t n,
    const double *x, const double *low, const double *mid,
    const double *high);
/* Bars: the category names (copied), set once before any series... */
int cf_chart_set_categories(cf_chart *c, size_t n, const char *const *names);
/* ...then one value per category for each named series (copied). */
int cf_chart_add_bars(cf_chart *c, const char *name, const double *values);

/*
 * A prefix for the ids of the elements in the SVG (letters, digits, '_',
 * '-', '.'; a letter or '_' first; at most 64), so that several charts
 * inlined in one HTML page cannot mix up their glyphs and clip paths.
 * NULL (the default) gives each rendering its own "cfcN" (N a counter of
 * the process).  CF_EARG for a bad prefix, CF_ENOMEM.
 */
int cf_chart_set_id(cf_chart *c, const char *prefix);
/* A small line under the title (NULL for none; wrapped to two lines at
 * most), e.g. "Shaded: 5-95% of draws; line: median".  CF_ENOMEM. */
int cf_chart_note(cf_chart *c, const char *note);

/*
 * Render at width x height points into a NUL-terminated malloc'd SVG
 * document (*svg, length *len), without the XML declaration so it can be
 * inlined.  Non-finite values are left out.  CF_EARG for a chart with no
 * data; CF_EIO when cairo fails.
 *
 * The <svg> element has width="W" height="H" (user units: CSS pixels
 * when inlined) and viewBox="0 0 W H", so CSS may scale it; role="img"
 * and the title as aria-label.  Its only "http:" are the two xmlns
 * namespace names.  CF_EARG too for a size the labels do not fit in, a
 * fixed value range that is not one, or text that is not UTF-8 (the
 * functions that take text say so at once).
 */
int cf_chart_svg(const cf_chart *c, double width, double height,
    char **svg, size_t *len);

/* The series colour i (0-based, wraps) as "#rrggbb": for HTML legends and
 * tables that go with a chart. */
const char *cf_chart_colour(size_t i);

/* Release cairo's and fontconfig's caches (at exit, so leak checkers see
 * nothing left).  No chart may be in the middle of drawing; drawing
 * later loads them again. */
void cf_chart_shutdown(void);

#endif
