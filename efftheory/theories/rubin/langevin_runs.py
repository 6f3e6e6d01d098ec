r"""Simulations of model A at the Table-1 scale, compared with the finite-``d`` theory: the Python API
behind ``efftheory simulate rubin-cubic``, the simulation claims and figures.

A parameter set of ``rubin-cubic`` (the paper's base point ``N = 700``, ``d = 150``,
``n = 3000``, ``sigma_a^2 = 8/700`` and the scaling variable ``beta``) is turned into a network
by Table 1 with ``alpha`` for the data: ``N -> beta N``, ``d -> sqrt(beta) d``,
``sigma_a^2 -> sigma_a^2/sqrt(beta)``, ``n -> alpha n``, ``sigma^2 -> (alpha/beta) sigma^2``
(sizes rounded to integers), so ``u`` and ``kappa`` stay the paper's up to the rounding.  The
theory is then evaluated at the network's own (rounded) parameters with ``d sqrt(beta)`` equal
to its ``d``: ``finite_d`` at the same ``d sqrt(beta)``.  The theory is the equivalent-kernel
(``alpha -> oo``) one; at ``alpha = beta`` the data set is small (``n / d = 7`` at ``beta = 1/8``)
and its finite-``n`` corrections are measurable, so the registered comparisons use a larger
``alpha`` at the same ``beta`` (see :data:`SCALES`).

References
----------
Rubin et al. (ICLR 2024) Table 1, Fig. 2, App. C; theory note §4.1, §4.9, §4.10, §7 item 6.
"""
from __future__ import annotations

import math
from dataclasses import asdict
from functools import lru_cache

import numpy as np
import sympy as sp

from . import langevin_analysis as la
from .langevin import NetworkSpec, sample
from .langevin_theory import density, finite_d64, finite_d_sweep, perp_in_wells

__all__ = ["network_of", "simulate", "SCALES", "scaled_run", "EDGES"]

#: bins of the q histogram (the theory's wells lie near |q| ~ 0.8-1)
EDGES = np.linspace(-1.4, 1.4, 29)

#: the registered runs: the reduced one runs in ``reproduce`` by default, the full one with
#: ``--full-simulation``.  ``sigma2`` are the paper's (base-point) noise values, before and after
#: the d -> oo transition at 0.1781.
SCALES = {
    "reduced": dict(beta=sp.Rational(1, 8), alpha=sp.Rational(1, 2), networks=6, steps=250, sigma2=("0.14", "0.22")),
    "full": dict(beta=sp.Rational(1, 8), alpha=sp.Rational(1, 2), networks=16, steps=1000,
                 sigma2=("0.14", "0.22", "0.18", "0.12", "0.16", "0.20", "0.25")),
}


def network_of(params, alpha=None):
    """The Table-1 network (a :class:`NetworkSpec`) of resolved ``rubin-cubic`` parameters, and the exact
    theory parameters of that network (``beta = 1``, its own ``d``, ``n``, ``N``, ``sigma_a2``, ``sigma2``)."""
    beta = sp.Rational(params["beta"])
    alpha = beta if alpha is None else sp.Rational(alpha)
    sqb = sp.sqrt(beta)
    N, d, n = (max(1, int(sp.floor(x + sp.Rational(1, 2)))) for x in
               (beta * params["N"], sqb * params["d"], alpha * params["n"]))
    sa2 = sp.nsimplify(params["sigma_a2"] / sqb) if (params["sigma_a2"] / sqb).is_rational else \
        sp.Rational(str(sp.N(params["sigma_a2"] / sqb, 12))).limit_denominator(10 ** 9)
    s2 = params["sigma2"] * alpha / beta
    exact = {"sigma_w2": params["sigma_w2"], "eps": params["eps"], "n": n, "d": d, "N": N, "sigma_a2": sa2,
             "sigma2": s2, "beta": 1}
    spec = NetworkSpec(N=N, d=d, n=n, sigma_w2=float(params["sigma_w2"]), sigma_a2=float(sa2),
                       eps=float(params["eps"]), sigma2=float(s2))
    return spec, exact


