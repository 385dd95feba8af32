/* test_fm.c — the feature-major training step (src/engine/fm.c) against the
 * general path (net_forward + loss_eval + net_backward) bit for bit: the loss, the accuracy,
 * every gradient, and every layer's output and gradient after fm_sync, over many shapes,
 * batch sizes (whole vectors and ragged ends), activations, losses, several steps of SGD apart,
 * and values large enough to overflow.  And train_run end to end both ways.
 * Skipped (77) where the feature-major path does not run (no AVX2 + FMA, or DL_FM=off). */
#include "check.h"
#include "../src/engine/data.h"
#include "../src/engine/loss.h"
#include "../src/engine/fm.h"
#include "../src/engine/net.h"
#include "../src/engine/optim.h"
#include "../src/engine/rng.h"
#include "../src/engine/train.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char err[256];

/* equal bits, or both NaN (which NaN an operation returns may depend on the operand order) */
static int same(double a, double b)
{
	if (a != a && b != b)
		return 1;
	return !memcmp(&a, &b, sizeof a);
}

static int first_diff(const double *a, const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!same(a[i], b[i]))
			return (int)i;
	return -1;
}

static const layer_kind acts[] = { LAYER_RELU, LAYER_LEAKY_RELU, LAYER_SIGMOID, LAYER_TANH };

/* a net of `nd` dense layers with the given widths, activation a between them (and, with
 * out_act & 1, after the last: sigmoid for bce, else the same; with out_act & 2, a tanh after
 * each a between them), loss l */
static int build(net *nt, const int *w, int nd, layer_kind a, int out_act, loss_kind l)
{
	net_init(nt);
	nt->loss = l;
	for (int i = 0; i < nd; i++) {
		if (net_add_dense(nt, w[i], w[i + 1], err, sizeof err))
			return -1;
		if (i + 1 < nd || (out_act & 1))
			if (net_add_act(nt, i + 1 < nd || l != LOSS_BCE ? a : LAYER_SIGMOID, 0.1, err,
					sizeof err))
				return -1;
		if (i + 1 < nd && (out_act & 2)) /* two activations in a row */
			if (net_add_act(nt, LAYER_TANH, 0, err, sizeof err))
				return -1;
	}
	return 0;
}

/* the general path's step, as train_backward takes it */
static double general_step(net *nt, const double *x, const double *y, int N, double *acc)
{
	layer *last = &nt->L[nt->n - 1];
	const double *out = net_forward(nt, x, N);
	double J = loss_eval(nt->loss, last->kind, out, y, N, net_out(nt), last->g.v);
	int ok = loss_correct(nt->loss, last->kind, out, y, N, net_out(nt));
	*acc = ok < 0 ? -1 : (double)ok / N;
	net_backward(nt, x);
	return J;
}

/* one network, one batch: `steps` steps of SGD, the general path on a and the feature-major one on
 * b, compared after every step */
