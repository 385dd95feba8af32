#!/bin/sh
# vmath_ref.sh — dl's exp, tanh, sigmoid, log and log1p (src/engine/vmath.c) against a correctly
# rounded reference: mpmath at 160 bits (python3-mpmath), 100,000 arguments each from
# test_vmath's generator (the whole range, dense around where the methods change and near the
# thresholds); at most 1 ulp, as test_vmath holds them against long double over a million.
# Skipped (77) without python3 and mpmath.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
py=${PYTHON3:-python3}
if ! "$py" -c 'import mpmath' 2>/dev/null; then
	echo "vmath_ref.sh: skipped: no mpmath for $py (Debian: python3-mpmath)"
	exit 77
fi
tv=${TOP_BUILDDIR:-.}/tests/test_vmath
echo "vmath_ref.sh: the copy this CPU runs (test_vmath checks that every copy gives the same bits)"
for f in exp tanh sigmoid log log1p; do
	out=$("$tv" --dump "$f" 100000 | "$py" "$TOP_SRCDIR/tests/vmath_ref.py" "$f")
	rc=$?
	echo "$out"
	if [ "$rc" = 0 ]; then ok; else fail "$f: over 1 ulp from the correctly rounded result (or no arguments checked)"; fi
done
finish
