/*
 * xmlstream.c - safe, streaming XML for the EDGAR readers (see edgar.h).
 *
 * Bytes reach libxml2 through one filter that skips white space before the
 * document and refuses a DOCTYPE before the root element (where external
 * entities and entity bombs would be declared); entities are never
 * substituted and the network is off.  The filter reads bytes and can be
 * misled (a '<' inside a comment before the DOCTYPE, UTF-16), so libxml2
 * refuses the DOCTYPE too: the walk at its node, the SAX parser before its
 * internal subset is read.  A document is either walked with
 * libxml2's xmlTextReader (cf_xs_next, made on first use) or streamed as
 * records by a SAX push parser that builds no tree (cf_xs_records).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>

#include "circfin.h"
#include "edgar.h"
#include "xmldoc.h"

struct records;

struct cf_xs {
	xmlTextReaderPtr r;	/* made by the first cf_xs_next */
	struct records *rec;	/* while cf_xs_records runs */
	const char *path;
	long first_line;	/* of the document in its file */
	cf_xs_read_fn read;
	void *ctx;
	FILE *fp;		/* when opened on a file */
	int started;		/* past leading white space */
	int scan;		/* prolog scan: 0 text, 1 '<', 2 "<!", 3 rooted */
	int code;		/* first error, CF_OK until then */
	int skip;		/* skip the current subtree at the next read */
	int streamed;		/* cf_xs_records has read it */
	/* Elements are counted against the limit (circfin.h) as the filter
	 * passes their start tags ("<" and a name) to libxml2, before any
	 * tree is built: an expanded record cannot outgrow it.  lt: the last
	 * chunk ended with "<". */
	uint64_t elements;
	int lt;
	/* code's message: the thread's may be overwritten before the error
	 * reaches the reader (libxml2 goes on after some errors, and the
	 * reader may look a currency up in between) */
	char message[1024];
	/* The thread's libxml2 error handlers before this document's:
	 * libxml2 reports some errors (a failed encoding conversion) to the
	 * thread's handlers, not the parser's, and would print them. */
	xmlStructuredErrorFunc saved_handler;
	void *saved_context;
	xmlGenericErrorFunc saved_generic;
	void *saved_generic_context;
};

static int refuse_doctype(cf_xs *x, long line);
static int keep_error(cf_xs *x, int rc);
static void records_stop(cf_xs *x, int rc);
static long parser_line(const cf_xs *x);

static int
file_read(void *ctx, char *buf, int len)
{
	cf_xs *x = ctx;
	size_t got = fread(buf, 1, (size_t)len, x->fp);

	if (got == 0 && ferror(x->fp))
		return cf_error_set(CF_EIO, "%s: read error: %s", x->path,
		    strerror(errno));
	return (int)got;
}

static int
is_name_start(char c)
{
	return c == '_' || c == ':' || ((c | 32) >= 'a' && (c | 32) <= 'z') ||
	    (unsigned char)c >= 0x80;
}

/* Count the start tags in buf[0..n): a "<" before a name.  Markup in a
 * comment or a CDATA section counts too, so in an ASCII-compatible
 * encoding the count may be above the number of elements, never below. */
static int
count_elements(cf_xs *x, const char *buf, int n)
{
	const char *p = buf, *end = buf + n;
	int rc;

	if (n > 0 && x->lt && is_name_start(buf[0]))
		x->elements++;
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (++p < end && is_name_start(*p))
			x->elements++;
	}
	x->lt = n > 0 && end[-1] == '<';
	rc = cf_limit_check(CF_LIMIT_XML_ELEMENTS, x->elements, x->path,
	    parser_line(x));
	return rc == CF_OK ? CF_OK : keep_error(x, rc);
}

/* An element at depth (the root's is 0) nested too deep?  line: its. */
static int
check_depth(cf_xs *x, int depth, long line)
{
	int rc = cf_limit_check(CF_LIMIT_XML_DEPTH, (uint64_t)depth + 1,
	    x->path, line);

	return rc == CF_OK ? CF_OK : keep_error(x, rc);
}

