/* net.c — building networks: layers, the parameter block, copies, workspaces, names and
 * initial weights.  Running them (kernels, forward, backward) is dense.c. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "net.h"
#include "net_impl.h"
#include "rng.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void net_init(net *nt)
{
	memset(nt, 0, sizeof *nt);
	nt->loss = LOSS_MSE;
}

void net_clear(net *nt)
{
	for (int i = 0; i < nt->n; i++) {
		tensor_free(&nt->L[i].y);
		tensor_free(&nt->L[i].g);
	}
	free(nt->L);
	free(nt->params);
	free(nt->grads);
	loss_kind loss = nt->loss;
	net_init(nt);
	nt->loss = loss;
}

void net_free(net *nt) { net_clear(nt); }

int net_in(const net *nt) { return nt->n ? nt->L[0].in : 0; }
int net_out(const net *nt) { return nt->n ? nt->L[nt->n - 1].out : 0; }

/* the one list of the layer kinds' names, in layer_kind's order */
static const char *const layer_kind_names[LAYER_KINDS] = { "dense", "relu", "sigmoid", "tanh", "leaky_relu", "softmax" };

const char *layer_kind_name(layer_kind k) { return layer_kind_names[k]; }

int layer_kind_parse(const char *name, layer_kind *k)
{
	for (int i = 0; i < LAYER_KINDS; i++)
		if (!strcmp(name, layer_kind_names[i])) {
			*k = (layer_kind)i;
			return 0;
		}
	return -1;
}

/* Point every dense layer's W, b, dW, db views into the parameter blocks. */
static void net_fix_views(net *nt)
{
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		l->W = (tensor){ 2, l->in, l->out, nt->params + l->off_W };
		l->b = (tensor){ 1, 1, l->out, nt->params + l->off_b };
		l->dW = (tensor){ 2, l->in, l->out, nt->grads + l->off_W };
		l->db = (tensor){ 1, 1, l->out, nt->grads + l->off_b };
	}
}

static int net_push(net *nt, layer *l)
{
	if (nt->n == nt->cap) {
		int cap = nt->cap ? 2 * nt->cap : 8;
		layer *L = realloc(nt->L, (size_t)cap * sizeof *L);
		if (!L)
			return -1;
		nt->L = L;
		nt->cap = cap;
	}
	nt->L[nt->n++] = *l;
	nt->N = 0; /* workspaces of the new layer are empty: the next forward reserves them */
	return 0;
}

int net_add_dense(net *nt, int in, int out, char *err, size_t errn)
{
	if (nt->n && net_out(nt) != in) {
		snprintf(err, errn, "IN is %d but the previous layer outputs %d", in, net_out(nt));
		return -1;
	}
	if (in < 1 || out < 1) {
		snprintf(err, errn, "sizes must be at least 1 (got %d, %d)", in, out);
		return -1;
	}
	size_t add = (size_t)in * (size_t)out + (size_t)out;
	size_t P = nt->P + add;
	double *p = dbl_grow(nt->params, nt->P + PAD, P + PAD);
	if (!p) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	nt->params = p;
	double *g = dbl_grow(nt->grads, nt->P + PAD, P + PAD);
	if (!g) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	nt->grads = g;
	memset(nt->params + nt->P, 0, (add + PAD) * sizeof *p);
	memset(nt->grads + nt->P, 0, (add + PAD) * sizeof *g);
	layer l = { .kind = LAYER_DENSE, .in = in, .out = out, .k = nt->ndense + 1 };
	l.off_W = nt->P;
	l.off_b = nt->P + (size_t)in * (size_t)out;
	if (net_push(nt, &l)) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	nt->P = P;
	nt->ndense++;
	net_fix_views(nt);
	return 0;
}

int net_add_act(net *nt, layer_kind kind, double alpha, char *err, size_t errn)
{
	if (!nt->n) {
		snprintf(err, errn, "an activation needs a layer before it: add 'layer dense IN OUT' first");
		return -1;
	}
	layer l = { .kind = kind, .in = net_out(nt), .out = net_out(nt), .alpha = alpha,
		    .k = nt->ndense };
	if (net_push(nt, &l)) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	net_fix_views(nt);
	return 0;
}

