/* interp.c — the interpreter: one logical line is split into words, its command found in the
 * table, its arguments and options checked against the table (the sub-command's, for plot and
 * data), and its handler run with what the table's flags ask for around it: the echo in a
 * lesson, the allow-list of a model file, the undo snapshot, the recording, Enter's repeat. */
#include "check.h"
#include "cmd.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An option is key=value with a plain identifier as the key. */
static int is_option(const char *w)
{
	const char *eq = strchr(w, '=');
	if (!eq || eq == w || w[0] == '[')
		return 0;
	for (const char *p = w; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return 0;
	return 1;
}

/* Is key one of the space-separated keys ("*": any)? */
static int key_known(const char *keys, const char *key)
{
	size_t kl = strlen(key);
	if (keys && !strcmp(keys, "*"))
		return 1;
	for (const char *o = keys; o && *o;) {
		size_t l = strcspn(o, " ");
		if (l == kl && !strncmp(o, key, l))
			return 1;
		o += l + (o[l] == ' ');
	}
	return 0;
}

/* The error for an option the command (or sub-command) does not take. */
static int unknown_option(session *s, const cmd_args *a, const char *key)
{
	const char *keys = a->sub ? a->sub->opts : a->cmd->opts;
	char near[40], where[64] = "";
	if (a->sub)
		snprintf(where, sizeof where, " for %s %s", a->cmd->name, a->sub->name);
	if (cmd_nearest(key, keys, near, sizeof near))
		return sess_error(s, a->cmd->name, "unknown option '%s'%s — did you mean '%s='?", key, where, near);
	if (keys)
		return sess_error(s, a->cmd->name, "unknown option '%s'%s (options: %s)", key, where, keys);
	return sess_error(s, a->cmd->name, "unknown option '%s'%s", key, where);
}

static int usage_error(session *s, const cmd_args *a, const char *why)
{
	char usage[1024];
	return sess_error(s, a->cmd->name, "%s; usage: %s", why, cmd_args_usage(a, usage, sizeof usage));
}

/* A command with sub-commands and none given, or too few words for it. */
static int missing_sub(session *s, const cmd_entry *c)
{
	char names[256] = "";
	size_t l = 0;
	for (const cmd_sub *u = c->subs; u->name && l < sizeof names; u++)
		l += (size_t)snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", u->name);
	return sess_error(s, c->name, "missing argument: %s what? (%s; 'help %s' shows each one's usage)", c->name,
			  names, c->name);
}

/* Fill a from the words after the command's: positional words and key=value options, then
 * the sub-command, the options and the counts checked against the table.  SESS_ERROR (the
 * message emitted) when they do not fit. */
static int parse_args(session *s, const words *w, cmd_args *a)
{
	const cmd_entry *c = a->cmd;
	for (int i = 1; i < w->n; i++) {
		if (!is_option(w->w[i])) {
			a->argv[a->argc++] = w->w[i];
			continue;
		}
		if (a->nopt == CMD_MAXOPTS)
			return sess_error(s, c->name, "more than %d options", CMD_MAXOPTS);
		char *eq = strchr(w->w[i], '=');
		*eq = 0;
		for (int j = 0; j < a->nopt; j++)
			if (!strcmp(a->key[j], w->w[i]))
				return sess_error(s, c->name, "%s= is given twice", w->w[i]);
		a->key[a->nopt] = w->w[i];
		a->val[a->nopt++] = eq + 1;
	}
	int min = c->min, max = c->max;
	if (c->subs && a->argc) {
		char err[512];
		if (!(a->sub = cmd_find_sub(c, a->argv[0], err, sizeof err)))
			return sess_error(s, c->name, "%s", err);
		min = a->sub->min + 1;
		max = a->sub->max < 0 ? -1 : a->sub->max + 1;
	} else if (c->subs && c->min > 0) {
		return missing_sub(s, c);
	}
	const char *keys = a->sub ? a->sub->opts : c->opts;
	for (int i = 0; i < a->nopt; i++)
		if (!key_known(keys, a->key[i]))
			return unknown_option(s, a, a->key[i]);
	if (a->argc < min || (max >= 0 && a->argc > max))
		return usage_error(s, a, a->argc < min ? "missing argument" : "too many arguments");
	return SESS_OK;
}

/* After a command ran: what the user typed (at the prompt or with -c) is recorded, not what
 * scripts ran; Enter on an empty line repeats the last command when it is a CMD_REPEAT one.
 * Returns rc, or SESS_ERROR when the recording failed (then stopped, with the message). */
static int after_command(session *s, const cmd_entry *c, const char *line, int rc)
{
	if (rc == SESS_OK && s->record && (!s->depth || (s->depth == 1 && !s->file)) && !(c->flags & CMD_NORECORD) &&
	    (fprintf(s->record, "%s\n", line) < 0 || fflush(s->record))) {
		sess_record_failed(s, errno);
		rc = SESS_ERROR;
	}
	if (!s->depth || !s->file) {
		int again = rc == SESS_OK && (c->flags & CMD_REPEAT) && strlen(line) < sizeof s->last_run;
		snprintf(s->last_run, sizeof s->last_run, "%s", again ? line : "");
	}
	return rc;
}

/* Run a parsed command with what its flags ask for around it. */
static int run_command(session *s, cmd_args *a, const char *line)
{
	const cmd_entry *c = a->cmd;
	/* a lesson shows each command as if typed, so the learner sees what made the output */
	if (s->echo_depth && s->depth == s->echo_depth && !(c->flags & CMD_NOECHO) &&
	    !((c->flags & CMD_CHECK) && sess_checks_quiet(s)))
		sess_printf(s, "dl> %s\n", line + strspn(line, " \t"));
	/* a snapshot for 'undo'; not in load's scratch session, which is thrown away */
	int snap = (c->flags & CMD_CHANGES) && !s->loading && sess_push_undo(s, c->name);
	if ((c->flags & CMD_CHANGES) && !s->loading && !snap && s->nt.P)
		sess_warn(s, "note: '%s' cannot be undone: a snapshot of the network (%zu values) does not fit "
			    "in memory%s\n", c->name, 2 * s->nt.P,
			    s->undo_lost > 0 ? "; the earlier snapshots go too, so that undo never skips a step" : "");
	int nundo = s->nundo;
	cmd_fn fn = a->sub ? a->sub->fn : c->fn;
	int rc = fn(s, a);
	if (rc == SESS_ERROR && snap && s->nundo == nundo)
		sess_pop_undo(s); /* nothing changed: nothing to undo */
	return after_command(s, c, line, rc);
}

static int raw_command(const char *p);

/* A CMD_RAW command (say, task, hint …): its text is the rest of the line as typed, quotes
 * and all, never split into words. */
static int exec_raw(session *s, const char *line)
{
	char err[512], word[64];
	const char *p = line + strspn(line, " \t");
	size_t n = strcspn(p, " \t;");
	snprintf(word, sizeof word, "%.*s", (int)n, p);
	const cmd_entry *c = cmd_find(word, err, sizeof err);
	if (!c)
		return sess_error(s, NULL, "%s", err);
	if (s->loading && !(c->flags & CMD_MODEL))
		return sess_error(s, NULL, "'%s' does not belong in a saved model", c->name);
	const char *rest = p + n + strspn(p + n, " \t");
	char *text = strdup(rest);
	if (!text)
		return sess_error(s, NULL, "out of memory");
	size_t l = strlen(text);
	while (l && (text[l - 1] == ' ' || text[l - 1] == '\t' || text[l - 1] == '\r' || text[l - 1] == '\n'))
		text[--l] = 0;
	cmd_args a = { .cmd = c, .rest = text };
	int rc = run_command(s, &a, line);
	free(text);
	return rc;
}

static int exec_one(session *s, const char *line)
{
	char err[512];
	words w;
	if (raw_command(line))
		return exec_raw(s, line);
	if (lex_split(line, &w, err, sizeof err))
		return sess_error(s, NULL, "%s", err);
	if (!w.n) {
		lex_free(&w);
		return SESS_OK;
	}
	const cmd_entry *c = cmd_find(w.w[0], err, sizeof err);
	int rc;
	if (!c)
		rc = sess_error(s, NULL, "%s", err);
	else if (s->loading && !(c->flags & CMD_MODEL))
		rc = sess_error(s, NULL, "'%s' does not belong in a saved model", c->name);
	else {
		cmd_args a = { .cmd = c, .rest = w.n > 1 ? w.rest[1] : "" };
		rc = (c->flags & CMD_RAW) ? SESS_OK : parse_args(s, &w, &a);
		if (rc == SESS_OK)
			rc = run_command(s, &a, line);
	}
	lex_free(&w);
	return rc;
}

/* Does the command at p take the raw rest of its line (say: its text runs to the end, ';'
 * included)? */
static int raw_command(const char *p)
{
	char word[64], err[256];
	p += strspn(p, " \t");
	size_t n = strcspn(p, " \t;");
	if (!n || n >= sizeof word)
		return 0;
	memcpy(word, p, n);
	word[n] = 0;
	const cmd_entry *c = cmd_find(word, err, sizeof err);
	return c && (c->flags & CMD_RAW);
}

/* One logical line: its commands separated by ';' (spec §1, §8), each run in turn until one
 * fails or quits.  The same for every input: the prompt, a pasted block, a script, -c. */
int sess_exec(session *s, const char *line)
{
	for (;;) {
		int more = 0;
		size_t len = raw_command(line) ? strlen(line) : lex_command_len(line, &more);
		if (!more)
			return exec_one(s, line);
		char *piece = strndup(line, len);
		if (!piece)
			return sess_error(s, NULL, "out of memory");
		int rc = exec_one(s, piece);
		free(piece);
		if (rc != SESS_OK || s->quit)
			return rc;
		line += len + 1;
	}
}

int sess_repeat(session *s)
{
	return s->last_run[0] ? sess_exec(s, s->last_run) : SESS_OK;
}
