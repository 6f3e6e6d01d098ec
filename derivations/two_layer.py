"""Worked example: ``two-layer``, Rubin et al.'s adaptive-kernel theory derived for a declared
two-layer network (here the defaults, erf and He1 + eps He3, which is model A).

Claim: the derived action is the paper's Eq. 13, and the first-order point lies at sigma^2 ~ 0.18.

Source: Rubin, Seroussi & Ringel (ICLR 2024) Claim II (Eq. 13) and §3.1.1; the record derives the
projections, the action, the GFL kernel and self-consistency from the declared model.

Expected: every derivation step checked, both claims reproduced, and the first-order point of a
tanh network (teacher He1 + eps He3) printed to ``dps`` verified digits.
"""
from efftheory import theory
from efftheory.report.worked import worked_example


def main(dps: int = 20) -> dict:
    result = worked_example("two-layer", dps=dps)
    print(theory("two-layer").solve({"activation": "tanh"}, dps=dps)["first_order"])
    return result


if __name__ == "__main__":
    print(main())
