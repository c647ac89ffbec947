/*
 * cmd_report.c - circfin report: DIR/report.html and DIR/report.md from
 * the analysis runs of a store.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"db", 'd', "FILE", "the store (default circfin.sqlite)"},
	{"run", 'r', "ID", "report on this analysis run (default: the"
	    " latest)"},
	{"no-graph", 0, NULL, "leave the drawing of the graph out (no"
	    " GraphViz)"},
	{"output", 'o', "DIR", "where report.html and report.md go (created"
	    " if missing; required)"},
	{NULL, 0, NULL, NULL}
};

enum { O_DB, O_RUN, O_NOGRAPH, O_OUTPUT };

static int
run(int argc, char **argv)
{
	struct cli_parser p;
	cf_report_opts ro = {0, NULL, NULL, NULL, 0};
	size_t after = 0;
	const char *db = CLI_DEFAULT_DB, *dir = NULL;
	cf_store *st = NULL;
	long v;
	int o, rc;

	cli_parser_init(&p, &cmd_report, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case O_DB: db = p.arg; break;
		case O_RUN:
			if ((v = cli_count_arg(&cmd_report, "run", p.arg, 1)) <
			    0)
				return EXIT_USAGE;
			ro.run = v;
			break;
		case O_NOGRAPH: ro.dot = ""; break;
		case O_OUTPUT: dir = p.arg; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_report, "unexpected argument '%s'",
		    argv[optind]);
	if (dir == NULL || dir[0] == '\0')
		return cli_usage(&cmd_report, "-o DIR is required");
	if ((rc = cli_open_store(&st, db)) != EXIT_OK)
		return rc;
	if (cli_make_dirs(dir) != 0) {
		cli_error("%s: cannot create directory: %s", dir,
		    strerror(errno));
		rc = EXIT_RUNTIME;
		goto out;
	}
	ro.imports_after = &after;
	if (cf_report_write(st, dir, &ro) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if (after > 0)
		cli_error("warning: %zu file%s imported after the runs"
		    " reported on; the report says which of its parts are the"
		    " store's now (run 'circfin run' again for one of a piece)",
		    after, after == 1 ? " was" : "s were");
	printf("%s/report.html\n%s/report.md\n", dir, dir);
	rc = cli_finish_stdout(EXIT_OK);
out:
	cf_store_close(st);
	return rc;
}

const struct cli_command cmd_report = {
	"report", "[--db FILE] [--run ID] [--no-graph] -o DIR",
	"write the HTML and Markdown report of the analyses",
	"Writes DIR/report.html, one self-contained page (inline CSS and"
	" SVG, no script, nothing loaded from the network, printable), and"
	" DIR/report.md, a plain summary in Markdown that diffs well between"
	" runs, and prints their paths.  The report shows the analysis run"
	" given by --run (default: the latest) and, for each other kind"
	" (cycles, exposure, stress), the run with the same filter nearest"
	" to it by id (the later of two equally near), so the three runs of"
	" one `circfin run` go together; a kind with no such run is said to"
	" be missing in the page.\n\n"
	"The page has the headline figures (headline, binding and"
	" contingent money in all and per lab, the share of all flow that is"
	" circular, the largest cycles), the money-flow graph drawn by"
	" GraphViz's dot with its cycles highlighted (left out with a note"
	" when dot is not installed, fails or runs for more than two"
	" minutes, or with --no-graph), the cycles with"
	" the flows on each edge, each vendor's exposure, the stress results"
	" (probability of default by year, cash paths, backlog at risk), every"
	" flow with its sources, the sources, the run parameters and the"
	" methods.  Every amount links to where it comes from; estimates,"
	" assumptions and contingent amounts are marked.  Amounts are in"
	" billions with two decimals, rounded half away from zero; the exact"
	" figures are in the Flows tables.\n\n"
	"Each file is written to a temporary file in DIR and renamed into"
	" place, so a failure leaves the previous report as it was.  'circfin"
	" run' writes the same report into its output directory.\n\n"
	"The cycles, exposure and stress tables are those of the stored"
	" runs; the headline figures, the graph and the flows are read from"
	" the store as it is.  When files were imported after the runs, the"
	" page says so and which parts are whose, and a warning goes to"
	" stderr (the exit status stays 0).",
	options, run
};
