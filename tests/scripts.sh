#!/bin/sh
# scripts.sh — every tests/scripts/NAME.dl runs in batch mode and prints exactly NAME.out:
# training feature-major (src/engine/fm.c, where the CPU runs it) and, with DL_FM=off, sample-major
# (net.c's path): the same digits both ways.
. "$TOP_SRCDIR/tests/lib.sh"
for mode in on off; do
for dl in "$TOP_SRCDIR"/tests/scripts/*.dl; do
	name=$(basename "$dl" .dl)
	want="${dl%.dl}.out"
	(cd "$TOP_SRCDIR/tests/scripts" && DL_FM=$mode "$DL" --no-tui "$name.dl") >"$TMPD/$name.got" 2>&1
	rc=$?
	# timings differ from run to run: mask them
	sed -E 's/in [0-9.]+ s \([0-9]+ it\/s\)/in T s (R it\/s)/' "$TMPD/$name.got" >"$TMPD/$name.masked"
	if [ ! -f "$want" ]; then fail "$name: no expected output $want"; continue; fi
	if ! diff -u "$want" "$TMPD/$name.masked" >"$TMPD/$name.diff"; then
		fail "$name (DL_FM=$mode): output differs"; head -40 "$TMPD/$name.diff"
	elif [ "$rc" != 0 ] && ! grep -q '^# expect-fail' "$dl"; then
		fail "$name (DL_FM=$mode): exit status $rc"
	else
		ok
	fi
done
done
finish
