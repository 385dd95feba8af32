/* cmd_value.c — values by name: set, print, grad, watch, unwatch, precision. */
#include "cmd.h"
#include "fmt.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cmd_set(session *s, cmd_args *a)
{
	char err[512], sh[32], sh2[32];
	tensor view;
	long elem;
	const char *name = a->argv[0];
	/* only parameters can be set: outputs and gradients are computed */
	char base[SESS_NAMELEN];
	snprintf(base, sizeof base, "%.*s", (int)strcspn(name, "["), name);
	if (!net_param(&s->nt, base) || base[0] == 'd') {
		if (!strcmp(base, "x") || !strcmp(base, "y"))
			return CMD_ERR(s, a, "use '%s ARRAY' to set the %s", base, base[0] == 'x' ? "inputs" : "targets");
		if (base[0] == 'd' && net_param(&s->nt, base))
			return CMD_ERR(s, a, "%s is a gradient: 'backward' computes it", base);
		if (sess_lookup(s, base, &view, &elem, err, sizeof err))
			return CMD_ERR(s, a, "%s", err);
		return CMD_ERR(s, a, "%s is computed by 'forward', not set", base);
	}
	if (sess_lookup(s, name, &view, &elem, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	tensor lit;
	if (lex_array(a->argv[1], &lit, s->max_values, err, sizeof err))
		return CMD_ERR(s, a, "%s", err);
	int rc = SESS_OK;
	long at = -1;
	if (cmd_opt(a, "at")) { /* a piece of a long tensor, as 'save' writes them: from flat element at on */
		if (elem >= 0)
			rc = CMD_ERR(s, a, "at= goes with a whole parameter (set %s ARRAY at=K), not an element", base);
		else if (!cmd_opt_int(s, a, "at", 0, (long)tensor_size(&view) - 1, &at) &&
			 tensor_size(&lit) > tensor_size(&view) - (size_t)at)
			rc = CMD_ERR(s, a, "%s has %zu values: %zu values from element %ld run past its end", name,
				     tensor_size(&view), tensor_size(&lit), at);
		else if (at >= 0)
			memcpy(view.v + at, lit.v, tensor_size(&lit) * sizeof(double));
		else
			rc = SESS_ERROR;
	} else if (elem >= 0) {
		if (tensor_size(&lit) != 1)
			rc = CMD_ERR(s, a, "%s is one element: give one number, got %s values", name,
				     tensor_shape_str(&lit, sh, sizeof sh));
		else
			view.v[elem] = lit.v[0];
	} else if (tensor_size(&lit) != tensor_size(&view)) {
		rc = CMD_ERR(s, a, "%s expects %zu values %s, got %zu %s", name, tensor_size(&view),
			     tensor_shape_str(&view, sh, sizeof sh), tensor_size(&lit),
			     tensor_shape_str(&lit, sh2, sizeof sh2));
	} else if (lit.ndim == 2 && view.ndim == 2 && (lit.rows != view.rows || lit.cols != view.cols) &&
		   lit.rows != 1 && lit.cols != 1) {
		rc = CMD_ERR(s, a, "%s has shape %s; the literal is %s", name, tensor_shape_str(&view, sh, sizeof sh),
			     tensor_shape_str(&lit, sh2, sizeof sh2));
	} else {
		memcpy(view.v, lit.v, tensor_size(&view) * sizeof(double));
	}
	tensor_free(&lit);
	return rc;
}

void cmd_print_tensor(session *s, const char *name, const tensor *t)
{
	char sh[32];
	char *txt = fmt_array(t, s->precision);
	sess_printf(s, "%s %s\n%s\n", name, tensor_shape_str(t, sh, sizeof sh), txt ? txt : "(out of memory)");
	free(txt);
}

int cmd_print(session *s, cmd_args *a)
{
	for (int i = 0; i < a->argc; i++) {
		char err[512], buf[128], num[64];
		tensor view;
		long elem;
		const char *set = sess_setting(s, a->argv[i], buf, sizeof buf);
		if (set) {
			sess_printf(s, "%s = %s\n", a->argv[i], set);
			continue;
		}
		if (sess_lookup(s, a->argv[i], &view, &elem, err, sizeof err))
			return CMD_ERR(s, a, "%s", err);
		if (elem >= 0)
			sess_printf(s, "%s = %s\n", a->argv[i], fmt_num(view.v[elem], s->precision, num, sizeof num));
		else
			cmd_print_tensor(s, a->argv[i], &view);
	}
	return SESS_OK;
}

int cmd_grad(session *s, cmd_args *a)
{
	if (!s->nt.ndense)
		return CMD_ERR(s, a, "the network has no parameters");
	for (int i = 0; i < s->nt.n; i++) {
		layer *l = &s->nt.L[i];
		if (l->kind != LAYER_DENSE)
			continue;
		char name[32], num[64], sh[32];
		snprintf(name, sizeof name, "dW%d", l->k);
		char *txt = fmt_array(&l->dW, s->precision);
		sess_printf(s, "%s %s  norm=%s\n%s\n", name, tensor_shape_str(&l->dW, sh, sizeof sh),
			    fmt_num(tensor_norm2(&l->dW), s->precision, num, sizeof num), txt ? txt : "");
		free(txt);
		snprintf(name, sizeof name, "db%d", l->k);
		txt = fmt_array(&l->db, s->precision);
		sess_printf(s, "%s %s  norm=%s\n%s\n", name, tensor_shape_str(&l->db, sh, sizeof sh),
			    fmt_num(tensor_norm2(&l->db), s->precision, num, sizeof num), txt ? txt : "");
		free(txt);
	}
	return SESS_OK;
}

static int watch_index(session *s, const char *name)
{
	for (int i = 0; i < s->nwatch; i++)
		if (!strcmp(s->watch[i], name))
			return i;
	return -1;
}

int cmd_watch(session *s, cmd_args *a)
{
	for (int i = 0; i < a->argc; i++) {
		const char *n = a->argv[i];
		char err[512];
		tensor v;
		long e;
		if (strlen(n) >= SESS_NAMELEN)
			return CMD_ERR(s, a, "name too long: '%.40s…'", n);
		/* names of layers not built yet are refused; outputs may not exist before a forward */
		if (sess_lookup(s, n, &v, &e, err, sizeof err) && n[0] != 'z' && n[0] != 'h' && strncmp(n, "out", 3))
			return CMD_ERR(s, a, "%s", err);
		if (watch_index(s, n) >= 0)
			continue;
		if (s->nwatch == SESS_MAXWATCH)
			return CMD_ERR(s, a, "at most %d watched values", SESS_MAXWATCH);
		snprintf(s->watch[s->nwatch++], SESS_NAMELEN, "%s", n);
	}
	return SESS_OK;
}

int cmd_unwatch(session *s, cmd_args *a)
{
	if (!a->argc) {
		s->nwatch = 0;
		return SESS_OK;
	}
	for (int i = 0; i < a->argc; i++) {
		int k = watch_index(s, a->argv[i]);
		if (k < 0)
			return CMD_ERR(s, a, "'%.40s' is not watched", a->argv[i]);
		memmove(s->watch[k], s->watch[k + 1], (size_t)(s->nwatch - k - 1) * SESS_NAMELEN);
		s->nwatch--;
	}
	return SESS_OK;
}

int cmd_precision(session *s, cmd_args *a)
{
	long p;
	if (cmd_arg_int(s, a, 0, 1, 17, &p))
		return SESS_ERROR;
	if (a->argc == 2 && strcmp(a->argv[1], "fixed"))
		return CMD_ERR(s, a, "precision N or precision N fixed (got '%.40s')", a->argv[1]);
	s->precision = a->argc == 2 ? -(int)p : (int)p;
	return SESS_OK;
}
