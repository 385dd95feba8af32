/* cmd_lesson.c — lessons: the lesson directory's NN-name.dl files, say, pause, lesson(s). */
#include "cmd.h"
#include <dirent.h>
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

int cmd_lessons(session *s, cmd_args *a)
{
	lesson_ent ls[100];
	int n = lesson_list(s, ls, 100);
	if (!n)
		return CMD_ERR(s, a, "no lessons found in '%s'", s->lesson_dir ? s->lesson_dir : "(none)");
	for (int i = 0; i < n; i++) {
		char title[256];
		lesson_title(s, ls[i].file, title, sizeof title);
		sess_printf(s, "%3d  %s\n", ls[i].num, title);
	}
	sess_printf(s, "run one with 'lesson N'\n");
	return SESS_OK;
}

int cmd_lesson(session *s, cmd_args *a)
{
	if (!a->argc)
		return cmd_lessons(s, a);
	lesson_ent ls[100];
	int n = lesson_list(s, ls, 100);
	long num = -1;
	lex_int(a->argv[0], 0, 1000, &num);
	for (int i = 0; i < n; i++)
		if (ls[i].num == num || (num < 0 && strstr(ls[i].file, a->argv[0]))) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", s->lesson_dir, ls[i].file);
			int keep = s->echo_depth;
			s->echo_depth = s->depth + 1;
			int rc = sess_source(s, path);
			s->echo_depth = keep;
			return rc;
		}
	return CMD_ERR(s, a, "no lesson '%.40s' ('lessons' lists them)", a->argv[0]);
}
