/* optim.c — sgd, momentum, nesterov, rmsprop, adam, as torch.optim computes them. */
#include "optim.h"
#include "kern/cpu.h"
#include "tensor.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *names[] = { "sgd", "momentum", "nesterov", "rmsprop", "adam" };

const char *optim_name(optim_kind k) { return names[k]; }

int optim_uses_m(optim_kind k) { return k == OPT_MOMENTUM || k == OPT_NESTEROV || k == OPT_ADAM; }
int optim_uses_v(optim_kind k) { return k == OPT_RMSPROP || k == OPT_ADAM; }

int optim_parse(const char *s, optim_kind *k)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			*k = (optim_kind)i;
			return 0;
		}
	return -1;
}

void optim_init(optim *o, optim_kind kind)
{
	memset(o, 0, sizeof *o);
	o->kind = kind;
	o->momentum = 0.9;
	o->alpha = 0.99;
	o->beta1 = 0.9;
	o->beta2 = 0.999;
	o->eps = 1e-8;
}

void optim_init_like(optim *o, const optim *src)
{
	optim_init(o, src->kind);
	o->momentum = src->momentum;
	o->alpha = src->alpha;
	o->beta1 = src->beta1;
	o->beta2 = src->beta2;
	o->eps = src->eps;
}

int optim_copy(optim *o, const optim *src)
{
	optim_init_like(o, src);
	if (!src->P || !src->m)
		return 0;
	if (optim_reserve(o, src->P))
		return -1;
	memcpy(o->m, src->m, src->P * sizeof *o->m);
	memcpy(o->v, src->v, src->P * sizeof *o->v);
	o->t = src->t;
	return 0;
}

void optim_free(optim *o)
{
	free(o->m);
	free(o->v);
	o->m = o->v = NULL;
	o->P = 0;
	o->t = 0;
}

void optim_reset(optim *o)
{
	o->t = 0;
	if (o->m)
		memset(o->m, 0, o->P * sizeof(double));
	if (o->v)
		memset(o->v, 0, o->P * sizeof(double));
}

int optim_reserve(optim *o, size_t P)
{
	if (o->P == P && o->m)
		return 0;
	optim_free(o);
	o->m = dbl_zalloc(P);
	o->v = dbl_zalloc(P);
	if (!o->m || !o->v) {
		optim_free(o);
		return -1;
	}
	o->P = P;
	return 0;
}

/* plain SGD, p −= lr·g, with or without keeping the old p: the training loop's hot path, in
 * vectors of 4 when the kernels run their AVX2 copy (a multiply, then a subtraction: the same
 * bits as the scalar loop, which does the rest).  Returns how many elements it did. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SGD_VEC 1
typedef double v4d __attribute__((vector_size(32), aligned(8), may_alias));

__attribute__((target("avx2"))) static size_t sgd_avx2(double *p, const double *g, double *prev, double lr,
							 size_t P)
{
	v4d l = { lr, lr, lr, lr };
	size_t i = 0;
	if (prev)
		for (; i + 4 <= P; i += 4) {
			v4d x = *(v4d *)(p + i);
			*(v4d *)(prev + i) = x;
			*(v4d *)(p + i) = x - l * *(const v4d *)(g + i);
		}
	else
		for (; i + 4 <= P; i += 4)
			*(v4d *)(p + i) = *(v4d *)(p + i) - l * *(const v4d *)(g + i);
	return i;
}
#endif

void optim_step(optim *o, double lr, double *p, const double *g, size_t P)
{
	optim_step_keep(o, lr, p, g, P, NULL);
}

void optim_step_keep(optim *o, double lr, double *p, const double *g, size_t P, double *prev)
{
	double *m = o->m, *v = o->v;
	o->t++;
	if (o->kind == OPT_SGD) {
		size_t i = 0;
#ifdef SGD_VEC
		if (kern_avx2())
			i = sgd_avx2(p, g, prev, lr, P);
#endif
		for (; i < P; i++) {
			if (prev)
				prev[i] = p[i];
			p[i] -= lr * g[i];
		}
		return;
	}
	if (prev)
		memcpy(prev, p, P * sizeof *prev);
	switch (o->kind) {
	case OPT_SGD:
		break;
	case OPT_MOMENTUM:
	case OPT_NESTEROV: {
		/* torch: buf = g on the first step, then buf = μ·buf + g (dampening 0);
		 * nesterov steps along g + μ·buf */
		double mu = o->momentum;
		int first = o->t == 1;
		for (size_t i = 0; i < P; i++) {
			m[i] = first ? g[i] : mu * m[i] + g[i];
			double d = o->kind == OPT_NESTEROV ? g[i] + mu * m[i] : m[i];
			p[i] -= lr * d;
		}
		break;
	}
	case OPT_RMSPROP: {
		/* torch: v = α·v + (1 − α)·g²;  p −= lr · g / (√v + eps) */
		double a = o->alpha;
		for (size_t i = 0; i < P; i++) {
			v[i] = a * v[i] + (1 - a) * g[i] * g[i];
			p[i] -= lr * g[i] / (sqrt(v[i]) + o->eps);
		}
		break;
	}
	case OPT_ADAM: {
		/* torch: m, v moving averages; p −= (lr / bc1) · m / (√v / √bc2 + eps) */
		double b1 = o->beta1, b2 = o->beta2;
		double bc1 = 1 - pow(b1, (double)o->t), bc2 = 1 - pow(b2, (double)o->t);
		double step = lr / bc1, sbc2 = sqrt(bc2);
		for (size_t i = 0; i < P; i++) {
			m[i] = b1 * m[i] + (1 - b1) * g[i];
			v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
			p[i] -= step * m[i] / (sqrt(v[i]) / sbc2 + o->eps);
		}
		break;
	}
	}
}
