r"""Žunkovič & Ilievski: the tensor-network (TN) attention features (paper §4.2).

The uniform TN-attention student for a fixed attention tensor :math:`A`
(Eqs. 58–63) and the TN feature map :math:`z_i(x)` (Eqs. 66–67), which turns
learning the classification tensor :math:`B` into a perceptron problem in
dimension :math:`D = 2d^2`; and the batched contexts of all strings up to a
depth, on which the fixed-attention experiments (:mod:`.rule30_experiments`)
train and test ``B``.

Conventions (all documented resolutions of the paper's ambiguities)
-------------------------------------------------------------------
* Spins are ``-1``/``+1`` (``int8``).  Tensors are arrays of shape ``(2, d, d)``
  with ``A[j] = A_j`` the matrix :math:`A_{\cdot\cdot j}` of Eq. 59; ``j = 0`` is
  the spin ``-1`` (:math:`\phi(-1) = (1, 0)`), ``j = 1`` the spin ``+1`` (Eq. 58).
  ``B`` has the same shape and the flattened feature index is ``(j, mu, nu)``.
* Open boundaries: :math:`v^L` (:math:`v^R`) is the left (right) eigenvector of
  :math:`A_0` for its eigenvalue of largest modulus.  The contexts are the row
  vector :math:`\ell_i = v^{L\,T} A(x_1)\cdots A(x_{i-1})` and the column vector
  :math:`r_i = A(x_{i+1})\cdots A(x_M) v^R` (Fig. 16 of the paper normalises
  exactly these 2-vectors), so that Eq. 62 reads
  :math:`w(i)_j = \ell_i B_j r_i`.  In the trace form of Eq. 62 this is
  :math:`G = v^R (v^L)^T` (the paper prints :math:`G = v^L\otimes v^R`; only the
  order above contracts :math:`v^L` on the left, as Fig. 16 does).  Padding the
  string with infinitely many ``-1`` gives the same contexts, which is why the
  eigenvectors implement the open boundary :math:`x_0 = x_{M+1} = -1`.
  If the leading eigenvalue of :math:`A_0` is complex (a conjugate pair of
  equal modulus) the boundary vectors are undefined; such tensors count as
  failures in :math:`P_G`.  If it is negative, the normalised contexts flip
  sign with the parity of the ``-1`` padding, so the same neighbourhood gives
  the features :math:`\pm z` in strings of different lengths: such tensors can
  never have zero test error over all lengths (they do fail in :math:`P_G`).
* Normalisation (Eq. 62): ``normalization="context"`` (default) divides
  :math:`\ell_i` and :math:`r_i` by their Euclidean norms, as the authors' code
  does after every multiplication; ``"matrix"`` is the literal Eq. 59–62:
  :math:`H^L(1) = 1_d`, :math:`H^R(M) = G` and Frobenius normalisation of the two
  matrices.  Both give the same signs (classifications) for a given ``B`` but
  different least-squares solutions, hence slightly different :math:`P_G`.

References
----------
B. Žunkovič, E. Ilievski, *Grokking phase transitions in learning local rules
with gradient descent*, JMLR 25(199) (2024), §4.2, Eqs. 58–67, Fig. 16.
"""
from __future__ import annotations

import numpy as np

from ...errors import InputError
from .rule30_automaton import _choice, _spins

__all__ = ["embed", "boundary_vectors", "feature_map", "model_output"]


def embed(x) -> np.ndarray:
    r"""The local embedding of Eq. 58: :math:`\phi(-1) = (1,0)`, :math:`\phi(1) = (0,1)`."""
    x = _spins(x)
    return np.stack([(x < 0), (x > 0)], axis=-1).astype(float)


def _tensor(A, name="A", hint=" (A[j] = A_j of Eq. 59)") -> np.ndarray:
    """``A`` as a finite float array of shape (2, d, d), else an InputError naming ``name``."""
    arr = np.asarray(A, dtype=float)
    if arr.ndim != 3 or arr.shape[0] != 2 or arr.shape[1] != arr.shape[2] or arr.shape[1] < 1:
        raise InputError(f"{name} must have shape (2, d, d){hint}, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} has non-finite entries")
    return arr


