/*
 * fuzz_csv.c - libFuzzer harness: the four CSV readers (sources, entities,
 * flows, aliases; import/csv.c), each on every input.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "csv";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cf_reader *const readers[] = {
		&cf_reader_csv_sources, &cf_reader_csv_entities,
		&cf_reader_csv_flows, &cf_reader_csv_aliases,
	};
	size_t i;

	fuzz_detect((const char *)data, size);
	for (i = 0; i < sizeof(readers) / sizeof(*readers); i++)
		fuzz_read(readers[i], "data.csv", (const char *)data, size);
	return 0;
}
