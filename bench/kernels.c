/* kernels.c — time and check dl's dense kernels through the engine's public API.
 *
 *   kernels time S N [seconds]   two dense layers S→S→S on a batch of N: time net_forward +
 *                                net_backward; prints GFLOP/s over the 10·N·S² flops they do
 *                                (wall clock; KERNELS_CLOCK=cpu for the process's CPU time)
 *   kernels timefm S N [seconds] the same products as training runs them (src/engine/fm.c: the
 *                                batch along the vector lanes): fm_step with an mse loss on
 *                                the S outputs (its transposes and sums counted in the time,
 *                                not in the flops)
 *   kernels check                every kernel against the plain reference loops, bit for bit,
 *                                over many shapes; exit status 1 on the first difference
 *                                (the built-in kernels: DL_BLAS=off in a build with OpenBLAS)
 *   kernels                      the check for the copy of the kernels this CPU runs and, in a
 *                                child process, for the baseline copy (DL_KERNELS=generic):
 *                                what make check runs
 *
 * Why two layers: the first layer of a network computes no dx (nothing needs it), so one
 * layer alone would leave the g·Wᵀ product out.  With two, the forward pass does x·W1 + b1 and
 * z1·W2 + b2 (2·2NS² flops), the backward pass dW2 = z1ᵀg, db2, dx = g·W2ᵀ, dW1 = xᵀdx, db1
 * (3·2NS²): 10·N·S² in all, the bias sums not counted.  bench/kernels.py does the same
 * operations with numpy and PyTorch.
 *
 * Build: make bench/kernels (make bench and make check build it), or by hand:
 *   cc -O2 -std=c11 -D_GNU_SOURCE bench/kernels.c src/libdlcore.a -lm -o bench/kernels */
#define _POSIX_C_SOURCE 200809L
#include "../src/engine/fm.h"
#include "../src/engine/net.h"
#include "../src/engine/rng.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* wall-clock time; KERNELS_CLOCK=cpu measures the process's CPU time instead (steadier on a
 * machine that is busy with something else) */
