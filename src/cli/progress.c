/*
 * progress.c - a progress line on stderr while a batch runs, only when
 * stderr is a terminal: files done, bytes, rate and time left.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct cli_progress {
	int active;
	struct timespec start, last;
};

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

struct cli_progress *
cli_progress_new(int quiet)
{
	struct cli_progress *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	p->active = !quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
	p->last.tv_sec -= 1;
	return p;
}

void
cli_progress_update(void *arg, size_t files_done, size_t files_total,
    uint64_t bytes_done, uint64_t bytes_total)
{
	struct cli_progress *p = arg;
	double elapsed, rate, eta;
	char bar[21];
	size_t i, fill;

	if (p == NULL || !p->active)
		return;
	/* At most ten updates a second, and always the last one. */
	if (files_done < files_total && seconds_since(&p->last) < 0.1)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	elapsed = seconds_since(&p->start);
	rate = elapsed > 0 ? (double)bytes_done / elapsed : 0;
	eta = rate > 0 ? (double)(bytes_total - bytes_done) / rate : 0;
	fill = files_total ? files_done * 20 / files_total : 20;
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu files  %.1f MB  %.1f MB/s  ETA %.0fs ",
	    bar, files_done, files_total, (double)bytes_done / 1e6,
	    rate / 1e6, eta);
	if (files_done == files_total)
		fputc('\n', stderr);
	fflush(stderr);
}

void
cli_progress_work(void *arg, const char *what, uint64_t done,
    uint64_t total)
{
	struct cli_progress *p = arg;
	double elapsed, eta;
	char bar[21];
	size_t i, fill;

	if (p == NULL || !p->active)
		return;
	if (done < total && seconds_since(&p->last) < 0.1)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	elapsed = seconds_since(&p->start);
	eta = done > 0 ? elapsed * (double)(total - done) / (double)done : 0;
	fill = total ? (size_t)(done * 20 / total) : 20;
	for (i = 0; i < 20; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r[%s] %s %llu/%llu  ETA %.0fs ", bar, what,
	    (unsigned long long)done, (unsigned long long)total, eta);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

void
cli_progress_free(struct cli_progress *p)
{
	free(p);
}
