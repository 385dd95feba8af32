/* grid.c — the grid of character cells, and its text: new, free, clear, one cell or a run of
 * UTF-8 text into it, the whole grid out as UTF-8 (see grid.h; the drawing files build on the
 * helpers declared in draw.h).
 */
#include "draw.h"
#include <stdlib.h>

#define PLOT_MAX_DIM 10000 /* larger grids are a caller bug, not a plot */

/* ---- cells ------------------------------------------------------------------------------- */

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

plot_cell *grid_cell(plot_grid *g, int col, int row)
{
	if (col < 0 || row < 0 || col >= g->w || row >= g->h)
		return NULL;
	return &g->cells[(long)row * g->w + col];
}

void grid_put(plot_grid *g, int col, int row, uint32_t ch, int color)
{
	plot_cell *c = grid_cell(g, col, row);
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
int grid_text_width(const char *s)
{
	int n = 0;
	while (s && *s) {
		utf8_next(&s);
		n++;
	}
	return n;
}

/* Write text from (col, row), at most max cells; returns the number of cells written. */
int grid_put_text(plot_grid *g, int col, int row, int max, const char *s, int color, int ascii)
{
	int n = 0;
	while (s && *s && n < max) {
		uint32_t cp = utf8_next(&s);
		if (cp < 0x20 || cp == 0x7F || (ascii && cp > 0x7E))
			cp = '?'; /* keep the grid one cell per character and legible anywhere */
		grid_put(g, col + n, row, cp, color);
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
