/*
 * cmd_exposure.c - circfin exposure: how much of each vendor's revenue
 * and backlog is its own money coming back.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"

static const struct cli_option options[] = {
	CLI_GRAPH_OPTIONS,
	{"tolerance", 0, "X", "relative tolerance of the tracing solver"
	    " (default 1e-12)"},
	{"round-trips", 'r', NULL, "list the direct round trips per vendor and"
	    " counterparty instead of the vendors"},
	{"backlog", 'b', NULL, "list each vendor's disclosed backlog (RPO)"
	    " against the commitments known to the graph"},
	{"csv", 0, NULL, "write CSV (RFC 4180) instead of a table"},
	{"json", 0, NULL, "write JSON with the circularity, the vendors and"
	    " the round trips"},
	{NULL, 0, NULL, NULL}
};

enum { O_TOL = CLI_GRAPH_NOPTS, O_TRIPS, O_BACKLOG, O_CSV, O_JSON };

static int
run(int argc, char **argv)
{
	struct cli_graph_args ga = {0};
	struct cli_parser p;
	cf_store *st = NULL;
	cf_graph *g = NULL;
	cf_exposure *x = NULL;
	cf_table *t = NULL;
	double tol = 1e-12;
	int64_t run_id = 0;
	cf_table *rt = NULL, *bt = NULL;
	int format = OUT_TEXT, trips = 0, backlog = 0, o, rc;
	char *end;

	cli_parser_init(&p, &cmd_exposure, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		if (o >= 0 && o < CLI_GRAPH_NOPTS) {
			cli_graph_option(&ga, o, p.arg);
			continue;
		}
		switch (o) {
		case O_TOL:
			tol = strtod(p.arg, &end);
			if (*end != '\0' || !(tol > 0 && tol < 1))
				return cli_usage(&cmd_exposure, "--tolerance"
				    " wants a number between 0 and 1, not '%s'",
				    p.arg);
			break;
		case O_TRIPS: trips = 1; break;
		case O_BACKLOG: backlog = 1; break;
		case O_CSV: format = OUT_CSV; break;
		case O_JSON: format = OUT_JSON; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_exposure, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_graph_open(&cmd_exposure, &ga, &st, &g)) != EXIT_OK)
		return rc;
	if (cf_exposure_compute(&x, g, tol) != CF_OK ||
	    cf_store_save_exposure(&run_id, st, g, x) != CF_OK ||
	    cf_exposure_table(&t, g, x) != CF_OK ||
	    cf_round_trips_table(&rt, g, x) != CF_OK ||
	    cf_store_backlog(&bt, st, ga.as_of) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if (!cf_exposure_converged(x))
		cli_error("warning: the tracing solver did not converge to"
		    " %g; figures are approximate", tol);
	if (format == OUT_JSON) {
		printf("{\"circularity\": %.9f, \"converged\": %s, \"run\": %lld,"
		    " \"vendors\": ", cf_exposure_circularity(x),
		    cf_exposure_converged(x) ? "true" : "false",
		    (long long)run_id);
		if (cf_table_write_json(t, stdout) != CF_OK) {
			rc = cli_fail();
			goto out;
		}
		printf(", \"backlog\": ");
		if (cf_table_write_json(bt, stdout) != CF_OK) {
			rc = cli_fail();
			goto out;
		}
		printf(", \"round_trips\": ");
		if (cf_table_write_json(rt, stdout) != CF_OK) {
			rc = cli_fail();
			goto out;
		}
		printf("}\n");
		rc = cli_finish_stdout(EXIT_OK);
	} else if (trips) {
		rc = cli_write_table(rt, format);
	} else if (backlog) {
		rc = cli_write_table(bt, format);
	} else {
		rc = cli_write_table(t, format);
		if (rc == EXIT_OK && format == OUT_TEXT)
			printf("\ncircularity: %.2f%% of all flow returns to"
			    " where it started; stored as run %lld.\n",
			    100 * cf_exposure_circularity(x), (long long)run_id);
		rc = cli_finish_stdout(rc);
	}
out:
	cf_table_free(bt);
	cf_table_free(rt);
	cf_table_free(t);
	cf_exposure_free(x);
	cli_graph_close(&ga, st, g);
	return rc;
}

const struct cli_command cmd_exposure = {
	"exposure", "[GRAPH OPTIONS] [--tolerance X] [--round-trips]"
	" [--csv | --json]",
	"vendor-financing exposure: backlog funded by the vendor's own money",
	"For each entity that receives spend (a vendor): its backlog by"
	" status; the direct round trips (per customer, the smaller of the"
	" vendor's financing into it and its spend back); the self-funded"
	" part of its inflow and of its backlog, traced through any number of"
	" intermediaries by proportional tracing; the backlog net of its own"
	" money; and its at-risk financing (financing into counterparties"
	" from which money flows back to it, directly or through others: its"
	" strongly connected component) - the net vendor-financing exposure."
	"  The"
	" circularity of the whole graph is the share of all flow that is its"
	" receiver's own money coming back.  docs/methods.md defines each"
	" figure with a worked example.\n\n"
	"--backlog lists, per group that discloses remaining performance"
	" obligations (RPO, from a 10-K or 10-Q or curated), its latest RPO"
	" (by --as-of) and how much of it the committed flows into the group"
	" from outside it explain, with the contingent ones beside: a share"
	" far below 100% is backlog the known deals do not account for, far"
	" above it headline totals larger than what the vendor books.\n\n"
	"Results are stored as an analysis run (tables analysis_run,"
	" exposure, round_trip).",
	options, run
};
