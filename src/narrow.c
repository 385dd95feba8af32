/* narrow.c — training steps for narrow networks with the batch along the vector lanes (see
 * narrow.h for what and why; net.c for the order of every sum, which this keeps). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "narrow.h"
#include "loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define NL_MAXL ((int)(sizeof ((narrow *)0)->y / sizeof ((narrow *)0)->y[0]))

void narrow_init(narrow *w) { memset(w, 0, sizeof *w); }

void narrow_free(narrow *w)
{
	free(w->buf);
	narrow_init(w);
}

static int narrow_off(void)
{
	static int off = -1;
	if (off < 0) {
		const char *e = getenv("DL_NARROW");
		off = e && !strcmp(e, "off");
	}
	return off;
}

int narrow_fits(const net *nt)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	if (!nt->n || nt->n > NL_MAXL || narrow_off() || !net_kernels_avx2())
		return 0;
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->in > NARROW_MAX || l->out > NARROW_MAX || l->kind == LAYER_SOFTMAX)
			return 0;
	}
	return nt->L[0].kind == LAYER_DENSE;
#else
	(void)nt;
	(void)narrow_off;
	return 0;
#endif
}

int narrow_reserve(narrow *w, const net *nt, int N)
{
	if (N < 1 || nt->n > NL_MAXL)
		return -1;
	int Np = (N + 3) & ~3;
	size_t rows = (size_t)net_in(nt);
	for (int i = 0; i < nt->n; i++)
		rows += 2 * (size_t)nt->L[i].out;
	size_t need = rows * (size_t)Np;
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
	for (int i = 0; i < nt->n; i++) {
		w->y[i] = p;
		p += (size_t)nt->L[i].out * Np;
		w->g[i] = p;
		p += (size_t)nt->L[i].out * Np;
	}
	/* pads are never summed (the kernels mask them), but keep them finite and quiet */
	memset(w->buf, 0, need * sizeof *w->buf);
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

void narrow_input(narrow *w, const double *x) { to_fm(x, w->x, w->N, w->D, w->Np); }

void narrow_sync(const narrow *w, net *nt)
{
	for (int i = 0; i < w->nl && i < nt->n; i++) {
		layer *l = &nt->L[i];
		from_fm(w->y[i], l->y.v, w->N, l->out, w->Np);
		from_fm(w->g[i], l->g.v, w->N, l->out, w->Np);
		l->y.rows = l->g.rows = w->N;
	}
	nt->N = w->N;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

/* ---- the kernels: vectors of 4 doubles along the batch (AVX2 + FMA) ---- */

#define NATTR __attribute__((target("avx2,fma")))
#define INLINE static inline __attribute__((always_inline))
typedef double v4 __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));
#define LD(p) (*(const v4 *)(p)) /* rows start on 32 bytes: the buffer on 64, Np a multiple of 4 */
#define ST(p, v) (*(v4 *)(p) = (v))
#define BC(a) __extension__({ double a_ = (a); (v4){ a_, a_, a_, a_ }; })
#define FMA(a, b, c) __builtin_ia32_vfmaddpd256((a), (b), (c)) /* a·b + c, one rounding */
#define RELU(a) __extension__({ v4 a__ = (a); (v4)((v4i)a__ & (v4i)(a__ > 0)); })
#define LEAKY(c, x, al)                                                                   \
	__extension__({                                                                   \
		v4 c_ = (c);                                                              \
		v4i m_ = (v4i)((x) > 0);                                                  \
		(v4)(((v4i)c_ & m_) | ((v4i)((al) * c_) & ~m_));                          \
	})

enum { ACT_NONE, ACT_RELU, ACT_LEAKY };

/* z (K, Np) = b + x (D, Np) · W (D, K), term by term in d, as net.c's tiles sum it; when act,
 * also h = relu(z) or leaky(z) (the activation layer that follows, fused).  D is a constant. */
