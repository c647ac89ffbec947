/*
 * clear.c - single-period clearing of a network of obligations:
 * Eisenberg-Noe, Rogers-Veraart default costs, Furfine's sequential
 * defaults, and DebtRank (linear and single-hit).
 *
 * A network is n entities with external assets e_i and external
 * liabilities x_i, and obligations L_ij >= 0 (i owes j), parallel ones
 * summed when a model runs.  Eisenberg-Noe and Rogers-Veraart look for the
 * greatest clearing vector with one algorithm: starting from full payment,
 * each round marks every entity that cannot pay in full at the current
 * payments as defaulting (the set only grows) and solves exactly for the
 * defaulting entities' payments with the others paying in full (a linear
 * complementarity problem: a dense solve, and Chandrasekaran's method when
 * senior external liabilities make some payments zero).  This is the
 * fictitious default algorithm of Eisenberg and Noe and the greatest
 * clearing vector algorithm of Rogers and Veraart; every iterate lies above
 * the greatest clearing vector, so the first one that is a fixed point is
 * it.  A singular or very large system falls back to a Picard step, which
 * keeps the same guarantee.  Furfine and single-hit DebtRank are finite
 * cascades; linear DebtRank iterates to a tolerance.  docs/methods.md
 * ("Clearing") states every equation.
 *
 * The CSV reader at the end is this module's own: two small fixed-column
 * files, amounts parsed exactly with cf_money_parse and then held as
 * doubles in minor units.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "clear.h"
#include "csvtok.h"
#include "readfile.h"
#include "model.h"
#include "table.h"

/* ---- the network -------------------------------------------------------- */

void
cf_network_free(cf_network *net)
{
	size_t i;

	if (net == NULL)
		return;
	if (net->ids != NULL)
		for (i = 0; i < net->n; i++)
			free(net->ids[i]);
	free(net->ids);
	free(net->order);
	free(net->ext_assets);
	free(net->ext_liab);
	free(net->debtor);
	free(net->creditor);
	free(net->amount);
	free(net);
}

/* Is v a usable amount: finite and not negative? */
static int
amount_ok(double v)
{
	return isfinite(v) && v >= 0;
}

/* An id with where it came from: its index, or its line in a file. */
struct idref {
	const char *id;
	size_t at;
};

/* qsort order: by id, then by where it came from. */
static int
idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return (x->at > y->at) - (x->at < y->at);
}

int
cf_network_new(cf_network **out, size_t n, const char *const *ids,
    const double *external_assets, const double *external_liabilities)
{
	cf_network *net = NULL;
	struct idref *ref = NULL;
	size_t i;
	int rc;

	if (n == 0 || ids == NULL)
		return cf_error_set(CF_EARG, "a network needs at least one"
		    " entity");
	for (i = 0; i < n; i++) {
		if (ids[i] == NULL || ids[i][0] == '\0')
			return cf_error_set(CF_EARG, "entity %zu has no id", i);
		if ((external_assets && !amount_ok(external_assets[i])) ||
		    (external_liabilities &&
		    !amount_ok(external_liabilities[i])))
			return cf_error_set(CF_EARG, "entity '%.80s': external"
			    " assets and liabilities must be finite and >= 0",
			    ids[i]);
	}
	if ((net = calloc(1, sizeof(*net))) == NULL ||
	    (net->ids = calloc(n, sizeof(*net->ids))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "network");
		goto out;
	}
	net->n = n;
	if ((net->order = calloc(n, sizeof(*net->order))) == NULL ||
	    (net->ext_assets = calloc(n, sizeof(double))) == NULL ||
	    (net->ext_liab = calloc(n, sizeof(double))) == NULL ||
	    (ref = calloc(n, sizeof(*ref))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "network");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if ((net->ids[i] = strdup(ids[i])) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "network ids");
			goto out;
		}
		net->ext_assets[i] = external_assets ? external_assets[i] : 0;
		net->ext_liab[i] = external_liabilities ?
		    external_liabilities[i] : 0;
		ref[i].id = net->ids[i];
		ref[i].at = i;
	}
	qsort(ref, n, sizeof(*ref), idref_cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(ref[i - 1].id, ref[i].id) == 0) {
			rc = cf_error_set(CF_EARG, "duplicate entity id"
			    " '%.80s'", ref[i].id);
			goto out;
		}
		net->order[i] = ref[i].at;
	}
	*out = net;
	net = NULL;
	rc = CF_OK;
out:
	free(ref);
	cf_network_free(net);
	return rc;
}

int
cf_network_add(cf_network *net, size_t debtor, size_t creditor,
    double amount)
{
	if (debtor >= net->n || creditor >= net->n)
		return cf_error_set(CF_EARG, "obligation between entities"
		    " %zu and %zu: no such entity", debtor, creditor);
	if (debtor == creditor)
		return cf_error_set(CF_EARG, "entity '%.80s' cannot owe"
		    " itself", net->ids[debtor]);
	if (!amount_ok(amount))
		return cf_error_set(CF_EARG, "obligation of '%.80s' to"
		    " '%.80s': the amount must be finite and >= 0",
		    net->ids[debtor], net->ids[creditor]);
	if (net->m == net->cap) {
		size_t cap = net->cap ? net->cap * 2 : 16;
		size_t *d, *c;
		double *a;

		if ((d = realloc(net->debtor, cap * sizeof(*d))) == NULL)
			return cf_error_set(CF_ENOMEM, "obligations");
		net->debtor = d;
		if ((c = realloc(net->creditor, cap * sizeof(*c))) == NULL)
			return cf_error_set(CF_ENOMEM, "obligations");
		net->creditor = c;
		if ((a = realloc(net->amount, cap * sizeof(*a))) == NULL)
			return cf_error_set(CF_ENOMEM, "obligations");
		net->amount = a;
		net->cap = cap;
	}
	net->debtor[net->m] = debtor;
	net->creditor[net->m] = creditor;
	net->amount[net->m] = amount;
	net->m++;
	return CF_OK;
}

