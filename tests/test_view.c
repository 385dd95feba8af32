/* test_view.c — checks for the views (src/plot/view.c, view_inside.c): every view draws for a
 * small session in both glyph sets and at odd sizes; titles and marks say what is drawn; the
 * messages drawn instead when there is nothing to draw or the session changed under the view;
 * drawing leaves the learner's last forward pass alone.  Sessions are made with commands, and
 * 'plot' only sets the view here (no show hook), so each check calls view_render itself. */
#include "check.h"
#include "../src/plot/view.h"
#include <stdlib.h>
#include <string.h>

static char out[1 << 16];
static size_t outlen;

static void emit(void *ctx, const char *text)
{
	(void)ctx;
	size_t n = strlen(text);
	if (outlen + n < sizeof out) {
		memcpy(out + outlen, text, n + 1);
		outlen += n;
	}
}

/* A new session after running the commands one at a time (a failing one is reported). */
static session *made(const char *cmds)
{
	sess_hooks hk = { .emit = emit };
	session *s = sess_new(1, &hk);
	if (s && *cmds)
		CHECK(sess_run_text(s, cmds, NULL) == SESS_OK, "setup '%s': %s", cmds, out);
	outlen = 0;
	out[0] = 0;
	return s;
}

/* The current view as text in a w x h grid; *rc gets view_render's result.  Caller frees. */
static char *render(session *s, plot_glyphs gl, int w, int h, int *rc)
{
	plot_grid *g = plot_grid_new(w, h);
	*rc = g ? view_render(s, g, gl) : -2;
	char *t = g ? plot_grid_text(g) : NULL;
	plot_grid_free(g);
	if (!t) {
		fprintf(stderr, "test_view: out of memory\n");
		exit(1);
	}
	return t;
}

static int count_color(const plot_grid *g, int color)
{
	int n = 0;
	for (int i = 0; i < g->w * g->h; i++)
		n += g->cells[i].color == color;
	return n;
}

static int count_ch(const plot_grid *g, uint32_t ch)
{
	int n = 0;
	for (int i = 0; i < g->w * g->h; i++)
		n += g->cells[i].ch == ch;
	return n;
}

static int count_cell(const plot_grid *g, uint32_t ch, int color)
{
	int n = 0;
	for (int i = 0; i < g->w * g->h; i++)
		n += g->cells[i].ch == ch && g->cells[i].color == color;
	return n;
}

static int has_braille(const plot_grid *g)
{
	for (int i = 0; i < g->w * g->h; i++)
		if (g->cells[i].ch > 0x2800 && g->cells[i].ch <= 0x28FF)
			return 1;
	return 0;
}

static int all_ascii(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t > 0x7E || ((unsigned char)*t < 0x20 && *t != '\n'))
			return 0;
	return 1;
}

/* One session per view, and what its picture says about itself. */
static const struct {
	const char *cmds, *title;
	int lines; /* drawn in braille dots when the glyphs allow */
} views[] = {
	{ "data gen dates; net 2-5-1; train 200", "loss (log)", 1 },
	{ "data gen dates; net 2-5-1; train 200; plot loss linear", "iteration 200:", 1 },
	{ "plot fn tanh", "tanh(x)", 1 },
	{ "plot fn d_leaky_relu -2 2", "d_leaky_relu(x)", 1 },
	{ "data gen dates; net 2-3-1; train 50; plot net", "network output against input 0", 1 },
	{ "data gen dates; net 2-3-1; train 50; plot net input=1 -5 5", "network output against input 1", 1 },
	{ "data gen dates; net 2-3-1; train 300; plot fit education", "dates against education: data (dots)", 1 },
	{ "data gen dates; normalize; net 2-3-1; train 100; plot fit income education=10", "dates against income", 1 },
	{ "data gen xor; net 2-4-1 out=sigmoid; loss bce; train 300; plot fit x1", "decision regions (shade: P(class 1))", 0 },
	{ "data gen spiral; net 2-8-8-3; loss ce; train 50; plot fit x1", "decision regions (shade: predicted class)", 0 },
	{ "data gen dates; net 2-3-1; plot lr 1e-3 10 n=8 iters=100", "final loss against log10(learning rate)", 1 },
	{ "data gen dates; normalize; layer dense 2 1; plot cost W1[0,0] W1[1,0]; train 20", "loss over W1[0,0] (x) and W1[1,0] (y)", 0 },
	{ "data gen dates; net 2-3-3-1; train 100; plot grad", "gradient norm per dense layer", 1 },
	{ "net 2-3-1; plot weights W1", "W1 (inputs x units): '-'/red negative", 0 },
	{ "net 2-3-1; plot weights b2", "b2: '-'/red negative", 0 },
};

