#!/bin/sh
# harden-tty.sh — regressions of the adversarial review (issue 19) that need a terminal,
# driven through tmux: a long gradcheck stops on Ctrl-C and on SIGTERM at the plain prompt
# and in the full-screen UI (which keeps drawing meanwhile); nothing pasted or typed ahead
# into the full-screen UI is lost (300 lines, a 10,000-character literal); Ctrl-\ at the
# plain prompt gives the terminal back as it was and keeps the history.  Each case failed on
# the dl before its fix (DL=/path/to/an/old/dl).  Skips (77) without tmux.
. "$TOP_SRCDIR/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
cd "$TMPD" || exit 99

SOCK=dlhard$$
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$TMPD"' EXIT
trap 'exit 1' INT TERM HUP
SAN="log_path=$TMPD/san"
SAN_ENV="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}$SAN UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}$SAN"

# start NAME ARGS...: dl ARGS in a 120x40 tmux session NAME; its pid in $TMPD/NAME.pid, its
# exit status in $TMPD/NAME.status when it ends, its own history directory
start() {
	name=$1
	shift
	mkdir -p "$TMPD/$name/state"
	rm -f "$TMPD/$name.status"
	# bash, not sh: a Ctrl-C that dl survives must not end the shell that reports its status
	tm new-session -d -s "$name" -x 120 -y 40 /bin/bash -c \
		"cd '$TMPD' && stty sane; echo \$\$ >'$TMPD/$name.pid'; env TERM=xterm-256color LC_ALL=C.UTF-8 NO_COLOR= \
		XDG_STATE_HOME='$TMPD/$name/state' HOME='$TMPD' $SAN_ENV '$DL' $*; echo \$? >'$TMPD/$name.status'; \
		stty -a >'$TMPD/$name.stty'; sleep 60" || { echo "FAIL: cannot start tmux"; exit 1; }
}

# wait_for NAME PATTERN [SECONDS]: until the screen shows PATTERN (0) or the time passes (1)
wait_for() {
	end=$(($(date +%s) + ${3:-20}))
	while :; do
		tm capture-pane -p -S -2000 -t "$1" >"$TMPD/screen" 2>/dev/null
		LC_ALL=C grep -Eq -- "$2" "$TMPD/screen" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.1
	done
}
see() {
	if wait_for "$1" "$2" "$4"; then ok; else
		fail "$3: the screen never showed /$2/"
		grep -v '^ *$' "$TMPD/screen" | tail -15 | sed 's/^/    | /'
	fi
}
type_line() { tm send-keys -t "$1" -l -- "$2" && tm send-keys -t "$1" Enter; }
# the pid of dl itself (the child of the session's shell)
dl_pid() { pgrep -P "$(cat "$TMPD/$1.pid")" | head -1; }
status_of() {
	for i in $(seq 100); do [ -s "$TMPD/$1.status" ] && break; sleep 0.1; done
	cat "$TMPD/$1.status" 2>/dev/null
}

BIG="data load $TOP_SRCDIR/data/digits.csv; net 64-128-128-10 out=softmax; loss ce"

# ---- item 11: gradcheck on a big network stops on Ctrl-C (plain prompt and full-screen UI) ----
for ui in plain tui; do
	opt=; [ $ui = plain ] && opt=--no-tui
	start gc$ui "$opt"
	see gc$ui 'dl>' "$ui: the prompt"
	type_line gc$ui "$BIG"
	type_line gc$ui "gradcheck max=100000"
	sleep 0.5
	sleep 1.5
	tm send-keys -t gc$ui C-c
	see gc$ui 'gradcheck: interrupted' "$ui: Ctrl-C stops gradcheck" 5
	type_line gc$ui "seed 42; print seed"
	see gc$ui 'seed = 42' "$ui: the shell goes on after the interrupted gradcheck" 5
	# SIGTERM during a gradcheck: dl leaves (history saved, terminal restored)
	type_line gc$ui "gradcheck max=100000"
	sleep 1.5
	kill -TERM "$(dl_pid gc$ui)" 2>/dev/null
	st=$(status_of gc$ui)
	[ -n "$st" ] && ok || fail "$ui: SIGTERM during gradcheck: dl did not exit"
	grep -q '^gradcheck max=100000' "$TMPD/gc$ui/state/dl/history" 2>/dev/null && ok ||
		fail "$ui: SIGTERM during gradcheck: the history was not saved"
	tm kill-session -t gc$ui 2>/dev/null
done

