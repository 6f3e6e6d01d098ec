"""Worked example: ``liu-addition``, the Lagrangian effective theory of the addition toy of Liu et al.

Claim: the authors' default run (seed 58, n = 45, p = 10) has dim ker A_D = 2 and completes all
10 test samples; for p = 6, 8 well-chosen samples of the 21 fix the structure (App. C).

Source: Liu et al., NeurIPS 2022 (arXiv:2205.10343), §3, App. C and App. F; the stored output of
the authors' toy/Figure4cd.ipynb (theory note §11).  The derivation record derives the gradient
flow, its multipliers and conservation laws (correcting App. F's centre-of-mass law), the Hessian
at a ground state and the spectrum of M_D from the effective loss.

Expected: every derivation step checked, both claims reproduced (App. C holds but is not
minimal: the smallest determining sets have 6 samples), and the grokking rate of the seed-58
training set printed to ``dps`` verified digits (lambda3 > 0, since dof = 2).
"""
from efftheory import theory
from efftheory.report.worked import worked_example


def main(dps: int = 20) -> dict:
    result = worked_example("liu-addition", ["liu-addition/seed58", "liu-addition/app-c"], dps=dps)
    rate = theory("liu-addition").evaluate("grokking_rate", {"p": "10", "n": "45"}, dps=dps, seed=58)
    print(rate)
    return result


if __name__ == "__main__":
    print(main())
