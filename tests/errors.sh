#!/bin/sh
# errors.sh — malformed input.  Each command line of tests/errors/*.txt is one bad command, run
# as a script of its own after the setup lines of its file's "#setup: A; B; ..." header.  Each
# must exit 1 in batch mode, stop the script there (nothing after it runs), never crash (no
# signal, no sanitizer report), and print exactly the error message pinned under it:
#
#	set W1 [1, 2, 3]
#	#=> set: W1 expects 6 values (2, 3), got 3 (3,)
#
# A "#=> " line is what dl prints after "case.dl:N: error: " (N being the bad command's line);
# a message of several lines has one "#=> " line each, and everything dl prints from the error
# line to its end is pinned.  They start with '#' so that the other readers of these files
# (valgrind.sh, fuzz/run.sh) skip them as comments.  Other lines starting '#' are comments;
# blank lines are ignored.  A failure names FILE:LINE of the bad command.
#
# After a deliberate change to a message, rewrite the "#=> " lines from the current binary and
# review the diff:
#
#	UPDATE=1 make check TESTS=tests/errors.sh && git diff tests/errors
#
# or, outside make, from the build directory:
#
#	DL=src/dl TOP_SRCDIR=/path/to/dl UPDATE=1 sh /path/to/dl/tests/errors.sh
#
# UPDATE=1 still runs every other check.  A new case needs only its command line: UPDATE=1
# pins its message (without it, a case with no "#=> " line fails).
. "$TOP_SRCDIR/tests/lib.sh"
LC_ALL=C.UTF-8; export LC_ALL # as make check sets it: strerror's messages in English

show() { sed 's/^/    /' "$TMPD/out" | tail -5; }

# run_case FILE LINENO BAD: run one bad command; leave dl's message in $TMPD/got (one line per
# line printed, "" if there was none) and return 1 after reporting a failure of a check that
# does not depend on the expected message.
run_case() {
	printf '%s\n%s\nsay NOT REACHED\n' "$setup" "$3" >"$TMPD/case.dl"
	"$DL" --no-tui "$TMPD/case.dl" >"$TMPD/out" 2>&1
	rc=$?
	: >"$TMPD/got"
	if grep -q "^$TMPD/case\.dl:$at: error: " "$TMPD/out"; then
		sed -n "\\|^$TMPD/case\\.dl:$at: error: |,\$p" "$TMPD/out" | sed "1s|^$TMPD/case\\.dl:$at: error: ||" >"$TMPD/got"
	fi
	if [ "$rc" != 1 ]; then
		fail "$1:$2: '$3': exit $rc, wanted 1"; show; return 1
	elif grep -q "NOT REACHED\|runtime error\|AddressSanitizer\|LeakSanitizer" "$TMPD/out"; then
		fail "$1:$2: '$3': script went on or sanitizer report"; show; return 1
	elif [ ! -s "$TMPD/got" ]; then
		fail "$1:$2: '$3': no 'case.dl:$at: error:' message"; show; return 1
	fi
	return 0
}

# check_case: compare the pending case's message with its "#=> " lines.
check_case() {
	[ -n "$pending" ] || return 0
	if [ "$pending" = ran ]; then
		if [ ! -s "$TMPD/want" ]; then
			fail "$case_id: no '#=> ' message pinned under it (UPDATE=1 writes it)"; sed 's/^/    got:  /' "$TMPD/got"
		elif cmp -s "$TMPD/want" "$TMPD/got"; then
			ok
		else
			fail "$case_id: message differs (UPDATE=1 rewrites it)"
			sed 's/^/    want: /' "$TMPD/want"; sed 's/^/    got:  /' "$TMPD/got"
		fi
	fi
	pending=
}

cases=0
for f in "$TOP_SRCDIR"/tests/errors/*.txt; do
	name=${f##*/}
	setup=$(sed -n 's/^#setup: //p' "$f" | sed 's/; */\n/g')
	at=$(($(printf '%s\n' "$setup" | wc -l) + 1)) # the bad command's line in case.dl
	lineno=0 pending=
	: >"$TMPD/new"
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case "$line" in
		'#=>'*)
			[ -n "$UPDATE" ] && continue
			line=${line#'#=>'}
			printf '%s\n' "${line# }" >>"$TMPD/want"
			[ -n "$pending" ] || fail "$name:$lineno: a '#=> ' line under no command"
			continue ;;
		esac
		check_case
		printf '%s\n' "$line" >>"$TMPD/new"
		case "$line" in ''|'#'*) continue ;; esac
		cases=$((cases + 1))
		case_id="$name:$lineno: '$line'"
		: >"$TMPD/want"
		if run_case "$name" "$lineno" "$line"; then pending=ran; else pending=failed; fi
		if [ -n "$UPDATE" ]; then
			sed 's/^/#=> /; s/^#=> $/#=>/' "$TMPD/got" >>"$TMPD/new"
			[ "$pending" = ran ] && ok
			pending=
		fi
	done <"$f"
	check_case
	if [ -n "$UPDATE" ] && ! cmp -s "$f" "$TMPD/new"; then
		cat "$TMPD/new" >"$f" && echo "updated $f"
	fi
done
echo "malformed inputs tried: $cases"
[ "$cases" -ge 50 ] || fail "fewer than 50 malformed inputs"
finish
