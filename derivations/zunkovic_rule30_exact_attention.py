"""Claim (Žunkovič & Ilievski 2024, §4.2.3, Eq. 68, Fig. 11): with the exact 1-local attention
tensor of Eq. 68 (bond dimension d = 4) the TN features z_i(x) of rule 30 are linearly separable
for inputs of every length, so a linear classifier B reaches zero test error.

Source: paper Eq. 68 and Fig. 11 (the tensors are printed there; theory note §5.4).

How: exact rational arithmetic (SymPy). The open-boundary vectors of A_0 (eigenvalue 1,
vL = (1,1,0,0), vR = (1,0,1,0)) generate closed sets of two left and two right context directions
labelled by the neighbour's spin; the 8 resulting features are linearly independent, so B is solved
exactly; by induction every position of every string maps to one of them. Independently, every
position of all strings of length 1..max_length is contracted exactly and compared with rule 30.
Expected output: holds True, rank 8, errors 0, margin 1 (min y * yhat with the minimum-norm B).
"""
from efftheory.theories._zunkovic_rule30 import exact_attention_certificate


def main(dps=30, max_length=8):
    cert = exact_attention_certificate(max_length=max_length)
    return {"holds": cert["holds"], "rank": cert["rank"], "errors": cert["errors"],
            "positions_checked": cert["positions_checked"], "margin": str(cert["margin"]),
            "left_directions": sorted(map(str, cert["left"])), "right_directions": sorted(map(str, cert["right"]))}


if __name__ == "__main__":
    print(main())
