/* String building without printf (strjoin.c), checked against snprintf:
 * the same text, and the same truncation, for edge values and 10,000
 * pseudo-random ones. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "strjoin.h"

static void
int_as_printf(int64_t v)
{
	char got[21], want[32];

	snprintf(want, sizeof(want), "%lld", (long long)v);
	assert_string_equal(cf_strint(got, v), want);
}

static void
test_strint(void **state)
{
	static const int64_t edges[] = {0, 1, -1, 9, 10, -10, 99, 100,
	    INT64_MAX, INT64_MIN, INT64_MIN + 1, INT64_MAX - 1,
	    999999999999999, 1000000000000000};
	uint64_t x = 88172645463325252ULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(*edges); i++)
		int_as_printf(edges[i]);
	for (i = 0; i < 10000; i++) {
		/* xorshift64: values of every magnitude and sign */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int_as_printf((int64_t)(x >> (x % 64)) * (x & 1 ? -1 : 1));
	}
}

/* cf_strjoin of a, b, c into size bytes is snprintf's "%s%s%s"; the
 * return says whether it fitted. */
static void
join_as_printf(size_t size, const char *a, const char *b, const char *c)
{
	char got[64], want[64];
	int n = snprintf(want, size, "%s%s%s", a, b, c);
	size_t len;

	memset(got, 'x', sizeof(got));
	len = cf_strjoin(got, size, a, b, c, NULL);
	assert_string_equal(got, want);
	if ((size_t)n < size)
		assert_int_equal(len, (size_t)n);
	else
		assert_int_equal(len, (size_t)-1);
}

static void
test_join(void **state)
{
	size_t size;

	(void)state;
	for (size = 1; size <= 12; size++) {
		join_as_printf(size, "cik", ":", "0001");
		join_as_printf(size, "", "", "");
		join_as_printf(size, "abcdef", "", "ghij");
	}
	join_as_printf(64, "13F holding at ", "2024-03-31", ": market");
}

static void
test_append(void **state)
{
	char buf[8];
	size_t len = 0;

	(void)state;
	buf[0] = '\0';
	cf_strappend(buf, sizeof(buf), &len, "abc");
	assert_int_equal(len, 3);
	cf_strappend(buf, sizeof(buf), &len, "defgh");
	assert_int_equal(len, (size_t)-1);
	assert_string_equal(buf, "abcdefg");
	/* once it has not fitted, nothing more is added */
	cf_strappend(buf, sizeof(buf), &len, "");
	assert_int_equal(len, (size_t)-1);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(cf_strjoin(buf, 0, "a", NULL), (size_t)-1);
	len = 0;
	cf_strappend(buf, 0, &len, "");
	assert_int_equal(len, (size_t)-1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strint),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_append),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
