/*
 * quantile.h - streaming quantile estimates in constant memory, by the P²
 * algorithm of Jain and Chlamtac (CACM, 1985) (internal).
 *
 * One cf_p2 estimates one quantile of a stream of values from five
 * markers, without storing the values: the stress engine keeps one per
 * quantile and figure.  The estimate depends only on the values and their
 * order, so the engine feeds draws in draw order to stay independent of the
 * number of threads.
 *
 * Accuracy, measured against the exact type-7 quantiles of the same values
 * (with src/rng.c's streams; the error as a share of the interquartile
 * range, mean/worst over 50 streams of 1e5 values, 200 of 1e4 and 500 of
 * 1e3; lognormal is exp of a standard normal):
 *
 *   n    values      5%            50%           95%           99%
 *   1e5  normal      1.1e-3/3.0e-3 2.3e-4/7.4e-4 8.7e-4/2.5e-3 1.8e-3/5.1e-3
 *   1e5  lognormal   1.0e-4/3.9e-4 3.0e-4/9.5e-4 8.1e-3/3.1e-2 3.0e-2/1.2e-1
 *   1e4  normal      5.0e-3/4.2e-2 1.2e-3/5.8e-3 3.5e-3/1.9e-2 9.5e-3/4.1e-2
 *   1e4  lognormal   6.7e-4/3.6e-3 1.4e-3/4.8e-3 2.5e-2/1.4e-1 1.2e-1/5.7e-1
 *   1e3  normal      2.1e-2/1.6e-1 6.2e-3/3.0e-2 1.8e-2/1.0e-1 3.8e-2/1.9e-1
 *   1e3  lognormal   3.2e-3/3.7e-2 6.7e-3/3.6e-2 1.2e-1/9.0e-1 4.2e-1/3.8
 *
 * On average the error is below the sampling error of the exact quantile
 * itself: a tenth of it for the median of 1e5 normals, half of it for the
 * lognormal's 99% with 1e3 values (where that error is 0.83 IQR); the
 * worst cases reach a few times it in a heavy upper tail with few values.
 * At an atom (90% zeros, the rest lognormal; the IQR is 0) the 5% and 50%
 * estimates sit a hair above it (below 4e-8 of the 5-95% range with 1e5
 * values) and the 95% is within 1.4e-2 of that range.  The unit tests hold
 * 1e5 values to 0.05 IQR (and the atom to 1e-6 and 0.05 of the range).
 */
#ifndef CF_QUANTILE_H
#define CF_QUANTILE_H

struct cf_p2 {
	double q[5];		/* marker heights; the first values, sorted,
				   while count <= 5 */
	int n[5];		/* marker positions, ranks from 1 */
	long count;		/* values added */
	double p;		/* the quantile estimated, in [0, 1] */
};

/* Start an estimator of the p quantile (0 <= p <= 1) with no values. */
void cf_p2_init(struct cf_p2 *e, double p);

/* Add the value x (not NaN).  Constant time; at most INT_MAX values. */
void cf_p2_add(struct cf_p2 *e, double x);

/*
 * The estimate: NaN with no values; while count <= 5 the exact type-7
 * quantile (rank 1 + (count - 1) p, interpolated linearly between the
 * order statistics around it); after that the height of the middle P²
 * marker, or for p = 0 and p = 1 the exact minimum and maximum.
 */
double cf_p2_value(const struct cf_p2 *e);

#endif /* CF_QUANTILE_H */
