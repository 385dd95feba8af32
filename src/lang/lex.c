/* lex.c — the tokenizer and literal parsers; iterative, so no input can recurse deep. */
#include "lex.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lex_split(const char *line, words *out, char *err, size_t errn)
{
	memset(out, 0, sizeof *out);
	size_t len = strlen(line);
	if (len > LEX_MAXLINE) {
		snprintf(err, errn, "line too long (%zu bytes; the limit is %d)", len, LEX_MAXLINE);
		return -1;
	}
	out->buf = malloc(len + 1);
	if (!out->buf) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	const char *p = line;
	char *q = out->buf;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			break;
		if (out->n == LEX_MAXWORDS) {
			snprintf(err, errn, "too many words on one line (the limit is %d)", LEX_MAXWORDS);
			lex_free(out);
			return -1;
		}
		out->rest[out->n] = p;
		out->w[out->n++] = q;
		if (*p == '"') { /* quoted word */
			p++;
			while (*p && *p != '"')
				*q++ = *p++;
			if (*p != '"') {
				snprintf(err, errn, "unclosed quote");
				lex_free(out);
				return -1;
			}
			p++;
		} else {
			int depth = 0;
			while (*p && (depth > 0 || (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n'))) {
				if (*p == '[')
					depth++;
				else if (*p == ']' && depth > 0)
					depth--;
				*q++ = *p++;
			}
			if (depth > 0) {
				snprintf(err, errn, "unclosed '[' in an array");
				lex_free(out);
				return -1;
			}
		}
		*q++ = 0;
	}
	return 0;
}

void lex_free(words *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

int lex_number(const char *s, double *v)
{
	if (!*s)
		return -1;
	/* C/numpy decimal syntax only: strtod also takes hex and "infinity", which we refuse */
	const char *t = s + (*s == '+' || *s == '-');
	if (!strcmp(t, "inf") || !strcmp(t, "nan")) {
		*v = !strcmp(t, "nan") ? NAN : (*s == '-' ? -INFINITY : INFINITY);
		return 0;
	}
	if (!(isdigit((unsigned char)*t) || (*t == '.' && isdigit((unsigned char)t[1]))))
		return -1;
	for (const char *c = t; *c; c++)
		if (!(isdigit((unsigned char)*c) || *c == '.' || *c == 'e' || *c == 'E' || *c == '+' ||
		      *c == '-'))
			return -1;
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (*end)
		return -1;
	*v = x;
	return 0;
}

int lex_int(const char *s, long lo, long hi, long *v)
{
	double d;
	if (lex_number(s, &d) || d != floor(d) || d < (double)lo || d > (double)hi)
		return -1;
	*v = (long)d;
	return 0;
}

/* Parse one number from p; returns the end or NULL. */
static const char *array_number(const char *p, double *v)
{
	char tmp[64];
	size_t n = 0;
	while (p[n] && !strchr(" \t\r\n,[]", p[n]) && n < sizeof tmp - 1) {
		tmp[n] = p[n];
		n++;
	}
	tmp[n] = 0;
	if (!n || lex_number(tmp, v))
		return NULL;
	return p + n;
}

int lex_array(const char *s, tensor *t, size_t max_values, char *err, size_t errn)
{
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '[') { /* a bare number is a (1,) array */
		double v;
		if (lex_number(p, &v)) {
			snprintf(err, errn, "'%.40s' is neither a number nor an array", s);
			return -1;
		}
		if (tensor_alloc(t, 1, 1, 1)) {
			snprintf(err, errn, "out of memory");
			return -1;
		}
		t->v[0] = v;
		return 0;
	}
	/* first pass: shape; second pass: values.  depth counts open brackets. */
	size_t count = 0, cap = 16;
	double *vals = malloc(cap * sizeof *vals);
	int depth = 0, maxdepth = 0, rows = 0, cols = -1, cur = 0, closed_top = 0;
	if (!vals) {
		snprintf(err, errn, "out of memory");
		return -1;
	}
	for (; *p; p++) {
		if (isspace((unsigned char)*p) || *p == ',')
			continue;
		if (closed_top) {
			snprintf(err, errn, "unexpected '%c' after the closing ']' (column %d)", *p,
				 (int)(p - s) + 1);
			goto fail;
		}
		if (*p == '[') {
			if (++depth > LEX_MAXDEPTH) {
				snprintf(err, errn, "arrays have at most %d dimensions (column %d)",
					 LEX_MAXDEPTH, (int)(p - s) + 1);
				goto fail;
			}
			if (depth > maxdepth) {
				if (count || rows) {
					snprintf(err, errn, "mixed numbers and rows (column %d)", (int)(p - s) + 1);
					goto fail;
				}
				maxdepth = depth;
			}
			cur = 0;
			continue;
		}
		if (*p == ']') {
			if (depth == 2) { /* a row ends */
				if (cols >= 0 && cur != cols) {
					snprintf(err, errn, "ragged rows: row %d has %d values, row 1 has %d",
						 rows + 1, cur, cols);
					goto fail;
				}
				if (!cur) {
					snprintf(err, errn, "empty row %d", rows + 1);
					goto fail;
				}
				cols = cur;
				rows++;
			}
			if (--depth == 0)
				closed_top = 1;
			continue;
		}
		if (depth < maxdepth) {
			snprintf(err, errn, "mixed numbers and rows (column %d)", (int)(p - s) + 1);
			goto fail;
		}
		double v;
		const char *e = array_number(p, &v);
		if (!e) {
			char bad[24];
			size_t n = strcspn(p, " \t,[]");
			snprintf(bad, sizeof bad, "%.*s", (int)(n > 20 ? 20 : n), p);
			snprintf(err, errn, "'%s' is not a number (column %d)", bad, (int)(p - s) + 1);
			goto fail;
		}
		if (count == max_values) {
			snprintf(err, errn, "more than %zu values: over the memory budget", max_values);
			goto fail;
		}
		if (count == cap) {
			double *nv = realloc(vals, 2 * cap * sizeof *vals);
			if (!nv) {
				snprintf(err, errn, "out of memory");
				goto fail;
			}
			vals = nv;
			cap *= 2;
		}
		vals[count++] = v;
		cur++;
		p = e - 1;
	}
	if (depth) {
		snprintf(err, errn, "unclosed '['");
		goto fail;
	}
	if (!count) {
		snprintf(err, errn, "empty array");
		goto fail;
	}
	t->v = vals;
	t->ndim = maxdepth;
	t->rows = maxdepth == 2 ? rows : 1;
	t->cols = maxdepth == 2 ? cols : (int)count;
	return 0;
fail:
	free(vals);
	return -1;
}

int lex_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30 || la > lb + 2 || lb > la + 2)
		return 9;
	int d[31][31];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	int prevmin = 0; /* every path crosses row i-1 or row i (a swap jumps one row) */
	for (size_t i = 1; i <= la; i++) {
		int rowmin = d[i][0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			/* a swap of two neighbours counts as one edit */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
			rowmin = c < rowmin ? c : rowmin;
		}
		if (prevmin > 2 && rowmin > 2) /* farther than anyone asks about */
			return 9;
		prevmin = rowmin;
	}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}
