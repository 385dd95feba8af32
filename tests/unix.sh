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
finish