size_t
cf_network_size(const cf_network *net)
{
	return net->n;
}

const char *
cf_network_id(const cf_network *net, size_t i)
{
	return i < net->n ? net->ids[i] : NULL;
}

int
cf_network_find(size_t *out, const cf_network *net, const char *id)
{
	size_t lo = 0, hi = net->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(net->ids[net->order[mid]], id);

		if (c == 0) {
			*out = net->order[mid];
			return CF_OK;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return CF_ENOTFOUND;
}

/* ---- options ------------------------------------------------------------ */

static const char *const model_names[] = {
	"eisenberg-noe", "rogers-veraart", "furfine", "debtrank",
	"debtrank-single-hit"
};
#define NMODELS (sizeof(model_names) / sizeof(model_names[0]))

void
cf_clear_opts_init(cf_clear_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->model = CF_CLEAR_EISENBERG_NOE;
	opts->seniority = CF_SENIORITY_EQUAL;
	opts->alpha = 1;
	opts->beta = 1;
	opts->recovery = 0;
	opts->tolerance = 1e-9;
	opts->max_iter = 10000;
}

int
cf_clear_model_parse(int *out, const char *name)
{
	size_t i;

	for (i = 0; i < NMODELS; i++)
		if (strcmp(model_names[i], name) == 0) {
			*out = (int)i;
			return CF_OK;
		}
	return cf_error_set(CF_EARG, "unknown model '%.40s' (eisenberg-noe,"
	    " rogers-veraart, furfine, debtrank, debtrank-single-hit)", name);
}

const char *
cf_clear_model_name(int model)
{
	return model >= 0 && (size_t)model < NMODELS ? model_names[model] :
	    "unknown";
}

/* Is v in [0, 1]? */
static int
unit_interval(double v)
{
	return isfinite(v) && v >= 0 && v <= 1;
}

/* CF_EARG with the reason if the options do not fit the network. */
static int
check_opts(const cf_network *net, const cf_clear_opts *o)
{
	size_t i, k;

	if (o->model < 0 || (size_t)o->model >= NMODELS)
		return cf_error_set(CF_EARG, "unknown model %d", o->model);
	if (o->seniority != CF_SENIORITY_EQUAL &&
	    o->seniority != CF_SENIORITY_SENIOR)
		return cf_error_set(CF_EARG, "unknown seniority %d",
		    o->seniority);
	if (!unit_interval(o->alpha) || !unit_interval(o->beta))
		return cf_error_set(CF_EARG, "alpha and beta must be between 0"
		    " and 1");
	if (!unit_interval(o->recovery))
		return cf_error_set(CF_EARG, "the recovery rate must be between"
		    " 0 and 1");
	if (!isfinite(o->tolerance) || o->tolerance <= 0)
		return cf_error_set(CF_EARG, "the tolerance must be positive");
	if (o->max_iter < 1)
		return cf_error_set(CF_EARG, "at least one iteration is"
		    " needed");
	for (i = 0; i < o->nshocks; i++) {
		const cf_clear_shock *s = &o->shocks[i];

		if (s->entity >= net->n)
			return cf_error_set(CF_EARG, "shock on entity %zu: no"
			    " such entity", s->entity);
		if (!isfinite(s->fraction) || s->fraction <= 0 ||
		    s->fraction > 1)
			return cf_error_set(CF_EARG, "shock on '%.80s': the"
			    " fraction must be above 0 and at most 1",
			    net->ids[s->entity]);
		for (k = 0; k < i; k++)
			if (o->shocks[k].entity == s->entity)
				return cf_error_set(CF_EARG, "two shocks on"
				    " '%.80s'", net->ids[s->entity]);
	}
	if ((o->model == CF_CLEAR_DEBTRANK ||
	    o->model == CF_CLEAR_DEBTRANK_SINGLE_HIT) && o->nshocks == 0)
		return cf_error_set(CF_EARG, "DebtRank needs at least one"
		    " shock");
	return CF_OK;
}

/* ---- the system a model runs on ----------------------------------------- */

/* The network with parallel obligations merged, external assets after the
 * shocks, and the sums every model needs. */
struct sys {
	size_t n, m;		/* entities, merged obligations */
	size_t *from, *to;	/* obligation k: from[k] owes to[k] */
	double *amt;		/* L: its amount */
	double *e;		/* external assets (after shocks) */
	double *x;		/* external liabilities */
	double *lnet;		/* Σ_j L_ij: owed to the network */
	double *lin;		/* Σ_j L_ji: owed by the network */
	double *pbar;		/* EN/RV: the pool owed pro rata */
	double *s;		/* EN/RV: owed ahead of the pool (senior) */
	double *pi;		/* EN/RV: per obligation, amt / pbar[from] */
	double scale;		/* max(1, largest total obligation) */
	double eps;		/* the solvency test's slack */
};

/* Release what sys_init allocated (harmless on a zeroed or partial y). */
static void
sys_free(struct sys *y)
{
	free(y->from);
	free(y->to);
	free(y->amt);
	free(y->e);
	free(y->x);
	free(y->lnet);
	free(y->lin);
	free(y->pbar);
	free(y->s);
	free(y->pi);
}

struct edge {
	size_t d, c;
	double a;
};

/* qsort order of obligations: by debtor, then creditor. */
static int
edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->d != y->d)
		return (x->d > y->d) - (x->d < y->d);
	return (x->c > y->c) - (x->c < y->c);
}

/* Build y from the network and options (shock_assets: apply the shocks
 * to external assets).  On error, sys_free releases what was made. */