/* Each view draws (rc 0) with its title, in ASCII only ASCII, in braille mode braille dots. */
static void test_each_view(void)
{
	for (size_t k = 0; k < sizeof views / sizeof *views; k++) {
		session *s = made(views[k].cmds);
		for (int b = 0; b < 2; b++) {
			plot_grid *g = plot_grid_new(72, 20);
			int rc = view_render(s, g, b ? PLOT_BRAILLE : PLOT_ASCII);
			char *t = plot_grid_text(g);
			CHECK(rc == 0, "'%s' (%s): rc %d:\n%s", views[k].cmds, b ? "braille" : "ascii", rc, t);
			CHECK(strstr(t, views[k].title), "'%s': no title '%s':\n%s", views[k].cmds, views[k].title, t);
			if (!b)
				CHECK(all_ascii(t), "'%s': non-ASCII in ASCII mode:\n%s", views[k].cmds, t);
			else if (views[k].lines)
				CHECK(has_braille(g), "'%s': no braille dots:\n%s", views[k].cmds, t);
			free(t);
			plot_grid_free(g);
		}
		sess_free(s);
	}
}

/* Every view at odd sizes: draws or says why not, within the grid (valgrind/ASan watch). */
static void test_sizes(void)
{
	static const int sz[][2] = { { 1, 1 }, { 2, 1 }, { 1, 5 }, { 4, 3 }, { 9, 4 }, { 20, 6 }, { 200, 60 } };
	for (size_t k = 0; k < sizeof views / sizeof *views; k++) {
		session *s = made(views[k].cmds);
		for (size_t i = 0; i < sizeof sz / sizeof *sz; i++)
			for (int b = 0; b < 2; b++) {
				int rc = 7;
				char *t = render(s, b ? PLOT_BRAILLE : PLOT_ASCII, sz[i][0], sz[i][1], &rc);
				CHECK((rc == 0 || rc == -1), "'%s' at %dx%d: rc %d", views[k].cmds, sz[i][0], sz[i][1], rc);
				int lines = 0;
				for (const char *p = t; *p; p++)
					lines += *p == '\n';
				CHECK(lines == sz[i][1], "'%s' at %dx%d: %d lines", views[k].cmds, sz[i][0], sz[i][1], lines);
				free(t);
			}
		sess_free(s);
	}
}

/* A view draws its whole grid: what was there before does not show through, and drawing
 * twice gives the same picture. */
static void test_repeatable(void)
{
	for (size_t k = 0; k < sizeof views / sizeof *views; k++) {
		session *s = made(views[k].cmds);
		int rc;
		char *a = render(s, PLOT_BRAILLE, 72, 20, &rc);
		plot_grid *g = plot_grid_new(72, 20);
		for (int i = 0; i < g->w * g->h; i++)
			g->cells[i] = (plot_cell){ 'Z', PLOT_C_BAD };
		view_render(s, g, PLOT_BRAILLE);
		char *b = plot_grid_text(g);
		CHECK(b && !strcmp(a, b), "'%s': a used grid shows through:\n%s\nvs a fresh one:\n%s", views[k].cmds,
		      b, a);
		CHECK(count_color(g, PLOT_C_BAD) == 0 || strstr(views[k].cmds, "plot lr"),
		      "'%s': a used grid's colours show through", views[k].cmds);
		free(a);
		free(b);
		plot_grid_free(g);
		sess_free(s);
	}
}

