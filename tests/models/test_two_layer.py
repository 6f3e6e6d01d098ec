"""The model layer (issue 12): a two-layer network declared by its activation and Hermite teacher,
its theory derived, solved, and checked against independent routes: rubin-cubic (model A written
by hand), the paper's Eq. 13, the sign change of the action across the first-order point, the
large-q behaviour across the onset of unboundedness, and quadrature twins of the Gaussian means."""
import json

import mpmath
import pytest
import sympy as sp

import efftheory
from efftheory.models import two_layer_symbolic as tl
from efftheory.models.gaussian_means import GaussianMean, X, derivative_means

MODEL = efftheory.theory("two-layer")
S = tl.S


def _points(result):
    return {p.kind: p for p in result.points}


def test_defaults_equal_rubin_cubic_to_every_printed_digit():
    ours = MODEL.solve(dps=30).to_json()["points"]
    theirs = efftheory.theory("rubin-cubic").solve(dps=30).to_json()["points"]
    rename = {"b": "b1", "c": "b3"}
    assert [p["kind"] for p in ours] == [p["kind"] for p in theirs]
    for a, b in zip(ours, theirs):
        assert a["digits"] == b["digits"] == 30
        assert a["values"] == {rename.get(k, k): v for k, v in b["values"].items()}


def test_derived_action_is_the_papers_eq13_for_erf():
    spec = tl.spec("erf(x)", "He1 + eps*He3")
    D = 1 + 2 * (S.sigma_w2 + S.q**2)
    eq13 = S.q**2 / (2 * S.sigma_w2) - 2 * S.u / sp.pi * S.q**2 / D * (S.b(1) - 2 * S.b(3) * S.q**2 / D) ** 2
    assert sp.simplify(tl.scalar_action(spec) - eq13) == 0


@pytest.mark.parametrize("eps", ["3/10", "-3/10"])
def test_he5_teacher_first_order_point_where_the_action_changes_sign(eps):
    given = {"teacher": "He1 + eps*He5", "eps": eps}
    points = _points(MODEL.solve(given, dps=30))
    assert set(points) == {"spinodal", "first_order"} and points["first_order"].digits == 30
    fo = points["first_order"]
    s2c = sp.Rational(str(mpmath.nstr(fo.values["sigma2"], 40)))
    q = sp.Rational(str(mpmath.nstr(fo.values["q"], 20)))
    for side, sign in ((-1, -1), (1, 1)):       # below sigma2_c (larger u) the side well is lower than q = 0
        s2 = s2c + side * sp.Rational(1, 10**6)
        value = MODEL.evaluate("action", {**given, "sigma2": s2, "q": q}, dps=20).values["S_hat"]
        assert mpmath.sign(value) == sign, (side, value)
    assert points["spinodal"].values["sigma2"] > fo.values["sigma2"]          # the wells exist before


def test_a_mode_that_decouples_by_parity_is_said_so():
    result = MODEL.solve({"teacher": "He1 + eps*He2"}, dps=20)
    assert result.points == ()
    assert any("He2 decouple by parity" in n for n in result.notes)
    assert json.loads(json.dumps(result.to_json()))["notes"]


def test_relu_reports_where_the_action_becomes_unbounded():
    given = {"activation": "relu", "teacher": "He1 + eps*He2"}
    points = _points(MODEL.solve(given, dps=25))
    assert "unbounded" in points and points["unbounded"].digits == 25
    s2u = sp.Rational(str(mpmath.nstr(points["unbounded"].values["sigma2"], 35)))
    big = 10**6                                 # S_hat(q)/q^2 -> L: its sign flips across the point
    below = MODEL.evaluate("action", {**given, "sigma2": s2u - sp.Rational(1, 10**5), "q": big}, dps=20)
    above = MODEL.evaluate("action", {**given, "sigma2": s2u + sp.Rational(1, 10**5), "q": big}, dps=20)
    assert below.values["S_hat"] < 0 < above.values["S_hat"]


def test_gaussian_means_closed_form_against_the_quadrature_twin():
    s2 = sp.Symbol("s2", positive=True)
    closed = derivative_means(sp.erf(X), [1, 3], s2)
    twin = type("E_erf_twin", (GaussianMean,), {"activation": sp.erf(X)})
    with mpmath.workdps(40):
        for k in (1, 3):
            exact = mpmath.mpf(sp.N(closed[k].subs(s2, sp.Rational(7, 10)), 50))
            assert abs(twin._imp_(k, mpmath.mpf(7) / 10) - exact) < mpmath.mpf(10) ** -38 * abs(exact)


def test_tanh_means_float64_twin_agrees_with_high_precision():
    import numpy as np
    g = derivative_means(sp.tanh(X), [1, 3], sp.Symbol("s2", positive=True))
    cls = g[1].func
    grid = np.array([0.5, 1.3, 4.0])
    for k in (1, 3):
        f64 = cls._imp_(k, grid)
        with mpmath.workdps(30):
            mp = [cls._imp_(k, mpmath.mpf(v)) for v in grid]
        assert np.allclose(f64, [float(v) for v in mp], rtol=1e-12, atol=1e-14)


def test_heat_equation_derivative():
    g = derivative_means(sp.tanh(X), [1], S.s2)[1]
    assert sp.diff(g, S.s2) == type(g)(3, S.s2) / 2


@pytest.mark.parametrize("text", ["foo(x)", "x*y", "1/0", ""])
def test_bad_activation_is_a_domain_error(text):
    with pytest.raises(efftheory.InputError):
        MODEL.solve({"activation": text}, dps=15)


@pytest.mark.parametrize("text", ["He1*He3", "He1 + 1", "He0", "He13", "eps", "x*He1"])
def test_bad_teacher_is_a_domain_error(text):
    with pytest.raises(efftheory.InputError):
        MODEL.solve({"teacher": text}, dps=15)


@pytest.mark.slow
def test_derivation_record_checks_pass():
    results = MODEL.derivation(MODEL.resolve({})).check()
    assert len(results) >= 14 and all(r.passed for r in results), [r for r in results if not r.passed]


@pytest.mark.slow
def test_tanh_first_order_point_where_the_action_changes_sign():
    """tanh has no closed-form means: the quadrature-backed route, checked the same way."""
    given = {"activation": "tanh"}
    fo = _points(MODEL.solve(given, dps=30))["first_order"]
    assert fo.digits == 30
    s2c = sp.Rational(str(mpmath.nstr(fo.values["sigma2"], 40)))
    q = sp.Rational(str(mpmath.nstr(fo.values["q"], 20)))
    below = MODEL.evaluate("action", {**given, "sigma2": s2c - sp.Rational(1, 10**6), "q": q}, dps=15)
    above = MODEL.evaluate("action", {**given, "sigma2": s2c + sp.Rational(1, 10**6), "q": q}, dps=15)
    assert below.values["S_hat"] < 0 < above.values["S_hat"]
