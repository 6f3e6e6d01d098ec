"""Precision handling: exact values to mpmath at an explicit precision, and
verification of results by recomputation at a higher precision.

No function here (or anywhere in efftheory) assigns ``mpmath.mp.dps``: precision
is an explicit argument and is applied with the local context ``mpmath.workdps``,
which restores the caller's precision on exit.

Thread safety: ``mpmath.workdps`` sets the precision of mpmath's one global context, so
two threads computing at different precisions would change each other's.  Every public
computation (:func:`verified`, ``Model.solve``/``evaluate``, ``Claim.check``) and every
conversion or formatting at a precision (:func:`to_mpf`, :func:`format_mpf`, compiled kernels)
therefore holds :data:`PRECISION_LOCK`, a re-entrant lock: calls from several threads run one at a
time (mpmath is pure Python and holds the GIL, so threads gained no speed from overlapping)
and each leaves mpmath's global context as it found it.
"""
from __future__ import annotations

import contextvars
import functools
import threading
from fractions import Fraction
from typing import Callable, Mapping

import mpmath
import sympy as sp

from ..errors import PrecisionError

__all__ = ["to_mpf", "agreeing_digits", "verified", "format_mpf", "GUARD_DIGITS", "PRECISION_LOCK", "serialized",
           "root_memo"]

GUARD_DIGITS = 15

#: Held by every public computation: mpmath's precision is one global setting.
PRECISION_LOCK = threading.RLock()


def serialized(function):
    """Run ``function`` holding :data:`PRECISION_LOCK` (see the module's note on threads)."""
    @functools.wraps(function)
    def locked(*args, **kwargs):
        with PRECISION_LOCK:
            return function(*args, **kwargs)
    return locked


#: the roots polished so far inside the current :func:`verified` computation (see :func:`root_memo`)
_ROOTS: contextvars.ContextVar = contextvars.ContextVar("efftheory_verified_roots", default=None)


def root_memo() -> dict | None:
    """Inside :func:`verified`: a dict in which root finders keep what they found at one working
    precision (keyed by system, values and start), so that the recomputation at the higher
    precision starts from it (one Newton step, :meth:`~efftheory.numeric.roots.System.polish`);
    ``None`` outside a verified computation."""
    return _ROOTS.get()


@serialized
def to_mpf(value, dps: int):
    """An exact value (SymPy Rational, int, Fraction, mpf) as an ``mpf`` at ``dps`` digits."""
    with mpmath.workdps(dps):
        if isinstance(value, (mpmath.mpf, mpmath.mpc)):
            return +value
        if isinstance(value, sp.Rational):
            return mpmath.mpf(int(value.p)) / int(value.q)
        if isinstance(value, Fraction):
            return mpmath.mpf(value.numerator) / value.denominator
        if isinstance(value, int):
            return mpmath.mpf(value)
        if isinstance(value, sp.Basic):
            return mpmath.mpf(sp.N(value, dps + 5))
        if isinstance(value, float):
            raise TypeError(f"refusing the float {value!r}: pass exact values (Rational) to high-precision code")
        raise TypeError(f"cannot convert {value!r} to mpf")


@serialized
def agreeing_digits(a, b, *, cap: int) -> int:
    """Significant decimal digits on which two mpmath numbers agree (at most ``cap``).

    Two exact zeros agree to ``cap`` digits; a zero against a nonzero value
    agrees on none.
    """
    if not (isinstance(a, mpmath.mpf) and isinstance(b, mpmath.mpf)):
        a, b = to_mpf(a, cap + 20), to_mpf(b, cap + 20)
    if a == b:
        return cap
    if isinstance(a, mpmath.mpf) and isinstance(b, mpmath.mpf):
        return _real_digits(a._mpf_, b._mpf_, cap)
    with mpmath.workdps(cap + 20):
        scale = max(abs(a), abs(b))
        if scale == 0:
            return cap
        d = -mpmath.log10(abs(a - b) / scale)
        return int(max(0, min(cap, mpmath.floor(d))))


