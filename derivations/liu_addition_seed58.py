"""Claim: the authors' default run (seed 58, n = 45, p = 10) has dof = 2 and ideal test accuracy 10/10.

Source: stored output of the authors' toy/Figure4cd.ipynb (theory note §11); the training set
is rebuilt with NumPy's legacy generator as train_add.py draws it (note §12.1).  Also gives the
exact grokking rate of that set in both normalisations (note §7.4, v1 Fig. 4c-d arrow 3 n_h ~ 1670).
Expected output: dof = 2, 10 of 10 test samples completed, lambda3 > 0.
"""
from efftheory.theories import _liu_combinatorics as comb
from efftheory.theories.liu_addition import MODEL


def main(dps=30):
    D = comb.authors_training_set(10, 45, 58)
    completed = comb.completed_samples(10, D, comb.implied_parallelograms(10, D))
    out = {"dof": comb.nullity(10, D), "ideal_test_correct": len(completed) - len(D), "test_size": 55 - len(D)}
    for norm in ("paper", "code"):
        r = MODEL.evaluate("grokking_rate", {"p": "10", "n": "45", "normalization": norm}, dps=dps, seed=58)
        out[f"lambda3_{norm}"] = str(r.values["lambda3"])
        out[f"3n_h_{norm}"] = float(3 * r.values["n_h"])
    return out


if __name__ == "__main__":
    print(main())
