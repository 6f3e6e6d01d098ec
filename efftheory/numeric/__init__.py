"""Numerical engine: compiled kernels, verified arbitrary precision, roots,
phase structure (spinodals, first-order points), exponents and quadrature;
:mod:`efftheory.numeric.certify` proves root enclosures in Arb balls (:mod:`efftheory.numeric.arb`).

Precision is always an explicit argument; nothing here changes mpmath's global
context.

The names below are imported from their modules on first use (PEP 562), so that importing one
light module (e.g. :mod:`efftheory.numeric.persist`) does not load SymPy's printers, NumPy and
SciPy: a cold ``efftheory list`` stays cheap (issue 13)."""
from importlib import import_module

#: public name -> the module (of this package) that defines it
_EXPORTS = {
    "Kernel": "compile", "compile_exprs": "compile", "compile_function": "compile", "value_grad_hess": "compile",
    "branch_exponent": "exponents", "log_derivative_exponent": "exponents", "newton_polygon_exponent": "exponents",
    "MultiPhaseProblem": "multiphase",
    "PhaseProblem": "phase", "SpecialPoint": "phase",
    "agreeing_digits": "precision", "format_mpf": "precision", "to_mpf": "precision", "verified": "precision",
    "bivariate_expectation": "quadrature", "boltzmann_average": "quadrature", "gauss_hermite": "quadrature",
    "gaussian_expectation": "quadrature", "hermite_projection_quad": "quadrature",
    "System": "roots", "bracketed_root": "roots", "newton": "roots",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        value = getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