int net_clone(net *dst, const net *src)
{
	net_init(dst);
	dst->loss = src->loss;
	if (!src->n)
		return 0;
	dst->L = malloc((size_t)src->cap * sizeof *dst->L);
	dst->params = dbl_zalloc(src->P + PAD);
	dst->grads = dbl_zalloc(src->P + PAD);
	if (!dst->L || !dst->params || !dst->grads) {
		free(dst->L);
		free(dst->params);
		free(dst->grads);
		net_init(dst);
		return -1;
	}
	memcpy(dst->L, src->L, (size_t)src->n * sizeof *dst->L);
	memcpy(dst->params, src->params, src->P * sizeof(double));
	memcpy(dst->grads, src->grads, src->P * sizeof(double));
	dst->n = src->n;
	dst->cap = src->cap;
	dst->ndense = src->ndense;
	dst->P = src->P;
	for (int i = 0; i < dst->n; i++) {
		dst->L[i].y = (tensor){ 2, 0, dst->L[i].out, NULL };
		dst->L[i].g = (tensor){ 2, 0, dst->L[i].out, NULL };
		dst->L[i].ycap = 0;
	}
	net_fix_views(dst);
	return 0;
}

void net_copy_params(net *dst, const net *src)
{
	memcpy(dst->params, src->params, src->P * sizeof(double));
}

int net_reserve(net *nt, int N)
{
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		int pad = (PAD + l->out - 1) / l->out; /* rows of slack for the kernels */
		/* rows only grow: a smaller batch (the monitor's test set) leaves room for the larger,
		 * so that reserving again allocates nothing and fm_step's scratch stays there */
		if (N > l->ycap || !l->y.v || !l->g.v) {
			l->y.rows = l->g.rows = l->ycap;
			if (tensor_reshape(&l->y, 2, N + pad, l->out) || tensor_reshape(&l->g, 2, N + pad, l->out))
				return -1;
			l->ycap = N;
		}
		memset(l->y.v + (size_t)N * l->out, 0, (size_t)pad * l->out * sizeof(double));
		memset(l->g.v + (size_t)N * l->out, 0, (size_t)pad * l->out * sizeof(double));
		l->y.rows = l->g.rows = N;
	}
	nt->N = N;
	return 0;
}

tensor *net_param(net *nt, const char *name)
{
	int grad = 0;
	if (name[0] == 'd' && (name[1] == 'W' || name[1] == 'b')) {
		grad = 1;
		name++;
	}
	if ((name[0] != 'W' && name[0] != 'b') || !name[1])
		return NULL;
	char *end;
	long k = strtol(name + 1, &end, 10);
	if (*end || k < 1 || name[1] == '0' || name[1] == '+' || name[1] == '-')
		return NULL;
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE && l->k == k) {
			if (name[0] == 'W')
				return grad ? &l->dW : &l->W;
			return grad ? &l->db : &l->b;
		}
	}
	return NULL;
}

int net_output(const net *nt, const char *name, tensor *view)
{
	if (!nt->n || !nt->N)
		return -1;
	const layer *hit = NULL;
	if (!strcmp(name, "out")) {
		hit = &nt->L[nt->n - 1];
	} else if ((name[0] == 'z' || name[0] == 'h') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long k = strtol(name + 1, &end, 10);
		if (*end)
			return -1;
		/* zk: dense k's output; hk: the last activation that follows dense k */
		for (int i = 0; i < nt->n; i++) {
			const layer *l = &nt->L[i];
			if (l->k != k)
				continue;
			if (name[0] == 'z' && l->kind == LAYER_DENSE)
				hit = l;
			if (name[0] == 'h' && l->kind != LAYER_DENSE)
				hit = l;
		}
	}
	if (!hit || !hit->y.v)
		return -1;
	*view = (tensor){ 2, nt->N, hit->out, hit->y.v };
	return 0;
}

int net_init_weights(net *nt, const char *scheme, double std, rng *r)
{
	for (int i = 0; i < nt->n; i++) {
		layer *l = &nt->L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		double s;
		size_t n = tensor_size(&l->W);
		if (!strcmp(scheme, "he"))
			s = std > 0 ? std : sqrt(2.0 / l->in);
		else if (!strcmp(scheme, "xavier"))
			s = std > 0 ? std : sqrt(2.0 / (l->in + l->out));
		else if (!strcmp(scheme, "normal") || !strcmp(scheme, "uniform"))
			s = std > 0 ? std : 0.01;
		else if (!strcmp(scheme, "zeros"))
			s = 0;
		else
			return -1;
		for (size_t j = 0; j < n; j++) {
			if (!strcmp(scheme, "uniform")) /* uniform with standard deviation s */
				l->W.v[j] = (2 * rng_uniform(r) - 1) * s * sqrt(3.0);
			else
				l->W.v[j] = s ? s * rng_normal(r) : 0;
		}
		memset(l->b.v, 0, (size_t)l->out * sizeof(double));
	}
	return 0;
}
