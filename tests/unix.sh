#!/bin/sh
# unix.sh — dl as a Unix tool (issue 14): ';' separates commands on every input path, …
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

# ';' on standard input, in a script file, with -c, and 'say' keeps its ';'
printf 'lr 0.1; print lr\n' >semi.dl
for how in "-c" "file" "stdin"; do
	case $how in
	-c) "$DL" -c "$(cat semi.dl)" >out 2>&1 ;;
	file) "$DL" semi.dl >out 2>&1 ;;
	stdin) "$DL" - <semi.dl >out 2>&1 ;;
	esac
	grep -qx 'lr = 0.1' out && ok || { fail "';' via $how"; sed 's/^/    /' out; }
done
expect_status 0 "$DL" -c "say one; two; three"
expect_output '^one; two; three$'
expect_status 0 "$DL" -c "lr 0.2 # a comment; lr 5
print lr"
expect_output '^lr = 0.2$'
# the first failing command stops the line and the script
printf 'lr 0.1; lr -1; print lr\nprint lr\n' >bad.dl
expect_status 1 "$DL" bad.dl
if grep -q '^lr = ' "$TMPD/out"; then fail "a script went on after an error inside a ';' line"; else ok; fi
expect_output 'bad.dl:1: error: lr: the learning rate must be'
# the README's one-liners run when pasted at the plain prompt (here: a pipe into -i)
printf 'data gen dates; net 2-5-1; lr 0.001; train 10 every=0\nprint lr\nquit\n' | "$DL" -i --no-tui >out 2>&1
grep -qx 'lr = 0.001' out && ok || { fail "';' at the prompt"; sed 's/^/    /' out | tail -5; }

# a decimal-comma locale (de_DE): numbers are read and written with '.' (spec §8)
loc=
if locale -a 2>/dev/null | grep -qi '^de_DE.utf-\?8$'; then
	loc=de_DE.UTF-8
elif command -v localedef >/dev/null 2>&1 && mkdir locales &&
	localedef -i de_DE -f UTF-8 "$TMPD/locales/de_DE.UTF-8" >/dev/null 2>&1; then
	loc=de_DE.UTF-8
	LOCPATH="$TMPD/locales"; export LOCPATH
fi
if [ -n "$loc" ] && [ "$(LC_ALL=$loc locale decimal_point 2>/dev/null)" = "," ]; then
	de() { LC_ALL=$loc LANG=$loc "$@"; }
	expect_status 0 de "$DL" -c "lr 0.01; print lr"
	expect_output '^lr = 0\.01$'
	expect_status 0 de "$DL" --lesson 1
	expect_status 0 de "$DL" -c "data gen dates n=20; net 2-3-1; lr 0.001; train 50; save m.dl; data save d.csv; export numpy p.py iterations=5"
	expect_output 'loss=[0-9]+\.[0-9]'
	if grep -q '[0-9],[0-9][0-9]*,[0-9]*,' d.csv && ! grep -q '^[^,]*,[^,]*,[^,]*$' d.csv; then fail "data save wrote decimal commas"; else ok; fi
	grep -q 'LR = 0.001$' p.py && ok || fail "export numpy: LR not written with a '.'"
	expect_status 0 de "$DL" -c "data load d.csv; load m.dl; print lr"
	expect_output '^lr = 0\.001$'
	if [ -n "$PYTHON3" ] && "$PYTHON3" -c 'import numpy' 2>/dev/null; then
		expect_status 0 de "$PYTHON3" p.py 3
	fi
else
	echo "SKIP: no decimal-comma locale (de_DE) and localedef cannot make one"
fi
# ---- errors and warnings on stderr, results on stdout (spec §8); -c's errors say where ----
printf 'lr 0.5\nprint lr\nlr x\nprint lr\n' >bad.dl
"$DL" bad.dl >out.txt 2>err.txt
[ $? = 1 ] && ok || fail "a failing script: exit status"
grep -qx 'lr = 0.5' out.txt && ok || fail "the results before the error are not on stdout"
if grep -q error out.txt; then fail "an error went to stdout"; else ok; fi
grep -qx "bad.dl:3: error: lr: 'x' is not a number (argument 1)" err.txt && ok || { fail "the error is not on stderr"; cat err.txt; }
"$DL" -c 'lr 0.5
lr x' >out.txt 2>err.txt
grep -qx -- "-c:2: error: lr: 'x' is not a number (argument 1)" err.txt && ok || { fail "-c's error has no location"; cat err.txt; }

