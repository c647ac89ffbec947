/*
 * cli.h - the circfin command line: command and option tables.
 *
 * Each command is one file (cmd_<name>.c) defining a struct cli_command.
 * Its option table drives getopt_long, the --help text and the man page
 * (circfin help --man), so the three cannot drift apart.
 */
#ifndef CF_CLI_H
#define CF_CLI_H

#include <stdio.h>
#include <unistd.h>	/* optind */

#include "circfin.h"

/* Exit codes, documented in the man page. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* runtime or input error */
	EXIT_USAGE = 2		/* bad command line */
};

struct cli_option {
	const char *name;	/* long name, without -- */
	int letter;		/* short option, or 0 */
	const char *arg;	/* argument name, or NULL for a flag */
	const char *help;
};

struct cli_command {
	const char *name;
	const char *synopsis;		/* after "circfin NAME " */
	const char *summary;		/* one line */
	const char *description;	/* paragraphs separated by "\n\n" */
	const struct cli_option *options;	/* ends with {NULL} */
	int (*run)(int argc, char **argv);	/* argv[0] is the name */
};

extern const struct cli_command cmd_import, cmd_run, cmd_entities,
    cmd_flows, cmd_cycles, cmd_exposure, cmd_export, cmd_clear, cmd_stress,
    cmd_report, cmd_help;
/* All commands, NULL-terminated. */
extern const struct cli_command *const cli_commands[];

/* Option parsing over a command's table. */
struct cli_parser {
	const struct cli_command *cmd;
	int argc;
	char **argv;
	const char *arg;	/* the current option's argument */
};

enum {
	CLI_END = -1,		/* no more options; optind is set */
	CLI_USAGE = -2,		/* bad option: message printed */
	CLI_HELP = -3		/* --help: help printed to stdout */
};

void cli_parser_init(struct cli_parser *p, const struct cli_command *cmd,
    int argc, char **argv);
/* Index of the next option in cmd->options, or a CLI_* value. */
int cli_next(struct cli_parser *p);
/* The index of the option named name in cmd's table (for switch cases). */
int cli_option_index(const struct cli_command *cmd, const char *name);

/* The limits (circfin.h): name, value in force, default, what each
 * bounds, and how to set them. */
void cli_print_limits(FILE *fp);

/* Messages: "circfin: ..." on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: message and a pointer to --help; returns EXIT_USAGE. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print cf_error_message() as "circfin: ..." and return EXIT_RUNTIME. */
int cli_fail(void);

void cli_print_help(const struct cli_command *cmd, FILE *fp);
void cli_print_man(FILE *fp);

/* Write a table as text, CSV or JSON to stdout; checks write errors. */
enum { OUT_TEXT, OUT_CSV, OUT_JSON };
int cli_write_table(const cf_table *t, int format);
/* mkdir -p: create path and its missing parents; -1 with errno. */
int cli_make_dirs(const char *path);

/* Flush stdout and report a write error (EXIT_RUNTIME) if any. */
int cli_finish_stdout(int code);

/* Open the store db, run a listing with filter f and write its table:
 * what the entities and flows commands do.  EXIT_*. */
typedef int (*cli_list_fn)(cf_table **out, cf_store *st,
    const cf_list_filter *f);
int cli_list(const struct cli_command *cmd, const char *db, cli_list_fn fn,
    const cf_list_filter *f, int format);

/* Open an existing store (not creating it), with a helpful message. */
int cli_open_store(cf_store **out, const char *path);
#define CLI_DEFAULT_DB "circfin.sqlite"

/* The options every graph analysis takes: they come first in the
 * command's option table, in this order. */
#define CLI_GRAPH_OPTIONS \
	{"db", 'd', "FILE", "the store (default circfin.sqlite)"}, \
	{"as-of", 'a', "DATE", "flows announced by DATE (YYYY[-MM[-DD]], a" \
	    " partial date meaning its last day) and not superseded by then"}, \
	{"status", 's', "LIST", "statuses to include, comma-separated, or" \
	    " all (default paid,committed)"}, \
	{"types", 't', "LIST", "flow types to include, comma-separated" \
	    " (default all)"}, \
	{"consolidate", 'c', NULL, "fold subsidiaries into their ultimate" \
	    " parent (AWS into Amazon); flows inside a group leave the" \
	    " graph"}, \
	{"currency", 0, "CODE", "the currency analysed; flows in others are" \
	    " left out (default USD)"}, \
	{"min-amount", 'm', "X", "drop edges below X (major units, e.g." \
	    " 1000000000) before the analysis"}
#define CLI_GRAPH_NOPTS 7

struct cli_progress;

struct cli_graph_args {
	const char *db, *as_of, *status, *types, *currency, *min_amount;
	int consolidate;
	struct cli_progress *progress;	/* made by cli_graph_open */
};

/* Take option index o (an index below CLI_GRAPH_NOPTS) into a. */
void cli_graph_option(struct cli_graph_args *a, int o, const char *arg);
/* Open the store and build the filtered graph, with a progress line on
 * stderr when it is a terminal: EXIT_OK, or EXIT_USAGE for bad filter
 * values, EXIT_RUNTIME otherwise (message printed; nothing left open). */
int cli_graph_open(const struct cli_command *cmd, struct cli_graph_args *a,
    cf_store **st, cf_graph **g);
/* Release what cli_graph_open made (any of it may be NULL). */
void cli_graph_close(struct cli_graph_args *a, cf_store *st, cf_graph *g);
/* Parse a positive whole number option; -1 (message printed) if bad. */
long cli_count_arg(const struct cli_command *cmd, const char *name,
    const char *arg, long min);

/* Progress on stderr when it is a terminal: a cf_progress_fn. */
struct cli_progress *cli_progress_new(int quiet);
void cli_progress_update(void *arg, size_t files_done, size_t files_total,
    uint64_t bytes_done, uint64_t bytes_total);
void cli_progress_free(struct cli_progress *p);
/* The same for an analysis: a cf_work_fn. */
void cli_progress_work(void *arg, const char *what, uint64_t done,
    uint64_t total);

/* Import with progress and per-file failure messages; the summary goes to
 * stdout.  Returns EXIT_* (EXIT_RUNTIME when any file failed). */
int cli_import(cf_store *st, const char *const *paths, size_t n,
    const char *format, int quiet);

#endif /* CF_CLI_H */
