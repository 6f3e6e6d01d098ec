r"""Liu et al. (2022): the Lagrangian effective theory of representation learning (addition toy).

Embeddings :math:`\mathbf E_0,\dots,\mathbf E_{p-1}\in\mathbb R^d` of the symbols of
addition on {0, ..., p-1}; a training set D of unordered pairs; the effective loss
(paper §3, as reported for v2)

.. math:: \ell_{\rm eff}=\frac{\ell_0}{Z_0},\quad
   \ell_0=\frac{w}{|P_0(D)|}\sum_{(i,j,m,n)\in P_0(D)}\|\mathbf E_i+\mathbf E_j-\mathbf E_m-\mathbf E_n\|^2,\quad
   Z_0=\sum_k\|\mathbf E_k\|^2,

and its gradient flow :math:`\dot R=-\eta\nabla\ell_{\rm eff}`, which is the overdamped
Euler-Lagrange flow of the constrained Lagrangian
:math:`\mathcal L=V_D-\mu(Z_0-Z^*)-\boldsymbol\nu^\top R^\top\mathbf 1`.

This module is pure SymPy (and the exact combinatorics of :mod:`.combinatorics`, standard
library only).  Everything is derived here from these definitions (see :func:`derivation`): the
gradient, the multipliers, the conservation of Z0, the centre-of-mass equation
(*corrected*: the paper's App. F states that C is conserved; in fact
:math:`\dot{\mathbf C}=2\eta\ell_0\mathbf C/Z_0^2`, so only C = 0 is conserved), the
Hessian :math:`H=\frac{2w}{N_DZ_0}M_D\otimes I_d` at any ground state, the exact
characteristic polynomial of M_D and the exact solution of the flow.

Options (parameters):

* ``normalization``: ``paper`` (default, the CLI contract): with the 1/|P0(D)| factor
  (w = 1), as v2 of the paper is reported to write it; ``code``: without it
  (w = N_D), as in the authors' code and the v1 blog.  Only rates (lambda3, n_h) change.
* ``summation``: ``training`` (default, the paper: sum over P0(D)) or ``all`` (the
  authors' code's effective run: sum over all of P0, independent of D).
* ``std``: ``unbiased`` (default, the code's torch.std: Z0 = (p-1)d) or ``population``
  (Z0 = p d).

References
----------
Z. Liu, O. Kitouni, N. Nolte, E. J. Michaud, M. Tegmark, M. Williams, "Towards
Understanding Grokking: An Effective Theory of Representation Learning", NeurIPS 2022,
arXiv:2205.10343: §3 (effective loss, RQI), App. C-D (parallelograms), App. F
(conservation laws), Fig. 3 (Acc vs A-hat), v1 Fig. 4a (critical fraction r_c = 0.4).
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import sympy as sp

from ...errors import UnknownParameterError
from ...symbolic import Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory
from . import combinatorics as comb

__all__ = ["PARAMETERS", "resolved", "embedding_symbols", "build_theory", "derivation"]

PARAMETERS = (
    Parameter("p", Role.PARAMETER, Domain.interval(3, 25, integer=True), 10, "p",
              "number of symbols: addition on {0, ..., p-1}"),
    Parameter("n", Role.CONTROL, Domain.interval(0, None, integer=True), None, "n",
              "training-set size |D| (0 <= n <= |D0| = p(p+1)/2)"),
    Parameter("normalization", Role.PARAMETER, Domain.words("paper", "code"), "paper", "",
              "paper: l0 with the 1/|P0(D)| factor (v2); code: without it (authors' code, v1 blog)"),
    Parameter("summation", Role.PARAMETER, Domain.words("training", "all"), "training", "",
              "training: sum over P0(D) (paper); all: over all of P0 (authors' code's effective run)"),
    Parameter("std", Role.PARAMETER, Domain.words("unbiased", "population"), "unbiased", "",
              "embedding normalisation: unbiased std (Z0 = (p-1)d, code) or population (Z0 = pd)"),
    Parameter("d", Role.PARAMETER, Domain.interval(1, 4, integer=True), 1, "d", "embedding dimension"),
    Parameter("eta", Role.PARAMETER, Domain.positive(), sp.Rational(1, 1000), r"\eta",
              "learning rate of the embeddings (n_h = 1/(eta lambda3); also the toy model's, eta_reprs)"),
    # the toy model (rqi, ahat, learning_phase): the authors' toy/train_add.py defaults
    Parameter("decoder_lr", Role.PARAMETER, Domain.positive(), sp.Rational(1, 10000), r"\eta_{\rm dec}",
              "toy model: decoder learning rate (AdamW; eta_dec)"),
    Parameter("weight_decay", Role.PARAMETER, Domain.nonnegative(), sp.Integer(0), r"\lambda_{\rm wd}",
              "toy model: decoupled decoder weight decay (AdamW; weight_decay_dec)"),
    Parameter("steps", Role.PARAMETER, Domain.interval(1, 10**5, integer=True), 5000, "T",
              "toy model: training steps (the budget T of the phase rule; the paper's phase diagrams use 10^5)"),
    Parameter("loss", Role.PARAMETER, Domain.words("regression", "classification"), "regression", "",
              "toy model: regression (MSE on random 30-d targets) or classification (cross-entropy)"),
    Parameter("width", Role.PARAMETER, Domain.interval(1, 1000, integer=True), 200, "w",
              "toy model: decoder width (two tanh hidden layers)"),
    Parameter("tol", Role.PARAMETER, Domain.interval(0, None, lo_open=True), sp.Rational(1, 100), r"\delta^2",
              "RQI tolerance: a parallelogram counts if |E_i+E_j-E_m-E_n|^2/d < tol (normalised E; code: 0.01)"),
    Parameter("gap", Role.PARAMETER, Domain.interval(0, None, integer=True), 1000, "",
              "learning phase: steps between 90 % train and 90 % test accuracy separating comprehension "
              "from grokking (paper: 10^3; the repo's lr x lr re-run: 2000)"),
    Parameter("phase_rule", Role.PARAMETER, Domain.words("paper", "code"), "paper", "",
              "learning phase: paper (Table 1 with an explicit fifth label) or code (the notebooks: "
              "unmatched cases become comprehension)"),
)


def resolved(params=None) -> dict:
    """Defaults overridden by ``params`` (text or exact values; None = default), each validated
    against its domain (as :meth:`~efftheory.theories.base.Model.resolve` does)."""
    values = {q.name: q.default for q in PARAMETERS}
    for name, value in (params or {}).items():
        if value is None:
            continue
        if name not in values:
            raise UnknownParameterError(f"unknown parameter '{name}' for theory 'liu-addition'; "
                                        f"known: {', '.join(values)}")
        values[name] = next(q for q in PARAMETERS if q.name == name).parse(value)
    return values


def embedding_symbols(p: int, d: int) -> sp.Matrix:
    """The embeddings E_k (rows; coordinates E_k_a when d > 1) as a p x d matrix of real symbols."""
    if d == 1:
        return sp.Matrix(p, 1, lambda k, a: sp.Symbol(f"E_{k}", real=True))
    return sp.Matrix(p, d, lambda k, a: sp.Symbol(f"E_{k}_{a}", real=True))


def _weight(params, N):
    """The prefactor w / N_D of l0: 1/N_D (paper) or 1 (code)."""
    return sp.Rational(1, N) if params["normalization"] == "paper" else sp.Integer(1)


def _ell0(E, p, qs, scale):
    s = comb.samples(p)
    total = sp.Integer(0)
    for x, y in qs:
        (i, j), (m, n) = s[x], s[y]
        v = E[i, :] + E[j, :] - E[m, :] - E[n, :]
        total += v.dot(v)
    return scale * total


def build_theory(params=None) -> Theory:
    """The effective loss ell_eff = l0 / Z0 as a :class:`Theory` (training set: all of D0).

    The order parameters are the embeddings E_k (coordinates E_k_a when d > 1).

    References
    ----------
    Liu et al. 2022, §3 (effective loss).

    Examples
    --------
    >>> t = build_theory({"p": "3"})
    >>> len(t.order_parameters), t.action.subs({e: k for k, e in enumerate(t.order_parameters)})
    (3, 0)
    """
    params = resolved(params)
    p, d = int(params["p"]), int(params["d"])
    E = embedding_symbols(p, d)
    qs = comb.parallelograms(p)
    scale = _weight(params, len(qs))
    l0 = _ell0(E, p, qs, scale)
    Z0 = sum((x**2 for x in E), sp.Integer(0))
    orders = tuple(Parameter(str(x), Role.ORDER, Domain.real(), None, sp.latex(x), "embedding coordinate")
                   for x in E)
    title = (f"Liu et al. effective loss l_eff = l0 / Z0 (all of D0; normalization={params['normalization']}: "
             + ("with 1/|P0(D)|" if params["normalization"] == "paper" else "without 1/|P0(D)|")
             + "; the authors' code: --param summation=all --param normalization=code)")
    return Theory("liu-addition", title, orders,
                  (Contribution("parallelogram energy / Z0", l0 / Z0, "Liu et al. §3"),),
                  action_name=r"\ell_{\rm eff}", reference="Liu et al. 2022, §3 (effective loss)")


def _eq(lhs, rhs):
    """An unevaluated equation (SymPy would evaluate Eq(Symbol, Matrix) to False)."""
    return sp.Eq(lhs, rhs, evaluate=False)


def _clearer(Z0, k: int = 2):
    """``e -> expand(Z0^k e)`` for an expression whose denominator is a constant times a power of Z0.

    Multiplying by Z0^k > 0 turns the rational identities of the flow into polynomial
    identities that SymPy proves by expansion; a denominator that is not of this form
    is an error (it would mean the expression is not what the derivation claims).
    """
    def clear(e):
        num, den = sp.fraction(sp.together(e))
        q = Z0**k / den
        if sp.fraction(q)[1].free_symbols:
            raise ValueError(f"unexpected denominator {den}")
        return sp.expand(num * q)
    return lambda X: X.applyfunc(clear) if isinstance(X, sp.MatrixBase) else clear(X)


@lru_cache(maxsize=8)
def _derivation_cached(p: int, d: int, normalization: str) -> Derivation:
    params = {"p": p, "d": d, "normalization": normalization, "summation": "all"}
    E = embedding_symbols(p, d)
    flat = list(E)
    qs = comb.parallelograms(p)
    N = len(qs)
    scale = _weight(params, N)
    w_sym, N_sym = sp.Symbol("w", positive=True), sp.Symbol("N_D", positive=True)
    A = sp.Matrix(comb.row_matrix(p))
    M = A.T * A
    l0 = _ell0(E, p, qs, scale)
    Z0 = sum((x**2 for x in E), sp.Integer(0))
    leff = l0 / Z0
    clear = _clearer(Z0)
    eta = sp.Symbol("eta", positive=True)
    grad = E.applyfunc(lambda x: sp.diff(leff, x))
    grad0 = E.applyfunc(lambda x: sp.diff(l0, x))
    one = sp.ones(p, 1)
    kvec = sp.Matrix(p, 1, lambda k, _: k)
    Lsym, Zs, mu = sp.Symbol("ell_eff"), sp.Symbol("Z^*", positive=True), sp.Symbol("mu")
    nu = sp.Matrix(1, d, lambda _, a: sp.Symbol(f"nu_{a}"))
    C = E.T * one

    # the paper's matrix form of the gradient and its polynomial (Z0^2-cleared) versions
    grad_form = (2 * scale / Z0) * (M * E) - (2 * l0 / Z0**2) * E
    g2 = clear(grad)                      # Z0^2 * (SymPy's gradient of l_eff)

    # Lagrangian route (note §9.3): L = V - mu (Z0 - Z*) - nu^T R^T 1, overdamped flow R' = -(eta/Z*) dL/dR
    L = l0 - mu * (Z0 - Zs) - (nu * C)[0, 0]
    flow_L = -(eta / Zs) * E.applyfunc(lambda x: sp.diff(L, x))
    Z0dot_L = sp.expand(sum((2 * E[k, a] * flow_L[k, a] for k in range(p) for a in range(d)), sp.Integer(0)))
    mu_star = sp.solve(Z0dot_L.subs({nu[a]: 0 for a in range(d)}), mu)[0]
    Cdot_L = sp.expand(one.T * flow_L)
    nu_star = sp.solve(list(Cdot_L), list(nu), dict=True)[0]
    flow = flow_L.subs(mu, mu_star).subs({nu[a]: 0 for a in range(d)}).subs(Zs, Z0)

    # symmetries and identities of l0
    a_shift = sp.Matrix(1, d, lambda _, a: sp.Symbol(f"a_{a}", real=True))
    cs = sp.Symbol("c", positive=True)
    shifted = l0.xreplace({E[k, a]: E[k, a] + a_shift[a] for k in range(p) for a in range(d)})
    scaled = sp.Matrix([l0, Z0]).xreplace({x: cs * x for x in flat})
    euler_sum = sum((E[k, a] * grad0[k, a] for k in range(p) for a in range(d)), sp.Integer(0))
    trans_sum = one.T * grad0

    # conservation laws along R' = -eta grad l_eff, from the Z0^2-cleared gradient
    Z0dot_2 = sp.expand(-2 * eta * sum((E[k, a] * g2[k, a] for k in range(p) for a in range(d)), sp.Integer(0)))
    Cdot_2 = sp.expand(-eta * (one.T * g2))

    # Hessian at a ground state E_k = a + k b: Jacobian of the (proven) matrix form of the gradient
    b_vec = sp.Matrix(1, d, lambda _, a: sp.Symbol(f"b_{a}", real=True))
    ground = {E[k, a]: a_shift[a] + k * b_vec[a] for k in range(p) for a in range(d)}
    gf = list(grad_form)
    hess_at = sp.Matrix(len(flat), len(flat), lambda r, c: sp.diff(gf[r], flat[c]).xreplace(ground))
    Zg = Z0.xreplace(ground)
    H_form = sp.kronecker_product(M, sp.eye(d)) * (2 * scale / Zg)

    # characteristic polynomial of M_D
    x = sp.Symbol("x")
    charpoly = M.charpoly(x).as_expr()
    coeffs = sp.Poly(charpoly, x).all_coeffs()[::-1]
    rank = comb.exact_rank(comb.row_matrix(p))
    mu3 = sp.Symbol("mu_3", nonnegative=True)
    lam3 = sp.Symbol("lambda_3", nonnegative=True)

    # exact solution in the eigenbasis (generic modes): X_a = exp(-c mu_a t)
    K = 3
    mus = sp.symbols(f"mu1:{K + 1}", nonnegative=True)
    al = sp.symbols(f"alpha1:{K + 1}", real=True)
    X = sp.symbols(f"X1:{K + 1}", positive=True)
    cc, Zc, sc = sp.Symbol("c", positive=True), sp.Symbol("Z_0", positive=True), sp.Symbol("s", positive=True)
    u = sp.Matrix([al[a] * X[a] for a in range(K)])
    S = sum((v**2 for v in u), sp.Integer(0))
    Rt = sp.sqrt(Zc) * u / sp.sqrt(S)
    Rt_dot = sum((Rt.diff(X[a]) * (-cc * mus[a] * X[a]) for a in range(K)), sp.zeros(K, 1))
    Md = sp.diag(*mus)
    l0t, Z0t = sc * (Rt.T * Md * Rt)[0, 0], (Rt.T * Rt)[0, 0]
    flow_t = -eta * ((2 * sc / Z0t) * (Md * Rt) - (2 * l0t / Z0t**2) * Rt)
    c_val = 2 * eta * sc / Zc

    w_note = ("w/N_D = 1/|P0(D)| (normalization=paper, v2 as reported)" if normalization == "paper"
              else "w/N_D = 1 (normalization=code: authors' code and v1 blog)")
    steps = (
        Step("effective loss", "definition: l0 over the parallelograms of P0(D) (here D = D0), Z0 = sum |E_k|^2; "
             + w_note, _eq(Lsym, leff), "Liu et al. §3 (v2), theory note §4.1"),
        Step("matrix form", "collect the rows a_q into A_D, M_D = A_D^T A_D",
             _eq(sp.Symbol("ell_0"), scale * (E.T * M * E).trace()),
             check=Identity(l0, scale * (E.T * M * E).trace())),
        Step("kernel of M_D", "M_D 1 = M_D k = 0 (every row sums to zero and i + j = m + n)",
             _eq(M * sp.Matrix.hstack(one, kvec), sp.zeros(p, 2)),
             check=Identity(M * sp.Matrix.hstack(one, kvec), sp.zeros(p, 2)), reference="theory note §3.3"),
        Step("translation symmetry", "l0(E_k + a) = l0(E_k)", _eq(shifted, l0), "Liu et al. App. F",
             check=Identity(shifted, l0)),
        Step("scaling symmetry", "l0 and Z0 are both homogeneous of degree 2, so l_eff(c E) = l_eff(E)",
             _eq(scaled, cs**2 * sp.Matrix([l0, Z0])), "Liu et al. App. F",
             check=Identity(scaled, cs**2 * sp.Matrix([l0, Z0]))),
        Step("Euler identity", "sum_k E_k . dl0/dE_k = 2 l0 (degree-2 homogeneity)", _eq(euler_sum, 2 * l0),
             check=Identity(euler_sum, 2 * l0)),
        Step("translation identity", "sum_k dl0/dE_k = 0", _eq(trans_sum, sp.zeros(1, d)),
             check=Identity(trans_sum, sp.zeros(1, d))),
        Step("gradient", "differentiate l_eff; equals the paper's matrix form (identity proven after "
             "multiplying by Z0^2 > 0)", _eq(sp.Symbol("nabla ell_eff"), grad_form),
             "Liu et al. App. F; theory note §5", check=Identity(g2, clear(grad_form))),
        Step("Lagrangian", "L = V_D - mu (Z0 - Z*) - nu^T R^T 1 (constraints: fixed Z0, centred R)",
             _eq(sp.Symbol("L"), L), "theory note §9.3"),
        Step("multiplier mu", "dZ0/dt = 0 along R' = -(eta/Z*) dL/dR fixes mu (at nu = 0): mu* = l0/Z0 = l_eff",
             _eq(mu, mu_star), check=Identity(sp.expand(mu_star * Z0), sp.expand(l0))),
        Step("multiplier nu", "dC/dt = 0 fixes nu* = -2 mu C / p, which vanishes on the centred hyperplane C = 0",
             _eq(nu.T, nu.T.subs(nu_star)), check=Identity(nu.T.subs(nu_star), -2 * mu * C / p)),
        Step("Euler-Lagrange flow", "R' = -(eta/Z*) dL/dR at mu*, nu = 0, Z* = Z0 equals -eta grad l_eff",
             _eq(sp.Symbol("dR/dt"), flow), check=Identity(clear(flow), -eta * g2)),
        Step("Z0 conserved", "dZ0/dt = 2 tr(R^T R') = 0 along the flow (times Z0^2)",
             _eq(sp.Symbol("dZ_0/dt"), 0), "Liu et al. App. F", check=Identity(Z0dot_2, 0)),
        Step("centre of mass", "dC/dt = +2 eta l0 C / Z0^2 (times Z0^2): C is conserved only when C = 0",
             _eq(sp.Symbol("dC/dt"), 2 * eta * l0 / Z0**2 * C), "corrects Liu et al. App. F",
             check=Identity(Cdot_2.T, sp.expand(2 * eta * l0) * C),
             note="The paper's App. F states that C is conserved; the exact equation has the source term "
                  "2 eta l0 C / Z0^2.  Normalised (centred) embeddings stay centred."),
        Step("Hessian at a ground state", "Jacobian of the gradient at E_k = a + k b (l0 = 0, M R = 0)",
             _eq(sp.Symbol("H"), H_form), "Liu et al. §3 (H); theory note §5",
             check=Identity(hess_at, H_form)),
        Step("characteristic polynomial", "det(x I - M_D) by Berkowitz; checked at x = 0..p (degree p) "
             "against integer Bareiss determinants", _eq(sp.Symbol("chi_M"), charpoly),
             check=Identity(sp.Matrix([charpoly.subs(x, k) for k in range(p + 1)]),
                            sp.Matrix([(k * sp.eye(p) - M).det(method="bareiss") for k in range(p + 1)]))),
        Step("zero modes", "multiplicity of the root 0 of chi_M = dim ker A_D (exact rational rank)",
             _eq(sp.Symbol("dof"), p - rank),
             check=Identity(sp.Integer(next(k for k, v in enumerate(coeffs) if v != 0)), sp.Integer(p - rank))),
        Step("grokking rate", "slowest non-zero mode of H: lambda_3 = 2 w mu_3 / (N_D Z0), n_h = 1/(eta lambda_3)",
             _eq(lam3, 2 * w_sym * mu3 / (N_sym * sp.Symbol("Z_0"))), "Liu et al. §3 (v2), theory note §7.4"),
        Step("exact solution", "R(t) = sqrt(Z0) U/|U|, U = exp(-c M t) R(0), c = 2 eta s / Z0 (s = w/N_D); "
             "in the eigenbasis of M with X_a = exp(-c mu_a t), dX_a/dt = -c mu_a X_a; checked against the flow",
             _eq(sp.Symbol("R(t)"), Rt), "derived (theory note §6)",
             check=Identity(Rt_dot.subs(cc, c_val), flow_t)),
    )
    steps = tuple(replace(st, display=_display(M, N, normalization).get(st.name)) for st in steps)
    return Derivation(f"Liu et al.: Lagrangian effective theory (p = {p}, d = {d}, D = D0)", steps,
                      summary="From the effective loss to the flow, its multipliers, conservation laws, "
                              "Hessian, spectrum and exact solution.")


def _display(M, N: int, normalization: str) -> dict:
    """Printing hints: each big step in the paper's notation (R = (E_0, ..., E_{p-1})^T, the
    p x d matrix of embeddings), instead of its expansion in the p d coordinates."""
    w = r"\frac{1}{N_D}" if normalization == "paper" else "1"
    g = rf"\frac{{2 w}}{{N_D Z_0}} M_D R - \frac{{2 \ell_0}}{{Z_0^2}} R"
    return {
        "effective loss": r"\begin{gathered}\ell_{\rm eff} = \frac{\ell_0}{Z_0},\qquad "
                          r"\ell_0 = \frac{w}{N_D} \sum_{(i,j,m,n) \in P_0(D)} \|E_i + E_j - E_m - E_n\|^2,"
                          rf"\\ Z_0 = \sum_k \|E_k\|^2,\qquad N_D = |P_0(D)| = {N},\qquad \frac{{w}}{{N_D}} = {w}"
                          r"\end{gathered}",
        "matrix form": r"\begin{gathered}\ell_0 = \frac{w}{N_D} \operatorname{tr}\left(R^\top M_D R\right),\qquad "
                       r"M_D = A_D^\top A_D = \\ " + sp.latex(M) + r"\end{gathered}",
        "translation symmetry": r"\ell_0(E_0 + a, \dots, E_{p-1} + a) = \ell_0(E_0, \dots, E_{p-1})",
        "scaling symmetry": r"\ell_0(c R) = c^2 \ell_0(R),\qquad Z_0(c R) = c^2 Z_0(R)",
        "Euler identity": r"\sum_k E_k \cdot \frac{\partial \ell_0}{\partial E_k} = 2 \ell_0",
        "translation identity": r"\sum_k \frac{\partial \ell_0}{\partial E_k} = 0",
        "gradient": r"\nabla \ell_{\rm eff} = " + g,
        "Lagrangian": r"\mathcal L = \ell_0 - \mu \left(Z_0 - Z^*\right) - \boldsymbol\nu^\top R^\top \mathbf 1",
        "multiplier mu": r"\mu^* = \frac{\ell_0}{Z_0} = \ell_{\rm eff}",
        "Euler-Lagrange flow": r"\dot R = -\frac{\eta}{Z^*} \frac{\partial \mathcal L}{\partial R}\Big|_{\mu^*, \nu = 0, "
                               r"Z^* = Z_0} = -\eta \left(" + g + r"\right) = -\eta \nabla \ell_{\rm eff}",
        "centre of mass": r"\dot{\mathbf C} = \frac{2 \eta \ell_0}{Z_0^2} \mathbf C,\qquad \mathbf C = R^\top \mathbf 1",
    }


def derivation(params=None) -> Derivation:
    """The derivation record at the given p, d and normalisation (training set D0).

    References
    ----------
    Liu et al. 2022, §3 and App. F (conservation laws; the centre-of-mass law corrected).
    """
    params = resolved(params)
    return _derivation_cached(int(params["p"]), int(params["d"]), params["normalization"])