/* The messages drawn instead of a picture: on the top line, nothing else in the grid. */
static void test_messages(void)
{
	static const struct {
		const char *before, *after, *msg;
	} m[] = {
		{ "", "", "(nothing to plot yet)" },
		{ "plot loss", "", "(no loss yet: train first)" },
		{ "plot grad", "", "(no gradient norms yet: train first)" },
		{ "net 2-3-1; plot grad", "", "(no gradient norms yet: train first)" },
		{ "net 2-3-1; plot net input=1", "net 1-3-1", "(the network changed: plot net again)" },
		{ "net 2-3-1; plot net", "reset net", "(the network changed: plot net again)" },
		{ "data gen dates; net 2-3-1; plot fit income", "net 3-1", "(the data or network changed: plot fit again)" },
		{ "data gen dates; net 2-3-1; plot fit income", "reset net", "(the data or network changed: plot fit again)" },
		{ "net 2-3-1; plot weights W2", "net 2-1", "(the network changed: plot weights again)" },
		{ "data gen dates; layer dense 2 1; plot cost W1[0,0] W1[1,0]", "", "(the network changed: plot cost again)" },
	};
	for (size_t k = 0; k < sizeof m / sizeof *m; k++) {
		session *s = made(m[k].before);
		if (*m[k].after)
			CHECK(sess_run_text(s, m[k].after, NULL) == SESS_OK, "'%s': %s", m[k].after, out);
		if (s->view == VIEW_COST) { /* no command drops the surface and keeps the view */
			free(s->cost_grid);
			s->cost_grid = NULL;
		}
		for (int b = 0; b < 2; b++) {
			int rc = 0;
			char *t = render(s, b ? PLOT_BRAILLE : PLOT_ASCII, 72, 20, &rc);
			char want[128];
			snprintf(want, sizeof want, "%s\n%.19s", m[k].msg, "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n");
			CHECK(rc == -1 && !strcmp(t, want), "'%s' then '%s': rc %d, want \"%s\" alone:\n%s", m[k].before,
			      m[k].after, rc, m[k].msg, t);
			free(t);
		}
		sess_free(s);
	}
	session *s = made("");
	s->view = (plot_view)99; /* not a view: as if none */
	int rc = 0;
	char *t = render(s, PLOT_ASCII, 30, 2, &rc);
	CHECK(rc == -1 && !strcmp(t, "(nothing to plot yet)\n\n"), "view 99: %s", t);
	free(t);
	sess_free(s);
}

/* net and fit run a copy of the network: over the memory budget they say so. */
static void test_budget(void)
{
	static const char *const cmds[] = { "data gen dates; net 2-3-1; plot net", "data gen dates; net 2-3-1; plot fit income" };
	for (int k = 0; k < 2; k++) {
		session *s = made(cmds[k]);
		s->max_values = 100; /* 400 samples through 3 + 1 units need 3200 */
		int rc = 0;
		char *t = render(s, PLOT_ASCII, 72, 3, &rc);
		CHECK(rc == -1 && !strcmp(t, "(the network is too wide to plot within the memory budget)\n\n\n"),
		      "'%s' over budget: rc %d:\n%s", cmds[k], rc, t);
		free(t);
		sess_free(s);
	}
}

/* The loss view: the diverged part in red, test-loss dots, the forks' curves.  (The marker at
 * the diverged iteration is not checked: that iteration's loss is not finite, so it lies just
 * right of the plotted range and is not drawn.) */
