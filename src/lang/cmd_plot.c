/* cmd_plot.c — plot loss|fn|net|fit: the session's side of plotting.  The numbers are made
 * here; plot.c turns them into cells; the UI or plain text output shows the cells. */
#include "cmd.h"
#include "fmt.h"
#include "engine/loss.h"
#include <locale.h>
#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PLOT_PTS 400     /* samples along x for fn and net */
#define PLOT_TEXT_W 72   /* plain-mode size */
#define PLOT_TEXT_H 20
#define PLOT_MAXFIT 4000 /* data points drawn by plot fit */

static const char *fn_names[] = { "sigmoid", "relu", "leaky_relu", "tanh",
				  "d_sigmoid", "d_relu", "d_leaky_relu", "d_tanh" };

static double fn_eval(int k, double x)
{
	double sg = 1 / (1 + exp(-x)), th = tanh(x);
	switch (k) {
	case 0: return sg;
	case 1: return x > 0 ? x : 0;
	case 2: return x > 0 ? x : 0.01 * x;
	case 3: return th;
	case 4: return sg * (1 - sg);
	case 5: return x > 0 ? 1 : 0;
	case 6: return x > 0 ? 1 : 0.01;
	default: return 1 - th * th;
	}
}

static int fn_index(const char *name)
{
	for (int i = 0; i < 8; i++)
		if (!strcmp(name, fn_names[i]))
			return i;
	return -1;
}

/* the column index of a data input by name, or by number */
static int column_index(const session *s, const char *name)
{
	for (int d = 0; d < s->ds.D; d++)
		if (s->ds.names && !strcmp(s->ds.names[d], name))
			return d;
	char *end;
	long k = strtol(name, &end, 10);
	return (*name && !*end && k >= 0 && k < s->ds.D) ? (int)k : -1;
}

/* the raw (un-normalised) value of input d of training row n */
static double raw_input(const session *s, int n, int d)
{
	double v = s->ds.X.v[(size_t)n * s->ds.D + d];
	return s->ds.normalized ? v * s->ds.sd[d] + s->ds.mu[d] : v;
}

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
		double a = raw_input(s, n, 0), b = raw_input(s, n, 1);
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

