/* Exact money parsing and formatting, ISO 4217 exponents, partial dates and
 * SHA-256, each against values worked out by hand or published vectors. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "model.h"

/* text parses with exponent e to exactly want. */
static void
parses(const char *text, int e, int64_t want)
{
	int64_t v = -12345;
	int rc = cf_money_parse(&v, text, e);

	if (rc != CF_OK)
		fail_msg("'%s' (exponent %d): %s", text, e,
		    cf_error_message());
	if (v != want)
		fail_msg("'%s' (exponent %d) gave %lld, want %lld", text, e,
		    (long long)v, (long long)want);
}

/* text fails with CF_EINPUT, leaves *out alone and says why. */
static void
rejects(const char *text, int e, const char *why)
{
	int64_t v = -12345;

	cf_error_clear();
	if (cf_money_parse(&v, text, e) != CF_EINPUT)
		fail_msg("'%s' (exponent %d) accepted as %lld", text, e,
		    (long long)v);
	assert_int_equal(v, -12345);
	if (strstr(cf_error_message(), why) == NULL)
		fail_msg("'%s': message \"%s\" lacks \"%s\"", text,
		    cf_error_message(), why);
}

static void
test_parse_whole_and_decimal_amounts(void **state)
{
	(void)state;
	parses("0", 2, 0);
	parses("1", 2, 100);
	parses("1250000000.00", 2, 125000000000LL);
	parses("1.5", 2, 150);
	parses("1.50", 2, 150);
	parses("0.01", 2, 1);
	parses("007", 2, 700);
}

static void
test_parse_allows_trailing_zero_places(void **state)
{
	(void)state;
	parses("1.500", 2, 150);
	parses("1.5000000000000000000000000", 2, 150);
	parses("2.000", 0, 2);
}

static void
test_parse_refuses_too_many_places(void **state)
{
	(void)state;
	rejects("1.005", 2, "decimal places");
	rejects("1.001", 2, "more than 2");
	rejects("0.0001", 3, "more than 3");
}

static void
test_parse_exponent_zero(void **state)
{
	(void)state;
	parses("100", 0, 100);
	parses("100.0", 0, 100);
	rejects("100.5", 0, "more than 0 decimal places");
}

static void
test_parse_exponent_three(void **state)
{
	(void)state;
	parses("1.234", 3, 1234);
	parses("1.2", 3, 1200);
	parses("0.001", 3, 1);
}

static void
test_parse_refuses_malformed_text(void **state)
{
	(void)state;
	rejects("", 2, "empty");
	rejects("-1", 2, "negative");
	rejects("-0.50", 2, "negative");
	rejects("+1", 2, "not a decimal number");
	rejects("1,000", 2, "not a decimal number");
	rejects(" 1", 2, "not a decimal number");
	rejects("1 ", 2, "not a decimal number");
	rejects("1e9", 2, "not a decimal number");
	rejects("1.", 2, "not a decimal number");
	rejects(".5", 2, "not a decimal number");
	rejects("abc", 2, "not a decimal number");
	rejects("1.2.3", 2, "not a decimal number");
	rejects("0x10", 2, "not a decimal number");
}

static void
test_parse_int64_limit_exactly(void **state)
{
	(void)state;
	parses("92233720368547758.07", 2, INT64_MAX);
	parses("9223372036854775807", 0, INT64_MAX);
	parses("92233720368547758", 2, INT64_MAX - 7);
	parses("9223372036854775.807", 3, INT64_MAX);
}

static void
test_parse_overflow_is_an_error(void **state)
{
	(void)state;
	rejects("92233720368547758.08", 2, "too large");
	/* Too large only once padded to two places. */
	rejects("92233720368547759", 2, "too large");
	rejects("9223372036854775808", 0, "too large");
	rejects("99999999999999999999", 2, "too large");
	rejects("99999999999999999999999999999999999999", 0, "too large");
}

