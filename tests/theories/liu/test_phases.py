"""The four learning phases (Table 1), the toy model's backward pass and optimiser, and the
toy-backed quantities rqi, ahat and learning_phase."""
import numpy as np
import pytest

from efftheory.errors import ParameterDomainError
from efftheory.theories.liu import combinatorics as comb
from efftheory.theories.liu import determination as det
from efftheory.theories.liu import toy
from efftheory.theories import get
from efftheory.theories.liu.phases import classify

MODEL = get("liu-addition")


@pytest.mark.parametrize("t_train, t_test, rule, expected", [
    (100, 200, "paper", "comprehension"),
    (100, 1100, "paper", "comprehension"),        # a gap of exactly 10^3: the notebooks' comprehension
    (100, 1101, "paper", "grokking"),
    (500, 100, "paper", "comprehension"),         # test before train
    (100, None, "paper", "memorisation"),
    (None, None, "paper", "confusion"),
    (None, 300, "paper", "test-only"),
    (None, 300, "code", "comprehension"),         # unmatched -> comprehension (authors' notebooks)
    (100, 1101, "code", "grokking"),
])
def test_phase_rule_edge_cases(t_train, t_test, rule, expected):
    assert classify(t_train, t_test, rule=rule) == expected


def test_gap_option_of_the_repos_lr_diagram():
    assert classify(0, 1500) == "grokking" and classify(0, 1500, gap=2000) == "comprehension"


@pytest.mark.parametrize("loss", ["mse", "ce"])
def test_backward_pass_matches_finite_differences(loss):
    """Decoder.backward + output_gradient (the code train_toy runs) against central differences."""
    rng = np.random.default_rng(0)
    d_out = 3 if loss == "mse" else 7
    dec = toy.Decoder(rng, 2, 5, d_out)
    h0 = rng.normal(size=(6, 2))
    Y = rng.normal(size=(7, d_out))
    rows = np.array([0, 3, 6, 2, 2, 5])

    def value(h):
        return toy.output_gradient(dec.forward(h)[2], rows, Y, loss)[1]

    a1, a2, out = dec.forward(h0)
    g_out, _ = toy.output_gradient(out, rows, Y, loss)
    g_h0 = dec.backward(h0, a1, a2, g_out)
    num = np.zeros_like(h0)
    for idx in np.ndindex(*h0.shape):
        e = np.zeros_like(h0)
        e[idx] = 1e-6
        num[idx] = (value(h0 + e) - value(h0 - e)) / 2e-6
    assert np.allclose(g_h0, num, rtol=1e-6, atol=1e-10)
    k = 7                                                # one decoder weight through the flat buffer
    theta0 = dec.theta[k]
    f = []
    for s in (1e-6, -1e-6):
        dec.theta[k] = theta0 + s
        f.append(value(h0))
    dec.theta[k] = theta0
    assert abs(dec.grad[k] - (f[0] - f[1]) / 2e-6) < 1e-7


def test_adamw_first_steps_closed_form():
    """AdamW from m = v = 0: after one step x1 = x0 (1 - lr wd) - lr g / (|g| + eps) (bias-corrected),
    and after two steps with the same g the bias-corrected moments are still g and g^2."""
    x = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, -1e-3, 2.0])
    opt = toy._Adam(x, 0.01, weight_decay=0.5)
    opt.step(g)
    x1 = np.array([1.0, -2.0, 0.5]) * (1 - 0.01 * 0.5) - 0.01 * g / (np.abs(g) + 1e-8)
    assert np.allclose(x, x1, rtol=0, atol=1e-15)
    opt.step(g)
    assert np.allclose(x, x1 * (1 - 0.005) - 0.01 * g / (np.abs(g) + 1e-8), rtol=0, atol=1e-14)


def test_threshold_steps_match_the_per_step_history():
    """first_train_step from the running check equals the first logged step >= 0.9 (log_every = 1)."""
    D = det.authors_training_set(6, 15, 2)
    run = toy.train_toy(6, D, steps=400, seed=4, width=24, eta_repr=1e-2, eta_dec=3e-3, log_every=1)
    hist = [s for s, a in zip(run.steps, run.train_accuracy) if a >= 0.9]
    assert run.first_train_step == (hist[0] if hist else None)
    stopped = toy.train_toy(6, D, steps=400, seed=4, width=24, eta_repr=1e-2, eta_dec=3e-3, stop="generalised")
    assert (stopped.first_train_step, stopped.first_test_step) == (run.first_train_step, run.first_test_step)
    if run.first_test_step is not None:
        assert stopped.steps_run == max(run.first_train_step, run.first_test_step) < 400


