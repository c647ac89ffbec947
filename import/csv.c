/*
 * csv.c - entities.csv, flows.csv, sources.csv and aliases.csv (RFC 4180).
 *
 * Rows come from the shared tokenizer (src/csvtok.c: quoted fields with
 * embedded commas, quotes and newlines, CRLF or LF line ends, a UTF-8
 * byte order mark).  The header names the columns: each table has
 * required columns and optional ones (docs/formats.md); an unknown
 * column, a missing required one or a row with another number of fields
 * than the header is an error naming file and line.  Lists inside a
 * field (kinds, aliases, sources, schedule) are separated by ';'.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "csvtok.h"
#include "import.h"

#define MAX_COLS 32

/* ---- rows ------------------------------------------------------------------ */

struct csv {
	cf_dataset *ds;
	struct cf_csv_in in;
	struct cf_csv_row row;
	long row_line;		/* line where the current row starts */
	size_t nf;
	const char *f[MAX_COLS];	/* fields of the current row (arena) */
};

/* Read the next non-blank row into c->f (copies in the dataset's arena,
 * which the records keep); *got is 0 at the end of input. */
static int
csv_row(struct csv *c, int *got)
{
	size_t i;
	int rc;

	if ((rc = cf_csv_next(&c->in, &c->row, got)) != CF_OK || !*got)
		return rc;
	c->row_line = c->row.line;
	if (c->row.nf > MAX_COLS)
		return cf_input_error(c->ds->path, c->row_line, "more than %d"
		    " fields", MAX_COLS);
	c->nf = c->row.nf;
	for (i = 0; i < c->nf; i++)
		if ((c->f[i] = cf_dataset_strdup(c->ds,
		    cf_csv_field(&c->row, i))) == NULL)
			return CF_ENOMEM;
	return CF_OK;
}

/* ---- columns -------------------------------------------------------------- */

struct column {
	const char *name;
	int required;
};

struct table {
	const char *what;		/* "entities", "flows", "sources" */
	const struct column *cols;	/* NULL-terminated */
	int map[MAX_COLS];		/* column index -> field index, or -1 */
};

static const struct column entity_cols[] = {
	{"id", 1}, {"name", 1}, {"kinds", 1}, {"parent", 1}, {"cik", 0},
	{"ticker", 0}, {"lei", 0}, {"cusip", 0}, {"aliases", 0}, {"note", 0},
	{NULL, 0}
};
enum { E_ID, E_NAME, E_KINDS, E_PARENT, E_CIK, E_TICKER, E_LEI, E_CUSIP,
	E_ALIASES, E_NOTE };

static const struct column flow_cols[] = {
	{"id", 1}, {"from", 1}, {"to", 1}, {"type", 1}, {"amount", 1},
	{"currency", 1}, {"status", 1}, {"announced", 1}, {"low", 0},
	{"high", 0}, {"estimate", 0}, {"quantity", 0}, {"quantity_low", 0},
	{"quantity_high", 0}, {"unit", 0}, {"start", 0}, {"end", 0},
	{"superseded_by", 0}, {"prior_status", 0}, {"condition", 0},
	{"confidence", 0},
	{"note", 0}, {"sources", 0}, {"schedule", 0}, {"schedule_assumed", 0},
	{NULL, 0}
};
enum { F_ID, F_FROM, F_TO, F_TYPE, F_AMOUNT, F_CURRENCY, F_STATUS,
	F_ANNOUNCED, F_LOW, F_HIGH, F_ESTIMATE, F_QTY, F_QLOW, F_QHIGH,
	F_UNIT, F_START, F_END, F_SUPERSEDED, F_PRIOR, F_CONDITION,
	F_CONFIDENCE,
	F_NOTE, F_SOURCES, F_SCHEDULE, F_SCHED_ASSUMED };

static const struct column source_cols[] = {
	{"id", 1}, {"title", 1}, {"publisher", 0}, {"date", 0}, {"url", 0},
	{"accession", 0}, {"retrieved", 0}, {"excerpt", 0}, {"note", 0},
	{NULL, 0}
};
enum { S_ID, S_TITLE, S_PUBLISHER, S_DATE, S_URL, S_ACCESSION,
	S_RETRIEVED, S_EXCERPT, S_NOTE };

