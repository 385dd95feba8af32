/* test_vmath.c — the engine's exp, tanh, sigmoid, log and log1p (src/engine/vmath.c):
 *   - accuracy: at most 1 ulp from long double references (80-bit: 11 bits more than a double;
 *     glibc's expl, tanhl, logl and log1pl are within a few of their own ulps), over about a
 *     million arguments each: spread over the whole range by random exponents, dense around
 *     where the methods change and where results overflow, underflow or go subnormal;
 *   - the edges exactly: ±0, subnormals, the overflow and underflow thresholds, ±inf, nan;
 *   - the same bits from every copy the CPU runs (the baseline, its fused multiply-add emulated;
 *     AVX2 with FMA; AVX-512) on every one of those arguments, and from whole vectors and ragged
 *     tails.
 * Prints the largest error seen for each function. */
#include "check.h"
#include "../src/engine/kern/cpu.h"
#include "../src/engine/vmath.h"
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { NARG = 1 << 20 };

typedef void (*vm_fn)(const double *x, double *y, size_t n);
typedef struct fn {
	const char *name;
	vm_fn f;
	long double (*ref)(long double);
	double lo, hi;      /* the interesting range for dense sampling */
	double breaks[8];   /* where the method or the result's range changes (0-terminated) */
} fn;

static long double sigl(long double x) { return 1.0L / (1.0L + expl(-x)); }

static const fn fns[] = {
	{ "exp", vm_exp, expl, -746, 710, { 0.3466, -0.3466, 708.39, 709.78, -708.39, -745.13, -744.44 } },
	{ "tanh", vm_tanh, tanhl, -25, 25, { 0.1733, -0.1733, 0.5199, 19.06, 20, -20, 1e-8 } },
	{ "sigmoid", vm_sigmoid, sigl, -750, 750, { 36.7, -36.7, 709, -708.4, -745.1, -744.4 } },
	{ "log", vm_log, logl, 0, 4, { 1, 0.7071, 1.4142, 2, 0.5, DBL_MIN } },
	{ "log1p", vm_log1p, log1pl, -1, 3, { 0, -0.2929, 0.4142, 1, -0.5, -1 + 0x1p-30 } },
};

static uint64_t rs = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) /* xorshift64* */
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ull;
}
static double unif(void) { return (double)(rnd() >> 11) * 0x1p-53; }

static double from_bits(uint64_t b)
{
	double d;
	memcpy(&d, &b, sizeof d);
	return d;
}

static uint64_t bits_of(double d)
{
	uint64_t b;
	memcpy(&b, &d, sizeof b);
	return b;
}

/* a quarter random bit patterns of finite doubles, a quarter uniform over [lo, hi], half within a
 * few thousand ulps and within 1e-3 of the breaks */
static void fill_args(const fn *f, double *x, size_t n)
{
	int nb = 0;
	while (nb < 8 && f->breaks[nb] != 0)
		nb++;
	for (size_t i = 0; i < n; i++) {
		uint64_t r = rnd();
		switch (i & 3) {
		case 0: { /* any finite double, both signs */
			uint64_t b = rnd() & 0x7fefffffffffffffull;
			if (!(r & 1))
				b &= 0x40ffffffffffffffull; /* and many of moderate size */
			x[i] = from_bits(b | (r & 2 ? 0x8000000000000000ull : 0));
			break;
		}
		case 1:
			x[i] = f->lo + (f->hi - f->lo) * unif();
			break;
		default: {
			double b = f->breaks[r % (uint64_t)(nb ? nb : 1)];
			if (r & 256)
				x[i] = b + (unif() - 0.5) * 2e-3 * (fabs(b) > 1 ? fabs(b) : 1);
			else
				x[i] = from_bits(bits_of(b) + (int64_t)(rnd() % 8192) - 4096);
			break;
		}
		}
	}
}

/* |y − ref| in units in the last place of ref rounded to double */
static double ulps(double y, long double ref)
{
	double d = (double)ref;
	if (isnan(d) || isinf(d))
		return isnan(d) ? (isnan(y) ? 0 : 1e9) : (y == d ? 0 : 1e9);
	if (isinf(y) || isnan(y))
		return 1e9;
	int e = d == 0 ? -1074 : ilogb(d) - 52;
	if (e < -1074)
		e = -1074;
	return (double)(fabsl((long double)y - ref) / ldexpl(1.0L, e));
}

