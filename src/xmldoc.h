/*
 * xmldoc.h - parsing an XML file safely and validating it (internal).
 *
 * Every XML format circfin reads goes through cf_xml_parse: network off,
 * entities left unexpanded, any DOCTYPE refused before it is read (no XXE,
 * no entity bombs), the root element and its version attribute checked,
 * then validation against an XSD built into the library.  Errors are
 * CF_EINPUT with "path:line: ...".  The cf_xml_* helpers walk the tree.
 */
#ifndef CF_XMLDOC_H
#define CF_XMLDOC_H

#include <stddef.h>

#include <libxml/tree.h>

/* What a format is: its namespace, root element, the version its root
 * must carry (or NULL), the name used in messages ("circfin dataset")
 * and its schema text. */
struct cf_xml_format {
	const char *ns;
	const char *root;
	const char *version;
	const char *what;
	const char *xsd;
	size_t xsd_len;
};

/* Parse and validate buf (len bytes; path names it in messages) into
 * *out (free with xmlFreeDoc).  CF_EINPUT, CF_ENOMEM. */
int cf_xml_parse(xmlDocPtr *out, const char *path, const char *buf,
    size_t len, const struct cf_xml_format *fmt);

/* Is n the element name in namespace ns? */
int cf_xml_is(const xmlNode *n, const char *ns, const char *name);
/* The first child element name (in ns) of parent, or NULL. */
const xmlNode *cf_xml_child(const xmlNode *parent, const char *ns,
    const char *name);
long cf_xml_line(const xmlNode *n);

/* libxml2's message msg as one line in dst (size bytes): newlines made
 * spaces, trailing space dropped, and "{ns}" before element names
 * dropped when ns is not NULL. */
void cf_xml_tidy_message(char *dst, size_t size, const char *msg,
    const char *ns);

#endif /* CF_XMLDOC_H */
