/*
 * cmd_entities.c - circfin entities: list the entities of a store.
 */
#include "config.h"

#include "cli.h"

static const struct cli_option options[] = {
	{"db", 'd', "FILE", "the store (default circfin.sqlite)"},
	{"kind", 'k', "KIND", "only entities of this kind"},
	{"csv", 0, NULL, "write CSV (RFC 4180) instead of a table"},
	{"json", 0, NULL, "write a JSON array of objects"},
	{NULL, 0, NULL, NULL}
};

static int
run(int argc, char **argv)
{
	struct cli_parser p;
	cf_list_filter filter = {0};
	const char *db = CLI_DEFAULT_DB;
	int format = OUT_TEXT, o;

	cli_parser_init(&p, &cmd_entities, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0: db = p.arg; break;
		case 1: filter.kind = p.arg; break;
		case 2: format = OUT_CSV; break;
		case 3: format = OUT_JSON; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_entities, "unexpected argument '%s'",
		    argv[optind]);
	return cli_list(&cmd_entities, db, cf_store_list_entities, &filter, format);
}

const struct cli_command cmd_entities = {
	"entities", "[--db FILE] [--kind KIND] [--csv | --json]",
	"list entities with kinds, parent, identifiers and aliases",
	"Lists every entity of the store, ordered by id: its name, kinds,"
	" parent (AWS is part of Amazon), identifiers (scheme:value) and"
	" aliases.  Lists inside a cell are separated by ';'.",
	options, run
};
