/* session.h — one dl session: the network, data, settings and history, and the command
 * interpreter over them.  The UI (readline, curses, batch) is a client of this header only:
 * it feeds lines in and receives text through the emit sink and the hooks. */
#ifndef DL_SESSION_H
#define DL_SESSION_H
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include "engine/data.h"
#include "engine/lhist.h"
#include "engine/monitor.h"
#include "engine/net.h"
#include "engine/optim.h"
#include "engine/rng.h"
#include "engine/train.h"

#define SESS_MAXWATCH 16
#define SESS_UNDO 8
#define SESS_NAMELEN 48
#define SESS_MAXDEPTH 16 /* nested source/lesson */

/* What the plot pane shows; re-rendered on resize and, for loss, live during training. */
typedef enum { VIEW_NONE, VIEW_LOSS, VIEW_FN, VIEW_NET, VIEW_FIT, VIEW_LR, VIEW_COST, VIEW_GRAD, VIEW_WEIGHTS } plot_view;

/* 1 when view v changes as the network trains (the loss, the model's pictures, the cost
 * surface's path, gradients, weights); 0 for fn, an lr sweep and none, which training replaces
 * with the live loss curve. */
static inline int sess_view_follows_training(plot_view v)
{
	return v != VIEW_NONE && v != VIEW_FN && v != VIEW_LR;
}

#define SWEEP_MAX 64
#define SESS_MAXFORKS 4

struct session;

/* Callbacks into the UI; any may be NULL (plain mode). */
typedef struct sess_hooks {
	void *ctx;
	void (*emit)(void *ctx, const char *text);   /* all output, whole lines */
	int (*tick)(void *ctx);                      /* during train/step, ~every 15 ms; nonzero stops */
	void (*plot)(void *ctx);                     /* the plot view changed: redraw the pane */
	/* 'plot' asks to show the current view: the pane redraws, a text front end prints it
	 * (plot/view.h's view_print).  Nonzero when it could not (out of memory).  NULL: the
	 * session has no front end that draws (the view is still set). */
	int (*show)(void *ctx, struct session *s);
	void (*pause)(void *ctx);                    /* a lesson's pause: wait for Enter */
	/* a lesson's pause or exercise reads the learner's next line, shown after prompt: *line
	 * is malloc'd (the caller frees it).  0, or -1 at the end of input (Ctrl-D).  NULL: no
	 * learner at a terminal (batch mode: exercises run their solutions). */
	int (*read_line)(void *ctx, const char *prompt, char **line);
	/* a lesson's page has filled the console (page_size: its rows and columns): "-- more --",
	 * wait for a key; nonzero: the learner asked for no more stops until their next line (q). */
	void (*page_size)(void *ctx, int *rows, int *cols);
	int (*more)(void *ctx);
	/* errors and warnings, whole lines; NULL: emit when there is one, else standard error */
	void (*err)(void *ctx, const char *text);
} sess_hooks;

typedef struct undo_slot {
	net nt;          /* a whole copy of the network */
	long iter;
	char what[SESS_NAMELEN];
	lhist *hist;     /* the loss history then (owned; NULL when it could not be kept) */
	mon_points *pts; /* a rewind's: the gradient norms and test losses then (owned), or NULL */
} undo_slot;

/* How the last train left the network's units (session.stuck): every unit of one activation
 * layer dead (ReLU input <= 0 on every sample) or saturated (on the flat tails for 90% of them). */
enum { STUCK_NONE, STUCK_DEAD, STUCK_SATURATED };

