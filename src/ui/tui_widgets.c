/* tui_widgets.c — the windows of the full-screen UI: their layout for the terminal's size,
 * the drawing of the status line, the side panel and the plot pane with its banner, and
 * the screen update that draws them all with the console and the prompt row. */
#include "tui.h"
#include "engine/stab.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define TUI_SIDE_W 28      /* side panel width on terminals wide enough for it */
#define TUI_SIDE_MIN_COLS 72

/* attributes for a UI element: a colour pair, or a monochrome stand-in */
static void widget_attr(WINDOW *w, short pair, attr_t mono)
{
	if (tui.color)
		wattr_set(w, pair == PAIR_BANNER || pair == PAIR_STATE_BAD ? A_BOLD : A_NORMAL, pair, NULL);
	else
		wattr_set(w, mono, 0, NULL);
}

/* ---- the status line ---- */

/* v as "%.4g", non-finite values as the console writes them (printf may say -nan) */
static void widget_num(double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "nan");
	else if (isinf(v))
		snprintf(buf, n, "%sinf", v < 0 ? "-" : "");
	else
		snprintf(buf, n, "%.4g", v);
}

/* The network has diverged: a loss that stopped being finite at or before the iteration the
 * network is at, and is not finite now (the train stopped there, or stop=never went on). */
static int widget_diverged(const session *s)
{
	long bad = s->hist.bad_iter;
	return bad >= 0 && bad <= s->iter && (s->diverged || !isfinite(s->last_loss));
}

/* Iterations per second, measured from the session's counter over half-second windows. */
void status_rate_update(void)
{
	double now = tui_now();
	if (tui.rate_t <= 0) {
		tui.rate_t = now;
		tui.rate_iter = tui.s->iter;
		return;
	}
	if (now - tui.rate_t >= 0.5) {
		tui.rate = (double)(tui.s->iter - tui.rate_iter) / (now - tui.rate_t);
		tui.rate_t = now;
		tui.rate_iter = tui.s->iter;
	}
}

static void status_fmt_rate(double r, char *buf, size_t n)
{
	if (r < 0)
		snprintf(buf, n, "- it/s");
	else if (r >= 1e6)
		snprintf(buf, n, "%.2fM it/s", r / 1e6);
	else if (r >= 1e4)
		snprintf(buf, n, "%.1fk it/s", r / 1e3);
	else
		snprintf(buf, n, "%.0f it/s", r);
}

/* The status line: where training stands, in reverse video across the screen; the state
 * keeps its place at the right end even when the numbers must be cut.  The loss is "-" when
 * none belongs to the network as it is (after undo, normalize, a new data set …). */
static void status_draw(void)
{
	WINDOW *w = tui.status;
	if (!w)
		return;
	sess_status st;
	sess_status_get(tui.s, &st);
	char loss[32], rate[32], batch[24], line[256];
	if (!fresh_loss())
		snprintf(loss, sizeof loss, "-");
	else
		widget_num(st.loss, loss, sizeof loss);
	status_fmt_rate(tui.rate, rate, sizeof rate);
	if (st.batch)
		snprintf(batch, sizeof batch, "%d", st.batch);
	else
		snprintf(batch, sizeof batch, "full");
	snprintf(line, sizeof line, " iter %ld  loss %s  lr %.4g  %s  batch %s  %s", st.iter, loss, st.lr,
		 st.optim ? st.optim : "?", batch, rate);
	int diverged = widget_diverged(tui.s);
	const char *state = st.training ? "training" : diverged ? "DIVERGED" : tui.pausing ? "paused"
			  : tui.running ? "running" : "ready";
	int cols = getmaxx(w), sw = (int)strlen(state) + 1;
	werase(w);
	widget_attr(w, PAIR_STATUS, A_REVERSE);
	mvwprintw(w, 0, 0, "%*s", cols, "");
	tui_put_text(w, 0, 0, line, cols - sw - 1);
	if (diverged && !st.training)
		widget_attr(w, PAIR_STATE_BAD, A_REVERSE | A_BOLD);
	tui_put_text(w, 0, cols > sw ? cols - sw : 0, state, sw);
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}

