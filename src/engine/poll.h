/* poll.h — how a long engine loop (training, gradcheck, reading or writing big data) lets the
 * UI draw and the user stop it: the hooks it is given, and a clock that calls the tick about
 * every 15 ms without reading the time on every iteration. */
#ifndef DL_POLL_H
#define DL_POLL_H
#include <signal.h>

typedef struct train_hooks {
	void *ctx;
	/* after iteration iter's update: loss is the loss before it */
	void (*line)(void *ctx, long iter, double loss);
	/* about every 15 ms of training; return nonzero to stop */
	int (*tick)(void *ctx, long iter, double loss);
	volatile sig_atomic_t *interrupt; /* set by a SIGINT handler; may be NULL */
} train_hooks;

/* For a long loop outside training (gradcheck, a sweep, reading or writing big data): call
 * train_poll once per unit of work; it reads the clock now and then, calls hk->tick about
 * every 15 ms and says 1 when the interrupt is set or the tick asked to stop. */
typedef struct train_clock {
	double next; /* when the next tick is due */
	long every, since;
} train_clock;
void train_clock_start(train_clock *c);
int train_poll(const train_hooks *hk, train_clock *c, long iter, double loss);

/* seconds on the monotonic clock */
double poll_now(void);

/* 1 when the UI's tick is due (every 15 ms): the clock is read every `every` calls, an
 * interval that adapts so that it is read a few times per slice, whatever a call's work costs. */
static inline int train_clock_due(train_clock *c)
{
	if (++c->since < c->every)
		return 0;
	double tn = poll_now();
	c->since = 0;
	if (tn < c->next - 0.010 && c->every < 1024)
		c->every *= 2;
	else if (tn > c->next + 0.005 && c->every > 1)
		c->every /= 2;
	if (tn < c->next)
		return 0;
	c->next = tn + 0.015;
	return 1;
}

#endif
