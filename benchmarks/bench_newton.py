"""The solve engine against ``sympy.nsolve`` and against the Newton limit (issue 13; not a test).

Everything in ONE run, CPU-time medians of ``--rounds`` rounds, ``rubin-cubic`` at the paper's defaults:

1. warm ``Model.solve`` (both points, verified) at 50 and 1000 digits, against

   * ``sympy.nsolve`` of the same two systems (first-order and spinodal, the parameters
     substituted) from the same float64 starts, one unverified solve each;
   * the **Newton limit**: for each point, the Newton steps needed at that precision from the
     same start until the iterate is correct to the digits asked (checked against a root at
     ``2 dps + 30`` digits) times the time of one Newton step at that precision (the compiled
     residual and Jacobian kernels plus the linear solve) -- the cost of an unverified solve that
     knew when to stop;

2. warm ``Model.solve`` at 10 000 digits (time only);
3. the ``u_c(kappa)`` line, 200 kappa in ``geomspace(0.2, 10)`` at 30 digits through ``sweep``
   (float64-seeded continuation, every point verified) against a loop of ``sympy.nsolve``, each
   started from the previous point's root (unverified);
4. gmpy2: the same 50/1000/3000-digit Newton steps and the 1000-digit solve in a child process
   with ``MPMATH_NOGMPY=1`` (mpmath's pure-Python integers) against this process.

Run: ``OMP_NUM_THREADS=1 python benchmarks/bench_newton.py [--rounds 5] [--quick]``
(``--quick``: 3 rounds, a 40-point line, no 10 000 digits).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import mpmath
import numpy as np
import sympy as sp

from efftheory.numeric import agreeing_digits
from efftheory.theories import get
from efftheory.numeric.iteration import _lu, _lu_solve, _start


def median_time(fn, rounds):
    """Median CPU time (``time.process_time``: the machine may be shared; every side is timed alike)."""
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def cubic_systems():
    """The first-order and spinodal systems of rubin-cubic with their float64 starts and values."""
    from efftheory.theories.rubin import cubic_numeric as num
    model = get("rubin-cubic")
    params = model.resolve({})
    prob = num.problem(num.variant(params), num.window(params))
    values = num.micro_values(params)
    out = []
    for kind, x0 in num._seeds(num.cache_key(params)):
        system = prob._system(kind)
        out.append((kind, system, tuple(system.seed(x0, {p: values[p] for p in prob.params})), values))
    return model, out


def newton_steps(system, x0, values, dps):
    """Pure Newton at ``dps`` from ``x0``: the steps after which every unknown has ``dps - 1``
    correct significant digits (against the root at ``2 dps + 30`` digits), i.e. the fewest steps
    that could deliver the digits (without the work of knowing it)."""
    ref = system.polish(list(x0), values, dps=2 * dps + 30)
    f, j, _ = system._fj(values, dps)
    with mpmath.workdps(dps):
        x = _start(x0, dps)
        for step in range(1, 100):
            dx = _lu_solve(_lu(j(x)), [-v for v in f(x)])
            x = [a + d for a, d in zip(x, dx)]
            if all(agreeing_digits(a, r, cap=dps) >= dps - 1 for a, r in zip(x, ref)):
                return step, x
    raise RuntimeError("no convergence")


def step_time(system, x, values, dps, rounds):
    """One Newton step at ``dps``: the residual-and-Jacobian kernel and the linear solve."""
    return median_time(_one_step(system, x, values, dps), max(rounds, 5))


def nsolve_of(system, x0, values, dps):
    eqs = [e.subs(values) for e in system.equations]

    def run():
        with mpmath.workdps(dps):
            return sp.nsolve(eqs, system.unknowns, x0, prec=dps)
    return run


def solve_rows(rounds, digits):
    """Per precision: efftheory's warm solve, nsolve of both systems, the Newton limit.  The solve,
    one Newton step of each system and the nsolves are timed alternately in one loop (medians),
    so that a shared machine's load weighs on all of them alike."""
    model, systems = cubic_systems()
    rows = []
    for dps in digits:
        model.solve(dps=dps)                                           # warm: kernels, seeds
        steps, points = zip(*(newton_steps(s, x0, v, dps) for _, s, x0, v in systems))
        one_step = [_one_step(s, x, v, dps) for (_, s, _, v), x in zip(systems, points)]
        nsolves = [nsolve_of(s, x0, v, dps) for _, s, x0, v in systems]
        t_solve, t_ns, t_steps = [], [], [[] for _ in systems]
        for _ in range(max(rounds, 3)):
            for _ in range(3):
                t_solve.append(_cpu(lambda: model.solve(dps=dps)))
                for ts, fn in zip(t_steps, one_step):
                    ts.append(statistics.median(_cpu(fn) for _ in range(3)))
            t_ns.append(sum(_cpu(fn) for fn in nsolves))
        t_eff = statistics.median(t_solve)
        limit = sum(n * statistics.median(ts) for n, ts in zip(steps, t_steps))
        t_ns = statistics.median(t_ns)
        rows.append((dps, t_eff, t_ns, limit, list(steps)))
    return rows


