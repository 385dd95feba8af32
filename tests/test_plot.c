/* test_plot.c — checks for src/plot (grid, ticks, lines, heat): glyph encodings, ticks, line plots, log axes, non-finite
 * data, heat maps and tiny grids, counted by check.h.  Exit 0 when all checks pass; each
 * failure is printed, and after a failure the plot under test is drawn.  Run with -v to also
 * print sample plots. */
#include "check.h"
#include "../src/plot/grid.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t ch_at(const plot_grid *g, int c, int r) { return g->cells[r * g->w + c].ch; }
static int color_at(const plot_grid *g, int c, int r) { return g->cells[r * g->w + c].color; }

/* The grid's text on f: stderr after a failure (beside check.h's messages), stdout for -v. */
static void dump(FILE *f, const plot_grid *g)
{
	char *t = plot_grid_text(g);
	fputs(t ? t : "(null)\n", f);
	free(t);
}

/* Text of the grid contains s. */
static int grid_has(const plot_grid *g, const char *s)
{
	char *t = plot_grid_text(g);
	int ok = t && strstr(t, s);
	free(t);
	return ok;
}

/* Row holding the ASCII label s starting at column c (or anywhere when c < 0); -1 if none. */
static int row_of_label(const plot_grid *g, const char *s, int c)
{
	int len = (int)strlen(s);
	for (int r = 0; r < g->h; r++)
		for (int x = c < 0 ? 0 : c; x + len <= g->w && (c < 0 || x == c); x++) {
			int k = 0;
			while (k < len && ch_at(g, x + k, r) == (uint32_t)s[k])
				k++;
			if (k == len)
				return r;
		}
	return -1;
}

/* The x axis row: the lowest row with a run of at least 5 cells of h. */
static int axis_row(const plot_grid *g, uint32_t h)
{
	for (int r = g->h - 1; r >= 0; r--) {
		int run = 0;
		for (int c = 0; c < g->w; c++) {
			run = ch_at(g, c, r) == h ? run + 1 : 0;
			if (run >= 5)
				return r;
		}
	}
	return -1;
}

/* The y axis column: first non-blank cell of the x axis row (the corner). */
static int axis_col(const plot_grid *g, int arow)
{
	for (int c = 0; c < g->w; c++)
		if (ch_at(g, c, arow) != ' ')
			return c;
	return -1;
}

/* ---- encodings ------------------------------------------------------------------------ */

static void test_grid_new(void)
{
	CHECK(plot_grid_new(0, 5) == NULL, "zero width");
	CHECK(plot_grid_new(5, 0) == NULL, "zero height");
	CHECK(plot_grid_new(-3, 5) == NULL, "negative width");
	CHECK(plot_grid_new(10001, 5) == NULL, "absurd width");
	CHECK(plot_grid_new(5, 10001) == NULL, "absurd height");
	plot_grid *g = plot_grid_new(3, 2);
	CHECK(g && g->w == 3 && g->h == 2, "3x2 grid");
	if (g) {
		CHECK(ch_at(g, 2, 1) == ' ', "new grid is blank");
		g->cells[0].ch = 'x';
		char *t = plot_grid_text(g);
		CHECK(t && strcmp(t, "x\n\n") == 0, "text trims trailing blanks: got '%s'", t ? t : "");
		free(t);
	}
	plot_grid_free(g);
	plot_grid_free(NULL);
}

static void test_utf8(void)
{
	struct {
		uint32_t cp;
		const char *bytes;
	} cases[] = {
		{ 'A', "A" },
		{ 0xE9, "\xC3\xA9" },
		{ 0x2801, "\xE2\xA0\x81" },
		{ 0x28FF, "\xE2\xA3\xBF" },
		{ 0x2588, "\xE2\x96\x88" },
		{ 0x1F600, "\xF0\x9F\x98\x80" },
		{ 0xD800, "\xEF\xBF\xBD" },   /* a surrogate is not encodable: U+FFFD */
		{ 0x110000, "\xEF\xBF\xBD" }, /* beyond Unicode */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[8] = { 0 };
		int n = plot_utf8(cases[i].cp, buf);
		CHECK(n == (int)strlen(cases[i].bytes) && memcmp(buf, cases[i].bytes, (size_t)n) == 0,
		      "U+%04X encoded in %d bytes", (unsigned)cases[i].cp, n);
	}
}

/* ---- ticks ----------------------------------------------------------------------------- */

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * fmax(1, fmax(fabs(a), fabs(b))); }

