/*
 * dot.c - the money-flow graph as GraphViz DOT.
 *
 * Entities are shaped and coloured by their first kind in the order lab,
 * cloud, chipmaker, neocloud, fund, investor, other, with the Okabe-Ito
 * palette so that colour-blind readers can tell them apart (the shape
 * tells too).  Entities under one ultimate parent are drawn in a cluster.
 * An edge carries one label line per flow type with the amount in $B or
 * $M; it is dashed when none of its flows is binding (all contingent,
 * option or letter of intent) and drawn thick in vermilion when it lies
 * on a cycle.  A legend explains all of this inside the drawing.
 *
 * The graph is laid out top to bottom: edge labels then sit beside the
 * edges instead of pushing the ranks apart: with GraphViz 2.43 the
 * drawing of the bundled dataset (circfin run's graph.dot, parent groups
 * as clusters) is 1506 x 718 points, against 1967 x 781 left to right.
 */
#include "config.h"

#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "graph.h"
#include "model.h"

static const struct kind_style {
	const char *kind, *shape, *fill, *font;
} styles[] = {
	{"lab", "ellipse", "#56B4E9", "black"},
	{"cloud", "box", "#E69F00", "black"},
	{"chipmaker", "hexagon", "#009E73", "white"},
	{"neocloud", "octagon", "#F0E442", "black"},
	{"fund", "parallelogram", "#CC79A7", "black"},
	{"investor", "house", "#0072B2", "white"},
	{"other", "note", "#BBBBBB", "black"},
};
#define NSTYLES (sizeof(styles) / sizeof(styles[0]))
#define CYCLE_COLOUR "#D55E00"

static const struct kind_style *
style_of(unsigned kinds)
{
	size_t i;
	int k;

	for (i = 0; i < NSTYLES; i++)
		if ((k = cf_vocab_find(cf_entity_kinds, styles[i].kind)) >= 0 &&
		    (kinds & (1u << k)))
			return &styles[i];
	return &styles[NSTYLES - 1];
}

/* A DOT double-quoted string: quotes and backslashes escaped, and '&' as
 * "&amp;", since GraphViz decodes entities in labels (a name "&#1;" would
 * otherwise put a control character into the SVG). */
static void
quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n' || *s == '\r')
			fputc(' ', fp);
		else if (*s == '&')
			fputs("&amp;", fp);
		else
			fputc(*s, fp);
	}
	fputc('"', fp);
}

/* "$1.25B", "$350M", "EUR 2.00B" */
static void
human(char *buf, size_t size, const cf_graph *g, int64_t minor)
{
	double major = (double)minor;
	int usd = strcmp(g->currency, "USD") == 0, i;
	char num[32];

	for (i = 0; i < g->exponent; i++)
		major /= 10;
	if (major >= 1e9)
		snprintf(num, sizeof(num), "%.2fB", major / 1e9);
	else if (major >= 1e6)
		snprintf(num, sizeof(num), "%.0fM", major / 1e6);
	else
		snprintf(num, sizeof(num), "%.0f", major);
	snprintf(buf, size, "%s%s%s", usd ? "$" : g->currency, usd ? "" : " ",
	    num);
}

static int
binding(int status)
{
	return strcmp(cf_flow_statuses[status].name, "paid") == 0 ||
	    strcmp(cf_flow_statuses[status].name, "committed") == 0;
}

/* The label of an edge: one line per flow type, its valued sum, and
 * "(contingent)" when none of that type's flows is binding. */
static void
edge_label(FILE *fp, const cf_graph *g, const struct cf_gedge *e)
{
	int t, first = 1;
	size_t f;

	fputc('"', fp);
	for (t = 0; cf_flow_types[t].name != NULL; t++) {
		int64_t sum = 0;
		int any = 0, valued = 0, bind = 0;
		char amt[64];

		for (f = e->flow0; f < e->flow0 + e->nflows; f++) {
			if (g->f[f].type != t)
				continue;
			any = 1;
			valued |= g->f[f].valued;
			bind |= binding(g->f[f].status);
			sum += g->f[f].amount;
		}
		if (!any)
			continue;
		if (valued)
			human(amt, sizeof(amt), g, sum);
		else
			snprintf(amt, sizeof(amt), "no amount");
		fprintf(fp, "%s%s %s%s", first ? "" : "\\n",
		    cf_flow_types[t].name, amt, bind ? "" : " (contingent)");
		first = 0;
	}
	fputc('"', fp);
}

/* Mark the edges (and vertices, unless on_vertex is NULL) on cycles;
 * only >= 1 keeps one cycle. */
