/* stab.h — stability: when gradient descent diverges, and whether a loss history is growing. */
#ifndef DL_STAB_H
#define DL_STAB_H
#include "lhist.h"
#include "net.h"

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

/* Health of activation layer i of nt after its last forward pass (nt->N samples): for relu and
 * leaky_relu the units whose input is <= 0 on every sample (dead: no gradient flows back), for
 * sigmoid and tanh the units on the flat tails (|z| > 4, > 2.5) for 90% of the samples
 * (saturated).  *bad those units, *units the width; 0, or -1 when the layer has no such count
 * (dense, softmax, no forward pass yet). */
int stab_layer_health(const net *nt, int i, int *bad, int *units);

/* The first activation layer whose units are all dead or saturated after nt's last forward
 * pass: 1 (dead) or 2 (saturated) with its index in *layer; 0 when there is none.  Such a
 * layer passes (almost) no gradient down: the layers below it stop learning, and a dead one's
 * output is the same for every sample. */
int stab_stuck(const net *nt, int *layer);

#endif