static void check_ticks(double lo, double hi, int max, const double *want, int nwant)
{
	double t[32];
	int n = plot_ticks(lo, hi, max, t);
	int ok = n == nwant;
	for (int i = 0; ok && i < n; i++)
		ok = near(t[i], want[i]);
	CHECK(ok, "plot_ticks(%g, %g, %d): got %d ticks starting %g", lo, hi, max, n, n > 0 ? t[0] : NAN);
}

/* Properties that hold for any range: inside it, at most max, evenly spaced by 1/2/5 x 10^k. */
static void check_tick_properties(double lo, double hi, int max)
{
	double t[32];
	int n = plot_ticks(lo, hi, max, t);
	double span = hi - lo;
	int ok = n >= 1 && n <= max;
	for (int i = 0; ok && i < n; i++)
		ok = t[i] >= lo - 1e-9 * span && t[i] <= hi + 1e-9 * span;
	if (ok && n >= 2) {
		double step = t[1] - t[0], m = step / pow(10, floor(log10(step) + 1e-9));
		ok = near(m, 1) || near(m, 2) || near(m, 5);
		for (int i = 2; ok && i < n; i++)
			ok = fabs(t[i] - t[i - 1] - step) < 1e-6 * step;
	}
	if (ok && max >= 4)
		ok = n >= 2; /* a usable axis has at least two ticks */
	CHECK(ok, "tick properties for [%g, %g] max %d (n = %d)", lo, hi, max, n);
}

static void test_ticks(void)
{
	check_ticks(0, 1, 6, (double[]){ 0, 0.2, 0.4, 0.6, 0.8, 1 }, 6);
	check_ticks(0, 10, 5, (double[]){ 0, 5, 10 }, 3);
	check_ticks(-3.7, 8.2, 10, (double[]){ -2, 0, 2, 4, 6, 8 }, 6);
	check_ticks(0.001, 0.0042, 5, (double[]){ 0.001, 0.002, 0.003, 0.004 }, 4);
	check_ticks(8.2, -3.7, 10, (double[]){ -2, 0, 2, 4, 6, 8 }, 6); /* reversed bounds */
	check_ticks(3, 3, 5, (double[]){ 3 }, 1);
	double t[4];
	CHECK(plot_ticks(NAN, 1, 4, t) == 0, "nan range gives no ticks");
	CHECK(plot_ticks(0, 1, 0, t) == 0, "max 0 gives no ticks");
	CHECK(plot_ticks(-0.3, 0.3, 3, t) == 3 && t[1] == 0 && !signbit(t[1]), "zero tick is +0");
	double ranges[][2] = { { 0, 499 }, { -5, 5 }, { 1e-7, 3e-7 }, { 12345, 12346 }, { -1e300, 1e300 },
		               { 0.013, 2.31 }, { -1, -0.999 } };
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		for (int max = 2; max <= 12; max += 5)
			check_tick_properties(ranges[i][0], ranges[i][1], max);
}

/* ---- braille --------------------------------------------------------------------------- */

/* Plot one scatter point (x, y) in [0,1]^2 on a braille grid. */
static int plot_point(plot_grid *g, double x, double y)
{
	plot_spec sp = { .glyphs = PLOT_BRAILLE, .has_xrange = 1, .xmin = 0, .xmax = 1,
		         .has_yrange = 1, .ymin = 0, .ymax = 1 };
	plot_series s = { .x = &x, .y = &y, .n = 1, .color = PLOT_C_SERIES2, .bad_from = -1 };
	return plot_lines(g, &sp, &s, 1);
}

