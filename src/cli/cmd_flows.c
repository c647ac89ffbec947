/*
 * cmd_flows.c - circfin flows: list the flows of a store.
 */
#include "config.h"

#include "cli.h"

static const struct cli_option options[] = {
	{"db", 'd', "FILE", "the store (default circfin.sqlite)"},
	{"status", 's', "STATUS", "only flows with this status (paid,"
	    " committed, contingent, option, letter-of-intent, superseded)"},
	{"type", 't', "TYPE", "only flows of this type (equity,"
	    " compute-commitment, ...)"},
	{"entity", 'e', "ID", "only flows from or to this entity"},
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

	cli_parser_init(&p, &cmd_flows, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case 0: db = p.arg; break;
		case 1: filter.status = p.arg; break;
		case 2: filter.type = p.arg; break;
		case 3: filter.entity = p.arg; break;
		case 4: format = OUT_CSV; break;
		case 5: format = OUT_JSON; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_flows, "unexpected argument '%s'",
		    argv[optind]);
	return cli_list(&cmd_flows, db, cf_store_list_flows, &filter, format);
}

const struct cli_command cmd_flows = {
	"flows", "[--db FILE] [--status S] [--type T] [--entity ID]"
	" [--csv | --json]",
	"list money flows with amounts, status and sources",
	"Lists the flows of the store, ordered by announcement date: payer"
	" (from), payee (to), type, status, the exact amount in major units"
	" and its currency, a range (low..high) for \"up to\" or estimated"
	" figures, a non-money quantity (GW, shares), and the ids of the"
	" sources behind it.",
	options, run
};
