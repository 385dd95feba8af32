/* test_engine.c — the engine without a terminal: every layer's and loss's backward against
 * central differences, each optimizer against steps computed by hand, the generator, data. */
#include "check.h"
#include "../src/engine/data.h"
#include "../src/engine/kern/fma2.h"
#include "../src/engine/loss.h"
#include "../src/engine/net.h"
#include "../src/engine/optim.h"
#include "../src/engine/rng.h"
#include "../src/engine/stab.h"
#include "../src/engine/train.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char err[256];

/* J of the net on x (N, D), y with the net's loss */
static double J(net *nt, const double *x, const double *y, int N)
{
	const double *out = net_forward(nt, x, N);
	return loss_eval(nt->loss, nt->L[nt->n - 1].kind, out, y, N, net_out(nt), NULL);
}

/* the largest relative error between backprop and central differences over every parameter */
static double grad_error(net *nt, const double *x, const double *y, int N)
{
	net_reserve(nt, N);
	const double *out = net_forward(nt, x, N);
	loss_eval(nt->loss, nt->L[nt->n - 1].kind, out, y, N, net_out(nt), nt->L[nt->n - 1].g.v);
	net_backward(nt, x);
	double worst = 0, h = 1e-6;
	for (size_t i = 0; i < nt->P; i++) {
		double keep = nt->params[i];
		nt->params[i] = keep + h;
		double jp = J(nt, x, y, N);
		nt->params[i] = keep - h;
		double jm = J(nt, x, y, N);
		nt->params[i] = keep;
		double num = (jp - jm) / (2 * h), a = nt->grads[i];
		double den = fmax(fmax(fabs(num), fabs(a)), 1e-7);
		double rel = fabs(num - a) / den;
		if (rel > worst)
			worst = rel;
	}
	return worst;
}

static void random_params(net *nt, rng *r)
{
	for (size_t i = 0; i < nt->P; i++)
		nt->params[i] = 0.8 * rng_normal(r);
}

static void test_layers_and_losses(void)
{
	static const layer_kind acts[] = { LAYER_RELU, LAYER_SIGMOID, LAYER_TANH, LAYER_LEAKY_RELU, LAYER_SOFTMAX };
	static const char *names[] = { "relu", "sigmoid", "tanh", "leaky_relu", "softmax" };
	rng r;
	rng_seed(&r, 7);
	enum { N = 6, D = 3, H = 4, K = 3 };
	double x[N * D], ymse[N * K], yce[N], ybce[N * K];
	for (int i = 0; i < N * D; i++)
		x[i] = rng_normal(&r);
	for (int i = 0; i < N * K; i++) {
		ymse[i] = rng_normal(&r);
		ybce[i] = (double)(rng_below(&r, 2));
	}
	for (int i = 0; i < N; i++)
		yce[i] = (double)rng_below(&r, K);
	for (int a = 0; a < 5; a++)
		for (int l = 0; l < 3; l++) {
			net nt;
			net_init(&nt);
			nt.loss = (loss_kind)l;
			CHECK(!net_add_dense(&nt, D, H, err, sizeof err), "%s", err);
			CHECK(!net_add_act(&nt, acts[a], 0.1, err, sizeof err), "%s", err);
			CHECK(!net_add_dense(&nt, H, K, err, sizeof err), "%s", err);
			random_params(&nt, &r);
			const double *y = l == LOSS_MSE ? ymse : l == LOSS_CE ? yce : ybce;
			double e = grad_error(&nt, x, y, N);
			CHECK(e < 1e-6, "%s + %s: relative error %g", names[a], loss_name((loss_kind)l), e);
			/* the same with the activation as the output layer (ce/bce then take probabilities) */
			net_clear(&nt);
			nt.loss = (loss_kind)l;
			net_add_dense(&nt, D, K, err, sizeof err);
			net_add_act(&nt, l == LOSS_BCE ? LAYER_SIGMOID : acts[a], 0.1, err, sizeof err);
			random_params(&nt, &r);
			if (l == LOSS_CE && acts[a] != LAYER_SOFTMAX) {
				net_free(&nt);
				continue; /* ce over non-normalised outputs is not a distribution */
			}
			e = grad_error(&nt, x, y, N);
			CHECK(e < 1e-5, "output %s + %s: relative error %g", l == LOSS_BCE ? "sigmoid" : names[a],
			      loss_name((loss_kind)l), e);
			net_free(&nt);
		}
}

