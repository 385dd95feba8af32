/* cmd_lesson.c — lessons: the lesson directory's NN-name.dl files (or a file of one's own),
 * say, pause, lesson(s) with the learner's progress (tutor.c runs them). */
#include "cmd.h"
#include "tutor.h"
#include <dirent.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

int cmd_say(session *s, cmd_args *a)
{
	sess_printf(s, "%s\n", a->rest);
	return SESS_OK;
}

int cmd_pause(session *s, cmd_args *a)
{
	(void)a;
	if (s->mute) { /* a resumed lesson's quiet replay: it speaks again after the exercise's lead-in pause */
		tutor *t = s->tutor;
		if (t && t->resume_line && s->line == t->resume_line && t->k == t->resume - 1)
			tutor_resumed(s, t);
		return SESS_OK;
	}
	if (s->tutor && s->tutor->interactive) { /* the learner may try commands first */
		tutor_pause(s);
		return SESS_OK;
	}
	if (s->hk.pause)
		s->hk.pause(s->hk.ctx);
	return SESS_OK;
}

/* ---- lessons: files NN-name.dl in the lesson directory ---- */

typedef struct lesson_ent {
	int num;
	char file[256];
} lesson_ent;

static int lesson_cmp(const void *a, const void *b)
{
	return ((const lesson_ent *)a)->num - ((const lesson_ent *)b)->num;
}

static int lesson_list(session *s, lesson_ent *out, int max)
{
	DIR *d = s->lesson_dir ? opendir(s->lesson_dir) : NULL;
	int n = 0;
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		char *end;
		long num = strtol(e->d_name, &end, 10);
		if (l < 4 || l >= sizeof out->file || strcmp(e->d_name + l - 3, ".dl") || end == e->d_name || *end != '-')
			continue;
		out[n].num = (int)num;
		snprintf(out[n].file, sizeof out[n].file, "%s", e->d_name);
		n++;
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof *out, lesson_cmp);
	return n;
}

/* the lesson's title: its first "# title:" comment, else its file name */
static void lesson_title(session *s, const char *file, char *buf, size_t n)
{
	char path[4096], line[512];
	snprintf(path, sizeof path, "%s/%s", s->lesson_dir, file);
	snprintf(buf, n, "%s", file);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (!strncmp(line, "# title:", 8)) {
			line[strcspn(line, "\r\n")] = 0;
			snprintf(buf, n, "%s", line + 8 + (line[8] == ' '));
			break;
		}
	fclose(f);
}

/* The lesson's path and its progress key (the file name) into t; 0, or -1 when out of room. */
static int lesson_path(session *s, const lesson_ent *e, char *path, size_t n, tutor *t)
{
	int k = snprintf(path, n, "%s/%s", s->lesson_dir, e->file);
	snprintf(t->key, sizeof t->key, "%s", e->file);
	snprintf(t->name, sizeof t->name, "%d", e->num);
	return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* "  2/3" done of the lesson's exercises, "  ✓" when all, "" when it has none */
static void lesson_done(session *s, const lesson_ent *e, char *buf, size_t n)
{
	char path[4096];
	tutor t = { 0 };
	buf[0] = 0;
	if (lesson_path(s, e, path, sizeof path, &t) || !(t.nex = prog_count(path)))
		return;
	prog_load(t.key, t.state);
	int done = 0;
	for (int k = 1; k <= t.nex && k <= PROG_MAXEX; k++)
		done += t.state[k] == PROG_SOLVED || t.state[k] == PROG_HELPED;
	if (done == t.nex)
		snprintf(buf, n, "✓ %d/%d", done, t.nex);
	else
		snprintf(buf, n, "  %d/%d", done, t.nex);
}

int cmd_lessons(session *s, cmd_args *a)
{
	lesson_ent ls[100];
	int n = lesson_list(s, ls, 100);
	if (!n)
		return CMD_ERR(s, a, "no lessons found in '%s'", s->lesson_dir ? s->lesson_dir : "(none)");
	for (int i = 0; i < n; i++) {
		char title[256], done[32];
		lesson_title(s, ls[i].file, title, sizeof title);
		lesson_done(s, &ls[i], done, sizeof done);
		sess_printf(s, "%3d  %-7s %s\n", ls[i].num, done, title);
	}
	char *real = realpath(s->lesson_dir, NULL); /* an installed dl's is BIN/../share/dl/lessons */
	sess_printf(s, "run one with 'lesson N' (it resumes where you left it), or 'lesson next'\n"
		       "they are in %s: copy one to write your own ('lesson FILE' runs it)\n",
		    real ? real : s->lesson_dir);
	free(real);
	return SESS_OK;
}

/* lesson quit: the running lesson stops after this command, its progress kept */
static int lesson_quit(session *s, cmd_args *a)
{
	if (!s->tutor || !s->tutor->interactive)
		return CMD_ERR(s, a, "no lesson is running");
	s->tutor->leaving = 1;
	return SESS_OK;
}

/* Which lesson the words name (N, part of a name, 'next', or a file): path and t's key and
 * name; 0, or an error (emitted). */
static int lesson_find(session *s, cmd_args *a, const char *w, char *path, size_t n, tutor *t)
{
	lesson_ent ls[100];
	int nl = lesson_list(s, ls, 100);
	long num = -1;
	lex_int(w, 0, 1000, &num);
	int next = !strcmp(w, "next");
	for (int i = 0; i < nl; i++) {
		if (next) {
			char done[32];
			lesson_done(s, &ls[i], done, sizeof done);
			if (!done[0] || !strncmp(done, "✓", strlen("✓")))
				continue;
		} else if (ls[i].num != num && (num >= 0 || !strstr(ls[i].file, w)))
			continue;
		return lesson_path(s, &ls[i], path, n, t) ? CMD_ERR(s, a, "the lesson's path is too long") : 0;
	}
	struct stat st;
	if (!next && (strchr(w, '/') || strstr(w, ".dl")) && stat(w, &st) == 0 && S_ISREG(st.st_mode)) {
		char *real = realpath(w, NULL);
		snprintf(path, n, "%s", w);
		snprintf(t->key, sizeof t->key, "%s", real ? real : w);
		snprintf(t->name, sizeof t->name, "%s", w);
		free(real);
		return 0;
	}
	if (next)
		return CMD_ERR(s, a, "every lesson's exercises are done ('lessons' shows them; 'lesson N restart' starts one over)");
	return CMD_ERR(s, a, "no lesson '%.40s' ('lessons' lists them)", w);
}

int cmd_lesson(session *s, cmd_args *a)
{
	if (!a->argc)
		return cmd_lessons(s, a);
	const char *w = a->argv[0];
	if (!strcmp(w, "quit") && a->argc == 1)
		return lesson_quit(s, a);
	if (s->tutor)
		return CMD_ERR(s, a, "lesson %s is running: 'lesson quit' leaves it first", s->tutor->name);
	int restart = a->argc == 2 && !strcmp(a->argv[1], "restart");
	if (a->argc == 2 && !restart)
		return CMD_ERR(s, a, "'%.40s': the second word can only be 'restart' (lesson N restart)", a->argv[1]);
	tutor *t = calloc(1, sizeof *t);
	char path[4096];
	if (!t)
		return CMD_ERR(s, a, "out of memory");
	t->interactive = s->hk.read_line != NULL;
	t->verbose = s->verbose;
	int rc = lesson_find(s, a, w, path, sizeof path, t);
	if (!rc)
		rc = tutor_run(s, t, path, restart);
	free(t);
	return rc;
}
