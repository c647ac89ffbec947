/*
 * batch.c - importing files and directory trees into the store.
 *
 * A batch first walks every path (directories recursively, dot-files
 * skipped), reads the head of each file to pick its reader by content,
 * and orders the files: sources before entities before datasets before
 * flows, then by path, so that a directory of CSV files imports in one
 * go.  Then each file is read whole, hashed (SHA-256), skipped when the
 * same content was imported before, parsed into a dataset, checked, and
 * written under its own savepoint.  A file that fails is logged and the
 * batch goes on.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "circfin.h"
#include "edgar.h"
#include "import.h"
#include "model.h"
#include "readfile.h"
#include "store.h"
#include "strjoin.h"


struct batch_file {
	char *path;			/* as the user named it (or walked) */
	const struct cf_reader *reader;	/* NULL: failed before reading */
	size_t bytes;
	int status;
	long rows;
	char *message;
	int walked;			/* found in a directory, not named */
	size_t root;			/* 1 + its walk's index in roots, or
					   0: not below one (log_path) */
};

/* A directory named to the batch, with its canonical path. */
struct walk_root {
	char *named, *canon;
};

struct cf_batch {
	struct batch_file *files;
	size_t n, cap;
	struct walk_root *roots;
	size_t nroots;
	int64_t id;		/* import_batch row */
};

void
cf_batch_free(cf_batch *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->files[i].path);
		free(b->files[i].message);
	}
	for (i = 0; i < b->nroots; i++) {
		free(b->roots[i].named);
		free(b->roots[i].canon);
	}
	free(b->files);
	free(b->roots);
	free(b);
}

int64_t
cf_batch_id(const cf_batch *b)
{
	return b->id;
}

size_t
cf_batch_files(const cf_batch *b)
{
	return b->n;
}

size_t
cf_batch_count(const cf_batch *b, int status)
{
	size_t i, k = 0;

	for (i = 0; i < b->n; i++)
		k += b->files[i].status == status;
	return k;
}

void
cf_batch_file(const cf_batch *b, size_t i, const char **path, int *status,
    const char **format, long *rows, const char **message)
{
	const struct batch_file *f = &b->files[i];

	if (path)
		*path = f->path;
	if (status)
		*status = f->status;
	if (format)
		*format = f->reader ? f->reader->name : NULL;
	if (rows)
		*rows = f->rows;
	if (message)
		*message = f->message ? f->message : "";
}

static int
add_file(cf_batch *b, const char *path)
{
	struct batch_file *f;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		f = realloc(b->files, cap * sizeof(*f));
		if (f == NULL)
			return cf_error_set(CF_ENOMEM, "file list");
		b->files = f;
		b->cap = cap;
	}
	f = &b->files[b->n];
	memset(f, 0, sizeof(*f));
	if ((f->path = strdup(path)) == NULL)
		return cf_error_set(CF_ENOMEM, "file list");
	b->n++;
	return CF_OK;
}

/* The file failed: keep the current error message with it. */
static int
fail_file(struct batch_file *f)
{
	f->status = CF_FILE_FAILED;
	free(f->message);
	f->message = strdup(cf_error_message());
	return f->message ? CF_OK : cf_error_set(CF_ENOMEM, "message");
}

/* Keep a path that could not be read (errno says why) in the batch as a
 * failure with a message. */
static int
add_unreadable(cf_batch *b, const char *path)
{
	const char *why = strerror(errno);
	int rc;

	if ((rc = add_file(b, path)) != CF_OK)
		return rc;
	cf_error_set(CF_EIO, "%s: %s", path, why);
	return fail_file(&b->files[b->n - 1]);
}

static int walk(cf_batch *b, const char *path, int top, size_t root);

/* Keep a named directory and its canonical path; *root is 1 + its index,
 * or 0 when the path has none. */
static int
add_root(cf_batch *b, const char *path, size_t *root)
{
	char canon[PATH_MAX];
	struct walk_root *v;

	*root = 0;
	if (realpath(path, canon) == NULL)
		return CF_OK;	/* its files find theirs one by one */
	if ((v = realloc(b->roots, (b->nroots + 1) * sizeof(*v))) == NULL)
		return cf_error_set(CF_ENOMEM, "directory walk");
	b->roots = v;
	v = &b->roots[b->nroots];
	v->named = strdup(path);
	v->canon = strdup(canon);
	if (v->named == NULL || v->canon == NULL) {
		free(v->named);
		free(v->canon);
		return cf_error_set(CF_ENOMEM, "directory walk");
	}
	*root = ++b->nroots;
	return CF_OK;
}

