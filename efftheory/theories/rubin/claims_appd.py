"""Claims of Rubin et al.'s App. D (Figs. 4-6) on the trained networks of :mod:`.appd_dynamics`: the
width-driven transition seen in training time, at the reduced scale of :data:`.appd_dynamics.RUNS`.

Every measured number is an ensemble mean over independent networks (initialisation and noise; one
training set) with its standard error; the tests of each claim are stated in its statement.  The
runs use the scale in force (:mod:`efftheory.theories.simulation`): ``reduced`` in ``reproduce``,
``full`` with ``--full-simulation``; the claims are not quick.  The theory's critical width at the
paper's parameters, ``N_c = 2540.97`` (quantity ``critical_width``), moves along Table 1 to
``beta N_c = 317.6``: the scaled widths 350 / 175 / 88 are before / after / inside, as the paper's.
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from ...claims import Claim
from ..simulation import current_scale
from .appd_dynamics import RUNS, appd_run

__all__ = ["appd_claims", "mean_se", "drop_times", "well_fraction", "Z_MIN", "Q_WELL"]

#: a difference is significant when it exceeds this many standard errors
Z_MIN = 3.0
#: a unit sits in a side well (Fig. 4) when |q| = |w.w*| exceeds this (the central well's spread at the
#: wide width is ~0.15; the side wells lie near |q| ~ 1)
Q_WELL = 0.5


def mean_se(x):
    """Mean and standard error over the last axis's independent networks (``ddof = 1``)."""
    x = np.asarray(x, dtype=float)
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size))


