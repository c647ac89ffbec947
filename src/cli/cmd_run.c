/*
 * cmd_run.c - circfin run: the whole job on a dataset, into DIR.
 *
 * The store is built as DIR/circfin.sqlite.tmp and renamed over
 * DIR/circfin.sqlite only when every stage succeeded, so a failed run
 * leaves the previous results as they were.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"output", 'o', "DIR", "where results go (created; default out)"},
	{"quiet", 'q', NULL, "no progress line on stderr"},
	{NULL, 0, NULL, NULL}
};

/* mkdir -p */
static int
make_dirs(const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -1;
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

static void
remove_store_files(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int
print_summary(cf_store *st, const char *dataset, const char *db)
{
	cf_store_counts c;
	cf_table *t = NULL;
	int rc;

	if (cf_store_counts_get(st, &c) != CF_OK ||
	    cf_store_summary(&t, st) != CF_OK)
		return cli_fail();
	printf("circfin %s: %s -> %s\n", cf_version(), dataset, db);
	printf("  %ld sources, %ld entities, %ld flows, %ld disclosures\n\n",
	    c.sources, c.entities, c.flows, c.disclosures);
	rc = cli_write_table(t, OUT_TEXT);
	cf_table_free(t);
	return rc;
}

static int
run(int argc, char **argv)
{
	struct cli_parser p;
	const char *dir = "out";
	char db[4096], tmp[4100];
	cf_store *st = NULL;
	int quiet = 0, o, rc;

	cli_parser_init(&p, &cmd_run, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0: dir = p.arg; break;
		case 1: quiet = 1; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage(&cmd_run, "expected one DATASET (a file or"
		    " directory)");
	if (snprintf(db, sizeof(db), "%s/circfin.sqlite", dir) >=
	    (int)sizeof(db))
		return cli_usage(&cmd_run, "output directory name too long");
	snprintf(tmp, sizeof(tmp), "%s.tmp", db);
	if (make_dirs(dir) != 0) {
		cli_error("%s: cannot create directory: %s", dir,
		    strerror(errno));
		return EXIT_RUNTIME;
	}
	remove_store_files(tmp);
	if (cf_store_open(&st, tmp, CF_STORE_CREATE) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	if ((rc = cli_import(st, (const char *const *)argv + optind, 1,
	    "auto", quiet)) != EXIT_OK)
		goto out;
	if ((rc = print_summary(st, argv[optind], db)) != EXIT_OK)
		goto out;
	cf_store_close(st);
	st = NULL;
	remove_store_files(db);
	if (rename(tmp, db) != 0) {
		cli_error("%s: cannot rename to %s: %s", tmp, db,
		    strerror(errno));
		rc = EXIT_RUNTIME;
	}
out:
	cf_store_close(st);
	if (rc != EXIT_OK)
		remove_store_files(tmp);
	return rc;
}

const struct cli_command cmd_run = {
	"run", "[--output DIR] [--quiet] DATASET",
	"import a dataset and run every analysis into DIR",
	"Builds a fresh store DIR/circfin.sqlite from DATASET (a circfin XML"
	" file, or a directory of datasets and CSV files) and prints a"
	" summary: how many sources, entities, flows and disclosures, and the"
	" flows and money per status.  The store is written beside the old"
	" one and replaces it only when the whole run succeeded.",
	options, run
};
