/* fm.c — training steps with the batch along the vector lanes (see fm.h for what and why;
 * net.c for the order of every sum, which this keeps). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "fm.h"
#include "kern/cpu.h"
#include "loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

enum { SLACK = 4 }; /* doubles after the buffer, for net.c's kernels' vectors */

void fm_init(fm *w) { memset(w, 0, sizeof *w); }

void fm_free(fm *w)
{
	free(w->buf);
	fm_init(w);
}

static int fm_off(void)
{
	static int off = -1;
	if (off < 0) {
		const char *e = getenv("DL_FM");
		off = e && !strcmp(e, "off");
	}
	return off;
}

int fm_fits(const net *nt)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	if (!nt->n || nt->n > FM_LAYERS || fm_off() || !kern_avx2())
		return 0;
	for (int i = 0; i < nt->n; i++)
		if (nt->L[i].kind == LAYER_SOFTMAX)
			return 0;
	return nt->L[0].kind == LAYER_DENSE;
#else
	(void)nt;
	(void)fm_off;
	return 0;
#endif
}

size_t fm_size(const net *nt, int N)
{
	size_t rows = (size_t)net_in(nt) + 1; /* the input, a row of ones */
	for (int i = 0; i < nt->n; i++)
		rows += 2 * (size_t)nt->L[i].out;
	return rows * (((size_t)N + 3) & ~(size_t)3) + SLACK;
}

int fm_reserve(fm *w, const net *nt, int N)
{
	if (N < 1 || nt->n > FM_LAYERS)
		return -1;
	int Np = (N + 3) & ~3;
	size_t need = fm_size(nt, N);
	if (need > w->cap) {
		double *b = dbl_grow(w->buf, 0, need);
		if (!b)
			return -1;
		w->buf = b;
		w->cap = need;
	}
	w->N = N;
	w->Np = Np;
	w->nl = nt->n;
	w->D = net_in(nt);
	double *p = w->buf;
	w->x = p;
	p += (size_t)w->D * Np;
	w->ones = p;
	p += Np;
	for (int i = 0; i < nt->n; i++) {
		w->y[i] = p;
		p += (size_t)nt->L[i].out * Np;
		w->g[i] = p;
		p += (size_t)nt->L[i].out * Np;
	}
	/* pads are never summed (the kernels leave them out), but keep them finite and quiet */
	memset(w->buf, 0, need * sizeof *w->buf);
	for (int n = 0; n < Np; n++)
		w->ones[n] = 1.0;
	return 0;
}

/* a (N, K) row-major <-> b (K, Np) feature-major */
static void to_fm(const double *a, double *b, int N, int K, int Np)
{
	for (int n = 0; n < N; n++)
		for (int k = 0; k < K; k++)
			b[(size_t)k * Np + n] = a[(size_t)n * K + k];
}

static void from_fm(const double *b, double *a, int N, int K, int Np)
{
	for (int n = 0; n < N; n++)
		for (int k = 0; k < K; k++)
			a[(size_t)n * K + k] = b[(size_t)k * Np + n];
}


#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

/* ---- the kernels: vectors of 4 doubles along the batch (AVX2 + FMA) ---- */

#include <immintrin.h> /* the shuffles, by the names both GCC and clang know */

#define NATTR __attribute__((target("avx2,fma")))
/* unroll a loop of a constant trip count completely, so that its arrays of vectors live in
 * registers (clang needs to be told "full" for that) */
#ifdef __clang__
#define UNROLL(n) _Pragma("clang loop unroll(full)")
#else
#define UNROLL_(x) _Pragma(#x)
#define UNROLL(n) UNROLL_(GCC unroll n)
#endif
/* the kernels' vectors (kern/simd.h) of 4 doubles */
#define KSFX fm
#define KVL 4
#define KATTR NATTR
#include "kern/simd.h"
/* (the aligned loads and stores, VLDA and VSTA: rows start on 32 bytes, the buffer on 64 and Np
 * a multiple of 4) */