/* the tutorial's neuron: z = 0.3·0.1 + 0.2·0.3 + 0.4·0.2 + 0.3·0.1 − 0.8 = −0.6 */
static void test_neuron(void)
{
	net nt;
	net_init(&nt);
	net_add_dense(&nt, 4, 1, err, sizeof err);
	net_add_act(&nt, LAYER_SIGMOID, 0, err, sizeof err);
	double W[] = { 0.3, 0.2, 0.4, 0.3 }, x[] = { 0.1, 0.3, 0.2, 0.1 };
	memcpy(nt.L[0].W.v, W, sizeof W);
	nt.L[0].b.v[0] = -0.8;
	net_reserve(&nt, 1);
	const double *out = net_forward(&nt, x, 1);
	CHECK_NEAR(nt.L[0].y.v[0], -0.6, 1e-15);
	CHECK_NEAR(out[0], 1 / (1 + exp(0.6)), 1e-15);
	CHECK_NEAR(out[0], 0.354343693774205, 1e-12);
	net_free(&nt);
}

/* mse is the tutorial's: mean over samples, sum over outputs; dout = 2 (out − y) / N */
static void test_mse_values(void)
{
	double out[] = { 1, 2, 3, 4 }, y[] = { 0, 0, 1, 1 }, d[4];
	double j = loss_eval(LOSS_MSE, LAYER_DENSE, out, y, 2, 2, d);
	CHECK_NEAR(j, (1 + 4 + 4 + 9) / 2.0, 1e-15);
	CHECK_NEAR(d[0], 2 * 1 / 2.0, 1e-15);
	CHECK_NEAR(d[3], 2 * 3 / 2.0, 1e-15);
	double logits[] = { 1, 2, 3 }, c[] = { 2 };
	double ce = loss_eval(LOSS_CE, LAYER_DENSE, logits, c, 1, 3, NULL);
	CHECK_NEAR(ce, log(exp(1) + exp(2) + exp(3)) - 3, 1e-14);
	CHECK(loss_correct(LOSS_CE, LAYER_DENSE, logits, c, 1, 3) == 1, "argmax");
	/* the gradient from the loss's own exponentials: softmax − one-hot, over N */
	double g3[3], z = exp(1) + exp(2) + exp(3);
	loss_eval(LOSS_CE, LAYER_DENSE, logits, c, 1, 3, g3);
	CHECK_NEAR(g3[0], exp(1) / z, 1e-15);
	CHECK_NEAR(g3[2], exp(3) / z - 1, 1e-15);
	CHECK_NEAR(g3[0] + g3[1] + g3[2], 0, 1e-15);
	/* mse sums the terms i mod 4 apart, then (s0 + s1) + (s2 + s3): these bits exactly */
	/* (2^54 + 0) + (2 + 1) rounds up to 2^54 + 4; in one chain every +1 is lost */
	double o7[7] = { 0x1p27, 0, 1, 1, 0, 0, 1 }, y7[7] = { 0 };
	volatile double s0 = 0x1p54, s1 = 0, s2 = 2, s3 = 1, one = 1;
	double chain = ((((0x1p54 + one) + one) + 0) + 0) + one;
	CHECK(((s0 + s1) + (s2 + s3)) != chain, "the example tells the orders apart");
	CHECK(loss_eval(LOSS_MSE, LAYER_DENSE, o7, y7, 7, 1, NULL) == ((s0 + s1) + (s2 + s3)) / 7,
	      "mse's order of sums");
}

/* arrays of doubles start on a cache line and keep their values when they grow */
static void test_arrays(void)
{
	double *a = dbl_zalloc(5);
	CHECK(a && (uintptr_t)a % 64 == 0, "aligned");
	for (int i = 0; a && i < 5; i++) {
		CHECK(a[i] == 0, "zeroed at %d", i);
		a[i] = i + 1;
	}
	double *b = dbl_grow(a, 5, 1000);
	CHECK(b && (uintptr_t)b % 64 == 0, "grown, aligned");
	for (int i = 0; b && i < 5; i++)
		CHECK(b[i] == i + 1, "kept %d", i);
	double *c = dbl_grow(b, 1000, 3);
	CHECK(c && c[2] == 3, "shrunk, kept");
	CHECK(dbl_grow(NULL, 0, SIZE_MAX / 4) == NULL, "too large: NULL");
	free(c);
	tensor t = { 0 };
	CHECK(tensor_reshape(&t, 2, 3, 5) == 0 && (uintptr_t)t.v % 64 == 0, "tensor aligned");
	tensor_free(&t);
}

