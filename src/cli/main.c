/*
 * main.c - circfin's entry point: dispatch to a command from the table.
 */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "cli.h"

const struct cli_command *const cli_commands[] = {
	&cmd_run, &cmd_import, &cmd_entities, &cmd_flows, &cmd_cycles,
	&cmd_exposure, &cmd_export, &cmd_clear, &cmd_stress, &cmd_report,
	&cmd_help, NULL
};

int
main(int argc, char **argv)
{
	const struct cli_command *const *c;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: circfin COMMAND [OPTIONS] [ARGS]\n"
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