/* The filter between the source and libxml2. */
static int
filtered_read(void *ctx, char *buf, int len)
{
	cf_xs *x = ctx;
	int n, i;

	for (;;) {
		if ((n = x->read(x->ctx, buf, len)) <= 0) {
			if (n < 0)
				keep_error(x, n);
			return n < 0 ? -1 : 0;
		}
		if (!x->started) {
			for (i = 0; i < n && (buf[i] == ' ' || buf[i] == '\t' ||
			    buf[i] == '\r' || buf[i] == '\n'); i++)
				x->first_line += buf[i] == '\n';
			if (i == n)
				continue;
			memmove(buf, buf + i, (size_t)(n - i));
			n -= i;
			x->started = 1;
		}
		break;
	}
	if (count_elements(x, buf, n) != CF_OK)
		return -1;
	for (i = 0; i < n && x->scan != 3; i++) {
		char c = buf[i];

		if (x->scan == 0)
			x->scan = c == '<';
		else if (x->scan == 1)
			x->scan = c == '!' ? 2 : (c == '_' || c == ':' ||
			    ((c | 32) >= 'a' && (c | 32) <= 'z')) ? 3 : 0;
		else if (x->scan == 2) {
			if (c == 'D') {
				refuse_doctype(x, x->first_line);
				return -1;
			}
			x->scan = 0;
		}
	}
	return n;
}

/* The document's DOCTYPE, at line (in the file) or its first. */
static int
refuse_doctype(cf_xs *x, long line)
{
	if (x->code != CF_OK)
		return x->code;
	return keep_error(x, cf_input_error(x->path, line, "DOCTYPE"
	    " declarations are not allowed (external entities and entity"
	    " expansion are refused)"));
}

/* Keep libxml2's message text, at line, as the document's error. */
static void
keep_parser_message(cf_xs *x, long line, const char *text)
{
	char msg[400];

	cf_xml_tidy_message(msg, sizeof(msg), text, NULL);
	keep_error(x, cf_input_error(x->path, line, "malformed XML: %s", msg));
}

/* Keep libxml2's error e as the document's, if it is the first. */
static void
note_error(cf_xs *x, const xmlError *e)
{
	if (x->code != CF_OK || e->level < XML_ERR_ERROR)
		return;
	if (e->code == XML_ERR_NO_MEMORY)
		keep_error(x, cf_error_set(CF_ENOMEM, "%s: XML parser: out"
		    " of memory", x->path));
	else
		/* an error of the thread's handler (an encoding) has no
		 * line: the parser's is near */
		keep_parser_message(x, e->line > 0 ? e->line + x->first_line -
		    1 : parser_line(x), e->message ? e->message : "error");
}

/* The parser's errors. */
static void
on_error(void *arg, xmlErrorPtr e)
{
	cf_xs *x = arg;

	note_error(x, e);
	/* Some errors (an undeclared namespace prefix) are not fatal to
	 * libxml2, which would go on calling back. */
	if (x->rec != NULL && x->code != CF_OK)
		records_stop(x, x->code);
}

/* The thread's: raised deep in libxml2's input layer (an encoding
 * conversion), where stopping the parser would pull its input from under
 * it.  The parse fails by itself, or the reader stops at x->code. */
static void
on_thread_error(void *arg, xmlErrorPtr e)
{
	note_error(arg, e);
}

/* The thread's unstructured messages ("xmlParseChunk: encoder error"),
 * printed by libxml2 beside a structured error: kept only when no error
 * came first, as on_thread_error. */
