/* cmd.c — the command table: names, arguments, help, lookup and completion. */
#include "cmd.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACTS "dense relu sigmoid tanh leaky_relu softmax affine fc"

const cmd_entry cmd_table[] = {
	{ "layer", NULL, 1, 3, "layer dense IN OUT | layer relu|sigmoid|tanh|softmax | layer leaky_relu [alpha=F]",
	  "Append a layer. 'dense IN OUT' (aliases affine, fc) is out = x·W + b with W (IN, OUT) and b (OUT,),\n"
	  "initialised uniformly in ±1/√IN as PyTorch does (set them by hand with 'set', or 'init');\n"
	  "the others are activations applied element-wise (softmax: per row).",
	  "layer dense 4 1", "alpha", COMP_WORDS, ACTS, 1, cmd_layer },
	{ "net", NULL, 0, 1, "net [SIZES] [act=relu|sigmoid|tanh|leaky_relu] [out=linear|sigmoid|softmax]",
	  "With sizes such as 2-5-5-5-1: replace the network by a fully connected stack with the activation\n"
	  "between dense layers (default relu) and the given output (default linear), weights initialised\n"
	  "He-normal for relu stacks and Xavier otherwise, biases 0. Alone: show the network.",
	  "net 2-5-5-5-1 act=relu", "act out", COMP_NONE, NULL, 1, cmd_net },
	{ "show", NULL, 1, 1, "show net|data|settings|layers",
	  "Show the network (layers, parameter shapes and counts, loss), the data summary, the settings, or\n"
	  "inside the layers: dead ReLU and saturated sigmoid/tanh units, and each layer's gradient norm.",
	  "show layers", NULL, COMP_WORDS, "net data settings layers", 0, cmd_show },
	{ "loss", NULL, 0, 1, "loss [mse|ce|bce]",
	  "Choose the loss: mse = 1/N Σ_i Σ_k (out − y)² (default), ce = softmax cross-entropy with class\n"
	  "indices in y, bce = sigmoid binary cross-entropy. Alone: print the current loss value.",
	  "loss mse", NULL, COMP_WORDS, "mse ce bce", 0, cmd_loss },
	{ "reset", NULL, 0, 1, "reset [net]",
	  "Remove all layers, data, history and settings, back to the defaults; 'reset net' removes only the layers.",
	  "reset", NULL, COMP_WORDS, "net", 1, cmd_reset },
	{ "init", NULL, 1, 1, "init he|xavier|normal|uniform|zeros [std=F] [seed=N]",
	  "(Re)initialise all weights by the scheme (biases become 0); seed=N makes it repeatable.",
	  "init he seed=1", "std seed", COMP_WORDS, "he xavier normal uniform zeros", 1, cmd_init },
	{ "set", NULL, 2, 2, "set NAME ARRAY | set NAME[i,j] VALUE | set NAME ARRAY at=K",
	  "Set a parameter from a literal with the same number of elements (row-major), or one element;\n"
	  "at=K fills from flat element K on (saved models write long tensors in such pieces).",
	  "set W1 [0.3, 0.2, 0.4, 0.3]", "at", COMP_PARAM, NULL, 1, cmd_set },
	{ "print", "p", 1, -1, "print NAME...",
	  "Print values with their shape: parameters, gradients, zk, hk, out, x, y, elements W1[0,2],\n"
	  "and settings (lr, batch, loss, optim, seed, precision, iteration).",
	  "print W1 b1", NULL, COMP_PARAM, NULL, 0, cmd_print },
	{ "grad", NULL, 0, 0, "grad",
	  "Print every gradient with its shape and L2 norm (run 'backward' first).", "grad", NULL,
	  COMP_NONE, NULL, 0, cmd_grad },
	{ "watch", NULL, 1, -1, "watch NAME...",
	  "Show these values on every iteration line and in the live pane.", "watch W1 dW1 b1 db1", NULL,
	  COMP_PARAM, NULL, 0, cmd_watch },
	{ "unwatch", NULL, 0, -1, "unwatch [NAME...]", "Stop watching the names (all when none given).",
	  "unwatch dW1", NULL, COMP_PARAM, NULL, 0, cmd_unwatch },
	{ "precision", NULL, 1, 2, "precision N [fixed]",
	  "Significant digits in printed numbers (1 to 17; default 6); 'fixed': N decimals, as %.2f prints.",
	  "precision 2 fixed", NULL, COMP_WORDS, "fixed", 0, cmd_precision },
	{ "data", NULL, 0, 3,
	  "data gen dates|xor|circle|spiral|gauss [n=N] [noise=F] [income=k|raw] [edu=E] [seed=S] [into=train|test]\n"
	  "       data load FILE [target=COL] | data split test=F | data save FILE | data",
	  "Make, load or split the data set; alone: sizes and per-column min, max, mean, std.\n"
	  "A new training set from 'data gen' keeps the test set (into=test replaces it).\n"
	  "dates: education 0..25, income 0..9 thousands (income=raw: 0..9999), dates = 0.8·edu + 0.3·income + 2 + noise.",
	  "data gen dates n=100 income=raw", "n noise income edu seed into target test", COMP_WORDS,
	  "gen load split save dates xor circle spiral gauss", 0, cmd_data },
	{ "normalize", "normalise", 0, 0, "normalize",
	  "Standardise the input features (z-score) and remember the transform for 'forward ARRAY'.",
	  "normalize", NULL, COMP_NONE, NULL, 0, cmd_normalize },
	{ "x", NULL, 1, 1, "x ARRAY", "Set the inputs directly: one row per sample.",
	  "x [[0, 0], [0, 1], [1, 0], [1, 1]]", NULL, COMP_NONE, NULL, 0, cmd_x },
	{ "y", NULL, 1, 1, "y ARRAY", "Set the targets directly: one row per sample (for ce, a flat list of class indices).",
	  "y [0, 1, 1, 0]", NULL, COMP_NONE, NULL, 0, cmd_y },
	{ "forward", "fwd", 0, 2, "forward [ARRAY] [-v]",
	  "Forward pass on ARRAY (one row per sample) or on the data; prints out; -v prints every zk/hk.",
	  "forward [0.1, 0.3, 0.2, 0.1] -v", NULL, COMP_WORDS, "-v", 0, cmd_forward },
	{ "backward", NULL, 0, 0, "backward",
	  "Forward + loss + backpropagation on the current batch: fills the gradients, changes no weight.",
	  "backward", NULL, COMP_NONE, NULL, 0, cmd_backward },
	{ "update", NULL, 0, 0, "update", "Apply the optimizer to the weights with the current gradients.",
	  "update", NULL, COMP_NONE, NULL, 1, cmd_update },
	{ "step", NULL, 0, 1, "step [N]", "N times (forward, backward, update), one iteration line each.",
	  "step 3", NULL, COMP_NONE, NULL, 1, cmd_step },
	{ "train", NULL, 1, 1, "train N [every=K] [until=loss<F|acc>F] [stop=diverge|never]",
	  "Run N iterations, printing an iteration line every K; stops early when the condition holds and\n"
	  "(by default) at the first loss that is not finite. Ctrl-C stops it and keeps the shell.",
	  "train 90000 every=10000", "every until stop", COMP_NONE, NULL, 1, cmd_train },
	{ "undo", NULL, 0, 0, "undo",
	  "Return the network to its state before the last command that changed it (after a divergence:\n"
	  "its last finite state).", "undo", NULL, COMP_NONE, NULL, 0, cmd_undo },
	{ "eval", NULL, 0, 1, "eval [train|test]", "Loss (and accuracy for ce/bce) on a data set, without training.",
	  "eval test", NULL, COMP_WORDS, "train test", 0, cmd_eval },
	{ "gradcheck", NULL, 0, 0, "gradcheck [h=1e-5] [max=N]",
	  "Compare every analytic gradient with the central difference (J(w+h) − J(w−h)) / 2h; prints the\n"
	  "largest relative error per parameter and pass/fail (checks at most max elements per tensor, default 50).",
	  "gradcheck", "h max", COMP_NONE, NULL, 0, cmd_gradcheck },
	{ "lr", NULL, 0, 1, "lr [F]", "Set (or print) the learning rate (default 0.01).", "lr 1e-4", NULL,
	  COMP_NONE, NULL, 0, cmd_lr },
	{ "batch", NULL, 0, 1, "batch [N|full]", "Set (or print) the mini-batch size (default full).", "batch 64",
	  NULL, COMP_WORDS, "full", 0, cmd_batch },
	{ "optim", NULL, 0, 1, "optim [sgd|momentum|nesterov|rmsprop|adam] [momentum=F] [alpha=F] [beta1=F] [beta2=F] [eps=F]",
	  "Choose the optimizer; update rules and defaults as PyTorch's torch.optim (momentum 0.9;\n"
	  "Adam betas 0.9, 0.999, eps 1e-8; RMSprop alpha 0.99).", "optim adam",
	  "momentum alpha beta1 beta2 eps beta", COMP_WORDS, "sgd momentum nesterov rmsprop adam", 0, cmd_optim },
	{ "seed", NULL, 0, 1, "seed [N]", "Seed the random number generator: the same seed gives the same numbers everywhere.",
	  "seed 42", NULL, COMP_NONE, NULL, 0, cmd_seed },
	{ "plot", NULL, 1, 4, "plot loss [log|linear] | plot fn NAME [XMIN XMAX] | plot net [XMIN XMAX] [input=K] | plot fit COL [COL=VALUE...]\n"
	  "       plot lr F1 F2 [n=K] [iters=M] | plot cost P1 P2 [x0= x1= y0= y1=] | plot grad | plot weights WK",
	  "Plot the loss history, an activation function (sigmoid relu leaky_relu tanh d_sigmoid d_relu\n"
	  "d_leaky_relu d_tanh), the network's output against one input, data and predictions, a learning-rate\n"
	  "sweep (copies trained from the same start; diverged rates in red), or the loss surface over two\n"
	  "parameter elements with the path that training takes across it, each layer's gradient norm over\n"
	  "time (vanishing gradients), or a Hinton view of a weight matrix (sign by colour, size by fill).",
	  "plot fn sigmoid -6 6", "*", COMP_WORDS,
	  "loss fn net fit lr cost grad weights log linear sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh", 0, cmd_plot },
	{ "source", NULL, 1, 1, "source FILE", "Run a script; it stops at its first error.", "source my.dl", NULL,
	  COMP_FILE, NULL, 0, cmd_source },
	{ "lesson", NULL, 0, 1, "lesson [N|NAME]", "Run a lesson (alone: list them).", "lesson 1", NULL, COMP_NONE,
	  NULL, 0, cmd_lesson },
	{ "lessons", NULL, 0, 0, "lessons", "List the lessons.", "lessons", NULL, COMP_NONE, NULL, 0, cmd_lessons },
	{ "record", NULL, 1, 1, "record FILE | record off",
	  "Write every command typed from now on to FILE, as a script that replays the session.",
	  "record session.dl", NULL, COMP_FILE, NULL, 0, cmd_record },
	{ "say", NULL, 0, -1, "say TEXT", "Print narrative text.", "say Look at the loss curve.", NULL, COMP_NONE,
	  NULL, 0, cmd_say },
	{ "pause", NULL, 0, 0, "pause", "Wait for Enter in the interactive UI; nothing in batch mode.", "pause", NULL,
	  COMP_NONE, NULL, 0, cmd_pause },
	{ "expect", NULL, 2, 2, "expect NAME VALUE [tol=F] | expect NAME >=VALUE | expect NAME <=VALUE",
	  "Fail unless NAME is within tol (default 1e-6 relative) of VALUE, or beyond the bound. NAME: a value,\n"
	  "an element, lr, loss, iteration, acc, test_loss, test_acc, or bad_iter (where the loss first turned\n"
	  "inf or nan; -1 if it never did).",
	  "expect out 0.354 tol=0.001", "tol", COMP_PARAM, NULL, 0, cmd_expect },
	{ "save", NULL, 1, 1, "save FILE",
	  "Write the network, its weights (full precision) and settings as a dl script; the write is atomic.",
	  "save model.dl", NULL, COMP_FILE, NULL, 0, cmd_save },
	{ "load", NULL, 1, 1, "load FILE",
	  "Rebuild the network from a saved file; a damaged file is refused and the network left untouched.",
	  "load model.dl", NULL, COMP_FILE, NULL, 0, cmd_load },
	{ "explain", NULL, 2, 2, "explain forward zK|hK|out [sample=N] | explain backward WK|bK [sample=N]",
	  "Show the arithmetic of one value with the session's numbers substituted: forward, the sum\n"
	  "Σ wᵢxᵢ + b and the activation; backward, the chain-rule factors that make up a gradient, with shapes.",
	  "explain backward W1", "sample", COMP_WORDS, "forward backward", 0, cmd_explain },
	{ "export", NULL, 2, 2, "export numpy FILE.py [iterations=N] | export csv FILE",
	  "numpy: write a standalone numpy program (tutorial style) with this network, its weights, the data and\n"
	  "the training settings, which computes the same loss; csv: write the loss history.",
	  "export numpy model.py", "iterations", COMP_WORDS, "numpy csv", 0, cmd_export },
	{ "rewind", NULL, 1, 1, "rewind N",
	  "Return the weights to N iterations ago, from the snapshots taken while training (64 kept, spread\n"
	  "over each run); 'undo' comes back.", "rewind 1000", NULL, COMP_NONE, NULL, 0, cmd_rewind },
	{ "diff", NULL, 2, 2, "diff NAME @-K | diff NAME @N",
	  "How much a parameter (or element) changed since K iterations ago, or since iteration N.",
	  "diff W1 @-100", NULL, COMP_PARAM, NULL, 0, cmd_diff },
	{ "fork", NULL, 0, 2, "fork NAME [lr=F] [batch=N|full] [act=relu|sigmoid|tanh|leaky_relu] [optim=NAME] [normalize=yes] | fork | fork drop NAME|all",
	  "Copy the network and data with one setting changed; from then on 'train N' trains the forks too and\n"
	  "'plot loss' overlays their curves. Alone: list the forks.",
	  "fork fast lr=0.01", "lr batch act optim normalize", COMP_NONE, NULL, 0, cmd_fork },
	{ "help", "?", 0, 1, "help [COMMAND]", "List the commands, or show one command's usage and an example.",
	  "help train", NULL, COMP_CMD, NULL, 0, cmd_help },
	{ "quit", "exit q", 0, 0, "quit", "Leave dl (Ctrl-D too).", "quit", NULL, COMP_NONE, NULL, 0, cmd_quit },
};
const int cmd_count = (int)(sizeof cmd_table / sizeof cmd_table[0]);