static const struct column alias_cols[] = {
	{"alias", 1}, {"entity", 1}, {"note", 0}, {NULL, 0}
};
enum { A_ALIAS, A_ENTITY, A_NOTE };

static int
map_header(struct csv *c, struct table *t)
{
	size_t i, k;
	int col;

	for (k = 0; t->cols[k].name != NULL; k++)
		t->map[k] = -1;
	for (i = 0; i < c->nf; i++) {
		for (col = 0; t->cols[col].name != NULL; col++)
			if (strcmp(t->cols[col].name, c->f[i]) == 0)
				break;
		if (t->cols[col].name == NULL)
			return cf_input_error(c->ds->path, c->row_line,
			    "unknown column '%.40s' in %s CSV header", c->f[i],
			    t->what);
		if (t->map[col] != -1)
			return cf_input_error(c->ds->path, c->row_line,
			    "column '%s' appears twice in the header",
			    c->f[i]);
		t->map[col] = (int)i;
	}
	for (k = 0; t->cols[k].name != NULL; k++)
		if (t->cols[k].required && t->map[k] == -1)
			return cf_input_error(c->ds->path, c->row_line,
			    "missing column '%s' in %s CSV header",
			    t->cols[k].name, t->what);
	return CF_OK;
}

/* The value of column col in the current row; NULL when the column is
 * absent or the field empty. */
static const char *
get(const struct csv *c, const struct table *t, int col)
{
	const char *v;

	if (t->map[col] < 0)
		return NULL;
	v = c->f[t->map[col]];
	return v[0] == '\0' ? NULL : v;
}

/* Split a ';'-separated list into an arena array of trimmed items. */
static int
split_list(cf_dataset *ds, const char *s, const char ***out, size_t *nout)
{
	const char *p, *start, *stop;
	size_t n = 1, k = 0;

	*nout = 0;
	if (s == NULL)
		return CF_OK;
	for (p = s; *p; p++)
		n += *p == ';';
	if ((*out = cf_dataset_alloc(ds, n * sizeof(**out))) == NULL)
		return CF_ENOMEM;
	for (p = s; ; p++) {
		if (*p != ';' && *p != '\0')
			continue;
		start = s;
		stop = p;
		while (start < stop && *start == ' ')
			start++;
		while (stop > start && stop[-1] == ' ')
			stop--;
		if (stop > start && ((*out)[k++] = cf_dataset_strndup(ds,
		    start, (size_t)(stop - start))) == NULL)
			return CF_ENOMEM;
		if (*p == '\0')
			break;
		s = p + 1;
	}
	*nout = k;
	return CF_OK;
}

static int
check_width(const struct csv *c, size_t header_fields)
{
	if (c->nf != header_fields)
		return cf_input_error(c->ds->path, c->row_line, "row has %zu"
		    " field%s, the header has %zu", c->nf, c->nf == 1 ? "" :
		    "s", header_fields);
	return CF_OK;
}

/* Parse a boolean column: empty, 0/1, true/false, yes/no. */
static int
boolean(const struct csv *c, const char *col, const char *v, int *out)
{
	if (v == NULL || strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "no") == 0)
		*out = 0;
	else if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "yes") == 0)
		*out = 1;
	else
		return cf_input_error(c->ds->path, c->row_line, "column '%s':"
		    " '%.20s' is not a boolean (true/false)", col, v);
	return CF_OK;
}

static int
amount(const struct csv *c, const char *col, const char *cur, const char *v,
    int64_t *out)
{
	int e;

	if (cf_currency_exponent(&e, cur) != CF_OK ||
	    cf_money_parse(out, v, e) != CF_OK)
		return cf_input_error(c->ds->path, c->row_line, "column '%s':"
		    " %s", col, cf_error_message());
	return CF_OK;
}

/* A non-negative decimal quantity, digits with an optional fraction (as
 * the XML schema has it): no signs, exponents, inf or nan. */
static int
number(const struct csv *c, const char *col, const char *v, double *out)
{
	const char *p = v;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p != v && *p == '.' && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (p == v || *p != '\0' || strlen(v) > 40)
		return cf_input_error(c->ds->path, c->row_line, "column '%s':"
		    " '%.40s' is not a non-negative decimal number", col, v);
	*out = strtod(v, NULL);
	return CF_OK;
}

/* ---- rows ----------------------------------------------------------------- */

