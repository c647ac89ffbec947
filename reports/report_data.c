/* report_data.c - placeholder while it is written. */
#include "config.h"
typedef int cf_report_data_placeholder;