/* An entry of a directory being walked. */
struct entry {
	char *path;
	unsigned char type;	/* DT_* from readdir, DT_UNKNOWN when unsure */
};

/*
 * Walk a directory's entries.  readdir's d_type says what most of them
 * are, so regular files and directories need no stat of their own (and
 * detect_all takes a file's size from the stream it opens).  On
 * bench/import's scale-1 tree (11,234 files in 19,519 folders) the
 * walk and detection before the reading thread starts took 0.59-0.67 s
 * instead of 0.90-1.01 s, warm, in three interleaved pairs of runs.
 * Links and entries of unknown type go through walk().  root (see
 * batch_file) is passed down to what is not a link.
 */
static int
walk_dir(cf_batch *b, const char *path, size_t root)
{
	DIR *d;
	struct dirent *de;
	struct entry *names = NULL;
	size_t n = 0, cap = 0, i, len = strlen(path), size;
	int rc = CF_OK;

	if ((d = opendir(path)) == NULL)
		return add_unreadable(b, path);
	/* Collect names first: the batch sorts them later. */
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			struct entry *v = realloc(names, (cap ? cap * 2 : 32) *
			    sizeof(*v));
			if (v == NULL) {
				rc = cf_error_set(CF_ENOMEM, "directory walk");
				goto out;
			}
			names = v;
			cap = cap ? cap * 2 : 32;
		}
		size = len + strlen(de->d_name) + 2;
		if ((names[n].path = malloc(size)) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "directory walk");
			goto out;
		}
		cf_strjoin(names[n].path, size, path, path[len - 1] == '/' ?
		    "" : "/", de->d_name, NULL);
		names[n].type = de->d_type;
		n++;
	}
	for (i = 0; i < n && rc == CF_OK; i++) {
		if (names[i].type == DT_REG) {
			if ((rc = add_file(b, names[i].path)) == CF_OK) {
				b->files[b->n - 1].walked = 1;
				b->files[b->n - 1].root = root;
			}
		} else if (names[i].type == DT_DIR) {
			rc = walk_dir(b, names[i].path, root);
		} else if (names[i].type == DT_LNK ||
		    names[i].type == DT_UNKNOWN) {
			rc = walk(b, names[i].path, 0, root);
		}	/* sockets, fifos, devices: not files to read */
	}
out:
	for (i = 0; i < n; i++)
		free(names[i].path);
	free(names);
	closedir(d);
	return rc;
}

static int
walk(cf_batch *b, const char *path, int top, size_t root)
{
	struct stat sb;
	int rc, link;

	link = !top && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode);
	if (stat(path, &sb) != 0)
		return add_unreadable(b, path);
	if (!S_ISDIR(sb.st_mode)) {
		if (!top && !S_ISREG(sb.st_mode))
			return CF_OK;	/* sockets, fifos found in a walk */
		if ((rc = add_file(b, path)) == CF_OK) {
			b->files[b->n - 1].walked = !top;
			b->files[b->n - 1].root = link ? 0 : root;
		}
		return rc;
	}
	/* Below the named paths, links to directories are not followed: a
	 * link back up the tree would never end. */
	if (link)
		return CF_OK;
	if (top && (rc = add_root(b, path, &root)) != CF_OK)
		return rc;
	return walk_dir(b, path, root);
}

/* Empty and binary files are refused before any reader sees them. */
static int
check_content(const char *path, const char *buf, size_t len)
{
	if (len == 0)
		return cf_input_error(path, 0, "empty file");
	if (memchr(buf, '\0', len < 65536 ? len : 65536) != NULL)
		return cf_input_error(path, 0, "binary file (contains NUL"
		    " bytes): not XML or CSV");
	if (cf_skip_bom_space(buf, buf + len) == buf + len)
		return cf_input_error(path, 0, "file holds only white space");
	return CF_OK;
}

