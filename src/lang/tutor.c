/* tutor.c — exercises in lesson scripts (spec §9).  A lesson script defines an exercise line
 * by line (task, hint, goal, solution, ask) and 'end' runs it:
 *   - in batch mode (no learner: dl FILE, make check) its goals must not all hold yet (else
 *     the exercise checks nothing), then its solution runs and its goals must hold;
 *   - with a learner, the prompt is theirs ("task 2/3 dl> "): any commands, checked after each
 *     one, until the goals hold; 'hint', 'solution', 'skip', 'task' and 'lesson quit' are the
 *     learner's words.  An 'ask' takes a number first (predict, then see).
 * The learner's commands run as at the prompt: no echo, no FILE:LINE:, Enter repeats train. */
#include "tutor.h"
#include "check.h"
#include "cmd.h"
#include "fmt.h"
#include "engine/io.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int sess_checks_quiet(const session *s) { return s->tutor && s->tutor->interactive && !s->tutor->verbose; }

static void ex_free(tutor_ex *e)
{
	free(e->task);
	free(e->ask);
	for (int i = 0; i < e->nhint; i++)
		free(e->hint[i]);
	for (int i = 0; i < e->ngoal; i++)
		free(e->goal[i]);
	for (int i = 0; i < e->nsol; i++)
		free(e->sol[i]);
	memset(e, 0, sizeof *e);
}

int tutor_first_open(const tutor *t)
{
	for (int k = 1; k <= t->nex && k <= PROG_MAXEX; k++)
		if (t->state[k] != PROG_SOLVED && t->state[k] != PROG_HELPED)
			return k;
	return 0;
}

/* ---- the learner's lines ---- */

int tutor_learner_exec(session *s, const char *text)
{
	const char *ofile = s->file;
	int oline = s->line, odepth = s->depth, oecho = s->echo_depth;
	s->file = NULL; /* as at the prompt: errors without FILE:LINE:, no echo, recorded, repeatable */
	s->depth = 0;
	s->echo_depth = 0;
	int rc = text[strspn(text, " \t")] ? sess_exec(s, text) : sess_repeat(s);
	s->file = ofile;
	s->line = oline;
	s->depth = odepth;
	s->echo_depth = oecho;
	return rc;
}

/* ---- pages that fit the console ---- */

int tutor_pages(const session *s)
{
	const tutor *t = s->tutor;
	return t && t->interactive && !t->no_more && !s->training && s->hk.page_size && s->hk.more && s->hk.emit;
}

/* characters in text[0..n) (UTF-8: bytes that start one) */
static int text_chars(const char *text, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)text[i] & 0xC0) != 0x80;
	return c;
}

void tutor_emit(session *s, const char *text)
{
	tutor *t = s->tutor;
	int rows = 0, cols = 0;
	s->hk.page_size(s->hk.ctx, &rows, &cols);
	char piece[1024];
	while (*text) {
		size_t n = strcspn(text, "\n");
		int nl = text[n] == '\n';
		if (n + nl >= sizeof piece)
			n = sizeof piece - 2, nl = 0; /* a long line in pieces */
		if (rows > 1 && cols > 0 && t->page_used >= rows - 1 && !t->no_more) {
			t->no_more = s->hk.more(s->hk.ctx) != 0;
			t->page_used = 0;
		}
		memcpy(piece, text, n + nl);
		piece[n + nl] = 0;
		s->hk.emit(s->hk.ctx, piece);
		t->page_col += text_chars(text, n);
		if (nl) {
			t->page_used += cols > 0 && t->page_col > cols ? (t->page_col + cols - 1) / cols : 1;
			t->page_col = 0;
		}
		text += n + nl;
	}
}

/* The learner's next logical line (continued lines joined) into *out (owned); 0, or -1 when
 * they left (Ctrl-D, a hang-up). */
