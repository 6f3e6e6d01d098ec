"""Inputs within 1e-25 of every special point of every theory (issue 11): the phase quantity's
labels equal those found well away from the point on the same side (where no decision is close),
and its digits at 30 requested digits agree with an evaluation at 70 digits; or the package says
it cannot decide (a PrecisionError, exit 3) -- never a silent wrong digit or label.
"""
import random

import mpmath
import pytest
import sympy as sp

from efftheory.errors import PrecisionError
from efftheory.theories import all_models

MODELS = [m for m in all_models() if m.special_points is not None and m.phase_quantity]
RNG = random.Random(20261201)


def _cases():
    out = []
    for model in MODELS:
        control = next(p.name for p in model.parameters if p.role.name == "CONTROL")
        centres = [sp.Rational(str(mpmath.nstr(p.values[control], 60))) for p in model.solve(dps=60).points]
        for kind, centre in zip((p.kind for p in model.solve(dps=60).points), centres):
            gap = min([abs(c - centre) for c in centres if c != centre] + [sp.Rational(1, 100)])
            for sign in (-1, 1):
                offset = sp.Rational(RNG.randint(1, 99), 10**27)            # between 1e-27 and 1e-25
                far = centre + sign * min(sp.Rational(1, 1000), gap / 3)    # the same side, far from any point
                out.append((model, control, kind, centre + sign * offset, far))
    return out


CASES = _cases()


def _flat(values, prefix=""):
    for k, v in values.items():
        if isinstance(v, dict):
            yield from _flat(v, f"{prefix}{k}.")
        else:
            yield f"{prefix}{k}", v


@pytest.mark.slow
@pytest.mark.parametrize("model,control,kind,value,far", CASES,
                         ids=[f"{m.name}-{k}-{i}" for i, (m, _, k, _, _) in enumerate(CASES)])
def test_digits_and_labels_near_special_points(model, control, kind, value, far):
    try:
        low = model.evaluate(model.phase_quantity, {control: value}, dps=30)
    except PrecisionError:
        return                                   # an honest "cannot decide at this precision"
    away = model.evaluate(model.phase_quantity, {control: far}, dps=30)
    labels = {k: v for k, v in _flat(away.values) if isinstance(v, str)}
    assert {k: v for k, v in _flat(low.values) if k in labels} == labels, (value, far)
    high = model.evaluate(model.phase_quantity, {control: value}, dps=70)
    for (name, a), (_, b) in zip(_flat(low.values), _flat(high.values)):
        if isinstance(a, str) or isinstance(b, str):
            assert a == b, (name, a, b)
            continue
        with mpmath.workdps(80):
            a, b = mpmath.mpf(sp.N(a, 80)) if isinstance(a, sp.Basic) else a, \
                mpmath.mpf(sp.N(b, 80)) if isinstance(b, sp.Basic) else b
            assert abs(a - b) <= mpmath.mpf(10) ** (1 - low.digits) * max(abs(b), mpmath.mpf(10) ** -300) \
                or a == b, (name, a, b)