static void
on_generic_error(void *arg, const char *fmt, ...)
{
	cf_xs *x = arg;
	char msg[400];
	va_list ap;

	if (x->code != CF_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	keep_parser_message(x, parser_line(x), msg);
}

/* Make rc, whose message was just set, the document's outcome unless it
 * has one; the outcome's code. */
static int
keep_error(cf_xs *x, int rc)
{
	if (x->code == CF_OK && rc != CF_OK) {
		x->code = rc;
		snprintf(x->message, sizeof(x->message), "%s",
		    cf_error_message());
	}
	return x->code;
}

/* The error for a failed read: the first libxml2 or source error, its
 * message set again. */
static int
read_failed(cf_xs *x)
{
	if (x->code == CF_OK)
		return keep_error(x, cf_input_error(x->path, cf_xs_line(x),
		    "malformed XML"));
	return cf_error_set(x->code, "%s", x->message);
}

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

static int
xs_open(cf_xs **out, const char *path, long first_line, cf_xs_read_fn read,
    void *ctx, FILE *fp)
{
	cf_xs *x;

	*out = NULL;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return cf_error_set(CF_ENOMEM, "XML reader");
	x->path = path;
	x->first_line = first_line > 0 ? first_line : 1;
	x->read = read;
	x->ctx = fp != NULL ? x : ctx;
	x->fp = fp;
	x->saved_handler = xmlStructuredError;
	x->saved_context = xmlStructuredErrorContext;
	x->saved_generic = xmlGenericError;
	x->saved_generic_context = xmlGenericErrorContext;
	xmlSetStructuredErrorFunc(x, on_thread_error);
	xmlSetGenericErrorFunc(x, on_generic_error);
	*out = x;
	return CF_OK;
}

/* The walk's xmlTextReader; libxml2 reads the first bytes here, to guess
 * the encoding. */
static int
walk_start(cf_xs *x)
{
	if (x->streamed)
		return cf_error_set(CF_EARG, "%s: the XML document was already"
		    " read as records", x->path);
	x->r = xmlReaderForIO(filtered_read, NULL, x, x->path, NULL,
	    PARSE_OPTIONS);
	if (x->r == NULL)
		return x->code != CF_OK ? read_failed(x) :
		    cf_error_set(CF_ENOMEM, "XML reader");
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	return CF_OK;
}

int
cf_xs_open_io(cf_xs **out, const char *path, long first_line,
    cf_xs_read_fn read, void *ctx)
{
	return xs_open(out, path, first_line, read, ctx, NULL);
}

int
cf_xs_open_file(cf_xs **out, const char *path)
{
	FILE *fp;
	int rc;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL)
		return cf_error_set(CF_EIO, "%s: %s", path, strerror(errno));
	if ((rc = xs_open(out, path, 1, file_read, NULL, fp)) != CF_OK)
		fclose(fp);
	return rc;
}

void
cf_xs_free(cf_xs *x)
{
	if (x == NULL)
		return;
	xmlFreeTextReader(x->r);
	if (x->fp != NULL)
		fclose(x->fp);
	/* cf_xs are freed in the order opposite to their opening (an SGML
	 * section, an XBRL label linkbase inside its instance's reading) */
	xmlSetStructuredErrorFunc(x->saved_context, x->saved_handler);
	xmlSetGenericErrorFunc(x->saved_generic_context, x->saved_generic);
	free(x);
}

int
cf_xs_next(cf_xs *x)
{
	int r;

	if (x->code != CF_OK)
		return read_failed(x);
	if (x->r == NULL && (r = walk_start(x)) != CF_OK)
		return r;
	for (;;) {
		/* After an expanded element, move to what follows its subtree
		 * and look at that node itself. */
		if (x->skip) {
			x->skip = 0;
			r = xmlTextReaderNext(x->r);
		} else {
			r = xmlTextReaderRead(x->r);
		}
		if (x->code != CF_OK || r < 0)
			return read_failed(x);
		if (r == 0)
			return 0;
		switch (xmlTextReaderNodeType(x->r)) {
		case XML_READER_TYPE_ELEMENT:
			if (check_depth(x, xmlTextReaderDepth(x->r),
			    cf_xs_line(x)) != CF_OK)
				return read_failed(x);
			return 1;
		case XML_READER_TYPE_DOCUMENT_TYPE:
			/* Its node has no line, and the parser's is ahead:
			 * the document's, as the filter says. */
			return refuse_doctype(x, x->first_line);
		default:
			break;
		}
	}
}

