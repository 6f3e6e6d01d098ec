"""Results in a notebook: short model reprs, LaTeX/HTML with every verified digit, DataFrames,
and an explicit error for an ambiguous key (issue 14, deliverable 3).

Reference values are independent of the solver: the Landau sextic f = a m^2 - m^4 + m^6 has its
first-order point at a = 1/4, m = 1/sqrt(2) and spinodals at a = 0 and a = 1/3, m = 1/sqrt(3)
(closed forms, docs/theories/landau-sextic)."""
from __future__ import annotations

import mpmath
import pytest

import efftheory
from efftheory.errors import AmbiguousKeyError

DPS = 40


@pytest.fixture(scope="module")
def sextic():
    return efftheory.theory("landau-sextic").solve(dps=DPS)


def _closed(f) -> str:
    """``f()`` evaluated at DPS + 20 digits, printed with DPS significant digits."""
    with mpmath.workdps(DPS + 20):
        return mpmath.nstr(f(), DPS, strip_zeros=False)


def test_model_repr_is_short_and_has_no_addresses():
    for name in efftheory.theory_names():
        text = repr(efftheory.theory(name))
        assert len(text.splitlines()) <= 6 and "0x" not in text and "function" not in text, name
        assert text.startswith(f"Model({name!r}") and "parameters:" in text
    md = efftheory.theory("rubin-cubic")._repr_markdown_()
    assert r"$\sigma_w^2$" in md and "| `sigma2` |" in md


def test_every_verified_digit_in_repr_latex_and_html(sextic):
    m = _closed(lambda: 1 / mpmath.sqrt(2))          # 0.7071067811865475244008443621048490392848
    assert len(m.replace("0.", "", 1)) == DPS
    for text in (repr(sextic), sextic._repr_latex_(), sextic._repr_html_(), sextic["first_order"]._repr_latex_(),
                 sextic["first_order"]._repr_html_(), repr(sextic["first_order"])):
        assert m in text
    assert _closed(lambda: 1 / mpmath.sqrt(3)) in sextic._repr_latex_()
    latex = sextic._repr_latex_()
    assert latex.startswith("$\\begin{aligned}") and latex.endswith("\\end{aligned}$")


def test_ambiguous_key_names_the_points_and_how_to_index_them(sextic):
    with pytest.raises(AmbiguousKeyError) as err:
        sextic["spinodal"]
    message = str(err.value)
    assert "2 points of kind 'spinodal'" in message and "['spinodal', 1]" in message
    assert "points_of('spinodal')" in message
    assert isinstance(err.value, KeyError)
    with mpmath.workdps(DPS + 10):
        assert abs(sextic["spinodal", 1].values["a"] - mpmath.mpf(1) / 3) < mpmath.mpf(10) ** -(DPS - 1)
    assert sextic["spinodal", 0].values["a"] == 0
    assert [p.values["a"] for p in sextic.points_of("spinodal")] == [sextic["spinodal", 0].values["a"],
                                                                   sextic["spinodal", 1].values["a"]]
    assert sextic["first_order"] is sextic.points_of("first_order")[0]
    with pytest.raises(KeyError, match="first_order, spinodal, spinodal"):
        sextic["critical"]
    with pytest.raises(KeyError, match="indices 0 to 1"):
        sextic["spinodal", 2]


def test_solve_to_dataframe(sextic):
    df = sextic.to_dataframe()
    assert list(df["kind"]) == ["first_order", "spinodal", "spinodal"] and list(df["index"]) == [0, 0, 1]
    assert df["a"].dtype == "float64" and list(df["a"]) == [0.25, 0.0, pytest.approx(1 / 3, rel=1e-15)]
    exact = sextic.to_dataframe(numbers="mpf")
    with mpmath.workdps(DPS + 10):
        assert abs(exact["m"][0] - 1 / mpmath.sqrt(2)) < mpmath.mpf(10) ** -(DPS - 1)
    assert sextic.to_dataframe(numbers="str")["m"][0] == _closed(lambda: 1 / mpmath.sqrt(2))


def test_eval_result_monte_carlo_in_latex_html_and_dataframe():
    model = efftheory.theory("zunkovic-1d")
    r = model.evaluate("grokking_probability_mc", {"eps": "1/2"}, dps=15, seed=1, trials=400)
    js = r.to_json()
    v, se = js["values"]["grokking_probability"], js["stderr"]["grokking_probability"]
    lo, hi = js["ci"]["grokking_probability"]
    assert f"{v} \\pm {se}" in r._repr_latex_() and f"[{lo},\\ {hi}]" in r._repr_latex_()
    assert all(f">{x}<" in r._repr_html_() for x in (v, se, lo, hi)) and "400 trials" in r._repr_html_()
    df = r.to_dataframe()
    assert df["grokking_probability"][0] == float(v) and df["grokking_probability_stderr"][0] == float(se)
    assert df["grokking_probability_ci_low"][0] <= df["grokking_probability"][0] <= df["grokking_probability_ci_high"][0]
    assert f"± {se}" in repr(r)


def test_sweep_table_html_latex_dataframe_and_ax():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    table = efftheory.sweep("landau-sextic", vary="a=0:1/2:5", dps=20)
    html = table._repr_html_()
    assert html.count("<tr>") == 6 and "<th>phase</th>" in html and "coexistence" in html
    latex = table._repr_latex_()
    assert "\\begin{array}" in latex and "1/4 & \\text{coexistence}" in latex
    df = table.to_dataframe()
    assert list(df["a"]) == [0, 0.125, 0.25, 0.375, 0.5] and df["phase"][2] == "coexistence"
    # an independent route: m at a = 1/8 is the larger root of 3 m^4 - 2 m^2 + a = 0
    with mpmath.workdps(30):
        m = mpmath.sqrt((2 + mpmath.sqrt(4 - 12 * mpmath.mpf(1) / 8)) / 6)
    assert abs(table.to_dataframe(numbers="mpf")["m"][1] - m) < mpmath.mpf(10) ** -19
    fig, ax = plt.subplots()
    assert table.plot(ax=ax, column="m") is ax
    assert list(ax.lines[0].get_ydata()) == list(df["m"])
    plt.close(fig)
