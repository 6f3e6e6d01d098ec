r"""The parallelograms a learned representation realises: RQI and the predicted accuracy A-hat.

A representation is a (p, d) array of embeddings (e.g. from :mod:`.toy`).  It is
normalised per coordinate as the authors' ``train_add.py`` does, then a permissible
parallelogram of :mod:`.combinatorics` counts as realised when it closes within the
paper's tolerance.

References
----------
Liu et al., "Towards Understanding Grokking: An Effective Theory of Representation
Learning", NeurIPS 2022 (arXiv:2205.10343), §3 (RQI, A-hat) and Fig. 3.
"""
from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Iterable

import numpy as np

from ...errors import InputError
from .combinatorics import completed_samples, parallelograms, samples

__all__ = ["normalise_representation", "realised_parallelograms", "rqi", "predicted_accuracy"]


def normalise_representation(R, *, std: str = "unbiased", center: bool = True) -> np.ndarray:
    """Per-coordinate normalisation of a (p, d) representation as in ``train_add.py`` (note §8.2)."""
    R = np.asarray(R, dtype=float)
    if R.ndim == 1:
        R = R[:, None]
    if std not in ("unbiased", "population"):
        raise InputError(f"std = {std!r} must be 'unbiased' or 'population'")
    mu = R.mean(axis=0) if center else 0.0
    sd = R.std(axis=0, ddof=1 if std == "unbiased" else 0)
    return (R - mu) / sd


def realised_parallelograms(R, *, tol: float = 0.01, include_zero: bool = True, std: str = "unbiased",
                            center: bool = True) -> tuple:
    """P(R): permissible parallelograms realised within tolerance by a representation.

    A parallelogram ``(i,n) ~ (j,m)`` counts if ``(1/d)||E_i + E_n - E_j - E_m||^2 < tol``
    on the normalised embeddings (the code's criterion, delta = sqrt(tol d)).  With
    ``include_zero=False`` parallelograms involving embedding 0 are skipped (the
    phase-diagram notebooks' variant).  This is a property of a floating-point
    representation; the tolerance is the paper's, not a numerical threshold.
    """
    E = normalise_representation(R, std=std, center=center)
    p, d = E.shape
    i, j, m, n = _quadruples(p)
    v = E[i] + E[j] - E[m] - E[n]
    keep = (v * v).sum(1) / d < tol
    if not include_zero:
        keep &= (i != 0) & (j != 0) & (m != 0) & (n != 0)
    qs = parallelograms(p)
    return tuple(qs[k] for k in np.flatnonzero(keep))


@lru_cache(maxsize=None)
def _quadruples(p: int) -> tuple:
    """Index arrays (i, j, m, n) of the parallelograms (i, j) ~ (m, n) of P0, in its order."""
    s = samples(p)
    q = np.array([s[x] + s[y] for x, y in parallelograms(p)], dtype=int).reshape(-1, 4)
    return tuple(q[:, c] for c in range(4))


def rqi(R, **options) -> Fraction:
    """RQI = |P(R)| / |P0| (with ``include_zero=False`` the base set excludes index 0), note §8.2."""
    p = np.asarray(R).shape[0]
    num = len(realised_parallelograms(R, **options))
    if options.get("include_zero", True):
        den = len(parallelograms(p))
    else:
        s = samples(p)
        den = sum(1 for x, y in parallelograms(p) if 0 not in s[x] + s[y])
    return Fraction(num, den)


def predicted_accuracy(R, D: Iterable, **options) -> Fraction:
    """A-hat = |D-bar(P(R))| / |D0| (the authors' ``pred_acc``), note §8.3."""
    p = np.asarray(R).shape[0]
    return Fraction(len(completed_samples(p, D, realised_parallelograms(R, **options))), len(samples(p)))
