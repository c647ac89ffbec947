/*
 * cmd_help.c - circfin help [COMMAND | limits | --man].
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"man", 0, NULL, "write the circfin(1) man page (roff) to stdout"},
	{NULL, 0, NULL, NULL}
};

static int
run(int argc, char **argv)
{
	const struct cli_command *const *c;
	struct cli_parser p;
	int o;

	cli_parser_init(&p, &cmd_help, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0:
			cli_print_man(stdout);
			return cli_finish_stdout(EXIT_OK);
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		if (strcmp(argv[optind], "limits") == 0) {
			cli_print_limits(stdout);
			return cli_finish_stdout(EXIT_OK);
		}
		for (c = cli_commands; *c != NULL; c++)
			if (strcmp((*c)->name, argv[optind]) == 0) {
				cli_print_help(*c, stdout);
				return cli_finish_stdout(EXIT_OK);
			}
		return cli_usage(&cmd_help, "unknown command '%s'",
		    argv[optind]);
	}
	printf("usage: circfin [--limit NAME=VALUE]... COMMAND [OPTIONS]"
	    " [ARGS]\n\ncommands:\n");
	for (c = cli_commands; *c != NULL; c++)
		printf("  %-10s %s\n", (*c)->name, (*c)->summary);
	printf("\n'circfin COMMAND --help' describes one command;"
	    " 'circfin help limits' lists the limits on input and analyses;"
	    " 'circfin --version' prints the version.\n");
	return cli_finish_stdout(EXIT_OK);
}

const struct cli_command cmd_help = {
	"help", "[COMMAND | limits | --man]",
	"describe the commands",
	"Without arguments, lists the commands.  With a COMMAND, prints its"
	" help; with limits, the limits on input and analyses, their"
	" defaults and the values in force.  With --man, prints the manual"
	" page generated from the same tables as the help, so the two never"
	" disagree.",
	options, run
};
