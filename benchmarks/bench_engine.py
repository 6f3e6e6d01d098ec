"""Benchmark of the numeric engine (not a test).

Times the first-order point of the Landau sextic and of a self-consistent test system
(S = (a - b) m^2 - m^4 + m^6 with b^3 + b = a/10) at 30, 100 and 1000 digits:

* efftheory: Newton polish of the compiled augmented system at two precisions (the
  verified result, as ``efftheory solve`` does), seeded from the same float64 start;
* sympy.nsolve from the same start at the same precision (one solve, unverified);
* a float64 SciPy ``root`` from the same start (15 digits at most).

Prints the times and the ratios (efftheory / nsolve, efftheory / SciPy).
Run: ``python benchmarks/bench_engine.py [--repeat N]``.
"""
import argparse
import time

import mpmath
import numpy as np
import scipy.optimize
import sympy as sp

from efftheory.numeric import System

a, m, b = sp.symbols("a m b")
SEXTIC = (sp.cancel(sp.diff(a * m**2 - m**4 + m**6, m) / m), sp.expand((a * m**2 - m**4 + m**6) / m**2))
S_SC = (a - b) * m**2 - m**4 + m**6
SELF_CONSISTENT = (sp.cancel(sp.diff(S_SC, m) / m), sp.expand(S_SC / m**2), b**3 + b - a / 10)
CASES = {"sextic first-order": (SEXTIC, (a, m), [0.2, 0.6]),
         "self-consistent first-order": (SELF_CONSISTENT, (a, m, b), [0.3, 0.6, 0.05])}


def best_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(repeat: int = 3) -> None:
    print(f"{'system':30s} {'dps':>5s} {'efftheory':>11s} {'nsolve':>11s} {'scipy f64':>11s} "
          f"{'eff/nsolve':>10s} {'eff/scipy':>10s}")
    for name, (eqs, unknowns, start) in CASES.items():
        system = System(eqs, unknowns, (), name)
        system.solve(start, {}, dps=30)                      # compile once (cached), as in a session
        F = sp.lambdify(unknowns, eqs, "numpy")
        for dps in (30, 100, 1000):
            t_eff = best_time(lambda: system.solve(start, {}, dps=dps), repeat)

            def nsolve():
                with mpmath.workdps(dps):
                    return sp.nsolve(eqs, unknowns, start, prec=dps)
            t_ns = best_time(nsolve, repeat)
            t_sp = best_time(lambda: scipy.optimize.root(lambda x: np.array(F(*x), dtype=float), start), repeat)
            print(f"{name:30s} {dps:5d} {t_eff:10.4f}s {t_ns:10.4f}s {t_sp:10.5f}s {t_eff / t_ns:10.2f} "
                  f"{t_eff / t_sp:10.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    main(parser.parse_args().repeat)
