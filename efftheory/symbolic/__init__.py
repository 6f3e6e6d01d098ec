"""Pure-SymPy core: parameters with roles, theories, derivation records, and the
Gaussian/Hermite engine.  This package never imports numerical libraries."""
from .derivation import Agreement, AllOf, Check, CheckResult, Derivation, Identity, Step
from .gaussian import He, erf_arcsine_kernel, gaussian_mean, hermite_coefficients, hermite_projection
from .parameters import Domain, Parameter, Role, parse_exact
from .series import newton_polygon_exponent
from .theory import Contribution, Theory

__all__ = ["Agreement", "AllOf", "Check", "CheckResult", "Contribution", "Derivation", "Domain", "He", "Identity", "Parameter",
           "Role", "Step", "Theory", "erf_arcsine_kernel", "gaussian_mean", "hermite_coefficients",
           "hermite_projection", "newton_polygon_exponent", "parse_exact"]