static int has_alias(const cmd_entry *c, const char *w)
{
	const char *p = c->alias;
	size_t wl = strlen(w);
	while (p && *p) {
		size_t l = strcspn(p, " ");
		if (l == wl && !strncmp(p, w, l))
			return 1;
		p += l + (p[l] == ' ');
	}
	return 0;
}

const cmd_entry *cmd_find(const char *word, char *err, size_t errn)
{
	const cmd_entry *hit = NULL;
	int nhit = 0;
	size_t wl = strlen(word);
	for (int i = 0; i < cmd_count; i++)
		if (!strcmp(cmd_table[i].name, word) || has_alias(&cmd_table[i], word))
			return &cmd_table[i];
	char cands[512] = "";
	for (int i = 0; i < cmd_count; i++)
		if (!strncmp(cmd_table[i].name, word, wl)) {
			hit = &cmd_table[i];
			nhit++;
			size_t cl = strlen(cands);
			snprintf(cands + cl, sizeof cands - cl, "%s%s", cl ? ", " : "", cmd_table[i].name);
		}
	if (nhit == 1)
		return hit;
	if (nhit > 1) {
		snprintf(err, errn, "ambiguous command '%s': could be %s", word, cands);
		return NULL;
	}
	int best = 9;
	const char *near = NULL;
	for (int i = 0; i < cmd_count; i++) {
		int d = lex_distance(word, cmd_table[i].name);
		if (d < best) {
			best = d;
			near = cmd_table[i].name;
		}
	}
	if (near && best <= 2 && best < (int)wl)
		snprintf(err, errn, "unknown command '%.40s' — did you mean '%s'? (help lists the commands)", word, near);
	else
		snprintf(err, errn, "unknown command '%.40s' (help lists the commands)", word);
	return NULL;
}