static void test_braille(void)
{
	plot_grid *g = plot_grid_new(30, 10);
	double x[2] = { 0, 1 }, y[2] = { 1, 0 };
	plot_spec sp = { .glyphs = PLOT_BRAILLE, .has_xrange = 1, .xmin = 0, .xmax = 1,
		         .has_yrange = 1, .ymin = 0, .ymax = 1 };
	/* two one-point lines (scatter points fill whole cells: test_scatter) */
	plot_series s[2] = { { .x = x, .y = y, .n = 1, .color = PLOT_C_SERIES2, .bad_from = -1 },
			     { .x = x + 1, .y = y + 1, .n = 1, .color = PLOT_C_SERIES2, .bad_from = -1 } };
	CHECK(plot_lines(g, &sp, s, 2) == 0, "two corner points");
	/* the top-left point is dot (0,0) of its cell, the bottom-right one dot (1,3) */
	int c0 = -1, r0 = -1, c1 = -1, r1 = -1, nbraille = 0;
	for (int r = 0; r < g->h; r++)
		for (int c = 0; c < g->w; c++) {
			uint32_t ch = ch_at(g, c, r);
			if (ch > 0x2800 && ch <= 0x28FF) {
				nbraille++;
				if (ch == 0x2801)
					c0 = c, r0 = r;
				if (ch == 0x2880)
					c1 = c, r1 = r;
				CHECK(color_at(g, c, r) == PLOT_C_SERIES2, "series colour at (%d,%d)", c, r);
			}
		}
	CHECK(nbraille == 2, "two braille cells, got %d", nbraille);
	CHECK(c0 >= 0 && c1 > c0 && r1 > r0, "U+2801 top-left (%d,%d), U+2880 bottom-right (%d,%d)", c0, r0,
	      c1, r1);
	if (c0 < 0 || c1 <= c0 || r1 <= r0) {
		plot_grid_free(g);
		return;
	}
	/* every dot of the top-left cell: Unicode numbers dots 1,2,3 down the left column, 4,5,6
	 * down the right, then 7 (left) and 8 (right) at the bottom; dot d is bit d-1 */
	static const int dotnum[4][2] = { { 1, 4 }, { 2, 5 }, { 3, 6 }, { 7, 8 } };
	int W = 2 * (c1 - c0 + 1), H = 4 * (r1 - r0 + 1);
	for (int dy = 0; dy < 4; dy++)
		for (int dx = 0; dx < 2; dx++) {
			plot_point(g, (double)dx / (W - 1), 1 - (double)dy / (H - 1));
			uint32_t want = 0x2800 + (1u << (dotnum[dy][dx] - 1));
			CHECK(ch_at(g, c0, r0) == want, "dot (%d,%d): got U+%04X want U+%04X", dx, dy,
			      (unsigned)ch_at(g, c0, r0), (unsigned)want);
		}
	/* two series through one cell: dots combine, the last writer's colour wins */
	double xs[2] = { 0, 1.0 / (W - 1) }, ys[2] = { 1, 1 };
	plot_series two[2] = {
		{ .x = &xs[0], .y = &ys[0], .n = 1, .color = PLOT_C_SERIES1, .bad_from = -1 },
		{ .x = &xs[1], .y = &ys[1], .n = 1, .color = PLOT_C_SERIES3, .bad_from = -1 },
	};
	plot_lines(g, &sp, two, 2);
	CHECK(ch_at(g, c0, r0) == 0x2809, "dots (0,0)+(1,0) = U+2809, got U+%04X", (unsigned)ch_at(g, c0, r0));
	CHECK(color_at(g, c0, r0) == PLOT_C_SERIES3, "last writer's colour");
	plot_grid_free(g);
}

/* Scatter points are whole-cell marks (a braille dot alone is a speck), drawn over the lines;
 * the legend names the labelled series in their colours; the vertical marker widens the x
 * range to stay visible; "you are here" marks its point and label. */
