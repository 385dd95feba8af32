/* main.c — the dl program: options, batch mode, and the choice of front end. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include "ui.h"
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lang/lex.h"
#include "plot/view.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

static void usage(FILE *f)
{
	fputs("Usage: dl [OPTION]... [FILE]...\n"
	      "A shell for learning how neural networks work: define layers, set weights, train and\n"
	      "watch. With FILEs, run them as scripts and exit (stopping at the first error).\n\n"
	      "  -c COMMANDS    run COMMANDS (separated by ';' or newlines) and exit\n"
	      "  -              read commands from standard input\n"
	      "  -i             stay interactive after the scripts or -c\n"
	      "  --no-tui       plain prompt and text plots, even in a terminal\n"
	      "  --lesson N     run lesson N (interactive in a terminal)\n"
	      "  -v, --verbose  an interactive lesson shows its checks (expect) too\n"
	      "  -q, --quiet    no status lines (wrote, loaded, samples, trained): results only\n"
	      "  --seed N       seed of the random number generator (default 1)\n"
	      "  --mem-mb N     memory budget for tensors and data in MiB (default 1024)\n"
	      "  --help         show this help and exit\n"
	      "  --version      show the version and exit\n\n"
	      "Type 'help' at the dl> prompt for the commands, 'lessons' for the lessons.\n"
	      "Exit status: 0 success, 1 a command failed, 2 bad usage.\n"
	      "Report bugs and read more: README.md and 'man dl'.\n", f);
}

static int is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Lessons and data (sub: "lessons", "data"): $DL_LESSONS/$DL_DATA; else, for the binary of
 * the build tree, the source tree's; else the installed copy beside the binary (BIN/../share/dl,
 * wherever 'make install prefix=X' put it), else where configure said it would be installed.
 * An installed dl never looks into a build tree.  The result is kept for the session. */
static const char *find_dir(const char *env, const char *sub)
{
	static char found[2][4096];
	char *buf = found[strcmp(sub, "data") == 0];
	const char *e = getenv(env);
	if (e && *e)
		return e;
	char exe[3072];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = 0; /* the binary's directory */
	char *build = realpath(DL_BUILDDIR "/src", NULL);
	int in_build = n > 0 && build && !strcmp(exe, build);
	free(build);
	if (in_build) {
		snprintf(buf, sizeof found[0], "%s/%s", DL_SRCDIR, sub);
		return buf;
	}
	if (n > 0 && slash) {
		snprintf(buf, sizeof found[0], "%s/../share/%s/%s", exe, PACKAGE, sub);
		if (is_dir(buf))
			return buf;
	}
	snprintf(buf, sizeof found[0], "%s/%s", DL_PKGDATADIR, sub);
	return buf;
}

/* plots as text, for batch mode and the plain prompt (the full-screen UI draws its pane) */
static int text_show(void *ctx, session *s)
{
	(void)ctx;
	return view_print(s);
}

/* What the command line asks for. */
typedef struct dl_options {
	int interactive, no_tui, verbose, quiet;
	long seed, mem_mb, lesson;  /* lesson -1: none */
	const char *cmds;           /* -c COMMANDS, or NULL */
} dl_options;

static void version(void)
{
	printf("dl %s\nCopyright (C) 2026 the dl authors.\nLicense GPLv3+: GNU GPL version 3 or later "
	       "<https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and "
	       "redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n", PACKAGE_VERSION);
}

/* A whole-number option's argument within lo..hi into *out; 0, or -1 after saying that it
 * is not what (the option's words). */
static int opt_number(const char *opt, const char *arg, long lo, long hi, long *out, const char *what)
{
	if (!lex_int(arg, lo, hi, out))
		return 0;
	fprintf(stderr, "dl: %s: '%s' is not %s\n", opt, arg, what);
	return -1;
}

/* The options into o (the operands from optind on are the scripts); returns -1 to go on,
 * else the status to exit with at once (--help, --version, bad usage). */
