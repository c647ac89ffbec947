/*
 * sgml.c - EDGAR SGML submissions: the full-text .txt files of EDGAR's
 * archive (<SEC-DOCUMENT>, a "KEY:<tab>value" <SEC-HEADER>) and the
 * dissemination .nc files (<SUBMISSION>, one <TAG>value per line).
 *
 * The file is streamed line by line through one fixed buffer; a longer
 * line comes in pieces of that size and only its first piece is looked at
 * for tags, so memory does not grow with the file or its lines.  The
 * header fills ds->filing.  Each document's <XML> (or <XBRL>) section goes
 * through cf_xs_open_io to the reader for the document's TYPE, numbered
 * with the submission's own lines; other documents (HTML, text, uuencoded
 * PDF) are skipped.
 *
 * An XBRL instance wants its label linkbase (a file), which submissions
 * put after it.  So the instance is read last: when met, its offset is
 * remembered and it is skipped; the EX-101.LAB document, when met, is
 * copied into a new directory under $TMPDIR, after blank lines that keep
 * its lines the submission's; once every other document is read, the file
 * is seeked back to the instance.  Nothing else is read twice.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"

#define LINE_BUF	16384	/* longer lines are read in pieces */
#define TAG_MAX		512	/* what of a line is read for tags */

static const char pem_begin[] = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----";
static const char pem_end[] = "-----END PRIVACY-ENHANCED MESSAGE-----";

/* What a file may start with, and the tag that must end it ("" if
 * none: a bare header). */
static const struct {
	const char *open, *close;
} wrappers[] = {
	{"<SUBMISSION>", "</SUBMISSION>"},
	{"<SEC-DOCUMENT>", "</SEC-DOCUMENT>"},
	{"<IMS-DOCUMENT>", "</IMS-DOCUMENT>"},
	{"<SEC-HEADER>", ""},
	{"<IMS-HEADER>", ""},
};

enum doc_kind {
	DOC_SKIP, DOC_FORMD, DOC_13F_COVER, DOC_13F_TABLE, DOC_FORM4,
	DOC_SCHED13, DOC_XBRL, DOC_LABELS
};

/* Document TYPEs circfin reads. */
static const struct {
	const char *type;
	enum doc_kind kind;
} doc_types[] = {
	{"D", DOC_FORMD}, {"D/A", DOC_FORMD},
	{"13F-HR", DOC_13F_COVER}, {"13F-HR/A", DOC_13F_COVER},
	{"13F-NT", DOC_13F_COVER}, {"13F-NT/A", DOC_13F_COVER},
	{"INFORMATION TABLE", DOC_13F_TABLE},
	{"3", DOC_FORM4}, {"3/A", DOC_FORM4}, {"4", DOC_FORM4},
	{"4/A", DOC_FORM4}, {"5", DOC_FORM4}, {"5/A", DOC_FORM4},
	{"SC 13D", DOC_SCHED13}, {"SC 13D/A", DOC_SCHED13},
	{"SC 13G", DOC_SCHED13}, {"SC 13G/A", DOC_SCHED13},
	{"SCHEDULE 13D", DOC_SCHED13}, {"SCHEDULE 13D/A", DOC_SCHED13},
	{"SCHEDULE 13G", DOC_SCHED13}, {"SCHEDULE 13G/A", DOC_SCHED13},
	{"EX-101.INS", DOC_XBRL}, {"EX-101.LAB", DOC_LABELS},
};

/* Header fields, as .nc tags and as .txt keys. */
enum field { F_ACCESSION, F_FORM, F_FILED, F_PERIOD, F_CIK };
static const struct {
	const char *tag, *key;
	enum field field;
} fields[] = {
	{"ACCESSION-NUMBER", "ACCESSION NUMBER", F_ACCESSION},
	{"TYPE", "CONFORMED SUBMISSION TYPE", F_FORM},
	{"FILING-DATE", "FILED AS OF DATE", F_FILED},
	{"PERIOD", "CONFORMED PERIOD OF REPORT", F_PERIOD},
	{"CIK", "CENTRAL INDEX KEY", F_CIK},
};

