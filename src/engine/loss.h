/* loss.h — loss functions and their gradient with respect to the network's output. */
#ifndef DL_LOSS_H
#define DL_LOSS_H
#include "net.h"

const char *loss_name(loss_kind k);
int loss_parse(const char *s, loss_kind *k); /* "mse", "ce", "bce"; -1 if unknown */

/* Loss of out (N, K) against y: (N, K) targets for mse and bce, (N, 1) class indices for ce.
 * last is the kind of the network's last layer: ce and bce work on logits, or on
 * probabilities when the last layer is already softmax / sigmoid.
 * When dout is not NULL it receives dJ/dout (N, K); but for ce after a softmax layer, dJ/dz of
 * the softmax's input z, (out − onehot) / N, which net_backward passes through that layer.
 * ce after a softmax layer is computed from the logits z of the last softmax forward pass that
 * wrote out (as without the layer: exact where probabilities underflow); from out itself,
 * clamped at 1e-300, when out is not such an output.
 *   mse: J = 1/N Σ_n Σ_k (out − y)²            (the tutorial's; sum over outputs)
 *   ce:  J = −1/N Σ_n log softmax(out)[y_n]
 *   bce: J = −1/(N K) Σ [y log p + (1 − y) log(1 − p)],  p = sigmoid(out) */
double loss_eval(loss_kind kind, layer_kind last, const double *out, const double *y, int N,
		 int K, double *dout);

/* Number of correct predictions (ce: argmax; bce: p > 0.5) among N samples; -1 for mse. */
int loss_correct(loss_kind kind, layer_kind last, const double *out, const double *y, int N,
		 int K);

#endif
