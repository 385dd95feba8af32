/* dense.c — running a network: the dense layers' kernels (the CPU copy chosen once, packing
 * heuristics, OpenBLAS for large layers, the reference order of sums), the activations, and
 * the forward and backward passes over the layers (net_forward, net_backward: the kernels stay
 * static beside their only callers, so that they inline as before).  net.c builds networks. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "net.h"
#include "net_impl.h"
#include "kern/cpu.h"
#include "kern/simd.h" /* BATCH_SUM; the vectors come with kern_tile.h */
#include "vmath.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_OPENBLAS
#include <cblas.h>
#endif

/* ---- kernels ----
 *
 * Every dense product is one shape of C = init + A·B over row-major arrays:
 *   forward  z (N, K) = b + x (N, D) · W (D, K)
 *   backward [dW; db] (D+1, K) = [xᵀ; 1ᵀ] (D+1, N) · g (N, K)   (db is stored right after dW),
 *            in four products over the rows n ≡ r (mod 4), added at the end
 *            dx (N, D) = g (N, K) · Wᵀ (K, D)
 * C is computed in register tiles of up to KMR rows × 2 vectors: an element of A is broadcast,
 * a row of B is loaded as vectors (src/engine/kern/kern_tile.h).  For large layers the reduction is cut in
 * blocks of KC and the rows in blocks of MC so that the A block stays in L2, and B is copied
 * into contiguous panels of KC × 2 vectors that stay in L1 (for dx the copy is also the
 * transposition of W).
 *
 * Exactness: every element is accumulated as the plain loops do (bench/kernels.c keeps them as
 * the reference): z and dx term by term in the order of the reduced index, from the same start
 * (b for z, +0 for dx; a later KC block resumes from the stored value), dW and db as four
 * interleaved partial sums over the batch (see "The batch sums" below), each term added with
 * one fused multiply-add, c = fma(a, b, c): one rounding per term, which IEEE 754 defines
 * exactly.  So the results are the same bits as the plain loops on every machine, whichever
 * copy of the kernels runs; only the speed differs.  (Nothing else is contracted: the build
 * passes -ffp-contract=off, and the kernels ask for their FMAs by name.)  On x86-64 the
 * kernels are compiled twice: for the baseline (SSE2, vectors of 2 doubles, the fused
 * multiply-add computed exactly from separate operations: src/engine/kern/fma2.h, about 20 times slower than
 * a plain multiply and add) and for AVX2 with FMA (vectors of 4), and the AVX2 copy is picked at
 * the first call when the CPU has both.
 * DL_KERNELS=generic in the environment forces the baseline copy (to test it).  (An AVX-512
 * copy, vectors of 8, was slower on the Zen 4 this was tuned on, which splits them in two.)
 *
 * Padding: a vector may read up to PAD − 1 doubles past the last column of B or C (lanes that
 * are computed and thrown away), so every array that is B or C here — the parameters and
 * gradients, the layers' y and g, the panel — has PAD doubles of slack after it.  Stores never
 * go past the last column. */

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

enum { KC = 256, MC = 96 };
enum { INIT_ZERO, INIT_BIAS, INIT_C };

/* C (M, N) = init + A (M, K) · B (K, N).  A(i,p) = A[i·ra + p·ca]; C is row-major with row
 * stride ldc; B(p,j) = B[p·ldb + j], or with bT, B(p,j) = B[j·ldb + p] (B given transposed).
 * init: INIT_ZERO (+0), INIT_BIAS (bias (N,)), INIT_C (resume from C).  With ones, row M−1 of A
 * is all ones and is not read (db under dW).  pk: scratch for one packed panel, or NULL to read
 * B in place (then B must not be transposed); pa: scratch for a packed block of A (MC × KC), or
 * NULL to read A in place. */
typedef struct gemm_args {
	int M, N, K;
	const double *A;
	ptrdiff_t ra, ca;
	const double *B;
	ptrdiff_t ldb;
	int bT;
	double *C;
	ptrdiff_t ldc;
	const double *bias;
	int init, ones;
	double *pk, *pa;
} gemm_args;