const char *
cf_xs_name(const cf_xs *x)
{
	const xmlChar *s = xmlTextReaderConstLocalName(x->r);

	return s ? (const char *)s : "";
}

const char *
cf_xs_ns(const cf_xs *x)
{
	const xmlChar *s = xmlTextReaderConstNamespaceUri(x->r);

	return s ? (const char *)s : "";
}

int
cf_xs_depth(const cf_xs *x)
{
	return xmlTextReaderDepth(x->r);
}

static long records_line(const cf_xs *x);

long
cf_xs_line(const cf_xs *x)
{
	xmlNodePtr n;
	long line;

	if (x->rec != NULL)
		return records_line(x);
	if (x->r == NULL)
		return x->first_line;
	n = xmlTextReaderCurrentNode(x->r);
	line = n != NULL ? (long)xmlGetLineNo(n) : -1;
	/* The parser reads ahead: its line is only a fallback. */
	if (line <= 0)
		line = xmlTextReaderGetParserLineNumber(x->r);

	return line > 0 ? line + x->first_line - 1 : x->first_line;
}

int
cf_xs_attr(cf_xs *x, cf_dataset *ds, const char *name, const char **out)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);

	*out = NULL;
	if (v == NULL)
		return CF_OK;
	*out = cf_dataset_strdup(ds, (const char *)v);
	xmlFree(v);
	return *out ? CF_OK : CF_ENOMEM;
}

/* The line in the file of the parser's position (it reads ahead). */
static long
parser_line(const cf_xs *x)
{
	long line;

	if (x->rec != NULL)
		return records_line(x);
	line = x->r != NULL ? xmlTextReaderGetParserLineNumber(x->r) : 0;
	return line > 0 ? line + x->first_line - 1 : x->first_line;
}

int
cf_xs_expand(cf_xs *x, const xmlNode **out)
{
	const xmlNode *n;
	int depth;

	if ((*out = xmlTextReaderExpand(x->r)) == NULL)
		return read_failed(x);
	x->skip = 1;
	/* The elements below, which cf_xs_next will not visit: depth first,
	 * without recursion; depth is n's. */
	depth = xmlTextReaderDepth(x->r) + 1;
	for (n = (*out)->children; n != NULL;) {
		if (n->type == XML_ELEMENT_NODE) {
			if (check_depth(x, depth, cf_xs_node_line(x, n)) !=
			    CF_OK) {
				*out = NULL;
				return read_failed(x);
			}
			if (n->children != NULL) {
				n = n->children;
				depth++;
				continue;
			}
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == *out)
				n = NULL;
		}
		if (n != NULL)
			n = n->next;
	}
	return CF_OK;
}

int
cf_xs_expand_root(cf_xs *x, const xmlNode **out, long *root_line)
{
	const xmlNode *p;
	int rc;

	if ((rc = cf_xs_expand(x, out)) != CF_OK)
		return rc;
	for (p = *out; p->parent != NULL && p->parent->type ==
	    XML_ELEMENT_NODE; p = p->parent)
		;
	if (p != *out)
		*root_line = cf_xs_node_line(x, p);
	return CF_OK;
}

long
cf_xs_node_line(const cf_xs *x, const xmlNode *n)
{
	long line = n ? (long)xmlGetLineNo(n) : -1;

	return line > 0 ? line + x->first_line - 1 : cf_xs_line(x);
}

const char *
cf_xs_path(const cf_xs *x)
{
	return x->path;
}

int
cf_xs_error(const cf_xs *x, const xmlNode *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cf_input_error(x->path, n ? cf_xs_node_line(x, n) :
	    cf_xs_line(x), "%s", msg);
}

/* ---- records without a tree ---------------------------------------------- */

