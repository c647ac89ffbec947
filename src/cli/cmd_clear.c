/*
 * cmd_clear.c - circfin clear: single-period clearing of a network of
 * obligations read from two CSV files (Eisenberg-Noe, Rogers-Veraart,
 * Furfine, DebtRank), for researchers; no store involved.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_option options[] = {
	{"liabilities", 'l', "FILE", "the obligations: CSV with the header"
	    " debtor,creditor,amount (amounts in major units, e.g. 1250.00)"},
	{"entities", 'e', "FILE", "the entities: CSV with the header"
	    " id,external_assets,external_liabilities"},
	{"model", 'm', "MODEL", "eisenberg-noe (default), rogers-veraart,"
	    " furfine, debtrank (linear) or debtrank-single-hit"},
	{"alpha", 0, "A", "rogers-veraart (required): share of its external"
	    " assets a defaulting entity realises, 0 to 1"},
	{"beta", 0, "B", "rogers-veraart (required): share of what the network"
	    " pays it that a defaulting entity realises, 0 to 1"},
	{"seniority", 0, "S", "eisenberg-noe, rogers-veraart: equal (default)"
	    " shares an entity's payments pro rata between network and"
	    " external creditors; senior pays external liabilities first"},
	{"shock", 's', "ID=F", "entity ID loses the fraction F (0 < F <= 1) of"
	    " its external assets before clearing, or for debtrank of its"
	    " equity; repeat for several (debtrank needs one)"},
	{"recovery", 0, "R", "furfine: share of its obligations a failed"
	    " entity pays, 0 to 1 (default 0)"},
	{"tolerance", 0, "X", "converged when the residual is at most X"
	    " (default 1e-9)"},
	{"max-iter", 0, "N", "give up after N iterations (default 10000)"},
	{"csv", 0, NULL, "write CSV (RFC 4180) instead of a table, without"
	    " the summary"},
	{NULL, 0, NULL, NULL}
};

enum { O_LIAB, O_ENT, O_MODEL, O_ALPHA, O_BETA, O_SENIORITY, O_SHOCK,
	O_RECOVERY, O_TOLERANCE, O_MAXITER, O_CSV };

#define MAX_SHOCKS 256

/* A number from an option, within [lo, hi] (above lo if lo_open). */
static int
real_arg(double *out, const char *name, const char *arg, double lo,
    double hi, int lo_open)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || *arg == '\0' || *end != '\0' || !isfinite(v) ||
	    v < lo || v > hi || (lo_open && v == lo)) {
		cli_usage(&cmd_clear, "--%s wants a number %s %g and at"
		    " most %g, not '%s'", name, lo_open ? "above" :
		    "of at least", lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* The fraction of "ID=F" (after the last '='), in (0, 1]; *idlen is the
 * length of ID. */
static int
shock_arg(size_t *idlen, double *fraction, const char *arg)
{
	const char *eq = strrchr(arg, '=');

	if (eq == NULL || eq == arg) {
		cli_usage(&cmd_clear, "--shock wants ID=FRACTION, not '%s'",
		    arg);
		return -1;
	}
	*idlen = (size_t)(eq - arg);
	return real_arg(fraction, "shock", eq + 1, 0, 1, 1);
}

/* The entity whose id is the first len bytes of id. */
static int
find_prefix(size_t *out, const cf_network *net, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < cf_network_size(net); i++) {
		const char *s = cf_network_id(net, i);

		if (strlen(s) == len && memcmp(s, id, len) == 0) {
			*out = i;
			return CF_OK;
		}
	}
	return CF_ENOTFOUND;
}

static void
summary(const cf_clear_summary *s, size_t n)
{
	const char *model = cf_clear_model_name(s->model);

	if (s->model == CF_CLEAR_DEBTRANK ||
	    s->model == CF_CLEAR_DEBTRANK_SINGLE_HIT)
		printf("\n%s: DebtRank %.6f (equity lost beyond the shock, as a"
		    " share of all equity); ", model, s->debtrank);
	else
		printf("\n%s: ", model);
	printf("%zu of %zu entit%s default%s; converged after %ld"
	    " iteration%s (residual %.3g).\n", s->defaults, n,
	    n == 1 ? "y" : "ies", s->defaults == 1 ? "s" : "",
	    s->iterations, s->iterations == 1 ? "" : "s", s->residual);
}

static int
run(int argc, char **argv)
{
	const char *liab = NULL, *ent = NULL, *shock_arg_of[MAX_SHOCKS];
	size_t shock_len[MAX_SHOCKS];
	cf_clear_shock shocks[MAX_SHOCKS];
	struct cli_parser p;
	cf_clear_opts opts;
	cf_clear_summary s;
	cf_network *net = NULL;
	cf_clearing *c = NULL;
	cf_table *t = NULL;
	int set_alpha = 0, set_beta = 0, set_seniority = 0, set_recovery = 0;
	int csv = 0, o, rc;
	size_t i, k, nshocks = 0;
	long n;

	cf_clear_opts_init(&opts);
	cli_parser_init(&p, &cmd_clear, argc, argv);
	while ((o = cli_next(&p)) != CLI_END) {
		switch (o) {
		case O_LIAB: liab = p.arg; break;
		case O_ENT: ent = p.arg; break;
		case O_MODEL:
			if (cf_clear_model_parse(&opts.model, p.arg) != CF_OK)
				return cli_usage(&cmd_clear, "--model: %s",
				    cf_error_message());
			break;
		case O_ALPHA:
			if (real_arg(&opts.alpha, "alpha", p.arg, 0, 1, 0) < 0)
				return EXIT_USAGE;
			set_alpha = 1;
			break;
		case O_BETA:
			if (real_arg(&opts.beta, "beta", p.arg, 0, 1, 0) < 0)
				return EXIT_USAGE;
			set_beta = 1;
			break;
		case O_SENIORITY:
			if (strcmp(p.arg, "equal") == 0)
				opts.seniority = CF_SENIORITY_EQUAL;
			else if (strcmp(p.arg, "senior") == 0)
				opts.seniority = CF_SENIORITY_SENIOR;
			else
				return cli_usage(&cmd_clear, "--seniority is"
				    " equal or senior, not '%s'", p.arg);
			set_seniority = 1;
			break;
		case O_SHOCK:
			if (nshocks == MAX_SHOCKS)
				return cli_usage(&cmd_clear, "at most %d"
				    " shocks", MAX_SHOCKS);
			if (shock_arg(&shock_len[nshocks],
			    &shocks[nshocks].fraction, p.arg) < 0)
				return EXIT_USAGE;
			shock_arg_of[nshocks++] = p.arg;
			break;
		case O_RECOVERY:
			if (real_arg(&opts.recovery, "recovery", p.arg, 0, 1,
			    0) < 0)
				return EXIT_USAGE;
			set_recovery = 1;
			break;
		case O_TOLERANCE:
			if (real_arg(&opts.tolerance, "tolerance", p.arg, 0, 1,
			    1) < 0)
				return EXIT_USAGE;
			break;
		case O_MAXITER:
			if ((n = cli_count_arg(&cmd_clear, "max-iter", p.arg,
			    1)) < 0)
				return EXIT_USAGE;
			opts.max_iter = n;
			break;
		case O_CSV: csv = 1; break;
		case CLI_HELP: return cli_finish_stdout(EXIT_OK);
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_clear, "unexpected argument '%s'",
		    argv[optind]);
	if (liab == NULL || ent == NULL)
		return cli_usage(&cmd_clear, "--liabilities and --entities are"
		    " required");
	if ((set_alpha || set_beta) && opts.model != CF_CLEAR_ROGERS_VERAART)
		return cli_usage(&cmd_clear, "--alpha and --beta are for"
		    " --model rogers-veraart");
	if (opts.model == CF_CLEAR_ROGERS_VERAART && !(set_alpha && set_beta))
		return cli_usage(&cmd_clear, "rogers-veraart needs --alpha and"
		    " --beta (1 and 1 is eisenberg-noe)");
	if (set_seniority && opts.model != CF_CLEAR_EISENBERG_NOE &&
	    opts.model != CF_CLEAR_ROGERS_VERAART)
		return cli_usage(&cmd_clear, "--seniority is for eisenberg-noe"
		    " and rogers-veraart");
	if (set_recovery && opts.model != CF_CLEAR_FURFINE)
		return cli_usage(&cmd_clear, "--recovery is for --model"
		    " furfine");
	if (nshocks == 0 && (opts.model == CF_CLEAR_DEBTRANK ||
	    opts.model == CF_CLEAR_DEBTRANK_SINGLE_HIT))
		return cli_usage(&cmd_clear, "%s needs a shock: --shock"
		    " ID=FRACTION", cf_clear_model_name(opts.model));
	if (cf_network_read_csv(&net, liab, ent) != CF_OK)
		return cli_fail();
	for (i = 0; i < nshocks; i++) {
		int len = (int)shock_len[i];

		if (find_prefix(&shocks[i].entity, net, shock_arg_of[i],
		    shock_len[i]) != CF_OK) {
			rc = cli_usage(&cmd_clear, "--shock: no entity '%.*s'"
			    " in %s", len, shock_arg_of[i], ent);
			goto out;
		}
		for (k = 0; k < i; k++)
			if (shocks[k].entity == shocks[i].entity) {
				rc = cli_usage(&cmd_clear, "--shock: '%.*s' is"
				    " shocked twice", len, shock_arg_of[i]);
				goto out;
			}
	}
	opts.shocks = shocks;
	opts.nshocks = nshocks;
	if (cf_clear(&c, net, &opts) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	cf_clearing_summary(&s, c);
	if (!s.converged) {
		cli_error("%s did not converge within %ld iteration%s (residual"
		    " %.3g); raise --max-iter or --tolerance",
		    cf_clear_model_name(s.model), opts.max_iter,
		    opts.max_iter == 1 ? "" : "s", s.residual);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (cf_clearing_table(&t, net, c, 2) != CF_OK) {
		rc = cli_fail();
		goto out;
	}
	rc = cli_write_table(t, csv ? OUT_CSV : OUT_TEXT);
	if (rc == EXIT_OK && !csv) {
		summary(&s, cf_network_size(net));
		rc = cli_finish_stdout(rc);
	}
out:
	cf_table_free(t);
	cf_clearing_free(c);
	cf_network_free(net);
	return rc;
}

const struct cli_command cmd_clear = {
	"clear", "--liabilities FILE --entities FILE [--model MODEL]"
	" [--alpha A --beta B] [--seniority equal|senior] [--shock ID=F]..."
	" [--recovery R] [--tolerance X] [--max-iter N] [--csv]",
	"clear a network of obligations in one period",
	"Reads a network of obligations (who owes whom how much) and each"
	" entity's external assets and liabilities from two CSV files, and"
	" clears it with a model from the systemic-risk literature:"
	" eisenberg-noe (the greatest clearing vector, payments pro rata),"
	" rogers-veraart (the same with default costs: a defaulting entity"
	" realises only --alpha of its external assets and --beta of what the"
	" network pays it), furfine (sequential defaults: a failed entity pays"
	" --recovery of what it owes, its creditors fail when their capital"
	" goes below zero, round after round), debtrank (linear DebtRank:"
	" relative equity losses passed on to creditors in proportion to"
	" their exposure over their equity) or debtrank-single-hit (the"
	" original DebtRank: each distressed entity passes its loss on"
	" once).\n\n"
	"For each entity, in the order of the entities file: what it owes"
	" (obligations, network and external), what it pays, its equity after"
	" clearing, and whether it defaults; for DebtRank instead its relative"
	" equity loss h, its equity after the losses, and whether it defaults"
	" (h = 1).  Amounts are in major units with two decimals.  Furfine's"
	" equity can be negative: the model has no limited liability.  The"
	" text output ends with a summary: the number of defaults, the"
	" iterations, the residual and, for DebtRank, the DebtRank.  A model"
	" that does not converge within --max-iter prints no table and exits"
	" 1.  docs/methods.md states every equation.",
	options, run
};