/* minor with exponent e formats as want, and want parses back. */
static void
formats(int64_t minor, int e, const char *want)
{
	char buf[64];
	int n = cf_money_format(buf, sizeof(buf), minor, e);

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
	if (minor >= 0)
		parses(buf, e, minor);
}

static void
test_format_round_trips(void **state)
{
	(void)state;
	formats(0, 2, "0.00");
	formats(1, 2, "0.01");
	formats(150, 2, "1.50");
	formats(125000000000LL, 2, "1250000000.00");
	formats(INT64_MAX, 2, "92233720368547758.07");
	formats(100, 0, "100");
	formats(0, 0, "0");
	formats(1234, 3, "1.234");
	formats(5, 3, "0.005");
	formats(INT64_MAX, 0, "9223372036854775807");
}

static void
test_format_negative_amounts(void **state)
{
	(void)state;
	formats(-150, 2, "-1.50");
	formats(-5, 2, "-0.05");
	formats(-100, 0, "-100");
	formats(-1234, 3, "-1.234");
	formats(INT64_MIN, 2, "-92233720368547758.08");
	formats(INT64_MIN, 0, "-9223372036854775808");
}

static void
test_format_buffer_too_small(void **state)
{
	char buf[8];

	(void)state;
	/* "1.50" needs 4 characters and a NUL. */
	assert_int_equal(cf_money_format(buf, 5, 150, 2), 4);
	assert_string_equal(buf, "1.50");
	assert_int_equal(cf_money_format(buf, 4, 150, 2), -1);
	assert_int_equal(cf_money_format(buf, 1, 150, 2), -1);
	assert_int_equal(cf_money_format(buf, 0, 150, 2), -1);
	assert_int_equal(cf_money_format(buf, 5, -100, 0), 4);
	assert_string_equal(buf, "-100");
	assert_int_equal(cf_money_format(buf, 4, -100, 0), -1);
}

static void
test_currency_exponents(void **state)
{
	int e = -1;

	(void)state;
	assert_int_equal(cf_currency_exponent(&e, "USD"), CF_OK);
	assert_int_equal(e, 2);
	assert_int_equal(cf_currency_exponent(&e, "JPY"), CF_OK);
	assert_int_equal(e, 0);
	assert_int_equal(cf_currency_exponent(&e, "KWD"), CF_OK);
	assert_int_equal(e, 3);
	assert_int_equal(cf_currency_exponent(&e, "EUR"), CF_OK);
	assert_int_equal(e, 2);
	/* The first and the last code of the table. */
	assert_int_equal(cf_currency_exponent(&e, "AED"), CF_OK);
	assert_int_equal(e, 2);
	assert_int_equal(cf_currency_exponent(&e, "ZWG"), CF_OK);
	assert_int_equal(e, 2);
}

static void
test_currency_unknown_codes(void **state)
{
	int e = 77;

	(void)state;
	assert_int_equal(cf_currency_exponent(&e, "XYZ"), CF_EINPUT);
	assert_non_null(strstr(cf_error_message(), "unknown currency 'XYZ'"));
	assert_int_equal(cf_currency_exponent(&e, "usd"), CF_EINPUT);
	assert_non_null(strstr(cf_error_message(), "usd"));
	assert_int_equal(cf_currency_exponent(&e, "US"), CF_EINPUT);
	assert_non_null(strstr(cf_error_message(), "three-letter"));
	assert_int_equal(cf_currency_exponent(&e, "USDX"), CF_EINPUT);
	assert_int_equal(cf_currency_exponent(&e, ""), CF_EINPUT);
	assert_int_equal(e, 77);
}

