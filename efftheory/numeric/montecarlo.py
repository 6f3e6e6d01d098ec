"""Monte-Carlo estimates with their errors: a proportion with its Wilson 95 % interval,
and a sample mean with its standard error."""
from __future__ import annotations

import math

import numpy as np

__all__ = ["proportion", "sample_mean", "Z95"]

#: The two-sided 95 % point of the standard normal distribution.
Z95 = 1.959963984540054


def proportion(successes: int, trials: int) -> tuple[float, float, tuple[float, float]]:
    """``k / T`` with its standard error and its Wilson 95 % interval.

    The Wilson interval always contains ``k / T`` and stays inside [0, 1].  Where no spread
    was observed (``k = 0`` or ``k = T``) the binomial standard error would be 0; the
    standard error is then the interval's half-width over 1.96.

    Examples
    --------
    >>> p, se, (lo, hi) = proportion(0, 10000)
    >>> p, round(se, 7), lo, round(hi, 6)
    (0.0, 9.8e-05, 0.0, 0.000384)
    """
    k, T = int(successes), int(trials)
    phat = k / T
    den = 1 + Z95 * Z95 / T
    centre = (phat + Z95 * Z95 / (2 * T)) / den
    half = Z95 * math.sqrt(phat * (1 - phat) / T + Z95 * Z95 / (4 * T * T)) / den
    lo, hi = min(phat, max(0.0, centre - half)), max(phat, min(1.0, centre + half))
    se = math.sqrt(phat * (1 - phat) / T) if 0 < k < T else (hi - lo) / 2 / Z95
    return phat, se, (lo, hi)


def sample_mean(values) -> tuple[float, float]:
    """The mean of a sample and its standard error (infinite for fewer than two values)."""
    v = np.asarray(values, dtype=float)
    if v.size < 2:
        return (float(v.mean()) if v.size else float("nan")), float("inf")
    return float(v.mean()), float(v.std(ddof=1) / np.sqrt(v.size))
