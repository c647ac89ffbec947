/*
 * edgar.h - what the SEC EDGAR readers share (internal).
 *
 * Every EDGAR document is XML read as a stream (libxml2's xmlTextReader,
 * or its SAX parser) through cf_xs: network off, entities unexpanded, a DOCTYPE refused,
 * white space before <?xml skipped, and line numbers counted from the
 * start of the file even inside an SGML submission.  A reader walks
 * element start tags with cf_xs_next, expands one bounded record (an XBRL
 * context or fact) with cf_xs_expand, and takes text with the cf_xn_*
 * helpers, which match elements by local name whatever their namespace
 * prefix; a flat list of records (a 13F table) is streamed by cf_xs_records
 * without a tree.  Memory is bounded by the largest record, not the file.
 *
 * The cf_edgar_* helpers build the records every filing has: its one
 * source, the entities it names (to be resolved by the store), record ids
 * unique across filings, and EDGAR's dates, amounts and accession numbers.
 */
#ifndef CF_EDGAR_H
#define CF_EDGAR_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "model.h"

/* ---- streaming XML ------------------------------------------------------ */

typedef struct cf_xs cf_xs;

/* Where a document's bytes come from: fill buf with up to len bytes and
 * return how many, 0 at the end, or a CF_E* code (with the message set:
 * CF_EINPUT "path:line: ..." for bad content, CF_EIO for a read error). */
typedef int (*cf_xs_read_fn)(void *ctx, char *buf, int len);

/* Open the XML document in the file path. */
int cf_xs_open_file(cf_xs **out, const char *path);
/* Open a document that read yields (an SGML section); path names it in
 * messages and its first byte is on line first_line of that file. */
int cf_xs_open_io(cf_xs **out, const char *path, long first_line,
    cf_xs_read_fn read, void *ctx);
void cf_xs_free(cf_xs *x);

/* Move to the next element start tag: 1 when there is one, 0 at the end of
 * the document, CF_EINPUT ("path:line: malformed XML: ...") or CF_ENOMEM.
 * After cf_xs_expand, the expanded element's subtree is skipped. */
int cf_xs_next(cf_xs *x);
/* The current element: local name, namespace URI ("" if none), depth
 * (the root is 0) and line in the file. */
const char *cf_xs_name(const cf_xs *x);
const char *cf_xs_ns(const cf_xs *x);
int cf_xs_depth(const cf_xs *x);
long cf_xs_line(const cf_xs *x);
/* An attribute of the current element, copied into ds's arena; *out is
 * NULL when absent.  CF_ENOMEM. */
int cf_xs_attr(cf_xs *x, cf_dataset *ds, const char *name,
    const char **out);
/* The current element's whole subtree into *out, valid until the next
 * cf_xs_next.  CF_OK, or CF_EINPUT (malformed XML, with the line) or
 * CF_ENOMEM when it cannot be read. */
int cf_xs_expand(cf_xs *x, const xmlNode **out);
/* cf_xs_expand, and *root_line set to the line of the root element when
 * the expansion shows it (the reader keeps the ancestors of what it
 * expands, and their own lines are more exact than its position). */
int cf_xs_expand_root(cf_xs *x, const xmlNode **out, long *root_line);

/*
 * Records without a tree, for a flat document (a 13F information table: a
 * root holding a list of records, each with leaf fields): a SAX parser
 * hands each child of the root named spec->record to spec->fn with the
 * text of its fields, and makes no node.  Memory is bounded by one record.
 * Only on a cf_xs not walked with cf_xs_next; it reads to the end.  A root
 * other than spec->root is an error ("not <what>: the root element is
 * ..."), and so is a field of more than 1 MiB.  *root_line (may be NULL):
 * the line of the root element.  CF_OK, fn's code, or CF_EINPUT, CF_EIO,
 * CF_ENOMEM as cf_xs_next.
 */
#define CF_XS_MAX_FIELDS 16