static int same(double a, double b)
{
	return (a != a && b != b) || !memcmp(&a, &b, sizeof a);
}

static void accuracy(const fn *f, double *x, double *y, double *yg)
{
	fill_args(f, x, NARG);
	f->f(x, y, NARG);
	double worst = 0, at = 0, worstn = 0; /* worstn: where the result is a normal number */
	for (size_t i = 0; i < NARG; i++) {
		long double ref = f->ref((long double)x[i]);
		double u = ulps(y[i], ref);
		if (u > worst) {
			worst = u;
			at = x[i];
		}
		if (fabsl(ref) >= DBL_MIN && u > worstn)
			worstn = u;
	}
	printf("  %-7s max error %.3f ulp (at %.17g; %.3f where the result is normal) over %d "
	       "arguments\n", f->name, worst, at, worstn, NARG);
	CHECK(worst <= 1.0, "%s: %.3f ulp at %.17g", f->name, worst, at);
	/* every other copy this CPU runs: the same bits */
	for (int c = VM_GENERIC; c <= VM_AVX512; c++) {
		if (!vm_has_copy(c))
			continue;
		vm_force_copy(c);
		f->f(x, yg, NARG);
		vm_force_copy(VM_AUTO);
		size_t bad = 0, first = 0;
		for (size_t i = 0; i < NARG; i++)
			if (!same(y[i], yg[i]) && !bad++)
				first = i;
		CHECK(bad == 0, "%s: %zu results of copy %d differ, first at %.17g: %a vs %a",
		      f->name, bad, c, x[first], y[first], yg[first]);
	}
	/* ragged lengths give what whole vectors give */
	for (size_t n = 1; n <= 9; n++) {
		double t[9];
		f->f(x + 100, t, n);
		int ok = 1;
		for (size_t i = 0; i < n; i++)
			ok &= same(t[i], y[100 + i]);
		CHECK(ok, "%s: a run of %zu differs", f->name, n);
	}
}

/* exact values at the edges */
static double one(vm_fn f, double x)
{
	f(&x, &x, 1);
	return x;
}
#define IS(f, x, want) CHECK(same(one(f, x), want), #f "(%a) = %a, want %a", (double)(x), one(f, x), (double)(want))

static void edges(void)
{
	const double inf = INFINITY, nan = NAN, dmin = DBL_MIN, sub = 0x1p-1060, tiny = 0x1p-1074;
	IS(vm_exp, 0.0, 1.0);
	IS(vm_exp, -0.0, 1.0);
	IS(vm_exp, inf, inf);
	IS(vm_exp, -inf, 0.0);
	CHECK(isnan(one(vm_exp, nan)), "exp(nan)");
	IS(vm_exp, 1.0, 0x1.5bf0a8b145769p+1);
	IS(vm_exp, 709.782712893384, 0x1.fffffffffff2ap+1023); /* the largest finite */
	IS(vm_exp, 709.7827128933841, inf);
	IS(vm_exp, 710.0, inf);
	IS(vm_exp, 1e300, inf);
	IS(vm_exp, -745.1332191019411, tiny); /* just above ln(2^-1075): the least subnormal */
	IS(vm_exp, -745.1332191019412, 0.0);
	IS(vm_exp, -746.0, 0.0);
	IS(vm_exp, -1e300, 0.0);
	IS(vm_exp, -708.3964185322641, 0x1.000000000007cp-1022);
	IS(vm_exp, sub, 1.0);
	IS(vm_exp, -sub, 1.0);
	IS(vm_tanh, 0.0, 0.0);
	IS(vm_tanh, -0.0, -0.0);
	IS(vm_tanh, sub, sub);
	IS(vm_tanh, -tiny, -tiny);
	IS(vm_tanh, dmin, dmin);
	IS(vm_tanh, inf, 1.0);
	IS(vm_tanh, -inf, -1.0);
	IS(vm_tanh, 1e300, 1.0);
	IS(vm_tanh, -20.0, -1.0);
	IS(vm_tanh, 19.0, 0x1.fffffffffffffp-1);
	CHECK(isnan(one(vm_tanh, nan)), "tanh(nan)");
	IS(vm_sigmoid, 0.0, 0.5);
	IS(vm_sigmoid, -0.0, 0.5);
	IS(vm_sigmoid, inf, 1.0);
	IS(vm_sigmoid, -inf, 0.0);
	IS(vm_sigmoid, 40.0, 1.0);
	IS(vm_sigmoid, -800.0, 0.0);
	IS(vm_sigmoid, -745.1332191019411, tiny);
	IS(vm_sigmoid, sub, 0.5);
	CHECK(isnan(one(vm_sigmoid, nan)), "sigmoid(nan)");
	IS(vm_log, 1.0, 0.0);
	IS(vm_log, 0.0, -inf);
	IS(vm_log, -0.0, -inf);
	IS(vm_log, inf, inf);
	CHECK(isnan(one(vm_log, -1.0)), "log(-1)");
	CHECK(isnan(one(vm_log, -inf)), "log(-inf)");
	CHECK(isnan(one(vm_log, nan)), "log(nan)");
	CHECK(isnan(one(vm_log, -tiny)), "log(-tiny)");
	IS(vm_log, tiny, -0x1.74385446d71c3p+9);
	IS(vm_log, dmin, -0x1.6232bdd7abcd2p+9);
	IS(vm_log, DBL_MAX, 0x1.62e42fefa39efp+9);
	IS(vm_log, 2.0, 0x1.62e42fefa39efp-1);
	IS(vm_log1p, 0.0, 0.0);
	IS(vm_log1p, -0.0, -0.0);
	IS(vm_log1p, sub, sub);
	IS(vm_log1p, -tiny, -tiny);
	IS(vm_log1p, -1.0, -inf);
	IS(vm_log1p, inf, inf);
	IS(vm_log1p, 1.0, 0x1.62e42fefa39efp-1);
	IS(vm_log1p, DBL_MAX, 0x1.62e42fefa39efp+9);
	CHECK(isnan(one(vm_log1p, -2.0)), "log1p(-2)");
	CHECK(isnan(one(vm_log1p, -inf)), "log1p(-inf)");
	CHECK(isnan(one(vm_log1p, nan)), "log1p(nan)");
}