static int
sys_init(struct sys *y, const cf_network *net, const cf_clear_opts *o,
    int shock_assets)
{
	struct edge *ed = NULL;
	size_t i, k, n = net->n, m = 0;
	int senior = o->seniority == CF_SENIORITY_SENIOR, rc;

	memset(y, 0, sizeof(*y));
	y->n = n;
	if ((net->m && (ed = malloc(net->m * sizeof(*ed))) == NULL) ||
	    (y->e = calloc(n, sizeof(double))) == NULL ||
	    (y->x = calloc(n, sizeof(double))) == NULL ||
	    (y->lnet = calloc(n, sizeof(double))) == NULL ||
	    (y->lin = calloc(n, sizeof(double))) == NULL ||
	    (y->pbar = calloc(n, sizeof(double))) == NULL ||
	    (y->s = calloc(n, sizeof(double))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "clearing");
		goto out;
	}
	for (k = 0; k < net->m; k++) {
		ed[k].d = net->debtor[k];
		ed[k].c = net->creditor[k];
		ed[k].a = net->amount[k];
	}
	for (k = 1; k < net->m && edge_cmp(&ed[k - 1], &ed[k]) <= 0; k++)
		;
	if (k < net->m)		/* callers often pass them sorted */
		qsort(ed, net->m, sizeof(*ed), edge_cmp);
	for (k = 0; k < net->m; k++) {	/* merge pairs; drop zeros */
		if (m > 0 && ed[m - 1].d == ed[k].d && ed[m - 1].c == ed[k].c)
			ed[m - 1].a += ed[k].a;
		else
			ed[m++] = ed[k];
	}
	for (i = 0, k = 0; i < m; i++)
		if (ed[i].a > 0)
			ed[k++] = ed[i];
	m = k;
	y->m = m;
	if (m && ((y->from = malloc(m * sizeof(size_t))) == NULL ||
	    (y->to = malloc(m * sizeof(size_t))) == NULL ||
	    (y->amt = malloc(m * sizeof(double))) == NULL ||
	    (y->pi = malloc(m * sizeof(double))) == NULL)) {
		rc = cf_error_set(CF_ENOMEM, "clearing");
		goto out;
	}
	for (k = 0; k < m; k++) {
		y->from[k] = ed[k].d;
		y->to[k] = ed[k].c;
		y->amt[k] = ed[k].a;
		y->lnet[ed[k].d] += ed[k].a;
		y->lin[ed[k].c] += ed[k].a;
	}
	y->scale = 1;
	for (i = 0; i < n; i++) {
		y->e[i] = net->ext_assets[i];
		y->x[i] = net->ext_liab[i];
		y->pbar[i] = y->lnet[i] + (senior ? 0 : y->x[i]);
		y->s[i] = senior ? y->x[i] : 0;
		if (y->lnet[i] + y->x[i] > y->scale)
			y->scale = y->lnet[i] + y->x[i];
	}
	y->eps = CF_CLEAR_EPS * y->scale;
	for (k = 0; k < m; k++)
		y->pi[k] = y->amt[k] / y->pbar[y->from[k]];
	if (shock_assets)
		for (i = 0; i < o->nshocks; i++)
			y->e[o->shocks[i].entity] *= 1 - o->shocks[i].fraction;
	rc = CF_OK;
out:
	free(ed);
	return rc;
}

/* A zeroed result for y with the obligations filled in; CF_ENOMEM. */
static int
result_alloc(struct cf_clearing **out, const struct sys *y,
    const cf_clear_opts *o)
{
	struct cf_clearing *c;
	size_t n = y->n, i;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return cf_error_set(CF_ENOMEM, "clearing result");
	c->model = o->model;
	c->seniority = o->seniority;
	c->n = n;
	if ((c->obligations = calloc(n, sizeof(double))) == NULL ||
	    (c->pool = calloc(n, sizeof(double))) == NULL ||
	    (c->pay_network = calloc(n, sizeof(double))) == NULL ||
	    (c->payment = calloc(n, sizeof(double))) == NULL ||
	    (c->equity = calloc(n, sizeof(double))) == NULL ||
	    (c->h = calloc(n, sizeof(double))) == NULL ||
	    (c->equity0 = calloc(n, sizeof(double))) == NULL ||
	    (c->defaulted = calloc(n, 1)) == NULL) {
		cf_clearing_free(c);
		return cf_error_set(CF_ENOMEM, "clearing result");
	}
	for (i = 0; i < n; i++)
		c->obligations[i] = y->lnet[i] + y->x[i];
	*out = c;
	return CF_OK;
}

/* ---- Eisenberg-Noe and Rogers-Veraart ----------------------------------- */

/* infl[i] = Σ_j Π_ji p_j: what entity i receives from the network. */
static void
inflow(const struct sys *y, const double *p, double *infl)
{
	size_t k;

	memset(infl, 0, y->n * sizeof(*infl));
	for (k = 0; k < y->m; k++)
		infl[y->to[k]] += y->pi[k] * p[y->from[k]];
}

/*
 * The clearing map: out = Φ(p), infl = Πᵀp.  An entity whose assets
 * e + Πᵀp cover the pool and what is owed ahead of it (within eps) pays
 * the pool in full; otherwise it pays max(0, αe − s + β·Πᵀp).  Returns
 * max |Φ(p) − p| / scale.
 */
static double
phi(const struct sys *y, double alpha, double beta, const double *p,
    double *infl, double *out)
{
	double r = 0;
	size_t i;

	inflow(y, p, infl);
	for (i = 0; i < y->n; i++) {
		double v;

		if (y->e[i] + infl[i] >= y->pbar[i] + y->s[i] - y->eps) {
			v = y->pbar[i];
		} else {
			v = alpha * y->e[i] - y->s[i] + beta * infl[i];
			v = v < 0 ? 0 : v > y->pbar[i] ? y->pbar[i] : v;
		}
		out[i] = v;
		if (fabs(v - p[i]) > r)
			r = fabs(v - p[i]);
	}
	return r / y->scale;
}

