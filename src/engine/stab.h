/* stab.h — stability: when gradient descent diverges, and whether a loss history is growing. */
#ifndef DL_STAB_H
#define DL_STAB_H
#include "lhist.h"

/* The stability bound of plain gradient descent on mse for a linear model of x (N, D):
 * 2 / λmax of (2/N)·X̃ᵀX̃, X̃ = [x, 1].  Returns 0 when it cannot be computed. */
double stab_lr_bound(const double *x, int N, int D);

/* Is the loss growing?  Over the last ~5% of the history (at least 8 buckets), the lowest
 * loss of the window's last quarter is over 10x the window's lowest.  Minima of buckets, not
 * single samples, so that mini-batch noise does not raise the alarm.  When it is: *factor
 * the growth, *span the iterations the window covers; 1. */
int stab_growing(const lhist *h, double *factor, long *span);

/* Did a run diverge though its loss stayed finite?  It ended over 10x worse than it started
 * (or not a number).  The sweep of 'plot lr' asks this of each rate's whole run; the pane asks
 * stab_growing of the run under way: the same factor of 10, over the run or over its window. */
int stab_worse(double start, double final);

#endif
