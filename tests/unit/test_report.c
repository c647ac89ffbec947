/*
 * test_report.c - cf_report_write() on a hand-made dataset: both files
 * written with no temporary file left; the page parses as HTML and as
 * XML, has no script and no URL outside a link; the headline figures are
 * the sums worked by hand below; every flow amount links to a source
 * that is there; names and URLs from the store are escaped or refused;
 * the run selection; the errors (no run, no such run, a directory that
 * cannot be written, a failed rename leaving the old report); report.md
 * the same byte for byte on a second run.
 *
 * The dataset (every figure made up):
 *
 *   flow  from   to     type       status            $B    counts as
 *   f1    cloud  lab    equity     committed         10    binding
 *   f2    lab    cloud  compute    committed         50    binding
 *   f3    cloud  lab    equity     contingent         5    contingent
 *   f4    chip   lab    equity     letter-of-intent   2    contingent
 *   f5    lab    chip   chip       option             3    contingent
 *   f6    inv    lab    equity     paid             1.5    binding (estimate)
 *   f7    chip   lab    equity     superseded by f8   4    nothing
 *   f8    chip   lab    equity     committed          6    binding
 *   f9    cloud  chip   chip       committed     1 to 2    binding at 1
 *   f10   lab    cloud  compute    committed       1 GW    no money
 *
 *   binding    = 10 + 50 + 1.5 + 6 + 1 = 68.5
 *   contingent = 5 + 2 + 3             = 10
 *   headline   = 78.5
 *   the lab received: binding 10 + 1.5 + 6 = 17.5, contingent 5 + 2 = 7,
 *     headline 24.5; it committed: binding 50, contingent 3, headline 53.
 *
 * Binding cycles: lab > cloud > lab and chip > lab > cloud > chip.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "circfin.h"
#include "testutil.h"

#define LAB_NAME "Labco <b>&\"'"

static const char dataset[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<dataset xmlns=\"urn:circfin:dataset:1\" version=\"1\""
    " as-of=\"2026-05-01\">\n"
    "  <title>Report test &lt;i&gt;data&lt;/i&gt;</title>\n"
    "  <sources>\n"
    "    <source id=\"s1\" date=\"2026-04-20\"><title>Press release"
    " &lt;one&gt;</title><publisher>Example Wire</publisher>"
    "<url>https://example.org/press?a=1&amp;b=2</url></source>\n"
    "    <source id=\"s2\"><title>A doubtful page</title>"
    "<url>javascript:alert(1)</url></source>\n"
    "    <source id=\"s3\"><title>A filing</title>"
    "<accession>0000000001-26-000001</accession></source>\n"
    "  </sources>\n"
    "  <entities>\n"
    "    <entity id=\"lab\" kinds=\"lab\"><name>Labco &lt;b&gt;&amp;\"'"
    "</name></entity>\n"
    "    <entity id=\"cloud\" kinds=\"cloud investor\"><name>Cloudco"
    "</name></entity>\n"
    "    <entity id=\"chip\" kinds=\"chipmaker\"><name>Chipco</name>"
    "</entity>\n"
    "    <entity id=\"inv\" kinds=\"investor\"><name>Investor</name>"
    "</entity>\n"
    "  </entities>\n"
    "  <flows>\n"
    "    <flow id=\"f1\" from=\"cloud\" to=\"lab\" type=\"equity\""
    " status=\"committed\" announced=\"2026-01\">"
    "<amount currency=\"USD\">10000000000</amount>"
    "<source ref=\"s1\"/></flow>\n"
    "    <flow id=\"f2\" from=\"lab\" to=\"cloud\""
    " type=\"compute-commitment\" status=\"committed\""
    " announced=\"2026-01\" start=\"2026\" end=\"2028\">"
    "<amount currency=\"USD\">50000000000</amount>"
    "<schedule currency=\"USD\" assumed=\"true\">"
    "<payment due=\"2026\">10000000000</payment>"
    "<payment due=\"2027\">20000000000</payment>"
    "<payment due=\"2028\">20000000000</payment></schedule>"
    "<source ref=\"s1\"/><source ref=\"s2\"/></flow>\n"
    "    <flow id=\"f3\" from=\"cloud\" to=\"lab\" type=\"equity\""
    " status=\"contingent\" announced=\"2026-01\" start=\"2027\">"
    "<amount currency=\"USD\">5000000000</amount>"
    "<condition>a milestone</condition><source ref=\"s1\"/></flow>\n"
    "    <flow id=\"f4\" from=\"chip\" to=\"lab\" type=\"equity\""
    " status=\"letter-of-intent\" announced=\"2026-02\">"
    "<amount currency=\"USD\">2000000000</amount>"
    "<source ref=\"s3\"/></flow>\n"
    "    <flow id=\"f5\" from=\"lab\" to=\"chip\" type=\"chip-purchase\""
    " status=\"option\" announced=\"2026-02\">"
    "<amount currency=\"USD\">3000000000</amount>"
    "<source ref=\"s3\"/></flow>\n"
    "    <flow id=\"f6\" from=\"inv\" to=\"lab\" type=\"equity\""
    " status=\"paid\" announced=\"2025\" confidence=\"low\">"
    "<amount currency=\"USD\" estimate=\"true\">1500000000</amount>"
    "<source ref=\"s2\"/></flow>\n"
    "    <flow id=\"f7\" from=\"chip\" to=\"lab\" type=\"equity\""
    " status=\"superseded\" superseded-by=\"f8\""
    " prior-status=\"letter-of-intent\" announced=\"2025-06\">"
    "<amount currency=\"USD\">4000000000</amount>"
    "<source ref=\"s1\"/></flow>\n"
    "    <flow id=\"f8\" from=\"chip\" to=\"lab\" type=\"equity\""
    " status=\"committed\" announced=\"2026-03\">"
    "<amount currency=\"USD\">6000000000</amount>"
    "<source ref=\"s1\"/></flow>\n"
    "    <flow id=\"f9\" from=\"cloud\" to=\"chip\" type=\"chip-purchase\""
    " status=\"committed\" announced=\"2026-03\">"
    "<range currency=\"USD\" low=\"1000000000\" high=\"2000000000\"/>"
    "<source ref=\"s1\"/></flow>\n"
    "    <flow id=\"f10\" from=\"lab\" to=\"cloud\""
    " type=\"compute-commitment\" status=\"committed\""
    " announced=\"2026-04\"><quantity unit=\"GW\">1</quantity>"
    "<source ref=\"s1\"/></flow>\n"
    "  </flows>\n"
    "  <profiles>\n"
    "    <figure id=\"lab-cash\" entity=\"lab\" item=\"cash\""
    " period=\"2025-12-31\" assumption=\"true\"><amount currency=\"USD\">"
    "8000000000</amount></figure>\n"
    "    <figure id=\"lab-rev\" entity=\"lab\" item=\"revenue\""
    " period=\"2026\" assumption=\"true\"><amount currency=\"USD\">"
    "4000000000</amount></figure>\n"
    "    <figure id=\"lab-growth\" entity=\"lab\" item=\"revenue-growth\""
    " period=\"2027\" assumption=\"true\"><ratio>0.5</ratio></figure>\n"
    "    <figure id=\"lab-margin\" entity=\"lab\" item=\"gross-margin\""
    " period=\"2026\" assumption=\"true\"><ratio>0.5</ratio></figure>\n"
    "    <figure id=\"lab-opex\" entity=\"lab\" item=\"operating-costs\""
    " period=\"2026\" assumption=\"true\"><amount currency=\"USD\">"
    "1000000000</amount></figure>\n"
    "    <figure id=\"cloud-cash\" entity=\"cloud\" item=\"cash\""
    " period=\"2025-12-31\" assumption=\"true\"><amount currency=\"USD\">"
    "100000000000</amount></figure>\n"
    "    <figure id=\"cloud-rev\" entity=\"cloud\" item=\"revenue\""
    " period=\"2026\" assumption=\"true\"><amount currency=\"USD\">"
    "50000000000</amount></figure>\n"
    "    <figure id=\"cloud-margin\" entity=\"cloud\" item=\"gross-margin\""
    " period=\"2026\" assumption=\"true\"><ratio>0.4</ratio></figure>\n"
    "    <figure id=\"cloud-opex\" entity=\"cloud\""
    " item=\"operating-costs\" period=\"2026\" assumption=\"true\">"
    "<amount currency=\"USD\">5000000000</amount></figure>\n"
    "  </profiles>\n"
    "</dataset>\n";

static const char scenarios[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<scenarios xmlns=\"urn:circfin:scenarios:1\" version=\"1\">\n"
    "  <settings start-year=\"2026\" years=\"3\" model=\"eisenberg-noe\""
    " seniority=\"equal\" terminate-on-default=\"true\"/>\n"
    "  <scenario name=\"base\"><description>Nothing more arrives."
    "</description></scenario>\n"
    "  <montecarlo name=\"coin\" base=\"base\" draws=\"200\" seed=\"7\">\n"
    "    <description>The milestone is a coin toss.</description>\n"
    "    <draw param=\"arrival-probability\" flow=\"f3\""
    " dist=\"bernoulli\" p=\"0.5\"/>\n"
    "  </montecarlo>\n"
    "</scenarios>\n";

struct fx {
	char dir[256], db[256], out[512];
	cf_store *st;
	int64_t cycles, exposure, stress;
};

static struct fx *
fx_of(void **state)
{
	return *state;
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char path[512];
	cf_scenarios *sc = NULL;
	cf_stress *s = NULL;
	cf_graph *g = NULL;
	cf_cycles *c = NULL;
	cf_exposure *x = NULL;
	cf_batch *b;

	assert_non_null(fx);
	tu_tmpdir(fx->dir, sizeof(fx->dir));
	fx->st = tu_store_tmp(fx->db, sizeof(fx->db));
	b = tu_import_text(fx->st, fx->dir, "data.xml", dataset, path,
	    sizeof(path));
	if (cf_batch_count(b, CF_FILE_IMPORTED) != 1) {
		const char *msg = NULL;
		cf_batch_file(b, 0, NULL, NULL, NULL, NULL, &msg);
		fail_msg("dataset refused: %s", msg ? msg : "?");
	}
	cf_batch_free(b);
	assert_int_equal(cf_graph_build(&g, fx->st, NULL), CF_OK);
	assert_int_equal(cf_cycles_find(&c, g, 6, 0), CF_OK);
	assert_int_equal(cf_cycles_size(c), 2);
	assert_int_equal(cf_store_save_cycles(&fx->cycles, fx->st, g, c, 6, 0),
	    CF_OK);
	assert_int_equal(cf_exposure_compute(&x, g, 0), CF_OK);
	assert_int_equal(cf_store_save_exposure(&fx->exposure, fx->st, g, x),
	    CF_OK);
	snprintf(path, sizeof(path), "%s/scenarios.xml", fx->dir);
	tu_write_file(path, scenarios);
	if (cf_scenarios_read(&sc, path) != CF_OK)
		fail_msg("scenarios: %s", cf_error_message());
	if (cf_stress_run(&s, &fx->stress, fx->st, NULL, sc, NULL) != CF_OK)
		fail_msg("stress: %s", cf_error_message());
	cf_stress_free(s);
	cf_scenarios_free(sc);
	cf_exposure_free(x);
	cf_cycles_free(c);
	cf_graph_free(g);
	snprintf(fx->out, sizeof(fx->out), "%s/out", fx->dir);
	assert_int_equal(mkdir(fx->out, 0777), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	tu_store_remove(fx->st, fx->db);
	tu_rmtree(fx->dir);
	free(fx);
	return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static char *
read_in(const char *dir, const char *name, size_t *len)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return tu_read_file(p, len);
}

/* The names in dir other than "." and "..", as "a b c " (sorted by
 * readdir order; fine for counting and searching). */