const char *cmd_opt(const cmd_args *a, const char *key)
{
	for (int i = 0; i < a->nopt; i++)
		if (!strcmp(a->key[i], key))
			return a->val[i];
	return NULL;
}

int cmd_opt_num(session *s, const cmd_args *a, const char *key, double *v)
{
	const char *o = cmd_opt(a, key);
	if (o && lex_number(o, v)) {
		CMD_ERR(s, a, "%s=%.40s: not a number", key, o);
		return -1;
	}
	return 0;
}

int cmd_opt_int(session *s, const cmd_args *a, const char *key, long lo, long hi, long *v)
{
	const char *o = cmd_opt(a, key);
	if (o && lex_int(o, lo, hi, v)) {
		CMD_ERR(s, a, "%s=%.40s: expected a whole number from %ld to %ld", key, o, lo, hi);
		return -1;
	}
	return 0;
}

int cmd_arg_num(session *s, const cmd_args *a, int i, double *v)
{
	if (lex_number(a->argv[i], v)) {
		CMD_ERR(s, a, "'%.40s' is not a number (argument %d)", a->argv[i], i + 1);
		return -1;
	}
	return 0;
}

int cmd_arg_int(session *s, const cmd_args *a, int i, long lo, long hi, long *v)
{
	if (lex_int(a->argv[i], lo, hi, v)) {
		CMD_ERR(s, a, "'%.40s' is not a whole number from %ld to %ld (argument %d)", a->argv[i], lo, hi, i + 1);
		return -1;
	}
	return 0;
}

