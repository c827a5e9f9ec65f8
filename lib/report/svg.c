/*
 * svg.c: the report's charts, drawn by dande as inline SVG: a line chart
 * with reference lines, a sparkline, a strip of outcomes, stacked bars,
 * an icicle of the source tree coloured by coverage.
 * No charting library, no script: the page reads the same with
 * JavaScript off.  Every chart says its figures in a <title> (a tooltip,
 * and what a screen reader reads).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/report.h"
#include "util/banned.h"

#define W 640
#define H 180
#define PAD_L 48
#define PAD_R 110
#define PAD_T 24
#define PAD_B 22

static const char *const palette[] = {
	"#2b6cb0", "#38a169", "#d69e2e", "#e53e3e", "#805ad5", "#718096"
};

/* The range of the values and reference lines; a flat series gets room. */
static void range(const double *v, size_t n, const double *ref, size_t nref,
		  double *lo, double *hi)
{
	size_t i;
	int any = 0;

	*lo = 0;
	*hi = 1;
	for (i = 0; i < n + nref; i++) {
		double x = i < n ? v[i] : ref[i - n];

		if (isnan(x))
			continue;
		if (!any || x < *lo)
			*lo = x;
		if (!any || x > *hi)
			*hi = x;
		any = 1;
	}
	if (*hi - *lo < 1e-9) {
		*lo -= 1;
		*hi += 1;
	}
	/* from zero when the values are not far from it */
	if (*lo > 0 && *lo < (*hi - *lo))
		*lo = 0;
}

static double px(size_t i, size_t n)
{
	return n < 2 ? PAD_L + (W - PAD_L - PAD_R) / 2.0 :
		PAD_L + (double)i * (W - PAD_L - PAD_R) / (double)(n - 1);
}

static double py(double v, double lo, double hi)
{
	return PAD_T + (hi - v) * (H - PAD_T - PAD_B) / (hi - lo);
}

static void figure(struct dande_buf *out, double v, const char *unit)
{
	if (fabs(v) >= 100 || fabs(v - round(v)) < 1e-9)
		dande_buf_addf(out, "%.0f%s", v, unit);
	else
		dande_buf_addf(out, "%.1f%s", v, unit);
}

void dande_report_svg_line(struct dande_buf *out, const char *title,
			   const double *v, size_t n, const char *unit,
			   const double *ref, const char *const *ref_names,
			   size_t nref)
{
	double lo, hi;
	size_t i, last = n;
	int pen = 0;

	range(v, n, ref, nref, &lo, &hi);
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			last = i;
	dande_buf_addf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
		       "width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"", W, H, W, H);
	dande_report_escape(out, title);
	if (last < n) {
		dande_buf_adds(out, ", last ");
		figure(out, v[last], unit);
	}
	dande_buf_adds(out, "\"><title>");
	dande_report_escape(out, title);
	if (last < n) {
		dande_buf_adds(out, ": last ");
		figure(out, v[last], unit);
	}
	dande_buf_adds(out, "</title><text x=\"4\" y=\"14\" class=\"ct\">");
	dande_report_escape(out, title);
	dande_buf_adds(out, "</text>");
	/* the axis: top and bottom figures */
	dande_buf_addf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		       "class=\"ax\"/>", PAD_L, H - PAD_B, W - PAD_R, H - PAD_B);
	dande_buf_addf(out, "<text x=\"%d\" y=\"%.1f\" class=\"al\">",
		       PAD_L - 4, py(hi, lo, hi) + 4);
	figure(out, hi, unit);
	dande_buf_addf(out, "</text><text x=\"%d\" y=\"%.1f\" class=\"al\">",
		       PAD_L - 4, py(lo, lo, hi) + 4);
	figure(out, lo, unit);
	dande_buf_adds(out, "</text>");
	for (i = 0; i < nref; i++) {
		if (isnan(ref[i]))
			continue;
		dande_buf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" "
			       "y2=\"%.1f\" class=\"ref\" stroke=\"%s\"/>"
			       "<text x=\"%d\" y=\"%.1f\" class=\"rl\">",
			       PAD_L, py(ref[i], lo, hi), W - PAD_R,
			       py(ref[i], lo, hi), palette[(i + 3) % 6],
			       W - PAD_R + 4, py(ref[i], lo, hi) + 4);
		dande_report_escape(out, ref_names[i]);
		dande_buf_adds(out, " ");
		figure(out, ref[i], unit);
		dande_buf_adds(out, "</text>");
	}
	dande_buf_adds(out, "<path class=\"ln\" d=\"");
	for (i = 0; i < n; i++) {
		if (isnan(v[i])) {
			pen = 0;
			continue;
		}
		dande_buf_addf(out, "%c%.1f %.1f", pen ? 'L' : 'M', px(i, n),
			       py(v[i], lo, hi));
		pen = 1;
	}
	dande_buf_adds(out, "\"/>");
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		dande_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
			       "class=\"pt\"><title>", px(i, n),
			       py(v[i], lo, hi));
		figure(out, v[i], unit);
		dande_buf_adds(out, "</title></circle>");
	}
	if (last < n) {
		dande_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"lv\">",
			       px(last, n) + 6, py(v[last], lo, hi) + 4);
		figure(out, v[last], unit);
		dande_buf_adds(out, "</text>");
	} else {
		dande_buf_addf(out, "<text x=\"%d\" y=\"%d\" class=\"al\">no "
			       "figures yet</text>", W / 2, H / 2);
	}
	dande_buf_adds(out, "</svg>\n");
}