static void
list_dir(const char *dir, char *buf, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	buf[0] = '\0';
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s ", de->d_name);
		assert_true(n < size);
	}
	closedir(d);
}

/* Is there a temporary report file (".report.*") in dir? */
static int
has_temp(const char *dir)
{
	char names[4096];

	list_dir(dir, names, sizeof(names));
	return strstr(names, ".report.") != NULL;
}

static void
write_report(struct fx *fx, const char *dir, int64_t run, const char *dot)
{
	cf_report_opts o = {run, dot, NULL};

	if (cf_report_write(fx->st, dir, &o) != CF_OK)
		fail_msg("cf_report_write: %s", cf_error_message());
}

/* Count of the occurrences of needle in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

struct errs {
	int serious;		/* errors that are not unknown HTML5 tags */
	char first[256];
};

static void
on_error(void *arg, xmlErrorPtr e)
{
	struct errs *er = arg;

	if (e->level < XML_ERR_ERROR || e->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (er->serious++ == 0)
		snprintf(er->first, sizeof(er->first), "line %d: %s", e->line,
		    e->message ? e->message : "?");
}

static xmlDocPtr
parse_html(const char *buf, size_t len)
{
	struct errs er = {0, ""};
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(&er, on_error);
	doc = htmlReadMemory(buf, (int)len, "report.html", "UTF-8",
	    HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL || er.serious)
		fail_msg("report.html does not parse as HTML (%d errors): %s",
		    er.serious, er.first);
	return doc;
}

static xmlDocPtr
parse_xml(const char *buf, size_t len)
{
	struct errs er = {0, ""};
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(&er, on_error);
	doc = xmlReadMemory(buf, (int)len, "report.html", "UTF-8",
	    XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL || er.serious)
		fail_msg("report.html is not well-formed XML (%d errors): %s",
		    er.serious, er.first);
	return doc;
}

static const char *
attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

static int
has_class(xmlNodePtr n, const char *cls)
{
	const char *c = attr(n, "class");
	size_t l = strlen(cls);

	for (; c && *c; c++)
		if (strncmp(c, cls, l) == 0 && (c[l] == ' ' || c[l] == '\0') &&
		    (c == attr(n, "class") || c[-1] == ' '))
			return 1;
	return 0;
}

/* Is there an element with this id in the tree under n? */
static int
has_id(xmlNodePtr n, const char *id)
{
	for (; n != NULL; n = n->next) {
		const char *v;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((v = attr(n, "id")) != NULL && strcmp(v, id) == 0)
			return 1;
		if (has_id(n->children, id))
			return 1;
	}
	return 0;
}

/* The first <a> under n, or NULL. */
static xmlNodePtr
first_link(xmlNodePtr n)
{
	xmlNodePtr c, r;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "a") == 0)
			return c;
		if ((r = first_link(c)) != NULL)
			return r;
	}
	return NULL;
}

