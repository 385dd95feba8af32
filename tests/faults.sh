#!/bin/sh
# faults.sh — nothing is lost: 'save' and 'data save' under faults (a full disk, fsync and rename failing, a
# read-only or missing folder, a device as the target) gives an error, leaves the old file
# byte-identical and no temporary file behind; 'load' of what is not a model changes nothing;
# every limit answers with an error that says which limit; SIGTERM and SIGHUP save the history
# of the plain prompt.  Faults are injected with an LD_PRELOAD shim (tests/faultshim.c, built
# here with $CC) and, when root may mount one, a real 64 KiB tmpfs.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99

# old_intact FILE GOOD: FILE still equals GOOD and no temporary file is left beside it
old_intact() {
	if cmp -s "$1" "$2"; then ok; else fail "$1 changed after a failed save"; fi
	if ls "$1".tmp.* >/dev/null 2>&1; then fail "temporary file left beside $1"; rm -f "$1".tmp.*; else ok; fi
}

"$DL" -c 'net 2-5-1; seed 3; init he; save good.dl' >/dev/null || fail "cannot save a first model"
big='net 2-64-64-1; seed 4; init he'    # a model larger than stdio's buffer

# ---- injected faults: a full disk, fsync failing, rename failing ----
CC=${CC:-cc}
if $CC -shared -fPIC -o faultshim.so "$TOP_SRCDIR/tests/faultshim.c" -ldl 2>cc.err; then
	for fault in enospc fsync rename; do
		for model in 'net 2-1' "$big"; do
			cp good.dl m.dl
			expect_status 1 env DL_FAULT=$fault LD_PRELOAD="$TMPD/faultshim.so" \
				ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$DL" -c "$model; save m.dl"
			expect_output "error: save: cannot write 'm.dl': (No space left on device|Input/output error) \(any old file is unchanged\)"
			old_intact m.dl good.dl
		done
		# data save is atomic too
		printf 'a,b\n1,2\n' >d.csv && cp d.csv goodd.csv
		expect_status 1 env DL_FAULT=$fault LD_PRELOAD="$TMPD/faultshim.so" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$DL" -c "data gen xor n=2000; data save d.csv"
		expect_output "error: data: cannot write 'd.csv'.*any old file is unchanged"
		old_intact d.csv goodd.csv
		# a new file: nothing at all is left
		expect_status 1 env DL_FAULT=$fault LD_PRELOAD="$TMPD/faultshim.so" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$DL" -c "$big; save new.dl"
		[ ! -e new.dl ] && ! ls new.dl.tmp.* >/dev/null 2>&1 && ok || fail "$fault: a failed save of a new file left files"
	done
else
	echo "SKIP: cannot build the fault shim with $CC: $(head -1 cc.err)"
fi

# ---- a device as the target: /dev/full is full, and stays a device ----
if [ "$(id -u)" = 0 ] && mknod full c 1 7 2>/dev/null && sh -c ': >full' 2>/dev/null; then dev=./full; else dev=/dev/full; fi
if [ -c "$dev" ]; then
	expect_status 1 "$DL" -c "net 2-1; save $dev"; expect_output "cannot write '$dev': No space left on device"
	[ -c "$dev" ] && ok || fail "save replaced the device $dev"
fi
expect_status 0 "$DL" -c 'net 2-1; save /dev/null'
expect_status 1 "$DL" -c 'record /dev/full; say hi'; expect_output "error: record: cannot write '/dev/full': No space left"

# ---- a real full disk and a read-only folder: a 64 KiB tmpfs (root only) ----
mkdir mnt
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs mnt 2>/dev/null; then
	trap 'umount "$TMPD/mnt" 2>/dev/null; rm -rf "$TMPD"' EXIT
	cp good.dl mnt/m.dl
	head -c 100000 /dev/zero >mnt/filler 2>/dev/null # fill it up
	expect_status 1 "$DL" -c "$big; save mnt/m.dl"; expect_output 'No space left on device'
	old_intact mnt/m.dl good.dl
	rm -f mnt/filler
	mount -o remount,ro mnt 2>/dev/null && {
		expect_status 1 "$DL" -c "$big; save mnt/m.dl"; expect_output 'cannot write .*Read-only file system'
		old_intact mnt/m.dl good.dl
	}
	umount mnt
else
	echo "SKIP: the tmpfs cases need root and mount"
