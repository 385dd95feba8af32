#!/bin/sh
# data.sh — the shipped data files are what dl's generator writes with their seeds, and load back.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 99
expect_status 0 "$DL" -c 'data gen dates n=100 noise=0.01 seed=1; data save dates.csv'
cmp -s dates.csv "$TOP_SRCDIR/data/dates.csv" && ok || fail "data/dates.csv differs from the generator"
expect_status 0 "$DL" -c 'data gen dates n=100 noise=0.01 income=raw seed=1; data save dates-raw.csv'
cmp -s dates-raw.csv "$TOP_SRCDIR/data/dates-raw.csv" && ok || fail "data/dates-raw.csv differs from the generator"
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
finish
