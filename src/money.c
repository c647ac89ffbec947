/*
 * money.c - exact money: ISO 4217 currencies, decimal parsing into integer
 * minor units, formatting back, and partial ISO 8601 dates.
 *
 * Amounts are int64_t minor units: the largest USD amount is about 9.2e16
 * dollars, far above any deal.  Parsing never goes through floating point,
 * so "1250000000.00" is exactly 125000000000 cents.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "model.h"

/* Active ISO 4217 codes and their minor-unit digits, sorted by code.
 * Precious metals, testing and fund codes with no minor unit are left
 * out: money in circfin always has a minor unit. */
static const struct currency {
	char code[4];
	int exponent;
} currencies[] = {
	{"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2},
	{"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2}, {"AZN", 2},
	{"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3},
	{"BIF", 0}, {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2},
	{"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
	{"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2},
	{"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2},
	{"COU", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
	{"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2},
	{"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2},
	{"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2},
	{"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2},
	{"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2},
	{"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3},
	{"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0},
	{"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
	{"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2},
	{"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2},
	{"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2},
	{"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2},
	{"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2},
	{"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2},
	{"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0},
	{"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
	{"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2},
	{"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2},
	{"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2},
	{"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2},
	{"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2}, {"UAH", 2},
	{"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2},
	{"UYW", 4}, {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0},
	{"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
	{"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2},
	{"ZWG", 2},
};

static int
currency_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct currency *)elem)->code);
}

int
cf_currency_exponent(int *out, const char *code)
{
	const struct currency *c;

	if (code == NULL || strlen(code) != 3)
		return cf_error_set(CF_EINPUT, "currency '%.16s' is not a"
		    " three-letter ISO 4217 code", code ? code : "");
	c = bsearch(code, currencies, sizeof(currencies) / sizeof(*c),
	    sizeof(*c), currency_cmp);
	if (c == NULL)
		return cf_error_set(CF_EINPUT, "unknown currency '%s' (not an"
		    " active ISO 4217 code)", code);
	*out = c->exponent;
	return CF_OK;
}

/* v = v * 10 + digit, or 0 on overflow. */
static int
push_digit(int64_t *v, int digit)
{
	if (*v > (INT64_MAX - digit) / 10)
		return 0;
	*v = *v * 10 + digit;
	return 1;
}

int
cf_money_parse(int64_t *out, const char *text, int exponent)
{
	const char *p = text;
	int64_t v = 0;
	int frac = 0;

	if (*p == '\0')
		return cf_error_set(CF_EINPUT, "empty amount");
	if (*p == '-')
		return cf_error_set(CF_EINPUT, "negative amount '%.40s'", text);
	if (!isdigit((unsigned char)*p))
		goto not_number;
	for (; isdigit((unsigned char)*p); p++)
		if (!push_digit(&v, *p - '0'))
			goto overflow;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			goto not_number;
		for (; isdigit((unsigned char)*p); p++) {
			if (frac < exponent) {
				if (!push_digit(&v, *p - '0'))
					goto overflow;
				frac++;
			} else if (*p != '0') {
				return cf_error_set(CF_EINPUT, "amount '%.40s'"
				    " has more than %d decimal places", text,
				    exponent);
			}
		}
	}
	if (*p != '\0')
		goto not_number;
	for (; frac < exponent; frac++)
		if (!push_digit(&v, 0))
			goto overflow;
	*out = v;
	return CF_OK;
not_number:
	return cf_error_set(CF_EINPUT, "amount '%.40s' is not a decimal"
	    " number (digits with an optional '.' and no sign, spaces or"
	    " thousands separators)", text);
overflow:
	return cf_error_set(CF_EINPUT, "amount '%.40s' is too large"
	    " (overflows 64-bit minor units)", text);
}

int
cf_money_format(char *buf, size_t size, int64_t minor, int exponent)
{
	uint64_t mag, scale = 1;
	int i, n;

	for (i = 0; i < exponent; i++)
		scale *= 10;
	mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	if (exponent == 0)
		n = snprintf(buf, size, "%s%llu", minor < 0 ? "-" : "",
		    (unsigned long long)mag);
	else
		n = snprintf(buf, size, "%s%llu.%0*llu", minor < 0 ? "-" : "",
		    (unsigned long long)(mag / scale), exponent,
		    (unsigned long long)(mag % scale));
	if (n < 0 || (size_t)n >= size)
		return -1;
	return n;
}

static int
digits(const char *p, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int
cf_date_valid(const char *text)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	size_t len = strlen(text);
	int y, m, d;

	if (len != 4 && len != 7 && len != 10)
		return 0;
	if ((y = digits(text, 4)) < 1000)
		return 0;
	if (len == 4)
		return 1;
	if (text[4] != '-' || (m = digits(text + 5, 2)) < 1 || m > 12)
		return 0;
	if (len == 7)
		return 1;
	if (text[7] != '-' || (d = digits(text + 8, 2)) < 1 ||
	    d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return 1;
}

int
cf_currency_at(size_t i, const char **code, int *exponent)
{
	if (i >= sizeof(currencies) / sizeof(currencies[0]))
		return 0;
	*code = currencies[i].code;
	*exponent = currencies[i].exponent;
	return 1;
}
