/*
 * report_html.c - report.html: one self-contained page.
 *
 * Inline CSS (light, print-friendly), inline SVG (the GraphViz drawing
 * and the charts of reports/chart.h, each chart followed by its numbers
 * as a table), no script, no font or image from anywhere.  The only URLs
 * are the sources' own, as links, and only http(s) ones.  Every string
 * from the store is escaped.  The page is well-formed XML as well as
 * HTML, so that tools can read it either way.
 *
 * Provenance: each flow amount links to its first source (#src-ID), each
 * total to the flows that make it (#flow-ID), and figures that are
 * estimates, assumptions or not binding carry a mark and a class that
 * the legend explains.
 *
 * Legibility: the graph is shown at its natural size in a box that
 * scrolls sideways, and tables in boxes that do the same (on paper both
 * shrink to the page instead); the cash paths are one small chart per lab,
 * each on its own scale; notes say where a chart could mislead: lines
 * drawn on top of one another, cash paths that run away (and the growth
 * assumption behind them), self-funded shares that are all 0.  The
 * methods appendix's headings get ids for the notes to link to.
 * docs/report.md describes the sections.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "chart.h"
#include "circfin.h"
#include "report.h"
#include "strjoin.h"

struct appendix;

struct h {
	FILE *fp;
	const struct rp_data *d;
	int rc;			/* the first error (out of memory) */
	const struct appendix *m;	/* the methods, parsed */
};

/* ---- text ------------------------------------------------------------- */

static void
put(struct h *h, const char *s)
{
	fputs(s, h->fp);
}

static void
putf(struct h *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct h *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(h->fp, fmt, ap);
	va_end(ap);
}

/* Text or an attribute value, escaped; NULL writes nothing.  Control
 * characters other than tab and newline become spaces (XML forbids
 * them). */
static void
esc(struct h *h, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': put(h, "&amp;"); break;
		case '<': put(h, "&lt;"); break;
		case '>': put(h, "&gt;"); break;
		case '"': put(h, "&quot;"); break;
		case '\'': put(h, "&#39;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				fputc(' ', h->fp);
			else
				fputc(*s, h->fp);
		}
	}
}

/* before, then text escaped (nothing when NULL), then after. */
static void
esc_in(struct h *h, const char *before, const char *text, const char *after)
{
	put(h, before);
	esc(h, text);
	put(h, after);
}

/* esc_in(), or nothing at all when text is NULL. */
static void
esc_if(struct h *h, const char *before, const char *text, const char *after)
{
	if (text != NULL)
		esc_in(h, before, text, after);
}

/* An http(s) URL with nothing odd in it: the only links out. */
static int
url_ok(const char *u)
{
	const char *p;

	if (u == NULL || (strncasecmp(u, "http://", 7) != 0 &&
	    strncasecmp(u, "https://", 8) != 0))
		return 0;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* An amount: "$1.25B" with the exact figure in its title. */
static void
amount(struct h *h, int64_t minor, const char *cls)
{
	char b[RP_AMOUNT_MAX], x[RP_AMOUNT_MAX];

	rp_billions(b, sizeof(b), h->d, minor);
	rp_exact(x, sizeof(x), h->d, minor);
	putf(h, "<span class=\"amt%s%s\" title=\"%s %s\">%s</span>",
	    cls ? " " : "", cls ? cls : "", x, h->d->currency, b);
}

/* A table cell holding an amount. */
static void
amount_td(struct h *h, int64_t minor)
{
	put(h, "<td class=\"num\">");
	amount(h, minor, NULL);
	put(h, "</td>");
}

static void
name(struct h *h, const char *id)
{
	esc_in(h, "<span class=\"entity\" title=\"", id, "\">");
	esc(h, rp_name(h->d, id));
	put(h, "</span>");
}

/* A flow id linking to its row in the Flows section (plain text when the
 * flow is not in the report). */
static void
flow_link(struct h *h, const char *id)
{
	if (rp_flow_find(h->d, id) != NULL) {
		esc_in(h, "<a href=\"#flow-", id, "\">");
		esc(h, id);
		put(h, "</a>");
	} else {
		esc_in(h,
		    "<span title=\"not in the store as of this report\">", id,
		    "</span>");
	}
}

static void
flow_links(struct h *h, const char *const *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			put(h, ", ");
		flow_link(h, ids[i]);
	}
}

static void
source_link(struct h *h, const struct rp_source *s)
{
	esc_in(h, "<a href=\"#src-", s->id, "\">");
	esc(h, s->id);
	put(h, "</a>");
}

static void
percent(struct h *h, double share)
{
	char b[32];

	rp_percent(b, sizeof(b), share);
	put(h, b);
}

/* ---- links into the methods appendix --------------------------------- */

/* The id of a heading of the methods appendix: "methods-" and its text in
 * lower case, each run of characters other than ASCII letters and digits
 * one '-' ("Yearly paths of a modelled entity" gives
 * "methods-yearly-paths-of-a-modelled-entity"). */
static void
heading_slug(char *buf, size_t size, const char *text)
{
	size_t n = (size_t)snprintf(buf, size, "methods-");
	int dash = 1;

	for (; *text && n + 2 < size; text++) {
		unsigned char c = (unsigned char)*text;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			buf[n++] = (char)c;
			dash = 0;
		} else if (c >= 'A' && c <= 'Z') {
			buf[n++] = (char)(c - 'A' + 'a');
			dash = 0;
		} else if (!dash) {
			buf[n++] = '-';
			dash = 1;
		}
	}
	if (n > 8 && buf[n - 1] == '-')
		n--;
	buf[n] = '\0';
}

static const char *appendix_id(const struct appendix *a,
    const char *heading);

/* "Methods, “HEADING”" linking to that heading of the appendix, or to
 * the appendix when it has no such heading. */
static void
methods_link(struct h *h, const char *heading)
{
	const char *id = appendix_id(h->m, heading);

	putf(h, "<a href=\"#%s\">Methods, &#8220;", id ? id : "methods");
	esc(h, heading);
	put(h, "&#8221;</a>");
}

/* ---- marks ------------------------------------------------------------ */

/* The marks of a flow (legend in mark_legend()) and the classes that go
 * with them. */
static void
flow_marks(struct h *h, const struct rp_flow *f)
{
	if (f->cls == RP_CONTINGENT)
		put(h, "<sup class=\"mark\" title=\"not binding: contingent,"
		    " option or letter of intent\">c</sup>");
	if (f->cls == RP_SUPERSEDED)
		put(h, "<sup class=\"mark\" title=\"superseded: not"
		    " counted\">s</sup>");
	if (f->estimate)
		put(h, "<sup class=\"mark\" title=\"estimate\">e</sup>");
	if (f->confidence && strcmp(f->confidence, "low") == 0)
		put(h, "<sup class=\"mark\" title=\"low confidence\">l</sup>");
	if (f->confidence && (strcmp(f->confidence, "estimate") == 0 ||
	    strcmp(f->confidence, "assumption") == 0))
		esc_in(h, "<sup class=\"mark\" title=\"", f->confidence,
		    "\">a</sup>");
	if (f->assumed)
		put(h, "<sup class=\"mark\" title=\"its yearly schedule is an"
		    " assumption\">a</sup>");
	if (f->valued && !f->has_amount)
		put(h, "<sup class=\"mark\" title=\"the low end of a"
		    " range\">r</sup>");
}

static const char *
flow_class(const struct rp_flow *f)
{
	if (f->cls == RP_SUPERSEDED)
		return "superseded";
	if (f->cls == RP_CONTINGENT)
		return "contingent";
	if (f->estimate || (f->confidence && (strcmp(f->confidence,
	    "estimate") == 0 || strcmp(f->confidence, "low") == 0)))
		return "estimate";
	if (f->assumed || (f->confidence && strcmp(f->confidence,
	    "assumption") == 0))
		return "assumption";
	return "binding";
}

static void
mark_legend(struct h *h)
{
	put(h, "<p class=\"legend\">Marks: <sup class=\"mark\">c</sup> not"
	    " binding (contingent, option or letter of intent; shown in"
	    " <span class=\"contingent\">italics</span>);"
	    " <sup class=\"mark\">s</sup> superseded, not counted;"
	    " <sup class=\"mark\">e</sup> an estimate (no source states the"
	    " figure exactly; <span class=\"estimate\">shaded</span>);"
	    " <sup class=\"mark\">l</sup> low confidence;"
	    " <sup class=\"mark\">a</sup> an assumption (a yearly schedule"
	    " spread evenly, or a figure marked as assumed);"
	    " <sup class=\"mark\">r</sup> the low end of a reported range."
	    "  Hover an amount for its exact value.</p>\n");
}

/* ---- the page --------------------------------------------------------- */

