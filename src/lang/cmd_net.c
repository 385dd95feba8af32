/* cmd_net.c — building the network: layer, net, show, loss, reset, init. */
#include "cmd.h"
#include "fmt.h"
#include "engine/loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* an activation's kind by name (the engine's list; dense is not one) */
static int act_kind(const char *w, layer_kind *k) { return layer_kind_parse(w, k) || *k == LAYER_DENSE ? -1 : 0; }

static int is_dense(const char *w) { return !strcmp(w, "dense") || !strcmp(w, "affine") || !strcmp(w, "fc"); }

/* Refuse a parameter block over the memory budget before allocating it. */
static int check_budget(session *s, cmd_args *a, long in, long out)
{
	char err[512], what[96];
	double want = 2 * ((double)in * (double)out + (double)out);
	snprintf(what, sizeof what, "a (%ld, %ld) layer (its parameters and gradients)", in, out);
	return sess_budget_fits(s, want, 0, what, err, sizeof err) ? CMD_ERR(s, a, "%s", err) : SESS_OK;
}

int cmd_layer(session *s, cmd_args *a)
{
	char err[256];
	const char *kind = a->argv[0];
	if (is_dense(kind)) {
		long in, out;
		if (a->argc != 3)
			return CMD_ERR(s, a, "dense needs IN and OUT; usage: layer dense IN OUT");
		if (cmd_opt(a, "alpha"))
			return CMD_ERR(s, a, "alpha= is for leaky_relu only");
		if (cmd_arg_int(s, a, 1, 1, 1000000, &in) || cmd_arg_int(s, a, 2, 1, 1000000, &out))
			return SESS_ERROR;
		if (check_budget(s, a, in, out))
			return SESS_ERROR;
		if (net_add_dense(&s->nt, (int)in, (int)out, err, sizeof err))
			return CMD_ERR(s, a, "%s", err);
		/* PyTorch's nn.Linear default: W and b uniform in ±1/√IN, so that a stack of layers
		 * built by hand is not stuck in the symmetry of all-equal weights */
		layer *l = &s->nt.L[s->nt.n - 1];
		double r = 1 / sqrt((double)in);
		for (size_t i = 0; i < tensor_size(&l->W); i++)
			l->W.v[i] = r * (2 * rng_uniform(&s->rng) - 1);
		for (int i = 0; i < l->out; i++)
			l->b.v[i] = r * (2 * rng_uniform(&s->rng) - 1);
		if (s->loading) /* a saved model sets every weight: 'load' finds any it did not */
			for (size_t i = l->off_W; i < l->off_b + (size_t)l->out; i++)
				s->nt.params[i] = sess_unset_value();
		sess_net_changed(s);
		return SESS_OK;
	}
	layer_kind k;
	if (act_kind(kind, &k)) {
		int best = 9;
		const char *near = NULL;
		for (int i = 0; i < LAYER_KINDS; i++)
			if (lex_distance(kind, layer_kind_name((layer_kind)i)) < best)
				best = lex_distance(kind, layer_kind_name((layer_kind)i)), near = layer_kind_name((layer_kind)i);
		if (best <= 2)
			return CMD_ERR(s, a, "unknown layer type '%.40s' — did you mean '%s'?", kind, near);
		return CMD_ERR(s, a, "unknown layer type '%.40s' (dense, relu, sigmoid, tanh, leaky_relu, softmax)", kind);
	}
	if (a->argc != 1)
		return CMD_ERR(s, a, "%s takes no sizes (it keeps the width of the layer before it)", kind);
	double alpha = 0.01;
	if (cmd_opt(a, "alpha") && k != LAYER_LEAKY_RELU)
		return CMD_ERR(s, a, "alpha= is for leaky_relu only");
	if (cmd_opt_num(s, a, "alpha", &alpha))
		return SESS_ERROR;
	if (!isfinite(alpha))
		return CMD_ERR(s, a, "alpha must be finite");
	if (net_add_act(&s->nt, k, alpha, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	sess_net_changed(s);
	return SESS_OK;
}

static void show_net(session *s)
{
	if (!s->nt.n) {
		sess_printf(s, "the network is empty (add layers with 'layer' or 'net')\n");
		return;
	}
	sess_printf(s, "  #  layer        in  out  parameters\n");
	for (int i = 0; i < s->nt.n; i++) {
		layer *l = &s->nt.L[i];
		char params[128] = "", sh1[32], sh2[32];
		if (l->kind == LAYER_DENSE)
			snprintf(params, sizeof params, "W%d %s, b%d %s -> z%d", l->k,
				 tensor_shape_str(&l->W, sh1, sizeof sh1), l->k,
				 tensor_shape_str(&l->b, sh2, sizeof sh2), l->k);
		else if (l->kind == LAYER_LEAKY_RELU)
			snprintf(params, sizeof params, "alpha=%g -> h%d", l->alpha, l->k);
		else
			snprintf(params, sizeof params, "-> h%d", l->k);
		sess_printf(s, "%3d  %-10s %4d %4d  %s\n", i + 1, layer_kind_name(l->kind), l->in, l->out, params);
	}
	sess_printf(s, "parameters: %zu   loss: %s   optimizer: %s   lr: %g   batch: ", s->nt.P,
		    loss_name(s->nt.loss), optim_name(s->op.kind), s->lr);
	s->batch ? sess_printf(s, "%d\n", s->batch) : sess_printf(s, "full\n");
}

static void show_data(session *s)
{
	dataset *ds = &s->ds;
	int N = data_rows(ds), M = data_test_rows(ds);
	if (!N && !M) {
		sess_printf(s, "no data (use 'data gen', 'data load' or 'x'/'y')\n");
		return;
	}
	sess_printf(s, "train: %d samples, test: %d samples, %d input%s, %d target%s%s\n", N, M, ds->D,
		    ds->D == 1 ? "" : "s", ds->K, ds->K == 1 ? "" : "s", ds->normalized ? " (inputs normalized)" : "");
	if (!N)
		return;
	sess_printf(s, "  %-16s %12s %12s %12s %12s\n", "column", "min", "max", "mean", "std");
	int shown = 0;
	for (int c = 0; c < ds->D + ds->K; c++) {
		const tensor *t = c < ds->D ? &ds->X : &ds->Y;
		int w = c < ds->D ? ds->D : ds->K, j = c < ds->D ? c : c - ds->D;
		if (!t->v || (c < ds->D && shown >= 12 && c < ds->D - 2)) {
			if (shown++ == 12)
				sess_printf(s, "  ...\n");
			continue;
		}
		shown++;
		double mn = INFINITY, mx = -INFINITY, sum = 0, sq = 0;
		for (int n = 0; n < N; n++) {
			double v = t->v[(size_t)n * w + j];
			mn = fmin(mn, v);
			mx = fmax(mx, v);
			sum += v;
		}
		double mean = sum / N;
		for (int n = 0; n < N; n++) {
			double e = t->v[(size_t)n * w + j] - mean;
			sq += e * e;
		}
		sess_printf(s, "  %-16s %12.6g %12.6g %12.6g %12.6g%s\n", ds->names ? ds->names[c] : "?", mn, mx,
			    mean, sqrt(sq / N), c >= ds->D ? "  (target)" : "");
	}
}

int cmd_show(session *s, cmd_args *a)
{
	const char *w = a->argc ? a->argv[0] : "net"; /* show alone: the network */
	char buf[64];
	if (!strcmp(w, "net"))
		show_net(s);
	else if (!strcmp(w, "data"))
		show_data(s);
	else if (!strcmp(w, "layers"))
		inside_show_layers(s);
	else if (!strcmp(w, "settings")) {
		static const char *names[] = { "lr", "batch", "optim", "loss", "seed", "precision", "iteration" };
		for (int i = 0; i < 7; i++)
			sess_printf(s, "%-10s %s\n", names[i], sess_setting(s, names[i], buf, sizeof buf));
	} else
		return CMD_ERR(s, a, "show what? 'net', 'data', 'settings' or 'layers' (got '%.40s')", w);
	return SESS_OK;
}

/* parse "2-5-5-5-1" into sizes; returns the count or -1 */
/* "2-5-1" into sz (max,); returns the count, -1 when malformed, -2 when more than max. */
static int parse_sizes(const char *spec, long *sz, int max)
{
	int n = 0;
	const char *p = spec;
	while (*p) {
		char *end;
		if (*p < '0' || *p > '9')
			return -1;
		if (n == max)
			return -2;
		long v = strtol(p, &end, 10);
		if (v < 1 || v > 1000000)
			return -1;
		sz[n++] = v;
		p = end;
		if (*p == '-' && p[1])
			p++;
		else if (*p)
			return -1;
	}
	return n;
}

int cmd_net(session *s, cmd_args *a)
{
	if (!a->argc) {
		if (a->nopt)
			return CMD_ERR(s, a, "act= and out= go with sizes, e.g. net 2-5-1 act=relu");
		show_net(s);
		return SESS_OK;
	}
	long sz[64];
	int n = parse_sizes(a->argv[0], sz, 64);
	if (n == -2)
		return CMD_ERR(s, a, "'%.40s…': at most 64 sizes (63 layers of weights)", a->argv[0]);
	if (n < 2)
		return CMD_ERR(s, a, "'%.40s': sizes are whole numbers joined by '-', at least two (e.g. 2-5-1)", a->argv[0]);
	const char *act = cmd_opt(a, "act") ? cmd_opt(a, "act") : "relu";
	const char *out = cmd_opt(a, "out") ? cmd_opt(a, "out") : "linear";
	layer_kind ak, ok = LAYER_DENSE;
	if (act_kind(act, &ak) || ak == LAYER_SOFTMAX)
		return CMD_ERR(s, a, "act=%.40s: use relu, sigmoid, tanh or leaky_relu", act);
	if (strcmp(out, "linear") && act_kind(out, &ok))
		return CMD_ERR(s, a, "out=%.40s: use linear, sigmoid, softmax, relu or tanh", out);
	double params = 0;
	for (int i = 0; i + 1 < n; i++)
		params += (double)sz[i] * (double)sz[i + 1] + (double)sz[i + 1];
	char err[512], what[96];
	snprintf(what, sizeof what, "a network of %.0f parameters (and their gradients)", params);
	/* it replaces the network, and the optimizer's state goes with the old one */
	double freed = 2.0 * s->nt.P + (double)((s->op.m ? s->op.P : 0) + (s->op.v ? s->op.P : 0));
	if (sess_budget_fits(s, 2 * params, freed, what, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	net fresh;
	net_init(&fresh);
	fresh.loss = s->nt.loss;
	for (int i = 0; i + 1 < n; i++) {
		if (net_add_dense(&fresh, (int)sz[i], (int)sz[i + 1], err, sizeof err) ||
		    (i + 2 < n && net_add_act(&fresh, ak, 0.01, err, sizeof err)) ||
		    (i + 2 == n && ok != LAYER_DENSE && net_add_act(&fresh, ok, 0.01, err, sizeof err))) {
			net_free(&fresh);
			return CMD_ERR(s, a, "%s", err);
		}
	}
	/* He initialisation for relu-like stacks, Xavier otherwise, from the session's generator */
	net_init_weights(&fresh, ak == LAYER_RELU || ak == LAYER_LEAKY_RELU ? "he" : "xavier", 0, &s->rng);
	net_free(&s->nt);
	s->nt = fresh;
	sess_net_changed(s);
	return SESS_OK;
}

int cmd_loss(session *s, cmd_args *a)
{
	if (!a->argc) {
		char buf[64];
		sess_printf(s, "loss %s = %s\n", loss_name(s->nt.loss), sess_setting(s, "loss", buf, sizeof buf));
		return SESS_OK;
	}
	loss_kind k;
	if (loss_parse(a->argv[0], &k))
		return CMD_ERR(s, a, "unknown loss '%.40s' (mse, ce, bce)", a->argv[0]);
	s->nt.loss = k;
	return SESS_OK;
}

int cmd_reset(session *s, cmd_args *a)
{
	if (a->argc && strcmp(a->argv[0], "net"))
		return CMD_ERR(s, a, "reset takes nothing or 'net' (got '%.40s')", a->argv[0]);
	if (a->argc) {
		net_clear(&s->nt);
		sess_net_changed(s);
		return SESS_OK;
	}
	sess_reset_all(s);
	return SESS_OK;
}

int cmd_init(session *s, cmd_args *a)
{
	double std = 0;
	long seed = -1;
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty: nothing to initialise");
	if (cmd_opt_num(s, a, "std", &std) || cmd_opt_int(s, a, "seed", 0, 2147483647L, &seed))
		return SESS_ERROR;
	if (!(std >= 0) || !isfinite(std))
		return CMD_ERR(s, a, "std must be a finite number >= 0");
	rng r, *use = &s->rng;
	if (seed >= 0) {
		rng_seed(&r, (uint64_t)seed);
		use = &r;
	}
	if (net_init_weights(&s->nt, a->argv[0], std, use))
		return CMD_ERR(s, a, "unknown scheme '%.40s' (he, xavier, normal, uniform, zeros)", a->argv[0]);
	if (cmd_opt(a, "std") && std == 0) /* a spread of 0 is zeros (net_init_weights reads 0 as its own) */
		net_init_weights(&s->nt, "zeros", 0, use);
	optim_reset(&s->op);
	s->stuck = 0;
	return SESS_OK;
}
