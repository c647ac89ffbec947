/*
 * clear.h - clearing models: the network and the result (internal).
 *
 * cf_network holds the entities and the obligations as they were added
 * (parallel obligations are summed when a model runs).  cf_clearing holds
 * one run's per-entity figures; the tests read these arrays directly.
 * docs/methods.md ("Clearing") defines every figure.
 */
#ifndef CF_CLEAR_H
#define CF_CLEAR_H

#include <stddef.h>

#include "circfin.h"

struct cf_network {
	size_t n;		/* entities */
	char **ids;		/* entity ids, as given */
	size_t *order;		/* entity indices sorted by id (for find) */
	double *ext_assets;	/* e_i */
	double *ext_liab;	/* external liabilities x_i */
	size_t m, cap;		/* obligations added, allocated */
	size_t *debtor, *creditor;
	double *amount;
};

struct cf_clearing {
	int model;
	int seniority;
	size_t n;
	double *obligations;	/* network + external, nominal */
	double *pool;		/* EN/RV: p_i, the clearing vector entry (the
				   pool shared pro rata: network and, under
				   equal seniority, external creditors) */
	double *pay_network;	/* paid to network creditors */
	double *payment;	/* paid to all creditors */
	double *equity;
	double *h;		/* DebtRank relative equity loss */
	double *equity0;	/* DebtRank: book equity before the shock */
	unsigned char *defaulted;
	long iterations;
	double residual;
	int converged;
	size_t ndefaults;
	double debtrank;
};

/*
 * Parse the two CSV texts (not NUL-terminated; the paths are only for
 * messages) into a network: what cf_network_read_csv does after reading
 * the files.  CF_EINPUT with "path:line: ..." on bad input.
 */
int cf_network_parse_csv(cf_network **out, const char *liabilities_path,
    const char *liabilities, size_t liabilities_len, const char *entities_path,
    const char *entities, size_t entities_len);

/* The relative slack of the solvency test: assets within this share of
 * the largest obligation below what is owed still count as enough. */
#define CF_CLEAR_EPS 1e-12

/* A round whose defaulting set is larger than this takes a Picard step
 * instead of a dense linear solve (O(k^3) for k defaulting entities). */
#define CF_CLEAR_DENSE_MAX 400

#endif /* CF_CLEAR_H */
