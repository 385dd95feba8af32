#!/bin/sh
# tutor.sh — exercises in lessons (spec §9, issue 15).  Batch mode: a solution must make the
# goals hold, and they must not hold before; the lesson's words are refused outside a lesson.
# A learner in the full-screen UI and at the plain prompt (tmux): a command typed at a pause
# runs, a wrong attempt is not accepted, hints come in order, a route other than the solution
# counts, a wrong answer to 'ask' says how far off, 'lesson quit' keeps the progress, 'lessons'
# shows it, 'lesson N' resumes at the next exercise.  The tmux part skips without tmux.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99

mkdir lessons state
cat >lessons/01-test.dl <<'EOF'
# title: A test lesson
reset
say Page one.
layer dense 1 1
layer sigmoid
x [[1]]
set W1 [[2]]
pause
task Make the neuron output 0.5.
hint Where is the sigmoid 0.5?
hint z = 2 + b1 must be 0.
goal out 0.5 tol=1e-6
solution set b1 [-2]
solution forward
end
expect W1[0,0] 2
pause
say Lead-in of exercise two.
task Predict the output once b1 is 0.
ask What is the output? answer=0.880797 tol=1e-3
hint sigmoid(2) = 1/(1+exp(-2))
solution set b1 [0]
solution forward
goal out 0.880797 tol=1e-5
end
say The end.
EOF
{ # a lesson whose first page is longer than an 80x24 console; it checks quietly
	echo '# title: A long page'
	echo 'reset'
	echo 'layer dense 1 1'
	echo 'set W1 [[2]]'
	echo 'expect W1[0,0] 2'
	i=1; while [ $i -le 30 ]; do printf 'say line %02d of the long page\n' $i; i=$((i + 1)); done
	echo 'pause'
	echo 'say after the pause'
} >lessons/02-long.dl
cat >lessons/03-twice.dl <<'EOF'
# title: Diverged twice
reset
data gen dates income=raw n=50
layer dense 2 1
set W1 [0.1, 0.1]
lr 1e-6
train 200 every=0 stop=never
undo
train 200 every=0 stop=never
say both done
EOF
export DL_LESSONS="$TMPD/lessons" XDG_STATE_HOME="$TMPD/state"

# ---- batch mode ----
# the text of say (task, hint, ask) is the rest of its line, quotes and all
expect_status 0 "$DL" -c 'say "Deep learning (2017'; expect_output '^"Deep learning \(2017$'
expect_status 0 "$DL" --no-tui lessons/01-test.dl
expect_output '✓ exercise 1 of 2 done'
expect_output '✓ exercise 2 of 2 done'
expect_output 'answer: 0.880797 \(batch mode answers its own questions\)'
expect_output 'The end\.'
expect_status 0 "$DL" --lesson 1 </dev/null
expect_output '✓ exercise 2 of 2 done'

# an exercise already done before the learner starts checks nothing: a defect
printf 'layer dense 1 1\nset W1 [[3]]\ntask t\ngoal W1[0,0] 3\nsolution set W1 [[3]]\nend\n' >vac.dl
expect_status 1 "$DL" vac.dl
expect_output 'vac.dl:6: error: end: exercise 1 \(line 3\): its goals hold before anything is done: it checks nothing'
# a solution that does not reach the goal fails the script
printf 'layer dense 1 1\ntask t\ngoal W1[0,0] 3\nsolution set W1 [[2]]\nend\nsay after\n' >bad.dl
expect_status 1 "$DL" bad.dl
expect_output "after its solution, 'W1\[0,0\] 3' does not hold: W1\[0,0\] is 2"
if grep -qx after "$TMPD/out"; then fail "the script went on after a failed exercise"; else ok; fi
# malformed exercises
printf 'layer dense 1 1\ntask t\ngoal W1[0,0] 3\n' >noend.dl
expect_status 1 "$DL" noend.dl;   expect_output "the exercise of line 2 has no 'end'"
printf 'task t\nask How much? answer=3\nend\n' >ask.dl
expect_status 1 "$DL" ask.dl;     expect_output "needs a 'solution' that computes its answer and a 'goal' that checks it"
printf 'task t\nask How much?\n' >ask2.dl
expect_status 1 "$DL" ask2.dl;    expect_output 'missing answer=V'
printf 'task t\nend\n' >nogoal.dl
expect_status 1 "$DL" nogoal.dl;  expect_output 'has no goal and no question'
printf 'hint h\n' >hint.dl
expect_status 1 "$DL" hint.dl;    expect_output "hint: outside an exercise: start one with 'task TEXT'"
printf 'task t\ngoal loss <=oops\n' >goal.dl
expect_status 1 "$DL" goal.dl;    expect_output "'oops' is not a number after <="
expect_status 1 "$DL" -c 'task do it';  expect_output 'task: belongs in a lesson script'
expect_status 1 "$DL" -c 'skip';        expect_output 'skip: no exercise is open'
expect_status 1 "$DL" -c 'lesson quit'; expect_output 'lesson: no lesson is running'
expect_status 1 "$DL" -c 'lesson 1 again'; expect_output "the second word can only be 'restart'"
# the lesson's words take no prefix: 't' still trains, 'h' still helps
expect_status 0 "$DL" -c 'layer dense 1 1; x [[1]]; y [[2]]; t 3; expect iteration 3'
expect_status 0 "$DL" -c 'he train'; expect_output 'usage: train'
# 'lessons' counts the exercises
expect_status 0 "$DL" -c 'lessons'; expect_output '^ +1 +0/2 +A test lesson'; expect_output '^ +2 +A long page'