/*
 * cf_xs_records: libxml2's SAX2 push parser with our own callbacks, so no
 * node is made, linked or freed: on bench/import's 13F tables that parses
 * in about half the time of xmllint --stream, which builds and frees the
 * reader's nodes (4.2-4.8 s against 8.4-8.9 s for 896 tables of 1000 rows).
 * The text of a record's fields goes into one buffer, one field after the
 * other; the path below the record is kept as local names joined by '/'.
 */
#define REC_CHUNK	65536
#define REC_MAX_DEPTH	32		/* levels below a record matched */
#define REC_MAX_PATH	256
#define REC_MAX_TEXT	((size_t)1 << 20)	/* bytes of one field */

struct records {
	const struct cf_xs_records *spec;
	xmlParserCtxtPtr ctxt;
	int depth;			/* of the open element; root 0 */
	int in_record;
	int lost;			/* depth of an element nothing below
					 * which matches: its name did not fit
					 * in path, or its path was entered */
	unsigned entered[CF_XS_MAX_FIELDS];	/* levels of each field's
					 * path entered: bit d, depth d + 2 */
	char path[REC_MAX_PATH];	/* below the record */
	size_t plen[REC_MAX_DEPTH];	/* path's length before each level */
	int field, field_depth;		/* the field being read, or -1 */
	size_t start[CF_XS_MAX_FIELDS];	/* of each field's text in buf */
	char *buf;
	size_t len, cap;
	struct cf_xs_record r;
	long root_line;
};

static long
records_line(const cf_xs *x)
{
	long line = x->rec->ctxt != NULL ?
	    (long)xmlSAX2GetLineNumber(x->rec->ctxt) : 0;

	return line > 0 ? line + x->first_line - 1 : x->first_line;
}

/* Stop the parser with rc as the document's outcome. */
static void
records_stop(cf_xs *x, int rc)
{
	keep_error(x, rc);
	xmlStopParser(x->rec->ctxt);
}

static int
rec_append(struct records *s, const char *text, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		char *b;

		while (cap < s->len + n + 1)
			cap *= 2;
		if ((b = realloc(s->buf, cap)) == NULL)
			return cf_error_set(CF_ENOMEM, "XML record");
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	return CF_OK;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The record is complete: its fields trimmed, to the caller. */
static int
rec_finish(struct records *s)
{
	size_t i;

	for (i = 0; i < s->spec->npaths; i++) {
		char *t, *e;

		if (s->r.line_of[i] == 0) {
			s->r.text[i] = NULL;
			s->r.len[i] = 0;
			s->r.line_of[i] = s->r.line;
			continue;
		}
		t = s->buf + s->start[i];
		e = t + strlen(t);
		while (is_blank(*t))
			t++;
		while (e > t && is_blank(e[-1]))
			e--;
		*e = '\0';
		s->r.text[i] = t;
		s->r.len[i] = (size_t)(e - t);
	}
	return s->spec->fn(s->spec->ctx, &s->r);
}

static void
rec_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	cf_xs *x = ctx;
	struct records *s = x->rec;
	const char *name = (const char *)local;
	size_t i, n;
	int d;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)nattrs;
	(void)ndefaulted, (void)attrs;
	if (check_depth(x, ++s->depth, records_line(x)) != CF_OK) {
		records_stop(x, x->code);
		return;
	}
	if (s->depth == 0) {
		s->root_line = records_line(x);
		if (strcmp(name, s->spec->root) != 0)
			records_stop(x, cf_input_error(x->path, s->root_line,
			    "not %s: the root element is <%.60s>, not <%s>",
			    s->spec->what, name, s->spec->root));
		return;
	}
	if (s->depth == 1) {
		if ((s->in_record = strcmp(name, s->spec->record) == 0)) {
			s->len = 0;
			s->path[0] = '\0';
			s->field = -1;
			s->lost = 0;
			memset(s->entered, 0, sizeof(s->entered));
			s->r.line = records_line(x);
			memset(s->r.line_of, 0, sizeof(s->r.line_of));
		}
		return;
	}
	if (!s->in_record || s->lost || (d = s->depth - 2) >= REC_MAX_DEPTH)
		return;
	s->plen[d] = n = strlen(s->path);
	if (n + strlen(name) + 2 > sizeof(s->path)) {
		s->lost = s->depth;
		return;
	}
	if (n > 0)
		s->path[n++] = '/';
	strcpy(s->path + n, name);
	n += strlen(name);
	if (s->field >= 0)
		return;
	/* As cf_xn_path: a field is the first element of its name below
	 * the first of each name on the way ("a/b": the first b in the
	 * first a). */
	for (i = 0; i < s->spec->npaths; i++) {
		const char *p = s->spec->paths[i];

		if (strncmp(p, s->path, n) != 0 || (p[n] != '\0' &&
		    p[n] != '/'))
			continue;
		if (s->entered[i] & (1u << d)) {
			s->lost = s->depth;
			return;
		}
		s->entered[i] |= 1u << d;
		if (p[n] == '\0') {
			s->field = (int)i;
			s->field_depth = s->depth;
			s->start[i] = s->len;
			s->r.line_of[i] = records_line(x);
			return;
		}
	}
}

