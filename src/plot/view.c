/* view.c — the views: what the session's plot view (s->view, set by the 'plot' command and by
 * training) looks like as a grid of cells.  The language chooses the view and makes the numbers
 * (sweeps, surfaces); this file turns them into a picture with grid.c, for the pane and for text. */
#include "view.h"
#include "engine/loss.h"
#include "lang/fmt.h"
#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_PTS 400     /* samples along x for fn and net */
#define PLOT_TEXT_W 72   /* plain-mode size */
#define PLOT_TEXT_H 20
#define PLOT_MAXFIT 4000 /* data points drawn by plot fit */

/* A copy of the network with its own workspaces, for pictures: drawing never overwrites the
 * learner's last forward pass, and may run while training.  Cloned when the shape changes;
 * else only the parameters are copied.  NULL when out of memory or over the budget. */
static net *picture_net(session *s, int n)
{
	char err[256];
	net *p = &s->picture;
	if (p->n != s->nt.n || p->P != s->nt.P || p->ndense != s->nt.ndense) {
		net_free(p);
		if (net_clone(p, &s->nt))
			return NULL;
	} else {
		net_copy_params(p, &s->nt);
		for (int i = 0; i < p->n; i++) /* same shape: kinds may differ (a fork changed them) */
			p->L[i].kind = s->nt.L[i].kind, p->L[i].alpha = s->nt.L[i].alpha;
		p->loss = s->nt.loss;
	}
	if (sess_batch_fits(s, p, n, err, sizeof err) || net_reserve(p, n))
		return NULL;
	return p;
}

/* Network output 0 for inputs that vary along column `col` (raw values xs) with the other
 * inputs at fixed[] (raw); ys (n,) receives it. -1 when out of memory. */
static int net_along(session *s, int col, const double *fixed, const double *xs, double *ys, int n)
{
	int D = net_in(&s->nt);
	net *p = picture_net(s, n);
	double *x = p ? malloc((size_t)n * D * sizeof *x) : NULL;
	if (!x)
		return -1;
	for (int i = 0; i < n; i++)
		for (int d = 0; d < D; d++)
			x[(size_t)i * D + d] = d == col ? xs[i] : fixed[d];
	if (s->ds.normalized && s->ds.D == D)
		data_transform(&s->ds, x, n);
	const double *out = net_forward(p, x, n);
	for (int i = 0; i < n; i++)
		ys[i] = out[(size_t)i * net_out(p)];
	free(x);
	return 0;
}

static void render_message(plot_grid *g, const char *msg)
{
	plot_grid_clear(g);
	for (int i = 0; msg[i] && i < g->w; i++)
		g->cells[i].ch = (unsigned char)msg[i];
}

