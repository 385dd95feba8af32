/* cmd_run.c — running the network: forward, backward, update, step, train, undo, eval,
 * gradcheck, and the settings lr, batch, optim, seed. */
#include "cmd.h"
#include "fmt.h"
#include "engine/loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int need_net(session *s, cmd_args *a)
{
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: add layers with 'layer' or 'net'");
	return SESS_OK;
}

int cmd_forward(session *s, cmd_args *a)
{
	char err[512];
	int verbose = 0;
	const char *lit = NULL;
	for (int i = 0; i < a->argc; i++) {
		if (!strcmp(a->argv[i], "-v"))
			verbose = 1;
		else if (!lit)
			lit = a->argv[i];
		else
			return CMD_ERR(s, a, "unexpected '%.40s'; usage: %s", a->argv[i], a->cmd->usage);
	}
	if (need_net(s, a))
		return SESS_ERROR;
	tensor x = { 0 };
	const double *xv;
	int N;
	const double *y = NULL;
	if (lit) {
		if (lex_array(lit, &x, s->max_values, err, sizeof err))
			return CMD_ERR(s, a, "%s", err);
		sess_shape_input(s, &x);
		if (x.cols != net_in(&s->nt)) {
			char sh[32];
			int rc = CMD_ERR(s, a, "the network takes %d input%s per sample; the array is %s", net_in(&s->nt),
					 net_in(&s->nt) == 1 ? "" : "s", tensor_shape_str(&x, sh, sizeof sh));
			tensor_free(&x);
			return rc;
		}
		if (s->ds.normalized && s->ds.D == x.cols)
			data_transform(&s->ds, x.v, x.rows);
		xv = x.v;
		N = x.rows;
	} else {
		if (!data_rows(&s->ds))
			return CMD_ERR(s, a, "no inputs: give an ARRAY or set data ('x', 'data gen')");
		if (s->ds.D != net_in(&s->nt))
			return CMD_ERR(s, a, "the data has %d inputs but the network takes %d", s->ds.D, net_in(&s->nt));
		xv = s->ds.X.v;
		N = data_rows(&s->ds);
		if (s->ds.Y.v && s->ds.Y.rows == N &&
		    (s->nt.loss == LOSS_CE ? s->ds.K == 1 : s->ds.K == net_out(&s->nt)))
			y = s->ds.Y.v;
	}
	if (sess_batch_fits(s, &s->nt, N, err, sizeof err) ||
	    (net_reserve(&s->nt, N) && snprintf(err, sizeof err, "out of memory for %d samples", N))) {
		tensor_free(&x);
		return CMD_ERR(s, a, "%s", err);
	}
	const double *out = net_forward(&s->nt, xv, N);
	if (verbose) {
		for (int i = 0; i < s->nt.n; i++) {
			layer *l = &s->nt.L[i];
			char name[32];
			snprintf(name, sizeof name, "%c%d", l->kind == LAYER_DENSE ? 'z' : 'h', l->k);
			if (i < s->nt.n - 1)
				cmd_print_tensor(s, name, &(tensor){ 2, N, l->out, l->y.v });
		}
	}
	const layer *top = &s->nt.L[s->nt.n - 1];
	char outname[32];
	snprintf(outname, sizeof outname, "out = %c%d", top->kind == LAYER_DENSE ? 'z' : 'h', top->k);
	cmd_print_tensor(s, verbose ? outname : "out", &(tensor){ 2, N, net_out(&s->nt), (double *)out });
	if (y) {
		char num[64];
		sess_set_loss(s, loss_eval(s->nt.loss, s->nt.L[s->nt.n - 1].kind, out, y, N, net_out(&s->nt), NULL));
		sess_printf(s, "loss=%s\n", fmt_num(s->last_loss, s->precision, num, sizeof num));
	}
	tensor_free(&x);
	return SESS_OK;
}

/* prepare the trainer's buffers: batches, workspaces and optimizer state */
static int ready(session *s, cmd_args *a)
{
	if (need_net(s, a))
		return SESS_ERROR;
	if (optim_reserve(&s->op, s->nt.P))
		return CMD_ERR(s, a, "out of memory");
	return SESS_OK;
}