NATTR INLINE void dense_fwd_D(const int D, int K, const double *x, const double *W,
			      const double *b, double *z, double *h, const int act, double alpha, int Np)
{
	const v4 al = BC(alpha);
	for (int v = 0; v < Np; v += 4) {
		v4 xv[NARROW_MAX];
		#pragma GCC unroll 8
		for (int d = 0; d < D; d++)
			xv[d] = LD(x + (size_t)d * Np + v);
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++) {
			v4 acc = BC(b[j]);
			#pragma GCC unroll 8
			for (int d = 0; d < D; d++)
				acc = FMA(xv[d], BC(W[d * K + j]), acc);
			ST(z + (size_t)j * Np + v, acc);
			if (act == ACT_RELU)
				ST(h + (size_t)j * Np + v, RELU(acc));
			else if (act == ACT_LEAKY)
				ST(h + (size_t)j * Np + v, LEAKY(acc, acc, al));
		}
	}
}

NATTR static void dense_fwd(int D, int K, const double *x, const double *W, const double *b,
			    double *z, double *h, int act, double alpha, int Np)
{
#define C_(n, a) case n: dense_fwd_D(n, K, x, W, b, z, h, a, alpha, Np); break;
#define CA_(a) switch (D) { C_(1, a) C_(2, a) C_(3, a) C_(4, a) C_(5, a) C_(6, a) C_(7, a) C_(8, a) }
	if (act == ACT_RELU)
		CA_(ACT_RELU)
	else if (act == ACT_LEAKY)
		CA_(ACT_LEAKY)
	else
		CA_(ACT_NONE)
#undef CA_
#undef C_
}

/* dx (D, Np) = g (K, Np) · Wᵀ from +0, term by term in j (net.c's order); when act, also the
 * gradient below the activation that feeds this layer: dz = dx where z > 0 (relu) or dx and
 * alpha·dx (leaky), z (D, Np) its input.  K is a constant. */
NATTR INLINE void dense_dx_K(const int K, int D, const double *g, const double *W, double *dx,
			     const double *z, double *dz, const int act, double alpha, int Np)
{
	const v4 al = BC(alpha);
	for (int v = 0; v < Np; v += 4) {
		v4 gv[NARROW_MAX];
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++)
			gv[j] = LD(g + (size_t)j * Np + v);
		#pragma GCC unroll 8
		for (int d = 0; d < D; d++) {
			v4 acc = (v4){ 0, 0, 0, 0 };
			#pragma GCC unroll 8
			for (int j = 0; j < K; j++)
				acc = FMA(gv[j], BC(W[d * K + j]), acc);
			ST(dx + (size_t)d * Np + v, acc);
			if (act == ACT_RELU)
				ST(dz + (size_t)d * Np + v,
				   (v4)((v4i)acc & (v4i)(LD(z + (size_t)d * Np + v) > 0)));
			else if (act == ACT_LEAKY)
				ST(dz + (size_t)d * Np + v, LEAKY(acc, LD(z + (size_t)d * Np + v), al));
		}
	}
}

NATTR static void dense_dx(int K, int D, const double *g, const double *W, double *dx,
			   const double *z, double *dz, int act, double alpha, int Np)
{
#define C_(n, a) case n: dense_dx_K(n, D, g, W, dx, z, dz, a, alpha, Np); break;
#define CA_(a) switch (K) { C_(1, a) C_(2, a) C_(3, a) C_(4, a) C_(5, a) C_(6, a) C_(7, a) C_(8, a) }
	if (act == ACT_RELU)
		CA_(ACT_RELU)
	else if (act == ACT_LEAKY)
		CA_(ACT_LEAKY)
	else
		CA_(ACT_NONE)
#undef CA_
#undef C_
}

/* the four lanes of a sum, added as net.c adds its four partial sums */
NATTR INLINE double lanes(v4 s) { return (s[0] + s[1]) + (s[2] + s[3]); }

