/* ui_history.c — the command history both front ends keep with GNU readline: the last
 * 1000 lines, in $XDG_STATE_HOME/dl/history (or ~/.local/state/dl/history). */
#include "ui.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

/* The history file's path; creates its directory, but never the home (or
 * $XDG_STATE_HOME) itself: a missing home means no history.  A relative XDG_STATE_HOME is
 * ignored, as the XDG spec says.  NULL when there is no home. */
static const char *ui_history_path(void)
{
	static char path[4096];
	char dir[4000];
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME"), *base;
	struct stat st;
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof dir, "%s/dl", base = xdg);
	else if (home && *home)
		snprintf(dir, sizeof dir, "%s/.local/state/dl", base = home);
	else
		return NULL;
	if (stat(base, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	/* mkdir -p below the base, one level at a time */
	for (char *p = dir + strlen(base) + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(dir, 0700);
			*p = '/';
		}
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/history", dir);
	return path;
}

/* inputrc's history-size when it sets one (readline has then stifled the history), else 1000 */
static int history_limit(void)
{
	rl_initialize(); /* reads inputrc */
	if (history_is_stifled())
		return history_max_entries;
	stifle_history(1000);
	return 1000;
}

const char *ui_history_load(void)
{
	history_limit();
	const char *path = ui_history_path();
	if (path)
		read_history(path);
	return path;
}

/* Every line was appended to the file as it was typed (ui_history_append), so that two
 * sessions at once keep both's lines: at exit the file is only cut to the limit. */
void ui_history_save(const char *path)
{
	if (path)
		history_truncate_file(path, history_is_stifled() ? history_max_entries : 1000);
}

/* Written at once, so that a crash loses nothing and sessions side by side interleave. */
void ui_history_append(const char *path, const char *line)
{
	if (!path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	size_t n = strlen(line);
	if (write(fd, line, n) != (ssize_t)n || write(fd, "\n", 1) != 1)
		n = 0;
	close(fd);
}
