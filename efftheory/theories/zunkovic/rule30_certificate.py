r"""Žunkovič & Ilievski: the exact 1-local attention tensors of Eq. 68 and their certificate.

With the attention tensor of Eq. 68 (bond dimension :math:`d = 4`) the TN features of
rule 30 are linearly separable at every input length; :func:`exact_attention_certificate`
proves it in exact rational arithmetic.  Also the three example tensors of App. C.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) (2024), §4.2.3, Eq. 68, Fig. 11, App. C.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import sympy as sp

from ...errors import ComputationError, ParameterDomainError
from .rule30_automaton import RULE30_TABLE, _nonneg_int, all_inputs, rule_labels

__all__ = ["EXACT_ATTENTION", "APPENDIX_C_ATTENTION", "exact_attention_certificate"]


#: Eq. 68: the exact 1-local attention tensor (d = 4); EXACT_ATTENTION[0] = A_0, [1] = A_1.
EXACT_ATTENTION = np.array([
    [[1, 1, 0, 0], [0, 0, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]],
    [[0, 0, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 1, 1]],
], dtype=float)

#: App. C: the three example tensors (d = 2) of the fixed-attention experiments, rows as printed.
APPENDIX_C_ATTENTION: Mapping[str, np.ndarray] = {
    "example1": np.array([[[0.782735, 0.225481], [-0.21562, 0.290028]],
                          [[1.17554, -0.275503], [1.18283, -0.157563]]]),
    "example2": np.array([[[1.6749, -1.29059], [0.285324, -0.708621]],
                          [[0.0462428, -0.0797724], [-0.509457, 0.922777]]]),
    "example3": np.array([[[1.37336, -0.465853], [-1.10382, 0.720113]],
                          [[0.128517, 0.166033], [0.634426, 1.13816]]]),
}


def _exact_contexts(A0, A1, vL, vR):
    """Closed sets of left/right context directions under exact rational arithmetic."""
    def direction(v):
        v = sp.Matrix(v)
        nz = [e for e in v if e != 0]
        if not nz:
            raise ComputationError("a context vector vanished in exact arithmetic")
        g = max(abs(e) for e in nz)
        return tuple(e / g for e in v)       # positive rescaling keeps the direction

    def close(start, maps):
        seen, frontier = {direction(start)}, [direction(start)]
        while frontier:
            nxt = []
            for v in frontier:
                for m in maps:
                    w = direction(m(sp.Matrix(v)))
                    if w not in seen:
                        seen.add(w)
                        nxt.append(w)
            frontier = nxt
            if len(seen) > 64:
                raise ComputationError("the context set of the exact attention is not finite (> 64 directions)")
        return seen
    left = close(vL, (lambda v: (v.T * A0).T, lambda v: (v.T * A1).T))
    right = close(vR, (lambda v: A0 * v, lambda v: A1 * v))
    return left, right


def exact_attention_certificate(*, max_length: int = 8) -> dict:
    r"""Exact proof that Eq. 68 makes rule 30 linearly separable for strings of every length.

    Steps (exact rational arithmetic throughout; positive rescalings of the
    contexts do not change signs, so the normalisation of Eq. 62 is irrelevant):

    1. the boundary vectors of :math:`A_0` (Eq. 68) are computed exactly
       (eigenvalue 1, :math:`v^L = (1,1,0,0)`, :math:`v^R = (1,0,1,0)`);
    2. the sets of left and right context directions generated from them by
       :math:`A_0, A_1` are closed: two directions each, labelled by the
       neighbour's spin (the boundary behaves as the spin ``-1``);
    3. the eight features :math:`\ell\otimes r\otimes\phi(s)` are linearly
       independent, so a classifier ``B`` reproducing rule 30 on all eight
       neighbourhoods is solved exactly (any labelling is separable);
    4. since every position of every string maps to one of these eight features
       (step 2, by induction on the length), zero error holds for all lengths;
       as an independent check, every position of all strings of length
       ``1..max_length`` is contracted exactly (Eq. 59–62 without normalisation)
       and compared with :func:`rule_labels`.

    Returns
    -------
    dict
        ``B`` (sympy Matrix, shape 2x16: rows are ``j``), ``left``/``right``
        (the closed direction sets), ``rank`` (8), ``positions_checked``,
        ``errors`` (0), ``margin`` (min of :math:`y\hat y`, exact), ``holds``.

    References
    ----------
    Žunkovič & Ilievski (2024), Eq. 68 and Fig. 11.
    """
    L = _nonneg_int(max_length, "max_length", 1)
    if L > 14:
        raise ParameterDomainError(f"max_length={L}; allowed 1..14 (exact enumeration of 2**L strings)")
    A0 = sp.Matrix(EXACT_ATTENTION[0].astype(int).tolist())
    A1 = sp.Matrix(EXACT_ATTENTION[1].astype(int).tolist())
    ev = A0.eigenvals()
    lead = max(ev, key=lambda e: abs(e))
    vR = (A0 - lead * sp.eye(4)).nullspace()
    vL = (A0.T - lead * sp.eye(4)).nullspace()
    if len(vR) != 1 or len(vL) != 1:
        raise ComputationError(f"the leading eigenvalue {lead} of A_0 (Eq. 68) is degenerate")
    vR, vL = vR[0], vL[0]
    if sum(vR) < 0:
        vR = -vR
    if sum(vL) < 0:
        vL = -vL
    left, right = _exact_contexts(A0, A1, vL, vR)

    # label each direction by the last map applied (boundary = -1 padding): exact images
    def images(vs, m, side):
        out = set()
        for v in vs:
            w = (sp.Matrix(v).T * m).T if side == "L" else m * sp.Matrix(v)
            nz = max(abs(e) for e in w)
            out.add(tuple(e / nz for e in w))
        return out
    L_minus, L_plus = images(left, A0, "L"), images(left, A1, "L")
    R_minus, R_plus = images(right, A0, "R"), images(right, A1, "R")
    if L_minus & L_plus or R_minus & R_plus:
        raise ComputationError("the context directions do not determine the neighbour's spin")
    if not (lead > 0 and tuple(e / max(abs(e) for e in vL) for e in vL) in L_minus
            and tuple(e / max(abs(e) for e in vR) for e in vR) in R_minus):
        raise ComputationError("the open-boundary vectors do not act as a -1 neighbour")
    feats, labels = [], []
    for a, La in ((-1, L_minus), (1, L_plus)):
        for b, Rb in ((-1, R_minus), (1, R_plus)):
            for s in (-1, 1):
                for lv in La:
                    for rv in Rb:
                        phi = (1, 0) if s < 0 else (0, 1)
                        feats.append([p * l * r for p in phi for l in lv for r in rv])
                        labels.append(int(RULE30_TABLE[(a, s, b)]))
    Z = sp.Matrix(feats)
    rank = Z.rank()
    if rank != Z.rows:
        raise ComputationError(f"the {Z.rows} exact features have rank {rank}: not all independent")
    # minimum-norm exact interpolant B = Z^T (Z Z^T)^{-1} y
    y = sp.Matrix(labels)
    Bvec = Z.T * (Z * Z.T).inv() * y
    if Z * Bvec != y:
        raise ComputationError("exact interpolation of the rule-30 labels failed")
    Bt = [sp.Matrix(4, 4, list(Bvec[16 * j:16 * (j + 1)])) for j in range(2)]
    checked = errors = 0
    margin = None
    for m in range(1, L + 1):
        X = all_inputs(m)
        Y = rule_labels(X, steps=1, boundary="open")
        mats = [A0, A1]
        for row, yrow in zip(X, Y):
            for i in range(m):
                lv = vL.T
                for s in row[:i]:
                    lv = lv * mats[int(s > 0)]
                rv = vR
                for s in row[i + 1:][::-1]:
                    rv = mats[int(s > 0)] * rv
                yhat = (lv * Bt[int(row[i] > 0)] * rv)[0, 0]
                checked += 1
                prod_ = int(yrow[i]) * yhat
                margin = prod_ if margin is None else min(margin, prod_)
                errors += int(not prod_ > 0)
    return {"B": sp.Matrix([list(Bvec[:16]), list(Bvec[16:])]), "left": left, "right": right,
            "eigenvalue": lead, "vL": vL, "vR": vR, "rank": rank, "positions_checked": checked,
            "errors": errors, "margin": margin, "holds": rank == 8 and errors == 0 and len(left) == 2
            and len(right) == 2}
