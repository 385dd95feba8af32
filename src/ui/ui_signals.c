/* ui_signals.c — the signals of both front ends: SIGINT stops a command (or clears the
 * prompt's line), SIGTERM and SIGHUP make the shell save its history and leave.  The
 * handlers only set flags; the loops and the session look at them.  A batch run ends on
 * them at once, its temporary file removed; the plain prompt restores the terminal on a
 * crash or SIGQUIT. */
#include "ui.h"
#include <string.h>
#include <termios.h>
#include <unistd.h>

volatile sig_atomic_t ui_interrupted;
volatile sig_atomic_t ui_terminate;

static void ui_on_sigint(int sig)
{
	(void)sig;
	ui_interrupted = 1;
}

static void ui_on_term(int sig)
{
	ui_terminate = sig;
	ui_interrupted = 1; /* a train running now stops, so that the shell can save and leave */
}

void ui_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = ui_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* the default action of sig, now */
static void ui_die_by(int sig)
{
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

static void ui_on_batch_term(int sig)
{
	sess_temp_discard(); /* async-signal-safe: an unlink */
	ui_die_by(sig);
}

void ui_batch_signals(int keep_sigint_ignored)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_batch_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = keep_sigint_ignored ? SIG_IGN : ui_on_batch_term;
	sigaction(SIGINT, &sa, NULL);
}

static struct termios plain_modes;

static void ui_on_plain_crash(int sig)
{
	tcsetattr(STDIN_FILENO, TCSANOW, &plain_modes);
	ui_die_by(sig);
}

void ui_plain_guard(void)
{
	if (tcgetattr(STDIN_FILENO, &plain_modes))
		return;
	static const int sigs[] = { SIGQUIT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = ui_on_plain_crash;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

void ui_reraise_terminate(void)
{
	if (ui_terminate)
		ui_die_by(ui_terminate);
}
