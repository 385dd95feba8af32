/* tui.c — the full-screen terminal UI's loop: a plot pane, a status line, a side panel, a
 * console with scrollback and GNU readline's prompt, all inside one ncurses screen (tui.h
 * draws it and names the files that make it up).
 *
 * The session talks to the UI only through its hooks: emit (text into the console), tick
 * (every ~15 ms of training: keys, and a redraw at most 30 times a second), plot and show
 * (the view changed) and pause.  Between commands the loop feeds typed bytes to readline,
 * whose line handler echoes the line into the console and runs it.
 */
#include "tui.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <readline/history.h>
#include <readline/readline.h>

tui_state tui;

static char *tui_pending;     /* lines of a command continued with '\' or '['; owned */
static const char *tui_hist;  /* the history file, or NULL */

double tui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- the session's hooks ---- */

static void on_emit(void *ctx, const char *text)
{
	(void)ctx;
	con_write(text, -1);
	/* a command ran since the last line (a lesson's reset, undo, train …): what did it do? */
	fresh_observe();
	tui.plot_stale = 1;
	/* outside training (a lesson's text, help): show it as it comes, ~30 times a second */
	if (!tui.s->training && tui_now() - tui.last_draw >= TUI_FRAME)
		tui_draw_all();
}

/* ~every 15 ms of training: keys, stderr, and a redraw when a frame's time has passed.
 * Nonzero stops training (SIGTERM/SIGHUP: we are leaving). */
static int on_tick(void *ctx)
{
	(void)ctx;
	key_read();
	key_take_scroll();
	if (ui_interrupted)
		tui.keyn = 0; /* Ctrl-C: what was typed ahead goes too */
	if (ui_terminate || tui.eof)
		return 1;
	if (tui.s->training) /* not a sweep's scratch copies */
		pane_follow_training();
	status_rate_update();
	if (tui_now() - tui.last_draw >= TUI_FRAME) {
		term_stderr_drain();
		tui.plot_stale = 1;
		tui_draw_all();
	}
	return 0;
}

/* training ended, or undo and rewind cut the loss curve back: the pane redraws; after
 * training it shows the loss curve */
static void on_plot(void *ctx)
{
	(void)ctx;
	if (fresh_observe())
		pane_follow_training();
	tui.plot_stale = 1;
	tui_draw_all();
}

/* 'plot' shows its view in the pane */
static int on_show(void *ctx, session *s)
{
	(void)ctx;
	(void)s;
	tui.plot_stale = 1;
	tui_draw_all();
	return 0;
}

/* A lesson's pause: wait for Enter (Ctrl-C goes on too), scrolling and resizing meanwhile. */
static void on_pause(void *ctx)
{
	(void)ctx;
	tui.pausing = 1;
	tui.keyn = 0;
	tui_draw_all();
	while (!ui_terminate && !tui.eof) {
		if (ui_interrupted) {
			ui_interrupted = 0;
			break;
		}
		key_wait(250);
		key_take_scroll();
		int enter = 0;
		for (int i = 0; i < tui.keyn; i++)
			enter |= tui.keyq[i] == '\r' || tui.keyq[i] == '\n';
		if (!enter && tui.keyn && tui.keyq[tui.keyn - 1] == 27)
			continue; /* maybe the start of PgUp/PgDn */
		tui.keyn = 0;
		if (enter)
			break;
		term_stderr_drain();
		if (tui.dirty)
			tui_draw_all();
	}
	tui.pausing = 0;
	tui_draw_all();
}

/* The loop's body, for the prompt and for a lesson's nested line: until *done (NULL: never),
 * quit, SIGTERM/SIGHUP or a hang-up: Ctrl-C (on_int), typed bytes to readline, stderr, redraws. */
static void tui_serve(const int *done, void (*on_int)(void))
{
	while (!(done && *done) && !tui.s->quit && !ui_terminate && !tui.eof) {
		if (ui_interrupted) {
			on_int();
			continue;
		}
		if (tui.keyn) {
			rl_callback_read_char();
			continue;
		}
		term_stderr_drain();
		if (tui.dirty)
			tui_draw_all();
		key_wait(250);
	}
}

