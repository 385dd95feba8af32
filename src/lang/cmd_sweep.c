/* cmd_sweep.c — plot lr (a learning-rate sweep) and plot cost (the loss surface over two
 * parameters with the path training took): the tutorial's marble rolling downhill. */
#include "cmd.h"
#include "engine/stab.h"
#include "fmt.h"
#include "engine/loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COST_MAXW 160 /* surface resolution bounds (cells) */
#define COST_MAXH 60
#ifndef COST_FLOPS /* the fuzz builds lower it */
#define COST_FLOPS 4e8 /* work allowed for one surface: samples × parameters × points */
#endif

/* ---- plot lr ---- */

static int sweep_tick(void *ctx, long iter, double loss)
{
	session *s = ctx;
	(void)iter;
	(void)loss;
	return s->hk.tick ? s->hk.tick(s->hk.ctx) : 0;
}

/* Train a copy of the network from the current weights at rate lr; the session is untouched.
 * The batch order is the same for every rate: each copy starts from the same generator. */
static int sweep_one(session *s, double lr, long iters, double *final, long *bad, char *err, size_t errn)
{
	net nt;
	optim op;
	trainer tr;
	rng r = s->rng;
	/* the copy: parameters, gradients, the optimizer's state (at most two buffers), and the
	 * workspaces of a batch, within the session's one memory budget */
	int B = train_batch_rows(s->batch, data_rows(&s->ds));
	double width = 0;
	for (int i = 0; i < s->nt.n; i++)
		width += s->nt.L[i].out;
	if (sess_budget_fits(s, 4.0 * s->nt.P + 2 * width * B, 0, "plot lr's copy of the network", err, errn))
		return -1;
	lhist *h = malloc(sizeof *h);
	long iter = 0;
	if (!h || net_clone(&nt, &s->nt)) {
		free(h);
		snprintf(err, errn, "out of memory");
		return -1;
	}
	optim_init_like(&op, &s->op);
	trainer_init(&tr);
	lhist_clear(h);
	train_opts o = { .iters = iters, .lr = lr, .batch = s->batch, .stop_diverge = 1 };
	train_hooks hk = { .ctx = s, .tick = sweep_tick, .interrupt = s->interrupt };
	train_result res;
	int rc = train_run(&tr, &nt, &s->ds, &op, &r, h, &iter, &o, &hk, &res, err, errn);
	*bad = res.why == TRAIN_DIVERGED ? res.bad_iter : -1;
	*final = res.loss;
	if (!rc && *bad < 0) { /* the loss after the last update, on the whole training set */
		double acc;
		if (train_eval(&nt, s->ds.X.v, s->ds.Y.v, data_rows(&s->ds), final, &acc))
			rc = -1;
	}
	if (!rc && res.why == TRAIN_INTERRUPTED) {
		snprintf(err, errn, "interrupted (Ctrl-C)");
		rc = -1;
	}
	net_free(&nt);
	optim_free(&op);
	trainer_free(&tr);
	free(h);
	return rc;
}