static int
mark_cycles(const cf_graph *g, const cf_cycles *c, size_t only,
    unsigned char *on_edge, unsigned char *on_vertex)
{
	size_t i, n = c ? cf_cycles_size(c) : 0;

	if (only > n)
		return cf_error_set(CF_EARG, "there is no cycle %zu (%zu"
		    " found)", only, n);
	for (i = 0; i < n; i++) {
		const int *v;
		int len, k;

		if (only && i + 1 != only)
			continue;
		cf_cycle_get(c, i, &v, &len, NULL, NULL, NULL);
		for (k = 0; k < len; k++) {
			const struct cf_gedge *e = cf_graph_edge_between(g,
			    v[k], v[(k + 1) % len]);
			on_edge[e - g->e] = 1;
			if (on_vertex != NULL)
				on_vertex[v[k]] = 1;
		}
	}
	return CF_OK;
}

static void
write_node(FILE *fp, const cf_graph *g, size_t i, int on_cycle)
{
	const struct kind_style *st = style_of(g->v[i].kinds);

	fputs("    ", fp);
	quoted(fp, g->v[i].id);
	fputs(" [label=", fp);
	quoted(fp, g->v[i].name);
	fprintf(fp, ", shape=%s, fillcolor=\"%s\", fontcolor=%s%s];\n",
	    st->shape, st->fill, st->font, on_cycle ?
	    ", color=\"" CYCLE_COLOUR "\", penwidth=2.5" : "");
}

/* The legend: one node holding a table of the kinds drawn and of what
 * the edge styles mean. */
static void
write_legend(FILE *fp, const cf_graph *g)
{
	unsigned present = 0;
	size_t i;

	for (i = 0; i < g->nv; i++)
		present |= 1u << (style_of(g->v[i].kinds) - styles);
	/* "_legend": no entity id starts with '_'. */
	fputs("  \"_legend\" [shape=plaintext, style=\"\", fontsize=10, label=<\n"
	    "    <table border=\"1\" cellborder=\"0\" cellspacing=\"2\""
	    " cellpadding=\"3\" color=\"#777777\">\n"
	    "    <tr><td colspan=\"2\"><b>Legend</b></td></tr>\n", fp);
	for (i = 0; i < NSTYLES; i++)
		if (present & (1u << i))
			fprintf(fp, "    <tr><td bgcolor=\"%s\"><font color=\"%s\">"
			    "%s</font></td><td align=\"left\">%s</td></tr>\n",
			    styles[i].fill, styles[i].font, styles[i].kind,
			    styles[i].shape);
	fputs("    <tr><td>&#8212;&#8212;</td><td align=\"left\">binding: paid"
	    " or committed</td></tr>\n"
	    "    <tr><td>- - -</td><td align=\"left\">not binding: contingent,"
	    " option, letter of intent, superseded</td></tr>\n"
	    "    <tr><td><font color=\"" CYCLE_COLOUR "\"><b>&#8212;&#8212;"
	    "</b></font></td><td align=\"left\">on a cycle</td></tr>\n"
	    "    <tr><td colspan=\"2\" align=\"left\">arrows point from payer"
	    " or investor to payee</td></tr>\n"
	    "    </table>>];\n", fp);
}

/* Mark the edges of members whose ends' groups are consecutive on a
 * cycle of groups (mark_cycles() on groups), and their vertices. */
static int
mark_group_cycles(const cf_graph *members, const cf_graph *groups,
    const cf_cycles *c, unsigned char *on_edge, unsigned char *on_vertex)
{
	unsigned char *ge = calloc(groups->ne + 1, 1);
	int *group_of = malloc((members->nv + 1) * sizeof(*group_of));
	size_t e, v;
	int rc;

	if (ge == NULL || group_of == NULL) {
		rc = cf_error_set(CF_ENOMEM, "dot");
		goto out;
	}
	if ((rc = mark_cycles(groups, c, 0, ge, NULL)) != CF_OK)
		goto out;
	/* Each member's group vertex, -1 for none. */
	for (v = 0; v < members->nv; v++)
		group_of[v] = cf_find_id(groups->v, groups->nv,
		    sizeof(*groups->v), offsetof(struct cf_gvertex, id),
		    members->v[v].group);
	for (e = 0; e < members->ne; e++) {
		const struct cf_gedge *ed = &members->e[e], *g;
		int a = group_of[ed->from], b = group_of[ed->to];

		if (a < 0 || b < 0 ||
		    (g = cf_graph_edge_between(groups, a, b)) == NULL ||
		    !ge[g - groups->e])
			continue;
		on_edge[e] = 1;
		on_vertex[ed->from] = on_vertex[ed->to] = 1;
	}
out:
	free(group_of);
	free(ge);
	return rc;
}

static int write_dot(FILE *fp, const cf_graph *g, const unsigned char *on_edge,
    const unsigned char *on_vertex, size_t only_cycle, int grouped);

