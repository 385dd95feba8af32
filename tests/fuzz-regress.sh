#!/bin/sh
# fuzz-regress.sh — every input in fuzz/regress/TARGET once crashed dl, or a fuzz target found
# a broken promise with it; each now runs through the real program with the fuzz targets' memory
# budget (--mem-mb 1) and must end with status 0 or 1, no signal and no sanitizer report:
#   cmd/    a script:              dl --no-tui FILE
#   array/  one array literal:     dl with the script 'x LITERAL'
#   csv/    a CSV file:            data load FILE; when it loads, data save + data load again
#   model/  a model file:          load FILE over a network; when refused, nothing changed
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
R="$TOP_SRCDIR/fuzz/regress"
T=; command -v timeout >/dev/null 2>&1 && T="timeout 120"

# run NAME CMD...: status 0 or 1, no signal, no sanitizer report
run() {
	name=$1; shift
	$T "$@" >out.txt 2>&1
	rc=$?
	if [ $rc -gt 1 ]; then
		fail "$name: exit $rc"; tail -5 out.txt | sed 's/^/    /'
	elif grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' out.txt; then
		fail "$name: sanitizer report"; grep -m3 -A3 'runtime error\|Sanitizer' out.txt | sed 's/^/    /'
	else
		ok
	fi
	return $rc
}

for f in "$R"/cmd/*; do
	[ -f "$f" ] && run "cmd/${f##*/}" "$DL" --no-tui --mem-mb 1 "$f"
done
for f in "$R"/array/*; do
	[ -f "$f" ] || continue
	{ printf 'x '; cat "$f"; printf '\n'; } >lit.dl
	run "array/${f##*/}" "$DL" --no-tui --mem-mb 1 lit.dl
done
for f in "$R"/csv/*; do
	[ -f "$f" ] || continue
	cp "$f" in.csv
	if run "csv/${f##*/}" "$DL" --mem-mb 1 -c 'data load in.csv'; then
		# what loads is saved so that it loads again
		run "csv/${f##*/} (save, load)" "$DL" --mem-mb 1 -c 'data load in.csv; data save back.csv; data load back.csv' ||
			fail "csv/${f##*/}: data save wrote a file that data load refuses"
	fi
done
"$DL" -c 'net 2-4-1 act=tanh; seed 2; init he; save ref.dl' >/dev/null
for f in "$R"/model/*; do
	[ -f "$f" ] || continue
	cp "$f" in.dl
	if ! run "model/${f##*/}" "$DL" --mem-mb 1 -c 'load ref.dl; print W1 b1 W2 b2; load in.dl'; then
		grep -q 'nothing was changed' out.txt && ok || fail "model/${f##*/}: refused without 'nothing was changed'"
	fi
done
echo "regression inputs run: $checks"
finish
