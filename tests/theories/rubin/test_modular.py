"""Tests of the rubin-modular theory (Rubin, Seroussi & Ringel, ICLR 2024, model B).

Independent routes: brute force on the explicit P^2-point table (NumPy and exact SymPy, P = 5 and 7),
SymPy closed forms against numerical minimisation, two working precisions, finite P against the
P -> infinity limit under the Table 1 scaling, analytic slopes against finite differences.
Reference numbers from the paper (§3.2.1) carry the paper's stated precision.
"""
import mpmath
import numpy as np
import pytest
import scipy.optimize
import sympy as sp

import efftheory
from efftheory.errors import InputError, ParameterDomainError
from efftheory.numeric import log_derivative_exponent
from efftheory.symbolic import Agreement
from efftheory.theories.rubin import modular_numeric as rmn
from efftheory.theories.rubin import modular_symbolic as rms
from efftheory.theories.rubin.modular_small_p import SmallP

MODEL = efftheory.theory("rubin-modular")


# ----------------------------------------------------------------------------- brute force, NumPy
def _table(P):
    pairs = [(n, m) for n in range(P) for m in range(P)]
    X = np.zeros((P * P, 2 * P))
    for r, (n, m) in enumerate(pairs):
        X[r, n] = X[r, P + m] = 1
    Y = np.array([[float((n + m) % P == p) - 1 / P for p in range(P)] for n, m in pairs])   # (P^2, P)
    return pairs, X, Y


def _fourier(w, P):
    idx = np.arange(P)
    E = np.exp(2j * np.pi * np.outer(idx, idx) / P) / P          # w_k = (1/P) sum_n w_n e^{2 pi i k n/P}
    return E @ w[:P], E @ w[P:]


@pytest.mark.parametrize("P", [5, 7])
def test_parseval_and_data_term_brute_force(P):
    """App. eqs. 28 and 31 on random real w, explicit table (theory note §8 C1)."""
    rng = np.random.default_rng(P)
    _, X, Y = _table(P)
    for _ in range(5):
        w = rng.normal(size=2 * P)
        wk, vk = _fourier(w, P)
        assert np.isclose(w @ w, P * np.sum(np.abs(wk)**2 + np.abs(vk)**2), rtol=1e-13)
        h2 = (X @ w)**2
        data = np.sum((Y.T @ h2)**2)
        assert np.isclose(data, 4 * P**3 * np.sum(np.abs(wk[1:])**2 * np.abs(vk[1:])**2), rtol=1e-12)
        # single-neuron Rayleigh quotient on the targets = 4 P^2 mean_k |w_k|^2|v_k|^2 (§5.8, consistent lambda)
        assert np.isclose(data / np.sum(Y**2), 4 * P**2 * np.mean(np.abs(wk[1:])**2 * np.abs(vk[1:])**2), rtol=1e-12)


@pytest.mark.parametrize("P", [5, 7])
def test_targets_in_diagonal_modes(P):
    """eq. 15: y^p = sum_{k != 0} e^{-2 pi i k p/P} phi_{k,k}."""
    pairs, _, Y = _table(P)
    recon = np.array([[sum(np.exp(-2j * np.pi * k * p / P) * np.exp(2j * np.pi * k * (n + m) / P) / P
                           for k in range(1, P)) for p in range(P)] for n, m in pairs])
    assert np.allclose(recon, Y, atol=1e-12)


def _gp_kernel(P):
    pairs, X, _ = _table(P)
    K = X @ X.T                                                   # E[h_a h_b] = delta_nn' + delta_mm'
    return pairs, np.outer(np.diag(K), np.diag(K)) + 2 * K**2      # App. eq. 21 (sigma_a^2 = 1)


@pytest.mark.parametrize("P", [5, 7])
def test_gp_kernel_symmetries_and_spectrum(P):
    """Kernel commutes with shifts, dilations, flip; three eigenvalues with the derived values (§8 C1-C2)."""
    pairs, Q = _gp_kernel(P)
    index = {pq: i for i, pq in enumerate(pairs)}

    def perm(f):
        M = np.zeros_like(Q)
        for i, (n, m) in enumerate(pairs):
            M[index[f(n, m)], i] = 1
        return M
    for f in (lambda n, m: ((n + 1) % P, (m + 2) % P), lambda n, m: ((2 * n) % P, (2 * m) % P),
              lambda n, m: (m, n)):
        M = perm(f)
        assert np.allclose(M @ Q, Q @ M)
    ev = np.sort(np.linalg.eigvalsh(Q))
    eigs = {k: float(v.subs({rms.sigma_a2: 1, rms.P: P})) for k, v in rms.spectrum_from_characters().items()}
    expected = np.sort([eigs["(0,0)"]] + [eigs["(k,0),(0,k)"]] * (2 * (P - 1)) + [eigs["(k,k')"]] * (P - 1)**2)
    assert np.allclose(ev, expected, atol=1e-9)
    assert eigs == {"(0,0)": 4 * P**2 + 4 * P + 4, "(k,0),(0,k)": 2 * P + 4, "(k,k')": 4}   # theory note §5.2 table


