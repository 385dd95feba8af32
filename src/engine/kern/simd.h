/* simd.h — the kernels' vectors, written once for every width: a vector of KVL doubles and the
 * helpers all the kernels share (loads, stores, a broadcast, the fused multiply-add, a select,
 * leaky relu), and the order of the batch sums (BATCH_SUM).
 *
 * The includer defines KVL (2, 4 or 8 lanes), KSFX (a suffix for the type names: one set of types
 * per width) and KATTR (the target attribute of its functions, or nothing), and may include this
 * again with other values: every inclusion first drops the previous one's macros.  Included by
 * dense.c (through kern_tile.h) and vmath.c once per instruction set, and by fm.c for AVX2.
 *
 * Exactness: nothing here rounds twice.  VFMA is a fused multiply-add, one rounding, which IEEE
 * 754 defines exactly, so every copy computes the same bits: the FMA instruction in the AVX2
 * copy, an exact emulation from separate operations in the x86-64 baseline copy (fma2.h), C's
 * fma() lane by lane elsewhere (the instruction on ARM64 and the like).  (Macros, not functions,
 * where a function taking or returning a wide vector would involve the vector ABI.) */

#ifndef DL_KERN_SIMD_ONCE
#define DL_KERN_SIMD_ONCE
#include <stddef.h>
#include "fma2.h"

#define INLINE static inline __attribute__((always_inline))

/* The order of every batch sum (dense.c's dW and db, fm.c's vector lanes, loss.c's mse): four
 * partial sums s_r over the terms i ≡ r (mod 4), each in order, then (s0 + s1) + (s2 + s3).
 * For doubles and for vectors alike (element by element). */
#define BATCH_SUM(s0, s1, s2, s3) (((s0) + (s1)) + ((s2) + (s3)))

#define KN_(a, b) a##_##b
#define KN2_(a, b) KN_(a, b)
#define KN(name) KN2_(name, KSFX)
#endif

#ifdef KVL /* (without it, only BATCH_SUM and INLINE: loss.c) */
#undef VEC
#undef VECI
#undef VECU
#undef VLD
#undef VLDA
#undef VST
#undef VSTA
#undef VBC
#undef VFMA
#undef VMAC
#undef VSEL
#undef VBITS
#undef VFROM
#undef LEAKY_V
#undef VLANES

typedef double KN(vec) __attribute__((vector_size(KVL * 8)));
typedef long long KN(veci) __attribute__((vector_size(KVL * 8)));
typedef unsigned long long KN(vecb) __attribute__((vector_size(KVL * 8))); /* bits: wraps */
typedef double KN(vecu) __attribute__((vector_size(KVL * 8), aligned(8), may_alias));
#define VEC KN(vec)
#define VECI KN(veci)
#define VECU KN(vecb)

#define VLD(p) ((VEC) * (const KN(vecu) *)(p))  /* any alignment */
#define VST(p, v) (*(KN(vecu) *)(p) = (v))
#define VLDA(p) (*(const VEC *)(p))              /* p on KVL·8 bytes */
#define VSTA(p, v) (*(VEC *)(p) = (v))
#if KVL == 2
#define VBC(a) __extension__({ double a_ = (a); (VEC){ a_, a_ }; })
#define VLANES(s) ((s)[0] + (s)[1]) /* (not a batch sum: two lanes) */
#elif KVL == 8
#define VBC(a) __extension__({ double a_ = (a); (VEC){ a_, a_, a_, a_, a_, a_, a_, a_ }; })
#else
#define VBC(a) __extension__({ double a_ = (a); (VEC){ a_, a_, a_, a_ }; })
/* the four lanes of a vector of partial sums, added in the batch sums' order */
#define VLANES(s) __extension__({ VEC s_ = (s); BATCH_SUM(s_[0], s_[1], s_[2], s_[3]); })
#endif

/* a·b + c with one rounding */
#if KVL == 8
#define VFMA(a, b, c) __builtin_ia32_vfmaddpd512_mask((a), (b), (c), (unsigned char)-1, 4)
#elif KVL == 4
#define VFMA(a, b, c) __builtin_ia32_vfmaddpd256((a), (b), (c))
#elif defined(__FMA__)
#define VFMA(a, b, c) __builtin_ia32_vfmaddpd((a), (b), (c))
#elif defined(__x86_64__)
#define VFMA(a, b, c) fma2((a), (b), (c))
#else
#define VFMA(a, b, c)                                                                     \
	__extension__({                                                                   \
		VEC a__ = (a), b__ = (b), c__ = (c);                                      \
		(VEC){ __builtin_fma(a__[0], b__[0], c__[0]),                             \
		       __builtin_fma(a__[1], b__[1], c__[1]) };                           \
	})
#endif
#define VMAC(c, a, b) ((c) = VFMA((a), (b), (c))) /* c += a·b, one rounding */

/* m ? a : b lane by lane, m a mask (a comparison's result: all ones or all zeros) */
#define VSEL(m, a, b)                                                                     \
	__extension__({                                                                   \
		VECI m_ = (VECI)(m);                                                      \
		(VEC)(((VECI)(a) & m_) | ((VECI)(b) & ~m_));                              \
	})
#define VBITS(v) ((VECU)(v)) /* the bits of a vector of doubles, and back */
#define VFROM(u) ((VEC)(u))

/* leaky relu: c where x > 0, else alpha·c */
#define LEAKY_V(c, x, al)                                                                 \
	__extension__({                                                                   \
		VEC c_ = (c);                                                             \
		VECI m_ = (VECI)((x) > 0);                                                \
		(VEC)(((VECI)c_ & m_) | ((VECI)((al) * c_) & ~m_));                       \
	})

#endif /* KVL */
