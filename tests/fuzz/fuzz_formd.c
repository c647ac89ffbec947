/*
 * fuzz_formd.c - libFuzzer harness: Form D (import/formd.c),
 * read from a file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "formd";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_one(&cf_reader_formd, "primary_doc.xml", data, size);
	return 0;
}
