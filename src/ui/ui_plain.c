/* ui_plain.c — the plain interactive prompt: GNU readline's callback interface, so that
 * Ctrl-C at the prompt clears the line and Ctrl-C during a command stops only the command. */
#include "ui.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>

volatile sig_atomic_t ui_interrupted;
volatile sig_atomic_t ui_terminate;

static void on_sigint(int sig)
{
	(void)sig;
	ui_interrupted = 1;
}

static void on_term(int sig)
{
	(void)sig;
	ui_terminate = 1;
	ui_interrupted = 1; /* a train running now stops, so that the shell can save and leave */
}

void ui_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

const char *ui_history_path(void)
{
	static char path[4096];
	char dir[4000];
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(dir, sizeof dir, "%s/dl", xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/dl", home);
	else
		return NULL;
	/* mkdir -p, one level at a time */
	for (char *p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/history", dir);
	return path;
}

/* ---- completion ---- */

static session *comp_sess;
static int comp_pos;

static char *comp_gen(const char *text, int state)
{
	static int n;
	int want_files = 0;
	if (!state)
		n = 0;
	const char *c = sess_complete(comp_sess, rl_line_buffer, comp_pos, text, n++, &want_files);
	return c ? strdup(c) : NULL;
}

static char **comp_attempt(const char *text, int start, int end)
{
	(void)end;
	/* which word is being completed: count words before start */
	int pos = 0, inword = 0;
	for (int i = 0; i < start; i++) {
		int blank = rl_line_buffer[i] == ' ' || rl_line_buffer[i] == '\t';
		if (!blank && !inword)
			pos++;
		inword = !blank;
	}
	comp_pos = pos;
	int want_files = 0;
	sess_complete(comp_sess, rl_line_buffer, pos, text, 0, &want_files);
	rl_attempted_completion_over = !want_files;
	if (want_files)
		return NULL; /* readline's file name completion */
	return rl_completion_matches(text, comp_gen);
}

void ui_completion_init(session *s)
{
	comp_sess = s;
	rl_readline_name = "dl";
	rl_attempted_completion_function = comp_attempt;
	rl_basic_word_break_characters = " \t\n";
}

/* ---- the loop ---- */

static session *loop_sess;
static char *pending;      /* lines of a command continued with '\' or an open '[' */

static void on_line(char *line);

static void install(void)
{
	rl_callback_handler_install(pending ? "...> " : "dl> ", on_line);
}

static void run_line(const char *text)
{
	rl_callback_handler_remove(); /* the terminal is normal while a command runs */
	ui_interrupted = 0;
	/* errors at the prompt were shown; the session goes on and exits 0 */
	if (!text[strspn(text, " \t")])
		sess_repeat(loop_sess);
	else {
		add_history(text);
		sess_exec(loop_sess, text);
	}
	fflush(stdout);
}

static void on_line(char *line)
{
	if (!line) { /* Ctrl-D */
		putchar('\n');
		loop_sess->quit = 1;
		return;
	}
	if (pending) {
		size_t a = strlen(pending), b = strlen(line);
		char *j = realloc(pending, a + b + 2);
		if (j) {
			if (a && j[a - 1] == '\\')
				a--;
			j[a] = ' ';
			memcpy(j + a + 1, line, b + 1);
			pending = j;
		}
		free(line);
	} else {
		pending = line;
	}
	if (sess_incomplete(pending) && strlen(pending) < 65536) {
		install();
		return;
	}
	char *text = pending;
	pending = NULL;
	run_line(text);
	free(text);
	if (!loop_sess->quit)
		install();
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

int ui_plain_run(session *s, const char *first)
{
	const char *hist = ui_history_path();
	loop_sess = s;
	rl_catch_signals = 0;
	ui_completion_init(s);
	stifle_history(1000);
	if (hist)
		read_history(hist);
	s->interrupt = &ui_interrupted;
	s->hk.pause = plain_pause;
	if (first && *first)
		run_line(first);
	install();
	while (!s->quit && !ui_terminate) {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		int r = select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL);
		if (r < 0 && errno == EINTR) {
			if (ui_interrupted) { /* Ctrl-C at the prompt: drop the line, keep the shell */
				ui_interrupted = 0;
				free(pending);
				pending = NULL;
				rl_free_line_state();
				rl_callback_sigcleanup();
				rl_replace_line("", 0);
				rl_crlf();
				rl_callback_handler_remove();
				install();
			}
			continue;
		}
		if (r > 0)
			rl_callback_read_char();
	}
	rl_callback_handler_remove();
	if (hist)
		write_history(hist);
	free(pending);
	pending = NULL;
	return 0;
}
