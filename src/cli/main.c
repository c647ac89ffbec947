/*
 * main.c - circfin's entry point: set the limits (CIRCFIN_LIMITS, then
 * --limit options before the command), and dispatch to a command from
 * the table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

const struct cli_command *const cli_commands[] = {
	&cmd_run, &cmd_import, &cmd_entities, &cmd_flows, &cmd_cycles,
	&cmd_exposure, &cmd_export, &cmd_clear, &cmd_stress, &cmd_report,
	&cmd_help, NULL
};

/* CIRCFIN_LIMITS, then each "--limit SPEC" or "--limit=SPEC" at the
 * start of argv, which are taken out: argv[1] is then the command. */
static int
set_limits(int *argc, char **argv)
{
	const char *env = getenv("CIRCFIN_LIMITS"), *spec;
	int i = 1, k;

	if (env != NULL && env[0] != '\0' && cf_limit_parse(env) != CF_OK) {
		cli_error("CIRCFIN_LIMITS: %s", cf_error_message());
		return EXIT_USAGE;
	}
	while (i < *argc) {
		if (strcmp(argv[i], "--limit") == 0) {
			if (i + 1 == *argc) {
				cli_error("--limit needs NAME=VALUE; try"
				    " 'circfin help limits'");
				return EXIT_USAGE;
			}
			spec = argv[i + 1];
			k = 2;
		} else if (strncmp(argv[i], "--limit=", 8) == 0) {
			spec = argv[i] + 8;
			k = 1;
		} else {
			break;
		}
		if (cf_limit_parse(spec) != CF_OK) {
			cli_error("--limit: %s; try 'circfin help limits'",
			    cf_error_message());
			return EXIT_USAGE;
		}
		memmove(argv + i, argv + i + k, (size_t)(*argc - i - k + 1) *
		    sizeof(*argv));
		*argc -= k;
	}
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	const struct cli_command *const *c;
	int rc;

	if ((rc = set_limits(&argc, argv)) != EXIT_OK)
		return rc;
	if (argc < 2) {
		fprintf(stderr, "usage: circfin [--limit NAME=VALUE]... COMMAND"
		    " [OPTIONS] [ARGS]\n"
		    "Try 'circfin help'.\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("circfin %s\n", cf_version());
		return cli_finish_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		argv[1] = (char *)"help";
	for (c = cli_commands; *c != NULL; c++)
		if (strcmp((*c)->name, argv[1]) == 0)
			break;
	if (*c == NULL) {
		cli_error("unknown command '%s'; try 'circfin help'", argv[1]);
		return EXIT_USAGE;
	}
	xmlInitParser();
	rc = (*c)->run(argc - 1, argv + 1);
	cf_report_cleanup();
	xmlCleanupParser();
	return rc;
}
