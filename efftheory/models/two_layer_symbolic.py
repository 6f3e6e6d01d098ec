r"""The adaptive-kernel theory of a two-layer network, derived for the model the user declares
(pure SymPy): activation :math:`\phi`, a teacher :math:`y = \sum_k t_k\,He_k(\boldsymbol w^*\cdot\boldsymbol x)`
(probabilists' Hermite polynomials, unnormalised), Gaussian priors, and the scaling limit of
Rubin, Seroussi & Ringel (ICLR 2024) in which the invariants
:math:`u = n^2\sigma_a^2/(\sigma^4 d N)` and :math:`\kappa = n\sigma_a^2/(d\sigma^2)` stay finite.

From the declaration it derives, as a checked record: the Hermite projections
:math:`\mathbb E[\phi(h)He_k(z)] = q^k g_k(s^2)` of every teacher mode (closed form or a
quadrature-backed function, :mod:`.gaussian_means`; modes that vanish by parity are found and
said so), the scalar action :math:`\hat S(q)`, the kernel in the GFL limit, the GFL
self-consistency of the linear discrepancy, the phase conditions, the GMFL-I (mixed-phase)
system, and the large-:math:`q` behaviour that decides whether :math:`\hat S` is bounded below.

References
----------
Rubin et al. (ICLR 2024) eqs. 7-13, App. A.2-A.4; theory note ``shared/theory/rubin2023.md`` §3-4.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

from ..errors import ParameterDomainError
from ..symbolic import Contribution, Domain, Parameter, Role, Theory
from ..symbolic.gaussian import He
from .gaussian_means import X, derivative_means, parity, parse_activation

__all__ = ["PARAMETERS", "Spec", "spec", "symbols", "build_theory", "parse_teacher"]

MAX_MODE = 12

#: CLI parameters: rubin-cubic's microscopic parameters with its defaults, plus the model's pieces.
PARAMETERS = (
    Parameter("activation", Role.PARAMETER, Domain.expression("a name (erf, tanh, relu, linear, cubic, softplus) "
                                                              "or a SymPy expression in x"),
              "erf(x)", r"\phi", "activation phi(x) of the hidden layer"),
    Parameter("teacher", Role.PARAMETER, Domain.expression("a linear combination of He1 ... He12 with "
                                                           "coefficients in eps (e.g. He1 + eps*He3)"),
              "He1 + eps*He3", "y", "teacher y(z) = sum_k t_k He_k(z), z = w*.x (probabilists' Hermite)"),
    Parameter("eps", Role.PARAMETER, Domain.real(), "-3/10", r"\epsilon", "teacher amplitude eps"),
    Parameter("sigma_w2", Role.PARAMETER, Domain.positive(), "1/2", r"\sigma_w^2",
              "prior variance of the input weights times d"),
    Parameter("n", Role.PARAMETER, Domain.positive(), 3000, "n", "number of training samples"),
    Parameter("d", Role.PARAMETER, Domain.positive(), 150, "d", "input dimension"),
    Parameter("N", Role.PARAMETER, Domain.positive(), 700, "N", "width (number of hidden neurons)"),
    Parameter("sigma_a2", Role.PARAMETER, Domain.positive(), "8/700", r"\sigma_a^2",
              "total read-out prior variance (each weight sigma_a^2/N)"),
    Parameter("sigma2", Role.CONTROL, Domain.positive(), None, r"\sigma^2", "noise / temperature (control)"),
)

_NAMES = ("sigma_w2", "eps", "n", "d", "N", "sigma_a2", "sigma2")


@dataclass(frozen=True)
class Symbols:
    """The symbols of the theory: the parameters, the invariants, the overlap and one
    discrepancy coefficient ``b_k`` per teacher mode."""

    sigma_w2: sp.Symbol
    eps: sp.Symbol
    n: sp.Symbol
    d: sp.Symbol
    N: sp.Symbol
    sigma_a2: sp.Symbol
    sigma2: sp.Symbol
    u: sp.Symbol = sp.Symbol("u", positive=True)
    kappa: sp.Symbol = sp.Symbol("kappa", positive=True)
    q: sp.Symbol = sp.Symbol("q", real=True)
    s2: sp.Symbol = sp.Symbol("s2", positive=True)
    m: sp.Symbol = sp.Symbol("m", positive=True)
    r: sp.Symbol = sp.Symbol("r", nonnegative=True)

    def b(self, k: int) -> sp.Symbol:
        return sp.Symbol(f"b{k}", real=True)


def symbols() -> Symbols:
    by = {p.name: p.symbol for p in PARAMETERS if p.name in _NAMES}
    return Symbols(**by)


S = symbols()
_HE = {f"He{k}": sp.Symbol(f"He{k}") for k in range(MAX_MODE + 1)}


def parse_teacher(text: str) -> tuple:
    """``((k, t_k), ...)`` of a teacher ``sum_k t_k He_k``, coefficients exact in ``eps``.

    >>> parse_teacher("He1 + eps*He3")
    ((1, 1), (3, eps))
    """
    try:
        expr = sp.sympify(str(text), locals={**_HE, "eps": S.eps}, rational=True)
        poly = sp.Poly(expr, *_HE.values())
    except (sp.SympifyError, SyntaxError, TypeError, ValueError, sp.PolynomialError) as exc:
        raise ParameterDomainError(f"teacher {text!r} is not a combination of He1 ... He{MAX_MODE} ({exc}); "
                                   f"domain: e.g. He1 + eps*He3") from None
    if poly.total_degree() > 1 or poly.coeff_monomial(1) != 0 or not poly.free_symbols_in_domain <= {S.eps}:
        raise ParameterDomainError(f"teacher {text!r} must be linear in He1 ... He{MAX_MODE} with coefficients "
                                   f"in eps and no constant term; domain: e.g. He1 + eps*He3")
    modes = []
    for k in range(1, MAX_MODE + 1):
        t = poly.coeff_monomial(_HE[f"He{k}"])
        if t != 0:
            modes.append((k, sp.sympify(t)))
    if poly.coeff_monomial(_HE["He0"]) != 0:
        raise ParameterDomainError(f"teacher {text!r}: a constant (He0) target is not supported; domain: modes "
                                   f"He1 ... He{MAX_MODE}")
    if not modes:
        raise ParameterDomainError(f"teacher {text!r} has no mode; domain: e.g. He1 + eps*He3")
    return tuple(modes)


@dataclass(frozen=True)
class Spec:
    """A declared two-layer model: activation and teacher modes (the rest are parameters)."""

    activation: sp.Expr
    teacher: tuple                 # ((k, t_k), ...), t_k exact in eps

    @property
    def modes(self) -> tuple:
        """The discrepancy modes: every teacher mode, and the linear one."""
        return tuple(sorted({1} | {k for k, _ in self.teacher}))

    def target(self, k: int) -> sp.Expr:
        return dict(self.teacher).get(k, sp.Integer(0))

    @property
    def parity(self) -> int:
        return parity(self.activation)

    @property
    def decoupled(self) -> tuple:
        """Teacher modes whose projection vanishes identically by the activation's parity."""
        p = self.parity
        return tuple(k for k, _ in self.teacher if p and (-1) ** k != p)

    @property
    def g(self) -> dict:
        """``{k: g_k(s2)}`` with ``g_k(s2) = E[phi^(k)(h)]``, ``h ~ N(0, s2)``, for every mode."""
        return _means(self.activation, self.modes)

    def projection(self, k: int, q=None, s2=None) -> sp.Expr:
        """``E[phi(h) He_k(z)] = q^k g_k(s2)`` (Gaussian Stein identity)."""
        q = S.q if q is None else q
        s2 = S.s2 if s2 is None else s2
        return q**k * self.g[k].subs(S.s2, s2)

    def field_sum(self, q=None, s2=None, fields=None) -> sp.Expr:
        """``sum_k b_k E[phi He_k]``: the overlap of the discrepancy with one neuron's output."""
        fields = fields or {k: S.b(k) for k in self.modes}
        return sp.Add(*(fields[k] * self.projection(k, q, s2) for k in self.modes if k not in self.decoupled))


