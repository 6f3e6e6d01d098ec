r"""Exact parallelogram combinatorics of Liu et al. (2022), addition on {0, ..., p-1}.

Everything here is integer or rational arithmetic (``int``, :class:`fractions.Fraction`)
and the standard library only (the symbolic derivation builds on it); no decision
depends on a floating-point threshold.  Notation follows the theory note
``liu2022.md`` §2-§3, §7-§8:

* ``D0``: the samples ``(i, j)`` with ``0 <= i <= j <= p-1`` listed lexicographically
  (the authors' order, ``toy/train_add.py``); ``|D0| = p(p+1)/2``.
* ``P0``: the permissible parallelograms, i.e. unordered pairs of distinct samples
  with equal sums; ``|P0| = sum_s C(n_s, 2)``.
* ``A_D``: the integer rows :math:`(\mathbf a_q)_k=\delta_{ki}+\delta_{kj}-\delta_{km}-\delta_{kn}`
  of the parallelograms of ``P0(D)``; ``M_D = A_D^T A_D``.

The probability that a random training set determines the linear structure
(``dim ker A_D = 2``) is in :mod:`.determination`; the parallelograms a learned
representation realises (RQI, A-hat) in :mod:`.representation`.

References
----------
Liu et al., "Towards Understanding Grokking: An Effective Theory of Representation
Learning", NeurIPS 2022 (arXiv:2205.10343), §3 and App. C-D.
"""
from __future__ import annotations

import numbers
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Sequence

from ...errors import InputError, ParameterDomainError

__all__ = [
    "samples", "class_sizes", "parallelograms", "parallelogram_row", "as_index_set", "row_matrix", "gram_matrix",
    "training_parallelograms", "rref", "exact_rank", "kernel_basis", "nullity", "implied_parallelograms",
    "completed_samples", "ideal_accuracy", "ideal_rqi", "expected_training_parallelograms", "check_p",
]


def check_p(p: int) -> int:
    """``p`` as an int, or :class:`ParameterDomainError` unless it is an integer >= 3."""
    if not isinstance(p, numbers.Integral) or isinstance(p, bool) or p < 3:
        raise ParameterDomainError(f"p = {p!r} must be an integer >= 3 (domain: integers >= 3)")
    return int(p)


# ----------------------------------------------------------------------------------------- sets
@lru_cache(maxsize=None)
def samples(p: int) -> tuple:
    """The full data set D0: ``(i, j)``, ``0 <= i <= j < p``, lexicographic (authors' order)."""
    p = check_p(p)
    return tuple((i, j) for i in range(p) for j in range(i, p))


@lru_cache(maxsize=None)
def class_sizes(p: int) -> tuple:
    """``n_s`` = number of samples with sum ``s``, ``s = 0..2p-2`` (note §2.1)."""
    out = [0] * (2 * p - 1)
    for i, j in samples(p):
        out[i + j] += 1
    return tuple(out)


@lru_cache(maxsize=None)
def parallelograms(p: int) -> tuple:
    """P0 as pairs ``(x, y)`` of sample indices into :func:`samples`, in the code's enumeration order.

    The authors enumerate quadruples ``i < j <= m < n`` with ``i + n = j + m``,
    pairing sample ``(i, n)`` with sample ``(j, m)`` (note §3.2); this is a
    bijection onto the unordered pairs of distinct equal-sum samples.
    """
    index = {s: k for k, s in enumerate(samples(p))}
    out = []
    for i in range(p):
        for j in range(i + 1, p):
            for m in range(j, p):
                n = j + m - i
                if m <= n < p:
                    out.append((index[(i, n)], index[(j, m)]))
    return tuple(out)


def parallelogram_row(p: int, x: int, y: int) -> tuple:
    """The integer row ``h_x - h_y`` with ``h_(i,j) = e_i + e_j`` (note §3.3)."""
    s = samples(p)
    row = [0] * p
    (i, j), (m, n) = s[x], s[y]
    row[i] += 1
    row[j] += 1
    row[m] -= 1
    row[n] -= 1
    return tuple(row)


def as_index_set(p: int, D: Iterable) -> frozenset:
    """Training set given as sample indices or as pairs ``(i, j)`` (order within the pair free)."""
    index = {s: k for k, s in enumerate(samples(p))}
    out = set()
    for x in D:
        if isinstance(x, (tuple, list)):
            i, j = sorted(int(v) for v in x)
            if (i, j) not in index:
                raise InputError(f"sample {x!r} is not in D0 for p = {p} (entries must lie in 0..{p - 1})")
            out.add(index[(i, j)])
        else:
            k = int(x)
            if not 0 <= k < len(index):
                raise InputError(f"sample index {x!r} outside 0..{len(index) - 1} (|D0| for p = {p})")
            out.add(k)
    return frozenset(out)


