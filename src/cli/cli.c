/*
 * cli.c - what every command shares: option parsing from the command's
 * table, messages, help, the man page, table output and opening stores.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_OPTS 32

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("circfin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "circfin %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: circfin %s %s\nTry 'circfin %s --help'.\n",
	    cmd->name, cmd->synopsis, cmd->name);
	return EXIT_USAGE;
}

int
cli_fail(void)
{
	cli_error("%s", cf_error_message());
	return EXIT_RUNTIME;
}

void
cli_parser_init(struct cli_parser *p, const struct cli_command *cmd,
    int argc, char **argv)
{
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	p->arg = NULL;
	optind = 1;
	opterr = 0;
}

int
cli_option_index(const struct cli_command *cmd, const char *name)
{
	int i;

	for (i = 0; cmd->options[i].name != NULL; i++)
		if (strcmp(cmd->options[i].name, name) == 0)
			return i;
	return -1;
}

int
cli_next(struct cli_parser *p)
{
	struct option lopts[MAX_OPTS + 2];
	char sopts[3 * MAX_OPTS + 4] = ":h";
	size_t sl = strlen(sopts);
	int i, c, n;

	for (n = 0; p->cmd->options[n].name != NULL && n < MAX_OPTS; n++) {
		const struct cli_option *o = &p->cmd->options[n];

		lopts[n].name = o->name;
		lopts[n].has_arg = o->arg ? required_argument : no_argument;
		lopts[n].flag = NULL;
		lopts[n].val = 256 + n;
		if (o->letter) {
			sopts[sl++] = (char)o->letter;
			if (o->arg)
				sopts[sl++] = ':';
		}
	}
	sopts[sl] = '\0';
	lopts[n] = (struct option){"help", no_argument, NULL, 'h'};
	lopts[n + 1] = (struct option){NULL, 0, NULL, 0};
	c = getopt_long(p->argc, p->argv, sopts, lopts, NULL);
	p->arg = optarg;
	if (c == -1)
		return CLI_END;
	if (c == 'h') {
		cli_print_help(p->cmd, stdout);
		return CLI_HELP;
	}
	if (c >= 256)
		return c - 256;
	if (c == '?' || c == ':') {
		const char *bad = p->argv[optind - 1];
		if (optopt && optopt < 256)
			cli_usage(p->cmd, "%s option -%c", c == ':' ?
			    "missing argument for" : "unknown", optopt);
		else
			cli_usage(p->cmd, "%s '%s'", c == ':' ?
			    "missing argument for" : "unknown option", bad);
		return CLI_USAGE;
	}
	for (i = 0; i < n; i++)
		if (p->cmd->options[i].letter == c)
			return i;
	cli_usage(p->cmd, "unknown option");
	return CLI_USAGE;
}

void
cli_print_help(const struct cli_command *cmd, FILE *fp)
{
	const struct cli_option *o;
	const char *p;

	fprintf(fp, "usage: circfin %s %s\n\n%s.\n\n", cmd->name,
	    cmd->synopsis, cmd->summary);
	/* The description, re-wrapped only where it has "\n\n". */
	for (p = cmd->description; *p; p++)
		fputc(*p, fp);
	fputs("\n\noptions:\n", fp);
	for (o = cmd->options; o->name != NULL; o++) {
		char left[64];

		if (o->letter)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->letter,
			    o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(fp, "  %-26s %s\n", left, o->help);
	}
	fprintf(fp, "  %-26s %s\n", "-h, --help", "show this help and exit");
	fputs("\nexit status: 0 success, 1 runtime or input error,"
	    " 2 usage error.\n", fp);
}

/* roff-escape text: backslashes and leading dots or quotes. */
static void
roff(FILE *fp, const char *s)
{
	int bol = 1;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", fp);
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
		bol = *s == '\n';
	}
}

