"""Claim: the critical training fraction of the addition toy with p = 10 is r_c = 0.4.

Source: Liu et al. 2022 (arXiv:2205.10343), v1 Fig. 4a (dashed line labelled r_c = 0.4).
Method: P(dim ker A_D = 2) for uniform training sets of every size n from coupled random
orderings of D0 (exact ranks: modular elimination with a Hadamard certificate); r_c is the
50 % point, linearly interpolated in r = n/55, with a delta-method uncertainty.
Expected output: r_c close to 0.41 (between 22/55 = 0.400 and 23/55 = 0.418, where the
authors' stored curve crosses 1/2), i.e. the paper's 0.4 to its one significant digit.
"""
from efftheory.theories.liu_addition import critical_fraction


def main(dps=30, trials=50_000):
    rc, n_below, sigma = critical_fraction(10, trials=trials, seed=0)
    return {"r_c": float(rc), "sigma": sigma, "n_below": n_below, "paper": 0.4,
            "within_paper_digit": abs(rc - 0.4) < 0.05, "trials": trials}


if __name__ == "__main__":
    print(main())
