/*
 * report_md.c - report.md: the report as plain Markdown that diffs well.
 *
 * The same figures as report.html, as GitHub-flavoured Markdown tables in
 * a fixed order with fixed rounding, the exact amounts of the flows, the
 * sources as a numbered list, and the run parameters.  No time appears
 * but the runs' creation times, so two reports of one store are
 * byte-identical.  Every string from the store is escaped for Markdown.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "report.h"

struct m {
	FILE *fp;
	const struct rp_data *d;
	int rc;
};

static void
put(struct m *m, const char *s)
{
	fputs(s, m->fp);
}

static void
putf(struct m *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct m *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(m->fp, fmt, ap);
	va_end(ap);
}

/* Text for a table cell or a line: Markdown's punctuation escaped, line
 * breaks and control characters as spaces; NULL writes "-". */
static void
esc(struct m *m, const char *s)
{
	if (s == NULL) {
		put(m, "-");
		return;
	}
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|&~#!$", *s) != NULL)
			fputc('\\', m->fp);
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, m->fp);
	}
}

static void
amount(struct m *m, int64_t minor)
{
	char b[RP_AMOUNT_MAX];

	rp_billions(b, sizeof(b), m->d, minor);
	esc(m, b);
}

static void
cell_amount(struct m *m, int64_t minor)
{
	put(m, " | ");
	amount(m, minor);
}

static void
percent(struct m *m, double share)
{
	char b[32];

	rp_percent(b, sizeof(b), share);
	put(m, b);
}

static void
name(struct m *m, const char *id)
{
	esc(m, rp_name(m->d, id));
}

static void
ids(struct m *m, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		put(m, i ? ", " : "");
		esc(m, v[i]);
	}
}

/* A source's number in the Sources list. */
static size_t
source_number(const struct rp_data *d, const struct rp_source *s)
{
	return (size_t)(s - d->sources) + 1;
}

/* ---- sections --------------------------------------------------------- */

static void
intro(struct m *m)
{
	const struct rp_data *d = m->d;
	const struct rp_run *r = d->run[d->chosen];
	char note[RP_STORE_CHANGED_MAX];
	int k;

	put(m, "# Circular financing report\n\n");
	if (d->nimports && d->imports[0].title) {
		put(m, "Data: ");
		esc(m, d->imports[0].title);
		if (d->imports_stored > 1)
			putf(m, " and %zu more files", d->imports_stored - 1);
		put(m, ".  ");
	}
	if (r->as_of) {
		put(m, "As of ");
		esc(m, r->as_of);
	} else {
		put(m, "Every flow in the store (no as-of date)");
	}
	put(m, ".  Amounts in ");
	esc(m, d->currency);
	put(m, ", in billions with two decimals, rounded half away from zero"
	    " from the exact minor units (the Flows table has the exact"
	    " figures).\n\nRuns:");
	for (k = 0; k < RP_NKINDS; k++) {
		if (d->run[k] == NULL)
			continue;
		putf(m, " %s run %lld (", rp_kind_name(k),
		    (long long)d->run[k]->id);
		esc(m, d->run[k]->created);
		put(m, k == d->chosen ? ", asked for)" : ")");
		put(m, ";");
	}
	put(m, " see Run parameters.\n\n");
	if (d->imports_after > 0) {
		rp_store_changed(note, sizeof(note), d);
		put(m, "**The store changed after these runs:** ");
		esc(m, note);
		put(m, ".  The cycles, exposure and stress tables are the"
		    " runs'; the headline figures, the graph and the flows are"
		    " the store's now.  Run `circfin run` again for a report"
		    " that is all of one piece.\n\n");
	}
}

