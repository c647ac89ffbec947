/*
 * fuzz_sched13.c - libFuzzer harness: Schedules 13D and 13G and their amendments (import/sched13.c),
 * read from a file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "sched13";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "primary_doc.xml" };
	struct fuzz_part part = { (const char *)data, size };

	fuzz_write(&part, 1, names, 1);
	fuzz_read(&cf_reader_sched13, names[0], NULL, 0);
	return 0;
}
