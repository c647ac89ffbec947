/*
 * fuzz_sgml.c - libFuzzer harness: an SGML submission and every document in it (import/sgml.c and the document readers it calls),
 * read from a file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "sgml";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "0000999000-24-000001.txt" };
	struct fuzz_part part = { (const char *)data, size };

	fuzz_write(&part, 1, names, 1);
	fuzz_read(&cf_reader_sgml, names[0], NULL, 0);
	return 0;
}