static int render_loss(session *s, plot_grid *g, plot_spec *sp)
{
	static double xs[LHIST_CAP];
	const lhist *h = &s->hist;
	static char title[320];
	char num[64];
	int n = lhist_xs(h, xs);
	plot_series se = { .x = xs, .y = h->last, .ylo = h->lo, .yhi = h->hi, .n = n, .color = PLOT_C_SERIES1,
			   .bad_from = -1 };
	if (!n) {
		render_message(g, h->count ? "(the loss was never finite)" : "(no loss yet: train first)");
		return -1;
	}
	/* the diverged part: from the lowest point on, when the run ended in inf/nan or grew 10× */
	int lo = 0;
	for (int i = 1; i < n; i++)
		if (h->last[i] < h->last[lo])
			lo = i;
	if (h->bad_iter >= 0 || (lo < n - 1 && h->last[n - 1] > 10 * h->last[lo]))
		se.bad_from = lo;
	/* the test loss, sampled while training, as dots over the training curve */
	const monitor *m = &s->mon;
	int ntest = 0;
	for (int i = 0; i < m->npts; i++)
		ntest += isfinite(m->test_loss[i]);
	static double fxs[SESS_MAXFORKS][LHIST_CAP];
	plot_series all[2 + SESS_MAXFORKS] = { se, { .x = m->pt_iter, .y = m->test_loss, .n = m->npts, .color = PLOT_C_SERIES2,
						     .points = 1, .bad_from = -1 } };
	int nall = ntest ? 2 : 1;
	for (int i = 0; i < s->nforks; i++) { /* each fork's curve over the main one */
		const lhist *fh = &s->forks[i]->hist;
		all[nall++] = (plot_series){ .x = fxs[i], .y = fh->last, .n = lhist_xs(fh, fxs[i]),
					     .color = i % 2 ? PLOT_C_MARK : PLOT_C_SERIES3, .bad_from = -1 };
	}
	if (h->bad_iter >= 0)
		snprintf(title, sizeof title, "loss%s — DIVERGED at iteration %ld", sp->logy ? " (log)" : "", h->bad_iter);
	else
		snprintf(title, sizeof title, "loss%s — iteration %ld: %s", sp->logy ? " (log)" : "", s->iter,
			 fmt_num(h->last[n - 1], 4, num, sizeof num));
	if (ntest) {
		size_t l = strlen(title);
		snprintf(title + l, sizeof title - l, "; dots: test loss");
	}
	for (int i = 0; i < s->nforks; i++) {
		size_t l = strlen(title);
		snprintf(title + l, sizeof title - l, "%s%s", i ? ", " : "; forks: ", s->fork_name[i]);
	}
	sp->title = title;
	sp->xlabel = "iteration";
	if (h->bad_iter >= 0) {
		sp->has_vline = 1;
		sp->vline_x = (double)h->bad_iter;
	}
	return plot_lines(g, sp, all, nall);
}

/* Two inputs and a classification loss: plot fit shows decision regions behind the points. */
static int is_classifier_2d(const session *s)
{
	return s->ds.D == 2 && s->nt.n && net_in(&s->nt) == 2 && s->nt.loss != LOSS_MSE && data_rows(&s->ds) && s->ds.Y.v;
}

#define REGION_W 100 /* resolution of the shaded regions (samples), whatever the pane */
#define REGION_H 40

/* P(class 1) over the plane of the two inputs, the data on top: TensorFlow Playground's view. */
static int render_regions(session *s, plot_grid *g, plot_spec *sp)
{
	static double grid[REGION_H * REGION_W], in[REGION_H * REGION_W * 2];
	static double px[PLOT_MAXFIT], py[PLOT_MAXFIT], cls[PLOT_MAXFIT];
	static char title[128];
	int N = data_rows(&s->ds), m = 0, K = net_out(&s->nt);
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
	for (int n = 0; n < N; n++) {
		double a = sess_raw_input(s, n, 0), b = sess_raw_input(s, n, 1);
		x0 = fmin(x0, a), x1 = fmax(x1, a), y0 = fmin(y0, b), y1 = fmax(y1, b);
		if (m < PLOT_MAXFIT) {
			px[m] = a;
			py[m] = b;
			cls[m++] = s->ds.Y.v[(size_t)n * s->ds.K];
		}
	}
	if (!(x1 > x0) || !(y1 > y0))
		return -1;
	for (int r = 0; r < REGION_H; r++) /* row 0 at the bottom */
		for (int c = 0; c < REGION_W; c++) {
			in[2 * (r * REGION_W + c)] = x0 + (x1 - x0) * c / (REGION_W - 1);
			in[2 * (r * REGION_W + c) + 1] = y0 + (y1 - y0) * r / (REGION_H - 1);
		}
	if (s->ds.normalized)
		data_transform(&s->ds, in, REGION_H * REGION_W);
	net *p = picture_net(s, REGION_H * REGION_W);
	if (!p)
		return -1;
	const double *out = net_forward(p, in, REGION_H * REGION_W);
	layer_kind last = s->nt.L[s->nt.n - 1].kind;
	for (int i = 0; i < REGION_H * REGION_W; i++) {
		const double *o = out + (size_t)i * K;
		if (s->nt.loss == LOSS_BCE) /* the probability of class 1 */
			grid[i] = last == LAYER_SIGMOID ? o[0] : 1 / (1 + exp(-o[0]));
		else { /* ce: the winning class, scaled to 0..1 */
			int best = 0;
			for (int k = 1; k < K; k++)
				if (o[k] > o[best])
					best = k;
			grid[i] = K > 1 ? (double)best / (K - 1) : 0;
		}
	}
	snprintf(title, sizeof title, "decision regions (shade: %s), data: o class 0, x class 1",
		 s->nt.loss == LOSS_BCE ? "P(class 1)" : "predicted class");
	sp->title = title;
	sp->xlabel = s->ds.names[0];
	sp->ylabel = s->ds.names[1];
	sp->has_xrange = sp->has_yrange = 1;
	sp->xmin = x0, sp->xmax = x1, sp->ymin = y0, sp->ymax = y1;
	sp->logy = 0;
	return plot_heat_points(g, sp, grid, REGION_H, REGION_W, px, py, cls, m);
}