def test_gp_target_eigenvalue_monte_carlo():
    """Under the prior, <|w_k|^2|v_k|^2> = 1/P^2, so the consistent lambda is the GP value 4 sigma_a^2 (§8 C2)."""
    P, T = 7, 20000
    w = np.random.default_rng(1).normal(size=(T, 2 * P))
    wk, vk = _fourier(w.T, P)
    x = (np.abs(wk[1:])**2 * np.abs(vk[1:])**2).ravel() * P**2
    assert abs(x.mean() - 1) < 4 * x.std() / np.sqrt(x.size)


# ----------------------------------------------------------------------------- brute force, exact SymPy
@pytest.mark.parametrize("P", [5, 7])
def test_exact_sympy_brute_force(P):
    small = SmallP(P)
    sample = {wi: (-2, 2) for wi in small.w}
    assert Agreement(small.data_term(), small.data_term_fourier(), sample, points=1).run()[0]
    assert Agreement(small.norm2(), small.norm2_fourier(), sample, points=1).run()[0]


# ----------------------------------------------------------------------------- derivation and the paper's formulas
@pytest.mark.parametrize("normalization", ["paper", "consistent"])
def test_derivation_checks_pass(normalization):
    results = MODEL.derivation({"normalization": normalization}).check()
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_derived_formulas_equal_paper():
    alg = rms.phase_algebra()
    A, g = rms.A, rms.gamma
    # App. eq. 40
    assert sp.simplify(alg["phi_plus"] - (A + sp.sqrt(A**2 - g)) / g) == 0
    assert sp.simplify(alg["phi_minus"] - (A - sp.sqrt(A**2 - g)) / g) == 0
    # eq. 16 / Table 1: A = u a^2 with u = 2 sigma_a^2 P^2/(N sigma^4)
    step = MODEL.derivation({})["effective coupling"].result
    u = 2 * rms.sigma_a2 * rms.P**2 / (rms.N * rms.sigma2**2)
    assert sp.simplify(step.rhs - u * rms.a**2) == 0
    # theory note §5.6 closed forms (from the printed equations)
    cf = rms.closed_forms("paper")
    A_c = 2 * sp.sqrt(g / 3)
    assert sp.simplify(cf["A_c"] - A_c) == 0 and sp.simplify(cf["phi_c"] - sp.sqrt(3 / g)) == 0
    sI = sp.sqrt(2 * rms.sigma_a2 * rms.P**2 / (rms.N * A_c))
    assert sp.simplify(cf["sigma2_I"] - sI) == 0
    assert sp.simplify(cf["sigma2_II"] - (sI - 3 * rms.sigma_a2 / g)) == 0
    assert sp.simplify(cf["sigma2_sp"] - sp.sqrt(2 * rms.sigma_a2 * rms.P**2 / (rms.N * sp.sqrt(g)))) == 0
    cc = rms.closed_forms("consistent")
    assert sp.simplify(cc["sigma2_I"] - (sI - 4 * rms.sigma_a2)) == 0
    assert sp.simplify(cc["lambda_1"] - 12 * rms.P**2 * rms.sigma_a2 / g) == 0


def test_saddles_against_numerical_minimisation():
    """Minimise s(Phi) and the 2-D S_k numerically; compare with Phi_+ and the line Phi = Psi (§8 C4)."""
    g = 1e-4
    for A in (0.0105, 0.0116, 0.013):
        res = scipy.optimize.minimize_scalar(lambda x: rmn.action_on_line(A, g, x), bounds=(50, 400), method="bounded",
                                             options={"xatol": 1e-10})
        assert res.x == pytest.approx((A + np.sqrt(A * A - g)) / g, rel=1e-6)
        sk = lambda z: (z[0] + z[1]) / 2 - A * z[0] * z[1] + g / 6 * (z[0]**3 + z[1]**3)  # noqa: E731
        for start in ([150.0, 220.0], [300.0, 120.0]):
            r2 = scipy.optimize.minimize(sk, start, method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-12})
            assert r2.x[0] == pytest.approx(r2.x[1], rel=1e-5)


