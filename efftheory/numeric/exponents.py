"""Critical exponents of a branch near a special point.

* :func:`~efftheory.symbolic.series.newton_polygon_exponent` (symbolic, re-exported
  here): the leading Puiseux exponent of a branch from its Newton polygon.
* :func:`log_derivative_exponent` (numeric): ``gamma`` from
  ``d log|m(c) - m0| / d log|c - c0|`` at geometrically shrinking distances,
  Richardson-extrapolated at high precision and recognised as a simple rational.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

import mpmath

from ..errors import ConvergenceError
from ..symbolic.series import newton_polygon_exponent

__all__ = ["newton_polygon_exponent", "log_derivative_exponent", "branch_exponent"]


def log_derivative_exponent(branch: Callable[[object, int], object], *, m0, c0, dps: int = 50,
                            h0=mpmath.mpf("1e-3"), ratio: int = 4, levels: int = 8, sign: int = 1) -> tuple:
    """Numerical exponent of ``|m(c) - m0| ~ |c - c0|**gamma``.

    Parameters
    ----------
    branch : callable
        ``branch(c, dps)`` returns ``m(c)`` at ``dps`` digits.
    m0, c0 : mpf
        The special point.
    sign : +1 or -1
        Side of ``c0`` on which the branch exists.

    Returns
    -------
    gamma : mpf
        Richardson-extrapolated estimate.
    rational : Fraction
        The nearest simple rational (denominator <= 12).
    error : mpf
        The difference between the last two extrapolations.
    """
    with mpmath.workdps(dps):
        hs = [mpmath.mpf(h0) / ratio**k for k in range(levels)]
        ds = [abs(branch(c0 + sign * h, dps) - m0) for h in hs]
        slopes = [mpmath.log(ds[k] / ds[k + 1]) / mpmath.log(ratio) for k in range(levels - 1)]
        # corrections go in integer powers of h**(1/2) near a fold: eliminate with Richardson on sqrt(ratio)
        table = slopes
        prev = None
        for p in range(1, len(slopes)):
            f = mpmath.mpf(ratio) ** (mpmath.mpf(p) / 2)
            table = [(f * table[k + 1] - table[k]) / (f - 1) for k in range(len(table) - 1)]
            if len(table) == 1:
                break
            prev = table[-2]
        est = table[-1]
        err = abs(est - prev) if prev is not None else abs(slopes[-1] - slopes[-2])
        if not mpmath.isfinite(est):
            raise ConvergenceError("the log-derivative of the branch is not finite")
        return est, Fraction(float(est)).limit_denominator(12), err


def branch_exponent(branch: Callable[[object, int], object], *, m0, c0, dps: int, sign: int = 1,
                    h0=None, levels: int = 8, max_denominator: int = 12) -> dict:
    """The exponent of a branch as an exact simple rational, with the numerical evidence.

    Runs :func:`log_derivative_exponent` and accepts the nearest rational with
    denominator ``<= max_denominator`` only if the Richardson estimate lies within
    ``max(100 * error, 1e-6)`` of it.

    Returns
    -------
    dict
        ``exponent`` (the rational, as an mpf), ``numerator``, ``denominator``,
        ``estimate`` (the extrapolant on the fixed step ladder ``h0 / 4**k``) and
        ``extrapolation_error`` (difference of the last two extrapolations).

    Raises
    ------
    ConvergenceError
        If the estimate is not recognisably a simple rational.
    """
    with mpmath.workdps(dps):
        h0 = mpmath.mpf("1e-3") if h0 is None else mpmath.mpf(h0)
        est, frac, err = log_derivative_exponent(branch, m0=m0, c0=c0, dps=dps, h0=h0, levels=levels, sign=sign)
        frac = Fraction(float(est)).limit_denominator(max_denominator)
        exact = mpmath.mpf(frac.numerator) / frac.denominator
        if abs(est - exact) > max(100 * err, mpmath.mpf("1e-6")):
            raise ConvergenceError(f"exponent estimate {mpmath.nstr(est, 12)} (+- {mpmath.nstr(err, 3)}) is not "
                                   f"a rational with denominator <= {max_denominator}")
        return {"exponent": exact, "numerator": frac.numerator, "denominator": frac.denominator,
                "estimate": est, "extrapolation_error": err}
