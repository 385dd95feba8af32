/* complete.c — what Tab offers: the n-th candidate for the word being typed, from the command
 * table (names, options, words, sub-commands) and the session (parameter names).  File names
 * are the UI's (readline's). */
#include "cmd.h"
#include <stdio.h>
#include <string.h>

static const char *next_word(const char **p, char *buf, size_t n)
{
	while (**p == ' ')
		(*p)++;
	if (!**p)
		return NULL;
	size_t l = strcspn(*p, " ");
	snprintf(buf, n, "%.*s", (int)(l < n ? l : n - 1), *p);
	*p += l;
	return buf;
}

/* The n-th of the space-separated words (with suffix after each) that starts with prefix, or
 * NULL; *seen counts the matches so far across calls for one completion. */
static const char *nth_word(const char *list, const char *suffix, const char *prefix, int n, int *seen)
{
	static char out[SESS_NAMELEN + 8];
	size_t pl = strlen(prefix);
	for (const char *w = list; w && *w;) {
		size_t l = strcspn(w, " ");
		if (l + strlen(suffix) < sizeof out) {
			snprintf(out, sizeof out, "%.*s%s", (int)l, w, suffix);
			if (!strncmp(out, prefix, pl) && (*seen)++ == n)
				return out;
		}
		w += l + (w[l] == ' ');
	}
	return NULL;
}

/* The n-th value name (W1, b1, dW1, db1, z1, h1, x, y, out, settings) starting with prefix. */
static const char *nth_param(const session *s, const char *prefix, int n, int *seen)
{
	static char out[SESS_NAMELEN + 8];
	static const char *fixed[] = { "x", "y", "out", "lr", "batch", "loss", "optim", "seed", "precision" };
	static const char *pre[] = { "W", "b", "dW", "db", "z", "h" };
	size_t pl = strlen(prefix);
	for (int part = 0; part < 2; part++) /* W1 b1 dW1 db1 W2 …, then z1 h1 z2 … */
		for (int k = 1; k <= s->nt.ndense; k++)
			for (int j = part ? 4 : 0; j < (part ? 6 : 4); j++) {
				snprintf(out, sizeof out, "%s%d", pre[j], k);
				if (!strncmp(out, prefix, pl) && (*seen)++ == n)
					return out;
			}
	for (size_t j = 0; j < sizeof fixed / sizeof *fixed; j++)
		if (!strncmp(fixed[j], prefix, pl) && (*seen)++ == n)
			return fixed[j];
	return NULL;
}

/* The n-th command name starting with prefix. */
static const char *nth_cmd(const char *prefix, int n)
{
	size_t pl = strlen(prefix);
	int seen = 0;
	for (int i = 0; i < cmd_count; i++)
		if (!strncmp(cmd_table[i].name, prefix, pl) && seen++ == n)
			return cmd_table[i].name;
	return NULL;
}

/* What the word at position pos of a line of command c completes from, for a command with
 * sub-commands: their names at position 1, the chosen one's table after it. */
typedef struct comp_spec {
	int kind;
	const char *opts, *words;
} comp_spec;

static int comp_spec_for(const cmd_entry *c, const char *rest, int pos, comp_spec *cs)
{
	*cs = (comp_spec){ .kind = c->complete, .opts = c->opts, .words = c->words };
	if (!c->subs)
		return 0;
	static char names[256];
	if (pos == 1) {
		size_t l = 0;
		names[0] = 0;
		for (const cmd_sub *u = c->subs; u->name && l < sizeof names; u++)
			l += (size_t)snprintf(names + l, sizeof names - l, "%s%s", l ? " " : "", u->name);
		*cs = (comp_spec){ .kind = COMP_WORDS, .words = names };
		return 0;
	}
	char word[64];
	const cmd_sub *u = c->subs;
	if (!next_word(&rest, word, sizeof word))
		return -1;
	while (u->name && strcmp(u->name, word))
		u++;
	if (!u->name)
		return -1;
	*cs = (comp_spec){ .kind = u->complete, .opts = u->opts, .words = u->words };
	return 0;
}

const char *sess_complete(session *s, const char *line_so_far, int pos, const char *prefix,
			  int n, int *want_files)
{
	int seen = 0;
	const char *r;
	*want_files = 0;
	if (pos == 0)
		return nth_cmd(prefix, n);
	char first[64], err[256];
	const char *p = line_so_far;
	const cmd_entry *c;
	comp_spec cs;
	if (!next_word(&p, first, sizeof first) || !(c = cmd_find(first, err, sizeof err)) ||
	    comp_spec_for(c, p, pos, &cs))
		return NULL;
	if (cs.kind == COMP_CMD)
		return nth_cmd(prefix, n);
	/* options first: key= */
	if (cs.opts && strcmp(cs.opts, "*") && (r = nth_word(cs.opts, "=", prefix, n, &seen)))
		return r;
	if (cs.kind == COMP_FILE) {
		*want_files = 1;
		return NULL;
	}
	if (cs.kind == COMP_WORDS)
		return nth_word(cs.words, "", prefix, n, &seen);
	if (cs.kind == COMP_PARAM)
		return nth_param(s, prefix, n, &seen);
	return NULL;
}