# ---- a learner, through tmux ----
if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed (the learner's part)"
	finish
	exit $?
fi
SOCK=dltutor$$
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMPD"' EXIT
SAN="log_path=$TMPD/san"
start() { # start NAME COLS ROWS ARGS: dl in a tmux session
	tm new-session -d -s "$1" -x "$2" -y "$3" /bin/sh -c \
		"exec env TERM=xterm-256color LC_ALL=C.UTF-8 NO_COLOR= DL_LESSONS='$TMPD/lessons' XDG_STATE_HOME='$TMPD/state' HOME='$TMPD' ASAN_OPTIONS=$SAN UBSAN_OPTIONS=$SAN '$DL' $4" ||
		{ echo "FAIL: cannot start tmux"; exit 1; }
	tm set-option -t "$1" remain-on-exit on >/dev/null
}
LIMIT=20
wait_for() {
	end=$(($(date +%s) + LIMIT))
	while :; do
		tm capture-pane -p -t "$1" -S -200 >"$TMPD/screen" 2>/dev/null
		LC_ALL=C grep -Eq -- "$2" "$TMPD/screen" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
see() {
	if wait_for "$1" "$2"; then ok; else
		fail "$3: the screen never showed /$2/"
		sed 's/^/    | /' "$TMPD/screen" | tail -30
		LIMIT=3
	fi
}
type_line() { tm send-keys -t "$1" -l -- "$2" && tm send-keys -t "$1" Enter; }

# The same learner's session in both front ends: the full-screen UI, then the plain prompt
for ui in tui plain; do
	rm -f "$TMPD/state/dl/progress"
	args=; [ $ui = plain ] && args=--no-tui
	start $ui 120 40 "$args"
	see $ui '^dl> *$' "$ui: the prompt"
	type_line $ui 'lesson 1'
	see $ui 'Page one\.' "$ui: the lesson's text"
	see $ui '^\(Enter: go on\) dl> *$' "$ui: the pause's prompt"
	type_line $ui 'print W1'            # a command at a pause runs
	see $ui '^\[\[2\]\]' "$ui: a command typed at a pause runs"
	type_line $ui ''
	see $ui '^task 1/2 dl> *$' "$ui: the exercise's prompt"
	type_line $ui 'forward'             # a wrong attempt: not accepted
	see $ui '^out \(1, 1\)' "$ui: the learner's forward"
	type_line $ui 'hint'
	see $ui 'hint 1 of 2: Where is the sigmoid 0\.5\?' "$ui: the first hint"
	type_line $ui 'hint'
	see $ui 'hint 2 of 2: z = 2 \+ b1 must be 0\.' "$ui: the second hint"
	if grep -q 'well done' "$TMPD/screen"; then fail "$ui: a wrong attempt was accepted"; else ok; fi
	type_line $ui 'set W1 [[0]]; set b1 [0]; forward'  # another route than the solution's
	see $ui '✓ well done: exercise 1 of 2' "$ui: a route of the learner's own"
	# the lesson's check after the exercise does not stop a learner whose route differs
	see $ui "the lesson expected W1\[0,0\] = 2 here; yours is 0: it goes on from your state" "$ui: a failed check goes on"
	see $ui '^\(Enter: go on\) dl> *$' "$ui: the pause after the exercise"
	type_line $ui ''
	see $ui '^task 2/2 dl> *$' "$ui: the second exercise"
	type_line $ui '0.5'
	see $ui 'not quite: 0\.5 is 43% below the answer' "$ui: a wrong answer, and how far"
	type_line $ui '0.87'
	see $ui 'not quite: 0\.87 is 1\.2% below the answer \(0\.0108 off; within 0\.001 counts\)' "$ui: a near miss"
	type_line $ui 'lesson quit'
	see $ui "left lesson 1; your progress is kept \('lesson 1' resumes at exercise 2\)" "$ui: lesson quit"
	type_line $ui 'lessons'
	see $ui '^ +1 +1/2 +A test lesson' "$ui: lessons shows the progress"
	type_line $ui 'lesson 1'
	see $ui 'resuming lesson 1 at exercise 2 of 2' "$ui: lesson N resumes"
	see $ui 'Lead-in of exercise two\.' "$ui: a resumed lesson shows the exercise's lead-in"
	see $ui '^task 2/2 dl> *$' "$ui: at the second exercise"
	type_line $ui '0.88'
	see $ui 'right: 0\.880797 \(you said 0\.88\)' "$ui: the right answer"
	see $ui '✓ well done: exercise 2 of 2' "$ui: the question done"
	see $ui 'The end\.' "$ui: the lesson goes on"
	type_line $ui 'lessons'
	see $ui '^ +1 +✓ 2/2 +A test lesson' "$ui: the lesson complete"
	if grep -qx 'solved 1 01-test.dl' "$TMPD/state/dl/progress" && grep -qx 'solved 2 01-test.dl' "$TMPD/state/dl/progress"
	then ok; else fail "$ui: the progress file"; cat "$TMPD/state/dl/progress"; fi
	type_line $ui 'quit'
done
# An 80x24 terminal: a page longer than the console stops with "-- more --" before its first
# line scrolls away; checks (expect) are not shown to a learner, unless -v
for ui in tui plain; do
	args=; [ $ui = plain ] && args=--no-tui
	start small$ui 80 24 "$args"
	see small$ui '^dl> *$' "$ui 80x24: the prompt"
	type_line small$ui 'lesson 2'
	see small$ui '^-- more --' "$ui 80x24: a long page stops"
	tm capture-pane -p -t small$ui >"$TMPD/screen"
	if grep -q 'line 01 of the long page' "$TMPD/screen"; then ok; else
		fail "$ui 80x24: the page's first line scrolled away before -- more --"; sed 's/^/    | /' "$TMPD/screen"; fi
	if grep -Eq 'ok: W1|expect W1' "$TMPD/screen"; then fail "$ui: a learner is shown the lesson's checks"; else ok; fi
	tm send-keys -t small$ui q
	[ $ui = plain ] && tm send-keys -t small$ui Enter
	see small$ui 'line 30 of the long page' "$ui 80x24: the rest of the page after q"
	see small$ui '^\(Enter: go on\) dl> *$' "$ui 80x24: the pause"
	tm send-keys -t small$ui C-d # Ctrl-D at a pause leaves the lesson
	see small$ui 'left lesson 2; your progress is kept' "$ui: Ctrl-D at a pause"
	if grep -q 'after the pause' "$TMPD/screen"; then fail "$ui: the lesson went on after Ctrl-D"; else ok; fi
	type_line small$ui 'quit'
done
# the divergence diagnosis is shown in full once per lesson, then as a one-line reference
start twice 120 60 "--no-tui"
see twice '^dl>' "twice: the prompt"
type_line twice 'lesson 3'
see twice 'both done' "twice: the lesson ran"
[ "$(grep -c '^why it diverged:' "$TMPD/screen")" = 1 ] && ok || { fail "the diagnosis was shown more than once"; sed 's/^/    | /' "$TMPD/screen" | tail -30; }
grep -q "as in this lesson's first diagnosis, above" "$TMPD/screen" && ok || fail "the second divergence has no reference line"
type_line twice 'quit'
expect_status 0 "$DL" lessons/03-twice.dl
[ "$(grep -c '^why it diverged:' "$TMPD/out")" = 2 ] && ok || fail "batch mode does not show every diagnosis"

start verbose 120 40 "-v"
see verbose '^dl> *$' "-v: the prompt"
type_line verbose 'lesson 2'
see verbose 'ok: W1\[0,0\] = 2' "-v: the checks are shown"
see verbose '^-- more --' "-v: a page longer than the 120x40 console stops too"
tm send-keys -t verbose q
see verbose '^\(Enter: go on\) dl> *$' "-v: the pause"
type_line verbose 'lesson quit'
see verbose 'left lesson 2' "-v: lesson quit at a pause"
type_line verbose 'quit'

if ls "$TMPD"/san* >/dev/null 2>&1; then fail "sanitizer reports"; cat "$TMPD"/san*; else ok; fi
finish
