/*
 * phases.c - time the phases of circfin's analyses inside one process.
 *
 * The commands `circfin cycles` and `circfin exposure` each open the
 * store, build the graph from it and then search or trace, so their wall
 * time mixes SQLite reading with the algorithm.  This program (built by
 * bench/run against the bench build's libcircfin-core, like the unit
 * tests, and reading the private graph.h for component sizes) splits them:
 * graph build, cycle count, cycle records (no store writes), exposure.
 *
 *     phases DB MAX_LEN [consolidate] [skip-cycles] [skip-find]
 *
 * consolidate folds subsidiaries into their parents (--consolidate);
 * skip-cycles leaves out both cycle phases, skip-find the records.
 * prints one line of key=value pairs on stdout (times in seconds, -1 for
 * a phase left out); exit 1 with the library's message on stderr if a
 * phase fails.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "circfin.h"
#include "graph.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Largest strongly connected component, vertices in components of two or
 * more, and edges whose ends are in one such component. */
static void
scc_stats(const cf_graph *g, size_t *largest, size_t *cyc_v, size_t *cyc_e)
{
	size_t i;

	*largest = *cyc_v = *cyc_e = 0;
	for (i = 0; i < g->nv; i++) {
		if ((size_t)g->v[i].comp_size > *largest)
			*largest = (size_t)g->v[i].comp_size;
		if (g->v[i].comp_size >= 2)
			(*cyc_v)++;
	}
	for (i = 0; i < g->ne; i++)
		if (g->v[g->e[i].from].comp == g->v[g->e[i].to].comp)
			(*cyc_e)++;
}

int
main(int argc, char **argv)
{
	cf_graph_filter f;
	cf_store *st = NULL;
	cf_graph *g = NULL;
	cf_cycles *c = NULL;
	cf_exposure *x = NULL;
	uint64_t n = 0;
	size_t largest, cyc_v, cyc_e;
	int truncated = 0, max_len, skip_cycles = 0, skip_find = 0, i, rc = 1;
	double t0, t_build, t_count = -1, t_find = -1, t_exp;
	char ncycles[32] = "-";

	if (argc < 3) {
		fputs("usage: phases DB MAX_LEN [consolidate] [skip-cycles]"
		    " [skip-find]\n", stderr);
		return 2;
	}
	max_len = atoi(argv[2]);
	/* as circfin itself: bench/run raises the cycles limit */
	if (getenv("CIRCFIN_LIMITS") != NULL &&
	    cf_limit_parse(getenv("CIRCFIN_LIMITS")) != CF_OK) {
		fprintf(stderr, "CIRCFIN_LIMITS: %s\n", cf_error_message());
		return 2;
	}
	memset(&f, 0, sizeof(f));
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "consolidate") == 0)
			f.consolidate = 1;
		else if (strcmp(argv[i], "skip-cycles") == 0)
			skip_cycles = 1;
		else if (strcmp(argv[i], "skip-find") == 0)
			skip_find = 1;
	}
	if (cf_store_open(&st, argv[1], 0) != CF_OK)
		goto out;
	t0 = now();
	if (cf_graph_build(&g, st, &f) != CF_OK)
		goto out;
	t_build = now() - t0;
	if (!skip_cycles) {
		t0 = now();
		if (cf_cycles_count(&n, &truncated, g, max_len, 0) != CF_OK)
			goto out;
		t_count = now() - t0;
		snprintf(ncycles, sizeof(ncycles), "%" PRIu64, n);
	}
	if (!skip_cycles && !skip_find) {
		t0 = now();
		if (cf_cycles_find(&c, g, max_len, 0) != CF_OK)
			goto out;
		t_find = now() - t0;
	}
	t0 = now();
	if (cf_exposure_compute(&x, g, 0) != CF_OK)
		goto out;
	t_exp = now() - t0;
	scc_stats(g, &largest, &cyc_v, &cyc_e);
	printf("vertices=%zu edges=%zu flows=%zu cyclic_components=%zu"
	    " largest_scc=%zu scc_vertices=%zu scc_edges=%zu cycles=%s"
	    " build_s=%.6f count_s=%.6f find_s=%.6f exposure_s=%.6f"
	    " sweeps=%d converged=%d\n",
	    g->nv, g->ne, g->nf, cf_graph_cyclic_components(g), largest,
	    cyc_v, cyc_e, ncycles, t_build, t_count, t_find, t_exp, x->iterations,
	    x->converged);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "phases: %s\n", cf_error_message());
	cf_exposure_free(x);
	cf_cycles_free(c);
	cf_graph_free(g);
	cf_store_close(st);
	return rc;
}