static void test_scatter(void)
{
	plot_grid *g = plot_grid_new(40, 12);
	double x[3] = { 0, 5, 10 }, y[3] = { 0, 5, 10 };
	plot_spec sp = { .glyphs = PLOT_BRAILLE };
	plot_series s[2] = { { .x = x, .y = y, .n = 3, .color = PLOT_C_SERIES2, .points = 1, .bad_from = -1, .label = "data" },
			     { .x = x, .y = y, .n = 3, .color = PLOT_C_SERIES1, .bad_from = -1, .label = "model" } };
	CHECK(plot_lines(g, &sp, s, 2) == 0, "scatter over a line");
	int marks = 0;
	for (int i = 0; i < g->w * g->h; i++)
		marks += g->cells[i].ch == 0x2022 && g->cells[i].color == PLOT_C_SERIES2;
	CHECK(marks == 4, "three bullets over the line and the legend's, got %d", marks);
	CHECK(grid_has(g, "\xe2\x80\xa2 data  \xe2\x94\x80 model"), "legend '• data  ─ model'");
	int r = row_of_label(g, "model", -1);
	/* the top right holds a point: the legend goes to the first free row from the bottom */
	CHECK(r == axis_row(g, 0x2500) - 1 && color_at(g, g->w - 1, r) == PLOT_C_SERIES1,
	      "legend at the bottom right, in the line's colour");
	if (check_failed)
		dump(stderr, g);
	sp.glyphs = PLOT_ASCII;
	plot_lines(g, &sp, s, 2);
	CHECK(grid_has(g, "x data  * model"), "ASCII legend");
	/* a marker past the data (the iteration that diverged) is inside the plotted range */
	plot_spec mk = { .glyphs = PLOT_ASCII, .has_vline = 1, .vline_x = 14, .vline_label = "here" };
	CHECK(plot_lines(g, &mk, s + 1, 1) == 0, "vline past the data");
	int dots = 0;
	for (int i = 0; i < g->w * g->h; i++)
		dots += g->cells[i].ch == ':' && g->cells[i].color == PLOT_C_MARK;
	CHECK(dots >= 5, "the marker at x = 14 is drawn, %d dots", dots);
	CHECK(grid_has(g, "here"), "the marker's label");
	if (check_failed)
		dump(stderr, g);
	plot_spec you = { .glyphs = PLOT_BRAILLE, .has_here = 1, .here_x = 5, .here_y = 5, .here_label = "z=5" };
	plot_lines(g, &you, s + 1, 1);
	CHECK(grid_has(g, "\xe2\x97\x86") && grid_has(g, "z=5"), "you-are-here mark and label");
	/* log x: decades as ticks, x <= 0 left out */
	double lx[4] = { 0, 1, 10, 1000 }, ly[4] = { 4, 3, 2, 1 };
	plot_series ls = { .x = lx, .y = ly, .n = 4, .color = PLOT_C_SERIES1, .bad_from = -1 };
	plot_spec lg = { .glyphs = PLOT_ASCII, .logx = 1 };
	CHECK(plot_lines(g, &lg, &ls, 1) == 0, "log x");
	CHECK(grid_has(g, "\n1e+00 ") && grid_has(g, " 1e+02"), "log x ticks");
	CHECK(!grid_has(g, "4+"), "x = 0 left out on a log axis");
	if (check_failed)
		dump(stderr, g);
	plot_grid_free(g);
}

/* ---- line plots ----------------------------------------------------------------------- */

static void test_line_ascii(void)
{
	enum { N = 4 }; /* few points, far apart: only the rasterised segments fill the columns */
	double x[N], y[N];
	for (int i = 0; i < N; i++)
		x[i] = y[i] = 9.0 * i / (N - 1);
	plot_grid *g = plot_grid_new(40, 12);
	plot_spec sp = { .glyphs = PLOT_ASCII };
	plot_series s = { .x = x, .y = y, .n = N, .color = PLOT_C_SERIES1, .bad_from = -1 };
	CHECK(plot_lines(g, &sp, &s, 1) == 0, "y = x plots");
	int ar = axis_row(g, '-'), ac = ar >= 0 ? axis_col(g, ar) : -1;
	CHECK(ar >= 2 && ac >= 1, "x axis row %d, y axis column %d", ar, ac);
	if (ar < 2 || ac < 1) {
		dump(stderr, g);
		plot_grid_free(g);
		return;
	}
	CHECK(ch_at(g, ac, ar) == '+', "corner");
	CHECK(ch_at(g, ac, ar - 1) == '|' || ch_at(g, ac, ar - 1) == '+', "y axis line");
	CHECK(color_at(g, ac, ar) == PLOT_C_AXIS, "axis colour");
	/* every plot column has a mark, and the marks climb (rows shrink) left to right */
	int prev = g->h, first = -1, last = -1, ok = 1;
	for (int c = ac + 1; c < g->w; c++) {
		int top = -1;
		for (int r = 0; r < ar; r++)
			if (ch_at(g, c, r) == '*') {
				top = r;
				if (color_at(g, c, r) != PLOT_C_SERIES1)
					ok = 0;
				break;
			}
		CHECK(top >= 0, "column %d has a mark", c);
		if (top < 0)
			continue;
		CHECK(top <= prev, "column %d: mark at row %d below the previous column's %d", c, top, prev);
		prev = top;
		if (first < 0)
			first = top;
		last = top;
	}
	CHECK(ok, "marks are in the series colour");
	CHECK(first == ar - 1, "line starts on the bottom plot row (row %d, axis %d)", first, ar);
	CHECK(last == 0, "line ends on the top row (row %d)", last);
	/* y tick labels sit left of the axis on their rows: 0 at the bottom */
	int r0 = row_of_label(g, "0", ac - 1);
	CHECK(r0 == ar - 1, "label 0 on the bottom plot row, got row %d", r0);
	CHECK(ch_at(g, ac, r0 < 0 ? 0 : r0) == '+', "tick mark beside label 0");
	CHECK(row_of_label(g, "5", -1) >= 0, "a tick labelled 5");
	/* x tick labels under the axis */
	CHECK(row_of_label(g, "0", ac) == ar + 1 || row_of_label(g, "0", ac + 1) == ar + 1, "x label 0");
	if (check_failed)
		dump(stderr, g);
	plot_grid_free(g);
}

