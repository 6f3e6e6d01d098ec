"""Claims on the simulated network of model A (Langevin, Table-1 scale ``beta = 1/8``) against the
finite-``d`` theory at the same ``d sqrt(beta)``: Fig. 2a/b (``-log p(q)`` before and after the
transition) and Fig. 2c (the learned components cross the transition as the theory puts them).

They are not quick (``reproduce --quick`` skips them).  The simulations run at the scale in force (:mod:`efftheory.theories.simulation`: reduced in
``reproduce``, full with ``--full-simulation``); the claims and the figures share each run.  Every
simulated number is a mean over independent networks with its standard error; each test of
agreement is stated with its threshold in the claim.
"""
from __future__ import annotations

import math

import sympy as sp

from ...claims import Claim
from ..simulation import current_scale
from .langevin_runs import SCALES, scaled_run

__all__ = ["simulation_claims", "P_MIN", "Z_MAX", "ek_accuracy"]

#: the histogram agrees when the chi^2 of its bins has a p-value above this (a 0.1 % false alarm)
P_MIN = 1e-3
#: learned components agree when within this many standard errors of the theory (two components, a
#: handful of sigma^2 values: a false alarm well under 1 %)
Z_MAX = 3.5


def ek_accuracy(network) -> float:
    """The relative accuracy ``d/n`` of the equivalent-kernel theory: it replaces ``sum_mu t_mu phi(w.x_mu)`` by
    ``n E[t phi]`` and drops the fluctuation of the sum, whose square is ``O(n)`` against the signal's
    ``O(n^2 q^2) = O(n^2/d)`` (``q^2 ~ 1/d`` in GFL)."""
    return network["d"] / network["n"]


def _runs():
    scale = current_scale()
    cfg = SCALES[scale]
    return scale, cfg, [scaled_run(scale, s) for s in cfg["sigma2"]]


def _frac(text):
    return float(sp.Rational(text))


def _pick(runs, side):
    if side == "before":
        return max(runs, key=lambda r: _frac(r["sigma2_base"]))
    return min(runs, key=lambda r: abs(_frac(r["sigma2_base"]) - 0.14))


def _histogram_claim(side):
    def compute(dps):
        scale, cfg, runs = _runs()
        pick = _pick(runs, side)
        c, c13, eq = pick["chi2_integrated"], pick["chi2"], pick["equilibration"]
        return {"value": c["chi2_per_bin"], "holds": bool(c["p_value"] >= P_MIN and eq["equilibrated"]),
                "p_value": c["p_value"], "bins": c["dof"], "max_abs_z": c["max_abs_z"],
                "eq13_chi2_per_bin": c13["chi2_per_bin"], "eq13_p_value": c13["p_value"],
                "sigma2": pick["sigma2_base"], "sigma2_network": pick["network"]["sigma2"],
                "networks": pick["networks"], "steps": pick["steps"], "burn_in": eq["burn_in"],
                "tau_q2_steps": eq["tau_q2"], "acceptance": eq["acceptance"], "scale": scale}
    return compute


def _perp(dps):
    scale, cfg, runs = _runs()
    pick = _pick(runs, "after")
    p = pick["perp"]
    return {"value": p["perp_wells"], "stderr": p["perp_wells_se"], "theory_integrated": p["theory_integrated"],
            "z_integrated": (p["perp_wells"] - p["theory_integrated"]) / p["perp_wells_se"],
            "all_units": p["perp_all"], "sigma2": pick["sigma2_base"], "scale": scale}


def _linear_agrees(dps):
    """Each sigma^2's deviation of the linear component from the theory, in units of its standard error combined
    with the equivalent-kernel theory's own accuracy :func:`ek_accuracy`; the statistical-only z and the deficit
    pooled over sigma^2 are in the details."""
    scale, cfg, runs = _runs()
    out, worst, w_sum, wd_sum = {}, 0.0, 0.0, 0.0
    for r in runs:
        s, sim, se = r["sigma2_base"], r["learned"]["linear"], r["learned"]["linear_se"]
        th = r["theory_integrated"]["linear"]
        allowance = ek_accuracy(r["network"]) * abs(th)
        z = (sim - th) / math.hypot(se, allowance)
        worst = max(worst, abs(z))
        w_sum, wd_sum = w_sum + se**-2, wd_sum + (th - sim) * se**-2
        out.update({f"z_{s}": z, f"z_statistical_{s}": r["z_integrated"]["linear"], f"z_eq13_{s}": r["z"]["linear"],
                    f"deficit_{s}": th - sim})
    return {"value": worst, "holds": bool(worst <= Z_MAX), "pooled_deficit": wd_sum / w_sum,
            "pooled_deficit_se": w_sum**-0.5, "ek_allowance_relative": ek_accuracy(runs[0]["network"]),
            "largest_abs_z_statistical": max(abs(r["z_integrated"]["linear"]) for r in runs), **out, "scale": scale}


