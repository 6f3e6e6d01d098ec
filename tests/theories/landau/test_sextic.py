"""Tests of ``landau-sextic``, the template theory.

References: the closed forms of the reference problem (a = 1/4, m^2 = 1/2 at the first-order
point; a = 1/3, m^2 = 1/3 and a = 0 at the spinodals), solved by hand from f' = 0, f = f(0)
and f' = f'' = 0; each is compared with what the package computes numerically.
"""
import mpmath
import pytest
import sympy as sp

import efftheory
from efftheory.theories.landau import sextic_numeric as num
from efftheory.theories.landau.sextic_symbolic import a, build_theory, derivation, m

MODEL = efftheory.theory("landau-sextic")


def test_derivation_checks_pass():
    results = derivation().check()
    assert len(results) == 7 and all(r.passed for r in results)


def test_problem_takes_its_derivatives_from_the_theory():
    theory, problem = build_theory(), num.problem()
    assert problem.derivatives == (theory.stationarity[0].lhs, theory.hessian[0, 0])
    assert sp.expand(problem.derivatives[0] - sp.diff(theory.action, m)) == 0
    assert sp.expand(problem.derivatives[1] - sp.diff(theory.action, m, 2)) == 0


@pytest.mark.parametrize("dps", [20, 60])
def test_special_points_equal_the_closed_forms(dps):
    res = MODEL.solve(dps=dps)
    fo = res["first_order"]
    with mpmath.workdps(dps + 10):
        assert abs(fo.values["a"] - mpmath.mpf(1) / 4) < mpmath.mpf(10) ** -dps
        assert abs(fo.values["m"] - 1 / mpmath.sqrt(2)) < mpmath.mpf(10) ** -dps
        spins = sorted(float(p.values["a"]) for p in res.points if p.kind == "spinodal")
        assert spins[0] == 0 and abs(spins[1] - 1 / 3) < 1e-15


NEAR = "2499999/10000000"          # 1e-7 below the first-order point: the audit's case (issue 11)


@pytest.mark.parametrize("value,phase", [("1/5", "ordered"), ("3/10", "disordered"), ("-1/10", "ordered"),
                                         (NEAR, "ordered"), ("2500001/10000000", "disordered"),
                                         ("1/4 - 10**-25", "ordered"), ("1/4 + 10**-25", "disordered")])
def test_phase_against_the_closed_form_branch(value, phase):
    """The ordered minimum is m^2 = (2 + sqrt(4 - 12 a)) / 6 (root of f'/2m = a - 2m^2 + 3m^4), and it is
    the global one where f(m) < 0 = f(0): both evaluated exactly by SymPy at 60 digits."""
    av = sp.sympify(value, rational=True)
    r = MODEL.evaluate("phase", {"a": av}, dps=30)
    assert r.values["phase"] == phase
    m_exact = sp.sqrt((2 + sp.sqrt(4 - 12 * av)) / 6)
    f_exact = (av * m_exact**2 - m_exact**4 + m_exact**6)
    assert (sp.N(f_exact, 60) < 0) == (phase == "ordered")
    if phase == "ordered":
        with mpmath.workdps(60):
            for got, exact in ((r.values["m"], m_exact), (r.values["f"], f_exact)):
                want = mpmath.mpf(str(sp.N(exact, 60)))
                assert abs(got - want) <= mpmath.mpf(10) ** -29 * abs(want)
    else:
        assert r.values["m"] == 0 and r.values["f"] == 0


def test_the_first_order_point_itself_is_coexistence():
    r = MODEL.evaluate("phase", {"a": "1/4"}, dps=40)
    assert r.values["phase"] == "coexistence" and r.values["f"] == 0
    with mpmath.workdps(50):
        assert abs(r.values["m"] - 1 / mpmath.sqrt(2)) < mpmath.mpf(10) ** -40


def test_claims_are_reproduced():
    assert [c.check(dps=20).passed for c in MODEL.claims()] == [True, True, True]


def test_paper_is_attached_by_the_registry():
    assert MODEL.paper == efftheory.theories.get_paper("landau").reference
    assert "claims" not in vars(__import__("efftheory.theories.landau.sextic", fromlist=["MODEL"]))
