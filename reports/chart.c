/* chart.c - placeholder while it is written. */
#include "config.h"
typedef int cf_chart_placeholder;