enum { ACT_NONE, ACT_RELU, ACT_LEAKY, ACT_TANH, ACT_SIGMOID };

/* The batch's input, feature-major: row d of w->x holds input d of samples 0..N-1, taken from
 * the rows X[rows[n]] (or X[n]) of width D.  Four samples × four inputs at a time as a 4 × 4
 * transpose in registers (unpack pairs, then swap halves). */
NATTR void fm_input_rows(fm *w, const double *X, const int *rows)
{
	const int N = w->N, Np = w->Np, D = w->D;
	double *xt = w->x;
	int n = 0;
	for (; n + 4 <= N; n += 4) {
		const double *r0 = X + (size_t)(rows ? rows[n] : n) * D;
		const double *r1 = X + (size_t)(rows ? rows[n + 1] : n + 1) * D;
		const double *r2 = X + (size_t)(rows ? rows[n + 2] : n + 2) * D;
		const double *r3 = X + (size_t)(rows ? rows[n + 3] : n + 3) * D;
		int d = 0;
		for (; d + 4 <= D; d += 4) {
			VEC a0, a1, a2, a3;
			__builtin_memcpy(&a0, r0 + d, sizeof a0);
			__builtin_memcpy(&a1, r1 + d, sizeof a1);
			__builtin_memcpy(&a2, r2 + d, sizeof a2);
			__builtin_memcpy(&a3, r3 + d, sizeof a3);
			VEC t0 = _mm256_unpacklo_pd(a0, a1), t1 = _mm256_unpackhi_pd(a0, a1);
			VEC t2 = _mm256_unpacklo_pd(a2, a3), t3 = _mm256_unpackhi_pd(a2, a3);
			VSTA(xt + (size_t)d * Np + n, __builtin_ia32_vperm2f128_pd256(t0, t2, 0x20));
			VSTA(xt + (size_t)(d + 1) * Np + n, __builtin_ia32_vperm2f128_pd256(t1, t3, 0x20));
			VSTA(xt + (size_t)(d + 2) * Np + n, __builtin_ia32_vperm2f128_pd256(t0, t2, 0x31));
			VSTA(xt + (size_t)(d + 3) * Np + n, __builtin_ia32_vperm2f128_pd256(t1, t3, 0x31));
		}
		for (; d < D; d++)
			VSTA(xt + (size_t)d * Np + n, ((VEC){ r0[d], r1[d], r2[d], r3[d] }));
	}
	for (; n < N; n++) {
		const double *r = X + (size_t)(rows ? rows[n] : n) * D;
		for (int d = 0; d < D; d++)
			xt[(size_t)d * Np + n] = r[d];
	}
}

/* CB rows c0.. of out (C, Np) = init + Σ_t in[t] · w(c, t), t = 0 .. T−1 in order, one fused
 * multiply-add a term (net.c's order), init b[c] (b not NULL) or +0.  The weights w(c, t) =
 * W[c·wc + t·wt] are broadcast once and stay in registers; a row of in is loaded once for CB
 * sums.  The forward product: in = x, w(j, d) = W[d·K + j] (wc 1, wt K), init b; dx: in = g,
 * w(d, j) = W[d·K + j] (wc K, wt 1), init +0.  With act, also the activation beside it, into
 * a: forward (MASK 0), relu(out) or leaky(out), the layer that follows (tanh and sigmoid run
 * after the product, over the whole layer: vmath.c's arrays, eight lanes a chain where the CPU
 * has AVX-512, are twice as fast as four lanes here); dx (MASK 1), out where m > 0 (relu: m
 * its output, > 0 exactly where its input is), out and alpha·out by the sign of m (leaky: m its
 * input), out·(1 − m·m) (tanh) or out·m·(1 − m) (sigmoid; m their output: vmath.c's backward
 * formulas), the gradient below the activation that feeds this layer.  With a
 * relu, out itself is not stored: the next step does not need it (the backward mask is the
 * relu's output) and fm_sync recomputes it when someone looks.  T, CB, act and MASK are
 * constants. */
