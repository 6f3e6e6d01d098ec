"""Rubin, Seroussi & Ringel, *Grokking as a First Order Phase Transition in Two Layer
Networks* (ICLR 2024, arXiv:2310.03789): two models, one package.

* model A, ``rubin-cubic`` -- an erf student learning a cubic teacher:
  ``cubic_symbolic.py`` (the derivation up to the scalar action, Eq. 13, and the (b, c)
  equations), ``cubic_numeric.py`` (GFL fixed point, spinodal and first-order point,
  NNGP), ``cubic_mixed.py`` (the GMFL-I mixed phase), ``cubic_finite_d.py`` (finite-d
  quadrature), ``cubic_phase_diagram.py`` (u_c(kappa, eps)), ``cubic.py`` (the model);
* model B, ``rubin-modular`` -- modular addition with a quadratic student:
  ``modular_symbolic.py`` (per-mode action, phase algebra, derivation record),
  ``modular_small_p.py`` (the explicit small-P table for brute-force checks),
  ``modular_numeric.py`` (closed forms and the finite-P self-consistency), ``modular.py``;
* ``two-layer`` -- the same theory for any activation and Hermite teacher, derived by the model
  layer :mod:`efftheory.models` (``two_layer.py`` registers it);
* ``claims.py`` and ``figures.py`` for models A and B; this file declares the paper.
"""
from ..paper import Paper

PAPER = Paper(
    key="rubin",
    citation="Rubin, Seroussi & Ringel, ICLR 2024",
    short="Rubin et al. 2024",
    package=__name__,
    models={"rubin-cubic": "cubic", "rubin-modular": "modular", "two-layer": "two_layer"},
    arxiv="2310.03789",
    labels={"rubin-cubic": "model A", "rubin-modular": "model B", "two-layer": "any two-layer network"},
    claims="claims",
    figures="figures",
)
