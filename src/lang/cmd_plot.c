/* cmd_plot.c — the plot command: which view, over what; its sub-command table.  The numbers are made
 * here; src/plot/view.c turns the view into cells; the UI or plain text output shows them. */
#include "cmd.h"
#include "fmt.h"
#include "engine/loss.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>


const char *const plot_fn_names[] = { "sigmoid", "relu", "leaky_relu", "tanh",
				  "d_sigmoid", "d_relu", "d_leaky_relu", "d_tanh" };

double plot_fn_eval(int k, double x)
{
	double sg = 1 / (1 + exp(-x)), th = tanh(x);
	switch (k) {
	case 0: return sg;
	case 1: return x > 0 ? x : 0;
	case 2: return x > 0 ? x : 0.01 * x;
	case 3: return th;
	case 4: return sg * (1 - sg);
	case 5: return x > 0 ? 1 : 0;
	case 6: return x > 0 ? 1 : 0.01;
	default: return 1 - th * th;
	}
}

int plot_fn_index(const char *name)
{
	for (int i = 0; i < 8; i++)
		if (!strcmp(name, plot_fn_names[i]))
			return i;
	return -1;
}

/* the column index of a data input by name, or by number */
static int column_index(const session *s, const char *name)
{
	for (int d = 0; d < s->ds.D; d++)
		if (s->ds.names && !strcmp(s->ds.names[d], name))
			return d;
	char *end;
	long k = strtol(name, &end, 10);
	return (*name && !*end && k >= 0 && k < s->ds.D) ? (int)k : -1;
}

/* show the current view: in the pane, or as text (the front end's show hook) */
static int show(session *s, cmd_args *a)
{
	if (s->hk.show && s->hk.show(s->hk.ctx, s))
		return CMD_ERR(s, a, "out of memory");
	return SESS_OK;
}

static int range_args(session *s, cmd_args *a, int first, double *x0, double *x1)
{
	if (a->argc == first)
		return SESS_OK;
	if (a->argc != first + 2)
		return CMD_ERR(s, a, "give both XMIN and XMAX");
	if (cmd_arg_num(s, a, first, x0) || cmd_arg_num(s, a, first + 1, x1))
		return SESS_ERROR;
	if (!(*x1 > *x0) || !isfinite(*x0) || !isfinite(*x1))
		return CMD_ERR(s, a, "XMIN must be below XMAX, both finite");
	return SESS_OK;
}

/* plot loss [log|linear] [last=N] [x=log|linear] */
static int plot_loss(session *s, cmd_args *a)
{
	long last = 0;
	const char *x = cmd_opt(a, "x");
	if (a->argc == 2 && strcmp(a->argv[1], "log") && strcmp(a->argv[1], "linear"))
		return CMD_ERR(s, a, "plot loss log or plot loss linear (got '%.40s')", a->argv[1]);
	if (x && strcmp(x, "log") && strcmp(x, "linear"))
		return CMD_ERR(s, a, "x=log or x=linear (got '%.40s')", x);
	if (cmd_opt_int(s, a, "last", 1, 1000000000000L, &last))
		return SESS_ERROR;
	s->view = VIEW_LOSS;
	s->view_logy = a->argc == 2 ? !strcmp(a->argv[1], "log") : 1;
	s->view_last = last;
	s->view_logx = x && !strcmp(x, "log");
	return show(s, a);
}

/* plot fn NAME [XMIN XMAX] [at=X] */
static int plot_fn(session *s, cmd_args *a)
{
	double x0 = -6, x1 = 6, at = 0;
	if (plot_fn_index(a->argv[1]) < 0)
		return CMD_ERR(s, a, "unknown function '%.40s' (sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh)", a->argv[1]);
	if (range_args(s, a, 2, &x0, &x1) || cmd_opt_num(s, a, "at", &at))
		return SESS_ERROR;
	if (!isfinite(at))
		return CMD_ERR(s, a, "at= must be finite");
	s->view = VIEW_FN;
	snprintf(s->view_fn, sizeof s->view_fn, "%s", a->argv[1]);
	s->view_x0 = x0;
	s->view_x1 = x1;
	s->view_has_here = cmd_opt(a, "at") != NULL;
	s->view_here = at;
	return show(s, a);
}

static int plot_net(session *s, cmd_args *a)
{
	double x0 = 0, x1 = 3;
	long input = 0;
	if (!s->nt.n)
		return CMD_ERR(s, a, "the network is empty");
	if (net_in(&s->nt) > DATA_MAXCOLS)
		return CMD_ERR(s, a, "the network takes %d inputs: plot net draws networks of at most %d",
			       net_in(&s->nt), DATA_MAXCOLS);
	if (cmd_opt_int(s, a, "input", 0, net_in(&s->nt) - 1, &input) || range_args(s, a, 1, &x0, &x1))
		return SESS_ERROR;
	if (a->argc == 1 && data_rows(&s->ds) && s->ds.D == net_in(&s->nt)) { /* the data's range */
		x0 = INFINITY;
		x1 = -INFINITY;
		for (int n = 0; n < data_rows(&s->ds); n++) {
			x0 = fmin(x0, sess_raw_input(s, n, (int)input));
			x1 = fmax(x1, sess_raw_input(s, n, (int)input));
		}
		if (!(x1 > x0))
			x1 = x0 + 1;
	}
	s->view = VIEW_NET;
	s->view_input = (int)input;
	s->view_x0 = x0;
	s->view_x1 = x1;
	return show(s, a);
}

