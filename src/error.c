/*
 * error.c - the per-thread error message behind every CF_E* code.
 *
 * The function that detects an error calls cf_error_set() once, with the
 * file and line when the error is in input data; callers pass the code up
 * without rewording it, and the CLI prints cf_error_message().
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "circfin.h"

static _Thread_local char error_message[1024];

int
cf_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(error_message, sizeof(error_message), fmt, ap);
	va_end(ap);
	return code;
}

const char *
cf_error_message(void)
{
	return error_message;
}

void
cf_error_clear(void)
{
	error_message[0] = '\0';
}

const char *
cf_error_name(int code)
{
	switch (code) {
	case CF_OK:		return "ok";
	case CF_ENOMEM:		return "out of memory";
	case CF_EINPUT:		return "bad input";
	case CF_EIO:		return "input/output error";
	case CF_ESTORE:		return "store error";
	case CF_EARG:		return "bad argument";
	case CF_ENOTFOUND:	return "not found";
	case CF_EGRAPH:		return "graph error";
	case CF_ELIMIT:		return "limit reached";
	default:		return "unknown error";
	}
}

const char *
cf_version(void)
{
	return PACKAGE_VERSION;
}
