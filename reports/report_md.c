/* report_md.c - placeholder while it is written. */
#include "config.h"
typedef int cf_report_md_placeholder;