NATTR INLINE void small_rows(const int T, const int CB, int c0, const double *in,
			     const double *W, ptrdiff_t wc, ptrdiff_t wt, const double *b,
			     double *out, double *a, const double *m, const int act, const int MASK,
			     VEC al, int Np)
{
	VEC w[2][FM_MAX], init[2];
UNROLL(2)
	for (int c = 0; c < CB; c++) {
		init[c] = b ? VBC(b[c0 + c]) : (VEC){ 0, 0, 0, 0 };
UNROLL(8)
		for (int t = 0; t < T; t++)
			w[c][t] = VBC(W[(c0 + c) * wc + t * wt]);
	}
	for (int v = 0; v < Np; v += 4) {
		VEC acc[2];
UNROLL(2)
		for (int c = 0; c < CB; c++)
			acc[c] = init[c];
UNROLL(8)
		for (int t = 0; t < T; t++) {
			VEC it = VLDA(in + (size_t)t * Np + v);
UNROLL(2)
			for (int c = 0; c < CB; c++)
				acc[c] = VFMA(it, w[c][t], acc[c]);
		}
UNROLL(2)
		for (int c = 0; c < CB; c++) {
			size_t o = (size_t)(c0 + c) * Np + v;
			if (act != ACT_RELU)
				VSTA(out + o, acc[c]);
			if (act == ACT_RELU)
				VSTA(a + o, (VEC)((VECI)acc[c] & (VECI)((MASK ? VLDA(m + o) : acc[c]) > 0)));
			else if (act == ACT_LEAKY)
				VSTA(a + o, LEAKY_V(acc[c], MASK ? VLDA(m + o) : acc[c], al));
			else if (act == ACT_TANH) /* vmath.c's tanh backward, m the tanh's output */
				VSTA(a + o, acc[c] * (VBC(1.0) - VLDA(m + o) * VLDA(m + o)));
			else if (act == ACT_SIGMOID)
				VSTA(a + o, acc[c] * VLDA(m + o) * (VBC(1.0) - VLDA(m + o)));
		}
	}
}

/* every row, two at a time while their weights fit in registers */
NATTR INLINE void small_product(const int T, int C, const double *in, const double *W,
				ptrdiff_t wc, ptrdiff_t wt, const double *b, double *out, double *a,
				const double *m, const int act, const int MASK, double alpha, int Np)
{
	const VEC al = VBC(alpha);
	int c = 0;
	if (T <= 6)
		for (; c + 2 <= C; c += 2)
			small_rows(T, 2, c, in, W, wc, wt, b, out, a, m, act, MASK, al, Np);
	for (; c < C; c++)
		small_rows(T, 1, c, in, W, wc, wt, b, out, a, m, act, MASK, al, Np);
}

/* CA_(c) with the constant c = act: the dispatchers below instantiate a kernel per activation
 * (the forward product fuses only relu and leaky relu) */
#define BY_ACT_FWD(act, CA_)                      \
	do {                                      \
		if ((act) == ACT_RELU)            \
			CA_(ACT_RELU)             \
		else if ((act) == ACT_LEAKY)      \
			CA_(ACT_LEAKY)            \
		else                              \
			CA_(ACT_NONE)             \
	} while (0)
#define BY_ACT(act, CA_)                          \
	do {                                      \
		if ((act) == ACT_RELU)            \
			CA_(ACT_RELU)             \
		else if ((act) == ACT_LEAKY)      \
			CA_(ACT_LEAKY)            \
		else if ((act) == ACT_NONE)       \
			CA_(ACT_NONE)             \
		else if ((act) == ACT_TANH)       \
			CA_(ACT_TANH)             \
		else                              \
			CA_(ACT_SIGMOID)          \
	} while (0)