/* optimizers against steps computed by hand from torch.optim's formulas */
static void test_optim(void)
{
	double g1 = 0.5, g2 = -0.25, lr = 0.1;
	optim o;
	/* sgd */
	optim_init(&o, OPT_SGD);
	optim_reserve(&o, 1);
	double p = 1;
	optim_step(&o, lr, &p, &g1, 1);
	CHECK_NEAR(p, 1 - 0.05, 1e-15);
	optim_free(&o);
	/* momentum: buf = g; then buf = 0.9 buf + g */
	optim_init(&o, OPT_MOMENTUM);
	optim_reserve(&o, 1);
	p = 1;
	optim_step(&o, lr, &p, &g1, 1);
	CHECK_NEAR(p, 0.95, 1e-15);
	optim_step(&o, lr, &p, &g2, 1);
	CHECK_NEAR(p, 0.95 - 0.1 * (0.9 * 0.5 - 0.25), 1e-15);
	optim_free(&o);
	/* nesterov: step along g + 0.9 buf */
	optim_init(&o, OPT_NESTEROV);
	optim_reserve(&o, 1);
	p = 1;
	optim_step(&o, lr, &p, &g1, 1);
	CHECK_NEAR(p, 1 - 0.1 * (0.5 + 0.9 * 0.5), 1e-15);
	double buf = 0.9 * 0.5 - 0.25;
	double expect = p - 0.1 * (-0.25 + 0.9 * buf);
	optim_step(&o, lr, &p, &g2, 1);
	CHECK_NEAR(p, expect, 1e-15);
	optim_free(&o);
	/* rmsprop: v = 0.99 v + 0.01 g²; p -= lr g / (sqrt(v) + 1e-8) */
	optim_init(&o, OPT_RMSPROP);
	optim_reserve(&o, 1);
	p = 1;
	optim_step(&o, lr, &p, &g1, 1);
	double v = 0.01 * 0.25;
	CHECK_NEAR(p, 1 - 0.1 * 0.5 / (sqrt(v) + 1e-8), 1e-14);
	double p2 = p;
	v = 0.99 * v + 0.01 * 0.0625;
	optim_step(&o, lr, &p, &g2, 1);
	CHECK_NEAR(p, p2 + 0.1 * 0.25 / (sqrt(v) + 1e-8), 1e-14);
	optim_free(&o);
	/* adam: the first step moves every parameter by about lr */
	optim_init(&o, OPT_ADAM);
	optim_reserve(&o, 1);
	p = 1;
	optim_step(&o, lr, &p, &g1, 1);
	double m = 0.1 * 0.5, vv = 0.001 * 0.25;
	CHECK_NEAR(p, 1 - (0.1 / 0.1) * m / (sqrt(vv) / sqrt(0.001) + 1e-8), 1e-14);
	double pa = p;
	m = 0.9 * m + 0.1 * -0.25;
	vv = 0.999 * vv + 0.001 * 0.0625;
	double bc1 = 1 - 0.81, bc2 = 1 - 0.999 * 0.999;
	optim_step(&o, lr, &p, &g2, 1);
	CHECK_NEAR(p, pa - (0.1 / bc1) * m / (sqrt(vv) / sqrt(bc2) + 1e-8), 1e-14);
	optim_free(&o);
}

/* the vectorised SGD step (and its keeping of the old parameters) gives the scalar rule's bits
 * for every length, every optimizer keeps prev the same */
static void test_optim_keep(void)
{
	for (int k = 0; k < 5; k++)
		for (size_t P = 0; P <= 11; P++) {
			double p[11], q[11], g[11], prev[11], want[11];
			for (size_t i = 0; i < P; i++) {
				p[i] = q[i] = sin(3.0 * (double)i + 1) * 1.7;
				g[i] = cos(5.0 * (double)i) / 3;
				want[i] = p[i] - 0.37 * g[i];
			}
			optim a, b;
			optim_init(&a, (optim_kind)k);
			optim_init(&b, (optim_kind)k);
			CHECK(!optim_reserve(&a, P) && !optim_reserve(&b, P), "reserve");
			for (int step = 0; step < 3; step++) {
				double before[11];
				memcpy(before, p, sizeof p);
				optim_step(&a, 0.37, q, g, P);
				optim_step_keep(&b, 0.37, p, g, P, prev);
				CHECK(!memcmp(p, q, P * sizeof *p) && !memcmp(prev, before, P * sizeof *p),
				      "%s P=%zu step %d: same bits, prev kept", optim_name((optim_kind)k), P, step);
				if (k == OPT_SGD && step == 0)
					CHECK(!memcmp(p, want, P * sizeof *p), "sgd P=%zu: p - lr*g exactly", P);
			}
			optim_free(&a);
			optim_free(&b);
		}
}

