/* diagnose.h — explain a divergence with the session's own numbers, as a teacher would. */
#ifndef DL_DIAGNOSE_H
#define DL_DIAGNOSE_H
#include "session.h"

/* The stability bound of plain gradient descent on mse for a linear model of x (N, D):
 * 2 / λmax of (2/N)·X̃ᵀX̃, X̃ = [x, 1].  Returns 0 when it cannot be computed. */
double diagnose_lr_bound(const double *x, int N, int D);

/* After train stopped at a non-finite loss: which update outgrew its parameter (at start,
 * the network as the run began; may be NULL), which input has the largest scale, the
 * learning-rate bound, and what to try next. */
void diagnose_divergence(session *s, const net *start);

#endif
