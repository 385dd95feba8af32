/* frame.c — the frame every plot is drawn in: the data ranges, where the title, plot area,
 * axes and labels go in the grid, the mapping from data to dots and cells, and the axes and
 * labels themselves (plot_lines and plot_heat share it).
 */
#include "draw.h"
#include <float.h>
#include <math.h>
#include <string.h>

#define FAR_DOTS 1e9 /* off-screen coordinates are clamped here so integer maths stays safe */

/* the path's end is 'X' in ASCII: '@' is the heat ramp's highest shade */
static const glyphs glyphs_ascii = { '|', '-', '+', '+', '+', 'o', 'X' };
static const glyphs glyphs_uni = { 0x2502, 0x2500, 0x2524, 0x252C, 0x2514, 0x2022, 0x25CF };

/* ---- ranges ------------------------------------------------------------------------------ */

/* Grow [lo, hi] by v. */
void range_grow(double *lo, double *hi, double v)
{
	if (v < *lo)
		*lo = v;
	if (v > *hi)
		*hi = v;
}

/* Widen an empty or degenerate range so that a single value sits mid-plot. */
void range_pad(double *lo, double *hi, int logy)
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

/* ---- layout ------------------------------------------------------------------------------ */

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

void frame_init(frame *f, const plot_spec *spec, int braille_dots)
{
	memset(f, 0, sizeof *f);
	f->ascii = spec->glyphs != PLOT_BRAILLE;
	f->gl = f->ascii ? &glyphs_ascii : &glyphs_uni;
	f->dw = braille_dots && !f->ascii ? 2 : 1;
	f->dh = braille_dots && !f->ascii ? 4 : 1;
}

/* Rows, y ticks, columns, x ticks: each step needs the size fixed by the one before. */
void frame_layout(plot_grid *g, frame *f, const plot_spec *spec, ticks *yt, ticks *xt)
{
	layout_rows(f, g->h, spec);
	/* a label every third row reads well; log labels are short powers, so allow every other */
	ticks_make(yt, f->ylo, f->yhi, f->logy ? f->ph / 2 : f->ph / 3 + 1, f->logy);
	layout_cols(f, g->w, ticks_width(yt));
	ticks probe; /* how wide x labels get decides how many fit */
	probe.n = 2;
	probe.v[0] = f->logx ? pow(10, f->xlo) : f->xlo;
	probe.v[1] = f->logx ? pow(10, f->xhi) : f->xhi;
	ticks_label(&probe, 0);
	int lw = ticks_width(&probe) + 4;
	ticks_make(xt, f->xlo, f->xhi, f->pw / (lw > 10 ? lw : 10), f->logx);
}

/* ---- mapping ----------------------------------------------------------------------------- */

/* Fraction of the way from lo to hi; halves keep hi - lo finite for any finite inputs. */
static double frac_of(double v, double lo, double hi)
{
	return (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5);
}

static double clamp_far(double d)
{
	return d < -FAR_DOTS ? -FAR_DOTS : d > FAR_DOTS ? FAR_DOTS : d;
}

/* Plot-unit x (log10 when logx) to a dot column (fractional; 0 .. pw*dw-1 on screen). */
double frame_dot_x(const frame *f, double x)
{
	return clamp_far(frac_of(x, f->xlo, f->xhi) * (f->pw * f->dw - 1));
}

/* Plot-unit y (log10 when logy) to a dot row counted from the top. */
double frame_dot_y(const frame *f, double y)
{
	return clamp_far((1 - frac_of(y, f->ylo, f->yhi)) * (f->ph * f->dh - 1));
}

/* Nearest dot; NaN (which should not get here) lands off the area instead of in UB. */
int frame_round_dot(double d)
{
	return isnan(d) ? -1 : (int)floor(clamp_far(d) + 0.5);
}

/* Cell row (absolute) of a plot-unit y, or -1 off the plot. */
int frame_row(const frame *f, double y)
{
	int d = frame_round_dot(frame_dot_y(f, y));
	return d < 0 || d >= f->ph * f->dh ? -1 : f->y0 + d / f->dh;
}

/* Cell column (absolute) of a plot-unit x, or -1 off the plot. */
int frame_col(const frame *f, double x)
{
	int d = frame_round_dot(frame_dot_x(f, x));
	return d < 0 || d >= f->pw * f->dw ? -1 : f->x0 + d / f->dw;
}

/* ---- axes and labels ------------------------------------------------------------------------ */

/* A short label centred on col, kept inside the grid; returns its last column, or -1 if it
 * would overlap something left of min_col. */
