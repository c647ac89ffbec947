/*
 * rng.h - random streams, the standard normal distribution and the
 * distributions of Monte Carlo draws (internal).
 *
 * Every Monte Carlo draw has its own stream, named by (seed, stream): the
 * scenario's seed and the draw's number.  A draw's numbers depend on
 * nothing else, so results are the same whatever the number of threads or
 * the order draws run in.  The generator is xoshiro256** (Blackman and
 * Vigna, 2018), its state seeded through SplitMix64 (see cf_rng_init).
 * Normals come from the inverse CDF, one uniform each; a draw's variables
 * share one common factor through a Gaussian copula (cf_copula_z) and each
 * is mapped to its distribution by cf_dist_value.  Every function here is
 * reentrant: a stream's state is all there is.
 */
#ifndef CF_RNG_H
#define CF_RNG_H

#include <stdint.h>

#include "scenario.h"

struct cf_rng {
	uint64_t s[4];		/* xoshiro256** state, never all zero */
};

/*
 * Start the stream (seed, stream) in r.  The state is four successive
 * SplitMix64 outputs, mix(x + k golden) for k = 1..4, from the start
 * x = seed ^ mix(stream + golden), where mix is SplitMix64's finaliser (a
 * bijection of 64-bit words) and golden is 0x9e3779b97f4a7c15.  Under one
 * seed, distinct streams give distinct x and so distinct states, and
 * likewise distinct seeds under one stream; two pairs differing in both
 * share a state only when seed ^ seed' = mix(stream + golden) ^
 * mix(stream' + golden), which ordinary seeds (small numbers, dates, ...)
 * hit with probability about 2^-64.  Passing the stream through mix before
 * it meets the seed keeps neighbouring streams and seeds from giving
 * related starts, and the state words come out of a second round of
 * mixing, as Vigna recommends for seeding xoshiro.  Distinct states are
 * far apart on the period 2^256 - 1 except with negligible probability.
 * The state is never all zero (mix is zero only at zero).
 */
void cf_rng_init(struct cf_rng *r, uint64_t seed, uint64_t stream);

/* The next 64-bit output of xoshiro256**. */
uint64_t cf_rng_next(struct cf_rng *r);

/*
 * A uniform in the open interval (0, 1): (k + 1/2) / 2^52 for k the top 52
 * bits of one output.  All 2^52 values are exact doubles, never 0 or 1,
 * and the set is symmetric about 1/2 (u and 1 - u are both in it).  (With
 * 53 bits, k / 2^53 + 2^-54 rounds to 1 for the largest k.)
 */
double cf_rng_uniform(struct cf_rng *r);

/* A standard normal: cf_norm_quantile of one cf_rng_uniform, so within
 * +-8.21 (the quantile of 2^-53). */
double cf_rng_normal(struct cf_rng *r);

/* Φ(x), the standard normal CDF, as erfc(-x / sqrt 2) / 2: relative error
 * within 3e-16 max(1, x^2) down to x = -37.5 (measured against mpmath; the
 * x^2 is the rounding of x / sqrt 2, and Φ's own conditioning), below
 * which Φ is subnormal. */
double cf_norm_cdf(double x);

/*
 * Φ⁻¹(p), the standard normal quantile, by Wichura's AS241 (PPND16):
 * relative error below 1e-15 over (0, 1) (7e-16 at worst against mpmath
 * for p from 1e-300 to 1/2 and their 1 - p).  Exactly odd:
 * Φ⁻¹(1 - p) = -Φ⁻¹(p) when 1 - p is exact.  p = 0 gives -INFINITY,
 * p = 1 INFINITY, and p outside [0, 1] or NaN gives NaN.
 */
double cf_norm_quantile(double p);

/*
 * The value of distribution d at the standard normal z (a Gaussian copula:
 * u = Φ(z) is uniform and the value is d's quantile at u).  Normal:
 * a + b z; lognormal: exp(a + b z); uniform: a + (b - a) u; triangular
 * (low a, mode b, high c): the inverse CDF at u (a when low = high; the
 * upper branch uses Φ(-z) for 1 - u so it keeps its precision); Bernoulli
 * (p = a): 1 when u < p (low z), else 0, and always 1 when p = 1.  The
 * parameters must have been checked (cf_scenarios_read does);
 * d->loading is not used here.
 */
double cf_dist_value(const struct cf_dist *d, double z);

/* loading * common + sqrt(1 - loading^2) * own: standard normal when both
 * are, with correlation loading to common; two such variables with
 * loadings l1, l2 on one common factor correlate l1 * l2.  |loading| <= 1. */
double cf_copula_z(double common, double loading, double own);

#endif /* CF_RNG_H */