def test_toy_quantities():
    base = {"p": "6", "n": "15", "width": "24", "steps": "300", "eta": "1/100", "decoder_lr": "3/1000"}
    r = MODEL.evaluate("rqi", base, seed=2, dps=15)
    D = det.authors_training_set(6, 15, 2)
    assert 0 <= r.values["rqi"] <= 1 and r.values["dof"] == comb.nullity(6, D)
    assert abs(r.values["ideal_rqi"] - float(comb.ideal_rqi(6, D))) < 1e-14
    a = MODEL.evaluate("ahat", base, seed=2, dps=15)
    assert abs(a.values["ideal_accuracy"] - float(comb.ideal_accuracy(6, D))) < 1e-14
    ph = MODEL.evaluate("learning_phase", base, seed=2, dps=15)
    steps = [None if ph.values[k] == "not reached" else int(ph.values[k]) for k in ("steps_to_train", "steps_to_test")]
    assert ph.values["phase"] == classify(*steps)
    with pytest.raises(ParameterDomainError, match="half a minute"):
        MODEL.evaluate("learning_phase", {"steps": "100000"}, seed=0)


def test_spearman_against_scipy():
    from scipy.stats import spearmanr

    from efftheory.theories.liu.experiments import spearman
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=30), rng.integers(0, 5, 30).astype(float)     # ties in y
    y[[2, 7]] = np.inf                                                     # censored runs, ranked slowest
    assert abs(spearman(x, y) - spearmanr(x, y).statistic) < 1e-12


def test_rqi_sweep_rows_agree_with_the_theory():
    """Each sweep row's theory columns equal the combinatorics of the same training set; a run that
    reaches RQI > 0.95 stopped there."""
    from efftheory.theories.liu.experiments import rqi_sweep
    rows = rqi_sweep(p=6, sizes=(6, 19), seeds=(1,), budget=300)
    for r in rows:
        D = det.authors_training_set(6, r["n"], 1)
        assert r["dof"] == comb.nullity(6, D) and r["ideal_rqi"] == float(comb.ideal_rqi(6, D))
        assert (r["n_h_code"] is None) == (r["dof"] > 2)
        if r["rqi_step"] is not None:
            assert r["steps_run"] == r["rqi_step"] and r["rqi"] > 0.95


def test_stored_phase_diagram_recomputes_and_has_the_papers_layout():
    """The stored diagram (phase_data.py, made by the diagram engine): the cheapest stored cell equals
    eval's answer now, and the layout is the paper's (memorisation / confusion for a fast decoder)."""
    from efftheory.theories.liu.phase_data import ADDITION_REGRESSION
    rows = ADDITION_REGRESSION["rows"]
    assert len(rows) == 36 and all(r["phase"] in PHASE_LABELS for r in rows)
    r = next(c for c in MODEL.claims() if c.id == "liu-addition/phases").check()
    assert r.passed and r.details["stored_cell_recomputed_equal"]
    ce = next(c for c in MODEL.claims() if c.id == "liu-addition/phases-classification").check()
    assert ce.passed and ce.value == 4 and ce.details["stored_cell_recomputed_equal"]
    lr = next(c for c in MODEL.claims() if c.id == "liu-addition/phases-lr").check()
    assert lr.passed and lr.details["stored_cell_recomputed_equal"]


PHASE_LABELS = ("comprehension", "grokking", "memorisation", "confusion", "test-only")


def test_a_diverging_run_is_a_computation_error():
    """eta = 1e300 overflows float32 at once: exit 3 (ComputationError), no warnings, no garbage label."""
    import warnings

    from efftheory.errors import ComputationError
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ComputationError, match="diverged"):
            MODEL.evaluate("learning_phase", {"eta": "1e300", "steps": "50", "width": "8"}, seed=0)