static int
entity_row(struct csv *c, const struct table *t)
{
	static const struct { int col; const char *scheme; } ids[] = {
		{E_CIK, "cik"}, {E_TICKER, "ticker"}, {E_LEI, "lei"},
		{E_CUSIP, "cusip"},
	};
	struct cf_entity *e;
	size_t i, n = 0;
	int rc;

	if ((rc = cf_dataset_add_entity(c->ds, c->row_line, &e)) != CF_OK)
		return rc;
	e->id = get(c, t, E_ID) ? get(c, t, E_ID) : "";
	e->name = get(c, t, E_NAME);
	e->parent = get(c, t, E_PARENT);
	e->note = get(c, t, E_NOTE);
	if ((rc = split_list(c->ds, get(c, t, E_KINDS), &e->kinds,
	    &e->nkinds)) != CF_OK ||
	    (rc = split_list(c->ds, get(c, t, E_ALIASES), &e->aliases,
	    &e->naliases)) != CF_OK)
		return rc;
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		n += get(c, t, ids[i].col) != NULL;
	if (n == 0)
		return CF_OK;
	if ((e->idents = cf_dataset_alloc(c->ds, n * sizeof(*e->idents))) ==
	    NULL)
		return CF_ENOMEM;
	for (i = 0; i < sizeof(ids) / sizeof(*ids); i++)
		if (get(c, t, ids[i].col) != NULL) {
			e->idents[e->nidents].scheme = ids[i].scheme;
			e->idents[e->nidents++].value = get(c, t, ids[i].col);
		}
	return CF_OK;
}

/* "2027=1000000000;2028-06=2500000000.50" into f->schedule. */
static int
schedule(struct csv *c, struct cf_flow *f, const char *v)
{
	const char **items;
	size_t n, i;
	int rc;

	if ((rc = split_list(c->ds, v, &items, &n)) != CF_OK)
		return rc;
	if (n == 0)
		return CF_OK;
	if ((f->schedule = cf_dataset_alloc(c->ds, n * sizeof(*f->schedule)))
	    == NULL)
		return CF_ENOMEM;
	memcpy(f->schedule_currency, f->currency, 4);
	for (i = 0; i < n; i++) {
		const char *eq = strchr(items[i], '=');

		if (eq == NULL)
			return cf_input_error(c->ds->path, c->row_line, "column"
			    " 'schedule': '%.40s' is not DATE=AMOUNT",
			    items[i]);
		if ((f->schedule[i].due = cf_dataset_strndup(c->ds, items[i],
		    (size_t)(eq - items[i]))) == NULL)
			return CF_ENOMEM;
		if ((rc = amount(c, "schedule", f->currency, eq + 1,
		    &f->schedule[i].minor)) != CF_OK)
			return rc;
	}
	f->nschedule = n;
	return CF_OK;
}