/* dW (D, K) = Σ_n x[n]ᵀ g[n], db (K,) = Σ_n g[n]: lane r of a vector is the partial sum over
 * the samples n ≡ r (mod 4), in order, from +0 — net.c's order.  In the last vector, the lanes
 * past N (pads) keep their sums as they were (a blend, not an added zero, which would turn a −0
 * into +0).  Two rows of x at a time: 2K chains of multiply-adds in flight.  K is a constant. */
#define KEEP(m, t, s) ((v4)(((v4i)(t) & (m)) | ((v4i)(s) & ~(m))))
NATTR INLINE void dense_dw_K(const int K, int D, const double *x, const double *g, double *dW,
			     double *db, int N, int Np)
{
	const int full = N & ~3, tail = N - full;
	const v4i keep = { tail > 0 ? -1 : 0, tail > 1 ? -1 : 0, tail > 2 ? -1 : 0, 0 };
	{ /* db */
		v4 s[NARROW_MAX];
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++)
			s[j] = (v4){ 0, 0, 0, 0 };
		for (int v = 0; v < full; v += 4)
			#pragma GCC unroll 8
			for (int j = 0; j < K; j++)
				s[j] += LD(g + (size_t)j * Np + v);
		if (tail)
			#pragma GCC unroll 8
			for (int j = 0; j < K; j++)
				s[j] = KEEP(keep, s[j] + LD(g + (size_t)j * Np + full), s[j]);
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++)
			db[j] = lanes(s[j]);
	}
	for (int d = 0; d < D; d += 2) {
		const int two = d + 1 < D;
		const double *x0 = x + (size_t)d * Np, *x1 = two ? x0 + Np : x0;
		v4 s0[NARROW_MAX], s1[NARROW_MAX];
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++)
			s0[j] = s1[j] = (v4){ 0, 0, 0, 0 };
		for (int v = 0; v < full; v += 4) {
			v4 a0 = LD(x0 + v), a1 = LD(x1 + v);
			#pragma GCC unroll 8
			for (int j = 0; j < K; j++) {
				v4 gj = LD(g + (size_t)j * Np + v);
				s0[j] = FMA(a0, gj, s0[j]);
				s1[j] = FMA(a1, gj, s1[j]);
			}
		}
		if (tail) {
			v4 a0 = LD(x0 + full), a1 = LD(x1 + full);
			#pragma GCC unroll 8
			for (int j = 0; j < K; j++) {
				v4 gj = LD(g + (size_t)j * Np + full);
				s0[j] = KEEP(keep, FMA(a0, gj, s0[j]), s0[j]);
				s1[j] = KEEP(keep, FMA(a1, gj, s1[j]), s1[j]);
			}
		}
		#pragma GCC unroll 8
		for (int j = 0; j < K; j++) {
			dW[d * K + j] = lanes(s0[j]);
			if (two)
				dW[(d + 1) * K + j] = lanes(s1[j]);
		}
	}
}

NATTR static void dense_dw(int K, int D, const double *x, const double *g, double *dW, double *db,
			   int N, int Np)
{
	switch (K) {
#define C_(n) case n: dense_dw_K(n, D, x, g, dW, db, N, Np); break;
	C_(1) C_(2) C_(3) C_(4) C_(5) C_(6) C_(7) C_(8)
#undef C_
	}
}

/* the element-wise layers on whole rows (out, Np): the formulas of net.c */
NATTR static void act_fwd(const layer *l, const double *x, double *y, size_t M)
{
	const v4 al = BC(l->alpha);
	switch (l->kind) {
	case LAYER_RELU:
		for (size_t i = 0; i < M; i += 4)
			ST(y + i, RELU(LD(x + i)));
		break;
	case LAYER_LEAKY_RELU:
		for (size_t i = 0; i < M; i += 4) {
			v4 a = LD(x + i);
			ST(y + i, LEAKY(a, a, al));
		}
		break;
	case LAYER_SIGMOID:
		for (size_t i = 0; i < M; i++)
			y[i] = 1.0 / (1.0 + exp(-x[i]));
		break;
	case LAYER_TANH:
		for (size_t i = 0; i < M; i++)
			y[i] = tanh(x[i]);
		break;
	default:
		break;
	}
}

