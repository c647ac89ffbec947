/*
 * sha256.c - SHA-256 of a buffer, as lower-case hex.
 *
 * The import log keys files by content hash; nettle supplies the digest
 * (a well-kept, constant-reviewed implementation beats one of our own).
 */
#include "config.h"

#include <nettle/sha2.h>

#include "circfin.h"

void
cf_sha256_hex(char out[CF_SHA256_HEX], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(digest), digest);
	for (i = 0; i < sizeof(digest); i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * sizeof(digest)] = '\0';
}
