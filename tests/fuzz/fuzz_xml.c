/*
 * fuzz_xml.c - libFuzzer harness: the circfin XML dataset reader
 * (import/xml.c), schema validation included.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "xml";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_detect((const char *)data, size);
	fuzz_read(&cf_reader_xml, "dataset.xml", (const char *)data, size);
	return 0;
}