def training_parallelograms(p: int, D: Iterable) -> tuple:
    """P0(D): the parallelograms of P0 whose two samples both lie in the training set ``D``."""
    Dset = as_index_set(p, D)
    return tuple(q for q in parallelograms(p) if q[0] in Dset and q[1] in Dset)


def row_matrix(p: int, D: Iterable | None = None) -> tuple:
    """A_D (or A_{D0} = the rows of all of P0 when ``D`` is None) as a tuple of integer rows."""
    qs = parallelograms(p) if D is None else training_parallelograms(p, D)
    return tuple(parallelogram_row(p, x, y) for x, y in qs)


def gram_matrix(p: int, D: Iterable | None = None) -> tuple:
    """M_D = A_D^T A_D, exact integers, as a tuple of rows."""
    A = row_matrix(p, D)
    return tuple(tuple(sum(r[a] * r[b] for r in A) for b in range(p)) for a in range(p))


def expected_training_parallelograms(p: int, n: int) -> Fraction:
    """E|P0(D)| for D uniform of size n: ``|P0| n(n-1) / (|D0|(|D0|-1))`` (note §3.2)."""
    N0 = len(samples(p))
    if not 0 <= n <= N0:
        raise ParameterDomainError(f"n = {n} must lie in 0..{N0} (= |D0| for p = {p})")
    return Fraction(len(parallelograms(p)) * n * (n - 1), N0 * (N0 - 1))


# ---------------------------------------------------------------------------------- exact algebra
def rref(rows: Sequence[Sequence]) -> tuple:
    """Reduced row echelon form over Q (Fractions), zero rows dropped: a canonical key of the row space."""
    M = [[Fraction(v) for v in r] for r in rows]
    out, col, ncols = [], 0, len(M[0]) if M else 0
    r = 0
    for col in range(ncols):
        piv = next((k for k in range(r, len(M)) if M[k][col] != 0), None)
        if piv is None:
            continue
        M[r], M[piv] = M[piv], M[r]
        pv = M[r][col]
        M[r] = [v / pv for v in M[r]]
        for k in range(len(M)):
            if k != r and M[k][col] != 0:
                f = M[k][col]
                M[k] = [a - f * b for a, b in zip(M[k], M[r])]
        r += 1
        if r == len(M):
            break
    out = tuple(tuple(row) for row in M[:r])
    return out


def exact_rank(rows: Sequence[Sequence]) -> int:
    """Rank over Q by exact Fraction elimination."""
    return len(rref(rows)) if rows else 0


def kernel_basis(p: int, D: Iterable | None = None) -> tuple:
    """A basis of ker A_D over Q (tuple of Fraction vectors), from the exact RREF."""
    A = row_matrix(p, D)
    R = rref(A) if A else ()
    pivots = [next(c for c, v in enumerate(r) if v != 0) for r in R]
    free = [c for c in range(p) if c not in pivots]
    basis = []
    for f in free:
        v = [Fraction(0)] * p
        v[f] = Fraction(1)
        for r, c in zip(R, pivots):
            v[c] = -r[f]
        basis.append(tuple(v))
    return tuple(basis)


def nullity(p: int, D: Iterable | None = None) -> int:
    """dim ker A_D (the authors' "dof"); 2 means the linear structure is determined."""
    A = row_matrix(p, D)
    return p - exact_rank(A)


def implied_parallelograms(p: int, D: Iterable) -> tuple:
    """P(D): every q in P0 whose row lies in the rational row space of A_D (note §7.1).

    Decided exactly: ``a_q`` is in row(A_D) iff ``a_q . K = 0`` for a rational kernel basis K.
    """
    K = kernel_basis(p, D)
    out = []
    for x, y in parallelograms(p):
        a = parallelogram_row(p, x, y)
        if all(sum(ai * ki for ai, ki in zip(a, k)) == 0 for k in K):
            out.append((x, y))
    return tuple(out)


def completed_samples(p: int, D: Iterable, P: Iterable) -> frozenset:
    """D-bar(P) = D plus every x not in D linked to some y in D by a parallelogram of P (note §8.3)."""
    Dset = as_index_set(p, D)
    out = set(Dset)
    for x, y in P:
        if x in Dset and y not in Dset:
            out.add(y)
        elif y in Dset and x not in Dset:
            out.add(x)
    return frozenset(out)


def ideal_accuracy(p: int, D: Iterable) -> Fraction:
    """Acc-bar = |D-bar(P(D))| / |D0| (the authors' ``acc_ideal``), exact."""
    return Fraction(len(completed_samples(p, D, implied_parallelograms(p, D))), len(samples(p)))


def ideal_rqi(p: int, D: Iterable) -> Fraction:
    """|P(D)| / |P0| (``RQI_ideal``), exact."""
    return Fraction(len(implied_parallelograms(p, D)), len(parallelograms(p)))