struct walk {
	xmlNodePtr root;
	size_t amounts, linked, elements;
	int bad_url, script, bad_style;
	char what[256];
};

static int
has_url(const char *v)
{
	return strcasestr(v, "http:") != NULL ||
	    strcasestr(v, "https:") != NULL ||
	    strcasestr(v, "javascript:") != NULL;
}

/* Walk the tree: every attribute that holds a URL must be an <a href>
 * (namespace declarations aside); every flow amount links to a source
 * anchor that exists. */
static void
walk(struct walk *w, xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		xmlAttrPtr a;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		w->elements++;
		if (strcasecmp((const char *)n->name, "script") == 0)
			w->script = 1;
		if (strcasecmp((const char *)n->name, "style") == 0 &&
		    n->children && n->children->content &&
		    (strstr((const char *)n->children->content, "url(") ||
		    strstr((const char *)n->children->content, "@import")))
			w->bad_style = 1;
		for (a = n->properties; a != NULL; a = a->next) {
			const char *v = a->children && a->children->content ?
			    (const char *)a->children->content : "";
			int link = strcmp((const char *)n->name, "a") == 0 &&
			    strcmp((const char *)a->name, "href") == 0;

			if (strncmp((const char *)a->name, "xmlns", 5) == 0 ||
			    (a->ns && a->ns->prefix &&
			    strcmp((const char *)a->ns->prefix, "xmlns") == 0))
				continue;
			if ((has_url(v) && !link) || (link &&
			    strncasecmp(v, "javascript:", 11) == 0)) {
				w->bad_url = 1;
				snprintf(w->what, sizeof(w->what),
				    "<%s %s=\"%s\">", n->name, a->name, v);
			}
			if (strncasecmp((const char *)a->name, "on", 2) == 0)
				w->script = 1;
		}
		if (has_class(n, "flow-amount")) {
			xmlNodePtr l = first_link(n);
			const char *href = l ? attr(l, "href") : NULL;

			w->amounts++;
			if (href && strncmp(href, "#src-", 5) == 0 &&
			    has_id(w->root, href + 1))
				w->linked++;
		}
		walk(w, n->children);
	}
}

