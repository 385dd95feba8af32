/* lines.c — plot_lines: series as connected lines, vertical bands or scatter dots, rasterised
 * in "dot space": 2x4 dots per cell in braille mode (Unicode braille patterns, U+2800 plus one
 * bit per dot), 1x1 in ASCII mode.  Only bounded stack arrays, because the UI redraws ~30 times
 * a second while training.
 */
#include "draw.h"
#include <math.h>
#include <stdlib.h>

/* Braille dot bits by (row, column) inside a cell, from the Unicode standard's dot numbering:
 * dots 1,2,3 run down the left column and 4,5,6 down the right (bits 0..5); dots 7 and 8
 * were added below them later, hence bits 6 (left) and 7 (right).  Shape (4, 2). */
static const unsigned char braille_bit[4][2] = {
	{ 0x01, 0x08 },
	{ 0x02, 0x10 },
	{ 0x04, 0x20 },
	{ 0x40, 0x80 },
};
enum { BRAILLE_BASE = 0x2800 };

/* ASCII scatter marks by colour, so series stay apart in uncoloured text.  (PLOT_C_COUNT,) */
static const char scatter_ascii[PLOT_C_COUNT] = { 'o', 'o', 'o', 'x', '+', '!', '@', '-', '+' };
/* In braille mode a scatter point fills its cell with a bullet (one braille dot is a speck);
 * points of the diverged colour are crosses, so they differ without colour too. */
enum { SCATTER_UNI = 0x2022, SCATTER_UNI_BAD = 0x00D7, HERE_UNI = 0x25C6 /* ◆ */, HERE_ASCII = '#',
       LEGEND_LINE_UNI = 0x2500 };

/* The mark of a scatter point of colour c (PLOT_C_*, valid). */
static uint32_t scatter_mark(const frame *f, int c)
{
	if (f->ascii || f->dw == 1)
		return (uint32_t)scatter_ascii[c];
	return c == PLOT_C_BAD ? SCATTER_UNI_BAD : SCATTER_UNI;
}

/* A whole-cell mark at dot (dx, dy) of the plot area. */
static void set_mark(plot_grid *g, const frame *f, int dx, int dy, uint32_t ch, int color)
{
	if (dx < 0 || dy < 0 || dx >= f->pw * f->dw || dy >= f->ph * f->dh)
		return;
	grid_put(g, f->x0 + dx / f->dw, f->y0 + dy / f->dh, ch, color);
}

/* y in plot units, or NAN when it cannot be drawn. */
static double plot_y(const frame *f, double y)
{
	if (!isfinite(y))
		return NAN;
	if (f->logy)
		return y > 0 ? log10(y) : NAN;
	return y;
}

/* x in plot units, or NAN when it cannot be drawn. */
static double plot_x(const frame *f, double x)
{
	if (!isfinite(x))
		return NAN;
	if (f->logx)
		return x > 0 ? log10(x) : NAN;
	return x;
}

/* ---- dots and segments ----------------------------------------------------------------- */

/* Light one dot of the plot area (dx, dy in dots, dy from the top); off-area dots are ignored. */
static void set_dot(plot_grid *g, const frame *f, int dx, int dy, int color, uint32_t ascii_ch)
{
	if (dx < 0 || dy < 0 || dx >= f->pw * f->dw || dy >= f->ph * f->dh)
		return;
	plot_cell *c = grid_cell(g, f->x0 + dx / f->dw, f->y0 + dy / f->dh);
	if (!c)
		return;
	if (f->ascii || f->dw == 1) {
		c->ch = ascii_ch;
	} else {
		/* OR into what is there, so two curves through one cell both show */
		uint32_t bits = c->ch >= BRAILLE_BASE && c->ch <= BRAILLE_BASE + 0xFF ? c->ch - BRAILLE_BASE : 0;
		c->ch = BRAILLE_BASE + (bits | braille_bit[dy % f->dh][dx % f->dw]);
	}
	c->color = (unsigned char)color;
}

/* Clip the segment to the dot rectangle [-0.5, W-0.5] x [-0.5, H-0.5] (Liang-Barsky);
 * p: (4,) as x0, y0, x1, y1, updated in place.  Returns 0 when nothing is left. */
