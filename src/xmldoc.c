/*
 * xmldoc.c - parsing an XML file safely and validating it against a
 * built-in XSD: the part every XML format circfin reads shares.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "circfin.h"
#include "model.h"
#include "xmldoc.h"

/* The first error libxml2 reports during a parse or validation. */
struct xml_errors {
	const char *path;
	const struct cf_xml_format *fmt;
	int code;		/* CF_OK until the first error */
	xmlParserCtxtPtr ctxt;	/* while parsing */
	/* Counted against the limits (circfin.h) as the tree is built. */
	uint64_t elements;
	int depth;		/* of the open element; the root's is 0 */
};

/* libxml2's messages name elements as {namespace}name. */
void
cf_xml_tidy_message(char *dst, size_t size, const char *msg, const char *ns)
{
	size_t n = 0, nslen = ns != NULL ? strlen(ns) : 0;

	while (*msg && n + 1 < size) {
		if (ns != NULL && msg[0] == '{' &&
		    strncmp(msg + 1, ns, nslen) == 0 &&
		    msg[1 + nslen] == '}') {
			msg += nslen + 2;
			continue;
		}
		dst[n++] = *msg == '\n' ? ' ' : *msg;
		msg++;
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
}

static void
on_error(void *arg, xmlErrorPtr e)
{
	struct xml_errors *errs = arg;
	char msg[512];

	if (errs->code != CF_OK || e->level < XML_ERR_ERROR)
		return;
	cf_xml_tidy_message(msg, sizeof(msg), e->message ? e->message :
	    "error", errs->fmt->ns);
	if (e->domain == XML_FROM_SCHEMASV)
		errs->code = cf_input_error(errs->path, e->line, "does not"
		    " match the %s schema: %s", errs->fmt->what, msg);
	else
		/* an error of the thread's handler (an encoding) has no
		 * line: the parser's is near */
		errs->code = cf_input_error(errs->path, e->line > 0 ? e->line :
		    errs->ctxt != NULL && errs->ctxt->input != NULL ?
		    errs->ctxt->input->line : 0, "malformed XML: %s", msg);
}

/* SAX hook: a DOCTYPE is where external entities and entity bombs live;
 * no circfin format has a use for one, so stop the parse right there. */
static void
refuse_dtd(void *ctx, const xmlChar *name, const xmlChar *ext_id,
    const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_errors *errs = ctxt->_private;

	(void)name;
	(void)ext_id;
	(void)sys_id;
	if (errs->code == CF_OK)
		errs->code = cf_input_error(errs->path,
		    xmlSAX2GetLineNumber(ctx), "DOCTYPE declarations are not"
		    " allowed (external entities and entity expansion are"
		    " refused)");
	xmlStopParser(ctxt);
}

/* SAX hooks around libxml2's own, which build the tree: count the
 * elements and their depth, and stop the parse at a limit. */
static void
start_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_errors *errs = ctxt->_private;
	long line = xmlSAX2GetLineNumber(ctx);

	errs->depth++;
	/* after an error the document is refused: no more tree */
	if (errs->code != CF_OK ||
	    (errs->code = cf_limit_check(CF_LIMIT_XML_ELEMENTS,
	    ++errs->elements, errs->path, line)) != CF_OK ||
	    (errs->code = cf_limit_check(CF_LIMIT_XML_DEPTH,
	    (uint64_t)errs->depth + 1, errs->path, line)) != CF_OK) {
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, ns, nattrs,
	    ndefaulted, attrs);
}

static void
end_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xml_errors *errs = ctxt->_private;

	errs->depth--;
	xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

static int
validate(xmlDocPtr doc, struct xml_errors *errs)
{
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	int rc = CF_OK, r;

	pctxt = xmlSchemaNewMemParserCtxt(errs->fmt->xsd,
	    (int)errs->fmt->xsd_len);
	if (pctxt == NULL || (schema = xmlSchemaParse(pctxt)) == NULL ||
	    (vctxt = xmlSchemaNewValidCtxt(schema)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "%s: cannot load the %s schema",
		    errs->path, errs->fmt->what);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, on_error, errs);
	r = xmlSchemaValidateDoc(vctxt, doc);
	if (errs->code != CF_OK)
		rc = errs->code;
	else if (r != 0)
		rc = cf_input_error(errs->path, 0, "does not match the %s"
		    " schema", errs->fmt->what);
out:
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctxt);
	return rc;
}

int
cf_xml_parse(xmlDocPtr *out, const char *path, const char *buf, size_t len,
    const struct cf_xml_format *fmt)
{
	struct xml_errors errs = {path, fmt, CF_OK, NULL, 0, -1};
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	const xmlNode *root;
	xmlChar *version = NULL;
	xmlStructuredErrorFunc saved_handler;
	void *saved_context;
	int rc = CF_OK;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return cf_input_error(path, 0, "XML file larger than 2 GiB");
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return cf_error_set(CF_ENOMEM, "XML parser");
	ctxt->_private = &errs;
	errs.ctxt = ctxt;
	ctxt->sax->internalSubset = refuse_dtd;
	ctxt->sax->startElementNs = start_element;
	ctxt->sax->endElementNs = end_element;
	saved_handler = xmlStructuredError;
	saved_context = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(&errs, on_error);
	/* NONET: no network; no NOENT: entities stay unexpanded; no DTDLOAD
	 * or DTDVALID: no external DTD is fetched. */
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL,
	    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(saved_context, saved_handler);
	if (errs.code != CF_OK) {
		rc = errs.code;
		goto out;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		rc = cf_input_error(path, 0, "malformed XML");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !cf_xml_is(root, fmt->ns, fmt->root)) {
		rc = cf_input_error(path, root ? cf_xml_line(root) : 0,
		    "unknown XML document: root element <%s>%s%s%s is not a"
		    " %s (<%s xmlns=\"%s\">)",
		    root ? (const char *)root->name : "",
		    root && root->ns ? " in namespace '" : "",
		    root && root->ns ? (const char *)root->ns->href : "",
		    root && root->ns ? "'" : "", fmt->what, fmt->root,
		    fmt->ns);
		goto out;
	}
	version = xmlGetNoNsProp(root, (const xmlChar *)"version");
	if (fmt->version != NULL && version != NULL &&
	    strcmp((const char *)version, fmt->version) != 0) {
		rc = cf_input_error(path, cf_xml_line(root), "%s version"
		    " '%.20s' is not supported (this circfin reads version"
		    " %s)", fmt->what, (const char *)version, fmt->version);
		goto out;
	}
	if ((rc = validate(doc, &errs)) != CF_OK)
		goto out;
	*out = doc;
	doc = NULL;
out:
	xmlFree(version);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

int
cf_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

const xmlNode *
cf_xml_child(const xmlNode *parent, const char *ns, const char *name)
{
	const xmlNode *n;

	for (n = parent->children; n != NULL; n = n->next)
		if (cf_xml_is(n, ns, name))
			return n;
	return NULL;
}

long
cf_xml_line(const xmlNode *n)
{
	return (long)xmlGetLineNo(n);
}
