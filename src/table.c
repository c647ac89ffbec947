/*
 * table.c - result tables of text cells and their writers.
 *
 * Listing queries return a cf_table; the CLI chooses how to write it:
 * aligned text for people, RFC 4180 CSV or JSON for programs.  A cell
 * remembers whether SQLite gave a number, so JSON writes numbers bare.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "table.h"

struct cf_table {
	size_t ncols, nrows, caprows;
	char **headers;
	char **cells;		/* nrows * ncols, NULL for SQL NULL */
	unsigned char *numeric;	/* per cell: 1 if SQLite gave a number */
};

void
cf_table_free(cf_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->headers[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->headers);
	free(t->cells);
	free(t->numeric);
	free(t);
}

size_t
cf_table_columns(const cf_table *t)
{
	return t->ncols;
}

size_t
cf_table_rows(const cf_table *t)
{
	return t->nrows;
}

const char *
cf_table_header(const cf_table *t, size_t col)
{
	return col < t->ncols ? t->headers[col] : NULL;
}

const char *
cf_table_cell(const cf_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

static char *
dup_or_null(const unsigned char *s)
{
	return s == NULL ? NULL : strdup((const char *)s);
}

static int
grow_rows(cf_table *t)
{
	size_t cap = t->caprows ? t->caprows * 2 : 64;
	char **cells;
	unsigned char *num;

	cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));
	if (cells == NULL)
		return CF_ENOMEM;
	t->cells = cells;
	num = realloc(t->numeric, cap * t->ncols);
	if (num == NULL)
		return CF_ENOMEM;
	t->numeric = num;
	t->caprows = cap;
	return CF_OK;
}

int
cf_table_new(cf_table **out, size_t ncols, const char *const *headers)
{
	cf_table *t;
	size_t i;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->headers = calloc(ncols, sizeof(*t->headers))) == NULL) {
		free(t);
		return cf_error_set(CF_ENOMEM, "table");
	}
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		if ((t->headers[i] = strdup(headers[i])) == NULL) {
			cf_table_free(t);
			return cf_error_set(CF_ENOMEM, "table");
		}
	*out = t;
	return CF_OK;
}

int
cf_table_add_row(cf_table *t, const char *const *cells,
    const unsigned char *numeric)
{
	size_t i, base;

	if (t->nrows == t->caprows && grow_rows(t) != CF_OK)
		return cf_error_set(CF_ENOMEM, "table rows");
	base = t->nrows * t->ncols;
	memset(&t->cells[base], 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
	for (i = 0; i < t->ncols; i++) {
		t->numeric[base + i] = numeric ? numeric[i] : 0;
		if (cells[i] != NULL &&
		    (t->cells[base + i] = strdup(cells[i])) == NULL)
			return cf_error_set(CF_ENOMEM, "table cell");
	}
	return CF_OK;
}

int
cf_table_from_stmt(cf_table **out, sqlite3_stmt *st)
{
	cf_table *t;
	size_t i;
	int rc = CF_OK, step;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return cf_error_set(CF_ENOMEM, "table");
	t->ncols = (size_t)sqlite3_column_count(st);
	if (t->ncols == 0 || (t->headers = calloc(t->ncols,
	    sizeof(*t->headers))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "table headers");
		goto out;
	}
	for (i = 0; i < t->ncols; i++)
		if ((t->headers[i] = strdup(sqlite3_column_name(st,
		    (int)i))) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "table headers");
			goto out;
		}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->nrows == t->caprows && grow_rows(t) != CF_OK) {
			rc = cf_error_set(CF_ENOMEM, "table rows");
			goto out;
		}
		/* Count the row first so that cleanup frees what it holds. */
		memset(&t->cells[t->nrows * t->ncols], 0,
		    t->ncols * sizeof(*t->cells));
		t->nrows++;
		for (i = 0; i < t->ncols; i++) {
			size_t k = (t->nrows - 1) * t->ncols + i;
			int type = sqlite3_column_type(st, (int)i);

			t->numeric[k] = type == SQLITE_INTEGER ||
			    type == SQLITE_FLOAT;
			t->cells[k] = dup_or_null(sqlite3_column_text(st,
			    (int)i));
			if (t->cells[k] == NULL && type != SQLITE_NULL) {
				rc = cf_error_set(CF_ENOMEM, "table cell");
				goto out;
			}
		}
	}
	if (step != SQLITE_DONE)
		rc = cf_error_set(CF_ESTORE, "query: %s",
		    sqlite3_errmsg(sqlite3_db_handle(st)));
out:
	sqlite3_reset(st);
	if (rc != CF_OK) {
		cf_table_free(t);
		return rc;
	}
	*out = t;
	return CF_OK;
}

