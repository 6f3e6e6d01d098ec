"""efftheory: the effective theories of grokking as executable, inspectable,
arbitrary-precision mathematics.

>>> import efftheory
>>> sextic = efftheory.theory("landau-sextic")
>>> sextic.solve(dps=30)["first_order"].values["a"]        # doctest: +ELLIPSIS
mpf('0.25...')

Importing the package has no side effects; the theories are loaded on first use.
"""
from ._version import __version__
from .errors import ComputationError, ConvergenceError, EffTheoryError, InputError, PrecisionError

__all__ = ["__version__", "theory", "theory_names", "EffTheoryError", "InputError", "ComputationError",
           "ConvergenceError", "PrecisionError"]


def theory(name: str):
    """The registered :class:`~efftheory.theories.base.Model` called ``name``."""
    from .theories import get
    return get(name)


def theory_names() -> list[str]:
    """Names of the registered theories."""
    from .theories import names
    return names()