static int tutor_read(session *s, const char *prompt, char **out)
{
	char *pending = NULL, *line;
	*out = NULL;
	for (;;) {
		if (s->tutor) { /* the learner has read this page */
			s->tutor->page_used = s->tutor->page_col = 0;
			s->tutor->no_more = 0;
		}
		if (s->hk.read_line(s->hk.ctx, pending ? "...> " : prompt, &line)) {
			free(pending);
			return -1;
		}
		int more = sess_feed_line(s, &pending, line);
		free(line);
		if (more > 0 || (more < 0 && !pending))
			continue;
		*out = pending ? pending : strdup("");
		return *out ? 0 : -1;
	}
}

static int tutor_gone(const session *s) { return s->quit || (s->tutor && s->tutor->leaving); }

int tutor_pause(session *s)
{
	tutor *t = s->tutor;
	if (!t->told_pause) {
		sess_printf(s, "(at a pause: Enter goes on; any command you type runs first; 'lesson quit' leaves)\n");
		t->told_pause = 1;
	}
	for (;;) {
		char *line;
		if (tutor_read(s, "(Enter: go on) dl> ", &line)) {
			t->leaving = 1;
			return -1;
		}
		int empty = !line[strspn(line, " \t")];
		if (!empty)
			tutor_learner_exec(s, line);
		free(line);
		if (empty)
			return 0;
		if (tutor_gone(s))
			return -1;
	}
}

/* ---- checking ---- */

/* Do all goals hold?  why: the first that does not, and what is there instead. */
static int goals_hold(session *s, const tutor_ex *e, char *why, size_t n)
{
	for (int i = 0; i < e->ngoal; i++) {
		char w[512];
		if (check_goal(s, e->goal[i], w, sizeof w) != 1) {
			snprintf(why, n, "'%s' does not hold: %s", e->goal[i], w);
			return 0;
		}
	}
	return 1;
}

/* The worked answer, each command shown as typed and run; SESS_OK or the first failure. */
static int run_solution(session *s, const tutor_ex *e)
{
	for (int i = 0; i < e->nsol; i++) {
		sess_printf(s, "dl> %s\n", e->sol[i]);
		int rc = tutor_learner_exec(s, e->sol[i]);
		if (rc != SESS_OK)
			return rc;
	}
	return SESS_OK;
}

static void show_task(session *s, const tutor *t)
{
	if (t->nex >= t->k)
		sess_printf(s, "\n── exercise %d of %d ──\n%s\n", t->k, t->nex, t->ex.task);
	else
		sess_printf(s, "\n── exercise %d ──\n%s\n", t->k, t->ex.task);
	if (t->ex.ask)
		sess_printf(s, "? %s\n", t->ex.ask);
}

/* ---- batch: the solution makes the goals hold, and they did not hold before ---- */

static int ex_batch(session *s, tutor *t)
{
	tutor_ex *e = &t->ex;
	char why[600], num[64];
	if (s->mute) /* a resumed lesson's earlier exercises: their solutions, quietly */
		return run_solution(s, e) == SESS_OK ? SESS_OK : SESS_ERROR;
	if (e->ngoal && goals_hold(s, e, why, sizeof why))
		return sess_error(s, "end", "exercise %d (line %d): its goals hold before anything is done: it checks nothing",
				  t->k, e->line);
	show_task(s, t);
	if (e->ask)
		sess_printf(s, "answer: %s (batch mode answers its own questions)\n", fmt_num(e->answer, 10, num, sizeof num));
	if (run_solution(s, e) != SESS_OK)
		return SESS_ERROR;
	if (!goals_hold(s, e, why, sizeof why))
		return sess_error(s, "end", "exercise %d (line %d): after its solution, %s", t->k, e->line, why);
	sess_printf(s, "✓ exercise %d of %d done\n", t->k, t->nex);
	return SESS_OK;
}

/* ---- a learner at the exercise's prompt ---- */