/* ---- tests ------------------------------------------------------------ */

static void
test_files_and_parse(void **state)
{
	struct fx *fx = fx_of(state);
	struct walk w;
	xmlDocPtr doc;
	char *html, names[4096];
	size_t len;

	write_report(fx, fx->out, 0, "");
	list_dir(fx->out, names, sizeof(names));
	tu_assert_has(names, "report.html ");
	tu_assert_has(names, "report.md ");
	assert_false(has_temp(fx->out));
	html = read_in(fx->out, "report.html", &len);
	assert_true(len > 1000);
	assert_null(strcasestr(html, "<script"));
	tu_assert_has(html, "<!DOCTYPE html>");
	/* As HTML: no error but the HTML5 element names libxml2 does not
	 * know; and as XML: well-formed. */
	doc = parse_html(html, len);
	memset(&w, 0, sizeof(w));
	w.root = xmlDocGetRootElement(doc);
	walk(&w, w.root);
	assert_true(w.elements > 100);
	if (w.bad_url)
		fail_msg("a URL outside a link: %s", w.what);
	assert_false(w.script);
	assert_false(w.bad_style);
	/* f1-f9 have money (f10 only a quantity). */
	assert_int_equal(w.amounts, 9);
	assert_int_equal(w.linked, 9);
	xmlFreeDoc(doc);
	doc = parse_xml(html, len);
	xmlFreeDoc(doc);
	/* The drawing was turned off, and the page says so. */
	tu_assert_has(html, "drawing was turned off");
	free(html);
}