/* Paragraphs separated by blank lines become .PP paragraphs. */
static void
roff_paragraphs(FILE *fp, const char *s)
{
	const char *end;
	char *para;

	while (*s) {
		end = strstr(s, "\n\n");
		if (end == NULL)
			end = s + strlen(s);
		if ((para = strndup(s, (size_t)(end - s))) == NULL)
			return;
		fputs(".PP\n", fp);
		roff(fp, para);
		fputc('\n', fp);
		free(para);
		s = *end ? end + 2 : end;
	}
}

void
cli_print_limits(FILE *fp)
{
	int i;

	fprintf(fp, "Limits on what circfin reads and finds.  Over one, an"
	    " input file fails with an\nerror naming it (a batch goes on with"
	    " the rest); an analysis stops.\n\n"
	    "  %-15s %13s %13s  %s\n", "NAME", "VALUE", "DEFAULT", "BOUNDS");
	for (i = 0; i < CF_LIMIT_COUNT; i++)
		fprintf(fp, "  %-15s %13llu %13llu  %s\n", cf_limit_name(i),
		    (unsigned long long)cf_limit_get(i),
		    (unsigned long long)cf_limit_default(i), cf_limit_help(i));
	fprintf(fp, "\nSet them before the command, or in CIRCFIN_LIMITS"
	    " (the options win):\n"
	    "  circfin --limit NAME=VALUE[,NAME=VALUE...] COMMAND ...\n"
	    "VALUE takes a suffix k, M, G (powers of 1000) or KiB, MiB, GiB"
	    " (powers of 1024).\n");
}

