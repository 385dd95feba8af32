#!/bin/sh
# csv.sh — CSV that works with other tools (issue 14, item 7; issue 19): RFC 4180 quoted fields,
# pandas' to_csv() output, files without a header, ';' and tabs, a byte order mark; constant
# columns under normalize (issue 19, item 5); numbers written in the shortest digits that read
# back to the same bits, in data files, saved models and exported programs.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
py=${PYTHON3:-python3}
"$py" -c 'import struct' 2>/dev/null || py=

# expect_text FILE TEXT: FILE holds exactly TEXT (printf's escapes)
expect_text() {
	printf "$2" >"$TMPD/want"
	if cmp -s "$1" "$TMPD/want"; then ok; else fail "$1 is not as wanted:"; diff "$TMPD/want" "$1" | sed 's/^/    /' | head -10; fi
}

# ---- RFC 4180: quoted names and numbers, "" inside quotes, a comma inside quotes, CRLF ----
printf '"a b","c,d","say ""hi"""\r\n"1",2,"3"\r\n4, "5" ,"6.5"\r\n' >quoted.csv
expect_status 0 "$DL" -c 'data load quoted.csv; data save back.csv'
expect_output "quoted.csv: 2 samples, 2 inputs, target 'say \"hi\"'"
expect_text back.csv 'a b,"c,d","say ""hi"""\n1,2,3\n4,5,6.5\n'
# what data save wrote loads back to the same names and bits
expect_status 0 "$DL" -c 'data load back.csv; data save back2.csv'
cmp -s back.csv back2.csv && ok || fail "a saved file with quoted names does not load back the same"
# a bad field names its own column, not the target's (issue 19, "Messages")
printf 'a,"b,c",y\n1,2,3\n1,"x",3\n' >qbad.csv
expect_status 1 "$DL" -c 'data load qbad.csv'
expect_output "qbad.csv:3: column 2 \\('b,c'\\): 'x' is not a number"
printf 'a,b,y\n1,2,"inf"\n' >qinf.csv
expect_status 1 "$DL" -c 'data load qinf.csv'
expect_output "qinf.csv:2: column 3 \\('y'\\): 'inf' is not a finite decimal number"
# a line break inside quotes is refused with the line and the column (dl reads a row per line)
printf 'a,b,y\n1,"2\n3",4\n' >newline.csv
expect_status 1 "$DL" -c 'data load newline.csv'
expect_output 'newline.csv:2: column 2: the quote is not closed on this line'
printf 'a,b,y\n1,"2"3,4\n' >after.csv
expect_status 1 "$DL" -c 'data load after.csv'
expect_output 'after.csv:2: column 2: text after the closing quote'

# ---- pandas: df.to_csv("f.csv") writes the index first, under an empty name ----
# exactly what pandas 2 writes for pd.DataFrame({"a": [0.1, 2.5, 3.0], "b": [1, 2, 3], "y": [0, 1, 0]})
printf ',a,b,y\n0,0.1,1,0\n1,2.5,2,1\n2,3.0,3,0\n' >pandas.csv
expect_status 0 "$DL" -c 'data load pandas.csv; data save -'
expect_output "pandas.csv: column 1 \\(''\\) is pandas' unnamed index \\(to_csv\\(\\) writes it unless index=False\\): left out"
expect_output "pandas.csv: 3 samples, 2 inputs, target 'y'"
expect_output '^0.1,1,0$'
# read_csv then to_csv again: the old index comes back as 'Unnamed: 0' beside the new one
printf ',Unnamed: 0,a,b,y\n0,0,0.1,1,0\n1,1,2.5,2,1\n2,2,3.0,3,0\n' >pandas2.csv
expect_status 0 "$DL" -c 'data load pandas2.csv target=a'
expect_output "columns 1 to 2 \\('', 'Unnamed: 0'\\) are pandas' unnamed indexes"
expect_output "pandas2.csv: 3 samples, 2 inputs, target 'a'"
printf 'Unnamed: 0,a,y\n7,1,2\n9,3,4\n' >pandas3.csv
expect_status 0 "$DL" -c 'data load pandas3.csv'
expect_output "pandas3.csv: 2 samples, 1 inputs, target 'y'"
if "$py" -c 'import pandas' 2>/dev/null; then
	"$py" -c 'import pandas as pd; pd.DataFrame({"a": [0.1, 2.5, 3.0], "b": [1, 2, 3], "y": [0, 1, 0]}).to_csv("real.csv")'
	cmp -s real.csv pandas.csv && ok || fail "pandas wrote another file than tests/csv.sh's literal one"
	expect_status 0 "$DL" -c 'data load real.csv'
	expect_output "real.csv: 3 samples, 2 inputs"
	"$py" -c 'import pandas as pd; pd.read_csv("pandas.csv").to_csv("real2.csv")'
	expect_status 0 "$DL" -c 'data load real2.csv'
	expect_output "real2.csv: 3 samples, 3 inputs, target 'y'"