def _cpu(fn):
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _one_step(system, x, values, dps):
    """One Newton step at ``dps``: the residual, the Jacobian and the linear solve."""
    f, j, _ = system._fj(values, dps)

    def one():
        with mpmath.workdps(dps):
            _lu_solve(_lu(j(x)), [-v for v in f(x)])
    return one


def line_rows(rounds, count):
    from efftheory.report.sweep import run_sweep
    from efftheory.theories.rubin.cubic_phase_diagram import _uc_system
    model = get("rubin-cubic")
    kappas = [sp.Rational(k).limit_denominator(10**6) for k in np.geomspace(0.2, 10, count)]
    run_sweep(model, "u_c", "kappa", kappas[:3], {}, dps=30)           # warm: kernels
    t_line = median_time(lambda: run_sweep(model, "u_c", "kappa", kappas, {}, dps=30), max(1, rounds // 2))
    table = run_sweep(model, "u_c", "kappa", kappas, {}, dps=30)
    system = _uc_system("corrected")
    S = {str(s): s for s in system.params}

    def loop():
        x = [float(table.rows[0]["values"][k]) for k in ("u_c", "q", "b")]
        for kappa in kappas:
            vals = {S["kappa"]: kappa, S["sigma_w2"]: sp.Rational(1, 2), S["eps"]: sp.Rational(-3, 10)}
            eqs = [e.subs(vals) for e in system.equations]
            with mpmath.workdps(30):
                x = list(sp.nsolve(eqs, system.unknowns, x, prec=30))
    t_loop = median_time(loop, 1)
    return t_line, t_loop


def gmpy_child(digits):
    """Per-precision Newton-step times and a warm 1000-digit solve (JSON), for the child process."""
    model, systems = cubic_systems()
    _, s, x0, v = systems[0]
    out = {"backend": mpmath.libmp.BACKEND}
    for dps in digits:
        _, x = newton_steps(s, x0, v, dps)
        out[f"step{dps}"] = step_time(s, x, v, dps, 5)
    model.solve(dps=1000)
    out["solve1000"] = median_time(lambda: model.solve(dps=1000), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--gmpy-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.gmpy_child:
        print(json.dumps(gmpy_child((50, 1000, 3000))))
        return
    rounds = 3 if args.quick else args.rounds
    print(f"mpmath backend: {mpmath.libmp.BACKEND}; medians of {rounds} rounds\n")
    print(f"{'rubin-cubic solve':24s} {'efftheory':>10s} {'nsolve x2':>10s} {'Newton limit':>12s} "
          f"{'steps':>6s} {'nsolve/eff':>10s} {'eff/limit':>9s}")
    for dps, t_eff, t_ns, limit, steps in solve_rows(rounds, (50, 1000)):
        print(f"{'both points, ' + str(dps) + ' digits':24s} {t_eff * 1e3:8.2f}ms {t_ns * 1e3:8.2f}ms "
              f"{limit * 1e3:10.2f}ms {'+'.join(map(str, steps)):>6s} {t_ns / t_eff:10.1f} {t_eff / limit:9.2f}")
    if not args.quick:
        model = get("rubin-cubic")
        t0, w0 = time.process_time(), time.perf_counter()
        model.solve(dps=10000)
        print(f"{'both points, 10000 dig.':24s} {time.process_time() - t0:8.2f}s CPU, "
              f"{time.perf_counter() - w0:.2f}s wall (first call at 10000 digits)")
    t_line, t_loop = line_rows(rounds, 40 if args.quick else 200)
    n = 40 if args.quick else 200
    print(f"\nu_c(kappa) line, {n} kappa, 30 digits: sweep (continuation, verified) {t_line:.2f}s; "
          f"warm-started nsolve loop (unverified) {t_loop:.2f}s; nsolve/sweep = {t_loop / t_line:.1f}")
    here = gmpy_child((50, 1000, 3000))
    env = {**os.environ, "MPMATH_NOGMPY": "1"}
    child = json.loads(subprocess.run([sys.executable, __file__, "--gmpy-child"], env=env, check=True,
                                      capture_output=True, text=True).stdout.strip().splitlines()[-1])
    print(f"\ngmpy2 ({here['backend']}) against MPMATH_NOGMPY=1 ({child['backend']}):")
    for k in ("step50", "step1000", "step3000", "solve1000"):
        print(f"  {k:10s} {here[k] * 1e3:9.3f}ms {child[k] * 1e3:9.3f}ms   python/gmpy2 = {child[k] / here[k]:.1f}")


if __name__ == "__main__":
    main()
