/*
 * report.h - internals of the report writer (reports/report*.c): the
 * data a report shows, read from the store, and the two renderings of it.
 * The public entry point is cf_report_write() in circfin.h.
 */
#ifndef CF_REPORT_H
#define CF_REPORT_H

#endif
