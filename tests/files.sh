#!/bin/sh
# files.sh — save is atomic and full precision; load refuses damaged files and changes nothing.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
build='net 2-5-5-5-1; seed 3; init he; lr 0.001; optim adam'

# save, then load into a fresh session: identical weights to the last bit
expect_status 0 "$DL" -c "$build; save m.dl; print W2"
grep -v '^saved' "$TMPD/out" >before.txt
expect_status 0 "$DL" -c "load m.dl; print W2; print optim lr"
expect_output '^loaded 7 layers, 81 parameters'
expect_output '^optim = adam$'
expect_output '^lr = 0.001$'
grep -v '^loaded\|^optim\|^lr' "$TMPD/out" >after.txt
cmp -s before.txt after.txt && ok || fail "weights changed through save/load"
# a model is a script: source rebuilds it too
expect_status 0 "$DL" -c "source m.dl; net"; expect_output 'parameters: 81'
grep -q '%.17g\|e-' m.dl; head -1 m.dl | grep -qx '# dl model 2' && ok || fail "model header"

# damaged files: refused, the current network untouched
cp m.dl good.dl
head -c 300 good.dl >truncated.dl
head -n 5 good.dl >cut-at-line.dl
: >empty.dl
head -c 2000 /dev/urandom >binary.dl
printf 'name,age\nbob,3\n' >foreign.dl
sed 's/^set W2 \[\[/set W2 [[oops /' good.dl >corrupt.dl
sed 's/^layer relu$/train 100/' good.dl >sneaky.dl
for f in truncated cut-at-line empty binary foreign corrupt sneaky missing; do
	expect_status 1 "$DL" -c "layer dense 3 1; load $f.dl"
	expect_output 'error: load|error: .*does not belong|error: set'
	expect_output 'nothing was changed|cannot open'
done
# save is atomic: a failing write leaves the old file intact
cp good.dl keep.dl
mkdir -p ro && cp good.dl ro/m.dl && chmod a-w ro
if [ "$(id -u)" != 0 ]; then
	expect_status 1 "$DL" -c "net 2-1; save ro/m.dl"; expect_output 'cannot write'
	cmp -s good.dl ro/m.dl && ok || fail "read-only folder: old file changed"
fi
chmod u+w ro
expect_status 1 "$DL" -c "net 2-1; save nodir/m.dl"; expect_output 'cannot write'
expect_status 1 "$DL" -c "net 2-1; save ro"; expect_output 'directory'
ls ./*.tmp.* >/dev/null 2>&1 && fail "temporary files left behind" || ok
# record writes a replayable script
expect_status 0 "$DL" -c "record rec.dl; layer dense 2 1; set W1 [1, 2]; record off; say done"
expect_status 0 "$DL" -c "source rec.dl; print W1"; expect_output '^ \[2\]\]$'
finish
