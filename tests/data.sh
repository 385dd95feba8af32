#!/bin/sh
# data.sh — the shipped data files are what dl's generator writes with their seeds, and load back.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
# (the same values: the shipped files were written with 17 digits, data save writes the shortest
# that read back, so each is loaded and saved again before the bytes are compared)
expect_status 0 "$DL" -c 'data gen dates n=100 noise=0.01 seed=1; data save dates.csv'
expect_status 0 "$DL" -c "data load $TOP_SRCDIR/data/dates.csv; data save shipped.csv"
cmp -s dates.csv shipped.csv && ok || fail "data/dates.csv differs from the generator"
expect_status 0 "$DL" -c 'data gen dates n=100 noise=0.01 income=raw seed=1; data save dates-raw.csv'
expect_status 0 "$DL" -c "data load $TOP_SRCDIR/data/dates-raw.csv; data save shipped-raw.csv"
cmp -s dates-raw.csv shipped-raw.csv && ok || fail "data/dates-raw.csv differs from the generator"
expect_status 0 "$DL" -c "data load $TOP_SRCDIR/data/digits.csv; data"
expect_output '^data load|digits.csv: 1797 samples, 64 inputs, target .digit.'
expect_output 'train: 1797 samples'
# found through the data directory by name alone
expect_status 0 "$DL" -c "data load digits.csv target=digit"
expect_output '1797 samples'
# CSV errors name the line and column
printf 'a,b,y\n1,2,3\n4,x,6\n' >bad.csv
expect_status 1 "$DL" -c 'data load bad.csv'; expect_output 'bad.csv:3: column 2'
printf 'a,b,y\n1,2,3\n4,5\n' >short.csv
expect_status 1 "$DL" -c 'data load short.csv'; expect_output 'short.csv:3: expected 3 fields, got 2'
expect_status 1 "$DL" -c 'data load bad.csv target=zzz'; expect_output "no column named 'zzz'"
# nan, inf, 1e999 and hex in a CSV are refused with the row and column (issue 19, item 14)
printf 'a,b,y\n1,2,3\nnan,1,2\n' >nan.csv
expect_status 1 "$DL" -c 'data load nan.csv'; expect_output "nan.csv:3: column 1 \\('a'\\): 'nan' is not a finite decimal number"
printf 'a,y\n1,1e999\n' >big.csv
expect_status 1 "$DL" -c 'data load big.csv'; expect_output "big.csv:2: column 2 \\('y'\\): '1e999' is not a finite decimal number"
printf 'a,y\n0x10,1\n' >hex.csv
expect_status 1 "$DL" -c 'data load hex.csv'; expect_output "hex.csv:2: column 1 \\('a'\\): '0x10' is not a finite decimal number"
printf 'a,y\n1,-inf\n' >inf.csv
expect_status 1 "$DL" -c 'data gen dates n=5; data load inf.csv; data'; expect_output 'dates: 5 samples'
# data that is not finite: the diagnosis says so and suggests no learning rate
expect_status 1 "$DL" -c 'x [[1],[nan]]; y [[1],[2]]; layer dense 1 1; train 5'
expect_output 'why it diverged: the inputs are not all finite: row 1, column 0 is nan'
if grep -q "lr " "$TMPD/out"; then fail "a learning rate was suggested for nan data"; sed 's/^/    /' "$TMPD/out"; else ok; fi
finish
