/*
 * fuzz_scenarios.c - libFuzzer harness: the stress scenarios file
 * (src/scenario.c), schema validation and its own checks included.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "fuzz.h"
#include "scenario.h"

const char fuzz_name[] = "scenarios";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cf_scenarios *s = NULL;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", fuzz_path("scenarios.xml"));
	fuzz_check(cf_scenarios_parse(&s, path, (const char *)data, size));
	cf_scenarios_free(s);
	return 0;
}
