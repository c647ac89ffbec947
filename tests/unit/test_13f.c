/* test_13f.c - skeleton, being written. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "model.h"
#include "testutil.h"

static void
test_placeholder(void **state)
{
	(void)state;
	assert_int_equal(cf_edgar_date((char[11]){0}, "2024-13-01"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
