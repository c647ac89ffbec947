/*
 * readfile.h - reading a whole file into memory, or hashing it in blocks
 * (internal).
 */
#ifndef CF_READFILE_H
#define CF_READFILE_H

#include <stddef.h>
#include <stdio.h>

/*
 * The whole input file at path into a new NUL-terminated buffer (*out,
 * *len; the caller frees it).  CF_EIO "path: cannot open: ..." or "read
 * error", CF_EINPUT "path: ... over the limit file-size=N" for a file of
 * more than cf_limit_get(CF_LIMIT_FILE_SIZE) bytes, CF_ENOMEM.
 */
int cf_read_file(const char *path, char **out, size_t *len);

/*
 * Open the input file at path for reading (*out), refusing a regular file
 * over the limit file-size before anything is read: CF_EIO "path: cannot
 * open: ...", CF_EINPUT "path: file of N bytes is over the limit
 * file-size=M".  What cf_read_file and cf_file_sha256 start with.
 */
int cf_open_input(const char *path, FILE **out);

/*
 * The SHA-256 (hex) of the file at path, read in blocks: memory does not
 * grow with the file.  *len is its size.  Errors as cf_read_file's.
 * (In sha256.c, beside the digest of a buffer.)
 */
int cf_file_sha256(const char *path, char out[65], size_t *len);

#endif /* CF_READFILE_H */
