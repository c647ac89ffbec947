/*
 * fuzz_xbrl.c - libFuzzer harness: an XBRL instance and its label
 * linkbase (import/xbrl.c).  Input: the instance, FUZZ_SEP, the linkbase,
 * written beside it under the name the reader looks for.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "xbrl";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "exr-20231231_htm.xml",
	    "exr-20231231_lab.xml" };
	struct fuzz_part parts[2];
	size_t n = fuzz_split(data, size, parts, 2);

	fuzz_write(parts, n, names, 2);
	fuzz_read(&cf_reader_xbrl, names[0], NULL, 0);
	return 0;
}