void dande_report_svg_spark(struct dande_buf *out, const double *v, size_t n)
{
	double lo = 0, hi = 0;
	size_t i;
	int pen = 0, any = 0;

	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		if (!any || v[i] > hi)
			hi = v[i];
		any = 1;
	}
	if (hi <= lo)
		hi = lo + 1;
	dande_buf_adds(out, "<svg class=\"spark\" viewBox=\"0 0 120 20\" "
		       "width=\"120\" height=\"20\"><path d=\"");
	for (i = 0; i < n; i++) {
		double x = n < 2 ? 60 : (double)i * 118 / (double)(n - 1) + 1;

		if (isnan(v[i])) {
			pen = 0;
			continue;
		}
		dande_buf_addf(out, "%c%.1f %.1f", pen ? 'L' : 'M', x,
			       19 - (v[i] - lo) * 18 / (hi - lo));
		pen = 1;
	}
	dande_buf_adds(out, "\"/></svg>");
}

void dande_report_svg_strip(struct dande_buf *out, const char *marks)
{
	size_t n = strlen(marks), i;
	double w = n ? 240.0 / (double)n : 0;

	dande_buf_addf(out, "<svg class=\"strip\" viewBox=\"0 0 240 14\" "
		       "width=\"240\" height=\"14\" role=\"img\" "
		       "aria-label=\"oldest to newest: %s\"><title>oldest to "
		       "newest: %s</title>", marks, marks);
	for (i = 0; i < n; i++) {
		const char *cls = marks[i] == 'p' ? "sp" : marks[i] == 's' ?
			"ss" : marks[i] == 'k' ? "sk" : marks[i] == 'f' ? "sf" :
			marks[i] == 'e' ? "se" : "sn";

		/* a failure stands taller than a pass: told apart in grey
		 * too, and printed */
		int bad = marks[i] == 'f' || marks[i] == 'e';

		dande_buf_addf(out, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" "
			       "height=\"%d\" class=\"%s\"/>", (double)i * w,
			       bad ? 0 : 4, w > 1.5 ? w - 0.5 : w, bad ? 14 : 6,
			       cls);
	}
	dande_buf_adds(out, "</svg>");
}

void dande_report_svg_stack(struct dande_buf *out, const char *title,
			    const double *parts, size_t n, size_t k,
			    const char *const *names)
{
	double bw = n ? (double)(W - PAD_L - PAD_R) / (double)n : 0;
	size_t i, j;

	dande_buf_addf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
		       "width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"", W, H, W, H);
	dande_report_escape(out, title);
	dande_buf_adds(out, "\"><title>");
	dande_report_escape(out, title);
	dande_buf_adds(out, "</title><text x=\"4\" y=\"14\" class=\"ct\">");
	dande_report_escape(out, title);
	dande_buf_adds(out, "</text>");
	for (i = 0; i < n; i++) {
		double y = H - PAD_B;

		for (j = 0; j < k; j++) {
			double h = parts[i * k + j] * (H - PAD_T - PAD_B);

			if (isnan(h) || h <= 0)
				continue;
			y -= h;
			dande_buf_addf(out, "<rect x=\"%.1f\" y=\"%.1f\" "
				       "width=\"%.1f\" height=\"%.1f\" "
				       "fill=\"%s\"><title>", PAD_L +
				       (double)i * bw, y, bw > 2 ? bw - 1 : bw,
				       h, palette[j % 6]);
			dande_report_escape(out, names[j]);
			dande_buf_addf(out, " %.0f%%</title></rect>",
				       parts[i * k + j] * 100);
		}
	}
	for (j = 0; j < k; j++) {
		dande_buf_addf(out, "<rect x=\"%d\" y=\"%d\" width=\"10\" "
			       "height=\"10\" fill=\"%s\"/><text x=\"%d\" "
			       "y=\"%d\" class=\"rl\">", W - PAD_R + 8,
			       PAD_T + (int)j * 16, palette[j % 6],
			       W - PAD_R + 22, PAD_T + (int)j * 16 + 9);
		dande_report_escape(out, names[j]);
		dande_buf_adds(out, "</text>");
	}
	if (!n)
		dande_buf_addf(out, "<text x=\"%d\" y=\"%d\" class=\"al\">no "
			       "figures yet</text>", W / 2, H / 2);
	dande_buf_adds(out, "</svg>\n");
}

