/* narrow.h — training steps for narrow networks, with the batch along the vector lanes.
 *
 * The tutorial's networks are a few units wide (2-5-5-5-1).  net.c stores a layer's output
 * sample by sample (N, out), and its kernels put vectors along a row: a row of 5 fills 5 of 8
 * lanes, a row of 1 one lane of 4.  Here, for networks whose layers are all at most NARROW_MAX
 * wide, every layer's output y and gradient g are kept feature-major, (out, Np): a row per unit
 * with the batch along it (Np = N rounded up to 4), so that every product and activation runs
 * on whole vectors, and the batch sums of dW and db are the vectors' four lanes.
 *
 * The results are the same bits as net_forward + loss_eval + net_backward: every sum is taken
 * in the same order (z from b, then x·W term by term; dx from +0, g·Wᵀ term by term; dW and db
 * as four interleaved partial sums over the batch, net.c's order), each term one fused
 * multiply-add, the activations with the same formulas.  So this is only a faster way to run a
 * training step; tests/test_engine checks it against the general path bit for bit.
 *
 * It runs where net.c's AVX2 + FMA kernels run (x86-64 with both; DL_NARROW=off in the
 * environment turns it off); elsewhere narrow_fits says no and the general path trains. */
#ifndef DL_NARROW_H
#define DL_NARROW_H
#include "net.h"

#define NARROW_MAX 8 /* widest layer (in or out) it takes */

typedef struct narrow {
	int N, Np;       /* batch, and its rows padded to a multiple of 4 */
	int nl;          /* layers the buffers are laid out for */
	int D;           /* input width */
	double *buf;     /* (cap,) owned: the input, then every layer's y and g, feature-major */
	size_t cap;
	double *x;       /* (D, Np) the batch's input, feature-major; pads are zero */
	double *y[64];   /* per layer: (out, Np) output; views into buf */
	double *g[64];   /* per layer: (out, Np) dJ/dy; views into buf */
} narrow;

void narrow_init(narrow *w);
void narrow_free(narrow *w);

/* 1 when nt can be trained here: at most 64 layers, every width at most NARROW_MAX, only dense,
 * relu, leaky_relu, sigmoid and tanh layers, and the CPU runs the AVX2 kernels. */
int narrow_fits(const net *nt);

/* Lay the buffers out for nt and a batch of N; -1 when out of memory (then train the general
 * way).  Allocates only when it must grow. */
int narrow_reserve(narrow *w, const net *nt, int N);

/* Take the batch's input x (N, D) row-major (after narrow_reserve, and whenever the batch
 * changes). */
void narrow_input(narrow *w, const double *x);

/* forward + loss + backward on the batch given to narrow_input, against targets y (row-major,
 * as loss_eval takes them): returns the loss and leaves the gradients in nt->grads, as
 * train_backward does; acc receives the batch accuracy for ce/bce (else -1), may be NULL.
 * The layers' own y and g (row-major) are not kept up to date: see narrow_sync.  For an output
 * wider than 1, the last layer's y and g serve as scratch: nt must be reserved for N. */
double narrow_step(narrow *w, net *nt, const double *y, double *acc);

/* Write every layer's y and g of the last step into the layers' own row-major tensors (as
 * net_forward and net_backward leave them), and set nt->N.  nt must be reserved for N. */
void narrow_sync(const narrow *w, net *nt);

#endif
