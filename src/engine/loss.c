/* loss.c — mse, softmax cross-entropy and binary cross-entropy. */
#include "loss.h"
#include <math.h>
#include <string.h>

const char *loss_name(loss_kind k)
{
	static const char *names[] = { "mse", "ce", "bce" };
	return names[k];
}

int loss_parse(const char *s, loss_kind *k)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, loss_name((loss_kind)i))) {
			*k = (loss_kind)i;
			return 0;
		}
	return -1;
}

static double mse(const double *out, const double *y, int N, int K, double *dout)
{
	/* four partial sums, of the terms i mod 4, added as (s0 + s1) + (s2 + s3): a fixed order
	 * (the same bits on every machine) without a chain of M dependent additions */
	size_t M = (size_t)N * (size_t)K, i = 0;
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0, c = 2.0 / N;
	for (; i + 4 <= M; i += 4) {
		double e0 = out[i] - y[i], e1 = out[i + 1] - y[i + 1];
		double e2 = out[i + 2] - y[i + 2], e3 = out[i + 3] - y[i + 3];
		s0 += e0 * e0;
		s1 += e1 * e1;
		s2 += e2 * e2;
		s3 += e3 * e3;
		if (dout) {
			dout[i] = c * e0;
			dout[i + 1] = c * e1;
			dout[i + 2] = c * e2;
			dout[i + 3] = c * e3;
		}
	}
	double t[3] = { 0, 0, 0 }; /* the last 1-3 terms, into s0, s1, s2 (+0 changes no sum) */
	for (int k = 0; i < M; i++, k++) {
		double e = out[i] - y[i];
		t[k] = e * e;
		if (dout)
			dout[i] = c * e;
	}
	s0 += t[0];
	s1 += t[1];
	s2 += t[2];
	return ((s0 + s1) + (s2 + s3)) / N;
}

/* a class index stored as a double: -1 when it is not an integer in [0, K) */
static int class_of(double v, int K)
{
	if (!(v >= 0 && v < K) || v != floor(v))
		return -1;
	return (int)v;
}

static double ce(layer_kind last, const double *out, const double *y, int N, int K,
		 double *dout)
{
	double s = 0;
	for (int n = 0; n < N; n++) {
		const double *o = out + (size_t)n * K;
		double *d = dout ? dout + (size_t)n * K : NULL;
		int c = class_of(y[n], K);
		if (c < 0)
			return NAN;
		if (last == LAYER_SOFTMAX) { /* o holds probabilities */
			double p = o[c] > 1e-300 ? o[c] : 1e-300;
			s -= log(p);
			if (d) {
				for (int k = 0; k < K; k++)
					d[k] = 0;
				d[c] = -1.0 / (N * p);
			}
			continue;
		}
		double mx = o[0], z = 0;
		for (int k = 1; k < K; k++)
			if (o[k] > mx)
				mx = o[k];
		/* e_k = exp(o_k − mx), kept in d (when there is one) for the gradient:
		 * softmax_k = e_k / z */
		for (int k = 0; k < K; k++) {
			double e = exp(o[k] - mx);
			z += e;
			if (d)
				d[k] = e;
		}
		s += mx + log(z) - o[c];
		if (d) {
			double r = 1.0 / (z * N);
			for (int k = 0; k < K; k++)
				d[k] *= r;
			d[c] -= 1.0 / N;
		}
	}
	return s / N;
}

static double bce(layer_kind last, const double *out, const double *y, int N, int K,
		  double *dout)
{
	size_t M = (size_t)N * (size_t)K;
	double s = 0, inv = 1.0 / (double)M;
	for (size_t i = 0; i < M; i++) {
		double t = y[i];
		if (last == LAYER_SIGMOID) { /* probabilities; logs clamped at -100 as PyTorch does */
			double p = out[i];
			double lp = p > 0 ? fmax(log(p), -100) : -100;
			double lq = p < 1 ? fmax(log1p(-p), -100) : -100;
			s -= t * lp + (1 - t) * lq;
			if (dout) {
				double den = fmax(p * (1 - p), 1e-12);
				dout[i] = (p - t) / den * inv;
			}
		} else { /* logits, the stable form max(z,0) − z t + log(1 + e^−|z|) */
			double z = out[i];
			s += fmax(z, 0) - z * t + log1p(exp(-fabs(z)));
			if (dout)
				dout[i] = (1.0 / (1.0 + exp(-z)) - t) * inv;
		}
	}
	return s * inv;
}

double loss_eval(loss_kind kind, layer_kind last, const double *out, const double *y, int N,
		 int K, double *dout)
{
	switch (kind) {
	case LOSS_CE:
		return ce(last, out, y, N, K, dout);
	case LOSS_BCE:
		return bce(last, out, y, N, K, dout);
	case LOSS_MSE:
	default:
		return mse(out, y, N, K, dout);
	}
}

int loss_correct(loss_kind kind, layer_kind last, const double *out, const double *y, int N,
		 int K)
{
	int ok = 0;
	if (kind == LOSS_MSE)
		return -1;
	for (int n = 0; n < N; n++) {
		const double *o = out + (size_t)n * K;
		if (kind == LOSS_CE) {
			int best = 0;
			for (int k = 1; k < K; k++)
				if (o[k] > o[best])
					best = k;
			ok += best == class_of(y[n], K);
		} else {
			int all = 1;
			for (int k = 0; k < K; k++) {
				double th = last == LAYER_SIGMOID ? 0.5 : 0.0;
				all &= (o[k] > th) == (y[(size_t)n * K + k] > 0.5);
			}
			ok += all;
		}
	}
	return ok;
}