static const char css[] =
    ":root{color-scheme:light}\n"
    "body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,sans-serif;color:#1b1f24;background:#fff;"
    "margin:0 auto;max-width:76rem;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:1.8rem;margin:.6rem 0 .2rem}\n"
    "h2{font-size:1.35rem;border-bottom:2px solid #d8dee4;"
    "padding-bottom:.2rem;margin-top:2.4rem}\n"
    "h3{font-size:1.1rem;margin-top:1.6rem}\n"
    "a{color:#0b5cad}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.86rem}\n"
    "th,td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f3f5f7;font-weight:600}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td.num{white-space:nowrap}\n"
    "td.list{min-width:10rem}\n"
    "td.id{font-family:ui-monospace,Menlo,Consolas,monospace;"
    "font-size:.82rem;word-break:break-all}\n"
    /* Wide tables scroll sideways in their box; a shadow at an edge
     * says there is more that way (the white covers stay with the
     * content, the shadows with the box). */
    ".wide{overflow-x:auto;max-width:100%;background:"
    "linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) 0 0/2.5rem 100%"
    " no-repeat local,"
    "linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) 100% 0/2.5rem"
    " 100% no-repeat local,"
    "radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.25),rgba(0,0,0,0))"
    " 0 0/.9rem 100% no-repeat scroll,"
    "radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.25),"
    "rgba(0,0,0,0)) 100% 0/.9rem 100% no-repeat scroll}\n"
    "figure{margin:1rem 0 1.6rem}\n"
    "figure svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-weight:600;margin-bottom:.4rem}\n"
    "figure.graph{border:1px solid #d8dee4;padding:.5rem}\n"
    /* The graph at its natural size (its labels readable), in a box that
     * scrolls sideways when it is wider than the page. */
    ".graph-box{overflow:auto}\n"
    "figure.graph .graph-box svg{max-width:none}\n"
    ".multiples{display:flex;flex-wrap:wrap;gap:.4rem 1rem}\n"
    ".multiples svg{border:1px solid #e4e8ec}\n"
    "table.data{font-size:.8rem}\n"
    ".note{background:#fff8e1;border-left:4px solid #e0a800;"
    "padding:.4rem .7rem}\n"
    ".assumptions{background:#f4f0fa;border-left:4px solid #8a63c9;"
    "padding:.4rem .7rem}\n"
    ".mark{font-size:.68em;font-weight:700;color:#7a5200;margin-left:1px}\n"
    ".contingent,tr.contingent td.flow-amount{font-style:italic}\n"
    "tr.contingent td.flow-amount a,.amt.contingent{"
    "text-decoration:underline dashed}\n"
    ".estimate,tr.estimate td.flow-amount{background:#fdf3d8}\n"
    "tr.assumption td.flow-amount{background:#efe9f8}\n"
    "tr.superseded td{color:#6a737d}\n"
    "tr.superseded td.flow-amount{text-decoration:line-through}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:.8rem 0}\n"
    ".card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;"
    "min-width:11rem}\n"
    ".card .big{font-size:1.55rem;font-weight:700;display:block}\n"
    ".card a{text-decoration:none;color:inherit}\n"
    "ul.edges{margin:0;padding-left:1rem}\n"
    "ol.sources li{margin-bottom:.3rem}\n"
    "nav ol{columns:2;max-width:40rem}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;"
    "border:1px solid #444;margin-right:.3em;vertical-align:-.05em}\n"
    ".methods pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;"
    "font-size:.8rem}\n"
    ".methods table{font-size:.8rem}\n"
    "code{font-size:.9em}\n"
    "footer{margin-top:3rem;color:#57606a;font-size:.85rem}\n"
    /* On paper nothing scrolls: tables wrap and shrink to the page, the
     * graph is scaled to its width. */
    "@media print{body{max-width:none;font-size:9.5pt;padding:0}"
    "nav{display:none}a{color:inherit;text-decoration:none}"
    "h2,h3{break-after:avoid}figure{break-inside:avoid}"
    "tr{break-inside:avoid}.wide,.graph-box{overflow:visible}"
    ".wide{background:none}table,table.data{font-size:7pt}"
    "td.num{white-space:normal}td.list{min-width:0}"
    "figure.graph{border:none;padding:0}"
    "figure.graph .graph-box svg{max-width:100%;height:auto}"
    ".graph-links{display:none}}\n";

static void
head(struct h *h)
{
	const struct rp_data *d = h->d;

	put(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    " initial-scale=1\"/>\n");
	putf(h, "<meta name=\"generator\" content=\"circfin %s\"/>\n",
	    cf_version());
	put(h, "<title>circfin report");
	if (d->nimports && d->imports[0].title) {
		put(h, ": ");
		esc(h, d->imports[0].title);
	}
	put(h, "</title>\n<style>\n");
	put(h, css);
	put(h, "</style>\n</head>\n<body>\n");
}

static void
as_of_text(struct h *h)
{
	const struct rp_run *r = h->d->run[h->d->chosen];

	if (r->as_of) {
		put(h, "as of ");
		esc(h, r->as_of);
	} else {
		put(h, "every flow in the store (no as-of date)");
	}
}

static void
intro(struct h *h)
{
	const struct rp_data *d = h->d;
	const struct rp_run *r = d->run[d->chosen];
	char note[RP_STORE_CHANGED_MAX];
	size_t i;

	put(h, "<header>\n<h1>Circular financing report</h1>\n<p>");
	if (d->nimports && d->imports[0].title) {
		esc(h, d->imports[0].title);
		if (d->imports_stored > 1)
			putf(h, " and %zu more files", d->imports_stored - 1);
		put(h, "; ");
	}
	as_of_text(h);
	put(h, "; amounts in ");
	esc(h, d->currency);
	putf(h, ".  Made from %s run %lld (%s", rp_kind_name(d->chosen),
	    (long long)r->id, "created ");
	esc(h, r->created);
	put(h, ")");
	for (i = 0; i < RP_NKINDS; i++)
		if ((int)i != d->chosen && d->run[i])
			putf(h, ", %s run %lld", rp_kind_name((int)i),
			    (long long)d->run[i]->id);
	put(h, "; see <a href=\"#parameters\">Run parameters</a>.</p>\n");
	if (d->imports_after > 0) {
		rp_store_changed(note, sizeof(note), d);
		esc_in(h, "<p class=\"note\" id=\"store-changed\"><strong>The"
		    " store changed after these runs:</strong> ", note, ".  The"
		    " cycles, exposure and stress tables are the runs&#8217;;"
		    " the headline figures, the graph and the flows are the"
		    " store&#8217;s now.  Run <code>circfin run</code> again"
		    " for a report that is all of one piece.</p>\n");
	}
	put(h, "<nav><ol>\n"
	    "<li><a href=\"#headline\">Headline figures</a></li>\n"
	    "<li><a href=\"#graph\">The money-flow graph</a></li>\n"
	    "<li><a href=\"#cycles\">Cycles</a></li>\n"
	    "<li><a href=\"#exposure\">Vendor exposure</a></li>\n"
	    "<li><a href=\"#stress\">Repayment stress</a></li>\n"
	    "<li><a href=\"#flows\">Flows</a></li>\n"
	    "<li><a href=\"#sources\">Sources</a></li>\n"
	    "<li><a href=\"#parameters\">Run parameters</a></li>\n"
	    "<li><a href=\"#notes\">Notes and definitions</a></li>\n"
	    "<li><a href=\"#methods\">Methods</a></li>\n"
	    "</ol></nav>\n</header>\n");
}

/* ---- charts ----------------------------------------------------------- */

/* <figure class="chart" id="chart-NAME"> and its caption; the caller
 * adds the drawings (chart_svg()) and the table and closes the figure. */
static void
figure_open(struct h *h, const char *nm, const char *caption)
{
	putf(h, "<figure class=\"chart\" id=\"chart-%s\">\n<figcaption>", nm);
	esc(h, caption);
	put(h, "</figcaption>\n");
}

/*
 * The SVG of c at width x height, its ids prefixed with prefix, or a note
 * when it cannot be drawn.  c may be NULL: it could not be made
 * (chart_failed()), and the current error says why.
 */
static void
chart_svg(struct h *h, cf_chart *c, const char *prefix, double width,
    double height)
{
	char *svg = NULL;
	size_t len = 0;
	int rc = CF_OK;

	/* Ids of their own, the same at every rendering. */
	if (c != NULL && (rc = cf_chart_set_id(c, prefix)) == CF_OK &&
	    (rc = cf_chart_svg(c, width, height, &svg, &len)) == CF_OK) {
		put(h, svg);
		put(h, "\n");
		free(svg);
		return;
	}
	if (rc == CF_ENOMEM)
		h->rc = rc;
	esc_in(h, "<p class=\"note\">The chart could not be drawn: ",
	    cf_error_message(), ".  Its numbers are in the table.</p>\n");
}

/* A chart call failed with rc: out of memory stops the report; any other
 * error (bad text, say) drops the chart, and chart_svg() shows why in its
 * place.  Returns 1 when the report must stop. */
static int
chart_failed(struct h *h, cf_chart **c, int rc)
{
	if (rc == CF_ENOMEM) {
		h->rc = rc;
		return 1;
	}
	cf_chart_free(*c);
	*c = NULL;
	return 0;
}

/* A figure with one chart: figure_open() and chart_svg(). */
static void
chart_figure(struct h *h, const char *nm, const char *caption, cf_chart *c,
    double width, double height)
{
	char prefix[80];

	figure_open(h, nm, caption);
	snprintf(prefix, sizeof(prefix), "chart-%s-", nm);
	chart_svg(h, c, prefix, width, height);
}

/* Colour swatches for a table's series column. */
static void
swatch(struct h *h, size_t i)
{
	putf(h, "<span class=\"swatch\" style=\"background:%s\"></span>",
	    cf_chart_colour(i));
}

/* The value axis of a chart of money: billions for US dollars. */
static int
money_unit(const struct rp_data *d)
{
	return strcmp(d->currency, "USD") == 0 ? CF_UNIT_BILLIONS :
	    CF_UNIT_NUMBER;
}

static double
dollars(const struct rp_data *d, int64_t minor)
{
	double v = (double)minor;
	int i;

	for (i = 0; i < d->exponent; i++)
		v /= 10;
	return v;
}

/* ---- headline --------------------------------------------------------- */

static void
lab_flows(struct h *h, const struct rp_lab *l)
{
	size_t i;

	for (i = 0; i < l->nflows; i++) {
		if (i)
			put(h, ", ");
		flow_link(h, h->d->flows[l->flows[i]].id);
	}
}

