/* tensor.c — allocation and small helpers for tensor. */
#include "tensor.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double *dbl_grow(double *old, size_t old_n, size_t n)
{
	if (n > SIZE_MAX / sizeof(double) - 64)
		return NULL;
	size_t bytes = ((n ? n : 1) * sizeof(double) + 63) / 64 * 64;
	double *v = aligned_alloc(64, bytes);
	if (!v)
		return NULL;
	if (old)
		memcpy(v, old, (old_n < n ? old_n : n) * sizeof(double));
	free(old);
	return v;
}

double *dbl_zalloc(size_t n)
{
	double *v = dbl_grow(NULL, 0, n);
	if (v)
		memset(v, 0, (n ? n : 1) * sizeof(double));
	return v;
}

int tensor_alloc(tensor *t, int ndim, int rows, int cols)
{
	size_t n = (size_t)rows * (size_t)cols;
	t->v = dbl_zalloc(n);
	if (!t->v) {
		t->ndim = 1;
		t->rows = t->cols = 0;
		return -1;
	}
	t->ndim = ndim;
	t->rows = rows;
	t->cols = cols;
	return 0;
}

void tensor_free(tensor *t)
{
	free(t->v);
	t->v = NULL;
	t->rows = t->cols = 0;
}

int tensor_reshape(tensor *t, int ndim, int rows, int cols)
{
	size_t want = (size_t)rows * (size_t)cols;
	if (!t->v || want > tensor_size(t)) {
		double *v = dbl_grow(t->v, tensor_size(t), want);
		if (!v)
			return -1;
		t->v = v;
	}
	t->ndim = ndim;
	t->rows = rows;
	t->cols = cols;
	return 0;
}

int tensor_copy(tensor *dst, const tensor *src)
{
	if (tensor_alloc(dst, src->ndim, src->rows, src->cols))
		return -1;
	memcpy(dst->v, src->v, tensor_size(src) * sizeof(double));
	return 0;
}

char *tensor_shape_str(const tensor *t, char *buf, size_t n)
{
	if (t->ndim == 1)
		snprintf(buf, n, "(%d,)", t->cols);
	else
		snprintf(buf, n, "(%d, %d)", t->rows, t->cols);
	return buf;
}

double tensor_norm2(const tensor *t)
{
	double s = 0;
	size_t n = tensor_size(t);
	for (size_t i = 0; i < n; i++)
		s += t->v[i] * t->v[i];
	return sqrt(s);
}

int tensor_all_finite(const tensor *t)
{
	size_t n = tensor_size(t);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(t->v[i]))
			return 0;
	return 1;
}