# ---- item 11: the other long commands stop on Ctrl-C as well: writing big data, a big model
# or a program (the old file stays as it was, no temporary is left), reading data or a model
# from a pipe that trickles, the cost surface over big data; the shell and its data go on ----
printf 'a,b,y\n1,2,3\n' >"$TMPD/old.csv"
cp "$TMPD/old.csv" "$TMPD/old.copy"
"$DL" -c 'net 2-1; save '"$TMPD"'/small.dl' >/dev/null 2>&1 || fail "cannot save a small model"
# trickle FIFO FIRST: FIRST, then a line every 0.1 s for 30 s (ends when its reader goes)
trickle() {
	rm -f "$1"
	mkfifo "$1" || return 1
	(timeout 40 sh -c '{ printf "%s\n" "$1"; i=0; while [ $i -lt 300 ]; do echo "$2"; sleep 0.1; i=$((i + 1)); done; } >"$0"' \
		"$1" "$2" "$3" 2>/dev/null &)
}
for ui in plain tui; do
	opt=; [ $ui = plain ] && opt=--no-tui
	start lc$ui "$opt"
	see lc$ui 'dl>' "$ui: the prompt"
	type_line lc$ui "data gen xor n=3000000; net 2-2000-2000-1"
	see lc$ui 'samples into the training set' "$ui: 3,000,000 samples" 60
	for c in "data save old.csv" "save m.dl" "export numpy e.py"; do
		type_line lc$ui "$c"
		sleep 1.5
		tm send-keys -t lc$ui C-c
		f=${c##* }
		see lc$ui "interrupted \(Ctrl-C\): '$f' was not written" "$ui: Ctrl-C stops '$c'" 10
	done
	cmp -s "$TMPD/old.csv" "$TMPD/old.copy" && ok || fail "$ui: the interrupted data save changed the old file"
	[ ! -e "$TMPD/m.dl" ] && [ ! -e "$TMPD/e.py" ] && ok || fail "$ui: an interrupted write left its file"
	ls "$TMPD"/*.tmp.* >/dev/null 2>&1 && fail "$ui: an interrupted write left a temporary: $(ls "$TMPD"/*.tmp.*)" || ok
	trickle "$TMPD/slow.csv" 'a,b,y' '1,2,3'
	type_line lc$ui "data load slow.csv"
	sleep 1.5
	tm send-keys -t lc$ui C-c
	see lc$ui "interrupted \(Ctrl-C\) at .*slow.csv:[0-9]+: nothing was loaded" "$ui: Ctrl-C stops a data load" 10
	trickle "$TMPD/slow.dl" "$(head -1 "$TMPD/small.dl")" '# more'
	type_line lc$ui "load slow.dl"
	sleep 1.5
	tm send-keys -t lc$ui C-c
	see lc$ui "interrupted \(Ctrl-C\) while reading '.*slow.dl'" "$ui: Ctrl-C stops a load" 10
	type_line lc$ui "data"
	see lc$ui 'train: 3000000 samples' "$ui: the data is all there after the interrupted commands" 10
	# 48 cells (the coarsest surface), each a pass over 300,000 samples (7 s in all)
	type_line lc$ui "data gen xor n=300000; net 2-30-30-30-1; plot cost W1[0,0] W1[1,0]"
	sleep 2.5
	tm send-keys -t lc$ui C-c
	see lc$ui "interrupted \(Ctrl-C\): the surface was not drawn" "$ui: Ctrl-C stops plot cost" 10
	type_line lc$ui quit
	tm kill-session -t lc$ui 2>/dev/null
done

# ---- item 7: nothing pasted into the full-screen UI is lost ----
start paste
see paste 'dl>' "paste: the prompt"
type_line paste "x [[1],[2]]; y [[2],[4]]; net 1-1; train 2000 speed=1000 every=0"
i=1
: >"$TMPD/lines"
while [ $i -le 300 ]; do echo "seed $i" >>"$TMPD/lines"; i=$((i + 1)); done
echo "print seed" >>"$TMPD/lines"
tm load-buffer -b lines "$TMPD/lines" && tm paste-buffer -d -b lines -t paste
see paste 'seed = 300' "paste: the 300 pasted lines all ran (the last seed is 300)" 30
# a 10,000-character literal typed ahead, then a command after it
lit=$(i=0; printf 'x ['; while [ $i -lt 1999 ]; do printf '%s' '0.25,'; i=$((i + 1)); done; printf '0.25]')
printf '%s\nseed 77; print seed\n' "$lit" >"$TMPD/lit"
type_line paste "train 1000 speed=1000 every=0"
tm load-buffer -b lit "$TMPD/lit" && tm paste-buffer -d -b lit -t paste
see paste 'seed = 77' "paste: a 10,000-character literal and the line after it" 30
type_line paste "print x[0,1999]"
see paste '0\.25' "paste: the literal kept its 2000 numbers" 10
type_line paste quit
[ "$(status_of paste)" = 0 ] && ok || fail "paste: quit did not end dl with 0"
tm kill-session -t paste 2>/dev/null

# ---- item 12: Ctrl-\ at the plain prompt: the terminal as it was, the history kept ----
start quit --no-tui
see quit 'dl>' "SIGQUIT: the prompt"
type_line quit "lr 0.125"
type_line quit "print lr"
see quit '0\.125' "SIGQUIT: a command ran"
tm send-keys -t quit 'print 1' C-'\'
st=$(status_of quit)
[ "$st" = 131 ] && ok || fail "SIGQUIT at the plain prompt: status $st, wanted 131 (killed by the signal)"
if grep -q ' icanon' "$TMPD/quit.stty" && grep -q ' echo ' "$TMPD/quit.stty"; then ok; else
	fail "SIGQUIT at the plain prompt: the terminal was left $(grep -o -- '-\?icanon\|-\?echo ' "$TMPD/quit.stty" | tr '\n' ' ')"
fi
grep -qx 'lr 0.125' "$TMPD/quit/state/dl/history" 2>/dev/null && ok || fail "SIGQUIT at the plain prompt: the history was lost"

if ls "$TMPD"/san* >/dev/null 2>&1; then fail "sanitizer reports:"; cat "$TMPD"/san* | head -40; fi
finish