struct cf_xs_record {
	long line;				/* of the record's element */
	/* Each field's text, trimmed; NULL when the record has no element
	 * at its path, "" when it is empty.  As cf_xn_path, a field is the
	 * first element of its name below the first of each name on the
	 * way.  line_of: the element's line, else the record's. */
	const char *text[CF_XS_MAX_FIELDS];
	size_t len[CF_XS_MAX_FIELDS];
	long line_of[CF_XS_MAX_FIELDS];
};

struct cf_xs_records {
	const char *root;	/* the root's local name */
	const char *what;	/* "a 13F information table", for messages */
	const char *record;	/* the records' local name */
	const char *const *paths;	/* fields: "a" or "a/b", local names;
				 * none inside another ("a" and "a/b") */
	size_t npaths;		/* at most CF_XS_MAX_FIELDS */
	int (*fn)(void *ctx, const struct cf_xs_record *r);
	void *ctx;
};

int cf_xs_records(cf_xs *x, const struct cf_xs_records *spec,
    long *root_line);

/* "path:line: " + the message, as CF_EINPUT; n may be NULL (the reader's
 * position is used). */
int cf_xs_error(const cf_xs *x, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The line of n in the file. */
long cf_xs_node_line(const cf_xs *x, const xmlNode *n);
const char *cf_xs_path(const cf_xs *x);

/* The first child element of n whose local name is local (any namespace),
 * or NULL; n may be NULL. */
const xmlNode *cf_xn_child(const xmlNode *n, const char *local);
/* Follow "a/b/c" by local names from n; NULL if any step is missing. */
const xmlNode *cf_xn_path(const xmlNode *n, const char *path);
/* n's text content, trimmed, copied into ds's arena; *out is NULL when n is
 * NULL or the text is empty.  CF_ENOMEM. */
int cf_xn_text(cf_dataset *ds, const xmlNode *n, const char **out);
/* cf_xn_text of cf_xn_path(n, path). */
int cf_xn_path_text(cf_dataset *ds, const xmlNode *n, const char *path,
    const char **out);
/* An attribute of n by local name (any namespace) into ds's arena; NULL
 * when absent. */
int cf_xn_attr(cf_dataset *ds, const xmlNode *n, const char *name,
    const char **out);

/* For detect functions: the local name of the root element of the XML in
 * head (past a byte order mark, white space, the XML declaration,
 * processing instructions, comments and a DOCTYPE) into name.  0, or -1
 * when the head holds no root start tag or the name does not fit. */
int cf_edgar_root(const char *head, size_t len, char *name, size_t size);

/* ---- EDGAR values -------------------------------------------------------- */

/* An EDGAR date (YYYY-MM-DD, MM-DD-YYYY, MM/DD/YYYY or YYYYMMDD) as
 * YYYY-MM-DD in out; 0, or -1 when text is not a valid date. */
int cf_edgar_date(char out[11], const char *text);
/* A date into ds's arena: *out NULL when text is NULL; CF_EINPUT naming
 * what (at n's line) when it is not a date. */
int cf_edgar_date_ds(cf_xs *x, cf_dataset *ds, const xmlNode *n,
    const char *what, const char *text, const char **out);
/* Does text say there is no amount ("Indefinite", "None", "N/A")? */
int cf_edgar_no_amount(const char *text);
/* A dollar amount ("1234", "1,234.50", "1.2345E7" is refused) as cents.
 * CF_EINPUT naming what at n's line for a sign, garbage or overflow. */
int cf_edgar_dollars(const cf_xs *x, const xmlNode *n, const char *what,
    const char *text, int64_t *cents);
/* A non-negative decimal number (shares, percent) as a double; CF_EINPUT
 * naming what at n's line otherwise. */
int cf_edgar_number(const cf_xs *x, const xmlNode *n, const char *what,
    const char *text, double *out);
/* A CIK as ten digits (zero-padded) in out; -1 if text is not 1-10
 * digits. */
int cf_edgar_cik(char out[11], const char *text);
/* An accession number (dashed or 18 digits) as 0000000000-00-000000;
 * -1 if text is not one. */
int cf_edgar_accession(char out[21], const char *text);
/* The accession number in a path's directory names (EDGAR's layout
 * .../edgar/data/CIK/ACCESSION/file), or -1. */
int cf_edgar_accession_from_path(char out[21], const char *path);

/* ---- the records of a filing ------------------------------------------- */

/* Create the filing's one source (call once, after ds->filing's accession,
 * form and filed date are known): id "sec-ACCESSION", or "file-" and the
 * first 16 hex digits of the file's SHA-256 when the accession is unknown;
 * title as given; publisher SEC EDGAR; date the filing date; the EDGAR
 * folder URL when CIK and accession are known.  *id is the source id. */
int cf_edgar_source(cf_dataset *ds, const char *title, const char *cik,
    long line, const char **id);
/* An entity the filing names, to be resolved by the store: matched within
 * the file by CIK, then CUSIP, then exact name, so naming it twice gives
 * one entity.  cik and cusip may be NULL; name is required; kind is used
 * when the store creates it.  *id is the entity's id local to the file. */
int cf_edgar_entity(cf_dataset *ds, const char *cik, const char *cusip,
    const char *name, const char *kind, long line, const char **id);
/* The id of the next entity ds adds, local to the file ("local-N"), held
 * by ds; NULL when memory runs out. */
const char *cf_edgar_local_id(cf_dataset *ds);
/* Add an alias (another name) to a local entity. */
int cf_edgar_alias(cf_dataset *ds, const char *local_id, const char *alias);
/* A record id unique across filings: "SOURCEID-TAG-N". */
const char *cf_edgar_record_id(cf_dataset *ds, const char *source_id,
    const char *tag, size_t n);
/* Append to a NULL-terminated, arena-held list of strings. */
int cf_edgar_cite(cf_dataset *ds, const char ***list, size_t *n,
    const char *source_id);

/* Read the plain XML file ds->path with doc (a cf_reader's read_file). */
int cf_edgar_read_xml_file(cf_dataset *ds,
    int (*doc)(cf_dataset *ds, cf_xs *x));

/* ---- document readers ---------------------------------------------------
 * Each reads one XML document, positioned before its root, into ds; the
 * SGML reader calls them for the documents of a submission, the file
 * readers for a plain XML file.  ds->filing may already hold what an SGML
 * header said (accession, form, filed date, filer): a reader keeps those
 * and fills what is missing.  Each returns CF_OK, CF_EINPUT with
 * "path:line: ..." or CF_ENOMEM. */
int cf_edgar_read_formd(cf_dataset *ds, cf_xs *x);
/* The 13F cover page: when read from a plain file it also reads the
 * information table beside it (same folder); in a submission the table
 * comes as another document, through cf_edgar_read_13f_table. */
int cf_edgar_read_13f_cover(cf_dataset *ds, cf_xs *x, int standalone);
int cf_edgar_read_13f_table(cf_dataset *ds, cf_xs *x);
/* Check a 13F's rows against its cover totals and build its flows, once
 * both parts are read. */
int cf_edgar_finish_13f(cf_dataset *ds);
int cf_edgar_read_form4(cf_dataset *ds, cf_xs *x);
int cf_edgar_read_sched13(cf_dataset *ds, cf_xs *x);
/*
 * A filing's note as a reader builds it: text appended, and remarks on
 * what was not imported, "Line N: ...", at most CF_EDGAR_REMARKS of them
 * and then one "(further remarks left out)".  Zero-initialised; free the
 * text with free().
 */
#define CF_EDGAR_REMARKS 20
struct cf_edgar_note {
	char *text;		/* malloc'd, NUL-terminated, or NULL */
	size_t len, nremarks;
};
int cf_edgar_note_add(struct cf_edgar_note *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cf_edgar_remark(struct cf_edgar_note *n, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An XBRL instance; labels is the label linkbase (a file path) or NULL. */
int cf_edgar_read_xbrl(cf_dataset *ds, cf_xs *x, const char *labels);

#endif /* CF_EDGAR_H */