fi

# ---- a file without a header: every row is data ----
printf '1,2,3\n4,5,6\n7,8,9\n' >noheader.csv
expect_status 0 "$DL" -c 'data load noheader.csv'
expect_output 'noheader.csv: no header row \(every field of line 1 is a number\): line 1 is data, the columns are x1 to x3'
expect_output "noheader.csv: 3 samples, 2 inputs, target 'x3'"
expect_status 0 "$DL" -c 'data load noheader.csv target=x1; data save -'
expect_output '^x2,x3,x1$'
expect_output '^2,3,1$'
# a header of numbers in quotes is a header (what data save writes for such names)
printf '"1","2"\n3,4\n' >numnames.csv
expect_status 0 "$DL" -c 'data load numnames.csv; data save numnames2.csv'
expect_output "numnames.csv: 1 samples, 1 inputs, target '2'"
expect_text numnames2.csv '"1","2"\n3,4\n'

# ---- ';' and tabs separate the columns when the header has no comma ----
printf 'a;b;y\n1.5;2;3\n4;5;6\n' >semi.csv
expect_status 0 "$DL" -c 'data load semi.csv; data save -'
expect_output "semi.csv: 2 samples, 2 inputs, target 'y'"
expect_output '^1.5,2,3$'
printf 'a\tb\ty\n1.5\t2\t3\n4\t5\t6\n' >tab.csv
expect_status 0 "$DL" -c 'data load tab.csv; data save -'
expect_output "tab.csv: 2 samples, 2 inputs, target 'y'"
expect_output '^1.5,2,3$'
# a European spreadsheet's decimal comma is named
printf 'a;b;y\n1,5;2;3\n' >comma.csv
expect_status 1 "$DL" -c 'data load comma.csv'
expect_output "comma.csv:2: column 1 \\('a'\\): '1,5' is not a number \\(a decimal comma\\? dl reads 1.5, not 1,5\\)"

# ---- a UTF-8 byte order mark is not part of the first name ----
printf '\357\273\277a,b,y\r\n1,2,3\r\n' >bom.csv
expect_status 0 "$DL" -c 'data load bom.csv target=a; data save bom2.csv'
expect_text bom2.csv 'b,y,a\n2,3,1\n'

# ---- normalize: a column constant within rounding is constant ----
# 0.1 three times has a mean of 0.10000000000000002 and a std of 1.4e-17 from rounding; 0.3 and
# 0.1 + 0.2 differ in their last bit
expect_status 0 "$DL" -c 'x [[0.1, 0.3, 1], [0.1, 0.30000000000000004, 2], [0.1, 0.3, 3]]; y [[1], [2], [3]]; normalize; precision 17; print x'
expect_output '^x1: mean 0.1, std 1$'
expect_output '^x2: mean 0.3, std 1$'
# the constant columns become 0 (or within rounding of it: 5.6e-17), not ±1
expect_output '^\[\[ +0 +(0|-?5\.55[0-9]*e-17) +-1\.2247448713915889\]$'
expect_output '^ \[ +0 +(0|-?5\.55[0-9]*e-17) +0\]$'

