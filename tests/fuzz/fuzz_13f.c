/*
 * fuzz_13f.c - libFuzzer harness: a 13F-HR cover page and the information
 * table beside it (import/form13f.c).  Input: the cover, FUZZ_SEP, the
 * table.  The cover reader reads both, as it does for a plain folder; the
 * table reader then reads the table alone.
 */
#include "config.h"

#include "fuzz.h"

const char fuzz_name[] = "13f";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "primary_doc.xml",
	    "infotable.xml" };
	struct fuzz_part parts[2];
	size_t n = fuzz_split(data, size, parts, 2);

	fuzz_write(parts, n, names, 2);
	fuzz_read(&cf_reader_13f_cover, names[0], NULL, 0);
	if (n > 1)
		fuzz_read(&cf_reader_13f_table, names[1], NULL, 0);
	return 0;
}
