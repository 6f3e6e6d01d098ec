r"""Žunkovič & Ilievski: the classification tensor ``B`` for fixed attention (§4.3.1).

The training problem of ``B`` on the TN features (the squared loss of Eq. 2 with
:math:`L_1`/:math:`L_2`, no bias), its stationary point -- Eq. 21 for
:math:`\lambda_1 = 0`, an exact elastic-net solve verified by the KKT conditions
otherwise -- and the training and test errors of the trained ``B`` over the
batched contexts of :func:`.rule30_network._levels`.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) (2024), §2 (Eq. 2), Eqs. 19–21, 66–67, §4.3.1.
"""
from __future__ import annotations

from itertools import product

import numpy as np
import sympy as sp

from ...errors import ComputationError, ConvergenceError, InputError, ParameterDomainError
from .rule30_automaton import RULE30_TABLE, rule30
from .rule30_network import _spin_of_index

__all__ = ["stationary_classifier"]


def _strength(value, name) -> float:
    """A regularisation strength (exact input preferred), as a float for the NumPy layer."""
    if isinstance(value, bool):
        raise ParameterDomainError(f"{name}={value!r} must be a number >= 0")
    try:
        q = sp.Rational(value) if not isinstance(value, float) else sp.Rational(repr(value))
    except (TypeError, ValueError, sp.SympifyError):
        raise ParameterDomainError(f"{name}={value!r} must be a number >= 0") from None
    if q < 0:
        raise ParameterDomainError(f"{name}={value} must be >= 0")
    return float(q)



def _training_problem(left, right, scale, train_length, lambda2, normalization):
    """G = mean z z^T + lambda2 1 and a = mean y z over every position of all strings of length M."""
    T, d = left[0].shape[0], left[0].shape[-1]
    D = 2 * d * d
    G = np.zeros((T, D, D))
    a = np.zeros((T, D))
    n = 0
    M = train_length
    for p in range(M):
        q = M - 1 - p
        lv = left[p] * (scale[p][..., None] if normalization == "matrix" else 1.0)
        rv = right[q]
        kk, ss, mm = np.meshgrid(np.arange(lv.shape[1]), (0, 1), np.arange(rv.shape[1]), indexing="ij")
        kk, ss, mm = kk.ravel(), ss.ravel(), mm.ravel()
        phi = np.eye(2)[ss]                                            # (W, 2)
        z = np.einsum("wj,twm,twn->twjmn", phi, lv[:, kk], rv[:, mm]).reshape(T, -1, D)
        y = rule30(_spin_of_index(kk, p), 2 * ss - 1, _spin_of_index(mm, q)).astype(float)
        G += np.einsum("twi,twj->tij", z, z)
        a += np.einsum("w,twi->ti", y, z)
        n += len(y)
    G /= n
    a /= n
    G += lambda2 * np.eye(D)
    return G, a, n


def _elastic_net(G, a, lambda1, *, iterations=400):
    r"""The stationary point of :math:`\tfrac12B^TGB - a^TB + \lambda_1\|B\|_1` (batched).

    ``lambda1 = 0``: :math:`B = G^{-1}a` (Eq. 21).  Otherwise a batched ADMM
    start, then per tensor an exact active-set solve accepted only if it
    satisfies the KKT conditions; tensors where that fails are solved exactly
    by the LASSO homotopy (:func:`_lasso_homotopy`).  ConvergenceError if the
    KKT conditions still fail.  A singular ``G`` (possible only at ``lambda2 = 0``), met by any of the
    solves, is a ComputationError.
    """
    try:
        return _stationary_point(G, a, lambda1, iterations)
    except np.linalg.LinAlgError:
        if lambda1 == 0:
            raise ComputationError("the Gram matrix G of the training features is singular (lambda1 = lambda2 "
                                   "= 0): the stationary B depends on B(0); use lambda2 > 0") from None
        raise ComputationError(f"the Gram matrix G of the training features is singular (lambda1={lambda1}, "
                               f"lambda2 = 0): the L1 stationary point need not be unique; "
                               f"use lambda2 > 0") from None