/* The first bytes of a file after any byte order mark and leading white
 * space (which may be longer than the head itself).  *n is 0 for a file
 * of only white space; *size is what was read in all. */
static int
read_head(FILE *fp, char *head, size_t *n, size_t *size)
{
	size_t got, k;

	*size = 0;
	for (;;) {
		got = fread(head, 1, CF_DETECT_HEAD, fp);
		if (*size == 0 && got >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
			memset(head, ' ', 3);
		*size += got;
		for (k = 0; k < got && (head[k] == ' ' || head[k] == '\t' ||
		    head[k] == '\r' || head[k] == '\n'); k++)
			;
		if (k < got) {
			memmove(head, head + k, got - k);
			*n = got - k;
			*n += fread(head + *n, 1, CF_DETECT_HEAD - *n, fp);
			*size += *n - (got - k);
			return ferror(fp) ? -1 : 0;
		}
		if (got < CF_DETECT_HEAD) {
			*n = 0;
			return ferror(fp) ? -1 : 0;
		}
	}
}

/* Files that live beside datasets and are not data, known by their root
 * element: a scenarios file, an XML Schema, an XBRL linkbase.  Found in a
 * directory they are skipped with this reason; named on their own they
 * fail as any unknown file does. */
static const char *
not_data(const char *head, size_t len)
{
	char root[64];

	if (cf_edgar_root(head, len, root, sizeof(root)) != 0)
		return NULL;
	if (strcmp(root, "scenarios") == 0 &&
	    strstr(head, "urn:circfin:scenarios:1") != NULL)
		return "a circfin scenarios file, not a dataset";
	if (strcmp(root, "schema") == 0 &&
	    strstr(head, "http://www.w3.org/2001/XMLSchema\"") != NULL)
		return "an XML Schema, not a dataset";
	if (strcmp(root, "linkbase") == 0 &&
	    strstr(head, "http://www.xbrl.org/2003/linkbase") != NULL)
		return "an XBRL linkbase: read with the instance beside it";
	return NULL;
}

/* Pick each file's reader from its head. */
static void
detect_all(cf_batch *b, const char *family)
{
	char head[CF_DETECT_HEAD + 1];
	size_t i, n, size;
	FILE *fp;

	for (i = 0; i < b->n; i++) {
		struct batch_file *f = &b->files[i];
		struct stat sb;
		int r;

		if (f->status == CF_FILE_FAILED)
			continue;
		if ((fp = fopen(f->path, "rb")) == NULL) {
			cf_error_set(CF_EIO, "%s: %s", f->path,
			    strerror(errno));
			fail_file(f);
			if (stat(f->path, &sb) == 0)	/* for the log */
				f->bytes = (size_t)sb.st_size;
			continue;
		}
		if (fstat(fileno(fp), &sb) == 0)
			f->bytes = (size_t)sb.st_size;
		r = read_head(fp, head, &n, &size);
		fclose(fp);
		head[n] = '\0';
		if (r != 0) {
			cf_error_set(CF_EIO, "%s: read error", f->path);
			fail_file(f);
		} else if (size == 0) {
			cf_input_error(f->path, 0, "empty file");
			fail_file(f);
		} else if (n == 0) {
			cf_input_error(f->path, 0, "file holds only white"
			    " space");
			fail_file(f);
		} else if (memchr(head, '\0', n) != NULL) {
			cf_input_error(f->path, 0, "binary file (contains NUL"
			    " bytes): not XML or CSV");
			fail_file(f);
		} else if (f->walked && not_data(head, n) != NULL) {
			f->status = CF_FILE_IGNORED;
			f->message = strdup(not_data(head, n));
		} else if ((f->reader = cf_reader_detect(f->path, head, n,
		    family)) == NULL) {
			fail_file(f);
		}
	}
}

/*
 * The path recorded in the import log: absolute and without links when
 * the file exists, as given otherwise.  A regular file a walk found below
 * a named directory, through directories only, is that directory's
 * canonical path and the rest of its own: realpath would look at every
 * folder on the way again (31,000 readlink calls for bench/import's
 * quarter corpus).
 */
static void
log_path(char out[PATH_MAX], const cf_batch *b, const struct batch_file *f)
{
	if (f->root != 0) {
		const struct walk_root *r = &b->roots[f->root - 1];
		const char *rest = f->path + strlen(r->named);
		size_t n = strlen(r->canon);

		while (*rest == '/')
			rest++;
		if (cf_strjoin(out, PATH_MAX, r->canon, n > 0 &&
		    r->canon[n - 1] == '/' ? "" : "/", rest, NULL) !=
		    (size_t)-1)
			return;
	}
	if (realpath(f->path, out) == NULL)
		snprintf(out, PATH_MAX, "%s", f->path);
}

static int
order_cmp(const void *a, const void *b)
{
	const struct batch_file *x = a, *y = b;
	int px = x->reader ? x->reader->phase : -1;
	int py = y->reader ? y->reader->phase : -1;

	if (px != py)
		return px - py;
	return strcmp(x->path, y->path);
}

/*
 * Reading and writing overlap: a reader thread hashes and parses the files
 * ahead of the writer (the calling thread), at most AHEAD files ahead, and
 * hands each over in a slot; the writer takes them in the batch's order,
 * so the outcome is the same as reading each file just before writing it.
 * The reader asks the store (through its own connection) whether it has a
 * file's content and then does not parse it; the writer asks again, since
 * a file earlier in the batch may have imported or replaced the same
 * content, and parses a file itself when the reader did not.
 *
 * Memory: the reader starts a file only while what it holds and what the
 * writer holds (the larger of each file and the dataset it parsed into)
 * come to at most AHEAD_BYTES, or when nothing is held at all; so big
 * files are held one at a time, as without the thread.
 *
 * Which thread waits changes with the files: the writer does more for a
 * 13F table or a Form D, the reader for an XBRL instance.  Sixteen files
 * ahead rather than four absorb the swings: on bench/import's quarter
 * corpus the writer waited 0.3-0.5 s instead of 1.0-1.3 s, the import's
 * wall time fell by about a tenth, and peak memory rose from 64 to 71 MB
 * (32 files ahead gained little more, at 81 MB).
 */
#define AHEAD 16
#define AHEAD_BYTES ((size_t)64 << 20)

/* One file as the reader leaves it. */
struct prepared {
	cf_dataset *ds;		/* parsed and checked; NULL: not parsed */
	char canon[PATH_MAX];	/* its path in the import log (log_path) */
	char sha[CF_SHA256_HEX];	/* "" when the file could not be read */
	size_t len;
	int rc;			/* of reading and parsing */
	char *error;		/* and its message */
	size_t held;		/* its size as walked, in pipeline.held */
	int ready;		/* handed over (under the pipeline's lock) */
};

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t ready, taken_cond;
	cf_batch *b;
	cf_store *peek;		/* the reader's connection, or NULL */
	size_t taken;		/* the writer has taken the files before */
	size_t held;		/* bytes of files read and not yet written */
	int stop;
	int threaded;		/* the reader runs; else the writer reads */
	struct prepared slot[AHEAD];	/* file i in slot i % AHEAD */
};