static void
test_headline_by_hand(void **state)
{
	struct fx *fx = fx_of(state);
	char *html, *md, *lab;
	size_t len;

	write_report(fx, fx->out, 0, "");
	html = read_in(fx->out, "report.html", &len);
	md = read_in(fx->out, "report.md", &len);
	/* The cards: headline, binding, contingent, exact in the title. */
	tu_assert_has(html, "Headline<span class=\"big\"><span class=\"amt\""
	    " title=\"78500000000.00 USD\">$78.50B</span>");
	tu_assert_has(html, "Binding<span class=\"big\"><span class=\"amt\""
	    " title=\"68500000000.00 USD\">$68.50B</span>");
	tu_assert_has(html, "Contingent<span class=\"big\"><span class=\"amt"
	    " contingent\" title=\"10000000000.00 USD\">$10.00B</span>");
	tu_assert_has(md, "| Money | \\$78.50B | \\$68.50B | \\$10.00B |\n");
	/* 9 counted flows (f7 is superseded): 6 binding, 3 contingent. */
	tu_assert_has(md, "| Flows | 9 | 6 | 3 |\n");
	/* The lab: received 24.5 = 17.5 + 7, committed 53 = 50 + 3. */
	tu_assert_has(md, "| Labco \\<b\\>\\&\"' | \\$24.50B | \\$17.50B |"
	    " \\$7.00B | \\$53.00B | \\$50.00B | \\$3.00B |\n");
	lab = strstr(html, "<h3 id=\"labs\">");
	assert_non_null(lab);
	tu_assert_has(lab, "title=\"24500000000.00 USD\">$24.50B");
	tu_assert_has(lab, "title=\"53000000000.00 USD\">$53.00B");
	/* The exact amounts of the flows, and the range at its low end. */
	tu_assert_has(md, "| f6 | 2025 | Investor | Labco \\<b\\>\\&\"' |"
	    " equity | paid | \\$1.50B | 1500000000.00 | e l |");
	/* (A <range> is an estimate unless it says otherwise.) */
	tu_assert_has(md, "| f9 | 2026-03 | Cloudco | Chipco | chip-purchase"
	    " | committed | \\$1.00B | 1000000000.00 | e r |");
	tu_assert_has(md, "| f7 | 2025-06 | Chipco |");
	tu_assert_has(md, "| superseded | \\$4.00B | 4000000000.00 | s |");
	/* Two cycles, the largest by bottleneck first: chip > lab > cloud
	 * has bottleneck min(6, 50, 1) = 1; lab > cloud > lab min(50, 10) =
	 * 10. */
	tu_assert_has(md, "| 1 | cloud \\> lab \\> cloud | 2 | \\$10.00B |"
	    " \\$60.00B |");
	tu_assert_has(md, "| 2 | chip \\> lab \\> cloud \\> chip | 3 |"
	    " \\$1.00B | \\$57.00B |");
	free(html);
	free(md);
}