# ----------------------------------------------------------------------------- special points (CLI contract)
def test_solve_verified_and_paper_values():
    res = MODEL.solve(dps=40)
    assert [p.kind for p in res.points] == ["spinodal", "gmfl1_onset", "gmfl2_onset"]
    assert all(p.digits == 40 for p in res.points)
    sp_, s1, s2 = (float(res[k].values["sigma2"]) for k in ("spinodal", "gmfl1_onset", "gmfl2_onset"))
    assert sp_ > s1 > s2
    assert abs(s2 / 0.175 - 1) < 0.01                 # paper §3.2.1, stated to 3 digits; Done-when: 1 %
    assert 0 < s1 / 0.227 - 1 < 0.05                  # known discrepancy, theory note §7 item 8 / §8 D2
    assert abs(float(res["gmfl2_onset"].values["a"]) / 0.7 - 1) < 0.10   # paper "-1 -> -0.7"
    with mpmath.workdps(45):
        for p in res.points:                          # u a^2 = A at each point
            v = p.values
            assert mpmath.almosteq(v["u"] * v["a"]**2, v["A"], rel_eps=mpmath.mpf(10)**-38)
    J = res.to_json()
    assert set(J["points"][0]["values"]) >= {"sigma2", "u", "a"}


def test_gmfl1_onset_by_bisection_of_the_degeneracy():
    """Independent route: bisect sigma^2 on s(Phi_+(u(sigma^2))) = 0 at |a| = 1 in float64-free mpmath."""
    params = MODEL.resolve({})
    with mpmath.workdps(30):
        g = mpmath.mpf(1) / 10**4

        def height(s2):
            A = 2 * mpmath.mpf(2) / 10**6 * 401**2 / (1000 * s2**2)
            phi = (A + mpmath.sqrt(A * A - g)) / g
            return phi - A * phi**2 + g * phi**3 / 3        # the undivided cubic, not the simplified form
        root = mpmath.findroot(height, (mpmath.mpf("0.2"), mpmath.mpf("0.25")), solver="anderson")
        pt = dict(rmn.special_points(params, 30))["gmfl1_onset"]
        assert mpmath.almosteq(root, pt["sigma2"], rel_eps=mpmath.mpf(10)**-25)


def test_consistent_normalization():
    res = MODEL.solve({"normalization": "consistent"}, dps=20)
    assert [p.kind for p in res.points] == ["spinodal", "gmfl1_onset"]   # GMFL-II never reached (§8 C6)
    # GP limit: no nonzero saddle at sigma^2 = 1 -> |a| = sigma^2/(sigma^2 + 4 sigma_a^2)
    v = MODEL.evaluate("a", {"sigma2": "1", "normalization": "consistent"}, dps=30).values["a"]
    with mpmath.workdps(30):
        assert mpmath.almosteq(v, 1 / (1 + 4 * mpmath.mpf(2) / 10**6), rel_eps=mpmath.mpf(10)**-28)
    # the occupation stays tiny inside GMFL-I
    r = MODEL.evaluate("a_limit", {"sigma2": "0.2", "normalization": "consistent"}, dps=20).values
    assert r["phase"] == "GMFL-I" and 0 < r["rho"] < 1e-5


# ----------------------------------------------------------------------------- finite P
def test_a_any_precision():
    lo = MODEL.evaluate("a", {"sigma2": "0.2"}, dps=15).values["a"]
    hi = MODEL.evaluate("a", {"sigma2": "0.2"}, dps=80)
    assert hi.digits == 80
    assert mpmath.almosteq(lo, hi.values["a"], rel_eps=mpmath.mpf(10)**-14)
    assert MODEL.evaluate("a", {"sigma2": "0.3"}, dps=30).values["a"] == 1     # GFL, paper normalisation


def test_finite_p_float64_twin():
    """The same self-consistency in float64 with the undivided cubic s(Phi), solved by brentq."""
    P, N, sa2, g = 401, 1000, 2e-6, 1e-4
    for s2 in (0.23, 0.2, 0.18, 0.15):
        def f(a):
            A = 2 * sa2 * P**2 / (N * s2**2) * a * a
            if A < np.sqrt(g):
                return a * s2 - s2
            phi = (A + np.sqrt(A * A - g)) / g
            s = phi - A * phi**2 + g * phi**3 / 3
            rho = 1 / (1 + np.exp(min(P * s, 700.0)) / 4)
            return a * (sa2 * phi**2 * rho + s2) - s2
        ref = scipy.optimize.brentq(f, 1e-6, 1, xtol=1e-15)
        got = float(MODEL.evaluate("a", {"sigma2": str(s2)}, dps=20).values["a"])
        assert got == pytest.approx(ref, rel=1e-7)        # float64 cancellation in s(Phi_+) ~ 1e-9


