r"""Spectrum and dynamics of the Lagrangian effective theory of Liu et al. (2022), at any precision.

* :func:`spectrum` -- eigenvalues of the integer matrix M_D at ``dps`` digits (mpmath
  ``eigsy``), with the exact nullity imposed (the zero eigenvalues are exact zeros,
  decided by rational rank, never by a threshold);
* :func:`closed_form` -- the exact solution of the gradient flow (theory note §6)
  :math:`R(t)=\sqrt{Z_0}\,e^{-cM t}R(0)/\|e^{-cMt}R(0)\|_F`, ``c = 2 eta w / (N Z0)``;
* :func:`rk4` and :func:`euler` -- independent numerical integrators of
  :math:`\dot R=-\eta\nabla\ell_{\rm eff}` in mpmath (Euler = the authors' scheme).

References
----------
Liu et al. 2022, §3 (effective loss), App. F (conservation laws); theory note §5-§7.
"""
from __future__ import annotations

from typing import Sequence

import mpmath

from ...errors import InputError

__all__ = ["spectrum", "mp_matrix", "gradient", "closed_form", "rk4", "euler", "ell_eff"]


def mp_matrix(rows: Sequence[Sequence], dps: int):
    """An integer matrix as an mpmath matrix at ``dps`` digits."""
    with mpmath.workdps(dps):
        return mpmath.matrix([[mpmath.mpf(int(v)) for v in r] for r in rows])


def spectrum(M_rows: Sequence[Sequence], nullity: int, dps: int) -> list:
    """Ascending eigenvalues of the integer PSD matrix M at ``dps`` digits.

    The ``nullity`` smallest are set to exact zeros (``nullity`` must be the exact
    dim ker M, e.g. from :func:`~.combinatorics.nullity`); the others come from
    mpmath's Jacobi ``eigsy`` at ``dps + 10`` guard digits.
    """
    p = len(M_rows)
    with mpmath.workdps(dps + 10):
        ev = sorted(mpmath.eigsy(mp_matrix(M_rows, dps + 10), eigvals_only=True))
        ev = [mpmath.mpf(0)] * nullity + ev[nullity:]
    with mpmath.workdps(dps):
        return [+v for v in ev][:p]


def _dot(R, S):
    return mpmath.fsum(R[k, a] * S[k, a] for k in range(R.rows) for a in range(R.cols))


def ell_eff(M, R, scale):
    """ell_eff = scale * tr(R^T M R) / tr(R^T R), ``scale = w / N_D`` (1/|P0(D)| or 1)."""
    return scale * _dot(R, M * R) / _dot(R, R)


def gradient(M, R, scale):
    """d ell_eff / dR = 2 scale M R / Z0 - 2 ell0 R / Z0^2 (derived in the derivation record)."""
    Z0 = _dot(R, R)
    l0 = scale * _dot(R, M * R)
    return (2 * scale / Z0) * (M * R) - (2 * l0 / Z0**2) * R


def closed_form(M, R0, scale, eta, t):
    """R(t) from the exact solution (note §6), with Z0 = ||R0||_F^2 conserved."""
    Z0 = _dot(R0, R0)
    c = 2 * eta * scale / Z0
    U = mpmath.expm(-c * t * M) * R0
    return mpmath.sqrt(Z0 / _dot(U, U)) * U


def rk4(M, R0, scale, eta, t, steps: int):
    """Classical fourth-order Runge-Kutta for dR/dt = -eta grad ell_eff, ``steps`` equal steps."""
    if steps < 1:
        raise InputError(f"steps = {steps} must be >= 1")
    h = mpmath.mpf(t) / steps
    R = R0
    f = lambda X: -eta * gradient(M, X, scale)  # noqa: E731
    for _ in range(steps):
        k1 = f(R)
        k2 = f(R + (h / 2) * k1)
        k3 = f(R + (h / 2) * k2)
        k4 = f(R + h * k3)
        R = R + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
    return R


def euler(M, R0, scale, eta, t, steps: int, *, frozen_z0: bool = True):
    """Explicit Euler, as in the authors' ``train_add.py`` (Z0 frozen at its initial value).

    The update is ``R <- R + h (2 ell0 R / Z0^2 - 2 scale M R / Z0)`` with the step
    ``h = eta t / steps`` in units where the authors' learning rate is ``eta``.
    """
    if steps < 1:
        raise InputError(f"steps = {steps} must be >= 1")
    h = mpmath.mpf(t) / steps
    Zf = _dot(R0, R0)
    R = R0
    for _ in range(steps):
        Z0 = Zf if frozen_z0 else _dot(R, R)
        l0 = scale * _dot(R, M * R)
        R = R + (h * eta) * ((2 * l0 / Z0**2) * R - (2 * scale / Z0) * (M * R))
    return R
