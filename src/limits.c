/*
 * limits.c - the process-wide bounds on what circfin reads and finds
 * (circfin.h, "limits"): their names, defaults and values, and the
 * "NAME=VALUE,..." syntax the command line and CIRCFIN_LIMITS use, and
 * the one error every check of a count against a limit gives.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "model.h"
#include "strjoin.h"

struct limit {
	const char *name;
	uint64_t def, max;
	const char *help;
	/* cf_limit_check's message, the limit's value as %1$llu (NULL: the
	 * limit's own code says more: the cycles' length, the wait) */
	const char *says;
};

/* docs/architecture.md ("Limits") says why each default is what it is. */
static const struct limit limits[CF_LIMIT_COUNT] = {
	/* at most what cf_read_file can hold (2 GiB where size_t is 32 bits) */
	[CF_LIMIT_FILE_SIZE] = {"file-size", (uint64_t)1 << 30,
	    (uint64_t)SIZE_MAX / 2 < (uint64_t)1 << 40 ? (uint64_t)SIZE_MAX / 2 :
	    (uint64_t)1 << 40, "bytes in one input file",
	    "file is over the limit file-size=%1$llu"},
	/* libxml2 stops at 256 levels unless XML_PARSE_HUGE, which we never
	 * set: above that our check would never be reached */
	[CF_LIMIT_XML_DEPTH] = {"xml-depth", 64, 256,
	    "element nesting in one XML document",
	    "elements nested more than %1$llu deep (over the limit"
	    " xml-depth=%1$llu)"},
	[CF_LIMIT_XML_ELEMENTS] = {"xml-elements", 5000000, INT64_MAX,
	    "elements in one XML document",
	    "more than %1$llu XML elements (over the limit"
	    " xml-elements=%1$llu)"},
	[CF_LIMIT_ENTITIES] = {"entities", 1000000, INT64_MAX,
	    "entities one input file defines",
	    "more than %1$llu entities in one file (over the limit"
	    " entities=%1$llu)"},
	[CF_LIMIT_FLOWS] = {"flows", 5000000, INT64_MAX,
	    "flows one input file defines",
	    "more than %1$llu flows in one file (over the limit"
	    " flows=%1$llu)"},
	[CF_LIMIT_GRAPH_ENTITIES] = {"graph-entities", 10000000, INT32_MAX,
	    "entities an analysis loads from the store",
	    "the graph would have more than %1$llu entities (over the limit"
	    " graph-entities=%1$llu)"},
	[CF_LIMIT_GRAPH_FLOWS] = {"graph-flows", 10000000, INT64_MAX,
	    "flows an analysis loads from the store",
	    "the graph would have more than %1$llu flows (over the limit"
	    " graph-flows=%1$llu)"},
	[CF_LIMIT_CYCLES] = {"cycles", 1000000, INT64_MAX,
	    "cycles one search finds or counts", NULL},
	[CF_LIMIT_LOCK_WAIT] = {"lock-wait", 600, 86400,
	    "seconds to wait while another process writes the store", NULL},
};

/* Set once before work starts (circfin.h), read by every thread after. */
static uint64_t value[CF_LIMIT_COUNT];

static int
valid(int limit)
{
	return limit >= 0 && limit < CF_LIMIT_COUNT;
}

uint64_t
cf_limit_get(int limit)
{
	if (!valid(limit))
		return 0;
	return value[limit] ? value[limit] : limits[limit].def;
}

int
cf_limit_set(int limit, uint64_t v)
{
	if (!valid(limit))
		return cf_error_set(CF_EARG, "no limit numbered %d", limit);
	if (v == 0 || v > limits[limit].max)
		return cf_error_set(CF_EARG, "limit %s must be from 1 to %llu",
		    limits[limit].name,
		    (unsigned long long)limits[limit].max);
	value[limit] = v;
	return CF_OK;
}

int
cf_limit_check(int limit, uint64_t count, const char *path, long line)
{
	uint64_t max = cf_limit_get(limit);
	char msg[200];

	if (!valid(limit) || limits[limit].says == NULL)
		return cf_error_set(CF_EARG, "limit %d is not counted by"
		    " cf_limit_check", limit);
	if (count <= max)
		return CF_OK;
	snprintf(msg, sizeof(msg), limits[limit].says, (unsigned long long)max);
	if (path == NULL)
		return cf_error_set(CF_ELIMIT, "%s", msg);
	return cf_input_error(path, line, "%s", msg);
}

const char *
cf_limit_name(int limit)
{
	return valid(limit) ? limits[limit].name : NULL;
}

uint64_t
cf_limit_default(int limit)
{
	return valid(limit) ? limits[limit].def : 0;
}

const char *
cf_limit_help(int limit)
{
	return valid(limit) ? limits[limit].help : NULL;
}

/* A whole number with an optional suffix, the whole of [s, end). */
static int
parse_value(uint64_t *out, const char *s, const char *end)
{
	static const struct { const char *suffix; uint64_t mul; } units[] = {
		{"", 1}, {"k", 1000}, {"M", 1000000}, {"G", 1000000000},
		{"KiB", 1024}, {"MiB", (uint64_t)1 << 20},
		{"GiB", (uint64_t)1 << 30},
	};
	unsigned long long n;
	char *stop;
	size_t i;

	if (s == end || *s < '0' || *s > '9')
		return CF_EARG;
	errno = 0;
	n = strtoull(s, &stop, 10);
	if (errno != 0 || stop > end)
		return CF_EARG;
	for (i = 0; i < sizeof(units) / sizeof(*units); i++)
		if ((size_t)(end - stop) == strlen(units[i].suffix) &&
		    strncmp(stop, units[i].suffix, (size_t)(end - stop)) == 0) {
			if (n > UINT64_MAX / units[i].mul)
				return CF_EARG;
			*out = n * units[i].mul;
			return CF_OK;
		}
	return CF_EARG;
}

int
cf_limit_parse(const char *spec)
{
	const char *p = spec, *eq, *end;
	char names[200] = "";
	size_t len = 0;
	uint64_t v;
	int i, rc;

	for (;;) {
		end = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(end - p));
		for (i = 0; eq != NULL && i < CF_LIMIT_COUNT; i++)
			if ((size_t)(eq - p) == strlen(limits[i].name) &&
			    strncmp(p, limits[i].name, (size_t)(eq - p)) == 0)
				break;
		if (eq == NULL || i == CF_LIMIT_COUNT) {
			for (i = 0; i < CF_LIMIT_COUNT; i++) {
				cf_strappend(names, sizeof(names), &len,
				    i ? ", " : "");
				cf_strappend(names, sizeof(names), &len,
				    limits[i].name);
			}
			return cf_error_set(CF_EARG, "'%.*s' is not NAME=VALUE"
			    " for a limit (%s)", (int)(end - p), p, names);
		}
		if (parse_value(&v, eq + 1, end) != CF_OK)
			return cf_error_set(CF_EARG, "limit %s: '%.*s' is not a"
			    " whole number (with k, M, G, KiB, MiB or GiB)",
			    limits[i].name, (int)(end - eq - 1), eq + 1);
		if ((rc = cf_limit_set(i, v)) != CF_OK)
			return rc;
		if (*end == '\0')
			return CF_OK;
		p = end + 1;
	}
}