static double now(void)
{
	static int cpu = -1;
	if (cpu < 0) {
		const char *e = getenv("KERNELS_CLOCK");
		cpu = e && !strcmp(e, "cpu");
	}
	struct timespec ts;
	clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int build(net *nt, const int *sizes, int nsizes, layer_kind act, rng *r)
{
	char err[128];
	net_init(nt);
	for (int i = 0; i + 1 < nsizes; i++) {
		if (net_add_dense(nt, sizes[i], sizes[i + 1], err, sizeof err))
			return -1;
		if (act != LAYER_DENSE && i + 2 < nsizes && net_add_act(nt, act, 0.1, err, sizeof err))
			return -1;
	}
	for (size_t i = 0; i < nt->P; i++)
		nt->params[i] = rng_normal(r);
	return 0;
}

static int time_layers(int S, int N, double secs)
{
	rng r;
	rng_seed(&r, 1);
	net nt;
	int sizes[] = { S, S, S };
	double *x = malloc((size_t)N * S * sizeof *x);
	if (!x || build(&nt, sizes, 3, LAYER_DENSE, &r) || net_reserve(&nt, N)) {
		fprintf(stderr, "kernels: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < (size_t)N * S; i++)
		x[i] = rng_normal(&r);
	layer *last = &nt.L[nt.n - 1];
	for (size_t i = 0; i < (size_t)N * S; i++)
		last->g.v[i] = 0.01 * rng_normal(&r);
	/* warm up, then calibrate a repetition count that lasts about secs */
	net_forward(&nt, x, N);
	net_backward(&nt, x);
	long reps = 1;
	double t;
	for (;;) {
		double t0 = now();
		for (long i = 0; i < reps; i++) {
			net_forward(&nt, x, N);
			net_backward(&nt, x);
		}
		t = now() - t0;
		if (t >= secs)
			break;
		reps = t < secs / 20 ? reps * 10 : (long)(reps * secs / t * 1.05) + 1;
	}
	double flops = 10.0 * N * (double)S * S * reps;
	printf("dense fwd+bwd S=%d N=%d: %ld reps in %.3f s, %.3f us each, %.2f GFLOP/s\n", S, N,
	       reps, t, 1e6 * t / reps, flops / t * 1e-9);
	net_free(&nt);
	free(x);
	return 0;
}

/* ---- the reference: the plain loops, each term added with one fused multiply-add (C's fma,
 * exact by IEEE 754 wherever it runs) ---- */

/* a product rounded to double on its own (the leaky relu's alpha·x) */
static double mul(double a, double b)
{
	volatile double t = a * b;
	return t;
}

static void ref_dense_forward(const double *x, const double *W, const double *b, double *z,
			      int N, int D, int K)
{
	for (int n = 0; n < N; n++) {
		double *zn = z + (size_t)n * K;
		const double *xn = x + (size_t)n * D;
		for (int k = 0; k < K; k++)
			zn[k] = b[k];
		for (int d = 0; d < D; d++) {
			double a = xn[d];
			const double *Wd = W + (size_t)d * K;
			for (int k = 0; k < K; k++)
				zn[k] = fma(a, Wd[k], zn[k]);
		}
	}
}

/* dW and db: four interleaved partial sums over the batch, s_r over n ≡ r (mod 4) in order, then
 * (s_0 + s_1) + (s_2 + s_3) (see dense_backward in src/engine/dense.c) */
static void ref_dense_backward(const double *x, const double *W, const double *g, double *dW,
			       double *db, double *dx, int N, int D, int K)
{
	for (int k = 0; k < K; k++) {
		double s[4] = { 0, 0, 0, 0 };
		for (int n = 0; n < N; n++)
			s[n % 4] += g[(size_t)n * K + k];
		db[k] = (s[0] + s[1]) + (s[2] + s[3]);
		for (int d = 0; d < D; d++) {
			double t[4] = { 0, 0, 0, 0 };
			for (int n = 0; n < N; n++)
				t[n % 4] = fma(x[(size_t)n * D + d], g[(size_t)n * K + k], t[n % 4]);
			dW[(size_t)d * K + k] = (t[0] + t[1]) + (t[2] + t[3]);
		}
	}
	for (int n = 0; dx && n < N; n++) {
		const double *gn = g + (size_t)n * K;
		double *dxn = dx + (size_t)n * D;
		for (int d = 0; d < D; d++) {
			const double *Wd = W + (size_t)d * K;
			double s = 0;
			for (int k = 0; k < K; k++)
				s = fma(gn[k], Wd[k], s);
			dxn[d] = s;
		}
	}
}

static void ref_act_forward(const layer *l, const double *x, double *y, size_t M)
{
	for (size_t i = 0; i < M; i++)
		y[i] = l->kind == LAYER_RELU ? (x[i] > 0 ? x[i] : 0) : (x[i] > 0 ? x[i] : mul(l->alpha, x[i]));
}

static void ref_act_backward(const layer *l, const double *x, const double *g, double *dx, size_t M)
{
	for (size_t i = 0; i < M; i++)
		dx[i] = l->kind == LAYER_RELU ? (x[i] > 0 ? g[i] : 0) : (x[i] > 0 ? g[i] : mul(l->alpha, g[i]));
}

static int same(const double *a, const double *b, size_t n, const char *what, const int *sizes,
		int ns, int N)
{
	if (!memcmp(a, b, n * sizeof *a))
		return 1;
	size_t i = 0;
	while (i < n && !memcmp(a + i, b + i, sizeof *a))
		i++;
	fprintf(stderr, "kernels check: %s differs at %zu (%.17g vs %.17g) for N=%d sizes", what, i,
		a[i], b[i], N);
	for (int k = 0; k < ns; k++)
		fprintf(stderr, "%c%d", k ? '-' : ' ', sizes[k]);
	fputc('\n', stderr);
	return 0;
}

/* one network: the engine's forward and backward against the reference, bit for bit */
static int check_one(const int *sizes, int ns, layer_kind act, int N, rng *r)
{
	net nt;
	if (build(&nt, sizes, ns, act, r) || net_reserve(&nt, N))
		return 0;
	size_t D = (size_t)sizes[0], maxw = 0;
	for (int i = 0; i < ns; i++)
		if ((size_t)sizes[i] > maxw)
			maxw = sizes[i];
	double *x = malloc(N * D * sizeof *x + 1);
	double *ys = malloc((size_t)nt.n * N * maxw * sizeof *ys + 1);
	double *gs = malloc((size_t)nt.n * N * maxw * sizeof *gs + 1);
	double *grads = malloc(nt.P * sizeof *grads + 1);
	int ok = x && ys && gs && grads;
	for (size_t i = 0; ok && i < N * D; i++) /* some exact zeros and negative zeros too */
		x[i] = i % 11 == 3 ? 0.0 : i % 13 == 5 ? -0.0 : rng_normal(r);
	layer *last = &nt.L[nt.n - 1];
	net_forward(&nt, x, N);
	for (size_t i = 0; ok && i < (size_t)N * last->out; i++)
		last->g.v[i] = rng_normal(r);
	net_backward(&nt, x);
	/* the reference, layer by layer, on the engine's own inputs of each layer */
	const double *in = x;
	for (int i = 0; ok && i < nt.n; i++) {
		layer *l = &nt.L[i];
		double *y = ys + (size_t)i * N * maxw;
		if (l->kind == LAYER_DENSE)
			ref_dense_forward(in, l->W.v, l->b.v, y, N, l->in, l->out);
		else
			ref_act_forward(l, in, y, (size_t)N * l->out);
		ok = same(l->y.v, y, (size_t)N * l->out, "forward y", sizes, ns, N);
		in = y;
	}
	for (int i = nt.n - 1; ok && i >= 0; i--) {
		layer *l = &nt.L[i];
		const double *lin = i ? nt.L[i - 1].y.v : x;
		double *dx = i ? gs + (size_t)(i - 1) * N * maxw : NULL;
		if (l->kind == LAYER_DENSE)
			ref_dense_backward(lin, l->W.v, l->g.v, grads + l->off_W, grads + l->off_b, dx, N,
					   l->in, l->out);
		else if (dx)
			ref_act_backward(l, lin, l->g.v, dx, (size_t)N * l->out);
		if (l->kind == LAYER_DENSE) {
			ok = same(nt.grads + l->off_W, grads + l->off_W, (size_t)l->in * l->out, "dW", sizes, ns, N) &&
			     same(nt.grads + l->off_b, grads + l->off_b, (size_t)l->out, "db", sizes, ns, N);
		}
		if (ok && dx)
			ok = same(nt.L[i - 1].g.v, dx, (size_t)N * l->in, "dx", sizes, ns, N);
	}
	free(x);
	free(ys);
	free(gs);
	free(grads);
	net_free(&nt);
	return ok;
}

static int check(void)
{
	rng r;
	rng_seed(&r, 3);
	int count = 0;
	static const int Ns[] = { 1, 2, 3, 5, 6, 7, 11, 13, 64, 100 };
	for (size_t ni = 0; ni < sizeof Ns / sizeof *Ns; ni++)
		for (int a = 1; a <= 19; a++)
			for (int b = 1; b <= 19; b += (b < 10 ? 1 : 3)) {
				int sizes[] = { a, b, (a + b) % 7 + 1 };
				layer_kind act = (a + b) % 2 ? LAYER_RELU : LAYER_LEAKY_RELU;
				if (!check_one(sizes, 3, act, Ns[ni], &r))
					return 1;
				count++;
			}
	static const int big[][5] = { { 64, 128, 64, 10, 0 }, { 2, 5, 5, 5, 1 }, { 300, 257, 129, 33, 0 },
				      { 1024, 1024, 0 }, { 513, 700, 3, 0 } };
	static const int bigN[] = { 1, 37, 64, 100, 256 };
	for (size_t i = 0; i < sizeof big / sizeof *big; i++)
		for (size_t ni = 0; ni < sizeof bigN / sizeof *bigN; ni++) {
			int ns = 0;
			while (ns < 5 && big[i][ns])
				ns++;
			if (!check_one(big[i], ns, LAYER_RELU, bigN[ni], &r))
				return 1;
			count++;
		}
	printf("kernels check: %d networks, forward and backward identical to the reference loops\n", count);
	return 0;
}

/* the training path: fm_step on S→S→S with an mse loss against fixed targets */
static int time_fm(int S, int N, double secs)
{
	rng r;
	rng_seed(&r, 1);
	net nt;
	int sizes[] = { S, S, S };
	fm w;
	fm_init(&w);
	double *x = malloc((size_t)N * S * sizeof *x), *y = malloc((size_t)N * S * sizeof *y);
	if (!x || !y || build(&nt, sizes, 3, LAYER_DENSE, &r) || net_reserve(&nt, N)) {
		fprintf(stderr, "kernels: out of memory\n");
		return 1;
	}
	if (!fm_fits(&nt) || fm_reserve(&w, &nt, N)) {
		printf("dense fwd+bwd (fm) S=%d N=%d: not here (no AVX2 + FMA, DL_FM=off, or no memory)\n",
		       S, N);
		return 0;
	}
	for (size_t i = 0; i < (size_t)N * S; i++) {
		x[i] = rng_normal(&r);
		y[i] = rng_normal(&r);
	}
	fm_input_rows(&w, x, NULL);
	double sink = fm_step(&w, &nt, y, NULL);
	long reps = 1;
	double t;
	for (;;) {
		double t0 = now();
		for (long i = 0; i < reps; i++)
			sink += fm_step(&w, &nt, y, NULL);
		t = now() - t0;
		if (t >= secs)
			break;
		reps = t < secs / 20 ? reps * 10 : (long)(reps * secs / t * 1.05) + 1;
	}
	double flops = 10.0 * N * (double)S * S * reps;
	printf("dense fwd+bwd (fm) S=%d N=%d: %ld reps in %.3f s, %.3f us each, %.2f GFLOP/s%s\n", S,
	       N, reps, t, 1e6 * t / reps, flops / t * 1e-9, sink == 0.5 ? " " : "");
	fm_free(&w);
	net_free(&nt);
	free(x);
	free(y);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 1 || !strcmp(argv[1], "check")) {
		/* the built-in kernels: a build with OpenBLAS would hand it the large layers, whose
		 * sums are in OpenBLAS's order */
		setenv("DL_BLAS", "off", 1);
		if (argc > 1 || getenv("DL_KERNELS"))
			return check();
		/* both copies: the engine picks its copy once, so the baseline one in a child */
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			setenv("DL_KERNELS", "generic", 1);
			printf("DL_KERNELS=generic: ");
			exit(check());
		}
		int st = 0;
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "kernels check: the baseline copy failed\n");
			return 1;
		}
		printf("default copy: ");
		return check();
	}
	if (argc >= 4 && !strcmp(argv[1], "time"))
		return time_layers(atoi(argv[2]), atoi(argv[3]), argc > 4 ? atof(argv[4]) : 0.5);
	if (argc >= 4 && !strcmp(argv[1], "timefm"))
		return time_fm(atoi(argv[2]), atoi(argv[3]), argc > 4 ? atof(argv[4]) : 0.5);
	fprintf(stderr, "usage: kernels time|timefm S N [seconds] | kernels check\n");
	return 2;
}
