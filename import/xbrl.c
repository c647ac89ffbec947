/*
 * xbrl.c - XBRL instance documents and their label linkbase (skeleton: being written).
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
cf_edgar_read_xbrl(cf_dataset *ds, cf_xs *x, const char *labels)
{
	(void)x;
	(void)labels;
	return cf_input_error(ds->path, 0, "XBRL: not yet implemented");
}

static int
read_instance(cf_dataset *ds, cf_xs *x)
{
	return cf_edgar_read_xbrl(ds, x, NULL);
}

static int
read_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, read_instance);
}

const struct cf_reader cf_reader_xbrl = {
	"edgar-xbrl", "edgar", 4, detect, NULL, read_file
};
