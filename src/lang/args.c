/* args.c — the command handlers' argument helpers: options and positional arguments read as
 * numbers and whole numbers, with an error naming the argument when they are not. */
#include "cmd.h"
#include <stdio.h>
#include <string.h>

const char *cmd_opt(const cmd_args *a, const char *key)
{
	for (int i = 0; i < a->nopt; i++)
		if (!strcmp(a->key[i], key))
			return a->val[i];
	return NULL;
}

int cmd_opt_num(session *s, const cmd_args *a, const char *key, double *v)
{
	const char *o = cmd_opt(a, key);
	if (o && lex_number(o, v)) {
		CMD_ERR(s, a, "%s=%.40s: not a number", key, o);
		return -1;
	}
	return 0;
}

int cmd_opt_int(session *s, const cmd_args *a, const char *key, long lo, long hi, long *v)
{
	const char *o = cmd_opt(a, key);
	if (o && lex_int(o, lo, hi, v)) {
		CMD_ERR(s, a, "%s=%.40s: expected a whole number from %ld to %ld", key, o, lo, hi);
		return -1;
	}
	return 0;
}

int cmd_arg_num(session *s, const cmd_args *a, int i, double *v)
{
	if (lex_number(a->argv[i], v)) {
		CMD_ERR(s, a, "'%.40s' is not a number (argument %d)", a->argv[i], i + 1);
		return -1;
	}
	return 0;
}

int cmd_arg_int(session *s, const cmd_args *a, int i, long lo, long hi, long *v)
{
	if (lex_int(a->argv[i], lo, hi, v)) {
		CMD_ERR(s, a, "'%.40s' is not a whole number from %ld to %ld (argument %d)", a->argv[i], lo, hi, i + 1);
		return -1;
	}
	return 0;
}