static int put_centered(plot_grid *g, int col, int row, int min_col, const char *s, int color,
                        int ascii)
{
	int len = grid_text_width(s), c = col - (len - 1) / 2;
	if (c + len > g->w)
		c = g->w - len;
	if (c < 0)
		c = 0;
	if (c < min_col)
		return -1;
	grid_put_text(g, c, row, g->w - c, s, color, ascii);
	return c + len - 1;
}

/* The axis lines with tick marks, y labels left of the axis and x labels below it. */
void frame_axes(plot_grid *g, const frame *f, const ticks *yt, const ticks *xt)
{
	const glyphs *gl = f->gl;
	if (f->axis_col >= 0)
		for (int r = f->y0; r < f->y0 + f->ph; r++)
			grid_put(g, f->axis_col, r, gl->vbar, PLOT_C_AXIS);
	if (f->axis_row >= 0) {
		for (int c = f->x0; c < g->w; c++)
			grid_put(g, c, f->axis_row, gl->hbar, PLOT_C_AXIS);
		if (f->axis_col >= 0)
			grid_put(g, f->axis_col, f->axis_row, gl->corner, PLOT_C_AXIS);
	}
	int last = -1;
	for (int i = 0; i < yt->n; i++) {
		int r = frame_row(f, f->logy ? log10(yt->v[i]) : yt->v[i]);
		if (r < 0 || r == last)
			continue;
		last = r;
		if (f->axis_col >= 0)
			grid_put(g, f->axis_col, r, gl->ytick, PLOT_C_AXIS);
		int len = (int)strlen(yt->label[i]);
		if (f->label_w > 0)
			grid_put_text(g, f->label_w - len, r, len, yt->label[i], PLOT_C_AXIS, 1);
	}
	if (f->axis_row < 0)
		return;
	int right = -2;
	for (int i = 0; i < xt->n; i++) {
		int c = frame_col(f, f->logx ? log10(xt->v[i]) : xt->v[i]);
		if (c < 0)
			continue;
		int end = put_centered(g, c, f->label_row, right + 2, xt->label[i], PLOT_C_AXIS, 1);
		if (end >= 0) {
			right = end;
			grid_put(g, c, f->axis_row, gl->xtick, PLOT_C_AXIS);
		}
	}
}

/* Title (centred over the plot), ylabel (top left) and xlabel (below, or beside the ticks). */
void frame_labels(plot_grid *g, const frame *f, const plot_spec *spec)
{
	int used = 0;
	if (f->title_row >= 0 && spec->ylabel && *spec->ylabel)
		used = grid_put_text(g, 0, f->title_row, g->w, spec->ylabel, PLOT_C_AXIS, f->ascii) + 2;
	if (f->title_row >= 0 && spec->title && *spec->title) {
		int len = grid_text_width(spec->title), c = f->x0 + (f->pw - len) / 2;
		if (c + len > g->w)
			c = g->w - len;
		if (c < used)
			c = used;
		grid_put_text(g, c, f->title_row, g->w - c, spec->title, PLOT_C_AXIS, f->ascii);
	}
	if (!spec->xlabel || !*spec->xlabel)
		return;
	int len = grid_text_width(spec->xlabel);
	if (f->xlabel_row >= 0) {
		int c = f->x0 + (f->pw - len) / 2;
		grid_put_text(g, c < 0 ? 0 : c, f->xlabel_row, g->w, spec->xlabel, PLOT_C_AXIS, f->ascii);
	} else if (f->label_row >= 0) {
		/* share the tick-label row when the right end is free */
		int c = g->w - len, free_from = g->w;
		while (free_from > 0 && grid_cell(g, free_from - 1, f->label_row)->ch == ' ')
			free_from--;
		if (c >= free_from + 2)
			grid_put_text(g, c, f->label_row, len, spec->xlabel, PLOT_C_AXIS, f->ascii);
	}
}

/* Clear g, then the title and a one-line message in the middle; returns -1 for the caller. */
int frame_message(plot_grid *g, const plot_spec *spec, const char *msg)
{
	plot_grid_clear(g);
	int ascii = spec->glyphs != PLOT_BRAILLE;
	int row = g->h / 2;
	if (g->h > 1 && spec->title && *spec->title) {
		grid_put_text(g, 0, 0, g->w, spec->title, PLOT_C_AXIS, ascii);
		if (row == 0)
			row = 1;
	}
	int len = (int)strlen(msg), c = (g->w - len) / 2;
	grid_put_text(g, c < 0 ? 0 : c, row, g->w, msg, PLOT_C_AXIS, 1);
	return -1;
}
