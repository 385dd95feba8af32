/* lex.h — words, numbers and array literals of the command language. */
#ifndef DL_LEX_H
#define DL_LEX_H
#include <stddef.h>
#include <stdio.h>
#include "engine/tensor.h"

#define LEX_MAXWORDS 64
#define LEX_MAXLINE 65536  /* bytes in one logical line */
#define LEX_MAXDEPTH 2     /* array nesting: vectors and matrices */

typedef struct words {
	int n;
	char *w[LEX_MAXWORDS]; /* point into buf */
	const char *rest[LEX_MAXWORDS]; /* the raw line from word i on (for 'say') */
	char *buf;             /* owned copy of the line */
} words;

/* Split a line into words: blanks separate, "#" at the start of a word begins a comment,
 * "[ … ]" is one word whatever it contains, "…" quotes a word.  Returns 0, or -1 with err. */
int lex_split(const char *line, words *out, char *err, size_t errn);
void lex_free(words *w);

/* A whole word as a number: 0.8, -1e-6, 1E4, .5, inf, -inf, nan.  -1 if it is not one. */
int lex_number(const char *s, double *v);
/* A whole word as an integer in [lo, hi]. */
int lex_int(const char *s, long lo, long hi, long *v);

/* An array literal: [1, 2, 3] (shape (3,)), [[1, 2], [3, 4]] (2, 2), or a bare number (1,).
 * Commas optional; ragged rows, depth > 2, more than max_values elements are errors. */
/* The length of the first command of line: up to a ';' outside brackets and quotes (*more
 * set: another command follows it), else the whole line (a '#' comment ends the splitting:
 * its text is the comment's). */
size_t lex_command_len(const char *line, int *more);

int lex_array(const char *s, tensor *t, size_t max_values, char *err, size_t errn);


/* Edit distance between a and b (a swap of neighbours is one edit) when it is at most 2, else
 * some number above 2, at most 9 (for "did you mean", which wants the near ones only). */
int lex_distance(const char *a, const char *b);

#endif
