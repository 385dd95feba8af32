/* view.c — the views: what the session's plot view (s->view, set by the 'plot' command and by
 * training) looks like as a grid of cells.  The language chooses the view and makes the numbers
 * (sweeps, surfaces); the views turn them into a picture with grid.h, for the pane and for text.
 * Here: the dispatch (one entry per view), the text output, and the views of the model and its
 * fit (loss curve, fn, net, fit, decision regions); view_inside.c has the rest.
 */
#include "view.h"
#include "view_inside.h"
#include "engine/loss.h"
#include "lang/fmt.h"
#include <langinfo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_PTS 400     /* samples along x for fn and net */
#define PLOT_TEXT_W 72   /* plain-mode size */
#define PLOT_TEXT_H 20
#define PLOT_MAXFIT 4000 /* data points drawn by plot fit */

static double xs[PLOT_PTS], ys[PLOT_PTS]; /* the curve of fn, net and fit */

/* A copy of the network with its own workspaces, for pictures: drawing never overwrites the
 * learner's last forward pass, and may run while training.  Cloned when the shape changes;
 * else only the parameters are copied.  NULL when out of memory or over the budget. */
static net *picture_net(session *s, int n)
{
	char err[256];
	net *p = &s->picture;
	if (!sess_same_shape(p, &s->nt)) { /* every layer's shape, not only the counts */
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


/* plot loss last=N: the iterations shown, [*x0, *x1], when fewer than the history holds. */
static int loss_window(const session *s, const double *iters, int n, double *x0, double *x1)
{
	if (s->view_last <= 0 || n < 2 || iters[n - 1] - iters[0] <= (double)s->view_last)
		return 0;
	*x1 = iters[n - 1];
	*x0 = *x1 - (double)s->view_last;
	return 1;
}

/* The title: what the curve is, where it stands, what else is drawn. */
static void loss_title(const session *s, const plot_spec *sp, const lhist *h, int n, int ntest, char *title, size_t tn)
{
	char num[64];
	size_t l;
	if (h->bad_iter >= 0)
		snprintf(title, tn, "loss%s — DIVERGED at iteration %ld", sp->logy ? " (log)" : "", h->bad_iter);
	else
		snprintf(title, tn, "loss%s — iteration %ld: %s", sp->logy ? " (log)" : "", s->iter,
			 fmt_num(h->last[n - 1], 4, num, sizeof num));
	if (sp->has_xrange && (l = strlen(title)) < tn)
		snprintf(title + l, tn - l, "; the last %ld iterations", s->view_last);
	if (ntest && (l = strlen(title)) < tn)
		snprintf(title + l, tn - l, "; dots: test loss");
	for (int i = 0; i < s->nforks && (l = strlen(title)) < tn; i++)
		snprintf(title + l, tn - l, "%s%s", i ? ", " : "; forks: ", s->fork_name[i]);
}

/* The loss curve (min/max bands when downsampled), test-loss dots, the forks' curves (named
 * in a legend when there is more than the one curve); the diverged part in red, and a marker
 * at the iteration that diverged. */
static int view_loss(session *s, plot_grid *g, plot_spec *sp)
{
	static double iters[LHIST_CAP]; /* x of each history point */
	const lhist *h = &s->hist;
	static char title[320];
	int n = lhist_xs(h, iters);
	plot_series se = { .x = iters, .y = h->last, .ylo = h->lo, .yhi = h->hi, .n = n, .color = PLOT_C_SERIES1,
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
	/* the test loss, sampled while training, as dots over the training curve (small ones:
	 * the samples are dense, and bullets would hide the curve under them) */
	const monitor *m = &s->mon;
	int ntest = 0;
	for (int i = 0; i < m->npts; i++)
		ntest += isfinite(m->test_loss[i]);
	static double fxs[SESS_MAXFORKS][LHIST_CAP];
	plot_series all[2 + SESS_MAXFORKS] = { se, { .x = m->pt_iter, .y = m->test_loss, .n = m->npts, .color = PLOT_C_SERIES2,
						     .points = 2, .bad_from = -1, .label = "test" } };
	int nall = ntest ? 2 : 1;
	for (int i = 0; i < s->nforks; i++) { /* each fork's curve over the main one */
		const lhist *fh = &s->forks[i]->hist;
		all[nall++] = (plot_series){ .x = fxs[i], .y = fh->last, .n = lhist_xs(fh, fxs[i]), .label = s->fork_name[i],
					     .color = i % 2 ? PLOT_C_MARK : PLOT_C_SERIES3, .bad_from = -1 };
	}
	if (nall > 1)
		all[0].label = "train";
	sp->has_xrange = loss_window(s, iters, n, &sp->xmin, &sp->xmax);
	sp->logx = s->view_logx;
	loss_title(s, sp, h, n, ntest, title, sizeof title);
	sp->title = title;
	sp->xlabel = sp->logx ? "iteration (log scale)" : "iteration";
	if (h->bad_iter >= 0) {
		sp->has_vline = 1;
		sp->vline_x = (double)h->bad_iter;
		sp->vline_label = "diverged";
	}
	return plot_lines(g, sp, all, nall);
}

/* The range a bounded function keeps to, so that its bounds are the axis' ends and labelled
 * (the sigmoid's 0 and 1); 0 for relu and leaky_relu, which have none above. */
static int fn_bounds(const char *name, double *lo, double *hi)
{
	static const struct { const char *name; double lo, hi; } b[] = {
		{ "sigmoid", 0, 1 }, { "tanh", -1, 1 }, { "d_sigmoid", 0, 0.25 }, { "d_tanh", 0, 1 },
		{ "d_relu", 0, 1 }, { "d_leaky_relu", 0, 1 },
	};
	for (size_t i = 0; i < sizeof b / sizeof *b; i++)
		if (!strcmp(name, b[i].name)) {
			*lo = b[i].lo;
			*hi = b[i].hi;
			return 1;
		}
	return 0;
}

#define FN_MAXROWS 1000 /* samples whose z plot fn marks */

/* Where the network's units sit on plot fn's curve: the inputs z of its first layer of that
 * activation (or its derivative's), on the first FN_MAXROWS training samples, into zx (max,);
 * *k names the layer (h<k>).  Returns the count, 0 when the network has no such layer or no
 * data to run. */
static int fn_network_z(session *s, const char *fn, double *zx, int max, int *k)
{
	const char *base = strncmp(fn, "d_", 2) ? fn : fn + 2;
	int N = data_rows(&s->ds), at = -1;
	for (int i = 0; i < s->nt.n && at < 0; i++)
		if (!strcmp(layer_kind_name(s->nt.L[i].kind), base))
			at = i;
	if (at < 0 || !N || s->ds.D != net_in(&s->nt))
		return 0;
	N = N < FN_MAXROWS ? N : FN_MAXROWS;
	net *p = picture_net(s, N);
	if (!p)
		return 0;
	net_forward(p, s->ds.X.v, N); /* the data as training sees it (normalised if it is) */
	const double *z = at ? p->L[at - 1].y.v : s->ds.X.v; /* (N, width) */
	int width = p->L[at].in, n = 0;
	for (size_t i = 0; i < (size_t)N * width && n < max; i++)
		zx[n++] = z[i];
	*k = s->nt.L[at].k;
	return n;
}

/* plot fn: one of the activation functions or their derivatives over [view_x0, view_x1], with
 * the network's z on it when it has that activation (its units' place: saturated, dead …);
 * at=X marks the point (X, f(X)). */
static int view_fn(session *s, plot_grid *g, plot_spec *sp)
{
	static double zx[PLOT_MAXFIT], zy[PLOT_MAXFIT];
	static char title[160], here[160], zname[64];
	char num[64], num2[64];
	int k = plot_fn_index(s->view_fn), hk = 0;
	for (int i = 0; i < PLOT_PTS; i++) {
		xs[i] = s->view_x0 + (s->view_x1 - s->view_x0) * i / (PLOT_PTS - 1);
		ys[i] = plot_fn_eval(k, xs[i]);
	}
	int nz = fn_network_z(s, s->view_fn, zx, PLOT_MAXFIT, &hk), out = 0;
	for (int i = 0; i < nz; i++) {
		zy[i] = plot_fn_eval(k, zx[i]);
		out += !(zx[i] >= s->view_x0 && zx[i] <= s->view_x1);
	}
	snprintf(zname, sizeof zname, out ? "z of h%d (%d off the plot)" : "z of h%d", hk, out);
	snprintf(title, sizeof title, nz ? "%s(x); dots: where the network's units are" : "%s(x)", s->view_fn);
	sp->title = title;
	sp->xlabel = "x";
	sp->logy = 0;
	sp->has_yrange = fn_bounds(s->view_fn, &sp->ymin, &sp->ymax);
	sp->has_xrange = 1; /* the range asked for, whatever z does */
	sp->xmin = s->view_x0;
	sp->xmax = s->view_x1;
	if (s->view_has_here) {
		double z = s->view_here, v = plot_fn_eval(k, z);
		snprintf(here, sizeof here, "x=%s: %s", fmt_num(z, 3, num, sizeof num), fmt_num(v, 3, num2, sizeof num2));
		sp->has_here = 1;
		sp->here_x = z;
		sp->here_y = v;
		sp->here_label = here;
		sp->xmin = fmin(z, s->view_x0); /* the mark stays in */
		sp->xmax = fmax(z, s->view_x1);
	}
	plot_series se[2] = {
		{ .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1, .label = nz ? s->view_fn : NULL },
		{ .x = zx, .y = zy, .n = nz, .color = PLOT_C_SERIES2, .points = 1, .bad_from = -1, .label = zname },
	};
	return plot_lines(g, sp, se, 2);
}

/* plot net: the output against one input over [view_x0, view_x1], the others at their mean. */
static int view_net(session *s, plot_grid *g, plot_spec *sp)
{
	char title[160];
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
	sp->title = title;
	sp->xlabel = "x";
	sp->logy = 0;
	plot_series se = { .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1 };
	return plot_lines(g, sp, &se, 1);
}

/* Two inputs and a classification loss: plot fit shows decision regions behind the points. */
static int is_classifier_2d(const session *s)
{
	return s->ds.D == 2 && s->nt.n && net_in(&s->nt) == 2 && s->nt.loss != LOSS_MSE && data_rows(&s->ds) && s->ds.Y.v;
}

/* [*lo, *hi] widened around a single value (a constant input), by 10% of it or by 1. */
static void region_widen(double *lo, double *hi)
{
	if (*hi > *lo)
		return;
	double d = *lo != 0 ? fabs(*lo) * 0.1 : 1;
	*lo -= d;
	*hi += d;
}

#define REGION_W 100 /* resolution of the shaded regions (samples), whatever the pane */
#define REGION_H 40

/* P(class 1) over the plane of the two inputs, the data on top: TensorFlow Playground's view. */
static int view_regions(session *s, plot_grid *g, plot_spec *sp)
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
	if (!(x0 <= x1) || !(y0 <= y1)) {
		render_message(g, "(the inputs are not finite: no regions to draw)");
		return -1;
	}
	region_widen(&x0, &x1); /* a constant input still has a plane around it */
	region_widen(&y0, &y1);
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
	/* the marks as plot_heat_points draws them in this glyph set */
	snprintf(title, sizeof title, "decision regions (shade: %s), data: %s class 0, %s class 1",
		 s->nt.loss == LOSS_BCE ? "P(class 1)" : "predicted class", sp->glyphs == PLOT_BRAILLE ? "○" : "o",
		 sp->glyphs == PLOT_BRAILLE ? "●" : "x");
	sp->title = title;
	sp->xlabel = s->ds.names[0];
	sp->ylabel = s->ds.names[1];
	sp->has_xrange = sp->has_yrange = 1;
	sp->xmin = x0, sp->xmax = x1, sp->ymin = y0, sp->ymax = y1;
	sp->logy = 0;
	return plot_heat_points(g, sp, grid, REGION_H, REGION_W, px, py, cls, m);
}

/* plot fit: the data against one input (rows matching the fixed inputs) and the model's curve;
 * decision regions instead for a two-input classifier. */
static int view_fit(session *s, plot_grid *g, plot_spec *sp)
{
	static double px[PLOT_MAXFIT], py[PLOT_MAXFIT];
	char title[160];
	if (is_classifier_2d(s))
		return view_regions(s, g, sp);
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
	sp->title = title;
	sp->xlabel = s->ds.names[col];
	sp->logy = 0;
	plot_series se[2] = {
		{ .x = px, .y = py, .n = m, .color = PLOT_C_SERIES2, .points = 1, .bad_from = -1, .label = "data" },
		{ .x = xs, .y = ys, .n = PLOT_PTS, .color = PLOT_C_SERIES1, .bad_from = -1, .label = "model" },
	};
	return plot_lines(g, sp, se, 2);
}

/* ---- dispatch ----------------------------------------------------------------------------- */

/* One entry per plot_view: the function that draws it, and the message drawn instead when it
 * cannot (NULL: the view leaves its own message in the grid). */
typedef struct view_entry {
	int (*draw)(session *s, plot_grid *g, plot_spec *sp);
	const char *fail;
} view_entry;

static const view_entry views[] = {
	[VIEW_NONE] = { NULL, NULL },
	[VIEW_LOSS] = { view_loss, NULL },
	[VIEW_FN] = { view_fn, NULL },
	[VIEW_NET] = { view_net, NULL },
	[VIEW_FIT] = { view_fit, NULL },
	[VIEW_LR] = { view_lr, NULL },
	[VIEW_GRAD] = { view_grad, "(no gradient norms yet: train first)" },
	[VIEW_WEIGHTS] = { view_weights, "(the network changed: plot weights again)" },
	[VIEW_COST] = { view_cost, "(the network changed: plot cost again)" },
};

int view_render(session *s, plot_grid *g, plot_glyphs glyphs)
{
	plot_spec sp = { .glyphs = glyphs, .logy = s->view_logy };
	size_t k = (size_t)s->view;
	if (k >= sizeof views / sizeof *views || !views[k].draw) {
		render_message(g, "(nothing to plot yet)");
		return -1;
	}
	if (views[k].draw(s, g, &sp) == 0)
		return 0;
	if (views[k].fail)
		render_message(g, views[k].fail);
	return -1;
}

/* ---- text --------------------------------------------------------------------------------- */

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