NATTR static void act_bwd(const layer *l, const double *x, const double *y, const double *g,
			  double *dx, size_t M)
{
	const v4 al = BC(l->alpha);
	switch (l->kind) {
	case LAYER_RELU:
		for (size_t i = 0; i < M; i += 4)
			ST(dx + i, (v4)((v4i)LD(g + i) & (v4i)(LD(x + i) > 0)));
		break;
	case LAYER_LEAKY_RELU:
		for (size_t i = 0; i < M; i += 4)
			ST(dx + i, LEAKY(LD(g + i), LD(x + i), al));
		break;
	case LAYER_SIGMOID:
		for (size_t i = 0; i < M; i++)
			dx[i] = g[i] * y[i] * (1.0 - y[i]);
		break;
	case LAYER_TANH:
		for (size_t i = 0; i < M; i++)
			dx[i] = g[i] * (1.0 - y[i] * y[i]);
		break;
	default:
		break;
	}
}

static int fusable(layer_kind k) { return k == LAYER_RELU || k == LAYER_LEAKY_RELU; }
static int act_of(layer_kind k) { return k == LAYER_RELU ? ACT_RELU : k == LAYER_LEAKY_RELU ? ACT_LEAKY : ACT_NONE; }

NATTR double narrow_step(narrow *w, net *nt, const double *y, double *acc)
{
	const int N = w->N, Np = w->Np, n = nt->n;
	/* forward; a relu or leaky relu right after a dense layer is computed with it */
	const double *in = w->x;
	for (int i = 0; i < n; i++) {
		layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE) {
			int fuse = i + 1 < n && fusable(nt->L[i + 1].kind);
			dense_fwd(l->in, l->out, in, l->W.v, l->b.v, w->y[i], fuse ? w->y[i + 1] : NULL,
				  fuse ? act_of(nt->L[i + 1].kind) : ACT_NONE, fuse ? nt->L[i + 1].alpha : 0,
				  Np);
			if (fuse) {
				i++;
				in = w->y[i];
				continue;
			}
		} else {
			act_fwd(l, in, w->y[i], (size_t)l->out * Np);
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
	double J = loss_eval(nt->loss, last->kind, out, y, N, K, dout);
	if (acc) {
		int ok = loss_correct(nt->loss, last->kind, out, y, N, K);
		*acc = ok < 0 ? -1 : (double)ok / N;
	}
	if (K > 1)
		to_fm(dout, w->g[n - 1], N, K, Np);
	/* backward; the relu or leaky relu below a dense layer (not the first) is computed with
	 * the dense layer's dx */
	for (int i = n - 1; i >= 0; i--) {
		layer *l = &nt->L[i];
		const double *xin = i ? w->y[i - 1] : w->x;
		if (l->kind == LAYER_DENSE) {
			dense_dw(l->out, l->in, xin, w->g[i], l->dW.v, l->db.v, N, Np);
			if (!i)
				continue;
			int fuse = i >= 2 && fusable(nt->L[i - 1].kind);
			dense_dx(l->out, l->in, w->g[i], l->W.v, w->g[i - 1], fuse ? w->y[i - 2] : NULL,
				 fuse ? w->g[i - 2] : NULL, fuse ? act_of(nt->L[i - 1].kind) : ACT_NONE,
				 fuse ? nt->L[i - 1].alpha : 0, Np);
			if (fuse)
				i--;
		} else if (i) {
			act_bwd(l, w->y[i - 1], w->y[i], w->g[i], w->g[i - 1], (size_t)l->out * Np);
		}
	}
	nt->N = N;
	return J;
}

#else /* no AVX2 kernels: narrow_fits says no, and this is never called */

double narrow_step(narrow *w, net *nt, const double *y, double *acc)
{
	(void)w;
	(void)nt;
	(void)y;
	if (acc)
		*acc = -1;
	return NAN;
}

#endif
