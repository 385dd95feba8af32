/* ui_complete.c — Tab completion for both front ends: readline asks, the session answers
 * with its commands, options and names, or asks for readline's file name completion. */
#include "ui.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>

static session *comp_sess;
static int comp_pos;       /* which word is being completed: 0 is the command */

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