static void test_loss(void)
{
	session *s = made("data gen dates income=raw; layer dense 2 1; set W1 [0.1, 0.1]; lr 1e-6");
	CHECK(sess_run_text(s, "train 1000", NULL) == SESS_ERROR, "diverges");
	plot_grid *g = plot_grid_new(72, 20);
	CHECK(view_render(s, g, PLOT_ASCII) == 0, "diverged loss");
	char *t = plot_grid_text(g);
	CHECK(strstr(t, "loss (log) ? DIVERGED at iteration 83"), "diverged title:\n%s", t); /* '?': the dash in ASCII */
	CHECK(count_color(g, PLOT_C_BAD) > 0, "no red part:\n%s", t);
	CHECK(count_cell(g, ':', PLOT_C_MARK) >= 5 && strstr(t, "diverged"), "the marker at the divergence:\n%s", t);
	free(t);
	sess_free(s);

	s = made("data gen dates; data split test=0.3; net 2-5-1; fork fast lr=0.03; fork slow lr=1e-5; train 300 every=10");
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0, "forks");
	t = plot_grid_text(g);
	CHECK(strstr(t, "; dots: test loss; forks: fast, slow"), "title with test loss and forks:\n%s", t);
	CHECK(count_color(g, PLOT_C_SERIES2) > 0, "no test dots:\n%s", t);
	CHECK(count_color(g, PLOT_C_SERIES3) > 0 && count_color(g, PLOT_C_MARK) > 0, "no fork curves:\n%s", t);
	CHECK(strstr(t, "─ train  • test  ─ fast  ─ slow\n"), "a legend of the curves:\n%s", t);
	CHECK(count_cell(g, 'f', PLOT_C_SERIES3) == 1 && count_cell(g, 'w', PLOT_C_MARK) == 1,
	      "each fork's name in its curve's colour:\n%s", t);
	CHECK(count_color(g, PLOT_C_BAD) == 0, "a converging run in red:\n%s", t);
	free(t);
	plot_grid_free(g);
	sess_free(s);

	s = made("data gen dates income=raw; layer dense 2 1; set W1 [1e300, 1e300]");
	CHECK(sess_run_text(s, "train 5", NULL) == SESS_ERROR, "inf from the start");
	int rc = 0;
	t = render(s, PLOT_ASCII, 40, 2, &rc);
	CHECK(rc == -1 && !strcmp(t, "(the loss was never finite)\n\n"), "never finite: rc %d:\n%s", rc, t);
	free(t);
	sess_free(s);
}

/* plot loss last=N: the x axis covers the last N iterations; x=log: a log axis. */
static void test_loss_window(void)
{
	session *s = made("data gen dates; normalize; net 2-5-1; train 1000; plot loss last=200");
	int rc;
	char *t = render(s, PLOT_ASCII, 72, 20, &rc);
	CHECK(rc == 0 && strstr(t, "the last 200 iterations") && strstr(t, "\n     800 ") && strstr(t, " 950\n"),
	      "last=200 starts at 800:\n%s", t);
	free(t);
	CHECK(sess_run_text(s, "plot loss x=log", NULL) == SESS_OK, "x=log");
	t = render(s, PLOT_ASCII, 72, 20, &rc);
	CHECK(rc == 0 && strstr(t, "iteration (log scale)") && strstr(t, "1e+02"), "log iterations:\n%s", t);
	free(t);
	CHECK(sess_run_text(s, "plot loss x=sideways", NULL) == SESS_ERROR, "x= checked");
	sess_free(s);
}

/* plot fit: every data point a visible mark (a bullet per cell, not a braille speck), and a
 * legend; alone on two-input regression data it asks which input goes along x. */
