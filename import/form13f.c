/*
 * form13f.c - SEC Form 13F-HR: cover page and information table (skeleton: being written).
 */
#include "config.h"

#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

static int
detect_cover(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return 0;
}

static int
detect_table(const char *head, size_t len)
{
	(void)head;
	(void)len;
	return 0;
}

int
cf_edgar_read_13f_cover(cf_dataset *ds, cf_xs *x, int standalone)
{
	(void)x;
	(void)standalone;
	return cf_input_error(ds->path, 0, "13F: not yet implemented");
}

int
cf_edgar_read_13f_table(cf_dataset *ds, cf_xs *x)
{
	(void)x;
	return cf_input_error(ds->path, 0, "13F: not yet implemented");
}

int
cf_edgar_finish_13f(cf_dataset *ds)
{
	(void)ds;
	return CF_OK;
}

static int
read_cover(cf_dataset *ds, cf_xs *x)
{
	return cf_edgar_read_13f_cover(ds, x, 1);
}

static int
read_cover_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, read_cover);
}

static int
read_table_file(cf_dataset *ds)
{
	return cf_edgar_read_xml_file(ds, cf_edgar_read_13f_table);
}

const struct cf_reader cf_reader_13f_cover = {
	"edgar-13f", "edgar", 4, detect_cover, NULL, read_cover_file
};
const struct cf_reader cf_reader_13f_table = {
	"edgar-13f-table", "edgar", 4, detect_table, NULL, read_table_file
};