/* the forward product z (K, Np) = b + x (D, Np) · W (D, K), D at most FM_MAX; with act (relu
 * or leaky), h */
NATTR static void dense_fwd(int D, int K, const double *x, const double *W, const double *b,
			    double *z, double *h, int act, double alpha, int Np)
{
#define C_(n, c) case n: small_product(n, K, x, W, 1, K, b, z, h, NULL, c, 0, alpha, Np); break;
#define CA_(c) switch (D) { C_(1, c) C_(2, c) C_(3, c) C_(4, c) C_(5, c) C_(6, c) C_(7, c) C_(8, c) }
	BY_ACT_FWD(act, CA_);
#undef CA_
#undef C_
}

/* dx (D, Np) = g (K, Np) · Wᵀ from +0, K at most FM_MAX; with act, dz by the mask of m */
NATTR static void dense_dx(int K, int D, const double *g, const double *W, double *dx,
			   const double *m, double *dz, int act, double alpha, int Np)
{
#define C_(n, c) case n: small_product(n, D, g, W, n, 1, NULL, dx, dz, m, c, 1, alpha, Np); break;
#define CA_(c) switch (K) { C_(1, c) C_(2, c) C_(3, c) C_(4, c) C_(5, c) C_(6, c) C_(7, c) C_(8, c) }
	BY_ACT(act, CA_);
#undef CA_
#undef C_
}

/* VLANES (the four lanes of a sum, in the batch sums' order) of four sums at once, as one
 * vector: pairs by hadd, then the two halves: BATCH_SUM lane by lane */
NATTR INLINE VEC lanes4(VEC s0, VEC s1, VEC s2, VEC s3)
{
	VEC t0 = __builtin_ia32_haddpd256(s0, s1); /* s0: l0+l1, s1: l0+l1, s0: l2+l3, s1: l2+l3 */
	VEC t1 = __builtin_ia32_haddpd256(s2, s3);
	return __builtin_ia32_vperm2f128_pd256(t0, t1, 0x20) +
	       __builtin_ia32_vperm2f128_pd256(t0, t1, 0x31);
}

/* dW (D, K) = Σ_n x[n]ᵀ g[n], db (K,) = Σ_n g[n]: lane r of a vector is the partial sum over
 * the samples n ≡ r (mod 4), in order, from +0 — net.c's order.  db is the row of [x; 1] that
 * is all ones (1·g is g, exactly), stored right after dW as in the parameter block.  In the
 * last vector, the lanes past N (pads) keep their sums as they were (a blend, not an added
 * zero, which would turn a −0 into +0).
 *
 * dw_rows: rows r0 .. r0+R−1 of [dW; db] (row D is db), columns j0 .. j0+NR−1, with g and dW
 * given at column j0 and ldw the row stride of dW: R·NR accumulators (R·NR chains of
 * multiply-adds in flight, R + NR loads for R·NR multiply-adds); their lanes are added four
 * results at a time (lanes4).  NR and R are constants. */