static void compare(const int *w, int nd, layer_kind a, int out_act, loss_kind l, int N,
		    double scale, int steps, rng *r)
{
	net A, B;
	if (build(&A, w, nd, a, out_act, l) || build(&B, w, nd, a, out_act, l)) {
		CHECK(0, "build: %s", err);
		return;
	}
	char what[160];
	int o = snprintf(what, sizeof what, "%d", w[0]);
	for (int i = 1; i <= nd; i++)
		o += snprintf(what + o, sizeof what - o, "-%d", w[i]);
	snprintf(what + o, sizeof what - o, " %s%s%s %s N=%d scale=%g", layer_kind_name(a),
		 out_act & 2 ? "+tanh" : "", out_act & 1 ? "+out" : "", loss_name(l), N, scale);
	CHECK(fm_fits(&A), "%s: fm_fits says no", what);
	int D = w[0], K = w[nd];
	int Ky = l == LOSS_CE ? 1 : K;
	double *x = malloc(sizeof(double) * N * D), *y = malloc(sizeof(double) * N * Ky);
	for (int i = 0; i < N * D; i++)
		x[i] = scale * rng_normal(r);
	for (int i = 0; i < N * Ky; i++)
		y[i] = l == LOSS_CE ? (double)rng_below(r, K) : l == LOSS_BCE ? (double)rng_below(r, 2) : rng_normal(r);
	for (size_t i = 0; i < A.P; i++)
		A.params[i] = B.params[i] = scale * rng_normal(r);
	if (rng_below(r, 4) == 0) /* a zero input column: products of ±0 */
		for (int n = 0; n < N; n++)
			x[n * D] = rng_below(r, 2) ? 0.0 : -0.0;
	fm nw;
	fm_init(&nw);
	CHECK(!net_reserve(&A, N) && !net_reserve(&B, N) && !fm_reserve(&nw, &B, N), "%s: reserve", what);
	fm_input_rows(&nw, x, NULL);
	for (int s = 0; s < steps; s++) {
		double accA, accB;
		double JA = general_step(&A, x, y, N, &accA);
		double JB = fm_step(&nw, &B, y, &accB);
		CHECK(same(JA, JB), "%s step %d: loss %.17g vs %.17g", what, s, JA, JB);
		CHECK(same(accA, accB), "%s step %d: accuracy %g vs %g", what, s, accA, accB);
		int d = first_diff(A.grads, B.grads, A.P);
		CHECK(d < 0, "%s step %d: grads[%d] %.17g vs %.17g", what, s, d, d < 0 ? 0 : A.grads[d],
		      d < 0 ? 0 : B.grads[d]);
		/* the update first: fm_sync recomputes what the step left out from the parameters
		 * the step ran with, not the updated ones */
		double *ran = malloc(sizeof(double) * (B.P ? B.P : 1));
		memcpy(ran, B.params, sizeof(double) * B.P);
		for (size_t i = 0; i < A.P; i++)
			B.params[i] -= 0.05 * B.grads[i];
		fm_sync(&nw, &B, ran);
		free(ran);
		CHECK(B.N == N, "%s: N after sync", what);
		for (int i = 0; i < A.n; i++) {
			size_t M = (size_t)N * A.L[i].out;
			int dy = first_diff(A.L[i].y.v, B.L[i].y.v, M), dg = first_diff(A.L[i].g.v, B.L[i].g.v, M);
			CHECK(dy < 0, "%s step %d: layer %d y[%d]", what, s, i, dy);
			CHECK(dg < 0, "%s step %d: layer %d g[%d]", what, s, i, dg);
		}
		/* SGD on a too, the same update */
		for (size_t i = 0; i < A.P; i++)
			A.params[i] -= 0.05 * A.grads[i];
	}
	fm_free(&nw);
	free(x);
	free(y);
	net_free(&A);
	net_free(&B);
}

