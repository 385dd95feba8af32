/* kern_tile.h — the dense kernels, written once for a vector of KVL doubles and included by
 * dense.c once per instruction set (see "kernels" in dense.c for what they compute and why their
 * results are the same bits on every machine).
 *
 * The includer defines: KSFX (a suffix for the names), KVL (2 or 4 lanes), KMR (rows per tile,
 * at most 6: 6 × 2 vectors of accumulators, 2 of B and a broadcast fill the 16 registers of
 * AVX2), KATTR (the target attribute of every function here, or nothing).  It also provides
 * gemm_args, kernels, the INIT_ constants, KC and MC.  The vectors and their helpers are
 * simd.h's. */

#include "simd.h" /* VEC, VLD, VST, VBC, VMAC, LEAKY_V, … for this KVL */

typedef double KN(v2u) __attribute__((vector_size(16), aligned(8), may_alias));

/* store the first r (1..KVL) lanes of v at p */
#if KVL == 2
#define VST_PART(p, v, r)                                                       \
	do {                                                                          \
		if ((r) >= 2)                                                         \
			VST((p), (v));                                                \
		else                                                                  \
			(p)[0] = (v)[0];                                              \
	} while (0)
#else
#define VST_PART(p, v, r)                                                       \
	do {                                                                          \
		double *p_ = (p);                                                     \
		VEC v_ = (v);                                                         \
		if ((r) >= 4) {                                                       \
			VST(p_, v_);                                                  \
		} else {                                                              \
			if ((r) >= 2)                                                 \
				*(KN(v2u) *)p_ = (KN(v2u)){ v_[0], v_[1] };           \
			else                                                          \
				p_[0] = v_[0];                                        \
			if ((r) == 3)                                                 \
				p_[2] = v_[2];                                        \
		}                                                                     \
	} while (0)
#endif

/* nb register tiles down the rows: C[i][j] (i < MR_, j < KVL·NV) = init + Σ_{p<K} A(i,p)·B[p][j],
 * p in order, A(i,p) = A[i·ra + p·ca], B and C with row strides ldb and ldc; each tile starts
 * MR_ rows below the previous one in C and ta further in A.  The last vector of a row is stored
 * in its first `last` lanes.  With ONES, row MR_−1 of the last tile is all ones (the bias
 * gradient): its terms are the B values themselves, added as they are. */
KATTR INLINE void KN(tiles)(const int MR_, const int NV, const int ONES, int nb, int K,
			    const double *A, ptrdiff_t ta, ptrdiff_t ra,
			    ptrdiff_t ca, const double *B, ptrdiff_t ldb, double *C, ptrdiff_t ldc,
			    const double *bias, int init, int last)
{
	for (int ib = 0; ib < nb; ib++) {
		VEC c[KMR][2];
		const int ones = ONES && ib == nb - 1;
#pragma GCC unroll 6
		for (int i = 0; i < KMR; i++) {
			if (i >= MR_)
				break;
#pragma GCC unroll 2
			for (int v = 0; v < 2; v++) {
				if (v >= NV)
					break;
				if (init == INIT_BIAS)
					c[i][v] = VLD(bias + KVL * v);
				else if (init == INIT_C)
					c[i][v] = VLD(C + i * ldc + KVL * v);
				else
					c[i][v] = (VEC){ 0 };
			}
		}
		const double *Ap = A, *Bp = B;
		for (int p = 0; p < K; p++) {
			VEC b0 = VLD(Bp), b1 = NV > 1 ? VLD(Bp + KVL) : b0;
#pragma GCC unroll 6
			for (int i = 0; i < KMR; i++) {
				if (i >= MR_)
					break;
				if (ONES && i == MR_ - 1 && ones) {
					c[i][0] += b0;
					if (NV > 1)
						c[i][1] += b1;
				} else {
					VEC a = VBC(Ap[i * ra]);
					VMAC(c[i][0], a, b0);
					if (NV > 1)
						VMAC(c[i][1], a, b1);
				}
			}
			Ap += ca;
			Bp += ldb;
		}
#pragma GCC unroll 6
		for (int i = 0; i < KMR; i++) {
			if (i >= MR_)
				break;
			double *Ci = C + i * ldc;
			if (NV > 1) {
				VST(Ci, c[i][0]);
				VST_PART(Ci + KVL, c[i][1], last);
			} else {
				VST_PART(Ci, c[i][0], last);
			}
		}
		A += ta;
		C += MR_ * ldc;
	}
}

