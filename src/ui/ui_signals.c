/* ui_signals.c — the signals of both front ends: SIGINT stops a command (or clears the
 * prompt's line), SIGTERM and SIGHUP make the shell save its history and leave.  The
 * handlers only set flags; the loops and the session look at them. */
#include "ui.h"
#include <string.h>

volatile sig_atomic_t ui_interrupted;
volatile sig_atomic_t ui_terminate;

static void ui_on_sigint(int sig)
{
	(void)sig;
	ui_interrupted = 1;
}

static void ui_on_term(int sig)
{
	(void)sig;
	ui_terminate = 1;
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