def _stationary_point(G, a, lambda1, iterations):
    """:func:`_elastic_net` itself (numpy's LinAlgError passes through)."""
    if lambda1 == 0:
        return np.linalg.solve(G, a[..., None])[..., 0]
    T, D = a.shape
    h = D // 2
    if D % 2 == 0 and h <= 4 and not np.any(G[:, :h, h:]) and not np.any(G[:, h:, :h]):
        # G = diag(G_-, G_+) (the one-hot phi makes the two spin blocks exactly orthogonal)
        out = np.concatenate([_lasso_enumerate(G[:, :h, :h], a[:, :h], lambda1),
                              _lasso_enumerate(G[:, h:, h:], a[:, h:], lambda1)], axis=1)
        bad = np.nonzero(~_kkt_batch(G, a, lambda1, out))[0]
        if len(bad):
            raise ConvergenceError(f"the L1 stationary point (lambda1={lambda1}) found by enumerating all sign "
                                   f"patterns fails its KKT check for {len(bad)} of {T} tensors")
        return out
    rho = np.maximum(np.einsum("tii->t", G) / D, lambda1)[:, None]
    K = np.linalg.inv(G + rho[..., None] * np.eye(D))
    Zv = np.zeros_like(a)
    U = np.zeros_like(a)
    for _ in range(iterations):
        B = np.einsum("tij,tj->ti", K, a + rho * (Zv - U))
        W = B + U
        Zv = np.sign(W) * np.maximum(np.abs(W) - lambda1 / rho, 0.0)
        U += B - Zv
    out = np.empty_like(a)
    for t in range(T):
        sol = _active_set_polish(G[t], a[t], lambda1, Zv[t])
        if sol is None:
            sol = _lasso_homotopy(G[t], a[t], lambda1)
        if not _kkt(G[t], a[t], lambda1, sol):
            raise ConvergenceError(f"the L1 stationary point (lambda1={lambda1}) failed its KKT check after "
                                   f"ADMM ({iterations} iterations), an active-set solve and the homotopy")
        out[t] = sol
    return out


def _lasso_enumerate(G, a, lambda1):
    """Exact LASSO for small dimension n by enumerating the 3**n sign patterns (batched over tensors).

    For each pattern the stationarity equations on its support are solved; the
    minimiser is the sign-consistent candidate of least objective (the LASSO
    solution is sign-consistent with its own pattern and G is positive definite).
    The 2**|S| patterns of a support S share one factorisation of G_SS (one solve, several right-hand sides).
    """
    T, n = a.shape
    best = np.zeros((T, n))
    best_f = np.zeros(T)                                  # B = 0 is always consistent, F = 0
    for S in (np.nonzero(mask)[0] for mask in product((False, True), repeat=n)):
        if not len(S):
            continue
        sigs = np.array(list(product((-1.0, 1.0), repeat=len(S))))          # (2**|S|, |S|)
        GSS = G[:, S][:, :, S]
        X = np.linalg.solve(GSS, a[:, S, None] - lambda1 * sigs.T)            # (T, |S|, 2**|S|)
        consistent = np.all(np.sign(X) == sigs.T, axis=1)                    # (T, 2**|S|)
        f = (0.5 * np.einsum("tic,tij,tjc->tc", X, GSS, X) - np.einsum("ti,tic->tc", a[:, S], X)
             + lambda1 * np.abs(X).sum(1))
        for c in range(len(sigs)):
            better = consistent[:, c] & (f[:, c] < best_f)
            best[better] = 0.0
            best[np.ix_(better, S)] = X[better, :, c]
            best_f[better] = f[better, c]
    return best


def _kkt(G, a, lambda1, B, rtol=1e-9):
    g = G @ B - a
    active = B != 0
    tol = rtol * (float(np.max(np.abs(a))) + float(np.max(np.abs(G))) * float(np.sum(np.abs(B))))
    return bool(np.all(np.abs(g[active] + lambda1 * np.sign(B[active])) <= tol)
                and np.all(np.abs(g[~active]) <= lambda1 + tol))


