/* stab.c — the pure maths of stability: the learning-rate bound of gradient descent on a
 * linear model, and the one definition of "the loss is growing" (the pane's banner, the
 * sweep of 'plot lr').  No text: the language's diagnosis words it. */
#include "stab.h"
#include <math.h>
#include <stddef.h>

#define STAB_MAXD 64 /* inputs considered for the bound: (D+1)² doubles on the stack */

double stab_lr_bound(const double *x, int N, int D)
{
	if (D < 1 || D + 1 > STAB_MAXD || N < 1)
		return 0;
	int M = D + 1;
	double A[STAB_MAXD * STAB_MAXD] = { 0 }, v[STAB_MAXD], w[STAB_MAXD];
	/* A (M, M) = (2/N) X̃ᵀX̃ */
	for (int n = 0; n < N; n++)
		for (int i = 0; i < M; i++) {
			double xi = i < D ? x[(size_t)n * D + i] : 1;
			for (int j = 0; j < M; j++)
				A[i * M + j] += (j < D ? x[(size_t)n * D + j] : 1) * xi;
		}
	for (int i = 0; i < M * M; i++)
		A[i] *= 2.0 / N;
	/* λmax by power iteration: A is symmetric positive semi-definite */
	for (int i = 0; i < M; i++)
		v[i] = 1;
	double lam = 0;
	for (int it = 0; it < 500; it++) {
		double norm = 0;
		for (int i = 0; i < M; i++) {
			w[i] = 0;
			for (int j = 0; j < M; j++)
				w[i] += A[i * M + j] * v[j];
			norm += w[i] * w[i];
		}
		norm = sqrt(norm);
		if (!(norm > 0) || !isfinite(norm))
			return 0;
		for (int i = 0; i < M; i++)
			v[i] = w[i] / norm;
		if (fabs(norm - lam) <= 1e-12 * norm)
			break;
		lam = norm;
	}
	return 2.0 / lam;
}

int stab_growing(const lhist *h, double *factor, long *span)
{
	int n = h->n, win = h->n / 20;
	if (win < 8)
		win = 8;
	if (n < win)
		return 0;
	int tail = win / 4;
	double lo = INFINITY, tail_lo = INFINITY;
	for (int i = n - win; i < n; i++) {
		lo = fmin(lo, h->lo[i]);
		if (i >= n - tail)
			tail_lo = fmin(tail_lo, h->lo[i]);
	}
	if (!(lo > 0) || !(tail_lo > 10 * lo))
		return 0;
	*factor = tail_lo / lo;
	*span = (long)win * h->stride;
	return 1;
}

int stab_worse(double start, double final)
{
	return !(final <= 10 * start);
}