static int clip_segment(const frame *f, double *p)
{
	double W = f->pw * f->dw - 0.5, H = f->ph * f->dh - 0.5;
	double dx = p[2] - p[0], dy = p[3] - p[1], t0 = 0, t1 = 1;
	double pq[4][2] = { { -dx, p[0] + 0.5 }, { dx, W - p[0] }, { -dy, p[1] + 0.5 }, { dy, H - p[1] } };
	for (int i = 0; i < 4; i++) {
		double pp = pq[i][0], q = pq[i][1];
		if (pp == 0) {
			if (q < 0)
				return 0;
			continue;
		}
		double r = q / pp;
		if (pp < 0 && r > t0)
			t0 = r;
		if (pp > 0 && r < t1)
			t1 = r;
	}
	if (t0 > t1)
		return 0;
	double x0 = p[0], y0 = p[1];
	p[0] = x0 + t0 * dx;
	p[1] = y0 + t0 * dy;
	p[2] = x0 + t1 * dx;
	p[3] = y0 + t1 * dy;
	return 1;
}

/* Bresenham between two dot positions (fractional, possibly off-area). */
static void draw_segment(plot_grid *g, const frame *f, double ax, double ay, double bx, double by,
                         int color, uint32_t ascii_ch)
{
	double p[4] = { ax, ay, bx, by };
	if (isnan(ax) || isnan(ay) || isnan(bx) || isnan(by) || !clip_segment(f, p))
		return;
	int x = frame_round_dot(p[0]), y = frame_round_dot(p[1]), x1 = frame_round_dot(p[2]), y1 = frame_round_dot(p[3]);
	int dx = abs(x1 - x), dy = -abs(y1 - y), sx = x < x1 ? 1 : -1, sy = y < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		set_dot(g, f, x, y, color, ascii_ch);
		if (x == x1 && y == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y += sy;
		}
	}
}

/* ---- series ------------------------------------------------------------------------------ */

/* x of point i in plot units (NAN when it cannot be drawn) */
static double series_x(const frame *f, const plot_series *s, int i)
{
	return plot_x(f, s->x ? s->x[i] : (double)i);
}

/* Extend the y range by point i's y and band, in plot units; returns 1 if any was drawable. */
static int grow_y(const frame *f, const plot_series *s, int i, double *lo, double *hi)
{
	double v[3] = { s->y ? s->y[i] : NAN, s->ylo ? s->ylo[i] : NAN, s->yhi ? s->yhi[i] : NAN };
	int any = 0;
	for (int k = 0; k < 3; k++) {
		double y = plot_y(f, v[k]);
		if (isfinite(y)) {
			range_grow(lo, hi, y);
			any = 1;
		}
	}
	return any;
}

/* Ranges from the data (or the spec's fixed ones) into f; returns the count of drawable points. */
static long find_ranges(frame *f, const plot_spec *spec, const plot_series *s, int ns)
{
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
	double vylo = INFINITY, vyhi = -INFINITY; /* y range of the points inside a fixed x range */
	double fxlo = plot_x(f, spec->xmin), fxhi = plot_x(f, spec->xmax), vx = plot_x(f, spec->vline_x);
	int fixed_x = spec->has_xrange && isfinite(fxlo) && isfinite(fxhi);
	long drawable = 0;
	for (int k = 0; k < ns; k++)
		for (int i = 0; i < s[k].n; i++) {
			double x = series_x(f, &s[k], i);
			if (!isfinite(x) || !grow_y(f, &s[k], i, &ylo, &yhi))
				continue;
			drawable++;
			range_grow(&xlo, &xhi, x);
			if (fixed_x && x >= fmin(fxlo, fxhi) && x <= fmax(fxlo, fxhi))
				grow_y(f, &s[k], i, &vylo, &vyhi);
		}
	if (drawable && spec->has_vline && isfinite(vx) && !fixed_x)
		range_grow(&xlo, &xhi, vx); /* the marker may lie past the data (a divergence) */
	if (fixed_x) {
		xlo = fmin(fxlo, fxhi);
		xhi = fmax(fxlo, fxhi);
		if (vylo <= vyhi) {
			ylo = vylo;
			yhi = vyhi;
		}
	}
	double a = plot_y(f, spec->ymin), b = plot_y(f, spec->ymax);
	if (spec->has_yrange && isfinite(a) && isfinite(b)) {
		ylo = fmin(a, b);
		yhi = fmax(a, b);
	}
	if (!(xlo <= xhi) || !(ylo <= yhi))
		return drawable > 0 ? -1 : 0;
	range_pad(&xlo, &xhi, 0);
	range_pad(&ylo, &yhi, f->logy);
	f->xlo = xlo;
	f->xhi = xhi;
	f->ylo = ylo;
	f->yhi = yhi;
	return drawable;
}

