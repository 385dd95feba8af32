/* vmath.h — exp, tanh, sigmoid, log and log1p over arrays of doubles, the same bits on every
 * machine and in every copy of the kernels (see src/engine/kern/vmath_v.h for how and why, and
 * vmath.c for the accuracy each is held to).
 *
 * Every function maps x (n,) to y (n,) element by element; y may be x.  An element's result
 * does not depend on its neighbours or on n. */
#ifndef DL_VMATH_H
#define DL_VMATH_H
#include <stddef.h>

void vm_exp(const double *x, double *y, size_t n);     /* e^x */
void vm_tanh(const double *x, double *y, size_t n);
void vm_sigmoid(const double *x, double *y, size_t n); /* 1/(1 + e^−x) */
void vm_log(const double *x, double *y, size_t n);     /* natural log */
void vm_log1p(const double *x, double *y, size_t n);   /* log(1 + x) */

/* one value */
double vm_exp1(double x);
double vm_log1(double x);

/* the activations' backward passes: dx (n,) from g = dJ/dy (n,) and the forward output y (n,)
 *   tanh:    dx = g·(1 − y·y)
 *   sigmoid: dx = g·y·(1 − y)   (as (g·y)·(1 − y)) */
void vm_tanh_bwd(const double *y, const double *g, double *dx, size_t n);
void vm_sigmoid_bwd(const double *y, const double *g, double *dx, size_t n);

/* For tests: which copy runs.  VM_AUTO: the fastest this CPU has (DL_KERNELS=generic forces
 * the baseline for the whole program); the others where vm_has_copy says the CPU runs them.
 * Returns the previous setting. */
enum { VM_AUTO, VM_GENERIC, VM_AVX2, VM_AVX512 };
int vm_force_copy(int copy);
int vm_has_copy(int copy);

#endif
