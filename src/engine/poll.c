/* poll.c — the clock of long loops (poll.h). */
#include "poll.h"
#include <stddef.h>
#include <time.h>

double poll_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void train_clock_start(train_clock *c)
{
	*c = (train_clock){ .next = poll_now() + 0.015, .every = 1 };
}

int train_poll(const train_hooks *hk, train_clock *c, long iter, double loss)
{
	if (!hk)
		return 0;
	if (hk->interrupt && *hk->interrupt)
		return 1;
	return hk->tick && train_clock_due(c) && hk->tick(hk->ctx, iter, loss);
}
