/* script.c — running text as commands: scripts, streams and -c text, line by line, with
 * continued lines ('\\' at the end, an unclosed '[') joined into one logical line; FILE:LINE:
 * for errors. */
#include "cmd.h"
#include "tutor.h"
#include "engine/io.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int sess_incomplete(const char *buf)
{
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\r'))
		n--;
	if (n && buf[n - 1] == '\\')
		return 1;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (buf[i] == '#' && depth == 0 && (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '\t' || buf[i - 1] == '\n'))
			while (i < n && buf[i] != '\n')
				i++;
		else if (buf[i] == '[')
			depth++;
		else if (buf[i] == ']' && depth)
			depth--;
	}
	return depth > 0;
}

int sess_join_line(char **acc, size_t *len, const char *line)
{
	size_t l = strlen(line);
	if (*len && (*acc)[*len - 1] == '\\')
		(*len)--;
	if (*len + l + 2 > LEX_MAXLINE + 2)
		return -1;
	char *p = realloc(*acc, *len + l + 2);
	if (!p)
		return -1;
	*acc = p;
	if (*len)
		p[(*len)++] = ' ';
	memcpy(p + *len, line, l + 1);
	*len += l;
	return 0;
}

int sess_feed_line(session *s, char **pending, const char *line)
{
	size_t len = *pending ? strlen(*pending) : 0;
	if (sess_join_line(pending, &len, line)) {
		free(*pending);
		*pending = NULL;
		sess_error(s, NULL, "line too long (the limit is %d bytes): it was dropped", LEX_MAXLINE);
		return -1;
	}
	return sess_incomplete(*pending);
}

/* Run lines from f (a script); stops at the first error. */
int sess_run_stream(session *s, FILE *f, const char *name)
{
	const char *ofile = s->file;
	int oline = s->line, rc = SESS_OK, lineno = 0, start = 0;
	char *line = NULL, *acc = NULL;
	size_t cap = 0, len = 0;
	ssize_t got;
	s->file = name;
	s->depth++;
	train_clock clk;
	train_clock_start(&clk);
	while ((got = io_getline(&line, &cap, f, LEX_MAXLINE)) >= 0) {
		lineno++;
		/* a model file is data: Ctrl-C stops reading it (a script's own commands stop themselves) */
		if (s->loading && sess_poll(s, &clk)) {
			s->line = lineno;
			rc = sess_error(s, NULL, "interrupted (Ctrl-C)");
			break;
		}
		if (memchr(line, 0, (size_t)got)) {
			s->line = lineno;
			rc = sess_error(s, NULL, "binary data (a NUL byte): not a dl script");
			break;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (!len)
			start = lineno;
		if (sess_join_line(&acc, &len, line)) {
			s->line = start;
			rc = sess_error(s, NULL, "line too long (the limit is %d bytes)", LEX_MAXLINE);
			break;
		}
		if (sess_incomplete(acc))
			continue;
		s->line = start;
		rc = sess_exec(s, acc);
		len = 0;
		if (rc != SESS_OK || s->quit || (s->tutor && s->tutor->leaving))
			break;
	}
	if (rc == SESS_OK && got < -1) {
		s->line = lineno + 1;
		rc = sess_error(s, NULL, "line too long (the limit is %d bytes)", LEX_MAXLINE);
	} else if (rc == SESS_OK && ferror(f)) {
		s->line = lineno + 1;
		rc = sess_error(s, NULL, "cannot read: %s", strerror(errno));
	} else if (rc == SESS_OK && len && sess_incomplete(acc)) {
		s->line = start;
		rc = sess_error(s, NULL, "the file ends inside a continued line (unclosed '[' or a trailing '\\')");
	}
	free(line);
	free(acc);
	s->depth--;
	s->file = ofile;
	s->line = oline;
	return rc == SESS_QUIT ? SESS_OK : rc;
}

int sess_source(session *s, const char *path)
{
	if (s->depth >= SESS_MAXDEPTH)
		return sess_error(s, "source", "scripts nested more than %d deep", SESS_MAXDEPTH);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sess_error(s, "source", "'%s' is a directory", path);
	FILE *f = fopen(path, "r");
	if (!f)
		return sess_error(s, "source", "cannot open '%s': %s", path, strerror(errno));
	int rc = sess_run_stream(s, f, path);
	fclose(f);
	return tutor_script_done(s, rc);
}

int sess_run_text(session *s, const char *text, const char *name)
{
	/* lines as a script's; ';' separates commands within a line, as everywhere (sess_exec) */
	size_t n = strlen(text);
	if (!n)
		return SESS_OK;
	FILE *f = fmemopen((void *)text, n, "r");
	if (!f)
		return sess_error(s, NULL, "out of memory");
	int rc = sess_run_stream(s, f, name);
	fclose(f);
	return tutor_script_done(s, rc);
}