typedef struct session {
	net nt;
	net picture;        /* a copy of nt with its own workspaces, for plots that run it */
	dataset ds;
	optim op;
	trainer tr;
	rng rng;
	lhist hist;
	monitor mon;        /* snapshots, gradient norms and test loss during training */
	uint64_t seed;
	double lr;
	int batch;          /* 0: full */
	int precision;      /* significant digits printed */
	long iter;          /* iterations trained so far */
	double train_rate;  /* it/s of the last train, the number its summary line prints; 0: none */
	double last_loss;   /* the last loss computed */
	int have_loss;      /* any loss computed yet */
	int diverged;       /* the last train stopped at a non-finite loss */
	int stuck;          /* STUCK_*: the last train ended with a layer's units all dead or saturated */
	int stuck_layer;    /* with stuck: that activation layer's index in nt.L (its name: h<L[i].k>) */
	int training;       /* inside train/step */
	char watch[SESS_MAXWATCH][SESS_NAMELEN];
	int nwatch;
	undo_slot undo[SESS_UNDO];
	int nundo;
	int undo_keep;      /* the command under way changed the network though it failed (a divergence):
			     * sess_pop_undo keeps its snapshot */
	size_t max_values;  /* memory budget in doubles for everything the session holds, forks included */
	struct session *parent; /* a fork's original: the budget is the root session's, shared */
	int undo_lost;      /* a command's snapshot did not fit: the ones before it were let go too */
	long max_iters;     /* bound on one train/step command */
	/* the current plot */
	plot_view view;
	int view_logy;
	char view_fn[SESS_NAMELEN];
	double view_x0, view_x1;
	int view_input;
	double view_fixed[DATA_MAXCOLS]; /* plot fit: the other inputs' raw values */
	unsigned char view_isfixed[DATA_MAXCOLS];
	long view_last;     /* plot loss last=N: the last N iterations only (0: all) */
	int view_logx;      /* plot loss x=log: a log10 iteration axis */
	double view_here;   /* plot fn at=X: the point marked on the curve */
	int view_has_here;
	/* plot lr: the last learning-rate sweep */
	int sweep_n;
	double sweep_lr[SWEEP_MAX], sweep_loss[SWEEP_MAX];
	long sweep_bad[SWEEP_MAX];  /* iteration at which that rate diverged, or -1 */
	/* plot cost: the surface over two parameters and the path training takes across it */
	int tracking;               /* trk follows the two parameters during train/step */
	track trk;
	char cost_p[2][SESS_NAMELEN];
	double *cost_grid;          /* (cost_rows, cost_cols) losses; owned */
	int cost_rows, cost_cols;
	double cost_x0, cost_x1, cost_y0, cost_y1;
	/* where we are: for FILE:LINE: errors */
	const char *file;
	int line;
	int depth;          /* nesting of source/lesson */
	int echo_depth;     /* commands at this depth are echoed (a lesson's own lines), 0: none */
	int mute;           /* output is dropped, errors excepted (a resumed lesson replays quietly) */
	const char *text_name; /* "-c" while dl -c's commands run: their errors say -c:LINE: */
	int verbose;        /* dl -v: an interactive lesson shows its checks (expect) too */
	int quiet;          /* dl -q: no status chatter (wrote, loaded, samples, trained …): results only */
	FILE *record;       /* 'record FILE' */
	char *record_path;  /* its name (owned), for errors */
	char last_run[64];  /* the last step/train line: an empty line repeats it */
	int failed_expect;  /* count of failed expects */
	int quit;
	int loading;        /* inside 'load': only model commands are allowed */
	sess_hooks hk;
	struct tutor *tutor;  /* the lesson being run and its open exercise (lang/tutor.c); NULL outside lessons */
	struct session *forks[SESS_MAXFORKS]; /* copies that train beside this one (fork NAME) */
	char fork_name[SESS_MAXFORKS][24];
	int nforks;
	volatile sig_atomic_t *interrupt; /* set by the UI's SIGINT handler */
	const char *lesson_dir;  /* where lessons are found */
	const char *data_dir;    /* where the shipped data files are */
} session;

enum { SESS_OK = 0, SESS_ERROR = 1, SESS_QUIT = 2 };

static inline void sess_set_loss(session *s, double J)
{
	s->last_loss = J;
	s->have_loss = 1;
}

session *sess_new(uint64_t seed, const sess_hooks *hk);
void sess_free(session *s); /* accepts NULL */

/* Execute one logical line (continuations already joined).  Returns SESS_OK, SESS_ERROR
 * (the message was emitted) or SESS_QUIT. */
int sess_exec(session *s, const char *line);

/* Run a script file: stops at its first error (FILE:LINE: in the message). */
int sess_source(session *s, const char *path);

/* Run the lines of an open stream as a script named name (NULL: no FILE:LINE: prefix). */
int sess_run_stream(session *s, FILE *f, const char *name);

/* An empty line at the interactive prompt: repeat the last step or train, if any. */
int sess_repeat(session *s);

/* Everything back to the defaults, as 'reset' does. */
void sess_reset_all(session *s);

/* Run the commands in text (lines or ';'-separated), as 'dl -c' does. */
int sess_run_text(session *s, const char *text, const char *name);

/* 1 when buf (lines typed so far) needs another line: a trailing '\' or an unclosed '['. */
int sess_incomplete(const char *buf);

/* Append line to the logical line being built in *acc (*len bytes so far; *acc malloc'd,
 * NULL to start): a continuation's trailing '\' is dropped and the lines joined by a space.
 * -1 (and *acc unchanged) when the result would pass the lexer's line limit or on no memory.
 * Every front end and the script reader join lines with it. */
int sess_join_line(char **acc, size_t *len, const char *line);

