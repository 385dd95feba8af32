/* draw.h — what the drawing files of the plot module share (internal to src/plot; the public
 * interface is grid.h).
 *
 *   grid.c   the cell grid, its text, UTF-8
 *   ticks.c  tick values and their labels
 *   frame.c  the frame: where the plot area, axes and labels go, and data to dots and cells
 *   lines.c  plot_lines: line, band and scatter series in braille dots or ASCII
 *   heat.c   plot_heat, plot_heat_points: shaded maps with a path or points over them
 */
#ifndef DL_PLOT_DRAW_H
#define DL_PLOT_DRAW_H

#include "grid.h"

#define MAX_TICKS 16
#define LABEL_LEN 32

#define PLOT_NO_DATA "(no finite values to plot)"

/* Glyphs for axes and marks in one glyph mode. */
typedef struct glyphs {
	uint32_t vbar, hbar, ytick, xtick, corner, path, path_end;
} glyphs;

/* Where things go in the grid, and the data ranges mapped onto the plot area. */
typedef struct frame {
	int x0, y0, pw, ph;          /* plot area in cells: columns x0..x0+pw-1, rows y0..y0+ph-1 */
	int dw, dh;                  /* dots per cell: 2x4 braille, 1x1 ascii or heat */
	int title_row, axis_row, label_row, xlabel_row; /* -1 when there is no room */
	int axis_col;                /* -1 when there is no room */
	int label_w;                 /* width of the y tick labels left of the axis */
	int logy;                    /* y range and mapping are in log10 units */
	int logx;                    /* x likewise */
	double xlo, xhi, ylo, yhi;   /* plotted ranges (in plot units) */
	const glyphs *gl;
	int ascii;
} frame;

/* A set of ticks with their labels.  (n,) of each. */
typedef struct ticks {
	double v[MAX_TICKS];
	char label[MAX_TICKS][LABEL_LEN];
	int n;
} ticks;

/* ---- grid.c: cells and text ---- */

/* The cell at (col, row), or NULL outside the grid. */
plot_cell *grid_cell(plot_grid *g, int col, int row);
/* Set one cell; outside the grid nothing happens. */
void grid_put(plot_grid *g, int col, int row, uint32_t ch, int color);
/* Write UTF-8 text from (col, row), at most max cells (control characters, and anything
 * beyond ASCII when ascii is set, as '?'); returns the number of cells written. */
int grid_put_text(plot_grid *g, int col, int row, int max, const char *s, int color, int ascii);
/* Width of UTF-8 text in cells (one per code point: labels are expected to be narrow). */
int grid_text_width(const char *s);

/* ---- ticks.c ---- */

/* Tick values for [lo, hi] (log10 bounds when logy), 2..MAX_TICKS of them, and labels. */
void ticks_make(ticks *t, double lo, double hi, int max, int logy);
/* Labels for tk->v, with just enough precision that neighbours differ. */
void ticks_label(ticks *tk, int logy);
/* The widest label's length. */
int ticks_width(const ticks *tk);

/* ---- frame.c: ranges, layout, mapping, axes ---- */

/* Grow [lo, hi] by v. */
void range_grow(double *lo, double *hi, double v);
/* Widen an empty or degenerate range so that a single value sits mid-plot. */
void range_pad(double *lo, double *hi, int logy);

/* Zero f and choose its glyphs; braille_dots: 2x4 dots per cell in braille mode. */
void frame_init(frame *f, const plot_spec *spec, int braille_dots);
/* Rows, y ticks, columns, x ticks for f's ranges (already set) in g. */
void frame_layout(plot_grid *g, frame *f, const plot_spec *spec, ticks *yt, ticks *xt);

/* Plot-unit x (log10 when logx) to a dot column (fractional; 0 .. pw*dw-1 on screen). */
double frame_dot_x(const frame *f, double x);
/* Plot-unit y (log10 when logy) to a dot row counted from the top. */
double frame_dot_y(const frame *f, double y);
/* Nearest dot; NaN lands off the area (-1). */
int frame_round_dot(double d);
/* Cell row (absolute) of a plot-unit y, or -1 off the plot. */
int frame_row(const frame *f, double y);
/* Cell column (absolute) of a plot-unit x, or -1 off the plot. */
int frame_col(const frame *f, double x);

/* The axis lines with tick marks, y labels left of the axis and x labels below it. */
void frame_axes(plot_grid *g, const frame *f, const ticks *yt, const ticks *xt);
/* Title (centred over the plot), ylabel (top left) and xlabel (below, or beside the ticks). */
void frame_labels(plot_grid *g, const frame *f, const plot_spec *spec);
/* Clear g, then the title and a one-line message in the middle; returns -1 for the caller. */
int frame_message(plot_grid *g, const plot_spec *spec, const char *msg);

#endif
