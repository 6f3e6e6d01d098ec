"""Cost of the precision lock (issue 11, thread safety): a warm verified solve and a warm
quantity (best of several rounds), with ``PRECISION_LOCK`` as it is and with the lock replaced by a no-op, side by side.

Run: python benchmarks/bench_lock.py [rounds]
"""
import contextlib
import sys

from bench_engine import best_time

import efftheory
import efftheory.numeric.precision as precision


def main(rounds=15):
    sextic, one_d = efftheory.theory("landau-sextic"), efftheory.theory("zunkovic-1d")
    work = {"landau-sextic solve, 50 digits": lambda: sextic.solve(dps=50).to_json(),
            "zunkovic-1d grokking_probability, 30 digits":
                lambda: one_d.evaluate("grokking_probability", {"eps": "1/2"}, dps=30).to_json()}
    lock = precision.PRECISION_LOCK
    print(f"{'workload':48s} {'locked':>10s} {'no lock':>10s} {'ratio':>7s}")
    for name, call in work.items():
        call()
        precision.PRECISION_LOCK = lock
        locked = best_time(call, rounds)
        precision.PRECISION_LOCK = contextlib.nullcontext()
        free = best_time(call, rounds)
        precision.PRECISION_LOCK = lock
        print(f"{name:48s} {locked * 1e3:8.2f}ms {free * 1e3:8.2f}ms {locked / free:7.3f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
