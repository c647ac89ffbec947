/*
 * fuzz_clear.c - libFuzzer harness: the clearing CSVs (src/clear.c).
 * Input: the liabilities CSV, FUZZ_SEP, the entities CSV.  A network that
 * parses, if small, is then cleared by every model, the DebtRanks with a
 * shock to its first entity: numbers that parse must not break a model.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "circfin.h"
#include "clear.h"
#include "fuzz.h"

const char fuzz_name[] = "clear";

/* Larger networks only cost time: the models are tested on them apart. */
#define CLEAR_MAX_ENTITIES 32

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[2] = { { "", 0 }, { "", 0 } };
	char liab[PATH_MAX], ent[PATH_MAX];
	cf_clear_shock shock = { 0, 0.5 };
	cf_network *net = NULL;
	cf_clear_opts opts;
	int model;

	fuzz_split(data, size, parts, 2);
	snprintf(liab, sizeof(liab), "%s", fuzz_path("liabilities.csv"));
	snprintf(ent, sizeof(ent), "%s", fuzz_path("entities.csv"));
	fuzz_check(cf_network_parse_csv(&net, liab, parts[0].p, parts[0].len,
	    ent, parts[1].p, parts[1].len));
	if (net == NULL || cf_network_size(net) > CLEAR_MAX_ENTITIES)
		goto out;
	for (model = CF_CLEAR_EISENBERG_NOE;
	    model <= CF_CLEAR_DEBTRANK_SINGLE_HIT; model++) {
		cf_clearing *c = NULL;

		cf_clear_opts_init(&opts);
		opts.model = model;
		opts.max_iter = 200;
		opts.shocks = &shock;
		opts.nshocks = 1;
		if (cf_clear(&c, net, &opts) != CF_OK)
			abort();
		cf_clearing_free(c);
	}
out:
	cf_network_free(net);
	return 0;
}