static void
rec_text(void *ctx, const xmlChar *text, int n)
{
	cf_xs *x = ctx;
	struct records *s = x->rec;
	int rc;

	if (s->field < 0 || n <= 0)
		return;
	if (s->len - s->start[s->field] + (size_t)n > REC_MAX_TEXT)
		rc = cf_input_error(x->path, s->r.line_of[s->field], "<%s> holds"
		    " more than %zu bytes of text", s->spec->paths[s->field],
		    REC_MAX_TEXT);
	else
		rc = rec_append(s, (const char *)text, (size_t)n);
	if (rc != CF_OK)
		records_stop(x, rc);
}

static void
rec_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	cf_xs *x = ctx;
	struct records *s = x->rec;
	int rc = CF_OK, d = s->depth - 2;

	(void)local, (void)prefix, (void)uri;
	if (s->in_record && s->field >= 0 && s->depth == s->field_depth) {
		s->field = -1;
		rc = rec_append(s, "", 1);	/* the field's NUL */
	}
	if (s->in_record && d >= 0 && d < REC_MAX_DEPTH &&
	    (!s->lost || s->lost == s->depth))
		s->path[s->plen[d]] = '\0';
	if (s->lost == s->depth)
		s->lost = 0;
	if (rc == CF_OK && s->in_record && s->depth == 1) {
		s->in_record = 0;
		rc = rec_finish(s);
	}
	if (rc != CF_OK)
		records_stop(x, rc);
	s->depth--;
}

static void
rec_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	cf_xs *x = ctx;

	(void)name, (void)ext_id, (void)sys_id;
	records_stop(x, refuse_doctype(x, records_line(x)));
}

/* Paths that nest ("a" and "a/b") would need two fields open at once. */
static int
paths_nest(const struct cf_xs_records *spec)
{
	size_t i, j, n;

	for (i = 0; i < spec->npaths; i++)
		for (j = 0; j < spec->npaths; j++) {
			n = strlen(spec->paths[i]);
			if (i != j && strncmp(spec->paths[i], spec->paths[j],
			    n) == 0 && spec->paths[j][n] == '/')
				return 1;
		}
	return 0;
}

