#!/bin/sh
# harden.sh — regressions of the adversarial review (issue 19): each case failed on the dl
# before its fix (run it with DL=/path/to/an/old/dl to see them fail).
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

# a number longer than 63 characters inside [...] is one number, not two
pi=3.14159265358979323846264338327950288419716939937510582097494459230781640628620899
expect_status 0 "$DL" -c "x [$pi, 1]; print x"
expect_output '^x \(1, 2\)'
expect_status 0 "$DL" -c "x [[$pi], [1]]; print x"
expect_output '^x \(2, 1\)'

# a repeated option is an error, not its first value silently
expect_status 1 "$DL" -c "data gen dates n=10 n=20"
expect_output 'n= is given twice'
# more than 16 options: the limit is named, not "did you mean"
expect_status 1 "$DL" -c "plot fit a a1=1 a2=1 a3=1 a4=1 a5=1 a6=1 a7=1 a8=1 a9=1 b1=1 b2=1 b3=1 b4=1 b5=1 b6=1 b7=1 b8=1"
expect_output 'more than 16 options'
# net with too many sizes names the limit of 64
sizes=$(seq -s- 1 100 | sed 's/[0-9]\+/2/g')
expect_status 1 "$DL" -c "net $sizes"
expect_output 'at most 64 sizes'

# export numpy, export csv: atomic (a failed write leaves the old file as it was), as save is
CC=${CC:-cc}
if $CC -shared -fPIC -o faultshim.so "$TOP_SRCDIR/tests/faultshim.c" -ldl 2>cc.err; then
	for fault in enospc rename; do
		for what in "numpy p.py" "csv p.csv"; do
			f=${what#* }
			printf 'the old file\n' >"$f"
			expect_status 1 env DL_FAULT=$fault LD_PRELOAD="$TMPD/faultshim.so" \
				ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
				"$DL" -c "data gen dates n=2000; net 2-64-1; train 3 every=0; export $what"
			expect_output "cannot write '$f'.*any old file is unchanged"
			grep -qx 'the old file' "$f" && ok || fail "$fault: export $what damaged the old file"
			ls "$f".tmp.* >/dev/null 2>&1 && fail "$fault: export $what left a temporary file" || ok
		done
	done
else
	echo "SKIP: cannot build the fault shim with $CC: $(head -1 cc.err)"
fi

# record refuses an existing file (say so), and stops at the first failed write
printf 'my script\n' >old.dl
expect_status 1 "$DL" -c "record old.dl"
expect_output "exists: record will not overwrite it"
grep -qx 'my script' old.dl && ok || fail "record overwrote old.dl"
if [ -w /dev/full ]; then
	# the first line goes to /dev/full's buffer only at the header's flush: record fails at once
	expect_status 1 "$DL" -c "record /dev/full"
	expect_output "cannot write '/dev/full'"
fi
# a write that fails later (a disk that fills up while recording) stops the recording, saying so
if [ "$(id -u)" = 0 ] && mkdir mnt && mount -t tmpfs -o size=64k tmpfs mnt 2>/dev/null; then
	dd if=/dev/zero of=mnt/fill bs=4096 count=15 2>/dev/null # one page left
	long=$(printf 'x%.0s' $(seq 1 200))
	cmds="record mnt/r.dl"
	for i in $(seq 1 60); do cmds="$cmds
say $long"; done
	"$DL" -c "$cmds" >"$TMPD/out" 2>&1
	[ $? = 1 ] && ok || fail "a recording that failed on a full disk: exit status not 1"
	expect_output "error: record: cannot write 'mnt/r.dl': No space left on device: recording stopped"
	[ "$(grep -c 'error: record' "$TMPD/out")" = 1 ] && ok || fail "the failed recording was reported more than once"
	umount mnt
else
	echo "SKIP: a full disk while recording (needs root to mount a tmpfs)"
fi
help=$("$DL" -c "help record")
case "$help" in *"existing file is refused"*) ok ;; *) fail "help record does not say an existing file is refused" ;; esac

# load through a pipe or /dev/stdin reads the file once
expect_status 0 "$DL" -c "net 2-3-1; save m.dl"
expect_status 0 sh -c "cat m.dl | '$DL' -c 'load /dev/stdin; print W1'"
expect_output '^loaded 3 layers'
mkfifo fifo && { cat m.dl >fifo & }
expect_status 0 "$DL" -c "load fifo"
expect_output '^loaded 3 layers'
wait

# save next to a file in /proc: not "No such file or directory"
if [ -r /proc/self/status ]; then
	expect_status 1 "$DL" -c "net 2-1; save /proc/self/status"
	if grep -q "No such file" "$TMPD/out"; then fail "save /proc/self/status says No such file"; else ok; fi
fi

# crash 1: a huge weight in the Hinton view (the shade index overflowed: segfault)
expect_status 0 "$DL" -c "layer dense 1 1; set W1 1e308; plot weights W1"
expect_status 0 "$DL" -c "layer dense 2 2; set W1 [1e308, -1.7e308, 1, 0]; plot weights W1"
# crash 2: the picture network reused for another shape with the same counts (heap overflow)
expect_status 0 "$DL" -c "seed 1; net 2-1-2; plot net; seed 1; net 1-2-1; plot net"
tail -n 20 "$TMPD/out" >after.txt
"$DL" -c "seed 1; net 1-2-1; plot net" | tail -n 20 >fresh.txt
cmp -s after.txt fresh.txt && ok || fail "plot net after another shape of the same size draws another picture"
# undo to a network of another shape (same counts) forgets the abandoned one's snapshots
expect_status 1 "$DL" -c "x [[1],[2]]; y [[1],[2]]; net 2-1-2; net 1-2-1; set W1 [100, 200]; train 1; undo; undo; undo; rewind 0; print W1"
expect_output "rewind: no snapshot"

# data load of a directory names it (was "empty file")
mkdir adir
expect_status 1 "$DL" -c "data load adir"
expect_output "'adir' is a directory"

# plot and data sub-commands: options checked against their own table (issue 13)
expect_status 1 "$DL" -c "data gen dates; net 2-1; plot lr 1e-3 1e-2 ite=5"
expect_output "did you mean 'iters='"
expect_status 1 "$DL" -c "data gen dates; layer dense 2 1; plot cost W1[0,0] b1[0] x=5"
expect_output "unknown option 'x' for plot cost"
finish
