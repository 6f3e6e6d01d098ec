"""Liu et al. (NeurIPS 2022): an effective theory of representation learning (the addition toy).

* ``addition_symbolic.py`` -- pure SymPy: parameters, the effective loss l_eff = l0 / Z0 as a
  theory, and the derivation record (Lagrangian flow, multipliers, conservation laws, Hessian,
  spectrum, exact solution);
* ``combinatorics.py`` -- the exact parallelogram combinatorics (standard library only);
* ``determination.py`` -- the probability that a training set determines the structure
  (exact enumeration, Monte Carlo with certified ranks) and the authors' training-set draw;
* ``dynamics.py`` -- spectrum and gradient flow of the effective theory at any precision;
* ``representation.py`` and ``toy.py`` -- RQI / A-hat of a learned representation, and the
  toy model (embeddings + MLP decoder) that learns one;
* ``phases.py`` -- the four learning phases (Table 1) and cached seeded toy runs;
  ``experiments.py`` -- toy sweeps against the theory (Figs. 4b, 5b, 10);
  ``phase_data.py`` -- a stored phase diagram made with ``efftheory diagram``;
* ``addition_numeric.py`` -- the determination curve, r_c and the grokking rate;
* ``addition.py`` -- the quantities and the registered ``MODEL``;
* ``claims.py`` (+ ``claims_theory.py``, ``claims_toy.py``) and ``figures.py`` (+ ``figures_toy.py``)
  -- what the paper states, and the report's figures.
"""
from ..paper import Paper

PAPER = Paper(
    key="liu",
    citation="Liu et al., NeurIPS 2022",
    short="Liu et al. 2022",
    package=__name__,
    models={"liu-addition": "addition"},
    arxiv="2205.10343",
    claims="claims",
    figures="figures",
)
