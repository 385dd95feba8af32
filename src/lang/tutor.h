/* tutor.h — a lesson being run (spec §9): its exercises (task … end) and how they are run
 * (batch: the solution, then the goals; a learner: their own commands until the goals hold),
 * the learner's words at an exercise, pauses that accept commands, and the progress kept. */
#ifndef DL_TUTOR_H
#define DL_TUTOR_H
#include "cmd.h"
#include "progress.h"

#define TUTOR_MAXLINES 16  /* hints, goals and solution lines of one exercise */

typedef struct tutor_ex {
	char *task;                        /* the instruction (task lines joined by '\n'); owned */
	char *hint[TUTOR_MAXLINES];        /* owned */
	char *goal[TUTOR_MAXLINES];        /* conditions (check_goal); owned */
	char *sol[TUTOR_MAXLINES];         /* command lines of the worked answer; owned */
	int nhint, ngoal, nsol;
	char *ask;                         /* the question of 'ask', or NULL; owned */
	double answer, tol;                /* its answer and tolerance */
	int line;                          /* the 'task' line in the lesson */
} tutor_ex;

typedef struct tutor {
	char key[1024];          /* progress key: a shipped lesson's file name, or a file's full path */
	char name[64];           /* how the learner calls it: "lesson 3", or the file's name */
	int interactive;         /* a learner at the prompt (the UI's read_line), not batch */
	int verbose;             /* expect lines and their answers shown in an interactive lesson too */
	int nex;                 /* exercises in the lesson */
	int k;                   /* exercises met so far: the current one's number */
	int resume;              /* exercises before this one replay quietly (their solutions); 0: none */
	int resume_line;         /* the pause after which the replay speaks again (0: at the task) */
	int defining;            /* between 'task' and 'end' */
	int running;             /* the learner is at the exercise's prompt: hint, solution, skip act */
	int hints_shown;
	int verdict;             /* set by a learner's word: PROG_HELPED (solution), PROG_SKIPPED */
	int leaving;             /* 'lesson quit' or Ctrl-D: the lesson stops, progress kept */
	int told_pause;          /* the pause's one-line help was shown */
	int diag_shown;          /* the divergence diagnosis was shown in full once */
	int page_used, page_col; /* console rows filled since the learner's last line; the open row's columns */
	int no_more;             /* 'q' at "-- more --": no stops until the learner's next line */
	int script_depth;        /* > 0: made by a plain script's first 'task' (dl FILE), freed when it ends */
	tutor_ex ex;
	unsigned char state[PROG_MAXEX + 1]; /* per exercise, PROG_* */
} tutor;

/* Run the lesson file at path under t (key, name, interactive, verbose set by the caller;
 * restart: forget its progress first).  SESS_OK, or the lesson's error. */
int tutor_run(session *s, tutor *t, const char *path, int restart);
/* A script run (source, dl FILE) ends at depth: the batch tutor its exercises made goes;
 * rc, or an error when an exercise has no 'end'. */
int tutor_script_done(session *s, int rc);
/* The first exercise not done (1-based), or 0 when all are. */
int tutor_first_open(const tutor *t);

/* Is output paged (an interactive lesson, not training, a front end that can)?  Then
 * sess_printf gives it to tutor_emit, which stops with "-- more --" before the console's
 * rows are filled since the learner's last line. */
int tutor_pages(const session *s);
void tutor_emit(session *s, const char *text);

/* A line typed by the learner, run as at the prompt (no echo, no FILE:LINE:); an empty line
 * repeats the last step/train.  Returns the command's status. */
int tutor_learner_exec(session *s, const char *text);
/* A resumed lesson's quiet replay is over: say so. */
void tutor_resumed(session *s, tutor *t);
/* Read and run the learner's commands at a pause until an empty line (0) or leaving (-1). */
int tutor_pause(session *s);

/* The lesson script's exercise lines and the learner's words (cmd_table.c). */
int cmd_task(session *s, cmd_args *a);
int cmd_hint(session *s, cmd_args *a);
int cmd_goal(session *s, cmd_args *a);
int cmd_solution(session *s, cmd_args *a);
int cmd_ask(session *s, cmd_args *a);
int cmd_end(session *s, cmd_args *a);
int cmd_skip(session *s, cmd_args *a);

#endif
