"""The reference problem: the Landau sextic f(m) = a m^2 - m^4 + m^6.

This package is the template for a new paper (``docs/adding-a-theory.rst``):

* ``sextic_symbolic.py`` -- pure SymPy: parameters, the theory (its action from named
  contributions) and the derivation record;
* ``sextic_numeric.py`` -- numbers from the derived equations (mpmath/NumPy);
* ``sextic.py`` -- the quantities and the registered ``MODEL``;
* ``claims.py`` -- what the paper states, with the recipes that recompute it;
* this file -- the paper, its models, and where their claims (and figures) live.
"""
from ..paper import Paper

PAPER = Paper(
    key="landau",
    citation="reference problem f(m) = a m^2 - m^4 + m^6",
    short="reference problem",
    package=__name__,
    models={"landau-sextic": "sextic"},
    claims="claims",
)