fi
# a missing folder; a symbolic link is followed, not replaced
expect_status 1 "$DL" -c 'net 2-1; save nodir/m.dl'; expect_output "cannot write 'nodir/m.dl': No such file"
cp good.dl target.dl && ln -s target.dl link.dl
expect_status 0 "$DL" -c "$big; save link.dl"
[ -L link.dl ] && ! cmp -s target.dl good.dl && ok || fail "save through a symbolic link"
# the saved file has the usual permissions, not mkstemp's 0600
( umask 022; "$DL" -c 'net 2-1; save perm.dl' >/dev/null )
[ "$(stat -c %a perm.dl)" = 644 ] && ok || fail "saved with mode $(stat -c %a perm.dl)"

# ---- models of every size load back bit for bit (long tensors are saved in pieces) ----
for sizes in 2-1 64-100-10 3-2000-2; do
	"$DL" -c "net $sizes; seed 5; init he; save s.dl; print W1" | grep -v '^saved' >before.txt
	expect_status 0 "$DL" -c "load s.dl; print W1"
	grep -v '^loaded' "$TMPD/out" >after.txt
	cmp -s before.txt after.txt && ok || fail "net $sizes: weights changed through save/load"
done
awk 'length($0) > 65536 { bad = 1 } END { exit bad }' s.dl && ok || fail "a saved line is over the line limit"

# ---- load: what is not a model is refused and the network is untouched ----
"$DL" -c 'net 3-2-1; seed 9; init he; save ref.dl' >/dev/null
head -n 9 s.dl >chunk-cut.dl                        # cut inside a long tensor's pieces
sed 's/ at=1024$/ at=99999999/' s.dl >chunk-bad.dl   # a piece that runs past the end
grep -v ' at=1024$' s.dl >chunk-gone.dl               # a piece missing
grep -v '^set b1 ' ref.dl >line-gone.dl                # a line missing
for f in /dev/zero chunk-cut.dl chunk-bad.dl chunk-gone.dl line-gone.dl; do
	expect_status 1 "$DL" -c "load ref.dl; print W1; load $f; print W1"
	expect_output 'nothing was changed'
	[ "$(grep -c '^ *\[' "$TMPD/out")" -ge 1 ] && ok
done
head -c 70000 /dev/zero | tr '\0' 'a' >longline.dl
expect_status 1 "$DL" -c 'load longline.dl'; expect_output 'not a dl model|line longer'
expect_status 1 "$DL" -c 'load chunk-gone.dl'; expect_output 'does not set all of W1'
# a model whose weights are nan (saved after a divergence) still loads
expect_status 0 "$DL" -c 'net 2-1; set W1 [nan, 1]; save nan.dl; load nan.dl; print W1'; expect_output 'nan'

# ---- limits: each answers with an error that names it ----
expect_status 1 "$DL" --mem-mb 1 -c 'net 2-1000-1000-1';      expect_output 'over the memory budget'
expect_status 1 "$DL" --mem-mb 1 -c 'layer dense 1000 1000';  expect_output 'over the memory budget'
expect_status 1 "$DL" --mem-mb 1 -c 'data gen xor n=100000';  expect_output 'over the memory budget'
expect_status 1 "$DL" --mem-mb 1 -c 'data gen xor n=40000; net 2-100-1; forward'; expect_output 'workspace, over the memory budget'
expect_status 1 "$DL" --mem-mb 1 -c 'data gen xor n=40000; net 2-100-1; train 1'; expect_output 'workspace, over the memory budget'
awk 'BEGIN { printf "x,y\n"; for (i = 0; i < 70000; i++) printf "%d,%d\n", i, i }' >big.csv
expect_status 1 "$DL" --mem-mb 1 -c 'data load big.csv';      expect_output 'over the memory budget'
awk 'BEGIN { printf "x ["; for (i = 0; i < 140000; i++) printf "%d ", i; printf "]\n" }' >bigx.dl
expect_status 1 "$DL" --mem-mb 1 bigx.dl;                     expect_output 'line too long|over the memory budget'
expect_status 2 "$DL" --mem-mb 0 -c 'lr';                     expect_output 'mem-mb'
expect_status 1 "$DL" -c 'net 2-1; x [[1, 2]]; y [1]; train 2000000000'; expect_output 'from 1 to 1000000000'
expect_status 1 "$DL" -c 'x [[[1]]]';                         expect_output 'at most 2 dimensions'
awk 'BEGIN { printf "say "; for (i = 0; i < 70000; i++) printf "a"; printf "\n" }' >long.dl
expect_status 1 "$DL" long.dl;                                expect_output 'line too long'
expect_status 1 "$DL" -c "print $(awk 'BEGIN { for (i = 0; i < 70; i++) printf "w "; }')x"; expect_output 'too many words'
printf 'source self.dl\n' >self.dl
expect_status 1 "$DL" self.dl;                               expect_output 'nested more than 16 deep'
mkdir lessons && printf 'say again\nlesson 1\n' >lessons/01-loop.dl
expect_status 1 env DL_LESSONS="$TMPD/lessons" "$DL" -c 'lesson 1'; expect_output "lesson 1 is running: 'lesson quit' leaves it first"
expect_status 1 "$DL" -c 'source /dev/zero';                 expect_output 'line too long'
expect_status 1 "$DL" -c 'data load /dev/zero';              expect_output 'line longer than'
# the undo snapshots share the budget: the oldest go first, nothing fails
expect_status 0 "$DL" --mem-mb 64 -c 'net 1-2000-1000; set W1[0,0] 1; set W1[0,0] 2; set W1[0,0] 3; undo; print W1[0,0]'
expect_output '^W1\[0,0\] = 2$'