@lru_cache(maxsize=64)
def _means(activation, modes):
    return derivative_means(activation, modes, S.s2)


@lru_cache(maxsize=64)
def spec(activation: str, teacher: str) -> Spec:
    """The declared model from the ``activation`` and ``teacher`` parameters (validated)."""
    phi = parse_activation(activation)
    return Spec(phi, parse_teacher(teacher))


def scalar_action(sp_: Spec) -> sp.Expr:
    r""":math:`\hat S(q) = q^2/(2\sigma_w^2) - (u/2)\,(\sum_k b_k q^k g_k(\sigma_w^2+q^2))^2`."""
    return S.q**2 / (2 * S.sigma_w2) - S.u / 2 * sp_.field_sum(s2=S.sigma_w2 + S.q**2) ** 2


def build_theory(params=None) -> Theory:
    """The scalar action of the declared model as a :class:`Theory` (u, kappa and every ``b_k``
    symbolic), with the GFL self-consistency of ``b1``."""
    params = params or {}
    sp_ = spec(params.get("activation") or PARAMETERS[0].default, params.get("teacher") or PARAMETERS[1].default)
    fields = tuple(Parameter(f"b{k}", Role.FIELD, Domain.real(), None, f"b_{{{k}}}",
                             f"discrepancy coefficient of He{k}") for k in sp_.modes)
    parameters = (PARAMETERS[3], PARAMETERS[2],
                  Parameter("u", Role.PARAMETER, Domain.positive(), None, "u",
                            "effective interaction n^2 sigma_a^2/(sigma^4 d N)"),
                  Parameter("kappa", Role.PARAMETER, Domain.positive(), None, r"\kappa",
                            "second invariant n sigma_a^2/(d sigma^2)"),
                  Parameter("q", Role.ORDER, Domain.real(), None, "q", "overlap w.w*"), *fields)
    prior = Contribution("prior", S.q**2 / (2 * S.sigma_w2), "Rubin et al. eq. 7 (prior term)")
    data = Contribution("data term", -S.u / 2 * sp_.field_sum(s2=S.sigma_w2 + S.q**2) ** 2,
                        "Rubin et al. eq. 7 with the discrepancy ansatz (App. eq. 6)")
    return Theory("two-layer", f"two-layer network: phi = {sp_.activation}, teacher {_teacher_text(sp_)}",
                  parameters, (prior, data), (sp.Eq(gfl_equation(sp_), 0),), action_name=r"\hat{\mathcal S}",
                  reference="Rubin et al. (ICLR 2024) eq. 13, generalised")


