import sympy as sp

from efftheory.theories.landau.sextic_symbolic import build_theory


def test_theory_is_built_from_named_contributions():
    t = build_theory()
    a, m = t.symbol("a"), t.symbol("m")
    assert [c.name for c in t.contributions] == ["quadratic", "quartic", "sextic"]
    assert sp.expand(t.action - (a * m**2 - m**4 + m**6)) == 0
    assert t.order_parameters == (m,) and t.control_parameters == (a,)
    assert sp.expand(t.stationarity[0].lhs - (2 * a * m - 4 * m**3 + 6 * m**5)) == 0
    assert sp.expand(t.hessian[0, 0] - (2 * a - 12 * m**2 + 30 * m**4)) == 0


def test_substitution_gives_a_new_theory_and_latex():
    t = build_theory()
    t2 = t.subs({"a": "1/4"})
    m = t.symbol("m")
    assert sp.expand(t2.action - (m**2 / 4 - m**4 + m**6)) == 0
    assert t.action.has(t.symbol("a"))         # the original is unchanged
    tex = t.latex()
    assert tex.startswith("\\begin{align*}") and "underbrace" in tex and "quartic" in tex
    assert t._repr_latex_().startswith("$\\displaystyle")
