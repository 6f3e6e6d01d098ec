r"""Žunkovič & Ilievski: the local teacher, rule 30 and its light cones (paper §4.1).

The teacher of the tensor-network experiments: rule 30 and its :math:`K`-fold
iterates (Eqs. 51–52), and the inputs (all strings of a length, or random
strings) with their labels.  Spins are ``-1``/``+1`` (``int8``).

References
----------
B. Žunkovič, E. Ilievski, *Grokking phase transitions in learning local rules
with gradient descent*, JMLR 25(199) (2024), §4.1, Eqs. 51–52.
"""
from __future__ import annotations

from itertools import product
from typing import Mapping

import numpy as np

from ...errors import InputError, ParameterDomainError

__all__ = ["RULE30_TABLE", "rule30", "rule30_step", "rule_labels", "all_inputs", "random_inputs"]


#: Rule 30 on -1/+1 spins, Eq. 52: neighbourhood (x_{i-1}, x_i, x_{i+1}) -> y_i.
RULE30_TABLE: Mapping[tuple, int] = {
    (-1, -1, -1): -1, (-1, -1, 1): 1, (-1, 1, -1): 1, (-1, 1, 1): 1,
    (1, -1, -1): 1, (1, -1, 1): -1, (1, 1, -1): -1, (1, 1, 1): -1,
}
_TABLE = np.array([RULE30_TABLE[k] for k in product((-1, 1), repeat=3)], dtype=np.int8)


def _spins(x, what="x") -> np.ndarray:
    arr = np.asarray(x)
    if arr.size and not np.all((arr == 1) | (arr == -1)):
        raise InputError(f"{what} must contain only the spins -1 and +1 (Eq. 51), got values "
                         f"{sorted(set(np.unique(arr).tolist()) - {-1, 1})[:5]}")
    return arr.astype(np.int8)


def _choice(value, name, allowed):
    if value not in allowed:
        raise ParameterDomainError(f"{name}={value!r} is not one of {allowed}")
    return value


def _nonneg_int(value, name, minimum=0):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ParameterDomainError(f"{name}={value!r} must be an integer >= {minimum}")
    return int(value)


def rule30(left, centre, right):
    """Rule 30 of three spins (arrays broadcast), Eq. 52.

    Parameters
    ----------
    left, centre, right : array_like of {-1, +1}
        :math:`x_{i-1}, x_i, x_{i+1}`.

    Returns
    -------
    ndarray of int8
        :math:`y_i`.

    References
    ----------
    Žunkovič & Ilievski (2024), Eq. 52.

    Examples
    --------
    >>> int(rule30(-1, -1, 1)), int(rule30(1, -1, 1))
    (1, -1)
    """
    l, c, r = (_spins(v) for v in (left, centre, right))
    idx = 4 * (l > 0) + 2 * (c > 0) + (r > 0)
    return _TABLE[idx]


def rule30_step(x, *, boundary: str = "open"):
    """One step of rule 30 on strings of spins.

    Parameters
    ----------
    x : array_like of {-1, +1}, shape (..., M)
    boundary : {"open", "periodic"}
        ``"open"``: :math:`x_0 = x_{M+1} = -1` (§4.1; the text misprints
        :math:`x_{-1}`); ``"periodic"``: closed ring.

    Returns
    -------
    ndarray of int8, shape (..., M)

    References
    ----------
    Žunkovič & Ilievski (2024), Eqs. 51–52.
    """
    x = _spins(x)
    _choice(boundary, "boundary", ("open", "periodic"))
    if boundary == "periodic":
        return rule30(np.roll(x, 1, axis=-1), x, np.roll(x, -1, axis=-1))
    pad = -np.ones(x.shape[:-1] + (1,), dtype=np.int8)
    xp = np.concatenate([pad, x, pad], axis=-1)
    return rule30(xp[..., :-2], xp[..., 1:-1], xp[..., 2:])


