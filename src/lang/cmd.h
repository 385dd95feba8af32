/* cmd.h — the command table and what command handlers share (internal to the language). */
#ifndef DL_CMD_H
#define DL_CMD_H
#include "lex.h"
#include "session.h"

#define CMD_MAXOPTS 16

/* A parsed command line: positional arguments and key=value options. */
typedef struct cmd_args {
	const struct cmd_entry *cmd;
	const struct cmd_sub *sub;         /* the sub-command (plot fn, data load), or NULL */
	int argc;
	char *argv[LEX_MAXWORDS];          /* positional words (a sub-command's name is argv[0]) */
	const char *rest;                  /* raw text after the command word (CMD_RAW) */
	int nopt;
	char *key[CMD_MAXOPTS], *val[CMD_MAXOPTS];
} cmd_args;

typedef int (*cmd_fn)(session *s, cmd_args *a);

/* What completes an argument: nothing, file names, value names (W1, dW1, x, lr …), the
 * entry's words, command names. */
enum { COMP_NONE, COMP_FILE, COMP_PARAM, COMP_WORDS, COMP_CMD };

/* What the interpreter does around a command (cmd_entry.flags). */
enum {
	CMD_RAW = 1 << 0,      /* takes the raw text after its name: no options, no counts (say) */
	CMD_NOECHO = 1 << 1,   /* a lesson does not echo it as typed (say, pause) */
	CMD_NORECORD = 1 << 2, /* 'record' does not write it to the recording (record itself) */
	CMD_REPEAT = 1 << 3,   /* Enter on an empty line at the prompt runs it again (step, train) */
	CMD_MODEL = 1 << 4,    /* allowed in a saved model, which 'load' runs */
	CMD_CHANGES = 1 << 5,  /* changes the network: an undo snapshot is taken first */
	CMD_EXACT = 1 << 6,    /* only its whole name runs it: no prefix (a lesson's words: task, hint …) */
	CMD_CHECK = 1 << 7,    /* a check (expect): an interactive lesson neither echoes it nor shows its 'ok:' */
};

/* The groups of 'help' (cmd_entry.group), in the order it lists them. */
enum { CMD_G_NET, CMD_G_DATA, CMD_G_TRAIN, CMD_G_INSIDE, CMD_G_FILES, CMD_G_LESSONS, CMD_G_SHELL, CMD_G_COUNT };

/* A sub-command (plot fn, data load): its own arguments, options, usage and handler.  The
 * handler sees the sub-command's name as argv[0]; min and max count the words after it. */
typedef struct cmd_sub {
	const char *name;
	int min, max;                /* positional arguments after the name (max -1: any) */
	const char *usage;           /* one line: "plot fn NAME [XMIN XMAX]" */
	const char *opts;            /* space-separated option keys; "*": any key; NULL: none */
	int complete;                /* COMP_* for its arguments */
	const char *words;           /* COMP_WORDS: space-separated choices */
	cmd_fn fn;
} cmd_sub;

typedef struct cmd_entry {
	const char *name;
	const char *alias;           /* space-separated other names, or NULL */
	int min, max;                /* positional argument counts (max -1: any) */
	const char *usage;           /* NULL when made from the sub-commands' usages */
	const char *help;
	const char *summary;         /* one line for 'help' alone (at most 66 characters) */
	const char *example;
	const char *opts;            /* space-separated option keys, or NULL */
	int complete;                /* COMP_* for the arguments */
	const char *words;           /* COMP_WORDS: space-separated choices */
	int flags;                   /* CMD_* */
	int group;                   /* CMD_G_*: where 'help' lists it */
	const cmd_sub *subs;         /* sub-commands (the first word chooses one), ending in a
				      * { .name = NULL }; or NULL */
	cmd_fn fn;                   /* the command; with subs, run when no sub-command is given */
} cmd_entry;

extern const cmd_entry cmd_table[];
extern const int cmd_count;

/* The sub-command tables of the command families (cmd_plot.c, cmd_data.c). */
extern const cmd_sub plot_subs[];
extern const cmd_sub data_subs[];

/* The usage of a command into buf: its usage line, or its sub-commands' usages one per line
 * (indented under the first: "usage: " goes before it); returns buf. */
