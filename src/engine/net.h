/* net.h — a feed-forward network: a sequence of layers over one block of parameters.
 *
 * All parameters live in one contiguous block (params, with grads beside it), so that the
 * optimizer, snapshots and the gradient check each see one flat array.  Dense layer k (1-based)
 * owns views Wk (IN, OUT) and bk (OUT,) into that block.  Workspaces (every layer's output y and
 * the gradient g of the loss with respect to it) are sized for the largest batch seen and only
 * grow, so repeated forward/backward passes allocate nothing.
 */
#ifndef DL_NET_H
#define DL_NET_H
#include "tensor.h"

typedef enum layer_kind {
	LAYER_DENSE, LAYER_RELU, LAYER_SIGMOID, LAYER_TANH, LAYER_LEAKY_RELU, LAYER_SOFTMAX
} layer_kind;
#define LAYER_KINDS (LAYER_SOFTMAX + 1)  /* how many kinds there are */

typedef enum loss_kind { LOSS_MSE, LOSS_CE, LOSS_BCE } loss_kind;

typedef struct layer {
	layer_kind kind;
	int in, out;      /* input and output widths */
	double alpha;     /* leaky_relu slope for negative inputs */
	int k;            /* dense: its index k (Wk); activation: the k of the dense before it, or 0 */
	size_t off_W, off_b; /* dense: offsets of W and b in net.params / net.grads */
	tensor W, b;      /* dense: views (IN, OUT) and (OUT,) into net.params; not owned */
	tensor dW, db;    /* dense: views into net.grads; not owned */
	tensor y;         /* (N, out) output of the last forward pass; owned */
	tensor g;         /* (N, out) dJ/dy from the last backward pass; owned */
	int ycap;         /* rows y and g have room for (net_reserve), the kernels' slack not counted */
} layer;

typedef struct net {
	layer *L;        /* (n,) layers; owned */
	int n, cap;
	int ndense;
	size_t P;        /* number of parameters */
	double *params;  /* (P,) owned */
	double *grads;   /* (P,) owned */
	int N;           /* batch size of the last forward pass */
	loss_kind loss;
} net;

void net_init(net *nt);
void net_free(net *nt);
void net_clear(net *nt);                 /* remove all layers; keeps the loss */
int net_clone(net *dst, const net *src); /* deep copy; -1 when out of memory */
/* Copy parameter values from src into dst; both must have the same architecture. */
void net_copy_params(net *dst, const net *src);

int net_in(const net *nt);  /* input width, 0 when empty */
int net_out(const net *nt); /* output width, 0 when empty */

/* Append a layer.  Returns 0, or -1 with a message in err (size errn). */
int net_add_dense(net *nt, int in, int out, char *err, size_t errn);
int net_add_act(net *nt, layer_kind kind, double alpha, char *err, size_t errn);

const char *layer_kind_name(layer_kind k);
/* The kind named name ("dense", "relu", … as layer_kind_name writes them); 0, or -1 if none. */
int layer_kind_parse(const char *name, layer_kind *k);

/* Make the workspaces hold N samples (grow only).  -1 when out of memory. */
int net_reserve(net *nt, int N);

/* forward: x (N, in) -> every layer's y; returns the output (N, out) (last layer's y).
 * net_reserve(nt, N) must have succeeded. */
const double *net_forward(net *nt, const double *x, int N);

/* backward: from the last layer's g (filled by the loss) down to the first layer; zeroes and
 * then fills nt->grads (the gradients of a batch sum over its samples). x is the input of the
 * forward pass. */
void net_backward(net *nt, const double *x);

/* C (M, Nc) = (C if resume, else +0) + A (M, K) · B (K, Nc) with the dense kernels (the same
 * order of sums: term by term in p, one fused multiply-add each), for src/engine/fm.c's feature-major
 * arrays.  A(i,p) = A[i·ra + p·ca]; B and C row-major with row strides ldb and ldc.  Vectors
 * may read up to 3 doubles past the last column of B and C (past the last row too: slack). */
void net_gemm_fm(int M, int Nc, int K, const double *A, ptrdiff_t ra, ptrdiff_t ca,
		 const double *B, ptrdiff_t ldb, double *C, ptrdiff_t ldc, int resume);

/* An activation layer on (N, out) arrays: y from x, and dx = dJ/dx from g = dJ/dy, the input x
 * and the output y of the forward pass.  The element-wise kinds (all but softmax) treat the
 * arrays as N·out values in a row, whatever their layout (src/engine/fm.c's too); relu reads its mask
 * off y (y > 0 exactly where x > 0). */
void net_act_forward(const layer *l, const double *x, double *y, int N);
void net_act_backward(const layer *l, const double *x, const double *y, const double *g,
		      double *dx, int N);

/* Find a dense layer's parameter or gradient view by name: W1, b2, dW3, db1. NULL if none. */
tensor *net_param(net *nt, const char *name);
/* A layer output by name after a forward pass: zk (dense k) or hk (activation after dense k),
 * or "out".  Fills *view (a (N, width) view, not owned); -1 when there is no such output. */
int net_output(const net *nt, const char *name, tensor *view);

/* Fill parameters: weights by scheme, biases zero.  scheme: "he", "xavier", "normal",
 * "uniform", "zeros"; std <= 0 means the scheme's own scale. */
struct rng;
int net_init_weights(net *nt, const char *scheme, double std, struct rng *r);

#endif
