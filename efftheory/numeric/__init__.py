"""Numerical engine: compiled kernels, verified arbitrary precision, roots,
phase structure (spinodals, first-order points), exponents and quadrature;
:mod:`efftheory.numeric.certify` (optional, python-flint) proves root enclosures.

Precision is always an explicit argument; nothing here changes mpmath's global
context."""
from .compile import Kernel, compile_exprs, compile_function, value_grad_hess
from .exponents import branch_exponent, log_derivative_exponent, newton_polygon_exponent
from .multiphase import MultiPhaseProblem
from .phase import PhaseProblem, SpecialPoint
from .precision import agreeing_digits, format_mpf, to_mpf, verified
from .quadrature import (bivariate_expectation, boltzmann_average, gauss_hermite, gaussian_expectation,
                         hermite_projection_quad)
from .roots import System, bracketed_root, newton

__all__ = ["Kernel", "MultiPhaseProblem", "PhaseProblem", "SpecialPoint", "System", "agreeing_digits", "bivariate_expectation", "bracketed_root", "branch_exponent",
           "boltzmann_average", "compile_exprs", "compile_function", "format_mpf", "gauss_hermite", "gaussian_expectation",
           "hermite_projection_quad", "log_derivative_exponent", "newton", "newton_polygon_exponent", "to_mpf",
           "value_grad_hess", "verified"]