/* Vertical bands ylo..yhi, one per drawable point. */
static void draw_bands(plot_grid *g, const frame *f, const plot_series *s)
{
	if (!s->ylo || !s->yhi)
		return;
	for (int i = 0; i < s->n; i++) {
		double x = series_x(f, s, i), a = plot_y(f, s->ylo[i]), b = plot_y(f, s->yhi[i]);
		if (f->logy && isfinite(b) && !isfinite(a) && isfinite(s->ylo[i]))
			a = f->ylo; /* a band reaching down to zero or below runs off the bottom */
		if (!isfinite(x) || !isfinite(a) || !isfinite(b))
			continue;
		int color = s->bad_from >= 0 && i >= s->bad_from ? PLOT_C_BAD : s->color;
		double dx = frame_dot_x(f, x);
		draw_segment(g, f, dx, frame_dot_y(f, a), dx, frame_dot_y(f, b), color, '|');
	}
}

/* The series itself: a connected line (broken at undrawable points) or scatter dots. */
static void draw_series(plot_grid *g, const frame *f, const plot_series *s)
{
	int color0 = s->color >= 0 && s->color < PLOT_C_COUNT ? s->color : PLOT_C_SERIES1;
	uint32_t mark = s->points ? (uint32_t)scatter_ascii[color0] : '*';
	plot_series c = *s;
	c.color = color0;
	draw_bands(g, f, &c);
	if (!s->y)
		return;
	double px = 0, py = 0;
	int have_prev = 0;
	for (int i = 0; i < s->n; i++) {
		double x = series_x(f, s, i), y = plot_y(f, s->y[i]);
		if (!isfinite(x) || !isfinite(y)) {
			have_prev = 0;
			continue;
		}
		int color = s->bad_from >= 0 && i >= s->bad_from ? PLOT_C_BAD : color0;
		double dx = frame_dot_x(f, x), dy = frame_dot_y(f, y);
		if (s->points == 1)
			set_mark(g, f, frame_round_dot(dx), frame_round_dot(dy), scatter_mark(f, color), color);
		else if (have_prev && !s->points)
			draw_segment(g, f, px, py, dx, dy, color, mark);
		else
			set_dot(g, f, frame_round_dot(dx), frame_round_dot(dy), color, mark);
		px = dx;
		py = dy;
		have_prev = 1;
	}
}

/* A dotted vertical marker at data x, its label beside its foot (left of it when the right
 * has no room; the legend may take the top). */
static void draw_vline(plot_grid *g, const frame *f, double x, const char *label)
{
	x = plot_x(f, x);
	if (!isfinite(x))
		return;
	int dx = frame_round_dot(frame_dot_x(f, x));
	for (int dy = 0; dy < f->ph * f->dh; dy += f->ascii ? 1 : 2)
		set_dot(g, f, dx, dy, PLOT_C_MARK, ':');
	int col = frame_col(f, x), len = label ? grid_text_width(label) : 0;
	if (col < 0 || !len)
		return;
	int c = col + 2 + len <= f->x0 + f->pw ? col + 2 : col - 1 - len;
	if (c >= f->x0)
		grid_put_text(g, c, f->y0 + f->ph - 1, len, label, PLOT_C_MARK, f->ascii);
}

/* 1 when the cells [c0, c1) of row r hold nothing drawn. */
static int row_blank(plot_grid *g, int r, int c0, int c1)
{
	for (int c = c0; c < c1; c++) {
		const plot_cell *p = grid_cell(g, c, r);
		if (p && p->ch != ' ' && p->ch != BRAILLE_BASE)
			return 0;
	}
	return 1;
}

/* "You are here": a mark at (x, y) and its label beside it, on the first free place of: its
 * row to the right (or left), the row above, the row below. */