static void
test_escaping(void **state)
{
	struct fx *fx = fx_of(state);
	char *html;
	size_t len;

	write_report(fx, fx->out, 0, "");
	html = read_in(fx->out, "report.html", &len);
	assert_null(strstr(html, LAB_NAME));
	assert_null(strstr(html, "<b>&"));
	assert_null(strstr(html, "<one>"));
	tu_assert_has(html, "Labco &lt;b&gt;&amp;&quot;&#39;");
	tu_assert_has(html, "Report test &lt;i&gt;data&lt;/i&gt;");
	/* The https URL is a link, its & escaped; the javascript: one only
	 * text. */
	tu_assert_has(html,
	    "<a href=\"https://example.org/press?a=1&amp;b=2\"");
	assert_null(strstr(html, "href=\"javascript"));
	tu_assert_has(html, "javascript:alert(1)</span>");
	/* The accession is shown. */
	tu_assert_has(html, "SEC accession 0000000001-26-000001");
	free(html);
}

static void
test_runs(void **state)
{
	struct fx *fx = fx_of(state);
	char *md, *html, line[256];
	size_t len;

	/* The latest (stress) with the cycles and exposure before it. */
	write_report(fx, fx->out, 0, "");
	md = read_in(fx->out, "report.md", &len);
	snprintf(line, sizeof(line), "Runs: cycles run %lld",
	    (long long)fx->cycles);
	tu_assert_has(md, line);
	snprintf(line, sizeof(line), "stress run %lld (",
	    (long long)fx->stress);
	tu_assert_has(md, line);
	tu_assert_has(md, ", asked for)");
	tu_assert_has(md, "| coin | Monte Carlo | 200 |");
	free(md);
	/* The cycles run: the exposure and stress runs made with it, the
	 * nearest of their kinds, though later. */
	write_report(fx, fx->out, fx->cycles, "");
	md = read_in(fx->out, "report.md", &len);
	html = read_in(fx->out, "report.html", &len);
	snprintf(line, sizeof(line), "Runs: cycles run %lld (",
	    (long long)fx->cycles);
	tu_assert_has(md, line);
	snprintf(line, sizeof(line), "exposure run %lld (",
	    (long long)fx->exposure);
	tu_assert_has(md, line);
	snprintf(line, sizeof(line), "stress run %lld (",
	    (long long)fx->stress);
	tu_assert_has(md, line);
	assert_null(strstr(html, "There is no exposure run with this filter"));
	free(md);
	free(html);
	/* The exposure run: the cycles run before it and the stress run
	 * after it. */
	write_report(fx, fx->out, fx->exposure, "");
	md = read_in(fx->out, "report.md", &len);
	snprintf(line, sizeof(line), "exposure run %lld (",
	    (long long)fx->exposure);
	tu_assert_has(md, line);
	snprintf(line, sizeof(line), "cycles run %lld (",
	    (long long)fx->cycles);
	tu_assert_has(md, line);
	snprintf(line, sizeof(line), "stress run %lld (",
	    (long long)fx->stress);
	tu_assert_has(md, line);
	free(md);
}

