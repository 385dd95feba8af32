#!/bin/sh
# recover.sh — following dl's advice literally works (issue 16).  For each case (the README's
# diverging example, a deep tanh net that diverges, a ReLU net whose units all die), the case
# runs once; every "try" line it prints is parsed for its commands ('undo', 'lr 0.2', …, and
# "train again" meaning the case's own train) and typed, as a learner would, after the case in
# a fresh session at the plain prompt.  The training that follows must not diverge, must end
# below the loss the case started from (and, for the dead net, below where it got stuck) with no
# layer left dead, and must end at the loss the line promised.  Then undo and rewind: the loss
# history and 'export csv' end at the restored iteration, and the next train continues there.
# (DL=/path/to/an/old/dl shows the failures the fix removed.)
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

# the commands of one "try" line, one per line: the quoted ones; "train again" adds the case's train
try_cmds() { # LINE TRAIN
	printf '%s\n' "$1" | grep -o "'[^']*'" | tr -d "'"
	case $1 in *"train again"*) printf '%s\n' "$2" ;; esac
}

# the loss of the output's last "iteration 0:" line, or of the first one
first_loss() { grep -o 'iteration 0: loss=[^ ]*' "$1" | head -1 | sed 's/.*loss=//'; }

# check_case NAME TRAIN STUCK_LOSS COMMANDS: run, follow each try line, judge what happens
check_case() {
	name=$1 train=$2 stuck=$3 cmds=$4
	printf '%s\n' "$cmds" | "$DL" --no-tui -i >"$name.out" 2>&1
	start=$(first_loss "$name.out")
	grep -A40 '^try' "$name.out" | grep "^  - '" >"$name.try"
	if [ ! -s "$name.try" ]; then
		fail "$name: no 'try' line to follow"; sed 's/^/    /' "$name.out" | tail -12; return
	fi
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		{ printf '%s\n' "$cmds"; try_cmds "$line" "$train"; echo "eval"; } >"$name.$n.in"
		"$DL" --no-tui -i <"$name.$n.in" >"$name.$n.out" 2>&1
		# what the advice's own train printed: after the last 'undo'
		awk '/undone:/ { n = 0; delete l; next } { l[++n] = $0 } END { for (i = 1; i <= n; i++) print l[i] }' \
			"$name.$n.out" >"$name.$n.after"
		got=$(grep -o '^dl> train: loss=[^ ]*\|^train: loss=[^ ]*' "$name.$n.after" | tail -1 | sed 's/.*loss=//')
		promised=$(printf '%s\n' "$line" | sed -n 's/.*the loss goes from [^ ]* to \([^ ]*\) .*/\1/p')
		if grep -q 'stopped at iteration\|stopped being finite' "$name.$n.after"; then
			fail "$name: following '$line' diverged again"; grep 'stopped\|try\|  - ' "$name.$n.after" | head -5 | sed 's/^/    /'
		elif grep -q 'undone:' "$name.$n.out" && [ -z "$got" ]; then
			fail "$name: following '$line': no loss at the end"
		elif ! grep -q 'undone:' "$name.$n.out"; then
			fail "$name: following '$line': the advice has no 'undo', so it trains on from the diverged weights"
		elif ! awk -v g="$got" -v s="$start" -v k="$stuck" 'BEGIN { exit !(g + 0 < s + 0 && (k == "" || g + 0 < k + 0)) }'; then
			fail "$name: following '$line' ends at loss $got (it started at $start${stuck:+, stuck at $stuck})"
		elif grep -q '^note: every unit' "$name.$n.after"; then
			fail "$name: following '$line' leaves a layer dead again"
		elif [ -z "$promised" ] || ! awk -v g="$got" -v p="$promised" 'BEGIN { d = g - p; if (d < 0) d = -d; exit !(d <= 6e-4 * (p < 0 ? -p : p)) }'; then
			fail "$name: following '$line' ends at $got, not at the loss it promised (${promised:-none})"
		else
			ok
		fi
	done <"$name.try"
}

