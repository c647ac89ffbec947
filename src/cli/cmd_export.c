/*
 * cmd_export.c - circfin export --dot FILE: the graph for GraphViz.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	CLI_GRAPH_OPTIONS,
	{"dot", 'o', "FILE", "write GraphViz DOT to FILE ('-' for stdout)"},
	{"cycle", 0, "N", "export only cycle N (its rank in 'circfin"
	    " cycles')"},
	{"max-len", 'L', "N", "longest cycle highlighted (default 6)"},
	{NULL, 0, NULL, NULL}
};

enum { O_DOT = CLI_GRAPH_NOPTS, O_CYCLE, O_MAXLEN };

static int
run(int argc, char **argv)
{
	struct cli_graph_args ga = {0};
	struct cli_parser p;
	const char *path = NULL;
	cf_store *st = NULL;
	cf_graph *g = NULL;
	cf_cycles *c = NULL;
	long only = 0, max_len = 6;
	char tmp[4200];
	FILE *fp = NULL;
	int o, rc;

	cli_parser_init(&p, &cmd_export, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		if (o >= 0 && o < CLI_GRAPH_NOPTS) {
			cli_graph_option(&ga, o, p.arg);
			continue;
		}
		switch (o) {
		case O_DOT: path = p.arg; break;
		case O_CYCLE:
			if ((only = cli_count_arg(&cmd_export, "cycle", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			break;
		case O_MAXLEN:
			if ((max_len = cli_count_arg(&cmd_export, "max-len",
			    p.arg, 1)) < 0)
				return EXIT_USAGE;
			if (max_len > 1000)
				return cli_usage(&cmd_export, "--max-len is at"
				    " most 1000");
			break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_export, "unexpected argument '%s'",
		    argv[optind]);
	if (path == NULL)
		return cli_usage(&cmd_export, "--dot FILE is required");
	if ((rc = cli_graph_open(&cmd_export, &ga, &st, &g)) != EXIT_OK)
		return rc;
	if (cf_cycles_find(&c, g, (int)max_len, 0) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if (strcmp(path, "-") == 0) {
		rc = cf_dot_write(stdout, g, c, (size_t)only);
		rc = rc == CF_OK ? cli_finish_stdout(EXIT_OK) :
		    rc == CF_EARG ? cli_usage(&cmd_export, "%s",
		    cf_error_message()) : cli_fail();
		goto out;
	}
	/* Write beside the target, then rename: never a half-written file. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL) {
		cli_error("%s: %s", tmp, strerror(errno));
		rc = EXIT_RUNTIME;
		goto out;
	}
	rc = cf_dot_write(fp, g, c, (size_t)only);
	if (fclose(fp) != 0 && rc == CF_OK)
		rc = cf_error_set(CF_EIO, "%s: %s", tmp, strerror(errno));
	if (rc == CF_OK && rename(tmp, path) != 0)
		rc = cf_error_set(CF_EIO, "%s: %s", path, strerror(errno));
	if (rc != CF_OK) {
		remove(tmp);
		rc = rc == CF_EARG ? cli_usage(&cmd_export, "%s",
		    cf_error_message()) : cli_fail();
	} else {
		rc = EXIT_OK;
	}
out:
	cf_cycles_free(c);
	cli_graph_close(&ga, st, g);
	return rc;
}

const struct cli_command cmd_export = {
	"export", "[GRAPH OPTIONS] --dot FILE [--cycle N] [--max-len N]",
	"write the money-flow graph for GraphViz",
	"Writes the graph as GraphViz DOT: entities shaped and coloured by"
	" kind (a colour-blind-safe palette), entities under one parent in a"
	" cluster, edges labelled with flow type and amount in $B or $M,"
	" dashed when no flow on them is binding (contingent, option, letter"
	" of intent), cycles up to --max-len highlighted, and a legend."
	"  --cycle N exports just one cycle.  Render with"
	" 'dot -Tsvg FILE -o graph.svg'.",
	options, run
};