# ---- signals: Ctrl-C stops a train and the shell goes on; SIGTERM and SIGHUP during a train
# end dl with its history saved; a batch run simply ends ----
if command -v tmux >/dev/null 2>&1; then
	for sig in TERM HUP; do
		home="$TMPD/home-$sig"
		mkdir -p "$home"
		tm() { tmux -S "$TMPD/tmux-$sig" -f /dev/null "$@"; }
		# wait_for PATTERN: until the screen shows it (10 s at most)
		wait_for() {
			for i in $(seq 50); do
				tm capture-pane -p >"$TMPD/pane-$sig" 2>/dev/null
				grep -q -- "$1" "$TMPD/pane-$sig" && return 0
				sleep 0.2
			done
			return 1
		}
		tm new-session -d -x 100 -y 30 "echo \$\$ >'$TMPD/pid-$sig'; HOME='$home' XDG_STATE_HOME= exec '$DL' --no-tui"
		wait_for 'dl>'
		tm send-keys 'lr 0.01' Enter 'x [[1], [2]]' Enter 'y [2, 4]' Enter 'layer dense 1 1' Enter 'train 1000000000' Enter
		wait_for 'iteration 0:'
		sleep 0.3
		tm send-keys C-c
		wait_for 'interrupted at iteration'
		tm send-keys 'print lr' Enter 'train 1000000000' Enter
		wait_for '^lr = 0.01'
		sleep 0.5
		grep -q 'interrupted at iteration' "$TMPD/pane-$sig" && grep -q '^lr = 0.01' "$TMPD/pane-$sig" && ok ||
			{ fail "Ctrl-C did not stop only the train"; grep -v '^ *$' "$TMPD/pane-$sig" | tail -8 | sed 's/^/    /'; }
		pid=$(cat "$TMPD/pid-$sig" 2>/dev/null)
		[ -n "$pid" ] && kill -$sig "$pid"
		for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		if kill -0 "$pid" 2>/dev/null; then fail "SIG$sig during train: dl did not exit"; kill -9 "$pid"; else ok; fi
		tm kill-server 2>/dev/null
		grep -qx 'train 1000000000' "$home/.local/state/dl/history" 2>/dev/null && ok ||
			fail "SIG$sig: the history was not saved"
	done
	# and on quit
	home="$TMPD/home-quit"
	mkdir -p "$home"
	tmux -S "$TMPD/tmux-quit" -f /dev/null new-session -d -x 100 -y 30 \
		"HOME='$home' XDG_STATE_HOME= '$DL' --no-tui; echo \$? >'$TMPD/quit-status'"
	sleep 0.5
	tmux -S "$TMPD/tmux-quit" -f /dev/null send-keys 'lr 0.25' Enter 'quit' Enter
	for i in $(seq 50); do [ -f "$TMPD/quit-status" ] && break; sleep 0.2; done
	tmux -S "$TMPD/tmux-quit" -f /dev/null kill-server 2>/dev/null
	[ "$(cat "$TMPD/quit-status" 2>/dev/null)" = 0 ] && grep -qx 'lr 0.25' "$home/.local/state/dl/history" 2>/dev/null &&
		ok || fail "quit: exit status or history"
else
	echo "SKIP: no tmux for the signal cases"
fi
"$DL" -c 'net 2-1; x [[1,2]]; y [1]; train 1000000000' >/dev/null 2>&1 &
bpid=$!
sleep 1
kill -TERM $bpid
wait $bpid 2>/dev/null
[ $? = 143 ] && ok || fail "a batch run did not end on SIGTERM"
finish
