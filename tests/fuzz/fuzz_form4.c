/*
 * fuzz_form4.c - libFuzzer harness: Form 4 and 4/A (import/form4.c),
 * read from a file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "form4";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "form4.xml" };
	struct fuzz_part part = { (const char *)data, size };

	fuzz_write(&part, 1, names, 1);
	fuzz_read(&cf_reader_form4, names[0], NULL, 0);
	return 0;
}
