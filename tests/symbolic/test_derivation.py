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


def test_a_steps_rows_are_computed_once_and_travel_with_the_record():
    import pickle
    from efftheory.symbolic import printing
    big = sp.expand((x + y + 1)**6 / (x + 2))
    d = Derivation("demo", (Step("big", "expand", sp.Eq(sp.Symbol("f"), big)),))
    calls, display_lines = [], printing.display_lines
    try:
        printing.display_lines = lambda *a, **k: calls.append(1) or display_lines(*a, **k)
        md, tex, nb = d.to_markdown(), d.to_latex(), d._repr_latex_()
        assert len(calls) == 1                                   # Markdown, LaTeX and notebook share the rows
        again = pickle.loads(pickle.dumps(d))
        assert again.to_latex() == tex and len(calls) == 1       # ... and so does the unpickled record
    finally:
        printing.display_lines = display_lines
    fresh = Derivation("demo", d.steps)                          # the same rows as printing anew
    assert fresh.to_markdown() == md and fresh.latex_rows(d.steps[0].result) == d.step_rows(0)
    assert d.latex_of(d.steps[0].result) in md and d.latex_of(d.steps[0].result) in nb