def _cubic_rises(dps):
    scale, cfg, runs = _runs()
    lo = min(runs, key=lambda r: _frac(r["sigma2_base"]))
    hi = max(runs, key=lambda r: _frac(r["sigma2_base"]))
    a, b = lo["learned"], hi["learned"]
    ratio = a["cubic_normalized"] / b["cubic_normalized"]
    se = ratio * math.hypot(a["cubic_normalized_se"] / a["cubic_normalized"],
                            b["cubic_normalized_se"] / b["cubic_normalized"])
    th = lo["theory_integrated"]["cubic_normalized"] / hi["theory_integrated"]["cubic_normalized"]
    th13 = lo["theory"]["cubic_normalized"] / hi["theory"]["cubic_normalized"]
    return {"value": ratio, "stderr": se, "theory_integrated": th, "theory_eq13": th13,
            "holds": bool(ratio - 1 > 3 * se and abs(ratio - th) <= Z_MAX * se),
            "cubic_after": a["cubic_normalized"], "cubic_after_se": a["cubic_normalized_se"],
            "cubic_before": b["cubic_normalized"], "cubic_before_se": b["cubic_normalized_se"],
            "theory_after": lo["theory_integrated"]["cubic_normalized"],
            "theory_before": hi["theory_integrated"]["cubic_normalized"],
            "sigma2_after": lo["sigma2_base"], "sigma2_before": hi["sigma2_base"], "scale": scale}


def simulation_claims():
    """The claims on the simulated network (theory ``rubin-cubic``)."""
    from . import PAPER
    paper = PAPER.short
    setup = ("Langevin posterior sampling (Metropolis-adjusted, read-out integrated out exactly) of the erf "
             "network at Table 1 with beta = 1/8 (N = 88, d = 53) and data alpha = 1/2 (n = 1500, sigma2 x 4: "
             "u, kappa unchanged; the theory is the alpha -> oo one); independent networks with their own data; "
             "burn-in by MSER, autocorrelation time measured; theory: finite d = 53 = 150 sqrt(beta) at the "
             "network's own parameters, with |w_perp|^2 integrated (langevin_theory); Eq. 13's value is in the "
             "details")
    return (
        Claim("rubin-cubic/sim-logp-before", "rubin-cubic", paper, "Fig. 2a (experiment)",
              "before the transition the measured -log p(w.w*) of the trained networks follows the finite-d "
              f"theory (chi^2 of the histogram bins, p-value >= {P_MIN:g})",
              _histogram_claim("before"), None, note=setup, source="simulation (efftheory simulate rubin-cubic)",
              measures="chi^2 per bin", quick=False),
        Claim("rubin-cubic/sim-logp-after", "rubin-cubic", paper, "Fig. 2b (experiment)",
              "after the transition the measured -log p(w.w*), with its side wells, follows the finite-d theory "
              f"(chi^2 of the histogram bins, p-value >= {P_MIN:g})",
              _histogram_claim("after"), None, note=setup, source="simulation (efftheory simulate rubin-cubic)",
              measures="chi^2 per bin", quick=False),
        Claim("rubin-cubic/sim-perp-concentration", "rubin-cubic", paper, "App. eqs. 7-8, Eq. 13",
              "|w_perp|^2 concentrates at sigma_w^2 = 1/2 for every neuron, so the scalar action Eq. 13 holds "
              "(checked: the measured mean |w_perp|^2 of the side-well neurons, |q| > 0.6, after the transition)",
              _perp, sp.Rational(1, 2), sp.Rational(1, 10), expect="differs",
              note="the interaction term depends on |w|^2 = q^2 + |w_perp|^2 at order d, like the prior and the "
                   "entropy of w_perp, so in a side well |w_perp|^2 shifts by O(1): the concentrated value is not "
                   "the prior's; the finite-d law with |w_perp|^2 integrated predicts the measured value "
                   "(theory_integrated, z_integrated in the details); at d -> oo the same shift moves the first-order point "
                   "(claims u_c-perp-saddle, sigma2_c-perp-saddle). " + setup,
              source="paper, App. A.2 (concentration of |w_perp|^2); simulation", quick=False),
        Claim("rubin-cubic/sim-linear", "rubin-cubic", paper, "Fig. 2c inset (experiment)",
              "the measured linear component 1 - b of the mean output agrees with the finite-d theory at every "
              "simulated sigma^2, within its standard error combined with the equivalent-kernel theory's own "
              f"accuracy (d/n) (1 - b) (|z| <= {Z_MAX:g})",
              _linear_agrees, None, note="At the full scale (16 networks x 1000 steps, seven sigma^2) the linear "
              "component lies 0.022-0.027 below the theory at every sigma^2 (statistical z from -3.1 to -3.55): a "
              "systematic of the size d/n = 3.5 % of the terms the equivalent-kernel theory drops, not noise; "
              "the allowance says so, and a finite-n correction of the theory is not derived. " + setup,
              source="simulation (efftheory simulate rubin-cubic)",
              measures="largest |z| (standard error and d/n allowance combined)", quick=False),
        Claim("rubin-cubic/sim-cubic-rises", "rubin-cubic", paper, "Fig. 2c, §3.1.1 (experiment)",
              "the cubic component is learned across the transition: the measured ratio of (eps - c)/eps after "
              "to before the transition is significantly above 1 (> 3 se) and equals the finite-d theory's "
              f"(within {Z_MAX:g} se)", _cubic_rises, None, note=setup,
              source="simulation (efftheory simulate rubin-cubic)", quick=False),
    )