def _kkt_batch(G, a, lambda1, B, rtol=1e-9):
    """:func:`_kkt` of every tensor at once (the same tolerance and comparisons)."""
    g = np.einsum("tij,tj->ti", G, B) - a
    active = B != 0
    tol = (rtol * (np.abs(a).max(axis=1) + np.abs(G).reshape(len(G), -1).max(axis=1) * np.abs(B).sum(axis=1)))[:, None]
    return (np.where(active, np.abs(g + lambda1 * np.sign(B)) <= tol, True).all(axis=1)
            & np.where(active, True, np.abs(g) <= lambda1 + tol).all(axis=1))


def _active_set_polish(G, a, lambda1, B, *, rounds=20):
    """Primal active-set iterations from the support and signs of an approximate B."""
    sign = np.sign(B)
    for _ in range(rounds):
        idx = np.nonzero(sign)[0]
        sol = np.zeros_like(a)
        if len(idx):
            sol[idx] = np.linalg.solve(G[np.ix_(idx, idx)], a[idx] - lambda1 * sign[idx])
        flipped = (np.sign(sol) != sign) & (sign != 0)
        if flipped.any():
            sign = np.where(flipped, 0.0, sign)
            continue
        g = G @ sol - a
        viol = (sign == 0) & (np.abs(g) > lambda1 * (1 + 1e-12))
        if not viol.any():
            return sol if _kkt(G, a, lambda1, sol) else None
        sign = np.where(viol, -np.sign(g), sign)
    return None


def _lasso_homotopy(G, a, lambda1):
    """Exact LASSO path from lambda = max|a| (B = 0) down to lambda1 (G positive definite)."""
    D = len(a)
    lam = float(np.max(np.abs(a)))
    sign = np.zeros(D)
    if lambda1 >= lam:
        return np.zeros(D)
    k = int(np.argmax(np.abs(a)))
    sign[k] = np.sign(a[k])
    for _ in range(20 * D):
        idx = np.nonzero(sign)[0]
        u = np.zeros(D)
        v = np.zeros(D)
        u[idx] = np.linalg.solve(G[np.ix_(idx, idx)], a[idx])
        v[idx] = np.linalg.solve(G[np.ix_(idx, idx)], sign[idx])
        p, q = a - G @ u, G @ v                          # correlation c(l) = p + l q
        cand = []
        for j in range(D):
            if sign[j] == 0:
                for sgn in (1.0, -1.0):
                    den = sgn - q[j]
                    if den != 0:
                        lj = p[j] / den
                        if lambda1 < lj < lam * (1 - 1e-12):
                            cand.append((lj, j, sgn))
            elif v[j] != 0:
                lj = u[j] / v[j]
                if lambda1 < lj < lam * (1 - 1e-12):
                    cand.append((lj, j, 0.0))
        if not cand:
            return u - lambda1 * v
        lam, j, sgn = max(cand)
        sign[j] = sgn
    raise ConvergenceError(f"the LASSO homotopy did not reach lambda1={lambda1} in {20 * D} events")


def stationary_classifier(Z, y, *, lambda1=0, lambda2=0) -> np.ndarray:
    r"""The limit of the gradient flow of ``B`` for fixed features (Eqs. 2, 21, 67).

    Minimises :math:`\frac1n\sum_i\frac12(z_i\cdot B-y_i)^2 + \lambda_1\|B\|_1
    + \frac{\lambda_2}2\|B\|_2^2` (the squared loss of Eq. 2 without a bias).  For
    :math:`\lambda_1 = 0` this is Eq. 21, :math:`B = G^{-1}a`; for
    :math:`\lambda_1 > 0` the unique minimiser (``G`` positive definite) is
    found by coordinate descent and an exact active-set solve, verified by the
    KKT conditions.  The limit does not depend on :math:`B(0)`.

    Parameters
    ----------
    Z : array_like, shape (n, D)
    y : array_like, shape (n,)
    lambda1, lambda2 : number >= 0

    Returns
    -------
    ndarray, shape (D,)

    References
    ----------
    Žunkovič & Ilievski (2024), Eqs. 2, 19–21.
    """
    Z = np.asarray(Z, dtype=float)
    y = np.asarray(y, dtype=float)
    if Z.ndim != 2 or y.shape != (Z.shape[0],):
        raise InputError(f"Z must be (n, D) and y (n,), got {Z.shape} and {y.shape}")
    l1, l2 = _strength(lambda1, "lambda1"), _strength(lambda2, "lambda2")
    G = Z.T @ Z / len(y) + l2 * np.eye(Z.shape[1])
    a = Z.T @ y / len(y)
    if np.linalg.matrix_rank(G) < G.shape[0]:
        raise ComputationError("the Gram matrix of the features is singular: the stationary point is "
                               "not unique (it depends on B(0)); add lambda2 > 0")
    return _elastic_net(G[None], a[None], l1)[0]