static void
headline(struct h *h)
{
	const struct rp_data *d = h->d;
	const struct rp_run *x = d->run[RP_EXPOSURE];
	static const char *const cls[] = {"Headline", "Binding",
	    "Contingent"};
	static const char *const what[] = {"everything announced that is"
	    " not superseded", "paid or committed", "contingent, option or"
	    " letter of intent"};
	size_t i;
	int k;

	put(h, "<section id=\"headline\">\n<h2>Headline figures</h2>\n<p>");
	putf(h, "Money in the %zu flows of the report (", d->nflows);
	as_of_text(h);
	put(h, ").  <em>Headline</em> is every announced amount that is not"
	    " superseded, <em>binding</em> the paid and committed part,"
	    " <em>contingent</em> the rest: contingent, option and letter-of-"
	    "intent money (<a href=\"#notes\">definitions</a>).</p>\n"
	    "<div class=\"cards\">\n");
	for (k = 0; k < RP_NCLASS; k++) {
		putf(h, "<div class=\"card\"><a href=\"#flows\">%s<span"
		    " class=\"big\">", cls[k]);
		amount(h, d->total[k], k == RP_CONTINGENT ? "contingent" :
		    NULL);
		putf(h, "</span></a>%zu flows: %s</div>\n", d->total_flows[k],
		    what[k]);
	}
	put(h, "<div class=\"card\"><a href=\"#exposure\">Circular<span"
	    " class=\"big\">");
	if (x && x->has_exposure)
		percent(h, x->circularity);
	else
		put(h, "-");
	put(h, "</span></a>");
	if (x && x->has_exposure)
		putf(h, "of all flow in exposure run %lld returns to where it"
		    " started", (long long)x->id);
	else
		put(h, "no exposure run to measure it");
	put(h, "</div>\n</div>\n");
	if (d->unvalued)
		putf(h, "<p>%zu counted flow%s ha%s no money amount (only"
		    " gigawatts, chips or shares) and add nothing to the"
		    " sums.</p>\n", d->unvalued, d->unvalued == 1 ? "" : "s",
		    d->unvalued == 1 ? "s" : "ve");

	put(h, "<h3 id=\"labs\">Per lab</h3>\n");
	if (d->nlabs == 0) {
		put(h, "<p>No entity of kind <code>lab</code> has a flow in the"
		    " report.</p>\n");
	} else {
		put(h, "<div class=\"wide\"><table>\n<thead><tr><th"
		    " rowspan=\"2\">Lab</th><th colspan=\"3\">Received</th>"
		    "<th colspan=\"3\">Committed to others</th><th"
		    " rowspan=\"2\">Flows</th></tr>\n<tr>");
		for (i = 0; i < 2; i++)
			put(h, "<th class=\"num\">headline</th><th"
			    " class=\"num\">binding</th><th"
			    " class=\"num\">contingent</th>");
		put(h, "</tr></thead>\n<tbody>\n");
		for (i = 0; i < d->nlabs; i++) {
			const struct rp_lab *l = &d->labs[i];

			put(h, "<tr><td>");
			name(h, l->e->id);
			put(h, "</td>");
			for (k = 0; k < RP_NCLASS; k++)
				amount_td(h, l->in[k]);
			for (k = 0; k < RP_NCLASS; k++)
				amount_td(h, l->out[k]);
			put(h, "<td class=\"list\">");
			lab_flows(h, l);
			put(h, "</td></tr>\n");
		}
		put(h, "</tbody></table></div>\n");
	}

	put(h, "<h3>Largest cycles</h3>\n");
	if (d->run[RP_CYCLES] == NULL) {
		put(h, "<p class=\"note\">No cycles run with this filter: run"
		    " <code>circfin cycles</code>.</p>\n");
	} else if (d->ncycles == 0) {
		put(h, "<p>No cycle of money in the graph.</p>\n");
	} else {
		put(h, "<ol>\n");
		for (i = 0; i < d->ncycles && i < 5; i++) {
			const struct rp_cycle *c = &d->cycles[i];
			size_t e;

			putf(h, "<li><a href=\"#cycle-%ld\">", c->rank);
			for (e = 0; e < c->nedges; e++) {
				esc(h, rp_name(d, c->edges[e].from));
				put(h, " &#8594; ");
			}
			if (c->nedges)
				esc(h, rp_name(d, c->edges[0].from));
			put(h, "</a>: bottleneck ");
			if (c->valued)
				amount(h, c->bottleneck, NULL);
			else
				put(h, "none (an edge has no money figure)");
			put(h, ", total ");
			amount(h, c->total, NULL);
			put(h, "</li>\n");
		}
		put(h, "</ol>\n");
	}
	put(h, "</section>\n");
}

/* ---- graph ------------------------------------------------------------ */

static void
graph(struct h *h)
{
	const struct rp_data *d = h->d;
	const struct rp_run *r = d->run[RP_CYCLES] ? d->run[RP_CYCLES] :
	    d->run[RP_EXPOSURE];
	char set[256];

	put(h, "<section id=\"graph\">\n<h2>The money-flow graph</h2>\n");
	if (d->graph_svg == NULL) {
		put(h, "<p class=\"note\">");
		esc(h, d->graph_note ? d->graph_note : "The graph is not"
		    " drawn.");
		put(h, "</p>\n</section>\n");
		return;
	}
	rp_set_text(set, sizeof(set), r->statuses, 0);
	put(h, "<figure class=\"graph\" id=\"figure-graph\">\n<figcaption>");
	putf(h, "The graph of %s run %lld: statuses ",
	    rp_kind_name(d->run[RP_CYCLES] ? RP_CYCLES : RP_EXPOSURE),
	    (long long)r->id);
	esc(h, set);
	put(h, r->consolidated ? "; each parent group a dashed cluster with"
	    " its subsidiaries apart inside it, cycles found between the"
	    " groups (subsidiaries folded into their parents)" :
	    "; parent groups as clusters");
	put(h, "; edges on cycles in vermilion, non-binding edges dashed."
	    "<span class=\"graph-links\">  Drawn at its natural size: scroll"
	    " the box sideways to see all of it, or open the drawing on its"
	    " own, <a href=\"graph.svg\">graph.svg</a> beside this"
	    " page.</span></figcaption>\n<div class=\"graph-box\">\n");
	put(h, d->graph_svg);
	put(h, "\n</div>\n</figure>\n</section>\n");
}

/* ---- cycles ----------------------------------------------------------- */

static void
cycles(struct h *h)
{
	const struct rp_data *d = h->d;
	const struct rp_run *r = d->run[RP_CYCLES];
	size_t i, e;

	put(h, "<section id=\"cycles\">\n<h2>Cycles</h2>\n");
	if (r == NULL) {
		put(h, "<p class=\"note\">There is no cycles run with this"
		    " filter made by then: run <code>circfin cycles</code> (or"
		    " <code>circfin run</code>) to list the cycles.</p>\n"
		    "</section>\n");
		return;
	}
	putf(h, "<p>Every simple cycle of at most %ld edges in the graph of"
	    " cycles run %lld, by bottleneck (the most money that can go all"
	    " the way round), largest first.  An edge is the sum of the"
	    " flows from one entity to the next.</p>\n", r->max_len,
	    (long long)r->id);
	if (r->truncated)
		putf(h, "<p class=\"note\">The search stopped after %ld cycles"
		    " (its limit): more exist.</p>\n", r->limit);
	if (d->cycles_stored > d->ncycles)
		putf(h, "<p class=\"note\">The first %zu of %zu cycles are"
		    " listed; <code>circfin cycles</code> lists them"
		    " all.</p>\n", d->ncycles, d->cycles_stored);
	if (d->ncycles == 0) {
		put(h, "<p>No cycle of money in the graph.</p>\n</section>\n");
		return;
	}
	put(h, "<div class=\"wide\"><table>\n<thead><tr><th>#</th><th>Cycle"
	    "</th><th class=\"num\">Edges</th><th class=\"num\">Bottleneck"
	    "</th><th class=\"num\">Total</th><th>Each edge and its flows"
	    "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < d->ncycles; i++) {
		const struct rp_cycle *c = &d->cycles[i];

		putf(h, "<tr id=\"cycle-%ld\"><td class=\"num\">%ld</td><td>",
		    c->rank, c->rank);
		for (e = 0; e < c->nedges; e++) {
			name(h, c->edges[e].from);
			put(h, " &#8594; ");
		}
		if (c->nedges)
			name(h, c->edges[0].from);
		putf(h, "</td><td class=\"num\">%ld</td>", c->length);
		if (c->valued)
			amount_td(h, c->bottleneck);
		else
			put(h, "<td class=\"num\">-</td>");
		amount_td(h, c->total);
		put(h, "<td><ul class=\"edges\">");
		for (e = 0; e < c->nedges; e++) {
			const struct rp_cedge *ed = &c->edges[e];

			esc_in(h, "<li>", rp_name(d, ed->from), " &#8594; ");
			esc(h, rp_name(d, ed->to));
			put(h, " ");
			amount(h, ed->amount, NULL);
			put(h, ": ");
			flow_links(h, ed->flows, ed->nflows);
			put(h, "</li>");
		}
		put(h, "</ul></td></tr>\n");
	}
	put(h, "</tbody></table></div>\n</section>\n");
}

/* ---- exposure --------------------------------------------------------- */

#define EXPOSURE_BARS 20

/* Why every self-funded share is 0, when it is: the share counts only a
 * vendor's own money coming back, and a net receiver has none. */
static void
self_funded_note(struct h *h)
{
	const struct rp_data *d = h->d;
	size_t i, receivers = 0;

	for (i = 0; i < d->nvendors; i++) {
		if (d->vendors[i].self_funded_backlog != 0)
			return;
		receivers += d->vendors[i].inflow >= d->vendors[i].outflow;
	}
	if (d->nvendors == 0)
		return;
	put(h, "<p class=\"note\" id=\"self-funded-zero\">Every vendor's"
	    " self-funded share is 0.0% because the share counts only the"
	    " vendor's own money coming back to it, traced proportionally"
	    " round the graph, and ");
	if (receivers == d->nvendors)
		put(h, "every vendor here is a net receiver: it takes in more"
		    " than it pays out, so in this model none of the money"
		    " through it is its own (what it invests is its customers'"
		    " money handed back).");
	else
		putf(h, "%zu of the %zu vendors here are net receivers, which"
		    " take in more than they pay out and so have no own money"
		    " in this model; the own money of the other%s does not"
		    " come back to %s as spend.", receivers, d->nvendors,
		    d->nvendors - receivers == 1 ? "" : "s",
		    d->nvendors - receivers == 1 ? "it" : "them");
	put(h, "  That is a property of the model, not evidence of no vendor"
	    " financing: that shows in the direct round trips and the net"
	    " vendor-financing exposure (");
	methods_link(h, "Reading the numbers: who owns the money");
	put(h, ").</p>\n");
}

