r"""Žunkovič & Ilievski: the fixed-attention grokking probability :math:`P_G` and Fig. 14.

For random fixed attention tensors ``A`` the classification tensor ``B`` is trained to
its stationary point (:mod:`.rule30_training`) and tested on rule 30; :math:`P_G` is the
fraction of tensors with zero test error (the acceptance criterion of the paper's
rejection sampling), estimated by seeded Monte Carlo with binomial standard errors.

Conventions
-----------
* (note §8 item 21) the training set is every position of all
  :math:`2^M` strings of length ``M = train_length`` (paper: 3); ``B`` is trained
  by gradient flow on the squared loss of §2 (Eq. 2: mean over samples,
  :math:`+\lambda_1\|B\|_1 + \tfrac{\lambda_2}2\|B\|_2^2`, no bias), whose unique
  limit is the (elastic-net) stationary point, independent of :math:`B(0)`;
  success means zero error on the *test windows*: every
  (left context, centre, right context) with at most ``test_depth`` symbols on
  each side (all positions of all strings of length up to ``test_depth + 1``
  and more).  As ``test_depth`` grows this tends to the paper's "all lengths"
  test set; the count can only decrease with ``test_depth``.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) (2024), §4.3.1, Eqs. 21, 66–67, Fig. 14 (v1 Fig. 10).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import mpmath
import numpy as np
import sympy as sp

from ...errors import InputError, ParameterDomainError
from ..base import MonteCarlo
from .rule30_automaton import _choice, _nonneg_int
from .rule30_network import _leading_eigvecs, _levels
from .rule30_training import _elastic_net, _margins, _strength, _test_geometry, _train_correct, _training_problem

__all__ = ["sample_attention_tensors", "FixedAttentionOutcome", "fixed_attention_outcome", "fixed_attention_outcomes",
           "grokking_probability_fixed_attention", "FIG14_READINGS", "fig14_scan", "fig14_scans",
           "fig14_summary"]


def sample_attention_tensors(trials: int, *, d: int = 2, seed: int) -> np.ndarray:
    r"""Random attention tensors with i.i.d. :math:`\mathcal N(0,1)` entries (§4.3.1).

    Returns
    -------
    ndarray, shape (trials, 2, d, d)
        ``out[t, j]`` is :math:`A_j` of tensor ``t``.  The same ``seed`` and
        ``trials`` give the same tensors, so different regularisations can be
        compared on common random numbers.
    """
    T, dd = _nonneg_int(trials, "trials", 1), _nonneg_int(d, "d", 1)
    return np.random.default_rng(seed).standard_normal((T, 2, dd, dd))


@dataclass(frozen=True)
class FixedAttentionOutcome:
    """Per-tensor outcome of the fixed-attention experiment (§4.3.1).

    Attributes
    ----------
    boundary_ok : ndarray of bool
        The leading eigenvalue of :math:`A_0` is real and unique in modulus
        (open-boundary vectors defined).
    train_ok, test_ok : ndarray of bool
        Zero training error; zero error on all test windows (implies train_ok).
    margin : ndarray
        Minimum over test windows of :math:`y\\hat y/\\|B\\|` (``nan`` where not
        computed, i.e. where training already failed); tiny values flag
        decisions that float64 cannot certify.  With ``method="rays"`` a
        positive margin is exact and a negative one is only an upper bound
        (its sign is exact).
    eigenvalue : ndarray
        Leading eigenvalue of :math:`A_0` (``nan`` where complex).
    B : ndarray, shape (T, 2 d**2)
        The stationary classification tensors (``nan`` where the boundary is undefined).
    """

    boundary_ok: np.ndarray
    train_ok: np.ndarray
    test_ok: np.ndarray
    margin: np.ndarray
    eigenvalue: np.ndarray
    B: np.ndarray


def fixed_attention_outcome(A, *, lambda1=0, lambda2=0, train_length: int = 3, test_depth: int = 12,
                            normalization: str = "context", method: str = "auto",
                            chunk: int = 2000) -> FixedAttentionOutcome:
    r"""Train ``B`` to its stationary point for each fixed ``A`` and test it (§4.3.1, Fig. 14).

    Parameters
    ----------
    A : array_like, shape (T, 2, d, d) or (2, d, d)
        Attention tensors (open boundaries, 1-local rule 30).
    lambda1, lambda2 : number >= 0
        :math:`L_1` and :math:`L_2` strengths of the loss of ``B`` (Eq. 2).
    train_length : int
        Training set: every position of all strings of this length (paper: 3).
    test_depth : int
        Test windows have up to this many symbols on each side of the centre.
    normalization : {"context", "matrix"}
        See :mod:`.rule30_network`.
    method : {"auto", "rays", "brute"}
        Zero-test-error check: ``"rays"`` (d = 2 only) uses the two extreme
        rays of the cone of left (right) contexts, exact for the enumerated set
        because :math:`\ell B_s r` is bilinear; ``"brute"`` evaluates every
        (left, right) pair.  ``"auto"`` picks ``"rays"`` for d = 2.

    Returns
    -------
    FixedAttentionOutcome

    References
    ----------
    Žunkovič & Ilievski (2024), §4.3.1, Eqs. 21, 66–67, Fig. 14.
    """
    return fixed_attention_outcomes(A, [(lambda1, lambda2)], train_length=train_length, test_depth=test_depth,
                                    normalization=normalization, method=method, chunk=chunk)[0]


def fixed_attention_outcomes(A, strengths, *, train_length: int = 3, test_depth: int = 12,
                             normalization: str = "context", method: str = "auto",
                             chunk: int = 2000) -> list:
    r""":func:`fixed_attention_outcome` for several regularisations at once, on the same tensors.

    ``strengths`` is a sequence of ``(lambda1, lambda2)`` pairs; the result is the list of their outcomes, each
    the same as :func:`fixed_attention_outcome` gives for that pair alone.  What does not depend on the strength
    (the boundary vectors, the training contexts and Gram matrix, the test contexts and their cones) is computed
    once per tensor, for every strength; a Fig. 14 scan costs about a third of the one-strength-at-a-time loop.
    """
    A = np.asarray(A, dtype=float)
    if A.ndim == 3:
        A = A[None]
    if A.ndim != 4 or A.shape[1] != 2 or A.shape[2] != A.shape[3]:
        raise InputError(f"A must have shape (T, 2, d, d), got {A.shape}")
    pairs = [(_strength(l1, "lambda1"), _strength(l2, "lambda2")) for l1, l2 in strengths]
    M = _nonneg_int(train_length, "train_length", 1)
    depth = _nonneg_int(test_depth, "test_depth", M - 1)
    if depth > 16:
        raise ParameterDomainError(f"test_depth={depth}; allowed {M - 1}..16 (2**depth contexts per tensor)")
    _choice(normalization, "normalization", ("context", "matrix"))
    _choice(method, "method", ("auto", "rays", "brute"))
    d = A.shape[2]
    if method == "rays" and d != 2:
        raise ParameterDomainError(f"method='rays' needs d = 2, got d = {d}")
    method = ("rays" if d == 2 else "brute") if method == "auto" else method
    T = A.shape[0]
    vL, vR, lam, ok = _leading_eigvecs(A[:, 0])
    train_ok = np.zeros((len(pairs), T), dtype=bool)
    test_ok = np.zeros((len(pairs), T), dtype=bool)
    margin = np.full((len(pairs), T), np.nan)
    Ball = np.full((len(pairs), T, 2 * d * d), np.nan)
    idx_ok = np.nonzero(ok)[0]
    for lo in range(0, len(idx_ok), chunk):
        idx = idx_ok[lo:lo + chunk]
        left, right, scale = _levels(A[idx], vL[idx], vR[idx], M - 1, normalization)
        G, a, _ = _training_problem(left, right, scale, M, 0, normalization)
        cands = []
        for j, (l1, l2) in enumerate(pairs):
            B = _elastic_net(G + l2 * np.eye(G.shape[-1]), a, l1)
            Ball[j, idx] = B
            # training error: evaluate the training windows with the trained B
            ytr_ok = _train_correct(left, right, scale, B, M, normalization)
            train_ok[j, idx] = ytr_ok
            cands.append(idx[ytr_ok])
        # staged test: a shallow pass first (most failures show up there), then the full depth; the contexts of
        # each stage are built once for the tensors that some strength still has in the running
        for stage in sorted({min(depth, 6), depth}):
            union = np.unique(np.concatenate(cands))
            if not len(union):
                break
            lt, rt, _ = _levels(A[union], vL[union], vR[union], stage, "context")
            geometry = _test_geometry(lt, rt, method=method)
            for j in (j for j in range(len(pairs)) if len(cands[j])):
                m = _margins(geometry, np.searchsorted(union, cands[j]), Ball[j, cands[j]], method=method)
                margin[j, cands[j]] = m
                keep = m > 0
                cands[j] = cands[j][keep]
        for j in range(len(pairs)):
            test_ok[j, cands[j]] = True
    eig = np.where(ok, lam, np.nan)
    return [FixedAttentionOutcome(ok, train_ok[j], test_ok[j], margin[j], eig, Ball[j]) for j in range(len(pairs))]


def grokking_probability_fixed_attention(*, lambda1=0, lambda2=0, d: int = 2, trials: int = 20000, seed: int = 0,
                                         train_length: int = 3, test_depth: int = 12,
                                         normalization: str = "context") -> MonteCarlo:
    r"""Fixed-attention grokking probability :math:`P_G` of Fig. 14, by Monte Carlo.

    :math:`P_G` is the fraction of random attention tensors ``A`` (entries
    i.i.d. :math:`\mathcal N(0,1)`, bond dimension ``d``, open boundaries) for
    which the stationary classification tensor ``B`` (trained on every
    position of all :math:`2^3` strings of length 3 with the given
    :math:`\lambda_{1,2}`) has zero test error on rule 30 — the acceptance
    criterion of the paper's rejection sampling (§4.3.1; theory note §8
    item 21).  Tensors whose leading eigenvalue of :math:`A_0` is complex count
    as failures.

    Parameters
    ----------
    lambda1, lambda2 : number >= 0
    d : int
        Bond dimension (paper: 2, i.e. feature dimension :math:`D = 2d^2 = 8`).
    trials : int
        Number of random tensors (paper: 20 000).
    seed : int
        Seed of :func:`sample_attention_tensors` (common random numbers across
        calls with the same ``seed`` and ``trials``).
    train_length, test_depth, normalization
        See :func:`fixed_attention_outcome`.

    Returns
    -------
    MonteCarlo
        ``values = {"grokking_probability": k/trials}`` (an exact Rational
        count fraction) and ``stderr`` the binomial standard error
        :math:`\sqrt{p(1-p)/T}` (an mpf).

    References
    ----------
    Žunkovič & Ilievski (2024), §4.3.1 and Fig. 14 (v1 Fig. 10).

    Examples
    --------
    >>> mc = grokking_probability_fixed_attention(trials=400, seed=1)
    >>> 0 <= mc.values["grokking_probability"] <= 1
    True
    """
    A = sample_attention_tensors(trials, d=d, seed=seed)
    out = fixed_attention_outcome(A, lambda1=lambda1, lambda2=lambda2, train_length=train_length,
                                  test_depth=test_depth, normalization=normalization)
    k, T = int(out.test_ok.sum()), len(A)
    p = sp.Rational(k, T)
    with mpmath.workdps(30):
        se = mpmath.sqrt(mpmath.mpf(k) * (T - k) / T) / T
    return MonteCarlo({"grokking_probability": p}, {"grokking_probability": se})


# --------------------------------------------------------------------------- Fig. 14

#: Fig. 14 readings (theory note §5.4, [figure], reading +-0.0001; binomial s.e. of 20 000 tensors ~0.001).
FIG14_READINGS: Mapping[str, tuple] = {
    "none": ((0.0, 0.0246),),
    "lambda1": ((0.001, 0.0266), (0.003, 0.0268), (0.005, 0.0252), (0.01, 0.0219), (0.015, 0.0208),
                (0.02, 0.0173)),
    "lambda2": ((0.001, 0.0155), (0.005, 0.0103), (0.01, 0.0076), (0.015, 0.0053), (0.02, 0.0044)),
}


def fig14_scan(*, trials: int = 20000, seed: int = 0, test_depth: int = 12, lambda_scale=1) -> dict:
    r""":math:`P_G` on the paper's :math:`\lambda_1` and :math:`\lambda_2` grids, on common random tensors.

    Parameters
    ----------
    trials, seed, test_depth
        See :func:`grokking_probability_fixed_attention`.
    lambda_scale : number > 0
        The strengths used are ``lambda_scale * lambda`` (1 = Eq. 2 as printed,
        the loss being the mean over the training positions).

    Returns
    -------
    dict
        ``{"none": (p, se), "lambda1": [(lam, p, se, gain, loss)], "lambda2": [...]}`` where ``gain``
        (``loss``) counts tensors accepted with (without) the regulariser but not without (with) it:
        the paired comparison with the unregularised case.

    References
    ----------
    Žunkovič & Ilievski (2024), Fig. 14.
    """
    return fig14_scans(trials=trials, seed=seed, test_depth=test_depth, lambda_scales=(lambda_scale,))[0]


def fig14_scans(*, trials: int = 20000, seed: int = 0, test_depth: int = 12, lambda_scales=(1,)) -> list:
    """:func:`fig14_scan` at each of ``lambda_scales``, on the same tensors in one pass
    (:func:`fixed_attention_outcomes`: the tensors' contexts once for all strengths, the unregularised case once
    for all scales)."""
    scales = [_strength(x, "lambda_scale") for x in lambda_scales]
    if any(x <= 0 for x in scales):
        raise ParameterDomainError(f"lambda_scale={lambda_scales[scales.index(min(scales))]} must be > 0")
    A = sample_attention_tensors(trials, seed=seed)
    T = len(A)

    def se(k):
        return float(np.sqrt(k * (T - k) / T) / T)

    grid = [(i, key, lam) for i in range(len(scales)) for key in ("lambda1", "lambda2")
            for lam, _ in FIG14_READINGS[key]]
    strengths = [(0, 0)] + [(lam * scales[i], 0) if key == "lambda1" else (0, lam * scales[i]) for i, key, lam in grid]
    base, *rest = (o.test_ok for o in fixed_attention_outcomes(A, strengths, test_depth=test_depth))
    scans = [{"none": (float(base.mean()), se(int(base.sum()))), "trials": T, "lambda1": [], "lambda2": []}
             for _ in scales]
    for (i, key, lam), ok in zip(grid, rest):
        scans[i][key].append((lam, float(ok.mean()), se(int(ok.sum())), int((ok & ~base).sum()),
                              int((base & ~ok).sum())))
    return scans


@lru_cache(maxsize=4)
def fig14_summary(*, trials: int = 4000, seed: int = 0, test_depth: int = 12) -> dict:
    """The qualitative content of Fig. 14 at small scale, with paired standard errors.

    Common tensors serve every regularisation strength, so differences are paired:

    * ``l2_lowers``: P_G(lambda2) is non-increasing on the paper's grid and the paired drop
      P_G(0) - P_G(0.02) exceeds 4 paired standard errors;
    * ``l1_beats_l2``: P_G(lambda1 = x) > P_G(lambda2 = x) on the common grid;
    * ``l1_rise``: P_G(lambda1 = 0.001) - P_G(0) with its paired standard error;
    * ``none_vs_paper_in_stderr``: (P_G(0) - 0.0246) in binomial standard errors.

    References
    ----------
    Zunkovic & Ilievski (2024), Sec. 4.3.1, Fig. 14.
    """
    import math
    scan = fig14_scan(trials=trials, seed=seed, test_depth=test_depth)
    T = scan["trials"]
    p0, se0 = scan["none"]

    def paired(gain, loss):
        diff = (gain - loss) / T
        return diff, math.sqrt(max((gain + loss) / T - diff**2, 0.0) / T)

    l2 = scan["lambda2"]
    l2_probs = [p0] + [r[1] for r in l2]
    drop, drop_se = paired(l2[-1][3], l2[-1][4])
    l2_lowers = all(b <= a for a, b in zip(l2_probs, l2_probs[1:])) and -drop > 4 * drop_se
    l1 = {r[0]: r for r in scan["lambda1"]}
    l1_beats_l2 = any(lam in l1 for lam, *_ in l2) and all(l1[lam][1] > p for lam, p, *_ in l2 if lam in l1)
    rise, rise_se = paired(l1[0.001][3], l1[0.001][4])
    paper0 = FIG14_READINGS["none"][0][1]
    return {"trials": T, "P_G_none": p0, "stderr_none": se0,
            "P_G_lambda1": {r[0]: r[1] for r in scan["lambda1"]}, "P_G_lambda2": {r[0]: r[1] for r in l2},
            "l2_lowers": l2_lowers, "paired_drop_l2_0.02": (drop, drop_se), "l1_beats_l2": l1_beats_l2,
            "l1_rise": (rise, rise_se), "l1_rise_reproduced": rise > 2 * rise_se,
            "none_vs_paper_in_stderr": (p0 - paper0) / se0, "holds": bool(l2_lowers and l1_beats_l2)}
