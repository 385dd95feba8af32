/* vmath.c — the array functions of vmath.h, compiled once per instruction set (the x86-64
 * baseline, SSE2 with the exact fused multiply-add of fma2.h, and AVX2 with FMA), the copy
 * chosen as the dense kernels' is (kern/cpu.h).  Both copies compute the same bits: the
 * functions are kern/vmath_v.h's, lane by lane; a tail shorter than a vector is computed in a
 * vector padded with zeros.
 *
 * Accuracy, in units in the last place of the correctly rounded result, the most seen by
 * tests/test_vmath over a million arguments each (spread over the whole range, dense where the
 * methods change and near the thresholds) against long double references: exp 0.75 (0.61 where
 * the result is normal; a subnormal result is rounded twice), tanh 0.60, sigmoid 0.77, log 0.85,
 * log1p 0.76; tests/test_vmath holds them to 1 ulp, and to the exact values at the edges (±0,
 * subnormals, the overflow and underflow thresholds, ±inf, nan).  The build's
 * -ffp-contract=off matters here too: a fused a·b + c where the source has two roundings would
 * change bits between compilers. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "vmath.h"
#include "kern/cpu.h"
#include <string.h>

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif
/* Each function is one long chain of dependent operations, so the loops compute four vectors a
 * step, and GCC's scheduling before register allocation (off by default on x86) interleaves
 * them: together 25-30 % faster on tanh and sigmoid (measured; scheduling reorders operations,
 * it changes none) */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("schedule-insns", "sched-pressure")
#endif

typedef struct vm_copy {
	void (*f[5])(const double *x, double *y, size_t n); /* exp tanh sigmoid log log1p */
	void (*tanh_bwd)(const double *y, const double *g, double *dx, size_t n);
	void (*sigmoid_bwd)(const double *y, const double *g, double *dx, size_t n);
} vm_copy;

/* y = f(x) over whole vectors, then the tail in a vector padded with zeros */
#define VM_MAP(f)                                                                         \
	KATTR static void KN(f##_a)(const double *x, double *y, size_t n)                 \
	{                                                                                 \
		size_t i = 0;                                                             \
		for (; i + 4 * KVL <= n; i += 4 * KVL) { /* four chains in flight */    \
			VEC a = KN(f)(VLD(x + i)), b = KN(f)(VLD(x + i + KVL));           \
			VEC c = KN(f)(VLD(x + i + 2 * KVL)), d = KN(f)(VLD(x + i + 3 * KVL)); \
			VST(y + i, a);                                                    \
			VST(y + i + KVL, b);                                              \
			VST(y + i + 2 * KVL, c);                                          \
			VST(y + i + 3 * KVL, d);                                          \
		}                                                                         \
		for (; i + KVL <= n; i += KVL)                                            \
			VST(y + i, KN(f)(VLD(x + i)));                                    \
		if (i < n) {                                                              \
			double t[KVL] = { 0 };                                            \
			memcpy(t, x + i, (n - i) * sizeof *t);                            \
			VEC v = KN(f)(VLD(t));                                            \
			memcpy(y + i, &v, (n - i) * sizeof *y);                           \
		}                                                                         \
	}

/* dx = the backward formula e(g, y), whole vectors then the rest one by one (the same
 * operations in both) */
#define VM_BWD(name, e)                                                                   \
	KATTR static void KN(name)(const double *y, const double *g, double *dx, size_t n) \
	{                                                                                 \
		size_t i = 0;                                                             \
		for (; i + KVL <= n; i += KVL) {                                          \
			VEC yv = VLD(y + i), gv = VLD(g + i);                             \
			VST(dx + i, e(gv, yv, VBC(1.0)));                                 \
		}                                                                         \
		for (; i < n; i++)                                                        \
			dx[i] = e(g[i], y[i], 1.0);                                       \
	}
#define TANH_BWD(g, y, one) ((g) * ((one) - (y) * (y)))
#define SIGMOID_BWD(g, y, one) ((g) * (y) * ((one) - (y)))

#define VM_COPY()                                                                         \
	VM_MAP(vm_exp)                                                                    \
	VM_MAP(vm_tanh)                                                                   \
	VM_MAP(vm_sigmoid)                                                                \
	VM_MAP(vm_log)                                                                    \
	VM_MAP(vm_log1p)                                                                  \
	VM_BWD(tanh_bwd, TANH_BWD)                                                        \
	VM_BWD(sigmoid_bwd, SIGMOID_BWD)                                                  \
	static const vm_copy KN(vm_copy) = { { KN(vm_exp_a), KN(vm_tanh_a), KN(vm_sigmoid_a), \
					       KN(vm_log_a), KN(vm_log1p_a) },            \
					     KN(tanh_bwd), KN(sigmoid_bwd) };

#define KSFX generic
#define KVL 2
#define KATTR
#include "kern/simd.h"
#include "kern/vmath_v.h"
VM_COPY()
#undef KSFX
#undef KVL
#undef KATTR

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VM_X86 1
#define KSFX avx2
#define KVL 4
#define KATTR __attribute__((target("avx2,fma")))
#include "kern/simd.h"
#include "kern/vmath_v.h"
VM_COPY()
#undef KSFX
#undef KVL
#undef KATTR
#endif

#ifdef VM_X86
/* and AVX-512 (8 lanes) where the CPU has it: the functions are chains of dependent operations,
 * and twice the lanes a chain run as fast per element as twice the chains (a Zen 4 splits each
 * 512-bit operation in two but keeps their latency) */
#define KSFX avx512
#define KVL 8
#define KATTR __attribute__((target("avx512f,avx512dq")))
#include "kern/simd.h"
#include "kern/vmath_v.h"
VM_COPY()
#undef KSFX
#undef KVL
#undef KATTR
#endif

static int vm_forced; /* VM_AUTO, or the copy a test asked for */

int vm_force_copy(int copy)
{
	int was = vm_forced;
	vm_forced = copy;
	return was;
}

static int vm_avx512(void)
{
#ifdef VM_X86
	static int has = -1;
	if (has < 0)
		has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
	return has;
#else
	return 0;
#endif
}

int vm_has_copy(int copy)
{
	return copy == VM_GENERIC || (copy == VM_AVX2 && kern_avx2()) ||
	       (copy == VM_AVX512 && kern_avx2() && vm_avx512());
}

static const vm_copy *vm(void)
{
#ifdef VM_X86
	if (vm_forced == VM_GENERIC || !kern_avx2())
		return &vm_copy_generic;
	if (vm_forced == VM_AVX2 || !vm_avx512())
		return &vm_copy_avx2;
	return &vm_copy_avx512;
#else
	return &vm_copy_generic;
#endif
}

void vm_exp(const double *x, double *y, size_t n) { vm()->f[0](x, y, n); }
void vm_tanh(const double *x, double *y, size_t n) { vm()->f[1](x, y, n); }
void vm_sigmoid(const double *x, double *y, size_t n) { vm()->f[2](x, y, n); }
void vm_log(const double *x, double *y, size_t n) { vm()->f[3](x, y, n); }
void vm_log1p(const double *x, double *y, size_t n) { vm()->f[4](x, y, n); }

double vm_exp1(double x)
{
	vm_exp(&x, &x, 1);
	return x;
}

double vm_log1(double x)
{
	vm_log(&x, &x, 1);
	return x;
}

void vm_tanh_bwd(const double *y, const double *g, double *dx, size_t n)
{
	vm()->tanh_bwd(y, g, dx, n);
}

void vm_sigmoid_bwd(const double *y, const double *g, double *dx, size_t n)
{
	vm()->sigmoid_bwd(y, g, dx, n);
}