/* The parties of a .nc header (a .txt header marks them by indentation). */
static const char *const party_tags[] = {
	"FILER", "FILED-BY", "SUBJECT-COMPANY", "REPORTING-OWNER", "ISSUER",
	"SERIAL-COMPANY", "DEPOSITOR", "SECURITIZER", "ISSUING-ENTITY",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The file as pieces of lines, one buffer at a time. */
struct lines {
	FILE *fp;
	off_t base;		/* file offset of buf[0] */
	size_t pos, end;	/* unread bytes: buf[pos..end) */
	int eof;
	int ended;		/* the last piece ended its line */
	long line;		/* of the current piece */
	const char *p;		/* the current piece */
	size_t n;
	int start;		/* it starts a line */
	char buf[LINE_BUF];
};

enum state {
	ST_START,		/* before the first tag */
	ST_HEADER,		/* in the header */
	ST_BETWEEN,		/* between documents */
	ST_META,		/* a document's <TYPE>, <FILENAME>... */
	ST_TEXT,		/* just after its <TEXT> */
	ST_BODY,		/* in its text */
	ST_END			/* after the closing wrapper tag */
};

struct sgml {
	cf_dataset *ds;
	enum state state;
	int pem;		/* in a privacy-enhanced message */
	const char *close;	/* the closing wrapper tag, "" if none */
	long hdr_line;		/* where the header began, 0 if not yet */
	const char *hdr_close;	/* "</SEC-HEADER>" while it is open */
	char acc_name[21];	/* the accession <SEC-DOCUMENT> names */
	char party[32];		/* the header section: FILER, ISSUER */
	long form_line;		/* where the submission type was */
	/* the current document */
	int ndocs;
	long doc_line;
	char type[64], filename[128];
	/* what was read */
	int nread;		/* documents given to a reader */
	int is13f;
	/* the XBRL instance, read last */
	int ins_doc;		/* its number, 0 if none */
	off_t ins_off;		/* offset of its <XML> line */
	long ins_line;
	char ins_type[64];
	char tmpdir[PATH_MAX];	/* holding the copy, "" if none */
	char labels[PATH_MAX];	/* the labels' copy in it, "" if none */
	struct lines in;
};

/* One document's XML section, as cf_xs reads it. */
struct section {
	struct sgml *sg;
	int doc;
	const char *type;
	const char *close;	/* "</XML>" or "</XBRL>" */
	long line;		/* of the opening tag */
	long first;		/* of the first text, for cf_xs */
	const char *p;		/* bytes not yet handed out */
	size_t n;
	int done;		/* the closing tag was met */
	int rc;			/* the first error */
};

static int
sg_error(const struct sgml *sg, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
sg_error(const struct sgml *sg, long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cf_input_error(sg->ds->path, line, "%s", msg);
}

/* ---- lines -------------------------------------------------------------- */

static void
lines_reset(struct lines *in, off_t offset, long line)
{
	in->base = offset;
	in->pos = in->end = 0;
	in->eof = 0;
	in->ended = 1;
	in->line = line;
}

/*
 * The next piece: a whole line with its newline, or LINE_BUF bytes of a
 * longer one, or the last bytes of a file that does not end in a newline.
 * 1 with in->p, in->n, in->start and in->line set, 0 at the end of the
 * file, CF_EIO.
 */
static int
lines_next(struct lines *in, const char *path)
{
	const char *nl;
	size_t got;

	for (;;) {
		nl = memchr(in->buf + in->pos, '\n', in->end - in->pos);
		if (nl != NULL || in->eof || in->end - in->pos == LINE_BUF)
			break;
		if (in->pos > 0) {
			memmove(in->buf, in->buf + in->pos, in->end - in->pos);
			in->base += (off_t)in->pos;
			in->end -= in->pos;
			in->pos = 0;
		}
		got = fread(in->buf + in->end, 1, LINE_BUF - in->end, in->fp);
		if (got == 0) {
			if (ferror(in->fp))
				return cf_error_set(CF_EIO, "%s: read error:"
				    " %s", path, strerror(errno));
			in->eof = 1;
		}
		in->end += got;
	}
	if (in->pos == in->end)
		return 0;
	in->p = in->buf + in->pos;
	in->n = nl != NULL ? (size_t)(nl + 1 - in->p) : in->end - in->pos;
	in->start = in->ended;
	in->line += in->start;
	in->ended = nl != NULL;
	in->pos += in->n;
	return 1;
}

/* The start of the current piece as a string without its line end. */
static void
piece_copy(char out[TAG_MAX], const struct lines *in)
{
	size_t n = in->n < TAG_MAX - 1 ? in->n : TAG_MAX - 1;

	memcpy(out, in->p, n);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' ||
	    out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out[n] = '\0';
}

static const char *
skip_blanks(const char *s)
{
	return s + strspn(s, " \t");
}

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A tag's value: what follows it on the line, trimmed, into out. */
static void
tag_value(char *out, size_t size, const char *s, const char *tag)
{
	snprintf(out, size, "%s", skip_blanks(s + strlen(tag)));
}

/* Is s one of the tags that open a submission or its header? */
static const char *
wrapper_open(const char *s)
{
	size_t i;

	for (i = 0; i < NELEM(wrappers); i++)
		if (has_prefix(s, wrappers[i].open))
			return wrappers[i].open;
	return NULL;
}

static int
wrapper_close(const char *s)
{
	size_t i;

	for (i = 0; i < NELEM(wrappers); i++)
		if (wrappers[i].close[0] != '\0' &&
		    has_prefix(s, wrappers[i].close))
			return 1;
	return 0;
}

/* ---- an XML section ----------------------------------------------------- */

static const char *
type_or(const char *type)
{
	return type[0] != '\0' ? type : "no TYPE";
}

static int
double_wrap(const struct section *sec, const char *tag)
{
	return sg_error(sec->sg, sec->sg->in.line, "doubly wrapped SGML: the"
	    " XML of document %d (%s), from line %ld, holds another %s;"
	    " unwrap the inner submission", sec->doc, type_or(sec->type),
	    sec->line, tag);
}

static int
section_truncated(const struct section *sec)
{
	return sg_error(sec->sg, sec->sg->in.line, "truncated SGML: document"
	    " %d (%s) has no %s (the section opened on line %ld)", sec->doc,
	    type_or(sec->type), sec->close, sec->line);
}

/* A line that starts in a section: 1 to pass it on, 0 for the closing
 * tag, CF_EINPUT where the section cannot go on. */
static int
section_line(struct section *sec)
{
	struct sgml *sg = sec->sg;
	char ln[TAG_MAX];
	const char *s, *w;

	piece_copy(ln, &sg->in);
	s = skip_blanks(ln);
	if (*s != '<')
		return 1;
	if (has_prefix(s, sec->close))
		return 0;
	if ((w = wrapper_open(s)) != NULL)
		return double_wrap(sec, w);
	if (has_prefix(s, "</TEXT>") || has_prefix(s, "</DOCUMENT>") ||
	    has_prefix(s, "<DOCUMENT>") || wrapper_close(s))
		return sg_error(sg, sg->in.line, "document %d (%s) has no %s:"
		    " the section opened on line %ld runs into %.20s",
		    sec->doc, type_or(sec->type), sec->close, sec->line, s);
	return 1;
}

/* The read callback of cf_xs: the section's bytes, up to its closing
 * tag. */
static int
section_read(void *ctx, char *buf, int len)
{
	struct section *sec = ctx;
	struct sgml *sg = sec->sg;
	size_t k;
	int r;

	while (sec->n == 0) {
		if (sec->rc != CF_OK || sec->done)
			return sec->rc;
		if ((r = lines_next(&sg->in, sg->ds->path)) == 0)
			r = section_truncated(sec);
		if (r > 0 && sg->in.start)
			r = section_line(sec);
		if (r < 0) {
			sec->rc = r;
		} else if (r == 0) {
			sec->done = 1;
		} else {
			sec->p = sg->in.p;
			sec->n = sg->in.n;
		}
	}
	k = sec->n < (size_t)len ? sec->n : (size_t)len;
	memcpy(buf, sec->p, k);
	sec->p += k;
	sec->n -= k;
	return (int)k;
}

/* Read what is left of the section, into copy if not NULL. */
static int
section_drain(struct section *sec, FILE *copy, const char *copy_path)
{
	char buf[4096];
	int n;

	while ((n = section_read(sec, buf, sizeof(buf))) > 0)
		if (copy != NULL && fwrite(buf, 1, (size_t)n, copy) !=
		    (size_t)n)
			return cf_error_set(CF_EIO, "%s: %s", copy_path,
			    strerror(errno));
	return n;
}

/*
 * Start the section whose opening tag (<XML> or <XBRL>, at s in ln, the
 * copy of the current piece) was just read: what follows the tag is its
 * text.  Blank lines are skipped here, so that a section holding a whole
 * submission is refused before a reader sees it.
 */
static int
section_start(struct section *sec, struct sgml *sg, int doc,
    const char *type, const char *ln, const char *s)
{
	struct lines *in = &sg->in;
	int xml = has_prefix(s, "<XML>");
	const char *rest = s + strlen(xml ? "<XML>" : "<XBRL>"), *w;
	char buf[TAG_MAX];
	int r;

	memset(sec, 0, sizeof(*sec));
	sec->sg = sg;
	sec->doc = doc;
	sec->type = type;
	sec->close = xml ? "</XML>" : "</XBRL>";
	sec->line = sec->first = in->line;
	sec->p = in->p + (rest - ln);
	sec->n = in->n - (size_t)(rest - ln);
	rest = skip_blanks(rest);
	if ((w = wrapper_open(rest)) != NULL)
		return double_wrap(sec, w);
	if (*rest != '\0' || !in->ended)
		return CF_OK;
	for (;;) {
		if ((r = lines_next(in, sg->ds->path)) == 0)
			r = section_truncated(sec);
		if (r > 0)
			r = section_line(sec);
		if (r < 0)
			return r;
		if (r == 0) {
			sec->done = 1;
			sec->n = 0;
			return CF_OK;
		}
		sec->p = in->p;
		sec->n = in->n;
		sec->first = in->line;
		piece_copy(buf, in);
		if (*skip_blanks(buf) != '\0' || !in->ended)
			return CF_OK;
	}
}

/* ---- documents ---------------------------------------------------------- */

static enum doc_kind
doc_kind(const char *type, const char *filename)
{
	size_t i, n = strlen(filename);

	for (i = 0; i < NELEM(doc_types); i++)
		if (strcasecmp(type, doc_types[i].type) == 0)
			return doc_types[i].kind;
	/* Inline XBRL filings carry the instance EDGAR extracted from the
	 * primary document as TYPE XML, named *_htm.xml. */
	if (strcasecmp(type, "XML") == 0 && n > 8 &&
	    strcasecmp(filename + n - 8, "_htm.xml") == 0)
		return DOC_XBRL;
	return DOC_SKIP;
}

/* Drop the labels' temporary path from the filing's companions: it is
 * part of this file, and gone once the file is read. */
static void
forget_labels(struct sgml *sg)
{
	struct cf_filing *f = &sg->ds->filing;
	size_t i, k = 0;

	for (i = 0; i < f->ncompanions; i++)
		if (strcmp(f->companions[i], sg->labels) != 0)
			f->companions[k++] = f->companions[i];
	if (f->companions != NULL && k < f->ncompanions)
		f->companions[k] = NULL;
	f->ncompanions = k;
}

/* An input error in the labels' copy: name the submission instead (the
 * copy keeps the submission's line numbers). */
static int
labels_error(const struct sgml *sg, int rc)
{
	const char *msg = cf_error_message();
	size_t n = strlen(sg->labels);
	char buf[1024];

	if (rc != CF_EINPUT || strncmp(msg, sg->labels, n) != 0)
		return rc;
	snprintf(buf, sizeof(buf), "%s%s", sg->ds->path, msg + n);
	return cf_error_set(rc, "%s", buf);
}

/* Give the section to the reader of kind, then read it to its end. */
static int
section_dispatch(struct sgml *sg, struct section *sec, enum doc_kind kind)
{
	cf_dataset *ds = sg->ds;
	cf_xs *x = NULL;
	int rc;

	sg->nread++;
	if ((rc = cf_xs_open_io(&x, ds->path, sec->first, section_read,
	    sec)) != CF_OK)
		goto out;
	switch (kind) {
	case DOC_FORMD:
		rc = cf_edgar_read_formd(ds, x);
		break;
	case DOC_13F_COVER:
		sg->is13f = 1;
		rc = cf_edgar_read_13f_cover(ds, x, 0);
		break;
	case DOC_13F_TABLE:
		sg->is13f = 1;
		rc = cf_edgar_read_13f_table(ds, x);
		break;
	case DOC_FORM4:
		rc = cf_edgar_read_form4(ds, x);
		break;
	case DOC_SCHED13:
		rc = cf_edgar_read_sched13(ds, x);
		break;
	case DOC_XBRL:
		if (sg->labels[0] == '\0') {
			rc = cf_edgar_read_xbrl(ds, x, NULL);
			break;
		}
		rc = labels_error(sg, cf_edgar_read_xbrl(ds, x, sg->labels));
		forget_labels(sg);
		break;
	default:
		break;
	}
out:
	cf_xs_free(x);
	if (rc == CF_OK && sec->rc != CF_OK)
		rc = sec->rc;
	if (rc == CF_OK)
		rc = section_drain(sec, NULL, NULL);
	return rc;
}

static int
copy_error(const char *path)
{
	return cf_error_set(CF_EIO, "%s: %s", path, strerror(errno));
}

/*
 * Copy the label linkbase into a new temporary directory, under the
 * document's own file name (which the XBRL reader may name in notes),
 * after blank lines that put each line on its line in the submission
 * (cf_xs skips them and counts them).
 */
static int
copy_labels(struct sgml *sg, struct section *sec)
{
	char blank[1024];
	const char *dir = getenv("TMPDIR"), *base;
	FILE *fp = NULL;
	long left;
	size_t n;
	int rc;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	base = strrchr(sg->filename, '/');
	base = base != NULL ? base + 1 : sg->filename;
	if (base[0] == '\0' || base[0] == '.')
		base = "labels.xml";
	if ((size_t)snprintf(sg->tmpdir, sizeof(sg->tmpdir),
	    "%s/circfin-XXXXXX", dir) >= sizeof(sg->tmpdir) ||
	    mkdtemp(sg->tmpdir) == NULL) {
		rc = copy_error(sg->tmpdir);
		sg->tmpdir[0] = '\0';
		return rc;
	}
	if ((size_t)snprintf(sg->labels, sizeof(sg->labels), "%s/%s",
	    sg->tmpdir, base) >= sizeof(sg->labels) ||
	    (fp = fopen(sg->labels, "wbx")) == NULL) {
		rc = copy_error(sg->labels);
		sg->labels[0] = '\0';
		return rc;
	}
	rc = CF_OK;
	memset(blank, '\n', sizeof(blank));
	for (left = sec->first - 1; left > 0 && rc == CF_OK; left -= n) {
		n = left < (long)sizeof(blank) ? (size_t)left : sizeof(blank);
		if (fwrite(blank, 1, n, fp) != n)
			rc = copy_error(sg->labels);
	}
	if (rc == CF_OK)
		rc = section_drain(sec, fp, sg->labels);
	if (fclose(fp) != 0 && rc == CF_OK)
		rc = copy_error(sg->labels);
	return rc;
}

/* The current document's section starts at s (in ln). */
static int
doc_section(struct sgml *sg, const char *ln, const char *s)
{
	struct section sec;
	enum doc_kind kind = doc_kind(sg->type, sg->filename);
	long line = sg->in.line;
	off_t off = sg->in.base + (sg->in.p - sg->in.buf);
	int rc;

	sg->state = ST_BODY;
	if ((rc = section_start(&sec, sg, sg->ndocs, sg->type, ln, s)) !=
	    CF_OK)
		return rc;
	switch (kind) {
	case DOC_SKIP:
		return section_drain(&sec, NULL, NULL);
	case DOC_LABELS:
		if (sg->labels[0] != '\0')
			return section_drain(&sec, NULL, NULL);
		return copy_labels(sg, &sec);
	case DOC_XBRL:
		if (sg->ins_doc != 0)
			return sg_error(sg, line, "document %d (%s) is a"
			    " second XBRL instance (document %d, line %ld, is"
			    " the first)", sg->ndocs, sg->type, sg->ins_doc,
			    sg->ins_line);
		sg->ins_doc = sg->ndocs;
		sg->ins_off = off;
		sg->ins_line = line;
		snprintf(sg->ins_type, sizeof(sg->ins_type), "%s", sg->type);
		return section_drain(&sec, NULL, NULL);
	default:
		return section_dispatch(sg, &sec, kind);
	}
}

/* Read the XBRL instance met earlier, now that its labels are known. */
static int
read_instance(struct sgml *sg)
{
	struct lines *in = &sg->in;
	struct section sec;
	char ln[TAG_MAX];
	const char *s;
	int r;

	if (fseeko(in->fp, sg->ins_off, SEEK_SET) != 0)
		return cf_error_set(CF_EIO, "%s: %s", sg->ds->path,
		    strerror(errno));
	lines_reset(in, sg->ins_off, sg->ins_line - 1);
	if ((r = lines_next(in, sg->ds->path)) < 0)
		return r;
	piece_copy(ln, in);
	s = skip_blanks(ln);
	if (r == 0 || in->line != sg->ins_line || (!has_prefix(s, "<XML>") &&
	    !has_prefix(s, "<XBRL>")))
		return cf_error_set(CF_EIO, "%s: the file changed while being"
		    " read", sg->ds->path);
	if ((r = section_start(&sec, sg, sg->ins_doc, sg->ins_type, ln, s)) !=
	    CF_OK)
		return r;
	return section_dispatch(sg, &sec, DOC_XBRL);
}

/* ---- the header --------------------------------------------------------- */

static int
is_filer(const char *party)
{
	return strcmp(party, "FILER") == 0 || strcmp(party, "FILED-BY") == 0;
}

static int
set_field(struct sgml *sg, enum field field, const char *val)
{
	struct cf_filing *f = &sg->ds->filing;
	cf_dataset *ds = sg->ds;
	long line = sg->in.line;
	char buf[21];
	const char **dst = NULL;
	const char *what = NULL;

	switch (field) {
	case F_ACCESSION:
		if (cf_edgar_accession(buf, val) != 0)
			return sg_error(sg, line, "accession number '%.40s' is"
			    " not 0000000000-00-000000", val);
		dst = &f->accession;
		val = buf;
		break;
	case F_FORM:
		if (f->form == NULL)
			sg->form_line = line;
		dst = &f->form;
		break;
	case F_FILED:
	case F_PERIOD:
		what = field == F_FILED ? "filing date" : "period of report";
		if (cf_edgar_date(buf, val) != 0)
			return sg_error(sg, line, "%s '%.40s' is not a date"
			    " (YYYYMMDD)", what, val);
		dst = field == F_FILED ? &f->filed : &f->period;
		val = buf;
		break;
	case F_CIK:
		if (!is_filer(sg->party))
			return CF_OK;
		if (cf_edgar_cik(buf, val) != 0)
			return sg_error(sg, line, "the filer's CIK '%.40s' is"
			    " not 1 to 10 digits", val);
		dst = &f->filer_cik;
		val = buf;
		break;
	}
	if (*dst == NULL && (*dst = cf_dataset_strdup(ds, val)) == NULL)
		return CF_ENOMEM;
	return CF_OK;
}

/* Set party to name with spaces as dashes ("FILED BY" is FILED-BY). */
static void
set_party(struct sgml *sg, const char *name, size_t n)
{
	size_t i;

	if (n >= sizeof(sg->party))
		n = sizeof(sg->party) - 1;
	for (i = 0; i < n; i++)
		sg->party[i] = name[i] == ' ' ? '-' : name[i];
	sg->party[n] = '\0';
}

/* A header line: "<TAG>value" (.nc) or "KEY:<tabs>value" (.txt). */
static int
header_line(struct sgml *sg, const char *ln)
{
	const char *s = skip_blanks(ln), *end, *val;
	char name[64];
	size_t i, n;

	if (*s == '<') {
		int closing = s[1] == '/';

		s += 1 + closing;
		if ((end = strchr(s, '>')) == NULL ||
		    (n = (size_t)(end - s)) >= sizeof(name))
			return CF_OK;
		memcpy(name, s, n);
		name[n] = '\0';
		val = skip_blanks(end + 1);
		if (closing) {
			if (strcmp(name, sg->party) == 0)
				sg->party[0] = '\0';
			return CF_OK;
		}
		if (*val == '\0') {
			for (i = 0; i < NELEM(party_tags); i++)
				if (strcmp(name, party_tags[i]) == 0)
					set_party(sg, name, n);
			return CF_OK;
		}
		for (i = 0; i < NELEM(fields); i++)
			if (strcmp(name, fields[i].tag) == 0)
				return set_field(sg, fields[i].field, val);
		return CF_OK;
	}
	if ((end = strchr(s, ':')) == NULL)
		return CF_OK;
	val = skip_blanks(end + 1);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - s);
	/* Unindented: a field of the submission, or a party's heading. */
	if (s == ln) {
		sg->party[0] = '\0';
		if (*val == '\0') {
			set_party(sg, s, n);
			return CF_OK;
		}
	}
	for (i = 0; i < NELEM(fields); i++)
		if (strlen(fields[i].key) == n &&
		    strncmp(s, fields[i].key, n) == 0)
			return set_field(sg, fields[i].field, val);
	return CF_OK;
}

/* ---- the submission ----------------------------------------------------- */

/* The header is read: what it left out that the file's first line said. */
static int
header_done(struct sgml *sg)
{
	if (sg->ds->filing.accession == NULL && sg->acc_name[0] != '\0')
		return set_field(sg, F_ACCESSION, sg->acc_name);
	return CF_OK;
}

static int
begin_doc(struct sgml *sg)
{
	int rc;

	if (sg->ndocs == 0 && (rc = header_done(sg)) != CF_OK)
		return rc;
	sg->ndocs++;
	sg->doc_line = sg->in.line;
	sg->type[0] = sg->filename[0] = '\0';
	sg->state = ST_META;
	return CF_OK;
}

static int
second_header(struct sgml *sg, const char *s)
{
	if (has_prefix(s, "<SEC-HEADER>") || has_prefix(s, "<IMS-HEADER>"))
		return sg_error(sg, sg->in.line, "a second SEC header (the"
		    " header began on line %ld)", sg->hdr_line);
	return sg_error(sg, sg->in.line, "a second submission starts here"
	    " (%.20s): one submission per file", s);
}

static int
step_header(struct sgml *sg, const char *ln, const char *s)
{
	if (has_prefix(s, "<DOCUMENT>")) {
		if (sg->hdr_close != NULL)
			return sg_error(sg, sg->in.line, "the SEC header on"
			    " line %ld has no %s before the first document",
			    sg->hdr_line, sg->hdr_close);
		return begin_doc(sg);
	}
	if (has_prefix(s, "<SEC-HEADER>") || has_prefix(s, "<IMS-HEADER>")) {
		if (sg->hdr_line != 0)
			return second_header(sg, s);
		sg->hdr_line = sg->in.line;
		sg->hdr_close = s[1] == 'S' ? "</SEC-HEADER>" :
		    "</IMS-HEADER>";
		return CF_OK;
	}
	if (sg->hdr_close != NULL && has_prefix(s, sg->hdr_close)) {
		sg->hdr_close = NULL;
		sg->state = ST_BETWEEN;
		return CF_OK;
	}
	if (wrapper_open(s) != NULL)
		return second_header(sg, s);
	if (sg->close[0] != '\0' && has_prefix(s, sg->close)) {
		sg->state = ST_END;
		return CF_OK;
	}
	return header_line(sg, ln);
}

/* The first tag: which wrapper this is. */
static int
step_start(struct sgml *sg, const char *s)
{
	char acc[21], v[64];
	size_t i;

	if (sg->in.line == 1 && has_prefix(s, "\xEF\xBB\xBF"))
		s = skip_blanks(s + 3);
	if (*s == '\0')
		return CF_OK;
	if (!sg->pem && strcmp(s, pem_begin) == 0) {
		sg->pem = 1;
		return CF_OK;
	}
	for (i = 0; i < NELEM(wrappers); i++) {
		if (!has_prefix(s, wrappers[i].open))
			continue;
		sg->close = wrappers[i].close;
		sg->state = ST_HEADER;
		if (has_prefix(s, "<SUBMISSION>"))
			sg->hdr_line = sg->in.line;
		else if (wrappers[i].close[0] == '\0')
			return step_header(sg, s, s);
		/* <SEC-DOCUMENT>0001234567-24-000001.txt : 20240111 names
		 * the accession, should the header not. */
		tag_value(v, sizeof(v), s, wrappers[i].open);
		v[strcspn(v, ". ")] = '\0';
		if (cf_edgar_accession(acc, v) == 0)
			memcpy(sg->acc_name, acc, sizeof(acc));
		return CF_OK;
	}
	/* A privacy-enhanced message's own lines come before the tag. */
	if (sg->pem && *s != '<')
		return CF_OK;
	return sg_error(sg, sg->in.line, "not an EDGAR SGML submission: it"
	    " should start with <SUBMISSION> or <SEC-DOCUMENT>, not '%.40s'",
	    s);
}

/* Lines inside a document, outside its XML section. */
static int
step_doc(struct sgml *sg, const char *ln, const char *s)
{
	const char *w;

	if (has_prefix(s, "</DOCUMENT>")) {
		sg->state = ST_BETWEEN;
		return CF_OK;
	}
	if (has_prefix(s, "<DOCUMENT>") || wrapper_close(s))
		return sg_error(sg, sg->in.line, "document %d (%s), from line"
		    " %ld, has no </DOCUMENT> before %.20s", sg->ndocs,
		    type_or(sg->type), sg->doc_line, s);
	if ((w = wrapper_open(s)) != NULL)
		return sg_error(sg, sg->in.line, "doubly wrapped SGML: document"
		    " %d (%s), from line %ld, holds another %s; unwrap the"
		    " inner submission", sg->ndocs, type_or(sg->type),
		    sg->doc_line, w);
	if (sg->state == ST_META) {
		if (has_prefix(s, "<TYPE>"))
			tag_value(sg->type, sizeof(sg->type), s, "<TYPE>");
		else if (has_prefix(s, "<FILENAME>"))
			tag_value(sg->filename, sizeof(sg->filename), s,
			    "<FILENAME>");
		else if (has_prefix(s, "<TEXT>"))
			sg->state = ST_TEXT;
		else if (has_prefix(s, "<XML>") || has_prefix(s, "<XBRL>"))
			return doc_section(sg, ln, s);
		return CF_OK;
	}
	if (sg->state == ST_TEXT && *s != '\0') {
		/* Only the first line of a text says what it is: an HTML
		 * body may hold <xml> islands of its own. */
		sg->state = ST_BODY;
		if (has_prefix(s, "<XML>") || has_prefix(s, "<XBRL>"))
			return doc_section(sg, ln, s);
	}
	return CF_OK;
}

static int
step(struct sgml *sg, const char *ln)
{
	const char *s = skip_blanks(ln);

	switch (sg->state) {
	case ST_START:
		return step_start(sg, s);
	case ST_HEADER:
		return step_header(sg, ln, s);
	case ST_BETWEEN:
		if (has_prefix(s, "<DOCUMENT>"))
			return begin_doc(sg);
		if (sg->close[0] != '\0' && has_prefix(s, sg->close)) {
			sg->state = ST_END;
			return CF_OK;
		}
		if (wrapper_open(s) != NULL)
			return second_header(sg, s);
		return CF_OK;
	case ST_META:
	case ST_TEXT:
	case ST_BODY:
		return step_doc(sg, ln, s);
	case ST_END:
		if (*s == '\0' || (sg->pem && strcmp(s, pem_end) == 0))
			return CF_OK;
		if (wrapper_open(s) != NULL)
			return second_header(sg, s);
		return sg_error(sg, sg->in.line, "text after %s: '%.40s'",
		    sg->close, s);
	}
	return CF_OK;
}

/* The end of the file: is the submission whole, and was anything read? */
static int
finish(struct sgml *sg)
{
	cf_dataset *ds = sg->ds;
	int rc;

	switch (sg->state) {
	case ST_START:
		return sg_error(sg, sg->in.line, "not an EDGAR SGML submission:"
		    " no <SUBMISSION> or <SEC-DOCUMENT>");
	case ST_META:
	case ST_TEXT:
	case ST_BODY:
		return sg_error(sg, sg->in.line, "truncated SGML: document %d"
		    " (%s), from line %ld, has no </DOCUMENT>", sg->ndocs,
		    type_or(sg->type), sg->doc_line);
	default:
		break;
	}
	if (sg->hdr_close != NULL)
		return sg_error(sg, sg->in.line, "truncated SGML: the SEC"
		    " header on line %ld has no %s", sg->hdr_line,
		    sg->hdr_close);
	if ((rc = header_done(sg)) != CF_OK)
		return rc;
	if (sg->close[0] != '\0' && sg->state != ST_END)
		return sg_error(sg, sg->in.line, "truncated SGML: no %s at the"
		    " end", sg->close);
	if (sg->ins_doc != 0 && (rc = read_instance(sg)) != CF_OK)
		return rc;
	if (sg->nread == 0)
		return sg_error(sg, sg->form_line, "SGML submission of type %s"
		    " has no XML document circfin reads (%d document%s)",
		    ds->filing.form ? ds->filing.form : "(unknown)", sg->ndocs,
		    sg->ndocs == 1 ? "" : "s");
	if (sg->is13f)
		return cf_edgar_finish_13f(ds);
	return CF_OK;
}

static int
read_file(cf_dataset *ds)
{
	struct sgml *sg;
	char ln[TAG_MAX];
	int rc;

	ds->is_filing = 1;
	if ((sg = calloc(1, sizeof(*sg))) == NULL)
		return cf_error_set(CF_ENOMEM, "SGML reader");
	sg->ds = ds;
	sg->close = "";
	lines_reset(&sg->in, 0, 0);
	if ((sg->in.fp = fopen(ds->path, "rb")) == NULL) {
		rc = cf_error_set(CF_EIO, "%s: %s", ds->path, strerror(errno));
		goto out;
	}
	for (;;) {
		if ((rc = lines_next(&sg->in, ds->path)) < 0)
			goto out;
		if (rc == 0)
			break;
		if (!sg->in.start)
			continue;
		piece_copy(ln, &sg->in);
		if ((rc = step(sg, ln)) != CF_OK)
			goto out;
	}
	rc = finish(sg);
out:
	if (sg->labels[0] != '\0')
		unlink(sg->labels);
	if (sg->tmpdir[0] != '\0')
		rmdir(sg->tmpdir);
	if (sg->in.fp != NULL)
		fclose(sg->in.fp);
	free(sg);
	return rc;
}

/* ---- detection ---------------------------------------------------------- */

static int
head_has(const char *head, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(head + i, s, n) == 0)
			return 1;
	return 0;
}

static int
detect(const char *head, size_t len)
{
	size_t i, n;

	/* Old archive files come inside a privacy-enhanced message. */
	if (len >= sizeof(pem_begin) - 1 && memcmp(head, pem_begin,
	    sizeof(pem_begin) - 1) == 0)
		return head_has(head, len, "\n<SEC-DOCUMENT>") ||
		    head_has(head, len, "\n<IMS-DOCUMENT>") ? 100 : 0;
	for (i = 0; i < NELEM(wrappers); i++) {
		n = strlen(wrappers[i].open);
		if (len >= n && memcmp(head, wrappers[i].open, n) == 0)
			return 100;
	}
	return 0;
}

const struct cf_reader cf_reader_sgml = {
	"edgar-sgml", "edgar", 4, detect, NULL, read_file
};
