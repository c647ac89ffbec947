/*
 * form4.c - SEC Forms 3, 4 and 5 (ownershipDocument) (skeleton: being written).
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
cf_edgar_read_form4(cf_dataset *ds, cf_xs *x)
{
	(void)x;
	return cf_input_error(ds->path, 0, "Form 4: not yet implemented");
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_form4);
}

const struct cf_reader cf_reader_form4 = {
	"edgar-form-4", "edgar", 4, detect, NULL, read_file
};
