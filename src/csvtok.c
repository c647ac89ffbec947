/*
 * csvtok.c - reading CSV rows (RFC 4180) from text in memory.
 *
 * A small state machine over the bytes of the text; a row's fields are
 * copied into one growing buffer, each NUL-terminated, so a caller that
 * keeps a field copies it.  Errors name file and line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "csvtok.h"
#include "model.h"

static int
row_put(struct cf_csv_row *r, char ch)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		char *t = realloc(r->text, cap);

		if (t == NULL)
			return cf_error_set(CF_ENOMEM, "CSV row");
		r->text = t;
		r->cap = cap;
	}
	r->text[r->len++] = ch;
	return CF_OK;
}

/* Start field number r->nf at the current end of the text. */
static int
row_field_start(struct cf_csv_in *in, struct cf_csv_row *r)
{
	if (r->nf == r->capf) {
		size_t cap = r->capf ? r->capf * 2 : 16;
		size_t *o;

		if (r->nf >= CF_CSV_MAX_FIELDS)
			return cf_input_error(in->path, r->line, "more than %d"
			    " fields", CF_CSV_MAX_FIELDS);
		if ((o = realloc(r->off, cap * sizeof(*o))) == NULL)
			return cf_error_set(CF_ENOMEM, "CSV row");
		r->off = o;
		r->capf = cap;
	}
	r->off[r->nf++] = r->len;
	return CF_OK;
}

void
cf_csv_open(struct cf_csv_in *in, const char *path, const char *text,
    size_t len)
{
	in->path = path;
	in->p = text;
	in->end = text + len;
	in->line = 1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		in->p += 3;
}

const char *
cf_csv_field(const struct cf_csv_row *r, size_t i)
{
	return r->text + r->off[i];
}

void
cf_csv_row_free(struct cf_csv_row *r)
{
	free(r->text);
	free(r->off);
	memset(r, 0, sizeof(*r));
}

int
cf_csv_next(struct cf_csv_in *in, struct cf_csv_row *r, int *got)
{
	enum { START, PLAIN, QUOTED, CLOSED } st = START;
	const char *p = in->p;
	int rc;

	*got = 0;
	while (p < in->end && (*p == '\n' || *p == '\r')) {
		if (*p == '\r' && p + 1 < in->end && p[1] == '\n')
			p++;
		p++;
		in->line++;
	}
	in->p = p;
	if (p >= in->end)
		return CF_OK;
	r->len = 0;
	r->nf = 0;
	r->line = in->line;
	if ((rc = row_field_start(in, r)) != CF_OK)
		return rc;
	while (p < in->end) {
		char ch = *p;

		if (st == QUOTED) {
			if (ch == '"' && p + 1 < in->end && p[1] == '"') {
				p++;
			} else if (ch == '"') {
				st = CLOSED;
				p++;
				continue;
			} else if (ch == '\n') {
				in->line++;
			}
			if ((rc = row_put(r, ch)) != CF_OK)
				return rc;
			p++;
			continue;
		}
		if (ch == '\n' || ch == '\r')
			break;
		if (ch == ',') {
			if ((rc = row_put(r, '\0')) != CF_OK ||
			    (rc = row_field_start(in, r)) != CF_OK)
				return rc;
			st = START;
			p++;
			continue;
		}
		if (st == CLOSED)
			return cf_input_error(in->path, in->line, "text after"
			    " the closing quote of a field");
		if (ch == '"') {
			if (st != START)
				return cf_input_error(in->path, in->line, "a"
				    " quote inside an unquoted field (quote the"
				    " whole field and double the quote)");
			st = QUOTED;
			p++;
			continue;
		}
		if ((rc = row_put(r, ch)) != CF_OK)
			return rc;
		st = PLAIN;
		p++;
	}
	if (st == QUOTED)
		return cf_input_error(in->path, r->line, "unterminated quoted"
		    " field");
	if (p < in->end) {	/* the line break */
		if (*p == '\r' && p + 1 < in->end && p[1] == '\n')
			p++;
		p++;
		in->line++;
	}
	if ((rc = row_put(r, '\0')) != CF_OK)
		return rc;
	in->p = p;
	*got = 1;
	return CF_OK;
}