# ---- numbers in the shortest digits that read back to the same bits ----
vals='[[0.9, 0.30000000000000004], [1e-310, 5e-324], [1.7976931348623157e308, -0.0], [100, 1e16], [0.1, 123456.789]]'
expect_status 0 "$DL" -c "x $vals; y [[0.9], [0.2], [1e-5], [2.5e-8], [3]]; data save d.csv"
expect_text d.csv 'x1,x2,y\n0.9,0.30000000000000004,0.9\n1e-310,5e-324,0.2\n1.7976931348623157e+308,-0,1e-05\n100,1e+16,2.5e-08\n0.1,123456.789,3\n'
expect_status 0 "$DL" -c 'data load d.csv; data save d2.csv'
cmp -s d.csv d2.csv && ok || fail "data save, data load, data save is not the same file"
# a model: the weights, lr, the optimizer's settings
expect_status 0 "$DL" -c "layer dense 2 2; set W1 [[0.9, 1e-310], [5e-324, -0.0]]; set b1 [1.7976931348623157e308, 0.30000000000000004]; lr 0.1; optim adam beta1=0.9; save m.dl"
grep -q '^set W1 \[\[0.9, 1e-310\], \[5e-324, -0\]\]$' m.dl && ok || { fail "set W1 is not in the shortest digits"; grep '^set W1' m.dl; }
grep -q '^set b1 \[1.7976931348623157e+308, 0.30000000000000004\]$' m.dl && ok || { fail "set b1 is not in the shortest digits"; grep '^set b1' m.dl; }
grep -q '^lr 0.1$' m.dl && ok || { fail "lr is not 0.1"; grep '^lr' m.dl; }
grep -q '^optim adam beta1=0.9 beta2=0.999 eps=1e-08$' m.dl && ok || { fail "optim's settings"; grep '^optim' m.dl; }
expect_status 0 "$DL" -c 'load m.dl; save m2.dl'
cmp -s m.dl m2.dl && ok || fail "save, load, save is not the same model"
if [ -n "$py" ]; then
	# the bits themselves: what was written reads back to the values typed, -0 with its sign
	"$py" - d.csv m.dl <<'EOF' && ok || fail "the written numbers do not read back to the same bits"
import struct, sys
want = [0.9, 0.1 + 0.2, 1e-310, 5e-324, 1.7976931348623157e308, -0.0, 100.0, 1e16]
bits = lambda v: struct.pack('<d', v)
csv = [float(t) for line in open(sys.argv[1]).read().split('\n')[1:] if line for t in line.split(',')]
got = [csv[i] for i in (0, 1, 3, 4, 6, 7, 9, 10)]
assert [bits(v) for v in got] == [bits(v) for v in want], got
model = open(sys.argv[2]).read()
w1 = model.split('set W1 ')[1].split('\n')[0].replace('[', '').replace(']', '').split(', ')
assert [bits(float(t)) for t in w1] == [bits(v) for v in (0.9, 1e-310, 5e-324, -0.0)], w1
EOF
fi
# an exported program: its settings, weights and data; the loss history
expect_status 0 "$DL" -c 'x [[0.9], [0.1]]; y [[0.3], [0.7]]; layer dense 1 1; set W1 [[0.9]]; set b1 [0.1]; lr 0.1; export numpy m.py; train 2 every=0; export csv loss.csv'
grep -q '^LR = 0.1$' m.py && ok || { fail "export numpy: LR"; grep '^LR' m.py; }
grep -q '^W\[1\] = np.array(\[\[0.9\]\], dtype=np.float64)$' m.py && ok || { fail "export numpy: W[1]"; grep '^W\[1\]' m.py; }
grep -q '^X = np.array(\[\[0.9\],$' m.py && ok || { fail "export numpy: X"; grep -A1 '^X' m.py; }
if [ -n "$py" ]; then
	# each loss has no more significant digits than Python's repr, the shortest that reads back
	"$py" - loss.csv <<'EOF' && ok || fail "export csv: more digits than the shortest"
import re, sys
digits = lambda t: len(re.sub(r'^[-+]?0*\.?0*', '', re.split('[eE]', t)[0].replace('.', '')).rstrip('0') or '0')
lines = open(sys.argv[1]).read().split('\n')[1:]
tokens = [t for line in lines if line for t in line.split(',')[1:]]
assert tokens and all(digits(t) <= digits(repr(float(t))) for t in tokens), tokens
EOF
fi
finish