int cmd_backward(session *s, cmd_args *a)
{
	char err[512], num[64];
	if (ready(s, a))
		return SESS_ERROR;
	if (train_ready(&s->nt, &s->ds, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	int B = train_batch_rows(s->batch, data_rows(&s->ds));
	if (sess_batch_fits(s, &s->nt, B, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (net_reserve(&s->nt, B) || train_next_batch(&s->tr, &s->ds, s->batch, &s->rng))
		return CMD_ERR(s, a, "out of memory");
	sess_set_loss(s, train_backward(&s->tr, &s->nt, NULL));
	sess_printf(s, "loss=%s (batch of %d)\n", fmt_num(s->last_loss, s->precision, num, sizeof num), s->tr.B);
	return SESS_OK;
}

int cmd_update(session *s, cmd_args *a)
{
	if (ready(s, a))
		return SESS_ERROR;
	if (!s->nt.N)
		return CMD_ERR(s, a, "no gradients yet: run 'backward' first");
	optim_step(&s->op, s->lr, s->nt.params, s->nt.grads, s->nt.P);
	s->iter++;
	return SESS_OK;
}

/* ---- train and step ---- */

/* until=loss<F | loss>F | acc>F | acc<F into the request */
static int parse_until(session *s, cmd_args *a, sess_train_req *rq)
{
	const char *u = cmd_opt(a, "until");
	if (!u)
		return SESS_OK;
	const char *what = !strncmp(u, "loss", 4) ? "loss" : !strncmp(u, "acc", 3) ? "acc" : NULL;
	const char *op = what ? u + strlen(what) : NULL;
	double v;
	if (!what || (*op != '<' && *op != '>') || lex_number(op + 1, &v))
		return CMD_ERR(s, a, "until=%.40s: write until=loss<F, loss>F, acc>F or acc<F", u);
	if (!strcmp(what, "acc") && s->nt.loss == LOSS_MSE)
		return CMD_ERR(s, a, "until=acc… needs loss ce or bce (mse has no accuracy)");
	rq->until = !strcmp(what, "loss") ? (*op == '<' ? UNTIL_LOSS_LT : UNTIL_LOSS_GT)
					  : (*op == '>' ? UNTIL_ACC_GT : UNTIL_ACC_LT);
	rq->until_val = v;
	rq->until_text = u;
	return SESS_OK;
}

/* step and train: their options into a request for sess_train */
static int run(session *s, cmd_args *a, long n, long every)
{
	sess_train_req rq = { .iters = n, .every = every, .stop_diverge = 1 };
	const char *stop = cmd_opt(a, "stop");
	if (stop && strcmp(stop, "diverge") && strcmp(stop, "never"))
		return CMD_ERR(s, a, "stop=%.40s: use diverge or never", stop);
	rq.stop_diverge = !stop || !strcmp(stop, "diverge");
	if (cmd_opt_num(s, a, "speed", &rq.speed))
		return SESS_ERROR;
	if (!(rq.speed >= 0) || !isfinite(rq.speed))
		return CMD_ERR(s, a, "speed=%.40s: iterations per second, a number > 0 (0: full speed)", cmd_opt(a, "speed"));
	if (parse_until(s, a, &rq) || need_net(s, a))
		return SESS_ERROR;
	return sess_train(s, a->cmd->name, &rq);
}

int cmd_step(session *s, cmd_args *a)
{
	long n = 1;
	if (a->argc && cmd_arg_int(s, a, 0, 1, s->max_iters, &n))
		return SESS_ERROR;
	return run(s, a, n, 1);
}

int cmd_train(session *s, cmd_args *a)
{
	long n, every;
	if (cmd_arg_int(s, a, 0, 1, s->max_iters, &n))
		return SESS_ERROR;
	every = n <= 10 ? 1 : n / 10;
	if (cmd_opt_int(s, a, "every", 0, s->max_iters, &every))
		return SESS_ERROR;
	return run(s, a, n, every);
}

int cmd_undo(session *s, cmd_args *a)
{
	if (!s->nundo && s->undo_lost)
		return CMD_ERR(s, a, "nothing to undo: the last change's snapshot did not fit in memory");
	if (!s->nundo)
		return CMD_ERR(s, a, "nothing to undo");
	undo_slot *u = &s->undo[--s->nundo];
	int same = sess_same_shape(&u->nt, &s->nt); /* every layer, not only the counts */
	net_free(&s->nt);
	s->nt = u->nt;
	/* what was recorded after the restored iteration goes with it: the next train continues
	 * the loss curve (and the snapshots, and export csv) there */
	monitor_cut(&s->mon, u->iter);
	if (u->pts && same)
		monitor_points_put(&s->mon, u->pts);
	if (u->hist)
		s->hist = *u->hist;
	else
		lhist_cut(&s->hist, u->iter);
	free(u->hist);
	free(u->pts);
	s->iter = u->iter;
	s->diverged = 0;
	s->stuck = 0;
	if (!same)
		sess_net_changed(s);
	else
		optim_reset(&s->op);
	sess_printf(s, "undone: %s (back to iteration %ld)\n", u->what, s->iter);
	if (s->hk.plot) /* the loss curve was cut back: the pane redraws it */
		s->hk.plot(s->hk.ctx);
	return SESS_OK;
}

int cmd_eval(session *s, cmd_args *a)
{
	char num[64], num2[64], err[512];
	int test = a->argc && !strcmp(a->argv[0], "test");
	if (a->argc && !test && strcmp(a->argv[0], "train"))
		return CMD_ERR(s, a, "eval train or eval test (got '%.40s')", a->argv[0]);
	if (need_net(s, a))
		return SESS_ERROR;
	const tensor *X = test ? &s->ds.TX : &s->ds.X, *Y = test ? &s->ds.TY : &s->ds.Y;
	if (!X->v || !Y->v || !X->rows)
		return CMD_ERR(s, a, "no %s data%s", test ? "test" : "training", test ? " (use 'data split test=F')" : "");
	if (X->cols != net_in(&s->nt))
		return CMD_ERR(s, a, "the data has %d inputs but the network takes %d", X->cols, net_in(&s->nt));
	if (s->nt.loss == LOSS_CE ? Y->cols != 1 : Y->cols != net_out(&s->nt))
		return CMD_ERR(s, a, "the targets have %d columns; the network outputs %d", Y->cols, net_out(&s->nt));
	double loss, acc;
	if (sess_batch_fits(s, &s->nt, X->rows, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (train_eval(&s->nt, X->v, Y->v, X->rows, &loss, &acc))
		return CMD_ERR(s, a, "out of memory");
	if (!test)
		sess_set_loss(s, loss);
	if (acc >= 0)
		sess_printf(s, "%s: loss=%s acc=%s (%d samples)\n", test ? "test" : "train",
			    fmt_num(loss, s->precision, num, sizeof num), fmt_num(acc, 4, num2, sizeof num2), X->rows);
	else
		sess_printf(s, "%s: loss=%s (%d samples)\n", test ? "test" : "train",
			    fmt_num(loss, s->precision, num, sizeof num), X->rows);
	return SESS_OK;
}

/* What gradcheck's report learns per tensor, beyond the engine's verdict. */
typedef struct gc_ctx {
	session *s;
	double floor;     /* the central difference's rounding noise, as the engine reckons it: 1e3·ε·max(1, |J|)/h */
	int max_per;      /* elements checked per tensor (the engine's sampling) */
	int tensors;      /* tensors reported */
	int unsure;       /* of them, those that said nothing: all below the noise, or all at kinks */
	char names[256];  /* their names */
} gc_ctx;

/* the largest |analytic gradient| among the elements the engine samples of tensor name (W1, b2) */
static double gc_largest(session *s, const char *name, int max_per)
{
	char dname[24];
	snprintf(dname, sizeof dname, "d%s", name);
	tensor *g = net_param(&s->nt, dname);
	if (!g)
		return INFINITY;
	size_t n = tensor_size(g), step = n > (size_t)max_per ? (n + max_per - 1) / max_per : 1;
	double big = 0;
	for (size_t j = 0; j < n; j += step)
		big = fmax(big, fabs(g->v[j]));
	return big;
}

static void gc_unsure(gc_ctx *c, const char *name)
{
	size_t len = strlen(c->names);
	snprintf(c->names + len, sizeof c->names - len, "%s%s", c->unsure++ ? ", " : "", name);
}

static void gc_report(void *ctx, const char *name, double rel, int checked, int pass)
{
	gc_ctx *c = ctx;
	session *s = c->s;
	char num[64], num2[64];
	double big = gc_largest(s, name, c->max_per); /* the gradients hold the analytic values meanwhile */
	c->tensors++;
	if (!checked) {
		sess_printf(s, "%-6s every element sits at a ReLU kink: not checked (inconclusive)\n", name);
		gc_unsure(c, name);
	} else if (pass && !(big > 100 * c->floor)) {
		/* J(w+h) − J(w−h) is (nearly) below the rounding noise of J itself: the two gradients
		 * "agree" whatever they are, so the check says nothing (the engine caps such errors at 1e-7) */
		sess_printf(s, "%-6s inconclusive: h too small (the central difference's noise floor at this h, %s, is over\n"
			    "       1%% of the largest |d%s|, %s)\n", name, fmt_num(c->floor, 2, num, sizeof num), name,
			    fmt_num(big, 2, num2, sizeof num2));
		gc_unsure(c, name);
	} else if (pass && rel == 1e-7) {
		sess_printf(s, "%-6s max relative error <= 1e-07 over %d element%s: pass (those below the noise floor %s\n"
			    "       of the central difference agree to within it; the largest |d%s| is %s)\n", name, checked,
			    checked == 1 ? "" : "s", fmt_num(c->floor, 2, num, sizeof num), name,
			    fmt_num(big, 3, num2, sizeof num2));
	} else {
		sess_printf(s, "%-6s max relative error %.2e over %d element%s: %s\n", name, rel, checked,
			    checked == 1 ? "" : "s", pass ? "pass" : "FAIL");
	}
}

int cmd_gradcheck(session *s, cmd_args *a)
{
	char err[512];
	double h = 1e-5;
	long max = 50;
	if (cmd_opt_num(s, a, "h", &h) || cmd_opt_int(s, a, "max", 1, 100000000, &max))
		return SESS_ERROR;
	if (!(h > 0) || !isfinite(h))
		return CMD_ERR(s, a, "h must be a small positive number");
	if (need_net(s, a))
		return SESS_ERROR;
	if (sess_batch_fits(s, &s->nt, data_rows(&s->ds), err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	if (train_ready(&s->nt, &s->ds, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	double J = NAN, acc;
	if (train_eval(&s->nt, s->ds.X.v, s->ds.Y.v, data_rows(&s->ds), &J, &acc))
		return CMD_ERR(s, a, "out of memory");
	gc_ctx c = { .s = s, .floor = 1e3 * 2.2e-16 * fmax(1, fabs(J)) / h, .max_per = (int)max };
	int failed, kinks;
	train_hooks hk = sess_long_hooks(s);
	int rc = train_gradcheck(&s->tr, &s->nt, &s->ds, h, (int)max, gc_report, &c, &failed, &kinks, &hk, err, sizeof err);
	if (rc < 0)
		return CMD_ERR(s, a, "%s", err);
	if (rc)
		return CMD_ERR(s, a, "interrupted (Ctrl-C) after %d tensor%s: the rest was not checked", c.tensors,
			       c.tensors == 1 ? "" : "s");
	if (kinks)
		sess_printf(s, "(%d element%s skipped: w ± h moves a ReLU input across 0, where the slope jumps)\n",
			    kinks, kinks == 1 ? "" : "s");
	if (failed)
		return CMD_ERR(s, a, "%d parameter%s failed the check", failed, failed == 1 ? "" : "s");
	const char *hint = h < 1e-7 ? "h too small: try h=1e-5" : "try other weights, or h=1e-5";
	if (c.unsure && c.unsure == c.tensors) /* nothing was shown: not a pass */
		return CMD_ERR(s, a, "inconclusive: nothing was shown about %s (%s)", c.names, hint);
	if (c.unsure)
		sess_printf(s, "gradcheck: pass, except %s: inconclusive (%s loss; %s)\n", c.names, loss_name(s->nt.loss), hint);
	else
		sess_printf(s, "gradcheck: pass (%s loss)\n", loss_name(s->nt.loss));
	return SESS_OK;
}

int cmd_lr(session *s, cmd_args *a)
{
	double v;
	char num[64];
	if (!a->argc) {
		sess_printf(s, "lr = %s\n", fmt_num(s->lr, s->precision, num, sizeof num));
		return SESS_OK;
	}
	if (cmd_arg_num(s, a, 0, &v))
		return SESS_ERROR;
	if (!(v > 0) || !isfinite(v))
		return CMD_ERR(s, a, "the learning rate must be a finite number > 0 (got %.40s)", a->argv[0]);
	s->lr = v;
	return SESS_OK;
}

int cmd_batch(session *s, cmd_args *a)
{
	long b;
	if (!a->argc) {
		s->batch ? sess_printf(s, "batch = %d\n", s->batch) : sess_printf(s, "batch = full\n");
		return SESS_OK;
	}
	if (!strcmp(a->argv[0], "full")) {
		s->batch = 0;
	} else {
		if (cmd_arg_int(s, a, 0, 1, 100000000, &b))
			return SESS_ERROR;
		s->batch = (int)b;
	}
	trainer_reset(&s->tr);
	return SESS_OK;
}

int cmd_optim(session *s, cmd_args *a)
{
	optim_kind k = s->op.kind;
	if (!a->argc && !a->nopt) {
		sess_printf(s, "optim = %s\n", optim_name(k));
		return SESS_OK;
	}
	if (a->argc && optim_parse(a->argv[0], &k))
		return CMD_ERR(s, a, "unknown optimizer '%.40s' (sgd, momentum, nesterov, rmsprop, adam)", a->argv[0]);
	/* an option the optimizer does not use is an error, not silently ignored */
	static const struct { const char *opt, *users; unsigned kinds; } uses[] = {
		{ "momentum", "momentum and nesterov", 1u << OPT_MOMENTUM | 1u << OPT_NESTEROV },
		{ "alpha", "rmsprop", 1u << OPT_RMSPROP },
		{ "beta1", "adam", 1u << OPT_ADAM },
		{ "beta", "adam", 1u << OPT_ADAM },
		{ "beta2", "adam", 1u << OPT_ADAM },
		{ "eps", "rmsprop and adam", 1u << OPT_RMSPROP | 1u << OPT_ADAM },
	};
	/* (a saved model, read by 'load', writes every hyper-parameter: there they are harmless) */
	for (size_t i = 0; i < sizeof uses / sizeof uses[0] && !s->loading; i++)
		if (cmd_opt(a, uses[i].opt) && !(uses[i].kinds & 1u << k))
			return CMD_ERR(s, a, "%s does not use %s= (%s %s)", optim_name(k), uses[i].opt, uses[i].users,
				       strchr(uses[i].users, ' ') ? "do" : "does");
	optim o;
	optim_init(&o, k);
	if (cmd_opt_num(s, a, "momentum", &o.momentum) || cmd_opt_num(s, a, "alpha", &o.alpha) ||
	    cmd_opt_num(s, a, "beta1", &o.beta1) || cmd_opt_num(s, a, "beta", &o.beta1) ||
	    cmd_opt_num(s, a, "beta2", &o.beta2) || cmd_opt_num(s, a, "eps", &o.eps))
		return SESS_ERROR;
	/* the one that is out of range, by the name it was given */
	const struct { const char *name; double v; } hp[] = { { "momentum", o.momentum }, { "alpha", o.alpha },
		{ cmd_opt(a, "beta") ? "beta" : "beta1", o.beta1 }, { "beta2", o.beta2 } };
	char num[64];
	for (size_t i = 0; i < sizeof hp / sizeof hp[0]; i++)
		if (!(hp[i].v >= 0 && hp[i].v < 1))
			return CMD_ERR(s, a, "%s=%s: must be in [0, 1) (a decay rate; 0.9 is usual)", hp[i].name,
				       fmt_num(hp[i].v, 6, num, sizeof num));
	if (!(o.eps > 0 && o.eps < 1))
		return CMD_ERR(s, a, "eps=%s: must be in (0, 1) (a small guard; 1e-8 is usual)", fmt_num(o.eps, 6, num, sizeof num));
	optim_free(&s->op);
	s->op = o;
	return SESS_OK;
}

int cmd_seed(session *s, cmd_args *a)
{
	long v;
	if (!a->argc) {
		sess_printf(s, "seed = %llu\n", (unsigned long long)s->seed);
		return SESS_OK;
	}
	if (cmd_arg_int(s, a, 0, 0, 9007199254740991L, &v))
		return SESS_ERROR;
	s->seed = (uint64_t)v;
	rng_seed(&s->rng, s->seed);
	trainer_reset(&s->tr);
	return SESS_OK;
}
