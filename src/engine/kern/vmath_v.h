/* vmath_v.h — exp, tanh, sigmoid, log and log1p on a vector of KVL doubles, written once for every
 * width (included after simd.h, by vmath.c once per instruction set).
 *
 * Why dl's own: the C library's exp, tanh and log are not specified to the last bit and differ
 * between libm implementations and versions; SLEEF's deterministic functions (Debian's
 * libsleef-dev) return the same bits across instruction sets only within one family — its FMA
 * family (finz_, AVX2 and the like) and its non-FMA family (cinz_, SSE2, AVX) differ (measured:
 * exp on 10 % of a million arguments), and a CPU without FMA has only the second.  These use
 * only +, −, ×, ÷, comparisons, bit operations and the fused multiply-add, every one rounded once
 * as IEEE 754 defines it (the baseline copy's fused multiply-add is exact: fma2.h), in a fixed
 * order, so every copy on every machine computes the same bits, lane by lane.
 *
 * Accuracy, measured by tests/test_vmath against long double references (80-bit, 11 bits more
 * than a double) over millions of arguments and the edges (±0, subnormals, the overflow and
 * underflow thresholds, ±inf, nan): see vmath.c's header for the bounds each one is held to.
 *
 * Methods:
 *   exp: x = n·ln2 + r, |r| ≤ ln2/2 (Cody and Waite: ln2 in two parts, n·ln2_hi exact), r
 *     kept as r + r_lo; e^r = 1 + r + r²·P(r), P Taylor's to r^13 (error below 2^-60);
 *     scaled by 2^n as two powers of two, so that a subnormal result is rounded once.
 *     kn_exp2_() also returns the low part of e^r (the rounding error of 1 + p), for the
 *     functions built on it.
 *   tanh: (e^2a − 1)/(e^2a + 1), a = |x|, with e^2a − 1 = 2^n·(1 + P) − 1 carried in two parts
 *     (no cancellation near 0: for n = 0 it is P itself), one division corrected by its exact
 *     remainder; 1 from a = 20 on; the sign of x.
 *   sigmoid: 1/(1 + e^−x) for x ≥ 0, e^x/(1 + e^x) below, e and the quotient in two parts.
 *   log: x = 2^k·m, m in [√2/2, √2), log m = 2 atanh(f/(2+f)), f = m − 1 (fdlibm's e_log.c,
 *     Sun Microsystems 1993, its coefficients); log1p: fdlibm's s_log1p.c reduction, u = 1 + x
 *     and its rounding error c, log u + c/u. */

/* ---- exp ---- */

/* (e^r − 1 − r − r²/2)/r³ for |r| ≤ ln2/2, Taylor's to r^13 */
KATTR INLINE VEC KN(vm_expm1_q3_)(VEC r)
{
	VEC q = VBC(0x1.6124613a86d09p-33);       /* 1/13! */
	q = VFMA(q, r, VBC(0x1.1eed8eff8d898p-29)); /* 1/12! */
	q = VFMA(q, r, VBC(0x1.ae64567f544e4p-26)); /* 1/11! */
	q = VFMA(q, r, VBC(0x1.27e4fb7789f5cp-22)); /* 1/10! */
	q = VFMA(q, r, VBC(0x1.71de3a556c734p-19)); /* 1/9! */
	q = VFMA(q, r, VBC(0x1.a01a01a01a01ap-16)); /* 1/8! */
	q = VFMA(q, r, VBC(0x1.a01a01a01a01ap-13)); /* 1/7! */
	q = VFMA(q, r, VBC(0x1.6c16c16c16c17p-10)); /* 1/6! */
	q = VFMA(q, r, VBC(0x1.1111111111111p-7));  /* 1/5! */
	q = VFMA(q, r, VBC(0x1.5555555555555p-5));  /* 1/4! */
	return VFMA(q, r, VBC(0x1.5555555555555p-3)); /* 1/3! */
}

/* e^r − 1 − r for |r| ≤ ln2/2 given as r + rlo: r²·q(r) + rlo */
KATTR INLINE VEC KN(vm_expm1_poly_)(VEC r, VEC rlo)
{
	/* e^(r + rlo) ≈ e^r + rlo·(1 + r) */
	return VFMA(r * r, VFMA(KN(vm_expm1_q3_)(r), r, VBC(0.5)), VFMA(rlo, r, rlo));
}

/* e^r − 1 for |r| ≤ ln2/2 given as r + rlo, as P + *Pl to about 2^-58 relative: r + r²/2 with
 * r² in two parts, and the rest, r³·q3 + rlo·(1 + r) (at most 0.007), added last */
KATTR INLINE VEC KN(vm_expm1_dd_)(VEC r, VEC rlo, VEC *Pl)
{
	VEC r2 = r * r, r2l = VFMA(r, r, -r2);                  /* r² = r2 + r2l exactly */
	VEC h = VBC(0.5) * r2, p1 = r + h, p1l = (r - p1) + h;  /* r + r2/2 = p1 + p1l exactly */
	VEC tail = p1l + (VFMA(r2 * r, KN(vm_expm1_q3_)(r), VFMA(rlo, r, rlo)) + VBC(0.5) * r2l);
	VEC P = p1 + tail;
	*Pl = (p1 - P) + tail;
	return P;
}