#define KT_ARGS nb, K, A, ta, ra, ca, B, ldb, C, ldc, bias, init, last
#define KT_NV(MR_, ONES)                                                          \
	(nv == 2 ? KN(tiles)(MR_, 2, ONES, KT_ARGS) : KN(tiles)(MR_, 1, ONES, KT_ARGS))
#define KT_VAR(MR_)                                                               \
	do {                                                                      \
		if (ones)                                                         \
			KT_NV(MR_, 1);                                            \
		else                                                              \
			KT_NV(MR_, 0);                                            \
	} while (0)

/* nb tiles of mr rows (1..KMR; more than one tile only when mr is KMR); with ones, the last row
 * of the last tile is the ones row.  Inlined into gemm (a call per part cost the tutorial's
 * 2-5-5-5-1 net 6-7 %: 18 products of a few hundred multiply-adds an iteration) */
KATTR INLINE void KN(tiles_any)(int mr, int ones, int nb, int nv, int K, const double *A,
				ptrdiff_t ta, ptrdiff_t ra, ptrdiff_t ca, const double *B, ptrdiff_t ldb,
				double *C, ptrdiff_t ldc, const double *bias, int init, int last)
{
	switch (mr) {
	case 6: KT_VAR(6); break;
	case 5: KT_VAR(5); break;
	case 4: KT_VAR(4); break;
	case 3: KT_VAR(3); break;
	case 2: KT_VAR(2); break;
	default: KT_VAR(1); break;
	}
}

/* C (M, N) = init + A (M, K) · B (K, N): see gemm_args in net.c */
KATTR static void KN(gemm)(const gemm_args *g)
{
	const int M = g->M, N = g->N, K = g->K, bT = g->bT;
	const ptrdiff_t ra = g->ra, ca = g->ca, ldb = g->ldb, ldc = g->ldc;
	const double *B = g->B;
	double *pk = g->pk, *pa = g->pa;
	for (int pc = 0; pc < K || pc == 0; pc += KC) {
		int kc = K - pc < KC ? K - pc : KC;
		int in = pc ? INIT_C : g->init;
		/* rows in blocks of MC, or all at once when the block of A is no larger than that */
		const int mb = (ptrdiff_t)M * kc <= (ptrdiff_t)MC * KC ? M : MC;
		for (int ic = 0; ic < M; ic += mb) {
			int mc = M - ic < mb ? M - ic : mb;
			int one = g->ones && ic + mc == M;
			for (int j = 0; j < N; j += 2 * KVL) {
				int w = N - j < 2 * KVL ? N - j : 2 * KVL;
				int nv = w > KVL ? 2 : 1, last = w - KVL * (nv - 1);
				const double *Bp = B + (ptrdiff_t)pc * ldb + j;
				ptrdiff_t ldp = ldb;
				if (pk) { /* copy the panel B[pc .. pc+kc)[j .. j+w) to pk, rows of KVL·nv */
					ldp = KVL * nv;
					if (bT) {
						if (w < ldp) /* zero the columns past w (a vector store each) */
							for (int p = 0; p < kc; p++)
								VST(pk + p * ldp + ldp - KVL, (VEC){ 0 });
						for (int jj = 0; jj < w; jj++) {
							const double *src = B + (ptrdiff_t)(j + jj) * ldb + pc;
							for (int p = 0; p < kc; p++)
								pk[p * ldp + jj] = src[p];
						}
					} else if (w == ldp) { /* whole vectors */
						for (int p = 0; p < kc; p++) {
							VST(pk + p * ldp, VLD(Bp + p * ldb));
							if (nv > 1)
								VST(pk + p * ldp + KVL, VLD(Bp + p * ldb + KVL));
						}
					} else { /* B may be the input x: read nothing past column w */
						for (int p = 0; p < kc; p++) {
							VST(pk + p * ldp + ldp - KVL, (VEC){ 0 });
							for (int jj = 0; jj < w; jj++)
								pk[p * ldp + jj] = Bp[p * ldb + jj];
						}
					}
					Bp = pk;
				}
				const double *Ai = g->A + (ptrdiff_t)ic * ra + (ptrdiff_t)pc * ca;
				ptrdiff_t ra_ = ra, ca_ = ca, ta = KMR * ra, ca_rem = ca;
				if (pa) { /* the A block packed at the first panel: tile by tile, p-major */
					if (j == 0)
						for (int i0 = 0; i0 < mc; i0 += KMR) {
							int mr = mc - i0 < KMR ? mc - i0 : KMR;
							int rows = one && i0 + mr == mc ? mr - 1 : mr; /* not the ones row */
							double *dst = pa + (ptrdiff_t)i0 * kc;
							for (int p = 0; p < kc; p++)
								for (int i = 0; i < rows; i++)
									dst[p * mr + i] = Ai[(ptrdiff_t)(i0 + i) * ra + (ptrdiff_t)p * ca];
						}
					Ai = pa;
					ra_ = 1;
					ca_ = KMR;
					ta = (ptrdiff_t)KMR * kc;
					ca_rem = mc % KMR ? mc % KMR : KMR;
				}
				double *Ci = g->C + (ptrdiff_t)ic * ldc + j;
				const double *bias = g->bias ? g->bias + j : NULL;
				/* full tiles, then one tile of the rest (part 0, part 1); the ones row is the
				 * last row of the last tile */
				int full = mc / KMR, rem = mc % KMR;
				if (one && !rem) {
					full--;
					rem = KMR;
				}
				for (int part = 0; part < 2; part++) {
					int mr = part ? rem : KMR, nb = part ? 1 : full;
					if (!mr || nb <= 0)
						continue;
					KN(tiles_any)(mr, part && one, nb, nv, kc, Ai, ta, ra_,
						      part && pa ? ca_rem : ca_, Bp, ldp, Ci, ldc, bias, in,
						      last);
					Ai += nb * ta;
					Ci += (ptrdiff_t)nb * KMR * ldc;
				}
			}
		}
		if (K == 0)
			break;
	}
}

