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
	fuzz_read_one(&cf_reader_form4, "form4.xml", data, size);
	return 0;
}