def drop_times(steps, curves, frac=0.9):
    """First recorded step at which each curve (rows: networks, columns: recorded steps) has made
    ``frac`` of its drop from its start to its last-quarter mean level."""
    curves = np.asarray(curves)
    tail = curves[:, -max(1, curves.shape[1] // 4):].mean(axis=1)
    target = curves[:, 0] - frac * (curves[:, 0] - tail)
    return np.array([steps[np.argmax(c <= t)] if (c <= t).any() else steps[-1] for c, t in zip(curves, target)])


def well_fraction(q):
    """Fraction of units with ``|q| > Q_WELL`` in each network (rows of ``q``)."""
    return (np.abs(np.asarray(q)) > Q_WELL).mean(axis=1)


def _run():
    scale = current_scale()
    return scale, RUNS[scale], appd_run(scale)


def _critical_width(spec, dps):
    """The theory's ``N_c`` (quantity ``critical_width``) at the simulated network's ``n, d, sigma^2, sigma_a^2``."""
    from .cubic import MODEL
    given = {"n": spec.n, "d": spec.d, "eps": repr(spec.eps), "sigma2": repr(spec.sigma2),
             "sigma_a2": repr(spec.sigma_a2), "sigma_w2": repr(spec.sigma_w2)}
    return MODEL.evaluate("critical_width", given, dps=dps).values["N_c"]


def _cubic_order(dps):
    scale, cfg, runs = _run()
    narrow, wide = runs[700], runs[2800]
    mn, sn = mean_se(narrow["proj_test"][-1, :, 1])
    mw, sw = mean_se(wide["proj_test"][-1, :, 1])
    mm, sm = mean_se(runs[1400]["proj_test"][-1, :, 1])
    se = math.hypot(sn, sw)
    nc = _critical_width(narrow["spec"], dps)
    straddle = wide["spec"].N > nc > runs[1400]["spec"].N
    return {"value": mn - mw, "stderr": se, "holds": bool(mn - mw > Z_MIN * se and mn > mm > mw and straddle),
            "N_c_theory_simulated_network": nc,
            "cubic_test_N700": mn, "se_N700": sn, "cubic_test_N1400": mm, "se_N1400": sm,
            "cubic_test_N2800": mw, "se_N2800": sw, "widths_simulated": [runs[k]["spec"].N for k in runs],
            "networks": cfg["networks"], "steps": cfg["steps"], "scale": scale}


def _late_drop(r):
    """Per network: the step of the train loss's 90 % drop, the test loss there (its plateau), the test
    loss's final level (last quarter of the record) and the step of its half-drop after the plateau."""
    steps, train, test = r["steps"], r["train_loss"].T, r["test_loss"].T
    t_train = drop_times(steps, train)
    idx = np.searchsorted(steps, t_train)
    plateau = test[np.arange(len(idx)), idx]
    final = test[:, -max(1, test.shape[1] // 4):].mean(axis=1)
    t_test = drop_times(steps[idx.max():], test[:, idx.max():], frac=0.5)
    return t_train, plateau, final, t_test


def _delayed(dps):
    scale, cfg, runs = _run()
    t_train, plateau, final, t_test = _late_drop(runs[700])
    dm, ds = mean_se(plateau - final)
    wm, ws = mean_se(np.subtract(*_late_drop(runs[2800])[1:3]))
    tt, tts = mean_se(t_train)
    te, tes = mean_se(t_test)
    holds = dm > Z_MIN * ds and dm - wm > Z_MIN * math.hypot(ds, ws) and te > 2 * tt
    return {"value": dm, "stderr": ds, "holds": bool(holds), "drop_N2800": wm, "drop_N2800_se": ws,
            "train_saturation_step": tt, "train_saturation_se": tts, "test_half_drop_step": te,
            "test_half_drop_se": tes, "test_plateau": mean_se(plateau)[0], "test_final": mean_se(final)[0],
            "test_loss_at_zero_output": 1 + 6 * runs[700]["spec"].eps ** 2, "h": cfg["h"], "scale": scale}


def _cubic_learned(dps):
    scale, cfg, runs = _run()
    m, s = mean_se(runs[700]["proj_test"][-1, :, 1])
    mt, st = mean_se(runs[700]["proj_train"][-1, :, 1])
    return {"value": m, "stderr": s, "cubic_train": mt, "cubic_train_se": st, "steps": cfg["steps"],
            "scale": scale}


def _wells(dps):
    scale, cfg, runs = _run()
    fr = {N: mean_se(well_fraction(runs[N]["q"])) for N in runs}
    diff, se = fr[700][0] - fr[2800][0], math.hypot(fr[700][1], fr[2800][1])
    return {"value": diff, "stderr": se, "holds": bool(diff > Z_MIN * se and fr[700][0] > fr[1400][0] > fr[2800][0]),
            **{f"fraction_N{N}": v[0] for N, v in fr.items()}, **{f"se_N{N}": v[1] for N, v in fr.items()},
            "q_well": Q_WELL, "scale": scale}


def appd_claims():
    """The App. D claims (theory ``rubin-cubic``; not quick)."""
    from . import PAPER
    paper = PAPER.short
    setup = ("Time dynamics, not equilibrium sampling: full-batch Euler-Maruyama Langevin descent of both layers "
             "(per-layer weight decays of the prior, temperature sigma^2, layer-wise learning rates eta_l = h/gamma_l, "
             "h = 0.2) on one fixed training set, App. D's parameters moved along Table 1 with beta = 1/8 and "
             "alpha = sqrt(beta): widths 350/175/88 (paper 2800/1400/700), d = 53, n = 212 (n/d = 4 as in the paper), "
             "sigma^2 = 0.1414, sigma_a^2 = 0.0311, so u = 3.77/7.54/15.0 and kappa = 0.88 are the paper's; theory "
             "N_c -> beta N_c = 317.6. Reduced: 6 networks x 600 steps per width (full: 10 x 3000); the paper: 50 x "
             "7e6 epochs. Test quantities are population values in closed form (arcsine kernel, Gaussian projections).")
    src = "simulation (efftheory.theories.rubin.appd_dynamics.appd_run)"
    return (
        Claim("rubin-cubic/appd-cubic-order", "rubin-cubic", paper, "App. D, Fig. 6",
              "the width drives the transition: at the end of training the cubic projection of the mean output on "
              f"test data is larger at the narrow width (700) than at the wide one (2800), by > {Z_MIN:g} se, and "
              "ordered 700 > 1400 > 2800; the theory's N_c of the simulated network lies between its widths 1400 -> 175 "
              "and 2800 -> 350", _cubic_order, None, note=setup, source=src,
              measures="difference of projections", quick=False),
        Claim("rubin-cubic/appd-wells", "rubin-cubic", paper, "App. D, Fig. 4",
              "for smaller N new local minima of -log p(w.w*) appear and deepen (checked: the fraction of units with "
              f"|q| > {Q_WELL:g} is larger at 700 than at 2800 by > {Z_MIN:g} se, ordered 700 > 1400 > 2800)",
              _wells, None, note=setup, source=src, measures="difference of fractions", quick=False),
        Claim("rubin-cubic/appd-delayed", "rubin-cubic", paper, "App. D, Fig. 5",
              "at N = 700 the test loss drops after a plateau (delayed generalisation; checked: the test loss falls "
              f"after the train loss has saturated, by > {Z_MIN:g} se and by more than at N = 2800, and its "
              "half-drop comes > 2x later than the train loss's 90 % drop)", _delayed, None,
              note="the measured late drop is slow and small (reduced run: test loss 8.7 -> 8.2 of 9.64 at zero output, "
                   "half-drop ~34 steps after the train loss saturated at ~7): the ordering and the delay reproduce, "
                   "the paper's sharp drop to a low test loss does not (claim appd-cubic-learned). " + setup,
              source=src, measures="test-loss drop", quick=False),
        Claim("rubin-cubic/appd-cubic-learned", "rubin-cubic", paper, "App. D, Fig. 6",
              "narrow networks learn the cubic component on test data (normalised projection -> 1 = fully learned; "
              "compared with 1 at an absolute tolerance 0.5)", _cubic_learned, sp.Integer(1), sp.Rational(1, 2), absolute=True,
              expect="differs",
              note="out of reach at the reduced scale, and not for want of steps: the narrow networks' test "
                   "projection levels off at 0.052 +- 0.002 (6 x 600 steps) and 0.051 +- 0.002 (10 x 3000 steps), "
                   "stationary after ~50 steps, while the train projection is 0.39-0.40 (the networks fit the cubic "
                   "part of the 212 training points without generalising it); the paper's approach to 1 after 7e6 "
                   "epochs at n = 600, d = 150 (barriers ~ d, so slow dynamics) is not reached by the beta = 1/8 "
                   "network, whose stationary law learns the cubic mode only at the per-cent level. " + setup,
              source=src, quick=False),
    )