/*
 * Solve x_a = c_a + β Σ_b Π_ba x_b for the entities a in set[0..k) (loc[i]
 * is i's place in set, or -1), everyone else paying q.  The solution goes
 * into q.  Returns CF_OK, 1 if the matrix is singular (q unchanged), or
 * CF_ENOMEM.  Gaussian elimination with partial pivoting on I − βΠᵀ.
 */
static int
dense_solve(const struct sys *y, double alpha, double beta,
    const size_t *set, size_t k, const long *loc, double *q)
{
	double *A = NULL, *b = NULL;
	size_t a, c, r, piv, i;
	int rc;

	if ((A = calloc(k * k, sizeof(*A))) == NULL ||
	    (b = malloc(k * sizeof(*b))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "clearing system");
		goto out;
	}
	for (a = 0; a < k; a++) {
		A[a * k + a] = 1;
		b[a] = alpha * y->e[set[a]] - y->s[set[a]];
	}
	for (i = 0; i < y->m; i++) {
		long t = loc[y->to[i]], f = loc[y->from[i]];

		if (t < 0)
			continue;
		if (f >= 0)
			A[(size_t)t * k + (size_t)f] -= beta * y->pi[i];
		else
			b[t] += beta * y->pi[i] * q[y->from[i]];
	}
	for (c = 0; c < k; c++) {
		piv = c;
		for (r = c + 1; r < k; r++)
			if (fabs(A[r * k + c]) > fabs(A[piv * k + c]))
				piv = r;
		if (fabs(A[piv * k + c]) < 1e-12) {
			rc = 1;
			goto out;
		}
		if (piv != c) {
			double t;

			for (i = 0; i < k; i++) {
				t = A[c * k + i];
				A[c * k + i] = A[piv * k + i];
				A[piv * k + i] = t;
			}
			t = b[c];
			b[c] = b[piv];
			b[piv] = t;
		}
		for (r = c + 1; r < k; r++) {
			double f = A[r * k + c] / A[c * k + c];

			if (f == 0)
				continue;
			for (i = c; i < k; i++)
				A[r * k + i] -= f * A[c * k + i];
			b[r] -= f * b[c];
		}
	}
	for (a = k; a-- > 0;) {
		double v = b[a];

		for (i = a + 1; i < k; i++)
			v -= A[a * k + i] * b[i];
		b[a] = v / A[a * k + a];
	}
	for (a = 0; a < k; a++)
		q[set[a]] = b[a];
	rc = CF_OK;
out:
	free(A);
	free(b);
	return rc;
}

/*
 * One round: the payments of the defaulting entities (def[i] = 1), the
 * others paying their pool in full, solve x_i = max(0, αe_i − s_i +
 * β Σ_j Π_ji x_j).  With I − βΠᵀ a nonsingular M-matrix on the entities
 * that pay something this has one solution.  First try every defaulting
 * entity paying something (one solve); if a payment comes out negative
 * or the system is singular (senior external liabilities: a closed group
 * that cannot all pay), use Chandrasekaran's method:
 * from all zero, add every entity whose payment would be positive and
 * solve again, until none is added (at most one solve per entity).
 * p holds the others' full payments on entry and the round's payments on
 * return.  Returns CF_OK, 1 when the round cannot be solved densely
 * (singular, or too large: p unchanged), or CF_ENOMEM.
 */
static int
solve_round(const struct sys *y, double alpha, double beta,
    const unsigned char *def, double *p)
{
	size_t *set = NULL, *all = NULL, n = y->n, k = 0, nd = 0, i, j;
	double *q = NULL, *infl = NULL;
	long *loc = NULL;
	int rc, neg = 0;

	if ((set = malloc(n * sizeof(*set))) == NULL ||
	    (all = malloc(n * sizeof(*all))) == NULL ||
	    (loc = malloc(n * sizeof(*loc))) == NULL ||
	    (q = malloc(n * sizeof(*q))) == NULL ||
	    (infl = malloc(n * sizeof(*infl))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "clearing round");
		goto out;
	}
	for (i = 0; i < n; i++) {
		loc[i] = -1;
		q[i] = p[i];
		if (def[i]) {
			loc[i] = (long)nd;
			all[nd++] = i;
		}
	}
	if (nd == 0) {
		rc = CF_OK;
		goto out;
	}
	if (nd > CF_CLEAR_DENSE_MAX) {
		rc = 1;
		goto out;
	}
	if ((rc = dense_solve(y, alpha, beta, all, nd, loc, q)) < 0)
		goto out;
	neg = rc == 1;	/* singular: some must pay nothing */
	for (j = 0; j < nd && !neg; j++)
		if (q[all[j]] < -y->eps)
			neg = 1;
	if (neg) {
		/* Chandrasekaran: grow the set of positive payers from none. */
		for (j = 0; j < nd; j++) {
			q[all[j]] = 0;
			loc[all[j]] = -1;
		}
		for (;;) {
			size_t added = 0;

			inflow(y, q, infl);
			for (j = 0; j < nd; j++) {
				i = all[j];
				if (loc[i] < 0 && alpha * y->e[i] - y->s[i] +
				    beta * infl[i] > 0) {
					loc[i] = (long)k;
					set[k++] = i;
					added++;
				}
			}
			if (added == 0)
				break;
			if ((rc = dense_solve(y, alpha, beta, set, k, loc,
			    q)) != CF_OK)
				goto out;
		}
	}
	for (j = 0; j < nd; j++) {
		i = all[j];
		p[i] = q[i] < 0 ? 0 : q[i] > y->pbar[i] ? y->pbar[i] : q[i];
	}
	rc = CF_OK;
out:
	free(set);
	free(all);
	free(loc);
	free(q);
	free(infl);
	return rc;
}

/*
 * Eisenberg-Noe (α = β = 1) or Rogers-Veraart: rounds from p̄ until Φ(p)
 * = p within the tolerance or max_iter rounds, then the per-entity
 * figures into c.  CF_OK (converged or not) or CF_ENOMEM.
 */