/* the backward formulas, as the loops they replace wrote them */
static void backward(void)
{
	double y[11], g[11], d[11];
	for (int i = 0; i < 11; i++) {
		y[i] = unif() * 2 - 1;
		g[i] = unif() * 4 - 2;
	}
	vm_tanh_bwd(y, g, d, 11);
	int ok = 1;
	for (int i = 0; i < 11; i++)
		ok &= same(d[i], g[i] * (1.0 - y[i] * y[i]));
	CHECK(ok, "tanh backward");
	vm_sigmoid_bwd(y, g, d, 11);
	ok = 1;
	for (int i = 0; i < 11; i++)
		ok &= same(d[i], g[i] * y[i] * (1.0 - y[i]));
	CHECK(ok, "sigmoid backward");
}

/* test_vmath --dump NAME N: N arguments of fill_args for the function NAME and its results, as
 * "x y" in C's hexadecimal notation, exact (tests/vmath_ref.sh checks them against mpmath) */
static int dump(const char *name, const char *count)
{
	long n = strtol(count, NULL, 10);
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		if (strcmp(fns[i].name, name) || n < 1 || n > NARG)
			continue;
		double *x = malloc((size_t)n * sizeof *x), *y = malloc((size_t)n * sizeof *y);
		if (!x || !y) {
			free(x);
			free(y);
			return 99;
		}
		fill_args(&fns[i], x, (size_t)n);
		fns[i].f(x, y, (size_t)n);
		for (long k = 0; k < n; k++)
			printf("%a %a\n", x[k], y[k]);
		free(x);
		free(y);
		return 0;
	}
	fprintf(stderr, "test_vmath: --dump NAME N: NAME one of exp tanh sigmoid log log1p, N 1..%d\n", NARG);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--dump"))
		return dump(argv[2], argv[3]);
	double *x = malloc(NARG * sizeof *x), *y = malloc(NARG * sizeof *y), *yg = malloc(NARG * sizeof *yg);
	if (!x || !y || !yg)
		return 99;
	printf("test_vmath (the %s copy, checked against the baseline%s%s):\n",
	       vm_has_copy(VM_AVX512) ? "AVX-512" : kern_avx2() ? "AVX2" : "baseline",
	       vm_has_copy(VM_AVX2) ? " and AVX2" : "", vm_has_copy(VM_AVX512) ? " and AVX-512" : "");
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
		accuracy(&fns[i], x, y, yg);
	edges();
	backward();
	free(x);
	free(y);
	free(yg);
	return check_done("test_vmath");
}