# the README's example: unscaled income at lr 1e-6
check_case readme "train 1000" "" "data gen dates income=raw
layer dense 2 1
set W1 [0.1, 0.1]
lr 1e-6
train 1000"
# a deep tanh net at lr 0.5: the first layer's linear bound says nothing about it
check_case deep "train 2000" "" "data gen dates
normalize
net 2-5-5-5-1 act=tanh
lr 0.5
train 2000"
# every ReLU dies: the loss sits at 34.92 for good
check_case dead "train 2000" 34.92 "data gen dates
net 2-5-5-5-1
lr 0.05
train 2000"
# with mini-batches: the check draws the batches the learner's run will draw
check_case dead-batch "train 500" 34.93 "data gen dates
net 2-5-5-5-1
batch 16
lr 0.05
train 500"
grep -q '^note: every unit of h[0-9]* (relu, 5 units) is dead' dead.out && ok ||
	fail "dead: no note that the units died"

# a deep net's diagnosis names the layer whose updates blew up first, and quotes no linear bound
if grep -q "W4's updates blew up first" deep.out && ! grep -q 'λmax' deep.out; then ok; else
	fail "deep: the diagnosis does not name the layer that blew up first"; grep -A6 '^why' deep.out | sed 's/^/    /'
fi

# after a divergence: undo goes back to where that train began, rewind 1 to the last finite state
printf '%s\n' "data gen dates income=raw" "layer dense 2 1" "set W1 [0.1, 0.1]" "lr 1e-6" "train 10" \
	"train 1000" "rewind 1" "undo" "undo" >undo.in
"$DL" --no-tui -i <undo.in >undo.out 2>&1
if grep -q 'rewound to iteration 82 ' undo.out && grep -q 'undone: rewind (back to iteration 83)' undo.out &&
	grep -q 'undone: train (back to iteration 10)' undo.out; then ok; else
	fail "after a divergence at 83, rewind 1 does not reach 82 or undo does not return to the train's start (10)"
	grep 'undone\|rewound\|stopped' undo.out | sed 's/^/    /'
fi

# undo and rewind cut the loss history: export csv ends at the restored iteration, and the next
# train continues the curve there
"$DL" --no-tui -c "data gen dates; normalize; layer dense 2 1; lr 0.1; train 100; train 50; undo; export csv u.csv" >/dev/null 2>&1
last=$(tail -1 u.csv | cut -d, -f1)
if [ "$last" = 99 ]; then ok; else fail "after undo, export csv ends at iteration ${last:-?}, not 99"; fi
"$DL" --no-tui -c "data gen dates; normalize; layer dense 2 1; lr 0.1; train 100; train 50; undo; train 20; export csv u2.csv" >/dev/null 2>&1
last=$(tail -1 u2.csv | cut -d, -f1)
rows=$(grep -c '^[0-9]' u2.csv)
if [ "$last" = 119 ] && [ "$rows" = 120 ]; then ok; else
	fail "after undo and train 20: export csv ends at ${last:-?} with $rows rows, not 119 with 120"
fi
"$DL" --no-tui -c "data gen dates; normalize; layer dense 2 1; lr 0.1; train 100; rewind 40; export csv r.csv; train 10; export csv r2.csv" >/dev/null 2>&1
a=$(tail -1 r.csv | cut -d, -f1) b=$(tail -1 r2.csv | cut -d, -f1)
if [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt 60 ] && [ "$b" = $((a + 10)) ]; then ok; else
	fail "after rewind 40: export csv ends at ${a:-?} (want < 60), after train 10 at ${b:-?} (want $((a + 10)))"
fi
# undo of a rewind brings the history back with the weights
"$DL" --no-tui -c "data gen dates; normalize; layer dense 2 1; lr 0.1; train 100; rewind 40; undo; export csv ru.csv" >/dev/null 2>&1
last=$(tail -1 ru.csv | cut -d, -f1)
if [ "$last" = 99 ]; then ok; else fail "undo of a rewind: export csv ends at ${last:-?}, not 99"; fi
finish
