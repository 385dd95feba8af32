/* tensor.c — allocation and small helpers for tensor. */
#include "tensor.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tensor_alloc(tensor *t, int ndim, int rows, int cols)
{
	size_t n = (size_t)rows * (size_t)cols;
	t->v = calloc(n ? n : 1, sizeof(double));
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
		double *v = realloc(t->v, (want ? want : 1) * sizeof(double));
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