static void test_logy(void)
{
	enum { N = 7 };
	double x[N], y[N];
	for (int k = 0; k < N; k++) {
		x[k] = k;
		y[k] = pow(10, -k);
	}
	plot_grid *g = plot_grid_new(60, 16);
	plot_spec sp = { .title = "loss", .xlabel = "step", .logy = 1, .glyphs = PLOT_ASCII };
	plot_series s = { .x = x, .y = y, .n = N, .color = PLOT_C_SERIES1, .bad_from = -1 };
	CHECK(plot_lines(g, &sp, &s, 1) == 0, "log plot");
	/* seven decades on 12 rows: every other power of ten is labelled */
	int top = row_of_label(g, "1e+00", -1), mid = row_of_label(g, "1e-02", -1),
	    bot = row_of_label(g, "1e-06", -1), r4 = row_of_label(g, "1e-04", -1);
	CHECK(top >= 0 && mid > top && r4 > mid && bot > r4, "log labels top to bottom: %d %d %d %d", top,
	      mid, r4, bot);
	/* equal ratios are equal distances on a log axis */
	CHECK(abs((mid - top) - (bot - r4)) <= 1 && abs((r4 - mid) - (mid - top)) <= 1,
	      "decades evenly spaced: %d %d %d", mid - top, r4 - mid, bot - r4);
	int ar = axis_row(g, '-'), ac = ar >= 0 ? axis_col(g, ar) : -1;
	CHECK(ar > 0 && ac > 0, "axes found");
	if (ar > 0 && ac > 0) {
		int prev = -1, ok = 1, seen_mid = 0;
		for (int c = ac + 1; c < g->w; c++)
			for (int r = 0; r < ar; r++)
				if (ch_at(g, c, r) == '*') {
					ok &= r >= prev; /* decreasing data: marks only go down */
					prev = r;
					seen_mid |= r == mid;
				}
		CHECK(ok, "log curve descends");
		CHECK(prev == bot, "last mark on the 1e-06 row (%d vs %d)", prev, bot);
		CHECK(seen_mid, "curve passes the 1e-02 row");
	}
	CHECK(row_of_label(g, "loss", -1) == 0, "title on top");
	CHECK(row_of_label(g, "step", -1) == g->h - 1, "xlabel at the bottom");
	/* non-positive values cannot be drawn on a log axis and are skipped */
	double z[N] = { 1, 0, -1, 1e-2, 1e-3, 0, 1e-4 };
	s.y = z;
	CHECK(plot_lines(g, &sp, &s, 1) == 0, "log plot with zeros");
	CHECK(row_of_label(g, "1e-04", -1) >= 0, "range from the positive values");
	double neg[3] = { 0, -1, -2 };
	s.y = neg;
	s.n = 3;
	CHECK(plot_lines(g, &sp, &s, 1) == -1 && grid_has(g, "(no finite values to plot)"),
	      "all non-positive on log axis is nothing to plot");
	if (check_failed)
		dump(stderr, g);
	plot_grid_free(g);
}