static void test_rng(void)
{
	rng a, b;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		CHECK(rng_next(&a) == rng_next(&b), "same seed, same stream");
	/* a fixed value pins the generator: the same numbers on every machine */
	rng_seed(&a, 1);
	uint64_t first = rng_next(&a);
	CHECK(first == 0xb3f2af6d0fc710c5ull, "first value of seed 1 is %llx", (unsigned long long)first);
	double s = 0, q = 0;
	rng_seed(&a, 3);
	for (int i = 0; i < 100000; i++) {
		double z = rng_normal(&a);
		s += z;
		q += z * z;
	}
	CHECK_NEAR(s / 100000, 0, 0.02);
	CHECK_NEAR(q / 100000, 1, 0.02);
	for (int i = 0; i < 1000; i++) {
		uint64_t k = rng_below(&a, 26);
		CHECK(k < 26, "below");
	}
}

static void test_data(void)
{
	dataset ds;
	rng r;
	data_init(&ds);
	rng_seed(&r, 5);
	data_gen_opts o = { .n = 1000, .noise = 0, .edu = -1 };
	CHECK(!data_gen(&ds, "dates", &o, &r, 0, err, sizeof err), "%s", err);
	int edu_ok = 1, inc_ok = 1, y_ok = 1;
	for (int i = 0; i < 1000; i++) {
		double e = ds.X.v[2 * i], in = ds.X.v[2 * i + 1];
		edu_ok &= e >= 0 && e <= 25 && e == floor(e);
		inc_ok &= in >= 0 && in <= 9 && in == floor(in);
		y_ok &= fabs(ds.Y.v[i] - (0.8 * e + 0.3 * in + 2)) < 1e-12;
	}
	CHECK(edu_ok && inc_ok && y_ok, "dates: ranges and the true model");
	o.income_raw = 1;
	data_gen(&ds, "dates", &o, &r, 0, err, sizeof err);
	double mx = 0;
	for (int i = 0; i < 1000; i++)
		mx = fmax(mx, ds.X.v[2 * i + 1]);
	CHECK(mx > 9000 && mx <= 9999, "raw income up to %g", mx);
	CHECK(!data_split(&ds, 0.2, &r, err, sizeof err), "%s", err);
	CHECK(data_rows(&ds) == 800 && data_test_rows(&ds) == 200, "split %d/%d", data_rows(&ds), data_test_rows(&ds));
	CHECK(!data_normalize(&ds, err, sizeof err), "%s", err);
	double m = 0, v = 0;
	for (int i = 0; i < 800; i++)
		m += ds.X.v[2 * i + 1];
	m /= 800;
	for (int i = 0; i < 800; i++)
		v += (ds.X.v[2 * i + 1] - m) * (ds.X.v[2 * i + 1] - m);
	CHECK_NEAR(m, 0, 1e-12);
	CHECK_NEAR(v / 800, 1, 1e-12);
	for (const char **g = (const char *[]){ "xor", "circle", "spiral", "gauss", NULL }; *g; g++) {
		o.n = 50;
		CHECK(!data_gen(&ds, *g, &o, &r, 0, err, sizeof err), "%s: %s", *g, err);
		int labels = 1;
		for (int i = 0; i < 50; i++)
			labels &= ds.Y.v[i] == 0 || ds.Y.v[i] == 1;
		CHECK(labels && ds.D == 2, "%s: labels 0/1", *g);
	}
	CHECK(data_gen(&ds, "moons", &o, &r, 0, err, sizeof err) && strstr(err, "moons"), "unknown generator");
	data_free(&ds);
}