int
cf_dot_write(FILE *fp, const cf_graph *g, const cf_cycles *c,
    size_t only_cycle)
{
	unsigned char *on_edge = calloc(g->ne + 1, 1);
	unsigned char *on_vertex = calloc(g->nv + 1, 1);
	int rc;

	if (!on_edge || !on_vertex)
		rc = cf_error_set(CF_ENOMEM, "dot");
	else if ((rc = mark_cycles(g, c, only_cycle, on_edge, on_vertex)) ==
	    CF_OK)
		rc = write_dot(fp, g, on_edge, on_vertex, only_cycle, 0);
	free(on_edge);
	free(on_vertex);
	return rc;
}

int
cf_dot_write_grouped(FILE *fp, const cf_graph *members,
    const cf_graph *groups, const cf_cycles *c)
{
	unsigned char *on_edge = calloc(members->ne + 1, 1);
	unsigned char *on_vertex = calloc(members->nv + 1, 1);
	int rc;

	if (!on_edge || !on_vertex)
		rc = cf_error_set(CF_ENOMEM, "dot");
	else if ((rc = mark_group_cycles(members, groups, c, on_edge,
	    on_vertex)) == CF_OK)
		rc = write_dot(fp, members, on_edge, on_vertex, 0, 1);
	free(on_edge);
	free(on_vertex);
	return rc;
}

/* The DOT text of g with the marks given; grouped: g's cycles were found
 * between its groups (cf_dot_write_grouped). */
static int
write_dot(FILE *fp, const cf_graph *g, const unsigned char *on_edge,
    const unsigned char *on_vertex, size_t only_cycle, int grouped)
{
	unsigned char *shown, *done;
	size_t i, j;
	int rc = CF_OK;

	shown = calloc(g->nv + 1, 1);
	done = calloc(g->nv + 1, 1);
	if (!shown || !done) {
		rc = cf_error_set(CF_ENOMEM, "dot");
		goto out;
	}
	/* Show vertices with an edge (or on the chosen cycle). */
	for (i = 0; i < g->ne; i++)
		if (!only_cycle || on_edge[i]) {
			shown[g->e[i].from] = 1;
			shown[g->e[i].to] = 1;
		}
	fprintf(fp, "// circfin %s: the money-flow graph. Render with: dot"
	    " -Tsvg FILE -o graph.svg\n", cf_version());
	fputs("digraph circfin {\n  graph [rankdir=TB, fontname=\"Helvetica\","
	    " labelloc=t, fontsize=16, nodesep=0.4, ranksep=0.8, label=", fp);
	fprintf(fp, "\"Money flows (%s%s%s%s)%s\"];\n", g->currency,
	    g->as_of[0] ? ", as of " : "", g->as_of,
	    g->consolidate ? ", consolidated" : grouped ? ", cycles between"
	    " groups" : "", only_cycle ? " - one cycle" : "");
	fputs("  node [fontname=\"Helvetica\", style=filled, fontsize=11];\n"
	    "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\","
	    " fontcolor=\"#333333\"];\n", fp);
	/* Clusters: groups with two or more shown members. */
	for (i = 0; i < g->nv; i++) {
		size_t members = 0;

		if (!shown[i] || done[i] || g->consolidate)
			continue;
		for (j = i; j < g->nv; j++)
			members += shown[j] &&
			    strcmp(g->v[j].group, g->v[i].group) == 0;
		if (members < 2)
			continue;
		fputs("  subgraph ", fp);
		{
			char name[200];
			snprintf(name, sizeof(name), "cluster_%s", g->v[i].group);
			quoted(fp, name);
		}
		fputs(" {\n    label=", fp);
		quoted(fp, g->v[i].group_name);
		fputs("; style=\"rounded,dashed\"; color=\"#777777\";"
		    " fontsize=12;\n", fp);
		for (j = i; j < g->nv; j++)
			if (shown[j] && strcmp(g->v[j].group,
			    g->v[i].group) == 0) {
				write_node(fp, g, j, on_vertex[j]);
				done[j] = 1;
			}
		fputs("  }\n", fp);
	}
	for (i = 0; i < g->nv; i++)
		if (shown[i] && !done[i])
			write_node(fp, g, i, on_vertex[i]);
	for (i = 0; i < g->ne; i++) {
		const struct cf_gedge *e = &g->e[i];
		int bind = 0;
		size_t f;

		if (only_cycle && !on_edge[i])
			continue;
		for (f = e->flow0; f < e->flow0 + e->nflows; f++)
			bind |= binding(g->f[f].status);
		fputs("  ", fp);
		quoted(fp, g->v[e->from].id);
		fputs(" -> ", fp);
		quoted(fp, g->v[e->to].id);
		fputs(" [label=", fp);
		edge_label(fp, g, e);
		if (!bind)
			fputs(", style=dashed", fp);
		if (on_edge[i])
			fputs(", color=\"" CYCLE_COLOUR "\", penwidth=2.5", fp);
		fputs("];\n", fp);
	}
	write_legend(fp, g);
	fputs("}\n", fp);
	if (ferror(fp))
		rc = cf_error_set(CF_EIO, "writing DOT");
out:
	free(shown);
	free(done);
	return rc;
}
