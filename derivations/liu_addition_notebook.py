"""Claim: the authors' stored probabilities P(unique) for p = 10 are reproduced within Monte-Carlo error.

Source: the authors' notebook phase_diagram_plot/effective_linear_eq.ipynb (10^4 trials per
n, criterion eigs[2] > 1e-8), as tabulated in theory note §7.2; these underlie v1 Fig. 4a.
Method: package Monte Carlo with exact ranks; z = (P_pkg - P_authors)/sqrt(s_pkg^2 + s_authors^2).
Expected output: nearly all |z| < 2 (about 95 %), none above ~4.
"""
from efftheory.theories.liu_addition import notebook_z_scores


def main(dps=30, trials=50_000):
    z = notebook_z_scores(trials)
    absz = [abs(v[2]) for v in z.values()]
    return {"z": {n: round(v[2], 2) for n, v in z.items()}, "max_abs_z": max(absz),
            "fraction_below_2": sum(a < 2 for a in absz) / len(absz)}


if __name__ == "__main__":
    print(main())
