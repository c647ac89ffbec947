/*
 * cmd_run.c - circfin run: the whole job on a dataset, into DIR.
 *
 * Import, then every analysis on the consolidated graph of binding flows
 * (paid and committed): cycles, exposure, and the GraphViz drawing
 * (graph.dot, and graph.svg when dot is installed); then the repayment
 * stress.  The store is built as DIR/circfin.sqlite.tmp and renamed over
 * DIR/circfin.sqlite only when every stage succeeded, so a failed run
 * leaves the previous results as they were.  The report (report.html and
 * report.md) is written last, from the store in its place: a failed
 * report loses none of the run's results.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"output", 'o', "DIR", "where results go (created; default out)"},
	{"quiet", 'q', NULL, "no progress line on stderr"},
	{"scenarios", 'S', "FILE", "the stress scenarios (default: scenarios.xml"
	    " beside DATASET, else the installed graphs/scenarios.xml)"},
	{"draws", 'N', "N", "Monte Carlo draws instead of the scenarios"
	    " file's"},
	{"jobs", 'j', "N", "threads for the Monte Carlo draws (default 1)"},
	{"no-stress", 0, NULL, "skip the repayment stress"},
	{"no-report", 0, NULL, "do not write DIR/report.html and"
	    " DIR/report.md"},
	{NULL, 0, NULL, NULL}
};

struct run_opts {
	const char *dir, *scenarios;
	long draws;
	int jobs, quiet, stress, report;
};

static void
remove_store_files(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int
print_summary(cf_store *st, const char *dataset, const char *db)
{
	cf_store_counts c;
	cf_table *t = NULL;
	int rc;

	if (cf_store_counts_get(st, &c) != CF_OK ||
	    cf_store_summary(&t, st) != CF_OK)
		return cli_fail();
	printf("circfin %s: %s -> %s\n", cf_version(), dataset, db);
	printf("  %ld sources, %ld entities, %ld flows, %ld disclosures, %ld"
	    " profile figures\n\n", c.sources, c.entities, c.flows,
	    c.disclosures, c.figures);
	rc = cli_write_table(t, OUT_TEXT);
	cf_table_free(t);
	return rc;
}

/* "$13.30B" for an exact amount in major units ("13300000000.00"). */
static void
billions(char *buf, size_t size, const char *exact)
{
	double v = exact ? strtod(exact, NULL) : 0;

	if (exact == NULL)
		snprintf(buf, size, "-");
	else if (v >= 1e9 || v == 0)
		snprintf(buf, size, "$%.2fB", v / 1e9);
	else
		snprintf(buf, size, "$%.0fM", v / 1e6);
}

/*
 * Print the first n rows of t as an aligned table of the named columns;
 * money[k] says column k holds an amount, shown in $B.
 */
static int
print_top(const cf_table *t, size_t n, const char *const *cols,
    const unsigned char *money, size_t ncols)
{
	cf_table *top = NULL;
	size_t r, k, c, idx[8];
	int rc;

	if (ncols > 8 || cf_table_new(&top, ncols, cols) != CF_OK)
		return cli_fail();
	for (k = 0; k < ncols; k++)
		for (idx[k] = 0, c = 0; c < cf_table_columns(t); c++)
			if (strcmp(cf_table_header(t, c), cols[k]) == 0)
				idx[k] = c;
	for (r = 0; r < cf_table_rows(t) && r < n; r++) {
		char buf[8][48];
		const char *cells[8];

		for (k = 0; k < ncols; k++) {
			const char *v = cf_table_cell(t, r, idx[k]);
			if (money[k]) {
				billions(buf[k], sizeof(buf[k]), v);
				cells[k] = buf[k];
			} else {
				cells[k] = v;
			}
		}
		if (cf_table_add_row(top, cells, NULL) != CF_OK) {
			cf_table_free(top);
			return cli_fail();
		}
	}
	rc = cf_table_write_text(top, stdout) == CF_OK ? EXIT_OK : cli_fail();
	cf_table_free(top);
	return rc;
}

