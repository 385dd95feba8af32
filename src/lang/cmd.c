/* cmd.c — finding commands: lookup by name, alias or prefix, sub-commands, usage, "did you
 * mean", help and quit. */
#include "cmd.h"
#include "tutor.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_alias(const cmd_entry *c, const char *w)
{
	const char *p = c->alias;
	size_t wl = strlen(w);
	while (p && *p) {
		size_t l = strcspn(p, " ");
		if (l == wl && !strncmp(p, w, l))
			return 1;
		p += l + (p[l] == ' ');
	}
	return 0;
}

const cmd_entry *cmd_find(const char *word, char *err, size_t errn)
{
	const cmd_entry *hit = NULL;
	int nhit = 0;
	size_t wl = strlen(word);
	for (int i = 0; i < cmd_count; i++)
		if (!strcmp(cmd_table[i].name, word) || has_alias(&cmd_table[i], word))
			return &cmd_table[i];
	char cands[512] = "";
	for (int i = 0; i < cmd_count; i++)
		if (!(cmd_table[i].flags & CMD_EXACT) && !strncmp(cmd_table[i].name, word, wl)) {
			hit = &cmd_table[i];
			nhit++;
			size_t cl = strlen(cands);
			snprintf(cands + cl, sizeof cands - cl, "%s%s", cl ? ", " : "", cmd_table[i].name);
		}
	if (nhit == 1)
		return hit;
	if (nhit > 1) {
		snprintf(err, errn, "ambiguous command '%s': could be %s", word, cands);
		return NULL;
	}
	int best = 9;
	const char *near = NULL;
	for (int i = 0; i < cmd_count; i++) {
		int d = lex_distance(word, cmd_table[i].name);
		if (d < best) {
			best = d;
			near = cmd_table[i].name;
		}
	}
	if (near && best <= 2 && best < (int)wl)
		snprintf(err, errn, "unknown command '%.40s' — did you mean '%s'? (help lists the commands)", word, near);
	else
		snprintf(err, errn, "unknown command '%.40s' (help lists the commands)", word);
	return NULL;
}

int cmd_nearest(const char *w, const char *words, char *near, size_t n)
{
	int best = 3;
	near[0] = 0;
	for (const char *p = words; p && *p;) {
		size_t l = strcspn(p, " ");
		char cand[40];
		snprintf(cand, sizeof cand, "%.*s", (int)(l < sizeof cand ? l : sizeof cand - 1), p);
		int d = lex_distance(w, cand);
		if (d < best && d < (int)strlen(w)) {
			best = d;
			snprintf(near, n, "%s", cand);
		}
		p += l + (p[l] == ' ');
	}
	return near[0] != 0;
}

/* the sub-commands' names, space-separated */
static const char *sub_names(const cmd_entry *c, char *buf, size_t n)
{
	size_t l = 0;
	buf[0] = 0;
	for (const cmd_sub *u = c->subs; u && u->name && l < n; u++)
		l += (size_t)snprintf(buf + l, n - l, "%s%s", l ? ", " : "", u->name);
	return buf;
}

const cmd_sub *cmd_find_sub(const cmd_entry *c, const char *word, char *err, size_t errn)
{
	char names[256], near[40];
	for (const cmd_sub *u = c->subs; u && u->name; u++)
		if (!strcmp(u->name, word))
			return u;
	sub_names(c, names, sizeof names);
	char list[256];
	size_t l = 0;
	list[0] = 0;
	for (const cmd_sub *u = c->subs; u && u->name && l < sizeof list; u++) /* for cmd_nearest */
		l += (size_t)snprintf(list + l, sizeof list - l, "%s%s", l ? " " : "", u->name);
	if (cmd_nearest(word, list, near, sizeof near))
		snprintf(err, errn, "unknown subcommand '%.40s' — did you mean '%s'? (%s)", word, near, names);
	else
		snprintf(err, errn, "unknown subcommand '%.40s' (%s)", word, names);
	return NULL;
}

const char *cmd_usage(const cmd_entry *c, char *buf, size_t n)
{
	if (!c->subs) {
		snprintf(buf, n, "%s", c->usage);
		return buf;
	}
	size_t l = 0;
	buf[0] = 0;
	for (const cmd_sub *u = c->subs; u->name && l < n; u++)
		l += (size_t)snprintf(buf + l, n - l, "%s%s", l ? "\n       " : "", u->usage);
	if (c->min == 0 && l < n) /* the command alone does something too */
		snprintf(buf + l, n - l, "\n       %s", c->name);
	return buf;
}

const char *cmd_args_usage(const cmd_args *a, char *buf, size_t n)
{
	if (a->sub) {
		snprintf(buf, n, "%s", a->sub->usage);
		return buf;
	}
	return cmd_usage(a->cmd, buf, n);
}

static const char *help_groups[CMD_G_COUNT] = { "the network", "data", "training", "looking inside",
						 "files", "lessons and exercises", "the shell" };

/* 'help' alone: the commands by group, one line each, within 80 columns */
static int help_list(session *s)
{
	sess_printf(s, "Start here: 'lesson 1' ('lessons' lists them all).\n"
		       "Or play: data gen dates; normalize; net 2-1; lr 0.1; train 100; plot loss\n"
		       "A unique prefix works ('tr 100'); 'help COMMAND' gives its usage and an example.\n");
	for (int g = 0; g < CMD_G_COUNT; g++) {
		sess_printf(s, "\n%s:\n", help_groups[g]);
		for (int i = 0; i < cmd_count; i++) {
			if (cmd_table[i].group == g)
				sess_printf(s, "  %-10s %s\n", cmd_table[i].name, cmd_table[i].summary);
		}
	}
	return SESS_OK;
}

int cmd_help(session *s, cmd_args *a)
{
	if (!a->argc)
		return help_list(s);
	char err[256];
	const cmd_entry *c = cmd_find(a->argv[0], err, sizeof err);
	if (!c)
		return CMD_ERR(s, a, "%s", err);
	char usage[1024];
	sess_printf(s, "usage: %s\n%s\n", cmd_usage(c, usage, sizeof usage), c->help);
	if (c->alias)
		sess_printf(s, "aliases: %s\n", c->alias);
	sess_printf(s, "example: %s\n", c->example);
	return SESS_OK;
}

int cmd_quit(session *s, cmd_args *a)
{
	(void)a;
	if (s->tutor && s->tutor->interactive) { /* at a lesson's prompt: leave the lesson first */
		s->tutor->leaving = 1;
		return SESS_OK;
	}
	s->quit = 1;
	return SESS_QUIT;
}

