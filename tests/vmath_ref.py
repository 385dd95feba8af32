#!/usr/bin/env python3
"""vmath_ref.py NAME < pairs: the error of dl's NAME (exp, tanh, sigmoid, log, log1p) in units in
the last place of the correctly rounded result, against mpmath at 160 bits, for the lines "x y"
(C's hexadecimal notation) that `test_vmath --dump NAME N` prints.  Prints the largest error and
where; exits 1 when it is over 1 ulp.  Arguments whose result is not a finite number (nan, ±inf,
log of a negative) are left to test_vmath's exact checks of the edges."""
import math
import sys

import mpmath

mpmath.mp.prec = 160
REF = {
    "exp": mpmath.exp,
    "tanh": mpmath.tanh,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "log": mpmath.log,
    "log1p": mpmath.log1p,
}


def main():
    name = sys.argv[1]
    f = REF[name]
    worst, at, n = 0.0, None, 0
    for line in sys.stdin:
        xs, ys = line.split()
        x, y = float.fromhex(xs), float.fromhex(ys)
        if not math.isfinite(x) or not math.isfinite(y):
            continue
        if name == "log" and x <= 0 or name == "log1p" and x <= -1:
            continue
        ref = f(mpmath.mpf(x))
        d = float(ref)  # mpmath rounds to nearest: the correctly rounded result
        if not math.isfinite(d):
            continue
        err = float(abs(mpmath.mpf(y) - ref) / mpmath.mpf(math.ulp(d)))
        n += 1
        if err > worst:
            worst, at = err, x
    print("  %-7s max error %.3f ulp against mpmath (160 bits), at %r, over %d arguments"
          % (name, worst, at, n))
    return 1 if worst > 1.0 or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