def _extreme_rays(U):
    """Extreme rays of the cone spanned by unit 2-vectors U (T, n, 2); pointed mask."""
    th = np.sort(np.arctan2(U[..., 1], U[..., 0]), axis=-1)
    gaps = np.concatenate([np.diff(th, axis=-1), (th[..., :1] + 2 * np.pi - th[..., -1:])], axis=-1)
    g = np.argmax(gaps, axis=-1)
    pointed = np.take_along_axis(gaps, g[:, None], axis=-1)[:, 0] > np.pi * (1 + 1e-12)
    n = th.shape[-1]
    start = np.take_along_axis(th, ((g + 1) % n)[:, None], axis=-1)[:, 0]
    end = np.take_along_axis(th, g[:, None], axis=-1)[:, 0]
    e = np.stack([np.stack([np.cos(start), np.sin(start)], -1), np.stack([np.cos(end), np.sin(end)], -1)], 1)
    return e, pointed                                    # e: (T, 2 rays, 2)


def _test_geometry(left, right, *, method):
    """What the test margins need of the contexts alone (not of ``B``): the left/right contexts grouped by their
    neighbour spin and, for ``method="rays"``, the extreme rays of each group's cone."""
    groups = {}
    for side, levels in (("L", left), ("R", right)):
        for spin in (-1, 1):
            parts = [lv[:, _spin_of_index(np.arange(lv.shape[1]), p) == spin] for p, lv in enumerate(levels)]
            groups[side, spin] = np.concatenate(parts, axis=1)
    rays = {key: _extreme_rays(U) for key, U in groups.items()} if method == "rays" else {}
    return groups, rays


def _margins(geometry, rows, B, *, method):
    """min over test windows of y * yhat / |B| for the tensors ``rows`` of ``geometry`` (:func:`_test_geometry`),
    ``B`` one row per tensor (negative or zero means a test error)."""
    groups, rays = geometry
    T, d = len(rows), groups["L", 1].shape[-1]
    Bm = B.reshape(T, 2, d, d)
    margin = np.full(T, np.inf)
    for (a, s, b), target in RULE30_TABLE.items():
        Bs = Bm[:, (s + 1) // 2]
        if method == "rays":
            (eL, pL), (eR, pR) = rays["L", a], rays["R", b]
            vals = np.einsum("tkm,tmn,tln->tkl", eL[rows], Bs, eR[rows]).reshape(T, -1)
            m = np.min(target * vals, axis=1)
            m = np.where(pL[rows] & pR[rows], m, -np.inf)
        else:
            La, Rb = groups["L", a][rows], groups["R", b][rows]
            m = np.empty(T)
            for t in range(T):
                m[t] = np.min(target * (La[t] @ Bs[t] @ Rb[t].T))
        margin = np.minimum(margin, m)
    return margin / np.linalg.norm(B, axis=1)


def _train_correct(left, right, scale, B, M, normalization):
    T, d = left[0].shape[0], left[0].shape[-1]
    Bm = B.reshape(T, 2, d, d)
    good = np.ones(T, dtype=bool)
    for p in range(M):
        q = M - 1 - p
        for k in range(left[p].shape[1]):
            for mm in range(right[q].shape[1]):
                for s in (0, 1):
                    yhat = np.einsum("tm,tmn,tn->t", left[p][:, k], Bm[:, s], right[q][:, mm])
                    y = int(rule30(_spin_of_index(np.array(k), p), 2 * s - 1, _spin_of_index(np.array(mm), q)))
                    good &= y * yhat > 0
    return good
