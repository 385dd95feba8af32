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
# SIGTERM and SIGHUP during a long save in a batch run: dl ends by the signal and leaves no
# temporary file; a temporary left by a dl that was killed (SIGKILL) goes on the next save,
# one of a dl still running stays
for sig in TERM HUP; do
	rm -f big.dl big.dl.tmp.*
	"$DL" --mem-mb 512 -c 'net 1-2000-2000-1; save big.dl' >/dev/null 2>&1 &
	bpid=$!
	for i in $(seq 100); do ls big.dl.tmp.* >/dev/null 2>&1 && break; sleep 0.05; done
	sleep 0.2
	kill -$sig $bpid
	wait $bpid
	st=$?
	want=143; [ $sig = HUP ] && want=129
	[ "$st" = $want ] && ok || fail "SIG$sig during save: status $st, wanted $want"
	if ls big.dl.tmp.* >/dev/null 2>&1; then fail "SIG$sig during save left $(ls big.dl.tmp.*)"; else ok; fi
done
: >big.dl.tmp.99999999.aB3dEf      # no such process: stale
: >"big.dl.tmp.$$.xY7zQw"           # this shell: alive, not to be touched
: >other.dl.tmp.99999999.aB3dEf    # another target's: not ours to sweep
expect_status 0 "$DL" -c 'net 1-1; save big.dl'
[ ! -e big.dl.tmp.99999999.aB3dEf ] && ok || fail "save did not remove a stale temporary of its own naming"
[ -e "big.dl.tmp.$$.xY7zQw" ] && [ -e other.dl.tmp.99999999.aB3dEf ] && ok ||
	fail "save removed a temporary that was not stale or not its own"
# memory runs out mid-session (issue 19, item 4): a change whose undo snapshot cannot be
# made says so, and undo then says there is nothing to undo rather than silently going back
# two steps (to before the network existed); not under AddressSanitizer, which owns malloc
if grep -q __asan_init "$DL" 2>/dev/null; then
	echo "SKIP: memory pressure (the allocation shim) under AddressSanitizer"
elif $CC -shared -fPIC -o allocshim.so "$TOP_SRCDIR/tests/allocshim.c" 2>cc.err; then
	rm -f nomem.flag
	expect_status 1 env LD_PRELOAD="$TMPD/allocshim.so" DL_NOMEM_AFTER=nomem.flag DL_NOMEM_BYTES=4000000 \
		"$DL" -c 'net 1-1000-1000-1; set W1[0,0] 2; save nomem.flag; set W1[0,0] 5; undo; print W1[0,0]'
	expect_output "'set' cannot be undone: a snapshot of the network \(2008002 values\) does not fit in memory; the earlier snapshots go too"
	expect_output "undo: nothing to undo: the last change's snapshot did not fit in memory"
else
	echo "SKIP: cannot build the allocation shim with $CC: $(head -1 cc.err)"
fi
# one memory budget for the whole session (item 13): forks, the optimizer's state and undo
# snapshots count, and the refusal says what it counted
expect_status 1 "$DL" --mem-mb 8 -c 'net 1-350-350-1; fork a lr=0.1; fork b lr=0.2; fork c lr=0.3; fork d lr=0.4'
expect_output "fork: a fork \(a copy of the network, optimizer and data\) needs 247802 values: over the memory budget of 1048576 values, of which the session holds 991208 \(network 247802, forks 743406\)"
expect_status 1 "$DL" --mem-mb 8 -c 'x [[1],[2]]; y [[1],[2]]; net 1-350-350-1; optim adam; train 1 every=0; fork a lr=0.1'
expect_output "needs 495608 values: over the memory budget of 1048576 values, of which the session holds 743410 \(network 247802, optimizer 247802, data 4, undo 247802\)"
expect_status 1 "$DL" --mem-mb 8 -c 'x [[1],[2]]; y [[1],[2]]; net 1-350-350-1; optim adam; train 1 every=0; plot lr 1e-3 1'
expect_output "plot lr's copy of the network needs 501208 values"
expect_status 1 "$DL" --mem-mb 1 -c 'net 2-1000-1000-1'
expect_output "net: a network of 1005001 parameters \(and their gradients\) needs 2010002 values"
# a test set and a wide output on the feature-major path: the monitor's test pass must not
# shrink the batch's workspaces (a heap overflow found by tests/sessions.sh)
expect_status 0 "$DL" -c 'data gen xor n=20; data split test=0.05; net 2-3; loss ce; train 64 every=0; print loss'
expect_output 'loss'
finish