def test_finite_p_follows_the_closed_form_onsets():
    """At P = 401 the finite-P |a| starts to drop where the closed form puts sigma_I^2 = 0.23602 (so finite-P
    smoothing does not explain the stated 0.227, theory note §7 item 8) and meets |a_II| = sigma_II^2/sigma_I^2
    at sigma_II^2 (what the former scripts derivations/rubin_modular_gmfl1.py and _a_drop.py printed)."""
    res = MODEL.solve(dps=20)
    s2 = res["gmfl2_onset"].values["sigma2"]
    fin = MODEL.evaluate("a", {"sigma2": sp.Rational(mpmath.nstr(s2, 12))}, dps=20).values["a"]
    assert abs(fin - res["gmfl2_onset"].values["a"]) < 1e-3          # 1.8e-5 at P = 401
    drop_236 = 1 - MODEL.evaluate("a", {"sigma2": "0.236"}, dps=20).values["a"]
    drop_227 = 1 - MODEL.evaluate("a", {"sigma2": "0.227"}, dps=20).values["a"]
    assert 0 < drop_236 < 1e-3                                       # 9.7e-5: just below sigma_I^2
    assert 0.03 < drop_227 < 0.05                                    # 0.038: well inside GMFL-I


def test_finite_p_converges_to_limit_under_table1_scaling():
    """P -> sqrt(beta) P, N -> beta^2 N, sigma_a^2 -> sigma_a^2/beta, sigma^2 -> sigma^2/beta (§8 C5)."""
    errs = []
    for Pn in (101, 401, 1601):
        beta = sp.Rational(Pn, 401)**2
        given = {"P": Pn, "N": 1000 * beta**2, "sigma_a2": sp.Rational(2, 10**6) / beta}
        for s2 in (sp.Rational(233, 1000), sp.Rational(178, 1000)):
            params = {**MODEL.resolve({}), **given, "sigma2": s2 / beta}
            fin = rmn.discrepancy(params, 20)
            lim = rmn.discrepancy_limit(params, 20)
            errs.append((Pn, float(abs(fin["a"] - lim["a"]))))
            if lim["phase"] == "GMFL-I":                # |a| sigma_I^2/sigma^2 -> 1 and rho follows the closed form
                assert abs(float(fin["rho"] - lim["rho"])) < 20 / Pn
    by_p = {}
    for Pn, e in errs:
        by_p[Pn] = max(by_p.get(Pn, 0), e)
    assert by_p[101] > by_p[401] > by_p[1601]
    assert by_p[1601] < 1e-3


# ----------------------------------------------------------------------------- kinks and exponents
def test_kink_slopes_against_finite_differences():
    k = MODEL.evaluate("kinks", {}, dps=30).values
    params = MODEL.resolve({})
    with mpmath.workdps(30):
        sII = k["sigma2_II"]

        def branch(s2):
            return rmn._gmfl2_branch(params, s2, 30)
        d = mpmath.diff(branch, sII - mpmath.mpf(10)**-6, h=mpmath.mpf(10)**-8)
        assert mpmath.almosteq(d, k["da_II_gmfl2"], rel_eps=mpmath.mpf(10)**-4)
        assert k["da_II_gmfl2"] < k["da_II_gmfl1"]      # a genuine kink: the slope drops at sigma_II^2
        est, rat, _ = log_derivative_exponent(lambda c, w: rmn._gmfl2_branch(params, c, w), m0=sII / k["sigma2_I"],
                                              c0=sII, dps=30, h0=mpmath.mpf(10)**-3, levels=6, sign=-1)
        assert rat == 1 and abs(est - 1) < 1e-6


# ----------------------------------------------------------------------------- errors, claims, figures
def test_input_errors():
    with pytest.raises(ParameterDomainError, match="prime"):
        MODEL.evaluate("a", {"sigma2": "0.2", "P": "400"}, dps=15)
    with pytest.raises(ParameterDomainError, match="normalization"):
        MODEL.resolve({"normalization": "weird"})
    with pytest.raises(InputError, match="sigma2"):
        MODEL.evaluate("a", {}, dps=15)


def test_claims():
    for claim in MODEL.claims():
        result = claim.check(dps=20)
        assert result.passed, (claim.id, result.status, result.detail)


def test_figures_quick(tmp_path):
    paths = MODEL.figures(tmp_path, True)
    assert len(paths) == 3 and all(p.exists() and p.stat().st_size > 10000 for p in paths)
