r"""Numbers of ``rubin-modular`` (model B) from the derived equations of :mod:`.modular_symbolic`.

The special points are the derived :math:`P\to\infty` closed forms (they depend on :math:`P`
only through :math:`u`); the quantity ``a`` is the finite-:math:`P` self-consistent solution with
the two-point saddle mixture (App. eqs. 38-42); ``a_limit`` and ``kinks`` are the piecewise
:math:`P\to\infty` branch and its one-sided slopes.

References
----------
N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024, arXiv:2310.03789: §3.2.1, Fig. 3, App. B.3-B.4
(eqs. 36-42).  Theory note: ``rubin2023.md`` §5.6-5.7.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ...errors import ConvergenceError, ParameterDomainError
from ...numeric import bracketed_root, compile_exprs, to_mpf
from .modular_small_p import check_prime
from .modular_symbolic import N, P, closed_forms, gamma, normalization_factor, sigma_a2

__all__ = ["special_points", "discrepancy", "discrepancy_limit", "kinks", "action_on_line"]

_BASE = (N, P, sigma_a2, gamma)


def _validated(params) -> dict:
    """The numeric parameters, with P checked to be a prime >= 3."""
    check_prime(params["P"])
    normalization_factor(params["normalization"])
    return params


def _exact_base(params) -> dict:
    return {s: params[str(s)] for s in _BASE}


def _closed_numbers(params, dps) -> dict:
    """The derived closed forms evaluated at working precision ``dps``."""
    cf = closed_forms(params["normalization"])
    keys = ("A_sp", "A_c", "phi_c", "sigma2_sp", "sigma2_I", "sigma2_II", "sigma2_star", "lambda_0", "lambda_1")
    kernel = compile_exprs([cf[k] for k in keys], _BASE)
    values = kernel.mp(*[params[str(s)] for s in _BASE], dps=dps)
    return dict(zip(keys, values))


def _exists(params, key) -> bool:
    """Whether a closed-form sigma^2 is positive, decided exactly (not in floating point)."""
    value = closed_forms(params["normalization"])[key].subs(_exact_base(params))
    sign = value.is_positive
    if sign is None:                       # SymPy could not decide: an exact zero, or undecidable
        return bool(sp.N(value, 60) > 0)
    return bool(sign)


def _u(params, s2, dps):
    with mpmath.workdps(dps):
        return 2 * to_mpf(params["sigma_a2"], dps) * to_mpf(params["P"], dps)**2 / (to_mpf(params["N"], dps) * s2**2)


def special_points(params, dps) -> list:
    r"""Spinodal, GMFL-I onset and GMFL-II onset (the derived :math:`P\to\infty` closed forms).

    Each point has ``sigma2``, ``u``, ``a`` (= |a|), the coupling ``A`` = u a^2, the saddle ``phi``
    (= :math:`\Phi_+`) and the occupation ``rho``.  A point whose sigma2 would be <= 0 is not
    returned (in the consistent normalisation GMFL-II is never reached for Fig. 3's parameters).

    References
    ----------
    Rubin et al. (ICLR 2024) §3.2.1; theory note §5.6.

    Examples
    --------
    >>> from efftheory import theory
    >>> theory("rubin-modular").solve(dps=20)["gmfl2_onset"].values["sigma2"]   # doctest: +ELLIPSIS
    mpf('0.176015042701893...')
    """
    params = _validated(params)
    out = []
    with mpmath.workdps(dps):
        c = _closed_numbers(params, dps)
        l0, l1 = c["lambda_0"], c["lambda_1"]

        def point(s2, a_, A_, phi, r):
            return {"sigma2": s2, "u": _u(params, s2, dps), "a": a_, "A": A_, "phi": phi, "rho": r}
        if _exists(params, "sigma2_sp"):
            s2 = c["sigma2_sp"]
            out.append(("spinodal", point(s2, s2 / (s2 + l0), c["A_sp"], 1 / c["A_sp"], mpmath.mpf(0))))
        if _exists(params, "sigma2_I"):
            s2 = c["sigma2_I"]
            out.append(("gmfl1_onset", point(s2, s2 / (s2 + l0), c["A_c"], c["phi_c"], mpmath.mpf(0))))
        if _exists(params, "sigma2_II"):
            s2 = c["sigma2_II"]
            out.append(("gmfl2_onset", point(s2, s2 / (s2 + l1), c["A_c"], c["phi_c"], mpmath.mpf(1))))
    return out


def _saddle(A_, g):
    """Phi_+ and s(Phi_+) = Phi_+ (2 - A Phi_+)/3 (derivation steps 'nonzero saddles', 'height')."""
    phi = (A_ + mpmath.sqrt(A_ * A_ - g)) / g
    return phi, phi * (2 - A_ * phi) / 3


def _finite_p_state(params, s2, a_, dps):
    """lambda, rho, A at a given |a| (finite P, two-point mixture of App. eq. 41)."""
    with mpmath.workdps(dps):
        g = to_mpf(params["gamma"], dps)
        Pm = to_mpf(params["P"], dps)
        sa2 = to_mpf(params["sigma_a2"], dps)
        cnum = {"paper": mpmath.mpf(1), "consistent": 4 * Pm**2}[params["normalization"]]
        l0 = {"paper": mpmath.mpf(0), "consistent": 4 * sa2}[params["normalization"]]
        A_ = _u(params, s2, dps) * a_**2
        if A_ < mpmath.sqrt(g):                      # no nonzero saddle: only the zero saddle
            return l0, mpmath.mpf(0), A_, mpmath.mpf(0)
        phi, s_plus = _saddle(A_, g)
        r = 1 / (1 + mpmath.exp(Pm * s_plus) / 4)    # = 4 e^{-P s}/(1 + 4 e^{-P s}), overflow-free
        return cnum * sa2 * r * phi**2 + l0 * (1 - r), r, A_, phi


def discrepancy(params, dps) -> dict:
    r"""Finite-:math:`P` self-consistent |a| at ``sigma2`` (App. eqs. 38-42), with rho, u, A, lambda.

    Solves :math:`|a| = \sigma^2/(\lambda(|a|)+\sigma^2)` on (0, 1] by bracketing; the right side is
    non-increasing in |a|, so the root is unique.  ``rho`` is the occupation of the nonzero saddle
    :math:`4e^{-Ps_+}/(1+4e^{-Ps_+})`; ``phi`` the saddle :math:`\Phi_+` (0 when it does not exist).

    References
    ----------
    Rubin et al. (ICLR 2024) App. eqs. 38-42 (sign of eq. 38 corrected); theory note §5.7.
    """
    params = _validated(params)
    with mpmath.workdps(dps):
        s2 = to_mpf(params["sigma2"], dps)

        def f(x):
            return x * (_finite_p_state(params, s2, x, dps)[0] + s2) - s2
        root = bracketed_root(f, mpmath.mpf(0), mpmath.mpf(1), dps, "self-consistent |a|")
        lam_, r, A_, phi = _finite_p_state(params, s2, root, dps)
        return {"a": root, "rho": r, "u": _u(params, s2, dps), "A": A_, "phi": phi, "lambda": lam_}


def _phase_of(params, s2) -> str:
    """The P -> infinity phase at a rational sigma2, decided exactly."""
    cf = closed_forms(params["normalization"])
    base = _exact_base(params)

    def above(key):
        d = (s2 - cf[key].subs(base))
        sign = d.is_nonnegative
        return bool(sp.N(d, 60) >= 0) if sign is None else bool(sign)
    if not _exists(params, "sigma2_I") or above("sigma2_I"):
        return "GFL"
    if not _exists(params, "sigma2_II") or above("sigma2_II"):
        return "GMFL-I"
    return "GMFL-II"


def _gmfl2_branch(params, s2, dps):
    """|a| in GMFL-II (P -> infinity): a (sigma2 + c sigma_a2 Phi_+(u a^2)^2) = sigma2, rho = 1."""
    with mpmath.workdps(dps):
        c = _closed_numbers(params, dps)
        g = to_mpf(params["gamma"], dps)
        u_ = _u(params, s2, dps)
        l1_per_phi2 = c["lambda_1"] / c["phi_c"]**2

        def f(x):
            A_ = max(u_ * x * x, c["A_c"])
            return x * (s2 + l1_per_phi2 * _saddle(A_, g)[0]**2) - s2
        return bracketed_root(f, mpmath.sqrt(c["A_c"] / u_), mpmath.mpf(1), dps, "GMFL-II |a|")


def discrepancy_limit(params, dps) -> dict:
    r"""|a|, rho and the phase at ``sigma2`` in the :math:`P\to\infty` limit (piecewise closed form).

    GFL: :math:`|a|=\sigma^2/(\sigma^2+\lambda_0)`, rho = 0; GMFL-I: :math:`|a|=\sigma^2/\sigma_*^2`,
    :math:`\rho=(\sigma_*^2-\sigma^2-\lambda_0)/(\lambda_1-\lambda_0)`; GMFL-II: the monotone equation of
    §5.6, rho = 1.  (Paper normalisation: :math:`\lambda_0=0`, :math:`\sigma_*^2=\sigma_I^2`.)
    """
    params = _validated(params)
    phase = _phase_of(params, params["sigma2"])
    with mpmath.workdps(dps):
        s2 = to_mpf(params["sigma2"], dps)
        c = _closed_numbers(params, dps)
        if phase == "GFL":
            a_, r = s2 / (s2 + c["lambda_0"]), mpmath.mpf(0)
        elif phase == "GMFL-I":
            a_ = s2 / c["sigma2_star"]
            r = (c["sigma2_star"] - s2 - c["lambda_0"]) / (c["lambda_1"] - c["lambda_0"])
        else:
            a_, r = _gmfl2_branch(params, s2, dps), mpmath.mpf(1)
        return {"a": a_, "rho": r, "phase": phase}


def kinks(params, dps) -> dict:
    r"""One-sided slopes of |a| and rho at the two kinks, and the exponents they imply (:math:`P\to\infty`).

    Keys ``da_I_gfl``/``da_I_gmfl1`` and ``drho_I_gfl``/``drho_I_gmfl1`` (d/dsigma^2 just above / below
    :math:`\sigma_I^2`), ``da_II_gmfl1``/``da_II_gmfl2`` and ``drho_II_gmfl1``/``drho_II_gmfl2`` (just above /
    below :math:`\sigma_{II}^2`; the GMFL-II slope of |a| by implicit differentiation of
    :math:`a(\sigma^2+\lambda(a))=\sigma^2`).  ``beta_*``: the exponent :math:`\beta` in
    :math:`|x-x_c|\sim|\sigma^2-\sigma_c^2|^\beta` on the side where x varies; a finite nonzero one-sided
    derivative makes it exactly 1 (a kink), which is what is reported, after checking the slope is nonzero.

    References
    ----------
    Rubin et al. (ICLR 2024) §3.2.1 and Fig. 3b ("kinks"); theory note §5.6.
    """
    params = _validated(params)
    if not (_exists(params, "sigma2_I") and _exists(params, "sigma2_II")):
        raise ParameterDomainError("kinks: both transitions must exist (sigma2_I, sigma2_II > 0); with these "
                                   f"parameters and normalization={params['normalization']} GMFL-II is not reached")
    with mpmath.workdps(dps):
        c = _closed_numbers(params, dps)
        g = to_mpf(params["gamma"], dps)
        sI, sII, sst, l0, l1 = c["sigma2_I"], c["sigma2_II"], c["sigma2_star"], c["lambda_0"], c["lambda_1"]
        a_II = sII / sst
        l1_per_phi2 = l1 / c["phi_c"]**2
        u_II = _u(params, sII, dps)
        # implicit derivative of F(a, s2) = a (s2 + lam(u(s2) a^2)) - s2 at (a_II, sigma2_II), u = const/s2^2
        lam_A = 2 * l1_per_phi2 * _saddle(c["A_c"], g)[0] * (1 + c["A_c"] / mpmath.sqrt(c["A_c"]**2 - g)) / g
        F_a = sII + l1 + 2 * u_II * a_II**2 * lam_A
        F_s = a_II - 1 - 2 * a_II**3 * u_II * lam_A / sII
        out = {"sigma2_I": sI, "sigma2_II": sII,
               "da_I_gfl": l0 / (sI + l0)**2, "da_I_gmfl1": 1 / sst,
               "drho_I_gfl": mpmath.mpf(0), "drho_I_gmfl1": -1 / (l1 - l0),
               "da_II_gmfl1": 1 / sst, "da_II_gmfl2": -F_s / F_a,
               "drho_II_gmfl1": -1 / (l1 - l0), "drho_II_gmfl2": mpmath.mpf(0)}
        tiny = mpmath.mpf(10) ** (-dps // 2)
        for key in ("da_I_gmfl1", "drho_I_gmfl1", "da_II_gmfl1", "da_II_gmfl2", "drho_II_gmfl1"):
            if abs(out[key]) < tiny:
                raise ConvergenceError(f"kinks: the slope {key} vanishes; the exponent is not 1")
        out.update(beta_a_I=mpmath.mpf(1), beta_rho_I=mpmath.mpf(1), beta_a_II_gmfl1=mpmath.mpf(1),
                   beta_a_II_gmfl2=mpmath.mpf(1), beta_rho_II_gmfl1=mpmath.mpf(1))
        return out


def action_on_line(A_, g, phis):
    r"""``s(Phi) = Phi - A Phi^2 + gamma Phi^3/3`` (the derived restriction to Phi = Psi) for plotting (float64)."""
    import numpy as np
    x = np.asarray(phis, dtype=float)
    return x - A_ * x**2 + g * x**3 / 3

