/*
 * edgar.c - EDGAR's values (dates, amounts, CIKs, accession numbers) and
 * the records every filing makes: its source, the entities it names, and
 * record ids unique across filings.  See edgar.h.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "strjoin.h"

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
cf_edgar_date(char out[11], const char *text)
{
	size_t n;

	if (text == NULL)
		return -1;
	n = strlen(text);
	if (n == 10 && text[4] == '-' && text[7] == '-')
		snprintf(out, 11, "%s", text);
	else if (n == 10 && (text[2] == '-' || text[2] == '/') &&
	    text[5] == text[2])
		snprintf(out, 11, "%.4s-%.2s-%.2s", text + 6, text, text + 3);
	else if (n == 8 && all_digits(text, 8))
		snprintf(out, 11, "%.4s-%.2s-%.2s", text, text + 4, text + 6);
	else
		return -1;
	return strlen(out) == 10 && cf_date_valid(out) ? 0 : -1;
}

int
cf_edgar_date_ds(cf_xs *x, cf_dataset *ds, const xmlNode *n,
    const char *what, const char *text, const char **out)
{
	char d[11];

	*out = NULL;
	if (text == NULL)
		return CF_OK;
	if (cf_edgar_date(d, text) != 0)
		return cf_xs_error(x, n, "%s '%.40s' is not a date (YYYY-MM-DD"
		    " or MM-DD-YYYY)", what, text);
	if ((*out = cf_dataset_strdup(ds, d)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

int
cf_edgar_no_amount(const char *text)
{
	static const char *const words[] = {"indefinite", "none", "n/a",
	    "na", NULL};
	size_t i;

	if (text == NULL)
		return 1;
	for (i = 0; words[i] != NULL; i++)
		if (strcasecmp(text, words[i]) == 0)
			return 1;
	return 0;
}

int
cf_edgar_dollars(const cf_xs *x, const xmlNode *n, const char *what,
    const char *text, int64_t *cents)
{
	char buf[64];
	size_t i, k = 0;

	if (text == NULL)
		return cf_xs_error(x, n, "%s: no amount", what);
	/* Thousands separators are dropped; anything else must be what
	 * cf_money_parse takes: digits with at most two decimals. */
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == ',')
			continue;
		if (k + 1 >= sizeof(buf))
			return cf_xs_error(x, n, "%s '%.40s...' is too long to"
			    " be an amount", what, text);
		buf[k++] = text[i];
	}
	buf[k] = '\0';
	if (cf_money_parse(cents, buf, 2) != CF_OK)
		return cf_xs_error(x, n, "%s '%.40s' is not an amount in"
		    " dollars: %s", what, text, cf_error_message());
	return CF_OK;
}

int
cf_edgar_number(const cf_xs *x, const xmlNode *n, const char *what,
    const char *text, double *out)
{
	char buf[64], *end;
	size_t i, k = 0;

	if (text == NULL)
		return cf_xs_error(x, n, "%s: no number", what);
	for (i = 0; text[i] != '\0' && k + 1 < sizeof(buf); i++)
		if (text[i] != ',')
			buf[k++] = text[i];
	buf[k] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	if (text[i] != '\0' || k == 0 || *end != '\0' || errno != 0 ||
	    !isfinite(*out) || *out < 0 || !isdigit((unsigned char)buf[0]))
		return cf_xs_error(x, n, "%s '%.40s' is not a non-negative"
		    " number", what, text);
	return CF_OK;
}

int
cf_edgar_cik(char out[11], const char *text)
{
	size_t n;

	if (text == NULL)
		return -1;
	n = strlen(text);
	if (n == 0 || n > 10 || !all_digits(text, n))
		return -1;
	snprintf(out, 11, "%010lu", strtoul(text, NULL, 10));
	return 0;
}

int
cf_edgar_accession(char out[21], const char *text)
{
	size_t n;

	if (text == NULL)
		return -1;
	n = strlen(text);
	if (n == 20 && all_digits(text, 10) && text[10] == '-' &&
	    all_digits(text + 11, 2) && text[13] == '-' &&
	    all_digits(text + 14, 6))
		snprintf(out, 21, "%s", text);
	else if (n == 18 && all_digits(text, 18))
		snprintf(out, 21, "%.10s-%.2s-%.6s", text, text + 10,
		    text + 12);
	else
		return -1;
	return 0;
}

int
cf_edgar_accession_from_path(char out[21], const char *path)
{
	const char *p = path, *slash;
	char part[32], acc[21];
	int found = -1;

	/* The last directory that is an accession number wins. */
	while ((slash = strchr(p, '/')) != NULL) {
		size_t len = (size_t)(slash - p);

		if (len < sizeof(part)) {
			memcpy(part, p, len);
			part[len] = '\0';
			if (cf_edgar_accession(acc, part) == 0) {
				memcpy(out, acc, 21);
				found = 0;
			}
		}
		p = slash + 1;
	}
	return found;
}

