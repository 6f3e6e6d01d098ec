r"""Žunkovič & Ilievski: fixed-attention experiments on rule 30 (§4.3.1): Fig. 13, Figs. 15-17, Table 1.

* :func:`exact_attention_transition` -- Fig. 13: with the exact tensors of Eq. 68 the 8 features are
  orthonormal, each output relaxes on its own, and the test error drops to 0 by the weight of the last
  neighbourhood to flip: 1/8 of the windows, i.e. 1/4 in the paper's error :math:`\langle|y-\operatorname{sgn}\hat y|\rangle`.
* :func:`fixed_attention_run` -- Figs. 15 and 17 for a fixed (App. C) tensor: ``runs`` trajectories of
  ``B`` from :math:`\mathcal N(0,1)` starts, the grokking times :math:`t_G = t_\varepsilon - t_{\rm train}`,
  the :math:`t_\varepsilon`-aligned mean test error and its log-log slope :math:`\nu`.
* :func:`effective_dimension`, :func:`angle_exponents` and :func:`class_margin` -- the columns of Table 1.

Conventions (the paper does not state them; these reproduce it best, see the theory page):

* ``loss="sum"``: the loss of ``B`` is summed over the :math:`2^M` training strings (the mean over the
  positions of a string), so a strength :math:`\lambda` of the paper is :math:`\lambda/2^M` in Eq. 2 as printed
  (``loss="mean"``) and the paper's time is the Eq.-2 time divided by :math:`2^M`.  With it 9 of the 10
  (tensor, strength) settings of Fig. 15 have a stationary ``B`` with zero test error (with ``"mean"``: 5),
  and the Fig. 14 :math:`L_2` curve has the paper's shape (:func:`.rule30_experiments.fig14_scan`).
* the test set: every position of random strings (the authors' code uses random strings of length 1000).

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) (2024), §4.3.1, Eq. 68, Figs. 13, 15-17, Table 1, App. C.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .rule30_automaton import _choice, random_inputs, rule_labels
from .rule30_certificate import APPENDIX_C_ATTENTION, EXACT_ATTENTION
from .rule30_dynamics import (_spectrum, error_curves, flow, test_windows, training_problem, training_windows,
                              trajectory_times, unique_windows)
from .rule30_network import boundary_vectors

__all__ = ["exact_attention_transition", "fixed_attention_run", "effective_dimension", "angle_exponents",
           "class_margin", "fig15_run", "g_eigenvalue_groups", "table1_row", "FIG15", "TABLE1"]

#: Fig. 15 legends [paper]: tensor -> ((lambda1, lambda2, nu), ...)
FIG15 = {"example1": ((0.01, 0, 0.86), (0.1, 0, 0.85), (0, 0.1, 0.82)),
         "example2": ((0, 0, 0.77), (0.05, 0, 0.76), (0, 0.1, 0.72)),
         "example3": ((0, 0, 0.82), (0.2, 0, 0.86), (0, 0.2, 0.82))}
#: Table 1 [paper]: tensor -> (D_eff, nu, xi*, eps in units of the intra-class std)
TABLE1 = {"example1": (3.0, 0.85, 1.2, 1.45), "example2": (3.8, 0.75, 1.8, 1.46), "example3": (3.0, 0.84, 1.6, 1.6)}


def exact_attention_transition(*, runs: int = 200, seed: int = 0, taus=None) -> dict:
    r"""Fig. 13: the test error of ``B`` trained with the exact attention of Eq. 68 (d = 4), per run and aligned.

    Returns the jump of each run at :math:`t_\varepsilon` in the paper's normalisation (runs already correct
    at :math:`t = 0` are dropped), and the mean error at :math:`t_\varepsilon - \tau` with :math:`\tau` in the
    paper's time (``loss="sum"``: the Eq.-2 time over 8; before :math:`t = 0` the error is that of B(0)).
    """
    A = EXACT_ATTENTION
    G, a = training_problem(A)
    Ztr, ytr = training_windows(A)
    Zte, yte, counts = unique_windows(*test_windows(A, strings=20, length=50, seed=seed))
    B0 = np.random.default_rng(seed).standard_normal((runs, G.shape[0]))
    tt = trajectory_times(G, a, B0, Ztr, ytr, Zte, yte, t_max=200.0)
    te = tt["t_eps"]
    keep = np.nonzero(te > 0)[0]
    spec = _spectrum(G, a)
    taus = np.geomspace(1e-4, 3, 30) if taus is None else np.asarray(taus)
    jumps, curve = [], np.zeros(len(taus))
    for r in keep:
        times = np.concatenate([te[r] - 8 * taus[::-1], [te[r] * (1 - 1e-9), te[r]]]).clip(0)  # paper time x 8
        Bt = flow(G, a, B0[r:r + 1], times, spectrum=spec)[0]
        e = error_curves(Zte, yte, Bt, scale="paper")           # the 8 neighbourhoods, equally likely
        jumps.append(e[-2] - e[-1])
        curve += e[:-2][::-1]
    return {"jumps": np.array(jumps), "taus": taus, "mean_error": curve / max(len(keep), 1), "runs": len(keep),
            "neighbourhoods": len(yte), "t_train_equals_t_eps": bool(np.allclose(tt["t_train"][keep], te[keep]))}


def _scaled(lam, loss, M):
    _choice(loss, "loss", ("mean", "sum"))
    return lam / 2**M if loss == "sum" else lam


def fixed_attention_run(A, *, lambda1=0.0, lambda2=0.0, runs: int = 100, seed: int = 0, loss: str = "sum",
                        train_length: int = 3, test_strings: int = 100, test_length: int = 200,
                        fit_window=(1e-2, 0.3), t_max: float = 200.0, dt: float = 5e-3) -> dict:
    r"""Trajectories of ``B`` for a fixed tensor ``A``: grokking times and the exponent of the aligned mean error.

    Times are returned in the paper's units (``loss="sum"``: Eq.-2 time divided by :math:`2^M`).  The exponent is
    the least-squares slope of :math:`\ln\langle E(t_\varepsilon-\tau)\rangle` against :math:`\ln\tau` over
    ``fit_window`` (paper units) among runs that reach zero test error.
    """
    M = train_length
    l1, l2 = _scaled(lambda1, loss, M), _scaled(lambda2, loss, M)
    unit = 2**M if loss == "sum" else 1
    G, a = training_problem(A, lambda2=l2, train_length=M)
    Ztr, ytr = training_windows(A, train_length=M)
    Zte, yte = test_windows(A, strings=test_strings, length=test_length, seed=seed + 1)
    B0 = np.random.default_rng(seed).standard_normal((runs, G.shape[0]))
    tmax = t_max
    tt = trajectory_times(G, a, B0, Ztr, ytr, Zte, yte, lambda1=l1, t_max=tmax, dt=dt)
    te = tt["t_eps"]
    taus = np.geomspace(fit_window[0] / 3, fit_window[1] * 3, 24) * unit         # Eq.-2 time
    good = np.nonzero(np.isfinite(te) & (te > taus[-1]))[0]
    curve = np.zeros(len(taus))
    spec = _spectrum(G, a) if l1 == 0 else None
    for r in good:
        if l1 == 0:
            Bt = flow(G, a, B0[r:r + 1], te[r] - taus[::-1], spectrum=spec)[0]
        else:
            Bt = flow(G, a, B0[r:r + 1], te[r] - taus[::-1], lambda1=l1, dt=dt)[0]
        curve += error_curves(Zte, yte, Bt, scale="paper")[::-1]
    curve /= max(len(good), 1)
    tau_p = taus / unit
    m = (tau_p >= fit_window[0]) & (tau_p <= fit_window[1]) & (curve > 0)
    nu = float(np.polyfit(np.log(tau_p[m]), np.log(curve[m]), 1)[0]) if m.sum() >= 3 and len(good) else float("nan")
    B_star = np.linalg.lstsq(G, a, rcond=None)[0] if l1 == 0 else flow(G, a, B0[:1], [tmax], lambda1=l1, dt=dt)[0, 0]
    return {"t_train": tt["t_train"] / unit, "t_eps": te / unit, "t_G": tt["t_G"] / unit, "taus": tau_p,
            "mean_error": curve, "nu": nu, "runs_aligned": len(good), "runs": runs,
            "stationary_test_error": float(error_curves(Zte, yte, B_star)), "G_eigenvalues": np.linalg.eigvalsh(G) * unit}


def effective_dimension(Z, y=None, *, centre: str = "pooled") -> float:
    r""":math:`D_{\rm eff} = e^S`, :math:`S = -\sum_k\sigma_k\ln\sigma_k` over the PCA variance fractions (§4.3.1).

    ``centre``: ``"pooled"`` (subtract the mean) or ``"none"`` (second moments).  With labels ``y`` the PCA is
    done per class and the two :math:`D_{\rm eff}` are averaged: on the test-set features this reproduces
    Table 1 (2.84 / 3.76 / 3.06 against 3.0 / 3.8 / 3.0); the paper does not state its convention.
    """
    _choice(centre, "centre", ("pooled", "none"))
    if y is not None:
        y = np.asarray(y)
        return float(np.mean([effective_dimension(np.asarray(Z)[y == c], centre=centre) for c in (-1, 1)]))
    X = np.asarray(Z, dtype=float)
    if centre == "pooled":
        X = X - X.mean(axis=0)
    ev = np.clip(np.linalg.eigvalsh(X.T @ X / len(X)), 0, None)
    s = ev[ev > 1e-14 * ev.sum()] / ev.sum()
    return float(np.exp(-(s * np.log(s)).sum()))


def _contexts(A, strings, length, seed):
    """Normalised left/right context 2-vectors and labels at every position of random strings."""
    x = random_inputs(length, strings, seed=seed)
    vL, vR, _ = boundary_vectors(A)
    As = np.asarray(A)[(x > 0).astype(int)]
    n, Mx = x.shape
    d = vL.shape[0]
    left, right = np.empty((n, Mx, d)), np.empty((n, Mx, d))
    left[:, 0], right[:, -1] = vL, vR
    for i in range(1, Mx):
        v = np.einsum("nm,nmk->nk", left[:, i - 1], As[:, i - 1])
        left[:, i] = v / np.linalg.norm(v, axis=1, keepdims=True)
        w = np.einsum("nkm,nm->nk", As[:, Mx - i], right[:, Mx - i])
        right[:, Mx - 1 - i] = w / np.linalg.norm(w, axis=1, keepdims=True)
    return left.reshape(-1, d), right.reshape(-1, d), rule_labels(x).reshape(-1)


def angle_exponents(A, *, strings: int = 2000, length: int = 200, seed: int = 0, bins=(10**2, 10**3, 10**4, 10**5)):
    r"""Fig. 16: the growth exponent of the largest histogram density of the context angles with the bin count.

    Returns ``{(side, class): exponent}`` and :math:`\xi^* = \max_{\rm class}(\xi_L + \xi_R)` (d = 2 contexts).
    """
    left, right, y = _contexts(A, strings, length, seed)
    out = {}
    for side, V in (("left", left), ("right", right)):
        ang = np.mod(np.arctan2(V[:, 1], V[:, 0]), np.pi)         # a direction (sign-free), in [0, pi)
        for cls in (-1, 1):
            sel = ang[y == cls]
            dens = [np.histogram(sel, bins=b, range=(0, np.pi))[0].max() * b / (np.pi * len(sel)) for b in bins]
            out[side, cls] = float(np.polyfit(np.log(bins), np.log(dens), 1)[0])
    xi_star = max(out["left", c] + out["right", c] for c in (-1, 1))
    return out, xi_star


def class_margin(Z, y) -> float:
    """Half the distance of the class means over the pooled intra-class standard deviation along that direction."""
    Z, y = np.asarray(Z, dtype=float), np.asarray(y)
    mp, mn = Z[y > 0].mean(axis=0), Z[y < 0].mean(axis=0)
    u = (mp - mn) / np.linalg.norm(mp - mn)
    proj = np.concatenate([(Z[y > 0] - mp) @ u, (Z[y < 0] - mn) @ u])
    return float(np.linalg.norm(mp - mn) / 2 / proj.std())


@lru_cache(maxsize=32)
def fig15_run(name: str, lambda1: float, lambda2: float, *, runs: int = 40, seed: int = 0) -> dict:
    """:func:`fixed_attention_run` for an App. C tensor (cached: claims and figures share the runs)."""
    return fixed_attention_run(APPENDIX_C_ATTENTION[name], lambda1=lambda1, lambda2=lambda2, runs=runs, seed=seed)


def g_eigenvalue_groups(name: str, *, lambda2: float = 0.0) -> dict:
    """Eigenvalues of G (paper units) and the ratio of the geometric means of its upper and lower halves."""
    ev = np.linalg.eigvalsh(training_problem(APPENDIX_C_ATTENTION[name], lambda2=lambda2 / 8)[0]) * 8
    h = len(ev) // 2
    return {"eigenvalues": ev, "ratio": float(np.exp(np.log(ev[h:]).mean() - np.log(ev[:h]).mean()))}


@lru_cache(maxsize=8)
def table1_row(name: str, *, seed: int = 0) -> dict:
    """Table 1 for an App. C tensor from the test-set features: D_eff (per class), xi*, and eps (a guess)."""
    A = APPENDIX_C_ATTENTION[name]
    Zte, yte = test_windows(A, strings=100, length=200, seed=seed + 1)
    _, xi_star = angle_exponents(A, seed=seed)
    return {"D_eff": effective_dimension(Zte, yte), "D_eff_pooled": effective_dimension(Zte), "xi_star": xi_star,
            "eps_guess": class_margin(Zte, yte)}
