/* plot.c — numbers to a grid of character cells (see plot.h).
 *
 * Curves are rasterised in "dot space": 2x4 dots per cell in braille mode (Unicode braille
 * patterns, U+2800 plus one bit per dot), 1x1 in ASCII mode.  Everything is drawn into the
 * caller's grid; plot_lines and plot_heat use only bounded stack arrays, because the UI
 * redraws ~30 times a second while training.
 */
#include "grid.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_MAX_DIM 10000 /* larger grids are a caller bug, not a plot */
#define MAX_TICKS 16
#define LABEL_LEN 32
#define FAR_DOTS 1e9 /* off-screen coordinates are clamped here so integer maths stays safe */

static const char NO_DATA[] = "(no finite values to plot)";

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

/* Heat ramps, low to high: (10,) ASCII and (5,) Unicode shades. */
static const char heat_ascii[] = " .:-=+*#%@";
static const uint32_t heat_uni[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };

/* ASCII scatter marks by colour, so series stay apart in uncoloured text.  (PLOT_C_COUNT,) */
static const char scatter_ascii[PLOT_C_COUNT] = { 'o', 'o', 'o', 'x', '+', '!', '@', '-', '+' };

/* Glyphs for axes and marks in one glyph mode. */
typedef struct glyphs {
	uint32_t vbar, hbar, ytick, xtick, corner, path, path_end;
} glyphs;

static const glyphs glyphs_ascii = { '|', '-', '+', '+', '+', 'o', '@' };
static const glyphs glyphs_uni = { 0x2502, 0x2500, 0x2524, 0x252C, 0x2514, 0x2022, 0x25CF };

/* Where things go in the grid, and the data ranges mapped onto the plot area. */
typedef struct frame {
	int x0, y0, pw, ph;          /* plot area in cells: columns x0..x0+pw-1, rows y0..y0+ph-1 */
	int dw, dh;                  /* dots per cell: 2x4 braille, 1x1 ascii or heat */
	int title_row, axis_row, label_row, xlabel_row; /* -1 when there is no room */
	int axis_col;                /* -1 when there is no room */
	int label_w;                 /* width of the y tick labels left of the axis */
	int logy;                    /* y range and mapping are in log10 units */
	double xlo, xhi, ylo, yhi;   /* plotted ranges */
	const glyphs *gl;
	int ascii;
} frame;

/* A set of ticks with their labels.  (n,) of each. */
typedef struct ticks {
	double v[MAX_TICKS];
	char label[MAX_TICKS][LABEL_LEN];
	int n;
} ticks;

/* ---- grid ---------------------------------------------------------------------------- */

plot_grid *plot_grid_new(int w, int h)
{
	if (w <= 0 || h <= 0 || w > PLOT_MAX_DIM || h > PLOT_MAX_DIM)
		return NULL;
	plot_grid *g = malloc(sizeof *g);
	if (!g)
		return NULL;
	g->cells = calloc((size_t)w * (size_t)h, sizeof *g->cells);
	if (!g->cells) {
		free(g);
		return NULL;
	}
	g->w = w;
	g->h = h;
	plot_grid_clear(g);
	return g;
}

void plot_grid_free(plot_grid *g)
{
	if (!g)
		return;
	free(g->cells);
	free(g);
}

void plot_grid_clear(plot_grid *g)
{
	if (!g || !g->cells)
		return;
	for (long i = 0; i < (long)g->w * g->h; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].color = PLOT_C_DEFAULT;
	}
}

static plot_cell *cell_at(plot_grid *g, int col, int row)
{
	if (col < 0 || row < 0 || col >= g->w || row >= g->h)
		return NULL;
	return &g->cells[(long)row * g->w + col];
}

static void put_cell(plot_grid *g, int col, int row, uint32_t ch, int color)
{
	plot_cell *c = cell_at(g, col, row);
	if (c) {
		c->ch = ch;
		c->color = (unsigned char)color;
	}
}

/* ---- text ---------------------------------------------------------------------------- */