void
cli_print_man(FILE *fp)
{
	const struct cli_command *const *c;
	const struct cli_option *o;
	int i;

	fprintf(fp, ".\\\" Generated by 'circfin help --man' from the command"
	    " tables: do not edit.\n");
	fprintf(fp, ".TH CIRCFIN 1 \"\" \"circfin %s\" \"User Commands\"\n",
	    cf_version());
	fputs(".SH NAME\ncircfin \\- circular\\-financing graph analyzer\n"
	    ".SH SYNOPSIS\n", fp);
	for (c = cli_commands; *c != NULL; c++) {
		fputs(".B circfin\n", fp);
		fprintf(fp, ".B %s\n", (*c)->name);
		roff(fp, (*c)->synopsis);
		fputs("\n.br\n", fp);
	}
	fputs(".SH DESCRIPTION\n"
	    "circfin turns curated deal data and filings into a directed"
	    " money\\-flow graph of investors, labs, clouds and chipmakers,"
	    " kept in an SQLite store with a source for every number.\n"
	    ".PP\nResults go to standard output; diagnostics go to standard"
	    " error, as\n.BR \"circfin: \" message.\n"
	    ".SH COMMANDS\n", fp);
	for (c = cli_commands; *c != NULL; c++) {
		fprintf(fp, ".SS \"circfin %s\"\n", (*c)->name);
		roff(fp, (*c)->summary);
		fputs(".\n", fp);
		roff_paragraphs(fp, (*c)->description);
		for (o = (*c)->options; o->name != NULL; o++) {
			fputs(".TP\n", fp);
			if (o->letter)
				fprintf(fp, "\\fB\\-%c\\fR, ", o->letter);
			fprintf(fp, "\\fB\\-\\-%s\\fR", o->name);
			if (o->arg)
				fprintf(fp, " \\fI%s\\fR", o->arg);
			fputc('\n', fp);
			roff(fp, o->help);
			fputc('\n', fp);
		}
	}
	fputs(".SH LIMITS\n"
	    "Bounds on what circfin reads and finds, so that a hostile or"
	    " mistaken input gets an error rather than exhausting memory or"
	    " time.  Over a limit of an input file, that file fails with an"
	    " error naming it and the limit (a batch goes on with the other"
	    " files); over a limit of an analysis, the command stops with an"
	    " error.  Set them before the command, as\n"
	    ".B circfin \\-\\-limit\n"
	    ".IR NAME = VALUE [, NAME = VALUE ...]\n"
	    ".B COMMAND ...\n"
	    "or in\n.BR CIRCFIN_LIMITS ;\nVALUE takes a suffix k, M, G"
	    " (powers of 1000) or KiB, MiB, GiB (powers of 1024).\n", fp);
	for (i = 0; i < CF_LIMIT_COUNT; i++)
		fprintf(fp, ".TP\n\\fB%s\\fR (default %llu)\n%s.\n",
		    cf_limit_name(i), (unsigned long long)cf_limit_default(i),
		    cf_limit_help(i));
	fputs(".SH ENVIRONMENT\n.TP\n.B CIRCFIN_LIMITS\n"
	    "Limits as\n.IR NAME = VALUE [, NAME = VALUE ...],\n"
	    "set before any\n.B \\-\\-limit\noption, which wins.\n", fp);
	fputs(".SH EXIT STATUS\n.TP\n0\nSuccess.\n.TP\n1\nA runtime or input"
	    " error: a file could not be read or imported, the store failed."
	    "  When a batch import meets bad files it imports the rest and"
	    " exits 1; so does a limit reached.\n.TP\n2\nA usage error: unknown"
	    " command or option, a missing argument, a bad limit.\n"
	    ".SH FILES\n.TP\n.I circfin.sqlite\nThe store used when\n.B \\-\\-db"
	    "\nis not given, in the current directory.\n"
	    ".TP\n.I out/\n\\fBcircfin run\\fR's results: \\fIcircfin.sqlite\\fR"
	    " (the store with every analysis run), \\fIreport.html\\fR (one"
	    " self-contained page: figures, graph, charts, sources, methods),"
	    " \\fIreport.md\\fR (the same figures as plain Markdown),"
	    " \\fIgraph.dot\\fR and \\fIgraph.svg\\fR (the money-flow graph).\n"
	    ".PP\nInstalled in\n.IR " CF_PKGDATADIR " :\n"
	    ".TP\n.I graphs/ai\\-financing.xml\nThe bundled"
	    " dataset of reported AI financing deals, each figure with its"
	    " sources (graphs/ in the source tree too).\n"
	    ".TP\n.I graphs/scenarios.xml\nThe default stress"
	    " scenarios: used by \\fBcircfin run\\fR when no scenarios.xml is"
	    " beside the dataset.\n"
	    ".TP\n.I graphs/aliases.csv\nThe bundled alias"
	    " table for entity resolution of filings.\n"
	    ".TP\n.I schema/\nThe XML Schemas of the dataset"
	    " and scenarios formats (also built into circfin).\n"
	    ".TP\n.I reports/*.sql\nResearch queries over a"
	    " store, each run as \\fBsqlite3 out/circfin.sqlite <"
	    " NAME.sql\\fR: self\\-funded backlog, cycles through an entity,"
	    " contingent share of funding, backlog at risk by scenario, changes"
	    " between two as\\-of dates.\n"
	    ".SH FORMATS\nThe native XML dataset format (namespace\n"
	    ".IR urn:circfin:dataset:1 ),\nthe CSV files\n"
	    ".IR entities.csv ,\n.IR flows.csv ,\n.IR sources.csv\n"
	    "and alias tables, SEC EDGAR filings (Form D, 13F, Forms 3/4/5,"
	    " Schedules 13D/13G, XBRL instances, SGML submissions), the"
	    " scenarios file and the clearing CSVs of \\fBcircfin clear\\fR"
	    " are described in\n.IR docs/formats.md ;\nthe store's tables,"
	    " views and research queries in\n.IR docs/schema.md ;\nthe"
	    " methods, with worked examples, in\n.IR docs/methods.md ;\nthe"
	    " report in\n.IR docs/report.md ,\nall installed in\n.IR " CF_DOCDIR " .\n"
	    ".SH SEE ALSO\n.BR sqlite3 (1),\n.BR dot (1),\n.BR xmllint (1)\n", fp);
}

int
cli_make_dirs(const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) != 0 && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}

int
cli_finish_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("writing output: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return code;
}