int
cf_edgar_root(const char *head, size_t len, char *name, size_t size)
{
	const char *p = head, *end = head + len, *q, *s;
	int depth;

	for (;;) {
		p = cf_skip_bom_space(p, end);
		if (end - p < 2 || *p != '<')
			return -1;
		if (p[1] == '?' || (end - p >= 4 && memcmp(p, "<!--", 4) == 0)) {
			const char *close = p[1] == '?' ? "?>" : "-->";

			if ((q = memmem(p, (size_t)(end - p), close,
			    strlen(close))) == NULL)
				return -1;
			p = q + strlen(close);
		} else if (p[1] == '!') {
			/* a DOCTYPE, its internal subset in brackets */
			for (depth = 0; p < end && (*p != '>' || depth > 0);
			    p++)
				depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
			if (p == end)
				return -1;
			p++;
		} else {
			break;
		}
	}
	for (s = q = ++p; q < end && (isalnum((unsigned char)*q) || *q == ':' ||
	    *q == '_' || *q == '-' || *q == '.'); q++)
		if (*q == ':')
			s = q + 1;
	if (q == s || (size_t)(q - s) >= size)
		return -1;
	memcpy(name, s, (size_t)(q - s));
	name[q - s] = '\0';
	return 0;
}

const char *
cf_edgar_local_id(cf_dataset *ds)
{
	char buf[32], n[21];

	cf_strjoin(buf, sizeof(buf), "local-",
	    cf_strint(n, (int64_t)ds->nentities + 1), NULL);
	return cf_dataset_strdup(ds, buf);
}

/* ---- records ---------------------------------------------------------------- */

int
cf_edgar_cite(cf_dataset *ds, const char ***list, size_t *n,
    const char *source_id)
{
	const char **v = cf_dataset_alloc(ds, (*n + 2) * sizeof(*v));

	if (v == NULL)
		return CF_ENOMEM;
	if (*n > 0)
		memcpy(v, *list, *n * sizeof(*v));
	v[(*n)++] = source_id;
	v[*n] = NULL;
	*list = v;
	return CF_OK;
}

int
cf_edgar_source(cf_dataset *ds, const char *title, const char *cik,
    long line, const char **id)
{
	const struct cf_filing *f = &ds->filing;
	struct cf_source *s;
	char buf[128], ck[11];

	if (f->accession != NULL)
		snprintf(buf, sizeof(buf), "sec-%s", f->accession);
	else
		snprintf(buf, sizeof(buf), "file-%.16s", f->sha256);
	if ((s = cf_dataset_add_source(ds)) == NULL ||
	    (s->id = cf_dataset_strdup(ds, buf)) == NULL ||
	    (s->title = cf_dataset_strdup(ds, title)) == NULL ||
	    (s->publisher = cf_dataset_strdup(ds, "U.S. Securities and"
	    " Exchange Commission (EDGAR)")) == NULL)
		return CF_ENOMEM;
	s->date = f->filed;
	s->accession = f->accession;
	s->line = line;
	if (f->accession != NULL && cik != NULL && cf_edgar_cik(ck, cik) == 0) {
		char url[160];
		char digits[19];
		size_t i, k = 0;

		for (i = 0; f->accession[i] != '\0' && k < 18; i++)
			if (f->accession[i] != '-')
				digits[k++] = f->accession[i];
		digits[k] = '\0';
		snprintf(url, sizeof(url), "https://www.sec.gov/Archives/edgar/"
		    "data/%lu/%s/", strtoul(ck, NULL, 10), digits);
		if ((s->url = cf_dataset_strdup(ds, url)) == NULL)
			return CF_ENOMEM;
	}
	*id = s->id;
	return CF_OK;
}

static int
add_ident(cf_dataset *ds, struct cf_entity *e, const char *scheme,
    const char *value)
{
	struct cf_ident *v = cf_dataset_alloc(ds, (e->nidents + 1) *
	    sizeof(*v));

	if (v == NULL)
		return CF_ENOMEM;
	if (e->nidents > 0)
		memcpy(v, e->idents, e->nidents * sizeof(*v));
	v[e->nidents].scheme = scheme;
	if ((v[e->nidents].value = cf_dataset_strdup(ds, value)) == NULL)
		return CF_ENOMEM;
	e->idents = v;
	e->nidents++;
	return CF_OK;
}

static const char *
ident_of(const struct cf_entity *e, const char *scheme)
{
	size_t i;

	for (i = 0; i < e->nidents; i++)
		if (strcmp(e->idents[i].scheme, scheme) == 0)
			return e->idents[i].value;
	return NULL;
}