static void
headline(struct m *m)
{
	const struct rp_data *d = m->d;
	const struct rp_run *x = d->run[RP_EXPOSURE];
	size_t i;
	int k;

	put(m, "## Headline figures\n\n"
	    "Headline: every announced amount that is not superseded."
	    "  Binding: paid and committed.  Contingent: contingent, option"
	    " and letter of intent.\n\n"
	    "| | Headline | Binding | Contingent |\n|---|---:|---:|---:|\n"
	    "| Money");
	for (k = 0; k < RP_NCLASS; k++)
		cell_amount(m, d->total[k]);
	put(m, " |\n| Flows");
	for (k = 0; k < RP_NCLASS; k++)
		putf(m, " | %zu", d->total_flows[k]);
	put(m, " |\n\n");
	if (d->unvalued)
		putf(m, "%zu counted flows have no money amount.\n\n",
		    d->unvalued);
	if (x && x->has_exposure) {
		put(m, "Circular: ");
		percent(m, x->circularity);
		putf(m, " of all flow returns to where it started (exposure"
		    " run %lld).\n\n", (long long)x->id);
	} else {
		put(m, "Circular: no exposure run.\n\n");
	}
	put(m, "### Per lab\n\n");
	if (d->nlabs == 0) {
		put(m, "No lab has a flow in the report.\n\n");
	} else {
		put(m, "| Lab | Received | binding | contingent | Committed to"
		    " others | binding | contingent |\n"
		    "|---|---:|---:|---:|---:|---:|---:|\n");
		for (i = 0; i < d->nlabs; i++) {
			put(m, "| ");
			name(m, d->labs[i].e->id);
			for (k = 0; k < RP_NCLASS; k++)
				cell_amount(m, d->labs[i].in[k]);
			for (k = 0; k < RP_NCLASS; k++)
				cell_amount(m, d->labs[i].out[k]);
			put(m, " |\n");
		}
		put(m, "\n(Received and committed: headline figures.)\n\n");
	}
	put(m, "### Largest cycles\n\n");
	if (d->run[RP_CYCLES] == NULL)
		put(m, "No cycles run.\n\n");
	else if (d->ncycles == 0)
		put(m, "No cycle.\n\n");
	for (i = 0; i < d->ncycles && i < 5; i++) {
		const struct rp_cycle *c = &d->cycles[i];
		size_t e;

		putf(m, "%zu. ", i + 1);
		for (e = 0; e < c->nedges; e++) {
			name(m, c->edges[e].from);
			put(m, " \\> ");
		}
		if (c->nedges)
			name(m, c->edges[0].from);
		put(m, ": bottleneck ");
		if (c->valued)
			amount(m, c->bottleneck);
		else
			put(m, "none");
		put(m, ", total ");
		amount(m, c->total);
		put(m, "\n");
	}
	if (d->ncycles)
		put(m, "\n");
}

static void
cycles(struct m *m)
{
	const struct rp_data *d = m->d;
	const struct rp_run *r = d->run[RP_CYCLES];
	size_t i, e;

	put(m, "## Cycles\n\n");
	if (r == NULL) {
		put(m, "No cycles run with this filter.\n\n");
		return;
	}
	putf(m, "Cycles run %lld: every cycle of at most %ld edges, by"
	    " bottleneck.", (long long)r->id, r->max_len);
	if (r->truncated)
		putf(m, "  The search stopped at its limit of %ld cycles.",
		    r->limit);
	if (d->cycles_stored > d->ncycles)
		putf(m, "  The first %zu of %zu are listed.", d->ncycles,
		    d->cycles_stored);
	put(m, "\n\n");
	if (d->ncycles == 0) {
		put(m, "No cycle.\n\n");
		return;
	}
	put(m, "| # | Cycle | Edges | Bottleneck | Total | Each edge: amount"
	    " (flows) |\n|---:|---|---:|---:|---:|---|\n");
	for (i = 0; i < d->ncycles; i++) {
		const struct rp_cycle *c = &d->cycles[i];

		putf(m, "| %ld | ", c->rank);
		esc(m, c->path);
		putf(m, " | %ld", c->length);
		if (c->valued)
			cell_amount(m, c->bottleneck);
		else
			put(m, " | -");
		cell_amount(m, c->total);
		put(m, " | ");
		for (e = 0; e < c->nedges; e++) {
			const struct rp_cedge *ed = &c->edges[e];

			put(m, e ? "; " : "");
			esc(m, ed->from);
			put(m, "\\>");
			esc(m, ed->to);
			put(m, " ");
			amount(m, ed->amount);
			put(m, " (");
			ids(m, ed->flows, ed->nflows);
			put(m, ")");
		}
		put(m, " |\n");
	}
	put(m, "\n");
}

