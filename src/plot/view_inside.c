/* view_inside.c — the views of what happens inside training: the final loss of a learning-rate
 * sweep, the cost surface over two parameters with the path training took, the gradient norm
 * per dense layer, and a weight matrix as a Hinton diagram.  view.c dispatches to them.
 */
#include "view_inside.h"
#include <math.h>
#include <stdio.h>

/* Final loss against log10(lr); rates that diverged as red dots above the highest finite
 * loss; a marker at the learning rate set now ("you are here") when the sweep spans it. */
int view_lr(session *s, plot_grid *g, plot_spec *sp)
{
	static double x[SWEEP_MAX], y[SWEEP_MAX], bx[SWEEP_MAX], by[SWEEP_MAX];
	int n = 0, nb = 0;
	double top = -INFINITY;
	for (int i = 0; i < s->sweep_n; i++)
		if (s->sweep_bad[i] < 0 && isfinite(s->sweep_loss[i]))
			top = fmax(top, s->sweep_loss[i]);
	for (int i = 0; i < s->sweep_n; i++) {
		double lx = log10(s->sweep_lr[i]);
		if (s->sweep_bad[i] < 0 && isfinite(s->sweep_loss[i])) {
			x[n] = lx;
			y[n++] = s->sweep_loss[i];
		} else { /* diverged: drawn in red above the highest finite loss */
			bx[nb] = lx;
			by[nb++] = isfinite(top) ? top * 3 : 1;
		}
	}
	static char now[64];
	plot_series se[2] = {
		{ .x = x, .y = y, .n = n, .color = PLOT_C_SERIES1, .bad_from = -1, .label = nb ? "final loss" : NULL },
		{ .x = bx, .y = by, .n = nb, .color = PLOT_C_BAD, .points = 1, .bad_from = 0, .label = nb ? "diverged" : NULL },
	};
	sp->title = "final loss against log10(learning rate): red = diverged";
	sp->xlabel = "log10(lr)";
	sp->logy = 1;
	double lmin = INFINITY, lmax = -INFINITY;
	for (int i = 0; i < s->sweep_n; i++)
		lmin = fmin(lmin, s->sweep_lr[i]), lmax = fmax(lmax, s->sweep_lr[i]);
	if (s->lr >= lmin && s->lr <= lmax) { /* only inside the sweep: outside it would squash the curve */
		snprintf(now, sizeof now, "lr %.3g now", s->lr);
		sp->has_vline = 1;
		sp->vline_x = log10(s->lr);
		sp->vline_label = now;
	}
	return plot_lines(g, sp, se, 2);
}

/* The loss over two parameters, shaded by log10, with the tracked path of training over it;
 * -1 when there is no surface. */
int view_cost(session *s, plot_grid *g, plot_spec *sp)
{
	static char title[2 * SESS_NAMELEN + 64];
	if (!s->cost_grid)
		return -1;
	snprintf(title, sizeof title, "loss over %s (x) and %s (y); the path training took", s->cost_p[0], s->cost_p[1]);
	sp->title = title;
	sp->xlabel = s->cost_p[0];
	sp->ylabel = s->cost_p[1];
	sp->has_xrange = sp->has_yrange = 1;
	sp->xmin = s->cost_x0;
	sp->xmax = s->cost_x1;
	sp->ymin = s->cost_y0;
	sp->ymax = s->cost_y1;
	sp->logy = 1; /* shade by log10 of the loss: valleys stay visible next to huge walls */
	int n = s->tracking ? s->trk.n : 0;
	return plot_heat(g, sp, s->cost_grid, s->cost_rows, s->cost_cols, s->trk.x, s->trk.y, n);
}

/* One curve per dense layer over the iterations; -1 before any monitor points. */
int view_grad(session *s, plot_grid *g, plot_spec *sp)
{
	static const int colors[] = { PLOT_C_SERIES1, PLOT_C_SERIES2, PLOT_C_SERIES3, PLOT_C_MARK, PLOT_C_POS, PLOT_C_NEG };
	static plot_series se[MON_LAYERS];
	static char names[MON_LAYERS][16];
	const monitor *m = &s->mon;
	if (!m->npts)
		return -1;
	for (int k = 0; k < m->nlayers; k++) {
		snprintf(names[k], sizeof names[k], "layer %d", k + 1);
		se[k] = (plot_series){ .x = m->pt_iter, .y = m->gnorm[k], .n = m->npts,
				       .color = colors[k % 6], .bad_from = -1, .label = names[k] };
	}
	sp->title = "gradient norm per dense layer (log scale)";
	sp->xlabel = "iteration";
	sp->logy = 1;
	return plot_lines(g, sp, se, m->nlayers);
}

/* Hinton view: sign by colour and character, magnitude by cell fill (shade levels); -1 when
 * the parameter is gone (the network changed). */
int view_weights(session *s, plot_grid *g, plot_spec *sp)
{
	static char title[160];
	tensor *w = net_param(&s->nt, s->view_fn);
	if (!w)
		return -1;
	double mx = 0;
	for (size_t i = 0; i < tensor_size(w); i++)
		if (isfinite(w->v[i]))
			mx = fmax(mx, fabs(w->v[i]));
	plot_grid_clear(g);
	snprintf(title, sizeof title, "%s%s: '-'/red negative, fuller = larger |w| (max %.3g)", s->view_fn,
		 w->ndim == 2 ? " (inputs x units)" : "", mx);
	for (int c = 0; title[c] && c < g->w; c++)
		g->cells[c].ch = (unsigned char)title[c];
	static const uint32_t utf[] = { ' ', 0x00B7, 0x25AA, 0x25FC, 0x2588 }; /* · ▪ ◼ █ */
	static const uint32_t asc[] = { ' ', '.', 'o', 'O', '#' };
	const uint32_t *lv = sp->glyphs == PLOT_BRAILLE ? utf : asc;
	int rows = w->rows, cols = w->cols, cw = 3;
	for (int r = 0; r < rows && r + 2 < g->h; r++)
		for (int c = 0; c < cols && (c + 1) * cw <= g->w; c++) {
			double v = w->v[(size_t)r * cols + c];
			int level = !isfinite(v) ? 4 : mx > 0 ? (int)ceil(fabs(v) / mx * 4) /* |v| <= mx: no overflow */ : 0;
			plot_cell *cell = &g->cells[(size_t)(r + 2) * g->w + c * cw];
			cell[0].ch = v < 0 ? '-' : ' '; /* the sign survives in plain text too */
			cell[1].ch = !isfinite(v) ? '!' : lv[level > 4 ? 4 : level];
			cell[0].color = cell[1].color = !isfinite(v) ? PLOT_C_BAD : v < 0 ? PLOT_C_NEG : PLOT_C_POS;
		}
	if (rows + 2 > g->h || cols * cw + 1 > g->w) {
		const char *more = "(clipped: the matrix is larger than the pane)";
		for (int c = 0; more[c] && c < g->w; c++)
			g->cells[(size_t)(g->h - 1) * g->w + c].ch = (unsigned char)more[c];
	}
	return 0;
}
