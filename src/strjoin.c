/*
 * strjoin.c - building short strings from pieces without printf
 * (strjoin.h says why).
 */
#include <stdarg.h>
#include <string.h>

#include "strjoin.h"

void
cf_strappend(char *dst, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s), room;

	if (size == 0)
		*len = (size_t)-1;
	if (*len == (size_t)-1)
		return;
	room = size - 1 - *len;
	if (n > room) {
		memcpy(dst + *len, s, room);
		dst[size - 1] = '\0';
		*len = (size_t)-1;
		return;
	}
	memcpy(dst + *len, s, n + 1);
	*len += n;
}

size_t
cf_strjoin(char *dst, size_t size, ...)
{
	va_list ap;
	const char *s;
	size_t len = 0;

	if (size == 0)
		return (size_t)-1;
	dst[0] = '\0';
	va_start(ap, size);
	while ((s = va_arg(ap, const char *)) != NULL)
		cf_strappend(dst, size, &len, s);
	va_end(ap);
	return len;
}

char *
cf_strint(char *buf, int64_t v)
{
	char tmp[21];
	/* the magnitude as unsigned: -INT64_MIN does not fit in int64_t */
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0, i = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}