int plot_utf8(uint32_t cp, char *buf)
{
	/* surrogates and out-of-range values would make invalid UTF-8: emit U+FFFD instead */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Next code point of UTF-8 text at *s, advancing *s; malformed bytes become '?' one at a time. */
static uint32_t utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	int len = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
		: (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	uint32_t cp = len == 1 ? p[0] : len == 2 ? p[0] & 0x1Fu : len == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			len = 0;
			break;
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	if (len == 0) {
		*s += 1;
		return '?';
	}
	*s += len;
	return cp;
}

/* Width of UTF-8 text in cells (one per code point: labels are expected to be narrow). */
static int text_width(const char *s)
{
	int n = 0;
	while (s && *s) {
		utf8_next(&s);
		n++;
	}
	return n;
}

/* Write text from (col, row), at most max cells; returns the number of cells written. */
static int put_text(plot_grid *g, int col, int row, int max, const char *s, int color, int ascii)
{
	int n = 0;
	while (s && *s && n < max) {
		uint32_t cp = utf8_next(&s);
		if (cp < 0x20 || cp == 0x7F || (ascii && cp > 0x7E))
			cp = '?'; /* keep the grid one cell per character and legible anywhere */
		put_cell(g, col + n, row, cp, color);
		n++;
	}
	return n;
}

char *plot_grid_text(const plot_grid *g)
{
	if (!g || !g->cells)
		return NULL;
	size_t cap = (size_t)g->h * ((size_t)g->w * 4 + 1) + 1;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	size_t n = 0;
	for (int r = 0; r < g->h; r++) {
		size_t keep = n; /* end of the last non-blank cell */
		for (int c = 0; c < g->w; c++) {
			uint32_t ch = g->cells[(long)r * g->w + c].ch;
			if (ch == 0)
				ch = ' ';
			n += (size_t)plot_utf8(ch, out + n);
			if (ch != ' ')
				keep = n;
		}
		n = keep;
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

/* ---- numbers and ticks ----------------------------------------------------------------- */

/* Fraction of the way from lo to hi; halves keep hi - lo finite for any finite inputs. */
static double frac_of(double v, double lo, double hi)
{
	return (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
}

int plot_ticks(double lo, double hi, int max, double *t)
{
	if (!t || max <= 0 || !isfinite(lo) || !isfinite(hi))
		return 0;
	if (lo > hi) {
		double s = lo;
		lo = hi;
		hi = s;
	}
	double span = hi * 0.5 - lo * 0.5; /* half the span: cannot overflow */
	if (!(span > 0)) {
		t[0] = lo + 0.0;
		return 1;
	}
	/* smallest step of 1, 2 or 5 times a power of ten that yields at most max ticks */
	static const double mant[3] = { 1, 2, 5 };
	int e = (int)floor(log10(span) + log10(2.0 / max)) - 1;
	for (int tries = 0; tries < 40; tries++, e++) {
		for (int m = 0; m < 3; m++) {
			double step = mant[m] * pow(10, e);
			if (!(step > 0) || !isfinite(step))
				continue;
			double first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9);
			double count = last - first + 1;
			if (!isfinite(count) || count > max)
				continue;
			int n = 0;
			for (double k = first; k <= last && n < max; k++) {
				double v = k * step;
				t[n++] = fabs(v) < step * 1e-9 ? 0.0 : v; /* no "-0" or 1e-17 labels */
			}
			return n;
		}
	}
	t[0] = lo + 0.0;
	return 1;
}

/* Log-axis ticks in data units: powers of ten, else 1-2-5 or 1..9 per decade, else linear.
 * llo/lhi are log10 bounds.  t: (max,).  Returns the count. */
static int log_ticks(double llo, double lhi, int max, double *t)
{
	static const int sets[3][10] = { { 1, 0 }, { 1, 2, 5, 0 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 } };
	int count[3];
	for (int s = 0; s < 3; s++) {
		count[s] = 0;
		for (double k = floor(llo); k <= ceil(lhi) && count[s] <= max; k++)
			for (int m = 0; sets[s][m]; m++) {
				double l = k + log10(sets[s][m]);
				if (l >= llo - 1e-9 && l <= lhi + 1e-9)
					count[s]++;
			}
	}
	int pick = -1;
	if (count[0] > max) {
		/* many decades: every 2nd, 5th, ... power; steps are integers since range >= max */
		int n = plot_ticks(llo, lhi, max, t);
		for (int i = 0; i < n; i++)
			t[i] = pow(10, round(t[i]));
		return n;
	}
	if (count[0] >= 3 || max < 3)
		pick = 0;
	else if (count[1] >= 2 && count[1] <= max)
		pick = 1;
	else if (count[0] >= 2)
		pick = 0;
	else if (count[2] >= 2 && count[2] <= max)
		pick = 2;
	if (pick < 0 || count[pick] == 0) {
		int n = plot_ticks(pow(10, llo), pow(10, lhi), max, t), k = 0;
		for (int i = 0; i < n; i++)
			if (t[i] > 0)
				t[k++] = t[i];
		return k;
	}
	int n = 0;
	for (double k = floor(llo); k <= ceil(lhi); k++)
		for (int m = 0; sets[pick][m] && n < max; m++) {
			double l = k + log10(sets[pick][m]);
			if (l >= llo - 1e-9 && l <= lhi + 1e-9)
				t[n++] = sets[pick][m] * pow(10, k);
		}
	return n;
}

/* One tick label: integers plainly, log-axis 1-digit mantissas as 1e-02, else %.<prec>g. */
static void fmt_tick(char *buf, double v, int logy, int prec)
{
	v += 0.0; /* no "-0" */
	if (logy && v > 0) {
		double e = floor(log10(v) + 1e-9), m = v / pow(10, e);
		if (fabs(m - round(m)) < 1e-6 && round(m) < 10) {
			snprintf(buf, LABEL_LEN, "%.0e", v);
			return;
		}
	}
	if (fabs(v) < 1e6 && v == floor(v))
		snprintf(buf, LABEL_LEN, "%.0f", v);
	else
		snprintf(buf, LABEL_LEN, "%.*g", prec, v);
}

/* Labels for tk->v, with just enough precision that neighbours differ. */
static void label_ticks(ticks *tk, int logy)
{
	for (int prec = 3; prec <= 12; prec++) {
		int clash = 0;
		for (int i = 0; i < tk->n; i++) {
			fmt_tick(tk->label[i], tk->v[i], logy, prec);
			if (i > 0 && strcmp(tk->label[i], tk->label[i - 1]) == 0)
				clash = 1;
		}
		if (!clash)
			return;
	}
}

static int ticks_width(const ticks *tk)
{
	int w = 0;
	for (int i = 0; i < tk->n; i++) {
		int l = (int)strlen(tk->label[i]);
		w = l > w ? l : w;
	}
	return w;
}

/* Widen an empty or degenerate range so that a single value sits mid-plot. */
static void pad_range(double *lo, double *hi, int logy)
{
	if (*hi * 0.5 - *lo * 0.5 > 0.5e-9 * fmax(fabs(*lo), fabs(*hi)))
		return;
	double mid = *lo * 0.5 + *hi * 0.5;
	double d = logy ? 0.5 : fabs(mid) * 0.1; /* log: half a decade either side */
	if (d == 0)
		d = 1;
	*lo = fmax(mid - d, -DBL_MAX); /* near DBL_MAX, padding must not reach infinity */
	*hi = fmin(mid + d, DBL_MAX);
}

/* ---- layout ---------------------------------------------------------------------------- */

/* Rows: title (or ylabel) on top, then the plot, the x axis, tick labels, the x label.
 * Optional rows are given up, least useful first, until the plot has some height. */
static void layout_rows(frame *f, int h, const plot_spec *spec)
{
	int top = (spec->title && *spec->title) || (spec->ylabel && *spec->ylabel);
	int axis = 1, xlab = spec->xlabel && *spec->xlabel;
	if (xlab && h - top - 2 - 1 < 8)
		xlab = 0; /* it can share the tick-label row instead */
	if (top && h - top - 2 * axis - xlab < 2)
		top = 0;
	if (axis && h - top - 2 * axis - xlab < 2)
		axis = 0;
	f->title_row = top ? 0 : -1;
	f->y0 = top;
	f->ph = h - top - 2 * axis - xlab;
	if (f->ph < 1)
		f->ph = 1;
	f->axis_row = axis ? f->y0 + f->ph : -1;
	f->label_row = axis ? f->axis_row + 1 : -1;
	f->xlabel_row = xlab ? f->label_row + 1 : -1;
}

/* Columns: y tick labels, the axis line, then the plot; labels go first when narrow. */
static void layout_cols(frame *f, int w, int label_w)
{
	if (w - label_w - 1 < 8 || label_w > w / 2)
		label_w = 0;
	int axis = w >= 4;
	f->label_w = label_w;
	f->axis_col = axis ? label_w : -1;
	f->x0 = label_w + axis;
	f->pw = w - f->x0;
	if (f->pw < 1) {
		f->x0 = 0;
		f->pw = w;
	}
}

static void init_frame(frame *f, const plot_spec *spec, int braille_dots)
{
	memset(f, 0, sizeof *f);
	f->ascii = spec->glyphs != PLOT_BRAILLE;
	f->gl = f->ascii ? &glyphs_ascii : &glyphs_uni;
	f->dw = braille_dots && !f->ascii ? 2 : 1;
	f->dh = braille_dots && !f->ascii ? 4 : 1;
}

/* ---- mapping --------------------------------------------------------------------------- */

static double clamp_far(double d)
{
	return d < -FAR_DOTS ? -FAR_DOTS : d > FAR_DOTS ? FAR_DOTS : d;
}

/* Data x to a dot column (fractional; 0 .. pw*dw-1 on screen). */
static double dot_x(const frame *f, double x)
{
	return clamp_far(frac_of(x, f->xlo, f->xhi) * (f->pw * f->dw - 1));
}

/* Plot-unit y (log10 when logy) to a dot row counted from the top. */
static double dot_y(const frame *f, double y)
{
	return clamp_far((1 - frac_of(y, f->ylo, f->yhi)) * (f->ph * f->dh - 1));
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

/* Nearest dot; NaN (which should not get here) lands off the area instead of in UB. */
static int round_dot(double d)
{
	return isnan(d) ? -1 : (int)floor(clamp_far(d) + 0.5);
}

/* ---- drawing ----------------------------------------------------------------------------- */

/* Light one dot of the plot area (dx, dy in dots, dy from the top); off-area dots are ignored. */
static void set_dot(plot_grid *g, const frame *f, int dx, int dy, int color, uint32_t ascii_ch)
{
	if (dx < 0 || dy < 0 || dx >= f->pw * f->dw || dy >= f->ph * f->dh)
		return;
	plot_cell *c = cell_at(g, f->x0 + dx / f->dw, f->y0 + dy / f->dh);
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
	int x = round_dot(p[0]), y = round_dot(p[1]), x1 = round_dot(p[2]), y1 = round_dot(p[3]);
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

/* A short label centred on col, kept inside the grid; returns its last column, or -1 if it
 * would overlap something left of min_col. */
static int put_centered(plot_grid *g, int col, int row, int min_col, const char *s, int color,
                        int ascii)
{
	int len = text_width(s), c = col - (len - 1) / 2;
	if (c + len > g->w)
		c = g->w - len;
	if (c < 0)
		c = 0;
	if (c < min_col)
		return -1;
	put_text(g, c, row, g->w - c, s, color, ascii);
	return c + len - 1;
}

/* Cell row (absolute) of a plot-unit y, or -1 off the plot. */
static int row_of(const frame *f, double y)
{
	int d = round_dot(dot_y(f, y));
	return d < 0 || d >= f->ph * f->dh ? -1 : f->y0 + d / f->dh;
}

static int col_of(const frame *f, double x)
{
	int d = round_dot(dot_x(f, x));
	return d < 0 || d >= f->pw * f->dw ? -1 : f->x0 + d / f->dw;
}

/* The axis lines with tick marks, y labels left of the axis and x labels below it. */
static void draw_axes(plot_grid *g, const frame *f, const ticks *yt, const ticks *xt)
{
	const glyphs *gl = f->gl;
	if (f->axis_col >= 0)
		for (int r = f->y0; r < f->y0 + f->ph; r++)
			put_cell(g, f->axis_col, r, gl->vbar, PLOT_C_AXIS);
	if (f->axis_row >= 0) {
		for (int c = f->x0; c < g->w; c++)
			put_cell(g, c, f->axis_row, gl->hbar, PLOT_C_AXIS);
		if (f->axis_col >= 0)
			put_cell(g, f->axis_col, f->axis_row, gl->corner, PLOT_C_AXIS);
	}
	int last = -1;
	for (int i = 0; i < yt->n; i++) {
		int r = row_of(f, f->logy ? log10(yt->v[i]) : yt->v[i]);
		if (r < 0 || r == last)
			continue;
		last = r;
		if (f->axis_col >= 0)
			put_cell(g, f->axis_col, r, gl->ytick, PLOT_C_AXIS);
		int len = (int)strlen(yt->label[i]);
		if (f->label_w > 0)
			put_text(g, f->label_w - len, r, len, yt->label[i], PLOT_C_AXIS, 1);
	}
	if (f->axis_row < 0)
		return;
	int right = -2;
	for (int i = 0; i < xt->n; i++) {
		int c = col_of(f, xt->v[i]);
		if (c < 0)
			continue;
		int end = put_centered(g, c, f->label_row, right + 2, xt->label[i], PLOT_C_AXIS, 1);
		if (end >= 0) {
			right = end;
			put_cell(g, c, f->axis_row, gl->xtick, PLOT_C_AXIS);
		}
	}
}

/* Title (centred over the plot), ylabel (top left) and xlabel (below, or beside the ticks). */
static void draw_labels(plot_grid *g, const frame *f, const plot_spec *spec)
{
	int used = 0;
	if (f->title_row >= 0 && spec->ylabel && *spec->ylabel)
		used = put_text(g, 0, f->title_row, g->w, spec->ylabel, PLOT_C_AXIS, f->ascii) + 2;
	if (f->title_row >= 0 && spec->title && *spec->title) {
		int len = text_width(spec->title), c = f->x0 + (f->pw - len) / 2;
		if (c + len > g->w)
			c = g->w - len;
		if (c < used)
			c = used;
		put_text(g, c, f->title_row, g->w - c, spec->title, PLOT_C_AXIS, f->ascii);
	}
	if (!spec->xlabel || !*spec->xlabel)
		return;
	int len = text_width(spec->xlabel);
	if (f->xlabel_row >= 0) {
		int c = f->x0 + (f->pw - len) / 2;
		put_text(g, c < 0 ? 0 : c, f->xlabel_row, g->w, spec->xlabel, PLOT_C_AXIS, f->ascii);
	} else if (f->label_row >= 0) {
		/* share the tick-label row when the right end is free */
		int c = g->w - len, free_from = g->w;
		while (free_from > 0 && cell_at(g, free_from - 1, f->label_row)->ch == ' ')
			free_from--;
		if (c >= free_from + 2)
			put_text(g, c, f->label_row, len, spec->xlabel, PLOT_C_AXIS, f->ascii);
	}
}

/* Clear g, then the title and a one-line message in the middle; returns -1 for the caller. */
static int draw_message(plot_grid *g, const plot_spec *spec, const char *msg)
{
	plot_grid_clear(g);
	int ascii = spec->glyphs != PLOT_BRAILLE;
	int row = g->h / 2;
	if (g->h > 1 && spec->title && *spec->title) {
		put_text(g, 0, 0, g->w, spec->title, PLOT_C_AXIS, ascii);
		if (row == 0)
			row = 1;
	}
	int len = (int)strlen(msg), c = (g->w - len) / 2;
	put_text(g, c < 0 ? 0 : c, row, g->w, msg, PLOT_C_AXIS, 1);
	return -1;
}

/* ---- line plots -------------------------------------------------------------------------- */

static double series_x(const plot_series *s, int i)
{
	return s->x ? s->x[i] : (double)i;
}

/* Grow [lo, hi] by v. */
static void grow(double *lo, double *hi, double v)
{
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* Extend the y range by point i's y and band, in plot units; returns 1 if any was drawable. */
static int grow_y(const frame *f, const plot_series *s, int i, double *lo, double *hi)
{
	double v[3] = { s->y ? s->y[i] : NAN, s->ylo ? s->ylo[i] : NAN, s->yhi ? s->yhi[i] : NAN };
	int any = 0;
	for (int k = 0; k < 3; k++) {
		double y = plot_y(f, v[k]);
		if (isfinite(y)) {
			grow(lo, hi, y);
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
	int fixed_x = spec->has_xrange && isfinite(spec->xmin) && isfinite(spec->xmax);
	long drawable = 0;
	for (int k = 0; k < ns; k++)
		for (int i = 0; i < s[k].n; i++) {
			double x = series_x(&s[k], i);
			if (!isfinite(x) || !grow_y(f, &s[k], i, &ylo, &yhi))
				continue;
			drawable++;
			grow(&xlo, &xhi, x);
			if (fixed_x && x >= fmin(spec->xmin, spec->xmax) && x <= fmax(spec->xmin, spec->xmax))
				grow_y(f, &s[k], i, &vylo, &vyhi);
		}
	if (fixed_x) {
		xlo = fmin(spec->xmin, spec->xmax);
		xhi = fmax(spec->xmin, spec->xmax);
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
	pad_range(&xlo, &xhi, 0);
	pad_range(&ylo, &yhi, f->logy);
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
		double x = series_x(s, i), a = plot_y(f, s->ylo[i]), b = plot_y(f, s->yhi[i]);
		if (f->logy && isfinite(b) && !isfinite(a) && isfinite(s->ylo[i]))
			a = f->ylo; /* a band reaching down to zero or below runs off the bottom */
		if (!isfinite(x) || !isfinite(a) || !isfinite(b))
			continue;
		int color = s->bad_from >= 0 && i >= s->bad_from ? PLOT_C_BAD : s->color;
		double dx = dot_x(f, x);
		draw_segment(g, f, dx, dot_y(f, a), dx, dot_y(f, b), color, '|');
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
		double x = series_x(s, i), y = plot_y(f, s->y[i]);
		if (!isfinite(x) || !isfinite(y)) {
			have_prev = 0;
			continue;
		}
		int color = s->bad_from >= 0 && i >= s->bad_from ? PLOT_C_BAD : color0;
		double dx = dot_x(f, x), dy = dot_y(f, y);
		if (have_prev && !s->points)
			draw_segment(g, f, px, py, dx, dy, color, mark);
		else
			set_dot(g, f, round_dot(dx), round_dot(dy), color, mark);
		px = dx;
		py = dy;
		have_prev = 1;
	}
}

/* A dotted vertical marker at data x. */
static void draw_vline(plot_grid *g, const frame *f, double x)
{
	if (!isfinite(x))
		return;
	int dx = round_dot(dot_x(f, x));
	for (int dy = 0; dy < f->ph * f->dh; dy += f->ascii ? 1 : 2)
		set_dot(g, f, dx, dy, PLOT_C_MARK, ':');
}

/* Tick values and labels for both axes; the y labels set how wide the left margin is. */
static void make_ticks(ticks *t, double lo, double hi, int max, int logy)
{
	max = max < 2 ? 2 : max > MAX_TICKS ? MAX_TICKS : max;
	t->n = logy ? log_ticks(lo, hi, max, t->v) : plot_ticks(lo, hi, max, t->v);
	label_ticks(t, logy);
}

/* Rows, y ticks, columns, x ticks: each step needs the size fixed by the one before. */
static void layout(plot_grid *g, frame *f, const plot_spec *spec, ticks *yt, ticks *xt)
{
	layout_rows(f, g->h, spec);
	/* a label every third row reads well; log labels are short powers, so allow every other */
	make_ticks(yt, f->ylo, f->yhi, f->logy ? f->ph / 2 : f->ph / 3 + 1, f->logy);
	layout_cols(f, g->w, ticks_width(yt));
	ticks probe; /* how wide x labels get decides how many fit */
	probe.n = 2;
	probe.v[0] = f->xlo;
	probe.v[1] = f->xhi;
	label_ticks(&probe, 0);
	int lw = ticks_width(&probe) + 4;
	make_ticks(xt, f->xlo, f->xhi, f->pw / (lw > 10 ? lw : 10), 0);
}

int plot_lines(plot_grid *g, const plot_spec *spec, const plot_series *s, int nseries)
{
	if (!g || !g->cells || !spec || (nseries > 0 && !s))
		return -1;
	if (nseries < 0)
		nseries = 0;
	plot_grid_clear(g);
	frame f;
	init_frame(&f, spec, 1);
	f.logy = spec->logy;
	if (find_ranges(&f, spec, s, nseries) <= 0)
		return draw_message(g, spec, NO_DATA);
	ticks yt, xt;
	layout(g, &f, spec, &yt, &xt);
	draw_axes(g, &f, &yt, &xt);
	draw_labels(g, &f, spec);
	if (spec->has_vline)
		draw_vline(g, &f, spec->vline_x);
	for (int k = 0; k < nseries; k++)
		draw_series(g, &f, &s[k]);
	return 0;
}

/* ---- heat maps ----------------------------------------------------------------------------- */

/* Value to shade in plot units (log10 when spec->logy; non-positive then counts as lowest). */
static double heat_value(double v, int logy)
{
	if (!isfinite(v))
		return NAN;
	if (!logy)
		return v;
	return v > 0 ? log10(v) : -INFINITY;
}

/* Sampled value for plot cell (c, r), r counted from the top; v is (rows, cols), row 0 at
 * the bottom, samples at the grid points including both ends of each range. */
static double heat_sample(const frame *f, const double *v, int rows, int cols, int c, int r)
{
	int j = f->pw > 1 ? (int)floor((double)c / (f->pw - 1) * (cols - 1) + 0.5) : cols / 2;
	int i = f->ph > 1 ? (int)floor((double)(f->ph - 1 - r) / (f->ph - 1) * (rows - 1) + 0.5) : rows / 2;
	return v[(long)i * cols + j];
}

/* A short legend "lo <ramp> hi" on the title row's right end, when it fits. */
static void heat_legend(plot_grid *g, const frame *f, double lo, double hi, int logy)
{
	if (f->title_row < 0)
		return;
	ticks t;
	t.n = 2;
	t.v[0] = logy ? pow(10, lo) : lo;
	t.v[1] = logy ? pow(10, hi) : hi;
	label_ticks(&t, 0);
	int nlev = f->ascii ? (int)strlen(heat_ascii) : 5;
	int len = (int)strlen(t.label[0]) + 1 + nlev + 1 + (int)strlen(t.label[1]);
	int c = g->w - len, free_from = g->w;
	while (free_from > 0 && cell_at(g, free_from - 1, f->title_row)->ch == ' ')
		free_from--;
	if (c < free_from + 2)
		return;
	c += put_text(g, c, f->title_row, LABEL_LEN, t.label[0], PLOT_C_AXIS, 1) + 1;
	for (int k = 0; k < nlev; k++)
		put_cell(g, c++, f->title_row, f->ascii ? (uint32_t)heat_ascii[k] : heat_uni[k],
		         k < (nlev + 1) / 2 ? PLOT_C_NEG : PLOT_C_POS);
	put_text(g, c + 1, f->title_row, LABEL_LEN, t.label[1], PLOT_C_AXIS, 1);
}

/* Shade every plot cell by its sampled value; non-finite values show as '!'. */
static void heat_fill(plot_grid *g, const frame *f, const double *v, int rows, int cols,
                      double lo, double hi, int logy)
{
	int nlev = f->ascii ? (int)strlen(heat_ascii) : 5;
	for (int r = 0; r < f->ph; r++)
		for (int c = 0; c < f->pw; c++) {
			double x = heat_value(heat_sample(f, v, rows, cols, c, r), logy);
			if (isnan(x)) {
				put_cell(g, f->x0 + c, f->y0 + r, '!', PLOT_C_BAD);
				continue;
			}
			double t = hi > lo ? (x - lo) / (hi - lo) : 0.5;
			t = t > 0 ? (t < 1 ? t : 1) : 0; /* also catches log10(0) = -inf */
			int k = (int)floor(t * (nlev - 1) + 0.5);
			uint32_t ch = f->ascii ? (uint32_t)heat_ascii[k] : heat_uni[k];
			put_cell(g, f->x0 + c, f->y0 + r, ch, k < (nlev + 1) / 2 ? PLOT_C_NEG : PLOT_C_POS);
		}
}

/* The path as marks over the shading, its last drawable point distinct. */
static void heat_path(plot_grid *g, const frame *f, const double *px, const double *py, int n)
{
	int last = -1;
	for (int i = 0; i < n; i++)
		if (isfinite(px[i]) && isfinite(py[i]))
			last = i;
	for (int i = 0; i <= last; i++) {
		if (!isfinite(px[i]) || !isfinite(py[i]))
			continue;
		int c = col_of(f, px[i]), r = row_of(f, py[i]);
		if (c >= 0 && r >= 0)
			put_cell(g, c, r, i == last ? f->gl->path_end : f->gl->path, PLOT_C_MARK);
	}
}

/* Labelled points over the shading: class 0 and class 1 in distinct marks and colours. */
static void heat_points(plot_grid *g, const frame *f, const double *px, const double *py, const double *cls,
                        int n)
{
	for (int i = 0; i < n; i++) {
		if (!isfinite(px[i]) || !isfinite(py[i]))
			continue;
		int c = col_of(f, px[i]), r = row_of(f, py[i]);
		int one = cls[i] > 0.5;
		uint32_t ch = f->ascii ? (one ? 'x' : 'o') : (one ? 0x25CF : 0x25CB); /* ● ○ */
		if (c >= 0 && r >= 0)
			put_cell(g, c, r, ch, one ? PLOT_C_SERIES2 : PLOT_C_MARK);
	}
}

/* Everything of a heat map but what goes over the shading; fills *f. */
static int heat_base(plot_grid *g, const plot_spec *spec, const double *v, int rows, int cols, frame *fr)
{
	if (!g || !g->cells || !spec)
		return -1;
	plot_grid_clear(g);
	int logy = spec->logy;
	double lo = INFINITY, hi = -INFINITY;
	for (long i = 0; v && rows > 0 && cols > 0 && i < (long)rows * cols; i++) {
		double x = heat_value(v[i], logy);
		if (isfinite(x))
			grow(&lo, &hi, x);
	}
	if (!(lo <= hi)) {
		/* with log shading, all values <= 0 still have a finite (lowest) shade */
		int any = 0;
		for (long i = 0; logy && v && rows > 0 && cols > 0 && i < (long)rows * cols; i++)
			any |= isfinite(v[i]);
		if (!any)
			return draw_message(g, spec, NO_DATA);
		lo = hi = 0;
	}
	frame f;
	init_frame(&f, spec, 0);
	*fr = f;
	/* v's first column is at xmin and first row at ymin, so reversed ranges are just swapped */
	f.xlo = spec->has_xrange ? fmin(spec->xmin, spec->xmax) : 0;
	f.xhi = spec->has_xrange ? fmax(spec->xmin, spec->xmax) : cols - 1;
	f.ylo = spec->has_yrange ? fmin(spec->ymin, spec->ymax) : 0;
	f.yhi = spec->has_yrange ? fmax(spec->ymin, spec->ymax) : rows - 1;
	if (!isfinite(f.xlo) || !isfinite(f.xhi) || !isfinite(f.ylo) || !isfinite(f.yhi))
		return draw_message(g, spec, "(bad plot range)");
	pad_range(&f.xlo, &f.xhi, 0);
	pad_range(&f.ylo, &f.yhi, 0);
	ticks yt, xt;
	layout(g, &f, spec, &yt, &xt);
	draw_axes(g, &f, &yt, &xt);
	draw_labels(g, &f, spec);
	heat_legend(g, &f, lo, hi, logy);
	heat_fill(g, &f, v, rows, cols, lo, hi, logy);
	*fr = f;
	return 0;
}

int plot_heat(plot_grid *g, const plot_spec *spec, const double *v, int rows, int cols,
              const double *px, const double *py, int npath)
{
	frame f;
	int rc = heat_base(g, spec, v, rows, cols, &f);
	if (rc == 0 && px && py && npath > 0)
		heat_path(g, &f, px, py, npath);
	return rc;
}

int plot_heat_points(plot_grid *g, const plot_spec *spec, const double *v, int rows, int cols,
                     const double *px, const double *py, const double *cls, int n)
{
	frame f;
	int rc = heat_base(g, spec, v, rows, cols, &f);
	if (rc == 0 && px && py && cls && n > 0)
		heat_points(g, &f, px, py, cls, n);
	return rc;
}
