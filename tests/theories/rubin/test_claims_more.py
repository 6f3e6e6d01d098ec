"""Issue 16 part B: App. D's critical width, the sigma^2-grid reading of model B's onsets, and the routes
behind the further Rubin claims."""
import mpmath
import pytest
import sympy as sp

from efftheory.theories.rubin.claims_cubic import APP_D
from efftheory.theories.rubin.claims_modular import GRID, grid_reading, grid_search
from efftheory.theories.rubin.cubic import MODEL as CUBIC
from efftheory.theories.rubin.modular import MODEL as MODULAR


def test_critical_width_is_u_c_at_the_app_d_kappa():
    # App. D (eq. 44): kappa = n sigma_a^2/(d sigma^2) = 600 * 0.011/(150 * 0.05) = 22/25 exactly, u N = 10560
    res = CUBIC.evaluate("critical_width", APP_D, dps=20)
    v = res.values
    with mpmath.workdps(30):
        assert res.digits == 20 and abs(v["kappa"] - mpmath.mpf(22) / 25) < mpmath.mpf(10) ** -19
        assert v["u_times_N"] == 10560
    uc = CUBIC.evaluate("u_c", {"kappa": "22/25", "eps": "-6/5"}, dps=20).values["u_c"]
    assert abs(v["N_c"] * uc - 10560) < mpmath.mpf(10) ** -14
    assert 1400 < v["N_c"] < 2800                                   # App. D: 2800 "before", 1400 "after"


def test_grid_reading_in_exact_arithmetic():
    params = MODULAR.resolve({})
    read = grid_reading(params, GRID)
    assert read == {"sigma2_I": sp.Rational(109, 480), "sigma2_II": sp.Rational(7, 40)}
    near = grid_reading(params, GRID, "nearest")                     # the nearest-point rule reads other values
    assert near == {"sigma2_I": sp.Rational(19, 80), "sigma2_II": sp.Rational(7, 40)}   # 0.2375 above the onset
    # one point more on the same interval no longer gives 0.227
    other = grid_reading(params, (sp.Rational(1, 20), sp.Rational(3, 10), 26))
    assert round(float(other["sigma2_I"]), 3) != 0.227


def test_grid_search_finds_only_the_stated_grid():
    params = MODULAR.resolve({})
    hits, total = grid_search(params)
    assert total == 9552 and hits == [GRID]
    assert grid_search(params, "nearest")[0] == []
    # another gamma moves both onsets: then no grid of the family reproduces the printed pair
    assert grid_search(MODULAR.resolve({"gamma": "2/10000"}))[0] == []


def test_w6_identity_and_its_limits():
    from efftheory.theories.rubin.claims_modular import w6_single_mode
    # one Fourier pair: sum_n w_n^6 = 20 P Phi^3 (mean of cos^6 = 5/16), any prime P > 3, any phase
    assert abs(w6_single_mode(13, (3,), (0.9,), (2.0,)) / 0.9**6 - 20) < 1e-9
    # P = 3: cos(6 x) no longer averages out, the identity fails (the brute force can tell)
    assert abs(w6_single_mode(3, (1,), (1.0,), (0.0,)) - 20) > 1


@pytest.mark.slow
def test_full_mode_claims_of_part_b():
    # the claims that reproduce --quick skips: finite-d sharpening and the derivation-step claims
    from efftheory.theories.rubin.claims_cubic import more_cubic_claims
    from efftheory.theories.rubin.claims_steps import step_claims_cubic, step_claims_modular
    for claim in more_cubic_claims() + step_claims_cubic() + step_claims_modular():
        if not claim.quick:
            result = claim.check(dps=15)
            assert result.passed, (claim.id, result.detail, result.details)


def test_symbolic_claims_serialise():
    # a SymPy expression in a claim's details once broke reproduce (format_value needs a number): strings now
    import json
    from efftheory.theories.rubin.claims_cubic import more_cubic_claims
    from efftheory.theories.rubin.claims_modular import more_modular_claims
    from efftheory.theories.rubin.claims_steps import step_claims_cubic, step_claims_modular
    wanted = {"rubin-cubic/eq6-noise", "rubin-cubic/app-a1-form", "rubin-modular/scaling-invariance",
              "rubin-modular/eq38-sign", "rubin-modular/eq39-coefficient", "rubin-modular/w6-decay"}
    claims = [c for c in more_cubic_claims() + more_modular_claims() + step_claims_cubic() + step_claims_modular()
              if c.id in wanted]
    assert len(claims) == len(wanted)
    for claim in claims:
        result = claim.check(dps=15)
        assert result.passed, claim.id
        json.dumps(result.to_json())
