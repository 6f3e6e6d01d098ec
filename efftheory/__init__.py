"""efftheory: the effective theories of grokking as executable, inspectable,
arbitrary-precision mathematics.

>>> import efftheory
>>> sextic = efftheory.theory("landau-sextic")
>>> sextic.solve(dps=30)["first_order"].values["a"]        # doctest: +ELLIPSIS
mpf('0.25...')

Importing the package has no side effects; the theories (the built-in papers and those of
installed packages, entry-point group ``efftheory.theories``) are loaded on first use.
A theory of your own joins them with :func:`register` (``docs/writing-a-theory.rst``).
"""
from ._version import __version__
from .errors import ComputationError, ConvergenceError, EffTheoryError, InputError, PrecisionError

__all__ = ["__version__", "theory", "theory_names", "register", "sweep", "EffTheoryError", "InputError",
           "ComputationError", "ConvergenceError", "PrecisionError"]


def theory(name: str):
    """The registered :class:`~efftheory.theories.base.Model` called ``name``."""
    from .theories import get
    return get(name)


def theory_names() -> list[str]:
    """Names of the registered theories."""
    from .theories import names
    return names()


def register(model, *, replace: bool = False):
    """Add a :class:`~efftheory.theories.base.Model` (or a whole
    :class:`~efftheory.theories.paper.Paper`) to the registry, so that :func:`theory`, ``efftheory list``
    and every subcommand see it; returns what was registered.

    A name that is taken raises :class:`InputError`: a built-in theory can never be replaced,
    one registered earlier only with ``replace=True``.  A model that names no ``paper`` is shown as
    ``user theory (from FILE)`` (or ``user theory``).  See :func:`efftheory.theories.register`.
    """
    from .theories import register as _register
    return _register(model, replace=replace)


def sweep(name: str, quantity: str | None = None, vary: str = "", params=None, *, dps: int = 30, seed=None,
          trials=None):
    """``quantity`` of theory ``name`` along ``vary`` (``"NAME=START:STOP:COUNT"``, as ``efftheory sweep
    --vary``), as a :class:`~efftheory.report.sweep.SweepTable` (a table in a notebook; ``to_dataframe()``,
    ``plot(ax=...)``).  ``quantity`` defaults to the theory's phase labels.

    >>> table = sweep("landau-sextic", vary="a=0:1/2:3", dps=15)
    >>> df = table.to_dataframe()
    >>> list(df["a"]), list(df["phase"])
    ([0.0, 0.25, 0.5], ['ordered', 'coexistence', 'disordered'])
    """
    from .errors import InputError
    from .report.sweep import parse_vary, run_sweep
    from .theories import get
    model = get(name)
    quantity = quantity or model.phase_quantity
    if quantity is None:
        raise InputError(f"theory '{name}' has no phase labels to sweep; choose a quantity from: "
                         + ", ".join(q.name for q in model.quantities))
    model.quantity(quantity)
    varied, values = parse_vary(model, vary)
    return run_sweep(model, quantity, varied, values, dict(params or {}), dps=dps, seed=seed, trials=trials)