/* ---- the side panel ---- */

static void side_head(WINDOW *w, int *y, const char *title)
{
	int h = getmaxy(w), cols = getmaxx(w);
	if (*y >= h)
		return;
	widget_attr(w, PAIR_HEAD, A_BOLD);
	tui_put_text(w, (*y)++, 2, title, cols - 2);
	wattr_set(w, A_NORMAL, 0, NULL);
}

static void side_line(WINDOW *w, int *y, const char *text)
{
	int h = getmaxy(w), cols = getmaxx(w);
	if (*y < h)
		tui_put_text(w, (*y)++, 3, text, cols - 3);
}

/* "2-5-5-5-1" and the activations: the network at a glance */
static void side_net_summary(const net *nt, char *sizes, size_t sn, char *acts, size_t an)
{
	size_t sl = 0, al = 0;
	sizes[0] = acts[0] = 0;
	for (int i = 0; i < nt->n; i++) {
		const layer *l = &nt->L[i];
		if (l->kind == LAYER_DENSE) {
			if (!sl && sl < sn)
				sl += (size_t)snprintf(sizes + sl, sn - sl, "%d", l->in);
			if (sl < sn)
				sl += (size_t)snprintf(sizes + sl, sn - sl, "-%d", l->out);
		} else if (al < an) {
			al += (size_t)snprintf(acts + al, an - al, "%s%s", al ? " " : "", layer_kind_name(l->kind));
		}
	}
}

/* the watched values and (with grads) each dense layer's gradient norm, under the network */
static void side_values(WINDOW *w, int *y, int grads)
{
	int h = getmaxy(w);
	char a[256], line[320];
	if (tui.s->nwatch) {
		*y += *y < h;
		side_head(w, y, "watched");
		for (int i = 0; i < tui.s->nwatch && *y < h; i++) {
			sess_value_brief(tui.s, tui.s->watch[i], a, sizeof a);
			snprintf(line, sizeof line, "%s = %s", tui.s->watch[i], a);
			side_line(w, y, line);
		}
	}
	double norms[64];
	int k = grads ? sess_grad_norms(tui.s, norms, 64) : 0;
	if (k) {
		*y += *y < h;
		side_head(w, y, "gradient norms");
		for (int i = 0; i < k && *y < h; i++) {
			char num[32];
			widget_num(norms[i], num, sizeof num);
			snprintf(line, sizeof line, "layer %d  %s", i + 1, num);
			side_line(w, y, line);
		}
	}
}

/* inside the layers: dead ReLUs and saturated sigmoid/tanh units, from the last pass */
static void side_units(WINDOW *w, int *y)
{
	int h = getmaxy(w), head = 0;
	char line[320];
	for (int i = 0; i < tui.s->nt.n && *y < h; i++) {
		int bad, units;
		if (sess_layer_health(tui.s, i, &bad, &units))
			continue;
		if (!head++) {
			*y += *y < h;
			side_head(w, y, "units");
		}
		const layer *l = &tui.s->nt.L[i];
		int relu = l->kind == LAYER_RELU || l->kind == LAYER_LEAKY_RELU;
		snprintf(line, sizeof line, "h%d %d/%d %s", l->k, bad, units, relu ? "dead" : "saturated");
		side_line(w, y, line);
	}
}

/* The side panel: the network, the watched values, gradient norms and unit health (those two
 * while they are the network's as it is). */
static void side_draw(void)
{
	WINDOW *w = tui.side;
	if (!w)
		return;
	int h = getmaxy(w), y = 0;
	char a[256], b[256];
	werase(w);
	for (int r = 0; r < h; r++) /* a drawn line, not ACS: terminals and tmux differ on ACS */
		mvwaddnwstr(w, r, 0, tui.glyphs == PLOT_BRAILLE ? L"\x2502" : L"|", 1);
	side_head(w, &y, "network");
	side_net_summary(&tui.s->nt, a, sizeof a, b, sizeof b);
	side_line(w, &y, tui.s->nt.n ? a : "(empty)");
	if (b[0])
		side_line(w, &y, b);
	int fresh = fresh_loss(); /* the last pass's numbers: not after undo, normalize, new data … */
	side_values(w, &y, fresh);
	if (fresh)
		side_units(w, &y);
	wnoutrefresh(w);
}

