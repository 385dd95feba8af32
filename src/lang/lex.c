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

size_t lex_command_len(const char *line, int *more)
{
	const char *p = line;
	int depth = 0, quote = 0, word_start = 1;
	*more = 0;
	for (; *p; p++) {
		if (quote) {
			quote = *p != '"';
		} else if (*p == '"' && !depth) {
			quote = 1;
		} else if (*p == '[') {
			depth++;
		} else if (*p == ']' && depth) {
			depth--;
		} else if (!depth && *p == '#' && word_start) {
			return strlen(line); /* a comment: the rest of the line is its text */
		} else if (!depth && *p == ';') {
			*more = 1;
			break;
		}
		word_start = *p == ' ' || *p == '\t' || *p == ';';
	}
	return (size_t)(p - line);
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

/* Parse one number from p (up to a separator, however long: pi to 80 digits is one number);
 * returns the end or NULL. */
static const char *array_number(const char *p, double *v)
{
	char tmp[64], *buf = tmp;
	size_t n = strcspn(p, " \t\r\n,[]");
	if (!n)
		return NULL;
	if (n >= sizeof tmp && !(buf = malloc(n + 1)))
		return NULL;
	memcpy(buf, p, n);
	buf[n] = 0;
	int bad = lex_number(buf, v);
	if (buf != tmp)
		free(buf);
	return bad ? NULL : p + n;
}

/* A bare number as a (1,) array. */
static int bare_number(const char *s, const char *p, tensor *t, char *err, size_t errn)
{
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

/* The state of one array literal being read: its values so far and its shape. */
typedef struct arr_parse {
	const char *s;          /* the literal, for column numbers */
	double *vals;           /* (count,) of cap */
	size_t count, cap, max;
	int depth, maxdepth;    /* open brackets now, and the deepest seen */
	int rows, cols, cur;    /* rows closed, their width (-1: none yet), values in this row */
	int closed_top;
	char *err;
	size_t errn;
} arr_parse;

static int arr_fail(arr_parse *ap, const char *p, const char *what)
{
	if (p)
		snprintf(ap->err, ap->errn, "%s (column %d)", what, (int)(p - ap->s) + 1);
	else
		snprintf(ap->err, ap->errn, "%s", what);
	return -1;
}

static int arr_open(arr_parse *ap, const char *p)
{
	char msg[64];
	if (++ap->depth > LEX_MAXDEPTH) {
		snprintf(msg, sizeof msg, "arrays have at most %d dimensions", LEX_MAXDEPTH);
		return arr_fail(ap, p, msg);
	}
	if (ap->depth > ap->maxdepth) {
		if (ap->count || ap->rows)
			return arr_fail(ap, p, "mixed numbers and rows");
		ap->maxdepth = ap->depth;
	}
	ap->cur = 0;
	return 0;
}

static int arr_close(arr_parse *ap)
{
	if (ap->depth == 2) { /* a row ends */
		if (ap->cols >= 0 && ap->cur != ap->cols) {
			snprintf(ap->err, ap->errn, "ragged rows: row %d has %d values, row 1 has %d", ap->rows + 1, ap->cur,
				 ap->cols);
			return -1;
		}
		if (!ap->cur) {
			snprintf(ap->err, ap->errn, "empty row %d", ap->rows + 1);
			return -1;
		}
		ap->cols = ap->cur;
		ap->rows++;
	}
	if (--ap->depth == 0)
		ap->closed_top = 1;
	return 0;
}

/* The number at p into the values; returns its end, or NULL with the error. */
static const char *arr_value(arr_parse *ap, const char *p)
{
	double v;
	if (ap->depth < ap->maxdepth)
		return arr_fail(ap, p, "mixed numbers and rows"), NULL;
	const char *e = array_number(p, &v);
	if (!e) {
		char bad[24], msg[64];
		size_t n = strcspn(p, " \t,[]");
		snprintf(bad, sizeof bad, "%.*s", (int)(n > 20 ? 20 : n), p);
		snprintf(msg, sizeof msg, "'%s' is not a number", bad);
		return arr_fail(ap, p, msg), NULL;
	}
	if (ap->count == ap->max) {
		snprintf(ap->err, ap->errn, "more than %zu values: over the memory budget", ap->max);
		return NULL;
	}
	if (ap->count == ap->cap) {
		double *nv = realloc(ap->vals, 2 * ap->cap * sizeof *nv);
		if (!nv)
			return arr_fail(ap, NULL, "out of memory"), NULL;
		ap->vals = nv;
		ap->cap *= 2;
	}
	ap->vals[ap->count++] = v;
	ap->cur++;
	return e;
}

int lex_array(const char *s, tensor *t, size_t max_values, char *err, size_t errn)
{
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '[')
		return bare_number(s, p, t, err, errn);
	arr_parse ap = { .s = s, .cap = 16, .max = max_values, .cols = -1, .err = err, .errn = errn };
	if (!(ap.vals = malloc(ap.cap * sizeof *ap.vals)))
		return arr_fail(&ap, NULL, "out of memory");
	int bad = 0;
	for (; *p && !bad; p++) {
		if (isspace((unsigned char)*p) || *p == ',')
			continue;
		if (ap.closed_top) {
			char msg[64];
			snprintf(msg, sizeof msg, "unexpected '%c' after the closing ']'", *p);
			bad = arr_fail(&ap, p, msg);
		} else if (*p == '[') {
			bad = arr_open(&ap, p);
		} else if (*p == ']') {
			bad = arr_close(&ap);
		} else {
			const char *e = arr_value(&ap, p);
			bad = !e;
			if (e)
				p = e - 1;
		}
	}
	if (!bad && ap.depth)
		bad = arr_fail(&ap, NULL, "unclosed '['");
	if (!bad && !ap.count)
		bad = arr_fail(&ap, NULL, "empty array");
	if (bad) {
		free(ap.vals);
		return -1;
	}
	t->v = ap.vals;
	t->ndim = ap.maxdepth;
	t->rows = ap.maxdepth == 2 ? ap.rows : 1;
	t->cols = ap.maxdepth == 2 ? ap.cols : (int)ap.count;
	return 0;
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