/* A line typed at a prompt, added to the command being typed (*pending: malloc'd, NULL when
 * none): 1 when the command goes on to another line, 0 when *pending holds a whole command
 * (the caller runs and frees it), -1 when it grew past the line limit (the error shown,
 * *pending freed and NULL). */
int sess_feed_line(session *s, char **pending, const char *line);

/* Print formatted output through the emit sink. */
void sess_printf(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Status chatter ("wrote …", "loaded …", "trained …"): a line of output that dl -q leaves out. */
void sess_note(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A warning (a whole line): where errors go, never into the results (spec §8). */
void sess_warn(session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report an error: "FILE:LINE: error: CMD: message" or "error: CMD: message". */
int sess_error(session *s, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The temporary file a write goes through (tempfile.c): a new FILE.tmp.PID.XXXXXX beside
 * target, open for writing (its malloc'd name in *path), after removing the ones a killed
 * dl left there; -1 with errno.  sess_temp_done when it was renamed or removed;
 * sess_temp_discard removes it, from a signal handler (async-signal-safe). */
int sess_temp_open(const char *target, char **path);
void sess_temp_done(void);
void sess_temp_discard(void);

/* Hooks for a long engine loop that is not training (gradcheck, writing big data): the UI
 * ticks on and Ctrl-C or SIGTERM stops it (the interrupt is cleared first: give it to the
 * loop once).  sess_poll is the same for a loop of the language's own: 1 means stop. */
train_hooks sess_long_hooks(session *s);
int sess_poll(session *s, train_clock *c);

/* The memory budget, one for the whole session (spec: dl --mem-mb): what it holds, in
 * doubles — the network's parameters and gradients, the optimizer's state, the data, the undo
 * and rewind snapshots, the cost surface, and every fork's share the same — summed over the
 * root session and its forks. */
typedef struct sess_held {
	double net, optim, data, undo, snaps, forks, other;
} sess_held;
double sess_held_get(const session *s, sess_held *h); /* s's own share and its forks'; the total */
double sess_held_total(const session *s);             /* the root's total: all of it */
/* 0 when want more values fit once `freed` of those held are let go; else -1 with err:
 * "WHAT needs N values; the session holds M (network A, optimizer B, …) of the budget of C
 * values (dl --mem-mb raises it)". */
int sess_budget_fits(const session *s, double want, double freed, const char *what, char *err, size_t errn);

/* 1 when a and b have the same layers: each one dense or not, with the same widths (the
 * activations may differ); then parameters and workspaces of one fit the other. */
int sess_same_shape(const net *a, const net *b);

/* 0 when the workspaces of nt for a batch of N samples fit in the memory budget; else -1 with
 * a message in err.  Call it before anything that reserves them (net_reserve, train_run, …). */
int sess_batch_fits(const session *s, const net *nt, long N, char *err, size_t errn);

/* The functions 'plot fn' draws (cmd_plot.c), by name: their index, -1 when unknown; value at x. */
extern const char *const plot_fn_names[];
int plot_fn_index(const char *name);
double plot_fn_eval(int k, double x);

/* The raw (un-normalised) value of input d of training row n. */
static inline double sess_raw_input(const session *s, int n, int d)
{
	double v = s->ds.X.v[(size_t)n * s->ds.D + d];
	return s->ds.normalized ? v * s->ds.sd[d] + s->ds.mu[d] : v;
}

/* Completion: the n-th candidate (0, 1, …) for the word prefix at word position pos of the
 * line so far (pos 0: command names); NULL when exhausted.  File names are the UI's job:
 * *want_files is set when the argument is a file name. */
const char *sess_complete(session *s, const char *line_so_far, int pos, const char *prefix,
			  int n, int *want_files);

/* A value by name as brief text for the side panel ("0.354", "[0.1 0.2 …]"), "?" if unknown. */
void sess_value_brief(session *s, const char *name, char *buf, size_t n);
/* The L2 norm of each dense layer's gradient (dWk and dbk together) into norms[k-1];
 * returns how many were written. */
int sess_grad_norms(const session *s, double *norms, int max);

/* Health of layer i after the last forward pass: for relu/leaky_relu the units dead on every
 * sample of the batch, for sigmoid/tanh the units saturated on 90% of it; *units the width.
 * Returns 0, or -1 when the layer has no such count (dense, softmax, no forward yet). */
int sess_layer_health(const session *s, int i, int *bad, int *units);

/* A status summary for the status line and side panel. */
typedef struct sess_status {
	long iter;
	double loss;
	double lr;
	const char *optim;
	int batch;
	int training, diverged;
	long bad_iter;
	int stuck, stuck_layer; /* session.stuck, session.stuck_layer: the pane's banner */
} sess_status;
void sess_status_get(const session *s, sess_status *st);

#endif
