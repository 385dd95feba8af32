/* manref.c — the man page's COMMANDS section, made at build time from the command table
 * (cmd_table.c), so that it cannot drift from what 'help' says.  Prints man(7) markup on
 * standard output: the commands grouped as 'help' groups them, each with its usage (literal
 * words bold, PLACEHOLDERS italic), its help text, aliases and example.  The Makefile puts it
 * into dl.1.in at the @COMMANDS@ line.  Not installed. */
#include "cmd.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The headings of 'help' (cmd.c's help_groups, in CMD_G_* order); tests/man.sh checks that
 * they are the ones 'help' prints. */
static const char *man_groups[CMD_G_COUNT] = { "The network", "Data", "Training", "Looking inside",
					       "Files", "Lessons and exercises", "The shell" };
_Static_assert(CMD_G_COUNT == 7, "a new help group needs its man page heading");

/* One UTF-8 sequence at p as \[uXXXX]; returns the bytes it took (1 for a stray byte, as '?'). */
static size_t man_utf8(const unsigned char *p, FILE *out)
{
	unsigned c = p[0], n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
	if (!n) {
		fputc('?', out);
		return 1;
	}
	unsigned cp = c & (0x3f >> n);
	for (unsigned i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			fputc('?', out);
			return i;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	fprintf(out, "\\[u%04X]", cp);
	return n + 1;
}

/* Text with roff's special characters escaped: backslash, quotes, minus (code only) and
 * anything beyond ASCII.  A '.' is left alone: callers start their lines with \& when needed. */
static void man_text(const char *s, size_t len, int code, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		if (*p >= 0x80) {
			p += man_utf8(p, out);
			continue;
		}
		switch (*p) {
		case '\\': fputs("\\e", out); break;
		case '\'': fputs("\\(aq", out); break;
		case '`': fputs("\\(ga", out); break;
		case '-': fputs(code ? "\\-" : "-", out); break;
		default: fputc(*p, out);
		}
		p++;
	}
}

/* Escaped roff text filled into source lines of at most MAN_WIDTH bytes, broken at blanks
 * (mandoc -Tlint asks for 80); a line that would start with '.' starts with \& instead. */
enum { MAN_WIDTH = 79 };
static void man_fill(const char *t, FILE *out)
{
	size_t col = 0;
	while (*t) {
		t += strspn(t, " ");
		size_t n = strcspn(t, " ");
		if (!n)
			break;
		if (col && col + 1 + n > MAN_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (col)
			fputc(' ', out), col++;
		else if (*t == '.')
			fputs("\\&", out), col += 2;
		fwrite(t, 1, n, out);
		col += n;
		t += n;
	}
	if (col)
		fputc('\n', out);
}

/* Fill what f(..., stream) writes: f writes into a memory stream, man_fill copies it out. */
#define MAN_FILLED(out, f, ...) do { \
		char *buf_ = NULL; size_t len_ = 0; FILE *m_ = open_memstream(&buf_, &len_); \
		if (m_) { f(__VA_ARGS__, m_); fclose(m_); man_fill(buf_, out); } \
		free(buf_); \
	} while (0)

/* A word of a usage line is a placeholder when it has no lower-case letter (IN, OUT, F, W1). */
static int man_placeholder(const char *w, size_t n)
{
	int upper = 0;
	for (size_t i = 0; i < n; i++) {
		if (islower((unsigned char)w[i]))
			return 0;
		upper |= isupper((unsigned char)w[i]);
	}
	return upper;
}

/* One usage line: words bold, placeholders italic, punctuation and (remarks) roman; no
 * newline. */
static void man_usage_line(const char *u, size_t len, FILE *out)
{
	int paren = 0;
	for (size_t i = 0; i < len;) {
		size_t n = 0;
		while (i + n < len && (isalnum((unsigned char)u[i + n]) || u[i + n] == '_'))
			n++;
		if (!n) {
			paren += (u[i] == '(') - (u[i] == ')');
			man_text(u + i, 1, 1, out);
			i++;
			continue;
		}
		if (paren)
			man_text(u + i, n, 1, out);
		else {
			fputs(man_placeholder(u + i, n) ? "\\fI" : "\\fB", out);
			man_text(u + i, n, 1, out);
			fputs("\\fR", out);
		}
		i += n;
	}
}

/* Lines of text (help), each filled from a new source line, leading blanks dropped. */
static void man_lines(const char *s, int code, FILE *out)
{
	while (*s) {
		s += strspn(s, " \t");
		size_t n = strcspn(s, "\n");
		if (n)
			MAN_FILLED(out, man_text, s, n, code);
		s += n + (s[n] == '\n');
	}
}

/* "Label: \fBtext\fR", the text as code; no newline. */
static void man_labelled(const char *label, const char *text, FILE *out)
{
	fprintf(out, "%s \\fB", label);
	man_text(text, strlen(text), 1, out);
	fputs("\\fR", out);
}

/* One command: a tagged paragraph headed by its name, then its usage lines, help, aliases
 * and example. */
static void man_command(const cmd_entry *c, FILE *out)
{
	char usage[2048];
	fprintf(out, ".TP\n.B %s\n", c->name);
	cmd_usage(c, usage, sizeof usage);
	for (const char *u = usage; *u;) {
		u += strspn(u, " ");
		size_t n = strcspn(u, "\n");
		MAN_FILLED(out, man_usage_line, u, n);
		fputs(".br\n", out);
		u += n + (u[n] == '\n');
	}
	man_lines(c->help, 0, out);
	if (c->alias) {
		fputs(".br\n", out);
		MAN_FILLED(out, man_labelled, "Aliases:", c->alias);
	}
	if (c->example) {
		fputs(".br\n", out);
		MAN_FILLED(out, man_labelled, "Example:", c->example);
	}
}

int main(void)
{
	FILE *out = stdout;
	fputs(".\\\" made by src/lang/manref from the command table (src/lang/cmd_table.c)\n"
	      ".SH COMMANDS\n"
	      "These are the commands of the\n.B dl>\nprompt, of scripts and of lessons, grouped as\n"
	      ".B help\nlists them; \\fBhelp\\fR \\fICOMMAND\\fR shows one.\n"
	      "A unique prefix of a command's name runs it\n(\\fBtr 100\\fR is \\fBtrain 100\\fR),\n"
	      "except for the words of a lesson:\n", out);
	for (int i = 0, k = 0; i < cmd_count; i++) /* the CMD_EXACT ones, only whole */
		if (cmd_table[i].flags & CMD_EXACT)
			fprintf(out, "%s%s", k++ ? ", " : "", cmd_table[i].name);
	fputs(".\n"
	      "Options are written\n\\fIkey\\fR\\fB=\\fR\\fIvalue\\fR;\n"
	      "several commands on a line are separated by\n.BR ; .\n", out);
	for (int g = 0; g < CMD_G_COUNT; g++) {
		fprintf(out, ".SS %s\n", man_groups[g]);
		for (int i = 0; i < cmd_count; i++)
			if (cmd_table[i].group == g)
				man_command(&cmd_table[i], out);
	}
	return ferror(out) || fflush(out) ? 1 : 0;
}