#define KEEP(m, t, s) ((VEC)(((VECI)(t) & (m)) | ((VECI)(s) & ~(m))))
NATTR INLINE void dw_rows(const int NR, const int R, int r0, int D, const double *x,
			  const double *ones, const double *g, double *dW, int ldw, int full,
			  int tail, VECI keep, int Np)
{
	const double *xr[8];
	VEC s[8][FM_MAX];
UNROLL(8)
	for (int i = 0; i < R; i++) {
		xr[i] = r0 + i < D ? x + (size_t)(r0 + i) * Np : ones;
UNROLL(8)
		for (int j = 0; j < NR; j++)
			s[i][j] = (VEC){ 0, 0, 0, 0 };
	}
	for (int v = 0; v < full; v += 4) {
		VEC a[8];
UNROLL(8)
		for (int i = 0; i < R; i++)
			a[i] = VLDA(xr[i] + v);
UNROLL(8)
		for (int j = 0; j < NR; j++) {
			VEC gj = VLDA(g + (size_t)j * Np + v);
UNROLL(8)
			for (int i = 0; i < R; i++)
				s[i][j] = VFMA(a[i], gj, s[i][j]);
		}
	}
	if (tail) {
UNROLL(8)
		for (int j = 0; j < NR; j++) {
			VEC gj = VLDA(g + (size_t)j * Np + full);
UNROLL(8)
			for (int i = 0; i < R; i++)
				s[i][j] = KEEP(keep, VFMA(VLDA(xr[i] + full), gj, s[i][j]), s[i][j]);
		}
	}
UNROLL(8)
	for (int i = 0; i < R; i++) {
		double *o = dW + (size_t)(r0 + i) * ldw;
		int j = 0;
UNROLL(2)
		for (; j + 4 <= NR; j += 4) {
			VEC q = lanes4(s[i][j], s[i][j + 1], s[i][j + 2], s[i][j + 3]);
			__builtin_memcpy(o + j, &q, sizeof q);
		}
UNROLL(4)
		for (; j < NR; j++)
			o[j] = VLANES(s[i][j]);
	}
}

/* K at most FM_MAX: all K columns at once, R rows at a time, R·K at most 12 (enough chains in
 * flight even when K is 1).  K is a constant. */
NATTR INLINE void dense_dw_K(const int K, int D, const double *x, const double *ones,
			     const double *g, double *dW, int N, int Np)
{
	const int full = N & ~3, tail = N - full;
	const VECI keep = { tail > 0 ? -1 : 0, tail > 1 ? -1 : 0, tail > 2 ? -1 : 0, 0 };
	const int R = K >= 5 ? 2 : K == 4 ? 3 : K == 3 ? 4 : 6;
	int r = 0, M = D + 1;
	for (; r + R <= M; r += R)
		dw_rows(K, R, r, D, x, ones, g, dW, K, full, tail, keep, Np);
	for (; r < M; r++)
		dw_rows(K, 1, r, D, x, ones, g, dW, K, full, tail, keep, Np);
}

/* any K: tiles of 3 rows × 4 columns (12 accumulators, 7 loads for 12 multiply-adds) */
NATTR static void dense_dw(int K, int D, const double *x, const double *ones, const double *g,
			   double *dW, int N, int Np)
{
	switch (K) {
#define C_(n) case n: dense_dw_K(n, D, x, ones, g, dW, N, Np); return;
	C_(1) C_(2) C_(3) C_(4) C_(5) C_(6) C_(7) C_(8)
#undef C_
	}
	const int full = N & ~3, tail = N - full, M = D + 1;
	const VECI keep = { tail > 0 ? -1 : 0, tail > 1 ? -1 : 0, tail > 2 ? -1 : 0, 0 };
	for (int j0 = 0; j0 < K; j0 += 4) {
		const int nr = K - j0 < 4 ? K - j0 : 4;
		const double *gb = g + (size_t)j0 * Np;
		for (int r = 0; r < M; r += 3) {
			const int mr = M - r < 3 ? M - r : 3;
#define T_(m, n) dw_rows(n, m, r, D, x, ones, gb, dW + j0, K, full, tail, keep, Np)
			if (mr == 3 && nr == 4)
				T_(3, 4);
			else
				switch (mr * 4 + nr) {
				case 4 + 1: T_(1, 1); break;
				case 4 + 2: T_(1, 2); break;
				case 4 + 3: T_(1, 3); break;
				case 4 + 4: T_(1, 4); break;
				case 8 + 1: T_(2, 1); break;
				case 8 + 2: T_(2, 2); break;
				case 8 + 3: T_(2, 3); break;
				case 8 + 4: T_(2, 4); break;
				case 12 + 1: T_(3, 1); break;
				case 12 + 2: T_(3, 2); break;
				default: T_(3, 3); break;
				}
#undef T_
		}
	}
}

