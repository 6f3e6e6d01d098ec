"""Your own model: an erf network learning y = He1 + eps He5.

Executed when the documentation is built (``docs/docs_gen.py``): its printed output, the LaTeX
of the derived action and the figure it saves are put into the page ``tutorial-your-model``.
"""
import sys

import mpmath
import sympy as sp

import efftheory

model = efftheory.theory("two-layer")
given = {"activation": "erf(x)", "teacher": "He1 + eps*He5", "eps": "3/10"}

# 1. The derivation record, from the declared model, every step checked.
derivation = model.derivation(model.resolve(given))
results = derivation.check()
print(f"{len(results)} steps, {sum(s.check is not None for s in derivation.steps)} checked, "
      f"all pass: {all(r.passed for r in results)}")
for step in derivation.steps[4:7]:
    print(f"  {step.name}: {step.result}")

# 2. The derived scalar action, as LaTeX.
theory = model.theory(model.resolve(given))
LATEX = theory.latex()
print(theory.action)

# 3. The first-order point and the spinodal at 50 verified digits.
solved = model.solve(given, dps=50)
for point in solved.points:
    print(point.kind, point.digits, "digits:", mpmath.nstr(point.values["sigma2"], 50))
first_order = next(p for p in solved.points if p.kind == "first_order")

# 4. -log p(q) = d S_hat(q) just above and just below the transition (d = 150).
sigma2_c = sp.Rational(str(mpmath.nstr(first_order.values["sigma2"], 30)))
qs = [sp.Rational(i, 40) for i in range(0, 81)]
curves = {}
for label, s2 in (("above", sigma2_c * sp.Rational(21, 20)), ("at", sigma2_c), ("below", sigma2_c * sp.Rational(19, 20))):
    curves[label] = (s2, [150 * float(model.evaluate("action", {**given, "sigma2": s2, "q": q}, dps=12).values["S_hat"])
                          for q in qs])

if len(sys.argv) > 1:                       # the docs build passes the figure's path
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for label, (s2, values) in curves.items():
        ax.plot([float(q) for q in qs], values, label=rf"$\sigma^2 = {float(s2):.4f}$ ({label})")
    ax.axhline(0, color="grey", lw=0.6)
    ax.set_xlabel(r"$q = \mathbf{w}\cdot\mathbf{w}^*$")
    ax.set_ylabel(r"$-\log p(q) = d\,\hat S(q)$ + const")
    ax.set_title(r"erf, $y = He_1 + \frac{3}{10} He_5$, $d = 150$")
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(sys.argv[1], dpi=110)
