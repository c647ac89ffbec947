/*
 * readfile.c - reading a whole file into memory, with a size limit: what
 * the batch import, the scenarios file and the clearing CSVs share.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "model.h"
#include "readfile.h"

int
cf_open_input(const char *path, FILE **out)
{
	uint64_t max = cf_limit_get(CF_LIMIT_FILE_SIZE);
	struct stat sb;
	FILE *fp;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL)
		return cf_error_set(CF_EIO, "%s: cannot open: %s", path,
		    strerror(errno));
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uint64_t)sb.st_size > max) {
		fclose(fp);
		return cf_input_error(path, 0, "file of %lld bytes is over"
		    " the limit file-size=%llu", (long long)sb.st_size,
		    (unsigned long long)max);
	}
	*out = fp;
	return CF_OK;
}

int
cf_read_file(const char *path, char **out, size_t *len)
{
	/* the limit's bound keeps max + 1 in a size_t */
	size_t max = (size_t)cf_limit_get(CF_LIMIT_FILE_SIZE);
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	int rc;

	if ((rc = cf_open_input(path, &fp)) != CF_OK)
		return rc;
	/* A pipe has no size to check first, and a file may grow: read at
	 * most max + 1 bytes, the byte past max failing it. */
	for (;;) {
		if (n == cap) {
			char *nb;
			if (cap >= max + 1) {
				rc = cf_limit_check(CF_LIMIT_FILE_SIZE, cap,
				    path, 0);
				goto out;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = max + 1;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				rc = cf_error_set(CF_ENOMEM, "%s: reading",
				    path);
				goto out;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		rc = cf_error_set(CF_EIO, "%s: read error: %s", path,
		    strerror(errno));
		goto out;
	}
	if (buf == NULL && (buf = malloc(1)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "%s: reading", path);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	fclose(fp);
	return rc;
}