/* A lesson's line (a pause, an exercise): readline nested under the running command, with
 * the loop's Ctrl-C (clears the line), scrolling and redraws; Ctrl-D or a hang-up: -1. */
static const char *tui_nested_prompt;
static char *tui_nested_got;
static int tui_nested_done;

static void on_nested_line(char *line)
{
	con_end_line();
	con_write(tui_nested_prompt, CON_CMD);
	con_write(line ? line : "", CON_CMD);
	con_write("\n", CON_CMD);
	tui_nested_got = line;
	tui_nested_done = 1;
	rl_callback_handler_remove();
}

static void nested_interrupt(void)
{
	ui_interrupted = 0;
	con_write(tui_nested_prompt, CON_CMD);
	con_write(rl_line_buffer ? rl_line_buffer : "", CON_CMD);
	con_write("^C\n", CON_CMD);
	tui.keyn = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_callback_handler_remove();
	rl_callback_handler_install(tui_nested_prompt, on_nested_line);
	tui_draw_all();
}

static int on_read_line(void *ctx, const char *prompt, char **line)
{
	(void)ctx;
	int orun = tui.running;
	tui.running = 0;
	tui_nested_prompt = prompt;
	tui_nested_got = NULL;
	tui_nested_done = 0;
	ui_interrupted = 0;
	rl_callback_handler_install(prompt, on_nested_line);
	tui_draw_all();
	tui_serve(&tui_nested_done, nested_interrupt);
	if (!tui_nested_done)
		rl_callback_handler_remove();
	tui.running = orun;
	ui_interrupted = 0;
	tui_draw_all();
	if (!tui_nested_got)
		return -1;
	if (tui_nested_got[strspn(tui_nested_got, " \t")]) {
		add_history(tui_nested_got);
		ui_history_append(tui_hist, tui_nested_got);
	}
	*line = tui_nested_got;
	return 0;
}

/* A lesson's page as big as the console: its rows and columns. */
static void on_page_size(void *ctx, int *rows, int *cols)
{
	(void)ctx;
	*rows = tui.cons ? getmaxy(tui.cons) : 0;
	*cols = tui.cons ? getmaxx(tui.cons) : 0;
}

/* "-- more --" in the prompt row until a key: q (nonzero) asks for no more stops. */
static int on_more(void *ctx)
{
	(void)ctx;
	int q = 0;
	tui.pausing = 2;
	tui.keyn = 0;
	tui_draw_all();
	while (!ui_terminate && !tui.eof) {
		if (ui_interrupted) { /* Ctrl-C: the rest of the page at once */
			ui_interrupted = 0;
			q = 1;
			break;
		}
		key_wait(250);
		key_take_scroll();
		if (tui.keyn && tui.keyq[tui.keyn - 1] == 27) {
			tui.keyn = 0; /* Esc, or the start of PgUp/PgDn: not an answer */
			continue;
		}
		if (tui.keyn) {
			q = tui.keyq[0] == 'q' || tui.keyq[0] == 'Q';
			tui.keyn = 0;
			break;
		}
		term_stderr_drain();
		if (tui.dirty)
			tui_draw_all();
	}
	tui.pausing = 0;
	tui_draw_all();
	return q;
}

/* ---- commands ---- */

static void tui_on_line(char *line);

static void tui_install(void)
{
	rl_callback_handler_install(tui_pending ? "...> " : "dl> ", tui_on_line);
}

/* Run one command line (or repeat the last train/step on an empty one) with the prompt
 * row showing that something runs. */
