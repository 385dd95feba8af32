#!/bin/sh
# arith.sh — correct arithmetic in what dl explains and checks (issue 16): explain backward
# through softmax shows its true (non-diagonal) rule with numbers that multiply out; gradcheck
# says "inconclusive" rather than "pass" when h is below the noise floor or every element sits
# at a ReLU kink; init std=0 gives zeros; help init and help batch say what they do.
# (DL=/path/to/an/old/dl shows the failures the fix removed.)
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

# near A B: |A - B| <= 1e-4 · max(|B|, 1e-6) (the explanation prints 5 digits)
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; if (m < 1e-6) m = 1e-6; exit !(d <= 2e-4 * m) }'; }

# softmax inside the network (mse): dz1[1,0] = h × (dh − Σ_k h_k·dh_k) = A × (B − C) = D
"$DL" --no-tui -c "data gen gauss n=6; seed 4; layer dense 2 3; layer softmax; layer dense 3 2; loss mse
y [[0,1],[1,0],[0,1],[1,0],[0,1],[1,0]]; init xavier seed=2; explain backward W1 sample=1" >sm.out 2>&1
line=$(grep '^  dz1\[1,0\] = h1\[1,0\]' sm.out)
terms=$(printf '%s\n' "$line" | sed -n 's/.* − (\(.*\))) = .*/\1/p')
abcd=$(printf '%s\n' "$line" | sed -n 's/.*)) = \([^ ]*\) × (\([^ ]*\) − \([^ ]*\)) = \([^ ]*\)$/\1 \2 \3 \4/p')
set -- $abcd
# (5 printed digits each: the tolerance follows the terms, as b − c cancels)
if [ $# = 4 ] && awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" 'function abs(v) { return v < 0 ? -v : v }
	BEGIN { exit !(abs(a * (b - c) - d) <= 1e-4 * abs(a) * (abs(b) + abs(c)) + 1e-4 * abs(d)) }'; then ok; else
	fail "softmax backward: the numbers do not multiply out or the rule is missing"; grep 'dz1' sm.out | sed 's/^/    /'
fi
sum=$(printf '%s\n' "$terms" | tr '+' '\n' | awk -F'×' '{ s += $1 * $2 } END { printf "%.10g", s }')
if [ $# = 4 ] && near "$sum" "$3"; then ok; else fail "softmax backward: Σ_k h·dh is not the sum of its terms ($sum vs ${3:-?})"; fi
if grep 'dz1 = ' sm.out | grep -q 'element by element'; then fail "softmax backward is called element by element"; else ok; fi
# softmax under ce: dz2[1,0] = (h − [y = 0]) / N
"$DL" --no-tui -c "data gen gauss n=6; seed 4; net 2-3-2 act=tanh out=softmax; loss ce; init xavier seed=2
explain backward W2 sample=1; print out" >ce.out 2>&1
set -- $(sed -n 's/.*dz2\[1,0\] = (\([^ ]*\) − \([01]\)) \/ \([0-9]*\) = \([^ ]*\) .*/\1 \2 \3 \4/p' ce.out)
if [ $# = 4 ] && near "$(awk -v h="$1" -v c="$2" -v n="$3" 'BEGIN { printf "%.10g", (h - c) / n }')" "$4"; then ok; else
	fail "softmax with ce: dz2 = (out − onehot) / N is missing or does not multiply out"; grep 'dz2\|dout' ce.out | sed 's/^/    /'
fi

# gradcheck with h far too small: inconclusive, not a made-up error and a pass
"$DL" --no-tui -c "data gen dates; normalize; net 2-5-5-1; gradcheck h=1e-12" >gc.out 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'inconclusive: h too small' gc.out && ! grep -q 'pass' gc.out; then ok; else
	fail "gradcheck h=1e-12: exit $rc, wanted 1 and 'inconclusive: h too small', no 'pass'"; sed 's/^/    /' gc.out | head -8
fi
# every element at a ReLU kink: not a pass
"$DL" --no-tui -c "x [[1], [2]]; y [[1], [2]]; layer dense 1 1; layer relu; init zeros; gradcheck" >kink.out 2>&1
rc=$?
if [ "$rc" = 1 ] && grep -q 'inconclusive' kink.out && ! grep -q 'gradcheck: pass' kink.out; then ok; else
	fail "gradcheck at ReLU kinks only: exit $rc, wanted 1, 'inconclusive' and no pass"; sed 's/^/    /' kink.out | head -6
fi
# the default h still passes a correct gradient
expect_status 0 "$DL" --no-tui -c "data gen dates; normalize; net 2-5-5-1 act=tanh; gradcheck"
expect_output '^gradcheck: pass \(mse loss\)'

# init SCHEME std=0: zeros, for every scheme
for scheme in normal he xavier uniform; do
	"$DL" --no-tui -c "net 2-3-1; init $scheme std=0; print W1; print W2" >init.out 2>&1
	vals=$(grep -v '^W' init.out | tr -d '[]' | tr ' ' '\n' | grep -v '^$' | sort -u | tr '\n' ' ')
	if [ "$vals" = "0 " ]; then ok; else fail "init $scheme std=0 gives $vals, not zeros"; fi
done
# help says the schemes' defaults and how mini-batches are ordered
expect_status 0 "$DL" --no-tui -c "help init"
expect_output 'he sqrt\(2/in\)'
expect_output 'normal 0\.01'
expect_output 'std=0 gives zeros'
expect_status 0 "$DL" --no-tui -c "help batch"
expect_output 'fresh'
expect_output 'permutation'
expect_output 'left out'
finish