int cmd_help(session *s, cmd_args *a)
{
	if (!a->argc) {
		sess_printf(s, "Commands (any unique prefix works; 'help COMMAND' for details):\n");
		for (int i = 0; i < cmd_count; i++) {
			const char *nl = strchr(cmd_table[i].help, '\n');
			int l = nl ? (int)(nl - cmd_table[i].help) : (int)strlen(cmd_table[i].help);
			sess_printf(s, "  %-10s %.*s\n", cmd_table[i].name, l, cmd_table[i].help);
		}
		return SESS_OK;
	}
	char err[256];
	const cmd_entry *c = cmd_find(a->argv[0], err, sizeof err);
	if (!c)
		return CMD_ERR(s, a, "%s", err);
	sess_printf(s, "usage: %s\n%s\n", c->usage, c->help);
	if (c->alias)
		sess_printf(s, "aliases: %s\n", c->alias);
	sess_printf(s, "example: %s\n", c->example);
	return SESS_OK;
}

int cmd_quit(session *s, cmd_args *a)
{
	(void)a;
	s->quit = 1;
	return SESS_QUIT;
}

/* ---- completion ---- */

static const char *next_word(const char **p, char *buf, size_t n)
{
	while (**p == ' ')
		(*p)++;
	if (!**p)
		return NULL;
	size_t l = strcspn(*p, " ");
	snprintf(buf, n, "%.*s", (int)(l < n ? l : n - 1), *p);
	*p += l;
	return buf;
}

