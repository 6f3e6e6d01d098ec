r"""Explicit small-:math:`P` objects of Rubin et al.'s model B, in exact SymPy.

These build the full table of :math:`P^2` two-hot inputs, the targets, the
student's pre-activations and the Gaussian-process kernel *element by element*,
with no Fourier algebra, so that the Fourier-space identities derived in
:mod:`.modular_symbolic` can be checked against them (brute
force).  Pure SymPy: no NumPy here.

References
----------
Rubin, Seroussi & Ringel, ICLR 2024 (arXiv:2310.03789), §2.2 eqs. 3-5, App. B.1 eq. 21,
App. B.2 eqs. 28 and 31.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from ...errors import ParameterDomainError

__all__ = ["SmallP", "check_prime"]


def check_prime(P) -> int:
    """``P`` as an int, or :class:`ParameterDomainError` unless it is a prime >= 3."""
    if not (isinstance(P, (int, sp.Integer)) and not isinstance(P, bool)) or int(P) < 3 or not sp.isprime(int(P)):
        raise ParameterDomainError(f"parameter 'P' = {P} is outside its domain: primes >= 3 "
                                   "(model B is modular addition over Z_P with P prime)")
    return int(P)


@dataclass(frozen=True)
class SmallP:
    """The explicit data of model B at a small prime ``P``.

    The input layer of one neuron is ``w = (w_0, ..., w_{2P-1})`` (real symbols);
    ``x_nm`` has ones at coordinates ``n`` and ``P + m``, so ``w . x_nm = w_n + w_{P+m}``.
    """

    P: int

    def __post_init__(self):
        check_prime(self.P)

    # ------------------------------------------------------------------ data
    @cached_property
    def w(self) -> tuple:
        return sp.symbols(f"w_0:{2 * self.P}", real=True)

    @cached_property
    def pairs(self) -> tuple:
        """The full table: all ``(n, m)`` in ``Z_P x Z_P`` (eq. 3)."""
        return tuple((n, m) for n in range(self.P) for m in range(self.P))

    def x(self, n: int, m: int) -> sp.Matrix:
        """The two-hot input ``x_nm`` in ``R^{2P}`` (eq. 3)."""
        v = sp.zeros(2 * self.P, 1)
        v[n], v[self.P + m] = 1, 1
        return v

    def y(self, p: int, n: int, m: int) -> sp.Rational:
        """Target ``y_p(x_nm) = delta_{p,(n+m) mod P} - 1/P`` (eq. 4)."""
        return sp.Integer(int((n + m) % self.P == p)) - sp.Rational(1, self.P)

    def h(self, n: int, m: int) -> sp.Expr:
        """Pre-activation ``w . x_nm`` computed as a dot product."""
        return (sp.Matrix([self.w]) * self.x(n, m))[0, 0]

    # ------------------------------------------------------------------ Fourier side
    def _root(self, e: int) -> sp.Expr:
        return sp.exp(2 * sp.pi * sp.I * sp.Rational(e % self.P, self.P))

    def w_hat(self, k: int) -> sp.Expr:
        """``w_k = (1/P) sum_n w_n e^{2 pi i k n / P}`` (inverse of App. eq. 23's convention)."""
        return sum(self.w[n] * self._root(k * n) for n in range(self.P)) / self.P

    def v_hat(self, k: int) -> sp.Expr:
        """``v_k = (1/P) sum_m w_{P+m} e^{2 pi i k m / P}``."""
        return sum(self.w[self.P + m] * self._root(k * m) for m in range(self.P)) / self.P

    def phi(self, k: int, kp: int, n: int, m: int) -> sp.Expr:
        """``phi_{k,k'}(x_nm) = P^{-1} e^{2 pi i (k n + k' m)/P}`` (App. B.1)."""
        return self._root(k * n + kp * m) / self.P

    # ------------------------------------------------------------------ the two sides of the identities
    def norm2(self) -> sp.Expr:
        """``|w|^2`` computed directly."""
        return sum(c**2 for c in self.w)

    def norm2_fourier(self) -> sp.Expr:
        """``P sum_k (|w_k|^2 + |v_k|^2)`` (App. eq. 28)."""
        return self.P * sum(_abs2(self.w_hat(k)) + _abs2(self.v_hat(k)) for k in range(self.P))

    def data_term(self) -> sp.Expr:
        """``sum_p (sum_nm y^p_nm h_nm^2)^2`` over the explicit P^2-point table."""
        return sum(sum(self.y(p, n, m) * self.h(n, m)**2 for n, m in self.pairs)**2 for p in range(self.P))

    def data_term_fourier(self) -> sp.Expr:
        """``4 P^3 sum_{k != 0} |w_k|^2 |v_k|^2`` (App. eq. 31)."""
        return 4 * self.P**3 * sum(_abs2(self.w_hat(k)) * _abs2(self.v_hat(k)) for k in range(1, self.P))

    def target_norm2(self) -> sp.Expr:
        """``sum_p ||y^p||^2`` over the table."""
        return sum(self.y(p, n, m)**2 for p in range(self.P) for n, m in self.pairs)

    def target_norm2_in_span(self) -> sp.Expr:
        """``sum_p sum_{k != 0} |<phi_{k,k}, y^p>|^2``: equal to :meth:`target_norm2` iff y lies in the span (eq. 15)."""
        total = sp.Integer(0)
        for p in range(self.P):
            for k in range(1, self.P):
                c = sum(sp.conjugate(self.phi(k, k, n, m)) * self.y(p, n, m) for n, m in self.pairs)
                total += _abs2(c)
        return total

    def rayleigh_target(self) -> sp.Expr:
        """One neuron's kernel on the targets: ``sum_p <y^p, h^2>^2 / sum_p ||y^p||^2`` (§5.8)."""
        return self.data_term() / self.target_norm2()

    def rayleigh_target_fourier(self) -> sp.Expr:
        """``4 P^2 mean_{k != 0} |w_k|^2 |v_k|^2`` (§5.8, the consistent normalisation)."""
        return 4 * self.P**2 * sum(_abs2(self.w_hat(k)) * _abs2(self.v_hat(k)) for k in range(1, self.P)) / (self.P - 1)

    # ------------------------------------------------------------------ the GP kernel
    def K(self, a: tuple, b: tuple) -> int:
        """Prior covariance of pre-activations, ``E[h_nm h_n'm'] = delta_nn' + delta_mm'`` (w ~ N(0, I))."""
        return int(a[0] == b[0]) + int(a[1] == b[1])

    @cached_property
    def gp_kernel(self) -> sp.Matrix:
        """``Q/sigma_a^2``: ``K_aa K_bb + 2 K_ab^2`` on the P^2 x P^2 table (App. eq. 21, Isserlis)."""
        pts = self.pairs
        return sp.Matrix(len(pts), len(pts), lambda i, j: self.K(pts[i], pts[i]) * self.K(pts[j], pts[j])
                         + 2 * self.K(pts[i], pts[j])**2)

    def mode(self, k: int, kp: int) -> sp.Matrix:
        """The column vector ``phi_{k,k'}`` on the table."""
        return sp.Matrix([self.phi(k, kp, n, m) for n, m in self.pairs])


def _abs2(z: sp.Expr) -> sp.Expr:
    return z * sp.conjugate(z)
