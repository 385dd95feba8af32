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

/* Lessons and data: $DL_LESSONS/$DL_DATA, else the installed copy, else the source tree. */
static const char *find_dir(const char *env, const char *installed, const char *src)
{
	const char *e = getenv(env);
	if (e && *e)
		return e;
	if (is_dir(installed))
		return installed;
	return src;
}

/* plots as text, for batch mode and the plain prompt (the full-screen UI draws its pane) */
static int text_show(void *ctx, session *s)
{
	(void)ctx;
	return view_print(s);
}

int main(int argc, char **argv)
{
	int interactive = 0, no_tui = 0, status = 0;
	long seed = 1, mem_mb = 1024, lesson = -1;
	const char *cmds = NULL;
	enum { OPT_NOTUI = 256, OPT_LESSON, OPT_SEED, OPT_MEM, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "no-tui", no_argument, NULL, OPT_NOTUI }, { "lesson", required_argument, NULL, OPT_LESSON },
		{ "seed", required_argument, NULL, OPT_SEED }, { "mem-mb", required_argument, NULL, OPT_MEM },
		{ "help", no_argument, NULL, OPT_HELP }, { "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	setlocale(LC_ALL, "");
	int c;
	while ((c = getopt_long(argc, argv, "c:ih", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': cmds = optarg; break;
		case 'i': interactive = 1; break;
		case OPT_NOTUI: no_tui = 1; break;
		case OPT_LESSON:
			if (lex_int(optarg, 0, 1000, &lesson)) {
				fprintf(stderr, "dl: --lesson: '%s' is not a lesson number\n", optarg);
				return 2;
			}
			break;
		case OPT_SEED:
			if (lex_int(optarg, 0, 9007199254740991L, &seed)) {
				fprintf(stderr, "dl: --seed: '%s' is not a whole number >= 0\n", optarg);
				return 2;
			}
			break;
		case OPT_MEM:
			if (lex_int(optarg, 1, 1 << 20, &mem_mb)) {
				fprintf(stderr, "dl: --mem-mb: '%s' is not a size in MiB (1 to 1048576)\n", optarg);
				return 2;
			}
			break;
		case 'h':
		case OPT_HELP: usage(stdout); return 0;
		case OPT_VERSION:
			printf("dl %s\nCopyright (C) 2026 the dl authors.\nLicense GPLv3+: GNU GPL version 3 or later "
			       "<https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and "
			       "redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n", PACKAGE_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try 'dl --help' for more information.\n");
			return 2;
		}
	}
	sess_hooks hk = { .show = text_show };
	session *s = sess_new((uint64_t)seed, &hk);
	if (!s) {
		fprintf(stderr, "dl: out of memory\n");
		return 1;
	}
	s->max_values = (size_t)mem_mb * 1024 * 1024 / sizeof(double);
	s->lesson_dir = find_dir("DL_LESSONS", DL_PKGDATADIR "/lessons", DL_SRCDIR "/lessons");
	s->data_dir = find_dir("DL_DATA", DL_PKGDATADIR "/data", DL_SRCDIR "/data");
	ui_install_signals();
	if (!interactive && (cmds || optind < argc || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		signal(SIGTERM, SIG_DFL); /* no prompt, no history to save: these end a batch run at once */
		signal(SIGHUP, SIG_DFL);
	}
	s->interrupt = &ui_interrupted;
	setvbuf(stdout, NULL, _IOLBF, 0);

	int batch = cmds || optind < argc;
	if (cmds)
		status = sess_run_text(s, cmds, NULL) == SESS_ERROR;
	for (int i = optind; i < argc && !status && !s->quit; i++) {
		if (!strcmp(argv[i], "-"))
			status = sess_run_stream(s, stdin, "<stdin>") == SESS_ERROR;
		else
			status = sess_source(s, argv[i]) == SESS_ERROR;
	}
	int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	char first[32] = "";
	if (lesson >= 0) {
		snprintf(first, sizeof first, "lesson %ld", lesson);
		if (batch || !tty) { /* replay it and exit */
			if (!status)
				status = sess_exec(s, first) == SESS_ERROR;
			batch = 1;
		}
	}
	if ((!batch || interactive) && !s->quit && !ui_terminate) {
		if (!tty && !interactive) { /* commands piped in: a script */
			status = sess_run_stream(s, stdin, "<stdin>") == SESS_ERROR;
		} else {
			/* interactive sessions exit 0: their errors were shown and the shell went on */
			int rc = no_tui ? -1 : ui_tui_run(s, first);
			status = rc < 0 ? ui_plain_run(s, first) : rc;
		}
	}
	if (s->failed_expect && !status)
		status = 1;
	sess_free(s);
	return status;
}
