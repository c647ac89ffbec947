/* report_html.c - placeholder while it is written. */
#include "config.h"
typedef int cf_report_html_placeholder;