/* e^x as hi (the result) and, for |x| within the normal range, *lo: e^x ≈ hi + lo to about
 * 2^-100 relative (0 where e^x is not far inside the normal range) */
KATTR INLINE VEC KN(vm_exp2_)(VEC x, VEC *lo)
{
	const VEC shift = VBC(0x1.8p52), log2e = VBC(0x1.71547652b82fep0);
	const VEC ln2hi = VBC(0x1.62e42fee00000p-1), ln2lo = VBC(0x1.a39ef35793c76p-33);
	/* clamped, so that every lane computes finite values (the select below gives the ends) */
	VEC xc = VSEL(x > VBC(709.8), VBC(709.8), VSEL(x < VBC(-745.2), VBC(-745.2), x));
	VEC n = VFMA(xc, log2e, shift) - shift; /* round(x / ln2) */
	VEC hi = VFMA(-n, ln2hi, xc);             /* exact: n·ln2hi has 32 + 11 bits */
	VEC nl = n * ln2lo;
	VEC r = hi - nl, rlo = (hi - r) - nl;     /* r + rlo = hi − nl */
	/* e^r = 1 + r + pp, the first sum carried exactly (|r| < 1) */
	VEC pp = KN(vm_expm1_poly_)(r, rlo);
	VEC s = VBC(1.0) + r, sl = ((VBC(1.0) - s) + r) + pp;
	VEC y = s + sl, ylo = (s - y) + sl;
	/* 2^n = 2^n1 · 2^n2, each a normal power of two: y·2^n1 is exact, ·2^n2 rounds */
	VEC n1 = VFMA(n, VBC(0.5), shift) - shift, n2 = n - n1;
	const VEC bias = VBC(0x1p52 + 1023);
	VEC s1 = VFROM(VBITS(n1 + bias) << 52), s2 = VFROM(VBITS(n2 + bias) << 52);
	VEC e = y * s1 * s2; /* (a subnormal e is rounded twice: at most 0.77 of its ulp, measured) */
	VECI normal = (VECI)(x > VBC(-708.3)) & (VECI)(x < VBC(709.0));
	*lo = VSEL(normal, ylo * s1 * s2, VBC(0.0)); /* (there e = y·2^n) */
	return VSEL(x > VBC(709.8), VBC(__builtin_inf()), VSEL(x < VBC(-745.2), VBC(0.0), e));
}

KATTR INLINE VEC KN(vm_exp)(VEC x)
{
	VEC lo;
	return KN(vm_exp2_)(x, &lo);
}

/* ---- tanh and sigmoid ---- */

/* 1/s as q + *ql, s = sh + sl (|sl| ≤ ulp(sh)), 1 ≤ sh */
KATTR INLINE VEC KN(vm_recip2_)(VEC sh, VEC sl, VEC *ql)
{
	VEC q = VBC(1.0) / sh;
	VEC res = VFMA(-q, sh, VBC(1.0)); /* 1 − q·sh, exact */
	*ql = (res - q * sl) * q;
	return q;
}

/* tanh a = (e^2a − 1)/(e^2a + 1) for a = |x|, e^2a − 1 = 2^n·(1 + P) − 1 in two parts; the
 * quotient corrected by its remainder; the sign of x */
KATTR INLINE VEC KN(vm_tanh)(VEC x)
{
	const VECU sign = (VECU)VBC(-0.0);
	const VEC shift = VBC(0x1.8p52), log2e = VBC(0x1.71547652b82fep0);
	const VEC ln2hi = VBC(0x1.62e42fee00000p-1), ln2lo = VBC(0x1.a39ef35793c76p-33);
	VEC a = VFROM(VBITS(x) & ~sign);
	VEC u = VSEL(a < VBC(20.0), a + a, VBC(0.0)); /* (from 19.1 on, tanh is 1) */
	VEC n = VFMA(u, log2e, shift) - shift;       /* 0 .. 58 */
	VEC hi = VFMA(-n, ln2hi, u), nl = n * ln2lo;
	VEC r = hi - nl, rlo = (hi - r) - nl;
	VEC Pl, P = KN(vm_expm1_dd_)(r, rlo, &Pl); /* e^r − 1 = P + Pl */
	VEC s = VFROM(VBITS(n + VBC(0x1p52 + 1023)) << 52); /* 2^n */
	VEC T = s - VBC(1.0), sP = s * P;              /* 2^n − 1 exact, |sP| ≤ T or T = 0 */
	VEC Nh = T + sP, Nl = ((T - Nh) + sP) + s * Pl; /* e^2a − 1 */
	VEC Dh = Nh + VBC(2.0);                         /* e^2a + 1 */
	VEC big = VSEL(Nh > VBC(2.0), Nh, VBC(2.0)), sml = VSEL(Nh > VBC(2.0), VBC(2.0), Nh);
	VEC Dl = ((big - Dh) + sml) + Nl;
	VEC rD = VBC(1.0) / Dh, t = Nh * rD;
	VEC res = VFMA(-t, Dh, Nh); /* Nh − t·Dh, exact */
	t = VFMA(res + (Nl - t * Dl), rD, t);
	t = VSEL(a < VBC(20.0), t, VSEL(a == a, VBC(1.0), a));
	return VFROM(VBITS(t) | (VBITS(x) & sign));
}