/* A number typed at an open question: right (1) or not (0), said either way. */
static int ask_answered(session *s, tutor *t, double v)
{
	tutor_ex *e = &t->ex;
	char a[64], b[64], c[64];
	double tol = e->tol > 0 ? e->tol : 0.01 * fabs(e->answer) + 1e-12;
	if (fabs(v - e->answer) <= tol) {
		sess_printf(s, "right: %s (you said %s)\n", fmt_num(e->answer, 6, a, sizeof a), fmt_num(v, 6, b, sizeof b));
		return 1;
	}
	double off = e->answer ? 100 * (v - e->answer) / fabs(e->answer) : v - e->answer;
	const char *help = e->nhint ? " ('hint' helps)" : "";
	if (e->answer == floor(e->answer) && v == floor(v) && e->tol < 1 && fabs(e->answer) < 1e6)
		sess_printf(s, "not quite: the answer is not %s%s\n", fmt_num(v, 6, b, sizeof b), help); /* a count, a class */
	else if (e->answer && fabs(off) < 10)
		sess_printf(s, "not quite: %s is %.2g%% %s the answer (%s off; within %s counts)%s\n", fmt_num(v, 6, b, sizeof b),
			    fabs(off), off > 0 ? "above" : "below", fmt_num(fabs(v - e->answer), 3, a, sizeof a),
			    fmt_num(tol, 2, c, sizeof c), help);
	else if (e->answer)
		sess_printf(s, "not quite: %s is %.0f%% %s the answer%s\n", fmt_num(v, 6, b, sizeof b), fabs(off),
			    off > 0 ? "above" : "below", help);
	else
		sess_printf(s, "not quite: %s is %s away from the answer%s\n", fmt_num(v, 6, b, sizeof b),
			    fmt_num(fabs(off), 3, a, sizeof a), e->nhint ? " ('hint' helps)" : "");
	return 0;
}

/* One line from the learner: a number answers an open question, anything else runs. */
static void ex_line(session *s, tutor *t, const char *line, int *asked)
{
	double v;
	char word[128];
	snprintf(word, sizeof word, "%.*s", (int)strcspn(line + strspn(line, " \t"), " \t"), line + strspn(line, " \t"));
	if (!*asked && t->ex.ask && word[0] && !lex_number(word, &v) && !line[strspn(line, " \t") + strlen(word)]) {
		if (ask_answered(s, t, v)) {
			*asked = 1;
			if (t->ex.nsol)
				sess_printf(s, "now see:\n");
			run_solution(s, &t->ex);
		}
		return;
	}
	tutor_learner_exec(s, line);
}

static int ex_learner(session *s, tutor *t)
{
	tutor_ex *e = &t->ex;
	char why[600], prompt[64];
	int asked = 0, state = PROG_SOLVED;
	show_task(s, t);
	sess_printf(s, "(your prompt: any commands%s; 'hint', 'solution', 'skip', 'task'; 'lesson quit' leaves)\n",
		    e->ask ? ", then type your answer (a number)" : "");
	snprintf(prompt, sizeof prompt, "task %d/%d dl> ", t->k, t->nex);
	if (!e->ask && goals_hold(s, e, why, sizeof why)) {
		sess_printf(s, "✓ already done: its goals hold\n");
		t->state[t->k] = PROG_SOLVED;
		prog_save(t->key, t->state);
		return SESS_OK;
	}
	t->running = 1;
	t->hints_shown = 0;
	t->verdict = 0;
	for (;;) {
		char *line;
		if (tutor_read(s, prompt, &line)) {
			t->leaving = 1;
			break;
		}
		int was = asked;
		ex_line(s, t, line, &asked);
		free(line);
		if (asked && !was && !tutor_gone(s) && !goals_hold(s, e, why, sizeof why))
			sess_printf(s, "(your answer is right, but the check %s: your state differs from the lesson's; "
				       "'solution' puts it right)\n", why);
		if (tutor_gone(s))
			break;
		if (t->verdict == PROG_SKIPPED) {
			state = PROG_SKIPPED;
			sess_printf(s, "skipped: exercise %d stays open ('lesson %s' comes back to it)\n", t->k, t->name);
			break;
		}
		if (t->verdict == PROG_HELPED) {
			state = PROG_HELPED;
			asked = 1;
			run_solution(s, e);
		}
		if ((asked || !e->ask) && goals_hold(s, e, why, sizeof why)) {
			sess_printf(s, "✓ %s: exercise %d of %d\n", state == PROG_HELPED ? "done with the solution" : "well done", t->k, t->nex);
			break;
		}
		if (t->verdict == PROG_HELPED) {
			sess_printf(s, "(the solution ran, but %s: the state you had changed it; count it done)\n", why);
			break;
		}
	}
	t->running = 0;
	if (t->leaving || s->quit)
		return SESS_OK;
	if (state != PROG_SKIPPED || t->state[t->k] == PROG_NONE)
		t->state[t->k] = (unsigned char)state;
	int err = prog_save(t->key, t->state);
	if (err)
		sess_warn(s, "note: progress not saved: %s\n", strerror(err));
	return SESS_OK;
}