static void
prepared_clear(struct prepared *p)
{
	cf_dataset_free(p->ds);
	free(p->error);
	memset(p, 0, sizeof(*p));
}

/* Does the batch write this file?  Not one that failed or was left out
 * while the files were walked and detected. */
static int
to_read(const struct batch_file *f)
{
	return f->status != CF_FILE_IGNORED && f->status != CF_FILE_FAILED;
}

/* Hash the file and, unless peek says the store has its content, parse
 * and check it. */
static void
prepare(const cf_batch *b, const struct batch_file *f, cf_store *peek,
    struct prepared *p)
{
	cf_dataset *ds = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc, seen = 0, stream = f->reader->read_file != NULL;

	/* realpath, when it is needed, looks at every folder on the way:
	 * here, not on the writer's thread */
	log_path(p->canon, b, f);
	if (stream)
		rc = cf_file_sha256(f->path, p->sha, &len);
	else if ((rc = cf_read_file(f->path, &buf, &len)) ==
	    CF_OK)
		cf_sha256_hex(p->sha, buf, len);
	if (rc != CF_OK) {
		p->sha[0] = '\0';
		goto out;
	}
	p->len = len;
	/* A store error here is the writer's to report: it asks again. */
	if (peek != NULL && cf_store_has_content(peek, &seen, p->sha,
	    NULL) == CF_OK && seen)
		goto out;
	if ((rc = cf_dataset_new(&ds, f->path)) != CF_OK)
		goto out;
	if (stream) {
		memcpy(ds->filing.sha256, p->sha, sizeof(ds->filing.sha256));
		rc = f->reader->read_file(ds);
	} else if ((rc = check_content(f->path, buf, len)) == CF_OK) {
		rc = f->reader->read(ds, buf, len);
	}
	if (rc == CF_OK && ds->filing.ignored == NULL &&
	    (rc = cf_dataset_check(ds)) == CF_OK)
		rc = cf_resolve_prepare(ds);
out:
	if (rc != CF_OK) {
		cf_dataset_free(ds);
		ds = NULL;
		if ((p->error = strdup(cf_error_message())) == NULL)
			rc = CF_ENOMEM;
	}
	p->ds = ds;
	p->rc = rc;
	free(buf);
}

