"""``liu-addition``: the registered model of the addition toy of Liu et al. (2022) -- its quantities.

Each quantity turns the exact or Monte-Carlo numbers of :mod:`.addition_numeric` and
:mod:`.combinatorics` into the mpf values (and exact rationals) the CLI reports.
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import sympy as sp

from ...errors import ParameterDomainError
from ...numeric import to_mpf
from ...numeric.montecarlo import proportion
from ..base import Model, MonteCarlo, Quantity
from . import combinatorics as comb
from . import determination as det
from .addition_numeric import EXACT_MAX_P, critical_fraction, grokking_rate, monte_carlo_curve
from .addition_symbolic import PARAMETERS, build_theory, derivation
from .phases import DEFAULT_N, classify, toy_run
from .representation import predicted_accuracy, rqi

__all__ = ["MODEL"]


def _check_n(params):
    p, n = int(params["p"]), params.get("n")
    if n is None:
        return None
    N0 = p * (p + 1) // 2
    if not 0 <= int(n) <= N0:
        raise ParameterDomainError(f"parameter 'n' = {n} is outside 0..{N0} (= |D0| = p(p+1)/2 for p = {p})")
    return int(n)


def _rational(f: Fraction) -> sp.Rational:
    return sp.Rational(f.numerator, f.denominator)


def _parallelogram_count_exact(params):
    p = int(params["p"])
    n = _check_n(params)
    out = {"parallelogram_count": sp.Integer(len(comb.parallelograms(p))),
           "sample_count": sp.Integer(len(comb.samples(p)))}
    if n is not None:
        out["expected_training_parallelograms"] = _rational(comb.expected_training_parallelograms(p, n))
    return out


def _parallelogram_count(params, dps):
    return {k: to_mpf(v, dps) for k, v in _parallelogram_count_exact(params).items()}


#: Monte-Carlo work limit: the exact-rank elimination costs ~ p^3 per trial (measured: 10^4 trials at
#: p = 25 in 10 s, 10^5 at p = 10 in 4 s), so trials * p^3 <= 8e8 runs in under a minute.
MC_MAX_WORK = 8 * 10**8


def _check_trials(p, trials):
    if p > EXACT_MAX_P and trials * p**3 > MC_MAX_WORK:
        raise ParameterDomainError(f"--trials {trials} at p = {p} is beyond a minute's work: trials * p^3 must be at "
                                   f"most {MC_MAX_WORK:.0e} (here at most {MC_MAX_WORK // p**3} trials)")


def _determined_probability(params, dps, *, seed, trials):
    p, n = int(params["p"]), _check_n(params)
    _check_trials(p, trials)
    with mpmath.workdps(dps):
        if p <= EXACT_MAX_P:
            P = det.determining_probabilities(p)[n]
            v = mpmath.mpf(P.numerator) / P.denominator
            c = det.determining_counts(p)[n]
            return MonteCarlo({"determined_probability": v, "determining_sets": mpmath.mpf(c),
                               "training_sets": mpmath.mpf(math.comb(len(comb.samples(p)), n))},
                              {"determined_probability": mpmath.mpf(0)}, exact=True)
        k = int(monte_carlo_curve(p, trials=trials, seed=seed)[n])
        v, se, ci = proportion(k, trials)
        return MonteCarlo({"determined_probability": mpmath.mpf(v)}, {"determined_probability": mpmath.mpf(se)},
                          {"determined_probability": ci})


def _determined_probability_exact(params):
    p, n = int(params["p"]), _check_n(params)
    if p > EXACT_MAX_P or n is None:
        return {}
    return {"determined_probability": _rational(det.determining_probabilities(p)[n])}


def _critical_fraction(params, dps, *, seed, trials):
    p = int(params["p"])
    _check_trials(p, trials)
    N0 = len(comb.samples(p))
    r, n_star, sigma = critical_fraction(p, trials=trials, seed=seed)
    with mpmath.workdps(dps):
        rv = to_mpf(r, dps) if isinstance(r, Fraction) else mpmath.mpf(r)
        sv = mpmath.mpf(sigma)
        return MonteCarlo({"critical_fraction": rv, "critical_size": rv * N0, "n_below": int(n_star)},
                          {"critical_fraction": sv, "critical_size": sv * N0}, exact=isinstance(r, Fraction))


def _critical_fraction_exact(params):
    p = int(params["p"])
    if p > EXACT_MAX_P:
        return {}
    N0 = len(comb.samples(p))
    r, _, _ = det.critical_fraction_from_curve(det.determining_probabilities(p), N0)
    return {"critical_fraction": _rational(r), "critical_size": _rational(r) * N0}


def _grokking_rate(params, dps, *, seed):
    """lambda3 of the training set of size n drawn with ``seed`` (authors' draw, theory note §12.1)."""
    p, n = int(params["p"]), _check_n(params)
    D = det.authors_training_set(p, n, seed)
    values = grokking_rate(params, D, dps)
    values["ideal_accuracy"] = to_mpf(comb.ideal_accuracy(p, D), dps)
    return values


def _steps_value(t):
    """A threshold step as an integer, or the label ``not reached``."""
    return "not reached" if t is None else int(t)


def _rqi(params, dps, *, seed):
    """RQI of the toy model trained on the authors' draw of size n (seed), after T steps (Eq. 3)."""
    p, n = int(params["p"]), _check_n(params)
    run = toy_run(params, seed)
    D = run.train_set
    with mpmath.workdps(dps):
        return {"rqi": to_mpf(rqi(run.embeddings, tol=float(params["tol"])), dps),
                "ideal_rqi": to_mpf(comb.ideal_rqi(p, D), dps),
                "rqi_step": _steps_value(run.first_rqi_step), "dof": int(comb.nullity(p, D)), "n": int(n)}


def _ahat(params, dps, *, seed):
    """A-hat = |D-bar(P(R))| / |D0| of the trained representation, beside Acc and A-bar (App. D)."""
    p = int(params["p"])
    _check_n(params)
    run = toy_run(params, seed)
    D = run.train_set
    ahat = predicted_accuracy(run.embeddings, D, tol=float(params["tol"]))
    N0 = len(comb.samples(p))
    correct = round(run.accuracy[-1] * N0)
    return {"ahat": to_mpf(ahat, dps), "accuracy": to_mpf(Fraction(correct, N0), dps),
            "ideal_accuracy": to_mpf(comb.ideal_accuracy(p, D), dps),
            "train_accuracy": to_mpf(Fraction(round(run.train_accuracy[-1] * len(D)), len(D)), dps)}


def _learning_phase(params, dps, *, seed):
    """The phase (Table 1) of the toy run at (decoder_lr, weight_decay, eta) within T = steps."""
    _check_n(params)
    run = toy_run(params, seed, stop="generalised")
    phase = classify(run.first_train_step, run.first_test_step, gap=int(params["gap"]),
                     rule=params["phase_rule"])
    return {"phase": phase, "steps_to_train": _steps_value(run.first_train_step),
            "steps_to_test": _steps_value(run.first_test_step), "budget": int(params["steps"]),
            "n": DEFAULT_N if params.get("n") is None else int(params["n"])}


MODEL = Model(
    name="liu-addition",
    description="parallelogram combinatorics, critical fraction, Lagrangian effective theory and toy model (RQI, "
                "A-hat, learning phases) of the addition toy; the authors' code's lambda3: summation=all "
                "normalization=code",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    quantities=(
        Quantity("parallelogram_count", "|P0| (and |D0|; with n: the exact E|P0(D)|)", _parallelogram_count,
                 exact=_parallelogram_count_exact),
        Quantity("determined_probability", "P[dim ker A_D = 2] for a uniform training set of size n: "
                 f"exact enumeration for p <= {EXACT_MAX_P}, Monte Carlo with exact ranks otherwise",
                 _determined_probability, requires=("n",), randomized=True, exact=_determined_probability_exact),
        Quantity("critical_fraction", "r_c: the 50 % point of the determination curve (exact for p <= 7, "
                 "Monte Carlo with delta-method uncertainty otherwise)", _critical_fraction, randomized=True,
                 exact=_critical_fraction_exact, default_trials=20_000),
        Quantity("grokking_rate", "lambda3 = 2 w mu3/(N_D Z0) and n_h = 1/(eta lambda3) of the training set of "
                 "size n drawn with --seed (authors' draw)", _grokking_rate, requires=("n",), seeded=True,
                 max_dps=1000),                          # Jacobi eigsy: ~7 s at 1000 digits (p = 25), > 25 s at 10^4
        Quantity("rqi", "RQI = |P(R)|/|P0| (Eq. 3) of the toy model trained T = steps steps on the training set "
                 "of size n drawn with --seed; with the ideal RQI |P(D)|/|P0| and the first step with RQI > 0.95",
                 _rqi, requires=("n",), seeded=True, max_dps=1000),
        Quantity("ahat", "A-hat = |D-bar(P(R))|/|D0| (App. D) of the same trained toy model, beside its accuracy "
                 "Acc on D0 and the ideal A-bar of the training set", _ahat, requires=("n",), seeded=True,
                 max_dps=1000),
        Quantity("learning_phase", "the learning phase (Table 1: comprehension, grokking, memorisation, confusion) "
                 "of the toy model at decoder_lr, weight_decay, eta within T = steps (n = 45 unless given), "
                 "with the steps to 90 % train and test accuracy", _learning_phase, seeded=True, max_dps=1000),
    ),
    phase_quantity="learning_phase",
)
