/* check.h — a tiny test harness: CHECK(cond, …) counts failures and says where. */
#ifndef DL_CHECK_H
#define DL_CHECK_H
#include <math.h>
#include <stdio.h>

static int check_failed, check_run;

#define CHECK(cond, ...)                                                              \
	do {                                                                          \
		check_run++;                                                          \
		if (!(cond)) {                                                        \
			check_failed++;                                               \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                 \
			fputc('\n', stderr);                                          \
		}                                                                     \
	} while (0)

#define CHECK_NEAR(a, b, tol) \
	CHECK(fabs((double)(a) - (double)(b)) <= (tol), "%.17g vs %.17g (tol %g)", (double)(a), (double)(b), (double)(tol))

static inline int check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_run, check_failed);
	return check_failed ? 1 : 0;
}

#endif