static int
run_enrv(struct cf_clearing *c, const struct sys *y, const cf_clear_opts *o)
{
	double alpha = 1, beta = 1, r, *p = NULL, *next = NULL, *infl = NULL;
	unsigned char *def = NULL;
	size_t n = y->n, i;
	int rc;

	if (o->model == CF_CLEAR_ROGERS_VERAART) {
		alpha = o->alpha;
		beta = o->beta;
	}
	if ((p = malloc(n * sizeof(*p))) == NULL ||
	    (next = malloc(n * sizeof(*next))) == NULL ||
	    (infl = malloc(n * sizeof(*infl))) == NULL ||
	    (def = calloc(n, 1)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "clearing");
		goto out;
	}
	memcpy(p, y->pbar, n * sizeof(*p));
	for (;;) {
		r = phi(y, alpha, beta, p, infl, next);
		if (r <= o->tolerance) {
			c->converged = 1;
			break;
		}
		if (c->iterations >= o->max_iter)
			break;
		c->iterations++;
		for (i = 0; i < n; i++)
			if (y->e[i] + infl[i] < y->pbar[i] + y->s[i] - y->eps)
				def[i] = 1;
		if ((rc = solve_round(y, alpha, beta, def, p)) < 0)
			goto out;
		if (rc == 1)	/* a Picard step instead */
			memcpy(p, next, n * sizeof(*p));
	}
	c->residual = r;
	inflow(y, p, infl);
	for (i = 0; i < n; i++) {
		double assets = y->e[i] + infl[i], due = c->obligations[i];

		c->pool[i] = p[i];
		if (assets >= due - y->eps) {
			c->payment[i] = due;
			c->pay_network[i] = y->lnet[i];
			c->equity[i] = assets - due;
			continue;
		}
		c->defaulted[i] = 1;
		c->ndefaults++;
		c->equity[i] = 0;
		if (o->seniority == CF_SENIORITY_SENIOR) {
			double v = alpha * y->e[i] + beta * infl[i];

			c->pay_network[i] = p[i];
			c->payment[i] = p[i] + (v < 0 ? 0 : v < y->x[i] ? v :
			    y->x[i]);
		} else {
			c->payment[i] = p[i];
			c->pay_network[i] = y->pbar[i] > 0 ?
			    p[i] * y->lnet[i] / y->pbar[i] : 0;
		}
	}
	rc = CF_OK;
out:
	free(p);
	free(next);
	free(infl);
	free(def);
	return rc;
}

/* ---- Furfine ------------------------------------------------------------ */

/* Book equity e + Σ_j L_ji − Σ_j L_ij − x, which Furfine and DebtRank
 * start from. */
static double
book_equity(const struct sys *y, size_t i)
{
	return y->e[i] + y->lin[i] - y->lnet[i] - y->x[i];
}

/*
 * Furfine's cascade on book capital: the insolvent fail, then round after
 * round whoever the failures' losses push below zero, until a round adds
 * no one or max_iter rounds.  CF_OK or CF_ENOMEM.
 */