/* ---- activations, element-wise on whole vectors ---- */

KATTR static void KN(relu_fwd)(const double *x, double *y, size_t M)
{
	size_t i = 0;
	for (; i + KVL <= M; i += KVL) {
		VEC a = VLD(x + i);
		VST(y + i, (VEC)((VECI)a & (VECI)(a > 0)));
	}
	for (; i < M; i++)
		y[i] = x[i] > 0 ? x[i] : 0;
}

KATTR static void KN(relu_bwd)(const double *x, const double *g, double *dx, size_t M)
{
	size_t i = 0;
	for (; i + KVL <= M; i += KVL)
		VST(dx + i, (VEC)((VECI)VLD(g + i) & (VECI)(VLD(x + i) > 0)));
	for (; i < M; i++)
		dx[i] = x[i] > 0 ? g[i] : 0;
}

KATTR static void KN(leaky_fwd)(const double *x, double *y, size_t M, double alpha)
{
	size_t i = 0;
	VEC al = VBC(alpha);
	for (; i + KVL <= M; i += KVL) {
		VEC a = VLD(x + i);
		VST(y + i, LEAKY_V(a, a, al));
	}
	for (; i < M; i++)
		y[i] = x[i] > 0 ? x[i] : alpha * x[i];
}

KATTR static void KN(leaky_bwd)(const double *x, const double *g, double *dx, size_t M,
				double alpha)
{
	size_t i = 0;
	VEC al = VBC(alpha);
	for (; i + KVL <= M; i += KVL)
		VST(dx + i, LEAKY_V(VLD(g + i), VLD(x + i), al));
	for (; i < M; i++)
		dx[i] = x[i] > 0 ? g[i] : alpha * g[i];
}

static const kernels KN(kernels) = { KN(gemm), KN(relu_fwd), KN(relu_bwd), KN(leaky_fwd),
				     KN(leaky_bwd) };

#undef KT_ARGS
#undef KT_NV
#undef KT_VAR
#undef VST_PART