typedef struct kernels {
	void (*gemm)(const gemm_args *g);
	void (*relu_fwd)(const double *x, double *y, size_t M);
	void (*relu_bwd)(const double *x, const double *g, double *dx, size_t M);
	void (*leaky_fwd)(const double *x, double *y, size_t M, double alpha);
	void (*leaky_bwd)(const double *x, const double *g, double *dx, size_t M, double alpha);
} kernels;

#define KSFX generic /* SSE2, the x86-64 baseline, or whatever the target has */
#define KVL 2
#define KMR 6
#define KATTR
#include "kern/kern_tile.h"
#undef KSFX
#undef KVL
#undef KMR
#undef KATTR

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define DL_X86_KERNELS 1
#define KSFX avx2
#define KVL 4
#define KMR 6
#define KATTR __attribute__((target("avx2,fma")))
#include "kern/kern_tile.h"
#undef KSFX
#undef KVL
#undef KMR
#undef KATTR
#endif

static const kernels *kern_chosen;

static const kernels *kern(void)
{
	if (kern_chosen)
		return kern_chosen;
	kern_chosen = &kernels_generic;
#ifdef DL_X86_KERNELS
	const char *e = getenv("DL_KERNELS");
	__builtin_cpu_init();
	if (!(e && !strcmp(e, "generic")) && __builtin_cpu_supports("avx2") &&
	    __builtin_cpu_supports("fma"))
		kern_chosen = &kernels_avx2;
#endif
	return kern_chosen;
}

int kern_avx2(void)
{
#ifdef DL_X86_KERNELS
	return kern() == &kernels_avx2;
#else
	return 0;
#endif
}

/* Scratch for one packed panel of B (KC × 8 doubles and the padding), then one packed block of
 * A (MC × KC): allocated at the first call, so the training loop allocates nothing.  The
 * program runs the engine on one thread. */
static double *scratch(void)
{
	static double *buf;
	if (!buf)
		buf = dbl_grow(NULL, 0, (size_t)KC * 8 + PAD + (size_t)MC * KC);
	return buf;
}
#define PANEL_A(s) ((s) + (size_t)KC * 8 + PAD)

/* Copying a panel of B costs about one pass over it and pays back on every tile of rows that
 * reads it: worth it from a few tiles of rows on (measured: 64-128-64-10 at batch 64 gains
 * 9 %), but not for B rows narrower than a vector pair, whose panel is as small in place.
 * Copying the block of A pays when many panels of B reuse it (measured: dW of a 1024-wide
 * layer at batch 64 gains 35 %, the rows of x being 8 KiB apart). */
enum { PACK_M = 24, PACK_LDB = 8, PACKA_N = 256, PACKA_K = 64 };
static int pack_pays(int M, ptrdiff_t ldb) { return M >= PACK_M && ldb >= PACK_LDB; }
static int packa_pays(int N, int K) { return N >= PACKA_N && K >= PACKA_K; }

/* ---- OpenBLAS for large layers (configure --with-openblas) ----
 *
 * OpenBLAS's dgemm (FMA, its own blocking and order of sums) beats the built-in kernels by
 * 10-20 % on layers of 512 and more; but its results are not the plain loops' bits, and differ
 * between machines.  So it is an opt-in build, used only for products of at least BLAS_MIN
 * multiply-adds (a 256-wide layer at batch 64), and DL_BLAS=off in the environment turns it
 * off.  Threads: OpenBLAS's own, set with OPENBLAS_NUM_THREADS. */
#ifdef HAVE_OPENBLAS
enum { BLAS_MIN = 64 * 256 * 256 };

static int blas_pays(int M, int N, int K)
{
	static int off = -1;
	if (off < 0) {
		const char *e = getenv("DL_BLAS");
		off = e && !strcmp(e, "off");
	}
	return !off && (double)M * N * K >= BLAS_MIN;
}

static void blas_forward(const double *x, const double *W, const double *b, double *z, int N,
			 int D, int K)
{
	for (int n = 0; n < N; n++)
		memcpy(z + (size_t)n * K, b, (size_t)K * sizeof *z);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, K, D, 1.0, x, D, W, K, 1.0, z, K);
}

