import sympy as sp

from efftheory.symbolic import Agreement, Derivation, Identity, Step

x, y = sp.symbols("x y", positive=True)


def test_identity_check_passes_and_fails():
    assert Identity(sp.sin(x)**2 + sp.cos(x)**2, 1).run()[0]
    assert not Identity((x + 1)**2, x**2 + 1).run()[0]
    assert Identity(sp.Matrix([x - x, 2 * y]), sp.Matrix([0, y + y])).run()[0]


def test_agreement_with_a_quadrature_left_side():
    integral = sp.Integral(sp.exp(-x * y**2), (y, -sp.oo, sp.oo))
    ok, detail = Agreement(integral, sp.sqrt(sp.pi / x), {x: (sp.Rational(1, 2), 3)}, points=2).run()
    assert ok, detail
    bad, _ = Agreement(integral, sp.sqrt(sp.pi / x) * (1 + sp.Rational(1, 10**25)), {x: (1, 2)}, points=1).run()
    assert not bad      # 25 correct digits are not 30


def test_rendering_and_check_results():
    d = Derivation("demo", (Step("define", "definition", sp.Eq(sp.Symbol("f"), x**2)),
                            Step("differentiate", "d/dx", sp.Eq(sp.Symbol("g"), 2 * x), "Eq. 1",
                                 Identity(sp.diff(x**2, x), 2 * x), note="a_b & c")))
    md, tex = d.to_markdown(), d.to_latex()
    assert "## Step 2: differentiate" in md and "*Reference:* Eq. 1" in md and "2 x" in md
    assert r"$a_{b}$ \& c" in tex and "\\begin{equation*}" in tex      # prose math as math, & escaped
    assert [r.passed for r in d.check()] == [True, True]
    assert d["define"].rule == "definition" and d.final == sp.Eq(sp.Symbol("g"), 2 * x)