static void test_shapes(void)
{
	rng r;
	rng_seed(&r, 11);
	static const int Ns[] = { 1, 2, 3, 4, 5, 7, 8, 13, 64, 100, 101 };
	/* every width 1..8 in and out, one hidden layer */
	for (int a = 1; a <= 8; a++)
		for (int h = 1; h <= 8; h++)
			for (int b = 1; b <= 8; b += 3) {
				int w[3] = { a, h, b };
				compare(w, 2, acts[(a + h) % 4], 0, LOSS_MSE, Ns[(a * 8 + h) % 11], 1, 2, &r);
			}
	/* the tutorial's net, and deeper ones, every batch size, activation and loss */
	static const int t[] = { 2, 5, 5, 5, 1 }, u[] = { 3, 8, 1, 7, 4, 2 };
	for (int ni = 0; ni < 11; ni++)
		for (int a = 0; a < 4; a++) {
			compare(t, 4, acts[a], 0, LOSS_MSE, Ns[ni], 1, 3, &r);
			compare(u, 5, acts[a], a & 1, LOSS_MSE, Ns[ni], 1, 2, &r);
			compare(u, 5, acts[a], 0, LOSS_CE, Ns[ni], 1, 2, &r);
			compare(u, 5, acts[a], 1, LOSS_BCE, Ns[ni], 1, 2, &r);
			compare(u, 5, acts[a], 0, LOSS_BCE, Ns[ni], 1, 2, &r);
		}
	/* wide layers (net.c's kernels for their products, the tiled dW), mixed with narrow ones;
	 * widths around the tiles' edges (3 rows × 4 columns) and the 8 of the constant kernels */
	static const int v[] = { 9, 12, 3, 13, 8, 10 }, d[] = { 64, 128, 64, 10 }, e[] = { 2, 40, 1 };
	for (int ni = 0; ni < 11; ni++)
		for (int a = 0; a < 4; a++) {
			compare(v, 5, acts[a], 0, LOSS_MSE, Ns[ni], 1, 2, &r);
			compare(v, 5, acts[a], 1, LOSS_BCE, Ns[ni], 1, 2, &r);
			compare(d, 3, acts[a], 0, LOSS_CE, Ns[ni], 1, 2, &r);
			compare(e, 2, acts[a], 0, LOSS_MSE, Ns[ni], 1, 2, &r);
		}
	for (int a = 9; a <= 14; a++)
		for (int b = 9; b <= 17; b += 4) {
			int w[3] = { a, b, a + b - 16 };
			compare(w, 2, acts[(a + b) % 4], 0, LOSS_MSE, Ns[(a * 3 + b) % 11], 1, 2, &r);
		}
	int big[3] = { 300, 260, 9 }; /* reductions longer than net.c's block of 256 */
	compare(big, 2, LAYER_RELU, 0, LOSS_MSE, 37, 1, 2, &r);
	compare(v, 5, LAYER_LEAKY_RELU, 0, LOSS_MSE, 101, 1e100, 2, &r);
	compare(v, 5, LAYER_TANH, 0, LOSS_MSE, 13, 1e-90, 2, &r);
	/* one dense layer (no activation at all), and two activations in a row */
	int one[2] = { 4, 3 };
	for (int ni = 0; ni < 11; ni++) {
		compare(one, 1, LAYER_RELU, 0, LOSS_MSE, Ns[ni], 1, 2, &r);
		for (int a = 0; a < 4; a++) {
			compare(t, 4, acts[a], 2, LOSS_MSE, Ns[ni], 1, 2, &r);
			compare(v, 5, acts[a], 2, LOSS_MSE, Ns[ni], 1, 2, &r);
		}
	}
	/* values that overflow to inf and NaN on the way, and underflow */
	for (int ni = 0; ni < 11; ni++) {
		compare(t, 4, LAYER_RELU, 0, LOSS_MSE, Ns[ni], 1e80, 2, &r);
		compare(t, 4, LAYER_TANH, 0, LOSS_MSE, Ns[ni], 1e-90, 2, &r);
		compare(u, 5, LAYER_LEAKY_RELU, 0, LOSS_MSE, Ns[ni], 1e100, 2, &r);
	}
}

static void test_fits(void)
{
	net nt;
	net_init(&nt);
	CHECK(!fm_fits(&nt), "an empty network");
	net_add_dense(&nt, 8, 8, err, sizeof err);
	CHECK(fm_fits(&nt), "8-8");
	net_add_act(&nt, LAYER_SOFTMAX, 0, err, sizeof err);
	CHECK(!fm_fits(&nt), "softmax");
	net_clear(&nt);
	net_add_dense(&nt, 300, 9, err, sizeof err);
	CHECK(fm_fits(&nt), "300-9");
	net_free(&nt);
}

/* train_run end to end: the feature-major path (this process) against `dl` trained with
 * DL_FM=off is the scripts' business; here, train_run against a loop of general steps
 * with the same SGD, on a dataset, with mini-batches */
