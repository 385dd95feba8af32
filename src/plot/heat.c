/* heat.c — plot_heat and plot_heat_points: a grid of values shaded cell by cell (ASCII ramp
 * or Unicode shades) inside the frame's axes, a legend on the title row, and a path or labelled
 * points drawn over the shading.
 */
#include "draw.h"
#include <math.h>
#include <string.h>

/* Heat ramps, low to high: (10,) ASCII and (5,) Unicode shades. */
static const char heat_ascii[] = " .:-=+*#%@";
static const uint32_t heat_uni[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };

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

/* The colour key "lo [ramp] hi": the lowest and highest value at the two ends of the shades,
 * at the right end of the title row, or of the rows below the axis when the title fills its
 * row (which way is light depends on the terminal: the key shows it). */
static void heat_legend(plot_grid *g, const frame *f, double lo, double hi, int logy)
{
	ticks t;
	t.n = 2;
	t.v[0] = logy ? pow(10, lo) : lo;
	t.v[1] = logy ? pow(10, hi) : hi;
	ticks_label(&t, 0);
	int nlev = f->ascii ? (int)strlen(heat_ascii) : 5;
	int len = (int)strlen(t.label[0]) + 2 + nlev + 2 + (int)strlen(t.label[1]);
	int rows[3] = { f->title_row, f->xlabel_row, f->label_row }, row = -1;
	for (int i = 0; i < 3 && row < 0; i++) {
		if (rows[i] < 0)
			continue;
		int free_from = g->w;
		while (free_from > 0 && grid_cell(g, free_from - 1, rows[i])->ch == ' ')
			free_from--;
		if (g->w - len >= free_from + 2)
			row = rows[i];
	}
	if (row < 0)
		return;
	int c = g->w - len;
	c += grid_put_text(g, c, row, LABEL_LEN, t.label[0], PLOT_C_AXIS, 1) + 1;
	grid_put(g, c++, row, '[', PLOT_C_AXIS);
	for (int k = 0; k < nlev; k++)
		grid_put(g, c++, row, f->ascii ? (uint32_t)heat_ascii[k] : heat_uni[k],
		         k < (nlev + 1) / 2 ? PLOT_C_NEG : PLOT_C_POS);
	grid_put(g, c++, row, ']', PLOT_C_AXIS);
	grid_put_text(g, c + 1, row, LABEL_LEN, t.label[1], PLOT_C_AXIS, 1);
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
				grid_put(g, f->x0 + c, f->y0 + r, '!', PLOT_C_BAD);
				continue;
			}
			double t = hi > lo ? (x - lo) / (hi - lo) : 0.5;
			t = t > 0 ? (t < 1 ? t : 1) : 0; /* also catches log10(0) = -inf */
			int k = (int)floor(t * (nlev - 1) + 0.5);
			uint32_t ch = f->ascii ? (uint32_t)heat_ascii[k] : heat_uni[k];
			grid_put(g, f->x0 + c, f->y0 + r, ch, k < (nlev + 1) / 2 ? PLOT_C_NEG : PLOT_C_POS);
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
		int c = frame_col(f, px[i]), r = frame_row(f, py[i]);
		if (c >= 0 && r >= 0)
			grid_put(g, c, r, i == last ? f->gl->path_end : f->gl->path, PLOT_C_MARK);
	}
}

/* Labelled points over the shading: class 0 and class 1 in distinct marks and colours. */
static void heat_points(plot_grid *g, const frame *f, const double *px, const double *py, const double *cls,
                        int n)
{
	for (int i = 0; i < n; i++) {
		if (!isfinite(px[i]) || !isfinite(py[i]))
			continue;
		int c = frame_col(f, px[i]), r = frame_row(f, py[i]);
		int one = cls[i] > 0.5;
		uint32_t ch = f->ascii ? (one ? 'x' : 'o') : (one ? 0x25CF : 0x25CB); /* ● ○ */
		if (c >= 0 && r >= 0)
			grid_put(g, c, r, ch, one ? PLOT_C_SERIES2 : PLOT_C_MARK);
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
			range_grow(&lo, &hi, x);
	}
	if (!(lo <= hi)) {
		/* with log shading, all values <= 0 still have a finite (lowest) shade */
		int any = 0;
		for (long i = 0; logy && v && rows > 0 && cols > 0 && i < (long)rows * cols; i++)
			any |= isfinite(v[i]);
		if (!any)
			return frame_message(g, spec, PLOT_NO_DATA);
		lo = hi = 0;
	}
	frame f;
	frame_init(&f, spec, 0);
	*fr = f;
	/* v's first column is at xmin and first row at ymin, so reversed ranges are just swapped */
	f.xlo = spec->has_xrange ? fmin(spec->xmin, spec->xmax) : 0;
	f.xhi = spec->has_xrange ? fmax(spec->xmin, spec->xmax) : cols - 1;
	f.ylo = spec->has_yrange ? fmin(spec->ymin, spec->ymax) : 0;
	f.yhi = spec->has_yrange ? fmax(spec->ymin, spec->ymax) : rows - 1;
	if (!isfinite(f.xlo) || !isfinite(f.xhi) || !isfinite(f.ylo) || !isfinite(f.yhi))
		return frame_message(g, spec, "(bad plot range)");
	range_pad(&f.xlo, &f.xhi, 0);
	range_pad(&f.ylo, &f.yhi, 0);
	ticks yt, xt;
	frame_layout(g, &f, spec, &yt, &xt);
	frame_axes(g, &f, &yt, &xt);
	frame_labels(g, &f, spec);
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
