"""Numbers of the Landau sextic, from the derived equations of :mod:`.sextic_symbolic`."""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from ...numeric import PhaseProblem, System, branch_exponent
from .sextic_symbolic import a, build_theory, m

__all__ = ["problem", "special_points", "minimum", "spinodal_exponent"]


@lru_cache(maxsize=1)
def problem() -> PhaseProblem:
    """The phase problem: order parameter m >= 0, control a, symmetric point m = 0."""
    return PhaseProblem.from_theory(build_theory(), order=m, control=a, symmetric_point=sp.Integer(0),
                                    order_window=(0.0, 2.0), control_window=(-0.5, 0.6),
                                    names=("disordered", "ordered"))


@lru_cache(maxsize=1)
def _branch() -> System:
    """f'(m)/m = 0: the stationarity condition off the symmetric point."""
    return System((sp.cancel(problem().derivatives[0] / m),), (m,), (a,), "ordered branch")


def special_points(params, dps):
    """Spinodals and first-order point at ``dps`` working digits (verified by the caller)."""
    return problem().locate({}, dps=dps)


def minimum(params, dps):
    """The global minimum at a given a, decided and polished at ``dps`` digits
    (:meth:`~efftheory.numeric.PhaseProblem.phase_at`): ``phase`` is ``disordered`` (m = 0),
    ``ordered`` or, where the two minima are equal at this precision, ``coexistence``."""
    state = problem().phase_at(params["a"], {}, dps=dps)
    return {"phase": state["phase"], "m": state["m"], "f": state["S"]}


def spinodal_exponent(params, dps):
    """Exponent of |m - m_s| ~ |a - a_s|^gamma on the metastable branch, recognised from the
    log-derivative of the continued branch (the symbolic value 1/2 is in the derivation)."""
    with mpmath.workdps(dps):
        a_s, m_s = mpmath.mpf(1) / 3, 1 / mpmath.sqrt(3)
    branch = lambda c, w: _branch().polish([0.6], {a: c}, dps=w)[0]  # noqa: E731
    return branch_exponent(branch, m0=m_s, c0=a_s, dps=dps, sign=-1)
