r"""The four learning phases of Liu et al. (2022), §4 and Table 1 (App. A), and seeded toy runs.

A run of the toy model (:mod:`.toy`) with a budget of T steps has ``t_train`` and ``t_test``,
the first steps at which train and test accuracy reach 90 % (None: not at any step
0, ..., T-1; the authors' loop evaluates the accuracy before each of its T updates and
stores "never" as T-1).  The phase (Table 1; theory note §10.2, §13 item 9):

=================  ============================================================
comprehension      both reached and ``t_test - t_train <= gap`` (gap 10^3;
                   ``t_test < t_train`` included)
grokking           both reached and ``t_test - t_train > gap``
memorisation       train reached, test not
confusion          neither reached
test-only          test reached, train not (no row of Table 1; ``phase_rule=code``:
                   comprehension, as the authors' notebooks default unmatched cases)
=================  ============================================================

The paper's only strict/non-strict ambiguity is a gap of exactly 10^3: the notebooks
match neither rule and call it comprehension, and so does this module under both rules.

References
----------
Liu et al. 2022, §4.1, Table 1 (App. A), Figs. 6-7; the authors' notebooks
``phase_diagram_plot/simple_phase_diagram.ipynb`` and ``toy/Figure5.ipynb``.
"""
from __future__ import annotations

from functools import lru_cache

from ...errors import InputError, ParameterDomainError
from . import combinatorics as comb
from . import determination as det
from .toy import ToyRun, train_toy

__all__ = ["PHASES", "classify", "toy_run", "toy_settings", "check_toy_work", "TOY_MAX_WORK", "DEFAULT_N"]

PHASES = ("comprehension", "grokking", "memorisation", "confusion")
"""The four phases of Table 1, in the order of the paper's colour bar."""

FIFTH = "test-only"
"""The label of a run whose test accuracy reached 90 % but whose train accuracy did not."""

DEFAULT_N = 45
"""The authors' training-set size (``train_num`` in ``toy/train_add.py``) when ``n`` is not given."""

#: Work limit of one toy run: steps * width^2 * |D0| (measured ~0.9 ms per step at width 200, p = 10,
#: |D0| = 55 on one core), so the limit is about 20 000 steps at the authors' width: ~20 s.
TOY_MAX_WORK = 20_000 * 200**2 * 55


def classify(t_train: int | None, t_test: int | None, *, gap: int = 1000, rule: str = "paper") -> str:
    """The phase of a run from its threshold steps (None = not reached within the budget)."""
    if rule not in ("paper", "code"):
        raise InputError(f"phase_rule = {rule!r} must be 'paper' or 'code'")
    if t_train is not None and t_test is not None:
        return "grokking" if t_test - t_train > gap else "comprehension"
    if t_train is not None:
        return "memorisation"
    if t_test is None:
        return "confusion"
    return FIFTH if rule == "paper" else "comprehension"


def toy_settings(params) -> dict:
    """The toy-model keyword arguments of ``params`` (exact rationals -> floats for NumPy)."""
    return {"eta_repr": float(params["eta"]), "eta_dec": float(params["decoder_lr"]),
            "weight_decay_dec": float(params["weight_decay"]), "width": int(params["width"]),
            "loss": "mse" if params["loss"] == "regression" else "ce", "d": int(params["d"])}


def check_toy_work(params) -> None:
    """ParameterDomainError when one run would take more than about half a minute."""
    p, steps, width = int(params["p"]), int(params["steps"]), int(params["width"])
    N0 = len(comb.samples(p))
    if steps * width**2 * N0 > TOY_MAX_WORK:
        most = TOY_MAX_WORK // (width**2 * N0)
        raise ParameterDomainError(f"steps = {steps} at width = {width}, p = {p} is beyond half a minute's work: "
                                   f"steps * width^2 * |D0| must be at most {TOY_MAX_WORK:.1e} (here steps <= {most})")


def toy_run(params, seed: int, *, stop: str | None = None) -> ToyRun:
    """The seeded toy run of ``params`` (authors' training-set draw of size n with ``seed``), cached.

    ``stop="generalised"`` is the phase run: evaluations at steps 0..T-1 (T - 1 updates),
    stopped once both thresholds are reached; otherwise the run makes T updates and the final
    representation is that after the T-th.
    """
    p = int(params["p"])
    n = DEFAULT_N if params.get("n") is None else int(params["n"])
    N0 = len(comb.samples(p))
    if not 1 <= n <= N0:
        raise ParameterDomainError(f"parameter 'n' = {n} is outside 1..{N0} (a training set of the toy model)")
    check_toy_work(params)
    settings = tuple(sorted(toy_settings(params).items()))
    steps = int(params["steps"]) - (1 if stop == "generalised" else 0)
    return _run(p, n, int(seed), steps, settings, stop, float(params["tol"]))


@lru_cache(maxsize=32)
def _run(p, n, seed, steps, settings, stop, tol) -> ToyRun:
    D = det.authors_training_set(p, n, seed)
    return train_toy(p, D, steps=steps, seed=seed, log_every=10, stop=stop, rqi_tol=tol, **dict(settings))