/* ---- the script's lines ---- */

/* A plain script's exercises (dl FILE): run in batch mode, no progress kept. */
static tutor *tutor_for_script(session *s)
{
	tutor *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->script_depth = s->depth;
	snprintf(t->key, sizeof t->key, "%s", s->file);
	snprintf(t->name, sizeof t->name, "%s", s->file);
	t->nex = prog_count(s->file);
	return s->tutor = t;
}

int tutor_script_done(session *s, int rc)
{
	tutor *t = s->tutor;
	if (!t || t->script_depth != s->depth + 1)
		return rc;
	if (rc == SESS_OK && t->defining)
		rc = sess_error(s, NULL, "%s: the exercise of line %d has no 'end'", t->key, t->ex.line);
	ex_free(&t->ex);
	free(t);
	s->tutor = NULL;
	return rc;
}

void tutor_resumed(session *s, tutor *t)
{
	s->mute = 0;
	sess_printf(s, "(resuming lesson %s at exercise %d of %d: the lesson's commands before it ran quietly)\n", t->name,
		    t->resume, t->nex);
}

/* Where a resumed lesson speaks again: the line of the last pause between exercise k-1's end
 * and exercise k's task (its lead-in is shown), or 0 (from the task on). */
static int resume_line(const char *path, int k)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, ex = 0, in_ex = 0, pause = 0;
	while (io_getline(&line, &cap, f, 1 << 16) >= 0) {
		lineno++;
		const char *p = line + strspn(line, " \t");
		size_t l = strcspn(p, " \t\r\n#;");
		if (l == 4 && !strncmp(p, "task", 4) && !in_ex) {
			in_ex = 1;
			if (++ex == k)
				break;
		} else if (l == 3 && !strncmp(p, "end", 3)) {
			in_ex = 0;
			pause = 0;
		} else if (l == 5 && !strncmp(p, "pause", 5) && !in_ex)
			pause = lineno;
	}
	free(line);
	fclose(f);
	return ex == k ? pause : 0;
}

static tutor *tutor_of(session *s, cmd_args *a, int defining)
{
	tutor *t = s->tutor;
	if (!t && s->file && s->depth > 0)
		t = tutor_for_script(s);
	if (!t || !s->file) {
		CMD_ERR(s, a, "belongs in a lesson script (run one with 'lesson N' or 'lesson FILE')");
		return NULL;
	}
	if (defining && !t->defining) {
		CMD_ERR(s, a, "outside an exercise: start one with 'task TEXT'");
		return NULL;
	}
	return t;
}

static int add_line(session *s, cmd_args *a, char **list, int *n, const char *text)
{
	if (*n == TUTOR_MAXLINES)
		return CMD_ERR(s, a, "at most %d in one exercise", TUTOR_MAXLINES);
	if (!(list[*n] = strdup(text)))
		return CMD_ERR(s, a, "out of memory");
	(*n)++;
	return SESS_OK;
}

