r"""What a Langevin run of model A measures, with its errors: burn-in, autocorrelation time, the
histogram of ``q = w . w*`` (-> ``-log p(q)``), the learned components and the losses, and the
test of agreement with the finite-``d`` theory.

Every error bar comes from the spread over independent networks (each with its own data draw
and initialisation), so it is valid whatever the autocorrelation within a chain; the measured
integrated autocorrelation time says how many independent samples each chain contributed.

References
----------
Rubin et al. (ICLR 2024) Fig. 2, App. C (error bars from sub-ensembles); White (1997), the MSER
truncation rule; Sokal (1997), the automatic window for the integrated autocorrelation time.
"""
from __future__ import annotations

import math

import numpy as np

from .langevin import projections

__all__ = ["mser_burn_in", "autocorrelation_time", "equilibration", "q_histogram", "learned", "moments", "perp_in_wells", "losses",
           "theory_bins", "chi2_test"]


def mser_burn_in(x, *, batch: int = 5) -> int:
    """MSER-``batch`` truncation point (in steps) of a scalar trace ``x`` (T,).

    The trace is cut into batches of ``batch`` steps; the truncation ``j`` (in batches, at most half
    the run) minimises ``sum_{i >= j} (x_i - mean_j)^2 / (B - j)^2``, the squared standard error of
    the mean of what is kept (White 1997).
    """
    x = np.asarray(x, float)
    B = len(x) // batch
    if B < 4:
        return 0
    xb = x[: B * batch].reshape(B, batch).mean(axis=1)
    best, arg = math.inf, 0
    for j in range(B // 2 + 1):
        tail = xb[j:]
        v = ((tail - tail.mean()) ** 2).sum() / len(tail) ** 2
        if v < best:
            best, arg = v, j
    return arg * batch


def autocorrelation_time(x, *, c: float = 5.0) -> float:
    """Integrated autocorrelation time (in steps) of ``x`` (T, K): the autocovariance averaged over the
    K chains, summed up to Sokal's window ``M >= c tau(M)``; ``inf`` when the window does not close."""
    x = np.asarray(x, float)
    if x.ndim == 1:
        x = x[:, None]
    T = x.shape[0]
    y = x - x.mean(axis=0)
    f = np.fft.rfft(y, n=2 * T, axis=0)
    acov = np.fft.irfft(f * np.conj(f), axis=0)[:T].mean(axis=1) / T
    if acov[0] <= 0:
        return 1.0
    rho = acov / acov[0]
    tau = 2 * np.cumsum(rho) - 1
    for M in range(1, T):
        if M >= c * tau[M]:
            return float(tau[M])
    return math.inf


def equilibration(run) -> dict:
    """Burn-in (steps, the largest MSER point of the ensemble-averaged ``energy`` and ``q2`` traces) and
    the integrated autocorrelation times (steps) of both traces after it, with the run length left."""
    tr = run["trace"]
    burn = max(mser_burn_in(tr[k].mean(axis=1)) for k in ("energy", "q2"))
    taus = {k: autocorrelation_time(tr[k][burn:]) for k in ("energy", "q2")}
    kept = run["steps"] - burn
    tau = max(taus.values())
    return {"burn_in": burn, "tau_energy": taus["energy"], "tau_q2": taus["q2"], "kept": kept,
            "kept_over_tau": kept / tau if tau > 0 else math.inf,
            "acceptance": float(np.mean(run["acceptance"]))}


def _kept(run, burn):
    """Index of the first recorded snapshot after ``burn`` steps."""
    return -(-burn // run["thin"])


def q_histogram(run, burn: int, edges) -> dict:
    """Density of ``q`` per bin: mean over networks of each network's histogram (all its units, all
    kept snapshots), with the standard error from the spread over networks."""
    q = run["q"][_kept(run, burn):]                          # (T, K, N)
    K = q.shape[1]
    width = np.diff(edges)
    per = np.stack([np.histogram(q[:, k, :].ravel(), bins=edges)[0] for k in range(K)]) / (q.shape[0] * q.shape[2])
    dens = per / width
    return {"edges": np.asarray(edges), "density": dens.mean(axis=0), "se": dens.std(axis=0, ddof=1) / math.sqrt(K),
            "networks": K, "samples": q.size}


def learned(run, burn: int, eps: float) -> dict:
    """The mean output's components: ``1 - b`` on He1 and ``(eps - c)/eps`` on ``eps`` He3 (value, se over networks).

    The projections ``E_x[fbar(x) He_k(w*.x)] / E[He_k^2]`` of each network's posterior-mean output
    are exact Gaussian integrals given ``(q_i, |w_i|^2)`` (note §4.2), averaged over the kept snapshots.
    """
    s = _kept(run, burn)
    p1, p3 = projections(run["q"][s:], run["norm2"][s:])
    mu = run["mean_a"][s:]
    lin = (mu * p1).sum(axis=2).mean(axis=0)               # (K,)
    cub = (mu * p3).sum(axis=2).mean(axis=0) / 6 / eps
    K = len(lin)
    return {"linear": float(lin.mean()), "linear_se": float(lin.std(ddof=1) / math.sqrt(K)),
            "cubic_normalized": float(cub.mean()), "cubic_normalized_se": float(cub.std(ddof=1) / math.sqrt(K))}


def moments(run, burn: int, *, cut: float = 0.5) -> dict:
    """``d <q^2>`` and the droplet fraction ``P(|q| > cut)`` (value and se over networks)."""
    q = run["q"][_kept(run, burn):]
    d = run["spec"].d
    m2 = d * (q * q).mean(axis=(0, 2))
    dr = (np.abs(q) > cut).mean(axis=(0, 2))
    K = len(m2)
    return {"d_q2": float(m2.mean()), "d_q2_se": float(m2.std(ddof=1) / math.sqrt(K)),
            "droplets": float(dr.mean()), "droplets_se": float(dr.std(ddof=1) / math.sqrt(K))}


def perp_in_wells(run, burn: int, *, cut: float = 0.6) -> dict:
    """Mean ``|w_perp|^2 = |w|^2 - q^2`` of the units with ``|q| > cut`` (the side wells), value and se over
    the networks that have such units, and the same over all units."""
    s = _kept(run, burn)
    q, n2 = run["q"][s:], run["norm2"][s:]
    perp = n2 - q * q
    m = np.abs(q) > cut
    cnt = m.sum(axis=(0, 2))
    per = np.array([perp[:, k][m[:, k]].mean() for k in range(q.shape[1]) if cnt[k] > 0])
    se = per.std(ddof=1) / math.sqrt(len(per)) if len(per) > 1 else math.inf
    return {"perp_wells": float(per.mean()) if len(per) else math.nan, "perp_wells_se": float(se),
            "perp_all": float(perp.mean()), "networks_with_wells": int(len(per))}


def losses(run, burn: int) -> dict:
    """Posterior-mean train loss ``(1/n) sum (f - y)^2`` and population test loss (value, se over networks)."""
    s = _kept(run, burn)
    out = {}
    for k in ("train_loss", "test_loss"):
        v = run[k][s:].mean(axis=0)
        out[k], out[k + "_se"] = float(v.mean()), float(v.std(ddof=1) / math.sqrt(len(v)))
    return out


def theory_bins(density, edges, *, nodes: int = 20001) -> np.ndarray:
    """Mean density of the theory law in each bin: ``density`` (a callable of ``q``, normalised) integrated
    over each bin by the trapezoid rule on ``nodes`` points spanning the edges."""
    qs = np.linspace(edges[0], edges[-1], nodes)
    p = density(qs)
    cdf = np.concatenate([[0.0], np.cumsum((p[1:] + p[:-1]) / 2 * np.diff(qs))])
    return np.diff(np.interp(edges, qs, cdf)) / np.diff(edges)


def chi2_test(hist, theory, *, min_expected: float = 20.0) -> dict:
    """``chi^2 = sum z_b^2`` over the bins where the theory expects at least ``min_expected`` samples of
    the ensemble (and the simulated se is positive), with its p-value for as many degrees of freedom
    as bins (the theory has no fitted parameter).

    ``t_b = (p_sim - p_th) / se`` has Student's law with ``K - 1`` degrees of freedom (the se is
    estimated from ``K`` networks); each ``t_b`` is mapped to the normal score ``z_b`` of the same
    tail probability before summing, so the test keeps its level for a small ensemble.
    """
    from scipy.stats import chi2, norm, t as student
    width = np.diff(hist["edges"])
    expected = theory * width * hist["samples"]
    use = (expected >= min_expected) & (hist["se"] > 0)
    tb = (hist["density"][use] - theory[use]) / hist["se"][use]
    z = np.sign(tb) * norm.isf(student.sf(np.abs(tb), hist["networks"] - 1))
    x2, dof = float((z * z).sum()), int(use.sum())
    return {"chi2": x2, "dof": dof, "chi2_per_bin": x2 / dof if dof else math.nan,
            "p_value": float(chi2.sf(x2, dof)) if dof else math.nan, "max_abs_z": float(np.abs(z).max()) if dof else 0.0}
