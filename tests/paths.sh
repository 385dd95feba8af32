#!/bin/sh
# paths.sh — tanh, sigmoid, softmax and their losses train to the same bits in every path: the
# feature-major step (src/engine/fm.c, where the CPU has AVX2 + FMA), the sample-major step
# (DL_FM=off) and the baseline copy of the kernels and of exp/tanh/sigmoid/log
# (DL_KERNELS=generic: SSE2, the fused multiply-add emulated exactly).  Each run saves the
# trained model (every weight to the last bit); the models and the printed losses must be equal
# byte for byte, and the parameters equal to the checksum pinned below, which a machine or C
# library that computed other bits would not match.
. "$TOP_SRCDIR/tests/lib.sh"
runs='
spiral|data gen spiral n=300; net 2-16-16-3 act=tanh; loss ce; lr 0.1; train 300 every=0
spiral-b10|data gen spiral n=300; net 2-16-16-3 act=sigmoid; loss ce; lr 0.3; batch 10; train 300 every=0
wide|data gen circle n=200; net 2-24-12-1 act=tanh out=sigmoid; loss bce; lr 0.2; batch 50; train 200 every=0
logits|data gen xor n=200; net 2-8-1 act=sigmoid; loss bce; lr 0.5; train 300 every=0
softmax|data gen spiral n=150; net 2-8-3 act=tanh; layer softmax; loss ce; lr 0.2; train 300 every=0
big|data gen gauss n=100; net 2-6-3 act=tanh; loss ce; set W1 [[30, -30, 20, -20, 40, -40], [25, -25, 35, -35, 45, -45]]; lr 1; train 50 every=0
'
sums=""
for mode in default fm-off generic; do
	case $mode in
	default) env="" ;;
	fm-off) env="DL_FM=off" ;;
	generic) env="DL_KERNELS=generic" ;;
	esac
	echo "$runs" | while IFS='|' read -r name cmds; do
		[ -n "$name" ] || continue
		(cd "$TMPD" && env $env "$DL" --no-tui -c "seed 1; $cmds; save model.dl") 2>&1 |
			sed -E 's/in [0-9.]+ s \([0-9]+ it\/s\)/in T s (R it\/s)/' >"$TMPD/$mode-$name.out"
		mv "$TMPD/model.dl" "$TMPD/$mode-$name.dl"
	done
done
for f in "$TMPD"/default-*.out; do
	name=$(basename "$f" .out)
	name=${name#default-}
	for mode in fm-off generic; do
		if cmp -s "$TMPD/default-$name.dl" "$TMPD/$mode-$name.dl" &&
			cmp -s "$TMPD/default-$name.out" "$TMPD/$mode-$name.out"; then
			ok
		else
			fail "$name: $mode differs from the default path"
			diff "$TMPD/default-$name.out" "$TMPD/$mode-$name.out" | head -5
			diff "$TMPD/default-$name.dl" "$TMPD/$mode-$name.dl" | head -6
		fi
	done
	grep -q "^trained" "$TMPD/default-$name.out" || { fail "$name did not train"; cat "$TMPD/default-$name.out"; }
done
got=$(cat "$TMPD"/default-*.dl | grep '^set [Wb][0-9]' | cksum) # the parameters' lines
want="1272376275 27040"
if [ "$got" = "$want" ]; then ok; else fail "the trained models' checksum is '$got', pinned '$want' (other bits on this machine?)"; fi
finish
