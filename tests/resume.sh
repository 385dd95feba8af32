#!/bin/sh
# resume.sh — a saved model carries the whole training state (issue 17): 'train 100' in one
# session and 'train 50; save', then in a new process 'load; train 50', agree to the last bit
# (the loss, and the models they save: weights, settings, optimizer buffers and step count,
# iteration, generator, batch order) for every optimizer, full batch and mini-batches; a fork
# that changes nothing trains as its original; version 1 models still load; damaged state
# sections are refused with the session untouched; the loss curve survives.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99

data='seed 1; data gen xor n=60'
for optim in sgd momentum nesterov rmsprop adam; do
	for batch in full 16; do
		setup="net 2-8-1 act=tanh out=sigmoid; loss bce; optim $optim; lr 0.05; batch $batch"
		what="$optim, batch $batch"
		"$DL" -c "$data; $setup; train 100 every=0; precision 17; eval; save one.dl" >one.txt 2>&1 || fail "$what: one run"
		"$DL" -c "$data; $setup; train 50 every=0; save half.dl" >/dev/null 2>&1 || fail "$what: first half"
		"$DL" -c "$data; load half.dl; train 50 every=0; precision 17; eval; save two.dl" >two.txt 2>&1 ||
			fail "$what: resumed"
		a=$(grep '^train: loss' one.txt)
		b=$(grep '^train: loss' two.txt)
		[ -n "$a" ] && [ "$a" = "$b" ] && ok || fail "$what: one run says '$a', resumed '$b'"
		cmp -s one.dl two.dl && ok || { fail "$what: the training states differ"; diff one.dl two.dl | head -5; }
		grep -q '^#= iter 100$' two.dl && ok || fail "$what: the iteration counter"
		grep -q '^#= history first=0 stride=1 buckets=100 fill=1 count=100 bad=-1$' two.dl && ok ||
			fail "$what: the loss history"
		# a fork that changes nothing trains as the original (both losses as fmt_num gives 4 digits)
		"$DL" -c "$data; $setup; train 50 every=0; fork same lr=0.05; precision 4; train 50 every=0" >fork.txt 2>&1 ||
			fail "$what: fork"
		main=$(sed -n 's/^trained 50 iterations in .*loss=//p' fork.txt | tail -1)
		same=$(sed -n 's/^fork same  *trained at iteration 100: loss //p' fork.txt)
		[ -n "$main" ] && [ "$main" = "$same" ] && ok || fail "$what: the fork ends at '$same', the main network at '$main'"
	done
done

# the normalization transform: a model trained on normalized inputs resumes on the raw data
setup='data gen dates n=80; normalize; net 2-6-1 act=tanh; optim adam; lr 0.01; batch 16'
"$DL" -c "seed 4; $setup; train 60 every=0; precision 17; eval; save one.dl" >one.txt 2>&1 || fail "normalize: one run"
"$DL" -c "seed 4; $setup; train 30 every=0; save half.dl" >/dev/null 2>&1 || fail "normalize: first half"
expect_status 0 "$DL" -c "seed 4; data gen dates n=80; load half.dl; train 30 every=0; precision 17; eval; save two.dl"
expect_output 'inputs normalized as the model'
[ "$(grep '^train: loss' one.txt)" = "$(grep '^train: loss' "$TMPD/out")" ] && ok || fail "normalize: the losses differ"
cmp -s one.dl two.dl && ok || fail "normalize: the training states differ"
expect_status 0 "$DL" -c "load half.dl"; expect_output 'load it after the data'

# a version 1 model loads, and says what it lacks
"$DL" -c "$data; net 2-4-1; optim adam; train 20 every=0; save cur.dl" >/dev/null 2>&1
sed -e 's/^# dl model 2$/# dl model 1/' -e '/^#= /d' cur.dl >v1.dl
expect_status 0 "$DL" -c "$data; load v1.dl; train 5 every=0"
expect_output '^loaded 3 layers, 17 parameters from v1.dl$'
expect_output 'is a version 1 model: it holds no optimizer state, iteration count'
for f in "$TOP_SRCDIR"/fuzz/seeds/model/m[1-4].dl; do
	head -1 "$f" | grep -qx '# dl model 1' || continue
	expect_status 0 "$DL" -c "load $f"; expect_output 'version 1 model'
done

