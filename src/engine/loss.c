/* loss.c — mse, softmax cross-entropy and binary cross-entropy (exp and log from vmath.c: the
 * same bits on every machine). */
#include "loss.h"
#include "kern/simd.h"
#include "net_impl.h"
#include "vmath.h"
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

/* doubles of scratch on the stack for the vector functions' arrays */
enum { CH = 256 };

static double mse(const double *out, const double *y, int N, int K, double *dout)
{
	/* four partial sums, of the terms i mod 4, added in the batch sums' order (BATCH_SUM): a
	 * fixed order (the same bits on every machine) without a chain of M dependent additions */
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
	return BATCH_SUM(s0, s1, s2, s3) / N;
}

/* a class index stored as a double: -1 when it is not an integer in [0, K) */
static int class_of(double v, int K)
{
	if (!(v >= 0 && v < K) || v != floor(v))
		return -1;
	return (int)v;
}

/* Σ_k e^(o_k − mx) over a row of K > CH logits, in order, without a row of scratch */
static double sum_exp_wide(const double *o, double mx, int K)
{
	double t[CH], z = 0;
	for (int k0 = 0; k0 < K; k0 += CH) {
		int kk = K - k0 < CH ? K - k0 : CH;
		for (int k = 0; k < kk; k++)
			t[k] = o[k0 + k] - mx;
		vm_exp(t, t, (size_t)kk);
		for (int k = 0; k < kk; k++)
			z += t[k];
	}
	return z;
}

/* ce on logits o (N, K): J = 1/N Σ_n (mx_n + log Σ_k e^(o_nk − mx_n) − o_n[c_n]), mx_n the row's
 * largest; d (N, K) or NULL receives dJ/do = (softmax(o_n) − onehot(c_n)) / N.  Rows in blocks
 * of RB: e = e^(o − mx) for a block in one call (in d, or in scratch), the logs of the row sums
 * in one call. */
static double ce_logits(const double *out, const double *y, int N, int K, double *dout)
{
	enum { RB = 64 };
	double buf[CH], mx[RB], z[RB], lz[RB], s = 0, invN = 1.0 / N;
	int R = dout || K > CH ? RB : CH / K < RB ? CH / K : RB;
	for (int n0 = 0; n0 < N; n0 += R) {
		int nr = N - n0 < R ? N - n0 : R;
		double *e = dout ? dout + (size_t)n0 * K : buf;
		for (int i = 0; i < nr; i++) {
			const double *o = out + (size_t)(n0 + i) * K;
			if (class_of(y[n0 + i], K) < 0)
				return NAN;
			double m = o[0];
			for (int k = 1; k < K; k++)
				if (o[k] > m)
					m = o[k];
			mx[i] = m;
			if (!dout && K > CH)
				z[i] = sum_exp_wide(o, m, K);
			else
				for (int k = 0; k < K; k++)
					e[(size_t)i * K + k] = o[k] - m;
		}
		if (dout || K <= CH) {
			vm_exp(e, e, (size_t)nr * K);
			for (int i = 0; i < nr; i++) {
				double zi = 0;
				for (int k = 0; k < K; k++)
					zi += e[(size_t)i * K + k];
				z[i] = zi;
			}
		}
		vm_log(z, lz, (size_t)nr);
		for (int i = 0; i < nr; i++) {
			const double *o = out + (size_t)(n0 + i) * K;
			int c = class_of(y[n0 + i], K);
			s += mx[i] + lz[i] - o[c];
			if (dout) {
				double *d = e + (size_t)i * K, r = 1.0 / (z[i] * N);
				for (int k = 0; k < K; k++)
					d[k] *= r;
				d[c] -= invN;
			}
		}
	}
	return s / N;
}

/* ce on probabilities p (N, K) that did not come from the last softmax forward (whose logits
 * ce_logits takes): J = −1/N Σ log p[c] (p clamped at 1e-300), and d = (p − onehot) / N, the
 * gradient with respect to the softmax's input, as ce_logits gives */
static double ce_probs(const double *out, const double *y, int N, int K, double *dout)
{
	double s = 0;
	for (int n = 0; n < N; n++) {
		const double *o = out + (size_t)n * K;
		int c = class_of(y[n], K);
		if (c < 0)
			return NAN;
		s -= vm_log1(o[c] > 1e-300 ? o[c] : 1e-300);
		if (dout) {
			double *d = dout + (size_t)n * K;
			for (int k = 0; k < K; k++)
				d[k] = o[k] / N;
			d[c] -= 1.0 / N;
		}
	}
	return s / N;
}

static double ce(layer_kind last, const double *out, const double *y, int N, int K,
		 double *dout)
{
	if (last != LAYER_SOFTMAX)
		return ce_logits(out, y, N, K, dout);
	const double *logits = net_softmax_logits(out, N, K);
	return logits ? ce_logits(logits, y, N, K, dout) : ce_probs(out, y, N, K, dout);
}

static double bce(layer_kind last, const double *out, const double *y, int N, int K,
		  double *dout)
{
	size_t M = (size_t)N * (size_t)K;
	double s = 0, inv = 1.0 / (double)M, a[CH], b[CH];
	for (size_t i0 = 0; i0 < M; i0 += CH) {
		size_t m = M - i0 < CH ? M - i0 : CH;
		const double *o = out + i0, *t = y + i0;
		double *d = dout ? dout + i0 : NULL;
		if (last == LAYER_SIGMOID) { /* probabilities; logs clamped at -100 as PyTorch does */
			for (size_t i = 0; i < m; i++)
				b[i] = -o[i];
			vm_log(o, a, m);   /* log p: −inf at 0, nan below (clamped to −100 alike) */
			vm_log1p(b, b, m); /* log(1 − p) */
			for (size_t i = 0; i < m; i++) {
				double p = o[i], lp = fmax(a[i], -100), lq = fmax(b[i], -100);
				s -= t[i] * lp + (1 - t[i]) * lq;
				if (d) {
					double den = fmax(p * (1 - p), 1e-12);
					d[i] = (p - t[i]) / den * inv;
				}
			}
		} else { /* logits, the stable form max(z,0) − z t + log(1 + e^−|z|) */
			for (size_t i = 0; i < m; i++)
				a[i] = -fabs(o[i]);
			vm_exp(a, a, m);
			vm_log1p(a, a, m);
			if (d)
				vm_sigmoid(o, b, m);
			for (size_t i = 0; i < m; i++) {
				double z = o[i];
				s += fmax(z, 0) - z * t[i] + a[i];
				if (d)
					d[i] = (b[i] - t[i]) * inv;
			}
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