static void test_nonfinite(void)
{
	double y[8] = { 1, 2, 3, 4, 5, NAN, INFINITY, NAN };
	plot_grid *g = plot_grid_new(40, 12);
	plot_spec sp = { .glyphs = PLOT_BRAILLE };
	plot_series s = { .y = y, .n = 8, .color = PLOT_C_SERIES1, .bad_from = 3 };
	CHECK(plot_lines(g, &sp, &s, 1) == 0, "finite head is drawn");
	int minbad = g->w, maxgood = -1, nbad = 0, ngood = 0, lastcol = -1;
	for (int r = 0; r < g->h; r++)
		for (int c = 0; c < g->w; c++) {
			uint32_t ch = ch_at(g, c, r);
			if (ch < 0x2800 || ch > 0x28FF)
				continue;
			lastcol = c > lastcol ? c : lastcol;
			if (color_at(g, c, r) == PLOT_C_BAD) {
				nbad++;
				minbad = c < minbad ? c : minbad;
			} else if (color_at(g, c, r) == PLOT_C_SERIES1) {
				ngood++;
				maxgood = c > maxgood ? c : maxgood;
			}
		}
	CHECK(nbad > 0 && ngood > 0, "both colours: %d bad, %d good cells", nbad, ngood);
	CHECK(minbad >= maxgood, "bad cells (from col %d) right of good ones (to col %d)", minbad, maxgood);
	CHECK(lastcol == g->w - 1, "x range ends at the last finite point (col %d)", lastcol);
	/* a gap breaks the line: no dots between the two halves */
	double gap[5] = { 0, 0, NAN, 0, 0 };
	double lo = -1, hi = 1;
	plot_spec sp2 = { .glyphs = PLOT_ASCII, .has_yrange = 1, .ymin = lo, .ymax = hi };
	plot_series s2 = { .y = gap, .n = 5, .color = PLOT_C_SERIES1, .bad_from = -1 };
	CHECK(plot_lines(g, &sp2, &s2, 1) == 0, "gap plot");
	int ar = axis_row(g, '-'), ac = ar > 0 ? axis_col(g, ar) : -1, blanks = 0;
	for (int c = ac + 1; ar > 0 && c < g->w; c++) {
		int any = 0;
		for (int r = 0; r < ar; r++)
			any |= ch_at(g, c, r) == '*';
		blanks += !any;
	}
	CHECK(blanks > 5, "nan leaves a gap (%d empty columns)", blanks);
	/* nothing finite at all */
	double nan3[3] = { NAN, NAN, INFINITY };
	plot_series s3 = { .y = nan3, .n = 3, .color = PLOT_C_SERIES1, .bad_from = -1 };
	plot_spec sp3 = { .title = "t", .glyphs = PLOT_BRAILLE };
	CHECK(plot_lines(g, &sp3, &s3, 1) == -1, "all-nan returns -1");
	CHECK(grid_has(g, "(no finite values to plot)"), "all-nan message");
	CHECK(plot_lines(g, &sp3, NULL, 0) == -1, "no series returns -1");
	if (check_failed)
		dump(stderr, g);
	plot_grid_free(g);
}

/* ---- heat maps ------------------------------------------------------------------------- */