# damaged state sections: refused with the reason, the session (network, settings, optimizer
# buffers and steps, iteration, generator, batch order) unchanged, as 'save' shows it
"$DL" -c "$data; net 2-4-1 act=tanh; optim adam; batch 16; train 20 every=0; save good.dl" >/dev/null 2>&1
damage() { # NAME SED-SCRIPT MESSAGE: good.dl edited by the script must be refused with MESSAGE
	sed "$2" good.dl >"$1.dl"
	cmp -s good.dl "$1.dl" && { fail "$1: the edit changed nothing"; return; }
	printf 'load %s.dl\nsave after.dl\n' "$1" |
		"$DL" -i -c "seed 2; data gen xor n=60; net 2-5-1; optim momentum; batch 8; train 9 every=0" >"$TMPD/out" 2>&1
	expect_output "^error: load: '$1.dl' $3"
	expect_output '^load: nothing was changed$'
	cmp -s before.dl after.dl && ok || { fail "$1: a refused load changed the session"; sed 's/^/    /' "$TMPD/out" | head -5; }
	rm -f after.dl
}
"$DL" -c "seed 2; data gen xor n=60; net 2-5-1; optim momentum; batch 8; train 9 every=0; save before.dl" >/dev/null 2>&1
# a truncated optimizer block: a buffer's line missing, cut short, cut inside its literal
damage no-buffer '/^#= v W1 /d' 'has an incomplete optimizer buffer v for W1: a line is missing or damaged'
damage no-buffers '/^#= [mv] /d' 'has an incomplete optimizer buffer m for W1'
damage short-buffer 's/^\(#= m W1 \[\[[^]]*\]\).*/\1]/' 'line [0-9]+: m W1 expects 8 values \(2, 4\), got 4 \(1, 4\)'
damage cut-buffer 's/^\(#= v W2 .\{30\}\).*/\1/' "line [0-9]+: unclosed '\\[' in an array"
# a buffer of the wrong shape or size
damage wrong-shape 's/^#= m W2 .*/#= m W2 [[1, 2, 3, 4]]/' 'line [0-9]+: m W2 has shape \(4, 1\); the literal is \(1, 4\)'
damage wrong-count 's/^#= v b2 .*/#= v b2 [1, 2]/' 'line [0-9]+: v b2 expects 1 values \(1,\), got 2'
damage wrong-param 's/^#= v b2 /#= v b7 /' 'line [0-9]+: the network has no parameter b7'
# a step count or iteration that is not a whole number
damage steps-half 's/steps=20$/steps=20.5/' 'line [0-9]+: optim steps=20.5 is not a whole number from 0 to'
damage steps-neg 's/steps=20$/steps=-1/' 'line [0-9]+: optim steps=-1 is not a whole number'
damage iter-half 's/^#= iter .*/#= iter 2.5/' 'line [0-9]+: the iteration count 2.5 is not a whole number'
damage other-optim 's/^#= optim adam/#= optim rmsprop/' "line [0-9]+: the optimizer state is rmsprop's, but the model's 'optim' line says adam"
# a generator state out of range
damage rng-big 's/^\(#= rng \)0x[0-9a-f]*/\10x1ffffffffffffffff/' "line [0-9]+: the generator's state word 0x1ffffffffffffffff is out of range"
damage rng-zero 's/^#= rng [^s]*/#= rng 0x0 0x0 0x0 0x0 /' "line [0-9]+: the generator's state is out of range"
damage rng-spare 's/^\(#= rng .*\)$/\1 spare=nan/' "line [0-9]+: the generator's state is out of range"
damage rng-word 's/^#= rng 0x/#= rng -0x/' "line [0-9]+: the generator's state word -0x"
# a batch order that is not one
damage perm-dup 's/^#= perm \[\([0-9]*\), \([0-9]*\), /#= perm [\2, \2, /' 'has a batch order that is not a permutation of the 60 rows'
damage perm-range 's/^#= perm \[[0-9]*, /#= perm [60, /' 'line [0-9]+: perm: 60 is not a row \(0 to 59\)'
damage perm-short 's/^#= perm \[[0-9]*, /#= perm [/' "has an incomplete batch order: a '#= perm' line is missing or damaged"
damage perm-count 's/^#= perm \[[0-9]*, \(.*\)\] at=0$/#= perm [\1]/' 'line [0-9]+: perm expects 60 rows, got 59'
damage perm-gone '/^#= perm /d' "has an incomplete batch order: a '#= perm' line is missing or damaged"
damage cursor 's/cursor=[0-9]*/cursor=61/' 'line [0-9]+: order cursor=61 is not a whole number from 0 to 60'
# a loss history that its buckets cannot hold, or that is not one
damage hist-count 's/count=20 /count=19 /' 'line [0-9]+: the history.s 20 buckets of 1 hold more than its 19 samples'
damage hist-fill 's/fill=1 /fill=2 /' 'line [0-9]+: history fill=2 is not a whole number from 1 to 1'
damage hist-order 's/^#= lo \[[^,]*,/#= lo [99,/' 'has a damaged loss history \(bucket 0\)'
damage hist-gone '/^#= last /d' 'has an incomplete loss history \(bucket 0\)'
# lines missing or foreign
damage no-iter '/^#= iter/d' "has no '#= iter' line in its training state"
damage no-rng '/^#= rng/d' "has no '#= rng' line in its training state"
damage unknown 's/^#= iter .*/#= bogus 1/' "line [0-9]+: '#= bogus' is not part of a model's training state"
expect_status 0 "$DL" -c "load good.dl"
expect_output "^loaded 3 layers, 17 parameters from good.dl with its training state: iteration 20, adam after 20 steps, the mini-batches at row [0-9]+ of 60 in epoch [0-9]+$"
finish
