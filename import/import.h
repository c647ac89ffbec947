/*
 * import.h - the reader interface every importer implements (internal).
 *
 * A reader recognises its format from a file's content and parses a whole
 * file into a cf_dataset.  Readers never touch the store: the batch
 * (src/batch.c) hashes, orders and reads files, then writes each dataset
 * in one transaction.  One file per format in import/.
 */
#ifndef CF_IMPORT_H
#define CF_IMPORT_H

#include <stddef.h>

#include "model.h"

/* How much of a file's start detection is given, at most. */
#define CF_DETECT_HEAD 4096

struct cf_reader {
	const char *name;	/* recorded in import_log.format */
	const char *family;	/* what --format selects: "xml" or "csv" */
	int phase;		/* batch order: what others may refer to first */
	/* How sure is this reader that the file starting with head (the
	 * first len bytes, len <= CF_DETECT_HEAD, past white space) is its
	 * format: 0 not at all .. 100 certain. */
	int (*detect)(const char *head, size_t len);
	/* Parse the whole file into ds (ds->path names it in messages).
	 * CF_EINPUT with "path:line: ..." on bad input. */
	int (*read)(cf_dataset *ds, const char *buf, size_t len);
	/* Or, for EDGAR filings: stream the file at ds->path with bounded
	 * memory, fill ds and ds->filing (its sha256 is set on entry).
	 * Exactly one of read and read_file is set. */
	int (*read_file)(cf_dataset *ds);
};

extern const struct cf_reader cf_reader_xml;
extern const struct cf_reader cf_reader_csv_sources;
extern const struct cf_reader cf_reader_csv_entities;
extern const struct cf_reader cf_reader_csv_flows;
extern const struct cf_reader cf_reader_csv_aliases;
/* EDGAR filings (import/edgar.h) */
extern const struct cf_reader cf_reader_sgml;
extern const struct cf_reader cf_reader_formd;
extern const struct cf_reader cf_reader_13f_cover;
extern const struct cf_reader cf_reader_13f_table;
extern const struct cf_reader cf_reader_form4;
extern const struct cf_reader cf_reader_sched13;
extern const struct cf_reader cf_reader_xbrl;

/*
 * The reader for a file that starts with head, among those of family
 * ("xml", "csv", or NULL for any).  NULL with CF_EINPUT set (the message
 * says what the file looked like) when none fits.
 */
const struct cf_reader *cf_reader_detect(const char *path, const char *head,
    size_t len, const char *family);

/* Skip a UTF-8 byte order mark and leading white space. */
const char *cf_skip_bom_space(const char *p, const char *end);

#endif /* CF_IMPORT_H */
