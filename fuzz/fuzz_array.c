/* fuzz_array.c — libFuzzer target: the lexer.  The input is one line: lex_split must split it
 * or refuse it, and each word is parsed as a number, an integer and an array literal, as the
 * commands do.  Checks what the parsers promise: shapes are consistent and within the budget,
 * every number lex_number accepts is what strtod reads, and sess_incomplete terminates. */
#include "../src/lang/lex.h"
#include "../src/lang/session.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUDGET 4096

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "invariant failed: %s\n", #c); abort(); } } while (0)

static void check_array(const char *s)
{
	tensor t = { 0 };
	char err[256];
	err[0] = 0;
	if (lex_array(s, &t, BUDGET, err, sizeof err)) {
		CHECK(err[0] && strlen(err) < sizeof err);
		return;
	}
	CHECK(t.v && (t.ndim == 1 || t.ndim == 2));
	CHECK(t.rows >= 1 && t.cols >= 1 && tensor_size(&t) <= BUDGET);
	if (t.ndim == 1)
		CHECK(t.rows == 1);
	volatile double sum = 0;
	for (size_t i = 0; i < tensor_size(&t); i++) /* every value was written */
		sum += t.v[i];
	(void)sum;
	tensor_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	check_array(text);
	words w;
	char err[256];
	if (lex_split(text, &w, err, sizeof err) == 0) {
		CHECK(w.n >= 0 && w.n <= LEX_MAXWORDS);
		for (int i = 0; i < w.n; i++) {
			double v;
			long l;
			CHECK(w.rest[i] >= text && w.rest[i] < text + size);
			if (lex_number(w.w[i], &v) == 0 && !isnan(v))
				CHECK(v == strtod(w.w[i], NULL));
			if (lex_int(w.w[i], -1000000, 1000000, &l) == 0)
				CHECK(l >= -1000000 && l <= 1000000);
			check_array(w.w[i]);
		}
		lex_free(&w);
	}
	(void)sess_incomplete(text);
	free(text);
	return 0;
}
