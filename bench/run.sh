#!/bin/sh
# run.sh — dl's benchmark against numpy and PyTorch (make bench runs it); see bench/README.md.
#
#   bench/run.sh [--quick] [options of bench/run.py]
#
# Environment: DL (the dl binary, default src/dl), KERNELS (bench/kernels, built here from
# src/engine/libdlengine.a when missing), PYTHON3 (a python3 with numpy and torch; default
# /usr/bin/python3, Debian's), CC.  --quick: one repetition, peers over 10,000 iterations in
# (1), shorter timings in (3) — for a look, not for the README.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
DL=${DL:-$top/src/dl}
KERNELS=${KERNELS:-$top/bench/kernels}
if [ -z "$PYTHON3" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON3=/usr/bin/python3; else PYTHON3=python3; fi
fi
if ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "run.sh: no python3 to run the benchmark" >&2
	exit 77
fi
if [ ! -x "$DL" ]; then
	echo "run.sh: no dl binary at $DL: build it first (make)" >&2
	exit 1
fi
if [ ! -x "$KERNELS" ]; then
	lib=$(dirname "$DL")/engine/libdlengine.a
	echo "run.sh: building $KERNELS" >&2
	${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -I"$top/src" "$top/bench/kernels.c" "$lib" -lm -o "$KERNELS"
fi
quick=
if [ "$1" = "--quick" ]; then
	shift
	quick="--reps 1 --reps2 3 --peer-iters1 10000 --secs 0.2 --iters4 5000 --peer-iters4 500"
fi
# shellcheck disable=SC2086
exec "$PYTHON3" "$top/bench/run.py" --dl "$DL" --kernels "$KERNELS" --data "$top/data" \
	--python "$PYTHON3" $quick "$@"
