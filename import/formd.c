/*
 * formd.c - SEC Form D and D/A (primary_doc.xml) (skeleton: being written).
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

int
cf_edgar_read_formd(cf_dataset *ds, cf_xs *x)
{
	(void)x;
	return cf_input_error(ds->path, 0, "Form D: not yet implemented");
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_formd);
}

const struct cf_reader cf_reader_formd = {
	"edgar-form-d", "edgar", 4, detect, NULL, read_file
};