int sweep_lr_cmd(session *s, cmd_args *a)
{
	char err[512], num[64], num2[64];
	double f1, f2;
	long iters = s->max_iters < 500 ? s->max_iters : 500, n = 0;
	if (cmd_arg_num(s, a, 1, &f1) || cmd_arg_num(s, a, 2, &f2) ||
	    cmd_opt_int(s, a, "n", 2, SWEEP_MAX, &n) || cmd_opt_int(s, a, "iters", 1, s->max_iters < 10000000 ? s->max_iters : 10000000, &iters))
		return SESS_ERROR;
	if (!(f1 > 0 && f2 > f1) || !isfinite(f2))
		return CMD_ERR(s, a, "need 0 < F1 < F2 (rates on a log scale, e.g. plot lr 1e-7 1)");
	if (train_ready(&s->nt, &s->ds, err, sizeof err) || sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (!n) { /* two rates per decade */
		n = (long)ceil(2 * (log10(f2) - log10(f1))) + 1; /* f2 / f1 may overflow to inf */
		n = n < 2 ? 2 : n > SWEEP_MAX ? SWEEP_MAX : n;
	}
	if (s->interrupt)
		*s->interrupt = 0;
	double J0, acc0;
	if (train_eval(&s->nt, s->ds.X.v, s->ds.Y.v, data_rows(&s->ds), &J0, &acc0))
		return CMD_ERR(s, a, "out of memory");
	sess_printf(s, "training a copy of the network for %ld iterations at each of %ld rates:\n", iters, n);
	s->sweep_n = 0;
	int best = -1;
	for (int i = 0; i < n; i++) {
		double lr = pow(10, log10(f1) + (log10(f2) - log10(f1)) * i / (double)(n - 1)); /* no f2/f1 overflow */
		double final;
		long bad;
		if (sweep_one(s, lr, iters, &final, &bad, err, sizeof err))
			return CMD_ERR(s, a, "at lr %g: %s", lr, err);
		s->sweep_lr[i] = lr;
		s->sweep_loss[i] = final;
		s->sweep_bad[i] = bad;
		s->sweep_n = i + 1;
		if (bad < 0 && stab_worse(J0, final)) { /* still finite, but diverging: stab.h */
			sess_printf(s, "  lr %-10s diverging: the loss grew from %s to %s\n", fmt_num(lr, 3, num, sizeof num),
				    fmt_num(J0, 4, num2, sizeof num2), fmt_num(final, 4, (char[64]){ 0 }, 64));
			bad = s->sweep_bad[i] = iters;
		} else if (bad >= 0)
			sess_printf(s, "  lr %-10s diverged at iteration %ld\n", fmt_num(lr, 3, num, sizeof num), bad);
		else
			sess_printf(s, "  lr %-10s loss %s\n", fmt_num(lr, 3, num, sizeof num), fmt_num(final, 4, num2, sizeof num2));
		if (bad < 0 && isfinite(final) && (best < 0 || final < s->sweep_loss[best]))
			best = i;
	}
	s->view = VIEW_LR;
	if (best < 0)
		sess_printf(s, "every rate diverged: try smaller ones, or 'normalize' the inputs\n");
	else
		sess_printf(s, "lowest loss at lr %s%s: 'lr %s' is a good start\n",
			    fmt_num(s->sweep_lr[best], 3, num, sizeof num),
			    best + 1 < n && s->sweep_bad[best + 1] >= 0 ? " (the next rate up diverges: stay at or below it)" : "",
			    fmt_num(s->sweep_lr[best], 3, num2, sizeof num2));
	return SESS_OK;
}

/* ---- plot cost ---- */

/* Offset of a parameter element (W1[0,1], b2[0], or a one-element parameter) in the block. */
static int param_offset(session *s, cmd_args *a, const char *name, size_t *off)
{
	char err[512];
	tensor v;
	long e;
	if (sess_lookup(s, name, &v, &e, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (e < 0 && tensor_size(&v) == 1)
		e = 0;
	if (e < 0)
		return CMD_ERR(s, a, "%s has %zu values: name one element, e.g. %s[0,0]", name, tensor_size(&v), name);
	const double *p = v.v + e;
	if (p < s->nt.params || p >= s->nt.params + s->nt.P)
		return CMD_ERR(s, a, "%s is not a parameter (use elements of Wk or bk)", name);
	*off = (size_t)(p - s->nt.params);
	return SESS_OK;
}

/* The loss over the grid (rows, cols) with the two parameters swept and the rest fixed.
 * 0, -1 out of memory, 1 interrupted (Ctrl-C, looked at after every cell, or the tick hook,
 * called after every row). */
static int cost_surface(session *s, size_t oa, size_t ob, int rows, int cols)
{
	int stop = 0;
	double *grid = malloc((size_t)rows * cols * sizeof *grid);
	if (!grid || train_next_batch(&s->tr, &s->ds, 0, &s->rng) || net_reserve(&s->nt, s->tr.B)) {
		free(grid);
		return -1;
	}
	double *pa = s->nt.params + oa, *pb = s->nt.params + ob, ka = *pa, kb = *pb;
	layer_kind last = s->nt.L[s->nt.n - 1].kind;
	for (int r = 0; r < rows && !stop; r++) { /* row 0 at the bottom: the smallest y */
		for (int c = 0; c < cols && !(stop = s->interrupt && *s->interrupt); c++) { /* one pass per cell */
			*pa = s->cost_x0 + (s->cost_x1 - s->cost_x0) * c / (cols - 1);
			*pb = s->cost_y0 + (s->cost_y1 - s->cost_y0) * r / (rows - 1);
			const double *out = net_forward(&s->nt, s->tr.x, s->tr.B);
			grid[(size_t)r * cols + c] = loss_eval(s->nt.loss, last, out, s->tr.y, s->tr.B, net_out(&s->nt), NULL);
		}
		*pa = ka; /* the UI may draw the network in the tick */
		*pb = kb;
		stop = stop || (s->interrupt && *s->interrupt) || (s->hk.tick && s->hk.tick(s->hk.ctx));
	}
	if (stop) {
		free(grid);
		return 1;
	}
	free(s->cost_grid);
	s->cost_grid = grid;
	s->cost_rows = rows;
	s->cost_cols = cols;
	return 0;
}

/* a range around the current value that also covers the path so far */
static void cost_range(const double *v, int n, double now, double *lo, double *hi)
{
	double a = now, b = now;
	for (int i = 0; i < n; i++) {
		a = fmin(a, v[i]);
		b = fmax(b, v[i]);
	}
	double span = fmax(b - a, fmax(fabs(now), 0.5));
	*lo = a - 0.5 * span;
	*hi = b + 0.5 * span;
}

int sweep_cost_cmd(session *s, cmd_args *a)
{
	char err[512];
	size_t oa, ob;
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty");
	if (train_ready(&s->nt, &s->ds, err, sizeof err) || sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (param_offset(s, a, a->argv[1], &oa) || param_offset(s, a, a->argv[2], &ob))
		return SESS_ERROR;
	if (oa == ob)
		return CMD_ERR(s, a, "P1 and P2 are the same parameter");
	int same = s->tracking && s->trk.a == oa && s->trk.b == ob;
	if (!same) { /* a new pair: its path starts here */
		track_reset(&s->trk, oa, ob);
		track_add(&s->trk, s->nt.params);
		s->tracking = 1;
	}
	cost_range(s->trk.x, s->trk.n, s->nt.params[oa], &s->cost_x0, &s->cost_x1);
	cost_range(s->trk.y, s->trk.n, s->nt.params[ob], &s->cost_y0, &s->cost_y1);
	double *rng_opt[4] = { &s->cost_x0, &s->cost_x1, &s->cost_y0, &s->cost_y1 };
	static const char *keys[4] = { "x0", "x1", "y0", "y1" };
	for (int i = 0; i < 4; i++)
		if (cmd_opt_num(s, a, keys[i], rng_opt[i]))
			return SESS_ERROR;
	if (!(s->cost_x1 > s->cost_x0) || !(s->cost_y1 > s->cost_y0) || !isfinite(s->cost_x1 - s->cost_x0) ||
	    !isfinite(s->cost_y1 - s->cost_y0))
		return CMD_ERR(s, a, "the ranges must be finite with x0 < x1 and y0 < y1");
	/* resolution: as fine as the plot allows, within a fixed amount of work */
	/* the surface is over the whole training set (cost_surface's full batch), whatever the
	 * trainer's last batch was (none yet: 0, which allowed the finest grid on any data) */
	double per = (double)data_rows(&s->ds) * (double)(s->nt.P + 1) * 2;
	int cols = COST_MAXW, rows = COST_MAXH;
	while ((double)rows * cols * per > COST_FLOPS && cols > 8) {
		cols = cols * 3 / 4;
		rows = rows * 3 / 4 < 6 ? 6 : rows * 3 / 4;
	}
	if (s->interrupt)
		*s->interrupt = 0;
	int rc = cost_surface(s, oa, ob, rows, cols);
	if (rc)
		return CMD_ERR(s, a, rc > 0 ? "interrupted (Ctrl-C): the surface was not drawn" : "out of memory");
	snprintf(s->cost_p[0], SESS_NAMELEN, "%s", a->argv[1]);
	snprintf(s->cost_p[1], SESS_NAMELEN, "%s", a->argv[2]);
	s->view = VIEW_COST;
	sess_printf(s, "the loss over %s and %s (the other parameters fixed); training draws its path on it\n",
		    a->argv[1], a->argv[2]);
	return SESS_OK;
}

