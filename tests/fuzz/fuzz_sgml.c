/*
 * fuzz_sgml.c - libFuzzer harness: an SGML submission and every document
 * in it (import/sgml.c and the document readers it calls), read from a
 * file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "sgml";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_one(&cf_reader_sgml, "0000999000-24-000001.txt", data, size);
	return 0;
}
