#!/bin/sh
# cli.sh — the program's options, exit statuses and batch behaviour.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99

expect_status 0 "$DL" --version;            expect_output '^dl [0-9]+\.[0-9]+'
expect_status 0 "$DL" --help;               expect_output 'Usage: dl'
expect_status 2 "$DL" --bogus;              expect_output "Try 'dl --help'"
expect_status 2 "$DL" --seed abc;           expect_output 'seed'
expect_status 2 "$DL" --lesson x
expect_status 2 "$DL" -c
expect_status 0 "$DL" -c 'lr 0.5; print lr';   expect_output '^lr = 0.5$'
expect_status 1 "$DL" -c 'lr 0.5; lr -1; print lr'; expect_output 'error: lr:'
# a script stops at its first error, with FILE:LINE:
printf 'lr 0.1\n\nbogus\nsay after\n' >bad.dl
expect_status 1 "$DL" bad.dl;               expect_output '^bad.dl:3: error: unknown command'
grep -q after "$TMPD/out" && fail "script went on after an error" || ok
# several files run in order; quit ends them
printf 'say one\n' >a.dl; printf 'say two\nquit\nsay three\n' >b.dl
expect_status 0 "$DL" a.dl b.dl;            expect_output '^two$'
grep -q three "$TMPD/out" && fail "quit did not stop" || ok
# standard input, with '-' and through a pipe
printf 'say from stdin\n' | "$DL" - >"$TMPD/out" 2>&1 && ok || fail "dl -"
expect_output '^from stdin$'
printf 'say piped\n' | "$DL" >"$TMPD/out" 2>&1 && ok || fail "dl < pipe"
expect_output '^piped$'
printf 'bogus\n' | "$DL" - >"$TMPD/out" 2>&1; [ $? = 1 ] && ok || fail "stdin error status"
expect_output '^<stdin>:1: error'
# -c splits on ';' but not inside an array literal; continuation lines in scripts
expect_status 1 "$DL" -c 'layer dense 2 1; set W1 [1;2]' ; expect_output "'1;2' is not a number"
printf 'layer dense 2 2\nset W1 [[1, 2],\n        [3, 4]]\nset b1 \\\n  [5, 6]\nprint W1 b1\n' >cont.dl
expect_status 0 "$DL" cont.dl;             expect_output '^ \[3 4\]\]$'
expect_output '^\[5 6\]$'
printf 'layer dense 2 2\nset W1 [[1, 2],\n' >open.dl
expect_status 1 "$DL" open.dl;             expect_output 'open.dl:2: error: .*unclosed'
# unique prefixes and "did you mean"
expect_status 0 "$DL" -c 'lay dense 2 1; pri W1'; expect_output '^W1 \(2, 1\)$'
expect_status 1 "$DL" -c 'lyer dense 2 1';  expect_output "did you mean 'layer'"
expect_status 1 "$DL" -c 'p W1' ;           expect_output 'no parameter'
expect_status 0 "$DL" -c 'pl loss';         expect_output 'no loss yet'
# help for every command: usage and example
for c in $("$DL" -c help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	"$DL" -c "help $c" >"$TMPD/out" 2>&1 || fail "help $c"
	grep -q '^usage: ' "$TMPD/out" && grep -q '^example: ' "$TMPD/out" && ok || fail "help $c lacks usage/example"
done
# seeds: the same seed gives the same data
a=$("$DL" --seed 7 -c 'data gen dates n=5; print x')
b=$("$DL" --seed 7 -c 'data gen dates n=5; print x')
c=$("$DL" --seed 8 -c 'data gen dates n=5; print x')
[ "$a" = "$b" ] && ok || fail "same seed, different data"
[ "$a" != "$c" ] && ok || fail "different seeds, same data"
# a failed expect fails the run
expect_status 1 "$DL" -c 'lr 0.1; expect lr 0.2'; expect_output 'expected 0.2'
# --lesson in batch mode replays it (when lessons exist)
if ls "$DL_LESSONS"/01-*.dl >/dev/null 2>&1; then
	expect_status 0 "$DL" --no-tui --lesson 1
fi
# 'help' alone fits 80 columns, grouped, every command listed once, with a place to start
"$DL" -c help >help.txt 2>&1
for g in 'the network:' 'data:' 'training:' 'looking inside:' 'files:' 'lessons and exercises:' 'the shell:'; do
	grep -qx "$g" help.txt && ok || fail "help has no group '$g'"
done
grep -q '^Start here: ' help.txt && ok || fail "help has no 'start here' line"
if [ -n "$PYTHON3" ]; then
	"$PYTHON3" -c 'import sys; bad=[l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > 80]; print("\n".join(bad)); sys.exit(1 if bad else 0)' help.txt >long.txt &&
		ok || { fail "help has lines over 80 columns"; cat long.txt; }
fi
for c in layer net train plot lesson task expect quit; do
	[ "$(grep -c "^  $c " help.txt)" = 1 ] && ok || fail "help lists '$c' other than once"
done
# train speed=R: slowed to be watched, the same numbers (issue 16); a lower bound on the time only
"$DL" -c 'data gen dates; normalize; net 2-5-1; train 30 every=0' >fast.txt 2>&1
"$DL" -c 'data gen dates; normalize; net 2-5-1; train 30 every=0 speed=100' >slow.txt 2>&1
[ "$(sed -n 's/.*loss=//p' fast.txt)" = "$(sed -n 's/.*loss=//p' slow.txt)" ] && [ -n "$(sed -n 's/.*loss=//p' slow.txt)" ] && ok ||
	{ fail "speed= changed the numbers"; cat fast.txt slow.txt; }
secs=$(sed -n 's/^trained 30 iterations in \([0-9.]*\) s.*/\1/p' slow.txt)
awk -v t="$secs" 'BEGIN { exit !(t >= 0.25) }' && ok || { fail "speed=100 did not slow 30 iterations to 0.3 s (took '$secs')"; cat slow.txt; }
expect_status 1 "$DL" -c 'data gen dates; net 2-1; train 3 speed=-1'; expect_output 'speed=-1: iterations per second'
finish