static void *
reader_main(void *arg)
{
	struct pipeline *pl = arg;
	size_t i;

	for (i = 0; i < pl->b->n; i++) {
		struct prepared *p = &pl->slot[i % AHEAD];
		size_t size = pl->b->files[i].bytes;
		int stop;

		if (!to_read(&pl->b->files[i]))
			continue;
		pthread_mutex_lock(&pl->lock);
		while (!pl->stop && (i >= pl->taken + AHEAD || (pl->held > 0 &&
		    pl->held + size > AHEAD_BYTES)))
			pthread_cond_wait(&pl->taken_cond, &pl->lock);
		if (!(stop = pl->stop))
			pl->held += size;
		pthread_mutex_unlock(&pl->lock);
		if (stop)
			break;
		prepare(pl->b, &pl->b->files[i], pl->peek, p);
		/* Held from here on: the larger of the file and what it
		 * parsed into. */
		p->held = cf_dataset_bytes(p->ds);
		if (p->held < size)
			p->held = size;
		pthread_mutex_lock(&pl->lock);
		pl->held += p->held - size;
		p->ready = 1;
		pthread_cond_signal(&pl->ready);
		pthread_mutex_unlock(&pl->lock);
	}
	return NULL;
}

/* The reader's error for p, as the current error; returns its code. */
static int
prepared_error(const struct prepared *p)
{
	return cf_error_set(p->rc, "%s", p->error ? p->error : "");
}

/* The writer is at file i: take its slot (when it has one) into *out;
 * without the reading thread, read it here. */
static void
pipeline_take(struct pipeline *pl, size_t i, struct prepared *out)
{
	struct prepared *p = &pl->slot[i % AHEAD];

	if (!pl->threaded) {
		/* no peek: the writer asks the store itself */
		if (to_read(&pl->b->files[i]))
			prepare(pl->b, &pl->b->files[i], NULL, out);
		return;
	}
	pthread_mutex_lock(&pl->lock);
	if (to_read(&pl->b->files[i])) {
		while (!p->ready)
			pthread_cond_wait(&pl->ready, &pl->lock);
		*out = *p;
		memset(p, 0, sizeof(*p));
	}
	pl->taken = i + 1;
	pthread_cond_signal(&pl->taken_cond);
	pthread_mutex_unlock(&pl->lock);
}

/* The writer is done with a file it took: its bytes are no longer held. */
static void
pipeline_done(struct pipeline *pl, const struct prepared *p)
{
	if (!pl->threaded || p->held == 0)
		return;
	pthread_mutex_lock(&pl->lock);
	pl->held -= p->held;
	pthread_cond_signal(&pl->taken_cond);
	pthread_mutex_unlock(&pl->lock);
}

/* Keep why a file was not imported (a copy of msg) and log it. */
static int
not_imported(cf_store *st, struct batch_file *f, int status,
    const char *canon, const char *sha, const char *msg)
{
	f->status = status;
	free(f->message);
	if ((f->message = strdup(msg)) == NULL)
		return cf_error_set(CF_ENOMEM, "message");
	return cf_store_log_file(st, canon, sha, f->reader ? f->reader->name :
	    NULL, f->bytes, status == CF_FILE_SKIPPED ? "skipped" : "ignored",
	    msg);
}