const char *cmd_usage(const cmd_entry *c, char *buf, size_t n);
/* The usage of the command line a was parsed from: the sub-command's when there is one. */
const char *cmd_args_usage(const cmd_args *a, char *buf, size_t n);

/* A sub-command of c by its exact name; NULL (with "unknown …, did you mean" in err) if none. */
const cmd_sub *cmd_find_sub(const cmd_entry *c, const char *word, char *err, size_t errn);

/* The closest of the space-separated words to w (at most 2 edits, fewer than w's length)
 * into near; 0 when none is close.  For "did you mean". */
int cmd_nearest(const char *w, const char *words, char *near, size_t n);

/* Look a command word up: exact name or alias, else a unique prefix.  On failure returns
 * NULL with a message (unknown + suggestion, or ambiguous + candidates) in err. */
const cmd_entry *cmd_find(const char *word, char *err, size_t errn);

/* The option's value, or NULL when not given. */
const char *cmd_opt(const cmd_args *a, const char *key);
/* Parse an option as a number / integer; *v untouched when absent.  -1 (error emitted) when bad. */
int cmd_opt_num(session *s, const cmd_args *a, const char *key, double *v);
int cmd_opt_int(session *s, const cmd_args *a, const char *key, long lo, long hi, long *v);
/* A positional argument as a number / integer in range; -1 (error emitted) when bad. */
int cmd_arg_num(session *s, const cmd_args *a, int i, double *v);
int cmd_arg_int(session *s, const cmd_args *a, int i, long lo, long hi, long *v);
/* Error in the current command's name. */
#define CMD_ERR(s, a, ...) sess_error((s), (a)->cmd->name, __VA_ARGS__)

/* Handlers, one file per family. */
int cmd_layer(session *s, cmd_args *a);
int cmd_net(session *s, cmd_args *a);
int cmd_show(session *s, cmd_args *a);
int cmd_loss(session *s, cmd_args *a);
int cmd_reset(session *s, cmd_args *a);
int cmd_init(session *s, cmd_args *a);
int cmd_set(session *s, cmd_args *a);
int cmd_print(session *s, cmd_args *a);
int cmd_grad(session *s, cmd_args *a);
int cmd_watch(session *s, cmd_args *a);
int cmd_unwatch(session *s, cmd_args *a);
int cmd_precision(session *s, cmd_args *a);
int cmd_data(session *s, cmd_args *a);
int cmd_normalize(session *s, cmd_args *a);
int cmd_x(session *s, cmd_args *a);
int cmd_y(session *s, cmd_args *a);
int cmd_forward(session *s, cmd_args *a);
int cmd_backward(session *s, cmd_args *a);
int cmd_update(session *s, cmd_args *a);
int cmd_step(session *s, cmd_args *a);
int cmd_train(session *s, cmd_args *a);
int cmd_undo(session *s, cmd_args *a);
int cmd_eval(session *s, cmd_args *a);
int cmd_gradcheck(session *s, cmd_args *a);
int cmd_lr(session *s, cmd_args *a);
int cmd_batch(session *s, cmd_args *a);
int cmd_optim(session *s, cmd_args *a);
int cmd_seed(session *s, cmd_args *a);
int cmd_source(session *s, cmd_args *a);
int cmd_lesson(session *s, cmd_args *a);
int cmd_lessons(session *s, cmd_args *a);
int cmd_record(session *s, cmd_args *a);
int cmd_say(session *s, cmd_args *a);
int cmd_pause(session *s, cmd_args *a);
int cmd_expect(session *s, cmd_args *a);
int cmd_save(session *s, cmd_args *a);
int cmd_load(session *s, cmd_args *a);
int cmd_help(session *s, cmd_args *a);
int cmd_explain(session *s, cmd_args *a);
int cmd_export(session *s, cmd_args *a);

/* cmd_sweep.c: plot lr and plot cost, called by cmd_plot */
int sweep_lr_cmd(session *s, cmd_args *a);
int sweep_cost_cmd(session *s, cmd_args *a);

/* cmd_fork.c */
int cmd_fork(session *s, cmd_args *a);
/* The session owns its forks (session.c): drop fork i, or all of them. */
void sess_drop_fork(session *s, int i);
void sess_drop_forks(session *s);

