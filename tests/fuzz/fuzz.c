/*
 * fuzz.c - the harnesses' shared part: splitting an input into files, a
 * scratch folder to write them in, and the checks on what a parser returns.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "circfin.h"
#include "fuzz.h"
#include "store.h"

static char scratch[PATH_MAX];
static char path_buf[PATH_MAX];
/* The names written, to remove at exit. */
static char *written[FUZZ_MAX_PARTS];

size_t
fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts,
    size_t max)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	size_t n = 0, seplen = strlen(FUZZ_SEP);

	while (n + 1 < max && (sep = memmem(p, (size_t)(end - p), FUZZ_SEP,
	    seplen)) != NULL) {
		parts[n].p = p;
		parts[n++].len = (size_t)(sep - p);
		p = sep + seplen;
	}
	parts[n].p = p;
	parts[n++].len = (size_t)(end - p);
	return n;
}

static void
remove_scratch(void)
{
	size_t i;

	for (i = 0; i < FUZZ_MAX_PARTS && written[i] != NULL; i++) {
		unlink(fuzz_path(written[i]));
		free(written[i]);
		written[i] = NULL;
	}
	if (scratch[0] != '\0')
		rmdir(scratch);
}

/* libxml2 printing on its own: circfin's parsers must take every
 * message, so reaching the thread's default handlers is a failure. */
static void
raw_generic(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	fputs("fuzz: libxml2 printed a message of its own: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

static void
raw_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	fprintf(stderr, "fuzz: libxml2 printed a message of its own: %s",
	    e->message ? e->message : "(none)");
	abort();
}

static void
make_scratch(void)
{
	const char *tmp = getenv("TMPDIR");

	if (scratch[0] != '\0')
		return;
	xmlSetGenericErrorFunc(NULL, raw_generic);
	xmlSetStructuredErrorFunc(NULL, raw_structured);
	/* tmpfs when there is one: a harness writes its files per input */
	if (tmp == NULL || tmp[0] == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(scratch, sizeof(scratch), "%s/circfin-fuzz-XXXXXX", tmp);
	if (mkdtemp(scratch) == NULL) {
		perror(scratch);
		abort();
	}
	atexit(remove_scratch);
}

const char *
fuzz_path(const char *name)
{
	make_scratch();
	if ((size_t)snprintf(path_buf, sizeof(path_buf), "%s/%s", scratch,
	    name) >= sizeof(path_buf))
		abort();
	return path_buf;
}

static void
remember(const char *name)
{
	size_t i;

	for (i = 0; i < FUZZ_MAX_PARTS; i++) {
		if (written[i] != NULL && strcmp(written[i], name) == 0)
			return;
		if (written[i] == NULL) {
			if ((written[i] = strdup(name)) == NULL)
				abort();
			return;
		}
	}
	abort();		/* more names than FUZZ_MAX_PARTS */
}

void
fuzz_write(const struct fuzz_part *parts, size_t nparts,
    const char *const *names, size_t n)
{
	size_t i, off;
	ssize_t got;
	int fd;

	for (i = 0; i < n; i++) {
		const char *path = fuzz_path(names[i]);

		remember(names[i]);
		if (i >= nparts) {
			unlink(path);
			continue;
		}
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
			perror(path);
			abort();
		}
		for (off = 0; off < parts[i].len; off += (size_t)got)
			if ((got = write(fd, parts[i].p + off,
			    parts[i].len - off)) <= 0) {
				perror(path);
				abort();
			}
		close(fd);
	}
}

void
fuzz_check(int rc)
{
	const char *msg = cf_error_message();
	size_t n;

	if (rc == CF_OK)
		return;
	make_scratch();
	n = strlen(scratch);
	if (rc == CF_EINPUT && strncmp(msg, scratch, n) == 0 &&
	    msg[n] == '/' && strchr(msg + n + 1, ':') != NULL)
		return;
	fprintf(stderr, "fuzz: the parser returned %d, not CF_OK or CF_EINPUT"
	    " naming its file: %s\n", rc, msg);
	abort();
}

int
fuzz_read(const struct cf_reader *r, const char *name, const char *buf,
    size_t len)
{
	cf_dataset *ds = NULL;
	char path[PATH_MAX];
	int rc;

	if (r->read_file == NULL && (len == 0 || memchr(buf, '\0', len) ||
	    cf_skip_bom_space(buf, buf + len) == buf + len))
		return CF_EINPUT;
	snprintf(path, sizeof(path), "%s", fuzz_path(name));
	if ((rc = cf_dataset_new(&ds, path)) != CF_OK)
		abort();
	/* as the batch sets it before a streaming reader runs */
	memset(ds->filing.sha256, 'a', sizeof(ds->filing.sha256) - 1);
	rc = r->read_file != NULL ? r->read_file(ds) : r->read(ds, buf, len);
	if (rc == CF_OK && ds->filing.ignored == NULL &&
	    (rc = cf_dataset_check(ds)) == CF_OK)
		rc = cf_resolve_prepare(ds);
	cf_dataset_free(ds);
	fuzz_check(rc);
	return rc;
}

void
fuzz_read_one(const struct cf_reader *r, const char *name,
    const uint8_t *data, size_t size)
{
	struct fuzz_part part = { (const char *)data, size };

	fuzz_write(&part, 1, &name, 1);
	fuzz_read(r, name, NULL, 0);
}

void
fuzz_detect(const char *buf, size_t len)
{
	const char *p = cf_skip_bom_space(buf, buf + len);
	size_t n = (size_t)(buf + len - p);

	if (n > CF_DETECT_HEAD)
		n = CF_DETECT_HEAD;
	if (cf_reader_detect(fuzz_path("head"), p, n, NULL) == NULL)
		fuzz_check(CF_EINPUT);
}
