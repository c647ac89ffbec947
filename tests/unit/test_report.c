/*
 * test_report.c - cf_report_write() on a hand-made dataset: both files
 * written with no temporary file left; the page parses as HTML and as
 * XML, has no script and no URL outside a link; the headline figures are
 * the sums worked by hand below; every flow amount links to a source
 * that is there; names and URLs from the store are escaped or refused;
 * the run selection; the errors (no run, no such run, a directory that
 * cannot be written, a failed rename leaving the old report); report.md
 * the same byte for byte on a second run; the graph in its scrolling box
 * and graph.svg beside the page; the stress notes: the scenarios file as
 * given with its SHA-256, the draws the run used, the probability lines
 * that lie on top of one another, one cash chart per lab and the note on
 * a cash path that runs away, with the growth figure behind it; why no
 * note on self-funded shares here; the ids of the methods' headings.
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
 *
 * Two more labs have a profile and no flow, so nothing is owed to or by
 * them (docs/methods.md, "One year": cash(t) = cash(t-1) + m R(t) - C(t),
 * with margin m = 1 and costs C = 0 when the profile has no figure):
 *
 *   moon:   cash 1, revenue 1 flat:           cash 2, 3, 4 in 2026-2028
 *   rocket: cash 1, revenue 1 in 2026, growth +2000% from 2027: revenue
 *           1, 21, 441, cash 2, 23, 464: 232 times its 2026 cash, a path
 *           the report points out (more than 100-fold).
 *
 * Neither can default, so their probability lines (0 every year) lie on
 * top of each other.
 *
 * Exposure (binding edges): cloud takes in 50 and pays out 11, a net
 * receiver with no own money; chip takes in 1 and pays out 6, so its own
 * money is e = 5 of T = 6.  Traced: O[chip][cloud] = O[chip][lab] =
 * (10/50) O[chip][cloud] + (6/50) O[chip][chip] and O[chip][chip] = 5/6 +
 * (1/6) O[chip][cloud] give O[chip][cloud] = 0.15 O[chip][chip], O[chip]
 * [chip] = (5/6) / 0.975: chip's self-funded backlog is 1 x 0.1282 =
 * $0.13B, a share of 12.8%, so the note on all-zero shares is not there.
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
#include <time.h>
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
    "    <source id=\"s4\" date=\"2026-04-01\"><title>Rocket plan"
    "</title><publisher>Rocket Wire</publisher>"
    "<url>https://example.org/rocket</url></source>\n"
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
    "    <entity id=\"moon\" kinds=\"lab\"><name>Moonco</name>"
    "</entity>\n"
    "    <entity id=\"rocket\" kinds=\"lab\"><name>Rocketco</name>"
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
    "    <figure id=\"moon-cash\" entity=\"moon\" item=\"cash\""
    " period=\"2025-12-31\" assumption=\"true\"><amount currency=\"USD\">"
    "1000000000</amount></figure>\n"
    "    <figure id=\"moon-rev\" entity=\"moon\" item=\"revenue\""
    " period=\"2026\" assumption=\"true\"><amount currency=\"USD\">"
    "1000000000</amount></figure>\n"
    "    <figure id=\"rocket-cash\" entity=\"rocket\" item=\"cash\""
    " period=\"2025-12-31\" assumption=\"true\"><amount currency=\"USD\">"
    "1000000000</amount></figure>\n"
    "    <figure id=\"rocket-rev\" entity=\"rocket\" item=\"revenue\""
    " period=\"2026\" assumption=\"true\"><amount currency=\"USD\">"
    "1000000000</amount></figure>\n"
    "    <figure id=\"rocket-growth\" entity=\"rocket\""
    " item=\"revenue-growth\" period=\"2027\" assumption=\"true\">"
    "<ratio>20</ratio><note>assumption: &lt;twenty&gt;-fold</note>"
    "<source ref=\"s4\"/></figure>\n"
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

/* Is there a temporary report file (".report.*", ".graph.svg.*") in
 * dir? */
static int
has_temp(const char *dir)
{
	char names[4096];

	list_dir(dir, names, sizeof(names));
	return strstr(names, ".report.") != NULL ||
	    strstr(names, ".graph.svg.") != NULL;
}

