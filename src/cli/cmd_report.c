/* cmd_report.c - placeholder while it is written. */
#include "config.h"
#include "cli.h"

static const struct cli_option options[] = {
	{NULL, 0, NULL, NULL}
};

static int
run(int argc, char **argv)
{
	(void)argc; (void)argv;
	return EXIT_RUNTIME;
}

const struct cli_command cmd_report = {
	"report", "-o DIR", "the HTML and Markdown report (being written)",
	"Being written.", options, run
};