def _teacher_text(sp_: Spec) -> str:
    return " + ".join(f"({t}) He{k}" if t != 1 else f"He{k}" for k, t in sp_.teacher)


def curvature_at_zero(sp_: Spec) -> sp.Expr:
    """``m = S_hat''(0) = 1/sigma_w^2 - u b1^2 g_1(sigma_w^2)^2``: only the linear mode is quadratic at 0."""
    return 1 / S.sigma_w2 - S.u * S.b(1) ** 2 * sp_.g[1].subs(S.s2, S.sigma_w2) ** 2


def gfl_equation(sp_: Spec) -> sp.Expr:
    """The GFL fixed point of ``b1`` times ``m(b1) > 0``: ``(b1 (1 + kappa g1^2/m) - t1) m = 0``."""
    g1 = sp_.g[1].subs(S.s2, S.sigma_w2)
    m = curvature_at_zero(sp_)
    return sp.expand(S.b(1) * m + S.b(1) * S.kappa * g1**2 - sp_.target(1) * m)


def invariants_of(n, d, N, sigma_a2, sigma2):
    """``u = n^2 sigma_a^2/(sigma^4 d N)`` and ``kappa = n sigma_a^2/(d sigma^2)``."""
    return n**2 * sigma_a2 / (sigma2**2 * d * N), n * sigma_a2 / (d * sigma2)


def normalised(sp_: Spec, k: int, q=None) -> sp.Expr:
    """``v_k(q) = E[phi hat-He_k]`` with ``hat-He_k = He_k / sqrt(k!)``, at ``s2 = sigma_w^2 + q^2``."""
    q = S.q if q is None else q
    return sp_.projection(k, q, S.sigma_w2 + q**2) / sp.sqrt(sp.factorial(k))


def mixed_system(sp_: Spec) -> tuple:
    """GMFL-I (``d -> oo``): ``S'(q*) = 0``, ``S(q*) = 0`` and, in the normalised basis,
    ``[I + kappa g1^2/m e1 e1^T + kappa r v(q*) v(q*)^T] Delta = y`` with
    ``Delta_k = b_k sqrt(k!)`` and ``y_k = t_k sqrt(k!)`` (theory note §4.8, generalised)."""
    Sh = scalar_action(sp_)
    modes = [k for k in sp_.modes if k not in sp_.decoupled]
    v = sp.Matrix([normalised(sp_, k) for k in modes])
    g1 = sp_.g[1].subs(S.s2, S.sigma_w2)
    central = sp.zeros(len(modes))
    central[modes.index(1), modes.index(1)] = S.kappa * g1**2 / curvature_at_zero(sp_)
    K = sp.eye(len(modes)) + central + S.kappa * S.r * v * v.T
    delta = sp.Matrix([S.b(k) * sp.sqrt(sp.factorial(k)) for k in modes])
    y = sp.Matrix([sp_.target(k) * sp.sqrt(sp.factorial(k)) for k in modes])
    return (sp.diff(Sh, S.q), Sh, *(K * delta - y))


def large_q(sp_: Spec) -> sp.Expr | None:
    r"""``lim_{q->oo} S_hat(q)/q^2`` (with the GFL fields): ``> 0`` bounded below, ``< 0`` unbounded.
    None where the activation's means have no closed form (then the activation is bounded, see
    :func:`bounded_activation`, and so is the action)."""
    Sh = scalar_action(sp_).subs({S.b(k): sp_.target(k) for k in sp_.modes if k != 1})
    if any(a.func.__name__.startswith("E_") for a in Sh.atoms(sp.Function)):
        return None
    return sp.limit(Sh / S.q**2, S.q, sp.oo)


def bounded_activation(sp_: Spec) -> bool:
    """Whether ``|phi|`` stays bounded (then every projection is bounded and ``S_hat`` grows like ``q^2``)."""
    lim = [sp.limit(sp_.activation, X, s) for s in (sp.oo, -sp.oo)]
    return all(v.is_finite for v in lim)


def he(k, z):
    """Probabilists' ``He_k`` (re-exported for the derivation record)."""
    return He(k, z)
