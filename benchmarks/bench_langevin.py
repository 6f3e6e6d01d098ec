"""Throughput of the model-A Langevin simulator (efftheory.theories.rubin.langevin): network-steps per
second (one step of one network: proposal, collapsed potential and gradient, Metropolis test, records),
measured with CPU time (process_time) and wall time, for

* the Table-1 network at beta = 1/8 with alpha = beta (N = 88, d = 53, n = 375) and alpha = 1/2 (n = 1500),
* the paper's full scale (N = 700, d = 150, n = 3000; a few steps of two networks only),

with the ensemble vectorised (K networks in one batch) beside K = 1 (the speed-up of vectorising), and an
estimate of the paper's full run (200 networks) from the measured rate and the measured burn-in and
autocorrelation time.  CPU only; the project never needs a GPU.

Run: OMP_NUM_THREADS=1 python benchmarks/bench_langevin.py [--quick]
"""
import sys
import time

from efftheory.theories.rubin import langevin_analysis as la
from efftheory.theories.rubin.langevin import NetworkSpec, sample


def rate(spec, networks, steps):
    t0, c0 = time.perf_counter(), time.process_time()
    run = sample(spec, networks=networks, steps=steps, step=0.1, seed=0, thin=2)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return networks * steps / cpu, networks * steps / wall, run


def main(quick=False):
    small = NetworkSpec(N=88, d=53, n=375, sigma_w2=0.5, sigma_a2=0.0323249, eps=-0.3, sigma2=0.22)
    cases = [("beta=1/8, alpha=1/8 (N=88, d=53, n=375)", small, 16, 100 if quick else 300),
             ("beta=1/8, alpha=1/2 (n=1500)", NetworkSpec(**{**small.__dict__, "n": 1500, "sigma2": 0.88}), 8,
              40 if quick else 100),
             ("paper scale (N=700, d=150, n=3000)", NetworkSpec(N=700, d=150, n=3000, sigma_w2=0.5, sigma_a2=8 / 700,
                                                               eps=-0.3, sigma2=0.22), 2, 3 if quick else 6)]
    print(f"{'case':45s} {'K':>3s} {'net-steps/s CPU':>16s} {'(wall)':>8s} {'K=1 CPU':>9s} {'vectorised/K=1':>15s}")
    rates = {}
    for name, spec, K, steps in cases:
        cpu, wall, run = rate(spec, K, steps)
        one, _, _ = rate(spec, 1, max(3, steps // 4))
        rates[name] = (cpu, run)
        print(f"{name:45s} {K:3d} {cpu:16.1f} {wall:8.1f} {one:9.1f} {cpu / one:15.2f}")
    cpu_small, run = rates[cases[0][0]]
    eq = la.equilibration(run)
    print(f"\nmeasured at beta = 1/8 (sigma2 = 0.22, {cases[0][2]} networks x {cases[0][3]} steps): burn-in "
          f"{eq['burn_in']} steps, tau(q2) = {eq['tau_q2']:.3g} steps, acceptance {eq['acceptance']:.2f}")
    cpu_full = rates[cases[2][0]][0]
    steps_needed = 2000      # burn-in + ~100 autocorrelation times at the measured tau (of order 20 steps)
    total = 200 * steps_needed / cpu_full
    print(f"paper's full run (200 networks x {steps_needed} steps at N=700, d=150, n=3000): "
          f"{total / 3600:.1f} CPU-hours at {cpu_full:.2f} net-steps/s, i.e. ~{total / 3600 / 16:.1f} h on 16 cores "
          f"(networks are independent: embarrassingly parallel); the cost per step is ~ n N^2 (the read-out "
          f"Gram matrix) + 2 n N d, ~4 GFLOP at full scale, so a GPU at ~50 TFLOP/s (fp64) would take minutes.")
    print("barrier crossings (droplet nucleation after the transition) slow down exponentially with d: at beta = 1 "
          "the side-well occupation needs far longer runs than the tau measured in the central well.")


if __name__ == "__main__":
    main("--quick" in sys.argv)
