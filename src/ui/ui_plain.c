/* ui_plain.c — the plain interactive prompt: GNU readline's callback interface, so that
 * Ctrl-C at the prompt clears the line and Ctrl-C during a command stops only the command. */
#include "ui.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

static session *plain_sess;
static char *plain_pending; /* lines of a command continued with '\' or an open '[' */
static const char *plain_hist; /* the history file, or NULL */

static void plain_on_line(char *line);

static void plain_install(void)
{
	rl_callback_handler_install(plain_pending ? "...> " : "dl> ", plain_on_line);
}

static void plain_run_line(const char *text)
{
	rl_callback_handler_remove(); /* the terminal is normal while a command runs */
	ui_interrupted = 0;
	/* errors at the prompt were shown; the session goes on and exits 0 */
	if (!text[strspn(text, " \t")])
		sess_repeat(plain_sess);
	else {
		add_history(text);
		ui_history_append(plain_hist, text);
		sess_exec(plain_sess, text);
	}
	fflush(stdout);
}

static void plain_on_line(char *line)
{
	if (!line) { /* Ctrl-D */
		putchar('\n');
		plain_sess->quit = 1;
		return;
	}
	int more = sess_feed_line(plain_sess, &plain_pending, line);
	free(line);
	if (more) { /* a continued line, or one too long that was dropped */
		plain_install();
		return;
	}
	char *text = plain_pending;
	plain_pending = NULL;
	plain_run_line(text);
	free(text);
	if (!plain_sess->quit)
		plain_install();
}

/* Ctrl-C at the prompt: drop the line, keep the shell */
static void plain_interrupt(void)
{
	ui_interrupted = 0;
	free(plain_pending);
	plain_pending = NULL;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_crlf();
	rl_callback_handler_remove();
	plain_install();
}

/* a lesson's pause at the plain prompt: wait for Enter */
static void plain_pause(void *ctx)
{
	(void)ctx;
	char buf[256];
	fputs("-- press Enter to go on --", stdout);
	fflush(stdout);
	if (!fgets(buf, sizeof buf, stdin))
		clearerr(stdin);
}

/* ---- a lesson's line (a pause, an exercise): readline nested under the running command ---- */

static char *plain_got;   /* the line read_line waits for */
static int plain_done;    /* it came (or Ctrl-D: plain_got NULL) */

static void plain_on_nested(char *line)
{
	plain_got = line;
	plain_done = 1;
	rl_callback_handler_remove(); /* before the next prompt is installed */
}

static int plain_read_line(void *ctx, const char *prompt, char **line)
{
	(void)ctx;
	fflush(stdout);
	plain_done = 0;
	plain_got = NULL;
	ui_interrupted = 0;
	rl_callback_handler_install(prompt, plain_on_nested);
	while (!plain_done && !ui_terminate && !plain_sess->quit) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
		if (r < 0 && errno == EINTR) {
			if (ui_interrupted) { /* Ctrl-C: the line goes, the prompt stays */
				ui_interrupted = 0;
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_replace_line("", 0);
				rl_crlf();
				rl_callback_handler_remove();
				rl_callback_handler_install(prompt, plain_on_nested);
			}
			continue;
		}
		if (r > 0)
			rl_callback_read_char();
	}
	if (!plain_done)
		rl_callback_handler_remove();
	ui_interrupted = 0;
	if (!plain_got) {
		if (plain_done)
			putchar('\n'); /* Ctrl-D */
		return -1;
	}
	if (plain_got[strspn(plain_got, " \t")] && strncmp(prompt, "-- more --", 10)) {
		add_history(plain_got);
		ui_history_append(plain_hist, plain_got);
	}
	*line = plain_got;
	return 0;
}

/* a lesson's pages at the plain prompt: the terminal's size, "-- more --" and a line */
static void plain_emit(void *ctx, const char *text)
{
	(void)ctx;
	fputs(text, stdout);
}

static void plain_err(void *ctx, const char *text)
{
	(void)ctx;
	fflush(stdout);
	fputs(text, stderr);
}

static void plain_page_size(void *ctx, int *rows, int *cols)
{
	(void)ctx;
	rl_get_screen_size(rows, cols);
}

static int plain_more(void *ctx)
{
	char *line;
	if (plain_read_line(ctx, "-- more -- (Enter: the next page; q: the rest without stops) ", &line))
		return 1;
	int q = line[strspn(line, " \t")] == 'q';
	free(line);
	return q;
}

int ui_plain_run(session *s, const char *first)
{
	plain_sess = s;
	rl_catch_signals = 0;
	ui_plain_guard();
	/* a pasted block runs line by line, as typed (CPython turns bracketed paste off too) */
	rl_variable_bind("enable-bracketed-paste", "off");
	if (!isatty(STDOUT_FILENO))
		rl_outstream = stderr; /* dl | tee log: the prompt and the line being typed stay on the terminal */
	ui_completion_init(s);
	const char *hist = plain_hist = ui_history_load();
	s->interrupt = &ui_interrupted;
	s->hk.pause = plain_pause;
	s->hk.read_line = plain_read_line;
	s->hk.err = plain_err;
	if (isatty(STDOUT_FILENO)) { /* pages stop before they scroll away */
		s->hk.emit = plain_emit;
		s->hk.page_size = plain_page_size;
		s->hk.more = plain_more;
	}
	if (first && *first)
		plain_run_line(first);
	plain_install();
	while (!s->quit && !ui_terminate) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
		if (r < 0 && errno == EINTR) {
			if (ui_interrupted)
				plain_interrupt();
			continue;
		}
		if (r > 0)
			rl_callback_read_char();
	}
	rl_callback_handler_remove();
	ui_history_save(hist);
	free(plain_pending);
	plain_pending = NULL;
	return 0;
}