static int
run_furfine(struct cf_clearing *c, const struct sys *y,
    const cf_clear_opts *o)
{
	double *loss = NULL, lgd = 1 - o->recovery;
	unsigned char *failed = c->defaulted;
	size_t n = y->n, i, k, fresh = 0;
	int rc;

	if ((loss = malloc(n * sizeof(*loss))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "furfine");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (book_equity(y, i) < -y->eps)
			failed[i] = 1;
	for (;;) {
		memset(loss, 0, n * sizeof(*loss));
		for (k = 0; k < y->m; k++)
			if (failed[y->from[k]])
				loss[y->to[k]] += lgd * y->amt[k];
		if (c->iterations > 0 && fresh == 0) {
			c->converged = 1;
			break;
		}
		if (c->iterations >= o->max_iter)
			break;
		c->iterations++;
		fresh = 0;
		for (i = 0; i < n; i++)
			if (!failed[i] && book_equity(y, i) - loss[i] <
			    -y->eps) {
				failed[i] = 2;	/* fails this round */
				fresh++;
			}
		for (i = 0; i < n; i++)
			if (failed[i] == 2)
				failed[i] = 1;
	}
	c->residual = c->converged ? 0 : (double)fresh / (double)n;
	for (i = 0; i < n; i++) {
		c->equity[i] = book_equity(y, i) - loss[i];
		if (failed[i]) {
			c->ndefaults++;
			c->payment[i] = o->recovery * c->obligations[i];
			c->pay_network[i] = o->recovery * y->lnet[i];
		} else {
			c->payment[i] = c->obligations[i];
			c->pay_network[i] = y->lnet[i];
		}
		c->pool[i] = c->payment[i];
	}
	rc = CF_OK;
out:
	free(loss);
	return rc;
}

/* ---- DebtRank ----------------------------------------------------------- */

enum { DR_UNDISTRESSED, DR_DISTRESSED, DR_INACTIVE };

/*
 * DebtRank, linear (every increment of h passed on, until the largest
 * change is within the tolerance) or single-hit (each entity passes its h
 * on once, until none is distressed).  CF_OK or CF_ENOMEM.
 */
static int
run_debtrank(struct cf_clearing *c, const struct sys *y,
    const cf_clear_opts *o)
{
	double *lam = NULL, *h0 = NULL, *h1 = NULL, *hn = NULL, *dh = NULL;
	double r = 0, lost = 0, total = 0;
	unsigned char *state = NULL;
	size_t n = y->n, i, k;
	int linear = o->model == CF_CLEAR_DEBTRANK, rc;

	if ((lam = malloc((y->m ? y->m : 1) * sizeof(*lam))) == NULL ||
	    (h0 = calloc(n, sizeof(*h0))) == NULL ||
	    (h1 = calloc(n, sizeof(*h1))) == NULL ||
	    (hn = malloc(n * sizeof(*hn))) == NULL ||
	    (dh = malloc(n * sizeof(*dh))) == NULL ||
	    (state = calloc(n, 1)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "debtrank");
		goto out;
	}
	for (i = 0; i < n; i++) {
		c->equity0[i] = book_equity(y, i);
		if (c->equity0[i] <= y->eps)	/* in default already */
			h1[i] = 1;
	}
	for (i = 0; i < o->nshocks; i++)
		if (h1[o->shocks[i].entity] < o->shocks[i].fraction)
			h1[o->shocks[i].entity] = o->shocks[i].fraction;
	/* Λ_ij = L_ji / E_i: creditor i's claim on debtor j over i's
	 * equity, per obligation (single-hit caps it at 1). */
	for (k = 0; k < y->m; k++) {
		double eq = c->equity0[y->to[k]];

		lam[k] = eq > y->eps ? y->amt[k] / eq : 0;
		if (!linear && lam[k] > 1)
			lam[k] = 1;
	}
	memcpy(c->h, h1, n * sizeof(*h1));
	for (i = 0; i < n; i++)
		state[i] = h1[i] > 0 ? DR_DISTRESSED : DR_UNDISTRESSED;
	for (;;) {
		size_t active = 0;

		if (!linear) {
			for (i = 0; i < n; i++)
				active += state[i] == DR_DISTRESSED;
			if (active == 0) {
				c->converged = 1;
				break;
			}
		}
		if (c->iterations >= o->max_iter) {
			if (!linear)
				r = (double)active / (double)n;
			break;
		}
		c->iterations++;
		memcpy(hn, c->h, n * sizeof(*hn));
		for (i = 0; i < n; i++)
			dh[i] = linear ? c->h[i] - h0[i] :
			    state[i] == DR_DISTRESSED ? c->h[i] : 0;
		for (k = 0; k < y->m; k++)
			if (dh[y->from[k]] > 0)
				hn[y->to[k]] += lam[k] * dh[y->from[k]];
		r = 0;
		for (i = 0; i < n; i++) {
			if (hn[i] > 1)
				hn[i] = 1;
			if (fabs(hn[i] - c->h[i]) > r)
				r = fabs(hn[i] - c->h[i]);
			if (!linear) {
				if (state[i] == DR_DISTRESSED)
					state[i] = DR_INACTIVE;
				else if (state[i] == DR_UNDISTRESSED &&
				    hn[i] > 0)
					state[i] = DR_DISTRESSED;
			}
		}
		memcpy(h0, c->h, n * sizeof(*h0));
		memcpy(c->h, hn, n * sizeof(*hn));
		if (linear && r <= o->tolerance) {
			c->converged = 1;
			break;
		}
	}
	c->residual = linear || !c->converged ? r : 0;
	for (i = 0; i < n; i++) {
		double eq = c->equity0[i];

		c->payment[i] = c->pay_network[i] = c->pool[i] = NAN;
		c->equity[i] = eq > y->eps ? eq * (1 - c->h[i]) : eq;
		if (c->h[i] >= 1 - 1e-12) {
			c->defaulted[i] = 1;
			c->ndefaults++;
		}
		if (eq > y->eps) {
			total += eq;
			lost += eq * (c->h[i] - h1[i]);
		}
	}
	c->debtrank = total > 0 ? lost / total : 0;
	rc = CF_OK;
out:
	free(lam);
	free(h0);
	free(h1);
	free(hn);
	free(dh);
	free(state);
	return rc;
}

/* ---- running a model, and the result ------------------------------------ */

int
cf_clear(cf_clearing **out, const cf_network *net, const cf_clear_opts *opts)
{
	struct cf_clearing *c = NULL;
	struct sys y;
	int debtrank, rc;

	memset(&y, 0, sizeof(y));
	if ((rc = check_opts(net, opts)) != CF_OK)
		return rc;
	debtrank = opts->model == CF_CLEAR_DEBTRANK ||
	    opts->model == CF_CLEAR_DEBTRANK_SINGLE_HIT;
	if ((rc = sys_init(&y, net, opts, !debtrank)) != CF_OK ||
	    (rc = result_alloc(&c, &y, opts)) != CF_OK)
		goto out;
	switch (opts->model) {
	case CF_CLEAR_EISENBERG_NOE:
	case CF_CLEAR_ROGERS_VERAART:
		rc = run_enrv(c, &y, opts);
		break;
	case CF_CLEAR_FURFINE:
		rc = run_furfine(c, &y, opts);
		break;
	default:
		rc = run_debtrank(c, &y, opts);
		break;
	}
	if (rc != CF_OK)
		goto out;
	*out = c;
	c = NULL;
out:
	cf_clearing_free(c);
	sys_free(&y);
	return rc;
}

void
cf_clearing_free(cf_clearing *c)
{
	if (c == NULL)
		return;
	free(c->obligations);
	free(c->pool);
	free(c->pay_network);
	free(c->payment);
	free(c->equity);
	free(c->h);
	free(c->equity0);
	free(c->defaulted);
	free(c);
}

void
cf_clearing_entity(cf_clear_entity *out, const cf_clearing *c, size_t i)
{
	out->obligations = c->obligations[i];
	out->payment = c->payment[i];
	out->equity = c->equity[i];
	out->loss = c->h[i];
	out->defaulted = c->defaulted[i];
}

void
cf_clearing_summary(cf_clear_summary *out, const cf_clearing *c)
{
	out->model = c->model;
	out->iterations = c->iterations;
	out->residual = c->residual;
	out->converged = c->converged;
	out->defaults = c->ndefaults;
	out->debtrank = c->debtrank;
}

/* v (minor units) as major units, rounded half away from zero. */
static int
format_amount(char *buf, size_t size, double v, int exponent)
{
	if (!isfinite(v) || fabs(v) > 9.2e18)
		return cf_error_set(CF_EARG, "amount %g cannot be printed", v);
	if (cf_money_format(buf, size, (int64_t)llround(v), exponent) < 0)
		return cf_error_set(CF_EARG, "amount %g cannot be printed", v);
	return CF_OK;
}

int
cf_clearing_table(cf_table **out, const cf_network *net,
    const cf_clearing *c, int exponent)
{
	static const char *const head[] = {
		"id", "obligations", "payment", "equity", "default"
	};
	static const char *const head_dr[] = { "id", "h", "equity", "default" };
	static const unsigned char numeric[] = { 0, 1, 1, 1, 1 };
	int debtrank = c->model == CF_CLEAR_DEBTRANK ||
	    c->model == CF_CLEAR_DEBTRANK_SINGLE_HIT;
	char b1[32], b2[32], b3[32];
	const char *cells[5];
	cf_table *t = NULL;
	size_t i;
	int rc;

	if (c->n != net->n)
		return cf_error_set(CF_EARG, "the result is not of this"
		    " network");
	if ((rc = cf_table_new(&t, debtrank ? 4 : 5, debtrank ? head_dr :
	    head)) != CF_OK)
		return rc;
	for (i = 0; i < c->n; i++) {
		cells[0] = net->ids[i];
		if (debtrank) {
			snprintf(b1, sizeof(b1), "%.6f", c->h[i]);
			if ((rc = format_amount(b2, sizeof(b2), c->equity[i],
			    exponent)) != CF_OK)
				goto out;
			cells[1] = b1;
			cells[2] = b2;
			cells[3] = c->defaulted[i] ? "1" : "0";
		} else {
			if ((rc = format_amount(b1, sizeof(b1),
			    c->obligations[i], exponent)) != CF_OK ||
			    (rc = format_amount(b2, sizeof(b2), c->payment[i],
			    exponent)) != CF_OK ||
			    (rc = format_amount(b3, sizeof(b3), c->equity[i],
			    exponent)) != CF_OK)
				goto out;
			cells[1] = b1;
			cells[2] = b2;
			cells[3] = b3;
			cells[4] = c->defaulted[i] ? "1" : "0";
		}
		if ((rc = cf_table_add_row(t, cells, numeric)) != CF_OK)
			goto out;
	}
	*out = t;
	t = NULL;
	rc = CF_OK;
out:
	cf_table_free(t);
	return rc;
}

/* ---- reading the CSV files ---------------------------------------------- */


/* Read the header: at[k] is the field of column names[k] (all three
 * required, nothing else allowed). */
static int
csv_header(struct cf_csv_in *in, struct cf_csv_row *r, const char *what,
    const char *const names[3], int at[3])
{
	size_t i;
	int k, got, rc;

	if ((rc = cf_csv_next(in, r, &got)) != CF_OK)
		return rc;
	if (!got)
		return cf_input_error(in->path, 0, "empty file: expected the"
		    " header %s,%s,%s", names[0], names[1], names[2]);
	at[0] = at[1] = at[2] = -1;
	for (i = 0; i < r->nf; i++) {
		for (k = 0; k < 3; k++)
			if (strcmp(cf_csv_field(r, i), names[k]) == 0)
				break;
		if (k == 3)
			return cf_input_error(in->path, r->line, "unknown"
			    " column '%.40s' in the %s header (expected %s,%s,"
			    "%s)", cf_csv_field(r, i), what, names[0], names[1],
			    names[2]);
		if (at[k] >= 0)
			return cf_input_error(in->path, r->line, "column '%s'"
			    " appears twice in the header", names[k]);
		at[k] = (int)i;
	}
	for (k = 0; k < 3; k++)
		if (at[k] < 0)
			return cf_input_error(in->path, r->line, "missing"
			    " column '%s' in the %s header (expected %s,%s,"
			    "%s)", names[k], what, names[0], names[1],
			    names[2]);
	return CF_OK;
}

/* A decimal amount in major units into minor units (exponent 2), held
 * exactly as a double. */
static int
csv_amount(double *out, const struct cf_csv_in *in, long line, const char *col,
    const char *text)
{
	int64_t v;

	if (cf_money_parse(&v, text, 2) != CF_OK)
		return cf_input_error(in->path, line, "%s: %s", col,
		    cf_error_message());
	if (v > ((int64_t)1 << 53))
		return cf_input_error(in->path, line, "%s: '%.40s' is too"
		    " large to compute with exactly (more than 2^53 cents)",
		    col, text);
	*out = (double)v;
	return CF_OK;
}

/* The entities file: ids, external assets and liabilities (minor units),
 * and the line of each row, in growing arrays. */
struct ent_rows {
	size_t n, cap;
	char **id;
	double *ea, *el;
	long *line;
};

/* Release the rows (not e itself). */
static void
ent_rows_free(struct ent_rows *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->id[i]);
	free(e->id);
	free(e->ea);
	free(e->el);
	free(e->line);
}

