"""First steps: Rubin et al.'s model A, from its theory to its first-order point at 100 digits.

Executed when the documentation is built (``docs/docs_gen.py``): its printed output, the LaTeX of
the action and of the solved point, and the figure it saves are put into the page
``tutorial-first-steps``.  Install first (one command, from a checkout)::

    python3 -m venv .venv && . .venv/bin/activate && pip install .
"""
import sys

import mpmath

import efftheory

# 1. A theory, by its command-line name: its parameters (exact rationals) and its derived action.
model = efftheory.theory("rubin-cubic")
print(repr(model))
theory = model.theory(model.resolve())
print("action:", theory.action)
LATEX = theory.latex()

# 2. Its derivation record: every step from the model's definition, each with its check.
derivation = model.derivation(model.resolve())
results = derivation.check()
print(f"{len(derivation.steps)} steps; {sum(r.passed for r in results)} of {len(results)} checks pass")

# 3. The first-order point and the spinodal at 100 verified digits.
solved = model.solve(dps=100)
first_order = solved["first_order"]
print(f"first-order point, {first_order.digits} verified digits:")
print("  sigma2 =", mpmath.nstr(first_order.values["sigma2"], 100))
print("  u      =", mpmath.nstr(first_order.values["u"], 100))
print("spinodal sigma2 =", mpmath.nstr(solved["spinodal"].values["sigma2"], 30), "(first 30 digits)")
POINT_LATEX = solved._repr_latex_()

# 4. The same point from the command line, as JSON (decimal strings, so no digit is lost):
#        efftheory solve rubin-cubic --dps 100 --json
# and a LaTeX document of the whole theory, which compiles with pdflatex:
#        efftheory latex rubin-cubic -o rubin-cubic.tex

if len(sys.argv) > 1:                       # the docs build passes the figure's path
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from efftheory.theories.rubin.figures import plot_neg_log_p
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.4), layout="constrained")
    plot_neg_log_p("0.2", ax=axes[0], title="before")
    plot_neg_log_p("0.16", ax=axes[1], title="after")
    fig.savefig(sys.argv[1], dpi=110)
