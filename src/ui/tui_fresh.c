/* tui_fresh.c — whether what the screen shows is still the session's: keys (hashes) over the
 * state that the status line's loss, the STUCK banner and the pane's picture were made from.
 * The session computes a loss only when it trains or evaluates; undo, rewind, set, normalize,
 * data and reset change the network or the data without one, and a lesson's commands change
 * the picture while no prompt line ends.  The keys notice, and the widgets say "-" or redraw. */
#include "tui.h"
#include <stdint.h>
#include <string.h>

/* FNV-1a over n bytes, continuing from h */
static uint64_t key_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* the same over n doubles, a word at a time (a million parameters in about a millisecond) */
static uint64_t key_doubles(uint64_t h, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t w;
		memcpy(&w, &v[i], sizeof w);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return h;
}

#define KEY_SPAN 4096 /* values hashed at each end of the inputs and targets (all parameters are) */

/* What the session's last loss was computed on: the iteration, every parameter, the kind of
 * loss and the training data (its shape, whether normalised, the first and last values of its
 * inputs and targets).  undo, rewind,
 * set, normalize, data and reset change it without computing a new loss. */
static uint64_t loss_key(const session *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const dataset *ds = &s->ds;
	const tensor *t[2] = { &ds->X, &ds->Y };
	long meta[] = { s->iter, s->nt.n, (long)s->nt.P, (long)s->nt.loss, data_rows(ds), ds->D, ds->K,
			ds->normalized, ds->Y.v != NULL };
	h = key_bytes(h, meta, sizeof meta);
	if (s->nt.params)
		h = key_doubles(h, s->nt.params, s->nt.P);
	for (int k = 0; k < 2; k++) {
		size_t n = t[k]->v ? tensor_size(t[k]) : 0, span = n < KEY_SPAN ? n : KEY_SPAN;
		if (span) {
			h = key_doubles(h, t[k]->v, span);
			h = key_doubles(h, t[k]->v + n - span, span);
		}
	}
	return h;
}

/* What the last look at the session saw. */
static struct {
	uint64_t key;       /* loss_key when the last loss was computed */
	uint64_t trained;   /* loss_key when the last train ended */
	double loss;        /* the session's last loss (its bits tell a newly computed one apart) */
	int have;
	long iter, count;   /* the iteration, and the loss history's sample count */
} seen = { .have = -1, .iter = -1 };

int fresh_observe(void)
{
	const session *s = tui.s;
	if (s->training)
		return 0;
	int trained = s->iter > seen.iter && s->hist.count != seen.count; /* undo and rewind go back */
	int computed = trained || memcmp(&seen.loss, &s->last_loss, sizeof seen.loss) || seen.have != s->have_loss;
	seen.loss = s->last_loss;
	seen.have = s->have_loss;
	seen.iter = s->iter;
	seen.count = s->hist.count;
	if (computed) /* train, step, forward, eval: a loss of the network and data as they are */
		seen.key = loss_key(s);
	if (trained)
		seen.trained = seen.key;
	return trained;
}

int fresh_loss(void)
{
	const session *s = tui.s;
	if (s->training)
		return s->have_loss;
	fresh_observe();
	return s->have_loss && loss_key(s) == seen.key;
}

int fresh_since_train(void)
{
	return loss_key(tui.s) == seen.trained;
}

uint64_t fresh_pane_key(void)
{
	const session *s = tui.s;
	uint64_t h = loss_key(s);
	long meta[] = { s->view, s->view_logy, s->view_input, s->view_last, s->view_logx, s->view_has_here,
			s->hist.count, s->hist.n, s->hist.bad_iter, s->mon.npts, s->sweep_n, s->nforks,
			s->tracking ? s->trk.n : -1, s->cost_rows, s->cost_cols, (long)(intptr_t)s->cost_grid, s->diverged };
	double num[] = { s->view_x0, s->view_x1, s->view_here, s->lr, s->cost_x0, s->cost_x1, s->cost_y0, s->cost_y1 };
	h = key_bytes(h, meta, sizeof meta);
	h = key_bytes(h, num, sizeof num);
	h = key_bytes(h, s->view_fn, strnlen(s->view_fn, sizeof s->view_fn));
	h = key_bytes(h, s->view_fixed, sizeof s->view_fixed);
	h = key_bytes(h, s->view_isfixed, sizeof s->view_isfixed);
	for (int i = 0; i < s->nforks; i++)
		h = key_bytes(h, &s->forks[i]->hist.count, sizeof s->forks[i]->hist.count);
	return h;
}
