/* check.h — checks on a session's state, shared by 'expect' and an exercise's 'goal'. */
#ifndef DL_CHECK_H
#define DL_CHECK_H
#include "session.h"
#include <stddef.h>

typedef struct check_res {
	double got, want, lim; /* the value found, the one wanted, the tolerance used */
	int bound;             /* 1: >=want, -1: <=want, 0: within lim of want */
	int ok;
} check_res;

/* NAME (a value, an element, loss, lr, iteration, acc, test_loss, test_acc, bad_iter)
 * against wv ("V", ">=V" or "<=V") with tol (< 0: 1e-6 relative).  0 and *r; or err and -1
 * (NAME has no value now), -2 (wv is not a number). */
int check_eval(session *s, const char *name, const char *wv, double tol, check_res *r, char *err, size_t n);
/* A goal's condition: 1 holds, 0 does not (why: what is there instead), -1 malformed (why). */
int check_goal(session *s, const char *cond, char *why, size_t n);
/* Inside an interactive lesson, checks pass without a word (tutor.c). */
int sess_checks_quiet(const session *s);

#endif
