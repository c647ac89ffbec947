/*
 * cmd_import.c - circfin import: files and directories into a store.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"db", 'd', "FILE", "the store to import into (created if missing;"
	    " default circfin.sqlite)"},
	{"format", 'f', "FMT", "auto (default: by content), xml or csv"},
	{"quiet", 'q', NULL, "no progress line on stderr"},
	{NULL, 0, NULL, NULL}
};

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
		rows += r;
	}
	nfail = cf_batch_count(b, CF_FILE_FAILED);
	printf("imported %zu file%s (%ld record%s), skipped %zu unchanged,"
	    " failed %zu\n", cf_batch_count(b, CF_FILE_IMPORTED),
	    cf_batch_count(b, CF_FILE_IMPORTED) == 1 ? "" : "s", rows,
	    rows == 1 ? "" : "s",
	    cf_batch_count(b, CF_FILE_SKIPPED), nfail);
	cf_batch_free(b);
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
	    strcmp(format, "csv") != 0)
		return cli_usage(&cmd_import, "unknown format '%s' (auto, xml"
		    " or csv)", format);
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
	"import", "[--db FILE] [--format auto|xml|csv] [--quiet] PATH...",
	"import datasets and CSV files into a store",
	"Imports each FILE, and every file below each DIRECTORY, into the"
	" store.  The format of each file is found from its content: a"
	" circfin XML dataset, or CSV with an entities, flows or sources"
	" header.  Sources are imported before entities and entities before"
	" flows, so a directory holding entities.csv and flows.csv imports in"
	" one go.\n\n"
	"Each file is one transaction: a file that fails leaves nothing"
	" behind, its error (file, line, what is wrong) is printed and logged,"
	" and the batch goes on.  A file whose content was imported before is"
	" skipped; a changed file at a path imported before replaces that"
	" import.  The summary goes to standard output; the exit status is 1"
	" when any file failed.",
	options, run
};
