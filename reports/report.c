/*
 * report.c - cf_report_write(): DIR/report.html and DIR/report.md from
 * the analysis runs of a store, and DIR/graph.svg, the drawing of the
 * graph the page shows and links to.
 *
 * It reads the data (report_data.c), draws the money-flow graph by
 * running GraphViz's dot on the DOT of reports/dot.c (through pipes, no
 * shell), renders both files in memory (report_html.c, report_md.c), and
 * only then writes each to a temporary file in DIR, synced, renamed over
 * the old one.  A failure before the renames leaves DIR as it was.  The
 * amount formats both renderings share are here too.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "circfin.h"
#include "graph.h"
#include "model.h"
#include "report.h"
#include "strjoin.h"

extern const char cf_methods_md[];
extern const size_t cf_methods_md_len;

/* dot may run this long (seconds) unless the caller says otherwise; a
 * drawing that takes longer is left out with a note. */
#define DOT_TIMEOUT 120

/* dot's output beyond this is refused (a drawing of a huge graph is of
 * no use in a page anyway). */
#define DOT_MAX_OUTPUT (64u << 20)

/* ---- formats ---------------------------------------------------------- */

void
rp_billions(char *buf, size_t size, const struct rp_data *d, int64_t minor)
{
	uint64_t unit = 10000000, mag, q, whole;
	int usd = strcmp(d->currency, "USD") == 0, i;
	char grouped[32];

	for (i = 0; i < d->exponent; i++)
		unit *= 10;
	mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	q = mag / unit + (mag % unit >= unit / 2);
	whole = q / 100;
	rp_grouped(grouped, sizeof(grouped), (double)whole);
	snprintf(buf, size, "%s%s%s%s.%02lluB", minor < 0 && q ? "-" : "",
	    usd ? "$" : d->currency, usd ? "" : " ", grouped,
	    (unsigned long long)(q % 100));
}

void
rp_exact(char *buf, size_t size, const struct rp_data *d, int64_t minor)
{
	if (cf_money_format(buf, size, minor, d->exponent) < 0)
		snprintf(buf, size, "?");
}

void
rp_percent(char *buf, size_t size, double share)
{
	double p = 100 * share;

	if (p != p)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f%%", p > -0.05 && p < 0.05 ? 0.0 : p);
}

void
rp_quantity(char *buf, size_t size, double q)
{
	if (q == (double)(long long)q && q > -1e15 && q < 1e15)
		snprintf(buf, size, "%lld", (long long)q);
	else
		snprintf(buf, size, "%.4g", q);
}