int
cf_xs_records(cf_xs *x, const struct cf_xs_records *spec, long *root_line)
{
	struct records s = {0};
	xmlSAXHandler sax;
	char *chunk = NULL;
	int n, rc = CF_OK;

	if (spec->npaths > CF_XS_MAX_FIELDS || paths_nest(spec))
		return cf_error_set(CF_EARG, "XML records: more than %d fields,"
		    " or one inside another", CF_XS_MAX_FIELDS);
	if (x->r != NULL || x->streamed)
		return cf_error_set(CF_EARG, "%s: the XML document was already"
		    " read", x->path);
	x->streamed = 1;
	if ((chunk = malloc(REC_CHUNK)) == NULL)
		return cf_error_set(CF_ENOMEM, "XML records");
	s.spec = spec;
	s.depth = -1;
	s.field = -1;
	s.root_line = x->first_line;
	x->rec = &s;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = rec_start;
	sax.endElementNs = rec_end;
	sax.characters = rec_text;
	sax.cdataBlock = rec_text;
	sax.internalSubset = rec_doctype;
	sax.serror = on_error;
	/* The first bytes go in with the context: libxml2 guesses the
	 * encoding from them. */
	if ((n = filtered_read(x, chunk, REC_CHUNK)) < 0) {
		rc = read_failed(x);
		goto out;
	}
	if ((s.ctxt = xmlCreatePushParserCtxt(&sax, x, chunk, n,
	    x->path)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "XML records");
		goto out;
	}
	xmlCtxtUseOptions(s.ctxt, PARSE_OPTIONS);
	do {
		if ((n = filtered_read(x, chunk, REC_CHUNK)) < 0)
			break;
		if (xmlParseChunk(s.ctxt, chunk, n, n == 0) != 0)
			break;
	} while (n > 0 && x->code == CF_OK);
	if (x->code != CF_OK || n < 0 || !s.ctxt->wellFormed)
		rc = read_failed(x);
out:
	if (root_line != NULL)
		*root_line = s.root_line;
	if (s.ctxt != NULL) {
		/* A DTD's declarations went into a document of their own. */
		if (s.ctxt->myDoc != NULL)
			xmlFreeDoc(s.ctxt->myDoc);
		xmlFreeParserCtxt(s.ctxt);
	}
	x->rec = NULL;
	free(s.buf);
	free(chunk);
	return rc;
}

/* ---- the expanded tree ---------------------------------------------------- */

const xmlNode *
cf_xn_child(const xmlNode *n, const char *local)
{
	const xmlNode *c;

	if (n == NULL)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, local) == 0)
			return c;
	return NULL;
}

const xmlNode *
cf_xn_path(const xmlNode *n, const char *path)
{
	char step[128];
	const char *p = path, *slash;
	size_t len;

	while (n != NULL && *p != '\0') {
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		if (len >= sizeof(step))
			return NULL;
		memcpy(step, p, len);
		step[len] = '\0';
		n = cf_xn_child(n, step);
		p += len + (slash != NULL);
	}
	return n;
}

/* Trim and copy s into the arena; NULL for empty. */
static int
arena_trimmed(cf_dataset *ds, const char *s, const char **out)
{
	const char *end;

	*out = NULL;
	if (s == NULL)
		return CF_OK;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	if (end == s)
		return CF_OK;
	*out = cf_dataset_strndup(ds, s, (size_t)(end - s));
	return *out ? CF_OK : CF_ENOMEM;
}

int
cf_xn_text(cf_dataset *ds, const xmlNode *n, const char **out)
{
	xmlChar *t;
	int rc;

	*out = NULL;
	if (n == NULL)
		return CF_OK;
	if ((t = xmlNodeGetContent(n)) == NULL)
		return CF_OK;
	rc = arena_trimmed(ds, (const char *)t, out);
	xmlFree(t);
	return rc;
}

int
cf_xn_path_text(cf_dataset *ds, const xmlNode *n, const char *path,
    const char **out)
{
	return cf_xn_text(ds, cf_xn_path(n, path), out);
}

int
cf_xn_attr(cf_dataset *ds, const xmlNode *n, const char *name,
    const char **out)
{
	const xmlAttr *a;
	xmlChar *v;
	int rc;

	*out = NULL;
	if (n == NULL)
		return CF_OK;
	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			break;
	if (a == NULL)
		return CF_OK;
	if ((v = xmlNodeGetContent((const xmlNode *)a)) == NULL)
		return CF_OK;
	rc = arena_trimmed(ds, (const char *)v, out);
	xmlFree(v);
	return rc;
}