static void test_heat(void)
{
	/* (3, 3), row 0 at the bottom: 0 1 2 / 3 4 5 / 6 7 8 */
	double v[9] = { 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	plot_grid *g = plot_grid_new(30, 10);
	plot_spec sp = { .glyphs = PLOT_ASCII, .has_xrange = 1, .xmin = 0, .xmax = 1, .has_yrange = 1,
		         .ymin = 0, .ymax = 1 };
	CHECK(plot_heat(g, &sp, v, 3, 3, NULL, NULL, 0) == 0, "heat map");
	int ar = axis_row(g, '-'), ac = ar > 0 ? axis_col(g, ar) : -1;
	CHECK(ar > 0 && ac >= 0, "heat axes");
	if (ar <= 0 || ac < 0) {
		plot_grid_free(g);
		return;
	}
	int L = ac + 1, R = g->w - 1, T = 0, B = ar - 1;
	/* " .:-=+*#%@": 0 -> ' ', 2 -> ':', 6 -> '#', 8 -> '@' */
	CHECK(ch_at(g, L, B) == ' ', "lowest value blank, got '%c'", (char)ch_at(g, L, B));
	CHECK(ch_at(g, R, B) == ':', "value 2 is ':', got '%c'", (char)ch_at(g, R, B));
	CHECK(ch_at(g, L, T) == '#', "value 6 is '#', got '%c'", (char)ch_at(g, L, T));
	CHECK(ch_at(g, R, T) == '@', "highest value '@', got '%c'", (char)ch_at(g, R, T));
	CHECK(ch_at(g, (L + R) / 2, (T + B) / 2) == '+', "middle value 4 (level 4.5 of 9) is '+'");
	/* log shading: 10^0 .. 10^8 shade like 0 .. 8 */
	double p10[9];
	for (int i = 0; i < 9; i++)
		p10[i] = pow(10, i);
	sp.logy = 1;
	CHECK(plot_heat(g, &sp, p10, 3, 3, NULL, NULL, 0) == 0, "log heat");
	CHECK(ch_at(g, R, B) == ':' && ch_at(g, L, T) == '#' && ch_at(g, (L + R) / 2, (T + B) / 2) == '+',
	      "log shading is by order of magnitude");
	sp.logy = 0;
	/* a nan cell and a path */
	v[4] = NAN;
	double px[3] = { 0, 0.5, 1 }, py[3] = { 0, 0.2, 1 };
	CHECK(plot_heat(g, &sp, v, 3, 3, px, py, 3) == 0, "heat with nan and path");
	CHECK(ch_at(g, (L + R) / 2, (T + B) / 2) == '!' && color_at(g, (L + R) / 2, (T + B) / 2) == PLOT_C_BAD,
	      "nan cell is a red '!'");
	CHECK(ch_at(g, L, B) == 'o' && color_at(g, L, B) == PLOT_C_MARK, "path start");
	CHECK(ch_at(g, R, T) == 'X' && color_at(g, R, T) == PLOT_C_MARK, "path end marked (not '@', the highest shade)");
	/* braille mode uses shades and round marks */
	sp.glyphs = PLOT_BRAILLE;
	CHECK(plot_heat(g, &sp, v, 3, 3, px, py, 3) == 0, "braille heat");
	ar = axis_row(g, 0x2500);
	ac = ar > 0 ? axis_col(g, ar) : -1;
	CHECK(ar == B + 1 && ac == L - 1, "same layout in braille mode");
	CHECK(ch_at(g, R, B) == 0x2591, "value 2 is a light shade, got U+%04X", (unsigned)ch_at(g, R, B));
	CHECK(ch_at(g, L, T) == 0x2593, "value 6 is a dark shade, got U+%04X", (unsigned)ch_at(g, L, T));
	CHECK(ch_at(g, R - 1, T) == 0x2588, "highest value full block");
	CHECK(ch_at(g, R, T) == 0x25CF, "path end U+25CF");
	CHECK(ch_at(g, L, B) == 0x2022, "path start U+2022");
	/* nothing finite */
	double nan9[9];
	for (int i = 0; i < 9; i++)
		nan9[i] = NAN;
	CHECK(plot_heat(g, &sp, nan9, 3, 3, NULL, NULL, 0) == -1 && grid_has(g, "(no finite values to plot)"),
	      "all-nan heat");
	if (check_failed)
		dump(stderr, g);
	plot_grid_free(g);
}

/* ---- small and hostile inputs --------------------------------------------------------- */

/* Every line of the text is at most w cells wide and there are h lines. */
static int text_fits(const plot_grid *g)
{
	char *t = plot_grid_text(g);
	if (!t)
		return 0;
	int lines = 0, cells = 0, ok = 1;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p == '\n') {
			lines++;
			cells = 0;
		} else if ((*p & 0xC0) != 0x80 && ++cells > g->w) {
			ok = 0;
		}
	}
	free(t);
	return ok && lines == g->h;
}

