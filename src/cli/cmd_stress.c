/*
 * cmd_stress.c - circfin stress: repayment stress of the commitments
 * under the scenarios of a scenarios file.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"scenarios", 'S', "FILE", "the scenarios file (urn:circfin:scenarios:1;"
	    " graphs/scenarios.xml is the default set)"},
	{"scenario", 'n', "NAME", "run only this scenario (default: all)"},
	{"draws", 'N', "N", "Monte Carlo draws instead of the file's"},
	{"seed", 0, "S", "Monte Carlo seed (0 to 2^64-1) instead of the"
	    " file's"},
	{"jobs", 'j', "N", "threads for the Monte Carlo draws (default 1);"
	    " results do not depend on it"},
	{"horizon", 'H', "YEARS", "years to run instead of the file's"},
	{"start-year", 0, "YEAR", "first year instead of the file's or the"
	    " as-of year"},
	{"detail", 0, NULL, "also store every draw's cash, due, paid and"
	    " default per entity and year (table stress_draw)"},
	{"table", 'T', "NAME", "write one table: scenarios, entities, years,"
	    " vendors or flows"},
	{"db", 'd', "FILE", "the store (default circfin.sqlite)"},
	{"as-of", 'a', "DATE", "flows announced by DATE and not superseded by"
	    " then; also the default first year"},
	{"consolidate", 'c', NULL, "fold subsidiaries into their ultimate"
	    " parent; their profiles add up"},
	{"currency", 0, "CODE", "the currency analysed (default USD)"},
	{"csv", 0, NULL, "write CSV (RFC 4180); with no --table, the entities"},
	{"json", 0, NULL, "write JSON; with no --table, every table"},
	{"quiet", 'q', NULL, "no progress line on stderr"},
	{NULL, 0, NULL, NULL}
};

enum {
	O_SCENARIOS, O_SCENARIO, O_DRAWS, O_SEED, O_JOBS, O_HORIZON, O_START,
	O_DETAIL, O_TABLE, O_DB, O_ASOF, O_CONS, O_CURRENCY, O_CSV, O_JSON,
	O_QUIET
};

typedef int (*table_fn)(cf_table **, const cf_stress *);

static const struct {
	const char *name;
	table_fn fn;
} tables[] = {
	{"scenarios", cf_stress_scenarios_table},
	{"entities", cf_stress_entities_table},
	{"years", cf_stress_years_table},
	{"vendors", cf_stress_vendors_table},
	{"flows", cf_stress_flows_table},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static int
write_json(const cf_stress *s, int64_t run)
{
	cf_table *t = NULL;
	size_t i;

	printf("{\"run\": %lld", (long long)run);
	for (i = 0; i < NTABLES; i++) {
		printf(", \"%s\": ", tables[i].name);
		if (tables[i].fn(&t, s) != CF_OK ||
		    cf_table_write_json(t, stdout) != CF_OK) {
			cf_table_free(t);
			return cli_fail();
		}
		cf_table_free(t);
		t = NULL;
	}
	printf("}\n");
	return cli_finish_stdout(EXIT_OK);
}

/* The text summary: scenarios, entities that may default, vendors. */
static int
write_text(const cf_stress *s, int64_t run, int detail)
{
	static const char *const heads[] = {("Scenarios (first default: the"
	    " earliest year by which half the draws have defaulted;"
	    " defaults: entities that default in at least half the draws)"),
	    "Entities", ("Vendors: commitments due to them and what is not"
	    " paid")};
	static const size_t which[] = {0, 1, 3};
	cf_table *t = NULL;
	size_t i;
	int rc = EXIT_OK;

	for (i = 0; i < 3 && rc == EXIT_OK; i++) {
		if (tables[which[i]].fn(&t, s) != CF_OK)
			return cli_fail();
		printf("%s%s\n", i ? "\n" : "", heads[i]);
		rc = cli_write_table(t, OUT_TEXT);
		cf_table_free(t);
		t = NULL;
	}
	if (rc == EXIT_OK)
		printf("\nstored as run %lld (tables stress_scenario,"
		    " stress_entity, stress_entity_year, stress_vendor,"
		    " stress_flow_year%s).\n", (long long)run,
		    detail ? ", stress_draw" : "");
	return cli_finish_stdout(rc);
}

