"""Scaling of ``efftheory diagram`` on Dask (not a test).

The same grid (default: rubin-cubic ``u_c`` over ``kappa=log:0.2:10:N`` x ``eps=-1.2:-0.1:N`` at 30
digits, the issue's "done when" grid reduced to N x N) is computed

* serially in this process (``--workers 0``: no Dask), kernels compiled beforehand;
* on a LocalCluster of 1, 2, ... worker processes (one thread each), after every worker compiled its
  kernels on a cell outside the grid (the warm-up is timed separately, with the cluster's start).

Printed side by side: wall time of the grid, speed-up against 1 worker, efficiency, the per-task
overhead (wall x workers - sum of the cells' own seconds, per task), the round trip of an empty task,
the CPU share the workers got while computing (process CPU time / wall time of the cells: 1.0 on an
idle machine) and the speed-up rescaled to equal shares ("cpu speed-up" = speed-up x share(1 worker) /
share(N workers): wall time x CPU share is the CPU time the grid took, so this is the ratio of CPU
times per worker, an estimate of what an idle machine would give); and the machine's load average before and after (other processes share the cores).
Run: ``python benchmarks/bench_diagram.py [--n 6] [--workers 1 2] [--chunk C] [--dps 30]``.
"""
import argparse
import os
import time

from efftheory.diagram.engine import Job, _distributed, chunk_size, cluster, compute_cell, compute_chunk
from efftheory.diagram.grid import Grid, parse_axis
from efftheory.theories import get

WARM = {"kappa": "1/3", "eps": "-1/3"}       # not a grid point: its cached seed does not help the grid


def grid_points(n):
    model = get("rubin-cubic")
    grid = Grid((parse_axis(model, f"kappa=log:0.2:10:{n}"), parse_axis(model, f"eps=-1.2:-0.1:{n}")))
    return [dict(zip(grid.names, key)) for key, _ in grid.cells()]


def serial(job, points):
    compute_cell(job, WARM)
    t0 = time.perf_counter()
    rows = [compute_cell(job, p) for p in points]
    return time.perf_counter() - t0, rows


def on_cluster(job, points, workers, chunk):
    t0 = time.perf_counter()
    with cluster(workers=workers) as client:
        client.run(compute_cell, job, WARM)             # every worker compiles its kernels once
        warm = time.perf_counter() - t0
        t1 = time.perf_counter()
        empty = [client.submit(compute_chunk, job, [], pure=False) for _ in range(50)]
        client.gather(empty)
        round_trip = (time.perf_counter() - t1) / 50
        rows, stats = [], {"tasks": 0}
        t1 = time.perf_counter()
        _distributed(client, job, points, chunk, stats, rows.extend)
        wall = time.perf_counter() - t1
    return {"wall": wall, "warm": warm, "round_trip": round_trip, "tasks": stats["tasks"], "chunk": stats["chunk"],
            "rows": rows}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=6, help="points per axis (the issue's grid is 40)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--chunk", type=int, default=None)
    ap.add_argument("--dps", type=int, default=30)
    args = ap.parse_args()
    job = Job("rubin-cubic", "u_c", {}, args.dps)
    points = grid_points(args.n)
    load0 = os.getloadavg()
    print(f"grid: rubin-cubic u_c, {args.n} x {args.n} = {len(points)} cells at {args.dps} digits; "
          f"{os.cpu_count()} cores; load average before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")
    t_serial, rows = serial(job, points)
    cell = sum(r["seconds"] for r in rows)
    print(f"serial (in process, no Dask): {t_serial:.2f} s, {t_serial / len(points) * 1000:.0f} ms per cell")
    results = {}
    for w in args.workers:
        r = on_cluster(job, points, w, args.chunk or chunk_size(len(points), w))
        bad = [x for x in r["rows"] if x["status"] != "ok"]
        assert not bad and len(r["rows"]) == len(points), bad[:1]
        own = sum(x["seconds"] for x in r["rows"])
        r["overhead"] = (r["wall"] * w - own) / r["tasks"]
        r["share"] = sum(x["cpu_seconds"] for x in r["rows"]) / own      # CPU the workers got while computing
        results[w] = r
        print(f"  {w} worker(s) done: {r['wall']:.2f} s", flush=True)
    base = results.get(1, {}).get("wall")
    print(f"\n{'workers':>7} {'grid s':>8} {'speed-up':>8} {'effic.':>7} {'tasks':>5} {'chunk':>5} "
          f"{'overhead/task ms':>16} {'empty task ms':>13} {'start+warm s':>12} {'cpu share':>9} {'cpu speed-up':>12}")
    for w, r in results.items():
        sp = base / r["wall"] if base else float("nan")
        print(f"{w:>7} {r['wall']:>8.2f} {sp:>8.2f} {sp / w:>7.2f} {r['tasks']:>5} {r['chunk']:>5} "
              f"{r['overhead'] * 1000:>16.1f} {r['round_trip'] * 1000:>13.1f} {r['warm']:>12.1f} {r['share']:>9.2f} "
              f"{sp * results[min(results)]['share'] / r['share'] if base else float('nan'):>12.2f}")
    print(f"serial in-process: {t_serial:.2f} s (sum of cell times {cell:.2f} s); 1 worker / serial = "
          f"{results[min(results)]['wall'] / t_serial:.2f}" if results else "")
    load1 = os.getloadavg()
    print(f"load average after {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