/* ---- the plot pane and its banner ---- */

/* The banner over the plot: divergence (inf/nan), a loss that grows while training, or units
 * all dead; over the pictures of training only (not plot fn, nor a sweep of copies).  The
 * long form when the pane is wide enough, else the short one.  The iteration is the
 * history's first non-finite loss, as the console and the plot's title name it; once the
 * loss is not finite, that is the news, whatever it did just before. */
static int banner_text(char *buf, size_t n, int cols)
{
	const session *s = tui.s;
	double f;
	long span, bad = s->hist.bad_iter;
	int len;
	if (!s->training && !sess_view_follows_training(s->view))
		return 0; /* news of training, not of a function's curve or a sweep's copies */
	if (widget_diverged(s)) {
		const char *what = isnan(s->last_loss) ? "nan" : isinf(s->last_loss) ? "inf" : "not finite";
		len = snprintf(buf, n, " DIVERGED at iteration %ld: loss is %s  (the console says why; 'undo' goes back) ",
			       bad, what);
		if (len > cols)
			snprintf(buf, n, " DIVERGED at iteration %ld: loss is %s ", bad, what);
		return 1;
	}
	if (bad < 0 && s->hist.count != tui.count_at_cmd && stab_growing(&s->hist, &f, &span)) {
		len = snprintf(buf, n, " DIVERGING: the loss grew %.3gx over the last %ld iterations (iteration %ld) ", f,
			       span, s->iter);
		if (len > cols)
			snprintf(buf, n, " DIVERGING: loss grew %.3gx in %ld iterations ", f, span);
		return 1;
	}
	/* stuck units: news while the network and data are as that train left them */
	if (s->stuck != STUCK_NONE && !s->training && s->stuck_layer >= 0 && s->stuck_layer < s->nt.n &&
	    fresh_since_train()) {
		const char *what = s->stuck == STUCK_DEAD ? "dead" : "saturated";
		int k = s->nt.L[s->stuck_layer].k;
		len = snprintf(buf, n, " STUCK: every unit of h%d is %s, the loss cannot move  (the console says what to try) ",
			       k, what);
		if (len > cols)
			snprintf(buf, n, " STUCK: every unit of h%d is %s ", k, what);
		return 1;
	}
	return 0;
}

/* Training shows the live loss curve: a view that training does not change (fn, an lr
 * sweep, none) gives way to it, as the console's iteration lines would to a new command. */
void pane_follow_training(void)
{
	if (!sess_view_follows_training(tui.s->view)) {
		tui.s->view = VIEW_LOSS; /* as 'plot loss' alone draws it */
		tui.s->view_logy = 1;
		tui.s->view_last = 0;
		tui.s->view_logx = 0;
		tui.plot_stale = 1;
	}
}

/* Plot colour (PLOT_C_*) to curses attributes and pair; without colours, emphasis only. */
static attr_t pane_attr(int c, short *pair)
{
	*pair = 0;
	if (tui.color && c > 0 && c < PLOT_C_COUNT) {
		*pair = (short)c;
		return c == PLOT_C_BAD ? A_BOLD : A_NORMAL;
	}
	return (c == PLOT_C_BAD || c == PLOT_C_MARK) ? A_BOLD : A_NORMAL;
}

/* Re-render the view into the grid when it may have changed.  Views that run the network
 * (net, fit, decision regions) use the session's picture copy, so they refresh live while
 * training without touching the learner's last forward pass. */