static int
parse_seed(uint64_t *out, const char *arg)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		return -1;
	v = strtoull(arg, &end, 10);
	if (errno || *end != '\0')
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static int
run(int argc, char **argv)
{
	struct cli_parser p;
	cf_stress_opts so;
	cf_graph_filter f = {0};
	struct cli_progress *prog = NULL;
	const char *scen = NULL, *db = CLI_DEFAULT_DB, *table = NULL;
	cf_scenarios *sc = NULL;
	cf_store *st = NULL;
	cf_stress *s = NULL;
	cf_table *t = NULL;
	int64_t run_id = 0;
	size_t i;
	long v;
	int format = OUT_TEXT, quiet = 0, o, e, rc;

	memset(&so, 0, sizeof(so));
	f.currency = "USD";
	cli_parser_init(&p, &cmd_stress, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case O_SCENARIOS: scen = p.arg; break;
		case O_SCENARIO: so.scenario = p.arg; break;
		case O_DRAWS:
			if ((v = cli_count_arg(&cmd_stress, "draws", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			so.draws = v;
			break;
		case O_SEED:
			if (parse_seed(&so.seed, p.arg) != 0)
				return cli_usage(&cmd_stress, "--seed wants a"
				    " whole number from 0 to 2^64-1, not '%s'",
				    p.arg);
			so.has_seed = 1;
			break;
		case O_JOBS:
			if ((v = cli_count_arg(&cmd_stress, "jobs", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			if (v > 64)
				return cli_usage(&cmd_stress, "--jobs: at most"
				    " 64");
			so.jobs = (int)v;
			break;
		case O_HORIZON:
			if ((v = cli_count_arg(&cmd_stress, "horizon", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			if (v > 100)
				return cli_usage(&cmd_stress, "--horizon: at"
				    " most 100 years");
			so.years = (int)v;
			break;
		case O_START:
			if ((v = cli_count_arg(&cmd_stress, "start-year",
			    p.arg, 1900)) < 0)
				return EXIT_USAGE;
			if (v > 2200)
				return cli_usage(&cmd_stress, "--start-year:"
				    " at most 2200");
			so.start_year = (int)v;
			break;
		case O_DETAIL: so.detail = 1; break;
		case O_TABLE: table = p.arg; break;
		case O_DB: db = p.arg; break;
		case O_ASOF: f.as_of = p.arg; break;
		case O_CONS: f.consolidate = 1; break;
		case O_CURRENCY: f.currency = p.arg; break;
		case O_CSV: format = OUT_CSV; break;
		case O_JSON: format = OUT_JSON; break;
		case O_QUIET: quiet = 1; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_stress, "unexpected argument '%s'",
		    argv[optind]);
	if (scen == NULL)
		return cli_usage(&cmd_stress, "--scenarios FILE is required"
		    " (graphs/scenarios.xml is the default set)");
	if (f.as_of != NULL && !cf_date_valid(f.as_of))
		return cli_usage(&cmd_stress, "--as-of '%s' is not a date"
		    " (YYYY-MM-DD, YYYY-MM or YYYY)", f.as_of);
	if (cf_currency_exponent(&e, f.currency) != CF_OK)
		return cli_usage(&cmd_stress, "--currency: %s",
		    cf_error_message());
	for (i = 0; table != NULL && i < NTABLES; i++)
		if (strcmp(table, tables[i].name) == 0)
			break;
	if (table != NULL && i == NTABLES)
		return cli_usage(&cmd_stress, "--table: '%s' is not one of"
		    " scenarios, entities, years, vendors, flows", table);
	if (table == NULL && format == OUT_CSV)
		i = 1;
	if (cf_scenarios_read(&sc, scen) != CF_OK)
		return cli_fail();
	if ((rc = cli_open_store(&st, db)) != EXIT_OK)
		goto out;
	if ((prog = cli_progress_new(quiet)) != NULL) {
		so.progress = cli_progress_work;
		so.progress_arg = prog;
	}
	if ((rc = cf_stress_run(&s, &run_id, st, &f, sc, &so)) != CF_OK) {
		rc = rc == CF_EARG ? cli_usage(&cmd_stress, "%s",
		    cf_error_message()) : cli_fail();
		goto out;
	}
	cli_progress_free(prog);
	prog = NULL;
	if (table != NULL || format == OUT_CSV) {
		if (tables[i].fn(&t, s) != CF_OK) {
			rc = cli_fail();
			goto out;
		}
		rc = cli_write_table(t, format);
	} else if (format == OUT_JSON) {
		rc = write_json(s, run_id);
	} else {
		rc = write_text(s, run_id, so.detail);
	}
out:
	cli_progress_free(prog);
	cf_table_free(t);
	cf_stress_free(s);
	cf_store_close(st);
	cf_scenarios_free(sc);
	return rc;
}

const struct cli_command cmd_stress = {
	"stress", "--scenarios FILE [--scenario NAME] [--draws N] [--seed S]"
	" [--jobs N] [--horizon YEARS] [--detail] [--table NAME]"
	" [--csv | --json]",
	"repayment stress: who falls short on which commitment, and when",
	"Runs each scenario of FILE (or only --scenario NAME) year by year"
	" over the horizon.  Every entity with a financial profile in the"
	" store meets what falls due each year from its opening cash, its"
	" revenue and the funding it receives, against its costs; the year's"
	" commitments clear by the file's model (Eisenberg-Noe by default);"
	" what a debtor does not pay its creditors do not receive that year,"
	" so shortfalls cascade; a defaulting entity's later commitments end."
	"  Entities without a profile are not modelled: they pay what they"
	" owe.  Commitments with a schedule fall due on it; others are spread"
	" evenly from their start (or announcement) to their end year;"
	" contingent, option and letter-of-intent flows arrive with the"
	" scenario's probability; paid flows count as settled.  Monte Carlo"
	" scenarios draw their parameters per draw on an independent random"
	" stream, so results are the same for any --jobs.\n\n"
	"It prints, per scenario, who defaults first; per entity, the"
	" probability of default, the median default year and the expected"
	" shortfall with its 5, 50 and 95% quantiles; per vendor, the"
	" commitments due to it, the part not paid (backlog at risk) and the"
	" part of that which was its own money, by tracing.  --table years"
	" gives the yearly cash paths and --table flows each commitment paid"
	" short.  Everything is stored as one analysis run; a failed run"
	" stores nothing.  docs/methods.md (\"Repayment stress\") states the"
	" equations with worked examples.",
	options, run
};
