"""Throughput of the liu-addition Monte Carlo: the whole p = 10 determination curve
(every n = 0..55) with 10^5 trials per size, exact (certified modular) ranks.

Goal (issue 7): under one minute on the 2-core development machine.
Run: python benchmarks/liu_monte_carlo.py [trials]
"""
import sys
import time

from efftheory.theories.liu import determination as comb


def main(trials=100_000):
    t0 = time.perf_counter()
    first = comb.first_determining_sizes(10, trials, seed=0)
    k = comb.curve_from_first_sizes(first, 55)
    elapsed = time.perf_counter() - t0
    rc, _, sigma = comb.critical_fraction_from_curve([v / trials for v in k], 55, trials=trials)
    print(f"p = 10, {trials} trials per size, all 56 sizes: {elapsed:.2f} s "
          f"({trials / elapsed:.0f} orderings/s); r_c = {rc:.5f} +- {sigma:.5f}")
    return elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
