"""Claim: the accuracy of the trained toy model is predicted by A-hat (Acc ~ A-hat).

Source: Liu et al. 2022, Fig. 3c (authors' data in toy/results/fig3, theory note §11.1).
Method: the NumPy re-implementation of the toy model (embeddings + MLP decoder, Adam), p = 10,
authors' training-set draw (seed 0); final accuracy on all of D0 vs A-hat from the learned
representation, and A-bar from the training set alone.
Expected output: |Acc - A-hat| <= 0.1 for each run (a smaller, faster setting at dps=20).
"""
from efftheory.theories import _liu_combinatorics as comb
from efftheory.theories import _liu_toy as toy


def main(dps=30):
    rows = []
    for n in (20, 45):
        D = comb.authors_training_set(10, n, 0)
        run = toy.train_toy(10, D, steps=1500, seed=n, width=64, eta_repr=3e-3, eta_dec=1e-3, log_every=1500)
        rows.append({"n": n, "acc": run.accuracy[-1], "a_hat": run.predicted_accuracy[-1],
                     "a_bar": float(comb.ideal_accuracy(10, D)), "rqi": run.rqi[-1], "dof": comb.nullity(10, D)})
    return {"runs": rows, "max_abs_diff": max(abs(r["acc"] - r["a_hat"]) for r in rows)}


if __name__ == "__main__":
    print(main())
