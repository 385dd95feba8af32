#!/bin/sh
# export.sh — 'export numpy' writes a program that reproduces dl's loss; 'export csv' the history.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
py=${PYTHON3:-python3}
if ! "$py" -c 'import numpy' 2>/dev/null; then echo "no python3 with numpy: skipped"; exit 77; fi
for setup in \
	"data gen dates n=100 noise=0.15; net 2-5-5-5-1; lr 1e-3; optim sgd" \
	"data gen dates n=60; normalize; net 2-4-1 act=tanh; lr 0.01; optim momentum" \
	"data gen dates n=60; net 2-4-1 act=leaky_relu; lr 1e-3; optim nesterov" \
	"data gen circle n=80; net 2-6-1 act=sigmoid; loss bce; lr 0.01; optim rmsprop" \
	"data gen spiral n=80; net 2-8-2 act=relu out=softmax; loss ce; lr 0.01; optim adam" \
	"data gen xor n=80; net 2-8-2 act=tanh; loss ce; lr 0.1; optim adam"; do
	"$DL" -c "seed 2; $setup; export numpy m.py; train 100 every=0; forward; print loss" >dl.txt 2>&1 || { fail "$setup: dl failed"; cat dl.txt; continue; }
	want=$(sed -n 's/^loss = //p' dl.txt | tail -1)
	got=$("$py" m.py 100 | sed -n 's/^loss after 100 iterations: //p')
	if "$py" -c "import sys; w, g = float('$want'), float('$got'); sys.exit(0 if abs(w - g) <= 1e-5 * max(1, abs(w)) else 1)"; then
		ok
	else
		fail "$setup: dl says $want, the exported program $got"
	fi
done
# mid-training: the program carries the optimizer's buffers and steps and the mini-batch order
# (dl's generator), so that trained K more it ends where dl trained K more ends, for every
# optimizer, full batch and mini-batches (numpy adds in another order: 1e-9 relative)
for optim in sgd momentum nesterov rmsprop adam; do
	for batch in full 16; do
		setup="seed 1; data gen xor n=60; net 2-8-1 act=tanh out=sigmoid; loss bce; optim $optim; lr 0.05; batch $batch"
		"$DL" -c "$setup; train 50 every=0; export numpy m.py; train 100 every=0; forward; precision 17; print loss" >dl.txt 2>&1 ||
			{ fail "$optim, batch $batch: dl failed"; cat dl.txt; continue; }
		want=$(sed -n 's/^loss = //p' dl.txt | tail -1)
		got=$("$py" m.py 100 | sed -n 's/^loss after 100 iterations: //p')
		if "$py" -c "import sys; w, g = float('$want'), float('$got'); sys.exit(0 if abs(w - g) <= 1e-9 * abs(w) else 1)"; then
			ok
		else
			fail "$optim, batch $batch, after 50 iterations: dl says $want, the exported program $got"
		fi
	done
done
expect_status 0 "$DL" -c "data gen dates; layer dense 2 1; lr 1e-4; train 3000 every=0; export csv loss.csv"
[ "$(head -1 loss.csv)" = "iteration,loss_min,loss_max,loss_last" ] && ok || fail "csv header"
[ "$(wc -l <loss.csv)" -gt 100 ] && ok || fail "csv rows"
finish
