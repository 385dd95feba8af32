#!/bin/sh
# sessions.sh — the stateful session fuzzer (issue 19): tests/sessgen.py writes sessions that
# build networks, make and load data, train, change shapes and data, travel in time (undo, rewind,
# diff, fork), plot every view, explain, save, load and export, with huge, tiny and non-finite
# values; each runs through dl's plain prompt (commands on standard input, -i: an error is shown
# and the session goes on, so that one wrong command does not end it) with a 64 MiB budget.
# A finding is a signal, a sanitizer report, a timeout or an internal error; it prints the
# seed and the session shrunk to the fewest lines that still show it.
#   SESSIONS=N   how many (default 300: about 35 s of CPU under ASan+UBSan)
#   SEED=S       the first seed (default 1); session K has seed S+K-1
#   KEEP=DIR     keep the sessions and their output in DIR
#   MINIMIZE=0   do not shrink a finding (shrinking runs the session again many times)
# A long run by hand: SESSIONS=2000 SEED=1000 make check TESTS=tests/sessions.sh
. "$TOP_SRCDIR/tests/lib.sh"
PY=${PYTHON3:-python3}
command -v "$PY" >/dev/null 2>&1 || { echo "SKIP: sessions.sh needs python3"; exit 77; }
SESSIONS=${SESSIONS:-300}
SEED=${SEED:-1}
T=; command -v timeout >/dev/null 2>&1 && T="timeout -k 5 ${SESSION_TIMEOUT:-60}"
GEN="$TOP_SRCDIR/tests/sessgen.py"
W=${KEEP:-$TMPD/s}
mkdir -p "$W" "$TMPD/home" || exit 99
# the plain prompt keeps a history and progress: in the test's own home, not the user's
export HOME="$TMPD/home" XDG_STATE_HOME="$TMPD/home/state" XDG_CONFIG_HOME="$TMPD/home/config"
case "$DL" in /*) ;; *) DL="$PWD/$DL" ;; esac

"$PY" "$GEN" gen "$SEED" "$W" "$SESSIONS" || { fail "sessgen.py gen failed"; finish; exit; }

# san FILE: the first sanitizer report or internal error in FILE
san() { grep -m1 -E 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|internal error' "$1"; }

cmds=0 errors=0 found=0
i=0
while [ "$i" -lt "$SESSIONS" ]; do
	seed=$((SEED + i)); i=$((i + 1))
	d="$W/$seed"
	rm -rf "$d/run" && cp -r "$d/in" "$d/run" || exit 99
	(cd "$d/run" && $T "$DL" --no-tui -i --mem-mb 64 <../session.dl >../out.txt 2>../err.txt)
	rc=$?
	n=$(grep -vc '^#' "$d/session.dl")
	cmds=$((cmds + n))
	errors=$((errors + $(grep -c 'error: ' "$d/err.txt")))
	what=
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then what="timeout"
	elif [ "$rc" -ge 128 ]; then what="killed by signal $((rc - 128))"
	elif s=$(san "$d/err.txt"); then what="$s"
	elif [ "$rc" != 0 ]; then what="exit status $rc"
	fi
	if [ -n "$what" ]; then
		fail "session $seed: $what (python3 tests/sessgen.py gen $seed DIR writes it)"
		grep -m6 -A6 'ERROR: \|runtime error:' "$d/err.txt" | sed 's/^/    /'
		found=$((found + 1))
		if [ "${MINIMIZE:-1}" != 0 ] && [ "$found" -le 3 ]; then
			echo "    the session shrunk to what still shows it:"
			"$PY" "$GEN" min "$d" -- $T "$DL" --no-tui -i --mem-mb 64 2>&1 | sed 's/^/    /'
		fi
	else
		ok
	fi
done
echo "sessions: $SESSIONS (seeds $SEED..$((SEED + SESSIONS - 1))), commands: $cmds, of them refused with an error: $errors, findings: $found"
finish
