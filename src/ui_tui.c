/* ui_tui.c — the full-screen terminal UI (placeholder until the pane lands). */
#include "ui.h"

int ui_tui_run(session *s, const char *first)
{
	(void)s;
	(void)first;
	return -1;
}
