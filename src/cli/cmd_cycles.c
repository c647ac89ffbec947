/*
 * cmd_cycles.c - circfin cycles: which money goes round.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	CLI_GRAPH_OPTIONS,
	{"max-len", 'L', "N", "longest cycle searched, in edges (default 6)"},
	{"limit", 'n', "N", "stop after N cycles and say so (more than the limit cycles, 1000000 unless set, fails: circfin help limits)"},
	{"count", 0, NULL, "print only the number of cycles (not stored)"},
	{"csv", 0, NULL, "write CSV (RFC 4180), with every edge and its flows"},
	{"json", 0, NULL, "write JSON: cycles with edges, flows and sources"},
	{NULL, 0, NULL, NULL}
};

enum { O_MAXLEN = CLI_GRAPH_NOPTS, O_LIMIT, O_COUNT, O_CSV, O_JSON };

static int
run(int argc, char **argv)
{
	struct cli_graph_args ga = {0};
	struct cli_parser p;
	cf_store *st = NULL;
	cf_graph *g = NULL;
	cf_cycles *c = NULL;
	cf_table *t = NULL;
	long max_len = 6, limit = 0;
	int64_t run_id = 0;
	int count = 0, format = OUT_TEXT, o, rc;

	cli_parser_init(&p, &cmd_cycles, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		if (o >= 0 && o < CLI_GRAPH_NOPTS) {
			cli_graph_option(&ga, o, p.arg);
			continue;
		}
		switch (o) {
		case O_MAXLEN:
			if ((max_len = cli_count_arg(&cmd_cycles, "max-len",
			    p.arg, 1)) < 0)
				return EXIT_USAGE;
			if (max_len > 1000)
				return cli_usage(&cmd_cycles, "--max-len is at"
				    " most 1000");
			break;
		case O_LIMIT:
			if ((limit = cli_count_arg(&cmd_cycles, "limit", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			break;
		case O_COUNT: count = 1; break;
		case O_CSV: format = OUT_CSV; break;
		case O_JSON: format = OUT_JSON; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_cycles, "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cli_graph_open(&cmd_cycles, &ga, &st, &g)) != EXIT_OK)
		return rc;
	if (count) {
		uint64_t n = 0;
		int truncated = 0;

		if (cf_cycles_count(&n, &truncated, g, (int)max_len,
		    (uint64_t)limit) != CF_OK) {
			rc = cli_fail();
			goto out;
		}
		printf("%llu\n", (unsigned long long)n);
		if (truncated)
			cli_error("stopped after %ld cycles (--limit)", limit);
		rc = cli_finish_stdout(EXIT_OK);
		goto out;
	}
	if (cf_cycles_find(&c, g, (int)max_len, (size_t)limit) != CF_OK ||
	    cf_store_save_cycles(&run_id, st, g, c, (int)max_len,
	    (size_t)limit) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if (format == OUT_JSON) {
		rc = cf_cycles_write_json(g, c, stdout) == CF_OK ?
		    cli_finish_stdout(EXIT_OK) : cli_fail();
	} else if (cf_cycles_table(&t, g, c) != CF_OK) {
		rc = cli_fail();
	} else {
		rc = cli_write_table(t, format);
		if (rc == EXIT_OK && format == OUT_TEXT)
			printf("\n%zu cycle%s of at most %ld edges in %zu cyclic"
			    " component%s; stored as run %lld.\n",
			    cf_cycles_size(c), cf_cycles_size(c) == 1 ? "" :
			    "s", max_len, cf_graph_cyclic_components(g),
			    cf_graph_cyclic_components(g) == 1 ? "" : "s",
			    (long long)run_id);
		rc = cli_finish_stdout(rc);
	}
	if (cf_cycles_truncated(c))
		cli_error("stopped after %ld cycles (--limit); more exist",
		    limit);
out:
	cf_table_free(t);
	cf_cycles_free(c);
	cli_graph_close(&ga, st, g);
	return rc;
}

const struct cli_command cmd_cycles = {
	"cycles", "[GRAPH OPTIONS] [--max-len N] [--limit N] [--count]"
	" [--csv | --json]",
	"find every cycle of money up to a length",
	"Finds every simple directed cycle of at most --max-len edges in the"
	" money-flow graph (strongly connected components first, then a"
	" bounded Johnson search in each), each once, starting at its"
	" smallest entity id.  For each cycle: its entities in order, its"
	" bottleneck (the smallest edge: the most money that can go all the"
	" way round), the total on its edges, and each edge with the flows"
	" behind it.  Cycles are sorted by bottleneck, largest first; cycles"
	" through an edge with no money figure (only gigawatts or shares)"
	" come last with no bottleneck.\n\n"
	"The run, its graph and its cycles are stored (tables analysis_run,"
	" run_edge, run_edge_flow, cycle, cycle_edge) unless --count is"
	" given, which prints only the number.",
	options, run
};
