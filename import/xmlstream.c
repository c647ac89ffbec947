/*
 * xmlstream.c - safe, streaming XML for the EDGAR readers (see edgar.h).
 *
 * Bytes reach libxml2's xmlTextReader through one filter that skips white
 * space before the document and refuses a DOCTYPE before the root element
 * (where external entities and entity bombs would be declared); entities
 * are never substituted and the network is off.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "circfin.h"
#include "edgar.h"

struct cf_xs {
	xmlTextReaderPtr r;
	const char *path;
	long first_line;	/* of the document in its file */
	cf_xs_read_fn read;
	void *ctx;
	FILE *fp;		/* when opened on a file */
	int started;		/* past leading white space */
	int scan;		/* prolog scan: 0 text, 1 '<', 2 "<!", 3 rooted */
	int code;		/* first error, CF_OK until then */
	int skip;		/* skip the current subtree at the next read */
};

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

/* The filter between the source and libxml2. */
static int
filtered_read(void *ctx, char *buf, int len)
{
	cf_xs *x = ctx;
	int n, i;

	for (;;) {
		if ((n = x->read(x->ctx, buf, len)) <= 0) {
			if (n < 0 && x->code == CF_OK)
				x->code = n;
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
	for (i = 0; i < n && x->scan != 3; i++) {
		char c = buf[i];

		if (x->scan == 0)
			x->scan = c == '<';
		else if (x->scan == 1)
			x->scan = c == '!' ? 2 : (c == '_' || c == ':' ||
			    ((c | 32) >= 'a' && (c | 32) <= 'z')) ? 3 : 0;
		else if (x->scan == 2) {
			if (c == 'D') {
				if (x->code == CF_OK)
					x->code = cf_input_error(x->path,
					    x->first_line, "DOCTYPE"
					    " declarations are not allowed"
					    " (external entities and entity"
					    " expansion are refused)");
				return -1;
			}
			x->scan = 0;
		}
	}
	return n;
}

static void
on_error(void *arg, xmlErrorPtr e)
{
	cf_xs *x = arg;
	char msg[400];
	size_t n;

	if (x->code != CF_OK || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (e->code == XML_ERR_NO_MEMORY)
		x->code = cf_error_set(CF_ENOMEM, "%s: XML parser: out of"
		    " memory", x->path);
	else
		x->code = cf_input_error(x->path, e->line > 0 ? e->line +
		    x->first_line - 1 : 0, "malformed XML: %s", msg);
}

/* The error for a failed read: the first libxml2 or source error. */
static int
read_failed(cf_xs *x)
{
	if (x->code == CF_OK)
		x->code = cf_input_error(x->path, cf_xs_line(x), "malformed"
		    " XML");
	return x->code;
}

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
	/* libxml2 reads the first bytes here, to guess the encoding. */
	x->r = xmlReaderForIO(filtered_read, NULL, x, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	if (x->r == NULL) {
		int rc = x->code != CF_OK ? read_failed(x) :
		    cf_error_set(CF_ENOMEM, "XML reader");
		free(x);
		return rc;
	}
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	*out = x;
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
	free(x);
}

int
cf_xs_next(cf_xs *x)
{
	int r;

	if (x->code != CF_OK)
		return read_failed(x);
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
		if (xmlTextReaderNodeType(x->r) == XML_READER_TYPE_ELEMENT)
			return 1;
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

long
cf_xs_line(const cf_xs *x)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
	long line = n != NULL ? (long)xmlGetLineNo(n) : -1;

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

int
cf_xs_expand(cf_xs *x, const xmlNode **out)
{
	if ((*out = xmlTextReaderExpand(x->r)) == NULL)
		return read_failed(x);
	x->skip = 1;
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
