"""rubin-cubic's special points certified by the Krawczyk test in Arb (issue 11: with a 53-bit pi
in the ball kernels rubin-cubic never certified); each ball holds the verified solve digits."""
import mpmath
import pytest

import efftheory
from efftheory.theories.rubin import cubic_numeric as cn

flint = pytest.importorskip("flint", reason="python-flint is in the 'test' and 'certify' extras")
from efftheory.numeric.certify import certify_root  # noqa: E402


def test_first_order_point_and_spinodal_are_certified():
    model = efftheory.theory("rubin-cubic")
    params = model.resolve({})
    problem, values = cn.problem(cn.variant(params), cn.window(params)), cn.micro_values(params)
    solved = {p.kind: p for p in model.solve(dps=40).points}
    for kind, x0 in cn._seeds(cn.cache_key(params)):
        system = problem._system(kind)
        with mpmath.workdps(60):
            x = system.polish(system.seed(x0, {p: values[p] for p in problem.params}), values, dps=60)
        balls = certify_root(system, x, values, dps=60)
        assert all(b.rad() < flint.arb(10) ** -19 for b in balls)
        with flint.ctx.workprec(250):
            sigma2 = flint.arb(mpmath.nstr(solved[kind].values["sigma2"], 40))
            assert abs(balls[0] - sigma2) < flint.arb(10) ** -38
