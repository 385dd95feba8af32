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

int stab_layer_health(const net *nt, int i, int *bad, int *units)
{
	if (i < 1 || i >= nt->n || !nt->N || !nt->L[i - 1].y.v)
		return -1;
	const layer *l = &nt->L[i];
	double lim;
	switch (l->kind) {
	case LAYER_RELU: case LAYER_LEAKY_RELU: lim = 0; break;
	case LAYER_SIGMOID: lim = 4; break;  /* σ' < 0.018 beyond |z| = 4 */
	case LAYER_TANH: lim = 2.5; break;   /* tanh' < 0.027 beyond |z| = 2.5 */
	default: return -1;
	}
	const double *z = nt->L[i - 1].y.v; /* (N, W) */
	int N = nt->N, W = l->in, count = 0;
	for (int u = 0; u < W; u++) {
		int hit = 0;
		for (int n = 0; n < N; n++) {
			double v = z[(size_t)n * W + u];
			hit += lim == 0 ? v <= 0 : fabs(v) > lim;
		}
		count += lim == 0 ? hit == N : hit >= 0.9 * N;
	}
	*bad = count;
	*units = W;
	return 0;
}

int stab_stuck(const net *nt, int *layer)
{
	for (int i = 1; i < nt->n; i++) {
		int bad, units;
		/* a leaky ReLU below 0 still passes alpha of the gradient: not stuck */
		if (nt->L[i].kind == LAYER_LEAKY_RELU || stab_layer_health(nt, i, &bad, &units) || bad < units)
			continue;
		*layer = i;
		return nt->L[i].kind == LAYER_RELU ? 1 : 2;
	}
	return 0;
}