static void draw_here(plot_grid *g, const frame *f, const plot_spec *spec)
{
	double x = plot_x(f, spec->here_x), y = plot_y(f, spec->here_y);
	int col = isfinite(x) ? frame_col(f, x) : -1, row = isfinite(y) ? frame_row(f, y) : -1;
	if (col < 0 || row < 0)
		return;
	grid_put(g, col, row, f->ascii ? HERE_ASCII : HERE_UNI, PLOT_C_MARK);
	int len = spec->here_label ? grid_text_width(spec->here_label) : 0;
	if (!len)
		return;
	int right = col + 2 + len <= f->x0 + f->pw ? col + 2 : col - 1 - len;
	int rows[3] = { row, row - 1, row + 1 };
	for (int i = 0; i < 3; i++) {
		int r = rows[i];
		if (right < f->x0 || r < f->y0 || r >= f->y0 + f->ph)
			continue;
		if (row_blank(g, r, right - (i == 0), right + len) || i == 2) {
			grid_put_text(g, right, r, len, spec->here_label, PLOT_C_MARK, f->ascii);
			return;
		}
	}
}

/* The legend: "— name" per labelled series that has points (its mark for scatter series), in
 * its colour, at the right of the plot area's top row, or of the first row from the top or the
 * bottom that nothing is drawn under; one entry under another when no row is long enough.
 * Cells under it are blanked so that it reads over the curves.  s: (ns,) */
static void draw_legend(plot_grid *g, const frame *f, const plot_series *s, int ns)
{
	int n = 0, width = 0, widest = 0;
	for (int k = 0; k < ns; k++)
		if (s[k].label && *s[k].label && s[k].n > 0) {
			int w = 2 + grid_text_width(s[k].label);
			width += (n ? 2 : 0) + w;
			widest = w > widest ? w : widest;
			n++;
		}
	if (!n || f->ph < 1)
		return;
	int one_row = width + 1 <= f->pw, right = f->x0 + f->pw;
	int c = one_row ? right - width : right - widest, r = f->y0;
	if (c - 1 < f->x0 || (!one_row && n > f->ph)) /* the blank before it stays off the axis */
		return;
	for (int i = 0; one_row && i < f->ph; i++) { /* top, bottom, second, second from the bottom … */
		int row = i % 2 ? f->y0 + f->ph - 1 - i / 2 : f->y0 + i / 2;
		if (row_blank(g, row, c - 1, right)) {
			r = row;
			break;
		}
	}
	for (int k = 0; k < ns; k++) {
		if (!s[k].label || !*s[k].label || s[k].n <= 0)
			continue;
		int color = s[k].color >= 0 && s[k].color < PLOT_C_COUNT ? s[k].color : PLOT_C_SERIES1;
		uint32_t mark = s[k].points ? scatter_mark(f, color) : f->ascii ? '*' : LEGEND_LINE_UNI;
		int len = grid_text_width(s[k].label);
		if (!one_row)
			for (int x = c - 1; x < right; x++) /* blank the whole entry's row */
				grid_put(g, x, r, ' ', PLOT_C_DEFAULT);
		grid_put(g, c - 1, r, ' ', PLOT_C_DEFAULT);
		grid_put(g, c, r, mark, color);
		grid_put(g, c + 1, r, ' ', PLOT_C_DEFAULT);
		grid_put_text(g, c + 2, r, len, s[k].label, color, f->ascii);
		if (one_row) {
			c += 2 + len;
			for (int x = c; x < c + 2 && x < right; x++) /* the gap to the next entry */
				grid_put(g, x, r, ' ', PLOT_C_DEFAULT);
			c += 2;
		} else {
			r++;
		}
	}
}

int plot_lines(plot_grid *g, const plot_spec *spec, const plot_series *s, int nseries)
{
	if (!g || !g->cells || !spec || (nseries > 0 && !s))
		return -1;
	if (nseries < 0)
		nseries = 0;
	plot_grid_clear(g);
	frame f;
	frame_init(&f, spec, 1);
	f.logy = spec->logy;
	f.logx = spec->logx;
	if (find_ranges(&f, spec, s, nseries) <= 0)
		return frame_message(g, spec, PLOT_NO_DATA);
	ticks yt, xt;
	frame_layout(g, &f, spec, &yt, &xt);
	frame_axes(g, &f, &yt, &xt);
	frame_labels(g, &f, spec);
	if (spec->has_vline)
		draw_vline(g, &f, spec->vline_x, spec->vline_label);
	for (int pass = 0; pass < 2; pass++) /* lines, then the scatter marks over them */
		for (int k = 0; k < nseries; k++)
			if (!s[k].points == !pass)
				draw_series(g, &f, &s[k]);
	if (spec->has_here)
		draw_here(g, &f, spec);
	draw_legend(g, &f, s, nseries);
	return 0;
}