static int parse_options(int argc, char **argv, dl_options *o)
{
	enum { OPT_NOTUI = 256, OPT_LESSON, OPT_SEED, OPT_MEM, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "no-tui", no_argument, NULL, OPT_NOTUI }, { "lesson", required_argument, NULL, OPT_LESSON },
		{ "seed", required_argument, NULL, OPT_SEED }, { "mem-mb", required_argument, NULL, OPT_MEM },
		{ "help", no_argument, NULL, OPT_HELP }, { "version", no_argument, NULL, OPT_VERSION },
		{ "verbose", no_argument, NULL, 'v' }, { "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc, argv, "c:ihvq", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->cmds = optarg; break;
		case 'i': o->interactive = 1; break;
		case 'v': o->verbose = 1; break;
		case 'q': o->quiet = 1; break;
		case OPT_NOTUI: o->no_tui = 1; break;
		case OPT_LESSON: bad = opt_number("--lesson", optarg, 0, 1000, &o->lesson, "a lesson number"); break;
		case OPT_SEED:
			bad = opt_number("--seed", optarg, 0, 9007199254740991L, &o->seed, "a whole number >= 0");
			break;
		case OPT_MEM:
			bad = opt_number("--mem-mb", optarg, 1, 1 << 20, &o->mem_mb, "a size in MiB (1 to 1048576)");
			break;
		case 'h':
		case OPT_HELP: usage(stdout); return 0;
		case OPT_VERSION: version(); return 0;
		default:
			fprintf(stderr, "Try 'dl --help' for more information.\n");
			return 2;
		}
	}
	return bad ? 2 : -1;
}

/* The session with the options' seed and memory budget, and where lessons and data are. */
static session *session_open(const dl_options *o)
{
	sess_hooks hk = { .show = text_show };
	session *s = sess_new((uint64_t)o->seed, &hk);
	if (!s)
		return NULL;
	s->max_values = (size_t)o->mem_mb * 1024 * 1024 / sizeof(double);
	s->verbose = o->verbose;
	s->quiet = o->quiet;
	s->lesson_dir = find_dir("DL_LESSONS", "lessons");
	s->data_dir = find_dir("DL_DATA", "data");
	return s;
}

/* -c, then the scripts (FILE or - for standard input), stopping at the first error. */
static int run_batch(session *s, const dl_options *o, int argc, char **argv)
{
	int status = 0;
	if (o->cmds) {
		s->text_name = "-c"; /* its errors say -c:LINE: */
		status = sess_run_text(s, o->cmds, NULL) == SESS_ERROR;
		s->text_name = NULL;
	}
	for (int i = optind; i < argc && !status && !s->quit; i++) {
		if (!strcmp(argv[i], "-"))
			status = sess_run_stream(s, stdin, "<stdin>") == SESS_ERROR;
		else
			status = sess_source(s, argv[i]) == SESS_ERROR;
	}
	return status;
}

/* What the options ask for: scripts, a lesson, then (unless they ran alone) a script on a
 * pipe or the interactive shell: the full-screen UI when the terminal can host it. */
static int run(session *s, const dl_options *o, int argc, char **argv)
{
	int batch = o->cmds || optind < argc;
	int status = run_batch(s, o, argc, argv);
	int tty = isatty(STDIN_FILENO); /* interactive by standard input, as python3 and sqlite3 */
	char first[32] = "";
	if (o->lesson >= 0) {
		snprintf(first, sizeof first, "lesson %ld", o->lesson);
		if (batch || !tty) { /* replay it and exit */
			if (!status)
				status = sess_exec(s, first) == SESS_ERROR;
			batch = 1;
		}
	}
	if ((!batch || o->interactive) && !s->quit && !ui_terminate) {
		if (!tty && !o->interactive) { /* commands piped in: a script */
			status = sess_run_stream(s, stdin, "<stdin>") == SESS_ERROR;
		} else {
			/* interactive sessions exit 0: their errors were shown and the shell went on */
			int rc = o->no_tui ? -1 : ui_tui_run(s, first);
			status = rc < 0 ? ui_plain_run(s, first) : rc;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	dl_options o = { .seed = 1, .mem_mb = 1024, .lesson = -1 };
	/* the user's locale for characters and messages, but numbers are read and written with
	 * '.' in every locale (spec §8): scripts, models, CSV and exported programs stay portable */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	int rc = parse_options(argc, argv, &o);
	if (rc >= 0)
		return rc;
	session *s = session_open(&o);
	if (!s) {
		fprintf(stderr, "dl: out of memory\n");
		return 1;
	}
	struct sigaction inherited;
	sigaction(SIGINT, NULL, &inherited);
	ui_install_signals();
	if (!o.interactive && (o.cmds || optind < argc || !isatty(STDIN_FILENO))) {
		/* no prompt, no history to save: these end a batch run at once, Ctrl-C by its signal
		 * (status 130, as python3); a background job's ignored SIGINT stays ignored */
		ui_batch_signals(inherited.sa_handler == SIG_IGN);
	}
	s->interrupt = &ui_interrupted;
	setvbuf(stdout, NULL, _IOLBF, 0);
	int status = run(s, &o, argc, argv);
	if (s->failed_expect && !status)
		status = 1;
	sess_free(s);
	ui_reraise_terminate();
	return status;
}
