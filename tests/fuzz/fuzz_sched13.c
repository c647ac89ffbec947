/*
 * fuzz_sched13.c - libFuzzer harness: Schedules 13D and 13G and their
 * amendments (import/sched13.c), read from a file as the batch reads it.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "sched13";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read_one(&cf_reader_sched13, "primary_doc.xml", data, size);
	return 0;
}