static int view_sweep_lr(session *s, plot_grid *g, plot_spec *sp)
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
	plot_series se[2] = {
		{ .x = x, .y = y, .n = n, .color = PLOT_C_SERIES1, .bad_from = -1 },
		{ .x = bx, .y = by, .n = nb, .color = PLOT_C_BAD, .points = 1, .bad_from = 0 },
	};
	sp->title = "final loss against log10(learning rate): red = diverged";
	sp->xlabel = "log10(lr)";
	sp->logy = 1;
	return plot_lines(g, sp, se, 2);
}


static int view_cost(session *s, plot_grid *g, plot_spec *sp)
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


static int view_grad(session *s, plot_grid *g, plot_spec *sp)
{
	static plot_series se[MON_LAYERS];
	const monitor *m = &s->mon;
	if (!m->npts)
		return -1;
	for (int k = 0; k < m->nlayers; k++)
		se[k] = (plot_series){ .x = m->pt_iter, .y = m->gnorm[k], .n = m->npts,
				       .color = PLOT_C_SERIES1 + k % 3, .bad_from = -1 };
	sp->title = "gradient norm per dense layer (1st, 2nd, 3rd: colours; log scale)";
	sp->xlabel = "iteration";
	sp->logy = 1;
	return plot_lines(g, sp, se, m->nlayers);
}

/* Hinton view: sign by colour and character, magnitude by cell fill (shade levels). */
static int view_weights(session *s, plot_grid *g, plot_spec *sp)
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
			int level = !isfinite(v) ? 4 : mx > 0 ? (int)ceil(4 * fabs(v) / mx) : 0;
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

