/*
 * rng.c - xoshiro256** streams seeded by SplitMix64, the standard normal
 * CDF and quantile (AS241), and the distributions of Monte Carlo draws.
 *
 * xoshiro256** and SplitMix64 follow the reference code of Blackman and
 * Vigna (prng.di.unimi.it); tests/unit/test_rng.c checks both against
 * outputs computed independently.  The quantile is Wichura's algorithm
 * AS241 (Applied Statistics 37(3), 1988), PPND16: three rational
 * approximations of degree 7, for the centre |p - 1/2| <= 0.425 and for
 * r = sqrt(-log min(p, 1 - p)) up to 5 and beyond.
 */
#include "config.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>

#include "rng.h"
#include "scenario.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)

/* ---- streams ------------------------------------------------------------ */

/* SplitMix64's finaliser: a bijection of 64-bit words, zero only at zero. */
static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
cf_rng_init(struct cf_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ mix(stream + GOLDEN);
	int i;

	for (i = 0; i < 4; i++) {
		x += GOLDEN;
		r->s[i] = mix(x);
	}
}

uint64_t
cf_rng_next(struct cf_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double
cf_rng_uniform(struct cf_rng *r)
{
	/* k + 0.5 < 2^52 needs 53 bits: exact, and so is the scaling. */
	return ((double)(cf_rng_next(r) >> 12) + 0.5) * 0x1p-52;
}

double
cf_rng_normal(struct cf_rng *r)
{
	return cf_norm_quantile(cf_rng_uniform(r));
}

/* ---- the standard normal ------------------------------------------------ */

double
cf_norm_cdf(double x)
{
	return 0.5 * erfc(-x * 0.70710678118654752440);
}

/* AS241's coefficients as Wichura printed them, highest degree first. */
static const double centre_num[8] = {
	2.5090809287301226727e+3, 3.3430575583588128105e+4,
	6.7265770927008700853e+4, 4.5921953931549871457e+4,
	1.3731693765509461125e+4, 1.9715909503065514427e+3,
	1.3314166789178437745e+2, 3.3871328727963666080e+0
};
static const double centre_den[8] = {
	5.2264952788528545610e+3, 2.8729085735721942674e+4,
	3.9307895800092710610e+4, 2.1213794301586595867e+4,
	5.3941960214247511077e+3, 6.8718700749205790830e+2,
	4.2313330701600911252e+1, 1.0
};
static const double near_num[8] = {
	7.74545014278341407640e-4, 2.27238449892691845833e-2,
	2.41780725177450611770e-1, 1.27045825245236838258e+0,
	3.64784832476320460504e+0, 5.76949722146069140550e+0,
	4.63033784615654529590e+0, 1.42343711074968357734e+0
};
static const double near_den[8] = {
	1.05075007164441684324e-9, 5.47593808499534494600e-4,
	1.51986665636164571966e-2, 1.48103976427480074590e-1,
	6.89767334985100004550e-1, 1.67638483018380384940e+0,
	2.05319162663775882187e+0, 1.0
};
static const double far_num[8] = {
	2.01033439929228813265e-7, 2.71155556874348757815e-5,
	1.24266094738807843860e-3, 2.65321895265761230930e-2,
	2.96560571828504891230e-1, 1.78482653991729133580e+0,
	5.46378491116411436990e+0, 6.65790464350110377720e+0
};
static const double far_den[8] = {
	2.04426310338993978564e-15, 1.42151175831644588870e-7,
	1.84631831751005468180e-5, 7.86869131145613259100e-4,
	1.48753612908506148525e-2, 1.36929880922735805310e-1,
	5.99832206555887937690e-1, 1.0
};

/* c[0] r^7 + ... + c[7] by Horner's rule. */
static double
poly7(const double c[8], double r)
{
	double v = c[0];
	int i;

	for (i = 1; i < 8; i++)
		v = v * r + c[i];
	return v;
}

double
cf_norm_quantile(double p)
{
	double q, r, x;

	if (!(p > 0 && p < 1)) {
		if (p == 0)
			return -INFINITY;
		if (p == 1)
			return INFINITY;
		return NAN;
	}
	q = p - 0.5;
	if (fabs(q) <= 0.425) {
		r = 0.180625 - q * q;
		return q * poly7(centre_num, r) / poly7(centre_den, r);
	}
	/* 1 - p is exact for p >= 1/2. */
	r = sqrt(-log(q < 0 ? p : 1 - p));
	if (r <= 5) {
		r -= 1.6;
		x = poly7(near_num, r) / poly7(near_den, r);
	} else {
		r -= 5;
		x = poly7(far_num, r) / poly7(far_den, r);
	}
	return q < 0 ? -x : x;
}

/* ---- distributions ------------------------------------------------------ */

/* The triangular distribution's quantile at u = Φ(z), v = 1 - u = Φ(-z). */
static double
triangular(double low, double mode, double high, double u, double v)
{
	double w = high - low;

	if (!(w > 0))
		return low;
	if (u * w < mode - low)
		return low + sqrt(u * w * (mode - low));
	return high - sqrt(v * w * (high - mode));
}

double
cf_dist_value(const struct cf_dist *d, double z)
{
	switch (d->kind) {
	case CF_DIST_NORMAL:
		return d->a + d->b * z;
	case CF_DIST_LOGNORMAL:
		return exp(d->a + d->b * z);
	case CF_DIST_UNIFORM:
		return d->a + (d->b - d->a) * cf_norm_cdf(z);
	case CF_DIST_TRIANGULAR:
		return triangular(d->a, d->b, d->c, cf_norm_cdf(z),
		    cf_norm_cdf(-z));
	case CF_DIST_BERNOULLI:
		/* p = 1 must give 1 also where Φ(z) rounds to 1. */
		return d->a >= 1 || cf_norm_cdf(z) < d->a ? 1 : 0;
	}
	assert(!"unknown distribution");
	return NAN;
}

double
cf_copula_z(double common, double loading, double own)
{
	return loading * common + sqrt(1 - loading * loading) * own;
}