static void test_fit(void)
{
	session *s = made("data gen dates; net 2-3-1; train 300; plot fit education");
	plot_grid *g = plot_grid_new(72, 20);
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0, "fit");
	char *t = plot_grid_text(g);
	CHECK(count_cell(g, 0x2022, PLOT_C_SERIES2) >= 20, "data as bullets (%d):\n%s", count_cell(g, 0x2022, PLOT_C_SERIES2), t);
	CHECK(strstr(t, "• data  ─ model\n"), "a legend:\n%s", t);
	free(t);
	CHECK(sess_run_text(s, "plot fit", NULL) == SESS_ERROR && strstr(out, "which input goes along x?"),
	      "plot fit alone on regression data: %s", out);
	plot_grid_free(g);
	sess_free(s);
}

/* Training shows the live loss curve in place of views it does not change (session.h's rule,
 * which the pane follows). */
static void test_follows(void)
{
	static const plot_view gives_way[] = { VIEW_FN, VIEW_LR, VIEW_NONE },
			       stays[] = { VIEW_LOSS, VIEW_FIT, VIEW_COST, VIEW_NET, VIEW_GRAD, VIEW_WEIGHTS };
	for (size_t i = 0; i < sizeof gives_way / sizeof *gives_way; i++)
		CHECK(!sess_view_follows_training(gives_way[i]), "view %d gives way to the loss", (int)gives_way[i]);
	for (size_t i = 0; i < sizeof stays / sizeof *stays; i++)
		CHECK(sess_view_follows_training(stays[i]), "view %d stays while training", (int)stays[i]);
}

/* plot fn relu in ASCII: flat on the bottom row up to 0, then up to the top right corner. */
static void test_fn(void)
{
	session *s = made("plot fn relu");
	int rc;
	char *t = render(s, PLOT_ASCII, 72, 20, &rc);
	CHECK(rc == 0 && strstr(t, "\n0+*************************************\n"), "relu's flat part:\n%s", t);
	CHECK(strstr(t, "\n6+                                                                    **\n"),
	      "relu at x = 6:\n%s", t);
	CHECK(strstr(t, "\n  -6          -4         -2          0          2           4          6\n"),
	      "relu's x ticks:\n%s", t);
	free(t);
	sess_free(s);
	/* a bounded function: its bounds are the axis' ends, labelled; at=X marks a point */
	s = made("plot fn sigmoid at=2");
	t = render(s, PLOT_ASCII, 72, 20, &rc);
	CHECK(rc == 0 && strstr(t, "\n  1+") && strstr(t, "\n  0+"), "sigmoid's 0 and 1 labelled:\n%s", t);
	CHECK(strstr(t, "#") && strstr(t, "x=2: 0.881"), "you are here at x = 2:\n%s", t);
	free(t);
	sess_free(s);
	/* a network with that activation: its units' z on the data, as marks on the curve */
	s = made("data gen dates; normalize; net 2-5-1 act=sigmoid; train 50; plot fn d_sigmoid");
	plot_grid *g = plot_grid_new(72, 20);
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0, "fn with the network's z");
	t = plot_grid_text(g);
	CHECK(strstr(t, "d_sigmoid(x); dots: where the network's units are") && strstr(t, "• z of h1") &&
	      count_cell(g, 0x2022, PLOT_C_SERIES2) >= 10, "the units' z on the curve:\n%s", t);
	free(t);
	plot_grid_free(g);
	sess_free(s);
}

