/* rng.h — a seeded, portable random number generator (xoshiro256**, seeded by splitmix64).
 * The same seed gives the same numbers on every machine: only integer arithmetic, and
 * normals by the polar method (log and sqrt, both correctly rounded in IEEE/glibc). */
#ifndef DL_RNG_H
#define DL_RNG_H
#include <stdint.h>

typedef struct rng {
	uint64_t s[4];
	double spare; /* second normal from the polar method */
	int has_spare;
} rng;

void rng_seed(rng *r, uint64_t seed);
/* Set the whole state (a saved model's generator): s (4,) and the pending second normal, if
 * has_spare.  -1, and r untouched, when it is not a state the generator can be in: all four
 * words zero (xoshiro's one fixed point) or a spare normal that is not finite. */
int rng_set_state(rng *r, const uint64_t s[4], int has_spare, double spare);
uint64_t rng_next(rng *r);
double rng_uniform(rng *r);             /* [0, 1) with 53 random bits */
uint64_t rng_below(rng *r, uint64_t n); /* uniform integer in [0, n), unbiased; n > 0 */
double rng_normal(rng *r);              /* N(0, 1) */
void rng_shuffle(rng *r, int *a, int n); /* Fisher-Yates; a: (n,) */

#endif
