r"""Side wells of ``rubin-cubic``: every stationary point of ``S_hat(q)`` on ``q > 0`` at fixed
``(u, b, c, sigma_w2)``, found by a search that cannot miss one (Fig. 2a/b diagnostics).

``S_hat'(q)/q`` is ``N(q^2) / (pi sigma_w^2 D(q)^4)`` with ``D = 1 + 2(sigma_w^2 + q^2) > 0`` and
``N`` a polynomial of degree 4 in ``x = q^2`` (derived from the theory here; checked when built).
So the side stationary points are the positive real roots of a quartic, and they are isolated
exactly by the derivative cascade (Rolle): the roots of ``N'`` split ``(0, X]`` into pieces where
``N`` is monotone, each holding at most one root, seen as a sign change of ``N`` at its ends;
``N'`` in turn is split by the roots of ``N''``, and so on down to a linear polynomial.  ``X`` is
Cauchy's bound ``1 + max |a_i / a_4|``, beyond which ``N`` has no root: the search window is the
whole half-line ``q > 0``, so no well can leave it.  No grid is involved.

Every decision is a sign of ``N`` at a point, taken at the working precision.  When ``|N|`` at a
critical point is below the evaluation's own error (two roots closer than the precision resolves:
within ~``10**-dps`` of the spinodal fold), the whole computation is redone at twice the precision
(up to 8 times); a side minimum is classified by ``S_hat''`` at the working precision.

References
----------
Rubin et al. (ICLR 2024) Fig. 2a/b, Claim IV; theory note §4.7.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from ...errors import ConvergenceError, PrecisionError
from ...numeric import bracketed_root, compile_function, to_mpf
from . import cubic_symbolic as sym
from .cubic_mixed import learned_components
from .cubic_numeric import action_functions

__all__ = ["side_well", "side_stationary_points"]

S = sym.SYMBOLS
_X = sp.Symbol("x", positive=True)     # x = q^2
#: digits of the working precision kept in reserve when a sign is decided
MARGIN = 8


class _Undecided(Exception):
    """A sign below the evaluation error at this precision (raised internally; answered by a higher one)."""


@lru_cache(maxsize=None)
def _numerator():
    """Coefficients ``a_0..a_4`` (kernels of ``(u, b, c, sigma_w2)``) of ``N(x)``, ``S_hat'/q = N(q^2)/den``."""
    theory = sym.build_theory()
    num, den = sp.fraction(sp.together(sp.cancel(theory.stationarity[0].lhs / S.q)))
    const, factors = sp.factor_list(den)
    if not (const > 0 and all(f.is_positive for f, _ in factors)):        # den > 0: N carries the sign
        raise ConvergenceError(f"rubin-cubic side wells: the denominator {den} of S_hat'/q is not manifestly positive")
    poly = sp.Poly(sp.expand(num), S.q)
    if any(m[0] % 2 for m in poly.monoms()) or poly.degree() != 8:
        raise ConvergenceError("rubin-cubic side wells: S_hat'/q is not a quartic in q^2")
    coeffs = [poly.coeff_monomial(S.q**(2 * k)) for k in range(5)]
    return compile_function(sp.ImmutableMatrix(coeffs), (S.u, S.b, S.c, S.sigma_w2))


def _eval(a, x):
    """``sum a_i x^i`` and the bound ``sum |a_i| |x|^i`` of the terms (its rounding scale)."""
    val, size = mpmath.mpf(0), mpmath.mpf(0)
    for c in reversed(a):
        val = val * x + c
        size = size * abs(x) + abs(c)
    return val, size


def _sign(a, x, dps):
    val, size = _eval(a, x)
    if abs(val) <= mpmath.mpf(10) ** (MARGIN - dps) * size:
        raise _Undecided
    return 1 if val > 0 else -1


def _real_roots(a, lo, hi, dps):
    """The roots of the polynomial ``a`` (coefficients, low to high) in ``(lo, hi)``, increasing, with the
    direction of ``a`` there (+1 increasing); derivative cascade, signs at working precision."""
    while len(a) > 1 and a[-1] == 0:
        a = a[:-1]
    if len(a) <= 1:
        return []
    crit = [x for x, _ in _real_roots([i * c for i, c in enumerate(a)][1:], lo, hi, dps)] if len(a) > 2 else []
    ends = [lo, *crit, hi]
    out = []
    for x0, x1 in zip(ends, ends[1:]):
        s0, s1 = _sign(a, x0, dps), _sign(a, x1, dps)
        if s0 != s1:
            f = (lambda x, s=s1: s * _eval(a, x)[0])      # increasing on the piece
            out.append((bracketed_root(f, x0, x1, dps + 5, "rubin-cubic side stationary point"), s1))
    return out