def _leading_eigvecs(A0: np.ndarray):
    """Left/right leading eigenvectors of a stack of real matrices (..., d, d).

    Returns ``(vL, vR, lam, ok)``; ``ok`` is False where the eigenvalue of
    largest modulus is not real and simple in modulus (then the vectors are NaN).
    """
    lam_r, vec_r = np.linalg.eig(A0)
    lam_l, vec_l = np.linalg.eig(np.swapaxes(A0, -1, -2))
    out = []
    for lam, vec in ((lam_l, vec_l), (lam_r, vec_r)):
        mod = np.abs(lam)
        order = np.argsort(-mod, axis=-1)
        top = np.take_along_axis(lam, order[..., :1], axis=-1)[..., 0]
        second = (np.take_along_axis(mod, order[..., 1:2], axis=-1)[..., 0]
                  if lam.shape[-1] > 1 else np.zeros(lam.shape[:-1]))
        ok = (np.abs(top.imag) <= 1e-12 * np.maximum(np.abs(top), 1.0)) & (np.abs(top) > second * (1 + 1e-12))
        v = np.take_along_axis(vec, order[..., None, :1], axis=-1)[..., 0].real
        v = v / np.linalg.norm(v, axis=-1, keepdims=True)
        pivot = np.take_along_axis(v, np.argmax(np.abs(v), axis=-1)[..., None], axis=-1)
        v = v * np.sign(pivot)                     # fix the arbitrary sign (irrelevant for P_G)
        v = np.where(ok[..., None], v, np.nan)
        out.append((v, top.real, ok))
    (vL, lam, okL), (vR, _, okR) = out
    return vL, vR, lam, okL & okR


def boundary_vectors(A):
    r"""Open-boundary vectors: left and right leading eigenvectors of :math:`A_0`.

    Parameters
    ----------
    A : array_like, shape (2, d, d)

    Returns
    -------
    vL, vR : ndarray, shape (d,)
        Unit vectors with :math:`v^{L\,T}A_0 = \lambda v^{L\,T}`, :math:`A_0v^R = \lambda v^R`.
    eigenvalue : float
        :math:`\lambda`, the eigenvalue of largest modulus.

    Raises
    ------
    InputError
        If the leading eigenvalue is complex or not unique in modulus.

    References
    ----------
    Žunkovič & Ilievski (2024), §4.2 (below Eq. 61) and §4.3.1.
    """
    A = _tensor(A)
    vL, vR, lam, ok = _leading_eigvecs(A[0])
    if not ok:
        raise InputError("the eigenvalue of largest modulus of A_0 is not real and unique in modulus; "
                         f"eigenvalues {np.linalg.eigvals(A[0]).tolist()}: open-boundary vectors undefined")
    return vL, vR, float(lam)


def _normalise(v, axis=-1):
    n = np.linalg.norm(v, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, v / np.where(n > 0, n, 1.0), np.nan)


def feature_map(x, A, *, boundary: str = "open", normalization: str = "context") -> np.ndarray:
    r"""The TN feature map :math:`z_i(x) = H^R_N(i)H^L_N(i)\otimes\phi(x_i)` (Eq. 66).

    Parameters
    ----------
    x : array_like of {-1, +1}, shape (n, M) or (M,)
    A : array_like, shape (2, d, d)
        Attention tensor, ``A[j]`` is :math:`A_j` (Eq. 59).
    boundary : {"open", "periodic"}
        Open: eigenvector boundary vectors (:func:`boundary_vectors`); periodic:
        :math:`H^L(1) = H^R(M) = 1_d`.
    normalization : {"context", "matrix"}
        See the module docstring; ``"context"`` is only meaningful for open
        boundaries (for periodic boundaries both are the Frobenius normalisation).

    Returns
    -------
    ndarray, shape (n, M, 2 d**2) (or (M, 2 d**2))
        Flattened over ``(j, mu, nu)`` with
        :math:`z_{j\mu\nu} = \phi(x_i)_j\,(H^R_N H^L_N)_{\nu\mu}`, so that the
        output of Eq. 62–63 is :math:`\hat y_i = z_i\cdot\mathrm{vec}(B)` (Eq. 67).

    References
    ----------
    Žunkovič & Ilievski (2024), Eqs. 58–62, 66–67.

    Examples
    --------
    >>> from efftheory.theories.zunkovic.rule30_automaton import all_inputs
    >>> from efftheory.theories.zunkovic.rule30_certificate import EXACT_ATTENTION
    >>> z = feature_map(all_inputs(3), EXACT_ATTENTION)
    >>> z.shape
    (8, 3, 32)
    """
    A = _tensor(A)
    _choice(boundary, "boundary", ("open", "periodic"))
    _choice(normalization, "normalization", ("context", "matrix"))
    x = _spins(x)
    single = x.ndim == 1
    if single:
        x = x[None, :]
    n, M = x.shape
    d = A.shape[1]
    As = A[(x > 0).astype(int)]                       # (n, M, d, d): A(x_i)
    phi = embed(x)                                    # (n, M, 2)
    if boundary == "open" and normalization == "context":
        vL, vR, _ = boundary_vectors(A)
        left = np.empty((n, M, d))
        right = np.empty((n, M, d))
        left[:, 0] = vL
        for i in range(1, M):
            left[:, i] = _normalise(np.einsum("nm,nmk->nk", left[:, i - 1], As[:, i - 1]))
        right[:, M - 1] = vR
        for i in range(M - 2, -1, -1):
            right[:, i] = _normalise(np.einsum("nkm,nm->nk", As[:, i + 1], right[:, i + 1]))
        core = np.einsum("nim,nik->nimk", left, right)          # [mu, nu] = l_mu r_nu
    else:
        eye = np.broadcast_to(np.eye(d), (n, d, d))
        if boundary == "open":
            vL, vR, _ = boundary_vectors(A)
            G = np.outer(vR, vL)                               # G = v^R (v^L)^T, see module docstring
        else:
            G = np.eye(d)
        HL = np.empty((n, M, d, d))
        HR = np.empty((n, M, d, d))
        HL[:, 0] = eye / np.sqrt(d)
        for i in range(1, M):
            HL[:, i] = _normalise((HL[:, i - 1] @ As[:, i - 1]).reshape(n, -1)).reshape(n, d, d)
        HR[:, M - 1] = _normalise(np.broadcast_to(G, (n, d, d)).reshape(n, -1)).reshape(n, d, d)
        for i in range(M - 2, -1, -1):
            HR[:, i] = _normalise((As[:, i + 1] @ HR[:, i + 1]).reshape(n, -1)).reshape(n, d, d)
        core = np.swapaxes(HR @ HL, -1, -2)                     # [mu, nu] = (H^R H^L)_{nu mu}
    z = np.einsum("nij,nimk->nijmk", phi, core).reshape(n, M, 2 * d * d)
    return z[0] if single else z


