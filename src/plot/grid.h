/* grid.h — numbers to a grid of character cells; pure: no terminal, no engine.  The public
 * side of grid.c, ticks.c, frame.c, lines.c and heat.c (draw.h is what they share inside).
 *
 * The UI draws a plot_grid cell by cell (with colours); plain mode and tests turn it into
 * text with plot_grid_text().  Glyphs are Unicode braille (2x4 dots per cell) when the
 * locale is UTF-8, else ASCII.  Nothing here allocates except plot_grid_new/plot_grid_text.
 */
#ifndef DL_GRID_H
#define DL_GRID_H

#include <stdint.h>

typedef enum plot_glyphs { PLOT_ASCII, PLOT_BRAILLE } plot_glyphs;

/* Colour indices; the UI maps them to curses pairs, text output ignores them. */
enum { PLOT_C_DEFAULT = 0, PLOT_C_AXIS, PLOT_C_SERIES1, PLOT_C_SERIES2, PLOT_C_SERIES3,
       PLOT_C_BAD /* red: diverged */, PLOT_C_MARK, PLOT_C_NEG, PLOT_C_POS, PLOT_C_COUNT };

typedef struct plot_cell {
	uint32_t ch;         /* a Unicode code point (ASCII in PLOT_ASCII mode) */
	unsigned char color; /* PLOT_C_* */
} plot_cell;

typedef struct plot_grid {
	int w, h;         /* in cells */
	plot_cell *cells; /* (h, w), row-major */
} plot_grid;

/* One series of points.  x may be NULL (then x = 0, 1, 2, …).  ylo/yhi may be NULL; when
 * given, each point is drawn as a vertical band ylo..yhi (min/max of a downsampled bucket). */
typedef struct plot_series {
	const double *x, *y, *ylo, *yhi; /* (n,) each */
	int n;
	int color;  /* PLOT_C_* */
	int points; /* 0: connected line; 1: scatter marks (a whole cell each: • in braille mode);
		     * 2: scatter dots (one braille dot each, for dense samples of a curve) */
	int bad_from; /* index from which the series is drawn in PLOT_C_BAD; -1 for none */
	const char *label; /* its name in the legend (top right of the plot), or NULL for none */
} plot_series;

typedef struct plot_spec {
	const char *title;           /* top line, may be NULL */
	const char *xlabel, *ylabel; /* may be NULL */
	int logy;                    /* log10 y axis; non-positive and non-finite y are skipped */
	int logx;                    /* log10 x axis (plot_lines only); likewise for x */
	int has_xrange, has_yrange;  /* fixed ranges, else derived from the finite data */
	double xmin, xmax, ymin, ymax;
	plot_glyphs glyphs;
	double vline_x;              /* a vertical marker (PLOT_C_MARK) when has_vline, inside the x range */
	int has_vline;
	const char *vline_label;     /* written beside the marker's top, or NULL */
	/* "you are here": one marked point (PLOT_C_MARK) with a label beside it, when has_here */
	double here_x, here_y;
	int has_here;
	const char *here_label;
} plot_spec;

plot_grid *plot_grid_new(int w, int h); /* NULL on bad size or no memory */
void plot_grid_free(plot_grid *g);      /* accepts NULL */
void plot_grid_clear(plot_grid *g);

/* Draw series into g: y-axis tick labels on the left, x ticks and labels at the bottom,
 * title on top.  Returns 0, or -1 when nothing finite can be drawn (g then holds a message). */
int plot_lines(plot_grid *g, const plot_spec *spec, const plot_series *s, int nseries);

/* Heat map of v (rows, cols) over x in [xmin,xmax] (columns) and y in [ymin,ymax] (rows,
 * row 0 at the bottom), shaded by value (low to high), with axes; an optional path of
 * npath points (px, py) is drawn over it and its last point marked. */
int plot_heat(plot_grid *g, const plot_spec *spec, const double *v, int rows, int cols,
              const double *px, const double *py, int npath);

/* A heat map as plot_heat draws it, with labelled points over it instead of a path: px, py,
 * cls (n,) with class 0 as 'o' / ○ and class 1 as 'x' / ● (decision regions behind data). */
int plot_heat_points(plot_grid *g, const plot_spec *spec, const double *v, int rows, int cols,
		     const double *px, const double *py, const double *cls, int n);

/* The grid as UTF-8 text (or ASCII), one line per row, trailing blanks trimmed, each line
 * ending in '\n'.  Returned string is malloc'd: the caller frees it.  NULL on no memory. */
char *plot_grid_text(const plot_grid *g);

/* Encode one code point as UTF-8 into buf (at least 5 bytes); returns the byte count. */
int plot_utf8(uint32_t cp, char *buf);

/* "Nice" tick values: up to max ticks covering [lo, hi]; returns the count written to t. */
int plot_ticks(double lo, double hi, int max, double *t);

#endif