void
rp_grouped(char *buf, size_t size, double v)
{
	char digits[400];
	size_t n, i, k = 0;

	if (size == 0)
		return;
	snprintf(digits, sizeof(digits), "%.0f", v);
	n = strlen(digits);
	for (i = 0; i < n && k + 2 < size; i++) {
		if (i > 0 && digits[i - 1] != '-' && (n - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

void
rp_set_text(char *buf, size_t size, const char *list, int types)
{
	const struct cf_vocab *v = types ? cf_flow_types : cf_flow_statuses;
	size_t n = 1, k = 0, o = 0;
	const char *p;

	if (size == 0)
		return;
	if (list == NULL) {
		snprintf(buf, size, "-");
		return;
	}
	for (p = list; *p; p++)
		n += *p == ',';
	while (v[k].name != NULL)
		k++;
	if (n == k && list[0]) {
		snprintf(buf, size, "all");
		return;
	}
	for (p = list; *p && o + 2 < size; p++) {
		buf[o++] = *p;
		if (*p == ',' && p[1] != ' ')
			buf[o++] = ' ';
	}
	buf[o] = '\0';
}

void
rp_store_changed(char *buf, size_t size, const struct rp_data *d)
{
	snprintf(buf, size, "%zu file%s imported after run %lld (the last"
	    " finished %s)", d->imports_after, d->imports_after == 1 ?
	    " was" : "s were", (long long)d->imports_after_run,
	    d->imports_after_last ? d->imports_after_last : "?");
}

/* ---- SVG ids ---------------------------------------------------------- */

/* The length of the id pattern at p, or 0; tag says whether p is inside
 * a tag: ids and references are rewritten there only, never in text. */
static size_t
id_pattern(const char *p, int tag)
{
	static const char *const pats[] = {" id=\"", "href=\"#", "url(#"};
	size_t k;

	for (k = 0; tag && k < 3; k++)
		if (strncmp(p, pats[k], strlen(pats[k])) == 0)
			return strlen(pats[k]);
	return 0;
}

/* Copy svg into buf (when not NULL) with prefix after each id pattern
 * inside a tag (comments copied as they are); returns the length. */
static size_t
prefix_walk(char *buf, const char *svg, const char *prefix)
{
	size_t n = 0, plen = strlen(prefix), len;
	const char *p = svg, *end;
	int tag = 0;

	while (*p) {
		if (!tag && strncmp(p, "<!--", 4) == 0 &&
		    (end = strstr(p + 4, "-->")) != NULL) {
			if (buf)
				memcpy(buf + n, p, (size_t)(end + 3 - p));
			n += (size_t)(end + 3 - p);
			p = end + 3;
			continue;
		}
		if (*p == '<')
			tag = 1;
		else if (*p == '>')
			tag = 0;
		if ((len = id_pattern(p, tag)) > 0) {
			if (buf) {
				memcpy(buf + n, p, len);
				memcpy(buf + n + len, prefix, plen);
			}
			n += len + plen;
			p += len;
			continue;
		}
		if (buf)
			buf[n] = *p;
		n++;
		p++;
	}
	return n;
}

int
rp_svg_prefix_ids(char **out, const char *svg, const char *prefix)
{
	size_t n = prefix_walk(NULL, svg, prefix);
	char *buf;

	if ((buf = malloc(n + 1)) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	prefix_walk(buf, svg, prefix);
	buf[n] = '\0';
	*out = buf;
	return CF_OK;
}

/* ---- the graph through dot -------------------------------------------- */

static int
set_note(struct rp_data *d, const char *fmt, const char *arg)
{
	size_t n = strlen(fmt) + (arg ? strlen(arg) : 0) + 1;

	free(d->graph_note);
	if ((d->graph_note = malloc(n)) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	snprintf(d->graph_note, n, fmt, arg ? arg : "");
	return CF_OK;
}

struct buf {
	char *p;
	size_t n, cap, max;
	int over;
};

/* Read what fd has into b (up to b->max, the rest dropped); 0 at end of
 * file, 1 when more may come, -1 on error. */
static int
drain(int fd, struct buf *b)
{
	char chunk[16384];
	ssize_t r = read(fd, chunk, sizeof(chunk));

	if (r < 0)
		return errno == EAGAIN || errno == EINTR ? 1 : -1;
	if (r == 0)
		return 0;
	if (b->n + (size_t)r > b->max) {
		b->over = 1;
		return 1;
	}
	if (b->n + (size_t)r + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 65536;
		char *np;

		while (nc < b->n + (size_t)r + 1)
			nc *= 2;
		if ((np = realloc(b->p, nc)) == NULL)
			return -2;
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, chunk, (size_t)r);
	b->n += (size_t)r;
	b->p[b->n] = '\0';
	return 1;
}

static double
monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Milliseconds left until deadline (monotonic_seconds), at least 0. */
static int
ms_left(double deadline)
{
	double left = deadline - monotonic_seconds();

	return left <= 0 ? 0 : left > 1e6 ? 1000000000 : (int)(left * 1000) +
	    1;
}

/*
 * Run prog -Tsvg with the DOT text on its standard input, for at most
 * timeout seconds (then it is killed).  CF_OK with *svg set (malloc'd,
 * NUL-terminated), or CF_OK with d->graph_note saying why there is no
 * drawing (dot missing, failing or too slow); CF_ENOMEM.
 */
static int
run_dot(struct rp_data *d, const char *prog, const char *dot, size_t len,
    int timeout, char **svg)
{
	double deadline = monotonic_seconds() + timeout;
	extern char **environ;
	char *argv[] = {(char *)prog, "-Tsvg", NULL};
	posix_spawn_file_actions_t fa;
	struct buf out = {NULL, 0, 0, DOT_MAX_OUTPUT, 0};
	struct buf err = {NULL, 0, 0, 4096, 0};
	int in[2] = {-1, -1}, op[2] = {-1, -1}, ep[2] = {-1, -1};
	int fa_ok = 0, rc = CF_OK, status = 0, r;
	size_t sent = 0;
	pid_t pid = -1;

	*svg = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
	    pipe2(op, O_CLOEXEC) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
		rc = set_note(d, "The graph is not drawn: %s.",
		    strerror(errno));
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	fa_ok = 1;
	if (posix_spawn_file_actions_adddup2(&fa, in[1], 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, op[1], 1) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, ep[1], 2) != 0) {
		rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	if ((r = posix_spawnp(&pid, prog, &fa, NULL, argv, environ)) != 0) {
		pid = -1;
		rc = r == ENOENT ? set_note(d, "The graph is not drawn:"
		    " GraphViz's %s was not found (install graphviz to draw"
		    " it).", prog) : set_note(d, "The graph is not drawn:"
		    " dot could not be started: %s.", strerror(r));
		goto out;
	}
	close(in[1]);
	close(op[1]);
	close(ep[1]);
	in[1] = op[1] = ep[1] = -1;
	fcntl(in[0], F_SETFL, O_NONBLOCK);
	fcntl(op[0], F_SETFL, O_NONBLOCK);
	fcntl(ep[0], F_SETFL, O_NONBLOCK);
	if (len == 0) {
		close(in[0]);
		in[0] = -1;
	}
	while (op[0] >= 0 || ep[0] >= 0) {
		struct pollfd pf[3];
		int np = 0, i;

		if (in[0] >= 0)
			pf[np++] = (struct pollfd){in[0], POLLOUT, 0};
		if (op[0] >= 0)
			pf[np++] = (struct pollfd){op[0], POLLIN, 0};
		if (ep[0] >= 0)
			pf[np++] = (struct pollfd){ep[0], POLLIN, 0};
		if ((r = poll(pf, (nfds_t)np, ms_left(deadline))) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (r == 0 && ms_left(deadline) == 0)
			goto too_slow;
		for (i = 0; i < np; i++) {
			if (pf[i].revents == 0)
				continue;
			if (pf[i].fd == in[0]) {
				ssize_t w = send(in[0], dot + sent, len - sent,
				    MSG_NOSIGNAL);
				if (w > 0)
					sent += (size_t)w;
				if ((w < 0 && errno != EAGAIN &&
				    errno != EINTR) || sent == len) {
					close(in[0]);
					in[0] = -1;
				}
			} else {
				int *fd = pf[i].fd == op[0] ? &op[0] : &ep[0];
				r = drain(*fd, *fd == op[0] ? &out : &err);
				if (r == -2) {
					rc = cf_error_set(CF_ENOMEM, "report");
					goto out;
				}
				if (r <= 0) {
					close(*fd);
					*fd = -1;
				}
			}
		}
	}
	/* Its output is closed; it may still run (or hang). */
	while ((r = waitpid(pid, &status, WNOHANG)) == 0 ||
	    (r < 0 && errno == EINTR)) {
		struct timespec tick = {0, 5000000};

		if (ms_left(deadline) == 0)
			goto too_slow;
		nanosleep(&tick, NULL);
	}
	pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		rc = set_note(d, "The graph is not drawn: GraphViz's %s was not"
		    " found (install graphviz to draw it).", prog);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    out.p == NULL) {
		char *nl;

		if (err.p && (nl = strchr(err.p, '\n')) != NULL)
			*nl = '\0';
		rc = set_note(d, "The graph is not drawn: dot failed (%s).",
		    err.p && err.p[0] ? err.p : "no message");
	} else if (out.over) {
		rc = set_note(d, "The graph is not drawn: the drawing is too"
		    " large to include.", NULL);
	} else {
		*svg = out.p;
		out.p = NULL;
	}
	goto out;
too_slow:
	{
		char secs[21];

		rc = set_note(d, "The graph is not drawn: dot ran for more"
		    " than %s s and was stopped.", cf_strint(secs, timeout));
	}
out:
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	for (r = 0; r < 2; r++) {
		if (in[r] >= 0)
			close(in[r]);
		if (op[r] >= 0)
			close(op[r]);
		if (ep[r] >= 0)
			close(ep[r]);
	}
	free(out.p);
	free(err.p);
	return rc;
}

/* The graph of the runs' filter with the cycles run's cycles highlighted,
 * drawn by prog into d->graph_svg, or d->graph_note saying why not. */
static int
draw_graph(struct rp_data *d, cf_store *st, const char *prog, int timeout)
{
	const struct rp_run *r = d->run[RP_CYCLES] ? d->run[RP_CYCLES] :
	    d->run[RP_EXPOSURE];
	cf_graph_filter f;
	cf_graph *g = NULL, *members = NULL;
	cf_cycles *c = NULL;
	FILE *fp = NULL;
	char *dot = NULL, *svg = NULL;
	const char *start;
	size_t len = 0;
	int rc;

	if (prog != NULL && prog[0] == '\0')
		return set_note(d, "The graph is not drawn: drawing was turned"
		    " off.", NULL);
	if (r == NULL)
		return set_note(d, "The graph is not drawn: there is no cycles"
		    " or exposure run to draw.", NULL);
	if ((rc = rp_run_filter(&f, r)) != CF_OK ||
	    (rc = cf_graph_build(&g, st, &f)) != CF_OK ||
	    (rc = cf_cycles_find(&c, g, d->run[RP_CYCLES] ?
	    (int)d->run[RP_CYCLES]->max_len : 6, d->run[RP_CYCLES] ?
	    (size_t)d->run[RP_CYCLES]->limit : 0)) != CF_OK)
		goto out;
	/* A consolidated run is drawn with its subsidiaries apart, each
	 * group a cluster, and its cycles marked between the groups. */
	if (f.consolidate) {
		f.consolidate = 0;
		if ((rc = cf_graph_build(&members, st, &f)) != CF_OK)
			goto out;
	}
	if ((fp = open_memstream(&dot, &len)) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "report");
		goto out;
	}
	rc = members ? cf_dot_write_grouped(fp, members, g, c) :
	    cf_dot_write(fp, g, c, 0);
	if (fclose(fp) != 0 && rc == CF_OK)
		rc = cf_error_set(CF_ENOMEM, "report: the DOT text");
	if (rc != CF_OK)
		goto out;
	if ((rc = run_dot(d, prog ? prog : "dot", dot, len, timeout > 0 ?
	    timeout : DOT_TIMEOUT, &svg)) != CF_OK ||
	    svg == NULL)
		goto out;
	/* Inline from <svg on: no XML declaration, DOCTYPE or comments. */
	if ((start = strstr(svg, "<svg")) == NULL ||
	    strcasestr(start, "<script") != NULL ||
	    strcasestr(start, "<foreignObject") != NULL) {
		rc = set_note(d, "The graph is not drawn: dot's output was not"
		    " a plain SVG drawing.", NULL);
		goto out;
	}
	if ((rc = rp_svg_prefix_ids(&d->graph_svg, start, "graph-")) !=
	    CF_OK)
		goto out;
	d->graph_file = svg;
	d->graph_file_len = strlen(svg);
	svg = NULL;
out:
	free(svg);
	free(dot);
	cf_cycles_free(c);
	cf_graph_free(members);
	cf_graph_free(g);
	return rc;
}

/* ---- files ------------------------------------------------------------ */

/* The process's umask (reading it means setting it: set it back). */
static mode_t
process_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* Write buf to a new temporary file DIR/.NAME.XXXXXX, synced; its path
 * into tmp (malloc'd).  CF_EIO naming DIR on failure (no file left). */
static int
write_temp(char **tmp, const char *dir, const char *name, const char *buf,
    size_t len)
{
	size_t n = strlen(dir) + strlen(name) + 16, done = 0;
	char *path;
	int fd, e;

	*tmp = NULL;
	if ((path = malloc(n)) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	snprintf(path, n, "%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(path)) < 0) {
		e = errno;
		free(path);
		return cf_error_set(CF_EIO, "%s: cannot write the report there:"
		    " %s", dir, strerror(e));
	}
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	/* mkstemp made it 0600: give it the mode a new file gets here. */
	if (fchmod(fd, 0666 & ~process_umask()) != 0 || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	*tmp = path;
	return CF_OK;
fail:
	e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(path);
	cf_error_set(CF_EIO, "%s: %s", path, strerror(e));
	free(path);
	return CF_EIO;
}

/* Render with fn into memory: *out malloc'd, *len. */
static int
render(char **out, size_t *len, int (*fn)(FILE *, const struct rp_data *),
    const struct rp_data *d)
{
	FILE *fp;
	int rc;

	*out = NULL;
	if ((fp = open_memstream(out, len)) == NULL)
		return cf_error_set(CF_ENOMEM, "report");
	rc = fn(fp, d);
	if (fclose(fp) != 0 && rc == CF_OK)
		rc = cf_error_set(CF_ENOMEM, "report");
	if (rc != CF_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int
cf_report_write(cf_store *st, const char *dir, const cf_report_opts *o)
{
	/* graph.svg first: the page that links to it comes after it. */
	static const char *const names[3] = {"graph.svg", "report.html",
	    "report.md"};
	cf_report_opts def = {0, NULL, NULL, NULL, 0};
	struct rp_data *d = NULL;
	char *text[3] = {NULL, NULL, NULL}, *tmp[3] = {NULL, NULL, NULL};
	char *final = NULL;
	size_t len[3] = {0, 0, 0}, i;
	struct stat sb;
	int rc, fd;

	if (o == NULL)
		o = &def;
	if (st == NULL || dir == NULL || dir[0] == '\0')
		return cf_error_set(CF_EARG, "report: no store or directory");
	if ((rc = rp_data_load(&d, st, o->run)) != CF_OK)
		goto out;
	if (o->imports_after != NULL)
		*o->imports_after = d->imports_after;
	if (stat(dir, &sb) != 0) {
		rc = cf_error_set(CF_EIO, "%s: cannot write the report there:"
		    " %s", dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		rc = cf_error_set(CF_EIO, "%s: cannot write the report there:"
		    " not a directory", dir);
		goto out;
	}
	d->methods = o->methods ? o->methods : cf_methods_md;
	d->methods_len = o->methods ? strlen(o->methods) : cf_methods_md_len;
	rc = draw_graph(d, st, o->dot, o->dot_timeout);
	if (rc == CF_OK)
		rc = render(&text[1], &len[1], rp_html_write, d);
	if (rc != CF_OK ||
	    (rc = render(&text[2], &len[2], rp_md_write, d)) != CF_OK)
		goto out;
	/* The drawing on its own, when there is one. */
	text[0] = d->graph_file;
	len[0] = d->graph_file_len;
	d->graph_file = NULL;
	for (i = 0; i < 3; i++)
		if (text[i] != NULL && (rc = write_temp(&tmp[i], dir, names[i],
		    text[i], len[i])) != CF_OK)
			goto out;
	for (i = 0; i < 3; i++) {
		size_t n = strlen(dir) + strlen(names[i]) + 2;

		if (tmp[i] == NULL)
			continue;
		free(final);
		if ((final = malloc(n)) == NULL) {
			rc = cf_error_set(CF_ENOMEM, "report");
			goto out;
		}
		snprintf(final, n, "%s/%s", dir, names[i]);
		if (rename(tmp[i], final) != 0) {
			rc = cf_error_set(CF_EIO, "%s: %s", final,
			    strerror(errno));
			goto out;
		}
		free(tmp[i]);
		tmp[i] = NULL;
	}
	/* Make the renames durable. */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	rc = CF_OK;
out:
	for (i = 0; i < 3; i++) {
		if (tmp[i] != NULL)
			unlink(tmp[i]);
		free(tmp[i]);
		free(text[i]);
	}
	free(final);
	rp_data_free(d);
	return rc;
}

void
cf_report_cleanup(void)
{
	cf_chart_shutdown();
}
