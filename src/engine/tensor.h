/* tensor.h — a double-precision array of one or two dimensions.
 * Shape (rows, cols) stored row-major; ndim 1 means shape (cols,) with rows == 1. */
#ifndef DL_TENSOR_H
#define DL_TENSOR_H
#include <stddef.h>

typedef struct tensor {
	int ndim;     /* 1 or 2 */
	int rows;     /* 1 when ndim == 1 */
	int cols;
	double *v;    /* rows * cols values; owned by whoever allocated it (see the owner) */
} tensor;

static inline size_t tensor_size(const tensor *t) { return (size_t)t->rows * (size_t)t->cols; }

/* Arrays of doubles start on a cache line (64 bytes), so that the kernels' vectors at their start
 * never straddle two lines; they are freed with free().  dbl_grow: a new array of n, holding the
 * first min(old_n, n) values of old, which it frees (on failure old is untouched); NULL when out
 * of memory.  dbl_zalloc: n zeros. */
double *dbl_grow(double *old, size_t old_n, size_t n);
double *dbl_zalloc(size_t n);

/* Allocate (zeroed) an owned tensor; returns 0, or -1 when out of memory.  The size is
 * checked against the memory budget by the caller (see limits in session). */
int tensor_alloc(tensor *t, int ndim, int rows, int cols);
void tensor_free(tensor *t); /* frees an owned tensor; accepts an empty one */
/* Make t hold shape (rows, cols), reallocating only when it must grow. */
int tensor_reshape(tensor *t, int ndim, int rows, int cols);
int tensor_copy(tensor *dst, const tensor *src); /* deep copy into an owned dst */
/* "(2, 5)" or "(5,)" into buf; returns buf. */
char *tensor_shape_str(const tensor *t, char *buf, size_t n);
double tensor_norm2(const tensor *t); /* L2 norm */
int tensor_all_finite(const tensor *t);

#endif