/* the tutorial's rescaled regression: W → [0.8, 0.3], b → 2 */
static void test_regression(void)
{
	dataset ds;
	rng r;
	net nt;
	optim o;
	trainer t;
	lhist *h = malloc(sizeof *h);
	data_init(&ds);
	net_init(&nt);
	trainer_init(&t);
	optim_init(&o, OPT_SGD);
	lhist_clear(h);
	rng_seed(&r, 1);
	data_gen_opts go = { .n = 100, .noise = 0.01, .edu = -1 };
	data_gen(&ds, "dates", &go, &r, 0, err, sizeof err);
	net_add_dense(&nt, 2, 1, err, sizeof err);
	nt.params[0] = nt.params[1] = 0.1;
	long iter = 0;
	train_opts to = { .iters = 100000, .lr = 1e-4, .stop_diverge = 1 };
	train_hooks hk = { 0 };
	train_result res;
	CHECK(!train_run(&t, &nt, &ds, &o, &r, h, &iter, &to, &hk, &res, err, sizeof err), "%s", err);
	CHECK(res.why == TRAIN_DONE && res.done == 100000, "ran %ld", res.done);
	CHECK_NEAR(nt.params[0], 0.8, 0.02);
	CHECK_NEAR(nt.params[1], 0.3, 0.03);
	CHECK_NEAR(nt.params[2], 2, 0.15);
	CHECK(h->n > 0 && h->n <= LHIST_CAP && h->count == 100000, "history %d buckets, %ld", h->n, h->count);
	free(h);
	net_free(&nt);
	data_free(&ds);
	trainer_free(&t);
	optim_free(&o);
}

/* fma2 (the baseline kernels' fused multiply-add from separate operations) against C's fma(),
 * bit for bit: random operands, near-cancellations, halfway cases, zeros of both signs, and raw
 * bit patterns (infinities, NaNs, subnormals: the fallback) */
static uint64_t fx = 88172645463325252ULL;
static uint64_t fx_next(void)
{
	fx ^= fx << 13;
	fx ^= fx >> 7;
	fx ^= fx << 17;
	return fx;
}
static double fx_num(int emin, int emax)
{
	double m = (double)(fx_next() >> 11) * 0x1p-53 + 0.5;
	int e = emin + (int)(fx_next() % (uint64_t)(emax - emin + 1));
	return (fx_next() & 1 ? -1 : 1) * ldexp(m, e);
}
static int same_bits(double x, double y)
{
	return (x != x && y != y) || memcmp(&x, &y, sizeof x) == 0;
}
static void test_fma2(void)
{
	long wrong = 0, n = 1000000;
	for (long i = 0; i < n; i++) {
		double a, b, c, p;
		uint64_t u[3];
		switch (i % 6) {
		case 0: a = fx_num(-60, 60), b = fx_num(-60, 60), c = fx_num(-120, 120); break;
		case 1: a = fx_num(-30, 30), b = fx_num(-30, 30), p = a * b, c = -p + p * fx_num(-60, -40); break;
		case 2: /* a·b + c at or next to a halfway point */
			a = fx_num(-30, 30), b = fx_num(-30, 30), p = a * b;
			c = -p + ldexp(1, ilogb(p) - 53) * (double)((long)(fx_next() % 9) - 4) * 0.5;
			break;
		case 3:
			for (int k = 0; k < 3; k++)
				u[k] = fx_next();
			memcpy(&a, &u[0], 8), memcpy(&b, &u[1], 8), memcpy(&c, &u[2], 8);
			break;
		case 4: a = fx_num(-1000, 500), b = fx_num(-900, 600), c = fx_num(-1074, 1023); break;
		default: /* small integers scaled: exact products, exact zeros */
			a = (double)((long)(fx_next() % 2001) - 1000) / 1024;
			b = (double)((long)(fx_next() % 2001) - 1000) / 1048576;
			c = fx_next() % 3 ? -a * b : (fx_next() & 1 ? -0.0 : 0.0);
			break;
		}
		fma2_v z = fma2((fma2_v){ a, -a }, (fma2_v){ b, b }, (fma2_v){ c, -c });
		double w0 = fma(a, b, c), w1 = fma(-a, b, -c);
		if (!same_bits(z[0], w0) || !same_bits(z[1], w1)) {
			if (wrong++ < 5)
				CHECK(0, "fma2(%a, %a, %a) = %a, fma: %a", a, b, c, z[0], w0);
		}
	}
	CHECK(wrong == 0, "%ld of %ld differ from fma()", wrong, n);
	/* the check can tell: a separate multiply and add differs on a halfway case */
	volatile double a = 1 + 0x1p-30, b = 1 - 0x1p-30, c = -1;
	CHECK(a * b + c != fma(a, b, c) && fma2((fma2_v){ a, a }, (fma2_v){ b, b }, (fma2_v){ c, c })[0] == fma(a, b, c),
	      "one rounding");
}