static void
test_md_deterministic(void **state)
{
	struct fx *fx = fx_of(state);
	char *a, *b;
	size_t la, lb;

	write_report(fx, fx->out, 0, "");
	a = read_in(fx->out, "report.md", &la);
	sleep(1);	/* a clock in the output would now differ */
	write_report(fx, fx->out, 0, "");
	b = read_in(fx->out, "report.md", &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

static void
test_not_found(void **state)
{
	struct fx *fx = fx_of(state);
	char db[256], empty[512], names[4096];
	cf_report_opts o = {999, "", NULL};
	cf_store *st;

	assert_int_equal(cf_report_write(fx->st, fx->out, &o), CF_ENOTFOUND);
	tu_assert_has(cf_error_message(), "no analysis run 999");
	tu_assert_has(cf_error_message(), fx->db);
	/* A store with no run at all. */
	st = tu_store_tmp(db, sizeof(db));
	snprintf(empty, sizeof(empty), "%s/empty", fx->dir);
	assert_int_equal(mkdir(empty, 0777), 0);
	o.run = 0;
	assert_int_equal(cf_report_write(st, empty, &o), CF_ENOTFOUND);
	tu_assert_has(cf_error_message(), "no analysis run in this store: run"
	    " `circfin run` or an analysis command first");
	list_dir(empty, names, sizeof(names));
	assert_string_equal(names, "");
	tu_store_remove(st, db);
}

static void
test_unwritable(void **state)
{
	struct fx *fx = fx_of(state);
	char file[512], under[600], ro[512], names[4096];
	cf_report_opts o = {0, "", NULL};

	/* A directory under a regular file: not even root can write it. */
	snprintf(file, sizeof(file), "%s/plain", fx->dir);
	tu_write_file(file, "x");
	snprintf(under, sizeof(under), "%s/sub", file);
	assert_int_equal(cf_report_write(fx->st, under, &o), CF_EIO);
	tu_assert_has(cf_error_message(), under);
	tu_assert_has(cf_error_message(), "Not a directory");
	/* The file itself as the directory. */
	assert_int_equal(cf_report_write(fx->st, file, &o), CF_EIO);
	tu_assert_has(cf_error_message(), "not a directory");
	/* A directory without write permission (root ignores it). */
	snprintf(ro, sizeof(ro), "%s/readonly", fx->dir);
	assert_int_equal(mkdir(ro, 0777), 0);
	assert_int_equal(chmod(ro, 0500), 0);
	if (geteuid() == 0) {
		printf("# running as root: the read-only directory case is"
		    " not tested (root may write anyway)\n");
	} else {
		assert_int_equal(cf_report_write(fx->st, ro, &o), CF_EIO);
		tu_assert_has(cf_error_message(), ro);
		tu_assert_has(cf_error_message(), "Permission denied");
		list_dir(ro, names, sizeof(names));
		assert_string_equal(names, "");
	}
	chmod(ro, 0700);
}

/* A rename that fails (report.html is a directory) leaves the old
 * report.md as it was and no temporary file. */
static void
test_failed_rename(void **state)
{
	struct fx *fx = fx_of(state);
	char dir[512], p[600], *md;
	cf_report_opts o = {0, "", NULL};
	size_t len;

	snprintf(dir, sizeof(dir), "%s/blocked", fx->dir);
	assert_int_equal(mkdir(dir, 0777), 0);
	snprintf(p, sizeof(p), "%s/report.html", dir);
	assert_int_equal(mkdir(p, 0777), 0);
	snprintf(p, sizeof(p), "%s/report.html/keep", dir);
	tu_write_file(p, "x");
	snprintf(p, sizeof(p), "%s/report.md", dir);
	tu_write_file(p, "old report\n");
	assert_int_equal(cf_report_write(fx->st, dir, &o), CF_EIO);
	tu_assert_has(cf_error_message(), "report.html");
	assert_false(has_temp(dir));
	md = read_in(dir, "report.md", &len);
	assert_string_equal(md, "old report\n");
	free(md);
}

static void
test_graph(void **state)
{
	struct fx *fx = fx_of(state);
	char *html;
	size_t len;

	/* A GraphViz that is not there: a note, not an error. */
	write_report(fx, fx->out, 0, "/nonexistent/circfin-test-dot");
	html = read_in(fx->out, "report.html", &len);
	tu_assert_has(html, "<section id=\"graph\">");
	tu_assert_has(html, "was not found");
	assert_null(strstr(html, "<figure class=\"graph\""));
	free(html);
	/* dot from PATH, when it is installed. */
	write_report(fx, fx->out, 0, NULL);
	html = read_in(fx->out, "report.html", &len);
	if (strstr(html, "was not found") != NULL) {
		printf("# dot is not installed: the drawing is not tested\n");
	} else {
		char *fig = strstr(html, "<figure class=\"graph\"");
		assert_non_null(fig);
		tu_assert_has(fig, "<svg");
		assert_null(strstr(html, "<?xml"));
		assert_null(strstr(html, "<!DOCTYPE svg"));
		/* dot's ids carry the prefix: none is left bare. */
		tu_assert_has(fig, "id=\"graph-graph0\"");
		assert_null(strstr(html, " id=\"graph0\""));
		assert_null(strstr(html, " id=\"node1\""));
		/* The escaped name made it into the drawing, escaped. */
		tu_assert_has(fig, "Labco &lt;b&gt;&amp;");
		xmlFreeDoc(parse_xml(html, len));
	}
	free(html);
}

static void
test_charts_and_methods(void **state)
{
	struct fx *fx = fx_of(state);
	cf_report_opts o = {0, "", "# My methods\n\n## Part\n\n"
	    "<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
	    "[elsewhere](other.md) and [out](https://example.com/x)"
	    " ![pic](https://example.com/p.png)\n"};
	char *html, *m;
	size_t len;

	assert_int_equal(cf_report_write(fx->st, fx->out, &o), CF_OK);
	html = read_in(fx->out, "report.html", &len);
	/* Every chart in a figure with its caption and a table. */
	tu_assert_has(html, "<figure class=\"chart\" id=\"chart-exposure\">");
	tu_assert_has(html, "<figure class=\"chart\" id=\"chart-pd\">");
	tu_assert_has(html, "<figure class=\"chart\" id=\"chart-cash\">");
	tu_assert_has(html, "<figure class=\"chart\" id=\"chart-at-risk\">");
	assert_int_equal(count(html, "<figure class=\"chart\""),
	    count(html, "<figcaption>"));
	assert_int_equal(count(html, "<figure class=\"chart\""), 4);
	/* The methods from the options: its table, no script, no image,
	 * the relative link as text, the https one a link; its title left
	 * to the section's, its headings under it. */
	m = strstr(html, "<section id=\"methods\"");
	assert_non_null(m);
	tu_assert_has(m, "<table>");
	assert_null(strcasestr(m, "<script"));
	assert_null(strstr(m, "<img"));
	assert_null(strstr(m, "My methods"));
	tu_assert_has(m, "<h4>Part</h4>");
	tu_assert_has(m, "elsewhere and <a href=\"https://example.com/x\">");
	assert_null(strstr(m, "other.md"));
	free(html);
	/* The built-in methods when none is given. */
	write_report(fx, fx->out, 0, "");
	html = read_in(fx->out, "report.html", &len);
	m = strstr(html, "<section id=\"methods\"");
	assert_non_null(m);
	tu_assert_has(m, "Proportional tracing");
	free(html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_and_parse),
		cmocka_unit_test(test_headline_by_hand),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_md_deterministic),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_unwritable),
		cmocka_unit_test(test_failed_rename),
		cmocka_unit_test(test_graph),
		cmocka_unit_test(test_charts_and_methods),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, setup, teardown);
	cf_report_cleanup();
	xmlCleanupParser();
	return rc;
}