static void
exposure(struct m *m)
{
	const struct rp_data *d = m->d;
	const struct rp_run *r = d->run[RP_EXPOSURE];
	size_t i, receivers = 0;
	int all_zero = 1;

	put(m, "## Vendor exposure\n\n");
	if (r == NULL) {
		put(m, "No exposure run with this filter.\n\n");
		return;
	}
	putf(m, "Exposure run %lld%s.\n\n", (long long)r->id, r->converged ?
	    "" : " (the tracing did not converge)");
	if (d->nvendors == 0) {
		put(m, "No vendor.\n\n");
		return;
	}
	put(m, "| Vendor | Backlog | Self-funded backlog | Self-funded share"
	    " | Direct round trips | Net vendor-financing exposure | Net"
	    " backlog |\n|---|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < d->nvendors; i++) {
		const struct rp_vendor *v = &d->vendors[i];

		put(m, "| ");
		name(m, v->id);
		cell_amount(m, v->backlog);
		cell_amount(m, v->self_funded_backlog);
		put(m, " | ");
		percent(m, v->share);
		cell_amount(m, v->round_trips);
		cell_amount(m, v->at_risk);
		cell_amount(m, v->net_backlog);
		put(m, " |\n");
		all_zero &= v->self_funded_backlog == 0;
		receivers += v->inflow >= v->outflow;
	}
	put(m, "\n");
	if (all_zero)
		putf(m, "Every self-funded share is 0.0%%: it counts only a"
		    " vendor's own money coming back to it, and %s"
		    " (docs/methods.md, \"Reading the numbers: who owns the"
		    " money\").\n\n", receivers == d->nvendors ? "every vendor"
		    " here is a net receiver, with no own money in the model" :
		    "the net receivers among the vendors have no own money in"
		    " the model while the others' does not come back to them");
	if (d->ntrips == 0)
		return;
	put(m, "### Direct round trips\n\n| Vendor | Counterparty | Financing"
	    " | Spend | Round trip |\n|---|---|---:|---:|---:|\n");
	for (i = 0; i < d->ntrips; i++) {
		const struct rp_trip *t = &d->trips[i];

		put(m, "| ");
		name(m, t->vendor);
		put(m, " | ");
		name(m, t->counterparty);
		cell_amount(m, t->financing);
		cell_amount(m, t->spend);
		cell_amount(m, t->amount);
		put(m, " |\n");
	}
	put(m, "\n");
}

/* The cash paths that run away (rp_cash_runaway()) and the growth
 * figure behind each. */
static void
runaway(struct m *m, const char **ents, size_t n)
{
	const struct rp_data *d = m->d;
	const struct rp_scenario *s0 = &d->scenarios[0];
	size_t i, j;

	for (j = 0; j < d->nscenarios; j++)
		for (i = 0; i < n; i++) {
			const struct rp_syear *first, *top;
			const struct rp_growth *g;
			char times[64], pc[32];

			if (!rp_cash_runaway(d, d->scenarios[j].name, ents[i],
			    &first, &top))
				continue;
			rp_grouped(times, sizeof(times), (double)top->q95 /
			    (double)first->q95);
			put(m, "Note: in ");
			esc(m, d->scenarios[j].name);
			put(m, d->scenarios[j].montecarlo ? ", the 95% cash"
			    " path of " : ", the cash path of ");
			name(m, ents[i]);
			put(m, " reaches ");
			amount(m, top->q95);
			putf(m, " in %d, %s times its %d value.", top->year,
			    times, first->year);
			g = rp_growth_in(d, ents[i], s0->start_year +
			    s0->years - 1);
			if (g != NULL) {
				rp_percent(pc, sizeof(pc), g->ratio);
				putf(m, "  Its latest revenue-growth figure is"
				    " %s%s for ", g->ratio > 0 ? "+" : "", pc);
				esc(m, g->period);
				put(m, " (");
				esc(m, g->id);
				put(m, g->assumption ? ", an assumption)" :
				    ")");
				put(m, "; later years take it halved every"
				    " revenue-growth-half-life years when the"
				    " scenario sets one, else held.");
			}
			put(m, "\n\n");
		}
}

