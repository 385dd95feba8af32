/* diagnose.h — explain a divergence, or a network whose units all died, with the session's own
 * numbers, as a teacher would; and check every remedy before suggesting it. */
#ifndef DL_DIAGNOSE_H
#define DL_DIAGNOSE_H
#include "session.h"

/* The run that went wrong. */
typedef struct diag_run {
	const net *start; /* the network as the run began (its undo snapshot); NULL when none was kept */
	const char *cmd;  /* "train" or "step": how the learner runs it again */
	long start_iter;  /* the iteration it began at */
	long iters;       /* the iterations it was asked for */
	long bad_iter;    /* the first iteration whose loss was not finite (a divergence), else -1 */
	double spent;     /* the work its checks have cost so far (parameters × rows × iterations); 0 */
} diag_run;

/* After train stopped at a non-finite loss: which update outgrew its parameter, which input
 * has the largest scale, for a linear model the learning-rate bound, for a deeper one which
 * layer's updates blew up first (replayed in a scratch copy), and what to try.  Every "try"
 * line has been run from run->start in a scratch copy for run->iters iterations (or as many
 * as a bounded amount of work allows, which the text then says) and did not diverge. */
void diagnose_divergence(session *s, diag_run *run);

/* After a train that did not diverge: when the network's last forward pass leaves every unit
 * of an activation layer dead or saturated on the whole training set, set s->stuck and
 * s->stuck_layer, say so, why it matters and what to try (each remedy checked the same way:
 * it trains without diverging and leaves no layer stuck).  Returns s->stuck. */
int diagnose_stuck(session *s, diag_run *run);

#endif