/* mse of one output row (K = 1: the same in both layouts) and its gradient, in vectors: lane k
 * holds the partial sum of the terms i ≡ k (mod 4), as loss.c's mse keeps four partial sums
 * (the last 1-3 terms into the first lanes; the other lanes add +0, which changes no sum of
 * squares), then ((s0 + s1) + (s2 + s3)) / N.  y (N,) is read no further than its end. */
NATTR static double mse_row(const double *out, const double *y, int N, double *dout)
{
	const int full = N & ~3, tail = N - full;
	const double c = 2.0 / N;
	const VEC cv = VBC(c);
	VEC s = { 0, 0, 0, 0 };
	for (int v = 0; v < full; v += 4) {
		VEC yv;
		__builtin_memcpy(&yv, y + v, sizeof yv);
		VEC e = VLDA(out + v) - yv;
		s += e * e;
		VSTA(dout + v, cv * e);
	}
	if (tail) {
		VEC e = { 0, 0, 0, 0 };
		for (int k = 0; k < tail; k++) {
			e[k] = out[full + k] - y[full + k];
			dout[full + k] = c * e[k];
		}
		s += e * e;
	}
	return VLANES(s) / N;
}

static int act_of(layer_kind k)
{
	switch (k) {
	case LAYER_RELU: return ACT_RELU;
	case LAYER_LEAKY_RELU: return ACT_LEAKY;
	case LAYER_TANH: return ACT_TANH;
	case LAYER_SIGMOID: return ACT_SIGMOID;
	default: return ACT_NONE;
	}
}
static int fusable(layer_kind k) { return act_of(k) != ACT_NONE; }           /* into dx */
static int fusable_fwd(layer_kind k) { return k == LAYER_RELU || k == LAYER_LEAKY_RELU; }