/* training.c: what one run of training is asked to do ('step', 'train', and the forks). */
typedef struct sess_train_req {
	long iters;          /* iterations */
	long every;          /* an iteration line every so many (0: none; 1: step's lines) */
	int stop_diverge;    /* stop at the first loss that is not finite */
	int until;           /* UNTIL_* (engine/train.h), or 0 */
	double until_val;
	const char *until_text; /* "loss<0.1", as typed, for the message when it holds */
	double speed;        /* speed=K: at most K iterations per second (0: full speed) */
} sess_train_req;
/* Train the session's network (then its forks, unless every is 1) as rq says, reporting as
 * train does; cmd names the command in errors.  SESS_OK or SESS_ERROR (divergence included). */
int sess_train(session *s, const char *cmd, const sess_train_req *rq);

/* cmd_inside.c */
int cmd_rewind(session *s, cmd_args *a);
int cmd_diff(session *s, cmd_args *a);
void inside_show_layers(session *s);
int cmd_quit(session *s, cmd_args *a);

/* Shared between families (session.c / cmd_value.c). */
/* Print "NAME (shape)" and the values, numpy-style. */
void cmd_print_tensor(session *s, const char *name, const tensor *t);
/* Resolve a value name (parameter, gradient, zk/hk/out, x, y, or an element NAME[i,j]) to a
 * view; *elem is set to the element's index or -1 for the whole tensor.  -1 if unknown,
 * with a message in err. */
int sess_lookup(session *s, const char *name, tensor *view, long *elem, char *err, size_t errn);
/* A setting's value by name (lr, batch, loss, …) into buf; NULL when not a setting. */
const char *sess_setting(session *s, const char *name, char *buf, size_t n);
/* Save a snapshot of the network for 'undo' (what names the command). */
int sess_push_undo(session *s, const char *what); /* 1 when a snapshot was taken */
/* A write to the recording failed (errno e): say so once and stop recording. */
void sess_record_failed(session *s, int e);
/* Stop recording (record off, reset, the end of the session). */
void sess_record_close(session *s);
/* Drop the newest undo snapshot (the command it was taken for changed nothing). */
void sess_pop_undo(session *s);
/* Inside 'load', the weights a model has not set yet: a NaN whose payload no saved "nan"
 * reads back as, so that a model missing a line is refused. */
static inline double sess_unset_value(void)
{
	union { unsigned long long u; double d; } m = { 0x7ff4d1ee7e55e77dULL };
	return m.d;
}
static inline int sess_is_unset(double v)
{
	union { double d; unsigned long long u; } m = { v };
	return m.u == 0x7ff4d1ee7e55e77dULL;
}
/* The network changed shape: forget optimizer state and batches. */
void sess_net_changed(session *s);
/* Print the iteration line for iteration iter. */
void sess_iter_line(session *s, long iter, double loss);
/* Convert a literal for use as x (N, D): a flat list is one sample when it matches the
 * network's input width, else one value per sample when the network takes one input. */
void sess_shape_input(session *s, tensor *t);
/* Replace the file at path by what put(f, ctx) writes to a stream (put returns nonzero on an
 * error), so that a failure at any point leaves the old file as it was and no temporary file:
 * a temporary file beside the target is flushed to disk and renamed over it.  An existing
 * device or pipe (/dev/null, /dev/full) is written in place; a symbolic link is followed.
 * Returns 0 or an errno value.  hk (may be NULL) is looked at as the stream is written: Ctrl-C
 * stops it, EINTR (the old file unchanged). */
int sess_write_file(const train_hooks *hk, const char *path, int (*put)(FILE *f, void *ctx), void *ctx);
/* The same with the session's hooks (sess_long_hooks), where path "-" is standard output
 * (the console in the full-screen UI). */
int sess_write_out(session *s, const char *path, int (*put)(FILE *f, void *ctx), void *ctx);
/* The command's error for a write that returned e (an errno value): stopped, or why not. */
int sess_write_failed(session *s, cmd_args *a, const char *path, int e);
/* Find a data file: as given, else under the data directory. Result in buf. */
const char *sess_find_file(session *s, const char *path, const char *dir, char *buf, size_t n);

#endif