static void tui_run_line(const char *text)
{
	session *s = tui.s;
	tui.running = 1; /* keys typed ahead stay queued for the prompt */
	ui_interrupted = 0;
	tui.count_at_cmd = s->hist.count;
	tui.rate = -1;
	tui.rate_t = 0;
	long iter0 = s->iter;
	s->train_rate = 0;
	double t0 = tui_now();
	tui_draw_all();
	if (!text[strspn(text, " \t")]) {
		sess_repeat(s);
	} else {
		add_history(text);
		ui_history_append(tui_hist, text);
		sess_exec(s, text);
	}
	ui_interrupted = 0; /* a Ctrl-C that stopped training is spent */
	if (s->iter > iter0 && s->train_rate > 0) /* the summary's own number: one rate per run */
		tui.rate = s->train_rate;
	else if (tui.rate < 0 && s->iter > iter0) /* too short for the tick's measure */
		tui.rate = (double)(s->iter - iter0) / fmax(tui_now() - t0, 1e-6);
	tui.running = 0;
	tui.plot_stale = 1;
	term_stderr_drain();
	tui_draw_all();
}

/* readline's line handler: echo into the console, join continuation lines, run. */
static void tui_on_line(char *line)
{
	const char *prompt = tui_pending ? "...> " : "dl> ";
	con_end_line(); /* the echo starts a line of its own */
	if (!line) { /* Ctrl-D */
		con_write(prompt, CON_CMD);
		con_write("\n", CON_CMD);
		tui.s->quit = 1;
		return;
	}
	con_write(prompt, CON_CMD);
	con_write(line, CON_CMD);
	con_write("\n", CON_CMD);
	int more = sess_feed_line(tui.s, &tui_pending, line);
	free(line);
	if (more) { /* a continued line, or one too long that was dropped */
		tui_install();
		return;
	}
	char *text = tui_pending;
	tui_pending = NULL;
	rl_callback_handler_remove();
	tui_run_line(text);
	free(text);
	if (!tui.s->quit)
		tui_install();
}

/* Ctrl-C at the prompt: the line (and a continued command) is dropped, the shell stays. */
static void tui_interrupt(void)
{
	ui_interrupted = 0;
	con_write(rl_display_prompt ? rl_display_prompt : "dl> ", CON_CMD);
	con_write(rl_line_buffer ? rl_line_buffer : "", CON_CMD);
	con_write("^C\n", CON_CMD);
	free(tui_pending);
	tui_pending = NULL;
	tui.keyn = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_callback_handler_remove();
	tui_install();
	tui_draw_all();
}

/* Everything back as it was before ui_tui_run, the terminal first. */
static void tui_stop(session *s)
{
	rl_callback_handler_remove();
	ui_history_save(tui_hist);
	term_end();
	s->hk = (sess_hooks){ 0 };
	free(tui_pending);
	tui_pending = NULL;
	plot_grid_free(tui.grid);
	tui.grid = NULL;
	con_free();
	key_free();
	prompt_stop();
}

int ui_tui_run(session *s, const char *first)
{
	if (!term_possible())
		return -1;
	/* readline reads inputrc and the terminal's description once, before curses owns the
	 * terminal (its tgetent would otherwise replace curses' terminal); it must not export
	 * LINES/COLUMNS, which would pin curses to the first size */
	rl_change_environment = 0;
	ui_completion_init(s);
	rl_initialize();
	if (term_start())
		return -1;
	prompt_start();
	tui_hist = ui_history_load();
	tui.s = s;
	tui.rate = -1;
	s->hk = (sess_hooks){ .ctx = &tui, .emit = on_emit, .tick = on_tick, .plot = on_plot, .show = on_show, .pause = on_pause,
			    .read_line = on_read_line, .page_size = on_page_size, .more = on_more };
	s->interrupt = &ui_interrupted;
	tui.count_at_cmd = s->hist.count;
	tui_layout();
	con_write("dl: type 'help' for the commands, 'lessons' for the lessons; PgUp/PgDn scroll, Ctrl-D quits\n",
		  CON_NOTE);
	tui_draw_all();
	if (first && *first)
		tui_run_line(first);
	tui_install();
	tui_serve(NULL, tui_interrupt); /* until quit, Ctrl-D, SIGTERM/SIGHUP or a hang-up */
	tui_stop(s);
	return 0;
}
