/*
 * sha256.c - SHA-256 of a buffer, as lower-case hex.
 *
 * The import log keys files by content hash; nettle supplies the digest
 * (a well-kept, constant-reviewed implementation beats one of our own).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "circfin.h"
#include "model.h"
#include "readfile.h"

static void
to_hex(char *out, const uint8_t *digest)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}

void
cf_sha256_hex(char out[CF_SHA256_HEX], const void *data, size_t len)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	to_hex(out, digest);
}

int
cf_file_sha256(const char *path, char out[65], size_t *len)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE], buf[65536];
	size_t got;
	FILE *fp;
	int rc = CF_OK;

	*len = 0;
	if ((rc = cf_open_input(path, &fp)) != CF_OK)
		return rc;
	sha256_init(&ctx);
	while ((got = fread(buf, 1, sizeof(buf), fp)) > 0) {
		*len += got;
		if ((rc = cf_limit_check(CF_LIMIT_FILE_SIZE, *len, path, 0)) !=
		    CF_OK)
			goto out;
		sha256_update(&ctx, got, buf);
	}
	if (ferror(fp)) {
		rc = cf_error_set(CF_EIO, "%s: read error", path);
		goto out;
	}
	sha256_digest(&ctx, sizeof(digest), digest);
	to_hex(out, digest);
out:
	fclose(fp);
	return rc;
}