/* Display width of a UTF-8 string: code points, not bytes. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static int
put_padded(FILE *fp, const char *s, size_t width, int last)
{
	size_t w = 0;
	const char *p;

	for (p = s; *p; p++) {
		/* Keep one row per line: control characters become spaces. */
		if (fputc((unsigned char)*p < 0x20 ? ' ' : *p, fp) == EOF)
			return CF_EIO;
		if (((unsigned char)*p & 0xC0) != 0x80)
			w++;
	}
	if (!last)
		for (; w < width + 2; w++)
			if (fputc(' ', fp) == EOF)
				return CF_EIO;
	return CF_OK;
}

int
cf_table_write_text(const cf_table *t, FILE *fp)
{
	size_t *width, r, c;
	int rc = CF_OK;

	if ((width = calloc(t->ncols, sizeof(*width))) == NULL)
		return cf_error_set(CF_ENOMEM, "table widths");
	for (c = 0; c < t->ncols; c++)
		width[c] = text_width(t->headers[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t w = text_width(s ? s : "");
			if (w > width[c])
				width[c] = w;
		}
	for (c = 0; c < t->ncols && rc == CF_OK; c++)
		rc = put_padded(fp, t->headers[c], width[c], c + 1 == t->ncols);
	if (rc == CF_OK && fputc('\n', fp) == EOF)
		rc = CF_EIO;
	for (r = 0; r < t->nrows && rc == CF_OK; r++) {
		for (c = 0; c < t->ncols && rc == CF_OK; c++) {
			const char *s = t->cells[r * t->ncols + c];
			rc = put_padded(fp, s ? s : "", width[c],
			    c + 1 == t->ncols);
		}
		if (rc == CF_OK && fputc('\n', fp) == EOF)
			rc = CF_EIO;
	}
	free(width);
	if (rc != CF_OK)
		return cf_error_set(CF_EIO, "writing table");
	return CF_OK;
}

static int
put_csv_field(FILE *fp, const char *s)
{
	const char *p;

	if (s == NULL)
		return 0;
	if (strpbrk(s, ",\"\r\n") == NULL)
		return fputs(s, fp) < 0 ? -1 : 0;
	if (fputc('"', fp) == EOF)
		return -1;
	for (p = s; *p; p++) {
		if (*p == '"' && fputc('"', fp) == EOF)
			return -1;
		if (fputc(*p, fp) == EOF)
			return -1;
	}
	return fputc('"', fp) == EOF ? -1 : 0;
}

int
cf_table_write_csv(const cf_table *t, FILE *fp)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		if ((c && fputc(',', fp) == EOF) ||
		    put_csv_field(fp, t->headers[c]) < 0)
			goto fail;
	if (fputs("\r\n", fp) < 0)
		goto fail;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			if ((c && fputc(',', fp) == EOF) ||
			    put_csv_field(fp, t->cells[r * t->ncols + c]) < 0)
				goto fail;
		if (fputs("\r\n", fp) < 0)
			goto fail;
	}
	return CF_OK;
fail:
	return cf_error_set(CF_EIO, "writing CSV");
}

int
cf_json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (fputc('"', fp) == EOF)
		return -1;
	for (p = (const unsigned char *)s; *p; p++) {
		int r;
		if (*p == '"' || *p == '\\')
			r = fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			r = fputs("\\n", fp);
		else if (*p < 0x20)
			r = fprintf(fp, "\\u%04x", *p);
		else
			r = fputc(*p, fp) == EOF ? -1 : 1;
		if (r < 0)
			return -1;
	}
	return fputc('"', fp) == EOF ? -1 : 0;
}

int
cf_table_write_json(const cf_table *t, FILE *fp)
{
	size_t r, c;

	if (fputs("[", fp) < 0)
		goto fail;
	for (r = 0; r < t->nrows; r++) {
		if (fputs(r ? ",\n  {" : "\n  {", fp) < 0)
			goto fail;
		for (c = 0; c < t->ncols; c++) {
			size_t k = r * t->ncols + c;
			if ((c && fputs(", ", fp) < 0) ||
			    cf_json_string(fp, t->headers[c]) < 0 ||
			    fputs(": ", fp) < 0)
				goto fail;
			if (t->cells[k] == NULL) {
				if (fputs("null", fp) < 0)
					goto fail;
			} else if (t->numeric[k]) {
				if (fputs(t->cells[k], fp) < 0)
					goto fail;
			} else if (cf_json_string(fp, t->cells[k]) < 0) {
				goto fail;
			}
		}
		if (fputc('}', fp) == EOF)
			goto fail;
	}
	if (fputs(t->nrows ? "\n]\n" : "]\n", fp) < 0)
		goto fail;
	return CF_OK;
fail:
	return cf_error_set(CF_EIO, "writing JSON");
}
