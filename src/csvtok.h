/*
 * csvtok.h - the one RFC 4180 tokenizer (internal): the CSV importers
 * (import/csv.c) and the clearing reader (src/clear.c) read rows with it.
 */
#ifndef CF_CSVTOK_H
#define CF_CSVTOK_H

#include <stddef.h>

#define CF_CSV_MAX_FIELDS 256

/* The text being read. */
struct cf_csv_in {
	const char *path;
	const char *p, *end;
	long line;		/* line of the next character */
};

/* One row: its fields one after another in text, each NUL-terminated.
 * Zero it before the first row; cf_csv_row_free() releases it. */
struct cf_csv_row {
	char *text;
	size_t len, cap;
	size_t *off;		/* where each field starts in text */
	size_t nf, capf;
	long line;		/* where the row starts */
};

/* Start reading text (len bytes); a UTF-8 byte order mark is skipped. */
void cf_csv_open(struct cf_csv_in *in, const char *path, const char *text,
    size_t len);
/*
 * Read the next row that is not an empty line (fields separated by
 * commas, optionally in double quotes with "" for a quote and line
 * breaks inside; rows end in LF, CRLF or CR).  *got is 0 at the end.
 * CF_EINPUT ("path:line: ...") on a malformed row, CF_ENOMEM.
 */
int cf_csv_next(struct cf_csv_in *in, struct cf_csv_row *r, int *got);
/* Field i of the row (i < r->nf). */
const char *cf_csv_field(const struct cf_csv_row *r, size_t i);
void cf_csv_row_free(struct cf_csv_row *r);

#endif /* CF_CSVTOK_H */