const char *sess_complete(session *s, const char *line_so_far, int pos, const char *prefix,
			  int n, int *want_files)
{
	static char out[SESS_NAMELEN + 8];
	size_t pl = strlen(prefix);
	int seen = 0;
	*want_files = 0;
	const cmd_entry *c = NULL;
	if (pos > 0) {
		char first[64], err[256];
		const char *p = line_so_far;
		if (!next_word(&p, first, sizeof first) || !(c = cmd_find(first, err, sizeof err)))
			return NULL;
	}
	int kind = pos == 0 ? COMP_CMD : c->complete;
	if (kind == COMP_CMD) {
		for (int i = 0; i < cmd_count; i++)
			if (!strncmp(cmd_table[i].name, prefix, pl) && seen++ == n)
				return cmd_table[i].name;
		return NULL;
	}
	/* options first: key= */
	const char *o = c->opts && strcmp(c->opts, "*") ? c->opts : NULL;
	while (o && *o) {
		size_t l = strcspn(o, " ");
		if (l + 1 < sizeof out) {
			snprintf(out, sizeof out, "%.*s=", (int)l, o);
			if (!strncmp(out, prefix, pl) && seen++ == n)
				return out;
		}
		o += l + (o[l] == ' ');
	}
	if (kind == COMP_FILE || (c->fn == cmd_data && pos == 2)) {
		*want_files = 1;
		return NULL;
	}
	if (kind == COMP_WORDS) {
		const char *w = c->words;
		while (w && *w) {
			size_t l = strcspn(w, " ");
			snprintf(out, sizeof out, "%.*s", (int)(l < sizeof out ? l : sizeof out - 1), w);
			if (!strncmp(out, prefix, pl) && seen++ == n)
				return out;
			w += l + (w[l] == ' ');
		}
		return NULL;
	}
	if (kind == COMP_PARAM) {
		static const char *fixed[] = { "x", "y", "out", "lr", "batch", "loss", "optim", "seed", "precision" };
		for (int k = 1; k <= s->nt.ndense; k++)
			for (int j = 0; j < 4; j++) {
				static const char *pre[] = { "W", "b", "dW", "db" };
				snprintf(out, sizeof out, "%s%d", pre[j], k);
				if (!strncmp(out, prefix, pl) && seen++ == n)
					return out;
			}
		for (int k = 1; k <= s->nt.ndense; k++)
			for (int j = 0; j < 2; j++) {
				snprintf(out, sizeof out, "%c%d", j ? 'h' : 'z', k);
				if (!strncmp(out, prefix, pl) && seen++ == n)
					return out;
			}
		for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
			if (!strncmp(fixed[j], prefix, pl) && seen++ == n)
				return fixed[j];
	}
	return NULL;
}