/* stab: the one definition of a growing loss (the pane) and of a run that ended worse */
static void test_stab(void)
{
	static lhist h;
	double f;
	long span;
	lhist_clear(&h);
	for (long i = 0; i < 400; i++) /* decreasing */
		lhist_add(&h, i, 10.0 / (1 + i));
	CHECK(!stab_growing(&h, &f, &span), "a decreasing loss is not growing");
	for (long i = 400; i < 440; i++) /* then 1.5x per iteration */
		lhist_add(&h, i, 0.025 * pow(1.5, (double)(i - 400)));
	CHECK(stab_growing(&h, &f, &span) && f > 10 && span >= 8, "a growing loss: factor %g span %ld", f, span);
	lhist_clear(&h);
	for (long i = 0; i < 400; i++) /* flat with single spikes (mini-batch noise) */
		lhist_add(&h, i, i % 7 ? 1.0 : 50.0);
	CHECK(!stab_growing(&h, &f, &span), "single spikes are not growth");
	CHECK(stab_worse(1, 10.5) && stab_worse(1, NAN) && !stab_worse(1, 9.9), "stab_worse");
	/* x = 1..4: (2/N)·X̃ᵀX̃ = [[15, 5], [5, 2]], λmax = (17 + √269) / 2 */
	double want = 4 / (17 + sqrt(269.0)), got = stab_lr_bound((double[]){ 1, 2, 3, 4 }, 4, 1);
	CHECK(fabs(got - want) < 1e-9 * want, "the bound: %.12g, want %.12g", got, want);
}

/* lhist_cut: undo and rewind go back to an iteration; the next samples continue the curve there */
static void test_lhist_cut(void)
{
	static lhist h, want;
	double xs[LHIST_CAP];
	lhist_clear(&h);
	for (long i = 0; i < 100; i++)
		lhist_add(&h, i, 100.0 - i);
	lhist_cut(&h, 60);
	int n = lhist_xs(&h, xs);
	CHECK(n == 60 && xs[n - 1] == 59 && h.last[n - 1] == 41 && h.count == 60, "cut at 60: %d buckets, last x %g", n,
	      n ? xs[n - 1] : -1);
	for (long i = 60; i < 70; i++)
		lhist_add(&h, i, 1000.0 + i);
	n = lhist_xs(&h, xs);
	CHECK(n == 70 && xs[60] == 60 && h.last[60] == 1060, "continued at 60: %d buckets, x %g", n, n > 60 ? xs[60] : -1);
	/* past the buckets' capacity (stride 4): a cut on a bucket boundary gives what stopping there gave */
	lhist_clear(&h);
	lhist_clear(&want);
	for (long i = 0; i < 6000; i++) {
		lhist_add(&h, i, (double)(i % 37));
		if (i < 5000)
			lhist_add(&want, i, (double)(i % 37));
	}
	lhist_cut(&h, 5000);
	int same = h.n == want.n && h.fill == want.fill && h.stride == want.stride && h.count == want.count;
	for (int i = 0; same && i < h.n; i++)
		same = h.lo[i] == want.lo[i] && h.hi[i] == want.hi[i] && h.last[i] == want.last[i];
	CHECK(same, "cut at 5000 of 6000: %d buckets (want %d), fill %d (want %d)", h.n, want.n, h.fill, want.fill);
	/* inside a bucket: its place is kept, the next sample lands at the restored iteration */
	lhist_cut(&h, 4002);
	for (long i = 4002; i < 4100; i++)
		lhist_add(&h, i, 1.0);
	n = lhist_xs(&h, xs);
	CHECK(h.count == 4100 && xs[n - 1] + h.fill == 4100, "cut inside a bucket: count %ld, last x %g + %d", h.count,
	      xs[n - 1], h.fill);
	/* a divergence after the cut point is forgotten; a cut before the start clears */
	lhist_add(&h, 4100, INFINITY);
	lhist_cut(&h, 4100);
	CHECK(h.bad_iter == -1 && h.count == 4100, "the divergence cut off: bad_iter %ld", h.bad_iter);
	lhist_cut(&h, 0);
	CHECK(h.n == 0 && h.count == 0, "cut at the start clears");
}