static void
stress(struct m *m)
{
	const struct rp_data *d = m->d;
	const struct rp_run *r = d->run[RP_STRESS];
	const struct rp_scenario *s0;
	const char **ents = NULL, **vend = NULL;
	size_t i, j, n, nv;
	int t, labs_only;

	put(m, "## Repayment stress\n\n");
	if (r == NULL || d->nscenarios == 0) {
		put(m, "No stress run for this as-of date and currency.\n\n");
		return;
	}
	s0 = &d->scenarios[0];
	putf(m, "Stress run %lld.  Every figure here is a model result under"
	    " assumptions (the scenarios and the profiles' growth paths), not"
	    " data.\n\n", (long long)r->id);
	put(m, "| Scenario | Kind | Draws | Years | Clearing | Defaults"
	    " (median year) |\n|---|---|---:|---|---|---|\n");
	for (i = 0; i < d->nscenarios; i++) {
		const struct rp_scenario *s = &d->scenarios[i];
		int any = 0;

		put(m, "| ");
		esc(m, s->name);
		putf(m, " | %s | %ld | %d-%d | ", s->montecarlo ? "Monte Carlo"
		    : "deterministic", s->draws, s->start_year,
		    s->start_year + s->years - 1);
		esc(m, s->model);
		put(m, " | ");
		for (j = 0; j < d->nsentities; j++) {
			const struct rp_sentity *e = &d->sentities[j];

			if (strcmp(e->scenario, s->name) != 0 ||
			    e->p_default < 0.5 || e->median_year == 0)
				continue;
			put(m, any ? "; " : "");
			name(m, e->entity);
			putf(m, " %d", e->median_year);
			any = 1;
		}
		put(m, any ? " |\n" : "none |\n");
	}
	put(m, "\n");
	ents = calloc(d->nsentities + 1, sizeof(*ents));
	vend = calloc(d->nsvendors + 1, sizeof(*vend));
	if (ents == NULL || vend == NULL) {
		m->rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	n = rp_stress_entities(d, ents, d->nsentities, &labs_only);
	putf(m, "### Probability of default by year%s\n\n", labs_only ?
	    " (labs)" : "");
	if (n) {
		put(m, "| Scenario | Entity");
		for (t = 0; t < s0->years; t++)
			putf(m, " | %d", s0->start_year + t);
		put(m, " |\n|---|---");
		for (t = 0; t < s0->years; t++)
			put(m, "|---:");
		put(m, "|\n");
	}
	for (j = 0; j < d->nscenarios; j++)
		for (i = 0; i < n; i++) {
			put(m, "| ");
			esc(m, d->scenarios[j].name);
			put(m, " | ");
			name(m, ents[i]);
			for (t = 0; t < s0->years; t++) {
				const struct rp_syear *y = rp_syear_find(d,
				    d->scenarios[j].name, ents[i],
				    s0->start_year + t);
				put(m, " | ");
				if (y)
					percent(m, y->p_default);
				else
					put(m, "-");
			}
			put(m, " |\n");
		}
	putf(m, "\n### Cash at the end of each year%s: 5%% / median /"
	    " 95%% of the draws\n\n", labs_only ? " (labs)" : "");
	if (n)
		put(m, "| Scenario | Entity | Year | 5% | Median | 95% |\n"
		    "|---|---|---:|---:|---:|---:|\n");
	for (j = 0; j < d->nscenarios; j++)
		for (i = 0; i < n; i++)
			for (t = 0; t < s0->years; t++) {
				const struct rp_syear *y = rp_syear_find(d,
				    d->scenarios[j].name, ents[i],
				    s0->start_year + t);
				if (y == NULL)
					continue;
				put(m, "| ");
				esc(m, d->scenarios[j].name);
				put(m, " | ");
				name(m, ents[i]);
				putf(m, " | %d", y->year);
				cell_amount(m, y->q05);
				cell_amount(m, y->q50);
				cell_amount(m, y->q95);
				put(m, " |\n");
			}
	put(m, "\n");
	runaway(m, ents, n);
	put(m, "### Backlog at risk: expected unpaid of what falls due\n\n");
	nv = rp_at_risk_vendors(d, vend);
	if (nv) {
		put(m, "| Vendor");
		for (j = 0; j < d->nscenarios; j++) {
			put(m, " | ");
			esc(m, d->scenarios[j].name);
		}
		put(m, " |\n|---");
		for (j = 0; j < d->nscenarios; j++)
			put(m, "|---:");
		put(m, "|\n");
	}
	for (i = 0; i < nv; i++) {
		put(m, "| ");
		name(m, vend[i]);
		for (j = 0; j < d->nscenarios; j++) {
			const struct rp_svendor *v = rp_svendor_find(d,
			    d->scenarios[j].name, vend[i]);

			put(m, " | ");
			if (v) {
				amount(m, v->at_risk);
				put(m, " of ");
				amount(m, v->backlog);
			} else {
				put(m, "-");
			}
		}
		put(m, " |\n");
	}
	put(m, "\n### Every modelled entity\n\n| Scenario | Entity |"
	    " P(default) | Median default year | Expected shortfall |\n"
	    "|---|---|---:|---:|---:|\n");
	for (i = 0; i < d->nsentities; i++) {
		const struct rp_sentity *e = &d->sentities[i];

		put(m, "| ");
		esc(m, e->scenario);
		put(m, " | ");
		name(m, e->entity);
		put(m, " | ");
		percent(m, e->p_default);
		if (e->median_year)
			putf(m, " | %d", e->median_year);
		else
			put(m, " | -");
		cell_amount(m, e->shortfall);
		put(m, " |\n");
	}
	put(m, "\n");
out:
	free(ents);
	free(vend);
}

static void
marks(struct m *m, const struct rp_flow *f)
{
	const char *sep = "";

	if (f->cls == RP_CONTINGENT) {
		put(m, "c");
		sep = " ";
	}
	if (f->cls == RP_SUPERSEDED) {
		put(m, "s");
		sep = " ";
	}
	if (f->estimate) {
		putf(m, "%se", sep);
		sep = " ";
	}
	if (f->confidence && strcmp(f->confidence, "low") == 0) {
		putf(m, "%sl", sep);
		sep = " ";
	}
	if (f->assumed || (f->confidence && (strcmp(f->confidence,
	    "estimate") == 0 || strcmp(f->confidence, "assumption") == 0))) {
		putf(m, "%sa", sep);
		sep = " ";
	}
	if (f->valued && !f->has_amount)
		putf(m, "%sr", sep);
}

static void
flows(struct m *m)
{
	const struct rp_data *d = m->d;
	char x[RP_AMOUNT_MAX];
	size_t i, k;

	put(m, "## Flows\n\nBy announcement date.  Marks: c not binding"
	    " (contingent, option, letter of intent); s superseded, not"
	    " counted; e estimate; l low confidence; a assumption (a schedule"
	    " spread evenly); r the low end of a range.  Sources are numbers"
	    " in the Sources list.");
	if (d->outside)
		putf(m, "  %zu flows of the store are outside the report.",
		    d->outside);
	put(m, "\n\n| Flow | Announced | From | To | Type | Status | Amount |"
	    " Exact | Marks | Sources |\n"
	    "|---|---|---|---|---|---|---:|---:|---|---|\n");
	for (k = 0; k < d->nflows; k++) {
		const struct rp_flow *f = &d->flows[d->flow_order[k]];

		put(m, "| ");
		esc(m, f->id);
		put(m, " | ");
		esc(m, f->announced);
		put(m, " | ");
		name(m, f->from);
		put(m, " | ");
		name(m, f->to);
		put(m, " | ");
		esc(m, f->type);
		put(m, " | ");
		esc(m, f->status);
		if (f->valued) {
			cell_amount(m, f->value);
			rp_exact(x, sizeof(x), d, f->value);
			putf(m, " | %s", x);
		} else {
			put(m, " | - | -");
		}
		put(m, " | ");
		marks(m, f);
		put(m, " | ");
		for (i = 0; i < f->nsrc; i++)
			putf(m, "%s[%zu]", i ? " " : "",
			    source_number(d, &d->sources[f->src[i]]));
		if (f->nsrc == 0)
			put(m, "none");
		put(m, " |\n");
	}
	put(m, "\n");
}

static void
sources(struct m *m)
{
	const struct rp_data *d = m->d;
	size_t i;

	put(m, "## Sources\n\n");
	if (d->nsources == 0)
		put(m, "No flow cites a source.\n");
	for (i = 0; i < d->nsources; i++) {
		const struct rp_source *s = &d->sources[i];

		putf(m, "%zu. ", i + 1);
		esc(m, s->title);
		if (s->publisher) {
			put(m, ", ");
			esc(m, s->publisher);
		}
		if (s->date) {
			put(m, ", ");
			esc(m, s->date);
		}
		put(m, ".");
		if (s->url) {
			put(m, " ");
			esc(m, s->url);
		}
		if (s->accession) {
			put(m, " SEC accession ");
			esc(m, s->accession);
			put(m, ".");
		}
		put(m, " \\[");
		esc(m, s->id);
		put(m, "\\]\n");
	}
	put(m, "\n");
}

static void
parameters(struct m *m)
{
	const struct rp_data *d = m->d;
	char b[RP_AMOUNT_MAX], set[512];
	size_t i, j;
	int k;

	put(m, "## Run parameters\n\n| Run | Id | Created (UTC) | circfin |"
	    " As of | Statuses | Types | Consolidated | Currency | Min. amount"
	    " | Settings |\n|---|---:|---|---|---|---|---|---|---|---:|---|\n");
	for (k = 0; k < RP_NKINDS; k++) {
		const struct rp_run *r = d->run[k];

		if (r == NULL)
			continue;
		putf(m, "| %s | %lld | ", rp_kind_name(k), (long long)r->id);
		esc(m, r->created);
		put(m, " | ");
		esc(m, r->version);
		put(m, " | ");
		esc(m, r->as_of ? r->as_of : "none");
		put(m, " | ");
		rp_set_text(set, sizeof(set), r->statuses, 0);
		esc(m, set);
		put(m, " | ");
		rp_set_text(set, sizeof(set), r->types, 1);
		esc(m, set);
		putf(m, " | %s | ", r->consolidated ? "yes" : "no");
		esc(m, r->currency);
		rp_exact(b, sizeof(b), d, r->min_amount);
		putf(m, " | %s | %ld entities, %ld edges, %ld flows",
		    r->min_amount ? b : "-", r->entities, r->edges, r->flows);
		if (k == RP_CYCLES)
			putf(m, "; max length %ld%s", r->max_len, r->limit ?
			    "; limited" : "");
		if (k == RP_EXPOSURE && r->has_exposure)
			putf(m, "; tolerance %g, %ld iterations, %s",
			    r->tolerance, r->iterations, r->converged ?
			    "converged" : "not converged");
		put(m, " |\n");
	}
	put(m, "\n");
	for (k = 0; k < RP_NKINDS; k++)
		if (d->run[k] == NULL)
			putf(m, "No %s run has the filter of run"
			    " %lld.\n\n", rp_kind_name(k),
			    (long long)d->run[d->chosen]->id);
	putf(m, "Imported files: %zu.\n\n", d->imports_stored);
	if (d->nimports)
		put(m, "| File | SHA-256 | Title | As of | Rows |\n"
		    "|---|---|---|---|---:|\n");
	for (i = 0; i < d->nimports; i++) {
		const struct rp_import *im = &d->imports[i];

		put(m, "| ");
		esc(m, im->path);
		put(m, " | ");
		esc(m, im->sha256);
		put(m, " | ");
		esc(m, im->title);
		put(m, " | ");
		esc(m, im->as_of);
		putf(m, " | %ld |\n", im->rows);
	}
	if (d->nimports)
		put(m, "\n");
	for (i = 0; i < d->nscenarios; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(d->scenarios[j].file, d->scenarios[i].file)
			    == 0 && strcmp(d->scenarios[j].sha256,
			    d->scenarios[i].sha256) == 0)
				break;
		if (j < i)
			continue;
		put(m, "Scenarios file: ");
		esc(m, d->scenarios[i].file);
		put(m, " (the path as given to the stress run), SHA-256 ");
		esc(m, d->scenarios[i].sha256);
		put(m, ".\n\n");
	}
	if (d->nscenarios)
		put(m, "| Scenario | Draws | Seed | Years | Clearing |"
		    " Quantiles | Converged |\n"
		    "|---|---:|---:|---|---|---|---|\n");
	for (i = 0; i < d->nscenarios; i++) {
		const struct rp_scenario *s = &d->scenarios[i];

		put(m, "| ");
		esc(m, s->name);
		putf(m, " | %ld | ", s->draws);
		esc(m, s->seed);
		putf(m, " | %d-%d | ", s->start_year,
		    s->start_year + s->years - 1);
		esc(m, s->model);
		put(m, " | ");
		esc(m, s->quantiles);
		putf(m, " | %s |\n", s->converged ? "yes" : "no");
	}
	if (d->nscenarios)
		put(m, "\n");
	putf(m, "Written by circfin %s.\n", cf_version());
}

int
rp_md_write(FILE *fp, const struct rp_data *d)
{
	struct m m = {fp, d, CF_OK};

	intro(&m);
	headline(&m);
	cycles(&m);
	exposure(&m);
	stress(&m);
	flows(&m);
	sources(&m);
	parameters(&m);
	if (m.rc != CF_OK)
		return m.rc;
	if (ferror(fp))
		return cf_error_set(CF_EIO, "report: writing the Markdown");
	return CF_OK;
}