/* Does dir have an entry called name? */
static int
has_file(const char *dir, const char *name)
{
	char p[1024];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &sb) == 0;
}

/* The part of s from the first start up to the next end (a malloc'd
 * copy; the test fails when either is missing). */
static char *
between(const char *s, const char *start, const char *end)
{
	const char *a = strstr(s, start), *b;
	char *out;

	if (a == NULL)
		fail_msg("no \"%s\" in the page", start);
	if ((b = strstr(a, end)) == NULL)
		fail_msg("no \"%s\" after \"%s\"", end, start);
	out = strndup(a, (size_t)(b - a));
	assert_non_null(out);
	return out;
}

static void
write_report(struct fx *fx, const char *dir, int64_t run, const char *dot)
{
	cf_report_opts o = {run, dot, NULL, NULL, 0};

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

/* report.html parsed as HTML (html) or as XML; any serious error
 * fails the test. */
static xmlDocPtr
parse_page(const char *buf, size_t len, int html)
{
	struct errs er = {0, ""};
	xmlDocPtr doc;

	xmlSetStructuredErrorFunc(&er, on_error);
	doc = html ? htmlReadMemory(buf, (int)len, "report.html", "UTF-8",
	    HTML_PARSE_NONET) : xmlReadMemory(buf, (int)len, "report.html",
	    "UTF-8", XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL || er.serious)
		fail_msg("report.html %s (%d errors): %s", html ? "does not"
		    " parse as HTML" : "is not well-formed XML", er.serious,
		    er.first);
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
	doc = parse_page(html, len, 1);
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
	doc = parse_page(html, len, 0);
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
	cf_report_opts o = {999, "", NULL, NULL, 0};
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
	cf_report_opts o = {0, "", NULL, NULL, 0};

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
	cf_report_opts o = {0, "", NULL, NULL, 0};
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

/* A dot that hangs (with its output open, or closed) is stopped after
 * the timeout, and the page says so. */
static void
slow_dot(struct fx *fx, const char *body)
{
	char prog[4200], text[256];
	cf_report_opts o = {0, prog, NULL, NULL, 1};
	struct timespec t0, t1;
	char *html;
	size_t len;

	snprintf(prog, sizeof(prog), "%s/slow-dot", fx->out);
	snprintf(text, sizeof(text), "#!/bin/sh\n%s", body);
	tu_write_file(prog, text);
	assert_int_equal(chmod(prog, 0700), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (cf_report_write(fx->st, fx->out, &o) != CF_OK)
		fail_msg("cf_report_write: %s", cf_error_message());
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 15);
	html = read_in(fx->out, "report.html", &len);
	tu_assert_has(html, "The graph is not drawn: dot ran for more than 1"
	    " s and was stopped.");
	assert_null(strstr(html, "<figure class=\"graph\""));
	free(html);
	unlink(prog);
}

static void
test_graph(void **state)
{
	struct fx *fx = fx_of(state);
	char *html, *svg;
	size_t len;

	/* A GraphViz that is not there: a note, not an error, and no
	 * graph.svg or link to one. */
	write_report(fx, fx->out, 0, "/nonexistent/circfin-test-dot");
	html = read_in(fx->out, "report.html", &len);
	tu_assert_has(html, "<section id=\"graph\">");
	tu_assert_has(html, "was not found");
	assert_null(strstr(html, "<figure class=\"graph\""));
	assert_null(strstr(html, "href=\"graph.svg\""));
	assert_false(has_file(fx->out, "graph.svg"));
	free(html);
	slow_dot(fx, "exec sleep 30\n");
	slow_dot(fx, "exec >/dev/null 2>&1 </dev/null\nexec sleep 30\n");
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
		xmlFreeDoc(parse_page(html, len, 0));
		/* At its natural size in a box that scrolls, with the
		 * statuses spaced and a link to the drawing beside it. */
		tu_assert_has(fig, "statuses paid, committed;");
		tu_assert_has(fig, "<a href=\"graph.svg\">graph.svg</a>");
		tu_assert_has(fig, "</figcaption>\n<div class=\"graph-box\">"
		    "\n<svg");
		tu_assert_has(html, "figure.graph .graph-box svg{max-width:"
		    "none}");
		tu_assert_has(html, ".graph-box{overflow:auto}");
		/* graph.svg: dot's own document, unprefixed, of the same
		 * graph, and no temporary file left. */
		svg = read_in(fx->out, "graph.svg", &len);
		assert_true(strncmp(svg, "<?xml", 5) == 0);
		tu_assert_has(svg, "<svg");
		tu_assert_has(svg, " id=\"graph0\"");
		tu_assert_has(svg, "Labco &lt;b&gt;&amp;");
		assert_int_equal(count(svg, "class=\"node\""),
		    count(fig, "class=\"node\""));
		assert_int_equal(count(svg, "class=\"edge\""),
		    count(fig, "class=\"edge\""));
		assert_true(count(svg, "class=\"edge\"") >= 5);
		assert_false(has_temp(fx->out));
		free(svg);
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
	    " ![pic](https://example.com/p.png)\n\n## Part\n\n"
	    "### `Code` &amp; [more](x.md)\n\n"
	    "```\n# Yearly paths of a modelled entity\n```\n", NULL, 0};
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
	tu_assert_has(m, "<h4><a id=\"methods-part\"></a>Part</h4>");
	/* A repeated heading gets its own id; code and link text count. */
	tu_assert_has(m, "<h4><a id=\"methods-part-2\"></a>Part</h4>");
	tu_assert_has(m, "<h5><a id=\"methods-code-more\"></a><code>Code"
	    "</code> &amp; more</h5>");
	/* Links into an appendix without the heading go to the appendix
	 * (the growth note's): a line in a code block is no heading. */
	tu_assert_has(html, "<a href=\"#methods\">Methods, &#8220;Yearly"
	    " paths of a modelled entity&#8221;</a>");
	assert_null(strstr(html, "href=\"#methods-yearly"));
	tu_assert_has(m, "elsewhere and <a href=\"https://example.com/x\">");
	assert_null(strstr(m, "other.md"));
	free(html);
	/* A heading as the Markdown parser reads it: setext counts. */
	o.methods = "Yearly paths of a modelled entity\n---\n";
	assert_int_equal(cf_report_write(fx->st, fx->out, &o), CF_OK);
	html = read_in(fx->out, "report.html", &len);
	tu_assert_has(html, "<a href=\"#methods-yearly-paths-of-a-modelled-"
	    "entity\">Methods, &#8220;Yearly paths");
	free(html);
	/* The built-in methods when none is given. */
	write_report(fx, fx->out, 0, "");
	html = read_in(fx->out, "report.html", &len);
	m = strstr(html, "<section id=\"methods\"");
	assert_non_null(m);
	tu_assert_has(m, "Proportional tracing");
	free(html);
}

/* The stress section's notes, worked by hand in the comment at the top. */
static void
test_stress_notes(void **state)
{
	struct fx *fx = fx_of(state);
	char *html, *md, *part, line[1024], sha[CF_SHA256_HEX];
	xmlDocPtr doc;
	size_t len, mdlen;

	write_report(fx, fx->out, 0, "");
	html = read_in(fx->out, "report.html", &len);
	md = read_in(fx->out, "report.md", &mdlen);

	/* The scenarios file: its name, the path as given, the start of the
	 * SHA-256 of what was read (the whole in the title). */
	cf_sha256_hex(sha, scenarios, strlen(scenarios));
	snprintf(line, sizeof(line), "file <code>scenarios.xml</code>,"
	    " recorded as <code>%s/scenarios.xml</code>: the path as given to"
	    " the stress run", fx->dir);
	tu_assert_has(html, line);
	snprintf(line, sizeof(line), "SHA-256 <code title=\"%s\">%.12s"
	    "&#8230;</code>", sha, sha);
	tu_assert_has(html, line);
	snprintf(line, sizeof(line), "Scenarios file: %s/scenarios.xml (the"
	    " path as given to the stress run), SHA-256 %s.", fx->dir, sha);
	tu_assert_has(md, line);

	/* The draws the run used, beside the Monte Carlo description only. */
	tu_assert_has(html, "The milestone is a coin toss.<br/><strong"
	    " class=\"draws\">This run: 200 draws.</strong>");
	assert_int_equal(count(html, "class=\"draws\""), 1);

	/* Moonco's and Rocketco's lines (0 every year) coincide; Labco's,
	 * which defaults, is apart. */
	part = between(html, "<p class=\"note\" id=\"pd-coincide\">",
	    "</p>");
	tu_assert_has(part, "Moonco and <span class=\"swatch\"");
	tu_assert_has(part, "Rocketco (both 0.0% in every year)");
	assert_null(strstr(part, "Labco"));
	free(part);

	/* One cash chart per modelled lab, each with its own ids and the
	 * lab as its title. */
	part = between(html, "<figure class=\"chart\" id=\"chart-cash\">",
	    "</figure>");
	assert_int_equal(count(part, "<svg"), 3);
	tu_assert_has(part, "<div class=\"multiples\">");
	tu_assert_has(part, "aria-label=\"Moonco\"");
	tu_assert_has(part, "aria-label=\"Rocketco\"");
	tu_assert_has(part, "id=\"chart-cash-1-");
	tu_assert_has(part, "id=\"chart-cash-3-");
	/* Rocketco's path runs away: 464 / 2 = 232-fold, from the +2000%
	 * growth held from 2027, with the figure's note and source. */
	free(part);
	part = between(html, "<div class=\"note\" id=\"cash-growth\">",
	    "</div>");
	tu_assert_has(part, "<strong>Rocketco</strong>: the 95% path reaches"
	    " $464.00B in 2028, 232 times its 2026 value ($2.00B); the median"
	    " is $464.00B in 2028.");
	tu_assert_has(part, "Its latest revenue-growth figure is"
	    " <strong>+2000.0% for 2027</strong>: profile figure"
	    " <code>rocket-growth</code>, an"
	    " assumption (&#8220;assumption: &lt;twenty&gt;-fold&#8221;);"
	    " source: <a href=\"https://example.org/rocket\" rel=\"noopener"
	    " noreferrer\">Rocket plan</a>, Rocket Wire, 2026-04-01.</li>");
	assert_null(strstr(part, "Moonco"));
	assert_null(strstr(part, "Labco"));
	tu_assert_has(part, "<a href=\"#methods-yearly-paths-of-a-modelled-"
	    "entity\">Methods, &#8220;Yearly paths of a modelled"
	    " entity&#8221;</a>");
	free(part);
	tu_assert_has(md, "Note: in coin, the 95% cash path of Rocketco"
	    " reaches \\$464.00B in 2028, 232 times its 2026 value.  Its"
	    " latest revenue-growth figure is +2000.0% for 2027"
	    " (rocket-growth, an assumption); later years take it halved every"
	    " revenue-growth-half-life years when the scenario sets one, else"
	    " held.\n");
	tu_assert_has(md, "Note: in base, the cash path of Rocketco reaches"
	    " \\$464.00B in 2028, 232 times its 2026 value.");
	assert_null(strstr(md, "cash path of Moonco"));

	/* Chipco's own money comes back (12.8%): no note that every share
	 * is 0. */
	tu_assert_has(md, "| Chipco | \\$1.00B | \\$0.13B | 12.8% |");
	assert_null(strstr(html, "id=\"self-funded-zero\""));
	assert_null(strstr(md, "Every self-funded share is 0.0%"));

	/* The methods' headings have ids the links reach. */
	doc = parse_page(html, len, 0);
	assert_true(has_id(xmlDocGetRootElement(doc),
	    "methods-yearly-paths-of-a-modelled-entity"));
	assert_true(has_id(xmlDocGetRootElement(doc),
	    "methods-reading-the-numbers-who-owns-the-money"));
	xmlFreeDoc(doc);
	free(md);
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
		cmocka_unit_test(test_stress_notes),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, setup, teardown);
	cf_report_cleanup();
	xmlCleanupParser();
	return rc;
}
