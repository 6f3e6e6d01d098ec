"""Cold start (issue 13 item 5): whole fresh processes, CPU and wall time, against the imports alone.

    python benchmarks/bench_cold_start.py [--rounds 5]

Each command runs once first (so the disk cache of derivations, seeds and the ``list`` catalogue is
warm, as for any user after the first run), then ``--rounds`` times interleaved with the baseline
``python -c "import sympy, mpmath, numpy"``; the table gives medians and the ratio to the baseline
(targets of issue 13: ``solve rubin-cubic --dps 30`` <= 2.5x, ``list`` <= 1.5x).  CPU time is
user + system of the child, from ``resource.getrusage``.  ``EFFTHEORY_CACHE=0`` in the environment
measures without the disk cache.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

BASELINE = [sys.executable, "-c", "import sympy, mpmath, numpy"]
COMMANDS = {
    "list": [sys.executable, "-m", "efftheory", "list"],
    "solve rubin-cubic --dps 30": [sys.executable, "-m", "efftheory", "solve", "rubin-cubic", "--dps", "30"],
    "solve landau-sextic": [sys.executable, "-m", "efftheory", "solve", "landau-sextic"],
}


def timed(cmd) -> tuple[float, float]:
    """(cpu, wall) seconds of one run of ``cmd`` as a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env={**os.environ, "OMP_NUM_THREADS": "1"})
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for cmd in COMMANDS.values():              # warm the disk cache
        timed(cmd)
    rows = []
    for name, cmd in COMMANDS.items():
        ours, base = [], []
        for _ in range(args.rounds):           # interleaved, so drift of the machine hits both
            ours.append(timed(cmd))
            base.append(timed(BASELINE))
        cpu, wall = (statistics.median(x[i] for x in ours) for i in (0, 1))
        bcpu, bwall = (statistics.median(x[i] for x in base) for i in (0, 1))
        ratio = statistics.median(a[0] / b[0] for a, b in zip(ours, base))
        rows.append((name, cpu, wall, bcpu, bwall, ratio))
    print(f"{'command':30s} {'cpu s':>7s} {'wall s':>7s} {'imports cpu':>12s} {'imports wall':>13s} {'cpu ratio':>10s}")
    for name, cpu, wall, bcpu, bwall, ratio in rows:
        print(f"{name:30s} {cpu:7.3f} {wall:7.3f} {bcpu:12.3f} {bwall:13.3f} {ratio:9.2f}x")
    print(f"(medians of {args.rounds} rounds; baseline: python -c 'import sympy, mpmath, numpy'; "
          f"disk cache {'off' if os.environ.get('EFFTHEORY_CACHE', '1') in ('0', 'off', 'no', 'false') else 'warm'})")


if __name__ == "__main__":
    main()