static void
exposure(struct h *h)
{
	static const char *const series[] = {"backlog", "self-funded backlog",
	    "direct round trips", "net vendor-financing exposure"};
	const struct rp_data *d = h->d;
	const struct rp_run *r = d->run[RP_EXPOSURE];
	size_t n = d->nvendors < EXPOSURE_BARS ? d->nvendors : EXPOSURE_BARS;
	const char **cats = NULL;
	double *vals = NULL;
	cf_chart *c = NULL;
	size_t i, k;
	int rc;

	put(h, "<section id=\"exposure\">\n<h2>Vendor exposure</h2>\n");
	if (r == NULL) {
		put(h, "<p class=\"note\">There is no exposure run with this"
		    " filter made by then: run <code>circfin exposure</code>"
		    " (or <code>circfin run</code>).</p>\n</section>\n");
		return;
	}
	putf(h, "<p>Exposure run %lld: for each vendor (an entity that"
	    " receives spend: compute, chips, capacity, rent), its"
	    " <em>backlog</em> (spend it receives), the part of that backlog"
	    " paid with its own money traced round the graph (self-funded),"
	    " its <em>direct round trips</em> (money it puts into a customer"
	    " that comes straight back as spend) and its <em>net"
	    " vendor-financing exposure</em> (financing into counterparties"
	    " whose money comes back to it).  Circularity: ",
	    (long long)r->id);
	percent(h, r->circularity);
	put(h, " of all flow returns to where it started.</p>\n");
	if (!r->converged)
		put(h, "<p class=\"note\">The tracing did not converge to its"
		    " tolerance: the traced figures are approximate.</p>\n");
	if (d->nvendors == 0) {
		put(h, "<p>No entity receives spend in this graph.</p>\n"
		    "</section>\n");
		return;
	}
	cats = calloc(n, sizeof(*cats));
	vals = calloc(n, sizeof(*vals));
	if (cats == NULL || vals == NULL ||
	    cf_chart_new(&c, CF_CHART_BARS, NULL, NULL,
	    "US dollars") != CF_OK) {
		h->rc = cf_error_set(CF_ENOMEM, "report: chart");
		goto out;
	}
	cf_chart_units(c, CF_UNIT_NUMBER, money_unit(d));
	for (i = 0; i < n; i++)
		cats[i] = rp_name(d, d->vendors[i].id);
	if ((rc = cf_chart_set_categories(c, n, cats)) != CF_OK &&
	    chart_failed(h, &c, rc))
		goto out;
	for (k = 0; k < 4 && c != NULL; k++) {
		for (i = 0; i < n; i++) {
			const struct rp_vendor *v = &d->vendors[i];
			int64_t m = k == 0 ? v->backlog : k == 1 ?
			    v->self_funded_backlog : k == 2 ? v->round_trips :
			    v->at_risk;
			vals[i] = dollars(d, m);
		}
		if ((rc = cf_chart_add_bars(c, series[k], vals)) != CF_OK &&
		    chart_failed(h, &c, rc))
			goto out;
	}
	chart_figure(h, "exposure", d->nvendors > n ? "Vendor exposure (the"
	    " largest backlogs; every vendor is in the table)" :
	    "Vendor exposure", c, 720, 90 + (double)n * 62);
	put(h, "<div class=\"wide\"><table class=\"data\">\n<thead><tr>"
	    "<th>Vendor</th>");
	for (k = 0; k < 4; k++) {
		put(h, "<th class=\"num\">");
		swatch(h, k);
		put(h, series[k]);
		if (k == 0)
			put(h, " (paid / committed / other)");
		put(h, "</th>");
		if (k == 1)
			put(h, "<th class=\"num\">self-funded share</th>");
	}
	put(h, "<th class=\"num\">net backlog</th><th>spend flows</th></tr>"
	    "</thead>\n<tbody>\n");
	for (i = 0; i < d->nvendors; i++) {
		const struct rp_vendor *v = &d->vendors[i];

		put(h, "<tr><td>");
		name(h, v->id);
		put(h, "</td><td class=\"num\">");
		amount(h, v->backlog, NULL);
		put(h, "<br/>");
		amount(h, v->paid, NULL);
		put(h, " / ");
		amount(h, v->committed, NULL);
		put(h, " / ");
		amount(h, v->contingent, "contingent");
		put(h, "</td>");
		amount_td(h, v->self_funded_backlog);
		put(h, "<td class=\"num\">");
		percent(h, v->share);
		put(h, "</td>");
		amount_td(h, v->round_trips);
		amount_td(h, v->at_risk);
		amount_td(h, v->net_backlog);
		put(h, "<td class=\"list\">");
		flow_links(h, v->flows, v->nflows);
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody></table></div>\n</figure>\n");
	self_funded_note(h);
	if (d->ntrips) {
		put(h, "<h3>Direct round trips</h3>\n<div class=\"wide\">"
		    "<table>\n<thead><tr><th>Vendor</th><th>Counterparty</th>"
		    "<th class=\"num\">financing to it</th>"
		    "<th class=\"num\">spend from it</th>"
		    "<th class=\"num\">round trip (the smaller)</th>"
		    "</tr></thead>\n<tbody>\n");
		for (i = 0; i < d->ntrips; i++) {
			const struct rp_trip *t = &d->trips[i];

			put(h, "<tr><td>");
			name(h, t->vendor);
			put(h, "</td><td>");
			name(h, t->counterparty);
			put(h, "</td>");
			amount_td(h, t->financing);
			amount_td(h, t->spend);
			amount_td(h, t->amount);
			put(h, "</tr>\n");
		}
		put(h, "</tbody></table></div>\n");
	}
out:
	put(h, "</section>\n");
	cf_chart_free(c);
	free(cats);
	free(vals);
}

/* ---- stress ----------------------------------------------------------- */

/* The scenarios file of s: its name, the path as the stress run was
 * given it, and the start of its SHA-256 (in full in the title and
 * under Run parameters). */
static void
scenarios_file(struct h *h, const struct rp_scenario *s)
{
	const char *base = strrchr(s->file, '/');
	char start[16];

	base = base ? base + 1 : s->file;
	esc_in(h, "file <code>", base, "</code>, ");
	if (base != s->file)
		esc_in(h, "recorded as <code>", s->file, "</code>: ");
	put(h, "the path as given to the stress run, relative to where it"
	    " ran; SHA-256 <code title=\"");
	esc(h, s->sha256);
	put(h, "\">");
	snprintf(start, sizeof(start), "%.12s", s->sha256);
	esc(h, start);
	put(h, "&#8230;</code>, in full under <a href=\"#parameters\">Run"
	    " parameters</a>");
}

static void
scenario_table(struct h *h)
{
	const struct rp_data *d = h->d;
	size_t i, j;

	put(h, "<div class=\"wide\"><table>\n<thead><tr><th>Scenario</th>"
	    "<th>Kind</th><th>Years</th><th>Clearing</th><th>Defaults (in at"
	    " least half the draws, by median year)</th><th>Description</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < d->nscenarios; i++) {
		const struct rp_scenario *s = &d->scenarios[i];
		int any = 0;

		esc_in(h, "<tr><td>", s->name, "</td><td>");
		if (s->montecarlo) {
			putf(h, "Monte Carlo, %ld draws, seed ", s->draws);
			esc(h, s->seed);
			esc_if(h, ", around ", s->base, "");
		} else {
			put(h, "deterministic");
		}
		putf(h, "</td><td>%d-%d</td><td>", s->start_year,
		    s->start_year + s->years - 1);
		esc(h, s->model);
		put(h, "</td><td>");
		for (j = 0; j < d->nsentities; j++) {
			const struct rp_sentity *e = &d->sentities[j];

			if (strcmp(e->scenario, s->name) != 0 ||
			    e->p_default < 0.5 || e->median_year == 0)
				continue;
			put(h, any ? "; " : "");
			esc(h, rp_name(d, e->entity));
			putf(h, " %d", e->median_year);
			any = 1;
		}
		put(h, any ? "" : "none");
		put(h, "</td><td>");
		esc(h, s->description);
		/* The description is the file's text, which may name other
		 * draws than the run used (--draws). */
		if (s->montecarlo)
			putf(h, "<br/><strong class=\"draws\">This run: %ld"
			    " draw%s.</strong>", s->draws, s->draws == 1 ? "" :
			    "s");
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody></table></div>\n");
}

/* The scenario the two stress charts draw: the first Monte Carlo one
 * (its probabilities and quantiles are the informative ones), else the
 * first. */
static const struct rp_scenario *
charted_scenario(const struct rp_data *d)
{
	size_t i;

	for (i = 0; i < d->nscenarios; i++)
		if (d->scenarios[i].montecarlo)
			return &d->scenarios[i];
	return &d->scenarios[0];
}

static void
scenario_words(char *buf, size_t size, const struct rp_scenario *s)
{
	if (s->montecarlo)
		snprintf(buf, size, "scenario %s, Monte Carlo, %ld draws",
		    s->name, s->draws);
	else
		snprintf(buf, size, "scenario %s, deterministic", s->name);
}

/* Two lines of the probability chart closer than this (a share) in every
 * year are drawn on top of one another: half a percentage point is about
 * a pixel at the chart's height. */
#define PD_TOUCH 0.005

/* Do the probabilities of default of a and b in scenario sc stay within
 * PD_TOUCH of each other in every year (both missing alike)?  *zero: all
 * of them under 0.05%, written 0.0%. */
static int
pd_together(const struct rp_data *d, const char *sc, const char *a,
    const char *b, int *zero)
{
	const struct rp_scenario *s0 = &d->scenarios[0];
	int t;

	*zero = 1;
	for (t = 0; t < s0->years; t++) {
		const struct rp_syear *x = rp_syear_find(d, sc, a,
		    s0->start_year + t);
		const struct rp_syear *y = rp_syear_find(d, sc, b,
		    s0->start_year + t);

		if ((x == NULL) != (y == NULL))
			return 0;
		if (x == NULL)
			continue;
		if (fabs(x->p_default - y->p_default) > PD_TOUCH)
			return 0;
		if (x->p_default >= 0.0005 || y->p_default >= 0.0005)
			*zero = 0;
	}
	return 1;
}

/*
 * Under the probability chart: which labs' lines lie on top of one
 * another (within PD_TOUCH in every year), so that only one of each group
 * shows.  colour[i] is the series of ents[i], -1 when it has none.
 */
static void
coincide_note(struct h *h, const struct rp_scenario *cs, const char **ents,
    size_t nents, const int *colour)
{
	const struct rp_data *d = h->d;
	size_t *group = calloc(nents + 1, sizeof(*group)), i, j, g = 0;
	int *nonzero = calloc(nents + 1, sizeof(*nonzero));
	int zero, any = 0;

	if (group == NULL || nonzero == NULL) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	/* group[i]: 1 + the group of ents[i], 0 when it is alone;
	 * nonzero[g]: a line of group g + 1 is not 0.0% in some year. */
	for (i = 0; i < nents; i++) {
		if (colour[i] < 0 || group[i])
			continue;
		for (j = i + 1; j < nents; j++)
			if (colour[j] >= 0 && !group[j] && pd_together(d,
			    cs->name, ents[i], ents[j], &zero)) {
				group[i] = group[j] = g + 1;
				nonzero[g] |= !zero;
			}
		g += group[i] != 0;
	}
	for (i = 0; i < nents; i++) {
		size_t k, n = 0;

		if (group[i] == 0)
			continue;
		for (j = 0; j < i && group[j] != group[i]; j++)
			;
		if (j < i)
			continue;	/* the group is written */
		for (j = i; j < nents; j++)
			n += group[j] == group[i];
		put(h, any ? "; " : "<p class=\"note\" id=\"pd-coincide\">Lines"
		    " drawn on top of one another, so that only one of each"
		    " group shows: ");
		for (j = i, k = 0; j < nents; j++) {
			if (group[j] != group[i])
				continue;
			if (k++)
				put(h, k == n ? " and " : ", ");
			swatch(h, (size_t)colour[j]);
			esc(h, rp_name(d, ents[j]));
		}
		if (!nonzero[group[i] - 1])
			put(h, n == 2 ? " (both 0.0% in every year)" :
			    " (all 0.0% in every year)");
		any = 1;
	}
	if (any)
		put(h, ".  Their probabilities of default differ by less than"
		    " half a percentage point in every year; the table has"
		    " each lab's figures.</p>\n");
out:
	free(nonzero);
	free(group);
}

/* Probability of default by the end of each year (chart-pd): a line per
 * lab in the charted scenario; the table has every scenario. */
static void
default_chart(struct h *h, const char **ents, size_t nents)
{
	const struct rp_data *d = h->d;
	const struct rp_scenario *s0 = &d->scenarios[0];
	const struct rp_scenario *cs = charted_scenario(d);
	int ny = s0->years, t, nseries = 0, rc;
	double *x = calloc((size_t)ny + 1, sizeof(double));
	double *y = calloc((size_t)ny + 1, sizeof(double));
	int *colour = calloc(nents + 1, sizeof(int));
	cf_chart *c = NULL;
	char cap[400], sw[200];
	size_t i, j;

	if (x == NULL || y == NULL || colour == NULL ||
	    cf_chart_new(&c, CF_CHART_LINES, NULL, "year",
	    "probability of default") != CF_OK) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	cf_chart_units(c, CF_UNIT_YEAR, CF_UNIT_PERCENT);
	cf_chart_y_range(c, 0, 1);
	for (i = 0; i < nents; i++)
		colour[i] = -1;
	for (i = 0; i < nents; i++) {
		size_t n = 0;

		for (t = 0; t < ny; t++) {
			const struct rp_syear *r = rp_syear_find(d, cs->name,
			    ents[i], s0->start_year + t);
			if (r == NULL)
				continue;
			x[n] = r->year;
			y[n++] = r->p_default;
		}
		if (n == 0)
			continue;
		if ((rc = cf_chart_add_line(c, rp_name(d, ents[i]), n, x,
		    y)) != CF_OK) {
			if (chart_failed(h, &c, rc))
				goto out;
			break;
		}
		colour[i] = nseries++;
	}
	scenario_words(sw, sizeof(sw), cs);
	snprintf(cap, sizeof(cap), "Probability of default by the end of each"
	    " year, per lab (%s; the table has every scenario)", sw);
	chart_figure(h, "pd", cap, c, 720, 320);
	coincide_note(h, cs, ents, nents, colour);
	put(h, "<div class=\"wide\"><table class=\"data\">\n<thead><tr>"
	    "<th>Lab</th><th>Scenario</th>");
	for (t = 0; t < ny; t++)
		putf(h, "<th class=\"num\">%d</th>", s0->start_year + t);
	put(h, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < nents; i++)
		for (j = 0; j < d->nscenarios; j++) {
			const struct rp_scenario *s = &d->scenarios[j];

			put(h, "<tr><td>");
			if (s == cs && colour[i] >= 0)
				swatch(h, (size_t)colour[i]);
			esc(h, rp_name(d, ents[i]));
			esc_in(h, "</td><td>", s->name, "</td>");
			for (t = 0; t < ny; t++) {
				const struct rp_syear *r = rp_syear_find(d,
				    s->name, ents[i], s0->start_year + t);
				put(h, "<td class=\"num\">");
				if (r)
					percent(h, r->p_default);
				else
					put(h, "-");
				put(h, "</td>");
			}
			put(h, "</tr>\n");
		}
	put(h, "</tbody></table></div>\n</figure>\n");
out:
	cf_chart_free(c);
	free(colour);
	free(x);
	free(y);
}

/* A source cited by a profile figure: a link to it in the Sources
 * section when it is there, else its title (linked to its http(s)
 * address), publisher and date. */
static void
cite(struct h *h, const struct rp_source *s)
{
	const struct rp_source *listed = rp_source_find(h->d, s->id);

	if (listed != NULL) {
		source_link(h, listed);
		return;
	}
	if (url_ok(s->url)) {
		esc_in(h, "<a href=\"", s->url,
		    "\" rel=\"noopener noreferrer\">");
		esc(h, s->title);
		put(h, "</a>");
	} else {
		esc(h, s->title);
	}
	esc_if(h, ", ", s->publisher, "");
	esc_if(h, ", ", s->date, "");
	esc_if(h, ", SEC accession ", s->accession, "");
}

/*
 * Under the cash charts: each lab whose 95% path (its only one in a
 * deterministic scenario) grows more than RP_CASH_FLAG times its first
 * year's value, with the revenue-growth figure
 * the model holds for the later years (and its sources), since that is
 * where such a path comes from.  The figures are shown as they are.
 */
static void
growth_note(struct h *h, const struct rp_scenario *cs, const char **ents,
    size_t nents)
{
	const struct rp_data *d = h->d;
	const struct rp_scenario *s0 = &d->scenarios[0];
	int last = s0->start_year + s0->years - 1, any = 0;
	size_t i, k;

	for (i = 0; i < nents; i++) {
		const struct rp_syear *first = NULL, *top = NULL;
		const struct rp_growth *g;
		char b[RP_AMOUNT_MAX], f[RP_AMOUNT_MAX], m[RP_AMOUNT_MAX];
		char times[64], pc[32];

		if (!rp_cash_runaway(d, cs->name, ents[i], &first, &top))
			continue;
		if (!any) {
			putf(h, "<div class=\"note\" id=\"cash-growth\"><p>Cash"
			    " paths that grow more than %d-fold from their"
			    " first year.  They are what the assumptions imply,"
			    " shown as computed, not forecasts: for each later"
			    " year the model takes a profile's latest"
			    " revenue-growth figure, halved every"
			    " revenue-growth-half-life years after the year it"
			    " is given for when the scenario sets one (else"
			    " held), times the scenario's revenue-growth factor"
			    " when it sets or draws one (",
			    RP_CASH_FLAG);
			methods_link(h, "Yearly paths of a modelled entity");
			put(h, ").</p>\n<ul>\n");
		}
		any = 1;
		rp_billions(b, sizeof(b), d, top->q95);
		rp_billions(f, sizeof(f), d, first->q95);
		rp_billions(m, sizeof(m), d, top->q50);
		rp_grouped(times, sizeof(times), (double)top->q95 /
		    (double)first->q95);
		put(h, "<li><strong>");
		esc(h, rp_name(d, ents[i]));
		putf(h, "</strong>: the %s reaches %s in %d, %s times its %d"
		    " value (%s)", cs->montecarlo ? "95% path" : "cash", b,
		    top->year, times, first->year, f);
		if (cs->montecarlo)
			putf(h, "; the median is %s in %d", m, top->year);
		put(h, ".");
		if ((g = rp_growth_in(d, ents[i], last)) == NULL) {
			put(h, "  No revenue-growth figure of its own is in the"
			    " store (under consolidation its members' count):"
			    " see its profile.</li>\n");
			continue;
		}
		rp_percent(pc, sizeof(pc), g->ratio);
		putf(h, "  Its latest revenue-growth figure is <strong>%s%s"
		    " for ", g->ratio > 0 ? "+" : "", pc);
		esc(h, g->period);
		esc_in(h, "</strong>: profile figure <code>", g->id,
		    "</code>");
		if (g->assumption)
			put(h, ", an assumption");
		if (g->estimate)
			put(h, ", an estimate");
		if (g->note) {
			esc_in(h, " (&#8220;", g->note, "&#8221;)");
		}
		if (g->nsrc) {
			put(h, "; source");
			put(h, g->nsrc > 1 ? "s: " : ": ");
			for (k = 0; k < g->nsrc; k++) {
				if (k)
					put(h, "; ");
				cite(h, &g->src[k]);
			}
		} else {
			put(h, "; no source");
		}
		put(h, ".</li>\n");
	}
	if (any)
		put(h, "</ul></div>\n");
}

/*
 * Cash at the end of each year (chart-cash): one small fan chart per lab,
 * 5%, median and 95% of the draws in the charted scenario, each on its
 * own value axis over the same years, so that a lab whose cash runs away
 * does not flatten the others; under them growth_note(); the table adds
 * the cash of every other scenario (the median of a Monte Carlo one; a
 * deterministic one has a single path).
 */
static void
cash_chart(struct h *h, const char **ents, size_t nents)
{
	const struct rp_data *d = h->d;
	const struct rp_scenario *s0 = &d->scenarios[0];
	const struct rp_scenario *cs = charted_scenario(d);
	int ny = s0->years, t, rc;
	double *x = calloc((size_t)ny + 1, sizeof(double));
	double *lo = calloc((size_t)ny + 1, sizeof(double));
	double *mid = calloc((size_t)ny + 1, sizeof(double));
	double *hi = calloc((size_t)ny + 1, sizeof(double));
	cf_chart *c = NULL;
	char cap[400], sw[200], prefix[64];
	size_t i, j;

	if (x == NULL || lo == NULL || mid == NULL || hi == NULL) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	scenario_words(sw, sizeof(sw), cs);
	snprintf(cap, sizeof(cap), "Cash at the end of each year per lab,"
	    " %s: the median (line) and 5%% to 95%% of the draws (shaded),"
	    " each lab on its own scale", sw);
	figure_open(h, "cash", cap);
	put(h, "<div class=\"multiples\">\n");
	for (i = 0; i < nents; i++) {
		size_t n = 0;

		for (t = 0; t < ny; t++) {
			const struct rp_syear *r = rp_syear_find(d, cs->name,
			    ents[i], s0->start_year + t);
			if (r == NULL)
				continue;
			x[n] = r->year;
			lo[n] = dollars(d, r->q05);
			mid[n] = dollars(d, r->q50);
			hi[n++] = dollars(d, r->q95);
		}
		if (n == 0)
			continue;
		/* A name that cannot be drawn costs this lab's chart, with a
		 * note in its place, not the report. */
		if ((rc = cf_chart_new(&c, CF_CHART_FAN, rp_name(d, ents[i]),
		    "year", "cash")) == CF_OK) {
			cf_chart_units(c, CF_UNIT_YEAR, money_unit(d));
			/* No name: one band needs no legend, the title names
			 * it. */
			rc = cf_chart_add_band(c, "", n, x, lo, mid, hi);
		}
		if (rc != CF_OK && chart_failed(h, &c, rc))
			goto out;
		snprintf(prefix, sizeof(prefix), "chart-cash-%zu-", i + 1);
		chart_svg(h, c, prefix, 560, 290);
		cf_chart_free(c);
		c = NULL;
	}
	put(h, "</div>\n");
	growth_note(h, cs, ents, nents);
	put(h, "<div class=\"wide\"><table class=\"data\">\n<thead><tr>"
	    "<th>Lab</th><th class=\"num\">Year</th><th class=\"num\">");
	esc(h, cs->name);
	put(h, ": 5%</th><th class=\"num\">median</th><th class=\"num\">95%"
	    "</th><th class=\"num\">mean</th>");
	for (j = 0; j < d->nscenarios; j++) {
		if (&d->scenarios[j] == cs)
			continue;
		esc_in(h, "<th class=\"num\">", d->scenarios[j].name,
		    d->scenarios[j].montecarlo ? ": median" : "");
		put(h, "</th>");
	}
	put(h, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < nents; i++)
		for (t = 0; t < ny; t++) {
			const struct rp_syear *r = rp_syear_find(d, cs->name,
			    ents[i], s0->start_year + t);

			put(h, "<tr><td>");
			esc(h, rp_name(d, ents[i]));
			putf(h, "</td><td class=\"num\">%d</td>",
			    s0->start_year + t);
			if (r) {
				amount_td(h, r->q05);
				amount_td(h, r->q50);
				amount_td(h, r->q95);
				amount_td(h, r->cash_mean);
			} else {
				for (j = 0; j < 4; j++)
					put(h, "<td class=\"num\">-</td>");
			}
			for (j = 0; j < d->nscenarios; j++) {
				const struct rp_syear *o;

				if (&d->scenarios[j] == cs)
					continue;
				o = rp_syear_find(d, d->scenarios[j].name,
				    ents[i], s0->start_year + t);
				if (o)
					amount_td(h, o->q50);
				else
					put(h, "<td class=\"num\">-</td>");
			}
			put(h, "</tr>\n");
		}
	put(h, "</tbody></table></div>\n</figure>\n");
out:
	cf_chart_free(c);
	free(x);
	free(lo);
	free(mid);
	free(hi);
}

/* Backlog at risk per vendor and scenario: grouped bars. */
static void
at_risk_chart(struct h *h)
{
	const struct rp_data *d = h->d;
	const char **cats = calloc(d->nsvendors + 1, sizeof(*cats));
	double *vals = calloc(d->nsvendors + 1, sizeof(*vals));
	const char **ids = calloc(d->nsvendors + 1, sizeof(*ids));
	cf_chart *c = NULL;
	size_t i, j, n = 0;
	int rc;

	if (cats == NULL || vals == NULL || ids == NULL) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	n = rp_at_risk_vendors(d, ids);
	put(h, "<h3>Backlog at risk</h3>\n<p>For each vendor owed"
	    " commitments in the horizon: the expected part of what falls due"
	    " to it that is not paid, per scenario.</p>\n");
	if (n == 0) {
		put(h, "<p>No vendor is owed anything in the horizon.</p>\n");
		goto out;
	}
	for (i = 0; i < n; i++)
		cats[i] = rp_name(d, ids[i]);
	if (cf_chart_new(&c, CF_CHART_BARS, NULL, NULL,
	    "expected unpaid") != CF_OK) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	if ((rc = cf_chart_set_categories(c, n, cats)) != CF_OK &&
	    chart_failed(h, &c, rc))
		goto out;
	cf_chart_units(c, CF_UNIT_NUMBER, money_unit(d));
	for (j = 0; j < d->nscenarios && c != NULL; j++) {
		for (i = 0; i < n; i++) {
			const struct rp_svendor *v = rp_svendor_find(d,
			    d->scenarios[j].name, ids[i]);
			vals[i] = v ? dollars(d, v->at_risk) : 0;
		}
		if ((rc = cf_chart_add_bars(c, d->scenarios[j].name, vals)) !=
		    CF_OK && chart_failed(h, &c, rc))
			goto out;
	}
	chart_figure(h, "at-risk", "Backlog at risk per vendor and scenario",
	    c, 720, 90 + (double)n * (14 * (double)d->nscenarios + 14));
	put(h, "<div class=\"wide\"><table class=\"data\">\n<thead><tr>"
	    "<th>Vendor</th>");
	for (j = 0; j < d->nscenarios; j++) {
		put(h, "<th class=\"num\">");
		swatch(h, j);
		esc(h, d->scenarios[j].name);
		put(h, ": at risk of backlog</th>");
	}
	put(h, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		put(h, "<tr><td>");
		name(h, ids[i]);
		put(h, "</td>");
		for (j = 0; j < d->nscenarios; j++) {
			const struct rp_svendor *v = rp_svendor_find(d,
			    d->scenarios[j].name, ids[i]);

			put(h, "<td class=\"num\">");
			if (v) {
				amount(h, v->at_risk, NULL);
				put(h, " of ");
				amount(h, v->backlog, NULL);
			} else {
				put(h, "-");
			}
			put(h, "</td>");
		}
		put(h, "</tr>\n");
	}
	put(h, "</tbody></table></div>\n</figure>\n");
out:
	cf_chart_free(c);
	free(cats);
	free(vals);
	free(ids);
}

static void
stress(struct h *h)
{
	const struct rp_data *d = h->d;
	const struct rp_run *r = d->run[RP_STRESS];
	const char **ents = NULL;
	size_t n, i;
	int labs_only = 1;

	put(h, "<section id=\"stress\">\n<h2>Repayment stress</h2>\n");
	if (r == NULL || d->nscenarios == 0) {
		put(h, "<p class=\"note\">There is no stress run for this as-of"
		    " date and currency made by then, so this report has no"
		    " stress results: run <code>circfin stress --scenarios"
		    " FILE</code> (or <code>circfin run</code>).</p>\n"
		    "</section>\n");
		return;
	}
	putf(h, "<p class=\"assumptions\">Stress run %lld.  Every figure in"
	    " this section is a model result under assumptions: the"
	    " scenarios (", (long long)r->id);
	scenarios_file(h, &d->scenarios[0]);
	put(h, ") and the growth paths of the financial profiles are"
	    " assumptions, not data.  Each year every modelled entity (one"
	    " with a financial profile) meets what falls due from its cash,"
	    " revenue and the funding it receives; entities without a profile"
	    " pay in full.</p>\n");
	scenario_table(h);
	if ((ents = calloc(d->nsentities + 1, sizeof(*ents))) == NULL) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	n = rp_stress_entities(d, ents, d->nsentities, &labs_only);
	put(h, "<h3>Probability of default</h3>\n");
	if (n == 0)
		put(h, "<p>No entity was modelled.</p>\n");
	else if (!labs_only)
		put(h, "<p>No lab was modelled: every modelled entity is"
		    " shown.</p>\n");
	if (n)
		default_chart(h, ents, n);
	put(h, "<h3>Cash paths</h3>\n");
	if (n)
		cash_chart(h, ents, n);
	at_risk_chart(h);
	put(h, "<h3>Every modelled entity</h3>\n<div class=\"wide\"><table>\n"
	    "<thead><tr><th>Scenario</th><th>Entity</th><th"
	    " class=\"num\">P(default)</th><th class=\"num\">median default"
	    " year</th><th class=\"num\">expected shortfall</th><th"
	    " class=\"num\">shortfall 5% / 50% / 95%</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < d->nsentities; i++) {
		const struct rp_sentity *e = &d->sentities[i];

		esc_in(h, "<tr><td>", e->scenario, "</td><td>");
		name(h, e->entity);
		put(h, "</td><td class=\"num\">");
		percent(h, e->p_default);
		put(h, "</td><td class=\"num\">");
		if (e->median_year)
			putf(h, "%d", e->median_year);
		else
			put(h, "-");
		put(h, "</td>");
		amount_td(h, e->shortfall);
		put(h, "<td class=\"num\">");
		amount(h, e->q05, NULL);
		put(h, " / ");
		amount(h, e->q50, NULL);
		put(h, " / ");
		amount(h, e->q95, NULL);
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody></table></div>\n");
out:
	free(ents);
	put(h, "</section>\n");
}

/* ---- flows and sources ------------------------------------------------ */

static void
flows(struct h *h)
{
	const struct rp_data *d = h->d;
	size_t i, k;

	put(h, "<section id=\"flows\">\n<h2>Flows</h2>\n<p>Every flow the"
	    " figures above are made of, by announcement date.  An amount"
	    " links to its first source; the last column lists them all.");
	if (d->outside)
		putf(h, "  %zu flow%s of the store %s outside this report"
		    " (announced after its as-of date, in another currency or"
		    " of another type).", d->outside, d->outside == 1 ? "" :
		    "s", d->outside == 1 ? "is" : "are");
	put(h, "</p>\n");
	mark_legend(h);
	put(h, "<div class=\"wide\"><table>\n<thead><tr><th>Flow</th>"
	    "<th>Announced</th><th>From</th><th>To</th><th>Type</th>"
	    "<th>Status</th><th class=\"num\">Amount</th><th>Range or"
	    " quantity</th><th>Confidence</th><th>Sources</th></tr></thead>\n"
	    "<tbody>\n");
	for (k = 0; k < d->nflows; k++) {
		const struct rp_flow *f = &d->flows[d->flow_order[k]];

		put(h, "<tr id=\"flow-");
		esc(h, f->id);
		putf(h, "\" class=\"%s\"><td class=\"id\">", flow_class(f));
		esc(h, f->id);
		esc_in(h, "</td><td>", f->announced, "</td><td>");
		name(h, f->from);
		put(h, "</td><td>");
		name(h, f->to);
		esc_in(h, "</td><td>", f->type, "</td><td>");
		esc(h, f->status);
		if (strcmp(f->status, f->stored_status) != 0)
			esc_in(h, " (now ", f->stored_status, ")");
		esc_if(h, "<br/><small>", f->condition, "</small>");
		put(h, "</td>");
		if (f->valued) {
			char b[RP_AMOUNT_MAX], x[RP_AMOUNT_MAX];

			rp_billions(b, sizeof(b), d, f->value);
			rp_exact(x, sizeof(x), d, f->value);
			put(h, "<td class=\"num flow-amount\">");
			if (f->nsrc) {
				put(h, "<a href=\"#src-");
				esc(h, d->sources[f->src[0]].id);
				putf(h, "\" title=\"%s %s\">%s</a>", x,
				    d->currency, b);
			} else {
				putf(h, "<span title=\"%s %s; no source\">%s"
				    "</span>", x, d->currency, b);
			}
		} else {
			put(h, "<td class=\"num\">-");
		}
		flow_marks(h, f);
		put(h, "</td><td>");
		if (f->has_low || f->has_high) {
			char lo[RP_AMOUNT_MAX], hi[RP_AMOUNT_MAX];

			rp_billions(lo, sizeof(lo), d, f->low);
			rp_billions(hi, sizeof(hi), d, f->high);
			if (f->has_low && f->has_high)
				putf(h, "%s to %s", lo, hi);
			else if (f->has_low)
				putf(h, "at least %s", lo);
			else
				putf(h, "up to %s", hi);
		}
		if (f->has_quantity) {
			char q[64];

			rp_quantity(q, sizeof(q), f->quantity);
			putf(h, "%s%s ", f->has_low || f->has_high ? "; " : "",
			    q);
			esc(h, f->unit);
		}
		esc_in(h, "</td><td>", f->confidence, "</td><td>");
		for (i = 0; i < f->nsrc; i++) {
			if (i)
				put(h, ", ");
			source_link(h, &d->sources[f->src[i]]);
		}
		if (f->nsrc == 0)
			put(h, "<strong>no source</strong>");
		put(h, "</td></tr>\n");
	}
	put(h, "</tbody></table></div>\n</section>\n");
}

static void
sources(struct h *h)
{
	const struct rp_data *d = h->d;
	size_t *start = NULL, *cited = NULL, *fill = NULL, i, j, n = 0;

	put(h, "<section id=\"sources\">\n<h2>Sources</h2>\n");
	if (d->nsources == 0) {
		put(h, "<p>No flow of the report cites a source.</p>\n"
		    "</section>\n");
		return;
	}
	/* The flows citing each source: cited[start[i] .. start[i + 1]),
	 * in flow id order. */
	for (i = 0; i < d->nflows; i++)
		n += d->flows[i].nsrc;
	start = calloc(d->nsources + 1, sizeof(*start));
	fill = calloc(d->nsources + 1, sizeof(*fill));
	cited = calloc(n + 1, sizeof(*cited));
	if (start == NULL || fill == NULL || cited == NULL) {
		h->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	for (i = 0; i < d->nflows; i++)
		for (j = 0; j < d->flows[i].nsrc; j++)
			start[d->flows[i].src[j] + 1]++;
	for (i = 0; i < d->nsources; i++)
		start[i + 1] += start[i];
	for (i = 0; i < d->nflows; i++)
		for (j = 0; j < d->flows[i].nsrc; j++) {
			size_t k = d->flows[i].src[j];
			cited[start[k] + fill[k]++] = i;
		}
	put(h, "<ol class=\"sources\">\n");
	for (i = 0; i < d->nsources; i++) {
		const struct rp_source *s = &d->sources[i];

		esc_in(h, "<li id=\"src-", s->id, "\"><strong>");
		esc(h, s->title);
		put(h, "</strong>");
		esc_if(h, ", ", s->publisher, "");
		esc_if(h, ", ", s->date, "");
		put(h, ".");
		if (url_ok(s->url)) {
			esc_in(h, " <a href=\"", s->url,
			    "\" rel=\"noopener noreferrer\">");
			esc(h, s->url);
			put(h, "</a>");
		} else if (s->url) {
			put(h, " <span title=\"not an http(s) address: not"
			    " linked\">");
			esc(h, s->url);
			put(h, "</span>");
		}
		esc_if(h, " SEC accession ", s->accession, ".");
		esc_if(h, " Retrieved ", s->retrieved, ".");
		esc_in(h, " <small>[", s->id, "; cited by ");
		for (j = start[i]; j < start[i + 1]; j++) {
			put(h, j > start[i] ? ", " : "");
			flow_link(h, d->flows[cited[j]].id);
		}
		put(h, "]</small></li>\n");
	}
	put(h, "</ol>\n");
out:
	free(start);
	free(fill);
	free(cited);
	put(h, "</section>\n");
}

/* ---- parameters, notes and methods ------------------------------------ */

static void
run_row(struct h *h, int k, const struct rp_run *r)
{
	char b[RP_AMOUNT_MAX], set[512];

	putf(h, "<tr><td>%s%s</td><td class=\"num\">%lld</td><td>",
	    rp_kind_name(k), k == h->d->chosen ? " (asked for)" : "",
	    (long long)r->id);
	esc(h, r->created);
	esc_in(h, "</td><td>", r->version, "</td><td>");
	esc(h, r->as_of ? r->as_of : "none");
	put(h, "</td><td>");
	rp_set_text(set, sizeof(set), r->statuses, 0);
	esc(h, set);
	put(h, "</td><td>");
	rp_set_text(set, sizeof(set), r->types, 1);
	esc(h, set);
	putf(h, "</td><td>%s</td><td>", r->consolidated ? "yes" : "no");
	esc(h, r->currency);
	rp_exact(b, sizeof(b), h->d, r->min_amount);
	putf(h, "</td><td class=\"num\">%s</td><td>%ld entities, %ld edges,"
	    " %ld flows", r->min_amount ? b : "-", r->entities, r->edges,
	    r->flows);
	if (r->intragroup)
		putf(h, " (%ld inside groups)", r->intragroup);
	if (k == RP_CYCLES) {
		putf(h, "; cycles of at most %ld edges", r->max_len);
		if (r->limit)
			putf(h, ", limit %ld%s", r->limit, r->truncated ?
			    " (reached)" : "");
	}
	if (k == RP_EXPOSURE && r->has_exposure)
		putf(h, "; tolerance %g, %ld iterations, residual %g, %s",
		    r->tolerance, r->iterations, r->residual, r->converged ?
		    "converged" : "not converged");
	put(h, "</td></tr>\n");
}

static void
parameters(struct h *h)
{
	const struct rp_data *d = h->d;
	size_t i, j;
	int k;

	put(h, "<section id=\"parameters\">\n<h2>Run parameters</h2>\n"
	    "<div class=\"wide\"><table>\n<thead><tr><th>Run</th><th"
	    " class=\"num\">id</th><th>Created (UTC)</th><th>circfin</th>"
	    "<th>As of</th><th>Statuses</th><th>Types</th><th>Consolidated"
	    "</th><th>Currency</th><th class=\"num\">Min. amount</th>"
	    "<th>Graph and settings</th></tr></thead>\n<tbody>\n");
	for (k = 0; k < RP_NKINDS; k++)
		if (d->run[k])
			run_row(h, k, d->run[k]);
	put(h, "</tbody></table></div>\n");
	for (k = 0; k < RP_NKINDS; k++)
		if (d->run[k] == NULL)
			putf(h, "<p class=\"note\">No %s run has the filter of"
			    " run %lld.</p>\n", rp_kind_name(k),
			    (long long)d->run[d->chosen]->id);
	put(h, "<h3>Data</h3>\n<p>Store: ");
	esc(h, d->db[0] ? d->db : "(in memory)");
	putf(h, "; %zu file%s imported.</p>\n", d->imports_stored,
	    d->imports_stored == 1 ? "" : "s");
	if (d->nimports) {
		put(h, "<div class=\"wide\"><table>\n<thead><tr><th>File</th>"
		    "<th>SHA-256</th><th>Format</th><th>Title</th><th>As of"
		    "</th><th class=\"num\">Rows</th></tr></thead>\n<tbody>\n");
		for (i = 0; i < d->nimports; i++) {
			const struct rp_import *im = &d->imports[i];

			esc_in(h, "<tr><td class=\"id\">", im->path,
			    "</td><td class=\"id\">");
			esc(h, im->sha256);
			esc_in(h, "</td><td>", im->format, "</td><td>");
			esc(h, im->title);
			put(h, "</td><td>");
			esc(h, im->as_of);
			putf(h, "</td><td class=\"num\">%ld</td></tr>\n",
			    im->rows);
		}
		put(h, "</tbody></table></div>\n");
		if (d->imports_stored > d->nimports)
			putf(h, "<p>The first %zu files are listed (table"
			    " import_log has them all).</p>\n", d->nimports);
	}
	if (d->nscenarios) {
		put(h, "<h3>Stress scenarios</h3>\n");
		for (i = 0; i < d->nscenarios; i++) {
			for (j = 0; j < i; j++)
				if (strcmp(d->scenarios[j].file,
				    d->scenarios[i].file) == 0 &&
				    strcmp(d->scenarios[j].sha256,
				    d->scenarios[i].sha256) == 0)
					break;
			if (j < i)
				continue;
			put(h, "<p>Scenarios file <code>");
			esc(h, d->scenarios[i].file);
			put(h, "</code> (the path as given to the stress run,"
			    " relative to where it ran), SHA-256 <code>");
			esc(h, d->scenarios[i].sha256);
			put(h, "</code>.</p>\n");
		}
		put(h, "<div class=\"wide\"><table>\n<thead><tr><th>Scenario"
		    "</th><th class=\"num\">Draws</th><th>Seed</th><th>Years"
		    "</th><th>Clearing</th><th>Seniority</th><th>Quantiles</th>"
		    "<th>Converged</th><th class=\"num\">Unvalued flows</th>"
		    "</tr></thead>\n<tbody>\n");
		for (i = 0; i < d->nscenarios; i++) {
			const struct rp_scenario *s = &d->scenarios[i];

			put(h, "<tr><td>");
			esc(h, s->name);
			putf(h, "</td><td class=\"num\">%ld</td><td>",
			    s->draws);
			esc(h, s->seed ? s->seed : "-");
			putf(h, "</td><td>%d-%d</td><td>", s->start_year,
			    s->start_year + s->years - 1);
			esc(h, s->model);
			esc_in(h, "</td><td>", s->seniority, "</td><td>");
			esc(h, s->quantiles);
			putf(h, "</td><td>%s</td><td class=\"num\">%ld</td>"
			    "</tr>\n", s->converged ? "yes" : "no",
			    s->unvalued);
		}
		put(h, "</tbody></table></div>\n");
	}
	putf(h, "<p>This report was written by circfin %s.</p>\n</section>\n",
	    cf_version());
}

static void
notes(struct h *h)
{
	put(h, "<section id=\"notes\">\n<h2>Notes and definitions</h2>\n"
	    "<p><strong>Which flows.</strong> The headline figures and the"
	    " Flows section take the flows of the store announced by the"
	    " runs' as-of date, in their currency and of their flow types,"
	    " with every status; a superseded flow looked at before its"
	    " replacement counts as what it was then (docs/methods.md, the"
	    " filter).  A flow's money is its amount, or the low end of its"
	    " range when it has only a range; a flow with only a quantity"
	    " (gigawatts, chips, shares) has none.</p>\n"
	    "<p><strong>Headline, binding, contingent.</strong>"
	    " <em>Binding</em> money is that of flows whose status is"
	    " <code>paid</code> or <code>committed</code>."
	    " <em>Contingent</em> money is that of flows whose status is"
	    " <code>contingent</code>, <code>option</code> or"
	    " <code>letter-of-intent</code>: it depends on a condition, a"
	    " choice or a signature.  <em>Headline</em> money is both: what"
	    " the announcements add up to.  <code>superseded</code> flows"
	    " count in none (their replacements do).  A lab's"
	    " <em>received</em> figures are flows to it, its <em>committed to"
	    " others</em> figures flows from it, each under the lab itself"
	    " (subsidiaries apart).</p>\n"
	    "<p><strong>Runs.</strong> The report shows the analysis run asked"
	    " for (the latest when none is named) and, for each other kind,"
	    " the latest run made no later than it with the same filter:"
	    " cycles and exposure runs must match on the whole graph filter"
	    " (as-of date, statuses, types, consolidation, currency, minimum"
	    " amount); a stress run on the as-of date and currency only, since"
	    " it always loads every status but superseded.  The graph is drawn"
	    " anew from the store with the filter of the cycles run (else the"
	    " exposure run), its cycles highlighted.</p>\n"
	    "<p><strong>Rounding.</strong> Amounts are shown in billions with"
	    " two decimals ($1.25B), rounded half away from zero from the"
	    " exact integer minor units; the exact figure is in each amount's"
	    " title (hover it) and in report.md's Flows table.  Sums are of"
	    " the exact amounts, so a total may differ from the sum of its"
	    " rounded parts by a few hundredths.  Traced and expected figures"
	    " (self-funded backlog, stress results) are rounded to the nearest"
	    " minor unit when stored.  Shares and probabilities have one"
	    " decimal place.</p>\n");
	mark_legend(h);
	put(h, "</section>\n");
}

/* Unwrap node: its children take its place. */
static void
unwrap(cmark_node *n)
{
	cmark_node *c;

	while ((c = cmark_node_first_child(n)) != NULL)
		cmark_node_insert_before(n, c);
	cmark_node_free(n);
}

/* Append x to *arr (of *n, room for *cap); -1 when memory runs out. */
static int
push(cmark_node ***arr, size_t *n, size_t *cap, cmark_node *x)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		cmark_node **na = realloc(*arr, nc * sizeof(*na));

		if (na == NULL)
			return -1;
		*arr = na;
		*cap = nc;
	}
	(*arr)[(*n)++] = x;
	return 0;
}

/* The text of n's inlines (text and code) appended to buf. */
static void
node_text(char *buf, size_t size, cmark_node *n)
{
	cmark_node *c;

	for (c = cmark_node_first_child(n); c != NULL;
	    c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit;
		size_t used = strlen(buf);

		if ((t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) &&
		    (lit = cmark_node_get_literal(c)) != NULL)
			cf_strappend(buf, size, &used, lit);
		else
			node_text(buf, size, c);
	}
}

/*
 * methods.md parsed once, before the report is written: the appendix
 * renders it, and a link into it (methods_link) names a heading it has,
 * by the same parser's reading of the headings.
 */
struct appendix {
	cmark_parser *p;
	cmark_node *doc;
	size_t nheads;
	char (*text)[512];	/* each heading's text */
	char (*ids)[160];	/* and its id */
};

/* The id of the appendix's first heading whose text is heading, or
 * NULL. */
static const char *
appendix_id(const struct appendix *a, const char *heading)
{
	size_t i;

	for (i = 0; a != NULL && i < a->nheads; i++)
		if (strcmp(a->text[i], heading) == 0)
			return a->ids[i];
	return NULL;
}

/*
 * Give each heading an id (an empty <a id="methods-..."> at its start,
 * heading_slug() of its text, "-2", "-3" ... after a repeated one), so
 * that the report can link to a part of the appendix; the texts and ids
 * are kept in a.  -1 when memory runs out.
 */
static int
heading_ids(struct appendix *a, cmark_node **heads, size_t n)
{
	char anchor[200];
	size_t i, j;
	int k;

	a->text = calloc(n ? n : 1, sizeof(*a->text));
	a->ids = calloc(n ? n : 1, sizeof(*a->ids));
	if (a->text == NULL || a->ids == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		cmark_node *c;
		char base[160];

		node_text(a->text[i], sizeof(a->text[i]), heads[i]);
		heading_slug(base, sizeof(base), a->text[i]);
		snprintf(a->ids[i], sizeof(a->ids[i]), "%s", base);
		for (k = 2; ; k++) {
			for (j = 0; j < i; j++)
				if (strcmp(a->ids[j], a->ids[i]) == 0)
					break;
			if (j == i)
				break;
			snprintf(a->ids[i], sizeof(a->ids[i]), "%.140s-%d",
			    base, k);
		}
		a->nheads = i + 1;
		/* A custom inline is written as it is, safe mode or not;
		 * the slug has only [a-z0-9-]. */
		snprintf(anchor, sizeof(anchor), "<a id=\"%s\"></a>",
		    a->ids[i]);
		if ((c = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)) == NULL)
			return -1;
		if (!cmark_node_set_on_enter(c, anchor) ||
		    !cmark_node_prepend_child(heads[i], c)) {
			cmark_node_free(c);
			return -1;
		}
	}
	return 0;
}

static void
appendix_free(struct appendix *a)
{
	if (a->doc)
		cmark_node_free(a->doc);
	if (a->p)
		cmark_parser_free(a->p);
	free(a->text);
	free(a->ids);
}

/* Parse d's methods into a, ready to render: the document's own title
 * dropped, headings under the section's, images and links that lead
 * nowhere from a standalone page (relative) made their text, each heading
 * with its id.  -1 when memory runs out. */
static int
appendix_parse(struct appendix *a, const struct rp_data *d)
{
	cmark_syntax_extension *table;
	cmark_node *n, **drop = NULL, **heads = NULL;
	cmark_iter *it = NULL;
	cmark_event_type ev;
	size_t ndrop = 0, cap = 0, nheads = 0, hcap = 0, i;
	int rc = -1;

	cmark_gfm_core_extensions_ensure_registered();
	if ((a->p = cmark_parser_new(CMARK_OPT_DEFAULT)) == NULL)
		goto out;
	if ((table = cmark_find_syntax_extension("table")) != NULL)
		cmark_parser_attach_syntax_extension(a->p, table);
	cmark_parser_feed(a->p, d->methods, d->methods_len);
	if ((a->doc = cmark_parser_finish(a->p)) == NULL)
		goto out;
	if ((n = cmark_node_first_child(a->doc)) != NULL &&
	    cmark_node_get_type(n) == CMARK_NODE_HEADING &&
	    cmark_node_get_heading_level(n) == 1)
		cmark_node_free(n);
	if ((it = cmark_iter_new(a->doc)) == NULL)
		goto out;
	/* The tree changes only after the walk. */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type t;
		const char *url;

		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(n) + 2;
			cmark_node_set_heading_level(n, l > 6 ? 6 : l);
			if (push(&heads, &nheads, &hcap, n) != 0)
				goto out;
			continue;
		}
		url = t == CMARK_NODE_LINK ? cmark_node_get_url(n) : NULL;
		if ((t == CMARK_NODE_IMAGE || (t == CMARK_NODE_LINK &&
		    !url_ok(url))) && push(&drop, &ndrop, &cap, n) != 0)
			goto out;
	}
	/* Innermost last in document order: unwrap from the end. */
	for (i = ndrop; i > 0; i--)
		unwrap(drop[i - 1]);
	rc = heading_ids(a, heads, nheads);