static void blas_backward(const double *x, const double *W, const double *g, double *dW,
			  double *db, double *dx, int N, int D, int K)
{
	cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, K, N, 1.0, x, D, g, K, 0.0, dW, K);
	memset(db, 0, (size_t)K * sizeof *db);
	for (int n = 0; n < N; n++)
		for (int j = 0; j < K; j++)
			db[j] += g[(size_t)n * K + j];
	if (dx)
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, D, K, 1.0, g, K, W, K, 0.0, dx, D);
}
#endif

/* ---- dense ---- */

/* z (N, K) = x (N, D) · W (D, K) + b (K,) */
static void dense_forward(const double *x, const double *W, const double *b, double *z,
			  int N, int D, int K)
{
#ifdef HAVE_OPENBLAS
	if (blas_pays(N, K, D)) {
		blas_forward(x, W, b, z, N, D, K);
		return;
	}
#endif
	int pack = pack_pays(N, K);
	double *s = pack ? scratch() : NULL, *pk = s;
	if (pack && !pk) { /* out of memory for the panel: the plain loops */
		for (int n = 0; n < N; n++) {
			double *zn = z + (size_t)n * K;
			const double *xn = x + (size_t)n * D;
			for (int k = 0; k < K; k++)
				zn[k] = b[k];
			for (int d = 0; d < D; d++)
				for (int k = 0; k < K; k++)
					zn[k] = fma(xn[d], W[(size_t)d * K + k], zn[k]);
		}
		return;
	}
	gemm_args g = { N, K, D, x, D, 1, W, K, 0, z, K, b, INIT_BIAS, 0, pk,
			pk && packa_pays(K, D) ? PANEL_A(s) : NULL };
	kern()->gemm(&g);
}

/* The batch sums of the gradients: dW (D, K) = Σ_n x[n]ᵀ g[n] and db (K,) = Σ_n g[n] are each
 * four interleaved partial sums, s_r over the samples n ≡ r (mod 4) in order (from +0, a fused
 * multiply-add per term for dW, a plain add for db), then (s_0 + s_1) + (s_2 + s_3).  This order
 * is the same on every machine and for every kernel: it is the one training gets for free with
 * the batch along the vector lanes (src/engine/fm.c: the four partial sums are a vector's lanes), and
 * it is a little more accurate than one chain of N terms.  Here, sample-major, it costs four
 * products of N/4 rows each (rows 4 apart: A and B strided) and a pass that adds them: about
 * 20 % more time than one product on the digits network's layers.  A partial sum with no
 * terms (N < 4) is +0 and is added like the others (so a −0, rounded from a product too
 * small, becomes +0 everywhere alike). */
enum { NSUM = 4 };

/* scratch for the partial sums s_1, s_2, s_3 of [dW; db], each (D+1)·K + PAD: grows, once per
 * new size, so the training loop allocates nothing after its first iteration */
static double *sums_scratch(size_t n)
{
	static double *buf;
	static size_t cap;
	if (n > cap) {
		double *b = dbl_grow(buf, 0, n);
		if (!b)
			return NULL;
		buf = b;
		cap = n;
	}
	return buf;
}

/* the plain loops, in the same order (when there is no memory for the scratch) */
static void dense_backward_plain(const double *x, const double *W, const double *g, double *dW,
				 double *db, double *dx, int N, int D, int K)
{
	for (int j = 0; j < K; j++) {
		double s[NSUM] = { 0 };
		for (int n = 0; n < N; n++)
			s[n % NSUM] += g[(size_t)n * K + j];
		db[j] = BATCH_SUM(s[0], s[1], s[2], s[3]);
		for (int d = 0; d < D; d++) {
			double t[NSUM] = { 0 };
			for (int n = 0; n < N; n++)
				t[n % NSUM] = fma(x[(size_t)n * D + d], g[(size_t)n * K + j], t[n % NSUM]);
			dW[(size_t)d * K + j] = BATCH_SUM(t[0], t[1], t[2], t[3]);
		}
	}
	for (int n = 0; dx && n < N; n++)
		for (int d = 0; d < D; d++) {
			double acc = 0;
			for (int j = 0; j < K; j++)
				acc = fma(g[(size_t)n * K + j], W[(size_t)d * K + j], acc);
			dx[(size_t)n * D + d] = acc;
		}
}