static void pane_render(void)
{
	static uint64_t drawn; /* pane_key of the picture in the grid */
	if (!tui.grid)
		return;
	uint64_t k = tui.s->training ? 0 : fresh_pane_key();
	if (!tui.plot_stale && k == drawn)
		return;
	view_render(tui.s, tui.grid, tui.glyphs);
	tui.plot_stale = 0;
	drawn = k;
}

/* The plot pane: the grid cell by cell, runs of one colour at a time, and the banner. */
static void pane_draw(void)
{
	static wchar_t run[1024];
	WINDOW *w = tui.plot;
	if (!w || !tui.grid)
		return;
	pane_render();
	werase(w);
	const plot_grid *g = tui.grid;
	for (int y = 0; y < g->h; y++)
		for (int x = 0; x < g->w;) {
			int c = g->cells[y * g->w + x].color, n = 0, x0 = x;
			while (x < g->w && g->cells[y * g->w + x].color == c && n < 1023) {
				uint32_t ch = g->cells[y * g->w + x].ch;
				run[n++] = ch < 32 || wcwidth((wchar_t)ch) != 1 ? L' ' : (wchar_t)ch;
				x++;
			}
			short pair;
			attr_t a = pane_attr(c, &pair);
			wattr_set(w, a, pair, NULL);
			mvwaddnwstr(w, y, x0, run, n);
		}
	char banner[256];
	if (banner_text(banner, sizeof banner, getmaxx(w))) {
		widget_attr(w, PAIR_BANNER, A_REVERSE | A_BOLD);
		int cols = getmaxx(w), len = (int)strlen(banner);
		wmove(w, 0, 0);
		wclrtoeol(w);
		tui_put_text(w, 0, len < cols ? (cols - len) / 2 : 0, banner, cols);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
	wnoutrefresh(w);
}

/* ---- the screen ---- */

/* Everything, in one screen update.  The prompt goes last: its cursor is the screen's. */
void tui_draw_all(void)
{
	pane_draw();
	status_draw();
	side_draw();
	con_draw();
	prompt_draw();
	doupdate();
	tui.dirty = 0;
	tui.last_draw = tui_now();
}

static WINDOW *tui_win_new(int h, int w, int y, int x)
{
	if (h <= 0 || w <= 0)
		return NULL;
	WINDOW *win = newwin(h, w, y, x);
	if (win)
		leaveok(win, TRUE);
	return win;
}

void tui_windows_free(void)
{
	WINDOW **wins[] = { &tui.plot, &tui.side, &tui.status, &tui.cons, &tui.prompt };
	for (size_t i = 0; i < sizeof wins / sizeof wins[0]; i++)
		if (*wins[i]) {
			delwin(*wins[i]);
			*wins[i] = NULL;
		}
}

/* (Re)build every window for the current size: plot pane and side panel on top, then the
 * status line, the console and the prompt row.  Also after SIGWINCH (KEY_RESIZE). */
void tui_layout(void)
{
	tui_windows_free();
	int H = LINES, W = COLS;
	int ph = H >= 10 ? (H - 2) * 55 / 100 : 0;
	int sw = W >= TUI_SIDE_MIN_COLS ? TUI_SIDE_W : 0;
	tui.plot = tui_win_new(ph, W - sw, 0, 0);
	tui.side = tui_win_new(ph, sw, 0, W - sw);
	tui.status = H >= 2 ? tui_win_new(1, W, ph, 0) : NULL;
	tui.cons = tui_win_new(H - ph - 2, W, ph + 1, 0);
	tui.prompt = newwin(1, W > 0 ? W : 1, H > 0 ? H - 1 : 0, 0);
	if (tui.prompt) {
		nodelay(tui.prompt, TRUE);
		keypad(tui.prompt, FALSE); /* readline decodes escape sequences itself (and inputrc) */
	}
	plot_grid_free(tui.grid);
	tui.grid = tui.plot ? plot_grid_new(getmaxx(tui.plot), getmaxy(tui.plot)) : NULL;
	tui.plot_stale = 1;
	clearok(curscr, TRUE);
	tui.dirty = 1;
}