# ---- Ctrl-C in batch mode ends the run by its signal (130); an inherited 'ignore' is kept ----
if [ -n "$PYTHON3" ]; then
	printf 'data gen dates n=200\nnet 2-16-16-1\nlr 1e-9\ntrain 1000000 every=0\ntrain 1000000 every=0\nsay not reached\n' >long.dl
	cat >sig.py <<'PY'
import signal, subprocess, sys, time
dl = sys.argv[1]
def run(ignore):
    pre = lambda: signal.signal(signal.SIGINT, signal.SIG_IGN if ignore else signal.SIG_DFL)
    p = subprocess.Popen([dl, "long.dl"], preexec_fn=pre, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    try:
        rc = p.wait(timeout=3)
    except subprocess.TimeoutExpired:
        p.kill(); p.wait(); rc = "alive"
    out = p.stdout.read().decode()
    return rc, out
rc, out = run(False)
print("default", rc, "reached" if "not reached" in out else "stopped")
rc, out = run(True)
print("ignored", rc)
PY
	"$PYTHON3" sig.py "$DL" >sig.txt 2>&1
	grep -qx 'default -2 stopped' sig.txt && ok || { fail "Ctrl-C in batch mode did not end the run by SIGINT"; cat sig.txt; }
	grep -qx 'ignored alive' sig.txt && ok || { fail "an inherited SIG_IGN of SIGINT was not kept"; cat sig.txt; }
fi

# ---- an installed dl finds its lessons beside itself, never in the build tree ----
mkdir -p inst/bin && cp "$DL" inst/bin/dl
env -u DL_LESSONS -u DL_DATA inst/bin/dl -c lessons >out.txt 2>&1
if grep -q "$TOP_SRCDIR" out.txt || ! grep -q 'no lessons found' out.txt; then fail "a moved binary used the build tree"; cat out.txt; else ok; fi
mkdir -p inst/share/dl && cp -r "$TOP_SRCDIR/lessons" "$TOP_SRCDIR/data" inst/share/dl/
env -u DL_LESSONS -u DL_DATA inst/bin/dl -c 'lessons; data load dates.csv' >out.txt 2>&1
grep -q 'One neuron' out.txt && grep -q 'samples' out.txt && ok || { fail "an installed copy does not find its lessons and data"; cat out.txt; }

# ---- interactive by standard input: 'dl | cat' in a terminal has a prompt and goes on after a typo ----
if command -v tmux >/dev/null 2>&1; then
	SOCK=dlunix$$
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "env TERM=xterm XDG_STATE_HOME='$TMPD/st' HOME='$TMPD' '$DL' | cat; sleep 30"
	seen() {
		i=0
		while [ $i -lt 100 ]; do
			tmux -L "$SOCK" capture-pane -p >screen.txt 2>/dev/null
			grep -Eq -- "$1" screen.txt && return 0
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	seen '^dl>' && ok || { fail "dl | cat: no prompt"; cat screen.txt; }
	tmux -L "$SOCK" send-keys -l 'lrr 0.5' && tmux -L "$SOCK" send-keys Enter
	tmux -L "$SOCK" send-keys -l 'lr 0.25; print lr' && tmux -L "$SOCK" send-keys Enter
	seen 'lr = 0\.25$' && ok || { fail "dl | cat: the session did not go on after a typo"; cat screen.txt; }
	grep -q "unknown command 'lrr'" screen.txt && ok || fail "dl | cat: the typo's error not shown"
	tmux -L "$SOCK" kill-server 2>/dev/null
fi
# ---- history: two sessions at once keep both's lines; inputrc's history-size; the home is
# never created; a relative XDG_STATE_HOME is ignored; a pasted block runs line by line ----
if command -v tmux >/dev/null 2>&1; then
	SOCK=dlhist$$
	th() { tmux -L "$SOCK" -f /dev/null "$@"; }
	mkdir -p hist && printf 'set history-size 3\n' >hist/inputrc
	th new-session -d -s a -x 100 -y 30 "env TERM=xterm XDG_STATE_HOME='$TMPD/hist' HOME='$TMPD' '$DL' --no-tui; sleep 30"
	th new-session -d -s b -x 100 -y 30 "env TERM=xterm XDG_STATE_HOME='$TMPD/hist' HOME='$TMPD' '$DL' --no-tui; sleep 30"
	seen_in() {
		i=0
		while [ $i -lt 100 ]; do
			th capture-pane -p -t "$1" >screen.txt 2>/dev/null
			grep -Eq -- "$2" screen.txt && return 0
			sleep 0.1; i=$((i + 1))
		done
		return 1
	}
	seen_in a '^dl>' && seen_in b '^dl>' && ok || fail "history: no prompts"
	th send-keys -t a -l 'lr 0.125' && th send-keys -t a Enter
	th send-keys -t b -l 'lr 0.375' && th send-keys -t b Enter
	seen_in b '^dl> *$'
	th send-keys -t a -l 'quit' && th send-keys -t a Enter
	sleep 0.5
	th send-keys -t b -l 'quit' && th send-keys -t b Enter
	sleep 0.5
	grep -qx 'lr 0.125' hist/dl/history && grep -qx 'lr 0.375' hist/dl/history && ok ||
		{ fail "two sessions at once: one's history was lost"; cat hist/dl/history; }
	# a pasted block of two lines runs as two commands
	th new-session -d -s p -x 100 -y 30 "env TERM=xterm XDG_STATE_HOME='$TMPD/hist' HOME='$TMPD' '$DL' --no-tui; sleep 30"
	seen_in p '^dl>'
	printf 'lr 0.3\nprint lr\n' >paste.txt
	th load-buffer paste.txt && th paste-buffer -t p
	seen_in p '^lr = 0\.3$' && ok || { fail "a pasted block did not run line by line"; cat screen.txt; }
	th send-keys -t p -l 'quit' && th send-keys -t p Enter
	# inputrc's history-size, in the full-screen UI
	th new-session -d -s c -x 100 -y 30 "env TERM=xterm INPUTRC='$TMPD/hist/inputrc' XDG_STATE_HOME='$TMPD/hist' HOME='$TMPD' '$DL'; sleep 30"
	seen_in c '^dl>'
	for v in 1 2 3 4 5; do th send-keys -t c -l "lr 0.$v" && th send-keys -t c Enter; done
	seen_in c 'lr 0\.5'
	th send-keys -t c -l 'quit' && th send-keys -t c Enter
	sleep 0.8
	[ "$(wc -l <hist/dl/history)" -le 3 ] && ok || { fail "inputrc's history-size 3 was not kept"; cat hist/dl/history; }
	th kill-server 2>/dev/null
fi
# no home: no history, and the home is not created; a relative XDG_STATE_HOME is not used
if command -v script >/dev/null 2>&1; then
	HOME="$TMPD/nohome" XDG_STATE_HOME= script -qec "printf 'lr 0.5\nquit\n' | '$DL' -i -c 'lr 0.1'" /dev/null >/dev/null 2>&1
	[ -e "$TMPD/nohome" ] && fail "the history created a missing home" || ok
	mkdir -p home2 && (cd "$TMPD" && HOME="$TMPD/home2" XDG_STATE_HOME=rel script -qec "'$DL' -i -c 'lr 0.1' </dev/null" /dev/null >/dev/null 2>&1)
	[ -e "$TMPD/rel" ] && fail "a relative XDG_STATE_HOME was used" || ok
fi
# ---- -q leaves out the status lines; 'data save -' and 'export csv -' write to stdout ----
"$DL" -q -c 'data gen dates n=5; data save -' >q.csv 2>q.err
[ "$(head -1 q.csv)" = "education,income,dates" ] && [ "$(wc -l <q.csv)" = 6 ] && ok || { fail "data save - with -q: not just the CSV"; cat q.csv; }
[ ! -e ./- ] && ok || fail "data save - made a file named '-'"
"$DL" -c 'data load q.csv; data save back.csv' >out.txt 2>&1 && cmp -s q.csv back.csv && ok || { fail "the CSV on stdout does not load back"; cat out.txt; }
grep -q 'wrote 5 samples to back.csv' out.txt && ok || fail "without -q, data save says what it wrote"
"$DL" -c 'data gen dates n=5; net 2-1; lr 1e-4; train 3 every=0; export csv -' >h.csv 2>/dev/null
grep -qx 'iteration,loss_min,loss_max,loss_last' h.csv && [ ! -e ./- ] && ok || { fail "export csv - did not write to stdout"; cat h.csv; }
"$DL" -q -c 'data gen dates n=5; net 2-1; lr 1e-4; train 3 every=0; save m.dl; load m.dl; print lr' >out.txt 2>&1
[ "$(cat out.txt)" = "lr = 0.0001" ] && ok || { fail "-q left status lines in"; cat out.txt; }
finish