/* Skip the file if the store has its content; otherwise write what the
 * reader made of it (parsing it here when the reader did not). */
static int
import_one(cf_store *st, const cf_batch *b, struct batch_file *f,
    struct prepared *p)
{
	const char *canon = p->canon;	/* prepare() keeps it */
	char *prev = NULL;
	cf_dataset *ds;
	int rc, seen = 0;

	if (p->sha[0] == '\0') {
		rc = prepared_error(p);
		goto failed;
	}
check:
	f->bytes = p->len;
	if ((rc = cf_store_has_content(st, &seen, p->sha, &prev)) != CF_OK)
		goto out;	/* the store itself failed: stop the batch */
	if (seen) {
		char msg[PATH_MAX + 64];

		snprintf(msg, sizeof(msg), "same content already imported from"
		    " %s", prev);
		rc = not_imported(st, f, CF_FILE_SKIPPED, canon, p->sha, msg);
		goto out;
	}
	if (p->rc == CF_OK && p->ds == NULL) {
		char checked[CF_SHA256_HEX];
		size_t held = p->held;

		memcpy(checked, p->sha, sizeof(checked));
		prepared_clear(p);
		prepare(b, f, NULL, p);
		p->held = held;
		/* The file changed since the reader hashed it: check the
		 * content it has now. */
		if (p->sha[0] != '\0' && strcmp(checked, p->sha) != 0)
			goto check;
		if (p->sha[0] == '\0') {
			rc = prepared_error(p);
			goto failed;
		}
	}
	if (p->rc != CF_OK) {
		rc = prepared_error(p);
		goto failed;
	}
	ds = p->ds;
	if (ds->filing.ignored != NULL) {
		rc = not_imported(st, f, CF_FILE_IGNORED, canon, p->sha,
		    ds->filing.ignored);
		goto out;
	}
	rc = cf_store_write_dataset(st, ds, canon, p->sha, f->reader->name,
	    p->len);
	if (rc == CF_OK && ds->filing.skipped != NULL) {
		f->status = CF_FILE_SKIPPED;
		if ((f->message = strdup(ds->filing.skipped)) == NULL)
			rc = cf_error_set(CF_ENOMEM, "message");
		goto out;
	}
	if (rc == CF_OK) {
		f->status = CF_FILE_IMPORTED;
		f->rows = cf_dataset_rows(ds);
		goto out;
	}
	if (rc == CF_ESTORE)
		goto out;	/* not the file's fault: stop the batch */
failed:
	if (rc == CF_ENOMEM)
		goto out;
	if ((rc = fail_file(f)) != CF_OK)
		goto out;
	rc = cf_store_log_file(st, canon, p->sha, f->reader ? f->reader->name :
	    NULL, p->len, "failed", f->message);
out:
	free(prev);
	return rc;
}

/*
 * Files commit in groups: each file writes under its own savepoint (a
 * failed one leaves nothing), and a group commits after GROUP_FILES files
 * or GROUP_SECONDS, whichever comes first.  The group's transaction opens
 * at its first write, so other writers get the store while a file is
 * read.  A killed process loses at most the last group's files, whole
 * (the batch's import_batch row then stays unfinished), and re-running
 * the batch imports them.
 */