/* Double the capacity of e; CF_ENOMEM (e stays valid). */
static int
ent_rows_grow(struct ent_rows *e)
{
	size_t cap = e->cap ? e->cap * 2 : 64;
	char **id;
	double *ea, *el;
	long *line;

	if ((id = realloc(e->id, cap * sizeof(*id))) == NULL)
		return cf_error_set(CF_ENOMEM, "entities");
	e->id = id;
	if ((ea = realloc(e->ea, cap * sizeof(*ea))) == NULL)
		return cf_error_set(CF_ENOMEM, "entities");
	e->ea = ea;
	if ((el = realloc(e->el, cap * sizeof(*el))) == NULL)
		return cf_error_set(CF_ENOMEM, "entities");
	e->el = el;
	if ((line = realloc(e->line, cap * sizeof(*line))) == NULL)
		return cf_error_set(CF_ENOMEM, "entities");
	e->line = line;
	e->cap = cap;
	return CF_OK;
}

/* The entities file into a new network (r is scratch).  CF_EINPUT with
 * "path:line: ..." on bad input. */
static int
read_entities(cf_network **out, const char *path, const char *text,
    size_t len, struct cf_csv_row *r)
{
	static const char *const names[3] = {
		"id", "external_assets", "external_liabilities"
	};
	struct ent_rows e = {0};
	struct idref *ref = NULL;
	struct cf_csv_in in;
	size_t i;
	int at[3], got, rc;

	cf_csv_open(&in, path, text, len);
	if ((rc = csv_header(&in, r, "entities", names, at)) != CF_OK)
		goto out;
	for (;;) {
		const char *id;

		if ((rc = cf_csv_next(&in, r, &got)) != CF_OK)
			goto out;
		if (!got)
			break;
		if (r->nf != 3) {
			rc = cf_input_error(path, r->line, "%zu field%s, but"
			    " the header has 3", r->nf, r->nf == 1 ? "" : "s");
			goto out;
		}
		if (e.n == e.cap && (rc = ent_rows_grow(&e)) != CF_OK)
			goto out;
		id = cf_csv_field(r, (size_t)at[0]);
		if (id[0] == '\0') {
			rc = cf_input_error(path, r->line, "empty entity id");
			goto out;
		}
		if ((rc = csv_amount(&e.ea[e.n], &in, r->line, names[1],
		    cf_csv_field(r, (size_t)at[1]))) != CF_OK ||
		    (rc = csv_amount(&e.el[e.n], &in, r->line, names[2],
		    cf_csv_field(r, (size_t)at[2]))) != CF_OK)
			goto out;
		if ((e.id[e.n] = strdup(id)) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "entities");
			goto out;
		}
		e.line[e.n++] = r->line;
	}
	if (e.n == 0) {
		rc = cf_input_error(path, 0, "no entities (only a header)");
		goto out;
	}
	if ((ref = malloc(e.n * sizeof(*ref))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "entities");
		goto out;
	}
	for (i = 0; i < e.n; i++) {
		ref[i].id = e.id[i];
		ref[i].at = (size_t)e.line[i];
	}
	qsort(ref, e.n, sizeof(*ref), idref_cmp);
	for (i = 1; i < e.n; i++)
		if (strcmp(ref[i - 1].id, ref[i].id) == 0) {
			rc = cf_input_error(path, (long)ref[i].at, "duplicate"
			    " entity id '%.80s' (first at line %zu)", ref[i].id,
			    ref[i - 1].at);
			goto out;
		}
	rc = cf_network_new(out, e.n, (const char *const *)e.id, e.ea, e.el);
