/*
 * quantile.c - streaming quantile estimates by the P² algorithm (Jain and
 * Chlamtac, "The P² algorithm for dynamic calculation of quantiles and
 * histograms without storing observations", CACM 28(10), 1985).
 *
 * Five markers track the minimum, the p/2, p and (1 + p)/2 quantiles and
 * the maximum.  Marker i has a height q[i] and an actual position n[i] (a
 * rank among the observations so far, from 1); its desired position is
 * 1 + (count - 1) dn[i] with dn = {0, p/2, p, (1 + p)/2, 1}, the rank of
 * the type-7 quantile.  Each new observation shifts the positions of the
 * markers above it; a middle marker more than one rank from where it
 * should be moves one rank towards it, its height adjusted by the
 * piecewise-parabolic (P²) formula, or linearly when the parabola would
 * leave the heights of its neighbours out of order.  Until the fifth
 * observation the markers simply hold the sorted observations.
 */
#include "config.h"

#include <assert.h>
#include <limits.h>
#include <math.h>

#include "quantile.h"

void
cf_p2_init(struct cf_p2 *e, double p)
{
	int i;

	assert(p >= 0 && p <= 1);
	for (i = 0; i < 5; i++) {
		e->q[i] = 0;
		e->n[i] = i + 1;
	}
	e->count = 0;
	e->p = p;
}

/* The desired position of the middle marker i (1, 2 or 3) after count
 * observations: dn = p/2, p, (1 + p)/2. */
static double
desired(const struct cf_p2 *e, int i)
{
	double dn = i == 1 ? e->p / 2 : i == 2 ? e->p : (1 + e->p) / 2;

	return 1 + (double)(e->count - 1) * dn;
}

/* The piecewise-parabolic height of marker i moved by d (+1 or -1). */
static double
parabolic(const struct cf_p2 *e, int i, int d)
{
	const double *q = e->q;
	const int *n = e->n;
	double left = n[i] - n[i - 1], right = n[i + 1] - n[i];

	return q[i] + d / (double)(n[i + 1] - n[i - 1]) *
	    ((left + d) * (q[i + 1] - q[i]) / right +
	    (right - d) * (q[i] - q[i - 1]) / left);
}

void
cf_p2_add(struct cf_p2 *e, double x)
{
	double *q = e->q;
	int *n = e->n;
	double delta, h;
	int i, k, d;

	assert(!isnan(x));
	assert(e->count < INT_MAX);
	if (e->count < 5) {
		/* Insertion into the sorted first observations. */
		for (i = (int)e->count; i > 0 && q[i - 1] > x; i--)
			q[i] = q[i - 1];
		q[i] = x;
		e->count++;
		return;
	}

	/* The cell x falls in; the extreme markers follow the extremes. */
	if (x < q[0]) {
		q[0] = x;
		k = 0;
	} else if (x >= q[4]) {
		q[4] = x;
		k = 3;
	} else {
		for (k = 0; k < 3 && x >= q[k + 1]; k++)
			;
	}
	for (i = k + 1; i < 5; i++)
		n[i]++;
	e->count++;

	for (i = 1; i < 4; i++) {
		delta = desired(e, i) - n[i];
		if (!((delta >= 1 && n[i + 1] - n[i] > 1) ||
		    (delta <= -1 && n[i - 1] - n[i] < -1)))
			continue;
		d = delta > 0 ? 1 : -1;
		h = parabolic(e, i, d);
		if (!(q[i - 1] < h && h < q[i + 1]))
			h = q[i] + d * (q[i + d] - q[i]) / (n[i + d] - n[i]);
		q[i] = h;
		n[i] += d;
	}
}

double
cf_p2_value(const struct cf_p2 *e)
{
	double h, f;
	long lo;

	if (e->count == 0)
		return NAN;
	if (e->count > 5) {
		/* The extreme markers are the exact minimum and maximum. */
		if (e->p == 0)
			return e->q[0];
		if (e->p == 1)
			return e->q[4];
		return e->q[2];
	}
	/* Type 7: rank 1 + h, h = (count - 1) p, between order statistics. */
	h = (double)(e->count - 1) * e->p;
	lo = (long)floor(h);
	f = h - (double)lo;
	if (lo + 1 >= e->count || f == 0)
		return e->q[lo];
	return e->q[lo] + f * (e->q[lo + 1] - e->q[lo]);
}