/* dW (D, K) and db (K,) as above;  dx (N, D) = g · Wᵀ (dx may be NULL).
 * db follows dW in memory (as in the parameter block). */
static void dense_backward(const double *x, const double *W, const double *g, double *dW,
			   double *db, double *dx, int N, int D, int K)
{
#ifdef HAVE_OPENBLAS
	if (blas_pays(N, K, D)) {
		blas_backward(x, W, g, dW, db, dx, N, D, K);
		return;
	}
#endif
	const kernels *k = kern();
	double *s = scratch(), *pk = s;
	size_t C = (size_t)(D + 1) * K, lds = C + PAD; /* one partial sum of [dW; db], its slack */
	double *part = sums_scratch((NSUM - 1) * lds);
	if (!pk || !part || db != dW + (size_t)D * K) {
		dense_backward_plain(x, W, g, dW, db, dx, N, D, K);
		return;
	}
	/* s_r of [dW; db] = [xᵀ; 1ᵀ] · g over the rows n ≡ r: s_0 into dW itself, the others
	 * into the scratch; then the sums of pairs */
	int pack = pack_pays(D + 1, K);
	for (int r = 0; r < NSUM; r++) {
		int Nr = (N - r + NSUM - 1) / NSUM;
		gemm_args a = { D + 1, K, Nr, x + (size_t)r * D, 1, (ptrdiff_t)NSUM * D,
				g + (size_t)r * K, (ptrdiff_t)NSUM * K, 0, r ? part + (r - 1) * lds : dW, K,
				NULL, INIT_ZERO, 1, pack ? pk : NULL,
				pack && packa_pays(K, N) ? PANEL_A(s) : NULL };
		k->gemm(&a);
	}
	const double *s1 = part, *s2 = part + lds, *s3 = part + 2 * lds;
	for (size_t i = 0; i < C; i++)
		dW[i] = BATCH_SUM(dW[i], s1[i], s2[i], s3[i]);
	/* dx = g · Wᵀ, Wᵀ packed panel by panel from the rows of W */
	if (dx) {
		gemm_args b = { N, D, K, g, K, 1, W, K, 1, dx, D, NULL, INIT_ZERO, 0, pk,
				packa_pays(D, K) ? PANEL_A(s) : NULL };
		k->gemm(&b);
	}
}

/* ---- products on feature-major arrays, for src/engine/fm.c ---- */

void net_gemm_fm(int M, int Nc, int K, const double *A, ptrdiff_t ra, ptrdiff_t ca,
		 const double *B, ptrdiff_t ldb, double *C, ptrdiff_t ldc, int resume)
{
	int pack = pack_pays(M, ldb);
	double *s = pack ? scratch() : NULL, *pk = s;
	if (pack && !pk) { /* out of memory for the panel: the plain loops, in the same order */
		for (int i = 0; i < M; i++)
			for (int n = 0; n < Nc; n++) {
				double c = resume ? C[i * ldc + n] : 0;
				for (int p = 0; p < K; p++)
					c = fma(A[i * ra + p * ca], B[p * ldb + n], c);
				C[i * ldc + n] = c;
			}
		return;
	}
	gemm_args g = { M, Nc, K, A, ra, ca, B, ldb, 0, C, ldc, NULL, resume ? INIT_C : INIT_ZERO, 0,
			pk, pk && packa_pays(Nc, K) ? PANEL_A(s) : NULL };
	kern()->gemm(&g);
}

/* ---- activations: y (N, K) from x (N, K), and dx from g and the forward values ---- */

static struct {
	const double *x, *y;
	int N, K;
} softmax_last;

void net_softmax_seen(const double *x, const double *y, int N, int K)
{
	softmax_last.x = x;
	softmax_last.y = y;
	softmax_last.N = N;
	softmax_last.K = K;
}