def side_stationary_points(u, b, c, sigma_w2, dps):
    """Every stationary point ``q > 0`` of ``S_hat``: a list of ``(q, S_hat(q), S_hat''(q), kind)``.

    ``kind`` is ``minimum`` or ``maximum`` by the sign of ``S_hat''`` at the working precision
    (checked against the direction in which ``N`` crosses zero).  Raises ``_Undecided`` when a sign
    is below the evaluation error at ``dps``.
    """
    action, curv, _, _ = action_functions()
    with mpmath.workdps(dps + 5):
        u, b, c, sw = (to_mpf(v, dps + 5) for v in (u, b, c, sigma_w2))
        a = [mpmath.mpf(v) for v in _numerator()(u, b, c, sw)]
        if a[4] == 0:
            raise ConvergenceError("rubin-cubic side wells: the quartic's leading coefficient vanishes")
        bound = 1 + max(abs(v / a[4]) for v in a[:4])                    # Cauchy: every root |x| < bound
        out = []
        for x, direction in _real_roots(a, mpmath.mpf(0), bound, dps):
            q = mpmath.sqrt(x)
            k = curv(q, u, b, c, sw)
            if abs(k) <= mpmath.mpf(10) ** (MARGIN - dps):
                raise _Undecided
            kind = "minimum" if k > 0 else "maximum"
            if (k > 0) != (direction > 0):       # S'' = 2 x N'(x)/den at a root: same sign as N'
                raise ConvergenceError(f"rubin-cubic side wells: S_hat'' = {mpmath.nstr(k, 5)} at q = "
                                       f"{mpmath.nstr(q, 10)} contradicts the sign change of S_hat'")
            out.append((q, action(q, u, b, c, sw), k, kind))
        return out


def side_well(params, dps, *, escalations=3):
    """The side minimum of ``S_hat`` with the ``d -> oo`` equilibrium ``(b, c)`` at ``sigma2`` (Fig. 2a/b).

    Returned: ``side_well`` (``present``/``absent``), ``kind`` (``metastable``: above ``sigma2_c``,
    ``S_hat(q) > 0``; ``degenerate``: the GMFL-I wells, ``S_hat(q) = 0``, which the mixed-phase
    equations impose exactly and which is printed as an exact 0; ``none``), ``q`` (the deepest side
    minimum on ``q > 0``, 0 if none), ``side_minimum`` ``S_hat(q)`` and ``curvature``
    ``S_hat''(q)``.  The phase comes from :func:`.cubic_mixed.learned_components` (decided at the
    working precision); the wells from :func:`side_stationary_points`, redone at 2, 4, 8 times
    ``dps`` only when a sign is below the evaluation error at ``dps``.
    """
    w = dps
    for _ in range(escalations + 1):
        st = learned_components(params, w)
        try:
            points = side_stationary_points(st["u"], st["b"], st["c"], params["sigma_w2"], w)
            break
        except _Undecided:
            w *= 2
    else:
        raise PrecisionError(f"rubin-cubic side_well: at sigma2 = {params['sigma2']} two stationary points of "
                             f"S_hat are closer than {w // 2} digits resolve (the spinodal fold)")
    with mpmath.workdps(dps):
        minima = [p for p in points if p[3] == "minimum"]
        if not minima:
            zero = mpmath.mpf(0)
            return {"side_well": "absent", "kind": "none", "q": zero, "side_minimum": zero, "curvature": zero}
        q, s, k, _ = min(minima, key=lambda p: p[1])
        if st["phase"] == "GMFL-I":
            if abs(s) > mpmath.mpf(10) ** (MARGIN - w):
                raise ConvergenceError(f"rubin-cubic side_well: S_hat(q*) = {mpmath.nstr(s, 5)} in GMFL-I, "
                                       "where the mixed-phase equations make it 0")
            kind, s = "degenerate", mpmath.mpf(0)
        else:
            kind = "metastable"
        return {"side_well": "present", "kind": kind, "q": +q, "side_minimum": +s, "curvature": +k}