out:
	free(ref);
	ent_rows_free(&e);
	return rc;
}

/* The liabilities file into net's obligations (r is scratch).  CF_EINPUT
 * with "path:line: ..." on bad input; net may hold some rows then. */
static int
read_liabilities(cf_network *net, const char *path, const char *text,
    size_t len, const char *entities_path, struct cf_csv_row *r)
{
	static const char *const names[3] = { "debtor", "creditor", "amount" };
	struct cf_csv_in in;
	int at[3], got, rc;

	cf_csv_open(&in, path, text, len);
	if ((rc = csv_header(&in, r, "liabilities", names, at)) != CF_OK)
		return rc;
	for (;;) {
		const char *who[2];
		size_t idx[2];
		double amount;
		int k;

		if ((rc = cf_csv_next(&in, r, &got)) != CF_OK)
			return rc;
		if (!got)
			break;
		if (r->nf != 3)
			return cf_input_error(path, r->line, "%zu field%s, but"
			    " the header has 3", r->nf, r->nf == 1 ? "" : "s");
		for (k = 0; k < 2; k++) {
			who[k] = cf_csv_field(r, (size_t)at[k]);
			if (who[k][0] == '\0')
				return cf_input_error(path, r->line, "empty"
				    " %s", names[k]);
			if (cf_network_find(&idx[k], net, who[k]) != CF_OK)
				return cf_input_error(path, r->line, "unknown"
				    " %s '%.80s': no entity with this id in %s",
				    names[k], who[k], entities_path);
		}
		if (idx[0] == idx[1])
			return cf_input_error(path, r->line, "'%.80s' owes"
			    " itself: debtor and creditor must differ", who[0]);
		if ((rc = csv_amount(&amount, &in, r->line, names[2],
		    cf_csv_field(r, (size_t)at[2]))) != CF_OK)
			return rc;
		if ((rc = cf_network_add(net, idx[0], idx[1], amount)) !=
		    CF_OK)
			return rc;
	}
	return CF_OK;
}

int
cf_network_parse_csv(cf_network **out, const char *liabilities_path,
    const char *liabilities, size_t liabilities_len, const char *entities_path,
    const char *entities, size_t entities_len)
{
	struct cf_csv_row r = {0};
	cf_network *net = NULL;
	int rc;

	if ((rc = read_entities(&net, entities_path, entities, entities_len,
	    &r)) != CF_OK ||
	    (rc = read_liabilities(net, liabilities_path, liabilities,
	    liabilities_len, entities_path, &r)) != CF_OK)
		goto out;
	*out = net;
	net = NULL;
out:
	cf_csv_row_free(&r);
	cf_network_free(net);
	return rc;
}

int
cf_network_read_csv(cf_network **out, const char *liabilities_path,
    const char *entities_path)
{
	char *lt = NULL, *et = NULL;
	size_t ll = 0, el = 0;
	int rc;

	if ((rc = cf_read_file(entities_path, &et, &el)) !=
	    CF_OK || (rc = cf_read_file(liabilities_path, &lt,
	    &ll)) != CF_OK)
		goto out;
	rc = cf_network_parse_csv(out, liabilities_path, lt, ll,
	    entities_path, et, el);
out:
	free(lt);
	free(et);
	return rc;
}
