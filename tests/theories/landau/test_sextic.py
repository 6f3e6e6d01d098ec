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


@pytest.mark.parametrize("value,phase", [("1/5", "ordered"), ("3/10", "disordered"), ("-1/10", "ordered")])
def test_phase_against_the_closed_form_branch(value, phase):
    """The ordered minimum is m^2 = (2 + sqrt(4 - 12 a)) / 6 (root of f'/2m = a - 2m^2 + 3m^4)."""
    r = MODEL.evaluate("phase", {"a": value}, dps=30)
    assert r.values["phase"] == phase
    if phase == "ordered":
        av = sp.Rational(value)
        exact = sp.sqrt((2 + sp.sqrt(4 - 12 * av)) / 6)
        with mpmath.workdps(40):
            assert abs(r.values["m"] - mpmath.mpf(str(sp.N(exact, 40)))) < mpmath.mpf(10) ** -29


def test_claims_are_reproduced():
    assert [c.check(dps=20).passed for c in MODEL.claims()] == [True, True, True]


def test_paper_is_attached_by_the_registry():
    assert MODEL.paper == efftheory.theories.paper("landau").reference
    assert "claims" not in vars(__import__("efftheory.theories.landau.sextic", fromlist=["MODEL"]))
