/*
 * edgartest.h - what the EDGAR reader tests share: reading a file with a
 * reader as the batch would (the SHA-256 set first) and checking the
 * dataset, and finding records in it.  Include after testutil.h; every
 * helper fails the running test on error.
 */
#ifndef CF_EDGARTEST_H
#define CF_EDGARTEST_H

#include "import.h"
#include "model.h"

/* path read by reader with sha256 (64 hex digits) as the file's hash,
 * then checked; the caller frees the dataset. */
static inline cf_dataset *
et_read(const char *path, const struct cf_reader *reader, const char *sha256)
{
	cf_dataset *ds = NULL;

	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	memcpy(ds->filing.sha256, sha256, 64);
	ds->filing.sha256[64] = '\0';
	if (reader->read_file(ds) != CF_OK)
		fail_msg("read %s: %s", path, cf_error_message());
	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check %s: %s", path, cf_error_message());
	return ds;
}

/* The entity whose (local) id is id. */
static inline const struct cf_entity *
et_entity(const cf_dataset *ds, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < ds->nentities; i++)
		if (strcmp(ds->entities[i].id, id) == 0)
			return &ds->entities[i];
	fail_msg("no entity %s", id ? id : "(null)");
	return NULL;
}

/* The entity's identifier in scheme, or NULL. */
static inline const char *
et_ident(const struct cf_entity *e, const char *scheme)
{
	size_t i;

	for (i = 0; i < e->nidents; i++)
		if (strcmp(e->idents[i].scheme, scheme) == 0)
			return e->idents[i].value;
	return NULL;
}

#endif /* CF_EDGARTEST_H */
