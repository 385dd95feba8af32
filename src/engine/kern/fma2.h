/* fma2.h — c + a·b with one rounding for two lanes of doubles, from separate multiplies and adds
 * (for the kernels' baseline copy on a CPU without the FMA instruction: the same bits as fma(),
 * many times faster than libm's software fma).
 *
 * Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE Trans. Computers 57(4), 2008: with a·b = uh + ul exactly (Veltkamp's
 * split and Dekker's product), c + uh = th + tl exactly (Knuth's TwoSum), v = tl + ul rounded to
 * odd, RN(th + v) = RN(a·b + c).  Those steps are exact while nothing overflows or underflows:
 * lanes outside 2^-900 ≤ |a|, |b| ≤ 2^500, |a·b| ≥ 2^-900 (or a or b zero, the other at most
 * 2^500) and |c| ≤ 2^1000 — the infinities and NaNs among them — go to C's fma(). */
#ifndef DL_FMA2_H
#define DL_FMA2_H
#include <math.h>

/* the steps must not be fused (the build also passes -ffp-contract=off) */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

typedef double fma2_v __attribute__((vector_size(16)));
typedef long long fma2_i __attribute__((vector_size(16)));
typedef unsigned long long fma2_u __attribute__((vector_size(16))); /* bits: wraps */

static inline __attribute__((always_inline)) fma2_v fma2(fma2_v a, fma2_v b, fma2_v c)
{
	const fma2_v split = { 134217729.0, 134217729.0 }; /* 2^27 + 1 */
	fma2_v abs_a = (fma2_v)((fma2_i)a & 0x7fffffffffffffffLL);
	fma2_v abs_b = (fma2_v)((fma2_i)b & 0x7fffffffffffffffLL);
	fma2_v abs_c = (fma2_v)((fma2_i)c & 0x7fffffffffffffffLL);
	/* a·b = uh + ul */
	fma2_v uh = a * b;
	fma2_v ta = split * a, ah = ta - (ta - a), al = a - ah;
	fma2_v tb = split * b, bh = tb - (tb - b), bl = b - bh;
	fma2_v ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
	/* c + uh = th + tl */
	fma2_v th = c + uh, cc = th - uh, tl = (c - cc) + (uh - (th - cc));
	/* v = tl + ul rounded to odd: RN, then one step toward the exact sum when inexact and even */
	fma2_v v = tl + ul, vv = v - tl, err = (tl - (v - vv)) + (ul - vv);
	fma2_i even = ((fma2_u)v & 1) == 0, inexact = (fma2_i)(err != 0);
	fma2_i away = (((fma2_u)err ^ (fma2_u)v) >> 63) == 0; /* err and v of one sign */
	fma2_u step = (fma2_u)((away & 1) | (~away & -1LL));  /* +1 away from zero, −1 toward */
	v = (fma2_v)((fma2_u)v + (step & (fma2_u)(even & inexact)));
	fma2_v z = th + v;
	/* a zero result is an exact zero: a·b = −c (+0), or a zero product and c = ±0 (IEEE's
	 * signs of a sum of zeros): uh + c gives both */
	fma2_i z0 = (fma2_i)(z == 0);
	z = (fma2_v)(((fma2_i)(uh + c) & z0) | ((fma2_i)z & ~z0));
	/* the lanes where the steps above are exact */
	const fma2_v big = { 0x1p500, 0x1p500 }, cbig = { 0x1p1000, 0x1p1000 },
		     tiny = { 0x1p-900, 0x1p-900 }, zero = { 0, 0 };
	fma2_v abs_u = (fma2_v)((fma2_i)uh & 0x7fffffffffffffffLL);
	fma2_i zab = (fma2_i)(abs_a == zero) | (fma2_i)(abs_b == zero);
	fma2_i ok = (fma2_i)(abs_a <= big) & (fma2_i)(abs_b <= big) & (fma2_i)(abs_c <= cbig) &
		    (((fma2_i)(abs_a >= tiny) & (fma2_i)(abs_b >= tiny) & (fma2_i)(abs_u >= tiny)) | zab);
	if (__builtin_expect(!(ok[0] & ok[1]), 0)) {
		if (!ok[0])
			z[0] = fma(a[0], b[0], c[0]);
		if (!ok[1])
			z[1] = fma(a[1], b[1], c[1]);
	}
	return z;
}

#endif
