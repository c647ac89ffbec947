/* report.c - placeholder while it is written. */
#include "config.h"
#include "circfin.h"

int
cf_report_write(cf_store *st, const char *dir, const cf_report_opts *o)
{
	(void)st; (void)dir; (void)o;
	return cf_error_set(CF_EIO, "report: not written yet");
}
