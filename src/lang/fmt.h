/* fmt.h — numbers and arrays as text, numpy-style. */
#ifndef DL_FMT_H
#define DL_FMT_H
#include <stddef.h>
#include "engine/tensor.h"

/* One number with prec significant digits: "0.354344", "-1e-06", "inf", "nan"; a negative
 * prec means fixed notation with -prec decimals ("0.35"). */
char *fmt_num(double v, int prec, char *buf, size_t n);

/* A tensor as numpy prints it: "[[0.7  0.05]\n [0.3  0.01]]".  Long dimensions are
 * summarised with "...".  Returns a malloc'd string (NULL when out of memory). */
char *fmt_array(const tensor *t, int prec);

/* A short one-line form for iteration lines: "[0.0988 -0.4929 …]" (at most max values). */
char *fmt_brief(const tensor *t, int prec, int max, char *buf, size_t n);

#endif
