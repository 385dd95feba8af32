#!/bin/sh
# fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTION...] — build the libFuzzer targets with clang
# (ASan + UBSan) and fuzz one of them (cmd, array, csv, model) or each in turn (all) for
# SECONDS on its corpus.  Seeds come from the lessons, the tests' scripts and malformed
# commands, the data files, fuzz/seeds/TARGET and the regression inputs fuzz/regress/TARGET.
# Working corpora, crash artifacts and logs stay in fuzz/build (FUZZ_BUILD).  Exit status:
# 0 nothing found, 1 a crash, leak, timeout or invariant failure (its input is in
# build/artifacts/TARGET), 2 bad usage, 77 no clang with libFuzzer.
#   fuzz/run.sh all 60            what CI runs
#   fuzz/run.sh cmd 3600 -fork=1 -ignore_crashes=1   an hour that goes on after a crash
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=${FUZZ_BUILD:-$here/build}
CC=${FUZZ_CC:-clang}
targets="cmd array csv model"

[ $# -ge 2 ] || { echo "usage: fuzz/run.sh cmd|array|csv|model|all SECONDS [OPTION...]" >&2; exit 2; }
what=$1 secs=$2
shift 2
case "$what" in all) ;; cmd|array|csv|model) targets=$what ;; *) echo "fuzz/run.sh: unknown target '$what'" >&2; exit 2 ;; esac
case "$secs" in ''|*[!0-9]*) echo "fuzz/run.sh: SECONDS must be a whole number" >&2; exit 2 ;; esac

mkdir -p "$build/obj" || exit 1
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$build/probe.c"
if ! $CC $flags "$build/probe.c" -o "$build/probe" >/dev/null 2>&1; then
	echo "fuzz/run.sh: '$CC' cannot build libFuzzer targets (install clang): skipped"
	exit 77
fi

# ---- build: the engine, the language and the plots (src/engine, src/lang, src/plot: not the UI)
# with the sandbox forced in ----
# COST_FLOPS: 'plot cost' surfaces 2000 times cheaper than dl's, for more executions per second
cflags="$flags -std=c11 -Wall -Wextra -I$top/src -D_GNU_SOURCE -DDL_PKGDATADIR=\"/nonexistent\" -DDL_SRCDIR=\"/nonexistent\" -DCOST_FLOPS=2e5"
objs=""
# other flags than last time (a new clang, COST_FLOPS): build everything again
[ "$(cat "$build/obj/flags" 2>/dev/null)" = "$CC $cflags" ] || rm -f "$build"/obj/*.o
echo "$CC $cflags" >"$build/obj/flags"
for src in "$top"/src/engine/*.c "$top"/src/lang/*.c "$top"/src/plot/*.c "$here/sandbox.c"; do
	# programs of their own (a main), not part of the library the targets link
	case "$(basename "$src")" in manref.c) continue ;; esac
	obj="$build/obj/$(basename "$(dirname "$src")")-$(basename "$src" .c).o"
	objs="$objs $obj"
	# rebuild when the source or any header is newer than the object
	new=$(find "$src" "$top"/src -name '*.h' -newer "$obj" 2>/dev/null | head -1)
		[ -z "$new" ] && new=$(find "$here/sandbox.h" -newer "$obj" 2>/dev/null)
	if [ ! -f "$obj" ] || [ -n "$new" ]; then
		# the numeric kernels: sanitized but without coverage feedback, whose comparison
		# tracing in their inner loops would take most of the time for nothing to learn
		case "$(basename "$src")" in
		net.c|dense.c|fm.c|loss.c|optim.c) f=$(echo "$cflags" | sed 's/fuzzer,//') ;;
		*) f=$cflags ;;
		esac
		$CC $f -include "$here/sandbox.h" -c "$src" -o "$obj" || exit 1
	fi
done
for t in $targets; do
	$CC $cflags -include "$here/sandbox.h" "$here/fuzz_$t.c" $objs -lm -o "$build/fuzz_$t" || exit 1
done

# ---- seeds ----
seeds() { # $1: target -> a directory of seed inputs
	d="$build/seeds/$1"
	rm -rf "$d" && mkdir -p "$d"
	cp "$here/seeds/$1"/* "$here/regress/$1"/* "$d" 2>/dev/null
	case "$1" in
	cmd)
		for f in "$top"/lessons/*.dl "$top"/tests/scripts/*.dl; do [ -f "$f" ] && cp "$f" "$d/script-$(basename "$f")"; done
		for f in "$top"/tests/errors/*.txt; do # each malformed command after its file's setup
			setup=$(sed -n 's/^#setup: //p' "$f" | sed 's/; */\n/g')
			n=0
			grep -v '^#\|^$' "$f" | while IFS= read -r bad; do
				n=$((n + 1))
				printf '%s\n%s\n' "$setup" "$bad" >"$d/err-$(basename "$f" .txt)-$n"
			done
		done ;;
	array)
		cat "$top"/lessons/*.dl "$top"/tests/scripts/*.dl "$top"/tests/errors/*.txt 2>/dev/null | grep -v "^#" |
			grep -o '\[.*\]' | sort -u | awk -v d="$d" '{ print > (d "/lit-" NR) }' ;;
	csv)
		for f in "$top"/data/*.csv; do head -n 12 "$f" >"$d/head-$(basename "$f")"; done ;;
	esac
}

status=0
for t in $targets; do
	seeds "$t"
	mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
	opts="-max_len=4096 -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1"
	[ "$t" = cmd ] && opts="-max_len=512 -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 -dict=$here/dl.dict"
	log="$build/fuzz_$t.log"
	found=$(ls "$build/artifacts/$t" | wc -l)
	echo "fuzzing $t for $secs s ($(ls "$build/seeds/$t" | wc -l) seeds, $(ls "$build/corpus/$t" | wc -l) in the corpus)"
	"$build/fuzz_$t" $opts -max_total_time="$secs" -artifact_prefix="$build/artifacts/$t/" "$@" \
		"$build/corpus/$t" "$build/seeds/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	if [ -z "$execs" ]; then # -fork=N: the last progress line "#N: cov: … exec/s R …"
		execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
		rate=$(( ${execs:-0} / (secs > 0 ? secs : 1) ))
	fi
	# -fork=N -ignore_crashes=1 goes on after a crash: its input is in the artifacts all the same
	if [ $rc != 0 ] || [ "$(ls "$build/artifacts/$t" | wc -l)" -gt "$found" ]; then
		status=1
		echo "$t: FOUND A PROBLEM after ${execs:-?} executions (log: $log)"
		grep -m1 -A12 'ERROR: \|runtime error\|invariant failed\|timeout after' "$log"
		ls "$build/artifacts/$t"
	else
		echo "$t: ${execs:-?} executions, ${rate:-?}/s, nothing found"
	fi
done
for d in "${DL_FUZZ_TMP:-/dev/shm}"/dl-fuzz.* /tmp/dl-fuzz.*; do # scratch directories of finished runs
	[ -d "$d" ] && ! kill -0 "${d##*.}" 2>/dev/null && rm -rf "$d"
done
exit $status