/* Decision regions: both classes' marks over the shading, the inputs' names on the axes. */
static void test_regions(void)
{
	session *s = made("data gen xor; net 2-4-1 out=sigmoid; loss bce; train 300; plot fit x2");
	plot_grid *g = plot_grid_new(72, 20);
	for (int b = 0; b < 2; b++) {
		CHECK(view_render(s, g, b ? PLOT_BRAILLE : PLOT_ASCII) == 0, "regions");
		char *t = plot_grid_text(g);
		/* the title's legend shows the marks the picture uses */
		CHECK(!strncmp(t, "x2 ", 3) && strstr(t, b ? "decision regions (shade: P(class 1)), data: ○ class 0, ● class 1\n"
							   : "decision regions (shade: P(class 1)), data: o class 0, x class 1\n"),
		      "ylabel then title:\n%s", t);
		CHECK(strstr(t, "\n                                     x1 "), "xlabel:\n%s", t);
		CHECK(strstr(t, b ? " [ ░▒▓█] " : " [ .:-=+*#%@] "), "the colour key:\n%s", t);
		CHECK(count_ch(g, b ? 0x25CB : 'o') > 0 && count_ch(g, b ? 0x25CF : 'x') > 0, "both classes:\n%s", t);
		CHECK(count_color(g, PLOT_C_NEG) > 0 && count_color(g, PLOT_C_POS) > 0, "both shades:\n%s", t);
		free(t);
	}
	sess_free(s);
	/* a constant input: a band of the plane around it, not an empty pane */
	s = made("x [[1, 0], [1, 1], [1, 2], [1, 3]]; y [[0], [0], [1], [1]]; net 2-1 out=sigmoid; loss bce; train 20; plot fit");
	int rc = view_render(s, g, PLOT_ASCII);
	char *t = plot_grid_text(g);
	CHECK(rc == 0 && strstr(t, "decision regions") && count_ch(g, 'o') > 0 && count_ch(g, 'x') > 0,
	      "regions of a constant input, from 'plot fit' alone:\n%s", t);
	free(t);
	plot_grid_free(g);
	sess_free(s);
}

/* The Hinton view, cell by cell: sign, fill by |w| / max |w|, non-finite as '!'. */
static void test_weights(void)
{
	session *s = made("net 2-3-1; set W1 [0, -1, 2, 0.5, -0.25, 1e-3]; plot weights W1");
	plot_grid *g = plot_grid_new(72, 20);
	CHECK(view_render(s, g, PLOT_ASCII) == 0, "weights");
	char *t = plot_grid_text(g);
	CHECK(!strcmp(t, "W1 (inputs x units): '-'/red negative, fuller = larger |w| (max 2)\n\n   -o  #\n . -.  .\n"
			 "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n"),
	      "ASCII weights:\n%s", t);
	CHECK(g->cells[2 * 72 + 3].color == PLOT_C_NEG && g->cells[2 * 72 + 7].color == PLOT_C_POS, "sign colours");
	free(t);
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0, "weights");
	CHECK(g->cells[2 * 72 + 4].ch == 0x25AA && g->cells[2 * 72 + 7].ch == 0x2588 && g->cells[3 * 72 + 1].ch == 0x00B7,
	      "braille-mode fills ▪ █ ·");
	sess_run_text(s, "set W1 [nan, 1, 2, 3, 4, 5]", NULL);
	CHECK(view_render(s, g, PLOT_ASCII) == 0, "weights with nan");
	CHECK(g->cells[2 * 72 + 1].ch == '!' && g->cells[2 * 72 + 1].color == PLOT_C_BAD, "nan as a red '!'");
	sess_free(s);

	s = made("net 2-30-1; plot weights W1"); /* 30 units of 3 cells do not fit in 72 */
	CHECK(view_render(s, g, PLOT_ASCII) == 0, "wide weights");
	t = plot_grid_text(g);
	CHECK(strstr(t, "\n(clipped: the matrix is larger than the pane)\n"), "clipped:\n%s", t);
	free(t);
	plot_grid_free(g);
	sess_free(s);
}

/* lr: diverged rates as red points; cost: the path's end marked over the surface; grad: a
 * colour per dense layer. */