int
cli_write_table(const cf_table *t, int format)
{
	int rc;

	if (format == OUT_CSV)
		rc = cf_table_write_csv(t, stdout);
	else if (format == OUT_JSON)
		rc = cf_table_write_json(t, stdout);
	else
		rc = cf_table_write_text(t, stdout);
	if (rc != CF_OK)
		return cli_fail();
	return cli_finish_stdout(EXIT_OK);
}

int
cli_open_store(cf_store **out, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		cli_error("%s: no store here (%s); create one with 'circfin"
		    " import --db %s FILE' or 'circfin run'", path,
		    strerror(errno), path);
		return EXIT_RUNTIME;
	}
	if (cf_store_open(out, path, 0) != CF_OK)
		return cli_fail();
	return EXIT_OK;
}

void
cli_graph_option(struct cli_graph_args *a, int o, const char *arg)
{
	switch (o) {
	case 0: a->db = arg; break;
	case 1: a->as_of = arg; break;
	case 2: a->status = arg; break;
	case 3: a->types = arg; break;
	case 4: a->consolidate = 1; break;
	case 5: a->currency = arg; break;
	case 6: a->min_amount = arg; break;
	}
}

int
cli_graph_open(const struct cli_command *cmd, struct cli_graph_args *a,
    cf_store **st, cf_graph **g)
{
	cf_graph_filter f = {0};
	int e, rc;

	f.as_of = a->as_of;
	f.consolidate = a->consolidate;
	f.currency = a->currency ? a->currency : "USD";
	if (a->as_of != NULL && !cf_date_valid(a->as_of))
		return cli_usage(cmd, "--as-of '%s' is not a date (YYYY-MM-DD,"
		    " YYYY-MM or YYYY)", a->as_of);
	if (cf_currency_exponent(&e, f.currency) != CF_OK)
		return cli_usage(cmd, "--currency: %s", cf_error_message());
	if (a->status != NULL && cf_status_set_parse(&f.statuses,
	    a->status) != CF_OK)
		return cli_usage(cmd, "--status: %s", cf_error_message());
	if (a->types != NULL && cf_type_set_parse(&f.types, a->types) !=
	    CF_OK)
		return cli_usage(cmd, "--types: %s", cf_error_message());
	if (a->min_amount != NULL && cf_money_parse(&f.min_amount,
	    a->min_amount, e) != CF_OK)
		return cli_usage(cmd, "--min-amount: %s", cf_error_message());
	if ((rc = cli_open_store(st, a->db ? a->db : CLI_DEFAULT_DB)) !=
	    EXIT_OK)
		return rc;
	if ((rc = cf_graph_build(g, *st, &f)) != CF_OK) {
		cf_store_close(*st);
		*st = NULL;
		return rc == CF_EARG ? cli_usage(cmd, "%s",
		    cf_error_message()) : cli_fail();
	}
	if ((a->progress = cli_progress_new(0)) != NULL)
		cf_graph_set_progress(*g, cli_progress_work, a->progress);
	return EXIT_OK;
}

void
cli_graph_close(struct cli_graph_args *a, cf_store *st, cf_graph *g)
{
	cf_graph_free(g);
	cf_store_close(st);
	cli_progress_free(a->progress);
	a->progress = NULL;
}

long
cli_count_arg(const struct cli_command *cmd, const char *name,
    const char *arg, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *arg == '\0' || *end != '\0' || v < min) {
		cli_usage(cmd, "--%s wants a whole number of at least %ld, not"
		    " '%s'", name, min, arg);
		return -1;
	}
	return v;
}

int
cli_list(const struct cli_command *cmd, const char *db, cli_list_fn fn,
    const cf_list_filter *f, int format)
{
	cf_store *st = NULL;
	cf_table *t = NULL;
	int rc;

	if ((rc = cli_open_store(&st, db)) != EXIT_OK)
		return rc;
	if ((rc = fn(&t, st, f)) != CF_OK)
		rc = rc == CF_EARG ? cli_usage(cmd, "%s", cf_error_message()) :
		    cli_fail();
	else
		rc = cli_write_table(t, format);
	cf_table_free(t);
	cf_store_close(st);
	return rc;
}