/* Run dot -Tsvg; 0 when done, 1 when dot is not installed, -1 on failure. */
static int
render_svg(const char *dot_path, const char *svg_path)
{
	extern char **environ;
	char *args[] = {"dot", "-Tsvg", "-o", (char *)svg_path,
	    (char *)dot_path, NULL};
	pid_t pid;
	int status;

	if (posix_spawnp(&pid, "dot", NULL, NULL, args, environ) != 0)
		return 1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return 1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int
analyse(cf_store *st, const char *dir, int quiet)
{
	static const char *const cycle_cols[] = {"rank", "cycle",
	    "bottleneck", "total"};
	static const unsigned char cycle_money[] = {0, 0, 1, 1};
	static const char *const vendor_cols[] = {"entity", "backlog",
	    "round_trips", "at_risk_financing", "self_funded_share"};
	static const unsigned char vendor_money[] = {0, 1, 1, 1, 0};
	cf_graph_filter f = {0};
	cf_graph *g = NULL, *members = NULL;
	cf_cycles *c = NULL;
	cf_exposure *x = NULL;
	cf_table *t = NULL;
	char dot[4200], tmp[4300], svg[4200];
	int64_t run_id;
	struct cli_progress *prog = NULL;
	FILE *fp = NULL;
	int rc = EXIT_RUNTIME, r;

	f.consolidate = 1;
	if ((prog = cli_progress_new(quiet)) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	if (cf_graph_build(&g, st, &f) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	cf_graph_set_progress(g, cli_progress_work, prog);
	if (cf_cycles_find(&c, g, 6, 0) != CF_OK ||
	    cf_store_save_cycles(&run_id, st, g, c, 6, 0) != CF_OK ||
	    cf_exposure_compute(&x, g, 0) != CF_OK ||
	    cf_store_save_exposure(&run_id, st, g, x) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	printf("\nbinding flows (paid, committed), subsidiaries consolidated:"
	    " %zu entities, %zu edges\n", cf_graph_vertex_count(g),
	    cf_graph_edge_count(g));
	printf("\n%zu cycles of up to 6 edges; the largest by bottleneck:\n",
	    cf_cycles_size(c));
	if (cf_cycles_table(&t, g, c) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if ((rc = print_top(t, 5, cycle_cols, cycle_money, 4)) != EXIT_OK)
		goto out;
	rc = EXIT_RUNTIME;
	cf_table_free(t);
	t = NULL;
	printf("\nvendor-financing exposure (at-risk financing = financing"
	    " into counterparties whose money comes back):\n");
	if (cf_exposure_table(&t, g, x) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if ((rc = print_top(t, 8, vendor_cols, vendor_money, 5)) != EXIT_OK)
		goto out;
	rc = EXIT_RUNTIME;
	printf("\ncircularity: %.2f%% of all flow returns to where it"
	    " started\n", 100 * cf_exposure_circularity(x));
	snprintf(dot, sizeof(dot), "%s/graph.dot", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", dot);
	snprintf(svg, sizeof(svg), "%s/graph.svg", dir);
	/* Drawn with the subsidiaries apart, each group a cluster, and the
	 * cycles marked between groups: the drawing the report shows. */
	f.consolidate = 0;
	if (cf_graph_build(&members, st, &f) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if ((fp = fopen(tmp, "w")) == NULL) {
		cli_error("%s: %s", tmp, strerror(errno));
		goto out;
	}
	r = cf_dot_write_grouped(fp, members, g, c);
	if (fclose(fp) != 0 || r != CF_OK || rename(tmp, dot) != 0) {
		cli_error("%s: cannot write the GraphViz file", dot);
		remove(tmp);
		goto out;
	}
	r = render_svg(dot, svg);
	if (r < 0) {
		cli_error("dot failed to render %s", svg);
		goto out;
	}
	printf("\ngraph: %s%s%s\n", dot, r == 0 ? ", " : "", r == 0 ? svg :
	    " (install graphviz for graph.svg)");
	rc = EXIT_OK;
out:
	cf_table_free(t);
	cf_exposure_free(x);
	cf_cycles_free(c);
	cf_graph_free(members);
	cf_graph_free(g);
	cli_progress_free(prog);
	return rc;
}

/* The report of the runs just made, from the store in its place. */
static int
report(const char *db, const char *dir)
{
	cf_store *st = NULL;
	int rc = EXIT_OK;

	if (cf_store_open(&st, db, 0) != CF_OK ||
	    cf_report_write(st, dir, NULL) != CF_OK) {
		cli_error("%s (the store %s is complete)", cf_error_message(),
		    db);
		rc = EXIT_RUNTIME;
	} else {
		printf("\nreport: %s/report.html, %s/report.md\n", dir, dir);
		rc = cli_finish_stdout(EXIT_OK);
	}
	cf_store_close(st);
	return rc;
}

/* scenarios.xml beside the dataset (in it, for a directory), else the
 * installed default; NULL when neither exists. */
static const char *
default_scenarios(char *buf, size_t size, const char *dataset)
{
	struct stat sb;
	const char *slash;

	if (stat(dataset, &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(buf, size, "%s/scenarios.xml", dataset);
	else if ((slash = strrchr(dataset, '/')) != NULL)
		snprintf(buf, size, "%.*s/scenarios.xml",
		    (int)(slash - dataset), dataset);
	else
		snprintf(buf, size, "scenarios.xml");
	if (stat(buf, &sb) == 0)
		return buf;
	snprintf(buf, size, "%s/graphs/scenarios.xml", CF_PKGDATADIR);
	return stat(buf, &sb) == 0 ? buf : NULL;
}

/* The repayment stress of every scenario, on the unconsolidated graph
 * (profiles belong to the entities that report them): who defaults
 * first in each. */
static int
stress(cf_store *st, const struct run_opts *ro)
{
	cf_scenarios *sc = NULL;
	cf_stress *s = NULL;
	cf_stress_opts so;
	cf_table *t = NULL;
	struct cli_progress *prog = NULL;
	int64_t run_id = 0;
	int rc = EXIT_RUNTIME;

	memset(&so, 0, sizeof(so));
	so.draws = ro->draws;
	so.jobs = ro->jobs;
	if ((prog = cli_progress_new(ro->quiet)) != NULL) {
		so.progress = cli_progress_work;
		so.progress_arg = prog;
	}
	if (cf_scenarios_read(&sc, ro->scenarios) != CF_OK ||
	    cf_stress_run(&s, &run_id, st, NULL, sc, &so) != CF_OK ||
	    cf_stress_scenarios_table(&t, s) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	cli_progress_free(prog);
	prog = NULL;
	printf("\nrepayment stress (%s; entities without a profile pay in"
	    " full); first default = the earliest year by which half the"
	    " draws have defaulted:\n", ro->scenarios);
	rc = cli_write_table(t, OUT_TEXT);
out:
	cli_progress_free(prog);
	cf_table_free(t);
	cf_stress_free(s);
	cf_scenarios_free(sc);
	return rc;
}

static int
run(int argc, char **argv)
{
	struct run_opts ro = {"out", NULL, 0, 1, 0, 1, 1};
	struct cli_parser p;
	char db[4096], tmp[4100], scen[4200];
	cf_store *st = NULL;
	long v;
	int o, rc;

	cli_parser_init(&p, &cmd_run, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0: ro.dir = p.arg; break;
		case 1: ro.quiet = 1; break;
		case 2: ro.scenarios = p.arg; break;
		case 3:
			if ((v = cli_count_arg(&cmd_run, "draws", p.arg, 1)) < 0)
				return EXIT_USAGE;
			ro.draws = v;
			break;
		case 4:
			if ((v = cli_count_arg(&cmd_run, "jobs", p.arg, 1)) < 0)
				return EXIT_USAGE;
			if (v > 64)
				return cli_usage(&cmd_run, "--jobs: at most 64");
			ro.jobs = (int)v;
			break;
		case 5: ro.stress = 0; break;
		case 6: ro.report = 0; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage(&cmd_run, "expected one DATASET (a file or"
		    " directory)");
	if (snprintf(db, sizeof(db), "%s/circfin.sqlite", ro.dir) >=
	    (int)sizeof(db))
		return cli_usage(&cmd_run, "output directory name too long");
	if (ro.stress && ro.scenarios == NULL)
		ro.scenarios = default_scenarios(scen, sizeof(scen),
		    argv[optind]);
	snprintf(tmp, sizeof(tmp), "%s.tmp", db);
	if (cli_make_dirs(ro.dir) != 0) {
		cli_error("%s: cannot create directory: %s", ro.dir,
		    strerror(errno));
		return EXIT_RUNTIME;
	}
	remove_store_files(tmp);
	if (cf_store_open(&st, tmp, CF_STORE_CREATE) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if ((rc = cli_import(st, (const char *const *)argv + optind, 1,
	    "auto", ro.quiet)) != EXIT_OK)
		goto out;
	if ((rc = print_summary(st, argv[optind], db)) != EXIT_OK ||
	    (rc = analyse(st, ro.dir, ro.quiet)) != EXIT_OK)
		goto out;
	if (ro.stress && ro.scenarios != NULL) {
		if ((rc = stress(st, &ro)) != EXIT_OK)
			goto out;
	} else if (ro.stress) {
		printf("\nrepayment stress skipped: no scenarios.xml beside"
		    " the dataset or installed; give --scenarios FILE\n");
	}
	if ((rc = cli_finish_stdout(EXIT_OK)) != EXIT_OK)
		goto out;
	cf_store_close(st);
	st = NULL;
	remove_store_files(db);
	if (rename(tmp, db) != 0) {
		cli_error("%s: cannot rename to %s: %s", tmp, db,
		    strerror(errno));
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (ro.report)
		rc = report(db, ro.dir);
out:
	cf_store_close(st);
	if (rc != EXIT_OK)
		remove_store_files(tmp);
	return rc;
}

const struct cli_command cmd_run = {
	"run", "[--output DIR] [--quiet] [--scenarios FILE] [--draws N]"
	" [--jobs N] [--no-stress] [--no-report] DATASET",
	"import a dataset and run every analysis into DIR",
	"Builds a fresh store DIR/circfin.sqlite from DATASET (a circfin XML"
	" file, or a directory of datasets and CSV files), then analyses the"
	" graph of binding flows (paid and committed) with subsidiaries"
	" folded into their parents: every cycle of up to 6 edges and every"
	" vendor's exposure are stored as analysis runs, and the graph is"
	" written to DIR/graph.dot (and DIR/graph.svg when GraphViz's dot is"
	" installed).  Then it runs the repayment stress of every scenario in"
	" the scenarios file (as 'circfin stress' does, on the graph with"
	" subsidiaries apart, since profiles belong to the entities that"
	" report them).  It prints what was imported, the money per status,"
	" the largest cycles, the vendors' exposure and, per scenario, who"
	" defaults first.  Last it writes the report of these runs, as"
	" 'circfin report' does: DIR/report.html (one self-contained page)"
	" and DIR/report.md (a plain summary), unless --no-report is"
	" given.\n\n"
	"The store is written beside the old one and replaces it only when"
	" the whole run succeeded.  The report is written from the store in"
	" its place, so a failed report leaves the run's results complete"
	" (and exits 1).",
	options, run
};
