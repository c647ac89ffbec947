/*
 * replay.c - the main() a harness is linked with when it is not fuzzing:
 * it runs LLVMFuzzerTestOneInput once on each kept input, in
 * $TOP_SRCDIR/tests/fuzz/corpus/NAME and tests/fuzz/crashes/NAME (each
 * input that crashed a harness once) or in the files and folders named on
 * its command line, and reports each as a TAP test.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the harness on the file path; the test's number is ++*n. */
static void
replay_file(const char *path, int *n)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)size + 1)) == NULL ||
	    fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		printf("not ok %d - %s: cannot read\n", ++*n, path);
	} else {
		/* an exact-size copy, so that ASan sees a read past the end */
		uint8_t *copy = malloc(size > 0 ? (size_t)size : 1);

		if (copy == NULL)
			abort();
		memcpy(copy, buf, (size_t)size);
		LLVMFuzzerTestOneInput(copy, (size_t)size);
		free(copy);
		printf("ok %d - %s\n", ++*n, path);
	}
	fflush(stdout);
	free(buf);
	if (fp != NULL)
		fclose(fp);
}

static void
replay(const char *path, int *n)
{
	struct dirent *de;
	struct stat st;
	char **names = NULL, child[PATH_MAX];
	size_t k = 0, cap = 0, i;
	DIR *d;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		replay_file(path, n);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		printf("not ok %d - %s: cannot open\n", ++*n, path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (k == cap && (names = realloc(names, (cap = cap ? 2 * cap :
		    64) * sizeof(*names))) == NULL)
			abort();
		if ((names[k++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	qsort(names, k, sizeof(*names), by_name);
	for (i = 0; i < k; i++) {
		snprintf(child, sizeof(child), "%s/%s", path, names[i]);
		replay(child, n);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	const char *top = getenv("TOP_SRCDIR");
	char dir[PATH_MAX];
	int i, n = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay(argv[i], &n);
	} else {
		static const char *const kept[] = { "corpus", "crashes" };
		struct stat st;

		for (i = 0; i < 2; i++) {
			snprintf(dir, sizeof(dir), "%s/tests/fuzz/%s/%s",
			    top != NULL && top[0] != '\0' ? top : "..", kept[i],
			    fuzz_name);
			if (i == 0 || stat(dir, &st) == 0)
				replay(dir, &n);
		}
	}
	if (n == 0)
		printf("1..0 # SKIP no inputs\n");
	else
		printf("1..%d\n", n);
	return 0;
}