int view_render(session *s, plot_grid *g, plot_glyphs glyphs)
{
	static double xs[PLOT_PTS], ys[PLOT_PTS];
	char title[160];
	plot_spec sp = { .glyphs = glyphs, .logy = s->view_logy };
	switch (s->view) {
	case VIEW_LOSS:
		return render_loss(s, g, &sp);
	case VIEW_FN: {
		int k = plot_fn_index(s->view_fn);
		for (int i = 0; i < PLOT_PTS; i++) {
			xs[i] = s->view_x0 + (s->view_x1 - s->view_x0) * i / (PLOT_PTS - 1);
			ys[i] = plot_fn_eval(k, xs[i]);
		}
		snprintf(title, sizeof title, "%s(x)", s->view_fn);
		sp.title = title;
		sp.xlabel = "x";
		sp.logy = 0;
		plot_series se = { .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1 };
		return plot_lines(g, &sp, &se, 1);
	}
	case VIEW_NET: {
		int D = net_in(&s->nt), col = s->view_input;
		double fixed[DATA_MAXCOLS] = { 0 };
		if (!s->nt.n || col >= D || D > DATA_MAXCOLS) { /* fixed[] holds DATA_MAXCOLS inputs */
			render_message(g, "(the network changed: plot net again)");
			return -1;
		}
		for (int d = 0; d < D && d < DATA_MAXCOLS && s->ds.D == D; d++) { /* others at their mean */
			double m = 0;
			for (int n = 0; n < data_rows(&s->ds); n++)
				m += sess_raw_input(s, n, d);
			fixed[d] = data_rows(&s->ds) ? m / data_rows(&s->ds) : 0;
		}
		for (int i = 0; i < PLOT_PTS; i++)
			xs[i] = s->view_x0 + (s->view_x1 - s->view_x0) * i / (PLOT_PTS - 1);
		if (net_along(s, col, fixed, xs, ys, PLOT_PTS)) {
			render_message(g, "(the network is too wide to plot within the memory budget)");
			return -1;
		}
		snprintf(title, sizeof title, "network output against input %d", col);
		sp.title = title;
		sp.xlabel = "x";
		sp.logy = 0;
		plot_series se = { .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1 };
		return plot_lines(g, &sp, &se, 1);
	}
	case VIEW_FIT: {
		static double px[PLOT_MAXFIT], py[PLOT_MAXFIT];
		if (is_classifier_2d(s))
			return render_regions(s, g, &sp);
		int D = s->ds.D, col = s->view_input, N = data_rows(&s->ds), m = 0;
		double fixed[DATA_MAXCOLS] = { 0 }, lo = INFINITY, hi = -INFINITY;
		if (!N || !s->ds.Y.v || col >= D || D > DATA_MAXCOLS || !s->nt.n || net_in(&s->nt) != D || net_out(&s->nt) < 1) {
			render_message(g, "(the data or network changed: plot fit again)");
			return -1;
		}
		for (int d = 0; d < D; d++)
			fixed[d] = s->view_fixed[d];
		for (int n = 0; n < N && m < PLOT_MAXFIT; n++) {
			int keep = 1; /* only rows that match the fixed columns */
			for (int d = 0; d < D; d++)
				if (d != col && s->view_isfixed[d] && fabs(sess_raw_input(s, n, d) - fixed[d]) > 1e-9)
					keep = 0;
			double v = sess_raw_input(s, n, col);
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			if (keep) {
				px[m] = v;
				py[m++] = s->ds.Y.v[(size_t)n * s->ds.K];
			}
		}
		if (!(hi > lo))
			hi = lo + 1;
		for (int i = 0; i < PLOT_PTS; i++)
			xs[i] = lo + (hi - lo) * i / (PLOT_PTS - 1);
		if (net_along(s, col, fixed, xs, ys, PLOT_PTS)) {
			render_message(g, "(the network is too wide to plot within the memory budget)");
			return -1;
		}
		snprintf(title, sizeof title, "%s against %s: data (dots) and the model (line)", s->ds.names[D],
			 s->ds.names[col]);
		sp.title = title;
		sp.xlabel = s->ds.names[col];
		sp.logy = 0;
		plot_series se[2] = {
			{ .x = px, .y = py, .n = m, .color = PLOT_C_SERIES2, .points = 1, .bad_from = -1 },
			{ .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1 },
		};
		return plot_lines(g, &sp, se, 2);
	}
	case VIEW_LR:
		return view_sweep_lr(s, g, &sp);
	case VIEW_GRAD:
		if (view_grad(s, g, &sp) == 0)
			return 0;
		render_message(g, "(no gradient norms yet: train first)");
		return -1;
	case VIEW_WEIGHTS:
		if (view_weights(s, g, &sp) == 0)
			return 0;
		render_message(g, "(the network changed: plot weights again)");
		return -1;
	case VIEW_COST:
		if (view_cost(s, g, &sp) == 0)
			return 0;
		render_message(g, "(the network changed: plot cost again)");
		return -1;
	case VIEW_NONE:
		break;
	}
	render_message(g, "(nothing to plot yet)");
	return -1;
}


static plot_glyphs text_glyphs(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && !strcmp(cs, "UTF-8") ? PLOT_BRAILLE : PLOT_ASCII;
}

int view_print(session *s)
{
	plot_grid *g = plot_grid_new(PLOT_TEXT_W, PLOT_TEXT_H);
	if (!g)
		return -1;
	view_render(s, g, text_glyphs());
	char *txt = plot_grid_text(g);
	plot_grid_free(g);
	if (!txt)
		return -1;
	sess_printf(s, "%s", txt);
	free(txt);
	return 0;
}