int
cf_edgar_entity(cf_dataset *ds, const char *cik, const char *cusip,
    const char *name, const char *kind, long line, const char **id)
{
	struct cf_entity *e;
	char ck[11];
	const char *c = NULL, *local;
	size_t i;
	int rc;

	if (cik != NULL && cf_edgar_cik(ck, cik) == 0)
		c = ck;
	/* Within one file, the same CIK, CUSIP or name is one entity. */
	for (i = 0; i < ds->nentities; i++) {
		const char *v;

		e = &ds->entities[i];
		if (!e->resolve)
			continue;
		if ((c != NULL && (v = ident_of(e, "cik")) != NULL &&
		    strcmp(v, c) == 0) ||
		    (cusip != NULL && (v = ident_of(e, "cusip")) != NULL &&
		    strcasecmp(v, cusip) == 0) ||
		    (c == NULL && cusip == NULL && name != NULL &&
		    strcmp(e->name, name) == 0)) {
			*id = e->id;
			return CF_OK;
		}
	}
	if (name == NULL)
		return cf_input_error(ds->path, line, "an entity with no name"
		    "%s%s", c ? " and CIK " : "", c ? c : "");
	/* the id first: it is numbered by the entities so far */
	if ((local = cf_edgar_local_id(ds)) == NULL)
		return CF_ENOMEM;
	if ((rc = cf_dataset_add_entity(ds, line, &e)) != CF_OK)
		return rc;
	if ((e->id = local) == NULL ||
	    (e->name = cf_dataset_strdup(ds, name)) == NULL ||
	    (e->kinds = cf_dataset_alloc(ds, 2 * sizeof(*e->kinds))) == NULL ||
	    (e->kinds[0] = cf_dataset_strdup(ds, kind)) == NULL)
		return CF_ENOMEM;
	e->nkinds = 1;
	e->resolve = 1;
	if ((c != NULL && (rc = add_ident(ds, e, "cik", c)) != CF_OK) ||
	    (cusip != NULL && (rc = add_ident(ds, e, "cusip", cusip)) != CF_OK))
		return rc;
	*id = e->id;
	return CF_OK;
}

int
cf_edgar_alias(cf_dataset *ds, const char *local_id, const char *alias)
{
	struct cf_entity *e = NULL;
	const char **v;
	size_t i;

	for (i = 0; i < ds->nentities && e == NULL; i++)
		if (strcmp(ds->entities[i].id, local_id) == 0)
			e = &ds->entities[i];
	if (e == NULL || alias == NULL || strcmp(alias, e->name) == 0)
		return CF_OK;
	for (i = 0; i < e->naliases; i++)
		if (strcmp(e->aliases[i], alias) == 0)
			return CF_OK;
	if ((v = cf_dataset_alloc(ds, (e->naliases + 1) * sizeof(*v))) == NULL)
		return CF_ENOMEM;
	if (e->naliases > 0)
		memcpy(v, e->aliases, e->naliases * sizeof(*v));
	if ((v[e->naliases] = cf_dataset_strdup(ds, alias)) == NULL)
		return CF_ENOMEM;
	e->aliases = v;
	e->naliases++;
	return CF_OK;
}

const char *
cf_edgar_record_id(cf_dataset *ds, const char *source_id, const char *tag,
    size_t n)
{
	char buf[200], num[21];

	cf_strjoin(buf, sizeof(buf), source_id, "-", tag, "-",
	    cf_strint(num, (int64_t)n), NULL);
	return cf_dataset_strdup(ds, buf);
}

int
cf_edgar_read_xml_file(cf_dataset *ds, int (*doc)(cf_dataset *ds, cf_xs *x))
{
	cf_xs *x = NULL;
	int rc;

	ds->is_filing = 1;
	if ((rc = cf_xs_open_file(&x, ds->path)) == CF_OK)
		rc = doc(ds, x);
	cf_xs_free(x);
	return rc;
}

/* ---- a filing's note ---------------------------------------------------- */

static int
note_vadd(struct cf_edgar_note *n, const char *fmt, va_list ap)
{
	char buf[600], *p;
	size_t len;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	len = strlen(buf);
	if ((p = realloc(n->text, n->len + len + 1)) == NULL)
		return cf_error_set(CF_ENOMEM, "filing note");
	memcpy(p + n->len, buf, len + 1);
	n->text = p;
	n->len += len;
	return CF_OK;
}

int
cf_edgar_note_add(struct cf_edgar_note *n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = note_vadd(n, fmt, ap);
	va_end(ap);
	return rc;
}

int
cf_edgar_remark(struct cf_edgar_note *n, long line, const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	if (++n->nremarks > CF_EDGAR_REMARKS)
		return n->nremarks == CF_EDGAR_REMARKS + 1 ?
		    cf_edgar_note_add(n, " (further remarks left out)") : CF_OK;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return cf_edgar_note_add(n, " Line %ld: %s.", line, buf);
}