def model_output(x, A, B, *, boundary: str = "open", normalization: str = "context") -> np.ndarray:
    r"""The student's output :math:`\hat y_i = w(i)\cdot\phi(x_i)` by direct contraction (Eqs. 59–63).

    An independent route to :func:`feature_map`: every product
    :math:`A(x_1)\cdots A(x_{i-1})` and :math:`A(x_{i+1})\cdots A(x_M)` is formed
    anew for each position, without recursion or intermediate normalisation,
    and the trace of Eq. 62 is taken explicitly.

    Parameters
    ----------
    x : array_like of {-1, +1}, shape (n, M) or (M,)
    A, B : array_like, shape (2, d, d)
    boundary, normalization : see :func:`feature_map`

    Returns
    -------
    ndarray, shape (n, M) (or (M,))

    References
    ----------
    Žunkovič & Ilievski (2024), Eqs. 59–63.
    """
    A, B = _tensor(A), _tensor(B, "B")
    if A.shape != B.shape:
        raise InputError(f"A and B must have the same shape, got {A.shape} and {B.shape}")
    _choice(boundary, "boundary", ("open", "periodic"))
    _choice(normalization, "normalization", ("context", "matrix"))
    x = _spins(x)
    single = x.ndim == 1
    xs = x[None, :] if single else x
    d = A.shape[1]
    if boundary == "open":
        vL, vR, _ = boundary_vectors(A)
        G = np.outer(vR, vL)
    else:
        G = np.eye(d)
    out = np.empty(xs.shape)
    for n, row in enumerate(xs):
        mats = [A[int(s > 0)] for s in row]
        M = len(row)
        for i in range(M):
            HL = np.eye(d)
            for m in mats[:i]:
                HL = HL @ m
            HR = np.eye(d)
            for m in mats[i + 1:]:
                HR = HR @ m
            Bj = B[int(row[i] > 0)]                      # w(i) . phi(x_i) selects B_{x_i}
            if boundary == "open" and normalization == "context":
                left, right = vL @ HL, HR @ vR
                out[n, i] = left @ Bj @ right / (np.linalg.norm(left) * np.linalg.norm(right))
            else:
                HR = HR @ G
                out[n, i] = np.trace(HL @ Bj @ HR) / (np.linalg.norm(HL) * np.linalg.norm(HR))
    return out[0] if single else out


def _levels(A, vL, vR, depth, normalization):
    """Batched contexts of all strings of length 0..depth.

    Left level p: array (T, 2**p, d); index of a string = its binary value
    (last symbol = least significant bit, 1 for +1).  Right level q: index bit 0
    is the nearest neighbour.  Also the positive factors of ``"matrix"``
    normalisation of the left contexts (see module docstring).
    """
    T, _, d, _ = A.shape
    left, right, scale = [vL[:, None, :]], [vR[:, None, :]], [np.full((T, 1), 1 / np.sqrt(d))]
    HL = np.broadcast_to(np.eye(d), (T, 1, d, d)) / np.sqrt(d)
    for _ in range(depth):
        left.append(_normalise(np.einsum("tkm,tsmn->tksn", left[-1], A).reshape(T, -1, d)))
        right.append(_normalise(np.einsum("tsmn,tkn->tksm", A, right[-1]).reshape(T, -1, d)))
        if normalization == "matrix":
            HL = np.einsum("tkmn,tsnr->tksmr", HL, A).reshape(T, -1, d, d)
            HL = _normalise(HL.reshape(T, HL.shape[1], -1)).reshape(HL.shape)
            scale.append(np.linalg.norm(np.einsum("tm,tkmn->tkn", vL, HL), axis=-1))
    return left, right, scale


def _spin_of_index(k, p):
    """Neighbour spin (-1/+1) of context index k at level p (level 0 = boundary = -1)."""
    return -np.ones_like(k) if p == 0 else 2 * (k & 1) - 1