/* ---- the coverage icicle ---------------------------------------------------- */

#define ICICLE_DEPTH 5
#define ICICLE_ROW 24

/* The length of the first `depth + 1` components of `path` ("a/b/c.c",
 * 1: "a/b/"), the separator kept so that a prefix names one directory;
 * 0 when the path has fewer components.  At the last row, the rest. */
static size_t prefix_len(const char *path, size_t depth)
{
	const char *p = path;
	size_t d;

	for (d = 0; d < depth; d++) {
		const char *slash = strchr(p, '/');

		if (!slash)
			return 0;
		p = slash + 1;
	}
	if (!*p)
		return 0;
	if (depth + 1 < ICICLE_DEPTH && strchr(p, '/'))
		return (size_t)(strchr(p, '/') - path) + 1;
	return strlen(path);
}

static const char *coverage_colour(double pct, double threshold)
{
	/* dark to light as coverage rises: apart in greyscale too */
	return pct < threshold ? "#9b2c2c" : pct < threshold + 5 ?
		"#d69e2e" : "#9ae6b4";
}

void dande_report_svg_icicle(struct dande_buf *out, struct dande_buf *table,
			     const char *const *paths, const int64_t *valid,
			     const int64_t *covered, size_t n,
			     double threshold)
{
	int64_t total = 0, total_cov = 0;
	size_t d, i, rows = 0;

	for (i = 0; i < n; i++) {
		total += valid[i];
		total_cov += covered[i];
		for (d = 0; d < ICICLE_DEPTH && prefix_len(paths[i], d); d++)
			;
		rows = d > rows ? d : rows;
	}
	if (!total)
		return;
	dande_buf_addf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %zu\" "
		       "width=\"%d\" height=\"%zu\" role=\"img\" aria-label=\""
		       "coverage by directory and file, width by lines: %zu "
		       "files, %.1f%% of %lld lines\"><title>coverage by "
		       "directory and file, width by lines: %zu files, %.1f%% "
		       "of %lld lines</title>", W, rows * ICICLE_ROW, W,
		       rows * ICICLE_ROW, n, 100.0 * (double)total_cov /
		       (double)total, (long long)total, n, 100.0 *
		       (double)total_cov / (double)total, (long long)total);
	for (d = 0; d < rows; d++) {
		int64_t at = 0;

		for (i = 0; i < n;) {
			size_t len = prefix_len(paths[i], d), j, name;
			int64_t v = 0, c = 0;
			double x, w, pct;

			if (!len) {
				at += valid[i++];
				continue;
			}
			/* the group: the files under this prefix, adjacent
			 * because sorted */
			for (j = i; j < n && prefix_len(paths[j], d) == len &&
			     !strncmp(paths[j], paths[i], len); j++) {
				v += valid[j];
				c += covered[j];
			}
			x = (double)W * (double)at / (double)total;
			w = (double)W * (double)v / (double)total;
			at += v;
			if (w < 1 || !v) {
				i = j;
				continue;
			}
			pct = 100.0 * (double)c / (double)v;
			for (name = len - (paths[i][len - 1] == '/' ? 1 : 0);
			     name > 0 && paths[i][name - 1] != '/'; name--)
				;
			dande_buf_addf(out, "<g><rect x=\"%.1f\" y=\"%zu\" "
				       "width=\"%.1f\" height=\"%d\" fill=\"%s\" "
				       "class=\"ic\"><title>", x, d * ICICLE_ROW,
				       w, ICICLE_ROW - 2,
				       coverage_colour(pct, threshold));
			{
				char *pre = dande_xstrndup(paths[i], len);
				int dir = pre[len - 1] == '/';
				size_t nl = len - name - (size_t)dir;

				dande_report_escape(out, pre);
				dande_buf_addf(out, ": %.1f%% of %lld lines"
					       "</title></rect>", pct,
					       (long long)v);
				/* directories, in the table beside it */
				if (table && dir) {
					dande_buf_adds(table, "<tr><td><code>");
					dande_report_escape(table, pre);
					dande_buf_addf(table, "</code></td><td "
						       "class=\"n\">%lld</td>"
						       "<td class=\"n\">%.1f%%"
						       "</td></tr>\n",
						       (long long)v, pct);
				}
				/* the name, where it fits */
				if (w >= 48) {
					size_t fit = (size_t)(w / 7) - 1;

					pre[name + (nl < fit ? nl : fit)] =
						'\0';
					dande_buf_addf(out, "<text x=\"%.1f\" "
						       "y=\"%zu\" class=\"il%s\">",
						       x + 3, d * ICICLE_ROW +
						       15, pct < threshold ?
						       " dk" : "");
					dande_report_escape(out, pre + name);
					dande_buf_adds(out, nl > fit ?
						       "&hellip;</text>" :
						       "</text>");
				}
				free(pre);
			}
			dande_buf_adds(out, "</g>");
			i = j;
		}
	}
	dande_buf_adds(out, "</svg>\n");
}