/* monitor_cut and monitor_keep: snapshots and gradient-norm points after the restored iteration go */
static void test_monitor_cut(void)
{
	static monitor m;
	net nt;
	net_init(&nt);
	CHECK(!net_add_dense(&nt, 2, 1, err, sizeof err), "%s", err);
	monitor_init(&m);
	CHECK(monitor_start(&m, &nt, 100) == 0, "monitor_start");
	for (long i = 0; i < 100; i += 3) {
		nt.params[0] = (double)i;
		monitor_record(&m, &nt, i);
	}
	monitor_cut(&m, 50);
	int i50 = monitor_find(&m, 1000);
	CHECK(i50 >= 0 && m.snap_iter[i50] == 48 && monitor_snap(&m, i50)[0] == 48 && m.nsnap == 17, "newest kept: %ld of %d",
	      i50 >= 0 ? m.snap_iter[i50] : -1, m.nsnap);
	CHECK(m.npts > 0 && m.pt_iter[m.npts - 1] == 48, "gradient norms cut: last at %g", m.npts ? m.pt_iter[m.npts - 1] : -1);
	double keep[3] = { 7, 8, 9 };
	monitor_keep(&m, keep, 45); /* replaces 48 (after 45), then 45 is the newest */
	int k = monitor_find(&m, 1000);
	CHECK(k >= 0 && m.snap_iter[k] == 45 && monitor_snap(&m, k)[2] == 9 && m.nsnap == 16, "kept: %ld", k >= 0 ? m.snap_iter[k] : -1);
	/* a full ring (64) cut back, then recorded again: order and count stay right */
	for (long i = 46; i < 400; i++)
		monitor_record(&m, &nt, i);
	monitor_cut(&m, 380);
	k = monitor_find(&m, 1000);
	CHECK(m.nsnap == MON_SNAPS - 19 && m.snap_iter[k] == 380, "full ring cut: %d kept, newest %ld", m.nsnap, m.snap_iter[k]);
	monitor_record(&m, &nt, 381);
	CHECK(m.snap_iter[monitor_find(&m, 1000)] == 381 && monitor_find(&m, 336) >= 0 && m.snap_iter[monitor_find(&m, 336)] == 336,
	      "recorded after the cut");
	monitor_free(&m);
	net_free(&nt);
}

/* stab_stuck: a ReLU layer whose inputs are all <= 0 is dead; a leaky one is not; tanh saturates */
static void test_stab_stuck(void)
{
	net nt;
	net_init(&nt);
	CHECK(!net_add_dense(&nt, 1, 2, err, sizeof err) && !net_add_act(&nt, LAYER_RELU, 0, err, sizeof err) &&
	      !net_add_dense(&nt, 2, 1, err, sizeof err), "%s", err);
	double x[4] = { 1, 2, 3, 4 };
	nt.params[0] = -1; /* W1 (1, 2) */
	nt.params[1] = 1;
	nt.params[2] = nt.params[3] = 0; /* b1 */
	CHECK(!net_reserve(&nt, 4), "reserve");
	net_forward(&nt, x, 4);
	int layer = -1, bad, units;
	CHECK(!stab_stuck(&nt, &layer) && !stab_layer_health(&nt, 1, &bad, &units) && bad == 1 && units == 2,
	      "one of two dead is not stuck: %d of %d", bad, units);
	nt.params[1] = -0.5;
	net_forward(&nt, x, 4);
	CHECK(stab_stuck(&nt, &layer) == 1 && layer == 1, "both dead: stuck at layer %d", layer);
	nt.L[1].kind = LAYER_LEAKY_RELU;
	net_forward(&nt, x, 4);
	CHECK(!stab_stuck(&nt, &layer), "a leaky ReLU keeps a slope");
	nt.L[1].kind = LAYER_TANH;
	nt.params[0] = 10;
	nt.params[1] = -10;
	net_forward(&nt, x, 4);
	CHECK(stab_stuck(&nt, &layer) == 2 && layer == 1, "tanh at ±10..40: saturated");
	net_free(&nt);
}

int main(void)
{
	test_lhist_cut();
	test_monitor_cut();
	test_stab_stuck();
	test_stab();
	test_neuron();
	test_mse_values();
	test_arrays();
	test_fma2();
	test_layers_and_losses();
	test_optim();
	test_optim_keep();
	test_rng();
	test_data();
	test_regression();
	return check_done("test_engine");
}