static int
flow_row(struct csv *c, const struct table *t)
{
	struct cf_flow *f;
	const char *cur, *v;
	int rc;

	if ((rc = cf_dataset_add_flow(c->ds, c->row_line, &f)) != CF_OK)
		return rc;
	f->id = get(c, t, F_ID) ? get(c, t, F_ID) : "";
	f->from = get(c, t, F_FROM) ? get(c, t, F_FROM) : "";
	f->to = get(c, t, F_TO) ? get(c, t, F_TO) : "";
	f->type = get(c, t, F_TYPE);
	f->status = get(c, t, F_STATUS);
	f->announced = get(c, t, F_ANNOUNCED);
	f->start = get(c, t, F_START);
	f->end = get(c, t, F_END);
	f->superseded_by = get(c, t, F_SUPERSEDED);
	f->prior_status = get(c, t, F_PRIOR);
	f->condition = get(c, t, F_CONDITION);
	f->note = get(c, t, F_NOTE);
	f->confidence = get(c, t, F_CONFIDENCE) ? get(c, t, F_CONFIDENCE) :
	    "medium";
	f->unit = get(c, t, F_UNIT);
	cur = get(c, t, F_CURRENCY);
	if (get(c, t, F_AMOUNT) || get(c, t, F_LOW) || get(c, t, F_HIGH)) {
		if (cur == NULL)
			return cf_input_error(c->ds->path, c->row_line, "flow"
			    " '%s': an amount needs a currency", f->id);
		if (strlen(cur) != 3)
			return cf_input_error(c->ds->path, c->row_line, "flow"
			    " '%s': currency '%.16s' is not a three-letter ISO"
			    " 4217 code", f->id, cur);
		memcpy(f->currency, cur, 4);
	}
	if ((v = get(c, t, F_AMOUNT)) != NULL) {
		if ((rc = amount(c, "amount", cur, v, &f->amount)) != CF_OK)
			return rc;
		f->has_amount = 1;
	}
	if ((v = get(c, t, F_LOW)) != NULL) {
		if ((rc = amount(c, "low", cur, v, &f->low)) != CF_OK)
			return rc;
		f->has_low = 1;
	}
	if ((v = get(c, t, F_HIGH)) != NULL) {
		if ((rc = amount(c, "high", cur, v, &f->high)) != CF_OK)
			return rc;
		f->has_high = 1;
	}
	if ((rc = boolean(c, "estimate", get(c, t, F_ESTIMATE),
	    &f->estimate)) != CF_OK ||
	    (rc = boolean(c, "schedule_assumed", get(c, t, F_SCHED_ASSUMED),
	    &f->schedule_assumed)) != CF_OK)
		return rc;
	if ((v = get(c, t, F_QTY)) != NULL) {
		if ((rc = number(c, "quantity", v, &f->quantity)) != CF_OK)
			return rc;
		f->has_quantity = 1;
	}
	if ((v = get(c, t, F_QLOW)) != NULL) {
		if ((rc = number(c, "quantity_low", v, &f->qlow)) != CF_OK)
			return rc;
		f->has_qlow = 1;
	}
	if ((v = get(c, t, F_QHIGH)) != NULL) {
		if ((rc = number(c, "quantity_high", v, &f->qhigh)) != CF_OK)
			return rc;
		f->has_qhigh = 1;
	}
	if ((v = get(c, t, F_SCHEDULE)) != NULL) {
		if (!f->has_amount)
			return cf_input_error(c->ds->path, c->row_line, "flow"
			    " '%s': a schedule needs an amount", f->id);
		if ((rc = schedule(c, f, v)) != CF_OK)
			return rc;
	}
	return split_list(c->ds, get(c, t, F_SOURCES), &f->sources,
	    &f->nsources);
}

static int
source_row(struct csv *c, const struct table *t)
{
	struct cf_source *s = cf_dataset_add_source(c->ds);

	if (s == NULL)
		return CF_ENOMEM;
	s->line = c->row_line;
	s->id = get(c, t, S_ID) ? get(c, t, S_ID) : "";
	s->title = get(c, t, S_TITLE);
	s->publisher = get(c, t, S_PUBLISHER);
	s->date = get(c, t, S_DATE);
	s->url = get(c, t, S_URL);
	s->accession = get(c, t, S_ACCESSION);
	s->retrieved = get(c, t, S_RETRIEVED);
	s->excerpt = get(c, t, S_EXCERPT);
	s->note = get(c, t, S_NOTE);
	return CF_OK;
}

