/* train.h — the training loop, mini-batches and the gradient check.
 * Nothing here prints: progress leaves through the hooks. */
#ifndef DL_TRAIN_H
#define DL_TRAIN_H
#include <signal.h>
#include "data.h"
#include "lhist.h"
#include "monitor.h"
#include "fm.h"
#include "net.h"
#include "optim.h"
#include "poll.h"

typedef struct trainer {
	int B;           /* rows in the current batch */
	int *perm;       /* (N,) order in which mini-batches visit the rows; owned */
	int permN;       /* N that perm was built for */
	int cursor;      /* next position in perm */
	tensor xb, yb;   /* (B, D), (B, K) mini-batch buffers; owned */
	const double *x, *y; /* the current batch: ds->X/Y (full batch) or xb/yb */
	double *prev;    /* (P,) parameters before the last update; owned */
	size_t prevP;
	long epoch;      /* completed passes over the data */
	fm nw;           /* feature-major buffers, when train_run trains that way (fm.h); owned */
} trainer;

enum { UNTIL_NONE, UNTIL_LOSS_LT, UNTIL_LOSS_GT, UNTIL_ACC_GT, UNTIL_ACC_LT };
enum { TRAIN_DONE, TRAIN_UNTIL, TRAIN_DIVERGED, TRAIN_INTERRUPTED, TRAIN_STOPPED };

/* The path two parameters take during training (for the cost surface), downsampled like the
 * loss history: bounded memory, O(1) per iteration, no allocation. */
#define TRACK_CAP 1024
typedef struct track {
	size_t a, b;        /* offsets of the two parameters in net.params */
	int n;
	long stride, skip;  /* keep one point every `stride` iterations */
	double x[TRACK_CAP], y[TRACK_CAP];
} track;

void track_reset(track *t, size_t a, size_t b);
void track_add(track *t, const double *params);

typedef struct train_opts {
	long iters;       /* iterations to run */
	long every;       /* call hooks.line every `every` iterations (0: never) */
	int until;        /* UNTIL_* */
	double until_val;
	int stop_diverge; /* stop at the first non-finite loss (default 1) */
	double lr;
	int batch;        /* 0: full batch */
	track *track;     /* record two parameters' path, or NULL */
	monitor *mon;     /* snapshots, gradient norms, test loss; NULL for none */
	size_t fm_max;    /* doubles the feature-major buffers may take (fm.h); 0: no limit */
	double speed;     /* at most this many iterations per second, to watch a small network learn; 0: full speed */
} train_opts;


typedef struct train_result {
	long done;     /* iterations completed (updates applied) */
	double loss;   /* the last loss computed */
	int why;       /* TRAIN_* */
	long bad_iter; /* with TRAIN_DIVERGED: the iteration whose loss was not finite */
	double seconds;
	double acc;    /* accuracy of the last batch (ce/bce), else -1 */
	long fm_steps; /* steps run feature-major (src/engine/fm.c), for the tests that say it runs */
} train_result;

void trainer_init(trainer *t);
void trainer_free(trainer *t);
void trainer_reset(trainer *t); /* forget the batch order (after the data change) */
/* The mini-batch position, as a saved model or a fork carries it: perm (N,) the rows' order in
 * this epoch (a permutation of 0..N-1), cursor the next position in it (0..N), epoch the passes
 * completed.  N 0: no order drawn yet (the next mini-batch draws one).  -1 when out of memory
 * or when perm is not a permutation or cursor is out of range (t untouched). */
int trainer_set_order(trainer *t, const int *perm, int N, int cursor, long epoch);
/* 1 when perm (N,) holds each of 0..N-1 once. */
int train_is_perm(const int *perm, int N);

/* Check that the network can be trained on the data; -1 with a message in err when not. */
int train_ready(const net *nt, const dataset *ds, char *err, size_t errn);

/* Choose the next batch of `batch` rows (0 = all).  -1 when out of memory. */
int train_next_batch(trainer *t, const dataset *ds, int batch, rng *r);

/* forward + loss + backward on the current batch; returns the loss (the gradients are left
 * in nt->grads).  acc receives the batch accuracy for ce/bce (else -1); may be NULL. */
double train_backward(trainer *t, net *nt, double *acc);

/* Run o->iters iterations; *iter is the session's iteration counter, advanced per update. */
int train_run(trainer *t, net *nt, const dataset *ds, optim *op, rng *r, lhist *h, long *iter,
	      const train_opts *o, const train_hooks *hk, train_result *res, char *err,
	      size_t errn);

/* Loss (and accuracy, or -1) of the network on x (N, D), y (N, K) without training. */
int train_eval(net *nt, const double *x, const double *y, int N, double *loss, double *acc);

/* Gradient check: for each dense parameter tensor, the largest relative error between the
 * analytic gradient and the central difference (J(w+h) − J(w−h)) / 2h over at most
 * `max_per` elements.  Calls report once per tensor.  Elements whose perturbation moves a
 * ReLU input across its kink are skipped and counted in *kinks. */
typedef void (*gradcheck_report)(void *ctx, const char *name, double max_rel, int checked,
				 int pass);
/* hk (may be NULL): its interrupt and tick are looked at between elements, as train_run
 * does between iterations; 1 when they stopped it (the parameters and gradients as they
 * were, tensors already reported stay reported), 0 done, -1 with err. */
int train_gradcheck(trainer *t, net *nt, const dataset *ds, double h, int max_per,
		    gradcheck_report report, void *ctx, int *failed, int *kinks, const train_hooks *hk,
		    char *err, size_t errn);


/* The rows of one batch: batch (0: full) within the N rows of the data. */
static inline int train_batch_rows(int batch, int N)
{
	return batch > 0 && batch < N ? batch : N;
}

#endif
