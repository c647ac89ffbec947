/*
 * strjoin.h - building short strings from pieces without printf
 * (internal).
 *
 * igraph links LAPACK, which links libgfortran and so libquadmath, and
 * libquadmath registers printf handlers for __float128 as it loads.  From
 * then on glibc formats every printf-family call in the process through
 * its slow positional path: snprintf was 11% of the import writer's
 * instructions and 12% of the reader's on bench/import's quarter corpus.
 * With these for the per-row keys, ids and notes, and SQLite without
 * per-call mutexes, the writer went from 27.3 G to 22.6 G instructions
 * and the reader from 17.7 G to 16.1 G (commit 02131da).
 */
#ifndef CF_STRJOIN_H
#define CF_STRJOIN_H

#include <stddef.h>
#include <stdint.h>

/*
 * The strings after size, up to a NULL, one after another into dst, which
 * is always NUL-terminated when size > 0.  Returns the length written, or
 * (size_t)-1 when they did not fit (dst then holds what did).
 */
size_t cf_strjoin(char *dst, size_t size, ...)
    __attribute__((sentinel));

/*
 * Appends like cf_strjoin at dst + *len, advancing *len; once a piece
 * does not fit, *len is (size_t)-1 and later calls do nothing.
 */
void cf_strappend(char *dst, size_t size, size_t *len, const char *s);

/* v in decimal into buf (at least 21 bytes); returns buf. */
char *cf_strint(char *buf, int64_t v);

#endif /* CF_STRJOIN_H */