int cmd_task(session *s, cmd_args *a)
{
	tutor *t = s->tutor;
	if (t && t->running) { /* the learner: the instruction again */
		show_task(s, t);
		return SESS_OK;
	}
	if (!(t = tutor_of(s, a, 0)))
		return SESS_ERROR;
	if (!*a->rest)
		return CMD_ERR(s, a, "missing its text: task TEXT");
	tutor_ex *e = &t->ex;
	if (t->defining) { /* more task lines continue the instruction, before anything else */
		if (e->nhint || e->ngoal || e->nsol || e->ask)
			return CMD_ERR(s, a, "the exercise of line %d has no 'end' yet", e->line);
		size_t l = strlen(e->task), m = strlen(a->rest);
		char *p = realloc(e->task, l + m + 2);
		if (!p)
			return CMD_ERR(s, a, "out of memory");
		p[l] = '\n';
		memcpy(p + l + 1, a->rest, m + 1);
		e->task = p;
		return SESS_OK;
	}
	ex_free(e);
	if (!(e->task = strdup(a->rest)))
		return CMD_ERR(s, a, "out of memory");
	e->line = s->line;
	t->defining = 1;
	if (++t->k > PROG_MAXEX)
		return CMD_ERR(s, a, "more than %d exercises in one lesson", PROG_MAXEX);
	if (t->resume && t->k == t->resume && s->mute) /* the replay is over: the learner takes it from here */
		tutor_resumed(s, t);
	return SESS_OK;
}

int cmd_hint(session *s, cmd_args *a)
{
	tutor *t = s->tutor;
	if (t && t->running) {
		if (t->hints_shown < t->ex.nhint) {
			t->hints_shown++;
			sess_printf(s, "hint %d of %d: %s\n", t->hints_shown, t->ex.nhint, t->ex.hint[t->hints_shown - 1]);
		} else
			sess_printf(s, "%s; 'solution' shows the answer\n", t->ex.nhint ? "no more hints" : "this exercise has no hints");
		return SESS_OK;
	}
	if (!(t = tutor_of(s, a, 1)))
		return SESS_ERROR;
	if (!*a->rest)
		return CMD_ERR(s, a, "missing its text: hint TEXT");
	return add_line(s, a, t->ex.hint, &t->ex.nhint, a->rest);
}

int cmd_goal(session *s, cmd_args *a)
{
	tutor *t = tutor_of(s, a, 1);
	char why[512];
	if (!t)
		return SESS_ERROR;
	if (!*a->rest)
		return CMD_ERR(s, a, "missing its condition: goal NAME VALUE [tol=F], goal NAME >=V, goal diverged …");
	if (check_goal(s, a->rest, why, sizeof why) < 0)
		return CMD_ERR(s, a, "%s", why);
	return add_line(s, a, t->ex.goal, &t->ex.ngoal, a->rest);
}

int cmd_solution(session *s, cmd_args *a)
{
	tutor *t = s->tutor;
	if (t && t->running) {
		if (!t->ex.nsol)
			sess_printf(s, "this exercise has no worked answer; 'skip' goes on without it\n");
		else {
			sess_printf(s, "the worked answer:\n");
			t->verdict = PROG_HELPED;
		}
		return SESS_OK;
	}
	if (!(t = tutor_of(s, a, 1)))
		return SESS_ERROR;
	if (!*a->rest)
		return CMD_ERR(s, a, "missing its command: solution CMD");
	return add_line(s, a, t->ex.sol, &t->ex.nsol, a->rest);
}

