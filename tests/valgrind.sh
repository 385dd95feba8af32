#!/bin/sh
# valgrind.sh — a representative set run under valgrind memcheck with the plain program: every
# tests/scripts/*.dl, the lessons but the two slowest, every 8th malformed command of
# tests/errors, the fuzz regression inputs, and save/load/data save/data load/record round
# trips.  Any invalid access, uninitialised read or definite/indirect leak fails it.
# Skipped (77) without valgrind or for a sanitizer build; about a minute on one core.
. "$TOP_SRCDIR/tests/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "SKIP: no valgrind"; exit 77; }
# memcheck and AddressSanitizer cannot share a process: the sanitizer pass checks that build
grep -qa '__asan_init' "$DL" && { echo "SKIP: $DL is built with AddressSanitizer"; exit 77; }
cd "$TMPD" || exit 99
VG="valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"

# vg NAME ARGS...: dl under memcheck (in directory $dir); status 0 or 1 (a script may fail on
# purpose) and no report.  To see where a bad value came from, add --track-origins=yes to VG.
dir=$TMPD
vg() {
	name=$1; shift
	(cd "$dir" && $VG "$DL" --no-tui "$@") >"$TMPD/vg.out" 2>&1
	rc=$?
	if [ $rc -gt 1 ] || grep -q '^==[0-9]*== ' "$TMPD/vg.out"; then
		fail "$name: exit $rc"; grep '^==[0-9]*== ' "$TMPD/vg.out" | head -30 | sed 's/^/    /'
	else
		ok
	fi
}

dir=$TOP_SRCDIR/tests/scripts
for f in "$TOP_SRCDIR"/tests/scripts/*.dl; do
	vg "scripts/${f##*/}" "${f##*/}"
done
dir=$TMPD
for f in "$TOP_SRCDIR"/lessons/*.dl; do
	case "${f##*/}" in 11-*|12-*) continue ;; esac
	[ -f "$f" ] && vg "lessons/${f##*/}" "$f"
done
n=0
for f in "$TOP_SRCDIR"/tests/errors/*.txt; do
	setup=$(sed -n 's/^#setup: //p' "$f" | sed 's/; */\n/g')
	grep -v '^#\|^$' "$f" >cases.txt
	while IFS= read -r bad; do
		n=$((n + 1))
		[ $((n % 8)) = 1 ] || continue
		printf '%s\n%s\n' "$setup" "$bad" >case.dl
		vg "errors/${f##*/}: $bad" case.dl
	done <cases.txt
done
for f in "$TOP_SRCDIR"/fuzz/regress/cmd/*; do
	[ -f "$f" ] && vg "fuzz/regress/cmd/${f##*/}" --mem-mb 1 "$f"
done
vg "files" -c 'data gen xor n=50 seed=1; net 2-8-1 out=sigmoid; loss bce; record r.dl; train 30; save m.dl; data save d.csv; record off'
vg "files, back" -c 'load m.dl; data load d.csv; data split test=0.2; normalize; eval test; source r.dl; undo; undo'
vg "damaged model" -c 'net 2-1; load d.csv'
finish