def _real_digits(a, b, cap: int) -> int:
    """``floor(-log10(|a - b| / max(|a|, |b|)))`` clipped to ``[0, cap]``, in exact arithmetic:
    the largest ``k`` with ``|a - b| 10**k <= max(|a|, |b|)`` (raw mpf tuples, ``a != b``)."""
    from mpmath.libmp import from_int, mpf_abs, mpf_cmp, mpf_mul, mpf_sub
    # no digit agrees when one is zero (or not finite: mantissa 0), the signs differ, or the magnitudes differ
    # by a factor of two or more (then |a - b| >= max/2 > max/10); this also keeps the exact subtraction below
    # from shifting a mantissa by an exponent gap as large as 10**300 bits
    if a[1] == 0 or b[1] == 0 or a[0] != b[0] or abs((a[2] + a[3]) - (b[2] + b[3])) >= 2:
        return 0
    diff = mpf_abs(mpf_sub(a, b, 0))                  # prec 0: exact
    aa, ab = mpf_abs(a), mpf_abs(b)
    scale = aa if mpf_cmp(aa, ab) >= 0 else ab

    def fits(k):                                      # |a - b| 10^k <= scale, exactly
        return mpf_cmp(mpf_mul(diff, from_int(10 ** k), 0), scale) <= 0
    # estimate from the binary exponents (within one or two), then settle exactly
    k = max(0, min(cap, int((scale[2] + scale[3] - diff[2] - diff[3]) * 0.30102999566398120)))
    while k > 0 and not fits(k):
        k -= 1
    while k < cap and fits(k + 1):
        k += 1
    return k if fits(k) else 0


@serialized
def verified(compute: Callable[[int], Mapping[str, object]], *, dps: int, tries: int = 2,
             what: str = "result") -> tuple[dict, int]:
    """Compute at two working precisions and keep the digits that agree.

    Parameters
    ----------
    compute : callable
        ``compute(working_dps)`` returns a mapping of names to mpmath numbers
        (or nested lists/mappings of them), computed at that precision.
    dps : int
        Digits wanted.
    tries : int
        How many times to raise both working precisions before giving up.

    Returns
    -------
    values, digits
        The higher-precision values and the number of significant digits on
        which every value agreed (at most ``dps``).

    Raises
    ------
    PrecisionError
        If fewer than ``dps`` digits agree after ``tries`` attempts.
    """
    token = _ROOTS.set({})
    try:
        return _verified(compute, dps, tries, what)
    finally:
        _ROOTS.reset(token)


def _verified(compute, dps, tries, what):
    lo, hi = dps + GUARD_DIGITS, 2 * dps + 2 * GUARD_DIGITS
    last = None
    for _ in range(tries):
        with mpmath.workdps(lo):
            a = _flatten(compute(lo))
        with mpmath.workdps(hi):
            b = _flatten(compute(hi))
        if a.keys() != b.keys():
            raise PrecisionError(f"{what}: the two precisions found different structures {sorted(a)} vs {sorted(b)}")
        digits = min((_agree(a[k], b[k], dps) for k in a), default=dps)
        if digits >= dps:
            return _unflatten(b), dps
        last = digits
        lo, hi = hi, 2 * hi
    raise PrecisionError(f"{what}: only {last} of {dps} digits agreed between working precisions "
                         f"{lo // 2} and {hi // 2} digits (tried {tries} pairs of precisions)")


def _agree(a, b, dps: int) -> int:
    """Digits of agreement; labels (str, bool) must be equal."""
    if isinstance(a, (str, bool)) or isinstance(b, (str, bool)):
        return dps if a == b else 0
    return agreeing_digits(a, b, cap=dps)


def _flatten(obj, prefix=""):
    out = {}
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}{k}/"))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out.update(_flatten(v, f"{prefix}{i}/"))
    else:
        out[prefix] = obj
    return out


def _unflatten(flat: dict):
    root: dict = {}
    for key, v in flat.items():
        parts = key.rstrip("/").split("/")
        node = root
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1] if parts[-1] else ""] = v
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if "" in node and len(node) == 1:
            return node[""]
        if node and all(k.isdigit() for k in node):
            return [_lists(node[str(i)]) for i in range(len(node))]
        return {k: _lists(v) for k, v in node.items()}
    return node


@serialized
def format_mpf(x, digits: int) -> str:
    """A decimal string with exactly ``digits`` significant digits (no more than were verified)."""
    with mpmath.workdps(digits + 10):
        if isinstance(x, mpmath.mpc):
            raise TypeError("complex results are not formatted")
        x = mpmath.mpf(x)
        if x == 0:
            return "0"
        text = mpmath.nstr(x, max(1, digits), strip_zeros=False)
        return text[:-1] if text.endswith(".") else text
