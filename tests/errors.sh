#!/bin/sh
# errors.sh — malformed input: each line of tests/errors/*.txt is one bad command (after the
# setup lines of its file's "#setup:" header).  Each must give an error message naming the
# command, exit 1 in batch mode, and never crash (no signal, no sanitizer report).
. "$TOP_SRCDIR/tests/lib.sh"
for f in "$TOP_SRCDIR"/tests/errors/*.txt; do
	setup=$(sed -n 's/^#setup: //p' "$f" | sed 's/; */\n/g')
	n=0
	while IFS= read -r bad || [ -n "$bad" ]; do
		case "$bad" in ''|'#'*) continue ;; esac
		n=$((n + 1))
		printf "$setup\n%s\nsay NOT REACHED\n" "$bad" >"$TMPD/case.dl"
		"$DL" --no-tui "$TMPD/case.dl" >"$TMPD/out" 2>&1
		rc=$?
		if [ "$rc" != 1 ]; then
			fail "$(basename "$f"):$n: '$bad': exit $rc, wanted 1"; sed 's/^/    /' "$TMPD/out" | tail -5
		elif ! grep -q "case.dl:[0-9]*: error: " "$TMPD/out"; then
			fail "$(basename "$f"):$n: '$bad': no 'FILE:LINE: error:' message"; sed 's/^/    /' "$TMPD/out" | tail -5
		elif grep -q "NOT REACHED\|runtime error\|AddressSanitizer\|LeakSanitizer" "$TMPD/out"; then
			fail "$(basename "$f"):$n: '$bad': script went on or sanitizer report"; sed 's/^/    /' "$TMPD/out" | tail -5
		else
			ok
		fi
	done <"$f"
done
echo "malformed inputs tried: $checks"
[ "$checks" -ge 50 ] || fail "fewer than 50 malformed inputs"
finish
