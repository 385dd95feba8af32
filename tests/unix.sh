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
finish
