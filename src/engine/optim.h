/* optim.h — optimizers with exactly PyTorch's update rules (torch.optim, no weight decay). */
#ifndef DL_OPTIM_H
#define DL_OPTIM_H
#include <stddef.h>

typedef enum optim_kind { OPT_SGD, OPT_MOMENTUM, OPT_NESTEROV, OPT_RMSPROP, OPT_ADAM } optim_kind;

typedef struct optim {
	optim_kind kind;
	double momentum;     /* momentum, nesterov: 0.9 */
	double alpha;        /* rmsprop: 0.99 */
	double beta1, beta2; /* adam: 0.9, 0.999 */
	double eps;          /* rmsprop, adam: 1e-8 */
	long t;              /* steps taken */
	size_t P;            /* size of the state buffers */
	double *m, *v;       /* (P,) state: momentum buffer / first moment, second moment; owned */
} optim;

void optim_init(optim *o, optim_kind kind); /* default hyper-parameters, empty state */
/* A fresh optimizer (no state) of src's kind with src's hyper-parameters (a sweep's copy). */
void optim_init_like(optim *o, const optim *src);
/* A deep copy of src into o: hyper-parameters, the step count and every state buffer (a fork
 * that changes nothing trains exactly as its original).  -1 when out of memory (o then fresh). */
int optim_copy(optim *o, const optim *src);
void optim_free(optim *o);
void optim_reset(optim *o);                 /* forget the state (after the net changes) */
const char *optim_name(optim_kind k);
/* Which state buffers a kind uses: m (momentum buffer, Adam's first moment), v (RMSprop's and
 * Adam's second moment).  The others stay zero and carry nothing. */
int optim_uses_m(optim_kind k);
int optim_uses_v(optim_kind k);
int optim_parse(const char *s, optim_kind *k);
/* Make the state hold P parameters (fresh state when P changes). -1 when out of memory. */
int optim_reserve(optim *o, size_t P);
/* One step: p (P,) -= update(g (P,)).  optim_reserve(o, P) must have succeeded. */
void optim_step(optim *o, double lr, double *p, const double *g, size_t P);
/* The same step, keeping the parameters before it in prev (P,) on the way (one pass over memory
 * instead of a copy and a step: the training loop keeps them for undo and divergence). */
void optim_step_keep(optim *o, double lr, double *p, const double *g, size_t P, double *prev);

#endif
