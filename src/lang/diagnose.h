/* diagnose.h — explain a divergence with the session's own numbers, as a teacher would. */
#ifndef DL_DIAGNOSE_H
#define DL_DIAGNOSE_H
#include "session.h"

/* After train stopped at a non-finite loss: which update outgrew its parameter (at start,
 * the network as the run began; may be NULL), which input has the largest scale, the
 * learning-rate bound, and what to try next. */
void diagnose_divergence(session *s, const net *start);

#endif
