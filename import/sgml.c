/*
 * sgml.c - EDGAR SGML submissions (.txt, .nc): the header and each document (skeleton: being written).
 */
#include "config.h"

#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

static int
detect(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return 0;
}

static int
read_file(cf_dataset *ds)
{
	return cf_input_error(ds->path, 0, "SGML: not yet implemented");
}

const struct cf_reader cf_reader_sgml = {
	"edgar-sgml", "edgar", 4, detect, NULL, read_file
};