/* ask TEXT answer=V [tol=F]: the options are the last words of the raw text */
int cmd_ask(session *s, cmd_args *a)
{
	tutor *t = tutor_of(s, a, 1);
	if (!t)
		return SESS_ERROR;
	if (t->ex.ask)
		return CMD_ERR(s, a, "one question per exercise (line %d's has one)", t->ex.line);
	char *text = strdup(a->rest);
	if (!text)
		return CMD_ERR(s, a, "out of memory");
	int have = 0;
	double tol = 0;
	for (;;) {
		size_t l = strlen(text);
		while (l && (text[l - 1] == ' ' || text[l - 1] == '\t'))
			text[--l] = 0;
		char *w = strrchr(text, ' ');
		w = w ? w + 1 : text;
		double *dst = !strncmp(w, "answer=", 7) ? &t->ex.answer : !strncmp(w, "tol=", 4) ? &tol : NULL;
		if (!dst)
			break;
		if (lex_number(strchr(w, '=') + 1, dst) || !isfinite(*dst) || (dst == &tol && tol < 0)) {
			CMD_ERR(s, a, "'%.40s' is not a %s", w, dst == &tol ? "tolerance (a number >= 0)" : "number");
			free(text);
			return SESS_ERROR;
		}
		have |= dst == &t->ex.answer;
		*w = 0;
	}
	if (!have || !text[0]) {
		free(text);
		return CMD_ERR(s, a, "ask TEXT answer=V [tol=F]: %s", have ? "missing the question" : "missing answer=V");
	}
	t->ex.ask = text;
	t->ex.tol = tol;
	return SESS_OK;
}

int cmd_end(session *s, cmd_args *a)
{
	tutor *t = tutor_of(s, a, 1);
	if (!t)
		return SESS_ERROR;
	t->defining = 0;
	if (!t->ex.ngoal && !t->ex.ask)
		return CMD_ERR(s, a, "the exercise of line %d has no goal and no question: nothing says when it is done",
			       t->ex.line);
	if (t->ex.ask && (!t->ex.ngoal || !t->ex.nsol))
		return CMD_ERR(s, a, "the question of line %d needs a 'solution' that computes its answer and a 'goal' that "
			       "checks it", t->ex.line);
	if (!s->mute && t->interactive)
		return ex_learner(s, t);
	return ex_batch(s, t);
}

int cmd_skip(session *s, cmd_args *a)
{
	tutor *t = s->tutor;
	if (!t || !t->running)
		return CMD_ERR(s, a, "no exercise is open");
	t->verdict = PROG_SKIPPED;
	return SESS_OK;
}

/* ---- running a lesson ---- */

int tutor_run(session *s, tutor *t, const char *path, int restart)
{
	t->nex = prog_count(path);
	if (restart) {
		memset(t->state, 0, sizeof t->state);
		if (t->interactive) /* batch mode keeps no progress */
			prog_save(t->key, t->state);
	} else
		prog_load(t->key, t->state);
	int open = tutor_first_open(t);
	if (t->interactive && t->nex) {
		if (open > 1) {
			t->resume = open;
			t->resume_line = resume_line(path, open);
		}
		else if (!open)
			sess_printf(s, "(you have done all %d exercises of lesson %s; it runs from the start: 'lesson %s restart' "
				       "forgets them)\n", t->nex, t->name, t->name);
	}
	tutor *outer = s->tutor;
	int omute = s->mute, oecho = s->echo_depth;
	s->tutor = t;
	s->mute = t->resume > 0;
	s->echo_depth = s->depth + 1;
	int rc = sess_source(s, path);
	s->echo_depth = oecho;
	s->mute = omute;
	s->tutor = outer;
	if (rc == SESS_OK && t->defining)
		rc = sess_error(s, "lesson", "%s: the exercise of line %d has no 'end'", path, t->ex.line);
	ex_free(&t->ex);
	if (t->leaving && !s->quit) {
		int k = tutor_first_open(t);
		if (k)
			sess_printf(s, "left lesson %s; your progress is kept ('lesson %s' resumes at exercise %d)\n", t->name, t->name, k);
		else
			sess_printf(s, "left lesson %s; your progress is kept\n", t->name);
	}
	return rc;
}