static void test_inside(void)
{
	plot_grid *g = plot_grid_new(72, 20);
	session *s = made("data gen dates; net 2-3-1; plot lr 1e-3 10 n=8 iters=100");
	CHECK(view_render(s, g, PLOT_ASCII) == 0 && count_color(g, PLOT_C_BAD) > 0 && count_color(g, PLOT_C_SERIES1) > 0,
	      "lr: finite and diverged rates");
	char *lt = plot_grid_text(g);
	CHECK(strstr(lt, "lr 0.01 now") && count_cell(g, ':', PLOT_C_MARK) >= 5, "lr: the rate set now marked:\n%s", lt);
	CHECK(strstr(lt, "* final loss  ! diverged"), "lr: a legend:\n%s", lt);
	CHECK(count_cell(g, '!', PLOT_C_BAD) >= 2, "lr: the diverged rates beside the legend:\n%s", lt);
	free(lt);
	sess_free(s);
	s = made("data gen dates; normalize; layer dense 2 1; lr 0.1; plot cost W1[0,0] W1[1,0] x0=-2 x1=8 y0=-2 y1=8; train 20");
	CHECK(view_render(s, g, PLOT_ASCII) == 0 && count_cell(g, 'o', PLOT_C_MARK) >= 5 && count_cell(g, 'X', PLOT_C_MARK) == 1,
	      "cost: the path and its end");
	char *t = plot_grid_text(g);
	CHECK(strstr(t, " [ .:-=+*#%@] "), "cost: the colour key, low to high:\n%s", t);
	free(t);
	view_render(s, g, PLOT_BRAILLE);
	t = plot_grid_text(g);
	CHECK(strstr(t, " [ ░▒▓█] "), "cost: the colour key in shades:\n%s", t);
	free(t);
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0 && count_cell(g, 0x2022, PLOT_C_MARK) >= 5 &&
	      count_cell(g, 0x25CF, PLOT_C_MARK) == 1, "cost: the path and its end (• ●)");
	sess_free(s);
	s = made("data gen dates; net 2-3-3-1; train 100; plot grad");
	CHECK(view_render(s, g, PLOT_BRAILLE) == 0 && count_color(g, PLOT_C_SERIES1) > 0 &&
	      count_color(g, PLOT_C_SERIES2) > 0 && count_color(g, PLOT_C_SERIES3) > 0, "grad: three layers");
	t = plot_grid_text(g);
	CHECK(strstr(t, "─ layer 1  ─ layer 2  ─ layer 3"), "grad: a legend of the layers:\n%s", t);
	free(t);
	sess_free(s);
	plot_grid_free(g);
}

/* Drawing runs a copy of the network: the learner's outputs from its last forward pass stay. */
static void test_picture_copy(void)
{
	static const char *const cmds[] = { "plot net", "plot fit income", "plot fit education" };
	for (int k = 0; k < 3; k++) {
		session *s = made("data gen dates; net 2-3-1; train 20; forward");
		const layer *last = &s->nt.L[s->nt.n - 1];
		size_t n = tensor_size(&last->y);
		double *before = malloc(n * sizeof *before);
		memcpy(before, last->y.v, n * sizeof *before);
		int N = s->nt.N;
		CHECK(sess_run_text(s, cmds[k], NULL) == SESS_OK, "%s", out);
		int rc;
		free(render(s, PLOT_BRAILLE, 72, 20, &rc));
		CHECK(rc == 0 && s->nt.N == N && tensor_size(&s->nt.L[s->nt.n - 1].y) == n &&
		      !memcmp(before, s->nt.L[s->nt.n - 1].y.v, n * sizeof *before), "'%s' overwrote the forward pass", cmds[k]);
		free(before);
		sess_free(s);
	}
}

/* view_print: the picture as 20 lines of text through the session's output. */
static void test_print(void)
{
	session *s = made("plot fn sigmoid");
	CHECK(view_print(s) == 0, "print");
	int lines = 0;
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	CHECK(lines == 20 && strstr(out, "sigmoid(x)"), "printed %d lines:\n%s", lines, out);
	sess_free(s);
}

int main(void)
{
	test_each_view();
	test_sizes();
	test_repeatable();
	test_messages();
	test_budget();
	test_loss();
	test_loss_window();
	test_follows();
	test_fit();
	test_fn();
	test_regions();
	test_weights();
	test_inside();
	test_picture_copy();
	test_print();
	return check_done("test_view");
}