int sess_render_plot(session *s, plot_grid *g, plot_glyphs glyphs)
{
	static double xs[PLOT_PTS], ys[PLOT_PTS];
	char title[160];
	plot_spec sp = { .glyphs = glyphs, .logy = s->view_logy };
	switch (s->view) {
	case VIEW_LOSS:
		return render_loss(s, g, &sp);
	case VIEW_FN: {
		int k = fn_index(s->view_fn);
		for (int i = 0; i < PLOT_PTS; i++) {
			xs[i] = s->view_x0 + (s->view_x1 - s->view_x0) * i / (PLOT_PTS - 1);
			ys[i] = fn_eval(k, xs[i]);
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
				m += raw_input(s, n, d);
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
				if (d != col && s->view_isfixed[d] && fabs(raw_input(s, n, d) - fixed[d]) > 1e-9)
					keep = 0;
			double v = raw_input(s, n, col);
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
		return sweep_render_lr(s, g, &sp);
	case VIEW_GRAD:
		if (inside_render_grad(s, g, &sp) == 0)
			return 0;
		render_message(g, "(no gradient norms yet: train first)");
		return -1;
	case VIEW_WEIGHTS:
		if (inside_render_weights(s, g, &sp) == 0)
			return 0;
		render_message(g, "(the network changed: plot weights again)");
		return -1;
	case VIEW_COST:
		if (sweep_render_cost(s, g, &sp) == 0)
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

/* show the current view: in the pane (TUI) or as text */
static int show(session *s, cmd_args *a)
{
	if (s->hk.tui && s->hk.plot) {
		s->hk.plot(s->hk.ctx);
		return SESS_OK;
	}
	plot_grid *g = plot_grid_new(PLOT_TEXT_W, PLOT_TEXT_H);
	if (!g)
		return CMD_ERR(s, a, "out of memory");
	sess_render_plot(s, g, text_glyphs());
	char *txt = plot_grid_text(g);
	plot_grid_free(g);
	if (!txt)
		return CMD_ERR(s, a, "out of memory");
	sess_printf(s, "%s", txt);
	free(txt);
	return SESS_OK;
}

static int range_args(session *s, cmd_args *a, int first, double *x0, double *x1)
{
	if (a->argc == first)
		return SESS_OK;
	if (a->argc != first + 2)
		return CMD_ERR(s, a, "give both XMIN and XMAX");
	if (cmd_arg_num(s, a, first, x0) || cmd_arg_num(s, a, first + 1, x1))
		return SESS_ERROR;
	if (!(*x1 > *x0) || !isfinite(*x0) || !isfinite(*x1))
		return CMD_ERR(s, a, "XMIN must be below XMAX, both finite");
	return SESS_OK;
}

int cmd_plot(session *s, cmd_args *a)
{
	const char *what = a->argv[0];
	static const char *allowed[] = { "net", "input", "lr", "n iters", "cost", "x0 x1 y0 y1" };
	for (int i = 0; i < a->nopt && strcmp(what, "fit"); i++) {
		int ok = 0;
		for (int j = 0; j < 6; j += 2)
			if (!strcmp(what, allowed[j]) && strstr(allowed[j + 1], a->key[i]) && strlen(a->key[i]) >= 1 &&
			    (a->key[i][1] == 0 || strlen(a->key[i]) > 1))
				ok = 1;
		if (!ok)
			return CMD_ERR(s, a, "unknown option '%s' for plot %s", a->key[i], what);
	}
	if (!strcmp(what, "loss")) {
		int logy = 1;
		if (a->argc > 2)
			return CMD_ERR(s, a, "usage: plot loss [log|linear]");
		if (a->argc == 2 && strcmp(a->argv[1], "log") && strcmp(a->argv[1], "linear"))
			return CMD_ERR(s, a, "plot loss log or plot loss linear (got '%.40s')", a->argv[1]);
		if (a->argc == 2)
			logy = !strcmp(a->argv[1], "log");
		s->view = VIEW_LOSS;
		s->view_logy = logy;
		return show(s, a);
	}
	if (!strcmp(what, "fn")) {
		double x0 = -6, x1 = 6;
		if (a->argc < 2)
			return CMD_ERR(s, a, "plot fn needs a function: sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh");
		if (fn_index(a->argv[1]) < 0)
			return CMD_ERR(s, a, "unknown function '%.40s' (sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh)", a->argv[1]);
		if (range_args(s, a, 2, &x0, &x1))
			return SESS_ERROR;
		s->view = VIEW_FN;
		snprintf(s->view_fn, sizeof s->view_fn, "%s", a->argv[1]);
		s->view_x0 = x0;
		s->view_x1 = x1;
		return show(s, a);
	}
	if (!strcmp(what, "net")) {
		double x0 = 0, x1 = 3;
		long input = 0;
		if (!s->nt.n)
			return CMD_ERR(s, a, "the network is empty");
		if (net_in(&s->nt) > DATA_MAXCOLS)
			return CMD_ERR(s, a, "the network takes %d inputs: plot net draws networks of at most %d",
				       net_in(&s->nt), DATA_MAXCOLS);
		if (cmd_opt_int(s, a, "input", 0, net_in(&s->nt) - 1, &input) || range_args(s, a, 1, &x0, &x1))
			return SESS_ERROR;
		if (a->argc == 1 && data_rows(&s->ds) && s->ds.D == net_in(&s->nt)) { /* the data's range */
			x0 = INFINITY;
			x1 = -INFINITY;
			for (int n = 0; n < data_rows(&s->ds); n++) {
				x0 = fmin(x0, raw_input(s, n, (int)input));
				x1 = fmax(x1, raw_input(s, n, (int)input));
			}
			if (!(x1 > x0))
				x1 = x0 + 1;
		}
		s->view = VIEW_NET;
		s->view_input = (int)input;
		s->view_x0 = x0;
		s->view_x1 = x1;
		return show(s, a);
	}
	if (!strcmp(what, "fit")) {
		if (a->argc != 2)
			return CMD_ERR(s, a, "usage: plot fit COL [COL=VALUE...]");
		if (!data_rows(&s->ds) || !s->nt.n)
			return CMD_ERR(s, a, "plot fit needs data and a network");
		if (!s->ds.Y.v)
			return CMD_ERR(s, a, "plot fit needs targets beside the inputs: set them with 'y'");
		if (net_in(&s->nt) != s->ds.D)
			return CMD_ERR(s, a, "the data has %d inputs but the network takes %d", s->ds.D, net_in(&s->nt));
		int col = column_index(s, a->argv[1]);
		if (col < 0)
			return CMD_ERR(s, a, "no input column '%.40s'", a->argv[1]);
		if (s->ds.D > DATA_MAXCOLS)
			return CMD_ERR(s, a, "too many columns");
		for (int d = 0; d < s->ds.D; d++) { /* unnamed columns sit at their mean */
			double m = 0;
			for (int n = 0; n < data_rows(&s->ds); n++)
				m += raw_input(s, n, d);
			s->view_fixed[d] = m / data_rows(&s->ds);
			s->view_isfixed[d] = 0;
		}
		for (int i = 0; i < a->nopt; i++) {
			int d = column_index(s, a->key[i]);
			double v;
			if (d < 0 || d == col)
				return CMD_ERR(s, a, "%s=: not another input column", a->key[i]);
			if (cmd_opt_num(s, a, a->key[i], &v))
				return SESS_ERROR;
			s->view_fixed[d] = v;
			s->view_isfixed[d] = 1;
		}
		s->view = VIEW_FIT;
		s->view_input = col;
		return show(s, a);
	}
	if (!strcmp(what, "grad")) {
		if (a->argc != 1)
			return CMD_ERR(s, a, "usage: plot grad");
		s->view = VIEW_GRAD;
		return show(s, a);
	}
	if (!strcmp(what, "weights")) {
		if (a->argc != 2)
			return CMD_ERR(s, a, "usage: plot weights WK (a weight matrix, e.g. W1)");
		tensor *w = net_param(&s->nt, a->argv[1]);
		if (!w || a->argv[1][0] == 'd')
			return CMD_ERR(s, a, "no parameter '%.40s' (W1, b1, …)", a->argv[1]);
		s->view = VIEW_WEIGHTS;
		snprintf(s->view_fn, sizeof s->view_fn, "%s", a->argv[1]);
		return show(s, a);
	}
	if (!strcmp(what, "lr"))
		return sweep_lr_cmd(s, a) ? SESS_ERROR : show(s, a);
	if (!strcmp(what, "cost"))
		return sweep_cost_cmd(s, a) ? SESS_ERROR : show(s, a);
	return CMD_ERR(s, a, "unknown plot '%.40s' (loss, fn, net, fit, lr, cost)", what);
}
