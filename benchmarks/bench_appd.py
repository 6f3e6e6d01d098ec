"""Cost of App. D's training-time dynamics (efftheory.theories.rubin.appd_dynamics): network-steps per second
(one full-batch Langevin step of one network, both layers, with the observables recorded at log-spaced steps)
by CPU time (process_time) and wall time, for

* the registered scale, Table 1 with beta = 1/8 and alpha = sqrt(beta) (widths 350 / 175 / 88, d = 53, n = 212),
* the paper's own scale (widths 2800 / 1400 / 700, d = 150, n = 600; a few steps of two networks),

with the ensemble vectorised (K networks in one GEMM) beside K = 1, and the estimated CPU time of the paper's
run (50 networks x 7e6 epochs per width) from the measured rate.  CPU only; the project never needs a GPU.

Run: OMP_NUM_THREADS=1 python benchmarks/bench_appd.py [--quick]
"""
import math
import sys
import time

import numpy as np

from efftheory.theories.rubin.appd_dynamics import APP_D, loss_and_grad, scaled_spec, train


def rate(spec, networks, steps):
    """Steps only: the loss, both gradients and the Langevin update of ``train`` (records are extra: one
    O(K N^2 d) population evaluation at each of ~40 log-spaced steps, negligible over a long run)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((networks, spec.N)) * math.sqrt(spec.sigma_a2 / spec.N)
    W = rng.standard_normal((spec.d, networks, spec.N)) * math.sqrt(spec.sigma_w2 / spec.d)
    X, y = rng.standard_normal((spec.n, spec.d)), rng.standard_normal(spec.n)
    ea, ew = 0.2 / spec.gamma_a, 0.2 / spec.gamma_w
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        _, ga, gW, _ = loss_and_grad(a, W, X, y)
        a = a - ea * (spec.gamma_a * a + ga) + math.sqrt(2 * ea * spec.sigma2) * rng.standard_normal(a.shape)
        W = W - ew * (spec.gamma_w * W + gW) + math.sqrt(2 * ew * spec.sigma2) * rng.standard_normal(W.shape)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return networks * steps / cpu, networks * steps / wall


def check_run(quick):
    """The whole ``train`` (records included) at the registered scale, for comparison."""
    spec = scaled_spec(700, 1 / 8, alpha=math.sqrt(1 / 8))
    c0 = time.process_time()
    steps = 100 if quick else 600
    train(spec, networks=6, steps=steps, h=0.2, seed=0, points=30)
    return 6 * steps / (time.process_time() - c0)


def main(quick=False):
    print(f"{'case':40s} {'K':>3s} {'net-steps/s CPU':>16s} {'(wall)':>8s} {'K=1 CPU':>9s} {'vectorised/K=1':>15s}")
    paper_cpu = 0.0
    for beta, K, steps in ((1 / 8, 6, 40 if quick else 150), (1.0, 2, 3 if quick else 10)):
        for N in APP_D["widths"]:
            spec = scaled_spec(N, beta, alpha=math.sqrt(beta))
            cpu, wall = rate(spec, K, steps)
            one, _ = rate(spec, 1, max(3, steps // 3))
            name = f"beta={beta:g}: N={spec.N}, d={spec.d}, n={spec.n}"
            print(f"{name:40s} {K:3d} {cpu:16.1f} {wall:8.1f} {one:9.1f} {cpu / one:15.2f}")
            if beta == 1.0:
                paper_cpu += 50 * 7e6 / cpu
    print(f"paper's App. D run (50 networks x 7e6 epochs x 3 widths) at these rates: {paper_cpu / 3600 / 24:.0f} "
          "CPU-days on one core")
    print(f"train() with records, beta=1/8, N=88, K=6: {check_run(quick):.1f} net-steps/s CPU")


if __name__ == "__main__":
    main("--quick" in sys.argv)