KATTR INLINE VEC KN(vm_sigmoid)(VEC x)
{
	const VECU sign = (VECU)VBC(-0.0);
	VEC na = VFROM(VBITS(x) | sign); /* −|x| */
	VEC el, e = KN(vm_exp2_)(na, &el); /* e^−|x|, in (0, 1] */
	VEC d = VBC(1.0) + e, dl = ((VBC(1.0) - d) + e) + el;
	VEC ql, q = KN(vm_recip2_)(d, dl, &ql); /* 1/(1 + e) */
	VEC pos = q + ql;
	VEC neg = VFMA(e, q, VFMA(e, ql, el * q)); /* e/(1 + e) */
	return VSEL(x < VBC(0.0), neg, pos);
}

/* ---- log and log1p ---- */

/* log(u) + c for u > 0 finite (c a small correction, added where it keeps the most bits) */
KATTR INLINE VEC KN(vm_log_core_)(VEC u, VEC c)
{
	const VEC Lg1 = VBC(6.666666666666735130e-01), Lg2 = VBC(3.999999999940941908e-01);
	const VEC Lg3 = VBC(2.857142874366239149e-01), Lg4 = VBC(2.222219843214978396e-01);
	const VEC Lg5 = VBC(1.818357216161805012e-01), Lg6 = VBC(1.531383769920937332e-01);
	const VEC Lg7 = VBC(1.479819860511658591e-01);
	const VEC ln2hi = VBC(6.93147180369123816490e-01), ln2lo = VBC(1.90821492927058770002e-10);
	/* subnormals: scaled into the normal range first */
	VECI sub = (VECI)(u < VBC(0x1p-1022));
	VEC us = VSEL(sub, u * VBC(0x1p54), u);
	VECU b = VBITS(us);
	VEC m = VFROM((b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL); /* [1, 2) */
	VEC ex = VFROM((b >> 52) | 0x4330000000000000ULL) - VBC(0x1p52 + 1023); /* exponent */
	VECI big = (VECI)(m > VBC(0x1.6a09e667f3bcdp0)); /* > √2: m/2, k + 1 */
	m = VSEL(big, m * VBC(0.5), m);
	VEC k = ex + VSEL(big, VBC(1.0), VBC(0.0)) - VSEL(sub, VBC(54.0), VBC(0.0));
	VEC f = m - VBC(1.0); /* exact */
	VEC hfsq = VBC(0.5) * f * f;
	VEC s = f / (VBC(2.0) + f), z = s * s, w = z * z;
	VEC t1 = w * VFMA(w, VFMA(w, Lg6, Lg4), Lg2);
	VEC t2 = z * VFMA(w, VFMA(w, VFMA(w, Lg7, Lg5), Lg3), Lg1);
	VEC R = t2 + t1;
	return k * ln2hi - ((hfsq - (s * (hfsq + R) + (k * ln2lo + c))) - f);
}

KATTR INLINE VEC KN(vm_log)(VEC x)
{
	VEC y = KN(vm_log_core_)(VSEL(x > VBC(0.0), x, VBC(1.0)), VBC(0.0));
	y = VSEL(x == VBC(__builtin_inf()), x, y);
	y = VSEL(x == VBC(0.0), VBC(-__builtin_inf()), y);
	return VSEL((x < VBC(0.0)) | (x != x), VBC(__builtin_nan("")), y);
}

KATTR INLINE VEC KN(vm_log1p)(VEC x)
{
	VECI ok = (VECI)(x > VBC(-1.0)) & (VECI)(x < VBC(__builtin_inf()));
	VEC xs = VSEL(ok, x, VBC(0.0));
	VEC u = VBC(1.0) + xs;
	/* c = 1 + x − u exactly (the larger operand first) */
	VEC c = VSEL(xs > VBC(1.0), VBC(1.0) - (u - xs), xs - (u - VBC(1.0)));
	VEC y = KN(vm_log_core_)(u, c / u);
	y = VSEL(x == VBC(0.0), x, y); /* ±0 */
	y = VSEL(x == VBC(__builtin_inf()), x, y);
	y = VSEL(x == VBC(-1.0), VBC(-__builtin_inf()), y);
	return VSEL((x < VBC(-1.0)) | (x != x), VBC(__builtin_nan("")), y);
}