/* bsearch needs the table sorted; every code must look itself up. */
static void
test_currency_table_sorted_and_searchable(void **state)
{
	const char *code, *prev = NULL;
	int e, found;
	size_t i;

	(void)state;
	for (i = 0; cf_currency_at(i, &code, &e); i++) {
		assert_int_equal(strlen(code), 3);
		if (prev != NULL && strcmp(prev, code) >= 0)
			fail_msg("currency table out of order: %s then %s",
			    prev, code);
		assert_int_equal(cf_currency_exponent(&found, code), CF_OK);
		assert_int_equal(found, e);
		assert_true(e >= 0 && e <= 4);
		prev = code;
	}
	assert_true(i > 150);
}

static void
test_dates_valid(void **state)
{
	(void)state;
	assert_int_equal(cf_date_valid("2024"), 1);
	assert_int_equal(cf_date_valid("2024-02"), 1);
	assert_int_equal(cf_date_valid("2024-02-29"), 1);
	assert_int_equal(cf_date_valid("2000-02-29"), 1);
	assert_int_equal(cf_date_valid("2024-12-31"), 1);
	assert_int_equal(cf_date_valid("2024-04-30"), 1);
}

static void
test_dates_invalid(void **state)
{
	(void)state;
	assert_int_equal(cf_date_valid("2023-02-29"), 0);
	assert_int_equal(cf_date_valid("1900-02-29"), 0);
	assert_int_equal(cf_date_valid("2024-13"), 0);
	assert_int_equal(cf_date_valid("2024-00"), 0);
	assert_int_equal(cf_date_valid("2024-04-31"), 0);
	assert_int_equal(cf_date_valid("2024-02-30"), 0);
	assert_int_equal(cf_date_valid("2024-01-00"), 0);
	assert_int_equal(cf_date_valid("2024-01-32"), 0);
	assert_int_equal(cf_date_valid("24-01-01"), 0);
	assert_int_equal(cf_date_valid("2024-1-1"), 0);
	assert_int_equal(cf_date_valid("2024/01/01"), 0);
	assert_int_equal(cf_date_valid("2024-01-01T00"), 0);
	assert_int_equal(cf_date_valid("2024-0a"), 0);
	assert_int_equal(cf_date_valid("abcd"), 0);
	assert_int_equal(cf_date_valid(""), 0);
}

static void
sha_is(const void *data, size_t len, const char *want)
{
	char out[CF_SHA256_HEX];

	memset(out, 'x', sizeof(out));
	cf_sha256_hex(out, data, len);
	assert_string_equal(out, want);
}

static void
test_sha256_fips_vectors(void **state)
{
	static const char m448[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	sha_is("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_is("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha_is(m448, strlen(m448),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a' (FIPS 180-2) and lengths around the padding block. */
static void
test_sha256_long_and_block_boundaries(void **state)
{
	char *a = malloc(1000000);

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	sha_is(a, 1000000,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	sha_is(a, 55,
	    "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	sha_is(a, 56,
	    "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	sha_is(a, 64,
	    "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_whole_and_decimal_amounts),
		cmocka_unit_test(test_parse_allows_trailing_zero_places),
		cmocka_unit_test(test_parse_refuses_too_many_places),
		cmocka_unit_test(test_parse_exponent_zero),
		cmocka_unit_test(test_parse_exponent_three),
		cmocka_unit_test(test_parse_refuses_malformed_text),
		cmocka_unit_test(test_parse_int64_limit_exactly),
		cmocka_unit_test(test_parse_overflow_is_an_error),
		cmocka_unit_test(test_format_round_trips),
		cmocka_unit_test(test_format_negative_amounts),
		cmocka_unit_test(test_format_buffer_too_small),
		cmocka_unit_test(test_currency_exponents),
		cmocka_unit_test(test_currency_unknown_codes),
		cmocka_unit_test(test_currency_table_sorted_and_searchable),
		cmocka_unit_test(test_dates_valid),
		cmocka_unit_test(test_dates_invalid),
		cmocka_unit_test(test_sha256_fips_vectors),
		cmocka_unit_test(test_sha256_long_and_block_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