const double *net_softmax_logits(const double *y, int N, int K)
{
	if (y && y == softmax_last.y && N == softmax_last.N && K == softmax_last.K)
		return softmax_last.x;
	return NULL;
}

void net_act_forward(const layer *l, const double *x, double *y, int N)
{
	size_t M = (size_t)N * (size_t)l->out;
	switch (l->kind) {
	case LAYER_RELU:
		kern()->relu_fwd(x, y, M);
		break;
	case LAYER_LEAKY_RELU:
		kern()->leaky_fwd(x, y, M, l->alpha);
		break;
	case LAYER_SIGMOID:
		vm_sigmoid(x, y, M);
		break;
	case LAYER_TANH:
		vm_tanh(x, y, M);
		break;
	case LAYER_SOFTMAX:
		for (int n = 0; n < N; n++) {
			const double *xn = x + (size_t)n * l->out;
			double *yn = y + (size_t)n * l->out;
			double mx = xn[0], s = 0;
			for (int k = 1; k < l->out; k++)
				if (xn[k] > mx)
					mx = xn[k];
			for (int k = 0; k < l->out; k++)
				yn[k] = xn[k] - mx;
			vm_exp(yn, yn, (size_t)l->out);
			for (int k = 0; k < l->out; k++)
				s += yn[k];
			for (int k = 0; k < l->out; k++)
				yn[k] /= s;
		}
		net_softmax_seen(x, y, N, l->out);
		break;
	case LAYER_DENSE:
		break;
	}
}

/* dx (N, K) = dJ/dx from g = dJ/dy (N, K), the input x and the output y of the forward pass */
void net_act_backward(const layer *l, const double *x, const double *y, const double *g,
		      double *dx, int N)
{
	size_t M = (size_t)N * (size_t)l->out;
	switch (l->kind) {
	case LAYER_RELU: /* the mask off the output: y > 0 exactly where x > 0 */
		kern()->relu_bwd(y, g, dx, M);
		break;
	case LAYER_LEAKY_RELU:
		kern()->leaky_bwd(x, g, dx, M, l->alpha);
		break;
	case LAYER_SIGMOID:
		vm_sigmoid_bwd(y, g, dx, M);
		break;
	case LAYER_TANH:
		vm_tanh_bwd(y, g, dx, M);
		break;
	case LAYER_SOFTMAX:
		for (int n = 0; n < N; n++) {
			const double *yn = y + (size_t)n * l->out, *gn = g + (size_t)n * l->out;
			double *dxn = dx + (size_t)n * l->out;
			double s = 0;
			for (int k = 0; k < l->out; k++)
				s += gn[k] * yn[k];
			for (int k = 0; k < l->out; k++)
				dxn[k] = yn[k] * (gn[k] - s);
		}
		break;
	case LAYER_DENSE:
		break;
	}
}

const double *net_forward(net *nt, const double *x, int N)
{
	const double *in = x;
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE)
			dense_forward(in, l->W.v, l->b.v, l->y.v, N, l->in, l->out);
		else
			net_act_forward(l, in, l->y.v, N);
		l->y.rows = N;
		l->g.rows = N;
		in = l->y.v;
	}
	nt->N = N;
	return in;
}

void net_backward(net *nt, const double *x)
{
	int N = nt->N;
	/* every element of grads belongs to a dense layer's dW or db, which the kernels overwrite */
	for (int i = nt->n - 1; i >= 0; i--) {
		layer *l = &nt->L[i];
		const double *in = i ? nt->L[i - 1].y.v : x;
		double *dx = i ? nt->L[i - 1].g.v : NULL;
		if (l->kind == LAYER_DENSE)
			dense_backward(in, l->W.v, l->g.v, l->dW.v, l->db.v, dx, N, l->in, l->out);
		else if (dx && l->kind == LAYER_SOFTMAX && i == nt->n - 1 && nt->loss == LOSS_CE)
			/* ce's gradient is already with respect to the logits (loss.h) */
			memcpy(dx, l->g.v, (size_t)N * (size_t)l->out * sizeof *dx);
		else if (dx)
			net_act_backward(l, in, l->y.v, l->g.v, dx, N);
	}
}