out:
	if (it)
		cmark_iter_free(it);
	free(drop);
	free(heads);
	return rc;
}

static void
methods(struct h *h)
{
	char *html = NULL;

	put(h, "<section id=\"methods\" class=\"methods\">\n<h2>Methods</h2>"
	    "\n");
	if (h->m->doc != NULL && (html = cmark_render_html(h->m->doc,
	    CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(h->m->p))) ==
	    NULL)
		h->rc = cf_error_set(CF_ENOMEM, "report: methods");
	if (html != NULL)
		put(h, html);
	put(h, "</section>\n");
	free(html);
}

int
rp_html_write(FILE *fp, const struct rp_data *d)
{
	struct appendix m = {0};
	struct h h = {fp, d, CF_OK, &m};

	if (appendix_parse(&m, d) != 0)
		h.rc = cf_error_set(CF_ENOMEM, "report: methods");
	head(&h);
	intro(&h);
	headline(&h);
	graph(&h);
	cycles(&h);
	exposure(&h);
	stress(&h);
	flows(&h);
	sources(&h);
	parameters(&h);
	notes(&h);
	methods(&h);
	putf(&h, "<footer>circfin %s.  This page is self-contained: it loads"
	    " nothing from the network.</footer>\n</body>\n</html>\n",
	    cf_version());
	appendix_free(&m);
	if (h.rc != CF_OK)
		return h.rc;
	if (ferror(fp))
		return cf_error_set(CF_EIO, "report: writing the HTML");
	return CF_OK;
}
