/* fm.h — training steps with the batch along the vector lanes (feature-major).
 *
 * net.c stores a layer's output sample by sample, (N, out), and its kernels put vectors along a
 * row: for the tutorial's 2-5-5-5-1 network a row of 5 fills 5 of 8 lanes, a row of 1 one lane
 * of 4, and the weight gradients are sums down the batch.  Here every layer's output y and
 * gradient g are kept feature-major, (out, Np): a row per unit with the batch along it (Np = N
 * rounded up to 4), so that every product and activation runs on whole vectors whatever the
 * widths, and the batch sums of dW and db are the vectors' four lanes.  Layers up to FM_MAX
 * wide get kernels of their own, with the widths as constants, a relu or leaky relu fused into
 * the product before it, and any activation's backward into the product after it (dx); wider
 * layers go through the dense kernels (net_gemm_fm).
 *
 * The results are the same bits as net_forward + loss_eval + net_backward: every sum is taken
 * in the same order (z from b, then x·W term by term; dx from +0, g·Wᵀ term by term; dW and db
 * as four interleaved partial sums over the batch, net.c's order), each term one fused
 * multiply-add, the activations with the same formulas.  So this is only a faster way to run a
 * training step; tests/test_fm checks it against the general path bit for bit.  train_run uses
 * it; the commands that show a network's insides read the row-major copies fm_sync writes.
 *
 * It runs where net.c's AVX2 + FMA kernels run (x86-64 with both; DL_FM=off in the environment
 * turns it off); elsewhere fm_fits says no and the general path trains. */
#ifndef DL_FM_H
#define DL_FM_H
#include "net.h"

#define FM_MAX 8     /* widest layer side that gets the constant-width kernels */
#define FM_LAYERS 64 /* most layers it takes */

typedef struct fm {
	int N, Np;        /* batch, and its rows padded to a multiple of 4 */
	int nl;           /* layers the buffers are laid out for */
	int D;            /* input width */
	double *buf;      /* (cap,) owned: the input, then every layer's y and g, feature-major */
	size_t cap;
	double *x;        /* (D, Np) the batch's input, feature-major; pads are zero */
	double *ones;     /* (Np,) all ones: the row of [x; 1] whose products with g make db */
	double *y[FM_LAYERS]; /* per layer: (out, Np) output; views into buf */
	double *g[FM_LAYERS]; /* per layer: (out, Np) dJ/dy; views into buf */
	char lean[FM_LAYERS]; /* the last step left this layer's y (dense) or g (relu) out */
} fm;

void fm_init(fm *w);
void fm_free(fm *w);

/* 1 when nt can be trained here: 1 to FM_LAYERS layers, the first dense, only dense, relu,
 * leaky_relu, sigmoid and tanh layers, and the CPU runs the AVX2 kernels. */
int fm_fits(const net *nt);

/* Doubles fm_reserve would hold for nt and a batch of N (to check against a budget). */
size_t fm_size(const net *nt, int N);

/* Lay the buffers out for nt and a batch of N; -1 when out of memory (then train the general
 * way).  Allocates only when it must grow. */
int fm_reserve(fm *w, const net *nt, int N);

/* Take the batch's input (after fm_reserve, and whenever the batch changes): the rows
 * X[rows[0]], ..., X[rows[N-1]] of a row-major (·, D) array, or with rows NULL the first N. */
void fm_input_rows(fm *w, const double *X, const int *rows);

/* forward + loss + backward on the batch given to fm_input_rows, against targets y (row-major, as
 * loss_eval takes them): returns the loss and leaves the gradients in nt->grads, as
 * train_backward does; acc receives the batch accuracy for ce/bce (else -1), may be NULL.
 * The layers' own y and g (row-major) are not kept up to date: see fm_sync.  For an output
 * wider than 1, the last layer's y and g serve as scratch: nt must be reserved for N. */
double fm_step(fm *w, net *nt, const double *y, double *acc);

/* Write every layer's y and g of the last step into the layers' own row-major tensors (as
 * net_forward and net_backward leave them), and set nt->N.  The step does not store what it
 * does not need (a dense layer's z under a relu, the relu's dJ/dh): they are recomputed here
 * from params (P,), the parameters the step ran with (the optimizer has usually moved
 * nt->params since).  nt must be reserved for N. */
void fm_sync(fm *w, net *nt, const double *params);

#endif
