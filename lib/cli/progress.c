/*
 * progress.c: one line on stderr, redrawn in place, while long work goes
 * on (a big ingest, an environment coming up): how far, how fast, how
 * long still.  Only for a person watching: stderr a terminal, not -q,
 * NO_PROGRESS unset; at most ten redraws a second; the line is wiped
 * when the work ends, so what the tool prints after is as without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dande/cli.h"
#include "util/banned.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dande_progress_start(struct dande_progress *p,
			  const struct dande_cli *cli, const char *what,
			  uint64_t total)
{
	const char *no = getenv("NO_PROGRESS");

	memset(p, 0, sizeof(*p));
	p->prog = cli->prog;
	p->what = what;
	p->total = total;
	p->start = now_s();
	/* bytes: only an input big enough to wait for */
	p->on = !cli->quiet && !(no && *no) && isatty(2) &&
		(total == 0 || total >= DANDE_PROGRESS_MIN_BYTES);
}

static void human(char *buf, size_t size, double bytes)
{
	if (bytes >= 1e9)
		snprintf(buf, size, "%.2f GB", bytes / 1e9);
	else if (bytes >= 1e6)
		snprintf(buf, size, "%.1f MB", bytes / 1e6);
	else
		snprintf(buf, size, "%.0f kB", bytes / 1e3);
}

static void draw(struct dande_progress *p, const char *line)
{
	size_t len = strlen(line);

	/* spaces over what the last line had beyond this one: no escape
	 * sequence, so a dumb terminal shows it right too */
	fprintf(stderr, "\r%s%*s", line, p->width > len ?
		(int)(p->width - len) : 0, "");
	fflush(stderr);
	p->width = len;
}

void dande_progress_bytes(struct dande_progress *p, uint64_t done,
			  uint64_t items, const char *unit)
{
	char line[256], a[32], b[32], rate[32];
	double t = now_s(), el = t - p->start, bps;
	size_t n;

	if (!p->on || t - p->last < 0.1)
		return;
	p->last = t;
	bps = el > 0 ? (double)done / el : 0;
	human(a, sizeof(a), (double)done);
	human(b, sizeof(b), (double)p->total);
	human(rate, sizeof(rate), bps);
	n = (size_t)snprintf(line, sizeof(line), "%s: %s %s of %s (%.0f%%)",
			     p->prog, p->what, a, b, p->total ? 100.0 *
			     (double)done / (double)p->total : 0.0);
	if (unit && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, ", %llu %s",
				      (unsigned long long)items, unit);
	if (el >= 0.5 && n < sizeof(line))
		n += (size_t)snprintf(line + n, sizeof(line) - n, ", %s/s",
				      rate);
	if (el >= 1 && bps > 0 && done < p->total && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, ", %.0f s left",
			 (double)(p->total - done) / bps);
	draw(p, line);
}

void dande_progress_wait(struct dande_progress *p, const char *state)
{
	struct dande_buf line = DANDE_BUF_INIT;
	double t = now_s();

	if (!p->on || t - p->last < 0.1)
		return;
	p->last = t;
	dande_buf_addf(&line, "%s: %s: ", p->prog, p->what);
	/* what a container says never reaches the terminal raw */
	dande_buf_add_printable(&line, state, strlen(state), 0);
	dande_buf_addf(&line, ", %.0f s", t - p->start);
	draw(p, line.ptr);
	dande_buf_release(&line);
}

void dande_progress_end(struct dande_progress *p)
{
	if (p->on && p->width) {
		fprintf(stderr, "\r%*s\r", (int)p->width, "");
		fflush(stderr);
	}
	p->on = 0;
	p->width = 0;
}
