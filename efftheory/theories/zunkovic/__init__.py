"""Žunkovič & Ilievski, *Grokking phase transitions in learning local rules with gradient descent*
(JMLR 25(199) 2024): two solvable models of grokking and the tensor-network rule-30 experiments.

* ``one_d_symbolic.py``, ``one_d_numeric.py``, ``one_d.py`` -- the 1-D exponential model
  (``zunkovic-1d``, Sec. 3.2);
* ``ball_symbolic.py``, ``ball_numeric.py``, ``ball.py`` -- the D-ball model (``zunkovic-ball``,
  Sec. 3.3);
* ``simulation.py`` -- seeded gradient-descent and Monte Carlo simulators of both models;
* ``rule30_automaton.py`` (rule 30 and its light cones), ``rule30_network.py`` (tensor-network
  attention features), ``rule30_certificate.py`` (the exact Eq. 68 tensors and their
  separability proof), ``rule30_training.py`` (the stationary classifier for fixed attention)
  and ``rule30_experiments.py`` (the fixed-attention P_G of Fig. 14) -- Sec. 4; their claims
  are registered with ``zunkovic-ball``;
* ``claims.py`` and ``figures.py`` -- what the paper states and its figures, for both models;
* this file -- the paper, its models, and where their claims and figures live.
"""
from ..paper import Paper

PAPER = Paper(
    key="zunkovic",
    citation="Žunkovič & Ilievski, JMLR 25(199) 2024",
    short="Žunkovič & Ilievski 2024",
    package=__name__,
    models={"zunkovic-1d": "one_d", "zunkovic-ball": "ball"},
    arxiv="2210.15435",
    claims="claims",
    figures="figures",
)
