"""Claim: 8 well-chosen samples of the 21 fix the structure for p = 6.

Source: Liu et al. 2022, App. C (as reported in theory note §11 / §13 item 1d).
Method: exact enumeration of all training sets by a dynamic programme over sum classes.
Expected output: determining sets of size 8 exist (the claim holds), but the smallest
determining sets have 6 samples (3 of them), attaining the lower bound |D| >= p.
"""
from efftheory.theories import _liu_combinatorics as comb


def main(dps=30):
    c = comb.determining_counts(6)
    smallest = min(n for n, v in enumerate(c) if v)
    return {"counts": list(c), "smallest": smallest, "sets_of_smallest_size": c[smallest],
            "size_8_exists": c[8] > 0}


if __name__ == "__main__":
    print(main())