NATTR double fm_step(fm *w, net *nt, const double *y, double *acc)
{
	const int N = w->N, Np = w->Np, n = nt->n;
	/* forward; a relu or leaky relu right after a dense layer is computed with it */
	const double *in = w->x;
	memset(w->lean, 0, sizeof w->lean);
	for (int i = 0; i < n; i++) {
		layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE && l->in > FM_MAX) { /* z = b, then + Wᵀ · x */
			for (int j = 0; j < l->out; j++) {
				double *zj = w->y[i] + (size_t)j * Np;
				const VEC bj = VBC(l->b.v[j]);
				for (int v = 0; v < Np; v += 4)
					VSTA(zj + v, bj);
			}
			net_gemm_fm(l->out, Np, l->in, l->W.v, 1, l->out, in, Np, w->y[i], Np, 1);
		} else if (l->kind == LAYER_DENSE) {
			int fuse = i + 1 < n && fusable_fwd(nt->L[i + 1].kind);
			w->lean[i] = fuse && nt->L[i + 1].kind == LAYER_RELU; /* z not stored */
			dense_fwd(l->in, l->out, in, l->W.v, l->b.v, w->y[i], fuse ? w->y[i + 1] : NULL,
				  fuse ? act_of(nt->L[i + 1].kind) : ACT_NONE, fuse ? nt->L[i + 1].alpha : 0,
				  Np);
			if (fuse) {
				i++;
				in = w->y[i];
				continue;
			}
		} else {
			net_act_forward(l, in, w->y[i], Np); /* element-wise: the same formulas */
		}
		in = w->y[i];
	}
	/* the loss, on the output as loss_eval takes it: (N, 1) is the same in both layouts */
	layer *last = &nt->L[n - 1];
	const int K = last->out;
	const double *out = w->y[n - 1];
	double *dout = w->g[n - 1];
	if (K > 1) {
		from_fm(out, last->y.v, N, K, Np);
		out = last->y.v;
		dout = last->g.v;
	}
	double J = nt->loss == LOSS_MSE && K == 1 ? mse_row(out, y, N, dout)
						 : loss_eval(nt->loss, last->kind, out, y, N, K, dout);
	if (acc) {
		int ok = loss_correct(nt->loss, last->kind, out, y, N, K);
		*acc = ok < 0 ? -1 : (double)ok / N;
	}
	if (K > 1)
		to_fm(dout, w->g[n - 1], N, K, Np);
	/* backward; the activation below a dense layer (not the first) is computed with
	 * the dense layer's dx */
	for (int i = n - 1; i >= 0; i--) {
		layer *l = &nt->L[i];
		const double *xin = i ? w->y[i - 1] : w->x;
		if (l->kind == LAYER_DENSE)
			dense_dw(l->out, l->in, xin, w->ones, w->g[i], l->dW.v, N, Np);
		if (l->kind == LAYER_DENSE && l->out > FM_MAX) {
			if (i) /* dx = W · g */
				net_gemm_fm(l->in, Np, l->out, l->W.v, l->out, 1, w->g[i], Np, w->g[i - 1], Np, 0);
		} else if (l->kind == LAYER_DENSE) {
			if (!i)
				continue;
			int fuse = i >= 2 && fusable(nt->L[i - 1].kind);
			int relu = fuse && nt->L[i - 1].kind == LAYER_RELU;
			int leaky = fuse && nt->L[i - 1].kind == LAYER_LEAKY_RELU; /* its mask: the input */
			w->lean[i - 1] = relu; /* the relu's g not stored */
			dense_dx(l->out, l->in, w->g[i], l->W.v, w->g[i - 1],
				 fuse ? w->y[i - 1 - leaky] : NULL, fuse ? w->g[i - 2] : NULL,
				 fuse ? act_of(nt->L[i - 1].kind) : ACT_NONE, fuse ? nt->L[i - 1].alpha : 0,
				 Np);
			if (fuse)
				i--;
		} else if (i) {
			net_act_backward(l, w->y[i - 1], w->y[i], w->g[i], w->g[i - 1], Np);
		}
	}
	nt->N = N;
	return J;
}

/* Recompute what the step left out (z under a relu, dJ/dh of a relu), with the parameters
 * the step ran with, then copy every layer out row-major. */
NATTR void fm_sync(fm *w, net *nt, const double *params)
{
	const int Np = w->Np;
	for (int i = 0; i < w->nl && i < nt->n; i++) {
		if (!w->lean[i])
			continue;
		const layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE) { /* z = b + x · W */
			dense_fwd(l->in, l->out, i ? w->y[i - 1] : w->x, params + l->off_W,
				  params + l->off_b, w->y[i], NULL, ACT_NONE, 0, Np);
		} else { /* the relu's dJ/dh = g · Wᵀ of the dense layer above */
			const layer *u = &nt->L[i + 1];
			dense_dx(u->out, u->in, w->g[i + 1], params + u->off_W, w->g[i], NULL, NULL,
				 ACT_NONE, 0, Np);
		}
	}
	for (int i = 0; i < w->nl && i < nt->n; i++) {
		layer *l = &nt->L[i];
		from_fm(w->y[i], l->y.v, w->N, l->out, Np);
		from_fm(w->g[i], l->g.v, w->N, l->out, Np);
		l->y.rows = l->g.rows = w->N;
	}
	nt->N = w->N;
}

#else /* no AVX2 kernels: fm_fits says no, and this is never called */

void fm_input_rows(fm *w, const double *X, const int *rows)
{
	(void)w;
	(void)X;
	(void)rows;
}

void fm_sync(fm *w, net *nt, const double *params)
{
	(void)w;
	(void)nt;
	(void)params;
}

double fm_step(fm *w, net *nt, const double *y, double *acc)
{
	(void)w;
	(void)nt;
	(void)y;
	if (acc)
		*acc = -1;
	return NAN;
}

#endif
