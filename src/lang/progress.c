/* progress.c — which exercises of which lesson a learner has done, kept in
 * $XDG_STATE_HOME/dl/progress (else ~/.local/state/dl/progress), one line per exercise:
 *
 *     STATUS K KEY        solved 2 03-delta.dl
 *
 * STATUS is solved, helped (with 'solution') or skipped; K counts from 1; KEY (the rest of
 * the line) is a shipped lesson's file name or the full path of a lesson file of one's own.
 * The file is replaced atomically on every change (sess_write_file). */
#include "progress.h"
#include "cmd.h"
#include "engine/io.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *prog_names[] = { "", "solved", "helped", "skipped" };

/* the base directory ($XDG_STATE_HOME when absolute, else $HOME) must exist: it is never made */
static size_t prog_base;

int prog_path(char *buf, size_t n)
{
	const char *x = getenv("XDG_STATE_HOME"), *h = getenv("HOME");
	const char *base = x && x[0] == '/' ? x : h && *h ? h : NULL;
	struct stat st;
	if (!base || stat(base, &st) || !S_ISDIR(st.st_mode))
		return -1;
	int k = base == x ? snprintf(buf, n, "%s/dl/progress", x) : snprintf(buf, n, "%s/.local/state/dl/progress", h);
	prog_base = strlen(base);
	return k < 0 || (size_t)k >= n ? -1 : 0;
}

/* One line of the file: its status, exercise number and key; 0, or -1 when it is not one. */
static int prog_parse(char *line, int *st, long *k, char **key)
{
	line[strcspn(line, "\r\n")] = 0;
	char *sp = strchr(line, ' ');
	if (!sp)
		return -1;
	*sp = 0;
	*st = 0;
	for (int i = 1; i < 4; i++)
		if (!strcmp(line, prog_names[i]))
			*st = i;
	char *end;
	*k = strtol(sp + 1, &end, 10);
	if (!*st || end == sp + 1 || *end != ' ' || *k < 1 || *k > PROG_MAXEX)
		return -1;
	*key = end + 1;
	return 0;
}

int prog_load(const char *key, unsigned char *state)
{
	char path[4096];
	memset(state, 0, PROG_MAXEX + 1);
	FILE *f = prog_path(path, sizeof path) ? NULL : fopen(path, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	int found = 0;
	while (io_getline(&line, &cap, f, 8192) >= 0) {
		int st;
		long k;
		char *kk;
		if (!prog_parse(line, &st, &k, &kk) && !strcmp(kk, key)) {
			state[k] = (unsigned char)st;
			found++;
		}
	}
	free(line);
	fclose(f);
	return found;
}

/* what prog_put writes: every line of the old file but key's, then key's states */
typedef struct prog_out {
	char *old;          /* the old file's text, or NULL */
	const char *key;
	const unsigned char *state;
} prog_out;

static int prog_put(FILE *f, void *ctx)
{
	prog_out *o = ctx;
	if (o->old)
		for (char *l = o->old, *nl; *l; l = nl) {
			nl = l + strcspn(l, "\n");
			nl += *nl == '\n';
			char copy[8192];
			snprintf(copy, sizeof copy, "%.*s", (int)(nl - l), l);
			int st;
			long k;
			char *kk;
			if (prog_parse(copy, &st, &k, &kk) || strcmp(kk, o->key))
				if (fwrite(l, 1, (size_t)(nl - l), f) != (size_t)(nl - l))
					return -1;
		}
	for (int k = 1; k <= PROG_MAXEX; k++)
		if (o->state[k] && fprintf(f, "%s %d %s\n", prog_names[o->state[k]], k, o->key) < 0)
			return -1;
	return 0;
}

/* The whole file as text (NUL-terminated), or NULL when there is none. */
static char *prog_read_all(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (len + 1 == cap) {
			char *nb = cap < (16u << 20) ? realloc(buf, cap * 2) : NULL;
			if (!nb)
				free(buf);
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[len] = 0;
	return buf;
}

/* mkdir -p of the file's directory */
static void prog_mkdirs(const char *path)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = dir + prog_base + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			mkdir(dir, 0700);
			*p = '/';
		}
}

int prog_save(const char *key, const unsigned char *state)
{
	char path[4096];
	if (prog_path(path, sizeof path))
		return ENOENT;
	prog_mkdirs(path);
	prog_out o = { prog_read_all(path), key, state };
	int err = sess_write_file(NULL, path, prog_put, &o);
	free(o.old);
	return err;
}

int prog_count(const char *lesson_path)
{
	FILE *f = fopen(lesson_path, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	int n = 0;
	while (io_getline(&line, &cap, f, 1 << 16) >= 0) {
		char *p = line + strspn(line, " \t");
		size_t l = strcspn(p, " \t\r\n#;");
		n += l == 3 && !strncmp(p, "end", 3);
	}
	free(line);
	fclose(f);
	return n;
}