def simulate(params, *, networks: int, steps: int, seed: int, alpha=None, step: float = 0.1, thin: int = 2,
             edges=EDGES, progress=None) -> dict:
    """Simulate the network of ``params`` (Table 1 at its ``beta``, data scaled by ``alpha``) and compare.

    Returns a JSON-ready mapping: ``network`` (sizes, floats), ``theory_parameters`` (exact, as
    strings), ``equilibration`` (burn-in, autocorrelation times, acceptance), ``histogram`` (bin
    edges, density and se over networks, theory density per bin, ``-log p`` and its se),
    ``learned``, ``moments`` (``d <q^2>``, droplet fraction), ``perp`` (``|w_perp|^2`` in the side
    wells) and ``losses`` (value and se), ``theory`` (the package's finite-``d`` theory, Eq. 13:
    ``b``, ``c``, learned components, moments), ``chi2`` (the test of agreement of the histogram)
    and ``z`` (the learned components' deviations in standard errors); the same with the suffix
    ``_integrated`` for the finite-``d`` theory with ``|w_perp|^2`` integrated
    (:mod:`.langevin_theory`).
    """
    spec, exact = network_of(params, alpha)
    run = sample(spec, networks=networks, steps=steps, step=step, seed=seed, thin=thin, progress=progress)
    eq = la.equilibration(run)
    burn = eq["burn_in"]
    hist = la.q_histogram(run, burn, edges)
    lc, mom = la.learned(run, burn, spec.eps), la.moments(run, burn)
    out = {}
    th = None
    for perp, suffix in (("concentrated", ""), ("integrated", "_integrated")):
        th = finite_d_sweep(spec, [spec.sigma2], perp=perp)[0] if th is None else \
            finite_d64(spec, (th["b"], th["c"]), perp=perp)
        tb = la.theory_bins(lambda x: density(spec, th["b"], th["c"], x, perp=perp), edges)
        grid = np.linspace(-4, 4, 40001)
        p = density(spec, th["b"], th["c"], grid, perp=perp)
        th = {**th, "d_q2": float(spec.d * np.trapezoid(grid * grid * p, grid)),
              "droplets": float(np.trapezoid(np.where(np.abs(grid) > 0.5, p, 0.0), grid))}
        out.update({"theory" + suffix: th, "chi2" + suffix: la.chi2_test(hist, tb), "bins" + suffix: tb.tolist(),
                    "z" + suffix: {k: (lc[k] - th[k]) / lc[k + "_se"] for k in ("linear", "cubic_normalized")}})
    perp = la.perp_in_wells(run, burn)
    perp["theory_integrated"] = perp_in_wells(spec, out["theory_integrated"]["b"], out["theory_integrated"]["c"])
    with np.errstate(divide="ignore", invalid="ignore"):
        nlp, nlp_se = -np.log(hist["density"]), hist["se"] / hist["density"]
    eq["equilibrated"] = bool(burn < steps // 2 and eq["kept_over_tau"] >= 10)
    return {"network": asdict(spec), "alpha": str(sp.Rational(alpha) if alpha is not None else params["beta"]),
            "beta": str(params["beta"]), "sigma2_base": str(params["sigma2"]),
            "theory_parameters": {k: str(v) for k, v in exact.items()}, "networks": networks, "steps": steps,
            "step": step, "seed": seed, "equilibration": eq,
            "histogram": {"edges": hist["edges"].tolist(), "density": hist["density"].tolist(),
                          "se": hist["se"].tolist(), "theory": out.pop("bins"),
                          "theory_integrated": out.pop("bins_integrated"), "neg_log_p": nlp.tolist(),
                          "neg_log_p_se": nlp_se.tolist(), "samples": int(hist["samples"])},
            "learned": lc, "moments": mom, "perp": perp, "losses": la.losses(run, burn), **out}


@lru_cache(maxsize=None)
def scaled_run(scale: str, sigma2: str, seed: int = 2024) -> dict:
    """One registered run (:data:`SCALES`), memoised: the claims and the figures share it."""
    from .cubic import MODEL
    cfg = SCALES[scale]
    params = MODEL.resolve({"sigma2": sigma2, "beta": str(cfg["beta"])})
    return simulate(params, networks=cfg["networks"], steps=cfg["steps"], seed=seed, alpha=cfg["alpha"])


def finite(x) -> float:
    """``x`` as a float, ``nan`` for infinities (JSON has no infinity)."""
    return float(x) if math.isfinite(x) else math.nan