#define GROUP_FILES 1000
#define GROUP_SECONDS 1.0

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int
cf_import_paths(cf_batch **out, cf_store *st, const char *const *paths,
    size_t npaths, const cf_import_opts *opts)
{
	const char *format = opts && opts->format ? opts->format : "auto";
	const char *family = NULL;
	cf_batch *b;
	uint64_t done_bytes = 0, total_bytes = 0;
	struct pipeline pl = {.lock = PTHREAD_MUTEX_INITIALIZER,
	    .ready = PTHREAD_COND_INITIALIZER,
	    .taken_cond = PTHREAD_COND_INITIALIZER};
	pthread_t reader;
	double group_start;
	size_t i, in_group;
	int rc = CF_OK;

	if (strcmp(format, "xml") == 0 || strcmp(format, "csv") == 0 ||
	    strcmp(format, "edgar") == 0)
		family = format;
	else if (strcmp(format, "auto") != 0)
		return cf_error_set(CF_EARG, "unknown format '%s' (auto, xml,"
		    " csv or edgar)", format);
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return cf_error_set(CF_ENOMEM, "batch");
	for (i = 0; i < npaths && rc == CF_OK; i++)
		rc = walk(b, paths[i], 1, 0);
	if (rc != CF_OK)
		goto out;
	detect_all(b, family);
	if (b->n > 1)
		qsort(b->files, b->n, sizeof(*b->files), order_cmp);
	for (i = 0; i < b->n; i++)
		total_bytes += b->files[i].bytes;
	if ((rc = cf_store_batch_begin(st)) != CF_OK ||
	    (rc = cf_store_group_begin(st)) != CF_OK)
		goto out;
	b->id = st->batch_id;
	pl.b = b;
	/* Without its own connection the reader parses every file: slower,
	 * the same outcome. */
	if (cf_store_open_peer(st, &pl.peek) != CF_OK)
		pl.peek = NULL;
	xmlInitParser();
	/* Without a thread the writer reads each file itself, as before. */
	pl.threaded = pthread_create(&reader, NULL, reader_main, &pl) == 0;
	group_start = now_seconds();
	for (i = 0, in_group = 0; i < b->n; i++) {
		struct batch_file *f = &b->files[i];
		struct prepared p = {0};

		pipeline_take(&pl, i, &p);
		if (f->status == CF_FILE_IGNORED) {
			char canon[PATH_MAX];

			log_path(canon, b, f);
			if ((rc = cf_store_log_file(st, canon, "", NULL,
			    f->bytes, "ignored", f->message)) != CF_OK)
				goto out;
		} else if (f->status != CF_FILE_FAILED) {
			rc = import_one(st, b, f, &p);
			pipeline_done(&pl, &p);
			prepared_clear(&p);
			if (rc != CF_OK)
				goto out;
		} else {
			char canon[PATH_MAX];

			log_path(canon, b, f);
			if ((rc = cf_store_log_file(st, canon, "",
			    f->reader ? f->reader->name : NULL, f->bytes,
			    "failed", f->message)) != CF_OK)
				goto out;
		}
		done_bytes += f->bytes;
		if (++in_group >= GROUP_FILES ||
		    now_seconds() - group_start >= GROUP_SECONDS) {
			if ((rc = cf_store_group_commit(st)) != CF_OK)
				goto out;
			group_start = now_seconds();
			in_group = 0;
		}
		if (opts && opts->progress)
			opts->progress(opts->progress_arg, i + 1, b->n,
			    done_bytes, total_bytes);
	}
	if ((rc = cf_store_group_end(st, 1)) != CF_OK)
		goto out;
	rc = cf_store_batch_end(st, (long)b->n,
	    (long)cf_batch_count(b, CF_FILE_IMPORTED),
	    (long)cf_batch_count(b, CF_FILE_SKIPPED),
	    (long)cf_batch_count(b, CF_FILE_FAILED),
	    (long)cf_batch_count(b, CF_FILE_IGNORED), (int64_t)done_bytes);
out:
	if (pl.threaded) {
		pthread_mutex_lock(&pl.lock);
		pl.stop = 1;
		pthread_cond_signal(&pl.taken_cond);
		pthread_mutex_unlock(&pl.lock);
		pthread_join(reader, NULL);
	}
	for (i = 0; i < AHEAD; i++)
		prepared_clear(&pl.slot[i]);
	cf_store_close(pl.peek);
	pthread_cond_destroy(&pl.ready);
	pthread_cond_destroy(&pl.taken_cond);
	pthread_mutex_destroy(&pl.lock);
	if (rc != CF_OK) {
		/* What the group holds is whole files: keep them, and say
		 * so when that fails too. */
		char first[1024], then[1024];

		snprintf(first, sizeof(first), "%s", cf_error_message());
		if (cf_store_group_end(st, 1) != CF_OK) {
			snprintf(then, sizeof(then), "%s", cf_error_message());
			cf_error_set(rc, "%s; and the files written since the"
			    " last commit were not kept: %s", first, then);
		}
		cf_batch_free(b);
		return rc;
	}
	*out = b;
	return CF_OK;
}
