/*
 * cmd_import.c - circfin import: files and directories into a store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define NEW_SHOWN 10	/* new entities listed after an import */

static const struct cli_option options[] = {
	{"db", 'd', "FILE", "the store to import into (created if missing;"
	    " default circfin.sqlite)"},
	{"format", 'f', "FMT", "auto (default: by content), xml, csv or"
	    " edgar"},
	{"quiet", 'q', NULL, "no progress line on stderr"},
	{NULL, 0, NULL, NULL}
};

/* How many of the entities the batch's filings name were matched, and
 * which were created: the names a user may want to alias. */
static int
print_resolution(cf_store *st, int64_t batch)
{
	long n[CF_MATCH_COUNT], total = 0;
	cf_table *t = NULL;
	size_t i, shown;
	int k;

	if (cf_store_batch_resolution(st, batch, n, &t, NEW_SHOWN) != CF_OK)
		return cli_fail();
	for (k = 0; k < CF_MATCH_COUNT; k++)
		total += n[k];
	if (total == 0) {
		cf_table_free(t);
		return EXIT_OK;
	}
	printf("entities named in filings: %ld by CIK, %ld by CUSIP, %ld by"
	    " name, %ld by alias, %ld new\n", n[CF_MATCH_CIK],
	    n[CF_MATCH_CUSIP], n[CF_MATCH_NAME], n[CF_MATCH_ALIAS],
	    n[CF_MATCH_NEW]);
	shown = cf_table_rows(t);
	if (shown > 0)
		printf("new entities (nothing in the store matched; %s%zu of"
		    " %ld):\n", (long)shown < n[CF_MATCH_NEW] ? "the first " :
		    "", shown, n[CF_MATCH_NEW]);
	for (i = 0; i < shown; i++) {
		const char *cik = cf_table_cell(t, i, 2);
		const char *cusip = cf_table_cell(t, i, 3);

		cik = cik != NULL ? cik : "";
		cusip = cusip != NULL ? cusip : "";

		printf("  %s  \"%s\"%s%s%s%s  %s:%s\n", cf_table_cell(t, i, 0),
		    cf_table_cell(t, i, 1), cik[0] ? "  CIK " : "", cik,
		    cusip[0] ? "  CUSIP " : "", cusip, cf_table_cell(t, i, 4),
		    cf_table_cell(t, i, 5));
	}
	if (shown > 0)
		printf("to merge one into an entity you have, add a row"
		    " 'alias,entity' to an aliases CSV (graphs/aliases.csv) and"
		    " import it; all of them: SELECT * FROM entity_resolution"
		    " WHERE matched_by = 'new'\n");
	cf_table_free(t);
	return EXIT_OK;
}

int
cli_import(cf_store *st, const char *const *paths, size_t n,
    const char *format, int quiet)
{
	struct cli_progress *prog = cli_progress_new(quiet);
	cf_import_opts opts = {format, cli_progress_update, prog};
	cf_batch *b = NULL;
	size_t i, nfail;
	long rows = 0;
	int rc;

	rc = cf_import_paths(&b, st, paths, n, &opts);
	cli_progress_free(prog);
	if (rc == CF_EARG) {
		cli_error("%s", cf_error_message());
		return EXIT_USAGE;
	}
	if (rc != CF_OK)
		return cli_fail();
	if (cf_batch_files(b) == 0) {
		cli_error("no files to import under the given paths (dot-files"
		    " are skipped)");
		cf_batch_free(b);
		return EXIT_RUNTIME;
	}
	for (i = 0; i < cf_batch_files(b); i++) {
		const char *msg, *path;
		long r;
		int status;

		cf_batch_file(b, i, &path, &status, NULL, &r, &msg);
		if (status == CF_FILE_FAILED)
			cli_error("%s", msg);
		else if (status == CF_FILE_IGNORED)
			cli_error("%s: left out: %s", path, msg);
		else if (status == CF_FILE_SKIPPED &&
		    strncmp(msg, "same content", 12) != 0)
			cli_error("%s: skipped: %s", path, msg);
		rows += r;
	}
	nfail = cf_batch_count(b, CF_FILE_FAILED);
	printf("imported %zu file%s (%ld record%s), skipped %zu already"
	    " imported, ignored %zu, failed %zu\n",
	    cf_batch_count(b, CF_FILE_IMPORTED),
	    cf_batch_count(b, CF_FILE_IMPORTED) == 1 ? "" : "s", rows,
	    rows == 1 ? "" : "s", cf_batch_count(b, CF_FILE_SKIPPED),
	    cf_batch_count(b, CF_FILE_IGNORED), nfail);
	rc = print_resolution(st, cf_batch_id(b));
	cf_batch_free(b);
	if (rc != EXIT_OK)
		return rc;
	return cli_finish_stdout(nfail ? EXIT_RUNTIME : EXIT_OK);
}

static int
run(int argc, char **argv)
{
	struct cli_parser p;
	const char *db = CLI_DEFAULT_DB, *format = "auto";
	cf_store *st = NULL;
	int quiet = 0, o, rc;

	cli_parser_init(&p, &cmd_import, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0: db = p.arg; break;
		case 1: format = p.arg; break;
		case 2: quiet = 1; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (strcmp(format, "auto") != 0 && strcmp(format, "xml") != 0 &&
	    strcmp(format, "csv") != 0 && strcmp(format, "edgar") != 0)
		return cli_usage(&cmd_import, "unknown format '%s' (auto, xml,"
		    " csv or edgar)", format);
	if (optind >= argc)
		return cli_usage(&cmd_import, "no file or directory to"
		    " import");
	if (cf_store_open(&st, db, CF_STORE_CREATE) != CF_OK)
		return cli_fail();
	rc = cli_import(st, (const char *const *)argv + optind,
	    (size_t)(argc - optind), format, quiet);
	cf_store_close(st);
	return rc;
}

const struct cli_command cmd_import = {
	"import", "[--db FILE] [--format auto|xml|csv|edgar] [--quiet]"
	" PATH...",
	"import datasets, CSV files and SEC EDGAR filings into a store",
	"Imports each FILE, and every file below each DIRECTORY, into the"
	" store.  The format of each file is found from its content, not its"
	" name: a circfin XML dataset; CSV with an entities, flows, sources or"
	" aliases header; or an SEC EDGAR filing: Form D (primary_doc.xml),"
	" 13F-HR (the cover page, read with the information table in the same"
	" folder), Forms 3, 4 and 5, Schedules 13D and 13G, XBRL instances"
	" (read with their label linkbase when it is beside them), or a full"
	" SGML submission (.txt) holding any of these.  Sources are imported"
	" before entities, entities before aliases and flows, and all of them"
	" before filings, so a directory imports in one go.\n\n"
	"The companies a filing names are matched to the store's entities by"
	" CIK, CUSIP, normalised name, then alias; the rest become new"
	" entities, listed after the summary: add an alias for one (a row"
	" 'alias,entity' in an aliases CSV such as graphs/aliases.csv) and"
	" import the aliases to merge it.\n\n"
	"Each file is one transaction: a file that fails leaves nothing"
	" behind, its error (file, line, what is wrong) is printed and logged,"
	" and the batch goes on.  A file whose content was imported before is"
	" skipped, and so is a filing whose accession number is in the store"
	" or whose amendment is; an amendment (Form D/A, a 13F restatement)"
	" replaces what it amends; a changed file at a path imported before"
	" replaces that import.  Files are hashed and filings parsed as"
	" streams, so memory stays bounded whatever the corpus size.  The"
	" summary goes to standard output and is stored (import_batch); the"
	" exit status is 1 when any file failed.",
	options, run
};