static void test_small(void)
{
	enum { N = 100 };
	double y[N], x[N];
	for (int i = 0; i < N; i++) {
		x[i] = i * 0.1;
		y[i] = exp(-x[i]);
	}
	plot_series s = { .x = x, .y = y, .n = N, .color = PLOT_C_SERIES1, .bad_from = 80 };
	int sizes[][2] = { { 20, 6 }, { 1, 1 }, { 2, 2 }, { 5, 1 }, { 1, 5 }, { 8, 3 }, { 12, 4 }, { 300, 2 } };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
		for (int mode = 0; mode < 4; mode++) {
			plot_grid *g = plot_grid_new(sizes[k][0], sizes[k][1]);
			plot_spec sp = { .title = "a long title for a tiny plot", .xlabel = "epoch", .ylabel = "loss",
				         .logy = mode & 1, .glyphs = mode & 2 ? PLOT_BRAILLE : PLOT_ASCII,
				         .has_vline = 1, .vline_x = 3 };
			CHECK(plot_lines(g, &sp, &s, 1) == 0, "%dx%d mode %d", g->w, g->h, mode);
			CHECK(text_fits(g), "%dx%d mode %d text fits", g->w, g->h, mode);
			double v[4] = { 1, 2, 3, NAN }, px[2] = { 0, 1 }, py[2] = { 1, 0 };
			CHECK(plot_heat(g, &sp, v, 2, 2, px, py, 2) == 0, "heat %dx%d", g->w, g->h);
			CHECK(text_fits(g), "heat %dx%d text fits", g->w, g->h);
			plot_grid_free(g);
		}
	/* heat: log shading with zeros and negatives, reversed and degenerate ranges */
	{
		plot_grid *h = plot_grid_new(25, 8);
		double v[6] = { 0, -1, 1e-300, 1e300, INFINITY, 5 };
		plot_spec sp = { .logy = 1, .title = "t", .has_xrange = 1, .xmin = 3, .xmax = -3,
			         .has_yrange = 1, .ymin = 2, .ymax = 2, .glyphs = PLOT_BRAILLE };
		CHECK(plot_heat(h, &sp, v, 2, 3, NULL, NULL, 0) == 0, "hostile heat");
		double z[2] = { 0, -1 };
		CHECK(plot_heat(h, &sp, z, 1, 2, NULL, NULL, 0) == 0, "log heat of non-positive values");
		CHECK(plot_heat(h, &sp, z, 0, 2, NULL, NULL, 0) == -1, "heat with no rows");
		plot_grid_free(h);
	}
	/* 20x6 still shows the curve and some axis */
	plot_grid *g = plot_grid_new(20, 6);
	plot_spec sp = { .title = "loss", .glyphs = PLOT_ASCII };
	CHECK(plot_lines(g, &sp, &s, 1) == 0, "20x6");
	CHECK(grid_has(g, "*") && grid_has(g, "|") && grid_has(g, "loss"), "20x6 has curve, axis, title");
	int nbad = 0;
	for (int i = 0; i < g->w * g->h; i++)
		nbad += g->cells[i].color == PLOT_C_BAD;
	CHECK(nbad > 0, "bad_from colours the tail");
	if (check_failed)
		dump(stderr, g);
	/* extreme values must not overflow the integer raster */
	double big[6] = { 1e308, -1e308, 1e-308, 0, -1e308, 1e308 }, bx[6] = { -1e308, 0, 1, 2, 3, 1e308 };
	plot_series sb = { .x = bx, .y = big, .n = 6, .color = PLOT_C_SERIES1, .bad_from = -1 };
	sp.glyphs = PLOT_BRAILLE;
	CHECK(plot_lines(g, &sp, &sb, 1) == 0, "extreme values");
	plot_spec zoom = { .glyphs = PLOT_BRAILLE, .has_xrange = 1, .xmin = 1, .xmax = 1 + 1e-12,
		           .has_yrange = 1, .ymin = 0, .ymax = 1e-300 };
	CHECK(plot_lines(g, &zoom, &sb, 1) == 0, "degenerate fixed ranges");
	double one = 42;
	plot_series s1 = { .y = &one, .n = 1, .color = PLOT_C_SERIES1, .bad_from = -1 };
	CHECK(plot_lines(g, &sp, &s1, 1) == 0, "a single point");
	int dots = 0;
	for (int i = 0; i < g->w * g->h; i++)
		dots += g->cells[i].ch > 0x2800 && g->cells[i].ch <= 0x28FF;
	CHECK(dots == 1, "a single point is one braille cell, got %d", dots);
	plot_grid_free(g);
}

/* ---- samples --------------------------------------------------------------------------- */

static void samples(void)
{
	enum { N = 400 };
	double y[N];
	for (int i = 0; i < N; i++)
		y[i] = 2.3 * exp(-i / 60.0) + 0.01 + 0.01 * sin(i * 0.9) * exp(-i / 150.0);
	plot_series s = { .y = y, .n = N, .color = PLOT_C_SERIES1, .bad_from = -1 };
	plot_spec sp = { .title = "training loss", .xlabel = "step", .ylabel = "loss", .logy = 1,
		         .glyphs = PLOT_BRAILLE };
	plot_grid *g = plot_grid_new(80, 20);
	plot_lines(g, &sp, &s, 1);
	dump(stdout, g);
	sp.glyphs = PLOT_ASCII;
	plot_lines(g, &sp, &s, 1);
	dump(stdout, g);
	plot_grid_free(g);
}

int main(int argc, char **argv)
{
	test_grid_new();
	test_utf8();
	test_ticks();
	test_braille();
	test_scatter();
	test_line_ascii();
	test_logy();
	test_nonfinite();
	test_heat();
	test_small();
	if (argc > 1 && strcmp(argv[1], "-v") == 0)
		samples();
	return check_done("test_plot");
}