static int
alias_row(struct csv *c, const struct table *t)
{
	struct cf_alias *a = cf_dataset_add_alias(c->ds);

	if (a == NULL)
		return CF_ENOMEM;
	a->line = c->row_line;
	a->alias = get(c, t, A_ALIAS);
	a->entity = get(c, t, A_ENTITY);
	a->note = get(c, t, A_NOTE);
	return CF_OK;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t
utf8_sequence(const unsigned char *s, const unsigned char *end)
{
	unsigned char b = s[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (b < 0x80)
		return 1;
	if (b >= 0xC2 && b <= 0xDF)
		n = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		n = 3;
	else if (b >= 0xF0 && b <= 0xF4)
		n = 4;
	else
		return 0;
	if (b == 0xE0)
		lo = 0xA0;	/* overlong */
	else if (b == 0xED)
		hi = 0x9F;	/* surrogates */
	else if (b == 0xF0)
		lo = 0x90;	/* overlong */
	else if (b == 0xF4)
		hi = 0x8F;	/* above U+10FFFF */
	if ((size_t)(end - s) < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* Check the text is UTF-8 without control characters other than tab and
 * line ends; name the line of the first bad byte. */
static int
check_text(const char *path, const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + len;
	long line = 1;

	while (s < end) {
		size_t n = utf8_sequence(s, end);

		if (n == 0)
			return cf_input_error(path, line, "not valid UTF-8");
		if (*s == '\n')
			line++;
		else if (*s < 0x20 && *s != '\t' && *s != '\r')
			return cf_input_error(path, line, "control character"
			    " 0x%02x: not a text file", *s);
		s += n;
	}
	return CF_OK;
}

static int
read_table(cf_dataset *ds, const char *buf, size_t len,
    const struct column *cols, const char *what,
    int (*row)(struct csv *, const struct table *))
{
	struct csv c;
	struct table t = {what, cols, {0}};
	size_t header_fields;
	int rc, got;

	if ((rc = check_text(ds->path, buf, len)) != CF_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	c.ds = ds;
	cf_csv_open(&c.in, ds->path, buf, len);
	if ((rc = csv_row(&c, &got)) != CF_OK)
		goto out;
	if (!got) {
		rc = cf_input_error(ds->path, 0, "no CSV header");
		goto out;
	}
	if ((rc = map_header(&c, &t)) != CF_OK)
		goto out;
	header_fields = c.nf;
	for (;;) {
		if ((rc = csv_row(&c, &got)) != CF_OK || !got)
			break;
		if ((rc = check_width(&c, header_fields)) != CF_OK ||
		    (rc = row(&c, &t)) != CF_OK)
			break;
	}
out:
	cf_csv_row_free(&c.row);
	return rc;
}

/* The header's column names, for detection: 1 if name is among them. */
static int
header_has(const char *head, size_t len, const char *name)
{
	const char *p = cf_skip_bom_space(head, head + len), *end = head + len;
	size_t n = strlen(name);

	while (p < end && *p != '\n' && *p != '\r') {
		const char *s = p;

		if (*s == '"')
			s++;
		if ((size_t)(end - s) >= n && memcmp(s, name, n) == 0) {
			const char *a = s + n;
			if (a < end && *a == '"')
				a++;
			if (a >= end || *a == ',' || *a == '\n' || *a == '\r')
				return 1;
		}
		while (p < end && *p != ',' && *p != '\n' && *p != '\r')
			p++;
		if (p < end && *p == ',')
			p++;
	}
	return 0;
}

static int
detect_flows(const char *head, size_t len)
{
	return header_has(head, len, "from") && header_has(head, len, "to") ?
	    90 : 0;
}

static int
detect_entities(const char *head, size_t len)
{
	if (detect_flows(head, len))
		return 0;
	return header_has(head, len, "kinds") ? 90 :
	    header_has(head, len, "name") && header_has(head, len, "id") &&
	    !header_has(head, len, "title") ? 60 : 0;
}

static int
detect_sources(const char *head, size_t len)
{
	if (detect_flows(head, len))
		return 0;
	return header_has(head, len, "title") && header_has(head, len, "id") ?
	    80 : 0;
}

static int
detect_aliases(const char *head, size_t len)
{
	return header_has(head, len, "alias") && header_has(head, len,
	    "entity") ? 90 : 0;
}

static int
read_aliases(cf_dataset *ds, const char *buf, size_t len)
{
	return read_table(ds, buf, len, alias_cols, "aliases", alias_row);
}

static int
read_entities(cf_dataset *ds, const char *buf, size_t len)
{
	return read_table(ds, buf, len, entity_cols, "entities", entity_row);
}

static int
read_flows(cf_dataset *ds, const char *buf, size_t len)
{
	return read_table(ds, buf, len, flow_cols, "flows", flow_row);
}

static int
read_sources(cf_dataset *ds, const char *buf, size_t len)
{
	return read_table(ds, buf, len, source_cols, "sources", source_row);
}

const struct cf_reader cf_reader_csv_sources = {
	"csv-sources", "csv", 0, detect_sources, read_sources, NULL
};
const struct cf_reader cf_reader_csv_entities = {
	"csv-entities", "csv", 1, detect_entities, read_entities, NULL
};
const struct cf_reader cf_reader_csv_flows = {
	"csv-flows", "csv", 3, detect_flows, read_flows, NULL
};
/* After the entities they name, before the filings they help resolve. */
const struct cf_reader cf_reader_csv_aliases = {
	"csv-aliases", "csv", 3, detect_aliases, read_aliases, NULL
};
