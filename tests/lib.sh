# lib.sh — shared by the shell tests: where dl is, and pass/fail bookkeeping.
# Sourced; expects DL (the binary) and TOP_SRCDIR from the test environment.
: "${DL:?DL is not set: run the tests through make check}"
: "${TOP_SRCDIR:?}"
fails=0
checks=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dl-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

# expect_status WANT CMD...: run and compare the exit status
expect_status() {
	local want=$1; shift
	"$@" >"$TMPD/out" 2>&1
	local got=$?
	if [ "$got" != "$want" ]; then fail "exit $got, wanted $want: $*"; sed 's/^/    /' "$TMPD/out" | head -20; else ok; fi
}

# expect_output PATTERN: the last command's output matches (grep -E)
expect_output() {
	if grep -Eq -- "$1" "$TMPD/out"; then ok; else fail "output lacks /$1/"; sed 's/^/    /' "$TMPD/out" | head -20; fi
}

finish() {
	echo "$checks checks passed, $fails failed"
	[ "$fails" = 0 ]
}