def rule_labels(x, *, steps: int = 1, boundary: str = "open", padding: str = "light-cone"):
    r"""Labels of the :math:`K`-local rule (rule 30 iterated ``steps = K`` times), Eq. 51.

    :math:`y_i = \mathrm{rule}^K(x_{i-K},\dots,x_{i+K})`: the result of ``K``
    rule-30 steps on the light cone of cell ``i``.  With ``boundary="open"``
    every cell outside ``1..M`` is ``-1`` (the quiescent background, which
    rule 30 maps to itself); with ``"periodic"`` the string is a ring.  For
    ``K = 1`` this is :func:`rule30_step`.

    ``padding`` (open boundaries, ``K >= 2`` only; for ``K = 1`` both agree):

    * ``"light-cone"`` (default): the string evolves in an infinite ``-1`` background, so the
      cells outside ``1..M`` take part in the evolution (the paper's Eq. 51 read as a
      :math:`(2K+1)`-cell rule);
    * ``"zero"``: the authors' code (``github.com/qml-tn/grokking``, 0/1 bits) applies the
      one-step open-boundary map ``K`` times and re-pads with 0 (spin ``-1``) after every step.
      The two differ only at the first and last cell: for every string of length
      ``M >= 3`` at ``K = 2``, cell 1 differs iff :math:`x_1 = +1` and cell ``M`` iff
      :math:`x_M = +1, x_{M-1} = +1`, i.e. :math:`3\cdot2^{M-2}` of the :math:`M 2^M` labels of
      all strings (768 of 10 240 for the authors' training set, length 10).

    Parameters
    ----------
    x : array_like of {-1, +1}, shape (..., M)
    steps : int >= 1
    boundary : {"open", "periodic"}
    padding : {"light-cone", "zero"}

    Returns
    -------
    ndarray of int8, shape (..., M)

    References
    ----------
    Žunkovič & Ilievski (2024), Eq. 51 and §4.1 ("K-local rule").
    """
    k = _nonneg_int(steps, "steps", 1)
    x = _spins(x)
    _choice(boundary, "boundary", ("open", "periodic"))
    _choice(padding, "padding", ("light-cone", "zero"))
    if boundary == "periodic" or padding == "zero":
        for _ in range(k):
            x = rule30_step(x, boundary=boundary)
        return x
    pad = -np.ones(x.shape[:-1] + (k,), dtype=np.int8)
    y = np.concatenate([pad, x, pad], axis=-1)
    for _ in range(k):                      # light cone: every step loses one cell per side
        y = rule30(y[..., :-2], y[..., 1:-1], y[..., 2:])
    return y


def all_inputs(length: int) -> np.ndarray:
    """All :math:`2^M` spin strings of length ``M`` (the paper's training sets).

    Row ``k`` is the binary expansion of ``k`` (most significant bit first) with
    ``0 -> -1`` and ``1 -> +1``.

    Returns
    -------
    ndarray of int8, shape (2**M, M)

    References
    ----------
    Žunkovič & Ilievski (2024), §4.3 (training set: all inputs of length 3 or 8).
    """
    m = _nonneg_int(length, "length", 1)
    if m > 24:
        raise ParameterDomainError(f"length={m} would enumerate 2**{m} strings; allowed 1..24")
    k = np.arange(2**m)[:, None]
    bits = (k >> np.arange(m - 1, -1, -1)[None, :]) & 1
    return (2 * bits - 1).astype(np.int8)


def random_inputs(length: int, count: int, *, seed: int) -> np.ndarray:
    """``count`` i.i.d. uniform spin strings of length ``length`` (test data, §4.1).

    Returns
    -------
    ndarray of int8, shape (count, length)
    """
    m, n = _nonneg_int(length, "length", 1), _nonneg_int(count, "count", 1)
    rng = np.random.default_rng(seed)
    return (2 * rng.integers(0, 2, size=(n, m)) - 1).astype(np.int8)