static void test_train_run(void)
{
	static const int w[] = { 2, 5, 5, 5, 1 };
	for (int run = 0; run < 3; run++) {
		/* full batch, mini-batches, and a budget that leaves the feature-major buffers out */
		int batch = run == 1 ? 16 : 0;
		rng r, ra, rb;
		rng_seed(&r, 5);
		dataset ds;
		data_init(&ds);
		int N = 50;
		tensor_alloc(&ds.X, 2, N, 2);
		tensor_alloc(&ds.Y, 2, N, 1);
		ds.D = 2;
		ds.K = 1;
		for (int i = 0; i < N * 2; i++)
			ds.X.v[i] = rng_normal(&r);
		for (int i = 0; i < N; i++)
			ds.Y.v[i] = ds.X.v[2 * i] * ds.X.v[2 * i + 1];
		net A, B;
		build(&A, w, 4, LAYER_RELU, 0, LOSS_MSE);
		build(&B, w, 4, LAYER_RELU, 0, LOSS_MSE);
		for (size_t i = 0; i < A.P; i++)
			A.params[i] = B.params[i] = rng_normal(&r);
		/* B: train_run (feature-major) */
		trainer tb;
		trainer_init(&tb);
		optim op, opa;
		optim_init(&op, OPT_SGD);
		optim_init(&opa, OPT_SGD);
		optim_reserve(&opa, A.P);
		static lhist h;
		lhist_clear(&h);
		long iter = 0;
		train_opts o = { .iters = 300, .lr = 0.01, .batch = batch, .stop_diverge = 1,
				 .fm_max = run == 2 ? 1 : 0 };
		train_hooks hk = { 0 };
		train_result res;
		rng_seed(&rb, 9);
		CHECK(!train_run(&tb, &B, &ds, &op, &rb, &h, &iter, &o, &hk, &res, err, sizeof err), "%s", err);
		CHECK(res.done == 300, "done %ld", res.done);
		/* train takes the feature-major path where it can: every step of runs 0 and 1 (a
		 * build whose train_run never went feature-major passed every other test) */
		CHECK(res.fm_steps == (run == 2 ? 0 : 300), "run %d: %ld of 300 steps feature-major", run, res.fm_steps);
		/* A: the same steps the general way */
		trainer ta;
		trainer_init(&ta);
		rng_seed(&ra, 9);
		double JA = 0;
		net_reserve(&A, batch ? batch : N);
		for (int s = 0; s < 300; s++) {
			train_next_batch(&ta, &ds, batch, &ra);
			JA = train_backward(&ta, &A, NULL);
			optim_step(&opa, 0.01, A.params, A.grads, A.P);
		}
		CHECK(same(JA, res.loss), "run %d: last loss %.17g vs %.17g", run, JA, res.loss);
		CHECK(ta.B == tb.B && !memcmp(ta.x, tb.x, sizeof(double) * ta.B * 2) &&
			      !memcmp(ta.y, tb.y, sizeof(double) * ta.B),
		      "run %d: the last batch's inputs and targets after train_run", run);
		int d = first_diff(A.params, B.params, A.P);
		CHECK(d < 0, "run %d: params[%d] differ after 300 iterations", run, d);
		d = first_diff(A.grads, B.grads, A.P);
		CHECK(d < 0, "run %d: grads[%d] differ after 300 iterations", run, d);
		for (int i = 0; i < A.n; i++) {
			size_t M = (size_t)A.N * A.L[i].out;
			CHECK(A.N == B.N && first_diff(A.L[i].y.v, B.L[i].y.v, M) < 0 &&
				      first_diff(A.L[i].g.v, B.L[i].g.v, M) < 0,
			      "run %d: layer %d's y or g after train_run", run, i);
		}
		trainer_free(&ta);
		trainer_free(&tb);
		optim_free(&op);
		optim_free(&opa);
		net_free(&A);
		net_free(&B);
		data_free(&ds);
	}
}

int main(void)
{
	net probe;
	net_init(&probe);
	net_add_dense(&probe, 2, 1, err, sizeof err);
	int fits = fm_fits(&probe);
	net_free(&probe);
	if (!fits) {
		printf("test_fm: skipped (the feature-major path does not run here: no AVX2 + FMA, or DL_FM=off)\n");
		return 77;
	}
	test_fits();
	test_shapes();
	test_train_run();
	return check_done("test_fm");
}
