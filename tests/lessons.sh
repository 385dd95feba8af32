#!/bin/sh
# lessons.sh — every lesson runs to the end in batch mode with all its expects met;
# 'lessons' lists them all; a lesson with a wrong expect fails with exit 1.
. "$TOP_SRCDIR/tests/lib.sh"
LESSONS=${DL_LESSONS:-$TOP_SRCDIR/lessons}
export DL_LESSONS="$LESSONS"

# milliseconds since the epoch (whole seconds where date has no %N)
now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in
	*[!0-9]* | '') echo $(($(date +%s) * 1000)) ;;
	*) echo $((t / 1000000)) ;;
	esac
}

n=0
total0=$(now_ms)
for f in "$LESSONS"/[0-9]*.dl; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	t0=$(now_ms)
	"$DL" --no-tui "$f" >"$TMPD/out" 2>&1
	rc=$?
	t1=$(now_ms)
	ms=$((t1 - t0))
	printf '%-32s exit %d  %d.%03d s  %s checks\n' "${f##*/}" "$rc" $((ms / 1000)) $((ms % 1000)) \
		"$(grep -c '^ok: ' "$TMPD/out")"
	if [ "$rc" != 0 ]; then
		fail "${f##*/} exited $rc"
		grep -E 'error|expect' "$TMPD/out" | head -5 | sed 's/^/    /'
		continue
	fi
	ok
	# a lesson checks what it teaches
	grep -q '^expect ' "$f" && ok || fail "${f##*/} has no expect"
	grep -q '^# title: ' "$f" && ok || fail "${f##*/} has no '# title:' line"
done
total1=$(now_ms)
ms=$((total1 - total0))
printf '%d lessons in %d.%03d s\n' "$n" $((ms / 1000)) $((ms % 1000))
[ "$n" -ge 13 ] && ok || fail "found $n lessons in $LESSONS, expected at least 13"

# 'lessons' lists every file with its number and title
"$DL" --no-tui -c lessons >"$TMPD/list" 2>&1 && ok || fail "'lessons' exited non-zero"
for f in "$LESSONS"/[0-9]*.dl; do
	[ -f "$f" ] || continue
	base=${f##*/}
	num=${base%%-*}
	num=$(expr "$num" + 0)
	title=$(sed -n 's/^# title: //p' "$f" | head -1)
	if grep -Fq -- "$title" "$TMPD/list" && grep -Eq "^ *$num  " "$TMPD/list"; then
		ok
	else
		fail "'lessons' does not list $base ($num  $title)"
		sed 's/^/    /' "$TMPD/list"
	fi
done

# 'lesson N' and --lesson N replay a lesson in batch mode
expect_status 0 "$DL" --no-tui --lesson 2
expect_output '^ok: out\[3,0\]'
expect_status 0 "$DL" --no-tui -c 'lesson xor'
expect_output '^ok: out\[1,0\]'

# lessons start from a clean state: all of them in one session, last to first
all=""
for f in "$LESSONS"/[0-9]*.dl; do
	[ -f "$f" ] || continue
	base=${f##*/}
	all="lesson $(expr "${base%%-*}" + 0); $all"
done
expect_status 0 "$DL" --no-tui -c "$all"

# a wrong expect fails the lesson with exit 1 and names the file and line
first=$(ls "$LESSONS"/[0-9]*.dl | head -1)
awk '!done && /^expect / { $3 = "12345.678"; done = 1 } { print }' "$first" >"$TMPD/01-wrong.dl"
if cmp -s "$first" "$TMPD/01-wrong.dl"; then
	fail "could not plant a wrong expect in $first"
else
	expect_status 1 "$DL" --no-tui "$TMPD/01-wrong.dl"
	expect_output '01-wrong\.dl:[0-9]+: error: expect: .* expected 12345\.678'
	# and the lesson stops there: nothing after the failed expect runs
	line=$(grep -n '12345.678' "$TMPD/01-wrong.dl" | cut -d: -f1)
	after=$(tail -n +"$((line + 1))" "$TMPD/01-wrong.dl" | grep -c '^expect ')
	got=$(grep -c '^ok: ' "$TMPD/out")
	before=$(head -n "$line" "$TMPD/01-wrong.dl" | grep -c '^expect ')
	[ "$got" = $((before - 1)) ] && ok || fail "after the failed expect, $got expects passed (wanted $((before - 1)); $after follow it)"
fi

finish