/* plot fit alone: the one input, or both of a two-input classifier (its decision regions);
 * -1 (the error given) when a column must be named. */
static int fit_default_col(session *s, cmd_args *a)
{
	if (s->ds.D == 1 || (s->ds.D == 2 && s->nt.loss != LOSS_MSE))
		return 0;
	if (s->ds.D == 2)
		CMD_ERR(s, a, "which input goes along x? 'plot fit %.40s' or 'plot fit %.40s' (decision regions are for "
			"a classifier: loss bce or ce)", s->ds.names[0], s->ds.names[1]);
	else
		CMD_ERR(s, a, "which input goes along x? 'plot fit COL' with one of the %d inputs (e.g. %.40s)", s->ds.D,
			s->ds.names[0]);
	return -1;
}

/* plot fit [COL] [COL=VALUE...]: the other inputs at their mean unless given */
static int plot_fit(session *s, cmd_args *a)
{
	if (!data_rows(&s->ds) || !s->nt.n)
		return CMD_ERR(s, a, "plot fit needs data and a network");
	if (!s->ds.Y.v)
		return CMD_ERR(s, a, "plot fit needs targets beside the inputs: set them with 'y'");
	if (net_in(&s->nt) != s->ds.D)
		return CMD_ERR(s, a, "the data has %d inputs but the network takes %d", s->ds.D, net_in(&s->nt));
	int col = a->argc > 1 ? column_index(s, a->argv[1]) : fit_default_col(s, a);
	if (col < 0)
		return a->argc > 1 ? CMD_ERR(s, a, "no input column '%.40s'", a->argv[1]) : SESS_ERROR;
	if (s->ds.D > DATA_MAXCOLS)
		return CMD_ERR(s, a, "too many columns");
	for (int d = 0; d < s->ds.D; d++) { /* unnamed columns sit at their mean */
		double m = 0;
		for (int n = 0; n < data_rows(&s->ds); n++)
			m += sess_raw_input(s, n, d);
		s->view_fixed[d] = m / data_rows(&s->ds);
		s->view_isfixed[d] = 0;
	}
	for (int i = 0; i < a->nopt; i++) {
		int d = column_index(s, a->key[i]);
		double v;
		if (d < 0 || d == col)
			return CMD_ERR(s, a, "%s=: not another input column", a->key[i]);
		if (cmd_opt_num(s, a, a->key[i], &v))
			return SESS_ERROR;
		s->view_fixed[d] = v;
		s->view_isfixed[d] = 1;
	}
	s->view = VIEW_FIT;
	s->view_input = col;
	return show(s, a);
}

static int plot_grad(session *s, cmd_args *a)
{
	s->view = VIEW_GRAD;
	return show(s, a);
}

static int plot_weights(session *s, cmd_args *a)
{
	tensor *w = net_param(&s->nt, a->argv[1]);
	if (!w || a->argv[1][0] == 'd')
		return CMD_ERR(s, a, "no parameter '%.40s' (W1, b1, …)", a->argv[1]);
	s->view = VIEW_WEIGHTS;
	snprintf(s->view_fn, sizeof s->view_fn, "%s", a->argv[1]);
	return show(s, a);
}

static int plot_lr(session *s, cmd_args *a)
{
	return sweep_lr_cmd(s, a) ? SESS_ERROR : show(s, a);
}

static int plot_cost(session *s, cmd_args *a)
{
	return sweep_cost_cmd(s, a) ? SESS_ERROR : show(s, a);
}

/* What 'plot' draws: the interpreter checks each one's arguments and options from here. */
const cmd_sub plot_subs[] = {
	{ .name = "loss", .min = 0, .max = 1, .usage = "plot loss [log|linear] [last=N] [x=log|linear]", .opts = "last x",
	  .complete = COMP_WORDS, .words = "log linear", .fn = plot_loss },
	{ .name = "fn", .min = 1, .max = 3, .usage = "plot fn NAME [XMIN XMAX] [at=X] (NAME: sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh)", .complete = COMP_WORDS,
	  .words = "sigmoid relu leaky_relu tanh d_sigmoid d_relu d_leaky_relu d_tanh", .opts = "at", .fn = plot_fn },
	{ .name = "net", .min = 0, .max = 2, .usage = "plot net [XMIN XMAX] [input=K]", .opts = "input",
	  .fn = plot_net },
	{ .name = "fit", .min = 0, .max = 1, .usage = "plot fit [COL] [COL=VALUE...]", .opts = "*", .fn = plot_fit },
	{ .name = "lr", .min = 2, .max = 2, .usage = "plot lr F1 F2 [n=K] [iters=M]", .opts = "n iters",
	  .fn = plot_lr },
	{ .name = "cost", .min = 2, .max = 2, .usage = "plot cost P1 P2 [x0=F] [x1=F] [y0=F] [y1=F] (two parameter elements, e.g. W1[0,0] W1[1,0])",
	  .opts = "x0 x1 y0 y1", .complete = COMP_PARAM, .fn = plot_cost },
	{ .name = "grad", .min = 0, .max = 0, .usage = "plot grad", .fn = plot_grad },
	{ .name = "weights", .min = 1, .max = 1, .usage = "plot weights WK (a weight matrix, e.g. W1)", .complete = COMP_PARAM,
	  .fn = plot_weights },
	{ .name = NULL },
};
