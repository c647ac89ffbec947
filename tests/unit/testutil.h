/*
 * testutil.h - small helpers shared by the cmocka programs: paths under the
 * source tree, temporary directories and stores, writing fixture files,
 * importing text as a file, and one-value SQL queries.  Include after
 * cmocka.h; every helper fails the running test on error.
 */
#ifndef CF_TESTUTIL_H
#define CF_TESTUTIL_H

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "circfin.h"
#include "store.h"

/* $envvar/rel into buf ($TOP_SRCDIR defaults to "..", $TESTDATA to
 * "../tests/data": a build directory one level below the source). */
static inline const char *
tu_path(char *buf, size_t size, const char *envvar, const char *rel)
{
	const char *base = getenv(envvar);

	if (base == NULL || base[0] == '\0')
		base = strcmp(envvar, "TESTDATA") == 0 ? "../tests/data" : "..";
	assert_true((size_t)snprintf(buf, size, "%s/%s", base, rel) < size);
	return buf;
}

/* The whole file into a malloc'd NUL-terminated buffer; *len its size. */
static inline char *
tu_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

static inline void
tu_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		fail_msg("cannot create %s", path);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

/* A new empty directory under /tmp; its path into buf (PATH_MAX). */
static inline const char *
tu_tmpdir(char *buf, size_t size)
{
	assert_true((size_t)snprintf(buf, size, "/tmp/cf-unit-XXXXXX") < size);
	if (mkdtemp(buf) == NULL)
		fail_msg("mkdtemp failed");
	return buf;
}

/* Remove a directory tree made by the tests (files and subdirectories). */
static inline void
tu_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char p[4096];
	struct stat sb;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir,
		    de->d_name) >= sizeof(p))
			continue;
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			tu_rmtree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* A store in a new file from mkstemp under /tmp; path into buf. */
static inline cf_store *
tu_store_tmp(char *buf, size_t size)
{
	cf_store *st = NULL;
	int fd;

	assert_true((size_t)snprintf(buf, size, "/tmp/cf-store-XXXXXX") < size);
	if ((fd = mkstemp(buf)) < 0)
		fail_msg("mkstemp failed");
	close(fd);
	if (cf_store_open(&st, buf, CF_STORE_CREATE) != CF_OK)
		fail_msg("cf_store_open %s: %s", buf, cf_error_message());
	return st;
}

/* Close a store made by tu_store_tmp and remove its files. */
static inline void
tu_store_remove(cf_store *st, const char *path)
{
	char p[4096];

	cf_store_close(st);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

/* Import paths; the batch must run.  Returns it (caller frees). */
static inline cf_batch *
tu_import(cf_store *st, const char *const *paths, size_t n)
{
	cf_batch *b = NULL;

	if (cf_import_paths(&b, st, paths, n, NULL) != CF_OK)
		fail_msg("cf_import_paths: %s", cf_error_message());
	assert_non_null(b);
	return b;
}

/* Write text to dir/name (full path into buf) and import that file. */
static inline cf_batch *
tu_import_text(cf_store *st, const char *dir, const char *name,
    const char *text, char *buf, size_t size)
{
	const char *paths[1];

	assert_true((size_t)snprintf(buf, size, "%s/%s", dir, name) < size);
	tu_write_file(buf, text);
	paths[0] = buf;
	return tu_import(st, paths, 1);
}

/* The status and message of the one file of a batch. */
static inline int
tu_only_status(const cf_batch *b, const char **message)
{
	int status = -1;

	assert_int_equal(cf_batch_files(b), 1);
	cf_batch_file(b, 0, NULL, &status, NULL, NULL, message);
	return status;
}

/* The first column of the first row of sql as an integer. */
static inline long long
tu_query_int(cf_store *st, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long long v;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(st->db));
	if (sqlite3_step(q) != SQLITE_ROW)
		fail_msg("no row: %s", sql);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Like tu_query_int, with the text parameter ?1 bound to arg. */
static inline long long
tu_query_int_arg(cf_store *st, const char *sql, const char *arg)
{
	sqlite3_stmt *q = NULL;
	long long v;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(st->db));
	sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW)
		fail_msg("no row: %s", sql);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The first column of the first row of sql as text into buf ("(null)"
 * for NULL); sql may have one text parameter ?1 bound to arg. */
static inline const char *
tu_query_text(cf_store *st, const char *sql, const char *arg, char *buf,
    size_t size)
{
	sqlite3_stmt *q = NULL;
	const unsigned char *t;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(st->db));
	if (arg != NULL)
		sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_ROW)
		fail_msg("no row: %s", sql);
	t = sqlite3_column_text(q, 0);
	snprintf(buf, size, "%s", t ? (const char *)t : "(null)");
	sqlite3_finalize(q);
	return buf;
}

/* Does haystack contain needle?  Fails the test with both shown if not. */
#define tu_assert_has(haystack, needle) do {				\
	const char *tu_h_ = (haystack), *tu_n_ = (needle);		\
	if (tu_h_ == NULL || strstr(tu_h_, tu_n_) == NULL)		\
		fail_msg("expected \"%s\" in \"%s\"", tu_n_,		\
		    tu_h_ ? tu_h_ : "(null)");				\
} while (0)

/* Deterministic pseudo-random numbers (xorshift64) from *state, so a
 * failing random trial repeats. */
static inline uint64_t
tu_rng(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif /* CF_TESTUTIL_H */
