/*
 * detect.c - choosing a reader from a file's content, not its name.
 */
#include "config.h"

#include <string.h>

#include "circfin.h"
#include "import.h"

static const struct cf_reader *const readers[] = {
	&cf_reader_xml,
	&cf_reader_csv_sources,
	&cf_reader_csv_entities,
	&cf_reader_csv_flows,
	&cf_reader_csv_aliases,
	&cf_reader_sgml,
	&cf_reader_formd,
	&cf_reader_13f_cover,
	&cf_reader_13f_table,
	&cf_reader_form4,
	&cf_reader_sched13,
	&cf_reader_xbrl,
};

const char *
cf_skip_bom_space(const char *p, const char *end)
{
	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	return p;
}

const struct cf_reader *
cf_reader_detect(const char *path, const char *head, size_t len,
    const char *family)
{
	const struct cf_reader *best = NULL;
	int score, best_score = 0;
	size_t i;

	for (i = 0; i < sizeof(readers) / sizeof(*readers); i++) {
		if (family != NULL && strcmp(family, readers[i]->family) != 0)
			continue;
		score = readers[i]->detect(head, len);
		if (score > best_score) {
			best = readers[i];
			best_score = score;
		}
	}
	if (best == NULL)
		cf_error_set(CF_EINPUT, "%s: not a format circfin reads%s%s"
		    " (expected a circfin XML dataset, or CSV with an"
		    " entities, flows or sources header)", path,
		    family ? " as " : "", family ? family : "");
	return best;
}
