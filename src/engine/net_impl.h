/* net_impl.h — what net.c (building networks) and dense.c (running them) share. */
#ifndef DL_NET_IMPL_H
#define DL_NET_IMPL_H

/* Slack after every parameter, gradient and workspace block, for the kernels' vector loads
 * (see "kernels" in dense.c). */
#define PAD 4

/* The last softmax layer's forward pass: it read the logits x (N, K) and wrote y (N, K).  The
 * loss (loss.c) computes ce after a softmax layer from the logits, as without the layer (exact
 * where the probabilities underflow): net_softmax_logits(y, N, K) is the x that made y, or NULL
 * when y is not the last softmax output of that shape.  Every caller of loss_eval runs
 * net_forward just before it; the engine runs on one thread. */
void net_softmax_seen(const double *x, const double *y, int N, int K);
const double *net_softmax_logits(const double *y, int N, int K);

#endif
